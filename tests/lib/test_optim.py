"""nnlib.optim: every optimizer follows torch.optim's documented update equations; schedules equal torch's closed forms.

The "by hand" functions below transcribe the algorithm boxes of the torch.optim documentation (PyTorch 2.x) line by
line, with fresh arrays at each step, independently of nnlib.
"""
import inspect

import numpy as np
import pytest
from hypothesis import assume, given
from hypothesis import strategies as st
from hypothesis.extra import numpy as hnp

from nnlib.optim import (OPTIMIZERS, SGD, Adagrad, Adam, AdamW, RMSprop, Scheduler, cosine_lr, exponential_lr,
                         linear_warmup, make_optimizer, step_lr)


def sgd_by_hand(theta, grads, lr, momentum, dampening, weight_decay, nesterov):
    """torch.optim.SGD's algorithm. -> (θ after each step, final state)."""
    thetas, b = [], None
    for t, g in enumerate(grads, start=1):
        if weight_decay != 0:
            g = g + weight_decay * theta
        if momentum != 0:
            if t > 1:
                b = momentum * b + (1 - dampening) * g
            else:
                b = g
            if nesterov:
                g = g + momentum * b
            else:
                g = b
        theta = theta - lr * g
        thetas.append(theta)
    return thetas, ({"momentum_buffer": b} if momentum != 0 else {})


def adagrad_by_hand(theta, grads, lr, lr_decay, weight_decay, initial_accumulator_value, eps):
    """torch.optim.Adagrad's algorithm. -> (θ after each step, final state)."""
    thetas, state_sum = [], np.full_like(theta, initial_accumulator_value)
    for t, g in enumerate(grads, start=1):
        lr_tilde = lr / (1 + (t - 1) * lr_decay)
        if weight_decay != 0:
            g = g + weight_decay * theta
        state_sum = state_sum + g**2
        theta = theta - lr_tilde * g / (np.sqrt(state_sum) + eps)
        thetas.append(theta)
    return thetas, {"sum": state_sum}


def rmsprop_by_hand(theta, grads, lr, alpha, eps, weight_decay, momentum, centered):
    """torch.optim.RMSprop's algorithm. -> (θ after each step, final state)."""
    thetas, v, b, g_ave = [], np.zeros_like(theta), np.zeros_like(theta), np.zeros_like(theta)
    for g in grads:
        if weight_decay != 0:
            g = g + weight_decay * theta
        v = alpha * v + (1 - alpha) * g**2
        v_tilde = v
        if centered:
            g_ave = g_ave * alpha + (1 - alpha) * g
            v_tilde = v_tilde - g_ave**2
        if momentum > 0:
            b = momentum * b + g / (np.sqrt(v_tilde) + eps)
            theta = theta - lr * b
        else:
            theta = theta - lr * g / (np.sqrt(v_tilde) + eps)
        thetas.append(theta)
    state = {"square_avg": v}
    if momentum > 0:
        state["momentum_buffer"] = b
    if centered:
        state["grad_avg"] = g_ave
    return thetas, state


def adam_by_hand(theta, grads, lr, betas, eps, weight_decay, amsgrad):
    """torch.optim.Adam's algorithm. -> (θ after each step, final state)."""
    beta1, beta2 = betas
    thetas, m, v, v_max = [], np.zeros_like(theta), np.zeros_like(theta), np.zeros_like(theta)
    for t, g in enumerate(grads, start=1):
        if weight_decay != 0:
            g = g + weight_decay * theta
        m = beta1 * m + (1 - beta1) * g
        v = beta2 * v + (1 - beta2) * g**2
        m_hat = m / (1 - beta1**t)
        if amsgrad:
            v_max = np.maximum(v_max, v)
            v_hat = v_max / (1 - beta2**t)
        else:
            v_hat = v / (1 - beta2**t)
        theta = theta - lr * m_hat / (np.sqrt(v_hat) + eps)
        thetas.append(theta)
    return thetas, {"exp_avg": m, "exp_avg_sq": v, **({"max_exp_avg_sq": v_max} if amsgrad else {})}


