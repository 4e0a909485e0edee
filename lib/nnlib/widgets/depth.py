"""Lesson 07's explorer: how depth, the activation and the scale of the initial weights make gradients die or blow up.

A deep MLP of equal-width layers (WIDTH units) is built with weights W ~ N(0, (init_scale / sqrt(WIDTH))²), so that
init_scale = 1 is LeCun's choice (Xavier's too, as fan_in = fan_out) and init_scale = sqrt(2) is He's. One batch of
unit-variance inputs goes forward and backward through it (mean softmax cross-entropy over N_CLASSES classes). Three
panels share one figure:
1. the norm of each layer's weight gradient ‖∂L/∂W_l‖ on a log scale, with the healthy BAND shaded;
2. the standard deviation of each hidden layer's activations, layer by layer;
3. histograms of the activations of the first, a middle and the last hidden layer.

The axes stay while a slider moves (the log axes hold every depth and scale of the activation chosen), so a move
redraws only the curves and the titles; each setting is measured once and kept, and the explorer measures the
sweeps of both sliders through its starting setting before it shows.
"""
import textwrap
from functools import lru_cache

import ipywidgets as widgets
import numpy as np

from ..layers import MLP
from ..losses import softmax_cross_entropy
from ..plots import PALETTE
from .base import Explorer, drawn_inside

WIDTH = 64
"""Units of every hidden layer, and the input dimension, so that every layer has fan_in = WIDTH."""
N_CLASSES = 10
N_SAMPLES = 200
BAND = (1e-2, 1e2)
"""Healthy weight-gradient norms for this loss and these inputs (unit-variance inputs, mean cross-entropy over 10
classes, where each sample's gradient at the logits, p − y, has a norm of about 1 and the batch mean about 1/√N): a
layer below the band learns nothing, a layer above it jumps."""
ACTIVATIONS = ("sigmoid", "tanh", "relu", "leaky_relu")
MAX_DEPTH = 40
INIT_SCALES = (2.0 ** -3, 2.0 ** 3)
"""The init scale slider's ends; it moves by factors of 2 ** 0.25."""


def probe_batch(n_samples=N_SAMPLES, width=WIDTH, n_classes=N_CLASSES, seed=0):
    """A seeded batch of unit-variance inputs and random labels.  -> X (n, width), y (n,) ints."""
    rng = np.random.default_rng(seed)
    return rng.standard_normal((n_samples, width)), rng.integers(0, n_classes, n_samples)


X_PROBE, Y_PROBE = probe_batch()


def deep_mlp(depth, activation, weight_std=None, init=None, seed=0, width=WIDTH, n_classes=N_CLASSES,
             batchnorm=False):
    """An MLP of `depth` dense layers: width -> width -> ... -> n_classes (depth − 1 hidden layers).

    Either weight_std (every W ~ N(0, weight_std²)) or init (a scheme name of nnlib.init.init_weights) sets the
    weights; biases are 0.  -> nnlib.layers.MLP
    """
    if (weight_std is None) == (init is None):
        raise ValueError("give exactly one of weight_std and init")
    sizes = [width] * depth + [n_classes]
    model = MLP(sizes, activation=activation, init=init or "normal", rng=seed, batchnorm=batchnorm)
    if weight_std is not None:
        rng = np.random.default_rng(seed)
        for l in range(1, model.n_layers + 1):
            W = model.params[f"W{l}"]
            W[...] = weight_std * rng.standard_normal(W.shape)
    return model


def measure(model, X=X_PROBE, y=Y_PROBE):
    """One forward and backward pass of the mean softmax cross-entropy.

    -> dict: norms (L,) = ‖∂L/∂W_l‖ for l = 1..L, weight_norms (L,) = ‖W_l‖, activations = list of the
    hidden layers' outputs (N, width), loss.
    """
    loss, dlogits = softmax_cross_entropy(model.forward(X), y)
    model.backward(dlogits)
    layers = range(1, model.n_layers + 1)
    return {
        "norms": np.array([np.linalg.norm(model.grads[f"W{l}"]) for l in layers]),
        "weight_norms": np.array([np.linalg.norm(model.params[f"W{l}"]) for l in layers]),
        "activations": [h.copy() for h in model.hidden_outputs],
        "loss": float(loss),
    }


