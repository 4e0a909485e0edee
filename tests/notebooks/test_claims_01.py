"""Lesson 01: every number the prose of the source notebook states is recomputed here, independently of the
notebook's own cells (numpy and the course library), and must agree with the text to the precision it is written in.
The helpers (markdown, stated, agrees, check_numbers) serve the claims tests of the other lessons too.
"""
import inspect
import re

import numpy as np
import pytest

from nnlib import activations
from nnlib.widgets.neuron import neuron_explorer
from tests.notebooks.lessons import load, source_of, source_path

LESSON = "01_forward_pass"


def markdown(grade_id, lesson=LESSON):
    """The text of one cell of the lesson's source notebook, with LaTeX spacing removed and − written as -."""
    cells = [cell for cell in load(source_path(lesson))["cells"]
             if cell["metadata"].get("nbgrader", {}).get("grade_id") == grade_id]
    assert len(cells) == 1, f"no single cell {grade_id} in {lesson}"
    text = source_of(cells[0]).replace("\N{MINUS SIGN}", "-")
    return re.sub(r"\\[ ,;!]|\\quad", " ", text)


def stated(text, pattern):
    """The numbers written in the first group of `pattern`'s first match in `text`, as strings."""
    match = re.search(pattern, text, flags=re.S)
    assert match, f"the text no longer says {pattern!r}"
    return re.findall(r"-?(?:\d{1,3}(?: \d{3})+|\d+)(?:\.\d+)?(?:e-?\d+)?", match.group(1))


def agrees(written, value):
    """A number written with k decimals (or k significant digits in e-notation) is value rounded."""
    written = written.replace(" ", "")
    if "e" in written:
        mantissa = written.split("e")[0]
        digits = len(mantissa.split(".")[1]) if "." in mantissa else 0
        return abs(float(written) - value) <= 0.5 * 10.0 ** -digits * abs(float(written)) * 1.0001
    decimals = len(written.split(".")[1]) if "." in written else 0
    return abs(float(written) - value) <= 0.5 * 10.0 ** -decimals + 1e-12


def check_numbers(text, pattern, values):
    written = stated(text, pattern)
    values = list(np.ravel(values))
    assert len(written) == len(values), f"{pattern!r}: the text gives {written}, expected {len(values)} numbers"
    for w, v in zip(written, values):
        assert agrees(w, v), f"{pattern!r}: the text says {w}, the computation gives {v!r}"


def test_one_neuron_by_hand():
    x, w, b = np.array([0.5, -1.0, 2.0]), np.array([0.8, 0.2, -0.5]), 0.1
    z = w @ x + b
    text = markdown("story_intro")
    check_numbers(text, r"\\mathbf x = \((.*?)\)", x)
    check_numbers(text, r"\\mathbf w = \((.*?)\)", w)
    check_numbers(text, r"= 0\.4 - 0\.2 - 1\.0 \+ 0\.1 = (-?[\d.]+) \.", [z])
    check_numbers(text, r"(0\.4 - 0\.2 - 1\.0 \+ 0\.1)", [*np.abs(w * x), b])  # the products' sizes, the bias
    assert np.sign(w * x).tolist() == [1, -1, -1]
    check_numbers(text, r"\\approx ([\d.]+)", [activations.sigmoid(np.array([z]))[0]])


def test_the_closest_point_of_the_boundary():
    w, b = np.array([2.0, -1.0]), 0.5
    p = -b * w / (w @ w)
    text = markdown("story_geometry_md")
    check_numbers(text, r"\\lVert \\mathbf w \\rVert\^2 = \((.*?)\)", p)
    assert w @ p + b == pytest.approx(0)


def test_softmax_by_hand():
    z = np.array([2.0, 1.0, 0.1])
    text = markdown("story_softmax_md")
    check_numbers(text, r"e\^\{\\mathbf z\} = \((.*?)\)", np.exp(z))
    check_numbers(text, r"\\sum_j e\^\{z_j\} = ([\d.]+)", [np.exp(z).sum()])
    check_numbers(text, r"\\right\)\s*= \((.*?)\)", activations.softmax(z[None])[0])
    fractions = stated(text, r"\\left\((.*?)\\right\)")
    for numerator, denominator, value in zip(fractions[::2], fractions[1::2], np.exp(z)):
        assert agrees(numerator, value) and agrees(denominator, np.exp(z).sum())