def adamw_by_hand(theta, grads, lr, betas, eps, weight_decay, amsgrad):
    """torch.optim.AdamW's algorithm. -> (θ after each step, final state)."""
    beta1, beta2 = betas
    thetas, m, v, v_max = [], np.zeros_like(theta), np.zeros_like(theta), np.zeros_like(theta)
    for t, g in enumerate(grads, start=1):
        theta = theta - lr * weight_decay * theta
        m = beta1 * m + (1 - beta1) * g
        v = beta2 * v + (1 - beta2) * g**2
        m_hat = m / (1 - beta1**t)
        if amsgrad:
            v_max = np.maximum(v_max, v)
            v_hat = v_max / (1 - beta2**t)
        else:
            v_hat = v / (1 - beta2**t)
        theta = theta - lr * m_hat / (np.sqrt(v_hat) + eps)
        thetas.append(theta)
    return thetas, {"exp_avg": m, "exp_avg_sq": v, **({"max_exp_avg_sq": v_max} if amsgrad else {})}


def run(optimizer_class, params0, grad_sequence, **hyper):
    """Steps a fresh optimizer over copies of params0. -> (params after each step, the optimizer)."""
    params = {name: p.copy() for name, p in params0.items()}
    optimizer = optimizer_class(params, **hyper)
    history = []
    for grads in grad_sequence:
        optimizer.step(grads)
        history.append({name: p.copy() for name, p in params.items()})
    return history, optimizer


def assert_matches_by_hand(by_hand, optimizer_class, params0, grad_sequence, **hyper):
    history, optimizer = run(optimizer_class, params0, grad_sequence, **hyper)
    for name, theta0 in params0.items():
        thetas, state = by_hand(theta0, [grads[name] for grads in grad_sequence], **hyper)
        for t, (got, want) in enumerate(zip(history, thetas), start=1):
            np.testing.assert_allclose(got[name], want, rtol=1e-9, atol=1e-12, err_msg=f"{name} after step {t}")
        assert set(optimizer.state[name]) == set(state), "state keys should be torch's names for the options used"
        for key, want in state.items():
            np.testing.assert_allclose(optimizer.state[name][key], want, rtol=1e-9, atol=1e-12,
                                       err_msg=f"state[{name!r}][{key!r}]")


# Multiples of 1e-3: zero or far enough from it that no square underflows, as in a real gradient.
values = st.integers(-10_000, 10_000).map(lambda k: k / 1000)
shapes = hnp.array_shapes(min_dims=1, max_dims=2, max_side=4)
learning_rates = st.floats(1e-4, 1.0)
epsilons = st.sampled_from([1e-10, 1e-8, 1e-6, 1e-3])


def zero_or(strategy):
    return st.one_of(st.just(0.0), strategy)


@st.composite
def problems(draw):
    """Two parameters "W" and "b" of random shapes and 3 to 8 steps of random gradients."""
    params_shapes = {"W": draw(shapes), "b": draw(shapes)}
    params0 = {name: draw(hnp.arrays(np.float64, shape, elements=values)) for name, shape in params_shapes.items()}
    n_steps = draw(st.integers(3, 8))
    grad_sequence = [{name: draw(hnp.arrays(np.float64, shape, elements=values))
                      for name, shape in params_shapes.items()} for _ in range(n_steps)]
    return params0, grad_sequence


@st.composite
def sgd_hyper(draw):
    nesterov = draw(st.booleans())
    momentum = draw(st.floats(0.05, 0.99) if nesterov else zero_or(st.floats(0.05, 0.99)))
    dampening = 0.0 if nesterov else draw(zero_or(st.floats(0.05, 0.9)))
    return dict(lr=draw(learning_rates), momentum=momentum, dampening=dampening,
                weight_decay=draw(zero_or(st.floats(1e-4, 0.5))), nesterov=nesterov)


@given(problem=problems(), hyper=sgd_hyper())
def test_sgd_steps_follow_torch_equations(problem, hyper):
    """SGD with any momentum, dampening, weight_decay and nesterov equals the documented algorithm at every step."""
    assert_matches_by_hand(sgd_by_hand, SGD, *problem, **hyper)


@given(problem=problems(), lr=learning_rates, lr_decay=zero_or(st.floats(1e-3, 1.0)),
       weight_decay=zero_or(st.floats(1e-4, 0.5)), initial_accumulator_value=zero_or(st.floats(1e-3, 1.0)),
       eps=epsilons)
