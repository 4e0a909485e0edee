"""Activations: derivatives equal finite differences, softmax is a stable distribution, dtypes are kept."""
import math
import warnings

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from nnlib.activations import (
    leaky_relu,
    leaky_relu_prime,
    log_softmax,
    relu,
    relu_prime,
    sigmoid,
    sigmoid_prime,
    softmax,
    tanh,
    tanh_prime,
)
from nnlib.gradcheck import relative_error

pytestmark = pytest.mark.filterwarnings("error")

seeds = st.integers(0, 2**32 - 1)
shapes = st.lists(st.integers(1, 6), min_size=1, max_size=3).map(tuple)


def away_from_kink(x, margin=1e-3):
    """Move every entry at least margin away from 0, where relu and leaky_relu have no derivative."""
    return np.where(x >= 0, x + margin, x - margin)


H = 1e-6  # finite-difference step


def elementwise_derivative(f, x):
    """Centered differences of an elementwise f, all entries at once."""
    return (f(x + H) - f(x - H)) / (2 * H)


def assert_gradient_close(analytic, numerical, scale):
    """Relative error below 1e-7, wherever finite differences can resolve one.

    Rounding makes each value f(x ± h) uncertain by about eps·scale, so a centered difference carries noise of about
    eps·scale/h per entry.  A derivative that is itself that small (a saturated sigmoid or tanh) cannot show a
    relative error of 1e-7: there the absolute error has to stay within 10 times the noise instead.
    """
    error = relative_error(analytic, numerical)
    distance = np.linalg.norm(analytic - numerical)
    noise = np.finfo(np.float64).eps * scale / H * np.sqrt(np.size(numerical))
    assert error < 1e-7 or distance < 10 * noise, (
        f"relative error {error:.1e}, absolute error {distance:.1e} (rounding noise {noise:.1e})")


DERIVATIVES = [
    (sigmoid, sigmoid_prime),
    (tanh, tanh_prime),
    (relu, relu_prime),
    (leaky_relu, leaky_relu_prime),
    (lambda x: leaky_relu(x, 0.2), lambda x: leaky_relu_prime(x, 0.2)),
]


@pytest.mark.parametrize("f, f_prime", DERIVATIVES, ids=["sigmoid", "tanh", "relu", "leaky_relu", "leaky_relu_0.2"])
@given(shape=shapes, seed=seeds, scale=st.sampled_from([0.1, 1.0, 4.0]))
def test_derivative_matches_finite_differences(f, f_prime, shape, seed, scale):
    x = away_from_kink(scale * np.random.default_rng(seed).standard_normal(shape))
    assert_gradient_close(f_prime(x), elementwise_derivative(f, x), scale=1 + np.max(np.abs(f(x))))


def test_kink_derivatives_follow_pytorch():
    x = np.array([-1.0, 0.0, 2.0])
    np.testing.assert_array_equal(relu_prime(x), [0.0, 0.0, 1.0])
    np.testing.assert_array_equal(leaky_relu_prime(x, 0.1), [0.1, 0.1, 1.0])


def test_relu_and_leaky_relu_values():
    x = np.array([-2.0, -0.5, 0.0, 3.0])
    np.testing.assert_array_equal(relu(x), [0.0, 0.0, 0.0, 3.0])
    np.testing.assert_allclose(leaky_relu(x, 0.1), [-0.2, -0.05, 0.0, 3.0])
    np.testing.assert_allclose(leaky_relu(x), [-0.02, -0.005, 0.0, 3.0])


@given(x=st.lists(st.floats(-700, 700), min_size=1, max_size=20).map(np.array))
def test_sigmoid_equals_the_textbook_formula(x):
    expected = np.array([1 / (1 + math.exp(-v)) for v in x])
    np.testing.assert_allclose(sigmoid(x), expected, rtol=1e-14, atol=1e-300)


@given(x=st.lists(st.floats(-1e4, 1e4), min_size=1, max_size=20).map(np.array))
def test_sigmoid_is_symmetric(x):
    np.testing.assert_allclose(sigmoid(-x), 1 - sigmoid(x), rtol=0, atol=1e-15)


def test_sigmoid_tails_are_exact_and_quiet():
    x = np.array([-1e4, -800.0, 0.0, 800.0, 1e4])
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        s = sigmoid(x)
        s_prime = sigmoid_prime(x)
    np.testing.assert_array_equal(s, [0.0, 0.0, 0.5, 1.0, 1.0])
    np.testing.assert_array_equal(s_prime, [0.0, 0.0, 0.25, 0.0, 0.0])


