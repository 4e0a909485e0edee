"""Grader quality of lesson 05: the mistakes students really make in a training loop must fail with the right hint,
and other correct implementations (other loops, other ways to shuffle, other ways to average) must pass.

Judgement calls, stated so that they can be argued with:
- gd_step updates the caller's dict: changing the arrays in place (`params[name] -= ...`, `params[name][...] = ...`)
  and storing new arrays under the same names (`params[name] = params[name] - ...`) both count, as the statement
  says (the caller's dict holds the new values, which is all an MLP reads); returning a new dict does not.
- train_epoch may return the epoch's loss weighted by batch size (the statement's formula) or the plain mean of the
  batch losses; they differ only through the last partial batch, and both are common practice.
- iterate_minibatches must yield batches of exactly batch_size samples with the remainder last: np.array_split into
  ceil(N / B) near-equal pieces gives other sizes (4, 3, 3 for N = 10, B = 4) and fails, as the statement says.
- chosen_lr passes for any η for which GD on the given problem reaches the target within the budget (about 0.067 to
  0.192); the test runs GD with the student's η rather than comparing with one value.
- Kinds of correct answer that do not apply: iterate_minibatches has no float32 version (it does no arithmetic,
  and its batches must hold X's rows as they are).
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
                    hint="does not change the caller's params"),
            Mistake("returns a new dict and leaves the caller's params as they were",
                    source="def gd_step(params, grads, lr):\n"
                           "    return {name: params[name] - lr * grads[name] for name in params}\n",
                    hint="does not change the caller's params"),
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
            Mistake("pairs params and grads by dict order (zip of the values)",
                    source="def gd_step(params, grads, lr):\n"
                           "    for p, g in zip(params.values(), grads.values()):\n"
                           "        p -= lr * g\n",
                    hint="paired params and grads by position"),
            Mistake("updates the weights only, not the biases",
                    source="def gd_step(params, grads, lr):\n"
                           "    for name in params:\n"
                           "        if name.startswith('W'):\n"
                           "            params[name] -= lr * grads[name]\n",
                    hint='left params["b"] unchanged'),
        ],
        alternatives=[
            # rebinding the dict entries: the dict itself holds the new arrays
            "def gd_step(params, grads, lr):\n"
            "    for name in list(params):\n"
            "        params[name] = params[name] - lr * grads[name]\n",
            # the other reading of "in place": the arrays themselves are overwritten, the dict keeps the same arrays
            "def gd_step(params, grads, lr):\n"
            "    for name in params:\n"
            "        params[name][...] = params[name] - lr * grads[name]\n",
            # numpy's out= argument, looping over the gradients, returning params as a convenience
            "def gd_step(params, grads, lr):\n"
            "    for name, grad in grads.items():\n"
            "        np.subtract(params[name], lr * grad, out=params[name])\n"
            "    return params\n",
            # dict.update with new arrays
            "def gd_step(params, grads, lr):\n"
            "    params.update({name: value - lr * grads[name] for name, value in params.items()})\n",
            # a progress bar over the parameters (tqdm writes to stderr)
            "from tqdm import tqdm\n\n"
            "def gd_step(params, grads, lr):\n"
            "    for name in tqdm(list(params)):\n"
            "        params[name] -= lr * grads[name]\n",
            # prints each update, and computes the step in float32
            "def gd_step(params, grads, lr):\n"
            "    for name in params:\n"
            "        step = np.float32(lr) * grads[name].astype(np.float32)\n"
            "        params[name] -= step\n"
            "        print(f'{name}: step of size {np.abs(step).max():.3g}')\n",
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
            Mistake("shuffles only inside fixed consecutive chunks",
                    source="def iterate_minibatches(X, y, batch_size, rng):\n"
                           "    for start in range(0, len(X), batch_size):\n"
                           "        rows = start + rng.permutation(min(batch_size, len(X) - start))\n"
                           "        yield X[rows], y[rows]\n",
                    hint="fixed groups of samples"),
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
            # a progress bar over the batches
            "from tqdm import tqdm\n\n"
            "def iterate_minibatches(X, y, batch_size, rng):\n"
            "    order = rng.permutation(len(X))\n"
            "    for start in tqdm(range(0, len(X), batch_size)):\n"
            "        rows = order[start:start + batch_size]\n"
            "        yield X[rows], y[rows]\n",
            # rng.choice without replacement, printing the batch sizes
            "def iterate_minibatches(X, y, batch_size, rng):\n"
            "    order = rng.choice(len(X), size=len(X), replace=False)\n"
            "    for start in range(0, len(X), batch_size):\n"
            "        rows = order[start:start + batch_size]\n"
            "        print('batch of', len(rows))\n"
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
            Mistake("passes the parameters instead of the gradients to the step",
                    source="def train_epoch(model, X, y, lr, batch_size, rng):\n"
                           "    total = 0.0\n"
                           "    for X_batch, y_batch in iterate_minibatches(X, y, batch_size, rng):\n"
                           "        loss, dlogits = softmax_cross_entropy(model.forward(X_batch), y_batch)\n"
                           "        model.backward(dlogits)\n"
                           "        gd_step(model.params, model.params, lr)\n"
                           "        total += loss * len(y_batch)\n"
                           "    return total / len(y)\n",
                    hint="parameters where their gradients belong"),
            Mistake("numpy's unseeded generator instead of the rng passed in",
                    source="def train_epoch(model, X, y, lr, batch_size, rng):\n"
                           "    total = 0.0\n"
                           "    for X_batch, y_batch in iterate_minibatches(X, y, batch_size, np.random.default_rng()):\n"
                           "        loss, dlogits = softmax_cross_entropy(model.forward(X_batch), y_batch)\n"
                           "        model.backward(dlogits)\n"
                           "        gd_step(model.params, model.grads, lr)\n"
                           "        total += loss * len(y_batch)\n"
                           "    return total / len(y)\n",
                    hint="same seed"),
            Mistake("shuffles X and y with two different permutations in its own loop",
                    source="def train_epoch(model, X, y, lr, batch_size, rng):\n"
                           "    X, y = X[rng.permutation(len(X))], y[rng.permutation(len(y))]\n"
                           "    total = 0.0\n"
                           "    for start in range(0, len(X), batch_size):\n"
                           "        X_batch, y_batch = X[start:start + batch_size], y[start:start + batch_size]\n"
                           "        loss, dlogits = softmax_cross_entropy(model.forward(X_batch), y_batch)\n"
                           "        model.backward(dlogits)\n"
                           "        gd_step(model.params, model.grads, lr)\n"
                           "        total += loss * len(y_batch)\n"
                           "    return total / len(y)\n",
                    hint="labels that are not theirs"),
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
            # a progress bar over the batches, and the weighted mean with np.average
            "from tqdm import tqdm\n\n"
            "def train_epoch(model, X, y, lr, batch_size, rng):\n"
            "    losses, sizes = [], []\n"
            "    for X_batch, y_batch in tqdm(list(iterate_minibatches(X, y, batch_size, rng))):\n"
            "        loss, dlogits = softmax_cross_entropy(model.forward(X_batch), y_batch)\n"
            "        model.backward(dlogits)\n"
            "        gd_step(model.params, model.grads, lr)\n"
            "        losses.append(loss)\n"
            "        sizes.append(len(y_batch))\n"
            "    return np.average(losses, weights=sizes)\n",
            # prints every batch's loss and returns a float32
            "def train_epoch(model, X, y, lr, batch_size, rng):\n"
            "    total = 0.0\n"
            "    for X_batch, y_batch in iterate_minibatches(X, y, batch_size, rng):\n"
            "        loss, dlogits = softmax_cross_entropy(model.forward(X_batch), y_batch)\n"
            "        print(f'batch loss {loss:.4f}')\n"
            "        model.backward(dlogits)\n"
            "        gd_step(model.params, model.grads, lr)\n"
            "        total += loss * len(y_batch)\n"
            "    return np.float32(total / len(y))\n",
            # a loop over the batch index, without the generator of exercise 2
            "def train_epoch(model, X, y, lr, batch_size, rng):\n"
            "    order = rng.permutation(len(X))\n"
            "    n_batches = -(-len(X) // batch_size)\n"
            "    total = 0.0\n"
            "    for k in range(n_batches):\n"
            "        rows = order[k * batch_size:(k + 1) * batch_size]\n"
            "        loss, dlogits = softmax_cross_entropy(model.forward(X[rows]), y[rows])\n"
            "        model.backward(dlogits)\n"
            "        for name, grad in model.grads.items():\n"
            "            model.params[name] -= lr * grad\n"
            "        total += loss * len(rows)\n"
            "    return total / len(X)\n",
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
                    hint="a percentage"),
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
            Mistake("a generator seeded by the epoch number: ignores the rng it is given",
                    source="def fit(model, X, y, lr, epochs, batch_size, rng):\n"
                           "    history = {'loss': [], 'accuracy': []}\n"
                           "    for epoch in range(epochs):\n"
                           "        loss = train_epoch(model, X, y, lr, batch_size, np.random.default_rng(epoch))\n"
                           "        history['loss'].append(loss)\n"
                           "        history['accuracy'].append(np.mean(model.predict(X) == y))\n"
                           "    return history\n",
                    hint="does not use the rng it is given"),
            Mistake("an unseeded generator: not reproducible",
                    source="def fit(model, X, y, lr, epochs, batch_size, rng):\n"
                           "    history = {'loss': [], 'accuracy': []}\n"
                           "    epoch_rng = np.random.default_rng()\n"
                           "    for epoch in range(epochs):\n"
                           "        history['loss'].append(train_epoch(model, X, y, lr, batch_size, epoch_rng))\n"
                           "        history['accuracy'].append(np.mean(model.predict(X) == y))\n"
                           "    return history\n",
                    hint="use only the rng you are given"),
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
            # a progress bar over the epochs, and a float32 accuracy
            "from tqdm import tqdm\n\n"
            "def fit(model, X, y, lr, epochs, batch_size, rng):\n"
            "    history = {'loss': [], 'accuracy': []}\n"
            "    for _ in tqdm(range(epochs)):\n"
            "        history['loss'].append(train_epoch(model, X, y, lr, batch_size, rng))\n"
            "        history['accuracy'].append(np.float32(np.mean(model.predict(X) == y)))\n"
            "    return history\n",
            # prints each epoch, accuracy with np.equal and np.count_nonzero
            "def fit(model, X, y, lr, epochs, batch_size, rng):\n"
            "    history = {'loss': [], 'accuracy': []}\n"
            "    for epoch in range(epochs):\n"
            "        loss = train_epoch(model, X, y, lr, batch_size, rng)\n"
            "        accuracy = np.count_nonzero(np.equal(model.predict(X), y)) / len(y)\n"
            "        print(f'epoch {epoch + 1}: loss {loss:.4f}, accuracy {accuracy:.1%}')\n"
            "        history['loss'].append(loss)\n"
            "        history['accuracy'].append(accuracy)\n"
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
            Mistake("λ_max read off the largest entry of H (5.5), not its eigenvalues: 2/5.5 diverges",
                    source="chosen_lr = 2 / H.max()\n", hint="2/λ_max"),
            Mistake("a list holding the rate",
                    source="chosen_lr = [0.1]\n", hint="one number"),
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
            # printed while choosing
            "chosen_lr = 0.12\n"
            "print('chosen learning rate:', chosen_lr)\n",
            # λ_max from another library function: the spectral norm of a symmetric positive definite H
            "chosen_lr = 1 / np.linalg.norm(H, ord=2)\n",
        ],
    ),
]


# Answers written without reading the tests (an independent author's, as students would hand them in),
# each run through the harness: correct ones must pass, wrong ones fail with the hint their message gives.
INDEPENDENT = [
    # written without reading the tests: params[name] -= lr * grads[name] for every name
    ('gd_step', ("import numpy as np\n"
                 "\n"
                 "def gd_step(params, grads, lr):\n"
                 "    for name in params:\n"
                 "        params[name] -= lr * grads[name]\n")),
    # written without reading the tests: np.subtract with out= on each array
    ('gd_step', ("import numpy as np\n"
                 "\n"
                 "def gd_step(params, grads, lr):\n"
                 "    for name, value in params.items():\n"
                 "        np.subtract(value, lr * grads[name], out=value)\n"
                 "    return None\n")),
    # written without reading the tests: writes into the existing arrays with [...] =
    ('gd_step', ("import numpy as np\n"
                 "\n"
                 "def gd_step(params, grads, lr):\n"
                 "    for name, g in grads.items():\n"
                 "        p = params[name]\n"
                 "        p[...] = p - lr * g\n")),
    # written without reading the tests
    ('gd_step', Mistake('returns a new dict, leaves params unchanged',
                 source=("import numpy as np\n"
                         "\n"
                         "def gd_step(params, grads, lr):\n"
                         "    return {name: params[name] - lr * grads[name] for name in params}\n"),
                 hint='gd_step left params["W"] unchanged.')),
    # written without reading the tests
    ('gd_step', Mistake('rebinds the loop variable p = p - lr * g (no effect on params)',
                 source=("import numpy as np\n"
                         "\n"
                         "def gd_step(params, grads, lr):\n"
                         "    for p, g in zip(params.values(), grads.values()):\n"
                         "        p = p - lr * g\n"),
                 hint='gd_step left params["W"] unchanged.')),
    # written without reading the tests
    ('gd_step', Mistake('adds the gradient (gradient ascent)',
                 source=("import numpy as np\n"
                         "\n"
                         "def gd_step(params, grads, lr):\n"
                         "    for name in params:\n"
                         "        params[name] += lr * grads[name]\n"),
                 hint='It has the wrong sign everywhere')),
    # written without reading the tests
    ('gd_step', Mistake('scales the gradients in place (grads[name] *= lr) before subtracting',
                 source=("import numpy as np\n"
                         "\n"
                         "def gd_step(params, grads, lr):\n"
                         "    for name in params:\n"
                         "        grads[name] *= lr\n"
                         "        params[name] -= grads[name]\n"),
                 hint='gd_step changed grads["W"].')),
    # written without reading the tests: rng.permutation, consecutive slices of the order
    ('iterate_minibatches', ("import numpy as np\n"
                             "\n"
                             "def iterate_minibatches(X, y, batch_size, rng):\n"
                             "    N = len(X)\n"
                             "    order = rng.permutation(N)\n"
                             "    for start in range(0, N, batch_size):\n"
                             "        rows = order[start:start + batch_size]\n"
                             "        yield X[rows], y[rows]\n")),
    # written without reading the tests: rng.shuffle of an index array, while loop
    ('iterate_minibatches', ("import numpy as np\n"
                             "\n"
                             "def iterate_minibatches(X, y, batch_size, rng):\n"
                             "    indices = np.arange(X.shape[0])\n"
                             "    rng.shuffle(indices)\n"
                             "    start = 0\n"
                             "    while start < len(indices):\n"
                             "        batch = indices[start:start + batch_size]\n"
                             "        yield X[batch], y[batch]\n"
                             "        start += batch_size\n")),
    # written without reading the tests: precomputes the list of index chunks, then yields from it
    ('iterate_minibatches', ("import math\n"
                             "import numpy as np\n"
                             "\n"
                             "def iterate_minibatches(X, y, batch_size, rng):\n"
                             "    N = X.shape[0]\n"
                             "    perm = rng.permutation(N)\n"
                             "    n_batches = math.ceil(N / batch_size)\n"
                             "    chunks = [perm[k * batch_size:(k + 1) * batch_size] for k in range(n_batches)]\n"
                             "    for chunk in chunks:\n"
                             "        yield X[chunk], y[chunk]\n")),
    # written without reading the tests
    ('iterate_minibatches', Mistake('uses the global np.random.permutation instead of the rng passed in',
                 source=("import numpy as np\n"
                         "\n"
                         "def iterate_minibatches(X, y, batch_size, rng):\n"
                         "    N = len(X)\n"
                         "    order = np.random.permutation(N)\n"
                         "    for start in range(0, N, batch_size):\n"
                         "        rows = order[start:start + batch_size]\n"
                         "        yield X[rows], y[rows]\n"),
                 hint='two generators with the same seed gave different batches')),
    # written without reading the tests
    ('iterate_minibatches', Mistake('range(0, N + 1, B): an empty last batch when B divides N',
                 source=("import numpy as np\n"
                         "\n"
                         "def iterate_minibatches(X, y, batch_size, rng):\n"
                         "    N = len(X)\n"
                         "    order = rng.permutation(N)\n"
                         "    for start in range(0, N + 1, batch_size):\n"
                         "        rows = order[start:start + batch_size]\n"
                         "        yield X[rows], y[rows]\n"),
                 hint='batches of batch_size samples in order, the last one with th')),
    # written without reading the tests
    ('iterate_minibatches', Mistake('draws indices with replacement (rng.integers)',
                 source=("import numpy as np\n"
                         "\n"
                         "def iterate_minibatches(X, y, batch_size, rng):\n"
                         "    N = len(X)\n"
                         "    order = rng.integers(0, N, size=N)\n"
                         "    for start in range(0, N, batch_size):\n"
                         "        rows = order[start:start + batch_size]\n"
                         "        yield X[rows], y[rows]\n"),
                 hint='some samples are repeated (and others missing)')),
    # written without reading the tests
    ('iterate_minibatches', Mistake('shuffles copies of X and y separately (pairs broken)',
                 source=("import numpy as np\n"
                         "\n"
                         "def iterate_minibatches(X, y, batch_size, rng):\n"
                         "    Xs, ys = X.copy(), y.copy()\n"
                         "    rng.shuffle(Xs)\n"
                         "    rng.shuffle(ys)\n"
                         "    for start in range(0, len(Xs), batch_size):\n"
                         "        yield Xs[start:start + batch_size], ys[start:start + batch_size]\n"),
                 hint='X and y were shuffled with different orders, so samples lost')),
    # written without reading the tests: loss weighted by batch size, divided by N
    ('train_epoch', ("import numpy as np\n"
                     "\n"
                     "def train_epoch(model, X, y, lr, batch_size, rng):\n"
                     "    total = 0.0\n"
                     "    for X_batch, y_batch in iterate_minibatches(X, y, batch_size, rng):\n"
                     "        logits = model.forward(X_batch)\n"
                     "        loss, dlogits = softmax_cross_entropy(logits, y_batch)\n"
                     "        model.backward(dlogits)\n"
                     "        gd_step(model.params, model.grads, lr)\n"
                     "        total += loss * len(y_batch)\n"
                     "    return float(total / len(y))\n")),
    # written without reading the tests: plain mean of the batch losses (accepted by the statement)
    ('train_epoch', ("import numpy as np\n"
                     "\n"
                     "def train_epoch(model, X, y, lr, batch_size, rng):\n"
                     "    batch_losses = []\n"
                     "    for X_batch, y_batch in iterate_minibatches(X, y, batch_size, rng):\n"
                     "        loss, dlogits = softmax_cross_entropy(model.forward(X_batch), y_batch)\n"
                     "        model.backward(dlogits)\n"
                     "        gd_step(model.params, model.grads, lr)\n"
                     "        batch_losses.append(loss)\n"
                     "    return float(np.mean(batch_losses))\n")),
    # written without reading the tests: tqdm over the batches, weighted mean via np.average
    ('train_epoch', ("import numpy as np\n"
                     "from tqdm.auto import tqdm\n"
                     "\n"
                     "def train_epoch(model, X, y, lr, batch_size, rng):\n"
                     "    losses, sizes = [], []\n"
                     '    for X_batch, y_batch in tqdm(iterate_minibatches(X, y, batch_size, rng), desc="epoch", leave=False):\n'
                     "        logits = model.forward(X_batch)\n"
                     "        loss, dlogits = softmax_cross_entropy(logits, y_batch)\n"
                     "        model.backward(dlogits)\n"
                     "        gd_step(model.params, model.grads, lr)\n"
                     "        losses.append(loss)\n"
                     "        sizes.append(len(X_batch))\n"
                     "    return float(np.average(losses, weights=sizes))\n")),
    # written without reading the tests
    ('train_epoch', Mistake('returns the loss of the last batch only',
                 source=("import numpy as np\n"
                         "\n"
                         "def train_epoch(model, X, y, lr, batch_size, rng):\n"
                         "    loss = None\n"
                         "    for X_batch, y_batch in iterate_minibatches(X, y, batch_size, rng):\n"
                         "        loss, dlogits = softmax_cross_entropy(model.forward(X_batch), y_batch)\n"
                         "        model.backward(dlogits)\n"
                         "        gd_step(model.params, model.grads, lr)\n"
                         "    return float(loss)\n"),
                 hint='That is the loss of the last batch only')),
    # written without reading the tests
    ('train_epoch', Mistake('makes its own generator (np.random.default_rng(0)) instead of using rng',
                 source=("import numpy as np\n"
                         "\n"
                         "def train_epoch(model, X, y, lr, batch_size, rng):\n"
                         "    total = 0.0\n"
                         "    epoch_rng = np.random.default_rng(0)\n"
                         "    for X_batch, y_batch in iterate_minibatches(X, y, batch_size, epoch_rng):\n"
                         "        loss, dlogits = softmax_cross_entropy(model.forward(X_batch), y_batch)\n"
                         "        model.backward(dlogits)\n"
                         "        gd_step(model.params, model.grads, lr)\n"
                         "        total += loss * len(y_batch)\n"
                         "    return total / len(y)\n"),
                 hint='two epochs with the same generator trained on the batches in')),
    # written without reading the tests
    ('train_epoch', Mistake("calls gd_step before model.backward (steps with the previous batch's gradients)",
                 source=("import numpy as np\n"
                         "\n"
                         "def train_epoch(model, X, y, lr, batch_size, rng):\n"
                         "    total = 0.0\n"
                         "    for X_batch, y_batch in iterate_minibatches(X, y, batch_size, rng):\n"
                         "        loss, dlogits = softmax_cross_entropy(model.forward(X_batch), y_batch)\n"
                         "        gd_step(model.params, model.grads, lr)\n"
                         "        model.backward(dlogits)\n"
                         "        total += loss * len(y_batch)\n"
                         "    return total / len(y)\n"),
                 hint='after model.backward(dlogits), update with gd_step(model.par')),
    # written without reading the tests
    ('train_epoch', Mistake('returns the sum of the batch losses, not their mean',
                 source=("import numpy as np\n"
                         "\n"
                         "def train_epoch(model, X, y, lr, batch_size, rng):\n"
                         "    total = 0.0\n"
                         "    for X_batch, y_batch in iterate_minibatches(X, y, batch_size, rng):\n"
                         "        loss, dlogits = softmax_cross_entropy(model.forward(X_batch), y_batch)\n"
                         "        model.backward(dlogits)\n"
                         "        gd_step(model.params, model.grads, lr)\n"
                         "        total += loss\n"
                         "    return total\n"),
                 hint='That is the sum of the batch losses, not their mean')),
    # written without reading the tests: loop over epochs, accuracy with model.predict after each epoch
    ('fit', ("import numpy as np\n"
             "\n"
             "def fit(model, X, y, lr, epochs, batch_size, rng):\n"
             '    history = {"loss": [], "accuracy": []}\n'
             "    for _ in range(epochs):\n"
             "        loss = train_epoch(model, X, y, lr, batch_size, rng)\n"
             '        history["loss"].append(loss)\n'
             '        history["accuracy"].append(float(np.mean(model.predict(X) == y)))\n'
             "    return history\n")),
    # written without reading the tests: accuracy from the argmax of model.forward(X), prints every 10 epochs
    ('fit', ("import numpy as np\n"
             "\n"
             "def fit(model, X, y, lr, epochs, batch_size, rng):\n"
             "    losses, accuracies = [], []\n"
             "    for epoch in range(epochs):\n"
             "        epoch_loss = train_epoch(model, X, y, lr, batch_size, rng)\n"
             "        predicted = np.argmax(model.forward(X, train=False), axis=1)\n"
             "        accuracies.append(np.mean(predicted == y))\n"
             "        losses.append(epoch_loss)\n"
             "        if epoch % 10 == 0:\n"
             '            print(f"epoch {epoch}: loss {epoch_loss:.4f}, accuracy {accuracies[-1]:.2%}")\n'
             '    return {"loss": losses, "accuracy": accuracies}\n')),
    # written without reading the tests: tqdm over the epochs
    ('fit', ("import numpy as np\n"
             "from tqdm.auto import tqdm\n"
             "\n"
             "def fit(model, X, y, lr, epochs, batch_size, rng):\n"
             '    history = {"loss": [], "accuracy": []}\n'
             '    for epoch in tqdm(range(epochs), desc="fit", leave=False):\n'
             '        history["loss"].append(train_epoch(model, X, y, lr, batch_size, rng))\n'
             "        correct = (model.predict(X) == y).sum()\n"
             '        history["accuracy"].append(correct / len(y))\n'
             "    return history\n")),
    # written without reading the tests
    ('fit', Mistake("measures the accuracy before the epoch's training",
                 source=("import numpy as np\n"
                         "\n"
                         "def fit(model, X, y, lr, epochs, batch_size, rng):\n"
                         '    history = {"loss": [], "accuracy": []}\n'
                         "    for _ in range(epochs):\n"
                         '        history["accuracy"].append(float(np.mean(model.predict(X) == y)))\n'
                         '        history["loss"].append(train_epoch(model, X, y, lr, batch_size, rng))\n'
                         "    return history\n"),
                 hint="measure after the epoch's training, as a fraction: np.mean(m")),
    # written without reading the tests
    ('fit', Mistake('creates a new generator with seed 0 every epoch (same order each epoch)',
                 source=("import numpy as np\n"
                         "\n"
                         "def fit(model, X, y, lr, epochs, batch_size, rng):\n"
                         '    history = {"loss": [], "accuracy": []}\n'
                         "    for _ in range(epochs):\n"
                         "        loss = train_epoch(model, X, y, lr, batch_size, np.random.default_rng(0))\n"
                         '        history["loss"].append(loss)\n'
                         '        history["accuracy"].append(np.mean(model.predict(X) == y))\n'
                         "    return history\n"),
                 hint='every epoch trained on the same batches in the same order')),
    # written without reading the tests
    ('fit', Mistake('accuracy stored as a percentage',
                 source=("import numpy as np\n"
                         "\n"
                         "def fit(model, X, y, lr, epochs, batch_size, rng):\n"
                         '    history = {"loss": [], "accuracy": []}\n'
                         "    for _ in range(epochs):\n"
                         '        history["loss"].append(train_epoch(model, X, y, lr, batch_size, rng))\n'
                         '        history["accuracy"].append(100.0 * np.mean(model.predict(X) == y))\n'
                         "    return history\n"),
                 hint='store the fraction, np.mean(model.predict(X) == y), between')),
    # written without reading the tests
    ('fit', Mistake("history['loss'] holds the full-data loss after the epoch, not train_epoch's value",
                 source=("import numpy as np\n"
                         "\n"
                         "def fit(model, X, y, lr, epochs, batch_size, rng):\n"
                         '    history = {"loss": [], "accuracy": []}\n'
                         "    for _ in range(epochs):\n"
                         "        train_epoch(model, X, y, lr, batch_size, rng)\n"
                         "        loss, _ = softmax_cross_entropy(model.forward(X), y)\n"
                         '        history["loss"].append(float(loss))\n'
                         '        history["accuracy"].append(float(np.mean(model.predict(X) == y)))\n'
                         "    return history\n"),
                 hint='history["loss"][e] is the value train_epoch returned for epo')),
    # written without reading the tests: eta = 1 / lambda_max from np.linalg.eigvalsh
    ('chosen_lr', ("import numpy as np\n"
                   "\n"
                   "eigenvalues = np.linalg.eigvalsh(H)      # [1, 10]\n"
                   "chosen_lr = 1.0 / eigenvalues.max()      # 0.1, well below 2 / lambda_max = 0.2\n")),
    # written without reading the tests: eta = 2 / (lambda_min + lambda_max)
    ('chosen_lr', ("import numpy as np\n"
                   "\n"
                   "lam = np.linalg.eigvalsh(H)\n"
                   "chosen_lr = float(2 / (lam[0] + lam[-1]))\n"
                   "print(chosen_lr)\n")),
    # written without reading the tests: tries a grid of rates with a loop and keeps the fastest
    ('chosen_lr', ("import numpy as np\n"
                   "\n"
                   "best_lr, best_steps = None, None\n"
                   "for lr in [0.01, 0.03, 0.05, 0.1, 0.15, 0.18, 0.25]:\n"
                   "    w = w_start.copy()\n"
                   "    steps = None\n"
                   "    for step in range(step_budget + 1):\n"
                   "        if problem_loss(w) < loss_target:\n"
                   "            steps = step\n"
                   "            break\n"
                   "        w = w - lr * problem_gradient(w)\n"
                   "    print(lr, steps)\n"
                   "    if steps is not None and (best_steps is None or steps < best_steps):\n"
                   "        best_lr, best_steps = lr, steps\n"
                   "chosen_lr = best_lr\n")),
    # written without reading the tests
    ('chosen_lr', Mistake('0.25: above the stability limit 2/lambda_max = 0.2',
                 source=("chosen_lr = 0.25\n"),
                 hint='λ_max is the LARGEST eigenvalue of H (the steepest direction')),
    # written without reading the tests
    ('chosen_lr', Mistake('exactly 2/lambda_max = 0.2: the steep component bounces forever',
                 source=("import numpy as np\n"
                         "\n"
                         "chosen_lr = 2 / np.linalg.eigvalsh(H).max()\n"),
                 hint='λ_max is the LARGEST eigenvalue of H (the steepest direction')),
    # written without reading the tests
    ('chosen_lr', Mistake('0.05: stable but too slow for 100 steps',
                 source=("chosen_lr = 0.05\n"),
                 hint='take a larger η, still below 2/λ_max, where λ_max is the lar')),
    # written without reading the tests
    ('chosen_lr', Mistake('uses the smallest eigenvalue: 2 / lambda_min = 2.0',
                 source=("import numpy as np\n"
                         "\n"
                         "chosen_lr = 2 / np.linalg.eigvalsh(H).min()\n"),
                 hint='λ_max is the LARGEST eigenvalue of H (the steepest direction')),
]
for _answer, _case in INDEPENDENT:
    _exercise = next(exercise for exercise in EXERCISES if exercise.answer == _answer)
    (_exercise.alternatives if isinstance(_case, str) else _exercise.mistakes).append(_case)
