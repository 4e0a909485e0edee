"""Lesson 07's prose states numbers and behaviours; each test recomputes one (numpy, or the course library) and reads
the notebook's markdown to check that it says that value.

Numbers that a nearby cell prints are not repeated here; these are the ones written into the text.
"""
import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402
import pytest  # noqa: E402

from nnlib.losses import softmax_cross_entropy  # noqa: E402
from nnlib.widgets.depth import (BAND, N_CLASSES, WIDTH, X_PROBE, Y_PROBE, deep_mlp, depth_explorer,  # noqa: E402
                                 measure, probe_batch)
from tests.notebooks.lessons import load, source_of, source_path  # noqa: E402

LESSON = "07_vanishing_exploding"
CELLS = {cell["id"]: source_of(cell) for cell in load(source_path(LESSON))["cells"]}


def states(cell_id, text, value, rel=None):
    """The cell's text holds `text`, a decimal number that is `value` rounded to the digits it shows."""
    assert text in CELLS[cell_id], f"cell {cell_id} should state {text}"
    decimals = len(text.split(".")[1]) if "." in text else 0
    tolerance = 0.5 * 10.0 ** -decimals if rel is None else rel * abs(value)
    assert abs(float(text) - value) <= tolerance * (1 + 1e-9), f"{text} in {cell_id} is not {value:.6g} rounded"


def sigmoid(z):
    return 1 / (1 + np.exp(-z))


def test_the_saturation_table_holds_the_values_of_sigmoid_tanh_and_their_derivatives():
    for z, value, slope, tanh_slope in [(0, "0.5", "0.25", "1"), (2, "0.881", "0.105", "0.071"),
                                        (5, "0.9933", "0.0066", "0.00018"), (10, "0.99995", "0.000045", None)]:
        assert f"${value}$" in CELLS["story_saturation_md"] and f"${slope}$" in CELLS["story_saturation_md"]
        assert abs(float(value) - sigmoid(z)) <= 0.5 * 10.0 ** -(len(value.split(".")[1]) if "." in value else 0)
        s = sigmoid(z) * (1 - sigmoid(z))
        assert abs(float(slope) / s - 1) < 0.02, (z, slope, s)
        if tanh_slope:
            assert f"${tanh_slope}$" in CELLS["story_saturation_md"]
            assert abs(float(tanh_slope) / (1 - np.tanh(z) ** 2) - 1) < 0.02
    assert r"$8 \cdot 10^{-9}$" in CELLS["story_saturation_md"]
    assert round(float(1 - np.tanh(10.0) ** 2) * 1e9) == 8
    assert r"$0.25^{10} \approx 10^{-6}$" in CELLS["story_saturation_md"]
    assert round(np.log10(0.25 ** 10)) == -6


def test_the_compounding_table_holds_g_to_the_20_and_50():
    table = CELLS["story_jacobians_md"]
    rows = {20: ["10^{-6}", "0.12", "1", "6.7", "10^{6}"], 50: ["10^{-15}", "0.005", "1", "117", "10^{15}"]}
    for depth, texts in rows.items():
        row = next(line for line in table.splitlines() if line.startswith(f"| after {depth} layers"))
        for g, text in zip((0.5, 0.9, 1.0, 1.1, 2.0), texts):
            assert f"${text}$" in row, (depth, text)
            value = g ** depth
            if text.startswith("10^"):
                assert round(np.log10(value)) == int(text[4:-1])
            else:
                decimals = len(text.split(".")[1]) if "." in text else 0
                assert abs(float(text) - value) <= 0.5 * 10.0 ** -decimals, (g, depth, value)


def backward_factors(weight_std, depth=20, width=64, seed=0):
    """Section 2.2's experiment, written again: the norm ratio of each backward step through a tanh network."""
    rng = np.random.default_rng(seed)
    h, layers = rng.standard_normal((1, width)), []
    for _ in range(depth):
        W = weight_std * rng.standard_normal((width, width))
        z = h @ W
        layers.append((W, z))
        h = np.tanh(z)
    delta, factors = rng.standard_normal((1, width)), []
    for W, z in reversed(layers):
        new_delta = (delta * (1 - np.tanh(z) ** 2)) @ W.T
        factors.append(np.linalg.norm(new_delta) / np.linalg.norm(delta))
        delta = new_delta
    return np.array(factors)


