"""Weight initializers with PyTorch's formulas (torch.nn.init).

A weight matrix has shape (fan_in, fan_out), because a dense layer computes x W with x of shape (N, fan_in).
Randomness comes from rng, a numpy.random.Generator, so the same seed gives the same weights.
"""
import math

import numpy as np


def zeros(shape, dtype=np.float64):
    """W = 0.  shape tuple -> array of that shape.  Every unit then computes the same thing: nothing breaks symmetry."""
    return np.zeros(shape, dtype=dtype)


def normal(shape, std, rng, dtype=np.float64):
    """W ~ N(0, std²).  shape tuple -> array of that shape."""
    W = rng.standard_normal(shape, dtype=dtype)
    W *= std
    return W


def _uniform(fan_in, fan_out, bound, rng, dtype):
    """W ~ U(−bound, bound), shape (fan_in, fan_out)."""
    return rng.uniform(-bound, bound, size=(fan_in, fan_out)).astype(dtype, copy=False)


def xavier_uniform(fan_in, fan_out, rng, gain=1.0, dtype=np.float64):
    """W ~ U(−a, a), a = gain·sqrt(6 / (fan_in + fan_out)) = sqrt(3)·std.  -> (fan_in, fan_out).  Glorot, Bengio."""
    std = gain * math.sqrt(2.0 / (fan_in + fan_out))
    return _uniform(fan_in, fan_out, math.sqrt(3.0) * std, rng, dtype)


def xavier_normal(fan_in, fan_out, rng, gain=1.0, dtype=np.float64):
    """W ~ N(0, std²), std = gain·sqrt(2 / (fan_in + fan_out)).  -> (fan_in, fan_out)."""
    std = gain * math.sqrt(2.0 / (fan_in + fan_out))
    return normal((fan_in, fan_out), std, rng, dtype)


def he_normal(fan_in, fan_out, rng, dtype=np.float64):
    """W ~ N(0, std²), std = sqrt(2 / fan_in) (ReLU gain sqrt(2), mode fan_in).  -> (fan_in, fan_out).  He et al."""
    return normal((fan_in, fan_out), math.sqrt(2.0 / fan_in), rng, dtype)


def he_uniform(fan_in, fan_out, rng, dtype=np.float64):
    """W ~ U(−a, a), a = sqrt(6 / fan_in) = sqrt(3)·sqrt(2 / fan_in).  -> (fan_in, fan_out)."""
    return _uniform(fan_in, fan_out, math.sqrt(6.0 / fan_in), rng, dtype)


def init_weights(name, fan_in, fan_out, rng, dtype=np.float64):
    """A (fan_in, fan_out) weight matrix by scheme name.

    "he" = he_normal and "xavier" = xavier_uniform (each as in its paper), "normal" = N(0, 0.01²), "zeros";
    the explicit names "he_normal", "he_uniform", "xavier_normal" and "xavier_uniform" work too.
    """
    if name == "zeros":
        return zeros((fan_in, fan_out), dtype)
    if name == "normal":
        return normal((fan_in, fan_out), 0.01, rng, dtype)
    schemes = {
        "he": he_normal,
        "he_normal": he_normal,
        "he_uniform": he_uniform,
        "xavier": xavier_uniform,
        "xavier_uniform": xavier_uniform,
        "xavier_normal": xavier_normal,
    }
    if name not in schemes:
        raise ValueError(f"unknown init {name!r}; choose one of {sorted(schemes) + ['normal', 'zeros']}")
    return schemes[name](fan_in, fan_out, rng, dtype=dtype)
