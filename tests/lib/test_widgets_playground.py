"""nnlib.widgets.playground: Play ticks train and redraw in place, pause keeps the run, step trains one epoch, reset and
every setting start the same seeded run again; every optimizer and schedule learns the moons; a click adds a point of
the chosen class and ``load`` checks its arrays; the title's diagnoses appear when they should and only then; after
early stopping the status and the loss curves show the restored epoch; a gradient norm of 0 stays visible.

Driven in Python without a browser: setting a control's value fires the same callback as a student's click, a
Play tick is a step of the Play control's value, and a click on the figure is a matplotlib MouseEvent.
"""
import time

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402
import pytest  # noqa: E402
from matplotlib.backend_bases import MouseEvent  # noqa: E402

from nnlib.widgets.playground import OPTIMIZER_LABELS, SCHEDULES, diagnosis, playground  # noqa: E402
from tests.lib.widget_checks import (check_moves_are_blitted_as_drawn, check_redraws_are_fast,  # noqa: E402
                                     check_sliders_follow_the_hand, check_text_is_readable)

pytestmark = pytest.mark.filterwarnings("error")

DIAGNOSES = ("diverging", "vanishing", "over-fitting", "early stopping")
SIGMOID_EVERYWHERE = {f"activation{l}": "sigmoid" for l in range(1, 7)}
FEW_NOISY_POINTS = {"n_points": 20, "noise": 0.6, "val_fraction": 0.5, "n_layers": 3, "width": 32, "lr": 0.01,
                    "batch_size": 4}
"""10 training points of noisy moons and a 3 x 32 network: it learns them by heart within a few dozen epochs."""


@pytest.fixture
def explorer():
    yield playground()
    plt.close("all")


def tick(explorer, n=1):
    """What the Play control does while playing: one step of its value per interval."""
    for _ in range(n):
        explorer.controls["tick"].value += 1


def title(explorer):
    return explorer.figure._suptitle.get_text().replace("\n", " ")


def trained(explorer, epochs, **settings):
    """A new run with these settings, trained `epochs` epochs and shown.  -> the data shown."""
    explorer.set(**settings)
    explorer.train(epochs)
    return explorer.data


def line_data(explorer, panel, index=0):
    return np.asarray(explorer.figure.axes[panel].lines[index].get_ydata())


def test_first_picture_is_the_untrained_network(explorer):
    assert explorer.run.epoch == 0 and explorer.data["epoch"] == 0
    assert "untrained" in title(explorer) and "press" in title(explorer)
    assert "epoch 0" in explorer.status.value
    for name, control in explorer.controls.items():
        assert control.description, f"the {name!r} control has no visible label"
    assert [control.layout.display for name, control in explorer.controls.items()
            if name.startswith("activation")] == [None, None] + ["none"] * 4, "one activation per existing layer"


def test_play_ticks_train_and_change_the_boundary_and_curves(explorer):
    per_tick = explorer.controls["epochs_per_tick"].value
    image_before = np.array(explorer.figure.axes[0].images[0].get_array())
    tick(explorer, 3)
    assert explorer.run.epoch == 3 * per_tick
    assert len(line_data(explorer, 1)) == 3 * per_tick + 1, "the loss curve has one point per epoch from 0"
    assert len(line_data(explorer, 2)) == 3 * per_tick, "a gradient norm per trained epoch"
    assert not np.allclose(explorer.figure.axes[0].images[0].get_array(), image_before), "the boundary moved"
    assert line_data(explorer, 1)[-1] < line_data(explorer, 1)[0], "training lowers the training loss"
    assert f"epoch {3 * per_tick}" in explorer.status.value and "converging" in title(explorer)


def test_pause_keeps_the_run_and_play_goes_on_from_there(explorer):
    tick(explorer, 2)
    run, loss = explorer.run, explorer.data["loss"].copy()
    explorer.controls["tick"].playing = False  # the pause button: no more ticks
    assert explorer.run is run and np.array_equal(explorer.data["loss"], loss)
    tick(explorer)
    assert explorer.run is run and explorer.run.epoch == 3 * explorer.controls["epochs_per_tick"].value


def test_step_trains_exactly_one_epoch(explorer):
    tick(explorer)
    epoch = explorer.run.epoch
    explorer.buttons["step"].click()
    assert explorer.run.epoch == epoch + 1 and len(line_data(explorer, 1)) == epoch + 2


