"""Collect takes a download exactly as Canvas, Moodle or Blackboard deliver it and never stops the class for one odd
file: each notebook reaches the right student, the latest attempt wins, the LMS's time becomes nbgrader's timestamp,
a roster names who is missing, and every file left out is named with its reason. The download is never changed, and
collecting again reflects the download folder as it is now.

The download folders are built for real in tmp_path (tests/grading/lms_download.py): the LMS's own file names, zips
written with zipfile, zips inside zips, __MACOSX and checkpoints, names that are not ASCII or not UTF-8."""
import copy
import csv
import json
import os
import shutil
import subprocess
import sys
from datetime import datetime
from pathlib import Path

import pytest
from nbgrader.api import Gradebook

from autograder import intake, lms, sandbox
from tests.grading.files import checksums, run_autograder, visible_text
from tests.grading.hostile import READS_GRADEBOOK, WRITES_MARKERS, course_state, markers, printed
from tests.grading.lms_download import (canvas_name, canvas_roster, moodle_name, moodle_worksheet, release_notebook,
                                        solved_notebook, write_file, write_zip, zip_bytes)
from tests.notebooks.lessons import (REGIONS, ROOT, autograded_points, copy_course, load, nbgrader_meta, release_path,
                                     secret_lines, source_of, source_path)

LESSON = "01_forward_pass"
NOTEBOOK = f"{LESSON}.ipynb"
TINY = b'{"cells": [], "metadata": {}, "nbformat": 4, "nbformat_minor": 5}'


def submitted(course, student):
    folder = course / "autograder" / "submitted" / student / LESSON
    return {p.name: p.read_bytes() for p in folder.iterdir()} if folder.is_dir() else None


def stamp(course, student):
    return submitted(course, student)["timestamp.txt"].decode()


# --- names: each LMS style yields its student ------------------------------------------------------------------

@pytest.mark.parametrize("name, student, fields", [
    (canvas_name("doejane", 4321, 998877, NOTEBOOK), "4321", {"style": "canvas", "file_name": NOTEBOOK}),
    (canvas_name("doejane", 4321, 998877, NOTEBOOK, late=True), "4321", {"late": True}),
    (canvas_name("doejane", 4321, 998877, f"{LESSON}-2.ipynb"), "4321", {"resubmission": 2}),
    (canvas_name("müllerzoë", 4325, 1, f"{LESSON} 🚀.ipynb"), "4325", {"file_name": f"{LESSON} 🚀.ipynb"}),
    (moodle_name("Jane Roe", 12345, NOTEBOOK), "jane-roe", {"style": "moodle", "file_name": NOTEBOOK}),
    (moodle_name("Ana Núñez", 12346, NOTEBOOK, folders=True), "ana-núñez", {"file_name": NOTEBOOK}),
    (moodle_name("Kim 🌟 Lee", 12348, NOTEBOOK), "kim-lee", {}),
    (moodle_name("Mary_Ann Smith", 7, NOTEBOOK), "mary-ann-smith", {}),  # Moodle writes '_' in a name as ' '
    (f"jdoe_attempt_2026-11-20-10-00-00_{NOTEBOOK}", "jdoe", {"time": datetime(2026, 11, 20, 10), "style": "attempt"}),
    (f"Lesson 1_jdoe_attempt_2026-11-21-09-30-00_{NOTEBOOK}", "jdoe", {"time": datetime(2026, 11, 21, 9, 30)}),
    (f"jdoe_{NOTEBOOK}", "jdoe", {"style": "plain", "file_name": NOTEBOOK}),
    (f"zed_{LESSON} (1).ipynb", "zed", {"file_name": f"{LESSON} (1).ipynb"}),
])
def test_each_lms_naming_gives_the_student(name, student, fields):
    item = lms.attribute(lms.Item(name.split("/")))
    assert item.student == student
    for key, value in fields.items():
        assert getattr(item, key) == value, (key, getattr(item, key))


def test_the_lms_name_outside_wins_over_a_name_the_student_chose_inside():
    """A Canvas zip of student 4321 holding "bob_01_forward_pass.ipynb" is 4321's work, not bob's."""
    item = lms.attribute(lms.Item(["submissions.zip", canvas_name("doejane", 4321, 5, "work.zip"), "work",
                                   f"bob_{NOTEBOOK}"]))
    assert item.student == "4321" and item.file_name == f"bob_{NOTEBOOK}"


# Names a student chose for the file they upload, each made to look like another student's LMS name.
SPOOFS = [f"4321_attempt_2030-01-01_{NOTEBOOK}",                                      # Blackboard's, of 4321
          moodle_name("Jane Roe", 12345, NOTEBOOK),                                    # Moodle's, of Jane Roe
          canvas_name("doejane", 4321, 998877, NOTEBOOK),                              # Canvas's, of 4321
          f"jroe_attempt_2030-01-01_{NOTEBOOK}"]


