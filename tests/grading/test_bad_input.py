"""A corpus of broken and dishonest submissions, graded in one real run (two workers, a real SQLite gradebook).

Each student of the corpus has an expected score and the words the instructor's report must show. Expected scores
are never typed in: "full" is the lesson's autograded total, and every other expectation is what the lesson's own
cells give when the same submission (without its trick, or with the cell the grader had to skip) runs in-process.
For every student: the others are graded, the report names the student and the problem, and no submitted file
changes. A trick never scores more than the same submission without it, and it is flagged.
"""
import json
from dataclasses import dataclass, field

import pytest
from nbgrader.api import Gradebook

from tests.grading.cases_01_forward_pass import EXERCISES
from tests.grading.files import checksums, run_autograder, visible_text
from tests.grading.quality import LessonRunner
from tests.notebooks.lessons import (REGIONS, autograded_points, copy_course, nbgrader_meta, release_with_answers,
                                     secret_lines, solution_answers)

LESSON = "01_forward_pass"
TIMEOUT = 5  # seconds per cell for this run: every cell of lesson 01 takes well under one
WRONG_SIGMOID = EXERCISES[0].mistakes[0].source  # the textbook formula: fails sigmoid's tests
SKIPPED = "raise RuntimeError('the grader skipped this cell')\n"


def solutions():
    return solution_answers(LESSON)


@dataclass
class Student:
    """A submission of the corpus: its files, and what grading it must give."""

    name: str
    answers: dict = field(default_factory=dict)     # answer cells that differ from the full solution
    expect_as: dict = None                          # the answers whose in-process score it must get (None: answers)
    problem: str = ""                               # words the report must show ("" for none)
    flag: str = ""                                  # words the flags must show ("" for no flag)
    edit: callable = None                           # changes the notebook's JSON (delete or edit cells, ...)
    files: dict = None                              # {file name: bytes} instead of the notebook
    extra_files: dict = field(default_factory=dict)
    graded: bool = True                             # False: nothing can be graded, every test 0
    withheld: bool = False                          # True: a trick was found before running; every test 0


def delete_cell(grade_id):
    def edit(notebook):
        notebook["cells"] = [c for c in notebook["cells"] if nbgrader_meta(c).get("grade_id") != grade_id]
    return edit


def edit_cell(grade_id, source):
    def edit(notebook):
        for cell in notebook["cells"]:
            if nbgrader_meta(cell).get("grade_id") == grade_id:
                cell["source"] = source
    return edit


def add_cell_after(grade_id, source):
    def edit(notebook):
        index = next(i for i, c in enumerate(notebook["cells"]) if nbgrader_meta(c).get("grade_id") == grade_id)
        notebook["cells"].insert(index + 1, {"cell_type": "code", "metadata": {}, "source": source,
                                             "outputs": [], "execution_count": None})
    return edit


def with_solution(name, code):
    return solutions()[name] + "\n" + code


