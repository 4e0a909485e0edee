"""Grader quality of lesson 08: the mistakes students really make with penalties, dropout, batch normalization and
early stopping must fail with the right hint, and other correct implementations must pass.

Judgement calls, stated so that they can be argued with:
- Both penalties cover the weights only (names starting with "W") and return gradients for every name of params,
  zeros for the others: a grads dict without the bias names fails, because the statement asks for the same names
  (so that the caller can add them to model.grads name by name).
- dropout's cache is (mask, p) with the unscaled 0/1 (or boolean) mask, not the library's scaled mask: it makes the
  backward's scaling a visible step. Storing the scaled mask fails with a message that says so.
- dropout is checked statistically: the share of dropped elements must be p within about 4 standard deviations
  (plus 0.5 %), and mean(out) / mean(x) must be 1 within the same margin, on 20 000 to 40 000 elements. Any sampler
  (rng.random, rng.uniform, rng.binomial) passes; the global np.random fails the same-seed test.
- batchnorm_forward may update running by writing into its arrays or by storing new arrays in the dict: the caller
  reads the dict. Its cache format (x_hat, gamma, inv_std, train) is fixed, so that batchnorm_backward is tested on
  caches built by the test itself, independently of the student's forward.
- dropout_forward with p = 0 in training mode may draw a mask of ones and return (out, (mask, 0)), or return
  (x, None) as PyTorch does: both are the identity, and dropout_backward passes dout through a None cache. The
  statement says both are right.
- early_stopping counts an equal loss as no improvement (strictly lower is a new best), counts epochs from 1, and
  need not write the best values back into params (doing so is accepted). The best so far starts at +inf, as in
  nnlib.train.EarlyStopping: a nan loss is never a new best and counts as an epoch without improvement. Answers that
  take the first epoch as the best whatever its loss (or a min over the losses, which a nan poisons) never beat a
  nan first loss and fail; the statement says so. When no epoch is a new best, best_epoch None or 0 both pass (the
  statement says so) and best_params is not checked.
- Kinds of correct answer that do not apply: early_stopping has no float32 version (it does no arithmetic, and its
  copies must hold the parameters' values as they are) and no version without loops (each epoch needs the one
  before).
"""
from tests.grading.quality import Exercise, Mistake

LESSON = "08_regularization"

