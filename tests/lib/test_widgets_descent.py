"""nnlib.widgets.descent: the learning rate moves the GD path, the batch size the SGD noise; the title says so.

Driven in Python without a browser: setting a control's value fires the same callback as a student's click.
"""
import time

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402
import pytest  # noqa: E402

from nnlib.plots import PALETTE  # noqa: E402
from nnlib.widgets.descent import (BATCH_SIZES, CURVATURES, LIMIT, descent_explorer, gd_path,  # noqa: E402
                                   regression_loss_and_grad, sgd_path)
from tests.lib.widget_checks import (check_moves_are_blitted_as_drawn, check_redraws_are_fast,  # noqa: E402
                                     check_sliders_follow_the_hand, check_text_is_readable)

pytestmark = pytest.mark.filterwarnings("error")

PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"


@pytest.fixture
def explorer():
    yield descent_explorer()
    plt.close("all")


def drawn_ravine_path(explorer):
    """The (x, y) data of the GD path drawn on the ravine panel."""
    line = explorer.figure.axes[1].lines[0]
    return np.column_stack([line.get_xdata(), line.get_ydata()])


def drawn_sgd_path(explorer):
    line = next(l for l in explorer.figure.axes[2].lines if l.get_label() == "mini-batch SGD")
    return np.column_stack([line.get_xdata(), line.get_ydata()])


def suptitle(explorer):
    """The figure's title with its line wrapping undone (the figure wraps long findings to fit)."""
    return "\n".join(" ".join(line.split()) for line in explorer.figure._suptitle.get_text().split("\n"))


def unwrapped(text):
    return " ".join(text.split())


def test_first_picture_is_drawn_from_the_starting_values(explorer):
    assert explorer.png.startswith(PNG_SIGNATURE)
    assert set(explorer.controls) == {"lr", "batch_size", "steps"}
    assert len(explorer.figure.axes) == 3
    v = explorer.values
    np.testing.assert_allclose(drawn_ravine_path(explorer), gd_path([-4.0, 1.5], CURVATURES, v["lr"], v["steps"]))
    assert unwrapped(explorer.data["title"]) == unwrapped(suptitle(explorer))
    assert "no overshoot" in explorer.data["title"]


def test_each_step_multiplies_the_coordinates_by_one_minus_lr_times_curvature():
    path = gd_path([2.0, -1.0], np.array([0.5, 4.0]), 0.3, 5)
    ratios = path[1:] / path[:-1]
    np.testing.assert_allclose(ratios, np.tile([1 - 0.3 * 0.5, 1 - 0.3 * 4.0], (5, 1)))


@pytest.mark.parametrize("lr, finding", [
    (0.2, "no overshoot"),
    (0.5, "zig-zags, but converges"),
    (0.8, "diverges"),
])
def test_the_learning_rate_moves_the_drawn_path_and_the_title_names_the_regime(explorer, lr, finding):
    before_path, before_png = drawn_ravine_path(explorer), explorer.png
    explorer.controls["lr"].value = lr  # what a student's drag does
    after = drawn_ravine_path(explorer)
    assert after.shape != before_path.shape or not np.allclose(after, before_path)
    assert explorer.png != before_png
    expected = gd_path([-4.0, 1.5], CURVATURES, lr, explorer.values["steps"])
    np.testing.assert_allclose(after, expected[:len(after)])
    assert finding in explorer.data["title"] and finding in unwrapped(suptitle(explorer))
    assert "\N{GREEK SMALL LETTER ETA} " + ("up" if lr > 0.3 else "down") + " from 0.30" in explorer.data["title"]


def test_above_two_over_l_the_steep_coordinate_grows_below_it_shrinks(explorer):
    explorer.set(lr=LIMIT + 0.05, steps=30)
    steep = explorer.data["path"][:, 1]
    assert np.all(np.abs(steep[1:]) > np.abs(steep[:-1]))
    assert f"> 2/\N{GREEK SMALL LETTER LAMDA}_max = {LIMIT:.3f}" in explorer.data["title"]
    explorer.set(lr=LIMIT - 0.05)
    steep = explorer.data["path"][:, 1]
    assert np.all(np.abs(steep[1:]) < np.abs(steep[:-1]))
    assert np.all(np.sign(steep[1:]) != np.sign(steep[:-1]))  # between 1/λ_max and 2/λ_max: overshoots every step


def test_the_limits_in_the_title_have_three_decimals_so_they_never_look_equal_to_the_rate(explorer):
    """η = 0.67 > 2/λ_max = 0.667 and η = 0.33 < 1/λ_max = 0.333, not "0.67 > 0.67" (review finding)."""
    explorer.set(lr=0.67)
    assert "\N{GREEK SMALL LETTER ETA} = 0.67 > 2/\N{GREEK SMALL LETTER LAMDA}_max = 0.667" in explorer.data["title"]
    explorer.set(lr=0.33)
    assert "\N{GREEK SMALL LETTER ETA} = 0.33 < 1/\N{GREEK SMALL LETTER LAMDA}_max = 0.333" in explorer.data["title"]


