"""The instructor's workflow on top of nbgrader: one command for each step.

    python -m autograder release   [LESSON ...]                   solutions/ -> course/ (the student release)
    python -m autograder collect   FOLDER --lesson LESSON          an LMS download -> autograder/submitted/
                          [--roster CSV] [--due TIME]              who is missing; lateness
                          [--add | --replace]                      keep the others / allow removing most
    python -m autograder autograde [--lesson L ...] [--student S]  run every test, record scores in the gradebook
                          [--workers N | --scheduler ADDRESS]      N students at a time, or on a Dask cluster
                          [--timeout SECONDS] [--memory-limit 2G]  per cell, per grading kernel
    python -m autograder feedback  [--lesson L ...] [--student S]  HTML feedback per student and lesson
    python -m autograder grades                                    autograder/grades.csv
    python -m autograder summary                                   a table: score per lesson, problems found

Each step runs nbgrader from the repository root (where its configuration is found) so that no stray gradebook
is ever created elsewhere; a step that fails for one student or lesson is reported and the others go on.
Autograding runs nbgrader in long-lived worker processes (see engine.py), after reading and restoring every
submission (intake.py); a report per student and lesson lands in autograder/reports/ and in `summary`.
"""
import argparse
import csv
import dataclasses
import functools
import json
import os
import re
import shutil
import subprocess
import sys
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path

from autograder import notes

DEFAULT_ROOT = Path(__file__).resolve().parent.parent
LESSON_PATTERN = re.compile(r"\d\d_\w+")


@dataclass
class Course:
    """Paths of one course checkout; tests use a temporary copy."""

    root: Path = DEFAULT_ROOT

    @property
    def autograder(self):
        return self.root / "autograder"

    def lessons(self):
        """Lesson names with a source notebook, in course order."""
        return sorted(p.name for p in (self.root / "solutions").iterdir()
                      if LESSON_PATTERN.fullmatch(p.name) and (p / f"{p.name}.ipynb").is_file())

    def students(self, lesson=None):
        """Student ids with a submission (of one lesson, or of any)."""
        submitted = self.autograder / "submitted"
        if not submitted.is_dir():
            return []
        return sorted(s.name for s in submitted.iterdir()
                      if s.is_dir() and (lesson is None or (s / lesson).is_dir()))

    @functools.cached_property
    def settings(self):
        """The course's nbgrader configuration (a traitlets Config), read once from the root's nbgrader_config.py."""
        from traitlets.config.loader import PyFileConfigLoader

        return PyFileConfigLoader("nbgrader_config.py", path=str(self.root)).load_config()

    @property
    def course_id(self):
        return self.settings.CourseDirectory.course_id

    @property
    def db_url(self):
        return f"sqlite:///{self.autograder / 'gradebook.db'}"

    def source(self, lesson):
        return self.root / "solutions" / lesson / f"{lesson}.ipynb"

    def define_in_gradebook(self, lesson):
        """Make sure the gradebook knows the lesson (a fresh clone has course/ but no gradebook yet)."""
        from nbgrader.api import Gradebook, MissingEntry

        from autograder import engine

        with Gradebook(self.db_url, self.course_id) as gradebook:
            try:
                gradebook.find_assignment(lesson)
                return
            except MissingEntry:
                pass
        engine.define_lesson(self.source(lesson), lesson, self.course_id, db_url=self.db_url)

    def record(self, lesson, student, grades, report, files=None):
        """Write one student's lesson: scores into the gradebook (grades None: every test 0), the autograded
        folder replaced as a whole, and the report. Doing it twice leaves the same state."""
        from nbgrader.api import Gradebook
        from nbgrader.utils import parse_utc

        stamp = self.autograder / "submitted" / student / lesson / "timestamp.txt"
        with Gradebook(self.db_url, self.course_id) as gradebook:
            gradebook.update_or_create_student(student)
            timestamp = {"timestamp": parse_utc(stamp.read_text().strip())} if stamp.is_file() else {}
            submission = gradebook.update_or_create_submission(lesson, student, **timestamp)
            for notebook in submission.notebooks:
                scores = (grades or {}).get(notebook.name, {})
                for grade in notebook.grades:
                    score, manual = scores.get(grade.name, (0.0 if grades is None else None, grades is not None))
                    grade.auto_score = score
                    grade.needs_manual_grade = bool(manual) or (grade.manual_score is not None)
            gradebook.db.commit()
        files = dict(files or {})
        graded = files.get(f"{lesson}.ipynb")
        if graded is not None:  # the formgrader shows the flags and each written answer's rubric where one grades
            files[f"{lesson}.ipynb"] = notes.add_instructor_notes(graded, self.notes_source(lesson), report.flags,
                                                                  report.problems)
        _replace_folder(self.autograder / "autograded" / student / lesson, files)
        path = self.autograder / "reports" / student / f"{lesson}.json"
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(json.dumps(dataclasses.asdict(report), indent=1))

    def notes_source(self, lesson):
        """What the graded copy takes from the lesson's source notebook: its rubrics and its own text."""
        source = self.source(lesson)
        return _notes_source_of(source, source.stat().st_mtime_ns)

    def report(self, lesson, student):
        path = self.autograder / "reports" / student / f"{lesson}.json"
        return json.loads(path.read_text()) if path.is_file() else {"problems": [], "flags": [], "failed": []}

    def nbgrader(self, *args):
        """Run one nbgrader command from the course root; returns (ok, output)."""
        env = dict(os.environ)
        # nbgrader starts `alembic` (a console script of this environment) when it creates the gradebook.
        env["PATH"] = str(Path(sys.executable).parent) + os.pathsep + env.get("PATH", "")
        result = subprocess.run([sys.executable, "-m", "nbgrader", *args, f"--CourseDirectory.root={self.root}"],
                                cwd=self.root, env=env, capture_output=True, text=True)
        return result.returncode == 0, result.stdout + result.stderr


