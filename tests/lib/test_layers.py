"""Layers and the MLP: every backward equals finite differences; dropout and batchnorm follow PyTorch's rules."""
import numpy as np
import pytest
from hypothesis import assume, given
from hypothesis import strategies as st

from nnlib.gradcheck import numerical_gradient_array, relative_error
from nnlib.layers import (
    ACTIVATION_LAYERS,
    MLP,
    batchnorm_backward,
    batchnorm_forward,
    dense_backward,
    dense_forward,
    dropout_backward,
    dropout_forward,
    init_batchnorm,
    leaky_relu_backward,
    leaky_relu_forward,
    relu_backward,
    relu_forward,
    sigmoid_backward,
    sigmoid_forward,
    tanh_backward,
    tanh_forward,
)

pytestmark = pytest.mark.filterwarnings("error")

seeds = st.integers(0, 2**32 - 1)
small = st.integers(1, 6)
batch = st.integers(3, 8)  # batchnorm: with N = 2 every x_hat is ±1, the output ignores x and dx is only noise
H = 1e-6  # finite-difference step


def away_from_kink(x, margin=1e-3):
    """Move every entry at least margin away from 0, where relu and leaky_relu have no derivative."""
    return np.where(x >= 0, x + margin, x - margin)


def assert_gradient_close(name, analytic, numerical, scale):
    """Relative error below 1e-7, wherever finite differences can resolve one.

    Rounding makes each evaluation of f uncertain by about eps·scale (scale: the size of the numbers f adds up), so
    a centered difference carries noise of about eps·scale/h per entry.  A gradient that is itself that small
    (saturated or dead units, tiny weights) cannot show a relative error of 1e-7: there the absolute error has to
    stay within 10 times the noise instead.
    """
    error = relative_error(analytic, numerical)
    distance = np.linalg.norm(analytic - numerical)
    noise = np.finfo(np.float64).eps * scale / H * np.sqrt(np.size(numerical))
    assert error < 1e-7 or distance < 10 * noise, (
        f"{name}: relative error {error:.1e}, absolute error {distance:.1e} (rounding noise {noise:.1e})")


def assert_layer_gradients(forward, backward, inputs, rng, **kwargs):
    """backward(dout, cache) equals the numerical gradient of sum(forward(**inputs) · dout) for a random dout."""
    out, cache = forward(**inputs, **kwargs)
    dout = rng.standard_normal(out.shape)
    grads = backward(dout, cache)
    grads = grads if isinstance(grads, tuple) else (grads,)
    assert len(grads) == len(inputs), f"expected gradients for {list(inputs)}, got {len(grads)} arrays"

    def f(_):
        return forward(**inputs, **kwargs)[0]

    scale = np.sum(np.abs(dout)) * max(np.max(np.abs(a)) for a in [out, *inputs.values()])
    for (name, x), dx in zip(inputs.items(), grads):
        assert dx.shape == x.shape, f"d{name} has shape {dx.shape}, expected {x.shape}"
        assert_gradient_close(f"d{name}", dx, numerical_gradient_array(f, x, dout, H), scale)


@given(n=small, d=small, m=small, seed=seeds)
def test_dense_gradients(n, d, m, seed):
    rng = np.random.default_rng(seed)
    inputs = {"x": rng.standard_normal((n, d)), "W": rng.standard_normal((d, m)), "b": rng.standard_normal(m)}
    assert_layer_gradients(dense_forward, dense_backward, inputs, rng)


def test_dense_forward_by_hand():
    x = np.array([[1.0, 2.0]])
    W = np.array([[1.0, 0.0, -1.0], [2.0, 1.0, 0.5]])
    out, _ = dense_forward(x, W, np.array([0.5, 0.0, -1.0]))
    np.testing.assert_allclose(out, [[5.5, 2.0, -1.0]])


ACTIVATION_PAIRS = [
    (sigmoid_forward, sigmoid_backward, {}),
    (tanh_forward, tanh_backward, {}),
    (relu_forward, relu_backward, {}),
    (leaky_relu_forward, leaky_relu_backward, {}),
    (leaky_relu_forward, leaky_relu_backward, {"negative_slope": 0.2}),
]


