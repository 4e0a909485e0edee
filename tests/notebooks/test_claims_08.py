"""Lesson 08's prose states numbers and behaviours; each test recomputes one (numpy, or the course library) and reads
the notebook's markdown to check that it says that value.

Numbers that a nearby cell prints are not repeated here; these are the ones written into the text, the quiz keys and
the explorer's instructions.
"""
import numpy as np
import pytest

from nnlib.layers import MLP
from nnlib.losses import softmax_cross_entropy
from nnlib.optim import Adam
from nnlib.regularization import l2_penalty
from nnlib.widgets.regularization import DROPOUTS, WEIGHT_DECAYS, regularization_data, train_run
from tests.notebooks.lessons import load, source_of, source_path

LESSON = "08_regularization"
CELLS = {cell["id"]: source_of(cell) for cell in load(source_path(LESSON))["cells"]}
X_TRAIN, Y_TRAIN, X_VAL, Y_VAL, X_TEST, Y_TEST = regularization_data()


def text_of(cell_id):
    """The cell's markdown with line breaks folded into spaces."""
    return " ".join(CELLS[cell_id].split())


def test_the_data_and_the_network_of_section_2_1():
    text = text_of("story_split_md")
    assert "150 noisy moons (noise 0.3" in text and "split 60 / 60 / 30" in text
    assert (len(Y_TRAIN), len(Y_VAL), len(Y_TEST)) == (60, 60, 30)
    weights = sum(w.size for name, w in MLP([2, 64, 64, 2], rng=0).params.items() if name.startswith("W"))
    assert "about 4 400 weights" in text and abs(weights - 4400) < 100


def test_section_2_1_over_fits_after_about_ten_epochs_and_quiz_1_quotes_its_numbers():
    run = train_run(0.0, 0.0)                      # the explorer's run is section 2.1's: same data, seed and training
    val_loss = run["val_loss"]
    assert "For about ten epochs both fall" in text_of("story_split_note") and 8 <= run["best_epoch"] <= 12
    quiz = text_of("q1_md")
    assert "training loss 0.02 and validation loss 1.30" in quiz and "at epoch 11 the validation loss was 0.37" in quiz
    assert round(run["train_loss"][-1], 2) == 0.02 and round(val_loss[-1], 2) == 1.30
    assert run["best_epoch"] == 11 and round(val_loss.min(), 2) == 0.37


def test_the_l2_example_and_quiz_4():
    w, weight_decay = np.array([2.0, -1.0, 0.5]), 0.1
    assert r"$0.05 \cdot (4 + 1 + 0.25) = 0.2625$" in CELLS["story_l2_md"]
    assert weight_decay / 2 * np.sum(w ** 2) == pytest.approx(0.2625)
    assert r"$\lambda w = (0.2, -0.1, 0.05)$" in CELLS["story_l2_md"]
    assert 1 - 0.1 * 0.01 == pytest.approx(0.999) and "* **a)** $0.999$" in CELLS["q4_md"]
    assert 'check_answer(answer_q4, "a"' in CELLS["q4_hidden"]


def test_the_pytorch_remark_says_that_weight_decay_also_decays_biases():
    text = text_of("story_l2_md")
    assert "is the one PyTorch uses" not in text
    assert "biases included" in text and "weight_decay=0" in text
    assert "`AdamW` multiplies the parameter by $1 - \\eta\\lambda$ instead" in text
    exercise = text_of("l2_penalty_md")
    assert "the same $\\lambda W$ that PyTorch's `SGD` with `weight_decay` adds" in exercise
    assert "not $2\\lambda W$ (what PyTorch" not in exercise


def test_l1_is_said_to_put_weights_near_zero_not_exactly_at_zero():
    assert "### 2.3 L1 penalty: many weights near zero" in CELLS["story_l1_md"]
    assert "exactly zero" not in CELLS["story_l1_md"] and "sets many of them to zero" not in CELLS["goals"]
    assert "section 3.8" not in CELLS["story_test_note"] and "### Putting it together" in CELLS["together_md"]


def test_quiz_2_inverted_dropout_gives_0_or_5():
    assert 4 / (1 - 0.2) == pytest.approx(5.0)
    assert "* **b)** training: 0 or 5; eval: 4" in CELLS["q2_md"]
    assert 'check_answer(answer_q2, "b"' in CELLS["q2_hidden"]


def test_the_running_statistics_forget_their_start_like_0_9_to_the_t():
    assert 1 - 0.9 ** 22 == pytest.approx(0.90, abs=0.005)
    assert "0.9 ** 22" in CELLS["story_bn"]


