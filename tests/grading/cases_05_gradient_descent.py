"""Grader quality of lesson 05: the mistakes students really make in a training loop must fail with the right hint,
and other correct implementations (other loops, other ways to shuffle, other ways to average) must pass.

Judgement calls, stated so that they can be argued with:
- gd_step works in place on the dict: `params[name] -= ...` and `params[name] = params[name] - ...` both count (the
  caller's dict holds the new values, which is all an MLP reads); returning a new dict does not.
- train_epoch may return the epoch's loss weighted by batch size (the statement's formula) or the plain mean of the
  batch losses; they differ only through the last partial batch, and both are common practice.
- iterate_minibatches must yield batches of exactly batch_size samples with the remainder last: np.array_split into
  ceil(N / B) near-equal pieces gives other sizes (4, 3, 3 for N = 10, B = 4) and fails, as the statement says.
- chosen_lr passes for any η for which GD on the given problem reaches the target within the budget (about 0.067 to
  0.192); the test runs GD with the student's η rather than comparing with one value.
"""
from tests.grading.quality import Exercise, Mistake

LESSON = "05_gradient_descent"

EXERCISES = [
    Exercise(
        answer="gd_step",
        tests=["gd_step_visible", "gd_step_hidden"],
        mistakes=[
            Mistake("wrong sign: += climbs the loss (gradient ascent)",
                    source="def gd_step(params, grads, lr):\n"
                           "    for name in params:\n"
                           "        params[name] += lr * grads[name]\n",
                    hint="wrong sign"),
            Mistake("forgets the learning rate",
                    source="def gd_step(params, grads, lr):\n"
                           "    for name in params:\n"
                           "        params[name] -= grads[name]\n",
                    hint="factor of 10"),
            Mistake("divides by the learning rate",
                    source="def gd_step(params, grads, lr):\n"
                           "    for name in params:\n"
                           "        params[name] -= grads[name] / lr\n",
                    hint="factor of 100"),
            Mistake("rebinds the loop variable, so nothing changes",
                    source="def gd_step(params, grads, lr):\n"
                           "    for p, g in zip(params.values(), grads.values()):\n"
                           "        p = p - lr * g\n",
                    hint="in place"),
            Mistake("returns a new dict and leaves the caller's params as they were",
                    source="def gd_step(params, grads, lr):\n"
                           "    return {name: params[name] - lr * grads[name] for name in params}\n",
                    hint="in place"),
            Mistake("returns inside the loop: only the first parameter is updated",
                    source="def gd_step(params, grads, lr):\n"
                           "    for name in params:\n"
                           "        params[name] -= lr * grads[name]\n"
                           "        return\n",
                    hint="every parameter"),
            Mistake("scales the gradients in place",
                    source="def gd_step(params, grads, lr):\n"
                           "    for name in params:\n"
                           "        grads[name] *= lr\n"
                           "        params[name] -= grads[name]\n",
                    hint="changed grads"),
        ],
        alternatives=[
            # rebinding the dict entries: the dict itself holds the new arrays
            "def gd_step(params, grads, lr):\n"
            "    for name in list(params):\n"
            "        params[name] = params[name] - lr * grads[name]\n",
            # numpy's out= argument, looping over the gradients, returning params as a convenience
            "def gd_step(params, grads, lr):\n"
            "    for name, grad in grads.items():\n"
            "        np.subtract(params[name], lr * grad, out=params[name])\n"
            "    return params\n",
            # dict.update with new arrays
            "def gd_step(params, grads, lr):\n"
            "    params.update({name: value - lr * grads[name] for name, value in params.items()})\n",
        ],
    ),
    Exercise(
        answer="iterate_minibatches",
        tests=["iterate_minibatches_visible", "iterate_minibatches_hidden"],
        mistakes=[
            Mistake("drops the last partial batch",
                    source="def iterate_minibatches(X, y, batch_size, rng):\n"
                           "    order = rng.permutation(len(X))\n"
                           "    for start in range(0, len(X) - batch_size + 1, batch_size):\n"
                           "        rows = order[start:start + batch_size]\n"
                           "        yield X[rows], y[rows]\n",
                    hint="last partial batch"),
            Mistake("samples with replacement (rng.integers): repeats some samples, misses others",
                    source="def iterate_minibatches(X, y, batch_size, rng):\n"
                           "    order = rng.integers(0, len(X), size=len(X))\n"
                           "    for start in range(0, len(X), batch_size):\n"
                           "        rows = order[start:start + batch_size]\n"
                           "        yield X[rows], y[rows]\n",
                    hint="exactly once"),
            Mistake("a fixed seed inside: the same order every epoch",
                    source="def iterate_minibatches(X, y, batch_size, rng):\n"
                           "    order = np.random.default_rng(0).permutation(len(X))\n"
                           "    for start in range(0, len(X), batch_size):\n"
                           "        rows = order[start:start + batch_size]\n"
                           "        yield X[rows], y[rows]\n",
                    hint="same order"),
            Mistake("shuffles once and reuses the order in later epochs",
                    source="_orders = {}\n\n"
                           "def iterate_minibatches(X, y, batch_size, rng):\n"
                           "    if len(X) not in _orders:\n"
                           "        _orders[len(X)] = rng.permutation(len(X))\n"
                           "    order = _orders[len(X)]\n"
                           "    for start in range(0, len(X), batch_size):\n"
                           "        rows = order[start:start + batch_size]\n"
                           "        yield X[rows], y[rows]\n",
                    hint="same order"),
            Mistake("shuffles X and y with different permutations",
                    source="def iterate_minibatches(X, y, batch_size, rng):\n"
                           "    X, y = X[rng.permutation(len(X))], y[rng.permutation(len(y))]\n"
                           "    for start in range(0, len(X), batch_size):\n"
                           "        yield X[start:start + batch_size], y[start:start + batch_size]\n",
                    hint="different orders"),
            Mistake("rng.shuffle on the data itself: reorders the caller's arrays (and X and y differently)",
                    source="def iterate_minibatches(X, y, batch_size, rng):\n"
                           "    rng.shuffle(X)\n"
                           "    rng.shuffle(y)\n"
                           "    for start in range(0, len(X), batch_size):\n"
                           "        yield X[start:start + batch_size], y[start:start + batch_size]\n",
                    hint="in place"),
            Mistake("no shuffling at all",
                    source="def iterate_minibatches(X, y, batch_size, rng):\n"
                           "    for start in range(0, len(X), batch_size):\n"
                           "        yield X[start:start + batch_size], y[start:start + batch_size]\n",
                    hint="not shuffled"),
            Mistake("numpy's global generator instead of the rng passed in: not reproducible",
                    source="def iterate_minibatches(X, y, batch_size, rng):\n"
                           "    order = np.random.permutation(len(X))\n"
                           "    for start in range(0, len(X), batch_size):\n"
                           "        rows = order[start:start + batch_size]\n"
                           "        yield X[rows], y[rows]\n",
                    hint="same seed"),
            Mistake("np.array_split into ceil(N / B) pieces: near-equal sizes, not batch_size",
                    source="def iterate_minibatches(X, y, batch_size, rng):\n"
                           "    order = rng.permutation(len(X))\n"
                           "    for rows in np.array_split(order, -(-len(X) // batch_size)):\n"
                           "        yield X[rows], y[rows]\n",
                    hint="the batches hold"),
            Mistake("one step too many: an empty batch at the end",
                    source="def iterate_minibatches(X, y, batch_size, rng):\n"
                           "    order = rng.permutation(len(X))\n"
                           "    for start in range(0, len(X) + 1, batch_size):\n"
                           "        rows = order[start:start + batch_size]\n"
                           "        yield X[rows], y[rows]\n",
                    hint="never empty"),
            Mistake("delegates to the course library",
                    source="import nnlib.train\n\n"
                           "def iterate_minibatches(X, y, batch_size, rng):\n"
                           "    return nnlib.train.iterate_minibatches(X, y, batch_size, rng)\n",
                    hint="scores zero"),
        ],
        alternatives=[
            # np.array_split at the multiples of batch_size
            "def iterate_minibatches(X, y, batch_size, rng):\n"
            "    order = rng.permutation(len(X))\n"
            "    for rows in np.array_split(order, np.arange(batch_size, len(X), batch_size)):\n"
            "        yield X[rows], y[rows]\n",
            # rng.shuffle of an index array and a while loop
            "def iterate_minibatches(X, y, batch_size, rng):\n"
            "    indices = np.arange(len(X))\n"
            "    rng.shuffle(indices)\n"
            "    start = 0\n"
            "    while start < len(indices):\n"
            "        batch = indices[start:start + batch_size]\n"
            "        yield X[batch], y[batch]\n"
            "        start += batch_size\n",
            # shuffle copies of the data once, then slice; a list instead of a generator
            "def iterate_minibatches(X, y, batch_size, rng):\n"
            "    order = rng.permutation(len(X))\n"
            "    X_shuffled, y_shuffled = X[order], y[order]\n"
            "    return [(X_shuffled[i:i + batch_size], y_shuffled[i:i + batch_size])\n"
            "            for i in range(0, len(X), batch_size)]\n",
            # rng.permuted and math.ceil
            "import math\n\n"
            "def iterate_minibatches(X, y, batch_size, rng):\n"
            "    order = rng.permuted(np.arange(len(X)))\n"
            "    for k in range(math.ceil(len(X) / batch_size)):\n"
            "        rows = order[k * batch_size:(k + 1) * batch_size]\n"
            "        yield X[rows], y[rows]\n",
        ],
    ),
    Exercise(
        answer="train_epoch",
        tests=["train_epoch_visible", "train_epoch_hidden"],
        mistakes=[
            Mistake("returns the last batch's loss instead of the epoch's mean",
                    source="def train_epoch(model, X, y, lr, batch_size, rng):\n"
                           "    for X_batch, y_batch in iterate_minibatches(X, y, batch_size, rng):\n"
                           "        loss, dlogits = softmax_cross_entropy(model.forward(X_batch), y_batch)\n"
                           "        model.backward(dlogits)\n"
                           "        gd_step(model.params, model.grads, lr)\n"
                           "    return loss\n",
                    hint="last batch"),
            Mistake("returns the sum of the batch losses",
                    source="def train_epoch(model, X, y, lr, batch_size, rng):\n"
                           "    total = 0.0\n"
                           "    for X_batch, y_batch in iterate_minibatches(X, y, batch_size, rng):\n"
                           "        loss, dlogits = softmax_cross_entropy(model.forward(X_batch), y_batch)\n"
                           "        model.backward(dlogits)\n"
                           "        gd_step(model.params, model.grads, lr)\n"
                           "        total += loss\n"
                           "    return total\n",
                    hint="sum of the batch losses"),
            Mistake("ignores batch_size: one full-batch step per epoch",
                    source="def train_epoch(model, X, y, lr, batch_size, rng):\n"
                           "    loss, dlogits = softmax_cross_entropy(model.forward(X), y)\n"
                           "    model.backward(dlogits)\n"
                           "    gd_step(model.params, model.grads, lr)\n"
                           "    return loss\n",
                    hint="one update per mini-batch"),
            Mistake("its own update with the wrong sign",
                    source="def train_epoch(model, X, y, lr, batch_size, rng):\n"
                           "    total = 0.0\n"
                           "    for X_batch, y_batch in iterate_minibatches(X, y, batch_size, rng):\n"
                           "        loss, dlogits = softmax_cross_entropy(model.forward(X_batch), y_batch)\n"
                           "        model.backward(dlogits)\n"
                           "        for name in model.params:\n"
                           "            model.params[name] += lr * model.grads[name]\n"
                           "        total += loss * len(y_batch)\n"
                           "    return total / len(y)\n",
                    hint="wrong sign"),
            Mistake("steps before backward: every update uses the previous batch's (or zero) gradients",
                    source="def train_epoch(model, X, y, lr, batch_size, rng):\n"
                           "    total = 0.0\n"
                           "    for X_batch, y_batch in iterate_minibatches(X, y, batch_size, rng):\n"
                           "        loss, dlogits = softmax_cross_entropy(model.forward(X_batch), y_batch)\n"
                           "        gd_step(model.params, model.grads, lr)\n"
                           "        model.backward(dlogits)\n"
                           "        total += loss * len(y_batch)\n"
                           "    return total / len(y)\n",
                    hint="after model.backward"),
            Mistake("a new generator with a fixed seed: the same order every epoch",
                    source="def train_epoch(model, X, y, lr, batch_size, rng):\n"
                           "    total = 0.0\n"
                           "    for X_batch, y_batch in iterate_minibatches(X, y, batch_size, np.random.default_rng(0)):\n"
                           "        loss, dlogits = softmax_cross_entropy(model.forward(X_batch), y_batch)\n"
                           "        model.backward(dlogits)\n"
                           "        gd_step(model.params, model.grads, lr)\n"
                           "        total += loss * len(y_batch)\n"
                           "    return total / len(y)\n",
                    hint="same order"),
            Mistake("delegates the loop to nnlib.train.fit with its own optimizer",
                    source="import nnlib.train\n\n"
                           "class _Plain:\n"
                           "    def __init__(self, params, lr):\n"
                           "        self.params, self.lr = params, lr\n"
                           "    def step(self, grads):\n"
                           "        gd_step(self.params, grads, self.lr)\n\n"
                           "def train_epoch(model, X, y, lr, batch_size, rng):\n"
                           "    history = nnlib.train.fit(model, X, y, _Plain(model.params, lr), epochs=1,\n"
                           "                              batch_size=batch_size, rng=rng, progress=False)\n"
                           "    return history['loss'][0]\n",
                    hint="scores zero"),
        ],
        alternatives=[
            # the plain mean of the batch losses, with model(X) and a hand-written update
            "def train_epoch(model, X, y, lr, batch_size, rng):\n"
            "    losses = []\n"
            "    for X_batch, y_batch in iterate_minibatches(X, y, batch_size, rng):\n"
            "        logits = model(X_batch)\n"
            "        loss, dlogits = softmax_cross_entropy(logits, y_batch)\n"
            "        model.backward(dlogits)\n"
            "        for name in model.params:\n"
            "            model.params[name] -= lr * model.grads[name]\n"
            "        losses.append(loss)\n"
            "    return float(np.mean(losses))\n",
            # its own permutation and slicing, weighted sums in two lists
            "def train_epoch(model, X, y, lr, batch_size, rng):\n"
            "    order = rng.permutation(len(X))\n"
            "    losses, sizes = [], []\n"
            "    for start in range(0, len(X), batch_size):\n"
            "        rows = order[start:start + batch_size]\n"
            "        loss, dlogits = softmax_cross_entropy(model.forward(X[rows]), y[rows])\n"
            "        model.backward(dlogits)\n"
            "        gd_step(model.params, model.grads, lr)\n"
            "        losses.append(loss)\n"
            "        sizes.append(len(rows))\n"
            "    return np.dot(losses, sizes) / np.sum(sizes)\n",
        ],
    ),
    Exercise(
        answer="fit",
        tests=["fit_visible", "fit_hidden"],
        mistakes=[
            Mistake("a new generator every epoch: the same batches in the same order",
                    source="def fit(model, X, y, lr, epochs, batch_size, rng):\n"
                           "    history = {'loss': [], 'accuracy': []}\n"
                           "    for _ in range(epochs):\n"
                           "        loss = train_epoch(model, X, y, lr, batch_size, np.random.default_rng(0))\n"
                           "        history['loss'].append(loss)\n"
                           "        history['accuracy'].append(np.mean(model.predict(X) == y))\n"
                           "    return history\n",
                    hint="same batches"),
            Mistake("one epoch too few: range(1, epochs)",
                    source="def fit(model, X, y, lr, epochs, batch_size, rng):\n"
                           "    history = {'loss': [], 'accuracy': []}\n"
                           "    for _ in range(1, epochs):\n"
                           "        history['loss'].append(train_epoch(model, X, y, lr, batch_size, rng))\n"
                           "        history['accuracy'].append(np.mean(model.predict(X) == y))\n"
                           "    return history\n",
                    hint="entries for 4 epochs"),
            Mistake("measures the accuracy before the epoch's training",
                    source="def fit(model, X, y, lr, epochs, batch_size, rng):\n"
                           "    history = {'loss': [], 'accuracy': []}\n"
                           "    for _ in range(epochs):\n"
                           "        history['accuracy'].append(np.mean(model.predict(X) == y))\n"
                           "        history['loss'].append(train_epoch(model, X, y, lr, batch_size, rng))\n"
                           "    return history\n",
                    hint="after the epoch"),
            Mistake("accuracy in percent",
                    source="def fit(model, X, y, lr, epochs, batch_size, rng):\n"
                           "    history = {'loss': [], 'accuracy': []}\n"
                           "    for _ in range(epochs):\n"
                           "        history['loss'].append(train_epoch(model, X, y, lr, batch_size, rng))\n"
                           "        history['accuracy'].append(100 * np.mean(model.predict(X) == y))\n"
                           "    return history\n",
                    hint="as a fraction"),
            Mistake("returns the list of losses instead of the history dict",
                    source="def fit(model, X, y, lr, epochs, batch_size, rng):\n"
                           "    losses = []\n"
                           "    for _ in range(epochs):\n"
                           "        losses.append(train_epoch(model, X, y, lr, batch_size, rng))\n"
                           "    return losses\n",
                    hint="should return a dict"),
            Mistake("records the loss on the whole set after the epoch instead of train_epoch's value",
                    source="def fit(model, X, y, lr, epochs, batch_size, rng):\n"
                           "    history = {'loss': [], 'accuracy': []}\n"
                           "    for _ in range(epochs):\n"
                           "        train_epoch(model, X, y, lr, batch_size, rng)\n"
                           "        history['loss'].append(softmax_cross_entropy(model.forward(X), y)[0])\n"
                           "        history['accuracy'].append(np.mean(model.predict(X) == y))\n"
                           "    return history\n",
                    hint="mean of the epoch's"),
        ],
        alternatives=[
            # two lists, the accuracy from the argmax of the logits, the dict built at the end
            "def fit(model, X, y, lr, epochs, batch_size, rng):\n"
            "    losses, accuracies = [], []\n"
            "    epoch = 0\n"
            "    while epoch < epochs:\n"
            "        losses.append(float(train_epoch(model, X, y, lr, batch_size, rng)))\n"
            "        predicted = np.argmax(model.forward(X, train=False), axis=1)\n"
            "        accuracies.append(np.count_nonzero(predicted == y) / len(y))\n"
            "        epoch += 1\n"
            "    return dict(loss=losses, accuracy=accuracies)\n",
            # extra keys are fine
            "def fit(model, X, y, lr, epochs, batch_size, rng):\n"
            "    history = {'loss': [], 'accuracy': [], 'epoch': []}\n"
            "    for epoch in range(epochs):\n"
            "        history['loss'].append(train_epoch(model, X, y, lr, batch_size, rng))\n"
            "        history['accuracy'].append((model.predict(X) == y).mean())\n"
            "        history['epoch'].append(epoch + 1)\n"
            "    return history\n",
        ],
    ),
    Exercise(
        answer="chosen_lr",
        tests=["chosen_lr_visible", "chosen_lr_hidden"],
        mistakes=[
            Mistake("above the stability limit 2/λ_max: diverges",
                    source="chosen_lr = 0.25\n", hint="2/λ_max"),
            Mistake("exactly 2/λ_max: the steep direction bounces forever",
                    source="chosen_lr = 2 / np.linalg.eigvalsh(H).max()\n", hint="2/λ_max"),
            Mistake("the limit from the smallest curvature, 2/λ_min",
                    source="chosen_lr = 2 / np.linalg.eigvalsh(H).min()\n", hint="2/λ_max"),
            Mistake("far too small for the budget",
                    source="chosen_lr = 0.01\n", hint="too small"),
            Mistake("a negative learning rate (gradient ascent)",
                    source="chosen_lr = -0.1\n", hint="positive"),
            Mistake("a string instead of a number",
                    source="chosen_lr = '0.1'\n", hint="one number"),
        ],
        alternatives=[
            "chosen_lr = 0.1\n",
            # the best rate for a quadratic, 2 / (L + mu)
            "eigenvalues = np.linalg.eigvalsh(H)\n"
            "chosen_lr = 2 / (eigenvalues.min() + eigenvalues.max())\n",
            "chosen_lr = np.float32(0.15)\n",
            # a search over a log grid with a loop of one's own
            "def converges(lr):\n"
            "    w = w_start.copy()\n"
            "    for _ in range(step_budget):\n"
            "        w = w - lr * problem_gradient(w)\n"
            "    return problem_loss(w) < loss_target\n\n"
            "chosen_lr = next(lr for lr in [0.001, 0.003, 0.01, 0.03, 0.1, 0.3] if converges(lr))\n",
        ],
    ),
]
