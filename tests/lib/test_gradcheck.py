"""Gradient checking tools: finite differences are accurate and leave x untouched, relative_error is scale-free,
worst_entry finds a single wrong entry that relative_error dilutes, check_layer accepts correct layers and catches
the usual backward bugs."""
import math

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from nnlib.gradcheck import (
    check_layer,
    gradient_check_report,
    numerical_gradient,
    numerical_gradient_array,
    relative_error,
    worst_entry,
)
from nnlib.layers import (
    batchnorm_backward,
    batchnorm_forward,
    dense_backward,
    dense_forward,
    dropout_backward,
    dropout_forward,
    init_batchnorm,
    leaky_relu_backward,
    leaky_relu_forward,
    relu_backward,
    relu_forward,
)

pytestmark = pytest.mark.filterwarnings("error")

seeds = st.integers(0, 2**32 - 1)
shapes = st.lists(st.integers(1, 5), min_size=0, max_size=3).map(tuple)


@given(shape=shapes, seed=seeds)
def test_numerical_gradient_of_known_functions(shape, seed):
    x = np.random.default_rng(seed).uniform(-2, 2, shape)
    np.testing.assert_allclose(numerical_gradient(lambda z: np.sum(z**3), x), 3 * x**2, rtol=1e-8, atol=1e-8)
    np.testing.assert_allclose(numerical_gradient(lambda z: np.sum(np.sin(z)), x), np.cos(x), rtol=1e-8, atol=1e-9)


@given(shape=shapes, seed=seeds)
def test_numerical_gradient_restores_x_exactly(shape, seed):
    x = np.array(np.random.default_rng(seed).standard_normal(shape) * 1e3)
    original = x.copy()
    seen = []

    def f(z):
        seen.append(z.copy())
        return float(np.sum(np.exp(np.tanh(z))))

    numerical_gradient(f, x)
    assert x.tobytes() == original.tobytes(), "x must be restored bit for bit"
    assert len(seen) == 2 * x.size, "two evaluations per entry"
    assert all(np.count_nonzero(z != original) == 1 for z in seen), "exactly one entry perturbed at a time"


def test_numerical_gradient_sees_the_perturbation_through_a_closure():
    x = np.array([1.0, 2.0, 3.0])
    w = np.array([0.5, -1.0, 2.0])
    np.testing.assert_allclose(numerical_gradient(lambda _: float(w @ x), x), w, rtol=1e-9)


@given(n=st.integers(1, 5), d=st.integers(1, 5), m=st.integers(1, 5), seed=seeds)
def test_numerical_gradient_array_of_a_linear_map(n, d, m, seed):
    rng = np.random.default_rng(seed)
    x, A, dout = rng.standard_normal((n, d)), rng.standard_normal((d, m)), rng.standard_normal((n, m))
    original = x.copy()
    # sum((x A) · dout) is linear in x with gradient dout Aᵀ
    np.testing.assert_allclose(numerical_gradient_array(lambda z: z @ A, x, dout), dout @ A.T, rtol=1e-7, atol=1e-9)
    assert x.tobytes() == original.tobytes()


def test_numerical_gradient_array_copes_with_f_returning_x_itself():
    x = np.array([[1.0, -2.0], [0.5, 3.0]])
    dout = np.array([[1.0, 2.0], [3.0, 4.0]])
    np.testing.assert_allclose(numerical_gradient_array(lambda z: z, x, dout), dout, rtol=1e-9)


def test_relative_error_known_values():
    a = np.array([3.0, 4.0])
    assert relative_error(a, a) == 0.0
    assert relative_error(a, -a) == 1.0
    assert relative_error(a, np.zeros(2)) == 1.0
    assert relative_error(np.zeros(3), np.zeros(3)) == 0.0, "two zero gradients agree"
    b = np.array([3.0, 4.5])
    assert relative_error(a, b) == pytest.approx(0.5 / (5.0 + math.sqrt(9 + 20.25)), rel=1e-15)
    assert relative_error(np.array([1e-13]), np.zeros(1)) == pytest.approx(1e-13 / 1e-12), "eps floors the scale"


