"""Grader quality of lesson 09 (capstone): the mistakes students really make when they evaluate, count confusions,
write a training loop with early stopping and hand in a classifier must fail with the right hint; other correct
implementations (other loops, other ways to count, other configurations) must pass.

Judgement calls, stated so that they can be argued with:
- What must be the student's own code: evaluate, confusion_matrix and the training loop (shuffling, batches,
  early stopping, restoring). The building blocks (MLP, the optimizers and schedules of nnlib.optim,
  softmax_cross_entropy, initializers, regularizers, nnlib.data.standardize) may be used everywhere; anything from
  nnlib.train (fit, EarlyStopping, iterate_minibatches, confusion_matrix, accuracy) called from a graded function is
  reported as delegation and scores zero.
- evaluate must run in eval mode: the tests use a network with dropout, where train mode changes the loss.
- confusion_matrix may return floats (np.histogram2d) as long as the counts are right; rows must be the true class.
- train_with_early_stopping: "improved" means strictly lower than the best validation loss so far; training stops
  when `patience` epochs in a row brought no improvement; the mean training loss of an epoch is only checked to be a
  positive number per epoch (weighted or plain mean of the batch losses both pass). The tests record, through an MLP
  subclass, every training batch and every eval-mode forward on X_val, so they check the validation losses the
  student recorded against the true ones, whatever order the student's rng produced. The stopping scenario uses 30 %
  random training labels so that the validation loss clearly rises (a clean small set only plateaus, and a plateau
  makes the stopping epoch depend on noise).
- train_digits is graded on held-out test digits the function never receives: another split than the lesson's
  (visible, seed 3, so that re-running it never shows the lesson's test set), and two other splits with the 64
  pixels in another fixed order and the 10 classes renamed (hidden), one of them in float32.
  A network is indifferent to both; a function that loads the digits itself or memorized test images is not, and a
  profiler check names load_digits explicitly. The consequence, stated in the exercise: image-specific tricks
  (shifting images, convolutions) that assume the pixel order are not allowed. The time limit is 5 s per training run
  (the solution needs about 0.2 s), with the threshold 95 % (the solution reaches 98 to 99 %).
- Not defended: a student who digs the test split out of the grader's memory while train_digits runs (stack frames,
  gc). That needs deliberate code that anyone reading the notebook sees at once.
"""
from tests.grading.quality import Exercise, Mistake

LESSON = "09_capstone"

EVALUATE = "def evaluate(model, X, y):\n"

