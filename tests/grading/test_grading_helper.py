"""The grading helper explains failures in words, passes correct answers however written, and resists tampering."""
import builtins
import re
import sys
import warnings

import nbformat
import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st
from hypothesis.extra import numpy as hnp
from nbclient import NotebookClient

import nnlib.grading as grading
from nnlib.activations import sigmoid as reference_sigmoid
from nnlib.activations import softmax as reference_softmax
from nnlib.grading import (GradingFailure, check, check_answer, check_choice, check_close, check_expression,
                           check_function)

rng = np.random.default_rng(0)
X, W, b = rng.normal(size=(5, 3)), rng.normal(size=(3, 4)), rng.normal(size=4)
EXPECTED = X @ W + b


def failure(fn, *args, **kwargs):
    with pytest.raises(GradingFailure) as info:
        check_function(fn, *args, **kwargs)
    return str(info.value)


def test_a_correct_answer_passes_and_is_returned():
    assert check_function(lambda X, W, b: X @ W + b, X, W, b, expected=EXPECTED, name="dense") is not None


def test_wrong_shape_names_expected_and_got():
    message = failure(lambda X, W, b: (X @ W + b)[:, :3], X, W, b, expected=EXPECTED, name="dense")
    assert "expected (5, 4), got (5, 3)" in message


def test_transposed_result_is_recognized():
    assert "transpose" in failure(lambda X, W, b: (X @ W + b).T, X, W, b, expected=EXPECTED, name="dense")
    square = rng.normal(size=(4, 4))
    assert "transpose" in failure(lambda a: a.T.copy(), square, expected=square, name="f")


@pytest.mark.parametrize("factor, words", [(5, "times too large"), (1 / 5, "times too small")])
def test_a_result_off_by_the_batch_size_says_so(factor, words):
    message = failure(lambda X, W, b: factor * (X @ W + b), X, W, b, expected=EXPECTED, name="dense", batch_size=5)
    assert words in message and "batch size" in message


def test_other_systematic_errors_are_named():
    assert "wrong sign" in failure(lambda x: -x, X, expected=X, name="f")
    assert "constant factor of 3" in failure(lambda x: 3 * x, X, expected=X, name="f")
    assert "constant 0.5" in failure(lambda x: x + 0.5, X, expected=X, name="f")


def test_overflow_is_called_not_numerically_stable():
    logits = np.array([[1000.0, 0.0, -1000.0]])
    naive = failure(lambda z: np.exp(z) / np.exp(z).sum(axis=1, keepdims=True), logits,
                    expected=reference_softmax(logits), name="softmax", hint="subtract the row maximum")
    assert "not numerically stable" in naive and "Hint: subtract the row maximum" in naive


def test_common_slips_get_plain_words():
    assert "True/False" in failure(lambda z: z > 0, X, expected=np.maximum(X, 0), name="relu")
    assert "return" in failure(lambda z: None, X, expected=X, name="relu")
    assert "integers" in failure(lambda z: np.zeros(3, dtype=int), np.zeros(3), expected=[0.5] * 3, name="sigmoid")
    assert "not written this function yet" in failure(_not_implemented, X, expected=X, name="relu")
    assert "IndexError" in failure(lambda z: z[99], X, expected=X, name="relu")
    assert "should return 2 values" in failure(lambda z: z, X, expected=(X, X), name="f")
    assert "expected a function" in failure(3.0, X, expected=X, name="f")


def _not_implemented(z):
    raise NotImplementedError()


def test_changing_the_input_in_place_fails_and_leaves_the_caller_array_intact():
    original = X.copy()

    def relu_in_place(z):
        z[z < 0] = 0
        return z

    assert "in place" in failure(relu_in_place, X, expected=np.maximum(X, 0), name="relu")
    np.testing.assert_array_equal(X, original)


def test_calling_the_reference_implementation_is_detected():
    message = failure(lambda z: reference_sigmoid(z), X, expected=reference_sigmoid(X), name="sigmoid")
    assert "nnlib.activations.sigmoid" in message and "scores zero" in message


def test_allowed_library_code_is_not_delegation():
    from nnlib.layers import MLP

    model = MLP([3, 4, 2], rng=0)
    check_function(lambda x: model.forward(x), X, expected=model.forward(X), name="f", allow=[MLP])


