"""The playground notebook's guided experiments: each test runs the setting an experiment describes through the
explorer's Python API and checks what its "What to look for" says, and reads the markdown to check that it says the
numbers measured here.

Runs train only as many epochs as a claim needs; `run.train` trains without drawing, the figure is drawn once at
the end of a run (`update`).
"""

import numpy as np
import pytest

from nnlib.losses import softmax_cross_entropy
from nnlib.widgets.playground import (COSINE_EPOCHS, DIVERGED_FACTOR, SMOOTH_EPOCHS, TICK_SECONDS, VANISHING_RATIO,
                                      playground, vanishing_layers)
from tests.notebooks.lessons import ROOT, assert_numbers_in, load, source_of

NOTEBOOK = load(ROOT / "course" / "playground" / "playground.ipynb")["cells"]
CELLS = {cell["id"]: source_of(cell) for cell in NOTEBOOK}
DEEP_SIGMOID = {"n_layers": 6, "init": "normal", **{f"activation{l}": "sigmoid" for l in range(1, 7)}}
SPIRALS = {"dataset": "spirals", "n_layers": 3, "width": 16}
TWENTY_NOISY_POINTS = {"n_points": 20, "noise": 0.6, "val_fraction": 0.5, "n_layers": 3, "width": 32, "lr": 0.01,
                       "batch_size": 4}


def text_of(cell_id):
    """The cell's markdown with line breaks folded into spaces."""
    return " ".join(CELLS[cell_id].split())


def decades(ratio):
    return np.log10(ratio)


@pytest.fixture(scope="module")
def lab_and_start_values():
    lab = playground()
    return lab, {name: control.value for name, control in lab.controls.items() if name != "tick"}


@pytest.fixture
def lab(lab_and_start_values):
    return lab_and_start_values[0]


@pytest.fixture
def start(lab_and_start_values):
    """start(**settings) -> the explorer at epoch 0 of a run with the start values and these settings."""
    lab, start_values = lab_and_start_values

    def run_with(**settings):
        lab.set(**{**start_values, **settings})
        lab.reset()  # settings equal to the last run's keep that run: back to its epoch 0
        return lab
    return run_with


def train(lab, n_epochs):
    """Train n_epochs more epochs and draw once. -> the run's history."""
    lab.run.train(n_epochs)
    lab.update()
    return lab.run.history


def test_the_start_values_are_the_ones_the_experiments_assume(start):
    config = start().run.config
    assert (config["dataset"], config["n_layers"], config["width"], config["activations"], config["init"],
            config["optimizer"], config["lr"], config["batch_size"]) == (
        "moons", 2, 8, ("relu", "relu"), "he", "adam", 0.03, 32)
    assert ("moons, two hidden layers of 8 ReLU units, He initialization, Adam with learning rate 0.03, batches of "
            "32") in text_of("experiments")


def test_the_title_and_the_runs_are_as_the_introduction_says(start):
    assert VANISHING_RATIO == 1 / 1000 and "below 1/1000 of the output layer's" in text_of("title")
    assert DIVERGED_FACTOR == 5 and "five times where it started" in text_of("title")
    assert SMOOTH_EPOCHS == 5 and "both read as medians over 5 epochs" in text_of("title")
    histories = [train(start(seed=3), 5) for _ in range(2)]
    assert histories[0]["val_loss"] == histories[1]["val_loss"], "the same settings should give the same run"
    assert "the same settings give the same run, epoch for epoch" in text_of("how_to_use")
    assert TICK_SECONDS == 0.1 and "fewer when they would take more than a tenth of a second" in text_of("how_to_use")


def test_1_the_first_layer_of_a_deep_sigmoid_network_gets_the_smallest_gradient(start):
    lab = start(**DEEP_SIGMOID)
    lab.buttons["step"].click()
    norms = lab.data["grad_norms"][-1]
    assert np.argmin(norms) == 0 and np.all(np.diff(norms) > 0), "the norms should fan out, the first layer lowest"
    text = text_of("experiment_depth")
    assert_numbers_in(text, f"about {decades(norms[-1] / norms[0]):.0f} decades")
    vanishing = vanishing_layers(norms)
    assert "vanishing gradients in layers 1, 2, 3, 4:" in lab.data["title"] and vanishing == [1, 2, 3, 4]
    assert f"layers {vanishing[0]} to {vanishing[-1]}" in text


