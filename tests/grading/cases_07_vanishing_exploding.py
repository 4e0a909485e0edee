"""Grader quality of lesson 07: the mistakes students really make when they measure, diagnose, initialize, fix and clip
must fail with the right hint, and other correct answers (loops, other numpy calls, float32-aware code, other valid
choices) must pass.

Judgement calls, stated so that they can be argued with:
- layer_gradient_norms counts the weight gradients only, one norm per dense layer (the statement says so): the
  norms of the biases, or of weight and bias together, are a different measurement and fail.
- The diagnosis uses one explicit rule, the band [1e-2, 1e2] of section 2.3 for this loss and these inputs. A
  uniformly tiny (or huge) ReLU network counts as vanishing (exploding) although its layers agree with each other:
  the lesson's point that a scale problem is not healthy. Labels are compared after strip().lower().
- xavier_init is the uniform U(−a, a) and he_init the normal N(0, 2/fan_in), as in their papers and in nnlib's
  default "xavier" and "he"; a right-variance draw from the other distribution fails (bounds, or the share of
  entries beyond 2 std), because the statement fixes the distribution. The statistics are checked with tolerances
  of 4 % on the variance (about 8 standard errors for the smallest draw of the visible test); the shapes are
  non-square so that fan_in and fan_out cannot be swapped unnoticed.
- The fixes pass on the measurement alone, for several seeds: any activation + scheme whose 20-layer network keeps
  every layer's gradient norm in the band passes (relu/leaky_relu + he or he_uniform, tanh + xavier, xavier_normal
  or he); for the tanh network any std from about 0.11 to 0.3 passes (Xavier/LeCun 0.125 and He's 0.177 alike).
- clip_by_global_norm accepts torch's 1e-6 in the denominator (relative error 1e-6 / ‖g‖, far below the tolerance)
  and must return the norm before clipping, as torch does.
"""
from tests.grading.quality import Exercise, Mistake

LESSON = "07_vanishing_exploding"

NORMS = ["layer_gradient_norms_visible", "layer_gradient_norms_hidden"]