CORPUS = [
    Student("good"),
    Student("wrong", answers={"sigmoid": WRONG_SIGMOID}),
    Student("malformed", files={f"{LESSON}.ipynb": b'{"cells": [{"cell_type": "code", "sou'}, graded=False,
            problem="not valid notebook JSON"),
    Student("empty", files={f"{LESSON}.ipynb": b""}, graded=False, problem="empty file"),
    Student("missing", files={"notes.txt": b"I could not finish"}, graded=False,
            problem=f"no notebook {LESSON}.ipynb"),
    Student("renamed", files="renamed", problem="renamed"),
    Student("extras", extra_files={"scratch.py": b"print(1)\n", "plot.png": b"\x89PNG"}, problem="extra files"),
    Student("deleted_test", edit=delete_cell("sigmoid_visible"), problem="deleted", flag="restored"),
    Student("edited_test", answers={"sigmoid": WRONG_SIGMOID}, edit=edit_cell("sigmoid_visible", "pass\n"),
            problem="edited", flag="restored"),
    Student("loop_in_answer", answers={"relu": "while True:\n    try:\n        pass\n    except BaseException:\n"
                                               "        pass\n" + solutions()["relu"]},
            expect_as={"relu": SKIPPED}, problem=f"answer cell 'relu' was still running after {TIMEOUT} s"),
    Student("loop_in_function", answers={"softmax": "def softmax(z):\n    while True:\n        pass\n"},
            expect_as={"softmax": SKIPPED}, problem=f"(exercise softmax) was still running after {TIMEOUT} s"),
    Student("exception", edit=add_cell_after("relu", "1 / 0\n")),
    Student("sys_exit", answers={"relu": with_solution("relu", "import sys\nsys.exit('done')\n")}),
    Student("os_exit", answers={"relu": "import os\nos._exit(1)\n"}, expect_as={"relu": SKIPPED},
            problem="answer cell 'relu' stopped the kernel"),
    Student("killed", answers={"softmax": "import os, signal\nos.kill(os.getpid(), signal.SIGKILL)\n"},
            expect_as={"softmax": SKIPPED}, problem="answer cell 'softmax' stopped the kernel"),
    Student("memory_bomb", answers={"relu": "blocks = []\nwhile True:\n    blocks.append(np.ones(10 ** 7))\n"
                                            + solutions()["relu"]}, expect_as={"relu": SKIPPED}),
    # Tricks: each is the `wrong` submission plus a trick; it must score no more than `wrong`, and be flagged.
    Student("rebinds_allclose", answers={"sigmoid": WRONG_SIGMOID + "np.allclose = lambda *a, **k: True\n"},
            withheld=True, flag="assigns numpy.allclose"),
    Student("rebinds_testing", answers={"sigmoid": WRONG_SIGMOID + "import numpy.testing as npt\n"
                                        "npt.assert_allclose = lambda *a, **k: None\n"},
            withheld=True, flag="numpy.testing.assert_allclose"),
    Student("rebinds_builtins", answers={"sigmoid": WRONG_SIGMOID + "import builtins\nbuiltins.abs = lambda x: 0\n"},
            withheld=True, flag="builtins.abs"),
    Student("replaces_checks", answers={"sigmoid": WRONG_SIGMOID + "import nnlib.grading as grading\n"
                                        "for name in grading.__all__:\n"
                                        "    if name.startswith('check'):\n"
                                        "        setattr(grading, name, lambda *a, **k: None)\n"},
            withheld=True, flag="setattr"),
    Student("silences_errors", answers={"sigmoid": WRONG_SIGMOID + "get_ipython().set_custom_exc((BaseException,),"
                                        " lambda *a, **k: None)\n"},
            withheld=True, flag="shows errors"),
    Student("delegates", answers={"sigmoid": "from nnlib.activations import sigmoid as reference\n\n"
                                             "def sigmoid(z):\n    return reference(z)\n"},
            flag="delegates"),
]
TRICKS = [s.name for s in CORPUS if s.flag and s.name not in ("deleted_test", "edited_test")]


def notebook_of(student, course):
    notebook = release_with_answers(LESSON, course, {**solutions(), **student.answers})
    if student.edit:
        student.edit(notebook)
    return json.dumps(notebook, indent=1).encode()


@pytest.fixture(scope="module")
def graded(tmp_path_factory):
    course = copy_course(tmp_path_factory.mktemp("course"))
    status, output = run_autograder(course, "release", LESSON)
    assert status == 0, output
    for student in CORPUS:  # as the exchange or a hand copy leaves them: submitted/<student>/<lesson>/
        folder = course / "autograder" / "submitted" / student.name / LESSON
        folder.mkdir(parents=True)
        files = student.files
        if files == "renamed":
            files = {f"{LESSON} (1).ipynb": notebook_of(student, course)}
        for name, data in (files or {f"{LESSON}.ipynb": notebook_of(student, course)}).items():
            (folder / name).write_bytes(data)
        for name, data in student.extra_files.items():
            (folder / name).write_bytes(data)
    before = checksums(course / "autograder" / "submitted")
    status, output = run_autograder(course, "autograde", "--workers", "2", "--timeout", str(TIMEOUT),
                                    "--memory-limit", "1G")
    _, summary = run_autograder(course, "summary")
    feedback = run_autograder(course, "feedback")
    return {"course": course, "status": status, "output": output, "summary": summary, "before": before,
            "feedback": feedback}


