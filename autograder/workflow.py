"""The instructor's workflow on top of nbgrader: one command for each step.

    python -m autograder release   [LESSON ...]                   solutions/ -> course/ (the student release)
    python -m autograder collect   FOLDER --lesson LESSON          an LMS download -> autograder/submitted/
    python -m autograder autograde [--lesson L ...] [--student S]  run every test, record scores in the gradebook
                          [--workers N | --scheduler ADDRESS]      N students at a time, or on a Dask cluster
                          [--timeout SECONDS] [--memory-limit 2G]  per cell, per grading kernel
    python -m autograder feedback  [--lesson L ...] [--student S]  HTML feedback per student and lesson
    python -m autograder grades                                    autograder/grades.csv
    python -m autograder summary                                   a table: score per lesson, problems found

Each step runs nbgrader from the repository root (where its configuration is found) so that no stray gradebook
is ever created elsewhere; a step that fails for one student or lesson is reported and the others go on.
Autograding runs nbgrader in long-lived worker processes (see engine.py), after reading and restoring every
submission (intake.py); a report per student and lesson lands in autograder/reports/ and in `summary`.
"""
import argparse
import dataclasses
import functools
import json
import os
import re
import shutil
import subprocess
import sys
from dataclasses import dataclass, field
from pathlib import Path

DEFAULT_ROOT = Path(__file__).resolve().parent.parent
LESSON_PATTERN = re.compile(r"\d\d_\w+")


@dataclass
class Course:
    """Paths of one course checkout; tests use a temporary copy."""

    root: Path = DEFAULT_ROOT

    @property
    def autograder(self):
        return self.root / "autograder"

    def lessons(self):
        """Lesson names with a source notebook, in course order."""
        return sorted(p.name for p in (self.root / "solutions").iterdir()
                      if LESSON_PATTERN.fullmatch(p.name) and (p / f"{p.name}.ipynb").is_file())

    def students(self, lesson=None):
        """Student ids with a submission (of one lesson, or of any)."""
        submitted = self.autograder / "submitted"
        if not submitted.is_dir():
            return []
        return sorted(s.name for s in submitted.iterdir()
                      if s.is_dir() and (lesson is None or (s / lesson).is_dir()))

    @functools.cached_property
    def settings(self):
        """The course's nbgrader configuration (a traitlets Config), read once from the root's nbgrader_config.py."""
        from traitlets.config.loader import PyFileConfigLoader

        return PyFileConfigLoader("nbgrader_config.py", path=str(self.root)).load_config()

    @property
    def course_id(self):
        return self.settings.CourseDirectory.course_id

    @property
    def db_url(self):
        return f"sqlite:///{self.autograder / 'gradebook.db'}"

    def source(self, lesson):
        return self.root / "solutions" / lesson / f"{lesson}.ipynb"

    def define_in_gradebook(self, lesson):
        """Make sure the gradebook knows the lesson (a fresh clone has course/ but no gradebook yet)."""
        from nbgrader.api import Gradebook, MissingEntry

        from autograder import engine

        with Gradebook(self.db_url, self.course_id) as gradebook:
            try:
                gradebook.find_assignment(lesson)
                return
            except MissingEntry:
                pass
        engine.define_lesson(self.source(lesson), lesson, self.course_id, db_url=self.db_url)

    def record(self, lesson, student, grades, report, files=None):
        """Write one student's lesson: scores into the gradebook (grades None: every test 0), the autograded
        folder replaced as a whole, and the report. Doing it twice leaves the same state."""
        from nbgrader.api import Gradebook
        from nbgrader.utils import parse_utc

        stamp = self.autograder / "submitted" / student / lesson / "timestamp.txt"
        with Gradebook(self.db_url, self.course_id) as gradebook:
            gradebook.update_or_create_student(student)
            timestamp = {"timestamp": parse_utc(stamp.read_text().strip())} if stamp.is_file() else {}
            submission = gradebook.update_or_create_submission(lesson, student, **timestamp)
            for notebook in submission.notebooks:
                scores = (grades or {}).get(notebook.name, {})
                for grade in notebook.grades:
                    score, manual = scores.get(grade.name, (0.0 if grades is None else None, grades is not None))
                    grade.auto_score = score
                    grade.needs_manual_grade = bool(manual) or (grade.manual_score is not None)
            gradebook.db.commit()
        _replace_folder(self.autograder / "autograded" / student / lesson, files or {})
        path = self.autograder / "reports" / student / f"{lesson}.json"
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(json.dumps(dataclasses.asdict(report), indent=1))

    def report(self, lesson, student):
        path = self.autograder / "reports" / student / f"{lesson}.json"
        return json.loads(path.read_text()) if path.is_file() else {"problems": [], "flags": []}

    def nbgrader(self, *args):
        """Run one nbgrader command from the course root; returns (ok, output)."""
        env = dict(os.environ)
        # nbgrader starts `alembic` (a console script of this environment) when it creates the gradebook.
        env["PATH"] = str(Path(sys.executable).parent) + os.pathsep + env.get("PATH", "")
        result = subprocess.run([sys.executable, "-m", "nbgrader", *args, f"--CourseDirectory.root={self.root}"],
                                cwd=self.root, env=env, capture_output=True, text=True)
        return result.returncode == 0, result.stdout + result.stderr


