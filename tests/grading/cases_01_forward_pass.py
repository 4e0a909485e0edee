"""Grader quality of lesson 01: the mistakes students really make must fail with the right hint, and other correct
implementations (loops, other formulas, float32, code that warns) must pass.

Judgement calls, stated so that they can be argued with:
- sigmoid must not overflow (the statement: exponentiate only numbers <= 0; the tests turn numpy's overflow warning
  into an error) and must be accurate to 1e-6 relative or 1e-15 absolute, as its statement says. So the textbook
  1 / (1 + exp(−z)), whose numbers are right but which overflows, fails, and so does a formula that overflows only in
  the branch np.where throws away; 0.5 (1 + tanh(z / 2)), which never overflows and is off by at most 1e-16 absolutely
  in the left tail, passes: the subnormal σ(−720) ≈ 2e-313 is not demanded (the lesson does not need it).
- softmax shifted by the maximum of the whole batch instead of each row's maximum is stable for one row, but a row
  far below the batch maximum underflows to 0 / 0 = NaN; rows are separate samples, so it fails.
- float32 input may give a float32 or a float64 result (the statements say so): the lesson asks that float32 work,
  not a dtype, and the checks compare at float32 accuracy either way.
- sigmoid's overflow rule is exactly what the tests enforce: any numpy overflow (in exp, a division or a cast) fails,
  even with Python's warnings silenced; any other warning passes. (An answer that wraps its own code in
  np.errstate(over='ignore') hides an overflow from numpy, and so from the tests: no case covers that.)
- mlp_forward goes through the layers one after the other by nature (each needs the previous one's output), so it
  has no vectorized version: its other shapes of the loop are recursion and functools.reduce.
"""
from tests.grading.quality import Exercise, Mistake

LESSON = "01_forward_pass"

