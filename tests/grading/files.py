"""Small helpers the grading tests share: the instructor's commands, what a folder holds, and what a student reads
in a feedback page."""
import hashlib
import html
import re
import subprocess
import sys


def run_autograder(course, *args, timeout=900, env=None):
    """`python -m autograder --root course *args`, as the Makefile runs it.  -> (exit status, stdout + stderr)"""
    result = subprocess.run([sys.executable, "-m", "autograder", "--root", str(course), *args],
                            capture_output=True, text=True, encoding="utf-8", timeout=timeout, env=env)
    return result.returncode, result.stdout + result.stderr


def checksums(folder):
    """{relative path: sha256} of every file under folder."""
    return {str(p.relative_to(folder)): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(folder.rglob("*")) if p.is_file()}


def visible_text(html_file):
    """The text a student reads in an HTML feedback file: tags removed (code is split into spans), entities decoded."""
    return html.unescape(re.sub(r"<[^>]+>", "", html_file.read_text()))
