"""nnlib.regularization: penalties' gradients equal finite differences; clipping bounds, keeps direction, copies."""
import numpy as np
import pytest
from hypothesis import assume, given
from hypothesis import strategies as st
from hypothesis.extra import numpy as hnp

from nnlib.optim import SGD
from nnlib.regularization import clip_by_global_norm, clip_by_value, l1_penalty, l2_penalty

shapes = hnp.array_shapes(min_dims=1, max_dims=2, max_side=4)
finite = st.floats(-10, 10, allow_subnormal=False)
away_from_zero = st.one_of(st.floats(-10, -0.01), st.floats(0.01, 10))


@st.composite
def dicts_of_arrays(draw, elements=finite):
    names = draw(st.lists(st.sampled_from(["W1", "b1", "W2", "b2"]), min_size=1, max_size=4, unique=True))
    return {name: draw(hnp.arrays(np.float64, draw(shapes), elements=elements)) for name in names}


def numerical_gradient(f, x, h=1e-4):
    """Centered differences (f(x + h eᵢ) − f(x − h eᵢ)) / 2h for every entry of x (x is restored).

    Exact up to rounding for a quadratic, and for |w| once |w| > h, so h need not be tiny.
    """
    grad = np.zeros_like(x)
    for i in np.ndindex(x.shape):
        old = x[i]
        x[i] = old + h
        f_plus = f()
        x[i] = old - h
        f_minus = f()
        x[i] = old
        grad[i] = (f_plus - f_minus) / (2 * h)
    return grad


def copies(arrays):
    return {name: a.copy() for name, a in arrays.items()}


def assert_unchanged(arrays, before):
    for name in before:
        np.testing.assert_array_equal(arrays[name], before[name], err_msg=f"input {name} was modified")


@given(params=dicts_of_arrays(), weight_decay=st.floats(1e-4, 1.0))
def test_l2_penalty_gradient_equals_finite_differences(params, weight_decay):
    value, grad = l2_penalty(params, weight_decay)
    assert set(grad) == set(params)
    for name, w in params.items():
        numeric = numerical_gradient(lambda: l2_penalty(params, weight_decay)[0], w)
        np.testing.assert_allclose(grad[name], numeric, rtol=1e-5, atol=1e-6, err_msg=name)


@given(params=dicts_of_arrays(away_from_zero), strength=st.floats(1e-4, 1.0))
def test_l1_penalty_gradient_equals_finite_differences_away_from_zero(params, strength):
    value, grad = l1_penalty(params, strength)
    for name, w in params.items():
        numeric = numerical_gradient(lambda: l1_penalty(params, strength)[0], w)
        np.testing.assert_allclose(grad[name], numeric, rtol=1e-5, atol=1e-6, err_msg=name)


def test_penalty_values_and_l1_subgradient_zero_at_zero():
    w = np.array([1.0, -2.0, 0.0, 3.0])
    value, grad = l2_penalty(w, 0.1)
    assert value == pytest.approx(0.1 / 2 * 14.0, rel=1e-12)
    np.testing.assert_allclose(grad, [0.1, -0.2, 0.0, 0.3])
    value, grad = l1_penalty(w, 0.5)
    assert value == pytest.approx(0.5 * 6.0, rel=1e-12)
    np.testing.assert_array_equal(grad, [0.5, -0.5, 0.0, 0.5])
    assert l1_penalty(np.zeros((2, 2)), 1.0)[1].tolist() == [[0.0, 0.0], [0.0, 0.0]]


@given(params=dicts_of_arrays(), strength=st.floats(1e-4, 1.0))
def test_dict_penalty_is_the_sum_over_arrays_and_inputs_are_untouched(params, strength):
    before = copies(params)
    for penalty in (l1_penalty, l2_penalty):
        value, grad = penalty(params, strength)
        assert isinstance(value, float)
        assert value == pytest.approx(sum(penalty(w, strength)[0] for w in params.values()), rel=1e-12, abs=1e-12)
        for name, w in params.items():
            np.testing.assert_array_equal(grad[name], penalty(w, strength)[1])
    assert_unchanged(params, before)