@pytest.mark.parametrize("forward, backward, kwargs", ACTIVATION_PAIRS,
                         ids=["sigmoid", "tanh", "relu", "leaky_relu", "leaky_relu_0.2"])
@given(shape=st.tuples(small, small), seed=seeds, scale=st.sampled_from([0.5, 3.0]))
def test_activation_gradients(forward, backward, kwargs, shape, seed, scale):
    rng = np.random.default_rng(seed)
    x = away_from_kink(scale * rng.standard_normal(shape))
    assert_layer_gradients(forward, backward, {"x": x}, rng, **kwargs)


def test_relu_backward_is_zero_at_the_kink():
    _, cache = relu_forward(np.array([-1.0, 0.0, 1.0]))
    np.testing.assert_array_equal(relu_backward(np.ones(3), cache), [0.0, 0.0, 1.0])


def fixed_mask_dropout(p, mask_seed):
    """dropout_forward that draws the same mask on every call, as a deterministic function for finite differences."""
    def forward(x):
        return dropout_forward(x, p, np.random.default_rng(mask_seed))
    return forward


@given(shape=st.tuples(small, small), seed=seeds, mask_seed=seeds, p=st.sampled_from([0.0, 0.1, 0.5, 0.9]))
def test_dropout_gradient_with_a_fixed_mask(shape, seed, mask_seed, p):
    rng = np.random.default_rng(seed)
    assert_layer_gradients(fixed_mask_dropout(p, mask_seed), dropout_backward, {"x": rng.standard_normal(shape)}, rng)


@pytest.mark.parametrize("p", [0.1, 0.5, 0.8])
def test_dropout_keeps_the_expectation(p):
    n = 200_000
    x = np.full(n, 2.0)
    out, _ = dropout_forward(x, p, np.random.default_rng(0))
    kept = out != 0
    # each output is 2 · B / (1 − p) with B ~ Bernoulli(1 − p): mean 2, std 2 sqrt(p / (1 − p))
    standard_error = 2 * np.sqrt(p / (1 - p)) / np.sqrt(n)
    assert abs(out.mean() - 2.0) < 5 * standard_error, f"mean {out.mean():.4f}, expected 2 (inverted scaling)"
    assert abs((~kept).mean() - p) < 5 * np.sqrt(p * (1 - p) / n), "p must be the probability of dropping"
    np.testing.assert_allclose(out[kept], 2.0 / (1 - p), rtol=1e-15)


def test_dropout_eval_mode_and_p_zero_are_the_identity():
    x = np.random.default_rng(0).standard_normal((5, 4))
    dout = np.random.default_rng(1).standard_normal((5, 4))
    for out, cache in [dropout_forward(x, 0.5, None, train=False), dropout_forward(x, 0.0, None)]:
        np.testing.assert_array_equal(out, x)
        np.testing.assert_array_equal(dropout_backward(dout, cache), dout)


def test_dropout_backward_uses_the_forward_mask():
    rng = np.random.default_rng(0)
    x = rng.uniform(1, 2, (50, 40))  # no zeros, so out == 0 marks exactly the dropped units
    dout = rng.standard_normal((50, 40))
    p = 0.3
    out, cache = dropout_forward(x, p, rng)
    dx = dropout_backward(dout, cache)
    np.testing.assert_array_equal(dx == 0, out == 0)
    np.testing.assert_allclose(dx[out != 0], dout[out != 0] / (1 - p), rtol=1e-15)


def test_dropout_is_reproducible_and_checks_its_arguments():
    x = np.ones((10, 10))
    out1, _ = dropout_forward(x, 0.5, np.random.default_rng(3))
    out2, _ = dropout_forward(x, 0.5, np.random.default_rng(3))
    np.testing.assert_array_equal(out1, out2)
    out, _ = dropout_forward(x, 1.0, np.random.default_rng(3))
    np.testing.assert_array_equal(out, 0.0)
    with pytest.raises(ValueError):
        dropout_forward(x, 1.5, np.random.default_rng(3))
    with pytest.raises(ValueError, match="rng"):
        dropout_forward(x, 0.5, None)


def batchnorm_inputs(rng, n, d):
    x = rng.normal(rng.uniform(-3, 3, d), rng.uniform(0.5, 3, d), (n, d))
    return {"x": x, "gamma": rng.uniform(0.5, 2, d), "beta": rng.standard_normal(d)}


