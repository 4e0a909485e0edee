"""What every explorer's test checks about its redraws."""
import numpy as np


def check_redraws_are_fast(durations, typical=1.0, worst=5.0):
    """A redraw must feel immediate: the median under `typical` seconds. One slow redraw (a garbage collection, a
    first run that fills a cache, a busy machine) is tolerated up to `worst` seconds, which still catches a runaway."""
    median = float(np.median(durations))
    assert median < typical, f"the median redraw took {median:.2f} s (budget {typical} s)"
    assert max(durations) < worst, f"the slowest redraw took {max(durations):.2f} s (limit {worst} s)"
