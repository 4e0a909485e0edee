"""A class of lesson 01 in which most students attack the grader from an answer cell, and the helpers that look
for what an attack left behind: shared by the sandbox tests (tests/grading/test_sandbox.py) and the LMS download
that goes through the README's commands (tests/grading/test_collect.py).

Every attack is honest answers plus code that never stops its cell: what it gains it prints as LEAKED, what stops it
as "blocked", so the autograded notebooks say whether anything got through.
"""
import json
import os
import sysconfig
import uuid
from dataclasses import dataclass
from pathlib import Path

import nnlib
from nbgrader.api import Gradebook

from tests.grading.cases_01_forward_pass import EXERCISES
from tests.grading.files import checksums
from tests.notebooks.lessons import release_with_answers, solution_answers


LESSON = "01_forward_pass"
MARKER = f"hostile-marker-{uuid.uuid4().hex[:12]}"           # the name of every file an attack tries to write
SLEEP_SECONDS = str(900_000 + os.getpid() % 90_000)          # how a surviving process is recognized
REPOSITORY = Path(nnlib.__file__).resolve().parents[2]      # the checkout the grader runs from
WRONG_SIGMOID = EXERCISES[0].mistakes[0].source


def solutions():
    return solution_answers(LESSON)


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
    """The bytes of the student's notebook: the release with the solution and the student's own answers."""
    return json.dumps(release_with_answers(LESSON, course, {**solutions(), **student.answers}), indent=1).encode()


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
