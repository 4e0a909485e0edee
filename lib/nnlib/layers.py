"""Layers as forward/backward pairs with explicit caches, and a sequential MLP built from them.

A forward returns (out, cache); its backward takes (dout, cache), where dout = dL/dout, and returns the gradient of
the loss with respect to each differentiable input, in the order of the forward's arguments.
"""
import numpy as np

from .activations import leaky_relu, relu, sigmoid
from .init import init_weights
from .rng import as_rng


def dense_forward(x, W, b):
    """y = x W + b.  x (N, D), W (D, M), b (M,) -> out (N, M); cache (x, W)."""
    out = x @ W
    out += b
    return out, (x, W)


def dense_backward(dout, cache):
    """Backward of y = x W + b.  dout (N, M) -> dx (N, D), dW (D, M), db (M,)."""
    x, W = cache
    return dout @ W.T, x.T @ dout, dout.sum(axis=0)


def sigmoid_forward(x):
    """out = σ(x).  x any shape -> out same shape; cache out (σ′ is a function of σ)."""
    out = sigmoid(x)
    return out, out


def sigmoid_backward(dout, cache):
    """dx = dout · σ(x) (1 − σ(x)).  dout any shape -> dx same shape."""
    out = cache
    return dout * out * (1 - out)


def tanh_forward(x):
    """out = tanh(x).  x any shape -> out same shape; cache out (tanh′ is a function of tanh)."""
    out = np.tanh(x)
    return out, out


def tanh_backward(dout, cache):
    """dx = dout · (1 − tanh(x)²).  dout any shape -> dx same shape."""
    out = cache
    return dout * (1 - out * out)


def relu_forward(x):
    """out = max(x, 0).  x any shape -> out same shape; cache x."""
    return relu(x), x


def relu_backward(dout, cache):
    """dx = dout · [x > 0], taking 0 at the kink x = 0 as PyTorch.  dout any shape -> dx same shape."""
    x = cache
    return dout * (x > 0)


def leaky_relu_forward(x, negative_slope=0.01):
    """out = x if x > 0 else negative_slope · x.  x any shape -> out same shape; cache (x, negative_slope)."""
    return leaky_relu(x, negative_slope), (x, negative_slope)


def leaky_relu_backward(dout, cache):
    """dx = dout if x > 0 else negative_slope · dout.  dout any shape -> dx same shape."""
    x, negative_slope = cache
    return np.where(x > 0, dout, negative_slope * dout)


ACTIVATION_LAYERS = {
    "relu": (relu_forward, relu_backward),
    "tanh": (tanh_forward, tanh_backward),
    "sigmoid": (sigmoid_forward, sigmoid_backward),
    "leaky_relu": (leaky_relu_forward, leaky_relu_backward),
}


def dropout_forward(x, p, rng, train=True):
    """Inverted dropout: out = x · m / (1 − p), m ~ Bernoulli(1 − p) per element.  x any shape -> out same shape.

    p is the probability of dropping a unit (PyTorch's convention).  Scaling the kept units by 1/(1 − p) keeps
    E[out] = x, so eval mode (train=False) and p = 0 are the identity and need no rng.  cache = the scaled mask
    m / (1 − p), or None for the identity.
    """
    if not 0 <= p <= 1:
        raise ValueError(f"dropout probability p must be in [0, 1], got {p}")
    x = np.asarray(x)
    if not train or p == 0:
        return x, None
    if rng is None:
        raise ValueError("dropout in train mode needs rng, a numpy.random.Generator")
    mask = (rng.random(x.shape) >= p).astype(x.dtype)
    # p = 1 drops everything; PyTorch returns zeros rather than dividing by zero.
    mask *= 0.0 if p == 1 else 1 / (1 - p)
    return x * mask, mask


def dropout_backward(dout, cache):
    """dx = dout · m / (1 − p), with the mask of the forward pass.  dout any shape -> dx same shape."""
    mask = cache
    return dout if mask is None else dout * mask


def init_batchnorm(n_features, dtype=np.float64):
    """gamma = 1, beta = 0 (identity affine), running = {"mean": 0, "var": 1}.  -> (D,), (D,), dict of (D,)."""
    gamma = np.ones(n_features, dtype=dtype)
    beta = np.zeros(n_features, dtype=dtype)
    running = {"mean": np.zeros(n_features, dtype=dtype), "var": np.ones(n_features, dtype=dtype)}
    return gamma, beta, running


