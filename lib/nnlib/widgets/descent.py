"""Lesson 05's explorer: the path of gradient descent for a learning rate, and the noise of mini-batch SGD.

Three panels share one figure:
1. the steep axis alone, f(w) = (λ_max/2) w², where every step multiplies w by (1 − ηλ_max);
2. an ill-conditioned quadratic ravine f(w) = ½ (λ_min w₁² + λ_max w₂²), contours and the path of the iterates;
3. the loss surface of a small linear regression over (weight, bias), with the full-batch path and the mini-batch
   SGD path at a fixed learning rate, so that only the batch size changes the noise.
"""

import textwrap

import ipywidgets as widgets
import numpy as np

from ..losses import mse
from ..plots import PALETTE
from ..train import iterate_minibatches
from .base import Explorer

CURVATURES = np.array([0.3, 3.0])
"""(λ_min, λ_max): curvatures of the ravine f(w) = ½ (λ_min w₁² + λ_max w₂²) along its flat and its steep axis."""
RAVINE_START = np.array([-4.0, 1.5])
LIMIT = 2 / CURVATURES[1]
"""The stability limit 2/λ_max of the ravine: above it the steep coordinate grows at every step."""

SGD_LR = 0.1
"""The fixed learning rate of the SGD panel: stable for every batch size, so the batch size alone sets the noise."""
SGD_START = np.array([-1.0, 2.5])
BATCH_SIZES = (1, 2, 4, 8, 16, 32, 64)
TITLE_WIDTH = 165
"""Characters per line of the figure's title: what fits the 14-inch figure at 11 pt."""


def _regression_data(n_samples=64, seed=5):
    """A seeded 1-D linear regression: y = 1.5 x − 0.5 + noise.  -> x (n,), y (n,)."""
    rng = np.random.default_rng(seed)
    x = 0.5 + 0.9 * rng.standard_normal(n_samples)
    y = 1.5 * x - 0.5 + 0.7 * rng.standard_normal(n_samples)
    return x, y


REG_X, REG_Y = _regression_data()
REG_MINIMUM = np.linalg.lstsq(np.column_stack([REG_X, np.ones_like(REG_X)]), REG_Y, rcond=None)[0]


def ravine_loss(w):
    """f(w) = ½ (λ_min w₁² + λ_max w₂²).  w (..., 2) -> (...)."""
    return 0.5 * np.sum(CURVATURES * np.asarray(w) ** 2, axis=-1)


def gd_path(start, curvatures, lr, steps):
    """Iterates of w ← w − η ∇f on f(w) = ½ Σ λᵢ wᵢ², where ∇f = λ w.  -> (steps + 1, D), start first."""
    path = [np.array(start, dtype=np.float64)]
    for _ in range(steps):
        w = path[-1]
        path.append(w - lr * curvatures * w)
    return np.array(path)


def regression_loss_and_grad(theta, x, y):
    """L(w, b) = mean((w x + b − y)²) with nnlib's mse.  theta (2,) = (w, b) -> (loss, grad (2,))."""
    loss, dy_hat = mse(theta[0] * x + theta[1], y)
    return loss, np.array([np.sum(dy_hat * x), np.sum(dy_hat)])


def sgd_path(batch_size, steps, lr=SGD_LR, seed=0):
    """Mini-batch SGD on the regression loss, reshuffling each epoch (nnlib's iterate_minibatches).

    -> path (steps + 1, 2) and noise (steps,): the distance between each step's mini-batch gradient and the full
    gradient at the same point.
    """
    rng = np.random.default_rng(seed)
    path, noise = [SGD_START.copy()], []
    batches = iter(())
    while len(noise) < steps:
        try:
            xb, yb = next(batches)
        except StopIteration:  # a new epoch: a new order drawn from the same generator
            batches = iterate_minibatches(REG_X, REG_Y, batch_size, rng)
            continue
        theta = path[-1]
        _, g_batch = regression_loss_and_grad(theta, xb, yb)
        _, g_full = regression_loss_and_grad(theta, REG_X, REG_Y)
        noise.append(np.linalg.norm(g_batch - g_full))
        path.append(theta - lr * g_batch)
    return np.array(path), np.array(noise)


