"""Lesson 04: every number its prose quotes is recomputed here (numpy, the course library's engine and layers) and
found in the markdown of the source notebook, and the explorer's instructions show what they say.

Each test reads one or a few markdown cells (by cell id), recomputes the numbers they quote, formats them as the prose
does and checks that the prose says exactly that.
"""
import math
import re

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402
import pytest  # noqa: E402

from nnlib import gradcheck, layers, losses  # noqa: E402
from nnlib.autograd import Value  # noqa: E402
from nnlib.widgets.backprop import backprop_explorer  # noqa: E402
from tests.notebooks.lessons import assert_says, cell_sources, load, prose, source_of  # noqa: E402
from tests.notebooks.test_claims_03 import cells as cells_03  # noqa: E402

LESSON = "04_backprop"
MINUS = "\N{MINUS SIGN}"


def cells():
    return cell_sources(LESSON)


def text(*cell_ids):
    return prose(LESSON, *cell_ids)


def says(cell_id, *phrases):
    assert_says(LESSON, cell_id, *phrases)


def test_the_neuron_by_hand_forward_and_backward_tables():
    x1, w1, x2, w2, b, y = 1.0, -0.5, 2.0, 0.8, 0.1, 1.0
    says("story_by_hand_md", "$x_1 = 1,\\ w_1 = -0.5,\\ x_2 = 2,\\ w_2 = 0.8,\\ b = 0.1,\\ y = 1$")
    p1, p2 = x1 * w1, x2 * w2
    s = p1 + p2
    z = s + b
    a = math.tanh(z)
    e = a - y
    L = e**2
    says("story_by_hand_md", f"| $x_1 w_1$ | ${p1:g}$ |", f"| $x_2 w_2$ | ${p2:g}$ |", f"| $p_1 + p_2$ | ${s:g}$ |",
         f"| $s + b$ | ${z:g}$ |", f"| $\\tanh z$ | ${a:.4f}$ |", f"| $a - y$ | ${e:.4f}$ |", f"| $e^2$ | ${L:.5f}$ |")
    de = 2 * e
    local = 1 - a**2
    dz = local * de
    says("story_by_hand_md", f"$2 \\cdot ({e:.4f}) = {de:.4f}$", f"1 - \\tanh^2 z = {local:.4f}$",
         f"${local:.4f} \\cdot ({de:.4f}) = {dz:.4f}$", f"${dz:.4f}$ each",
         f"$\\bar w_1 = {x1 * dz:.4f}$, $\\ \\bar x_1 = {w1 * dz:.4f}$",
         f"$\\bar w_2 = {x2 * dz:.4f}$, $\\ \\bar x_2 = {w2 * dz:.4f}$")
    # the engine agrees with the table
    leaves = [Value(v) for v in (x1, w1, x2, w2, b, y)]
    loss = ((leaves[0] * leaves[1] + leaves[2] * leaves[3] + leaves[4]).tanh() - leaves[5]) ** 2
    loss.backward()
    assert leaves[3].grad == pytest.approx(x2 * dz, rel=1e-12)
    # reading the gradient: a step of 0.01 changes the loss by about 0.01 times it
    change = (math.tanh(x1 * w1 + x2 * (w2 + 0.01) + b) - y) ** 2 - L
    assert f"{-change:.3f}" == f"{-0.01 * x2 * dz:.3f}" == "0.002"
    says("story_by_hand_md", f"$\\bar w_2 = {x2 * dz:.4f}$: raising $w_2$ by $0.01$ lowers the loss by about "
                             f"${-change:.3f}$")


def test_why_backwards_counts_forward_passes():
    n_parameters = 5  # x1, w1, x2, w2, b: the neuron's inputs and parameters (3 of them are parameters)
    says("story_reverse_md",
         f"| {n_parameters} (our neuron's inputs and parameters) | {2 * n_parameters} forward passes |",
         "| $10^6$ (a small image classifier) | $2 \\times 10^6$ forward passes |")


def test_the_cost_of_backprop_is_the_same_statement_as_lesson_03():
    statement = ("**What a backward pass costs.** A dense layer's forward pass is one matrix product, $XW$. Its "
                 "backward pass is two products of the same size, one for $dW$ and one for $dX$, so it costs about "
                 "**twice** the forward pass, and a whole gradient (forward and backward) about three forward "
                 "passes, whatever the number of parameters.")
    says("story_reverse_md", statement)
    # lesson 03 says the same in short, in the same words, and refers here
    lesson_03 = re.sub(r"\s+", " ", cells_03()["story_three_ways_md"])
    assert "about **twice** the forward pass" in lesson_03 and "lesson 04, section 2.2" in lesson_03
    everything = text(*cells())
    assert "one or two forward passes" not in everything


