"""nnlib.widgets.backprop: moving a control recomputes the neuron's forward and backward pass, the figure draws those
numbers, and the title writes out the chain rule for the control that moved.

Driven in Python without a browser: setting a control's value fires the same callback as a student's click.
"""
import math
import time

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt  # noqa: E402
from matplotlib.backends.backend_agg import FigureCanvasAgg  # noqa: E402
import numpy as np  # noqa: E402
import pytest  # noqa: E402
from hypothesis import given, settings  # noqa: E402
from hypothesis import strategies as st  # noqa: E402

from nnlib.autograd import Value  # noqa: E402
from matplotlib.figure import Figure  # noqa: E402
from nnlib.widgets.backprop import (ACTIVATIONS, BACKWARD_COLOR, FORWARD_COLOR, PARAMETERS,  # noqa: E402
                                    backprop_compute, backprop_explorer, build_neuron, draw_graph, graph_layout,
                                    graph_nodes)
from tests.lib.widget_checks import (check_moves_are_blitted_as_drawn, check_redraws_are_fast,  # noqa: E402
                                     check_sliders_follow_the_hand, check_text_is_readable)

pytestmark = pytest.mark.filterwarnings("error")

PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"
MINUS = "\N{MINUS SIGN}"


@pytest.fixture
def explorer():
    yield backprop_explorer()
    plt.close("all")


def drawn_labels(ax, color):
    """The node labels drawn in one colour: the values (forward colour) or the gradients (backward colour)."""
    return [text for text in ax.texts if text.get_color() == color]


def drawn_title(explorer):
    return explorer.figure.axes[0].get_title()


def by_hand(x1, w1, x2, w2, b, y, activation):
    """Loss and gradients of L = (φ(x1 w1 + x2 w2 + b) − y)², by the chain rule written out."""
    z = x1 * w1 + x2 * w2 + b
    phi = {"tanh": math.tanh, "sigmoid": lambda t: 1 / (1 + math.exp(-t)), "relu": lambda t: max(t, 0.0)}[activation]
    a = phi(z)
    local = {"tanh": 1 - a * a, "sigmoid": a * (1 - a), "relu": float(z > 0)}[activation]
    dz = 2 * (a - y) * local
    grads = {"x1": w1 * dz, "w1": x1 * dz, "x2": w2 * dz, "w2": x2 * dz, "b": dz, "y": -2 * (a - y)}
    return (a - y) ** 2, grads


def test_first_picture_shows_the_starting_neuron(explorer):
    assert explorer.png.startswith(PNG_SIGNATURE)
    assert set(explorer.controls) == set(PARAMETERS) | {"activation"}
    loss, grads = by_hand(**explorer.values)
    assert explorer.data["loss"] == pytest.approx(loss)
    for name in PARAMETERS:
        assert explorer.data["grads"][name] == pytest.approx(grads[name])
    title = explorer.data["title"]
    assert title.startswith(f"w1 = {MINUS}0.5: \N{PARTIAL DIFFERENTIAL}L/\N{PARTIAL DIFFERENTIAL}w1 = x1 · tanh′(z)")
    assert title.split("\n")[0].endswith(f"= {MINUS}0.101")
    assert drawn_title(explorer) == title


@pytest.mark.parametrize("name, value", [("w1", 2.0), ("x1", -1.5), ("x2", 0.5), ("w2", -2.0), ("b", 1.0),
                                         ("y", -0.5)])
