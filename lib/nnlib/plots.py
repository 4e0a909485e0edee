"""Figures of the course: decision boundaries, training curves, gradient norms, activations, digits, confusion.

Each function draws on the Axes it is given (or on a new figure), returns its Axes and never calls ``plt.show``.
Colours come from the Okabe-Ito palette, which stays distinguishable with the common colour-vision deficiencies;
classes also get distinct markers so that the plots survive greyscale printing.
"""
import matplotlib.pyplot as plt
import numpy as np
from matplotlib.colors import ListedColormap, to_rgb

PALETTE = ("#0072B2", "#E69F00", "#009E73", "#CC79A7", "#56B4E9", "#D55E00", "#F0E442", "#000000")
"""Okabe-Ito colours in the order used for classes and curves: blue, orange, bluish green, reddish purple,
sky blue, vermillion, yellow, black."""

MARKERS = ("o", "s", "^", "D", "v", "P", "X", "*")
TRAIN_COLOR, VAL_COLOR, MISTAKE_COLOR = PALETTE[0], PALETTE[1], PALETTE[5]


def _class_color(k):
    return PALETTE[k % len(PALETTE)]


def _labels_from_predictions(out, n_points):
    """Class labels (n,) from predicted labels (n,), probabilities (n, C), or P(class 1) as (n,) or (n, 1)."""
    out = np.asarray(out)
    if out.shape[0] != n_points:
        raise ValueError(f"predict returned {out.shape[0]} rows for {n_points} points")
    if out.ndim == 2 and out.shape[1] > 1:
        return out.argmax(axis=1)
    out = out.reshape(n_points)
    if np.issubdtype(out.dtype, np.floating) and np.any(out != np.round(out)):
        return (out > 0.5).astype(np.int64)  # probabilities of class 1
    return out.astype(np.int64)


def plot_decision_boundary(predict, X, y, ax=None, title=None, resolution=200, padding=0.5):
    """Colour the plane by the class ``predict`` gives it and scatter the points (X, y) on top.

    predict: (M, 2) points -> labels (M,) or class probabilities (M, C); X (N, 2), y (N,) int. -> the Axes.
    The default title reports the share of the points (X, y) that predict classifies correctly.
    """
    X, y = np.asarray(X, dtype=np.float64), np.asarray(y)
    if X.ndim != 2 or X.shape[1] != 2 or len(X) != len(y):
        raise ValueError(f"X must have shape (N, 2) and y shape (N,), got {X.shape} and {y.shape}")
    lo, hi = X.min(axis=0) - padding, X.max(axis=0) + padding
    width, height = hi - lo
    if ax is None:
        figure_height = float(np.clip(4.6 * height / width + 0.7, 3.0, 5.5))  # fit the figure to the data's shape
        _, ax = plt.subplots(figsize=(5.5, figure_height), layout="constrained")
    g1, g2 = np.linspace(lo[0], hi[0], resolution), np.linspace(lo[1], hi[1], resolution)
    G1, G2 = np.meshgrid(g1, g2)  # (R, R) each; rows follow x2, columns x1
    grid = np.column_stack([G1.ravel(), G2.ravel()])  # (R*R, 2)
    regions = _labels_from_predictions(predict(grid), len(grid)).reshape(G1.shape)

    n_classes = int(max(regions.max(), y.max())) + 1
    light = [0.72 * np.ones(3) + 0.28 * np.array(to_rgb(_class_color(k))) for k in range(n_classes)]
    ax.imshow(regions, origin="lower", extent=(lo[0], hi[0], lo[1], hi[1]), cmap=ListedColormap(light),
              vmin=-0.5, vmax=n_classes - 0.5, interpolation="nearest", aspect="auto")
    if regions.min() != regions.max():
        ax.contour(G1, G2, regions, levels=np.arange(n_classes - 1) + 0.5, colors="0.25", linewidths=0.8)
    for k in np.unique(y):
        members = y == k
        ax.scatter(X[members, 0], X[members, 1], s=22, c=_class_color(k), marker=MARKERS[k % len(MARKERS)],
                   edgecolors="white", linewidths=0.5, label=f"class {k}")
    if title is None:
        correct = np.mean(_labels_from_predictions(predict(X), len(X)) == y)
        title = f"Decision regions: {correct:.1%} of points classified correctly"
    ax.set(xlim=(lo[0], hi[0]), ylim=(lo[1], hi[1]), xlabel="$x_1$", ylabel="$x_2$", title=title)
    if 1 / 3 < width / height < 3:
        ax.set_aspect("equal", adjustable="box")  # circles look like circles; skipped for very unequal ranges
    ax.legend(loc="upper right", fontsize="small", framealpha=0.85)
    return ax


