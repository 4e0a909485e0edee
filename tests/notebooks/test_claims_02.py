"""Lesson 02: every number the prose of the source notebook states is recomputed here, independently of the
notebook's own cells (numpy, the course library and its data), and must agree with the text to the precision it is
written in.
"""
import ast
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
from tests.notebooks.lessons import load, source_path

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
    # each loss is −ln of the probability as written, and of the exact one
    check_numbers(text, r"the loss is \$-\\ln (0\.6590 = [\d.]+)\$", [p[0], -np.log(p[0])])
    check_numbers(text, r"the loss is \$-\\ln (0\.0986 = [\d.]+)\$", [p[2], -np.log(p[2])])
    for written_p, written_loss in (stated(text, r"class is 0, the loss is (\$.*?\$)"),
                                     stated(text, r"class is 2, the loss is (\$.*?\$)")):
        assert agrees(written_loss, -np.log(float(written_p)))
    assert "the cell below prints them" in text
    cell = code("story_ce")
    assert "logits (2.0, 1.0, 0.1): p = (" in cell and "for true class 2: {-np.log(probs[0, 2]):.3f}" in cell
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
    assert re.search(r"\\ln \\sum_\{j=0\}\^\{C-1\} e\^\{z_j\}\s*\\ge\s*\\ln C \+ \\frac\{1\}\{C\} \\sum", text)
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


def test_written_question_6_asks_for_the_argument_of_section_2_7_on_the_other_side():
    """Question 6 is not section 2.7 again: a confident mistake on class 0 (y = 0, p = 0.995). Every number of the
    question, the model answer and the mark scheme is recomputed."""
    question, answer = markdown("written_1_md"), markdown("written_1")
    check_numbers(question, r"class 1 \((\$p = [\d.]+\$ for\s+\$y = \d\$)\)", [0.01, 1])  # section 2.7's case
    check_numbers(markdown("story_accuracy_md"), r"(say \$p = [\d.]+\$ for \$y = \d\$)", [0.01, 1])
    check_numbers(question, r"outputs \$p = \\sigma\(z\) = ([\d.]+)\$", [0.995])
    check_numbers(question, r"true\s+label is \$y = (\d)\$", [0])
    p, y = 0.995, 0.0
    squared_error, cross_entropy = (p - y) ** 2, -np.log(1 - p)                   # the true class 0 gets 1 − p
    slope_squared, slope_cross_entropy = 2 * (p - y) * p * (1 - p), p - y          # with respect to z
    ratio = slope_cross_entropy / slope_squared
    check_numbers(answer, r"The true class 0 gets \$1 - p = ([\d.]+)\$", [1 - p])
    check_numbers(answer, r"Squared error: \$(.*?)\$\.", [p, y, 2, squared_error])
    check_numbers(answer, r"-\\ln\(1 - p\) = (-\\ln [\d.]+ = [\d.]+)\$", [1 - p, cross_entropy])
    check_numbers(answer, r"= (2 \\cdot .*? \\approx [\d.]+)\$", [2, p - y, p, 1 - p, slope_squared])
    check_numbers(answer, r"cross-entropy \$p - y = ([\d.]+)\$, about", [slope_cross_entropy])
    check_numbers(answer, r"about\s+([\d.]+) times larger", [ratio])
    assert slope_squared > 0 and slope_cross_entropy > 0                            # "Both are positive"
    assert "Both are positive, so training lowers $z$, towards class 0" in answer
    assert 90 < ratio < 110                                                         # "about a hundred times faster"
    check_numbers(answer, r"derivative \$p\(1 - p\)\$, which is as small near \$p = 1\$ as near \$p = 0\$ "
                          r"\(here \$([\d.]+)\$\)", [p * (1 - p)])
    # swapping the classes: p' = 1 − p for y' = 1 gives the same losses and slopes of opposite sign
    check_numbers(answer, r"turns this\s+sample into (\$p = [\d.]+\$ for \$y = \d\$)", [1 - p, 1])
    q = 1 - p
    assert ((q - 1) ** 2, -np.log(q)) == pytest.approx((squared_error, cross_entropy))
    assert (2 * (q - 1) * q * (1 - q), q - 1) == pytest.approx((-slope_squared, -slope_cross_entropy))
    # the mark scheme
    check_numbers(answer, r"both losses \((.*?); accept", [squared_error, cross_entropy])
    check_numbers(answer, r"accept (.*?), or ln", [squared_error, cross_entropy])
    check_numbers(answer, r"or ln (\d+)\)", [1 / (1 - p)])
    assert np.log(200) == pytest.approx(cross_entropy)
    check_numbers(answer, r"computed as -ln p = ([\d.]+) \(the term of y = 1\)", [-np.log(p)])
    check_numbers(answer, r"about ([\d.]+ \(or [\d.]+\)) for the squared error", [slope_squared, slope_squared])
    check_numbers(answer, r"and ([\d.]+) for the cross-entropy, positive", [slope_cross_entropy])
    check_numbers(answer, r"respect to p instead of z \((.*?)\)", [2 * (p - y), (p - y) / (p * (1 - p))])
    p_old, y_old = 0.01, 1.0
    check_numbers(answer, r"Section 2\.7's numbers \((.*?)\)", [2 * (p_old - y_old) * p_old * (1 - p_old),
                                                                 p_old - y_old])
    cell = [c for c in load(source_path(LESSON))["cells"] if c["id"] == "written_1"][0]
    assert cell["metadata"]["nbgrader"]["points"] == 2 and cell["metadata"]["nbgrader"]["grade_id"] == "written_1"
    parts = [float(points) for points in re.findall(r"Part \d \(([\d.]+) points?\)", answer.replace("½", "0.5"))]
    assert len(parts) == 3 and sum(parts) == 2, parts  # the mark scheme's parts add up to the cell's points


