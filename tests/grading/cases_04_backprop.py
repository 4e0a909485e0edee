"""Grader quality of lesson 04: the mistakes students really make in a backward pass must fail with the right hint,
and other correct implementations (loops, other formulas, float32, code that warns) must pass.

Judgement calls, stated so that they can be argued with:
- relu_backward: the mask `out > 0` with out = max(x, 0) is the same mask as `x > 0` (a ReLU output is positive
  exactly where its input is), so a backward that recomputes or caches the output is CORRECT and must pass. The real
  mistakes are `out >= 0` (true everywhere: no mask at all), `x >= 0` (wrong exactly at the kink, where the lesson
  fixes PyTorch's convention 0), a mask taken from dout, and returning the mask without multiplying by dout.
- power's exponent is any real number, numpy scalars included (the statement says so): micrograd's check
  isinstance(exponent, (int, float)) refuses np.int64(2) and fails; refusing only a Value passes.
- relative_error follows the lesson's definition ||a − b|| / max(||a|| + ||b||, 1e-12) exactly; the elementwise
  maximum of CS231n's notes is a different number and fails.
- Exercise 1 replaces the whole class cell, so each case below is the full class with only `__mul__`'s closure
  changed, as a student's cell would be.
- Exercise 3's tests call the free functions tanh, exp and power; the cell attaches each to the class only once it
  runs and agrees with the given version, so an unfinished or wrong exercise 3 leaves exercises 4 and 5 gradable
  (tests/notebooks/test_claims_04.py checks that).
- Exercise 3 attaches tanh, exp and ** to the class object, which every namespace snapshot shares: the last case run
  leaves its methods on the class for the cases of exercises 4 and 5. So its last alternative is in exact float64
  arithmetic (the float32 one comes first), and exercises 4 and 5 compare with arrays to 1e-9.
- The engine exercises have no float32 version in the numpy sense (a Value holds a Python float): exercise 3's
  "float32" alternative computes its local derivatives in float32, and exercise 5's converts float32-able inputs once.
  Exercises 1, 2 and 4 have none at all: their statements give the engine no float32 input and no float32 accuracy,
  and backward does no arithmetic. The engine is a loop over scalar Values by nature, so exercises 2, 4 and 5 have
  no vectorized version (their other loops are an explicit stack, sum() and functools.reduce), and exercise 3's
  closures are one expression each, with no loop version.
"""
from tests.grading.quality import Exercise, Mistake

LESSON = "04_backprop"

_VALUE_HEAD = '''class Value:
    """A scalar that remembers how it was computed: data, grad = dL/d(this value), its inputs and a _backward."""

    def __init__(self, data, _children=(), _op="", label=""):
        self.data = float(data)
        self.grad = 0.0
        self._prev = tuple(_children)
        self._op = _op
        self.label = label
        self._backward = lambda: None  # a leaf has nothing to pass on

    def __repr__(self):
        return f"Value({self.label or '?'}: data={self.data:.4g}, grad={self.grad:.4g})"

    def __add__(self, other):
        other = other if isinstance(other, Value) else Value(other)
        out = Value(self.data + other.data, (self, other), "+")

        def _backward():  # d(out)/d(self) = d(out)/d(other) = 1
            self.grad += out.grad
            other.grad += out.grad
        out._backward = _backward
        return out

    def __mul__(self, other):
        other = other if isinstance(other, Value) else Value(other)
        out = Value(self.data * other.data, (self, other), "*")

        def _backward():  # d(out)/d(self) = other.data, d(out)/d(other) = self.data
'''

_VALUE_TAIL = '''        out._backward = _backward
        return out

    def tanh(self):
        out = Value(math.tanh(self.data), (self,), "tanh")

        def _backward():  # tanh'(x) = 1 - tanh(x)^2
            self.grad += (1 - out.data ** 2) * out.grad
        out._backward = _backward
        return out

    def exp(self):
        out = Value(math.exp(self.data), (self,), "exp")

        def _backward():  # exp'(x) = exp(x)
            self.grad += out.data * out.grad
        out._backward = _backward
        return out

    def __radd__(self, other):  # 2.0 + v
        return self + other

    def __rmul__(self, other):  # 2.0 * v
        return self * other'''


def value_class(closure):
    """The exercise-1 cell with `closure` (indented 12 spaces, as inside _backward) as the body of __mul__'s closure."""
    return _VALUE_HEAD + closure + _VALUE_TAIL


def backward_cell(body):
    """The exercise-2 cell with `body` (indented 4 spaces) as the body of backward."""
    return "def backward(self):\n" + body + "\n\nValue.backward = backward\n"


_TOPO = ("    order, visited = [], set()\n\n"
         "    def build(node):\n"
         "        if node not in visited:\n"
         "            visited.add(node)\n"
         "            for child in node._prev:\n"
         "                build(child)\n"
         "            order.append(node)\n\n"
         "    build(self)\n")

EXERCISES = [
    Exercise(
        answer="Value",
        tests=["Value_visible", "Value_hidden"],
        mistakes=[
            Mistake("= instead of +=: x * x keeps only one of its two contributions",
                    source=value_class("            self.grad = other.data * out.grad\n"
                                       "            other.grad = self.data * out.grad\n"),
                    hint="+="),
            Mistake("gives each input its own value instead of the other input's",
                    source=value_class("            self.grad += self.data * out.grad\n"
                                       "            other.grad += other.data * out.grad\n"),
                    hint="the OTHER input's value"),
            Mistake("forgets the upstream gradient out.grad",
                    source=value_class("            self.grad += other.data\n"
                                       "            other.grad += self.data\n"),
                    hint="upstream gradient out.grad"),
            Mistake("uses the product's value out.data instead of the other input",
                    source=value_class("            self.grad += out.data * out.grad\n"
                                       "            other.grad += out.data * out.grad\n"),
                    hint="the OTHER input's value"),
            Mistake("updates only self and forgets the second input",
                    source=value_class("            self.grad += other.data * out.grad\n"),
                    hint="other.grad += self.data * out.grad"),
            Mistake("leaves the closure unwritten",
                    source=value_class("            raise NotImplementedError()\n"),
                    hint="NotImplementedError"),
        ],
        alternatives=[
            value_class("            self.grad = self.grad + other.data * out.grad\n"
                        "            other.grad = other.grad + self.data * out.grad\n"),
            # local derivatives first, read before any update (also right for x * x)
            value_class("            d_self, d_other = other.data, self.data\n"
                        "            self.grad += d_self * out.grad\n"
                        "            other.grad += d_other * out.grad\n"),
            # the inputs in a loop over (input, local derivative) pairs
            value_class("            for node, local in ((self, other.data), (other, self.data)):\n"
                        "                node.grad += local * out.grad\n"),
        ],
    ),
    Exercise(
        answer="backward",
        tests=["backward_visible", "backward_hidden"],
        mistakes=[
            Mistake("forgets to seed the output's gradient with 1",
                    source=backward_cell(_TOPO + "    for node in reversed(order):\n        node._backward()\n"),
                    hint="self.grad = 1.0"),
            Mistake("runs the closures in creation order (inputs first) instead of reversed",
                    source=backward_cell(_TOPO + "    self.grad = 1.0\n"
                                                 "    for node in order:\n        node._backward()\n"),
                    hint="reversed topological order"),
            Mistake("breadth-first from the output: a node's closure runs before all its users have added",
                    source=backward_cell("    self.grad = 1.0\n"
                                         "    queue, seen = [self], {self}\n"
                                         "    while queue:\n"
                                         "        node = queue.pop(0)\n"
                                         "        node._backward()\n"
                                         "        for child in node._prev:\n"
                                         "            if child not in seen:\n"
                                         "                seen.add(child)\n"
                                         "                queue.append(child)\n"),
                    hint="topological order"),
            Mistake("topological sort without a visited set: a shared node's closure runs once per path",
                    source=backward_cell("    order = []\n\n"
                                         "    def build(node):\n"
                                         "        for child in node._prev:\n"
                                         "            build(child)\n"
                                         "        order.append(node)\n\n"
                                         "    build(self)\n"
                                         "    self.grad = 1.0\n"
                                         "    for node in reversed(order):\n"
                                         "        node._backward()\n"),
                    hint="visited set"),
            Mistake("recursion that pushes the gradient down each path at once (depth-first, no ordering)",
                    source=backward_cell("    def push(node):\n"
                                         "        node._backward()\n"
                                         "        for child in node._prev:\n"
                                         "            push(child)\n\n"
                                         "    self.grad = 1.0\n"
                                         "    push(self)\n"),
                    hint="exactly once"),
            Mistake("runs only the output's own closure",
                    source=backward_cell("    self.grad = 1.0\n    self._backward()\n"),
                    hint="reversed topological order"),
        ],
        alternatives=[
            # an explicit stack instead of recursion
            backward_cell("    order, visited, stack = [], set(), [(self, False)]\n"
                          "    while stack:\n"
                          "        node, inputs_done = stack.pop()\n"
                          "        if inputs_done:\n"
                          "            order.append(node)\n"
                          "        elif node not in visited:\n"
                          "            visited.add(node)\n"
                          "            stack.append((node, True))\n"
                          "            stack.extend((child, False) for child in node._prev)\n"
                          "    self.grad = 1.0\n"
                          "    for node in order[::-1]:\n"
                          "        node._backward()\n"),
            # Kahn's algorithm: a node runs once every node that uses it has run
            backward_cell("    users, seen, stack = {}, {id(self)}, [self]\n"
                          "    while stack:\n"
                          "        node = stack.pop()\n"
                          "        for child in node._prev:\n"
                          "            users[id(child)] = users.get(id(child), 0) + 1\n"
                          "            if id(child) not in seen:\n"
                          "                seen.add(id(child))\n"
                          "                stack.append(child)\n"
                          "    self.grad = 1.0\n"
                          "    ready = [self]\n"
                          "    while ready:\n"
                          "        node = ready.pop()\n"
                          "        node._backward()\n"
                          "        for child in set(node._prev):\n"
                          "            users[id(child)] -= node._prev.count(child)\n"
                          "            if users[id(child)] == 0:\n"
                          "                ready.append(child)\n"),
            # a list instead of a set for visited, built before seeding
            backward_cell("    topo, visited = [], []\n\n"
                          "    def build(node):\n"
                          "        if not any(node is seen for seen in visited):\n"
                          "            visited.append(node)\n"
                          "            for child in node._prev:\n"
                          "                build(child)\n"
                          "            topo.append(node)\n\n"
                          "    build(self)\n"
                          "    topo.reverse()\n"
                          "    topo[0].grad = 1\n"
                          "    for node in topo:\n"
                          "        node._backward()\n"),
        ],
    ),
    Exercise(
        answer="relative_error",
        tests=["relative_error_visible", "relative_error_hidden"],
        mistakes=[
            Mistake("no guard on the denominator: two zero arrays give 0/0 = NaN",
                    source="def relative_error(a, b):\n"
                           "    return np.linalg.norm(a - b) / (np.linalg.norm(a) + np.linalg.norm(b))\n",
                    hint="guard the denominator"),
            Mistake("divides by the norm of a only: not symmetric, infinite when a = 0",
                    source="def relative_error(a, b):\n"
                           "    return np.linalg.norm(a - b) / max(np.linalg.norm(a), 1e-12)\n",
                    hint="symmetric"),
            Mistake("the elementwise maximum of |a − b| / (|a| + |b|) instead of norms",
                    source="def relative_error(a, b):\n"
                           "    return np.max(np.abs(a - b) / np.maximum(np.abs(a) + np.abs(b), 1e-12))\n",
                    hint="norms of the whole arrays"),
            Mistake("squared norms: forgets the square roots",
                    source="def relative_error(a, b):\n"
                           "    return np.sum((a - b) ** 2) / max(np.sum(a ** 2) + np.sum(b ** 2), 1e-12)\n",
                    hint="norms of the whole arrays"),
            Mistake("sums signed differences instead of taking norms",
                    source="def relative_error(a, b):\n"
                           "    return abs(np.sum(a - b)) / max(abs(np.sum(a)) + abs(np.sum(b)), 1e-12)\n",
                    hint="norms of the whole arrays"),
            Mistake("norm along axis 0: an array of column errors instead of one number",
                    source="def relative_error(a, b):\n"
                           "    return np.linalg.norm(a - b, axis=0) / np.maximum(\n"
                           "        np.linalg.norm(a, axis=0) + np.linalg.norm(b, axis=0), 1e-12)\n",
                    hint="wrong shape"),
        ],
        alternatives=[
            "def relative_error(a, b):\n"
            "    diff = np.sqrt(np.sum((a - b) ** 2))\n"
            "    return diff / max(np.sqrt(np.sum(a ** 2)) + np.sqrt(np.sum(b ** 2)), 1e-12)\n",
            # a loop over the flattened entries with the math module
            "import math\n\n"
            "def relative_error(a, b):\n"
            "    sa = sb = sd = 0.0\n"
            "    for u, v in zip(np.ravel(a), np.ravel(b)):\n"
            "        sa, sb, sd = sa + float(u) ** 2, sb + float(v) ** 2, sd + (float(u) - float(v)) ** 2\n"
            "    return math.sqrt(sd) / max(math.sqrt(sa) + math.sqrt(sb), 1e-12)\n",
            # no explicit max: divides and lets 0/0 warn, then replaces the NaN
            "def relative_error(a, b):\n"
            "    value = np.linalg.norm(a - b) / np.float64(np.linalg.norm(a) + np.linalg.norm(b))\n"
            "    return 0.0 if np.isnan(value) else float(value)\n",
        ],
    ),
    Exercise(
        answer="dense_backward",
        tests=["dense_backward_visible", "dense_backward_hidden"],
        mistakes=[
            Mistake("dW = dout.T @ x: the transpose of the right answer",
                    source="def dense_backward(dout, cache):\n    X, W = cache\n"
                           "    return dout @ W.T, dout.T @ X, dout.sum(axis=0)\n",
                    hint="transpose"),
            Mistake("dW = x @ dout.T: factors in the wrong order",
                    source="def dense_backward(dout, cache):\n    X, W = cache\n"
                           "    return dout @ W.T, X @ dout.T, dout.sum(axis=0)\n",
                    hint="dW = X.T @ dout"),
            Mistake("db not summed over the batch",
                    source="def dense_backward(dout, cache):\n    X, W = cache\n"
                           "    return dout @ W.T, X.T @ dout, dout\n",
                    hint="a sum over the batch"),
            Mistake("db averaged over the batch instead of summed",
                    source="def dense_backward(dout, cache):\n    X, W = cache\n"
                           "    return dout @ W.T, X.T @ dout, dout.mean(axis=0)\n",
                    hint="batch size"),
            Mistake("db summed over the wrong axis",
                    source="def dense_backward(dout, cache):\n    X, W = cache\n"
                           "    return dout @ W.T, X.T @ dout, dout.sum(axis=1)\n",
                    hint="a sum over the batch"),
            Mistake("dX = dout @ W without the transpose",
                    source="def dense_backward(dout, cache):\n    X, W = cache\n"
                           "    return dout @ W, X.T @ dout, dout.sum(axis=0)\n",
                    hint="dX = dout @ W.T"),
            Mistake("dW averaged over the batch",
                    source="def dense_backward(dout, cache):\n    X, W = cache\n"
                           "    return dout @ W.T, X.T @ dout / X.shape[0], dout.sum(axis=0)\n",
                    hint="batch size"),
        ],
        alternatives=[
            "def dense_backward(dout, cache):\n    X, W = cache\n"
            "    return np.dot(dout, W.T), np.dot(X.T, dout), np.sum(dout, axis=0)\n",
            "def dense_backward(dout, cache):\n    X, W = cache\n"
            "    dX = np.einsum('nm,dm->nd', dout, W)\n"
            "    dW = np.einsum('nd,nm->dm', X, dout)\n"
            "    return dX, dW, np.einsum('nm->m', dout)\n",
            # one sample at a time: outer products summed over the batch
            "def dense_backward(dout, cache):\n    X, W = cache\n"
            "    dW = np.zeros(W.shape)\n"
            "    db = np.zeros(W.shape[1])\n"
            "    for n in range(X.shape[0]):\n"
            "        dW += np.outer(X[n], dout[n])\n"
            "        db += dout[n]\n"
            "    return dout @ W.T, dW, db\n",
            # (dout.T @ X).T: the transpose of the transpose
            "def dense_backward(dout, cache):\n    X, W = cache\n"
            "    return (W @ dout.T).T, (dout.T @ X).T, dout.T.sum(axis=1)\n",
        ],
    ),
    Exercise(
        answer="relu_backward",
        tests=["relu_backward_visible", "relu_backward_hidden"],
        mistakes=[
            Mistake("mask out >= 0: true everywhere, so nothing is masked",
                    source="def relu_backward(dout, cache):\n    out = np.maximum(cache, 0)\n"
                           "    return dout * (out >= 0)\n",
                    hint="masks nothing"),
            Mistake("mask x >= 0: passes the gradient at the kink x = 0",
                    source="def relu_backward(dout, cache):\n    return dout * (cache >= 0)\n",
                    hint="not x >= 0"),
            Mistake("mask taken from the upstream gradient",
                    source="def relu_backward(dout, cache):\n    return dout * (dout > 0)\n",
                    hint="not from dout"),
            Mistake("np.maximum(dout, 0): applies the ReLU to the gradient",
                    source="def relu_backward(dout, cache):\n    return np.maximum(dout, 0)\n",
                    hint="mask from the forward input x"),
            Mistake("returns the mask without multiplying by dout",
                    source="def relu_backward(dout, cache):\n    return (cache > 0).astype(float)\n",
                    hint="multiply the upstream gradient"),
            Mistake("zeroes the gradient in place",
                    source="def relu_backward(dout, cache):\n    dout[cache <= 0] = 0\n    return dout\n",
                    hint="in place"),
        ],
        alternatives=[
            # the mask from the output: out > 0 exactly where x > 0, so this is right
            "def relu_backward(dout, cache):\n    out = np.maximum(cache, 0)\n    return dout * (out > 0)\n",
            "def relu_backward(dout, cache):\n    return np.where(cache > 0, dout, 0.0)\n",
            "def relu_backward(dout, cache):\n    return dout * np.heaviside(cache, 0.0)\n",
            "def relu_backward(dout, cache):\n    dx = dout.copy()\n    dx[cache <= 0] = 0\n    return dx\n",
        ],
    ),
    Exercise(
        answer="sigmoid_backward",
        tests=["sigmoid_backward_visible", "sigmoid_backward_hidden"],
        mistakes=[
            Mistake("applies the sigmoid again to the cached output",
                    source="def sigmoid_backward(dout, cache):\n    s = 1 / (1 + np.exp(-cache))\n"
                           "    return dout * s * (1 - s)\n",
                    hint="do not apply σ again"),
            Mistake("forgets the upstream gradient",
                    source="def sigmoid_backward(dout, cache):\n    return cache * (1 - cache)\n",
                    hint="multiply by the upstream gradient"),
            Mistake("uses tanh's derivative 1 − out²",
                    source="def sigmoid_backward(dout, cache):\n    return dout * (1 - cache ** 2)\n",
                    hint="tanh′ = 1 − out² is a different function"),
            Mistake("multiplies by out only",
                    source="def sigmoid_backward(dout, cache):\n    return dout * cache\n",
                    hint="dx = dout * out * (1 − out)"),
            Mistake("writes the result into dout",
                    source="def sigmoid_backward(dout, cache):\n    dout *= cache * (1 - cache)\n    return dout\n",
                    hint="in place"),
        ],
        alternatives=[
            "def sigmoid_backward(dout, cache):\n    return dout * (cache - cache ** 2)\n",
            "def sigmoid_backward(dout, cache):\n    return np.multiply(dout, np.multiply(cache, 1.0 - cache))\n",
            "def sigmoid_backward(dout, cache):\n"
            "    out = np.asarray(cache)\n"
            "    dx = np.empty(out.shape, dtype=np.result_type(dout, out))\n"
            "    for i in np.ndindex(out.shape):\n"
            "        dx[i] = dout[i] * out[i] * (1 - out[i])\n"
            "    return dx\n",
        ],
    ),
    Exercise(
        answer="softmax_cross_entropy",
        tests=["softmax_cross_entropy_visible", "softmax_cross_entropy_hidden"],
        mistakes=[
            Mistake("forgets the 1/N of the mean in the gradient",
                    source="def softmax_cross_entropy(logits, y):\n"
                           "    N = logits.shape[0]\n"
                           "    shifted = logits - logits.max(axis=1, keepdims=True)\n"
                           "    log_probs = shifted - np.log(np.exp(shifted).sum(axis=1, keepdims=True))\n"
                           "    dlogits = np.exp(log_probs)\n"
                           "    dlogits[np.arange(N), y] -= 1\n"
                           "    return -np.mean(log_probs[np.arange(N), y]), dlogits\n",
                    hint="times too large"),
            Mistake("no max shift: exp(1000) overflows",
                    source="def softmax_cross_entropy(logits, y):\n"
                           "    N = logits.shape[0]\n"
                           "    P = np.exp(logits) / np.exp(logits).sum(axis=1, keepdims=True)\n"
                           "    loss = -np.mean(np.log(P[np.arange(N), y]))\n"
                           "    dlogits = P.copy()\n"
                           "    dlogits[np.arange(N), y] -= 1\n"
                           "    return loss, dlogits / N\n",
                    hint="numerically stable"),
            Mistake("returns P / N: forgets to subtract the one-hot label",
                    source="def softmax_cross_entropy(logits, y):\n"
                           "    N = logits.shape[0]\n"
                           "    shifted = logits - logits.max(axis=1, keepdims=True)\n"
                           "    log_probs = shifted - np.log(np.exp(shifted).sum(axis=1, keepdims=True))\n"
                           "    return -np.mean(log_probs[np.arange(N), y]), np.exp(log_probs) / N\n",
                    hint="dlogits = (P − onehot(y)) / N"),
            Mistake("wrong sign: (Y − P) / N",
                    source="def softmax_cross_entropy(logits, y):\n"
                           "    N = logits.shape[0]\n"
                           "    shifted = logits - logits.max(axis=1, keepdims=True)\n"
                           "    log_probs = shifted - np.log(np.exp(shifted).sum(axis=1, keepdims=True))\n"
                           "    Y = np.eye(logits.shape[1])[y]\n"
                           "    return -np.mean(log_probs[np.arange(N), y]), (Y - np.exp(log_probs)) / N\n",
                    hint="wrong sign"),
            Mistake("the loss summed over the batch instead of averaged",
                    source="def softmax_cross_entropy(logits, y):\n"
                           "    N = logits.shape[0]\n"
                           "    shifted = logits - logits.max(axis=1, keepdims=True)\n"
                           "    log_probs = shifted - np.log(np.exp(shifted).sum(axis=1, keepdims=True))\n"
                           "    Y = np.eye(logits.shape[1])[y]\n"
                           "    return -np.sum(log_probs[np.arange(N), y]), (np.exp(log_probs) - Y) / N\n",
                    hint="times too large"),
            Mistake("the one-hot subtraction written into every column of the row (y as a slice)",
                    source="def softmax_cross_entropy(logits, y):\n"
                           "    N = logits.shape[0]\n"
                           "    shifted = logits - logits.max(axis=1, keepdims=True)\n"
                           "    log_probs = shifted - np.log(np.exp(shifted).sum(axis=1, keepdims=True))\n"
                           "    dlogits = np.exp(log_probs)\n"
                           "    dlogits[:, y] -= 1\n"
                           "    return -np.mean(log_probs[np.arange(N), y]), dlogits / N\n",
                    hint="dlogits = (P − onehot(y)) / N"),
        ],
        alternatives=[
            # one-hot matrix and a logsumexp through np.logaddexp.reduce
            "def softmax_cross_entropy(logits, y):\n"
            "    N, C = logits.shape\n"
            "    lse = np.logaddexp.reduce(logits, axis=1, keepdims=True)\n"
            "    log_probs = logits - lse\n"
            "    Y = np.eye(C)[y]\n"
            "    return float(-np.sum(Y * log_probs) / N), (np.exp(log_probs) - Y) / N\n",
            # a loop over the samples
            "def softmax_cross_entropy(logits, y):\n"
            "    N = logits.shape[0]\n"
            "    loss, dlogits = 0.0, np.zeros(logits.shape, dtype=logits.dtype)\n"
            "    for n in range(N):\n"
            "        z = logits[n] - logits[n].max()\n"
            "        p = np.exp(z) / np.exp(z).sum()\n"
            "        loss += np.log(np.exp(z).sum()) - z[y[n]]\n"
            "        dlogits[n] = p\n"
            "        dlogits[n, y[n]] -= 1\n"
            "    return loss / N, dlogits / N\n",
            # probabilities and log-probabilities from one shared max shift and sum
            "def softmax_cross_entropy(logits, y):\n"
            "    N = len(y)\n"
            "    m = np.max(logits, axis=1, keepdims=True)\n"
            "    e = np.exp(logits - m)\n"
            "    s = e.sum(axis=1, keepdims=True)\n"
            "    P = e / s\n"
            "    picked = (logits - m - np.log(s))[np.arange(N), y]\n"
            "    G = P.copy()\n"
            "    G[np.arange(N), y] = G[np.arange(N), y] - 1\n"
            "    return -picked.mean(), G * (1.0 / N)\n",
        ],
    ),
    Exercise(
        answer="mlp_backward",
        tests=["mlp_backward_visible", "mlp_backward_hidden"],
        mistakes=[
            Mistake("skips the ReLU's backward",
                    source="def mlp_backward(dlogits, caches):\n"
                           "    dense1_cache, relu_cache, dense2_cache = caches\n"
                           "    dh1, dW2, db2 = dense_backward(dlogits, dense2_cache)\n"
                           "    _, dW1, db1 = dense_backward(dh1, dense1_cache)\n"
                           "    return {'W1': dW1, 'b1': db1, 'W2': dW2, 'b2': db2}\n",
                    hint="skipped the ReLU"),
            Mistake("uses the caches in the forward order: dense 1's cache for the last layer",
                    source="def mlp_backward(dlogits, caches):\n"
                           "    dense1_cache, relu_cache, dense2_cache = caches\n"
                           "    dh1, dW2, db2 = dense_backward(dlogits, dense1_cache)\n"
                           "    dz1 = relu_backward(dh1, relu_cache)\n"
                           "    _, dW1, db1 = dense_backward(dz1, dense2_cache)\n"
                           "    return {'W1': dW1, 'b1': db1, 'W2': dW2, 'b2': db2}\n",
                    hint="dense_backward(dlogits, dense2_cache)"),
            Mistake("feeds dlogits to the first layer instead of the gradient that flowed back",
                    source="def mlp_backward(dlogits, caches):\n"
                           "    dense1_cache, relu_cache, dense2_cache = caches\n"
                           "    _, dW2, db2 = dense_backward(dlogits, dense2_cache)\n"
                           "    _, dW1, db1 = dense_backward(dlogits, dense1_cache)\n"
                           "    return {'W1': dW1, 'b1': db1, 'W2': dW2, 'b2': db2}\n",
                    hint="go backwards"),
            Mistake("returns the gradients as a tuple instead of a dict",
                    source="def mlp_backward(dlogits, caches):\n"
                           "    dense1_cache, relu_cache, dense2_cache = caches\n"
                           "    dh1, dW2, db2 = dense_backward(dlogits, dense2_cache)\n"
                           "    dz1 = relu_backward(dh1, relu_cache)\n"
                           "    _, dW1, db1 = dense_backward(dz1, dense1_cache)\n"
                           "    return dW1, db1, dW2, db2\n",
                    hint='return {"W1": dW1'),
            Mistake("swaps the names of the two layers' gradients",
                    source="def mlp_backward(dlogits, caches):\n"
                           "    dense1_cache, relu_cache, dense2_cache = caches\n"
                           "    dh1, dW2, db2 = dense_backward(dlogits, dense2_cache)\n"
                           "    dz1 = relu_backward(dh1, relu_cache)\n"
                           "    _, dW1, db1 = dense_backward(dz1, dense1_cache)\n"
                           "    return {'W1': dW2, 'b1': db2, 'W2': dW1, 'b2': db1}\n",
                    hint="wrong shape"),
            Mistake("dh1 by hand without the transpose of W2",
                    source="def mlp_backward(dlogits, caches):\n"
                           "    dense1_cache, relu_cache, dense2_cache = caches\n"
                           "    h1, W2 = dense2_cache\n"
                           "    dh1, dW2, db2 = dlogits @ W2, h1.T @ dlogits, dlogits.sum(axis=0)\n"
                           "    dz1 = relu_backward(dh1, relu_cache)\n"
                           "    _, dW1, db1 = dense_backward(dz1, dense1_cache)\n"
                           "    return {'W1': dW1, 'b1': db1, 'W2': dW2, 'b2': db2}\n",
                    hint="relu_backward(dh1, relu_cache)"),
        ],
        alternatives=[
            # the ReLU mask from h1 (dense 2's input) instead of z1: the same mask
            "def mlp_backward(dlogits, caches):\n"
            "    dense1_cache, relu_cache, dense2_cache = caches\n"
            "    h1, W2 = dense2_cache\n"
            "    dh1, dW2, db2 = dense_backward(dlogits, dense2_cache)\n"
            "    _, dW1, db1 = dense_backward(relu_backward(dh1, h1), dense1_cache)\n"
            "    return {'W1': dW1, 'b1': db1, 'W2': dW2, 'b2': db2}\n",
            # written out without the helper functions
            "def mlp_backward(dlogits, caches):\n"
            "    (X, W1), z1, (h1, W2) = caches\n"
            "    dz1 = (dlogits @ W2.T) * (z1 > 0)\n"
            "    return {'W2': h1.T @ dlogits, 'b2': dlogits.sum(axis=0), 'W1': X.T @ dz1, 'b1': dz1.sum(axis=0)}\n",
            # a loop over the layers, last first
            "def mlp_backward(dlogits, caches):\n"
            "    grads, d = {}, dlogits\n"
            "    for layer, cache in ((2, caches[2]), ('relu', caches[1]), (1, caches[0])):\n"
            "        if layer == 'relu':\n"
            "            d = relu_backward(d, cache)\n"
            "        else:\n"
            "            d, grads[f'W{layer}'], grads[f'b{layer}'] = dense_backward(d, cache)\n"
            "    return grads\n",
        ],
    ),
    Exercise(
        answer="two_layer_regression",
        tests=["two_layer_regression_visible", "two_layer_regression_hidden"],
        mistakes=[],
        alternatives=[],
    ),
]