def batchnorm_forward(x, gamma, beta, running, train=True, momentum=0.1, eps=1e-5):
    """y = gamma · (x − μ) / sqrt(σ² + eps) + beta per feature.  x (N, D), gamma (D,), beta (D,) -> out (N, D).

    Train mode normalizes with the batch mean μ and the biased batch variance σ², and updates running in place with
    PyTorch's rule: running = (1 − momentum) · running + momentum · batch_stat, where the running variance takes
    the unbiased batch variance σ² N / (N − 1).  Eval mode (train=False) normalizes with running["mean"] and
    running["var"] instead.  cache (x_hat, gamma, inv_std, train).
    """
    if train:
        N = x.shape[0]
        if N < 2:
            raise ValueError("batchnorm in train mode needs more than one sample per batch to estimate a variance")
        mu = x.mean(axis=0)
        xc = x - mu
        var = np.mean(xc * xc, axis=0)
        # [...] writes into the arrays, as PyTorch updates its buffers: whoever holds them sees the new values.
        running["mean"][...] = (1 - momentum) * running["mean"] + momentum * mu
        running["var"][...] = (1 - momentum) * running["var"] + momentum * var * (N / (N - 1))
    else:
        xc = x - running["mean"]
        var = running["var"]
    inv_std = 1 / np.sqrt(var + eps)
    x_hat = xc
    x_hat *= inv_std  # in place: xc is not needed any more
    out = x_hat * gamma
    out += beta
    return out, (x_hat, gamma, inv_std, train)


def batchnorm_backward(dout, cache):
    """Backward of y = gamma · x_hat + beta.  dout (N, D) -> dx (N, D), dgamma (D,), dbeta (D,).

    In train mode x_hat depends on x directly and through the batch mean and variance, which adds the two
    correction terms: dx = gamma · inv_std / N · (N · dout − dbeta − x_hat · dgamma).
    In eval mode the statistics are constants: dx = dout · gamma · inv_std.
    """
    x_hat, gamma, inv_std, train = cache
    dbeta = dout.sum(axis=0)
    dgamma = np.sum(dout * x_hat, axis=0)
    if not train:
        return dout * (gamma * inv_std), dgamma, dbeta
    N = dout.shape[0]
    dx = N * dout
    dx -= dbeta
    dx -= x_hat * dgamma
    dx *= gamma * inv_std / N
    return dx, dgamma, dbeta


