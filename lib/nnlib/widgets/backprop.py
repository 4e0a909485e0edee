"""Lesson 04's explorer: the computational graph of one neuron, its values forward and its gradients backward.

The neuron is L = (φ(x1 w1 + x2 w2 + b) − y)², built from nnlib.autograd.Value nodes. ``draw_graph`` draws any small
Value graph (the lesson's story uses it too): one box per node with its value (forward, blue) and its gradient
(backward, vermillion), arrows from each input to the node it feeds.
"""
from functools import partial

import ipywidgets as widgets
import numpy as np
from matplotlib.patches import FancyArrowPatch
from matplotlib.path import Path

from ..autograd import Value
from ..plots import PALETTE
from .base import Explorer

FORWARD_COLOR, BACKWARD_COLOR, PATH_COLOR = PALETTE[0], PALETTE[5], PALETTE[1]

ACTIVATIONS = {
    # key: (dropdown label, name in formulas, local derivative φ′ as a function of z and a = φ(z))
    "tanh": ("tanh", "tanh", lambda z, a: 1 - a * a),
    "sigmoid": ("sigmoid", "σ", lambda z, a: a * (1 - a)),
    "relu": ("ReLU", "ReLU", lambda z, a: float(z > 0)),
}

PARAMETERS = ("x1", "w1", "x2", "w2", "b", "y")
MINUS = "\N{MINUS SIGN}"


def _fmt(value, digits=3):
    """A short number with a true minus sign and no "−0"."""
    text = f"{value + 0.0:.{digits}g}" if abs(value) >= 1e-3 or value == 0 else f"{value:.2e}"
    return text.replace("-", MINUS)


def graph_nodes(root):
    """Every node of the graph of ``root`` in topological order (inputs first), and the edges (input, user)."""
    order, seen = [], set()

    def visit(node):  # depth first, inputs in the order the operation took them, so x1 is drawn above w1
        if id(node) not in seen:
            seen.add(id(node))
            for child in node._prev:
                visit(child)
            order.append(node)

    visit(root)
    index = {id(node): i for i, node in enumerate(order)}
    edges = [(index[id(child)], index[id(node)]) for node in order for child in dict.fromkeys(node._prev)]
    return order, edges


def graph_layout(order, edges):
    """(x, y) per node: x is the depth (a leaf sits just left of its first user), y the mean of its inputs' y."""
    n = len(order)
    inputs = [[a for a, b in edges if b == i] for i in range(n)]
    users = [[b for a, b in edges if a == i] for i in range(n)]
    depth = [0] * n
    for i in range(n):
        depth[i] = 1 + max(depth[j] for j in inputs[i]) if inputs[i] else 0
    for i in range(n):
        if not inputs[i] and users[i]:
            depth[i] = min(depth[j] for j in users[i]) - 1
    y, leaf_row = [0.0] * n, 0
    for i in range(n):
        if inputs[i]:
            y[i] = float(np.mean([y[j] for j in inputs[i]]))
        else:
            y[i], leaf_row = float(leaf_row), leaf_row + 1
    return np.array(depth, dtype=float), -np.array(y)


NAME_SIZE, TEXT_SIZE = 10.5, 10
"""Font sizes (points) of a node's name line and of its data and grad lines: readable at notebook width."""


def _half_width(text, size, units_per_point):
    """Half the width of text at this font size, in data units (an estimate: 0.6 em a character)."""
    return 0.5 * 0.6 * size * len(text) * units_per_point


def draw_graph(ax, root, highlight=(), title=None):
    """Draw the Value graph of ``root``: boxes with label, operation, data (blue) and grad (vermillion).

    highlight: labels of nodes whose edges are drawn thick (a path the title talks about).  -> positions (n, 2).
    Arrows run from the right side of a node's box to the left side of its user's box, level with the boxes at
    both ends, so that they pass between the labels.
    """
    positions, show = _graph_artists(ax, root)
    show(root, highlight)
    if title:
        ax.set_title(title, fontsize=11)
    return positions


