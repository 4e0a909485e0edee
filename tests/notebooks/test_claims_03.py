"""Lesson 03: every number its prose quotes is recomputed here (numpy, SymPy or the course library) and found in the
markdown of the source notebook, so that a changed example cannot leave a stale number behind.

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
import sympy as sp  # noqa: E402

from nnlib.activations import sigmoid, sigmoid_prime  # noqa: E402
from nnlib.gradcheck import numerical_gradient, relative_error  # noqa: E402
from nnlib.layers import dense_backward  # noqa: E402
from nnlib.widgets.derivatives import derivative_explorer  # noqa: E402
from tests.notebooks.lessons import assert_says, cell_sources, load, prose, source_of, source_path  # noqa: E402

LESSON = "03_chain_rule_sympy"
EPS64 = float(np.finfo(np.float64).eps)
EPS32 = float(np.finfo(np.float32).eps)


def cells():
    return cell_sources(LESSON)


def text(*cell_ids):
    return prose(LESSON, *cell_ids)


def says(cell_id, *phrases):
    assert_says(LESSON, cell_id, *phrases)


def latex_power(value):
    """2.1e-08 -> '2 \\times 10^{-8}' (one significant digit, as the prose writes an order of magnitude)."""
    mantissa, exponent = f"{value:.0e}".split("e")
    return f"{mantissa} \\times 10^{{{int(exponent)}}}"


def envelope_minimum(eps, order, derivative=1.0, value=1.0):
    """The minimum of a finite difference's upper error envelope: min over h of truncation + round-off bound.

    order 1 (forward): h/2 |f''| + eps |f| / h; order 2 (centered): h²/6 |f'''| + eps |f| / h.  -> (error, h)
    """
    steps = np.logspace(-16, 0, 16001)
    truncation = steps / 2 * derivative if order == 1 else steps**2 / 6 * derivative
    total = truncation + eps * value / steps
    best = int(np.argmin(total))
    return float(total[best]), float(steps[best])


def test_sympy_example_f_prime_of_2():
    x = sp.Symbol("x")
    slope = sp.diff(x**2 * sp.sin(x), x).subs(x, 2)
    says("story_sympy_md", f"{float(4 * sp.sin(2)):.3f} - {float(-4 * sp.cos(2)):.3f} \\approx {float(slope):.3f}")


def test_chain_rule_table_at_x_one_half():
    x = sp.Symbol("x")
    u = 2 * x + 1
    at = {x: sp.Rational(1, 2)}
    u0, y0 = u.subs(at), (u**3).subs(at)
    dy_du, du_dx = (3 * u**2).subs(at), sp.diff(u, x)
    dy_dx = sp.diff(u**3, x).subs(at)
    assert dy_du * du_dx == dy_dx
    assert y0 != dy_du, "y and dy/du must differ, or a student cannot tell which number the table means"
    says("story_chain_md", "at $x = 0.5$", f"$u = {u0}$", f"$y = {y0}$", f"| ${dy_du}$ |",
         f"{dy_du} \\cdot 2\\,\\Delta x", f"= {dy_du} \\cdot {du_dx} = {dy_dx} .$$", f"Check the {dy_dx} three ways")
    assert "x0 = 0.5" in text("story_chain")


def test_neuron_graph_inputs_match_the_code():
    says("story_graph_md", "$x = 1.5$, $w = 0.8$, $b = -0.2$, $t = 1$")
    assert "x_in, w, b, t = 1.5, 0.8, -0.2, 1.0" in text("story_graph")


def test_softmax_example_probabilities_and_gradient():
    logits = np.array([2.0, 1.0, 0.1])
    p = np.exp(logits) / np.exp(logits).sum()
    gradient = p - np.array([0.0, 1.0, 0.0])
    says("story_softmax_md", "$\\mathbf z = (2, 1, 0.1)$",
         "$\\mathbf p = ({:.3f}, {:.3f}, {:.3f})$".format(*p),
         "$({:.3f}, {:.3f}, {:.3f})$".format(*gradient))


def test_symbolic_derivative_sizes_grow_as_the_prose_says():
    x = sp.Symbol("x")
    expression, sizes, derivative_sizes = x, [], []
    for _ in range(5):
        expression = 4 * expression * (1 - expression)
        sizes.append(sum(1 for _ in sp.preorder_traversal(expression)))
        derivative_sizes.append(sum(1 for _ in sp.preorder_traversal(sp.diff(expression, x))))
    growth = np.array(sizes[1:]) / np.array(sizes[:-1])
    derivative_growth = np.array(derivative_sizes[2:]) / np.array(derivative_sizes[1:-1])
    assert np.all((growth > 1.9) & (growth < 2.3)), "each step doubles f"
    assert np.all((derivative_growth > 2.5) & (derivative_growth < 4)), "its derivative grows about three times"
    says("story_three_ways_md", "doubles $f$, while its derivative grows about three times")


def test_finite_difference_accuracy_is_the_envelope_everywhere():
    forward, forward_h = envelope_minimum(EPS64, 1)
    centered, centered_h = envelope_minimum(EPS64, 2)
    assert f"{forward_h:.0e}" == "2e-08" and f"{centered_h:.0e}" == "9e-06"  # √(2ε) and (3ε)^(1/3)
    assert forward_h == pytest.approx(np.sqrt(2 * EPS64), rel=1e-3)
    says("story_fd_md", f"$h \\approx \\sqrt{{2\\varepsilon}} \\approx {latex_power(forward_h)}$",
         "an **upper envelope** of what you measure", "usually a few times smaller")
    says("written_1", f"$h \\approx \\sqrt{{2\\varepsilon}} \\approx {latex_power(forward_h)}$")
    says("story_fd_md", f"$\\varepsilon = {EPS64:.1e}".replace("e-16", " \\times 10^{-16}"),
         f"the error is about ${latex_power(forward)}$ (for $|f|$ and $|f''|$ near 1)",
         f"the error is about ${latex_power(centered)}$ (for $|f|$ and $|f'''|$ near 1): hundreds of times better")
    assert 100 < forward / centered < 1000
    float32_best, _ = envelope_minimum(EPS32, 2)
    says("story_fd_md", f"$\\varepsilon = {EPS32:.1e}".replace("e-07", " \\times 10^{-7}"),
         f"the best centered error is only about ${latex_power(float32_best)}$")
    says("story_three_ways_md", f"at best about ${latex_power(centered)}$ or a few times better in float64")
    says("summary", f"error envelope $\\approx {latex_power(centered)}$ in float64")
    # quiz 3: h = 1e-5 exactly, and h = 1e-12
    at_1e5 = 1e-10 / 6 + EPS64 / 1e-5
    says("q3_md", f"about ${latex_power(at_1e5)}$ (for $|f|$ and $|f'''|$ near 1)",
         f"The error stays about ${latex_power(at_1e5)}$")
    assert 1e-4 <= EPS64 / 1e-12 < 1e-3, "option c: roughly 1e-4"