def test_backward_example_value():
    x = Value(0.5)
    L = x.tanh().exp()
    L.backward()
    assert x.grad == pytest.approx(math.exp(math.tanh(0.5)) * (1 - math.tanh(0.5) ** 2), rel=1e-14)
    says("backward_md", f"\\approx {x.grad:.4f}$")


def test_topological_order_example_is_computed_by_its_cell():
    # section 2.4 quotes no number: the cell prints the engine's and the hand's dL/dx side by side
    assert "by hand = {exact:.6f}" in text("story_topo")


def test_exercise_examples():
    a = np.array([[1.0, 2.0], [3.0, 4.0]])
    b = np.array([[1.0, 2.0], [3.0, 5.0]])
    error = gradcheck.relative_error(a, b)
    assert error == pytest.approx(1 / (math.sqrt(30) + math.sqrt(39)))
    says("relative_error_md", f"$1 / (\\sqrt{{30}} + \\sqrt{{39}}) \\approx {error:.5f}$")

    X = np.array([[1.0, 2.0, 0.0], [0.0, -1.0, 3.0]])
    W = np.array([[0.5, -1.0], [1.0, 0.0], [-2.0, 1.0]])
    dout = np.array([[1.0, 0.0], [0.5, -1.0]])
    dX, dW, db = layers.dense_backward(dout, (X, W))

    def listed(array):
        return str(array.tolist()).replace(".0,", ",").replace(".0]", "]")

    says("dense_backward_md", f"`dW = {listed(dW)}`", f"`db = {listed(db)}`", f"`dX = {listed(dX)}`")

    dx = layers.relu_backward(np.array([1.0, -1.0, 1.0, -1.0]), np.array([-2.0, 0.0, 0.5, 2.0]))
    assert dx.tolist() == [0.0, 0.0, 1.0, -1.0]
    says("relu_backward_md", "→ `[0., 0., 1., -1.]`")

    s, _ = layers.sigmoid_forward(np.array([0.0, 2.0]))
    dx = layers.sigmoid_backward(np.array([1.0, 2.0]), s)
    says("sigmoid_backward_md", f"`out = [{s[0]:g}, {s[1]:.7f}]`", f"`dx = [{dx[0]:g}, {dx[1]:.7f}]`")

    loss, dlogits = losses.softmax_cross_entropy(np.array([[2.0, 1.0, 0.1], [0.0, 0.0, 0.0]]), np.array([0, 2]))
    rows = ", ".join("[" + ", ".join(f"{v:.4f}" for v in row) + "]" for row in dlogits)
    says("softmax_cross_entropy_md", f"loss $\\approx {loss:.4f}$", f"`[{rows}]`")


def test_float32_cannot_check_a_gradient():
    # section 2.10: in float32 the usual h = 1e-5 gives errors around 1e-3, and no h reaches the "right" band
    rng = np.random.default_rng(11)
    X, W, G = rng.standard_normal((5, 4)), rng.standard_normal((4, 3)), rng.standard_normal((5, 3))

    def loss_of_W(W_):
        return float(np.sum(np.tanh(X.astype(W_.dtype) @ W_) * G.astype(W_.dtype)))

    exact = X.T @ (G * (1 - np.tanh(X @ W) ** 2))
    def float32_error(h):
        return gradcheck.relative_error(exact, gradcheck.numerical_gradient(loss_of_W, W.astype(np.float32), h))

    assert 1e-4 < float32_error(1e-5) < 1e-2, "around 1e-3 at h = 1e-5"
    float32_errors = [float32_error(h) for h in np.logspace(-10, -1, 28)]
    assert min(float32_errors) > 1e-7, "never in the right band"
    assert min(float32_errors) < 1e-4 < float32_errors[0], "wrong for small h, suspicious at best: never below"
    title = text("story_gradcheck").replace('" f"', "")  # the title's f-strings joined as Python joins them
    assert "in float32 it never gets below the suspicious band" in title
    assert min(gradcheck.relative_error(exact, gradcheck.numerical_gradient(loss_of_W, W.copy(), h))
               for h in (1e-6, 1e-5)) < 1e-9, "float64 passes"
    says("story_gradcheck_md", "the usual $h = 10^{-5}$ gives errors around $10^{-3}$ from rounding alone")
    eps64, eps32 = np.finfo(np.float64).eps, np.finfo(np.float32).eps
    assert round(math.log10(eps64)) == -16 and round(math.log10(eps32)) == -7
    says("story_gradcheck_md", "float64 ($\\varepsilon \\approx 10^{-16}$)",
         "float32 ($\\varepsilon \\approx 10^{-7}$)")


