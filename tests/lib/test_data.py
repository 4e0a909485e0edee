"""nnlib.data: seeded toy sets with balanced shuffled classes, the digits, splits, one-hot and standardization."""
import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from nnlib import data
from nnlib.rng import as_rng

pytestmark = pytest.mark.filterwarnings("error")

TWO_D_SETS = {
    "xor": (data.make_xor, 2),
    "moons": (data.make_moons, 2),
    "circles": (data.make_circles, 2),
    "spirals": (data.make_spirals, 3),
    "blobs": (data.make_blobs, 3),
}
ALL_SETS = {**{name: make for name, (make, _) in TWO_D_SETS.items()}, "regression_1d": data.make_regression_1d}


def test_as_rng_passes_generators_through_and_seeds_ints():
    rng = np.random.default_rng(5)
    assert as_rng(rng) is rng
    assert as_rng(7).random() == np.random.default_rng(7).random()
    assert as_rng(np.int64(7)).random() == np.random.default_rng(7).random()
    assert as_rng(None).random() == np.random.default_rng(0).random(), "None means the default seed 0"


@pytest.mark.parametrize("bad", [1.5, "0", True, np.random.RandomState(0)])
def test_as_rng_rejects_other_types(bad):
    with pytest.raises(TypeError, match="rng"):
        as_rng(bad)


@pytest.mark.parametrize("name", ALL_SETS)
def test_same_seed_same_data_other_seed_other_data(name):
    make = ALL_SETS[name]
    X1, y1 = make(rng=3)
    X2, y2 = make(rng=3)
    X3, y3 = make(rng=4)
    np.testing.assert_array_equal(X1, X2)
    np.testing.assert_array_equal(y1, y2)
    assert not np.array_equal(X1, X3), "a different seed must give different points"
    X4, _ = make(rng=np.random.default_rng(3))
    np.testing.assert_array_equal(X1, X4)


@pytest.mark.parametrize("name", TWO_D_SETS)
def test_two_d_sets_have_documented_shapes_and_dtypes(name):
    make, n_classes = TWO_D_SETS[name]
    X, y = make(n_samples=61, rng=0)
    assert X.shape == (61, 2) and X.dtype == np.float64
    assert y.shape == (61,) and y.dtype == np.int64
    assert set(np.unique(y)) == set(range(n_classes))
    assert np.all(np.isfinite(X))


@pytest.mark.parametrize("name", TWO_D_SETS)
def test_two_d_sets_are_shuffled(name):
    make, _ = TWO_D_SETS[name]
    _, y = make(rng=0)
    assert np.any(np.diff(y) < 0), "labels come in class blocks: the samples are not shuffled"


@pytest.mark.parametrize("name", TWO_D_SETS)
@given(n_samples=st.integers(4, 301))
def test_two_d_sets_are_balanced(name, n_samples):
    make, n_classes = TWO_D_SETS[name]
    _, y = make(n_samples=n_samples, rng=1)
    counts = np.bincount(y, minlength=n_classes)
    assert counts.sum() == n_samples
    assert counts.max() - counts.min() <= 1, f"class counts {counts} are not as even as possible"


@given(n_samples=st.integers(2, 200), n_classes=st.integers(1, 7))
def test_spirals_and_blobs_balance_any_number_of_classes(n_samples, n_classes):
    n_samples = max(n_samples, n_classes)
    for make in (data.make_spirals, data.make_blobs):
        _, y = make(n_samples=n_samples, n_classes=n_classes, rng=0)
        counts = np.bincount(y, minlength=n_classes)
        assert len(counts) == n_classes and counts.max() - counts.min() <= 1


def test_moons_class_means_sit_on_their_half_circles():
    X, y = data.make_moons(n_samples=2000, noise=0.1, rng=0)
    mean_height = 2 / np.pi  # mean of sin t over [0, pi] for evenly spaced t
    np.testing.assert_allclose(X[y == 0].mean(axis=0), [0.0, mean_height], atol=0.03)
    np.testing.assert_allclose(X[y == 1].mean(axis=0), [1.0, 0.5 - mean_height], atol=0.03)


def test_circles_radii_match_factor():
    X, y = data.make_circles(n_samples=2000, noise=0.05, factor=0.3, rng=0)
    radius = np.linalg.norm(X, axis=1)
    assert abs(radius[y == 0].mean() - 1.0) < 0.02
    assert abs(radius[y == 1].mean() - 0.3) < 0.02
    np.testing.assert_allclose(X.mean(axis=0), [0, 0], atol=0.02)


