"""`summary` fits on one screen for a class of 30, and the details it leaves out are in the per-student reports.

No grading runs here: each simulated student's scores, report and autograded notebook are recorded the way the
autograde step records them (`Course.record`), into a real gradebook of a temporary copy of the course.
"""
import json
import re
import subprocess
import sys

import pytest

from autograder import engine
from autograder.workflow import (MANUAL, SCREEN_COLUMNS, SCREEN_LINES, STUDENT_WIDTH, Course, Report,
                                 _display_width, _shorten, release_test_ids)
from tests.notebooks.lessons import LESSONS, copy_course, load, source_path

CLASS_SIZE = 30
ISSUE_LESSONS = ["01_forward_pass", "04_backprop"]  # the lessons of the instructor's trial in the issue
LONG_MESSAGE = ("GradingFailure: sigmoid(z) returned an array of shape (4, 3), expected (3, 4): did you transpose "
                "the input? The check compares with finite differences on random shapes and found it off by far")


def student_name(i):
    # Real ids are long: Moodle's full names, Canvas's numbers; a few are longer than the column.
    return f"student-{i:02d}" if i % 10 else f"a-very-long-moodle-name-of-student-{i:02d}"


def simulate(course, lessons, size=CLASS_SIZE):
    """{(student, lesson): Report} of a class whose every student submitted every lesson; each gets a different
    mix of passed and failed checks, and some get problems, flags and written answers to grade."""
    engine.prepare_nbgrader()  # as autograde does: the gradebook needs this environment's `alembic`
    reports = {}
    for lesson in lessons:
        course.define_in_gradebook(lesson)
        tests = sorted(release_test_ids(course.source(lesson)))
        written = [c["metadata"]["nbgrader"]["grade_id"] for c in load(source_path(lesson))["cells"]
                   if c["metadata"].get("nbgrader", {}).get("solution") and c["cell_type"] == "markdown"]
        for i in range(size):
            student = student_name(i)
            passed = {grade_id: (i + j) % (2 + i % 5) != 0 for j, grade_id in enumerate(tests)}
            cells = {grade_id: (1.0 if ok else 0.0, False) for grade_id, ok in passed.items()}
            cells.update({grade_id: (None, True) for grade_id in written})
            report = Report(failed=[(grade_id, LONG_MESSAGE) for grade_id, ok in passed.items() if not ok])
            if i % 3 == 0:
                report.flags.append("sandbox: code that looks for files outside its notebook (the gradebook, "
                                    "solutions/, the library's folder, the file system) (in sigmoid); the sandbox "
                                    "blocked it; only the honest part of the work scores")
            if i % 4 == 0:
                report.problems.append("answer cell 'relu' was still running after 60 s (an endless loop?); the "
                                       "grader restarted the kernel and skipped that cell")
            course.record(lesson, student, {lesson: cells}, report,
                          {f"{lesson}.ipynb": json.dumps({"cells": []}).encode()})
            reports[student, lesson] = report
    return reports


def summary_of(course):
    result = subprocess.run([sys.executable, "-m", "autograder", "--root", str(course.root), "summary"],
                            capture_output=True, text=True, timeout=300)
    assert result.returncode == 0, result.stdout + result.stderr
    return result.stdout


@pytest.fixture(scope="module")
def issue_class(tmp_path_factory):
    course = Course(copy_course(tmp_path_factory.mktemp("course")))
    reports = simulate(course, ISSUE_LESSONS)
    return course, reports, summary_of(course)


def check_fits_on_one_screen(output):
    lines = output.rstrip("\n").splitlines()
    assert len(lines) <= SCREEN_LINES, f"{len(lines)} lines:\n{output}"
    too_wide = [line for line in lines if _display_width(line) > SCREEN_COLUMNS]
    assert not too_wide, f"lines wider than {SCREEN_COLUMNS} columns:\n" + "\n".join(too_wide)


