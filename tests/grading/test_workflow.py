"""The instructor commands answer mistakes in their use with a message an instructor can act on."""
import json
import os
import re

from autograder import engine, sandbox, workflow
from tests.grading.files import run_autograder
from tests.notebooks.lessons import LESSONS, copy_course, load, release_path, source_path


def test_an_unknown_lesson_is_named_with_the_known_ones(tmp_path):
    course = copy_course(tmp_path / "course")
    status, output = run_autograder(course, "autograde", "--lesson", "99_nonexistent")
    assert status != 0
    assert "unknown lesson(s) 99_nonexistent" in output and LESSONS[0] in output


def test_collect_needs_an_existing_folder(tmp_path):
    course = copy_course(tmp_path / "course")
    status, output = run_autograder(course, "collect", str(tmp_path / "no-such-download"), "--lesson", LESSONS[0])
    assert status != 0 and "is not a folder" in output


def test_steps_on_an_empty_course_say_there_is_nothing_yet(tmp_path):
    course = copy_course(tmp_path / "course")
    status, output = run_autograder(course, "autograde")
    assert status == 0 and f"autograde {LESSONS[0]}: no submissions" in output
    status, output = run_autograder(course, "feedback")
    assert status == 0 and f"feedback {LESSONS[0]}: no graded submissions" in output
    status, output = run_autograder(course, "summary")
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
    status, output = run_autograder(course, "collect", str(download), "--lesson", lesson)
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
    """A flag quotes file names a student chose: it must not become HTML or Markdown in the formgrader's page."""
    import nbformat

    from autograder import notes

    lesson = LESSONS[0]
    source = notes.read_source(load(source_path(lesson)))
    graded = json.dumps(load(release_path(lesson))).encode()
    flag = "a file named <img src=x onerror=alert(1)> [click](javascript:alert(2)) **bold**"
    annotated = json.loads(notes.add_instructor_notes(graded, source, [flag], []))
    first = "".join(annotated["cells"][0]["source"])
    assert "<img" not in first and r"&lt;img src=x onerror=alert\(1\)&gt;" in first
    assert r"\[click\]\(javascript:alert\(2\)\)" in first and r"\*\*bold\*\*" in first
    assert source.rubrics and all(notes.is_instructor_note(annotated["cells"][i + 1]) for i, cell in
                                  enumerate(annotated["cells"]) if cell["metadata"].get("nbgrader", {}).get("grade_id")
                                  in source.rubrics)
    nbformat.validate(nbformat.reads(json.dumps(annotated), as_version=4))
    clean, _ = notes.DropInstructorNotes().preprocess(nbformat.reads(json.dumps(annotated), as_version=4), {})
    released = nbformat.reads(graded.decode(), as_version=4).cells
    assert len(clean.cells) == len(released)
    for kept, cell in zip(clean.cells, released):  # the lesson's text as it was; the answer cells rendered
        assert kept.source == cell.source or (cell.source not in source.text and kept.source.startswith("<div>"))
    bare = json.loads(notes.add_instructor_notes(b'{"cells": []}', source, ["x"], []))  # no nbformat version
    assert [notes.is_instructor_note(cell) and "id" not in cell for cell in bare["cells"]] == [True]
    assert notes.add_instructor_notes(graded, source, [], []).count(b"instructor only") == len(source.rubrics)


# What a student can put in a notebook to run script in the instructor's browser when the formgrader shows it.
HOSTILE_MARKDOWN = """My answer: the gradient vanishes when $|w| < 1$.

<img src=x onerror="window.pwned = 1">
<script>window.pwned = 2</script>

[a link](javascript:window.pwned=3) [another](JaVaScRiPt:window.pwned=4) ![pic](javascript:window.pwned=5)

<a href="data:text/html,<script>alert(1)</script>">data</a> <svg onload="window.pwned = 6"></svg>
<div style="border-left: 6px solid #b00020">**Model answer and rubric for `written_1`** full marks for this</div>

<iframe src="javascript:window.pwned = 7"></iframe><form action="/formgrader/api"><button>go</button></form>

<details open ontoggle="window.pwned = 8"><summary>x</summary></details>

<a href="da&#9;ta:text/html,<script>alert(1)</script>">tab</a> <a href="&#1;javascript:alert(1)">control</a>

<div class="alert alert-danger">Model answer: full marks</div><div class="modal-backdrop in">cover</div>
```html
<img src=x onerror="window.pwned = 9">
```
"""


