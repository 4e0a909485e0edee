"""Hostile submissions, graded for real in the sandbox: each gains nothing, is flagged, and leaves no trace.

A class of lesson 01 in a temporary copy of the course, graded with the README's commands (autograde, summary,
feedback). Every hostile student hands in honest answers (the solution, or a wrong sigmoid) plus code that attacks
the grader from an answer cell: reading the gradebook or solutions/ (found through nnlib.__file__ or by walking the
file system), printing the hidden tests (from its caller's frame inside a check, or from the kernel's input
history), writing marker files into the repository and the home folder, `pip install`, opening a socket to a
documentation address, and starting processes meant to outlive the kernel. The attack prints LEAKED when it
succeeds, so the autograded notebooks say whether anything got through.
"""
import functools
import json
import os
import subprocess
import sys
import sysconfig
import uuid
from dataclasses import dataclass
from pathlib import Path

import nnlib
import pytest
from nbgrader.api import Gradebook

from autograder import sandbox
from tests.grading.cases_01_forward_pass import EXERCISES
from tests.grading.files import checksums, visible_text
from tests.grading.quality import LessonRunner
from tests.notebooks.lessons import (LESSONS, REGIONS, copy_course, load, release_path, secret_lines, source_of,
                                     source_path)

LESSON = "01_forward_pass"
MARKER = f"hostile-marker-{uuid.uuid4().hex[:12]}"           # the name of every file an attack tries to write
SLEEP_SECONDS = str(900_000 + os.getpid() % 90_000)          # how a surviving process is recognized
REPOSITORY = Path(nnlib.__file__).resolve().parents[2]      # the checkout the grader runs from
WRONG_SIGMOID = EXERCISES[0].mistakes[0].source


def meta(cell):
    return cell.get("metadata", {}).get("nbgrader", {})


def solutions():
    return {meta(c)["grade_id"]: source_of(c).split("=== BEGIN MARK SCHEME ===")[0]
            for c in load(source_path(LESSON))["cells"] if meta(c).get("solution")}


def attack(code):
    """Hostile code that never stops the cell: what it gains it prints as LEAKED, what stops it as blocked."""
    body = "\n".join("    " + line for line in code.strip().splitlines())
    return f"\ntry:\n{body}\nexcept Exception as error:\n    print('blocked:', type(error).__name__, error)\n"


