"""nnlib.widgets.training: the Play control's value is the epoch shown, playing trains one more epoch per tick (never
from zero), pausing keeps the run, a new setting restarts it; the title says what changed; redraws are fast.

Driven in Python without a browser: setting a control's value fires the same callback as a student's click, and the
Play control's ticks are changes of its value.
"""
import re
import time

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402
import pytest  # noqa: E402

from nnlib.data import load_digits, standardize, train_val_test_split  # noqa: E402
from nnlib.layers import MLP  # noqa: E402
from nnlib.losses import softmax_cross_entropy  # noqa: E402
from nnlib.optim import Adam  # noqa: E402
from nnlib.train import iterate_minibatches, train_step  # noqa: E402
from nnlib.widgets.training import (HIDDEN_CHOICES, MAX_EPOCHS, OPTIMIZER_CHOICES, TrainingRun,  # noqa: E402
                                    training_explorer)
from tests.lib.widget_checks import (check_moves_are_blitted_as_drawn, check_redraws_are_fast,  # noqa: E402
                                     check_sliders_follow_the_hand, check_text_is_readable)

pytestmark = pytest.mark.filterwarnings("error")

PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"


@pytest.fixture
def explorer():
    yield training_explorer()
    plt.close("all")


def drawn_curve(explorer, panel=0, label="validation"):
    """(epochs, values) of a curve drawn on the loss (0) or accuracy (1) panel."""
    line = next(l for l in explorer.figure.axes[panel].lines if l.get_label() == label)
    return np.asarray(line.get_xdata()), np.asarray(line.get_ydata())


def suptitle(explorer):
    """The figure's title, its line breaks (wrapped to the figure's width) read as the spaces they replaced."""
    return explorer.figure._suptitle.get_text().replace("\n", " ")


def tick(explorer, n=1):
    """What the Play control does while playing: one step of its value per interval."""
    for _ in range(n):
        explorer.controls["epoch"].value += explorer.controls["epoch"].step


def test_first_picture_is_the_untrained_network(explorer):
    assert explorer.png.startswith(PNG_SIGNATURE)
    assert set(explorer.controls) == {"epoch", "optimizer", "lr", "n_hidden"}
    assert type(explorer.controls["epoch"]).__name__ == "Play"
    assert explorer.controls["epoch"].value == 0 and not explorer.controls["epoch"].playing
    assert explorer.run.epochs_trained == 0
    epochs, values = drawn_curve(explorer)
    assert list(epochs) == [0] and len(values) == 1
    assert 0.0 < explorer.data["val_accuracy"][0] < 0.3  # about one in ten before training
    assert explorer.data["title"] == suptitle(explorer)
    assert explorer.data["title"].startswith("epoch 0: validation accuracy")
    assert len(explorer.figure.axes) == 4


def test_playing_advances_the_curves_one_trained_epoch_per_tick(explorer):
    explorer.controls["epoch"].playing = True
    for epoch in range(1, 4):
        before = explorer.png
        tick(explorer)
        assert explorer.run.epochs_trained == epoch  # one more epoch, not a new run from zero
        epochs, values = drawn_curve(explorer)
        np.testing.assert_array_equal(epochs, np.arange(epoch + 1))
        np.testing.assert_allclose(values, explorer.run.history["val_loss"][:epoch + 1])
        assert explorer.png != before
        assert explorer.data["title"].startswith(f"epoch {epoch}: ")
        assert "validation loss down from" in explorer.data["title"]
    assert explorer.data["val_accuracy"][-1] > 0.85  # three epochs of Adam already recognize most digits


def test_pausing_keeps_the_run_and_playing_again_continues_it(explorer):
    explorer.controls["epoch"].playing = True
    tick(explorer, 3)
    run, params = explorer.run, {k: v.copy() for k, v in explorer.run.model.params.items()}
    data, png = explorer.data, explorer.png
    explorer.controls["epoch"].playing = False  # pause
    assert explorer.run is run and explorer.data is data and explorer.png == png
    assert explorer.controls["epoch"].value == 3 and run.epochs_trained == 3
    for name, value in run.model.params.items():
        np.testing.assert_array_equal(value, params[name])
    explorer.controls["epoch"].playing = True
    tick(explorer)
    assert explorer.run is run and run.epochs_trained == 4
    assert list(drawn_curve(explorer)[0]) == [0, 1, 2, 3, 4]


