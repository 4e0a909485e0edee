"""Grader quality of lesson 09 (capstone): the mistakes students really make when they evaluate, count confusions,
write a training loop with early stopping and hand in a classifier must fail with the right hint; other correct
implementations (other loops, other ways to count, other configurations) must pass.

Judgement calls, stated so that they can be argued with:
- What must be the student's own code: evaluate, confusion_matrix and the training loop (shuffling, batches,
  early stopping, restoring). The building blocks (MLP, the optimizers and schedules of nnlib.optim,
  softmax_cross_entropy, initializers, regularizers, nnlib.data.standardize) may be used everywhere; anything from
  nnlib.train (fit, EarlyStopping, iterate_minibatches, confusion_matrix, accuracy) called from a graded function is
  reported as delegation and scores zero.
- evaluate must run in eval mode: the tests use a network with dropout, where train mode changes the loss. The
  networks have C >= 2 outputs and the accuracy is the argmax's; code that also handles a single output with a
  threshold passes (the statement says the tests use C >= 2 only).
- confusion_matrix may return floats (np.histogram2d) as long as the counts are right; rows must be the true class.
- train_with_early_stopping: "improved" means strictly lower than the best validation loss so far, which starts at
  +inf (as in lesson 08): a nan loss is never a new best, and a run that diverges at once stops after `patience`
  epochs with nothing to restore (the statement says so; answers that take the first loss as the best, or that
  crash when there is nothing to restore, fail). The dropout masks may come from the model's own generator
  (model.forward(X_batch), as written) or from rng; only the parameters must be restored, restoring batch norm's
  running statistics too is accepted. Training stops
  when `patience` epochs in a row brought no improvement; the mean training loss of an epoch is only checked to be a
  mean of the batch losses recorded through the network's logits (weighted by batch size, or the plain mean). The tests record, through an MLP
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
- Kinds of correct answer that do not apply: train_with_early_stopping has no version without loops (each epoch
  needs the one before).
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
                    hint="a percentage"),
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
                    hint="the accuracy first, then the loss"),
            Mistake("delegates the accuracy to the course library",
                    source="import nnlib.train\n\n" + EVALUATE +
                    "    logits = model.forward(X, train=False)\n"
                    "    return softmax_cross_entropy(logits, y)[0], nnlib.train.accuracy(logits, y)\n",
                    hint="reference implementation"),
            Mistake("the number of correct samples instead of the fraction",
                    source=EVALUATE +
                    "    logits = model.forward(X, train=False)\n"
                    "    loss, _ = softmax_cross_entropy(logits, y)\n"
                    "    return loss, np.sum(np.argmax(logits, axis=1) == y)\n",
                    hint="fraction"),
            Mistake("the loss in train mode, the accuracy in eval mode",
                    source=EVALUATE +
                    "    loss, _ = softmax_cross_entropy(model.forward(X), y)\n"
                    "    return loss, np.mean(model.predict(X) == y)\n",
                    hint="train=False"),
        ],
        alternatives=[
            # the other reading for one output: a threshold at 0 when the network has a single logit, argmax otherwise
            # (the statement says the tests use C >= 2 only, so handling one output too is right)
            EVALUATE +
            "    logits = model.forward(X, train=False)\n"
            "    loss, _ = softmax_cross_entropy(logits, y)\n"
            "    if logits.shape[1] == 1:\n"
            "        predictions = (logits[:, 0] > 0).astype(int)\n"
            "    else:\n"
            "        predictions = np.argmax(logits, axis=1)\n"
            "    return float(loss), float(np.mean(predictions == y))\n",
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
            # a progress bar over the samples for the accuracy, float32 results
            "from tqdm import tqdm\n\n" + EVALUATE +
            "    logits = model.forward(X, train=False)\n"
            "    loss = softmax_cross_entropy(logits, y)[0]\n"
            "    hits = sum(int(np.argmax(logits[i]) == y[i]) for i in tqdm(range(len(y))))\n"
            "    return np.float32(loss), np.float32(hits / len(y))\n",
            # prints its results; the log-sum-exp from numpy's logaddexp.reduce
            EVALUATE +
            "    logits = model.forward(X, train=False)\n"
            "    log_norm = np.logaddexp.reduce(logits, axis=1)\n"
            "    loss = float(np.mean(log_norm - logits[np.arange(len(y)), y]))\n"
            "    accuracy = float(np.mean(np.argmax(logits, axis=1) == y))\n"
            "    print(f'loss {loss:.4f}, accuracy {accuracy:.1%}')\n"
            "    return loss, accuracy\n",
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
                    hint="holds fractions"),
            Mistake("delegates to the course library",
                    source="import nnlib.train\n\n"
                           "def confusion_matrix(y_true, y_pred, n_classes):\n"
                           "    return nnlib.train.confusion_matrix(y_true, y_pred, n_classes)\n",
                    hint="reference implementation"),
            Mistake("counts only the correct predictions (the diagonal)",
                    source="def confusion_matrix(y_true, y_pred, n_classes):\n"
                           "    C = np.zeros((n_classes, n_classes), dtype=int)\n"
                           "    for t, p in zip(y_true, y_pred):\n"
                           "        if t == p:\n"
                           "            C[t, t] += 1\n"
                           "    return C\n",
                    hint="only the correct predictions"),
            Mistake("normalized by the number of samples instead of counts",
                    source="def confusion_matrix(y_true, y_pred, n_classes):\n"
                           "    C = np.zeros((n_classes, n_classes))\n"
                           "    np.add.at(C, (y_true, y_pred), 1)\n"
                           "    return C / len(y_true)\n",
                    hint="not counts"),
            Mistake("one row and column too many (n_classes + 1)",
                    source="def confusion_matrix(y_true, y_pred, n_classes):\n"
                           "    C = np.zeros((n_classes + 1, n_classes + 1), dtype=int)\n"
                           "    np.add.at(C, (y_true, y_pred), 1)\n"
                           "    return C\n",
                    hint="expected (3, 3), got (4, 4)"),
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
            # prints the matrix it built with np.add.at
            "def confusion_matrix(y_true, y_pred, n_classes):\n"
            "    C = np.zeros((n_classes, n_classes), dtype=np.int64)\n"
            "    np.add.at(C, (np.asarray(y_true), np.asarray(y_pred)), 1)\n"
            "    print(C)\n"
            "    return C\n",
            # one-hot rows multiplied in float32: C = onehot(y_true)^T onehot(y_pred), whole-number float counts
            "def confusion_matrix(y_true, y_pred, n_classes):\n"
            "    one_hot = np.eye(n_classes, dtype=np.float32)\n"
            "    return one_hot[np.asarray(y_true)].T @ one_hot[np.asarray(y_pred)]\n",
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
        Mistake("a generator seeded by the epoch number: ignores the rng it is given",
                source=_loop(order="np.random.default_rng(epoch).permutation(N)"), hint="rng passed in is not used"),
        Mistake("the epoch's loss is the last batch's loss",
                source=_loop().replace("history['loss'].append(total / N)", "history['loss'].append(loss)"),
                hint="last batch only"),
        Mistake("the epoch's loss is the undivided sum of the batch losses",
                source=_loop().replace("history['loss'].append(total / N)", "history['loss'].append(total)"),
                hint="sum of the batch losses"),
        Mistake("restores the best parameters only when patience runs out, not when the epochs budget ends",
                source=_loop(restore=False).replace(
                    "        if waited >= patience:\n            break\n",
                    "        if waited >= patience:\n"
                    "            for name, value in best_params.items():\n"
                    "                model.params[name][...] = value\n"
                    "            break\n"),
                hint="best epoch's parameters"),
        Mistake("keeps the initial parameters as the best: puts them back when no epoch improves",
                source=_loop().replace("    best_loss, best_params, waited = np.inf, None, 0\n",
                                       "    best_loss, waited = np.inf, 0\n"
                                       "    best_params = {name: value.copy() for name, value in model.params.items()}\n"),
                hint="keeps the parameters of its last epoch"),
        Mistake("passes the parameters instead of the gradients to the optimizer",
                source=_loop().replace("optimizer.step(model.grads)", "optimizer.step(model.params)"),
                hint="parameters where their gradients belong"),
        Mistake("shuffles X and y with two different permutations",
                source=_loop(order="rng.permutation(N)").replace(
                    "        total = 0.0\n", "        order_y = rng.permutation(N)\n        total = 0.0\n").replace(
                    "y_all[rows]", "y_all[order_y[start:start + batch_size]]"),
                hint="labels that are not theirs"),
        # the best epoch's index instead of a counter; rng.shuffle of an index array; deepcopy; np.copyto; the plain
        # mean of the batch losses; the validation numbers computed inline
        Mistake("takes the first epoch as the best whatever its loss: a nan there is never beaten",
                source=(
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
                "    return history\n"
                ), hint="a nan loss is never a new best"),
        # a while loop; stop when the minimum lies `patience` entries back; restore by replacing the dict's entries
        Mistake("np.argmin of the losses: a nan counts as the minimum, so a nan epoch is taken as the best",
                source=(
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
                "    return history\n"
                ), hint="a nan loss is never a new best"),
    ],
    alternatives=[
        # a progress bar over the epochs
        "from tqdm import tqdm\n\n" + _loop().replace("    for epoch in range(epochs):",
                                                        "    for epoch in tqdm(range(epochs)):"),
        # the dropout masks drawn from rng too (the statement accepts it besides the model's own generator)
        _loop().replace("model.forward(X_all[rows])", "model.forward(X_all[rows], rng=rng)"),
        # batch normalization's running statistics restored with the parameters (accepted, not required)
        "import copy\n\n" + _loop(keep="({name: value.copy() for name, value in model.params.items()}, "
                                      "copy.deepcopy(model.running))").replace(
            "    if best_params is not None:\n"
            "        for name, value in best_params.items():\n"
            "            model.params[name][...] = value\n",
            "    if best_params is not None:\n"
            "        best_arrays, best_running = best_params\n"
            "        for name, value in best_arrays.items():\n"
            "            model.params[name][...] = value\n"
            "        model.running = best_running\n"),
        # prints every epoch, float32 losses in the history
        _loop().replace("        history['loss'].append(total / N)\n",
                        "        history['loss'].append(np.float32(total / N))\n"
                        "        print(f'epoch {epoch + 1}: validation loss {val_loss:.4f}')\n"),
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
        Mistake("predict standardizes each batch with its own statistics", source=_classifier(
            predict="model.predict((np.asarray(X) - np.asarray(X).mean(axis=0)) / (np.asarray(X).std(axis=0) + 1e-8))"),
            hint="alone"),
        Mistake("fixed seeds inside: the rng it is given is never used", source=_classifier(
            model="MLP([X_train.shape[1], 64, 10], rng=0)").replace("32, 5, rng)", "32, 5, np.random.default_rng(0))"),
            hint="never drew from the rng"),
    ],
    alternatives=[
        # prints the configuration, ReLU with He and Adam, a progress bar in its own loop over learning rates
        "from tqdm import tqdm\n\n" + TRAIN_DIGITS + STATS +
        "    for lr in tqdm([3e-3]):\n"
        "        print('training with lr', lr)\n"
        "        model = MLP([64, 128, 10], activation='relu', init='he', rng=rng)\n"
        "        train_with_early_stopping(model, Adam(model.params, lr=lr), (X_train - mean) / std, y_train,\n"
        "                                  (X_val - mean) / std, y_val, 20, 32, 5, rng)\n"
        "    return lambda X: model.predict((X - mean) / std)\n",
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
        # sensible but less tuned: ReLU with SGD + momentum at lr 0.05, and two hidden layers with Adam; on one graded
        # split each scores below 95 % (about 94 %), which the bar of 90 % must accept
        _classifier(optimizer="SGD(model.params, lr=0.05, momentum=0.9)"),
        _classifier(model="MLP([X_train.shape[1], 64, 64, 10], rng=rng)"),
        # no standardization at all: raw pixels in [0, 1] train well with Adam too
        TRAIN_DIGITS +
        "    model = MLP([64, 100, 10], rng=rng)\n"
        "    train_with_early_stopping(model, Adam(model.params, lr=1e-2), X_train, y_train, X_val, y_val, 40, 32, 5,\n"
        "                              rng)\n"
        "    return model.predict\n",
    ],
))


# Answers written without reading the tests (an independent author's, as students would hand them in),
# each run through the harness: correct ones must pass, wrong ones fail with the hint their message gives.
INDEPENDENT = [
    # written without reading the tests: straightforward: forward in eval mode, library loss, argmax accuracy
    ('evaluate', ("import numpy as np\n"
                  "from nnlib.losses import softmax_cross_entropy\n"
                  "\n"
                  "\n"
                  "def evaluate(model, X, y):\n"
                  '    """Mean cross-entropy and accuracy of model on (X, y), in eval mode.  X (N, D), y (N,) -> (loss, accuracy)."""\n'
                  "    logits = model.forward(X, train=False)\n"
                  "    loss, _ = softmax_cross_entropy(logits, y)\n"
                  "    accuracy = np.mean(np.argmax(logits, axis=1) == y)\n"
                  "    return float(loss), float(accuracy)\n")),
    # written without reading the tests: counts correct samples in a loop over rows
    ('evaluate', ("import numpy as np\n"
                  "from nnlib.losses import softmax_cross_entropy\n"
                  "\n"
                  "\n"
                  "def evaluate(model, X, y):\n"
                  '    """Mean cross-entropy and accuracy of model on (X, y), in eval mode.  X (N, D), y (N,) -> (loss, accuracy)."""\n'
                  "    logits = model.forward(X, train=False)\n"
                  "    result = softmax_cross_entropy(logits, y)\n"
                  "    loss = result[0]\n"
                  "    n_correct = 0\n"
                  "    for n in range(len(y)):\n"
                  "        if np.argmax(logits[n]) == y[n]:\n"
                  "            n_correct += 1\n"
                  "    accuracy = n_correct / len(y)\n"
                  "    return float(loss), float(accuracy)\n")),
    # written without reading the tests: own log-softmax (log-sum-exp) instead of the library loss, count_nonzero
    ('evaluate', ("import numpy as np\n"
                  "\n"
                  "\n"
                  "def evaluate(model, X, y):\n"
                  '    """Mean cross-entropy and accuracy of model on (X, y), in eval mode.  X (N, D), y (N,) -> (loss, accuracy)."""\n'
                  "    z = np.asarray(model.forward(X, train=False), dtype=np.float64)\n"
                  "    y = np.asarray(y)\n"
                  "    z_max = z.max(axis=1, keepdims=True)\n"
                  "    log_probs = z - z_max - np.log(np.exp(z - z_max).sum(axis=1, keepdims=True))\n"
                  "    loss = -log_probs[np.arange(len(y)), y].mean()\n"
                  "    accuracy = np.count_nonzero(z.argmax(axis=1) == y) / len(y)\n"
                  "    return float(loss), float(accuracy)\n")),
    # written without reading the tests
    ('evaluate', Mistake('runs the model in train mode (dropout active)',
                 source=("import numpy as np\n"
                         "from nnlib.losses import softmax_cross_entropy\n"
                         "\n"
                         "\n"
                         "def evaluate(model, X, y):\n"
                         '    """Mean cross-entropy and accuracy of model on (X, y), in eval mode.  X (N, D), y (N,) -> (loss, accuracy)."""\n'
                         "    logits = model.forward(X)\n"
                         "    loss, _ = softmax_cross_entropy(logits, y)\n"
                         "    accuracy = np.mean(np.argmax(logits, axis=1) == y)\n"
                         "    return float(loss), float(accuracy)\n"),
                 hint='the network was run in train mode, with units dropped at ran')),
    # written without reading the tests
    ('evaluate', Mistake('accuracy as a percentage instead of a fraction',
                 source=("import numpy as np\n"
                         "from nnlib.losses import softmax_cross_entropy\n"
                         "\n"
                         "\n"
                         "def evaluate(model, X, y):\n"
                         '    """Mean cross-entropy and accuracy of model on (X, y), in eval mode.  X (N, D), y (N,) -> (loss, accuracy)."""\n'
                         "    logits = model.forward(X, train=False)\n"
                         "    loss, _ = softmax_cross_entropy(logits, y)\n"
                         "    accuracy = 100.0 * np.mean(logits.argmax(axis=1) == y)\n"
                         "    return loss, accuracy\n"),
                 hint='the accuracy is a fraction between 0 and 1: np.mean(predicti')),
    # written without reading the tests
    ('evaluate', Mistake('returns the number of correct samples, not the fraction',
                 source=("import numpy as np\n"
                         "from nnlib.losses import softmax_cross_entropy\n"
                         "\n"
                         "\n"
                         "def evaluate(model, X, y):\n"
                         '    """Mean cross-entropy and accuracy of model on (X, y), in eval mode.  X (N, D), y (N,) -> (loss, accuracy)."""\n'
                         "    logits = model.forward(X, train=False)\n"
                         "    loss, _ = softmax_cross_entropy(logits, y)\n"
                         "    accuracy = np.sum(np.argmax(logits, axis=1) == y)\n"
                         "    return float(loss), float(accuracy)\n"),
                 hint='divide by the number of samples: np.mean(predictions == y)')),
    # written without reading the tests
    ('evaluate', Mistake('returns (accuracy, loss) in the wrong order',
                 source=("import numpy as np\n"
                         "from nnlib.losses import softmax_cross_entropy\n"
                         "\n"
                         "\n"
                         "def evaluate(model, X, y):\n"
                         '    """Mean cross-entropy and accuracy of model on (X, y), in eval mode.  X (N, D), y (N,) -> (loss, accuracy)."""\n'
                         "    logits = model.forward(X, train=False)\n"
                         "    loss, _ = softmax_cross_entropy(logits, y)\n"
                         "    accuracy = float(np.mean(np.argmax(logits, axis=1) == y))\n"
                         "    return accuracy, float(loss)\n"),
                 hint='the accuracy first, then the loss')),
    # written without reading the tests: loop over the samples
    ('confusion_matrix', ("import numpy as np\n"
                          "\n"
                          "\n"
                          "def confusion_matrix(y_true, y_pred, n_classes):\n"
                          '    """C[i, j] = number of samples of true class i predicted as class j.  y_true, y_pred (N,) -> (K, K) ints."""\n'
                          "    C = np.zeros((n_classes, n_classes), dtype=int)\n"
                          "    for t, p in zip(y_true, y_pred):\n"
                          "        C[t, p] += 1\n"
                          "    return C\n")),
    # written without reading the tests: np.add.at with fancy indexing
    ('confusion_matrix', ("import numpy as np\n"
                          "\n"
                          "\n"
                          "def confusion_matrix(y_true, y_pred, n_classes):\n"
                          '    """C[i, j] = number of samples of true class i predicted as class j.  y_true, y_pred (N,) -> (K, K) ints."""\n'
                          "    C = np.zeros((n_classes, n_classes), dtype=np.int64)\n"
                          "    np.add.at(C, (np.asarray(y_true), np.asarray(y_pred)), 1)\n"
                          "    return C\n")),
    # written without reading the tests: np.bincount of the flat index K*i + j, reshaped
    ('confusion_matrix', ("import numpy as np\n"
                          "\n"
                          "\n"
                          "def confusion_matrix(y_true, y_pred, n_classes):\n"
                          '    """C[i, j] = number of samples of true class i predicted as class j.  y_true, y_pred (N,) -> (K, K) ints."""\n'
                          "    flat = n_classes * np.asarray(y_true, dtype=np.int64) + np.asarray(y_pred, dtype=np.int64)\n"
                          "    return np.bincount(flat, minlength=n_classes * n_classes).reshape(n_classes, n_classes)\n")),
    # written without reading the tests
    ('confusion_matrix', Mistake('C[y_true, y_pred] += 1 counts repeated pairs once',
                 source=("import numpy as np\n"
                         "\n"
                         "\n"
                         "def confusion_matrix(y_true, y_pred, n_classes):\n"
                         '    """C[i, j] = number of samples of true class i predicted as class j.  y_true, y_pred (N,) -> (K, K) ints."""\n'
                         "    C = np.zeros((n_classes, n_classes), dtype=int)\n"
                         "    C[y_true, y_pred] += 1\n"
                         "    return C\n"),
                 hint='some samples were not counted')),
    # written without reading the tests
    ('confusion_matrix', Mistake('transposed: rows are the predicted class',
                 source=("import numpy as np\n"
                         "\n"
                         "\n"
                         "def confusion_matrix(y_true, y_pred, n_classes):\n"
                         '    """C[i, j] = number of samples of true class i predicted as class j.  y_true, y_pred (N,) -> (K, K) ints."""\n'
                         "    C = np.zeros((n_classes, n_classes), dtype=int)\n"
                         "    for t, p in zip(y_true, y_pred):\n"
                         "        C[p, t] += 1\n"
                         "    return C\n"),
                 hint='Your result is the transpose of the right answer')),
    # written without reading the tests
    ('confusion_matrix', Mistake('sizes the matrix from the labels, ignores n_classes',
                 source=("import numpy as np\n"
                         "\n"
                         "\n"
                         "def confusion_matrix(y_true, y_pred, n_classes):\n"
                         '    """C[i, j] = number of samples of true class i predicted as class j.  y_true, y_pred (N,) -> (K, K) ints."""\n'
                         "    K = int(max(np.max(y_true), np.max(y_pred))) + 1\n"
                         "    C = np.zeros((K, K), dtype=int)\n"
                         "    np.add.at(C, (y_true, y_pred), 1)\n"
                         "    return C\n"),
                 hint='check keepdims=True in reductions and the shapes you combine')),
    # written without reading the tests: float counts (np.zeros default dtype), not integers (marked wrong by its author; the statement accepts it)
    ('confusion_matrix', ("import numpy as np\n"
                          "\n"
                          "\n"
                          "def confusion_matrix(y_true, y_pred, n_classes):\n"
                          '    """C[i, j] = number of samples of true class i predicted as class j.  y_true, y_pred (N,) -> (K, K) ints."""\n'
                          "    C = np.zeros((n_classes, n_classes))\n"
                          "    for i in range(len(y_true)):\n"
                          "        C[y_true[i], y_pred[i]] += 1\n"
                          "    return C\n")),
    # written without reading the tests: plain loop, wait counter, dict of copies
    ('train_with_early_stopping', ("import numpy as np\n"
                                   "from nnlib.losses import softmax_cross_entropy\n"
                                   "\n"
                                   "\n"
                                   "def train_with_early_stopping(model, optimizer, X_train, y_train, X_val, y_val, epochs, batch_size, patience, rng,\n"
                                   "                              scheduler=None):\n"
                                   '    """Mini-batch training that stops after `patience` epochs without a better validation loss and restores the best\n'
                                   '    parameters.  -> history {"loss": [...], "val_loss": [...], "val_accuracy": [...]}, one entry per epoch run."""\n'
                                   '    history = {"loss": [], "val_loss": [], "val_accuracy": []}\n'
                                   "    N = len(X_train)\n"
                                   "    best_loss = np.inf\n"
                                   "    best = None\n"
                                   "    wait = 0\n"
                                   "    for epoch in range(epochs):\n"
                                   "        order = rng.permutation(N)\n"
                                   "        total = 0.0\n"
                                   "        for start in range(0, N, batch_size):\n"
                                   "            idx = order[start:start + batch_size]\n"
                                   "            loss, dlogits = softmax_cross_entropy(model.forward(X_train[idx]), y_train[idx])\n"
                                   "            model.backward(dlogits)\n"
                                   "            optimizer.step(model.grads)\n"
                                   "            total += loss * len(idx)\n"
                                   "        if scheduler is not None:\n"
                                   "            scheduler.step()\n"
                                   "        logits = model.forward(X_val, train=False)\n"
                                   "        val_loss, _ = softmax_cross_entropy(logits, y_val)\n"
                                   "        val_accuracy = float(np.mean(np.argmax(logits, axis=1) == y_val))\n"
                                   '        history["loss"].append(total / N)\n'
                                   '        history["val_loss"].append(float(val_loss))\n'
                                   '        history["val_accuracy"].append(val_accuracy)\n'
                                   "        if val_loss < best_loss:\n"
                                   "            best_loss = val_loss\n"
                                   "            best = {name: value.copy() for name, value in model.params.items()}\n"
                                   "            wait = 0\n"
                                   "        else:\n"
                                   "            wait += 1\n"
                                   "            if wait >= patience:\n"
                                   "                break\n"
                                   "    if best is not None:\n"
                                   "        for name in best:\n"
                                   "            model.params[name][...] = best[name]\n"
                                   "    return history\n")),
    # written without reading the tests: tqdm over epochs, deepcopy, best epoch index, helper for evaluation
    ('train_with_early_stopping', ("import copy\n"
                                   "\n"
                                   "import numpy as np\n"
                                   "from tqdm.auto import tqdm\n"
                                   "from nnlib.losses import softmax_cross_entropy\n"
                                   "\n"
                                   "\n"
                                   "def _validation_scores(model, X, y):\n"
                                   "    logits = model.forward(X, train=False)\n"
                                   "    loss = softmax_cross_entropy(logits, y)[0]\n"
                                   "    return float(loss), float((logits.argmax(axis=1) == y).mean())\n"
                                   "\n"
                                   "\n"
                                   "def train_with_early_stopping(model, optimizer, X_train, y_train, X_val, y_val, epochs, batch_size, patience, rng,\n"
                                   "                              scheduler=None):\n"
                                   '    """Mini-batch training that stops after `patience` epochs without a better validation loss and restores the best\n'
                                   '    parameters.  -> history {"loss": [...], "val_loss": [...], "val_accuracy": [...]}, one entry per epoch run."""\n'
                                   '    history = {"loss": [], "val_loss": [], "val_accuracy": []}\n'
                                   "    n_samples = X_train.shape[0]\n"
                                   "    n_batches = int(np.ceil(n_samples / batch_size))\n"
                                   '    best_epoch, best_val, best_params = -1, float("inf"), None\n'
                                   '    for epoch in tqdm(range(epochs), desc="epochs", leave=False):\n'
                                   "        perm = rng.permutation(n_samples)\n"
                                   "        batch_losses, batch_sizes = [], []\n"
                                   "        for b in range(n_batches):\n"
                                   "            rows = perm[b * batch_size:(b + 1) * batch_size]\n"
                                   "            X_batch, y_batch = X_train[rows], y_train[rows]\n"
                                   "            logits = model.forward(X_batch)\n"
                                   "            loss, dlogits = softmax_cross_entropy(logits, y_batch)\n"
                                   "            model.backward(dlogits)\n"
                                   "            optimizer.step(model.grads)\n"
                                   "            batch_losses.append(loss)\n"
                                   "            batch_sizes.append(len(rows))\n"
                                   "        if scheduler is not None:\n"
                                   "            scheduler.step()\n"
                                   "        val_loss, val_acc = _validation_scores(model, X_val, y_val)\n"
                                   '        history["loss"].append(float(np.average(batch_losses, weights=batch_sizes)))\n'
                                   '        history["val_loss"].append(val_loss)\n'
                                   '        history["val_accuracy"].append(val_acc)\n'
                                   "        if val_loss < best_val:\n"
                                   "            best_val, best_epoch = val_loss, epoch\n"
                                   "            best_params = copy.deepcopy(model.params)\n"
                                   "        elif epoch - best_epoch >= patience:\n"
                                   "            break\n"
                                   "    if best_params is not None:\n"
                                   "        for name, value in best_params.items():\n"
                                   "            model.params[name][...] = value\n"
                                   "    return history\n")),
    # written without reading the tests: while loop, np.copyto into preallocated buffers, prints progress
    # The statement now says that a nan loss is never a new best: this answer takes the first loss as the best.
    ('train_with_early_stopping', Mistake("the best loss starts as the first epoch's loss (None or ...): a nan there "
                                          "is never beaten", hint="a nan loss is never a new best",
                                          source=("import numpy as np\n"
                                   "from nnlib.losses import softmax_cross_entropy\n"
                                   "\n"
                                   "\n"
                                   "def train_with_early_stopping(model, optimizer, X_train, y_train, X_val, y_val, epochs, batch_size, patience, rng,\n"
                                   "                              scheduler=None):\n"
                                   '    """Mini-batch training that stops after `patience` epochs without a better validation loss and restores the best\n'
                                   '    parameters.  -> history {"loss": [...], "val_loss": [...], "val_accuracy": [...]}, one entry per epoch run."""\n'
                                   '    history = {"loss": [], "val_loss": [], "val_accuracy": []}\n'
                                   "    N = len(y_train)\n"
                                   "    best_params = {k: np.empty_like(v) for k, v in model.params.items()}\n"
                                   "    have_best = False\n"
                                   "    best_val_loss = None\n"
                                   "    epochs_without_improvement = 0\n"
                                   "    epoch = 0\n"
                                   "    while epoch < epochs and epochs_without_improvement < patience:\n"
                                   "        order = rng.permutation(N)\n"
                                   "        loss_sum = 0.0\n"
                                   "        start = 0\n"
                                   "        while start < N:\n"
                                   "            batch = order[start:start + batch_size]\n"
                                   "            loss, dlogits = softmax_cross_entropy(model.forward(X_train[batch]), y_train[batch])\n"
                                   "            model.backward(dlogits)\n"
                                   "            optimizer.step(model.grads)\n"
                                   "            loss_sum += loss * batch.size\n"
                                   "            start += batch_size\n"
                                   "        if scheduler is not None:\n"
                                   "            scheduler.step()\n"
                                   "        val_logits = model.forward(X_val, train=False)\n"
                                   "        val_loss = softmax_cross_entropy(val_logits, y_val)[0]\n"
                                   "        val_accuracy = np.count_nonzero(val_logits.argmax(1) == y_val) / len(y_val)\n"
                                   '        history["loss"].append(loss_sum / N)\n'
                                   '        history["val_loss"].append(float(val_loss))\n'
                                   '        history["val_accuracy"].append(float(val_accuracy))\n'
                                   "        epoch += 1\n"
                                   "        if best_val_loss is None or val_loss < best_val_loss:\n"
                                   "            best_val_loss = val_loss\n"
                                   "            for k, v in model.params.items():\n"
                                   "                np.copyto(best_params[k], v)\n"
                                   "            have_best = True\n"
                                   "            epochs_without_improvement = 0\n"
                                   "        else:\n"
                                   "            epochs_without_improvement += 1\n"
                                   '        print(f"epoch {epoch}: loss {loss_sum / N:.4f}, val_loss {val_loss:.4f}, val_acc {val_accuracy:.3f}")\n'
                                   "    if have_best:\n"
                                   "        for k in best_params:\n"
                                   "            model.params[k][...] = best_params[k]\n"
                                   "    return history\n"))),
    # written without reading the tests
    ('train_with_early_stopping', Mistake('keeps dict(model.params): aliases, nothing is restored',
                 source=("import numpy as np\n"
                         "from nnlib.losses import softmax_cross_entropy\n"
                         "\n"
                         "\n"
                         "def train_with_early_stopping(model, optimizer, X_train, y_train, X_val, y_val, epochs, batch_size, patience, rng,\n"
                         "                              scheduler=None):\n"
                         '    """Mini-batch training that stops after `patience` epochs without a better validation loss and restores the best\n'
                         '    parameters.  -> history {"loss": [...], "val_loss": [...], "val_accuracy": [...]}, one entry per epoch run."""\n'
                         '    history = {"loss": [], "val_loss": [], "val_accuracy": []}\n'
                         "    N = len(X_train)\n"
                         "    best_loss, best, wait = np.inf, None, 0\n"
                         "    for epoch in range(epochs):\n"
                         "        order = rng.permutation(N)\n"
                         "        total = 0.0\n"
                         "        for start in range(0, N, batch_size):\n"
                         "            idx = order[start:start + batch_size]\n"
                         "            loss, dlogits = softmax_cross_entropy(model.forward(X_train[idx]), y_train[idx])\n"
                         "            model.backward(dlogits)\n"
                         "            optimizer.step(model.grads)\n"
                         "            total += loss * len(idx)\n"
                         "        if scheduler is not None:\n"
                         "            scheduler.step()\n"
                         "        logits = model.forward(X_val, train=False)\n"
                         "        val_loss, _ = softmax_cross_entropy(logits, y_val)\n"
                         '        history["loss"].append(total / N)\n'
                         '        history["val_loss"].append(float(val_loss))\n'
                         '        history["val_accuracy"].append(float(np.mean(logits.argmax(axis=1) == y_val)))\n'
                         "        if val_loss < best_loss:\n"
                         "            best_loss, best, wait = val_loss, dict(model.params), 0\n"
                         "        else:\n"
                         "            wait += 1\n"
                         "            if wait >= patience:\n"
                         "                break\n"
                         "    for name in best:\n"
                         "        model.params[name][...] = best[name]\n"
                         "    return history\n"),
                 hint='That is the loss of the last epoch')),
    # written without reading the tests
    ('train_with_early_stopping', Mistake('off by one: stops only when wait > patience',
                 source=("import numpy as np\n"
                         "from nnlib.losses import softmax_cross_entropy\n"
                         "\n"
                         "\n"
                         "def train_with_early_stopping(model, optimizer, X_train, y_train, X_val, y_val, epochs, batch_size, patience, rng,\n"
                         "                              scheduler=None):\n"
                         '    """Mini-batch training that stops after `patience` epochs without a better validation loss and restores the best\n'
                         '    parameters.  -> history {"loss": [...], "val_loss": [...], "val_accuracy": [...]}, one entry per epoch run."""\n'
                         '    history = {"loss": [], "val_loss": [], "val_accuracy": []}\n'
                         "    N = len(X_train)\n"
                         "    best_loss, best, wait = np.inf, None, 0\n"
                         "    for epoch in range(epochs):\n"
                         "        order = rng.permutation(N)\n"
                         "        total = 0.0\n"
                         "        for start in range(0, N, batch_size):\n"
                         "            idx = order[start:start + batch_size]\n"
                         "            loss, dlogits = softmax_cross_entropy(model.forward(X_train[idx]), y_train[idx])\n"
                         "            model.backward(dlogits)\n"
                         "            optimizer.step(model.grads)\n"
                         "            total += loss * len(idx)\n"
                         "        if scheduler is not None:\n"
                         "            scheduler.step()\n"
                         "        logits = model.forward(X_val, train=False)\n"
                         "        val_loss, _ = softmax_cross_entropy(logits, y_val)\n"
                         '        history["loss"].append(total / N)\n'
                         '        history["val_loss"].append(float(val_loss))\n'
                         '        history["val_accuracy"].append(float(np.mean(logits.argmax(axis=1) == y_val)))\n'
                         "        if val_loss < best_loss:\n"
                         "            best_loss = val_loss\n"
                         "            best = {k: v.copy() for k, v in model.params.items()}\n"
                         "            wait = 0\n"
                         "        else:\n"
                         "            wait += 1\n"
                         "        if wait > patience:\n"
                         "            break\n"
                         "    for name in best:\n"
                         "        model.params[name][...] = best[name]\n"
                         "    return history\n"),
                 hint='count the epochs since the BEST validation loss so far (rese')),
    # written without reading the tests
    ('train_with_early_stopping', Mistake('draws the permutation once, same order every epoch',
                 source=("import numpy as np\n"
                         "from nnlib.losses import softmax_cross_entropy\n"
                         "\n"
                         "\n"
                         "def train_with_early_stopping(model, optimizer, X_train, y_train, X_val, y_val, epochs, batch_size, patience, rng,\n"
                         "                              scheduler=None):\n"
                         '    """Mini-batch training that stops after `patience` epochs without a better validation loss and restores the best\n'
                         '    parameters.  -> history {"loss": [...], "val_loss": [...], "val_accuracy": [...]}, one entry per epoch run."""\n'
                         '    history = {"loss": [], "val_loss": [], "val_accuracy": []}\n'
                         "    N = len(X_train)\n"
                         "    order = rng.permutation(N)\n"
                         "    best_loss, best, wait = np.inf, None, 0\n"
                         "    for epoch in range(epochs):\n"
                         "        total = 0.0\n"
                         "        for start in range(0, N, batch_size):\n"
                         "            idx = order[start:start + batch_size]\n"
                         "            loss, dlogits = softmax_cross_entropy(model.forward(X_train[idx]), y_train[idx])\n"
                         "            model.backward(dlogits)\n"
                         "            optimizer.step(model.grads)\n"
                         "            total += loss * len(idx)\n"
                         "        if scheduler is not None:\n"
                         "            scheduler.step()\n"
                         "        logits = model.forward(X_val, train=False)\n"
                         "        val_loss, _ = softmax_cross_entropy(logits, y_val)\n"
                         '        history["loss"].append(total / N)\n'
                         '        history["val_loss"].append(float(val_loss))\n'
                         '        history["val_accuracy"].append(float(np.mean(logits.argmax(axis=1) == y_val)))\n'
                         "        if val_loss < best_loss:\n"
                         "            best_loss, wait = val_loss, 0\n"
                         "            best = {k: v.copy() for k, v in model.params.items()}\n"
                         "        else:\n"
                         "            wait += 1\n"
                         "            if wait >= patience:\n"
                         "                break\n"
                         "    for name in best:\n"
                         "        model.params[name][...] = best[name]\n"
                         "    return history\n"),
                 hint='the data are not shuffled')),
    # written without reading the tests: epoch loss is the plain mean of batch losses (last partial batch over-weighted) (marked wrong by its author; the statement accepts it)
    # The statement now says what happens when no epoch is a new best (nothing to restore): this answer crashes then.
    ('train_with_early_stopping', Mistake("restores without checking that some epoch was a best: crashes when none "
                                          "was (a diverged run)", hint="'NoneType' object is not iterable",
                                          source=("import numpy as np\n"
                                   "from nnlib.losses import softmax_cross_entropy\n"
                                   "\n"
                                   "\n"
                                   "def train_with_early_stopping(model, optimizer, X_train, y_train, X_val, y_val, epochs, batch_size, patience, rng,\n"
                                   "                              scheduler=None):\n"
                                   '    """Mini-batch training that stops after `patience` epochs without a better validation loss and restores the best\n'
                                   '    parameters.  -> history {"loss": [...], "val_loss": [...], "val_accuracy": [...]}, one entry per epoch run."""\n'
                                   '    history = {"loss": [], "val_loss": [], "val_accuracy": []}\n'
                                   "    N = len(X_train)\n"
                                   "    best_loss, best, wait = np.inf, None, 0\n"
                                   "    for epoch in range(epochs):\n"
                                   "        order = rng.permutation(N)\n"
                                   "        batch_losses = []\n"
                                   "        for start in range(0, N, batch_size):\n"
                                   "            idx = order[start:start + batch_size]\n"
                                   "            loss, dlogits = softmax_cross_entropy(model.forward(X_train[idx]), y_train[idx])\n"
                                   "            model.backward(dlogits)\n"
                                   "            optimizer.step(model.grads)\n"
                                   "            batch_losses.append(loss)\n"
                                   "        if scheduler is not None:\n"
                                   "            scheduler.step()\n"
                                   "        logits = model.forward(X_val, train=False)\n"
                                   "        val_loss, _ = softmax_cross_entropy(logits, y_val)\n"
                                   '        history["loss"].append(float(np.mean(batch_losses)))\n'
                                   '        history["val_loss"].append(float(val_loss))\n'
                                   '        history["val_accuracy"].append(float(np.mean(logits.argmax(axis=1) == y_val)))\n'
                                   "        if val_loss < best_loss:\n"
                                   "            best_loss, wait = val_loss, 0\n"
                                   "            best = {k: v.copy() for k, v in model.params.items()}\n"
                                   "        else:\n"
                                   "            wait += 1\n"
                                   "            if wait >= patience:\n"
                                   "                break\n"
                                   "    for name in best:\n"
                                   "        model.params[name][...] = best[name]\n"
                                   "    return history\n"))),
    # written without reading the tests: Adam 3e-3, 128 hidden, batch 32, early stopping patience 5, own standardization
    ('train_digits', ("import numpy as np\n"
                      "from nnlib.layers import MLP\n"
                      "from nnlib.losses import softmax_cross_entropy\n"
                      "from nnlib.optim import Adam\n"
                      "\n"
                      "\n"
                      "def train_digits(X_train, y_train, X_val, y_val, rng):\n"
                      '    """Build, train and return a digit classifier.  X (N, 64) raw pixels, y (N,) -> predict: (M, 64) -> (M,) labels."""\n'
                      "    X_train = np.asarray(X_train, dtype=np.float64)\n"
                      "    X_val = np.asarray(X_val, dtype=np.float64)\n"
                      "    mean = X_train.mean(axis=0)\n"
                      "    std = X_train.std(axis=0)\n"
                      "    std[std == 0] = 1.0                       # constant pixels: only centred\n"
                      "    Xtr = (X_train - mean) / std\n"
                      "    Xva = (X_val - mean) / std\n"
                      "\n"
                      '    model = MLP([Xtr.shape[1], 128, 10], activation="relu", init="he", rng=rng)\n'
                      "    optimizer = Adam(model.params, lr=3e-3)\n"
                      "    N, batch_size, patience = len(Xtr), 32, 5\n"
                      "    best_loss, best, wait = np.inf, None, 0\n"
                      "    for epoch in range(40):\n"
                      "        order = rng.permutation(N)\n"
                      "        for start in range(0, N, batch_size):\n"
                      "            idx = order[start:start + batch_size]\n"
                      "            loss, dlogits = softmax_cross_entropy(model.forward(Xtr[idx]), y_train[idx])\n"
                      "            model.backward(dlogits)\n"
                      "            optimizer.step(model.grads)\n"
                      "        val_loss, _ = softmax_cross_entropy(model.forward(Xva, train=False), y_val)\n"
                      "        if val_loss < best_loss:\n"
                      "            best_loss, wait = val_loss, 0\n"
                      "            best = {k: v.copy() for k, v in model.params.items()}\n"
                      "        else:\n"
                      "            wait += 1\n"
                      "            if wait >= patience:\n"
                      "                break\n"
                      "    for k in best:\n"
                      "        model.params[k][...] = best[k]\n"
                      "\n"
                      "    def predict(X):\n"
                      "        return model.predict((np.asarray(X, dtype=np.float64) - mean) / std)\n"
                      "\n"
                      "    return predict\n")),
    # written without reading the tests: SGD + Nesterov momentum with a cosine schedule run to its end, keeps best epoch, nnlib.standardize in predict
    ('train_digits', ("import numpy as np\n"
                      "from nnlib.data import standardize\n"
                      "from nnlib.layers import MLP\n"
                      "from nnlib.losses import softmax_cross_entropy\n"
                      "from nnlib.optim import SGD, Scheduler, cosine_lr\n"
                      "\n"
                      "\n"
                      "def _fit(model, optimizer, X, y, X_val, y_val, epochs, batch_size, patience, rng, scheduler=None):\n"
                      '    history = {"loss": [], "val_loss": [], "val_accuracy": []}\n'
                      '    best, best_loss, bad = None, float("inf"), 0\n'
                      "    for _ in range(epochs):\n"
                      "        perm = rng.permutation(len(X))\n"
                      "        total = 0.0\n"
                      "        for i in range(0, len(X), batch_size):\n"
                      "            b = perm[i:i + batch_size]\n"
                      "            loss, d = softmax_cross_entropy(model.forward(X[b]), y[b])\n"
                      "            model.backward(d)\n"
                      "            optimizer.step(model.grads)\n"
                      "            total += loss * len(b)\n"
                      "        if scheduler is not None:\n"
                      "            scheduler.step()\n"
                      "        logits = model.forward(X_val, train=False)\n"
                      "        vl = softmax_cross_entropy(logits, y_val)[0]\n"
                      '        history["loss"].append(total / len(X))\n'
                      '        history["val_loss"].append(vl)\n'
                      '        history["val_accuracy"].append(float(np.mean(logits.argmax(1) == y_val)))\n'
                      "        if vl < best_loss:\n"
                      "            best_loss, bad = vl, 0\n"
                      "            best = {k: v.copy() for k, v in model.params.items()}\n"
                      "        else:\n"
                      "            bad += 1\n"
                      "            if bad >= patience:\n"
                      "                break\n"
                      "    for k, v in best.items():\n"
                      "        model.params[k][...] = v\n"
                      "    return history\n"
                      "\n"
                      "\n"
                      "def train_digits(X_train, y_train, X_val, y_val, rng):\n"
                      '    """Build, train and return a digit classifier.  X (N, 64) raw pixels, y (N,) -> predict: (M, 64) -> (M,) labels."""\n'
                      "    Xtr, Xva = standardize(X_train, X_val)\n"
                      "    n_classes = 10\n"
                      "    model = MLP([Xtr.shape[1], 96, n_classes], rng=rng)\n"
                      "    optimizer = SGD(model.params, lr=0.05, momentum=0.9, nesterov=True)\n"
                      "    epochs = 25\n"
                      "    scheduler = Scheduler(optimizer, cosine_lr, T_max=epochs)\n"
                      "    # the schedule decides the length; early stopping only keeps the best epoch (patience = the whole run)\n"
                      "    _fit(model, optimizer, Xtr, np.asarray(y_train), Xva, np.asarray(y_val), epochs, 32, epochs, rng, scheduler)\n"
                      "\n"
                      "    def predict(X):\n"
                      "        X_std = standardize(X_train, X)[1]          # the TRAINING statistics, applied to the new images\n"
                      "        return np.argmax(model.forward(X_std, train=False), axis=1)\n"
                      "\n"
                      "    return predict\n")),
    # written without reading the tests: AdamW + dropout, 64 hidden, tqdm over epochs, float32 network
    ('train_digits', ("import numpy as np\n"
                      "from tqdm.auto import tqdm\n"
                      "from nnlib.layers import MLP\n"
                      "from nnlib.losses import softmax_cross_entropy\n"
                      "from nnlib.optim import AdamW\n"
                      "\n"
                      "\n"
                      "def train_digits(X_train, y_train, X_val, y_val, rng):\n"
                      '    """Build, train and return a digit classifier.  X (N, 64) raw pixels, y (N,) -> predict: (M, 64) -> (M,) labels."""\n'
                      "    X_train = np.asarray(X_train, dtype=np.float64)\n"
                      "    mu = X_train.mean(axis=0)\n"
                      "    sigma = X_train.std(axis=0)\n"
                      "    sigma = np.where(sigma > 0, sigma, 1.0)\n"
                      "\n"
                      "    def prep(X):\n"
                      "        return ((np.asarray(X, dtype=np.float64) - mu) / sigma).astype(np.float32)\n"
                      "\n"
                      "    Xtr, Xva = prep(X_train), prep(X_val)\n"
                      "    y_train, y_val = np.asarray(y_train), np.asarray(y_val)\n"
                      "    model = MLP([64, 64, 10], rng=rng, dropout=0.1, dtype=np.float32)\n"
                      "    opt = AdamW(model.params, lr=5e-3, weight_decay=1e-3)\n"
                      "    best, best_val, since_best = None, np.inf, 0\n"
                      '    for epoch in tqdm(range(60), desc="train_digits", leave=False):\n'
                      "        order = rng.permutation(len(Xtr))\n"
                      "        for start in range(0, len(order), 64):\n"
                      "            rows = order[start:start + 64]\n"
                      "            _, dlogits = softmax_cross_entropy(model.forward(Xtr[rows], rng=rng), y_train[rows])\n"
                      "            model.backward(dlogits)\n"
                      "            opt.step(model.grads)\n"
                      "        val_loss = softmax_cross_entropy(model.forward(Xva, train=False), y_val)[0]\n"
                      "        if val_loss < best_val:\n"
                      "            best_val, since_best = val_loss, 0\n"
                      "            best = {name: p.copy() for name, p in model.params.items()}\n"
                      "        else:\n"
                      "            since_best += 1\n"
                      "            if since_best == 6:\n"
                      "                break\n"
                      "    for name, p in best.items():\n"
                      "        model.params[name][...] = p\n"
                      "    return lambda X: model.predict(prep(X))\n")),
    # written without reading the tests
    ('train_digits', Mistake('predict forgets the preprocessing: raw pixels into a network trained on standardized ones',
                 source=("import numpy as np\n"
                         "from nnlib.layers import MLP\n"
                         "from nnlib.losses import softmax_cross_entropy\n"
                         "from nnlib.optim import Adam\n"
                         "\n"
                         "\n"
                         "def train_digits(X_train, y_train, X_val, y_val, rng):\n"
                         '    """Build, train and return a digit classifier.  X (N, 64) raw pixels, y (N,) -> predict: (M, 64) -> (M,) labels."""\n'
                         "    mean = X_train.mean(axis=0)\n"
                         "    std = X_train.std(axis=0)\n"
                         "    std[std == 0] = 1.0\n"
                         "    Xtr = (X_train - mean) / std\n"
                         "    Xva = (X_val - mean) / std\n"
                         "    model = MLP([64, 128, 10], rng=rng)\n"
                         "    optimizer = Adam(model.params, lr=3e-3)\n"
                         "    best_loss, best, wait = np.inf, None, 0\n"
                         "    for epoch in range(40):\n"
                         "        order = rng.permutation(len(Xtr))\n"
                         "        for start in range(0, len(Xtr), 32):\n"
                         "            idx = order[start:start + 32]\n"
                         "            _, dlogits = softmax_cross_entropy(model.forward(Xtr[idx]), y_train[idx])\n"
                         "            model.backward(dlogits)\n"
                         "            optimizer.step(model.grads)\n"
                         "        val_loss, _ = softmax_cross_entropy(model.forward(Xva, train=False), y_val)\n"
                         "        if val_loss < best_loss:\n"
                         "            best_loss, wait = val_loss, 0\n"
                         "            best = {k: v.copy() for k, v in model.params.items()}\n"
                         "        else:\n"
                         "            wait += 1\n"
                         "            if wait >= 5:\n"
                         "                break\n"
                         "    for k in best:\n"
                         "        model.params[k][...] = best[k]\n"
                         "\n"
                         "    def predict(X):\n"
                         "        return model.predict(X)\n"
                         "\n"
                         "    return predict\n"),
                 hint='check on the validation set: the learning rate (section 2.5)')),
    # written without reading the tests
    ('train_digits', Mistake('divides by std without handling the constant pixels: nan everywhere',
                 source=("import numpy as np\n"
                         "from nnlib.layers import MLP\n"
                         "from nnlib.losses import softmax_cross_entropy\n"
                         "from nnlib.optim import Adam\n"
                         "\n"
                         "\n"
                         "def train_digits(X_train, y_train, X_val, y_val, rng):\n"
                         '    """Build, train and return a digit classifier.  X (N, 64) raw pixels, y (N,) -> predict: (M, 64) -> (M,) labels."""\n'
                         "    mean = X_train.mean(axis=0)\n"
                         "    std = X_train.std(axis=0)\n"
                         "    Xtr = (X_train - mean) / std\n"
                         "    Xva = (X_val - mean) / std\n"
                         "    model = MLP([64, 128, 10], rng=rng)\n"
                         "    optimizer = Adam(model.params, lr=3e-3)\n"
                         "    best_loss, best, wait = np.inf, None, 0\n"
                         "    for epoch in range(40):\n"
                         "        order = rng.permutation(len(Xtr))\n"
                         "        for start in range(0, len(Xtr), 32):\n"
                         "            idx = order[start:start + 32]\n"
                         "            _, dlogits = softmax_cross_entropy(model.forward(Xtr[idx]), y_train[idx])\n"
                         "            model.backward(dlogits)\n"
                         "            optimizer.step(model.grads)\n"
                         "        val_loss, _ = softmax_cross_entropy(model.forward(Xva, train=False), y_val)\n"
                         "        if val_loss < best_loss:\n"
                         "            best_loss, wait = val_loss, 0\n"
                         "            best = {k: v.copy() for k, v in model.params.items()}\n"
                         "        else:\n"
                         "            wait += 1\n"
                         "            if wait >= 5:\n"
                         "                break\n"
                         "    if best is not None:\n"
                         "        for k in best:\n"
                         "            model.params[k][...] = best[k]\n"
                         "    return lambda X: model.predict((X - mean) / std)\n"),
                 hint='The network did not learn')),
    # written without reading the tests
    ('train_digits', Mistake('predict standardizes with the statistics of the images it is given (test-set statistics)',
                 source=("import numpy as np\n"
                         "from nnlib.layers import MLP\n"
                         "from nnlib.losses import softmax_cross_entropy\n"
                         "from nnlib.optim import Adam\n"
                         "\n"
                         "\n"
                         "def _standardize_own(X):\n"
                         "    X = np.asarray(X, dtype=np.float64)\n"
                         "    std = X.std(axis=0)\n"
                         "    std[std == 0] = 1.0\n"
                         "    return (X - X.mean(axis=0)) / std\n"
                         "\n"
                         "\n"
                         "def train_digits(X_train, y_train, X_val, y_val, rng):\n"
                         '    """Build, train and return a digit classifier.  X (N, 64) raw pixels, y (N,) -> predict: (M, 64) -> (M,) labels."""\n'
                         "    Xtr = _standardize_own(X_train)\n"
                         "    Xva = _standardize_own(X_val)\n"
                         "    model = MLP([64, 128, 10], rng=rng)\n"
                         "    optimizer = Adam(model.params, lr=3e-3)\n"
                         "    best_loss, best, wait = np.inf, None, 0\n"
                         "    for epoch in range(40):\n"
                         "        order = rng.permutation(len(Xtr))\n"
                         "        for start in range(0, len(Xtr), 32):\n"
                         "            idx = order[start:start + 32]\n"
                         "            _, dlogits = softmax_cross_entropy(model.forward(Xtr[idx]), y_train[idx])\n"
                         "            model.backward(dlogits)\n"
                         "            optimizer.step(model.grads)\n"
                         "        val_loss, _ = softmax_cross_entropy(model.forward(Xva, train=False), y_val)\n"
                         "        if val_loss < best_loss:\n"
                         "            best_loss, wait = val_loss, 0\n"
                         "            best = {k: v.copy() for k, v in model.params.items()}\n"
                         "        else:\n"
                         "            wait += 1\n"
                         "            if wait >= 5:\n"
                         "                break\n"
                         "    for k in best:\n"
                         "        model.params[k][...] = best[k]\n"
                         "    return lambda X: model.predict(_standardize_own(X))\n"),
                 hint='a prediction must not depend on the other images of X (stand')),
    # written without reading the tests
    ('train_digits', Mistake('ignores the rng argument: seeds its own np.random.default_rng(42) inside',
                 source=("import numpy as np\n"
                         "from nnlib.layers import MLP\n"
                         "from nnlib.losses import softmax_cross_entropy\n"
                         "from nnlib.optim import Adam\n"
                         "\n"
                         "\n"
                         "def train_digits(X_train, y_train, X_val, y_val, rng):\n"
                         '    """Build, train and return a digit classifier.  X (N, 64) raw pixels, y (N,) -> predict: (M, 64) -> (M,) labels."""\n'
                         "    rng = np.random.default_rng(42)           # fixed seed so my results are reproducible\n"
                         "    mean = X_train.mean(axis=0)\n"
                         "    std = X_train.std(axis=0)\n"
                         "    std[std == 0] = 1.0\n"
                         "    Xtr = (X_train - mean) / std\n"
                         "    Xva = (X_val - mean) / std\n"
                         "    model = MLP([64, 128, 10], rng=rng)\n"
                         "    optimizer = Adam(model.params, lr=3e-3)\n"
                         "    best_loss, best, wait = np.inf, None, 0\n"
                         "    for epoch in range(40):\n"
                         "        order = rng.permutation(len(Xtr))\n"
                         "        for start in range(0, len(Xtr), 32):\n"
                         "            idx = order[start:start + 32]\n"
                         "            _, dlogits = softmax_cross_entropy(model.forward(Xtr[idx]), y_train[idx])\n"
                         "            model.backward(dlogits)\n"
                         "            optimizer.step(model.grads)\n"
                         "        val_loss, _ = softmax_cross_entropy(model.forward(Xva, train=False), y_val)\n"
                         "        if val_loss < best_loss:\n"
                         "            best_loss, wait = val_loss, 0\n"
                         "            best = {k: v.copy() for k, v in model.params.items()}\n"
                         "        else:\n"
                         "            wait += 1\n"
                         "            if wait >= 5:\n"
                         "                break\n"
                         "    for k in best:\n"
                         "        model.params[k][...] = best[k]\n"
                         "    return lambda X: model.predict((X - mean) / std)\n"),
                 hint='use rng for all randomness: MLP(..., rng=rng) and the shuffl')),
]
for _answer, _case in INDEPENDENT:
    _exercise = next(exercise for exercise in EXERCISES if exercise.answer == _answer)
    (_exercise.alternatives if isinstance(_case, str) else _exercise.mistakes).append(_case)
