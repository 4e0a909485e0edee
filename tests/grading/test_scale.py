"""Grading a class in parallel, safely: two local workers on one SQLite gradebook, a run killed with SIGKILL and run
again to completion, a re-run that changes nothing, and the same command on a local Dask cluster whose workers only receive jobs
by value.
"""
import functools
import json
import os
import shutil
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest

from tests.grading.cases_01_forward_pass import EXERCISES
from tests.grading.quality import LessonRunner
from tests.notebooks.lessons import autograded_points, copy_course, load, nbgrader_meta, release_path, solution_answers

LESSON = "01_forward_pass"
STUDENTS = [f"s{number:02d}" for number in range(5)]
WRONG = {"sigmoid": EXERCISES[0].mistakes[0].source}


def answers_of(student):
    """Even-numbered students hand in the solution, odd-numbered ones get sigmoid wrong."""
    return {**solution_answers(LESSON), **(WRONG if int(student[1:]) % 2 else {})}


@functools.lru_cache(maxsize=None)
def expected_points(student):
    points = autograded_points(LESSON)
    verdicts = LessonRunner(LESSON).run_all(answers_of(student))
    return sum(points[g] for g, passed in verdicts.items() if passed and g in points)


def command(course, *args):
    return [sys.executable, "-m", "autograder", "--root", str(course), *args]


def run(course, *args):
    result = subprocess.run(command(course, *args), capture_output=True, text=True, timeout=900)
    assert result.returncode == 0, result.stdout + result.stderr
    return result.stdout


@pytest.fixture(scope="module")
def released(tmp_path_factory):
    """A course copy with the lesson released, once for the module; each test grades a copy of it."""
    course = copy_course(tmp_path_factory.mktemp("released") / "course")
    run(course, "release", LESSON)
    return course


@pytest.fixture
def course(released, tmp_path):
    course = Path(shutil.copytree(released, tmp_path / "course"))
    for student in STUDENTS:
        notebook = load(release_path(LESSON, course))
        answers = answers_of(student)
        for cell in notebook["cells"]:
            if nbgrader_meta(cell).get("grade_id") in answers:
                cell["source"] = answers[nbgrader_meta(cell)["grade_id"]]
        folder = course / "autograder" / "submitted" / student / LESSON
        folder.mkdir(parents=True)
        (folder / f"{LESSON}.ipynb").write_text(json.dumps(notebook))
    return course


def gradebook_rows(course):
    """{student: autograded points} and the number of submission and grade rows, read with plain SQL."""
    with sqlite3.connect(course / "autograder" / "gradebook.db") as db:
        scores = dict(db.execute(
            "SELECT student.id, SUM(grade.auto_score) FROM grade "
            "JOIN submitted_notebook ON grade.notebook_id = submitted_notebook.id "
            "JOIN submitted_assignment ON submitted_notebook.assignment_id = submitted_assignment.id "
            "JOIN student ON submitted_assignment.student_id = student.id GROUP BY student.id"))
        submissions = db.execute("SELECT COUNT(*) FROM submitted_assignment").fetchone()[0]
        grades = db.execute("SELECT COUNT(*) FROM grade").fetchone()[0]
    return scores, submissions, grades


def check_every_student_graded_once(course):
    scores, submissions, _ = gradebook_rows(course)
    assert submissions == len(STUDENTS)
    assert scores == {s: pytest.approx(expected_points(s)) for s in STUDENTS}
    leftovers = [p.name for p in (course / "autograder" / "autograded").rglob("*") if p.name.endswith((".new", ".old"))]
    assert not leftovers, f"half-written autograded folders were left behind: {leftovers}"


