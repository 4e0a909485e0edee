"""What the instructor sees in the formgrader beside a submission, and the student never does.

The graded copy of a notebook gets two kinds of cells, both marked instructor-only in their metadata:
- at the top, what the autograder found (its flags: look at it; its problems: what it coped with);
- after each written answer, the model answer and the rubric from the lesson's source notebook.
The formgrader shows the graded copy as it is, so they stand where the grading happens. Feedback is generated from
the same copy: DropInstructorNotes removes them first, so they never reach a student.
"""
import html
import json

from nbgrader.preprocessors import NbGraderPreprocessor

MARK = "instructor_only"
BEGIN_SCHEME, END_SCHEME = "=== BEGIN MARK SCHEME ===", "=== END MARK SCHEME ==="


def is_instructor_note(cell):
    return bool(cell.get("metadata", {}).get("autograder", {}).get(MARK))


def _note(markdown, cell_id, with_id):
    """A markdown cell; nbformat 4.5 and later give every cell an id, earlier versions allow none."""
    cell = {"cell_type": "markdown", "metadata": {"autograder": {MARK: True}}, "source": markdown}
    return {"id": cell_id, **cell} if with_id else cell


def _text(cell):
    source = cell.get("source", "")
    return "".join(source) if isinstance(source, list) else source


def rubrics(source_notebook):
    """{grade_id: (model answer, rubric)} of the written answers (markdown answer cells) of a source notebook."""
    found = {}
    for cell in source_notebook["cells"]:
        meta = cell.get("metadata", {}).get("nbgrader", {})
        if cell.get("cell_type") != "markdown" or not meta.get("solution"):
            continue
        answer, _, rest = _text(cell).partition(BEGIN_SCHEME)
        found[meta["grade_id"]] = (answer.strip(), rest.partition(END_SCHEME)[0].strip())
    return found


def _findings(flags, problems):
    """The autograder's findings as escaped Markdown: they quote file names and text a student chose."""
    lines = ["**The autograder's notes on this submission** (instructor only: not in the student's feedback)", ""]
    lines += [f"- **FLAG:** {html.escape(flag, quote=False)}" for flag in flags]
    lines += [f"- problem it coped with: {html.escape(problem, quote=False)}" for problem in problems]
    return "\n".join(lines)


def _rubric(grade_id, answer, rubric):
    return "\n".join([f"**Model answer and rubric for `{grade_id}`** (instructor only: not in the student's "
                      "feedback)", "", answer, "", "---", "", rubric or "(no rubric in the source notebook)"])


def add_instructor_notes(graded_bytes, written, flags, problems):
    """The graded notebook (bytes of JSON) with the instructor's notes added; `written` is rubrics() of the lesson's
    source.  -> bytes. Unreadable input is returned unchanged: the formgrader then shows the file as it was graded."""
    try:
        notebook = json.loads(graded_bytes)
        cells = notebook["cells"]
    except (ValueError, KeyError, TypeError):
        return graded_bytes
    version = (notebook.get("nbformat"), notebook.get("nbformat_minor"))
    with_id = all(isinstance(number, int) for number in version) and version >= (4, 5)
    annotated = [_note(_findings(flags, problems), "autograder-notes", with_id)] if flags or problems else []
    for cell in cells:
        annotated.append(cell)
        grade_id = cell.get("metadata", {}).get("nbgrader", {}).get("grade_id") if isinstance(cell, dict) else None
        if grade_id in written:
            annotated.append(_note(_rubric(grade_id, *written[grade_id]), f"rubric-{grade_id}"[:64], with_id))
    notebook["cells"] = annotated
    return (json.dumps(notebook, indent=1, ensure_ascii=False) + "\n").encode("utf-8")


class DropInstructorNotes(NbGraderPreprocessor):
    """Remove the instructor's notes from a notebook before it becomes a student's feedback."""

    def preprocess(self, nb, resources):
        nb.cells = [cell for cell in nb.cells if not is_instructor_note(cell)]
        return nb, resources