@pytest.mark.parametrize("spoof", SPOOFS)
@pytest.mark.parametrize("lms_name, student", [  # the LMS's name of student number k's file
    (lambda k, file: canvas_name(f"evil{k}", 4327 + k, 555 + k, file), "4327"),
    (lambda k, file: moodle_name(f"Eve Evil{k}", 12399 + k, file), "eve-evil0"),
    (lambda k, file: f"Lesson 1_evil{k}_attempt_2026-11-20-10-00-00_{file}", "evil0"),
])
def test_a_file_named_like_another_students_lms_name_stays_its_senders(lms_name, student, spoof):
    """The LMS wrote the start of the name, the student the rest: alone in a download, or among the class's files
    from that LMS, the name is read from its start."""
    alone = lms.attribute(lms.Item([lms_name(0, spoof)]))
    assert alone.student == student and alone.file_name == spoof
    selection = lms.select([lms.Item([lms_name(k, spoof if k == 0 else NOTEBOOK)]) for k in range(3)], LESSON)
    assert len(selection.chosen) == 3 and selection.chosen[student].file_name == spoof


def test_a_blackboard_assignment_named_with_numbers_reads_as_blackboard_in_a_class_download():
    """"HW_1_2_jdoe_attempt_..." also reads as Canvas's name of student 1; the class's files all read as
    Blackboard's, so the download is Blackboard's."""
    names = [f"HW_1_2_{user}_attempt_2026-11-20-10-00-00_{NOTEBOOK}" for user in ("jdoe", "amy")]
    selection = lms.select([lms.Item([name]) for name in names], LESSON)
    assert sorted(selection.chosen) == ["amy", "jdoe"]


def test_a_notebook_named_with_other_capitals_is_the_lessons():
    selection = lms.select([lms.Item([canvas_name("doejane", 4321, 5, "01_Forward_Pass.ipynb")])], LESSON)
    assert selection.chosen["4321"].file_name == "01_Forward_Pass.ipynb"


def test_a_file_name_that_is_not_utf8_is_read_as_windows_1252(tmp_path):
    raw = moodle_name("René Gaël", 12347, NOTEBOOK).encode("cp1252")
    write_file(tmp_path / "loose", raw, TINY)
    write_zip(tmp_path / "zipped.zip", [(raw, TINY, None)])
    items = [lms.attribute(item) for item in lms.walk(tmp_path)]
    assert [item.student for item in items] == ["rené-gaël", "rené-gaël"]


def test_rosters_as_canvas_and_moodle_export_them(tmp_path):
    (tmp_path / "canvas.csv").write_bytes(canvas_roster([("Doe, Jane", 4321, "jdoe1")]))
    (tmp_path / "moodle.csv").write_bytes(moodle_worksheet([(12345, "Jane Roe", "jroe@example.edu",
                                                             "Friday, 20 November 2026, 10:05 AM")]))
    canvas, = lms.read_roster(tmp_path / "canvas.csv")  # neither "Points Possible" nor Canvas's test student
    assert canvas.name == "Doe, Jane" and {"4321", "jdoe1", "doejane"} <= canvas.keys
    moodle, = lms.read_roster(tmp_path / "moodle.csv")
    assert {"jane-roe", "jane-roe-12345", "jroe@example.edu", "jroe"} <= moodle.keys
    assert moodle.submitted == datetime(2026, 11, 20, 10, 5).astimezone()


def test_a_moodle_worksheet_time_is_the_instructors_local_time(tmp_path, monkeypatch):
    import time

    (tmp_path / "moodle.csv").write_bytes(moodle_worksheet([(12345, "Jane Roe", "jroe@example.edu",
                                                             "Friday, 20 November 2026, 10:05 AM")]))
    monkeypatch.setenv("TZ", "Europe/Berlin")  # UTC+1 in November
    time.tzset()
    try:
        moodle, = lms.read_roster(tmp_path / "moodle.csv")
    finally:
        monkeypatch.undo()
        time.tzset()
    assert lms.as_utc(moodle.submitted) == datetime(2026, 11, 20, 9, 5, tzinfo=lms.timezone.utc)


def test_a_roster_saved_by_a_spreadsheet_with_semicolons_or_tabs_is_read(tmp_path):
    for delimiter in ";\t":
        rows = [["Student", "ID", "SIS Login ID"], ["Doe, Jane", "4321", "jdoe1"], ["Roe, Jim", "4322", "jroe"]]
        (tmp_path / "class.csv").write_text("\n".join(delimiter.join(row) for row in rows) + "\n")
        students = lms.read_roster(tmp_path / "class.csv")
        assert [(s.name, {"4321", "4322"} & s.keys) for s in students] == [("Doe, Jane", {"4321"}),
                                                                          ("Roe, Jim", {"4322"})]


# --- answers as students really hand them in ---------------------------------------------------------------------

def lesson_notebooks():
    return load(release_path(LESSON)), load(source_path(LESSON))


