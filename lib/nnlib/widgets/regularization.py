"""Lesson 08's explorer: weight decay and dropout against over-fitting, on a small noisy two-moons set.

One seeded network (2 → 64 → 64 → 2, ReLU, Adam, full batch, 300 epochs) is trained on 60 samples and watched on
60 validation samples, for the chosen L2 strength λ (weights only, the lib's l2_penalty) and dropout rate p. Two
panels share one figure:
1. the decision regions over the plane, with the training points filled and the validation points hollow;
2. the training loss (eval mode, without the penalty) and the validation loss per epoch, the best epoch marked.

Training takes about 0.1 s; each setting is trained once and cached, so coming back to a setting redraws at once.
The explorer trains the runs of both sliders' sweeps through its starting setting before it shows: a slider dragged
from there redraws at once, only the changed artists (the figure keeps its axes).
"""
import textwrap
from functools import lru_cache

import ipywidgets as widgets
import numpy as np
from contourpy import contour_generator
from matplotlib.collections import LineCollection
from matplotlib.colors import ListedColormap, to_rgb

from ..data import make_moons, train_val_test_split
from ..layers import MLP
from ..losses import softmax_cross_entropy
from ..optim import Adam
from ..plots import MARKERS, PALETTE, TRAIN_COLOR, VAL_COLOR
from ..regularization import l2_penalty
from ..train import fit
from .base import Explorer, drawn_inside

WEIGHT_DECAYS = (0.0, 1e-4, 3e-4, 1e-3, 3e-3, 1e-2, 3e-2, 1e-1)
DROPOUTS = (0.0, 0.1, 0.2, 0.3, 0.4, 0.5)
SIZES = (2, 64, 64, 2)
EPOCHS = 300
LEARNING_RATE = 0.01
PLANE = ((-2.0, 3.0), (-1.6, 2.1))
RESOLUTION = 101


def regularization_data():
    """150 noisy moons (noise 0.3, seed 1) split 60 / 60 / 30.  -> X_train, y_train, X_val, y_val, X_test, y_test."""
    X, y = make_moons(150, noise=0.3, rng=1)
    return train_val_test_split(X, y, val_fraction=0.4, test_fraction=0.2, rng=0)


X_TRAIN, Y_TRAIN, X_VAL, Y_VAL, _, _ = regularization_data()


def weights_only_l2(weight_decay):
    """A regularizer for fit: λ/2 · Σ w² over the weight matrices W1, W2, ... (biases are not penalized)."""
    def regularizer(params):
        return l2_penalty({name: w for name, w in params.items() if name.startswith("W")}, weight_decay)
    return regularizer


@lru_cache(maxsize=None)
def train_run(weight_decay, dropout):
    """Train the seeded network once for (λ, p); cached.  -> dict of the curves, accuracies and decision regions.

    Keys: train_loss, val_loss (EPOCHS,), train_accuracy, val_accuracy (final, eval mode), best_epoch (1-based, lowest
    validation loss), weight_norm (sqrt of Σ w² over the weights), probs (RESOLUTION, RESOLUTION) P(class 1) over
    PLANE with rows along x2, boundary: the line P(class 1) = 0.5 as a list of (n, 2) pieces.
    """
    model = MLP(list(SIZES), rng=0, dropout=dropout)
    optimizer = Adam(model.params, lr=LEARNING_RATE)
    train_loss = []

    def record_train_loss(epoch, history):
        # fit's own "loss" mixes in the penalty and the dropout noise; this is the loss of the network as evaluated
        train_loss.append(float(softmax_cross_entropy(model.forward(X_TRAIN, train=False), Y_TRAIN)[0]))

    history = fit(model, X_TRAIN, Y_TRAIN, optimizer, epochs=EPOCHS, batch_size=len(X_TRAIN), X_val=X_VAL,
                  y_val=Y_VAL, rng=0, regularizer=weights_only_l2(weight_decay) if weight_decay else None,
                  callback=record_train_loss, progress=False)
    g1, g2 = np.linspace(*PLANE[0], RESOLUTION), np.linspace(*PLANE[1], RESOLUTION)
    G1, G2 = np.meshgrid(g1, g2)
    logits = model.forward(np.column_stack([G1.ravel(), G2.ravel()]), train=False)
    probs = (1 / (1 + np.exp(logits[:, 0] - logits[:, 1]))).reshape(G1.shape)  # softmax of two logits: P(class 1)
    val_loss = np.array(history["val_loss"])
    return {
        "train_loss": np.array(train_loss), "val_loss": val_loss,
        "train_accuracy": float(np.mean(model.predict(X_TRAIN) == Y_TRAIN)),
        "val_accuracy": float(np.mean(model.predict(X_VAL) == Y_VAL)),
        "best_epoch": int(np.argmin(val_loss)) + 1,
        "weight_norm": float(np.sqrt(sum(np.sum(w * w) for name, w in model.params.items() if name.startswith("W")))),
        "grid": (g1, g2), "probs": probs,
        "boundary": contour_generator(g1, g2, probs, line_type="Separate").lines(0.5),
    }