def classify(norms, band=BAND):
    """"exploding" if some layer's gradient norm is above the band (or not finite), else "vanishing" if some is below
    it, else "healthy": a network with layers on both sides of the band is exploding.  norms (L,) -> str"""
    norms = np.asarray(norms, dtype=np.float64)
    if not np.all(np.isfinite(norms)) or norms.max() > band[1]:
        return "exploding"
    if norms.min() < band[0]:
        return "vanishing"
    return "healthy"


HISTOGRAM_BINS = 40


@lru_cache(maxsize=256)
def _depth_measurements(depth, activation, init_scale):
    """depth_compute's work for one setting, kept: a slider dragged back and forth measures each setting once."""
    weight_std = init_scale / np.sqrt(WIDTH)
    with np.errstate(all="ignore"):  # an exploding network may overflow: that is what the figure shows
        result = measure(deep_mlp(depth, activation, weight_std=weight_std))
    norms = result["norms"]
    hidden = result["activations"]
    shown = sorted({1, (len(hidden) + 1) // 2, len(hidden)}) if hidden else []
    histograms = {k: hidden[k - 1].ravel() for k in shown}
    edges = np.linspace(*_histogram_range(activation, histograms.values()), HISTOGRAM_BINS + 1)
    return {
        "depth": int(depth), "activation": activation, "init_scale": float(init_scale),
        "weight_std": float(weight_std), "norms": norms,
        "activation_std": np.array([h.std() for h in hidden]),
        "histograms": histograms, "histogram_edges": edges,
        "histogram_counts": {k: np.histogram(v[np.isfinite(v)], bins=edges)[0] for k, v in histograms.items()},
        "verdict": classify(norms), "spread": float(norms[0] / norms[-1]) if norms[-1] > 0 else np.inf,
        "loss": result["loss"],
    }


def depth_compute(depth, activation, init_scale):
    """Everything the three panels show.

    -> dict: depth, activation, init_scale, weight_std, norms (depth,), activation_std (depth − 1,), histograms
    {hidden layer number: values}, histogram_edges (HISTOGRAM_BINS + 1,) shared by the histograms,
    histogram_counts {hidden layer number: (HISTOGRAM_BINS,) counts}, verdict, spread = layer 1's norm / layer L's
    norm, loss.
    """
    return dict(_depth_measurements(int(depth), activation, float(init_scale)))  # a copy: the title is added to it


def _nice_ceiling(value):
    """The first of 1, 2, 5 × 10^k that is at least value (> 0)."""
    decade = 10.0 ** np.floor(np.log10(value))
    return next(step * decade for step in (1, 2, 5, 10) if step * decade >= value)


def _histogram_range(activation, histograms):
    """The x range of the histograms: the output range of a squashing activation; for ReLU and leaky ReLU, from 0
    (leaky: a little below, where its small negative outputs are) to a round number above the largest activation,
    so that a slider move that stays below it keeps the axis."""
    if activation == "sigmoid":
        return 0.0, 1.0
    if activation == "tanh":
        return -1.0, 1.0
    finite = [v[np.isfinite(v)] for v in histograms]
    largest = max((v.max() for v in finite if v.size), default=0.0)
    top = _nice_ceiling(largest) if largest > 0 else 1.0
    return (0.0 if activation == "relu" else -top / 20), top


def _finding(data):
    norms, verdict = data["norms"], data["verdict"]
    extent = f"norms from {norms.min():.0e} to {norms.max():.0e}"
    if verdict == "healthy":
        return (f"healthy: every layer's gradient norm inside the band ({extent}, "
                f"layer 1 = {data['spread']:.2g} × last)")
    where = "below" if verdict == "vanishing" else "above"
    if 0.1 <= data["spread"] <= 10:
        # dL/dW_l = h_{l-1}^T delta_l: when each layer scales the activations forward by the factor it scales the
        # gradient backward, the product is alike in every layer; its level is that factor compounded over the depth
        change = "shrink" if verdict == "vanishing" else "grow"
        shape = (f"every layer alike: activations and gradients {change} alike, a scale problem, compounded over "
                 "the depth; no slope")
    else:
        shape = f"layer 1 = {data['spread']:.0e} × last layer: the backward factor differs from the forward one"
    return f"{verdict}: some layers {where} the band ({extent}; {shape})"


def depth_describe(data, previous):
    """The verdict and its numbers, preceded by what the last change was."""
    finding = _finding(data)
    if previous is None:
        return finding[0].upper() + finding[1:]
    changes = []
    if data["depth"] != previous["depth"]:
        changes.append(f"depth {previous['depth']} \N{RIGHTWARDS ARROW} {data['depth']}")
    if data["activation"] != previous["activation"]:
        changes.append(f"{previous['activation']} \N{RIGHTWARDS ARROW} {data['activation']}")
    if data["init_scale"] != previous["init_scale"]:
        changes.append(f"init scale {previous['init_scale']:.2f} \N{RIGHTWARDS ARROW} {data['init_scale']:.2f}")
    return (", ".join(changes) + ": " if changes else "") + finding


LOG_AXES = {
    # activation: (y range of the gradient norms, y range of the activation stds)
    "sigmoid": ((1e-60, 1e3), (1e-3, 1e1)),
    "tanh": ((1e-40, 1e15), (1e-40, 1e1)),
    "relu": ((1e-45, 1e33), (1e-45, 1e33)),
    "leaky_relu": ((1e-45, 1e33), (1e-45, 1e33)),
}
"""Log axes that hold every depth and init scale the sliders offer (the extremes are at depth 40 and the ends of the
scale slider): a slider move keeps the axes and only the curves are drawn again. A slope reads the same on any of
them."""
VERDICT_COLOURS = {"healthy": PALETTE[2], "vanishing": PALETTE[0], "exploding": PALETTE[5]}
TITLE_CHARS = 100  # about what fits across the figure at font size 10


def _depth_parts(data):
    """What the axes and the legends depend on beyond the curves and texts: a change of these (another activation,
    another number of histograms, a ReLU's histograms outgrowing their range) draws the whole figure again; anything
    else is a refresh."""
    return data["activation"], len(data["histograms"]), tuple(data["histogram_edges"][[0, -1]])


def _decade_ticks(low, high, most=8):
    """Powers of ten from low to high, every 1, 2, 5, 10 or 20 decades: at most `most` of them."""
    first, last = int(np.log10(low)), int(np.log10(high))
    stride = next(s for s in (1, 2, 5, 10, 20) if (last - first) // s + 1 <= most)
    return 10.0 ** np.arange(first - first % -stride, last + 1, stride)  # multiples of the stride


def _positive(values):
    """values with the zeros and the non-finite ones as nan: gaps on a log axis."""
    return np.where(np.isfinite(values) & (values > 0), values, np.nan)


def _std_title(stds):
    if not len(stds):
        return "No hidden layer at depth 1"
    return f"Activation std: {stds[0]:.2g} (layer 1)\n\N{RIGHTWARDS ARROW} {stds[-1]:.2g} (layer {len(stds)})"


def depth_draw(fig, data):
    """Gradient norms per layer with the band, activation std per layer, and three activation histograms.
    -> refresh."""
    fig.set_layout_engine("none")  # fixed margins: the titles change length while a slider moves
    ax1, ax2, ax3 = fig.subplots(1, 3, gridspec_kw=dict(left=0.085, right=0.975, bottom=0.12, top=0.7,
                                                        wspace=0.42))
    norms_range, stds_range = LOG_AXES[data["activation"]]
    layers_range = (0.5, MAX_DEPTH + 0.5)  # fixed: a deeper network draws a longer curve
    ax1.axhspan(*BAND, color=PALETTE[2], alpha=0.12, label="healthy band")
    norms_line, = ax1.semilogy([], [], "o-", markersize=4, linewidth=1.6, label="gradient norm")
    ax1.set(xlim=layers_range, ylim=norms_range, xlabel="layer (1 = next to the input)",
            ylabel="\N{DOUBLE VERTICAL LINE}\N{PARTIAL DIFFERENTIAL}L/\N{PARTIAL DIFFERENTIAL}W"
                   "\N{DOUBLE VERTICAL LINE} (log scale)")
    norms_key = ax1.legend(loc="best", fontsize="small").legend_handles[1]
    norms_title = ax1.set_title("")

    std_line, = ax2.semilogy([], [], "s-", color=PALETTE[1], markersize=4, linewidth=1.6)
    ax2.set(xlim=layers_range, ylim=stds_range, xlabel="hidden layer",
            ylabel="std of its activations (log scale)")
    std_title = ax2.set_title("")

    edges = data["histogram_edges"]
    # a log scale: a thin spread and a single spike of all the layer's values both stay readable on a fixed axis
    ax3.set(xlim=edges[[0, -1]], yscale="log", ylim=(0.7, 2 * N_SAMPLES * WIDTH),
            xlabel=f"activation ({data['activation']})", ylabel="count (log scale)",
            title="Activations of the first,\nmiddle and last hidden layer")
    histograms = [ax3.stairs(data["histogram_counts"][layer], edges, color=PALETTE[k], linewidth=1.6,
                             label=f"layer {layer}") for k, layer in enumerate(data["histograms"])]
    legend = ax3.legend(loc="best", fontsize="small") if histograms else None
    for ax, y_range in ((ax1, norms_range), (ax2, stds_range)):
        ax.set_xticks([1, *range(10, MAX_DEPTH + 1, 10)])
        ax.set_yticks(_decade_ticks(*y_range), minor=[])
    for ax in (ax1, ax2, ax3):
        ax.title.set_fontsize(9)
        # the grid under every artist, also under the band and the histograms (patches, drawn below lines): a move
        # draws those over the saved grid, and a whole drawing must stack them the same way
        ax.set_axisbelow(True)
        ax.grid(alpha=0.3)
    title = fig.suptitle("", fontsize=10)
    parts = _depth_parts(data)

    def refresh(new):
        if _depth_parts(new) != parts:
            return None
        norms_line.set_data(np.arange(1, new["depth"] + 1), _positive(new["norms"]))
        for line in (norms_line, norms_key):
            line.set_color(VERDICT_COLOURS[new["verdict"]])
        norms_title.set_text(f"Gradient norm per layer:\n{new['verdict']}")
        stds = new["activation_std"]
        std_line.set_data(np.arange(1, len(stds) + 1), _positive(stds))
        std_title.set_text(_std_title(stds))
        for k, (layer, counts) in enumerate(new["histogram_counts"].items()):
            histograms[k].set_data(counts, new["histogram_edges"])
            legend.get_texts()[k].set_text(f"layer {layer}: std {new['histograms'][layer].std():.2g}")
        title.set_text(textwrap.fill(new.get("title", ""), width=TITLE_CHARS))
        return [*drawn_inside(ax1), norms_title, *drawn_inside(ax2), std_title, *drawn_inside(ax3), title]

    refresh(data)
    return refresh


def measure_the_sweeps(depth, activation, init_scale):
    """Measure, once, the settings that dragging one slider from (depth, activation, init_scale) shows: every depth
    at this scale and every scale at this depth (about 0.5 s); moving along them then redraws at once."""
    for other_depth in range(1, MAX_DEPTH + 1):
        depth_compute(other_depth, activation, init_scale)
    for power in np.arange(np.log2(INIT_SCALES[0]), np.log2(INIT_SCALES[1]) + 0.125, 0.25):
        depth_compute(depth, activation, 2.0 ** power)


def depth_explorer(depth=15, activation="sigmoid", init_scale=1.0):
    """Depth, activation and init-scale controls redraw the per-layer gradient norms and the activation statistics
    of a deep MLP.  -> the Explorer (display it)."""
    style = {"description_width": "8em"}
    layout = widgets.Layout(width="340px")
    controls = {
        "depth": widgets.IntSlider(value=depth, min=1, max=MAX_DEPTH, description="depth (layers)",
                                   style=style, layout=layout),
        "activation": widgets.Dropdown(options=list(ACTIVATIONS), value=activation, description="activation",
                                       style=style, layout=layout),
        "init_scale": widgets.FloatLogSlider(value=init_scale, base=2, min=np.log2(INIT_SCALES[0]),
                                             max=np.log2(INIT_SCALES[1]), step=0.25,
                                             readout_format=".2f", description="init scale",
                                             style=style, layout=layout),
    }
    header = (f"<b>A deep MLP, {WIDTH} units per layer</b><br><small>W ~ N(0, (scale / \N{SQUARE ROOT}{WIDTH})²): "
              "scale 1 is Xavier/LeCun, 1.41 is He. Healthy band of the gradient norms: "
              f"{BAND[0]:g} to {BAND[1]:g}.</small>")
    measure_the_sweeps(depth, activation, init_scale)
    alt = ("Left: the norm of each layer's weight gradient against the layer, on a log scale, with the healthy band "
           "shaded. Middle: the standard deviation of each layer's activations. Right: histograms of the "
           "activations of the first, middle and last layers.")
    return Explorer(controls, depth_compute, depth_draw, describe=depth_describe, header=header, figsize=(8.4, 4.4),
                    alt=alt)


__all__ = ["depth_explorer", "depth_compute", "depth_describe", "depth_draw", "deep_mlp", "measure", "classify",
           "measure_the_sweeps", "probe_batch", "X_PROBE", "Y_PROBE", "BAND", "WIDTH", "N_CLASSES", "ACTIVATIONS",
           "MAX_DEPTH", "INIT_SCALES", "LOG_AXES"]
