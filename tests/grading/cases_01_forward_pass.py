"""Grader quality of lesson 01: the mistakes students really make must fail with the right hint, and other correct
implementations (loops, other formulas, float32, code that warns) must pass.

Two judgement calls, stated so that they can be argued with:
- sigmoid must keep its relative accuracy in the left tail, where σ(z) ≈ exp(z) is tiny but representable
  (σ(−720) ≈ 2.03e−313, σ(−40) ≈ 4.25e−18). The textbook 1 / (1 + exp(−z)) overflows and returns 0 there, and
  0.5 (1 + tanh(z / 2)) cancels to 0 already at z = −40; both fail, which is the lesson's point about
  stability (lesson 02 takes log σ(z)). A formula that overflows only in a branch np.where throws away gives the right
  numbers, so it passes: its warnings are harmless.
- softmax shifted by the maximum of the whole batch instead of each row's maximum is stable for one row, but a row
  far below the batch maximum underflows to 0 / 0 = NaN; rows are separate samples, so it fails.
"""
from tests.grading.quality import Exercise, Mistake

LESSON = "01_forward_pass"

EXERCISES = [
    Exercise(
        answer="sigmoid",
        tests=["sigmoid_visible", "sigmoid_hidden"],
        mistakes=[
            Mistake("the textbook formula overflows for very negative z and loses the left tail",
                    source="def sigmoid(z):\n    return 1 / (1 + np.exp(-z))\n",
                    hint="numerically stable"),
            Mistake("the other textbook form gives inf / inf = NaN for large positive z",
                    source="def sigmoid(z):\n    return np.exp(z) / (1 + np.exp(z))\n",
                    hint="numerically stable"),
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
            Mistake("0.5 (1 + tanh(z / 2)) cancels to 0 in the left tail",
                    source="def sigmoid(z):\n    return 0.5 * (1 + np.tanh(z / 2))\n",
                    hint="numerically stable"),
        ],
        alternatives=[
            # overflows in the branch np.where discards: warns, but every returned number is right
            "def sigmoid(z):\n"
            "    return np.where(z >= 0, 1 / (1 + np.exp(-z)), np.exp(z) / (1 + np.exp(z)))\n",
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
            "def relu(z):\n    return (z + np.abs(z)) / 2\n",
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
