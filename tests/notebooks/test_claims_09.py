"""Lesson 09's prose states numbers and behaviours; each test recomputes one (numpy, or the course library) and reads
the notebook's markdown to check that it says that value.

Numbers that a nearby cell prints are not repeated here; these are the ones written into the text (the model answer
of the written report above all), the rule that the story never touches the test split, and the explorer's
instructions.
"""
import re

import numpy as np
import pytest

from nnlib.data import load_digits, standardize, train_val_test_split
from nnlib.layers import MLP
from nnlib.losses import softmax_cross_entropy
from nnlib.optim import Adam, AdamW, Scheduler, cosine_lr
from nnlib.train import EarlyStopping, fit
from nnlib.widgets.training import TrainingRun
from tests.notebooks.lessons import load, source_of, source_path

LESSON = "09_capstone"
NOTEBOOK = load(source_path(LESSON))["cells"]
CELLS = {cell["id"]: source_of(cell) for cell in NOTEBOOK}
X, Y = load_digits()
X_TRAIN, Y_TRAIN, X_VAL, Y_VAL, X_TEST, Y_TEST = train_val_test_split(X, Y, val_fraction=0.15, test_fraction=0.15,
                                                                      rng=0)
X_TRAIN_STD, X_VAL_STD = standardize(X_TRAIN, X_VAL)


def text_of(cell_id):
    """The cell's markdown with line breaks folded into spaces."""
    return " ".join(CELLS[cell_id].split())


def standard_error(accuracy, n):
    return np.sqrt(accuracy * (1 - accuracy) / n)


def test_the_story_never_touches_the_test_split():
    """Before the classifier is handed in, the story uses the validation split only (the split and the
    standardization create the test arrays, nothing reads them)."""
    story = [cell for cell in NOTEBOOK if cell["cell_type"] == "code" and cell["id"].startswith("story_")]
    assert len(story) >= 8
    for cell in story:
        if cell["id"] in ("story_split", "story_standardize"):
            continue
        assert not re.search(r"\b(X_test|y_test|X_test_std)\b", source_of(cell)), cell["id"]
    assert "test accuracy" not in CELLS["story_eval"] and "X_val_std" in CELLS["story_eval"]


def test_the_split_sizes():
    assert (len(Y_TRAIN), len(Y_VAL), len(Y_TEST)) == (1259, 269, 269)
    assert "270" not in CELLS["story_split_md"] and "269 test images" in text_of("q1_md")
    assert "How much can 269 validation images tell?" in CELLS["story_noise_md"]


@pytest.fixture(scope="module")
def early_stopped():
    """Section 2.6's run, again: 64 -> 128 -> 10, Adam 3e-3, patience 5."""
    model = MLP([64, 128, 10], rng=0)
    history = fit(model, X_TRAIN_STD, Y_TRAIN, Adam(model.params, lr=3e-3), epochs=40, batch_size=32, X_val=X_VAL_STD,
                  y_val=Y_VAL, rng=0, early_stopping=EarlyStopping(patience=5), progress=False)
    return model, history


def test_one_standard_error_of_the_validation_accuracy_is_1_3_points(early_stopped):
    model, history = early_stopped
    accuracy = np.mean(model.predict(X_VAL_STD) == Y_VAL)
    assert round(100 * standard_error(accuracy, len(Y_VAL)), 1) == 1.3
    assert "1.3 points (section 2.8)" in text_of("written_1")
    assert "269 images: about 1.3 points at 95 %" in CELLS["summary"]
    assert round(100 * standard_error(0.95, 269), 1) == 1.3
    best_epoch = int(np.argmin(history["val_loss"])) + 1
    assert "stopped improving near epoch 10" in text_of("written_1") and 8 <= best_epoch <= 12
    stopped = len(history["val_loss"])
    assert cosine_lr(stopped, 1.0, T_max=40) > 0.5, "a 40-epoch cosine is still high when this run stops"


def test_the_model_answer_quotes_the_learning_rate_sweep():
    accuracies = {}
    for lr in (1e-3, 1e-2):
        model = MLP([64, 64, 10], rng=0)
        history = fit(model, X_TRAIN_STD, Y_TRAIN, Adam(model.params, lr=lr), epochs=8, batch_size=32,
                      X_val=X_VAL_STD, y_val=Y_VAL, rng=0, progress=False)
        accuracies[lr] = history["val_accuracy"][-1]
    assert f"({accuracies[1e-3]:.1%} and {accuracies[1e-2]:.1%})".replace("%", " %") in text_of("written_1")