def regularization_compute(weight_decay, dropout):
    """The cached run of (λ, p) plus the settings.  -> dict (see train_run) with weight_decay, dropout, gap."""
    run = train_run(float(weight_decay), float(dropout))
    data = dict(run)
    data.update(weight_decay=float(weight_decay), dropout=float(dropout),
                gap=run["val_loss"][-1] - run["train_loss"][-1])
    return data


def _lam(value):
    return "0" if value == 0 else f"{value:g}"


def _verdict(data):
    if data["train_loss"][-1] > 0.25:
        return "under-fits: even the training loss stays high"
    if data["gap"] > 0.4:
        return "over-fits: the validation loss lies far above the training loss"
    return "generalizes: validation loss close to the training loss"


def regularization_describe(data, previous):
    """Two lines: what the last change did to the validation loss and the gap, then the state of this run."""
    state = (f"\N{GREEK SMALL LETTER LAMDA} = {_lam(data['weight_decay'])}, p = {data['dropout']:g}: train loss "
             f"{data['train_loss'][-1]:.2f}, validation loss {data['val_loss'][-1]:.2f} (best "
             f"{data['val_loss'].min():.2f} at epoch {data['best_epoch']}); {_verdict(data)}")
    if previous is None:
        return "Move \N{GREEK SMALL LETTER LAMDA} or p to see what regularization does\n" + state
    changes = []
    for key, name, fmt in (("weight_decay", "weight decay \N{GREEK SMALL LETTER LAMDA}", _lam),
                           ("dropout", "dropout p", lambda v: f"{v:g}")):
        if data[key] != previous[key]:
            direction = "up" if data[key] > previous[key] else "down"
            changes.append(f"{name} {direction} from {fmt(previous[key])} to {fmt(data[key])}")
    if not changes:
        return "Same setting as before\n" + state
    before, after = previous["val_loss"][-1], data["val_loss"][-1]
    effect = "lowered" if after < before else "raised"
    first = (f"{' and '.join(changes)}: {effect} the final validation loss from {before:.2f} to {after:.2f}, "
             f"train/validation gap {previous['gap']:.2f} \N{RIGHTWARDS ARROW} {data['gap']:.2f}")
    return first + "\n" + state


LOSS_AXIS_TOPS = (2.0, 5.0, 10.0)
"""The loss axis ends at the first of these above the highest loss drawn: the same for nearly every setting."""
TITLE_CHARS = 100  # about what fits across the figure at font size 10


def _loss_top(data):
    highest = 1.05 * max(data["train_loss"].max(), data["val_loss"].max())
    return next((top for top in LOSS_AXIS_TOPS if highest <= top), highest)


def _title(data):
    """The suptitle, each of its lines wrapped to the figure's width."""
    return "\n".join(textwrap.fill(line, width=TITLE_CHARS) for line in data.get("title", "").split("\n"))