def answer_ids(notebook):
    return [nbgrader_meta(c)["grade_id"] for c in notebook["cells"] if nbgrader_meta(c).get("solution")]


def test_answers_pasted_into_a_fresh_notebook_are_found_by_what_they_define():
    release, source = lesson_notebooks()
    solution = {nbgrader_meta(c)["grade_id"]: source_of(c) for c in source["cells"] if nbgrader_meta(c).get("solution")}
    fresh = copy.deepcopy(release)
    for cell in fresh["cells"]:  # the whole release pasted cell by cell into a new notebook, then answered
        grade_id = nbgrader_meta(cell).get("grade_id")
        cell["source"] = solution.get(grade_id, source_of(cell))
        cell["metadata"] = {}
    notebook, problems, flags = intake.restore_cells(fresh, release, intake.answer_names(source))
    graded = {nbgrader_meta(c)["grade_id"]: source_of(c) for c in notebook["cells"] if nbgrader_meta(c).get("solution")}
    assert graded == {grade_id: solution[grade_id] for grade_id in answer_ids(release)}
    assert len(flags) == 1 and "found by what they define" in flags[0]
    assert all(grade_id in flags[0] for grade_id in answer_ids(release))


def test_crlf_line_ends_and_sources_as_lists_of_lines_are_not_edits():
    release, source = lesson_notebooks()
    submitted = copy.deepcopy(release)
    for cell in submitted["cells"]:
        cell["source"] = source_of(cell).replace("\n", "\r\n").splitlines(keepends=True)
    notebook, problems, flags = intake.restore_cells(submitted, release, intake.answer_names(source))
    assert problems == [] and flags == []


def test_an_answer_cell_turned_into_markdown_is_reported_and_not_run():
    release, source = lesson_notebooks()
    submitted = copy.deepcopy(release)
    first = answer_ids(release)[0]
    cell = next(c for c in submitted["cells"] if nbgrader_meta(c).get("grade_id") == first)
    cell.update(cell_type="raw", source="def guess(z):\n    return z\n")
    notebook, problems, flags = intake.restore_cells(submitted, release, intake.answer_names(source))
    assert problems == [f"answer cells turned into Markdown or raw text by the student, so not run (their text is "
                        f"kept below them): {first} (raw)"]
    index = next(i for i, c in enumerate(notebook["cells"]) if nbgrader_meta(c).get("grade_id") == first)
    assert notebook["cells"][index]["cell_type"] == "code" and "NotImplementedError" in source_of(
        notebook["cells"][index])
    assert notebook["cells"][index + 1]["cell_type"] == "raw" and "guess" in source_of(notebook["cells"][index + 1])


# --- a real collect ----------------------------------------------------------------------------------------------

@pytest.fixture
def course(tmp_path):
    return copy_course(tmp_path / "course")


def canvas_download(folder):
    """submissions.zip as Canvas delivers it, with the odd cases of a real class."""
    write_zip(folder / "submissions.zip", [
        (canvas_name("doejane", 4321, 900001, NOTEBOOK), b"jane" + TINY, (2026, 11, 20, 9, 0, 0)),
        (canvas_name("smithbob", 4322, 900002, NOTEBOOK, late=True), b"bob" + TINY, (2026, 11, 21, 8, 0, 0)),
        # re-submissions: the suffix says which is newer, whatever the entries' times say
        (canvas_name("leeann", 4323, 900003, NOTEBOOK), b"ann old" + TINY, (2026, 11, 20, 23, 0, 0)),
        (canvas_name("leeann", 4323, 900004, f"{LESSON}-1.ipynb"), b"ann 1" + TINY, (2026, 11, 20, 22, 0, 0)),
        (canvas_name("leeann", 4323, 900005, f"{LESSON}-2.ipynb"), b"ann 2" + TINY, (2026, 11, 20, 8, 0, 0)),
        # a student's own zip of their folder, made on a Mac
        (canvas_name("kimtae", 4324, 900006, "my_work.zip"), zip_bytes([
            (f"my_work/{NOTEBOOK}", b"tae" + TINY, None),
            (f"my_work/.ipynb_checkpoints/{LESSON}-checkpoint.ipynb", b"stale" + TINY, None),
            (f"__MACOSX/my_work/._{NOTEBOOK}", b"\x00\x05\x16\x07", None),
            ("my_work/.DS_Store", b"\x00\x00\x00\x01Bud1", None),
            ("my_work/notes.txt", b"my notes", None)]), None),
        (canvas_name("müllerzoë", 4325, 900007, f"{LESSON} 🚀.ipynb"), b"zoe" + TINY, None),
        (canvas_name("parkmin", 4326, 900008, "essay.pdf"), b"%PDF-1.4", None),
        (canvas_name("newkid", 4330, 900009, NOTEBOOK), b"new" + TINY, None),  # joined late: not on the roster
    ])
    return [("Doe, Jane", 4321, "jdoe1"), ("Smith, Bob", 4322, "bsmith"), ("Lee, Ann", 4323, "alee"),
            ("Kim, Tae", 4324, "tkim"), ("Müller, Zoë", 4325, "zmuller"), ("Park, Min", 4326, "mpark"),
            ("Absent, Al", 4399, "aabsent")]


