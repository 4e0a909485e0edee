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
- float32: the exercise intro states lesson 01's rule. float32 input may be worked and returned in float32 (checked
  to 2e-4 relative); float64 input is checked to 1e-6 relative, which float32 arithmetic can miss: log_softmax worked
  in float32 on float64 logits fails, and its message says the result has only float32 precision.
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

# Issue #14: at least 8 real mistakes and 4 other correct answers per exercise, among them a loop, a float32 version,
# an answer that prints or shows a progress bar (tqdm writes to stderr), and one built on another library function.
_BY_ANSWER = {exercise.answer: exercise for exercise in EXERCISES}
_BY_ANSWER["mse"].mistakes += [
    Mistake("halves the mean (the ½ of some textbooks)",
            source="def mse(y_hat, y):\n    return 0.5 * np.mean((y_hat - y) ** 2)\n",
            hint="expected 0.2875, got 0.14375"),
]
_BY_ANSWER["mse"].alternatives += [
    "from tqdm import tqdm\n\n"
    "def mse(y_hat, y):\n"
    "    errors = (np.asarray(y_hat, dtype=np.float64) - np.asarray(y, dtype=np.float64)).ravel()\n"
    "    total = 0.0\n"
    "    for e in tqdm(errors):\n"
    "        total += e * e\n"
    "    print('mse over', errors.size, 'elements')\n"
    "    return total / errors.size\n",
]
_BY_ANSWER["binary_cross_entropy"].mistakes += [
    Mistake("swaps the two terms: y log(1 − p) + (1 − y) log p",
            source="def binary_cross_entropy(probs, y):\n"
                   "    p = np.clip(np.asarray(probs, dtype=np.float64), 1e-12, 1 - 1e-12)\n"
                   "    return float(-np.mean(y * np.log(1 - p) + (1 - y) * np.log(p)))\n",
            hint="expected 0.3751, got 1.93638"),  # symmetric on [0.9, 0.9], [1, 0]: the (2, 3) batch tells
]
_BY_ANSWER["binary_cross_entropy"].alternatives += [
    "from tqdm import tqdm\n"
    "import math\n\n"
    "def binary_cross_entropy(probs, y):\n"
    "    p_all, y_all = np.asarray(probs, dtype=np.float64).ravel(), np.asarray(y, dtype=np.float64).ravel()\n"
    "    total = 0.0\n"
    "    for p, t in tqdm(zip(p_all, y_all), total=p_all.size):\n"
    "        p = min(max(p, 1e-12), 1 - 1e-12)\n"
    "        total -= t * math.log(p) + (1 - t) * math.log(1 - p)\n"
    "    return total / p_all.size\n",
]
_BY_ANSWER["binary_cross_entropy_with_logits"].mistakes += [
    Mistake("forgets the minus sign of −z·y and adds it twice: max(z, 0) − 2 z y",
            source="def binary_cross_entropy_with_logits(logits, y):\n"
                   "    z = np.asarray(logits, dtype=np.float64)\n"
                   "    return float(np.mean(np.maximum(z, 0) - 2 * z * y + np.log1p(np.exp(-np.abs(z)))))\n",
            hint="binary_cross_entropy_with_logits([2, −1, 0], [1, 0, 1])"),
    Mistake("exp(−z) instead of exp(−|z|) in the last term: right only for z >= 0",
            source="def binary_cross_entropy_with_logits(logits, y):\n"
                   "    z = np.asarray(logits, dtype=np.float64)\n"
                   "    return float(np.mean(np.maximum(z, 0) - z * y + np.log(1 + np.exp(-z))))\n",
            hint="expected 0.377779, got 0.711112"),
]
_BY_ANSWER["binary_cross_entropy_with_logits"].alternatives += [
    "def binary_cross_entropy_with_logits(logits, y):\n"
    "    print('logits', np.shape(logits))\n"
    "    z = np.asarray(logits, dtype=np.float64)\n"
    "    return float(np.mean(np.logaddexp(0, -np.abs(z)) + np.maximum(z, 0) - z * y))\n",
]
_BY_ANSWER["log_softmax"].mistakes += [
    Mistake("the softmax itself instead of its log",
            source="def log_softmax(logits):\n"
                   "    e = np.exp(logits - logits.max(axis=1, keepdims=True))\n"
                   "    return e / e.sum(axis=1, keepdims=True)\n",
            hint="expected -0.41703, got 0.659001"),
    Mistake("works in float32 on float64 logits",
            source="def log_softmax(logits):\n"
                   "    z = np.asarray(logits, dtype=np.float32)\n"
                   "    shifted = z - z.max(axis=1, keepdims=True)\n"
                   "    return shifted - np.log(np.exp(shifted).sum(axis=1, keepdims=True))\n",
            hint="only float32 precision"),
]
_BY_ANSWER["log_softmax"].alternatives += [
    "from tqdm import tqdm\n\n"
    "def log_softmax(logits):\n"
    "    out = np.zeros(np.shape(logits), dtype=np.result_type(logits, np.float32))\n"
    "    for n in tqdm(range(len(logits))):\n"
    "        m = np.max(logits[n])\n"
    "        out[n] = logits[n] - m - np.log(np.sum(np.exp(logits[n] - m)))\n"
    "    return out\n",
]
_BY_ANSWER["cross_entropy"].mistakes += [
    Mistake("tells labels from rows by the dtype: integer one-hot rows (the statement's example) are taken as labels",
            source="def cross_entropy(logits, y):\n"
                   "    log_probs = log_softmax(logits)\n"
                   "    y = np.asarray(y)\n"
                   "    if np.issubdtype(y.dtype, np.integer):\n"
                   "        return float(-np.mean(log_probs[np.arange(len(y)), y]))\n"
                   "    return float(-np.mean(np.sum(y * log_probs, axis=1)))\n",
            hint="not by the dtype"),
]
_BY_ANSWER["cross_entropy"].alternatives += [
    # another library function: numpy's logaddexp for the normalizer
    "def cross_entropy(logits, y):\n"
    "    log_probs = logits - np.logaddexp.reduce(logits, axis=1, keepdims=True)\n"
    "    y = np.asarray(y)\n"
    "    if y.ndim == 1:\n"
    "        y = np.eye(logits.shape[1])[y]\n"
    "    return float(-np.mean(np.sum(y * log_probs, axis=1)))\n",
    "from tqdm import tqdm\n\n"
    "def cross_entropy(logits, y):\n"
    "    log_probs = log_softmax(logits)\n"
    "    y = np.asarray(y)\n"
    "    total = 0.0\n"
    "    for n in tqdm(range(len(log_probs))):\n"
    "        total -= log_probs[n, y[n]] if y.ndim == 1 else np.dot(y[n], log_probs[n])\n"
    "    return total / len(log_probs)\n",
]
_BY_ANSWER["accuracy"].mistakes += [
    Mistake("the error rate instead of the accuracy",
            source="def accuracy(logits, y):\n    return float(np.mean(np.argmax(logits, axis=1) != y))\n",
            hint="expected 0.6, got 0.4"),
    Mistake("argmin instead of argmax",
            source="def accuracy(logits, y):\n    return float(np.mean(np.argmin(logits, axis=1) == y))\n",
            hint="accuracy(logits (5, 3), y)"),
]
_BY_ANSWER["accuracy"].alternatives += [
    "from tqdm import tqdm\n\n"
    "def accuracy(logits, y):\n"
    "    hits = [int(np.argmax(row) == label) for row, label in tqdm(zip(logits, y), total=len(y))]\n"
    "    print(sum(hits), 'of', len(hits))\n"
    "    return sum(hits) / len(hits)\n",
]

