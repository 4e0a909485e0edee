"""nnlib.plots: every figure draws the data it was given, with labels and a title (Agg backend, no plt.show)."""
import os

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402
import pytest  # noqa: E402
from matplotlib.collections import PathCollection  # noqa: E402
from matplotlib.colors import to_hex  # noqa: E402

from nnlib import data, plots, train  # noqa: E402

pytestmark = pytest.mark.filterwarnings("error")

OKABE_ITO = {"#000000", "#E69F00", "#56B4E9", "#009E73", "#F0E442", "#0072B2", "#D55E00", "#CC79A7"}


@pytest.fixture(autouse=True)
def close_figures():
    yield
    plt.close("all")


@pytest.fixture
def save(tmp_path):
    """Save a figure as PNG (into $NNLIB_PLOTS_DIR when set, to look at), checking that it renders."""
    folder = os.environ.get("NNLIB_PLOTS_DIR") or tmp_path
    os.makedirs(folder, exist_ok=True)

    def save_figure(fig, name):
        path = os.path.join(folder, f"{name}.png")
        fig.savefig(path, dpi=90)
        assert os.path.getsize(path) > 1000

    return save_figure


def _circle_classifier(points):
    """Class 1 inside the circle of radius 0.75, as probabilities (M, 2)."""
    inside = (np.linalg.norm(points, axis=1) < 0.75).astype(float)
    return np.column_stack([1 - inside, inside])


def _scatters(ax):
    return [c for c in ax.collections if isinstance(c, PathCollection)]  # not the boundary's ContourSet


def _scatter_points(ax):
    return np.concatenate([c.get_offsets() for c in _scatters(ax)])


def test_palette_is_okabe_ito():
    assert len(plots.PALETTE) == 8 and set(map(str.upper, plots.PALETTE)) == OKABE_ITO


@pytest.mark.parametrize("output", ["probabilities", "labels", "p1"])
def test_decision_boundary_draws_every_point_and_the_predicted_regions(save, output):
    X, y = data.make_circles(n_samples=120, noise=0.05, rng=0)
    predict = {"probabilities": _circle_classifier,
               "labels": lambda P: _circle_classifier(P).argmax(axis=1),
               "p1": lambda P: 0.9 * _circle_classifier(P)[:, 1] + 0.05}[output]
    ax = plots.plot_decision_boundary(predict, X, y, resolution=50)
    points = _scatter_points(ax)
    assert len(points) == len(X)
    np.testing.assert_allclose(np.sort(points, axis=0), np.sort(X, axis=0))
    regions = ax.images[0].get_array()
    assert regions.shape == (50, 50)
    assert regions[25, 25] == 1 and regions[0, 0] == 0, "the centre is class 1, the corner class 0"
    assert ax.get_xlabel() and ax.get_ylabel() and "100.0%" in ax.get_title()
    assert {t.get_text() for t in ax.get_legend().get_texts()} == {"class 0", "class 1"}
    save(ax.figure, f"decision_boundary_{output}")


def test_decision_boundary_uses_given_axes_title_and_class_colours():
    X, y = data.make_blobs(n_samples=30, rng=0)
    fig, (left, right) = plt.subplots(1, 2)
    ax = plots.plot_decision_boundary(lambda P: np.zeros(len(P), dtype=int), X, y, ax=right, title="untrained")
    assert ax is right and not left.collections
    assert ax.get_title() == "untrained"
    colours = [to_hex(c.get_facecolor()[0]).upper() for c in _scatters(ax)]
    assert len(colours) == 3 and set(colours) <= OKABE_ITO


def test_decision_boundary_rejects_wrong_shapes():
    with pytest.raises(ValueError, match="shape"):
        plots.plot_decision_boundary(_circle_classifier, np.zeros((5, 3)), np.zeros(5, int))


def _history(epochs=6, validation=True, accuracy=True):
    rng = np.random.default_rng(0)
    history = {"loss": list(np.linspace(2, 0.2, epochs))}
    if accuracy:
        history["accuracy"] = list(np.linspace(0.3, 0.99, epochs))
    if validation:
        history["val_loss"] = list(np.linspace(2, 0.5, epochs) + 0.1 * rng.random(epochs))
        if accuracy:
            history["val_accuracy"] = list(rng.uniform(0.5, 0.9, epochs))
    history["lr"] = [0.1] * epochs
    return history


def test_history_lines_are_the_history_values(save):
    history = _history()
    axes = plots.plot_history(history)
    assert len(axes) == 2
    for ax, key in zip(axes, ["loss", "accuracy"]):
        lines = {line.get_label(): line for line in ax.get_lines()}
        np.testing.assert_array_equal(lines["training"].get_ydata(), history[key])
        np.testing.assert_array_equal(lines["validation"].get_ydata(), history["val_" + key])
        np.testing.assert_array_equal(lines["training"].get_xdata(), np.arange(1, 7))
        assert ax.get_xlabel() == "epoch" and ax.get_ylabel() == key
    best = int(np.argmax(history["val_accuracy"]))
    assert f"{history['val_accuracy'][best]:.1%}" in axes[1].get_title()
    assert f"epoch {best + 1}" in axes[1].get_title()
    assert f"epoch {int(np.argmin(history['val_loss'])) + 1}" in axes[0].get_title()
    save(axes[0].figure, "history")


