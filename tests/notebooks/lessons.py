"""What the notebook tests share: the lessons, their source regions, and a temporary copy of the course."""
import json
import re
import shutil
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
LESSONS = sorted(p.name for p in (ROOT / "solutions").iterdir() if re.fullmatch(r"\d\d_\w+", p.name))

# Region markers of nbgrader source notebooks: what lies between them must never reach students.
REGIONS = [("### BEGIN SOLUTION", "### END SOLUTION"), ("### BEGIN HIDDEN TESTS", "### END HIDDEN TESTS"),
           ("=== BEGIN MARK SCHEME ===", "=== END MARK SCHEME ===")]


def source_path(lesson):
    return ROOT / "solutions" / lesson / f"{lesson}.ipynb"


def release_path(lesson, root=ROOT):
    return root / "course" / lesson / f"{lesson}.ipynb"


def load(path):
    return json.loads(Path(path).read_text())


def source_of(cell):
    """A cell's source as one string (the JSON may hold it as a list of lines)."""
    source = cell["source"]
    return source if isinstance(source, str) else "".join(source)


def region_lines(cell_source, begin, end):
    """The lines strictly between begin and end markers (every region of the cell)."""
    lines, inside = [], False
    for line in cell_source.splitlines():
        if begin in line:
            inside = True
        elif end in line:
            inside = False
        elif inside:
            lines.append(line)
    return lines


def secret_lines(lesson, regions=REGIONS):
    """Lines inside the given regions (by default solutions, hidden tests and mark schemes) that appear nowhere
    outside every region of the source notebook."""
    cells = [source_of(cell) for cell in load(source_path(lesson))["cells"]]
    secret = {line.strip() for source in cells for begin, end in regions for line in region_lines(source, begin, end)}
    public = set()
    for source in cells:
        hidden = {line for begin, end in REGIONS for line in region_lines(source, begin, end)}
        public |= {line.strip() for line in source.splitlines() if line not in hidden}
    return {line for line in secret - public if len(line) > 3 and not line.startswith("#")}


def copy_course(destination):
    """A working copy of the course for nbgrader runs: sources, release and configuration, no runtime state."""
    for folder in ("solutions", "course"):
        shutil.copytree(ROOT / folder, destination / folder)
    (destination / "autograder").mkdir()
    for path in (ROOT / "autograder").glob("*.py"):  # the tooling and its configuration, as a clone has them
        shutil.copy2(path, destination / "autograder")
    shutil.copy2(ROOT / "nbgrader_config.py", destination)
    return destination


def nbgrader_meta(cell):
    """A cell's nbgrader metadata (grade_id, solution, grade, points, ...), {} for a cell nbgrader does not mark."""
    return cell.get("metadata", {}).get("nbgrader", {})


def autograded_points(lesson):
    """{grade_id: points} of the lesson's autograded test cells."""
    return {nbgrader_meta(c)["grade_id"]: float(nbgrader_meta(c)["points"]) for c in load(source_path(lesson))["cells"]
            if nbgrader_meta(c).get("grade") and c["cell_type"] == "code" and not nbgrader_meta(c).get("solution")}


def release_with_answers(lesson, course, answers):
    """The release notebook of `course` with the answer cells named in `answers` (grade_id -> source) filled in."""
    notebook = load(release_path(lesson, course))
    for cell in notebook["cells"]:
        if nbgrader_meta(cell).get("grade_id") in answers:
            cell["source"] = answers[nbgrader_meta(cell)["grade_id"]]
    return notebook


def solution_answers(lesson):
    """{grade_id: answer} of a student who hands in the lesson's full solution (the rubrics removed)."""
    return {cell["metadata"]["nbgrader"]["grade_id"]: without_mark_scheme(source_of(cell))
            for cell in load(source_path(lesson))["cells"]
            if nbgrader_meta(cell).get("solution")}


def without_mark_scheme(source):
    """A written answer's model answer as a student would hand it in: the rubric region removed."""
    begin, end = REGIONS[2]
    lines, inside = [], False
    for line in source.splitlines(keepends=True):
        inside = inside or begin in line
        if not inside:
            lines.append(line)
        inside = inside and end not in line
    return "".join(lines)


def cell_sources(lesson):
    """{cell id: source} of a lesson's source notebook."""
    return {cell["id"]: source_of(cell) for cell in load(source_path(lesson))["cells"]}


def prose(lesson, *cell_ids):
    """The cells' sources with runs of whitespace made single spaces (the prose wraps lines anywhere)."""
    sources = cell_sources(lesson)
    return " ".join(re.sub(r"\s+", " ", sources[cell_id]) for cell_id in cell_ids)


def assert_says(lesson, cell_id, *phrases):
    """The cell states each phrase, however its lines are wrapped."""
    text = prose(lesson, cell_id)
    for phrase in phrases:
        assert re.sub(r"\s+", " ", phrase) in text, f"cell {cell_id} should say {phrase!r}"


def assert_numbers_in(text, *numbers):
    """Every number (as written) appears in the text, not as a part of a longer number."""
    for number in numbers:
        assert re.search(rf"(?<![\d.]){re.escape(number)}(?!\d)", text), f"the text should say {number}"

