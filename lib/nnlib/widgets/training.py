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
from .base import Explorer, drawn_inside

MAX_EPOCHS = 40
OPTIMIZER_CHOICES = ("adam", "sgd", "momentum", "rmsprop")
HIDDEN_CHOICES = (4, 8, 16, 32, 64, 128)
N_MISTAKES_SHOWN = 12
BATCH_SIZE = 32
DIVERGED_LOSS = 1e6
DIVERGED_TEXT = "10\N{SUPERSCRIPT SIX}"  # DIVERGED_LOSS as the titles write it
SUPTITLE_CHARS = 95  # about what fits across the figure at font size 11
CELL_W, CELL_H = 10, 12  # a misclassified digit's cell in the mosaic, in pixels
MOSAIC_ROWS, MOSAIC_COLS = 3, N_MISTAKES_SHOWN // 3

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


LOSS_AXIS_BOTTOMS = (0.003, 1e-3, 1e-4, 1e-5, 1e-6)
LOSS_AXIS_TOP = 5.0
"""The loss panel's log axis: from 0.003 to 5 for a healthy run, the bottom lowered to the first of LOSS_AXIS_BOTTOMS
under half the lowest loss, the top raised to a power of ten above the highest (1.1 × it): the curves grow an epoch
at a time within one range for many epochs, and only a change of range draws the whole figure again."""


def _loss_limits(data):
    """The log-scale y range of the loss panel: it takes in every positive finite loss drawn, so a validation loss
    that grows to the hundreds, or explodes, stays visible."""
    losses = np.concatenate([data["loss"], data["val_loss"]])
    drawable = losses[np.isfinite(losses) & (losses > 0)]
    if len(drawable) == 0:
        return LOSS_AXIS_BOTTOMS[0], LOSS_AXIS_TOP
    lowest, highest = 0.5 * drawable.min(), 1.1 * drawable.max()
    bottom = next((value for value in LOSS_AXIS_BOTTOMS if value <= lowest), lowest)
    top = LOSS_AXIS_TOP if highest <= LOSS_AXIS_TOP else 10.0 ** np.ceil(np.log10(highest))
    return bottom, top


def _loss_title(data):
    if _has_diverged(data):
        return f"Loss: diverged (training loss above {DIVERGED_TEXT} or not a number)"
    return f"Loss: training {data['loss'][-1]:.3g}, validation {data['val_loss'][-1]:.3g}"


def _mistakes_title(data):
    if not data["n_wrong"]:
        return "No validation digit misclassified"
    return (f"{data['n_wrong']} misclassified (true\N{RIGHTWARDS ARROW}predicted), "
            f"first {len(data['mistake_images'])}")


def _mosaic(images):
    """The misclassified digits as one image: each takes a cell of CELL_W × CELL_H pixels, its 8 × 8 image at the
    top and its caption in the gap below; empty cells are nan (drawn blank).  images (n, 8, 8) -> (rows, cols)."""
    mosaic = np.full((MOSAIC_ROWS * CELL_H, MOSAIC_COLS * CELL_W), np.nan)
    for k, image in enumerate(images):
        row, col = divmod(k, MOSAIC_COLS)
        mosaic[row * CELL_H:row * CELL_H + 8, col * CELL_W:col * CELL_W + 8] = image
    return mosaic


