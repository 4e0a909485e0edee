"""The instructor's workflow on top of nbgrader: one command for each step.

    python -m autograder release   [LESSON ...]                   solutions/ -> course/ (the student release)
    python -m autograder collect   FOLDER --lesson LESSON          an LMS download -> autograder/submitted/
    python -m autograder autograde [--lesson L ...] [--student S]  run every test, record scores in the gradebook
    python -m autograder feedback  [--lesson L ...] [--student S]  HTML feedback per student and lesson
    python -m autograder grades                                    autograder/grades.csv
    python -m autograder summary                                   a table: score per lesson, problems found

Each step runs nbgrader from the repository root (where its configuration is found) so that no stray gradebook
is ever created elsewhere; a step that fails for one student or lesson is reported and the others go on.
"""
import argparse
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

    def nbgrader(self, *args):
        """Run one nbgrader command from the course root; returns (ok, output)."""
        env = dict(os.environ)
        # nbgrader starts `alembic` (a console script of this environment) when it creates the gradebook.
        env["PATH"] = str(Path(sys.executable).parent) + os.pathsep + env.get("PATH", "")
        result = subprocess.run([sys.executable, "-m", "nbgrader", *args, f"--CourseDirectory.root={self.root}"],
                                cwd=self.root, env=env, capture_output=True, text=True)
        return result.returncode == 0, result.stdout + result.stderr


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


def autograde(course, lessons=None, student=None):
    """Autograde every submission of the selected lessons (or one student's)."""
    results = []
    for lesson in _selected_lessons(course, lessons):
        students = [student] if student else course.students(lesson)
        if not students:
            print(f"autograde {lesson}: no submissions")
            continue
        for who in students:
            ok, output = course.nbgrader("autograde", lesson, "--force", f"--student={who}")
            results.append(_report("autograde", f"{lesson} / {who}", ok, output))
    return all(results)


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


def failed_checks(notebook_path):
    """(grade_id, first line of the failure) for each test cell of an autograded notebook that failed."""
    try:
        notebook = json.loads(Path(notebook_path).read_text())
    except (OSError, ValueError) as error:
        return [("notebook", f"cannot be read: {error}")]
    failures = []
    for cell in notebook.get("cells", []):
        meta = cell.get("metadata", {}).get("nbgrader", {})
        if not meta.get("grade") or cell.get("cell_type") != "code":
            continue
        for output in cell.get("outputs", []):
            if output.get("output_type") == "error":
                failures.append((meta.get("grade_id", "?"), f"{output.get('ename')}: {output.get('evalue')}"))
            elif output.get("output_type") == "stream" and output.get("name") == "stderr":
                failures.append((meta.get("grade_id", "?"), "wrote to stderr: " + "".join(output.get("text", ""))))
    return [(grade_id, message.strip().splitlines()[0][:160]) for grade_id, message in failures]


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
    return True


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
    commands.add_parser("grades", help="export the gradebook to autograder/grades.csv")
    commands.add_parser("summary", help="print scores per student and lesson, and the problems found")
    args = parser.parse_args(argv)
    course = Course(args.root.resolve())
    steps = {
        "release": lambda: release(course, args.lessons),
        "collect": lambda: collect(course, args.folder, args.lesson),
        "autograde": lambda: autograde(course, args.lessons, args.student),
        "feedback": lambda: feedback(course, args.lessons, args.student),
        "grades": lambda: grades(course),
        "summary": lambda: summary(course),
    }
    sys.exit(0 if steps[args.command]() else 1)