EXERCISES = [
    Exercise(
        answer="evaluate",
        tests=["evaluate_visible", "evaluate_hidden"],
        mistakes=[
            Mistake("runs the network in train mode: dropout stays on",
                    source=EVALUATE +
                    "    logits = model.forward(X)\n"
                    "    loss, _ = softmax_cross_entropy(logits, y)\n"
                    "    return loss, np.mean(np.argmax(logits, axis=1) == y)\n",
                    hint="train=False"),
            Mistake("accuracy as a percentage",
                    source=EVALUATE +
                    "    logits = model.forward(X, train=False)\n"
                    "    loss, _ = softmax_cross_entropy(logits, y)\n"
                    "    return loss, 100 * np.mean(np.argmax(logits, axis=1) == y)\n",
                    hint="not a percentage"),
            Mistake("the summed loss instead of the mean",
                    source=EVALUATE +
                    "    logits = model.forward(X, train=False)\n"
                    "    loss, _ = softmax_cross_entropy(logits, y)\n"
                    "    return loss * len(y), np.mean(np.argmax(logits, axis=1) == y)\n",
                    hint="batch size"),
            Mistake("argmax over the samples (axis=0) instead of the classes",
                    source=EVALUATE +
                    "    logits = model.forward(X, train=False)\n"
                    "    loss, _ = softmax_cross_entropy(logits, y)\n"
                    "    return loss, np.mean(np.argmax(logits, axis=0) == y)\n",
                    hint="broadcast"),
            Mistake("returns (accuracy, loss), the wrong order",
                    source=EVALUATE +
                    "    logits = model.forward(X, train=False)\n"
                    "    loss, _ = softmax_cross_entropy(logits, y)\n"
                    "    return np.mean(np.argmax(logits, axis=1) == y), loss\n",
                    hint="the loss returned by evaluate"),
            Mistake("delegates the accuracy to the course library",
                    source="import nnlib.train\n\n" + EVALUATE +
                    "    logits = model.forward(X, train=False)\n"
                    "    return softmax_cross_entropy(logits, y)[0], nnlib.train.accuracy(logits, y)\n",
                    hint="reference implementation"),
        ],
        alternatives=[
            # model.predict for the accuracy, numpy floats returned as they come
            EVALUATE +
            "    loss = softmax_cross_entropy(model.forward(X, train=False), y)[0]\n"
            "    return loss, np.mean(model.predict(X) == y)\n",
            # the cross-entropy written out with a stable log-softmax; a count divided by N; a list
            EVALUATE +
            "    logits = model.forward(X, train=False)\n"
            "    shifted = logits - logits.max(axis=1, keepdims=True)\n"
            "    log_probs = shifted - np.log(np.exp(shifted).sum(axis=1, keepdims=True))\n"
            "    loss = -log_probs[np.arange(len(y)), y].mean()\n"
            "    correct = 0\n"
            "    for row, label in zip(logits, y):\n"
            "        correct += int(np.argmax(row) == label)\n"
            "    return [loss, correct / len(y)]\n",
        ],
    ),
    Exercise(
        answer="confusion_matrix",
        tests=["confusion_matrix_visible", "confusion_matrix_hidden"],
        mistakes=[
            Mistake("rows = predicted class: the transpose",
                    source="def confusion_matrix(y_true, y_pred, n_classes):\n"
                           "    C = np.zeros((n_classes, n_classes), dtype=int)\n"
                           "    np.add.at(C, (y_pred, y_true), 1)\n"
                           "    return C\n",
                    hint="transpose"),
            Mistake("C[y_true, y_pred] += 1 counts a repeated pair once",
                    source="def confusion_matrix(y_true, y_pred, n_classes):\n"
                           "    C = np.zeros((n_classes, n_classes), dtype=int)\n"
                           "    C[y_true, y_pred] += 1\n"
                           "    return C\n",
                    hint="np.add.at"),
            Mistake("the size taken from the labels, not n_classes",
                    source="def confusion_matrix(y_true, y_pred, n_classes):\n"
                           "    K = max(y_true.max(), y_pred.max()) + 1\n"
                           "    C = np.zeros((K, K), dtype=int)\n"
                           "    np.add.at(C, (y_true, y_pred), 1)\n"
                           "    return C\n",
                    hint="never occurs"),
            Mistake("rows normalized to fractions instead of counts",
                    source="def confusion_matrix(y_true, y_pred, n_classes):\n"
                           "    C = np.zeros((n_classes, n_classes))\n"
                           "    np.add.at(C, (y_true, y_pred), 1)\n"
                           "    return C / np.maximum(C.sum(axis=1, keepdims=True), 1)\n",
                    hint="counts the samples"),
            Mistake("delegates to the course library",
                    source="import nnlib.train\n\n"
                           "def confusion_matrix(y_true, y_pred, n_classes):\n"
                           "    return nnlib.train.confusion_matrix(y_true, y_pred, n_classes)\n",
                    hint="reference implementation"),
        ],
        alternatives=[
            # a loop over the samples
            "def confusion_matrix(y_true, y_pred, n_classes):\n"
            "    C = np.zeros((n_classes, n_classes), dtype=int)\n"
            "    for t, p in zip(y_true, y_pred):\n"
            "        C[t, p] += 1\n"
            "    return C\n",
            # one bincount over the flattened index i * K + j
            "def confusion_matrix(y_true, y_pred, n_classes):\n"
            "    flat = n_classes * np.asarray(y_true, dtype=np.int64) + np.asarray(y_pred, dtype=np.int64)\n"
            "    return np.bincount(flat, minlength=n_classes * n_classes).reshape(n_classes, n_classes)\n",
            # comparisons per pair of classes, as a nested list
            "def confusion_matrix(y_true, y_pred, n_classes):\n"
            "    return np.array([[np.sum((y_true == i) & (y_pred == j)) for j in range(n_classes)]\n"
            "                     for i in range(n_classes)])\n",
            # a 2-D histogram: float counts
            "def confusion_matrix(y_true, y_pred, n_classes):\n"
            "    edges = np.arange(n_classes + 1) - 0.5\n"
            "    return np.histogram2d(y_true, y_pred, bins=[edges, edges])[0]\n",
        ],
    ),
]