EXERCISES = [
    Exercise(
        answer="sigmoid",
        tests=["sigmoid_visible", "sigmoid_hidden"],
        mistakes=[
            Mistake("the textbook formula overflows for very negative z",
                    source="def sigmoid(z):\n    return 1 / (1 + np.exp(-z))\n",
                    hint="overflow encountered in exp"),
            Mistake("the other textbook form gives inf / inf = NaN for large positive z",
                    source="def sigmoid(z):\n    return np.exp(z) / (1 + np.exp(z))\n",
                    hint="overflow encountered in exp"),
            Mistake("overflows in the branch np.where throws away (the statement forbids any overflow)",
                    source="def sigmoid(z):\n"
                           "    return np.where(z >= 0, 1 / (1 + np.exp(-z)), np.exp(z) / (1 + np.exp(z)))\n",
                    hint="exponentiate only numbers <= 0"),
            Mistake("clips z to dodge the overflow, so the limits are no longer exact",
                    source="def sigmoid(z):\n    z = np.clip(z, -500, 500)\n    return 1 / (1 + np.exp(-z))\n",
                    hint="do not clip z"),
            Mistake("sign error: exp(z) instead of exp(−z) mirrors the curve",
                    source="def sigmoid(z):\n"
                           "    e = np.exp(-np.abs(z))\n"
                           "    return np.where(z >= 0, e / (1 + e), 1 / (1 + e))\n",
                    hint="1 / (1 + exp(−z))"),
            Mistake("the stable formula written into the input array",
                    source="def sigmoid(z):\n"
                           "    negative = z < 0\n"
                           "    e = np.exp(z[negative])\n"
                           "    z[negative] = e / (1 + e)\n"
                           "    z[~negative] = 1 / (1 + np.exp(-z[~negative]))\n"
                           "    return z\n",
                    hint="in place"),
        ],
        alternatives=[
            # never overflows; in the left tail it rounds to 0 within the 1e-15 absolute the statement allows
            "def sigmoid(z):\n    return 0.5 * (1 + np.tanh(z / 2))\n",
            # boolean masks into a new float64 array
            "def sigmoid(z):\n"
            "    z = np.asarray(z, dtype=np.float64)\n"
            "    out = np.empty_like(z)\n"
            "    positive = z >= 0\n"
            "    out[positive] = 1 / (1 + np.exp(-z[positive]))\n"
            "    e = np.exp(z[~positive])\n"
            "    out[~positive] = e / (1 + e)\n"
            "    return out\n",
            # a loop over every entry with the math module
            "import math\n\n"
            "def sigmoid(z):\n"
            "    z = np.asarray(z)\n"
            "    out = np.zeros(z.shape)\n"
            "    for index in np.ndindex(z.shape):\n"
            "        value = float(z[index])\n"
            "        if value >= 0:\n"
            "            out[index] = 1 / (1 + math.exp(-value))\n"
            "        else:\n"
            "            e = math.exp(value)\n"
            "            out[index] = e / (1 + e)\n"
            "    return out\n",
            # log-sum-exp: σ(z) = exp(−log(1 + e^(−z)))
            "def sigmoid(z):\n    return np.exp(-np.logaddexp(0, -z))\n",
            # float32 stays float32, the work done on a copy
            "def sigmoid(z):\n"
            "    out = np.array(z, copy=True)\n"
            "    e = np.exp(-np.abs(out))\n"
            "    out[...] = np.where(out >= 0, 1, e) / (1 + e)\n"
            "    return out\n",
        ],
    ),
    Exercise(
        answer="relu",
        tests=["relu_visible", "relu_hidden"],
        mistakes=[
            Mistake("sets the negative entries of the input itself to 0",
                    source="def relu(z):\n    z[z < 0] = 0\n    return z\n",
                    hint="in place"),
            Mistake("returns the mask z > 0 (True/False) instead of the values",
                    source="def relu(z):\n    return z > 0\n",
                    hint="True/False"),
            Mistake("np.max(z, 0) reduces along axis 0 instead of comparing with 0",
                    source="def relu(z):\n    return np.max(z, 0)\n",
                    hint="np.maximum(z, 0)"),
            Mistake("Python's max compares the whole array with 0",
                    source="def relu(z):\n    return max(z, 0)\n",
                    hint="Python's max"),
            Mistake("returns the slope (0 or 1) instead of the value",
                    source="def relu(z):\n    return np.where(z > 0, 1.0, 0.0)\n",
                    hint="compares every entry with 0"),
        ],
        alternatives=[
            "def relu(z):\n    return z * (z > 0)\n",
            "def relu(z):\n    return np.where(z > 0, z, 0.0)\n",
            "def relu(z):\n    return np.clip(z, 0, None)\n",
            "def relu(z):\n    out = z.copy()\n    out[out < 0] = 0\n    return out\n",
            "def relu(z):\n"
            "    z = np.asarray(z)\n"
            "    return np.array([max(float(v), 0.0) for v in z.ravel()]).reshape(z.shape)\n",
        ],
    ),
    Exercise(
        answer="softmax",
        tests=["softmax_visible", "softmax_hidden"],
        mistakes=[
            Mistake("no max shift: exp(1000) overflows",
                    source="def softmax(logits):\n"
                           "    e = np.exp(logits)\n"
                           "    return e / np.sum(e, axis=1, keepdims=True)\n",
                    hint="numerically stable"),
            Mistake("normalizes the columns (axis=0) instead of the rows",
                    source="def softmax(logits):\n"
                           "    e = np.exp(logits - np.max(logits, axis=0, keepdims=True))\n"
                           "    return e / np.sum(e, axis=0, keepdims=True)\n",
                    hint="divide each row by its own sum"),
            Mistake("sums without keepdims, so (N, C) / (N,) does not broadcast",
                    source="def softmax(logits):\n"
                           "    e = np.exp(logits - np.max(logits, axis=1, keepdims=True))\n"
                           "    return e / np.sum(e, axis=1)\n",
                    hint="keepdims=True"),
            Mistake("shifts by the maximum of the whole batch: a row far below it underflows to 0 / 0",
                    source="def softmax(logits):\n"
                           "    e = np.exp(logits - np.max(logits))\n"
                           "    return e / np.sum(e, axis=1, keepdims=True)\n",
                    hint="own maximum"),
            Mistake("subtracts the row maximum from the caller's array",
                    source="def softmax(logits):\n"
                           "    logits -= np.max(logits, axis=1, keepdims=True)\n"
                           "    e = np.exp(logits)\n"
                           "    return e / np.sum(e, axis=1, keepdims=True)\n",
                    hint="in place"),
            Mistake("divides by the sum of the whole array",
                    source="def softmax(logits):\n"
                           "    e = np.exp(logits - np.max(logits, axis=1, keepdims=True))\n"
                           "    return e / np.sum(e)\n",
                    hint="divide each row by its own sum"),
        ],
        alternatives=[
            # a loop over the rows
            "def softmax(logits):\n"
            "    logits = np.asarray(logits, dtype=np.float64)\n"
            "    probs = np.empty_like(logits)\n"
            "    for n, row in enumerate(logits):\n"
            "        e = np.exp(row - row.max())\n"
            "        probs[n] = e / e.sum()\n"
            "    return probs\n",
            # through the log-sum-exp
            "def softmax(logits):\n"
            "    m = logits.max(axis=1, keepdims=True)\n"
            "    log_sum = m + np.log(np.exp(logits - m).sum(axis=1, keepdims=True))\n"
            "    return np.exp(logits - log_sum)\n",
            # on the transpose, with axis=0
            "def softmax(logits):\n"
            "    e = np.exp(logits.T - logits.T.max(axis=0))\n"
            "    return (e / e.sum(axis=0)).T\n",
            # the row maximum via [:, None] instead of keepdims
            "def softmax(logits):\n"
            "    e = np.exp(logits - logits.max(axis=1)[:, None])\n"
            "    return e / e.sum(axis=1)[:, None]\n",
        ],
    ),
    Exercise(
        answer="dense_forward",
        tests=["dense_forward_visible", "dense_forward_hidden"],
        mistakes=[
            Mistake("transposes W",
                    source="def dense_forward(X, W, b):\n    return X @ W.T + b\n",
                    hint="X @ W + b"),
            Mistake("returns the (M, N) transpose of the answer",
                    source="def dense_forward(X, W, b):\n    return W.T @ X.T + b[:, None]\n",
                    hint="transpose"),
            Mistake("adds the bias as a column (M, 1)",
                    source="def dense_forward(X, W, b):\n    return X @ W + b.reshape(-1, 1)\n",
                    hint="added to every row"),
            Mistake("forgets the bias",
                    source="def dense_forward(X, W, b):\n    return X @ W\n",
                    hint="added to every row"),
            Mistake("multiplies elementwise instead of a matrix product",
                    source="def dense_forward(X, W, b):\n    return X * W + b\n",
                    hint="X @ W + b"),
        ],
        alternatives=[
            "def dense_forward(X, W, b):\n    return np.dot(X, W) + b\n",
            "def dense_forward(X, W, b):\n    return np.einsum('nd,dm->nm', X, W) + b[None, :]\n",
            "def dense_forward(X, W, b):\n    return (W.T @ X.T).T + b\n",
            # three loops, one neuron and one sample at a time
            "def dense_forward(X, W, b):\n"
            "    N, D = X.shape\n"
            "    M = W.shape[1]\n"
            "    Z = np.zeros((N, M))\n"
            "    for n in range(N):\n"
            "        for j in range(M):\n"
            "            Z[n, j] = sum(X[n, d] * W[d, j] for d in range(D)) + b[j]\n"
            "    return Z\n",
        ],
    ),
    Exercise(
        answer="mlp_forward",
        tests=["mlp_forward_visible", "mlp_forward_hidden"],
        mistakes=[
            Mistake("calls the activation of the last layer even though it is None",
                    source="def mlp_forward(X, layers):\n"
                           "    h = X\n"
                           "    for W, b, activation in layers:\n"
                           "        h = activation(dense_forward(h, W, b))\n"
                           "    return h\n",
                    hint="do not call None"),
            Mistake("never applies the activations: a linear network",
                    source="def mlp_forward(X, layers):\n"
                           "    h = X\n"
                           "    for W, b, activation in layers:\n"
                           "        h = dense_forward(h, W, b)\n"
                           "    return h\n",
                    hint="h = activation(h @ W + b)"),
            Mistake("applies the activation before the dense layer",
                    source="def mlp_forward(X, layers):\n"
                           "    h = X\n"
                           "    for W, b, activation in layers:\n"
                           "        if activation is not None:\n"
                           "            h = activation(h)\n"
                           "        h = dense_forward(h, W, b)\n"
                           "    return h\n",
                    hint="h = activation(h @ W + b)"),
            Mistake("feeds X into every layer instead of the previous layer's output",
                    source="def mlp_forward(X, layers):\n"
                           "    h = X\n"
                           "    for W, b, activation in layers:\n"
                           "        h = dense_forward(X, W, b)\n"
                           "        if activation is not None:\n"
                           "            h = activation(h)\n"
                           "    return h\n",
                    hint="feeding each layer's output into the next"),
            Mistake("forgets the biases",
                    source="def mlp_forward(X, layers):\n"
                           "    h = X\n"
                           "    for W, b, activation in layers:\n"
                           "        h = h @ W\n"
                           "        if activation is not None:\n"
                           "            h = activation(h)\n"
                           "    return h\n",
                    hint="add the bias"),
            Mistake("uses the first layer's activation for every layer, the last one included",
                    source="def mlp_forward(X, layers):\n"
                           "    activation = layers[0][2]\n"
                           "    h = X\n"
                           "    for W, b, _ in layers:\n"
                           "        h = dense_forward(h, W, b)\n"
                           "        if activation is not None:\n"
                           "            h = activation(h)\n"
                           "    return h\n",
                    hint="skip the activation where it is None"),
            Mistake("skips the activation of the last layer by its position instead of by None",
                    source="def mlp_forward(X, layers):\n"
                           "    h = X\n"
                           "    for i, (W, b, activation) in enumerate(layers):\n"
                           "        h = dense_forward(h, W, b)\n"
                           "        if i < len(layers) - 1:\n"
                           "            h = activation(h)\n"
                           "    return h\n",
                    hint="own activation"),
        ],
        alternatives=[
            # written out without dense_forward, testing the activation's truth value
            "def mlp_forward(X, layers):\n"
            "    h = X\n"
            "    for W, b, activation in layers:\n"
            "        h = h @ W + b\n"
            "        if activation:\n"
            "            h = activation(h)\n"
            "    return h\n",
            # recursion on the list of layers
            "def mlp_forward(X, layers):\n"
            "    if not layers:\n"
            "        return X\n"
            "    W, b, activation = layers[0]\n"
            "    h = dense_forward(X, W, b)\n"
            "    return mlp_forward(h if activation is None else activation(h), layers[1:])\n",
            # functools.reduce with an identity for None
            "from functools import reduce\n\n"
            "def mlp_forward(X, layers):\n"
            "    def step(h, layer):\n"
            "        W, b, activation = layer\n"
            "        z = dense_forward(h, W, b)\n"
            "        return z if activation is None else activation(z)\n"
            "    return reduce(step, layers, X)\n",
            # an index loop, float64 accumulation
            "def mlp_forward(X, layers):\n"
            "    h = np.asarray(X)\n"
            "    for i in range(len(layers)):\n"
            "        W, b, activation = layers[i]\n"
            "        h = np.dot(h, W) + b\n"
            "        h = activation(h) if activation is not None else h\n"
            "    return h\n",
        ],
    ),
    Exercise(
        answer="logic_weights",
        tests=["logic_weights_visible", "logic_weights_hidden"],
        mistakes=[
            Mistake("designs OR for corners 0 and 1: b = −0.5 puts (−1, 1) and (1, −1) on the wrong side",
                    source="and_neuron = (np.array([1.0, 1.0]), -1.0)\n"
                           "or_neuron = (np.array([1.0, 1.0]), -0.5)\n"
                           "xor_layers = [(np.column_stack([or_neuron[0], and_neuron[0]]),\n"
                           "               np.array([or_neuron[1], and_neuron[1]]), relu),\n"
                           "              (np.array([[2.0], [-6.0]]), np.array([-1.0]), None)]\n",
                    hint="not 0 and 1"),
            Mistake("AND with b = 0 puts (−1, 1) and (1, −1) exactly on the line",
                    source="and_neuron = (np.array([1.0, 1.0]), 0.0)\n"
                           "or_neuron = (np.array([1.0, 1.0]), 1.0)\n"
                           "xor_layers = [(np.column_stack([or_neuron[0], and_neuron[0]]),\n"
                           "               np.array([or_neuron[1], and_neuron[1]]), relu),\n"
                           "              (np.array([[2.0], [-6.0]]), np.array([-1.0]), None)]\n",
                    hint="AND is class 1 only at (1, 1)"),
            Mistake("AND and OR swapped",
                    source="or_neuron = (np.array([1.0, 1.0]), -1.0)\n"
                           "and_neuron = (np.array([1.0, 1.0]), 1.0)\n"
                           "xor_layers = [(np.column_stack([or_neuron[0], and_neuron[0]]),\n"
                           "               np.array([or_neuron[1], and_neuron[1]]), relu),\n"
                           "              (np.array([[2.0], [-6.0]]), np.array([-1.0]), None)]\n",
                    hint="AND is class 1 only at (1, 1)"),
            Mistake("right signs, but too small a margin: every z within ±0.3",
                    source="and_neuron = (np.array([0.1, 0.1]), -0.1)\n"
                           "or_neuron = (np.array([0.1, 0.1]), 0.1)\n"
                           "xor_layers = [(np.column_stack([or_neuron[0], and_neuron[0]]),\n"
                           "               np.array([or_neuron[1], and_neuron[1]]), relu),\n"
                           "              (np.array([[2.0], [-6.0]]), np.array([-0.1]), None)]\n",
                    hint="by at least 0.5"),
            Mistake("a neuron written as one flat array (w1, w2, b)",
                    source="and_neuron = np.array([1.0, 1.0, -1.0])\n"
                           "or_neuron = np.array([1.0, 1.0, 1.0])\n"
                           "xor_layers = [(np.array([[1.0, 1.0], [1.0, 1.0]]), np.array([1.0, -1.0]), relu),\n"
                           "              (np.array([[2.0], [-6.0]]), np.array([-1.0]), None)]\n",
                    hint="(np.array([w1, w2]), b)"),
            Mistake("no activation in the hidden layer: the network is linear",
                    source="and_neuron = (np.array([1.0, 1.0]), -1.0)\n"
                           "or_neuron = (np.array([1.0, 1.0]), 1.0)\n"
                           "xor_layers = [(np.column_stack([or_neuron[0], and_neuron[0]]),\n"
                           "               np.array([or_neuron[1], and_neuron[1]]), None),\n"
                           "              (np.array([[2.0], [-6.0]]), np.array([-1.0]), None)]\n",
                    hint="the hidden layer needs an activation"),
            Mistake("OR and AND instead of OR but not AND",
                    source="and_neuron = (np.array([1.0, 1.0]), -1.0)\n"
                           "or_neuron = (np.array([1.0, 1.0]), 1.0)\n"
                           "xor_layers = [(np.column_stack([or_neuron[0], and_neuron[0]]),\n"
                           "               np.array([or_neuron[1], and_neuron[1]]), relu),\n"
                           "              (np.array([[1.0], [1.0]]), np.array([-1.0]), None)]\n",
                    hint="OR but not AND"),
            Mistake("a ReLU on the output: the logit of a class-0 corner cannot go below 0",
                    source="and_neuron = (np.array([1.0, 1.0]), -1.0)\n"
                           "or_neuron = (np.array([1.0, 1.0]), 1.0)\n"
                           "xor_layers = [(np.column_stack([or_neuron[0], and_neuron[0]]),\n"
                           "               np.array([or_neuron[1], and_neuron[1]]), relu),\n"
                           "              (np.array([[2.0], [-6.0]]), np.array([-1.0]), relu)]\n",
                    hint="last layer's activation to None"),
            Mistake("W2 and b2 flat, shapes (2,) and (): mlp_forward broadcasts them; the statement asks (2, 1), (1,)",
                    source="and_neuron = (np.array([1.0, 1.0]), -1.0)\n"
                           "or_neuron = (np.array([1.0, 1.0]), 1.0)\n"
                           "xor_layers = [(np.column_stack([or_neuron[0], and_neuron[0]]),\n"
                           "               np.array([or_neuron[1], and_neuron[1]]), relu),\n"
                           "              (np.array([2.0, -6.0]), -1.0, None)]\n",
                    hint="one row of W2 per hidden neuron"),
            Mistake("b2 a plain number: the output layer's bias has shape (1,)",
                    source="and_neuron = (np.array([1.0, 1.0]), -1.0)\n"
                           "or_neuron = (np.array([1.0, 1.0]), 1.0)\n"
                           "xor_layers = [(np.column_stack([or_neuron[0], and_neuron[0]]),\n"
                           "               np.array([or_neuron[1], and_neuron[1]]), relu),\n"
                           "              (np.array([[2.0], [-6.0]]), -1.0, None)]\n",
                    hint="b2 = np.array([b])"),
            Mistake("copies the XOR network of section 2.8 instead of building it from the two neurons",
                    source="and_neuron = (np.array([1.0, 1.0]), -1.0)\n"
                           "or_neuron = (np.array([1.0, 1.0]), 1.0)\n"
                           "xor_layers = [(np.array([[1.0, -1.0], [-1.0, 1.0]]), np.array([0.0, 0.0]), relu),\n"
                           "              (np.array([[2.0], [2.0]]), np.array([-1.0]), None)]\n",
                    hint="column 0 of W1 is your OR neuron"),
        ],
        alternatives=[
            # larger weights, sigmoid hidden neurons (the student's own sigmoid of exercise 1)
            "and_neuron = (np.array([3.0, 3.0]), -3.0)\n"
            "or_neuron = (np.array([3.0, 3.0]), 3.0)\n"
            "xor_layers = [(np.column_stack([or_neuron[0], and_neuron[0]]),\n"
            "               np.array([or_neuron[1], and_neuron[1]]), sigmoid),\n"
            "              (np.array([[4.0], [-8.0]]), np.array([-2.0]), None)]\n",
            # plain Python lists and floats, tanh hidden neurons
            "and_neuron = ([2.0, 2.0], -2.0)\n"
            "or_neuron = ([2.0, 2.0], 2.0)\n"
            "xor_layers = [([[2.0, 2.0], [2.0, 2.0]], [2.0, -2.0], np.tanh),\n"
            "              ([[1.0], [-1.0]], [-1.0], None)]\n",
            # float32 arrays, the hidden layer filled in a loop over the neurons
            "and_neuron = (np.array([1.0, 2.0], dtype=np.float32), np.float32(-2.0))\n"
            "or_neuron = (np.array([2.0, 1.0], dtype=np.float32), np.float32(2.0))\n"
            "W1, b1 = np.zeros((2, 2), dtype=np.float32), np.zeros(2, dtype=np.float32)\n"
            "for column, (w, b) in enumerate([or_neuron, and_neuron]):\n"
            "    W1[:, column], b1[column] = w, b\n"
            "xor_layers = [(W1, b1, relu), (np.array([[1.0], [-6.0]], dtype=np.float32),\n"
            "                              np.array([-0.5], dtype=np.float32), None)]\n",
            # np.stack along the columns and a lambda for the ReLU
            "and_neuron = (np.array([0.5, 0.5]), -0.5)\n"
            "or_neuron = (np.array([0.5, 0.5]), 0.5)\n"
            "W1 = np.stack([or_neuron[0], and_neuron[0]], axis=1)\n"
            "b1 = np.hstack([or_neuron[1], and_neuron[1]])\n"
            "xor_layers = [(W1, b1, lambda h: np.maximum(h, 0)), (np.array([[4.0], [-12.0]]), np.array([-1.0]), None)]\n",
        ],
    ),
]

