"""nnlib.widgets.derivatives: the function, the point and the step change the drawn data; the title states the
finding; the tangent slope is the symbolic derivative; the error curves show truncation and round-off.

Driven in Python without a browser: setting a control's value fires the same callback as a student's click.
"""
import time

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402
import pytest  # noqa: E402

from nnlib import activations  # noqa: E402
from nnlib.widgets import derivatives  # noqa: E402
from nnlib.widgets.derivatives import DERIVATIVE_FUNCTIONS, derivative_compute, derivative_explorer  # noqa: E402
from tests.lib.widget_checks import (check_moves_are_blitted_as_drawn, check_redraws_are_fast,  # noqa: E402
                                     check_sliders_follow_the_hand, check_text_is_readable)

pytestmark = pytest.mark.filterwarnings("error")

PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"

EXACT_DERIVATIVES = {  # written by hand, independent of SymPy
    "sigmoid": activations.sigmoid_prime,
    "tanh": activations.tanh_prime,
    "composite": lambda x: 4 * np.tanh(2 * x - 1) * (1 - np.tanh(2 * x - 1) ** 2),
    "softplus": activations.sigmoid,
}


@pytest.fixture
def explorer():
    yield derivative_explorer()
    plt.close("all")


def function_axes(explorer):
    return explorer.figure.axes[0]


def error_axes(explorer):
    return explorer.figure.axes[1]


def drawn_title(explorer):
    return explorer.figure._suptitle.get_text()


def test_first_picture_is_drawn_from_the_starting_values(explorer):
    assert explorer.png.startswith(PNG_SIGNATURE)
    assert set(explorer.controls) == {"function", "x", "h"}
    assert explorer.values == {"function": "sigmoid", "x": 0.5, "h": pytest.approx(1e-3)}
    curve = function_axes(explorer).lines[0]
    np.testing.assert_allclose(curve.get_ydata(), activations.sigmoid(curve.get_xdata()))
    assert explorer.data["title"].startswith("σ(x) at x = 0.50, h = 1e-03: centered error 2e-08, forward 3e-05")
    assert drawn_title(explorer) == explorer.data["title"]


@pytest.mark.parametrize("function", sorted(DERIVATIVE_FUNCTIONS))
def test_the_tangent_slope_is_the_exact_derivative(explorer, function):
    explorer.set(function=function, x=0.3)
    assert explorer.data["slope"] == pytest.approx(float(EXACT_DERIVATIVES[function](0.3)), rel=1e-12, abs=1e-15)
    tangent = function_axes(explorer).lines[1]
    xs, ys = tangent.get_xdata(), tangent.get_ydata()
    assert (ys[1] - ys[0]) / (xs[1] - xs[0]) == pytest.approx(explorer.data["slope"], rel=1e-9, abs=1e-12)
    assert DERIVATIVE_FUNCTIONS[function][1] in explorer.data["title"]


def test_choosing_another_function_redraws_its_curve_and_says_so(explorer):
    before = function_axes(explorer).lines[0].get_ydata().copy()
    explorer.controls["function"].value = "tanh"
    after = function_axes(explorer).lines[0]
    np.testing.assert_allclose(after.get_ydata(), np.tanh(after.get_xdata()))
    assert not np.allclose(after.get_ydata(), before)
    assert "new function tanh(x)" in explorer.data["title"]


def test_moving_x_moves_the_point_and_the_tangent(explorer):
    before_png = explorer.png
    explorer.controls["x"].value = -1.0
    point = function_axes(explorer).lines[3]
    assert point.get_xdata()[0] == -1.0
    assert point.get_ydata()[0] == pytest.approx(float(activations.sigmoid(-1.0)))
    assert "slope f′(−1.00)" in explorer.data["title"].replace("-", "−")
    assert explorer.png != before_png


def test_moving_h_marks_the_new_errors_and_the_title_compares_them(explorer):
    explorer.controls["h"].value = 1e-4
    data = explorer.data
    slope = data["slope"]
    forward = (activations.sigmoid(0.5 + 1e-4) - activations.sigmoid(0.5)) / 1e-4
    centered = (activations.sigmoid(0.5 + 1e-4) - activations.sigmoid(0.5 - 1e-4)) / 2e-4
    assert data["forward_error"] == pytest.approx(abs(forward - slope))
    assert data["centered_error"] == pytest.approx(abs(centered - slope))
    assert error_axes(explorer).lines[3].get_xdata()[0] == pytest.approx(1e-4)  # the vertical marker at h
    assert "h 10× smaller: centered error 100× smaller, forward 10× smaller" in data["title"]
    assert "truncation" in data["title"]