def test_one_wrong_entry_is_diluted_but_the_worst_entry_shows_it():
    check_rng = np.random.default_rng(5)  # the cell's own data
    X, W, G = (check_rng.standard_normal(shape) for shape in [(10, 50), (50, 40), (10, 40)])
    numerical = gradcheck.numerical_gradient(lambda W_: float(np.sum(G * (X @ W_))), W.copy())
    buggy = X.T @ G
    buggy[12, 30] *= 1.005
    whole = gradcheck.relative_error(buggy, numerical)
    index, worst = gradcheck.worst_entry(buggy, numerical)
    assert 1e-7 < whole < 1e-4, "suspicious only"
    assert worst > 1e-4 and index == (12, 30), "wrong, and where"
    says("story_worst_entry_md", f"with {buggy.size} entries, has one entry off by 0.5 %")
    assert "one_bad_entry[12, 30] *= 1.005" in text("story_worst_entry")


def test_a_kink_straddled_exactly_gives_one_half():
    numerical = gradcheck.numerical_gradient(lambda v: float(np.sum(np.maximum(v, 0))), np.zeros(1), h=1e-5)
    assert numerical[0] == 0.5
    says("story_kink_md", "for example $0.5$ when $x = 0$ exactly")


@pytest.fixture
def explorer():
    yield backprop_explorer()
    plt.close("all")


def test_explorer_saturation_instruction_shows_a_real_loss(explorer):
    explorer.controls["w2"].value = -3.0
    data = explorer.data
    z, loss, local, grad_a = data["values"]["z"], data["loss"], data["local"], data["grads"]["a"]
    mantissa, exponent = f"{local:.1e}".split("e")
    says("explore_md", f"Push $w_2$ to $-3$: $z = {z:.1f}$", "the target is $y = 1$",
         f"the loss is about {loss:.0f}", f"$\\varphi'(z) \\approx {mantissa} \\times 10^{{{int(exponent)}}}$",
         f"$\\partial L / \\partial a \\approx {grad_a:.0f}$", "times that factor (and times an input or a weight of "
                                                             "at most 3)")
    assert data["inputs"]["y"] == 1.0 and loss > 3.99 and "saturates" in data["title"]
    for name in ("x1", "w1", "x2", "w2", "b"):
        assert abs(data["grads"][name]) <= 3 * local * abs(grad_a)


def test_explorer_other_instructions(explorer):
    explorer.controls["x1"].value = 0.0
    assert explorer.data["grads"]["w1"] == 0, "item 1: no input, no gradient for its weight"
    explorer.set(x1=1.0, activation="relu", b=-3.0)
    assert explorer.data["values"]["z"] < 0 and explorer.data["grads"]["w1"] == 0, "item 3: a dead ReLU"


def test_engine_exercise_examples():
    x = Value(2.0)
    y = x ** 3
    y.backward()
    assert (y.data, x.grad) == (8.0, 12.0)
    says("Value_functions_md", "`y.data == 8.0`", "`x.grad == 12.0`", "$= 2(1 - \\tanh^2 0.5)$")
    sizes = [2, 3, 1]
    count = sum((n_in + 1) * n_out for n_in, n_out in zip(sizes[:-1], sizes[1:]))
    says("value_mlp_md", f"`MLP({sizes}, rng)` has $(2 + 1) \\cdot 3 + (3 + 1) \\cdot 1 = {count}$ parameters",
         "to $10^{-5}$ (relative")
    says("train_value_mlp_md", "(to $10^{-6}$ relative")
    # the statements' accuracy is the one their tests hold the answer to
    assert all("rtol=1e-5, atol=1e-7" in cells()[cell] for cell in ("value_mlp_visible", "value_mlp_hidden"))
    assert all("rtol=1e-6, atol=1e-8" in cells()[cell] for cell in ("train_value_mlp_visible", "train_value_mlp_hidden"))