@functools.lru_cache(maxsize=32)
def _notes_source_of(source, modified):
    """Read once per version of a source notebook: a class records many students of the same lesson."""
    return notes.read_source(json.loads(source.read_text()))


def _replace_folder(folder, files):
    """Make `folder` hold exactly `files` ({relative path: bytes}); a reader never sees a half-written folder."""
    staging = folder.with_name(folder.name + ".new")
    shutil.rmtree(staging, ignore_errors=True)
    for relative, data in files.items():
        (staging / relative).parent.mkdir(parents=True, exist_ok=True)
        (staging / relative).write_bytes(data)
    old = folder.with_name(folder.name + ".old")
    shutil.rmtree(old, ignore_errors=True)
    if folder.exists():
        folder.rename(old)
    if files:
        staging.rename(folder)
    shutil.rmtree(old, ignore_errors=True)


def _selected_lessons(course, lessons):
    known = course.lessons()
    unknown = [lesson for lesson in lessons or [] if lesson not in known]
    if unknown:
        raise SystemExit(f"unknown lesson(s) {', '.join(unknown)}; the lessons are: {', '.join(known)}")
    return lessons or known


def _report(step, what, ok, output):
    if ok:
        print(f"{step} {what}: done")
    else:
        # nbgrader marks errors "[ERROR]" or "[<App> | ERROR]" (ZipCollectApp, say); Python's as "...Error: ...".
        problems = [line for line in output.splitlines() if re.search(r"\[(\w+ \| )?ERROR\]|Error", line)]
        print(f"{step} {what}: FAILED\n    " + "\n    ".join(problems[-8:] or output.splitlines()[-8:]))
    return ok


def release(course, lessons=None):
    """Generate the student release of each lesson into course/ (solutions and hidden tests removed)."""
    results = [_report("release", lesson, *course.nbgrader("generate_assignment", lesson, "--force"))
               for lesson in _selected_lessons(course, lessons)]
    return all(results)


def collect(course, folder, lesson, roster=None, due=None, add=False, replace=False):
    """Collect an LMS download (a folder of zips, folders and notebooks, as Canvas, Moodle or Blackboard name them)
    into autograder/submitted/<student>/<lesson>/: the latest notebook of each student and its submission time in
    timestamp.txt. The lesson's submissions then reflect this download exactly: a student no longer in it is removed
    (with `add`, the others are kept). A download that would remove more than half of the students collected
    earlier (the late submissions only, say) changes nothing unless `replace` or `add` says what is meant.
    The download is only read. Prints a table of who was collected and of every file left out, and why."""
    from autograder import lms

    folder = Path(folder).expanduser()  # zsh leaves the ~ of "make collect FROM=~/Downloads/..." to us
    if not folder.is_dir():
        raise SystemExit(f"{folder} is not a folder: give the folder that holds the downloaded zips or notebooks")
    _selected_lessons(course, [lesson])
    students = _read_roster(roster) if roster else None
    due = _parse_time(due, "--due") if due else None
    selection = lms.select(lms.walk(folder), lesson)
    lines = [f"collect {lesson} from {folder}" + (f" (roster {Path(roster).name}: {len(students)} students)"
                                                   if students is not None else "")]
    if not selection.chosen:
        earlier = course.students(lesson)
        lines += _left_out_lines(selection)
        lines.append(f"collect {lesson}: FAILED, no notebook of {lesson} in {folder}; nothing was changed"
                     + (f" (the {len(earlier)} submissions collected earlier are kept)" if earlier else ""))
        _print_and_keep(course, lesson, lines)
        return False
    earlier = course.students(lesson)
    removed = [] if add else [student for student in earlier if student not in selection.chosen]
    if len(removed) > len(earlier) / 2 and not replace:
        lines.append(f"collect {lesson}: STOPPED, nothing was changed: this download holds {len(selection.chosen)} "
                     f"students, and collecting it would remove {len(removed)} of the {len(earlier)} collected "
                     f"earlier ({_first_names(removed)}). If it holds only some submissions (the late ones, say), "
                     "add them with ADD=1 (make collect ... ADD=1; the others are kept); if it is the whole class's "
                     "download, collect it with REPLACE=1.")
        _print_and_keep(course, lesson, lines)
        return False
    matched, missing, unknown = lms.match_roster(students, sorted(selection.chosen)) if students else ({}, [], [])
    rows, unwritable, names = [], [], {}
    for student, item in sorted(selection.chosen.items()):
        entry = matched.get(student)
        time, source = item.time, item.time_source
        if time is None and entry is not None and entry.submitted is not None:
            time, source = entry.submitted, "roster"
        if time is None:
            time, source = item.modified, "file"
        time = lms.as_utc(time)
        late = ["LATE"] if item.late else []  # the LMS's own mark
        if due is not None and time is not None and time > due:
            late.append(f"{_duration(time - due)} after --due")
        target = course.autograder / "submitted" / student / lesson
        files = {_notebook_file_name(item.file_name, lesson): item.data}
        if time is not None:
            files["timestamp.txt"] = time.strftime("%Y-%m-%d %H:%M:%S.%f UTC").encode()
        try:
            status = _compare(target, files)
            _replace_folder(target, files)
        except OSError as error:  # one student's odd name or a full disk must not stop the others
            unwritable.append(f"{student}: {item.where}: {error.strerror or error}")
            continue
        names[student] = entry.name if entry is not None and entry.name else item.name
        rows.append((student, entry.display if entry else item.name, next(iter(files)),
                     f"{time:%Y-%m-%d %H:%M} {source}" if time else "unknown", ", ".join(late) or "-", status))
    kept_grades = [student for student in removed if not _forget(course, lesson, student)]
    _record_names(course, names)
    if due is not None:
        _set_due_date(course, lesson, due)
    lines += _table(("student", "name", "notebook", "submitted (UTC, from)", "late", "since last collect"), rows)
    lines.append(f"collected {len(rows)} students" + (f" of {len(students)} on the roster" if students else ""))
    if missing:
        lines.append(f"MISSING: {len(missing)} on the roster sent no notebook: "
                     + ", ".join(_roster_name(entry, selection) for entry in missing))
    if unknown:
        lines.append(f"NOT ON THE ROSTER: {', '.join(unknown)} (collected; check the id or the roster)")
    lines += _left_out_lines(selection)
    lines += [f"NOT WRITTEN (collect again once fixed): {line}" for line in unwritable]
    if removed:
        lines.append(f"REMOVED: {', '.join(removed)} (collected earlier, not in this download; their submission, "
                     "autograded copy, report and feedback of this lesson are gone)")
    if kept_grades:
        lines.append(f"    the gradebook keeps the manual grades of {', '.join(kept_grades)}: remove them in the "
                     "formgrader if they should go")
    _print_and_keep(course, lesson, lines)
    return True


