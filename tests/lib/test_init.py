"""Initializers: empirical statistics match PyTorch's formulas, and the same seed gives the same weights."""
import math

import numpy as np
import pytest

from nnlib.init import he_normal, he_uniform, init_weights, normal, xavier_normal, xavier_uniform, zeros

pytestmark = pytest.mark.filterwarnings("error")

FAN_IN, FAN_OUT = 400, 300  # 120 000 samples: the sample std is within 0.5 % of the true one with high probability


def assert_std_close(W, std):
    """Sample std within 5 standard errors (std/sqrt(2n)) and sample mean within 5 of std/sqrt(n)."""
    n = W.size
    assert abs(W.std() - std) < 5 * std / math.sqrt(2 * n), f"std {W.std():.5f}, expected {std:.5f}"
    assert abs(W.mean()) < 5 * std / math.sqrt(n), f"mean {W.mean():.5f}, expected 0"


def assert_uniform_on(W, bound):
    assert np.all(np.abs(W) <= bound), f"max |W| = {np.abs(W).max():.5f} exceeds the bound {bound:.5f}"
    # with 120 000 draws the extremes come within 0.1 % of the bound
    assert np.abs(W).max() > 0.999 * bound, f"max |W| = {np.abs(W).max():.5f}, expected close to {bound:.5f}"
    assert_std_close(W, bound / math.sqrt(3))


@pytest.mark.parametrize("gain", [1.0, 5 / 3])
def test_xavier_uniform(gain):
    W = xavier_uniform(FAN_IN, FAN_OUT, np.random.default_rng(0), gain=gain)
    assert W.shape == (FAN_IN, FAN_OUT)
    assert_uniform_on(W, gain * math.sqrt(6 / (FAN_IN + FAN_OUT)))


@pytest.mark.parametrize("gain", [1.0, 5 / 3])
def test_xavier_normal(gain):
    W = xavier_normal(FAN_IN, FAN_OUT, np.random.default_rng(1), gain=gain)
    assert W.shape == (FAN_IN, FAN_OUT)
    assert_std_close(W, gain * math.sqrt(2 / (FAN_IN + FAN_OUT)))


def test_he_normal():
    W = he_normal(FAN_IN, FAN_OUT, np.random.default_rng(2))
    assert W.shape == (FAN_IN, FAN_OUT)
    assert_std_close(W, math.sqrt(2 / FAN_IN))


def test_he_uniform():
    W = he_uniform(FAN_IN, FAN_OUT, np.random.default_rng(3))
    assert W.shape == (FAN_IN, FAN_OUT)
    assert_uniform_on(W, math.sqrt(6 / FAN_IN))


def test_he_uses_fan_in_only():
    wide, narrow = he_normal(50, 2000, np.random.default_rng(4)), he_normal(2000, 50, np.random.default_rng(4))
    assert_std_close(wide, math.sqrt(2 / 50))
    assert_std_close(narrow, math.sqrt(2 / 2000))


@pytest.mark.parametrize("std", [0.01, 1.0, 3.0])
def test_normal(std):
    W = normal((FAN_IN, FAN_OUT), std, np.random.default_rng(5))
    assert W.shape == (FAN_IN, FAN_OUT)
    assert_std_close(W, std)


def test_zeros():
    W = zeros((3, 4))
    assert W.shape == (3, 4) and W.dtype == np.float64
    assert not np.any(W)
    assert zeros((2,), dtype=np.float32).dtype == np.float32


INITIALIZERS = {
    "xavier_uniform": lambda rng, **kw: xavier_uniform(30, 20, rng, **kw),
    "xavier_normal": lambda rng, **kw: xavier_normal(30, 20, rng, **kw),
    "he_normal": lambda rng, **kw: he_normal(30, 20, rng, **kw),
    "he_uniform": lambda rng, **kw: he_uniform(30, 20, rng, **kw),
    "normal": lambda rng, **kw: normal((30, 20), 0.1, rng, **kw),
}


@pytest.mark.parametrize("name", INITIALIZERS)
def test_reproducible_from_a_seed(name):
    make = INITIALIZERS[name]
    np.testing.assert_array_equal(make(np.random.default_rng(42)), make(np.random.default_rng(42)))
    assert not np.array_equal(make(np.random.default_rng(42)), make(np.random.default_rng(43)))


@pytest.mark.parametrize("name", INITIALIZERS)
def test_dtype_argument(name):
    W = INITIALIZERS[name](np.random.default_rng(0), dtype=np.float32)
    assert W.dtype == np.float32


@pytest.mark.parametrize("name, same_as", [("he", he_normal), ("he_normal", he_normal), ("he_uniform", he_uniform),
                                           ("xavier", xavier_uniform), ("xavier_uniform", xavier_uniform),
                                           ("xavier_normal", xavier_normal)])
def test_init_weights_dispatches(name, same_as):
    W = init_weights(name, 30, 20, np.random.default_rng(7))
    np.testing.assert_array_equal(W, same_as(30, 20, np.random.default_rng(7)))


def test_init_weights_normal_and_zeros():
    W = init_weights("normal", FAN_IN, FAN_OUT, np.random.default_rng(8))
    assert W.shape == (FAN_IN, FAN_OUT)
    assert_std_close(W, 0.01)
    W = init_weights("zeros", 3, 2, np.random.default_rng(8))
    assert W.shape == (3, 2) and not np.any(W)


def test_init_weights_rejects_unknown_names():
    with pytest.raises(ValueError, match="unknown init 'kaiming'"):
        init_weights("kaiming", 3, 2, np.random.default_rng(0))
