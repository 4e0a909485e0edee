"""Lesson 06's prose against the numbers: every value the markdown quotes is recomputed here, independently of the
notebook's code (numpy, or the course library's reference functions), and must appear in the text. The momentum
analysis (characteristic roots, the rate √μ, critical damping, the best pair for a condition number) is recomputed
from the update equations, by simulation and by a brute-force search."""
import math
import re

import numpy as np
import pytest

from nnlib.optim import cosine_lr
from nnlib.widgets.race import RAVINE_CURVATURES, race_compute, race_explorer, race_path
from tests.notebooks.lessons import assert_numbers_in as says
from tests.notebooks.lessons import cell_sources, prose

LESSON = "06_optimizers"
RAVINE = "ravine (condition number 50)"
TURNED = "ravine turned by 45°"
FLAT, STEEP = RAVINE_CURVATURES


@pytest.fixture(scope="module")
def cells():
    return cell_sources(LESSON)


def heavy_ball(lr, curvature, mu, w0, steps):
    """torch's SGD with momentum on f(w) = curvature w² / 2, written out.  -> w_0..w_steps."""
    w, v, path = w0, 0.0, [w0]
    for _ in range(steps):
        v = mu * v + curvature * w
        w = w - lr * v
        path.append(w)
    return np.array(path)