# Answers written without reading the tests (issue #14, section 4): each correct one must pass, each wrong one
# must fail with the hint its message gives.
_BY_ANSWER['mse'].alternatives.append(  # written without reading the tests: np.mean of the squared errors
    'import numpy as np\n\ndef mse(y_hat, y):\n    return np.mean((y_hat - y) ** 2)\n')
_BY_ANSWER['mse'].alternatives.append(  # written without reading the tests: python loop over the flattened arrays, divides by the elemen
    'import numpy as np\n\ndef mse(y_hat, y):\n    a = np.asarray(y_hat).ravel()\n    b = np.asarray(y).ravel()\n    total = 0.0\n    for i in range(a.size):\n        d = float(a[i]) - float(b[i])\n        total += d * d\n    return total / a.size\n')
_BY_ANSWER['mse'].alternatives.append(  # written without reading the tests: np.square and np.sum divided by .size, as float
    'import numpy as np\n\ndef mse(y_hat, y):\n    err = np.subtract(y_hat, y, dtype=np.float64)\n    return float(np.sum(np.square(err)) / err.size)\n')
_BY_ANSWER['mse'].mistakes.append(Mistake(  # written without reading the tests
    'divides by len(y) = N instead of the number of elements N*D',
    source='import numpy as np\n\ndef mse(y_hat, y):\n    return np.sum((y_hat - y) ** 2) / len(y)\n',
    hint='expected 1, got 3'))