def test_the_lessons_sigmoid_figure_measures_an_envelope_below_the_unit_one():
    s0 = float(sigmoid(0.5))
    d1 = s0 * (1 - s0)
    d3 = d1 * (1 - 6 * s0 + 6 * s0**2)
    sigmoid_centered, _ = envelope_minimum(EPS64, 2, derivative=abs(d3), value=s0)
    assert sigmoid_centered < envelope_minimum(EPS64, 2)[0], "σ's derivatives are smaller than 1: a lower envelope"
    # the measured median near the best step has the envelope's order of magnitude
    steps = np.logspace(-14, -1, 131)
    measured = np.abs((sigmoid(0.5 + steps) - sigmoid(0.5 - steps)) / (2 * steps) - d1)
    envelope = steps**2 / 6 * abs(d3) + EPS64 * s0 / steps
    best = int(np.argmin(envelope))
    near = np.abs(np.log10(steps / steps[best])) <= 0.5
    assert envelope[best] / 10 < np.median(measured[near]) < envelope[best] * 3
    # an upper envelope: the measured error lies (almost) never above it, and a few times below it where round-off
    # dominates
    assert np.mean(measured > envelope) < 0.05
    round_off = steps < 1e-8
    assert np.median(measured[round_off] / envelope[round_off]) < 0.5
    # "a few times lower, at a somewhat larger h" than the unit envelope, for the forward difference too
    d2 = d1 * (1 - 2 * s0)
    sigmoid_forward, sigmoid_forward_h = envelope_minimum(EPS64, 1, derivative=abs(d2), value=s0)
    unit_forward, unit_forward_h = envelope_minimum(EPS64, 1)
    assert 2 < unit_forward / sigmoid_forward < 10 and 2 < sigmoid_forward_h / unit_forward_h < 10
    says("story_fd_md", "its envelope lies a few times lower, at a somewhat larger $h$")


