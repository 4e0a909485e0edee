"""Autograding throughput, measured on a temporary copy of the course with simulated students.

1. Seconds per student for the whole course (every lesson) with one worker: 2 students who hand in every lesson's
   solution, graded in one `autograde` run (goal: under 60 s per student).
2. Speed-up of two workers over one: 20 students on one lesson, graded once with --workers 1 and once with
   --workers 2 in this same run (goal: at least 1.7x).

Wall-clock times of the whole command, start-up included, as an instructor would see them.
"""
import json
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from tests.notebooks.lessons import LESSONS, copy_course, load, release_path, source_of, source_path  # noqa: E402

SPEED_UP_LESSON = "05_gradient_descent"


def meta(cell):
    return cell.get("metadata", {}).get("nbgrader", {})


def solved(lesson, course):
    """The release notebook with every answer cell of the source filled in."""
    answers = {meta(c)["grade_id"]: source_of(c).split("=== BEGIN MARK SCHEME ===")[0]
               for c in load(source_path(lesson))["cells"] if meta(c).get("solution")}
    notebook = load(release_path(lesson, course))
    for cell in notebook["cells"]:
        if meta(cell).get("grade_id") in answers:
            cell["source"] = answers[meta(cell)["grade_id"]]
    return json.dumps(notebook)


def autograde(course, *args):
    started = time.perf_counter()
    result = subprocess.run([sys.executable, "-m", "autograder", "--root", str(course), "autograde", *args],
                            capture_output=True, text=True)
    if result.returncode != 0:
        raise SystemExit(result.stdout + result.stderr)
    return time.perf_counter() - started


def class_of(lessons, students, scratch):
    course = copy_course(Path(tempfile.mkdtemp(dir=scratch)) / "course")
    for lesson in lessons:
        text = solved(lesson, course)
        for student in students:
            folder = course / "autograder" / "submitted" / student / lesson
            folder.mkdir(parents=True)
            (folder / f"{lesson}.ipynb").write_text(text)
    return course


def main():
    with tempfile.TemporaryDirectory() as scratch:
        students = ["s1", "s2"]
        seconds = autograde(class_of(LESSONS, students, scratch), "--workers", "1")
        per_student = seconds / len(students)
        print(f"whole course ({len(LESSONS)} lessons), 1 worker: {seconds:.1f} s for {len(students)} students, "
              f"{per_student:.1f} s per student (goal < 60 s)")

        students = [f"s{number:02d}" for number in range(20)]
        times = {}
        for workers in (1, 2):
            times[workers] = autograde(class_of([SPEED_UP_LESSON], students, scratch), "--workers", str(workers))
            print(f"{SPEED_UP_LESSON}, 20 students, {workers} worker(s): {times[workers]:.1f} s "
                  f"({times[workers] / len(students):.2f} s per student)")
        print(f"speed-up of 2 workers: {times[1] / times[2]:.2f}x (goal >= 1.7x)")


if __name__ == "__main__":
    main()
