"""Losses: values match their definitions, gradients equal finite differences, extreme inputs stay finite."""
import math
import warnings

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from nnlib.gradcheck import numerical_gradient, relative_error
from nnlib.losses import binary_cross_entropy, binary_cross_entropy_with_logits, mse, softmax_cross_entropy

pytestmark = pytest.mark.filterwarnings("error")

seeds = st.integers(0, 2**32 - 1)
sizes = st.integers(1, 6)


H = 1e-6  # finite-difference step


def assert_gradient_matches(loss_fn, x, y, scale):
    """The gradient a loss returns equals centered finite differences of the loss value it returns.

    The relative error must be below 1e-7 wherever finite differences can resolve one.  Rounding makes each loss
    value uncertain by about eps·scale (scale: the size of the per-element terms the loss averages), so a centered
    difference carries noise of about eps·scale/h per entry.  A gradient that is itself that small (a confident,
    correct prediction) cannot show a relative error of 1e-7: there the absolute error has to stay within 10 times
    the noise instead.
    """
    _, grad = loss_fn(x, y)
    assert grad.shape == x.shape and grad.dtype == x.dtype
    numerical = numerical_gradient(lambda z: loss_fn(z, y)[0], x, h=H)
    error = relative_error(grad, numerical)
    distance = np.linalg.norm(grad - numerical)
    noise = np.finfo(np.float64).eps * scale / H * np.sqrt(x.size)
    assert error < 1e-7 or distance < 10 * noise, (
        f"{loss_fn.__name__}: relative error {error:.1e}, absolute error {distance:.1e} (rounding noise {noise:.1e})")


def one_hot(labels, C):
    return np.eye(C)[labels]


@given(n=sizes, m=sizes, seed=seeds)
def test_mse_gradient(n, m, seed):
    rng = np.random.default_rng(seed)
    y_hat, y = rng.standard_normal((n, m)), rng.standard_normal((n, m))
    assert_gradient_matches(mse, y_hat, y, scale=1 + np.max((y_hat - y) ** 2))


@given(n=sizes, m=sizes, seed=seeds)
def test_binary_cross_entropy_gradient(n, m, seed):
    rng = np.random.default_rng(seed)
    probs = rng.uniform(0.05, 0.95, (n, m))
    scale = 1 + np.max(-np.log(np.minimum(probs, 1 - probs)))
    assert_gradient_matches(binary_cross_entropy, probs, rng.integers(0, 2, (n, m)).astype(float), scale)
    assert_gradient_matches(binary_cross_entropy, probs, rng.uniform(0, 1, (n, m)), scale)


@given(n=sizes, m=sizes, seed=seeds)
def test_binary_cross_entropy_with_logits_gradient(n, m, seed):
    rng = np.random.default_rng(seed)
    logits = 3 * rng.standard_normal((n, m))
    scale = 1 + np.max(np.abs(logits))
    assert_gradient_matches(binary_cross_entropy_with_logits, logits, rng.integers(0, 2, (n, m)).astype(float), scale)
    assert_gradient_matches(binary_cross_entropy_with_logits, logits, rng.uniform(0, 1, (n, m)), scale)


@given(n=sizes, c=st.integers(2, 6), seed=seeds)
def test_softmax_cross_entropy_gradient_with_labels(n, c, seed):
    rng = np.random.default_rng(seed)
    logits = 3 * rng.standard_normal((n, c))
    assert_gradient_matches(softmax_cross_entropy, logits, rng.integers(0, c, n), scale=1 + np.ptp(logits))


@given(n=sizes, c=st.integers(2, 6), seed=seeds, targets=st.sampled_from(["one-hot", "probabilities", "unnormalized"]))
def test_softmax_cross_entropy_gradient_with_targets(n, c, seed, targets):
    rng = np.random.default_rng(seed)
    if targets == "one-hot":
        y = one_hot(rng.integers(0, c, n), c)
    elif targets == "probabilities":
        y = rng.dirichlet(np.ones(c), n)
    else:
        y = rng.uniform(0, 2, (n, c))
    logits = 3 * rng.standard_normal((n, c))
    assert_gradient_matches(softmax_cross_entropy, logits, y, scale=(1 + np.ptp(logits)) * np.max(np.sum(y, axis=1)))


