"""Gradient checking: compare an analytic gradient with centered finite differences.

Use float64: with h = 1e-5 the centered difference has a truncation error of order h² and a rounding error of
order eps/h, a few 1e-11 in float64 but about 1e-2 in float32, where a check cannot tell a bug from rounding.
worst_entry complements relative_error: a bug in a single entry of a large array shows at its full size there.
"""
import numpy as np

from .rng import as_rng


def numerical_gradient(f, x, h=1e-5):
    """df/dx_i ≈ (f(x + h e_i) − f(x − h e_i)) / 2h.  f: array -> scalar, x any shape -> grad same shape as x.

    x is perturbed in place, one element at a time, so f may read x itself or a closure over it; every element
    is restored to its exact original value afterwards.
    """
    grad = np.zeros(x.shape, dtype=np.float64)
    for i in np.ndindex(x.shape):
        old = x[i]
        x[i] = old + h
        f_plus = f(x)
        x[i] = old - h
        f_minus = f(x)
        x[i] = old
        grad[i] = (f_plus - f_minus) / (2 * h)
    return grad


def numerical_gradient_array(f, x, dout, h=1e-5):
    """Gradient of sum(f(x) · dout) with respect to x.  f: array -> array shaped like dout; x any shape -> same.

    This is what a backward computes: dx = (∂f/∂x)ᵀ dout, the upstream gradient pulled back through f.
    """
    grad = np.zeros(x.shape, dtype=np.float64)
    for i in np.ndindex(x.shape):
        old = x[i]
        x[i] = old + h
        # a copy: f may return x itself (an identity layer) or a buffer that the next call overwrites
        out_plus = np.array(f(x), dtype=np.float64)
        x[i] = old - h
        out_minus = np.array(f(x), dtype=np.float64)
        x[i] = old
        grad[i] = np.sum((out_plus - out_minus) * dout) / (2 * h)
    return grad


def relative_error(a, b, eps=1e-12):
    """||a − b|| / max(||a|| + ||b||, eps) with Frobenius norms.  a, b same shape -> float in [0, 1].

    A norm-based error measures the mismatch against the gradient's overall scale.  An elementwise relative error
    would blow up on entries where both gradients are nearly zero (dead ReLUs, saturated sigmoids), where the
    finite difference is all rounding noise, and flag a correct gradient as wrong.  eps makes two zero arrays
    agree (error 0) instead of dividing 0 by 0.
    """
    a = np.asarray(a, dtype=np.float64)
    b = np.asarray(b, dtype=np.float64)
    if a.shape != b.shape:
        raise ValueError(f"cannot compare arrays of shapes {a.shape} and {b.shape}")
    return float(np.linalg.norm(a - b) / max(np.linalg.norm(a) + np.linalg.norm(b), eps))


def check_layer(forward, backward, inputs, rng=None, h=1e-6, **kwargs):
    """Relative error of backward's gradients against finite differences, per input.  -> {name: error}.

    inputs   {name: array}, the differentiable arguments of forward, in the order backward returns their gradients
    kwargs   other arguments passed to forward unchanged (p, train, running, ...)
    rng      draws the upstream gradient dout (default: seed 0)

    Runs out, cache = forward(**inputs, **kwargs), then backward(dout, cache) for a random dout, and compares each
    gradient with numerical_gradient_array.  The inputs are copied to float64 first, so the caller's arrays are
    never touched.  forward must be deterministic: for dropout, wrap it so that every call draws the same mask
    (a fresh generator with a fixed seed).  A stateful kwarg such as batchnorm's running is updated by every call.
    """
    rng = as_rng(rng)
    inputs = {name: np.array(value, dtype=np.float64) for name, value in inputs.items()}
    out, cache = forward(**inputs, **kwargs)
    dout = rng.standard_normal(np.shape(out))
    grads = backward(dout, cache)
    if not isinstance(grads, tuple):
        grads = (grads,)
    if len(grads) != len(inputs):
        raise ValueError(f"backward returned {len(grads)} gradients for the {len(inputs)} inputs {list(inputs)}")

    def f(_):
        return forward(**inputs, **kwargs)[0]

    errors = {}
    for (name, x), dx in zip(inputs.items(), grads):
        if np.shape(dx) != x.shape:
            raise ValueError(f"the gradient of {name} has shape {np.shape(dx)}, but {name} has shape {x.shape}")
        errors[name] = relative_error(dx, numerical_gradient_array(f, x, dout, h))
    return errors


def worst_entry(a, b, eps=1e-12):
    """The entry where a and b differ most, measured against the arrays' largest entries.

    -> (index, error), error = max_i |a_i − b_i| / max(max|a| + max|b|, eps), a float in [0, 1].
    relative_error spreads one wrong entry over the whole array: among K entries of similar size its error shrinks
    about √K times, like a kink's.  This measure does not dilute it.  Comparing with the largest entries, not with
    the entry itself, keeps near-zero entries (dead units, where the finite difference is pure rounding) from
    raising false alarms.
    """
    a = np.asarray(a, dtype=np.float64)
    b = np.asarray(b, dtype=np.float64)
    if a.shape != b.shape:
        raise ValueError(f"cannot compare arrays of shapes {a.shape} and {b.shape}")
    if a.size == 0:
        return (), 0.0
    difference = np.abs(a - b)
    index = np.unravel_index(int(np.argmax(difference)), a.shape)
    scale = max(float(np.max(np.abs(a)) + np.max(np.abs(b))), eps)
    return tuple(int(i) for i in index), float(difference[index] / scale)


def _verdict(error, kinks=False):
    # A straddled ReLU kink can push a correct gradient's error into any band, past 1e-4 and its worst entry to about
    # 1e-2 (lesson 04, section 2.11 prints them), so in a function with kinks no band rules one out: the verdict then
    # names it, and says what to look at.  A smooth function (a linear layer, tanh) has no kink to blame, and a large
    # error is plainly wrong.
    if error < 1e-7:
        return "right"
    if error < 1e-4:
        return ("suspicious: fine near a kink, otherwise look for a small bug" if kinks
                else "suspicious: look for a small bug")
    if kinks:
        return "wrong, or a kink (is a pre-activation of this entry's unit within about h of 0?)"
    return "wrong"


def gradient_check_report(errors, worst=None, kinks=False):
    """One line per input: name, relative error, verdict (< 1e-7 right, < 1e-4 suspicious, else wrong).

    worst: optional {name: (index, error)} from worst_entry; each line then also names the worst entry, and the
    verdict is that of the larger of the two errors.
    kinks: True when the checked function has kinks (ReLU, max, abs): the verdicts above 1e-7 then say that a
    straddled kink can explain the error, and what to look at.
    """
    lines = []
    for name, error in errors.items():
        if worst is None or name not in worst:
            lines.append(f"{name:>8}: relative error {error:.2e}  {_verdict(error, kinks)}")
            continue
        index, entry_error = worst[name]
        lines.append(f"{name:>8}: relative error {error:.2e}, worst entry {name}{list(index)} {entry_error:.2e}  "
                     f"{_verdict(max(error, entry_error), kinks)}")
    return "\n".join(lines)