def test_the_backward_factors_are_as_the_text_says():
    note = CELLS["story_jacobians_note"]
    for std, text in ((0.05, r"$s\sqrt{64} = 0.4$"), (1 / 8, r"$s\sqrt{64} = 1$"), (1.0, r"$s\sqrt{64} = 8$")):
        assert text in note
        assert std * np.sqrt(64) == pytest.approx(float(text.split("= ")[1].rstrip("$")))
    small = backward_factors(0.05)
    assert np.all(np.abs(small - 0.4) < 0.1), "with s = 0.05 every step should shrink the gradient by about 0.4"
    assert abs(np.exp(np.mean(np.log(small))) - 0.4) < 0.03
    balanced = backward_factors(1 / 8)
    assert abs(np.exp(np.mean(np.log(balanced))) - 1) < 0.15, "with s = 1/8 the factors should hover around 1"
    assert "the product stays of order 1" in note and 0.1 < np.prod(balanced) < 10
    large = backward_factors(1.0)
    assert "about 2" in note and abs(np.exp(np.mean(np.log(large))) - 2) < 0.25
    assert "$10^{5}$ or more" in note and np.prod(large) >= 1e5


def test_forward_and_backward_factors_cancel_in_the_weight_gradients_unless_they_differ():
    """Section 2.2's note: with s = 0.05 the weight-gradient curve is flat near 0.4^19; sigmoid (backward-only
    factor) and saturated tanh (bounded forward) give slopes; the summary states the same rule."""
    note = " ".join(CELLS["story_jacobians_note"].split())
    assert "the whole curve of weight-gradient norms drops and stays flat" in note
    assert "the same order of magnitude at layers 1, 10 and 20, near $0.4^{19}$" in note
    small = measure(deep_mlp(20, "tanh", weight_std=0.05))["norms"]
    assert 0.1 < small[0] / small[-1] < 10 and 0.1 < small[9] / small[-1] < 10
    assert np.all(np.abs(np.log10(small / 0.4 ** 19)) < 0.5), "within a factor 3 of 0.4 ** 19"
    assert "its outputs stay around 0.5, they do not shrink forward" in note
    sigmoid = measure(deep_mlp(20, "sigmoid", init="xavier"))
    assert all(abs(h.mean() - 0.5) < 0.1 for h in sigmoid["activations"])
    assert sigmoid["norms"][0] / sigmoid["norms"][-1] < 1e-3, "sigmoid: a slope, layer 1 far below the last"
    saturated = measure(deep_mlp(20, "tanh", weight_std=1.0))["norms"]
    assert saturated[0] / saturated[-1] > 1e3, "saturated tanh: a slope, layer 1 far above the last"
    row = next(line for line in CELLS["summary"].splitlines() if line.startswith("| diagnosis"))
    assert "a whole flat curve off the band: the scale of the weights" in row
    assert "a slope: the backward factor differs from the forward one" in row and "a slope is a depth" not in row


def test_zero_init_moves_only_the_last_biases_and_not_even_them_on_balanced_classes():
    from nnlib.data import make_moons
    from nnlib.layers import MLP

    text = " ".join(CELLS["story_symmetry_md"].split())
    assert "The last biases' gradient is the batch mean of $\\mathbf p - \\mathbf y$" in text
    assert "only because the moons have as many samples of each class" in text
    X_moons, y_moons = make_moons(n_samples=200, noise=0.2, rng=1)    # as the cell makes them
    assert np.bincount(y_moons).tolist() == [100, 100]
    unbalanced = np.flatnonzero(y_moons == 1)[:50].tolist() + np.flatnonzero(y_moons == 0).tolist()
    model = MLP([2, 4, 2], activation="tanh", init="zeros")
    model.backward(softmax_cross_entropy(model.forward(X_moons[unbalanced]), y_moons[unbalanced])[1])
    assert np.linalg.norm(model.grads["b2"]) > 0.01, "on unbalanced classes the last biases move"
    assert all(np.all(model.grads[name] == 0) for name in ("W1", "b1", "W2")), "every other gradient stays 0"


def test_section_2_3_describes_the_probe_batch_and_the_band():
    text = CELLS["story_depth_md"]
    assert "width 64" in text and WIDTH == 64
    assert "batch of 200 unit-variance inputs with 10 classes" in text
    assert X_PROBE.shape == (200, WIDTH) and N_CLASSES == 10 and abs(X_PROBE.std() - 1) < 0.02
    assert r"$10^{-2} \le" in text and r"\le 10^{2}$" in text and BAND == (1e-2, 1e2)


def test_the_saturated_tanh_network_and_the_squeezed_sigmoid_network():
    text = CELLS["story_activations_md"]
    tanh_hidden = measure(deep_mlp(20, "tanh", weight_std=1.0))["activations"]
    saturated = np.mean(np.abs(tanh_hidden[9]) > 0.99)
    assert "about three units in four" in text and abs(saturated - 0.75) < 0.05
    sigmoid_hidden = measure(deep_mlp(20, "sigmoid", init="xavier"))["activations"]
    slope = np.mean(sigmoid_hidden[9] * (1 - sigmoid_hidden[9]))
    states("story_activations_md", "0.23", slope, rel=None)


