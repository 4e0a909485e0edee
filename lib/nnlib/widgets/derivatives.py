"""Lesson 03's explorer: a function, its tangent from the symbolic derivative, and the error of finite differences.

The left panel draws f and its tangent line at x, with the slope f′(x) from SymPy; the right panel draws, on log-log
axes, how far the forward difference (f(x + h) − f(x)) / h and the centered difference (f(x + h) − f(x − h)) / 2h
land from f′(x) for every step h, with the chosen h marked.  Each function is turned into numpy code by
``sympy.lambdify`` once, when the module is imported; a redraw only evaluates numpy arrays.
"""
import ipywidgets as widgets
import numpy as np
import sympy as sp

from .. import activations
from ..gradcheck import numerical_gradient
from ..plots import PALETTE
from .base import Explorer, drawn_inside

_x = sp.Symbol("x")


def _compile(expression):
    """(f, f′) as numpy functions of x, from a SymPy expression in x: lambdified once, here."""
    return sp.lambdify(_x, expression, "numpy"), sp.lambdify(_x, sp.diff(expression, _x), "numpy")


_SIGMOID = 1 / (1 + sp.exp(-_x))
_COMPOSITE = sp.tanh(2 * _x - 1) ** 2
_SOFTPLUS = sp.log(1 + sp.exp(_x))

DERIVATIVE_FUNCTIONS = {
    # key: (dropdown label, name in the title, SymPy expression, numpy f, numpy f′ from SymPy)
    "sigmoid": ("sigmoid σ(x)", "σ(x)", _SIGMOID, activations.sigmoid, _compile(_SIGMOID)[1]),
    "tanh": ("tanh(x)", "tanh(x)", sp.tanh(_x), np.tanh, _compile(sp.tanh(_x))[1]),
    "composite": ("tanh(2x − 1)²", "tanh(2x − 1)²", _COMPOSITE, *_compile(_COMPOSITE)),
    "softplus": ("softplus log(1 + eˣ)", "log(1 + eˣ)", _SOFTPLUS, lambda v: np.logaddexp(0, v),
                 _compile(_SOFTPLUS)[1]),
}

X_RANGE = (-4.0, 4.0)
STEPS = np.logspace(-15, 0, 151)
"""The steps h of the error curves: 1e-15 to 1, ten per decade (the h slider's whole range and more)."""

FLOOR = 1e-17
"""Errors are drawn at least this large: an exact 0 (it happens by luck of rounding) has no place on a log axis."""


def _forward(f, x, h):
    return (f(x + h) - f(x)) / h


def _centered(f, x, h):
    return (f(x + h) - f(x - h)) / (2 * h)


def _typical(errors, half_width=5):
    """The running median of an error curve over ±half a decade of steps: the error to expect at each step, without
    the dips that rounding produces by luck (the argmin of the raw curve is such a dip)."""
    logs = np.log10(np.maximum(errors, FLOOR))
    windows = np.lib.stride_tricks.sliding_window_view(np.pad(logs, half_width, mode="edge"), 2 * half_width + 1)
    return 10 ** np.median(windows, axis=1)


def derivative_compute(function, x, h):
    """Everything the explorer draws for f = DERIVATIVE_FUNCTIONS[function] at the point x with the step h.

    -> dict: function, x, h, grid (G,) and curve (G,) of f, value f(x), slope f′(x) (symbolic), forward and
    centered (the two estimates at h), forward_error and centered_error at h, steps (S,) with forward_errors and
    centered_errors (S,) along them, their running medians forward_typical and centered_typical (S,),
    best_forward_h and best_centered_h (the steps where the typical errors are smallest), and centered_typical_error,
    the typical centered error at the step nearest h.
    """
    _, _, _, f, df = DERIVATIVE_FUNCTIONS[function]
    x, h = float(x), float(h)
    grid = np.linspace(*X_RANGE, 321)
    slope = float(df(x))
    centered = float(numerical_gradient(lambda v: float(f(v)[0]), np.array([x]), h)[0])
    forward = float(_forward(f, x, h))
    forward_errors = np.abs(_forward(f, x, STEPS) - slope)
    centered_errors = np.abs(_centered(f, x, STEPS) - slope)
    forward_typical, centered_typical = _typical(forward_errors), _typical(centered_errors)
    nearest = int(np.argmin(np.abs(np.log10(STEPS / h))))
    return {
        "function": function, "x": x, "h": h, "grid": grid, "curve": f(grid), "value": float(f(x)),
        "slope": slope, "forward": forward, "centered": centered,
        "forward_error": abs(forward - slope), "centered_error": abs(centered - slope),
        "steps": STEPS, "forward_errors": forward_errors, "centered_errors": centered_errors,
        "forward_typical": forward_typical, "centered_typical": centered_typical,
        "best_forward_h": float(STEPS[np.argmin(forward_typical)]),
        "best_centered_h": float(STEPS[np.argmin(centered_typical)]),
        "centered_typical_error": float(centered_typical[nearest]),
    }


