"""How long each lesson's explorer takes to follow a moved control, in the kernel (no browser).

For every explorer: a scripted sequence of control moves (each slider to five positions across its range, each
dropdown through its options, the Play control a few ticks forward), each timed from setting the value to the new
frame encoded and handed to the widget (computation included; an explorer that caches computes a setting once).
Prints the median and the worst move per explorer and how many moves drew the whole figure instead of blitting,
measured in this one run. The target is a median of 50 ms. The browser adds the round trip and the frame's
decoding (the browser tests measure that).
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

from nnlib.widgets.backprop import backprop_explorer  # noqa: E402
from nnlib.widgets.depth import depth_explorer  # noqa: E402
from nnlib.widgets.derivatives import derivative_explorer  # noqa: E402
from nnlib.widgets.descent import descent_explorer  # noqa: E402
from nnlib.widgets.losses import loss_explorer  # noqa: E402
from nnlib.widgets.neuron import bumps_explorer, neuron_explorer  # noqa: E402
from nnlib.widgets.playground import playground  # noqa: E402
from nnlib.widgets.race import race_explorer  # noqa: E402
from nnlib.widgets.regularization import regularization_explorer  # noqa: E402
from nnlib.widgets.training import training_explorer  # noqa: E402

EXPLORERS = [neuron_explorer, bumps_explorer, loss_explorer, derivative_explorer, backprop_explorer,
             descent_explorer, race_explorer, depth_explorer, regularization_explorer, training_explorer,
             playground]
POSITIONS = 5  # per slider
TICKS = 3      # of a Play control


def moves(control):
    """The values a scripted hand gives one control, in order."""
    if isinstance(control, widgets.Checkbox):
        return [not control.value]
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
    """Seconds per move of one explorer, and how many moves drew the whole figure.  -> (list, int)."""
    explorer = make()
    # As with a browser connected: the canvas sends frames and stops keeping a copy of the figure for saving.
    explorer.canvas.syncing_data_url = False
    explorer.canvas.send_binary = lambda frame: None
    updates, whole = [], 0
    for name, control in explorer.controls.items():
        start_values = explorer.values
        for value in moves(control):
            before = explorer.full_redraws
            started = time.perf_counter()
            control.value = value
            updates.append(time.perf_counter() - started)
            whole += explorer.full_redraws > before
        explorer.set(**{name: start_values[name]})  # back to the lesson's setting before the next control
    return updates, whole


def playground_speed(ticks=40):
    """Epochs per second the playground trains and shows, ticks back to back (its default 2 × 8 ReLU network on 200
    moons points, 5 epochs per tick), and the median tick.  -> (epochs per second, median seconds per tick)."""
    explorer = playground()
    explorer.canvas.syncing_data_url = False
    explorer.canvas.send_binary = lambda frame: None
    tick = explorer.controls["tick"]
    durations = []
    started = time.perf_counter()
    for _ in range(ticks):
        begun = time.perf_counter()
        tick.value += 1
        durations.append(time.perf_counter() - begun)
    return explorer.run.epoch / (time.perf_counter() - started), statistics.median(durations)


def main():
    matplotlib.use("Agg")
    print(f"{'explorer':<26}{'moves':>6}{'median':>8}{'worst':>8}{'whole':>7}  (ms from a moved control to the new "
          "frame; 'whole': moves that drew the whole figure)")
    for make in EXPLORERS:
        updates, whole = measure(make)
        print(f"{make.__name__:<26}{len(updates):>6}{1000 * statistics.median(updates):>8.0f}"
              f"{1000 * max(updates):>8.0f}{whole:>7}")
    epochs_per_second, tick = playground_speed()
    print(f"playground, played back to back: {epochs_per_second:.0f} epochs/s trained and shown "
          f"(median tick {1000 * tick:.0f} ms; the target is 10 epochs/s)")


if __name__ == "__main__":
    main()
