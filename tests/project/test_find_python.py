"""tools/find-python, which `make lab` and `make test` use to choose the interpreter of a new .venv: it finds a
supported Python under the names systems give it, and otherwise says in one sentence what to install."""
import os
import subprocess
import sys
from pathlib import Path

import pytest

from tests.project.test_environment import ROOT, supported_minor_versions

FINDER = ROOT / "tools" / "find-python"
# The interpreter behind this venv (a venv's python is a link to it; a copy of the link would lose the venv).
BASE_PYTHON = Path(sys._base_executable).resolve()
THIS_VERSION = f"{sys.version_info.major}.{sys.version_info.minor}"


def find_python(path_dirs, *args):
    """Run the finder with PATH made of exactly these folders."""
    env = {"PATH": os.pathsep.join(str(d) for d in path_dirs), "HOME": os.environ.get("HOME", "/")}
    return subprocess.run(["/bin/sh", str(FINDER), *args], capture_output=True, text=True, env=env)


def folder_with(tmp_path, name, target):
    folder = tmp_path / name.replace("/", "_")
    folder.mkdir()
    (folder / name).symlink_to(target)
    return folder


@pytest.mark.parametrize("name", ["python3", f"python{THIS_VERSION}"])
def test_a_supported_python_is_found_under_the_names_systems_give_it(tmp_path, name):
    result = find_python([folder_with(tmp_path, name, BASE_PYTHON)])
    assert result.returncode == 0, result.stderr
    assert Path(result.stdout.strip()).name == name


def test_python3_is_preferred_to_other_supported_versions(tmp_path):
    result = find_python([folder_with(tmp_path, f"python{THIS_VERSION}", BASE_PYTHON),
                          folder_with(tmp_path, "python3", BASE_PYTHON)])
    assert result.returncode == 0 and Path(result.stdout.strip()).name == "python3", result.stderr


def test_without_any_python_one_sentence_says_which_versions_work(tmp_path):
    result = find_python([tmp_path])
    oldest, newest = supported_minor_versions()
    assert result.returncode == 1 and result.stdout == ""
    message = result.stderr.strip()
    assert message.count("\n") == 0, "the message should be one sentence on one line"
    assert f"3.{oldest} to 3.{newest}" in message and "install" in message and "PYTHON=" in message


def test_a_named_python_that_does_not_exist_is_named_in_the_message(tmp_path):
    result = find_python([folder_with(tmp_path, "python3", BASE_PYTHON)], "python3.99")
    assert result.returncode == 1 and "PYTHON=python3.99 is not a working Python" in result.stderr


def pythons_outside_the_range():
    """Real interpreters of unsupported versions on this machine (pyenv keeps old ones); none on most machines."""
    oldest, newest = supported_minor_versions()
    root = subprocess.run(["pyenv", "root"], capture_output=True, text=True).stdout.strip() if any(
        (Path(d) / "pyenv").exists() for d in os.environ.get("PATH", "").split(os.pathsep)) else ""
    found = []
    for python in sorted(Path(root).glob("versions/3.*/bin/python3")) if root else []:
        minor = int(python.parent.parent.name.split(".")[1])
        if not oldest <= minor <= newest:
            found.append(python)
    return found


def test_a_python_outside_the_supported_range_is_refused_with_its_version(tmp_path):
    unsupported = pythons_outside_the_range()
    if not unsupported:
        pytest.skip("no Python outside the supported range on this machine to try")
    python = unsupported[-1]
    result = find_python([folder_with(tmp_path, "python3", python)])
    version = python.parent.parent.name.rsplit(".", 1)[0]
    assert result.returncode == 1 and f"python3 ({version})" in result.stderr, result.stderr
    named = find_python([tmp_path], str(python))
    assert named.returncode == 1 and f"is Python {version}" in named.stderr, named.stderr