EXERCISES = [
    Exercise(
        answer="l2_penalty",
        tests=["l2_penalty_visible", "l2_penalty_hidden"],
        mistakes=[
            Mistake("penalizes the biases too",
                    source="def l2_penalty(params, weight_decay):\n"
                           "    value = sum(weight_decay / 2 * np.sum(p**2) for p in params.values())\n"
                           "    return value, {name: weight_decay * p for name, p in params.items()}\n",
                    hint="not penalized"),
            Mistake("gradient 2λW: forgets that the 1/2 cancels the 2",
                    source="def l2_penalty(params, weight_decay):\n"
                           "    value, grads = 0.0, {}\n"
                           "    for name, p in params.items():\n"
                           "        if name.startswith('W'):\n"
                           "            value += weight_decay / 2 * np.sum(p**2)\n"
                           "            grads[name] = 2 * weight_decay * p\n"
                           "        else:\n"
                           "            grads[name] = np.zeros_like(p)\n"
                           "    return value, grads\n",
                    hint="factor of 2"),
            Mistake("value without the 1/2",
                    source="def l2_penalty(params, weight_decay):\n"
                           "    value, grads = 0.0, {}\n"
                           "    for name, p in params.items():\n"
                           "        if name.startswith('W'):\n"
                           "            value += weight_decay * np.sum(p**2)\n"
                           "            grads[name] = weight_decay * p\n"
                           "        else:\n"
                           "            grads[name] = np.zeros_like(p)\n"
                           "    return value, grads\n",
                    hint="twice the right"),
            Mistake("returns gradients for the weights only, without the bias names",
                    source="def l2_penalty(params, weight_decay):\n"
                           "    weights = {name: p for name, p in params.items() if name.startswith('W')}\n"
                           "    value = weight_decay / 2 * sum(np.sum(p**2) for p in weights.values())\n"
                           "    return value, {name: weight_decay * p for name, p in weights.items()}\n",
                    hint="same names as params"),
            Mistake("scales the weights in place to build the gradient",
                    source="def l2_penalty(params, weight_decay):\n"
                           "    value, grads = 0.0, {}\n"
                           "    for name, p in params.items():\n"
                           "        if name.startswith('W'):\n"
                           "            value += weight_decay / 2 * np.sum(p**2)\n"
                           "            p *= weight_decay\n"
                           "            grads[name] = p\n"
                           "        else:\n"
                           "            grads[name] = np.zeros_like(p)\n"
                           "    return value, grads\n",
                    hint="in place"),
            Mistake("the mean of the squares instead of their sum",
                    source="def l2_penalty(params, weight_decay):\n"
                           "    value, grads = 0.0, {}\n"
                           "    for name, p in params.items():\n"
                           "        if name.startswith('W'):\n"
                           "            value += weight_decay / 2 * np.mean(p**2)\n"
                           "            grads[name] = weight_decay * p\n"
                           "        else:\n"
                           "            grads[name] = np.zeros_like(p)\n"
                           "    return value, grads\n",
                    hint="sum of the squares"),
            Mistake("returns inside the loop: only the first parameter",
                    source="def l2_penalty(params, weight_decay):\n"
                           "    for name, p in params.items():\n"
                           "        if name.startswith('W'):\n"
                           "            return weight_decay / 2 * np.sum(p**2), {name: weight_decay * p}\n",
                    hint="same names as params"),
            Mistake("delegates to the course library",
                    source="import nnlib.regularization\n\n"
                           "def l2_penalty(params, weight_decay):\n"
                           "    weights = {n: p for n, p in params.items() if n.startswith('W')}\n"
                           "    value, grads = nnlib.regularization.l2_penalty(weights, weight_decay)\n"
                           "    return value, {n: grads.get(n, np.zeros_like(p)) for n, p in params.items()}\n",
                    hint="scores zero"),
        ],
        alternatives=[
            # a dict comprehension; the weights' mask as a factor
            "def l2_penalty(params, weight_decay):\n"
            "    is_weight = {name: float(name.startswith('W')) for name in params}\n"
            "    value = sum(is_weight[n] * weight_decay / 2 * float(np.vdot(p, p)) for n, p in params.items())\n"
            "    return value, {n: is_weight[n] * weight_decay * p for n, p in params.items()}\n",
            # explicit loops over the entries, the square norm with np.linalg.norm
            "def l2_penalty(params, weight_decay):\n"
            "    grads = {}\n"
            "    total = 0.0\n"
            "    for name in params:\n"
            "        w = np.asarray(params[name])\n"
            "        if name[0] == 'W':\n"
            "            total += np.linalg.norm(w.ravel()) ** 2\n"
            "            grads[name] = w * weight_decay\n"
            "        else:\n"
            "            grads[name] = np.zeros(w.shape, dtype=w.dtype)\n"
            "    return 0.5 * weight_decay * total, grads\n",
            # the value from the gradients: Σ ½ · w · (λ w)
            "def l2_penalty(params, weight_decay):\n"
            "    grads = {k: weight_decay * v if k.startswith('W') else np.zeros_like(v)\n"
            "             for k, v in params.items()}\n"
            "    return float(sum(0.5 * np.sum(grads[k] * v) for k, v in params.items())), grads\n",
            # a progress bar over the parameters, and np.vdot for the sum of squares
            "from tqdm import tqdm\n\n"
            "def l2_penalty(params, weight_decay):\n"
            "    value, grads = 0.0, {}\n"
            "    for name, p in tqdm(params.items()):\n"
            "        is_weight = name.startswith('W')\n"
            "        value += weight_decay / 2 * float(np.vdot(p, p)) if is_weight else 0.0\n"
            "        grads[name] = weight_decay * p if is_weight else np.zeros_like(p)\n"
            "    return value, grads\n",
            # float32 weights kept in float32 (λ in each weight's dtype), the value from the gradient: Σ ½ (λ w) w
            "def l2_penalty(params, weight_decay):\n"
            "    value, grads = 0.0, {}\n"
            "    for name, p in params.items():\n"
            "        if name.startswith('W'):\n"
            "            grads[name] = p.dtype.type(weight_decay) * p\n"
            "            value += float(np.sum(grads[name] * p)) / 2\n"
            "        else:\n"
            "            grads[name] = np.zeros_like(p)\n"
            "    return value, grads\n",
        ],
    ),
    Exercise(
        answer="l1_penalty",
        tests=["l1_penalty_visible", "l1_penalty_hidden"],
        mistakes=[
            Mistake("|w| / w as the sign: nan at w = 0",
                    source="def l1_penalty(params, strength):\n"
                           "    value, grads = 0.0, {}\n"
                           "    for name, p in params.items():\n"
                           "        if name.startswith('W'):\n"
                           "            value += strength * np.sum(np.abs(p))\n"
                           "            grads[name] = strength * np.abs(p) / p\n"
                           "        else:\n"
                           "            grads[name] = np.zeros_like(p)\n"
                           "    return value, grads\n",
                    hint="0 at w = 0"),
            Mistake("+strength at w = 0 (w >= 0 counted as positive)",
                    source="def l1_penalty(params, strength):\n"
                           "    value, grads = 0.0, {}\n"
                           "    for name, p in params.items():\n"
                           "        if name.startswith('W'):\n"
                           "            value += strength * np.sum(np.abs(p))\n"
                           "            grads[name] = np.where(p >= 0, strength, -strength)\n"
                           "        else:\n"
                           "            grads[name] = np.zeros_like(p)\n"
                           "    return value, grads\n",
                    hint="0 at w = 0"),
            Mistake("the sign the wrong way round",
                    source="def l1_penalty(params, strength):\n"
                           "    value, grads = 0.0, {}\n"
                           "    for name, p in params.items():\n"
                           "        if name.startswith('W'):\n"
                           "            value += strength * np.sum(np.abs(p))\n"
                           "            grads[name] = -strength * np.sign(p)\n"
                           "        else:\n"
                           "            grads[name] = np.zeros_like(p)\n"
                           "    return value, grads\n",
                    hint="wrong sign"),
            Mistake("the L2 gradient strength · w instead of the sign",
                    source="def l1_penalty(params, strength):\n"
                           "    value, grads = 0.0, {}\n"
                           "    for name, p in params.items():\n"
                           "        if name.startswith('W'):\n"
                           "            value += strength * np.sum(np.abs(p))\n"
                           "            grads[name] = strength * p\n"
                           "        else:\n"
                           "            grads[name] = np.zeros_like(p)\n"
                           "    return value, grads\n",
                    hint="sign(w)"),
            Mistake("penalizes the biases too",
                    source="def l1_penalty(params, strength):\n"
                           "    value = sum(strength * np.sum(np.abs(p)) for p in params.values())\n"
                           "    return value, {name: strength * np.sign(p) for name, p in params.items()}\n",
                    hint="not penalized"),
            Mistake("forgets the absolute value in the penalty",
                    source="def l1_penalty(params, strength):\n"
                           "    value, grads = 0.0, {}\n"
                           "    for name, p in params.items():\n"
                           "        if name.startswith('W'):\n"
                           "            value += strength * np.sum(p)\n"
                           "            grads[name] = strength * np.sign(p)\n"
                           "        else:\n"
                           "            grads[name] = np.zeros_like(p)\n"
                           "    return value, grads\n",
                    hint="absolute values"),
            Mistake("delegates to the course library",
                    source="from nnlib.regularization import l1_penalty as library_l1\n\n"
                           "def l1_penalty(params, strength):\n"
                           "    weights = {n: p for n, p in params.items() if n.startswith('W')}\n"
                           "    value, grads = library_l1(weights, strength)\n"
                           "    return value, {n: grads.get(n, np.zeros_like(p)) for n, p in params.items()}\n",
                    hint="scores zero"),
            Mistake("half the L1 value, as if it were L2's λ/2",
                    source="def l1_penalty(params, strength):\n"
                           "    value, grads = 0.0, {}\n"
                           "    for name, p in params.items():\n"
                           "        if name.startswith('W'):\n"
                           "            value += strength / 2 * np.sum(np.abs(p))\n"
                           "            grads[name] = strength * np.sign(p)\n"
                           "        else:\n"
                           "            grads[name] = np.zeros_like(p)\n"
                           "    return value, grads\n",
                    hint="half the right"),
        ],
        alternatives=[
            # nested np.where for the three cases
            "def l1_penalty(params, strength):\n"
            "    value, grads = 0.0, {}\n"
            "    for name, p in params.items():\n"
            "        if name.startswith('W'):\n"
            "            value += strength * float(np.abs(p).sum())\n"
            "            grads[name] = np.where(p > 0, strength, np.where(p < 0, -strength, 0.0)).astype(p.dtype)\n"
            "        else:\n"
            "            grads[name] = 0 * p\n"
            "    return value, grads\n",
            # booleans as numbers: (w > 0) - (w < 0)
            "def l1_penalty(params, strength):\n"
            "    weights = [n for n in params if n.startswith('W')]\n"
            "    value = strength * sum(np.sum(np.abs(params[n])) for n in weights)\n"
            "    grads = {n: np.zeros_like(p) for n, p in params.items()}\n"
            "    for n in weights:\n"
            "        w = params[n]\n"
            "        grads[n] = strength * ((w > 0).astype(w.dtype) - (w < 0).astype(w.dtype))\n"
            "    return float(value), grads\n",
            # a loop over the entries, with a print
            "def l1_penalty(params, strength):\n"
            "    value, grads = 0.0, {}\n"
            "    for name, p in params.items():\n"
            "        g = np.zeros_like(p)\n"
            "        if name.startswith('W'):\n"
            "            for i in np.ndindex(p.shape):\n"
            "                value += strength * abs(float(p[i]))\n"
            "                g[i] = strength * (1.0 if p[i] > 0 else -1.0 if p[i] < 0 else 0.0)\n"
            "        grads[name] = g\n"
            "    print('L1 penalty', value)\n"
            "    return value, grads\n",
            # np.linalg.norm with ord=1 on the flattened weights, np.sign, float32 kept
            "def l1_penalty(params, strength):\n"
            "    value = sum(strength * np.linalg.norm(p.ravel(), ord=1) for n, p in params.items() if n[0] == 'W')\n"
            "    grads = {n: (p.dtype.type(strength) * np.sign(p) if n[0] == 'W' else np.zeros_like(p))\n"
            "             for n, p in params.items()}\n"
            "    return value, grads\n",
        ],
    ),
    Exercise(
        answer="dropout_forward",
        tests=["dropout_forward_visible", "dropout_forward_hidden"],
        mistakes=[
            Mistake("no 1/(1 - p) scaling of the kept units",
                    source="def dropout_forward(x, p, rng, train=True):\n"
                           "    if not train:\n"
                           "        return x, None\n"
                           "    mask = rng.random(x.shape) >= p\n"
                           "    return x * mask, (mask, p)\n",
                    hint="not divided by (1 - p)"),
            Mistake("scales by p instead of dividing by 1 - p",
                    source="def dropout_forward(x, p, rng, train=True):\n"
                           "    if not train:\n"
                           "        return x, None\n"
                           "    mask = rng.random(x.shape) >= p\n"
                           "    return x * mask * p, (mask, p)\n",
                    hint="multiplied by p"),
            Mistake("p taken as the keep probability (keeps with probability p)",
                    source="def dropout_forward(x, p, rng, train=True):\n"
                           "    if not train:\n"
                           "        return x, None\n"
                           "    mask = rng.random(x.shape) < p\n"
                           "    return x * mask / (1 - p), (mask, p)\n",
                    hint="probability of dropping"),
            Mistake("keep probability p throughout (mask < p, divided by p): E[out] = x but the wrong share dropped",
                    source="def dropout_forward(x, p, rng, train=True):\n"
                           "    if not train:\n"
                           "        return x, None\n"
                           "    mask = rng.random(x.shape) < p\n"
                           "    return x * mask / p, (mask, p)\n",
                    hint="probability of dropping"),
            Mistake("dropout still active in eval mode",
                    source="def dropout_forward(x, p, rng, train=True):\n"
                           "    mask = rng.random(x.shape) >= p\n"
                           "    return x * mask / (1 - p), (mask, p)\n",
                    hint="eval mode"),
            Mistake("old-style dropout: multiplies by 1 - p in eval mode",
                    source="def dropout_forward(x, p, rng, train=True):\n"
                           "    if not train:\n"
                           "        return x * (1 - p), None\n"
                           "    mask = rng.random(x.shape) >= p\n"
                           "    return x * mask / (1 - p), (mask, p)\n",
                    hint="eval mode"),
            Mistake("draws a second, fresh mask for the cache",
                    source="def dropout_forward(x, p, rng, train=True):\n"
                           "    if not train:\n"
                           "        return x, None\n"
                           "    out = x * (rng.random(x.shape) >= p) / (1 - p)\n"
                           "    return out, (rng.random(x.shape) >= p, p)\n",
                    hint="same mask"),
            Mistake("numpy's global generator instead of rng",
                    source="def dropout_forward(x, p, rng, train=True):\n"
                           "    if not train:\n"
                           "        return x, None\n"
                           "    mask = np.random.random(x.shape) >= p\n"
                           "    return x * mask / (1 - p), (mask, p)\n",
                    hint="same seed"),
            Mistake("stores the scaled mask in the cache",
                    source="def dropout_forward(x, p, rng, train=True):\n"
                           "    if not train:\n"
                           "        return x, None\n"
                           "    scaled = (rng.random(x.shape) >= p) / (1 - p)\n"
                           "    return x * scaled, (scaled, p)\n",
                    hint="only 0 and 1"),
            Mistake("delegates to the course library",
                    source="import nnlib.layers\n\n"
                           "def dropout_forward(x, p, rng, train=True):\n"
                           "    out, scaled = nnlib.layers.dropout_forward(x, p, rng, train)\n"
                           "    return out, None if scaled is None else (scaled != 0, p)\n",
                    hint="scores zero"),
        ],
        alternatives=[
            # a binomial draw, and a copy in eval mode
            "def dropout_forward(x, p, rng, train=True):\n"
            "    if train is False:\n"
            "        return x.copy(), None\n"
            "    keep = rng.binomial(1, 1 - p, size=x.shape)\n"
            "    return x * keep / (1 - p), (keep, p)\n",
            # a uniform draw and np.where
            "def dropout_forward(x, p, rng, train=True):\n"
            "    if train:\n"
            "        mask = rng.uniform(0.0, 1.0, size=np.shape(x)) > p\n"
            "        out = np.where(mask, x / (1 - p), 0.0).astype(np.asarray(x).dtype)\n"
            "        return out, (mask, p)\n"
            "    return x, None\n",
            # float mask, scale computed once
            "def dropout_forward(x, p, rng, train=True):\n"
            "    if not train:\n"
            "        return x, None\n"
            "    mask = (rng.random(x.shape) >= p).astype(x.dtype)\n"
            "    scale = 1.0 / (1.0 - p)\n"
            "    return x * mask * scale, (mask, p)\n",
            # keep where the draw is below the keep probability
            "def dropout_forward(x, p, rng, train=True):\n"
            "    if not train:\n"
            "        return x, None\n"
            "    keep = rng.random(x.shape) < 1 - p\n"
            "    return np.multiply(x, keep) / (1 - p), (keep, p)\n",
            # PyTorch's shortcut: with p = 0 nothing is dropped, so no mask is drawn, as in eval mode (the statement
            # allows both readings of p = 0 in training mode)
            "def dropout_forward(x, p, rng, train=True):\n"
            "    if not train or p == 0:\n"
            "        return x, None\n"
            "    mask = rng.random(x.shape) >= p\n"
            "    return x * mask / (1 - p), (mask, p)\n",
            # an element loop: one draw from rng per element, the mask and out filled entry by entry
            "def dropout_forward(x, p, rng, train=True):\n"
            "    if not train:\n"
            "        return x, None\n"
            "    mask = np.zeros(x.shape, dtype=bool)\n"
            "    out = np.zeros_like(x)\n"
            "    for i in np.ndindex(x.shape):\n"
            "        mask[i] = rng.random() >= p\n"
            "        if mask[i]:\n"
            "            out[i] = x[i] / (1 - p)\n"
            "    return out, (mask, p)\n",
            # prints the share it dropped; the scale in x's dtype (float32 stays float32)
            "def dropout_forward(x, p, rng, train=True):\n"
            "    if not train:\n"
            "        return x, None\n"
            "    mask = rng.random(x.shape) >= p\n"
            "    print(f'dropout: dropped {1 - mask.mean():.1%} of {mask.size} elements (p = {p})')\n"
            "    return x * mask * x.dtype.type(1 / (1 - p)), (mask, p)\n",
        ],
    ),
    Exercise(
        answer="dropout_backward",
        tests=["dropout_backward_visible", "dropout_backward_hidden"],
        mistakes=[
            Mistake("draws a fresh mask in the backward pass",
                    source="def dropout_backward(dout, cache):\n"
                           "    if cache is None:\n"
                           "        return dout\n"
                           "    _, p = cache\n"
                           "    keep = np.random.random(dout.shape) >= p\n"
                           "    return dout * keep / (1 - p)\n",
                    hint="same mask"),
            Mistake("forgets the 1/(1 - p) scaling",
                    source="def dropout_backward(dout, cache):\n"
                           "    if cache is None:\n"
                           "        return dout\n"
                           "    mask, p = cache\n"
                           "    return dout * mask\n",
                    hint="mask / (1 - p)"),
            Mistake("does not handle the eval-mode cache None",
                    source="def dropout_backward(dout, cache):\n"
                           "    mask, p = cache\n"
                           "    return dout * mask / (1 - p)\n",
                    hint="cache is None"),
            Mistake("multiplies by p",
                    source="def dropout_backward(dout, cache):\n"
                           "    if cache is None:\n"
                           "        return dout\n"
                           "    mask, p = cache\n"
                           "    return dout * mask * p\n",
                    hint="mask / (1 - p)"),
            Mistake("returns the local derivative, forgetting dout",
                    source="def dropout_backward(dout, cache):\n"
                           "    if cache is None:\n"
                           "        return np.ones_like(dout)\n"
                           "    mask, p = cache\n"
                           "    return mask / (1 - p)\n",
                    hint="dout * mask"),
            Mistake("eval mode returns zeros",
                    source="def dropout_backward(dout, cache):\n"
                           "    if cache is None:\n"
                           "        return np.zeros_like(dout)\n"
                           "    mask, p = cache\n"
                           "    return dout * mask / (1 - p)\n",
                    hint="cache is None"),
            Mistake("divides by p instead of 1 - p",
                    source="def dropout_backward(dout, cache):\n"
                           "    if cache is None:\n"
                           "        return dout\n"
                           "    mask, p = cache\n"
                           "    return dout * mask / p\n",
                    hint="mask / (1 - p)"),
            Mistake("inverts the mask: the gradient flows through the dropped units",
                    source="def dropout_backward(dout, cache):\n"
                           "    if cache is None:\n"
                           "        return dout\n"
                           "    mask, p = cache\n"
                           "    return dout * (1 - np.asarray(mask, dtype=float)) / (1 - p)\n",
                    hint="dout * mask / (1 - p)"),
        ],
        alternatives=[
            # np.where on the mask
            "def dropout_backward(dout, cache):\n"
            "    if cache is None:\n"
            "        return dout.copy()\n"
            "    mask, p = cache\n"
            "    return np.where(np.asarray(mask, dtype=bool), dout / (1 - p), 0).astype(dout.dtype)\n",
            # the scaled mask first
            "def dropout_backward(dout, cache):\n"
            "    if cache is not None:\n"
            "        keep, drop_probability = cache\n"
            "        scaled_mask = keep * (1.0 / (1.0 - drop_probability))\n"
            "        return dout * scaled_mask\n"
            "    return dout\n",
            # a loop over the entries, with a print
            "def dropout_backward(dout, cache):\n"
            "    if cache is None:\n"
            "        return dout\n"
            "    mask, p = cache\n"
            "    print('dropout backward with p =', p)\n"
            "    dx = np.zeros_like(dout)\n"
            "    for i in np.ndindex(dout.shape):\n"
            "        if mask[i]:\n"
            "            dx[i] = dout[i] / (1 - p)\n"
            "    return dx\n",
            # np.multiply and np.divide, float32 kept
            "def dropout_backward(dout, cache):\n"
            "    if cache is None:\n"
            "        return dout.copy()\n"
            "    mask, p = cache\n"
            "    return np.divide(np.multiply(dout, mask, dtype=dout.dtype), dout.dtype.type(1 - p))\n",
        ],
    ),
    Exercise(
        answer="batchnorm_forward",
        tests=["batchnorm_forward_visible", "batchnorm_forward_hidden"],
        mistakes=[
            Mistake("normalizes with the unbiased variance",
                    source="def batchnorm_forward(x, gamma, beta, running, train=True, momentum=0.1, eps=1e-5):\n"
                           "    if train:\n"
                           "        N = x.shape[0]\n"
                           "        mu, var = x.mean(axis=0), x.var(axis=0, ddof=1)\n"
                           "        running['mean'] = (1 - momentum) * running['mean'] + momentum * mu\n"
                           "        running['var'] = (1 - momentum) * running['var'] + momentum * var\n"
                           "    else:\n"
                           "        mu, var = running['mean'], running['var']\n"
                           "    inv_std = 1 / np.sqrt(var + eps)\n"
                           "    x_hat = (x - mu) * inv_std\n"
                           "    return gamma * x_hat + beta, (x_hat, gamma, inv_std, train)\n",
                    hint="unbiased variance"),
            Mistake("never updates the running statistics",
                    source="def batchnorm_forward(x, gamma, beta, running, train=True, momentum=0.1, eps=1e-5):\n"
                           "    if train:\n"
                           "        mu, var = x.mean(axis=0), x.var(axis=0)\n"
                           "    else:\n"
                           "        mu, var = running['mean'], running['var']\n"
                           "    inv_std = 1 / np.sqrt(var + eps)\n"
                           "    x_hat = (x - mu) * inv_std\n"
                           "    return gamma * x_hat + beta, (x_hat, gamma, inv_std, train)\n",
                    hint="did not update"),
            Mistake("Keras's momentum convention: momentum weights the old value",
                    source="def batchnorm_forward(x, gamma, beta, running, train=True, momentum=0.1, eps=1e-5):\n"
                           "    if train:\n"
                           "        N = x.shape[0]\n"
                           "        mu, var = x.mean(axis=0), x.var(axis=0)\n"
                           "        running['mean'] = momentum * running['mean'] + (1 - momentum) * mu\n"
                           "        running['var'] = momentum * running['var'] + (1 - momentum) * var * N / (N - 1)\n"
                           "    else:\n"
                           "        mu, var = running['mean'], running['var']\n"
                           "    inv_std = 1 / np.sqrt(var + eps)\n"
                           "    x_hat = (x - mu) * inv_std\n"
                           "    return gamma * x_hat + beta, (x_hat, gamma, inv_std, train)\n",
                    hint="wrong way round"),
            Mistake("running variance from the biased batch variance",
                    source="def batchnorm_forward(x, gamma, beta, running, train=True, momentum=0.1, eps=1e-5):\n"
                           "    if train:\n"
                           "        mu, var = x.mean(axis=0), x.var(axis=0)\n"
                           "        running['mean'] = (1 - momentum) * running['mean'] + momentum * mu\n"
                           "        running['var'] = (1 - momentum) * running['var'] + momentum * var\n"
                           "    else:\n"
                           "        mu, var = running['mean'], running['var']\n"
                           "    inv_std = 1 / np.sqrt(var + eps)\n"
                           "    x_hat = (x - mu) * inv_std\n"
                           "    return gamma * x_hat + beta, (x_hat, gamma, inv_std, train)\n",
                    hint="biased batch variance"),
            Mistake("eval mode uses the batch statistics",
                    source="def batchnorm_forward(x, gamma, beta, running, train=True, momentum=0.1, eps=1e-5):\n"
                           "    N = x.shape[0]\n"
                           "    mu, var = x.mean(axis=0), x.var(axis=0)\n"
                           "    if train:\n"
                           "        running['mean'] = (1 - momentum) * running['mean'] + momentum * mu\n"
                           "        running['var'] = (1 - momentum) * running['var'] + momentum * var * N / (N - 1)\n"
                           "    inv_std = 1 / np.sqrt(var + eps)\n"
                           "    x_hat = (x - mu) * inv_std\n"
                           "    return gamma * x_hat + beta, (x_hat, gamma, inv_std, train)\n",
                    hint="statistics of the batch"),
            Mistake("updates the running statistics in eval mode too",
                    source="def batchnorm_forward(x, gamma, beta, running, train=True, momentum=0.1, eps=1e-5):\n"
                           "    N = x.shape[0]\n"
                           "    mu, var = x.mean(axis=0), x.var(axis=0)\n"
                           "    if train:\n"
                           "        use_mu, use_var = mu, var\n"
                           "    else:\n"
                           "        use_mu, use_var = running['mean'].copy(), running['var'].copy()\n"
                           "    if N > 1:\n"
                           "        running['mean'] = (1 - momentum) * running['mean'] + momentum * mu\n"
                           "        running['var'] = (1 - momentum) * running['var'] + momentum * var * N / (N - 1)\n"
                           "    inv_std = 1 / np.sqrt(use_var + eps)\n"
                           "    x_hat = (x - use_mu) * inv_std\n"
                           "    return gamma * x_hat + beta, (x_hat, gamma, inv_std, train)\n",
                    hint="changed the running statistics in eval mode"),
            Mistake("eps added outside the square root",
                    source="def batchnorm_forward(x, gamma, beta, running, train=True, momentum=0.1, eps=1e-5):\n"
                           "    if train:\n"
                           "        N = x.shape[0]\n"
                           "        mu, var = x.mean(axis=0), x.var(axis=0)\n"
                           "        running['mean'] = (1 - momentum) * running['mean'] + momentum * mu\n"
                           "        running['var'] = (1 - momentum) * running['var'] + momentum * var * N / (N - 1)\n"
                           "    else:\n"
                           "        mu, var = running['mean'], running['var']\n"
                           "    inv_std = 1 / (np.sqrt(var) + eps)\n"
                           "    x_hat = (x - mu) * inv_std\n"
                           "    return gamma * x_hat + beta, (x_hat, gamma, inv_std, train)\n",
                    hint="outside the square root"),
            Mistake("centres x in place",
                    source="def batchnorm_forward(x, gamma, beta, running, train=True, momentum=0.1, eps=1e-5):\n"
                           "    if train:\n"
                           "        N = x.shape[0]\n"
                           "        mu, var = x.mean(axis=0), x.var(axis=0)\n"
                           "        running['mean'] = (1 - momentum) * running['mean'] + momentum * mu\n"
                           "        running['var'] = (1 - momentum) * running['var'] + momentum * var * N / (N - 1)\n"
                           "    else:\n"
                           "        mu, var = running['mean'], running['var']\n"
                           "    inv_std = 1 / np.sqrt(var + eps)\n"
                           "    x -= mu\n"
                           "    x_hat = x * inv_std\n"
                           "    return gamma * x_hat + beta, (x_hat, gamma, inv_std, train)\n",
                    hint="changed x in place"),
            Mistake("statistics over the wrong axis (per sample instead of per feature)",
                    source="def batchnorm_forward(x, gamma, beta, running, train=True, momentum=0.1, eps=1e-5):\n"
                           "    if train:\n"
                           "        mu, var = x.mean(axis=1, keepdims=True), x.var(axis=1, keepdims=True)\n"
                           "    else:\n"
                           "        mu, var = running['mean'], running['var']\n"
                           "    inv_std = 1 / np.sqrt(var + eps)\n"
                           "    x_hat = (x - mu) * inv_std\n"
                           "    return gamma * x_hat + beta, (x_hat, gamma, inv_std, train)\n",
                    hint="axis=0"),
            Mistake("a cache without the mode",
                    source="def batchnorm_forward(x, gamma, beta, running, train=True, momentum=0.1, eps=1e-5):\n"
                           "    if train:\n"
                           "        N = x.shape[0]\n"
                           "        mu, var = x.mean(axis=0), x.var(axis=0)\n"
                           "        running['mean'] = (1 - momentum) * running['mean'] + momentum * mu\n"
                           "        running['var'] = (1 - momentum) * running['var'] + momentum * var * N / (N - 1)\n"
                           "    else:\n"
                           "        mu, var = running['mean'], running['var']\n"
                           "    inv_std = 1 / np.sqrt(var + eps)\n"
                           "    x_hat = (x - mu) * inv_std\n"
                           "    return gamma * x_hat + beta, (x_hat, gamma, inv_std)\n",
                    hint="(x_hat, gamma, inv_std, train)"),
            Mistake("delegates to the course library",
                    source="from nnlib.layers import batchnorm_forward as library_batchnorm\n\n"
                           "def batchnorm_forward(x, gamma, beta, running, train=True, momentum=0.1, eps=1e-5):\n"
                           "    return library_batchnorm(x, gamma, beta, running, train, momentum, eps)\n",
                    hint="scores zero"),
        ],
        alternatives=[
            # writes into the running arrays; np.var with ddof=1 for the running variance
            "def batchnorm_forward(x, gamma, beta, running, train=True, momentum=0.1, eps=1e-5):\n"
            "    if train:\n"
            "        mean, var = np.mean(x, axis=0), np.var(x, axis=0)\n"
            "        running['mean'][...] = (1 - momentum) * running['mean'] + momentum * mean\n"
            "        running['var'][...] = (1 - momentum) * running['var'] + momentum * np.var(x, axis=0, ddof=1)\n"
            "    else:\n"
            "        mean, var = running['mean'], running['var']\n"
            "    inv_std = (var + eps) ** -0.5\n"
            "    x_hat = (x - mean) * inv_std\n"
            "    out = x_hat * gamma + beta\n"
            "    return out, (x_hat, gamma, inv_std, train)\n",
            # sums written out, division instead of multiplication
            "def batchnorm_forward(x, gamma, beta, running, train=True, momentum=0.1, eps=1e-5):\n"
            "    if train:\n"
            "        N = len(x)\n"
            "        mu = x.sum(axis=0) / N\n"
            "        squares = ((x - mu) ** 2).sum(axis=0)\n"
            "        var = squares / N\n"
            "        running['mean'] = running['mean'] + momentum * (mu - running['mean'])\n"
            "        running['var'] = running['var'] + momentum * (squares / (N - 1) - running['var'])\n"
            "    else:\n"
            "        mu, var = running['mean'], running['var']\n"
            "    std = np.sqrt(var + eps)\n"
            "    x_hat = (x - mu) / std\n"
            "    return gamma * x_hat + beta, (x_hat, gamma, 1.0 / std, train)\n",
            # a loop over the features
            "def batchnorm_forward(x, gamma, beta, running, train=True, momentum=0.1, eps=1e-5):\n"
            "    N, D = x.shape\n"
            "    x_hat = np.empty_like(x)\n"
            "    inv_std = np.empty(D, dtype=x.dtype)\n"
            "    new_mean, new_var = np.array(running['mean']), np.array(running['var'])\n"
            "    for j in range(D):\n"
            "        column = x[:, j]\n"
            "        if train:\n"
            "            mu, var = column.mean(), column.var()\n"
            "            new_mean[j] = (1 - momentum) * running['mean'][j] + momentum * mu\n"
            "            new_var[j] = (1 - momentum) * running['var'][j] + momentum * var * N / (N - 1)\n"
            "        else:\n"
            "            mu, var = running['mean'][j], running['var'][j]\n"
            "        inv_std[j] = 1 / np.sqrt(var + eps)\n"
            "        x_hat[:, j] = (column - mu) * inv_std[j]\n"
            "    running['mean'], running['var'] = new_mean, new_var\n"
            "    return gamma * x_hat + beta, (x_hat, gamma, inv_std, train)\n",
            # the standard deviation first; dict.update for the running statistics
            "def batchnorm_forward(x, gamma, beta, running, train=True, momentum=0.1, eps=1e-5):\n"
            "    if train:\n"
            "        N = x.shape[0]\n"
            "        mu, std = x.mean(0), x.std(0)\n"
            "        running.update(mean=(1 - momentum) * running['mean'] + momentum * mu,\n"
            "                       var=(1 - momentum) * running['var'] + momentum * std**2 * N / (N - 1))\n"
            "        var = std**2\n"
            "    else:\n"
            "        mu, var = running['mean'], running['var']\n"
            "    inv_std = np.reciprocal(np.sqrt(var + eps))\n"
            "    x_hat = (x - mu) * inv_std\n"
            "    return x_hat * gamma + beta, (x_hat, gamma, inv_std, train)\n",
            # eps and momentum in the precision of x (float32 stays float32), with a print of the batch statistics
            "def batchnorm_forward(x, gamma, beta, running, train=True, momentum=0.1, eps=1e-5):\n"
            "    real = np.result_type(x, np.float32).type\n"
            "    eps, momentum = real(eps), real(momentum)\n"
            "    if train:\n"
            "        N = x.shape[0]\n"
            "        mu, var = x.mean(axis=0), x.var(axis=0)\n"
            "        print(f'batch of {N}: means from {mu.min():.3g} to {mu.max():.3g}, '\n"
            "              f'variances from {var.min():.3g} to {var.max():.3g}')\n"
            "        running['mean'] = (1 - momentum) * running['mean'] + momentum * mu\n"
            "        running['var'] = (1 - momentum) * running['var'] + momentum * var * (N / (N - 1))\n"
            "    else:\n"
            "        mu, var = running['mean'], running['var']\n"
            "    inv_std = 1 / np.sqrt(var + eps)\n"
            "    x_hat = (x - mu) * inv_std\n"
            "    return gamma * x_hat + beta, (x_hat, gamma, inv_std, train)\n",
        ],
    ),
    Exercise(
        answer="batchnorm_backward",
        tests=["batchnorm_backward_visible", "batchnorm_backward_hidden"],
        mistakes=[
            Mistake("treats the batch statistics as constants in training mode",
                    source="def batchnorm_backward(dout, cache):\n"
                           "    x_hat, gamma, inv_std, train = cache\n"
                           "    return dout * gamma * inv_std, np.sum(dout * x_hat, axis=0), dout.sum(axis=0)\n",
                    hint="mean and variance"),
            Mistake("keeps the mean term, forgets the variance term",
                    source="def batchnorm_backward(dout, cache):\n"
                           "    x_hat, gamma, inv_std, train = cache\n"
                           "    dgamma, dbeta = np.sum(dout * x_hat, axis=0), dout.sum(axis=0)\n"
                           "    if not train:\n"
                           "        return dout * gamma * inv_std, dgamma, dbeta\n"
                           "    return gamma * inv_std * (dout - dout.mean(axis=0)), dgamma, dbeta\n",
                    hint="the mean term only, without the variance term"),
            Mistake("keeps the variance term, forgets the mean term",
                    source="def batchnorm_backward(dout, cache):\n"
                           "    x_hat, gamma, inv_std, train = cache\n"
                           "    dgamma, dbeta = np.sum(dout * x_hat, axis=0), dout.sum(axis=0)\n"
                           "    if not train:\n"
                           "        return dout * gamma * inv_std, dgamma, dbeta\n"
                           "    N = dout.shape[0]\n"
                           "    return gamma * inv_std / N * (N * dout - x_hat * dgamma), dgamma, dbeta\n",
                    hint="mean and variance terms"),
            Mistake("dgamma without x_hat",
                    source="def batchnorm_backward(dout, cache):\n"
                           "    x_hat, gamma, inv_std, train = cache\n"
                           "    dgamma, dbeta = dout.sum(axis=0), dout.sum(axis=0)\n"
                           "    N = dout.shape[0]\n"
                           "    if not train:\n"
                           "        return dout * gamma * inv_std, dgamma, dbeta\n"
                           "    dx = gamma * inv_std / N * (N * dout - dbeta - x_hat * np.sum(dout * x_hat, axis=0))\n"
                           "    return dx, dgamma, dbeta\n",
                    hint="np.sum(dout * x_hat"),
            Mistake("dbeta as a mean over the batch",
                    source="def batchnorm_backward(dout, cache):\n"
                           "    x_hat, gamma, inv_std, train = cache\n"
                           "    N = dout.shape[0]\n"
                           "    dgamma, dbeta = np.sum(dout * x_hat, axis=0), dout.mean(axis=0)\n"
                           "    if not train:\n"
                           "        return dout * gamma * inv_std, dgamma, dbeta\n"
                           "    dx = gamma * inv_std / N * (N * dout - dout.sum(axis=0) - x_hat * dgamma)\n"
                           "    return dx, dgamma, dbeta\n",
                    hint="batch size"),
            Mistake("the training-mode formula in eval mode too",
                    source="def batchnorm_backward(dout, cache):\n"
                           "    x_hat, gamma, inv_std, train = cache\n"
                           "    N = dout.shape[0]\n"
                           "    dgamma, dbeta = np.sum(dout * x_hat, axis=0), dout.sum(axis=0)\n"
                           "    dx = gamma * inv_std / N * (N * dout - dbeta - x_hat * dgamma)\n"
                           "    return dx, dgamma, dbeta\n",
                    hint="eval mode: dx = dout * gamma * inv_std"),
            Mistake("forgets gamma in dx",
                    source="def batchnorm_backward(dout, cache):\n"
                           "    x_hat, gamma, inv_std, train = cache\n"
                           "    N = dout.shape[0]\n"
                           "    dgamma, dbeta = np.sum(dout * x_hat, axis=0), dout.sum(axis=0)\n"
                           "    if not train:\n"
                           "        return dout * inv_std, dgamma, dbeta\n"
                           "    dx = inv_std / N * (N * dout - dbeta - x_hat * dgamma)\n"
                           "    return dx, dgamma, dbeta\n",
                    hint="gamma * inv_std / N"),
            Mistake("delegates to the course library",
                    source="import nnlib.layers\n\n"
                           "def batchnorm_backward(dout, cache):\n"
                           "    return nnlib.layers.batchnorm_backward(dout, cache)\n",
                    hint="scores zero"),
        ],
        alternatives=[
            # the chain rule step by step, through the variance and the mean
            "def batchnorm_backward(dout, cache):\n"
            "    x_hat, gamma, inv_std, train = cache\n"
            "    N = dout.shape[0]\n"
            "    dgamma = (dout * x_hat).sum(axis=0)\n"
            "    dbeta = dout.sum(axis=0)\n"
            "    dx_hat = dout * gamma\n"
            "    if not train:\n"
            "        return dx_hat * inv_std, dgamma, dbeta\n"
            "    x_centered = x_hat / inv_std\n"
            "    dvar = np.sum(dx_hat * x_centered, axis=0) * -0.5 * inv_std**3\n"
            "    dmu = -np.sum(dx_hat * inv_std, axis=0)\n"
            "    dx = dx_hat * inv_std + dvar * 2 * x_centered / N + dmu / N\n"
            "    return dx, dgamma, dbeta\n",
            # means instead of sums / N
            "def batchnorm_backward(dout, cache):\n"
            "    x_hat, gamma, inv_std, train = cache\n"
            "    dgamma = np.einsum('nd,nd->d', dout, x_hat)\n"
            "    dbeta = np.sum(dout, axis=0)\n"
            "    if train:\n"
            "        dx = gamma * inv_std * (dout - dout.mean(axis=0) - x_hat * (dout * x_hat).mean(axis=0))\n"
            "    else:\n"
            "        dx = gamma * inv_std * dout\n"
            "    return dx, dgamma, dbeta\n",
            # a loop over the features, with a print
            "def batchnorm_backward(dout, cache):\n"
            "    x_hat, gamma, inv_std, train = cache\n"
            "    N, D = dout.shape\n"
            "    dx, dgamma, dbeta = np.zeros_like(dout), np.zeros(D), np.zeros(D)\n"
            "    for j in range(D):\n"
            "        g, h = dout[:, j], x_hat[:, j]\n"
            "        dbeta[j], dgamma[j] = g.sum(), (g * h).sum()\n"
            "        if train:\n"
            "            dx[:, j] = gamma[j] * inv_std[j] * (g - g.mean() - h * (g * h).mean())\n"
            "        else:\n"
            "            dx[:, j] = gamma[j] * inv_std[j] * g\n"
            "    print('batchnorm backward over', D, 'features')\n"
            "    return dx, dgamma, dbeta\n",
            # np.mean with keepdims and np.multiply, computing in the dtype of dout
            "def batchnorm_backward(dout, cache):\n"
            "    x_hat, gamma, inv_std, train = cache\n"
            "    dbeta = np.sum(dout, axis=0)\n"
            "    dgamma = np.sum(np.multiply(dout, x_hat), axis=0)\n"
            "    if not train:\n"
            "        return np.multiply(dout, gamma * inv_std), dgamma, dbeta\n"
            "    centred = dout - np.mean(dout, axis=0, keepdims=True)\n"
            "    dx = gamma * inv_std * (centred - x_hat * np.mean(dout * x_hat, axis=0, keepdims=True))\n"
            "    return dx, dgamma, dbeta\n",
        ],
    ),
    Exercise(
        answer="early_stopping",
        tests=["early_stopping_visible", "early_stopping_hidden"],
        mistakes=[
            Mistake("copies the parameters every epoch: returns the last ones",
                    source="def early_stopping(params, train_one_epoch, validation_loss, max_epochs, patience):\n"
                           "    best_loss, best_epoch, wait, losses = np.inf, 0, 0, []\n"
                           "    for epoch in range(1, max_epochs + 1):\n"
                           "        train_one_epoch()\n"
                           "        loss = validation_loss()\n"
                           "        losses.append(loss)\n"
                           "        best_params = {n: v.copy() for n, v in params.items()}\n"
                           "        if loss < best_loss:\n"
                           "            best_loss, best_epoch, wait = loss, epoch, 0\n"
                           "        else:\n"
                           "            wait += 1\n"
                           "            if wait >= patience:\n"
                           "                break\n"
                           "    return best_params, best_epoch, losses\n",
                    hint="last epoch"),
            Mistake("keeps the dict itself: an alias that later training changes",
                    source="def early_stopping(params, train_one_epoch, validation_loss, max_epochs, patience):\n"
                           "    best_loss, best_epoch, best_params, wait, losses = np.inf, 0, None, 0, []\n"
                           "    for epoch in range(1, max_epochs + 1):\n"
                           "        train_one_epoch()\n"
                           "        loss = validation_loss()\n"
                           "        losses.append(loss)\n"
                           "        if loss < best_loss:\n"
                           "            best_loss, best_epoch, best_params, wait = loss, epoch, params, 0\n"
                           "        else:\n"
                           "            wait += 1\n"
                           "            if wait >= patience:\n"
                           "                break\n"
                           "    return best_params, best_epoch, losses\n",
                    hint="share memory"),
            Mistake("a shallow copy, dict(params): the same arrays",
                    source="def early_stopping(params, train_one_epoch, validation_loss, max_epochs, patience):\n"
                           "    best_loss, best_epoch, best_params, wait, losses = np.inf, 0, None, 0, []\n"
                           "    for epoch in range(1, max_epochs + 1):\n"
                           "        train_one_epoch()\n"
                           "        loss = validation_loss()\n"
                           "        losses.append(loss)\n"
                           "        if loss < best_loss:\n"
                           "            best_loss, best_epoch, best_params, wait = loss, epoch, dict(params), 0\n"
                           "        else:\n"
                           "            wait += 1\n"
                           "            if wait >= patience:\n"
                           "                break\n"
                           "    return best_params, best_epoch, losses\n",
                    hint="share memory"),
            Mistake("patience off by one: one epoch too many",
                    source="def early_stopping(params, train_one_epoch, validation_loss, max_epochs, patience):\n"
                           "    best_loss, best_epoch, best_params, wait, losses = np.inf, 0, None, 0, []\n"
                           "    for epoch in range(1, max_epochs + 1):\n"
                           "        train_one_epoch()\n"
                           "        loss = validation_loss()\n"
                           "        losses.append(loss)\n"
                           "        if loss < best_loss:\n"
                           "            best_loss, best_epoch, wait = loss, epoch, 0\n"
                           "            best_params = {n: v.copy() for n, v in params.items()}\n"
                           "        else:\n"
                           "            wait += 1\n"
                           "            if wait > patience:\n"
                           "                break\n"
                           "    return best_params, best_epoch, losses\n",
                    hint="epochs in a row"),
            Mistake("patience off by one: one epoch too few",
                    source="def early_stopping(params, train_one_epoch, validation_loss, max_epochs, patience):\n"
                           "    best_loss, best_epoch, best_params, wait, losses = np.inf, 0, None, 0, []\n"
                           "    for epoch in range(1, max_epochs + 1):\n"
                           "        train_one_epoch()\n"
                           "        loss = validation_loss()\n"
                           "        losses.append(loss)\n"
                           "        if loss < best_loss:\n"
                           "            best_loss, best_epoch, wait = loss, epoch, 0\n"
                           "            best_params = {n: v.copy() for n, v in params.items()}\n"
                           "        else:\n"
                           "            wait += 1\n"
                           "        if wait >= patience - 1:\n"
                           "            break\n"
                           "    return best_params, best_epoch, losses\n",
                    hint="epochs in a row"),
            Mistake("never resets the count at a new best",
                    source="def early_stopping(params, train_one_epoch, validation_loss, max_epochs, patience):\n"
                           "    best_loss, best_epoch, best_params, bad_epochs, losses = np.inf, 0, None, 0, []\n"
                           "    for epoch in range(1, max_epochs + 1):\n"
                           "        train_one_epoch()\n"
                           "        loss = validation_loss()\n"
                           "        losses.append(loss)\n"
                           "        if loss < best_loss:\n"
                           "            best_loss, best_epoch = loss, epoch\n"
                           "            best_params = {n: v.copy() for n, v in params.items()}\n"
                           "        else:\n"
                           "            bad_epochs += 1\n"
                           "            if bad_epochs >= patience:\n"
                           "                break\n"
                           "    return best_params, best_epoch, losses\n",
                    hint="reset the count"),
            Mistake("counts an equal loss as an improvement",
                    source="def early_stopping(params, train_one_epoch, validation_loss, max_epochs, patience):\n"
                           "    best_loss, best_epoch, best_params, wait, losses = np.inf, 0, None, 0, []\n"
                           "    for epoch in range(1, max_epochs + 1):\n"
                           "        train_one_epoch()\n"
                           "        loss = validation_loss()\n"
                           "        losses.append(loss)\n"
                           "        if loss <= best_loss:\n"
                           "            best_loss, best_epoch, wait = loss, epoch, 0\n"
                           "            best_params = {n: v.copy() for n, v in params.items()}\n"
                           "        else:\n"
                           "            wait += 1\n"
                           "            if wait >= patience:\n"
                           "                break\n"
                           "    return best_params, best_epoch, losses\n",
                    hint="equal to the best"),
            Mistake("counts the epochs from 0",
                    source="def early_stopping(params, train_one_epoch, validation_loss, max_epochs, patience):\n"
                           "    best_loss, best_epoch, best_params, wait, losses = np.inf, 0, None, 0, []\n"
                           "    for epoch in range(max_epochs):\n"
                           "        train_one_epoch()\n"
                           "        loss = validation_loss()\n"
                           "        losses.append(loss)\n"
                           "        if loss < best_loss:\n"
                           "            best_loss, best_epoch, wait = loss, epoch, 0\n"
                           "            best_params = {n: v.copy() for n, v in params.items()}\n"
                           "        else:\n"
                           "            wait += 1\n"
                           "            if wait >= patience:\n"
                           "                break\n"
                           "    return best_params, best_epoch, losses\n",
                    hint="counted from 1"),
            Mistake("delegates to the course library's EarlyStopping",
                    source="from nnlib.train import EarlyStopping\n\n"
                           "def early_stopping(params, train_one_epoch, validation_loss, max_epochs, patience):\n"
                           "    stopper, losses = EarlyStopping(patience), []\n"
                           "    for epoch in range(max_epochs):\n"
                           "        train_one_epoch()\n"
                           "        losses.append(validation_loss())\n"
                           "        if stopper.update(losses[-1], params):\n"
                           "            break\n"
                           "    return stopper.best_params, stopper.best_epoch + 1, losses\n",
                    hint="scores zero"),
            # a nan loss is never a new best, as the statement says: answers that take the first epoch's loss as the
            # best (or compare with a min that a nan poisons) never beat a nan first loss
            Mistake("the first epoch is always the best (best_epoch == 0 or ...): a nan there is never beaten",
                    source=(
                    "import copy\n\n"
                    "def early_stopping(params, train_one_epoch, validation_loss, max_epochs, patience):\n"
                    "    history, best_epoch, best_params = [], 0, None\n"
                    "    for epoch in range(1, max_epochs + 1):\n"
                    "        train_one_epoch()\n"
                    "        history.append(float(validation_loss()))\n"
                    "        if best_epoch == 0 or history[-1] < history[best_epoch - 1]:\n"
                    "            best_epoch, best_params = epoch, copy.deepcopy(params)\n"
                    "        elif epoch - best_epoch >= patience:\n"
                    "            break\n"
                    "    for name in params:\n"
                    "        params[name][...] = best_params[name]\n"
                    "    return best_params, best_epoch, history\n"),
                    hint="a nan loss is never a new best"),
            Mistake("the best loss starts as the first epoch's loss (None or ...): a nan there is never beaten",
                    source=(
                    "from tqdm import tqdm\n\n"
                    "def early_stopping(params, train_one_epoch, validation_loss, max_epochs, patience):\n"
                    "    best_loss, best_epoch, best_params, waited, losses = None, 0, None, 0, []\n"
                    "    for epoch in tqdm(range(1, max_epochs + 1)):\n"
                    "        train_one_epoch()\n"
                    "        loss = validation_loss()\n"
                    "        losses.append(loss)\n"
                    "        if best_loss is None or loss < best_loss:\n"
                    "            best_loss, best_epoch, waited = loss, epoch, 0\n"
                    "            best_params = {name: np.copy(value) for name, value in params.items()}\n"
                    "        else:\n"
                    "            waited += 1\n"
                    "            if waited == patience:\n"
                    "                break\n"
                    "    return best_params, best_epoch, losses\n"),
                    hint="a nan loss is never a new best"),
            Mistake("min over the earlier losses: one nan makes every later comparison False",
                    source=(
                    "def early_stopping(params, train_one_epoch, validation_loss, max_epochs, patience):\n"
                    "    losses, best_epoch, best_params = [], 0, {}\n"
                    "    for epoch in range(1, max_epochs + 1):\n"
                    "        train_one_epoch()\n"
                    "        losses.append(validation_loss())\n"
                    "        print(f'epoch {epoch}: validation loss {losses[-1]:.4f}')\n"
                    "        if losses[-1] < min(losses[:-1], default=np.inf):\n"
                    "            best_epoch, best_params = epoch, {k: v.copy() for k, v in params.items()}\n"
                    "        if epoch - best_epoch >= patience:\n"
                    "            break\n"
                    "    return best_params, best_epoch, np.array(losses)\n"),
                    hint="a nan loss is never a new best"),
            Mistake("takes the first finite loss after a nan as a new best, whatever the best so far",
                    source=(
                    "def early_stopping(params, train_one_epoch, validation_loss, max_epochs, patience):\n"
                    "    best_loss, best_epoch, best_params, wait, losses = np.inf, None, None, 0, []\n"
                    "    after_divergence = False\n"
                    "    for epoch in range(1, max_epochs + 1):\n"
                    "        train_one_epoch()\n"
                    "        loss = validation_loss()\n"
                    "        losses.append(loss)\n"
                    "        if np.isfinite(loss) and (loss < best_loss or after_divergence):\n"
                    "            best_loss, best_epoch, wait = loss, epoch, 0\n"
                    "            best_params = {n: v.copy() for n, v in params.items()}\n"
                    "        else:\n"
                    "            wait += 1\n"
                    "            if wait >= patience:\n"
                    "                break\n"
                    "        after_divergence = not np.isfinite(loss)\n"
                    "    return best_params, best_epoch, losses\n"),
                    hint="compared with the best so far as usual"),
        ],
        alternatives=[
            # a while loop and np.array(copy=True)
            "def early_stopping(params, train_one_epoch, validation_loss, max_epochs, patience):\n"
            "    losses = []\n"
            "    best = {'loss': float('inf'), 'epoch': None, 'params': None}\n"
            "    epoch, stale = 0, 0\n"
            "    while epoch < max_epochs and stale < patience:\n"
            "        epoch += 1\n"
            "        train_one_epoch()\n"
            "        loss = validation_loss()\n"
            "        losses.append(loss)\n"
            "        if loss < best['loss']:\n"
            "            best = {'loss': loss, 'epoch': epoch,\n"
            "                    'params': {k: np.array(v, copy=True) for k, v in params.items()}}\n"
            "            stale = 0\n"
            "        else:\n"
            "            stale += 1\n"
            "    return best['params'], best['epoch'], losses\n",
            # copy.deepcopy of the whole dict for the best parameters
            "import copy\n\n"
            "def early_stopping(params, train_one_epoch, validation_loss, max_epochs, patience):\n"
            "    best_loss, best_epoch, best_params = np.inf, None, None\n"
            "    val_losses, waited = [], 0\n"
            "    for epoch in range(1, max_epochs + 1):\n"
            "        train_one_epoch()\n"
            "        loss = validation_loss()\n"
            "        val_losses.append(loss)\n"
            "        if loss < best_loss:\n"
            "            best_loss, best_epoch, best_params, waited = loss, epoch, copy.deepcopy(params), 0\n"
            "        else:\n"
            "            waited += 1\n"
            "            if waited == patience:\n"
            "                break\n"
            "    return best_params, best_epoch, val_losses\n",
            # a progress bar over the epochs, the best run kept in one dict
            "from tqdm import tqdm\n\n"
            "def early_stopping(params, train_one_epoch, validation_loss, max_epochs, patience):\n"
            "    best = {'loss': np.inf, 'epoch': None, 'params': None}\n"
            "    losses, stale = [], 0\n"
            "    for epoch in tqdm(range(1, max_epochs + 1)):\n"
            "        train_one_epoch()\n"
            "        losses.append(validation_loss())\n"
            "        if losses[-1] < best['loss']:\n"
            "            best = {'loss': losses[-1], 'epoch': epoch,\n"
            "                    'params': {name: np.copy(value) for name, value in params.items()}}\n"
            "            stale = 0\n"
            "        else:\n"
            "            stale += 1\n"
            "        if stale >= patience:\n"
            "            break\n"
            "    return best['params'], best['epoch'], losses\n",
        ],
    ),
]