def _replace_folder(folder, files):
    """Make `folder` hold exactly `files` ({relative path: bytes}); a reader never sees a half-written folder."""
    staging = folder.with_name(folder.name + ".new")
    shutil.rmtree(staging, ignore_errors=True)
    for relative, data in files.items():
        (staging / relative).parent.mkdir(parents=True, exist_ok=True)
        (staging / relative).write_bytes(data)
    old = folder.with_name(folder.name + ".old")
    shutil.rmtree(old, ignore_errors=True)
    if folder.exists():
        folder.rename(old)
    if files:
        staging.rename(folder)
    shutil.rmtree(old, ignore_errors=True)


def _selected_lessons(course, lessons):
    known = course.lessons()
    unknown = [lesson for lesson in lessons or [] if lesson not in known]
    if unknown:
        raise SystemExit(f"unknown lesson(s) {', '.join(unknown)}; the lessons are: {', '.join(known)}")
    return lessons or known


def _report(step, what, ok, output):
    if ok:
        print(f"{step} {what}: done")
    else:
        problems = [line for line in output.splitlines() if "[ERROR]" in line or "Error" in line]
        print(f"{step} {what}: FAILED\n    " + "\n    ".join(problems[-8:] or output.splitlines()[-8:]))
    return ok


def release(course, lessons=None):
    """Generate the student release of each lesson into course/ (solutions and hidden tests removed)."""
    results = [_report("release", lesson, *course.nbgrader("generate_assignment", lesson, "--force"))
               for lesson in _selected_lessons(course, lessons)]
    return all(results)


def collect(course, folder, lesson):
    """Copy an LMS download (zips and/or notebooks named <student>_<...>.ipynb) into submitted/ via zip_collect."""
    folder = Path(folder)
    if not folder.is_dir():
        raise SystemExit(f"{folder} is not a folder: give the folder that holds the downloaded zips or notebooks")
    _selected_lessons(course, [lesson])
    archive = course.autograder / "downloaded" / lesson / "archive"
    archive.mkdir(parents=True, exist_ok=True)
    for item in sorted(folder.iterdir()):
        if item.is_file():
            shutil.copy2(item, archive / item.name)  # a copy: the download folder is never changed
    ok, output = course.nbgrader("zip_collect", lesson, "--force")
    return _report("collect", f"{lesson} from {folder}", ok, output)