def test_relu_with_xavier_loses_a_factor_sqrt2_per_layer_down_to_the_printed_std():
    hidden = measure(deep_mlp(30, "relu", init="xavier"))["activations"]
    stds = np.array([h.std() for h in hidden])
    per_layer = (stds[-1] / stds[0]) ** (1 / (len(stds) - 1))
    assert abs(per_layer * np.sqrt(2) - 1) < 0.1, (
        f"the std should drop by about √2 per layer, not {1 / per_layer:.2f}")
    mantissa, exponent = f"{stds[-1]:.1e}".split("e")
    stated = rf"${mantissa} \cdot 10^{{{int(exponent)}}}$ at layer 29"
    assert stated in CELLS["story_init_check_note"], f"the note should say {stated}"
    assert r"$10^{-4}$ after 29 layers" not in CELLS["story_init_check_note"]
    tanh_xavier = measure(deep_mlp(30, "tanh", init="xavier"))["activations"][-1].std()
    assert "of order 0.1" in CELLS["story_init_check_note"] and 0.05 < tanh_xavier < 0.5
    tanh_large = [h.std() for h in measure(deep_mlp(30, "tanh", weight_std=1.0))["activations"]]
    states("story_init_check_note", "0.95", np.mean(tanh_large))
    assert max(tanh_large) - min(tanh_large) < 0.02


def test_the_clipping_example_numbers():
    text = CELLS["story_clipping_md"]
    g = np.array([4.0, 0.0, 1.0])
    assert r"\sqrt{17} =" in text
    states("story_clipping_md", "4.12", np.linalg.norm(g))
    clipped = g / np.linalg.norm(g)
    states("story_clipping_md", "0.97", clipped[0])
    states("story_clipping_md", "0.24", clipped[2])
    states("story_clipping_md", "1.41", np.linalg.norm([1.0, 0.0, 1.0]))


def test_quiz_1_asks_for_the_largest_share_and_only_b_gives_it():
    stem = CELLS["q1_md"]
    assert "**largest** share" in stem and "by at most how much" not in stem
    best_share = 0.25 ** 10                                     # σ' ≤ 1/4, reached at z = 0: the bound is attained
    assert r"At most $0.25^{10} \approx 10^{-6}$ of its size" in stem and round(np.log10(best_share)) == -6
    assert r"$4^{10} \approx 10^{6}$" in stem and round(np.log10(4 ** 10)) == 6
    assert r"$0.5^{10} \approx 10^{-3}$" in stem and round(np.log10(0.5 ** 10)) == -3
    z = np.linspace(-10, 10, 20001)
    assert np.max(sigmoid(z) * (1 - sigmoid(z))) == pytest.approx(0.25)
    assert 'answer_q1 = "b"' in CELLS["q1"] and 'check_answer(answer_q1, "b"' in CELLS["q1_hidden"]


def test_quiz_3_global_norm_clipping_gives_3():
    total = np.hypot(6.0, 8.0)
    assert 6.0 * min(1.0, 5.0 / total) == pytest.approx(3.0)
    assert "* **b)** 3" in CELLS["q3_md"] and 'check_answer(answer_q3, "b"' in CELLS["q3_hidden"]


def test_question_5_states_the_ratio_that_its_network_shows_and_the_model_answer_its_factor():
    stem, answer = CELLS["written_1_md"], CELLS["written_1"]
    assert "30-layer tanh MLP of width 256" in stem and r"$\mathcal N(0, 1)$" in stem
    assert r"about $3 \cdot 10^{13}$ times that of the last" in stem
    ratios = []
    for seed in (0, 1):
        norms = measure(deep_mlp(30, "tanh", weight_std=1.0, width=256, seed=seed),
                        *probe_batch(width=256, seed=seed))["norms"]
        ratios.append(norms[0] / norms[-1])
    assert all(2e13 < ratio < 6e13 for ratio in ratios), f"about 3·10^13 for two seeds, not {ratios}"
    assert r"\approx 2.9$ per layer" in answer and round((3e13) ** (1 / 29), 1) == 2.9
    assert all(abs(ratio ** (1 / 29) - 2.9) < 0.1 for ratio in ratios)
    z = 16 * np.random.default_rng(0).standard_normal(400_000)                 # z ~ N(0, 256)
    typical_slope = np.sqrt(np.mean((1 - np.tanh(z) ** 2) ** 2))
    assert "is about 0.18" in answer and round(typical_slope, 2) == 0.18
    assert r"$0.18 \cdot 16 \approx 2.9$" in answer and round(0.18 * 16, 1) == 2.9
    assert r"$s\sqrt{n} = 1 \cdot \sqrt{256} = 16$" in answer and np.sqrt(256) == 16
    assert r"$1/\sqrt{256} = 0.0625$" in answer and 1 / np.sqrt(256) == 0.0625
    assert "10^{6}" not in stem + answer and "1.6" not in answer


