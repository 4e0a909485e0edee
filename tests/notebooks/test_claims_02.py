"""Lesson 02: every number the prose of the source notebook states is recomputed here, independently of the
notebook's own cells (numpy, the course library and its data), and must agree with the text to the precision it is
written in.
"""
import inspect
import re
import warnings

import numpy as np
import pytest

from nnlib.activations import log_softmax, softmax
from nnlib.data import load_digits, make_blobs
from nnlib.layers import MLP
from nnlib.losses import softmax_cross_entropy
from nnlib.widgets.losses import loss_explorer
from tests.notebooks.test_claims_01 import agrees, check_numbers, stated
from tests.notebooks.test_claims_01 import markdown as markdown_of

LESSON = "02_losses"


def markdown(grade_id):
    return markdown_of(grade_id, lesson=LESSON)


def test_the_mse_table():
    y_hat, y = np.array([2.5, 0.0, 2.1, 7.8]), np.array([3.0, -0.5, 2.0, 7.0])
    text = markdown("story_mse_md")
    rows = [line for line in text.splitlines() if re.match(r"\| \d \|", line)]
    assert len(rows) == 4
    for number, row in enumerate(rows):
        check_numbers(row, r"^\| \d \|(.*)$", [y_hat[number], y[number], y_hat[number] - y[number],
                                               (y_hat[number] - y[number]) ** 2])
    check_numbers(text, r"last column: \$(.*?)\$", [*(y_hat - y) ** 2, 4, np.mean((y_hat - y) ** 2)])
    check_numbers(markdown("mse_md"), r"→ `(.*?)`", [np.mean((y_hat - y) ** 2)])


def test_the_spam_filter():
    text = markdown("story_bce_md")
    check_numbers(text, r"the loss is \$-\\ln 0\.9 = ([\d.]+)\$", [-np.log(0.9)])
    check_numbers(text, r"the loss is \$-\\ln 0\.1 = ([\d.]+)\$", [-np.log(0.1)])
    check_numbers(markdown("bce_md"), r"→\s*`(\(.*?)`", [-np.log(0.9), -np.log(0.1), 2,
                                                         (-np.log(0.9) - np.log(0.1)) / 2])


def test_the_coin_likelihoods():
    text = markdown("story_likelihood_md")
    assert "H H T H H H T H T H" in text
    heads = "H H T H H H T H T H".split().count("H")
    check_numbers(text, r"\((\d+) \\text\{ heads\}, (\d+) \\text\{ tails\}\)", [heads])
    for q in (0.5, 0.7, 0.9):
        check_numbers(text, rf"L\({q}\) = ([\d.]+)", [q ** heads * (1 - q) ** (10 - heads)])
    q = np.linspace(0.001, 0.999, 9999)
    assert q[np.argmax(q ** heads * (1 - q) ** (10 - heads))] == pytest.approx(0.7, abs=1e-3)
    check_numbers(text, r"gives \$q = ([\d.]+)\$", [heads / 10])


def test_categorical_cross_entropy_by_hand():
    z = np.array([2.0, 1.0, 0.1])
    p = softmax(z[None])[0]
    text = markdown("story_ce_md")
    check_numbers(text, r"give \$\\mathbf p = \((.*?)\)\$", p)
    check_numbers(text, r"the loss is \$-\\ln 0\.659 = ([\d.]+)\$", [-np.log(p[0])])
    check_numbers(text, r"the loss is \$-\\ln 0\.099 = ([\d.]+)\$", [-np.log(p[2])])
    check_numbers(markdown("log_softmax_md"), r"`log_softmax\(np\.array\(\[\[2\.0, 1\.0, 0\.1\]\]\)\)` → `(.*?)`",
                  np.log(p))
    logits, labels = np.array([[2.0, 1.0, 0.1], [0.5, 2.5, 0.0]]), np.array([0, 1])
    losses = -log_softmax(logits, axis=1)[np.arange(2), labels]
    check_numbers(markdown("cross_entropy_md"), r"→\s*`(\(.*?)`", [*losses, 2, losses.mean()])