def test_adagrad_steps_follow_torch_equations(problem, **hyper):
    """Adagrad with any lr_decay, weight_decay and initial accumulator equals the documented algorithm."""
    assert_matches_by_hand(adagrad_by_hand, Adagrad, *problem, **hyper)


@given(problem=problems(), lr=learning_rates, alpha=st.floats(0.5, 0.999), eps=epsilons,
       weight_decay=zero_or(st.floats(1e-4, 0.5)), momentum=zero_or(st.floats(0.05, 0.99)), centered=st.booleans())
def test_rmsprop_steps_follow_torch_equations(problem, **hyper):
    """RMSprop with any weight_decay, momentum and centered equals the documented algorithm (eps outside the root)."""
    assert_matches_by_hand(rmsprop_by_hand, RMSprop, *problem, **hyper)


adam_hyper = dict(lr=learning_rates, betas=st.tuples(zero_or(st.floats(0.1, 0.99)), st.floats(0.5, 0.9999)),
                  eps=epsilons, weight_decay=zero_or(st.floats(1e-4, 0.5)), amsgrad=st.booleans())


@given(problem=problems(), **adam_hyper)
def test_adam_steps_follow_torch_equations(problem, **hyper):
    """Adam with any betas, weight_decay (added to the gradient) and amsgrad equals the documented algorithm."""
    assert_matches_by_hand(adam_by_hand, Adam, *problem, **hyper)


@given(problem=problems(), **adam_hyper)
def test_adamw_steps_follow_torch_equations(problem, **hyper):
    """AdamW with any betas, weight_decay (decoupled) and amsgrad equals the documented algorithm."""
    assert_matches_by_hand(adamw_by_hand, AdamW, *problem, **hyper)


def scalar_steps(optimizer_class, p0, gs, **hyper):
    """Parameter values after each step of an optimizer on one scalar parameter fed the gradients gs."""
    params = {"w": np.array([p0])}
    optimizer = optimizer_class(params, **hyper)
    values = []
    for g in gs:
        optimizer.step({"w": np.array([g])})
        values.append(params["w"][0])
    return values


def test_sgd_momentum_three_steps_worked_by_hand():
    """SGD(lr=0.1, momentum=0.9, dampening=0.5): b₁ = g₁ undamped, then b = 0.9 b + 0.5 g; w ← w − 0.1 b."""
    got = scalar_steps(SGD, 1.0, [1.0, 2.0, -1.0], lr=0.1, momentum=0.9, dampening=0.5)
    b1 = 1.0
    b2 = 0.9 * b1 + 0.5 * 2.0
    b3 = 0.9 * b2 + 0.5 * -1.0
    assert got == pytest.approx([1.0 - 0.1 * b1, 1.0 - 0.1 * (b1 + b2), 1.0 - 0.1 * (b1 + b2 + b3)], rel=1e-12)


def test_sgd_nesterov_with_weight_decay_three_steps_worked_by_hand():
    """SGD(lr=0.1, momentum=0.5, weight_decay=0.2, nesterov): g ← g + 0.2 w, b ← 0.5 b + g, w ← w − 0.1 (g + 0.5 b)."""
    got = scalar_steps(SGD, 2.0, [1.0, 1.0, 1.0], lr=0.1, momentum=0.5, weight_decay=0.2, nesterov=True)
    w, b, want = 2.0, 0.0, []
    for g in [1.0, 1.0, 1.0]:
        g = g + 0.2 * w
        b = 0.5 * b + g
        w = w - 0.1 * (g + 0.5 * b)
        want.append(w)
    assert got == pytest.approx(want, rel=1e-12)
    assert got[0] == pytest.approx(2.0 - 0.1 * 1.4 * 1.5, rel=1e-12), "first step: g = 1 + 0.2·2, b = g"


def test_adagrad_three_steps_worked_by_hand():
    """Adagrad(lr=1, lr_decay=0.5): steps 1/(1 + 0.5(t−1)) · g / √(Σ g²)."""
    got = scalar_steps(Adagrad, 0.0, [3.0, 4.0, 0.0], lr=1.0, lr_decay=0.5, eps=0.0)
    assert got == pytest.approx([-1.0, -1.0 - (1 / 1.5) * 4 / 5, -1.0 - (1 / 1.5) * 4 / 5], rel=1e-12)