@given(n=batch, d=small, seed=seeds)
def test_batchnorm_train_gradients(n, d, seed):
    rng = np.random.default_rng(seed)
    _, _, running = init_batchnorm(d)
    assert_layer_gradients(batchnorm_forward, batchnorm_backward, batchnorm_inputs(rng, n, d), rng, running=running)


@given(n=st.integers(1, 6), d=small, seed=seeds)
def test_batchnorm_eval_gradients(n, d, seed):
    rng = np.random.default_rng(seed)
    running = {"mean": rng.standard_normal(d), "var": rng.uniform(0.5, 2, d)}
    assert_layer_gradients(batchnorm_forward, batchnorm_backward, batchnorm_inputs(rng, n, d), rng,
                           running=running, train=False)


@given(n=batch, d=small, seed=seeds)
def test_batchnorm_train_output_is_standardized(n, d, seed):
    rng = np.random.default_rng(seed)
    x = batchnorm_inputs(rng, n, d)["x"]
    gamma, beta, running = init_batchnorm(d)
    out, _ = batchnorm_forward(x, gamma, beta, running)
    np.testing.assert_allclose(out.mean(axis=0), 0.0, atol=1e-12)
    var = x.var(axis=0)
    np.testing.assert_allclose(out.var(axis=0), var / (var + 1e-5), rtol=1e-10)  # ≈ 1, only eps below


@given(n=batch, d=small, seed=seeds)
def test_batchnorm_affine_parameters(n, d, seed):
    rng = np.random.default_rng(seed)
    inputs = batchnorm_inputs(rng, n, d)
    _, _, running = init_batchnorm(d)
    out, _ = batchnorm_forward(**inputs, running=running)
    np.testing.assert_allclose(out.mean(axis=0), inputs["beta"], atol=1e-12)
    var = inputs["x"].var(axis=0)
    np.testing.assert_allclose(out.std(axis=0), inputs["gamma"] * np.sqrt(var / (var + 1e-5)), rtol=1e-10)


@pytest.mark.parametrize("momentum", [0.1, 0.5])
def test_batchnorm_running_statistics_follow_pytorch(momentum):
    rng = np.random.default_rng(0)
    d = 4
    gamma, beta, running = init_batchnorm(d)
    mean, var = np.zeros(d), np.ones(d)
    arrays = dict(running)
    for step in range(3):
        x = rng.normal(5.0, 3.0, (10, d))
        batchnorm_forward(x, gamma, beta, running, momentum=momentum)
        assert running["mean"] is arrays["mean"] and running["var"] is arrays["var"], "update the arrays in place"
        mean = (1 - momentum) * mean + momentum * x.mean(axis=0)
        var = (1 - momentum) * var + momentum * x.var(axis=0, ddof=1)
        np.testing.assert_allclose(running["mean"], mean, rtol=1e-14, err_msg=f"running mean, step {step}")
        np.testing.assert_allclose(running["var"], var, rtol=1e-14, err_msg=f"running var (unbiased), step {step}")


def test_batchnorm_eval_mode_uses_running_statistics():
    rng = np.random.default_rng(0)
    d = 3
    gamma, beta = rng.uniform(0.5, 2, d), rng.standard_normal(d)
    running = {"mean": rng.standard_normal(d), "var": rng.uniform(0.5, 2, d)}
    before = {key: value.copy() for key, value in running.items()}
    x = rng.standard_normal((5, d))
    out, cache = batchnorm_forward(x, gamma, beta, running, train=False)
    np.testing.assert_allclose(out, gamma * (x - before["mean"]) / np.sqrt(before["var"] + 1e-5) + beta, rtol=1e-14)
    np.testing.assert_array_equal(running["mean"], before["mean"], err_msg="eval mode must not update running")
    np.testing.assert_array_equal(running["var"], before["var"], err_msg="eval mode must not update running")
    dout = rng.standard_normal((5, d))
    dx, _, _ = batchnorm_backward(dout, cache)
    np.testing.assert_allclose(dx, dout * gamma / np.sqrt(before["var"] + 1e-5), rtol=1e-14)


