"""Lesson 09's explorer: a live training run on the 8x8 digits, one epoch per tick of a Play control.

Four panels share one figure: the training and validation loss, the two accuracies, the validation confusion matrix
(rows = true class, columns = predicted class) and the first misclassified validation digits, all at the epoch the
Play control shows.

Training is incremental and remembered: a ``TrainingRun`` trains one epoch at a time and keeps every epoch's curves
and validation predictions, so playing trains one more epoch per tick, pausing keeps everything, and moving the epoch
back shows an earlier epoch without training again. Changing the optimizer, the learning rate or the number of hidden
units starts a new run at epoch 0 (and the Play control, if playing, goes on from there).
"""
import textwrap

import ipywidgets as widgets
import numpy as np

from ..data import load_digits, standardize, train_val_test_split
from ..layers import MLP
from ..losses import softmax_cross_entropy
from ..optim import make_optimizer
from ..plots import MISTAKE_COLOR, TRAIN_COLOR, VAL_COLOR
from ..train import confusion_matrix, iterate_minibatches, train_step
from .base import Explorer

MAX_EPOCHS = 40
OPTIMIZER_CHOICES = ("adam", "sgd", "momentum", "rmsprop")
HIDDEN_CHOICES = (4, 8, 16, 32, 64, 128)
N_MISTAKES_SHOWN = 12
BATCH_SIZE = 32
DIVERGED_LOSS = 1e6
DIVERGED_TEXT = "10\N{SUPERSCRIPT SIX}"  # DIVERGED_LOSS as the titles write it
SUPTITLE_CHARS = 120  # about what fits across the 11-inch figure at font size 11
CELL_W, CELL_H = 10, 12  # a misclassified digit's cell in the mosaic, in pixels

_OPTIMIZER_LABELS = {"adam": "Adam", "sgd": "SGD", "momentum": "SGD + momentum 0.9", "rmsprop": "RMSprop"}


def _digits_split():
    """The lesson's split (seed 0), standardized with the training statistics.  -> X_train, y_train, X_val, y_val,
    and the raw validation images (N_val, 64) for display."""
    X, y = load_digits()
    X_train, y_train, X_val, y_val, _, _ = train_val_test_split(X, y, rng=0)  # the test split is never used here
    X_train_std, X_val_std = standardize(X_train, X_val)
    return X_train_std, y_train, X_val_std, y_val, X_val


class TrainingRun:
    """One training run of a 64 -> n_hidden -> 10 ReLU MLP, advanced an epoch at a time and remembered.

    history         {"loss", "val_loss", "accuracy", "val_accuracy"}: one value per epoch, epoch 0 = untrained,
                    measured in eval mode on the whole training and validation sets after the epoch
    val_predictions one (N_val,) array of predicted classes per epoch
    epochs_trained  how many epochs the model has been trained (tests use it to see that nothing is retrained)
    diverged        True once the training loss is above DIVERGED_LOSS or nan; the run then stops training and repeats
                    its last values
    """

    def __init__(self, optimizer="adam", lr=3e-3, n_hidden=32, seed=0, data=None):
        self.config = {"optimizer": optimizer, "lr": float(lr), "n_hidden": int(n_hidden)}
        self.X_train, self.y_train, self.X_val, self.y_val, self.val_images = data or _digits_split()
        self.model = MLP([self.X_train.shape[1], int(n_hidden), 10], rng=seed)
        self.optimizer = make_optimizer(optimizer, self.model.params, lr=float(lr))
        self.rng = np.random.default_rng(seed)
        self.history = {"loss": [], "val_loss": [], "accuracy": [], "val_accuracy": []}
        self.val_predictions = []
        self.epochs_trained = 0
        self.diverged = False
        self._record()

    def _record(self):
        with np.errstate(all="ignore"):
            for X, y, prefix in ((self.X_train, self.y_train, ""), (self.X_val, self.y_val, "val_")):
                logits = self.model.forward(X, train=False)
                finite = bool(np.isfinite(logits).all())
                loss = softmax_cross_entropy(logits, y)[0] if finite else np.nan
                predictions = logits.argmax(axis=1) if finite else np.zeros(len(y), dtype=np.intp)
                self.history[prefix + "loss"].append(float(loss))
                self.history[prefix + "accuracy"].append(float(np.mean(predictions == y)))
        self.val_predictions.append(predictions)
        # Cross-entropy starts near ln 10 = 2.3; a million means the logits have exploded and will not come back.
        self.diverged = not self.history["loss"][-1] < DIVERGED_LOSS

    def _train_one_epoch(self):
        if not self.diverged:
            with np.errstate(all="ignore"):  # a learning rate far too high overflows: shown as a diverged run
                for X_batch, y_batch in iterate_minibatches(self.X_train, self.y_train, BATCH_SIZE, self.rng):
                    train_step(self.model, X_batch, y_batch, self.optimizer)
            self._record()
        else:
            for values in (*self.history.values(), self.val_predictions):
                values.append(values[-1])
        self.epochs_trained += 1

    def advance_to(self, epoch):
        """Train until `epoch` epochs are done (nothing to do when they are already)."""
        while self.epochs_trained < epoch:
            self._train_one_epoch()

    def view(self, epoch):
        """Everything the figure shows at `epoch` (<= epochs_trained): the curves up to it and its mistakes."""
        predictions = self.val_predictions[epoch]
        wrong = np.flatnonzero(predictions != self.y_val)
        shown = wrong[:N_MISTAKES_SHOWN]
        return {
            **self.config, "epoch": int(epoch), "epochs_trained": self.epochs_trained, "diverged": self.diverged,
            "epochs": np.arange(epoch + 1),
            **{key: np.array(values[:epoch + 1]) for key, values in self.history.items()},
            "confusion": confusion_matrix(self.y_val, predictions, n_classes=10),
            "n_wrong": len(wrong), "n_val": len(self.y_val),
            "mistake_images": self.val_images[shown].reshape(-1, 8, 8), "mistake_true": self.y_val[shown],
            "mistake_predicted": predictions[shown],
        }