def test_rmsprop_three_steps_worked_by_hand():
    """RMSprop(lr=0.1, alpha=0.5): v₁ = g²/2, so the first step is 0.1 · g / (|g|/√2); centered subtracts ḡ²."""
    got = scalar_steps(RMSprop, 0.0, [2.0, 2.0, -2.0], lr=0.1, alpha=0.5, eps=0.0)
    v1, v2, v3 = 2.0, 0.5 * 2.0 + 2.0, 0.5 * 3.0 + 2.0
    assert got == pytest.approx([-0.1 * 2 / v1**0.5, -0.1 * 2 / v1**0.5 - 0.1 * 2 / v2**0.5,
                                 -0.1 * 2 / v1**0.5 - 0.1 * 2 / v2**0.5 + 0.1 * 2 / v3**0.5], rel=1e-12)
    centered = scalar_steps(RMSprop, 0.0, [2.0], lr=0.1, alpha=0.5, eps=0.0, centered=True)
    assert centered == pytest.approx([-0.1 * 2 / (2.0 - 1.0**2) ** 0.5], rel=1e-12), "v − ḡ² = 2 − 1²"


def test_adam_first_step_is_lr_times_sign_and_later_steps_by_hand():
    """Adam: after bias correction m̂₁ = g₁, v̂₁ = g₁², so the first step is lr · g/(|g| + eps) whatever the betas."""
    got = scalar_steps(Adam, 1.0, [-5.0, 1.0, 1.0], lr=0.1, betas=(0.5, 0.75), eps=0.0)
    m2, v2 = 0.5 * 0.5 * -5.0 + 0.5 * 1.0, 0.75 * 0.25 * 25.0 + 0.25 * 1.0
    m3, v3 = 0.5 * m2 + 0.5 * 1.0, 0.75 * v2 + 0.25 * 1.0
    step2 = (m2 / (1 - 0.5**2)) / (v2 / (1 - 0.75**2)) ** 0.5
    step3 = (m3 / (1 - 0.5**3)) / (v3 / (1 - 0.75**3)) ** 0.5
    assert got == pytest.approx([1.1, 1.1 - 0.1 * step2, 1.1 - 0.1 * step2 - 0.1 * step3], rel=1e-12)


def test_adam_amsgrad_uses_the_largest_second_moment_so_far():
    """Adam(amsgrad): after a large gradient, v_max keeps it, so later steps are smaller than plain Adam's."""
    gs = [10.0, 0.1, 0.1, 0.1]
    plain = scalar_steps(Adam, 0.0, gs, lr=0.1, betas=(0.0, 0.5), eps=0.0)
    ams = scalar_steps(Adam, 0.0, gs, lr=0.1, betas=(0.0, 0.5), eps=0.0, amsgrad=True)
    assert ams[0] == plain[0] == pytest.approx(-0.1)
    v = [0.5 * 100.0]
    for g in gs[1:]:
        v.append(0.5 * v[-1] + 0.5 * g**2)
    v_hat_max = [max(v[: t + 1]) / (1 - 0.5 ** (t + 1)) for t in range(4)]
    want = np.cumsum([-0.1 * g / v_hat**0.5 for g, v_hat in zip(gs, v_hat_max)])
    assert ams == pytest.approx(list(want), rel=1e-12)
    assert abs(ams[3] - ams[2]) < abs(plain[3] - plain[2])


def test_adam_weight_decay_is_coupled_and_adamw_decoupled():
    """Adam adds wd·w to the gradient (its first step stays lr·sign); AdamW first shrinks w by lr·wd·w."""
    adam = scalar_steps(Adam, 2.0, [1.0], lr=0.1, weight_decay=0.5, eps=0.0)
    adamw = scalar_steps(AdamW, 2.0, [1.0], lr=0.1, weight_decay=0.5, eps=0.0)
    assert adam == pytest.approx([2.0 - 0.1], rel=1e-12)
    assert adamw == pytest.approx([2.0 - 0.1 * 0.5 * 2.0 - 0.1], rel=1e-12)


def quadratic(diagonal, rotation=None):
    """f(x) = ½ xᵀ A x with A = R diag(diagonal) Rᵀ. -> (f, gradient x -> A x)."""
    R = np.eye(len(diagonal)) if rotation is None else rotation
    A = R @ np.diag(diagonal) @ R.T
    return (lambda x: 0.5 * x @ A @ x), (lambda x: A @ x)