def _record_names(course, names):
    """Each collected student's name, as the roster or else the LMS gives it, into the gradebook, where the
    formgrader and grades.csv show it: "Doe, Jane" (Canvas) is split into last and first name, any other name is
    kept whole as the last name."""
    from nbgrader.api import Gradebook

    from autograder import engine

    engine.prepare_nbgrader()  # a first collect creates the gradebook, which needs nbgrader's `alembic` on PATH
    with Gradebook(course.db_url, course.course_id) as gradebook:
        for student, name in names.items():
            last, _, first = name.partition(", ")
            gradebook.update_or_create_student(student, last_name=last or None, first_name=first or None)


def _first_names(names, shown=5):
    return ", ".join(names[:shown]) + (f" and {len(names) - shown} more" if len(names) > shown else "")


def _read_roster(path):
    from autograder import lms

    try:
        students = lms.read_roster(Path(path).expanduser())
    except OSError as error:
        raise SystemExit(f"the roster {path} cannot be read: {error.strerror or error}") from None
    if not students:
        raise SystemExit(f"the roster {path} names no student: give the CSV your LMS exports (Canvas: Grades > "
                         "Export; Moodle: the grading worksheet or the participants list)")
    return students


def _parse_time(text, option):
    from nbgrader.utils import parse_utc

    from autograder import lms

    try:
        return lms.as_utc(parse_utc(text))
    except (ValueError, OverflowError):
        raise SystemExit(f"{option} {text!r} is not a time such as '2026-11-20 23:59' (UTC)") from None


def _duration(delta):
    hours = delta.total_seconds() / 3600
    return f"{hours:.1f} h" if hours < 48 else f"{hours / 24:.1f} d"


def _notebook_file_name(name, lesson):
    """The name the notebook is stored under: the student's (without the LMS's prefix), made safe for a folder."""
    name = "".join(ch for ch in name if ch.isprintable() and ch not in '/\\:*?"<>|').strip()
    usable = name.lower().endswith(".ipynb") and name != ".ipynb" and len(name.encode()) <= 200
    return name if usable else f"{lesson}.ipynb"


def _compare(folder, files):
    """The notebook against the one collected before: new, same or changed (its time may differ)."""
    if not folder.is_dir():
        return "new"
    before = {p.name: p.read_bytes() for p in folder.iterdir() if p.is_file() and p.name != "timestamp.txt"}
    return "same" if before == {name: data for name, data in files.items() if name != "timestamp.txt"} else "changed"


def _forget(course, lesson, student):
    """Remove what an earlier collect and its grading left of a student no longer in the download; False when the
    gradebook holds manual grades of the submission, which are kept."""
    for path in (course.autograder / "submitted" / student / lesson, course.autograder / "autograded" / student /
                 lesson, course.autograder / "feedback" / student / lesson):
        _replace_folder(path, {})
    (course.autograder / "reports" / student / f"{lesson}.json").unlink(missing_ok=True)
    for path in (course.autograder / "submitted" / student,):
        if path.is_dir() and not any(path.iterdir()):
            path.rmdir()
    if not (course.autograder / "gradebook.db").is_file():
        return True
    from nbgrader.api import Gradebook, MissingEntry

    from autograder import engine

    engine.prepare_nbgrader()
    try:
        with Gradebook(course.db_url, course.course_id) as gradebook:
            try:
                submission = gradebook.find_submission(lesson, student)
            except MissingEntry:
                return True
            if any(grade.manual_score is not None for notebook in submission.notebooks
                   for grade in notebook.grades):
                return False
            gradebook.remove_submission(lesson, student)
    except Exception as error:  # a locked or damaged gradebook: the files are gone, the grades stay; say so
        print(f"collect: the gradebook entry of {student} / {lesson} could not be removed ({error})")
        return False
    return True


def _set_due_date(course, lesson, due):
    """The lesson's due date in the gradebook: nbgrader then exports each submission's lateness."""
    from nbgrader.api import Gradebook

    from autograder import engine

    engine.prepare_nbgrader()
    course.define_in_gradebook(lesson)
    with Gradebook(course.db_url, course.course_id) as gradebook:
        gradebook.update_or_create_assignment(lesson, duedate=due.replace(tzinfo=None))


def _roster_name(entry, selection):
    """A missing student's name, and what the download held for them when it held no notebook."""
    sent = [items for student, items in selection.without_notebook.items() if student.lower() in entry.keys]
    files = ", ".join(item.file_name for items in sent for item in items)
    return entry.display + (f" (sent only {files})" if files else "")


