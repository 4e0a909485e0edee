"""Lesson 02's explorer: one binary prediction p = P(class 1), its squared error and its cross-entropy, and their
gradients, side by side.

The true label y is 0 or 1; the probability the model gives the true class is p_true = p if y = 1 else 1 − p.

    squared error   (p − y)²             d/dp = 2 (p − y)              d/dz = 2 (p − y) p (1 − p)
    cross-entropy   −log p_true          d/dp = (p − y) / (p (1 − p))  d/dz = p − y

with z = log(p / (1 − p)) the logit (p = σ(z)). Cross-entropy grows without bound as p_true → 0, and so does its
gradient with respect to p; with respect to the logit its gradient stays p − y, while the squared error's
gradient with respect to the logit vanishes when the model is confidently wrong.
"""
from functools import partial

import ipywidgets as widgets
import numpy as np

from .. import losses
from ..plots import PALETTE
from .base import Explorer

MSE_COLOR, CE_COLOR = PALETTE[0], PALETTE[5]
P_MIN, P_MAX = 0.001, 0.999

WITH_RESPECT_TO = {
    # key: (dropdown label, symbol in labels and titles)
    "p": ("the probability p", "p"),
    "z": ("the logit z (p = \N{GREEK SMALL LETTER SIGMA}(z))", "z"),
}


def _logit(p):
    return np.log(p) - np.log1p(-p)


def _point(p, y, wrt):
    """Losses and gradients at one prediction, from nnlib's reference losses (each on a batch of one)."""
    p_arr, y_arr = np.array([p]), np.array([float(y)])
    mse, dmse_dp = losses.mse(p_arr, y_arr)
    ce, dce_dp = losses.binary_cross_entropy(p_arr, y_arr)
    if wrt == "p":
        return mse, ce, float(dmse_dp[0]), float(dce_dp[0])
    _, dce_dz = losses.binary_cross_entropy_with_logits(np.array([_logit(p)]), y_arr)
    return mse, ce, float(dmse_dp[0]) * p * (1 - p), float(dce_dz[0])  # chain rule: dp/dz = p (1 − p)


def loss_compute(p, y, wrt, resolution=400):
    """Both losses and their gradients over p in [0.001, 0.999], and at the current prediction p.

    -> dict: p, y, wrt, p_true (the probability of the true class), grid (R,), mse_curve, ce_curve,
    dmse_curve, dce_curve (R,) (gradients with respect to wrt), mse, ce, dmse, dce at p, and ratio = |dce / dmse|.
    """
    y = int(y)
    p = float(np.clip(p, P_MIN, P_MAX))
    grid = np.linspace(P_MIN, P_MAX, resolution)
    true_probability = grid if y == 1 else 1 - grid
    dmse_dp = 2 * (grid - y)
    dce_dp = (grid - y) / (grid * (1 - grid))
    if wrt == "p":
        dmse_curve, dce_curve = dmse_dp, dce_dp
    else:
        dmse_curve, dce_curve = dmse_dp * grid * (1 - grid), grid - y
    mse, ce, dmse, dce = _point(p, y, wrt)
    return {"p": p, "y": y, "wrt": wrt, "p_true": p if y == 1 else 1 - p, "grid": grid,
            "mse_curve": (grid - y) ** 2, "ce_curve": -np.log(true_probability),
            "dmse_curve": dmse_curve, "dce_curve": dce_curve,
            "mse": mse, "ce": ce, "dmse": dmse, "dce": dce,
            "ratio": abs(dce) / abs(dmse) if dmse != 0 else np.inf}


def _change(data, previous):
    """What the last change did, in words."""
    if previous is None:
        return None
    if data["y"] != previous["y"]:
        return f"label flipped to y = {data['y']}: the curves mirror"
    if data["wrt"] != previous["wrt"]:
        return "gradients now with respect to " + ("the logit z" if data["wrt"] == "z" else "p")
    if data["p_true"] > previous["p_true"]:
        return "closer to the true class: both losses fall"
    if data["p_true"] < previous["p_true"]:
        return "further from the true class: cross-entropy rises faster"
    return "nothing changed"


def loss_describe(data, previous):
    """The title: the probability of the true class, both losses, how their gradients compare, and the change."""
    symbol = WITH_RESPECT_TO[data["wrt"]][1]
    ratio = data["ratio"]
    if data["p_true"] >= 0.5:
        verdict = "right side" if data["p_true"] > 0.5 else "undecided"
    else:
        verdict = "a mistake" if data["p_true"] > 0.1 else "a confident mistake"
    if not np.isfinite(ratio):
        compare = "MSE's gradient is 0"
    elif ratio >= 1.05:
        compare = f"its gradient is {ratio:.3g}\N{MULTIPLICATION SIGN} MSE's"
    elif ratio <= 1 / 1.05:
        compare = f"its gradient is {ratio:.2g}\N{MULTIPLICATION SIGN} MSE's (smaller)"
    else:
        compare = "the gradients are about equal"
    # Four decimals: lesson 02 asks where the cross-entropy first exceeds 1 (at p = 1/e), and the slider moves by
    # 0.001; with fewer, the title reads 1.000 at p = 0.368, where the loss is 0.9997.
    title = (f"y = {data['y']}, the true class gets {data['p_true']:.3g} ({verdict}): cross-entropy "
             f"{data['ce']:.4f}, MSE {data['mse']:.4f}; d/d{symbol}: {compare}")
    change = _change(data, previous)
    return title if change is None else f"{title} \N{EM DASH} {change}"