def test_the_model_answer_quotes_the_re_split_comparison():
    X_pool, y_pool = np.concatenate([X_TRAIN, X_VAL]), np.concatenate([Y_TRAIN, Y_VAL])
    gains = []
    for split in (1, 2, 3):
        X_tr, y_tr, X_va, y_va, _, _ = train_val_test_split(X_pool, y_pool, val_fraction=len(Y_VAL) / len(y_pool),
                                                            test_fraction=0.0, rng=split)
        X_tr, X_va = standardize(X_tr, X_va)
        losses = {}
        for n_hidden in (64, 128):
            model = MLP([64, n_hidden, 10], rng=split)
            history = fit(model, X_tr, y_tr, Adam(model.params, lr=3e-3), epochs=10, batch_size=32, X_val=X_va,
                          y_val=y_va, rng=split, early_stopping=EarlyStopping(patience=3), progress=False)
            losses[n_hidden] = min(history["val_loss"])
        gains.append(losses[64] - losses[128])
    gains = np.array(gains)
    error = gains.std(ddof=1) / np.sqrt(len(gains))
    assert rf"${gains.mean():.3f} \pm {error:.3f}$, a tie" in text_of("written_1")
    assert abs(gains.mean()) < 2 * error, "the comparison should be a tie"


def solution_functions():
    """evaluate, train_with_early_stopping and train_digits as the source notebook's solution cells define them."""
    namespace = {"np": np, "MLP": MLP, "Adam": Adam, "Scheduler": Scheduler, "cosine_lr": cosine_lr,
                 "softmax_cross_entropy": softmax_cross_entropy}
    for cell_id in ("evaluate", "train_with_early_stopping", "train_digits"):
        exec(compile(CELLS[cell_id], cell_id, "exec"), namespace)
    return namespace["train_digits"]


def test_the_model_answer_reports_what_the_solution_does_on_the_test_split():
    predict = solution_functions()(X_TRAIN, Y_TRAIN, X_VAL, Y_VAL, np.random.default_rng(0))
    predictions = predict(X_TEST)
    accuracy = np.mean(predictions == Y_TEST)
    wrong = int(np.sum(predictions != Y_TEST))
    answer = text_of("written_1")
    assert f"{accuracy:.1%} test accuracy ({wrong} of 269 test digits wrong)".replace("%", " %") in answer
    mistakes = sorted(zip(Y_TEST[predictions != Y_TEST], predictions[predictions != Y_TEST]))
    assert mistakes == [(8, 1), (9, 5)] and "a 9 read as a 5 and an 8 read as a 1" in answer
    assert rf"{accuracy:.1%} ± {standard_error(accuracy, len(Y_TEST)):.1%}".replace("%", " %") in answer
    code = CELLS["train_digits"]
    assert "weight_decay" not in code.split("### BEGIN SOLUTION")[1], "lesson 08: no decay on the biases"
    assert "T_max=epochs" in code and "patience=epochs" in code, "the cosine runs to its end"


def test_quiz_2_row_8_has_27_images_22_right():
    row = [0, 3, 0, 1, 0, 0, 0, 0, 22, 1]
    assert str(row) in CELLS["q2_md"] and sum(row) == 27 and np.argmax(np.delete(row, 8)) == 1
    assert "* **a)** 22 of the 27 test images of an 8 were recognized" in CELLS["q2_md"]


def test_the_sanity_check_value_ln_10():
    assert round(np.log(10), 2) == 2.30 and r"\ln 10 \approx 2.30" in CELLS["story_baseline_md"]


@pytest.fixture(scope="module")
def runs():
    """The explorer's runs the instructions of section 5 name, at the learning rates its slider offers (10 ** -0.5
    and 10 ** 0.5 for the text's 0.3 and 3) and, for step 3, the 32 hidden units the text sets."""
    settings = {"default": {}, "adam 0.1": dict(lr=0.1), "adam 1": dict(lr=1.0),
                "sgd 1e-3": dict(optimizer="sgd", lr=1e-3), "sgd 0.3": dict(optimizer="sgd", lr=10 ** -0.5),
                "sgd 3": dict(optimizer="sgd", lr=10 ** 0.5), "4 hidden": dict(n_hidden=4),
                "128 hidden": dict(n_hidden=128)}
    for name in ("adam 0.1", "adam 1", "sgd 1e-3", "sgd 0.3", "sgd 3"):
        settings[name]["n_hidden"] = 32
    trained = {}
    for name, kwargs in settings.items():
        run = TrainingRun(**kwargs)
        run.advance_to(5 if name == "default" else 40)
        trained[name] = run
    return trained


