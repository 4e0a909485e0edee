"""Lesson 06's explorer: an optimizer race on 2-D loss surfaces (an ill-conditioned ravine, the same ravine turned by
45°, and Rosenbrock's banana valley).

SGD, momentum, Nesterov, RMSprop and Adam start from the same point with nnlib.optim's reference optimizers (torch's
update equations). Two learning-rate sliders, because the two families use η differently: for the SGD family η
multiplies the gradient (stable below about 2/λ_max on the steepest curvature λ_max), for the adaptive family it is
roughly a step length in parameter units. One slider sets momentum μ (momentum, Nesterov) and β₁ (Adam); RMSprop and Adam keep
torch's α = 0.99 and β₂ = 0.999. Left panel: the paths over the contours; right panel: the loss per step.
"""
import ipywidgets as widgets
import numpy as np

from ..optim import make_optimizer
from ..plots import PALETTE
from .base import Explorer

RAVINE_CURVATURES = np.array([1.0, 50.0])
"""(λ_min, λ_max) of the ravine f(w) = ½ (λ_min w₁² + λ_max w₂²): condition number 50."""

_TURN = np.array([[1.0, -1.0], [1.0, 1.0]]) / np.sqrt(2)
"""Rotation by 45°: the turned ravine is ½ (Rᵀw)ᵀ diag(λ_min, λ_max) (Rᵀw), whose axes are the diagonals."""


def ravine(w):
    """f(w) = ½ (w₁² + 50 w₂²).  w (..., 2) -> (...)."""
    w = np.asarray(w, dtype=np.float64)
    return 0.5 * (RAVINE_CURVATURES[0] * w[..., 0] ** 2 + RAVINE_CURVATURES[1] * w[..., 1] ** 2)


def ravine_gradient(w):
    """∇f = (λ_min w₁, λ_max w₂).  w (2,) -> (2,)."""
    return RAVINE_CURVATURES * np.asarray(w, dtype=np.float64)


def turned_ravine(w):
    """The ravine turned by 45°: f(w) = ravine(Rᵀ w).  w (..., 2) -> (...)."""
    return ravine(np.asarray(w, dtype=np.float64) @ _TURN)


def turned_ravine_gradient(w):
    """∇f = R ∇ravine(Rᵀ w).  w (2,) -> (2,)."""
    return _TURN @ ravine_gradient(_TURN.T @ np.asarray(w, dtype=np.float64))


def rosenbrock(w):
    """f(x, y) = (1 − x)² + 100 (y − x²)², minimum 0 at (1, 1).  w (..., 2) -> (...)."""
    w = np.asarray(w, dtype=np.float64)
    x, y = w[..., 0], w[..., 1]
    return (1 - x) ** 2 + 100 * (y - x**2) ** 2


def rosenbrock_gradient(w):
    """∇f = (−2 (1 − x) − 400 x (y − x²), 200 (y − x²)).  w (2,) -> (2,)."""
    x, y = np.asarray(w, dtype=np.float64)
    return np.array([-2 * (1 - x) - 400 * x * (y - x**2), 200 * (y - x**2)])


SURFACES = {
    "ravine (condition number 50)": dict(
        loss=ravine, gradient=ravine_gradient, start=(-4.5, 0.8), minimum=(0.0, 0.0), box=((-5, 1.5), (-1.2, 1.2)),
        lr_sgd=0.02, lr_adaptive=0.1, steps=100),
    "ravine turned by 45°": dict(
        loss=turned_ravine, gradient=turned_ravine_gradient, start=tuple(_TURN @ np.array([-4.5, 0.8])),
        minimum=(0.0, 0.0), box=((-4.2, 1.6), (-4.0, 1.8)), lr_sgd=0.02, lr_adaptive=0.1, steps=100),
    "Rosenbrock": dict(
        loss=rosenbrock, gradient=rosenbrock_gradient, start=(-1.2, 1.0), minimum=(1.0, 1.0),
        box=((-1.6, 1.6), (-0.6, 1.8)), lr_sgd=0.001, lr_adaptive=0.1, steps=500),
}
"""The surfaces of the race, with the starting point, the view, and learning rates at which every runner is stable."""

