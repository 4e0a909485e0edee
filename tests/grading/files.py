"""Small helpers the grading tests share: what a folder holds, and what a student reads in a feedback page."""
import hashlib
import html
import re


def checksums(folder):
    """{relative path: sha256} of every file under folder."""
    return {str(p.relative_to(folder)): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(folder.rglob("*")) if p.is_file()}


def visible_text(html_file):
    """The text a student reads in an HTML feedback file: tags removed (code is split into spans), entities decoded."""
    return html.unescape(re.sub(r"<[^>]+>", "", html_file.read_text()))