def autograde(course, lessons=None, student=None, workers=1, scheduler=None, timeout=None, memory_limit=None):
    """Autograde every submission of the selected lessons (or one student's), `workers` students at a time (or on
    the Dask cluster at `scheduler`). Each submission is read and restored here, graded by a worker in scratch
    space, and recorded here: this process alone writes the gradebook. A broken submission is reported and scored
    0 where nothing can be graded; the others go on. Submitted files are only read."""
    from autograder import engine

    engine.prepare_nbgrader()
    settings = course.settings
    timeout = timeout or settings.Execute.timeout or 60
    memory_limit = engine.DEFAULT_MEMORY_LIMIT if memory_limit is None else memory_limit
    jobs, reports, results = [], {}, []
    for lesson in _selected_lessons(course, lessons):
        students = [who for who in course.students(lesson) if student in (None, who)]
        if not students:
            print(f"autograde {lesson}: no submissions" + (f" from {student}" if student else ""))
            continue
        template, release = engine.define_lesson(course.source(lesson), lesson, course.course_id)
        course.define_in_gradebook(lesson)
        for who in students:
            job, report = _intake(course, lesson, who, release, template)
            reports[lesson, who] = report
            if job is None:
                course.record(lesson, who, None, report)
                results.append(_report_grade(lesson, who, None, report))
            else:
                jobs.append(dataclasses.replace(job, timeout=timeout, memory_limit=memory_limit))
    for job, outcome in engine.run_jobs(jobs, workers, scheduler):
        report = reports[job.lesson, job.student]
        if isinstance(outcome, Exception):
            report.problems.append(f"the grader itself failed on this submission ({type(outcome).__name__}: "
                                   f"{outcome}); every test scores 0 until it is graded again")
            course.record(job.lesson, job.student, None, report)
            results.append(_report_grade(job.lesson, job.student, None, report))
            continue
        report.problems += outcome.problems
        report.seconds = round(outcome.seconds, 1)
        report.flags += _runtime_flags(outcome)
        grades = outcome.grades or None
        if grades and report.flags and any(f.startswith(TAMPERING) for f in report.flags):
            grades = _withhold_test_points(grades, release_test_ids(course.source(job.lesson)))
        course.record(job.lesson, job.student, grades, report, outcome.files)
        results.append(_report_grade(job.lesson, job.student, grades, report))
    return all(results)


TAMPERING = "tampering:"


@dataclass
class Report:
    """What the instructor reads about one submission: problems (the grader coped) and flags (look at it)."""

    problems: list = field(default_factory=list)
    flags: list = field(default_factory=list)
    seconds: float = 0.0


def _intake(course, lesson, student, release, template):
    """(Job or None, Report) for one submission: its notebook found, read and restored, its tricks looked for."""
    from autograder import engine, intake

    folder = course.autograder / "submitted" / student / lesson
    report = Report()
    path, notes = intake.find_notebook(folder, lesson)
    report.problems += notes
    if path is None:
        return None, report
    try:
        submitted = intake.read_notebook(path)
    except intake.Unreadable as error:
        report.problems.append(f"{error}; nothing could be graded, every test scores 0 (the file is kept as it "
                               "was submitted)")
        return None, report
    notebook, restored = intake.restore_cells(submitted, release)
    report.problems += restored
    report.flags += [f"{TAMPERING} {finding}; its autograded points are withheld (0) until you review it"
                     for finding in intake.find_tampering(notebook)]
    if restored:
        report.flags.append("test or locked cells were changed; they were restored before grading")
    stamp = folder / "timestamp.txt"
    timestamp = stamp.read_text().strip() if stamp.is_file() else None
    return engine.Job(lesson, student, notebook, template, course.course_id, timestamp), report


# Messages of nnlib.grading that mean a check caught a trick at run time.
RUNTIME_TRICKS = {"the notebook replaced": "rebinds a function the checks rely on",
                  "calls the course library's reference implementation": "delegates a graded function to the "
                                                                          "course library"}


def _runtime_flags(outcome):
    notebook = outcome.files.get(f"{outcome.lesson}.ipynb")
    if notebook is None:
        return []
    text = notebook.decode("utf-8", "replace")
    return [f"{what} (a check failed on it; those points are lost)" for marker, what in RUNTIME_TRICKS.items()
            if marker in text]


def release_test_ids(source_notebook):
    """grade_ids of the autograded test cells of a lesson."""
    cells = json.loads(Path(source_notebook).read_text())["cells"]
    return {c["metadata"]["nbgrader"]["grade_id"] for c in cells
            if c.get("metadata", {}).get("nbgrader", {}).get("grade")
            and not c["metadata"]["nbgrader"].get("solution")}


