"""nnlib.widgets.regularization: weight decay and dropout retrain the network and redraw what it learned; the title
says what changed.

Driven in Python without a browser: setting a control's value fires the same callback as a student's click.
"""
import time

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402
import pytest  # noqa: E402

from nnlib.widgets.regularization import (DROPOUTS, EPOCHS, WEIGHT_DECAYS, regularization_explorer,  # noqa: E402
                                          train_run, weights_only_l2)
from tests.lib.widget_checks import (check_moves_are_blitted_as_drawn, check_redraws_are_fast,  # noqa: E402
                                     check_sliders_follow_the_hand, check_text_is_readable)

pytestmark = pytest.mark.filterwarnings("error")

PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"


@pytest.fixture
def explorer():
    yield regularization_explorer()
    plt.close("all")


def drawn_curves(explorer):
    """(training, validation) loss curves as drawn on the right panel."""
    lines = explorer.figure.axes[1].lines
    return np.asarray(lines[0].get_ydata()), np.asarray(lines[1].get_ydata())


def drawn_regions(explorer):
    return np.asarray(explorer.figure.axes[0].images[0].get_array())


def suptitle(explorer):
    """The figure's title, its line breaks (wrapped to the figure's width) read as spaces."""
    return explorer.figure._suptitle.get_text().replace("\n", " ")


def test_first_picture_shows_the_unregularized_network_over_fitting(explorer):
    assert explorer.png.startswith(PNG_SIGNATURE)
    assert set(explorer.controls) == {"weight_decay", "dropout"}
    assert explorer.values == {"weight_decay": 0.0, "dropout": 0.0}
    assert len(explorer.figure.axes) == 2
    train, val = drawn_curves(explorer)
    assert len(train) == len(val) == EPOCHS
    assert train[-1] < 0.1 and val[-1] > 1.0  # memorized the 60 training points, far off on the validation ones
    assert "over-fits" in explorer.data["title"] and explorer.data["title"].replace("\n", " ") == suptitle(explorer)


def test_weight_decay_changes_the_drawn_curves_and_regions_and_the_title_says_so(explorer):
    before_train, before_val = drawn_curves(explorer)
    before_regions, before_png = drawn_regions(explorer), explorer.png
    explorer.controls["weight_decay"].value = 1e-2  # what a student's drag does
    train, val = drawn_curves(explorer)
    assert not np.allclose(val, before_val) and not np.allclose(train, before_train)
    assert not np.array_equal(drawn_regions(explorer), before_regions)
    assert explorer.png != before_png
    title = suptitle(explorer)
    assert "weight decay \N{GREEK SMALL LETTER LAMDA} up from 0 to 0.01" in title
    assert "lowered the final validation loss" in title and "generalizes" in title
    assert val[-1] < before_val[-1] / 2 and explorer.data["gap"] < 0.3
    np.testing.assert_allclose(val, train_run(0.01, 0.0)["val_loss"])  # the drawn curve is the run's history


def test_dropout_changes_the_drawn_curves_and_the_title_says_so(explorer):
    _, before_val = drawn_curves(explorer)
    explorer.controls["dropout"].value = 0.5
    _, val = drawn_curves(explorer)
    assert not np.allclose(val, before_val)
    assert "dropout p up from 0 to 0.5" in suptitle(explorer)
    assert val[-1] < before_val[-1]
    explorer.controls["dropout"].value = 0.0
    assert "dropout p down from 0.5 to 0" in suptitle(explorer)
    np.testing.assert_allclose(drawn_curves(explorer)[1], before_val)  # back to the same cached run


def test_stronger_weight_decay_gives_smaller_weights_and_too_much_under_fits():
    norms = [train_run(wd, 0.0)["weight_norm"] for wd in (0.0, 1e-3, 1e-2, 1e-1)]
    assert all(a > b for a, b in zip(norms, norms[1:])), norms
    strongest = train_run(1e-1, 0.0)
    assert strongest["train_loss"][-1] > 0.3  # too strong: the network cannot even fit the training set


def test_the_regularizer_penalizes_the_weights_only():
    params = {"W1": np.array([[1.0, -2.0]]), "b1": np.array([5.0, 5.0]), "W2": np.array([[3.0], [0.0]])}
    value, grads = weights_only_l2(0.1)(params)
    assert value == pytest.approx(0.05 * (1 + 4 + 9))
    assert set(grads) == {"W1", "W2"}
    np.testing.assert_allclose(grads["W2"], [[0.3], [0.0]])


def test_settings_cover_the_sliders_and_runs_are_reproducible():
    assert WEIGHT_DECAYS[0] == 0.0 and DROPOUTS[0] == 0.0
    first = train_run(3e-3, 0.2)
    train_run.cache_clear()
    again = train_run(3e-3, 0.2)
    np.testing.assert_array_equal(first["val_loss"], again["val_loss"])
    np.testing.assert_array_equal(first["probs"], again["probs"])


def test_a_dragged_slider_is_blitted_and_shows_what_a_full_drawing_shows(explorer):
    check_sliders_follow_the_hand(explorer)
    moves = [("weight_decay", value) for value in (1e-4, 3e-3, 1e-1, 0.0)] + [("dropout", p) for p in (0.1, 0.5)]
    moves += [("weight_decay", 1e-2), ("dropout", 0.3)]  # a setting off both sweeps from the start: trained now
    check_moves_are_blitted_as_drawn(explorer, moves)
    np.testing.assert_array_equal(drawn_regions(explorer), train_run(1e-2, 0.3)["probs"] > 0.5)


def test_the_sweeps_from_the_start_are_trained_before_the_explorer_shows():
    train_run.cache_clear()
    regularization_explorer(weight_decay=1e-3, dropout=0.2)
    plt.close("all")
    assert train_run.cache_info().currsize == len(WEIGHT_DECAYS) + len(DROPOUTS) - 1
    hits = train_run.cache_info().hits
    for weight_decay in WEIGHT_DECAYS:
        train_run(weight_decay, 0.2)
    for dropout in DROPOUTS:
        train_run(1e-3, dropout)
    assert train_run.cache_info().hits == hits + len(WEIGHT_DECAYS) + len(DROPOUTS)


def test_the_figure_fits_the_notebook_and_its_text_is_readable(explorer):
    check_text_is_readable(explorer)
    explorer.set(weight_decay=1e-4, dropout=0.4)  # two changes: the longest title
    box, figure_box = explorer.figure._suptitle.get_window_extent(), explorer.figure.bbox
    assert figure_box.x0 <= box.x0 and box.x1 <= figure_box.x1 and box.y1 <= figure_box.y1


@pytest.mark.serial  # a time budget: measured alone
def test_redraws_are_fast_and_leak_no_figure(explorer):
    plt.close("all")
    durations = []
    for weight_decay in (1e-3, 3e-2, 0.0, 1e-3):  # new settings train once (about 0.1 s), then come from the cache
        start = time.perf_counter()
        explorer.controls["weight_decay"].value = weight_decay
        durations.append(time.perf_counter() - start)
    for dropout in (0.2, 0.0):
        start = time.perf_counter()
        explorer.controls["dropout"].value = dropout
        durations.append(time.perf_counter() - start)
    # about 0.3 s on an idle machine; the budget only catches a runaway, also on a loaded CI machine
    check_redraws_are_fast(durations)
    assert plt.get_fignums() == []