def test_mse_small_case_by_hand():
    loss, grad = mse(np.array([[1.0, 2.0], [0.0, 4.0]]), np.array([[3.0, 2.0], [1.0, 4.0]]))
    assert loss == pytest.approx((4 + 0 + 1 + 0) / 4)
    np.testing.assert_allclose(grad, [[2 * -2 / 4, 0.0], [2 * -1 / 4, 0.0]])


@given(n=sizes, m=sizes, seed=seeds)
def test_binary_cross_entropy_definition(n, m, seed):
    rng = np.random.default_rng(seed)
    probs, y = rng.uniform(0.01, 0.99, (n, m)), rng.uniform(0, 1, (n, m))
    expected = np.mean([-(t * math.log(p) + (1 - t) * math.log(1 - p)) for p, t in zip(probs.flat, y.flat)])
    assert binary_cross_entropy(probs, y)[0] == pytest.approx(expected, rel=1e-12)


def test_binary_cross_entropy_clamps_logs_at_minus_100_like_pytorch():
    probs = np.array([0.0, 1.0, 0.0, 1.0])
    y = np.array([1.0, 0.0, 0.0, 1.0])
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        loss, grad = binary_cross_entropy(probs, y)
    # two wrong certain predictions cost 100 each (the clamp), two right ones cost 0
    assert loss == pytest.approx(200 / 4)
    assert np.all(np.isfinite(grad))
    assert grad[0] < 0 < grad[1], "the gradient must push a wrong certain prediction towards its target"
    np.testing.assert_array_equal(grad[2:], [0.0, 0.0])


@pytest.mark.parametrize("dtype", [np.float32, np.float64])
def test_binary_cross_entropy_of_certain_predictions_is_finite_in_float32_too(dtype):
    """Clipping to [1e-12, 1 − 1e-12] fails in float32, where 1 − 1e-12 rounds to 1.0; the clamp of each log does not."""
    probs, y = np.array([0.0, 1.0, 0.0, 1.0], dtype=dtype), np.array([1.0, 0.0, 0.0, 1.0], dtype=dtype)
    assert np.float32(1 - 1e-12) == 1.0
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        loss, grad = binary_cross_entropy(probs, y)
    assert loss == pytest.approx(200 / 4)
    assert grad.dtype == dtype and np.all(np.isfinite(grad))


@given(n=sizes, m=sizes, seed=seeds)
def test_bce_with_logits_equals_bce_of_sigmoid(n, m, seed):
    rng = np.random.default_rng(seed)
    logits, y = 3 * rng.standard_normal((n, m)), rng.uniform(0, 1, (n, m))
    probs = 1 / (1 + np.exp(-logits))
    loss_logits, dlogits = binary_cross_entropy_with_logits(logits, y)
    loss_probs, dprobs = binary_cross_entropy(probs, y)
    assert loss_logits == pytest.approx(loss_probs, rel=1e-10)
    # chain rule through σ: dL/dz = dL/dp · σ(z)(1 − σ(z))
    np.testing.assert_allclose(dlogits, dprobs * probs * (1 - probs), rtol=1e-9, atol=1e-15)


def test_bce_with_logits_extreme_logits_are_finite_correct_and_quiet():
    logits = np.array([1e4, -1e4, 1e4, -1e4])
    y = np.array([0.0, 1.0, 1.0, 0.0])
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        loss, dlogits = binary_cross_entropy_with_logits(logits, y)
    # −log σ(−1e4) = log(1 + e^1e4) = 1e4 to double precision; confident right answers cost 0
    assert loss == pytest.approx((1e4 + 1e4 + 0 + 0) / 4, rel=1e-15)
    np.testing.assert_array_equal(dlogits, np.array([1.0, -1.0, 0.0, 0.0]) / 4)


@given(n=sizes, c=st.integers(2, 6), seed=seeds)
def test_cross_entropy_labels_equal_one_hot_targets(n, c, seed):
    rng = np.random.default_rng(seed)
    logits, labels = rng.standard_normal((n, c)), rng.integers(0, c, n)
    loss_labels, grad_labels = softmax_cross_entropy(logits, labels)
    loss_one_hot, grad_one_hot = softmax_cross_entropy(logits, one_hot(labels, c))
    assert loss_labels == pytest.approx(loss_one_hot, rel=1e-13)
    np.testing.assert_allclose(grad_labels, grad_one_hot, rtol=1e-13, atol=1e-16)


