"""In a real browser: nbgrader's formgrader opens from JupyterLab's menu on the course, without its error page, and
lists every lesson."""
import pytest
from playwright.sync_api import expect

from tests.browser.lab import LAB_LOAD, RELEASED

# A real browser waits on real time: run alone, not beside the parallel tests.
pytestmark = pytest.mark.serial

FORMGRADER_ERROR = "the formgrader encountered an error"


def test_formgrader_lists_every_lesson(lab, tmp_path):
    with lab.screenshot_on_failure(tmp_path / "formgrader-failure.png"):
        lab.open_lab()
        formgrader = lab.open_formgrader()
        expect(formgrader.get_by_role("heading", name="Manage Assignments")).to_be_visible(timeout=LAB_LOAD)
        expect(formgrader.get_by_text(FORMGRADER_ERROR)).to_have_count(0)
        for lesson in RELEASED:
            expect(formgrader.get_by_role("link", name=lesson, exact=True)).to_be_visible()
