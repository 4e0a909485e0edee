"""The grader-quality report printed at the end of a run (a plugin that tests/conftest.py loads): per lesson, the
mistakes caught, those caught with the message that names them, the other correct answers passed, and the cascades
(mistakes that also fail a later exercise that uses the wrong one). Collected from the properties test_quality.py
records, so it works across the parallel workers."""
from collections import defaultdict

_BY_LESSON = defaultdict(lambda: defaultdict(int))
_CASCADES = defaultdict(list)


def pytest_runtest_logreport(report):
    if report.when != "call" or "test_quality.py::test_case" not in report.nodeid:
        return
    found = dict(report.user_properties)
    counts = _BY_LESSON[found.get("lesson", "?")]
    if "correct_passed" in found:
        counts["correct"] += 1
        counts["correct passed"] += bool(found["correct_passed"])
    if "mistake_caught" in found:
        counts["mistakes"] += 1
        counts["caught"] += bool(found["mistake_caught"])
        counts["named"] += bool(found["mistake_caught"] and found["mistake_named"])
        if found["cascade"]:
            counts["cascade"] += 1
            counts["announced"] += bool(found["cascade_announced"])
            if not found["cascade_announced"]:
                _CASCADES[found["lesson"]].append(report.nodeid.split("[", 1)[1].rstrip("]"))


def pytest_terminal_summary(terminalreporter):
    if not _BY_LESSON:
        return
    write = terminalreporter.write_line
    terminalreporter.section("grader quality: the lessons' own test cells on the cases of tests/grading/cases_*.py")
    write(f"{'lesson':<26}{'mistakes caught':>17}{'  ...named':>12}{'correct passed':>17}{'cascades':>10}"
          f"{'  ...announced':>15}")
    for lesson in sorted(_BY_LESSON):
        c = _BY_LESSON[lesson]
        write(f"{lesson:<26}{c['caught']:>9} of {c['mistakes']:<5}{c['named']:>10}"
              f"{c['correct passed']:>9} of {c['correct']:<5}{c['cascade']:>10}{c['announced']:>15}")
    write("(a cascade: a mistake that also fails a later exercise using it; announced: the later exercise's "
          "message says first that the earlier one must be fixed)")
    for lesson in sorted(_CASCADES):
        write(f"  unannounced cascades in {lesson}: " + ", ".join(sorted(_CASCADES[lesson])[:6])
              + (" ..." if len(_CASCADES[lesson]) > 6 else ""))