def test_float32_loops_and_warnings_still_pass(capsys):
    def sigmoid_with_warning(z):
        warnings.warn("harmless")
        print("a debug line on stderr", file=sys.stderr)
        return np.where(z >= 0, 1 / (1 + np.exp(-z)), np.exp(z) / (1 + np.exp(z)))  # overflows in the unused branch

    def sigmoid_float32_loop(z):
        out = np.empty_like(z, dtype=np.float32)
        for i, value in np.ndenumerate(z):
            out[i] = 1 / (1 + np.exp(-np.float32(value))) if value > -80 else 0.0
        return out

    z = np.array([[-1000.0, -3.0, 0.0], [2.0, 50.0, 1000.0]])
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # a warning escaping the helper would raise here
        check_function(sigmoid_with_warning, z, expected=reference_sigmoid(z), name="sigmoid")
        check_function(sigmoid_float32_loop, z, expected=reference_sigmoid(z), name="sigmoid")
    assert capsys.readouterr().err == ""


@given(hnp.arrays(np.float64, hnp.array_shapes(min_dims=1, max_dims=3, max_side=6),
                  elements=st.floats(-1e3, 1e3)), st.integers(2, 64))
def test_any_array_matches_itself_and_a_scaled_copy_is_off_by_the_batch_size(values, batch_size):
    check_close(values.copy(), values, name="x")
    if np.abs(values).max() > 1e-3:
        with pytest.raises(GradingFailure, match="batch size"):
            check_close(values * batch_size, values, name="x", batch_size=batch_size)


def test_quiz_answers():
    check_choice("b")
    check_choice(" B ")
    for bad in ["", "ab", "z", 2, None]:
        with pytest.raises(GradingFailure, match="one letter"):
            check_choice(bad, name="answer_q1")
    check_answer("c", "c")
    with pytest.raises(GradingFailure, match="not the right answer"):
        check_answer("a", "c")


def test_check_fails_with_its_message():
    check(True, "never shown")
    with pytest.raises(GradingFailure, match="rows must sum to 1"):
        check(False, "rows must sum to 1")


@pytest.mark.parametrize("module, name, replacement", [
    (np, "allclose", lambda *a, **k: True),
    (np, "isclose", lambda *a, **k: True),
    (np.testing, "assert_allclose", lambda *a, **k: None),
    (builtins, "abs", lambda x: 0),
    (builtins, "round", lambda *a: 0),
    (grading, "check_close", lambda *a, **k: None),
    (grading, "_compare", lambda *a, **k: None),
])
def test_rebinding_what_the_checks_rely_on_is_caught(monkeypatch, module, name, replacement):
    monkeypatch.setattr(module, name, replacement)
    with pytest.raises(GradingFailure, match=f"replaced .*{name}"):
        grading.check_function(lambda x: x + 1, X, expected=X, name="f")


def test_failures_render_without_a_traceback():
    error = GradingFailure("f has wrong values\n  Hint: look again")
    lines = error._render_traceback_()
    assert "wrong values" in lines[0] and lines[1] == "  Hint: look again" and len(lines) == 2


def test_a_long_failure_is_wrapped_so_that_validate_does_not_cut_it_off():
    message = "sigmoid(z) has wrong values: " + " ".join(f"value{i}" for i in range(40)) + "\n  Hint: " + "x " * 60
    lines = GradingFailure(message)._render_traceback_()
    assert all(len(re.sub(r"\x1b\[[0-9;]*m", "", line)) <= grading.RENDERED_WIDTH for line in lines), lines
    assert " ".join(line.strip() for line in lines).replace("\x1b[0;31m", "").replace("\x1b[0m", "") == \
        " ".join(("GradingFailure: " + message).split())


def test_in_a_real_kernel_a_failing_check_shows_its_message_but_no_test_source():
    notebook = nbformat.v4.new_notebook()
    notebook.cells = [nbformat.v4.new_code_cell(
        "import numpy as np\n"
        "from nnlib.grading import check_function\n"
        "secret_expected = np.array([1.0, 2.0])  # SECRET-TEST-LINE\n"
        "check_function(lambda x: 2 * x, np.array([1.0, 2.0]), expected=secret_expected, name='double')")]
    NotebookClient(notebook, timeout=60, kernel_name="python3", allow_errors=True).execute()
    outputs = notebook.cells[0].outputs
    errors = [o for o in outputs if o.output_type == "error"]
    assert len(errors) == 1 and errors[0].ename == "GradingFailure"
    text = "\n".join(errors[0].traceback)
    assert "wrong values" in text or "constant factor" in text
    assert "SECRET-TEST-LINE" not in text and "secret_expected" not in text


