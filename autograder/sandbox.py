"""The sandbox every grading kernel runs in: bubblewrap (bwrap), the namespace sandbox Flatpak is built on.

Inside it the kernel sees a file system made of read-only pieces of this one: the operating system's programs and
libraries (/usr), the Python installation and environment that run the grader, and the course library with its
data. The only writable folders are its own scratch folders (bound at the same path as outside, so that paths
agree). Its network namespace holds only a loopback interface of its own, so no other machine (nor this one's
services) can be reached; the grader talks to it over ZeroMQ's IPC transport (Unix sockets in its scratch folder)
instead of TCP. Its own PID namespace means that
every process it starts dies with it. It keeps no capability and no variable of the grader's environment.

Where bubblewrap is missing or cannot create namespaces (some containers forbid it), `status()` says so and the
grader runs kernels without it, with the instructor's rights; the run says so at its start.
"""
import functools
import os
import re
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

from autograder.kernel import SINGLE_THREADED

# System folders a Python process needs. Debian links /bin, /lib, ... into /usr; the same links are made inside.
SYSTEM_FOLDERS = ("/usr", "/bin", "/sbin", "/lib", "/lib32", "/lib64")
# Files of /etc that programs read to start (the dynamic linker, fonts, time zone, user names), nothing else.
SYSTEM_FILES = ("/etc/ld.so.cache", "/etc/ld.so.conf", "/etc/ld.so.conf.d", "/etc/fonts", "/etc/localtime",
                "/etc/passwd", "/etc/group", "/etc/nsswitch.conf", "/etc/mime.types")
# What a lesson's kernel may learn from the grader's environment: language and locale, nothing that could be a
# secret (tokens, credentials, paths of the course).
KEPT_VARIABLES = ("LANG", "LANGUAGE", "LC_ALL", "LC_CTYPE", "TZ")
# /tmp and /dev/shm are the sandbox's own, in memory, gone with it; its size is capped like the kernel's memory.
TMP_SIZE = 256 * 1024 ** 2
INSTALL_HINT = "install bubblewrap (Debian and Ubuntu: apt-get install bubblewrap; Fedora: dnf install bubblewrap)"


def course_library_folders():
    """Folders of the course library (its code and its data), which the lessons import."""
    import nnlib

    return [Path(nnlib.__file__).resolve().parent]


def python_folders():
    """The Python installation and the environment running the grader (and so the kernel)."""
    folders = {Path(sys.prefix).resolve(), Path(sys.base_prefix).resolve(), Path(sys.executable).resolve().parent}
    return sorted(folders)


def _read_only_system():
    args = []
    for folder in SYSTEM_FOLDERS:
        path = Path(folder)
        if path.is_symlink():
            args += ["--symlink", os.readlink(path), folder]
        elif path.is_dir():
            args += ["--ro-bind", folder, folder]
    for name in SYSTEM_FILES:
        if Path(name).exists():
            args += ["--ro-bind", name, name]
    return args


def _seed_font_cache(home):
    """Copy matplotlib's font list from the grader's cache into the kernel's, which would otherwise rebuild it
    (half a second) in every kernel."""
    caches = Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache")
    cache = os.environ.get("MPLCONFIGDIR") or caches / "matplotlib"
    target = Path(home) / ".matplotlib"
    target.mkdir(parents=True, exist_ok=True)
    for font_list in Path(cache).glob("fontlist-*.json"):
        shutil.copyfile(font_list, target / font_list.name)


def command(writable, home):
    """bwrap's arguments (to put before the kernel's command) for a sandbox that can write only the `writable`
    folders, starts in `home` (one of them, also its HOME), has a small /tmp of its own, and can read the system,
    Python and the course library."""
    bwrap = shutil.which("bwrap")
    args = [bwrap, "--unshare-all", "--die-with-parent", "--new-session", "--cap-drop", "ALL", "--clearenv",
            "--hostname", "grader", "--proc", "/proc", "--dev", "/dev",
            "--size", str(TMP_SIZE), "--tmpfs", "/tmp", "--size", str(TMP_SIZE), "--tmpfs", "/dev/shm"]
    args += _read_only_system()
    for folder in [*python_folders(), *course_library_folders()]:
        args += ["--ro-bind", str(folder), str(folder)]
    for folder in writable:
        args += ["--bind", str(folder), str(folder)]
    # The sandbox's root folder (where the mount points were made) is read-only too.
    args += ["--remount-ro", "/", "--chdir", str(home)]
    _seed_font_cache(home)
    environment = {name: os.environ[name] for name in KEPT_VARIABLES if name in os.environ}
    environment.update(SINGLE_THREADED)
    environment.update(HOME=str(home), TMPDIR="/tmp", PATH=f"{Path(sys.executable).parent}:/usr/bin:/bin",
                       MPLCONFIGDIR=str(Path(home) / ".matplotlib"), PIP_NO_INPUT="1",
                       # pip refuses to touch the read-only environment at once, without trying the network first.
                       PIP_NO_INDEX="1", PIP_DISABLE_PIP_VERSION_CHECK="1",
                       # The kernel's parent inside is the sandbox's PID 1: ipykernel then neither watches for a
                       # parent change (--die-with-parent does) nor prints its console banner.
                       JPY_PARENT_PID="1")
    for name, value in sorted(environment.items()):
        args += ["--setenv", name, value]
    return args


