"""How long each lesson's explorer takes to follow a moved control, in the kernel (no browser).

For every explorer: a scripted sequence of control moves (each slider to five positions across its range, each
dropdown through its options, the Play control a few ticks forward), each timed from setting the value to the new
figure ready to send (computation included; an explorer that caches computes a setting once). Prints the median
and the worst move per explorer, measured in this one run. The browser adds the round trip and the image's decoding.
"""
import statistics
import sys
import time
from pathlib import Path

import ipywidgets as widgets
import matplotlib
import numpy as np

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "lib"))

import nnlib.widgets.base  # noqa: E402
from nnlib.widgets.backprop import backprop_explorer  # noqa: E402
from nnlib.widgets.depth import depth_explorer  # noqa: E402
from nnlib.widgets.derivatives import derivative_explorer  # noqa: E402
from nnlib.widgets.descent import descent_explorer  # noqa: E402
from nnlib.widgets.losses import loss_explorer  # noqa: E402
from nnlib.widgets.neuron import bumps_explorer, neuron_explorer  # noqa: E402
from nnlib.widgets.race import race_explorer  # noqa: E402
from nnlib.widgets.regularization import regularization_explorer  # noqa: E402
from nnlib.widgets.training import training_explorer  # noqa: E402

EXPLORERS = [neuron_explorer, bumps_explorer, loss_explorer, derivative_explorer, backprop_explorer,
             descent_explorer, race_explorer, depth_explorer, regularization_explorer, training_explorer]
POSITIONS = 5  # per slider
TICKS = 3      # of a Play control


def moves(control):
    """The values a scripted hand gives one control, in order."""
    if isinstance(control, widgets.Play):
        return [control.value + tick for tick in range(1, TICKS + 1)]
    if isinstance(control, (widgets.Dropdown, widgets.SelectionSlider)):
        values = [value for _, value in control.options] if isinstance(control.options[0], tuple) \
            else list(control.options)
        return [value for value in values if value != control.value]
    if isinstance(control, widgets.FloatLogSlider):
        return list(control.base ** np.linspace(control.min, control.max, POSITIONS))
    if isinstance(control, widgets.IntSlider):
        return sorted({int(round(v)) for v in np.linspace(control.min, control.max, POSITIONS)})
    return list(np.linspace(control.min, control.max, POSITIONS))


def measure(make):
    """Seconds per move of one explorer."""
    explorer = make()
    updates = []
    for name, control in explorer.controls.items():
        start_values = explorer.values
        for value in moves(control):
            started = time.perf_counter()
            control.value = value
            updates.append(time.perf_counter() - started)
        explorer.set(**{name: start_values[name]})  # back to the lesson's setting before the next control
    return updates


def main():
    matplotlib.use("Agg")
    # Outside a kernel an Output widget prints what it displays (and terminal codes when cleared): the PNG is made
    # and timed, but not shown.
    nnlib.widgets.base.display = lambda *objects, **options: None
    widgets.Output.clear_output = lambda self, *args, **kwargs: None
    print(f"{'explorer':<26}{'moves':>6}{'median':>10}{'worst':>10}  (ms from a moved control to the new figure)")
    for make in EXPLORERS:
        updates = measure(make)
        print(f"{make.__name__:<26}{len(updates):>6}{1000 * statistics.median(updates):>10.0f}"
              f"{1000 * max(updates):>10.0f}")


if __name__ == "__main__":
    main()
