"""The times the browser tests measured, printed at the end of the run: how long each explorer took from a slider
move to its new frame, and how fast the playground trained while playing. A plugin (see tests/conftest.py), so that
the controller of the parallel workers, which never loads the browser tests' conftest, prints it."""
import statistics


def pytest_terminal_summary(terminalreporter):
    """The explorers' times from a slider move to a new frame, as the browser tests measured them."""
    rows = [(report.nodeid.split("[")[-1].rstrip("]"), dict(report.user_properties)["frame_ms"])
            for report in terminalreporter.stats.get("passed", [])
            if report.when == "call" and "frame_ms" in dict(report.user_properties)]
    if rows:
        terminalreporter.section("explorers in the browser: ms from a slider move to the new frame")
        for name, times in rows:
            terminalreporter.write_line(f"{name:<28}{len(times):>4} moves  median {statistics.median(times):>6.0f}"
                                        f"  worst {max(times):>6.0f}")
    for report in terminalreporter.stats.get("passed", []):
        rate = dict(report.user_properties).get("playground_epochs_per_second")
        if report.when == "call" and rate is not None:
            terminalreporter.write_line(f"the playground, playing in the browser: {rate:.0f} epochs per second")
