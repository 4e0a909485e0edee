"""Lesson 01's explorer: one neuron with two inputs, a = φ(w1 x1 + w2 x2 + b), over the input plane."""
from functools import partial

import ipywidgets as widgets
import numpy as np
from matplotlib import patheffects

from .. import activations
from ..plots import MISTAKE_COLOR, PALETTE
from .base import Explorer, _number, drawn_inside

NEURON_ACTIVATIONS = {
    # key: (dropdown label, short name for the title, function, colour range, what its output looks like)
    "sigmoid": ("sigmoid", "sigmoid", activations.sigmoid, (0.0, 1.0),
                "outputs in (0, 1), exactly 0.5 on the line"),
    "tanh": ("tanh", "tanh", activations.tanh, (-1.0, 1.0),
             "outputs in (\N{MINUS SIGN}1, 1), exactly 0 on the line"),
    "relu": ("ReLU", "ReLU", activations.relu, (0.0, 4.0),
             "0 on one side of the line, a ramp on the other"),
    "leaky_relu": ("leaky ReLU (\N{GREEK SMALL LETTER ALPHA} = 0.1)", "leaky ReLU",
                   partial(activations.leaky_relu, negative_slope=0.1), (-1.0, 4.0),
                   "a steep ramp on one side, a gentle one (slope 0.1) on the other"),
    "linear": ("none (linear)", "linear", lambda z: z, (-4.0, 4.0),
               "no activation: the output is z itself, unbounded"),
}

CORNERS = np.array([[-1.0, -1.0], [-1.0, 1.0], [1.0, -1.0], [1.0, 1.0]])
"""The four corners (±1, ±1) on which the neuron can try the logic functions."""

NEURON_TASKS = {
    # key: (dropdown label, name in the title, labels of CORNERS)
    "none": ("none", None, None),
    "and": ("AND", "AND", np.array([0, 0, 0, 1])),
    "or": ("OR", "OR", np.array([0, 1, 1, 1])),
    "xor": ("XOR", "XOR", np.array([0, 1, 1, 0])),
}

PLANE = (-2.0, 2.0)

ON_THE_LINE = 1e-9
"""|z| below this counts as z = 0: slider steps of 0.1 are not exact in binary, so a corner meant to lie on the
line can get z = 1e-16 instead of 0."""


def _line_in_box(w, b, lo, hi):
    """The segment of the line w·x + b = 0 inside the square [lo, hi]²: (2, 2) endpoints, or None."""
    norm = np.linalg.norm(w)
    if norm == 0:
        return None
    foot = -b * w / norm**2  # the point of the line closest to the origin
    direction = np.array([-w[1], w[0]]) / norm
    t_min, t_max = -np.inf, np.inf  # clip foot + t·direction to the square, one axis at a time
    for axis in (0, 1):
        if abs(direction[axis]) < 1e-12:  # the line runs parallel to this axis
            if not lo <= foot[axis] <= hi:
                return None
            continue
        t1, t2 = sorted(((lo - foot[axis]) / direction[axis], (hi - foot[axis]) / direction[axis]))
        t_min, t_max = max(t_min, t1), min(t_max, t2)
    if t_max - t_min < 1e-12:
        return None
    return foot + np.array([[t_min], [t_max]]) * direction


def neuron_compute(w1, w2, b, activation, points, resolution=161):
    """The neuron's output over the plane [−2, 2]² and, for a task, which corners land on their side.

    -> dict: w (2,), b, activation, grid (R,), z and output (R, R) with rows along x2, vmin/vmax of the colour
    scale, boundary (2, 2) endpoints of w·x + b = 0 or None, task, and for a task points (4, 2), labels (4,),
    corner_z (4,), on_line (4,) bool (z = 0: on neither side), predicted (4,) (1 where z > 0), correct (4,) bool
    (z > 0 for class 1, z < 0 for class 0) and margin, the smallest |z| at a corner.
    """
    w = np.array([w1, w2], dtype=np.float64)
    _, _, function, (vmin, vmax), _ = NEURON_ACTIVATIONS[activation]
    grid = np.linspace(*PLANE, resolution)
    X1, X2 = np.meshgrid(grid, grid)  # (R, R) each: rows follow x2, columns x1
    z = w[0] * X1 + w[1] * X2 + b
    data = {"w": w, "b": float(b), "activation": activation, "grid": grid, "z": z, "output": function(z),
            "vmin": vmin, "vmax": vmax, "boundary": _line_in_box(w, b, *PLANE), "task": points}
    labels = NEURON_TASKS[points][2]
    if labels is not None:
        corner_z = CORNERS @ w + b
        on_line = np.abs(corner_z) < ON_THE_LINE
        predicted = (corner_z > 0).astype(np.int64)
        data.update(points=CORNERS, labels=labels, corner_z=corner_z, on_line=on_line, predicted=predicted,
                    correct=(predicted == labels) & ~on_line, margin=float(np.min(np.abs(corner_z))))
    return data