def test_tanh_values_and_saturation():
    x = np.array([-1e4, -1.0, 0.0, 0.5, 1e4])
    np.testing.assert_allclose(tanh(x), [-1.0, math.tanh(-1.0), 0.0, math.tanh(0.5), 1.0], rtol=1e-15)
    np.testing.assert_allclose(tanh_prime(x), [0.0, 1 - math.tanh(1.0) ** 2, 1.0, 1 - math.tanh(0.5) ** 2, 0.0])


@given(shape=shapes, seed=seeds, scale=st.sampled_from([1.0, 30.0, 1e4]))
def test_softmax_rows_are_distributions(shape, seed, scale):
    logits = scale * np.random.default_rng(seed).standard_normal(shape)
    probs = softmax(logits)
    assert probs.shape == logits.shape
    assert np.all(probs >= 0) and np.all(probs <= 1)
    np.testing.assert_allclose(probs.sum(axis=-1), 1.0, rtol=1e-12)


@given(shape=shapes, seed=seeds, shift=st.floats(-1e4, 1e4))
def test_softmax_and_log_softmax_are_shift_invariant(shape, seed, shift):
    logits = np.random.default_rng(seed).standard_normal(shape)
    # The shift only perturbs the logits by rounding, at most |shift|·eps; that sets the tolerance.
    atol = 4 * (abs(shift) + 1) * np.finfo(np.float64).eps
    np.testing.assert_allclose(softmax(logits + shift), softmax(logits), rtol=0, atol=atol)
    np.testing.assert_allclose(log_softmax(logits + shift), log_softmax(logits), rtol=0, atol=atol)


@given(shape=shapes, seed=seeds)
def test_log_softmax_is_the_log_of_softmax(shape, seed):
    logits = 3 * np.random.default_rng(seed).standard_normal(shape)
    np.testing.assert_allclose(log_softmax(logits), np.log(softmax(logits)), rtol=1e-12, atol=1e-12)
    np.testing.assert_allclose(np.exp(log_softmax(logits)), softmax(logits), rtol=1e-12, atol=1e-300)


def test_softmax_of_a_small_case_by_hand():
    logits = np.array([[0.0, math.log(2.0), math.log(3.0)]])
    np.testing.assert_allclose(softmax(logits), [[1 / 6, 2 / 6, 3 / 6]], rtol=1e-15)
    np.testing.assert_allclose(log_softmax(logits), np.log([[1 / 6, 2 / 6, 3 / 6]]), rtol=1e-15)


def test_softmax_of_extreme_logits_is_finite_correct_and_quiet():
    logits = np.array([[1e4, -1e4, 0.0], [-1e4, -1e4, -1e4], [1e4, 1e4, -1e4]])
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        probs = softmax(logits)
        log_probs = log_softmax(logits)
    # exp(−1e4) underflows to 0 in float64, so the exact answers are these
    np.testing.assert_array_equal(probs, [[1.0, 0.0, 0.0], [1 / 3, 1 / 3, 1 / 3], [0.5, 0.5, 0.0]])
    expected_log = [[0.0, -2e4, -1e4], [-math.log(3)] * 3, [-math.log(2), -math.log(2), -2e4 - math.log(2)]]
    np.testing.assert_allclose(log_probs, expected_log, rtol=1e-15)


@given(seed=seeds, axis=st.sampled_from([0, 1, -1]))
def test_softmax_axis(seed, axis):
    logits = np.random.default_rng(seed).standard_normal((3, 4))
    moved = np.moveaxis(logits, axis, -1)
    np.testing.assert_allclose(softmax(logits, axis=axis), np.moveaxis(softmax(moved), -1, axis), rtol=1e-14)
    np.testing.assert_allclose(log_softmax(logits, axis=axis), np.moveaxis(log_softmax(moved), -1, axis), rtol=1e-14)


ALL_FUNCTIONS = [sigmoid, sigmoid_prime, tanh, tanh_prime, relu, relu_prime, leaky_relu, leaky_relu_prime,
                 softmax, log_softmax]


@pytest.mark.parametrize("f", ALL_FUNCTIONS, ids=lambda f: f.__name__)
def test_float32_stays_float32(f):
    x = np.linspace(-5, 5, 12, dtype=np.float32).reshape(3, 4)
    out = f(x)
    assert out.dtype == np.float32, f"{f.__name__} turned float32 into {out.dtype}"
    assert out.shape == x.shape
    np.testing.assert_allclose(out, f(x.astype(np.float64)), rtol=1e-6, atol=1e-6)
