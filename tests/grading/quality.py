"""Grader-quality harness: the lesson's own test cells must fail real mistakes and pass other correct answers.

A lesson declares its cases in tests/grading/cases_<lesson>.py (plain data: Exercise and Mistake). The harness
runs the source notebook's code cells in order in one namespace (in-process, for speed), keeps a snapshot of the
namespace before each exercise's answer cell, and for each case replaces the answer with the case's source and runs
the cells up to the exercise's last test cell. The verdicts are those nbgrader would give: a test cell fails when
it raises or writes to stderr (a warning reaching stderr counts). numpy's global generator restarts from one seed
for every case, so a case that draws from it (a mistake, or a test cell) gets the same numbers in every run.
"""
import ast
import contextlib
import io
import json
import re
import warnings
from dataclasses import dataclass, field
from pathlib import Path

import matplotlib
import numpy as np

from tests.notebooks.lessons import source_of

ROOT = Path(__file__).resolve().parents[2]
GLOBAL_SEED = 20261207  # numpy's global generator at the start of every case


@dataclass
class Mistake:
    """A wrong answer a student would really write, and a substring the failure message must contain."""

    description: str
    source: str
    hint: str


@dataclass
class Exercise:
    answer: str  # grade_id of the answer cell
    tests: list  # grade_ids of its test cells (visible and hidden)
    mistakes: list = field(default_factory=list)
    alternatives: list = field(default_factory=list)  # sources of other correct answers


@dataclass
class Verdict:
    grade_id: str
    passed: bool
    message: str = ""


def _code(cell):
    """Cell source as plain Python: IPython magics and shell escapes are dropped."""
    return "\n".join(line for line in source_of(cell).splitlines() if not line.lstrip().startswith(("%", "!")))


def _defined_names(source):
    """Names a cell defines at its top level: functions, classes, assigned variables."""
    names = []
    for node in ast.parse(source).body:
        if isinstance(node, (ast.FunctionDef, ast.ClassDef)):
            names.append(node.name)
        elif isinstance(node, ast.Assign):
            names += [target.id for target in node.targets if isinstance(target, ast.Name)]
    return names


def _grade_id(cell):
    return cell.get("metadata", {}).get("nbgrader", {}).get("grade_id")