def test_a_canvas_download_with_its_roster(course, tmp_path):
    download = tmp_path / "download"
    roster = canvas_download(download)
    (tmp_path / "roster.csv").write_bytes(canvas_roster(roster))
    before = checksums(download)
    status, output = run_autograder(course, "collect", str(download), "--lesson", LESSON,
                           "--roster", str(tmp_path / "roster.csv"))
    assert status == 0, output
    assert submitted(course, "4321")[NOTEBOOK] == b"jane" + TINY
    assert submitted(course, "4323") == {f"{LESSON}-2.ipynb": b"ann 2" + TINY,
                                         "timestamp.txt": b"2026-11-20 08:00:00.000000 UTC"}
    assert submitted(course, "4324")[NOTEBOOK] == b"tae" + TINY
    assert submitted(course, "4325")[f"{LESSON} 🚀.ipynb"] == b"zoe" + TINY
    assert submitted(course, "4326") is None
    lines = output.splitlines()
    row = next(line for line in lines if line.startswith("4322 "))
    assert "Smith, Bob" in row and "LATE" in row and "2026-11-21 08:00 file" in row
    assert "MISSING: 2 on the roster sent no notebook: Park, Min (sent only essay.pdf), Absent, Al" in output
    assert "NOT ON THE ROSTER: 4330 (collected; check the id or the roster)" in output
    assert submitted(course, "4330")[NOTEBOOK] == b"new" + TINY
    assert "an older attempt (collected instead: leeann_4323_900005_01_forward_pass-2.ipynb)" in output
    assert "my_work > notes.txt: not a notebook" in output
    assert "IGNORED 3 system files" in output
    assert checksums(download) == before, "collect changed the download folder"
    kept = (course / "autograder" / "reports" / f"collect-{LESSON}.txt").read_text(encoding="utf-8")
    assert "MISSING: 2" in kept


def test_a_moodle_download_with_its_grading_worksheet(course, tmp_path):
    download = tmp_path / "download"
    write_zip(download / "NN101-01 Forward pass-42.zip", [
        (moodle_name("Jane Roe", 12345, NOTEBOOK), b"jane" + TINY, None),
        (moodle_name("Ana Núñez", 12346, NOTEBOOK, folders=True), b"ana" + TINY, None),
        (moodle_name("Ana Núñez", 12346, "onlinetext.html", folders=True, plugin="onlinetext"), b"<p>hi</p>", None),
        (moodle_name("René Gaël", 12347, NOTEBOOK, folders=True).encode("cp1252"), b"rene" + TINY, None),
        (moodle_name("Kim 🌟 Lee", 12348, NOTEBOOK), b"kim" + TINY, None),
        (moodle_name("Sam Park", 12349, NOTEBOOK), b"sam 1" + TINY, None),
        (moodle_name("Sam Park", 12350, NOTEBOOK), b"sam 2" + TINY, None),
        (moodle_name("Li Wei", 12351, "submission.zip", folders=True),
         zip_bytes([(f"lesson01/{NOTEBOOK}", b"li" + TINY, None)]), None),
        (moodle_name("Max Mustermann", 12352, f"{LESSON}.pdf", folders=True), b"%PDF-1.4", None),
    ])
    worksheet = [(12345, "Jane Roe", "jroe@example.edu", "Friday, 20 November 2026, 10:05 AM"),
                 (12346, "Ana Núñez", "anunez@example.edu", "Friday, 20 November 2026, 11:00 PM"),
                 (12347, "René Gaël", "rgael@example.edu", "-"), (12348, "Kim 🌟 Lee", "klee@example.edu", "-"),
                 (12349, "Sam Park", "spark1@example.edu", "-"), (12350, "Sam Park", "spark2@example.edu", "-"),
                 (12351, "Li Wei", "lwei@example.edu", "-"), (12352, "Max Mustermann", "mm@example.edu", "-")]
    (tmp_path / "worksheet.csv").write_bytes(moodle_worksheet(worksheet))
    status, output = run_autograder(course, "collect", str(download), "--lesson", LESSON,
                           "--roster", str(tmp_path / "worksheet.csv"))
    assert status == 0, output
    expected = {"jane-roe": b"jane", "ana-núñez": b"ana", "rené-gaël": b"rene", "kim-lee": b"kim",
                "sam-park-12349": b"sam 1", "sam-park-12350": b"sam 2", "li-wei": b"li"}
    for student, prefix in expected.items():
        assert submitted(course, student)[NOTEBOOK] == prefix + TINY, student
    assert stamp(course, "jane-roe") == "2026-11-20 10:05:00.000000 UTC"  # the worksheet's submission time
    assert stamp(course, "ana-núñez") == "2026-11-20 23:00:00.000000 UTC"
    assert "MISSING: 1 on the roster sent no notebook: Max Mustermann (sent only 01_forward_pass.pdf)" in output
    assert "NOT ON THE ROSTER" not in output
    assert "onlinetext.html: Moodle's onlinetext text, not a file" in output


