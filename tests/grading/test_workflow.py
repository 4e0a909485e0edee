"""The instructor commands answer mistakes in their use with a message an instructor can act on."""
import json
import subprocess
import sys

from autograder import engine, sandbox, workflow
from tests.notebooks.lessons import LESSONS, copy_course, load, release_path, source_path


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


def test_a_failed_step_shows_nbgraders_app_errors(capsys):
    output = ("[ZipCollectApp | INFO] Start collecting\n"
              "[ZipCollectApp | ERROR] Duplicate submission file for student 'jdoe': attempt_1/01_forward_pass.ipynb\n")
    assert not workflow._report("collect", LESSONS[0], False, output)
    assert "Duplicate submission file for student 'jdoe'" in capsys.readouterr().out


def notebook_cell(grade_id=None, outputs=(), **nbgrader):
    metadata = {"nbgrader": {"grade_id": grade_id, **nbgrader}} if grade_id else {}
    return {"cell_type": "code", "metadata": metadata, "source": "", "outputs": list(outputs)}


def outcome_of(cells):
    notebook = json.dumps({"cells": cells}).encode()
    return engine.Outcome(LESSONS[0], "student", files={f"{LESSONS[0]}.ipynb": notebook})


def test_a_trick_is_flagged_only_when_a_test_cell_reports_it():
    """A student who prints grading.py's source shows the checks' own words; only a test cell's verdict counts."""
    printed = {"output_type": "stream", "name": "stdout",
               "text": "_fail(f'the notebook replaced {names}') ... calls the course library's reference implementation"}
    verdict = {"output_type": "error", "ename": "GradingFailure", "traceback": [],
               "evalue": "sigmoid calls the course library's reference implementation (nnlib.activations.sigmoid)"}
    answer = notebook_cell("sigmoid", [printed], solution=True)
    assert workflow._runtime_flags(outcome_of([answer, notebook_cell("sigmoid_visible", grade=True)])) == []
    flags = workflow._runtime_flags(outcome_of([answer, notebook_cell("sigmoid_visible", [verdict], grade=True),
                                                notebook_cell("sigmoid_hidden", [verdict], grade=True)]))
    assert flags == ["delegates a graded function to the course library (reported by sigmoid_visible, "
                     "sigmoid_hidden; those points are lost)"]


def test_a_stuck_cell_is_named_by_its_grade_id_and_exercise_never_by_its_number():
    cells = load(release_path(LESSONS[0]))["cells"]
    index = {cell["metadata"].get("nbgrader", {}).get("grade_id"): i for i, cell in enumerate(cells)}
    notebook = {"cells": cells}
    assert engine.cell_name(notebook, index["relu_hidden"]) == "cell 'relu_hidden' (exercise relu)"
    assert engine.cell_name(notebook, index["relu"]) == "answer cell 'relu'"
    assert engine.cell_name(notebook, index["setup"]) == "cell 'setup'"
    added = {"cell_type": "code", "metadata": {}, "source": "while True: pass\n", "outputs": []}
    notebook = {"cells": cells[:index["relu_visible"] + 1] + [added] + cells[index["relu_visible"] + 1:]}
    assert engine.cell_name(notebook, index["relu_visible"] + 1) == \
        "a cell the student added after 'relu_visible' (exercise relu)"
    added["source"] = "import socket\n"
    assert sandbox.attempts(notebook, sandboxed=True) == [
        "sandbox: code that opens network connections (in a cell the student added after 'relu_visible' (exercise "
        "relu)); the sandbox blocked it; only the honest part of the work scores"]
    assert workflow._flag_headlines(sandbox.attempts(notebook, sandboxed=True)) == [
        "sandbox: code that opens network connections"]


def test_the_instructors_notes_escape_what_a_student_chose_and_feedback_drops_them():
    """A flag quotes file names a student chose: it must not become HTML in the formgrader's page."""
    import nbformat

    from autograder import notes

    lesson = LESSONS[0]
    source = load(source_path(lesson))
    graded = json.dumps(load(release_path(lesson))).encode()
    written = notes.rubrics(source)
    annotated = json.loads(notes.add_instructor_notes(graded, written, ["a file named <img src=x onerror=alert(1)>"],
                                                      []))
    first = "".join(annotated["cells"][0]["source"])
    assert "<img" not in first and "&lt;img src=x onerror=alert(1)&gt;" in first
    assert written and all(notes.is_instructor_note(annotated["cells"][i + 1]) for i, cell in
                           enumerate(annotated["cells"]) if cell["metadata"].get("nbgrader", {}).get("grade_id")
                           in written)
    nbformat.validate(nbformat.reads(json.dumps(annotated), as_version=4))
    clean, _ = notes.DropInstructorNotes().preprocess(nbformat.reads(json.dumps(annotated), as_version=4), {})
    assert [cell.source for cell in clean.cells] == [cell.source for cell in
                                                      nbformat.reads(graded.decode(), as_version=4).cells]
    assert notes.add_instructor_notes(b"not json", written, ["x"], []) == b"not json"
    bare = json.loads(notes.add_instructor_notes(b'{"cells": []}', written, ["x"], []))  # no nbformat version
    assert [notes.is_instructor_note(cell) and "id" not in cell for cell in bare["cells"]] == [True]
    assert notes.add_instructor_notes(graded, written, [], []).count(b"instructor only") == len(written)