def _level_ends(start, end, **patches_and_shrinking):
    """The connection style of the graph's arrows, called by matplotlib with both ends in pixels (and patches to
    clip to, none here): a curve that leaves and enters level with the boxes, clear of the labels above and below."""
    bend = 0.45 * (end[0] - start[0])
    return Path([start, (start[0] + bend, start[1]), (end[0] - bend, end[1]), end],
                [Path.MOVETO, Path.CURVE4, Path.CURVE4, Path.CURVE4])


def _node_name(node):
    return (node.label or _fmt(node.data)) + (f"  [{node._op}]" if node._op else "")


def _graph_artists(ax, root):
    """Lay out the graph of ``root`` on ax and draw it: an arrow per edge; per node its name and operation, and a box
    for its value with its gradient under it, left empty.

    -> (positions (n, 2), show). show(root, highlight) writes the values and gradients of a graph of the same names
    and edges (other numbers) into the boxes, with the arrows that fit them, and returns the artists it changed.
    """
    order, edges = graph_nodes(root)
    xs, ys = graph_layout(order, edges)
    ax.set_xlim(xs.min() - 0.6, xs.max() + 0.6)
    ax.set_ylim(ys.min() - 0.7, ys.max() + 0.7)
    width_points = ax.figure.get_size_inches()[0] * 72 * ax.get_position().width
    units_per_point = (xs.max() - xs.min() + 1.2) / width_points
    arrows = [ax.add_patch(FancyArrowPatch((xs[a], ys[a]), (xs[b], ys[b]), connectionstyle=_level_ends,
                                           shrinkA=0, shrinkB=0, arrowstyle="-|>", mutation_scale=14, zorder=1))
              for a, b in edges]
    for node, x, y in zip(order, xs, ys):
        # under the arrows: an arrow that passes over a name is drawn the same when only the numbers are redrawn
        ax.text(x, y + 0.19, _node_name(node), ha="center", va="bottom", fontsize=NAME_SIZE, fontweight="bold",
                zorder=0.9)
    values = [ax.text(x, y + 0.02, "", ha="center", va="center", fontsize=TEXT_SIZE, color=FORWARD_COLOR, zorder=3)
              for x, y in zip(xs, ys)]
    grads = [ax.text(x, y - 0.2, "", ha="center", va="top", fontsize=TEXT_SIZE, color=BACKWARD_COLOR, zorder=3)
             for x, y in zip(xs, ys)]
    ax.set_xticks([])
    ax.set_yticks([])
    for side in ax.spines.values():
        side.set_visible(False)
    ax.set_xlabel("blue, in the box: data (forward, left to right)  ·  vermillion, under it: grad = "
                  "\N{PARTIAL DIFFERENTIAL}L/\N{PARTIAL DIFFERENTIAL}node (backward, right to left)",
                  fontsize=TEXT_SIZE)

    def show(root, highlight):
        order = graph_nodes(root)[0]
        highlight = set(highlight)
        for node, value, grad in zip(order, values, grads):
            on_path = node.label in highlight
            data, gradient = _fmt(node.data), _fmt(node.grad)
            # the box is at least as wide as the gradient under it: an arrow that leaves or enters its side, level
            # with it, then clears the gradient's label
            value.set_text(data.center(max(len(data), len(gradient)), "\N{FIGURE SPACE}"))
            value.set_bbox(dict(boxstyle="round,pad=0.35", facecolor="white",
                                edgecolor=PATH_COLOR if on_path else "0.45", linewidth=2 if on_path else 1))
            grad.set_text(gradient)
        half = [_half_width(value.get_text(), TEXT_SIZE, units_per_point) for value in values]
        for arrow, (a, b) in zip(arrows, edges):
            start, end = (xs[a] + half[a], ys[a] + 0.02), (xs[b] - half[b], ys[b] + 0.02)
            if end[0] - start[0] < 0.2:  # wide boxes almost touch: keep a visible arrow, its ends hidden under them
                middle = (xs[a] + xs[b]) / 2
                start, end = (middle - 0.1, start[1]), (middle + 0.1, end[1])
            arrow.set_positions(start, end)
            on_path = order[a].label in highlight and order[b].label in highlight
            arrow.set_linewidth(2.6 if on_path else 1.1)
            arrow.set_color(PATH_COLOR if on_path else "0.6")
        return [*arrows, *values, *grads]

    return np.column_stack([xs, ys]), show