def test_symbolic_answers_pass_in_any_equivalent_form_and_wrong_ones_are_diagnosed():
    import sympy as sp

    x, y = sp.symbols("x y")
    s = 1 / (1 + sp.exp(-x))
    for equivalent in (s * (1 - s), sp.exp(-x) / (1 + sp.exp(-x)) ** 2, sp.diff(s, x)):
        check_expression(equivalent, s * (1 - s), [x], name="sigmoid'")
    for wrong, words in ((-s * (1 - s), "wrong sign"), (2 * s * (1 - s), "constant factor of 2"),
                         (s * (1 - s) + 1, "constant 1"), (sp.Float(0.25), "SymPy expression"),
                         (y * s, "symbols ['y']"), ("not an expression (", "not a SymPy expression")):
        with pytest.raises(GradingFailure, match=re.escape(words)):
            check_expression(wrong, s * (1 - s), [x], name="sigmoid'")


@pytest.mark.parametrize("name", ["simplify", "lambdify"])
def test_rebinding_sympy_functions_is_caught(monkeypatch, name):
    import sympy as sp

    x = sp.symbols("x")
    monkeypatch.setattr(sp, name, lambda *args, **kwargs: 0)
    with pytest.raises(GradingFailure, match=f"replaced sympy.{name}"):
        check_expression(x + 1, x, [x])


def test_a_function_that_updates_its_arguments_may_do_so_when_allowed():
    params = {"w": np.ones(3)}

    def step(params):
        params["w"] -= 0.5

    check_function(step, params, expected=None, name="step(params)", changes_inputs=True)
    np.testing.assert_array_equal(params["w"], 0.5 * np.ones(3))
    with pytest.raises(GradingFailure, match="in place"):
        check_function(step, params, expected=None, name="step(params)")


def test_tolerances_follow_the_test_not_the_answer_and_float32_precision_is_named():
    def softmax(z):
        e = np.exp(z - z.max(axis=1, keepdims=True))
        return e / e.sum(axis=1, keepdims=True)

    logits = rng.normal(size=(4, 5)) * 3 + 300.0  # in float32 the shift costs digits: errors of about 1e-5
    float32_softmax = lambda z: softmax(z.astype(np.float32))  # noqa: E731 - the mistake under test
    message = failure(float32_softmax, logits, expected=reference_softmax(logits), name="softmax")
    assert "only float32 precision" in message and "float32 array" in message and "sign" not in message
    cast_back = lambda z: softmax(z.astype(np.float32)).astype(np.float64)  # noqa: E731
    assert "only float32 precision" in failure(cast_back, logits, expected=reference_softmax(logits), name="softmax")
    # a test that allows float32 work says so with its tolerances, or with a float32 expected value
    check_function(float32_softmax, logits, expected=reference_softmax(logits), name="softmax", rtol=2e-4)
    z32 = logits.astype(np.float32)
    check_function(float32_softmax, z32, expected=reference_softmax(z32), name="softmax")


def test_a_factor_or_an_offset_is_named_only_when_several_values_show_it():
    near_one = failure(lambda x: x * 1.001, X, expected=X, name="f")
    assert "factor" not in near_one
    for wrong in (1.27207 + 2e-6, 3.7):
        message = failure(lambda: wrong, expected=1.27207, name="the loss")
        assert "factor" not in message and "constant" not in message
    assert "exactly 4 (the batch size N) times too large" in failure(lambda: 4 * 0.2875, expected=0.2875,
                                                                     name="mse", batch_size=4)


def test_expected_and_actual_are_printed_with_enough_digits_to_differ():
    message = failure(lambda: 1.2720700001, expected=1.27207, name="the loss", rtol=1e-12, atol=0)
    assert "expected 1.27207, got 1.2720700001" in message


def test_a_nan_or_an_infinity_where_the_answer_holds_one_matches_and_nowhere_else():
    # a diverged epoch's nan loss, recorded where the statement asks for it, is the right value
    check_close([1.0, np.nan, np.inf, 2.0], [1.0, np.nan, np.inf, 2.0])
    assert "expected nan, got 2" in failure(lambda: [1.0, 2.0], expected=[1.0, np.nan])
    assert "expected inf, got nan" in failure(lambda: [np.nan], expected=[np.inf])
    assert "expected -inf, got inf" in failure(lambda: [np.inf], expected=[-np.inf])


def test_values_returned_in_another_order_are_reported_as_such():
    dX, dW, db = X, W, b
    message = failure(lambda: (dW, dX, db), expected={"dX": dX, "dW": dW, "db": db}, name="dense_backward")
    assert "wrong places" in message and "dX holds the expected dW" in message and "transpose" not in message


def test_a_transpose_is_named_only_where_the_shapes_make_it_meaningful():
    column = np.array([[1.0], [2.0], [3.0]])
    assert "transpose" not in failure(lambda: column.T, expected=column, name="f")
    symmetric = np.array([[1.0, 2.0], [2.0, 5.0]])
    assert "transpose" not in failure(lambda: symmetric + 1, expected=symmetric, name="f")