def scores(course):
    """{student: autograded points of the test cells}, from the gradebook."""
    with Gradebook(f"sqlite:///{course / 'autograder' / 'gradebook.db'}") as gradebook:
        return {s.name: sum(g.auto_score or 0 for g in gradebook.find_submission_notebook(LESSON, LESSON, s.name).grades
                            if g.cell_type == "code")
                for s in CORPUS}


def predicted(student):
    """The points the lesson's own cells give the submission, run in-process."""
    points = autograded_points(LESSON)
    if not student.graded or student.withheld:
        return 0.0
    answers = student.answers if student.expect_as is None else {**student.answers, **student.expect_as}
    verdicts = LessonRunner(LESSON).run_all({**solutions(), **answers})
    return sum(points[g] for g, passed in verdicts.items() if passed and g in points)


def test_the_run_completes_for_every_student(graded):
    assert graded["status"] == 0, graded["output"]
    for student in CORPUS:
        assert f"autograde {LESSON} / {student.name}:" in graded["output"], graded["output"]


@pytest.mark.parametrize("student", CORPUS, ids=lambda s: s.name)
def test_expected_score(graded, student):
    got = scores(graded["course"])[student.name]
    assert got == pytest.approx(predicted(student)), f"{student.name}: {got}\n{graded['output']}"


def report_of(graded, student):
    """The student's report (autograder/reports/<student>/<lesson>.json), where the summary sends the instructor."""
    return json.loads((graded["course"] / "autograder" / "reports" / student / f"{LESSON}.json").read_text())


def summary_row(graded, student):
    """The student's row of the summary's score table."""
    table = graded["summary"].split("\n\n")[0].splitlines()
    return next(line for line in table if line.split()[0] == student)


@pytest.mark.parametrize("student", [s for s in CORPUS if s.problem or s.flag], ids=lambda s: s.name)
def test_report_names_the_student_and_the_problem(graded, student):
    report, row = report_of(graded, student.name), summary_row(graded, student.name)
    if student.problem:
        assert any(student.problem in problem for problem in report["problems"]), (student.name, report)
        assert "problem" in row, row
    if student.flag:
        assert any(student.flag in flag for flag in report["flags"]), (student.name, report)
        assert "FLAG" in row, row


def test_good_submissions_are_not_flagged(graded):
    flagged = graded["summary"].split("Flagged for review:")[1]
    for name in ("good", "wrong", "renamed", "extras", "exception", "sys_exit"):
        assert f" {name} / " not in flagged, flagged
        assert report_of(graded, name)["flags"] == [] and "FLAG" not in summary_row(graded, name)


@pytest.mark.parametrize("trick", TRICKS)
def test_a_trick_never_scores_more_than_the_same_submission_without_it(graded, trick):
    got = scores(graded["course"])
    assert got[trick] <= got["wrong"], f"{trick} scored {got[trick]}, the honest wrong submission {got['wrong']}"


def test_no_submitted_file_changed(graded):
    assert checksums(graded["course"] / "autograder" / "submitted") == graded["before"]


def test_feedback_is_written_for_every_graded_student_and_hides_the_hidden_tests(graded):
    status, output = graded["feedback"]
    assert status == 0, output
    hidden = secret_lines(LESSON, regions=REGIONS[1:])
    for student in CORPUS:
        page = graded["course"] / "autograder" / "feedback" / student.name / LESSON / f"{LESSON}.html"
        assert page.is_file() == student.graded, f"{student.name}: feedback {'missing' if student.graded else 'made'}"
        if page.is_file():
            text = visible_text(page)
            shown = {line.strip() for line in text.splitlines()}
            # A student's own code may share a line with a hidden test: only the rest can leak.
            own = {line.strip() for source in {**solutions(), **student.answers}.values()
                   for line in source.splitlines()}
            leaked = sorted((hidden - own) & shown)
            assert not leaked, f"{student.name}'s feedback shows hidden test lines: {leaked[:5]}"
            assert "BEGIN HIDDEN TESTS" not in text