def build_neuron(x1, w1, x2, w2, b, y, activation):
    """L = (φ(x1 w1 + x2 w2 + b) − y)² as a Value graph, backpropagated.  -> (L, {label: node})."""
    leaves = {name: Value(value, label=name) for name, value in
              zip(PARAMETERS, (x1, w1, x2, w2, b, y))}
    p1 = leaves["x1"] * leaves["w1"]
    p1.label = "x1·w1"
    p2 = leaves["x2"] * leaves["w2"]
    p2.label = "x2·w2"
    s = p1 + p2
    s.label = "s"
    z = s + leaves["b"]
    z.label = "z"
    a = getattr(z, activation)()
    a.label = "a"
    e = a - leaves["y"]
    e.label = "e"
    L = e ** 2
    L.label = "L"
    L.backward()
    return L, {node.label: node for node in graph_nodes(L)[0]}


def backprop_compute(x1, w1, x2, w2, b, y, activation):
    """Forward and backward through the neuron.  -> dict: values and grads per label, φ′(z), the graph's root."""
    L, nodes = build_neuron(x1, w1, x2, w2, b, y, activation)
    z, a = nodes["z"].data, nodes["a"].data
    return {"root": L, "activation": activation, "inputs": dict(zip(PARAMETERS, (x1, w1, x2, w2, b, y))),
            "values": {k: v.data for k, v in nodes.items()}, "grads": {k: v.grad for k, v in nodes.items()},
            "local": ACTIVATIONS[activation][2](z, a), "loss": L.data}


def _factor(value):
    """A number as a factor of a product: negative ones in parentheses."""
    return f"({_fmt(value)})" if value < 0 else _fmt(value)


def _chain(data, name):
    """The chain rule for ∂L/∂name, written out with numbers: (formula, product of numbers)."""
    v, local = data["values"], data["local"]
    phi = ACTIVATIONS[data["activation"]][1]
    upstream = f"{phi}′(z) · 2(a {MINUS} y)"
    numbers = f"{_factor(local)} · {_factor(2 * v['e'])}"
    if name in ("w1", "w2"):
        x = "x" + name[1]
        return f"{x} · {upstream}", f"{_factor(v[x])} · {numbers}"
    if name in ("x1", "x2"):
        w = "w" + name[1]
        return f"{w} · {upstream}", f"{_factor(v[w])} · {numbers}"
    if name == "b":
        return upstream, numbers
    return f"{MINUS}2(a {MINUS} y)", f"{MINUS}2 · {_factor(v['e'])}"


