"""Lesson 05's prose against the numbers: every value the markdown quotes is recomputed here, independently of the
notebook's code (numpy, or the course library's reference functions), and must appear in the text."""
import math
import re

import numpy as np
import pytest

from nnlib.widgets.descent import BATCH_SIZES, CURVATURES, descent_compute
from tests.notebooks.lessons import assert_numbers_in as says
from tests.notebooks.lessons import cell_sources

LESSON = "05_gradient_descent"


@pytest.fixture(scope="module")
def cells():
    return cell_sources(LESSON)


def test_the_first_steps_by_hand(cells):
    w, eta, values = 0.0, 0.1, []
    for _ in range(3):
        values.append((w, (w - 3) ** 2))
        w -= eta * 2 * (w - 3)
    assert values[1][0] == pytest.approx(0.6) and values[2][0] == pytest.approx(1.08)
    says(cells["story_update_md"], "0.6", "1.08", "0.48", "9", "5.76", f"{values[2][1]:.2f}")


def test_the_table_of_learning_rates_is_the_one_the_figure_draws(cells):
    text, code = cells["story_lr_md"], cells["story_lr"]
    curvature = 4.0
    for row in re.findall(r"^\| \$(0\.\d+)\$ \|.*$", text, flags=re.M):
        factor = 1 - float(row) * curvature
        iterates = factor ** np.arange(4)
        line = next(line for line in text.splitlines() if line.startswith(f"| ${row}$"))
        says(line, f"{factor:g}")
        for value in iterates:
            says(line, f"{value:g}")
    table_rates = {float(rate) for rate in re.findall(r"^\| \$(0\.\d+)\$ \|", text, flags=re.M)}
    assert table_rates == {0.05, 0.25, 0.45, 0.55}
    drawn = {float(rate) for rate in re.findall(r"(0\.\d+): PALETTE", code)}
    printed = {float(rate) for rate in re.search(r"for lr in \(([^)]*)\)", code).group(1).split(",")}
    assert drawn <= table_rates and printed == table_rates, "the figure must draw rows of the table"
    says(text, f"{2 / curvature:g}")


def test_curvature_is_lambda_and_the_loss_is_L(cells):
    """One symbol each: L is the loss, λ a curvature (lesson 07 uses K for depth)."""
    curvature_as_L = re.compile(r"2/L\b|1/L\b|\\eta\s*L\b|\\eta\\, L\b|\\tfrac\{L\}|\bL = \d|\(L/2\)|ηL\b|2/L =|\\mu\b")
    for cell_id, text in cells.items():
        assert not curvature_as_L.search(text), f"cell {cell_id} still writes the curvature as L (or μ)"
    assert r"\eta < 2/\lambda_{\max}" in cells["goals"]


def test_the_ravine_numbers(cells):
    flat, steep = CURVATURES
    text = cells["story_ravine_md"]
    says(text, f"{flat:g}", f"{steep:g}", f"{2 / steep:.2f}", f"{steep / flat:g}")
    assert r"\kappa = \lambda_{\max}/\lambda_{\min}" in text


def test_batch_noise_shrinks_like_one_over_sqrt_b(cells):
    says(cells["story_epochs_md"], f"{math.sqrt(10):.1f}")
    rng = np.random.default_rng(1)
    x = rng.standard_normal(1000)
    y = 2 * x + 1 + 0.5 * rng.standard_normal(1000)
    per_sample = np.column_stack([-y * x, -y])                       # gradients at w = b = 0
    full = per_sample.mean(axis=0)
    errors = []
    for B in (1, 10, 100):
        picks = np.array([rng.choice(1000, size=B, replace=False) for _ in range(2000)])
        errors.append(np.sqrt(np.mean(np.sum((per_sample[picks].mean(axis=1) - full) ** 2, axis=1))))
    assert errors[0] / errors[1] == pytest.approx(math.sqrt(10), rel=0.15)
    assert errors[1] / errors[2] == pytest.approx(math.sqrt(10) * math.sqrt((1000 - 10) / (1000 - 100)), rel=0.15)