@given(name=st.sampled_from(sorted(OPTIMIZERS)),
       diagonal=hnp.arrays(np.float64, st.integers(1, 5), elements=st.floats(1.0, 100.0)), data=st.data())
def test_every_optimizer_moves_downhill_on_a_quadratic(name, diagonal, data):
    """From any point, one small step of each optimizer (default settings, lr=1e-4) lowers f(x) = ½ Σ aᵢ xᵢ²."""
    x0 = data.draw(hnp.arrays(np.float64, diagonal.shape, elements=st.floats(-10, 10)))
    assume(np.linalg.norm(x0) >= 1.0)
    f, grad = quadratic(diagonal)
    params = {"x": x0.copy()}
    optimizer = make_optimizer(name, params, lr=1e-4)
    optimizer.step({"x": grad(params["x"])})
    assert f(params["x"]) < f(x0), f"{name}: one step went uphill"
    for _ in range(9):
        optimizer.step({"x": grad(params["x"])})
    assert f(params["x"]) < f(x0), f"{name}: ten steps went uphill"


# Condition number 100, eigenvectors not aligned with the axes. RMSprop's step keeps a size ~ lr near the minimum
# (g / rms(g) does not shrink), so it needs a decaying lr to settle; the others converge with a constant one.
@pytest.mark.parametrize("name, hyper, n_steps, gamma", [
    ("sgd", dict(lr=0.015), 1000, None),
    ("momentum", dict(lr=0.005), 400, None),
    ("nesterov", dict(lr=0.005), 400, None),
    ("adagrad", dict(lr=0.5), 2000, None),
    ("rmsprop", dict(lr=0.01), 2000, 0.998),
    ("rmsprop", dict(lr=0.01, momentum=0.5, centered=True), 2000, 0.997),
    ("adam", dict(lr=0.05), 2000, None),
    ("adam", dict(lr=0.1, amsgrad=True), 2000, None),
    ("adamw", dict(lr=0.05), 2000, None),
])
def test_optimizer_converges_on_an_ill_conditioned_quadratic(name, hyper, n_steps, gamma):
    rng = np.random.default_rng(0)
    rotation, _ = np.linalg.qr(rng.normal(size=(5, 5)))
    f, grad = quadratic(np.logspace(0, 2, 5), rotation)
    x0 = 3 * rng.normal(size=5)
    params = {"x": x0.copy()}
    optimizer = make_optimizer(name, params, **hyper)
    scheduler = Scheduler(optimizer, exponential_lr, gamma=gamma) if gamma else None
    for _ in range(n_steps):
        optimizer.step({"x": grad(params["x"])})
        if scheduler is not None:
            scheduler.step()
    distance = np.linalg.norm(params["x"])
    assert distance < 1e-3, f"{name}{hyper}: still {distance:.2e} from the minimum"
    assert f(params["x"]) < 1e-6 * f(x0)


every_state = [("sgd", {}), ("momentum", {}), ("nesterov", {}), ("adagrad", {}),
               ("rmsprop", dict(momentum=0.9, centered=True)), ("adam", dict(amsgrad=True)),
               ("adamw", dict(amsgrad=True))]


@pytest.mark.parametrize("name, hyper", every_state)
def test_params_are_updated_in_place_and_state_is_plain_and_shaped_like_params(name, hyper):
    """The model's dict and its arrays stay the same objects (and dtype); the state is name -> dict of arrays."""
    rng = np.random.default_rng(1)
    params = {"W1": rng.normal(size=(3, 4)).astype(np.float32), "b1": np.zeros(4, dtype=np.float32)}
    arrays = dict(params)
    before = {key: p.copy() for key, p in params.items()}
    optimizer = make_optimizer(name, params, **hyper)
    for _ in range(2):
        optimizer.step({key: rng.normal(size=p.shape) for key, p in params.items()})
    assert optimizer.params is params
    assert optimizer.t == 2
    for key, p in params.items():
        assert p is arrays[key], f"{key} was replaced instead of updated in place"
        assert p.dtype == np.float32
        assert not np.array_equal(p, before[key]), f"{key} did not move"
    assert set(optimizer.state) == set(params)
    for key, state in optimizer.state.items():
        assert isinstance(state, dict)
        for buffer_name, buffer in state.items():
            assert isinstance(buffer, np.ndarray), f"state[{key!r}][{buffer_name!r}] should be an array"
            assert buffer.shape == params[key].shape, f"state[{key!r}][{buffer_name!r}] should be shaped like {key}"
    text = repr(optimizer.state)
    assert all(f"'{buffer_name}'" in text for state in optimizer.state.values() for buffer_name in state)
    assert repr(optimizer).startswith(type(optimizer).__name__ + "(") and "lr=" in repr(optimizer)