def test_reset_and_the_stop_button_go_back_to_the_same_seeded_start(explorer):
    tick(explorer, 2)
    first_losses = explorer.data["loss"].copy()
    explorer.buttons["reset"].click()
    assert explorer.run.epoch == 0 and title(explorer).startswith("reset")
    assert explorer.data["loss"][0] == first_losses[0], "the same seeded initialization"
    tick(explorer, 2)
    np.testing.assert_array_equal(explorer.data["loss"], first_losses, err_msg="the same run again, epoch by epoch")
    explorer.controls["tick"].value = 0  # the Play control's stop button
    assert explorer.run.epoch == 0 and explorer.data["loss"][0] == first_losses[0]


@pytest.mark.parametrize("name, value, said", [("lr", 0.1, "learning rate 0.03 \N{RIGHTWARDS ARROW} 0.1"),
                                               ("dataset", "circles", "data moons \N{RIGHTWARDS ARROW} circles"),
                                               ("n_layers", 3, "hidden layers 2 \N{RIGHTWARDS ARROW} 3"),
                                               ("dropout", 0.2, "dropout 0 \N{RIGHTWARDS ARROW} 0.2"),
                                               ("patience", 10, "early stopping off \N{RIGHTWARDS ARROW} patience 10")])
def test_a_setting_starts_a_new_run_and_says_so(explorer, name, value, said):
    tick(explorer, 2)
    explorer.controls[name].value = value
    assert explorer.run.epoch == 0 and len(line_data(explorer, 1)) == 1
    assert title(explorer).startswith(f"new run ({said})"), title(explorer)


def test_each_hidden_layer_gets_its_own_activation(explorer):
    explorer.set(n_layers=3, activation1="tanh", activation2="sigmoid", activation3="relu")
    assert explorer.run.model.activations == ["tanh", "sigmoid", "relu"]
    assert [explorer.controls[f"activation{l}"].layout.display for l in range(1, 7)] == [None] * 3 + ["none"] * 3
    assert len(explorer.figure.axes[2].lines) == 4, "one gradient norm per layer: 3 hidden and the output layer"


@pytest.mark.parametrize("schedule", list(SCHEDULES))
@pytest.mark.parametrize("optimizer, lr", [("sgd", 0.3), ("momentum", 0.03), ("nesterov", 0.03), ("rmsprop", 0.01),
                                           ("adam", 0.03), ("adamw", 0.03)])
def test_every_optimizer_and_schedule_learns_the_moons(explorer, optimizer, lr, schedule):
    assert optimizer in OPTIMIZER_LABELS
    data = trained(explorer, 100, optimizer=optimizer, lr=lr, schedule=schedule)
    assert data["val_accuracy"][-1] >= 0.9, f"{optimizer}, {schedule}: validation accuracy {data['val_accuracy'][-1]}"
    assert "converging" in data["title"]


def click(explorer, x1, x2, panel=0):
    """A left click at the point (x1, x2) of a panel, as the browser sends it to the canvas."""
    x, y = explorer.figure.axes[panel].transData.transform((x1, x2))
    MouseEvent("button_press_event", explorer.canvas, x, y, button=1)._process()


def test_a_click_adds_a_point_of_the_chosen_class(explorer):
    n_points = len(explorer.run.y)
    explorer.click_class.value = 1
    click(explorer, 0.5, -0.5)
    assert explorer.controls["dataset"].value == "own" and explorer.run.epoch == 0
    assert len(explorer.run.y) == n_points + 1, "the moons shown, and the new point"
    np.testing.assert_allclose(explorer.own_X[-1], [0.5, -0.5], atol=0.02)
    assert explorer.own_y[-1] == 1
    explorer.click_class.value = 2
    click(explorer, -1.0, 1.0)
    assert len(explorer.run.y) == n_points + 2 and explorer.own_y[-1] == 2 and explorer.run.n_classes == 3
    click(explorer, 10, 0.5, panel=1)
    assert len(explorer.run.y) == n_points + 2, "a click on the loss panel adds nothing"


def test_own_points_clear_then_train(explorer):
    explorer.buttons["clear points"].click()
    assert explorer.controls["dataset"].value == "own" and len(explorer.run.y) == 0
    assert "click on the left panel" in title(explorer)
    tick(explorer)
    assert explorer.run.epoch == 0, "nothing to train on yet"
    X = np.array([[-1.0, -1.0], [-1.0, -0.5], [-0.5, -1.0], [1.0, 1.0], [1.0, 0.5], [0.5, 1.0], [-1.0, -0.8],
                  [0.8, 1.0]])
    explorer.load(X, [0, 0, 0, 1, 1, 1, 0, 1])
    tick(explorer, 4)
    assert explorer.run.epoch == 20 and explorer.data["accuracy"][-1] == 1.0