def test_sampling_with_replacement_misses_about_37_percent(cells):
    n = 1000
    says(cells["story_epochs_md"], f"{100 * (1 - 1 / n) ** n:.0f}", f"{100 * math.exp(-1):.0f}")


def test_steps_to_stop_depend_on_the_size_of_the_factor(cells):
    def steps(lr, curvature=4.0):
        w, k = 1.0, 0
        while abs(curvature * w) >= 1e-6 and k < 1000:
            w -= lr * curvature * w
            k += 1
        return k

    assert steps(0.05) == steps(0.45) and steps(0.49) >= 100
    says(cells["story_stopping_note"], "0.8")
    assert "hundreds of steps" in cells["story_stopping_note"]


def test_the_moons_run_has_about_800_steps(cells):
    n, batch, epochs = 200, 16, 60
    per_epoch = math.ceil(n / batch)
    says(cells["your_moons_md"], f"{n}", f"{batch}", f"{per_epoch}", f"{epochs}")
    assert per_epoch * epochs == pytest.approx(800, rel=0.05)
    assert "lr=0.3, epochs=60, batch_size=16" in cells["your_moons"] and "n_samples=200" in cells["your_sanity_check"]


def test_quiz_keys(cells):
    # q1: f = 5 w², curvature 10, limit 0.2: exactly one option diverges
    options = dict(re.findall(r"\*\*([a-d])\)\*\* \$\\eta = ([\d.]+)\$", cells["q1_md"]))
    diverging = [letter for letter, lr in options.items() if abs(1 - float(lr) * 10) > 1]
    assert diverging == ["c"] and '"c"' in cells["q1_hidden"]
    # q2: N = 1000, batch 64
    assert math.ceil(1000 / 64) == 16 and 1000 % 64 == 40
    assert "**b)** 16 updates; the last batch has 40 samples." in cells["q2_md"] and '"b"' in cells["q2_hidden"]
    # q4: the noise of a mean of B samples shrinks like 1/sqrt(B): B = 1 -> 100 is 10 times smaller
    assert math.sqrt(100) == 10 and "**b)** 10 times smaller" in cells["q4_md"] and '"b"' in cells["q4_hidden"]


def test_the_written_answer(cells):
    text = cells["written_1"]
    curvatures = np.linalg.eigvalsh(np.diag([1.0, 100.0]))
    limit = 2 / curvatures.max()
    factor = 1 - 0.019 * curvatures.min()
    steps = math.log(0.1) / math.log(factor)
    says(text, f"{limit:g}", f"{factor:.3f}", f"{round(steps)}", f"{curvatures.max() / curvatures.min():g}")


def test_the_chosen_learning_rate_problem(cells):
    H = np.array([[5.5, 4.5], [4.5, 5.5]])
    eigenvalues = np.linalg.eigvalsh(H)
    assert eigenvalues == pytest.approx([1.0, 10.0])
    assert "(1, 10)" in cells["chosen_lr"] and "2 / lambda_max = 0.2" in cells["chosen_lr"]

    def reaches(lr):
        w = np.array([2.0, 0.0])
        with np.errstate(all="ignore"):
            for _ in range(101):
                if 0.5 * w @ H @ w < 1e-6:
                    return True
                w = w - lr * H @ w
        return False

    assert reaches(1 / eigenvalues.max()) and not reaches(0.25) and not reaches(0.01)


def test_explorer_instruction_1_zig_zag_at_one_over_lambda_and_divergence_at_two_over_lambda(cells):
    text = cells["explore_md"]
    steep = CURVATURES[1]
    says(text, f"{2 / steep:.2f}")
    assert descent_compute(0.33, 4, 25)["regime"] == "smooth" and descent_compute(0.34, 4, 25)["regime"] == "zig-zags"
    assert descent_compute(0.66, 4, 25)["regime"] == "zig-zags"
    assert descent_compute(0.67, 4, 25)["regime"] == "diverges"