def test_batchnorm_needs_two_samples_in_train_mode():
    gamma, beta, running = init_batchnorm(3)
    with pytest.raises(ValueError, match="more than one sample"):
        batchnorm_forward(np.ones((1, 3)), gamma, beta, running)


def test_init_batchnorm():
    gamma, beta, running = init_batchnorm(4, dtype=np.float32)
    np.testing.assert_array_equal(gamma, 1.0)
    np.testing.assert_array_equal(beta, 0.0)
    np.testing.assert_array_equal(running["mean"], 0.0)
    np.testing.assert_array_equal(running["var"], 1.0)
    assert all(a.dtype == np.float32 and a.shape == (4,) for a in [gamma, beta, running["mean"], running["var"]])


LAYERS_FLOAT32 = {
    "dense": (dense_forward, dense_backward, lambda rng: {"x": rng.standard_normal((4, 3)),
                                                          "W": rng.standard_normal((3, 2)),
                                                          "b": rng.standard_normal(2)}, {}),
    "sigmoid": (sigmoid_forward, sigmoid_backward, lambda rng: {"x": rng.standard_normal((4, 3))}, {}),
    "tanh": (tanh_forward, tanh_backward, lambda rng: {"x": rng.standard_normal((4, 3))}, {}),
    "relu": (relu_forward, relu_backward, lambda rng: {"x": rng.standard_normal((4, 3))}, {}),
    "leaky_relu": (leaky_relu_forward, leaky_relu_backward, lambda rng: {"x": rng.standard_normal((4, 3))}, {}),
    "dropout": (lambda x: dropout_forward(x, 0.5, np.random.default_rng(0)), dropout_backward,
                lambda rng: {"x": rng.standard_normal((4, 3))}, {}),
    "batchnorm": (batchnorm_forward, batchnorm_backward, lambda rng: batchnorm_inputs(rng, 4, 3),
                  {"running": init_batchnorm(3, np.float32)[2]}),
}


@pytest.mark.parametrize("name", LAYERS_FLOAT32)
def test_layers_keep_float32(name):
    forward, backward, make_inputs, kwargs = LAYERS_FLOAT32[name]
    inputs = {key: value.astype(np.float32) for key, value in make_inputs(np.random.default_rng(0)).items()}
    out, cache = forward(**inputs, **kwargs)
    grads = backward(np.ones_like(out), cache)
    grads = grads if isinstance(grads, tuple) else (grads,)
    assert out.dtype == np.float32
    assert all(g.dtype == np.float32 for g in grads), [g.dtype for g in grads]


@pytest.mark.parametrize("batchnorm", [False, True], ids=["plain", "batchnorm"])
@pytest.mark.parametrize("activation", ["relu", "tanh", "sigmoid", "leaky_relu"])
@given(n=batch, sizes=st.lists(small, min_size=2, max_size=4), seed=seeds, dropout=st.sampled_from([0.0, 0.3]))
def test_mlp_backward_matches_finite_differences(activation, batchnorm, n, sizes, seed, dropout):
    if batchnorm:
        # batchnorm makes a unit blind to the scale of its weight column: with fan_in 1, dW is zero up to eps
        sizes = [max(size, 2) for size in sizes]
    rng = np.random.default_rng(seed)
    model = MLP(sizes, activation=activation, init="xavier", rng=rng, dropout=dropout, batchnorm=batchnorm)
    for name, param in model.params.items():
        if not name.startswith("W"):  # move b, gamma and beta off their initial 0s and 1s
            param += 0.3 * rng.standard_normal(param.shape)
    X = rng.standard_normal((n, sizes[0]))
    dout = rng.standard_normal((n, sizes[-1]))
    mask_seed = int(rng.integers(2**32))

    def f(_):
        return model.forward(X, train=True, rng=np.random.default_rng(mask_seed))

    logits = f(None)
    if activation in ("relu", "leaky_relu"):
        pre_activations = [cache["activation"] if activation == "relu" else cache["activation"][0]
                           for cache in model.caches[:-1]]
        assume(all(np.all(np.abs(z) > 1e-4) for z in pre_activations))
    analytic = {"X": model.backward(dout, return_dX=True), **{name: grad.copy() for name, grad in model.grads.items()}}
    scale = np.sum(np.abs(dout)) * max(1.0, np.max(np.abs(logits)))
    for name, x in [("X", X), *model.params.items()]:
        numerical = numerical_gradient_array(f, x, dout, H)
        if batchnorm and name.startswith("b") and not name.startswith("beta") and name != f"b{len(sizes) - 1}":
            # batchnorm subtracts the batch mean, so a bias just before it has no effect on the output
            np.testing.assert_allclose(analytic[name], 0, atol=1e-9, err_msg=name)
            np.testing.assert_allclose(numerical, 0, atol=1e-7, err_msg=name)
        else:
            assert_gradient_close(f"d{name}", analytic[name], numerical, scale)


