"""Hostile submissions, graded for real in the sandbox: each gains nothing, is flagged, and leaves no trace.

A class of lesson 01 in a temporary copy of the course, graded with the README's commands (autograde, summary,
feedback). Every hostile student hands in honest answers (the solution, or a wrong sigmoid) plus code that attacks
the grader from an answer cell: reading the gradebook or solutions/ (found through nnlib.__file__ or by walking the
file system), printing the hidden tests (from its caller's frame inside a check, or from the kernel's input
history), writing marker files into the repository and the home folder, `pip install`, opening a socket to a
documentation address, and starting processes meant to outlive the kernel. The attack prints LEAKED when it
succeeds, so the autograded notebooks say whether anything got through.
"""
import functools
import json
import os
import uuid

import pytest

from autograder import sandbox
from tests.grading.files import run_autograder, visible_text
from tests.grading.hostile import (CLASS, HOSTILE, LESSON, course_state, home_listing, installed, markers, notebook_of,
                                   printed, scores, solutions, surviving_processes)
from tests.grading.quality import LessonRunner
from tests.notebooks.lessons import LESSONS, REGIONS, autograded_points, copy_course, load, secret_lines, source_path


@pytest.fixture(scope="module")
def graded(tmp_path_factory):
    works, why_not = sandbox.status()
    if not works:  # the attacks would succeed: they would write into this checkout and install a package
        pytest.skip(f"the hostile class is graded only in the sandbox, which is not available here: {why_not}")
    course = copy_course(tmp_path_factory.mktemp("course"))
    status, output = run_autograder(course, "release", LESSON)
    assert status == 0, output
    for student in CLASS:
        folder = course / "autograder" / "submitted" / student.name / LESSON
        folder.mkdir(parents=True)
        (folder / f"{LESSON}.ipynb").write_bytes(notebook_of(student, course))
    before = {"course": course_state(course), "home": home_listing(), "markers": markers(),
              "site_packages": installed()}
    status, output = run_autograder(course, "autograde", "--timeout", "20")
    _, summary = run_autograder(course, "summary")
    feedback = run_autograder(course, "feedback")
    survivors = surviving_processes()
    for pid in survivors:  # only if the sandbox failed; the test then fails below
        os.kill(pid, 9)
    after = {"course": course_state(course), "home": home_listing(), "markers": markers(),
             "site_packages": installed()}
    return {"course": course, "status": status, "output": output, "summary": summary, "feedback": feedback,
            "before": before, "after": after, "survivors": survivors}


def earned(honest):
    return _earned(json.dumps(honest or {}, sort_keys=True))


@functools.lru_cache(maxsize=None)
def _earned(honest):
    honest = json.loads(honest)
    points = autograded_points(LESSON)
    verdicts = LessonRunner(LESSON).run_all({**solutions(), **(honest or {})})
    return sum(points[g] for g, passed in verdicts.items() if passed and g in points)


def test_the_run_says_whether_the_sandbox_is_in_force(graded):
    first = graded["output"].splitlines()[0]
    assert first.startswith("sandbox: in force"), graded["output"]
    assert graded["status"] == 0, graded["output"]


@pytest.mark.parametrize("student", CLASS, ids=lambda s: s.name)
def test_each_scores_what_its_honest_part_earns(graded, student):
    assert scores(graded["course"])[student.name] == pytest.approx(earned(student.honest)), graded["output"]


@pytest.mark.parametrize("student", HOSTILE, ids=lambda s: s.name)
def test_an_attack_gains_nothing(graded, student):
    assert "LEAKED" not in printed(graded["course"], student.name)


def test_writes_land_only_in_the_scratch_folder(graded):
    """The attack may write its scratch folder and the sandbox's own /tmp, which vanish with it; nothing else."""
    text = printed(graded["course"], "writes_markers")
    assert "Read-only file system" in text
    assert graded["after"]["markers"] == graded["before"]["markers"] == []
    assert graded["after"]["home"] == graded["before"]["home"]
    assert graded["after"]["course"] == graded["before"]["course"]


def test_pip_install_fails_and_changes_no_package(graded):
    text = printed(graded["course"], "pip_install")
    assert "Read-only file system" in text, text[-3000:]
    assert graded["after"]["site_packages"] == graded["before"]["site_packages"]


def test_no_network_and_no_surviving_process(graded):
    assert "Network is unreachable" in printed(graded["course"], "opens_socket")
    assert "started two processes" in printed(graded["course"], "forks_survivors")
    assert graded["survivors"] == [], "processes started by a student's code outlived the grading kernel"


@pytest.mark.parametrize("student", HOSTILE, ids=lambda s: s.name)
def test_each_attack_is_flagged(graded, student):
    flagged = graded["summary"].split("Flagged for review:")[1]
    assert any(student.flag in line and f" {student.name} / " in line for line in flagged.splitlines()), flagged