def test_where_exp_overflows():
    text = markdown("story_overflow_md")
    largest64, largest32 = np.finfo(np.float64).max, np.finfo(np.float32).max
    check_numbers(text, r"up to about \$(.*?) \\times", [largest64 / 1e308])
    check_numbers(text, r"\\approx ([\d.]+)\$ \(for float32", [np.log(largest64)])
    check_numbers(text, r"already at \$z > ([\d.]+)\$", [np.log(largest32)])
    with np.errstate(over="ignore"):
        assert np.isinf(np.exp(np.float64(710.0))) and np.isfinite(np.exp(np.float64(709.7)))
        assert np.isinf(np.exp(np.float32(88.8))) and np.isfinite(np.exp(np.float32(88.6)))


def test_the_left_tail_of_the_sigmoid():
    tiny = np.exp(-720.0)
    check_numbers(markdown("story_stable_md"), r"e\^\{-720\} \\approx (\d) \\times 10\^\{-313\}", [tiny / 1e-313])
    check_numbers(markdown("sigmoid_md"), r"gives `\[(.*?)\]` \(≈", [tiny])
    assert activations.sigmoid(np.array([-720.0]))[0] == pytest.approx(tiny, rel=1e-12)


def test_one_entry_of_the_dense_layer():
    X = np.array([[1.0, 2.0], [0.0, -1.0], [3.0, 0.5]])
    W = np.array([[0.5, -1.0, 0.0, 2.0], [1.0, 0.5, -2.0, 0.0]])
    b = np.array([0.1, 0.2, 0.3, 0.4])
    Z = X @ W + b
    text = markdown("story_dense_md")
    check_numbers(text, r"= (1 \\cdot 2 \+ 2 \\cdot 0 \+ 0\.4)", [X[0, 0], W[0, 3], X[0, 1], W[1, 3], b[3]])
    check_numbers(text, r"\+ 0\.4 = ([\d.]+)\$", [Z[0, 3]])
    check_numbers(markdown("dense_md"), r"the first row of `dense_forward\(X, W, b\)` is `\[(.*?)\]`", Z[0])


def test_the_xor_network_on_the_corners():
    W1, b1 = np.array([[1.0, -1.0], [-1.0, 1.0]]), np.zeros(2)
    W2, b2 = np.array([[1.0], [1.0]]), np.array([-1.0])
    corners = np.array([[-1.0, -1.0], [-1.0, 1.0], [1.0, -1.0], [1.0, 1.0]])
    H = np.maximum(corners @ W1 + b1, 0)
    logits = (H @ W2 + b2).ravel()
    rows = [line for line in markdown("story_xor_net_md").splitlines() if line.startswith("| $(")]
    assert len(rows) == 4
    for row, corner, h, logit in zip(rows, corners, H, logits):
        check_numbers(row, r"^(.*)$", [*corner, *h, logit, int(logit > 0)])
    check_numbers(markdown("mlp_md"), r"→ `(.*?)`", logits)
    assert list((logits > 0).astype(int)) == [0, 1, 1, 0]


def test_exercise_examples():
    check_numbers(markdown("sigmoid_md"), r"`sigmoid\(np\.array\(\[\[-1\.0, 0\.0, 1\.0\]\]\)\)` → `(.*?)`",
                  activations.sigmoid(np.array([-1.0, 0.0, 1.0])))
    check_numbers(markdown("sigmoid_md"), r"gives exactly `(.*?)`", activations.sigmoid(np.array([-1e3, 0.0, 1e3])))
    logits = np.array([[2.0, 1.0, 0.1], [1000.0, 1000.0, 1000.0]])
    check_numbers(markdown("softmax_md"), r"→\s*`(.*?)`", activations.softmax(logits))
    check_numbers(markdown("relu_md"), r"→ `(.*?)`", np.maximum([-2.0, -0.5, 0.0, 1.5], 0))


