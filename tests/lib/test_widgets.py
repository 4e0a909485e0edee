"""nnlib.widgets: moving a control recomputes the data, the figure draws that data, the title says what changed.

Driven in Python without a browser: setting a control's value fires the same callback as a student's click.
"""
import time

import matplotlib

matplotlib.use("Agg")

import ipywidgets as widgets  # noqa: E402
import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402
import pytest  # noqa: E402
from hypothesis import given  # noqa: E402
from hypothesis import strategies as st  # noqa: E402

from nnlib import activations  # noqa: E402
from nnlib.widgets.base import Explorer  # noqa: E402
from nnlib.widgets.neuron import CORNERS, NEURON_ACTIVATIONS, _line_in_box, neuron_compute, neuron_explorer  # noqa: E402
from tests.lib.widget_checks import check_redraws_are_fast  # noqa: E402

pytestmark = pytest.mark.filterwarnings("error")

PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"


@pytest.fixture
def explorer():
    yield neuron_explorer()
    plt.close("all")


def drawn_output(explorer):
    """The array the heat map of the last figure shows."""
    return np.asarray(explorer.figure.axes[0].images[0].get_array())


def drawn_title(explorer):
    return explorer.figure.axes[0].get_title()


def expected_z(explorer):
    v = explorer.values
    grid = explorer.data["grid"]
    X1, X2 = np.meshgrid(grid, grid)
    return v["w1"] * X1 + v["w2"] * X2 + v["b"]


def test_first_picture_is_drawn_from_the_starting_values(explorer):
    assert explorer.png.startswith(PNG_SIGNATURE)
    assert set(explorer.controls) == {"w1", "w2", "b", "activation", "points"}
    np.testing.assert_allclose(explorer.data["z"], expected_z(explorer))
    np.testing.assert_allclose(drawn_output(explorer), activations.sigmoid(expected_z(explorer)))
    assert explorer.data["title"].startswith("sigmoid neuron: w = (1.5, \N{MINUS SIGN}1.0), b = 0.5 \N{EM DASH} ")
    assert "sigmoid neuron" in drawn_title(explorer)


@pytest.mark.parametrize("name, value, finding", [
    ("w1", 2.0, "the boundary tilts"),
    ("w2", 1.0, "the boundary tilts"),
    ("b", -1.0, "the boundary shifts"),
])
def test_moving_a_slider_changes_the_drawn_data_and_the_title_says_how(explorer, name, value, finding):
    before_z, before_png = explorer.data["z"], explorer.png
    explorer.controls[name].value = value  # what a student's drag does
    assert explorer.values[name] == value
    np.testing.assert_allclose(explorer.data["z"], expected_z(explorer))
    assert not np.allclose(explorer.data["z"], before_z)
    np.testing.assert_allclose(drawn_output(explorer), activations.sigmoid(explorer.data["z"]))
    assert explorer.png != before_png
    assert finding in explorer.data["title"]
    assert finding in drawn_title(explorer)


def test_the_bias_moves_the_line_parallel_and_w_points_to_where_z_grows(explorer):
    w = np.array([1.0, 2.0])
    explorer.set(w1=w[0], w2=w[1], b=0.0)
    line0 = explorer.data["boundary"]
    explorer.set(b=1.0)
    line1 = explorer.data["boundary"]
    np.testing.assert_allclose(line0 @ w + 0.0, 0, atol=1e-12)
    np.testing.assert_allclose(line1 @ w + 1.0, 0, atol=1e-12)
    direction0, direction1 = line0[1] - line0[0], line1[1] - line1[0]
    assert abs(direction0[0] * direction1[1] - direction0[1] * direction1[0]) < 1e-9  # parallel
    assert "shifts against w" in explorer.data["title"]  # a larger b moves the line to where z was negative


def test_scaling_w_keeps_the_boundary_and_makes_the_transition_steeper(explorer):
    explorer.set(w1=1.0, w2=-1.0, b=0.0)
    line = explorer.data["boundary"]
    explorer.set(w1=3.0, w2=-3.0)
    np.testing.assert_allclose(explorer.data["boundary"], line)
    title = explorer.data["title"]
    assert "steeper" in title and "tilts" not in title and "shifts" not in title
    explorer.set(w1=-3.0, w2=3.0)
    assert "sides swap" in explorer.data["title"]


@pytest.mark.parametrize("activation", sorted(NEURON_ACTIVATIONS))
def test_each_activation_draws_its_own_output_over_the_same_boundary(explorer, activation):
    other = "tanh" if activation == "sigmoid" else "sigmoid"
    explorer.controls["activation"].value = other
    line = explorer.data["boundary"]
    explorer.controls["activation"].value = activation
    function = NEURON_ACTIVATIONS[activation][2]
    np.testing.assert_allclose(drawn_output(explorer), function(explorer.data["z"]))
    np.testing.assert_array_equal(explorer.data["boundary"], line)
    assert explorer.data["title"].startswith(NEURON_ACTIVATIONS[activation][1] + " neuron")
    assert "same boundary" in explorer.data["title"]
    low, high = explorer.figure.axes[0].images[0].get_clim()
    assert (low, high) == NEURON_ACTIVATIONS[activation][3]