def backprop_describe(data, previous):
    """Title: the control that changed, its gradient by the chain rule with numbers, and what happened to it."""
    changed = "w1"
    if previous is not None:
        moved = [k for k in PARAMETERS if data["inputs"][k] != previous["inputs"][k]]
        if moved:
            changed = moved[0]
        elif data["activation"] != previous["activation"]:
            changed = "activation"
    # An input is there to be watched through its weight: moving x1 shows what happens to w1's gradient (x1 · ...),
    # the quantity learning uses; ∂L/∂x1 would change for another reason (it is proportional to w1).
    focus = {"activation": "w1", "x1": "w1", "x2": "w2"}.get(changed, changed)
    formula, numbers = _chain(data, focus)
    grad = data["grads"][focus]
    head = (f"{ACTIVATIONS[data['activation']][0]}: " if changed == "activation"
            else f"{changed} = {data['inputs'][changed] + 0.0:.1f}: ".replace("-", MINUS))
    title = f"{head}\N{PARTIAL DIFFERENTIAL}L/\N{PARTIAL DIFFERENTIAL}{focus} = {formula} = {numbers} = {_fmt(grad)}"
    z = data["values"]["z"]
    if data["activation"] == "relu" and z <= 0:
        finding = f"z = {_fmt(z)} \N{LESS-THAN OR EQUAL TO} 0: ReLU is flat there, so every gradient left of a is 0"
    elif focus != "y" and abs(data["local"]) < 0.05:
        finding = f"the activation saturates (\N{GREEK SMALL LETTER PHI}′(z) = {_fmt(data['local'])}): " \
                  "little gradient gets through"
    elif previous is not None and changed != "activation" and focus in previous["grads"]:
        before = previous["grads"][focus]
        finding = f"it was {_fmt(before)} before; L = {_fmt(data['loss'])}"
    else:
        finding = f"L = {_fmt(data['loss'])}; the orange path carries the gradient from L back to {focus}"
    data["focus"] = focus
    return f"{title}\n{finding}"


def _highlight(focus):
    """The labels of the nodes on the path from L back to the focused control."""
    if focus == "y":
        return {"y", "e", "L"}
    product = {"x1": "x1·w1", "w1": "x1·w1", "x2": "x2·w2", "w2": "x2·w2"}.get(focus)
    path = {"z", "a", "e", "L"} | ({"s", product} if product else set())
    return path | {focus}


def backprop_draw(fig, data):
    """The neuron's graph with values and gradients; the path from the focused control to L highlighted.
    -> refresh: a moved slider writes new numbers into the same boxes and arrows."""
    ax = fig.add_subplot()
    _, show = _graph_artists(ax, data["root"])
    title = ax.set_title("", fontsize=11)
    activation = data["activation"]

    def refresh(new):
        if new["activation"] != activation:  # another operation's name on a
            return None
        title.set_text(new.get("title", ""))
        return [*show(new["root"], _highlight(new.get("focus", "w1"))), title]

    refresh(data)
    return refresh


def backprop_explorer(x1=1.0, w1=-0.5, x2=2.0, w2=0.8, b=0.1, y=1.0, activation="tanh"):
    """Sliders for the inputs, weights, bias and target, and a picker for φ, redraw the graph of
    L = (φ(x1 w1 + x2 w2 + b) − y)² with every node's value and gradient.  -> the Explorer (display it)."""
    slider = partial(widgets.FloatSlider, min=-3.0, max=3.0, step=0.1, readout_format=".1f",
                     style={"description_width": "2.5em"},
                     layout=widgets.Layout(width="260px"))
    controls = {name: slider(value=value, description=name) for name, value in
                zip(PARAMETERS, (x1, w1, x2, w2, b, y))}
    controls["activation"] = widgets.Dropdown(
        options=[(entry[0], key) for key, entry in ACTIVATIONS.items()], value=activation,
        description="\N{GREEK SMALL LETTER PHI}", style={"description_width": "2.5em"},
        layout=widgets.Layout(width="260px"))
    header = ("<b>One neuron as a graph</b><br>L = (\N{GREEK SMALL LETTER PHI}(x1\N{MIDDLE DOT}w1 + "
              "x2\N{MIDDLE DOT}w2 + b) \N{MINUS SIGN} y)\N{SUPERSCRIPT TWO}<br><small>blue: values (forward); "
              "vermillion: gradients \N{PARTIAL DIFFERENTIAL}L/\N{PARTIAL DIFFERENTIAL}node</small>")
    alt = ("The computational graph of one neuron and its loss, left to right: each node's value in its box (forward "
           "pass) and its gradient under it (backward pass), with the path from the moved input to the loss "
           "highlighted.")
    return Explorer(controls, backprop_compute, backprop_draw, describe=backprop_describe, header=header,
                    figsize=(8.4, 5.2), alt=alt)
