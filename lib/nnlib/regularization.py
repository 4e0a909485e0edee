"""Penalties added to the loss, and gradient clipping, on one array or on a dict name -> array.

For a dict, a penalty's value is summed over the arrays and its gradient is a dict with the same keys.
The gradient of l2_penalty, weight_decay · w, is exactly what SGD, Adagrad, RMSprop and Adam add to the gradient
for their weight_decay: adding the penalty to the loss (and its gradient to the gradients) equals setting that
weight_decay. It is not AdamW's decay, which shrinks the weights outside the adaptive step.
Clipping follows torch.nn.utils.clip_grad_value_ and clip_grad_norm_ (2-norm), but returns clipped copies:
the gradients passed in are never changed.
"""
import numpy as np


def _arrays(params):
    """The arrays of one array or of a dict of arrays, as a list."""
    return [np.asarray(w) for w in params.values()] if isinstance(params, dict) else [np.asarray(params)]


def _map(f, params):
    """f applied to one array, or to each array of a dict (giving a dict with the same keys)."""
    if isinstance(params, dict):
        return {name: f(np.asarray(w)) for name, w in params.items()}
    return f(np.asarray(params))


def l2_penalty(params, weight_decay):
    """value = weight_decay / 2 · Σ w², grad = weight_decay · w.  params: array or dict -> (float, grad like params)."""
    value = weight_decay / 2 * sum(float(np.sum(w * w)) for w in _arrays(params))
    return value, _map(lambda w: weight_decay * w, params)


def l1_penalty(params, strength):
    """value = strength · Σ |w|, subgradient strength · sign(w), 0 at w = 0.  params: array or dict -> (float, grad)."""
    value = strength * sum(float(np.sum(np.abs(w))) for w in _arrays(params))
    return value, _map(lambda w: strength * np.sign(w), params)


def clip_by_value(grads, clip_value):
    """Every entry clamped to [-clip_value, clip_value], as torch's clip_grad_value_.  grads: array or dict -> copy."""
    return _map(lambda g: np.clip(g, -clip_value, clip_value), grads)


def clip_by_global_norm(grads, max_norm):
    """grads · min(1, max_norm / (total_norm + 1e-6)), total_norm = sqrt(Σ g²) over every entry of every array.

    As torch's clip_grad_norm_: one coefficient for all arrays, so the direction of the whole gradient is kept.
    grads: array or dict -> (clipped copy like grads, total_norm before clipping).
    """
    total_norm = float(np.sqrt(sum(np.sum(g * g) for g in _arrays(grads))))
    # torch's 1e-6 keeps the quotient finite when every gradient is zero
    coef = min(1.0, max_norm / (total_norm + 1e-6))
    return _map(lambda g: g * coef, grads), total_norm
