"""Randomness passed in explicitly: every function that draws random numbers takes ``rng``."""
import numpy as np


def as_rng(rng=0):
    """A ``numpy.random.Generator`` from a Generator (passed through), an int seed, or None (seed 0)."""
    if isinstance(rng, np.random.Generator):
        return rng
    if rng is None:
        return np.random.default_rng(0)
    if isinstance(rng, (int, np.integer)) and not isinstance(rng, bool):
        return np.random.default_rng(int(rng))
    raise TypeError(f"rng must be a numpy Generator or an int seed, got {type(rng).__name__}")
