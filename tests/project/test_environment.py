"""The environment files agree with each other, and `make lab` starts a JupyterLab that answers."""
import json
import os
import re
import secrets
import socket
import subprocess
import sys
import time
import tomllib
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def lock_pins():
    pins = {}
    for line in (ROOT / "requirements.lock").read_text().splitlines():
        line = line.strip()
        if line and not line.startswith("#"):
            name, version = line.split("==")
            pins[name.lower()] = version
    return pins


def conda_pins():
    pins = {}
    for line in (ROOT / "environment.yml").read_text().splitlines():
        match = re.fullmatch(r"\s*-\s*([A-Za-z0-9_.-]+)=([0-9][^\s=]*)\s*", line)
        if match:
            pins[match.group(1).lower()] = match.group(2)
    return pins


def test_every_lock_line_is_an_exact_pin():
    for line in (ROOT / "requirements.lock").read_text().splitlines():
        if line.strip() and not line.startswith("#"):
            assert re.fullmatch(r"[A-Za-z0-9_.-]+==[A-Za-z0-9_.+!-]+", line), f"not an exact pin: {line!r}"


def supported_minor_versions():
    """(oldest, newest) minor version of Python 3 that pyproject.toml's requires-python admits."""
    spec = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]["requires-python"]
    match = re.fullmatch(r">=3\.(\d+),<3\.(\d+)", spec)
    assert match, f"requires-python should read '>=3.X,<3.Y', not {spec!r}"
    return int(match.group(1)), int(match.group(2)) - 1


def test_the_supported_pythons_are_stated_alike_everywhere():
    oldest, newest = supported_minor_versions()
    assert oldest <= sys.version_info.minor <= newest, f"the tests run on {sys.version}, outside the supported range"
    finder = (ROOT / "tools" / "find-python").read_text()
    assert f"OLDEST={oldest}\n" in finder and f"NEWEST={newest}\n" in finder, "tools/find-python's range differs"
    conda_python = re.search(r"^\s*-\s*python\s*(\S+)\s*$", (ROOT / "environment.yml").read_text(), re.M)
    assert conda_python and conda_python.group(1) == f">=3.{oldest},<3.{newest + 1}", (
        f"environment.yml should ask for python>=3.{oldest},<3.{newest + 1}")
    readme = (ROOT / "README.md").read_text()
    assert f"Python 3.{oldest} to 3.{newest}" in readme, "the README does not state the supported Python versions"


def test_the_environment_holds_exactly_the_locked_packages():
    import sysconfig
    from importlib.metadata import distributions

    # Only what is installed in the environment itself: setuptools' vendored packages also carry metadata, and are
    # found once something has put their folder on sys.path.
    site = {sysconfig.get_paths()["purelib"], sysconfig.get_paths()["platlib"]}
    installed = {dist.metadata["Name"].lower(): dist.version for dist in distributions(path=sorted(site))}
    installed = {name: version for name, version in installed.items() if name not in ("pip", "nnlib")}
    lock = lock_pins()
    unpinned = sorted(set(installed) - set(lock))
    assert not unpinned, f"installed but not pinned in requirements.lock (pip chose their versions): {unpinned}"
    differ = {name: (installed[name], lock[name]) for name in installed if installed[name] != lock[name]}
    assert not differ, f"installed versions differ from the lock (installed, locked): {differ}"


def test_conda_environment_pins_the_lock_versions():
    lock, conda = lock_pins(), conda_pins()
    assert len(conda) >= 9, f"environment.yml pins too few packages: {sorted(conda)}"
    disagree = {name: (version, lock.get(name)) for name, version in conda.items() if lock.get(name) != version}
    assert not disagree, f"environment.yml and requirements.lock disagree (conda, lock): {disagree}"


def test_direct_dependencies_are_locked_and_installed():
    from importlib.metadata import version

    lock = lock_pins()
    project = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
    direct = project["dependencies"] + project["optional-dependencies"]["test"]
    for name in direct:
        assert name.lower() in lock, f"{name} is a dependency but not pinned in requirements.lock"
        assert version(name) == lock[name.lower()], f"{name}: installed {version(name)}, locked {lock[name.lower()]}"