# Issue #14: at least 8 real mistakes and 4 other correct answers per exercise, among them a loop, a float32 version,
# an answer that prints or shows a progress bar (tqdm writes to stderr), and one built on another library function.
_BY_ANSWER = {exercise.answer: exercise for exercise in EXERCISES}
_BY_ANSWER["sigmoid"].mistakes += [
    Mistake("one branch for every z: 1 / (1 + exp(−|z|)) is right only for z >= 0",
            source="def sigmoid(z):\n    return 1 / (1 + np.exp(-np.abs(z)))\n",
            hint="expected 0.268941, got 0.731059"),
    Mistake("rounds the result to 4 decimals, as the example prints it",
            source="def sigmoid(z):\n"
                   "    e = np.exp(-np.abs(z))\n"
                   "    return np.round(np.where(z >= 0, 1 / (1 + e), e / (1 + e)), 4)\n",
            hint="expected 0.268941, got 0.2689"),
]
_BY_ANSWER["sigmoid"].alternatives += [
    # written without reading the tests (its author marked it wrong against the former statement, which demanded the
    # subnormal σ(−720); the statement now asks 1e-15 absolute near 0, which 1 − σ(|z|) meets)
    "import numpy as np\n\n"
    "def sigmoid(z):\n"
    "    z = np.asarray(z)\n"
    "    e = np.exp(-np.abs(z))\n"
    "    pos_part = 1 / (1 + e)                 # sigma(|z|)\n"
    "    return np.where(z >= 0, pos_part, 1 - pos_part)\n",
    # written without reading the tests (marked wrong by its author for the same reason)
    "import numpy as np\n\n"
    "def sigmoid(z):\n"
    "    # sigma(z) = (1 + tanh(z / 2)) / 2, and tanh never overflows\n"
    "    return 0.5 * (1 + np.tanh(z / 2))\n",
    # a progress bar over the entries, and a debug print
    "from tqdm import tqdm\n"
    "import math\n\n"
    "def sigmoid(z):\n"
    "    z = np.asarray(z)\n"
    "    print('sigmoid of', z.shape)\n"
    "    out = np.zeros(z.shape, dtype=z.dtype if z.dtype == np.float32 else np.float64)\n"
    "    for index in tqdm(list(np.ndindex(z.shape))):\n"
    "        e = math.exp(-abs(float(z[index])))\n"
    "        out[index] = 1 / (1 + e) if z[index] >= 0 else e / (1 + e)\n"
    "    return out\n",
]
_BY_ANSWER["relu"].mistakes += [
    # written without reading the tests
    Mistake("(z + |z|) / 2: overflows to inf for huge positive entries (1e308)",
            source="import numpy as np\n\ndef relu(z):\n    return (z + np.abs(z)) / 2\n",
            hint="not numerically stable"),
    Mistake("leaky ReLU with slope 0.01 instead of 0",
            source="def relu(z):\n    return np.where(z > 0, z, 0.01 * z)\n",
            hint="expected 0, got -0.02"),
    Mistake("the absolute value instead of max(z, 0)",
            source="def relu(z):\n    return np.abs(z)\n",
            hint="expected 0, got 2"),
    Mistake("rounds to integers: an int array",
            source="def relu(z):\n    return np.maximum(z, 0).astype(int)\n",
            hint="integers"),
]
_BY_ANSWER["relu"].alternatives += [
    "def relu(z):\n    print('relu on', np.shape(z))\n    return np.maximum(z, np.zeros_like(z))\n",
    "def relu(z):\n    return np.fmax(z, 0).astype(np.asarray(z).dtype)\n",
]
_BY_ANSWER["softmax"].mistakes += [
    Mistake("exponentiates without normalizing",
            source="def softmax(logits):\n    return np.exp(logits - logits.max(axis=1, keepdims=True))\n",
            hint="expected 0.659001, got 1"),
    Mistake("works in float32 on float64 logits",
            source="def softmax(logits):\n"
                   "    z = np.asarray(logits, dtype=np.float32)\n"
                   "    e = np.exp(z - z.max(axis=1, keepdims=True))\n"
                   "    return e / e.sum(axis=1, keepdims=True)\n",
            hint="only float32 precision"),
]
_BY_ANSWER["softmax"].alternatives += [
    # a loop over the rows with a progress bar
    "from tqdm import tqdm\n\n"
    "def softmax(logits):\n"
    "    probs = np.zeros(np.shape(logits), dtype=np.result_type(logits, np.float32))\n"
    "    for n in tqdm(range(len(logits))):\n"
    "        e = np.exp(logits[n] - np.max(logits[n]))\n"
    "        probs[n] = e / e.sum()\n"
    "    return probs\n",
]
_BY_ANSWER["dense_forward"].mistakes += [
    Mistake("adds the bias twice",
            source="def dense_forward(X, W, b):\n    return X @ W + 2 * b\n",
            hint="constant factor of 2"),
    Mistake("subtracts the bias",
            source="def dense_forward(X, W, b):\n    return X @ W - b\n",
            hint="wrong sign"),
    Mistake("the product in the wrong order, W @ X",
            source="def dense_forward(X, W, b):\n    return W @ X + b\n",
            hint="(N, D) @ (D, M) gives (N, M)"),
]
_BY_ANSWER["dense_forward"].alternatives += [
    "def dense_forward(X, W, b):\n    print('X', X.shape, 'W', W.shape)\n    return np.matmul(X, W) + b\n",
]
_BY_ANSWER["mlp_forward"].mistakes += [
    Mistake("returns the list of every layer's output instead of the last one",
            source="def mlp_forward(X, layers):\n"
                   "    outputs, h = [], X\n"
                   "    for W, b, activation in layers:\n"
                   "        h = dense_forward(h, W, b)\n"
                   "        h = h if activation is None else activation(h)\n"
                   "        outputs.append(h)\n"
                   "    return outputs\n",
            hint="mlp_forward(X, [(W, b, None)]) has the wrong shape"),
]
_BY_ANSWER["mlp_forward"].alternatives += [
    "from tqdm import tqdm\n\n"
    "def mlp_forward(X, layers):\n"
    "    h = X\n"
    "    for W, b, activation in tqdm(layers, desc='layers'):\n"
    "        h = dense_forward(h, W, b)\n"
    "        if activation is not None:\n"
    "            h = activation(h)\n"
    "    return h\n",
]
_BY_ANSWER["logic_weights"].alternatives += [
    # prints while checking the corners, and numpy's tanh in the hidden layer
    "and_neuron = (np.array([1.0, 1.0]), -1.0)\n"
    "or_neuron = (np.array([1.0, 1.0]), 1.0)\n"
    "for corner in (np.array([[-1.0, -1.0], [-1.0, 1.0], [1.0, -1.0], [1.0, 1.0]])):\n"
    "    print(corner, corner @ and_neuron[0] + and_neuron[1], corner @ or_neuron[0] + or_neuron[1])\n"
    "xor_layers = [(np.column_stack([or_neuron[0], and_neuron[0]]), np.array([1.0, -1.0]), np.tanh),\n"
    "              (np.array([[4.0], [-4.0]]), np.array([-2.0]), None)]\n",
]