READS_GRADEBOOK = attack("""
from pathlib import Path
import nnlib
root = Path(nnlib.__file__).resolve().parents[2]
for path in (root / "autograder" / "gradebook.db", root / "solutions" / "01_forward_pass" / "01_forward_pass.ipynb",
             root / "autograder" / "nbgrader_config.py"):
    try:
        print("LEAKED", path, len(path.read_bytes()))
    except OSError as error:
        print("blocked:", path, error)
""")
WALKS_THE_FILE_SYSTEM = attack("""
import os
from pathlib import Path
tops = ["/work", "/root", "/home", "/srv", "/opt", "/var", "/mnt", "/tmp", *map(str, Path.cwd().parents)]
for top in tops:
    for folder, names, files in os.walk(top):
        names[:] = [n for n in names if n not in (".venv", "site-packages", ".pyenv", ".git")]
        for name in files:
            if name == "gradebook.db" or name.endswith(".ipynb") or name == "nbgrader_config.py":
                text = Path(folder, name).read_bytes()
                if b"HIDDEN TESTS" in text or name != "01_forward_pass.ipynb":
                    print("LEAKED", folder, name, len(text))
""")
PRINTS_CALLER_FRAME = """
import sys, linecache
honest_sigmoid = sigmoid


def sigmoid(z):
    frame = sys._getframe(1)
    while frame is not None:  # the cells that called it: a test cell, hidden or not
        if "ipykernel" in frame.f_code.co_filename:
            print("".join(linecache.getlines(frame.f_code.co_filename)))
        frame = frame.f_back
    return honest_sigmoid(z)
"""
PRINTS_INPUT_HISTORY = "\nprint('\\n'.join(get_ipython().user_ns.get('In', [])))\n"
WRITES_MARKERS = attack(f"""
import os, pwd
from pathlib import Path
import nnlib
targets = [Path(nnlib.__file__).resolve().parents[2] / "{MARKER}", Path(pwd.getpwuid(os.getuid()).pw_dir) / "{MARKER}",
           Path("/tmp") / "{MARKER}", *(parent / "{MARKER}" for parent in Path.cwd().parents)]
for target in targets:
    try:
        target.write_text("written by a student")
        print("WROTE", target)
    except OSError as error:
        print("blocked:", target, error)
""")
# A wheel built on the spot: pip installs it without any network, if it may write to the environment.
PIP_INSTALL = attack(f"""
import zipfile
name = "{MARKER.replace('-', '_')}"
with zipfile.ZipFile(f"{{name}}-1.0-py3-none-any.whl", "w") as wheel:
    wheel.writestr(f"{{name}}.py", "print('installed by a student')\\n")
    wheel.writestr(f"{{name}}-1.0.dist-info/METADATA", f"Metadata-Version: 2.1\\nName: {{name}}\\nVersion: 1.0\\n")
    wheel.writestr(f"{{name}}-1.0.dist-info/WHEEL", "Wheel-Version: 1.0\\nGenerator: hand\\nRoot-Is-Purelib: true\\n"
                   "Tag: py3-none-any\\n")
    wheel.writestr(f"{{name}}-1.0.dist-info/RECORD", "")
""") + f"!pip install --no-deps {MARKER.replace('-', '_')}-1.0-py3-none-any.whl\n"
OPENS_SOCKET = attack("""
import socket
connection = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
connection.settimeout(2)
connection.connect(("192.0.2.1", 9))
print("LEAKED: connected to 192.0.2.1")
""")
FORKS_SURVIVORS = attack(f"""
import os, subprocess
subprocess.Popen(["sleep", "{SLEEP_SECONDS}"], start_new_session=True)
if os.fork() == 0:
    os.setsid()
    os.execv("/bin/sleep", ["sleep", "{SLEEP_SECONDS}"])
print("started two processes")
""")
PASTES_A_HIDDEN_TEST = "\n# ### BEGIN HIDDEN TESTS (a hidden test I found)\n"


@dataclass
class Student:
    name: str
    answers: dict
    flag: str = ""           # words the flag must show ("" for none)
    honest: dict = None      # the answers without the attack (None: the solution)


def with_solution(grade_id, code):
    return {grade_id: solutions()[grade_id] + code}


CLASS = [
    Student("good", {}),
    Student("wrong", {"sigmoid": WRONG_SIGMOID}, honest={"sigmoid": WRONG_SIGMOID}),
    Student("reads_gradebook", {"sigmoid": WRONG_SIGMOID + READS_GRADEBOOK}, "looks for files",
            honest={"sigmoid": WRONG_SIGMOID}),
    Student("walks_file_system", with_solution("relu", WALKS_THE_FILE_SYSTEM), "looks for files"),
    Student("prints_caller_frame", {**with_solution("sigmoid", PRINTS_CALLER_FRAME),
                                    **with_solution("softmax", PRINTS_INPUT_HISTORY)}, "inspects its callers' frames"),
    Student("writes_markers", with_solution("relu", WRITES_MARKERS), "looks for files"),
    Student("pip_install", with_solution("relu", PIP_INSTALL), "installs packages"),
    Student("opens_socket", with_solution("relu", OPENS_SOCKET), "opens network connections"),
    Student("forks_survivors", with_solution("relu", FORKS_SURVIVORS), "starts processes"),
    Student("pastes_hidden_test", with_solution("relu", PASTES_A_HIDDEN_TEST)),
]
HOSTILE = [s for s in CLASS if s.flag]