_BY_ANSWER['mse'].mistakes.append(Mistake(  # written without reading the tests
    'returns the root mean squared error (takes the sqrt)',
    source='import numpy as np\n\ndef mse(y_hat, y):\n    return np.sqrt(np.mean((y_hat - y) ** 2))\n',
    hint='expected 0.2875, got 0.53619'))
_BY_ANSWER['mse'].mistakes.append(Mistake(  # written without reading the tests
    'subtracts in place (y_hat -= y), modifying the input',
    source='import numpy as np\n\ndef mse(y_hat, y):\n    y_hat -= y\n    return np.mean(y_hat ** 2)\n',
    hint='in place'))
_BY_ANSWER['mse'].mistakes.append(Mistake(  # written without reading the tests
    'mean over axis 0 only: an array per output column for 2-D batches',
    source='import numpy as np\n\ndef mse(y_hat, y):\n    return np.mean((y_hat - y) ** 2, axis=0)\n',
    hint='wrong shape'))
_BY_ANSWER['binary_cross_entropy'].alternatives.append(  # written without reading the tests: as in the statement: float64, clip to [1e-12, 1-1e-12], mean
    'import numpy as np\n\ndef binary_cross_entropy(probs, y):\n    eps = 1e-12\n    p = np.clip(np.asarray(probs, dtype=np.float64), eps, 1 - eps)\n    y = np.asarray(y, dtype=np.float64)\n    return -np.mean(y * np.log(p) + (1 - y) * np.log(1 - p))\n')
_BY_ANSWER['binary_cross_entropy'].alternatives.append(  # written without reading the tests: np.where picks -log p or -log(1-p) per label, eps = 1e-9
    'import numpy as np\n\ndef binary_cross_entropy(probs, y):\n    p = np.asarray(probs).astype(np.float64)\n    p = np.clip(p, 1e-9, 1 - 1e-9)\n    losses = np.where(np.asarray(y) == 1, -np.log(p), -np.log1p(-p))\n    return float(losses.mean())\n')
_BY_ANSWER['binary_cross_entropy'].alternatives.append(  # written without reading the tests: PyTorch style: clamp each log at -100 instead of clipping p
    'import numpy as np\n\ndef binary_cross_entropy(probs, y):\n    p = np.array(probs, dtype=np.float64)\n    y = np.array(y, dtype=np.float64)\n    with np.errstate(divide="ignore"):\n        log_p = np.maximum(np.log(p), -100.0)\n        log_1mp = np.maximum(np.log(1.0 - p), -100.0)\n    return -np.mean(y * log_p + (1.0 - y) * log_1mp)\n')
