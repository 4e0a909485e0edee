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
- mlp_forward takes the course's params dict: its statement says that the dict's order is not part of the contract
  and that networks of 11 layers occur, so pairing arrays by their place in the dict and sorting the names as
  strings ("W10" before "W2") are mistakes the tests catch; L may be counted as len(activations) or len(params) // 2.
  A params whose names do not match the activations is outside the statement: no case covers it.
- relu must pass every entry through unchanged; the largest value tested is 1e300, which every correct formula
  handles ((z + |z|) / 2 overflows only beyond about 9e307, a range the statement does not ask for).
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
                    source="def mlp_forward(X, params, activations):\n"
                           "    h = X\n"
                           "    for l, activation in enumerate(activations, start=1):\n"
                           "        h = activation(dense_forward(h, params[f'W{l}'], params[f'b{l}']))\n"
                           "    return h\n",
                    hint="do not call None"),
            Mistake("never applies the activations: a linear network",
                    source="def mlp_forward(X, params, activations):\n"
                           "    h = X\n"
                           "    for l in range(1, len(activations) + 1):\n"
                           "        h = dense_forward(h, params[f'W{l}'], params[f'b{l}'])\n"
                           "    return h\n",
                    hint="feeding each layer's output into the next"),
            Mistake("applies the activation before the dense layer",
                    source="def mlp_forward(X, params, activations):\n"
                           "    h = X\n"
                           "    for l, activation in enumerate(activations, start=1):\n"
                           "        if activation is not None:\n"
                           "            h = activation(h)\n"
                           "        h = dense_forward(h, params[f'W{l}'], params[f'b{l}'])\n"
                           "    return h\n",
                    hint="feeding each layer's output into the next"),
            Mistake("feeds X into every layer instead of the previous layer's output",
                    source="def mlp_forward(X, params, activations):\n"
                           "    h = X\n"
                           "    for l, activation in enumerate(activations, start=1):\n"
                           "        h = dense_forward(X, params[f'W{l}'], params[f'b{l}'])\n"
                           "        if activation is not None:\n"
                           "            h = activation(h)\n"
                           "    return h\n",
                    hint="feeding each layer's output into the next"),
            Mistake("forgets the biases",
                    source="def mlp_forward(X, params, activations):\n"
                           "    h = X\n"
                           "    for l, activation in enumerate(activations, start=1):\n"
                           "        h = h @ params[f'W{l}']\n"
                           "        if activation is not None:\n"
                           "            h = activation(h)\n"
                           "    return h\n",
                    hint="add the bias"),
            Mistake("uses the first layer's activation for every layer, the last one included",
                    source="def mlp_forward(X, params, activations):\n"
                           "    h = X\n"
                           "    for l in range(1, len(activations) + 1):\n"
                           "        h = dense_forward(h, params[f'W{l}'], params[f'b{l}'])\n"
                           "        if activations[0] is not None:\n"
                           "            h = activations[0](h)\n"
                           "    return h\n",
                    hint="skip the activation where it is None"),
            Mistake("skips the activation of the last layer by its position instead of by None",
                    source="def mlp_forward(X, params, activations):\n"
                           "    h = X\n"
                           "    L = len(activations)\n"
                           "    for l in range(1, L + 1):\n"
                           "        h = dense_forward(h, params[f'W{l}'], params[f'b{l}'])\n"
                           "        if l < L:\n"
                           "            h = activations[l - 1](h)\n"
                           "    return h\n",
                    hint="own activation"),
            Mistake("returns the list of every layer's output instead of the last one",
                    source="def mlp_forward(X, params, activations):\n"
                           "    outputs, h = [], X\n"
                           "    for l, activation in enumerate(activations, start=1):\n"
                           "        h = dense_forward(h, params[f'W{l}'], params[f'b{l}'])\n"
                           "        h = h if activation is None else activation(h)\n"
                           "        outputs.append(h)\n"
                           "    return outputs\n",
                    hint="wrong shape"),
            # the dict's own vocabulary: names, counts and order
            Mistake("pairs the arrays by their place in the dict: values in twos, (W, b), (W, b), ...",
                    source="def mlp_forward(X, params, activations):\n"
                           "    arrays = list(params.values())\n"
                           "    h = X\n"
                           "    for l, activation in enumerate(activations):\n"
                           "        W, b = arrays[2 * l], arrays[2 * l + 1]\n"
                           "        h = dense_forward(h, W, b)\n"
                           "        if activation is not None:\n"
                           "            h = activation(h)\n"
                           "    return h\n",
                    hint="only the order of the dict changed"),
            Mistake("takes the W names in the dict's order (right while the dict lists layer 1 first)",
                    source="def mlp_forward(X, params, activations):\n"
                           "    h = X\n"
                           "    weight_names = [name for name in params if name.startswith('W')]\n"
                           "    for name, activation in zip(weight_names, activations):\n"
                           "        h = dense_forward(h, params[name], params['b' + name[1:]])\n"
                           "        if activation is not None:\n"
                           "            h = activation(h)\n"
                           "    return h\n",
                    hint="not by its place in the dict"),
            Mistake("sorts the names as strings: W10 and W11 come before W2",
                    source="def mlp_forward(X, params, activations):\n"
                           "    h = X\n"
                           "    weight_names = sorted(name for name in params if name.startswith('W'))\n"
                           "    bias_names = sorted(name for name in params if name.startswith('b'))\n"
                           "    for W_name, b_name, activation in zip(weight_names, bias_names, activations):\n"
                           "        h = dense_forward(h, params[W_name], params[b_name])\n"
                           "        if activation is not None:\n"
                           "            h = activation(h)\n"
                           "    return h\n",
                    hint="sorted as strings"),
            Mistake("counts the layers as len(params), which is 2L: asks for a W2 that a one-layer network lacks",
                    source="def mlp_forward(X, params, activations):\n"
                           "    h = X\n"
                           "    for l in range(1, len(params) + 1):\n"
                           "        h = dense_forward(h, params[f'W{l}'], params[f'b{l}'])\n"
                           "        if activations[l - 1] is not None:\n"
                           "            h = activations[l - 1](h)\n"
                           "    return h\n",
                    hint="params holds W1 and b1 (2L = 2 arrays)"),
            Mistake("indexes the activations from 1, like the names: activations[l] for layer l",
                    source="def mlp_forward(X, params, activations):\n"
                           "    h = X\n"
                           "    for l in range(1, len(activations) + 1):\n"
                           "        h = dense_forward(h, params[f'W{l}'], params[f'b{l}'])\n"
                           "        if activations[l] is not None:\n"
                           "            h = activations[l](h)\n"
                           "    return h\n",
                    hint="len(activations) = 1"),
        ],
        alternatives=[
            # written out without dense_forward, testing the activation's truth value
            "def mlp_forward(X, params, activations):\n"
            "    h = X\n"
            "    for l, activation in enumerate(activations, start=1):\n"
            "        h = h @ params[f'W{l}'] + params[f'b{l}']\n"
            "        if activation:\n"
            "            h = activation(h)\n"
            "    return h\n",
            # recursion on the layer number
            "def mlp_forward(X, params, activations):\n"
            "    def forward_from(l, h):\n"
            "        if l > len(activations):\n"
            "            return h\n"
            "        z = dense_forward(h, params[f'W{l}'], params[f'b{l}'])\n"
            "        activation = activations[l - 1]\n"
            "        return forward_from(l + 1, z if activation is None else activation(z))\n"
            "    return forward_from(1, X)\n",
            # functools.reduce over the numbered activations
            "from functools import reduce\n\n"
            "def mlp_forward(X, params, activations):\n"
            "    def step(h, numbered):\n"
            "        l, activation = numbered\n"
            "        z = dense_forward(h, params['W' + str(l)], params['b' + str(l)])\n"
            "        return z if activation is None else activation(z)\n"
            "    return reduce(step, enumerate(activations, start=1), X)\n",
            # the number of layers from len(params) // 2, an index loop and np.dot
            "def mlp_forward(X, params, activations):\n"
            "    h = np.asarray(X)\n"
            "    for i in range(len(params) // 2):\n"
            "        h = np.dot(h, params[f'W{i + 1}']) + params[f'b{i + 1}']\n"
            "        h = activations[i](h) if activations[i] is not None else h\n"
            "    return h\n",
            # the names sorted by their number, not as strings
            "def mlp_forward(X, params, activations):\n"
            "    weight_names = sorted((name for name in params if name.startswith('W')),\n"
            "                          key=lambda name: int(name[1:]))  # W2 before W10\n"
            "    h = X\n"
            "    for name, activation in zip(weight_names, activations):\n"
            "        h = dense_forward(h, params[name], params['b' + name[1:]])\n"
            "        if activation is not None:\n"
            "            h = activation(h)\n"
            "    return h\n",
            # the old list of (W, b, activation) built from the dict first
            "def mlp_forward(X, params, activations):\n"
            "    layers = [(params[f'W{l}'], params[f'b{l}'], activation)\n"
            "              for l, activation in enumerate(activations, start=1)]\n"
            "    h = X\n"
            "    for W, b, activation in layers:\n"
            "        h = dense_forward(h, W, b)\n"
            "        if activation is not None:\n"
            "            h = activation(h)\n"
            "    return h\n",
            # float64 out for float32 in
            "def mlp_forward(X, params, activations):\n"
            "    h = np.asarray(X, dtype=np.float64)\n"
            "    for l, activation in enumerate(activations, start=1):\n"
            "        h = dense_forward(h, params[f'W{l}'], params[f'b{l}'])\n"
            "        h = h if activation is None else activation(h)\n"
            "    return h\n",
            # every layer in the dtype of X, so that a float32 network is worked in float32
            "def mlp_forward(X, params, activations):\n"
            "    h = np.asarray(X)\n"
            "    for l, activation in enumerate(activations, start=1):\n"
            "        W = np.asarray(params[f'W{l}'], dtype=h.dtype)\n"
            "        b = np.asarray(params[f'b{l}'], dtype=h.dtype)\n"
            "        h = dense_forward(h, W, b)\n"
            "        if activation is not None:\n"
            "            h = activation(h)\n"
            "    return h\n",
            # a progress bar over the layers (tqdm writes to stderr)
            "from tqdm import tqdm\n\n"
            "def mlp_forward(X, params, activations):\n"
            "    h = X\n"
            "    for l, activation in tqdm(list(enumerate(activations, start=1)), desc='layers'):\n"
            "        h = dense_forward(h, params[f'W{l}'], params[f'b{l}'])\n"
            "        if activation is not None:\n"
            "            h = activation(h)\n"
            "    return h\n",
            # prints every layer's shape, checks the shapes and the count with asserts, np.matmul
            "def mlp_forward(X, params, activations):\n"
            "    L = len(activations)\n"
            "    assert len(params) == 2 * L, f'{len(params)} arrays for {L} layers'\n"
            "    H = X\n"
            "    for l in range(1, L + 1):\n"
            "        W, b = params[f'W{l}'], params[f'b{l}']\n"
            "        assert H.shape[1] == W.shape[0], f'layer {l}: {H.shape} @ {W.shape}'\n"
            "        Z = np.matmul(H, W) + b\n"
            "        H = Z if activations[l - 1] is None else activations[l - 1](Z)\n"
            "        print(f'layer {l}/{L}: output shape {H.shape}')\n"
            "    return H\n",
        ],
    ),
    Exercise(
        answer="logic_weights",
        tests=["logic_weights_visible", "logic_weights_hidden"],
        mistakes=[
            Mistake("designs OR for corners 0 and 1: b = −0.5 puts (−1, 1) and (1, −1) on the wrong side",
                    source="and_neuron = (np.array([1.0, 1.0]), -1.0)\n"
                           "or_neuron = (np.array([1.0, 1.0]), -0.5)\n"
                           "xor_params = {'W1': np.column_stack([or_neuron[0], and_neuron[0]]),\n"
                           "              'b1': np.array([or_neuron[1], and_neuron[1]]),\n"
                           "              'W2': np.array([[2.0], [-6.0]]), 'b2': np.array([-1.0])}\n"
                           "xor_activations = [relu, None]\n",
                    hint="not 0 and 1"),
            Mistake("AND with b = 0 puts (−1, 1) and (1, −1) exactly on the line",
                    source="and_neuron = (np.array([1.0, 1.0]), 0.0)\n"
                           "or_neuron = (np.array([1.0, 1.0]), 1.0)\n"
                           "xor_params = {'W1': np.column_stack([or_neuron[0], and_neuron[0]]),\n"
                           "              'b1': np.array([or_neuron[1], and_neuron[1]]),\n"
                           "              'W2': np.array([[2.0], [-6.0]]), 'b2': np.array([-1.0])}\n"
                           "xor_activations = [relu, None]\n",
                    hint="AND is class 1 only at (1, 1)"),
            Mistake("AND and OR swapped",
                    source="or_neuron = (np.array([1.0, 1.0]), -1.0)\n"
                           "and_neuron = (np.array([1.0, 1.0]), 1.0)\n"
                           "xor_params = {'W1': np.column_stack([or_neuron[0], and_neuron[0]]),\n"
                           "              'b1': np.array([or_neuron[1], and_neuron[1]]),\n"
                           "              'W2': np.array([[2.0], [-6.0]]), 'b2': np.array([-1.0])}\n"
                           "xor_activations = [relu, None]\n",
                    hint="AND is class 1 only at (1, 1)"),
            Mistake("right signs, but too small a margin: every z within ±0.3",
                    source="and_neuron = (np.array([0.1, 0.1]), -0.1)\n"
                           "or_neuron = (np.array([0.1, 0.1]), 0.1)\n"
                           "xor_params = {'W1': np.column_stack([or_neuron[0], and_neuron[0]]),\n"
                           "              'b1': np.array([or_neuron[1], and_neuron[1]]),\n"
                           "              'W2': np.array([[2.0], [-6.0]]), 'b2': np.array([-0.1])}\n"
                           "xor_activations = [relu, None]\n",
                    hint="by at least 0.5"),
            Mistake("a neuron written as one flat array (w1, w2, b)",
                    source="and_neuron = np.array([1.0, 1.0, -1.0])\n"
                           "or_neuron = np.array([1.0, 1.0, 1.0])\n"
                           "xor_params = {'W1': np.array([[1.0, 1.0], [1.0, 1.0]]), 'b1': np.array([1.0, -1.0]),\n"
                           "              'W2': np.array([[2.0], [-6.0]]), 'b2': np.array([-1.0])}\n"
                           "xor_activations = [relu, None]\n",
                    hint="(np.array([w1, w2]), b)"),
            Mistake("no activation in the hidden layer: the network is linear",
                    source="and_neuron = (np.array([1.0, 1.0]), -1.0)\n"
                           "or_neuron = (np.array([1.0, 1.0]), 1.0)\n"
                           "xor_params = {'W1': np.column_stack([or_neuron[0], and_neuron[0]]),\n"
                           "              'b1': np.array([or_neuron[1], and_neuron[1]]),\n"
                           "              'W2': np.array([[2.0], [-6.0]]), 'b2': np.array([-1.0])}\n"
                           "xor_activations = [None, None]\n",
                    hint="the hidden layer needs an activation"),
            Mistake("OR and AND instead of OR but not AND",
                    source="and_neuron = (np.array([1.0, 1.0]), -1.0)\n"
                           "or_neuron = (np.array([1.0, 1.0]), 1.0)\n"
                           "xor_params = {'W1': np.column_stack([or_neuron[0], and_neuron[0]]),\n"
                           "              'b1': np.array([or_neuron[1], and_neuron[1]]),\n"
                           "              'W2': np.array([[1.0], [1.0]]), 'b2': np.array([-1.0])}\n"
                           "xor_activations = [relu, None]\n",
                    hint="OR but not AND"),
            Mistake("a ReLU on the output: the logit of a class-0 corner cannot go below 0",
                    source="and_neuron = (np.array([1.0, 1.0]), -1.0)\n"
                           "or_neuron = (np.array([1.0, 1.0]), 1.0)\n"
                           "xor_params = {'W1': np.column_stack([or_neuron[0], and_neuron[0]]),\n"
                           "              'b1': np.array([or_neuron[1], and_neuron[1]]),\n"
                           "              'W2': np.array([[2.0], [-6.0]]), 'b2': np.array([-1.0])}\n"
                           "xor_activations = [relu, relu]\n",
                    hint="last layer's activation to None"),
            Mistake("the activations in the wrong order: None for the hidden layer, the ReLU on the output",
                    source="and_neuron = (np.array([1.0, 1.0]), -1.0)\n"
                           "or_neuron = (np.array([1.0, 1.0]), 1.0)\n"
                           "xor_params = {'W1': np.column_stack([or_neuron[0], and_neuron[0]]),\n"
                           "              'b1': np.array([or_neuron[1], and_neuron[1]]),\n"
                           "              'W2': np.array([[2.0], [-6.0]]), 'b2': np.array([-1.0])}\n"
                           "xor_activations = [None, relu]\n",
                    hint="last entry of xor_activations is not None"),
            Mistake("W2 and b2 flat, shapes (2,) and (): mlp_forward broadcasts them; the statement asks (2, 1), (1,)",
                    source="and_neuron = (np.array([1.0, 1.0]), -1.0)\n"
                           "or_neuron = (np.array([1.0, 1.0]), 1.0)\n"
                           "xor_params = {'W1': np.column_stack([or_neuron[0], and_neuron[0]]),\n"
                           "              'b1': np.array([or_neuron[1], and_neuron[1]]),\n"
                           "              'W2': np.array([2.0, -6.0]), 'b2': -1.0}\n"
                           "xor_activations = [relu, None]\n",
                    hint="one row of W2 per hidden neuron"),
            Mistake("b2 a plain number: the output layer's bias has shape (1,)",
                    source="and_neuron = (np.array([1.0, 1.0]), -1.0)\n"
                           "or_neuron = (np.array([1.0, 1.0]), 1.0)\n"
                           "xor_params = {'W1': np.column_stack([or_neuron[0], and_neuron[0]]),\n"
                           "              'b1': np.array([or_neuron[1], and_neuron[1]]),\n"
                           "              'W2': np.array([[2.0], [-6.0]]), 'b2': -1.0}\n"
                           "xor_activations = [relu, None]\n",
                    hint="b2 = np.array([b])"),
            Mistake("copies the XOR network of section 2.8 instead of building it from the two neurons",
                    source="and_neuron = (np.array([1.0, 1.0]), -1.0)\n"
                           "or_neuron = (np.array([1.0, 1.0]), 1.0)\n"
                           "xor_params = {'W1': np.array([[1.0, -1.0], [-1.0, 1.0]]), 'b1': np.array([0.0, 0.0]),\n"
                           "              'W2': np.array([[2.0], [2.0]]), 'b2': np.array([-1.0])}\n"
                           "xor_activations = [relu, None]\n",
                    hint="column 0 of W1 is your OR neuron"),
            Mistake("AND in column 0 and OR in column 1 (swapped), output weights swapped to match",
                    source="and_neuron = (np.array([1.0, 1.0]), -1.0)\n"
                           "or_neuron = (np.array([1.0, 1.0]), 1.0)\n"
                           "xor_params = {'W1': np.column_stack([and_neuron[0], or_neuron[0]]),\n"
                           "              'b1': np.array([and_neuron[1], or_neuron[1]]),\n"
                           "              'W2': np.array([[-4.0], [1.0]]), 'b2': np.array([-0.5])}\n"
                           "xor_activations = [relu, None]\n",
                    hint="not your OR and AND"),
            # the course's names
            Mistake("the names in small letters, w1 and w2",
                    source="and_neuron = (np.array([1.0, 1.0]), -1.0)\n"
                           "or_neuron = (np.array([1.0, 1.0]), 1.0)\n"
                           "xor_params = {'w1': np.column_stack([or_neuron[0], and_neuron[0]]),\n"
                           "              'b1': np.array([or_neuron[1], and_neuron[1]]),\n"
                           "              'w2': np.array([[2.0], [-6.0]]), 'b2': np.array([-1.0])}\n"
                           "xor_activations = [relu, None]\n",
                    hint="a capital W and a small b"),
            Mistake("the layers numbered from 0, W0 and W1, like numpy's indices",
                    source="and_neuron = (np.array([1.0, 1.0]), -1.0)\n"
                           "or_neuron = (np.array([1.0, 1.0]), 1.0)\n"
                           "xor_params = {'W0': np.column_stack([or_neuron[0], and_neuron[0]]),\n"
                           "              'b0': np.array([or_neuron[1], and_neuron[1]]),\n"
                           "              'W1': np.array([[2.0], [-6.0]]), 'b1': np.array([-1.0])}\n"
                           "xor_activations = [relu, None]\n",
                    hint="numbered from 1"),
            Mistake("keeps the list of (W, b, activation) layers instead of the params dict",
                    source="and_neuron = (np.array([1.0, 1.0]), -1.0)\n"
                           "or_neuron = (np.array([1.0, 1.0]), 1.0)\n"
                           "xor_params = [(np.column_stack([or_neuron[0], and_neuron[0]]),\n"
                           "               np.array([or_neuron[1], and_neuron[1]]), relu),\n"
                           "              (np.array([[2.0], [-6.0]]), np.array([-1.0]), None)]\n"
                           "xor_activations = [relu, None]\n",
                    hint="should be a dict with the names W1, b1, W2, b2"),
            Mistake("one activation for the whole network instead of one per layer",
                    source="and_neuron = (np.array([1.0, 1.0]), -1.0)\n"
                           "or_neuron = (np.array([1.0, 1.0]), 1.0)\n"
                           "xor_params = {'W1': np.column_stack([or_neuron[0], and_neuron[0]]),\n"
                           "              'b1': np.array([or_neuron[1], and_neuron[1]]),\n"
                           "              'W2': np.array([[2.0], [-6.0]]), 'b2': np.array([-1.0])}\n"
                           "xor_activations = relu\n",
                    hint="one per layer"),
        ],
        alternatives=[
            # larger weights, sigmoid hidden neurons (the student's own sigmoid of exercise 1)
            "and_neuron = (np.array([3.0, 3.0]), -3.0)\n"
            "or_neuron = (np.array([3.0, 3.0]), 3.0)\n"
            "xor_params = {'W1': np.column_stack([or_neuron[0], and_neuron[0]]),\n"
            "              'b1': np.array([or_neuron[1], and_neuron[1]]),\n"
            "              'W2': np.array([[4.0], [-8.0]]), 'b2': np.array([-2.0])}\n"
            "xor_activations = [sigmoid, None]\n",
            # plain Python lists and floats, tanh hidden neurons, a tuple of activations
            "and_neuron = ([2.0, 2.0], -2.0)\n"
            "or_neuron = ([2.0, 2.0], 2.0)\n"
            "xor_params = {'W1': [[2.0, 2.0], [2.0, 2.0]], 'b1': [2.0, -2.0], 'W2': [[1.0], [-1.0]], 'b2': [-1.0]}\n"
            "xor_activations = (np.tanh, None)\n",
            # float32 arrays, the hidden layer filled in a loop over the neurons
            "and_neuron = (np.array([1.0, 2.0], dtype=np.float32), np.float32(-2.0))\n"
            "or_neuron = (np.array([2.0, 1.0], dtype=np.float32), np.float32(2.0))\n"
            "W1, b1 = np.zeros((2, 2), dtype=np.float32), np.zeros(2, dtype=np.float32)\n"
            "for column, (w, b) in enumerate([or_neuron, and_neuron]):\n"
            "    W1[:, column], b1[column] = w, b\n"
            "xor_params = {'W1': W1, 'b1': b1, 'W2': np.array([[1.0], [-6.0]], dtype=np.float32),\n"
            "              'b2': np.array([-0.5], dtype=np.float32)}\n"
            "xor_activations = [relu, None]\n",
            # np.stack along the columns, a lambda for the ReLU, dict(...) with the weights listed first
            "and_neuron = (np.array([0.5, 0.5]), -0.5)\n"
            "or_neuron = (np.array([0.5, 0.5]), 0.5)\n"
            "xor_params = dict(W1=np.stack([or_neuron[0], and_neuron[0]], axis=1), W2=np.array([[4.0], [-12.0]]),\n"
            "                  b1=np.hstack([or_neuron[1], and_neuron[1]]), b2=np.array([-1.0]))\n"
            "xor_activations = [lambda h: np.maximum(h, 0), None]\n",
            # prints while checking the corners, numpy's tanh in the hidden layer
            "and_neuron = (np.array([1.0, 1.0]), -1.0)\n"
            "or_neuron = (np.array([1.0, 1.0]), 1.0)\n"
            "for corner in np.array([[-1.0, -1.0], [-1.0, 1.0], [1.0, -1.0], [1.0, 1.0]]):\n"
            "    print(corner, corner @ and_neuron[0] + and_neuron[1], corner @ or_neuron[0] + or_neuron[1])\n"
            "xor_params = {'W1': np.column_stack([or_neuron[0], and_neuron[0]]), 'b1': np.array([1.0, -1.0]),\n"
            "              'W2': np.array([[4.0], [-4.0]]), 'b2': np.array([-2.0])}\n"
            "xor_activations = [np.tanh, None]\n",
            # b = ∓1.5, a large negative AND weight, the dict filled name by name in a loop
            "and_neuron = (np.array([1.0, 1.0]), -1.5)\n"
            "or_neuron = (np.array([1.0, 1.0]), 1.5)\n"
            "xor_params = {}\n"
            "for name, value in [('W1', np.column_stack([or_neuron[0], and_neuron[0]])),\n"
            "                    ('b1', np.array([or_neuron[1], and_neuron[1]])),\n"
            "                    ('W2', np.array([[1.0], [-10.0]])), ('b2', np.array([-0.75]))]:\n"
            "    xor_params[name] = value\n"
            "xor_activations = [relu, None]\n",
            # np.maximum itself as the activation (a numpy function, not the student's relu)
            "and_neuron = (np.array([1.0, 1.0]), -1.0)\n"
            "or_neuron = (np.array([1.0, 1.0]), 1.0)\n"
            "from functools import partial\n"
            "xor_params = {'W1': np.array([[1.0, 1.0], [1.0, 1.0]]), 'b1': np.array([1.0, -1.0]),\n"
            "              'W2': np.array([[1.0], [-4.0]]), 'b2': np.array([-0.5])}\n"
            "xor_activations = [partial(np.maximum, 0.0), None]\n",
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
    # written without reading the tests: exact for every input the statement asks for (it overflows only beyond 9e307)
    "import numpy as np\n\ndef relu(z):\n    return (z + np.abs(z)) / 2\n",
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