def test_the_band_is_explained_by_the_per_sample_gradient_at_the_logits():
    text = " ".join(CELLS["story_depth_md"].split())
    model = deep_mlp(20, "relu", init="he")
    _, dlogits = softmax_cross_entropy(model.forward(X_PROBE), Y_PROBE)
    per_sample = np.linalg.norm(dlogits * len(dlogits), axis=1)             # p − y for each sample
    assert r"each sample's gradient $\mathbf p - \mathbf y$ has a norm of about 1" in text
    assert 0.8 < per_sample.mean() < 1.2
    assert r"a norm of about $1/\sqrt N$, 0.07 here" in text
    states("story_depth_md", "0.07", np.linalg.norm(dlogits))
    states("story_depth_md", "0.07", 1 / np.sqrt(len(X_PROBE)))


def test_the_summary_does_not_recommend_xavier_for_sigmoid():
    row = next(line for line in CELLS["summary"].splitlines() if line.startswith("| Xavier/Glorot"))
    assert "tanh, linear (sigmoid:" in row and "still shrinks every layer" in row
    assert measure(deep_mlp(20, "sigmoid", init="xavier"))["norms"].min() < BAND[0]


def test_the_exercise_examples():
    states("xavier_init_md", "0.1225", np.sqrt(6 / 400))
    states("xavier_init_md", "0.005", 2 / 400)
    states("he_init_md", "0.0625", np.sqrt(2 / 512))


@pytest.fixture
def explorer():
    yield depth_explorer()
    plt.close("all")


def test_explorer_step_1_sigmoid_gives_a_straight_line_on_the_log_scale(explorer):
    assert "**Sigmoid, scale 1, depth from 2 to 40.**" in CELLS["explore_md"]
    explorer.controls["depth"].value = 40
    norms = explorer.data["norms"]
    layers = np.arange(1, len(norms) + 1)
    slope, intercept = np.polyfit(layers, np.log10(norms), 1)
    residual = np.log10(norms) - (slope * layers + intercept)
    assert slope > 0 and np.max(np.abs(residual)) < 1.5, "the curve should be one straight line, rising to layer 40"


def test_explorer_step_2_relu_scales_below_inside_and_above_the_band(explorer):
    assert "At 1.00 the whole curve sits below the band; at 1.41 it is inside, flat; at 2.00 above." in (
        " ".join(CELLS["explore_md"].split()))
    explorer.controls["activation"].value = "relu"
    for scale, verdict in ((1.0, "vanishing"), (2 ** 0.5, "healthy"), (2.0, "exploding")):
        explorer.controls["init_scale"].value = scale
        data = explorer.data
        assert data["verdict"] == verdict, (scale, data["verdict"])
        assert 0.1 < data["spread"] < 10, "for ReLU the curve stays flat"
    explorer.controls["init_scale"].value = 1.0
    assert explorer.data["norms"].max() < BAND[0], "at 1.00 the whole curve is below the band"


def test_explorer_step_3_tanh_small_scales_vanish_around_1_healthy_large_explode(explorer):
    explorer.controls["activation"].value = "tanh"
    explorer.controls["depth"].value = 20
    spreads = {}
    for scale, verdict in ((0.5, "vanishing"), (1.0, "healthy"), (8.0, "exploding")):
        explorer.controls["init_scale"].value = scale
        assert explorer.data["verdict"] == verdict, (scale, explorer.data["verdict"])
        spreads[scale] = explorer.data["spread"]
    assert spreads[8.0] > 1e3, "at large scales the gradient explodes towards the input"
    assert "Small scales vanish with a flat curve" in " ".join(CELLS["explore_md"].split())
    assert 0.1 < spreads[0.5] < 10, "at small scales the curve stays flat"
    explorer.controls["init_scale"].value = 0.5
    assert "a scale problem" in explorer.data["title"]
    explorer.controls["init_scale"].value = 8.0
    saturated = np.mean([np.mean(np.abs(v) > 0.99) for v in explorer.data["histograms"].values()])
    assert saturated > 0.5, "at large scales the histograms pile up at ±1"


