"""Lesson 06's explorer: an optimizer race on 2-D loss surfaces (an ill-conditioned ravine, the same ravine turned by
45°, and Rosenbrock's banana valley).

SGD, momentum, Nesterov, RMSprop and Adam start from the same point with nnlib.optim's reference optimizers (torch's
update equations). Two learning-rate sliders, because the two families use η differently: for the SGD family η
multiplies the gradient (stable below about 2/λ_max on the steepest curvature λ_max), for the adaptive family it is
roughly a step length in parameter units. One slider sets momentum μ (momentum, Nesterov) and β₁ (Adam); RMSprop and Adam keep
torch's α = 0.99 and β₂ = 0.999. Left panel: the paths over the contours; right panel: the loss per step.
"""
import textwrap
from functools import lru_cache

import ipywidgets as widgets
import numpy as np

from ..optim import make_optimizer
from ..plots import PALETTE
from .base import Explorer, drawn_inside

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
DASHES = dict(zip(RUNNERS, ("-", "--", "-.", "-", (0, (1, 1)))))
"""Each runner's dashes: momentum's blue and RMSprop's green are close for a tritanope, so colour alone is not
enough."""
"""Black, blue, reddish purple, green, vermillion: momentum and Nesterov, often close, get colours far apart."""
TITLE_WIDTH = 106
"""Characters per line of the figure's title: what fits the figure's width at 10 pt."""
TITLE_LINES = 2
"""Lines the figure keeps for its title (one more only when several controls change at once)."""
TITLE_LINE = 0.2
"""Inches a line of the figure's title takes at 10 pt."""
BLOW_UP = 1e6
"""A run stops when a coordinate leaves [−BLOW_UP, BLOW_UP] or turns non-finite: it has diverged."""


DIVERGED_FACTOR = 10
"""A run that ends more than this many times above its start loss has diverged, even below BLOW_UP; a stable run
that is still swinging (heavy ball at μ = 0.99 ends a few times above its start after 100 steps) has not."""


def has_diverged(losses, steps):
    """A run diverged when it stopped early (blew up), or when its last loss is not finite or more than
    DIVERGED_FACTOR times its start loss: after all its steps it is far worse off than where it began."""
    return bool(len(losses) < steps + 1 or not np.isfinite(losses[-1]) or losses[-1] > DIVERGED_FACTOR * losses[0])


SGD_FAMILY = ("SGD", "momentum", "Nesterov")
"""The runners whose η multiplies the gradient (the first learning-rate slider); RMSprop and Adam read the second."""
WITH_MOMENTUM = ("momentum", "Nesterov", "Adam")
"""The runners that read the μ slider (Adam as its β₁)."""


def _optimizer(runner, params, lr, momentum):
    if runner == "SGD":
        return make_optimizer("sgd", params, lr=lr)
    if runner == "momentum":
        return make_optimizer("momentum", params, lr=lr, momentum=momentum)
    if runner == "Nesterov":
        return make_optimizer("nesterov", params, lr=lr, momentum=max(momentum, 1e-3))  # Nesterov needs μ > 0
    if runner == "RMSprop":
        return make_optimizer("rmsprop", params, lr=lr)
    if runner == "Adam":
        return make_optimizer("adam", params, lr=lr, betas=(min(momentum, 0.999), 0.999))
    raise ValueError(f"unknown runner {runner!r}; choose one of {RUNNERS}")


@lru_cache(maxsize=1024)
def _run(surface, runner, lr, momentum, steps):
    """race_path for the slider values the runner reads (momentum None when it has none): a slider that a runner
    does not read leaves its cached run in place, and a setting seen before is not run again."""
    spec = SURFACES[surface]
    params = {"w": np.array(spec["start"], dtype=np.float64)}
    optimizer = _optimizer(runner, params, lr, momentum)
    path = [params["w"].copy()]
    with np.errstate(all="ignore"):
        for _ in range(steps):
            optimizer.step({"w": spec["gradient"](params["w"])})
            path.append(params["w"].copy())
            if not np.all(np.isfinite(params["w"])) or np.abs(params["w"]).max() > BLOW_UP:
                break
        path = np.array(path)
        return path, spec["loss"](path)


def race_path(surface, runner, lr_sgd, lr_adaptive, momentum, steps):
    """The iterates of one runner on one surface, with nnlib.optim's optimizer.

    -> (path (k + 1, 2), losses (k + 1,)), start first; k = steps, or fewer when the run diverged.
    """
    lr = lr_sgd if runner in SGD_FAMILY else lr_adaptive
    path, losses = _run(surface, runner, float(lr), float(momentum) if runner in WITH_MOMENTUM else None, int(steps))
    return path.copy(), losses.copy()  # the cached run stays as it is whatever the caller does with these


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


def _title_lines(data):
    """The figure's title wrapped to fit its width."""
    return textwrap.wrap(data.get("title", ""), TITLE_WIDTH, break_on_hyphens=False)


STEP_LIMITS = (10, 20, 50, 100, 200, 500, 1000)
"""The right ends the loss panel's step axis can have: the first that holds the run (a drag of the steps slider
between two of them redraws only the curves)."""


def _loss_limits(data):
    """The loss panel's view: its step axis (0, first of STEP_LIMITS ≥ steps), and its loss axis from 1, 10⁻⁸ or
    10⁻¹⁶, the highest below a third of the lowest loss (the curves stop at 10⁻¹⁶), to 10 × the start loss."""
    lowest = min(float(np.min(losses[np.isfinite(losses)])) for losses in data["losses"].values())  # start included
    floor = max(10.0 ** (8 * np.floor(np.log10(max(lowest, 1e-16) / 3) / 8)), 1e-16)
    return (0, next(limit for limit in STEP_LIMITS if limit >= data["steps"])), (floor, 10 * data["start_loss"])