def test_written_question_6_part_3_where_the_squared_error_pushes_hardest():
    """Part 3 goes beyond section 2.7's table: for y = 1 the squared error's slope with respect to z,
    2(p − 1) p (1 − p), is largest in size at p = 1/3 (8/27), while the cross-entropy's, p − 1, grows to 1 at p = 0."""
    question, answer = markdown("written_1_md"), markdown("written_1")
    assert "3. Back to $y = 1$" in question
    p = np.linspace(0, 1, 300001)
    squared_slope = 2 * (p - 1) * p * (1 - p)
    assert squared_slope == pytest.approx(-2 * p * (1 - p) ** 2)
    largest = np.argmax(np.abs(squared_slope))
    assert p[largest] == pytest.approx(1 / 3, abs=1e-5) and abs(squared_slope[largest]) == pytest.approx(8 / 27)
    check_numbers(answer, r"which is 0 at \$p = (\d+/\d+)\$", [1, 3])
    check_numbers(answer, r"\$g\(1/3\) = (8/27 \\approx [\d.]+)\$", [8, 27, abs(squared_slope[largest])])
    check_numbers(answer, r"for p = 1/3 together with the size (8/27 ≈ [\d.]+)", [8, 27, 8 / 27])
    g = 2 * p * (1 - p) ** 2                                    # g'(p) = 2 (1 − p)(1 − 3p), as the answer says
    assert np.gradient(g, p)[1:-1] == pytest.approx((2 * (1 - p) * (1 - 3 * p))[1:-1], abs=1e-4)
    assert abs(squared_slope[0]) == 0 and abs(squared_slope[-1]) == 0   # 0 at p = 0 and at p = 1
    cross_entropy_slope = p - 1
    assert np.all(np.diff(np.abs(cross_entropy_slope)) < 0) and abs(cross_entropy_slope[0]) == 1  # grows to 1


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
    check_numbers(text, r"at \$p = 1/e \\approx ([\d.]+)\$", [1 / np.e])
    assert -np.log(1 / np.e) == pytest.approx(1)
    above, below = (float(w) for w in stated(text, r"passes 1 between (\$p = [\d.]+\$ and \$[\d.]+\$)"))
    assert -np.log(above) < 1 < -np.log(below) and above - below == pytest.approx(0.001)
    # "The title shows it to four decimals": there the two positions read below and above 1
    from nnlib.widgets.losses import loss_compute, loss_describe
    assert "The title shows it to four decimals" in text
    for p, shown in ((above, f"{-np.log(above):.4f}"), (below, f"{-np.log(below):.4f}")):
        assert f"cross-entropy {shown}," in loss_describe(loss_compute(p, 1, "p"), None)
    assert float(f"{-np.log(above):.4f}") < 1 < float(f"{-np.log(below):.4f}")
    assert "that is section 2.7's case" in text and "question 6 carries it to a mistake on the other side" in text
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

    # off the kink: class 0 leads both others by more than Δ = 1, so the loss and its gradient are 0
    assert "exactly 0 once every other class is at least $\\Delta$ behind" in text
    example = np.array([2.5, 1.0, 0.1])
    check_numbers(text, r"For the logits \$\((.*?)\)\$ with true\s+class 0", example)
    check_numbers(text, r"the other classes are (\$[\d.]+\$ and \$[\d.]+\$) behind", example[0] - example[1:])
    check_numbers(text, r"behind, more than \$\\Delta = (\d)\$", [1])
    assert np.all(example[0] - example[1:] > 1) and hinge(example, 0) == 0.0
    h = 1e-3
    for k in range(3):
        for step in (h, -h):
            bumped = example.copy()
            bumped[k] += step
            assert hinge(bumped, 0) == 0.0                                  # the gradient is exactly 0
    check_numbers(text, r"the cross-entropy, \$([\d.]+)\$, still pushes", [-log_softmax(example[None], axis=1)[0, 0]])
    # the lesson's logits sit on the kink: 0 there, one-sided slopes 0 and 1 with respect to z_1
    check_numbers(text, r"lesson's logits \$\((.*?)\)\$ put class 1 exactly", logits)
    assert logits[0] - logits[1] == 1.0 and hinge(logits, 0) == 0.0
    right = (hinge(logits + [0, h, 0], 0) - hinge(logits, 0)) / h
    left = (hinge(logits, 0) - hinge(logits - [0, h, 0], 0)) / h
    assert (left, right) == pytest.approx((0, 1))
    check_numbers(text, r"jumps (from \d to \d)\.\)", [0, 1])
    check_numbers(text, r"With true class 2, those logits cost\s+\$(.*?)\$\.",
                  [logits[0], logits[2], 1, logits[1], logits[2], 1, hinge(logits, 2)])


