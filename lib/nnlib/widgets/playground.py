"""The training playground: an MLP trained live on 2-D data, with every setting the course taught.

Three panels share one figure: the decision boundary (the plane coloured by the predicted class probabilities, with
the training points and the held-out validation points), the training and validation loss over the epochs, and the
norm of each layer's weight gradient over the epochs (log scale; a norm of exactly 0 is drawn on the panel's bottom
edge). The title says what the run is doing, read from its history: converging, diverging, dead, over-fitting,
vanishing gradients in some layers, or stopped early. After early stopping the model holds the weights of the best
epoch: the status line gives that epoch's numbers and the loss curves mark it.

A ``PlaygroundRun`` trains one epoch at a time and keeps its history. Each tick of the Play control trains a few epochs
(the "epochs per tick" slider) and refreshes the figure in place, so the kernel answers between ticks and a pause is
immediate. Every other setting (data, network, training, regularization, seed) starts a new run at epoch 0 from a
fresh seeded initialization: the same settings always give the same run.

Own data: a click on the boundary panel adds a point of the chosen class (the first click on a generated data set
copies its points, so they can be edited); ``load(X, y)`` loads arrays.
"""
import math
import textwrap
import time

import ipywidgets as widgets
import numpy as np
from matplotlib import colormaps
from matplotlib.colors import to_rgb
from matplotlib.lines import Line2D
from matplotlib.ticker import NullLocator
from numpy.lib.stride_tricks import sliding_window_view

from ..data import make_blobs, make_circles, make_moons, make_spirals, make_xor
from ..layers import MLP
from ..losses import softmax_cross_entropy
from ..optim import Scheduler, cosine_lr, linear_warmup, make_optimizer, step_lr
from ..plots import PALETTE, TRAIN_COLOR, VAL_COLOR
from ..train import EarlyStopping
from .base import Explorer, drawn_inside

DATASETS = {
    # key: (dropdown label, make(n_points, noise, rng) -> X, y with noise the slider's 0..1, half-width of the
    # plane shown: fixed, so that more noise moves the points, not the axes)
    "xor": ("XOR", lambda n, noise, rng: make_xor(n, noise=noise, rng=rng), 2.5),
    "moons": ("moons", lambda n, noise, rng: make_moons(n, noise=0.5 * noise, rng=rng), 2.5),
    "circles": ("circles", lambda n, noise, rng: make_circles(n, noise=0.4 * noise, rng=rng), 1.5),
    "spirals": ("spirals (3 classes)", lambda n, noise, rng: make_spirals(n, noise=noise, rng=rng), 1.5),
    "blobs": ("blobs (3 classes)", lambda n, noise, rng: make_blobs(n, std=0.5 + 2.5 * noise, rng=rng), 6.0),
    "own": ("your own points", None, None),
}
OPTIMIZER_LABELS = {"sgd": "SGD", "momentum": "SGD + momentum", "nesterov": "Nesterov", "rmsprop": "RMSprop",
                    "adam": "Adam", "adamw": "AdamW"}
ACTIVATION_LABELS = {"relu": "ReLU", "tanh": "tanh", "sigmoid": "sigmoid", "leaky_relu": "leaky ReLU"}
INIT_LABELS = {"he": "He", "xavier": "Xavier", "normal": "small normal (0.01)", "zeros": "zeros"}
MAX_HIDDEN_LAYERS = 6
STEP_EVERY, STEP_FACTOR = 50, 0.5
COSINE_EPOCHS = 200
WARMUP_EPOCHS, WARMUP_START = 20, 0.1
SCHEDULES = {
    # key: (dropdown label, lr(epoch, lr0) or None for a constant rate)
    "constant": ("constant", None),
    "step": (f"step (\N{MULTIPLICATION SIGN}{STEP_FACTOR} every {STEP_EVERY})",
             lambda epoch, lr0: step_lr(epoch, lr0, STEP_EVERY, STEP_FACTOR)),
    "cosine": (f"cosine to 0 at {COSINE_EPOCHS}",
               lambda epoch, lr0: cosine_lr(min(epoch, COSINE_EPOCHS), lr0, COSINE_EPOCHS)),
    "warmup": (f"warm-up ({WARMUP_EPOCHS} epochs)",
               lambda epoch, lr0: linear_warmup(epoch, lr0, WARMUP_EPOCHS, WARMUP_START)),
}

