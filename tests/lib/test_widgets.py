"""nnlib.widgets: moving a control recomputes the data, the figure draws that data, the title says what changed.

Driven in Python without a browser: setting a control's value fires the same callback as a student's click.
"""
import base64
import io
import time

import matplotlib

matplotlib.use("Agg")

import ipywidgets as widgets  # noqa: E402
import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402
import PIL.Image  # noqa: E402
import pytest  # noqa: E402
from hypothesis import given  # noqa: E402
from hypothesis import strategies as st  # noqa: E402

from matplotlib.backend_bases import KeyEvent  # noqa: E402

from nnlib import activations  # noqa: E402
from nnlib.widgets.base import Explorer  # noqa: E402
from nnlib.widgets.neuron import CORNERS, NEURON_ACTIVATIONS, _line_in_box, neuron_compute, neuron_explorer  # noqa: E402
from nnlib.widgets.neuron import BUMPS_INTERVAL, bumps_compute, bumps_explorer, bumps_target  # noqa: E402
from tests.lib.widget_checks import (check_moves_are_blitted_as_drawn, check_redraws_are_fast,  # noqa: E402
                                     check_sliders_follow_the_hand, check_text_is_readable, shown_pixels)

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


def test_lesson_instruction_doubling_both_weights_stays_on_the_sliders_and_only_sharpens(explorer):
    """Lesson 01, explorer item 2: from the starting weights, set b = 0, then w1 = 3 and w2 = −2 (both doubled)."""
    start = np.array([explorer.values["w1"], explorer.values["w2"]])
    np.testing.assert_array_equal(2 * start, [3.0, -2.0])  # the instruction's numbers are the defaults doubled
    for name in ("w1", "w2"):
        assert explorer.controls[name].min <= 2 * explorer.values[name] <= explorer.controls[name].max
    explorer.controls["b"].value = 0.0
    line, output = explorer.data["boundary"], drawn_output(explorer)
    explorer.controls["w1"].value = 3.0  # one slider at a time, as a student moves them
    assert "tilts" in explorer.data["title"]
    explorer.controls["w2"].value = -2.0
    assert explorer.values == {**explorer.values, "w1": 3.0, "w2": -2.0, "b": 0.0}
    np.testing.assert_allclose(explorer.data["boundary"], line, atol=1e-12)  # the line is back where it was
    assert "steeper" in explorer.data["title"]
    # steeper: z doubled everywhere, so the sigmoid's largest step between neighbouring grid points grows
    np.testing.assert_allclose(explorer.data["z"], 2 * np.log(output / (1 - output)), rtol=1e-6, atol=1e-6)
    assert np.abs(np.diff(drawn_output(explorer), axis=1)).max() > np.abs(np.diff(output, axis=1)).max()


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


def test_a_corner_on_the_line_is_on_neither_side(explorer):
    """Lesson 01, exercise 6 and explorer item 4: z = 0 is on neither side, so w = (1, 1), b = 0 does not solve AND."""
    explorer.set(w1=1.0, w2=1.0, b=0.0, points="and")
    data = explorer.data
    np.testing.assert_array_equal(data["on_line"], [False, True, True, False])  # (−1, 1) and (1, −1): z = 0
    assert data["correct"].sum() == 2 and data["margin"] == 0
    title = data["title"]
    assert "AND: 2 of 4 corners on the correct side, 2 on the line" in title and "solved" not in title
    assert "on the line" in drawn_title(explorer)
    rings = {c.get_label(): c.get_offsets() for c in explorer.figure.axes[0].collections}
    np.testing.assert_array_equal(rings["on the line (z = 0)"], CORNERS[[1, 2]])
    assert len(rings["wrong side"]) == 0
    # slider steps of 0.1 are inexact in binary: at (−1, 1), −0.3 + 0.1 + 0.2 is 2.8e-17, and counts as on the line
    explorer.set(w1=0.3, w2=0.1, b=0.2)
    assert 0.0 < explorer.data["corner_z"][1] < 1e-15
    assert explorer.data["on_line"].tolist() == [False, True, False, False]
    explorer.set(w1=1.0, w2=1.0, b=-1.0)
    assert "4 of 4 corners on the correct side \N{EM DASH} solved! (smallest |z| at a corner: 1.0)" in \
        explorer.data["title"]


def test_the_colour_bar_extends_only_where_the_output_is_unbounded(explorer):
    for activation, extend in (("sigmoid", "neither"), ("tanh", "neither"), ("relu", "max"),
                               ("leaky_relu", "both"), ("linear", "both")):
        explorer.controls["activation"].value = activation
        colorbar = explorer.figure.axes[0].images[0].colorbar
        assert colorbar.extend == extend, activation


def test_the_arrow_of_w_stays_in_view_when_the_line_is_far_from_the_origin(explorer):
    """Lesson 01, explorer item 1 asks "along w or against it?" while b grows: the arrow must stay drawn."""
    for b in (0.5, 2.0, 3.0, 4.0):
        explorer.controls["b"].value = b
        arrows = [t for t in explorer.figure.axes[0].texts if t.get_text() == "direction of w"]
        assert explorer.data["boundary"] is not None and len(arrows) == 1, b


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


