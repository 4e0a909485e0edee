"""The training loop: mini-batches, metrics, early stopping, one training step and ``fit`` with a history.

Model protocol: ``model.params`` and ``model.grads`` are dicts of arrays with the same keys,
``model.forward(X, train=True, rng=None) -> logits``, ``model.backward(dlogits)`` fills ``model.grads``.
Optimizer protocol: ``optimizer.step(grads)`` updates ``model.params`` in place; ``optimizer.lr`` is settable.
Loss protocol: ``loss_fn(logits, y) -> (loss, dlogits)`` with the loss averaged over the batch.
"""
import time

import numpy as np

from .rng import as_rng
from .losses import softmax_cross_entropy

PROGRESS_MIN_SECONDS = 2.0
"""With ``progress=None``, ``fit`` shows a progress bar only when the whole run is estimated to take longer
(and at least half of it is still ahead)."""


def iterate_minibatches(X, y, batch_size, rng=0, shuffle=True):
    """Yield (X_batch, y_batch) covering every sample once; the last batch may be smaller.

    X (N, ...), y (N, ...) -> batches (B, ...), B <= batch_size. With ``shuffle`` the order is a fresh permutation
    drawn from ``rng`` at each call (a Generator gives a new order every epoch, an int seed the same order).
    Without ``shuffle`` the batches are views of X and y.
    """
    X, y = np.asarray(X), np.asarray(y)
    if isinstance(batch_size, bool) or not isinstance(batch_size, (int, np.integer)) or batch_size < 1:
        raise ValueError(f"batch_size must be an int >= 1, got {batch_size!r}")
    if X.ndim == 0 or y.ndim == 0 or len(X) != len(y):
        raise ValueError(f"X and y must have the same number of samples (rows), got shapes {X.shape} and {y.shape}")
    if shuffle:
        order = as_rng(rng).permutation(len(X))
        X, y = X[order], y[order]  # one gather per epoch; every batch below is then a view
    return _batches(X, y, batch_size)


def _batches(X, y, batch_size):
    for start in range(0, len(X), batch_size):
        yield X[start:start + batch_size], y[start:start + batch_size]


def _as_labels(a, name):
    """Labels (N,) from labels (N,) or from scores / one-hot rows (N, C) by argmax."""
    a = np.asarray(a)
    if a.ndim == 1:
        return a
    if a.ndim == 2 and a.shape[1] > 1:
        return a.argmax(axis=1)
    raise ValueError(f"{name} must be labels (N,) or scores (N, C) with C >= 2, got shape {a.shape}; "
                     "for a single output column, threshold it into labels first")


def accuracy(scores_or_labels, y):
    """Fraction of correct predictions: scores (N, C) (argmax) or labels (N,); y labels (N,) or one-hot (N, C)."""
    y_pred, y_true = _as_labels(scores_or_labels, "scores_or_labels"), _as_labels(y, "y")
    if len(y_pred) != len(y_true) or len(y_true) == 0:
        raise ValueError(f"need as many predictions as labels (at least one), got {len(y_pred)} and {len(y_true)}")
    return float(np.mean(y_pred == y_true))


def confusion_matrix(y_true, y_pred, n_classes=None):
    """C[i, j] = number of samples of true class i predicted as class j.

    y_true (N,), y_pred labels (N,) or scores (N, C) -> (n_classes, n_classes) int64; rows sum to the class counts.
    """
    y_true = _as_labels(y_true, "y_true").astype(np.int64)
    y_pred = _as_labels(y_pred, "y_pred").astype(np.int64)
    if len(y_true) != len(y_pred):
        raise ValueError(f"y_true and y_pred must have the same length, got {len(y_true)} and {len(y_pred)}")
    if n_classes is None:
        n_classes = int(max(y_true.max(initial=-1), y_pred.max(initial=-1))) + 1
    labels = np.concatenate([y_true, y_pred])
    if labels.size and (labels.min() < 0 or labels.max() >= n_classes):
        raise ValueError(f"labels must lie in 0..{n_classes - 1}, got {labels.min()}..{labels.max()}")
    counts = np.bincount(n_classes * y_true + y_pred, minlength=n_classes * n_classes)
    return counts.reshape(n_classes, n_classes)