OWN_PLANE = 3.0
GRID_SIZE = 60  # the probability map is computed on 60 x 60 points and smoothed by the image's interpolation
FIRST_HORIZON = 50
TICK_SECONDS = 0.1
"""A tick trains at most this long: the browser sends ticks at its interval whether the kernel kept up or not, so a
slow setting (a deep, wide network on small batches) must not let them queue up, or a pause would come late."""
DIVERGED_FACTOR = 5.0  # a training loss this many times its start (or not finite) has diverged
VANISHING_RATIO = 1e-3  # a layer whose gradient norm is below this fraction of the last layer's gets nothing to learn
TREND_WINDOW = 20  # epochs: how long the validation loss must stay above its best to count as over-fitting
SMOOTH_EPOCHS = 5  # over-fitting is read from running medians over this many epochs: a one-epoch dip is no best
OVERFIT_RISE, OVERFIT_MARGIN = 1.1, 0.02  # a rise of 10 % and of 0.02 at least: noise on a tiny loss is no finding
SETTING_LABELS = {"dataset": "data", "noise": "noise", "n_points": "points", "val_fraction": "held out",
                  "n_layers": "hidden layers", "width": "width", "activations": "activations", "init": "init",
                  "optimizer": "optimizer", "lr": "learning rate", "schedule": "schedule", "batch_size": "batch size",
                  "l2": "L2", "dropout": "dropout", "batchnorm": "batch norm", "patience": "early stopping",
                  "seed": "seed", "own_points": "your points"}
TITLE_CHARS = 95  # about what fits across the 8.4-inch figure at font size 11


def _split(X, y, val_fraction, rng):
    """A seeded shuffle, then the first val_fraction of the points held out (at least two kept for training).
    -> X_train, y_train, X_val, y_val."""
    order = rng.permutation(len(y))
    n_val = min(int(round(val_fraction * len(y))), max(len(y) - 2, 0))
    val, train = order[:n_val], order[n_val:]
    return X[train], y[train], X[val], y[val]


def _plane(X):
    """The half-width of the square that shows loaded points: the points and a margin, rounded up to a half (at
    least 1.5)."""
    return max(1.5, math.ceil(2 * (np.abs(X).max(initial=0.0) + 0.3)) / 2)