# Answers written without reading the tests (issue #14, section 4): each correct one must pass, each wrong one
# must fail with the hint its message gives.
_BY_ANSWER['sigmoid'].alternatives.append(  # written without reading the tests: np.where on exp(-|z|): exponentiates only numbers <= 0
    'import numpy as np\n\ndef sigmoid(z):\n    """σ(z) = 1 / (1 + exp(−z)), elementwise."""\n    z = np.asarray(z)\n    e = np.exp(-np.abs(z))          # always <= 1, never overflows\n    return np.where(z >= 0, 1 / (1 + e), e / (1 + e))\n')
_BY_ANSWER['sigmoid'].alternatives.append(  # written without reading the tests: boolean masks, one formula per sign, into np.empty_like
    'import numpy as np\n\ndef sigmoid(z):\n    z = np.asarray(z)\n    out = np.empty_like(z)\n    pos = z >= 0\n    neg = ~pos\n    out[pos] = 1.0 / (1.0 + np.exp(-z[pos]))\n    ez = np.exp(z[neg])\n    out[neg] = ez / (1.0 + ez)\n    return out\n')
_BY_ANSWER['sigmoid'].alternatives.append(  # written without reading the tests: python loop over every entry with math.exp, cast back to the
    'import math\nimport numpy as np\n\ndef sigmoid(z):\n    z = np.asarray(z)\n    out = np.empty(z.shape, dtype=z.dtype)\n    for idx in np.ndindex(z.shape):\n        v = float(z[idx])\n        if v >= 0:\n            out[idx] = 1.0 / (1.0 + math.exp(-v))\n        else:\n            e = math.exp(v)\n            out[idx] = e / (1.0 + e)\n    return out\n')