@pytest.mark.parametrize("X, y, message", [
    (np.zeros((4, 3)), [0, 1, 0, 1], r"X must have shape \(N, 2\)"),
    (np.zeros(4), [0, 1, 0, 1], r"X must have shape \(N, 2\)"),
    ([[0, np.nan], [1, 1]], [0, 1], "finite"),
    (np.zeros((4, 2)), [0, 1, 0], r"y must have shape \(4,\)"),
    (np.zeros((2, 2)), [0.5, 1.0], "integer class labels"),
    (np.zeros((2, 2)), [0, -1], "classes must be 0..7"),
])
def test_load_explains_what_is_wrong(explorer, X, y, message):
    with pytest.raises(ValueError, match=message):
        explorer.load(X, y)
    assert explorer.controls["dataset"].value == "moons", "a refused load changes nothing"


def test_a_healthy_run_gets_no_warning(explorer):
    for epochs in (30, 100, 200):
        data = trained(explorer, epochs - explorer.run.epoch)
        assert data["title"].startswith(f"epoch {epochs}: converging"), data["title"]
        assert not any(word in data["title"] for word in DIAGNOSES)


def test_a_huge_learning_rate_diverges_and_stops(explorer):
    data = trained(explorer, 20, lr=10.0)
    assert data["title"].startswith("diverging at epoch") and "lower the learning rate" in data["title"]
    epoch = explorer.run.epoch
    explorer.controls["tick"].playing = True
    tick(explorer)
    assert explorer.run.epoch == epoch and not explorer.controls["tick"].playing, "a diverged run stops and pauses"


def test_a_deep_sigmoid_net_with_small_weights_shows_vanishing_gradients(explorer):
    data = trained(explorer, 10, n_layers=6, init="normal", **SIGMOID_EVERYWHERE)
    assert "vanishing gradients in layers 1, 2" in data["title"], data["title"]
    norms = data["grad_norms"][-1]
    assert norms[0] < 1e-3 * norms[-1]
    healthy = trained(explorer, 10, n_layers=2, init="he", activation1="relu", activation2="relu")
    assert "vanishing" not in healthy["title"]


def test_a_big_net_on_few_noisy_points_overfits_and_regularization_is_the_cure(explorer):
    data = trained(explorer, 50, **FEW_NOISY_POINTS)
    assert "over-fitting" in data["title"], data["title"]
    assert data["val_loss"][-1] > data["val_loss"].min() and data["loss"][-1] < 0.1
    explorer.controls["patience"].value = 10
    explorer.controls["tick"].playing = True
    tick(explorer, 20)
    assert explorer.run.stopped == "early stopping" and not explorer.controls["tick"].playing
    stopped = explorer.run.epoch
    assert f"early stopping at epoch {stopped}" in title(explorer), title(explorer)
    assert explorer.data["val_loss"][-1] > explorer.data["val_loss"].min(), "it stopped after the best epoch"
    tick(explorer)
    assert explorer.run.epoch == stopped


def test_play_ticks_are_blitted_as_drawn(explorer):
    check_moves_are_blitted_as_drawn(explorer, [("tick", k) for k in range(1, 9)])


@pytest.mark.parametrize("settings", [{**FEW_NOISY_POINTS, "patience": 10}, {"optimizer": "sgd", "lr": 10 ** 0.5}],
                         ids=["early stopping", "dead"])
def test_a_run_that_stops_early_or_dies_is_blitted_as_drawn(explorer, settings):
    explorer.set(**settings)
    check_moves_are_blitted_as_drawn(explorer, [("tick", k) for k in range(1, 9)], blitted_at_least=7)
    assert explorer.run.stopped == "early stopping" or not explorer.data["grad_norms"][-1].any()


def test_settings_redraw_correctly(explorer):
    moves = [("lr", 0.1), ("tick", 1), ("noise", 0.4), ("dataset", "spirals"), ("tick", 2), ("n_layers", 4),
             ("tick", 3), ("batchnorm", True), ("tick", 4), ("seed", 3)]
    check_moves_are_blitted_as_drawn(explorer, moves, blitted_at_least=8)


