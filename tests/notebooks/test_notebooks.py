"""Every lesson runs top to bottom within its budget, the release leaks nothing, no outputs stored (that the release
is fresh is checked by the pipeline test, which generates it anyway)."""
import re
import time

import nbformat
import pytest
from nbclient import NotebookClient

from autograder.guard import CappedKernelManager
from nnlib.plots import FIGURE_CAPTION

from tests.notebooks.lessons import LESSONS, ROOT, load, release_path, secret_lines, source_of, source_path

BUDGET_SECONDS = 10


def test_there_are_lessons():
    assert LESSONS, "no lesson in solutions/"


@pytest.mark.serial  # a budget in seconds: measured alone
@pytest.mark.parametrize("lesson", LESSONS)
def test_solution_notebook_executes_cleanly_within_budget(lesson, tmp_path):
    notebook = nbformat.read(source_path(lesson), as_version=4)
    # In the kernel the autograder starts: under its memory cap, one BLAS thread.
    client = NotebookClient(notebook, timeout=60, kernel_name="python3", kernel_manager_class=CappedKernelManager,
                            resources={"metadata": {"path": str(tmp_path)}})
    with client.setup_kernel():
        start = time.perf_counter()
        client.execute(cleanup_kc=False)  # timed without the kernel's start-up
        seconds = time.perf_counter() - start
    stderr = [(i, "".join(o.get("text", ""))) for i, cell in enumerate(notebook.cells) if cell.cell_type == "code"
              for o in cell.outputs if o.output_type == "stream" and o.name == "stderr"]
    assert not stderr, f"cells write to stderr (nbgrader would fail a test cell that does): {stderr[:3]}"
    check_every_picture_has_a_caption(lesson, notebook)
    assert seconds < BUDGET_SECONDS, f"{lesson} took {seconds:.1f} s, over its {BUDGET_SECONDS} s budget"


def check_every_picture_has_a_caption(lesson, notebook):
    """Every image a lesson shows is followed, in the same cell, by its text alternative (nnlib.plots.show_figure)."""
    for index, cell in enumerate(notebook.cells):
        outputs = [output for output in cell.get("outputs", []) if output.output_type in ("display_data",
                                                                                          "execute_result")]
        for position, output in enumerate(outputs):
            if "image/png" not in output.get("data", {}):
                continue
            following = outputs[position + 1:position + 2]
            caption = following[0].get("data", {}).get("text/markdown", "") if following else ""
            assert caption.startswith(FIGURE_CAPTION), (
                f"{lesson}, cell {index} ({cell.metadata.get('nbgrader', {}).get('grade_id')}): a figure without "
                "its text alternative: show it with nnlib.plots.show_figure(alt)")


@pytest.mark.parametrize("path", sorted((ROOT / "solutions").glob("*/*.ipynb")) + sorted(
    (ROOT / "course").glob("*/*.ipynb")), ids=lambda p: str(p.relative_to(ROOT)))
def test_notebooks_are_stored_without_outputs(path):
    for cell in load(path)["cells"]:
        if cell["cell_type"] == "code":
            assert not cell["outputs"] and cell["execution_count"] is None, f"{path} holds outputs: strip them"


@pytest.mark.parametrize("lesson", LESSONS)
def test_release_holds_no_solution_hidden_test_or_mark_scheme(lesson):
    release = [source_of(cell) for cell in load(release_path(lesson))["cells"]]
    release_lines = {line.strip() for source in release for line in source.splitlines()}
    secrets = secret_lines(lesson)
    assert secrets, "the source notebook has no solution or hidden test region"
    leaked = sorted(secrets & release_lines)
    assert not leaked, f"the release of {lesson} contains secret lines: {leaked[:5]}"
    for marker in ("BEGIN SOLUTION", "BEGIN HIDDEN TESTS", "BEGIN MARK SCHEME"):
        assert not any(marker in source for source in release)


def test_each_explorer_cell_runs_by_itself():
    """Run All stops at the first unsolved exercise, below which each lesson's explorer sits: its cell must run with
    nothing above it. Each release's explorer cell runs in one kernel whose names are wiped before each. After them,
    a lesson's ordinary figure is still a picture, not a widget (the explorers' widget backend stays theirs)."""
    cells = []
    for lesson in LESSONS:
        explore = [c for c in load(release_path(lesson))["cells"]
                   if c.get("metadata", {}).get("nbgrader", {}).get("grade_id") == "explore"]
        assert len(explore) == 1, f"{lesson}'s release has {len(explore)} cells with grade_id 'explore'"
        cells += [nbformat.v4.new_code_cell("%reset -f"), nbformat.v4.new_code_cell(source_of(explore[0]))]
    figure = "import matplotlib.pyplot as plt\nplt.plot([0, 1])\nplt.show()"
    notebook = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell(figure)] + cells
                                        + [nbformat.v4.new_code_cell(figure)])
    NotebookClient(notebook, timeout=120, kernel_name="python3").execute()
    for where, cell in (("before", notebook.cells[0]), ("after", notebook.cells[-1])):
        kinds = [kind for output in cell.outputs for kind in output.get("data", {})]
        assert "image/png" in kinds and "application/vnd.jupyter.widget-view+json" not in kinds, (
            f"a plt.show() figure {where} the explorers shows as {kinds}, not as a picture")
    for lesson, cell in zip(LESSONS, notebook.cells[2::2]):
        errors = [o for o in cell.outputs if o.output_type == "error"]
        assert not errors, f"{lesson}'s explorer cell fails alone: {errors[0]['ename']}: {errors[0]['evalue']}"
        assert any("application/vnd.jupyter.widget-view+json" in o.get("data", {}) for o in cell.outputs), \
            f"{lesson}'s explorer cell shows no widget"


def test_links_between_the_course_notebooks_lead_somewhere():
    """A markdown link from one notebook of course/ to another (lesson 09 to the playground, ...) opens a file."""
    links = 0
    for path in sorted((ROOT / "course").glob("*/*.ipynb")):
        for cell in load(path)["cells"]:
            if cell["cell_type"] != "markdown":
                continue
            for target in re.findall(r"\]\(([^)#:\s]+\.ipynb)\)", source_of(cell)):
                links += 1
                assert (path.parent / target).resolve().is_file(), f"{path.relative_to(ROOT)} links to {target}"
    assert links, "no link between the course's notebooks: lesson 09 should point to the playground"