def regression(dy_hat="2 * (y_hat - y) / N", dz1="dh1 * (1 - h1 ** 2)", dW2="h1.T @ dy_hat",
               db2="dy_hat.sum(axis=0)", dW1="X.T @ dz1", db1="dz1.sum(axis=0)"):
    """The bug hunt's function with some lines replaced (the defaults are the fixed version)."""
    return ("def two_layer_regression(X, y, params):\n"
            "    W1, b1, W2, b2 = params['W1'], params['b1'], params['W2'], params['b2']\n"
            "    N = X.shape[0]\n"
            "    z1 = X @ W1 + b1\n"
            "    h1 = np.tanh(z1)\n"
            "    y_hat = h1 @ W2 + b2\n"
            "    loss = np.mean((y_hat - y) ** 2)\n"
            f"    dy_hat = {dy_hat}\n"
            f"    dW2 = {dW2}\n"
            f"    db2 = {db2}\n"
            "    dh1 = dy_hat @ W2.T\n"
            f"    dz1 = {dz1}\n"
            f"    dW1 = {dW1}\n"
            f"    db1 = {db1}\n"
            "    return loss, {'W1': dW1, 'b1': db1, 'W2': dW2, 'b2': db2}\n")


EXERCISES[-1].mistakes = [
    Mistake("hands in the buggy version unchanged",
            source=regression(dy_hat="2 * (y_hat - y)", dz1="dh1 * (1 - z1 ** 2)"),
            hint="a constant ratio means a missing or extra factor"),
    Mistake("fixes the 1/N but keeps tanh′ written with z1",
            source=regression(dz1="dh1 * (1 - z1 ** 2)"), hint="1 − h1²"),
    Mistake("fixes tanh′ but keeps the missing 1/N",
            source=regression(dy_hat="2 * (y_hat - y)"), hint="mean over the N samples"),
    Mistake("divides dW2 and db2 by N but not dy_hat, so layer 1 is still N times too large",
            source=regression(dy_hat="2 * (y_hat - y)", dW2="h1.T @ dy_hat / N", db2="dy_hat.sum(axis=0) / N"),
            hint="1 − h1²"),
    Mistake("'fixes' tanh′ by applying tanh to h1 once more",
            source=regression(dz1="dh1 * (1 - np.tanh(h1) ** 2)"), hint="1 − h1²"),
    Mistake("divides by N twice (in dy_hat and again in the weight gradients)",
            source=regression(dW2="h1.T @ dy_hat / N", dW1="X.T @ dz1 / N"), hint="too small"),
]
EXERCISES[-1].alternatives = [
    regression(dz1="dh1 * (1 - np.tanh(z1) ** 2)"),
    regression(dy_hat="2 / len(X) * (y_hat - y)", dz1="dh1 / np.cosh(z1) ** 2"),
    # the mean over y_hat.size, which is N for a (N, 1) output
    regression(dy_hat="2 * (y_hat - y) / y_hat.size", dz1="dh1 * (1 + h1) * (1 - h1)"),
]


def functions_cell(tanh="self.grad += (1 - out.data ** 2) * out.grad",
                   exp="self.grad += out.data * out.grad",
                   power=("    if isinstance(exponent, Value):\n"
                          "        raise TypeError(\"the exponent must be a number, not a Value\")\n"
                          "    out = Value(self.data ** exponent, (self,), f\"**{exponent}\")\n\n"
                          "    def _backward():\n"
                          "        self.grad += exponent * self.data ** (exponent - 1) * out.grad\n"
                          "    out._backward = _backward\n"
                          "    return out\n")):
    """The exercise-3 cell with the given closure bodies of tanh and exp (one line each) and body of power."""
    return ("def tanh(self):\n"
            "    out = Value(math.tanh(self.data), (self,), \"tanh\")\n\n"
            "    def _backward():\n"
            f"        {tanh}\n"
            "    out._backward = _backward\n"
            "    return out\n\n\n"
            "def exp(self):\n"
            "    out = Value(math.exp(self.data), (self,), \"exp\")\n\n"
            "    def _backward():\n"
            f"        {exp}\n"
            "    out._backward = _backward\n"
            "    return out\n\n\n"
            "def power(self, exponent):\n"
            f"{power}\n"
            + _given_end_of_functions_cell())


def _given_end_of_functions_cell():
    """The given code after the last answer region of exercise 3's cell (-v, a - b, and the attaching of the
    functions to the class once they agree with the given ones), read from the source notebook."""
    from tests.notebooks.lessons import load, source_of, source_path
    cell = next(c for c in load(source_path(LESSON))["cells"] if c["id"] == "Value_functions")
    return source_of(cell).split("### END SOLUTION\n")[-1]


def _power(backward_line, check="    if isinstance(exponent, Value):\n        raise TypeError(\"exponent\")\n"):
    return (check + "    out = Value(self.data ** exponent, (self,), \"**\")\n\n"
            "    def _backward():\n"
            f"        {backward_line}\n"
            "    out._backward = _backward\n"
            "    return out\n")


def mlp_cell(neuron_call="z = self.b\n        for w_i, x_i in zip(self.w, x):\n            z = z + w_i * x_i\n"
                         "        return z if self.linear else z.tanh()",
             neuron_init="self.w = [Value(rng.uniform(-1, 1)) for _ in range(n_inputs)]\n"
                         "        self.b = Value(0.0)\n        self.linear = linear",
             neuron_parameters="return self.w + [self.b]",
             mlp_init="last = len(sizes) - 2\n"
                      "        self.layers = [Layer(sizes[k], sizes[k + 1], rng, linear=(k == last))\n"
                      "                       for k in range(len(sizes) - 1)]",
             zero_grad="for p in self.parameters():\n            p.grad = 0.0"):
    """The exercise-4 cell with some method bodies replaced (indented 8 spaces after their first line)."""
    return (f"class Neuron:\n"
            f"    def __init__(self, n_inputs, rng, linear=False):\n        {neuron_init}\n\n"
            f"    def __call__(self, x):\n        {neuron_call}\n\n"
            f"    def parameters(self):\n        {neuron_parameters}\n\n\n"
            f"class Layer:\n"
            f"    def __init__(self, n_inputs, n_outputs, rng, linear=False):\n"
            f"        self.neurons = [Neuron(n_inputs, rng, linear) for _ in range(n_outputs)]\n\n"
            f"    def __call__(self, x):\n        return [neuron(x) for neuron in self.neurons]\n\n"
            f"    def parameters(self):\n"
            f"        return [p for neuron in self.neurons for p in neuron.parameters()]\n\n\n"
            f"class MLP:\n"
            f"    def __init__(self, sizes, rng):\n        {mlp_init}\n\n"
            f"    def __call__(self, x):\n"
            f"        for layer in self.layers:\n            x = layer(x)\n        return x\n\n"
            f"    def parameters(self):\n        return [p for layer in self.layers for p in layer.parameters()]\n\n"
            f"    def zero_grad(self):\n        {zero_grad}\n")


def train_cell(loss="loss = loss * (1.0 / len(X))", order="mlp.zero_grad()\n        loss.backward()",
               update="p.data -= learning_rate * p.grad"):
    """The exercise-5 answer with the mean, the zero_grad/backward order and the update replaced."""
    return ("def train_value_mlp(mlp, X, y, steps, learning_rate):\n"
            "    losses = []\n"
            "    for _ in range(steps):\n"
            "        loss = Value(0.0)\n"
            "        for x_n, y_n in zip(X, y):\n"
            "            error = mlp([float(v) for v in x_n])[0] - float(y_n)\n"
            "            loss = loss + error * error\n"
            f"        {loss}\n"
            "        losses.append(loss.data)\n"
            f"        {order}\n"
            "        for p in mlp.parameters():\n"
            f"            {update}\n"
            "    return losses\n")