def test_mlp_shapes_and_keys():
    model = MLP([5, 8, 7, 3], batchnorm=True, rng=np.random.default_rng(0))
    expected = {"W1": (5, 8), "b1": (8,), "gamma1": (8,), "beta1": (8,),
                "W2": (8, 7), "b2": (7,), "gamma2": (7,), "beta2": (7,),
                "W3": (7, 3), "b3": (3,)}
    assert {name: p.shape for name, p in model.params.items()} == expected
    assert {name: g.shape for name, g in model.grads.items()} == expected
    assert set(model.running) == {1, 2}
    assert model.running[1]["mean"].shape == (8,) and model.running[2]["var"].shape == (7,)
    assert model.activation == "relu"
    X = np.random.default_rng(1).standard_normal((10, 5))
    logits = model.forward(X)
    assert logits.shape == (10, 3)
    assert [h.shape for h in model.hidden_outputs] == [(10, 8), (10, 7)]
    assert model.backward(np.ones_like(logits), return_dX=True).shape == X.shape
    np.testing.assert_array_equal(model(X, train=False), model.forward(X, train=False))
    plain = MLP([5, 4, 2], rng=np.random.default_rng(0))
    assert set(plain.params) == {"W1", "b1", "W2", "b2"} and plain.running == {}


def test_mlp_forward_by_hand():
    model = MLP([4, 6, 3], activation="tanh", rng=np.random.default_rng(0))
    for param in model.params.values():
        param += 0.1
    X = np.random.default_rng(1).standard_normal((5, 4))
    p = model.params
    hidden = np.tanh(X @ p["W1"] + p["b1"])
    np.testing.assert_allclose(model.forward(X), hidden @ p["W2"] + p["b2"], rtol=1e-13)
    np.testing.assert_allclose(model.hidden_outputs[0], hidden, rtol=1e-13)


def test_mlp_is_reproducible_from_a_seed():
    X = np.random.default_rng(9).standard_normal((6, 4))
    outputs = []
    for _ in range(2):
        model = MLP([4, 5, 3], dropout=0.5, rng=np.random.default_rng(123))
        outputs.append((model.params["W1"].copy(), model.forward(X, train=True)))
    np.testing.assert_array_equal(outputs[0][0], outputs[1][0])
    np.testing.assert_array_equal(outputs[0][1], outputs[1][1])
    other = MLP([4, 5, 3], dropout=0.5, rng=np.random.default_rng(124))
    assert not np.array_equal(other.params["W1"], outputs[0][0])


def test_mlp_backward_fills_grads_in_place():
    model = MLP([3, 4, 2], batchnorm=True, rng=np.random.default_rng(0))
    arrays = {name: grad for name, grad in model.grads.items()}
    X = np.random.default_rng(1).standard_normal((6, 3))
    for seed in range(2):
        model.forward(X)
        model.backward(np.random.default_rng(seed).standard_normal((6, 2)))
        assert all(model.grads[name] is arrays[name] for name in arrays), "grads must be filled, not rebound"
    _, dW, db = dense_backward(np.random.default_rng(1).standard_normal((6, 2)), model.caches[-1]["dense"])
    np.testing.assert_allclose(model.grads["W2"], dW, rtol=1e-14)
    np.testing.assert_allclose(model.grads["b2"], db, rtol=1e-14)