def test_the_log_sum_exp_numbers():
    logits = np.array([1000.0, 990.0, 0.0])
    exact = logits - 1000.0 - np.log1p(np.exp(-10.0) + np.exp(-1000.0))  # log Σ exp, by hand around the maximum
    text = markdown("story_stable_md")
    check_numbers(text, r"the log-probabilities are \$\((.*?)\)\$", exact)
    check_numbers(markdown("log_softmax_md"), r"`log_softmax\(np\.array\(\[\[1000\.0, 990\.0, 0\.0\]\]\)\)` → `(.*?)`",
                  exact)
    assert np.exp(-1000.0) == 0.0
    check_numbers(text, r"smallest float64 \(\$\\approx (\d) \\times 10\^\{-324\}", [np.nextafter(0.0, 1.0) / 1e-300 / 1e-24])
    assert np.nextafter(0.0, 1.0) == 5e-324
    threshold = 53 * np.log(2)                     # e^{-|z|} = 2^{-53}: half the gap between 1 and the next float64
    check_numbers(text, r"for \$\|z\| > ([\d.]+)\$ \(just above", [threshold])
    check_numbers(text, r"53 \\ln 2 \\approx ([\d.]+)\$", [threshold])
    written = float(stated(text, r"for \$\|z\| > ([\d.]+)\$")[0])
    assert written > threshold and 1 + np.exp(-written) == 1.0 and 1 + np.exp(-(threshold - 1e-3)) != 1.0
    assert 1 + 2.0 ** -53 == 1.0 and np.nextafter(1.0, 2.0) - 1 == 2.0 ** -52


def test_the_binary_loss_from_logits():
    def stable(z, y):
        return np.mean(np.maximum(z, 0) - z * y + np.log1p(np.exp(-np.abs(z))))

    text = markdown("bce_logits_md")
    check_numbers(text, r"np\.array\(\[0\.0, 1\.0\]\)\)` → `(.*?)`", [stable(np.array([1e3, -1e3]), np.array([0, 1]))])
    check_numbers(text, r"np\.array\(\[40\.0\]\), np\.array\(\[1\.0\]\)\)` is \$\\ln\(1 \+ e\^\{-40\}\)\$ → `(.*?)`",
                  [np.log1p(np.exp(-40.0))])
    assert stable(np.array([40.0]), np.array([1.0])) == np.log1p(np.exp(-40.0))  # max(z, 0) − z·y first: every digit
    check_numbers(text, r"\$40 \+ (4\.2) \\times 10\^\{-18\}\$ rounds to 40", [np.log1p(np.exp(-40.0)) * 1e18])
    assert 40.0 + np.log1p(np.exp(-40.0)) == 40.0
    # the other orders the statement accepts give 0, within the tolerance it states (1e-16 times the largest |z|)
    check_numbers(text, r"absolute error of \$10\^\{(-16)\}\$ times the largest", [-16])
    z, y = np.array([40.0]), np.array([1.0])
    for other_order in (np.log1p(np.exp(-np.abs(z))) + np.maximum(z, 0) - z * y, np.logaddexp(0, z) - z * y):
        assert other_order[0] == 0.0
        assert abs(other_order[0] - np.log1p(np.exp(-40.0))) <= 1e-16 * 40
    for grade_id in ("binary_cross_entropy_with_logits_visible", "binary_cross_entropy_with_logits_hidden"):
        assert "atol=1e-16 * np.max(np.abs(margins))" in code(grade_id)
    z, y = np.array([2.0, -1.0, 0.0]), np.array([1.0, 0.0, 1.0])
    p = 1 / (1 + np.exp(-z))
    textbook = -np.mean(y * np.log(p) + (1 - y) * np.log(1 - p))
    check_numbers(text, r"np\.array\(\[1\.0, 0\.0, 1\.0\]\)\)` → `(.*?)`", [textbook])
    assert stable(z, y) == pytest.approx(textbook)


def test_the_clipping_recipe_is_right_in_float32_and_float64():
    text = markdown("bce_md")
    recipe = re.search(r"`(p = np\.clip\(.*?\))`", text).group(1)
    check_numbers(text, r"`eps = (1e-12)`", [1e-12])
    check_numbers(text, r"costs a large but finite \$-\\ln\(10\^\{-12\}\) \\approx ([\d.]+)\$", [-np.log(1e-12)])
    for dtype in (np.float32, np.float64):
        probs, y = np.array([0.0, 1.0, 1.0, 0.0, 0.3], dtype=dtype), np.array([1, 0, 1, 0, 1], dtype=dtype)
        namespace = {"np": np, "probs": probs, "eps": 1e-12}
        exec(recipe, namespace)
        p = namespace["p"]
        with warnings.catch_warnings():
            warnings.simplefilter("error")  # a log(0) would warn
            loss = -(y * np.log(p) + (1 - y) * np.log(1 - p))
        np.testing.assert_allclose(loss, [-np.log(1e-12), -np.log(1e-12), 0, 0, -np.log(0.3)], rtol=1e-5, atol=1e-11)
    # ... and the statement's reason to convert first: in float32 the clip alone keeps p = 1
    assert "1 - 10^{-12}$ rounds to exactly 1.0" in text
    assert np.float32(1 - 1e-12) == 1.0
    assert np.clip(np.array([1.0], dtype=np.float32), 1e-12, 1 - 1e-12)[0] == 1.0