def _left_out_lines(selection):
    """Files that reached no student, students without a notebook, and a count of what else was ignored."""
    lines = []
    if selection.unattributed:
        lines.append("NOT ATTRIBUTED: no student named in the path of")
        lines += [f"    {item.where}" for item in selection.unattributed]
    for student, items in sorted(selection.without_notebook.items()):
        lines.append(f"NO NOTEBOOK from {student}: " + "; ".join(f"{item.where} ({item.reason})" for item in items))
    other = [item for item in selection.ignored if not item.system and item.student not in selection.without_notebook]
    if other:
        lines.append("IGNORED:")
        lines += [f"    {item.student or '?'}: {item.where}: {item.reason}" for item in other]
    system = [item for item in selection.ignored if item.system]
    if system:
        lines.append(f"IGNORED {len(system)} system files (__MACOSX, .DS_Store, .ipynb_checkpoints and the like)")
    lines += [f"NOTE: {note}" for note in selection.notes]
    return lines


def _shorten(text, limit, middle=True):
    """`text` in at most `limit` characters: cut in its middle (names, paths) or at its end (sentences), with "…"."""
    text = str(text)
    if len(text) <= limit:
        return text
    return text[:limit // 2 - 1] + "…" + text[-(limit // 2):] if middle else text[:limit - 1] + "…"


def _display_width(text):
    """Columns a terminal needs for `text`: characters it shows twice as wide (CJK, emoji) count twice."""
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)


def _table(header, rows, limit=28):
    """Aligned columns; a value longer than `limit` is shortened in its middle, a header never."""
    rows = [[_shorten(value, limit) for value in row] for row in rows]
    widths = [max([_display_width(header[i]), *(_display_width(row[i]) for row in rows)]) for i in range(len(header))]
    return ["  ".join(value + " " * (width - _display_width(value)) for value, width in zip(row, widths)).rstrip()
            for row in [list(header), *rows]]


def _print_and_keep(course, lesson, lines):
    """Print the collect report and keep it in autograder/reports/collect-<lesson>.txt."""
    text = "\n".join(lines)
    try:
        print(text)
    except UnicodeEncodeError:  # a terminal that cannot show a student's name
        print(text.encode("ascii", "backslashreplace").decode())
    path = course.autograder / "reports" / f"collect-{lesson}.txt"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text + "\n", encoding="utf-8")


def autograde(course, lessons=None, student=None, workers=1, scheduler=None, timeout=None, memory_limit=None):
    """Autograde every submission of the selected lessons (or one student's), `workers` students at a time (or on
    the Dask cluster at `scheduler`). Each submission is read and restored here, graded by a worker in scratch
    space, and recorded here: this process alone writes the gradebook. A broken submission is reported and scored
    0 where nothing can be graded; the others go on. Submitted files are only read."""
    from autograder import engine, sandbox

    print(sandbox.announcement() if scheduler is None else
          "sandbox: checked on each Dask worker; a worker without it says so in each report it grades")
    engine.prepare_nbgrader()
    settings = course.settings
    timeout = timeout or settings.Execute.timeout or 60
    memory_limit = engine.DEFAULT_MEMORY_LIMIT if memory_limit is None else memory_limit
    jobs, reports, results = [], {}, []
    for lesson in _selected_lessons(course, lessons):
        students = [who for who in course.students(lesson) if student in (None, who)]
        if not students:
            print(f"autograde {lesson}: no submissions" + (f" from {student}" if student else ""))
            continue
        template, release = engine.define_lesson(course.source(lesson), lesson, course.course_id)
        course.define_in_gradebook(lesson)
        for who in students:
            job, report = _intake(course, lesson, who, release, template)
            reports[lesson, who] = report
            if job is None:
                course.record(lesson, who, None, report)
                results.append(_report_grade(lesson, who, None, report))
            else:
                jobs.append(dataclasses.replace(job, timeout=timeout, memory_limit=memory_limit))
    for job, outcome in engine.run_jobs(jobs, workers, scheduler):
        report = reports[job.lesson, job.student]
        if isinstance(outcome, Exception):
            report.problems.append(f"the grader itself failed on this submission ({type(outcome).__name__}: "
                                   f"{outcome}); every test scores 0 until it is graded again")
            course.record(job.lesson, job.student, None, report)
            results.append(_report_grade(job.lesson, job.student, None, report))
            continue
        report.problems += outcome.problems
        report.seconds = round(outcome.seconds, 1)
        report.flags += _runtime_flags(outcome) + outcome.flags
        notebook = outcome.files.get(f"{job.lesson}.ipynb")
        if notebook is not None:
            try:
                report.failed = _failures_in(json.loads(notebook))
            except ValueError as error:
                report.failed = [("notebook", f"cannot be read: {error}")]
        grades = outcome.grades or None
        if grades and report.flags and any(f.startswith(TAMPERING) for f in report.flags):
            grades = _withhold_test_points(grades, release_test_ids(course.source(job.lesson)))
        course.record(job.lesson, job.student, grades, report, outcome.files)
        results.append(_report_grade(job.lesson, job.student, grades, report))
    return all(results)


TAMPERING = "tampering:"


@dataclass
class Report:
    """What the instructor reads about one submission: problems (the grader coped) and flags (look at it)."""

    problems: list = field(default_factory=list)
    flags: list = field(default_factory=list)
    failed: list = field(default_factory=list)    # (grade_id, first line of its failure) of each failed check
    seconds: float = 0.0


