"""Autograding throughput, measured on a temporary copy of the course with simulated students.

1. Seconds per student for the whole course (every lesson) with one worker: 2 students who hand in every lesson's
   solution, graded in one `autograde` run (goal: under 60 s per student).
2. Speed-up of two workers over one: 20 students on one lesson, graded once with --workers 1 and once with
   --workers 2 in this same run (goal: at least 1.7x).
3. The instructor's steps for a class of 30 on lessons 01 and 04, as an LMS delivers them (one Canvas zip per
   lesson): collect, autograde with 2 workers, feedback, grades and summary, each timed.
4. What the sandbox costs: one lesson-01 notebook graded in the sandbox and without it, alternately, 3 times each
   (medians).

Wall-clock times of the whole command, start-up included, as an instructor would see them.
"""
import dataclasses
import json
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from tests.grading.lms_download import canvas_name, write_zip  # noqa: E402
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


def step(course, *args):
    """Seconds one `python -m autograder` step takes, start-up included."""
    started = time.perf_counter()
    result = subprocess.run([sys.executable, "-m", "autograder", "--root", str(course), *args],
                            capture_output=True, text=True)
    if result.returncode != 0:
        raise SystemExit(result.stdout + result.stderr)
    return time.perf_counter() - started


def autograde(course, *args):
    return step(course, "autograde", *args)


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

        class_of_30(scratch)
        sandbox_cost(scratch)


def class_of_30(scratch):
    lessons, size = ["01_forward_pass", "04_backprop"], 30
    course = copy_course(Path(tempfile.mkdtemp(dir=scratch)) / "course")
    downloads = Path(tempfile.mkdtemp(dir=scratch))
    for lesson in lessons:
        text = solved(lesson, course).encode()
        write_zip(downloads / lesson / "submissions.zip",
                  [(canvas_name(f"student{number:02d}", 5000 + number, number, f"{lesson}.ipynb"), text, None)
                   for number in range(size)])
    times = {"collect": sum(step(course, "collect", str(downloads / lesson), "--lesson", lesson) for lesson in lessons)}
    for name, args in [("autograde", ["--workers", "2"]), ("feedback", []), ("grades", []), ("summary", [])]:
        times[name] = step(course, name, *args)
    notebooks = size * len(lessons)
    print(f"a class of {size} on {' and '.join(lessons)} ({notebooks} notebooks): " + ", ".join(
        f"{name} {seconds:.0f} s" for name, seconds in times.items())
        + f"; autograde {times['autograde'] / notebooks:.1f} s per notebook with 2 workers")


def sandbox_cost(scratch, lesson="01_forward_pass", repeats=3):
    from autograder import engine, sandbox

    works, detail = sandbox.status()
    if not works:
        print(f"sandbox cost: not measured, the sandbox is not available here ({detail})")
        return
    course = copy_course(Path(tempfile.mkdtemp(dir=scratch)) / "course")
    template, _ = engine.define_lesson(course / "solutions" / lesson / f"{lesson}.ipynb", lesson, "bench")
    job = engine.Job(lesson, "s1", json.loads(solved(lesson, course)), template, "bench")
    seconds = {True: [], False: []}
    for _ in range(repeats):
        for sandboxed in (True, False):
            seconds[sandboxed].append(engine.grade(dataclasses.replace(job, sandbox=sandboxed)).seconds)
    inside, outside = statistics.median(seconds[True]), statistics.median(seconds[False])
    print(f"sandbox cost, {lesson} graded alone: {inside:.1f} s inside, {outside:.1f} s outside "
          f"({inside - outside:+.1f} s per notebook, median of {repeats})")


if __name__ == "__main__":
    main()
