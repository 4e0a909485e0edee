"""Data sets of the course: seeded 2-D toy sets, a 1-D regression set, the 8x8 digits, splits and scaling.

Every generator takes ``rng`` (a ``numpy.random.Generator`` or an int seed): the same seed gives the same data.
2-D sets return ``X`` float64 (n, 2) and ``y`` int64 (n,); the classes are as balanced as ``n_samples`` allows
and the samples are shuffled.
"""
from functools import lru_cache
from importlib.resources import files

import numpy as np

from .rng import as_rng

_DATA_DIR = files("nnlib") / "data"

DIGITS_ATTRIBUTION = (_DATA_DIR / "DIGITS_LICENSE.txt").read_text(encoding="utf-8").strip()
"""Source and licence (CC BY 4.0) of the digits data, to quote wherever the data are shown."""


def _check_sizes(n_samples, n_classes=1, noise=0.0):
    if not isinstance(n_samples, (int, np.integer)) or n_samples < n_classes:
        raise ValueError(f"n_samples must be an int >= {n_classes} (one per class), got {n_samples!r}")
    if not isinstance(n_classes, (int, np.integer)) or n_classes < 1:
        raise ValueError(f"n_classes must be an int >= 1, got {n_classes!r}")
    if not noise >= 0:
        raise ValueError(f"noise must be >= 0, got {noise!r}")