def _geometry_change(w, b, w_old, b_old):
    """What a change of (w, b) did to the boundary and to the steepness, in words."""
    if not np.any(w):
        return "w = 0: the same output everywhere, no boundary"
    if not np.any(w_old):
        return "a boundary appears"
    norm, norm_old = np.linalg.norm(w), np.linalg.norm(w_old)
    cos = np.clip(w @ w_old / (norm * norm_old), -1.0, 1.0)
    offset, offset_old = -b / norm, -b_old / norm_old  # signed distance of the line from 0, along w
    if cos < -1 + 1e-12 and np.isclose(offset, -offset_old):
        return "the same line, but the sides swap"
    changes = []
    if cos < 1 - 1e-12:
        changes.append(f"the boundary tilts by {np.degrees(np.arccos(cos)):.0f}\N{DEGREE SIGN}")
    elif not np.isclose(offset, offset_old):
        changes.append("the boundary shifts " + ("along w" if offset > offset_old else "against w"))
    if not np.isclose(norm, norm_old):
        changes.append("the transition gets " + ("steeper" if norm > norm_old else "gentler"))
    return " and ".join(changes)


def neuron_describe(data, previous):
    """The title: the neuron, its parameters, and what the last change did (and the score on a task)."""
    _, name, _, _, looks = NEURON_ACTIVATIONS[data["activation"]]
    w, b = data["w"], data["b"]
    if previous is None:
        finding = ("w = 0: the same output everywhere, no boundary" if not np.any(w)
                   else "the output changes across the line w\N{MIDDLE DOT}x + b = 0")
    elif data["activation"] != previous["activation"]:
        finding = f"same boundary, {looks}"
    elif np.array_equal(w, previous["w"]) and b == previous["b"]:
        task = NEURON_TASKS[data["task"]][1]
        if data["task"] == previous["task"]:
            finding = "nothing changed"
        else:
            finding = f"the {task} corners are shown" if task else "the corners are hidden"
    else:
        finding = _geometry_change(w, b, previous["w"], previous["b"])
    title = f"{name} neuron: w = ({_number(w[0])}, {_number(w[1])}), b = {_number(b)} \N{EM DASH} {finding}"
    if "points" in data:
        task, n_correct = NEURON_TASKS[data["task"]][1], int(data["correct"].sum())
        title += f"\n{task}: {n_correct} of 4 corners on the correct side"
        n_on_line = int(data["on_line"].sum())
        if n_on_line:
            title += f", {n_on_line} on the line (z = 0: neither side)"
        if n_correct == 4:
            title += f" \N{EM DASH} solved! (smallest |z| at a corner: {_number(data['margin'])})"
        elif data["task"] == "xor":
            title += " \N{EM DASH} no line gets all 4"
    return title


def _neuron_parts(data):
    """What decides which parts the figure has, beyond their data: the colour scale, the legend's entries. A change
    of these draws the whole figure again; anything else is a refresh."""
    return data["activation"], data["task"], data["boundary"] is None


def _arrow_of_w(data):
    """Where the arrow along w starts and ends, or None when it would leave the plane."""
    w, b, hi = data["w"], data["b"], PLANE[1]
    foot = -b * w / (w @ w)  # the point of the line closest to the origin
    # start the arrow at the foot when it is well inside the plane, else at the middle of the visible segment
    start = foot if np.all(np.abs(foot) < 0.8 * hi) else data["boundary"].mean(axis=0)
    tip = start + 0.7 * w / np.linalg.norm(w)
    return (start, tip) if np.all(np.abs(tip) < hi) else None