def _regime(lr):
    """What a step does on the steep axis, where it multiplies w₂ by 1 − ηλ_max."""
    steepest = CURVATURES[1]
    if np.isclose(lr * steepest, 2.0, rtol=0, atol=1e-9):
        return "bounces"
    if lr * steepest > 2:
        return "diverges"
    if lr * steepest > 1:
        return "zig-zags"
    return "smooth"


def descent_compute(lr, batch_size, steps):
    """Everything the three panels show.

    -> dict: lr, steps, batch_size, regime, factors (2,) = 1 − η (λ_min, λ_max), path (steps + 1, 2) on the ravine, losses
    (steps + 1,) along it, curve_w and curve_f for the 1-D slice, grid and ravine_f (R, R) for its contours, reg_grid
    and reg_f (R, R) for the regression contours, gd (steps + 1, 2) full-batch and sgd (steps + 1, 2) mini-batch
    paths over (w, b), noise (steps,) and noise_mean.
    """
    path = gd_path(RAVINE_START, CURVATURES, lr, steps)
    grid = np.linspace(-4.5, 4.5, 121)
    W1, W2 = np.meshgrid(grid, grid)
    curve_w = np.linspace(-2.6, 2.6, 201)

    reg_w, reg_b = np.linspace(-1.6, 3.2, 97), np.linspace(-2.2, 3.0, 97)
    RW, RB = np.meshgrid(reg_w, reg_b)
    residuals = RW[..., None] * REG_X + RB[..., None] - REG_Y  # (R, R, N)
    reg_f = np.mean(residuals**2, axis=-1)
    gd = [SGD_START.copy()]
    for _ in range(steps):
        gd.append(gd[-1] - SGD_LR * regression_loss_and_grad(gd[-1], REG_X, REG_Y)[1])
    sgd, noise = sgd_path(batch_size, steps)
    return {
        "lr": float(lr), "steps": int(steps), "batch_size": int(batch_size), "n_samples": len(REG_X),
        "regime": _regime(lr), "factors": 1 - lr * CURVATURES, "path": path, "losses": ravine_loss(path),
        "curve_w": curve_w, "curve_f": 0.5 * CURVATURES[1] * curve_w**2,
        "grid": grid, "ravine_f": ravine_loss(np.stack([W1, W2], axis=-1)),
        "reg_w": reg_w, "reg_b": reg_b, "reg_f": reg_f, "gd": np.array(gd), "sgd": sgd, "noise": noise,
        "noise_mean": float(noise.mean()) if len(noise) else 0.0,
    }


def _signed(value):
    """2 decimals with a true minus sign."""
    return f"{value + 0.0:.2f}".replace("-", "\N{MINUS SIGN}")


def _lr_finding(data):
    lr, (flat, steep), steps = data["lr"], data["factors"], data["steps"]
    regime = data["regime"]
    if regime == "diverges":
        return (f"\N{GREEK SMALL LETTER ETA} = {lr:.2f} > 2/\N{GREEK SMALL LETTER LAMDA}_max = {LIMIT:.3f} on the steep axis: each step multiplies "
                f"w\N{SUBSCRIPT TWO} by {_signed(steep)}, the path zig-zags and diverges")
    if regime == "bounces":
        return (f"\N{GREEK SMALL LETTER ETA} = 2/\N{GREEK SMALL LETTER LAMDA}_max = {LIMIT:.3f}: w\N{SUBSCRIPT TWO} flips sign at every step and "
                "never shrinks: no convergence")
    left = abs(flat) ** steps
    creep = f"; the flat axis still has {left:.0%} of its way to go after {steps} steps"
    if regime == "zig-zags":
        return (f"\N{GREEK SMALL LETTER ETA} = {lr:.2f} between 1/\N{GREEK SMALL LETTER LAMDA}_max and 2/\N{GREEK SMALL LETTER LAMDA}_max = {LIMIT:.3f}: the steep axis overshoots "
                f"(\N{MULTIPLICATION SIGN}{_signed(steep)} per step) and zig-zags, but converges" + creep)
    return (f"\N{GREEK SMALL LETTER ETA} = {lr:.2f} < 1/\N{GREEK SMALL LETTER LAMDA}_max = {1 / CURVATURES[1]:.3f}: no overshoot "
            f"(\N{MULTIPLICATION SIGN}{steep:.2f} per step on the steep axis)" + creep)