def test_xor_label_is_one_where_the_signs_differ():
    X, y = data.make_xor(n_samples=400, noise=0.1, rng=0)
    np.testing.assert_array_equal(y, (np.sign(X[:, 0]) * np.sign(X[:, 1]) < 0).astype(int))
    for sx in (-1, 1):
        for sy in (-1, 1):
            quadrant = (np.sign(X[:, 0]) == sx) & (np.sign(X[:, 1]) == sy)
            np.testing.assert_allclose(X[quadrant].mean(axis=0), [sx, sy], atol=0.05)
    np.testing.assert_allclose(X[y == 0].mean(axis=0), [0, 0], atol=0.05)


def test_spirals_fill_the_unit_disc_and_blobs_sit_on_a_circle():
    X, y = data.make_spirals(n_samples=600, n_classes=3, noise=0.0, rng=0)
    assert np.linalg.norm(X, axis=1).max() <= 1 + 1e-12
    X, y = data.make_blobs(n_samples=3000, n_classes=4, std=0.5, rng=0)
    means = np.array([X[y == k].mean(axis=0) for k in range(4)])
    np.testing.assert_allclose(np.linalg.norm(means, axis=1), 3.0, atol=0.05)
    assert np.all(X[y == 0].std(axis=0) < 0.6)


def test_regression_1d_is_a_noisy_sine():
    x, y = data.make_regression_1d(n_samples=5000, noise=0.1, rng=0)
    assert x.shape == (5000, 1) and y.shape == (5000, 1) and x.dtype == y.dtype == np.float64
    assert x.min() >= -3 and x.max() <= 3
    assert abs((y - np.sin(x)).std() - 0.1) < 0.01


@pytest.mark.parametrize("call", [
    lambda: data.make_moons(n_samples=1), lambda: data.make_moons(noise=-0.1),
    lambda: data.make_circles(factor=1.5), lambda: data.make_spirals(n_samples=2, n_classes=3),
    lambda: data.make_blobs(n_classes=0),
])
def test_generators_reject_bad_arguments(call):
    with pytest.raises(ValueError):
        call()


def test_digits_are_1797_images_of_ten_classes_in_unit_range():
    X, y = data.load_digits()
    assert X.shape == (1797, 64) and X.dtype == np.float64
    assert y.shape == (1797,) and y.dtype == np.int64
    assert X.min() == 0.0 and X.max() == 1.0
    assert set(np.unique(y)) == set(range(10))
    assert np.bincount(y).min() > 170, "about 180 images per digit"
    images, y2 = data.load_digits(flatten=False)
    assert images.shape == (1797, 8, 8)
    np.testing.assert_array_equal(images.reshape(1797, 64), X)
    np.testing.assert_array_equal(y, y2)


def test_digits_are_fresh_arrays_each_call():
    X, y = data.load_digits()
    X[:] = -1
    y[:] = -1
    X2, y2 = data.load_digits()
    assert X2.min() == 0.0 and y2.min() == 0, "changing a returned array changed the stored data"


def test_digits_attribution_names_source_and_licence():
    text = data.DIGITS_ATTRIBUTION
    assert "Alpaydin" in text and "UCI" in text
    assert "CC BY 4.0" in text and "creativecommons.org/licenses/by/4.0" in text


def _check_split(parts, n, labels):
    X_train, y_train, X_val, y_val, X_test, y_test = parts
    ids = np.concatenate([X_train[:, 0], X_val[:, 0], X_test[:, 0]]).astype(int)
    np.testing.assert_array_equal(np.sort(ids), np.arange(n), err_msg="the parts must be disjoint and cover X")
    for Xp, yp in ((X_train, y_train), (X_val, y_val), (X_test, y_test)):
        np.testing.assert_array_equal(labels[Xp[:, 0].astype(int)], yp, err_msg="rows of X and y got separated")


@given(counts=st.lists(st.integers(1, 60), min_size=1, max_size=6),
       val_fraction=st.floats(0.0, 0.45), test_fraction=st.floats(0.0, 0.45), seed=st.integers(0, 2**32 - 1))