_BY_ANSWER['sigmoid'].mistakes.append(Mistake(  # written without reading the tests
    'textbook formula 1/(1+exp(-z)): overflows for z < -709 and loses the left tail (sigma(-720) -> 0)',
    source='import numpy as np\n\ndef sigmoid(z):\n    return 1 / (1 + np.exp(-z))\n',
    hint='overflow encountered'))
_BY_ANSWER['sigmoid'].mistakes.append(Mistake(  # written without reading the tests
    'stable formula but writes the result into z itself (modifies the input in place)',
    source='import numpy as np\n\ndef sigmoid(z):\n    e = np.exp(-np.abs(z))\n    pos = z >= 0\n    z[pos] = 1 / (1 + e[pos])\n    z[~pos] = e[~pos] / (1 + e[~pos])\n    return z\n',
    hint='in place'))
_BY_ANSWER['relu'].alternatives.append(  # written without reading the tests: np.maximum(z, 0)
    'import numpy as np\n\ndef relu(z):\n    return np.maximum(z, 0)\n')
_BY_ANSWER['relu'].alternatives.append(  # written without reading the tests: copy, then zero the negative entries with a mask
    'import numpy as np\n\ndef relu(z):\n    out = np.array(z, copy=True)\n    out[out < 0] = 0\n    return out\n')