def _neuron_title(data):
    return data.get("title", "").replace(" \N{EM DASH} ", "\n", 1)


def neuron_draw(fig, data):
    """Heat map of the output, the decision line, the direction of w, and the corners of a task.  -> refresh."""
    ax = fig.add_subplot()
    lo, hi = PLANE
    image = ax.imshow(data["output"], origin="lower", extent=(lo, hi, lo, hi), cmap="cividis",
                      vmin=data["vmin"], vmax=data["vmax"], interpolation="bilinear")
    label = NEURON_ACTIVATIONS[data["activation"]][1]
    # arrows on the colour bar only where the output goes beyond the colour range
    extend = {"relu": "max", "leaky_relu": "both", "linear": "both"}.get(data["activation"], "neither")
    fig.colorbar(image, ax=ax, shrink=0.85, extend=extend,
                 label=f"output a = {label}(w\N{MIDDLE DOT}x + b)")
    if data["boundary"] is not None:
        halo, = ax.plot([], [], color="white", linewidth=3.2, solid_capstyle="butt")
        line, = ax.plot([], [], color="black", linewidth=1.6, linestyle="--", label="w\N{MIDDLE DOT}x + b = 0")
        outline = [patheffects.withStroke(linewidth=4, foreground="black")]  # readable on dark and light
        arrow = ax.annotate("", xy=(0, 0), xytext=(0, 0),
                            arrowprops=dict(arrowstyle="-|>", color="white", linewidth=2, mutation_scale=16))
        arrow.arrow_patch.set_path_effects(outline)
        arrow_label = ax.annotate("direction of w", xy=(0, 0), xytext=(4, 4), textcoords="offset points",
                                  color="white", fontweight="bold", fontsize=10, path_effects=outline)
    if "points" in data:
        for k, marker in ((0, "o"), (1, "s")):
            members = data["labels"] == k
            # a black halo under a white edge keeps the markers visible on dark and light parts of the map
            ax.scatter(*data["points"][members].T, s=190, marker=marker, c="black", zorder=3)
            ax.scatter(*data["points"][members].T, s=110, marker=marker, c=PALETTE[k], edgecolors="white",
                       linewidths=1.5, label=f"class {k}", zorder=3)
        # both keys stay in the legend while a task is shown, so that a drag only moves the rings
        wrong_markers = ax.scatter([], [], s=260, marker="o", facecolors="none", edgecolors=MISTAKE_COLOR,
                                   linewidths=2.5, label="wrong side", zorder=4)
        on_line_markers = ax.scatter([], [], s=260, marker="o", facecolors="none", edgecolors=MISTAKE_COLOR,
                                     linewidths=2.0, linestyles="--", label="on the line (z = 0)", zorder=4)
    if ax.get_legend_handles_labels()[0]:
        # outside the plane, under it: a legend over the heat map would be drawn again with every move
        fig.legend(loc="outside lower center", ncols=3, fontsize="small", frameon=False)
    title = ax.set_title("", fontsize=10)
    ax.set(xlim=(lo, hi), ylim=(lo, hi), xlabel="input $x_1$", ylabel="input $x_2$", aspect="equal")
    parts = _neuron_parts(data)

    def refresh(new):
        if _neuron_parts(new) != parts:
            return None
        image.set_data(new["output"])
        if new["boundary"] is not None:
            halo.set_data(*new["boundary"].T)
            line.set_data(*new["boundary"].T)
            ends = _arrow_of_w(new)
            for artist in (arrow, arrow_label):
                artist.set_visible(ends is not None)
            if ends is not None:
                arrow.xyann, arrow.xy = ends
                arrow_label.xy = ends[1]
        if "points" in new:
            wrong_markers.set_offsets(new["points"][~new["correct"] & ~new["on_line"]])
            on_line_markers.set_offsets(new["points"][new["on_line"]])
        title.set_text(_neuron_title(new))
        return [*drawn_inside(ax), title]

    refresh(data)
    return refresh