def test_the_corners_of_a_task_are_drawn_and_scored(explorer):
    explorer.set(w1=1.0, w2=1.0, b=-1.0, points="and")
    assert explorer.data["correct"].all()
    assert "AND: 4 of 4 corners on the correct side \N{EM DASH} solved!" in explorer.data["title"]
    offsets = np.concatenate([c.get_offsets() for c in explorer.figure.axes[0].collections])
    assert {tuple(p) for p in CORNERS} <= {tuple(p) for p in offsets}
    explorer.controls["points"].value = "xor"
    assert "XOR: 1 of 4" in explorer.data["title"] and "no line gets all 4" in explorer.data["title"]
    explorer.controls["points"].value = "none"
    assert "points" not in explorer.data and "of 4 corners" not in explorer.data["title"]
    assert "the corners are hidden" in explorer.data["title"]


@given(w1=st.floats(-4, 4), w2=st.floats(-4, 4), b=st.floats(-4, 4))
def test_no_single_neuron_solves_xor(w1, w2, b):
    data = neuron_compute(w1, w2, b, "sigmoid", "xor", resolution=3)
    assert data["correct"].sum() <= 3


def test_zero_weights_have_no_boundary(explorer):
    explorer.set(w1=0.0, w2=0.0)
    assert explorer.data["boundary"] is None
    assert "w = 0: the same output everywhere" in explorer.data["title"]
    assert np.ptp(drawn_output(explorer)) == 0
    explorer.controls["w1"].value = 1.0
    assert "a boundary appears" in explorer.data["title"]


@given(w=st.tuples(st.floats(-4, 4), st.floats(-4, 4)), b=st.floats(-4, 4))
def test_the_boundary_segment_lies_on_the_line_inside_the_plane(w, b):
    w = np.array(w)
    segment = _line_in_box(w, b, -2.0, 2.0)
    if segment is None:
        # no line, or the plane lies on one side of it: the corners of the plane all have the same sign of z
        z = np.array([[-2, -2], [-2, 2], [2, -2], [2, 2]]) @ w + b
        assert not np.any(w) or np.all(z >= -1e-9) or np.all(z <= 1e-9)
        return
    np.testing.assert_allclose(segment @ w + b, 0, atol=1e-9 * (1 + abs(b) + np.abs(w).sum()) * 10)
    assert np.all(np.abs(segment) <= 2 + 1e-9)


def test_set_changes_several_controls_with_one_redraw():
    calls = []

    def compute(a, b):
        calls.append((a, b))
        return {"y": np.array([a, b])}

    def draw(fig, data):
        fig.add_subplot().plot(data["y"])

    toy = Explorer({"a": widgets.FloatSlider(value=1.0), "b": widgets.IntSlider(value=2)}, compute, draw)
    assert calls == [(1.0, 2)]
    toy.set(a=3.0, b=4)
    assert calls == [(1.0, 2), (3.0, 4)]
    np.testing.assert_array_equal(toy.figure.axes[0].lines[0].get_ydata(), [3.0, 4.0])
    with pytest.raises(KeyError, match="no control named"):
        toy.set(c=1)


def test_describe_sees_the_previous_data():
    seen = []

    def describe(data, previous):
        seen.append(None if previous is None else previous["x"])
        return f"x = {data['x']}"

    def draw(fig, data):
        fig.add_subplot().set_title(data["title"])

    toy = Explorer({"x": widgets.IntSlider(value=1)}, lambda x: {"x": x}, draw, describe=describe)
    toy.controls["x"].value = 5
    assert seen == [None, 1]
    assert toy.figure.axes[0].get_title() == "x = 5"


def test_each_redraw_replaces_the_picture_without_flicker(explorer, monkeypatch):
    cleared = []
    monkeypatch.setattr(explorer.output, "clear_output", lambda **kwargs: cleared.append(kwargs))
    explorer.controls["b"].value = 1.0
    explorer.controls["activation"].value = "relu"
    assert cleared == [{"wait": True}, {"wait": True}]


def test_the_explorer_displays_its_widget(explorer, monkeypatch):
    shown = []
    monkeypatch.setattr("nnlib.widgets.base.display", lambda *objects: shown.extend(objects))
    explorer._ipython_display_()
    assert shown == [explorer.widget]
    assert explorer.output in explorer.widget.children
    panel = explorer.widget.children[0]
    shown_controls = [w for box in [panel, *getattr(panel, "children", [])] for w in getattr(box, "children", [])]
    assert all(control in shown_controls for control in explorer.controls.values())


def test_redraws_are_fast_and_leak_no_figure(explorer):
    plt.close("all")
    durations = []
    for value in np.linspace(-4, 4, 9):
        start = time.perf_counter()
        explorer.controls["w1"].value = float(value)
        durations.append(time.perf_counter() - start)
    check_redraws_are_fast(durations)
    assert plt.get_fignums() == []


@pytest.mark.parametrize("width, box", [(6.4, widgets.HBox), (13.0, widgets.VBox)])
def test_a_wide_figure_goes_under_the_controls_and_a_narrow_one_beside_them(width, box):
    slider = widgets.FloatSlider(value=1.0)
    explorer = Explorer({"a": slider}, compute=lambda a: {"a": a}, draw=lambda fig, data: fig.add_subplot(),
                        header="<b>title</b>", figsize=(width, 4.0))
    assert type(explorer.widget) is box
    assert explorer.widget.children[-1] is explorer.output
    panel = explorer.widget.children[0]
    shown = [w for b in [panel, *panel.children] for w in getattr(b, "children", [])]
    assert slider in shown