def test_two_workers_killed_with_sigkill_then_run_again_grade_everyone_once(course):
    with subprocess.Popen(command(course, "autograde", "--workers", "2"), stdout=subprocess.PIPE, text=True,
                          start_new_session=True) as process:
        graded = 0
        deadline = time.monotonic() + 300
        while graded < 2 and time.monotonic() < deadline:  # kill it once two students are recorded, mid-run
            line = process.stdout.readline()
            graded += line.startswith(f"autograde {LESSON} / ")
        os.killpg(process.pid, signal.SIGKILL)  # the main process and its workers, without any chance to clean up
        process.wait()
    assert graded == 2, "the run finished or hung before it could be killed"
    scores, _, _ = gradebook_rows(course)
    assert 2 <= len(scores) < len(STUDENTS)

    output = run(course, "autograde", "--workers", "2")
    assert "database is locked" not in output
    check_every_student_graded_once(course)
    first = gradebook_rows(course)
    run(course, "autograde", "--workers", "2", "--student", STUDENTS[0])  # grading again changes nothing
    assert gradebook_rows(course) == first


# Appended to one student's answer on the Dask cluster: it prints LEAKED for each file it can read that a grading
# kernel must not see, and tries to write a marker file into the repository (the test looks for it on the host).
ATTACK = """
from pathlib import Path
import nnlib
root = Path(nnlib.__file__).resolve().parents[2]
for path in (root / "solutions" / "01_forward_pass" / "01_forward_pass.ipynb", root / "autograder" / "gradebook.db"):
    try:
        print("LEAKED", path, len(path.read_bytes()))
    except OSError as error:
        print("read blocked:", error)
try:
    (root / "dask-worker-marker").write_text("written by a student")
    print("write went through (a checkout under /tmp lies in the sandbox's private /tmp, which vanishes with it)")
except OSError as error:
    print("write blocked:", error)
"""


def test_a_dask_cluster_grades_the_class(course, tmp_path):
    """...in the sandbox: a student's attack on the worker's files gains nothing and is flagged."""
    from distributed import LocalCluster

    from autograder import sandbox

    sandboxed = sandbox.status()[0]
    if sandboxed:  # without the sandbox the attack would succeed: it is not run there
        hostile = course / "autograder" / "submitted" / STUDENTS[-1] / LESSON / f"{LESSON}.ipynb"
        notebook = json.loads(hostile.read_text())
        for cell in notebook["cells"]:
            if nbgrader_meta(cell).get("grade_id") == "relu":
                cell["source"] += ATTACK
        hostile.write_text(json.dumps(notebook))

    # Workers start in their own folder: they see jobs and send back outcomes, never the course's files.
    with LocalCluster(n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None,
                      local_directory=str(tmp_path / "dask")) as cluster:
        output = run(course, "autograde", "--scheduler", cluster.scheduler_address)
        workers_used = len(cluster.scheduler.workers)
    assert workers_used == 2
    check_every_student_graded_once(course)
    for student in STUDENTS:
        assert f"autograde {LESSON} / {student}:" in output
        assert (course / "autograder" / "autograded" / student / LESSON / f"{LESSON}.ipynb").is_file()
    if sandboxed:
        graded = json.loads((course / "autograder" / "autograded" / STUDENTS[-1] / LESSON / f"{LESSON}.ipynb")
                            .read_text())
        printed = "".join("".join(o.get("text", "")) for c in graded["cells"] for o in c.get("outputs", []))
        assert printed.count("read blocked:") == 2 and "LEAKED" not in printed, printed
        assert "write blocked:" in printed or "write went through" in printed, printed
        assert "sandbox: code that looks for files" in output and "WITHOUT the sandbox" not in output
        assert not (Path(sandbox.course_library_folders()[0]).parents[1] / "dask-worker-marker").exists()


def test_a_job_carries_its_data_by_value_and_no_path_of_the_course(course):
    """What a remote worker receives: the restored notebook and a gradebook template as bytes, never a path into
    the instructor's course folder (a worker on another machine could not read it)."""
    import pickle

    from autograder import engine, workflow

    grading = workflow.Course(course)
    template, release = engine.define_lesson(grading.source(LESSON), LESSON, grading.course_id)
    job, report = workflow._intake(grading, LESSON, STUDENTS[0], release, template)
    assert report.problems == [] and report.flags == []
    payload = pickle.dumps(job)
    assert str(course).encode() not in payload
    assert isinstance(job.notebook, dict) and isinstance(job.template, bytes)