def code(grade_id):
    return markdown(grade_id)


def test_the_mean_squared_error_is_a_gaussian_negative_log_likelihood():
    import sympy as sp
    y, y_hat = sp.symbols("y y_hat", real=True)
    sigma = sp.symbols("sigma", positive=True)
    density = sp.exp(-(y - y_hat) ** 2 / (2 * sigma ** 2)) / sp.sqrt(2 * sp.pi * sigma ** 2)
    stated_form = (y - y_hat) ** 2 / (2 * sigma ** 2) + sp.log(2 * sp.pi * sigma ** 2) / 2
    assert sp.simplify(sp.expand_log(-sp.log(density) - stated_form, force=True)) == 0
    text = markdown("story_likelihood_md")
    assert (r"-\ln \mathcal N(y; \hat y, \sigma^2) = \frac{(y - \hat y)^2}{2\sigma^2}"
            r" + \frac{1}{2} \ln(2\pi\sigma^2)") in text


def test_the_sanity_check():
    text = markdown("story_sanity_md")
    check_numbers(text, r"\\ln 2 = ([\d.]+)", [np.log(2)])
    check_numbers(text, r"\\ln 3 = ([\d.]+)", [np.log(3)])
    check_numbers(text, r"\\ln 10 = ([\d.]+)", [np.log(10)])
    X_digits, y_digits = load_digits()
    assert X_digits.shape == (1797, 64) and len(np.unique(y_digits)) == 10
    check_numbers(text, r"handwritten digits \((.*?) classes\)", [1797, 8, 8, 10])
    check_numbers(text, r"last layer scaled by (.*?):", [0.01, 1, 20])
    check_numbers(markdown("summary"), r"\\ln 10 = ([\d.]+)", [np.log(10)])

    # The claims of the text, on the lesson's own setting: blobs with 2 to 10 classes, standardized, seeded by C.
    for C in range(2, 11):
        X, y = make_blobs(n_samples=600, n_classes=C, rng=C)
        X = (X - X.mean(axis=0)) / X.std(axis=0)
        net = MLP([2, 32, C], rng=C)
        W_last = net.params["W2"].copy()
        start = {}
        for scale in (0.01, 1.0, 20.0):
            net.params["W2"] = scale * W_last
            start[scale] = softmax_cross_entropy(net(X), y)[0]
        right = np.mean(np.argmax(net(X), axis=1) == y)
        assert abs(start[0.01] - np.log(C)) < 0.03, "a small last layer starts within a few hundredths of ln C"
        assert start[20.0] > np.log(C), "larger logits start it above ln C"
        # the title's exception, on this table: He starts below ln C exactly where the guesses beat chance
        assert (start[1.0] < np.log(C)) == (right > 1 / C)
        if right <= 1 / C:
            assert start[20.0] > 5 * np.log(C), "no better than chance: × 20 far above"
        if C == 2:
            assert right > 0.9 and np.log(2) < start[20.0] < 1.5 * np.log(2)  # the annotation: "× 20 barely above"

    # The bound the text gives: log-sum-exp ≥ ln C + the mean logit (Jensen), so uninformative logits start the loss
    # above ln C on average, the more so the larger they are, whatever the accuracy.
    rng = np.random.default_rng(0)
    assert re.search(r"\\ln \\sum_\{j=1\}\^\{C\} e\^\{z_j\}\s*\\ge\s*\\ln C \+ \\frac\{1\}\{C\} \\sum", text)
    previous = np.log(5)
    for spread in (0.5, 1.0, 3.0):
        logits = spread * rng.standard_normal((20000, 5))
        lse = np.logaddexp.reduce(logits, axis=1)
        assert np.all(lse >= np.log(5) + logits.mean(axis=1) - 1e-12)
        labels = rng.integers(0, 5, 20000)                   # independent of the logits
        loss = np.mean(lse - logits[np.arange(20000), labels])
        assert loss > previous
        previous = loss