def _e(value):
    """1.2e-05 -> 1e-05 style: one significant digit, enough for an error."""
    return f"{max(value, FLOOR):.0e}"


_SUPERSCRIPTS = str.maketrans("0123456789-", "⁰¹²³⁴⁵⁶⁷⁸⁹⁻")


def _times(factor):
    """3.2 -> '3×', 999.99 -> '10³×', 2.5e10 -> '10¹⁰×': a factor short enough for a title line."""
    # rounded first, so that a factor that prints as 1000 takes the power-of-ten form like the factors above it
    if round(factor) < 1000:
        return f"{factor:.0f}×"
    return f"10{str(round(np.log10(factor))).translate(_SUPERSCRIPTS)}×"


ROUNDING_NOISE = 1e-15
"""Below this a typical error is the last bits of float64 itself: a smaller error there is no luck worth a word."""


def _ratio(new, old):
    """'100× smaller', '10× larger' or 'about the same' for a change of an error.  Two errors both below
    ROUNDING_NOISE are the last bits of float64: their ratio is noise, so they are 'about the same'."""
    if max(new, old) < ROUNDING_NOISE:
        return "about the same"
    new, old = max(new, FLOOR), max(old, FLOOR)
    factor = new / old
    if 0.5 < factor < 2:
        return "about the same"
    return f"{_times(1 / factor)} smaller" if factor < 1 else f"{_times(factor)} larger"


def _centered_is_exact(data):
    """f is symmetric about x (the composite at 0.5): every centered error on the h range is rounding-sized."""
    return np.max(data["centered_errors"]) < 1e-12


def _regime(data):
    """Which error dominates the centered difference at this h."""
    best = data["best_centered_h"]
    if _centered_is_exact(data):
        return "f is symmetric about x: the centered difference is exact for every h"
    if data["h"] < best / 10:
        return f"h is below the sweet spot ≈ {_e(best)}: round-off (≈ ε/h) dominates"
    if data["h"] > best * 10:
        return f"h is above the sweet spot ≈ {_e(best)}: truncation (∝ h²) dominates"
    return f"h is near the sweet spot ≈ {_e(best)} of the centered difference"


def _luck(data):
    """A note when the centered error at h lies far below what is typical at this h: a lucky dip of rounding.
    Nothing to say where the difference is exact anyway (a symmetric f) or the typical error is rounding noise."""
    typical, error = data["centered_typical_error"], max(data["centered_error"], FLOOR)
    if _centered_is_exact(data) or typical < ROUNDING_NOISE or error >= typical / 10:
        return ""
    return f" (luckily {_times(typical / error)} below the typical {_e(typical)} at this h)"


def derivative_describe(data, previous):
    """Three short lines: the numbers at the current h; what the last change did; which error dominates."""
    name = DERIVATIVE_FUNCTIONS[data["function"]][1]
    head = (f"{name} at x = {data['x']:.2f}, h = {_e(data['h'])}: centered error {_e(data['centered_error'])}, "
            f"forward {_e(data['forward_error'])}")
    if previous is None or previous["function"] != data["function"] or previous["x"] != data["x"]:
        change = f"slope f′({data['x']:.2f}) = {data['slope']:.4f} from SymPy"
        if previous is not None and previous["function"] != data["function"]:
            change = f"new function {name}: " + change
    elif previous["h"] != data["h"]:
        direction = "smaller" if data["h"] < previous["h"] else "larger"
        factor = max(data["h"], previous["h"]) / min(data["h"], previous["h"])
        change = (f"h {_times(factor)} {direction}: centered error "
                  f"{_ratio(data['centered_error'], previous['centered_error'])}{_luck(data)}, forward "
                  f"{_ratio(data['forward_error'], previous['forward_error'])}")
    else:
        change = "nothing changed"
    return f"{head}\n{change}\n{_regime(data)}"


def _tangent_label(slope):
    return f"tangent, slope {slope:.3f}"


def _secant_label(slope):
    return f"forward secant, slope {slope:.3f}"


