"""The real grading pipeline, end to end, for every lesson at once, on a temporary copy of the course and a real
SQLite gradebook.

release -> an LMS download of four simulated students -> collect -> autograde -> feedback -> grades -> summary:
- alice submits the full solution: every autograded point;
- bob submits the untouched release: zero autograded points, and grading still completes;
- carol gets two exercises wrong: exactly the points that the lesson's own cells predict when her whole notebook
  runs in-process (a wrong answer also costs the exercises that use it);
- dave writes every exercise differently (in lesson 01 one answer emits a warning): every autograded point.
Feedback shows the failure messages but no hidden test or mark scheme; no submitted file changes.
"""
import csv
import importlib
import json
import zipfile

import pytest
from nbgrader.api import Gradebook

from tests.grading.files import checksums, run_autograder, visible_text
from tests.grading.quality import LessonRunner
from tests.notebooks.lessons import (LESSONS, REGIONS, ROOT, autograded_points, copy_course, load, nbgrader_meta,
                                     release_path, release_with_answers, secret_lines, solution_answers, source_of,
                                     source_path)

WARNING_SIGMOID = '''import warnings

def sigmoid(z):
    # Correct and overflow-free, but it warns (a UserWarning on stderr, which nbgrader would score as a failure).
    warnings.warn("my sigmoid takes exp of -|z| only")
    e = np.exp(-np.abs(z))
    return np.where(z >= 0, 1 / (1 + e), e / (1 + e))
'''


def students_of(lesson, course):
    """{student: answers} of the four simulated students of a lesson."""
    cases = importlib.import_module(f"tests.grading.cases_{lesson}")
    solutions = solution_answers(lesson)
    wrong = {exercise.answer: exercise.mistakes[0].source for exercise in cases.EXERCISES[:2]}
    different = {exercise.answer: exercise.alternatives[0] for exercise in cases.EXERCISES}
    if lesson == "01_forward_pass":
        different["sigmoid"] = WARNING_SIGMOID
    return {"alice": solutions, "bob": {}, "carol": {**solutions, **wrong}, "dave": {**solutions, **different}}


@pytest.fixture(scope="module")
def class_run(tmp_path_factory):
    """The whole course through the pipeline at once, as an instructor runs it: every lesson released, each
    lesson's LMS download collected, then one autograde (two workers), one feedback, grades and summary."""
    course = copy_course(tmp_path_factory.mktemp("course"))
    for lesson in LESSONS:  # generated afresh, so that the committed release can be compared with it
        release_path(lesson, course).unlink()
    status, output = run_autograder(course, "release")
    assert status == 0, output
    downloads = tmp_path_factory.mktemp("lms-download")
    for lesson in LESSONS:
        folder = downloads / lesson
        folder.mkdir()
        for student, answers in students_of(lesson, course).items():
            text = json.dumps(release_with_answers(lesson, course, answers), indent=1)
            name = f"{student}_attempt_2026-11-20-10-00-00_{lesson}.ipynb"
            if student == "alice":  # an LMS hands out zips too
                with zipfile.ZipFile(folder / f"{student}_{lesson}.zip", "w") as archive:
                    archive.writestr(name, text)
            else:
                (folder / name).write_text(text)
    download_sums = checksums(downloads)
    for lesson in LESSONS:
        status, output = run_autograder(course, "collect", str(downloads / lesson), "--lesson", lesson)
        assert status == 0, output
    submitted_sums = checksums(course / "autograder" / "submitted")
    runs = {step: run_autograder(course, step, *(["--workers", "2"] if step == "autograde" else []))
            for step in ("autograde", "feedback", "grades", "summary")}
    for step, (status, output) in runs.items():
        assert status == 0, f"{step} failed:\n{output}"
    return {"course": course, "downloads": downloads, "download_sums": download_sums, "runs": runs,
            "submitted_sums": submitted_sums}


def test_the_committed_release_is_what_release_generates(class_run):
    for lesson in LESSONS:
        fresh, committed = load(release_path(lesson, class_run["course"])), load(release_path(lesson))
        assert json.dumps(fresh, sort_keys=True) == json.dumps(committed, sort_keys=True), (
            f"course/{lesson} is stale: run `make release` and commit the result")
    written_by_hand = ["playground"]  # not a lesson: an ungraded notebook, nothing to generate
    assert sorted(p.name for p in (ROOT / "course").iterdir() if p.is_dir()) == sorted(LESSONS + written_by_hand), (
        "course/ holds a folder without a source in solutions/")


@pytest.fixture(params=LESSONS)
def pipeline(request, class_run):
    lesson = request.param
    return {**class_run, "lesson": lesson, "points": autograded_points(lesson),
            "cases": importlib.import_module(f"tests.grading.cases_{lesson}")}


def autograded_scores(course, lesson):
    """{student: {grade_id: auto_score}} of the test cells, from the gradebook."""
    scores = {}
    with Gradebook(f"sqlite:///{course / 'autograder' / 'gradebook.db'}") as gradebook:
        for student in ("alice", "bob", "carol", "dave"):
            notebook = gradebook.find_submission_notebook(lesson, lesson, student)
            scores[student] = {g.name: g.auto_score for g in notebook.grades if g.cell_type == "code"}
    return scores