class MLP:
    """A sequential multi-layer perceptron.  X (N, sizes[0]) -> logits (N, sizes[-1]).

    Each hidden layer is dense -> batchnorm (if batchnorm) -> activation -> dropout (if dropout > 0); the last layer
    is dense only, so the network returns logits to feed a loss.

    sizes       [n_in, n_hidden..., n_out]
    activation  "relu", "tanh", "sigmoid" or "leaky_relu" for every hidden layer, or a list of these names, one per
                hidden layer (layer 1 first)
    init        weight scheme of nnlib.init.init_weights ("he", "xavier", "normal", "zeros"); biases start at 0
    rng         numpy.random.Generator or int seed (default 0) for the weights, and the default one for dropout
    dropout     probability of dropping a hidden unit in train mode
    dtype       float64 or float32; parameters, activations and gradients all keep it

    params      {"W1": (sizes[0], sizes[1]), "b1": (sizes[1],), ..., "WL", "bL"}, plus "gamma<l>", "beta<l>" of shape
                (sizes[l],) for each hidden layer l = 1..L-1 when batchnorm
    grads       the same keys and shapes; backward overwrites these arrays in place (it does not accumulate)
    running     {l: {"mean": (sizes[l],), "var": (sizes[l],)}} batchnorm running statistics per hidden layer l
    hidden_outputs  after forward, the activation output (N, sizes[l]) of each hidden layer, before dropout
    """

    def __init__(self, sizes, activation="relu", init="he", rng=0, dropout=0.0, batchnorm=False,
                 dtype=np.float64):
        if len(sizes) < 2:
            raise ValueError(f"sizes must list at least the input and output sizes, got {sizes}")
        names = [activation] if isinstance(activation, str) else list(activation)
        for name in names:
            if name not in ACTIVATION_LAYERS:
                raise ValueError(f"unknown activation {name!r}; choose one of {sorted(ACTIVATION_LAYERS)}")
        n_hidden_layers = len(sizes) - 2
        if not isinstance(activation, str) and len(names) != n_hidden_layers:
            raise ValueError(f"activation lists {len(names)} names for {n_hidden_layers} hidden layers")
        self.activations = names * n_hidden_layers if isinstance(activation, str) else names
        if not 0 <= dropout < 1:
            raise ValueError(f"dropout must be in [0, 1), got {dropout}")
        self.sizes = list(sizes)
        self.activation = activation
        self.init = init
        self.dropout = dropout
        self.batchnorm = batchnorm
        self.dtype = np.dtype(dtype)
        self.rng = as_rng(rng)
        self.n_layers = len(sizes) - 1
        self.params = {}
        self.running = {}
        for l in range(1, self.n_layers + 1):
            fan_in, fan_out = sizes[l - 1], sizes[l]
            self.params[f"W{l}"] = init_weights(init, fan_in, fan_out, self.rng, dtype=self.dtype)
            self.params[f"b{l}"] = np.zeros(fan_out, dtype=self.dtype)
            if batchnorm and l < self.n_layers:
                self.params[f"gamma{l}"], self.params[f"beta{l}"], self.running[l] = init_batchnorm(
                    fan_out, self.dtype)
        self.grads = {name: np.zeros_like(value) for name, value in self.params.items()}
        self.caches = []
        self.hidden_outputs = []

    def __repr__(self):
        return (f"MLP(sizes={self.sizes}, activation={self.activation!r}, init={self.init!r}, "
                f"dropout={self.dropout}, batchnorm={self.batchnorm}, dtype={self.dtype.name})")

    def forward(self, X, train=True, rng=None):
        """logits = dense_L(... act(bn(dense_1(X))) ...).  X (N, n_in) -> logits (N, n_out); keeps the caches.

        train selects batchnorm's batch statistics and active dropout; rng draws the dropout masks (default: the
        generator given at construction).
        """
        rng = self.rng if rng is None else rng
        h = np.asarray(X, dtype=self.dtype)
        self.caches = []
        self.hidden_outputs = []
        for l in range(1, self.n_layers):
            cache = {}
            h, cache["dense"] = dense_forward(h, self.params[f"W{l}"], self.params[f"b{l}"])
            if self.batchnorm:
                h, cache["batchnorm"] = batchnorm_forward(
                    h, self.params[f"gamma{l}"], self.params[f"beta{l}"], self.running[l], train=train)
            activation_forward, _ = ACTIVATION_LAYERS[self.activations[l - 1]]
            h, cache["activation"] = activation_forward(h)
            self.hidden_outputs.append(h)
            if self.dropout > 0:
                h, cache["dropout"] = dropout_forward(h, self.dropout, rng, train=train)
            self.caches.append(cache)
        L = self.n_layers
        logits, cache = dense_forward(h, self.params[f"W{L}"], self.params[f"b{L}"])
        self.caches.append({"dense": cache})
        return logits

    __call__ = forward

    def backward(self, dlogits, return_dX=False):
        """Backpropagate dlogits = dL/dlogits (N, n_out) through the last forward; fills self.grads in place.

        Training needs only self.grads, so by default the gradient with respect to the input X is skipped (a
        matrix product as large as the first layer's; PyTorch skips it too when X does not require a gradient)
        and None is returned. return_dX=True also returns dX (N, n_in).
        """
        dh = np.asarray(dlogits, dtype=self.dtype)
        for l in range(self.n_layers, 0, -1):
            cache = self.caches[l - 1]
            if "dropout" in cache:
                dh = dropout_backward(dh, cache["dropout"])
            if "activation" in cache:
                _, activation_backward = ACTIVATION_LAYERS[self.activations[l - 1]]
                dh = activation_backward(dh, cache["activation"])
            if "batchnorm" in cache:
                dh, dgamma, dbeta = batchnorm_backward(dh, cache["batchnorm"])
                self.grads[f"gamma{l}"][...] = dgamma
                self.grads[f"beta{l}"][...] = dbeta
            # dense_backward, written with out= so the gradients land in the preallocated arrays without a copy.
            x, W = cache["dense"]
            np.matmul(x.T, dh, out=self.grads[f"W{l}"])
            np.sum(dh, axis=0, out=self.grads[f"b{l}"])
            if l == 1 and not return_dX:
                return None
            dh = dh @ W.T
        return dh

    def predict(self, X):
        """Class indices in eval mode.  X (N, n_in) -> (N,) ints: argmax of the logits, or logit > 0 if n_out = 1."""
        logits = self.forward(X, train=False)
        if logits.shape[1] == 1:
            return (logits[:, 0] > 0).astype(np.intp)
        return np.argmax(logits, axis=1)