def train_with(weight_decay, dropout):
    """Section 3's "putting it together", written again with the library's penalty and a plain early-stopping loop."""
    model = MLP([2, 64, 64, 2], rng=0, dropout=dropout)
    optimizer = Adam(model.params, lr=0.01)
    dropout_rng = np.random.default_rng(1)
    best, best_params, best_epoch, waited = np.inf, None, 0, 0
    for epoch in range(1, 301):
        _, dlogits = softmax_cross_entropy(model.forward(X_TRAIN, train=True, rng=dropout_rng), Y_TRAIN)
        model.backward(dlogits)
        weights = {name: p for name, p in model.params.items() if name.startswith("W")}
        _, penalty = l2_penalty(weights, weight_decay)
        optimizer.step({name: model.grads[name] + penalty.get(name, 0.0) for name in model.params})
        loss = softmax_cross_entropy(model.forward(X_VAL, train=False), Y_VAL)[0]
        if loss < best:
            best, best_params, best_epoch, waited = loss, {name: p.copy() for name, p in model.params.items()}, epoch, 0
        else:
            waited += 1
            if waited >= 40:
                break
    for name in model.params:
        model.params[name][...] = best_params[name]
    logits = model.forward(X_VAL, train=False)
    shifted = logits - logits.max(axis=1, keepdims=True)
    per_sample = np.log(np.exp(shifted).sum(axis=1)) - shifted[np.arange(len(Y_VAL)), Y_VAL]
    return model, best, per_sample, best_epoch


@pytest.fixture(scope="module")
def candidates():
    return {(wd, p): train_with(wd, p) for wd in (0.0, 3e-3, 1e-2) for p in (0.0, 0.2)}


def paired_difference(candidates, other, chosen):
    """Mean per-sample loss difference (other - chosen) and its standard error."""
    difference = candidates[other][2] - candidates[chosen][2]
    return difference.mean(), difference.std(ddof=1) / np.sqrt(len(difference))


def test_putting_it_together_chooses_on_validation_and_the_conclusion_holds(candidates):
    code = CELLS["together"]
    assert "for weight_decay in (0.0, 3e-3, 1e-2) for dropout in (0.0, 0.2)" in code
    assert "min(candidates" in code and "X_test" not in code.split("test_accuracy = ")[0]
    chosen = min(candidates, key=lambda key: candidates[key][1])
    assert chosen == (1e-2, 0.0)
    note = text_of("together_note")
    gain, gain_error = paired_difference(candidates, (0.0, 0.0), chosen)
    assert "by more than one standard error of the difference, though not by two" in note
    assert gain_error < gain < 2 * gain_error
    dropout_change, dropout_error = paired_difference(candidates, (chosen[0], 0.2), chosen)
    assert "it changes the loss by less than one standard error" in note and abs(dropout_change) < dropout_error
    assert "at $p = 0.2$, it does not beat no regularization at all" in note
    assert candidates[(0.0, 0.2)][1] >= candidates[(0.0, 0.0)][1]
    slow = "$\\lambda = 0.003$ prints the same best epoch as $\\lambda = 0$"
    assert slow in note and "patience 40 ends the run before the penalty can pay off" in note
    assert candidates[(3e-3, 0.0)][3] == candidates[(0.0, 0.0)][3]
    assert candidates[(3e-3, 0.0)][1] == pytest.approx(candidates[(0.0, 0.0)][1], abs=0.005)
    full_run = train_run(3e-3, 0.0)["val_loss"]                 # the explorer's run: all 300 epochs
    assert "reaches a validation loss of 0.328 at epoch 76" in note
    assert round(full_run.min(), 3) == 0.328 and int(np.argmin(full_run)) + 1 == 76
    assert full_run.min() < candidates[(0.0, 0.0)][1]
    test_accuracy = np.mean(candidates[chosen][0].predict(X_TEST) == Y_TEST)
    test_error = np.sqrt(test_accuracy * (1 - test_accuracy) / len(Y_TEST))
    assert "on 30 points one standard error is several percentage points" in note and 0.03 < test_error < 0.1


def final_and_best(weight_decay, dropout):
    val_loss = train_run(weight_decay, dropout)["val_loss"]
    return val_loss[-1], val_loss.min()


def test_explorer_step_1_the_lowest_final_validation_loss_is_at_an_intermediate_lambda():
    assert "**Sweep $\\lambda$ from 0 to 0.1** with $p = 0$" in CELLS["explore_md"]
    finals = {wd: final_and_best(wd, 0.0)[0] for wd in WEIGHT_DECAYS}
    best = min(finals, key=finals.get)
    assert 0 < best < WEIGHT_DECAYS[-1]
    larger = [wd for wd in WEIGHT_DECAYS if wd > best]
    assert all(np.diff([finals[wd] for wd in [best] + larger]) > 0), "past the best λ the validation loss rises"
    assert train_run(WEIGHT_DECAYS[-1], 0.0)["train_loss"][-1] > train_run(best, 0.0)["train_loss"][-1]


