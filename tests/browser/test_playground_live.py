"""In a real browser, the training playground: ▶ trains and redraws again and again at several epochs a second,
❚❚ stops it, every control of every tab does what it says (a setting starts a new run at epoch 0), the buttons step
and reset, and a click on the plane adds a point of the chosen class."""
import re
import time

import pytest
from playwright.sync_api import expect

from tests.browser.lab import REDRAW, UI, prepare_course

pytestmark = pytest.mark.browser

NOTEBOOK = "course/playground/playground.ipynb"
EXPLORER_CELL = 3  # the notebook's first code cell: `lab = playground()`
PLAY_SECONDS = 5.0


@pytest.fixture(scope="module")
def course(tmp_path_factory):
    """The course without any lesson solved: the playground needs none (overrides conftest.py's fixture)."""
    return prepare_course(tmp_path_factory.mktemp("browser") / "course", lessons=[])


def status(widget):
    """The status line under the controls: "epoch N — learning rate … — training loss …"."""
    return widget.locator.locator(".widget-html", has_text=re.compile(r"^\s*epoch \d+")).first


def epoch(widget):
    return int(re.search(r"epoch (\d+)", status(widget).inner_text()).group(1))


def button(widget, label):
    return widget.locator.get_by_role("button", name=label, exact=True)


def open_playground(lab):
    lab.open_notebook(NOTEBOOK)
    lab.run_cell(EXPLORER_CELL)
    return lab.widget(EXPLORER_CELL)


def test_play_trains_live_and_pause_stops_it(lab, course, tmp_path, record_property):
    with lab.screenshot_on_failure(tmp_path / "playground-play-failure.png"):
        widget = open_playground(lab)
        assert epoch(widget) == 0
        widget.play_button("play").click()
        figures = widget.figures()
        for tick in range(3):
            figures = widget.wait_redrawn(figures, f"pressing play (redraw {tick + 1})")
        start_epoch, started = epoch(widget), time.monotonic()
        time.sleep(PLAY_SECONDS)
        rate = (epoch(widget) - start_epoch) / (time.monotonic() - started)
        record_property("playground_epochs_per_second", rate)
        assert rate > 1, f"the playground trained {rate:.1f} epochs a second while playing"
        widget.play_button("pause").click()
        lab.page.wait_for_timeout(2000)  # a tick already sent may still arrive
        paused, still = epoch(widget), widget.figures()
        lab.page.wait_for_timeout(2000)
        assert epoch(widget) == paused and widget.figures() == still, "the playground went on after pause"


def test_every_control_starts_a_new_run_and_redraws(lab, course, tmp_path):
    with lab.screenshot_on_failure(tmp_path / "playground-controls-failure.png"):
        widget = open_playground(lab)
        button(widget, "step").click()
        expect(status(widget)).to_contain_text("epoch 1", timeout=REDRAW)
        button(widget, "step").click()
        expect(status(widget)).to_contain_text("epoch 2", timeout=REDRAW)
        button(widget, "reset").click()
        expect(status(widget)).to_contain_text("epoch 0", timeout=REDRAW)
        tabs = widget.locator.locator(".lm-TabBar-tab")
        moved = []
        for index in range(tabs.count()):
            tabs.nth(index).click()
            panel = widget.locator.locator(".widget-tab-contents > .widget-box:visible").first
            controls = [("slider", s) for s in panel.locator(".widget-slider:visible").all()] + \
                       [("dropdown", d) for d in panel.locator(".widget-dropdown select:visible").all()] + \
                       [("checkbox", c) for c in panel.locator(".widget-checkbox input:visible").all()]
            for kind, control in controls:
                button(widget, "step").click()  # epoch 1, so that a new run shows as epoch 0
                expect(status(widget)).to_contain_text("epoch 1", timeout=REDRAW)
                figures = widget.figures()
                if kind == "slider":
                    what = widget.move_slider(control)
                elif kind == "dropdown":
                    what = widget.pick_next(control)
                else:
                    control.click()
                    what = "batch norm"
                widget.wait_redrawn(figures, f"changing a {kind} ({what})")
                expect(status(widget)).to_contain_text("epoch 0", timeout=REDRAW)
                moved.append(kind)
        # data 5, network 3 + the activation of each of the 2 hidden layers, training 4, regularization 4
        assert moved.count("slider") >= 8 and moved.count("dropdown") >= 6 and "checkbox" in moved, moved


def test_a_click_on_the_plane_adds_a_point_of_the_chosen_class(lab, course, tmp_path):
    with lab.screenshot_on_failure(tmp_path / "playground-click-failure.png"):
        widget = open_playground(lab)
        widget.locator.locator(".lm-TabBar-tab", has_text="data").click()
        data = widget.locator.locator(".widget-dropdown select").first
        widget.locator.get_by_role("button", name="class 1", exact=True).click()
        figures = widget.figures()
        canvas = widget.locator.locator(".jupyter-matplotlib-canvas-div > canvas").last  # the one that takes clicks
        box = canvas.bounding_box()
        canvas.click(position={"x": box["width"] * 0.25, "y": box["height"] * 0.55})
        widget.wait_redrawn(figures, "a click on the plane")
        expect(data).to_have_value("your own points", timeout=UI)  # the first click copies the moons, adds one
        expect(widget.locator.locator(".nn-explorer-caption")).to_contain_text("your own points", timeout=UI)
