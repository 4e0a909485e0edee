"""Optimizers and learning-rate schedules, with torch.optim's names, defaults and update equations.

An optimizer holds the model's parameter dict (name -> array) and updates those arrays in place, so a model that
holds the same dict sees every step. Its state is a plain dict name -> dict of arrays shaped like the parameter, with
torch's names (momentum_buffer, sum, square_avg, grad_avg, exp_avg, exp_avg_sq, max_exp_avg_sq): print it.

A schedule is a pure function lr(epoch, lr0, ...) equal to the closed form of the torch scheduler of the same name;
``Scheduler`` applies one to an optimizer once per epoch.

Differences from torch 2.x:
- one learning rate for the whole dict: no parameter groups; no maximize, foreach, fused, capturable, differentiable.
- ``step(grads)`` takes the gradients (name -> array) instead of reading ``.grad``; every parameter needs one (torch
  skips a parameter whose grad is None), so one step counter ``t`` serves all parameters where torch keeps a "step"
  per parameter.
- the state is created with the optimizer (zeros; initial_accumulator_value for Adagrad), not at the first step.
- RMSprop(centered=True) clamps v - g_ave² at 0 before the square root: rounding can push it just below 0,
  where torch returns nan.
- ``Scheduler`` always uses the closed form; torch's CosineAnnealingLR.step() uses an equivalent recursion, so the two
  agree up to rounding.
"""
from functools import partial

import numpy as np


def _check_nonnegative(**hyper):
    """Raise ValueError, as torch does, for a negative hyper-parameter."""
    for name, value in hyper.items():
        if value < 0.0:
            raise ValueError(f"Invalid {name} value: {value} (must be >= 0)")


class Optimizer:
    """Base class: ``params`` (name -> array, updated in place), ``lr``, ``state`` (name -> dict of arrays), step ``t``.

    A subclass sets its hyper-parameters, calls ``Optimizer.__init__`` and defines ``init_state`` and ``update``.
    """

    def __init__(self, params, lr):
        _check_nonnegative(lr=lr)
        for name, p in params.items():
            if not (isinstance(p, np.ndarray) and np.issubdtype(p.dtype, np.floating)):
                raise TypeError(f"parameter {name!r} must be a float numpy array (it is updated in place)")
        self.params = params
        self.lr = float(lr)
        self.state = {name: self.init_state(p) for name, p in params.items()}
        self.t = 0

    def init_state(self, p):
        """The state of one parameter p before the first step: a dict of arrays shaped like p."""
        return {}

    def update(self, p, g, state):
        """Update one parameter p in place from its gradient g (same shape) and its state dict."""
        raise NotImplementedError

    def step(self, grads):
        """One update of every parameter, in place. grads: name -> array shaped like params[name]."""
        self.t += 1
        for name, p in self.params.items():
            if name not in grads:
                raise KeyError(f"no gradient for parameter {name!r}")
            g = np.asarray(grads[name])
            if g.shape != p.shape:
                raise ValueError(f"gradient of {name!r} has shape {g.shape}, parameter has shape {p.shape}")
            self.update(p, g, self.state[name])

    def __repr__(self):
        hyper = ", ".join(f"{k}={v!r}" for k, v in vars(self).items() if k not in ("params", "state"))
        return f"{type(self).__name__}({hyper})"


class SGD(Optimizer):
    """Stochastic gradient descent, optionally with momentum (heavy ball or Nesterov), as torch.optim.SGD."""

    def __init__(self, params, lr=1e-3, momentum=0.0, dampening=0.0, weight_decay=0.0, nesterov=False):
        _check_nonnegative(momentum=momentum, weight_decay=weight_decay)
        if nesterov and (momentum <= 0 or dampening != 0):
            raise ValueError("Nesterov momentum requires a momentum and zero dampening")
        self.momentum, self.dampening = momentum, dampening
        self.weight_decay, self.nesterov = weight_decay, nesterov
        super().__init__(params, lr)

    def init_state(self, p):
        return {"momentum_buffer": np.zeros_like(p)} if self.momentum != 0 else {}

    def update(self, p, g, state):
        """p <- p - lr · b, with g <- g + weight_decay · p and b <- momentum · b + (1 - dampening) · g."""
        if self.weight_decay != 0:
            g = g + self.weight_decay * p
        if self.momentum != 0:
            b = state["momentum_buffer"]
            # torch starts the buffer at the first gradient itself, undamped, instead of decaying from zero
            b[...] = g if self.t == 1 else self.momentum * b + (1 - self.dampening) * g
            g = g + self.momentum * b if self.nesterov else b
        p -= self.lr * g