def notebook_of(student, course):
    notebook = load(release_path(LESSON, course))
    answers = {**solutions(), **student.answers}
    for cell in notebook["cells"]:
        if meta(cell).get("grade_id") in answers:
            cell["source"] = answers[meta(cell)["grade_id"]]
    return json.dumps(notebook, indent=1).encode()


def run(course, *args):
    result = subprocess.run([sys.executable, "-m", "autograder", "--root", str(course), *args],
                            capture_output=True, text=True, timeout=900)
    return result.returncode, result.stdout + result.stderr


def surviving_processes():
    """PIDs of processes started by FORKS_SURVIVORS that are still running."""
    found = []
    for entry in Path("/proc").iterdir():
        try:
            if entry.name.isdigit() and SLEEP_SECONDS.encode() in (entry / "cmdline").read_bytes():
                found.append(int(entry.name))
        except OSError:
            pass
    return found


def markers():
    """Marker files anywhere an attack aimed: the repository, the home folder, /tmp (the course copy is checked by
    checksums)."""
    places = [REPOSITORY, Path.home(), Path("/tmp")]
    return [str(place / MARKER) for place in places if (place / MARKER).exists()]


def home_listing():
    """The home folder's visible entries. Dot folders are left out: the tests running beside this one (Jupyter,
    IPython, matplotlib) may create their caches there at any moment."""
    return sorted(name for name in os.listdir(Path.home()) if not name.startswith("."))


def installed():
    return sorted(p.name for p in Path(sysconfig.get_paths()["purelib"]).iterdir())


def course_state(course):
    """Checksums of the course copy, except the folders grading writes into."""
    written = ("autograder/autograded", "autograder/feedback", "autograder/reports", "autograder/gradebook.db")
    return {path: digest for path, digest in checksums(course).items() if not path.startswith(written)}


@pytest.fixture(scope="module")
def graded(tmp_path_factory):
    works, why_not = sandbox.status()
    if not works:  # the attacks would succeed: they would write into this checkout and install a package
        pytest.skip(f"the hostile class is graded only in the sandbox, which is not available here: {why_not}")
    course = copy_course(tmp_path_factory.mktemp("course"))
    status, output = run(course, "release", LESSON)
    assert status == 0, output
    for student in CLASS:
        folder = course / "autograder" / "submitted" / student.name / LESSON
        folder.mkdir(parents=True)
        (folder / f"{LESSON}.ipynb").write_bytes(notebook_of(student, course))
    before = {"course": course_state(course), "home": home_listing(), "markers": markers(),
              "site_packages": installed()}
    status, output = run(course, "autograde", "--timeout", "20")
    _, summary = run(course, "summary")
    feedback = run(course, "feedback")
    survivors = surviving_processes()
    for pid in survivors:  # only if the sandbox failed; the test then fails below
        os.kill(pid, 9)
    after = {"course": course_state(course), "home": home_listing(), "markers": markers(),
             "site_packages": installed()}
    return {"course": course, "status": status, "output": output, "summary": summary, "feedback": feedback,
            "before": before, "after": after, "survivors": survivors}


def scores(course):
    with Gradebook(f"sqlite:///{course / 'autograder' / 'gradebook.db'}") as gradebook:
        return {s.name: sum(g.auto_score or 0 for g in gradebook.find_submission_notebook(LESSON, LESSON, s.name).grades
                            if g.cell_type == "code") for s in CLASS}


def printed(course, name):
    """Everything the student's autograded notebook printed (outputs only, not the code)."""
    notebook = json.loads((course / "autograder" / "autograded" / name / LESSON / f"{LESSON}.ipynb").read_text())
    texts = []
    for cell in notebook["cells"]:
        for output in cell.get("outputs", []):
            texts += [output.get("text", ""), output.get("evalue", ""), *output.get("traceback", []),
                      *output.get("data", {}).values()]
    return "\n".join("".join(text) if isinstance(text, list) else str(text) for text in texts)