def test_symbolic_answers_in_any_sympy_container_pass():
    import sympy as sp

    z1, z2, z3 = zs = sp.symbols("z1 z2 z3")
    loss = -sp.log(sp.exp(z1) / (sp.exp(z1) + sp.exp(z2) + sp.exp(z3)))
    expected = [sp.diff(loss, zk) for zk in zs]
    for container in (expected, tuple(expected), sp.Matrix(expected), sp.ImmutableMatrix(expected).T,
                      sp.derive_by_array(loss, zs), [[e] for e in expected]):
        check_expression(container, expected, zs, name="ce_gradient")
    jacobian = sp.Matrix([sp.exp(zk) / sum(map(sp.exp, zs)) for zk in zs]).jacobian(zs)
    for container in (jacobian, jacobian.tolist(), sp.ImmutableMatrix(jacobian), list(jacobian)):
        check_expression(container, jacobian, zs, name="softmax_jacobian", n_points=5)
    with pytest.raises(GradingFailure, match="should be a list of 3 SymPy expressions"):
        check_expression(expected[:2], expected, zs, name="ce_gradient")
    with pytest.raises(GradingFailure, match=re.escape("ce_gradient[1] is not equal")):
        check_expression([expected[0], -expected[1], expected[2]], expected, zs, name="ce_gradient")


def test_unevaluated_derivatives_and_undefined_functions_get_a_clear_message():
    import sympy as sp

    x = sp.symbols("x")
    with pytest.raises(GradingFailure, match=r"unevaluated Derivative.*\.doit\(\)"):
        check_expression(sp.Derivative(sp.tanh(x) ** 2, x), sp.diff(sp.tanh(x) ** 2, x), [x])
    with pytest.raises(GradingFailure, match=re.escape("undefined function f(x)")):
        check_expression(sp.Function("f")(x) * 2, 2 * x, [x])


def test_a_named_mistake_of_an_expression_becomes_the_hint():
    import sympy as sp

    x = sp.symbols("x")
    s = 1 / (1 + sp.exp(-x))
    with pytest.raises(GradingFailure, match="the pattern of tanh"):
        check_expression(1 - s ** 2, s * (1 - s), [x], hint="generic", mistakes=[(1 - s ** 2, "the pattern of tanh")])


def test_an_expression_that_overflows_in_numpy_is_evaluated_exactly_instead():
    import sympy as sp

    x = sp.symbols("x")
    s = 1 / (1 + sp.exp(-x))
    check_expression(sp.exp(-x) / (1 + sp.exp(-x)) ** 2, s * (1 - s), [x], domain=(-800.0, -700.0), n_points=5)


def test_an_error_inside_a_function_of_another_test_cell_does_not_quote_its_line(tmp_path):
    import linecache

    visible_cell = str(tmp_path / "visible_cell.py")
    source = ("from nnlib.grading import check_function\n"
              "def closure_gradient(operation, x):\n"
              "    return operation(x).grad  # VISIBLE-TEST-LINE\n")
    linecache.cache[visible_cell] = (len(source), None, source.splitlines(True), visible_cell)
    namespace = {}
    exec(compile(source, visible_cell, "exec"), namespace)
    message = failure(namespace["closure_gradient"], lambda v: None, 1.0, expected=1.0, name="tanh")
    assert "AttributeError" in message and "VISIBLE-TEST-LINE" not in message and "operation(x)" not in message


def helper_layer(x):
    return helper_activation(x) + 1  # noqa: F821 - an earlier exercise's name, looked up when called


def test_references_stand_in_for_earlier_exercises_while_the_function_runs():
    globals()["helper_activation"] = lambda x: -x  # a wrong earlier exercise
    try:
        check_function(helper_layer, X, expected=np.maximum(X, 0) + 1, name="layer",
                       references={"helper_activation": lambda x: np.maximum(x, 0)})
        assert globals()["helper_activation"](2.0) == -2.0
    finally:
        del globals()["helper_activation"]


def test_integers_are_named_only_when_they_are_the_answer_with_its_fraction_dropped():
    assert "integers" in failure(lambda: np.int64(4), expected=13 / 3, name="mse")
    message = failure(lambda: np.int64(3), expected=0.6, name="accuracy")
    assert "integers" not in message and "expected 0.6, got 3" in message


def test_an_array_where_one_number_is_expected_is_named_as_such():
    message = failure(lambda: np.ones(4), expected=2.0, name="the loss")
    assert "one number" in message and "broadcasting" not in message
