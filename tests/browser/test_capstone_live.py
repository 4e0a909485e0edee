"""In a real browser, lesson 09's live training view: after Run All, pressing ▶ on the Play control trains and redraws
the figure again and again (the epoch slider follows); pressing ❚❚ stops the changes and keeps the epoch reached."""
import time

import pytest

from tests.browser.lab import REDRAW, prepare_course, widget_cell_index
from tests.notebooks.lessons import release_path

pytestmark = pytest.mark.browser

LESSON = "09_capstone"
STABLE_SECONDS = 3.0  # longer than several Play intervals (0.5 s) plus a redraw: a running Play would show a change


@pytest.fixture(scope="module")
def course(tmp_path_factory):
    """This lesson alone, solved (overrides the fixture of conftest.py, which prepares every released lesson)."""
    return prepare_course(tmp_path_factory.mktemp("browser") / "course", lessons=[LESSON])


def epoch_readout(widget):
    return widget.sliders().first.locator(".widget-readout")


def wait_until_still(widget, seconds, timeout=REDRAW / 1000):
    """Wait until the figures stay the same for `seconds` (redraws already requested may still arrive).  -> them."""
    deadline = time.monotonic() + timeout
    figures, since = widget.figures(), time.monotonic()
    while time.monotonic() < deadline:
        time.sleep(0.25)
        now = widget.figures()
        if now != figures or not now:
            figures, since = now, time.monotonic()
        elif time.monotonic() - since >= seconds:
            return figures
    raise AssertionError(f"the figure kept changing for {timeout:.0f} s after pause was pressed")


def test_play_trains_and_redraws_over_time_and_pause_stops_it(lab, course, tmp_path):
    notebook = release_path(LESSON, course)
    with lab.screenshot_on_failure(tmp_path / f"{LESSON}-live-failure.png"):
        lab.open_notebook(notebook.relative_to(course).as_posix())
        lab.run_all()
        lab.wait_every_code_cell_ran()
        widget = lab.widget(widget_cell_index(notebook))
        readout = epoch_readout(widget)
        assert readout.inner_text().strip() == "0"

        widget.play_button("play").click()
        figures = widget.figures()
        for tick in range(3):  # several redraws in a row, without touching anything: it plays
            figures = widget.wait_redrawn(figures, f"pressing play (redraw {tick + 1})")
        playing_epoch = int(readout.inner_text())
        assert playing_epoch >= 2, f"the epoch slider reads {playing_epoch} after three redraws"

        widget.play_button("pause").click()
        still = wait_until_still(widget, STABLE_SECONDS)
        paused_epoch = readout.inner_text()
        time.sleep(STABLE_SECONDS)
        assert widget.figures() == still, "the figure changed after pause"
        assert readout.inner_text() == paused_epoch, "the epoch moved on after pause"
        assert int(paused_epoch) >= playing_epoch