@pytest.mark.parametrize("student", HOSTILE, ids=lambda s: s.name)
def test_the_formgrader_shows_the_flags_at_the_top_of_the_graded_copy(graded, student):
    path = graded["course"] / "autograder" / "autograded" / student.name / LESSON / f"{LESSON}.ipynb"
    first = json.loads(path.read_text())["cells"][0]
    assert first["cell_type"] == "markdown" and "FLAG:" in "".join(first["source"]), first
    assert student.flag in "".join(first["source"]), first


def test_honest_students_are_not_flagged(graded):
    flagged = graded["summary"].split("Flagged for review:")[1]
    for name in ("good", "wrong"):
        assert f" {name} / " not in flagged, flagged


def test_feedback_names_the_student_whose_notebook_nbgrader_rejects_and_goes_on(graded):
    status, output = graded["feedback"]
    assert status != 0
    line = next(line for line in output.splitlines() if "pastes_hidden_test" in line)
    assert f"autograder/autograded/pastes_hidden_test/{LESSON}/{LESSON}.ipynb" in line
    assert "hidden tests" in line.lower() and "BEGIN HIDDEN TESTS" in line, output
    for student in CLASS:
        page = graded["course"] / "autograder" / "feedback" / student.name / LESSON / f"{LESSON}.html"
        assert page.is_file() == (student.name != "pastes_hidden_test"), f"{student.name}\n{output}"


def test_feedback_shows_no_hidden_test_line(graded):
    hidden = secret_lines(LESSON, regions=REGIONS[1:])
    for student in CLASS:
        page = graded["course"] / "autograder" / "feedback" / student.name / LESSON / f"{LESSON}.html"
        if not page.is_file():
            continue
        text = visible_text(page)
        own = {line.strip() for source in {**solutions(), **student.answers}.values() for line in source.splitlines()}
        leaked = sorted((hidden - own) & {line.strip() for line in text.splitlines()})
        assert not leaked, f"{student.name}'s feedback shows hidden test lines: {leaked[:5]}"
        assert "BEGIN HIDDEN TESTS" not in text
    # The attack did read the hidden tests inside the kernel: only the feedback filter keeps them from the student.
    assert "BEGIN HIDDEN TESTS" in printed(graded["course"], "prints_caller_frame")


# The grading helper, in-process: code run as IPython runs a cell (its source registered in linecache).
def run_cell(source, namespace):
    import linecache

    filename = f"<cell-{uuid.uuid4().hex}>"
    linecache.cache[filename] = (len(source), None, source.splitlines(keepends=True), filename)
    exec(compile(source, filename, "exec"), namespace)


STUDENT_FINITE_DIFFERENCE = '''
def finite_difference(f, x, h=1e-5):
    print("my own debugging line")
    return f(x[:, :1] + h) - f(x[:, :1] - h)   # the student's bug: a slice of the wrong shape
'''
HIDDEN_TEST = '''
### BEGIN HIDDEN TESTS
check_function(finite_difference, lambda V: np.sum((V @ B_hidden) ** 2), X, expected=np.zeros((2, 3)))
### END HIDDEN TESTS
'''


def test_a_check_quotes_the_students_line_never_the_tests_lambda(capsys):
    import numpy as np

    from nnlib.grading import GradingFailure, check_function

    namespace = {"np": np, "check_function": check_function, "X": np.ones((2, 3)), "B_hidden": np.ones((3, 4))}
    run_cell(STUDENT_FINITE_DIFFERENCE, namespace)
    with pytest.raises(GradingFailure) as failure:
        run_cell(HIDDEN_TEST, namespace)
    message = str(failure.value)
    assert "finite_difference(...) raised ValueError" in message
    assert "B_hidden" not in message and "lambda" not in message
    assert "return f(x[:, :1] + h)" in message
    assert "my own debugging line" not in capsys.readouterr().out


def test_what_the_students_code_prints_in_a_visible_test_is_kept(capsys):
    import numpy as np

    from nnlib.grading import GradingFailure, check_function

    namespace = {"np": np, "check_function": check_function, "X": np.ones((2, 3)), "B_hidden": np.ones((3, 4))}
    run_cell(STUDENT_FINITE_DIFFERENCE, namespace)
    with pytest.raises(GradingFailure):
        run_cell(HIDDEN_TEST.replace("### BEGIN HIDDEN TESTS", "").replace("### END HIDDEN TESTS", ""), namespace)
    assert "my own debugging line" in capsys.readouterr().out


def test_without_bubblewrap_the_run_says_what_that_means(monkeypatch):
    monkeypatch.setattr(sandbox.shutil, "which", lambda name: None)
    sandbox.status.cache_clear()
    try:
        line = sandbox.announcement()
    finally:
        monkeypatch.undo()
        sandbox.status.cache_clear()
    assert line.startswith("sandbox: NOT AVAILABLE")
    assert "with your rights" in line and "apt-get install bubblewrap" in line


@pytest.mark.parametrize("lesson", LESSONS)
def test_no_solution_is_flagged_as_an_attack(lesson):
    assert sandbox.attempts(load(source_path(lesson)), sandboxed=True) == []