class LessonRunner:
    """The source notebook of one lesson, executed once (when an exercise is first re-run), ready to re-run any
    exercise with another answer; or run whole with other answers (run_all), which needs no such execution."""

    def __init__(self, lesson):
        matplotlib.use("Agg")
        path = ROOT / "solutions" / lesson / f"{lesson}.ipynb"
        self.cells = [c for c in json.loads(path.read_text())["cells"] if c["cell_type"] == "code"]
        self.index = {_grade_id(c): i for i, c in enumerate(self.cells) if _grade_id(c)}
        self.answers = {i for i, c in enumerate(self.cells)
                        if c.get("metadata", {}).get("nbgrader", {}).get("solution")}
        self._snapshots, self._reference_failures = None, {}

    @property
    def snapshots(self):
        """{grade_id of an answer cell: the namespace just before it} of the lesson run with its solutions."""
        if self._snapshots is None:
            self._snapshots, namespace = {}, {"__name__": "__main__"}
            for i, cell in enumerate(self.cells):
                if i in self.answers:
                    self._snapshots[_grade_id(cell)] = dict(namespace)
                self._run(cell, namespace)
        return self._snapshots

    @staticmethod
    def _run(cell, namespace):
        """Execute one cell; returns None on success or the failure message (exception or stderr output)."""
        stderr = io.StringIO()
        with warnings.catch_warnings(record=True) as caught, contextlib.redirect_stdout(io.StringIO()), \
                contextlib.redirect_stderr(stderr):
            warnings.simplefilter("always")
            try:
                exec(compile(_code(cell), f"<cell {_grade_id(cell)}>", "exec"), namespace)
            except BaseException as error:  # noqa: BLE001 - every failure of a cell is a verdict
                return f"{type(error).__name__}: {error}"
            finally:
                import matplotlib.pyplot as plt

                plt.close("all")
        if caught:
            return f"stderr: {caught[0].category.__name__}: {caught[0].message}"
        if stderr.getvalue():
            return f"stderr: {stderr.getvalue().strip()}"
        return None

    def grade_ids(self):
        return set(self.index)

    def run(self, exercise, source):
        """Verdicts of the exercise's test cells when its answer cell holds `source`."""
        return self._run_exercise(exercise, source)[0]

    def _run_exercise(self, exercise, source):
        """(verdicts of the exercise's test cells, the namespace after them) when its answer cell holds `source`."""
        namespace = dict(self.snapshots[exercise.answer])
        np.random.seed(GLOBAL_SEED)
        answer = self.index[exercise.answer]
        last = max(self.index[test] for test in exercise.tests)
        failure = self._run({"source": source, "metadata": {}}, namespace)
        if failure:
            return [Verdict(exercise.answer, False, f"the answer cell itself failed: {failure}")], namespace
        verdicts = []
        for i in range(answer + 1, last + 1):
            if i in self.answers:
                continue  # another exercise's answer: keep the reference solution already in the namespace
            message = self._run(self.cells[i], namespace)
            if _grade_id(self.cells[i]) in exercise.tests:
                verdicts.append(Verdict(_grade_id(self.cells[i]), message is None, message or ""))
        return verdicts, namespace

    def dependents(self, exercises, exercise):
        """The later exercises that use this one's answer, directly or through another: their answer or test cells
        name something it defines (or something a dependent defines)."""
        used, found = set(_defined_names(self.solution_source(exercise))), []
        for later in exercises:
            if self.index[later.answer] <= self.index[exercise.answer]:
                continue
            cells = [self.cells[self.index[grade_id]] for grade_id in [later.answer, *later.tests]]
            if any(re.search(rf"\b{re.escape(name)}\b", _code(cell)) for cell in cells for name in used):
                found.append(later)
                used |= set(_defined_names(self.solution_source(later)))
        return found

    def run_with_cascade(self, exercises, exercise, source):
        """(verdicts of the exercise's own test cells, {grade_id: message} of its dependents' test cells that fail) when its
        answer cell holds `source` and every other answer the reference solution. A dependent's test cell counts
        only if it passes with the reference solution; after the exercise's own tests, only the dependents' answer
        and test cells run."""
        verdicts, namespace = self._run_exercise(exercise, source)
        if exercise.answer not in self._reference_failures:
            _, reference = self._run_exercise(exercise, self.solution_source(exercise))
            self._reference_failures[exercise.answer] = self._dependent_failures(exercises, exercise, reference)
        failures = self._dependent_failures(exercises, exercise, namespace)
        return verdicts, {test: message for test, message in failures.items()
                          if test not in self._reference_failures[exercise.answer]}

    def _dependent_failures(self, exercises, exercise, namespace):
        """{grade_id: failure message} of the dependents' test cells that fail."""
        failed = {}
        for later in self.dependents(exercises, exercise):
            self._run(self.cells[self.index[later.answer]], namespace)
            for test in later.tests:
                message = self._run(self.cells[self.index[test]], namespace)
                if message:
                    failed[test] = message
        return failed

    def run_all(self, answers):
        """{grade_id: passed} of every graded cell when the answer cells named in `answers` (grade_id -> source) hold
        other code: a whole submission run in order, so a wrong answer also fails the exercises that use it."""
        namespace = {"__name__": "__main__"}
        np.random.seed(GLOBAL_SEED)
        verdicts = {}
        for cell in self.cells:
            grade_id = _grade_id(cell)
            message = self._run({"source": answers[grade_id], "metadata": cell["metadata"]} if grade_id in answers
                                else cell, namespace)
            if cell.get("metadata", {}).get("nbgrader", {}).get("grade"):
                verdicts[grade_id] = message is None
        return verdicts

    def solution_source(self, exercise):
        return source_of(self.cells[self.index[exercise.answer]])
