"""nnlib.widgets.race: the surface, the learning rates, μ/β₁ and the step count change the race that is drawn, and the
title says who wins and what changed.

Driven in Python without a browser: setting a control's value fires the same callback as a student's click.
"""
import time

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402
import pytest  # noqa: E402

from nnlib.optim import SGD, Adam  # noqa: E402
from nnlib.plots import PALETTE  # noqa: E402
from nnlib.widgets.race import (RUNNERS, SURFACES, has_diverged, race_explorer, race_path,  # noqa: E402
                                ravine_gradient, rosenbrock, rosenbrock_gradient, turned_ravine,
                                turned_ravine_gradient)
from tests.lib.widget_checks import (check_moves_are_blitted_as_drawn, check_redraws_are_fast,  # noqa: E402
                                     check_sliders_follow_the_hand, check_text_is_readable)

pytestmark = pytest.mark.filterwarnings("error")

PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"
RAVINE, TURNED, ROSENBROCK = list(SURFACES)


@pytest.fixture
def explorer():
    yield race_explorer()
    plt.close("all")


def drawn_path(explorer, runner):
    """The (x, y) data of a runner's path on the left panel."""
    line = next(l for l in explorer.figure.axes[0].lines if l.get_label() == runner)
    return np.column_stack([line.get_xdata(), line.get_ydata()])


def drawn_losses(explorer, runner):
    line = next(l for l in explorer.figure.axes[1].lines if l.get_label().startswith(runner + ":"))
    return np.asarray(line.get_ydata())


def suptitle(explorer):
    """The figure's title with its line wrapping undone (the figure wraps a long title to fit)."""
    return explorer.figure._suptitle.get_text().replace("\n", " ")


def shown_final_losses(explorer):
    """The entries of the loss panel's legend, the key of both panels' colours."""
    return [text.get_text() for text in explorer.figure.axes[1].get_legend().get_texts()]


def numerical_gradient(f, w, h=1e-6):
    w = np.asarray(w, dtype=np.float64)
    return np.array([(f(w + h * e) - f(w - h * e)) / (2 * h) for e in np.eye(2)])


@pytest.mark.parametrize("surface", list(SURFACES))
def test_each_surface_gradient_matches_finite_differences(surface):
    spec = SURFACES[surface]
    for w in ([0.3, -0.7], [-1.2, 1.0], [1.5, 2.0]):
        np.testing.assert_allclose(spec["gradient"](np.array(w)), numerical_gradient(spec["loss"], w), rtol=1e-6,
                                   atol=1e-6)
    assert spec["loss"](np.array(spec["minimum"])) == pytest.approx(0.0, abs=1e-12)


def test_the_turned_ravine_is_the_ravine_rotated():
    w = np.array([0.4, -1.3])
    turn = np.array([[1.0, -1.0], [1.0, 1.0]]) / np.sqrt(2)
    assert turned_ravine(turn @ w) == pytest.approx(0.5 * (w[0] ** 2 + 50 * w[1] ** 2))
    np.testing.assert_allclose(turned_ravine_gradient(turn @ w), turn @ ravine_gradient(w))
    assert rosenbrock(np.array([1.0, 1.0])) == 0 and np.allclose(rosenbrock_gradient(np.array([1.0, 1.0])), 0)


def test_first_picture_is_the_ravine_race_drawn_from_the_reference_optimizers(explorer):
    assert explorer.png.startswith(PNG_SIGNATURE)
    assert set(explorer.controls) == {"surface", "lr_sgd", "lr_adaptive", "momentum", "steps"}
    assert len(explorer.figure.axes) == 2
    v = explorer.values
    # momentum's path is torch's SGD(momentum=0.9) on the ravine's gradient
    params = {"w": np.array(SURFACES[RAVINE]["start"], dtype=np.float64)}
    optimizer = SGD(params, lr=v["lr_sgd"], momentum=v["momentum"])
    expected = [params["w"].copy()]
    for _ in range(v["steps"]):
        optimizer.step({"w": ravine_gradient(params["w"])})
        expected.append(params["w"].copy())
    np.testing.assert_allclose(explorer.data["paths"]["momentum"], expected)
    for runner in RUNNERS:
        assert len(drawn_losses(explorer, runner)) == v["steps"] + 1
    assert explorer.data["title"] == suptitle(explorer)
    assert explorer.data["title"].startswith(f"{explorer.data['winner']} wins")


def test_each_runner_has_its_own_colour_and_momentum_and_nesterov_are_not_two_blues(explorer):
    colours = {runner: next(l for l in explorer.figure.axes[0].lines if l.get_label() == runner).get_color()
               for runner in RUNNERS}
    assert len(set(colours.values())) == len(RUNNERS)
    blues = {PALETTE[0], PALETTE[4]}
    assert not (colours["momentum"] in blues and colours["Nesterov"] in blues)


