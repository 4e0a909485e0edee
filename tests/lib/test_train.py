"""nnlib.train: mini-batches, metrics, early stopping, fit's history and loop, and training real MLPs."""
import time

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from nnlib import data, train
from nnlib.losses import softmax_cross_entropy

pytestmark = pytest.mark.filterwarnings("error")


class LinearSoftmax:
    """A protocol-compatible model written here, so that fit is tested apart from nnlib.layers: logits = X W + b."""

    def __init__(self, n_in, n_out, rng=0):
        self.params = {"W": 0.01 * np.random.default_rng(rng).standard_normal((n_in, n_out)), "b": np.zeros(n_out)}
        self.grads = {name: np.zeros_like(value) for name, value in self.params.items()}
        self.train_flags = []

    def forward(self, X, train=True, rng=None):
        self.train_flags.append(train)
        self.X = X
        return X @ self.params["W"] + self.params["b"]

    def backward(self, dlogits):
        self.grads["W"] = self.X.T @ dlogits
        self.grads["b"] = dlogits.sum(axis=0)

    def predict(self, X):
        return self.forward(X, train=False).argmax(axis=1)


class PlainSGD:
    """p <- p - lr g, in place."""

    def __init__(self, params, lr=0.5):
        self.params, self.lr, self.steps = params, lr, 0

    def step(self, grads):
        self.steps += 1
        for name, p in self.params.items():
            p -= self.lr * grads[name]


class HalvingScheduler:
    def __init__(self, optimizer):
        self.optimizer, self.calls = optimizer, 0

    def step(self):
        self.calls += 1
        self.optimizer.lr /= 2


# ----- iterate_minibatches


@given(n=st.integers(1, 200), batch_size=st.integers(1, 250), seed=st.integers(0, 2**32 - 1),
       shuffle=st.booleans())