def test_explorer_instructions(runs):
    text = text_of("explore_md")
    assert "jumps from about 10 % to above 90 %" in text
    accuracy = runs["default"].history["val_accuracy"]
    assert accuracy[0] < 0.2 and accuracy[5] > 0.9
    val_loss = np.array(runs["128 hidden"].history["val_loss"])
    assert "the validation loss flattens and creeps up" in text and val_loss[-1] > val_loss.min()
    assert val_loss[-1] < 1.2 * val_loss.min()
    assert "Set the hidden units back to 32 (step 2 left them at 128)" in text
    assert "to about 10 at $\\eta = 0.1$ and into the hundreds at $\\eta = 1$" in text
    assert 5 < max(runs["adam 0.1"].history["val_loss"]) < 20
    assert 100 <= max(runs["adam 1"].history["val_loss"]) < 1000
    assert "two thirds right after 40 epochs" in text
    assert abs(runs["sgd 1e-3"].history["val_accuracy"][-1] - 2 / 3) < 0.05
    assert "$\\eta \\approx 0.3$ (the slider's 0.32: as good as Adam)" in text
    assert f"{10 ** -0.5:.2g}" == "0.32" and runs["sgd 0.3"].history["val_accuracy"][-1] > 0.94
    assert "$\\eta \\approx 3$ (the slider's 3.2: diverges)" in text
    assert f"{10 ** 0.5:.2g}" == "3.2" and runs["sgd 3"].diverged
    small = runs["4 hidden"].history
    assert "the training accuracy creeps up and is still at about 93 % after 40 epochs" in text
    assert round(small["accuracy"][-1], 2) == 0.93 and small["accuracy"][-1] > small["accuracy"][30]
    large = runs["128 hidden"].history
    assert "the two curves stay about a factor 2 apart, against a factor of about 200 with 128 units" in text
    assert round(small["val_loss"][-1] / small["loss"][-1]) == 2
    assert 150 < large["val_loss"][-1] / large["loss"][-1] < 250
    assert "stay close together" not in text


def test_the_visible_test_of_train_digits_never_touches_the_lessons_test_set():
    visible = CELLS["train_digits_visible"]
    assert "train_val_test_split(X_all, y_all, rng=3)" in visible and "rng=0)" not in visible
    assert "on another split (seed 3)" in visible
    assert "The tests never touch this lesson's test set" in text_of("train_digits_md")
    hidden = CELLS["train_digits_hidden"]
    assert "rng=0)" not in hidden and "rng=3)" not in hidden, "the hidden tests use splits of their own"
    split = train_val_test_split(X, Y, rng=3)
    predict = solution_functions()(*split[:4], np.random.default_rng(3))
    assert np.mean(predict(split[4]) == split[5]) >= 0.97, "the solution should pass with a margin"


def test_the_graded_bar_is_the_one_the_statement_states_on_test_splits_of_the_size_it_states():
    statement = text_of("train_digits_md")
    assert "**at least 90 %**" in statement and "accuracy >= 0.90" in CELLS["train_digits_visible"]
    assert "at least 90 %" in text_of("title").replace("**", "")
    sizes = {len(train_val_test_split(X, Y, rng=seed)[5]) for seed in (3, 11, 23)}   # the visible and hidden splits
    assert sizes == {269} and "a 269-image test split" in statement


def test_the_table_of_choices_says_that_nnlib_adamw_decays_the_biases_too():
    assert "`nnlib`'s decays every array it is given, biases included" in text_of("story_baseline_md")
    params = {"W1": np.ones((2, 2)), "b1": np.ones(2)}
    AdamW(params, lr=0.1, weight_decay=0.5).step({name: np.zeros_like(p) for name, p in params.items()})
    assert params["b1"][0] < 1, "AdamW shrinks a bias with a zero gradient"


def test_the_early_stopping_example_of_exercise_3():
    losses, patience = [0.9, 0.5, 0.6, 0.55, 0.7], 3
    best_loss, best, waited, stopped = np.inf, None, 0, None
    for epoch, loss in enumerate(losses, start=1):
        if loss < best_loss:
            best_loss, best, waited = loss, epoch, 0
        else:
            waited += 1
            if waited >= patience:
                stopped = epoch
                break
    assert (best, stopped) == (2, 5)
    example = text_of("train_with_early_stopping_md")
    assert "`0.9, 0.5, 0.6, 0.55, 0.7` with `patience = 3` stop after epoch 5" in example
    assert "the parameters of epoch 2" in text_of("train_with_early_stopping_md")