@given(seed=seeds, scale=st.sampled_from([1e-6, 1.0, 1e6]))
def test_relative_error_is_symmetric_and_scale_free(seed, scale):
    rng = np.random.default_rng(seed)
    a, b = rng.standard_normal((3, 4)), rng.standard_normal((3, 4))
    assert relative_error(a, b) == pytest.approx(relative_error(b, a), rel=1e-15)
    assert relative_error(scale * a, scale * b) == pytest.approx(relative_error(a, b), rel=1e-12)
    assert 0 <= relative_error(a, b) <= 1


def test_relative_error_is_not_fooled_by_near_zero_entries():
    analytic = np.array([1.0, -2.0, 0.0])
    numerical = analytic + np.array([1e-11, -1e-11, 1e-13])  # the 0 entry off by pure rounding noise
    assert relative_error(analytic, numerical) < 1e-10
    with pytest.raises(ValueError, match="shapes"):
        relative_error(np.zeros((2, 3)), np.zeros((3, 2)))


def dense_inputs(seed=0):
    rng = np.random.default_rng(seed)
    return {"x": rng.standard_normal((4, 5)), "W": rng.standard_normal((5, 3)), "b": rng.standard_normal(3)}


def test_check_layer_accepts_correct_layers():
    rng = np.random.default_rng(1)
    x = rng.uniform(0.1, 2, (4, 5)) * rng.choice([-1, 1], (4, 5))
    gamma, beta, running = init_batchnorm(5)
    cases = {
        "dense": check_layer(dense_forward, dense_backward, dense_inputs()),
        "relu": check_layer(relu_forward, relu_backward, {"x": x}),
        "leaky_relu": check_layer(leaky_relu_forward, leaky_relu_backward, {"x": x}, negative_slope=0.3),
        "dropout": check_layer(lambda x: dropout_forward(x, 0.5, np.random.default_rng(7)), dropout_backward,
                               {"x": x}),
        "batchnorm": check_layer(batchnorm_forward, batchnorm_backward,
                                 {"x": 3 * x + 1, "gamma": gamma + 0.5, "beta": beta - 0.2}, running=running),
    }
    assert set(cases["dense"]) == {"x", "W", "b"} and set(cases["batchnorm"]) == {"x", "gamma", "beta"}
    for name, errors in cases.items():
        assert all(error < 1e-7 for error in errors.values()), f"{name}: {errors}"


def dense_backward_without_transpose_fix(dout, cache):
    x, W = cache
    return dout @ W.T, x.T @ dout, dout.mean(axis=0)  # bug: mean instead of sum for db


def dense_backward_sign_error(dout, cache):
    x, W = cache
    return -(dout @ W.T), x.T @ dout, dout.sum(axis=0)


def leaky_relu_backward_ignoring_slope(dout, cache):
    x, _ = cache
    return np.where(x > 0, dout, 0.0)


@pytest.mark.parametrize("backward, wrong", [
    (dense_backward_without_transpose_fix, {"b"}),
    (dense_backward_sign_error, {"x"}),
])
def test_check_layer_catches_buggy_dense_backward(backward, wrong):
    errors = check_layer(dense_forward, backward, dense_inputs())
    assert {name for name, error in errors.items() if error > 1e-4} == wrong, errors


def test_check_layer_catches_a_forgotten_slope():
    x = np.array([[-1.0, 2.0], [0.5, -3.0]])
    errors = check_layer(leaky_relu_forward, leaky_relu_backward_ignoring_slope, {"x": x}, negative_slope=0.1)
    assert errors["x"] > 1e-4


def test_check_layer_leaves_the_inputs_alone_and_is_reproducible():
    inputs = dense_inputs()
    copies = {name: value.copy() for name, value in inputs.items()}
    first = check_layer(dense_forward, dense_backward, inputs, rng=np.random.default_rng(3))
    second = check_layer(dense_forward, dense_backward, inputs, rng=np.random.default_rng(3))
    assert first == second
    for name in inputs:
        np.testing.assert_array_equal(inputs[name], copies[name])