def test_quiz_1_shapes_and_parameter_counts():
    N, D, M = 32, 10, 64
    text = markdown("q1_md")
    check_numbers(text, r"\*\*b\)\*\*([^\n]*)", [D, M, M, N, M, D * M + M])
    check_numbers(text, r"\*\*a\)\*\*([^\n]*)", [M, D, M, N, M, D * M + M])  # right count, wrong shape of W
    check_numbers(text, r"\*\*c\)\*\*([^\n]*)", [D, M, N, M, N, M, D * M + N * M])
    check_numbers(text, r"\*\*d\)\*\*([^\n]*)", [D, M, M, M, N, D * M])


def test_quiz_2_and_4_keys():
    small, large = activations.softmax(np.array([[2.0, 1.0, 0.0], [6.0, 3.0, 0.0]]))
    assert np.argsort(small).tolist() == np.argsort(large).tolist()  # the same order ...
    assert large[0] > small[0] and np.all(large[1:] < small[1:])   # ... more peaked: answer d
    w, b = np.array([2.0, -1.0]), 0.5
    outputs = {key: activations.sigmoid(np.array([w @ point + b]))[0]
               for key, point in {"a": (0.0, 0.0), "b": (0.5, 0.0), "c": (0.0, 0.5)}.items()}
    assert [key for key, value in outputs.items() if value == 0.5] == ["c"]


def test_written_question_part_2_leaky_relu():
    W1, b1 = np.array([[1.0, -1.0], [-1.0, 1.0]]), np.zeros(2)
    W2, b2 = np.array([[1.0], [1.0]]), np.array([-1.0])
    corners = np.array([[-1.0, -1.0], [-1.0, 1.0], [1.0, -1.0], [1.0, 1.0]])
    labels = np.array([0, 1, 1, 0])
    answer = markdown("written_1")
    assert r"\text{logit} = (1 - \alpha) |x_1 - x_2| - 1" in answer  # markdown() drops LaTeX's \,
    assert "logit $2(1 - \\alpha) - 1 = 1 - 2\\alpha$" in answer
    threshold = float(stated(answer, r"positive exactly when \$\\alpha < ([\d.]+)\$")[0])
    check_numbers(answer, r"still solves XOR for \$0 \\le \\alpha < ([\d.]+)\$", [threshold])
    points = np.random.default_rng(1).uniform(-2, 2, (500, 2))
    for alpha in np.linspace(0, 1, 41):
        def leaky(z):
            return np.where(z > 0, z, alpha * z)
        logits = (leaky(points @ W1 + b1) @ W2 + b2).ravel()
        np.testing.assert_allclose(logits, (1 - alpha) * np.abs(points[:, 0] - points[:, 1]) - 1, atol=1e-12)
        corner_logits = (leaky(corners @ W1 + b1) @ W2 + b2).ravel()
        np.testing.assert_allclose(corner_logits, np.where(labels == 1, 1 - 2 * alpha, -1.0), atol=1e-12)
        solved = np.all((corner_logits > 0) == (labels == 1)) and np.all(corner_logits != 0)
        assert solved == (alpha < threshold), alpha
        if alpha > threshold:
            assert np.sum((corner_logits > 0) == (labels == 1)) == 2  # "(2 of 4 right)"
    assert "(2 of 4 right)" in answer
    assert f"at $\\alpha = {threshold:g}$ the class-1 corners lie on the boundary (logit 0)" in answer
    at_threshold = (np.where(corners @ W1 > 0, corners @ W1, threshold * corners @ W1) @ W2 + b2).ravel()
    np.testing.assert_array_equal(at_threshold[labels == 1], 0.0)