def test_the_data_facts():
    always_zero = np.flatnonzero(X_TRAIN.max(axis=0) == 0)
    rows, columns = np.divmod(always_zero, 8)
    assert "(a few pixels on the border of the frame)" in text_of("story_standardize_md")
    assert 0 < len(always_zero) <= 4 and np.all((rows % 7 == 0) | (columns % 7 == 0))
    assert "1797 handwritten digits of 8 × 8 pixels" in text_of("title") and X.shape == (1797, 64)
    counts = np.bincount(Y)
    assert "about 180 images each" in text_of("story_data_md") and np.all(np.abs(counts - 180) <= 7)
    assert "fewer than 1300 training images" in text_of("story_baseline_md") and len(Y_TRAIN) < 1300


def range_test_suggestion(optimizer_name):
    """The learning-rate range test of section 2.5, written again: the batch learning rate grows geometrically from
    1e-5 to 10 over one epoch of batches of 16; the suggestion is a tenth of the rate at the lowest smoothed loss."""
    from nnlib.optim import make_optimizer

    model = MLP([64, 64, 10], rng=0)
    optimizer = make_optimizer(optimizer_name, model.params, lr=1e-5)
    order = np.random.default_rng(0).permutation(len(Y_TRAIN))
    rates, losses = np.geomspace(1e-5, 10.0, len(order) // 16), []
    for step, lr in enumerate(rates):
        rows = order[step * 16:(step + 1) * 16]
        optimizer.lr = lr
        with np.errstate(all="ignore"):
            loss, dlogits = softmax_cross_entropy(model.forward(X_TRAIN_STD[rows]), Y_TRAIN[rows])
            model.backward(dlogits)
            optimizer.step(model.grads)
        losses.append(loss)
        if not loss < 2 * losses[0]:
            break
    smoothed = np.convolve(losses, np.ones(5) / 5, mode="valid")
    return rates[np.argmin(smoothed) + 2] / 10


def test_the_range_test_points_into_the_sweeps_good_range_for_adam_and_just_below_it_for_sgd():
    assert "it points into the range the sweep found good for Adam, and just below the sweep's good range for SGD" in (
        text_of("story_lr_range_md"))
    assert 1e-3 <= range_test_suggestion("adam") <= 1e-2
    assert 1e-2 < range_test_suggestion("sgd") < 1e-1


def test_explorer_step_3_the_drawn_validation_loss_reaches_about_10_and_the_hundreds():
    """Driven through the explorer's controls, as a student would after step 2: 128 hidden units back to 32, η = 0.1
    then 1, each time the epoch slider to 40; the loss panel's y range must take in the whole validation curve."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    from nnlib.widgets.training import training_explorer

    explorer = training_explorer()
    try:
        explorer.controls["n_hidden"].value = 128
        explorer.controls["n_hidden"].value = 32
        for lr, low, high in ((0.1, 5, 20), (1.0, 100, 1000)):
            explorer.controls["lr"].value = lr
            explorer.controls["epoch"].value = 40
            assert explorer.run.config == {"optimizer": "adam", "lr": lr, "n_hidden": 32}
            assert explorer.run.epochs_trained == 40
            highest = np.max(explorer.data["val_loss"])
            assert low <= highest < high, (lr, highest)
            bottom, top = explorer.figure.axes[0].get_ylim()
            assert bottom <= np.min(explorer.data["val_loss"]) and highest <= top, "the curve is drawn off the panel"
    finally:
        plt.close("all")


def test_the_confusion_matrix_titles_name_every_tie():
    namespace = {"np": np}
    code = CELLS["story_eval"]
    exec(compile(code[code.index("def mistakes_title"):code.index("\n\n\nval_predictions")], "story_eval", "exec"),
         namespace)
    mistakes_title = namespace["mistakes_title"]
    tie = np.diag([5, 5, 5]) + np.array([[0, 2, 0], [0, 0, 0], [2, 0, 0]])
    assert mistakes_title(tie) == "Most frequent mistakes, a tie (2× each):\n0 taken for 1, 2 taken for 0"
    assert mistakes_title(np.diag([5, 5]) + np.array([[0, 1], [1, 0]])) == (
        "No confusion occurs more than once (2 mistakes)")
    assert mistakes_title(np.diag([5, 5]) + np.array([[0, 3], [1, 0]])) == "Most frequent mistake: 0 taken for 1 (3×)"
    assert "mistakes_title(cm)" in CELLS["your_capstone"]