@functools.lru_cache(maxsize=None)
def status():
    """(True, what the sandbox does) when bubblewrap works here, else (False, why not and what to do).
    Checked once per process by starting this Python inside a sandbox."""
    if sys.platform != "linux":
        return False, f"the sandbox needs Linux (this is {sys.platform})"
    if shutil.which("bwrap") is None:
        return False, f"bubblewrap (bwrap) is not installed: {INSTALL_HINT}"
    with tempfile.TemporaryDirectory(prefix="sandbox-check-") as home:
        probe = "import nnlib; print('ok')"
        try:
            result = subprocess.run([*command([home], home), sys.executable, "-c", probe], capture_output=True,
                                    text=True, timeout=60)
        except (OSError, subprocess.TimeoutExpired) as error:
            return False, f"bubblewrap could not start a sandbox ({error})"
    if result.returncode != 0 or result.stdout.strip() != "ok":
        detail = (result.stderr.strip().splitlines() or ["no output"])[-1]
        return False, (f"bubblewrap cannot create a sandbox on this system ({detail}); user namespaces may be "
                       "disabled (sysctl kernel.unprivileged_userns_clone=1) or forbidden by the container")
    version = subprocess.run([shutil.which("bwrap"), "--version"], capture_output=True, text=True).stdout.strip()
    return True, version or "bubblewrap"


def announcement():
    """The line a grading run starts with: whether student code is sandboxed, and what it means if not."""
    works, detail = status()
    if works:
        return (f"sandbox: in force ({detail}): each grading kernel reads only the Python environment and the "
                "course library, writes only its scratch folder, has no network, and its processes end with it")
    return (f"sandbox: NOT AVAILABLE ({detail}). Student code will run with your rights: it could read "
            "solutions/ and the gradebook, change files, reach the network or install packages. Grade only "
            f"submissions you trust, or {INSTALL_HINT} and run again")


# Code in a student's cells that only makes sense against the grader: (what it is, a pattern of its source).
# The sandbox blocks each of these at run time; the flag tells the instructor that somebody tried.
ATTEMPTS = (
    ("installs packages (pip or conda)", r"(?m)^\s*[!%]\s*(pip|conda|mamba)\b|\bpip\s+install\b|-m\s+pip\b"),
    ("opens network connections", r"\b(socket|urllib|requests|http\.client|httpx|smtplib|ftplib)\b"),
    ("starts processes (fork, subprocess, shell commands)",
     r"(?m)\bos\.(fork|forkpty|system|spawn\w*|exec\w*|posix_spawn\w*|setsid)\b|\b(subprocess|Popen|multiprocessing)\b"
     r"|^\s*!"),
    ("inspects its callers' frames or the kernel's input history (which hold the hidden tests)",
     r"\b(sys\._getframe|f_back|tb_frame|gi_frame|f_locals|f_globals|linecache|_ih|_i\d*)\b|\binspect\.\w"
     r"|\bIn\s*\["),
    ("looks for files outside its notebook (the gradebook, solutions/, the library's folder, the file system)",
     r"\b(gradebook|__file__|os\.walk|os\.listdir|scandir|glob|expanduser|home)\b|\bos\.(remove|unlink)\b"
     r"|['\"/]solutions\b|\bopen\s*\(|\.(read_text|read_bytes|write_text|write_bytes|iterdir|rglob)\b"),
)


def attempts(notebook, sandboxed):
    """Flags for code in the student's cells (not locked, not tests) that tries what the sandbox blocks."""
    consequence = ("the sandbox blocked it; only the honest part of the work scores" if sandboxed else
                   "NOT blocked: this notebook was graded without the sandbox, so check your files")
    from autograder.engine import cell_name  # (engine imports this module)

    found = {}
    for index, cell in enumerate(notebook.get("cells", [])):
        meta = cell.get("metadata", {}).get("nbgrader", {})
        if cell.get("cell_type") != "code" or meta.get("locked") or meta.get("grade"):
            continue
        source = "".join(cell.get("source", ""))
        where = meta.get("grade_id") or cell_name(notebook, index)  # a cell the student added has no grade_id
        for what, pattern in ATTEMPTS:
            if re.search(pattern, source):
                found.setdefault(what, []).append(where)
    return [f"sandbox: code that {what} (in {', '.join(where)}); {consequence}" for what, where in found.items()]