EXERCISES += [
    Exercise(
        answer="Value_functions",
        tests=["Value_functions_visible", "Value_functions_hidden"],
        mistakes=[
            Mistake("tanh' written with the input: 1 − x² instead of 1 − tanh² x",
                    source=functions_cell(tanh="self.grad += (1 - self.data ** 2) * out.grad"),
                    hint="1 − tanh²"),
            Mistake("tanh' as 1 + tanh²",
                    source=functions_cell(tanh="self.grad += (1 + out.data ** 2) * out.grad"),
                    hint="1 − tanh²"),
            Mistake("exp's closure forgets the upstream gradient",
                    source=functions_cell(exp="self.grad += out.data"),
                    hint="self.grad += out.data * out.grad"),
            Mistake("exp's closure assigns instead of adding",
                    source=functions_cell(exp="self.grad = out.data * out.grad"),
                    hint="self.grad += out.data * out.grad"),
            Mistake("power's derivative k x^k instead of k x^(k − 1)",
                    source=functions_cell(power=_power("self.grad += exponent * self.data ** exponent * out.grad")),
                    hint="exponent - 1"),
            Mistake("power's derivative without the factor k",
                    source=functions_cell(power=_power("self.grad += self.data ** (exponent - 1) * out.grad")),
                    hint="exponent * self.data ** (exponent - 1)"),
            Mistake("a Value exponent silently used through .data: its own gradient is lost",
                    source=functions_cell(power=_power(
                        "self.grad += exponent * self.data ** (exponent - 1) * out.grad",
                        check="    exponent = exponent.data if isinstance(exponent, Value) else exponent\n")),
                    hint="raise TypeError"),
            Mistake("leaves the closures unwritten",
                    source=functions_cell(tanh="raise NotImplementedError()", exp="raise NotImplementedError()"),
                    hint="NotImplementedError"),
        ],
        alternatives=[
            # the local derivatives computed in float32, then added as Python floats
            functions_cell(tanh="self.grad += float(1 - np.float32(out.data) ** 2) * out.grad",
                           exp="self.grad += float(np.float32(out.data)) * out.grad",
                           power=_power("self.grad += float(np.float32(exponent) * np.float32(self.data) "
                                        "** np.float32(exponent - 1)) * out.grad")),
            # the derivative through cosh, and exp recomputed from the input
            functions_cell(tanh="self.grad += out.grad / math.cosh(self.data) ** 2",
                           exp="self.grad += math.exp(self.data) * out.grad"),
            # tanh' = (1 − t)(1 + t); the exponent checked with numbers.Real, so a Value is refused too
            functions_cell(tanh="self.grad = self.grad + (1 - out.data) * (1 + out.data) * out.grad",
                           power=_power("self.grad += exponent * self.data ** (exponent - 1) * out.grad",
                                        check="    import numbers\n"
                                              "    if not isinstance(exponent, numbers.Real):\n"
                                              "        raise TypeError(f'exponent {exponent!r} is not a number')\n")),
        ],
    ),
    Exercise(
        answer="value_mlp",
        tests=["value_mlp_visible", "value_mlp_hidden"],
        mistakes=[
            Mistake("tanh on the last layer too",
                    source=mlp_cell(mlp_init="self.layers = [Layer(sizes[k], sizes[k + 1], rng)\n"
                                             "                       for k in range(len(sizes) - 1)]"),
                    hint="no tanh in the last layer"),
            Mistake("the bias left out of the sum",
                    source=mlp_cell(neuron_call="z = Value(0.0)\n        for w_i, x_i in zip(self.w, x):\n"
                                                "            z = z + w_i * x_i\n"
                                                "        return z if self.linear else z.tanh()"),
                    hint="tanh(Σ_i w_i x_i + b)"),
            Mistake("the sum built from .data: a number, so backward never reaches the weights",
                    source=mlp_cell(neuron_call="z = self.b.data + sum(w_i.data * getattr(x_i, 'data', x_i) "
                                                "for w_i, x_i in zip(self.w, x))\n"
                                                "        return Value(z) if self.linear else Value(z).tanh()"),
                    hint="never from .data"),
            Mistake("parameters forget the bias",
                    source=mlp_cell(neuron_parameters="return list(self.w)"),
                    hint="every weight and every bias once"),
            Mistake("zero_grad does nothing",
                    source=mlp_cell(zero_grad="pass"),
                    hint="reset the grad of every parameter"),
            Mistake("one weight shared by all inputs of a neuron",
                    source=mlp_cell(neuron_init="shared = Value(rng.uniform(-1, 1))\n"
                                                "        self.w = [shared] * n_inputs\n"
                                                "        self.b = Value(0.0)\n        self.linear = linear"),
                    hint="parameters() should list"),
            Mistake("weights drawn from a normal distribution, biases random too",
                    source=mlp_cell(neuron_init="self.w = [Value(rng.standard_normal()) for _ in range(n_inputs)]\n"
                                                "        self.b = Value(rng.standard_normal())\n"
                                                "        self.linear = linear"),
                    hint="rng.uniform(-1, 1)"),
        ],
        alternatives=[
            # the weighted sum with Python's sum and a start value
            mlp_cell(neuron_call="z = sum((w_i * x_i for w_i, x_i in zip(self.w, x)), self.b)\n"
                                 "        return z if self.linear else z.tanh()"),
            # a loop that builds the layers, the bias added last
            mlp_cell(neuron_call="z = self.w[0] * x[0]\n        for i in range(1, len(self.w)):\n"
                                 "            z = z + self.w[i] * x[i]\n        z = z + self.b\n"
                                 "        return z if self.linear else z.tanh()",
                     mlp_init="self.layers = []\n        for k in range(len(sizes) - 1):\n"
                              "            self.layers.append(Layer(sizes[k], sizes[k + 1], rng, "
                              "linear=k == len(sizes) - 2))"),
            # tanh written with exp, zero_grad through the layers
            mlp_cell(neuron_call="z = self.b\n        for w_i, x_i in zip(self.w, x):\n"
                                 "            z = z + w_i * x_i\n"
                                 "        if self.linear:\n            return z\n"
                                 "        e = (z * 2.0).exp()\n        return (e - 1.0) * (e + 1.0) ** -1",
                     zero_grad="for layer in self.layers:\n            for p in layer.parameters():\n"
                               "                p.grad = 0"),
        ],
    ),
    Exercise(
        answer="train_value_mlp",
        tests=["train_value_mlp_visible", "train_value_mlp_hidden"],
        mistakes=[
            Mistake("never calls zero_grad: the gradients accumulate over the steps",
                    source=train_cell(order="loss.backward()"),
                    hint="call mlp.zero_grad() before each backward"),
            Mistake("zero_grad after backward wipes the gradients before the update",
                    source=train_cell(order="loss.backward()\n        mlp.zero_grad()"),
                    hint="the parameters did not change"),
            Mistake("climbs the loss: adds the gradient",
                    source=train_cell(update="p.data += learning_rate * p.grad"),
                    hint="sign"),
            Mistake("the sum of squared errors instead of their mean",
                    source=train_cell(loss="pass"),
                    hint="mean over the N samples"),
            Mistake("rebinds p instead of updating p.data",
                    source=train_cell(update="p = p - learning_rate * p.grad"),
                    hint="the parameters did not change"),
            Mistake("returns the Values of the losses, not floats",
                    source=train_cell().replace("losses.append(loss.data)", "losses.append(loss)"),
                    hint="a list of 1 loss (a float)"),
        ],
        alternatives=[
            # the loss as a sum of squares through ** and a division by N, zero_grad by hand
            "def train_value_mlp(mlp, X, y, steps, learning_rate):\n"
            "    history = []\n"
            "    for step in range(steps):\n"
            "        errors = [(mlp(list(x_n))[0] - y_n) ** 2 for x_n, y_n in zip(X, y)]\n"
            "        loss = sum(errors, Value(0.0)) * (1 / len(X))\n"
            "        for p in mlp.parameters():\n"
            "            p.grad = 0.0\n"
            "        loss.backward()\n"
            "        for p in mlp.parameters():\n"
            "            p.data = p.data - learning_rate * p.grad\n"
            "        history.append(float(loss.data))\n"
            "    return history\n",
            # numpy float32 targets and inputs converted once, a progress print
            "def train_value_mlp(mlp, X, y, steps, learning_rate):\n"
            "    rows = [[float(v) for v in x_n] for x_n in X]\n"
            "    targets = [float(t) for t in y]\n"
            "    losses = []\n"
            "    for step in range(steps):\n"
            "        loss = Value(0.0)\n"
            "        for row, target in zip(rows, targets):\n"
            "            loss = loss + (mlp(row)[0] - target) ** 2\n"
            "        loss = loss * (1.0 / len(rows))\n"
            "        mlp.zero_grad()\n"
            "        loss.backward()\n"
            "        parameters = mlp.parameters()\n"
            "        for p in parameters:\n"
            "            p.data -= learning_rate * p.grad\n"
            "        losses.append(loss.data)\n"
            "        if step % 20 == 0:\n"
            "            print(f'step {step}: loss {loss.data:.4f}')\n"
            "    return losses\n",
            # the mean written as a division (Value has /, given in exercise 3's cell, as in micrograd)
            train_cell(loss="loss = loss / X.shape[0]"),
            # the mean written as a division through ** −1
            train_cell(loss="loss = loss * Value(float(len(X))) ** -1"),
        ],
    ),
]

# Issue #14: at least 8 real mistakes and 4 other correct answers per exercise, among them a loop, a float32 version,
# an answer that prints or shows a progress bar (tqdm writes to stderr), and one built on another library function.
_BY_ANSWER = {exercise.answer: exercise for exercise in EXERCISES}
_BY_ANSWER["Value"].mistakes += [
    Mistake("adds the product's value to the gradients: the local derivatives of a sum",
            source=value_class("            self.grad += out.grad\n            other.grad += out.grad\n"),
            hint="the OTHER input's value"),
    Mistake("divides by the upstream gradient instead of multiplying",
            source=value_class("            self.grad += other.data / out.grad\n"
                               "            other.grad += self.data / out.grad\n"),
            hint="multiply the local derivative by the upstream gradient"),
]
_BY_ANSWER["Value"].alternatives += [
    value_class("            print('backward of', self.data, '*', other.data)\n"
                "            self.grad = self.grad + out.grad * other.data\n"
                "            other.grad = other.grad + out.grad * self.data\n"),
]
_BY_ANSWER["backward"].mistakes += [
    Mistake("seeds the output with 0",
            source=backward_cell(_TOPO + "    self.grad = 0.0\n    for node in reversed(order):\n"
                                         "        node._backward()\n"),
            hint="self.grad = 1.0"),
    Mistake("seeds every node's gradient with 1 (instead of only the output's)",
            source=backward_cell(_TOPO + "    for node in order:\n        node.grad = 1.0\n"
                                         "    for node in reversed(order):\n        node._backward()\n"),
            hint="x.grad for L = exp(tanh(x))"),
]
_BY_ANSWER["backward"].alternatives += [
    # an explicit stack instead of recursion, with a progress bar over the closures
    backward_cell("    from tqdm import tqdm\n"
                  "    order, visited, stack = [], set(), [(self, False)]\n"
                  "    while stack:\n"
                  "        node, expanded = stack.pop()\n"
                  "        if expanded:\n"
                  "            order.append(node)\n"
                  "        elif node not in visited:\n"
                  "            visited.add(node)\n"
                  "            stack.append((node, True))\n"
                  "            stack.extend((child, False) for child in node._prev)\n"
                  "    self.grad = 1.0\n"
                  "    for node in tqdm(list(reversed(order))):\n"
                  "        node._backward()\n"),
]
_BY_ANSWER["relative_error"].mistakes += [
    Mistake("the absolute error ||a − b|| without dividing",
            source="def relative_error(a, b):\n    return float(np.linalg.norm(a - b))\n",
            hint="relative_error(a, b) of the example"),
    Mistake("divides by max(||a||, ||b||) instead of the sum",
            source="def relative_error(a, b):\n"
                   "    return float(np.linalg.norm(a - b) / max(np.linalg.norm(a), np.linalg.norm(b), 1e-12))\n",
            hint="expected 0.085308, got 0.160128"),
]
_BY_ANSWER["relative_error"].alternatives += [
    "from tqdm import tqdm\n"
    "import math\n\n"
    "def relative_error(a, b):\n"
    "    a, b = np.asarray(a, dtype=np.float64).ravel(), np.asarray(b, dtype=np.float64).ravel()\n"
    "    diff = norm_a = norm_b = 0.0\n"
    "    for x, y in tqdm(zip(a, b), total=a.size):\n"
    "        diff, norm_a, norm_b = diff + (x - y) ** 2, norm_a + x * x, norm_b + y * y\n"
    "    return math.sqrt(diff) / max(math.sqrt(norm_a) + math.sqrt(norm_b), 1e-12)\n",
]
_BY_ANSWER["dense_backward"].mistakes += [
    Mistake("returns (dW, dX, db): the first two swapped",
            source="def dense_backward(dout, cache):\n    X, W = cache\n"
                   "    return X.T @ dout, dout @ W.T, dout.sum(axis=0)\n",
            hint="wrong places"),
]
_BY_ANSWER["dense_backward"].alternatives += [
    "def dense_backward(dout, cache):\n    X, W = cache\n    print('dout', dout.shape)\n"
    "    return np.matmul(dout, W.T), np.tensordot(X, dout, axes=(0, 0)), np.add.reduce(dout, axis=0)\n",
]
_BY_ANSWER["relu_backward"].mistakes += [
    Mistake("the mask x < 0: lets the gradient through where the ReLU was off",
            source="def relu_backward(dout, cache):\n    x = cache\n    return dout * (x < 0)\n",
            hint="relu_backward(dout, x)"),
    Mistake("multiplies by x itself instead of its mask",
            source="def relu_backward(dout, cache):\n    x = cache\n    return dout * np.maximum(x, 0)\n",
            hint="relu_backward(dout, x)"),
]
_BY_ANSWER["relu_backward"].alternatives += [
    "from tqdm import tqdm\n\n"
    "def relu_backward(dout, cache):\n"
    "    x = cache\n"
    "    dx = np.zeros_like(dout)\n"
    "    for i in tqdm(list(np.ndindex(x.shape))):\n"
    "        dx[i] = dout[i] if x[i] > 0 else 0.0\n"
    "    return dx\n",
]
_BY_ANSWER["sigmoid_backward"].mistakes += [
    Mistake("out (1 + out): a sign slip in σ′",
            source="def sigmoid_backward(dout, cache):\n    out = cache\n    return dout * out * (1 + out)\n",
            hint="sigmoid_backward([1, 2], σ([0, 2]))"),
    Mistake("adds the upstream gradient instead of multiplying",
            source="def sigmoid_backward(dout, cache):\n    out = cache\n    return dout + out * (1 - out)\n",
            hint="sigmoid_backward([1, 2], σ([0, 2]))"),
    Mistake("works in float32 on float64 arrays",
            source="def sigmoid_backward(dout, cache):\n"
                   "    out = np.asarray(cache, dtype=np.float32)\n"
                   "    return (np.asarray(dout, dtype=np.float32) * out * (1 - out)).astype(np.float64)\n",
            hint="only float32 precision"),
]
_BY_ANSWER["sigmoid_backward"].alternatives += [
    "def sigmoid_backward(dout, cache):\n    out = cache\n    print('σ′ from the cache')\n"
    "    return np.multiply(dout, out - np.square(out))\n",
]
_BY_ANSWER["softmax_cross_entropy"].mistakes += [
    Mistake("returns (dlogits, loss): the two swapped",
            source="def softmax_cross_entropy(logits, y):\n"
                   "    shifted = logits - logits.max(axis=1, keepdims=True)\n"
                   "    log_probs = shifted - np.log(np.exp(shifted).sum(axis=1, keepdims=True))\n"
                   "    N = len(y)\n"
                   "    dlogits = np.exp(log_probs)\n"
                   "    dlogits[np.arange(N), y] -= 1\n"
                   "    return dlogits / N, -log_probs[np.arange(N), y].mean()\n",
            hint="loss holds the expected dlogits"),
    Mistake("the gradient of the loss of the first sample only",
            source="def softmax_cross_entropy(logits, y):\n"
                   "    shifted = logits - logits.max(axis=1, keepdims=True)\n"
                   "    log_probs = shifted - np.log(np.exp(shifted).sum(axis=1, keepdims=True))\n"
                   "    N = len(y)\n"
                   "    dlogits = np.exp(log_probs)\n"
                   "    dlogits[np.arange(N), y] -= 1\n"
                   "    dlogits[1:] = 0\n"
                   "    return -log_probs[np.arange(N), y].mean(), dlogits / N\n",
            hint="dlogits of softmax_cross_entropy"),
]
_BY_ANSWER["softmax_cross_entropy"].alternatives += [
    "from tqdm import tqdm\n\n"
    "def softmax_cross_entropy(logits, y):\n"
    "    N = len(y)\n"
    "    loss, dlogits = 0.0, np.zeros(logits.shape)\n"
    "    for n in tqdm(range(N)):\n"
    "        row = logits[n] - np.max(logits[n])\n"
    "        log_p = row - np.logaddexp.reduce(row)\n"
    "        loss -= log_p[y[n]] / N\n"
    "        dlogits[n] = np.exp(log_p) / N\n"
    "        dlogits[n, y[n]] -= 1 / N\n"
    "    return loss, dlogits\n",
]
_BY_ANSWER["mlp_backward"].mistakes += [
    Mistake("adds the two layers' weight gradients into one",
            source="def mlp_backward(dlogits, caches):\n"
                   "    dense1_cache, relu_cache, dense2_cache = caches\n"
                   "    dh1, dW2, db2 = dense_backward(dlogits, dense2_cache)\n"
                   "    dz1 = relu_backward(dh1, relu_cache)\n"
                   "    _, dW1, db1 = dense_backward(dz1, dense1_cache)\n"
                   "    return {'W1': dW1, 'b1': db1, 'W2': dW2, 'b2': db2 + db1.sum()}\n",
            hint="db2 of mlp_backward"),
    Mistake("returns dX of the first layer in place of dW1",
            source="def mlp_backward(dlogits, caches):\n"
                   "    dense1_cache, relu_cache, dense2_cache = caches\n"
                   "    dh1, dW2, db2 = dense_backward(dlogits, dense2_cache)\n"
                   "    dz1 = relu_backward(dh1, relu_cache)\n"
                   "    dX, dW1, db1 = dense_backward(dz1, dense1_cache)\n"
                   "    return {'W1': dX, 'b1': db1, 'W2': dW2, 'b2': db2}\n",
            hint="dW1 of mlp_backward"),
]
_BY_ANSWER["mlp_backward"].alternatives += [
    # the layers written out with numpy, a debug print
    "def mlp_backward(dlogits, caches):\n"
    "    (X, W1), z1, (h1, W2) = caches\n"
    "    print('dlogits', dlogits.shape)\n"
    "    dz1 = np.where(z1 > 0, dlogits @ W2.T, 0.0)\n"
    "    return {'W1': X.T @ dz1, 'b1': dz1.sum(axis=0), 'W2': h1.T @ dlogits, 'b2': dlogits.sum(axis=0)}\n",
]
_BY_ANSWER["two_layer_regression"].mistakes += [
    Mistake("fixes the 1/N but writes tanh′ as 1 − h1 (no square)",
            source=regression(dz1="dh1 * (1 - h1)"), hint="1 − h1²"),
    Mistake("fixes both lines but sums db1 over the wrong axis",
            source=regression(db1="dz1.sum(axis=1)"), hint="wrong shape"),
]
_BY_ANSWER["two_layer_regression"].alternatives += [
    regression(dy_hat="np.multiply(2.0, y_hat - y) / np.size(y)", dz1="dh1 * (1 - np.square(h1))"),
]
_BY_ANSWER["Value_functions"].alternatives += [
    functions_cell(tanh="self.grad += (1 - math.tanh(self.data) ** 2) * out.grad",
                   exp="self.grad += math.exp(self.data) * out.grad"),
]
_BY_ANSWER["value_mlp"].mistakes += [
    Mistake("every layer linear: tanh nowhere",
            source=mlp_cell(neuron_call="z = self.b\n        for w_i, x_i in zip(self.w, x):\n"
                                        "            z = z + w_i * x_i\n        return z"),
            hint="tanh(Σ_i w_i x_i + b) in every hidden neuron"),
]
_BY_ANSWER["value_mlp"].alternatives += [
    # sum() of the products, with a debug print of the sizes
    mlp_cell(neuron_call="z = sum((w_i * x_i for w_i, x_i in zip(self.w, x)), self.b)\n"
                         "        return z if self.linear else z.tanh()",
             mlp_init="print('sizes', sizes)\n"
                      "        self.layers = [Layer(n_in, n_out, rng, linear=(k == len(sizes) - 2))\n"
                      "                       for k, (n_in, n_out) in enumerate(zip(sizes[:-1], sizes[1:]))]"),
]
_BY_ANSWER["train_value_mlp"].mistakes += [
    Mistake("the loss rebuilt for each sample: only the last sample counts",
            source=train_cell().replace("            loss = loss + error * error\n",
                                        "            loss = Value(0.0) + error * error\n"),
            hint="the loss of the first step"),
    Mistake("one step per sample (stochastic) instead of one per pass",
            source="def train_value_mlp(mlp, X, y, steps, learning_rate):\n"
                   "    losses = []\n"
                   "    for _ in range(steps):\n"
                   "        total = 0.0\n"
                   "        for x_n, y_n in zip(X, y):\n"
                   "            error = mlp([float(v) for v in x_n])[0] - float(y_n)\n"
                   "            loss = error * error\n"
                   "            total += loss.data / len(X)\n"
                   "            mlp.zero_grad()\n"
                   "            loss.backward()\n"
                   "            for p in mlp.parameters():\n"
                   "                p.data -= learning_rate * p.grad\n"
                   "        losses.append(total)\n"
                   "    return losses\n",
            hint="the loss of the first step"),
]
_BY_ANSWER["train_value_mlp"].alternatives += [
    "from tqdm import tqdm\n\n"
    "def train_value_mlp(mlp, X, y, steps, learning_rate):\n"
    "    losses = []\n"
    "    for step in tqdm(range(steps)):\n"
    "        errors = [mlp(list(map(float, x_n)))[0] - float(y_n) for x_n, y_n in zip(X, y)]\n"
    "        loss = sum((e * e for e in errors), Value(0.0)) * (1 / len(errors))\n"
    "        mlp.zero_grad()\n"
    "        loss.backward()\n"
    "        for p in mlp.parameters():\n"
    "            p.data += -learning_rate * p.grad\n"
    "        losses.append(float(loss.data))\n"
    "        print(f'step {step}: {loss.data:.4f}')\n"
    "    return losses\n",
]
_BY_ANSWER["value_mlp"].mistakes += [
    Mistake("draws the weights from numpy's global generator, ignoring the rng it is given",
            source=mlp_cell(neuron_init="self.w = [Value(np.random.uniform(-1, 1)) for _ in range(n_inputs)]\n"
                                        "        self.b = Value(0.0)\n        self.linear = linear"),
            hint="draw every weight with the rng argument"),
]