def test_exercise_examples():
    x, w, b = sp.symbols("x w b")
    composite = sp.diff(sp.tanh(w * x + b) ** 2, x)
    assert composite.subs({x: 0.5, w: 2, b: -1}) == 0
    says("composite_derivative_md", f"\\approx {float(composite.subs({x: 1, w: 1, b: 0})):.4f}$")
    s2 = float(sigmoid(2.0))
    says("sigmoid_prime_md".replace("sigmoid_prime_md", "sigmoid_prime_expr_md"),
         f"\\approx {s2:.4f} \\cdot {1 - s2:.4f} \\approx {s2 * (1 - s2):.4f}$")
    says("sigmoid_prime_md", "`[{:.3g}, {:.3g}, {:.3g}]`".format(*sigmoid_prime(np.array([-2.0, 0.0, 3.0]))),
         "`[0.0, 0.25, 0.0]`")
    assert np.array_equal(sigmoid_prime(np.array([-1000.0, 0.0, 1000.0])), [0.0, 0.25, 0.0])
    says("ce_gradient_md", "$(-\\tfrac23, \\tfrac13, \\tfrac13)$")
    z1, z2, z3 = sp.symbols("z1 z2 z3")
    total = sp.exp(z1) + sp.exp(z2) + sp.exp(z3)
    at_zero = [sp.diff(-sp.log(sp.exp(z1) / total), zk).subs({z1: 0, z2: 0, z3: 0}) for zk in (z1, z2, z3)]
    assert [sp.nsimplify(g) for g in at_zero] == [sp.Rational(-2, 3), sp.Rational(1, 3), sp.Rational(1, 3)]


def test_dense_gradients_example():
    X = np.array([[1.0, 2.0], [3.0, 4.0]])
    W = np.array([[1.0, 0.0, -1.0], [2.0, 1.0, 0.0]])
    G = np.array([[1.0, 0.0, 2.0], [0.0, 1.0, -1.0]])
    dX, dW, db = dense_backward(G, (X, W))

    def listed(array):
        return str(array.astype(int).tolist()).replace("[[", "[[").replace("], [", "], [")

    says("dense_gradients_md", f"`dX = {listed(dX)}`", f"`dW = {listed(dW)}`", f"`db = {listed(db)}`")


def test_finite_difference_example_accuracy():
    x = np.array([1.0, -2.0, 0.5])
    exact = 3 * x**2
    error = np.max(np.abs(numerical_gradient(lambda v: np.sum(v**3), x.copy()) - exact))
    assert 1e-11 < error < 1e-9, "about 1e-10"
    np.testing.assert_allclose(numerical_gradient(lambda v: np.sum(v**3), x.copy(), h=1e-2), exact + 1e-4,
                               rtol=1e-12)
    says("finite_difference_md", "is $3x^2 = [3, 12, 0.75]$", "to about $10^{-10}$",
         "with $h = 10^{-2}$ it gives exactly $3x^2 + h^2$")


def test_your_gradients_at_work_agree_far_below_lesson_04s_threshold():
    rng = np.random.default_rng(0)
    z = np.array([-3.0, -0.5, 0.0, 2.0])
    assert relative_error(sigmoid_prime(z), numerical_gradient(lambda v: np.sum(sigmoid(v)), z.copy())) < 1e-10
    X, W, b, G = (rng.standard_normal(shape) for shape in [(5, 3), (3, 2), (2,), (5, 2)])
    dX, dW, db = dense_backward(G, (X, W))
    for mine, variable in [(dX, X), (dW, W), (db, b)]:
        def loss(_):
            return np.sum(G * (X @ W + b))
        assert relative_error(mine, numerical_gradient(loss, variable)) < 1e-10
    says("your_gradients_md", "a relative error well below $10^{-7}$, lesson 04's threshold for a correct gradient")
    lesson_04 = {cell["id"]: source_of(cell) for cell in load(source_path("04_backprop"))["cells"]}
    assert "| $< 10^{-7}$ | right |" in lesson_04["story_gradcheck_md"]


def test_quiz_4_fractions():
    says("q4_md", f"$(1/4)^5 \\approx {0.25**5:.3f}$", f"$(1/2)^5 \\approx {0.5**5:.2f}$")