def test_explorer_instruction_2_the_fastest_rate_is_near_two_over_the_sum_of_curvatures(cells):
    """2/(λ_min + λ_max) is the asymptotic optimum; over the 25 steps the item asks about, the slider's best is 0.59."""
    best_theory = 2 / CURVATURES.sum()
    slider = np.round(np.arange(0.02, 0.67, 0.01), 2)
    losses = [descent_compute(lr, 4, 25)["losses"][-1] for lr in slider]
    best = slider[int(np.argmin(losses))]
    assert abs(best - best_theory) <= 0.02
    at = {lr: descent_compute(lr, 4, 25)["losses"][-1] for lr in (0.3, 0.6, 0.61, 0.65)}
    assert at[0.6] < at[0.3] and at[0.6] < at[0.65] and at[0.61] > min(losses)
    says(cells["explore_md"], f"{best_theory:.3f}", f"{best:.2f}", "0.61", "0.65")


def test_the_sanity_check_catches_pairs_that_change_not_a_fixed_wrong_pairing(cells):
    """Ten samples, 2 → 64 → 2, full batch, lr 0.5, 2000 steps: a fixed wrong pairing is memorized; pairs that change
    every epoch (X and y shuffled with different permutations) keep the loss near ln 2."""
    from nnlib.data import make_moons
    from nnlib.layers import MLP
    from nnlib.losses import softmax_cross_entropy
    from nnlib.optim import make_optimizer

    X, y = make_moons(n_samples=10, noise=0.2, rng=0)

    def final_loss(labels_at_step):
        model = MLP([2, 64, 2], rng=0)
        optimizer = make_optimizer("sgd", model.params, lr=0.5)
        for step in range(2000):
            loss, dlogits = softmax_cross_entropy(model.forward(X), labels_at_step(step))
            model.backward(dlogits)
            optimizer.step(model.grads)
        return loss

    rng = np.random.default_rng(0)
    fixed = rng.permutation(y)
    assert np.any(fixed != y)
    assert final_loss(lambda step: fixed) < 0.3
    assert final_loss(lambda step: rng.permutation(y)) > 0.6
    assert "shuffled with different permutations" in cells["story_sanity_md"]
    assert "shuffled with different permutations, so the pairs change every epoch" in cells["q3_md"]
    assert "paired with the inputs" not in cells["story_sanity_md"] and "not\n  paired" not in cells["q3_md"]


def test_small_wordings_the_review_asked_for(cells):
    assert "Below which learning rate does gradient descent converge" in cells["written_1_md"]
    assert "largest learning rate" not in cells["written_1_md"]
    assert "Compare the rows of the table" in cells["story_batch_size_note"]
    code = cells["story_lr"]
    assert "η = 0.05 and 0.45 coincide" in code and "right.legend" in code
    assert abs(1 - 0.05 * 4) == pytest.approx(abs(1 - 0.45 * 4))


def test_explorer_instruction_3_noise_halves_when_the_batch_grows_fourfold(cells):
    noise = {B: descent_compute(0.3, B, 25)["noise_mean"] for B in BATCH_SIZES}
    assert noise[1] / noise[4] == pytest.approx(2, rel=0.2) and noise[4] / noise[16] == pytest.approx(2, rel=0.2)
    full = descent_compute(0.3, 64, 25)
    assert full["noise_mean"] < 1e-12 and np.allclose(full["sgd"], full["gd"])
    assert "roughly halves each time the batch grows fourfold (1, 4, 16)" in cells["explore_md"]