def _withhold_test_points(grades, test_ids):
    return {notebook: {gid: ((0.0, manual) if gid in test_ids else (score, manual))
                       for gid, (score, manual) in cells.items()} for notebook, cells in grades.items()}


def _report_grade(lesson, student, grades, report):
    if grades is None:
        score = "not graded (0)"
    else:
        score = f"{sum(s or 0 for cells in grades.values() for s, _ in cells.values()):g} points"
    print(f"autograde {lesson} / {student}: {score}" + (f", {report.seconds:g} s" if report.seconds else ""))
    for line in report.problems:
        print(f"    problem: {line}")
    for line in report.flags:
        print(f"    FLAG: {line}")
    return True


def feedback(course, lessons=None, student=None):
    """Write HTML feedback into autograder/feedback/<student>/<lesson>/."""
    results = []
    for lesson in _selected_lessons(course, lessons):
        graded = course.autograder / "autograded"
        if not any((graded / who / lesson).is_dir() for who in ([student] if student else course.students(lesson))):
            print(f"feedback {lesson}: no graded submissions")
            continue
        args = ["generate_feedback", lesson, "--force"] + ([f"--student={student}"] if student else [])
        results.append(_report("feedback", lesson, *course.nbgrader(*args)))
    return all(results)


def grades(course):
    """Export every score in the gradebook to autograder/grades.csv."""
    ok, output = course.nbgrader("export", f"--CsvExportPlugin.to={course.autograder / 'grades.csv'}")
    return _report("grades", str(course.autograder / "grades.csv"), ok, output)


@dataclass
class LessonResult:
    score: float = 0.0
    max_score: float = 0.0
    problems: list = field(default_factory=list)
    flags: list = field(default_factory=list)


def failed_checks(notebook_path):
    """(grade_id, first line of the failure) for each test cell of an autograded notebook that failed, and for each
    answer cell that raised (its error explains the failures after it)."""
    if not Path(notebook_path).is_file():
        return []
    try:
        notebook = json.loads(Path(notebook_path).read_text())
    except (OSError, ValueError) as error:
        return [("notebook", f"cannot be read: {error}")]
    failures = []
    for cell in notebook.get("cells", []):
        meta = cell.get("metadata", {}).get("nbgrader", {})
        if cell.get("cell_type") != "code" or not (meta.get("grade") or meta.get("solution")):
            continue
        name = meta.get("grade_id", "?") + ("" if meta.get("grade") else " (answer cell)")
        for output in cell.get("outputs", []):
            if output.get("output_type") == "error":
                failures.append((name, f"{output.get('ename')}: {output.get('evalue')}"))
            elif output.get("output_type") == "stream" and output.get("name") == "stderr" and meta.get("grade"):
                failures.append((name, "wrote to stderr: " + "".join(output.get("text", ""))))
    return [(grade_id, (message.strip().splitlines() or [""])[0][:160]) for grade_id, message in failures]


def collect_results(course):
    """{student: {lesson: LessonResult}} from the gradebook and the autograded notebooks."""
    from nbgrader.api import Gradebook, MissingEntry

    results = {}
    db = course.autograder / "gradebook.db"
    if not db.exists():
        return results
    with Gradebook(f"sqlite:///{db}") as gradebook:
        lessons = [a.name for a in gradebook.assignments]
        for student in gradebook.students:
            row = results.setdefault(student.id, {})
            for lesson in lessons:
                try:
                    submission = gradebook.find_submission(lesson, student.id)
                except MissingEntry:
                    continue
                result = row[lesson] = LessonResult(submission.score, submission.max_score)
                report = course.report(lesson, student.id)
                result.problems += report["problems"]
                result.flags += report["flags"]
                for notebook in submission.notebooks:
                    path = course.autograder / "autograded" / student.id / lesson / f"{notebook.name}.ipynb"
                    result.problems += [f"{grade_id}: {message}" for grade_id, message in failed_checks(path)]
                if submission.needs_manual_grade:
                    result.problems.append("written answers wait for manual grading")
    return results


