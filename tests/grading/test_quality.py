"""Every graded exercise fails the mistakes students really make, with the matching hint, and passes other
correct answers however they are written (see quality.py for how the lesson's own test cells are run)."""
import importlib
from functools import lru_cache
from pathlib import Path

import pytest

from tests.grading.quality import LessonRunner

CASE_MODULES = sorted(p.stem for p in Path(__file__).parent.glob("cases_*.py"))


def load_cases(module_name):
    return importlib.import_module(f"tests.grading.{module_name}")


@lru_cache(maxsize=None)
def runner(lesson):
    return LessonRunner(lesson)


def all_cases():
    for module_name in CASE_MODULES:
        cases = load_cases(module_name)
        for exercise in cases.EXERCISES:
            yield pytest.param(cases.LESSON, exercise, None, id=f"{cases.LESSON}-{exercise.answer}-solution")
            for mistake in exercise.mistakes:
                yield pytest.param(cases.LESSON, exercise, mistake,
                                   id=f"{cases.LESSON}-{exercise.answer}-wrong-{mistake.description[:40]}")
            for number, source in enumerate(exercise.alternatives, 1):
                yield pytest.param(cases.LESSON, exercise, source,
                                   id=f"{cases.LESSON}-{exercise.answer}-correct-{number}")


def test_there_are_cases_for_some_lesson():
    assert CASE_MODULES, "no grader-quality cases found (tests/grading/cases_<lesson>.py)"


@pytest.mark.parametrize("module_name", CASE_MODULES)
def test_every_graded_exercise_has_enough_cases(module_name):
    cases = load_cases(module_name)
    lesson = runner(cases.LESSON)
    graded = {gid for gid in lesson.grade_ids() if f"{gid}_hidden" in lesson.grade_ids() and not gid.startswith("q")}
    covered = {exercise.answer for exercise in cases.EXERCISES}
    assert graded <= covered, f"exercises without grader-quality cases: {sorted(graded - covered)}"
    for exercise in cases.EXERCISES:
        assert len(exercise.mistakes) >= 4, f"{exercise.answer}: at least 4 real mistakes are needed"
        assert len(exercise.alternatives) >= 2, f"{exercise.answer}: at least 2 other correct answers are needed"
        assert set(exercise.tests) <= lesson.grade_ids(), f"{exercise.answer}: unknown test cells {exercise.tests}"


@pytest.mark.parametrize("lesson_name, exercise, case", list(all_cases()))
def test_case(lesson_name, exercise, case, record_property):
    """What each case did is recorded for the per-lesson report that ends the run (tests/grading/conftest.py)."""
    lesson = runner(lesson_name)
    record_property("lesson", lesson_name)
    if case is None or isinstance(case, str):
        source = lesson.solution_source(exercise) if case is None else case
        verdicts = lesson.run(exercise, source)
        failed = [f"{v.grade_id}: {v.message}" for v in verdicts if not v.passed]
        record_property("correct_passed", not failed)
        assert not failed, "a correct answer failed:\n" + "\n".join(failed)
        assert {v.grade_id for v in verdicts} == set(exercise.tests)
    else:
        exercises = load_cases(f"cases_{lesson_name}").EXERCISES
        verdicts, cascade = lesson.run_with_cascade(exercises, exercise, case.source)
        messages = "\n".join(v.message for v in verdicts if not v.passed)
        record_property("mistake_caught", not all(v.passed for v in verdicts))
        record_property("mistake_named", case.hint.lower() in messages.lower())
        record_property("cascade", sorted(cascade))
        # A later exercise may fail with a wrong earlier one when it cannot be tested alone, if its message says
        # first that the earlier exercise must be fixed.
        record_property("cascade_announced", bool(cascade) and all(
            "first" in message.lower() and "exercise" in message.lower() for message in cascade.values()))
        assert not all(v.passed for v in verdicts), f"the mistake '{case.description}' passed every test"
        assert case.hint.lower() in messages.lower(), (
            f"the mistake '{case.description}' failed, but without the hint '{case.hint}':\n{messages}")