def test_written_question_numbers():
    says("written_1_md", "$h = 10^{-10}$", "$|f'''| \\approx 1$", "about $2 \\times 10^{-3}$",
         "relative error of $10^{-3}$")
    truncation_forward, round_off_forward = 1e-10 / 2, EPS64 / 1e-10
    assert f"{truncation_forward:.1e}" == "5.0e-11" and f"{round_off_forward:.0e}" == "2e-06"
    assert f"{round_off_forward / 2e-3:.0e}" == "1e-03", "the classmate's 1e-3 is round-off alone"
    says("written_1", "$\\tfrac{h}{2}|f''| \\approx 0.5 \\times 10^{-10}$", "\\approx 2 \\times 10^{-6}$")
    truncation, round_off = 1e-10 / 6, EPS64 / 1e-5
    says("written_1", f"\\approx {truncation / 1e-11:.1f} \\times 10^{{-11}}$",
         f"\\approx {round_off / 1e-11:.1f} \\times 10^{{-11}}$",
         f"together about ${latex_power(truncation + round_off)}$",
         f"relative error of about ${latex_power((truncation + round_off) / 2e-3)}$")
    forward_error, forward_h = envelope_minimum(EPS64, 1)
    says("written_1",
         f"\\approx {latex_power(math.sqrt(2 * EPS64))}$ with an error about ${latex_power(forward_error)}$",
         f"still a relative $10^{{{round(math.log10(forward_error / 2e-3))}}}$ here")


@pytest.fixture
def explorer():
    yield derivative_explorer()
    plt.close("all")


def test_explorer_instructions_show_what_they_say(explorer):
    h_slider = explorer.controls["h"]
    says("explore_md", f"from $10^{{{int(h_slider.max) - 1}}}$ down to $10^{{{int(h_slider.min)}}}$")
    explorer.set(function="composite", x=1.0, h=10.0**h_slider.max)
    secant, tangent = explorer.data["forward"], explorer.data["slope"]
    assert tangent - secant > 0.5, "the secant is clearly another line"
    says("explore_md", "$h = 1$ (the slider's top)", f"slope {secant:.2f} against the tangent's {tangent:.2f}")
    explorer.controls["h"].value = 1e-1
    at_tenth = explorer.data["forward"]
    explorer.controls["h"].value = 1e-2
    says("explore_md", f"(slope {at_tenth:.2f} at $h = 10^{{-1}}$, {explorer.data['forward']:.2f} at $10^{{-2}}$)")
    explorer.set(function="sigmoid", x=0.5, h=1.0)
    says("explore_md", f"even $h = 1$ gives {explorer.data['forward']:.3f} against {explorer.data['slope']:.3f}")
    explorer.set(function="composite", x=0.5, h=1e-3)
    assert np.max(explorer.data["centered_errors"]) < 1e-12, "item 3: exact at the symmetric point"


def test_the_cost_of_backprop_is_stated_once_and_justified():
    N, D, M = 7, 5, 3  # multiply-adds of each matrix product of a dense layer
    forward = N * D * M                                  # X W: (N, D) @ (D, M)
    backward = D * N * M + N * M * D                     # dW = Xᵀ G: (D, N) @ (N, M); dX = G Wᵀ: (N, M) @ (M, D)
    assert backward == 2 * forward
    # stated in full once, in lesson 04; lesson 03 says the same in short and refers to it
    says("story_three_ways_md", "**What a backward pass costs:** about **twice** the forward pass",
         "two matrix products for its one forward product (lesson 04, section 2.2",
         "backward about twice the forward pass (below)")
    assert "**What a backward pass costs.**" not in text(*cells()), "the full paragraph lives in lesson 04 only"
    everything = text(*cells())
    assert "one extra forward pass" not in everything and "about one forward pass" not in everything


def test_softmax_jacobian_example_and_vector_jacobian_product():
    zs = sp.symbols("z1 z2 z3")
    total = sum(sp.exp(zk) for zk in zs)
    jacobian = sp.Matrix([sp.exp(zk) / total for zk in zs]).jacobian(zs)
    at_zero = jacobian.subs(dict.fromkeys(zs, 0)).applyfunc(sp.nsimplify)
    assert at_zero == sp.Matrix(3, 3, lambda i, j: sp.Rational(2, 9) if i == j else sp.Rational(-1, 9))
    assert all(sum(at_zero.row(i)) == 0 and sum(at_zero.col(i)) == 0 for i in range(3))
    says("softmax_jacobian_md", "$\\tfrac13 \\cdot \\tfrac23 = \\tfrac29$ and the others $-\\tfrac19$",
         "every row and every column sums to 0")
    # the vector-Jacobian product without the matrix, and its collapse to p − y for cross-entropy
    logits = np.array([2.0, 1.0, 0.1])
    p = np.exp(logits) / np.exp(logits).sum()
    y = np.array([0.0, 1.0, 0.0])
    J = np.diag(p) - np.outer(p, p)
    g = -y / p
    np.testing.assert_allclose(g @ J, p * (g - g @ p), atol=1e-15)
    np.testing.assert_allclose(g @ J, p - y, atol=1e-15)
    says("story_jacobian_md", "J = \\mathrm{diag}(\\mathbf p) - \\mathbf p \\mathbf p^\\top",
         "p_j \\bigl(g_j - \\mathbf g \\cdot \\mathbf p\\bigr)")