def summary(course):
    """Print one row per student: the score of each lesson and the problems found."""
    results = collect_results(course)
    if not results:
        print("No graded submissions yet: run `autograde` first.")
        return True
    lessons = sorted({lesson for row in results.values() for lesson in row})
    width = max(len("student"), *(len(s) for s in results))
    print(f"{'student':<{width}}  " + "  ".join(f"{lesson[:14]:>14}" for lesson in lessons) + f"  {'total':>13}")
    for student, row in sorted(results.items()):
        cells = [f"{row[l].score:>6.1f} / {row[l].max_score:<5.1f}" if l in row else f"{'—':>14}" for l in lessons]
        total = sum(r.score for r in row.values()), sum(r.max_score for r in row.values())
        print(f"{student:<{width}}  " + "  ".join(cells) + f"  {total[0]:>6.1f} / {total[1]:<5.1f}")
    print("\nProblems found:")
    found = False
    for student, row in sorted(results.items()):
        for lesson, result in sorted(row.items()):
            for problem in result.problems:
                found = True
                print(f"  {student} / {lesson}: {problem}")
    if not found:
        print("  none")
    flagged = [(student, lesson, flag) for student, row in sorted(results.items())
               for lesson, result in sorted(row.items()) for flag in result.flags]
    print("\nFlagged for review:")
    for student, lesson, flag in flagged:
        print(f"  {student} / {lesson}: {flag}")
    if not flagged:
        print("  none")
    return True


def _size(text):
    """'2G', '512M', '1500000000' -> bytes."""
    units = {"K": 1024, "M": 1024 ** 2, "G": 1024 ** 3}
    text = text.strip().upper().removesuffix("B")
    try:
        return int(float(text[:-1]) * units[text[-1]]) if text[-1:] in units else int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a size such as 2G, 512M or 0") from None


def main(argv=None):
    parser = argparse.ArgumentParser(prog="python -m autograder", description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--root", type=Path, default=DEFAULT_ROOT, help="course repository (default: this one)")
    commands = parser.add_subparsers(dest="command", required=True)
    p = commands.add_parser("release", help="generate the student release into course/")
    p.add_argument("lessons", nargs="*", help="lesson names (default: every lesson)")
    p = commands.add_parser("collect", help="collect an LMS download folder into autograder/submitted/")
    p.add_argument("folder", help="folder holding the downloaded zips or notebooks")
    p.add_argument("--lesson", required=True)
    for name in ("autograde", "feedback"):
        p = commands.add_parser(name, help=f"{name} submissions")
        p.add_argument("--lesson", action="append", dest="lessons", help="a lesson (repeatable; default: all)")
        p.add_argument("--student", help="one student id (default: all)")
    p = commands.choices["autograde"]
    p.add_argument("--workers", type=int, default=1, help="students graded at the same time (default: 1)")
    p.add_argument("--scheduler", help="address of a Dask scheduler (tcp://host:8786): grade on its workers")
    p.add_argument("--timeout", type=int, help="seconds a cell may run (default: the course's Execute.timeout)")
    p.add_argument("--memory-limit", type=_size, help="memory a grading kernel may use, e.g. 2G, 512M, 0 for no "
                                                      "limit (default: 2G)")
    commands.add_parser("grades", help="export the gradebook to autograder/grades.csv")
    commands.add_parser("summary", help="print scores per student and lesson, and the problems found")
    args = parser.parse_args(argv)
    course = Course(args.root.resolve())
    steps = {
        "release": lambda: release(course, args.lessons),
        "collect": lambda: collect(course, args.folder, args.lesson),
        "autograde": lambda: autograde(course, args.lessons, args.student, args.workers, args.scheduler,
                                       args.timeout, args.memory_limit),
        "feedback": lambda: feedback(course, args.lessons, args.student),
        "grades": lambda: grades(course),
        "summary": lambda: summary(course),
    }
    sys.exit(0 if steps[args.command]() else 1)