def test_minibatches_cover_every_sample_once_with_rows_aligned(n, batch_size, seed, shuffle):
    X = np.arange(n, dtype=float)[:, None] * np.ones((1, 3))  # row i holds i
    y = 10 * np.arange(n)
    batches = list(train.iterate_minibatches(X, y, batch_size, rng=seed, shuffle=shuffle))
    assert len(batches) == -(-n // batch_size)
    sizes = [len(Xb) for Xb, _ in batches]
    assert all(s == batch_size for s in sizes[:-1]), "only the last batch may be smaller"
    assert sizes[-1] == n - batch_size * (len(batches) - 1), "the last partial batch is missing or wrong"
    seen = np.concatenate([Xb[:, 0] for Xb, _ in batches])
    np.testing.assert_array_equal(np.sort(seen), np.arange(n), err_msg="each sample must appear exactly once")
    for Xb, yb in batches:
        np.testing.assert_array_equal(10 * Xb[:, 0], yb, err_msg="X and y rows got separated")
    if not shuffle:
        np.testing.assert_array_equal(seen, np.arange(n))


@given(n=st.integers(20, 200), batch_size=st.integers(1, 64), seed=st.integers(0, 2**32 - 1))
def test_minibatches_reshuffle_each_epoch_with_a_generator(n, batch_size, seed):
    X, y = np.arange(n), np.arange(n)
    rng = np.random.default_rng(seed)
    first = np.concatenate([yb for _, yb in train.iterate_minibatches(X, y, batch_size, rng=rng)])
    second = np.concatenate([yb for _, yb in train.iterate_minibatches(X, y, batch_size, rng=rng)])
    assert not np.array_equal(first, second), "a Generator must give a new order every epoch"
    assert not np.array_equal(first, np.arange(n)), "the samples were not shuffled"
    again = [np.concatenate([yb for _, yb in train.iterate_minibatches(X, y, batch_size, rng=seed)]) for _ in "ab"]
    np.testing.assert_array_equal(again[0], again[1], err_msg="an int seed must give the same order every call")


def test_minibatches_without_shuffle_are_views():
    X, y = np.zeros((10, 2)), np.zeros(10)
    Xb, yb = next(train.iterate_minibatches(X, y, 4, shuffle=False))
    assert np.shares_memory(Xb, X) and np.shares_memory(yb, y)


@pytest.mark.parametrize("batch_size", [0, -3, 2.5, True, None])
def test_minibatches_reject_bad_batch_size_at_call_time(batch_size):
    with pytest.raises(ValueError, match="batch_size"):
        train.iterate_minibatches(np.zeros((5, 2)), np.zeros(5), batch_size)


def test_minibatches_reject_length_mismatch_at_call_time():
    with pytest.raises(ValueError, match="same number of samples"):
        train.iterate_minibatches(np.zeros((5, 2)), np.zeros(4), 2)


# ----- accuracy and confusion_matrix


@given(n=st.integers(1, 60), n_classes=st.integers(2, 6), seed=st.integers(0, 2**32 - 1))
def test_accuracy_and_confusion_matrix_match_direct_counting(n, n_classes, seed):
    rng = np.random.default_rng(seed)
    scores = rng.standard_normal((n, n_classes))
    y = rng.integers(0, n_classes, n)
    predicted = [max(range(n_classes), key=lambda c: scores[i, c]) for i in range(n)]
    expected = sum(p == t for p, t in zip(predicted, y)) / n
    assert train.accuracy(scores, y) == pytest.approx(expected)
    assert train.accuracy(np.array(predicted), y) == pytest.approx(expected)
    assert train.accuracy(scores, data.one_hot(y, n_classes)) == pytest.approx(expected)
    cm = train.confusion_matrix(y, np.array(predicted), n_classes)
    counted = np.zeros((n_classes, n_classes), dtype=int)
    for t, p in zip(y, predicted):
        counted[t, p] += 1
    np.testing.assert_array_equal(cm, counted)
    assert cm.dtype == np.int64
    np.testing.assert_array_equal(train.confusion_matrix(y, scores, n_classes), counted)
    assert np.trace(cm) / n == pytest.approx(expected)


def test_confusion_matrix_rows_are_true_classes():
    cm = train.confusion_matrix(np.array([0, 0, 1, 2]), np.array([1, 1, 1, 0]))
    np.testing.assert_array_equal(cm, [[0, 2, 0], [0, 1, 0], [1, 0, 0]])
    assert train.confusion_matrix([0, 1], [1, 0], n_classes=4).shape == (4, 4)


def test_metrics_reject_bad_inputs():
    with pytest.raises(ValueError):
        train.accuracy(np.zeros((4, 3)), np.zeros(5, int))
    with pytest.raises(ValueError, match="single output column"):
        train.accuracy(np.zeros((4, 1)), np.zeros(4, int))
    with pytest.raises(ValueError, match="0..1"):
        train.confusion_matrix([0, 2], [0, 1], n_classes=2)


# ----- EarlyStopping


def test_early_stopping_keeps_the_best_params_not_the_last():
    losses = [1.0, 0.8, 0.5, 0.6, 0.55, 0.9]
    params = {"W": np.zeros((2, 2)), "b": np.zeros(2)}
    es = train.EarlyStopping(patience=3)
    decisions = []
    for epoch, loss in enumerate(losses):
        params["W"][...] = epoch  # training changes the arrays in place
        params["b"][...] = -epoch
        decisions.append(es.update(loss, params))
    assert decisions == [False] * 5 + [True], "stop after 3 epochs without improvement"
    assert es.best_epoch == 2 and es.best_loss == 0.5
    np.testing.assert_array_equal(es.best_params["W"], 2.0)
    assert not np.shares_memory(es.best_params["W"], params["W"]), "best_params must be a copy"
    W = params["W"]
    es.restore(params)
    assert params["W"] is W, "restore must write into the model's arrays, not replace them"
    np.testing.assert_array_equal(W, 2.0)
    np.testing.assert_array_equal(params["b"], -2.0)


@given(losses=st.lists(st.floats(0, 10), min_size=1, max_size=40), patience=st.integers(1, 6))
def test_early_stopping_tracks_the_running_minimum(losses, patience):
    es = train.EarlyStopping(patience=patience)
    params = {"w": np.zeros(1)}
    for epoch, loss in enumerate(losses):
        params["w"][0] = epoch
        stop = es.update(loss, params)
        best = int(np.argmin(losses[:epoch + 1]))  # first occurrence: ties are no improvement
        assert es.best_epoch == best and es.best_params["w"][0] == best
        assert stop == (epoch - best >= patience)
        if stop:
            break


def test_early_stopping_min_delta_ignores_tiny_improvements():
    es = train.EarlyStopping(patience=2, min_delta=0.1)
    params = {"w": np.zeros(1)}
    assert not es.update(1.0, params)
    assert not es.update(0.95, params)
    assert es.update(0.92, params), "improvements below min_delta must count as no improvement"
    assert es.best_epoch == 0


def test_early_stopping_rejects_restore_before_update_and_bad_patience():
    with pytest.raises(RuntimeError):
        train.EarlyStopping().restore({"w": np.zeros(1)})
    with pytest.raises(ValueError, match="patience"):
        train.EarlyStopping(patience=0)


# ----- train_step and fit, with the local LinearSoftmax model


def test_train_step_updates_params_and_lowers_the_loss():
    X, y = data.make_blobs(n_samples=90, rng=0)
    model = LinearSoftmax(2, 3)
    optimizer = PlainSGD(model.params, lr=0.1)
    W = model.params["W"]
    losses = [train.train_step(model, X, y, optimizer) for _ in range(20)]
    assert all(isinstance(loss, float) for loss in losses)
    assert losses[-1] < losses[0] / 2
    assert model.params["W"] is W, "the update must be in place"
    assert model.train_flags == [True] * 20


def test_fit_history_has_one_entry_per_epoch():
    X, y = data.make_blobs(n_samples=100, rng=0)
    X_val, y_val = data.make_blobs(n_samples=30, rng=1)
    model = LinearSoftmax(2, 3)
    optimizer = PlainSGD(model.params, lr=0.1)
    history = train.fit(model, X, y, optimizer, epochs=7, batch_size=16, X_val=X_val, y_val=y_val)
    assert list(history) == ["loss", "accuracy", "val_loss", "val_accuracy", "lr"]
    assert all(len(values) == 7 for values in history.values())
    assert optimizer.steps == 7 * 7, "100 samples in batches of 16 make 7 steps per epoch"
    assert history["loss"][-1] < history["loss"][0]
    assert history["val_accuracy"][-1] == pytest.approx(train.accuracy(model.forward(X_val, train=False), y_val))
    assert history["val_loss"][-1] == pytest.approx(softmax_cross_entropy(model.forward(X_val, False), y_val)[0])
    assert all(0 <= a <= 1 for a in history["accuracy"])


def test_fit_without_validation_has_only_training_keys():
    X, y = data.make_xor(n_samples=40, rng=0)
    model = LinearSoftmax(2, 2)
    history = train.fit(model, X, y, PlainSGD(model.params), epochs=3)
    assert list(history) == ["loss", "accuracy", "lr"]
    assert train.fit(model, X, y, PlainSGD(model.params), epochs=0) == {"loss": [], "accuracy": [], "lr": []}


def test_fit_running_accuracy_counts_every_training_sample():
    X, y = data.make_blobs(n_samples=50, rng=0)
    model = LinearSoftmax(2, 3)
    optimizer = PlainSGD(model.params, lr=0.0)  # frozen model: the running accuracy is the model's accuracy
    history = train.fit(model, X, y, optimizer, epochs=2, batch_size=7)
    assert history["accuracy"] == [pytest.approx(train.accuracy(model.forward(X), y))] * 2
    assert history["loss"][0] == pytest.approx(softmax_cross_entropy(model.forward(X), y)[0])


def test_fit_steps_the_scheduler_and_records_the_lr_of_each_epoch():
    X, y = data.make_blobs(n_samples=32, rng=0)
    model = LinearSoftmax(2, 3)
    optimizer = PlainSGD(model.params, lr=0.8)
    scheduler = HalvingScheduler(optimizer)
    history = train.fit(model, X, y, optimizer, epochs=4, scheduler=scheduler)
    assert scheduler.calls == 4
    assert history["lr"] == [0.8, 0.4, 0.2, 0.1]


def test_fit_callback_sees_each_epoch_and_can_stop():
    X, y = data.make_blobs(n_samples=32, rng=0)
    model = LinearSoftmax(2, 3)
    seen = []

    def callback(epoch, history):
        seen.append((epoch, len(history["loss"])))
        return epoch == 2

    history = train.fit(model, X, y, PlainSGD(model.params), epochs=10, callback=callback)
    assert seen == [(0, 1), (1, 2), (2, 3)]
    assert len(history["loss"]) == 3


class CountingModel:
    """Each optimizer step adds 1 to t; the validation loss log(1 + exp(|t - 3|)) is lowest when t = 3."""

    def __init__(self):
        self.params = {"t": np.zeros(1)}
        self.grads = {"t": np.zeros(1)}

    def forward(self, X, train=True, rng=None):
        logits = np.zeros((len(X), 2))
        logits[:, 1] = -abs(self.params["t"][0] - 3)
        return logits

    def backward(self, dlogits):
        self.grads["t"][...] = -1.0


def test_fit_restores_the_best_epoch_with_early_stopping():
    X, y = np.zeros((4, 1)), np.ones(4, dtype=np.int64)
    model = CountingModel()
    t = model.params["t"]
    es = train.EarlyStopping(patience=2)
    history = train.fit(model, X, y, PlainSGD(model.params, lr=1.0), epochs=20, batch_size=4, X_val=X, y_val=y,
                        early_stopping=es)
    assert len(history["val_loss"]) == 5, "t = 4 and t = 5 do not improve: stop after 5 epochs"
    assert int(np.argmin(history["val_loss"])) == es.best_epoch == 2
    assert model.params["t"] is t and t[0] == 3.0, "fit must restore the best parameters in place, not keep the last"


def test_fit_with_a_regularizer_adds_penalty_to_loss_and_grads():
    X, y = data.make_blobs(n_samples=60, rng=0)
    plain, decayed = LinearSoftmax(2, 3), LinearSoftmax(2, 3)
    strength = 0.5

    def l2(params):
        return strength / 2 * np.sum(params["W"] ** 2), {"W": strength * params["W"]}

    h_plain = train.fit(plain, X, y, PlainSGD(plain.params, 0.1), epochs=20)
    h_decayed = train.fit(decayed, X, y, PlainSGD(decayed.params, 0.1), epochs=20, regularizer=l2)
    assert "penalty" not in h_plain and len(h_decayed["penalty"]) == 20
    assert np.linalg.norm(decayed.params["W"]) < 0.8 * np.linalg.norm(plain.params["W"])
    assert h_decayed["penalty"][-1] > 0
    data_loss = softmax_cross_entropy(decayed.forward(X), y)[0]
    assert h_decayed["loss"][-1] > data_loss + 0.5 * h_decayed["penalty"][-1], "the penalty belongs in the loss"


def test_fit_does_not_change_the_data_and_passes_train_flags():
    X, y = data.make_blobs(n_samples=40, rng=0)
    X_copy, y_copy = X.copy(), y.copy()
    model = LinearSoftmax(2, 3)
    train.fit(model, X, y, PlainSGD(model.params), epochs=2, batch_size=40, X_val=X, y_val=y)
    np.testing.assert_array_equal(X, X_copy)
    np.testing.assert_array_equal(y, y_copy)
    assert model.train_flags == [True, False, True, False], "train mode for batches, eval mode for validation"


def test_fit_is_reproducible_from_the_seed():
    X, y = data.make_blobs(n_samples=50, rng=0)
    runs = []
    for seed in (1, 1, 2):
        model = LinearSoftmax(2, 3)
        runs.append(train.fit(model, X, y, PlainSGD(model.params, 0.3), epochs=3, batch_size=8, rng=seed)["loss"])
    assert runs[0] == runs[1] and runs[0] != runs[2]


@pytest.mark.parametrize("kwargs, match", [
    ({"X_val": np.zeros((2, 2))}, "both X_val and y_val"),
    ({"early_stopping": train.EarlyStopping()}, "validation"),
    ({"epochs": -1}, "epochs"),
    ({"progress": "yes"}, "progress"),
])
def test_fit_rejects_inconsistent_arguments(kwargs, match):
    X, y = data.make_blobs(n_samples=10, rng=0)
    model = LinearSoftmax(2, 3)
    with pytest.raises(ValueError, match=match):
        train.fit(model, X, y, PlainSGD(model.params), **kwargs)


def test_progress_bar_stays_off_for_short_runs_and_can_be_forced(capfd):
    X, y = data.make_blobs(n_samples=64, rng=0)
    model = LinearSoftmax(2, 3)
    train.fit(model, X, y, PlainSGD(model.params), epochs=20)
    assert capfd.readouterr() == ("", ""), "a short run must print nothing (nbgrader fails cells that write stderr)"
    train.fit(model, X, y, PlainSGD(model.params), epochs=3, progress=True)
    assert "fit:" in capfd.readouterr().err, "progress=True must show a bar"


def test_progress_bar_appears_automatically_for_long_runs(capfd, monkeypatch):
    X, y = data.make_blobs(n_samples=64, rng=0)
    model = LinearSoftmax(2, 3)
    monkeypatch.setattr(train, "PROGRESS_MIN_SECONDS", 0.0)  # every run now counts as long
    train.fit(model, X, y, PlainSGD(model.params), epochs=5)
    assert "fit:" in capfd.readouterr().err, "a run estimated above PROGRESS_MIN_SECONDS must show a bar"
    train.fit(model, X, y, PlainSGD(model.params), epochs=5, progress=False)
    assert capfd.readouterr().err == ""


# ----- integration with nnlib.layers.MLP and nnlib.optim


def test_mlp_reaches_97_percent_training_accuracy_on_moons():
    from nnlib.layers import MLP
    from nnlib.optim import Adam

    X, y = data.make_moons(n_samples=300, noise=0.15, rng=0)
    rng = np.random.default_rng(0)
    model = MLP([2, 32, 32, 2], activation="relu", rng=rng)
    start = time.perf_counter()
    history = train.fit(model, X, y, Adam(model.params, lr=0.01), epochs=150, batch_size=32, rng=rng)
    seconds = time.perf_counter() - start
    final = train.accuracy(model.forward(X, train=False), y)
    assert final >= 0.97, f"training accuracy on moons {final:.3f} < 0.97"
    assert history["accuracy"][-1] >= 0.95
    assert seconds < 30, f"training took {seconds:.1f} s: something runs away"


def test_mlp_reaches_95_percent_test_accuracy_on_digits_with_early_stopping():
    from nnlib.layers import MLP
    from nnlib.optim import Adam

    X, y = data.load_digits()
    X_train, y_train, X_val, y_val, X_test, y_test = data.train_val_test_split(X, y, rng=0)
    rng = np.random.default_rng(0)
    model = MLP([64, 128, 10], activation="relu", rng=rng)
    es = train.EarlyStopping(patience=8)
    start = time.perf_counter()
    history = train.fit(model, X_train, y_train, Adam(model.params, lr=1e-3), epochs=80, batch_size=32,
                        X_val=X_val, y_val=y_val, rng=rng, early_stopping=es)
    seconds = time.perf_counter() - start
    test_accuracy = train.accuracy(model.forward(X_test, train=False), y_test)
    assert test_accuracy >= 0.95, f"test accuracy on digits {test_accuracy:.3f} < 0.95"
    assert seconds < 30, f"training took {seconds:.1f} s: something runs away"
    val_loss = softmax_cross_entropy(model.forward(X_val, train=False), y_val)[0]
    assert val_loss == pytest.approx(min(history["val_loss"])), "the model must hold the best epoch's parameters"
    for name, value in es.best_params.items():
        np.testing.assert_array_equal(model.params[name], value)


def test_mlp_fit_history_lengths_scheduler_and_l2_regularizer():
    from nnlib.layers import MLP
    from nnlib.optim import SGD, Scheduler, step_lr
    from nnlib.regularization import l2_penalty

    X, y = data.make_spirals(n_samples=120, rng=0)
    X_val, y_val = data.make_spirals(n_samples=60, rng=1)
    weights = {}
    for weight_decay in (0.0, 0.05):
        model = MLP([2, 16, 3], rng=np.random.default_rng(0))
        optimizer = SGD(model.params, lr=0.2, momentum=0.9)
        scheduler = Scheduler(optimizer, step_lr, step_size=3, gamma=0.5)

        def regularizer(params, weight_decay=weight_decay):
            return l2_penalty({k: v for k, v in params.items() if k.startswith("W")}, weight_decay)

        history = train.fit(model, X, y, optimizer, epochs=9, batch_size=16, X_val=X_val, y_val=y_val, rng=0,
                            scheduler=scheduler, regularizer=regularizer)
        assert {len(values) for values in history.values()} == {9}
        np.testing.assert_allclose(history["lr"], [0.2] * 3 + [0.1] * 3 + [0.05] * 3)
        weights[weight_decay] = np.linalg.norm(model.params["W1"])
    assert weights[0.05] < weights[0.0], "weight decay must shrink the weights"


def test_mlp_dropout_masks_come_from_the_fit_seed():
    from nnlib.layers import MLP
    from nnlib.optim import Adam

    X, y = data.make_circles(n_samples=100, rng=0)
    start = MLP([2, 16, 2], rng=np.random.default_rng(0)).params

    def run(model_seed, fit_seed):
        model = MLP([2, 16, 2], dropout=0.2, rng=np.random.default_rng(model_seed))
        for name, value in start.items():
            model.params[name][...] = value  # same weights, another generator inside the model
        return train.fit(model, X, y, Adam(model.params, lr=0.01), epochs=3, rng=fit_seed)["loss"]

    assert run(1, fit_seed=5) == run(2, fit_seed=5), "fit must pass its rng to model.forward (dropout masks)"
    assert run(1, fit_seed=5) != run(1, fit_seed=6)