RUNNERS = ("SGD", "momentum", "Nesterov", "RMSprop", "Adam")
COLORS = dict(zip(RUNNERS, (PALETTE[7], PALETTE[0], PALETTE[3], PALETTE[2], PALETTE[5])))
"""Black, blue, reddish purple, green, vermillion: momentum and Nesterov, often close, get colours far apart."""
BLOW_UP = 1e6
"""A run stops when a coordinate leaves [−BLOW_UP, BLOW_UP] or turns non-finite: it has diverged."""


DIVERGED_FACTOR = 10
"""A run that ends more than this many times above its start loss has diverged, even below BLOW_UP; a stable run
that is still swinging (heavy ball at μ = 0.99 ends a few times above its start after 100 steps) has not."""


def has_diverged(losses, steps):
    """A run diverged when it stopped early (blew up), or when its last loss is not finite or more than
    DIVERGED_FACTOR times its start loss: after all its steps it is far worse off than where it began."""
    return bool(len(losses) < steps + 1 or not np.isfinite(losses[-1]) or losses[-1] > DIVERGED_FACTOR * losses[0])


def _optimizer(runner, params, lr_sgd, lr_adaptive, momentum):
    if runner == "SGD":
        return make_optimizer("sgd", params, lr=lr_sgd)
    if runner == "momentum":
        return make_optimizer("momentum", params, lr=lr_sgd, momentum=momentum)
    if runner == "Nesterov":
        return make_optimizer("nesterov", params, lr=lr_sgd, momentum=max(momentum, 1e-3))  # Nesterov needs μ > 0
    if runner == "RMSprop":
        return make_optimizer("rmsprop", params, lr=lr_adaptive)
    if runner == "Adam":
        return make_optimizer("adam", params, lr=lr_adaptive, betas=(min(momentum, 0.999), 0.999))
    raise ValueError(f"unknown runner {runner!r}; choose one of {RUNNERS}")


def race_path(surface, runner, lr_sgd, lr_adaptive, momentum, steps):
    """The iterates of one runner on one surface, with nnlib.optim's optimizer.

    -> (path (k + 1, 2), losses (k + 1,)), start first; k = steps, or fewer when the run diverged.
    """
    spec = SURFACES[surface]
    params = {"w": np.array(spec["start"], dtype=np.float64)}
    optimizer = _optimizer(runner, params, lr_sgd, lr_adaptive, momentum)
    path = [params["w"].copy()]
    with np.errstate(all="ignore"):
        for _ in range(steps):
            optimizer.step({"w": spec["gradient"](params["w"])})
            path.append(params["w"].copy())
            if not np.all(np.isfinite(params["w"])) or np.abs(params["w"]).max() > BLOW_UP:
                break
        path = np.array(path)
        return path, spec["loss"](path)


def race_compute(surface, lr_sgd, lr_adaptive, momentum, steps):
    """Everything the two panels show.

    -> dict: the control values; paths {runner: (k + 1, 2)}, losses {runner: (k + 1,)}, final {runner: last loss,
    inf when diverged}, diverged {runner: bool, see has_diverged}, ranking (runners from best to worst), winner; X, Y, Z
    for the contours.
    """
    spec = SURFACES[surface]
    paths, losses, final, diverged = {}, {}, {}, {}
    for runner in RUNNERS:
        paths[runner], losses[runner] = race_path(surface, runner, lr_sgd, lr_adaptive, momentum, steps)
        diverged[runner] = has_diverged(losses[runner], steps)
        final[runner] = np.inf if diverged[runner] else float(losses[runner][-1])
    ranking = sorted(RUNNERS, key=lambda runner: final[runner])
    (x0, x1), (y0, y1) = spec["box"]
    X, Y = np.meshgrid(np.linspace(x0, x1, 160), np.linspace(y0, y1, 120))
    return {
        "surface": surface, "lr_sgd": float(lr_sgd), "lr_adaptive": float(lr_adaptive), "momentum": float(momentum),
        "steps": int(steps), "paths": paths, "losses": losses, "final": final, "diverged": diverged,
        "ranking": ranking, "winner": ranking[0], "X": X, "Y": Y, "Z": spec["loss"](np.stack([X, Y], axis=-1)),
        "start_loss": float(spec["loss"](np.array(spec["start"]))),
    }