def test_going_back_shows_a_remembered_epoch_without_training(explorer):
    explorer.controls["epoch"].value = 5
    later = explorer.data["val_loss"].copy()
    explorer.controls["epoch"].value = 2
    assert explorer.run.epochs_trained == 5
    np.testing.assert_array_equal(explorer.data["val_loss"], later[:3])
    assert "remembered, not retrained" in explorer.data["title"]
    assert explorer.data["confusion"].sum() == explorer.data["n_val"]


@pytest.mark.parametrize("name, value, said", [
    ("lr", 0.1, "learning rate 0.003 \N{RIGHTWARDS ARROW} 0.1"),
    ("optimizer", "sgd", "optimizer Adam \N{RIGHTWARDS ARROW} SGD"),
    ("n_hidden", 128, "hidden units 32 \N{RIGHTWARDS ARROW} 128"),
])
def test_a_new_setting_restarts_the_run_at_epoch_zero(explorer, name, value, said):
    explorer.controls["epoch"].value = 4
    old_run = explorer.run
    explorer.controls[name].value = value
    assert explorer.controls["epoch"].value == 0
    assert explorer.run is not old_run and explorer.run.epochs_trained == 0
    assert explorer.run.config[name] == value
    assert list(drawn_curve(explorer)[0]) == [0]
    assert explorer.data["title"].startswith("new run (") and said in explorer.data["title"]
    tick(explorer)
    assert explorer.run.epochs_trained == 1


def test_the_run_is_the_training_it_claims_to_be():
    """Epoch by epoch, TrainingRun equals nnlib's own loop on the same split, seed and optimizer."""
    run = TrainingRun("adam", 3e-3, 16, seed=0)
    run.advance_to(2)
    X, y = load_digits()
    X_train, y_train, X_val, y_val, _, _ = train_val_test_split(X, y, rng=0)
    X_train, X_val = standardize(X_train, X_val)
    model = MLP([64, 16, 10], rng=0)
    optimizer, rng = Adam(model.params, lr=3e-3), np.random.default_rng(0)
    for epoch in range(1, 3):
        for X_batch, y_batch in iterate_minibatches(X_train, y_train, 32, rng):
            train_step(model, X_batch, y_batch, optimizer)
        logits = model.forward(X_val, train=False)
        assert run.history["val_loss"][epoch] == pytest.approx(softmax_cross_entropy(logits, y_val)[0])
        np.testing.assert_array_equal(run.val_predictions[epoch], logits.argmax(axis=1))


def test_a_diverging_run_is_shown_and_stops_training(explorer):
    explorer.set(optimizer="sgd", lr=10 ** 0.5)
    tick(explorer, 3)
    assert explorer.run.diverged
    assert "diverged" in explorer.data["title"]
    assert explorer.run.epochs_trained == 3 and len(explorer.data["val_loss"]) == 4


def test_a_diverged_run_says_so_on_a_loss_panel_that_shows_its_curves(explorer):
    explorer.set(optimizer="sgd", lr=10 ** 0.5)
    tick(explorer, 2)
    assert explorer.run.diverged
    panel = explorer.figure.axes[0]
    assert panel.get_title().startswith("Loss: diverged")
    assert not any(len(run) > 6 for run in re.findall(r"\d+", explorer.data["title"] + panel.get_title())), (
        "no many-digit losses in the titles")
    assert "validation loss up" not in explorer.data["title"] and "validation loss down" not in explorer.data["title"]
    bottom, top = panel.get_ylim()
    drawn = np.concatenate([drawn_curve(explorer, label=label)[1] for label in ("training", "validation")])
    assert bottom <= drawn[np.isfinite(drawn)].min() and drawn[np.isfinite(drawn)].max() <= top


def test_the_loss_panel_stretches_to_a_large_validation_loss_and_titles_have_3_digits(explorer):
    explorer.controls["lr"].value = 1.0
    tick(explorer, 3)
    panel = explorer.figure.axes[0]
    validation = drawn_curve(explorer)[1]
    assert validation.max() > 5, "Adam at 1 should push the validation loss past the default top of 5"
    top = panel.get_ylim()[1]
    # the top is the power of ten above the curve (with a 10 % margin): a growing curve keeps it for a while
    assert validation.max() <= top <= 10 * 1.1 * validation.max() and np.log10(top) == round(np.log10(top))
    assert f"validation {validation[-1]:.3g}" in panel.get_title()
    explorer.controls["lr"].value = 3e-3
    tick(explorer, 2)
    assert explorer.figure.axes[0].get_ylim() == (0.003, 5.0), "a healthy run keeps the usual range"