class EarlyStopping:
    """Stop when the validation loss has not improved by more than ``min_delta`` for ``patience`` epochs.

    ``update`` keeps a deep copy of the parameters of the best epoch so far (``best_params``, ``best_loss``,
    ``best_epoch``, counting calls from 0); ``restore`` writes them back into the model's arrays.
    """

    def __init__(self, patience=10, min_delta=0.0):
        if isinstance(patience, bool) or not isinstance(patience, (int, np.integer)) or patience < 1:
            raise ValueError(f"patience must be an int >= 1, got {patience!r}")
        if not min_delta >= 0:
            raise ValueError(f"min_delta must be >= 0, got {min_delta!r}")
        self.patience, self.min_delta = int(patience), float(min_delta)
        self.reset()

    def reset(self):
        """Forget the history: the next ``update`` is epoch 0."""
        self.best_loss, self.best_epoch, self.best_params = np.inf, None, None
        self.epoch, self.wait = -1, 0

    def __repr__(self):
        return (f"EarlyStopping(patience={self.patience}, min_delta={self.min_delta}, best_loss={self.best_loss}, "
                f"best_epoch={self.best_epoch}, wait={self.wait})")

    def update(self, val_loss, params):
        """Record one epoch's validation loss; copy ``params`` when it is the best so far. -> True to stop."""
        self.epoch += 1
        if val_loss < self.best_loss - self.min_delta:
            self.best_loss, self.best_epoch, self.wait = float(val_loss), self.epoch, 0
            self._keep(params)
        else:
            self.wait += 1
        return self.wait >= self.patience

    def _keep(self, params):
        same_layout = self.best_params is not None and self.best_params.keys() == params.keys() and all(
            self.best_params[k].shape == np.shape(v) for k, v in params.items())
        if same_layout:
            for name, value in params.items():
                np.copyto(self.best_params[name], value)  # reuse the buffers instead of allocating each epoch
        else:
            self.best_params = {name: np.array(value, copy=True) for name, value in params.items()}

    def restore(self, params):
        """Copy the best parameters back into the arrays of ``params`` in place (the model sees the change)."""
        if self.best_params is None:
            raise RuntimeError("no parameters kept yet: call update with a finite validation loss first")
        missing = self.best_params.keys() - params.keys()
        if missing:
            raise KeyError(f"params lacks the kept parameters {sorted(missing)}")
        for name, best in self.best_params.items():
            np.copyto(params[name], best)


def _step(model, X_batch, y_batch, optimizer, loss_fn, rng, regularizer):
    """One forward/backward/update. -> (data loss, logits, penalty)."""
    logits = model.forward(X_batch, train=True, rng=rng)
    loss, dlogits = loss_fn(logits, y_batch)
    model.backward(dlogits)
    grads, penalty = model.grads, 0.0
    if regularizer is not None:
        penalty, penalty_grads = regularizer(model.params)
        grads = dict(grads)  # leave the model's own gradients untouched
        for name, dpenalty in penalty_grads.items():
            grads[name] = grads[name] + dpenalty
    optimizer.step(grads)
    return float(loss), logits, float(penalty)


def train_step(model, X_batch, y_batch, optimizer, loss_fn=softmax_cross_entropy, rng=None, regularizer=None):
    """One forward, backward and optimizer update on a batch. -> the batch loss (plus the penalty, if any)."""
    loss, _, penalty = _step(model, X_batch, y_batch, optimizer, loss_fn, rng, regularizer)
    return loss + penalty


def _is_labels(y):
    return y.ndim == 1 and np.issubdtype(y.dtype, np.integer)


def _predicted_labels(logits):
    """Labels (N,) from logits (N, C); one column is a binary logit, positive means class 1."""
    return logits.argmax(axis=1) if logits.shape[1] > 1 else (logits[:, 0] > 0).astype(np.int64)


def _new_history(classify, validate, regularize):
    keys = ["loss"] + ["accuracy"] * classify + ["val_loss"] * validate
    keys += ["val_accuracy"] * (classify and validate) + ["penalty"] * regularize + ["lr"]
    return {key: [] for key in keys}


def _open_progress_bar(epochs, initial):
    from tqdm.auto import tqdm  # imported only when a bar is shown

    return tqdm(total=epochs, initial=initial, unit="epoch", desc="fit", leave=False)