def _race_parts(data):
    """What a refresh cannot change: the surface (its contours), the loss panel's view and the room of the title."""
    return data["surface"], _loss_limits(data), max(TITLE_LINES, len(_title_lines(data)))


def _final_label(data, runner):
    return f"{runner}: {'diverged' if data['diverged'][runner] else format(data['final'][runner], '.2g')}"


def race_draw(fig, data):
    """Left: contours (log-spaced) and the five paths; right: loss against step on a log scale.  -> refresh."""
    fig.set_layout_engine("none")  # fixed margins: the panels stay where they are while the title changes
    height, panel_title = fig.get_figheight(), 0.3  # inches
    surface, (step_view, loss_view), title_room = parts = _race_parts(data)
    # the figure's title sits right above the panels' titles; a shorter one leaves room above it
    top = 1 - (0.1 + TITLE_LINE * title_room + panel_title) / height
    left, right = fig.subplots(1, 2, gridspec_kw=dict(left=0.075, right=0.985, bottom=0.55 / height, top=top,
                                                      wspace=0.25))
    spec = SURFACES[surface]
    levels = np.geomspace(max(float(data["Z"].min()), 1e-3), float(data["Z"].max()), 14)
    left.contour(data["X"], data["Y"], data["Z"], levels=levels, colors="0.7", linewidths=0.7)
    paths = {runner: left.plot([], [], linestyle=DASHES[runner], color=COLORS[runner], linewidth=1.4, label=runner)[0]
             for runner in RUNNERS}
    left.plot(*spec["start"], "s", color="black", markersize=6)
    left.plot(*spec["minimum"], "*", color=PALETTE[1], markersize=13)
    (x0, x1), (y0, y1) = spec["box"]
    left.set(xlim=(x0, x1), ylim=(y0, y1), xlabel="w\N{SUBSCRIPT ONE}", ylabel="w\N{SUBSCRIPT TWO}")
    left.set_title(f"Paths on the {surface}", fontsize=10)

    curves = {runner: right.semilogy([], [], linestyle=DASHES[runner], color=COLORS[runner], linewidth=1.6,
                                     label=_final_label(data, runner))[0] for runner in RUNNERS}
    right.set(xlabel="step", ylabel="loss (log scale)", xlim=step_view, ylim=loss_view)
    right.grid(alpha=0.3)
    # the key of both panels' colours; the final losses in it change, its corner stays
    legend = right.legend(loc="lower left", fontsize="small")
    loss_title = right.set_title("", fontsize=10)
    suptitle = fig.suptitle("", fontsize=10, y=top + panel_title / height, va="bottom")

    def refresh(new):
        if _race_parts(new) != parts:
            return None
        for runner, text in zip(RUNNERS, legend.get_texts()):
            path = new["paths"][runner]
            inside = np.all((path >= [x0 - 1, y0 - 1]) & (path <= [x1 + 1, y1 + 1]), axis=1)
            paths[runner].set_data(*(path if inside.all() else path[:np.argmin(inside) + 1]).T)
            losses = np.where(np.isfinite(new["losses"][runner]), new["losses"][runner], np.nan)
            curves[runner].set_data(np.arange(len(losses)), np.clip(losses, 1e-16, 1e12))
            curves[runner].set_label(_final_label(new, runner))
            text.set_text(_final_label(new, runner))
        loss_title.set_text(f"Loss per step: {new['winner']} ends lowest")
        suptitle.set_text("\n".join(_title_lines(new)))
        return [*drawn_inside(left), *drawn_inside(right), loss_title, suptitle]

    refresh(data)
    return refresh


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
                                         style=style, layout=layout),
        "lr_adaptive": widgets.FloatLogSlider(value=spec["lr_adaptive"], base=10, min=-3, max=0, step=0.05,
                                              readout_format=".2g", description="\N{GREEK SMALL LETTER ETA} RMSprop, Adam",
                                              style=style, layout=layout),
        "momentum": widgets.FloatSlider(value=momentum, min=0.0, max=0.99, step=0.01, readout_format=".2f",
                                        description="\N{GREEK SMALL LETTER MU} (and Adam's \N{GREEK SMALL LETTER BETA}\N{SUBSCRIPT ONE})",
                                        style=style, layout=layout),
        "steps": widgets.IntSlider(value=spec["steps"], min=10, max=1000, step=10, description="steps",
                                   style=style, layout=layout),
    }
    header = ("<b>Optimizer race</b><br><small>Same start (the black square), same gradients, torch's update rules; "
              "the star is the minimum. "
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
    alt = ("Left: the paths of SGD, momentum, Nesterov, RMSprop and Adam over the contours of the chosen surface, from "
           "the same start to its minimum. Right: each one's loss per step, on a log scale, with its final loss in "
           "the legend.")
    explorer = Explorer(controls, race_compute, race_draw, describe=race_describe, header=header, figsize=(8.4, 4.4),
                        alt=alt)
    return explorer


__all__ = ["race_explorer", "race_compute", "race_describe", "race_draw", "race_path", "has_diverged", "ravine",
           "ravine_gradient", "turned_ravine", "turned_ravine_gradient", "rosenbrock", "rosenbrock_gradient",
           "SURFACES", "RUNNERS", "RAVINE_CURVATURES"]