_BY_ANSWER['relu'].alternatives.append(  # written without reading the tests: np.where(z < 0, 0, z) keeping the dtype
    'import numpy as np\n\ndef relu(z):\n    z = np.asarray(z)\n    return np.where(z < 0, np.zeros_like(z), z)\n')
_BY_ANSWER['relu'].mistakes.append(Mistake(  # written without reading the tests
    'np.max(z, 0): reduces over axis 0 instead of comparing entrywise',
    source='import numpy as np\n\ndef relu(z):\n    return np.max(z, 0)\n',
    hint='wrong shape'))
_BY_ANSWER['relu'].mistakes.append(Mistake(  # written without reading the tests
    'sets negatives to 0 in the input array itself (in place)',
    source='import numpy as np\n\ndef relu(z):\n    z[z < 0] = 0\n    return z\n',
    hint='in place'))
_BY_ANSWER['relu'].mistakes.append(Mistake(  # written without reading the tests
    'confuses with leaky ReLU: keeps 0.01*z for negative entries',
    source='import numpy as np\n\ndef relu(z):\n    return np.where(z > 0, z, 0.01 * z)\n',
    hint='expected 0, got -0.02'))
_BY_ANSWER['softmax'].alternatives.append(  # written without reading the tests: vectorised: per-row max shift, keepdims
    'import numpy as np\n\ndef softmax(logits):\n    shifted = logits - np.max(logits, axis=1, keepdims=True)\n    e = np.exp(shifted)\n    return e / np.sum(e, axis=1, keepdims=True)\n')
_BY_ANSWER['softmax'].alternatives.append(  # written without reading the tests: loop over the rows with tqdm progress bar
    'import numpy as np\nfrom tqdm.auto import tqdm\n\ndef softmax(logits):\n    logits = np.asarray(logits)\n    probs = np.empty_like(logits)\n    for n in tqdm(range(logits.shape[0]), desc="softmax rows", leave=False):\n        row = logits[n] - logits[n].max()\n        e = np.exp(row)\n        probs[n] = e / e.sum()\n    return probs\n')
_BY_ANSWER['softmax'].alternatives.append(  # written without reading the tests: log-softmax via np.logaddexp.reduce (log-sum-exp), then exp
    'import numpy as np\n\ndef softmax(logits):\n    m = logits.max(axis=1, keepdims=True)\n    lse = m + np.log(np.sum(np.exp(logits - m), axis=1, keepdims=True))\n    return np.exp(logits - lse)\n')
_BY_ANSWER['softmax'].mistakes.append(Mistake(  # written without reading the tests
    "shifts by the max of the whole batch, not each row's max",
    source='import numpy as np\n\ndef softmax(logits):\n    e = np.exp(logits - np.max(logits))\n    return e / e.sum(axis=1, keepdims=True)\n',
    hint='not numerically stable'))
_BY_ANSWER['softmax'].mistakes.append(Mistake(  # written without reading the tests
    'no max shift at all: exp overflows for logits around 1000',
    source='import numpy as np\n\ndef softmax(logits):\n    e = np.exp(logits)\n    return e / np.sum(e, axis=1, keepdims=True)\n',
    hint='not numerically stable'))
_BY_ANSWER['softmax'].mistakes.append(Mistake(  # written without reading the tests
    'subtracts the row max in place (logits -= ...), modifying the input',
    source='import numpy as np\n\ndef softmax(logits):\n    logits -= logits.max(axis=1, keepdims=True)\n    np.exp(logits, out=logits)\n    logits /= logits.sum(axis=1, keepdims=True)\n    return logits\n',
    hint='in place'))
_BY_ANSWER['softmax'].mistakes.append(Mistake(  # written without reading the tests
    'shifts by the row mean instead of the row max: overflows when a row spans > ~1400',
    source='import numpy as np\n\ndef softmax(logits):\n    shifted = logits - logits.mean(axis=1, keepdims=True)\n    e = np.exp(shifted)\n    return e / e.sum(axis=1, keepdims=True)\n',
    hint='not numerically stable'))
_BY_ANSWER['dense_forward'].alternatives.append(  # written without reading the tests: X @ W + b
    'import numpy as np\n\ndef dense_forward(X, W, b):\n    return X @ W + b\n')
_BY_ANSWER['dense_forward'].alternatives.append(  # written without reading the tests: np.einsum plus explicit row-broadcast bias
    'import numpy as np\n\ndef dense_forward(X, W, b):\n    Z = np.einsum("nd,dm->nm", X, W)\n    return Z + b[np.newaxis, :]\n')
_BY_ANSWER['dense_forward'].alternatives.append(  # written without reading the tests: double loop over samples and neurons (like section 2.6)
    'import numpy as np\n\ndef dense_forward(X, W, b):\n    N, M = X.shape[0], W.shape[1]\n    Z = np.zeros((N, M), dtype=np.result_type(X, W, b))\n    for n in range(N):\n        for j in range(M):\n            Z[n, j] = np.dot(X[n, :], W[:, j]) + b[j]\n    return Z\n')
_BY_ANSWER['dense_forward'].mistakes.append(Mistake(  # written without reading the tests
    'forgets the bias',
    source='import numpy as np\n\ndef dense_forward(X, W, b):\n    return X @ W\n',
    hint='expected 0.1, got 0'))
_BY_ANSWER['dense_forward'].mistakes.append(Mistake(  # written without reading the tests
    'PyTorch convention X @ W.T (only runs when W is square, then wrong)',
    source='import numpy as np\n\ndef dense_forward(X, W, b):\n    return X @ W.T + b\n',
    hint='ValueError'))
_BY_ANSWER['dense_forward'].mistakes.append(Mistake(  # written without reading the tests
    'bias reshaped to a column (adds b_n to sample n instead of b_j to neuron j)',
    source='import numpy as np\n\ndef dense_forward(X, W, b):\n    return X @ W + b.reshape(-1, 1)\n',
    hint='wrong shape'))
_BY_ANSWER['dense_forward'].mistakes.append(Mistake(  # written without reading the tests
    'adds the summed bias (a scalar) to every entry',
    source='import numpy as np\n\ndef dense_forward(X, W, b):\n    return np.dot(X, W) + np.sum(b)\n',
    hint='expected 0.1, got 1'))
