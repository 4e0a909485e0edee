"""Grader quality of lesson 02: the mistakes students really make must fail with the right hint, and other correct
implementations (loops, other formulas, float32, code that warns) must pass.

Judgement calls, stated so that they can be argued with:
- binary_cross_entropy clips probabilities of exactly 0 or 1. Any eps up to 1e-7 passes, and so does PyTorch's
  clamp of each log at −100: the tests ask a certain mistake for a loss between 10 and 1000, and compare honest
  probabilities (down to 1e-5) exactly. Clipping to [0.01, 0.99] changes honest predictions and fails. In float32,
  1 − 1e-12 rounds to exactly 1.0, so clipping a float32 array to [1e-12, 1 − 1e-12] leaves p = 1 and gives NaN: the
  hidden tests include float32 probabilities of exactly 0 and 1, and that fails; converting to float64 first, or an
  eps that float32 tells apart from 1 (1e-7), passes.
- binary_cross_entropy_with_logits is checked to an absolute error of 1e-16 times the largest |z|, the rounding of
  the terms a correct answer adds. Demanding the tiny loss of a confident right answer (z = 40: 4.2e-18) to full
  relative precision would grade the order of the additions, not the understanding: log1p(exp(−|z|)) + max(z, 0)
  − z·y and logaddexp(0, z) − z·y round 40 + 4.2e-18 to 40 and return 0, as right as float64 allows. So does
  log(1 + x) without log1p (its error is below 1e-16), which therefore passes; the statement teaches log1p as the
  habit that keeps the tiny loss when it is needed on its own. Going through a clipped σ(z) costs 1e-12 at z = 40
  and 1000 at |z| = 1000, and fails.
- cross_entropy takes soft targets (any rows of probabilities, e.g. label-smoothed): turning rows into labels with
  argmax passes one-hot rows but fails the soft ones.
- accuracy takes integer labels only; the delegation to nnlib.train.accuracy (a module the grading helper does not
  watch) is caught by the hidden test itself.
"""
from tests.grading.quality import Exercise, Mistake

LESSON = "02_losses"