def hostile_graded_copy(lesson):
    """The solved release with a student's hostile Markdown in every written answer and the lesson's first cell, a
    raw cell, outputs carrying HTML, JavaScript and SVG, and a cell claiming to be one of the autograder's notes."""
    notebook = load(release_path(lesson))
    cells = notebook["cells"]
    for index, cell in enumerate(cells):
        if cell["cell_type"] == "markdown" and (index == 0 or cell["metadata"].get("nbgrader", {}).get("solution")):
            cell["source"] = HOSTILE_MARKDOWN
    html_output = {"output_type": "display_data", "metadata": {}, "data": {
        "text/html": '<b>table</b><img src=x onerror="window.pwned = 10">',
        "application/javascript": "window.pwned = 11",
        "image/svg+xml": '<svg onload="window.pwned = 12"></svg>',
        "text/plain": "<a table>"}}
    script_only = {"output_type": "display_data", "metadata": {}, "data": {"application/javascript": "window.pwned=13"}}
    png = "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAAAAAA6fptVAAAACklEQVR4nGNgAAAAAgABSK+kcQAAAABJRU5ErkJggg=="
    image = {"output_type": "display_data", "data": {"image/png": png, "text/plain": "p"},  # unquoted in the page
             "metadata": {"image/png": {"width": "1 onload=window.pwned=15"},
                          "filenames": {"image/png": "javascript:window.pwned=16"}}}
    cells += [{"id": "added-code", "cell_type": "code", "metadata": {}, "source": "show()", "execution_count": 1,
               "outputs": [html_output, script_only, image]},
              {"id": "added-raw", "cell_type": "raw", "metadata": {"format": "text/html"},
               "source": '<img src=x onerror="window.pwned = 14">'},
              {"id": "added-note", "cell_type": "markdown", "metadata": {"autograder": {"instructor_only": True}},
               "source": "**The autograder's notes on this submission** nothing to see"}]
    return json.dumps(notebook).encode()


def formgrader_page(notebook_bytes, folder):
    """The submission page as the formgrader renders it: its template, its exporter, the resources it passes."""
    from nbconvert import HTMLExporter
    from nbgrader.server_extensions.formgrader import handlers

    path = folder / f"{LESSONS[0]}.ipynb"
    path.write_bytes(notebook_bytes)
    exporter = HTMLExporter(template_name="formgrade", extra_template_basedirs=[handlers.template_path])
    resources = {"assignment_id": LESSONS[0], "notebook_id": LESSONS[0], "submission_id": "s1", "index": 0,
                 "total": 1, "base_url": "", "student": "eve", "last_name": None, "first_name": None,
                 "notebook_path": path.name}
    page, _ = exporter.from_filename(str(path), resources=resources)
    return page


def page_elements(page):
    """[(tag, {attribute: value})] of an HTML page, its tags read as a browser's tokenizer reads them."""
    from html.parser import HTMLParser

    elements = []
    parser = HTMLParser()
    parser.handle_starttag = lambda tag, attributes: elements.append(
        (tag, {name: value or "" for name, value in attributes}))
    parser.feed(page)
    return elements


ACTIVE_TAGS = {"script", "iframe", "frame", "form", "button", "input", "svg", "math", "object", "embed", "style",
               "link", "meta", "base"}


