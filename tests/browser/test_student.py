"""In a real browser, what a student does with each lesson in JupyterLab: Run All, play with the explorer (the cell
with grade_id `explore`: moving a slider or a dropdown redraws its figure) and press nbgrader's Validate button.
Once as a student who solved every exercise, once with the release as handed out."""
import pytest
from playwright.sync_api import expect

from tests.browser.lab import RELEASED, RUN_ALL, untouched_path, widget_cell_index
from tests.notebooks.lessons import release_path

# A real browser waits on real time: run alone, not beside the parallel tests.
pytestmark = pytest.mark.serial

SUCCESS = "Success! Your notebook passes all the tests."


def check_controls_redraw_the_figure(widget):
    """Move the first slider and the first dropdown (those there are): each time the figure must be redrawn, and
    the text the explorer prints, if any, must change."""
    sliders, dropdowns = widget.sliders(), widget.dropdowns()
    assert sliders.count() + dropdowns.count(), "the explorer has neither a slider nor a dropdown to move"
    for controls, move, kind in [(sliders, widget.move_slider, "slider"), (dropdowns, widget.pick_next, "dropdown")]:
        if not controls.count():
            continue
        figures, text = widget.figures(), widget.text_outputs()
        before, after = move(controls.first)
        what = f"moving the first {kind} from {before!r} to {after!r}"
        widget.wait_redrawn(figures, what)
        if text:
            assert widget.text_outputs() != text, f"the explorer's text output did not change after {what}"


@pytest.mark.parametrize("lesson", RELEASED)
def test_solved_lesson_runs_all_its_widget_redraws_and_it_validates(lesson, lab, course, tmp_path):
    notebook = release_path(lesson, course)
    with lab.screenshot_on_failure(tmp_path / f"{lesson}-solved-failure.png"):
        lab.open_notebook(notebook.relative_to(course).as_posix())
        lab.run_all()
        lab.wait_every_code_cell_ran()
        check_controls_redraw_the_figure(lab.widget(widget_cell_index(notebook)))
        expect(lab.validate()).to_have_text(SUCCESS)


@pytest.mark.parametrize("lesson", RELEASED)
def test_untouched_release_widget_works_and_validate_reports_failures(lesson, lab, course, tmp_path):
    """Run All stops at the first unsolved exercise; the explorer's cell, run by itself, works all the same."""
    notebook = untouched_path(lesson, course)
    with lab.screenshot_on_failure(tmp_path / f"{lesson}-untouched-failure.png"):
        lab.open_notebook(notebook.relative_to(course).as_posix())
        lab.run_all()
        expect(lab.errors().filter(has_text="NotImplementedError").first).to_be_visible(timeout=RUN_ALL)
        lab.wait_kernel_idle(RUN_ALL)
        index = widget_cell_index(notebook)
        lab.run_cell(index)
        check_controls_redraw_the_figure(lab.widget(index))
        message = lab.validate()
        expect(message).to_contain_class("validation-failed")
        expect(message).to_contain_text("The following cell failed")
        expect(message).to_contain_text("NotImplementedError")