def _legend_place(y, wrt):
    """Where the gradient panel's legend stays clear of both curves (and so of the points on them): on the side of
    the true class, at the top, except for d/dz with y = 1, where both gradients are negative."""
    return ("lower" if wrt == "z" and y == 1 else "upper") + (" right" if y == 1 else " left")


def loss_draw(fig, data):
    """Left: both losses against p, the current prediction marked. Right: their gradients (with respect to p:
    their sizes, on a log scale).  -> refresh, which moves the marked points and the title along p."""
    left, right = fig.subplots(1, 2)
    grid, y = data["grid"], data["y"]
    symbol = WITH_RESPECT_TO[data["wrt"]][1]
    left.plot(grid, data["ce_curve"], color=CE_COLOR, linewidth=2.2, label="cross-entropy \N{MINUS SIGN}log p_true")
    left.plot(grid, data["mse_curve"], color=MSE_COLOR, linewidth=2.2, linestyle="--",
              label="squared error (p \N{MINUS SIGN} y)\N{SUPERSCRIPT TWO}")
    left.axvline(y, color="0.6", linestyle=":", linewidth=1.2)
    loss_points = [left.plot([], [], "o", color=CE_COLOR, markersize=9, markeredgecolor="black")[0],
                   left.plot([], [], "s", color=MSE_COLOR, markersize=8, markeredgecolor="black")[0]]
    left.set(xlim=(0, 1), ylim=(0, 7.2), xlabel="predicted probability of class 1, p", ylabel="loss")
    left.set_title(f"Losses for true label y = {y}", fontsize=11)
    left.legend(loc="upper center", fontsize="small", framealpha=0.9)
    if data["wrt"] == "p":
        # With respect to p the gradients span 0.002 to 1000: their sizes on a log axis (a symlog axis would bend
        # the straight line 2 (p - y) where it crosses its linear threshold). The sign is that of p - y.
        curves = [np.abs(data["dce_curve"]), np.abs(data["dmse_curve"])]
        right.axhline(1, color="0.8", linewidth=0.8, zorder=0)  # the cross-entropy's gradient never drops below 1
        right.set_yscale("log")
        right.set_ylim(1e-3, 2e3)
        ylabel = f"size of the gradient |dL/d{symbol}| (log scale)"
    else:
        curves = [data["dce_curve"], data["dmse_curve"]]
        right.axhline(0, color="0.8", linewidth=0.8, zorder=0)
        right.set_ylim((-1.05, 0.1) if y == 1 else (-0.1, 1.05))  # the gradient's sign is fixed by the label
        ylabel = f"gradient dL/d{symbol}"
    right.plot(grid, curves[0], color=CE_COLOR, linewidth=2.2, label="cross-entropy")
    right.plot(grid, curves[1], color=MSE_COLOR, linewidth=2.2, linestyle="--", label="squared error")
    gradient_points = [right.plot([], [], "o", color=CE_COLOR, markersize=9, markeredgecolor="black")[0],
                       right.plot([], [], "s", color=MSE_COLOR, markersize=8, markeredgecolor="black")[0]]
    right.set(xlim=(0, 1), xlabel="predicted probability of class 1, p", ylabel=ylabel)
    sign_note = " (sign: that of p \N{MINUS SIGN} y)" if data["wrt"] == "p" else ""
    right.set_title(f"Gradients with respect to {symbol}{sign_note}", fontsize=11)
    right.legend(loc=_legend_place(y, data["wrt"]), fontsize="small", framealpha=0.9)
    for ax in (left, right):
        ax.grid(alpha=0.3)
    title = fig.suptitle("", fontsize=10)
    points = loss_points + gradient_points
    parts = (data["y"], data["wrt"])

    def refresh(new):
        if (new["y"], new["wrt"]) != parts:  # other curves, axes and titles
            return None
        size = abs if new["wrt"] == "p" else float  # the log axis shows the gradients' sizes
        heights = (new["ce"], new["mse"], size(new["dce"]), size(new["dmse"]))
        for point, height in zip(points, heights):
            point.set_data([new["p"]], [height])
        title.set_text(new.get("title", "").replace("; ", ";\n", 1))
        # Only the points and the title move: the curves under them, and the legends placed clear of the curves,
        # stay in the saved picture. The frame is drawn over a point at either end of the p axis.
        return [*points, *left.spines.values(), *right.spines.values(), title]

    refresh(data)
    return refresh


def loss_explorer(p=0.05, y=1, wrt="p"):
    """A slider for the predicted probability p = P(class 1), pickers for the true label and for the variable of
    the gradient, redraw the squared error and the cross-entropy and their gradients.  -> the Explorer."""
    style = {"description_width": "3.5em"}
    layout = widgets.Layout(width="300px")
    controls = {
        "p": widgets.FloatSlider(value=p, min=P_MIN, max=P_MAX, step=0.001, readout_format=".3f",
                                 description="p", style=style, layout=layout),
        "y": widgets.Dropdown(options=[("1", 1), ("0", 0)], value=y, description="label y", style=style,
                              layout=layout),
        "wrt": widgets.Dropdown(options=[(entry[0], key) for key, entry in WITH_RESPECT_TO.items()], value=wrt,
                                description="d/d", style=style, layout=layout),
    }
    header = ("<b>One prediction, two losses</b><br>p = the predicted probability of class 1;<br>"
              "the true class gets p if y = 1, 1 \N{MINUS SIGN} p if y = 0.")
    alt = ("Left: cross-entropy and squared error against the predicted probability p of the true class, the "
           "current p marked on both. Right: the sizes of their gradients against p, on a log scale.")
    return Explorer(controls, partial(loss_compute), loss_draw, describe=loss_describe, header=header,
                    figsize=(8.4, 4.4), alt=alt)