def test_scores_of_the_four_students(pipeline):
    points = pipeline["points"]
    scores = autograded_scores(pipeline["course"], pipeline["lesson"])
    full = sum(points.values())
    total = {student: sum(s for gid, s in cells.items() if gid in points) for student, cells in scores.items()}
    assert total["alice"] == full, f"the full solution lost points: {scores['alice']}"
    assert total["bob"] == 0, f"the untouched release scored: {scores['bob']}"
    assert total["dave"] == full, f"a correct, differently written submission lost points: {scores['dave']}"
    # What the lesson's own cells say about carol's notebook, run in-process: the points she should lose.
    carol = students_of(pipeline["lesson"], pipeline["course"])["carol"]
    carol_lost = sum(points[grade_id] for grade_id, passed in LessonRunner(pipeline["lesson"]).run_all(carol).items()
                     if not passed and grade_id in points)
    assert 0 < carol_lost < full
    assert total["carol"] == full - carol_lost, scores["carol"]


def test_feedback_shows_failures_but_no_hidden_test_or_mark_scheme(pipeline):
    course, lesson = pipeline["course"], pipeline["lesson"]
    hidden = secret_lines(lesson, regions=REGIONS[1:])  # hidden tests and mark schemes
    assert hidden
    for student in ("alice", "bob", "carol", "dave"):
        # A student's own code may share a line with a hidden test (say `h = h @ W + b`): only the rest can leak.
        submitted = load(course / "autograder" / "submitted" / student / lesson / f"{lesson}.ipynb")
        own = {line.strip() for cell in submitted["cells"] for line in source_of(cell).splitlines()}
        page = course / "autograder" / "feedback" / student / lesson / f"{lesson}.html"
        text = visible_text(page)
        leaked = sorted((hidden - own) & {line.strip() for line in text.splitlines()})
        assert not leaked, f"{student}'s feedback shows hidden test or rubric lines: {leaked[:5]}"
        assert "BEGIN HIDDEN TESTS" not in text and "BEGIN MARK SCHEME" not in text
        assert "instructor only" not in text, f"{student}'s feedback shows the notes left for the instructor"
    carol = visible_text(course / "autograder" / "feedback" / "carol" / lesson / f"{lesson}.html")
    assert "GradingFailure" in carol
    for exercise in pipeline["cases"].EXERCISES[:2]:
        assert exercise.mistakes[0].hint.lower() in carol.lower(), f"carol's feedback lacks the hint for {exercise.answer}"


def test_the_formgrader_shows_each_written_answer_with_its_model_answer_and_rubric(pipeline):
    """The graded copy, which the formgrader displays, has the rubric right after each written answer."""
    course, lesson = pipeline["course"], pipeline["lesson"]
    schemes = {nbgrader_meta(c)["grade_id"]: source_of(c).split("=== BEGIN MARK SCHEME ===")[1]
               for c in load(source_path(lesson))["cells"]
               if c["cell_type"] == "markdown" and nbgrader_meta(c).get("solution")}
    assert schemes, f"{lesson} has no written answer"
    cells = load(course / "autograder" / "autograded" / "carol" / lesson / f"{lesson}.ipynb")["cells"]
    for i, cell in enumerate(cells):
        grade_id = nbgrader_meta(cell).get("grade_id")
        if grade_id in schemes:
            after = source_of(cells[i + 1])
            first_rule = schemes.pop(grade_id).split("=== END MARK SCHEME ===")[0].strip().splitlines()[0]
            assert f"rubric for `{grade_id}`" in after and first_rule in after, (grade_id, after[:300])
    assert not schemes, f"written answers without their rubric in the graded copy: {sorted(schemes)}"


def test_grades_csv_has_one_row_per_student_with_the_gradebook_score(pipeline):
    course, lesson = pipeline["course"], pipeline["lesson"]
    with open(course / "autograder" / "grades.csv") as handle:
        rows = {row["student_id"]: row for row in csv.DictReader(handle) if row["assignment"] == lesson}
    assert set(rows) == {"alice", "bob", "carol", "dave"}
    with Gradebook(f"sqlite:///{course / 'autograder' / 'gradebook.db'}") as gradebook:
        for student, row in rows.items():
            assert float(row["score"]) == pytest.approx(gradebook.find_submission(lesson, student).score)


def test_summary_names_each_student_and_the_reports_hold_carols_and_bobs_failures(pipeline):
    course, lesson = pipeline["course"], pipeline["lesson"]
    status, output = pipeline["runs"]["summary"]
    table = output.split("\n\n")[0].splitlines()
    header = next(i for i, line in enumerate(table) if line.startswith("student "))
    assert [row.split()[0] for row in table[header + 1:]] == ["alice", "bob", "carol", "dave"], output
    assert "autograder/reports/<student>/<lesson>.json" in output
    # The details the summary leaves out are in each student's report of the lesson: its failed checks are exactly
    # the test cells that lost points in the gradebook.
    failed = {student: json.loads((course / "autograder" / "reports" / student / f"{lesson}.json").read_text())["failed"]
              for student in ("alice", "bob", "carol", "dave")}
    points, scores = pipeline["points"], autograded_scores(course, lesson)
    for student, failures in failed.items():
        reported = {grade_id for grade_id, _ in failures if points.get(grade_id)}
        lost = {grade_id for grade_id, score in scores[student].items() if points.get(grade_id)
                and (score or 0) < points[grade_id]}
        assert reported == lost, (student, failures)
    assert failed["carol"], "carol's report lists no failed check"
    assert any("not written this function yet" in message for _, message in failed["bob"]), failed["bob"]


def test_no_submitted_file_changed(pipeline):
    assert checksums(pipeline["downloads"]) == pipeline["download_sums"]
    assert checksums(pipeline["course"] / "autograder" / "submitted") == pipeline["submitted_sums"]