_BY_ANSWER['binary_cross_entropy'].mistakes.append(Mistake(  # written without reading the tests
    'clips without converting to float64: float32 p = 1 stays 1, log(0) -> NaN',
    source='import numpy as np\n\ndef binary_cross_entropy(probs, y):\n    eps = 1e-12\n    p = np.clip(probs, eps, 1 - eps)\n    return -np.mean(y * np.log(p) + (1 - y) * np.log(1 - p))\n',
    hint='not numerically stable'))
_BY_ANSWER['binary_cross_entropy'].mistakes.append(Mistake(  # written without reading the tests
    'no clipping at all: probabilities of exactly 0 or 1 give inf/NaN',
    source='import numpy as np\n\ndef binary_cross_entropy(probs, y):\n    return -np.mean(y * np.log(probs) + (1 - y) * np.log(1 - probs))\n',
    hint='not numerically stable'))
_BY_ANSWER['binary_cross_entropy'].mistakes.append(Mistake(  # written without reading the tests
    'keeps only the y*log(p) term (forgets the (1-y) log(1-p) part)',
    source='import numpy as np\n\ndef binary_cross_entropy(probs, y):\n    p = np.clip(np.asarray(probs, dtype=np.float64), 1e-12, 1 - 1e-12)\n    return -np.mean(y * np.log(p))\n',
    hint='expected 1.20397, got 0.0526803'))
_BY_ANSWER['binary_cross_entropy'].mistakes.append(Mistake(  # written without reading the tests
    "eps = 0.01 'to be safe': changes honest predictions like p = 0.001",
    source='import numpy as np\n\ndef binary_cross_entropy(probs, y):\n    eps = 0.01\n    p = np.clip(np.asarray(probs, dtype=np.float64), eps, 1 - eps)\n    return -np.mean(y * np.log(p) + (1 - y) * np.log(1 - p))\n',
    hint='expected 6.90776, got 4.60517'))
_BY_ANSWER['binary_cross_entropy_with_logits'].alternatives.append(  # written without reading the tests: the stable formula with log1p
    'import numpy as np\n\ndef binary_cross_entropy_with_logits(logits, y):\n    z = logits\n    return np.mean(np.maximum(z, 0) - z * y + np.log1p(np.exp(-np.abs(z))))\n')
_BY_ANSWER['binary_cross_entropy_with_logits'].alternatives.append(  # written without reading the tests: np.logaddexp(0, z) - z*y (softplus), in float64
    'import numpy as np\n\ndef binary_cross_entropy_with_logits(logits, y):\n    z = np.asarray(logits, dtype=np.float64)\n    y = np.asarray(y, dtype=np.float64)\n    # ln(1 + e^z) computed stably by numpy\n    return float(np.mean(np.logaddexp(0.0, z) - z * y))\n')
_BY_ANSWER['binary_cross_entropy_with_logits'].alternatives.append(  # written without reading the tests: softplus helper: y=1 -> softplus(-z), y=0 -> softplus(z)
    'import numpy as np\n\ndef binary_cross_entropy_with_logits(logits, y):\n    def softplus(x):\n        # ln(1 + e^x) without overflow\n        return np.maximum(x, 0) + np.log1p(np.exp(-np.abs(x)))\n    per_element = np.where(np.asarray(y) == 1, softplus(-logits), softplus(logits))\n    return per_element.mean()\n')
_BY_ANSWER['binary_cross_entropy_with_logits'].mistakes.append(Mistake(  # written without reading the tests
    'goes through a (stable) sigmoid and the clipped BCE',
    source='import numpy as np\n\ndef binary_cross_entropy_with_logits(logits, y):\n    e = np.exp(-np.abs(logits))\n    p = np.where(logits >= 0, 1 / (1 + e), e / (1 + e))\n    p = np.clip(p, 1e-12, 1 - 1e-12)\n    return -np.mean(y * np.log(p) + (1 - y) * np.log(1 - p))\n',
    hint='expected 500, got 13.8155'))
