"""nnlib.widgets.depth: depth, activation and init scale change the gradient norms and activations the figure draws,
and the title gives the verdict and what the last change did.

Driven in Python without a browser: setting a control's value fires the same callback as a student's click.
"""
import time

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402
import pytest  # noqa: E402

from nnlib.layers import MLP  # noqa: E402
from nnlib.losses import softmax_cross_entropy  # noqa: E402
from nnlib.widgets.depth import (ACTIVATIONS, BAND, INIT_SCALES, LOG_AXES, MAX_DEPTH, WIDTH, X_PROBE,  # noqa: E402
                                 Y_PROBE, classify, deep_mlp, depth_compute, depth_explorer, measure)
from tests.lib.widget_checks import (check_moves_are_blitted_as_drawn, check_redraws_are_fast,  # noqa: E402
                                     check_sliders_follow_the_hand, check_text_is_readable)

pytestmark = pytest.mark.filterwarnings("error")

PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"


@pytest.fixture
def explorer():
    yield depth_explorer()
    plt.close("all")


def drawn_norms(explorer):
    """The y data of the gradient-norm curve of the first panel."""
    return np.asarray(explorer.figure.axes[0].lines[0].get_ydata(), dtype=np.float64)


def suptitle(explorer):
    """The figure's title, its line breaks (wrapped to the figure's width) read as the spaces they replaced."""
    return explorer.figure._suptitle.get_text().replace("\n", " ")


def test_first_picture_is_a_vanishing_sigmoid_network(explorer):
    assert explorer.png.startswith(PNG_SIGNATURE)
    assert set(explorer.controls) == {"depth", "activation", "init_scale"}
    assert len(explorer.figure.axes) == 3
    assert len(drawn_norms(explorer)) == explorer.values["depth"] == 15
    np.testing.assert_allclose(drawn_norms(explorer), explorer.data["norms"])
    assert explorer.data["verdict"] == "vanishing"
    assert explorer.data["title"] == suptitle(explorer) and explorer.data["title"].startswith("Vanishing")


def test_the_drawn_norms_are_the_gradients_of_the_network():
    model = deep_mlp(4, "tanh", weight_std=0.2, seed=3)
    loss, dlogits = softmax_cross_entropy(model.forward(X_PROBE), Y_PROBE)
    model.backward(dlogits)
    expected = [np.linalg.norm(model.grads[f"W{l}"]) for l in range(1, 5)]
    result = measure(deep_mlp(4, "tanh", weight_std=0.2, seed=3))
    np.testing.assert_allclose(result["norms"], expected)
    assert result["loss"] == pytest.approx(loss)
    assert len(result["activations"]) == 3 and result["activations"][0].shape == (len(X_PROBE), WIDTH)
    assert np.std(deep_mlp(3, "relu", weight_std=0.5, seed=1).params["W2"]) == pytest.approx(0.5, rel=0.05)
    assert isinstance(deep_mlp(3, "relu", init="he"), MLP)


def test_classify_uses_the_band():
    assert classify([1.0, 0.5, 2.0]) == "healthy"
    assert classify([BAND[0] / 2, 1.0]) == "vanishing"
    assert classify([1.0, BAND[1] * 2]) == "exploding"
    assert classify([1.0, np.inf]) == "exploding"


def test_the_activation_changes_the_drawn_norms_and_the_title_says_so(explorer):
    before, before_png = drawn_norms(explorer), explorer.png
    explorer.controls["activation"].value = "relu"  # what a student's pick does
    assert not np.allclose(drawn_norms(explorer), before)
    assert explorer.png != before_png
    assert explorer.data["title"].startswith("sigmoid \N{RIGHTWARDS ARROW} relu")
    explorer.controls["init_scale"].value = 2 ** 0.5  # He's scale for ReLU
    assert explorer.data["verdict"] == "healthy"
    assert "init scale 1.00 \N{RIGHTWARDS ARROW} 1.41: healthy" in suptitle(explorer)


@pytest.mark.parametrize("settings, verdict, words", [
    (dict(activation="relu", init_scale=4.0), "exploding", "activations and gradients grow alike, a scale problem"),
    (dict(activation="relu", init_scale=4.0), "exploding", "compounded over the depth; no slope"),
    (dict(activation="relu", init_scale=0.25), "vanishing",
     "activations and gradients shrink alike, a scale problem"),
    (dict(activation="tanh", init_scale=8.0, depth=20), "exploding", "layer 1 = 1e+"),
    (dict(activation="tanh", init_scale=8.0, depth=20), "exploding", "the backward factor differs from the forward one"),
    (dict(activation="tanh", init_scale=1.0, depth=20), "healthy", "inside the band"),
])
def test_the_verdict_follows_the_measured_norms(explorer, settings, verdict, words):
    data = explorer.set(**settings)
    assert data["verdict"] == verdict == classify(data["norms"])
    assert words in data["title"]