class Adagrad(Optimizer):
    """Adagrad: each entry's step is divided by the root of its summed squared gradients, as torch.optim.Adagrad."""

    def __init__(self, params, lr=1e-2, lr_decay=0.0, weight_decay=0.0, initial_accumulator_value=0.0, eps=1e-10):
        _check_nonnegative(lr_decay=lr_decay, weight_decay=weight_decay,
                           initial_accumulator_value=initial_accumulator_value, eps=eps)
        self.lr_decay, self.weight_decay = lr_decay, weight_decay
        self.initial_accumulator_value, self.eps = initial_accumulator_value, eps
        super().__init__(params, lr)

    def init_state(self, p):
        return {"sum": np.full_like(p, self.initial_accumulator_value)}

    def update(self, p, g, state):
        """p <- p - lr / (1 + (t - 1) · lr_decay) · g / (sqrt(sum) + eps), with sum <- sum + g²."""
        if self.weight_decay != 0:
            g = g + self.weight_decay * p
        state["sum"] += g * g
        p -= self.lr / (1 + (self.t - 1) * self.lr_decay) * g / (np.sqrt(state["sum"]) + self.eps)


class RMSprop(Optimizer):
    """RMSprop: the step is divided by a moving root mean square of the gradient, as torch.optim.RMSprop."""

    def __init__(self, params, lr=1e-2, alpha=0.99, eps=1e-8, weight_decay=0.0, momentum=0.0, centered=False):
        _check_nonnegative(alpha=alpha, eps=eps, weight_decay=weight_decay, momentum=momentum)
        self.alpha, self.eps, self.weight_decay = alpha, eps, weight_decay
        self.momentum, self.centered = momentum, centered
        super().__init__(params, lr)

    def init_state(self, p):
        state = {"square_avg": np.zeros_like(p)}
        if self.momentum > 0:
            state["momentum_buffer"] = np.zeros_like(p)
        if self.centered:
            state["grad_avg"] = np.zeros_like(p)
        return state

    def update(self, p, g, state):
        """p <- p - lr · g / (sqrt(v) + eps), v <- alpha · v + (1 - alpha) · g²; centered: v - g_ave² instead of v."""
        if self.weight_decay != 0:
            g = g + self.weight_decay * p
        v = state["square_avg"]
        v[...] = self.alpha * v + (1 - self.alpha) * g * g
        if self.centered:
            g_ave = state["grad_avg"]
            g_ave[...] = self.alpha * g_ave + (1 - self.alpha) * g
            # a variance estimate: never negative in exact arithmetic, but rounding can take it just below 0
            v = np.maximum(v - g_ave * g_ave, 0.0)
        step = g / (np.sqrt(v) + self.eps)
        if self.momentum > 0:
            b = state["momentum_buffer"]
            b[...] = self.momentum * b + step
            step = b
        p -= self.lr * step


class Adam(Optimizer):
    """Adam: bias-corrected moving averages of g and g², as torch.optim.Adam (weight decay added to the gradient)."""

    def __init__(self, params, lr=1e-3, betas=(0.9, 0.999), eps=1e-8, weight_decay=0.0, amsgrad=False):
        _check_nonnegative(eps=eps, weight_decay=weight_decay)
        if not all(0.0 <= beta < 1.0 for beta in betas):
            raise ValueError(f"Invalid betas: {betas} (each must be in [0, 1))")
        self.betas, self.eps, self.weight_decay, self.amsgrad = tuple(betas), eps, weight_decay, amsgrad
        super().__init__(params, lr)

    def init_state(self, p):
        state = {"exp_avg": np.zeros_like(p), "exp_avg_sq": np.zeros_like(p)}
        if self.amsgrad:
            state["max_exp_avg_sq"] = np.zeros_like(p)
        return state

    def update(self, p, g, state):
        """Adam's step (see adam_step) on g <- g + weight_decay · p."""
        if self.weight_decay != 0:
            g = g + self.weight_decay * p
        self.adam_step(p, g, state)

    def adam_step(self, p, g, state):
        """p <- p - lr · m̂ / (sqrt(v̂) + eps), m̂ = m / (1 - beta1^t), v̂ = v / (1 - beta2^t); m, v average g, g²."""
        beta1, beta2 = self.betas
        m, v = state["exp_avg"], state["exp_avg_sq"]
        m[...] = beta1 * m + (1 - beta1) * g
        v[...] = beta2 * v + (1 - beta2) * g * g
        if self.amsgrad:
            # torch keeps the running max of the raw v and bias-corrects that max
            v = np.maximum(state["max_exp_avg_sq"], v, out=state["max_exp_avg_sq"])
        m_hat = m / (1 - beta1**self.t)
        v_hat = v / (1 - beta2**self.t)
        p -= self.lr * m_hat / (np.sqrt(v_hat) + self.eps)