def _change(data, previous):
    """What the last change of the controls was, in words."""
    if previous is None:
        return ""
    if data["surface"] != previous["surface"]:
        return f"new surface, {data['surface']}: "
    changes = []
    for key, label in (("lr_sgd", "\N{GREEK SMALL LETTER ETA} SGD family"), ("lr_adaptive", "\N{GREEK SMALL LETTER ETA} adaptive"),
                       ("momentum", "\N{GREEK SMALL LETTER MU}/\N{GREEK SMALL LETTER BETA}\N{SUBSCRIPT ONE}")):
        if data[key] != previous[key]:
            direction = "up" if data[key] > previous[key] else "down"
            changes.append(f"{label} {direction} to {data[key]:.3g}")
    if data["steps"] != previous["steps"]:
        changes.append(f"{data['steps']} steps")
    return ", ".join(changes) + ": " if changes else ""


def race_describe(data, previous):
    """The winner and its loss, who diverged, and what the last change did to the race."""
    final, winner = data["final"], data["winner"]
    if not np.isfinite(final[winner]):
        finding = "every runner diverged: lower both learning rates"
    else:
        finding = (f"{winner} wins with loss {final[winner]:.2g} after {data['steps']} steps "
                   f"(SGD: {'diverged' if data['diverged']['SGD'] else format(final['SGD'], '.2g')})")
    gone = [runner for runner in RUNNERS if data["diverged"][runner]]
    if gone and np.isfinite(final[winner]):
        finding += f"; {', '.join(gone)} diverged"
    if previous is not None and previous["surface"] == data["surface"] and previous["winner"] != winner:
        finding += f" (before: {previous['winner']})"
    return _change(data, previous) + finding


def race_draw(fig, data):
    """Left: contours (log-spaced) and the five paths; right: loss against step on a log scale."""
    fig.set_layout_engine("none")  # fixed margins: constrained layout would double the redraw time
    left, right = fig.subplots(1, 2, gridspec_kw=dict(left=0.06, right=0.99, bottom=0.12, top=0.86, wspace=0.2))
    spec = SURFACES[data["surface"]]
    levels = np.geomspace(max(float(data["Z"].min()), 1e-3), float(data["Z"].max()), 14)
    left.contour(data["X"], data["Y"], data["Z"], levels=levels, colors="0.7", linewidths=0.7)
    (x0, x1), (y0, y1) = spec["box"]
    for runner in RUNNERS:
        path = data["paths"][runner]
        inside = np.all((path >= [x0 - 1, y0 - 1]) & (path <= [x1 + 1, y1 + 1]), axis=1)
        shown = path if inside.all() else path[:np.argmin(inside) + 1]
        left.plot(shown[:, 0], shown[:, 1], "-", color=COLORS[runner], linewidth=1.4, label=runner)
        losses = np.where(np.isfinite(data["losses"][runner]), data["losses"][runner], np.nan)
        label = f"{runner}: {'diverged' if data['diverged'][runner] else format(data['final'][runner], '.2g')}"
        right.semilogy(np.arange(len(losses)), np.clip(losses, 1e-16, 1e12), color=COLORS[runner], linewidth=1.6,
                       label=label)
    left.plot(*spec["start"], "s", color="black", markersize=6)
    left.plot(*spec["minimum"], "*", color=PALETTE[1], markersize=13, label="minimum")
    left.set(xlim=(x0, x1), ylim=(y0, y1), xlabel="w\N{SUBSCRIPT ONE}", ylabel="w\N{SUBSCRIPT TWO}",
             title=f"Paths on the {data['surface']}")
    left.legend(loc="lower right", fontsize="small", ncol=2)
    right.set(xlabel="step", ylabel="loss (log scale)", xlim=(0, data["steps"]),
              ylim=(max(1e-16, min(np.nanmin(np.where(np.isfinite(l), l, np.nan)) for l in data["losses"].values())
                        / 3), 10 * data["start_loss"]),
              title=f"Loss per step: {data['winner']} ends lowest")
    right.grid(alpha=0.3)
    right.legend(loc="lower left", fontsize="small")
    for ax in (left, right):
        ax.title.set_fontsize(10)
    fig.suptitle(data.get("title", ""), fontsize=10)