def test_split_is_disjoint_covering_and_stratified(counts, val_fraction, test_fraction, seed):
    y = np.repeat(np.arange(len(counts)), counts)
    n = len(y)
    X = np.column_stack([np.arange(n), np.zeros(n)])  # column 0 identifies the sample
    parts = data.train_val_test_split(X, y, val_fraction, test_fraction, rng=seed)
    _check_split(parts, n, y)
    _, y_train, _, y_val, _, y_test = parts
    for k, n_k in enumerate(counts):
        assert abs(np.sum(y_val == k) - val_fraction * n_k) <= 0.5 + 1e-9
        assert abs(np.sum(y_test == k) - test_fraction * n_k) <= 0.5 + 1e-9
        assert abs(np.sum(y_train == k) - (1 - val_fraction - test_fraction) * n_k) <= 1 + 1e-9


@given(n=st.integers(1, 300), val_fraction=st.floats(0.0, 0.45), test_fraction=st.floats(0.0, 0.45))
def test_unstratified_split_is_disjoint_covering_with_the_fractions(n, val_fraction, test_fraction):
    y = np.arange(n) % 3
    X = np.arange(n)[:, None].astype(float)
    parts = data.train_val_test_split(X, y, val_fraction, test_fraction, rng=0, stratify=False)
    _check_split(parts, n, y)
    assert abs(len(parts[3]) - val_fraction * n) <= 0.5 + 1e-9
    assert abs(len(parts[5]) - test_fraction * n) <= 0.5 + 1e-9


def test_split_is_reproducible_and_mixes_the_classes():
    X, y = data.make_blobs(n_samples=200, rng=0)
    a = data.train_val_test_split(X, y, rng=1)
    b = data.train_val_test_split(X, y, rng=1)
    c = data.train_val_test_split(X, y, rng=2)
    for u, v in zip(a, b):
        np.testing.assert_array_equal(u, v)
    assert not np.array_equal(a[0], c[0])
    assert np.any(np.diff(a[1]) < 0), "training labels come sorted by class"


@pytest.mark.parametrize("fractions", [(0.5, 0.5), (-0.1, 0.2), (0.2, 1.0)])
def test_split_rejects_bad_fractions(fractions):
    with pytest.raises(ValueError, match="fraction"):
        data.train_val_test_split(np.zeros((10, 2)), np.zeros(10, int), *fractions)


def test_split_rejects_length_mismatch():
    with pytest.raises(ValueError, match="same number"):
        data.train_val_test_split(np.zeros((10, 2)), np.zeros(9, int))


@given(y=st.lists(st.integers(0, 9), min_size=1, max_size=50))
def test_one_hot_rows_are_unit_vectors_at_the_label(y):
    y = np.array(y)
    Y = data.one_hot(y)
    assert Y.shape == (len(y), y.max() + 1) and Y.dtype == np.float64
    np.testing.assert_array_equal(Y.sum(axis=1), 1.0)
    np.testing.assert_array_equal(Y.argmax(axis=1), y)
    assert data.one_hot(y, n_classes=12).shape == (len(y), 12)


def test_one_hot_rejects_out_of_range_and_float_labels():
    with pytest.raises(ValueError, match="0..2"):
        data.one_hot(np.array([0, 3]), n_classes=3)
    with pytest.raises(ValueError, match="integer"):
        data.one_hot(np.array([0.0, 1.0]))


def test_standardize_uses_the_training_statistics():
    rng = np.random.default_rng(0)
    X_train = rng.normal(5.0, 3.0, size=(100, 3))
    X_train[:, 2] = 0.7  # a constant feature
    X_other = rng.normal(size=(20, 3))
    S_train, S_other = data.standardize(X_train, X_other)
    np.testing.assert_allclose(S_train[:, :2].mean(axis=0), 0, atol=1e-12)
    np.testing.assert_allclose(S_train[:, :2].std(axis=0), 1)
    np.testing.assert_array_equal(S_train[:, 2], 0.0)
    mean, std = X_train[:, :2].mean(axis=0), X_train[:, :2].std(axis=0)
    np.testing.assert_allclose(S_other[:, :2], (X_other[:, :2] - mean) / std)
    np.testing.assert_allclose(S_other[:, 2], X_other[:, 2] - 0.7)
    single = data.standardize(X_train)
    assert isinstance(single, np.ndarray), "with only X_train, standardize returns one array"
    np.testing.assert_array_equal(single, S_train)


def test_standardize_keeps_blank_digit_pixels_finite():
    X, _ = data.load_digits()
    S = data.standardize(X)
    assert np.all(np.isfinite(S)) and np.abs(S).max() < 50