def test_depth_sets_the_number_of_layers_drawn_and_deeper_sigmoid_vanishes_more(explorer):
    explorer.controls["depth"].value = 5
    shallow = explorer.data["spread"]
    assert len(drawn_norms(explorer)) == 5 and len(explorer.data["activation_std"]) == 4
    assert explorer.data["title"].startswith("depth 15 \N{RIGHTWARDS ARROW} 5")
    explorer.controls["depth"].value = 25
    assert explorer.data["spread"] < shallow * 1e-4
    explorer.controls["depth"].value = 1  # one dense layer: no hidden layer to draw, still a picture
    assert explorer.png.startswith(PNG_SIGNATURE) and len(explorer.data["activation_std"]) == 0


def test_histograms_show_first_middle_and_last_hidden_layer(explorer):
    explorer.set(depth=10)
    assert sorted(explorer.data["histograms"]) == [1, 5, 9]
    assert len(explorer.figure.axes[2].patches) == 3


def test_the_suptitle_fits_inside_the_figure(explorer):
    explorer.set(depth=40, activation="relu", init_scale=8.0)  # three changes and a long finding: the longest title
    box, figure_box = explorer.figure._suptitle.get_window_extent(), explorer.figure.bbox
    assert figure_box.x0 <= box.x0 and box.x1 <= figure_box.x1 and box.y1 <= figure_box.y1


def test_a_dragged_slider_is_blitted_and_shows_what_a_full_drawing_shows(explorer):
    check_sliders_follow_the_hand(explorer)
    # from depth 4 up: three hidden layers or more, three histograms (fewer is another legend: drawn whole)
    moves = [("depth", d) for d in (14, 20, 33, 40, 4)] + [("init_scale", 2.0 ** k) for k in (-3, -1.5, 0.5, 1.5, 3)]
    check_moves_are_blitted_as_drawn(explorer, moves)


def test_a_new_activation_draws_the_whole_figure_again_then_its_sliders_blit(explorer):
    # another histogram range and other log axes: more than a blit can change
    moves = [("activation", "tanh"), ("init_scale", 4.0), ("depth", 30), ("activation", "relu"), ("depth", 3)]
    check_moves_are_blitted_as_drawn(explorer, moves, blitted_at_least=2)
    assert explorer.figure.axes[2].get_xlabel() == "activation (relu)"


def test_the_log_axes_hold_every_setting_the_sliders_offer():
    """The gradient norms and activation stds are most extreme at the greatest depth and at the ends of the scale
    slider: there they must still lie inside the fixed axes of their activation."""
    for activation in ACTIVATIONS:
        (norms_low, norms_high), (stds_low, stds_high) = LOG_AXES[activation]
        assert norms_low < BAND[0] and BAND[1] < norms_high
        for init_scale in (*INIT_SCALES, 1.0):
            data = depth_compute(MAX_DEPTH, activation, init_scale)
            norms, stds = data["norms"], data["activation_std"]
            assert norms_low <= norms.min() and norms.max() <= norms_high, (activation, init_scale)
            assert stds_low <= stds.min() and stds.max() <= stds_high, (activation, init_scale)


def test_the_sweeps_from_the_start_are_measured_before_the_explorer_shows():
    from nnlib.widgets.depth import _depth_measurements

    _depth_measurements.cache_clear()
    explorer = depth_explorer(depth=7, activation="tanh", init_scale=2.0)
    plt.close("all")
    n_scales = 25  # 2 ** -3 to 2 ** 3 in steps of 2 ** 0.25
    assert _depth_measurements.cache_info().currsize == MAX_DEPTH + n_scales - 1  # (7, tanh, 2.0) is in both
    misses = _depth_measurements.cache_info().misses
    for depth in (1, 20, 40):
        explorer.controls["depth"].value = depth
    explorer.controls["depth"].value = 7
    for init_scale in INIT_SCALES:
        explorer.controls["init_scale"].value = init_scale
    assert _depth_measurements.cache_info().misses == misses


def test_the_figure_fits_the_notebook_and_its_text_is_readable(explorer):
    check_text_is_readable(explorer)


@pytest.mark.serial  # a time budget: measured alone
def test_redraws_are_fast_and_leak_no_figure(explorer):
    plt.close("all")
    durations = []
    for settings in (dict(depth=40), dict(activation="tanh"), dict(init_scale=8.0), dict(activation="relu"),
                     dict(init_scale=0.125), dict(depth=2)):
        start = time.perf_counter()
        explorer.set(**settings)
        durations.append(time.perf_counter() - start)
    # about 0.25 s on an idle machine; the budget only catches a runaway, also on a loaded machine
    check_redraws_are_fast(durations)
    assert plt.get_fignums() == []