_BY_ANSWER['mlp_forward'].alternatives.append(  # written without reading the tests: for loop over layers using dense_forward
    'import numpy as np\n\ndef mlp_forward(X, layers):\n    h = X\n    for W, b, activation in layers:\n        h = dense_forward(h, W, b)\n        if activation is not None:\n            h = activation(h)\n    return h\n')
_BY_ANSWER['mlp_forward'].alternatives.append(  # written without reading the tests: functools.reduce over the layers
    'import numpy as np\nfrom functools import reduce\n\ndef mlp_forward(X, layers):\n    def step(h, layer):\n        W, b, act = layer\n        z = dense_forward(h, W, b)\n        return z if act is None else act(z)\n    return reduce(step, layers, X)\n')
_BY_ANSWER['mlp_forward'].alternatives.append(  # written without reading the tests: index loop with progress printing and shape asserts
    'import numpy as np\n\ndef mlp_forward(X, layers):\n    H = X\n    for l in range(len(layers)):\n        W, b, act = layers[l]\n        assert H.shape[1] == W.shape[0], f"layer {l}: {H.shape} @ {W.shape}"\n        Z = dense_forward(H, W, b)\n        H = Z if act is None else act(Z)\n        print(f"layer {l + 1}/{len(layers)}: output shape {H.shape}")\n    return H\n')
_BY_ANSWER['mlp_forward'].mistakes.append(Mistake(  # written without reading the tests
    'never applies an activation on the last layer, whatever it is',
    source='import numpy as np\n\ndef mlp_forward(X, layers):\n    h = X\n    for i, (W, b, activation) in enumerate(layers):\n        h = dense_forward(h, W, b)\n        if i < len(layers) - 1 and activation is not None:\n            h = activation(h)\n    return h\n',
    hint='expected 0, got -1.58879'))
_BY_ANSWER['mlp_forward'].mistakes.append(Mistake(  # written without reading the tests
    'applies the activation before the affine step',
    source='import numpy as np\n\ndef mlp_forward(X, layers):\n    h = X\n    for W, b, activation in layers:\n        if activation is not None:\n            h = activation(h)\n        h = dense_forward(h, W, b)\n    return h\n',
    hint='expected 1, got -1'))
_BY_ANSWER['mlp_forward'].mistakes.append(Mistake(  # written without reading the tests
    'ignores the given activation and always uses relu on hidden layers',
    source='import numpy as np\n\ndef mlp_forward(X, layers):\n    h = X\n    for W, b, activation in layers:\n        h = dense_forward(h, W, b)\n        if activation is not None:\n            h = np.maximum(h, 0)\n    return h\n',
    hint='expected 18.7387, got 78.8465'))
_BY_ANSWER['mlp_forward'].mistakes.append(Mistake(  # written without reading the tests
    "feeds X into every layer instead of the previous layer's output",
    source='import numpy as np\n\ndef mlp_forward(X, layers):\n    out = X\n    for W, b, activation in layers:\n        out = dense_forward(X, W, b)\n        if activation is not None:\n            out = activation(out)\n    return out\n',
    hint='expected -1, got -3'))
_BY_ANSWER['logic_weights'].alternatives.append(  # written without reading the tests: w=(1,1), b=-1 / +1; relu hidden layer; output (1, -4), -0.5
    'import numpy as np\n\nand_neuron = (np.array([1.0, 1.0]), -1.0)\nor_neuron = (np.array([1.0, 1.0]), 1.0)\n\nW1 = np.column_stack([or_neuron[0], and_neuron[0]])     # (2, 2): OR in column 0, AND in column 1\nb1 = np.array([or_neuron[1], and_neuron[1]])\nW2 = np.array([[1.0], [-4.0]])                          # OR but not AND\nb2 = np.array([-0.5])\nxor_layers = [(W1, b1, relu), (W2, b2, None)]\n')
_BY_ANSWER['logic_weights'].alternatives.append(  # written without reading the tests: w=(2,2), b=-2 / +2 with tanh hidden activation
    'import numpy as np\n\nand_neuron = (np.array([2.0, 2.0]), -2.0)\nor_neuron = (np.array([2.0, 2.0]), 2.0)\n\nW1 = np.array([[2.0, 2.0],\n               [2.0, 2.0]])\nb1 = np.array([2.0, -2.0])\nW2 = np.array([[1.0], [-1.0]])\nb2 = np.array([-1.0])\nxor_layers = [(W1, b1, np.tanh), (W2, b2, None)]\n')
_BY_ANSWER['logic_weights'].alternatives.append(  # written without reading the tests: b = -1.5 / +1.5, a lambda ReLU, large negative AND weight
    'import numpy as np\n\nand_neuron = (np.array([1.0, 1.0]), -1.5)\nor_neuron = (np.array([1.0, 1.0]), 1.5)\n\nW1 = np.stack([or_neuron[0], and_neuron[0]], axis=1)\nb1 = np.array([or_neuron[1], and_neuron[1]])\nW2 = np.array([[1.0], [-10.0]])\nb2 = np.array([-0.75])\nxor_layers = [(W1, b1, lambda h: np.maximum(h, 0)), (W2, b2, None)]\n')
_BY_ANSWER['logic_weights'].mistakes.append(Mistake(  # written without reading the tests
    'biases chosen for 0/1 corners (OR b=-0.5): wrong on the +-1 corners',
    source='import numpy as np\n\nand_neuron = (np.array([1.0, 1.0]), -1.5)\nor_neuron = (np.array([1.0, 1.0]), -0.5)\n\nW1 = np.array([[1.0, 1.0], [1.0, 1.0]])\nb1 = np.array([-0.5, -1.5])\nW2 = np.array([[1.0], [-2.0]])\nb2 = np.array([-0.5])\nxor_layers = [(W1, b1, relu), (W2, b2, None)]\n',
    hint='the corners (-1, 1), (1, -1) are not on their correct side'))
_BY_ANSWER['logic_weights'].mistakes.append(Mistake(  # written without reading the tests
    'AND in column 0 and OR in column 1 (swapped), output weights swapped to match',
    source='import numpy as np\n\nand_neuron = (np.array([1.0, 1.0]), -1.0)\nor_neuron = (np.array([1.0, 1.0]), 1.0)\n\nW1 = np.column_stack([and_neuron[0], or_neuron[0]])\nb1 = np.array([and_neuron[1], or_neuron[1]])\nW2 = np.array([[-4.0], [1.0]])\nb2 = np.array([-0.5])\nxor_layers = [(W1, b1, relu), (W2, b2, None)]\n',
    hint='not your OR and AND'))