TRAIN_HEAD = ("def train_with_early_stopping(model, optimizer, X_train, y_train, X_val, y_val, epochs, batch_size,\n"
              "                              patience, rng, scheduler=None):\n")


def _loop(order="rng.permutation(N)", X="X_train", y="y_train", evaluation="evaluate(model, X_val, y_val)",
          improved="val_loss < best_loss", keep="{name: value.copy() for name, value in model.params.items()}",
          on_improve="", stop="waited >= patience", restore=True, schedule=True):
    """A training loop like the solution's, with one piece replaced: the mistakes below differ in that piece only."""
    restore_code = ("    if best_params is not None:\n"
                    "        for name, value in best_params.items():\n"
                    "            model.params[name][...] = value\n") if restore else ""
    schedule_code = ("        if scheduler is not None:\n"
                     "            scheduler.step()\n") if schedule else ""
    return (TRAIN_HEAD +
            "    history = {'loss': [], 'val_loss': [], 'val_accuracy': []}\n"
            "    best_loss, best_params, waited = np.inf, None, 0\n"
            f"    X_all, y_all = {X}, {y}\n"
            "    N = len(X_all)\n"
            "    for epoch in range(epochs):\n"
            f"        order = {order}\n"
            "        total = 0.0\n"
            "        for start in range(0, N, batch_size):\n"
            "            rows = order[start:start + batch_size]\n"
            "            loss, dlogits = softmax_cross_entropy(model.forward(X_all[rows]), y_all[rows])\n"
            "            model.backward(dlogits)\n"
            "            optimizer.step(model.grads)\n"
            "            total += loss * len(rows)\n"
            + schedule_code +
            f"        val_loss, val_accuracy = {evaluation}\n"
            "        history['loss'].append(total / N)\n"
            "        history['val_loss'].append(val_loss)\n"
            "        history['val_accuracy'].append(val_accuracy)\n"
            f"        if {improved}:\n"
            f"            best_loss, waited, best_params = val_loss, 0, {keep}\n"
            "        else:\n"
            "            waited += 1\n"
            f"        {on_improve}\n"
            f"        if {stop}:\n"
            "            break\n"
            + restore_code +
            "    return history\n")