def measured_rate(path):
    """The factor per step of the envelope of |w_t|, from the late part of a run."""
    late = np.abs(path[len(path) // 2:])
    peaks = [late[i:i + 40].max() for i in range(0, len(late) - 40, 40)]
    return (peaks[-1] / peaks[0]) ** (1 / (40 * (len(peaks) - 1)))


def nesterov_limit(mu):
    """The largest ηλ at which Nesterov's roots stay inside the unit circle, by bisection."""
    def stable(x):
        return np.abs(np.roots([1, -(1 + mu) * (1 - x), mu * (1 - x)])).max() < 1
    low, high = 0.5, 4.0
    for _ in range(60):
        middle = (low + high) / 2
        low, high = (middle, high) if stable(middle) else (low, middle)
    return low


def test_the_ravine_and_plain_gd(cells):
    text = cells["story_ravine_md"]
    says(text, f"{FLAT:g}", f"{STEEP:g}", f"{STEEP / FLAT:g}", f"{2 / STEEP:g}", f"{1 / STEEP:g}",
         f"{1 - FLAT / STEEP:.2f}", f"{math.log(100) / -math.log(1 - FLAT / STEEP):.0f}")
    assert "divides out the two curvatures" in text and "sign descent" in text
    assert "step length stays about" not in text


def test_rmsprop_converges_at_a_constant_rate_on_the_ravine(cells):
    """On the deterministic ravine RMSprop's slowly forgetting denominator acts as a nearly fixed preconditioner: its
    steps shrink with the gradient and it converges at η = 0.1; it wins the default race (section 2.1, item 1, Q5)."""
    path, losses = race_path(RAVINE, "RMSprop", lr_sgd=0.02, lr_adaptive=0.1, momentum=0.9, steps=100)
    steps = np.linalg.norm(np.diff(path, axis=0), axis=1)
    assert steps[0] > 1 and steps[98] < 1e-6 * steps[0] and losses[-1] < 1e-14
    assert race_compute(RAVINE, 0.02, 0.1, 0.9, 100)["winner"] == "RMSprop"
    assert "RMSprop does" in cells["explore_md"]
    answer = cells["written_1"].split("=== BEGIN MARK SCHEME ===")[0]
    assert "divides out $\\lambda_i$" in answer and "of about $\\eta$ whatever its curvature" not in answer


def test_the_effective_learning_rate_holds_deep_in_the_over_damped_regime(cells):
    mu, product = 0.9, 0.001
    assert product < (1 - math.sqrt(mu)) ** 2 / 2
    root = np.abs(np.roots([1, -(1 + mu - product), mu])).max()
    assert root == pytest.approx(1 - product / (1 - mu), abs=2e-3)
    # the simulated run shrinks at that rate
    assert measured_rate(heavy_ball(product, 1.0, mu, 1.0, 2000)) == pytest.approx(root, abs=1e-3)
    says(cells["story_momentum_roots_md"], f"{root:.4f}", f"{1 - product / (1 - mu):g}", f"{1 - product:g}",
         f"{(1 - math.sqrt(mu)) ** 2:.4f}", f"{product:g}")
    assert "over-damped" in cells["your_race_note"] and "over-damped" in cells["summary"]
    says(cells["written_1"], f"{(1 - math.sqrt(mu)) ** 2:.4f}")


def test_one_symbol_per_meaning(cells):
    """λ is a curvature (L stays the loss, μ is momentum), weight decay is λ_wd."""
    curvature_as_L = re.compile(r"\\eta\s*L\b|\$L = 50|2/L\b|1/L\b|= L/\\mu|\\mu = 1\$")
    for cell_id, text in cells.items():
        assert not curvature_as_L.search(text), f"cell {cell_id} writes a curvature as L or μ"
    for cell_id in ("story_adamw_md", "adamw_step_md", "q4_md", "summary"):
        assert r"\lambda_{\text{wd}}" in cells[cell_id]
        assert not re.search(r"\\eta\\lambda(?![_a-zA-Z])", cells[cell_id].split("heavy ball")[0])


def noise_floor(lr, mu, curvature=1.0, sigma=1.0):
    """The stationary mean of f = curvature w²/2 under heavy ball with gradient noise N(0, σ²): the variance of the
    AR(2) w_t = (1 + μ - ηλ) w_{t-1} - μ w_{t-2} - η ξ_t, times λ/2 (μ = 0 is plain SGD)."""
    variance = lr**2 * sigma**2 * (1 + mu) / (curvature * lr * (1 - mu) * (2 * (1 + mu) - curvature * lr))
    return curvature * variance / 2


def test_momentum_sums_the_noise_it_does_not_average_it(cells):
    """At equal η, momentum 0.9 raises the noise floor about tenfold; at equal η/(1 - μ) it matches plain SGD. Checked
    from the closed form and by simulation, and the prose of sections 2.1, 2.2, 2.8 and the summary says so."""
    sgd, momentum, sgd_effective = noise_floor(0.02, 0.0), noise_floor(0.02, 0.9), noise_floor(0.2, 0.0)
    assert sgd == pytest.approx(0.02 / (2 * (2 - 0.02)))
    assert 9 < momentum / sgd < 11 and momentum == pytest.approx(sgd_effective, rel=0.15)
    rng = np.random.default_rng(0)
    w, v, late = np.zeros(2000), np.zeros(2000), []
    for t in range(3000):
        v = 0.9 * v + w + rng.standard_normal(w.size)
        w = w - 0.02 * v
        if t >= 2000:
            late.append(np.mean(w**2 / 2))
    assert np.mean(late) == pytest.approx(momentum, rel=0.05)
    assert "raises the noise floor about tenfold" in cells["story_momentum_md"]
    assert "averages noise" not in cells["story_momentum_md"] and "Momentum does not average the noise away" in cells[
        "story_momentum_md"]
    assert "averaging gradients (momentum)" not in prose(LESSON, "story_ravine_md") and "Momentum does not" in cells[
        "story_ravine_md"]
    assert "zig-zags, noise" not in cells["summary"] and "not noise" in cells["summary"]
    code = cells["story_schedules"]
    assert '"momentum 0.9, constant η = 0.02": (np.full(n_steps, 0.02), 0.9)' in code
    assert '"constant η = 0.2": (np.full(n_steps, 0.2), 0.0)' in code


def test_no_cell_says_momentum_damps_the_zig_zag(cells):
    """The analysis (section 2.2) and question 5's rubric: at η = 1/λ_max momentum does not damp the zig-zag."""
    for cell_id in ("title", "story_ravine_md", "story_momentum_md", "summary"):
        text = cells[cell_id]
        assert "**damped**" not in text and "zig-zags cancel" not in text and "flips can cancel" not in text
        assert "zig-zags," not in text
    kappa = STEEP / FLAT
    tuned = (math.sqrt(kappa) - 1) / (math.sqrt(kappa) + 1)
    assert tuned == pytest.approx(1 - 2 / (math.sqrt(kappa) + 1))
    assert r"\sqrt{\mu^\star} = 1 - 2/(\sqrt\kappa + 1)" in cells["story_momentum_md"]
    assert r"\sqrt{\mu^\star} \approx 1 - 2/\sqrt\kappa" in cells["summary"]
    assert "momentum does not calm the steep direction" in prose(LESSON, "story_momentum_md")


def test_velocity_limits(cells):
    mu, v_const, v_flip = 0.9, [], []
    a = b = 0.0
    for k in range(40):
        a, b = mu * a + 1.0, mu * b + (-1.0) ** k
        v_const.append(a)
        v_flip.append(b)
    text = cells["story_momentum_md"]
    says(text, *(f"{v:g}" for v in np.round(v_const[:3], 3)), *(f"{v:g}" for v in np.round(v_flip[1:4], 3)),
         f"{1 / (1 - mu):g}", f"{1 / (1 + mu):.2f}")
    assert "calms the steep one" not in text.replace("suggest that momentum speeds up the flat direction (up to\n"
                                                     "$\\times 10$) and calms the steep one", "")


def test_the_characteristic_roots_on_the_ravine(cells):
    text = cells["story_momentum_roots_md"]
    lr, mu = 0.02, 0.9
    for curvature in (FLAT, STEEP):
        roots = np.roots([1, -(1 + mu - lr * curvature), mu])
        assert np.iscomplexobj(roots) and np.abs(roots) == pytest.approx([math.sqrt(mu)] * 2)
        # the simulated run shrinks at the rate the roots give
        path = heavy_ball(lr, curvature, mu, 1.0, 600)
        assert measured_rate(path) == pytest.approx(math.sqrt(mu), abs=0.01)
    says(text, f"{math.sqrt(mu):.3f}", f"{1 - lr * FLAT:.2f}", f"{lr / (1 - mu):g}", f"{1 - lr / (1 - mu) * FLAT:g}",
         f"{lr * FLAT:g}", f"{lr * STEEP:g}", f"{(1 - math.sqrt(mu)) ** 2:.4f}", f"{2 * (1 + mu):g}")
    # the under-damped range: complex roots exactly between (1 - √μ)² and (1 + √μ)²
    for x in np.geomspace(1e-4, 3.79, 200):
        complex_roots = (1 + mu - x) ** 2 < 4 * mu
        assert complex_roots == ((1 - math.sqrt(mu)) ** 2 < x < (1 + math.sqrt(mu)) ** 2)
    # plain GD at η = 1/λ_max lands on the floor in one step, momentum does not
    assert heavy_ball(1 / STEEP, STEEP, 0.0, 1.0, 1)[-1] == 0
    assert abs(heavy_ball(1 / STEEP, STEEP, mu, 1.0, 10)[-1]) > 0.1


def test_the_overshoot_of_w1_matches_the_course_library_and_the_text(cells):
    path, _ = race_path(RAVINE, "momentum", lr_sgd=0.02, lr_adaptive=0.1, momentum=0.9, steps=60)
    by_hand = heavy_ball(0.02, FLAT, 0.9, -4.5, 60)
    assert path[:, 0] == pytest.approx(by_hand, abs=1e-12)
    says(cells["written_1"], f"{by_hand.max():+.1f}", "-4.5")


def test_the_best_pair_for_the_condition_number(cells):
    kappa = STEEP / FLAT
    mu_best = ((math.sqrt(kappa) - 1) / (math.sqrt(kappa) + 1)) ** 2
    lr_best = 4 / (math.sqrt(STEEP) + math.sqrt(FLAT)) ** 2

    def worst_rate(lr, mu):
        return max(np.abs(np.roots([1, -(1 + mu - lr * c), mu])).max() for c in (FLAT, STEEP))

    grid_lr, grid_mu = np.linspace(0.03, 0.09, 121), np.linspace(0.3, 0.9, 121)
    rates = np.array([[worst_rate(lr, mu) for mu in grid_mu] for lr in grid_lr])
    i, j = np.unravel_index(np.argmin(rates), rates.shape)
    assert grid_lr[i] == pytest.approx(lr_best, abs=0.001) and grid_mu[j] == pytest.approx(mu_best, abs=0.01)
    assert rates[i, j] == pytest.approx(math.sqrt(mu_best), abs=0.005)
    gd_best = (kappa - 1) / (kappa + 1)
    assert max(abs(1 - 2 / (FLAT + STEEP) * c) for c in (FLAT, STEEP)) == pytest.approx(gd_best)
    text = cells["story_momentum_roots_md"]
    says(text, f"{mu_best:.2f}", f"{lr_best:.3f}", f"{math.sqrt(mu_best):.2f}", f"{gd_best:.2f}", f"{kappa:g}")
    says(cells["written_1"], f"{mu_best:.2f}", f"{lr_best:.3f}", f"{math.sqrt(mu_best):.2f}")
    says(cells["explore_md"], f"{mu_best:.2f}", f"{lr_best:.3f}")


def test_the_analysis_figure_draws_what_the_analysis_says(cells):
    code = cells["story_momentum_roots"]
    assert "np.roots([1.0, -(1 + mu - lr * curvature), mu])" in code
    assert 'race_path("ravine (condition number 50)"' in code and "np.sqrt(mu) ** steps" in code


def test_nesterov_and_heavy_ball_stability_limits(cells):
    mu = 0.9
    heavy = [x for x in np.linspace(3.7, 3.9, 2001) if np.abs(np.roots([1, -(1 + mu - x), mu])).max() < 1][-1]
    assert heavy == pytest.approx(2 * (1 + mu), abs=1e-3)
    assert nesterov_limit(mu) == pytest.approx(2 * (1 + mu) / (1 + 2 * mu), abs=1e-6)
    text = cells["story_nesterov_md"]
    v, g = 2.0, 1.0
    says(text, f"{mu * v + g:g}", f"{g + mu * (mu * v + g):g}", f"{2 * (1 + mu):g}", f"{nesterov_limit(mu):.2f}")


def test_nesterov_is_the_look_ahead_update_in_other_variables(cells):
    """torch's form run on w̃ = w − ημv equals the look-ahead form run on w, step by step (section 2.3)."""
    lr, mu, curvature = 0.05, 0.9, 3.0
    w, v = 1.0, 0.0                                   # look-ahead form: the gradient at w − ημv
    w_torch, v_torch = 1.0, 0.0                       # torch's form, started at the same (look-ahead) point
    for _ in range(50):
        v = mu * v + curvature * (w - lr * mu * v)
        w = w - lr * v
        g = curvature * w_torch
        v_torch = mu * v_torch + g
        w_torch = w_torch - lr * (g + mu * v_torch)
        assert v_torch == pytest.approx(v) and w_torch == pytest.approx(w - lr * mu * v)
    text = cells["story_nesterov_md"]
    assert r"\tilde{\mathbf w}_t = \mathbf w_t - \eta\mu\, \mathbf v_t" in text
    code = cells["story_nesterov"]
    assert "charpoly" in code and "np.roots" in code


def test_adagrad_and_rmsprop_numbers(cells):
    g = np.array([-4.5, 40.0])
    says(cells["story_adagrad_md"], *(f"{x:g}" for x in g**2), *(f"{x:g}" for x in np.sqrt(g**2)))
    alpha = 0.99
    text = cells["story_rmsprop_md"]
    says(text, f"{1 / (1 - alpha):.0f}", f"{1 - alpha:g}", f"{math.sqrt(1 - alpha):g}")
    assert "10\\,\\eta" in text


def test_adam_bias_correction_numbers(cells):
    beta1, beta2 = 0.9, 0.999

    def ratio(t):
        return (1 - beta1**t) / math.sqrt(1 - beta2**t)

    says(cells["story_adam_md"], f"{ratio(1):.2f}", f"{1 - beta1**50:.4f}", f"{1 - beta2**5000:.4f}")
    assert 1 - beta1**50 > 0.99 and 1 - beta2**5000 > 0.99 and 1 - beta2**500 < 0.9
    assert "a few hundred" not in cells["story_adam_md"]
    says(cells["story_adamw_md"], f"{ratio(1):.1f}", f"{ratio(10):.1f}", f"{ratio(100):.1f}", f"{ratio(1000):.2f}")


def test_adamw_shrink_numbers(cells):
    lr, decay, sizes = 1e-3, 1e-3, np.array([10.0, 0.01])
    coupled, decoupled = lr * decay / sizes, lr * decay
    text = cells["story_schedules_md"]
    for value in (*coupled, decoupled):
        assert f"10^{{{round(math.log10(value))}}}" in text
    says(text, f"{coupled.max() / coupled.min():.0f}")


def test_quiz_3_tells_linear_from_cosine(cells):
    text = cells["q3_md"]
    step = int(re.search(r"at step (\d+)", text).group(1))
    lr_max, warmup, total = 0.1, 100, 1000
    progress = (step - warmup) / (total - warmup)
    cosine = float(cosine_lr(step - warmup, lr_max, T_max=total - warmup))
    linear = lr_max * (1 - progress)
    no_offset = lr_max * (1 + math.cos(math.pi * step / total)) / 2
    assert cosine == pytest.approx(lr_max * (1 + math.cos(math.pi * progress)) / 2)
    assert abs(cosine - linear) > 0.005, "the step must tell a linear decay from the cosine"
    options = {letter: float(value) for letter, value in re.findall(r"\*\*([a-d])\)\*\* \$([\d.]+)\$", text)}
    right = [letter for letter, value in options.items() if abs(value - cosine) < 5e-4]
    assert right == ["b"] and '"b"' in cells["q3_hidden"]
    for wrong in (linear, no_offset, lr_max / 2):
        assert any(abs(value - wrong) < 5e-4 for value in options.values())


def test_quiz_1_and_2_keys(cells):
    assert 1 / (1 - 0.9) == pytest.approx(10) and "**c)** $10\\, \\eta\\, g$" in cells["q1_md"]
    says(cells["q2_md"], f"{0.01 * 0.1 / math.sqrt(0.001):.4f}")
    assert '"c"' in cells["q1_hidden"] and '"b"' in cells["q2_hidden"]


def test_question_5_numbers_come_from_the_race(cells):
    axis = race_compute(RAVINE, 0.02, 0.1, 0.9, 100)["final"]
    turned = race_compute(TURNED, 0.02, 0.1, 0.9, 100)["final"]
    for runner in ("SGD", "momentum"):
        assert axis[runner] == pytest.approx(turned[runner], rel=1e-9)
    assert 1e-16 < axis["RMSprop"] < 1e-14 and 1e-3 < turned["RMSprop"] < 1e-1
    text = cells["written_1_md"]
    says(text, f"{axis['SGD']:.2f}")
    assert f"{axis['momentum']:.0e}".startswith("2e-04") and r"2 \cdot 10^{-4}" in text


def test_the_model_answer_and_rubric_use_the_roots(cells):
    text = cells["written_1"]
    lr, mu = 0.02, 0.9
    says(text, f"{1 + mu - lr * FLAT:.2f}", f"{(1 + mu - lr * FLAT) ** 2:.2f}", f"{4 * mu:g}", f"{math.sqrt(mu):.3f}",
         f"{1 - lr * FLAT:.2f}", f"{1 + mu - lr * STEEP:g}")
    answer, rubric = text.split("=== BEGIN MARK SCHEME ===")
    assert "shrinks by\nabout $1 - 0.2 = 0.8$ per step" not in answer and "factor near 0.8" not in rubric.replace(
        "A factor near 0.8, \"ten times faster\" or\n\"an effective rate $\\eta/(1-\\mu) = 0.2$\" as the per-step factor "
        "earns nothing", "")
    assert "earns nothing for this half" in rubric


@pytest.fixture()
def explorer():
    return race_explorer()


def test_explorer_instruction_2_at_0_05_sgd_and_nesterov_diverge_heavy_ball_survives(cells, explorer):
    explorer.set(lr_sgd=0.05)
    diverged = explorer.data["diverged"]
    assert diverged["SGD"] and diverged["Nesterov"] and not diverged["momentum"]
    assert 0.05 * STEEP > 2 and 0.05 * STEEP < 2 * 1.9 and 0.05 * STEEP > nesterov_limit(0.9)
    assert "from 0.02 to 0.05" in cells["explore_md"]
    assert "diverged once its loss ends more than ten times above where it started" in prose(LESSON, "explore_md")


def test_explorer_instruction_3_the_best_pair_wins_the_race(cells, explorer):
    slider = explorer.controls["lr_sgd"]
    reachable = 10 ** np.arange(slider.min, slider.max + 1e-9, slider.step)
    nearest = reachable[np.argmin(np.abs(reachable - 0.06))]
    assert abs(nearest - 0.06) < 0.001, "the slider must reach η = 0.06"
    explorer.set(lr_sgd=float(nearest), momentum=0.57)
    data = explorer.data
    assert data["winner"] == "momentum" and data["final"]["momentum"] < 1e-18
    assert data["diverged"]["SGD"] and data["diverged"]["Nesterov"]
    # the readout "0.06" may also be the next slider value down; the claim holds there too
    below = reachable[reachable < nearest][-1]
    assert f"{below:.2g}" == "0.059" and race_compute(RAVINE, below, 0.1, 0.57, 100)["final"]["momentum"] < 1e-18
    assert "Set $\\mu = 0.57$ and $\\eta$ of the SGD family to $0.06$" in prose(LESSON, "explore_md")
    assert "below $10^{-18}$ within 100 steps" in prose(LESSON, "explore_md")
    explorer.set(momentum=0.9)
    assert explorer.data["final"]["momentum"] > 1e3 * data["final"]["momentum"]


def test_explorer_instruction_6_adams_first_moment_follows_the_bend(cells, explorer):
    """On Rosenbrock at η (adaptive) = 0.32 Adam wins; with β₁ = 0 its own loss grows more than a hundredfold, and the
    same slider turns momentum and Nesterov into SGD. Checked at the slider values on either side of 0.3 too."""
    slider = explorer.controls["lr_adaptive"]
    reachable = 10 ** np.arange(slider.min, slider.max + 1e-9, slider.step)
    nearest = reachable[np.argmin(np.abs(reachable - 0.32))]
    assert f"{nearest:.2g}" == "0.32"
    explorer.set(surface="Rosenbrock")
    explorer.set(lr_adaptive=float(nearest))
    data = explorer.data
    assert data["winner"] == "Adam" and 5e-5 < data["final"]["Adam"] < 5e-4
    explorer.set(momentum=0.0)
    without = explorer.data["final"]
    assert without["Adam"] > 100 * data["final"]["Adam"]
    assert without["momentum"] == pytest.approx(without["SGD"])
    assert without["Nesterov"] == pytest.approx(without["SGD"], rel=0.01)
    for lr_adaptive in (reachable[reachable < 0.3][-1], 0.3):
        with_moment = race_compute("Rosenbrock", 0.001, lr_adaptive, 0.9, 500)["final"]["Adam"]
        without_moment = race_compute("Rosenbrock", 0.001, lr_adaptive, 0.0, 500)["final"]["Adam"]
        assert with_moment < 5e-4 and without_moment > 100 * with_moment
    text = cells["explore_md"]
    assert "set $\\eta$ of RMSprop and Adam to 0.32" in text and "near $10^{-4}$" in text
    assert "more than a hundredfold" in text and "Does it still win?" not in text


def test_the_spirals_race_effective_rate(cells):
    says(cells["your_race_md"], f"{0.03 / (1 - 0.9):.1f}")
    assert "update functions and `compare_optimizers`" in cells["your_race_md"] and "seven" not in cells["your_race_md"]
    assert '"momentum 0.9, η = 0.03": ("momentum", {"lr": 0.03, "momentum": 0.9})' in cells["your_race"]


def test_a_schedule_rescues_the_bold_rate_on_the_spirals(cells):
    """Rerun section 2.8's network runs with the course library: every scheduled run ends below every constant one,
    and a constant run can stall at ln 3, the loss of uniform predictions over 3 classes."""
    from nnlib.data import make_spirals
    from nnlib.layers import MLP
    from nnlib.losses import softmax_cross_entropy
    from nnlib.optim import Scheduler, linear_warmup, make_optimizer
    from nnlib.train import fit

    X, y = make_spirals(n_samples=300, n_classes=3, noise=0.2, rng=1)

    def schedule(epoch, lr0):
        return linear_warmup(epoch, lr0, 5, start_factor=0.0) if epoch < 5 else cosine_lr(epoch - 5, lr0, T_max=55)

    def cosine_only(epoch, lr0):
        return cosine_lr(epoch, lr0, T_max=60)

    def warmup_only(epoch, lr0):
        return linear_warmup(epoch, lr0, 5, start_factor=0.0) if epoch < 5 else lr0

    final, histories, dead = {}, {}, {}
    for name, chosen in (("constant", None), ("scheduled", schedule), ("cosine only", cosine_only),
                         ("warm-up only", warmup_only)):
        final[name] = []
        for seed in range(3):
            model = MLP([2, 32, 32, 3], rng=seed)
            optimizer = make_optimizer("momentum", model.params, lr=0.3, momentum=0.9)
            history = fit(model, X, y, optimizer, epochs=60, batch_size=32, rng=np.random.default_rng(seed),
                          scheduler=None if chosen is None else Scheduler(optimizer, chosen), progress=False)
            final[name].append(softmax_cross_entropy(model.forward(X), y)[0])
            histories[name, seed] = np.array(history["loss"])
            dead[name, seed] = int(np.all(model.hidden_outputs[1] == 0, axis=0).sum())
    assert max(final["scheduled"]) < min(final["constant"])
    assert max(final["constant"]) == pytest.approx(math.log(3), abs=0.02)
    # the ablation: the decay alone settles every run, the warm-up alone does not
    decayed = final["scheduled"] + final["cosine only"]
    assert max(final["cosine only"]) < min(final["constant"]) and min(final["warm-up only"]) > max(decayed)
    # the stalled run had learned first, then a jump mid-training killed every ReLU of layer 2
    stalled = int(np.argmax(final["constant"]))
    losses = histories["constant", stalled]
    assert losses[:30].min() < 0.2 and 15 <= int(np.argmax(losses)) + 1 <= 25 and dead["constant", stalled] == 32
    note = cells["story_schedule_network_note"]
    says(note, f"{math.log(3):.2f}", f"{losses[:30].min():.2f}")
    assert "every ReLU of the second layer" in note and "bad early jump" not in note
    assert "The **decay** does" in note and "does not need a warm-up" in note
    says(cells["story_schedule_network_md"], "0.3", "0.9", "60", "32", "5")
    assert "a jump after about 20 epochs" in note


def test_the_story_warm_up_uses_exercise_6s_convention(cells):
    """Section 2.8's warm-up starts at rate 0 at epoch 0, as exercise 6's warm-up does at step 0 (its grader calls
    lr_max (s + 1) / W "one step ahead")."""
    from nnlib.optim import linear_warmup

    code = cells["story_schedule_network"]
    assert "linear_warmup(epoch + 1" not in code and code.count("linear_warmup(epoch, lr0, warmup_epochs") == 2
    assert [float(linear_warmup(e, 0.3, 5, start_factor=0.0)) for e in range(5)] == pytest.approx(
        [0.3 * e / 5 for e in range(5)])
    assert "one step ahead" in cells["warmup_cosine_lr_visible"]
    assert "epoch 0 runs at rate 0" in cells["story_schedule_network_md"]


def test_exercise_8_example(cells):
    text = cells["momentum_rate_md"]
    for curvature in (FLAT, STEEP):
        assert np.abs(np.roots([1, -(1 + 0.9 - 0.02 * curvature), 0.9])).max() == pytest.approx(math.sqrt(0.9))
    assert np.abs(np.roots([1, -(1 - 0.02 * FLAT), 0.0])).max() == pytest.approx(0.98)
    says(text, f"{math.sqrt(0.9):.4f}", "0.98", f"{FLAT:g}", f"{STEEP:g}")


def test_explorer_instructions_1_and_5_mu_zero_and_rosenbrock_spikes(cells):
    plain = race_compute(RAVINE, 0.02, 0.1, 0.0, 100)["final"]
    assert plain["momentum"] == pytest.approx(plain["SGD"]) and plain["Nesterov"] == pytest.approx(plain["SGD"], rel=0.01)

    def spikes(lr_adaptive):
        losses = race_compute("Rosenbrock", 0.001, lr_adaptive, 0.9, 500)["losses"]["RMSprop"]
        return int(np.sum(losses[1:] > 3 * losses[:-1]))

    assert spikes(0.3) > 0 and spikes(0.01) == 0
    assert "up to 0.3 and down to 0.01, and watch RMSprop's spikes" in cells["explore_md"]