class PlaygroundRun:
    """One seeded training run, advanced an epoch at a time and remembered.

    config     the settings that define the run (a dict; the same dict gives the same run)
    history    {"loss", "val_loss", "accuracy", "val_accuracy": one value per epoch, epoch 0 = untrained, measured in
               eval mode on the whole sets; "grad_norms": one (n_layers,) array per trained epoch, the mean norm of
               each weight gradient dW1..dWL over the epoch's batches}
    stopped    None while training goes on, else "diverged" or "early stopping" (then training does nothing)
    best_epoch after early stopping, the epoch whose weights were restored (the lowest validation loss)
    ready      False while the data cannot be trained on (fewer than two classes or training points)
    """

    def __init__(self, config, X, y):
        self.config = config
        self.X, self.y = X, y
        rng = np.random.default_rng(config["seed"])
        self.X_train, self.y_train, self.X_val, self.y_val = _split(X, y, config["val_fraction"], rng)
        self.n_classes = max(2, int(y.max(initial=0)) + 1)
        self.ready = len(np.unique(self.y_train)) >= 2
        n_layers = config["n_layers"]
        self.model = MLP([2] + [config["width"]] * n_layers + [self.n_classes],
                         activation=list(config["activations"][:n_layers]), init=config["init"], rng=rng,
                         dropout=config["dropout"], batchnorm=config["batchnorm"])
        self.optimizer = make_optimizer(config["optimizer"], self.model.params, lr=config["lr"],
                                        weight_decay=config["l2"])
        schedule = SCHEDULES[config["schedule"]][1]
        self.scheduler = Scheduler(self.optimizer, schedule) if schedule is not None else None
        # early stopping watches the validation loss: none without validation points
        self.early_stopping = EarlyStopping(config["patience"]) if config["patience"] and len(self.y_val) else None
        self.rng = rng
        self.history = {"loss": [], "val_loss": [], "accuracy": [], "val_accuracy": [], "grad_norms": []}
        self.epoch = 0
        self.stopped = None
        self.best_epoch = None
        self._record()
        if self.early_stopping is not None:  # it sees the untrained network too, so it counts epochs as the run does
            self.early_stopping.update(self.history["val_loss"][0], self.model.params)

    def _evaluate(self, X, y):
        """(loss, accuracy) in eval mode, nan for an empty set or a network whose outputs overflowed."""
        if len(y) == 0:
            return np.nan, np.nan
        logits = self.model.forward(X, train=False)
        if not np.isfinite(logits).all():
            return np.nan, np.nan
        return float(softmax_cross_entropy(logits, y)[0]), float(np.mean(logits.argmax(axis=1) == y))

    def _record(self):
        for X, y, prefix in ((self.X_train, self.y_train, ""), (self.X_val, self.y_val, "val_")):
            loss, accuracy = self._evaluate(X, y)
            self.history[prefix + "loss"].append(loss)
            self.history[prefix + "accuracy"].append(accuracy)

    def train(self, n_epochs=1, seconds=np.inf):
        """Train n_epochs more epochs, or fewer if the run stops (diverged, early stopping) or if `seconds` have
        passed (at least one epoch is trained)."""
        deadline = time.perf_counter() + seconds
        with np.errstate(all="ignore"):  # a learning rate far too high overflows: shown as a diverged run
            for k in range(n_epochs):
                if self.stopped is not None or not self.ready or k > 0 and time.perf_counter() > deadline:
                    return
                self._train_one_epoch()

    def _train_one_epoch(self):
        model, batch_size = self.model, self.config["batch_size"]
        order = self.rng.permutation(len(self.y_train))
        norms, n_batches = np.zeros(model.n_layers), 0
        for start in range(0, len(order), batch_size):
            batch = order[start:start + batch_size]
            if len(batch) < 2:  # batch norm needs two samples for a variance; a lone leftover sample is skipped
                continue
            logits = model.forward(self.X_train[batch], train=True, rng=self.rng)
            _, dlogits = softmax_cross_entropy(logits, self.y_train[batch])
            model.backward(dlogits)
            norms += [np.linalg.norm(model.grads[f"W{l}"]) for l in range(1, model.n_layers + 1)]
            n_batches += 1
            self.optimizer.step(model.grads)
        if self.scheduler is not None:
            self.scheduler.step()
        self.epoch += 1
        self.history["grad_norms"].append(norms / max(n_batches, 1))
        self._record()
        start_loss, loss = self.history["loss"][0], self.history["loss"][-1]
        if not loss < DIVERGED_FACTOR * start_loss:
            self.stopped = "diverged"
        elif self.early_stopping is not None and self.early_stopping.update(self.history["val_loss"][-1],
                                                                            model.params):
            self.early_stopping.restore(model.params)  # back to the best epoch, as early stopping does
            self.best_epoch = self.early_stopping.best_epoch
            self.stopped = "early stopping"

    def probabilities(self, plane):
        """The predicted class probabilities on a GRID_SIZE² grid over [-plane, plane]².  -> (G, G, n_classes), rows
        along x2."""
        grid = np.linspace(-plane, plane, GRID_SIZE)
        X1, X2 = np.meshgrid(grid, grid)
        with np.errstate(all="ignore"):
            logits = self.model.forward(np.column_stack([X1.ravel(), X2.ravel()]), train=False)
            logits = np.nan_to_num(logits - logits.max(axis=1, keepdims=True), nan=0.0)
            probs = np.exp(logits)
        probs /= probs.sum(axis=1, keepdims=True)
        return probs.reshape(GRID_SIZE, GRID_SIZE, self.n_classes)

    def view(self, plane):
        """Everything the figure and the title show now: a dict of arrays and numbers."""
        history = {key: np.array(values) for key, values in self.history.items() if key != "grad_norms"}
        norms = np.array(self.history["grad_norms"]).reshape(-1, self.model.n_layers)
        return {"config": self.config, "epoch": self.epoch, "stopped": self.stopped, "best_epoch": self.best_epoch,
                "ready": self.ready, "n_classes": self.n_classes, "plane": plane, "lr_now": self.optimizer.lr,
                "X_train": self.X_train, "y_train": self.y_train, "X_val": self.X_val, "y_val": self.y_val,
                "probabilities": self.probabilities(plane), "grad_norms": norms, **history}


def diagnosis(data):
    """What the run is doing, in words, read from its history (the first that applies): stopped early, diverging,
    dead (every weight gradient exactly 0), vanishing gradients, over-fitting, converging or stalled."""
    epoch, loss, val_loss = data["epoch"], data["loss"], data["val_loss"]
    if not data["ready"]:
        return "your own data: click on the left panel to add points of at least two classes"
    if epoch == 0:
        return f"epoch 0, untrained: training loss {loss[0]:.3g}; press \N{BLACK RIGHT-POINTING TRIANGLE} to train"
    if data["stopped"] == "early stopping":
        best = data["best_epoch"]
        return (f"early stopping at epoch {epoch}: no better validation loss for {data['config']['patience']} "
                f"epochs; the weights of epoch {best} are restored (validation loss {val_loss[best]:.3g}, marked "
                "on the loss curves)")
    if data["stopped"] == "diverged":
        return (f"diverging at epoch {epoch}: training loss {loss[-1]:.3g} (it started at {loss[0]:.3g}); "
                "lower the learning rate")
    if not data["grad_norms"][-1].any():
        return (f"epoch {epoch}: dead: every weight gradient is 0 (ReLU units that never switch on, training loss "
                f"{loss[-1]:.3g}); try a smaller learning rate or leaky ReLU")
    vanishing = vanishing_layers(data["grad_norms"][-1])
    if vanishing:
        layers = ", ".join(str(layer) for layer in vanishing)
        return (f"epoch {epoch}: vanishing gradients in layer{'s' if len(vanishing) > 1 else ''} {layers}: "
                f"below {VANISHING_RATIO:g} \N{MULTIPLICATION SIGN} the last layer's gradient norm")
    if is_overfitting(loss, val_loss):
        smooth_loss, smooth_val_loss = running_median(loss), running_median(val_loss)
        best = int(np.argmin(smooth_val_loss))
        return (f"epoch {epoch}: over-fitting (medians over {SMOOTH_EPOCHS} epochs): validation loss "
                f"{smooth_val_loss[-1]:.3g}, up from {smooth_val_loss[best]:.3g} at epoch {best}, while training loss "
                f"fell to {smooth_loss[-1]:.3g}")
    earlier = max(0, epoch - TREND_WINDOW)
    if loss[-1] < 0.98 * loss[earlier]:
        return (f"epoch {epoch}: converging: training loss down from {loss[earlier]:.3g} at epoch {earlier} "
                f"to {loss[-1]:.3g}")
    return f"epoch {epoch}: stalled: training loss {loss[-1]:.3g}, {loss[earlier]:.3g} at epoch {earlier}"