def test_1_adam_moves_the_first_layer_once_its_gradient_outgrows_epsilon(start):
    lab = start(**DEEP_SIGMOID)
    W1 = lab.run.model.params["W1"].copy()
    train(lab, 1)
    epsilon = lab.run.optimizer.eps
    assert epsilon == 1e-8 and "Adam's ε = 1e-8" in text_of("experiment_depth")
    assert lab.data["grad_norms"][0, 0] < epsilon
    moved = [np.abs(lab.run.model.params["W1"] - W1).max()]
    train(lab, 9)
    moved.append(np.abs(lab.run.model.params["W1"] - W1).max())
    assert moved[0] < 1e-3 < 0.1 < moved[1], "the first layer should stay still in epoch 1 and move by epoch 10"
    assert lab.data["grad_norms"][-1, 0] > epsilon


def boundary_bend(probabilities):
    """How far, in grid steps, the class boundary strays from the straight line that fits it best (each column of
    the two-class map must cross the boundary exactly once)."""
    crossings = np.diff(probabilities.argmax(axis=2), axis=0) != 0  # rows along x2, columns along x1
    assert np.all(crossings.sum(axis=0) == 1), "every column should cross the boundary once"
    columns, rows = np.arange(crossings.shape[1]), crossings.argmax(axis=0)
    return np.abs(np.polyval(np.polyfit(columns, rows, 1), columns) - rows).max()


def test_1_the_deep_sigmoid_network_stalls_at_a_straight_boundary(start):
    lab = start(n_layers=0)
    linear_accuracy = train(lab, 100)["accuracy"][-1]
    lab = start(**DEEP_SIGMOID)
    history = train(lab, 100)
    assert boundary_bend(lab.data["probabilities"]) < 1 and "its boundary is a straight line" in (
        text_of("experiment_depth"))
    assert history["accuracy"][-1] <= linear_accuracy + 0.01
    assert "stalled" in lab.data["title"] and "the title says *stalled*" in text_of("experiment_depth")
    norms = np.array(history["grad_norms"])
    assert decades(norms[0].max() / norms[0].min()) > 8 and decades(norms[50].max() / norms[50].min()) < 1.5, (
        "Adam should close the fan over the first few dozen epochs")


def test_1_he_and_xavier_narrow_the_fan_and_only_he_fits_the_moons_in_100_epochs(start):
    fan = {}
    for init in ("he", "xavier"):
        lab = start(**{**DEEP_SIGMOID, "init": init})
        norms = train(lab, 1)["grad_norms"][-1]
        fan[init] = decades(norms.max() / norms.min())
        train(lab, 99)
        if init == "he":
            assert lab.run.history["accuracy"][-1] == 1.0, "He should fit the moons in 100 epochs"
            assert boundary_bend(lab.data["probabilities"]) > 3
        else:
            assert boundary_bend(lab.data["probabilities"]) < 1, "Xavier's boundary should still be straight"
    assert round(fan["he"]) == round(fan["xavier"]) >= 1, "both should leave a fan of about the same width"
    assert f"the fan spans only about {fan['he']:.0f} decades" in text_of("experiment_depth")


def test_2_batch_norm_keeps_the_gradient_norms_together_and_the_network_learns(start):
    without = train(start(**DEEP_SIGMOID), 100)
    stalled, first_norms = without["val_accuracy"][-1], without["grad_norms"][0]
    history = train(start(**DEEP_SIGMOID, batchnorm=True), 100)
    norms = np.array(history["grad_norms"])
    spread = decades(norms.max(axis=1) / norms.min(axis=1))
    text = text_of("experiment_batchnorm")
    assert spread[0] < 1 and (f"lie within one decade of each other "
                              f"({decades(first_norms.max() / first_norms.min()):.0f} without batch norm)") in text
    assert spread.max() < 3 and "they stay within three" in text
    assert all(vanishing_layers(row) == [] for row in norms)
    assert history["val_accuracy"][-1] > 0.95 > stalled + 0.05


