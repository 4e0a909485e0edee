"""What every explorer's test checks about its redraws."""
import numpy as np
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.text import Text

from nnlib.widgets.base import _layout_kept


def check_redraws_are_fast(durations, typical=1.0, worst=5.0):
    """A redraw must feel immediate: the median under `typical` seconds. One slow redraw (a garbage collection, a
    first run that fills a cache, a busy machine) is tolerated up to `worst` seconds, which still catches a runaway."""
    median = float(np.median(durations))
    assert median < typical, f"the median redraw took {median:.2f} s (budget {typical} s)"
    assert max(durations) < worst, f"the slowest redraw took {max(durations):.2f} s (limit {worst} s)"


def full_drawing(explorer):
    """The explorer's figure drawn whole, with the layout it has now: the picture blitting must reproduce.
    -> (H, W, 4) uint8 pixels."""
    with _layout_kept(explorer.figure):  # a new layout could move the axes by a pixel: compare the drawing only
        FigureCanvasAgg.draw(explorer.canvas)
    return np.asarray(explorer.canvas.get_renderer().buffer_rgba()).copy()


def shown_pixels(explorer):
    """What the explorer's canvas holds after its last update (blitted or drawn whole).  -> (H, W, 4) uint8."""
    return np.asarray(explorer.canvas.get_renderer().buffer_rgba()).copy()


def check_moves_are_blitted_as_drawn(explorer, moves, blitted_at_least=None):
    """Move the controls one after the other, [(name, value), ...]: after each move the picture the explorer shows
    must be exactly the figure drawn whole (no artist forgotten, none drawn in the wrong order), and at least
    `blitted_at_least` of the moves (all of them by default) must have been blitted, not drawn whole."""
    blitted = 0
    for name, value in moves:
        before = explorer.full_redraws
        explorer.controls[name].value = value
        blitted += explorer.full_redraws == before
        shown = shown_pixels(explorer)
        differ = np.any(shown != full_drawing(explorer), axis=2)
        assert not differ.any(), (f"after {name} = {value!r}, {differ.sum()} pixels of the blitted picture differ "
                                  f"from the figure drawn whole (rows {np.nonzero(differ.any(axis=1))[0][[0, -1]]}, "
                                  f"columns {np.nonzero(differ.any(axis=0))[0][[0, -1]]})")
    expected = len(moves) if blitted_at_least is None else blitted_at_least
    assert blitted >= expected, f"only {blitted} of {len(moves)} moves were blitted; {expected} should have been"


def check_sliders_follow_the_hand(explorer):
    """Every slider sends its value while it is dragged, not only when it is let go."""
    for name, control in explorer.controls.items():
        if hasattr(control, "continuous_update"):
            assert control.continuous_update, f"the {name!r} slider only redraws when it is let go"


NOTEBOOK_WIDTH = 840
"""Pixels a figure may take in a notebook in a 1280 px wide JupyterLab window before it is shrunk or scrolled."""
BODY_TEXT = 14
"""Pixel height of the notebook's body text (JupyterLab's content font size)."""


def check_text_is_readable(explorer):
    """The figure fits the notebook's width (shown pixel for pixel, never shrunk) and none of its text is smaller
    than 0.8 × the notebook's body text."""
    figure = explorer.figure
    width = figure.get_figwidth() * figure.dpi
    assert width <= NOTEBOOK_WIDTH, f"the figure is {width:.0f} px wide; the notebook shows {NOTEBOOK_WIDTH}"
    smallest = 0.8 * BODY_TEXT
    for text in figure.findobj(Text):
        if text.get_visible() and text.get_text().strip():
            height = text.get_fontsize() * figure.dpi / 72
            assert height >= smallest, (f"{text.get_text()!r} is {height:.1f} px tall; the smallest readable "
                                        f"text is {smallest:.1f} px")