def race_explorer(surface="ravine (condition number 50)", momentum=0.9):
    """A dropdown for the surface and sliders for the two learning rates, μ/β₁ and the number of steps redraw the race
    of SGD, momentum, Nesterov, RMSprop and Adam.  Choosing a surface resets the learning rates and the step count to
    values at which every runner is stable there.  -> the Explorer (display it)."""
    spec = SURFACES[surface]
    style = {"description_width": "11em"}
    layout = widgets.Layout(width="380px")
    controls = {
        "surface": widgets.Dropdown(options=list(SURFACES), value=surface, description="surface", style=style,
                                    layout=layout),
        "lr_sgd": widgets.FloatLogSlider(value=spec["lr_sgd"], base=10, min=-4, max=-0.5, step=0.01,
                                         readout_format=".2g", description="\N{GREEK SMALL LETTER ETA} SGD, momentum",
                                         continuous_update=False, style=style, layout=layout),
        "lr_adaptive": widgets.FloatLogSlider(value=spec["lr_adaptive"], base=10, min=-3, max=0, step=0.05,
                                              readout_format=".2g", description="\N{GREEK SMALL LETTER ETA} RMSprop, Adam",
                                              continuous_update=False, style=style, layout=layout),
        "momentum": widgets.FloatSlider(value=momentum, min=0.0, max=0.99, step=0.01, readout_format=".2f",
                                        description="\N{GREEK SMALL LETTER MU} (and Adam's \N{GREEK SMALL LETTER BETA}\N{SUBSCRIPT ONE})",
                                        continuous_update=False, style=style, layout=layout),
        "steps": widgets.IntSlider(value=spec["steps"], min=10, max=1000, step=10, description="steps",
                                   continuous_update=False, style=style, layout=layout),
    }
    header = ("<b>Optimizer race</b><br><small>Same start, same gradients, torch's update rules. "
              "\N{GREEK SMALL LETTER ETA} of the SGD family multiplies the gradient; \N{GREEK SMALL LETTER ETA} of "
              "RMSprop and Adam is about a step length. A new surface resets both to stable values.</small>")
    explorer = None

    def reset_for_surface(change):
        # Runs before the Explorer's own observer (registered first), so the one redraw uses the new values.
        if explorer is None:
            return
        new = SURFACES[change["new"]]
        with explorer.holding():
            controls["lr_sgd"].value = new["lr_sgd"]
            controls["lr_adaptive"].value = new["lr_adaptive"]
            controls["steps"].value = new["steps"]

    controls["surface"].observe(reset_for_surface, names="value")
    explorer = Explorer(controls, race_compute, race_draw, describe=race_describe, header=header, figsize=(13, 5.2))
    return explorer


__all__ = ["race_explorer", "race_compute", "race_describe", "race_draw", "race_path", "has_diverged", "ravine",
           "ravine_gradient", "turned_ravine", "turned_ravine_gradient", "rosenbrock", "rosenbrock_gradient",
           "SURFACES", "RUNNERS", "RAVINE_CURVATURES"]