# Answers written without reading the tests (issue #14, section 4): each correct one must pass, each wrong one
# must fail with the hint its message gives.
_BY_ANSWER['Value'].alternatives.append(  # written without reading the tests: += other.data * out.grad and self.data * out.grad
    'import math\n\nclass Value:\n    """A scalar that remembers how it was computed: data, grad = dL/d(this value), its inputs and a _backward."""\n\n    def __init__(self, data, _children=(), _op="", label=""):\n        self.data = float(data)\n        self.grad = 0.0\n        self._prev = tuple(_children)\n        self._op = _op\n        self.label = label\n        self._backward = lambda: None  # a leaf has nothing to pass on\n\n    def __repr__(self):\n        return f"Value({self.label or \'?\'}: data={self.data:.4g}, grad={self.grad:.4g})"\n\n    def __add__(self, other):\n        other = other if isinstance(other, Value) else Value(other)\n        out = Value(self.data + other.data, (self, other), "+")\n\n        def _backward():  # d(out)/d(self) = d(out)/d(other) = 1\n            self.grad += out.grad\n            other.grad += out.grad\n        out._backward = _backward\n        return out\n\n    def __mul__(self, other):\n        other = other if isinstance(other, Value) else Value(other)\n        out = Value(self.data * other.data, (self, other), "*")\n\n        def _backward():  # d(out)/d(self) = other.data, d(out)/d(other) = self.data\n            self.grad += other.data * out.grad\n            other.grad += self.data * out.grad\n        out._backward = _backward\n        return out\n\n    def tanh(self):\n        out = Value(math.tanh(self.data), (self,), "tanh")\n\n        def _backward():  # tanh\'(x) = 1 - tanh(x)^2\n            self.grad += (1 - out.data ** 2) * out.grad\n        out._backward = _backward\n        return out\n\n    def exp(self):\n        out = Value(math.exp(self.data), (self,), "exp")\n\n        def _backward():  # exp\'(x) = exp(x)\n            self.grad += out.data * out.grad\n        out._backward = _backward\n        return out\n\n    def __radd__(self, other):  # 2.0 + v\n        return self + other\n\n    def __rmul__(self, other):  # 2.0 * v\n        return self * other')
_BY_ANSWER['Value'].alternatives.append(  # written without reading the tests: reads the upstream gradient and both values into locals firs
    'import math\n\nclass Value:\n    """A scalar that remembers how it was computed: data, grad = dL/d(this value), its inputs and a _backward."""\n\n    def __init__(self, data, _children=(), _op="", label=""):\n        self.data = float(data)\n        self.grad = 0.0\n        self._prev = tuple(_children)\n        self._op = _op\n        self.label = label\n        self._backward = lambda: None  # a leaf has nothing to pass on\n\n    def __repr__(self):\n        return f"Value({self.label or \'?\'}: data={self.data:.4g}, grad={self.grad:.4g})"\n\n    def __add__(self, other):\n        other = other if isinstance(other, Value) else Value(other)\n        out = Value(self.data + other.data, (self, other), "+")\n\n        def _backward():  # d(out)/d(self) = d(out)/d(other) = 1\n            self.grad += out.grad\n            other.grad += out.grad\n        out._backward = _backward\n        return out\n\n    def __mul__(self, other):\n        other = other if isinstance(other, Value) else Value(other)\n        out = Value(self.data * other.data, (self, other), "*")\n\n        def _backward():  # d(out)/d(self) = other.data, d(out)/d(other) = self.data\n            upstream = out.grad\n            a_val, b_val = self.data, other.data\n            self.grad += b_val * upstream\n            other.grad += a_val * upstream\n        out._backward = _backward\n        return out\n\n    def tanh(self):\n        out = Value(math.tanh(self.data), (self,), "tanh")\n\n        def _backward():  # tanh\'(x) = 1 - tanh(x)^2\n            self.grad += (1 - out.data ** 2) * out.grad\n        out._backward = _backward\n        return out\n\n    def exp(self):\n        out = Value(math.exp(self.data), (self,), "exp")\n\n        def _backward():  # exp\'(x) = exp(x)\n            self.grad += out.data * out.grad\n        out._backward = _backward\n        return out\n\n    def __radd__(self, other):  # 2.0 + v\n        return self + other\n\n    def __rmul__(self, other):  # 2.0 * v\n        return self * other')
_BY_ANSWER['Value'].alternatives.append(  # written without reading the tests: explicit self.grad = self.grad + ... form
    'import math\n\nclass Value:\n    """A scalar that remembers how it was computed: data, grad = dL/d(this value), its inputs and a _backward."""\n\n    def __init__(self, data, _children=(), _op="", label=""):\n        self.data = float(data)\n        self.grad = 0.0\n        self._prev = tuple(_children)\n        self._op = _op\n        self.label = label\n        self._backward = lambda: None  # a leaf has nothing to pass on\n\n    def __repr__(self):\n        return f"Value({self.label or \'?\'}: data={self.data:.4g}, grad={self.grad:.4g})"\n\n    def __add__(self, other):\n        other = other if isinstance(other, Value) else Value(other)\n        out = Value(self.data + other.data, (self, other), "+")\n\n        def _backward():  # d(out)/d(self) = d(out)/d(other) = 1\n            self.grad += out.grad\n            other.grad += out.grad\n        out._backward = _backward\n        return out\n\n    def __mul__(self, other):\n        other = other if isinstance(other, Value) else Value(other)\n        out = Value(self.data * other.data, (self, other), "*")\n\n        def _backward():  # d(out)/d(self) = other.data, d(out)/d(other) = self.data\n            self.grad = self.grad + other.data * out.grad\n            other.grad = other.grad + self.data * out.grad\n        out._backward = _backward\n        return out\n\n    def tanh(self):\n        out = Value(math.tanh(self.data), (self,), "tanh")\n\n        def _backward():  # tanh\'(x) = 1 - tanh(x)^2\n            self.grad += (1 - out.data ** 2) * out.grad\n        out._backward = _backward\n        return out\n\n    def exp(self):\n        out = Value(math.exp(self.data), (self,), "exp")\n\n        def _backward():  # exp\'(x) = exp(x)\n            self.grad += out.data * out.grad\n        out._backward = _backward\n        return out\n\n    def __radd__(self, other):  # 2.0 + v\n        return self + other\n\n    def __rmul__(self, other):  # 2.0 * v\n        return self * other')
_BY_ANSWER['Value'].mistakes.append(Mistake(  # written without reading the tests
    'assigns with = instead of += (x * x gets 3, not 6)',
    source='import math\n\nclass Value:\n    """A scalar that remembers how it was computed: data, grad = dL/d(this value), its inputs and a _backward."""\n\n    def __init__(self, data, _children=(), _op="", label=""):\n        self.data = float(data)\n        self.grad = 0.0\n        self._prev = tuple(_children)\n        self._op = _op\n        self.label = label\n        self._backward = lambda: None  # a leaf has nothing to pass on\n\n    def __repr__(self):\n        return f"Value({self.label or \'?\'}: data={self.data:.4g}, grad={self.grad:.4g})"\n\n    def __add__(self, other):\n        other = other if isinstance(other, Value) else Value(other)\n        out = Value(self.data + other.data, (self, other), "+")\n\n        def _backward():  # d(out)/d(self) = d(out)/d(other) = 1\n            self.grad += out.grad\n            other.grad += out.grad\n        out._backward = _backward\n        return out\n\n    def __mul__(self, other):\n        other = other if isinstance(other, Value) else Value(other)\n        out = Value(self.data * other.data, (self, other), "*")\n\n        def _backward():  # d(out)/d(self) = other.data, d(out)/d(other) = self.data\n            self.grad = other.data * out.grad\n            other.grad = self.data * out.grad\n        out._backward = _backward\n        return out\n\n    def tanh(self):\n        out = Value(math.tanh(self.data), (self,), "tanh")\n\n        def _backward():  # tanh\'(x) = 1 - tanh(x)^2\n            self.grad += (1 - out.data ** 2) * out.grad\n        out._backward = _backward\n        return out\n\n    def exp(self):\n        out = Value(math.exp(self.data), (self,), "exp")\n\n        def _backward():  # exp\'(x) = exp(x)\n            self.grad += out.data * out.grad\n        out._backward = _backward\n        return out\n\n    def __radd__(self, other):  # 2.0 + v\n        return self + other\n\n    def __rmul__(self, other):  # 2.0 * v\n        return self * other',
    hint='expected 6, got 3'))
_BY_ANSWER['Value'].mistakes.append(Mistake(  # written without reading the tests
    'forgets to multiply by out.grad',
    source='import math\n\nclass Value:\n    """A scalar that remembers how it was computed: data, grad = dL/d(this value), its inputs and a _backward."""\n\n    def __init__(self, data, _children=(), _op="", label=""):\n        self.data = float(data)\n        self.grad = 0.0\n        self._prev = tuple(_children)\n        self._op = _op\n        self.label = label\n        self._backward = lambda: None  # a leaf has nothing to pass on\n\n    def __repr__(self):\n        return f"Value({self.label or \'?\'}: data={self.data:.4g}, grad={self.grad:.4g})"\n\n    def __add__(self, other):\n        other = other if isinstance(other, Value) else Value(other)\n        out = Value(self.data + other.data, (self, other), "+")\n\n        def _backward():  # d(out)/d(self) = d(out)/d(other) = 1\n            self.grad += out.grad\n            other.grad += out.grad\n        out._backward = _backward\n        return out\n\n    def __mul__(self, other):\n        other = other if isinstance(other, Value) else Value(other)\n        out = Value(self.data * other.data, (self, other), "*")\n\n        def _backward():  # d(out)/d(self) = other.data, d(out)/d(other) = self.data\n            self.grad += other.data\n            other.grad += self.data\n        out._backward = _backward\n        return out\n\n    def tanh(self):\n        out = Value(math.tanh(self.data), (self,), "tanh")\n\n        def _backward():  # tanh\'(x) = 1 - tanh(x)^2\n            self.grad += (1 - out.data ** 2) * out.grad\n        out._backward = _backward\n        return out\n\n    def exp(self):\n        out = Value(math.exp(self.data), (self,), "exp")\n\n        def _backward():  # exp\'(x) = exp(x)\n            self.grad += out.data * out.grad\n        out._backward = _backward\n        return out\n\n    def __radd__(self, other):  # 2.0 + v\n        return self + other\n\n    def __rmul__(self, other):  # 2.0 * v\n        return self * other',
    hint='expected -1.5, got -3'))
_BY_ANSWER['Value'].mistakes.append(Mistake(  # written without reading the tests
    "each input gets its own value instead of the other's",
    source='import math\n\nclass Value:\n    """A scalar that remembers how it was computed: data, grad = dL/d(this value), its inputs and a _backward."""\n\n    def __init__(self, data, _children=(), _op="", label=""):\n        self.data = float(data)\n        self.grad = 0.0\n        self._prev = tuple(_children)\n        self._op = _op\n        self.label = label\n        self._backward = lambda: None  # a leaf has nothing to pass on\n\n    def __repr__(self):\n        return f"Value({self.label or \'?\'}: data={self.data:.4g}, grad={self.grad:.4g})"\n\n    def __add__(self, other):\n        other = other if isinstance(other, Value) else Value(other)\n        out = Value(self.data + other.data, (self, other), "+")\n\n        def _backward():  # d(out)/d(self) = d(out)/d(other) = 1\n            self.grad += out.grad\n            other.grad += out.grad\n        out._backward = _backward\n        return out\n\n    def __mul__(self, other):\n        other = other if isinstance(other, Value) else Value(other)\n        out = Value(self.data * other.data, (self, other), "*")\n\n        def _backward():  # d(out)/d(self) = other.data, d(out)/d(other) = self.data\n            self.grad += self.data * out.grad\n            other.grad += other.data * out.grad\n        out._backward = _backward\n        return out\n\n    def tanh(self):\n        out = Value(math.tanh(self.data), (self,), "tanh")\n\n        def _backward():  # tanh\'(x) = 1 - tanh(x)^2\n            self.grad += (1 - out.data ** 2) * out.grad\n        out._backward = _backward\n        return out\n\n    def exp(self):\n        out = Value(math.exp(self.data), (self,), "exp")\n\n        def _backward():  # exp\'(x) = exp(x)\n            self.grad += out.data * out.grad\n        out._backward = _backward\n        return out\n\n    def __radd__(self, other):  # 2.0 + v\n        return self + other\n\n    def __rmul__(self, other):  # 2.0 * v\n        return self * other',
    hint='a.grad holds the expected b.grad'))
_BY_ANSWER['Value'].mistakes.append(Mistake(  # written without reading the tests
    "skips the second contribution when other is self ('avoid double counting')",
    source='import math\n\nclass Value:\n    """A scalar that remembers how it was computed: data, grad = dL/d(this value), its inputs and a _backward."""\n\n    def __init__(self, data, _children=(), _op="", label=""):\n        self.data = float(data)\n        self.grad = 0.0\n        self._prev = tuple(_children)\n        self._op = _op\n        self.label = label\n        self._backward = lambda: None  # a leaf has nothing to pass on\n\n    def __repr__(self):\n        return f"Value({self.label or \'?\'}: data={self.data:.4g}, grad={self.grad:.4g})"\n\n    def __add__(self, other):\n        other = other if isinstance(other, Value) else Value(other)\n        out = Value(self.data + other.data, (self, other), "+")\n\n        def _backward():  # d(out)/d(self) = d(out)/d(other) = 1\n            self.grad += out.grad\n            other.grad += out.grad\n        out._backward = _backward\n        return out\n\n    def __mul__(self, other):\n        other = other if isinstance(other, Value) else Value(other)\n        out = Value(self.data * other.data, (self, other), "*")\n\n        def _backward():  # d(out)/d(self) = other.data, d(out)/d(other) = self.data\n            self.grad += other.data * out.grad\n            if other is not self:\n                other.grad += self.data * out.grad\n        out._backward = _backward\n        return out\n\n    def tanh(self):\n        out = Value(math.tanh(self.data), (self,), "tanh")\n\n        def _backward():  # tanh\'(x) = 1 - tanh(x)^2\n            self.grad += (1 - out.data ** 2) * out.grad\n        out._backward = _backward\n        return out\n\n    def exp(self):\n        out = Value(math.exp(self.data), (self,), "exp")\n\n        def _backward():  # exp\'(x) = exp(x)\n            self.grad += out.data * out.grad\n        out._backward = _backward\n        return out\n\n    def __radd__(self, other):  # 2.0 + v\n        return self + other\n\n    def __rmul__(self, other):  # 2.0 * v\n        return self * other',
    hint='expected 6, got 3'))
_BY_ANSWER['backward'].alternatives.append(  # written without reading the tests: recursive depth-first topological order with a visited set
    'def backward(self):\n    """Seed self.grad = 1, then call every node\'s _backward from the output back to the inputs (each node once)."""\n    topo = []\n    visited = set()\n\n    def build(node):\n        if node not in visited:\n            visited.add(node)\n            for child in node._prev:\n                build(child)\n            topo.append(node)\n\n    build(self)\n    self.grad = 1.0\n    for node in reversed(topo):\n        node._backward()\n\n\nValue.backward = backward  # attach the function to the class as a method\n')
_BY_ANSWER['backward'].alternatives.append(  # written without reading the tests: iterative post-order with an explicit stack, visited by id()
    'def backward(self):\n    order, seen = [], set()\n    stack = [(self, False)]\n    while stack:\n        node, children_done = stack.pop()\n        if children_done:\n            order.append(node)\n            continue\n        if id(node) in seen:\n            continue\n        seen.add(id(node))\n        stack.append((node, True))\n        for child in node._prev:\n            if id(child) not in seen:\n                stack.append((child, False))\n    self.grad = 1.0\n    for node in order[::-1]:\n        node._backward()\n\n\nValue.backward = backward  # attach the function to the class as a method\n')
_BY_ANSWER['backward'].alternatives.append(  # written without reading the tests: Kahn-style: count each node's users, run a node once all its
    'def backward(self):\n    # collect every node reachable from self\n    nodes, stack, seen = [], [self], {self}\n    while stack:\n        node = stack.pop()\n        nodes.append(node)\n        for child in node._prev:\n            if child not in seen:\n                seen.add(child)\n                stack.append(child)\n    users = {node: 0 for node in nodes}\n    for node in nodes:\n        for child in node._prev:\n            users[child] += 1\n    self.grad = 1.0\n    ready = [self]\n    while ready:\n        node = ready.pop()\n        node._backward()\n        for child in node._prev:\n            users[child] -= 1\n            if users[child] == 0:\n                ready.append(child)\n\n\nValue.backward = backward  # attach the function to the class as a method\n')
_BY_ANSWER['backward'].mistakes.append(Mistake(  # written without reading the tests
    'breadth-first from the output instead of reverse topological order',
    source='def backward(self):\n    self.grad = 1.0\n    queue, seen = [self], {self}\n    while queue:\n        node = queue.pop(0)\n        node._backward()\n        for child in node._prev:\n            if child not in seen:\n                seen.add(child)\n                queue.append(child)\n\n\nValue.backward = backward  # attach the function to the class as a method\n',
    hint='expected 1.77178, got 0.786448'))
_BY_ANSWER['backward'].mistakes.append(Mistake(  # written without reading the tests
    "topological order without a visited set (a shared node's closure runs once per path)",
    source='def backward(self):\n    topo = []\n\n    def build(node):\n        for child in node._prev:\n            build(child)\n        topo.append(node)\n\n    build(self)\n    self.grad = 1.0\n    for node in reversed(topo):\n        node._backward()\n\n\nValue.backward = backward  # attach the function to the class as a method\n',
    hint='expected 1.77178, got 3.54355'))
_BY_ANSWER['backward'].mistakes.append(Mistake(  # written without reading the tests
    'forgets to seed self.grad = 1',
    source='def backward(self):\n    topo, visited = [], set()\n\n    def build(node):\n        if node not in visited:\n            visited.add(node)\n            for child in node._prev:\n                build(child)\n            topo.append(node)\n\n    build(self)\n    for node in reversed(topo):\n        node._backward()\n\n\nValue.backward = backward  # attach the function to the class as a method\n',
    hint='expected 1, got 0'))
_BY_ANSWER['backward'].mistakes.append(Mistake(  # written without reading the tests
    'runs the closures in topological order (inputs first), not reversed',
    source='def backward(self):\n    topo, visited = [], set()\n\n    def build(node):\n        if node not in visited:\n            visited.add(node)\n            for child in node._prev:\n                build(child)\n            topo.append(node)\n\n    build(self)\n    self.grad = 1.0\n    for node in topo:\n        node._backward()\n\n\nValue.backward = backward  # attach the function to the class as a method\n',
    hint='expected 1.24843, got 0'))
