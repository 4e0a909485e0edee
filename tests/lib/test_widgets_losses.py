"""nnlib.widgets.losses: moving the prediction or the label changes the curves, points and gradients the figure
draws, and the title states the losses, how the gradients compare and what the last change did.

Driven in Python without a browser: setting a control's value fires the same callback as a student's click.
"""
import re
import time

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402
import pytest  # noqa: E402
from hypothesis import given  # noqa: E402
from hypothesis import strategies as st  # noqa: E402

from nnlib.widgets.losses import P_MAX, P_MIN, loss_compute, loss_explorer  # noqa: E402
from tests.lib.widget_checks import (check_moves_are_blitted_as_drawn, check_redraws_are_fast,  # noqa: E402
                                     check_sliders_follow_the_hand, check_text_is_readable)

pytestmark = pytest.mark.filterwarnings("error")

PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"


@pytest.fixture
def explorer():
    yield loss_explorer()
    plt.close("all")


def panels(explorer):
    return explorer.figure.axes[0], explorer.figure.axes[1]


def marker(ax, index):
    """(x, y) of the index-th single-point line of an Axes (0: cross-entropy, 1: squared error)."""
    points = [line for line in ax.lines if len(line.get_xdata()) == 1]
    return float(points[index].get_xdata()[0]), float(points[index].get_ydata()[0])


def drawn_title(explorer):
    return explorer.figure.get_suptitle()


def test_first_picture_is_drawn_from_the_starting_values(explorer):
    assert explorer.png.startswith(PNG_SIGNATURE)
    assert set(explorer.controls) == {"p", "y", "wrt"}
    data = explorer.data
    assert (data["p"], data["y"], data["wrt"]) == (0.05, 1, "p")
    assert data["ce"] == pytest.approx(-np.log(0.05))
    assert data["mse"] == pytest.approx(0.95 ** 2)
    assert data["dce"] == pytest.approx(-1 / 0.05)
    assert data["dmse"] == pytest.approx(2 * (0.05 - 1))
    assert data["title"].startswith("y = 1, the true class gets 0.05 (a confident mistake): cross-entropy 2.9957, "
                                    "MSE 0.9025")
    assert "10.5\N{MULTIPLICATION SIGN} MSE's" in data["title"]
    assert "cross-entropy 2.9957" in drawn_title(explorer)


def test_the_curves_drawn_are_the_two_losses_and_their_gradients(explorer):
    left, right = panels(explorer)
    grid = explorer.data["grid"]
    np.testing.assert_allclose(left.lines[0].get_ydata(), -np.log(grid))
    np.testing.assert_allclose(left.lines[1].get_ydata(), (grid - 1) ** 2)
    # with respect to p: the sizes of the gradients, on a log axis (the straight line 2 |p - 1| stays straight)
    np.testing.assert_allclose(right.lines[1].get_ydata(), np.abs((grid - 1) / (grid * (1 - grid))))
    np.testing.assert_allclose(right.lines[2].get_ydata(), np.abs(2 * (grid - 1)))
    assert right.get_yscale() == "log"
    assert marker(left, 0) == pytest.approx((0.05, -np.log(0.05)))
    assert marker(right, 0) == pytest.approx((0.05, 20.0))
    assert left.get_xlabel() and left.get_ylabel() and right.get_xlabel() and right.get_ylabel()


def test_moving_the_prediction_moves_the_marked_points_and_the_title_says_how(explorer):
    before_png = explorer.png
    explorer.controls["p"].value = 0.6  # what a student's drag does
    left, right = panels(explorer)
    assert marker(left, 0) == pytest.approx((0.6, -np.log(0.6)))
    assert marker(left, 1) == pytest.approx((0.6, 0.16))
    assert marker(right, 1) == pytest.approx((0.6, abs(2 * (0.6 - 1))))
    assert explorer.png != before_png
    assert "closer to the true class: both losses fall" in explorer.data["title"]
    explorer.controls["p"].value = 0.3
    assert "further from the true class" in explorer.data["title"]
    assert "further from the true class" in drawn_title(explorer)


def test_flipping_the_label_mirrors_the_curves(explorer):
    grid = explorer.data["grid"]
    ce_y1 = explorer.data["ce_curve"].copy()
    explorer.controls["y"].value = 0
    np.testing.assert_allclose(explorer.data["ce_curve"], ce_y1[::-1])
    np.testing.assert_allclose(panels(explorer)[0].lines[0].get_ydata(), -np.log(1 - grid))
    assert explorer.data["p_true"] == pytest.approx(0.95)
    assert "label flipped to y = 0" in explorer.data["title"]
    assert "(right side)" in explorer.data["title"]


def test_gradients_with_respect_to_the_logit(explorer):
    explorer.set(p=0.01, wrt="z")
    data = explorer.data
    assert data["dce"] == pytest.approx(0.01 - 1)
    assert data["dmse"] == pytest.approx(2 * (0.01 - 1) * 0.01 * 0.99)
    grid = data["grid"]
    right = panels(explorer)[1]
    np.testing.assert_allclose(right.lines[1].get_ydata(), grid - 1)
    np.testing.assert_allclose(right.lines[2].get_ydata(), 2 * (grid - 1) * grid * (1 - grid))
    assert right.get_yscale() == "linear" and marker(right, 0) == pytest.approx((0.01, 0.01 - 1))
    assert "d/dz: its gradient is 50.5\N{MULTIPLICATION SIGN} MSE's" in data["title"]
    assert right.get_title() == "Gradients with respect to z"
    explorer.controls["wrt"].value = "p"
    assert "gradients now with respect to p" in explorer.data["title"]