def _sgd_finding(data):
    B, N = data["batch_size"], data["n_samples"]
    if B >= N:
        return f"batch = all {N} samples: SGD is full-batch GD, the two paths coincide (gradient noise 0)"
    return (f"batch {B} of {N}: each mini-batch gradient misses the full gradient by {data['noise_mean']:.2f} on "
            f"average (shrinks like 1/\N{SQUARE ROOT}B): the SGD path wanders around the full-batch one")


def descent_describe(data, previous):
    """Two lines: the learning-rate finding (what the last change did) and the SGD finding."""
    first, second = _lr_finding(data), _sgd_finding(data)
    if previous is not None:
        if data["lr"] != previous["lr"]:
            direction = "up" if data["lr"] > previous["lr"] else "down"
            first = f"\N{GREEK SMALL LETTER ETA} {direction} from {previous['lr']:.2f}: " + first
        if data["batch_size"] != previous["batch_size"]:
            trend = "less" if data["batch_size"] > previous["batch_size"] else "more"
            second = f"{trend} noise: " + second
        if data["steps"] != previous["steps"]:
            first = f"{data['steps']} steps: " + first
    return first + "\n" + second


def _clipped(path, box):
    """The path up to the first point outside the square [−box, box]² (one point past it), to keep the view."""
    outside = np.nonzero(np.any(np.abs(path) > box, axis=1))[0]
    return path if not len(outside) else path[:outside[0] + 1]


def descent_draw(fig, data):
    """The 1-D slice, the ravine with the GD path, and the regression surface with the GD and SGD paths."""
    fig.set_layout_engine("none")  # fixed margins: constrained layout would double the redraw time
    # A prefix such as "η down from 0.65: " can make a finding wider than the figure: wrap each line to fit, and
    # lower the panels when that takes a third line.
    lines = [wrapped for line in data.get("title", "").split("\n") for wrapped in textwrap.wrap(line, TITLE_WIDTH)]
    top = 0.82 if len(lines) <= 2 else 0.77
    ax1, ax2, ax3 = fig.subplots(1, 3, gridspec_kw=dict(left=0.045, right=0.99, bottom=0.11, top=top, wspace=0.22))
    colour = PALETTE[5] if data["regime"] in ("diverges", "bounces") else PALETTE[0]

    steep = data["path"][:, 1]
    ax1.plot(data["curve_w"], data["curve_f"], color="0.4", linewidth=1.5)
    shown = _clipped(steep[:, None], 2.6)[:, 0]
    f_shown = 0.5 * CURVATURES[1] * shown**2
    ax1.plot(shown, f_shown, "-o", color=colour, markersize=4, linewidth=1.0)
    ax1.plot(shown[0], f_shown[0], "s", color="black", markersize=6, label="start")
    ax1.set(xlim=(-2.6, 2.6), ylim=(-0.3, 10.5), xlabel="weight w\N{SUBSCRIPT TWO} (steep axis)",
            ylabel="loss f = (\N{GREEK SMALL LETTER LAMDA}_max/2) w\N{SUBSCRIPT TWO}\N{SUPERSCRIPT TWO}",
            title=f"1-D: w \N{LEFTWARDS ARROW} (1 \N{MINUS SIGN} \N{GREEK SMALL LETTER ETA}\N{GREEK SMALL LETTER LAMDA}_max) w = "
                  f"{_signed(data['factors'][1])} w")
    ax1.legend(loc="upper center", fontsize="small")

    grid = data["grid"]
    levels = [0.1, 0.3, 0.7, 1.5, 3, 5, 8, 12, 18, 27]
    ax2.contour(grid, grid, data["ravine_f"], levels=levels, colors="0.6", linewidths=0.8)
    path = _clipped(data["path"], 4.5)
    ax2.plot(path[:, 0], path[:, 1], "-o", color=colour, markersize=3, linewidth=1.2, label="GD iterates")
    ax2.plot(*RAVINE_START, "s", color="black", markersize=6)
    ax2.plot(0, 0, "*", color=PALETTE[2], markersize=12, label="minimum")
    ax2.set(xlim=(-4.5, 4.5), ylim=(-4.5, 4.5), aspect="equal", xlabel=f"w\N{SUBSCRIPT ONE} (flat, \N{GREEK SMALL LETTER LAMDA}_min = {CURVATURES[0]:g})",
            ylabel=f"w\N{SUBSCRIPT TWO} (steep, \N{GREEK SMALL LETTER LAMDA}_max = {CURVATURES[1]:g})",
            title=f"2-D ravine, {data['steps']} steps: loss {data['losses'][-1]:.3g}"
            if np.isfinite(data["losses"][-1]) and data["losses"][-1] < 1e6 else "2-D ravine: the loss explodes")
    ax2.legend(loc="lower right", fontsize="small")

    ax3.contour(data["reg_w"], data["reg_b"], data["reg_f"], levels=12, colors="0.6", linewidths=0.8)
    ax3.plot(data["gd"][:, 0], data["gd"][:, 1], "--", color=PALETTE[0], linewidth=1.8, label="full batch")
    ax3.plot(data["sgd"][:, 0], data["sgd"][:, 1], "-o", color=PALETTE[1], markersize=3, linewidth=1.0,
             label=f"batch {data['batch_size']}")
    ax3.plot(*SGD_START, "s", color="black", markersize=6)
    ax3.plot(*REG_MINIMUM, "*", color=PALETTE[2], markersize=12)
    ax3.set(xlim=(data["reg_w"][0], data["reg_w"][-1]), ylim=(data["reg_b"][0], data["reg_b"][-1]),
            xlabel="weight w", ylabel="bias b",
            title=f"SGD on a regression (\N{GREEK SMALL LETTER ETA} = {SGD_LR}): noise {data['noise_mean']:.2f}")
    ax3.legend(loc="lower right", fontsize="small")
    for ax in (ax1, ax2, ax3):
        ax.title.set_fontsize(10)
    fig.suptitle("\n".join(lines), fontsize=11)