def training_draw(fig, data):
    """Loss curves, accuracy curves, the validation confusion matrix and the first misclassified digits.  -> refresh
    (a new epoch or a new run redraws the curves, the matrix and the digits over the axes, which stay)."""
    fig.set_layout_engine("none")  # fixed margins: the titles change length while the run goes on
    grid = fig.add_gridspec(2, 2, left=0.085, right=0.98, bottom=0.075, top=0.8, wspace=0.25, hspace=0.4)
    ax_loss, ax_acc, ax_cm, ax_wrong = (fig.add_subplot(grid[k // 2, k % 2]) for k in range(4))
    loss_lines = [ax_loss.semilogy([], [], style, color=colour, linewidth=1.8, label=label)[0]
                  for style, colour, label in (("-", TRAIN_COLOR, "training"), ("--", VAL_COLOR, "validation"))]
    ax_loss.set(xlim=(0, MAX_EPOCHS), ylim=_loss_limits(data), xlabel="epoch", ylabel="cross-entropy (log scale)")
    ax_acc.axhline(0.90, color="0.5", linewidth=0.8, linestyle=":", label="graded bar, 90 %")  # first: under the curves
    accuracy_lines = [ax_acc.plot([], [], style, color=colour, linewidth=1.8, label=label)[0]
                      for style, colour, label in (("-", TRAIN_COLOR, "training"), ("--", VAL_COLOR, "validation"))]
    ax_acc.set(xlim=(0, MAX_EPOCHS), ylim=(0, 1.02), xlabel="epoch", ylabel="accuracy")
    for ax in (ax_loss, ax_acc):
        ax.grid(alpha=0.3)
    # one key for both curve panels, above them, outside what an epoch redraws
    fig.legend(*ax_acc.get_legend_handles_labels(), loc="lower center", bbox_to_anchor=(0.5, 0.855), ncol=3,
               fontsize="small", frameon=False)

    confusion = ax_cm.imshow(np.zeros((10, 10)), cmap="Blues", vmin=0, vmax=1, interpolation="nearest")
    # a text for every cell off the diagonal, empty where no digit is mistaken: a new epoch only changes the strings
    mistake_counts = {(i, j): ax_cm.text(j, i, "", ha="center", va="center", fontsize="small", color=MISTAKE_COLOR)
                      for i in range(10) for j in range(10) if i != j}
    ax_cm.set_xticks(range(10))
    ax_cm.set_yticks(range(10))
    ax_cm.tick_params(labelsize="small")
    ax_cm.set(xlabel="predicted class", ylabel="true class", title="Validation confusion (mistakes in red)")

    # the misclassified digits as one mosaic image: one Axes is much faster to draw than one per digit
    mosaic = ax_wrong.imshow(_mosaic([]), cmap="gray_r", vmin=0, vmax=1, interpolation="nearest")
    captions = [ax_wrong.text(col * CELL_W + 3.5, row * CELL_H + 8.2, "", ha="center", va="top", fontsize=9,
                              color=MISTAKE_COLOR)
                for row in range(MOSAIC_ROWS) for col in range(MOSAIC_COLS)]
    ax_wrong.set(xticks=[], yticks=[], xlim=(-0.5, MOSAIC_COLS * CELL_W - 2.5),
                 ylim=(MOSAIC_ROWS * CELL_H - 0.5, -0.5))
    titles = {ax: ax.set_title("", fontsize=10) for ax in (ax_loss, ax_acc, ax_wrong)}
    ax_cm.title.set_fontsize(10)
    title = fig.suptitle("", fontsize=11)
    limits = _loss_limits(data)

    def refresh(new):
        if _loss_limits(new) != limits:
            return None
        epochs = new["epochs"]
        for line, key in zip(loss_lines, ("loss", "val_loss")):
            line.set_data(epochs, new[key])
        for line, key in zip(accuracy_lines, ("accuracy", "val_accuracy")):
            line.set_data(epochs, new[key])
        cm = new["confusion"]
        confusion.set_data(cm)
        confusion.set_clim(0, max(int(cm.max()), 1))
        for (i, j), text in mistake_counts.items():
            text.set_text(str(cm[i, j]) if cm[i, j] else "")
        mosaic.set_data(_mosaic(new["mistake_images"]))
        for k, caption in enumerate(captions):
            caption.set_text(f"{new['mistake_true'][k]}\N{RIGHTWARDS ARROW}{new['mistake_predicted'][k]}"
                             if k < len(new["mistake_images"]) else "")
        titles[ax_loss].set_text(_loss_title(new))
        titles[ax_acc].set_text(f"Accuracy: validation {new['val_accuracy'][-1]:.1%}")
        titles[ax_wrong].set_text(_mistakes_title(new))
        # wrapped to the figure's width: a new run's title (what changed, then the state) is longer than one line
        title.set_text(textwrap.fill(new.get("title", ""), width=SUPTITLE_CHARS))
        return [*drawn_inside(ax_loss), *drawn_inside(ax_acc), *drawn_inside(ax_cm), *drawn_inside(ax_wrong),
                *titles.values(), title]

    refresh(data)
    return refresh


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
                                     description="learning rate", style=style, layout=widgets.Layout(width="320px")),
        "n_hidden": widgets.SelectionSlider(options=list(HIDDEN_CHOICES), value=n_hidden,
                                            description="hidden units", style=style,
                                            layout=widgets.Layout(width="300px")),
    }
    alt = ("Top: training and validation loss (log scale) and accuracy per epoch. Bottom left: the confusion matrix of "
           "the validation digits, mistakes in red. Bottom right: the first validation digits the network gets "
           "wrong, each with its true and predicted class.")
    explorer = TrainingExplorer(controls, figsize=(8.4, 7.4), alt=alt)
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
        explorer.caption,
    ])
    return explorer


__all__ = ["training_explorer", "TrainingExplorer", "TrainingRun", "training_describe", "training_draw",
           "MAX_EPOCHS", "OPTIMIZER_CHOICES", "HIDDEN_CHOICES"]