def test_the_hinge_table_labels_its_cases_truly():
    """Each row of section 2.8's table says how far the true class leads; the logits it prints must agree."""
    cell = code("story_entropy_hinge")
    namespace = {"np": np}
    for line in re.findall(r"^(?:sample_logits|hinge_example) = np\.array\(\[.*?\]\)", cell, flags=re.M):
        exec(line, namespace)
    cases = re.findall(r'\("([^"]+)", (.+?), (\d)\)', cell.split("for case, z, label in")[1].split("]:")[0] + "]")
    assert len(cases) == 5
    previous = None
    for label_text, expression, label in cases:
        z, label = eval(expression, namespace), int(label)
        lead = z[label] - np.max(np.delete(z, label))
        if "10 times more confident" in label_text:
            assert np.array_equal(z, 10 * previous[0]) and label == previous[1]
        elif "ahead by more than 1" in label_text:
            assert lead > 1
        elif "ahead by exactly 1" in label_text:
            assert lead == 1
        elif "ahead by less than 1" in label_text:
            assert 0 < lead < 1
        else:
            assert label_text == "wrong" and lead < 0
        previous = (z, label)


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


def test_what_the_check_at_initialization_catches_and_what_it_cannot():
    """Section 2.6: with a small last layer the loss before training is ln C; a sum, the wrong axis, a missing minus
    sign and the wrong log base move it far off, labels that do not belong to their rows do not."""
    text = markdown("story_sanity_md")
    check_numbers(text, r"a last layer (\d+) times too large", [20])
    check_numbers(text, r"a small last layer \(× ([\d.]+)\)", [0.01])
    assert "It catches mistakes in how the loss is computed" in text and "It cannot catch **labels" in text
    X, y = load_digits()
    net = MLP([64, 32, 10], rng=0)
    net.params["W2"] = 0.01 * net.params["W2"]
    logits = net(X)
    N, C = logits.shape
    rows = np.arange(N)
    log_p = log_softmax(logits, axis=1)[rows, y]
    right = -np.mean(log_p)
    assert abs(right - np.log(C)) < 0.03                                         # "a few hundredths"
    assert -np.sum(log_p) == pytest.approx(N * np.log(C), rel=1e-3)              # a sum: N ln C
    assert -np.mean(log_softmax(logits, axis=0)[rows, y]) == pytest.approx(np.log(N), abs=0.01)  # about ln N
    assert np.mean(log_p) == pytest.approx(-np.log(C), abs=0.03)                 # no minus sign: −ln C
    log10_loss = -np.mean(log_p / np.log(10))
    check_numbers(text, r"gives \$\\log_\{10\} C\$ \((\d+) for ten classes\)", [np.log10(10)])
    assert log10_loss == pytest.approx(np.log10(C), abs=0.01)
    # labels that do not belong to their rows, shuffled or shifted by one row, cost ln C all the same
    for wrong_labels in (np.random.default_rng(0).permutation(y), np.roll(y, 1)):
        assert -np.mean(log_softmax(logits, axis=1)[rows, wrong_labels]) == pytest.approx(np.log(C), abs=0.01)
    # "typically": logits that favour the true class without winning start below ln C at 0 % accuracy
    assert "Only a random network" not in text and "typically starts *below*" in text
    counterexample = np.array([[0.9, 1.0] + [-10.0] * 8])
    loss = -log_softmax(counterexample, axis=1)[0, 0]
    assert loss < np.log(10) and np.argmax(counterexample) != 0