def descent_explorer(lr=0.3, batch_size=4, steps=25):
    """Sliders for the learning rate, the batch size and the number of steps redraw the GD path on a 1-D slice and
    on a 2-D ravine, and the SGD path on a regression loss.  -> the Explorer (display it)."""
    style = {"description_width": "5.5em"}
    layout = widgets.Layout(width="300px")
    controls = {
        "lr": widgets.FloatSlider(value=lr, min=0.02, max=0.9, step=0.01, readout_format=".2f",
                                  description="\N{GREEK SMALL LETTER ETA}", continuous_update=False,
                                  style=style, layout=layout),
        "batch_size": widgets.SelectionSlider(options=list(BATCH_SIZES), value=batch_size,
                                              description="batch size", continuous_update=False, style=style,
                                              layout=layout),
        "steps": widgets.IntSlider(value=steps, min=1, max=60, description="steps", continuous_update=False,
                                   style=style, layout=layout),
    }
    header = ("<b>Gradient descent: w \N{LEFTWARDS ARROW} w \N{MINUS SIGN} \N{GREEK SMALL LETTER ETA} "
              f"\N{NABLA}L(w)</b><br><small>Ravine: \N{GREEK SMALL LETTER LAMDA}_max = {CURVATURES[1]:g}, so "
              f"2/\N{GREEK SMALL LETTER LAMDA}_max = {LIMIT:.3f}. The SGD panel keeps "
              f"\N{GREEK SMALL LETTER ETA} = {SGD_LR}; only the batch size changes its noise.</small>")
    return Explorer(controls, descent_compute, descent_draw, describe=descent_describe, header=header,
                    figsize=(14, 4.9))


__all__ = ["descent_explorer", "descent_compute", "descent_describe", "descent_draw", "gd_path", "sgd_path",
           "ravine_loss", "regression_loss_and_grad", "CURVATURES", "LIMIT", "SGD_LR", "BATCH_SIZES"]