def test_written_question_model_answer():
    W1, b1 = np.array([[1.0, -1.0], [-1.0, 1.0]]), np.zeros(2)
    W2, b2 = np.array([[1.0], [1.0]]), np.array([-1.0])
    W, b = W1 @ W2, b1 @ W2 + b2
    np.testing.assert_array_equal(W.ravel(), [0.0, 0.0])
    assert b.tolist() == [-1.0]
    corners = np.array([[-1.0, -1.0], [-1.0, 1.0], [1.0, -1.0], [1.0, 1.0]])
    right = np.sum(((corners @ W + b).ravel() > 0).astype(int) == [0, 1, 1, 0])
    answer = markdown("written_1")
    assert f"({right} of 4)" in answer
    check_numbers(answer, r"\\mathbf b_2 = (0 \+ \(-1\) = -1)", [*b1 @ W2, *b2, *b])


def test_explorer_instruction_doubles_the_starting_weights_within_the_sliders():
    defaults = inspect.signature(neuron_explorer).parameters
    start = defaults["w1"].default, defaults["w2"].default
    doubled = 2 * start[0], 2 * start[1]
    text = markdown("explore_md")
    check_numbers(text, r"first \$w_1 = (-?[\d.]+)\$", [doubled[0]])
    check_numbers(text, r"then \$w_2 = (-?[\d.]+)\$", [doubled[1]])
    check_numbers(text, r"At \$\((.*?)\)\$ the line is where it was", doubled)
    check_numbers(text, r"where it was at \$\((.*?)\)\$", start)
    assert all(abs(value) <= 4 for value in doubled)  # the sliders run from −4 to 4 (tested in tests/lib)


def test_explorer_step_2_titles_report_the_same_tilt_twice():
    from nnlib.widgets.neuron import neuron_compute, neuron_describe

    defaults = inspect.signature(neuron_explorer).parameters
    w1, w2 = defaults["w1"].default, defaults["w2"].default
    states = [(w1, w2, defaults["b"].default), (w1, w2, 0.0), (2 * w1, w2, 0.0), (2 * w1, 2 * w2, 0.0)]
    titles, previous = [], None
    for state in states:  # the student's steps: b = 0, then w1, then w2, each a change the title describes
        data = neuron_compute(*state, "sigmoid", "and", resolution=3)
        titles.append(neuron_describe(data, previous))
        previous = data
    text = markdown("explore_md")
    tilt = stated(text, r"reports a tilt of (\d+)°")[0]
    for title in titles[2:]:
        assert f"the boundary tilts by {tilt}\N{DEGREE SIGN}" in title, title
    assert "back" not in titles[-1]  # the title cannot say it, so the text does
    start, end = np.array(states[0][:2]), np.array(states[-1][:2])
    assert np.allclose(end / np.linalg.norm(end), start / np.linalg.norm(start))  # the same direction of w
    assert np.linalg.norm(end) > np.linalg.norm(start) and "steeper" in titles[-1]


def test_the_truth_tables_of_exercise_6():
    text = markdown("logic_weights_md")
    corners = np.array([[-1.0, -1.0], [-1.0, 1.0], [1.0, -1.0], [1.0, 1.0]])
    check_numbers(text, r"\| corner \$\(x_1, x_2\)\$ \|([^\n]*)", corners)
    on = corners > 0  # "true" is a coordinate of +1
    for name, labels in (("AND", on[:, 0] & on[:, 1]), ("OR", on[:, 0] | on[:, 1]), ("XOR", on[:, 0] ^ on[:, 1])):
        check_numbers(text, rf"\n\| {name} \|([^\n]*)", labels.astype(int))
    check_numbers(text, r"correct side \*\*by at least ([\d.]+)\*\*", [0.5])



def test_the_universal_approximation_explorer_is_described_truly():
    from nnlib.widgets.neuron import BUMPS_INTERVAL, bumps_compute, bumps_target

    text = markdown("explore_bumps_md")
    check_numbers(text, r"\$f\(x\) = \\sin 3x \+ 0\.3x\$ on \$\[(.*?)\]\$", BUMPS_INTERVAL)
    x = np.linspace(*BUMPS_INTERVAL, 9)
    np.testing.assert_allclose(bumps_target(x), np.sin(3 * x) + 0.3 * x)
    check_numbers(text, r"from about (\d+)\s+units on, doubling the units cuts the largest error about (\d) times", [10])
    check_numbers(text, r"cuts the largest error about (\d) times", [4])
    errors = [bumps_compute(n, resolution=2001)["max_error"] for n in (10, 20, 40)]
    assert all(3.5 < ratio < 4.5 for ratio in np.divide(errors[:-1], errors[1:]))  # the full check is in tests/lib