def test_the_float32_rule_of_the_exercise_intro_is_what_the_checks_demand():
    from nnlib.grading import _tolerances

    text = markdown("exercises_intro")
    check_numbers(text, r"a relative error of\s+\$(2 \\times 10\^\{-4\})\$", [2, 10, -4])
    check_numbers(text, r"float64 input is checked to a relative error of \$(10\^\{-6\})\$", [10, -6])
    assert "It may return float32" in text and "or float64: both pass" in text
    assert _tolerances(np.array(1.0), None, None)[0] == 1e-6                    # the checks' float64 default
    float32_rtols, other_rtols = [], []
    for cell in load(source_path(LESSON))["cells"]:
        if not cell["metadata"].get("nbgrader", {}).get("grade") or cell["cell_type"] != "code":
            continue
        source = "".join(cell["source"])
        for call in ast.walk(ast.parse(source)):
            if not (isinstance(call, ast.Call) and getattr(call.func, "id", "") in ("check_function", "check_close")):
                continue
            keywords = {keyword.arg: ast.get_source_segment(source, keyword.value) for keyword in call.keywords}
            if "rtol" in keywords:
                float32 = "float32" in keywords.get("name", "")
                (float32_rtols if float32 else other_rtols).append(float(keywords["rtol"]))
    assert len(float32_rtols) >= 5 and set(float32_rtols) == {2e-4}
    assert all(rtol <= 1e-6 for rtol in other_rtols)


def exercise_numbers(statement):
    """{1, 3, 4, 5, 6} from "1 and 3 to 6"."""
    numbers = set()
    for part in re.split(r",\s*|\s+and\s+", statement):
        ends = [int(n) for n in re.findall(r"\d+", part)]
        numbers |= set(range(ends[0], ends[-1] + 1))
    return numbers