def _setting_text(data):
    return (f"{_OPTIMIZER_LABELS[data['optimizer']]}, \N{GREEK SMALL LETTER ETA} = {data['lr']:.2g}, "
            f"{data['n_hidden']} hidden units")


def _has_diverged(data):
    return data["epoch"] > 0 and not data["loss"][-1] < DIVERGED_LOSS


def training_describe(data, previous):
    """The title: where the run is, and what the last change did (a new run, an epoch forward or back)."""
    if _has_diverged(data):
        state = (f"epoch {data['epoch']}: training diverged (loss above {DIVERGED_TEXT}): "
                 f"\N{GREEK SMALL LETTER ETA} = {data['lr']:.2g} is far too high for {_OPTIMIZER_LABELS[data['optimizer']]}")
    else:
        state = (f"epoch {data['epoch']}: validation accuracy {data['val_accuracy'][-1]:.1%}, "
                 f"{data['n_wrong']} of {data['n_val']} validation digits wrong")
    if previous is None:
        return f"{state} ({_setting_text(data)})"
    changed = [name for name in ("optimizer", "lr", "n_hidden") if data[name] != previous[name]]
    if changed:
        was = {"optimizer": _OPTIMIZER_LABELS[previous["optimizer"]], "lr": f"{previous['lr']:.2g}",
               "n_hidden": str(previous["n_hidden"])}
        now = {"optimizer": _OPTIMIZER_LABELS[data["optimizer"]], "lr": f"{data['lr']:.2g}",
               "n_hidden": str(data["n_hidden"])}
        names = {"optimizer": "optimizer", "lr": "learning rate", "n_hidden": "hidden units"}
        what = ", ".join(f"{names[name]} {was[name]} \N{RIGHTWARDS ARROW} {now[name]}" for name in changed)
        return f"new run ({what}): {state}; press \N{BLACK RIGHT-POINTING TRIANGLE} to train"
    if data["epoch"] > previous["epoch"] and not _has_diverged(data):
        before, after = previous["val_loss"][-1], data["val_loss"][-1]
        # A trend only when the loss moved by at least the 3 digits shown (a stalled run would read "up from x to x").
        if np.isfinite(before) and f"{before:.3g}" != f"{after:.3g}":
            trend = "down" if after < before else "up"
            return f"{state}; validation loss {trend} from {before:.3g} to {after:.3g}"
    if data["epoch"] < previous["epoch"]:
        return f"back to {state} (remembered, not retrained)"
    return state


