"""Shared test settings: hypothesis runs without deadlines (the machine may be busy) and is reproducible; the
parallel part of `make test` keeps a test file on one worker, except the grader-quality cases, split by lesson."""
import os
import re

from hypothesis import HealthCheck, settings

# The reports that end a run: grader quality, and the browser's timings (plugins, so that the controller of the
# parallel workers has them too).
pytest_plugins = ["tests.grading.quality_report", "tests.browser.timing_report"]

settings.register_profile(
    "course",
    deadline=None,
    derandomize=bool(os.environ.get("CI")),
    suppress_health_check=[HealthCheck.too_slow],
    max_examples=50,
)
settings.load_profile("course")


# Test files whose tests may be spread over the parallel workers one lesson at a time: their lessons share no
# fixture. Every other file stays whole on one worker (--dist loadfile), so that its module fixtures run once.
SPLIT_BY_LESSON = ("tests/grading/test_quality.py",)
LESSON_IN_ID = re.compile(r"\[(?:cases_)?(\d\d)_")


def pytest_xdist_make_scheduler(config, log):
    if config.getoption("dist") != "loadfile":
        return None
    from xdist.scheduler import LoadScopeScheduling

    class FileOrLessonScheduling(LoadScopeScheduling):
        def _split_scope(self, nodeid):
            path = nodeid.split("::", 1)[0]
            lesson = LESSON_IN_ID.search(nodeid)
            return f"{path}::{lesson.group(1)}" if path in SPLIT_BY_LESSON and lesson else path

    return FileOrLessonScheduling(config, log)