EXERCISES.append(Exercise(
    answer="train_with_early_stopping",
    tests=["train_with_early_stopping_visible", "train_with_early_stopping_hidden"],
    mistakes=[
        Mistake("returns the last epoch's parameters (no restore)", source=_loop(restore=False),
                hint="copy of every parameter"),
        Mistake("keeps dict(model.params): the same arrays, which the optimizer keeps changing",
                source=_loop(keep="dict(model.params)"), hint="copy of every parameter"),
        Mistake("no shuffling: the same order every epoch", source=_loop(order="np.arange(N)"),
                hint="not shuffled"),
        Mistake("early stopping watches the training set", source=_loop(evaluation="evaluate(model, X_train, y_train)"),
                hint="never evaluated on X_val"),
        Mistake("the validation loss in train mode",
                source=_loop(evaluation="(softmax_cross_entropy(model.forward(X_val), y_val)[0], "
                                        "np.mean(model.forward(X_val).argmax(axis=1) == y_val))"),
                hint="eval mode"),
        Mistake("stops at the first epoch without improvement (patience ignored)", source=_loop(stop="waited >= 1"),
                hint="patience"),
        Mistake("compares with the previous epoch instead of the best so far",
                source=_loop(improved="val_loss < best_loss", on_improve="best_loss = val_loss"),
                hint="patience"),
        Mistake("trains on the training and the validation set together",
                source=_loop(X="np.concatenate([X_train, X_val])", y="np.concatenate([y_train, y_val])"),
                hint="not rows of X_train"),
        Mistake("forgets the scheduler", source=_loop(schedule=False), hint="scheduler.step()"),
        Mistake("numpy's global generator instead of the rng passed in", source=_loop(order="np.random.permutation(N)"),
                hint="use only the rng"),
        Mistake("delegates to the course library's fit and EarlyStopping",
                source="import nnlib.train\n\n" + TRAIN_HEAD +
                "    history = nnlib.train.fit(model, X_train, y_train, optimizer, epochs=epochs,\n"
                "                              batch_size=batch_size, X_val=X_val, y_val=y_val, rng=rng,\n"
                "                              early_stopping=nnlib.train.EarlyStopping(patience=patience),\n"
                "                              scheduler=scheduler, progress=False)\n"
                "    return {key: history[key] for key in ('loss', 'val_loss', 'val_accuracy')}\n",
                hint="reference implementation"),
    ],
    alternatives=[
        # the best epoch's index instead of a counter; rng.shuffle of an index array; deepcopy; np.copyto; the plain
        # mean of the batch losses; the validation numbers computed inline
        "import copy\n\n" + TRAIN_HEAD +
        "    history = {'loss': [], 'val_loss': [], 'val_accuracy': []}\n"
        "    best_epoch, best = -1, None\n"
        "    indices = np.arange(len(X_train))\n"
        "    for epoch in range(epochs):\n"
        "        rng.shuffle(indices)\n"
        "        losses = []\n"
        "        for batch in np.array_split(indices, range(batch_size, len(indices), batch_size)):\n"
        "            loss, dlogits = softmax_cross_entropy(model.forward(X_train[batch]), y_train[batch])\n"
        "            model.backward(dlogits)\n"
        "            optimizer.step(model.grads)\n"
        "            losses.append(loss)\n"
        "        if scheduler:\n"
        "            scheduler.step()\n"
        "        logits = model.forward(X_val, train=False)\n"
        "        history['loss'].append(float(np.mean(losses)))\n"
        "        history['val_loss'].append(softmax_cross_entropy(logits, y_val)[0])\n"
        "        history['val_accuracy'].append(np.mean(logits.argmax(axis=1) == y_val))\n"
        "        if best is None or history['val_loss'][-1] < history['val_loss'][best_epoch]:\n"
        "            best_epoch, best = epoch, copy.deepcopy(model.params)\n"
        "        elif epoch - best_epoch >= patience:\n"
        "            break\n"
        "    for name in best:\n"
        "        np.copyto(model.params[name], best[name])\n"
        "    return history\n",
        # a while loop; stop when the minimum lies `patience` entries back; restore by replacing the dict's entries
        TRAIN_HEAD +
        "    history = {'loss': [], 'val_loss': [], 'val_accuracy': []}\n"
        "    snapshots = {}\n"
        "    epoch = 0\n"
        "    while epoch < epochs:\n"
        "        order = rng.permutation(len(y_train))\n"
        "        total = 0.0\n"
        "        for start in range(0, len(order), batch_size):\n"
        "            rows = order[start:start + batch_size]\n"
        "            loss, dlogits = softmax_cross_entropy(model.forward(X_train[rows]), y_train[rows])\n"
        "            model.backward(dlogits)\n"
        "            optimizer.step(model.grads)\n"
        "            total += loss * len(rows)\n"
        "        if scheduler is not None:\n"
        "            scheduler.step()\n"
        "        val_loss, val_accuracy = evaluate(model, X_val, y_val)\n"
        "        for key, value in zip(history, (total / len(y_train), val_loss, val_accuracy)):\n"
        "            history[key].append(value)\n"
        "        best = int(np.argmin(history['val_loss']))\n"
        "        if best == epoch:\n"
        "            snapshots = {name: np.array(value) for name, value in model.params.items()}\n"
        "        epoch += 1\n"
        "        if epoch - 1 - best >= patience:\n"
        "            break\n"
        "    model.params.update(snapshots)\n"
        "    return history\n",
    ],
))

TRAIN_DIGITS = "def train_digits(X_train, y_train, X_val, y_val, rng):\n"
STATS = ("    mean, std = X_train.mean(axis=0), X_train.std(axis=0)\n"
         "    std = np.where(std > 0, std, 1.0)\n")


def _classifier(model="MLP([X_train.shape[1], 64, 10], rng=rng)", optimizer="Adam(model.params, lr=3e-3)",
                epochs=30, predict="model.predict((np.asarray(X) - mean) / std)"):
    return (TRAIN_DIGITS + STATS +
            f"    model = {model}\n"
            f"    optimizer = {optimizer}\n"
            "    train_with_early_stopping(model, optimizer, (X_train - mean) / std, y_train, (X_val - mean) / std,\n"
            f"                              y_val, {epochs}, 32, 5, rng)\n"
            "    def predict(X):\n"
            f"        return {predict}\n"
            "    return predict\n")