def test_moving_a_slider_recomputes_and_redraws_and_the_title_names_it(explorer, name, value):
    focus = {"x1": "w1", "x2": "w2"}.get(name, name)  # an input is watched through its weight's gradient
    before_png, before_grad = explorer.png, explorer.data["grads"][focus]
    explorer.controls[name].value = value  # what a student's drag does
    loss, grads = by_hand(**explorer.values)
    assert explorer.data["loss"] == pytest.approx(loss)
    assert all(explorer.data["grads"][k] == pytest.approx(grads[k]) for k in PARAMETERS)
    assert explorer.png != before_png
    title = explorer.data["title"]
    head = f"{name} = {value:.1f}".replace("-", MINUS)
    assert title.startswith(head + f": \N{PARTIAL DIFFERENTIAL}L/\N{PARTIAL DIFFERENTIAL}{focus} = ")
    assert drawn_title(explorer) == title
    assert explorer.data["focus"] == focus
    shown = float(title.split("\n")[0].rsplit("= ", 1)[1].replace(MINUS, "-"))
    assert shown == pytest.approx(grads[focus], rel=2e-3, abs=1e-6)
    if "saturates" not in title and "ReLU is flat" not in title:
        assert f"it was {_short(before_grad)} before" in title


def test_every_node_is_drawn_with_its_value_and_gradient(explorer):
    explorer.set(w1=1.0, x1=2.0)
    ax = explorer.figure.axes[0]
    values = [text.get_text().strip() for text in drawn_labels(ax, FORWARD_COLOR)]  # centred in its box
    grads = [text.get_text() for text in drawn_labels(ax, BACKWARD_COLOR)]
    nodes = graph_nodes(explorer.data["root"])[0]
    assert len(nodes) == 13  # six leaves and seven operations
    assert values == [_short(node.data) for node in nodes]
    assert grads == [_short(node.grad) for node in nodes]
    assert len(explorer.figure.axes[0].patches) == 12  # one arrow per edge: a tree of 13 nodes


def _short(value):
    text = f"{value + 0.0:.3g}" if abs(value) >= 1e-3 or value == 0 else f"{value:.2e}"
    return text.replace("-", MINUS)


def test_a_dead_relu_passes_no_gradient_and_the_title_says_so(explorer):
    explorer.set(activation="relu", b=-3.0)
    assert explorer.data["values"]["z"] <= 0
    for name in ("x1", "w1", "x2", "w2", "b"):
        assert explorer.data["grads"][name] == 0
    assert "ReLU is flat there, so every gradient left of a is 0" in explorer.data["title"]


def test_saturation_is_named(explorer):
    explorer.set(w2=3.0, x2=3.0)
    assert abs(explorer.data["local"]) < 0.05
    assert "saturates" in explorer.data["title"]


def test_switching_the_activation_changes_the_local_derivative_and_the_title(explorer):
    for activation, (label, symbol, _) in ACTIVATIONS.items():
        other = "sigmoid" if activation == "tanh" else "tanh"
        explorer.controls["activation"].value = other
        explorer.controls["activation"].value = activation
        assert explorer.data["title"].startswith(f"{label}: \N{PARTIAL DIFFERENTIAL}L/")
        assert f"{symbol}′(z)" in explorer.data["title"]
        _, grads = by_hand(**explorer.values)
        assert explorer.data["grads"]["w1"] == pytest.approx(grads["w1"])


def test_the_target_on_the_prediction_leaves_nothing_to_learn():
    data = backprop_compute(x1=0.0, w1=0.0, x2=0.0, w2=0.0, b=0.0, y=0.0, activation="tanh")
    assert data["loss"] == 0
    assert all(g == 0 for g in data["grads"].values() if g != data["grads"]["L"])


@settings(max_examples=40, deadline=None)
@given(values=st.tuples(*[st.floats(-3, 3)] * 6), activation=st.sampled_from(sorted(ACTIVATIONS)))
def test_the_engine_agrees_with_the_chain_rule_by_hand(values, activation):
    L, nodes = build_neuron(*values, activation)
    loss, grads = by_hand(*values, activation)
    assert L.data == pytest.approx(loss, abs=1e-12)
    for name in PARAMETERS:
        assert nodes[name].grad == pytest.approx(grads[name], rel=1e-9, abs=1e-12)


