"""Fixtures of the browser tests: one course copy, JupyterLab server and Chromium per test module (none outlives its
module), one browser tab per test. Without Debian's Chromium every browser test is skipped, and the summary says why."""
import re
from pathlib import Path

import pytest

from tests.browser.lab import CHROMIUM, Lab, LabServer, chromium, prepare_course

HERE = Path(__file__).resolve().parent
SKIP_REASON = f"browser tests skipped: {CHROMIUM} not found — install Debian's chromium (apt-get install chromium)"


def pytest_collection_modifyitems(config, items):
    if CHROMIUM.exists():
        return
    skip = pytest.mark.skip(reason=SKIP_REASON)
    for item in items:
        if Path(item.path).is_relative_to(HERE):
            item.add_marker(skip)


@pytest.fixture(scope="module")
def course(tmp_path_factory):
    """A course copy whose releases are solved; each untouched release is kept beside its solved one."""
    return prepare_course(tmp_path_factory.mktemp("browser") / "course")


@pytest.fixture(scope="module")
def lab_server(course):
    with LabServer(course, course.parent / "lab") as server:
        yield server


@pytest.fixture(scope="module")
def browser(course):
    with chromium(course.parent / "chromium-profile") as context:
        yield context


@pytest.fixture
def lab(browser, lab_server, request):
    tab = Lab(browser, lab_server, workspace=re.sub(r"[^A-Za-z0-9]+", "-", request.node.name).strip("-"))
    yield tab
    tab.close()
    lab_server.shutdown_kernels()