def test_explorer_step_3_dropout_lowers_the_final_loss_but_never_the_best_epoch():
    text = text_of("explore_md")
    assert "From $p = 0.3$ on, the final validation loss falls as $p$ grows" in text
    assert "(at 0.1 and 0.2 it is no lower than without dropout)" in text
    assert "none is lower than without dropout" in text and "the best $\\lambda$ does better than any $p$" in text
    finals = [final_and_best(0.0, p)[0] for p in DROPOUTS]
    bests = [final_and_best(0.0, p)[1] for p in DROPOUTS]
    assert DROPOUTS == (0.0, 0.1, 0.2, 0.3, 0.4, 0.5)
    assert finals[1] >= finals[0] and finals[2] >= finals[0], "at p = 0.1 and 0.2 the final loss is no lower"
    assert finals[3] < finals[0] and all(np.diff(finals[3:]) < 0), "from p = 0.3 on it falls as p grows"
    assert finals[-1] < finals[0] / 1.5
    assert min(bests[1:]) >= bests[0]
    best_lambda = min(final_and_best(wd, 0.0)[1] for wd in WEIGHT_DECAYS)
    assert best_lambda < min(bests) and best_lambda < min(finals)


def test_explorer_step_4_the_combination_is_not_better_than_the_penalty_alone():
    assert "Is $\\lambda = 0.003$ with $p = 0.3$ better than either alone?" in text_of("explore_md")
    assert 3e-3 in WEIGHT_DECAYS and 0.3 in DROPOUTS
    assert final_and_best(3e-3, 0.3)[0] > final_and_best(3e-3, 0.0)[0]


def test_explorer_step_5_early_stopping_matters_without_regularization_not_with_a_good_lambda():
    final, best = final_and_best(0.0, 0.0)
    assert final > 3 * best
    final, best = final_and_best(1e-2, 0.0)
    assert final - best < 0.02


def stopping_epochs(val_losses, patience):
    """Plain early stopping: (best epoch from 1, epochs run)."""
    best, best_epoch, waited = np.inf, None, 0
    for epoch, loss in enumerate(val_losses, start=1):
        if loss < best:
            best, best_epoch, waited = loss, epoch, 0
        else:
            waited += 1
            if waited >= patience:
                return best_epoch, epoch
    return best_epoch, len(val_losses)


def test_the_early_stopping_examples():
    assert "0.9, 0.7, 0.6, 0.65, 0.62, 0.7" in CELLS["story_early_md"]
    assert stopping_epochs([0.9, 0.7, 0.6, 0.65, 0.62, 0.7, 0.1], 3) == (3, 6)
    assert "the best is epoch 3" in CELLS["story_early_md"] and "stops after epoch 6" in CELLS["story_early_md"]
    assert "1.0, 0.8, 0.6, 0.7, 0.65, 0.9, 0.5" in CELLS["early_stopping_md"]
    assert stopping_epochs([1.0, 0.8, 0.6, 0.7, 0.65, 0.9, 0.5], 3) == (3, 6)


def test_the_penalty_examples_of_exercises_1_and_2():
    W1, W2 = np.array([[1, -2], [0.5, 3]]), np.array([[2], [-1]])
    assert "= 0.9625$" in CELLS["l2_penalty_md"] and 0.1 / 2 * (np.sum(W1 ** 2) + np.sum(W2 ** 2)) == pytest.approx(
        0.9625)
    W1, W2 = np.array([[1.5, 0], [-2, 0.5]]), np.array([[0], [-1]])
    assert "= 0.05$" in CELLS["l1_penalty_md"] and 0.01 * (np.abs(W1).sum() + np.abs(W2).sum()) == pytest.approx(0.05)


def test_explorer_step_3_driven_through_the_controls():
    """Moving the dropout slider, as a student would: the final validation loss falls, the best epoch's does not."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    from nnlib.widgets.regularization import regularization_explorer

    explorer = regularization_explorer()
    try:
        drawn = {}
        for p in (0.0, 0.5):
            explorer.controls["dropout"].value = p
            drawn[p] = np.asarray(explorer.figure.axes[1].lines[1].get_ydata())   # the validation curve
        assert drawn[0.5][-1] < drawn[0.0][-1] and drawn[0.5].min() >= drawn[0.0].min()
    finally:
        plt.close("all")
