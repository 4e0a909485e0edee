"""Activation functions and their derivatives, elementwise on arrays of any shape, plus softmax.

Every function keeps the floating dtype of its input (float32 in, float32 out) and is written so that large
inputs neither overflow nor warn: exp is only ever taken of non-positive numbers.
"""
import numpy as np


def sigmoid(x):
    """σ(x) = 1 / (1 + exp(−x)).  x any shape -> same shape, values in [0, 1]."""
    x = np.asarray(x)
    # exp(−|x|) lies in (0, 1], so neither tail can overflow; σ(x) = e·σ(|x|) for x < 0 with e = exp(x).
    e = np.exp(-np.abs(x))
    s = 1 / (1 + e)
    return np.where(x >= 0, s, e * s)


def sigmoid_prime(x):
    """σ′(x) = σ(x) (1 − σ(x)).  x any shape -> same shape."""
    s = sigmoid(x)
    return s * (1 - s)


def tanh(x):
    """tanh(x) = (exp(x) − exp(−x)) / (exp(x) + exp(−x)).  x any shape -> same shape, values in [−1, 1]."""
    return np.tanh(x)


def tanh_prime(x):
    """tanh′(x) = 1 − tanh(x)².  x any shape -> same shape."""
    t = np.tanh(x)
    return 1 - t * t


def relu(x):
    """relu(x) = max(x, 0).  x any shape -> same shape."""
    return np.maximum(x, 0)


def relu_prime(x):
    """relu′(x) = 1 if x > 0 else 0 (0 at the kink x = 0, as PyTorch).  x any shape -> same shape."""
    x = np.asarray(x)
    return (x > 0).astype(x.dtype)


def leaky_relu(x, negative_slope=0.01):
    """leaky_relu(x) = x if x > 0 else negative_slope · x.  x any shape -> same shape."""
    x = np.asarray(x)
    return np.where(x > 0, x, negative_slope * x)


def leaky_relu_prime(x, negative_slope=0.01):
    """leaky_relu′(x) = 1 if x > 0 else negative_slope (also at x = 0, as PyTorch).  x any shape -> same shape."""
    x = np.asarray(x)
    return np.where(x > 0, 1, negative_slope).astype(x.dtype)


def softmax(logits, axis=-1):
    """softmax(z)_i = exp(z_i − max z) / Σ_j exp(z_j − max z).  logits (..., C) -> probs (..., C), rows sum to 1."""
    # Subtracting the max changes nothing mathematically and makes the largest exponent exp(0) = 1.
    shifted = logits - np.max(logits, axis=axis, keepdims=True)
    exp = np.exp(shifted)
    return exp / np.sum(exp, axis=axis, keepdims=True)


def log_softmax(logits, axis=-1):
    """log_softmax(z)_i = z_i − max z − log Σ_j exp(z_j − max z).  logits (..., C) -> log-probs (..., C)."""
    # The log-sum-exp trick: the sum is at least exp(0) = 1, so its log is finite and never log(0).
    shifted = logits - np.max(logits, axis=axis, keepdims=True)
    return shifted - np.log(np.sum(np.exp(shifted), axis=axis, keepdims=True))