def test_what_stopped_the_whole_class_before_now_collects_everyone(course, tmp_path):
    """The issue: __MACOSX/._* beside the real notebook, or two attempts named as the docs suggest, aborted
    collect for every student with "Duplicate submission file. No timestamps for comparison"."""
    download = tmp_path / "download"
    write_zip(download / "lesson01.zip", [
        (f"amy_attempt_2026-11-20-10-00-00_{NOTEBOOK}", b"amy first" + TINY, (2026, 11, 22, 0, 0, 0)),
        (f"amy_attempt_2026-11-20-18-30-00_{NOTEBOOK}", b"amy second" + TINY, (2026, 11, 19, 0, 0, 0)),
        (f"__MACOSX/._amy_attempt_2026-11-20-18-30-00_{NOTEBOOK}", b"\x00\x05\x16\x07", None),
        (f"bo_attempt_2026-11-20-09-00-00_{NOTEBOOK}", b"bo" + TINY, None),
    ])
    write_file(download, f"cy_{NOTEBOOK}", b"cy" + TINY, when=(2026, 11, 20, 7, 15, 0))
    status, output = run_autograder(course, "collect", str(download), "--lesson", LESSON)
    assert status == 0, output
    assert submitted(course, "amy")[NOTEBOOK] == b"amy second" + TINY  # the LMS's time, not the file's
    assert stamp(course, "amy") == "2026-11-20 18:30:00.000000 UTC"
    assert submitted(course, "bo")[NOTEBOOK] == b"bo" + TINY
    assert stamp(course, "cy") == "2026-11-20 07:15:00.000000 UTC"  # no LMS time: the file's own
    assert "IGNORED 1 system files" in output


def test_files_no_student_can_be_given_are_named_without_a_roster(course, tmp_path):
    download = tmp_path / "download"
    write_file(download, f"ann_{NOTEBOOK}", TINY)
    write_file(download, NOTEBOOK, TINY)  # no name at all
    write_file(download, "Ren\xe9 notes.txt".encode("latin-1"), b"notes")
    write_file(download, "broken.zip", b"PK\x03\x04 cut short")
    write_zip(download / "undated.zip", [(f"dee_{NOTEBOOK}", b"dee" + TINY, (1980, 0, 0, 0, 0, 0))])
    long_name = f"eve_{LESSON}" + "-final" * 50 + ".ipynb"  # too long for a file system once the prefix is gone
    write_zip(download / "long.zip", [(long_name, b"eve" + TINY, None)])
    status, output = run_autograder(course, "collect", str(download), "--lesson", LESSON)
    assert status == 0, output
    assert submitted(course, "dee")[NOTEBOOK] == b"dee" + TINY and "timestamp.txt" not in submitted(course, "dee")
    assert submitted(course, "eve")[NOTEBOOK] == b"eve" + TINY
    assert f"NOT ATTRIBUTED: no student named in the path of\n    {NOTEBOOK}\n    René notes.txt" in output
    assert "broken.zip: a zip that cannot be opened" in output


def test_collecting_again_reflects_the_corrected_download(course, tmp_path):
    """Semantics: a lesson's submissions are what the latest collect found. A student who is no longer in the
    download is removed, a deleted attempt no longer counts; an empty or wrong folder changes nothing."""
    first, corrected, empty = tmp_path / "first", tmp_path / "corrected", tmp_path / "empty"
    for folder in (first, corrected):
        write_file(folder, f"amy_attempt_2026-11-20-10-00-00_{NOTEBOOK}", b"amy first" + TINY)
        write_file(folder, f"cy_{NOTEBOOK}", b"cy" + TINY)
    write_file(first, f"amy_attempt_2026-11-21-10-00-00_{NOTEBOOK}", b"amy wrong attempt" + TINY)
    write_file(first, f"bo_{NOTEBOOK}", b"not bo's, uploaded by mistake" + TINY)
    write_file(empty, "readme.txt", b"wrong folder")
    status, output = run_autograder(course, "collect", str(first), "--lesson", LESSON)
    assert status == 0 and submitted(course, "amy")[NOTEBOOK] == b"amy wrong attempt" + TINY, output

    status, output = run_autograder(course, "collect", str(corrected), "--lesson", LESSON)
    assert status == 0, output
    assert submitted(course, "amy")[NOTEBOOK] == b"amy first" + TINY
    assert submitted(course, "bo") is None and not (course / "autograder" / "submitted" / "bo").exists()
    assert "REMOVED: bo" in output
    assert [line.split()[-1] for line in output.splitlines() if line.startswith(("amy ", "cy "))] == ["changed",
                                                                                                      "same"]
    before = checksums(course / "autograder" / "submitted")
    status, output = run_autograder(course, "collect", str(empty), "--lesson", LESSON)
    assert status != 0 and "no notebook of 01_forward_pass" in output and "nothing was changed" in output
    assert "the 2 submissions collected earlier are kept" in output
    assert checksums(course / "autograder" / "submitted") == before