def vanishing_layers(norms):
    """The layers (1-based) whose gradient norm is below VANISHING_RATIO times the last layer's."""
    return [int(k) + 1 for k in np.flatnonzero(norms[:-1] < VANISHING_RATIO * norms[-1])]


def running_median(values):
    """Each epoch's value replaced by the median over the SMOOTH_EPOCHS epochs centred on it (fewer at the ends).
    (E,) -> (E,)"""
    half = SMOOTH_EPOCHS // 2
    padded = np.pad(np.asarray(values, dtype=float), half, constant_values=np.nan)  # nan: no epoch there
    return np.nanmedian(sliding_window_view(padded, SMOOTH_EPOCHS), axis=1)


def is_overfitting(loss, val_loss):
    """The validation loss has been above its best for at least TREND_WINDOW epochs, now clearly (by OVERFIT_RISE
    and by OVERFIT_MARGIN), while the training loss went on falling. Both are read from their running medians, so
    that a one-epoch dip of the validation loss (during a spike of the training loss, say) is not taken for its
    best, nor a one-epoch jump for its rise."""
    if len(loss) <= TREND_WINDOW or not (np.isfinite(loss).all() and np.isfinite(val_loss).all()):
        return False
    loss, val_loss = running_median(loss), running_median(val_loss)
    best = int(np.argmin(val_loss))
    return (best <= len(loss) - 1 - TREND_WINDOW and val_loss[-1] > OVERFIT_RISE * val_loss[best]
            and val_loss[-1] > val_loss[best] + OVERFIT_MARGIN and loss[-1] < loss[best])


def _setting_text(name, value):
    """A setting's value as the title writes it."""
    labels = {"activations": lambda v: "/".join(ACTIVATION_LABELS[a] for a in v) or "none",
              "optimizer": OPTIMIZER_LABELS.get, "init": INIT_LABELS.get, "dataset": lambda v: DATASETS[v][0],
              "schedule": lambda v: SCHEDULES[v][0], "lr": lambda v: f"{v:.2g}", "val_fraction": lambda v: f"{v:.0%}",
              "batchnorm": lambda v: "on" if v else "off", "patience": lambda v: f"patience {v}" if v else "off",
              "own_points": lambda v: str(v[0]) if v else "none"}
    if name in labels:
        return labels[name](value)
    return f"{value:g}" if isinstance(value, float) else str(value)


def playground_describe(data, previous):
    """The title: a new run and what started it (a changed setting, or reset), then what the run is doing."""
    state = diagnosis(data)
    if previous is None or data["epoch"] > 0 or previous["epoch"] == 0 and previous["config"] == data["config"]:
        return state
    old, new = previous["config"], data["config"]
    changed = [name for name in new if new[name] != old.get(name)]
    if "dataset" in changed and "own_points" in changed:  # "your own points" says it
        changed.remove("own_points")
    n_kept = min(len(old["activations"]), len(new["activations"]))
    if "n_layers" in changed and old["activations"][:n_kept] == new["activations"][:n_kept]:
        changed.remove("activations")  # only layers added or removed: the number of layers says it
    if not changed:
        return f"reset: the same seeded start again; {state}"
    what = ", ".join(f"{SETTING_LABELS[name]} {_setting_text(name, old[name])} \N{RIGHTWARDS ARROW} "
                     f"{_setting_text(name, new[name])}" for name in changed)
    return f"new run ({what}); {state}"


def shown_epoch(data):
    """The epoch whose weights the model holds: the best one after early stopping, else the last."""
    return data["best_epoch"] if data["stopped"] == "early stopping" else data["epoch"]