def _history_axes(axes, n_panels):
    if axes is None:
        _, axes = plt.subplots(1, n_panels, figsize=(5 * n_panels, 3.8), layout="constrained", squeeze=False)
        return axes[0]
    axes = np.atleast_1d(axes)
    if len(axes) < n_panels:
        raise ValueError(f"this history needs {n_panels} axes (loss and accuracy), got {len(axes)}")
    return axes


def plot_history(history, axes=None):
    """Training curves from ``fit``'s history: loss (training, validation) beside accuracy (training, validation).

    -> the Axes (array of 1 or 2). The titles state the lowest validation loss and best validation accuracy.
    """
    if not history.get("loss"):
        raise ValueError("history has no 'loss' values to plot")
    has_accuracy = bool(history.get("accuracy") or history.get("val_accuracy"))
    axes = _history_axes(axes, 2 if has_accuracy else 1)
    panels = [("loss", "loss", np.argmin, "Lowest validation loss {:.3g} at epoch {}")]
    if has_accuracy:
        panels.append(("accuracy", "accuracy", np.argmax, "Best validation accuracy {:.1%} at epoch {}"))
    for ax, (key, ylabel, best_of, finding) in zip(axes, panels):
        for prefix, name, color, style in (("", "training", TRAIN_COLOR, "-"), ("val_", "validation", VAL_COLOR, "--")):
            values = history.get(prefix + key)
            if values:
                ax.plot(np.arange(1, len(values) + 1), values, style, color=color, label=name, linewidth=1.8)
        val = history.get("val_" + key)
        if val:
            best = int(best_of(val))
            ax.plot(best + 1, val[best], "o", color=VAL_COLOR, markersize=7, markeredgecolor="black",
                    label=f"best (epoch {best + 1})")
            ax.set_title(finding.format(val[best], best + 1))
        else:
            train = history[key]
            ax.set_title(f"Training {key} goes from {train[0]:.3g} to {train[-1]:.3g}")
        ax.set(xlabel="epoch", ylabel=ylabel)
        ax.grid(alpha=0.3)
        ax.legend(fontsize="small")
    return axes


def _gradient_title(values, names):
    ratio = values[0] / values[-1] if values[-1] > 0 else np.inf
    first, last = (names[0], names[-1]) if names else ("layer 1", f"layer {len(values)}")
    if ratio < 0.1:
        return f"Vanishing: {first} norm = {ratio:.0e} × {last}"
    if ratio > 10:
        return f"Exploding: {first} norm = {ratio:.0e} × {last}"
    return f"Gradient norms of {first} and {last} within 10×"