def test_centered_beats_forward_and_the_best_steps_are_where_theory_says(explorer):
    data = explorer.data
    assert data["centered_error"] < 1e-3 * data["forward_error"]
    assert 1e-7 <= data["best_centered_h"] <= 1e-4  # ε^(1/3) ≈ 6e-6
    assert 1e-10 <= data["best_forward_h"] <= 1e-6  # ε^(1/2) ≈ 1.5e-8
    steps, forward, centered = data["steps"], data["forward_errors"], data["centered_errors"]
    large = (steps > 1e-3) & (steps < 1e-2)  # truncation regime: slopes 1 and 2 on the log-log plot
    assert np.polyfit(np.log10(steps[large]), np.log10(forward[large]), 1)[0] == pytest.approx(1, abs=0.1)
    assert np.polyfit(np.log10(steps[large]), np.log10(centered[large]), 1)[0] == pytest.approx(2, abs=0.1)


def test_a_tiny_step_is_dominated_by_round_off(explorer):
    explorer.controls["h"].value = 1e-12
    data = explorer.data
    assert data["centered_error"] > 1e-7  # ε/h ≈ 1e-4 · |f|: far worse than at h = 1e-5
    assert "round-off" in data["title"] and "larger" in data["title"]


def test_a_symmetric_point_makes_the_centered_difference_exact(explorer):
    explorer.set(function="composite", x=0.5)
    assert np.max(explorer.data["centered_errors"]) < 1e-12
    assert "symmetric" in explorer.data["title"]


def test_the_functions_are_lambdified_once_not_per_redraw(monkeypatch):
    def fail(*args, **kwargs):
        raise AssertionError("lambdify called during a redraw")

    monkeypatch.setattr(derivatives.sp, "lambdify", fail)
    for function in DERIVATIVE_FUNCTIONS:
        derivative_compute(function, 0.2, 1e-5)


@pytest.mark.parametrize("function", sorted(DERIVATIVE_FUNCTIONS))
def test_a_dragged_point_or_step_is_blitted_and_shows_what_a_full_drawing_shows(explorer, function):
    check_sliders_follow_the_hand(explorer)
    explorer.controls["function"].value = function
    # both ends of both sliders: the tangent leaves the panel, the markers reach the frame and the floor of errors
    moves = [("x", -3.0), ("h", 1e-14), ("x", 3.0), ("h", 1.0), ("x", 0.5), ("h", 10 ** -5.5)]
    check_moves_are_blitted_as_drawn(explorer, moves)


def test_another_function_draws_the_whole_figure_again(explorer):
    # other limits for f: more than a blit can change; the slider moves between the functions blit
    moves = [("function", "tanh"), ("x", -1.0), ("function", "softplus"), ("h", 1e-8), ("function", "composite")]
    check_moves_are_blitted_as_drawn(explorer, moves, blitted_at_least=2)
    assert explorer.full_redraws == 1 + 3


def test_the_figure_fits_the_notebook_and_its_text_is_readable(explorer):
    check_text_is_readable(explorer)


@pytest.mark.serial  # a time budget: measured alone
def test_redraws_are_fast_and_leak_no_figure(explorer):
    plt.close("all")
    durations = []
    for h in (1e-2, 1e-5, 1e-8, 1e-11):
        start = time.perf_counter()
        explorer.controls["h"].value = h
        durations.append(time.perf_counter() - start)
    start = time.perf_counter()
    explorer.controls["function"].value = "softplus"
    durations.append(time.perf_counter() - start)
    check_redraws_are_fast(durations)
    assert plt.get_fignums() == []


def test_a_large_step_takes_the_secant_visibly_off_the_tangent(explorer):
    # lesson 03's explorer, item 2: tanh(2x − 1)² at x = 1 with h = 1 (the slider's top), then smaller steps
    assert explorer.controls["h"].max == 0  # 10⁰ = 1
    explorer.set(function="composite", x=1.0, h=1.0)
    data = explorer.data
    secant = function_axes(explorer).lines[2]
    xs, ys = secant.get_xdata(), secant.get_ydata()
    assert (ys[1] - ys[0]) / (xs[1] - xs[0]) == pytest.approx(data["forward"])
    assert (round(data["forward"], 2), round(data["slope"], 2)) == (0.41, 1.28)
    assert "truncation" in data["title"]
    assert data["steps"][-1] >= data["h"]  # the error curves reach the marked step
    explorer.controls["h"].value = 1e-1
    assert round(explorer.data["forward"], 2) == 1.15
    explorer.controls["h"].value = 1e-2
    assert round(explorer.data["forward"], 2) == 1.27
    explorer.set(function="sigmoid", x=0.5, h=1.0)
    assert (round(explorer.data["forward"], 3), round(explorer.data["slope"], 3)) == (0.195, 0.235)