def status_text(data):
    """One line for the HTML status: epoch, learning rate, losses and accuracies, those of the weights the model
    holds (after early stopping, of the restored epoch)."""
    def number(value, form):
        return format(value, form) if np.isfinite(value) else "\N{EN DASH}"

    shown = shown_epoch(data)
    restored = f", best weights of epoch {shown} restored" if data["stopped"] == "early stopping" else ""
    return (f"<b>epoch {data['epoch']}</b>{restored} \N{EM DASH} learning rate {data['lr_now']:.2g} \N{EM DASH} "
            f"training loss {number(data['loss'][shown], '.3f')}, accuracy {number(data['accuracy'][shown], '.1%')} "
            f"\N{EM DASH} validation loss {number(data['val_loss'][shown], '.3f')}, "
            f"accuracy {number(data['val_accuracy'][shown], '.1%')}")


def _horizon(epoch):
    """The epoch axis' right end: FIRST_HORIZON, doubled each time the run reaches it."""
    horizon = FIRST_HORIZON
    while epoch > horizon:
        horizon *= 2
    return horizon


def _log_limits(values, low_step, highest_first):
    """A log axis' range that holds every positive finite value, on powers of ten: the low end a multiple of
    `low_step` decades, the high end at least highest_first. It changes rarely, so most ticks only redraw lines."""
    shown = values[np.isfinite(values) & (values > 0)]
    if len(shown) == 0:
        return 10.0 ** -low_step, highest_first
    low = low_step * math.floor(math.log10(shown.min()) / low_step)
    high = math.ceil(math.log10(shown.max() * 1.05))
    return 10.0 ** min(low, -low_step), max(10.0 ** high, highest_first)


def _class_colors(n_classes):
    return np.array([to_rgb(PALETTE[k % len(PALETTE)]) for k in range(n_classes)])


def _probability_image(probabilities):
    """Each grid point coloured by its class probabilities: a mix of the class colours, pale so the points show."""
    colors = _class_colors(probabilities.shape[2])
    mix = probabilities @ colors  # (G, G, 3)
    return 0.45 * mix + 0.55


def _figure_parts(data):
    """What decides the axes' limits, the number of lines and the legends' entries: a change of these draws the
    whole figure again."""
    return (data["plane"], data["n_classes"], data["config"]["n_layers"], _horizon(data["epoch"]),
            _log_limits(np.concatenate([data["loss"], data["val_loss"]]), 3, 10.0),
            _log_limits(data["grad_norms"].ravel(), 3, 1.0))


