"""What the instructor sees in the formgrader: the graded copy of a submission, made safe to open and annotated.

The formgrader shows the graded copy as it is, and renders its Markdown and outputs as HTML in the instructor's
logged-in browser without cleaning them. So the copy is made safe first (the submitted file is never changed):
- every Markdown or raw cell a student wrote or edited is rendered here and kept as cleaned HTML: no script, no
  event handler, no javascript: link, no style; the lesson's own text, identical to the source notebook, is kept;
- every output keeps plain text, PNG and JPEG as they are, cleaned HTML, and nothing else (no JavaScript, SVG or
  widget state): outputs come from running the student's code.
Then it gets two kinds of cells, both marked instructor-only in their metadata and framed in a red box that
cleaned student text cannot draw:
- at the top, what the autograder found (its flags: look at it; its problems: what it coped with);
- after each written answer, the model answer and the rubric from the lesson's source notebook.
Feedback is generated from the same copy: DropInstructorNotes removes the notes first, so they never reach a student.
"""
import html
import json
import re
from dataclasses import dataclass

import bleach
from nbgrader.preprocessors import NbGraderPreprocessor
from pygments.token import STANDARD_TYPES

MARK = "instructor_only"
BEGIN_SCHEME, END_SCHEME = "=== BEGIN MARK SCHEME ===", "=== END MARK SCHEME ==="


# What a student's text may keep when it is shown as HTML: what Markdown itself produces, and code highlighting.
ALLOWED_TAGS = {"a", "abbr", "b", "blockquote", "br", "code", "dd", "del", "details", "div", "dl", "dt", "em", "h1",
                "h2", "h3", "h4", "h5", "h6", "hr", "i", "img", "kbd", "li", "ol", "p", "pre", "s", "span", "strong",
                "sub", "summary", "sup", "table", "tbody", "td", "tfoot", "th", "thead", "tr", "u", "ul"}
SAFE_IMAGE = re.compile(r"data:image/(png|jpeg|gif|webp)[;,]", re.IGNORECASE)  # pasted images (attachments)
SAFE_OUTPUTS = {"text/plain", "image/png", "image/jpeg"}
HIGHLIGHT_CLASSES = set(STANDARD_TYPES.values()) - {""}  # the classes code highlighting gives a <span>
SAFE_LINK = re.compile(r"(https?:|mailto:|#|[^:]*$)")     # the web, mail, this page, or a relative link
LONGEST_RENDERED = 100_000  # characters; a longer text is shown as plain text (rendering it could take minutes)
UNSHOWABLE = "[a cell the autograder could not show safely; the submitted notebook is unchanged]"
NOTE_BOX = '<div style="border-left: 6px solid #b00020; background: #fff4f4; padding: 0.2em 1em; margin: 0.5em 0">'


@dataclass(frozen=True)
class Source:
    """What the graded copy takes from a lesson's source notebook."""

    rubrics: dict     # {grade_id: (model answer, rubric)} of the written answers
    text: frozenset   # the source's Markdown cells: shown as written


def read_source(source_notebook):
    texts = frozenset(_text(cell) for cell in source_notebook["cells"] if cell.get("cell_type") == "markdown")
    return Source(rubrics(source_notebook), texts)


def is_instructor_note(cell):
    mark = cell.get("metadata", {}).get("autograder")
    return isinstance(mark, dict) and bool(mark.get(MARK))


def _note(markdown, cell_id, with_id):
    """A markdown cell in the notes' box; nbformat 4.5 and later give every cell an id, earlier versions allow none.
    The blank lines let the Markdown inside the box be rendered."""
    cell = {"cell_type": "markdown", "metadata": {"autograder": {MARK: True}},
            "source": f"{NOTE_BOX}\n\n{markdown}\n\n</div>"}
    return {"id": cell_id, **cell} if with_id else cell


def _attribute_allowed(tag, name, value):
    if tag == "a":
        # a browser ignores control characters and spaces in a URL: "da&#9;ta:" is "data:"
        return name == "title" or (name == "href" and bool(SAFE_LINK.match(
            re.sub(r"[\x00-\x20\x7f-\xa0]", "", value).lower())))
    if tag == "img":
        return name in ("alt", "title") or (name == "src" and bool(SAFE_IMAGE.match(value)))
    if tag in ("td", "th"):
        return name in ("align", "colspan", "rowspan")
    # code highlighting only: any other class could borrow the formgrader's styles (an alert box, a backdrop)
    return name == "class" and ((tag == "span" and value in HIGHLIGHT_CLASSES) or (tag == "div" and
                                                                                   value == "highlight"))