def test_confident_mistake_slopes():
    p, y = 0.01, 1.0
    text = markdown("story_accuracy_md")
    check_numbers(text, r"with respect to the logit\nis \$(-[\d.]+)\$", [p - y])
    check_numbers(text, r"\\approx (-[\d.]+)\$", [2 * (p - y) * p * (1 - p)])
    answer = markdown("written_1")
    check_numbers(answer, r"Squared error: \$(.*?)\$\.", [p, y, 2, (p - y) ** 2])
    check_numbers(answer, r"Cross-entropy: \$-\\ln 0\.01 = ([\d.]+)\$", [-np.log(p)])
    check_numbers(answer, r"\\approx (-[\d.]+)\$; cross-entropy", [2 * (p - y) * p * (1 - p)])
    check_numbers(answer, r"p - y = (-[\d.]+)\$, about", [p - y])
    check_numbers(answer, r"about ([\d.]+) times larger", [(p - y) / (2 * (p - y) * p * (1 - p))])
    check_numbers(answer, r"both losses \((.*?); accept", [(p - y) ** 2, -np.log(p)])
    check_numbers(answer, r"accept (.*?), or ln 100\)", [(p - y) ** 2, -np.log(p)])
    check_numbers(answer, r"respect to p instead of z \((.*?)\)", [2 * (p - y), (p - y) / (p * (1 - p))])
    assert -np.log(p) == pytest.approx(np.log(100))


def test_accuracy_examples():
    logits = np.array([[2.0, 1.0, 0.1], [0.5, 2.5, 0.0], [1.0, 1.0, 3.0], [0.2, 0.1, 0.0]])
    check_numbers(markdown("accuracy_md"), r"→ `(.*?)`", [np.mean(np.argmax(logits, axis=1) == [0, 1, 2, 1])])


def test_quiz_keys():
    # q1: 9.7 is more than four times ln 10: far above, confidently wrong (b)
    check_numbers(markdown("q1_md"), r"cross-entropy of ([\d.]+)", [9.7])
    assert 9.7 > 4 * np.log(10)
    # q2: −ln 0.001 is about 6.9 (c)
    check_numbers(markdown("q2_md"), r"\*\*c\)\*\* about \$([\d.]+)\$", [-np.log(0.001)])
    # q4: the same accuracy, A the lower cross-entropy (c)
    text = markdown("q4_md")
    A, B = np.array([0.6, 0.6, 0.6, 0.4]), np.array([0.99, 0.99, 0.99, 0.01])
    check_numbers(text, r"probabilities\n\$\((.*?)\)\$", A)
    check_numbers(text, r"gives them \$\((.*?)\)\$", B)
    assert np.mean(A > 0.5) == np.mean(B > 0.5) == 0.75
    check_numbers(text, r"\*\*c\)\*\* Both have an accuracy of (\d+) %", [75])
    check_numbers(text, r"\(\$\\approx ([\d.]+)\$ against", [-np.mean(np.log(A))])
    check_numbers(text, r"against \$\\approx ([\d.]+)\$\)", [-np.mean(np.log(B))])


def test_explorer_instructions():
    text = markdown("explore_md")
    check_numbers(text, r"\(At \$p = 1/e \\approx ([\d.]+)\$", [1 / np.e])
    assert -np.log(1 / np.e) == pytest.approx(1)
    assert np.all(np.iscomplex(np.roots([2, -2, 1])))  # 2p² − 2p + 1 = 0 has no real solution
    assert inspect.signature(loss_explorer).parameters["y"].default == 1
    assert agrees("-1", 0.01 - 1)  # "tends to −1" at p = 0.01: p − y = −0.99


def test_entropy_kl_soft_targets_and_hinge():
    text = markdown("story_entropy_hinge_md")
    epsilon, C = 0.1, 3
    check_numbers(text, r"with \$\\varepsilon = (.*?)\$ and \$C = (\d)\$", [epsilon])
    smoothed = (1 - epsilon) * np.array([1.0, 0.0, 0.0]) + epsilon / C
    check_numbers(text, r"becomes \$\((.*?)\)\$", smoothed)
    check_numbers(text, r"others by \$\\ln\((.*?)\$\.", [*smoothed[:2], smoothed[0] / smoothed[1],
                                                            np.log(smoothed[0] / smoothed[1])])

    # cross-entropy = entropy + KL for any target; KL is 0 only at p = y, where the loss is the entropy
    logits = np.array([2.0, 1.0, 0.1])
    p = softmax(logits[None])[0]
    entropy = -np.sum(smoothed * np.log(smoothed))
    kl = np.sum(smoothed * np.log(smoothed / p))
    assert -np.sum(smoothed * np.log(p)) == pytest.approx(entropy + kl)
    assert kl > 0 and entropy > 0
    best_logits = np.log(smoothed)  # softmax(log y) = y: finite logits reach the smoothed target
    assert softmax(best_logits[None])[0] == pytest.approx(smoothed)
    assert -np.sum(smoothed * log_softmax(best_logits[None], axis=1)[0]) == pytest.approx(entropy)
    assert best_logits[0] - best_logits[1] == pytest.approx(np.log(smoothed[0] / smoothed[1]))

    def hinge(z, label, margin=1.0):
        return sum(max(0.0, z[k] - z[label] + margin) for k in range(len(z)) if k != label)

    assert hinge(logits, 0) == 0.0
    check_numbers(text, r"the cross-entropy,\n\$([\d.]+)\$, still pushes", [-np.log(p[0])])
    check_numbers(text, r"With true class 2 the hinge loss is \$(.*?)\$\.",
                  [logits[0], logits[2], 1, logits[1], logits[2], 1, hinge(logits, 2)])