def test_activation_slopes_bounds_and_sigmoid_prime_at_zero():
    grid = np.linspace(-20, 20, 400001)
    assert np.max(sigmoid_prime(grid)) == 0.25 and np.max(1 - np.tanh(grid) ** 2) == 1.0
    says("summary", "\\bigl(1 - \\sigma(z)\\bigr) \\le \\tfrac14$", "1 - \\tanh^2(z) \\le 1$")
    assert sigmoid_prime(np.array([0.0]))[0] == 0.25
    says("sigmoid_prime_expr_md", "$\\sigma'(0) = \\tfrac14$")
    says("story_activations_plot", "σ'(z) ≤ 1/4")


def test_text_fixes_of_the_review_stay_fixed():
    # the figure title no longer claims that every sigmoid shrinks the gradient 4 times: the weights can amplify it
    says("story_activations_plot", "multiplies the gradient by", "the weights in between multiply it too")
    assert "shrinks the gradient at least 4 times" not in text("story_activations_plot")
    # exercises 1 and 2 say what is graded instead of asking for a derivation the grader cannot see
    says("composite_derivative_md", "**What is graded** is the expression's value at many points")
    says("sigmoid_prime_expr_md", "**What is graded** is the value of `sigmoid_prime_expr` at many $z$")
    # the neuron's graph draws the leftward arrows its title promises; σ' is printed as an array, not a list
    assert "backward = [" in text("story_graph") and "dashed blue arrows" in text("story_graph")
    assert "for p in points]" not in text("story_activations")


def test_the_visible_tests_do_not_print_the_answers():
    # review finding 3: the visible tests build their references with SymPy or finite differences, so that the
    # hand-derived forms (the answers) appear nowhere in the student's notebook
    from tests.notebooks.lessons import release_path
    released = "\n".join(source_of(cell) for cell in load(release_path("03_chain_rule_sympy"))["cells"]
                         if cell["cell_type"] == "code")
    for answer in ("2 * sp.tanh(u) * (1 - sp.tanh(u)**2) * w", "expected = X.T * G", "sp.diag(*p) - p * p.T",
                   "[p[0] - 1, p[1], p[2]]", '"dX": G @ W.T', '"dX": dout @ W.T', "sp.diff(L, W_sym[d, m])",
                   "sp.diff(loss, zk) for zk in logit_symbols", "np.ndindex"):
        assert answer not in released, f"the release shows the answer {answer!r}"


def test_the_second_reviews_text_fixes_stay_fixed():
    # lesson 04 checks with finite differences of the library, not with this lesson's finite_difference
    assert "checked with your `finite_difference`" not in text("summary")
    # explorer item 1: one convention, read left to right
    says("explore_md", "To the right of each minimum the error grows with slope 1",
         "to the left both grow as $h$ shrinks, with slope $-1$")
    assert "the curves fall with slope 1" not in text("explore_md")
    # the neuron's graph gives x its local derivative with a number, and its gradient
    assert 'f"∂z/∂x = w = {w}"' in text("story_graph") and '"x": dL_dz * w' in text("story_graph")


def test_sigmoid_prime_accuracy_numbers_in_the_tails():
    """Where σ'(z) ≈ e^{-|z|} falls below the 1e-15 the statement allows, σ'(±25), and where a textbook σ's exp
    overflows: each number of the statement, computed."""
    says("sigmoid_prime_md", "up to $|z| \\approx 34.5$", "$\\sigma'(\\pm 25) \\approx 1.4 \\times 10^{-11}$",
         "below $z \\approx -709.8$")
    tails = np.linspace(20, 60, 400001)
    last_above = tails[sigmoid_prime(tails) > 1e-15].max()
    assert f"{last_above:.1f}" == "34.5"
    assert f"{sigmoid_prime(np.array([25.0]))[0]:.1e}" == f"{sigmoid_prime(np.array([-25.0]))[0]:.1e}" == "1.4e-11"
    with np.errstate(over="ignore"):
        overflows = np.isinf(np.exp(-np.array([-709.7, -709.8])))
    assert overflows.tolist() == [False, True] and f"{-np.log(np.finfo(np.float64).max):.1f}" == "-709.8"


