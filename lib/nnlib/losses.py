"""Loss functions.  Each returns (loss, grad): the mean loss as a Python float and its gradient with respect to the
first argument, with that argument's shape and floating dtype.  Reduction is the mean, as PyTorch's default.
"""
import numpy as np

from .activations import log_softmax, sigmoid


def _as_float_pair(a, y):
    """Cast a to a floating array (keeping float32) and y to the same dtype, so a's dtype reaches the gradient."""
    a = np.asarray(a)
    if not np.issubdtype(a.dtype, np.floating):
        a = a.astype(np.float64)
    return a, np.asarray(y, dtype=a.dtype)


def mse(y_hat, y):
    """L = mean((y_hat − y)²) over all elements, as torch.nn.MSELoss.  y_hat, y same shape -> dy_hat same shape."""
    y_hat, y = _as_float_pair(y_hat, y)
    diff = y_hat - y
    loss = np.mean(diff * diff)
    return float(loss), diff * (2 / diff.size)


def binary_cross_entropy(probs, y):
    """L = −mean(y log p + (1 − y) log(1 − p)).  probs, y any same shape (p in [0, 1]) -> dprobs same shape.

    As torch.nn.BCELoss, each log term is clamped at −100, so probs of exactly 0 or 1 give a finite loss (at most
    100 per element) instead of inf, and the denominator p (1 − p) of the gradient is clamped at 1e-12.
    Prefer binary_cross_entropy_with_logits when you have logits: it needs no clamping at all.
    """
    probs, y = _as_float_pair(probs, y)
    # log(0) = −inf is expected here and immediately clamped, so the divide warning carries no information.
    with np.errstate(divide="ignore"):
        log_p = np.maximum(np.log(probs), -100)
        log_1mp = np.maximum(np.log1p(-probs), -100)
    loss = -np.mean(y * log_p + (1 - y) * log_1mp)
    # dL/dp = (p − y) / (p (1 − p)) / n, simplified from −y/p + (1 − y)/(1 − p).
    dprobs = (probs - y) / np.maximum(probs * (1 - probs), 1e-12)
    dprobs /= probs.size
    return float(loss), dprobs


def binary_cross_entropy_with_logits(logits, y):
    """L = mean(max(z, 0) − z y + log(1 + exp(−|z|))) = BCE(σ(z), y).  logits, y same shape -> dlogits same shape.

    The gradient simplifies to (σ(z) − y) / n; as torch.nn.BCEWithLogitsLoss this form is stable for any z.
    """
    logits, y = _as_float_pair(logits, y)
    loss = np.mean(np.maximum(logits, 0) - logits * y + np.log1p(np.exp(-np.abs(logits))))
    dlogits = sigmoid(logits) - y
    dlogits /= logits.size
    return float(loss), dlogits


def softmax_cross_entropy(logits, y):
    """L = −(1/N) Σ_n Σ_c y_nc log softmax(z_n)_c.  logits (N, C), y (N,) or (N, C) -> dlogits (N, C).

    y is either integer class labels (N,) or one-hot / probability targets (N, C), as torch.nn.CrossEntropyLoss.
    The gradient is (softmax(z) − y) / N for targets whose rows sum to 1 (labels are one-hot rows).
    """
    logits = np.asarray(logits)
    y = np.asarray(y)
    N = logits.shape[0]
    # One exp serves both the loss (through log Σ exp) and the gradient (softmax), with the max shifted to 0.
    shifted = logits - np.max(logits, axis=1, keepdims=True)
    dlogits = np.exp(shifted)
    sums = np.sum(dlogits, axis=1, keepdims=True)
    dlogits /= sums
    log_sums = np.log(sums)
    if y.ndim == 1:
        if not np.issubdtype(y.dtype, np.integer):
            raise TypeError(f"labels y of shape (N,) must be integers, got dtype {y.dtype}")
        rows = np.arange(N)
        # −log p_y = log Σ exp(shifted) − shifted_y
        loss = (np.sum(log_sums) - np.sum(shifted[rows, y])) / N
        dlogits[rows, y] -= 1
    else:
        if y.shape != logits.shape:
            raise ValueError(f"targets y must have shape {logits.shape} like the logits, got {y.shape}")
        y = y.astype(logits.dtype, copy=False)
        loss = -np.sum(y * (shifted - log_sums)) / N
        # Rows of y summing to s give softmax·s − y; s = 1 for one-hot and probability targets.
        dlogits *= np.sum(y, axis=1, keepdims=True)
        dlogits -= y
    dlogits /= N
    return float(loss), dlogits