def test_a_dragged_slider_is_blitted_and_shows_what_a_full_drawing_shows(explorer):
    check_sliders_follow_the_hand(explorer)
    moves = [(name, value) for name in ("w1", "w2", "b") for value in (-2.5, 0.0, 3.1)]
    check_moves_are_blitted_as_drawn(explorer, moves)


@pytest.mark.parametrize("make", [neuron_explorer, bumps_explorer])
def test_the_figures_fit_the_notebook_and_their_text_is_readable(make):
    check_text_is_readable(make())


def test_a_new_activation_or_task_draws_the_whole_figure_again(explorer):
    # another colour scale, another legend: more than a blit can change
    moves = [("activation", "relu"), ("points", "xor"), ("w1", 0.3), ("points", "none"), ("activation", "tanh")]
    check_moves_are_blitted_as_drawn(explorer, moves, blitted_at_least=1)
    assert "ReLU" not in drawn_title(explorer) and "tanh neuron" in drawn_title(explorer)


def test_every_frame_reaches_the_browser_whole(explorer):
    """A blitted move sends the whole picture: the browser redraws its last image on a resize, and a difference alone
    would leave it nearly blank."""
    frames = []
    explorer.canvas.send_binary = frames.append
    explorer.controls["b"].value = 1.2
    explorer.controls["b"].value = 1.3
    assert len(frames) == 2 and explorer.canvas._current_image_mode == "full"
    picture = PIL.Image.open(io.BytesIO(frames[1]))
    assert np.array_equal(np.asarray(picture), shown_pixels(explorer))


def test_before_a_browser_shows_it_the_canvas_keeps_its_whole_picture_as_a_data_url(explorer):
    """The browser draws a new view from this URL first: it must be a whole PNG, with its data: prefix."""
    explorer.controls["b"].value = 1.2  # a blitted move: a diff frame is sent, the URL keeps the whole picture
    prefix = "data:image/png;base64,"
    assert explorer.canvas._data_url.startswith(prefix)
    picture = PIL.Image.open(io.BytesIO(base64.b64decode(explorer.canvas._data_url[len(prefix):])))
    assert picture.size == explorer.canvas.get_width_height(physical=True)
    assert np.array_equal(np.asarray(picture), shown_pixels(explorer))


def test_the_explorer_displays_its_widget(explorer, monkeypatch):
    shown = []
    monkeypatch.setattr("nnlib.widgets.base.display", lambda *objects: shown.extend(objects))
    explorer._ipython_display_()
    assert shown == [explorer.widget]
    assert explorer.widget.children[-1].children == (explorer.canvas, explorer.caption)
    panel = explorer.widget.children[0]
    shown_controls = [w for box in [panel, *getattr(panel, "children", [])] for w in getattr(box, "children", [])]
    assert all(control in shown_controls for control in explorer.controls.values())


def test_the_caption_says_what_the_figure_shows_and_what_its_title_says_now():
    toy = Explorer({"x": widgets.IntSlider(value=1, description="x")}, lambda x: {"x": x},
                   lambda fig, data: fig.add_subplot(), describe=lambda data, previous: f"x = {data['x']} < 2?",
                   alt="A toy: an empty plane & nothing else")
    assert "A toy: an empty plane &amp; nothing else" in toy.caption.value and "x = 1 &lt; 2?" in toy.caption.value
    toy.controls["x"].value = 5
    assert "x = 5 &lt; 2?" in toy.caption.value
    assert 'aria-live="polite"' in toy.caption.value  # a screen reader announces the change


def test_the_canvas_has_no_toolbar_and_ignores_matplotlib_shortcuts(explorer):
    canvas = explorer.canvas
    assert not canvas.toolbar_visible and not canvas.header_visible and not canvas.resizable
    ax = explorer.figure.axes[0]
    scales = ax.get_xscale(), ax.get_yscale()
    x, y = ax.transAxes.transform((0.5, 0.5))  # a key pressed with the pointer over the plane
    for key in ("l", "k", "g"):  # log scale of y, of x, and the grid, with matplotlib's default shortcuts
        KeyEvent("key_press_event", canvas, key, x=x, y=y)._process()
    assert (ax.get_xscale(), ax.get_yscale()) == scales
    assert not any(line.get_visible() for line in ax.get_xgridlines())


@pytest.mark.serial  # a time budget: measured alone
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
    assert explorer.widget.children[-1].children == (explorer.canvas, explorer.caption)
    panel = explorer.widget.children[0]
    shown = [w for b in [panel, *panel.children] for w in getattr(b, "children", [])]
    assert slider in shown


@pytest.fixture
def bumps():
    yield bumps_explorer()
    plt.close("all")


def network_output(data, x):
    """The network of bumps_compute evaluated from its params, as a forward pass: x (R,) -> (R,)."""
    params = data["params"]
    return (np.maximum(x[:, None] @ params["W1"] + params["b1"], 0) @ params["W2"] + params["b2"]).ravel()