def test_your_losses_names_every_exercise_its_cell_uses():
    exercises = {}
    for cell in load(source_path(LESSON))["cells"]:
        found = re.match(r"### Exercise (\d) · `(\w+)\(", "".join(cell["source"]))
        if found:
            exercises[found.group(2)] = int(found.group(1))
    assert len(exercises) == 6
    cell = code("your_losses")
    used = {name for name in exercises if re.search(rf"\b{name}\(", cell)}
    if "cross_entropy" in used:
        used.add("log_softmax")                             # exercise 5 is built on exercise 4
    stated_numbers = re.search(r"works once exercises (.*?) pass", markdown("your_losses_md"), flags=re.S).group(1)
    assert exercise_numbers(stated_numbers) == {exercises[name] for name in used}


def test_which_loss_for_which_task():
    text = markdown("story_tasks_md")
    readings = np.array([3.0, 3.2, 2.9, 3.1, 30.0])
    check_numbers(text, r"the last one a glitch: \$y = \((.*?)\)\$", readings)
    check_numbers(text, r"smallest at the mean, \$c = ([\d.]+)\$", [np.mean(readings)])
    check_numbers(text, r"smallest at the median, \$c = ([\d.]+)\$", [np.median(readings)])

    def huber_slope(c, delta):                                 # d/dc of the mean Huber loss: increasing in c
        return np.mean(np.clip(c - readings, -delta, delta))

    low, high = readings.min(), readings.max()                 # bisection on the slope, independent of the cell's grid
    for _ in range(100):
        middle = (low + high) / 2
        low, high = (middle, high) if huber_slope(middle, 1.0) < 0 else (low, middle)
    check_numbers(text, r"With \$\\delta = (\d)\$ it is smallest", [1])
    check_numbers(text, r"it is smallest at \$c = ([\d.]+)\$, close to the good readings", [low])
    assert np.all(np.abs(low - readings[:4]) <= 1)             # the good readings in the square's part
    # the summary: "an outlier's pull is bounded: slope at most 1 for the MAE, delta for Huber", however far it lies
    assert "slope at most 1 for the MAE, $\\delta$ for Huber" in markdown("summary")
    errors, delta = np.linspace(-1e6, 1e6, 200001), 1.5
    huber = np.where(np.abs(errors) <= delta, errors ** 2 / 2, delta * (np.abs(errors) - delta / 2))
    assert np.max(np.abs(np.gradient(np.abs(errors), errors))) == pytest.approx(1)
    assert np.max(np.abs(np.gradient(huber, errors))) == pytest.approx(delta)
    # multi-class against multi-label, on the logits (2.0, 1.0, 0.1)
    logits = np.array([2.0, 1.0, 0.1])
    probs = softmax(logits[None])[0]
    check_numbers(text, r"The logits \$\((.*?)\)\$\s+once more", logits)
    check_numbers(text, r"of class 0: softmax \$\((.*?)\)\$", probs)
    assert probs.sum() == pytest.approx(1)
    check_numbers(text, r"sums to 1, and the loss \$([\d.]+)\$;",
                  [softmax_cross_entropy(logits[None], np.array([0]))[0]])
    tags = np.array([1.0, 1.0, 0.0])
    check_numbers(text, r"target \$\((.*?)\)\$: sigmoids", tags)
    sigmoids = 1 / (1 + np.exp(-logits))
    per_tag = -(tags * np.log(sigmoids) + (1 - tags) * np.log(1 - sigmoids))
    check_numbers(text, r"sigmoids\s+\$\((.*?)\)\$", sigmoids)
    check_numbers(text, r"need not sum to 1 \(here ([\d.]+)\)", [sigmoids.sum()])
    check_numbers(text, r"\(here [\d.]+\), and the loss\s+\$(.*?)\$\.", [*per_tag, 3, per_tag.mean()])
    # "exercise 3 applied to logits and 0/1 targets of shape (N, C)": the reference gives the same number
    from nnlib.losses import binary_cross_entropy_with_logits
    assert binary_cross_entropy_with_logits(logits[None], tags[None])[0] == pytest.approx(per_tag.mean())
    assert "predict every label whose $p > 0.5$" in text