def test_soft_targets_in_the_cross_entropy_exercise():
    logits = np.array([[2.0, 1.0, 0.1], [0.5, 2.5, 0.0]])
    soft_rows = np.array([[0.8, 0.1, 0.1], [0.1, 0.8, 0.1]])
    assert soft_rows == pytest.approx(0.7 * np.eye(3)[[0, 1]] + 0.3 / 3)  # "label smoothing with ε = 0.3"
    expected = -np.mean(np.sum(soft_rows * log_softmax(logits, axis=1), axis=1))
    visible = code("cross_entropy_visible")
    assert "label smoothing with ε = 0.3" in visible
    assert float(re.search(r"soft_rows, expected=([\d.]+)", visible).group(1)) == pytest.approx(expected, rel=1e-14)
    # turning the soft rows into labels gives another number: the test tells the two apart
    as_labels = -np.mean(log_softmax(logits, axis=1)[[0, 1], soft_rows.argmax(axis=1)])
    assert abs(as_labels - expected) > 0.1
    assert "rows of probabilities" in markdown("cross_entropy_md") and "label-smoothed" in markdown("cross_entropy_md")


def test_quiz_5_label_smoothing_has_one_defensible_answer():
    text = markdown("q5_md")
    assert r"0.9\overline{3}" in text and r"0.0\overline{3}" in text
    target = 0.9 * np.array([1.0, 0.0, 0.0]) + 0.1 / 3
    assert target == pytest.approx([0.9 + 0.1 / 3, 0.1 / 3, 0.1 / 3])
    entropy = -np.sum(target * np.log(target))

    def loss(gap):  # the true class ahead of the two others by `gap`
        return -np.sum(target * log_softmax(np.array([[gap, 0.0, 0.0]]), axis=1)[0])

    best_gap = np.log(target[0] / target[1])
    gaps = np.linspace(0, 30, 3001)
    losses = np.array([loss(g) for g in gaps])
    # b) smallest at p = y, equal to H(y) > 0, reached by finite logits, and growing again beyond
    assert loss(best_gap) == pytest.approx(entropy) and entropy > 0
    assert np.all(losses >= entropy - 1e-12) and losses[-1] > loss(best_gap) + 1
    assert gaps[np.argmin(losses)] == pytest.approx(best_gap, abs=0.01)
    # a) never 0; c) the optimum is the smoothed target, not (1, 0, 0); d) KL ≥ 0 (Gibbs), so never below H(y)
    assert losses.min() > 0.2
    assert softmax(np.array([[best_gap, 0.0, 0.0]]))[0] == pytest.approx(target)
    rng = np.random.default_rng(0)
    for _ in range(200):
        p = softmax(3 * rng.standard_normal((1, 3)))[0]
        assert np.sum(target * np.log(target / p)) >= 0
    assert "question 6" in markdown("explore_md") and markdown("written_1_md").startswith("**Question 6")


def test_the_explorer_draws_the_sizes_of_the_gradients_on_a_log_scale():
    import matplotlib
    matplotlib.use("Agg")
    from nnlib.widgets.losses import loss_compute

    text = markdown("explore_md")
    assert "their sizes, on a log scale" in text and "the sign is that of $p - y$" in text
    data = loss_compute(0.5, 1, "p")
    sizes = np.abs(np.concatenate([data["dce_curve"], data["dmse_curve"]]))
    assert np.log10(sizes.max() / sizes.min()) > 5                            # "several powers of ten"
    assert np.all(np.sign(data["dce_curve"]) == np.sign(data["grid"] - 1))     # the sign of p − y
    assert np.all(np.sign(data["dmse_curve"]) == np.sign(data["grid"] - 1))