torch_signatures = {
    SGD: dict(lr=1e-3, momentum=0.0, dampening=0.0, weight_decay=0.0, nesterov=False),
    Adagrad: dict(lr=1e-2, lr_decay=0.0, weight_decay=0.0, initial_accumulator_value=0.0, eps=1e-10),
    RMSprop: dict(lr=1e-2, alpha=0.99, eps=1e-8, weight_decay=0.0, momentum=0.0, centered=False),
    Adam: dict(lr=1e-3, betas=(0.9, 0.999), eps=1e-8, weight_decay=0.0, amsgrad=False),
    AdamW: dict(lr=1e-3, betas=(0.9, 0.999), eps=1e-8, weight_decay=1e-2, amsgrad=False),
}


@pytest.mark.parametrize("optimizer_class", list(torch_signatures))
def test_hyper_parameter_names_order_and_defaults_are_torchs(optimizer_class):
    defaults = torch_signatures[optimizer_class]
    signature = inspect.signature(optimizer_class)
    assert list(signature.parameters) == ["params", *defaults]
    optimizer = optimizer_class({"w": np.zeros(2)})
    for name, value in defaults.items():
        assert getattr(optimizer, name) == value, f"default {name}"


def test_registry_names_and_momentum_presets():
    params = {"w": np.zeros(2)}
    assert set(OPTIMIZERS) == {"sgd", "momentum", "nesterov", "adagrad", "rmsprop", "adam", "adamw"}
    momentum, nesterov = make_optimizer("momentum", params), make_optimizer("nesterov", params, lr=0.1)
    assert isinstance(momentum, SGD) and momentum.momentum == 0.9 and not momentum.nesterov
    assert isinstance(nesterov, SGD) and nesterov.momentum == 0.9 and nesterov.nesterov and nesterov.lr == 0.1
    assert make_optimizer("momentum", params, momentum=0.5).momentum == 0.5
    assert type(make_optimizer("adamw", params)) is AdamW
    with pytest.raises(ValueError, match="unknown optimizer"):
        make_optimizer("lbfgs", params)


def test_mistakes_are_reported_clearly():
    params = {"W": np.zeros((2, 3)), "b": np.zeros(3)}
    optimizer = SGD(params, lr=0.1)
    with pytest.raises(KeyError, match="'b'"):
        optimizer.step({"W": np.ones((2, 3))})
    with pytest.raises(ValueError, match="shape"):
        optimizer.step({"W": np.ones((3, 2)), "b": np.ones(3)})
    with pytest.raises(TypeError, match="float"):
        SGD({"w": np.zeros(3, dtype=int)})
    with pytest.raises(ValueError, match="Nesterov"):
        SGD(params, momentum=0.0, nesterov=True)
    with pytest.raises(ValueError, match="learning rate|lr"):
        Adam(params, lr=-1.0)
    with pytest.raises(ValueError, match="betas"):
        Adam(params, betas=(0.9, 1.0))


def test_step_lr_and_exponential_lr_closed_forms():
    epochs = np.arange(8)
    assert [step_lr(e, 0.1, step_size=3, gamma=0.5) for e in epochs] == pytest.approx(
        [0.1, 0.1, 0.1, 0.05, 0.05, 0.05, 0.025, 0.025], rel=1e-12)
    assert step_lr(25, 1.0, step_size=10) == pytest.approx(0.01, rel=1e-12), "default gamma is 0.1"
    assert [exponential_lr(e, 0.1, gamma=0.9) for e in epochs] == pytest.approx([0.1 * 0.9**e for e in range(8)])
    np.testing.assert_allclose(step_lr(epochs, 0.1, 3, 0.5), [step_lr(e, 0.1, 3, 0.5) for e in range(8)])
    np.testing.assert_allclose(exponential_lr(epochs, 0.1, 0.9), [0.1 * 0.9**e for e in range(8)])