@given(n=sizes, c=st.integers(2, 6), seed=seeds)
def test_cross_entropy_definition_and_gradient_formula(n, c, seed):
    rng = np.random.default_rng(seed)
    logits, labels = rng.standard_normal((n, c)), rng.integers(0, c, n)
    probs = np.exp(logits) / np.exp(logits).sum(axis=1, keepdims=True)
    loss, dlogits = softmax_cross_entropy(logits, labels)
    assert loss == pytest.approx(-np.mean(np.log(probs[np.arange(n), labels])), rel=1e-12)
    np.testing.assert_allclose(dlogits, (probs - one_hot(labels, c)) / n, rtol=1e-12, atol=1e-16)


@given(n=sizes, c=st.integers(2, 10))
def test_untrained_classifier_loss_is_log_c(n, c):
    loss, dlogits = softmax_cross_entropy(np.zeros((n, c)), np.zeros(n, dtype=int))
    assert loss == pytest.approx(math.log(c), rel=1e-14)
    np.testing.assert_allclose(dlogits.sum(axis=1), 0.0, atol=1e-15)


@given(n=sizes, c=st.integers(2, 6), seed=seeds, shift=st.floats(-1e4, 1e4))
def test_cross_entropy_is_shift_invariant(n, c, seed, shift):
    rng = np.random.default_rng(seed)
    logits, labels = rng.standard_normal((n, c)), rng.integers(0, c, n)
    loss, dlogits = softmax_cross_entropy(logits, labels)
    loss_shifted, dlogits_shifted = softmax_cross_entropy(logits + shift, labels)
    atol = 8 * (abs(shift) + 1) * np.finfo(np.float64).eps
    assert loss_shifted == pytest.approx(loss, rel=0, abs=atol)
    np.testing.assert_allclose(dlogits_shifted, dlogits, rtol=0, atol=atol)


def test_cross_entropy_extreme_logits_are_finite_correct_and_quiet():
    logits = np.array([[1e4, -1e4, 0.0], [1e4, -1e4, 0.0], [-1e4, -1e4, -1e4]])
    labels = np.array([0, 1, 2])
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        loss, dlogits = softmax_cross_entropy(logits, labels)
        loss_one_hot, dlogits_one_hot = softmax_cross_entropy(logits, one_hot(labels, 3))
    # per row: −log p = max z − z_label + log Σ exp(z − max z) = 0, 2e4, log 3
    expected = (0.0 + 2e4 + math.log(3)) / 3
    assert loss == pytest.approx(expected, rel=1e-15)
    assert loss_one_hot == pytest.approx(expected, rel=1e-15)
    expected_grad = np.array([[0.0, 0.0, 0.0], [1.0, -1.0, 0.0], [1 / 3, 1 / 3, -2 / 3]]) / 3
    np.testing.assert_allclose(dlogits, expected_grad, rtol=1e-15, atol=0)
    np.testing.assert_allclose(dlogits_one_hot, expected_grad, rtol=1e-15, atol=0)


def test_cross_entropy_rejects_float_labels_and_mismatched_targets():
    with pytest.raises(TypeError, match="integers"):
        softmax_cross_entropy(np.zeros((2, 3)), np.array([0.0, 1.0]))
    with pytest.raises(ValueError, match="shape"):
        softmax_cross_entropy(np.zeros((2, 3)), np.zeros((2, 4)))


LOSS_CASES = [
    (mse, lambda rng: rng.standard_normal((4, 3))),
    (binary_cross_entropy, lambda rng: rng.uniform(0, 1, (4, 3))),
    (binary_cross_entropy_with_logits, lambda rng: rng.integers(0, 2, (4, 3)).astype(float)),
    (softmax_cross_entropy, lambda rng: rng.integers(0, 3, 4)),
    (softmax_cross_entropy, lambda rng: rng.dirichlet(np.ones(3), 4)),
]


@pytest.mark.parametrize("loss_fn, make_y", LOSS_CASES,
                         ids=["mse", "bce", "bce_with_logits", "ce_labels", "ce_targets"])
def test_float32_gradient_and_python_float_loss(loss_fn, make_y):
    rng = np.random.default_rng(0)
    x = rng.uniform(0.1, 0.9, (4, 3)).astype(np.float32)
    y = make_y(rng)
    loss, grad = loss_fn(x, y)
    assert type(loss) is float
    assert grad.dtype == np.float32 and grad.shape == x.shape
    loss64, grad64 = loss_fn(x.astype(np.float64), y)
    assert loss == pytest.approx(loss64, rel=1e-5)
    np.testing.assert_allclose(grad, grad64, rtol=1e-4, atol=1e-7)