EXERCISES.append(Exercise(
    answer="train_digits",
    tests=["train_digits_visible", "train_digits_hidden"],
    mistakes=[
        Mistake("a learning rate far too high: SGD with lr = 50 diverges", source=_classifier(
            optimizer="SGD(model.params, lr=50.0)"), hint="learning rate far too high"),
        Mistake("zero initialization: every hidden unit stays the same", source=_classifier(
            model="MLP([X_train.shape[1], 64, 10], init='zeros', rng=rng)"), hint="zero initialization"),
        Mistake("standardizes for training, but predict gets the raw images", source=_classifier(
            predict="model.predict(X)"), hint="same preprocessing"),
        Mistake("a learning rate far too small for 3 epochs", source=_classifier(
            optimizer="SGD(model.params, lr=1e-3)", epochs=3), hint="learning rate"),
        Mistake("predict returns the logits instead of labels", source=_classifier(
            predict="model.forward((np.asarray(X) - mean) / std, train=False)"), hint="not scores"),
        Mistake("loads the digits itself and trains on all of them, test images included",
                source="from nnlib.data import load_digits\n\n" + TRAIN_DIGITS +
                "    X_all, y_all = load_digits()\n"
                "    model = MLP([64, 64, 10], rng=rng)\n"
                "    optimizer = Adam(model.params, lr=3e-3)\n"
                "    train_with_early_stopping(model, optimizer, X_all, y_all, X_val, y_val, 30, 32, 5, rng)\n"
                "    return lambda X: model.predict(X)\n",
                hint="load_digits"),
        Mistake("trains with the course library's fit",
                source="import nnlib.train\n\n" + TRAIN_DIGITS + STATS +
                "    model = MLP([64, 64, 10], rng=rng)\n"
                "    nnlib.train.fit(model, (X_train - mean) / std, y_train, Adam(model.params, lr=3e-3), epochs=20,\n"
                "                    rng=rng, progress=False)\n"
                "    return lambda X: model.predict((X - mean) / std)\n",
                hint="reference implementation"),
    ],
    alternatives=[
        # tanh with Xavier initialization, SGD with momentum, batches of 64, a lambda
        TRAIN_DIGITS + STATS +
        "    model = MLP([64, 64, 10], activation='tanh', init='xavier', rng=rng)\n"
        "    optimizer = SGD(model.params, lr=0.05, momentum=0.9)\n"
        "    train_with_early_stopping(model, optimizer, (X_train - mean) / std, y_train, (X_val - mean) / std,\n"
        "                              y_val, 40, 64, 5, rng)\n"
        "    return lambda X: model.predict((X - mean) / std)\n",
        # two hidden layers with dropout, AdamW in float32, a step schedule, nnlib.data.standardize for the data
        "from nnlib.data import standardize\n"
        "from nnlib.optim import AdamW, step_lr\n\n" + TRAIN_DIGITS +
        "    mean, std = X_train.mean(axis=0), X_train.std(axis=0)\n"
        "    X_tr, X_va = standardize(X_train, X_val)\n"
        "    model = MLP([64, 96, 48, 10], dropout=0.1, rng=rng, dtype=np.float32)\n"
        "    optimizer = AdamW(model.params, lr=2e-3, weight_decay=1e-3)\n"
        "    scheduler = Scheduler(optimizer, step_lr, step_size=15, gamma=0.3)\n"
        "    train_with_early_stopping(model, optimizer, X_tr, y_train, X_va, y_val, 50, 48, 6, rng, scheduler)\n"
        "    def predict(X):\n"
        "        constant = std == 0\n"
        "        scaled = (X - np.where(constant, X_train[0], mean)) / np.where(constant, 1.0, std)\n"
        "        return np.argmax(model.forward(scaled, train=False), axis=1)\n"
        "    return predict\n",
        # no standardization at all: raw pixels in [0, 1] train well with Adam too
        TRAIN_DIGITS +
        "    model = MLP([64, 100, 10], rng=rng)\n"
        "    train_with_early_stopping(model, Adam(model.params, lr=1e-2), X_train, y_train, X_val, y_val, 40, 32, 5,\n"
        "                              rng)\n"
        "    return model.predict\n",
    ],
))