_BY_ANSWER['binary_cross_entropy_with_logits'].mistakes.append(Mistake(  # written without reading the tests
    'log1p(exp(-z)) without the absolute value: overflows for z = -1000',
    source='import numpy as np\n\ndef binary_cross_entropy_with_logits(logits, y):\n    z = logits\n    return np.mean(np.maximum(z, 0) - z * y + np.log1p(np.exp(-z)))\n',
    hint='expected 0.377779, got 0.711112'))
_BY_ANSWER['binary_cross_entropy_with_logits'].mistakes.append(Mistake(  # written without reading the tests
    'mean along axis=0: returns an array for 2-D logits (fine on 1-D)',
    source='import numpy as np\n\ndef binary_cross_entropy_with_logits(logits, y):\n    z = logits\n    losses = np.maximum(z, 0) - z * y + np.log1p(np.exp(-np.abs(z)))\n    return np.mean(losses, axis=0)\n',
    hint='wrong shape'))
_BY_ANSWER['binary_cross_entropy_with_logits'].mistakes.append(Mistake(  # written without reading the tests
    'forgets the max(z, 0) term',
    source='import numpy as np\n\ndef binary_cross_entropy_with_logits(logits, y):\n    z = logits\n    return np.mean(-z * y + np.log1p(np.exp(-np.abs(z))))\n',
    hint='expected 0.377779, got -0.288888'))
_BY_ANSWER['log_softmax'].alternatives.append(  # written without reading the tests: vectorised log-sum-exp with per-row max, keepdims
    'import numpy as np\n\ndef log_softmax(logits):\n    m = np.max(logits, axis=1, keepdims=True)\n    shifted = logits - m\n    return shifted - np.log(np.sum(np.exp(shifted), axis=1, keepdims=True))\n')
_BY_ANSWER['log_softmax'].alternatives.append(  # written without reading the tests: row loop with tqdm
    'import numpy as np\nfrom tqdm.auto import tqdm\n\ndef log_softmax(logits):\n    logits = np.asarray(logits)\n    out = np.empty_like(logits)\n    for n in tqdm(range(len(logits)), desc="log_softmax", leave=False):\n        z = logits[n]\n        s = z - z.max()\n        out[n] = s - np.log(np.exp(s).sum())\n    return out\n')
_BY_ANSWER['log_softmax'].alternatives.append(  # written without reading the tests: lse via [:, None] indexing instead of keepdims
    'import numpy as np\n\ndef log_softmax(logits):\n    m = logits.max(axis=1)\n    shifted = logits - m[:, None]\n    log_sum = np.log(np.exp(shifted).sum(axis=1))\n    return shifted - log_sum[:, None]\n')
_BY_ANSWER['log_softmax'].mistakes.append(Mistake(  # written without reading the tests
    'np.log of a (stable) softmax: -inf where the probability underflows',
    source='import numpy as np\n\ndef log_softmax(logits):\n    e = np.exp(logits - logits.max(axis=1, keepdims=True))\n    return np.log(e / e.sum(axis=1, keepdims=True))\n',
    hint='not numerically stable'))
_BY_ANSWER['log_softmax'].mistakes.append(Mistake(  # written without reading the tests
    "subtracts the max of the whole batch instead of each row's",
    source='import numpy as np\n\ndef log_softmax(logits):\n    m = np.max(logits)\n    return logits - m - np.log(np.sum(np.exp(logits - m), axis=1, keepdims=True))\n',
    hint='not numerically stable'))