def test_cosine_lr_closed_form():
    assert cosine_lr(0, 0.1, T_max=10) == pytest.approx(0.1, rel=1e-12)
    assert cosine_lr(5, 0.1, T_max=10) == pytest.approx(0.05, rel=1e-12)
    assert cosine_lr(10, 0.1, T_max=10, eta_min=0.01) == pytest.approx(0.01, rel=1e-12)
    assert cosine_lr(2, 1.0, T_max=6, eta_min=0.1) == pytest.approx(0.1 + 0.9 * (1 + 0.5) / 2, rel=1e-12)
    assert cosine_lr(20, 0.1, T_max=10) == pytest.approx(0.1, rel=1e-12), "the closed form goes back up after T_max"


def test_linear_warmup_closed_form():
    """torch's LinearLR: factor start_factor + (1 − start_factor) · min(epoch, total) / total."""
    assert linear_warmup(0, 0.3, warmup_epochs=5) == pytest.approx(0.1, rel=1e-12), "default start_factor is 1/3"
    assert linear_warmup(2, 0.3, warmup_epochs=5) == pytest.approx(0.3 * (1 / 3 + (2 / 3) * 2 / 5), rel=1e-12)
    assert linear_warmup(5, 0.3, warmup_epochs=5) == pytest.approx(0.3, rel=1e-12)
    assert linear_warmup(50, 0.3, warmup_epochs=5) == pytest.approx(0.3, rel=1e-12)
    assert linear_warmup(1, 1.0, warmup_epochs=4, start_factor=0.2) == pytest.approx(0.4, rel=1e-12)


@given(lr0=st.floats(1e-4, 1.0), eta_min_fraction=st.floats(0.0, 0.9), T_max=st.integers(1, 200))
def test_cosine_lr_decreases_from_lr0_to_eta_min(lr0, eta_min_fraction, T_max):
    eta_min = eta_min_fraction * lr0
    lrs = cosine_lr(np.arange(T_max + 1), lr0, T_max, eta_min)
    assert np.all(np.diff(lrs) <= 1e-15)
    assert lrs[0] == pytest.approx(lr0) and lrs[-1] == pytest.approx(eta_min, abs=1e-15)


@given(lr0=st.floats(1e-4, 1.0), start_factor=st.floats(0.01, 1.0), warmup_epochs=st.integers(1, 50))
def test_linear_warmup_rises_from_start_factor_then_stays(lr0, start_factor, warmup_epochs):
    lrs = linear_warmup(np.arange(2 * warmup_epochs + 1), lr0, warmup_epochs, start_factor)
    assert np.all(np.diff(lrs) >= -1e-15)
    assert lrs[0] == pytest.approx(start_factor * lr0)
    np.testing.assert_allclose(lrs[warmup_epochs:], lr0)


def test_scheduler_sets_the_optimizer_lr_each_epoch():
    """Built: lr of epoch 0, like torch's schedulers; each step(): the next epoch's lr, used by the next update."""
    params = {"w": np.zeros(1)}
    optimizer = SGD(params, lr=0.3)
    scheduler = Scheduler(optimizer, linear_warmup, warmup_epochs=2)
    assert scheduler.lr0 == 0.3
    assert optimizer.lr == pytest.approx(0.1)
    seen = []
    for _ in range(4):
        seen.append(optimizer.lr)
        scheduler.step()
    assert seen == pytest.approx([0.1, 0.2, 0.3, 0.3])
    assert scheduler.epoch == 4 and type(optimizer.lr) is float
    optimizer.step({"w": np.ones(1)})
    assert params["w"][0] == pytest.approx(-0.3)


def test_scheduler_with_step_lr_and_keyword_arguments():
    optimizer = Adam({"w": np.zeros(1)}, lr=0.1)
    scheduler = Scheduler(optimizer, step_lr, step_size=2, gamma=0.5)
    lrs = [optimizer.lr]
    for _ in range(5):
        scheduler.step()
        lrs.append(optimizer.lr)
    assert lrs == pytest.approx([0.1, 0.1, 0.05, 0.05, 0.025, 0.025])