def test_the_non_fused_gradient_fails_where_p_y_underflows():
    # section 2.5's claim, shown by its cell: for the logits (0, −800) with the second class true, p_y = e^(−800)
    # underflows to 0, g = −y/p holds −inf, and gᵀJ is NaN; the fused p − y is exact
    logits, target = np.array([0.0, -800.0]), np.array([0.0, 1.0])
    p = np.exp(logits - logits.max()) / np.exp(logits - logits.max()).sum()
    assert p[1] == 0.0
    with np.errstate(divide="ignore", invalid="ignore"):
        non_fused = (-target / p) @ (np.diag(p) - np.outer(p, p))
    assert np.all(np.isnan(non_fused))
    assert (p - target).tolist() == [1.0, -1.0]
    says("story_jacobian_md", "which divides by 0 when $p_y$ underflows to 0: $-1/0 = -\\infty$, and "
                              "$-\\infty \\times 0$ = nan (the cell's last line shows it for the logits $(0, -800)$)")
    assert "−1/0 = −inf, and −inf × 0 = nan" in text("story_jacobian")
    assert "far_logits, far_target = np.array([0.0, -800.0]), np.array([0.0, 1.0])" in text("story_jacobian")


def test_the_explorers_two_minima_and_why_its_sweet_spot_sits_left_of_the_envelopes(explorer):
    # explorer item 1: the title's centered sweet spot (running median of the measured curve) lies left of the
    # minimum of section 2.8's envelope for the same σ at x = 0.5, and the forward minimum is read off the curve
    from nnlib.widgets.derivatives import _e
    data = explorer.data
    assert (data["function"], data["x"]) == ("sigmoid", 0.5)
    s0 = float(sigmoid(0.5))
    d1 = s0 * (1 - s0)
    d3 = d1 * (1 - 6 * s0 + 6 * s0**2)
    steps = np.logspace(-14, -1, 131)                       # section 2.8's cell, as it computes its envelope
    envelope_h = steps[np.argmin(steps**2 / 6 * abs(d3) + EPS64 * s0 / steps)]
    assert data["best_centered_h"] < envelope_h / 2, "a little left of the envelope's minimum"
    assert f"{envelope_h:.0e}" == "2e-05" and "h ≈ {best_h['centered']:.0e}" in text("story_fd")
    says("explore_md", f"for σ at $x = 0.5$ the title says {_e(data['best_centered_h'])}, where section 2.8's figure "
                       f"has {envelope_h:.0e}", f"read the forward one off the orange curve: the valley's bottom, "
                                                f"near {_e(data['best_forward_h'])}, not its deepest dip",
         "lies a few times below section 2.8's envelope where round-off dominates")
    assert f"sweet spot ≈ {_e(data['best_centered_h'])}" in data["title"]


def test_one_notation_for_the_upstream_gradient():
    # G in the math, dout in the code: the exercise's signature, its tests and the story's numpy cells
    says("story_dense_md", "$G = \\partial L / \\partial Z$, of shape $(N, M)$. In code it is called `dout`: lesson "
                           "04's backward functions take this same gradient as their first argument, `dout`.")
    says("dense_gradients_md", "`dense_gradients(X, W, dout)`", "passed as `dout`", "`dout` $(N, M)$")
    assert "def dense_gradients(X, W, dout):" in text("dense_gradients")
    for cell in ("story_dense", "your_gradients", "dense_gradients_visible", "dense_gradients_hidden"):
        code = text(cell)
        # the maths' G may appear once, in the comment that says dout is G
        assert re.search(r"\bG\b", code.replace("G = ∂L/∂Z", "")) is None, \
            f"{cell} still calls the upstream gradient G in code"
    says("story_dense", "X[0, 0] dout[0, 1] + X[1, 0] dout[1, 1]", "dW = Xᵀ dout")
    assert "G" not in text("q2_md").replace("$= G =", "")


def test_the_bias_of_exercise_5_is_a_row():
    b_sym = sp.Matrix(1, 2, lambda _, m: sp.Symbol(f"b_{m}"))
    assert b_sym.shape == (1, 2)
    assert "b_sym = sp.Matrix(1, 2," in text("dL_dW_setup")
    says("dL_dW_md", "a bias `b_sym` (a $1 \\times 2$ row)")