def train_xor_network(seed, steps=40):
    """Exercise 5 with the library's engine: MLP([2, 4, 1]) drawn as the solution draws it, trained on 8 XOR points
    for 40 steps at learning rate 0.2.  -> (the last loss, the network as a function of a point, X, labels)."""
    from nnlib.data import make_xor

    rng = np.random.default_rng(seed)
    layers = [[([Value(rng.uniform(-1, 1)) for _ in range(2)], Value(0.0)) for _ in range(4)],
              [([Value(rng.uniform(-1, 1)) for _ in range(4)], Value(0.0))]]
    parameters = [p for layer in layers for w, b in layer for p in w + [b]]

    def network(x_n):
        h = [(sum((w_i * float(x_i) for w_i, x_i in zip(w, x_n)), b)).tanh() for w, b in layers[0]]
        return sum((w_i * h_i for w_i, h_i in zip(layers[1][0][0], h)), layers[1][0][1])

    X, labels = make_xor(8, noise=0.1, rng=seed)
    for _ in range(steps):
        loss = Value(0.0)
        for x_n, y_n in zip(X, 2.0 * labels - 1):
            loss = loss + (network(x_n) - float(y_n)) ** 2
        loss = loss / len(X)
        for p in parameters:
            p.grad = 0.0
        loss.backward()
        for p in parameters:
            p.data -= 0.2 * p.grad
    return loss.data, lambda point: network(point).data, X, labels


def test_the_training_bound_holds_for_the_reference_engine():
    # exercise 5's promise: MLP([2, 4, 1]) on 8 XOR points, 40 steps at learning rate 0.2, ends below 0.1
    assert all(train_xor_network(seed)[0] < 0.1 for seed in (0, 1, 3))
    says("train_value_mlp_md", "below 0.1 within 40 steps", "`learning_rate = 0.2` on 8 XOR points",
         "`MLP([2, 4, 1], rng)`")


def test_the_xor_figure_shows_two_boundaries_and_a_band_of_class_1():
    # the figure after "Your network at work": the network of cell value_speed (seed 0), drawn over [−2, 2]²
    _, network, X, labels = train_xor_network(0)
    assert all((network(x) > 0) == bool(label) for x, label in zip(X, labels)), "every training point on its side"
    assert network((-1.0, 1.0)) > 0 and network((1.0, -1.0)) > 0 and network((0.0, 0.0)) > 0
    assert network((1.0, 1.0)) < 0 and network((-1.0, -1.0)) < 0
    diagonal = np.array([network((t, t)) for t in np.linspace(-2, 2, 81)])
    assert np.count_nonzero(np.diff(np.sign(diagonal))) == 2, "two boundaries cross the diagonal"
    code = text("value_boundary")
    assert "splits XOR with two boundaries" in code and "output > 0 (orange) in the band that holds both class-1 " \
                                                        "clusters" in code
    assert "grid = np.linspace(-2.0, 2.0, 31)" in code
    assert "xor_mlp = MLP([2, 4, 1], np.random.default_rng(0))" in text("value_speed")
    assert "make_xor(8, noise=0.1, rng=0)" in text("value_speed")


def given_value_class():
    """The student's Value as the solution notebook builds it: exercise 1's class, exercise 2's backward and exercise
    3's functions with the given -, / and friends, run in a fresh namespace."""
    import math as math_module
    namespace = {"math": math_module, "np": np}
    for cell_id in ("Value", "backward", "Value_functions"):
        exec(cells()[cell_id], namespace)
    return namespace["Value"]


def test_the_students_value_divides_like_micrograds():
    # review finding 1: a loss divided by len(X) must work in the student's own Value (cell value_speed uses it)
    StudentValue = given_value_class()
    a, b = StudentValue(6.0), StudentValue(3.0)
    c = a / b + 1.0 / b + a / 4 + a / np.int64(2)
    c.backward()
    assert c.data == pytest.approx(2.0 + 1 / 3 + 1.5 + 3.0)
    assert a.grad == pytest.approx(1 / 3 + 1 / 4 + 1 / 2) and b.grad == pytest.approx(-6 / 9 - 1 / 9)
    says("Value_functions_md", "`a / b` and `1.0 / v`", "as in micrograd, `a / b` is `a * b ** -1`, so a loss divided "
                                                        "by `len(X)` works")
    assert "loss = loss / len(X)" in cells()["train_value_mlp"], "the solution divides, so the lesson's run tests it"