def test_the_trend_clause_needs_a_change_in_the_digits_shown():
    from nnlib.widgets.training import training_describe

    base = {"optimizer": "adam", "lr": 0.003, "n_hidden": 32, "epoch": 1, "loss": np.array([2.3, 0.8]),
            "val_loss": np.array([2.3, 0.81234]), "val_accuracy": np.array([0.1, 0.8]), "n_wrong": 50, "n_val": 269}
    later = {**base, "epoch": 2, "val_loss": np.array([2.3, 0.81234, 0.81236])}
    assert "validation loss" not in training_describe(later, base), "0.812 to 0.812 is no trend"
    lower = {**later, "val_loss": np.array([2.3, 0.81234, 0.7])}
    assert training_describe(lower, base).endswith("validation loss down from 0.812 to 0.7")


def test_the_suptitle_fits_inside_the_figure(explorer):
    explorer.controls["epoch"].value = 3
    explorer.controls["optimizer"].value = "momentum"  # a new run's title: the longest kind
    title = explorer.figure._suptitle
    assert "\n" in title.get_text(), "the long title should be wrapped"
    box, figure_box = title.get_window_extent(), explorer.figure.bbox
    assert figure_box.x0 <= box.x0 and box.x1 <= figure_box.x1 and box.y1 <= figure_box.y1


def test_the_mistakes_panel_shows_the_misclassified_validation_digits(explorer):
    explorer.controls["epoch"].value = 2
    data = explorer.data
    assert data["n_wrong"] == data["confusion"].sum() - np.trace(data["confusion"])
    assert np.all(data["mistake_true"] != data["mistake_predicted"])
    assert len(data["mistake_images"]) == min(12, data["n_wrong"])
    assert f"{data['n_wrong']} misclassified" in explorer.figure.axes[3].get_title()


def test_the_choices_are_the_documented_ones(explorer):
    assert [value for _, value in explorer.controls["optimizer"].options] == list(OPTIMIZER_CHOICES)
    assert tuple(explorer.controls["n_hidden"].options) == HIDDEN_CHOICES
    assert explorer.controls["epoch"].max == MAX_EPOCHS == explorer.epoch_slider.max


def test_playing_and_dragging_the_sliders_blit_and_show_what_a_full_drawing_shows(explorer):
    check_sliders_follow_the_hand(explorer)
    moves = [("epoch", epoch) for epoch in (1, 2, 3, 4)] + [("epoch", 2)]  # ticks, then back to a remembered epoch
    moves += [("lr", 10 ** -3.5), ("epoch", 1), ("n_hidden", 8), ("epoch", 1), ("optimizer", "sgd"), ("epoch", 1)]
    check_moves_are_blitted_as_drawn(explorer, moves)


def test_a_run_whose_loss_leaves_the_axis_draws_the_whole_figure_again(explorer):
    # Adam at η = 1: the validation loss grows past the top of 5 to 63 (top 100), then 207 (top 1000), where the
    # third epoch stays; a new healthy run comes back to the top of 5
    moves = [("lr", 1.0), ("epoch", 1), ("epoch", 2), ("epoch", 3), ("lr", 3e-3), ("epoch", 1)]
    check_moves_are_blitted_as_drawn(explorer, moves, blitted_at_least=3)
    assert explorer.figure.axes[0].get_ylim() == (0.003, 5.0)


def test_the_figure_fits_the_notebook_and_its_text_is_readable(explorer):
    tick(explorer, 2)  # the counts in the confusion matrix and the captions of the mistakes are shown
    check_text_is_readable(explorer)


@pytest.mark.serial  # a time budget: measured alone
def test_redraws_are_fast_and_leak_no_figure(explorer):
    plt.close("all")
    durations = []
    for _ in range(5):
        start = time.perf_counter()
        tick(explorer)
        durations.append(time.perf_counter() - start)
    start = time.perf_counter()
    explorer.controls["n_hidden"].value = 64
    durations.append(time.perf_counter() - start)
    # about 0.25 s on an idle machine (one epoch and one PNG); the budget only catches a runaway on a loaded machine
    check_redraws_are_fast(durations)
    assert plt.get_fignums() == []