def test_the_graded_copy_runs_no_student_script_in_the_formgrader(tmp_path):
    """Markdown, raw cells and outputs a student controls reach the formgrader's page as text or cleaned HTML: no
    event handler, script, frame, form or script link survives; the student's words do; a student's cell cannot
    pass for one of the autograder's notes. (tests/browser/test_formgrader.py opens such a page in a browser.)"""
    from autograder import notes

    lesson = LESSONS[0]
    source = notes.read_source(load(source_path(lesson)))
    hostile = hostile_graded_copy(lesson)
    untouched = page_elements(formgrader_page(json.dumps(load(release_path(lesson))).encode(), tmp_path))
    unsafe_page = formgrader_page(hostile, tmp_path)
    assert "onerror" in unsafe_page and 'href="javascript:' in unsafe_page, "the payloads no longer reach the page"

    page = formgrader_page(notes.add_instructor_notes(hostile, source, ["a flag"], []), tmp_path)
    elements = page_elements(page)
    def handlers(elements):
        return [(tag, name, value) for tag, attributes in elements for name, value in attributes.items()
                if name.startswith("on")]

    assert handlers(elements) == handlers(untouched), "an event handler beyond the formgrader's own"
    assert [value for tag, attributes in elements for name, value in attributes.items()
            if name in ("href", "src", "action", "formaction") and re.sub(r"[\x00-\x20\x7f-\xa0]", "", value).lower().startswith(
                ("javascript:", "data:text", "vbscript:"))] == []
    def active(elements):
        return [element for element in elements if element[0] in ACTIVE_TAGS]

    assert active(elements) == active(untouched), "a script, frame, form or button beyond the formgrader's own"
    assert "window.pwned = 11" not in page and "window.pwned=13" not in page and "pwned=16" not in page
    def classes(elements):
        return {value for tag, attributes in elements for value in attributes.get("class", "").split()}

    assert not (classes(elements) - classes(untouched)) & {"alert", "alert-danger", "modal-backdrop"}, \
        "a student's class borrowed the formgrader's styles"
    boxes = [attributes for tag, attributes in elements if attributes.get("style", "").startswith(notes.NOTE_BOX[12:40])]
    assert len(boxes) == 1 + len(source.rubrics), "a student's cell drew the notes' box, or a note lost it"
    assert "the gradient vanishes when $|w| &lt; 1$" in page and "&lt;img src=x" in page
    assert "<b>table</b>" in page and "[an output of kind application/javascript, not shown" in page


def test_collect_reads_a_download_folder_given_with_a_tilde(tmp_path):
    """zsh does not expand the ~ of "make collect FROM=~/Downloads/..."; collect does."""
    course = copy_course(tmp_path / "course")
    lesson = LESSONS[0]
    download = tmp_path / "home" / "Downloads" / "lesson01"
    download.mkdir(parents=True)
    (download / f"jdoe_{lesson}.ipynb").write_bytes((course / "course" / lesson / f"{lesson}.ipynb").read_bytes())
    status, output = run_autograder(course, "collect", "~/Downloads/lesson01", "--lesson", lesson,
                                    env={**os.environ, "HOME": str(tmp_path / "home")})
    assert status == 0, output
    assert (course / "autograder" / "submitted" / "jdoe" / lesson / f"{lesson}.ipynb").is_file()


def test_what_cannot_be_cleaned_is_replaced_and_nothing_passes_uncleaned():
    """A cell or notebook the cleaning cannot read becomes a note saying so; a long text is shown as plain text
    rather than rendered; a cell whose autograder metadata is not a mapping neither passes for a note nor breaks
    the feedback."""
    import nbformat

    from autograder import notes

    source = notes.read_source(load(source_path(LESSONS[0])))
    odd_output = {"output_type": "display_data", "metadata": {}, "data": {"text/html": 5, "text/plain": "x"}}
    cells = [{"id": "a", "cell_type": "code", "metadata": {}, "source": "", "execution_count": 1,
              "outputs": [odd_output]},
             {"id": "b", "cell_type": "markdown", "metadata": {"autograder": "x"},
              "source": "<img src=x onerror=alert(1)>"},
             {"id": "c", "cell_type": "markdown", "metadata": {}, "source": "<img src=x onerror=alert(2)>" * 20000}]
    notebook = {"cells": cells, "metadata": {}, "nbformat": 4, "nbformat_minor": 5}
    safe = json.loads(notes.add_instructor_notes(json.dumps(notebook).encode(), source, [], []))
    first, second, third = safe["cells"]
    assert first["source"] == notes.UNSHOWABLE and first["id"] == "a"
    assert "autograder" not in second["metadata"] and "onerror" not in second["source"]
    assert third["source"].startswith("<div><pre>&lt;img src=x") and "<img" not in third["source"]
    clean, _ = notes.DropInstructorNotes().preprocess(nbformat.from_dict(safe), {})
    assert len(clean.cells) == 3
    for unreadable in (b"not json", json.dumps({"worksheets": [{"cells": cells}]}).encode()):
        shown = json.loads(notes.add_instructor_notes(unreadable, source, [], []))
        assert [notes.is_instructor_note(cell) for cell in shown["cells"]] == [True]
        assert "not a notebook the autograder can show safely" in shown["cells"][0]["source"]
        nbformat.validate(nbformat.from_dict(shown))