def kink_check(seed, N=200, D=10, H=50, C=5, h=1e-5):
    """Section 2.11's second cell: a correct ReLU classifier's W1 against finite differences, and which entries
    straddle a kink (moving W1[d, j] by h moves z1[n, j] by h·X[n, d]).
    -> (relative error, worst entry's error, straddled (D, H))."""
    rng = np.random.default_rng(seed)
    X, labels = rng.standard_normal((N, D)), rng.integers(0, C, N)
    W1 = rng.standard_normal((D, H)) * np.sqrt(2 / D)
    W2 = rng.standard_normal((H, C)) * np.sqrt(2 / H)
    z1 = X @ W1
    straddled = (np.abs(z1)[:, None, :] < h * np.abs(X)[:, :, None]).any(axis=0)
    _, dlogits = losses.softmax_cross_entropy(np.maximum(z1, 0) @ W2, labels)
    dW1 = X.T @ ((dlogits @ W2.T) * (z1 > 0))
    numerical = gradcheck.numerical_gradient(
        lambda W: losses.softmax_cross_entropy(np.maximum(X @ W, 0) @ W2, labels)[0], W1.copy(), h)
    return gradcheck.relative_error(dW1, numerical), gradcheck.worst_entry(dW1, numerical)[1], straddled


def test_kinks_in_a_real_network_give_errors_from_the_suspicious_band_past_1e_4():
    # review finding 2: a correct ReLU network that straddles a kink gets errors across the bands
    errors, worst = {}, {}
    for seed in (0, 77, 4, 17):
        errors[seed], worst[seed], straddled = kink_check(seed)
        assert straddled.any() == (seed != 0)
    assert errors[0] < 1e-7, "no kink straddled: right"
    kinked = [errors[seed] for seed in (77, 4, 17)]
    assert 1e-7 < min(kinked) < 1e-4 < max(kinked), "through the suspicious band and past 1e-4"
    # review finding 4 of the recheck: the worst entry of a straddled kink reaches about 1e-2 (seed 17 prints it)
    kinked_worst = max(worst[seed] for seed in (77, 4, 17))
    says("story_kink_md", f"lands anywhere from\n{min(kinked):.0e} to {max(kinked):.0e}, through the suspicious band and "
                          f"past $10^{{-4}}$, and the worst entry reaches {kinked_worst:.0e}",
         "(200 samples,\n50 hidden units)", "within about $h$ of 0")
    assert f"{kinked_worst:.0e}" == "1e-02" == f"{worst[17]:.0e}"
    says("story_gradcheck_md", "only in a function with kinks (a ReLU network) can a straddled kink alone reach this "
                               "far, up to about $10^{-2}$ (next section)")
    assert "worst entries from {min(straddled_worst):.0e} to {max(straddled_worst):.0e}" in text("story_kink_network")
    code = text("story_kink_network")
    assert "def relu_classifier_check(seed, N=200, D=10, H=50, C=5, h=1e-5):" in code
    assert "for seed in (0, 77, 4, 17):" in code
    # the three seeds were picked among the first 300, where about one network in twelve straddles a kink
    straddling_seeds = []
    for seed in range(300):
        rng = np.random.default_rng(seed)
        X, _ = rng.standard_normal((200, 10)), rng.integers(0, 5, 200)
        z1 = X @ (rng.standard_normal((10, 50)) * np.sqrt(2 / 10))
        if (np.abs(z1)[:, None, :] < 1e-5 * np.abs(X)[:, :, None]).any():
            straddling_seeds.append(seed)
    assert {77, 4, 17} <= set(straddling_seeds) and 0 not in straddling_seeds
    assert 10 <= 300 / len(straddling_seeds) <= 15
    assert "about one network in # twelve does at this size" in code and "among the first 300 seeds" in code


def test_one_notation_for_the_upstream_gradient():
    # G in the math (G = ∂L/∂Z, shaped like the layer's output), dout in the code; δ is gone
    everything = "\n".join(cells().values())
    assert "\\delta" not in everything and "δ" not in everything
    says("story_layers_md", "**$G$, written `dout` in code**", "$G = \\partial L / \\partial Z$",
         "dW = X^\\top G \\ \\ (D, M)")
    says("dense_backward_md", "G = \\texttt{dout}\\ (N, M)")
    says("summary", "$d\\mathbf b = \\sum_n G_{n,:}$, with $G$ = `dout`")