_BY_ANSWER['Value_functions'].alternatives.append(  # written without reading the tests: output-based local derivatives; isinstance(Value) check rais
    'import math\n\ndef tanh(self):\n    out = Value(math.tanh(self.data), (self,), "tanh")\n\n    def _backward():  # tanh\'(x) = 1 - tanh(x)^2, written with the output\n        self.grad += (1 - out.data ** 2) * out.grad\n    out._backward = _backward\n    return out\n\n\ndef exp(self):\n    out = Value(math.exp(self.data), (self,), "exp")\n\n    def _backward():  # exp\'(x) = exp(x), the output itself\n        self.grad += out.data * out.grad\n    out._backward = _backward\n    return out\n\n\ndef power(self, exponent):\n    """self ** exponent for a number exponent; a Value exponent raises TypeError."""\n    if isinstance(exponent, Value):\n        raise TypeError("the exponent must be a number, not a Value")\n    out = Value(self.data ** exponent, (self,), f"**{exponent}")\n\n    def _backward():\n        self.grad += exponent * self.data ** (exponent - 1) * out.grad\n    out._backward = _backward\n    return out\n\n\nValue.__neg__ = lambda self: self * -1.0               # -v\nValue.__sub__ = lambda self, other: self + (-other)    # a - b = a + (-b)\nValue.__rsub__ = lambda self, other: (-self) + other   # 5.0 - v\n\n\ndef agrees(function, reference, *args):\n    """True once the function runs and gives the reference\'s value and gradient at x = 0.5: an unfinished or wrong\n    one is not attached, so that exercises 4 and 5 are graded on their own."""\n    results = []\n    for candidate in (function, reference):\n        try:\n            x = Value(0.5)\n            out = candidate(x, *args)\n            out.grad = 2.0\n            out._backward()\n        except Exception:\n            return False\n        results.append((out.data, x.grad))\n    return all(math.isclose(mine, given, rel_tol=1e-6) for mine, given in zip(*results))\n\n\ndef library_power(self, exponent):\n    """Stands in for your power until yours is attached: the course library supplies the local derivative."""\n    from nnlib.autograd import Value as LibraryValue\n    x = LibraryValue(self.data)\n    y = x ** exponent                                # raises TypeError for a Value exponent\n    y.backward()\n    out = Value(y.data, (self,), f"**{exponent}")\n\n    def _backward():\n        self.grad += x.grad * out.grad\n    out._backward = _backward\n    return out\n\n\n# Attach your functions as methods once they agree with the given ones; until then Value keeps tanh and exp as\n# given, and ** borrows the library\'s derivative.\nif agrees(tanh, Value.tanh):\n    Value.tanh = tanh\nif agrees(exp, Value.exp):\n    Value.exp = exp\nValue.__pow__ = power if agrees(power, library_power, 2) else library_power\nwaiting = [name for name, attached in [("tanh", Value.tanh is tanh), ("exp", Value.exp is exp),\n                                       ("**", Value.__pow__ is power)] if not attached]\nif waiting:\n    print(f"not attached yet (unfinished, or not agreeing with the given versions): {\', \'.join(waiting)}")')
_BY_ANSWER['Value_functions'].alternatives.append(  # written without reading the tests: numbers.Number check for the exponent, local derivative stor
    'import math\nimport numbers\n\ndef tanh(self):\n    out = Value(math.tanh(self.data), (self,), "tanh")\n\n    def _backward():  # tanh\'(x) = 1 - tanh(x)^2, written with the output\n        local = 1.0 - out.data * out.data\n        self.grad += local * out.grad\n    out._backward = _backward\n    return out\n\n\ndef exp(self):\n    out = Value(math.exp(self.data), (self,), "exp")\n\n    def _backward():  # exp\'(x) = exp(x), the output itself\n        local = out.data\n        self.grad += local * out.grad\n    out._backward = _backward\n    return out\n\n\ndef power(self, exponent):\n    """self ** exponent for a number exponent; a Value exponent raises TypeError."""\n    if not isinstance(exponent, numbers.Number):\n        raise TypeError(f"unsupported exponent type {type(exponent).__name__}")\n    k = exponent\n    out = Value(self.data ** k, (self,), f"**{k}")\n\n    def _backward():\n        local = k * self.data ** (k - 1)\n        self.grad += local * out.grad\n    out._backward = _backward\n    return out\n\n\nValue.__neg__ = lambda self: self * -1.0               # -v\nValue.__sub__ = lambda self, other: self + (-other)    # a - b = a + (-b)\nValue.__rsub__ = lambda self, other: (-self) + other   # 5.0 - v\n\n\ndef agrees(function, reference, *args):\n    """True once the function runs and gives the reference\'s value and gradient at x = 0.5: an unfinished or wrong\n    one is not attached, so that exercises 4 and 5 are graded on their own."""\n    results = []\n    for candidate in (function, reference):\n        try:\n            x = Value(0.5)\n            out = candidate(x, *args)\n            out.grad = 2.0\n            out._backward()\n        except Exception:\n            return False\n        results.append((out.data, x.grad))\n    return all(math.isclose(mine, given, rel_tol=1e-6) for mine, given in zip(*results))\n\n\ndef library_power(self, exponent):\n    """Stands in for your power until yours is attached: the course library supplies the local derivative."""\n    from nnlib.autograd import Value as LibraryValue\n    x = LibraryValue(self.data)\n    y = x ** exponent                                # raises TypeError for a Value exponent\n    y.backward()\n    out = Value(y.data, (self,), f"**{exponent}")\n\n    def _backward():\n        self.grad += x.grad * out.grad\n    out._backward = _backward\n    return out\n\n\n# Attach your functions as methods once they agree with the given ones; until then Value keeps tanh and exp as\n# given, and ** borrows the library\'s derivative.\nif agrees(tanh, Value.tanh):\n    Value.tanh = tanh\nif agrees(exp, Value.exp):\n    Value.exp = exp\nValue.__pow__ = power if agrees(power, library_power, 2) else library_power\nwaiting = [name for name, attached in [("tanh", Value.tanh is tanh), ("exp", Value.exp is exp),\n                                       ("**", Value.__pow__ is power)] if not attached]\nif waiting:\n    print(f"not attached yet (unfinished, or not agreeing with the given versions): {\', \'.join(waiting)}")')
_BY_ANSWER['Value_functions'].alternatives.append(  # written without reading the tests: math.pow for the power and its derivative
    'import math\n\ndef tanh(self):\n    out = Value(math.tanh(self.data), (self,), "tanh")\n\n    def _backward():  # tanh\'(x) = 1 - tanh(x)^2, written with the output\n        self.grad += (1 - out.data ** 2) * out.grad\n    out._backward = _backward\n    return out\n\n\ndef exp(self):\n    out = Value(math.exp(self.data), (self,), "exp")\n\n    def _backward():  # exp\'(x) = exp(x), the output itself\n        self.grad += out.data * out.grad\n    out._backward = _backward\n    return out\n\n\ndef power(self, exponent):\n    """self ** exponent for a number exponent; a Value exponent raises TypeError."""\n    if type(exponent) is Value:\n        raise TypeError("power: the exponent must be a number, not a Value")\n    out = Value(math.pow(self.data, exponent), (self,), f"**{exponent}")\n\n    def _backward():\n        self.grad += exponent * math.pow(self.data, exponent - 1) * out.grad\n    out._backward = _backward\n    return out\n\n\nValue.__neg__ = lambda self: self * -1.0               # -v\nValue.__sub__ = lambda self, other: self + (-other)    # a - b = a + (-b)\nValue.__rsub__ = lambda self, other: (-self) + other   # 5.0 - v\n\n\ndef agrees(function, reference, *args):\n    """True once the function runs and gives the reference\'s value and gradient at x = 0.5: an unfinished or wrong\n    one is not attached, so that exercises 4 and 5 are graded on their own."""\n    results = []\n    for candidate in (function, reference):\n        try:\n            x = Value(0.5)\n            out = candidate(x, *args)\n            out.grad = 2.0\n            out._backward()\n        except Exception:\n            return False\n        results.append((out.data, x.grad))\n    return all(math.isclose(mine, given, rel_tol=1e-6) for mine, given in zip(*results))\n\n\ndef library_power(self, exponent):\n    """Stands in for your power until yours is attached: the course library supplies the local derivative."""\n    from nnlib.autograd import Value as LibraryValue\n    x = LibraryValue(self.data)\n    y = x ** exponent                                # raises TypeError for a Value exponent\n    y.backward()\n    out = Value(y.data, (self,), f"**{exponent}")\n\n    def _backward():\n        self.grad += x.grad * out.grad\n    out._backward = _backward\n    return out\n\n\n# Attach your functions as methods once they agree with the given ones; until then Value keeps tanh and exp as\n# given, and ** borrows the library\'s derivative.\nif agrees(tanh, Value.tanh):\n    Value.tanh = tanh\nif agrees(exp, Value.exp):\n    Value.exp = exp\nValue.__pow__ = power if agrees(power, library_power, 2) else library_power\nwaiting = [name for name, attached in [("tanh", Value.tanh is tanh), ("exp", Value.exp is exp),\n                                       ("**", Value.__pow__ is power)] if not attached]\nif waiting:\n    print(f"not attached yet (unfinished, or not agreeing with the given versions): {\', \'.join(waiting)}")')
_BY_ANSWER['Value_functions'].mistakes.append(Mistake(  # written without reading the tests
    'tanh closure assigns with = (loses gradient the input already holds)',
    source='import math\n\ndef tanh(self):\n    out = Value(math.tanh(self.data), (self,), "tanh")\n\n    def _backward():  # tanh\'(x) = 1 - tanh(x)^2, written with the output\n        self.grad = (1 - out.data ** 2) * out.grad\n    out._backward = _backward\n    return out\n\n\ndef exp(self):\n    out = Value(math.exp(self.data), (self,), "exp")\n\n    def _backward():  # exp\'(x) = exp(x), the output itself\n        self.grad += out.data * out.grad\n    out._backward = _backward\n    return out\n\n\ndef power(self, exponent):\n    """self ** exponent for a number exponent; a Value exponent raises TypeError."""\n    if isinstance(exponent, Value):\n        raise TypeError("the exponent must be a number, not a Value")\n    out = Value(self.data ** exponent, (self,), f"**{exponent}")\n\n    def _backward():\n        self.grad += exponent * self.data ** (exponent - 1) * out.grad\n    out._backward = _backward\n    return out\n\n\nValue.__neg__ = lambda self: self * -1.0               # -v\nValue.__sub__ = lambda self, other: self + (-other)    # a - b = a + (-b)\nValue.__rsub__ = lambda self, other: (-self) + other   # 5.0 - v\n\n\ndef agrees(function, reference, *args):\n    """True once the function runs and gives the reference\'s value and gradient at x = 0.5: an unfinished or wrong\n    one is not attached, so that exercises 4 and 5 are graded on their own."""\n    results = []\n    for candidate in (function, reference):\n        try:\n            x = Value(0.5)\n            out = candidate(x, *args)\n            out.grad = 2.0\n            out._backward()\n        except Exception:\n            return False\n        results.append((out.data, x.grad))\n    return all(math.isclose(mine, given, rel_tol=1e-6) for mine, given in zip(*results))\n\n\ndef library_power(self, exponent):\n    """Stands in for your power until yours is attached: the course library supplies the local derivative."""\n    from nnlib.autograd import Value as LibraryValue\n    x = LibraryValue(self.data)\n    y = x ** exponent                                # raises TypeError for a Value exponent\n    y.backward()\n    out = Value(y.data, (self,), f"**{exponent}")\n\n    def _backward():\n        self.grad += x.grad * out.grad\n    out._backward = _backward\n    return out\n\n\n# Attach your functions as methods once they agree with the given ones; until then Value keeps tanh and exp as\n# given, and ** borrows the library\'s derivative.\nif agrees(tanh, Value.tanh):\n    Value.tanh = tanh\nif agrees(exp, Value.exp):\n    Value.exp = exp\nValue.__pow__ = power if agrees(power, library_power, 2) else library_power\nwaiting = [name for name, attached in [("tanh", Value.tanh is tanh), ("exp", Value.exp is exp),\n                                       ("**", Value.__pow__ is power)] if not attached]\nif waiting:\n    print(f"not attached yet (unfinished, or not agreeing with the given versions): {\', \'.join(waiting)}")',
    hint='expected -0.358616, got -0.478998'))
_BY_ANSWER['Value_functions'].mistakes.append(Mistake(  # written without reading the tests
    'tanh derivative written with the input: 1 - x**2 instead of 1 - tanh(x)**2',
    source='import math\n\ndef tanh(self):\n    out = Value(math.tanh(self.data), (self,), "tanh")\n\n    def _backward():  # tanh\'(x) = 1 - tanh(x)^2, written with the output\n        self.grad += (1 - self.data ** 2) * out.grad\n    out._backward = _backward\n    return out\n\n\ndef exp(self):\n    out = Value(math.exp(self.data), (self,), "exp")\n\n    def _backward():  # exp\'(x) = exp(x), the output itself\n        self.grad += out.data * out.grad\n    out._backward = _backward\n    return out\n\n\ndef power(self, exponent):\n    """self ** exponent for a number exponent; a Value exponent raises TypeError."""\n    if isinstance(exponent, Value):\n        raise TypeError("the exponent must be a number, not a Value")\n    out = Value(self.data ** exponent, (self,), f"**{exponent}")\n\n    def _backward():\n        self.grad += exponent * self.data ** (exponent - 1) * out.grad\n    out._backward = _backward\n    return out\n\n\nValue.__neg__ = lambda self: self * -1.0               # -v\nValue.__sub__ = lambda self, other: self + (-other)    # a - b = a + (-b)\nValue.__rsub__ = lambda self, other: (-self) + other   # 5.0 - v\n\n\ndef agrees(function, reference, *args):\n    """True once the function runs and gives the reference\'s value and gradient at x = 0.5: an unfinished or wrong\n    one is not attached, so that exercises 4 and 5 are graded on their own."""\n    results = []\n    for candidate in (function, reference):\n        try:\n            x = Value(0.5)\n            out = candidate(x, *args)\n            out.grad = 2.0\n            out._backward()\n        except Exception:\n            return False\n        results.append((out.data, x.grad))\n    return all(math.isclose(mine, given, rel_tol=1e-6) for mine, given in zip(*results))\n\n\ndef library_power(self, exponent):\n    """Stands in for your power until yours is attached: the course library supplies the local derivative."""\n    from nnlib.autograd import Value as LibraryValue\n    x = LibraryValue(self.data)\n    y = x ** exponent                                # raises TypeError for a Value exponent\n    y.backward()\n    out = Value(y.data, (self,), f"**{exponent}")\n\n    def _backward():\n        self.grad += x.grad * out.grad\n    out._backward = _backward\n    return out\n\n\n# Attach your functions as methods once they agree with the given ones; until then Value keeps tanh and exp as\n# given, and ** borrows the library\'s derivative.\nif agrees(tanh, Value.tanh):\n    Value.tanh = tanh\nif agrees(exp, Value.exp):\n    Value.exp = exp\nValue.__pow__ = power if agrees(power, library_power, 2) else library_power\nwaiting = [name for name, attached in [("tanh", Value.tanh is tanh), ("exp", Value.exp is exp),\n                                       ("**", Value.__pow__ is power)] if not attached]\nif waiting:\n    print(f"not attached yet (unfinished, or not agreeing with the given versions): {\', \'.join(waiting)}")',
    hint='expected 1.5729, got 1.5'))
_BY_ANSWER['Value_functions'].mistakes.append(Mistake(  # written without reading the tests
    'power derivative k * x**k (exponent not lowered by one)',
    source='import math\n\ndef tanh(self):\n    out = Value(math.tanh(self.data), (self,), "tanh")\n\n    def _backward():  # tanh\'(x) = 1 - tanh(x)^2, written with the output\n        self.grad += (1 - out.data ** 2) * out.grad\n    out._backward = _backward\n    return out\n\n\ndef exp(self):\n    out = Value(math.exp(self.data), (self,), "exp")\n\n    def _backward():  # exp\'(x) = exp(x), the output itself\n        self.grad += out.data * out.grad\n    out._backward = _backward\n    return out\n\n\ndef power(self, exponent):\n    """self ** exponent for a number exponent; a Value exponent raises TypeError."""\n    if isinstance(exponent, Value):\n        raise TypeError("the exponent must be a number")\n    out = Value(self.data ** exponent, (self,), f"**{exponent}")\n\n    def _backward():\n        self.grad += exponent * self.data ** exponent * out.grad\n    out._backward = _backward\n    return out\n\n\nValue.__neg__ = lambda self: self * -1.0               # -v\nValue.__sub__ = lambda self, other: self + (-other)    # a - b = a + (-b)\nValue.__rsub__ = lambda self, other: (-self) + other   # 5.0 - v\n\n\ndef agrees(function, reference, *args):\n    """True once the function runs and gives the reference\'s value and gradient at x = 0.5: an unfinished or wrong\n    one is not attached, so that exercises 4 and 5 are graded on their own."""\n    results = []\n    for candidate in (function, reference):\n        try:\n            x = Value(0.5)\n            out = candidate(x, *args)\n            out.grad = 2.0\n            out._backward()\n        except Exception:\n            return False\n        results.append((out.data, x.grad))\n    return all(math.isclose(mine, given, rel_tol=1e-6) for mine, given in zip(*results))\n\n\ndef library_power(self, exponent):\n    """Stands in for your power until yours is attached: the course library supplies the local derivative."""\n    from nnlib.autograd import Value as LibraryValue\n    x = LibraryValue(self.data)\n    y = x ** exponent                                # raises TypeError for a Value exponent\n    y.backward()\n    out = Value(y.data, (self,), f"**{exponent}")\n\n    def _backward():\n        self.grad += x.grad * out.grad\n    out._backward = _backward\n    return out\n\n\n# Attach your functions as methods once they agree with the given ones; until then Value keeps tanh and exp as\n# given, and ** borrows the library\'s derivative.\nif agrees(tanh, Value.tanh):\n    Value.tanh = tanh\nif agrees(exp, Value.exp):\n    Value.exp = exp\nValue.__pow__ = power if agrees(power, library_power, 2) else library_power\nwaiting = [name for name, attached in [("tanh", Value.tanh is tanh), ("exp", Value.exp is exp),\n                                       ("**", Value.__pow__ is power)] if not attached]\nif waiting:\n    print(f"not attached yet (unfinished, or not agreeing with the given versions): {\', \'.join(waiting)}")',
    hint='expected 12, got 24'))
_BY_ANSWER['Value_functions'].mistakes.append(Mistake(  # written without reading the tests
    'accepts a Value exponent by using exponent.data (no TypeError)',
    source='import math\n\ndef tanh(self):\n    out = Value(math.tanh(self.data), (self,), "tanh")\n\n    def _backward():  # tanh\'(x) = 1 - tanh(x)^2, written with the output\n        self.grad += (1 - out.data ** 2) * out.grad\n    out._backward = _backward\n    return out\n\n\ndef exp(self):\n    out = Value(math.exp(self.data), (self,), "exp")\n\n    def _backward():  # exp\'(x) = exp(x), the output itself\n        self.grad += out.data * out.grad\n    out._backward = _backward\n    return out\n\n\ndef power(self, exponent):\n    """self ** exponent for a number exponent; a Value exponent raises TypeError."""\n    k = exponent.data if isinstance(exponent, Value) else exponent\n    out = Value(self.data ** k, (self,), f"**{k}")\n\n    def _backward():\n        self.grad += k * self.data ** (k - 1) * out.grad\n    out._backward = _backward\n    return out\n\n\nValue.__neg__ = lambda self: self * -1.0               # -v\nValue.__sub__ = lambda self, other: self + (-other)    # a - b = a + (-b)\nValue.__rsub__ = lambda self, other: (-self) + other   # 5.0 - v\n\n\ndef agrees(function, reference, *args):\n    """True once the function runs and gives the reference\'s value and gradient at x = 0.5: an unfinished or wrong\n    one is not attached, so that exercises 4 and 5 are graded on their own."""\n    results = []\n    for candidate in (function, reference):\n        try:\n            x = Value(0.5)\n            out = candidate(x, *args)\n            out.grad = 2.0\n            out._backward()\n        except Exception:\n            return False\n        results.append((out.data, x.grad))\n    return all(math.isclose(mine, given, rel_tol=1e-6) for mine, given in zip(*results))\n\n\ndef library_power(self, exponent):\n    """Stands in for your power until yours is attached: the course library supplies the local derivative."""\n    from nnlib.autograd import Value as LibraryValue\n    x = LibraryValue(self.data)\n    y = x ** exponent                                # raises TypeError for a Value exponent\n    y.backward()\n    out = Value(y.data, (self,), f"**{exponent}")\n\n    def _backward():\n        self.grad += x.grad * out.grad\n    out._backward = _backward\n    return out\n\n\n# Attach your functions as methods once they agree with the given ones; until then Value keeps tanh and exp as\n# given, and ** borrows the library\'s derivative.\nif agrees(tanh, Value.tanh):\n    Value.tanh = tanh\nif agrees(exp, Value.exp):\n    Value.exp = exp\nValue.__pow__ = power if agrees(power, library_power, 2) else library_power\nwaiting = [name for name, attached in [("tanh", Value.tanh is tanh), ("exp", Value.exp is exp),\n                                       ("**", Value.__pow__ is power)] if not attached]\nif waiting:\n    print(f"not attached yet (unfinished, or not agreeing with the given versions): {\', \'.join(waiting)}")',
    hint='check the type of the exponent before computing anything'))