def playground_draw(fig, data):
    """The decision boundary on the left; the losses and the per-layer gradient norms on the right.  -> refresh.

    The legends are the figure's, outside the panels: a tick then redraws only what is inside the panels."""
    fig.set_layout_engine("none")  # fixed margins: a layout engine would redo the text layout on every drawing
    grid = fig.add_gridspec(2, 2, left=0.085, right=0.985, bottom=0.2, top=0.86, wspace=0.28, hspace=0.55,
                            width_ratios=(1.1, 1))
    ax_plane = fig.add_subplot(grid[:, 0])
    ax_loss = fig.add_subplot(grid[0, 1])
    ax_grad = fig.add_subplot(grid[1, 1])
    parts = plane, n_classes, n_layers, horizon, loss_limits, grad_limits = _figure_parts(data)

    image = ax_plane.imshow(_probability_image(data["probabilities"]), origin="lower", interpolation="bilinear",
                            extent=(-plane, plane, -plane, plane))
    train_points = ax_plane.scatter([], [], s=28, marker="o", edgecolors="white", linewidths=0.7)
    val_points = ax_plane.scatter([], [], s=42, marker="^", edgecolors="black", linewidths=0.7)
    ax_plane.set(xlim=(-plane, plane), ylim=(-plane, plane), aspect="equal", xlabel="$x_1$", ylabel="$x_2$")
    ax_plane.set_title("Predicted class (colour = probability)", fontsize=10)
    point_keys = [Line2D([], [], linestyle="none", marker="o", color="0.3", markeredgecolor="white",
                         label="training"),
                  Line2D([], [], linestyle="none", marker="^", color="0.3", markeredgecolor="black",
                         label="validation")]
    class_keys = [Line2D([], [], linestyle="none", marker="s", markersize=9, color=PALETTE[k], label=f"class {k}")
                  for k in range(n_classes)]
    under = {"loc": "upper center", "fontsize": "small", "frameon": False, "columnspacing": 1.0,
             "handletextpad": 0.3}
    fig.legend(handles=point_keys + class_keys, bbox_to_anchor=(0.5, -0.13), bbox_transform=ax_plane.transAxes,
               ncols=min(5, len(point_keys + class_keys)), **under)

    # a marker on the current epoch (on the loss curves: the epoch whose weights the model holds), seen from epoch 0 on
    now = {"marker": "o", "markersize": 4, "markevery": [-1]}
    loss_lines = [ax_loss.plot([], [], style, color=color, linewidth=1.6, label=label, **now)[0]
                  for style, color, label in (("-", TRAIN_COLOR, "training"), ("--", VAL_COLOR, "validation"))]
    ax_loss.set(xlim=(0, horizon), ylim=loss_limits, yscale="log", xlabel="epoch", ylabel="cross-entropy")
    ax_loss.set_title("Loss", fontsize=10, loc="left")
    fig.legend(handles=loss_lines, loc="lower right", bbox_to_anchor=(1.0, 1.0), bbox_transform=ax_loss.transAxes,
               ncols=2, fontsize="small", frameon=False, borderaxespad=0.1)

    # dark = near the input, light = the output layer; the pale yellow end of the map is left out
    depth_colors = colormaps["viridis"](np.linspace(0.0, 0.85, n_layers + 1))
    grad_lines = [ax_grad.plot([], [], color=depth_colors[l], linewidth=1.6, **now,
                               label=f"layer {l + 1}" if l < n_layers else "output")[0]
                  for l in range(n_layers + 1)]
    ax_grad.set(xlim=(0, horizon), ylim=grad_limits, yscale="log", xlabel="epoch",
                ylabel="\N{DOUBLE VERTICAL LINE}dW\N{DOUBLE VERTICAL LINE}")
    ax_grad.set_title("Gradient norm per layer", fontsize=10, loc="left")
    # not a title of the axes: a title changed alone would move the other titles of its axes when blitted
    zero_note = ax_grad.annotate("", (1.0, 1.0), xycoords="axes fraction", xytext=(0, 6), textcoords="offset points",
                                 ha="right", va="baseline", fontsize="small")
    fig.legend(handles=grad_lines, bbox_to_anchor=(0.5, -0.3), bbox_transform=ax_grad.transAxes,
               ncols=min(4, n_layers + 1), **under)
    for ax in (ax_loss, ax_grad):
        ax.yaxis.set_minor_locator(NullLocator())  # minor ticks of a log axis: slow to lay out, little to read
        ax.grid(alpha=0.3)
    title = fig.suptitle("", fontsize=11)

    def refresh(new):
        if _figure_parts(new) != parts:
            return None
        image.set_data(_probability_image(new["probabilities"]))
        colors = _class_colors(new["n_classes"])
        for points, X, y in ((train_points, new["X_train"], new["y_train"]), (val_points, new["X_val"], new["y_val"])):
            points.set_offsets(X.reshape(-1, 2))
            points.set_facecolor(colors[y] if len(y) else "none")
        epochs = np.arange(new["epoch"] + 1)
        for line, values in zip(loss_lines, (new["loss"], new["val_loss"])):
            line.set_data(epochs, values)
            line.set_markevery([shown_epoch(new)])
        # a log axis leaves out a norm of 0: it is drawn on the bottom edge instead, and the panel says so
        for line, norms in zip(grad_lines, new["grad_norms"].T):
            line.set_data(epochs[1:], np.where(norms > 0, norms, grad_limits[0]))
        zero_note.set_text("0 on the bottom edge" if (new["grad_norms"] == 0).any() else "")
        title.set_text(textwrap.fill(new.get("title", ""), width=TITLE_CHARS))
        return [*drawn_inside(ax_plane), *drawn_inside(ax_loss), *drawn_inside(ax_grad), title]

    refresh(data)
    return refresh


