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


def test_collect_keeps_a_notebook_the_lms_or_the_student_renamed(tmp_path):
    """Browsers save a second download as "NN_topic (1).ipynb"; the notebook is collected under that name and the
    autograder grades it as the lesson's notebook (tests/grading/test_bad_input.py)."""
    course = copy_course(tmp_path / "course")
    lesson = LESSONS[0]
    download = tmp_path / "download"
    download.mkdir()
    notebook = (course / "course" / lesson / f"{lesson}.ipynb").read_bytes()
    for name in (f"zed_{lesson} (1).ipynb", f"amy_attempt_2026-11-20_{lesson}-2.ipynb", f"bo_{lesson} copy.ipynb"):
        (download / name).write_bytes(notebook)
    status, output = grade(course, "collect", str(download), "--lesson", lesson)
    assert status == 0, output
    submitted = course / "autograder" / "submitted"
    assert (submitted / "zed" / lesson / f"{lesson} (1).ipynb").read_bytes() == notebook
    assert (submitted / "amy" / lesson / f"{lesson}-2.ipynb").is_file()
    assert (submitted / "bo" / lesson / f"{lesson} copy.ipynb").is_file()