_BY_ANSWER['value_mlp'].alternatives.append(  # written without reading the tests: micrograd style: loop sum, list comprehensions
    '\nclass Neuron:\n    """tanh(w · x + b), or w · x + b if linear, for a list x of n_inputs numbers or Values."""\n\n    def __init__(self, n_inputs, rng, linear=False):\n        self.w = [Value(rng.uniform(-1, 1)) for _ in range(n_inputs)]\n        self.b = Value(0.0)\n        self.linear = linear\n\n    def __call__(self, x):\n        act = self.b\n        for wi, xi in zip(self.w, x):\n            act = act + wi * xi\n        return act if self.linear else act.tanh()\n\n    def parameters(self):\n        return self.w + [self.b]\n\n\nclass Layer:\n    """n_outputs Neurons that read the same n_inputs: x (list) -> list of n_outputs Values."""\n\n    def __init__(self, n_inputs, n_outputs, rng, linear=False):\n        self.neurons = [Neuron(n_inputs, rng, linear=linear) for _ in range(n_outputs)]\n\n    def __call__(self, x):\n        return [neuron(x) for neuron in self.neurons]\n\n    def parameters(self):\n        return [p for neuron in self.neurons for p in neuron.parameters()]\n\n\nclass MLP:\n    """Layers of sizes[0] -> sizes[1] -> ... -> sizes[-1]: tanh hidden layers, a linear last layer."""\n\n    def __init__(self, sizes, rng):\n        n_layers = len(sizes) - 1\n        self.layers = [Layer(sizes[k], sizes[k + 1], rng, linear=(k == n_layers - 1)) for k in range(n_layers)]\n\n    def __call__(self, x):\n        for layer in self.layers:\n            x = layer(x)\n        return x\n\n    def parameters(self):\n        return [p for layer in self.layers for p in layer.parameters()]\n\n    def zero_grad(self):\n        for p in self.parameters():\n            p.grad = 0.0\n')
_BY_ANSWER['value_mlp'].alternatives.append(  # written without reading the tests: weights drawn as one rng.uniform array, sum() with the bias 
    '\nclass Neuron:\n    def __init__(self, n_inputs, rng, linear=False):\n        draws = rng.uniform(-1, 1, size=n_inputs)\n        self.w = [Value(float(v)) for v in draws]\n        self.b = Value(0.0)\n        self.linear = linear\n\n    def __call__(self, x):\n        z = sum((wi * xi for wi, xi in zip(self.w, x)), self.b)\n        if self.linear:\n            return z\n        return z.tanh()\n\n    def parameters(self):\n        return self.w + [self.b]\n\n\nclass Layer:\n    def __init__(self, n_inputs, n_outputs, rng, linear=False):\n        self.neurons = []\n        for _ in range(n_outputs):\n            self.neurons.append(Neuron(n_inputs, rng, linear))\n\n    def __call__(self, x):\n        outs = []\n        for n in self.neurons:\n            outs.append(n(x))\n        return outs\n\n    def parameters(self):\n        params = []\n        for n in self.neurons:\n            params.extend(n.parameters())\n        return params\n\n\nclass MLP:\n    def __init__(self, sizes, rng):\n        self.layers = []\n        for k in range(len(sizes) - 1):\n            is_last = k == len(sizes) - 2\n            self.layers.append(Layer(sizes[k], sizes[k + 1], rng, linear=is_last))\n\n    def __call__(self, x):\n        h = x\n        for layer in self.layers:\n            h = layer(h)\n        return h\n\n    def parameters(self):\n        params = []\n        for layer in self.layers:\n            params.extend(layer.parameters())\n        return params\n\n    def zero_grad(self):\n        for layer in self.layers:\n            for p in layer.parameters():\n                p.grad = 0.0\n')
_BY_ANSWER['value_mlp'].alternatives.append(  # written without reading the tests: bias added last, zip over layers with enumerate, zero_grad v
    '\nclass Neuron:\n    def __init__(self, n_inputs, rng, linear=False):\n        self.w = []\n        for i in range(n_inputs):\n            self.w.append(Value(rng.uniform(-1, 1), label=f"w{i}"))\n        self.b = Value(0.0, label="b")\n        self.linear = linear\n\n    def __call__(self, x):\n        total = self.w[0] * x[0]\n        for i in range(1, len(self.w)):\n            total = total + self.w[i] * x[i]\n        total = total + self.b\n        return total if self.linear else total.tanh()\n\n    def parameters(self):\n        return self.w + [self.b]\n\n\nclass Layer:\n    def __init__(self, n_inputs, n_outputs, rng, linear=False):\n        self.neurons = [Neuron(n_inputs, rng, linear) for _ in range(n_outputs)]\n\n    def __call__(self, x):\n        return [n(x) for n in self.neurons]\n\n    def parameters(self):\n        return sum((n.parameters() for n in self.neurons), [])\n\n\nclass MLP:\n    def __init__(self, sizes, rng):\n        pairs = list(zip(sizes[:-1], sizes[1:]))\n        self.layers = [Layer(n_in, n_out, rng, linear=(k == len(pairs) - 1))\n                       for k, (n_in, n_out) in enumerate(pairs)]\n\n    def __call__(self, x):\n        for layer in self.layers:\n            x = layer(x)\n        return x\n\n    def parameters(self):\n        return sum((layer.parameters() for layer in self.layers), [])\n\n    def zero_grad(self):\n        for p in self.parameters():\n            p.grad = 0\n')
_BY_ANSWER['value_mlp'].mistakes.append(Mistake(  # written without reading the tests
    'tanh on every layer, the last one too',
    source='\nclass Neuron:\n    """tanh(w · x + b), or w · x + b if linear, for a list x of n_inputs numbers or Values."""\n\n    def __init__(self, n_inputs, rng, linear=False):\n        self.w = [Value(rng.uniform(-1, 1)) for _ in range(n_inputs)]\n        self.b = Value(0.0)\n        self.linear = linear\n\n    def __call__(self, x):\n        act = self.b\n        for wi, xi in zip(self.w, x):\n            act = act + wi * xi\n        return act if self.linear else act.tanh()\n\n    def parameters(self):\n        return self.w + [self.b]\n\n\nclass Layer:\n    """n_outputs Neurons that read the same n_inputs: x (list) -> list of n_outputs Values."""\n\n    def __init__(self, n_inputs, n_outputs, rng, linear=False):\n        self.neurons = [Neuron(n_inputs, rng, linear=linear) for _ in range(n_outputs)]\n\n    def __call__(self, x):\n        return [neuron(x) for neuron in self.neurons]\n\n    def parameters(self):\n        return [p for neuron in self.neurons for p in neuron.parameters()]\n\n\nclass MLP:\n    """Layers of sizes[0] -> sizes[1] -> ... -> sizes[-1]: tanh hidden layers, a linear last layer."""\n\n    def __init__(self, sizes, rng):\n        n_layers = len(sizes) - 1\n        self.layers = [Layer(sizes[k], sizes[k + 1], rng) for k in range(n_layers)]\n\n    def __call__(self, x):\n        for layer in self.layers:\n            x = layer(x)\n        return x\n\n    def parameters(self):\n        return [p for layer in self.layers for p in layer.parameters()]\n\n    def zero_grad(self):\n        for p in self.parameters():\n            p.grad = 0.0\n',
    hint='expected 0.35192, got 0.338077'))
_BY_ANSWER['value_mlp'].mistakes.append(Mistake(  # written without reading the tests
    'computes the neuron from .data (plain floats): no graph, backward never reaches the weights',
    source='\nclass Neuron:\n    """tanh(w · x + b), or w · x + b if linear, for a list x of n_inputs numbers or Values."""\n\n    def __init__(self, n_inputs, rng, linear=False):\n        self.w = [Value(rng.uniform(-1, 1)) for _ in range(n_inputs)]\n        self.b = Value(0.0)\n        self.linear = linear\n\n    def __call__(self, x):\n        xs = [xi.data if isinstance(xi, Value) else xi for xi in x]\n        s = sum(wi.data * xi for wi, xi in zip(self.w, xs)) + self.b.data\n        return Value(s) if self.linear else Value(math.tanh(s))\n\n    def parameters(self):\n        return self.w + [self.b]\n\n\nclass Layer:\n    """n_outputs Neurons that read the same n_inputs: x (list) -> list of n_outputs Values."""\n\n    def __init__(self, n_inputs, n_outputs, rng, linear=False):\n        self.neurons = [Neuron(n_inputs, rng, linear=linear) for _ in range(n_outputs)]\n\n    def __call__(self, x):\n        return [neuron(x) for neuron in self.neurons]\n\n    def parameters(self):\n        return [p for neuron in self.neurons for p in neuron.parameters()]\n\n\nclass MLP:\n    """Layers of sizes[0] -> sizes[1] -> ... -> sizes[-1]: tanh hidden layers, a linear last layer."""\n\n    def __init__(self, sizes, rng):\n        n_layers = len(sizes) - 1\n        self.layers = [Layer(sizes[k], sizes[k + 1], rng, linear=(k == n_layers - 1)) for k in range(n_layers)]\n\n    def __call__(self, x):\n        for layer in self.layers:\n            x = layer(x)\n        return x\n\n    def parameters(self):\n        return [p for layer in self.layers for p in layer.parameters()]\n\n    def zero_grad(self):\n        for p in self.parameters():\n            p.grad = 0.0\n',
    hint='expected 0.589793, got 0'))
_BY_ANSWER['value_mlp'].mistakes.append(Mistake(  # written without reading the tests
    'Layer.parameters returns a list of lists (not flattened)',
    source='\nclass Neuron:\n    """tanh(w · x + b), or w · x + b if linear, for a list x of n_inputs numbers or Values."""\n\n    def __init__(self, n_inputs, rng, linear=False):\n        self.w = [Value(rng.uniform(-1, 1)) for _ in range(n_inputs)]\n        self.b = Value(0.0)\n        self.linear = linear\n\n    def __call__(self, x):\n        act = self.b\n        for wi, xi in zip(self.w, x):\n            act = act + wi * xi\n        return act if self.linear else act.tanh()\n\n    def parameters(self):\n        return self.w + [self.b]\n\n\nclass Layer:\n    """n_outputs Neurons that read the same n_inputs: x (list) -> list of n_outputs Values."""\n\n    def __init__(self, n_inputs, n_outputs, rng, linear=False):\n        self.neurons = [Neuron(n_inputs, rng, linear=linear) for _ in range(n_outputs)]\n\n    def __call__(self, x):\n        return [neuron(x) for neuron in self.neurons]\n\n    def parameters(self):\n        return [neuron.parameters() for neuron in self.neurons]\n\n\nclass MLP:\n    """Layers of sizes[0] -> sizes[1] -> ... -> sizes[-1]: tanh hidden layers, a linear last layer."""\n\n    def __init__(self, sizes, rng):\n        n_layers = len(sizes) - 1\n        self.layers = [Layer(sizes[k], sizes[k + 1], rng, linear=(k == n_layers - 1)) for k in range(n_layers)]\n\n    def __call__(self, x):\n        for layer in self.layers:\n            x = layer(x)\n        return x\n\n    def parameters(self):\n        return [p for layer in self.layers for p in layer.parameters()]\n\n    def zero_grad(self):\n        for group in self.parameters():\n            for p in group:\n                p.grad = 0.0\n',
    hint='every weight and the bias of every neuron, each once: Layer'))
_BY_ANSWER['value_mlp'].mistakes.append(Mistake(  # written without reading the tests
    'initializes the weights with rng.standard_normal instead of rng.uniform(-1, 1)',
    source='\nclass Neuron:\n    """tanh(w · x + b), or w · x + b if linear, for a list x of n_inputs numbers or Values."""\n\n    def __init__(self, n_inputs, rng, linear=False):\n        self.w = [Value(rng.standard_normal()) for _ in range(n_inputs)]\n        self.b = Value(0.0)\n        self.linear = linear\n\n    def __call__(self, x):\n        act = self.b\n        for wi, xi in zip(self.w, x):\n            act = act + wi * xi\n        return act if self.linear else act.tanh()\n\n    def parameters(self):\n        return self.w + [self.b]\n\n\nclass Layer:\n    """n_outputs Neurons that read the same n_inputs: x (list) -> list of n_outputs Values."""\n\n    def __init__(self, n_inputs, n_outputs, rng, linear=False):\n        self.neurons = [Neuron(n_inputs, rng, linear=linear) for _ in range(n_outputs)]\n\n    def __call__(self, x):\n        return [neuron(x) for neuron in self.neurons]\n\n    def parameters(self):\n        return [p for neuron in self.neurons for p in neuron.parameters()]\n\n\nclass MLP:\n    """Layers of sizes[0] -> sizes[1] -> ... -> sizes[-1]: tanh hidden layers, a linear last layer."""\n\n    def __init__(self, sizes, rng):\n        n_layers = len(sizes) - 1\n        self.layers = [Layer(sizes[k], sizes[k + 1], rng, linear=(k == n_layers - 1)) for k in range(n_layers)]\n\n    def __call__(self, x):\n        for layer in self.layers:\n            x = layer(x)\n        return x\n\n    def parameters(self):\n        return [p for layer in self.layers for p in layer.parameters()]\n\n    def zero_grad(self):\n        for p in self.parameters():\n            p.grad = 0.0\n',
    hint='self.w = [Value(rng.uniform(-1, 1)) for _ in range(n_inputs)'))
_BY_ANSWER['train_value_mlp'].alternatives.append(  # written without reading the tests: loop: mean of squared errors with **2, zero_grad, backward, 
    '\ndef train_value_mlp(mlp, X, y, steps, learning_rate):\n    losses = []\n    N = len(X)\n    for step in range(steps):\n        total = Value(0.0)\n        for x_n, y_n in zip(X, y):\n            out = mlp([float(v) for v in x_n])[0]\n            total = total + (out - float(y_n)) ** 2\n        loss = total * (1.0 / N)\n        mlp.zero_grad()\n        loss.backward()\n        for p in mlp.parameters():\n            p.data -= learning_rate * p.grad\n        losses.append(float(loss.data))\n    return losses\n')
_BY_ANSWER['train_value_mlp'].alternatives.append(  # written without reading the tests: errors squared as e * e, tqdm over the steps, loss divided w
    '\nfrom tqdm.auto import tqdm\n\ndef train_value_mlp(mlp, X, y, steps, learning_rate):\n    history = []\n    for _ in tqdm(range(steps), desc="training", leave=False):\n        errors = [mlp(list(map(float, X[n])))[0] - float(y[n]) for n in range(X.shape[0])]\n        squared = [e * e for e in errors]\n        loss = sum(squared, Value(0.0)) * (len(squared) ** -1)\n        mlp.zero_grad()\n        loss.backward()\n        for p in mlp.parameters():\n            p.data = p.data - learning_rate * p.grad\n        history.append(loss.data)\n    return history\n')
_BY_ANSWER['train_value_mlp'].alternatives.append(  # written without reading the tests: prints the loss every 10 steps; sum via Python sum()
    '\ndef train_value_mlp(mlp, X, y, steps, learning_rate):\n    losses = []\n    params = mlp.parameters()\n    for step in range(steps):\n        preds = [mlp([float(v) for v in row])[0] for row in X]\n        loss = sum((p - t) ** 2 for p, t in zip(preds, y.tolist()))\n        loss = loss * (1 / len(preds))\n        losses.append(loss.data)\n        mlp.zero_grad()\n        loss.backward()\n        for p in params:\n            p.data -= learning_rate * p.grad\n        if step % 10 == 0:\n            print(f"step {step}: loss {loss.data:.4f}")\n    return losses\n')
_BY_ANSWER['train_value_mlp'].mistakes.append(Mistake(  # written without reading the tests
    'sum of squared errors, not the mean (no 1/N)',
    source='\ndef train_value_mlp(mlp, X, y, steps, learning_rate):\n    losses = []\n    for step in range(steps):\n        loss = Value(0.0)\n        for x_n, y_n in zip(X, y):\n            out = mlp([float(v) for v in x_n])[0]\n            loss = loss + (out - float(y_n)) ** 2\n        mlp.zero_grad()\n        loss.backward()\n        for p in mlp.parameters():\n            p.data -= learning_rate * p.grad\n        losses.append(loss.data)\n    return losses\n',
    hint='expected 1.24036, got 9.92285'))
_BY_ANSWER['train_value_mlp'].mistakes.append(Mistake(  # written without reading the tests
    'never calls zero_grad: gradients accumulate over the steps',
    source='\ndef train_value_mlp(mlp, X, y, steps, learning_rate):\n    losses = []\n    N = len(X)\n    for step in range(steps):\n        loss = Value(0.0)\n        for x_n, y_n in zip(X, y):\n            out = mlp([float(v) for v in x_n])[0]\n            loss = loss + (out - float(y_n)) ** 2\n        loss = loss * (1.0 / N)\n        loss.backward()\n        for p in mlp.parameters():\n            p.data -= learning_rate * p.grad\n        losses.append(loss.data)\n    return losses\n',
    hint='expected 0.340335, got 0.394182'))
_BY_ANSWER['train_value_mlp'].mistakes.append(Mistake(  # written without reading the tests
    'adds the gradient (p.data += lr * grad): climbs the loss',
    source='\ndef train_value_mlp(mlp, X, y, steps, learning_rate):\n    losses = []\n    N = len(X)\n    for step in range(steps):\n        loss = Value(0.0)\n        for x_n, y_n in zip(X, y):\n            out = mlp([float(v) for v in x_n])[0]\n            loss = loss + (out - float(y_n)) ** 2\n        loss = loss * (1.0 / N)\n        mlp.zero_grad()\n        loss.backward()\n        for p in mlp.parameters():\n            p.data += learning_rate * p.grad\n        losses.append(loss.data)\n    return losses\n',
    hint='expected 0.304038, got 0.196344'))
_BY_ANSWER['train_value_mlp'].mistakes.append(Mistake(  # written without reading the tests
    'rebinds p = p - lr * grad (a new Value): the parameters never change',
    source='\ndef train_value_mlp(mlp, X, y, steps, learning_rate):\n    losses = []\n    N = len(X)\n    for step in range(steps):\n        loss = Value(0.0)\n        for x_n, y_n in zip(X, y):\n            out = mlp([float(v) for v in x_n])[0]\n            loss = loss + (out - float(y_n)) ** 2\n        loss = loss * (1.0 / N)\n        mlp.zero_grad()\n        loss.backward()\n        for p in mlp.parameters():\n            p = p - learning_rate * p.grad\n        losses.append(loss.data)\n    return losses\n',
    hint='expected 0.304038, got 0.250191'))
_BY_ANSWER['relative_error'].alternatives.append(  # written without reading the tests: np.linalg.norm of the whole arrays, max guard
    'import numpy as np\n\ndef relative_error(a, b):\n    num = np.linalg.norm(a - b)\n    den = max(np.linalg.norm(a) + np.linalg.norm(b), 1e-12)\n    return num / den\n')