class AdamW(Adam):
    """Adam with decoupled weight decay, as torch.optim.AdamW: the decay shrinks p outside the adaptive step."""

    def __init__(self, params, lr=1e-3, betas=(0.9, 0.999), eps=1e-8, weight_decay=1e-2, amsgrad=False):
        super().__init__(params, lr, betas, eps, weight_decay, amsgrad)

    def update(self, p, g, state):
        """p <- p - lr · weight_decay · p, then Adam's step on the gradient g itself."""
        p *= 1 - self.lr * self.weight_decay
        self.adam_step(p, g, state)


OPTIMIZERS = {
    "sgd": SGD,
    "momentum": partial(SGD, momentum=0.9),
    "nesterov": partial(SGD, momentum=0.9, nesterov=True),
    "adagrad": Adagrad,
    "rmsprop": RMSprop,
    "adam": Adam,
    "adamw": AdamW,
}
"""Optimizers by name; "momentum" and "nesterov" are SGD with momentum=0.9 (a keyword argument overrides it)."""


def make_optimizer(name, params, **kwargs):
    """The optimizer OPTIMIZERS[name] over params, e.g. make_optimizer("adam", model.params, lr=1e-3)."""
    if name not in OPTIMIZERS:
        raise ValueError(f"unknown optimizer {name!r}; choose one of {sorted(OPTIMIZERS)}")
    return OPTIMIZERS[name](params, **kwargs)


def step_lr(epoch, lr0, step_size, gamma=0.1):
    """lr0 · gamma^(epoch // step_size), torch's StepLR.  epoch: int, or int array for a plot."""
    return lr0 * gamma ** (np.asarray(epoch) // step_size)


def exponential_lr(epoch, lr0, gamma):
    """lr0 · gamma^epoch, torch's ExponentialLR.  epoch: int, or int array for a plot."""
    return lr0 * gamma ** np.asarray(epoch)


def cosine_lr(epoch, lr0, T_max, eta_min=0.0):
    """eta_min + (lr0 - eta_min) · (1 + cos(π · epoch / T_max)) / 2, torch's CosineAnnealingLR in closed form."""
    return eta_min + (lr0 - eta_min) * (1 + np.cos(np.pi * np.asarray(epoch) / T_max)) / 2


def linear_warmup(epoch, lr0, warmup_epochs, start_factor=1 / 3):
    """lr0 · (start_factor + (1 - start_factor) · min(epoch, warmup_epochs) / warmup_epochs), torch's LinearLR."""
    return lr0 * (start_factor + (1 - start_factor) * np.minimum(epoch, warmup_epochs) / warmup_epochs)


class Scheduler:
    """Sets optimizer.lr = schedule(epoch, lr0, **kwargs), lr0 being the optimizer's lr when the Scheduler is built.

    Call ``step()`` once at the end of each epoch. As in torch, building it already sets the lr of epoch 0.
    """

    def __init__(self, optimizer, schedule, **kwargs):
        self.optimizer, self.schedule, self.kwargs = optimizer, schedule, kwargs
        self.lr0 = optimizer.lr
        self.epoch = 0
        self.optimizer.lr = float(schedule(0, self.lr0, **kwargs))

    def step(self):
        """Advance the epoch counter and set the optimizer's lr for the new epoch."""
        self.epoch += 1
        self.optimizer.lr = float(self.schedule(self.epoch, self.lr0, **self.kwargs))
