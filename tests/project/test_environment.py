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


def test_conda_environment_pins_the_lock_versions():
    lock, conda = lock_pins(), conda_pins()
    python = conda.pop("python")
    assert sys.version.startswith(python + "."), f"environment.yml asks for Python {python}, tests run {sys.version}"
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
        urllib.request.urlopen(urllib.request.Request(f"{base}/api/shutdown", method="POST", headers=headers))
        server.wait(timeout=60)
    finally:
        if server.poll() is None:
            os.killpg(server.pid, 15)
            server.wait(timeout=30)
        log.close()