def _intake(course, lesson, student, release, template):
    """(Job or None, Report) for one submission: its notebook found, read and restored, its tricks looked for."""
    from autograder import engine, intake

    folder = course.autograder / "submitted" / student / lesson
    report = Report()
    path, notes = intake.find_notebook(folder, lesson)
    report.problems += notes
    if path is None:
        return None, report
    try:
        submitted = intake.read_notebook(path)
    except intake.Unreadable as error:
        report.problems.append(f"{error}; nothing could be graded, every test scores 0 (the file is kept as it "
                               "was submitted)")
        return None, report
    names_of = intake.answer_names(json.loads(course.source(lesson).read_text()))
    notebook, restored, pasted = intake.restore_cells(submitted, release, names_of)
    report.problems += restored
    report.flags += pasted
    report.flags += [f"{TAMPERING} {finding}; its autograded points are withheld (0) until you review it"
                     for finding in intake.find_tampering(notebook)]
    if restored:
        report.flags.append("test or locked cells were changed; they were restored before grading")
    stamp = folder / "timestamp.txt"
    timestamp = stamp.read_text().strip() if stamp.is_file() else None
    return engine.Job(lesson, student, notebook, template, course.course_id, timestamp), report


# Messages of nnlib.grading that mean a check caught a trick at run time.
RUNTIME_TRICKS = {"the notebook replaced": "rebinds a function the checks rely on",
                  "calls the course library's reference implementation": "delegates a graded function to the "
                                                                          "course library"}


def _runtime_flags(outcome):
    """A flag for each trick a check reported, with the test cells that reported it. Only test cells' outputs count:
    the same words in the student's code, or printed by it (grading.py's source, say), are not a check's verdict."""
    notebook = outcome.files.get(f"{outcome.lesson}.ipynb")
    if notebook is None:
        return []
    try:
        cells = json.loads(notebook.decode("utf-8", "replace")).get("cells", [])
    except ValueError:
        return []
    reported = {}
    for cell in cells:
        meta = cell.get("metadata", {}).get("nbgrader", {})
        if cell.get("cell_type") != "code" or not meta.get("grade") or meta.get("solution"):
            continue
        text = "\n".join(_output_text(output) for output in cell.get("outputs", []))
        for marker in RUNTIME_TRICKS:
            if marker in text:
                reported.setdefault(marker, []).append(meta.get("grade_id", "?"))
    return [f"{RUNTIME_TRICKS[marker]} (reported by {', '.join(cells)}; those points are lost)"
            for marker, cells in reported.items()]


def _output_text(output):
    """What a cell output shows: an error's name, message and traceback, a stream's text, a result's plain text."""
    parts = [output.get("ename", ""), output.get("evalue", ""), *output.get("traceback", []), output.get("text", ""),
             output.get("data", {}).get("text/plain", "")]
    return "\n".join("".join(part) if isinstance(part, list) else str(part) for part in parts)


def release_test_ids(source_notebook):
    """grade_ids of the autograded test cells of a lesson."""
    cells = json.loads(Path(source_notebook).read_text())["cells"]
    return {c["metadata"]["nbgrader"]["grade_id"] for c in cells
            if c.get("metadata", {}).get("nbgrader", {}).get("grade")
            and not c["metadata"]["nbgrader"].get("solution")}


def _withhold_test_points(grades, test_ids):
    return {notebook: {gid: ((0.0, manual) if gid in test_ids else (score, manual))
                       for gid, (score, manual) in cells.items()} for notebook, cells in grades.items()}


def _report_grade(lesson, student, grades, report):
    if grades is None:
        score = "not graded (0)"
    else:
        score = f"{sum(s or 0 for cells in grades.values() for s, _ in cells.values()):g} points"
    print(f"autograde {lesson} / {student}: {score}" + (f", {report.seconds:g} s" if report.seconds else ""))
    for line in report.problems:
        print(f"    problem: {line}")
    for line in report.flags:
        print(f"    FLAG: {line}")
    return True


def feedback(course, lessons=None, student=None):
    """Write HTML feedback into autograder/feedback/<student>/<lesson>/."""
    results = []
    for lesson in _selected_lessons(course, lessons):
        graded = course.autograder / "autograded"
        if not any((graded / who / lesson).is_dir() for who in ([student] if student else course.students(lesson))):
            print(f"feedback {lesson}: no graded submissions")
            continue
        args = ["generate_feedback", lesson, "--force"] + ([f"--student={student}"] if student else [])
        ok, output = course.nbgrader(*args)
        failed = _feedback_failures(output)
        if ok or not failed:
            results.append(_report("feedback", lesson, ok, output))
            continue
        # nbgrader goes on after a student's notebook fails, and names the student only in its log: say who and why.
        written = [who for who in course.students(lesson)
                   if (course.autograder / "feedback" / who / lesson).is_dir() and who not in failed]
        print(f"feedback {lesson}: written for {len(written)} students; FAILED for {len(failed)}:")
        for who, reason in sorted(failed.items()):
            path = (course.autograder / "autograded" / who / lesson / f"{lesson}.ipynb").relative_to(course.root)
            print(f"    {who} ({path}): {reason}" + next((f" ({advice})" for cause, advice in FEEDBACK_ADVICE.items()
                                                         if cause in reason), ""))
        results.append(False)
    return all(results)


# nbgrader's errors on a student's notebook in generate_feedback, and what the instructor can do about them.
FEEDBACK_ADVICE = {
    "hidden test": "a cell of the student's notebook outside the test cells carries the '### BEGIN HIDDEN TESTS' or "
                   "'### END HIDDEN TESTS' marker, usually a hidden test pasted or printed into an answer; delete the "
                   "marker lines from that cell of the autograded notebook and run feedback again",
}