def _check_fit_args(X, y, epochs, X_val, y_val, early_stopping, progress):
    if len(X) != len(y) or len(X) == 0:
        raise ValueError(f"X and y must have the same number of samples (at least one), got {len(X)} and {len(y)}")
    if isinstance(epochs, bool) or not isinstance(epochs, (int, np.integer)) or epochs < 0:
        raise ValueError(f"epochs must be an int >= 0, got {epochs!r}")
    if (X_val is None) != (y_val is None):
        raise ValueError("give both X_val and y_val, or neither")
    if early_stopping is not None and X_val is None:
        raise ValueError("early stopping watches the validation loss: give X_val and y_val")
    if progress not in (None, True, False):
        raise ValueError(f"progress must be None (automatic), True or False, got {progress!r}")


def fit(model, X, y, optimizer, epochs=10, batch_size=32, loss_fn=softmax_cross_entropy, X_val=None, y_val=None,
        rng=0, early_stopping=None, scheduler=None, regularizer=None, callback=None, progress=None):
    """Train ``model`` with mini-batches for ``epochs`` epochs. -> history, a dict of per-epoch lists.

    history keys: "loss" (mean training loss of the epoch, penalty included), "accuracy" (from the running batch
    predictions, when y holds integer labels), "val_loss" and "val_accuracy" (when X_val, y_val are given; the loss
    without penalty), "penalty" (mean regularizer value, when given), "lr" (the learning rate used in the epoch).

    - ``regularizer(params) -> (value, grads)``: added to the loss and to the gradients of its keys.
    - ``early_stopping``: an ``EarlyStopping`` (reset at the start) fed the validation loss; at the end the model's
      parameters are set, in place, to those of the best epoch.
    - ``scheduler.step()`` is called after every epoch; ``callback(epoch, history)`` too, and True stops training.
    - ``progress``: None shows a tqdm bar only when the run is estimated to exceed ``PROGRESS_MIN_SECONDS``;
      True or False forces it on or off.
    """
    X, y = np.asarray(X), np.asarray(y)
    _check_fit_args(X, y, epochs, X_val, y_val, early_stopping, progress)
    if X_val is not None:
        X_val, y_val = np.asarray(X_val), np.asarray(y_val)
    rng = as_rng(rng)
    validate = X_val is not None
    classify = _is_labels(y)
    history = _new_history(classify, validate, regularizer is not None)
    if early_stopping is not None:
        early_stopping.reset()
    bar = _open_progress_bar(epochs, 0) if progress is True and epochs > 0 else None
    start = epoch_start = time.perf_counter()
    try:
        for epoch in range(epochs):
            history["lr"].append(optimizer.lr)
            loss_sum = penalty_sum = 0.0
            n_correct = n_batches = 0
            for X_batch, y_batch in iterate_minibatches(X, y, batch_size, rng):
                loss, logits, penalty = _step(model, X_batch, y_batch, optimizer, loss_fn, rng, regularizer)
                loss_sum += loss * len(X_batch)
                penalty_sum += penalty
                n_batches += 1
                if classify:
                    n_correct += np.count_nonzero(_predicted_labels(logits) == y_batch)
            mean_penalty = penalty_sum / max(n_batches, 1)
            history["loss"].append(loss_sum / len(X) + mean_penalty)
            if classify:
                history["accuracy"].append(n_correct / len(X))
            if regularizer is not None:
                history["penalty"].append(mean_penalty)
            if validate:
                val_logits = model.forward(X_val, train=False)
                history["val_loss"].append(float(loss_fn(val_logits, y_val)[0]))
                if classify:
                    history["val_accuracy"].append(float(np.mean(_predicted_labels(val_logits) == y_val)))
            if scheduler is not None:
                scheduler.step()

            stop = early_stopping is not None and early_stopping.update(history["val_loss"][-1], model.params)
            if callback is not None and callback(epoch, history):
                stop = True
            if bar is None and progress is None and not stop:
                now = time.perf_counter()
                # The latest epoch predicts the rest better than the mean, which carries the first call's warm-up.
                remaining = (now - epoch_start) * (epochs - epoch - 1)
                if remaining > PROGRESS_MIN_SECONDS / 2 and now - start + remaining > PROGRESS_MIN_SECONDS:
                    bar = _open_progress_bar(epochs, epoch + 1)
                epoch_start = now
            elif bar is not None:
                bar.update(1)
                bar.set_postfix({key: f"{history[key][-1]:.3g}" for key in ("loss", "val_loss", "val_accuracy")
                                 if key in history}, refresh=False)
            if stop:
                break
    finally:
        if bar is not None:
            bar.close()
    if early_stopping is not None and early_stopping.best_params is not None:
        early_stopping.restore(model.params)
    return history