def earned(honest):
    return _earned(json.dumps(honest or {}, sort_keys=True))


@functools.lru_cache(maxsize=None)
def _earned(honest):
    honest = json.loads(honest)
    points = {meta(c)["grade_id"]: float(meta(c)["points"]) for c in load(source_path(LESSON))["cells"]
              if meta(c).get("grade") and not meta(c).get("solution")}
    verdicts = LessonRunner(LESSON).run_all({**solutions(), **(honest or {})})
    return sum(points[g] for g, passed in verdicts.items() if passed and g in points)


def test_the_run_says_whether_the_sandbox_is_in_force(graded):
    first = graded["output"].splitlines()[0]
    assert first.startswith("sandbox: in force"), graded["output"]
    assert graded["status"] == 0, graded["output"]


@pytest.mark.parametrize("student", CLASS, ids=lambda s: s.name)
def test_each_scores_what_its_honest_part_earns(graded, student):
    assert scores(graded["course"])[student.name] == pytest.approx(earned(student.honest)), graded["output"]


@pytest.mark.parametrize("student", HOSTILE, ids=lambda s: s.name)
def test_an_attack_gains_nothing(graded, student):
    assert "LEAKED" not in printed(graded["course"], student.name)


def test_writes_land_only_in_the_scratch_folder(graded):
    """The attack may write its scratch folder and the sandbox's own /tmp, which vanish with it; nothing else."""
    text = printed(graded["course"], "writes_markers")
    assert "Read-only file system" in text
    assert graded["after"]["markers"] == graded["before"]["markers"] == []
    assert graded["after"]["home"] == graded["before"]["home"]
    assert graded["after"]["course"] == graded["before"]["course"]


def test_pip_install_fails_and_changes_no_package(graded):
    text = printed(graded["course"], "pip_install")
    assert "Read-only file system" in text, text[-3000:]
    assert graded["after"]["site_packages"] == graded["before"]["site_packages"]


def test_no_network_and_no_surviving_process(graded):
    assert "Network is unreachable" in printed(graded["course"], "opens_socket")
    assert "started two processes" in printed(graded["course"], "forks_survivors")
    assert graded["survivors"] == [], "processes started by a student's code outlived the grading kernel"


@pytest.mark.parametrize("student", HOSTILE, ids=lambda s: s.name)
def test_each_attack_is_flagged(graded, student):
    flagged = graded["summary"].split("Flagged for review:")[1]
    assert any(student.flag in line and f" {student.name} / " in line for line in flagged.splitlines()), flagged


@pytest.mark.parametrize("student", HOSTILE, ids=lambda s: s.name)
def test_the_formgrader_shows_the_flags_at_the_top_of_the_graded_copy(graded, student):
    path = graded["course"] / "autograder" / "autograded" / student.name / LESSON / f"{LESSON}.ipynb"
    first = json.loads(path.read_text())["cells"][0]
    assert first["cell_type"] == "markdown" and "FLAG:" in "".join(first["source"]), first
    assert student.flag in "".join(first["source"]), first


def test_honest_students_are_not_flagged(graded):
    flagged = graded["summary"].split("Flagged for review:")[1]
    for name in ("good", "wrong"):
        assert f" {name} / " not in flagged, flagged


def test_feedback_names_the_student_whose_notebook_nbgrader_rejects_and_goes_on(graded):
    status, output = graded["feedback"]
    assert status != 0
    line = next(line for line in output.splitlines() if "pastes_hidden_test" in line)
    assert f"autograder/autograded/pastes_hidden_test/{LESSON}/{LESSON}.ipynb" in line
    assert "hidden tests" in line.lower() and "BEGIN HIDDEN TESTS" in line, output
    for student in CLASS:
        page = graded["course"] / "autograder" / "feedback" / student.name / LESSON / f"{LESSON}.html"
        assert page.is_file() == (student.name != "pastes_hidden_test"), f"{student.name}\n{output}"