def test_adam_uses_the_momentum_slider_as_beta1():
    path, _ = race_path(ROSENBROCK, "Adam", lr_sgd=1e-3, lr_adaptive=0.05, momentum=0.5, steps=20)
    params = {"w": np.array(SURFACES[ROSENBROCK]["start"], dtype=np.float64)}
    optimizer = Adam(params, lr=0.05, betas=(0.5, 0.999))
    for _ in range(20):
        optimizer.step({"w": rosenbrock_gradient(params["w"])})
    np.testing.assert_allclose(path[-1], params["w"])


def test_the_sgd_learning_rate_moves_the_sgd_family_and_not_the_adaptive_runners(explorer):
    before = {runner: drawn_path(explorer, runner) for runner in RUNNERS}
    before_png = explorer.png
    explorer.controls["lr_sgd"].value = 0.01
    for runner in ("SGD", "momentum", "Nesterov"):
        assert not np.allclose(drawn_path(explorer, runner)[:5], before[runner][:5])
    for runner in ("RMSprop", "Adam"):
        np.testing.assert_array_equal(drawn_path(explorer, runner), before[runner])
    assert explorer.png != before_png
    assert "SGD family down to 0.01" in explorer.data["title"]


def test_above_the_stability_limit_sgd_diverges_and_the_title_says_so(explorer):
    explorer.set(lr_sgd=0.05)          # 0.05 · 50 > 2 for SGD; heavy ball's limit is 2 (1 + μ) / 50 = 0.076
    assert explorer.data["diverged"]["SGD"] and explorer.data["diverged"]["Nesterov"]
    assert not explorer.data["diverged"]["momentum"]
    assert "SGD, Nesterov diverged" in suptitle(explorer)
    assert len(explorer.data["paths"]["SGD"]) < explorer.values["steps"] + 1   # stopped once it blew up


def test_what_a_caller_does_with_a_run_leaves_the_next_identical_run_as_it_was():
    path, losses = race_path(RAVINE, "momentum", lr_sgd=0.02, lr_adaptive=0.1, momentum=0.9, steps=30)
    expected = path.copy()
    path[:] = 0.0
    losses[:] = 0.0
    again, _ = race_path(RAVINE, "momentum", lr_sgd=0.02, lr_adaptive=0.5, momentum=0.9, steps=30)  # η adaptive unread
    np.testing.assert_array_equal(again, expected)


def test_a_run_that_ends_above_its_start_loss_has_diverged():
    assert has_diverged(np.array([26.0, 30.0]), steps=5)                 # stopped early: blew up
    assert has_diverged(np.array([26.0, 1.0, np.inf]), steps=2)
    assert has_diverged(np.array([26.0, 1.0, 261.0]), steps=2)           # far worse than the start, weights small
    assert not has_diverged(np.array([26.0, 40.0, 25.9]), steps=2)
    # heavy ball at μ = 0.99 and η = 0.069 to 0.079 is stable (limit 0.0796) but ends 100 steps at 31.6 to 141
    assert not has_diverged(np.array([26.1, 500.0, 141.0]), steps=2)


def slider_value_near(explorer, name, value):
    slider = explorer.controls[name]
    reachable = 10 ** np.arange(slider.min, slider.max + 1e-9, slider.step)
    return float(reachable[np.argmin(np.abs(reachable - value))])


def test_nesterov_is_called_diverged_once_its_loss_grows_not_only_once_it_blows_up(explorer):
    """Nesterov's limit on the ravine is η λ_max < 2 (1 + μ) / (1 + 2μ) = 1.357, η < 0.0271 at μ = 0.9. Just above it,
    at the slider's 0.0275 and 0.0282, its loss ends thousands of times above the start while its weights are still
    below BLOW_UP: the title must say it diverged. Just below (0.0269) it converges, slowly."""
    for lr in (0.0275, 0.0282):
        explorer.set(lr_sgd=slider_value_near(explorer, "lr_sgd", lr))
        data = explorer.data
        assert len(data["paths"]["Nesterov"]) == data["steps"] + 1          # not stopped by BLOW_UP
        assert data["losses"]["Nesterov"][-1] > 1e3 * data["start_loss"]
        assert data["diverged"]["Nesterov"] and not data["diverged"]["momentum"] and not data["diverged"]["SGD"]
        assert "; Nesterov diverged" in suptitle(explorer)
        assert "Nesterov: diverged" in [line.get_label() for line in explorer.figure.axes[1].lines]
        assert "Nesterov: diverged" in shown_final_losses(explorer)
    explorer.set(lr_sgd=slider_value_near(explorer, "lr_sgd", 0.0269))
    assert 2 * 1.9 / 2.8 / 50 > explorer.values["lr_sgd"]
    assert not any(explorer.data["diverged"].values()) and "diverged" not in suptitle(explorer)