def test_3_adam_passes_90_percent_in_fewer_epochs_than_sgd(start):
    first_above = {}
    for optimizer in ("sgd", "adam"):
        lab = start(**SPIRALS, optimizer=optimizer)
        accuracy = np.array(train(lab, 100)["accuracy"])
        first_above[optimizer] = int(np.argmax(accuracy > 0.9))
        assert accuracy[first_above[optimizer]] > 0.9
    assert first_above["adam"] < 10 < 80 < first_above["sgd"]
    assert "Adam passes 90 % in fewer than 10 epochs, SGD after more than 80" in text_of("experiment_optimizers")


def test_3_adam_over_fits_the_spirals_when_it_runs_on(start):
    lab = start(**SPIRALS)
    history = train(lab, 300)
    loss, val_loss = np.array(history["loss"]), np.array(history["val_loss"])
    first, last = np.median(val_loss[1:51]), np.median(val_loss[-50:])
    assert last > 1.5 * first and "over-fitting" in lab.data["title"]
    assert np.median(loss[-50:]) < np.median(loss[1:51]) / 2, "the training loss should keep falling"
    assert np.max(loss[51:] / loss[50:-1]) > 10, "the training loss should spike now and then"
    assert (f"the validation loss drifts up from about {first:.2f} over the first 50 epochs to about {last:.1f} over "
            "the last 50") in text_of("experiment_optimizers")


def slider_rate(rate):
    """The learning rate slider's position nearest to `rate`: it moves in quarter decades, so 3 is 10^0.5."""
    return float(10 ** (round(4 * np.log10(rate)) / 4))


def test_4_the_rates_at_which_sgd_and_adam_fail(start):
    text = text_of("experiment_learning_rate")
    assert_numbers_in(text, "0.03", "0.3", "1", "3", "10")
    epochs_to_95 = {}
    for rate in (0.03, 0.3, 1):
        history = train(start(optimizer="sgd", lr=slider_rate(rate)), 100)
        above = np.array(history["accuracy"]) > 0.95
        epochs_to_95[rate] = int(np.argmax(above)) if above.any() else np.inf
    assert min(epochs_to_95, key=epochs_to_95.get) == 1 and "SGD is fastest at 1" in text

    lab = start(optimizer="sgd", lr=slider_rate(3))
    history = train(lab, 100)
    assert lab.run.stopped is None and np.all(history["grad_norms"][-1] == 0), "at 3 the gradients should vanish"
    lab.run.model.forward(lab.run.X_train, train=False)
    assert np.all(lab.run.model.hidden_outputs[-1] == 0), "the last hidden layer's units should be dead"
    assert history["loss"][-1] > history["loss"][0] and "with SGD at 3" in text
    assert lab.data["title"].startswith("epoch 100: dead") and "the title says *dead*" in text
    assert lab.figure.axes[2].lines[0].get_ydata()[-1] == lab.figure.axes[2].get_ylim()[0], (
        "a norm of 0 should be drawn on the panel's bottom edge")
    assert "their lines fall to the bottom edge of the panel" in text
    assert "a norm of exactly 0, which a log scale cannot show, is drawn on the panel's bottom edge" in text_of("title")

    diverged_at = {}
    for optimizer in ("sgd", "adam"):
        for rate in (0.03, 0.3, 1, 3, 10):
            lab = start(optimizer=optimizer, lr=slider_rate(rate))
            train(lab, 10)
            if lab.run.stopped == "diverged":
                assert "diverging" in lab.data["title"]
                diverged_at[optimizer] = (rate, lab.run.epoch)
                break
    assert diverged_at["sgd"][0] == 10 and diverged_at["adam"] == (3, 1)
    assert "SGD diverges at 10 and Adam already at 3, in its first epoch" in text