def neuron_explorer(w1=1.5, w2=-1.0, b=0.5, activation="sigmoid", points="and"):
    """Sliders for w1, w2, b and pickers for the activation and the corners of a task (AND, OR, XOR) redraw the
    output of a = φ(w1 x1 + w2 x2 + b) over the plane, with the line w·x + b = 0.  -> the Explorer (display it)."""
    slider = partial(widgets.FloatSlider, min=-4.0, max=4.0, step=0.1, readout_format=".1f",
                     style={"description_width": "2.5em"},
                     layout=widgets.Layout(width="290px"))
    controls = {
        "w1": slider(value=w1, description="w\N{SUBSCRIPT ONE}"),
        "w2": slider(value=w2, description="w\N{SUBSCRIPT TWO}"),
        "b": slider(value=b, description="b"),
        "activation": widgets.Dropdown(
            options=[(entry[0], key) for key, entry in NEURON_ACTIVATIONS.items()], value=activation,
            description="\N{GREEK SMALL LETTER PHI}", style={"description_width": "2.5em"},
            layout=widgets.Layout(width="290px")),
        "points": widgets.Dropdown(
            options=[(entry[0], key) for key, entry in NEURON_TASKS.items()], value=points,
            description="corners", style={"description_width": "4em"}, layout=widgets.Layout(width="290px")),
    }
    header = ("<b>One neuron, two inputs</b><br>a = \N{GREEK SMALL LETTER PHI}(w\N{SUBSCRIPT ONE}x\N{SUBSCRIPT ONE}"
              " + w\N{SUBSCRIPT TWO}x\N{SUBSCRIPT TWO} + b)<br><small>The neuron says class 1 where "
              "w\N{MIDDLE DOT}x + b &gt; 0.</small>")
    alt = ("A heat map of the neuron's output over the input plane x1, x2 from -2 to 2, with its decision line "
           "w·x + b = 0 dashed, an arrow along w, and for a task its four corners marked by class, ringed when on the "
           "wrong side or on the line.")
    return Explorer(controls, neuron_compute, neuron_draw, describe=neuron_describe, header=header, alt=alt)


BUMPS_INTERVAL = (-2.0, 2.0)


def bumps_target(x):
    """The curve the ReLU network of bumps_compute imitates: a wave on a slope, smooth but not a polynomial."""
    return np.sin(3 * x) + 0.3 * x


def bumps_compute(n_units, resolution=401):
    """A network 1 -> n_units (ReLU) -> 1 that draws the straight-line interpolation of bumps_target on
    BUMPS_INTERVAL through n_units + 1 evenly spaced points.

    Unit j is ReLU(x − t_j): it is 0 left of its knot t_j and bends the output there by its output weight, the change
    of slope at t_j.  -> dict: n_units, x (R,), target (R,), output (R,), contributions (n_units, R) (each unit's
    output weight × its ReLU), knots (n_units + 1,), params in the course's names {"W1": (1, n_units),
    "b1": (n_units,), "W2": (n_units, 1), "b2": (1,)} (activations ReLU, then none), max_error (largest
    |output − target| on x).
    """
    n_units = int(n_units)
    lo, hi = BUMPS_INTERVAL
    knots = np.linspace(lo, hi, n_units + 1)
    slopes = np.diff(bumps_target(knots)) / np.diff(knots)  # (n_units,): the slope between neighbouring knots
    W1 = np.ones((1, n_units))
    b1 = -knots[:-1]  # unit j switches on at knot t_j
    W2 = np.diff(slopes, prepend=0.0)[:, None]  # (n_units, 1): the change of slope at each knot
    b2 = bumps_target(knots[:1])  # (1,): the curve's value at the left end
    x = np.linspace(lo, hi, resolution)
    hidden = np.maximum(x[:, None] @ W1 + b1, 0)  # (R, n_units)
    output = (hidden @ W2 + b2).ravel()
    target = bumps_target(x)
    return {"n_units": n_units, "x": x, "target": target, "output": output,
            "contributions": (hidden * W2.T).T, "knots": knots,
            "params": {"W1": W1, "b1": b1, "W2": W2, "b2": b2}, "max_error": float(np.max(np.abs(output - target)))}