def test_history_without_validation_or_accuracy():
    axes = plots.plot_history(_history(validation=False))
    assert [line.get_label() for line in axes[0].get_lines()] == ["training"]
    assert axes[1].get_title() and "0.99" in axes[1].get_title()
    axes = plots.plot_history(_history(accuracy=False))
    assert len(axes) == 1, "a regression history (no accuracy) needs one panel"
    with pytest.raises(ValueError, match="loss"):
        plots.plot_history({"loss": []})


def test_history_from_fit_draws_on_given_axes():
    from nnlib.layers import MLP
    from nnlib.optim import SGD

    X, y = data.make_blobs(n_samples=40, rng=0)
    model = MLP([2, 8, 3], rng=np.random.default_rng(0))
    history = train.fit(model, X, y, SGD(model.params, lr=0.1), epochs=3, X_val=X, y_val=y)
    fig, axes = plt.subplots(1, 2)
    returned = plots.plot_history(history, axes=axes)
    assert list(returned) == list(axes)
    np.testing.assert_array_equal(axes[0].get_lines()[0].get_ydata(), history["loss"])
    np.testing.assert_array_equal(axes[1].get_lines()[1].get_ydata(), history["val_accuracy"])


def test_gradient_norms_are_plotted_per_layer_on_a_log_scale(save):
    norms = [1e-5, 1e-4, 1e-3, 1e-2]
    ax = plots.plot_gradient_norms(norms)
    line = ax.get_lines()[0]
    np.testing.assert_array_equal(line.get_ydata(), norms)
    np.testing.assert_array_equal(line.get_xdata(), [1, 2, 3, 4])
    assert ax.get_yscale() == "log" and ax.get_xlabel() and ax.get_ylabel()
    assert "Vanishing" in ax.get_title()
    save(ax.figure, "gradient_norms")
    ax = plots.plot_gradient_norms({"W1": 50.0, "W2": 1.0}, title="deep sigmoid net")
    assert [t.get_text() for t in ax.get_xticklabels()] == ["W1", "W2"]
    assert ax.get_title() == "deep sigmoid net"
    assert "Exploding" in plots.plot_gradient_norms([50.0, 1.0]).get_title()


def test_activation_histograms_count_every_value_per_layer(save):
    rng = np.random.default_rng(0)
    activations = [np.tanh(rng.standard_normal((100, 20)) * s) for s in (3.0, 1.0, 0.1)]
    axes = plots.plot_activation_histograms(activations, bins=30)
    assert len(axes) == 3
    for k, (ax, a) in enumerate(zip(axes, activations)):
        assert sum(patch.get_height() for patch in ax.patches) == a.size
        assert len(ax.patches) == 30
        title = ax.get_title()
        assert f"layer {k + 1}" in title and f"std {a.std():.2g}" in title and "mean" in title
        assert ax.get_xlabel()
    assert axes[0].get_ylabel() == "count" and axes[0].figure.get_suptitle()
    save(axes[0].figure, "activation_histograms")


def test_activation_histograms_overlay_on_one_axes():
    _, ax = plt.subplots()
    activations = [np.arange(10.0), np.ones((2, 3))]
    returned = plots.plot_activation_histograms(activations, axes=ax, bins=5)
    assert returned is ax
    assert [t.get_text().split(":")[0] for t in ax.get_legend().get_texts()] == ["layer 1", "layer 2"]
    assert ax.get_title() and ax.get_xlabel() and ax.get_ylabel()
    with pytest.raises(ValueError):
        plots.plot_activation_histograms([])


def test_digits_grid_shows_images_and_marks_mistakes(save):
    X, y = data.load_digits()
    predictions = y.copy()
    predictions[[1, 4, 7]] = (y[[1, 4, 7]] + 1) % 10
    axes = plots.plot_digits(X, y, predictions, n=16)
    assert len(axes) == 16
    np.testing.assert_array_equal(axes[4].images[0].get_array(), X[4].reshape(8, 8))
    wrong = [k for k, ax in enumerate(axes) if to_hex(ax.title.get_color()).upper() == plots.MISTAKE_COLOR]
    assert wrong == [1, 4, 7]
    assert axes[4].get_title() == f"{y[4]}→{predictions[4]}" and axes[0].get_title() == str(y[0])
    assert "3 of 16" in axes[0].figure.get_suptitle()
    save(axes[0].figure, "digits")
    images, labels = data.load_digits(flatten=False)
    assert len(plots.plot_digits(images, labels, n=5)) == 5


def test_confusion_matrix_shows_the_counts_and_the_worst_mistake(save):
    cm = np.array([[5, 0, 1], [0, 7, 0], [4, 0, 3]])
    ax = plots.plot_confusion_matrix(cm)
    np.testing.assert_array_equal(ax.images[0].get_array(), cm)
    assert sorted(t.get_text() for t in ax.texts) == sorted(str(v) for v in cm.ravel() if v)
    assert "2 taken for 0" in ax.get_title()
    assert ax.get_xlabel() == "predicted class" and ax.get_ylabel() == "true class"
    save(ax.figure, "confusion_matrix")
    assert "No mistakes" in plots.plot_confusion_matrix(np.eye(3, dtype=int)).get_title()


def test_a_figure_is_shown_only_with_a_text_alternative_that_says_something():
    for alt in ("", "A plot.", "Loss against epochs"):
        with pytest.raises(ValueError, match="text alternative"):
            plots.show_figure(alt)
