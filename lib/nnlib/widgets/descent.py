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
from .base import Explorer, drawn_inside

CURVATURES = np.array([0.3, 3.0])
"""(λ_min, λ_max): curvatures of the ravine f(w) = ½ (λ_min w₁² + λ_max w₂²) along its flat and its steep axis."""
RAVINE_START = np.array([-4.0, 1.5])
LIMIT = 2 / CURVATURES[1]
"""The stability limit 2/λ_max of the ravine: above it the steep coordinate grows at every step."""

SGD_LR = 0.1
"""The fixed learning rate of the SGD panel: stable for every batch size, so the batch size alone sets the noise."""
SGD_START = np.array([-1.0, 2.5])
BATCH_SIZES = (1, 2, 4, 8, 16, 32, 64)
TITLE_WIDTH = 106
"""Characters per line of the figure's title: what fits the figure's width at 10 pt."""
TITLE_LINES = 4
"""Lines the figure keeps for its title: each finding takes one or two (one more only when several controls change
at once)."""
TITLE_LINE = 0.2
"""Inches a line of the figure's title takes at 10 pt."""


def _regression_data(n_samples=64, seed=5):
    """A seeded 1-D linear regression: y = 1.5 x − 0.5 + noise.  -> x (n,), y (n,)."""
    rng = np.random.default_rng(seed)
    x = 0.5 + 0.9 * rng.standard_normal(n_samples)
    y = 1.5 * x - 0.5 + 0.7 * rng.standard_normal(n_samples)
    return x, y


REG_X, REG_Y = _regression_data()
REG_MINIMUM = np.linalg.lstsq(np.column_stack([REG_X, np.ones_like(REG_X)]), REG_Y, rcond=None)[0]
RAVINE_GRID = np.linspace(-4.5, 4.5, 121)
REG_W, REG_B = np.linspace(-1.6, 3.2, 97), np.linspace(-2.2, 3.0, 97)


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