def test_the_left_tail_value_is_subnormal():
    tiny = np.exp(-720.0)
    assert "*subnormal*" in markdown("story_stable_md")
    assert 0 < tiny < np.finfo(np.float64).tiny           # below the smallest normal float64: subnormal
    assert np.exp(-746.0) == 0.0 and "underflow to 0" in markdown("story_stable_md")


def test_the_bias_trick_and_the_section_2_8_network():
    X = np.array([[1.0, 2.0], [0.0, -1.0], [3.0, 0.5]])
    W = np.array([[0.5, -1.0, 0.0, 2.0], [1.0, 0.5, -2.0, 0.0]])
    b = np.array([0.1, 0.2, 0.3, 0.4])
    np.testing.assert_allclose(np.column_stack([X, np.ones(3)]) @ np.vstack([W, b]), X @ W + b)
    note = markdown("story_dense_note")
    assert "The bias trick" in note and "it starts at 0, and weight decay (lesson 08)" in note
    from nnlib.layers import MLP
    net = MLP([3, 5, 2], rng=0)
    assert not np.any(net.params["b1"]) and not np.any(net.params["b2"]) and np.any(net.params["W1"])
    # "The network of section 2.8 calls class 1 where |x1 − x2| > 1, halfway between the corners of the two classes"
    text = markdown("your_network_md")
    assert "$|x_1 - x_2| > 1$, halfway" in text
    W1, b1 = np.array([[1.0, -1.0], [-1.0, 1.0]]), np.zeros(2)
    W2, b2 = np.array([[1.0], [1.0]]), np.array([-1.0])
    points = np.random.default_rng(0).uniform(-2, 2, (2000, 2))
    logits = (np.maximum(points @ W1 + b1, 0) @ W2 + b2).ravel()
    np.testing.assert_allclose(logits, np.abs(points[:, 0] - points[:, 1]) - 1, atol=1e-12)
    corners = np.array([[-1.0, -1.0], [-1.0, 1.0], [1.0, -1.0], [1.0, 1.0]])
    distance = np.abs(corners[:, 0] - corners[:, 1])      # 0 for class 0, 2 for class 1: the threshold 1 is halfway
    assert distance.tolist() == [0, 2, 2, 0]


def test_quiz_3_a_narrow_layer_gives_less_than_a_dense_layer():
    assert "at most what a single dense layer computes" in markdown("q3_md")
    rng = np.random.default_rng(0)
    stack = [rng.standard_normal((4, 1)), rng.standard_normal((1, 4))]   # 4 -> 1 -> 4, no activation
    assert np.linalg.matrix_rank(stack[0] @ stack[1]) == 1              # a dense 4 -> 4 layer can have rank 4


def test_explorer_counts_a_corner_on_the_line_apart():
    from nnlib.widgets.neuron import neuron_compute

    text = markdown("explore_md")
    assert "is on neither side" in text and "the arrow shows the\ndirection of $\\mathbf w$" in text
    data = neuron_compute(1.0, 1.0, 0.0, "sigmoid", "and", resolution=3)
    assert data["correct"].sum() == 2 and data["on_line"].sum() == 2
    assert activations.sigmoid(np.array([0.0]))[0] == 0.5     # "output 0.5 for the sigmoid"
    check_numbers(text, r"\(exercise 6 asks for at least ([\d.]+)\)", [0.5])
    solved = neuron_compute(1.0, 1.0, -1.0, "sigmoid", "and", resolution=3)
    assert solved["correct"].all() and solved["margin"] == 1.0