_BY_ANSWER['logic_weights'].mistakes.append(Mistake(  # written without reading the tests
    'W2 as a flat (2,) vector and b2 a plain number (shapes not as stated)',
    source='import numpy as np\n\nand_neuron = (np.array([1.0, 1.0]), -1.0)\nor_neuron = (np.array([1.0, 1.0]), 1.0)\n\nW1 = np.array([[1.0, 1.0], [1.0, 1.0]])\nb1 = np.array([1.0, -1.0])\nW2 = np.array([1.0, -4.0])\nb2 = -0.5\nxor_layers = [(W1, b1, relu), (W2, b2, None)]\n',
    hint='expected W1 (2, 2), b1 (2,), W2 (2, 1), b2 (1,)'))
_BY_ANSWER['logic_weights'].mistakes.append(Mistake(  # written without reading the tests
    'AND margin too small (w=(0.5,0.5), b=-0.25) and relu on the output layer',
    source='import numpy as np\n\nand_neuron = (np.array([0.5, 0.5]), -0.25)\nor_neuron = (np.array([1.0, 1.0]), 1.0)\n\nW1 = np.array([[1.0, 0.5], [1.0, 0.5]])\nb1 = np.array([1.0, -0.25])\nW2 = np.array([[1.0], [-8.0]])\nb2 = np.array([-0.5])\nxor_layers = [(W1, b1, relu), (W2, b2, relu)]\n',
    hint='and_neuron: the corners (-1, 1), (1, -1) are not on their correct side'))

# Statements that two careful students could read two ways: a case for each reading.
# sigmoid, "no step may overflow": an overflow fails even where np.where throws its result away and even when the
# student silences Python's RuntimeWarning (the tests make numpy raise); a warning of another kind does not count.
_BY_ANSWER["sigmoid"].mistakes += [
    Mistake("np.where whose discarded branch overflows, its RuntimeWarning silenced as harmless",
            source="import warnings\n\n"
                   "def sigmoid(z):\n"
                   "    with warnings.catch_warnings():\n"
                   "        warnings.simplefilter('ignore', RuntimeWarning)  # only the discarded branch warns\n"
                   "        return np.where(z >= 0, 1 / (1 + np.exp(-z)), np.exp(z) / (1 + np.exp(z)))\n",
            hint="not even in a branch that np.where throws away"),
    Mistake("exp(−z) computed as 1 / exp(z): no exp overflows, but the division does for z ≈ −720",
            source="def sigmoid(z):\n"
                   "    e = np.exp(-np.abs(z))\n"
                   "    return np.where(z >= 0, 1 / (1 + e), 1 / (1 + 1 / e))\n",
            hint="overflow encountered in divide"),
    # float32 support read as "compute in float32": 1e300 overflows in the cast
    Mistake("converts every input to float32 first",
            source="def sigmoid(z):\n"
                   "    z = np.asarray(z, dtype=np.float32)\n"
                   "    e = np.exp(-np.abs(z))\n"
                   "    return np.where(z >= 0, 1 / (1 + e), e / (1 + e))\n",
            hint="overflow encountered in cast"),
]
_BY_ANSWER["sigmoid"].alternatives += [
    # warns about saturation (a UserWarning, not an overflow): only overflow counts
    "import warnings\n\n"
    "def sigmoid(z):\n"
    "    z = np.asarray(z)\n"
    "    if np.any(np.abs(z) > 700):\n"
    "        warnings.warn('sigmoid: |z| > 700, the result saturates')\n"
    "    e = np.exp(-np.abs(z))\n"
    "    return np.where(z >= 0, 1 / (1 + e), e / (1 + e))\n",
    # float32 input, float64 result: the statement allows either dtype
    "def sigmoid(z):\n"
    "    z = np.asarray(z, dtype=np.float64)\n"
    "    e = np.exp(-np.abs(z))\n"
    "    return np.where(z >= 0, 1 / (1 + e), e / (1 + e))\n",
]
_BY_ANSWER["relu"].alternatives += [
    "def relu(z):\n    return np.maximum(np.asarray(z, dtype=np.float64), 0.0)\n",  # float64 out for float32 in
]
_BY_ANSWER["softmax"].alternatives += [
    "def softmax(logits):\n"
    "    z = np.asarray(logits, dtype=np.float64)  # float64 out for float32 in\n"
    "    e = np.exp(z - z.max(axis=1, keepdims=True))\n"
    "    return e / e.sum(axis=1, keepdims=True)\n",
]
_BY_ANSWER["dense_forward"].alternatives += [
    "def dense_forward(X, W, b):\n"
    "    X, W, b = (np.asarray(a, dtype=np.float64) for a in (X, W, b))  # float64 out for float32 in\n"
    "    return X @ W + b\n",
]
# mlp_forward, "call your dense_forward or write h @ W + b inline": both pass
_BY_ANSWER["mlp_forward"].alternatives += [
    "def mlp_forward(X, layers):\n"
    "    h = X\n"
    "    for W, b, activation in layers:\n"
    "        h = h @ W + b\n"
    "        if activation is not None:\n"
    "            h = activation(h)\n"
    "    return h\n",
    "def mlp_forward(X, layers):\n"
    "    h = np.asarray(X, dtype=np.float64)  # float64 out for float32 in\n"
    "    for W, b, activation in layers:\n"
    "        h = dense_forward(h, W, b)\n"
    "        h = h if activation is None else activation(h)\n"
    "    return h\n",
]

# The kinds of correct answers every exercise holds (a loop, float32 work, prints or a progress bar, another library
# function): the ones no case above showed.
_BY_ANSWER["softmax"].alternatives += [
    # numpy's log-sum-exp, np.logaddexp.reduce, as the normalizer
    "def softmax(logits):\n"
    "    log_norm = np.logaddexp.reduce(logits, axis=1, keepdims=True)  # log Σ_j exp(z_j) of each row, no overflow\n"
    "    return np.exp(logits - log_norm)\n",
]
_BY_ANSWER["dense_forward"].alternatives += [
    # the output in the inputs' own dtype: float32 work stays float32
    "def dense_forward(X, W, b):\n"
    "    Z = np.empty((X.shape[0], W.shape[1]), dtype=np.result_type(X, W, b))\n"
    "    np.matmul(X, W, out=Z)\n"
    "    Z += b\n"
    "    return Z\n",
]
_BY_ANSWER["mlp_forward"].alternatives += [
    # every layer in the dtype of X, so that a float32 network is worked in float32
    "def mlp_forward(X, layers):\n"
    "    h = np.asarray(X)\n"
    "    for W, b, activation in layers:\n"
    "        h = dense_forward(h, np.asarray(W, dtype=h.dtype), np.asarray(b, dtype=h.dtype))\n"
    "        if activation is not None:\n"
    "            h = activation(h)\n"
    "    return h\n",
]