def test_the_figure_fits_the_notebook_and_its_text_is_readable(explorer):
    check_text_is_readable(explorer)
    check_sliders_follow_the_hand(explorer)
    explorer.set(dataset="spirals", n_layers=6)
    check_text_is_readable(explorer)


@pytest.mark.serial
def test_ticks_are_fast(explorer):
    durations = []
    for _ in range(20):
        started = time.perf_counter()
        tick(explorer)
        durations.append(time.perf_counter() - started)
    check_redraws_are_fast(durations)
    assert explorer.run.epoch == 20 * explorer.controls["epochs_per_tick"].value


def stopped_early(explorer):
    """The few noisy points with early stopping (patience 10), trained until it stops.  -> its validation losses."""
    trained(explorer, 100, **FEW_NOISY_POINTS, patience=10)
    assert explorer.run.stopped == "early stopping"
    return explorer.data["val_loss"]


def test_early_stopping_restores_the_epoch_of_the_lowest_validation_loss(explorer):
    val_loss = stopped_early(explorer)
    best = int(np.argmin(val_loss))
    assert explorer.run.best_epoch == best, "the epoch named is the one whose validation loss was lowest"
    assert f"epoch {best} are restored" in title(explorer), title(explorer)
    restored, _ = explorer.run._evaluate(explorer.run.X_val, explorer.run.y_val)
    assert restored == pytest.approx(val_loss[best]), "the model holds the weights of that epoch"


def test_after_early_stopping_the_numbers_shown_are_the_restored_epochs(explorer):
    val_loss = stopped_early(explorer)
    best = explorer.run.best_epoch
    assert best < explorer.run.epoch
    status = explorer.status.value
    assert f"best weights of epoch {best} restored" in status, status
    assert f"validation loss {val_loss[best]:.3f}" in status and f"{val_loss[-1]:.3f}" not in status, status
    assert f"training loss {explorer.data['loss'][best]:.3f}" in status, status
    for line in explorer.figure.axes[1].lines:
        assert len(line.get_xdata()) == explorer.run.epoch + 1, "the curves keep the whole run"
        assert line.get_markevery() == [best], "the marker shows the epoch whose weights the model holds"


def test_a_network_whose_gradients_are_all_zero_is_called_dead(explorer):
    data = trained(explorer, 100, optimizer="sgd", lr=10 ** 0.5)
    assert not data["grad_norms"][-1].any(), "SGD at 3 on the moons kills every ReLU unit of the last hidden layer"
    assert data["title"].startswith("epoch 100: dead: every weight gradient is 0"), data["title"]
    assert "converging" not in data["title"] and "leaky ReLU" in data["title"]
    ax_grad = explorer.figure.axes[2]
    bottom = ax_grad.get_ylim()[0]
    for line, norms in zip(ax_grad.lines, data["grad_norms"].T):
        np.testing.assert_array_equal(line.get_ydata(), np.where(norms > 0, norms, bottom),
                                      err_msg="a norm of 0 is drawn on the bottom edge, not left out")
    notes = [text.get_text() for text in ax_grad.texts]
    assert notes == ["0 on the bottom edge"], "the panel says where a norm of 0 is"
    healthy = trained(explorer, 10, lr=0.03, optimizer="adam")
    assert healthy["grad_norms"].all() and [text.get_text() for text in explorer.figure.axes[2].texts] == [""]


def history(val_loss):
    """What the title is read from, for a made-up run whose training loss falls steadily."""
    epochs = len(val_loss) - 1
    return {"config": {}, "ready": True, "stopped": None, "epoch": epochs, "loss": np.geomspace(1.0, 0.01, epochs + 1),
            "val_loss": np.asarray(val_loss, dtype=float), "grad_norms": np.ones((epochs, 3))}


def test_a_one_epoch_dip_of_the_validation_loss_is_no_best():
    val_loss = np.full(101, 0.45)
    val_loss[60] = 0.186
    assert diagnosis(history(val_loss)).startswith("epoch 100: converging"), diagnosis(history(val_loss))
    turning = np.concatenate([np.linspace(1.0, 0.3, 41), np.linspace(0.3, 0.6, 61)[1:]])  # lowest at epoch 40
    turning[70] = 0.1  # a dip during the rise changes neither the finding nor its numbers
    said = diagnosis(history(turning))
    assert said.startswith("epoch 100: over-fitting (medians over 5 epochs): validation loss 0.595, up from 0.31 at "
                           "epoch 40,"), said