def test_bumps_first_picture_is_the_network_drawn_from_its_weights(bumps):
    assert bumps.png.startswith(PNG_SIGNATURE)
    data = bumps.data
    params = data["params"]  # the course's names: W1, b1, W2, b2
    assert list(params) == ["W1", "b1", "W2", "b2"]
    assert params["W1"].shape == (1, 3) and params["b1"].shape == (3,) and params["W2"].shape == (3, 1)
    assert params["b2"].shape == (1,)
    top, bottom = bumps.figure.axes[:2]
    np.testing.assert_allclose(top.lines[1].get_ydata(), network_output(data, data["x"]))
    np.testing.assert_allclose(top.lines[0].get_ydata(), bumps_target(data["x"]))
    shares = [line.get_ydata() for line in bottom.lines[1:] if len(line.get_ydata())]  # after the zero line
    assert len(shares) == 3
    np.testing.assert_allclose(np.sum(shares, axis=0) + params["b2"], data["output"])
    assert bumps.data["title"].startswith("3 hidden ReLU units: largest error ")
    assert top.get_title() == bumps.data["title"]


def test_bumps_header_names_where_v_j_and_t_j_live_in_params(bumps):
    """The header's v_j = W2[j, 0] and t_j = −b1[j] are the output weights and the knots of the network drawn."""
    header = bumps.widget.children[0].children[0].value
    assert "v<sub>j</sub> = W2[j, 0]" in header and "t<sub>j</sub> = \N{MINUS SIGN}b1[j]" in header
    data = bumps.data
    x, t, v = data["x"], -data["params"]["b1"], data["params"]["W2"][:, 0]
    assert np.all(data["params"]["W1"] == 1)  # so unit j is ReLU(x − t_j)
    np.testing.assert_allclose(t, data["knots"][:-1])
    np.testing.assert_allclose(data["contributions"], v[:, None] * np.maximum(x - t[:, None], 0))


@given(n_units=st.integers(1, 40))
def test_bumps_network_joins_the_curve_at_the_knots_with_straight_lines(n_units):
    data = bumps_compute(n_units, resolution=97)
    knots = data["knots"]
    assert len(knots) == n_units + 1 and (knots[0], knots[-1]) == BUMPS_INTERVAL
    np.testing.assert_allclose(network_output(data, knots), bumps_target(knots), atol=1e-12)
    np.testing.assert_allclose(data["output"], np.interp(data["x"], knots, bumps_target(knots)), atol=1e-12)
    assert data["max_error"] == pytest.approx(np.max(np.abs(data["output"] - bumps_target(data["x"]))))


def test_bumps_slider_changes_the_network_and_the_title_says_how(bumps):
    before = bumps.data["max_error"]
    bumps.controls["n_units"].value = 12
    data = bumps.data
    assert data["params"]["W2"].shape == (12, 1)
    np.testing.assert_allclose(bumps.figure.axes[0].lines[1].get_ydata(), network_output(data, data["x"]))
    assert "closer than with 3" in data["title"] and data["max_error"] < before
    bumps.controls["n_units"].value = 2
    assert "further than with 12" in bumps.data["title"]
    bumps.controls["n_units"].value = 1
    assert bumps.data["max_error"] == pytest.approx(bumps_compute(2)["max_error"], rel=0.05)
    assert "no closer than with 2" in bumps.data["title"] and "1.0\N{MULTIPLICATION SIGN}" not in bumps.data["title"]


def test_lesson_instruction_doubling_the_units_cuts_the_error_about_4_times():
    """Lesson 01, section 5: from about 10 units on, doubling the units cuts the largest error about 4 times."""
    for n in range(10, 21):
        ratio = bumps_compute(n, resolution=2001)["max_error"] / bumps_compute(2 * n, resolution=2001)["max_error"]
        assert 3 < ratio < 5, (n, ratio)
    x = np.linspace(-1, 4, 501)
    a, b, c = 0.0, 1.0, 2.0  # three ramps make a bump: 0 outside [a, c], a peak of b − a at b
    bump = np.maximum(x - a, 0) - 2 * np.maximum(x - b, 0) + np.maximum(x - c, 0)
    assert np.all(bump[(x <= a) | (x >= c)] == 0) and bump.max() == pytest.approx(b - a)


def test_bumps_slider_is_blitted_and_shows_what_a_full_drawing_shows(bumps):
    check_sliders_follow_the_hand(bumps)
    # the lower panel's scale changes a few times between 1 and 40 units: those moves draw the whole figure
    check_moves_are_blitted_as_drawn(bumps, [("n_units", n) for n in range(1, 41, 3)], blitted_at_least=9)


@pytest.mark.serial  # a time budget: measured alone
def test_bumps_redraws_are_fast_and_leak_no_figure(bumps):
    plt.close("all")
    durations = []
    for n in (1, 5, 10, 20, 40, 7, 3):
        start = time.perf_counter()
        bumps.controls["n_units"].value = n
        durations.append(time.perf_counter() - start)
    check_redraws_are_fast(durations)
    assert plt.get_fignums() == []