def derivative_draw(fig, data):
    """Left: f, its tangent at x and the forward secant. Right: |error| against h, log-log, with h marked.
    -> refresh, which follows x and h (a new function draws the whole figure: other axis limits)."""
    left, right = fig.subplots(1, 2, gridspec_kw={"width_ratios": [1, 1.15]})
    left.plot(data["grid"], data["curve"], color=PALETTE[0], linewidth=2.2, label="f(x)")
    tangent, = left.plot([], [], "-.", color=PALETTE[2], linewidth=2.0, label=_tangent_label(data["slope"]))
    secant, = left.plot([], [], color=PALETTE[1], linewidth=1.4, linestyle="--", label=_secant_label(data["forward"]))
    point, = left.plot([], [], "o", color="black", zorder=3)
    low, high = float(np.min(data["curve"])), float(np.max(data["curve"]))
    pad = 0.15 * (high - low + 1e-9)
    left.set(xlim=X_RANGE, ylim=(low - pad, high + pad), xlabel="x", ylabel="f(x)")
    # the legends sit above the panels: they hide no part of the curves, and no moving line passes under them
    above = dict(loc="lower left", bbox_to_anchor=(0, 1.01), borderaxespad=0, fontsize="small")
    left_legend = left.legend(**above)
    left.grid(alpha=0.3)

    steps = data["steps"]
    # the h axis runs a little past the largest step, so that the markers at h = 1 are not cut by the frame
    right.set(xscale="log", yscale="log", xlim=(steps[0], 3 * steps[-1]), ylim=(FLOOR, 1e1))
    forward_errors, = right.plot([], [], color=PALETTE[1], linewidth=1.8, label="forward (f(x+h) − f(x)) / h")
    centered_errors, = right.plot([], [], color=PALETTE[0], linewidth=1.8, label="centered (f(x+h) − f(x−h)) / 2h")
    round_off, = right.plot([], [], color="0.45", linestyle=":", linewidth=1.2, label="round-off ≈ ε|f|/h")
    step_line = right.axvline(data["h"], color="black", linewidth=1.0, linestyle="--")
    forward_point, = right.plot([], [], "s", color=PALETTE[1], markeredgecolor="black", zorder=3)
    centered_point, = right.plot([], [], "o", color=PALETTE[0], markeredgecolor="black", zorder=3)
    right.set(xlabel="step h", ylabel="|estimate − f′(x)|")
    right_legend = right.legend(**above)
    right.grid(alpha=0.3, which="major")
    title = fig.suptitle("", fontsize=10)
    function = data["function"]

    def refresh(new):
        if new["function"] != function:
            return None
        x, y, h = new["x"], new["value"], new["h"]
        span = np.array([x - 1.6, x + 1.6])
        for line, slope, label, text in ((tangent, new["slope"], _tangent_label, left_legend.texts[1]),
                                         (secant, new["forward"], _secant_label, left_legend.texts[2])):
            line.set_data(span, y + slope * (span - x))
            text.set_text(label(slope))
        point.set_data([x], [y])
        forward_errors.set_data(steps, np.maximum(new["forward_errors"], FLOOR))
        centered_errors.set_data(steps, np.maximum(new["centered_errors"], FLOOR))
        round_off.set_data(steps, np.finfo(np.float64).eps * max(abs(y), 1e-3) / steps)
        step_line.set_xdata([h, h])
        forward_point.set_data([h], [max(new["forward_error"], FLOOR)])
        centered_point.set_data([h], [max(new["centered_error"], FLOOR)])
        title.set_text(new.get("title", ""))
        # the left legend shows the slopes; the right one never changes: it stays in the saved picture
        return [*drawn_inside(left), *(artist for artist in drawn_inside(right) if artist is not right_legend), title]

    refresh(data)
    return refresh


def derivative_explorer(function="sigmoid", x=0.5, h=1e-3):
    """A function picker, a point x and a step h (log slider) redraw f with its tangent and the errors of the
    forward and centered differences against h.  -> the Explorer (display it)."""
    style = {"description_width": "4.5em"}
    layout = widgets.Layout(width="300px")
    controls = {
        "function": widgets.Dropdown(options=[(entry[0], key) for key, entry in DERIVATIVE_FUNCTIONS.items()],
                                     value=function, description="function", style=style, layout=layout),
        "x": widgets.FloatSlider(value=x, min=-3.0, max=3.0, step=0.05, readout_format=".2f", description="point x",
                                 style=style, layout=layout),
        "h": widgets.FloatLogSlider(value=h, base=10, min=-14, max=0, step=0.5, readout_format=".0e",
                                    description="step h", style=style, layout=layout),
    }
    header = ("<b>Derivatives: exact, forward and centered</b><br><small>The tangent uses f′ from SymPy. "
              "Move h and watch the two errors: truncation falls as h (forward) or h² (centered), "
              "round-off grows as ε/h.</small>")
    alt = ("Left: the function, its exact tangent at x (from SymPy) and the secant a finite difference with step h "
           "uses. Right: the errors of the forward and centered differences against h, log-log, with h marked.")
    return Explorer(controls, derivative_compute, derivative_draw, describe=derivative_describe, header=header,
                    figsize=(8.4, 5.0), alt=alt)


__all__ = ["DERIVATIVE_FUNCTIONS", "derivative_compute", "derivative_explorer"]