_BY_ANSWER['relative_error'].alternatives.append(  # written without reading the tests: sqrt of sums of squares in float64
    'import numpy as np\n\ndef relative_error(a, b):\n    a = np.asarray(a, dtype=np.float64)\n    b = np.asarray(b, dtype=np.float64)\n    diff = np.sqrt(np.sum((a - b) ** 2))\n    norms = np.sqrt(np.sum(a ** 2)) + np.sqrt(np.sum(b ** 2))\n    return float(diff / np.maximum(norms, 1e-12))\n')
_BY_ANSWER['relative_error'].alternatives.append(  # written without reading the tests: python loop over the flattened entries with math.sqrt
    'import math\nimport numpy as np\n\ndef relative_error(a, b):\n    sa = sb = sd = 0.0\n    for u, v in zip(np.ravel(a), np.ravel(b)):\n        u, v = float(u), float(v)\n        sa += u * u\n        sb += v * v\n        sd += (u - v) ** 2\n    return math.sqrt(sd) / max(math.sqrt(sa) + math.sqrt(sb), 1e-12)\n')
_BY_ANSWER['relative_error'].mistakes.append(Mistake(  # written without reading the tests
    'divides by ||b|| only (not symmetric)',
    source='import numpy as np\n\ndef relative_error(a, b):\n    return np.linalg.norm(a - b) / max(np.linalg.norm(b), 1e-12)\n',
    hint='expected 0.085308, got 0.160128'))
_BY_ANSWER['relative_error'].mistakes.append(Mistake(  # written without reading the tests
    'no guard: two zero arrays give 0/0 = NaN',
    source='import numpy as np\n\ndef relative_error(a, b):\n    return np.linalg.norm(a - b) / (np.linalg.norm(a) + np.linalg.norm(b))\n',
    hint='not numerically stable'))
_BY_ANSWER['relative_error'].mistakes.append(Mistake(  # written without reading the tests
    'adds 1e-12 to the denominator instead of max(..., 1e-12): wrong for tiny gradients',
    source='import numpy as np\n\ndef relative_error(a, b):\n    return np.linalg.norm(a - b) / (np.linalg.norm(a) + np.linalg.norm(b) + 1e-12)\n',
    hint='expected 0.333333, got 0.333131'))
_BY_ANSWER['relative_error'].mistakes.append(Mistake(  # written without reading the tests
    'worst entrywise relative error instead of the norms of the whole arrays',
    source='import numpy as np\n\ndef relative_error(a, b):\n    return np.max(np.abs(a - b) / np.maximum(np.abs(a) + np.abs(b), 1e-12))\n',
    hint='expected 0.085308, got 0.111111'))
_BY_ANSWER['dense_backward'].alternatives.append(  # written without reading the tests: dout @ W.T, X.T @ dout, sum over axis 0
    'import numpy as np\n\ndef dense_backward(dout, cache):\n    """Backward of Y = X W + b.  dout (N, M), cache (X (N, D), W (D, M)) -> dX (N, D), dW (D, M), db (M,)."""\n    X, W = cache\n    dX = dout @ W.T\n    dW = X.T @ dout\n    db = dout.sum(axis=0)\n    return dX, dW, db\n')
_BY_ANSWER['dense_backward'].alternatives.append(  # written without reading the tests: np.dot / np.transpose / np.sum
    'import numpy as np\n\ndef dense_backward(dout, cache):\n    """Backward of Y = X W + b.  dout (N, M), cache (X (N, D), W (D, M)) -> dX (N, D), dW (D, M), db (M,)."""\n    X, W = cache\n    dX = np.dot(dout, np.transpose(W))\n    dW = np.dot(np.transpose(X), dout)\n    db = np.sum(dout, axis=0)\n    return (dX, dW, db)\n')
_BY_ANSWER['dense_backward'].alternatives.append(  # written without reading the tests: per-sample loop with outer products
    'import numpy as np\n\ndef dense_backward(dout, cache):\n    """Backward of Y = X W + b.  dout (N, M), cache (X (N, D), W (D, M)) -> dX (N, D), dW (D, M), db (M,)."""\n    X, W = cache\n    N = dout.shape[0]\n    dt = np.result_type(dout, X, W)\n    dX = np.zeros(X.shape, dtype=dt)\n    dW = np.zeros(W.shape, dtype=dt)\n    db = np.zeros(W.shape[1], dtype=dt)\n    for n in range(N):\n        dX[n] = W @ dout[n]\n        dW += np.outer(X[n], dout[n])\n        db += dout[n]\n    return dX, dW, db\n')
_BY_ANSWER['dense_backward'].mistakes.append(Mistake(  # written without reading the tests
    'averages over the batch: every gradient divided by N',
    source='import numpy as np\n\ndef dense_backward(dout, cache):\n    """Backward of Y = X W + b.  dout (N, M), cache (X (N, D), W (D, M)) -> dX (N, D), dW (D, M), db (M,)."""\n    X, W = cache\n    N = X.shape[0]\n    return dout @ W.T / N, X.T @ dout / N, dout.mean(axis=0)\n',
    hint='batch size'))
_BY_ANSWER['dense_backward'].mistakes.append(Mistake(  # written without reading the tests
    'db summed over axis 1 (per sample) instead of over the batch',
    source='import numpy as np\n\ndef dense_backward(dout, cache):\n    """Backward of Y = X W + b.  dout (N, M), cache (X (N, D), W (D, M)) -> dX (N, D), dW (D, M), db (M,)."""\n    X, W = cache\n    dX = dout @ W.T\n    dW = X.T @ dout\n    db = dout.sum(axis=1)\n    return dX, dW, db\n',
    hint='wrong shape'))
_BY_ANSWER['dense_backward'].mistakes.append(Mistake(  # written without reading the tests
    'dX = dout @ W without the transpose (runs only for square W)',
    source='import numpy as np\n\ndef dense_backward(dout, cache):\n    """Backward of Y = X W + b.  dout (N, M), cache (X (N, D), W (D, M)) -> dX (N, D), dW (D, M), db (M,)."""\n    X, W = cache\n    dX = dout @ W\n    dW = X.T @ dout\n    db = dout.sum(axis=0)\n    return dX, dW, db\n',
    hint='dX = dout @ W.T'))
_BY_ANSWER['relu_backward'].alternatives.append(  # written without reading the tests: dout * (x > 0)
    'import numpy as np\n\ndef relu_backward(dout, cache):\n    """dx = dout * [x > 0], with 0 at the kink x = 0.  dout any shape, cache x (same shape) -> dx same shape."""\n    x = cache\n    return dout * (x > 0)\n')
_BY_ANSWER['relu_backward'].alternatives.append(  # written without reading the tests: np.where(x > 0, dout, 0.0)
    'import numpy as np\n\ndef relu_backward(dout, cache):\n    """dx = dout * [x > 0], with 0 at the kink x = 0.  dout any shape, cache x (same shape) -> dx same shape."""\n    x = cache\n    return np.where(x > 0, dout, 0.0)\n')
_BY_ANSWER['relu_backward'].alternatives.append(  # written without reading the tests: copy of dout as float, zeroed where x <= 0
    'import numpy as np\n\ndef relu_backward(dout, cache):\n    """dx = dout * [x > 0], with 0 at the kink x = 0.  dout any shape, cache x (same shape) -> dx same shape."""\n    x = cache\n    dx = np.array(dout, dtype=float, copy=True)\n    dx[x <= 0] = 0.0\n    return dx\n')
_BY_ANSWER['relu_backward'].mistakes.append(Mistake(  # written without reading the tests
    'mask x >= 0 (passes the gradient at the kink)',
    source='import numpy as np\n\ndef relu_backward(dout, cache):\n    """dx = dout * [x > 0], with 0 at the kink x = 0.  dout any shape, cache x (same shape) -> dx same shape."""\n    x = cache\n    return dout * (x >= 0)\n',
    hint='expected 0, got -1'))
_BY_ANSWER['relu_backward'].mistakes.append(Mistake(  # written without reading the tests
    'mask taken from the upstream gradient (dout > 0)',
    source='import numpy as np\n\ndef relu_backward(dout, cache):\n    """dx = dout * [x > 0], with 0 at the kink x = 0.  dout any shape, cache x (same shape) -> dx same shape."""\n    x = cache\n    return dout * (dout > 0)\n',
    hint='expected 0, got 1'))
_BY_ANSWER['relu_backward'].mistakes.append(Mistake(  # written without reading the tests
    'mask from the output, out >= 0 (masks nothing)',
    source='import numpy as np\n\ndef relu_backward(dout, cache):\n    """dx = dout * [x > 0], with 0 at the kink x = 0.  dout any shape, cache x (same shape) -> dx same shape."""\n    x = cache\n    out = np.maximum(x, 0)\n    return dout * (out >= 0)\n',
    hint='expected 0, got 1'))
_BY_ANSWER['relu_backward'].mistakes.append(Mistake(  # written without reading the tests
    'zeros dout in place and returns it',
    source='import numpy as np\n\ndef relu_backward(dout, cache):\n    """dx = dout * [x > 0], with 0 at the kink x = 0.  dout any shape, cache x (same shape) -> dx same shape."""\n    x = cache\n    dout[x <= 0] = 0\n    return dout\n',
    hint='in place'))
_BY_ANSWER['sigmoid_backward'].alternatives.append(  # written without reading the tests: dout * out * (1 - out)
    'import numpy as np\n\ndef sigmoid_backward(dout, cache):\n    """dx = dout * out * (1 - out), out = σ(x) from the cache.  dout, cache any shape -> dx same shape."""\n    out = cache\n    return dout * out * (1 - out)\n')
_BY_ANSWER['sigmoid_backward'].alternatives.append(  # written without reading the tests: np.multiply with the local derivative named
    'import numpy as np\n\ndef sigmoid_backward(dout, cache):\n    """dx = dout * out * (1 - out), out = σ(x) from the cache.  dout, cache any shape -> dx same shape."""\n    out = cache\n    local = np.multiply(out, 1.0 - out)\n    return np.multiply(dout, local)\n')
_BY_ANSWER['sigmoid_backward'].alternatives.append(  # written without reading the tests: elementwise loop with np.ndindex
    'import numpy as np\n\ndef sigmoid_backward(dout, cache):\n    """dx = dout * out * (1 - out), out = σ(x) from the cache.  dout, cache any shape -> dx same shape."""\n    out = cache\n    out = np.asarray(out)\n    dx = np.empty(np.broadcast(dout, out).shape, dtype=np.result_type(dout, out))\n    for idx in np.ndindex(dx.shape):\n        s = out[idx]\n        dx[idx] = dout[idx] * s * (1 - s)\n    return dx\n')
_BY_ANSWER['sigmoid_backward'].mistakes.append(Mistake(  # written without reading the tests
    'applies the sigmoid again to the cached output',
    source='import numpy as np\n\ndef sigmoid_backward(dout, cache):\n    """dx = dout * out * (1 - out), out = σ(x) from the cache.  dout, cache any shape -> dx same shape."""\n    out = cache\n    s = 1 / (1 + np.exp(-out))\n    return dout * s * (1 - s)\n',
    hint='expected 0.25, got 0.235004'))
_BY_ANSWER['sigmoid_backward'].mistakes.append(Mistake(  # written without reading the tests
    'tanh pattern: dout * (1 - out**2)',
    source='import numpy as np\n\ndef sigmoid_backward(dout, cache):\n    """dx = dout * out * (1 - out), out = σ(x) from the cache.  dout, cache any shape -> dx same shape."""\n    out = cache\n    return dout * (1 - out ** 2)\n',
    hint='expected 0.25, got 0.75'))
_BY_ANSWER['sigmoid_backward'].mistakes.append(Mistake(  # written without reading the tests
    'forgets the upstream gradient dout',
    source='import numpy as np\n\ndef sigmoid_backward(dout, cache):\n    """dx = dout * out * (1 - out), out = σ(x) from the cache.  dout, cache any shape -> dx same shape."""\n    out = cache\n    return out * (1 - out)\n',
    hint='expected 0.209987, got 0.104994'))
_BY_ANSWER['sigmoid_backward'].mistakes.append(Mistake(  # written without reading the tests
    'computes in place in the cache array',
    source='import numpy as np\n\ndef sigmoid_backward(dout, cache):\n    """dx = dout * out * (1 - out), out = σ(x) from the cache.  dout, cache any shape -> dx same shape."""\n    out = cache\n    out *= 1 - out\n    out *= dout\n    return out\n',
    hint='in place'))
_BY_ANSWER['softmax_cross_entropy'].alternatives.append(  # written without reading the tests: shifted logits, log-sum-exp, (P - onehot) / N
    'import numpy as np\n\ndef softmax_cross_entropy(logits, y):\n    N = logits.shape[0]\n    shifted = logits - logits.max(axis=1, keepdims=True)\n    log_sum = np.log(np.exp(shifted).sum(axis=1, keepdims=True))\n    log_probs = shifted - log_sum\n    loss = -np.mean(log_probs[np.arange(N), y])\n    P = np.exp(log_probs)\n    dlogits = P.copy()\n    dlogits[np.arange(N), y] -= 1\n    dlogits /= N\n    return float(loss), dlogits\n')
_BY_ANSWER['softmax_cross_entropy'].alternatives.append(  # written without reading the tests: one-hot matrix with np.eye, softmax from the shifted exponen
    'import numpy as np\n\ndef softmax_cross_entropy(logits, y):\n    N, C = logits.shape\n    m = np.max(logits, axis=1, keepdims=True)\n    e = np.exp(logits - m)\n    s = np.sum(e, axis=1, keepdims=True)\n    P = e / s\n    Y = np.eye(C, dtype=logits.dtype)[y]\n    log_p_true = np.sum(Y * (logits - m - np.log(s)), axis=1)\n    loss = -log_p_true.sum() / N\n    dlogits = (P - Y) / N\n    return loss, dlogits\n')
_BY_ANSWER['softmax_cross_entropy'].alternatives.append(  # written without reading the tests: loop over samples
    'import numpy as np\n\ndef softmax_cross_entropy(logits, y):\n    N = logits.shape[0]\n    dlogits = np.empty_like(logits)\n    total = 0.0\n    for n in range(N):\n        z = logits[n] - logits[n].max()\n        lse = np.log(np.sum(np.exp(z)))\n        total += -(z[y[n]] - lse)\n        p = np.exp(z - lse)\n        p[y[n]] -= 1.0\n        dlogits[n] = p / N\n    return total / N, dlogits\n')
_BY_ANSWER['softmax_cross_entropy'].mistakes.append(Mistake(  # written without reading the tests
    'gradient P - onehot without the 1/N of the mean',
    source='import numpy as np\n\ndef softmax_cross_entropy(logits, y):\n    N = logits.shape[0]\n    shifted = logits - logits.max(axis=1, keepdims=True)\n    log_probs = shifted - np.log(np.exp(shifted).sum(axis=1, keepdims=True))\n    loss = -np.mean(log_probs[np.arange(N), y])\n    dlogits = np.exp(log_probs)\n    dlogits[np.arange(N), y] -= 1\n    return loss, dlogits\n',
    hint='batch size'))
_BY_ANSWER['softmax_cross_entropy'].mistakes.append(Mistake(  # written without reading the tests
    'shifts by the maximum of the whole batch',
    source='import numpy as np\n\ndef softmax_cross_entropy(logits, y):\n    N = logits.shape[0]\n    shifted = logits - np.max(logits)\n    e = np.exp(shifted)\n    P = e / e.sum(axis=1, keepdims=True)\n    loss = -np.mean(np.log(P[np.arange(N), y]))\n    dlogits = P.copy()\n    dlogits[np.arange(N), y] -= 1\n    return loss, dlogits / N\n',
    hint='not numerically stable'))
_BY_ANSWER['softmax_cross_entropy'].mistakes.append(Mistake(  # written without reading the tests
    'loss as np.log of the (stable) softmax: inf when p underflows',
    source='import numpy as np\n\ndef softmax_cross_entropy(logits, y):\n    N = logits.shape[0]\n    e = np.exp(logits - logits.max(axis=1, keepdims=True))\n    P = e / e.sum(axis=1, keepdims=True)\n    loss = -np.mean(np.log(P[np.arange(N), y]))\n    dlogits = P.copy()\n    dlogits[np.arange(N), y] -= 1\n    return loss, dlogits / N\n',
    hint='not numerically stable'))
_BY_ANSWER['softmax_cross_entropy'].mistakes.append(Mistake(  # written without reading the tests
    'subtracts 1 with dlogits[:, y] (every row, every label column)',
    source='import numpy as np\n\ndef softmax_cross_entropy(logits, y):\n    N = logits.shape[0]\n    shifted = logits - logits.max(axis=1, keepdims=True)\n    log_probs = shifted - np.log(np.exp(shifted).sum(axis=1, keepdims=True))\n    loss = -np.mean(log_probs[np.arange(N), y])\n    dlogits = np.exp(log_probs)\n    dlogits[:, y] -= 1\n    return loss, dlogits / N\n',
    hint='expected 0.0492829, got -0.450717'))
_BY_ANSWER['mlp_backward'].alternatives.append(  # written without reading the tests: dense 2, ReLU, dense 1 with the student's backward functions
    'import numpy as np\n\ndef mlp_backward(dlogits, caches):\n    """Backward through dense 2, ReLU, dense 1.  dlogits (N, C) -> {"W1", "b1", "W2", "b2"}, shaped like params."""\n    dense1_cache, relu_cache, dense2_cache = caches\n    dh1, dW2, db2 = dense_backward(dlogits, dense2_cache)\n    dz1 = relu_backward(dh1, relu_cache)\n    _, dW1, db1 = dense_backward(dz1, dense1_cache)\n    return {"W1": dW1, "b1": db1, "W2": dW2, "b2": db2}\n')
_BY_ANSWER['mlp_backward'].alternatives.append(  # written without reading the tests: loop over (name, backward, cache) in reverse order
    'import numpy as np\n\ndef mlp_backward(dlogits, caches):\n    """Backward through dense 2, ReLU, dense 1.  dlogits (N, C) -> {"W1", "b1", "W2", "b2"}, shaped like params."""\n    dense1_cache, relu_cache, dense2_cache = caches\n    grads = {}\n    upstream = dlogits\n    steps = [("2", dense_backward, dense2_cache), (None, relu_backward, relu_cache), ("1", dense_backward, dense1_cache)]\n    for layer_id, back, cache in steps:\n        if layer_id is None:\n            upstream = back(upstream, cache)\n        else:\n            upstream, dW, db = back(upstream, cache)\n            grads["W" + layer_id] = dW\n            grads["b" + layer_id] = db\n    return grads\n')
_BY_ANSWER['mlp_backward'].alternatives.append(  # written without reading the tests: prints the shapes as it goes, dict built with dict()
    'import numpy as np\n\ndef mlp_backward(dlogits, caches):\n    """Backward through dense 2, ReLU, dense 1.  dlogits (N, C) -> {"W1", "b1", "W2", "b2"}, shaped like params."""\n    dense1_cache, relu_cache, dense2_cache = caches\n    d_h1, d_W2, d_b2 = dense_backward(dlogits, dense2_cache)\n    d_z1 = relu_backward(d_h1, relu_cache)\n    d_X, d_W1, d_b1 = dense_backward(d_z1, dense1_cache)\n    print("dW2", d_W2.shape, "db2", d_b2.shape, "dW1", d_W1.shape, "db1", d_b1.shape, "dX", d_X.shape)\n    return dict(W1=d_W1, b1=d_b1, W2=d_W2, b2=d_b2)\n')
_BY_ANSWER['mlp_backward'].mistakes.append(Mistake(  # written without reading the tests
    'skips the ReLU backward (dense 1 gets dh1 directly)',
    source='import numpy as np\n\ndef mlp_backward(dlogits, caches):\n    """Backward through dense 2, ReLU, dense 1.  dlogits (N, C) -> {"W1", "b1", "W2", "b2"}, shaped like params."""\n    dense1_cache, relu_cache, dense2_cache = caches\n    dh1, dW2, db2 = dense_backward(dlogits, dense2_cache)\n    _, dW1, db1 = dense_backward(dh1, dense1_cache)\n    return {"W1": dW1, "b1": db1, "W2": dW2, "b2": db2}\n',
    hint='skipped the ReLU'))