@given(p=st.floats(0.002, 0.998), y=st.sampled_from([0, 1]), wrt=st.sampled_from(["p", "z"]))
def test_the_marked_gradients_match_finite_differences(p, y, wrt):
    data = loss_compute(p, y, wrt, resolution=3)
    h = 1e-6

    def losses_at(value):
        q = value if wrt == "p" else 1 / (1 + np.exp(-value))
        q_true = q if y == 1 else 1 - q
        return np.array([(q - y) ** 2, -np.log(q_true)])

    x = p if wrt == "p" else np.log(p / (1 - p))
    numeric = (losses_at(x + h) - losses_at(x - h)) / (2 * h)
    np.testing.assert_allclose([data["dmse"], data["dce"]], numeric, rtol=1e-4, atol=1e-7)
    assert data["ratio"] >= 1 - 1e-9  # the cross-entropy's gradient is never the smaller one


def test_the_slider_stays_inside_the_open_interval(explorer):
    explorer.controls["p"].value = P_MIN
    assert np.isfinite(explorer.data["ce"]) and np.isfinite(explorer.data["dce"])
    explorer.controls["p"].value = P_MAX
    assert explorer.data["p_true"] == pytest.approx(P_MAX)
    assert "right side" in explorer.data["title"]


@pytest.mark.parametrize("y, wrt", [(1, "p"), (0, "p"), (1, "z"), (0, "z")])
def test_a_dragged_prediction_is_blitted_and_shows_what_a_full_drawing_shows(explorer, y, wrt):
    check_sliders_follow_the_hand(explorer)
    explorer.set(y=y, wrt=wrt)  # each its own curves and legend place: the points at both ends stay clear of it
    check_moves_are_blitted_as_drawn(explorer, [("p", value) for value in (0.6, P_MIN, 0.3, P_MAX)])


def test_a_new_label_or_variable_draws_the_whole_figure_again(explorer):
    # other curves, axis scale and titles: more than a blit can change; the slider moves between them blit
    moves = [("y", 0), ("p", 0.7), ("wrt", "z"), ("p", 0.2), ("y", 1), ("wrt", "p")]
    check_moves_are_blitted_as_drawn(explorer, moves, blitted_at_least=2)
    assert panels(explorer)[1].get_yscale() == "log" and "y = 1" in panels(explorer)[0].get_title()


def test_the_figure_fits_the_notebook_and_its_text_is_readable(explorer):
    check_text_is_readable(explorer)


@pytest.mark.serial  # a time budget: measured alone
def test_redraws_are_fast_and_leak_no_figure(explorer):
    plt.close("all")
    durations = []
    for value in np.linspace(0.01, 0.99, 7):
        start = time.perf_counter()
        explorer.controls["p"].value = float(value)
        durations.append(time.perf_counter() - start)
    for name, value in (("y", 0), ("wrt", "z"), ("y", 1)):
        start = time.perf_counter()
        explorer.controls[name].value = value
        durations.append(time.perf_counter() - start)
    check_redraws_are_fast(durations)
    assert plt.get_fignums() == []


def test_lesson_instruction_the_cross_entropy_first_exceeds_1_at_p_one_over_e(explorer):
    """Lesson 02, explorer item 1: sliding p towards 0 with y = 1, the cross-entropy passes 1 at p = 1/e ≈ 0.37."""
    assert explorer.values["y"] == 1
    step = explorer.controls["p"].step
    crossing = np.round(1 / np.e / step) * step  # the slider position nearest 1/e
    explorer.controls["p"].value = crossing + step
    assert explorer.data["ce"] < 1
    explorer.controls["p"].value = crossing - step
    assert explorer.data["ce"] > 1
    assert f"{1 / np.e:.3f}" == "0.368"


def title_number(title, label):
    """The number the title writes after `label` (e.g. "cross-entropy")."""
    return float(re.search(rf"{label} (\d+\.\d+)", title).group(1))


def test_lesson_instruction_the_title_shows_where_the_cross_entropy_crosses_1(explorer):
    """Lesson 02, explorer item 1: sliding p down by one step at a time, the cross-entropy the title shows is below 1
    at p = 0.368 and above 1 at p = 0.367, as it is (1/e = 0.3679 lies between them)."""
    assert explorer.values["y"] == 1 and explorer.controls["p"].step == 0.001
    for p, below_1 in ((0.369, True), (0.368, True), (0.367, False), (0.366, False)):
        explorer.controls["p"].value = p
        shown = title_number(explorer.data["title"], "cross-entropy")
        assert (shown < 1) == below_1 == (-np.log(p) < 1), f"p = {p}: the title shows {shown}"
        assert shown == pytest.approx(-np.log(p), abs=5e-5)
        assert title_number(drawn_title(explorer), "cross-entropy") == shown


@given(p=st.floats(0.002, 0.998))
def test_lesson_instruction_the_ratio_of_the_gradients_is_the_same_with_respect_to_p_and_z(p):
    """Lesson 02, explorer item 4: the cross-entropy's gradient is always the larger one, by the same ratio for p
    and for z (the chain-rule factor p (1 − p) multiplies both)."""
    with_p, with_z = loss_compute(p, 1, "p", resolution=3), loss_compute(p, 1, "z", resolution=3)
    assert with_p["ratio"] == pytest.approx(with_z["ratio"], rel=1e-9)
    assert with_p["ratio"] > 1
    assert np.all(np.iscomplex(np.roots([2, -2, 1])))  # 1/p = 2 (1 − p) has no real solution
