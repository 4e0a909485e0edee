"""Autograding a class: many students at once, each in scratch space, one process writing the gradebook.

    main process                                   worker (a long-lived process: local, or on a Dask cluster)
    ------------                                   ------
    intake: find, read and restore each            grade(job): a scratch course with the lesson's gradebook
    submission (autograder.intake)      -- Job -->  template and the restored notebook; nbgrader's Autograde
                                                   in-process (imports paid once per worker); a kernel that dies
    record(outcome): the only writer of            or hangs is restarted and the cell that killed it skipped
    gradebook.db, autograded/ and reports/ <-- Outcome -- (grades, comments, the autograded files, problems)

A job carries everything a worker needs and an outcome everything the main process records, so workers on other
machines share neither the filesystem nor the SQLite file. Recording is idempotent: grading again overwrites the
same rows and folders, so a run killed half-way is simply run again.
"""
import functools
import io
import json
import logging
import os
import platform
import shutil
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

# How often one notebook is re-run after a kernel died or hung (each time one more cell is skipped).
MAX_RESTARTS = 4
DEFAULT_MEMORY_LIMIT = 2 * 1024 ** 3


@dataclass
class Job:
    lesson: str
    student: str
    notebook: dict            # the submission with its locked and test cells restored
    template: bytes           # a gradebook (SQLite file) that defines the lesson and nothing else
    course_id: str
    timestamp: str = None     # nbgrader's timestamp.txt, when the submission has one
    timeout: int = 60         # seconds per cell
    memory_limit: int = DEFAULT_MEMORY_LIMIT
    sandbox: bool = True      # run the kernel in the sandbox (autograder.sandbox) where it works


@dataclass
class Outcome:
    lesson: str
    student: str
    grades: dict = field(default_factory=dict)     # {notebook: {grade_id: (auto_score, needs_manual_grade)}}
    comments: dict = field(default_factory=dict)   # {notebook: {grade_id: auto_comment}}
    files: dict = field(default_factory=dict)      # {path inside autograded/<student>/<lesson>/: bytes}
    problems: list = field(default_factory=list)
    flags: list = field(default_factory=list)      # what the instructor should look at (code the sandbox blocks)
    sandboxed: bool = False
    seconds: float = 0.0


def prepare_nbgrader():
    """Once per process: nbgrader opens every gradebook by asking the `alembic` console script (of this
    environment) for the schema's version, a subprocess each time; the answer never changes, so ask once."""
    import warnings

    import nbgrader.api

    # nbgrader's gradebook code trips SQLAlchemy's autoflush warnings, and nbformat warns about cells without ids
    # that older notebooks have; neither is news to an instructor.
    warnings.filterwarnings("ignore", module="nbgrader.api")
    warnings.filterwarnings("ignore", message="Cell is missing an id field")
    bin_dir = str(Path(sys.executable).parent)
    if bin_dir not in os.environ.get("PATH", "").split(os.pathsep):
        os.environ["PATH"] = bin_dir + os.pathsep + os.environ.get("PATH", "")
    if not hasattr(nbgrader.api.get_alembic_version, "cache_info"):
        nbgrader.api.get_alembic_version = functools.lru_cache(maxsize=None)(nbgrader.api.get_alembic_version)


def _config(scratch, job, skip):
    from nbgrader.preprocessors import (AssignLatePenalties, CheckCellMetadata, IgnorePattern, LimitOutput,
                                        SaveAutoGrades)
    from nbconvert.preprocessors import ClearMetadataPreprocessor
    from traitlets.config import Config

    from autograder.guard import GuardedExecute

    config = Config()
    course = config.CourseDirectory
    course.root, course.course_id = str(scratch), job.course_id
    course.source_directory, course.release_directory = "source", "release"
    course.submitted_directory, course.autograded_directory = "submitted", "autograded"
    course.db_url = f"sqlite:///{scratch / 'gradebook.db'}"
    course.assignment_id, course.student_id = job.lesson, job.student
    config.GuardedExecute.timeout = job.timeout
    config.GuardedExecute.skip = {str(index): reason for index, reason in skip.items()}
    config.CappedKernelManager.memory_limit = job.memory_limit
    # The kernel's own folder, beside (not above) the scratch gradebook and the notebook, which hold the tests.
    config.CappedKernelManager.sandbox_folder = str(scratch / "kernel") if job.sandbox else ""
    config.Autograde.autograde_preprocessors = [GuardedExecute, IgnorePattern, ClearMetadataPreprocessor,
                                                LimitOutput, SaveAutoGrades, AssignLatePenalties, CheckCellMetadata]
    return config