def plot_gradient_norms(norms, ax=None, title=None):
    """Per-layer gradient norms on a log scale. norms: (L,) values, or dict layer name -> norm. -> the Axes.

    Layers are numbered 1..L from the input; the default title compares the first layer with the last.
    """
    names = list(norms.keys()) if isinstance(norms, dict) else None
    values = np.asarray(list(norms.values()) if names else norms, dtype=np.float64).ravel()
    if values.size == 0:
        raise ValueError("norms is empty")
    if ax is None:
        _, ax = plt.subplots(figsize=(5.5, 3.8), layout="constrained")
    layers = np.arange(1, len(values) + 1)
    ax.plot(layers, values, "o-", color=PALETTE[0], linewidth=1.8)
    ax.set_yscale("log")
    ax.set_xticks(layers, names if names else [str(k) for k in layers], rotation=45 if names else 0)
    ax.set(xlabel="layer (1 = next to the input)", ylabel="gradient norm (log scale)",
           title=title if title is not None else _gradient_title(values, names))
    ax.grid(alpha=0.3)
    return ax


def _histogram_axes(axes, n_layers):
    if axes is None:
        n_rows = -(-n_layers // 5)
        n_cols = -(-n_layers // n_rows)  # at most 5 per row, rows filled evenly
        fig, axes = plt.subplots(n_rows, n_cols, figsize=(2.4 * n_cols + 0.6, 2.6 * n_rows + 0.6),
                                 layout="constrained", squeeze=False)
        for ax in axes.ravel()[n_layers:]:
            ax.set_visible(False)
        return axes.ravel()[:n_layers]
    if isinstance(axes, plt.Axes):
        return axes
    axes = np.ravel(axes)
    if len(axes) < n_layers:
        raise ValueError(f"need one Axes per layer ({n_layers}), got {len(axes)}")
    return axes[:n_layers]


def plot_activation_histograms(activations, axes=None, bins=50):
    """One histogram per layer of the activation values, titled with layer index, mean and std.

    activations: list of arrays (any shape), layer 1 first. ``axes``: None (a new grid), one Axes per layer, or a
    single Axes to overlay the layers as outlines. -> the Axes (array) or the single Axes.
    """
    values = [np.asarray(a, dtype=np.float64).ravel() for a in activations]
    if not values or any(v.size == 0 for v in values):
        raise ValueError("activations must be a non-empty list of non-empty arrays")
    edges = np.histogram_bin_edges(np.concatenate(values), bins=bins)  # shared bins make layers comparable
    stds = [v.std() for v in values]
    axes = _histogram_axes(axes, len(values))
    overlay = isinstance(axes, plt.Axes)
    for k, v in enumerate(values):
        stats = f"mean {round(v.mean(), 2) + 0.0:.2f}, std {stds[k]:.2g}"  # + 0.0 turns -0.00 into 0.00
        color = _class_color(k)
        if overlay:
            axes.hist(v, bins=edges, histtype="step", color=color, linewidth=1.6, label=f"layer {k + 1}: {stats}")
        else:
            ax = axes[k]
            ax.hist(v, bins=edges, color=color, alpha=0.85)
            ax.set_xlim(edges[0], edges[-1])
            ax.set_title(f"layer {k + 1}\n{stats}", fontsize="medium")
            ax.set_xlabel("activation")
            ax.set_ylabel("count" if k == 0 else "")
    finding = f"Activation std goes from {stds[0]:.2g} in layer 1 to {stds[-1]:.2g} in layer {len(values)}"
    if overlay:
        axes.set(xlabel="activation", ylabel="count", title=finding)
        axes.legend(fontsize="small")
    else:
        axes[0].figure.suptitle(finding)
    return axes


def plot_digits(images, labels=None, predictions=None, n=24, axes=None, n_cols=8):
    """A grid of the first ``n`` digit images with their labels; misclassified ones framed and titled in vermillion.

    images (N, 8, 8) or (N, 64); labels, predictions (N,) ints or None. -> the Axes (flat array of n).
    """
    images = np.asarray(images, dtype=np.float64)
    side = int(round(np.sqrt(images[0].size)))
    n = min(n, len(images))
    images = images[:n].reshape(n, side, side)  # (N, 64) -> (N, 8, 8)
    if axes is None:
        n_cols = min(n_cols, n)
        n_rows = -(-n // n_cols)
        fig, axes = plt.subplots(n_rows, n_cols, figsize=(1.15 * n_cols, 1.35 * n_rows + 0.5), layout="constrained",
                                 squeeze=False)
        for ax in axes.ravel()[n:]:
            ax.set_visible(False)
    axes = np.ravel(axes)[:n]
    n_wrong = 0
    for k, (ax, image) in enumerate(zip(axes, images)):
        ax.imshow(image, cmap="gray_r", vmin=0.0, vmax=images.max() or 1.0, interpolation="nearest")
        ax.set_xticks([])
        ax.set_yticks([])
        wrong = predictions is not None and labels is not None and predictions[k] != labels[k]
        n_wrong += wrong
        if predictions is not None and labels is not None:
            title = f"{labels[k]}→{predictions[k]}" if wrong else f"{labels[k]}"
        elif predictions is not None:
            title = f"pred {predictions[k]}"
        else:
            title = "" if labels is None else f"{labels[k]}"
        ax.set_title(title, fontsize="medium", color=MISTAKE_COLOR if wrong else "black",
                     fontweight="bold" if wrong else "normal")
        for spine in ax.spines.values():
            spine.set(color=MISTAKE_COLOR if wrong else "0.6", linewidth=3 if wrong else 0.8)
    if predictions is not None and labels is not None:
        finding = f"{n_wrong} of {n} digits misclassified (framed, titled true→predicted)"
    else:
        finding = f"{n} digits" + (" with their labels" if labels is not None else "")
    axes[0].figure.suptitle(finding)
    return axes


def plot_confusion_matrix(cm, ax=None, class_names=None):
    """Heat map of a confusion matrix (rows true class, columns predicted) with the counts written in. -> the Axes.

    The title names the most frequent confusion.
    """
    cm = np.asarray(cm)
    if cm.ndim != 2 or cm.shape[0] != cm.shape[1]:
        raise ValueError(f"cm must be square (C, C), got shape {cm.shape}")
    n = len(cm)
    names = [str(k) for k in range(n)] if class_names is None else [str(c) for c in class_names]
    if ax is None:
        _, ax = plt.subplots(figsize=(0.45 * n + 2.5, 0.45 * n + 1.6), layout="constrained")
    image = ax.imshow(cm, cmap="Blues", interpolation="nearest")
    threshold = cm.max() / 2
    for i, j in np.ndindex(cm.shape):
        if cm[i, j]:
            ax.text(j, i, f"{cm[i, j]:g}", ha="center", va="center", fontsize="small",
                    color="white" if cm[i, j] > threshold else "black")
    ax.figure.colorbar(image, ax=ax, shrink=0.8, label="samples")
    ax.set_xticks(range(n), names)
    ax.set_yticks(range(n), names)
    off = cm * (1 - np.eye(n, dtype=cm.dtype))
    i, j = np.unravel_index(off.argmax(), off.shape)
    if off[i, j] > 0:
        title = f"Most frequent mistake: {names[i]} taken for {names[j]} ({off[i, j]:g}×)"
    else:
        title = "No mistakes: every sample on the diagonal"
    ax.set(xlabel="predicted class", ylabel="true class", title=title)
    return ax


FIGURE_CAPTION = "*Figure:* "
"""How a figure's text alternative starts in the notebook (a test finds the captions by it)."""


def show_figure(alt):
    """Show the figure drawn so far (as plt.show does) and, under it, its text alternative: one or two sentences
    saying what it shows and what it finds. A screen reader cannot read a picture, and a notebook's images carry no
    alt text, so the caption stands in for it; it also helps anyone who reads the notebook as text."""
    from IPython.display import Markdown, display

    if not alt or len(alt.split()) < 8:
        raise ValueError("a figure's text alternative says in a sentence or two what it shows and what it finds")
    plt.show()
    display(Markdown(FIGURE_CAPTION + alt))