_BY_ANSWER['log_softmax'].mistakes.append(Mistake(  # written without reading the tests
    'shifts the input in place (logits -= m)',
    source='import numpy as np\n\ndef log_softmax(logits):\n    logits -= logits.max(axis=1, keepdims=True)\n    return logits - np.log(np.exp(logits).sum(axis=1, keepdims=True))\n',
    hint='in place'))
_BY_ANSWER['log_softmax'].mistakes.append(Mistake(  # written without reading the tests
    'max and sum along axis=0 (columns) instead of rows',
    source='import numpy as np\n\ndef log_softmax(logits):\n    m = np.max(logits, axis=0, keepdims=True)\n    return logits - m - np.log(np.sum(np.exp(logits - m), axis=0, keepdims=True))\n',
    hint='expected -0.41703, got -0.126928'))
_BY_ANSWER['cross_entropy'].alternatives.append(  # written without reading the tests: log_softmax + paired indexing for labels, sum over classes f
    'import numpy as np\n\ndef cross_entropy(logits, y):\n    log_probs = log_softmax(logits)\n    N = logits.shape[0]\n    if y.ndim == 1:\n        return -np.mean(log_probs[np.arange(N), y])\n    return -np.mean(np.sum(y * log_probs, axis=1))\n')
_BY_ANSWER['cross_entropy'].alternatives.append(  # written without reading the tests: turns integer labels into one-hot rows with np.eye, one form
    'import numpy as np\n\ndef cross_entropy(logits, y):\n    y = np.asarray(y)\n    N, C = logits.shape\n    if y.ndim == 1:\n        Y = np.eye(C)[y]\n    else:\n        Y = y\n    per_sample = -np.sum(Y * log_softmax(logits), axis=1)\n    return per_sample.sum() / N\n')
_BY_ANSWER['cross_entropy'].alternatives.append(  # written without reading the tests: take_along_axis for labels, loop over samples for probabilit
    'import numpy as np\n\ndef cross_entropy(logits, y):\n    lp = log_softmax(logits)\n    N = lp.shape[0]\n    if np.ndim(y) == 1:\n        picked = np.take_along_axis(lp, np.asarray(y).reshape(-1, 1), axis=1)\n        return float(-picked.mean())\n    total = 0.0\n    for n in range(N):\n        total -= np.dot(y[n], lp[n])\n    return total / N\n')
_BY_ANSWER['cross_entropy'].mistakes.append(Mistake(  # written without reading the tests
    'log_probs[:, y] instead of paired indexing (N x N table)',
    source='import numpy as np\n\ndef cross_entropy(logits, y):\n    log_probs = log_softmax(logits)\n    if y.ndim == 1:\n        return -np.mean(log_probs[:, y])\n    return -np.mean(np.sum(y * log_probs, axis=1))\n',
    hint='expected 0.306882, got 1.05688'))
_BY_ANSWER['cross_entropy'].mistakes.append(Mistake(  # written without reading the tests
    'turns probability rows into labels with argmax (loses soft targets)',
    source='import numpy as np\n\ndef cross_entropy(logits, y):\n    if y.ndim == 2:\n        y = np.argmax(y, axis=1)\n    log_probs = log_softmax(logits)\n    return -np.mean(log_probs[np.arange(len(y)), y])\n',
    hint='expected 0.676882, got 0.306882'))
_BY_ANSWER['cross_entropy'].mistakes.append(Mistake(  # written without reading the tests
    'tells labels from rows by dtype (int => labels): integer one-hot rows break',
    source='import numpy as np\n\ndef cross_entropy(logits, y):\n    log_probs = log_softmax(logits)\n    if np.issubdtype(y.dtype, np.integer):\n        return -np.mean(log_probs[np.arange(len(y)), y])\n    return -np.mean(np.sum(y * log_probs, axis=1))\n',
    hint='not by the dtype'))