def _quiet_logger(name):
    """A logger that keeps nbgrader's messages for the report instead of printing them."""
    log = logging.getLogger(name)
    log.propagate = False
    log.handlers.clear()
    stream = io.StringIO()
    log.addHandler(logging.StreamHandler(stream))
    log.setLevel(logging.WARNING)
    return log, stream


def _run_autograde(scratch, job, skip):
    """One nbgrader Autograde of the scratch course.  -> (where the kernel was lost or None, nbgrader's errors)."""
    from nbgrader.converters import Autograde, NbGraderException
    from nbgrader.coursedir import CourseDirectory

    from autograder import guard

    config = _config(scratch, job, skip)
    log, messages = _quiet_logger(f"autograder.worker.{job.student}")
    guard.LOST.clear()
    converter = Autograde(coursedir=CourseDirectory(config=config, log=log), config=config, log=log)
    converter.force = True
    try:
        converter.start()
    except NbGraderException:
        pass
    lost = guard.LOST[0] if guard.LOST else None
    errors = [line for line in messages.getvalue().splitlines() if line.strip()]
    return lost, errors


def _read_scratch_gradebook(scratch, job, outcome):
    from nbgrader.api import Gradebook

    with Gradebook(f"sqlite:///{scratch / 'gradebook.db'}", job.course_id) as gradebook:
        submission = gradebook.find_submission(job.lesson, job.student)
        for notebook in submission.notebooks:
            outcome.grades[notebook.name] = {g.name: (g.auto_score, bool(g.needs_manual_grade))
                                             for g in notebook.grades}
            outcome.comments[notebook.name] = {c.name: c.auto_comment for c in notebook.comments}


def grade(job):
    """Autograde one student's lesson in a scratch folder.  -> Outcome (nothing outside the scratch is written)."""
    from autograder import sandbox

    started = time.perf_counter()
    prepare_nbgrader()
    outcome = Outcome(job.lesson, job.student)
    outcome.sandboxed = job.sandbox and sandbox.status()[0]
    if job.sandbox and not outcome.sandboxed:
        outcome.problems.append(f"graded WITHOUT the sandbox on {platform.node()}: {sandbox.status()[1]}")
    outcome.flags += sandbox.attempts(job.notebook, outcome.sandboxed)
    with tempfile.TemporaryDirectory(prefix="autograde-") as scratch:
        scratch = Path(scratch)
        submitted = scratch / "submitted" / job.student / job.lesson
        submitted.mkdir(parents=True)
        (scratch / "source" / job.lesson).mkdir(parents=True)
        (submitted / f"{job.lesson}.ipynb").write_text(json.dumps(job.notebook))
        if job.timestamp:
            (submitted / "timestamp.txt").write_text(job.timestamp)
        (scratch / "gradebook.db").write_bytes(job.template)
        skip = {}
        for _ in range(MAX_RESTARTS + 1):
            lost, errors = _run_autograde(scratch, job, skip)
            if lost is None:
                break
            index, reason = lost
            skip[index] = reason
            outcome.problems.append(f"{cell_name(job.notebook, index)} {reason}; the grader restarted the "
                                    "kernel and skipped that cell")
        graded = scratch / "autograded" / job.student / job.lesson
        if lost is not None or not (graded / f"{job.lesson}.ipynb").is_file():
            detail = "; ".join(errors[-3:]) or "no notebook came out of the run"
            outcome.problems.append(f"could not be autograded ({detail}); every test scores 0")
            outcome.grades = {}
        else:
            _read_scratch_gradebook(scratch, job, outcome)
            outcome.files = {str(p.relative_to(graded)): p.read_bytes() for p in graded.rglob("*") if p.is_file()}
    outcome.seconds = time.perf_counter() - started
    return outcome


