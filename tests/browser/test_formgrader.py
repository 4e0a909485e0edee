"""In a real browser: nbgrader's formgrader opens from JupyterLab's menu on the course, without its error page, lists
every lesson, and shows beside a graded submission what the autograder found (its flags) and, after each written
answer, the model answer and the rubric to grade it with; script a student put in Markdown or an output never runs
in the instructor's browser."""
import json
import subprocess
import sys

import pytest
from nbgrader.api import Gradebook
from playwright.sync_api import expect

from tests.browser.lab import LAB_LOAD, RELEASED
from tests.notebooks.lessons import release_path, source_of

pytestmark = pytest.mark.browser

FORMGRADER_ERROR = "the formgrader encountered an error"
LESSON = "01_forward_pass"


def test_formgrader_lists_every_lesson(lab, tmp_path):
    with lab.screenshot_on_failure(tmp_path / "formgrader-failure.png"):
        lab.open_lab()
        formgrader = lab.open_formgrader()
        expect(formgrader.get_by_role("heading", name="Manage Assignments")).to_be_visible(timeout=LAB_LOAD)
        expect(formgrader.get_by_text(FORMGRADER_ERROR)).to_have_count(0)
        for lesson in RELEASED:
            expect(formgrader.get_by_role("link", name=lesson, exact=True)).to_be_visible()


@pytest.fixture(scope="module")
def pasted_submission(course, tmp_path_factory):
    """A student's answers pasted into a fresh notebook (no nbgrader metadata) with a script in Markdown and in an
    output, collected and autograded: the autograder flags it and queues its written answer for manual grading.
    -> its id in the gradebook."""
    fresh = json.loads(release_path(LESSON, course).read_text())  # the solved release of the course copy
    for cell in fresh["cells"]:
        cell["metadata"], cell["source"] = {}, source_of(cell)
        cell.pop("id", None)
    fresh["cells"] += [
        {"cell_type": "markdown", "metadata": {}, "source": 'Markdown payload <img src=x onerror="window.pwned = 1">'},
        {"cell_type": "code", "metadata": {}, "outputs": [], "execution_count": None,
         "source": "from IPython.display import HTML, display\n"
                   "display(HTML('Output payload <img src=x onerror=\"window.pwned = 2\">'))"}]
    download = tmp_path_factory.mktemp("download")
    (download / f"pat_{LESSON}.ipynb").write_text(json.dumps(fresh))
    for step in (["collect", str(download), "--lesson", LESSON], ["autograde", "--lesson", LESSON]):
        result = subprocess.run([sys.executable, "-m", "autograder", "--root", str(course), *step],
                                capture_output=True, text=True)
        assert result.returncode == 0, result.stdout + result.stderr
    with Gradebook(f"sqlite:///{course / 'autograder' / 'gradebook.db'}") as gradebook:
        return gradebook.find_submission_notebook(LESSON, LESSON, "pat").id


def test_a_submission_shows_the_autograders_flags_and_each_written_answers_rubric(lab, pasted_submission, tmp_path):
    with lab.screenshot_on_failure(tmp_path / "formgrader-submission-failure.png"):
        lab.page.goto(f"{lab.server.url}/formgrader/submissions/{pasted_submission}/?token={lab.server.token}",
                      timeout=LAB_LOAD)
        notes = lab.page.get_by_text("The autograder's notes on this submission")
        expect(notes).to_be_visible(timeout=LAB_LOAD)
        expect(lab.page.get_by_text("found by what they define").first).to_be_visible()
        rubric = lab.page.get_by_text("Model answer and rubric for written_1")
        expect(rubric).to_be_visible()
        expect(lab.page.get_by_text("BEGIN MARK SCHEME")).to_have_count(0)
        expect(lab.page.get_by_text(FORMGRADER_ERROR)).to_have_count(0)
        expect(lab.page.get_by_text("Markdown payload")).to_be_visible()
        expect(lab.page.locator(".output_html", has_text="Output payload")).to_be_visible()
        assert lab.page.evaluate("window.pwned") is None, "a student's script ran in the formgrader"