_BY_ANSWER['cross_entropy'].mistakes.append(Mistake(  # written without reading the tests
    'np.log of a softmax instead of log_softmax (inf for extreme logits)',
    source='import numpy as np\n\ndef cross_entropy(logits, y):\n    e = np.exp(logits - logits.max(axis=1, keepdims=True))\n    probs = e / e.sum(axis=1, keepdims=True)\n    if y.ndim == 1:\n        return -np.mean(np.log(probs[np.arange(len(y)), y]))\n    return -np.mean(np.sum(y * np.log(probs), axis=1))\n',
    hint='not numerically stable'))
_BY_ANSWER['accuracy'].alternatives.append(  # written without reading the tests: np.mean(argmax == y)
    'import numpy as np\n\ndef accuracy(logits, y):\n    return np.mean(np.argmax(logits, axis=1) == y)\n')
_BY_ANSWER['accuracy'].alternatives.append(  # written without reading the tests: loop counting correct rows, divided by N
    'import numpy as np\n\ndef accuracy(logits, y):\n    correct = 0\n    for n in range(len(y)):\n        if np.argmax(logits[n]) == y[n]:\n            correct += 1\n    return correct / len(y)\n')
_BY_ANSWER['accuracy'].alternatives.append(  # written without reading the tests: np.count_nonzero / shape[0], as float
    'import numpy as np\n\ndef accuracy(logits, y):\n    predicted = logits.argmax(axis=1)\n    return float(np.count_nonzero(predicted == np.asarray(y)) / logits.shape[0])\n')
_BY_ANSWER['accuracy'].mistakes.append(Mistake(  # written without reading the tests
    'returns the count of correct rows, not the fraction',
    source='import numpy as np\n\ndef accuracy(logits, y):\n    return np.sum(np.argmax(logits, axis=1) == y)\n',
    hint='batch size'))
_BY_ANSWER['accuracy'].mistakes.append(Mistake(  # written without reading the tests
    'returns a percentage (times 100)',
    source='import numpy as np\n\ndef accuracy(logits, y):\n    return 100 * np.mean(np.argmax(logits, axis=1) == y)\n',
    hint='expected 0.6, got 60'))
_BY_ANSWER['accuracy'].mistakes.append(Mistake(  # written without reading the tests
    'argmax along axis=0 (over samples, not classes)',
    source='import numpy as np\n\ndef accuracy(logits, y):\n    return np.mean(np.argmax(logits, axis=0) == y)\n',
    hint='ValueError'))
_BY_ANSWER['accuracy'].mistakes.append(Mistake(  # written without reading the tests
    'rounds the fraction to 2 decimals (1/3 -> 0.33)',
    source='import numpy as np\n\ndef accuracy(logits, y):\n    acc = np.mean(np.argmax(logits, axis=1) == y)\n    return round(float(acc), 2)\n',
    hint='expected 0.571429, got 0.57'))

# The kinds of correct answers every exercise holds (a loop, float32 work, prints or a progress bar, another library
# function): the ones no case above showed.
_BY_ANSWER["mse"].alternatives += [
    # float32 arrays are worked in float32 (the statement's float32 accuracy), everything else in float64
    "def mse(y_hat, y):\n"
    "    dtype = np.float32 if np.result_type(y_hat, y) == np.float32 else np.float64\n"
    "    error = np.asarray(y_hat, dtype=dtype) - np.asarray(y, dtype=dtype)\n"
    "    return float(np.mean(error * error))\n",
]
_BY_ANSWER["cross_entropy"].alternatives += [
    # labels turned into one-hot rows in the log-probabilities' dtype, so that float32 logits are worked in float32
    "def cross_entropy(logits, y):\n"
    "    log_probs = log_softmax(logits)\n"
    "    y = np.asarray(y)\n"
    "    N, C = log_probs.shape\n"
    "    targets = np.eye(C, dtype=log_probs.dtype)[y] if y.ndim == 1 else y.astype(log_probs.dtype)\n"
    "    return float(-np.sum(targets * log_probs) / N)\n",
]