def _feedback_failures(output):
    """{student: nbgrader's reason} for each student whose notebook generate_feedback could not convert."""
    failures, student = {}, None
    for line in output.splitlines():
        start = re.search(r"There was an error processing assignment: (.+)$", line)
        if start:
            student = Path(start.group(1).strip()).parent.name
            failures[student] = "nbgrader could not convert the notebook"
        elif student and re.match(r"\w*(Error|Exception)\b.*: ", line.strip()):
            failures[student] = line.strip()
        elif re.search(r"for student '([^']+)'", line):
            failures.setdefault(re.search(r"for student '([^']+)'", line).group(1), "nbgrader could not convert the "
                                "notebook")
    return failures


def grades(course):
    """Export every score in the gradebook to autograder/grades.csv (with each submission's time and the lesson's
    due date, and the late penalty of nbgrader's LateSubmissionPlugin when one is configured)."""
    _apply_late_penalties(course)
    ok, output = course.nbgrader("export", f"--CsvExportPlugin.to={course.autograder / 'grades.csv'}")
    if ok:
        _grades_by_student(course)
    return _report("grades", f"{course.autograder / 'grades.csv'} and grades-by-student.csv", ok, output)


def _grades_by_student(course):
    """autograder/grades-by-student.csv: a row per student (id and name), a column per lesson with its score after
    any late penalty (empty: no submission), and the total; the shape a spreadsheet or an LMS's grade import
    takes."""
    from nbgrader.api import Gradebook, MissingEntry

    with Gradebook(course.db_url, course.course_id) as gradebook:
        lessons = sorted(gradebook.assignments, key=lambda assignment: assignment.name)
        header = ["student_id", "last_name", "first_name",
                  *(f"{lesson.name} (of {lesson.max_score:g})" for lesson in lessons),
                  f"total (of {sum(lesson.max_score for lesson in lessons):g})"]
        rows = []
        for student in sorted(gradebook.students, key=lambda student: student.id):
            scores = []
            for lesson in lessons:
                try:
                    submission = gradebook.find_submission(lesson.name, student.id)
                except MissingEntry:
                    scores.append(None)
                    continue
                scores.append(max(submission.score - (submission.late_submission_penalty or 0), 0))
            rows.append([student.id, student.last_name or "", student.first_name or "",
                         *("" if score is None else f"{score:g}" for score in scores),
                         f"{sum(score or 0 for score in scores):g}"])
    with open(course.autograder / "grades-by-student.csv", "w", newline="", encoding="utf-8") as handle:
        csv.writer(handle).writerows([header, *rows])


def _apply_late_penalties(course):
    """nbgrader's late penalty (c.LateSubmissionPlugin.penalty_method, or the class in
    c.AssignLatePenalties.plugin_class) for each submission later than its lesson's due date (collect --due), as
    `nbgrader autograde` would; grading happens in scratch gradebooks that know no due date."""
    if not (course.autograder / "gradebook.db").is_file():
        return
    from nbgrader.api import Gradebook
    from nbgrader.preprocessors import AssignLatePenalties

    from autograder import engine

    engine.prepare_nbgrader()
    plugin = AssignLatePenalties(config=course.settings).plugin_class(config=course.settings)
    with Gradebook(course.db_url, course.course_id) as gradebook:
        for assignment in gradebook.assignments:
            if assignment.duedate is None:
                continue
            for submission in assignment.submissions:
                seconds = submission.total_seconds_late
                for notebook in submission.notebooks:
                    penalty = plugin.late_submission_penalty(submission.student.id, notebook.score, seconds) \
                        if seconds > 0 else None
                    notebook.late_submission_penalty = None if penalty is None else min(max(penalty, 0),
                                                                                        notebook.score)
        gradebook.db.commit()


@dataclass
class LessonResult:
    score: float = 0.0
    max_score: float = 0.0
    problems: list = field(default_factory=list)
    flags: list = field(default_factory=list)
    failed: list = field(default_factory=list)    # (grade_id, first line of its failure)


def failed_checks(notebook_path):
    """(grade_id, first line of the failure) for each test cell of an autograded notebook that failed, and for each
    answer cell that raised (its error explains the failures after it)."""
    if not Path(notebook_path).is_file():
        return []
    try:
        notebook = json.loads(Path(notebook_path).read_text())
    except (OSError, ValueError) as error:
        return [("notebook", f"cannot be read: {error}")]
    return _failures_in(notebook)


def _failures_in(notebook):
    failures = []
    for cell in notebook.get("cells", []):
        meta = cell.get("metadata", {}).get("nbgrader", {})
        if cell.get("cell_type") != "code" or not (meta.get("grade") or meta.get("solution")):
            continue
        name = meta.get("grade_id", "?") + ("" if meta.get("grade") else " (answer cell)")
        for output in cell.get("outputs", []):
            if output.get("output_type") == "error":
                failures.append((name, f"{output.get('ename')}: {output.get('evalue')}"))
            elif output.get("output_type") == "stream" and output.get("name") == "stderr" and meta.get("grade"):
                failures.append((name, "wrote to stderr: " + "".join(output.get("text", ""))))
    return [(grade_id, (message.strip().splitlines() or [""])[0][:160]) for grade_id, message in failures]


def collect_results(course):
    """{student: {lesson: LessonResult}} from the gradebook and the autograded notebooks."""
    from nbgrader.api import Gradebook, MissingEntry

    results = {}
    db = course.autograder / "gradebook.db"
    if not db.exists():
        return results
    with Gradebook(f"sqlite:///{db}") as gradebook:
        lessons = [a.name for a in gradebook.assignments]
        for student in gradebook.students:
            row = results.setdefault(student.id, {})
            for lesson in lessons:
                try:
                    submission = gradebook.find_submission(lesson, student.id)
                except MissingEntry:
                    continue
                result = row[lesson] = LessonResult(submission.score, submission.max_score)
                report = course.report(lesson, student.id)
                result.problems += report["problems"]
                result.flags += report["flags"]
                if "failed" in report:
                    result.failed += [tuple(failure) for failure in report["failed"]]
                else:  # a report written before reports carried the failed checks
                    for notebook in submission.notebooks:
                        path = course.autograder / "autograded" / student.id / lesson / f"{notebook.name}.ipynb"
                        result.failed += failed_checks(path)
                if submission.needs_manual_grade:
                    result.problems.append(MANUAL)
    return results