def test_required_versions_of_the_course_stack():
    lock = lock_pins()
    assert lock["jupyterlab"].startswith("4.6.")
    assert lock["nbgrader"] == "0.9.6"
    assert lock["ipywidgets"].startswith("8.1.")


def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def test_make_lab_starts_a_jupyterlab_that_answers(tmp_path):
    port, token = free_port(), secrets.token_hex(16)
    env = dict(os.environ)
    for var, sub in [("HOME", "home"), ("JUPYTER_CONFIG_DIR", "config"), ("JUPYTER_RUNTIME_DIR", "runtime"),
                     ("JUPYTER_DATA_DIR", "data"), ("IPYTHONDIR", "ipython"), ("MPLCONFIGDIR", "mpl")]:
        env[var] = str(tmp_path / sub)
    flags = (f"--no-browser --ServerApp.ip=127.0.0.1 --ServerApp.port={port} --ServerApp.port_retries=0 "
             f"--IdentityProvider.token={token}")
    log = open(tmp_path / "lab.log", "wb")
    server = subprocess.Popen(["make", "-s", "lab", f"LAB_FLAGS={flags}"], cwd=ROOT, env=env,
                              stdout=log, stderr=subprocess.STDOUT, start_new_session=True)
    base = f"http://127.0.0.1:{port}"
    headers = {"Authorization": f"token {token}"}
    try:
        status = None
        deadline = time.monotonic() + 120
        while time.monotonic() < deadline and server.poll() is None:
            try:
                with urllib.request.urlopen(urllib.request.Request(f"{base}/api/status", headers=headers), timeout=5) as r:
                    status = json.load(r)
                break
            except OSError:
                time.sleep(0.5)
        assert status is not None, "JupyterLab did not answer:\n" + (tmp_path / "lab.log").read_text()[-3000:]
        with urllib.request.urlopen(urllib.request.Request(f"{base}/api/contents/course", headers=headers)) as r:
            listing = json.load(r)
        assert listing["type"] == "directory", "the server does not serve the course folder"
        with urllib.request.urlopen(urllib.request.Request(f"{base}/lab", headers=headers)) as r:
            assert b"JupyterLab" in r.read()
        # A fresh user (empty settings) is not asked about Jupyter news: that pop-up covers the notebook's corner.
        notification = f"{base}/lab/api/settings/@jupyterlab/apputils-extension:notification"
        with urllib.request.urlopen(urllib.request.Request(notification, headers=headers)) as r:
            defaults = {name: value.get("default") for name, value in json.load(r)["schema"]["properties"].items()}
        assert defaults["fetchNews"] == "false" and defaults["checkForUpdates"] is False, defaults
        # A lesson arrives with the language information its kernel will report, whatever the stored notebook says,
        # so that opening it does not mark it as modified; the file itself is left as it is.
        lesson = "course/01_forward_pass/01_forward_pass.ipynb"
        with urllib.request.urlopen(urllib.request.Request(f"{base}/api/contents/{lesson}", headers=headers)) as r:
            served = json.load(r)["content"]["metadata"]["language_info"]
        # this environment's kernel, asked in a process of its own: importing ipykernel here would make tqdm (and
        # other libraries) believe later tests run in a notebook
        kernel = subprocess.run([sys.executable, "-c", "import json; from ipykernel.ipkernel import IPythonKernel as K; "
                                 "print(json.dumps(K.language_info))"], capture_output=True, text=True, check=True)
        assert served == json.loads(kernel.stdout)
        assert json.loads((ROOT / lesson).read_text())["metadata"]["language_info"] != served
        urllib.request.urlopen(urllib.request.Request(f"{base}/api/shutdown", method="POST", headers=headers))
        server.wait(timeout=60)
    finally:
        if server.poll() is None:
            os.killpg(server.pid, 15)
            server.wait(timeout=30)
        log.close()