def test_a_download_of_the_late_submissions_only_removes_no_one_by_mistake(course, tmp_path):
    """An instructor who downloads only the late work and collects it would remove the whole class: collect stops
    and says how to add it (ADD=1) or to replace the class (REPLACE=1)."""
    whole, late = tmp_path / "whole", tmp_path / "late"
    for student in ("amy", "bo", "cy", "di"):
        write_file(whole, f"{student}_attempt_2026-11-20-10-00-00_{NOTEBOOK}", student.encode() + TINY)
    write_file(late, f"bo_attempt_2026-11-22-10-00-00_{NOTEBOOK}", b"bo late" + TINY)
    assert run_autograder(course, "collect", str(whole), "--lesson", LESSON)[0] == 0
    before = checksums(course / "autograder" / "submitted")
    status, output = run_autograder(course, "collect", str(late), "--lesson", LESSON)
    assert status != 0 and "STOPPED, nothing was changed" in output and "would remove 3 of the 4" in output
    assert "ADD=1" in output and "REPLACE=1" in output
    assert checksums(course / "autograder" / "submitted") == before
    status, output = run_autograder(course, "collect", str(late), "--lesson", LESSON, "--add")
    assert status == 0 and "REMOVED" not in output, output
    assert submitted(course, "bo")[NOTEBOOK] == b"bo late" + TINY and submitted(course, "amy")[NOTEBOOK] == b"amy" + TINY
    status, output = run_autograder(course, "collect", str(late), "--lesson", LESSON, "--replace")
    assert status == 0 and "REMOVED: amy, cy, di" in output, output
    assert submitted(course, "amy") is None and submitted(course, "bo")[NOTEBOOK] == b"bo late" + TINY


def test_a_roster_that_names_no_one_is_refused(course, tmp_path):
    write_file(tmp_path / "download", f"ann_{NOTEBOOK}", TINY)
    (tmp_path / "roster.csv").write_text("nothing,useful\n,\n")
    status, output = run_autograder(course, "collect", str(tmp_path / "download"), "--lesson", LESSON,
                           "--roster", str(tmp_path / "roster.csv"))
    assert status != 0 and "names no student" in output
    assert submitted(course, "ann") is None


# --- end to end: a download through collect, autograde and grades --------------------------------------------------

def autograded_points():
    cells = load(source_path(LESSON))["cells"]
    return sum(float(c["metadata"]["nbgrader"]["points"]) for c in cells
               if c["metadata"].get("nbgrader", {}).get("grade") and c["cell_type"] == "code"
               and not c["metadata"]["nbgrader"].get("solution"))


def make(course, target, **variables):
    """`make <target> VAR=value ...` in the course copy, as the README tells an instructor, with this environment."""
    env = {key: value for key, value in os.environ.items() if key not in ("MAKEFLAGS", "MFLAGS", "MAKELEVEL")}
    result = subprocess.run(["make", "--no-print-directory", target, f"VENV={Path(sys.prefix)}",
                             *(f"{name}={value}" for name, value in variables.items())],
                            cwd=course, env=env, capture_output=True, text=True, encoding="utf-8")
    return result.returncode, result.stdout + result.stderr