# One screen: a terminal window on a laptop. The summary of a class of 30 fits in it; details go to the reports.
SCREEN_COLUMNS, SCREEN_LINES = 120, 50
STUDENT_WIDTH = 20


def summary(course):
    """One screen for a class: a row per student (the score of each lesson, what needs a look), then the flagged
    submissions, the problems and what the last collect left out, as many lines of each as the screen has room for.
    Every detail is in the reports (autograder/reports/<student>/<lesson>.json), and the summary says so."""
    results = {student: row for student, row in collect_results(course).items() if row}
    if not results:
        print("No graded submissions yet: run `autograde` first.")
        return True
    lessons = sorted({lesson for row in results.values() for lesson in row})
    lines = _score_table(results, lessons)
    reports = (course.autograder / "reports").relative_to(course.root)
    lines += ["", f"Details (every problem, flag and failed check): {reports}/<student>/<lesson>.json"]
    submissions = [(_shorten(student, STUDENT_WIDTH), lesson, result)
                   for student, row in sorted(results.items()) for lesson, result in sorted(row.items())]
    # Submissions the grader had to cope with come before those that merely failed checks.
    troubled = sorted((entry for entry in submissions if _real_problems(entry[2])),
                      key=lambda entry: not any(p != MANUAL for p in entry[2].problems))
    sections = [
        ("Problems found:", [f"  {student} / {lesson}: " + "; ".join(_real_problems(result))
                             for student, lesson, result in troubled]),
        ("Flagged for review:", [f"  {student} / {lesson}: " + "; ".join(_flag_headlines(result.flags))
                                 for student, lesson, result in submissions if result.flags]),
    ]
    uncollected = _collect_warnings(course, lessons)
    if uncollected:
        sections.append((f"Not collected (from the last collect of each lesson: {reports}/collect-<lesson>.txt):",
                         uncollected))
    room = SCREEN_LINES - len(lines) - 2 * len(sections)
    # The flags get their room first (each asks for a judgement), then the problems, then collect's leftovers.
    priority = [1, 0, 2][:len(sections)]
    shares = _share([len(sections[i][1]) for i in priority], room)
    shares = [shares[priority.index(i)] for i in range(len(sections))]
    for (title, entries), shown in zip(sections, shares):
        lines += ["", title]
        if not entries:
            lines.append("  none")
        elif shown < len(entries):
            more = len(entries) - max(shown - 1, 0)
            lines += entries[:max(shown - 1, 0)] + [f"  … and {more} more: see the reports"]
        else:
            lines += entries
    print("\n".join(_shorten(line, SCREEN_COLUMNS, middle=False) for line in lines))
    return True


def _score_table(results, lessons):
    """The table of scores, a row per student. Lesson columns carry the lesson's full name while the table fits the
    screen; beyond that (a term's worth of lessons) its number, with the names and points in a legend above."""
    def row_of(student, row, numbered):
        cells = [_score(row[lesson], numbered) if lesson in row else "—" for lesson in lessons]
        total = sum(r.score for r in row.values()), sum(r.max_score for r in row.values())
        return (_shorten(student, STUDENT_WIDTH), *cells, f"{total[0]:g}/{total[1]:g}", _look_at(row, numbered))

    for numbered in (False, True):
        rows = [row_of(student, row, numbered) for student, row in sorted(results.items())]
        headers = [lesson.split("_")[0] if numbered else lesson for lesson in lessons]
        table = _table(("student", *headers, "total", "look at"), rows, limit=SCREEN_COLUMNS)
        if max(map(_display_width, table)) <= SCREEN_COLUMNS:
            break
    if not numbered:
        return table
    points = {lesson: next(row[lesson].max_score for row in results.values() if lesson in row) for lesson in lessons}
    legend = ", ".join(f"{lesson.split('_')[0]} = {lesson} ({points[lesson]:g} points)" for lesson in lessons)
    return _wrap(f"Lessons: {legend}", SCREEN_COLUMNS) + table


def _score(result, numbered):
    return f"{result.score:g}" if numbered else f"{result.score:g}/{result.max_score:g}"


def _look_at(row, short):
    """What needs the instructor's eye in a student's row: flags, problems the grader coped with, written answers."""
    flags = sum(len(r.flags) for r in row.values())
    problems = sum(len([p for p in r.problems if p != MANUAL]) for r in row.values())
    manual = any(MANUAL in r.problems for r in row.values())
    notes = [f"{flags} FLAG{'S' * (flags != 1)}" if flags else "",
             f"{problems} problem{'s' * (problems != 1)}" if problems else "",
             ("to grade" if short else "written answers to grade") if manual else ""]
    return ", ".join(note for note in notes if note) or "-"


SANDBOX_FLAG = "sandbox: code that "


def _flag_headlines(flags):
    """Each flag's headline (what was found, without where and what follows: the report has it all); the sandbox's
    flags share one ("sandbox: code that installs packages, opens network connections")."""
    headlines = [re.split(r"; | \(| in (?=\w+(, \w+)*;)", flag, maxsplit=1)[0] for flag in flags]
    sandbox = [headline.removeprefix(SANDBOX_FLAG) for headline in headlines if headline.startswith(SANDBOX_FLAG)]
    merged = [headline for headline in headlines if not headline.startswith(SANDBOX_FLAG)]
    return merged + ([SANDBOX_FLAG + ", ".join(sandbox)] if sandbox else [])