def clean_html(text):
    """HTML with only harmless tags and attributes, on one line: a Markdown renderer passes a one-line HTML block
    through as it is, where a blank line would end the block (inside <pre>, line breaks stay as character
    references). A very long text is shown as plain text."""
    if len(text) > LONGEST_RENDERED:
        cleaned = f"<pre>{html.escape(text)}</pre>"
    else:
        cleaned = bleach.clean(text, tags=ALLOWED_TAGS, attributes=_attribute_allowed,
                               protocols={"http", "https", "mailto", "data"}, strip=False, strip_comments=True)
    return cleaned.replace("\r", "").replace("\n", "&#10;")


def _markdown_as_html(cell):
    """A student's Markdown cell rendered as nbconvert renders it for the formgrader, with its pasted images."""
    from nbconvert import HTMLExporter  # only when a student wrote Markdown: importing it costs a second

    text = _text(cell)
    if len(text) > LONGEST_RENDERED:
        return text  # clean_html shows it as plain text
    return HTMLExporter().markdown2html({"cell": cell}, text)


def _clean_output(output):
    """An output with its text, PNG and JPEG images and cleaned HTML; its metadata is dropped (the formgrader
    writes an image's width, height and file name into the page unquoted)."""
    if output.get("output_type") not in ("display_data", "execute_result"):
        return output  # a stream or an error: text, escaped by the formgrader
    data = output["data"]
    kept = {kind: _text({"source": value}) for kind, value in data.items() if kind in SAFE_OUTPUTS}
    if "text/html" in data:
        kept["text/html"] = clean_html(_text({"source": data["text/html"]}))
    if not kept:
        kept["text/plain"] = f"[an output of kind {', '.join(sorted(data))}, not shown in the graded copy]"
    return {**output, "data": kept, "metadata": {}}


def make_safe(cell, source):
    """A cell of the graded copy that the formgrader can show in the instructor's browser. Whatever cannot be
    cleaned becomes a note saying so: nothing passes uncleaned."""
    try:
        metadata = cell["metadata"]
        mark = metadata.get("autograder")
        if isinstance(mark, dict):
            mark.pop(MARK, None)  # only the autograder writes notes
        elif mark is not None:
            del metadata["autograder"]
        if cell["cell_type"] in ("markdown", "raw") and _text(cell) not in source.text:
            written = _markdown_as_html(cell) if cell["cell_type"] == "markdown" else html.escape(_text(cell))
            cell["source"] = f"<div>{clean_html(written)}</div>"
        elif cell["cell_type"] == "code":
            cell["outputs"] = [_clean_output(output) for output in cell["outputs"]]
        elif cell["cell_type"] not in ("markdown", "raw"):
            raise ValueError(f"a cell of type {cell['cell_type']!r}")
        return cell
    except (AttributeError, KeyError, TypeError, ValueError):
        return {"cell_type": "markdown", "metadata": {}, "source": UNSHOWABLE,
                **({"id": cell["id"]} if isinstance(cell, dict) and isinstance(cell.get("id"), str) else {})}


def _text(cell):
    """A source or a MIME bundle's value as one string: nbformat allows a list of lines; anything else is refused."""
    source = cell.get("source", "")
    text = "".join(source) if isinstance(source, list) else source
    if not isinstance(text, str):
        raise TypeError(f"text of type {type(text).__name__}")
    return text


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


def _literal(text):
    """Text shown as it is in Markdown: HTML escaped, Markdown's punctuation backslash-escaped."""
    return re.sub(r"([\\`*_{}\[\]()#+\-.!|~>])", r"\\\1", html.escape(text, quote=False))


def _findings(flags, problems):
    """The autograder's findings as literal text: they quote file names and text a student chose."""
    lines = ["**The autograder's notes on this submission** (instructor only: not in the student's feedback)", ""]
    lines += [f"- **FLAG:** {_literal(flag)}" for flag in flags]
    lines += [f"- problem it coped with: {_literal(problem)}" for problem in problems]
    return "\n".join(lines)


def _rubric(grade_id, answer, rubric):
    return "\n".join([f"**Model answer and rubric for `{grade_id}`** (instructor only: not in the student's "
                      "feedback)", "", answer, "", "---", "", rubric or "(no rubric in the source notebook)"])


def add_instructor_notes(graded_bytes, source, flags, problems):
    """The graded notebook (bytes of JSON) made safe to show and with the instructor's notes added; `source` is
    read_source() of the lesson's source notebook.  -> bytes. Input that is not a notebook of the current format
    becomes a notebook that says so."""
    try:
        notebook = json.loads(graded_bytes)
        cells = [make_safe(cell, source) for cell in notebook["cells"]]
    except (ValueError, KeyError, TypeError, AttributeError):
        notebook, cells = {"metadata": {}, "nbformat": 4, "nbformat_minor": 5}, [_note(
            "The graded copy is not a notebook the autograder can show safely; the submitted file is unchanged.",
            "autograder-unshowable", True)]
    written = source.rubrics
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