def test_a_long_title_is_wrapped_inside_the_figure(explorer):
    from matplotlib.backends.backend_agg import FigureCanvasAgg

    explorer.set(lr=0.65)
    explorer.set(lr=0.60)                      # "η down from 0.65: ..." is the longest finding
    assert unwrapped(suptitle(explorer)) == unwrapped(explorer.data["title"])
    canvas = FigureCanvasAgg(explorer.figure)
    canvas.draw()
    extent = explorer.figure._suptitle.get_window_extent(canvas.get_renderer())
    assert extent.x0 >= 0 and extent.x1 <= explorer.figure.bbox.width
    titles = [ax.title.get_window_extent(canvas.get_renderer()) for ax in explorer.figure.axes]
    assert all(extent.y0 > title.y1 for title in titles), "the wrapped title must not run into the panel titles"


def test_exactly_two_over_l_bounces_forever(explorer):
    explorer.set(lr=2 / CURVATURES[1])
    steep = explorer.data["path"][:, 1]
    np.testing.assert_allclose(np.abs(steep), abs(steep[0]))
    assert "never shrinks" in explorer.data["title"]


def test_a_diverging_path_is_cut_at_the_edge_of_the_view(explorer):
    explorer.set(lr=0.9, steps=60)
    drawn = drawn_ravine_path(explorer)
    assert len(drawn) < 61 and np.all(np.abs(drawn[:-1]) <= 4.5)
    assert "explodes" in explorer.figure.axes[1].get_title()


def test_the_batch_size_changes_the_sgd_path_and_its_noise(explorer):
    explorer.controls["batch_size"].value = 1
    noisy_path, noisy = drawn_sgd_path(explorer), explorer.data["noise_mean"]
    assert "more noise" in explorer.data["title"]
    explorer.controls["batch_size"].value = 32
    assert "less noise" in explorer.data["title"]
    assert not np.allclose(drawn_sgd_path(explorer), noisy_path)
    assert explorer.data["noise_mean"] < noisy / 2
    explorer.controls["batch_size"].value = BATCH_SIZES[-1]
    np.testing.assert_allclose(explorer.data["sgd"], explorer.data["gd"])  # the whole data set: plain GD
    assert explorer.data["noise_mean"] < 1e-12
    assert "the two paths coincide" in suptitle(explorer)


def test_sgd_reshuffles_every_epoch_and_is_reproducible():
    path_a, noise_a = sgd_path(8, 20)
    path_b, _ = sgd_path(8, 20)
    np.testing.assert_array_equal(path_a, path_b)
    assert noise_a.shape == (20,) and np.all(noise_a > 0)
    theta = np.array([0.3, -0.2])
    loss, grad = regression_loss_and_grad(theta, np.array([1.0, 2.0]), np.array([0.0, 1.0]))
    # L = mean((0.3 x − 0.2 − y)²) at x = (1, 2), y = (0, 1): residuals (0.1, −0.6)
    assert loss == pytest.approx((0.1**2 + 0.6**2) / 2)
    np.testing.assert_allclose(grad, [0.1 * 1 - 0.6 * 2, 0.1 - 0.6])


def test_the_step_count_is_drawn_and_said(explorer):
    explorer.controls["steps"].value = 7
    assert len(drawn_ravine_path(explorer)) == 8 and len(explorer.data["sgd"]) == 8
    assert explorer.data["title"].startswith("7 steps")


def test_a_dragged_slider_is_blitted_and_shows_what_a_full_drawing_shows(explorer):
    check_sliders_follow_the_hand(explorer)
    moves = [("lr", 0.1), ("lr", 0.45), ("lr", 0.65), ("steps", 60), ("steps", 3), ("steps", 25),
             ("batch_size", 1), ("batch_size", 64), ("batch_size", 8), ("lr", 0.2)]
    check_moves_are_blitted_as_drawn(explorer, moves)


def drawn_colour(explorer):
    """The colour of the GD path on the ravine."""
    return explorer.figure.axes[1].lines[0].get_color()


def key_colour(explorer, label):
    """The colour of an entry of the key under the panels."""
    key = explorer.figure.legends[0]
    return next(handle.get_color() for handle, text in zip(key.legend_handles, key.get_texts())
                if text.get_text().startswith(label))


def test_crossing_the_stability_limit_draws_the_whole_figure_again_with_the_path_in_a_new_colour(explorer):
    assert key_colour(explorer, "GD iterates") == drawn_colour(explorer) == PALETTE[0]
    moves = [("lr", 0.7), ("lr", 0.8), ("steps", 40), ("batch_size", 2), ("lr", 0.5), ("lr", 0.4)]
    check_moves_are_blitted_as_drawn(explorer, moves, blitted_at_least=4)
    explorer.controls["lr"].value = 0.9
    assert key_colour(explorer, "GD iterates") == drawn_colour(explorer) == PALETTE[5]


def test_the_figure_fits_the_notebook_and_its_text_is_readable(explorer):
    check_text_is_readable(explorer)
    explorer.set(lr=0.65)
    explorer.set(lr=0.60, steps=24)            # the longest title: two changes, and the longest finding
    check_text_is_readable(explorer)


@pytest.mark.serial  # a time budget: measured alone
def test_redraws_are_fast_and_leak_no_figure(explorer):
    plt.close("all")
    durations = []
    for value in np.linspace(0.05, 0.9, 6):
        start = time.perf_counter()
        explorer.controls["lr"].value = float(value)
        durations.append(time.perf_counter() - start)
    for batch_size in BATCH_SIZES[:3]:
        start = time.perf_counter()
        explorer.controls["batch_size"].value = batch_size
        durations.append(time.perf_counter() - start)
    # about 0.2 s on an idle machine; the budget only catches a runaway, also on a loaded CI machine
    check_redraws_are_fast(durations)
    assert plt.get_fignums() == []
