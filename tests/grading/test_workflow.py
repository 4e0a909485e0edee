"""The instructor commands answer mistakes in their use with a message an instructor can act on."""
import subprocess
import sys

from tests.notebooks.lessons import LESSONS, copy_course


def grade(course, *args):
    result = subprocess.run([sys.executable, "-m", "autograder", "--root", str(course), *args],
                            capture_output=True, text=True)
    return result.returncode, result.stdout + result.stderr


def test_an_unknown_lesson_is_named_with_the_known_ones(tmp_path):
    course = copy_course(tmp_path / "course")
    status, output = grade(course, "autograde", "--lesson", "99_nonexistent")
    assert status != 0
    assert "unknown lesson(s) 99_nonexistent" in output and LESSONS[0] in output


def test_collect_needs_an_existing_folder(tmp_path):
    course = copy_course(tmp_path / "course")
    status, output = grade(course, "collect", str(tmp_path / "no-such-download"), "--lesson", LESSONS[0])
    assert status != 0 and "is not a folder" in output


def test_steps_on_an_empty_course_say_there_is_nothing_yet(tmp_path):
    course = copy_course(tmp_path / "course")
    status, output = grade(course, "autograde")
    assert status == 0 and f"autograde {LESSONS[0]}: no submissions" in output
    status, output = grade(course, "feedback")
    assert status == 0 and f"feedback {LESSONS[0]}: no graded submissions" in output
    status, output = grade(course, "summary")
    assert status == 0 and "No graded submissions yet" in output
    assert not (course / "gradebook.db").exists(), "nbgrader created a stray gradebook at the course root"