def _loss_limits(data):
    """The log-scale y range of the loss panel: down to 0.003 and up to 5 (a healthy run), stretched to take in
    every positive finite loss drawn, so a validation loss that grows to the hundreds, or explodes, stays visible."""
    losses = np.concatenate([data["loss"], data["val_loss"]])
    drawable = losses[np.isfinite(losses) & (losses > 0)]
    if len(drawable) == 0:
        return 0.003, 5.0
    return min(0.003, 0.5 * drawable.min()), max(5.0, 1.1 * drawable.max())


def _loss_title(data):
    if _has_diverged(data):
        return f"Loss: diverged (training loss above {DIVERGED_TEXT} or not a number)"
    return f"Loss: training {data['loss'][-1]:.3g}, validation {data['val_loss'][-1]:.3g}"


def training_draw(fig, data):
    """Loss curves, accuracy curves, the validation confusion matrix and the first misclassified digits."""
    fig.set_layout_engine("none")  # fixed margins: constrained layout would double the redraw time
    grid = fig.add_gridspec(2, 2, left=0.07, right=0.98, bottom=0.075, top=0.89, wspace=0.22, hspace=0.36)
    ax_loss, ax_acc, ax_cm, ax_wrong = (fig.add_subplot(grid[k // 2, k % 2]) for k in range(4))
    epochs = data["epochs"]
    with np.errstate(all="ignore"):
        ax_loss.semilogy(epochs, data["loss"], "-", color=TRAIN_COLOR, linewidth=1.8, label="training")
        ax_loss.semilogy(epochs, data["val_loss"], "--", color=VAL_COLOR, linewidth=1.8, label="validation")
    ax_loss.set(xlim=(0, MAX_EPOCHS), ylim=_loss_limits(data), xlabel="epoch", ylabel="cross-entropy (log scale)",
                title=_loss_title(data))
    ax_acc.plot(epochs, data["accuracy"], "-", color=TRAIN_COLOR, linewidth=1.8, label="training")
    ax_acc.plot(epochs, data["val_accuracy"], "--", color=VAL_COLOR, linewidth=1.8, label="validation")
    ax_acc.axhline(0.90, color="0.5", linewidth=0.8, linestyle=":", label="graded bar, 90 %")
    ax_acc.set(xlim=(0, MAX_EPOCHS), ylim=(0, 1.02), xlabel="epoch", ylabel="accuracy",
               title=f"Accuracy: validation {data['val_accuracy'][-1]:.1%}")
    for ax in (ax_loss, ax_acc):
        ax.grid(alpha=0.3)
        ax.legend(loc="center right", fontsize="small")

    cm = data["confusion"]
    ax_cm.imshow(cm, cmap="Blues", vmin=0, vmax=max(int(cm.max()), 1), interpolation="nearest")
    for i, j in zip(*np.nonzero(cm * (1 - np.eye(10, dtype=cm.dtype)))):  # the mistakes only: few texts to draw
        ax_cm.text(j, i, str(cm[i, j]), ha="center", va="center", fontsize=8, color=MISTAKE_COLOR)
    ax_cm.set_xticks(range(10))
    ax_cm.set_yticks(range(10))
    ax_cm.tick_params(labelsize=8)
    ax_cm.set(xlabel="predicted class", ylabel="true class", title="Validation confusion (mistakes in red)")

    # The misclassified digits as one mosaic image (one Axes is much faster to draw than one per digit); each digit
    # takes a cell of CELL_W x CELL_H pixels, its 8 x 8 image at the top and its caption in the gap below.
    images = data["mistake_images"]
    n_rows, n_cols = 3, N_MISTAKES_SHOWN // 3
    mosaic = np.full((n_rows * CELL_H, n_cols * CELL_W), np.nan)
    for k, image in enumerate(images):
        row, col = divmod(k, n_cols)
        mosaic[row * CELL_H:row * CELL_H + 8, col * CELL_W:col * CELL_W + 8] = image
        ax_wrong.text(col * CELL_W + 3.5, row * CELL_H + 8.2, f"{data['mistake_true'][k]}\N{RIGHTWARDS ARROW}"
                      f"{data['mistake_predicted'][k]}", ha="center", va="top", fontsize=9, color=MISTAKE_COLOR)
    ax_wrong.imshow(mosaic, cmap="gray_r", vmin=0, vmax=1, interpolation="nearest")
    ax_wrong.set(xticks=[], yticks=[], xlim=(-0.5, n_cols * CELL_W - 2.5), ylim=(n_rows * CELL_H - 0.5, -0.5),
                 title=f"{data['n_wrong']} misclassified (true\N{RIGHTWARDS ARROW}predicted), first {len(images)}"
                 if data["n_wrong"] else "No validation digit misclassified")
    for ax in (ax_loss, ax_acc, ax_cm, ax_wrong):
        ax.title.set_fontsize(10)
    # Wrapped to the figure's width: a new run's title (what changed, then the state) is longer than one line.
    fig.suptitle(textwrap.fill(data.get("title", ""), width=SUPTITLE_CHARS), fontsize=11)


class TrainingExplorer(Explorer):
    """An Explorer whose settings (optimizer, learning rate, hidden units) start a new run at epoch 0, while the
    Play control's value is the epoch shown.  ``run`` is the current TrainingRun."""

    def __init__(self, controls, data=None, seed=0, **kwargs):
        self.run = None
        self._data = data
        self.seed = seed
        super().__init__(controls, self._compute, training_draw, describe=training_describe, **kwargs)

    def _compute(self, epoch, optimizer, lr, n_hidden):
        config = {"optimizer": optimizer, "lr": float(lr), "n_hidden": int(n_hidden)}
        if self.run is None or self.run.config != config:
            self.run = TrainingRun(optimizer, lr, n_hidden, seed=self.seed, data=self._data)
        self.run.advance_to(epoch)
        return self.run.view(epoch)

    def _on_change(self, change):
        if self._holding:
            return
        if change["owner"] is not self.controls["epoch"]:
            with self.holding():  # a new setting: back to epoch 0 without drawing twice
                self.controls["epoch"].value = 0
        self.update()


def training_explorer(optimizer="adam", lr=3e-3, n_hidden=32, interval=500):
    """A live training view of a 64 -> n_hidden -> 10 MLP on the digits: ▶ trains one epoch per tick (every
    `interval` ms) and redraws the curves, the confusion matrix and the misclassified digits; ❚❚ pauses; the epoch
    slider goes back and forth; the optimizer, learning-rate and hidden-units controls start a new run.
    -> the TrainingExplorer (display it)."""
    style = {"description_width": "6.5em"}
    play = widgets.Play(value=0, min=0, max=MAX_EPOCHS, step=1, interval=interval, description="play",
                        show_repeat=False)
    controls = {
        "epoch": play,
        "optimizer": widgets.Dropdown(options=[(_OPTIMIZER_LABELS[name], name) for name in OPTIMIZER_CHOICES],
                                      value=optimizer, description="optimizer", style=style,
                                      layout=widgets.Layout(width="260px")),
        "lr": widgets.FloatLogSlider(value=lr, base=10, min=-4, max=0.5, step=0.25, readout_format=".2g",
                                     description="learning rate", continuous_update=False, style=style,
                                     layout=widgets.Layout(width="320px")),
        "n_hidden": widgets.SelectionSlider(options=list(HIDDEN_CHOICES), value=n_hidden,
                                            description="hidden units", continuous_update=False, style=style,
                                            layout=widgets.Layout(width="300px")),
    }
    explorer = TrainingExplorer(controls, figsize=(11, 7.4))
    epoch_slider = widgets.IntSlider(value=0, min=0, max=MAX_EPOCHS, description="epoch", style=style,
                                     layout=widgets.Layout(width="420px"))
    widgets.jslink((play, "value"), (epoch_slider, "value"))  # in the browser: the slider follows the Play control
    header = widgets.HTML("<b>Live training on the digits</b> (64 \N{RIGHTWARDS ARROW} hidden \N{RIGHTWARDS ARROW} "
                          "10 ReLU MLP, batches of 32, He initialization; validation = the lesson's 269 validation "
                          "digits). \N{BLACK RIGHT-POINTING TRIANGLE} trains one epoch per tick, "
                          "\N{HEAVY VERTICAL BAR}\N{HEAVY VERTICAL BAR} pauses, \N{BLACK SQUARE} goes back to epoch 0; changing a setting "
                          "starts a new run.")
    explorer.epoch_slider = epoch_slider
    explorer.widget = widgets.VBox([
        header,
        widgets.HBox([epoch_slider, play]),
        widgets.HBox([controls["optimizer"], controls["lr"], controls["n_hidden"]]),
        explorer.canvas,
    ])
    return explorer


__all__ = ["training_explorer", "TrainingExplorer", "TrainingRun", "training_describe", "training_draw",
           "MAX_EPOCHS", "OPTIMIZER_CHOICES", "HIDDEN_CHOICES"]