def _share(sizes, room):
    """Lines for each section: all of a section's lines when they fit; otherwise room is shared out in order, each
    section keeping at least its first lines."""
    room = max(room, 2 * len(sizes))
    shown = [min(size, room // max(len(sizes), 1)) for size in sizes]
    left = room - sum(shown)
    for i, size in enumerate(sizes):
        extra = min(size - shown[i], left)
        shown[i] += extra
        left -= extra
    return [max(count, 1) if size else 0 for count, size in zip(shown, sizes)]


def _wrap(text, width):
    import textwrap

    return textwrap.wrap(text, width, subsequent_indent="  ", break_on_hyphens=False)


MANUAL = "written answers wait for manual grading"
COLLECT_WARNINGS = ("MISSING", "NOT ON THE ROSTER", "NOT ATTRIBUTED", "NO NOTEBOOK", "NOT WRITTEN", "REMOVED")


def _real_problems(result):
    """The problems worth a line: the report's headlines, then the failed checks (up to two in words; beyond that
    one in words and the count of the others). Each is shortened; the report has every word."""
    problems = [_shorten(problem.split("; ")[0], 70, middle=False) for problem in result.problems if problem != MANUAL]
    if len(result.failed) <= 2:
        return problems + [_shorten(f"{grade_id}: {message}", 50, middle=False)
                           for grade_id, message in result.failed]
    # The message worth reading first: a check's own words, not an answer cell's bare error nor the NameError an
    # unanswered exercise causes in its tests.
    telling = [(grade_id, message) for grade_id, message in result.failed
               if "(answer cell)" not in grade_id and not message.startswith("NameError")]
    first = (telling or result.failed)[0]
    others = len(result.failed) - 1
    return problems + [_shorten(f"{first[0]}: {first[1]}", 50, middle=False), f"{others} more failed checks"]


def _collect_warnings(course, lessons):
    """The lines of each lesson's last collect report that name a student or file left out."""
    lines = []
    for lesson in lessons:
        path = course.autograder / "reports" / f"collect-{lesson}.txt"
        if not path.is_file():
            continue
        wanted = False
        for line in path.read_text(encoding="utf-8").splitlines():
            if not line.startswith(" "):  # a section starts; its indented lines follow it
                wanted = line.startswith(COLLECT_WARNINGS)
                if wanted:
                    lines.append(f"  {lesson}: {line}")
            elif wanted:
                lines.append(f"  {line}")
    return lines


def _size(text):
    """'2G', '512M', '1500000000' -> bytes."""
    units = {"K": 1024, "M": 1024 ** 2, "G": 1024 ** 3}
    text = text.strip().upper().removesuffix("B")
    try:
        return int(float(text[:-1]) * units[text[-1]]) if text[-1:] in units else int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a size such as 2G, 512M or 0") from None


def main(argv=None):
    parser = argparse.ArgumentParser(prog="python -m autograder", description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--root", type=Path, default=DEFAULT_ROOT, help="course repository (default: this one)")
    commands = parser.add_subparsers(dest="command", required=True)
    p = commands.add_parser("release", help="generate the student release into course/")
    p.add_argument("lessons", nargs="*", help="lesson names (default: every lesson)")
    p = commands.add_parser("collect", help="collect an LMS download folder into autograder/submitted/")
    p.add_argument("folder", help="folder holding the downloaded zips or notebooks")
    p.add_argument("--lesson", required=True)
    p.add_argument("--roster", help="the class list as your LMS exports it (CSV): report who is missing")
    p.add_argument("--due", help="the due date, e.g. '2026-11-20 23:59' (UTC): marks late submissions and lets "
                                 "grades.csv carry the lateness")
    whole = p.add_mutually_exclusive_group()
    whole.add_argument("--add", action="store_true", help="add this download's students; keep the others")
    whole.add_argument("--replace", action="store_true", help="this download is the whole class: remove whoever "
                                                              "is not in it, even most of the students")
    for name in ("autograde", "feedback"):
        p = commands.add_parser(name, help=f"{name} submissions")
        p.add_argument("--lesson", action="append", dest="lessons", help="a lesson (repeatable; default: all)")
        p.add_argument("--student", help="one student id (default: all)")
    p = commands.choices["autograde"]
    p.add_argument("--workers", type=int, default=1, help="students graded at the same time (default: 1)")
    p.add_argument("--scheduler", help="address of a Dask scheduler (tcp://host:8786): grade on its workers")
    p.add_argument("--timeout", type=int, help="seconds a cell may run (default: the course's Execute.timeout)")
    p.add_argument("--memory-limit", type=_size, help="memory a grading kernel may use, e.g. 2G, 512M, 0 for no "
                                                      "limit (default: 2G)")
    commands.add_parser("grades", help="export the gradebook to autograder/grades.csv")
    commands.add_parser("summary", help="print scores per student and lesson, and the problems found")
    args = parser.parse_args(argv)
    course = Course(args.root.resolve())
    steps = {
        "release": lambda: release(course, args.lessons),
        "collect": lambda: collect(course, args.folder, args.lesson, args.roster, args.due, args.add,
                                   args.replace),
        "autograde": lambda: autograde(course, args.lessons, args.student, args.workers, args.scheduler,
                                       args.timeout, args.memory_limit),
        "feedback": lambda: feedback(course, args.lessons, args.student),
        "grades": lambda: grades(course),
        "summary": lambda: summary(course),
    }
    sys.exit(0 if steps[args.command]() else 1)