def test_the_third_reviews_text_fixes_stay_fixed():
    # the softmax-CE hint points to the section that derives p − y
    assert "p − y (section 2.8)" in cells()["softmax_cross_entropy_visible"]
    assert cells()["story_softmax_md"].startswith("### 2.8 Softmax and cross-entropy together")
    # the summary's worst entry keeps cell story_worst_entry_md's guard
    says("summary", "\\frac{\\max_i |a_i - n_i|}{\\max(\\max_i |a_i| + \\max_i |n_i|, 10^{-12})}")
    says("story_worst_entry_md", "\\max\\!\\big(\\max_i |a_i| + \\max_i |n_i|,\\ 10^{-12}\\big)")
    # recheck finding 1: the report names a kink only where the caller says the function has kinks, so the linear
    # layer of section 2.10 and the tanh bug hunt of exercise 12 read plainly "wrong"; the ReLU network names it
    assert "or a kink" in gradcheck.gradient_check_report({"W1": 3e-4}, kinks=True)
    assert gradcheck.gradient_check_report({"W1": 3e-4}).endswith("wrong")
    assert "kinks=True" in text("story_kink_network")
    for cell_id in ("story_worst_entry", "hunt_given"):
        assert "gradient_check_report(errors, worst))" in text(cell_id), cell_id
    says("story_kink_md", "`gradient_check_report(..., kinks=True)`", "it says plainly *wrong*")


def test_text_fixes_of_the_review_stay_fixed():
    assert "pre-activations away connected" not in text("written_1")
    says("written_1", "repeat the check on 2 to 5 samples", "swap ReLU for a smooth activation (tanh, softplus)")
    says("story_gradcheck_rules_md", "**Check a few coordinates**", "**float64**", "no dropout", "**Watch the kinks**")


def release_answer(grade_id):
    """The answer cell of the student release, unsolved (the stubs raise NotImplementedError)."""
    from tests.notebooks.lessons import release_path
    for cell in load(release_path(LESSON))["cells"]:
        if cell.get("metadata", {}).get("nbgrader", {}).get("grade_id") == grade_id:
            return source_of(cell)
    raise KeyError(grade_id)


def test_an_unfinished_exercise_3_costs_exercises_4_and_5_nothing():
    # Grader quality across exercises: the release's stub of exercise 3, or a wrong exercise 3, must not fail
    # exercises 4 and 5, whether the training loop squares with * (the solution) or with ** 2 and ** -1.
    from tests.grading.cases_04_backprop import EXERCISES
    from tests.grading.quality import LessonRunner

    stub = release_answer("Value_functions")
    assert "NotImplementedError" in stub
    power_training = next(e for e in EXERCISES if e.answer == "train_value_mlp").alternatives[-1]
    assert "** -1" in power_training
    lesson = LessonRunner(LESSON)
    later = ["value_mlp_visible", "value_mlp_hidden", "train_value_mlp_visible", "train_value_mlp_hidden"]
    from tests.grading.cases_04_backprop import functions_cell
    wrong = functions_cell(tanh="self.grad += (1 + out.data ** 2) * out.grad",
                           exp="self.grad += out.data")        # runs, but wrong: it must not reach exercises 4, 5
    for answers in ({"Value_functions": stub}, {"Value_functions": stub, "train_value_mlp": power_training},
                    {"Value_functions": wrong, "train_value_mlp": power_training}):
        verdicts = lesson.run_all(answers)
        assert not verdicts["Value_functions_visible"] and not verdicts["Value_functions_hidden"]
        assert all(verdicts[grade_id] for grade_id in later), {g: verdicts[g] for g in later}


def test_explorer_item_1_the_title_follows_w1_when_x1_moves(explorer):
    # item 1: "Move x1 and watch the box of w1 ... Set x1 = 0: w1 gets no gradient"; the title and the orange path
    # must be about w1's gradient, not about x1's
    says("explore_md", "**Move $x_1$ and watch the box of $w_1$.**", "Set $x_1 = 0$: $w_1$ gets no gradient")
    explorer.controls["x1"].value = 0.0
    data = explorer.data
    assert data["grads"]["w1"] == 0 and data["focus"] == "w1"
    first_line = data["title"].split("\n")[0]
    assert first_line.startswith("x1 = 0.0: \N{PARTIAL DIFFERENTIAL}L/\N{PARTIAL DIFFERENTIAL}w1 = x1 · ")
    assert first_line.endswith("= 0")