@given(params=dicts_of_arrays(), weight_decay=st.floats(1e-4, 1.0), lr=st.floats(1e-3, 1.0))
def test_l2_gradient_added_to_the_loss_gradient_equals_sgd_weight_decay(params, weight_decay, lr):
    rng = np.random.default_rng(0)
    grads = {name: rng.normal(size=w.shape) for name, w in params.items()}
    with_penalty, with_decay = copies(params), copies(params)
    penalty_grad = l2_penalty(with_penalty, weight_decay)[1]
    SGD(with_penalty, lr=lr).step({name: grads[name] + penalty_grad[name] for name in grads})
    SGD(with_decay, lr=lr, weight_decay=weight_decay).step(grads)
    for name in params:
        np.testing.assert_allclose(with_penalty[name], with_decay[name], rtol=1e-12, atol=1e-12)


@given(grads=dicts_of_arrays(), clip_value=st.floats(0.01, 5.0))
def test_clip_by_value_clamps_entries_and_copies(grads, clip_value):
    before = copies(grads)
    clipped = clip_by_value(grads, clip_value)
    assert_unchanged(grads, before)
    for name, g in grads.items():
        assert not np.shares_memory(clipped[name], g)
        assert np.all(np.abs(clipped[name]) <= clip_value)
        inside = np.abs(g) <= clip_value
        np.testing.assert_array_equal(clipped[name][inside], g[inside])
        np.testing.assert_array_equal(clipped[name][~inside], clip_value * np.sign(g[~inside]))


@given(grads=dicts_of_arrays(), max_norm=st.floats(0.01, 20.0))
def test_clip_by_global_norm_bounds_the_norm_and_keeps_the_direction(grads, max_norm):
    before = copies(grads)
    clipped, total_norm = clip_by_global_norm(grads, max_norm)
    assert_unchanged(grads, before)
    flat = np.concatenate([g.ravel() for g in grads.values()])
    flat_clipped = np.concatenate([clipped[name].ravel() for name in grads])
    assert total_norm == pytest.approx(np.linalg.norm(flat), rel=1e-12, abs=1e-300)
    assert np.linalg.norm(flat_clipped) <= max_norm * (1 + 1e-12) or np.array_equal(flat_clipped, flat)
    coefficient = min(1.0, max_norm / (total_norm + 1e-6))
    np.testing.assert_allclose(flat_clipped, coefficient * flat, rtol=1e-12)
    for name, g in grads.items():
        assert not np.shares_memory(clipped[name], g)


@given(grads=dicts_of_arrays(), scale=st.floats(2.0, 100.0))
def test_clip_by_global_norm_only_shortens_large_gradients(grads, scale):
    total = np.sqrt(sum(np.sum(g**2) for g in grads.values()))
    assume(total > 0.5)
    unchanged, _ = clip_by_global_norm(grads, max_norm=total * scale)
    for name, g in grads.items():
        np.testing.assert_array_equal(unchanged[name], g)
    shortened, _ = clip_by_global_norm(grads, max_norm=total / scale)
    norm = np.sqrt(sum(np.sum(g**2) for g in shortened.values()))
    assert norm == pytest.approx(total / scale, rel=1e-5)


def test_clip_by_global_norm_worked_example_and_zero_gradient():
    """torch's clip_grad_norm_: coefficient max_norm / (total_norm + 1e-6), one for all arrays."""
    clipped, total_norm = clip_by_global_norm({"a": np.array([3.0]), "b": np.array([[4.0]])}, max_norm=1.0)
    assert total_norm == 5.0
    np.testing.assert_allclose(clipped["a"], [3.0 / (5.0 + 1e-6)], rtol=1e-15)
    np.testing.assert_allclose(clipped["b"], [[4.0 / (5.0 + 1e-6)]], rtol=1e-15)
    single, norm = clip_by_global_norm(np.array([0.0, 0.0]), max_norm=1.0)
    assert norm == 0.0 and single.tolist() == [0.0, 0.0]
    np.testing.assert_array_equal(clip_by_value(np.array([-3.0, 0.5, 7.0]), 1.0), [-1.0, 0.5, 1.0])