def test_the_sweet_spot_is_the_typical_error_not_a_lucky_dip(explorer):
    # the raw argmin of a jagged error curve is luck; the sweet spot comes from the running median of the curve
    explorer.set(function="sigmoid", x=0.5, h=1e-3)
    data = explorer.data
    assert data["best_centered_h"] != data["steps"][np.argmin(data["centered_errors"])]
    assert np.all(data["centered_typical"] >= data["centered_errors"].min())
    assert 3e-6 <= data["best_centered_h"] <= 3e-5  # (3ε)^(1/3) ≈ 9e-6, the envelope's minimum
    explorer.controls["h"].value = 1e-5  # the error there dips far below the typical one: the title says luck
    data = explorer.data
    assert data["centered_error"] < data["centered_typical_error"] / 10
    assert "luckily" in data["title"]
    explorer.controls["h"].value = 1e-2  # truncation regime: no luck involved
    assert "luckily" not in explorer.data["title"]


def test_the_legends_leave_the_plateaus_free_and_the_markers_at_h_1_are_inside(explorer):
    explorer.set(function="composite", x=1.0, h=1.0)
    left, right = function_axes(explorer), error_axes(explorer)
    renderer = explorer.figure.canvas.get_renderer()
    for ax in (left, right):  # each legend above its panel, clear of the plateau of f at 1 and of the error curves
        assert ax.get_legend().get_window_extent(renderer).y0 >= ax.get_window_extent(renderer).y1
    assert left.get_ylim()[1] > max(explorer.data["curve"])
    assert right.get_xlim()[1] > explorer.data["h"]


def suptitle_extent(figure):
    """(left, right) pixel edges of the drawn title, and the figure's width."""
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    canvas = FigureCanvasAgg(figure)
    canvas.draw()
    box = figure._suptitle.get_window_extent(canvas.get_renderer())
    return box.x0, box.x1, figure.bbox.width


@pytest.mark.parametrize("function, x, steps", [
    ("composite", 0.5, (1e-2, 1e-1)),        # exact at a symmetric point: the review's garbled, cut-off title
    ("sigmoid", 0.5, (1e-8, 1e-5)),          # a lucky dip after a large change of h
    ("tanh", 0.0, (1e-3, 1e-14)),            # a change of h by 10¹¹ with both errors at the floor
])
def test_the_title_is_whole_and_fits_the_figure(explorer, function, x, steps):
    explorer.set(function=function, x=x, h=steps[0])
    explorer.controls["h"].value = steps[1]
    title = explorer.data["title"]
    assert "about the same×" not in title and "e+" not in title.split("\n")[1]
    left, right, width = suptitle_extent(explorer.figure)
    assert 0 <= left and right <= width, f"the title is cut off: {title!r}"
    assert len(title.split("\n")) == 3


def test_no_luck_where_the_centered_difference_is_exact_or_at_the_float_floor(explorer):
    explorer.set(function="composite", x=0.5, h=1e-2)
    explorer.controls["h"].value = 1e-1
    title = explorer.data["title"]
    assert "luckily" not in title and "exact for every h" in title
    explorer.set(function="tanh", x=0.0, h=1e-3)
    explorer.controls["h"].value = 1e-14
    assert "luckily" not in explorer.data["title"]
    assert "h 10¹¹× smaller" in explorer.data["title"]


def test_factors_round_before_the_power_of_ten_form_and_noise_is_about_the_same(explorer):
    from nnlib.widgets.derivatives import _ratio, _times
    # a factor that would print as 1000 takes the same form as h's 10³×
    assert _times(999.99) == "10³×" and _times(999.4) == "999×" and _times(3.2) == "3×"
    # both errors in the last bits of float64: their ratio is noise, not a change
    assert _ratio(2.2e-16, 1e-17) == "about the same"
    assert _ratio(1e-6, 1e-9) == "10³× larger"
    # review finding 10: the symmetric composite, 1e-3 -> 1e-8, sits at the floor for both steps
    explorer.set(function="composite", x=0.5, h=1e-3)
    explorer.controls["h"].value = 1e-8
    change = explorer.data["title"].split("\n")[1]
    assert change.startswith("h 10⁵× smaller: centered error about the same"), change
    assert "exact for every h" in explorer.data["title"]