def test_5_the_cures_of_over_fitting(start):
    final, best = {}, {}
    for cure, setting in (("none", {}), ("L2 0.01", {"l2": 0.01}), ("dropout 0.2", {"dropout": 0.2}),
                          ("early stopping", {"patience": 10})):
        lab = start(**TWENTY_NOISY_POINTS, **setting)
        assert len(lab.run.y_train) == 10
        history = train(lab, 100)
        val_loss = np.array(history["val_loss"])
        final[cure], best[cure] = val_loss[-1], val_loss.min()
        if cure == "none":
            assert np.argmin(val_loss) < 10 and history["loss"][-1] < 0.01, "the validation loss should turn early"
            assert history["accuracy"][-1] == 1.0, "the boundary should take every training point to its side"
        if cure == "early stopping":
            assert lab.run.stopped == "early stopping" and lab.run.epoch == 13
            restored = softmax_cross_entropy(lab.run.model.forward(lab.run.X_val, train=False), lab.run.y_val)[0]
            assert np.isclose(restored, val_loss.min()), "the weights of the best epoch should be restored"
            assert lab.run.best_epoch == np.argmin(val_loss) == 3
            assert "best weights of epoch 3 restored" in lab.status.value
            assert f"validation loss {val_loss[3]:.3f}" in lab.status.value, "the status gives the restored epoch's"
            assert "after early stopping, those of the best epoch, whose weights the network then holds" in (
                text_of("title"))
        else:
            assert "over-fitting" in lab.data["title"], cure
    text = text_of("experiment_overfitting")
    assert (f"the validation loss is about {final['L2 0.01']:.1f} and {final['dropout 0.2']:.1f} instead of "
            f"{final['none']:.1f}") in text
    assert "Early stopping ends the run at epoch 13" in text
    assert "restores the weights of its best epoch, epoch 3 (marked on the loss curves" in text
    assert best["early stopping"] < min(final["L2 0.01"], final["dropout 0.2"])


def test_5_stronger_cures_stop_the_over_fitting_and_under_fit(start):
    for setting in ({"l2": 0.1}, {"dropout": 0.5}):
        lab = start(**TWENTY_NOISY_POINTS, **setting)
        history = train(lab, 100)
        assert "over-fitting" not in lab.data["title"] and history["loss"][-1] > 0.3, setting
    assert "Stronger doses (L2 0.1, dropout 0.5) do stop the over-fitting" in text_of("experiment_overfitting")


def loss_noise(loss):
    """The mean size of the epoch-to-epoch change of log(loss)."""
    return np.mean(np.abs(np.diff(np.log(loss))))


def test_6_schedules_quiet_the_curves_and_cosine_freezes_training(start):
    noise = {}
    for schedule in ("constant", "step", "cosine"):
        lab = start(**SPIRALS, schedule=schedule)
        loss = np.array(train(lab, 250)["loss"])
        noise[schedule] = loss_noise(loss[200:])
        if schedule == "cosine":
            assert lab.data["lr_now"] == 0 and "learning rate 0 " in lab.status.value, "the status shows the rate"
            assert np.all(loss[COSINE_EPOCHS + 1:] == loss[COSINE_EPOCHS]), "a rate of 0 should freeze the weights"
    assert f"the *cosine* schedule (down to 0 at epoch {COSINE_EPOCHS})" in text_of("experiment_schedule")
    assert noise["constant"] > 10 * max(noise["step"], noise["cosine"])
    assert "with cosine, training settles completely once the rate reaches 0" in text_of("experiment_schedule")


def test_6_small_batches_give_noisier_curves(start):
    noise = {}
    for batch_size in (4, 128):
        loss = np.array(train(start(**SPIRALS, batch_size=batch_size), 100)["loss"])
        noise[batch_size] = loss_noise(loss[50:])
    assert noise[4] > noise[128]


def ring(lab):
    """Loads the ring as the notebook's cell does."""
    exec(compile(CELLS["ring"], "ring", "exec"), {"lab": lab})


def test_7_the_ring_needs_a_hidden_layer_of_8(start, lab):
    ring(lab)
    separated = {}
    for n_layers, width in ((0, 8), (1, 2), (1, 4), (1, 8)):
        for seed in range(4 if n_layers else 1):
            history = train(start(dataset="own", n_layers=n_layers, width=width, seed=seed), 200)
            separated[n_layers, width, seed] = history["accuracy"][-1] == 1.0
    assert not separated[0, 8, 0], "no hidden layer: a straight boundary cannot separate a ring"
    assert not any(separated[1, 2, seed] for seed in range(4))
    assert 0 < sum(separated[1, 4, seed] for seed in range(4)) < 4
    assert all(separated[1, 8, seed] for seed in range(4))
    assert ("2 units never separate the classes (try the seeds 0 to 3), 4 units do for some seeds, and 8 units do for "
            "each of them") in text_of("experiment_own_data")