class PlaygroundExplorer(Explorer):
    """The playground: ``run`` is the current PlaygroundRun; ticks of the Play control ("tick") train
    "epochs_per_tick" epochs each; the buttons step one epoch, reset the run and clear your own points; every other
    control starts a new run.  ``own_X``, ``own_y`` hold your own points."""

    def __init__(self, controls, **kwargs):
        self.run = None
        self.own_X, self.own_y = np.zeros((0, 2)), np.zeros(0, dtype=np.int64)
        self.own_plane = OWN_PLANE
        self.status = widgets.HTML()
        super().__init__(controls, self._compute, playground_draw, describe=playground_describe, **kwargs)
        self.canvas.mpl_connect("button_press_event", self._on_click)

    def _config(self, values):
        """The settings that define a run, from the controls' values."""
        config = {name: values[name] for name in SETTING_LABELS if name in values}
        config["activations"] = tuple(values[f"activation{l}"] for l in range(1, values["n_layers"] + 1))
        config["lr"] = float(values["lr"])
        if values["dataset"] == "own":
            config["own_points"] = (len(self.own_y), self.own_X.tobytes(), self.own_y.tobytes())
        return config

    def _points(self, config):
        """The whole data set of a run, (X, y), and the half-width of the plane shown."""
        if config["dataset"] == "own":
            return self.own_X, self.own_y, self.own_plane
        _, make, plane = DATASETS[config["dataset"]]
        X, y = make(config["n_points"], config["noise"], np.random.default_rng(config["seed"]))
        return X, y, plane

    def _compute(self, **values):
        config = self._config(values)
        if self.run is None or self.run.config != config:
            X, y, self.plane = self._points(config)
            self.run = PlaygroundRun(config, X, y)
        return self.run.view(self.plane)

    def update(self):
        data = super().update()
        self.status.value = status_text(data)
        return data

    def _on_change(self, change):
        if self._holding:
            return
        name = next(name for name, control in self.controls.items() if control is change["owner"])
        if name == "epochs_per_tick":
            return  # how fast to play, not what to train
        if name == "tick":
            if change["new"] < change["old"]:  # the Play control's stop button: back to epoch 0
                self.reset()
            else:
                self.train(self.controls["epochs_per_tick"].value, TICK_SECONDS)
            return
        self.update()  # a new setting: _compute starts a new run

    def train(self, n_epochs=1, seconds=np.inf):
        """Train n_epochs more epochs (or for `seconds`, at least one epoch) and show them; a run that stops pauses
        the Play control."""
        self.run.train(n_epochs, seconds)
        if self.run.stopped is not None or not self.run.ready:
            self.controls["tick"].playing = False
        self.update()

    def step(self, _button=None):
        """One epoch more (the "step" button)."""
        self.train(1)

    def reset(self, _button=None):
        """Back to epoch 0 with the same settings: the same seeded initialization (the "reset" button)."""
        self.run = None
        self.update()

    def clear_points(self, _button=None):
        """Remove your own points (the "clear points" button) and show your (empty) own data."""
        self.load(np.zeros((0, 2)), np.zeros(0, dtype=np.int64), plane=OWN_PLANE)

    def load(self, X, y, plane=None):
        """Train on your own points: X (N, 2) floats, y (N,) integer classes 0..7 (a new run at epoch 0)."""
        X, y = np.asarray(X), np.asarray(y)
        if X.ndim != 2 or X.shape[1] != 2:
            raise ValueError(f"X must have shape (N, 2): one row per point, two features; got shape {X.shape}")
        if not np.issubdtype(X.dtype, np.number) or not np.isfinite(X).all():
            raise ValueError("X must hold finite numbers")
        if y.shape != (len(X),):
            raise ValueError(f"y must have shape ({len(X)},), one class per row of X; got shape {y.shape}")
        if len(y) and not (np.issubdtype(y.dtype, np.integer) or np.issubdtype(y.dtype, np.bool_)):
            raise ValueError(f"y must hold integer class labels 0, 1, 2, ...; got dtype {y.dtype}")
        if len(y) and not 0 <= y.min() <= y.max() < len(PALETTE):
            raise ValueError(f"the classes must be 0..{len(PALETTE) - 1}; got {y.min()}..{y.max()}")
        self.own_X, self.own_y = X.astype(np.float64), y.astype(np.int64)
        self.own_plane = _plane(self.own_X) if plane is None else plane
        if self.controls["dataset"].value == "own":
            self.update()
        else:
            self.controls["dataset"].value = "own"  # its observer starts the new run

    def add_point(self, x1, x2, label):
        """Add one point of class `label` to your own data; the first one copies the points shown."""
        if self.controls["dataset"].value != "own":
            self.own_X, self.own_y = self.run.X, self.run.y
            self.own_plane = self.plane
        self.load(np.vstack([self.own_X, [[x1, x2]]]), np.append(self.own_y, label), plane=self.own_plane)

    def _on_click(self, event):
        if event.inaxes is self.figure.axes[0] and event.xdata is not None:
            self.add_point(event.xdata, event.ydata, self.click_class.value)