_BY_ANSWER['mlp_backward'].mistakes.append(Mistake(  # written without reading the tests
    "divides dlogits by N again ('the loss is a mean')",
    source='import numpy as np\n\ndef mlp_backward(dlogits, caches):\n    """Backward through dense 2, ReLU, dense 1.  dlogits (N, C) -> {"W1", "b1", "W2", "b2"}, shaped like params."""\n    dense1_cache, relu_cache, dense2_cache = caches\n    N = dlogits.shape[0]\n    dh1, dW2, db2 = dense_backward(dlogits / N, dense2_cache)\n    dz1 = relu_backward(dh1, relu_cache)\n    _, dW1, db1 = dense_backward(dz1, dense1_cache)\n    return {"W1": dW1, "b1": db1, "W2": dW2, "b2": db2}\n',
    hint='the batch size N) times too small'))
_BY_ANSWER['mlp_backward'].mistakes.append(Mistake(  # written without reading the tests
    'ReLU mask taken from the upstream gradient dh1 instead of the cached z1',
    source='import numpy as np\n\ndef mlp_backward(dlogits, caches):\n    """Backward through dense 2, ReLU, dense 1.  dlogits (N, C) -> {"W1", "b1", "W2", "b2"}, shaped like params."""\n    dense1_cache, relu_cache, dense2_cache = caches\n    dh1, dW2, db2 = dense_backward(dlogits, dense2_cache)\n    dz1 = relu_backward(dh1, dh1)\n    _, dW1, db1 = dense_backward(dz1, dense1_cache)\n    return {"W1": dW1, "b1": db1, "W2": dW2, "b2": db2}\n',
    hint='mask comes from its cached input z1'))
_BY_ANSWER['mlp_backward'].mistakes.append(Mistake(  # written without reading the tests
    "mixes up the layer numbering: dense 2's gradients stored under W1/b1",
    source='import numpy as np\n\ndef mlp_backward(dlogits, caches):\n    """Backward through dense 2, ReLU, dense 1.  dlogits (N, C) -> {"W1", "b1", "W2", "b2"}, shaped like params."""\n    dense1_cache, relu_cache, dense2_cache = caches\n    dh1, dW_out, db_out = dense_backward(dlogits, dense2_cache)\n    dz1 = relu_backward(dh1, relu_cache)\n    _, dW_in, db_in = dense_backward(dz1, dense1_cache)\n    return {"W1": dW_out, "b1": db_out, "W2": dW_in, "b2": db_in}\n',
    hint='gradients are swapped'))
_BY_ANSWER['two_layer_regression'].alternatives.append(  # written without reading the tests: fixes (5) with / N and (9) with 1 - h1**2
    'import numpy as np\n\ndef two_layer_regression(X, y, params):\n    """Loss and gradients of y_hat = tanh(X W1 + b1) W2 + b2 with L = mean((y_hat − y)²).  -> loss, grads dict."""\n    W1, b1, W2, b2 = params["W1"], params["b1"], params["W2"], params["b2"]\n    N = X.shape[0]\n    z1 = X @ W1 + b1                       # (1)  (N, H)\n    h1 = np.tanh(z1)                       # (2)  (N, H)\n    y_hat = h1 @ W2 + b2                   # (3)  (N, 1)\n    loss = np.mean((y_hat - y) ** 2)       # (4)\n    dy_hat = 2 * (y_hat - y) / N          # (5)  (N, 1)  fixed: the mean\'s 1/N\n    dW2 = h1.T @ dy_hat                    # (6)  (H, 1)\n    db2 = dy_hat.sum(axis=0)               # (7)  (1,)\n    dh1 = dy_hat @ W2.T                    # (8)  (N, H)\n    dz1 = dh1 * (1 - h1 ** 2)              # (9)  (N, H)  fixed: tanh\' = 1 - tanh^2\n    dW1 = X.T @ dz1                        # (10) (D, H)\n    db1 = dz1.sum(axis=0)                  # (11) (H,)\n    return loss, {"W1": dW1, "b1": db1, "W2": dW2, "b2": db2}\n')
_BY_ANSWER['two_layer_regression'].alternatives.append(  # written without reading the tests: fixes (5) with / y.size and (9) with 1 - np.tanh(z1)**2
    'import numpy as np\n\ndef two_layer_regression(X, y, params):\n    """Loss and gradients of y_hat = tanh(X W1 + b1) W2 + b2 with L = mean((y_hat − y)²).  -> loss, grads dict."""\n    W1, b1, W2, b2 = params["W1"], params["b1"], params["W2"], params["b2"]\n    N = X.shape[0]\n    z1 = X @ W1 + b1                       # (1)  (N, H)\n    h1 = np.tanh(z1)                       # (2)  (N, H)\n    y_hat = h1 @ W2 + b2                   # (3)  (N, 1)\n    loss = np.mean((y_hat - y) ** 2)       # (4)\n    dy_hat = 2.0 / y.size * (y_hat - y)   # (5)\n    dW2 = h1.T @ dy_hat                    # (6)  (H, 1)\n    db2 = dy_hat.sum(axis=0)               # (7)  (1,)\n    dh1 = dy_hat @ W2.T                    # (8)  (N, H)\n    dz1 = dh1 * (1.0 - np.tanh(z1) ** 2)   # (9)\n    dW1 = X.T @ dz1                        # (10) (D, H)\n    db1 = dz1.sum(axis=0)                  # (11) (H,)\n    return loss, {"W1": dW1, "b1": db1, "W2": dW2, "b2": db2}\n')
_BY_ANSWER['two_layer_regression'].alternatives.append(  # written without reading the tests: fixes (5) with / len(X) and (9) with 1 - h1 * h1
    'import numpy as np\n\ndef two_layer_regression(X, y, params):\n    """Loss and gradients of y_hat = tanh(X W1 + b1) W2 + b2 with L = mean((y_hat − y)²).  -> loss, grads dict."""\n    W1, b1, W2, b2 = params["W1"], params["b1"], params["W2"], params["b2"]\n    N = X.shape[0]\n    z1 = X @ W1 + b1                       # (1)  (N, H)\n    h1 = np.tanh(z1)                       # (2)  (N, H)\n    y_hat = h1 @ W2 + b2                   # (3)  (N, 1)\n    loss = np.mean((y_hat - y) ** 2)       # (4)\n    dy_hat = (2 * (y_hat - y)) / len(X)    # (5)\n    dW2 = h1.T @ dy_hat                    # (6)  (H, 1)\n    db2 = dy_hat.sum(axis=0)               # (7)  (1,)\n    dh1 = dy_hat @ W2.T                    # (8)  (N, H)\n    dz1 = dh1 * (1 - h1 * h1)              # (9)\n    dW1 = X.T @ dz1                        # (10) (D, H)\n    db1 = dz1.sum(axis=0)                  # (11) (H,)\n    return loss, {"W1": dW1, "b1": db1, "W2": dW2, "b2": db2}\n')
_BY_ANSWER['two_layer_regression'].mistakes.append(Mistake(  # written without reading the tests
    'fixes only line (9): the 1/N of the mean is still missing',
    source='import numpy as np\n\ndef two_layer_regression(X, y, params):\n    """Loss and gradients of y_hat = tanh(X W1 + b1) W2 + b2 with L = mean((y_hat − y)²).  -> loss, grads dict."""\n    W1, b1, W2, b2 = params["W1"], params["b1"], params["W2"], params["b2"]\n    N = X.shape[0]\n    z1 = X @ W1 + b1                       # (1)  (N, H)\n    h1 = np.tanh(z1)                       # (2)  (N, H)\n    y_hat = h1 @ W2 + b2                   # (3)  (N, 1)\n    loss = np.mean((y_hat - y) ** 2)       # (4)\n    dy_hat = 2 * (y_hat - y)               # (5)  (N, 1)\n    dW2 = h1.T @ dy_hat                    # (6)  (H, 1)\n    db2 = dy_hat.sum(axis=0)               # (7)  (1,)\n    dh1 = dy_hat @ W2.T                    # (8)  (N, H)\n    dz1 = dh1 * (1 - h1 ** 2)              # (9)  (N, H)\n    dW1 = X.T @ dz1                        # (10) (D, H)\n    db1 = dz1.sum(axis=0)                  # (11) (H,)\n    return loss, {"W1": dW1, "b1": db1, "W2": dW2, "b2": db2}\n',
    hint='batch size'))
_BY_ANSWER['two_layer_regression'].mistakes.append(Mistake(  # written without reading the tests
    'fixes only line (5): the tanh derivative still uses z1',
    source='import numpy as np\n\ndef two_layer_regression(X, y, params):\n    """Loss and gradients of y_hat = tanh(X W1 + b1) W2 + b2 with L = mean((y_hat − y)²).  -> loss, grads dict."""\n    W1, b1, W2, b2 = params["W1"], params["b1"], params["W2"], params["b2"]\n    N = X.shape[0]\n    z1 = X @ W1 + b1                       # (1)  (N, H)\n    h1 = np.tanh(z1)                       # (2)  (N, H)\n    y_hat = h1 @ W2 + b2                   # (3)  (N, 1)\n    loss = np.mean((y_hat - y) ** 2)       # (4)\n    dy_hat = 2 * (y_hat - y) / N           # (5)  (N, 1)\n    dW2 = h1.T @ dy_hat                    # (6)  (H, 1)\n    db2 = dy_hat.sum(axis=0)               # (7)  (1,)\n    dh1 = dy_hat @ W2.T                    # (8)  (N, H)\n    dz1 = dh1 * (1 - z1 ** 2)              # (9)  (N, H)\n    dW1 = X.T @ dz1                        # (10) (D, H)\n    db1 = dz1.sum(axis=0)                  # (11) (H,)\n    return loss, {"W1": dW1, "b1": db1, "W2": dW2, "b2": db2}\n',
    hint='expected -0.0352295, got 8.96142'))
_BY_ANSWER['two_layer_regression'].mistakes.append(Mistake(  # written without reading the tests
    "line (9) 'fixed' as 1 - tanh(z1) (square missing)",
    source='import numpy as np\n\ndef two_layer_regression(X, y, params):\n    """Loss and gradients of y_hat = tanh(X W1 + b1) W2 + b2 with L = mean((y_hat − y)²).  -> loss, grads dict."""\n    W1, b1, W2, b2 = params["W1"], params["b1"], params["W2"], params["b2"]\n    N = X.shape[0]\n    z1 = X @ W1 + b1                       # (1)  (N, H)\n    h1 = np.tanh(z1)                       # (2)  (N, H)\n    y_hat = h1 @ W2 + b2                   # (3)  (N, 1)\n    loss = np.mean((y_hat - y) ** 2)       # (4)\n    dy_hat = 2 * (y_hat - y) / N           # (5)  (N, 1)\n    dW2 = h1.T @ dy_hat                    # (6)  (H, 1)\n    db2 = dy_hat.sum(axis=0)               # (7)  (1,)\n    dh1 = dy_hat @ W2.T                    # (8)  (N, H)\n    dz1 = dh1 * (1 - np.tanh(z1))          # (9)  (N, H)\n    dW1 = X.T @ dz1                        # (10) (D, H)\n    db1 = dz1.sum(axis=0)                  # (11) (H,)\n    return loss, {"W1": dW1, "b1": db1, "W2": dW2, "b2": db2}\n',
    hint='expected -0.0352295, got -1.42267'))
_BY_ANSWER['two_layer_regression'].mistakes.append(Mistake(  # written without reading the tests
    'divides dW2 and db2 by N instead of dy_hat: layer-1 gradients keep the missing 1/N',
    source='import numpy as np\n\ndef two_layer_regression(X, y, params):\n    """Loss and gradients of y_hat = tanh(X W1 + b1) W2 + b2 with L = mean((y_hat − y)²).  -> loss, grads dict."""\n    W1, b1, W2, b2 = params["W1"], params["b1"], params["W2"], params["b2"]\n    N = X.shape[0]\n    z1 = X @ W1 + b1                       # (1)  (N, H)\n    h1 = np.tanh(z1)                       # (2)  (N, H)\n    y_hat = h1 @ W2 + b2                   # (3)  (N, 1)\n    loss = np.mean((y_hat - y) ** 2)       # (4)\n    dy_hat = 2 * (y_hat - y)               # (5)  (N, 1)\n    dW2 = h1.T @ dy_hat                    # (6)  (H, 1)\n    db2 = dy_hat.sum(axis=0)               # (7)  (1,)\n    dW2, db2 = dW2 / N, db2 / N\n    dh1 = dy_hat @ W2.T                    # (8)  (N, H)\n    dz1 = dh1 * (1 - h1 ** 2)              # (9)  (N, H)\n    dW1 = X.T @ dz1                        # (10) (D, H)\n    db1 = dz1.sum(axis=0)                  # (11) (H,)\n    return loss, {"W1": dW1, "b1": db1, "W2": dW2, "b2": db2}\n',
    hint='batch size'))

# test_claims_04 reads the last alternative of train_value_mlp: the training that squares with ** 2 and ** -1
_POWER_TRAINING = next(a for a in _BY_ANSWER["train_value_mlp"].alternatives if "** -1" in a)
_BY_ANSWER["train_value_mlp"].alternatives.remove(_POWER_TRAINING)
_BY_ANSWER["train_value_mlp"].alternatives.append(_POWER_TRAINING)
_BY_ANSWER["two_layer_regression"].alternatives.append(
    # the weight gradients summed sample by sample in a loop, with a debug print
    "def two_layer_regression(X, y, params):\n"
    "    W1, b1, W2, b2 = params['W1'], params['b1'], params['W2'], params['b2']\n"
    "    N = X.shape[0]\n"
    "    h1 = np.tanh(X @ W1 + b1)\n"
    "    y_hat = h1 @ W2 + b2\n"
    "    loss = np.mean((y_hat - y) ** 2)\n"
    "    print('loss', loss)\n"
    "    dy_hat = 2 * (y_hat - y) / N\n"
    "    dz1 = (dy_hat @ W2.T) * (1 - h1 ** 2)\n"
    "    dW1, dW2 = np.zeros_like(W1), np.zeros_like(W2)\n"
    "    for n in range(N):\n"
    "        dW1 += np.outer(X[n], dz1[n])\n"
    "        dW2 += np.outer(h1[n], dy_hat[n])\n"
    "    return loss, {'W1': dW1, 'b1': dz1.sum(axis=0), 'W2': dW2, 'b2': dy_hat.sum(axis=0)}\n")

# Statements that two careful students could read two ways: a case for each reading.
# power: "a number" is any real number, numpy scalars included, so micrograd's (int, float) check is a mistake.
_BY_ANSWER["Value_functions"].mistakes += [
    Mistake("micrograd's check: raises TypeError for every exponent but int and float, np.int64(2) included",
            source=functions_cell(power=_power("self.grad += exponent * self.data ** (exponent - 1) * out.grad",
                                               check="    if not isinstance(exponent, (int, float)):\n"
                                                     "        raise TypeError('only int or float exponents')\n")),
            hint="np.int64(2) is a number too"),
    Mistake("micrograd's assert isinstance(exponent, (int, float)): refuses np.int64(2)",
            source=functions_cell(power=_power("self.grad += exponent * self.data ** (exponent - 1) * out.grad",
                                               check="    assert isinstance(exponent, (int, float))\n")),
            hint="np.int64(2) is a number too"),
]
# Inserted before the last alternative, which must stay in exact float64 (see the module's docstring).
_BY_ANSWER["Value_functions"].alternatives[-1:-1] = [
    functions_cell(power=_power("self.grad += exponent * self.data ** (exponent - 1) * out.grad",
                                check="    if not isinstance(exponent, (int, float, np.integer, np.floating)):\n"
                                      "        raise TypeError(f'exponent {exponent!r} is not a number')\n")),
]
# relu_backward: dout is a float gradient; dx may keep its dtype or be float64 for a float32 dout.
_BY_ANSWER["relu_backward"].alternatives += [
    "def relu_backward(dout, cache):\n    return dout * (cache > 0)  # keeps dout's dtype\n",
    "def relu_backward(dout, cache):\n    return (dout * (cache > 0)).astype(np.float64)  # float64 for float32 dout\n",
]

# The kinds of correct answers every exercise holds (a loop, float32 work, prints or a progress bar, another library
# function): the ones no case above showed.
_BY_ANSWER["Value"].alternatives += [
    # numpy's multiply for local derivative times upstream gradient, kept a Python float
    value_class("            self.grad += float(np.multiply(other.data, out.grad))\n"
                "            other.grad += float(np.multiply(self.data, out.grad))\n"),
]
_BY_ANSWER["backward"].alternatives += [
    # the standard library's topological sort: graphlib puts each node after the inputs it depends on
    backward_cell("    from graphlib import TopologicalSorter\n\n"
                  "    inputs_of, stack = {}, [self]\n"
                  "    while stack:\n"
                  "        node = stack.pop()\n"
                  "        if node not in inputs_of:\n"
                  "            inputs_of[node] = set(node._prev)\n"
                  "            stack.extend(node._prev)\n"
                  "    order = list(TopologicalSorter(inputs_of).static_order())\n"
                  "    self.grad = 1.0\n"
                  "    for node in reversed(order):\n"
                  "        node._backward()\n"),
]
# Inserted before the last alternative, which must stay in exact float64 (see the module's docstring).
_BY_ANSWER["Value_functions"].alternatives[-1:-1] = [
    # power's closure prints each local derivative, to follow the backward pass
    functions_cell(power=("    if isinstance(exponent, Value):\n"
                          "        raise TypeError(\"the exponent must be a number, not a Value\")\n"
                          "    out = Value(self.data ** exponent, (self,), f\"**{exponent}\")\n\n"
                          "    def _backward():\n"
                          "        local = exponent * self.data ** (exponent - 1)\n"
                          "        print(f'd(x ** {exponent})/dx at x = {self.data:.3g}: {local:.3g}')\n"
                          "        self.grad += local * out.grad\n"
                          "    out._backward = _backward\n"
                          "    return out\n")),
]
_BY_ANSWER["value_mlp"].alternatives += [
    # the weighted sum with functools.reduce, a neuron's parameters with itertools.chain
    "import functools\nimport itertools\n\n"
    + mlp_cell(neuron_call="z = functools.reduce(lambda total, pair: total + pair[0] * pair[1], zip(self.w, x), "
                           "self.b)\n"
                           "        return z if self.linear else z.tanh()",
               neuron_parameters="return list(itertools.chain(self.w, [self.b]))"),
]
_BY_ANSWER["relative_error"].alternatives += [
    # float32 arrays are compared in float32 (the statement allows float32 input), everything else in float64
    "def relative_error(a, b):\n"
    "    dtype = np.result_type(a, b, np.float32)\n"
    "    a, b = np.asarray(a, dtype=dtype), np.asarray(b, dtype=dtype)\n"
    "    return float(np.linalg.norm(a - b) / max(np.linalg.norm(a) + np.linalg.norm(b), 1e-12))\n",
]
_BY_ANSWER["mlp_backward"].alternatives += [
    # every gradient in the dtype of dlogits: a float32 network gets float32 gradients
    "def mlp_backward(dlogits, caches):\n"
    "    dense1_cache, relu_cache, dense2_cache = caches\n"
    "    dh1, dW2, db2 = dense_backward(dlogits, dense2_cache)\n"
    "    dz1 = relu_backward(dh1, relu_cache)\n"
    "    _, dW1, db1 = dense_backward(dz1, dense1_cache)\n"
    "    grads = {'W1': dW1, 'b1': db1, 'W2': dW2, 'b2': db2}\n"
    "    return {name: grad.astype(dlogits.dtype, copy=False) for name, grad in grads.items()}\n",
]
_BY_ANSWER["two_layer_regression"].alternatives += [
    # every array in one dtype: float32 inputs are worked in float32, float64 ones in float64
    regression().replace(
        "    W1, b1, W2, b2 = params['W1'], params['b1'], params['W2'], params['b2']\n",
        "    dtype = np.result_type(X, y, *params.values())\n"
        "    X, y = X.astype(dtype, copy=False), y.astype(dtype, copy=False)\n"
        "    W1, b1, W2, b2 = (params[name].astype(dtype, copy=False) for name in ('W1', 'b1', 'W2', 'b2'))\n"),
]