def test_the_comb_of_the_sigmoid_histograms_is_information_collapsing():
    text = " ".join(CELLS["story_activations_md"].split())
    assert "a **comb** of thin spikes" in text and "the spread of a unit's value **between samples** shrinks" in text
    hidden = measure(deep_mlp(20, "sigmoid", init="xavier"))["activations"]
    assert "Every bar's height is a multiple of 200: a bar holds one unit, or a few units" in text
    shown = [hidden[0], hidden[9], hidden[-1]]
    edges = np.histogram_bin_edges(np.concatenate([h.ravel() for h in shown]), bins=40)    # as the figure bins them
    for h in shown[1:]:
        counts, _ = np.histogram(h.ravel(), bins=edges)
        assert np.all(counts % 200 == 0), "in the deep layers every bar should hold whole units"
        assert counts.max() > 200, "some bars should hold several units"
    between_samples = [h.std(axis=0).mean() for h in hidden]
    between_units = [h.mean(axis=0).std() for h in hidden]
    assert between_samples[9] < 1e-5 < between_units[9]
    assert between_samples[-1] < between_samples[9] < between_samples[0]


def residual_weight_gradients(model, X, y):
    """The sigmoid network's weights used with residual connections h = h + σ(h W + b), written again: backward
    through both paths.  -> ‖∂L/∂W_ℓ‖ for ℓ = 1..K, and the loss."""
    p, n_layers = model.params, model.n_layers
    hs = [X]
    for layer in range(1, n_layers):
        hs.append(hs[-1] + sigmoid(hs[-1] @ p[f"W{layer}"] + p[f"b{layer}"]))
    logits = hs[-1] @ p[f"W{n_layers}"] + p[f"b{n_layers}"]
    probs = np.exp(logits - logits.max(axis=1, keepdims=True))
    probs /= probs.sum(axis=1, keepdims=True)
    dlogits = (probs - np.eye(probs.shape[1])[y]) / len(y)
    norms = [np.linalg.norm(hs[-1].T @ dlogits)]
    dh = dlogits @ p[f"W{n_layers}"].T
    for layer in range(n_layers - 1, 0, -1):
        s = sigmoid(hs[layer - 1] @ p[f"W{layer}"] + p[f"b{layer}"])
        dz = dh * s * (1 - s)
        norms.append(np.linalg.norm(hs[layer - 1].T @ dz))
        dh = dh + dz @ p[f"W{layer}"].T
    return np.array(norms[::-1])


def test_residual_connections_make_the_vanishing_sigmoid_network_healthy():
    assert r"$\mathbf h_\ell = \mathbf h_{\ell-1} + \sigma(\mathbf h_{\ell-1} W_\ell + \mathbf b_\ell)$" in (
        CELLS["story_training_md"])
    assert "whose gradient norms are all inside the band" in " ".join(CELLS["story_training_note"].split())
    norms = residual_weight_gradients(deep_mlp(20, "sigmoid", init="xavier"), X_PROBE, Y_PROBE)
    assert BAND[0] <= norms.min() and norms.max() <= BAND[1]
    assert measure(deep_mlp(20, "sigmoid", init="xavier"))["norms"].min() < BAND[0]


def test_clipping_rescues_the_run_that_diverges_without_it():
    from nnlib import regularization
    from nnlib.data import load_digits, standardize
    from nnlib.optim import SGD

    text = " ".join(CELLS["story_training_md"].split())
    assert "SGD, momentum 0.9 and a learning rate that is too large ($\\eta = 0.15$)" in text
    assert "clipped to a global norm of 1" in text
    X, y = load_digits()
    subset = np.random.default_rng(0).permutation(len(X))[:512]
    X, y = standardize(X)[subset], y[subset]
    final = {}
    for max_norm in (None, 1.0):
        model, batches, losses = deep_mlp(20, "relu", init="he"), np.random.default_rng(0), []
        optimizer = SGD(model.params, lr=0.15, momentum=0.9)
        for _ in range(30):
            rows = batches.choice(len(X), 64, replace=False)
            with np.errstate(all="ignore"):
                loss, dlogits = softmax_cross_entropy(model.forward(X[rows]), y[rows])
                model.backward(dlogits)
                grads = model.grads
                if max_norm is not None:
                    grads, _ = regularization.clip_by_global_norm(grads, max_norm)
                optimizer.step(grads)
            losses.append(loss)
        final[max_norm] = np.array(losses)
    assert not np.isfinite(final[None][-1]), "without clipping the run should end in nan"
    assert np.all(np.isfinite(final[1.0])) and final[1.0][-10:].mean() < final[1.0][0] - 0.5, "clipped, it trains"