def test_the_saddle_plateau_lasts_as_long_as_the_text_says(cells):
    text = cells["story_saddle_md"]
    lr = 0.1

    def escape_step(w2, steps=400):
        w = np.array([1.0, w2])
        for step in range(steps):
            if 0.5 * w[0] ** 2 - 0.5 * w[1] ** 2 + 0.25 * w[1] ** 4 < -0.2:
                return step
            w = w - lr * np.array([w[0], -w[1] + w[1] ** 3])
        return None

    for w2 in (1e-2, 1e-6):
        assert escape_step(w2) == pytest.approx(math.log(1 / w2) / math.log(1 + lr), abs=3)
    assert escape_step(0.0) is None                    # exactly on the ridge, plain GD never leaves
    # only the w₂ component of the gradient is 0 at the start (1, 0); GD slides along the ridge into the saddle
    w = np.array([1.0, 0.0])
    assert np.array([w[0], -w[1] + w[1] ** 3]).tolist() == [1.0, 0.0]
    for _ in range(300):
        w = w - lr * np.array([w[0], -w[1] + w[1] ** 3])
    assert w[1] == 0 and abs(w[0]) < 1e-12
    assert "the $w_2$ component of the gradient is 0" in text and "where the whole gradient is $\\mathbf 0$" in text
    assert "its gradient is $\\mathbf 0$ there" not in text
    hessian = np.diag([1.0, -1.0])                      # of f at the saddle
    assert np.linalg.eigvalsh(hessian).tolist() == [-1.0, 1.0]
    minimum = np.array([0.0, 1.0])
    assert 0.5 * minimum[0] ** 2 - 0.5 * minimum[1] ** 2 + 0.25 * minimum[1] ** 4 == -0.25
    assert r"(0, \pm 1)" in text and r"f = -\tfrac14" in text and r"$+1$" in text and r"$-1$" in text


@pytest.fixture(scope="module")
def batch_runs():
    """The batch-size experiment of section 2.8, rerun with the course library."""
    from nnlib.data import make_moons
    from nnlib.layers import MLP
    from nnlib.losses import softmax_cross_entropy
    from nnlib.optim import make_optimizer
    from nnlib.train import fit

    X, y = make_moons(n_samples=200, noise=0.2, rng=1)
    X_val, y_val = make_moons(n_samples=1000, noise=0.2, rng=2)
    runs = {}
    for batch_size in (4, 16, 64, 200):
        for lr in sorted({0.05, 0.05 * batch_size / 4}):
            for seed in range(3):
                model = MLP([2, 16, 16, 2], rng=seed)
                with np.errstate(all="ignore"):
                    fit(model, X, y, make_optimizer("sgd", model.params, lr=lr), epochs=40, batch_size=batch_size,
                        rng=np.random.default_rng(seed), progress=False)
                    loss = softmax_cross_entropy(model.forward(X), y)[0]
                runs[batch_size, lr, seed] = (loss, np.mean(model.predict(X_val) == y_val))
    return runs


def test_batch_size_and_linear_scaling(cells, batch_runs):
    def losses(batch_size, lr):
        return np.array([batch_runs[batch_size, lr, seed][0] for seed in range(3)])

    # fixed η: the training loss grows with the batch size (fewer steps)
    means = [losses(batch_size, 0.05).mean() for batch_size in (4, 16, 64, 200)]
    assert all(a < b for a, b in zip(means, means[1:]))
    # scaled η recovers the progress at B = 16, and is erratic at B = 64 and 200
    assert losses(16, 0.2).mean() < losses(16, 0.05).mean() and losses(16, 0.2).mean() < 1.3 * losses(4, 0.05).mean()
    for batch_size in (64, 200):
        scaled = losses(batch_size, 0.05 * batch_size / 4)
        assert scaled.max() - scaled.min() > 2 * (losses(4, 0.05).max() - losses(4, 0.05).min())
    says(cells["story_batch_size_note"], "16", "64", "200", f"{0.05 * 200 / 4:g}")
    says(cells["story_batch_size_md"], "40", "0.05", "1000")


def test_validation_accuracy_follows_the_training_loss(batch_runs):
    values = np.array(list(batch_runs.values()))
    ranks = [np.argsort(np.argsort(column)) for column in values.T]
    spearman = np.corrcoef(ranks[0], ranks[1])[0, 1]
    assert spearman < -0.85