def test_mlp_backward_can_skip_dX():
    model = MLP([3, 5, 4, 2], batchnorm=True, rng=np.random.default_rng(0))
    X = np.random.default_rng(1).standard_normal((6, 3))
    dlogits = np.random.default_rng(2).standard_normal((6, 2))
    model.forward(X)
    dX = model.backward(dlogits, return_dX=True)
    grads = {name: grad.copy() for name, grad in model.grads.items()}
    for grad in model.grads.values():
        grad[...] = np.nan
    assert dX.shape == X.shape
    assert model.backward(dlogits) is None, "by default backward skips dX"
    for name, grad in grads.items():
        np.testing.assert_array_equal(model.grads[name], grad, err_msg=name)


@pytest.mark.parametrize("batchnorm", [False, True])
@pytest.mark.parametrize("activation", sorted(ACTIVATION_LAYERS))
def test_mlp_float32_stays_float32(activation, batchnorm):
    model = MLP([4, 6, 3], activation=activation, batchnorm=batchnorm, dropout=0.2, rng=np.random.default_rng(0),
                dtype=np.float32)
    X = np.random.default_rng(1).standard_normal((8, 4))  # float64 data is cast once, at the input
    logits = model.forward(X)
    dX = model.backward(np.ones_like(logits), return_dX=True)
    assert logits.dtype == np.float32 and dX.dtype == np.float32
    assert all(h.dtype == np.float32 for h in model.hidden_outputs)
    for name in model.params:
        assert model.params[name].dtype == np.float32 and model.grads[name].dtype == np.float32, name
    assert all(stat.dtype == np.float32 for running in model.running.values() for stat in running.values())


def test_mlp_predict_uses_eval_mode():
    model = MLP([2, 8, 3], batchnorm=True, dropout=0.5, rng=np.random.default_rng(0))
    X = np.random.default_rng(1).standard_normal((20, 2))
    for _ in range(3):
        model.forward(X, train=True)
    running = {key: value.copy() for key, value in model.running[1].items()}
    labels = model.predict(X)
    np.testing.assert_array_equal(labels, model.predict(X), err_msg="eval mode must be deterministic")
    np.testing.assert_array_equal(labels, np.argmax(model.forward(X, train=False), axis=1))
    np.testing.assert_array_equal(model.running[1]["mean"], running["mean"], err_msg="predict must not train")
    assert labels.shape == (20,) and np.issubdtype(labels.dtype, np.integer)
    binary = MLP([2, 4, 1], rng=np.random.default_rng(0))
    np.testing.assert_array_equal(binary.predict(X), (binary.forward(X, train=False)[:, 0] > 0).astype(int))


def test_mlp_takes_one_activation_per_hidden_layer():
    X = np.random.default_rng(1).standard_normal((6, 3))
    same = MLP([3, 5, 4, 2], activation=["tanh", "tanh"], rng=0)
    np.testing.assert_array_equal(same.forward(X), MLP([3, 5, 4, 2], activation="tanh", rng=0).forward(X))
    mixed = MLP([3, 5, 4, 2], activation=["sigmoid", "relu"], rng=0)
    p = mixed.params
    h1 = 1 / (1 + np.exp(-(X @ p["W1"] + p["b1"])))
    h2 = np.maximum(h1 @ p["W2"] + p["b2"], 0)
    np.testing.assert_allclose(mixed.forward(X), h2 @ p["W3"] + p["b3"], rtol=1e-12)
    dlogits = np.random.default_rng(2).standard_normal((6, 2))
    mixed.backward(dlogits)
    dh2 = dlogits @ p["W3"].T * (h2 > 0)
    dz1 = dh2 @ p["W2"].T * h1 * (1 - h1)
    np.testing.assert_allclose(mixed.grads["W1"], X.T @ dz1, rtol=1e-10, err_msg="layer 1 must use its own sigmoid")


def test_mlp_rejects_an_activation_list_of_the_wrong_length():
    with pytest.raises(ValueError, match="2 hidden layers"):
        MLP([3, 5, 4, 2], activation=["relu"])
    with pytest.raises(ValueError, match="swish"):
        MLP([3, 5, 4, 2], activation=["relu", "swish"])


def test_mlp_rejects_bad_configuration():
    with pytest.raises(ValueError, match="activation"):
        MLP([2, 3, 1], activation="swish")
    with pytest.raises(ValueError, match="dropout"):
        MLP([2, 3, 1], dropout=1.0)
    with pytest.raises(ValueError, match="sizes"):
        MLP([2])