def bumps_describe(data, previous):
    """The title: how many units, how close the network is, and how that changed."""
    n, error = data["n_units"], data["max_error"]
    title = f"{n} hidden ReLU unit{'s' if n != 1 else ''}: largest error {error:.3f}"
    if previous is not None and previous["n_units"] != n:
        factor = previous["max_error"] / error if error > 0 else np.inf
        if abs(factor - 1) < 0.05:  # e.g. 1 and 2 units: one straight line or two, the same largest error
            title += f" \N{EM DASH} no closer than with {previous['n_units']}"
        elif factor > 1:
            title += f" \N{EM DASH} {factor:.1f}\N{MULTIPLICATION SIGN} closer than with {previous['n_units']}"
        else:
            title += f" \N{EM DASH} {1 / factor:.1f}\N{MULTIPLICATION SIGN} further than with {previous['n_units']}"
    return title


BUMPS_LINES = 60
"""The units whose shares the lower panel draws: more lines than that are a blur."""


def _share_limit(data):
    """The lower panel's y range, ±this: the first of 1, 2, 5, 10, 20 that holds every unit's share (a slider move
    that stays within it redraws only the lines)."""
    largest = np.max(np.abs(data["contributions"][:BUMPS_LINES]))
    return next(limit for limit in (1, 2, 5, 10, 20, np.inf) if largest <= 0.95 * limit)


def bumps_draw(fig, data):
    """Top: the curve, the network's output and its knots. Bottom: what each hidden unit adds.  -> refresh."""
    top, bottom = fig.subplots(2, 1, sharex=True, height_ratios=(3, 2))
    x = data["x"]
    top.plot(x, data["target"], color="0.55", linewidth=4, label="target curve")
    output, = top.plot(x, data["output"], color=PALETTE[5], linewidth=2, label="network output")
    knots, = top.plot([], [], "o", color="black", markersize=4, label="knots: the network meets the curve")
    top.set(ylabel="f(x)", ylim=(-2.2, 2.2))
    top.legend(loc="lower right", fontsize="small", framealpha=0.85)
    title = top.set_title("", fontsize=10)
    bottom.axhline(0, color="0.5", linewidth=0.8)  # first: under the shares that are drawn over it
    shares = [bottom.plot([], [], linewidth=1, color=PALETTE[0], alpha=0.6)[0] for _ in range(BUMPS_LINES)]
    limit = _share_limit(data)
    bottom.set(xlabel="input x", ylabel="one unit's share", xlim=BUMPS_INTERVAL, ylim=(-limit, limit))

    def refresh(new):
        if _share_limit(new) != limit:
            return None
        output.set_ydata(new["output"])
        knots.set_data(new["knots"], bumps_target(new["knots"]))
        for line, contribution in zip(shares, new["contributions"]):
            line.set_data(x, contribution)
        for line in shares[len(new["contributions"]):]:
            line.set_data([], [])
        title.set_text(new.get("title", ""))
        return [*drawn_inside(top), title, *drawn_inside(bottom)]

    refresh(data)
    return refresh


def bumps_explorer(n_units=3):
    """A slider for the number of hidden ReLU units redraws a one-hidden-layer network that follows a curve by
    bending a straight line once per unit.  -> the Explorer (display it)."""
    controls = {"n_units": widgets.IntSlider(value=n_units, min=1, max=40, step=1, description="units",
                                             style={"description_width": "3.5em"},
                                             layout=widgets.Layout(width="290px"))}
    header = ("<b>One hidden layer of ReLUs</b><br>output = b\N{SUBSCRIPT TWO} + \N{GREEK CAPITAL LETTER SIGMA}"
              "<sub>j</sub> v<sub>j</sub> ReLU(x \N{MINUS SIGN} t<sub>j</sub>)<br><small>Each unit bends the line "
              "once, at its knot t<sub>j</sub>; in <code>params</code>, v<sub>j</sub> = W2[j, 0] and "
              "t<sub>j</sub> = \N{MINUS SIGN}b1[j].</small>")
    alt = ("Top: a wavy target curve, the network's output (straight pieces joined at its knots) and the knots. "
           "Bottom: each hidden unit's share, a ramp that starts at its knot.")
    return Explorer(controls, bumps_compute, bumps_draw, describe=bumps_describe, header=header, figsize=(6.4, 5.2),
                    alt=alt)