# Answers written without reading the tests (an independent author's, as students would hand them in),
# each run through the harness: correct ones must pass, wrong ones fail with the hint their message gives.
INDEPENDENT = [
    # written without reading the tests: loop over the dict, startswith('W')
    ('l2_penalty', ("import numpy as np\n"
                    "\n"
                    "\n"
                    "def l2_penalty(params, weight_decay):\n"
                    '    """value = weight_decay / 2 · Σ_W Σ w², grads = weight_decay · W for weights, 0 for the rest.  -> (float, dict)."""\n'
                    "    value = 0.0\n"
                    "    grads = {}\n"
                    "    for name, p in params.items():\n"
                    "        p = np.asarray(p)\n"
                    '        if name.startswith("W"):\n'
                    "            value += weight_decay / 2 * np.sum(p ** 2)\n"
                    "            grads[name] = weight_decay * p\n"
                    "        else:\n"
                    "            grads[name] = np.zeros_like(p)\n"
                    "    return float(value), grads\n")),
    # written without reading the tests: dict comprehension, squared Frobenius norm via np.linalg.norm
    ('l2_penalty', ("import numpy as np\n"
                    "\n"
                    "\n"
                    "def l2_penalty(params, weight_decay):\n"
                    '    """value = weight_decay / 2 · Σ_W Σ w², grads = weight_decay · W for weights, 0 for the rest.  -> (float, dict)."""\n'
                    '    weights = [name for name in params if name.startswith("W")]\n'
                    "    value = 0.5 * weight_decay * sum(np.linalg.norm(np.ravel(params[name])) ** 2 for name in weights)\n"
                    "    grads = {name: weight_decay * np.asarray(p) if name in weights else np.zeros_like(np.asarray(p))\n"
                    "             for name, p in params.items()}\n"
                    "    return float(value), grads\n")),
    # written without reading the tests: np.vdot for the sum of squares, copies then scales
    ('l2_penalty', ("import numpy as np\n"
                    "\n"
                    "\n"
                    "def l2_penalty(params, weight_decay):\n"
                    '    """value = weight_decay / 2 · Σ_W Σ w², grads = weight_decay · W for weights, 0 for the rest.  -> (float, dict)."""\n'
                    "    total = 0.0\n"
                    "    grads = {}\n"
                    "    for name in params:\n"
                    "        w = np.array(params[name])                 # a copy: params stay untouched\n"
                    '        if name[:1] == "W":\n'
                    "            total += float(np.vdot(w, w))\n"
                    "            w *= weight_decay\n"
                    "            grads[name] = w\n"
                    "        else:\n"
                    "            grads[name] = np.zeros(w.shape, dtype=w.dtype)\n"
                    "    return weight_decay * total / 2, grads\n")),
    # written without reading the tests
    ('l2_penalty', Mistake('penalizes every parameter, biases included',
                 source=("import numpy as np\n"
                         "\n"
                         "\n"
                         "def l2_penalty(params, weight_decay):\n"
                         '    """value = weight_decay / 2 · Σ_W Σ w², grads = weight_decay · W for weights, 0 for the rest.  -> (float, dict)."""\n'
                         "    value = sum(weight_decay / 2 * np.sum(p ** 2) for p in params.values())\n"
                         "    grads = {name: weight_decay * p for name, p in params.items()}\n"
                         "    return float(value), grads\n"),
                 hint='"b1" is not a weight: only the names starting with "W" are p')),
    # written without reading the tests
    ('l2_penalty', Mistake('value without the 1/2 (lambda * sum w^2)',
                 source=("import numpy as np\n"
                         "\n"
                         "\n"
                         "def l2_penalty(params, weight_decay):\n"
                         '    """value = weight_decay / 2 · Σ_W Σ w², grads = weight_decay · W for weights, 0 for the rest.  -> (float, dict)."""\n'
                         "    value = 0.0\n"
                         "    grads = {}\n"
                         "    for name, p in params.items():\n"
                         '        if name.startswith("W"):\n'
                         "            value += weight_decay * np.sum(p * p)\n"
                         "            grads[name] = weight_decay * p\n"
                         "        else:\n"
                         "            grads[name] = np.zeros_like(p)\n"
                         "    return float(value), grads\n"),
                 hint='value = weight_decay / 2 * (the sum of the squares of every')),
    # written without reading the tests
    ('l2_penalty', Mistake('scales the weight arrays in place (grads alias params)',
                 source=("import numpy as np\n"
                         "\n"
                         "\n"
                         "def l2_penalty(params, weight_decay):\n"
                         '    """value = weight_decay / 2 · Σ_W Σ w², grads = weight_decay · W for weights, 0 for the rest.  -> (float, dict)."""\n'
                         "    value = 0.0\n"
                         "    grads = {}\n"
                         "    for name, p in params.items():\n"
                         '        if name.startswith("W"):\n'
                         "            value += weight_decay / 2 * np.sum(p ** 2)\n"
                         "            grads[name] = p\n"
                         "            grads[name] *= weight_decay\n"
                         "        else:\n"
                         "            grads[name] = np.zeros_like(p)\n"
                         "    return float(value), grads\n"),
                 hint="A function should leave the caller's arrays as they were: co")),
    # written without reading the tests
    ('l2_penalty', Mistake('grads only for the weights: the bias names are missing',
                 source=("import numpy as np\n"
                         "\n"
                         "\n"
                         "def l2_penalty(params, weight_decay):\n"
                         '    """value = weight_decay / 2 · Σ_W Σ w², grads = weight_decay · W for weights, 0 for the rest.  -> (float, dict)."""\n'
                         '    weights = {name: p for name, p in params.items() if name.startswith("W")}\n'
                         "    value = weight_decay / 2 * sum(np.sum(w ** 2) for w in weights.values())\n"
                         "    grads = {name: weight_decay * w for name, w in weights.items()}\n"
                         "    return float(value), grads\n"),
                 hint='one entry per parameter, with zeros (np.zeros_like) for thos')),
    # written without reading the tests: loop with np.sign
    ('l1_penalty', ("import numpy as np\n"
                    "\n"
                    "\n"
                    "def l1_penalty(params, strength):\n"
                    '    """value = strength · Σ_W Σ |w|, grads = strength · sign(W) (0 at 0) for weights, 0 otherwise.  -> (float, dict)."""\n'
                    "    value = 0.0\n"
                    "    grads = {}\n"
                    "    for name, w in params.items():\n"
                    "        w = np.asarray(w)\n"
                    '        if name.startswith("W"):\n'
                    "            value += strength * np.sum(np.abs(w))\n"
                    "            grads[name] = strength * np.sign(w)\n"
                    "        else:\n"
                    "            grads[name] = np.zeros_like(w)\n"
                    "    return float(value), grads\n")),
    # written without reading the tests: nested np.where for the three cases of the subgradient
    ('l1_penalty', ("import numpy as np\n"
                    "\n"
                    "\n"
                    "def l1_penalty(params, strength):\n"
                    '    """value = strength · Σ_W Σ |w|, grads = strength · sign(W) (0 at 0) for weights, 0 otherwise.  -> (float, dict)."""\n'
                    "    grads, value = {}, 0.0\n"
                    "    for name, w in params.items():\n"
                    "        w = np.asarray(w)\n"
                    '        if not name.startswith("W"):\n'
                    "            grads[name] = np.zeros_like(w)\n"
                    "            continue\n"
                    "        value += float(np.abs(w).sum())\n"
                    "        grads[name] = np.where(w > 0, strength, np.where(w < 0, -strength, 0.0)).astype(w.dtype)\n"
                    "    return strength * value, grads\n")),
    # written without reading the tests: boolean masks: (w > 0) - (w < 0), norm with ord=1 on the flattened weights
    ('l1_penalty', ("import numpy as np\n"
                    "\n"
                    "\n"
                    "def l1_penalty(params, strength):\n"
                    '    """value = strength · Σ_W Σ |w|, grads = strength · sign(W) (0 at 0) for weights, 0 otherwise.  -> (float, dict)."""\n'
                    '    weight_names = [k for k in params if k.startswith("W")]\n'
                    "    value = strength * sum(np.linalg.norm(np.ravel(params[k]), ord=1) for k in weight_names)\n"
                    "    grads = {}\n"
                    "    for k, w in params.items():\n"
                    "        w = np.asarray(w)\n"
                    "        if k in weight_names:\n"
                    "            grads[k] = strength * ((w > 0).astype(w.dtype) - (w < 0).astype(w.dtype))\n"
                    "        else:\n"
                    "            grads[k] = np.zeros_like(w)\n"
                    "    return float(value), grads\n")),
    # written without reading the tests
    ('l1_penalty', Mistake('subgradient as |w| / w: nan where w = 0',
                 source=("import numpy as np\n"
                         "\n"
                         "\n"
                         "def l1_penalty(params, strength):\n"
                         '    """value = strength · Σ_W Σ |w|, grads = strength · sign(W) (0 at 0) for weights, 0 otherwise.  -> (float, dict)."""\n'
                         "    value = 0.0\n"
                         "    grads = {}\n"
                         "    for name, w in params.items():\n"
                         '        if name.startswith("W"):\n'
                         "            value += strength * np.sum(np.abs(w))\n"
                         "            grads[name] = strength * np.abs(w) / w\n"
                         "        else:\n"
                         "            grads[name] = np.zeros_like(w)\n"
                         "    return float(value), grads\n"),
                 hint='the subgradient of strength * |w| is strength * sign(w): +st')),
    # written without reading the tests
    ('l1_penalty', Mistake('sign(0) taken as +1 (w >= 0)',
                 source=("import numpy as np\n"
                         "\n"
                         "\n"
                         "def l1_penalty(params, strength):\n"
                         '    """value = strength · Σ_W Σ |w|, grads = strength · sign(W) (0 at 0) for weights, 0 otherwise.  -> (float, dict)."""\n'
                         "    value = 0.0\n"
                         "    grads = {}\n"
                         "    for name, w in params.items():\n"
                         '        if name.startswith("W"):\n'
                         "            value += strength * np.sum(np.abs(w))\n"
                         "            grads[name] = np.where(w >= 0, strength, -strength)\n"
                         "        else:\n"
                         "            grads[name] = np.zeros_like(w)\n"
                         "    return float(value), grads\n"),
                 hint='the subgradient of strength * |w| is strength * sign(w): +st')),
    # written without reading the tests
    ('l1_penalty', Mistake('penalizes the biases too',
                 source=("import numpy as np\n"
                         "\n"
                         "\n"
                         "def l1_penalty(params, strength):\n"
                         '    """value = strength · Σ_W Σ |w|, grads = strength · sign(W) (0 at 0) for weights, 0 otherwise.  -> (float, dict)."""\n'
                         "    value = strength * sum(np.sum(np.abs(w)) for w in params.values())\n"
                         "    grads = {name: strength * np.sign(w) for name, w in params.items()}\n"
                         "    return float(value), grads\n"),
                 hint='"b1" is not a weight: only the names starting with "W" are p')),
    # written without reading the tests
    ('l1_penalty', Mistake('value sums the signed weights, forgets the absolute value',
                 source=("import numpy as np\n"
                         "\n"
                         "\n"
                         "def l1_penalty(params, strength):\n"
                         '    """value = strength · Σ_W Σ |w|, grads = strength · sign(W) (0 at 0) for weights, 0 otherwise.  -> (float, dict)."""\n'
                         "    value = 0.0\n"
                         "    grads = {}\n"
                         "    for name, w in params.items():\n"
                         '        if name.startswith("W"):\n'
                         "            value += strength * np.sum(w)\n"
                         "            grads[name] = strength * np.sign(w)\n"
                         "        else:\n"
                         "            grads[name] = np.zeros_like(w)\n"
                         "    return float(value), grads\n"),
                 hint='value = strength * (the sum of the absolute values of every')),
    # written without reading the tests: rng.random(x.shape) >= p, boolean mask
    ('dropout_forward', ("import numpy as np\n"
                         "\n"
                         "\n"
                         "def dropout_forward(x, p, rng, train=True):\n"
                         '    """Inverted dropout: out = x · mask / (1 − p), mask ~ Bernoulli(1 − p).  -> (out, (mask, p)); eval: (x, None)."""\n'
                         "    if not train:\n"
                         "        return x, None\n"
                         "    mask = rng.random(np.shape(x)) >= p\n"
                         "    out = x * mask / (1 - p)\n"
                         "    return out, (mask, p)\n")),
    # written without reading the tests: Bernoulli mask with rng.binomial(1, 1 - p), 0/1 integers, keep-probability variable
    ('dropout_forward', ("import numpy as np\n"
                         "\n"
                         "\n"
                         "def dropout_forward(x, p, rng, train=True):\n"
                         '    """Inverted dropout: out = x · mask / (1 − p), mask ~ Bernoulli(1 − p).  -> (out, (mask, p)); eval: (x, None)."""\n'
                         "    x = np.asarray(x)\n"
                         "    if train:\n"
                         "        keep = 1.0 - p\n"
                         "        mask = rng.binomial(1, keep, size=x.shape)\n"
                         "        out = (x * mask / keep).astype(x.dtype, copy=False)\n"
                         "        return out, (mask, p)\n"
                         "    return x.copy(), None\n")),
    # written without reading the tests: rng.uniform mask as floats, np.where for out, keeps the dtype
    ('dropout_forward', ("import numpy as np\n"
                         "\n"
                         "\n"
                         "def dropout_forward(x, p, rng, train=True):\n"
                         '    """Inverted dropout: out = x · mask / (1 − p), mask ~ Bernoulli(1 − p).  -> (out, (mask, p)); eval: (x, None)."""\n'
                         "    if train is False:\n"
                         "        return x, None\n"
                         "    x = np.asarray(x)\n"
                         "    mask = (rng.uniform(0.0, 1.0, size=x.shape) >= p).astype(x.dtype)\n"
                         "    out = np.where(mask == 1, x / (1 - p), 0).astype(x.dtype)\n"
                         "    return out, (mask, p)\n")),
    # written without reading the tests
    ('dropout_forward', Mistake('keeps an element with probability p (mask = rand < p)',
                 source=("import numpy as np\n"
                         "\n"
                         "\n"
                         "def dropout_forward(x, p, rng, train=True):\n"
                         '    """Inverted dropout: out = x · mask / (1 − p), mask ~ Bernoulli(1 − p).  -> (out, (mask, p)); eval: (x, None)."""\n'
                         "    if not train:\n"
                         "        return x, None\n"
                         "    mask = rng.random(x.shape) < p\n"
                         "    out = x * mask / (1 - p)\n"
                         "    return out, (mask, p)\n"),
                 hint="Here p is the probability of DROPPING (PyTorch's convention)")),
    # written without reading the tests
    ('dropout_forward', Mistake('forgets to divide by 1 - p (not inverted)',
                 source=("import numpy as np\n"
                         "\n"
                         "\n"
                         "def dropout_forward(x, p, rng, train=True):\n"
                         '    """Inverted dropout: out = x · mask / (1 − p), mask ~ Bernoulli(1 − p).  -> (out, (mask, p)); eval: (x, None)."""\n'
                         "    if not train:\n"
                         "        return x, None\n"
                         "    mask = rng.random(x.shape) >= p\n"
                         "    return x * mask, (mask, p)\n"),
                 hint='inverted dropout keeps the expectation, E[out] = x, but the')),
    # written without reading the tests
    ('dropout_forward', Mistake('eval mode scales by 1 - p (classic dropout in eval mode on top of inverted training)',
                 source=("import numpy as np\n"
                         "\n"
                         "\n"
                         "def dropout_forward(x, p, rng, train=True):\n"
                         '    """Inverted dropout: out = x · mask / (1 − p), mask ~ Bernoulli(1 − p).  -> (out, (mask, p)); eval: (x, None)."""\n'
                         "    if not train:\n"
                         "        return x * (1 - p), None\n"
                         "    mask = rng.random(x.shape) >= p\n"
                         "    out = x * mask / (1 - p)\n"
                         "    return out, (mask, p)\n"),
                 hint='out of dropout_forward in eval mode (train=False) has wrong')),
    # written without reading the tests
    ('dropout_forward', Mistake('draws a second mask for the cache (the backward gets another mask)',
                 source=("import numpy as np\n"
                         "\n"
                         "\n"
                         "def dropout_forward(x, p, rng, train=True):\n"
                         '    """Inverted dropout: out = x · mask / (1 − p), mask ~ Bernoulli(1 − p).  -> (out, (mask, p)); eval: (x, None)."""\n'
                         "    if not train:\n"
                         "        return x, None\n"
                         "    out = x * (rng.random(x.shape) >= p) / (1 - p)\n"
                         "    mask = rng.random(x.shape) >= p\n"
                         "    return out, (mask, p)\n"),
                 hint='draw the mask once and use the same mask for out and for the')),
    # written without reading the tests: dout * mask / (1 - p), None passes through
    ('dropout_backward', ("import numpy as np\n"
                          "\n"
                          "\n"
                          "def dropout_backward(dout, cache):\n"
                          '    """dx = dout · mask / (1 − p) with (mask, p) = cache; dout when cache is None.  dout any shape -> dx same shape."""\n'
                          "    if cache is None:\n"
                          "        return dout\n"
                          "    mask, p = cache\n"
                          "    return dout * mask / (1 - p)\n")),
    # written without reading the tests: np.where on the boolean mask, keeps dout's dtype
    ('dropout_backward', ("import numpy as np\n"
                          "\n"
                          "\n"
                          "def dropout_backward(dout, cache):\n"
                          '    """dx = dout · mask / (1 − p) with (mask, p) = cache; dout when cache is None.  dout any shape -> dx same shape."""\n'
                          "    dout = np.asarray(dout)\n"
                          "    if cache is None:\n"
                          "        return dout.copy()\n"
                          "    mask, p = cache\n"
                          "    keep = np.asarray(mask).astype(bool)\n"
                          "    return np.where(keep, dout / (1 - p), 0).astype(dout.dtype)\n")),
    # written without reading the tests: element loop over the flattened arrays
    ('dropout_backward', ("import numpy as np\n"
                          "\n"
                          "\n"
                          "def dropout_backward(dout, cache):\n"
                          '    """dx = dout · mask / (1 − p) with (mask, p) = cache; dout when cache is None.  dout any shape -> dx same shape."""\n'
                          "    if cache is None:\n"
                          "        return np.array(dout)\n"
                          "    mask, p = cache\n"
                          "    flat_dout = np.asarray(dout).ravel()\n"
                          "    flat_mask = np.asarray(mask).ravel()\n"
                          "    dx = np.zeros_like(flat_dout)\n"
                          "    for i in range(flat_dout.size):\n"
                          "        if flat_mask[i]:\n"
                          "            dx[i] = flat_dout[i] / (1 - p)\n"
                          "    return dx.reshape(np.shape(dout))\n")),
    # written without reading the tests
    ('dropout_backward', Mistake('forgets the 1 / (1 - p) scaling',
                 source=("import numpy as np\n"
                         "\n"
                         "\n"
                         "def dropout_backward(dout, cache):\n"
                         '    """dx = dout · mask / (1 − p) with (mask, p) = cache; dout when cache is None.  dout any shape -> dx same shape."""\n'
                         "    if cache is None:\n"
                         "        return dout\n"
                         "    mask, p = cache\n"
                         "    return dout * mask\n"),
                 hint='dx = dout * mask / (1 - p) with (mask, p) = cache: the same')),
    # written without reading the tests
    ('dropout_backward', Mistake('multiplies by (1 - p) instead of dividing',
                 source=("import numpy as np\n"
                         "\n"
                         "\n"
                         "def dropout_backward(dout, cache):\n"
                         '    """dx = dout · mask / (1 − p) with (mask, p) = cache; dout when cache is None.  dout any shape -> dx same shape."""\n'
                         "    if cache is None:\n"
                         "        return dout\n"
                         "    mask, p = cache\n"
                         "    return dout * mask * (1 - p)\n"),
                 hint='dx = dout * mask / (1 - p) with (mask, p) = cache: the same')),
    # written without reading the tests
    ('dropout_backward', Mistake('no eval-mode branch: unpacks a None cache',
                 source=("import numpy as np\n"
                         "\n"
                         "\n"
                         "def dropout_backward(dout, cache):\n"
                         '    """dx = dout · mask / (1 − p) with (mask, p) = cache; dout when cache is None.  dout any shape -> dx same shape."""\n'
                         "    mask, p = cache\n"
                         "    return dout * mask / (1 - p)\n"),
                 hint='cannot unpack non-iterable NoneType object')),
    # written without reading the tests
    ('dropout_backward', Mistake('divides by p instead of 1 - p',
                 source=("import numpy as np\n"
                         "\n"
                         "\n"
                         "def dropout_backward(dout, cache):\n"
                         '    """dx = dout · mask / (1 − p) with (mask, p) = cache; dout when cache is None.  dout any shape -> dx same shape."""\n'
                         "    if cache is None:\n"
                         "        return dout\n"
                         "    mask, p = cache\n"
                         "    return dout * mask / p\n"),
                 hint='dx = dout * mask / (1 - p) with (mask, p) = cache: the same')),
    # written without reading the tests: vectorized, running statistics written in place
    ('batchnorm_forward', ("import numpy as np\n"
                           "\n"
                           "\n"
                           "def batchnorm_forward(x, gamma, beta, running, train=True, momentum=0.1, eps=1e-5):\n"
                           '    """out = gamma · (x − μ) / sqrt(σ² + eps) + beta per feature.  x (N, D) -> out (N, D), cache."""\n'
                           "    if train:\n"
                           "        N = x.shape[0]\n"
                           "        mu = x.mean(axis=0)\n"
                           "        var = x.var(axis=0)\n"
                           '        running["mean"][...] = (1 - momentum) * running["mean"] + momentum * mu\n'
                           '        running["var"][...] = (1 - momentum) * running["var"] + momentum * var * N / (N - 1)\n'
                           "    else:\n"
                           '        mu = running["mean"]\n'
                           '        var = running["var"]\n'
                           "    inv_std = 1.0 / np.sqrt(var + eps)\n"
                           "    x_hat = (x - mu) * inv_std\n"
                           "    out = gamma * x_hat + beta\n"
                           "    return out, (x_hat, gamma, inv_std, train)\n")),
    # written without reading the tests: loop over the features (columns), new arrays stored in the dict
    ('batchnorm_forward', ("import numpy as np\n"
                           "\n"
                           "\n"
                           "def batchnorm_forward(x, gamma, beta, running, train=True, momentum=0.1, eps=1e-5):\n"
                           '    """out = gamma · (x − μ) / sqrt(σ² + eps) + beta per feature.  x (N, D) -> out (N, D), cache."""\n'
                           "    x = np.asarray(x)\n"
                           "    N, D = x.shape\n"
                           "    x_hat = np.empty_like(x)\n"
                           "    out = np.empty_like(x)\n"
                           "    inv_std = np.empty(D, dtype=x.dtype)\n"
                           '    new_mean = np.array(running["mean"], copy=True)\n'
                           '    new_var = np.array(running["var"], copy=True)\n'
                           "    for d in range(D):\n"
                           "        col = x[:, d]\n"
                           "        if train:\n"
                           "            m = col.sum() / N\n"
                           "            v = ((col - m) ** 2).sum() / N\n"
                           "            new_mean[d] = (1 - momentum) * new_mean[d] + momentum * m\n"
                           "            new_var[d] = (1 - momentum) * new_var[d] + momentum * v * N / (N - 1)\n"
                           "        else:\n"
                           '            m = running["mean"][d]\n'
                           '            v = running["var"][d]\n'
                           "        inv_std[d] = 1 / np.sqrt(v + eps)\n"
                           "        x_hat[:, d] = (col - m) * inv_std[d]\n"
                           "        out[:, d] = gamma[d] * x_hat[:, d] + beta[d]\n"
                           "    if train:\n"
                           '        running["mean"] = new_mean\n'
                           '        running["var"] = new_var\n'
                           "    return out, (x_hat, gamma, inv_std, train)\n")),
    # written without reading the tests: np.var with ddof=1 for the running variance, keepdims, float32-friendly
    ('batchnorm_forward', ("import numpy as np\n"
                           "\n"
                           "\n"
                           "def batchnorm_forward(x, gamma, beta, running, train=True, momentum=0.1, eps=1e-5):\n"
                           '    """out = gamma · (x − μ) / sqrt(σ² + eps) + beta per feature.  x (N, D) -> out (N, D), cache."""\n'
                           "    if train:\n"
                           "        mean = np.mean(x, axis=0, keepdims=True)[0]\n"
                           "        biased = np.var(x, axis=0)\n"
                           "        unbiased = np.var(x, axis=0, ddof=1)\n"
                           '        running["mean"] = momentum * mean + (1 - momentum) * running["mean"]\n'
                           '        running["var"] = momentum * unbiased + (1 - momentum) * running["var"]\n'
                           "        inv_std = (biased + eps) ** -0.5\n"
                           "        centred = x - mean\n"
                           "    else:\n"
                           '        inv_std = (running["var"] + eps) ** -0.5\n'
                           '        centred = x - running["mean"]\n'
                           "    x_hat = centred * inv_std\n"
                           "    return x_hat * gamma + beta, (x_hat, gamma, inv_std, train)\n")),
    # written without reading the tests
    ('batchnorm_forward', Mistake('normalizes with the unbiased variance (ddof=1) in training',
                 source=("import numpy as np\n"
                         "\n"
                         "\n"
                         "def batchnorm_forward(x, gamma, beta, running, train=True, momentum=0.1, eps=1e-5):\n"
                         '    """out = gamma · (x − μ) / sqrt(σ² + eps) + beta per feature.  x (N, D) -> out (N, D), cache."""\n'
                         "    if train:\n"
                         "        mu = x.mean(axis=0)\n"
                         "        var = x.var(axis=0, ddof=1)\n"
                         '        running["mean"][...] = (1 - momentum) * running["mean"] + momentum * mu\n'
                         '        running["var"][...] = (1 - momentum) * running["var"] + momentum * var\n'
                         "    else:\n"
                         '        mu, var = running["mean"], running["var"]\n'
                         "    inv_std = 1 / np.sqrt(var + eps)\n"
                         "    x_hat = (x - mu) * inv_std\n"
                         "    return gamma * x_hat + beta, (x_hat, gamma, inv_std, train)\n"),
                 hint='batchnorm_forward(x, gamma, beta, running) of the example no')),
    # written without reading the tests
    ('batchnorm_forward', Mistake('eps added outside the square root',
                 source=("import numpy as np\n"
                         "\n"
                         "\n"
                         "def batchnorm_forward(x, gamma, beta, running, train=True, momentum=0.1, eps=1e-5):\n"
                         '    """out = gamma · (x − μ) / sqrt(σ² + eps) + beta per feature.  x (N, D) -> out (N, D), cache."""\n'
                         "    if train:\n"
                         "        N = len(x)\n"
                         "        mu, var = x.mean(axis=0), x.var(axis=0)\n"
                         '        running["mean"][...] = (1 - momentum) * running["mean"] + momentum * mu\n'
                         '        running["var"][...] = (1 - momentum) * running["var"] + momentum * var * N / (N - 1)\n'
                         "    else:\n"
                         '        mu, var = running["mean"], running["var"]\n'
                         "    inv_std = 1 / (np.sqrt(var) + eps)\n"
                         "    x_hat = (x - mu) * inv_std\n"
                         "    return gamma * x_hat + beta, (x_hat, gamma, inv_std, train)\n"),
                 hint='batchnorm_forward(x, gamma, beta, running) of the example ad')),
    # written without reading the tests
    ('batchnorm_forward', Mistake('running variance updated with the biased batch variance',
                 source=("import numpy as np\n"
                         "\n"
                         "\n"
                         "def batchnorm_forward(x, gamma, beta, running, train=True, momentum=0.1, eps=1e-5):\n"
                         '    """out = gamma · (x − μ) / sqrt(σ² + eps) + beta per feature.  x (N, D) -> out (N, D), cache."""\n'
                         "    if train:\n"
                         "        mu, var = x.mean(axis=0), x.var(axis=0)\n"
                         '        running["mean"][...] = (1 - momentum) * running["mean"] + momentum * mu\n'
                         '        running["var"][...] = (1 - momentum) * running["var"] + momentum * var\n'
                         "    else:\n"
                         '        mu, var = running["mean"], running["var"]\n'
                         "    inv_std = 1 / np.sqrt(var + eps)\n"
                         "    x_hat = (x - mu) * inv_std\n"
                         "    return gamma * x_hat + beta, (x_hat, gamma, inv_std, train)\n"),
                 hint='batchnorm_forward(x, gamma, beta, running) of the example up')),
    # written without reading the tests
    ('batchnorm_forward', Mistake('centres x in place (x -= mu) and momentum weights the old value',
                 source=("import numpy as np\n"
                         "\n"
                         "\n"
                         "def batchnorm_forward(x, gamma, beta, running, train=True, momentum=0.1, eps=1e-5):\n"
                         '    """out = gamma · (x − μ) / sqrt(σ² + eps) + beta per feature.  x (N, D) -> out (N, D), cache."""\n'
                         "    N = x.shape[0]\n"
                         "    if train:\n"
                         "        mu = x.mean(axis=0)\n"
                         "        var = x.var(axis=0)\n"
                         '        running["mean"] = momentum * running["mean"] + (1 - momentum) * mu\n'
                         '        running["var"] = momentum * running["var"] + (1 - momentum) * var * N / (N - 1)\n'
                         "    else:\n"
                         '        mu, var = running["mean"], running["var"]\n'
                         "    inv_std = 1 / np.sqrt(var + eps)\n"
                         "    x -= mu\n"
                         "    x *= inv_std\n"
                         "    return gamma * x + beta, (x, gamma, inv_std, train)\n"),
                 hint='batchnorm_forward(x, gamma, beta, running) of the example ch')),
    # written without reading the tests: the compact formula of the statement
    ('batchnorm_backward', ("import numpy as np\n"
                            "\n"
                            "\n"
                            "def batchnorm_backward(dout, cache):\n"
                            '    """Backward of out = gamma · x_hat + beta.  dout (N, D), cache -> dx (N, D), dgamma (D,), dbeta (D,)."""\n'
                            "    x_hat, gamma, inv_std, train = cache\n"
                            "    N = dout.shape[0]\n"
                            "    dbeta = dout.sum(axis=0)\n"
                            "    dgamma = (dout * x_hat).sum(axis=0)\n"
                            "    if train:\n"
                            "        dx = gamma * inv_std / N * (N * dout - dbeta - x_hat * dgamma)\n"
                            "    else:\n"
                            "        dx = dout * gamma * inv_std\n"
                            "    return dx, dgamma, dbeta\n")),
    # written without reading the tests: step by step through the graph: dx_hat, dvar, dmu
    ('batchnorm_backward', ("import numpy as np\n"
                            "\n"
                            "\n"
                            "def batchnorm_backward(dout, cache):\n"
                            '    """Backward of out = gamma · x_hat + beta.  dout (N, D), cache -> dx (N, D), dgamma (D,), dbeta (D,)."""\n'
                            "    x_hat, gamma, inv_std, train = cache\n"
                            "    N = dout.shape[0]\n"
                            "    dbeta = np.sum(dout, axis=0)\n"
                            "    dgamma = np.sum(dout * x_hat, axis=0)\n"
                            "    dx_hat = dout * gamma\n"
                            "    if not train:\n"
                            "        return dx_hat * inv_std, dgamma, dbeta\n"
                            "    xc = x_hat / inv_std                                    # x - mu\n"
                            "    dvar = np.sum(dx_hat * xc, axis=0) * -0.5 * inv_std ** 3\n"
                            "    dmu = -np.sum(dx_hat * inv_std, axis=0) + dvar * np.mean(-2.0 * xc, axis=0)\n"
                            "    dx = dx_hat * inv_std + dvar * 2.0 * xc / N + dmu / N\n"
                            "    return dx, dgamma, dbeta\n")),
    # written without reading the tests: means instead of sums inside the bracket (equivalent form)
    ('batchnorm_backward', ("import numpy as np\n"
                            "\n"
                            "\n"
                            "def batchnorm_backward(dout, cache):\n"
                            '    """Backward of out = gamma · x_hat + beta.  dout (N, D), cache -> dx (N, D), dgamma (D,), dbeta (D,)."""\n'
                            "    x_hat, gamma, inv_std, train = cache\n"
                            '    dbeta = np.einsum("nd->d", dout)\n'
                            '    dgamma = np.einsum("nd,nd->d", dout, x_hat)\n'
                            "    g = dout * gamma\n"
                            "    if train:\n"
                            "        dx = inv_std * (g - g.mean(axis=0) - x_hat * (g * x_hat).mean(axis=0))\n"
                            "    else:\n"
                            "        dx = inv_std * g\n"
                            "    return dx, dgamma, dbeta\n")),
    # written without reading the tests
    ('batchnorm_backward', Mistake('always uses the eval-mode gradient (statistics treated as constants)',
                 source=("import numpy as np\n"
                         "\n"
                         "\n"
                         "def batchnorm_backward(dout, cache):\n"
                         '    """Backward of out = gamma · x_hat + beta.  dout (N, D), cache -> dx (N, D), dgamma (D,), dbeta (D,)."""\n'
                         "    x_hat, gamma, inv_std, train = cache\n"
                         "    dbeta = dout.sum(axis=0)\n"
                         "    dgamma = (dout * x_hat).sum(axis=0)\n"
                         "    dx = dout * gamma * inv_std\n"
                         "    return dx, dgamma, dbeta\n"),
                 hint='in training mode the batch mean and variance depend on x: dx')),
    # written without reading the tests
    ('batchnorm_backward', Mistake('dgamma and dbeta averaged over the batch instead of summed',
                 source=("import numpy as np\n"
                         "\n"
                         "\n"
                         "def batchnorm_backward(dout, cache):\n"
                         '    """Backward of out = gamma · x_hat + beta.  dout (N, D), cache -> dx (N, D), dgamma (D,), dbeta (D,)."""\n'
                         "    x_hat, gamma, inv_std, train = cache\n"
                         "    N = dout.shape[0]\n"
                         "    dbeta = dout.mean(axis=0)\n"
                         "    dgamma = (dout * x_hat).mean(axis=0)\n"
                         "    if train:\n"
                         "        dx = gamma * inv_std / N * (N * dout - dout.sum(axis=0) - x_hat * np.sum(dout * x_hat, axis=0))\n"
                         "    else:\n"
                         "        dx = dout * gamma * inv_std\n"
                         "    return dx, dgamma, dbeta\n"),
                 hint='you divided by N where a sum over the batch is needed (or di')),
    # written without reading the tests
    ('batchnorm_backward', Mistake('forgets the variance correction term (only the mean term)',
                 source=("import numpy as np\n"
                         "\n"
                         "\n"
                         "def batchnorm_backward(dout, cache):\n"
                         '    """Backward of out = gamma · x_hat + beta.  dout (N, D), cache -> dx (N, D), dgamma (D,), dbeta (D,)."""\n'
                         "    x_hat, gamma, inv_std, train = cache\n"
                         "    N = dout.shape[0]\n"
                         "    dbeta = dout.sum(axis=0)\n"
                         "    dgamma = (dout * x_hat).sum(axis=0)\n"
                         "    if train:\n"
                         "        dx = gamma * inv_std / N * (N * dout - dbeta)\n"
                         "    else:\n"
                         "        dx = dout * gamma * inv_std\n"
                         "    return dx, dgamma, dbeta\n"),
                 hint='training mode: dx = gamma * inv_std / N * (N * dout - dout.s')),
    # written without reading the tests
    ('batchnorm_backward', Mistake('uses the training formula in eval mode too',
                 source=("import numpy as np\n"
                         "\n"
                         "\n"
                         "def batchnorm_backward(dout, cache):\n"
                         '    """Backward of out = gamma · x_hat + beta.  dout (N, D), cache -> dx (N, D), dgamma (D,), dbeta (D,)."""\n'
                         "    x_hat, gamma, inv_std, train = cache\n"
                         "    N = dout.shape[0]\n"
                         "    dbeta = dout.sum(axis=0)\n"
                         "    dgamma = (dout * x_hat).sum(axis=0)\n"
                         "    dx = gamma * inv_std / N * (N * dout - dbeta - x_hat * dgamma)\n"
                         "    return dx, dgamma, dbeta\n"),
                 hint='in eval mode the statistics are the running ones, constants')),
    # written without reading the tests: for loop with a counter, copies with .copy()
    ('early_stopping', ("import numpy as np\n"
                        "\n"
                        "\n"
                        "def early_stopping(params, train_one_epoch, validation_loss, max_epochs, patience):\n"
                        '    """Train until `patience` epochs in a row bring no new best.  -> (best_params, best_epoch, val_losses)."""\n'
                        '    best_loss = float("inf")\n'
                        "    best_params = {name: np.array(value, copy=True) for name, value in params.items()}\n"
                        "    best_epoch = 0\n"
                        "    val_losses = []\n"
                        "    bad_epochs = 0\n"
                        "    for epoch in range(1, max_epochs + 1):\n"
                        "        train_one_epoch()\n"
                        "        loss = validation_loss()\n"
                        "        val_losses.append(loss)\n"
                        "        if loss < best_loss:\n"
                        "            best_loss = loss\n"
                        "            best_epoch = epoch\n"
                        "            best_params = {name: value.copy() for name, value in params.items()}\n"
                        "            bad_epochs = 0\n"
                        "        else:\n"
                        "            bad_epochs += 1\n"
                        "            if bad_epochs >= patience:\n"
                        "                break\n"
                        "    return best_params, best_epoch, val_losses\n")),
    # written without reading the tests: copy.deepcopy, stop test on epoch - best_epoch, tqdm over epochs; it takes
    # the first epoch as the best whatever its loss, so a nan there is never beaten (the statement rules that out)
    ('early_stopping', Mistake("the first epoch is always the best: a nan first loss is never beaten",
                               hint="a nan loss is never a new best", source=("import copy\n"
                        "\n"
                        "from tqdm.auto import tqdm\n"
                        "\n"
                        "\n"
                        "def early_stopping(params, train_one_epoch, validation_loss, max_epochs, patience):\n"
                        '    """Train until `patience` epochs in a row bring no new best.  -> (best_params, best_epoch, val_losses)."""\n'
                        "    val_losses = []\n"
                        "    best_epoch, best_params = None, None\n"
                        "    for epoch in tqdm(range(1, max_epochs + 1), leave=False):\n"
                        "        train_one_epoch()\n"
                        "        val_losses.append(validation_loss())\n"
                        "        if best_epoch is None or val_losses[-1] < val_losses[best_epoch - 1]:\n"
                        "            best_epoch = epoch\n"
                        "            best_params = copy.deepcopy(params)\n"
                        "        elif epoch - best_epoch >= patience:\n"
                        "            break\n"
                        "    return best_params, best_epoch, val_losses\n"))),
    # written without reading the tests: while loop, np.copyto into buffers allocated once, prints progress
    ('early_stopping', ("import numpy as np\n"
                        "\n"
                        "\n"
                        "def early_stopping(params, train_one_epoch, validation_loss, max_epochs, patience):\n"
                        '    """Train until `patience` epochs in a row bring no new best.  -> (best_params, best_epoch, val_losses)."""\n'
                        "    kept = {k: np.empty_like(v) for k, v in params.items()}\n"
                        "    best, best_epoch, since = np.inf, 0, 0\n"
                        "    losses = []\n"
                        "    epoch = 0\n"
                        "    while epoch < max_epochs and since < patience:\n"
                        "        epoch += 1\n"
                        "        train_one_epoch()\n"
                        "        loss = float(validation_loss())\n"
                        "        losses.append(loss)\n"
                        "        if loss < best:\n"
                        "            best, best_epoch, since = loss, epoch, 0\n"
                        "            for k, v in params.items():\n"
                        "                np.copyto(kept[k], v)\n"
                        "        else:\n"
                        "            since += 1\n"
                        '        print(f"epoch {epoch}: validation loss {loss:.4f} (best {best:.4f} at epoch {best_epoch})")\n'
                        "    return kept, best_epoch, losses\n")),
    # written without reading the tests
    ('early_stopping', Mistake('a tie with the best counts as an improvement (<=)',
                 source=("import numpy as np\n"
                         "\n"
                         "\n"
                         "def early_stopping(params, train_one_epoch, validation_loss, max_epochs, patience):\n"
                         '    """Train until `patience` epochs in a row bring no new best.  -> (best_params, best_epoch, val_losses)."""\n'
                         "    best_loss, best_epoch, best_params = np.inf, 0, None\n"
                         "    val_losses, wait = [], 0\n"
                         "    for epoch in range(1, max_epochs + 1):\n"
                         "        train_one_epoch()\n"
                         "        loss = validation_loss()\n"
                         "        val_losses.append(loss)\n"
                         "        if loss <= best_loss:\n"
                         "            best_loss, best_epoch, wait = loss, epoch, 0\n"
                         "            best_params = {k: v.copy() for k, v in params.items()}\n"
                         "        else:\n"
                         "            wait += 1\n"
                         "            if wait == patience:\n"
                         "                break\n"
                         "    return best_params, best_epoch, val_losses\n"),
                 hint='count the epochs in a row without a new best (reset the coun')),
    # written without reading the tests
    ('early_stopping', Mistake('dict(params): a shallow copy that shares the arrays',
                 source=("import numpy as np\n"
                         "\n"
                         "\n"
                         "def early_stopping(params, train_one_epoch, validation_loss, max_epochs, patience):\n"
                         '    """Train until `patience` epochs in a row bring no new best.  -> (best_params, best_epoch, val_losses)."""\n'
                         "    best_loss, best_epoch, best_params = np.inf, 0, None\n"
                         "    val_losses, wait = [], 0\n"
                         "    for epoch in range(1, max_epochs + 1):\n"
                         "        train_one_epoch()\n"
                         "        loss = validation_loss()\n"
                         "        val_losses.append(loss)\n"
                         "        if loss < best_loss:\n"
                         "            best_loss, best_epoch, wait = loss, epoch, 0\n"
                         "            best_params = dict(params)\n"
                         "        else:\n"
                         "            wait += 1\n"
                         "            if wait >= patience:\n"
                         "                break\n"
                         "    return best_params, best_epoch, val_losses\n"),
                 hint='they are the live arrays, which the next epochs change in pl')),
    # written without reading the tests
    ('early_stopping', Mistake('never resets the count: stops after patience non-improving epochs in total',
                 source=("import numpy as np\n"
                         "\n"
                         "\n"
                         "def early_stopping(params, train_one_epoch, validation_loss, max_epochs, patience):\n"
                         '    """Train until `patience` epochs in a row bring no new best.  -> (best_params, best_epoch, val_losses)."""\n'
                         "    best_loss, best_epoch, best_params = np.inf, 0, None\n"
                         "    val_losses, no_improvement = [], 0\n"
                         "    for epoch in range(1, max_epochs + 1):\n"
                         "        train_one_epoch()\n"
                         "        loss = validation_loss()\n"
                         "        val_losses.append(loss)\n"
                         "        if loss < best_loss:\n"
                         "            best_loss, best_epoch = loss, epoch\n"
                         "            best_params = {k: v.copy() for k, v in params.items()}\n"
                         "        else:\n"
                         "            no_improvement += 1\n"
                         "        if no_improvement >= patience:\n"
                         "            break\n"
                         "    return best_params, best_epoch, val_losses\n"),
                 hint='count the epochs in a row without a new best (reset the coun')),
    # written without reading the tests
    ('early_stopping', Mistake('best_epoch counted from 0 (enumerate index)',
                 source=("import numpy as np\n"
                         "\n"
                         "\n"
                         "def early_stopping(params, train_one_epoch, validation_loss, max_epochs, patience):\n"
                         '    """Train until `patience` epochs in a row bring no new best.  -> (best_params, best_epoch, val_losses)."""\n'
                         "    best_loss, best_epoch, best_params = np.inf, 0, None\n"
                         "    val_losses, wait = [], 0\n"
                         "    for epoch in range(max_epochs):\n"
                         "        train_one_epoch()\n"
                         "        loss = validation_loss()\n"
                         "        val_losses.append(loss)\n"
                         "        if loss < best_loss:\n"
                         "            best_loss, best_epoch, wait = loss, epoch, 0\n"
                         "            best_params = {k: v.copy() for k, v in params.items()}\n"
                         "        else:\n"
                         "            wait += 1\n"
                         "            if wait >= patience:\n"
                         "                break\n"
                         "    return best_params, best_epoch, val_losses\n"),
                 hint='the first epoch is epoch 1: for epoch in range(1, max_epochs')),
]
for _answer, _case in INDEPENDENT:
    _exercise = next(exercise for exercise in EXERCISES if exercise.answer == _answer)
    (_exercise.alternatives if isinstance(_case, str) else _exercise.mistakes).append(_case)