def test_draw_graph_lays_out_any_small_graph_left_to_right():
    x = Value(0.5, label="x")
    u = x.tanh()
    u.label = "u"
    L = u + u.exp()
    L.label = "L"
    L.backward()
    order, edges = graph_nodes(L)
    assert [n.label for n in order][0] == "x" and order[-1] is L
    xs, _ = graph_layout(order, edges)
    assert all(xs[a] < xs[b] for a, b in edges)  # every arrow points right
    ax = Figure().add_subplot()
    positions = draw_graph(ax, L, title="t")
    assert positions.shape == (len(order), 2)
    assert len(ax.patches) == len(edges) == 4
    assert [text.get_text() for text in drawn_labels(ax, BACKWARD_COLOR)] == [_short(node.grad) for node in order]


def test_a_dragged_slider_is_blitted_and_shows_what_a_full_drawing_shows(explorer):
    """A slider writes new numbers, another highlighted path and arrows of other lengths into the same artists."""
    check_sliders_follow_the_hand(explorer)
    check_moves_are_blitted_as_drawn(explorer, [(name, value) for name in PARAMETERS for value in (-3.0, 3.0)])


def test_another_activation_draws_the_whole_figure_again(explorer):
    # another operation's name on the node a; the slider moves between the activations blit
    moves = [("activation", "relu"), ("b", -3.0), ("activation", "sigmoid"), ("w2", -0.4), ("activation", "tanh")]
    check_moves_are_blitted_as_drawn(explorer, moves, blitted_at_least=2)
    assert "a  [tanh]" in [text.get_text() for text in explorer.figure.axes[0].texts]


def test_the_figure_fits_the_notebook_and_its_text_is_readable(explorer):
    check_text_is_readable(explorer)


@pytest.mark.serial  # a time budget: measured alone
def test_redraws_are_fast_and_leak_no_figure(explorer):
    plt.close("all")
    durations = []
    for value in np.linspace(-3, 3, 7):
        start = time.perf_counter()
        explorer.controls["w1"].value = float(value)
        durations.append(time.perf_counter() - start)
    # generous budgets that catch a runaway, not a busy machine: a redraw takes about 0.1 s
    check_redraws_are_fast(durations)
    assert plt.get_fignums() == []


def test_a_confidently_wrong_neuron_saturates_with_a_real_loss(explorer):
    # lesson 04's explorer, item 2: w2 = −3 makes tanh saturate far from the target y = 1, not at it
    explorer.controls["w2"].value = -3.0
    data = explorer.data
    assert data["values"]["z"] == pytest.approx(-6.4)
    assert data["values"]["a"] < -0.9999 and data["inputs"]["y"] == 1.0
    assert data["loss"] == pytest.approx(4.0, abs=1e-4), "as wrong as a tanh neuron can be"
    assert data["grads"]["a"] == pytest.approx(-4.0, abs=1e-4)
    assert f"{data['local']:.1e}" == "1.1e-05"
    for name in ("x1", "w1", "x2", "w2", "b", "z", "s"):  # φ′(z) times a factor of at most |w2| = 3
        assert abs(data["grads"][name]) <= 3 * data["local"] * abs(data["grads"]["a"])
    assert "saturates" in data["title"]


@pytest.mark.parametrize("settings", [{}, {"w2": -3.0}, {"x1": -2.0, "b": 2.5, "activation": "sigmoid"}])
def test_labels_are_readable_and_no_arrow_crosses_a_gradient(explorer, settings):
    explorer.set(**settings)
    ax = explorer.figure.axes[0]
    canvas = FigureCanvasAgg(explorer.figure)  # a renderer that can measure the drawn labels
    canvas.draw()
    renderer = canvas.get_renderer()
    assert all(text.get_fontsize() >= 10 for text in ax.texts), "node labels of at least 10 pt"
    grad_boxes = [text.get_window_extent(renderer).expanded(0.98, 0.9) for text in drawn_labels(ax, BACKWARD_COLOR)]
    for arrow in ax.patches:
        points = np.concatenate(arrow.get_path().transformed(ax.transData).to_polygons(closed_only=False))
        for box in grad_boxes:
            inside = ((points[:, 0] > box.x0) & (points[:, 0] < box.x1) & (points[:, 1] > box.y0)
                      & (points[:, 1] < box.y1))
            assert not inside.any(), "an arrow runs through a gradient label"
