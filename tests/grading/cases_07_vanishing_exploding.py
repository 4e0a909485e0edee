"""Grader quality of lesson 07: the mistakes students really make when they measure, diagnose, initialize, fix and clip
must fail with the right hint, and other correct answers (loops, other numpy calls, float32-aware code, other valid
choices) must pass.

Judgement calls, stated so that they can be argued with:
- layer_gradient_norms counts the weight gradients only, one norm per dense layer (the statement says so): the
  norms of the biases, or of weight and bias together, are a different measurement and fail.
- The diagnosis uses one explicit rule, the band [1e-2, 1e2] of section 2.3 for this loss and these inputs. A
  uniformly tiny (or huge) ReLU network counts as vanishing (exploding) although its layers agree with each other:
  the lesson's point that a scale problem is not healthy. Labels are compared after strip().lower(). A network with
  layers on both sides of the band is exploding (nnlib's classify checks that first; the statement says so); none of
  the five suspects is such a network, so code that checks vanishing first gives the same, right, labels and passes.
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
- Kinds of correct answer that do not apply: diagnosis has no float32 version and no other library function (five
  labels, strings); fixes has no loop version (two settings, nothing to loop over).
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
            # a progress bar over the layers
            "from tqdm import tqdm\n\n"
            "def layer_gradient_norms(model, X, y):\n"
            "    loss, dlogits = softmax_cross_entropy(model.forward(X), y)\n"
            "    model.backward(dlogits)\n"
            "    n_layers = len(model.sizes) - 1\n"
            "    return np.array([np.linalg.norm(model.grads[f'W{layer}'])\n"
            "                     for layer in tqdm(range(1, n_layers + 1))])\n",
            # the norms computed in float32, layer by layer into a float32 array
            "def layer_gradient_norms(model, X, y):\n"
            "    loss, dlogits = softmax_cross_entropy(model.forward(X), y)\n"
            "    model.backward(dlogits)\n"
            "    norms = np.empty(model.n_layers, dtype=np.float32)\n"
            "    for l in range(1, model.n_layers + 1):\n"
            "        norms[l - 1] = np.linalg.norm(model.grads[f'W{l}'].astype(np.float32))\n"
            "    return norms\n",
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
            Mistake("swaps vanishing and exploding",
                    source='diagnosis = {"A": "exploding", "B": "vanishing", "C": "healthy", "D": "vanishing", '
                           '"E": "exploding"}\n',
                    hint="vanishing"),
            Mistake("every network called healthy",
                    source='diagnosis = {name: "healthy" for name in "ABCDE"}\n',
                    hint="healthy"),
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
            # the other precedence (vanishing checked first): the same labels, since none of the five networks has
            # layers on both sides of the band; the statement fixes exploding for such a network all the same
            "diagnosis = {}\n"
            "for name, model in suspects.items():\n"
            "    norms = layer_gradient_norms(model, X_PROBE, Y_PROBE)\n"
            "    if norms.min() < BAND[0]:\n"
            "        diagnosis[name] = 'vanishing'\n"
            "    elif norms.max() > BAND[1]:\n"
            "        diagnosis[name] = 'exploding'\n"
            "    else:\n"
            "        diagnosis[name] = 'healthy'\n",
            # built in a loop from two lists, with a print
            "labels = ['vanishing', 'exploding', 'healthy', 'exploding', 'vanishing']\n"
            "diagnosis = {}\n"
            "for name, label in zip('ABCDE', labels):\n"
            "    diagnosis[name] = label\n"
            "    print(name, label)\n",
            # dict(zip(...)) with tuples of keys
            "diagnosis = dict(zip(('A', 'B', 'C', 'D', 'E'),\n"
            "                     ('vanishing', 'exploding', 'healthy', 'exploding', 'vanishing')))\n",
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
            # row by row in a loop, with a print
            "def xavier_init(fan_in, fan_out, rng, dtype=np.float64):\n"
            "    a = np.sqrt(6 / (fan_in + fan_out))\n"
            "    print(f'Xavier bound a = {a:.4f}')\n"
            "    W = np.empty((fan_in, fan_out), dtype=dtype)\n"
            "    for row in range(fan_in):\n"
            "        W[row] = rng.uniform(-a, a, size=fan_out)\n"
            "    return W\n",
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
            Mistake("standard deviation 2 / sqrt(fan_in): the 2 outside the square root",
                    source="def he_init(fan_in, fan_out, rng, dtype=np.float64):\n"
                           "    return rng.normal(0.0, 2 / np.sqrt(fan_in), size=(fan_in, fan_out)).astype(dtype)\n",
                    hint="the 2 outside the square root"),
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
            # row by row in a loop, with a print
            "def he_init(fan_in, fan_out, rng, dtype=np.float64):\n"
            "    std = (2 / fan_in) ** 0.5\n"
            "    print('He std', std)\n"
            "    W = np.zeros((fan_in, fan_out), dtype=dtype)\n"
            "    for row in range(fan_in):\n"
            "        W[row] = rng.normal(0.0, std, size=fan_out)\n"
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
            # a float32 standard deviation computed with math, printed
            "import math\n\n"
            "vanishing_fix = {'init': 'he', 'activation': 'relu'}\n"
            "exploding_fix_std = np.float32(math.sqrt(1 / 64))\n"
            "print(vanishing_fix, exploding_fix_std)\n",
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
            Mistake("clips to [0, c]: negative entries lost",
                    source="def clip_by_value(grads, clip_value):\n"
                           "    return {name: np.clip(g, 0, clip_value) for name, g in grads.items()}\n",
                    hint="clip both sides"),
            Mistake("clips the absolute value: the signs are lost",
                    source="def clip_by_value(grads, clip_value):\n"
                           "    return {name: np.minimum(np.abs(g), clip_value) for name, g in grads.items()}\n",
                    hint="lost the signs"),
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
            # entry by entry in a loop, with a progress bar over the arrays
            "from tqdm import tqdm\n\n"
            "def clip_by_value(grads, clip_value):\n"
            "    clipped = {}\n"
            "    for name, g in tqdm(grads.items()):\n"
            "        out = np.empty_like(g)\n"
            "        for i in np.ndindex(g.shape):\n"
            "            out[i] = min(max(g[i], -clip_value), clip_value)\n"
            "        clipped[name] = out\n"
            "    return clipped\n",
            # the bounds in each array's own dtype (float32 stays float32), np.clip in place on a copy
            "def clip_by_value(grads, clip_value):\n"
            "    clipped = {}\n"
            "    for name, g in grads.items():\n"
            "        c = g.dtype.type(clip_value)\n"
            "        clipped[name] = g.copy()\n"
            "        np.clip(clipped[name], -c, c, out=clipped[name])\n"
            "    return clipped\n",
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
            # a loop over the entries for the norm, float32 arrays kept float32, a print
            "import math\n\n"
            "def clip_by_global_norm(grads, max_norm):\n"
            "    squares = 0.0\n"
            "    for g in grads.values():\n"
            "        for value in np.ravel(g):\n"
            "            squares += float(value) ** 2\n"
            "    total = math.sqrt(squares)\n"
            "    factor = max_norm / total if total > max_norm else 1.0\n"
            "    print(f'global norm {total:.3g}, factor {factor:.3g}')\n"
            "    return {name: g * g.dtype.type(factor) for name, g in grads.items()}, total\n",
        ],
    ),
]


# Answers written without reading the tests (an independent author's, as students would hand them in),
# each run through the harness: correct ones must pass, wrong ones fail with the hint their message gives.
INDEPENDENT = [
    # written without reading the tests: loop l = 1..n_layers with np.linalg.norm
    ('layer_gradient_norms', ("import numpy as np\n"
                              "from nnlib.losses import softmax_cross_entropy\n"
                              "\n"
                              "\n"
                              "def layer_gradient_norms(model, X, y):\n"
                              '    """‖∂L/∂W_ℓ‖ for ℓ = 1..K after one forward/backward of the mean cross-entropy.  X (N, D), y (N,) -> (K,)."""\n'
                              "    logits = model.forward(X)\n"
                              "    loss, dlogits = softmax_cross_entropy(logits, y)\n"
                              "    model.backward(dlogits)\n"
                              "    norms = []\n"
                              "    for l in range(1, model.n_layers + 1):\n"
                              '        norms.append(np.linalg.norm(model.grads[f"W{l}"]))\n'
                              "    return np.array(norms, dtype=float)\n")),
    # written without reading the tests: sqrt of the sum of squares, preallocated result
    ('layer_gradient_norms', ("import numpy as np\n"
                              "from nnlib.losses import softmax_cross_entropy\n"
                              "\n"
                              "\n"
                              "def layer_gradient_norms(model, X, y):\n"
                              '    """‖∂L/∂W_ℓ‖ for ℓ = 1..K after one forward/backward of the mean cross-entropy.  X (N, D), y (N,) -> (K,)."""\n'
                              "    _, dlogits = softmax_cross_entropy(model.forward(X), y)\n"
                              "    model.backward(dlogits)\n"
                              "    K = model.n_layers\n"
                              "    out = np.zeros(K)\n"
                              "    for k in range(K):\n"
                              '        g = np.asarray(model.grads["W" + str(k + 1)], dtype=np.float64)\n'
                              "        out[k] = np.sqrt(np.sum(g * g))\n"
                              "    return out\n")),
    # written without reading the tests: filters the grads dict by names starting with W (insertion order), einsum
    ('layer_gradient_norms', ("import numpy as np\n"
                              "from nnlib.losses import softmax_cross_entropy\n"
                              "\n"
                              "\n"
                              "def layer_gradient_norms(model, X, y):\n"
                              '    """‖∂L/∂W_ℓ‖ for ℓ = 1..K after one forward/backward of the mean cross-entropy.  X (N, D), y (N,) -> (K,)."""\n'
                              "    logits = model.forward(X)\n"
                              "    _, dlogits = softmax_cross_entropy(logits, y)\n"
                              "    model.backward(dlogits)\n"
                              '    weight_grads = {int(name[1:]): g for name, g in model.grads.items() if name.startswith("W")}\n'
                              '    return np.array([np.sqrt(np.einsum("ij,ij->", weight_grads[l], weight_grads[l]))\n'
                              "                     for l in sorted(weight_grads)], dtype=np.float64)\n")),
    # written without reading the tests
    ('layer_gradient_norms', Mistake('sorts the names as strings: W10 comes before W2 in deep networks',
                 source=("import numpy as np\n"
                         "from nnlib.losses import softmax_cross_entropy\n"
                         "\n"
                         "\n"
                         "def layer_gradient_norms(model, X, y):\n"
                         '    """‖∂L/∂W_ℓ‖ for ℓ = 1..K after one forward/backward of the mean cross-entropy.  X (N, D), y (N,) -> (K,)."""\n'
                         "    logits = model.forward(X)\n"
                         "    loss, dlogits = softmax_cross_entropy(logits, y)\n"
                         "    model.backward(dlogits)\n"
                         '    names = sorted(name for name in model.grads if name.startswith("W"))\n'
                         "    return np.array([np.linalg.norm(model.grads[name]) for name in names])\n"),
                 hint="the Frobenius norm of model.grads[f'W{l}'] for l = 1..n_laye")),
    # written without reading the tests
    ('layer_gradient_norms', Mistake('off by one: range(1, n_layers) misses the output layer',
                 source=("import numpy as np\n"
                         "from nnlib.losses import softmax_cross_entropy\n"
                         "\n"
                         "\n"
                         "def layer_gradient_norms(model, X, y):\n"
                         '    """‖∂L/∂W_ℓ‖ for ℓ = 1..K after one forward/backward of the mean cross-entropy.  X (N, D), y (N,) -> (K,)."""\n'
                         "    logits = model.forward(X)\n"
                         "    loss, dlogits = softmax_cross_entropy(logits, y)\n"
                         "    model.backward(dlogits)\n"
                         '    return np.array([np.linalg.norm(model.grads[f"W{l}"]) for l in range(1, model.n_layers)])\n'),
                 hint='loop over l = 1, ..., model.n_layers inclusive (range(1, mod')),
    # written without reading the tests
    ('layer_gradient_norms', Mistake('returns the squared norms (sum of squares without the root)',
                 source=("import numpy as np\n"
                         "from nnlib.losses import softmax_cross_entropy\n"
                         "\n"
                         "\n"
                         "def layer_gradient_norms(model, X, y):\n"
                         '    """‖∂L/∂W_ℓ‖ for ℓ = 1..K after one forward/backward of the mean cross-entropy.  X (N, D), y (N,) -> (K,)."""\n'
                         "    logits = model.forward(X)\n"
                         "    loss, dlogits = softmax_cross_entropy(logits, y)\n"
                         "    model.backward(dlogits)\n"
                         '    return np.array([np.sum(model.grads[f"W{l}"] ** 2) for l in range(1, model.n_layers + 1)])\n'),
                 hint='take the square root of the sum of squares (np.linalg.norm),')),
    # written without reading the tests
    ('layer_gradient_norms', Mistake('runs the forward in eval mode (train=False): wrong for batch-norm networks',
                 source=("import numpy as np\n"
                         "from nnlib.losses import softmax_cross_entropy\n"
                         "\n"
                         "\n"
                         "def layer_gradient_norms(model, X, y):\n"
                         '    """‖∂L/∂W_ℓ‖ for ℓ = 1..K after one forward/backward of the mean cross-entropy.  X (N, D), y (N,) -> (K,)."""\n'
                         "    logits = model.forward(X, train=False)       # just measuring, not training\n"
                         "    loss, dlogits = softmax_cross_entropy(logits, y)\n"
                         "    model.backward(dlogits)\n"
                         '    return np.array([np.linalg.norm(model.grads[f"W{l}"]) for l in range(1, model.n_layers + 1)])\n'),
                 hint="the Frobenius norm of model.grads[f'W{l}'] for l = 1..n_laye")),
    # written without reading the tests: the measured labels written out
    ('diagnosis', ('diagnosis = {"A": "vanishing", "B": "exploding", "C": "healthy", "D": "exploding", "E": "vanishing"}\n')),
    # written without reading the tests: measures every suspect with its own norms and applies the band rule
    ('diagnosis', ("import numpy as np\n"
                   "from nnlib.losses import softmax_cross_entropy\n"
                   "from nnlib.widgets.depth import BAND, X_PROBE, Y_PROBE\n"
                   "\n"
                   "\n"
                   "def _norms(model, X, y):\n"
                   "    _, dlogits = softmax_cross_entropy(model.forward(X), y)\n"
                   "    model.backward(dlogits)\n"
                   '    return np.array([np.linalg.norm(model.grads[f"W{l}"]) for l in range(1, model.n_layers + 1)])\n'
                   "\n"
                   "\n"
                   "diagnosis = {}\n"
                   "for name, net in suspects.items():\n"
                   "    norms = _norms(net, X_PROBE, Y_PROBE)\n"
                   "    low, high = BAND\n"
                   "    if np.any(norms < low):\n"
                   '        diagnosis[name] = "vanishing"\n'
                   "    elif np.any(norms > high):\n"
                   '        diagnosis[name] = "exploding"\n'
                   "    else:\n"
                   '        diagnosis[name] = "healthy"\n'
                   '    print(name, f"layer 1: {norms[0]:.1e}, layer {len(norms)}: {norms[-1]:.1e}", diagnosis[name])\n')),
    # written without reading the tests: rebuilds the suspects with deep_mlp, min/max of the norms against 1e-2 and 1e2
    ('diagnosis', ("import numpy as np\n"
                   "from nnlib.losses import softmax_cross_entropy\n"
                   "from nnlib.widgets.depth import X_PROBE, Y_PROBE, deep_mlp\n"
                   "\n"
                   "nets = {\n"
                   '    "A": deep_mlp(20, "sigmoid", init="xavier", seed=7),\n'
                   '    "B": deep_mlp(20, "relu", weight_std=0.3, seed=7),\n'
                   '    "C": deep_mlp(20, "relu", init="he", seed=7),\n'
                   '    "D": deep_mlp(20, "tanh", weight_std=1.0, seed=7),\n'
                   '    "E": deep_mlp(20, "relu", weight_std=0.05, seed=7),\n'
                   "}\n"
                   "diagnosis = {}\n"
                   "for key, net in nets.items():\n"
                   "    loss, d = softmax_cross_entropy(net.forward(X_PROBE), Y_PROBE)\n"
                   "    net.backward(d)\n"
                   '    g = [np.sqrt((net.grads["W%d" % l] ** 2).sum()) for l in range(1, net.n_layers + 1)]\n'
                   '    diagnosis[key] = "vanishing" if min(g) < 1e-2 else ("exploding" if max(g) > 1e2 else "healthy")\n')),
    # written without reading the tests
    ('diagnosis', Mistake('reads the curve from the output end: D called vanishing, A exploding',
                 source=('diagnosis = {"A": "exploding", "B": "exploding", "C": "healthy", "D": "vanishing", "E": "vanishing"}\n'),
                 hint='vanishing means SMALL gradients: layer 1 is next to the inpu')),
    # written without reading the tests
    ('diagnosis', Mistake('judges only the slope: flat curves B and E called healthy',
                 source=('diagnosis = {"A": "vanishing", "B": "healthy", "C": "healthy", "D": "exploding", "E": "healthy"}\n'),
                 hint='every layer has a similar norm, but all of them are above th')),
    # written without reading the tests
    ('diagnosis', Mistake('guesses from the activations without measuring',
                 source=("# sigmoid and tanh saturate, relu does not\n"
                         'diagnosis = {"A": "vanishing", "B": "healthy", "C": "healthy", "D": "vanishing", "E": "healthy"}\n'),
                 hint='every layer has a similar norm, but all of them are above th')),
    # written without reading the tests
    ('diagnosis', Mistake('small weights read as exploding, large as vanishing (B and E swapped)',
                 source=('diagnosis = {"A": "vanishing", "B": "vanishing", "C": "healthy", "D": "exploding", "E": "exploding"}\n'),
                 hint='exploding means LARGE gradients: layer 1 is next to the inpu')),
    # written without reading the tests: rng.uniform(-a, a), then astype
    ('xavier_init', ("import numpy as np\n"
                     "\n"
                     "\n"
                     "def xavier_init(fan_in, fan_out, rng, dtype=np.float64):\n"
                     '    """W ~ U(−a, a), a = sqrt(6 / (fan_in + fan_out)).  -> (fan_in, fan_out) of dtype."""\n'
                     "    a = np.sqrt(6.0 / (fan_in + fan_out))\n"
                     "    return rng.uniform(-a, a, size=(fan_in, fan_out)).astype(dtype)\n")),
    # written without reading the tests: float32-capable: rng.random(dtype=dtype) rescaled to (-a, a)
    ('xavier_init', ("import math\n"
                     "\n"
                     "import numpy as np\n"
                     "\n"
                     "\n"
                     "def xavier_init(fan_in, fan_out, rng, dtype=np.float64):\n"
                     '    """W ~ U(−a, a), a = sqrt(6 / (fan_in + fan_out)).  -> (fan_in, fan_out) of dtype."""\n'
                     "    a = math.sqrt(6 / (fan_in + fan_out))\n"
                     "    u = rng.random((fan_in, fan_out), dtype=dtype)       # U[0, 1) directly in the requested precision\n"
                     "    W = (2 * u - 1) * a\n"
                     "    return W.astype(dtype, copy=False)\n")),
    # written without reading the tests: variance first, bound = sqrt(3) * std, keyword arguments, np.asarray
    ('xavier_init', ("import numpy as np\n"
                     "\n"
                     "\n"
                     "def xavier_init(fan_in, fan_out, rng, dtype=np.float64):\n"
                     '    """W ~ U(−a, a), a = sqrt(6 / (fan_in + fan_out)).  -> (fan_in, fan_out) of dtype."""\n'
                     "    variance = 2.0 / (fan_in + fan_out)\n"
                     "    bound = np.sqrt(3.0 * variance)\n"
                     "    W = rng.uniform(low=-bound, high=bound, size=(fan_in, fan_out))\n"
                     "    return np.asarray(W, dtype=dtype)\n")),
    # written without reading the tests
    ('xavier_init', Mistake('normal distribution with the Xavier variance instead of the uniform',
                 source=("import numpy as np\n"
                         "\n"
                         "\n"
                         "def xavier_init(fan_in, fan_out, rng, dtype=np.float64):\n"
                         '    """W ~ U(−a, a), a = sqrt(6 / (fan_in + fan_out)).  -> (fan_in, fan_out) of dtype."""\n'
                         "    std = np.sqrt(2.0 / (fan_in + fan_out))\n"
                         "    return rng.normal(0.0, std, size=(fan_in, fan_out)).astype(dtype)\n"),
                 hint='Xavier here is the uniform U(−a, a) (rng.uniform), not a nor')),
    # written without reading the tests
    ('xavier_init', Mistake('shape (fan_out, fan_in): transposed',
                 source=("import numpy as np\n"
                         "\n"
                         "\n"
                         "def xavier_init(fan_in, fan_out, rng, dtype=np.float64):\n"
                         '    """W ~ U(−a, a), a = sqrt(6 / (fan_in + fan_out)).  -> (fan_in, fan_out) of dtype."""\n'
                         "    a = np.sqrt(6 / (fan_in + fan_out))\n"
                         "    return rng.uniform(-a, a, size=(fan_out, fan_in)).astype(dtype)\n"),
                 hint='the shape is (fan_in, fan_out): x @ W with x of shape (N, fa')),
    # written without reading the tests
    ('xavier_init', Mistake('ignores the dtype argument (always float64)',
                 source=("import numpy as np\n"
                         "\n"
                         "\n"
                         "def xavier_init(fan_in, fan_out, rng, dtype=np.float64):\n"
                         '    """W ~ U(−a, a), a = sqrt(6 / (fan_in + fan_out)).  -> (fan_in, fan_out) of dtype."""\n'
                         "    a = np.sqrt(6 / (fan_in + fan_out))\n"
                         "    return rng.uniform(-a, a, size=(fan_in, fan_out))\n"),
                 hint='convert at the end with .astype(dtype)')),
    # written without reading the tests
    ('xavier_init', Mistake("draws from numpy's global generator (np.random.uniform), not from rng",
                 source=("import numpy as np\n"
                         "\n"
                         "\n"
                         "def xavier_init(fan_in, fan_out, rng, dtype=np.float64):\n"
                         '    """W ~ U(−a, a), a = sqrt(6 / (fan_in + fan_out)).  -> (fan_in, fan_out) of dtype."""\n'
                         "    a = np.sqrt(6 / (fan_in + fan_out))\n"
                         "    return np.random.uniform(-a, a, size=(fan_in, fan_out)).astype(dtype)\n"),
                 hint='xavier_init gave two different matrices for two generators w')),
    # written without reading the tests: rng.normal with std sqrt(2 / fan_in)
    ('he_init', ("import numpy as np\n"
                 "\n"
                 "\n"
                 "def he_init(fan_in, fan_out, rng, dtype=np.float64):\n"
                 '    """W ~ N(0, 2 / fan_in), std sqrt(2 / fan_in).  -> (fan_in, fan_out) of dtype."""\n'
                 "    std = np.sqrt(2.0 / fan_in)\n"
                 "    return rng.normal(0.0, std, size=(fan_in, fan_out)).astype(dtype)\n")),
    # written without reading the tests: float32-capable: rng.standard_normal(dtype=dtype) times the std
    ('he_init', ("import math\n"
                 "\n"
                 "import numpy as np\n"
                 "\n"
                 "\n"
                 "def he_init(fan_in, fan_out, rng, dtype=np.float64):\n"
                 '    """W ~ N(0, 2 / fan_in), std sqrt(2 / fan_in).  -> (fan_in, fan_out) of dtype."""\n'
                 "    W = rng.standard_normal((fan_in, fan_out), dtype=dtype)\n"
                 "    W *= math.sqrt(2 / fan_in)\n"
                 "    return W\n")),
    # written without reading the tests: row by row in a loop, variance then square root
    ('he_init', ("import numpy as np\n"
                 "\n"
                 "\n"
                 "def he_init(fan_in, fan_out, rng, dtype=np.float64):\n"
                 '    """W ~ N(0, 2 / fan_in), std sqrt(2 / fan_in).  -> (fan_in, fan_out) of dtype."""\n'
                 "    variance = 2 / fan_in\n"
                 "    W = np.empty((fan_in, fan_out), dtype=dtype)\n"
                 "    for i in range(fan_in):\n"
                 "        W[i] = rng.normal(loc=0.0, scale=variance ** 0.5, size=fan_out)\n"
                 "    return W\n")),
    # written without reading the tests
    ('he_init', Mistake('passes the variance 2 / fan_in as the standard deviation',
                 source=("import numpy as np\n"
                         "\n"
                         "\n"
                         "def he_init(fan_in, fan_out, rng, dtype=np.float64):\n"
                         '    """W ~ N(0, 2 / fan_in), std sqrt(2 / fan_in).  -> (fan_in, fan_out) of dtype."""\n'
                         "    return rng.normal(0, 2 / fan_in, size=(fan_in, fan_out)).astype(dtype)\n"),
                 hint='the variance used as the standard deviation (no square root)')),
    # written without reading the tests
    ('he_init', Mistake('uses fan_out in the variance',
                 source=("import numpy as np\n"
                         "\n"
                         "\n"
                         "def he_init(fan_in, fan_out, rng, dtype=np.float64):\n"
                         '    """W ~ N(0, 2 / fan_in), std sqrt(2 / fan_in).  -> (fan_in, fan_out) of dtype."""\n'
                         "    return rng.normal(0, np.sqrt(2 / fan_out), size=(fan_in, fan_out)).astype(dtype)\n"),
                 hint='fan_out where fan_in belongs.')),
    # written without reading the tests
    ('he_init', Mistake('He uniform instead of He normal (right variance, wrong distribution)',
                 source=("import numpy as np\n"
                         "\n"
                         "\n"
                         "def he_init(fan_in, fan_out, rng, dtype=np.float64):\n"
                         '    """W ~ N(0, 2 / fan_in), std sqrt(2 / fan_in).  -> (fan_in, fan_out) of dtype."""\n'
                         "    bound = np.sqrt(6 / fan_in)\n"
                         "    return rng.uniform(-bound, bound, size=(fan_in, fan_out)).astype(dtype)\n"),
                 hint='He here is the normal N(0, 2 / fan_in) (rng.normal), not a u')),
    # written without reading the tests
    ('he_init', Mistake('seeds a fresh generator inside: the same matrix on every call',
                 source=("import numpy as np\n"
                         "\n"
                         "\n"
                         "def he_init(fan_in, fan_out, rng, dtype=np.float64):\n"
                         '    """W ~ N(0, 2 / fan_in), std sqrt(2 / fan_in).  -> (fan_in, fan_out) of dtype."""\n'
                         "    rng = np.random.default_rng(0)\n"
                         "    return rng.normal(0, np.sqrt(2 / fan_in), size=(fan_in, fan_out)).astype(dtype)\n"),
                 hint='calling he_init twice with the same generator gave the same')),
    # written without reading the tests: ReLU with He; tanh with std 1/sqrt(64)
    ('fixes', ('vanishing_fix = {"activation": "relu", "init": "he"}\n'
               "exploding_fix_std = 0.125\n")),
    # written without reading the tests: tanh with Xavier; std computed as Xavier's 1/sqrt(fan_in)
    ('fixes', ("import numpy as np\n"
               "\n"
               'vanishing_fix = {"activation": "tanh", "init": "xavier"}\n'
               "exploding_fix_std = 1 / np.sqrt(64)\n")),
    # written without reading the tests: leaky ReLU with He uniform; std 0.2, checked on a few seeds
    ('fixes', ("import numpy as np\n"
               "from nnlib.widgets.depth import classify, deep_mlp, measure\n"
               "\n"
               'vanishing_fix = {"activation": "leaky_relu", "init": "he_uniform"}\n'
               "exploding_fix_std = 0.2\n"
               "for seed in range(3):\n"
               '    print(seed, classify(measure(deep_mlp(20, vanishing_fix["activation"], init=vanishing_fix["init"], seed=seed))["norms"]),\n'
               '          classify(measure(deep_mlp(20, "tanh", weight_std=exploding_fix_std, seed=seed))["norms"]))\n')),
    # written without reading the tests
    ('fixes', Mistake("keeps sigmoid and only changes the init to He (sigmoid' <= 1/4 still vanishes)",
                 source=('vanishing_fix = {"activation": "sigmoid", "init": "he"}\n'
                         "exploding_fix_std = 0.125\n"),
                 hint="sigmoid's derivative is at most 0.25, so 19 sigmoid layers s")),
    # written without reading the tests
    ('fixes', Mistake('ReLU with Xavier (gain 1 instead of 2: vanishes over 20 layers)',
                 source=('vanishing_fix = {"activation": "relu", "init": "xavier"}\n'
                         "exploding_fix_std = 0.125\n"),
                 hint='match the init to the activation: He (gain 2) for ReLU-like,')),
    # written without reading the tests
    ('fixes', Mistake('std set to the variance 1/64 instead of its square root',
                 source=('vanishing_fix = {"activation": "relu", "init": "he"}\n'
                         "exploding_fix_std = 1 / 64\n"),
                 hint='each layer multiplies the gradient by about s·√64: aim for 1')),
    # written without reading the tests
    ('fixes', Mistake('std halved only to 0.5: still exploding',
                 source=('vanishing_fix = {"activation": "relu", "init": "he"}\n'
                         "exploding_fix_std = 0.5\n"),
                 hint='each layer multiplies the gradient by about s·√64: aim for 1')),
    # written without reading the tests: np.clip in a dict comprehension
    ('clip_by_value', ("import numpy as np\n"
                       "\n"
                       "\n"
                       "def clip_by_value(grads, clip_value):\n"
                       '    """Every entry clamped to [−clip_value, clip_value].  grads: dict name -> array -> new dict, same shapes."""\n'
                       "    return {name: np.clip(g, -clip_value, clip_value) for name, g in grads.items()}\n")),
    # written without reading the tests: np.minimum of np.maximum, loop
    ('clip_by_value', ("import numpy as np\n"
                       "\n"
                       "\n"
                       "def clip_by_value(grads, clip_value):\n"
                       '    """Every entry clamped to [−clip_value, clip_value].  grads: dict name -> array -> new dict, same shapes."""\n'
                       "    clipped = {}\n"
                       "    for name, g in grads.items():\n"
                       "        clipped[name] = np.minimum(np.maximum(g, -clip_value), clip_value)\n"
                       "    return clipped\n")),
    # written without reading the tests: sign times the clipped magnitude, on a copy
    ('clip_by_value', ("import numpy as np\n"
                       "\n"
                       "\n"
                       "def clip_by_value(grads, clip_value):\n"
                       '    """Every entry clamped to [−clip_value, clip_value].  grads: dict name -> array -> new dict, same shapes."""\n'
                       "    out = {}\n"
                       "    for name in grads:\n"
                       "        g = np.array(grads[name], copy=True)\n"
                       "        too_big = np.abs(g) > clip_value\n"
                       "        g[too_big] = np.sign(g[too_big]) * clip_value\n"
                       "        out[name] = g\n"
                       "    return out\n")),
    # written without reading the tests
    ('clip_by_value', Mistake("clips in place with out=: the caller's arrays change",
                 source=("import numpy as np\n"
                         "\n"
                         "\n"
                         "def clip_by_value(grads, clip_value):\n"
                         '    """Every entry clamped to [−clip_value, clip_value].  grads: dict name -> array -> new dict, same shapes."""\n'
                         "    for name, g in grads.items():\n"
                         "        np.clip(g, -clip_value, clip_value, out=g)\n"
                         "    return dict(grads)\n"),
                 hint="A function should leave the caller's arrays as they were: co")),
    # written without reading the tests
    ('clip_by_value', Mistake('clips only the upper side',
                 source=("import numpy as np\n"
                         "\n"
                         "\n"
                         "def clip_by_value(grads, clip_value):\n"
                         '    """Every entry clamped to [−clip_value, clip_value].  grads: dict name -> array -> new dict, same shapes."""\n'
                         "    return {name: np.minimum(g, clip_value) for name, g in grads.items()}\n"),
                 hint='clip both sides: np.clip(g, -clip_value, clip_value), not on')),
    # written without reading the tests
    ('clip_by_value', Mistake('large negative entries set to +c (sign lost)',
                 source=("import numpy as np\n"
                         "\n"
                         "\n"
                         "def clip_by_value(grads, clip_value):\n"
                         '    """Every entry clamped to [−clip_value, clip_value].  grads: dict name -> array -> new dict, same shapes."""\n'
                         "    return {name: np.where(np.abs(g) > clip_value, clip_value, g) for name, g in grads.items()}\n"),
                 hint='clip both sides with their signs: np.clip(g, -clip_value, cl')),
    # written without reading the tests
    ('clip_by_value', Mistake('rescales each array to norm c (clipping by norm, per array)',
                 source=("import numpy as np\n"
                         "\n"
                         "\n"
                         "def clip_by_value(grads, clip_value):\n"
                         '    """Every entry clamped to [−clip_value, clip_value].  grads: dict name -> array -> new dict, same shapes."""\n'
                         "    out = {}\n"
                         "    for name, g in grads.items():\n"
                         "        norm = np.linalg.norm(g)\n"
                         "        out[name] = g * clip_value / norm if norm > clip_value else g.copy()\n"
                         "    return out\n"),
                 hint='clipping by value clamps each entry separately; entries alre')),
    # written without reading the tests: one norm over all arrays, factor min(1, max_norm / norm), zero guarded
    ('clip_by_global_norm', ("import numpy as np\n"
                             "\n"
                             "\n"
                             "def clip_by_global_norm(grads, max_norm):\n"
                             '    """g · min(1, max_norm / ‖g‖) with one ‖g‖ over every array.  -> (new dict like grads, ‖g‖ before clipping)."""\n'
                             "    total = np.sqrt(sum(np.sum(np.asarray(g, dtype=np.float64) ** 2) for g in grads.values()))\n"
                             "    factor = 1.0 if total <= max_norm else float(max_norm / total)\n"
                             "    clipped = {name: g * factor for name, g in grads.items()}\n"
                             "    return clipped, float(total)\n")),
    # written without reading the tests: PyTorch's form: max_norm / (norm + 1e-6), norm of the concatenation
    ('clip_by_global_norm', ("import numpy as np\n"
                             "\n"
                             "\n"
                             "def clip_by_global_norm(grads, max_norm):\n"
                             '    """g · min(1, max_norm / ‖g‖) with one ‖g‖ over every array.  -> (new dict like grads, ‖g‖ before clipping)."""\n'
                             "    flat = np.concatenate([np.ravel(g).astype(np.float64) for g in grads.values()]) if grads else np.zeros(0)\n"
                             "    total_norm = float(np.linalg.norm(flat))\n"
                             "    coef = min(1.0, max_norm / (total_norm + 1e-6))\n"
                             "    return {k: np.array(v) * coef for k, v in grads.items()}, total_norm\n")),
    # written without reading the tests: loop accumulating squares, copies when nothing is clipped, keeps dtype
    ('clip_by_global_norm', ("import math\n"
                             "\n"
                             "import numpy as np\n"
                             "\n"
                             "\n"
                             "def clip_by_global_norm(grads, max_norm):\n"
                             '    """g · min(1, max_norm / ‖g‖) with one ‖g‖ over every array.  -> (new dict like grads, ‖g‖ before clipping)."""\n'
                             "    squares = 0.0\n"
                             "    for g in grads.values():\n"
                             "        squares += float(np.vdot(np.asarray(g, dtype=np.float64), np.asarray(g, dtype=np.float64)))\n"
                             "    norm = math.sqrt(squares)\n"
                             "    clipped = {}\n"
                             "    for name, g in grads.items():\n"
                             "        g = np.asarray(g)\n"
                             "        if norm > max_norm:\n"
                             "            clipped[name] = (g * (max_norm / norm)).astype(g.dtype)\n"
                             "        else:\n"
                             "            clipped[name] = g.copy()\n"
                             "    return clipped, norm\n")),
    # written without reading the tests
    ('clip_by_global_norm', Mistake('clips each array by its own norm',
                 source=("import numpy as np\n"
                         "\n"
                         "\n"
                         "def clip_by_global_norm(grads, max_norm):\n"
                         '    """g · min(1, max_norm / ‖g‖) with one ‖g‖ over every array.  -> (new dict like grads, ‖g‖ before clipping)."""\n'
                         "    total = np.sqrt(sum(np.sum(g ** 2) for g in grads.values()))\n"
                         "    clipped = {}\n"
                         "    for name, g in grads.items():\n"
                         "        n = np.linalg.norm(g)\n"
                         "        clipped[name] = g * max_norm / n if n > max_norm else g.copy()\n"
                         "    return clipped, float(total)\n"),
                 hint='that is clipping by value, which changes the direction of th')),
    # written without reading the tests
    ('clip_by_global_norm', Mistake('no min(1, ...): small gradients are scaled up to max_norm',
                 source=("import numpy as np\n"
                         "\n"
                         "\n"
                         "def clip_by_global_norm(grads, max_norm):\n"
                         '    """g · min(1, max_norm / ‖g‖) with one ‖g‖ over every array.  -> (new dict like grads, ‖g‖ before clipping)."""\n'
                         "    total = np.sqrt(sum(np.sum(g ** 2) for g in grads.values()))\n"
                         "    factor = max_norm / (total + 1e-6)\n"
                         "    return {name: g * factor for name, g in grads.items()}, float(total)\n"),
                 hint='no change when total_norm <= max_norm: the factor is min(1,')),
    # written without reading the tests
    ('clip_by_global_norm', Mistake('returns the norm after clipping',
                 source=("import numpy as np\n"
                         "\n"
                         "\n"
                         "def clip_by_global_norm(grads, max_norm):\n"
                         '    """g · min(1, max_norm / ‖g‖) with one ‖g‖ over every array.  -> (new dict like grads, ‖g‖ before clipping)."""\n'
                         "    total = np.sqrt(sum(np.sum(g ** 2) for g in grads.values()))\n"
                         "    if total > max_norm:\n"
                         "        grads = {name: g * (max_norm / total) for name, g in grads.items()}\n"
                         "        total = np.sqrt(sum(np.sum(g ** 2) for g in grads.values()))\n"
                         "    else:\n"
                         "        grads = {name: g.copy() for name, g in grads.items()}\n"
                         "    return grads, float(total)\n"),
                 hint='return the norm before clipping (torch does the same)')),
    # written without reading the tests
    ('clip_by_global_norm', Mistake("global norm taken as the sum of the arrays' norms",
                 source=("import numpy as np\n"
                         "\n"
                         "\n"
                         "def clip_by_global_norm(grads, max_norm):\n"
                         '    """g · min(1, max_norm / ‖g‖) with one ‖g‖ over every array.  -> (new dict like grads, ‖g‖ before clipping)."""\n'
                         "    total = sum(np.linalg.norm(g) for g in grads.values())\n"
                         "    factor = min(1.0, max_norm / total) if total > 0 else 1.0\n"
                         "    return {name: g * factor for name, g in grads.items()}, float(total)\n"),
                 hint='sqrt of the sum of the squares of every entry of every array')),
]
for _answer, _case in INDEPENDENT:
    _exercise = next(exercise for exercise in EXERCISES if exercise.answer == _answer)
    (_exercise.alternatives if isinstance(_case, str) else _exercise.mistakes).append(_case)