def test_momentum_zero_makes_momentum_and_nesterov_plain_sgd(explorer):
    explorer.controls["momentum"].value = 0.0
    np.testing.assert_allclose(explorer.data["paths"]["momentum"], explorer.data["paths"]["SGD"])
    np.testing.assert_allclose(explorer.data["paths"]["Nesterov"], explorer.data["paths"]["SGD"], atol=1e-2)
    assert "down to 0" in explorer.data["title"]


def test_a_new_surface_resets_the_learning_rates_and_steps_in_one_redraw(explorer):
    calls = []
    compute = explorer.compute
    explorer.compute = lambda **values: calls.append(values) or compute(**values)
    explorer.controls["surface"].value = ROSENBROCK
    assert len(calls) == 1
    spec = SURFACES[ROSENBROCK]
    assert calls[0]["lr_sgd"] == pytest.approx(spec["lr_sgd"]) and calls[0]["steps"] == spec["steps"]
    assert explorer.data["title"].startswith("new surface, Rosenbrock")
    assert not any(explorer.data["diverged"].values())
    assert explorer.data["winner"] != "SGD"          # the banana valley is where plain SGD crawls
    assert "Rosenbrock" in explorer.figure.axes[0].get_title()


def test_turning_the_ravine_keeps_the_sgd_family_and_hurts_the_per_coordinate_methods(explorer):
    straight = dict(explorer.data["final"])
    explorer.controls["surface"].value = TURNED
    turned = explorer.data["final"]
    for runner in ("SGD", "momentum", "Nesterov"):      # rotation invariant: the same losses
        assert turned[runner] == pytest.approx(straight[runner], rel=1e-6, abs=1e-12)
    assert turned["RMSprop"] > 1e6 * straight["RMSprop"]
    assert straight["RMSprop"] < straight["momentum"] and explorer.data["winner"] != "RMSprop"


def test_the_step_count_is_drawn_and_said(explorer):
    explorer.controls["steps"].value = 40
    assert len(drawn_losses(explorer, "Adam")) == 41
    assert "40 steps" in explorer.data["title"]


def test_the_legend_shows_each_runners_final_loss(explorer):
    explorer.controls["momentum"].value = 0.5
    final = explorer.data["final"]
    assert shown_final_losses(explorer) == [f"{runner}: {final[runner]:.2g}" for runner in RUNNERS]


def test_a_dragged_slider_is_blitted_and_shows_what_a_full_drawing_shows(explorer):
    check_sliders_follow_the_hand(explorer)
    moves = [("lr_sgd", 0.015), ("lr_sgd", 0.05), ("lr_sgd", 0.02), ("lr_adaptive", 0.08), ("lr_adaptive", 0.2),
             ("momentum", 0.0), ("momentum", 0.57), ("momentum", 0.99), ("steps", 60), ("steps", 90)]
    check_moves_are_blitted_as_drawn(explorer, moves)


def test_a_new_surface_or_a_new_range_of_the_loss_axes_draws_the_whole_figure_again(explorer):
    # another surface has other contours; a run longer than the step axis, or a lowest loss that leaves the loss
    # axis's decade of 10⁻¹⁶ or 10⁻⁸, needs other limits
    assert explorer.figure.axes[1].get_ylim()[0] == pytest.approx(1e-16)
    check_moves_are_blitted_as_drawn(explorer, [("lr_adaptive", 0.001), ("lr_adaptive", 0.002)], blitted_at_least=1)
    assert explorer.figure.axes[1].get_ylim()[0] == pytest.approx(1e-8)   # RMSprop and Adam crawl at η = 0.002
    moves = [("surface", ROSENBROCK), ("lr_adaptive", 0.3), ("momentum", 0.5), ("steps", 1000), ("steps", 900),
             ("surface", TURNED), ("lr_sgd", 0.01)]
    check_moves_are_blitted_as_drawn(explorer, moves, blitted_at_least=4)
    assert explorer.figure.axes[1].get_xlim() == (0, 100)


def test_the_figure_fits_the_notebook_and_its_text_is_readable(explorer):
    check_text_is_readable(explorer)


@pytest.mark.serial  # a time budget: measured alone
def test_redraws_are_fast_and_leak_no_figure(explorer):
    plt.close("all")
    durations = []
    for surface in (ROSENBROCK, TURNED, RAVINE):
        start = time.perf_counter()
        explorer.controls["surface"].value = surface
        durations.append(time.perf_counter() - start)
    for value in (0.005, 0.03):
        start = time.perf_counter()
        explorer.controls["lr_sgd"].value = value
        durations.append(time.perf_counter() - start)
    # about 0.1 to 0.3 s on an idle machine; the budget only catches a runaway, also on a loaded CI machine
    check_redraws_are_fast(durations)
    assert plt.get_fignums() == []