RAVINE_F = ravine_loss(np.stack(np.meshgrid(RAVINE_GRID, RAVINE_GRID), axis=-1))
"""The ravine's loss over the grid (R, R), rows along w₂: the same contours for every setting, computed once."""
REG_F = np.mean((REG_W[:, None] * REG_X + REG_B[:, None, None] - REG_Y) ** 2, axis=-1)
"""The regression loss over (w, b), (R, R) with rows along b: computed once."""


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
    curve_w = np.linspace(-2.6, 2.6, 201)
    gd = [SGD_START.copy()]
    for _ in range(steps):
        gd.append(gd[-1] - SGD_LR * regression_loss_and_grad(gd[-1], REG_X, REG_Y)[1])
    sgd, noise = sgd_path(batch_size, steps)
    return {
        "lr": float(lr), "steps": int(steps), "batch_size": int(batch_size), "n_samples": len(REG_X),
        "regime": _regime(lr), "factors": 1 - lr * CURVATURES, "path": path, "losses": ravine_loss(path),
        "curve_w": curve_w, "curve_f": 0.5 * CURVATURES[1] * curve_w**2,
        "grid": RAVINE_GRID, "ravine_f": RAVINE_F, "reg_w": REG_W, "reg_b": REG_B, "reg_f": REG_F,
        "gd": np.array(gd), "sgd": sgd, "noise": noise,
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


def _title_lines(data):
    """The figure's title wrapped to fit its width: a prefix such as "η down from 0.65: " can make a finding longer
    than one line."""
    return [wrapped for line in data.get("title", "").split("\n")
            for wrapped in textwrap.wrap(line, TITLE_WIDTH, break_on_hyphens=False)]


def _path_colour(data):
    """Vermillion for a path that does not converge, blue for one that does."""
    return PALETTE[5] if data["regime"] in ("diverges", "bounces") else PALETTE[0]


def _descent_parts(data):
    """What a refresh cannot change: the lines of room the figure's title takes, and the colour of the GD path,
    which the key under the panels repeats."""
    return max(TITLE_LINES, len(_title_lines(data))), _path_colour(data)


def _slice_title(data):
    return (f"w\N{SUBSCRIPT TWO} \N{LEFTWARDS ARROW} (1 \N{MINUS SIGN} \N{GREEK SMALL LETTER ETA}"
            f"\N{GREEK SMALL LETTER LAMDA}_max) w\N{SUBSCRIPT TWO} = {_signed(data['factors'][1])} w\N{SUBSCRIPT TWO}")


def _ravine_title(data):
    final = data["losses"][-1]
    if np.isfinite(final) and final < 1e6:
        return f"ravine, {data['steps']} steps: loss {final:.3g}"
    return "ravine: the loss explodes"


def _sgd_title(data):
    return f"batch {data['batch_size']}: noise {data['noise_mean']:.2f}"


def descent_draw(fig, data):
    """The 1-D slice, the ravine with the GD path, and the regression surface with the GD and SGD paths.
    -> refresh."""
    fig.set_layout_engine("none")  # fixed margins: the panels stay where they are while the titles change
    height, panel_title = fig.get_figheight(), 0.3  # inches
    title_room, colour = parts = _descent_parts(data)
    # the figure's title sits right above the panels' own titles; a shorter one leaves room above it
    top = 1 - (0.1 + TITLE_LINE * title_room + panel_title) / height
    ax1, ax2, ax3 = fig.subplots(1, 3, gridspec_kw=dict(left=0.075, right=0.985, bottom=0.9 / height,
                                                          top=top, wspace=0.4))

    ax1.plot(data["curve_w"], data["curve_f"], color="0.4", linewidth=1.5)
    slice_path, = ax1.plot([], [], "-o", color=colour, markersize=4, linewidth=1.0)
    ax1.plot(RAVINE_START[1], 0.5 * CURVATURES[1] * RAVINE_START[1]**2, "s", color="black", markersize=6)
    ax1.set(xlim=(-2.6, 2.6), ylim=(-0.3, 10.5), xlabel="w\N{SUBSCRIPT TWO} alone (the steep axis)",
            ylabel="loss (\N{GREEK SMALL LETTER LAMDA}_max/2) w\N{SUBSCRIPT TWO}\N{SUPERSCRIPT TWO}")

    levels = [0.1, 0.3, 0.7, 1.5, 3, 5, 8, 12, 18, 27]
    ax2.contour(data["grid"], data["grid"], data["ravine_f"], levels=levels, colors="0.6", linewidths=0.8)
    ravine_path, = ax2.plot([], [], "-o", color=colour, markersize=3, linewidth=1.2,
                            label="GD iterates (\N{GREEK SMALL LETTER ETA} of the slider)")
    start, = ax2.plot(*RAVINE_START, "s", color="black", markersize=6, label="start")
    minimum, = ax2.plot(0, 0, "*", color=PALETTE[2], markersize=12, label="minimum")
    ax2.set(xlim=(-4.5, 4.5), ylim=(-4.5, 4.5), aspect="equal",
            xlabel=f"w\N{SUBSCRIPT ONE} (flat, \N{GREEK SMALL LETTER LAMDA}_min = {CURVATURES[0]:g})",
            ylabel=f"w\N{SUBSCRIPT TWO} (steep, \N{GREEK SMALL LETTER LAMDA}_max = {CURVATURES[1]:g})")

    ax3.contour(data["reg_w"], data["reg_b"], data["reg_f"], levels=12, colors="0.6", linewidths=0.8)
    gd, = ax3.plot([], [], "--", color=PALETTE[0], linewidth=1.8, label="full-batch GD")
    sgd, = ax3.plot([], [], "-o", color=PALETTE[1], markersize=3, linewidth=1.0, label="mini-batch SGD")
    ax3.plot(*SGD_START, "s", color="black", markersize=6)
    ax3.plot(*REG_MINIMUM, "*", color=PALETTE[2], markersize=12)
    ax3.set(xlim=(data["reg_w"][0], data["reg_w"][-1]), ylim=(data["reg_b"][0], data["reg_b"][-1]),
            xlabel=f"weight w (regression, \N{GREEK SMALL LETTER ETA} = {SGD_LR})", ylabel="bias b")
    # one key for the three panels, under them: it never changes, and no path runs under it
    fig.legend(handles=[start, minimum, ravine_path, gd, sgd], loc="lower center", ncol=5, fontsize="small",
               frameon=False, handlelength=1.8, columnspacing=1.2)

    titles = [ax.set_title("", fontsize=10) for ax in (ax1, ax2, ax3)]
    suptitle = fig.suptitle("", fontsize=10, y=top + panel_title / height, va="bottom")

    def refresh(new):
        if _descent_parts(new) != parts:
            return None
        shown = _clipped(new["path"][:, 1:], 2.6)[:, 0]
        slice_path.set_data(shown, 0.5 * CURVATURES[1] * shown**2)
        ravine_path.set_data(*_clipped(new["path"], 4.5).T)
        gd.set_data(*new["gd"].T)
        sgd.set_data(*new["sgd"].T)
        for title, text in zip(titles, (_slice_title(new), _ravine_title(new), _sgd_title(new))):
            title.set_text(text)
        suptitle.set_text("\n".join(_title_lines(new)))
        return [*drawn_inside(ax1), *drawn_inside(ax2), *drawn_inside(ax3), *titles, suptitle]

    refresh(data)
    return refresh


def descent_explorer(lr=0.3, batch_size=4, steps=25):
    """Sliders for the learning rate, the batch size and the number of steps redraw the GD path on a 1-D slice and
    on a 2-D ravine, and the SGD path on a regression loss.  -> the Explorer (display it)."""
    style = {"description_width": "5.5em"}
    layout = widgets.Layout(width="300px")
    controls = {
        "lr": widgets.FloatSlider(value=lr, min=0.02, max=0.9, step=0.01, readout_format=".2f",
                                  description="\N{GREEK SMALL LETTER ETA}", style=style, layout=layout),
        "batch_size": widgets.SelectionSlider(options=list(BATCH_SIZES), value=batch_size,
                                              description="batch size", style=style, layout=layout),
        "steps": widgets.IntSlider(value=steps, min=1, max=60, description="steps", style=style, layout=layout),
    }
    header = ("<b>Gradient descent: w \N{LEFTWARDS ARROW} w \N{MINUS SIGN} \N{GREEK SMALL LETTER ETA} "
              f"\N{NABLA}L(w)</b><br><small>Ravine: \N{GREEK SMALL LETTER LAMDA}_max = {CURVATURES[1]:g}, so "
              f"2/\N{GREEK SMALL LETTER LAMDA}_max = {LIMIT:.3f}. The SGD panel keeps "
              f"\N{GREEK SMALL LETTER ETA} = {SGD_LR}; only the batch size changes its noise.</small>")
    alt = ("Left: the steep coordinate of gradient descent on a ravine, step by step. Middle: the path of the iterates "
           "over the ravine's contours. Right: the path of mini-batch SGD over the contours of a small regression's "
           "loss, beside full-batch gradient descent.")
    return Explorer(controls, descent_compute, descent_draw, describe=descent_describe, header=header,
                    figsize=(8.4, 4.15), alt=alt)


__all__ = ["descent_explorer", "descent_compute", "descent_describe", "descent_draw", "gd_path", "sgd_path",
           "ravine_loss", "regression_loss_and_grad", "CURVATURES", "LIMIT", "SGD_LR", "BATCH_SIZES"]