def release_text():
    from tests.notebooks.lessons import release_path
    # the test cells of the release: the story may show the library's code, the tests must not hand over answers
    return "\n".join(source_of(cell) for cell in load(release_path(LESSON))["cells"]
                     if cell.get("metadata", {}).get("nbgrader", {}).get("grade") and cell["cell_type"] == "code")


def test_the_students_notebook_does_not_hand_over_the_answers():
    # review finding 2: the bug hunt's visible test points to the method (ratios, lines), never to the two fixes
    hunt = cells()["two_layer_regression_visible"]
    for fix in ("2 (y_hat − y) / N", "1 − h1²", "batch_size"):
        assert fix not in hunt, f"the visible test of the bug hunt gives away {fix!r}"
    assert "a constant ratio" in hunt
    # review finding 3: no solution code in the hints of the visible tests (the hidden tests may be precise)
    released = release_text()
    for code in ("self.grad += other.data * out.grad", "np.linalg.norm(a − b) / max", "dense_backward(dlogits",
                 "for p in self.parameters(): p.grad = 0.0", "dx = dout * (x > 0)", "dx = dout * out * (1 − out)",
                 "self.grad += (1 - out.data ** 2) * out.grad", "seen.add(node)",
                 '"dX": dout[:1] @ W.T'):
        assert code not in released, f"the release shows the solution code {code!r}"


def test_the_second_reviews_text_fixes_stay_fixed():
    # the hunt's gradient check measures with the student's relative_error (exercise 6), once it runs
    assert "yardstick = relative_error if relative_error(" in text("hunt_given")
    says("relative_error_md", "the bug hunt of exercise 12 measures with yours")
    # lesson 05 trains on a synthetic 2-D set, not on real data
    assert "real data" not in text("summary")
    says("summary", "two moons", "`p.data -= learning_rate * p.grad`")
    # the report's verdict has the name of the threshold table's band
    assert "| $< 10^{-7}$ | right |" in cells()["story_gradcheck_md"]
    assert gradcheck.gradient_check_report({"W": 1e-9}).endswith("right")
    says("two_layer_regression_md", "every line should say *right*")
    # the snippet of __add__ is the library's, number conversion included
    says("story_engine_md", "other = other if isinstance(other, Value) else Value(other)")
    # exercise 6's hidden tests use its formula, not finite differences
    says("exercises_intro", "The hidden tests of the layer exercises (7–12) compare with finite differences",
         "those of `relative_error` (6) with its formula")


def test_lesson_04_speaks_the_courses_vocabulary():
    # recheck finding 2: the two-layer forward of exercise 11 is not lesson 01's mlp_forward(X, params, activations)
    elsewhere = "\n".join(source for cell_id, source in cells().items() if cell_id != "mlp_backward_md")
    assert "mlp_forward" not in elsewhere
    assert "def two_layer_forward(X, params):" in cells()["two_layer_forward"]
    says("mlp_backward_md", "`two_layer_forward` below, returns the logits and the three caches (lesson 01's "
                            "`mlp_forward` returns only the output)")
    # the upstream gradient is dout (dlogits for the logits') in code, G only in the maths and its comments
    for cell_id in ("story_gradcheck", "story_worst_entry", "story_kink", "value_mlp_visible", "mlp_backward_visible",
                    "value_speed"):
        assert re.search(r"\bG\b|G_check|G_speed|\bg_n\b", cells()[cell_id]) is None, cell_id
    # exercise 4 counts layers from 1 and its tests pass a params dict
    says("value_mlp_md", "layers are counted from 1", "$W_{k+1}[i, j]$ (`params[f\"W{k + 1}\"][i, j]`)",
         "\\tanh(\\mathbf x W_1 + \\mathbf b_1)")
    for cell_id in ("value_mlp_visible", "train_value_mlp_visible", "value_speed"):
        assert "weights = [(" not in cells()[cell_id] and 'f"W{k}"' in cells()[cell_id], cell_id
    assert "layer {k}'s weights W{k}" in cells()["value_mlp_visible"]