def table_of(output):
    """(header words, rows) of the score table: the lines from its header to the first blank line."""
    lines = output.split("\n\n")[0].splitlines()
    start = next(i for i, line in enumerate(lines) if line.startswith("student "))
    return lines[start], lines[start + 1:]


def test_a_class_of_30_fits_on_one_screen(issue_class):
    check_fits_on_one_screen(issue_class[2])


def test_one_row_per_student_under_lesson_headers_that_are_not_cut(issue_class):
    course, reports, output = issue_class
    header, rows = table_of(output)
    assert header.split() == ["student", *ISSUE_LESSONS, "total", "look", "at"]
    assert len(rows) == CLASS_SIZE
    students = sorted({student for student, _ in reports})
    assert [row.split()[0] for row in rows] == [_shorten(student, STUDENT_WIDTH) for student in students]
    long_name = next(student for student in students if len(student) > STUDENT_WIDTH)
    shown = _shorten(long_name, STUDENT_WIDTH)
    assert "…" in shown and long_name.startswith(shown.split("…")[0]) and long_name.endswith(shown.split("…")[1])


def test_each_row_carries_the_scores_of_the_gradebook(issue_class):
    course, reports, output = issue_class
    _, rows = table_of(output)
    from nbgrader.api import Gradebook

    student_of = {_shorten(student, STUDENT_WIDTH): student for student, _ in reports}
    with Gradebook(course.db_url, course.course_id) as gradebook:
        for row in rows:
            student = student_of[row.split()[0]]
            expected = [f"{gradebook.find_submission(lesson, student).score:g}/"
                        f"{gradebook.find_submission(lesson, student).max_score:g}" for lesson in ISSUE_LESSONS]
            assert row.split()[1:3] == expected, row


def test_the_look_at_column_is_short_and_says_what_to_do(issue_class):
    course, reports, output = issue_class
    _, rows = table_of(output)
    for row in rows:
        look_at = re.split(r"\s{2,}", row)[-1]
        assert len(look_at) <= 50, row
        assert "written answers to grade" in look_at
    flagged = [row for row in rows if "FLAG" in row]
    assert len(flagged) == len({student for (student, _), report in reports.items() if report.flags})


def test_the_summary_says_where_the_details_are_and_the_reports_hold_them(issue_class):
    course, reports, output = issue_class
    assert "autograder/reports/<student>/<lesson>.json" in output
    for (student, lesson), report in reports.items():
        saved = course.report(lesson, student)
        assert saved["problems"] == report.problems and saved["flags"] == report.flags
        assert [tuple(failure) for failure in saved["failed"]] == report.failed


def test_sections_that_do_not_fit_say_how_many_more_there_are(issue_class):
    output = issue_class[2]
    flagged = output.split("Flagged for review:")[1].split("\n\n")[0].splitlines()
    shown = [line for line in flagged if " / " in line]
    assert shown and all("sandbox: code that looks for files outside its notebook" in line for line in shown)
    more = re.search(r"… and (\d+) more", "\n".join(flagged))
    assert more and len(shown) + int(more.group(1)) == 2 * len(range(0, CLASS_SIZE, 3)), flagged


def test_a_term_of_every_lesson_numbers_the_columns_and_names_them_in_a_legend(tmp_path):
    course = Course(copy_course(tmp_path / "course"))
    simulate(course, LESSONS, size=CLASS_SIZE)
    output = summary_of(course)
    check_fits_on_one_screen(output)
    header, rows = table_of(output)
    numbers = [lesson.split("_")[0] for lesson in LESSONS]
    assert header.split() == ["student", *numbers, "total", "look", "at"] and len(rows) == CLASS_SIZE
    legend = output.split("\nstudent ")[0]
    for number, lesson in zip(numbers, LESSONS):
        assert f"{number} = {lesson} (" in legend.replace("\n  ", " "), legend


def test_manual_grading_is_not_counted_as_a_problem(issue_class):
    course, reports, output = issue_class
    assert MANUAL not in output.split("Problems found:")[1]
