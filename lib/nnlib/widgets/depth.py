"""Lesson 07's explorer: how depth, the activation and the scale of the initial weights make gradients die or blow up.

A deep MLP of equal-width layers (WIDTH units) is built with weights W ~ N(0, (init_scale / sqrt(WIDTH))²), so that
init_scale = 1 is LeCun's choice (Xavier's too, as fan_in = fan_out) and init_scale = sqrt(2) is He's. One batch of
unit-variance inputs goes forward and backward through it (mean softmax cross-entropy over N_CLASSES classes). Three
panels share one figure:
1. the norm of each layer's weight gradient ‖∂L/∂W_l‖ on a log scale, with the healthy BAND shaded;
2. the standard deviation of each hidden layer's activations, layer by layer;
3. histograms of the activations of the first, a middle and the last hidden layer.
"""
import ipywidgets as widgets
import numpy as np
from matplotlib.ticker import MaxNLocator

from ..layers import MLP
from ..losses import softmax_cross_entropy
from ..plots import PALETTE
from .base import Explorer

WIDTH = 64
"""Units of every hidden layer, and the input dimension, so that every layer has fan_in = WIDTH."""
N_CLASSES = 10
N_SAMPLES = 200
BAND = (1e-2, 1e2)
"""Healthy weight-gradient norms for this loss and these inputs (unit-variance inputs, mean cross-entropy over 10
classes, where each sample's gradient at the logits, p − y, has a norm of about 1 and the batch mean about 1/√N): a
layer below the band learns nothing, a layer above it jumps."""
ACTIVATIONS = ("sigmoid", "tanh", "relu", "leaky_relu")


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


def depth_compute(depth, activation, init_scale):
    """Everything the three panels show.

    -> dict: depth, activation, init_scale, weight_std, norms (depth,), activation_std (depth − 1,), histograms
    {hidden layer number: values}, verdict, spread = layer 1's norm / layer L's norm, loss.
    """
    weight_std = init_scale / np.sqrt(WIDTH)
    with np.errstate(all="ignore"):  # an exploding network may overflow: that is what the figure shows
        result = measure(deep_mlp(depth, activation, weight_std=weight_std))
    norms = result["norms"]
    hidden = result["activations"]
    shown = sorted({1, (len(hidden) + 1) // 2, len(hidden)}) if hidden else []
    return {
        "depth": int(depth), "activation": activation, "init_scale": float(init_scale),
        "weight_std": float(weight_std), "norms": norms,
        "activation_std": np.array([h.std() for h in hidden]),
        "histograms": {k: hidden[k - 1].ravel() for k in shown},
        "verdict": classify(norms), "spread": float(norms[0] / norms[-1]) if norms[-1] > 0 else np.inf,
        "loss": result["loss"],
    }


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


def depth_draw(fig, data):
    """Gradient norms per layer with the band, activation std per layer, and three activation histograms."""
    fig.set_layout_engine("none")  # fixed margins: constrained layout would double the redraw time
    ax1, ax2, ax3 = fig.subplots(1, 3, gridspec_kw=dict(left=0.06, right=0.99, bottom=0.13, top=0.8, wspace=0.3))
    depth = data["depth"]
    layers = np.arange(1, depth + 1)
    colour = {"healthy": PALETTE[2], "vanishing": PALETTE[0], "exploding": PALETTE[5]}[data["verdict"]]
    norms = np.where(np.isfinite(data["norms"]) & (data["norms"] > 0), data["norms"], np.nan)
    ax1.axhspan(*BAND, color=PALETTE[2], alpha=0.12, label="healthy band")
    ax1.semilogy(layers, norms, "o-", color=colour, markersize=4, linewidth=1.6, label=data["verdict"])
    ax1.set(xlabel="layer (1 = next to the input)", ylabel="‖∂L/∂W‖ (log scale)",
            title=f"Gradient norm per layer: {data['verdict']}")
    ax1.legend(loc="best", fontsize="small")

    stds = data["activation_std"]
    if len(stds):
        ax2.semilogy(np.arange(1, len(stds) + 1), np.where(stds > 0, stds, np.nan), "s-", color=PALETTE[1],
                     markersize=4, linewidth=1.6)
        finite = stds[np.isfinite(stds) & (stds > 0)]
        if finite.size:  # at least two decades shown, so that the log axis has readable ticks
            ax2.set_ylim(min(finite.min(), 0.01) / 2, max(finite.max(), 1.0) * 2)
        ax2.set_title(f"Activation std: {stds[0]:.2g} (layer 1) \N{RIGHTWARDS ARROW} {stds[-1]:.2g} "
                      f"(layer {len(stds)})")
    else:
        ax2.set_title("No hidden layer at depth 1")
    ax2.set(xlabel="hidden layer", ylabel="std of its activations (log scale)")

    histograms = data["histograms"]
    values = [v[np.isfinite(v)] for v in histograms.values()]
    if values and sum(v.size for v in values):
        edges = np.histogram_bin_edges(np.concatenate(values), bins=40)
        for k, (layer, v) in enumerate(histograms.items()):
            ax3.hist(v[np.isfinite(v)], bins=edges, histtype="step", linewidth=1.6, color=PALETTE[k],
                     label=f"layer {layer}: std {v.std():.2g}")
        ax3.legend(fontsize="small")
    ax3.set(xlabel=f"activation ({data['activation']})", ylabel="count",
            title="Activations of the first, middle and last hidden layer")
    for ax in (ax1, ax2):
        ax.xaxis.set_major_locator(MaxNLocator(integer=True))
    for ax in (ax1, ax2, ax3):
        ax.title.set_fontsize(9)
        ax.grid(alpha=0.3)
    fig.suptitle(data.get("title", ""), fontsize=10)


def depth_explorer(depth=15, activation="sigmoid", init_scale=1.0):
    """Depth, activation and init-scale controls redraw the per-layer gradient norms and the activation statistics
    of a deep MLP.  -> the Explorer (display it)."""
    style = {"description_width": "8em"}
    layout = widgets.Layout(width="340px")
    controls = {
        "depth": widgets.IntSlider(value=depth, min=1, max=40, description="depth (layers)",
                                   continuous_update=False, style=style, layout=layout),
        "activation": widgets.Dropdown(options=list(ACTIVATIONS), value=activation, description="activation",
                                       style=style, layout=layout),
        "init_scale": widgets.FloatLogSlider(value=init_scale, base=2, min=-3, max=3, step=0.25,
                                             readout_format=".2f", description="init scale",
                                             continuous_update=False, style=style, layout=layout),
    }
    header = (f"<b>A deep MLP, {WIDTH} units per layer</b><br><small>W ~ N(0, (scale / \N{SQUARE ROOT}{WIDTH})²): "
              "scale 1 is Xavier/LeCun, 1.41 is He. Healthy band of the gradient norms: "
              f"{BAND[0]:g} to {BAND[1]:g}.</small>")
    return Explorer(controls, depth_compute, depth_draw, describe=depth_describe, header=header, figsize=(14, 4.6))


__all__ = ["depth_explorer", "depth_compute", "depth_describe", "depth_draw", "deep_mlp", "measure", "classify",
           "probe_batch", "X_PROBE", "Y_PROBE", "BAND", "WIDTH", "N_CLASSES", "ACTIVATIONS"]