def test_check_layer_reports_mismatched_gradients():
    with pytest.raises(ValueError, match="2 gradients"):
        check_layer(dense_forward, lambda dout, cache: dense_backward(dout, cache)[:2], dense_inputs())
    with pytest.raises(ValueError, match="shape"):
        check_layer(dense_forward, lambda dout, cache: (*dense_backward(dout, cache)[:2], np.zeros((1, 3))),
                    dense_inputs())


def test_gradient_check_report():
    report = gradient_check_report({"x": 3e-10, "W": 2e-6, "b": 0.25})
    lines = report.splitlines()
    assert len(lines) == 3
    assert "x" in lines[0] and "3.00e-10" in lines[0] and "right" in lines[0]
    assert "W" in lines[1] and "suspicious" in lines[1]
    assert "b" in lines[2] and "wrong" in lines[2]
    # a smooth function has no kink to blame: a large error is plainly wrong, and no kink is mentioned
    assert lines[2].endswith("wrong") and "kink" not in report
    # with kinks=True (a ReLU network) a straddled kink can give a correct gradient an error above 1e-4: the
    # verdict names it and says what to look at
    kinked = gradient_check_report({"x": 3e-10, "W": 2e-6, "b": 0.25}, kinks=True).splitlines()
    assert kinked[0].endswith("right")
    assert "suspicious" in kinked[1] and "near a kink" in kinked[1]
    assert "wrong, or a kink" in kinked[2] and "within about h of 0" in kinked[2]
    assert "right" in gradient_check_report({"x": 9.9e-8}) and "suspicious" in gradient_check_report({"x": 1e-7})
    assert "wrong" in gradient_check_report({"x": 1e-4})


def test_worst_entry_finds_one_wrong_entry_that_the_whole_array_error_dilutes():
    rng = np.random.default_rng(3)
    exact = rng.standard_normal((60, 50))
    buggy = exact.copy()
    buggy[17, 4] += 0.001 * np.max(np.abs(exact))     # one entry off by 0.1 % of the largest one
    assert relative_error(buggy, exact) < 1e-4, "diluted into the suspicious band over 3000 entries"
    index, error = worst_entry(buggy, exact)
    assert index == (17, 4)
    assert error == pytest.approx(0.001 / 2, rel=0.01), "measured at its full size against the largest entries"
    assert "wrong" in gradient_check_report({"W": relative_error(buggy, exact)}, worst={"W": (index, error)})


def test_worst_entry_known_values_and_near_zero_entries():
    assert worst_entry(np.array([1.0, 2.0, -3.0]), np.array([1.0, 2.5, -3.0])) == ((1,), pytest.approx(0.5 / 6))
    assert worst_entry(np.zeros((2, 2)), np.zeros((2, 2))) == ((0, 0), 0.0)
    assert worst_entry(np.array([2.0, -1.0]), np.array([-2.0, 1.0])) == ((0,), 1.0)
    # a dead unit: exact zeros against rounding noise of the finite difference is no alarm
    analytic = np.array([1.5, 0.0, -0.7])
    numerical = np.array([1.5 + 1e-11, 3e-12, -0.7])
    assert worst_entry(analytic, numerical)[1] < 1e-10
    with pytest.raises(ValueError, match="shape"):
        worst_entry(np.zeros(2), np.zeros(3))


@given(st.integers(0, 2**32 - 1), st.floats(1e-6, 1e6))
def test_worst_entry_is_symmetric_scale_free_and_bounded(seed, scale):
    rng = np.random.default_rng(seed)
    a, b = rng.standard_normal((3, 4)), rng.standard_normal((3, 4))
    assert worst_entry(a, b) == worst_entry(b, a)
    assert worst_entry(scale * a, scale * b)[1] == pytest.approx(worst_entry(a, b)[1], rel=1e-12)
    assert 0 <= worst_entry(a, b)[1] <= 1


def test_gradient_check_report_with_the_worst_entry():
    report = gradient_check_report({"W": 3e-10, "b": 2e-6}, worst={"W": ((2, 1), 4e-3), "b": ((0,), 1e-9)})
    first, second = report.splitlines()
    assert "W[2, 1] 4.00e-03" in first and "wrong" in first, "the verdict is the larger error's"
    assert "b[0] 1.00e-09" in second and "suspicious" in second