def test_feedback_shows_no_hidden_test_line(graded):
    hidden = secret_lines(LESSON, regions=REGIONS[1:])
    for student in CLASS:
        page = graded["course"] / "autograder" / "feedback" / student.name / LESSON / f"{LESSON}.html"
        if not page.is_file():
            continue
        text = visible_text(page)
        own = {line.strip() for source in {**solutions(), **student.answers}.values() for line in source.splitlines()}
        leaked = sorted((hidden - own) & {line.strip() for line in text.splitlines()})
        assert not leaked, f"{student.name}'s feedback shows hidden test lines: {leaked[:5]}"
        assert "BEGIN HIDDEN TESTS" not in text
    # The attack did read the hidden tests inside the kernel: only the feedback filter keeps them from the student.
    assert "BEGIN HIDDEN TESTS" in printed(graded["course"], "prints_caller_frame")


# The grading helper, in-process: code run as IPython runs a cell (its source registered in linecache).
def run_cell(source, namespace):
    import linecache

    filename = f"<cell-{uuid.uuid4().hex}>"
    linecache.cache[filename] = (len(source), None, source.splitlines(keepends=True), filename)
    exec(compile(source, filename, "exec"), namespace)


STUDENT_FINITE_DIFFERENCE = '''
def finite_difference(f, x, h=1e-5):
    print("my own debugging line")
    return f(x[:, :1] + h) - f(x[:, :1] - h)   # the student's bug: a slice of the wrong shape
'''
HIDDEN_TEST = '''
### BEGIN HIDDEN TESTS
check_function(finite_difference, lambda V: np.sum((V @ B_hidden) ** 2), X, expected=np.zeros((2, 3)))
### END HIDDEN TESTS
'''


def test_a_check_quotes_the_students_line_never_the_tests_lambda(capsys):
    import numpy as np

    from nnlib.grading import GradingFailure, check_function

    namespace = {"np": np, "check_function": check_function, "X": np.ones((2, 3)), "B_hidden": np.ones((3, 4))}
    run_cell(STUDENT_FINITE_DIFFERENCE, namespace)
    with pytest.raises(GradingFailure) as failure:
        run_cell(HIDDEN_TEST, namespace)
    message = str(failure.value)
    assert "finite_difference(...) raised ValueError" in message
    assert "B_hidden" not in message and "lambda" not in message
    assert "return f(x[:, :1] + h)" in message
    assert "my own debugging line" not in capsys.readouterr().out


def test_what_the_students_code_prints_in_a_visible_test_is_kept(capsys):
    import numpy as np

    from nnlib.grading import GradingFailure, check_function

    namespace = {"np": np, "check_function": check_function, "X": np.ones((2, 3)), "B_hidden": np.ones((3, 4))}
    run_cell(STUDENT_FINITE_DIFFERENCE, namespace)
    with pytest.raises(GradingFailure):
        run_cell(HIDDEN_TEST.replace("### BEGIN HIDDEN TESTS", "").replace("### END HIDDEN TESTS", ""), namespace)
    assert "my own debugging line" in capsys.readouterr().out


def test_without_bubblewrap_the_run_says_what_that_means(monkeypatch):
    monkeypatch.setattr(sandbox.shutil, "which", lambda name: None)
    sandbox.status.cache_clear()
    try:
        line = sandbox.announcement()
    finally:
        monkeypatch.undo()
        sandbox.status.cache_clear()
    assert line.startswith("sandbox: NOT AVAILABLE")
    assert "with your rights" in line and "apt-get install bubblewrap" in line


@pytest.mark.parametrize("lesson", LESSONS)
def test_no_solution_is_flagged_as_an_attack(lesson):
    assert sandbox.attempts(load(source_path(lesson)), sandboxed=True) == []