EXERCISES = [
    Exercise(
        answer="layer_gradient_norms",
        tests=NORMS,
        mistakes=[
            Mistake("squares the norms",
                    source="def layer_gradient_norms(model, X, y):\n"
                           "    loss, dlogits = softmax_cross_entropy(model.forward(X), y)\n"
                           "    model.backward(dlogits)\n"
                           "    layers = range(1, model.n_layers + 1)\n"
                           "    return np.array([np.sum(model.grads[f'W{l}'] ** 2) for l in layers])\n",
                    hint="squared norms"),
            Mistake("takes the norms of the weights instead of the gradients",
                    source="def layer_gradient_norms(model, X, y):\n"
                           "    loss, dlogits = softmax_cross_entropy(model.forward(X), y)\n"
                           "    model.backward(dlogits)\n"
                           "    layers = range(1, model.n_layers + 1)\n"
                           "    return np.array([np.linalg.norm(model.params[f'W{l}']) for l in layers])\n",
                    hint="norms of the weights"),
            Mistake("off by a layer: stops before the output layer",
                    source="def layer_gradient_norms(model, X, y):\n"
                           "    loss, dlogits = softmax_cross_entropy(model.forward(X), y)\n"
                           "    model.backward(dlogits)\n"
                           "    layers = range(1, model.n_layers)\n"
                           "    return np.array([np.linalg.norm(model.grads[f'W{l}']) for l in layers])\n",
                    hint="off by a layer"),
            Mistake("lists the layers from the output down (the order of the backward pass)",
                    source="def layer_gradient_norms(model, X, y):\n"
                           "    loss, dlogits = softmax_cross_entropy(model.forward(X), y)\n"
                           "    model.backward(dlogits)\n"
                           "    layers = range(model.n_layers, 0, -1)\n"
                           "    return np.array([np.linalg.norm(model.grads[f'W{l}']) for l in layers])\n",
                    hint="reversed order"),
            Mistake("forgets the backward pass: the gradients are still the zeros of a new model",
                    source="def layer_gradient_norms(model, X, y):\n"
                           "    model.forward(X)\n"
                           "    layers = range(1, model.n_layers + 1)\n"
                           "    return np.array([np.linalg.norm(model.grads[f'W{l}']) for l in layers])\n",
                    hint="model.backward"),
            Mistake("one norm per parameter array, biases included",
                    source="def layer_gradient_norms(model, X, y):\n"
                           "    loss, dlogits = softmax_cross_entropy(model.forward(X), y)\n"
                           "    model.backward(dlogits)\n"
                           "    return np.array([np.linalg.norm(g) for name, g in model.grads.items() if name[0] in 'Wb'])\n",
                    hint="one norm per layer"),
            Mistake("the mean absolute entry instead of the norm",
                    source="def layer_gradient_norms(model, X, y):\n"
                           "    loss, dlogits = softmax_cross_entropy(model.forward(X), y)\n"
                           "    model.backward(dlogits)\n"
                           "    layers = range(1, model.n_layers + 1)\n"
                           "    return np.array([np.abs(model.grads[f'W{l}']).mean() for l in layers])\n",
                    hint="Frobenius norm"),
            Mistake("delegates to the widget's reference measurement",
                    source="from nnlib.widgets.depth import measure as reference_measure\n\n"
                           "def layer_gradient_norms(model, X, y):\n"
                           "    return reference_measure(model, X, y)['norms']\n",
                    hint="scores zero"),
        ],
        alternatives=[
            # a loop, and the square root of the sum of squares written out
            "def layer_gradient_norms(model, X, y):\n"
            "    logits = model.forward(X)\n"
            "    _, dlogits = softmax_cross_entropy(logits, y)\n"
            "    model.backward(dlogits)\n"
            "    norms = []\n"
            "    for l in range(1, model.n_layers + 1):\n"
            "        g = model.grads['W' + str(l)]\n"
            "        norms.append(np.sqrt(np.sum(g * g)))\n"
            "    return np.array(norms)\n",
            # filtering the keys of grads, relying on their insertion order, via the model's __call__
            "def layer_gradient_norms(model, X, y):\n"
            "    loss, dlogits = softmax_cross_entropy(model(X), y)\n"
            "    model.backward(dlogits, return_dX=True)\n"
            "    return np.array([np.linalg.norm(g.ravel()) for key, g in model.grads.items() if key.startswith('W')])\n",
            # float32 kept, a list returned
            "def layer_gradient_norms(model, X, y):\n"
            "    loss, dlogits = softmax_cross_entropy(model.forward(X), y)\n"
            "    model.backward(dlogits)\n"
            "    return [float(np.linalg.norm(model.grads[f'W{l}'], 'fro')) for l in range(1, model.n_layers + 1)]\n",
        ],
    ),
    Exercise(
        answer="diagnosis",
        tests=["diagnosis_visible", "diagnosis_hidden"],
        mistakes=[
            Mistake("reads the plot the wrong way round (layer 1 taken as the output end)",
                    source='diagnosis = {"A": "exploding", "B": "exploding", "C": "healthy", "D": "vanishing", '
                           '"E": "vanishing"}\n',
                    hint="layer 1 is next to the input"),
            Mistake("looks only at the slope: flat but badly scaled networks called healthy",
                    source='diagnosis = {"A": "vanishing", "B": "healthy", "C": "healthy", "D": "exploding", '
                           '"E": "healthy"}\n',
                    hint="a scale problem"),
            Mistake("calls the He network broken",
                    source='diagnosis = {"A": "vanishing", "B": "exploding", "C": "vanishing", "D": "exploding", '
                           '"E": "vanishing"}\n',
                    hint="that network is healthy"),
            Mistake("words that are not among the three labels",
                    source='diagnosis = {"A": "vanish", "B": "explode", "C": "ok", "D": "explode", "E": "vanish"}\n',
                    hint="exactly one of the words"),
            Mistake("forgets a network",
                    source='diagnosis = {"A": "vanishing", "B": "exploding", "C": "healthy", "D": "exploding"}\n',
                    hint="every network"),
            Mistake("a list instead of a dict",
                    source='diagnosis = ["vanishing", "exploding", "healthy", "exploding", "vanishing"]\n',
                    hint="diagnosis = {"),
        ],
        alternatives=[
            # capitals, spaces and another key order
            'diagnosis = {"E": " Vanishing", "D": "EXPLODING", "C": "healthy ", "B": "Exploding", "A": "vanishing"}\n',
            # computed from the measurement with the band rule
            "diagnosis = {}\n"
            "for name, model in suspects.items():\n"
            "    norms = layer_gradient_norms(model, X_PROBE, Y_PROBE)\n"
            "    if norms.max() > BAND[1]:\n"
            "        diagnosis[name] = 'exploding'\n"
            "    elif norms.min() < BAND[0]:\n"
            "        diagnosis[name] = 'vanishing'\n"
            "    else:\n"
            "        diagnosis[name] = 'healthy'\n",
        ],
    ),
    Exercise(
        answer="xavier_init",
        tests=["xavier_init_visible", "xavier_init_hidden"],
        mistakes=[
            Mistake("fan_in only: a = sqrt(6 / fan_in)",
                    source="def xavier_init(fan_in, fan_out, rng, dtype=np.float64):\n"
                           "    a = np.sqrt(6 / fan_in)\n"
                           "    return rng.uniform(-a, a, size=(fan_in, fan_out)).astype(dtype)\n",
                    hint="both fans"),
            Mistake("fan_in only with the variance 1 / fan_in",
                    source="def xavier_init(fan_in, fan_out, rng, dtype=np.float64):\n"
                           "    a = np.sqrt(3 / fan_in)\n"
                           "    return rng.uniform(-a, a, size=(fan_in, fan_out)).astype(dtype)\n",
                    hint="fan_in only"),
            Mistake("no square root on the bound",
                    source="def xavier_init(fan_in, fan_out, rng, dtype=np.float64):\n"
                           "    a = 6 / (fan_in + fan_out)\n"
                           "    return rng.uniform(-a, a, size=(fan_in, fan_out)).astype(dtype)\n",
                    hint="without the square root"),
            Mistake("the bound used as the standard deviation of a normal",
                    source="def xavier_init(fan_in, fan_out, rng, dtype=np.float64):\n"
                           "    return rng.normal(0, np.sqrt(6 / (fan_in + fan_out)), (fan_in, fan_out)).astype(dtype)\n",
                    hint="the bound a used as the standard deviation"),
            Mistake("a normal with the right variance where the uniform is asked for",
                    source="def xavier_init(fan_in, fan_out, rng, dtype=np.float64):\n"
                           "    return rng.normal(0, np.sqrt(2 / (fan_in + fan_out)), (fan_in, fan_out)).astype(dtype)\n",
                    hint="uniform"),
            Mistake("transposed shape",
                    source="def xavier_init(fan_in, fan_out, rng, dtype=np.float64):\n"
                           "    a = np.sqrt(6 / (fan_in + fan_out))\n"
                           "    return rng.uniform(-a, a, size=(fan_out, fan_in)).astype(dtype)\n",
                    hint="transposed"),
            Mistake("the global numpy generator instead of rng",
                    source="def xavier_init(fan_in, fan_out, rng, dtype=np.float64):\n"
                           "    a = np.sqrt(6 / (fan_in + fan_out))\n"
                           "    return np.random.uniform(-a, a, size=(fan_in, fan_out)).astype(dtype)\n",
                    hint="draw only from the rng"),
            Mistake("a fixed seed inside",
                    source="def xavier_init(fan_in, fan_out, rng, dtype=np.float64):\n"
                           "    a = np.sqrt(6 / (fan_in + fan_out))\n"
                           "    return np.random.default_rng(0).uniform(-a, a, size=(fan_in, fan_out)).astype(dtype)\n",
                    hint="fixed seed"),
            Mistake("ignores dtype",
                    source="def xavier_init(fan_in, fan_out, rng, dtype=np.float64):\n"
                           "    a = np.sqrt(6 / (fan_in + fan_out))\n"
                           "    return rng.uniform(-a, a, size=(fan_in, fan_out))\n",
                    hint="astype(dtype)"),
        ],
        alternatives=[
            # from rng.random, scaled to (−a, a)
            "def xavier_init(fan_in, fan_out, rng, dtype=np.float64):\n"
            "    a = (6.0 / (fan_in + fan_out)) ** 0.5\n"
            "    return ((2 * rng.random((fan_in, fan_out)) - 1) * a).astype(dtype)\n",
            # through the standard deviation, with math
            "import math\n\n"
            "def xavier_init(fan_in, fan_out, rng, dtype=np.float64):\n"
            "    std = math.sqrt(2.0 / (fan_in + fan_out))\n"
            "    bound = math.sqrt(3.0) * std\n"
            "    W = rng.uniform(low=-bound, high=bound, size=(fan_in, fan_out))\n"
            "    return np.asarray(W, dtype=dtype)\n",
            # drawing in float32 directly when asked
            "def xavier_init(fan_in, fan_out, rng, dtype=np.float64):\n"
            "    a = np.sqrt(6 / (fan_in + fan_out))\n"
            "    return (a * (2 * rng.random(size=(fan_in, fan_out), dtype=dtype) - 1)).astype(dtype)\n",
        ],
    ),
    Exercise(
        answer="he_init",
        tests=["he_init_visible", "he_init_hidden"],
        mistakes=[
            Mistake("gain 1 instead of 2",
                    source="def he_init(fan_in, fan_out, rng, dtype=np.float64):\n"
                           "    return rng.normal(0, np.sqrt(1 / fan_in), (fan_in, fan_out)).astype(dtype)\n",
                    hint="gain of 1 instead of 2"),
            Mistake("fan_out where fan_in belongs",
                    source="def he_init(fan_in, fan_out, rng, dtype=np.float64):\n"
                           "    return rng.normal(0, np.sqrt(2 / fan_out), (fan_in, fan_out)).astype(dtype)\n",
                    hint="fan_out where fan_in belongs"),
            Mistake("Xavier's fan_in + fan_out",
                    source="def he_init(fan_in, fan_out, rng, dtype=np.float64):\n"
                           "    return rng.normal(0, np.sqrt(2 / (fan_in + fan_out)), (fan_in, fan_out)).astype(dtype)\n",
                    hint="Xavier's"),
            Mistake("the variance passed as the standard deviation (no square root)",
                    source="def he_init(fan_in, fan_out, rng, dtype=np.float64):\n"
                           "    return rng.normal(0, 2 / fan_in, (fan_in, fan_out)).astype(dtype)\n",
                    hint="no square root"),
            Mistake("He uniform where the normal is asked for",
                    source="def he_init(fan_in, fan_out, rng, dtype=np.float64):\n"
                           "    a = np.sqrt(6 / fan_in)\n"
                           "    return rng.uniform(-a, a, (fan_in, fan_out)).astype(dtype)\n",
                    hint="normal N(0, 2 / fan_in)"),
            Mistake("transposed shape",
                    source="def he_init(fan_in, fan_out, rng, dtype=np.float64):\n"
                           "    return rng.normal(0, np.sqrt(2 / fan_in), (fan_out, fan_in)).astype(dtype)\n",
                    hint="transposed"),
            Mistake("np.random.randn: the global generator",
                    source="def he_init(fan_in, fan_out, rng, dtype=np.float64):\n"
                           "    return (np.random.randn(fan_in, fan_out) * np.sqrt(2 / fan_in)).astype(dtype)\n",
                    hint="draw only from the rng"),
            Mistake("calls nnlib's he_normal",
                    source="from nnlib.init import he_normal\n\n"
                           "def he_init(fan_in, fan_out, rng, dtype=np.float64):\n"
                           "    return he_normal(fan_in, fan_out, rng, dtype=dtype)\n",
                    hint="reference implementation"),
        ],
        alternatives=[
            # standard_normal times the standard deviation
            "def he_init(fan_in, fan_out, rng, dtype=np.float64):\n"
            "    return (rng.standard_normal((fan_in, fan_out)) * (2.0 / fan_in) ** 0.5).astype(dtype)\n",
            # keyword arguments, variance first then its square root
            "def he_init(fan_in, fan_out, rng, dtype=np.float64):\n"
            "    variance = 2 / fan_in\n"
            "    W = rng.normal(loc=0.0, scale=np.sqrt(variance), size=(fan_in, fan_out))\n"
            "    return W.astype(dtype, copy=False)\n",
            # drawn in the requested dtype directly
            "def he_init(fan_in, fan_out, rng, dtype=np.float64):\n"
            "    W = rng.standard_normal(size=(fan_in, fan_out), dtype=dtype)\n"
            "    W *= np.sqrt(2 / fan_in)\n"
            "    return W\n",
        ],
    ),
    Exercise(
        answer="fixes",
        tests=["fixes_visible", "fixes_hidden"],
        mistakes=[
            Mistake("ReLU with Xavier: half the variance lost per layer",
                    source='vanishing_fix = {"activation": "relu", "init": "xavier"}\nexploding_fix_std = 0.125\n',
                    hint="match the init to the activation"),
            Mistake("keeps sigmoid and only changes the init",
                    source='vanishing_fix = {"activation": "sigmoid", "init": "he"}\nexploding_fix_std = 0.125\n',
                    hint="change the activation"),
            Mistake("the variance 1/64 where a standard deviation is needed",
                    source='vanishing_fix = {"activation": "relu", "init": "he"}\nexploding_fix_std = 1 / 64\n',
                    hint="a variance (1/64)"),
            Mistake("only halves the standard deviation: still explodes",
                    source='vanishing_fix = {"activation": "relu", "init": "he"}\nexploding_fix_std = 0.5\n',
                    hint="still explodes"),
            Mistake("tiny weights everywhere: N(0, 0.01²)",
                    source='vanishing_fix = {"activation": "tanh", "init": "normal"}\nexploding_fix_std = 0.125\n',
                    hint="still vanishing"),
            Mistake("a scheme name where a number is asked",
                    source='vanishing_fix = {"activation": "relu", "init": "he"}\nexploding_fix_std = "xavier"\n',
                    hint="should be a number"),
            Mistake("PyTorch's name for He",
                    source='vanishing_fix = {"activation": "relu", "init": "kaiming"}\nexploding_fix_std = 0.125\n',
                    hint="one of nnlib's scheme names"),
            Mistake("a misspelled key",
                    source='vanishing_fix = {"act": "relu", "init": "he"}\nexploding_fix_std = 0.125\n',
                    hint="'activation' and 'init'"),
        ],
        alternatives=[
            'vanishing_fix = {"activation": "tanh", "init": "xavier"}\nexploding_fix_std = np.sqrt(2 / (64 + 64))\n',
            'vanishing_fix = {"activation": "leaky_relu", "init": "he_uniform"}\nexploding_fix_std = np.sqrt(2 / 64)\n',
            'vanishing_fix = dict(activation="relu", init="he_uniform")\nexploding_fix_std = np.float32(0.15)\n',
        ],
    ),
    Exercise(
        answer="clip_by_value",
        tests=["clip_by_value_visible", "clip_by_value_hidden"],
        mistakes=[
            Mistake("clips only the upper side",
                    source="def clip_by_value(grads, clip_value):\n"
                           "    return {name: np.minimum(g, clip_value) for name, g in grads.items()}\n",
                    hint="clip both sides"),
            Mistake("clips each array by its norm instead of by value",
                    source="def clip_by_value(grads, clip_value):\n"
                           "    out = {}\n"
                           "    for name, g in grads.items():\n"
                           "        norm = np.linalg.norm(g)\n"
                           "        out[name] = g * clip_value / norm if norm > clip_value else g.copy()\n"
                           "    return out\n",
                    hint="clipping by norm"),
            Mistake("scales the whole array down when one entry is too large",
                    source="def clip_by_value(grads, clip_value):\n"
                           "    out = {}\n"
                           "    for name, g in grads.items():\n"
                           "        biggest = np.abs(g).max()\n"
                           "        out[name] = g * clip_value / biggest if biggest > clip_value else g.copy()\n"
                           "    return out\n",
                    hint="clamps each entry separately"),
            Mistake("clips in place",
                    source="def clip_by_value(grads, clip_value):\n"
                           "    for g in grads.values():\n"
                           "        np.clip(g, -clip_value, clip_value, out=g)\n"
                           "    return grads\n",
                    hint="in place"),
            Mistake("returns a list of arrays",
                    source="def clip_by_value(grads, clip_value):\n"
                           "    return [np.clip(g, -clip_value, clip_value) for g in grads.values()]\n",
                    hint="not a dict"),
            Mistake("np.sign(g) * clip_value: every entry set to ±c",
                    source="def clip_by_value(grads, clip_value):\n"
                           "    return {name: np.sign(g) * clip_value for name, g in grads.items()}\n",
                    hint="np.clip(g, -clip_value, clip_value)"),
        ],
        alternatives=[
            "def clip_by_value(grads, clip_value):\n"
            "    return {name: np.maximum(np.minimum(g, clip_value), -clip_value) for name, g in grads.items()}\n",
            "def clip_by_value(grads, clip_value):\n"
            "    clipped = {}\n"
            "    for name in grads:\n"
            "        g = grads[name].copy()\n"
            "        g[g > clip_value] = clip_value\n"
            "        g[g < -clip_value] = -clip_value\n"
            "        clipped[name] = g\n"
            "    return clipped\n",
            "def clip_by_value(grads, clip_value):\n"
            "    return {k: np.where(np.abs(v) > clip_value, np.sign(v) * clip_value, v).astype(v.dtype)\n"
            "            for k, v in grads.items()}\n",
        ],
    ),
    Exercise(
        answer="clip_by_global_norm",
        tests=["clip_by_global_norm_visible", "clip_by_global_norm_hidden"],
        mistakes=[
            Mistake("clips each array by its own norm: changes the direction",
                    source="def clip_by_global_norm(grads, max_norm):\n"
                           "    total = float(np.sqrt(sum(np.sum(g ** 2) for g in grads.values())))\n"
                           "    out = {}\n"
                           "    for name, g in grads.items():\n"
                           "        norm = np.linalg.norm(g)\n"
                           "        out[name] = g * (max_norm / norm) if norm > max_norm else g.copy()\n"
                           "    return out, total\n",
                    hint="changes the direction"),
            Mistake("clips by value instead of by norm",
                    source="def clip_by_global_norm(grads, max_norm):\n"
                           "    total = float(np.sqrt(sum(np.sum(g ** 2) for g in grads.values())))\n"
                           "    return {name: np.clip(g, -max_norm, max_norm) for name, g in grads.items()}, total\n",
                    hint="clipping by value"),
            Mistake("the squared norm",
                    source="def clip_by_global_norm(grads, max_norm):\n"
                           "    total = float(sum(np.sum(g ** 2) for g in grads.values()))\n"
                           "    factor = min(1.0, max_norm / total)\n"
                           "    return {name: g * factor for name, g in grads.items()}, total\n",
                    hint="squared"),
            Mistake("always rescales to max_norm, even under the threshold",
                    source="def clip_by_global_norm(grads, max_norm):\n"
                           "    total = float(np.sqrt(sum(np.sum(g ** 2) for g in grads.values())))\n"
                           "    return {name: g * (max_norm / total) for name, g in grads.items()}, total\n",
                    hint="under max_norm"),
            Mistake("scales in place",
                    source="def clip_by_global_norm(grads, max_norm):\n"
                           "    total = float(np.sqrt(sum(np.sum(g ** 2) for g in grads.values())))\n"
                           "    for g in grads.values():\n"
                           "        g *= min(1.0, max_norm / total)\n"
                           "    return grads, total\n",
                    hint="in place"),
            Mistake("returns the norm after clipping",
                    source="def clip_by_global_norm(grads, max_norm):\n"
                           "    total = float(np.sqrt(sum(np.sum(g ** 2) for g in grads.values())))\n"
                           "    factor = min(1.0, max_norm / total)\n"
                           "    return {name: g * factor for name, g in grads.items()}, total * factor\n",
                    hint="before clipping"),
            Mistake("sums the arrays' norms instead of their squares",
                    source="def clip_by_global_norm(grads, max_norm):\n"
                           "    total = float(sum(np.linalg.norm(g) for g in grads.values()))\n"
                           "    factor = min(1.0, max_norm / total)\n"
                           "    return {name: g * factor for name, g in grads.items()}, total\n",
                    hint="not the sum of the arrays' norms"),
            Mistake("normalizes by the norm, 0 / 0 for a zero gradient",
                    source="def clip_by_global_norm(grads, max_norm):\n"
                           "    total = np.sqrt(sum(np.sum(g ** 2) for g in grads.values()))\n"
                           "    # normalize to a unit vector, then give it the capped length\n"
                           "    return {name: g / total * min(total, max_norm) for name, g in grads.items()}, total\n",
                    hint="nan or inf"),
        ],
        alternatives=[
            # torch's 1e-6 in the denominator
            "def clip_by_global_norm(grads, max_norm):\n"
            "    total = np.sqrt(sum(float((g.astype(np.float64) ** 2).sum()) for g in grads.values()))\n"
            "    coef = min(1.0, max_norm / (total + 1e-6))\n"
            "    return {name: g * coef for name, g in grads.items()}, float(total)\n",
            # one concatenated vector, then a loop
            "def clip_by_global_norm(grads, max_norm):\n"
            "    flat = np.concatenate([np.ravel(g) for g in grads.values()]).astype(np.float64)\n"
            "    total_norm = float(np.linalg.norm(flat))\n"
            "    clipped = {}\n"
            "    for name, g in grads.items():\n"
            "        clipped[name] = g.copy()\n"
            "        if total_norm > max_norm:\n"
            "            clipped[name] *= max_norm / total_norm\n"
            "    return clipped, total_norm\n",
            # a tuple built with np.where-free arithmetic, returned as a list
            "def clip_by_global_norm(grads, max_norm):\n"
            "    total = float(np.sqrt(np.sum([np.vdot(g, g) for g in grads.values()])))\n"
            "    scale = 1.0 if total <= max_norm else max_norm / total\n"
            "    return [{k: (v * scale).astype(v.dtype) for k, v in grads.items()}, total]\n",
        ],
    ),
]
