"""In a real browser, what a student does with each lesson in JupyterLab: Run All, play with the explorer (the cell
with grade_id `explore`: moving a slider or a dropdown redraws its figure) and press nbgrader's Validate button.
Once as a student who solved every exercise, once with the release as handed out."""
import pytest
from playwright.sync_api import expect

from tests.browser.lab import RELEASED, RUN_ALL, untouched_path, widget_cell_index
from tests.notebooks.lessons import release_path

pytestmark = pytest.mark.browser

SUCCESS = "Success! Your notebook passes all the tests."
MOVES = 4           # steps of each slider whose time to a new frame is measured
RUNAWAY_MS = 10_000  # a move slower than this is broken, not slow


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


def open_untouched_and_run_all(lab, course, lesson):
    """Run All on the release as handed out: it stops at the first unsolved exercise.  -> the notebook's path."""
    notebook = untouched_path(lesson, course)
    lab.open_notebook(notebook.relative_to(course).as_posix())
    lab.run_all()
    expect(lab.errors().filter(has_text="NotImplementedError").first).to_be_visible(timeout=RUN_ALL)
    lab.wait_kernel_idle(RUN_ALL)
    return notebook


def check_sliders_show_a_new_frame_soon(widget, record_property):
    """Each slider, moved a step at a time, shows a new picture within a runaway budget. The times are recorded
    (the summary of the browser tests prints them; the target, 150 ms, is the benchmark's business)."""
    sliders = widget.sliders()
    times = [widget.time_to_new_frame(sliders.nth(i)) for i in range(sliders.count()) for _ in range(MOVES)]
    record_property("frame_ms", times)
    assert max(times) < RUNAWAY_MS, f"a slider move took {max(times):.0f} ms to show a new frame"


@pytest.mark.parametrize("lesson", RELEASED)
def test_untouched_release_stops_at_the_first_exercise_and_its_explorer_works(lesson, lab, course, tmp_path,
                                                                              record_property):
    """The explorer's cell, run by itself, works all the same, and follows a slider quickly."""
    with lab.screenshot_on_failure(tmp_path / f"{lesson}-untouched-failure.png"):
        notebook = open_untouched_and_run_all(lab, course, lesson)
        index = widget_cell_index(notebook)
        lab.run_cell(index)
        widget = lab.widget(index)
        check_controls_redraw_the_figure(widget)
        check_sliders_show_a_new_frame_soon(widget, record_property)


def test_validate_on_the_untouched_release_reports_the_failures(lab, course, tmp_path):
    """Validate's dialog is nbgrader's, the same for every lesson (which cells fail in each lesson's untouched
    release is checked in every lesson by the pipeline test, where it scores 0): shown once, on the first."""
    lesson = RELEASED[0]
    with lab.screenshot_on_failure(tmp_path / f"{lesson}-validate-failure.png"):
        open_untouched_and_run_all(lab, course, lesson)
        message = lab.validate()
        expect(message).to_contain_class("validation-failed")
        expect(message).to_contain_text("The following cell failed")
        expect(message).to_contain_text("NotImplementedError")
        # Each failure's reason (the block after the cell's source) is whole on screen: not cut at the right edge.
        reasons = message.locator("pre", has_text="you have not written this function yet")
        expect(reasons.first).to_be_visible()
        cut = [reasons.nth(i).inner_text()[:80] for i in range(reasons.count())
               if reasons.nth(i).evaluate("e => e.scrollWidth > e.clientWidth + 1")]
        assert not cut, f"Validate's dialog cuts these reasons off at its right edge: {cut}"


def test_a_lesson_opens_unmodified(lab, course, tmp_path):
    """Opening a lesson and starting its kernel changes nothing in it: JupyterLab shows no unsaved-changes mark."""
    lesson = RELEASED[0]
    with lab.screenshot_on_failure(tmp_path / f"{lesson}-dirty-failure.png"):
        lab.open_notebook(untouched_path(lesson, course).relative_to(course).as_posix())
        lab.page.wait_for_timeout(2000)  # the kernel's information arrives after it says idle
        tab = lab.page.locator("#jp-main-dock-panel .lm-TabBar-tab.lm-mod-current")
        expect(tab).to_be_visible()
        assert "jp-mod-dirty" not in (tab.get_attribute("class") or ""), \
            f"{lesson} opens marked as modified: JupyterLab changed something in it on open"