def _split_evenly(n, k):
    """Sizes of k groups that share n items as evenly as possible: (k,) ints summing to n."""
    return np.full(k, n // k) + (np.arange(k) < n % k)


def _shuffled(X, y, rng):
    order = rng.permutation(len(y))
    return X[order], y[order]


def make_xor(n_samples=200, noise=0.1, rng=0):
    """Four Gaussian clusters at (+-1, +-1); y = 1 where the cluster's signs differ (sign product -1), else 0.

    -> X (n, 2) float64, y (n,) int64.
    """
    _check_sizes(n_samples, 4, noise)
    rng = as_rng(rng)
    centres = np.array([[1.0, 1.0], [-1.0, -1.0], [-1.0, 1.0], [1.0, -1.0]])
    cluster_labels = np.array([0, 0, 1, 1])
    sizes = np.concatenate([_split_evenly(n, 2) for n in _split_evenly(n_samples, 2)])
    y = np.repeat(cluster_labels, sizes)
    X = np.repeat(centres, sizes, axis=0) + noise * rng.standard_normal((n_samples, 2))
    return _shuffled(X, y.astype(np.int64), rng)


def make_moons(n_samples=200, noise=0.1, rng=0):
    """Two interleaving half circles: class 0 on (cos t, sin t), class 1 on (1 - cos t, 0.5 - sin t), t in [0, pi].

    -> X (n, 2) float64, y (n,) int64.
    """
    _check_sizes(n_samples, 2, noise)
    rng = as_rng(rng)
    n0, n1 = _split_evenly(n_samples, 2)
    t0, t1 = np.linspace(0.0, np.pi, n0), np.linspace(0.0, np.pi, n1)
    upper = np.column_stack([np.cos(t0), np.sin(t0)])
    lower = np.column_stack([1.0 - np.cos(t1), 0.5 - np.sin(t1)])
    X = np.concatenate([upper, lower]) + noise * rng.standard_normal((n_samples, 2))
    y = np.repeat(np.arange(2, dtype=np.int64), [n0, n1])
    return _shuffled(X, y, rng)


def make_circles(n_samples=200, noise=0.05, factor=0.5, rng=0):
    """Two concentric circles: class 0 of radius 1, class 1 of radius ``factor`` (0 < factor < 1).

    -> X (n, 2) float64, y (n,) int64.
    """
    _check_sizes(n_samples, 2, noise)
    if not 0 < factor < 1:
        raise ValueError(f"factor (inner radius / outer radius) must be in (0, 1), got {factor!r}")
    rng = as_rng(rng)
    sizes = _split_evenly(n_samples, 2)
    angles = np.concatenate([np.linspace(0.0, 2 * np.pi, n, endpoint=False) for n in sizes])
    radii = np.repeat([1.0, factor], sizes)
    X = radii[:, None] * np.column_stack([np.cos(angles), np.sin(angles)])
    X += noise * rng.standard_normal((n_samples, 2))
    y = np.repeat(np.arange(2, dtype=np.int64), sizes)
    return _shuffled(X, y, rng)


def make_spirals(n_samples=300, n_classes=3, noise=0.2, rng=0):
    """Interleaved spiral arms (CS231n): arm k has radius r in [0, 1] and angle 4 r + 2 pi k / K + noise.

    ``noise`` is the standard deviation of the angle in radians. -> X (n, 2) float64 in about [-1, 1], y (n,) int64.
    """
    _check_sizes(n_samples, n_classes, noise)
    rng = as_rng(rng)
    sizes = _split_evenly(n_samples, n_classes)
    radius = np.concatenate([np.linspace(0.0, 1.0, n) for n in sizes])
    y = np.repeat(np.arange(n_classes, dtype=np.int64), sizes)
    angle = 4.0 * radius + 2 * np.pi * y / n_classes + noise * rng.standard_normal(n_samples)
    X = radius[:, None] * np.column_stack([np.cos(angle), np.sin(angle)])
    return _shuffled(X, y, rng)


def make_blobs(n_samples=300, n_classes=3, std=1.0, rng=0):
    """Isotropic Gaussian blobs of standard deviation ``std`` with centres evenly spaced on a circle of radius 3.

    -> X (n, 2) float64, y (n,) int64.
    """
    _check_sizes(n_samples, n_classes, std)
    rng = as_rng(rng)
    sizes = _split_evenly(n_samples, n_classes)
    angles = 2 * np.pi * np.arange(n_classes) / n_classes + np.pi / 2
    centres = 3.0 * np.column_stack([np.cos(angles), np.sin(angles)])
    X = np.repeat(centres, sizes, axis=0) + std * rng.standard_normal((n_samples, 2))
    y = np.repeat(np.arange(n_classes, dtype=np.int64), sizes)
    return _shuffled(X, y, rng)


def make_regression_1d(n_samples=100, noise=0.1, rng=0):
    """y = sin(x) + noise * eps with x uniform on [-3, 3] (unsorted), eps standard normal.

    -> x (n, 1) float64, y (n, 1) float64.
    """
    _check_sizes(n_samples, 1, noise)
    rng = as_rng(rng)
    x = rng.uniform(-3.0, 3.0, size=(n_samples, 1))
    y = np.sin(x) + noise * rng.standard_normal((n_samples, 1))
    return x, y


@lru_cache(maxsize=1)
def _digits_raw():
    with (_DATA_DIR / "digits.npz").open("rb") as f, np.load(f) as npz:
        return npz["images"], npz["labels"]


def load_digits(flatten=True):
    """The 8x8 handwritten digits (see ``DIGITS_ATTRIBUTION``), pixels scaled to [0, 1].

    -> X (1797, 64) float64 (or (1797, 8, 8) when ``flatten=False``), y (1797,) int64 in 0..9.
    """
    images, labels = _digits_raw()
    X = images.astype(np.float64) / 16.0  # pixels are counts 0..16
    if flatten:
        X = X.reshape(len(X), -1)  # (N, 8, 8) -> (N, 64)
    return X, labels.astype(np.int64)


def _split_sizes(n, val_fraction, test_fraction):
    """(n_val, n_test) rounded half up; they never add up to more than n because both fractions sum below 1."""
    return int(np.floor(n * val_fraction + 0.5)), int(np.floor(n * test_fraction + 0.5))


def train_val_test_split(X, y, val_fraction=0.15, test_fraction=0.15, rng=0, stratify=True):
    """Shuffle and split into disjoint training, validation and test sets that together cover (X, y).

    With ``stratify`` every class is split with the given fractions (each part within one sample of its share).
    X (N, ...), y (N,) -> X_train, y_train, X_val, y_val, X_test, y_test.
    """
    X, y = np.asarray(X), np.asarray(y)
    if len(X) != len(y):
        raise ValueError(f"X and y must have the same number of samples, got {len(X)} and {len(y)}")
    if not (0 <= val_fraction < 1 and 0 <= test_fraction < 1 and val_fraction + test_fraction < 1):
        raise ValueError("val_fraction and test_fraction must be >= 0 and sum to less than 1, "
                         f"got {val_fraction!r} and {test_fraction!r}")
    rng = as_rng(rng)
    groups = [np.flatnonzero(y == c) for c in np.unique(y)] if stratify else [np.arange(len(y))]
    parts = {"train": [], "val": [], "test": []}
    for members in groups:
        members = rng.permutation(members)
        n_val, n_test = _split_sizes(len(members), val_fraction, test_fraction)
        parts["val"].append(members[:n_val])
        parts["test"].append(members[n_val:n_val + n_test])
        parts["train"].append(members[n_val + n_test:])
    out = []
    for name in ("train", "val", "test"):
        idx = rng.permutation(np.concatenate(parts[name]).astype(np.intp))  # mix the classes again
        out += [X[idx], y[idx]]
    return tuple(out)


def one_hot(y, n_classes=None):
    """Integer labels y (N,) -> one-hot float64 (N, C), C = n_classes or max(y) + 1."""
    y = np.asarray(y)
    if y.ndim != 1 or not np.issubdtype(y.dtype, np.integer):
        raise ValueError(f"y must be a 1-D array of integer labels, got shape {y.shape} dtype {y.dtype}")
    if n_classes is None:
        n_classes = int(y.max()) + 1 if y.size else 0
    if y.size and (y.min() < 0 or y.max() >= n_classes):
        raise ValueError(f"labels must lie in 0..{n_classes - 1}, got {y.min()}..{y.max()}")
    Y = np.zeros((len(y), n_classes))
    Y[np.arange(len(y)), y] = 1.0
    return Y


def standardize(X_train, *others):
    """(X - mean) / std with the mean and std (per feature) of X_train, applied to X_train and each other array.

    Features constant in X_train are only centred (to exactly 0 there). Returns one array, or a tuple when others
    are given.
    """
    X_train = np.asarray(X_train, dtype=np.float64)
    if len(X_train) == 0:
        raise ValueError("X_train must hold at least one sample")
    # A constant feature (blank digit pixels) is only centred, on its exact value: a rounded mean and a std of
    # ~1e-17 would turn it into noise of order 1.
    constant = np.ptp(X_train, axis=0) == 0
    mean = np.where(constant, X_train[0], X_train.mean(axis=0))
    std = np.where(constant, 1.0, X_train.std(axis=0))
    scaled = tuple((np.asarray(X, dtype=np.float64) - mean) / std for X in (X_train, *others))
    return scaled if others else scaled[0]