def cell_name(notebook, index):
    """A cell as the instructor finds it in the formgrader: by its grade_id and its exercise, never by a position
    (cell numbers differ between the source, the release and a student's notebook). A cell without a grade_id (one
    the student added) is named by the nearest named cell above it."""
    cells = notebook.get("cells", [])
    if not 0 <= index < len(cells):
        return "a cell the grader could not find again"
    grade_id = _nbgrader(cells[index]).get("grade_id")
    exercise = _exercise_of(cells, index)
    if grade_id and grade_id == exercise:
        return f"answer cell {grade_id!r}"
    where = f" (exercise {exercise})" if exercise else ""
    if grade_id:
        return f"cell {grade_id!r}{where}"
    above = next((_nbgrader(cell)["grade_id"] for cell in reversed(cells[:index]) if _nbgrader(cell).get("grade_id")),
                 None)
    return f"a cell the student added after {above!r}{where}" if above else "a cell the student added at the top"


def _nbgrader(cell):
    return cell.get("metadata", {}).get("nbgrader", {})


def _exercise_of(cells, index):
    """The grade_id of the exercise a cell belongs to: its answer cell, or the answer cell above it when only that
    answer's test cells (and cells the student added) lie between them."""
    for i in range(index, -1, -1):
        meta = _nbgrader(cells[i])
        if meta.get("solution"):
            return meta.get("grade_id") if cells[i].get("cell_type") == "code" else None
        if meta and not meta.get("grade"):  # lesson text or code: not part of an exercise
            return None
    return None


def define_lesson(source_notebook, lesson, course_id, db_url=None):
    """Run nbgrader's generate_assignment on a scratch copy of the lesson's source notebook.
    -> (the gradebook file's bytes, the release notebook).  With db_url, also define the lesson in that gradebook."""
    from nbgrader.converters import GenerateAssignment
    from nbgrader.coursedir import CourseDirectory
    from traitlets.config import Config

    prepare_nbgrader()
    with tempfile.TemporaryDirectory(prefix="define-") as scratch:
        scratch = Path(scratch)
        (scratch / "source" / lesson).mkdir(parents=True)
        shutil.copy2(source_notebook, scratch / "source" / lesson / f"{lesson}.ipynb")
        config = Config()
        course = config.CourseDirectory
        course.root, course.course_id = str(scratch), course_id
        course.source_directory, course.release_directory = "source", "release"
        course.db_url = db_url or f"sqlite:///{scratch / 'gradebook.db'}"
        course.assignment_id = lesson
        log, messages = _quiet_logger("autograder.define")
        converter = GenerateAssignment(coursedir=CourseDirectory(config=config, log=log), config=config, log=log)
        converter.force = True
        converter.start()
        release = json.loads((scratch / "release" / lesson / f"{lesson}.ipynb").read_text())
        template = (scratch / "gradebook.db").read_bytes() if db_url is None else None
    return template, release


def _local_pool(jobs, workers):
    """Yield (job, outcome or exception) from `workers` long-lived processes. A worker process that dies takes the
    jobs it held with it (BrokenProcessPool): those get one more try in a fresh pool."""
    import multiprocessing
    from concurrent.futures import ProcessPoolExecutor, as_completed
    from concurrent.futures.process import BrokenProcessPool

    pending = list(jobs)
    for last_try in (False, True):
        broken = []
        context = multiprocessing.get_context("spawn")  # no fork of a process that holds threads and sockets
        with ProcessPoolExecutor(workers, mp_context=context, initializer=prepare_nbgrader) as pool:
            futures = {pool.submit(grade, job): job for job in pending}
            for future in as_completed(futures):
                job = futures[future]
                try:
                    yield job, future.result()
                except BrokenProcessPool as error:
                    if last_try:
                        yield job, error
                    else:
                        broken.append(job)
                except Exception as error:  # noqa: BLE001 (reported per student; the others go on)
                    yield job, error
        if not broken:
            return
        pending = broken


def _dask_cluster(jobs, scheduler):
    """Yield (job, outcome or exception) from the workers of the Dask cluster at `scheduler`. Jobs and outcomes
    travel by value: the workers need this environment installed, not this filesystem."""
    from distributed import Client, as_completed

    with Client(scheduler, timeout="30s") as client:
        futures = {client.submit(grade, job, pure=False): job for job in jobs}
        for future in as_completed(futures):
            job = futures[future]
            try:
                yield job, future.result()
            except Exception as error:  # noqa: BLE001
                yield job, error


def run_jobs(jobs, workers=1, scheduler=None):
    """Grade the jobs in parallel; yield (job, Outcome or the exception that stopped its worker) as each finishes."""
    if not jobs:
        return iter(())
    if scheduler:
        return _dask_cluster(jobs, scheduler)
    return _local_pool(jobs, max(1, min(workers, len(jobs))))