EXERCISES = [
    Exercise(
        answer="mse",
        tests=["mse_visible", "mse_hidden"],
        mistakes=[
            Mistake("sums the squared errors instead of averaging them",
                    source="def mse(y_hat, y):\n    return np.sum((y_hat - y) ** 2)\n",
                    hint="batch size"),
            Mistake("forgets the square: the signed errors cancel",
                    source="def mse(y_hat, y):\n    return np.mean(y_hat - y)\n",
                    hint="square every error"),
            Mistake("takes the mean absolute error",
                    source="def mse(y_hat, y):\n    return np.mean(np.abs(y_hat - y))\n",
                    hint="square every error"),
            Mistake("takes the square root (RMSE)",
                    source="def mse(y_hat, y):\n    return np.sqrt(np.mean((y_hat - y) ** 2))\n",
                    hint="square every error"),
            Mistake("averages over axis 0 only, returning one value per column",
                    source="def mse(y_hat, y):\n    return np.mean((y_hat - y) ** 2, axis=0)\n",
                    hint="all N × D"),
            Mistake("sums over the features and averages over the samples",
                    source="def mse(y_hat, y):\n"
                           "    squared = (y_hat - y) ** 2\n"
                           "    return np.mean(squared.reshape(len(squared), -1).sum(axis=1))\n",
                    hint="all N × D"),
            Mistake("divides by the number of rows N instead of the number of elements",
                    source="def mse(y_hat, y):\n    return np.sum((y_hat - y) ** 2) / len(y)\n",
                    hint="all N × D"),
        ],
        alternatives=[
            # a loop over every element
            "def mse(y_hat, y):\n"
            "    y_hat, y = np.asarray(y_hat, dtype=float).ravel(), np.asarray(y, dtype=float).ravel()\n"
            "    total = 0.0\n"
            "    for a, b in zip(y_hat, y):\n"
            "        total += (a - b) ** 2\n"
            "    return total / len(y)\n",
            # the squared norm of the error, divided by its size
            "def mse(y_hat, y):\n"
            "    error = y_hat - y\n"
            "    return np.linalg.norm(error.ravel()) ** 2 / error.size\n",
            # np.square and np.average, float32 kept
            "def mse(y_hat, y):\n    return np.average(np.square(y_hat - y))\n",
            # a dot product of the flattened error with itself
            "def mse(y_hat, y):\n"
            "    e = (np.asarray(y_hat) - np.asarray(y)).reshape(-1).astype(np.float64)\n"
            "    return e @ e / e.size\n",
        ],
    ),
    Exercise(
        answer="binary_cross_entropy",
        tests=["binary_cross_entropy_visible", "binary_cross_entropy_hidden"],
        mistakes=[
            Mistake("forgets the minus sign",
                    source="def binary_cross_entropy(probs, y):\n"
                           "    p = np.clip(probs, 1e-12, 1 - 1e-12)\n"
                           "    return np.mean(y * np.log(p) + (1 - y) * np.log(1 - p))\n",
                    hint="wrong sign"),
            Mistake("sums over the batch instead of averaging",
                    source="def binary_cross_entropy(probs, y):\n"
                           "    p = np.clip(probs, 1e-12, 1 - 1e-12)\n"
                           "    return -np.sum(y * np.log(p) + (1 - y) * np.log(1 - p))\n",
                    hint="batch size"),
            Mistake("no clipping: log(0) = −inf, and 0 · (−inf) = NaN for a certain answer",
                    source="def binary_cross_entropy(probs, y):\n"
                           "    return -np.mean(y * np.log(probs) + (1 - y) * np.log(1 - probs))\n",
                    hint="clip probs"),
            Mistake("keeps only the y log p term",
                    source="def binary_cross_entropy(probs, y):\n"
                           "    p = np.clip(probs, 1e-12, 1 - 1e-12)\n"
                           "    return -np.mean(y * np.log(p))\n",
                    hint="both terms"),
            Mistake("clips far too much, to [0.01, 0.99]",
                    source="def binary_cross_entropy(probs, y):\n"
                           "    p = np.clip(probs, 0.01, 0.99)\n"
                           "    return -np.mean(y * np.log(p) + (1 - y) * np.log(1 - p))\n",
                    hint="tiny eps"),
            Mistake("clips a float32 array in float32, where 1 − 1e-12 rounds to 1.0 and log(1 − p) is −inf again",
                    source="def binary_cross_entropy(probs, y):\n"
                           "    p = np.clip(probs, 1e-12, 1 - 1e-12)\n"
                           "    return -(y * np.log(p) + (1 - y) * np.log1p(-p)).mean()\n",
                    hint="convert probs to float64 before clipping"),
            Mistake("uses log10 instead of the natural log",
                    source="def binary_cross_entropy(probs, y):\n"
                           "    p = np.clip(probs, 1e-12, 1 - 1e-12)\n"
                           "    return -np.mean(y * np.log10(p) + (1 - y) * np.log10(1 - p))\n",
                    hint="natural log"),
        ],
        alternatives=[
            # np.where picks the probability of the true class (labels are 0 or 1)
            "def binary_cross_entropy(probs, y):\n"
            "    p_true = np.where(np.asarray(y) == 1, probs, 1 - np.asarray(probs))\n"
            "    return -np.mean(np.log(np.maximum(p_true, 1e-12)))\n",
            # PyTorch's choice: each log clamped at −100 (log(0) warns, harmlessly)
            "def binary_cross_entropy(probs, y):\n"
            "    log_p = np.maximum(np.log(probs), -100)\n"
            "    log_1mp = np.maximum(np.log(1 - probs), -100)\n"
            "    return -np.mean(y * log_p + (1 - y) * log_1mp)\n",
            # a loop with the math module and eps = 1e-7
            "import math\n\n"
            "def binary_cross_entropy(probs, y):\n"
            "    probs, y = np.asarray(probs).ravel(), np.asarray(y).ravel()\n"
            "    total = 0.0\n"
            "    for p, t in zip(probs, y):\n"
            "        p = min(max(float(p), 1e-7), 1 - 1e-7)\n"
            "        total -= t * math.log(p) + (1 - t) * math.log(1 - p)\n"
            "    return total / len(probs)\n",
            # log1p for log(1 − p), clipped after the conversion to float64
            "def binary_cross_entropy(probs, y):\n"
            "    p = np.clip(np.asarray(probs, dtype=np.float64), 1e-12, 1 - 1e-12)\n"
            "    return -(y * np.log(p) + (1 - y) * np.log1p(-p)).mean()\n",
            # float32 kept, with an eps that float32 can tell apart from 1 (1 − 1e-7 is not rounded to 1.0)
            "def binary_cross_entropy(probs, y):\n"
            "    p = np.clip(probs, 1e-7, 1 - 1e-7)\n"
            "    return float(-np.mean(y * np.log(p) + (1 - y) * np.log(1 - p)))\n",
        ],
    ),
    Exercise(
        answer="binary_cross_entropy_with_logits",
        tests=["binary_cross_entropy_with_logits_visible", "binary_cross_entropy_with_logits_hidden"],
        mistakes=[
            Mistake("naive log of a (stable) sigmoid: log(0) = −inf at |z| = 1000",
                    source="def binary_cross_entropy_with_logits(logits, y):\n"
                           "    e = np.exp(-np.abs(logits))\n"
                           "    p = np.where(logits >= 0, 1 / (1 + e), e / (1 + e))\n"
                           "    return -np.mean(y * np.log(p) + (1 - y) * np.log(1 - p))\n",
                    hint="numerically stable"),
            Mistake("reuses binary_cross_entropy(sigmoid(z), y), which clips",
                    source="def binary_cross_entropy_with_logits(logits, y):\n"
                           "    e = np.exp(-np.abs(logits))\n"
                           "    p = np.where(logits >= 0, 1 / (1 + e), e / (1 + e))\n"
                           "    return binary_cross_entropy(p, y)\n",
                    hint="use the logits directly"),
            Mistake("drops the max(z, 0) term",
                    source="def binary_cross_entropy_with_logits(logits, y):\n"
                           "    z = logits\n"
                           "    return np.mean(-z * y + np.log1p(np.exp(-np.abs(z))))\n",
                    hint="max(z, 0) − z·y"),
            Mistake("(1 − y) z + log(1 + exp(−z)) without |z|: exp(1000) overflows",
                    source="def binary_cross_entropy_with_logits(logits, y):\n"
                           "    z = logits\n"
                           "    return np.mean((1 - y) * z + np.log1p(np.exp(-z)))\n",
                    hint="numerically stable"),
            Mistake("sign error: + z·y",
                    source="def binary_cross_entropy_with_logits(logits, y):\n"
                           "    z = logits\n"
                           "    return np.mean(np.maximum(z, 0) + z * y + np.log1p(np.exp(-np.abs(z))))\n",
                    hint="max(z, 0) − z·y"),
            Mistake("sums over the batch",
                    source="def binary_cross_entropy_with_logits(logits, y):\n"
                           "    z = logits\n"
                           "    return np.sum(np.maximum(z, 0) - z * y + np.log1p(np.exp(-np.abs(z))))\n",
                    hint="batch size"),
        ],
        alternatives=[
            # numpy's logaddexp: log(1 + e^a) = logaddexp(0, a)
            "def binary_cross_entropy_with_logits(logits, y):\n"
            "    return np.mean(y * np.logaddexp(0, -logits) + (1 - y) * np.logaddexp(0, logits))\n",
            # two branches with np.where: the discarded branch overflows and warns, every kept number is right
            "def binary_cross_entropy_with_logits(logits, y):\n"
            "    z = logits\n"
            "    per = np.where(z >= 0, (1 - y) * z + np.log1p(np.exp(-z)), -y * z + np.log1p(np.exp(z)))\n"
            "    return np.mean(per)\n",
            # a stable log-sigmoid, used for both terms: log(1 − σ(z)) = log σ(−z)
            "def binary_cross_entropy_with_logits(logits, y):\n"
            "    def log_sigmoid(z):\n"
            "        return np.minimum(z, 0) - np.log1p(np.exp(-np.abs(z)))\n"
            "    return -np.mean(y * log_sigmoid(logits) + (1 - y) * log_sigmoid(-logits))\n",
            # the stable form with the tiny term added first: 40 + 4.2e-18 rounds to 40, the loss to 0
            "def binary_cross_entropy_with_logits(logits, y):\n"
            "    z = logits\n"
            "    return np.mean(np.log1p(np.exp(-np.abs(z))) + np.maximum(z, 0) - z * y)\n",
            "def binary_cross_entropy_with_logits(logits, y):\n"
            "    z = logits\n"
            "    return np.mean(np.maximum(z, 0) + np.log1p(np.exp(-np.abs(z))) - z * y)\n",
            # log(1 + e^z) − z·y with numpy's logaddexp
            "def binary_cross_entropy_with_logits(logits, y):\n"
            "    return np.mean(np.logaddexp(0, logits) - logits * y)\n",
            # log instead of log1p: wrong only below float64's rounding of the loss
            "def binary_cross_entropy_with_logits(logits, y):\n"
            "    z = logits\n"
            "    return np.mean(np.maximum(z, 0) - z * y + np.log(1 + np.exp(-np.abs(z))))\n",
            # float32 kept throughout (the float32 test allows float32's precision)
            "def binary_cross_entropy_with_logits(logits, y):\n"
            "    z = np.asarray(logits)\n"
            "    y = np.asarray(y, dtype=z.dtype)\n"
            "    return np.mean(np.maximum(z, 0) - z * y + np.log1p(np.exp(-np.abs(z))))\n",
            # a loop with the math module
            "import math\n\n"
            "def binary_cross_entropy_with_logits(logits, y):\n"
            "    z_all, y_all = np.asarray(logits, dtype=float).ravel(), np.asarray(y, dtype=float).ravel()\n"
            "    total = 0.0\n"
            "    for z, t in zip(z_all, y_all):\n"
            "        total += max(z, 0.0) - z * t + math.log1p(math.exp(-abs(z)))\n"
            "    return total / len(z_all)\n",
        ],
    ),
    Exercise(
        answer="log_softmax",
        tests=["log_softmax_visible", "log_softmax_hidden"],
        mistakes=[
            Mistake("log of a (stable) softmax: log(0) = −inf where a probability underflows",
                    source="def log_softmax(logits):\n"
                           "    e = np.exp(logits - np.max(logits, axis=1, keepdims=True))\n"
                           "    return np.log(e / np.sum(e, axis=1, keepdims=True))\n",
                    hint="numerically stable"),
            Mistake("no max shift: exp(1000) overflows",
                    source="def log_softmax(logits):\n"
                           "    return logits - np.log(np.sum(np.exp(logits), axis=1, keepdims=True))\n",
                    hint="numerically stable"),
            Mistake("the max and the sum over the wrong axis (columns)",
                    source="def log_softmax(logits):\n"
                           "    shifted = logits - np.max(logits, axis=0, keepdims=True)\n"
                           "    return shifted - np.log(np.sum(np.exp(shifted), axis=0, keepdims=True))\n",
                    hint="axis=1"),
            Mistake("shifts by the maximum of the whole batch",
                    source="def log_softmax(logits):\n"
                           "    shifted = logits - np.max(logits)\n"
                           "    return shifted - np.log(np.sum(np.exp(shifted), axis=1, keepdims=True))\n",
                    hint="own maximum"),
            Mistake("forgets the − m: z − log Σ exp(z − m)",
                    source="def log_softmax(logits):\n"
                           "    m = np.max(logits, axis=1, keepdims=True)\n"
                           "    return logits - np.log(np.sum(np.exp(logits - m), axis=1, keepdims=True))\n",
                    hint="z − m − log"),
            Mistake("sums without keepdims, so (N, C) − (N,) does not broadcast",
                    source="def log_softmax(logits):\n"
                           "    shifted = logits - np.max(logits, axis=1, keepdims=True)\n"
                           "    return shifted - np.log(np.sum(np.exp(shifted), axis=1))\n",
                    hint="keepdims"),
        ],
        alternatives=[
            # a loop over the rows
            "def log_softmax(logits):\n"
            "    out = np.empty(np.shape(logits))\n"
            "    for n, row in enumerate(np.asarray(logits, dtype=np.float64)):\n"
            "        m = row.max()\n"
            "        out[n] = row - m - np.log(np.exp(row - m).sum())\n"
            "    return out\n",
            # numpy's stable logaddexp.reduce, [:, None] instead of keepdims
            "def log_softmax(logits):\n"
            "    return logits - np.logaddexp.reduce(logits, axis=1)[:, None]\n",
            # the log-sum-exp computed first, float32 kept
            "def log_softmax(logits):\n"
            "    m = logits.max(axis=1, keepdims=True)\n"
            "    lse = m + np.log(np.exp(logits - m).sum(axis=1, keepdims=True))\n"
            "    return logits - lse\n",
            # on the transpose, along axis 0
            "def log_softmax(logits):\n"
            "    t = logits.T - logits.T.max(axis=0)\n"
            "    return (t - np.log(np.exp(t).sum(axis=0))).T\n",
        ],
    ),
    Exercise(
        answer="cross_entropy",
        tests=["cross_entropy_visible", "cross_entropy_hidden"],
        mistakes=[
            Mistake("picks log_probs[:, y]: every label's column for every row",
                    source="def cross_entropy(logits, y):\n"
                           "    log_probs = log_softmax(logits)\n"
                           "    if y.ndim == 2:\n"
                           "        return -np.mean(np.sum(y * log_probs, axis=1))\n"
                           "    return -np.mean(log_probs[:, y])\n",
                    hint="log_probs[np.arange(N), y]"),
            Mistake("one-hot targets summed over the samples (axis=0) instead of the classes",
                    source="def cross_entropy(logits, y):\n"
                           "    log_probs = log_softmax(logits)\n"
                           "    if y.ndim == 2:\n"
                           "        return -np.mean(np.sum(y * log_probs, axis=0))\n"
                           "    return -np.mean(log_probs[np.arange(len(y)), y])\n",
                    hint="over the classes (axis=1)"),
            Mistake("handles integer labels only",
                    source="def cross_entropy(logits, y):\n"
                           "    log_probs = log_softmax(logits)\n"
                           "    return -np.mean(log_probs[np.arange(len(y)), y])\n",
                    hint="one-hot targets"),
            Mistake("forgets the minus sign",
                    source="def cross_entropy(logits, y):\n"
                           "    log_probs = log_softmax(logits)\n"
                           "    if y.ndim == 2:\n"
                           "        return np.mean(np.sum(y * log_probs, axis=1))\n"
                           "    return np.mean(log_probs[np.arange(len(y)), y])\n",
                    hint="wrong sign"),
            Mistake("sums over the batch instead of averaging",
                    source="def cross_entropy(logits, y):\n"
                           "    log_probs = log_softmax(logits)\n"
                           "    if y.ndim == 2:\n"
                           "        return -np.sum(y * log_probs)\n"
                           "    return -np.sum(log_probs[np.arange(len(y)), y])\n",
                    hint="batch size"),
            Mistake("log of a softmax instead of log_softmax",
                    source="def cross_entropy(logits, y):\n"
                           "    e = np.exp(logits - logits.max(axis=1, keepdims=True))\n"
                           "    probs = e / e.sum(axis=1, keepdims=True)\n"
                           "    if y.ndim == 2:\n"
                           "        return -np.mean(np.sum(y * np.log(probs), axis=1))\n"
                           "    return -np.mean(np.log(probs[np.arange(len(y)), y]))\n",
                    hint="numerically stable"),
            Mistake("turns the rows into labels with argmax: right for one-hot rows, wrong for soft targets",
                    source="def cross_entropy(logits, y):\n"
                           "    labels = np.argmax(y, axis=1) if np.ndim(y) == 2 else y\n"
                           "    picked = np.take_along_axis(log_softmax(logits), labels[:, None], axis=1)\n"
                           "    return -picked.mean()\n",
                    hint="soft targets count every class"),
            Mistake("one-hot averaged over every entry (divides by N·C)",
                    source="def cross_entropy(logits, y):\n"
                           "    log_probs = log_softmax(logits)\n"
                           "    if y.ndim == 2:\n"
                           "        return -np.mean(y * log_probs)\n"
                           "    return -np.mean(log_probs[np.arange(len(y)), y])\n",
                    hint="over the classes (axis=1)"),
        ],
        alternatives=[
            # integer labels turned into one-hot rows, one formula for both
            "def cross_entropy(logits, y):\n"
            "    log_probs = log_softmax(logits)\n"
            "    Y = np.eye(logits.shape[1])[y] if np.ndim(y) == 1 else y\n"
            "    return -np.sum(Y * log_probs) / logits.shape[0]\n",
            # np.take_along_axis for labels, an einsum for rows of probabilities
            "def cross_entropy(logits, y):\n"
            "    log_probs = log_softmax(logits)\n"
            "    if np.ndim(y) == 2:\n"
            "        return -np.einsum('nk,nk->', y, log_probs) / len(log_probs)\n"
            "    return -np.take_along_axis(log_probs, y[:, None], axis=1).mean()\n",
            # log-sum-exp minus the true logit, a loop over the rows
            "def cross_entropy(logits, y):\n"
            "    y = np.asarray(y)\n"
            "    total = 0.0\n"
            "    for n, row in enumerate(np.asarray(logits, dtype=np.float64)):\n"
            "        m = row.max()\n"
            "        lse = m + np.log(np.exp(row - m).sum())\n"
            "        target = y[n] if y.ndim == 2 else np.eye(len(row))[y[n]]\n"
            "        total += np.sum(target * (lse - row))\n"
            "    return total / len(y)\n",
        ],
    ),
    Exercise(
        answer="accuracy",
        tests=["accuracy_visible", "accuracy_hidden"],
        mistakes=[
            Mistake("compares the logits with the labels, without argmax",
                    source="def accuracy(logits, y):\n    return np.mean(logits == y)\n",
                    hint="argmax(logits, axis=1)"),
            Mistake("returns the number of correct rows instead of the fraction",
                    source="def accuracy(logits, y):\n    return np.sum(np.argmax(logits, axis=1) == y)\n",
                    hint="not a count"),
            Mistake("argmax over the wrong axis",
                    source="def accuracy(logits, y):\n    return np.mean(np.argmax(logits, axis=0) == y)\n",
                    hint="axis=1"),
            Mistake("argmax without an axis: one index into the flattened array",
                    source="def accuracy(logits, y):\n    return np.mean(np.argmax(logits) == y)\n",
                    hint="axis=1"),
            Mistake("returns a percentage",
                    source="def accuracy(logits, y):\n    return 100 * np.mean(np.argmax(logits, axis=1) == y)\n",
                    hint="not a count or a percentage"),
            Mistake("delegates to the course library",
                    source="from nnlib.train import accuracy as library_accuracy\n\n"
                           "def accuracy(logits, y):\n    return library_accuracy(logits, y)\n",
                    hint="course library"),
        ],
        alternatives=[
            # a loop over the rows
            "def accuracy(logits, y):\n"
            "    correct = 0\n"
            "    for row, label in zip(logits, y):\n"
            "        correct += int(np.argmax(row) == label)\n"
            "    return correct / len(y)\n",
            # count_nonzero divided by N
            "def accuracy(logits, y):\n"
            "    return np.count_nonzero(logits.argmax(axis=1) == y) / y.shape[0]\n",
            # through the student's log_softmax (same argmax), as float32
            "def accuracy(logits, y):\n"
            "    predicted = log_softmax(logits).argmax(axis=1)\n"
            "    return (predicted == y).astype(np.float32).mean()\n",
            # the row maximum compared with the true class's logit
            "def accuracy(logits, y):\n"
            "    true_logit = logits[np.arange(len(y)), y]\n"
            "    return np.mean(true_logit >= logits.max(axis=1))\n",
        ],
    ),
]