def test_the_course_vocabulary_paragraph_matches_nnlib():
    from nnlib.layers import MLP

    text = markdown("story_mlp_md")
    sizes = [2, 5, 3]
    check_numbers(text, r"A network (2 → 5 → 3), as below", sizes)
    net = MLP(sizes)
    shapes = {name: value.shape for name, value in net.params.items()}
    assert shapes == {"W1": (2, 5), "b1": (5,), "W2": (5, 3), "b2": (3,)}
    for name, shape in shapes.items():
        assert f'`"{name}"` ${shape}$' in text.replace("\n", " "), name
    assert set(net.grads) == set(net.params)  # "keep the gradients in a dict grads with the same names"
    X = np.random.default_rng(0).standard_normal((4, 2))
    logits = net.forward(X, train=False)
    np.testing.assert_allclose(logits, np.maximum(X @ net.params["W1"] + net.params["b1"], 0) @ net.params["W2"]
                               + net.params["b2"])  # rows are samples: X @ W + b, layer after layer


def test_the_universal_approximation_explorer_gives_params_for_mlp_forward():
    from nnlib.widgets.neuron import bumps_compute

    text = markdown("explore_bumps_md")
    assert '`data = nnlib.widgets.neuron.bumps_compute(n)`' in text
    assert '`mlp_forward(data["x"][:, None], data["params"], [relu, None])`' in text
    data = bumps_compute(7, resolution=51)
    params = data["params"]
    assert list(params) == ["W1", "b1", "W2", "b2"]
    # "t_j = -b1[j] and v_j = W2[j, 0]": unit j is v_j ReLU(x − t_j), bending the line at its knot t_j
    assert "$t_j$ = `-b1[j]`" in text and "$v_j$ = `W2[j, 0]`" in text
    t, v = -params["b1"], params["W2"][:, 0]
    np.testing.assert_allclose(t, data["knots"][:-1])
    np.testing.assert_allclose(data["contributions"], v[:, None] * np.maximum(data["x"] - t[:, None], 0))
    h = data["x"][:, None]
    for l, activation in enumerate([lambda z: np.maximum(z, 0), None], start=1):  # mlp_forward of exercise 5
        h = h @ params[f"W{l}"] + params[f"b{l}"]
        h = h if activation is None else activation(h)
    np.testing.assert_allclose(h.ravel(), data["output"], atol=1e-12)


def test_lesson_04_layers_return_out_and_cache():
    from nnlib.layers import dense_forward

    text = markdown("dense_md")
    assert "returns a pair `(out, cache)`" in text and "(here `X` and `W`)" in text
    X, W, b = np.ones((2, 3)), np.ones((3, 4)), np.zeros(4)
    out, cache = dense_forward(X, W, b)
    assert out.shape == (2, 4) and cache[0] is X and cache[1] is W


def test_relu_statement_and_its_largest_test_value():
    # finding 9: every correct formula, (z + |z|) / 2 included, passes the largest value the tests use
    z = np.array([-1e300, -1e-300, 0.0, 1e-300, 1e300])
    np.testing.assert_array_equal((z + np.abs(z)) / 2, np.maximum(z, 0))
    assert "every other entry unchanged" in markdown("relu_md")


def test_indices_count_from_0():
    assert "z = \\sum_{i=0}^{D-1} w_i x_i + b" in markdown("story_intro")
    note = markdown("story_geometry_md")  # the 1-based names are listed with their 0-based code
    for name, code in (("x_1", "x[0]"), ("x_2", "x[1]"), ("w_1", "w[0]"), ("w_2", "w[1]"), ("h_1", "H[:, 0]"),
                       ("h_2", "H[:, 1]")):
        assert f"${name}$" in note and f"`{code}`" in note
    assert "Every other index" in note and "counts from 0, like numpy" in note
    assert "softmax}(z, 0)_0 = " in markdown("story_softmax_md")
    assert "Z_{nj} = \\sum_{d=0}^{D-1}" in markdown("story_dense_md")
    assert "\\sum_{j=0}^{C-1}" in markdown("softmax_md")
    z = 0.8
    assert np.exp(z) / (np.exp(z) + 1) == pytest.approx(activations.softmax(np.array([[z, 0.0]]))[0, 0])