def regularization_draw(fig, data):
    """Decision regions with the training and validation points; training and validation loss curves.  -> refresh."""
    fig.set_layout_engine("none")  # fixed margins: the titles change length while a slider moves
    ax1, ax2 = fig.subplots(1, 2, gridspec_kw=dict(left=0.08, right=0.98, bottom=0.25, top=0.68, wspace=0.25))
    g1, g2 = data["grid"]
    light = [0.72 * np.ones(3) + 0.28 * np.array(to_rgb(PALETTE[k])) for k in (0, 1)]
    regions = ax1.imshow(data["probs"] > 0.5, origin="lower", extent=(g1[0], g1[-1], g2[0], g2[-1]),
                         cmap=ListedColormap(light), vmin=0, vmax=1, interpolation="nearest", aspect="auto")
    boundary = ax1.add_collection(LineCollection([], colors="0.25", linewidths=1.0))
    for k in (0, 1):
        train, val = Y_TRAIN == k, Y_VAL == k
        ax1.scatter(X_TRAIN[train, 0], X_TRAIN[train, 1], s=26, c=PALETTE[k], marker=MARKERS[k],
                    edgecolors="white", linewidths=0.5, label=f"train, class {k}")
        ax1.scatter(X_VAL[val, 0], X_VAL[val, 1], s=26, facecolors="none", edgecolors=PALETTE[k],
                    marker=MARKERS[k], linewidths=1.0, label=f"validation, class {k}")
    ax1.set(xlim=PLANE[0], ylim=PLANE[1], xlabel="$x_1$", ylabel="$x_2$")
    accuracy_title = ax1.set_title("", fontsize=9)
    # the keys under the panels, outside what a move redraws
    fig.legend(*ax1.get_legend_handles_labels(), loc="lower center", bbox_to_anchor=(0.29, 0.0), ncol=2,
               fontsize="small", frameon=False)

    epochs = np.arange(1, len(data["val_loss"]) + 1)
    train_line, = ax2.plot(epochs, data["train_loss"], "-", color=TRAIN_COLOR, linewidth=1.8,
                           label="training loss (eval mode)")
    val_line, = ax2.plot(epochs, data["val_loss"], "--", color=VAL_COLOR, linewidth=1.8, label="validation loss")
    best_marker, = ax2.plot([], [], "o", color=VAL_COLOR, markeredgecolor="black", markersize=7,
                            label="lowest validation loss")
    ax2.set(xlabel="epoch", ylabel="cross-entropy loss", xlim=(0, EPOCHS + 1), ylim=(0, _loss_top(data)))
    ax2.grid(alpha=0.3)
    loss_title = ax2.set_title("", fontsize=9)
    fig.legend(*ax2.get_legend_handles_labels(), loc="lower center", bbox_to_anchor=(0.77, 0.0), ncol=1,
               fontsize="small", frameon=False)
    title = fig.suptitle("", fontsize=10)
    loss_top = _loss_top(data)

    def refresh(new):
        if _loss_top(new) != loss_top:
            return None
        regions.set_data(new["probs"] > 0.5)
        boundary.set_segments(new["boundary"])
        accuracy_title.set_text(f"Accuracy: train {new['train_accuracy']:.0%}, "
                                f"validation {new['val_accuracy']:.0%}")
        train_line.set_ydata(new["train_loss"])
        val_line.set_ydata(new["val_loss"])
        best = new["best_epoch"]
        best_marker.set_data([best], [new["val_loss"][best - 1]])
        loss_title.set_text(f"Final gap (validation \N{MINUS SIGN} training loss): {new['gap']:.2f}\n"
                            f"\N{DOUBLE VERTICAL LINE}W\N{DOUBLE VERTICAL LINE} = {new['weight_norm']:.1f}; "
                            f"lowest validation loss at epoch {best}")
        title.set_text(_title(new))
        return [*drawn_inside(ax1), accuracy_title, *drawn_inside(ax2), loss_title, title]

    refresh(data)
    return refresh


def train_the_sweeps(weight_decay, dropout):
    """Train, once, the runs that dragging one slider from (λ, p) shows: every λ at this p and every p at this λ
    (about 1.5 s); moving along them then redraws at once."""
    for value in WEIGHT_DECAYS:
        train_run(value, float(dropout))
    for value in DROPOUTS:
        train_run(float(weight_decay), value)


def regularization_explorer(weight_decay=0.0, dropout=0.0):
    """Sliders for the weight decay λ and the dropout rate p retrain a small MLP on noisy moons and redraw its decision
    regions and its training and validation losses.  -> the Explorer (display it)."""
    style = {"description_width": "9em"}
    layout = widgets.Layout(width="360px")
    controls = {
        "weight_decay": widgets.SelectionSlider(
            options=[(_lam(v), v) for v in WEIGHT_DECAYS], value=weight_decay,
            description="weight decay \N{GREEK SMALL LETTER LAMDA}", style=style, layout=layout),
        "dropout": widgets.SelectionSlider(options=[(f"{v:g}", v) for v in DROPOUTS], value=dropout,
                                           description="dropout p", style=style, layout=layout),
    }
    header = ("<b>Regularization against over-fitting</b><br><small>60 training and 60 validation moons (noise 0.3), "
              "a 2\N{RIGHTWARDS ARROW}64\N{RIGHTWARDS ARROW}64\N{RIGHTWARDS ARROW}2 ReLU network, Adam, "
              f"{EPOCHS} full-batch epochs. The penalty \N{GREEK SMALL LETTER LAMDA}/2 \N{N-ARY SUMMATION} w"
              "\N{SUPERSCRIPT TWO} covers the weights only; p is the probability of dropping a hidden unit. "
              "A new setting trains once (about 0.1 s), then it is cached; the sweeps of each slider from the "
              "start are trained in advance.</small>")
    train_the_sweeps(weight_decay, dropout)
    alt = ("Left: the network's decision regions for two classes, with training points and validation points. Right: "
           "training and validation loss per epoch.")
    return Explorer(controls, regularization_compute, regularization_draw, describe=regularization_describe,
                    header=header, figsize=(8.4, 4.8), alt=alt)


__all__ = ["regularization_explorer", "regularization_compute", "regularization_describe", "regularization_draw",
           "regularization_data", "train_run", "train_the_sweeps", "weights_only_l2", "WEIGHT_DECAYS", "DROPOUTS",
           "EPOCHS"]
