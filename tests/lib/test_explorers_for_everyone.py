"""Every explorer, for every student: its figure has a text alternative and its state is readable as text, every
control has a visible label, its text is readable at the notebook's width, and the colours it uses to tell things
apart stay apart for the common colour-vision deficiencies (simulated).

The keyboard is the browser tests' business: they move every slider with arrow keys and pick options by keyboard
focus, as a student without a mouse would."""
import itertools

import matplotlib

matplotlib.use("Agg")

import numpy as np  # noqa: E402
import pytest  # noqa: E402
from matplotlib.colors import to_rgba  # noqa: E402

from nnlib.plots import PALETTE  # noqa: E402
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
from tests.lib.colour_vision import DEFICIENCIES, distance  # noqa: E402
from tests.lib.widget_checks import check_text_is_readable  # noqa: E402

EXPLORERS = [neuron_explorer, bumps_explorer, loss_explorer, derivative_explorer, backprop_explorer,
             descent_explorer, race_explorer, depth_explorer, regularization_explorer, training_explorer, playground]
APART = 20.0
"""ΔE two colours that alone tell things apart must keep, seen with any deficiency (2 is just noticeable; thin
lines need far more). Lines that also differ in their dashes or markers are told apart without colour."""


@pytest.fixture(scope="module", params=EXPLORERS, ids=lambda make: make.__name__)
def explorer(request):
    return request.param()


def test_the_figure_has_a_text_alternative_and_its_state_is_text(explorer):
    caption = explorer.caption.value
    assert explorer.alt and len(explorer.alt.split()) >= 10, "the figure needs a sentence saying what it shows"
    assert "Figure:" in caption and "Now:" in caption, caption
    assert 'aria-live="polite"' in caption
    assert explorer.caption in _all_children(explorer.widget), "the caption is not shown with the explorer"


def test_every_control_has_a_visible_label(explorer):
    for name, control in explorer.controls.items():
        assert getattr(control, "description", "").strip(), f"the {name!r} control has no label"


def test_the_text_is_readable_at_the_notebooks_width(explorer):
    check_text_is_readable(explorer)


def looks(ax):
    """How an axes draws the things it tells apart: (colour, style) of each line and marker set, without greys
    (black, white, grey), faint fills and colour scales (a colour bar, a heat map: their colours show a value)."""
    seen = set()
    for artist in [*ax.lines, *(c for c in ax.collections if c.get_array() is None)]:
        if hasattr(artist, "get_xydata"):  # a line: its dashes and marker tell it apart too
            colours, style = [to_rgba(artist.get_color())], (str(artist.get_linestyle()), str(artist.get_marker()))
        else:  # markers: their fill and edge
            colours = [tuple(c) for c in np.atleast_2d(artist.get_facecolor())]
            colours += [tuple(c) for c in np.atleast_2d(artist.get_edgecolor())]
            style = ("markers", str(artist.get_paths()[0].vertices.round(2).tolist()) if artist.get_paths() else "")
        for r, g, b, a in colours:
            alpha = a * (artist.get_alpha() if artist.get_alpha() is not None else 1.0)
            if alpha >= 0.3 and max(r, g, b) - min(r, g, b) > 0.08:  # a colour, not a grey
                seen.add(((round(r, 3), round(g, 3), round(b, 3)), style))
    return sorted(seen)


def test_what_only_colour_tells_apart_stays_apart_for_every_colour_vision(explorer):
    for ax in explorer.figure.axes:
        for (a, style_a), (b, style_b) in itertools.combinations(looks(ax), 2):
            if a == b or style_a != style_b:
                continue  # the same colour, or told apart by dashes or markers as well
            for deficiency in ["normal", *DEFICIENCIES]:
                assert distance(a, b, deficiency) >= APART, (
                    f"in the panel {ax.get_title()[:40]!r}, colours {a} and {b} drawn alike are only "
                    f"{distance(a, b, deficiency):.1f} apart with {deficiency}")


def test_the_course_palette_stays_apart_for_every_colour_vision():
    """Okabe-Ito's seven colours stay at least 15 apart (blue and bluish green are the closest, for a tritanope):
    enough for areas and markers, which is why the figures also give lines of close colours other dashes."""
    for a, b in itertools.combinations(PALETTE[:7], 2):
        for deficiency in ["normal", *DEFICIENCIES]:
            assert distance(a, b, deficiency) >= 15, f"{a}, {b}: {distance(a, b, deficiency):.1f} ({deficiency})"


def test_the_simulation_tells_a_bad_palette_from_a_good_one():
    """matplotlib's default red and green merge for deuteranopes, its blue and purple for protanopes; the checks
    above would catch them."""
    assert distance("tab:red", "tab:green", "deuteranopia") < 10 < APART <= distance("tab:red", "tab:green")
    assert distance("tab:blue", "tab:purple", "protanopia") < 10 < APART <= distance("tab:blue", "tab:purple")


def _all_children(widget):
    yield widget
    for child in getattr(widget, "children", ()):
        yield from _all_children(child)