def playground(dataset="moons", n_layers=2, width=8, activation="relu", optimizer="adam", lr=0.03, seed=0,
               interval=200):
    """The training playground: ▶ trains an MLP on 2-D data live, a few epochs per tick of the Play control
    (every `interval` ms); settings of data, network, training and regularization start a new seeded run.
    -> the PlaygroundExplorer (display it)."""
    style = {"description_width": "7.5em"}

    def layout():  # one Layout per control: a hidden activation control hides only itself
        return widgets.Layout(width="300px")

    def dropdown(labels, value, description):
        return widgets.Dropdown(options=[(label, key) for key, label in labels.items()], value=value,
                                description=description, style=style, layout=layout())

    def selection(options, value, description):
        return widgets.SelectionSlider(options=options, value=value, description=description, style=style,
                                       layout=layout())

    controls = {
        "tick": widgets.Play(value=0, min=0, max=10**9, step=1, interval=interval, description="play",
                             show_repeat=False),
        "epochs_per_tick": selection([1, 2, 5, 10, 20], 5, "epochs per tick"),
        "dataset": dropdown({key: entry[0] for key, entry in DATASETS.items()}, dataset, "data"),
        "noise": widgets.FloatSlider(value=0.2, min=0.0, max=1.0, step=0.05, description="noise", style=style,
                                     layout=layout()),
        "n_points": selection([20, 50, 100, 200, 400], 200, "points"),
        "val_fraction": widgets.FloatSlider(value=0.3, min=0.1, max=0.6, step=0.05, description="held out",
                                            readout_format=".0%", style=style, layout=layout()),
        "n_layers": widgets.IntSlider(value=n_layers, min=0, max=MAX_HIDDEN_LAYERS, description="hidden layers",
                                      style=style, layout=layout()),
        "width": selection([2, 4, 8, 16, 32], width, "width"),
        **{f"activation{l}": dropdown(ACTIVATION_LABELS, activation, f"layer {l} activation")
           for l in range(1, MAX_HIDDEN_LAYERS + 1)},
        "init": dropdown(INIT_LABELS, "he", "initialization"),
        "optimizer": dropdown(OPTIMIZER_LABELS, optimizer, "optimizer"),
        "lr": widgets.FloatLogSlider(value=lr, base=10, min=-4, max=1, step=0.25, readout_format=".2g",
                                     description="learning rate", style=style, layout=layout()),
        "schedule": dropdown({key: entry[0] for key, entry in SCHEDULES.items()}, "constant", "schedule"),
        "batch_size": selection([4, 8, 16, 32, 64, 128], 32, "batch size"),
        "l2": selection([0.0, 1e-4, 1e-3, 1e-2, 3e-2, 1e-1], 0.0, "L2 (weight decay)"),
        "dropout": widgets.FloatSlider(value=0.0, min=0.0, max=0.5, step=0.1, description="dropout", style=style,
                                       layout=layout()),
        "batchnorm": widgets.Checkbox(value=False, description="batch norm", style=style, layout=layout()),
        "patience": selection([("off", 0), ("5", 5), ("10", 10), ("20", 20), ("50", 50)], 0,
                              "early stop patience"),
        "seed": widgets.IntSlider(value=seed, min=0, max=9, description="seed", style=style, layout=layout()),
    }
    alt = ("Left: the plane coloured by the network's predicted class probabilities, with training points as dots and "
           "validation points as triangles. Top right: training and validation loss per epoch (log scale). Bottom "
           "right: each layer's weight-gradient norm per epoch (log scale, a norm of 0 on the bottom edge).")
    explorer = PlaygroundExplorer(controls, figsize=(8.4, 5.6), alt=alt)
    explorer.click_class = widgets.ToggleButtons(options=[("class 0", 0), ("class 1", 1), ("class 2", 2)],
                                                 value=0, description="a click adds", style={"button_width": "70px"})
    buttons = {}
    for label, handler in (("step", explorer.step), ("reset", explorer.reset), ("clear points", explorer.clear_points)):
        buttons[label] = widgets.Button(description=label, layout=widgets.Layout(width="110px"))
        buttons[label].on_click(handler)
    explorer.buttons = buttons

    def show_layers(change=None):
        for l in range(1, MAX_HIDDEN_LAYERS + 1):
            controls[f"activation{l}"].layout.display = None if l <= controls["n_layers"].value else "none"

    show_layers()
    controls["n_layers"].observe(show_layers, names="value")

    def column(*names):
        return widgets.VBox([controls[name] for name in names])

    tabs = widgets.Tab(children=[
        widgets.VBox([column("dataset", "noise", "n_points", "val_fraction", "seed"),
                      widgets.HBox([explorer.click_class, buttons["clear points"]])]),
        widgets.HBox([column("n_layers", "width", "init"),
                      column(*(f"activation{l}" for l in range(1, MAX_HIDDEN_LAYERS + 1)))]),
        widgets.HBox([column("optimizer", "lr", "schedule"), column("batch_size")]),
        widgets.HBox([column("l2", "dropout"), column("batchnorm", "patience")]),
    ], titles=["data", "network", "training", "regularization"])
    header = widgets.HTML("<b>Training playground</b>: an MLP trained live on 2-D data. "
                          "\N{BLACK RIGHT-POINTING TRIANGLE} trains, \N{HEAVY VERTICAL BAR}\N{HEAVY VERTICAL BAR} "
                          "pauses, \N{BLACK SQUARE} or <i>reset</i> go back to epoch 0; every setting below starts "
                          "a new run. A click on the left panel adds a point of the chosen class (data tab).")
    explorer.widget = widgets.VBox([
        header,
        widgets.HBox([controls["tick"], buttons["step"], buttons["reset"], controls["epochs_per_tick"]]),
        explorer.status,
        explorer.canvas,
        explorer.caption,
        tabs,
    ])
    return explorer


__all__ = ["playground", "PlaygroundExplorer", "PlaygroundRun", "diagnosis", "playground_describe",
           "playground_draw", "DATASETS", "OPTIMIZER_LABELS", "SCHEDULES"]