def test_an_lms_download_through_the_readme_commands(course, tmp_path):
    """A class's download as Canvas and Moodle deliver it goes through `make collect`, `make autograde`,
    `make feedback`, `make grades` and `make summary` with no manual step: every student on the roster is graded
    or named as missing, one not on it is named; the latest attempt is graded (even when it is the worse one);
    the LMS's time reaches grades.csv with nbgrader's configured late penalty; pasted answers are found; hostile
    code gains nothing, is flagged and leaves no trace; no feedback shows a hidden test or the instructor's notes;
    no file outside the grading's own folders changes."""
    works, why_not = sandbox.status()
    if not works:  # the hostile student's attack would succeed: it would write into this checkout
        pytest.skip(f"the hostile student is graded only in the sandbox, which is not available here: {why_not}")
    for name in ("Makefile", "requirements.lock", "pyproject.toml"):
        shutil.copy2(ROOT / name, course / name)
    status, output = make(course, "release", LESSON=LESSON)  # a release that matches the sources being edited
    assert status == 0, output
    solved, untouched = solved_notebook(LESSON, course), release_notebook(LESSON, course)
    hostile = json.loads(solved)
    relu = next(c for c in hostile["cells"] if nbgrader_meta(c).get("grade_id") == "relu")
    relu["source"] = source_of(relu) + READS_GRADEBOOK + WRITES_MARKERS
    download = tmp_path / "download"
    write_zip(download / "submissions.zip", [
        (canvas_name("doejane", 4321, 1, NOTEBOOK), solved, (2026, 11, 20, 9, 0, 0)),
        (canvas_name("smithbob", 4322, 2, NOTEBOOK, late=True), solved, (2026, 11, 21, 8, 0, 0)),
        (canvas_name("leeann", 4323, 3, NOTEBOOK), solved, (2026, 11, 20, 11, 0, 0)),
        (canvas_name("leeann", 4323, 4, f"{LESSON}-1.ipynb"), untouched, (2026, 11, 20, 10, 0, 0)),
        (canvas_name("evileve", 4327, 5, NOTEBOOK), json.dumps(hostile).encode(), (2026, 11, 20, 9, 30, 0)),
    ])
    write_zip(download / "late-submissions.zip", [
        (f"jdoe_attempt_2026-11-20-10-00-00_{NOTEBOOK}", untouched, None),
        (f"jdoe_attempt_2026-11-20-21-45-00_{NOTEBOOK}", solved, None),
        (f"__MACOSX/._jdoe_attempt_2026-11-20-21-45-00_{NOTEBOOK}", b"\x00\x05\x16\x07", None),
    ])
    # Answers pasted into a fresh notebook: no nbgrader metadata, CRLF line ends, sources as lists of lines.
    fresh = json.loads(solved)
    for cell in fresh["cells"]:
        text = source_of(cell).replace("\n", "\r\n")
        cell["metadata"], cell["source"] = {}, text.splitlines(keepends=True)
        cell.pop("id", None)
    write_zip(download / "NN101-01 Forward pass-42.zip", [
        (moodle_name("Pat Doe", 12360, "Untitled.ipynb", folders=True), json.dumps(fresh).encode(), None)])
    roster = tmp_path / "roster.csv"
    roster.write_bytes(canvas_roster([("Doe, Jane", 4321, "jdoe1"), ("Smith, Bob", 4322, "bsmith"),
                                      ("Lee, Ann", 4323, "alee"), ("Eve, Evil", 4327, "eeve"),
                                      ("Absent, Al", 4399, "aabsent")]))
    with open(course / "autograder" / "nbgrader_config.py", "a") as config:
        config.write('\nc.LateSubmissionPlugin.penalty_method = "zero"\n')  # the documented optional penalty
    download_sums = checksums(download)
    status, output = make(course, "collect", FROM=download, LESSON=LESSON, ROSTER=roster, DUE="2026-11-20 23:59")
    assert status == 0, output
    assert "LATE, 8.0 h after --due" in output
    assert "MISSING: 1 on the roster sent no notebook: Absent, Al" in output
    assert "NOT ON THE ROSTER: jdoe, pat-doe" in output
    before = {"course": course_state(course), "markers": markers()}
    for target, variables in [("autograde", {"WORKERS": 2}), ("feedback", {})]:
        status, output = make(course, target, **variables)
        assert status == 0, f"{target}:\n{output}"
    assert course_state(course) == before["course"], "grading changed a file outside its own folders"
    assert markers() == before["markers"] == [], "the hostile student's code wrote outside its scratch folder"
    status, output = make(course, "grades")
    assert status == 0, output
    assert checksums(download) == download_sums, "grading changed the download"
    full = autograded_points()
    with open(course / "autograder" / "grades.csv", newline="") as handle:
        rows = {row["student_id"]: row for row in csv.DictReader(handle)}
    expected = {"4321": (full, 0.0, "2026-11-20 09:00:00"), "4322": (0.0, full, "2026-11-21 08:00:00"),
                "4323": (0.0, 0.0, "2026-11-20 10:00:00"), "4327": (full, 0.0, "2026-11-20 09:30:00"),
                "jdoe": (full, 0.0, "2026-11-20 21:45:00"), "pat-doe": (full, 0.0, "2026-11-20 12:00:00")}
    assert set(rows) == set(expected), rows
    for student, (score, penalty, timestamp) in expected.items():
        row = rows[student]
        assert float(row["score"]) == score, (student, row)
        assert float(row["late_submission_penalty"] or 0) == penalty, (student, row)
        assert row["timestamp"].startswith(timestamp) and row["duedate"].startswith("2026-11-20 23:59"), row
    # The names come from the roster (Canvas's "Last, First"), else from the LMS's file name.
    assert (rows["4321"]["last_name"], rows["4321"]["first_name"]) == ("Doe", "Jane")
    assert (rows["pat-doe"]["last_name"], rows["jdoe"]["last_name"]) == ("Pat Doe", "jdoe")
    with open(course / "autograder" / "grades-by-student.csv", newline="") as handle:
        table = list(csv.reader(handle))
    possible = sum(float(nbgrader_meta(c)["points"]) for c in load(source_path(LESSON))["cells"]
                   if nbgrader_meta(c).get("grade"))
    assert table[0] == ["student_id", "last_name", "first_name", f"{LESSON} (of {possible:g})",
                        f"total (of {possible:g})"]
    assert {row[0]: (row[1], row[3]) for row in table[1:]} == {
        student: (rows[student]["last_name"], f"{float(rows[student]['score']):g}") for student in expected}
    with Gradebook(f"sqlite:///{course / 'autograder' / 'gradebook.db'}") as gradebook:
        assert gradebook.find_submission(LESSON, "4322").timestamp == datetime(2026, 11, 21, 8)
    report = json.loads((course / "autograder" / "reports" / "pat-doe" / f"{LESSON}.json").read_text())
    assert any("found by what they define" in flag for flag in report["flags"]), report
    hostile_report = json.loads((course / "autograder" / "reports" / "4327" / f"{LESSON}.json").read_text())
    assert any("looks for files" in flag for flag in hostile_report["flags"]), hostile_report
    assert "LEAKED" not in printed(course, "4327")  # (what it wrote went to the sandbox's own /tmp: see markers())
    with Gradebook(f"sqlite:///{course / 'autograder' / 'gradebook.db'}") as gradebook:
        written = [g for g in gradebook.find_submission_notebook(LESSON, LESSON, "pat-doe").grades
                   if g.cell_type == "markdown"]
        assert written and all(g.needs_manual_grade for g in written)
        written_ids = {g.name for g in written}
    graded = json.loads((course / "autograder" / "autograded" / "pat-doe" / LESSON / NOTEBOOK).read_text())
    assert all("YOUR ANSWER HERE" not in "".join(c["source"]) for c in graded["cells"]
               if c["metadata"].get("nbgrader", {}).get("grade_id") in written_ids)
    hidden = secret_lines(LESSON, regions=REGIONS[1:])  # hidden tests and mark schemes
    for student in expected:
        page = visible_text(course / "autograder" / "feedback" / student / LESSON / f"{LESSON}.html")
        # A student's own code may share a line with a hidden test (`return h`): only the rest can leak.
        own = {line.strip() for notebook in (course / "autograder" / "submitted" / student).rglob("*.ipynb")
               for cell in load(notebook)["cells"] for line in source_of(cell).splitlines()}
        leaked = sorted((hidden - own) & {line.strip() for line in page.splitlines()})
        assert not leaked and "instructor only" not in page, (student, leaked[:5])
    # Collecting again without the second zip: jdoe's submission and its grades go, the others stay.
    (download / "late-submissions.zip").unlink()
    status, output = make(course, "collect", FROM=download, LESSON=LESSON)
    assert status == 0 and "REMOVED: jdoe" in output, output
    assert not (course / "autograder" / "autograded" / "jdoe" / LESSON).exists()
    with Gradebook(f"sqlite:///{course / 'autograder' / 'gradebook.db'}") as gradebook:
        assert {s.student.id for s in gradebook.find_assignment(LESSON).submissions} == {"4321", "4322", "4323",
                                                                                          "4327", "pat-doe"}
    status, output = make(course, "summary")
    assert status == 0, output
    table = output.split("\n\n")[0].splitlines()
    header = next(i for i, line in enumerate(table) if line.startswith("student "))
    assert table[header].split() == ["student", LESSON, "total", "look", "at"]
    rows = table[header + 1:]
    assert [row.split()[0] for row in rows] == ["4321", "4322", "4323", "4327", "pat-doe"]
    assert "FLAG" in rows[3] and "FLAG" in rows[-1] and "written answers to grade" in rows[-1]
    # 4323's failed checks are in the student's report; the summary says where the details are
    failed = json.loads((course / "autograder" / "reports" / "4323" / f"{LESSON}.json").read_text())["failed"]
    assert len(failed) > 1 and "autograder/reports/" in output, (failed, output)
    assert f"{LESSON}: REMOVED: jdoe" in output


def test_blackboard_user_names_with_underscores_stay_apart():
    """Blackboard writes the assignment's name before each user name; the name shared by the whole download tells
    where the user name starts."""
    names = [f"Lesson 1_{user}_attempt_2026-11-20-10-00-00_{NOTEBOOK}" for user in ("j_doe", "k_doe", "amy")]
    assert sorted(lms.select([lms.Item([name]) for name in names], LESSON).chosen) == ["amy", "j_doe", "k_doe"]


def test_a_line_break_in_the_lms_name_does_not_hand_the_file_to_a_name_inside():
    """Eve's zip "w\\n.zip" holds a file named as Canvas would name Mallory's: it is still Eve's."""
    eve = lms.Item([canvas_name("eve", 4327, 2, "w\n.zip"), canvas_name("mallory", 4321, 5, f"{LESSON}-9.ipynb")])
    mallory = lms.Item([canvas_name("mallory", 4321, 6, NOTEBOOK)])
    selection = lms.select([eve, mallory], LESSON)
    assert selection.chosen["4321"] is mallory and eve.student == "4327"
