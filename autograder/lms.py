"""Reading an LMS download: which file is whose submission, which attempt is the latest, and why every other file
was left out. Plain functions on paths, names and bytes: nothing here writes a file, and the download is only read
(zips are opened in memory, also zips inside zips).

The file names each LMS gives, and the student id each yields:

  Canvas    doejane_4321_998877_01_forward_pass.ipynb        id "4321" (Canvas's user id, the ID column of its
            doejane_LATE_4321_998877_01_forward_pass-1.ipynb  gradebook export); LATE marks a late submission;
                                                             "-1", "-2" are Canvas's names for re-submissions
  Moodle    Jane Doe_12345_assignsubmission_file_01_forward_pass.ipynb     id "jane-doe" (the full name; 12345 is
            Jane Doe_12345_assignsubmission_file_/01_forward_pass.ipynb    the participant number of this assignment
                                                             only); "jane-doe-12345" when two students share a name
  attempt   jdoe_attempt_2026-11-20-10-00-00_01_forward_pass.ipynb         id "jdoe", submitted at the time in the
            Lesson 1_jdoe_attempt_2026-11-20-10-00-00_01_forward_pass.ipynb  name (Blackboard's style)
  plain     jdoe_01_forward_pass.ipynb                       id "jdoe"

A file inside a zip or a folder belongs to the student named by the outermost LMS-style name on its path (the
student cannot change what the LMS wrote); failing that, by its own plain name. Within one name the LMS wrote the
beginning and the student the rest, and a student may name a file to look like another LMS's names
("eve_4327_555_4321_attempt_2030-01-01_01_forward_pass.ipynb" is Canvas's name for student 4327's file, not an attempt
of student 4321): a name is read in the naming of the LMS the download came from (the one that reads the most
files), else in the naming whose prefix ends first.
"""
import csv
import io
from collections import Counter
import os
import re
import unicodedata
import zipfile
from dataclasses import dataclass, field
from datetime import datetime, timezone
from pathlib import Path

MAX_ZIP_DEPTH = 3                 # the LMS zip, a student's zip inside it, one more
MAX_FILE_BYTES = 100 * 1024 ** 2  # a notebook is far smaller; anything larger is not read into memory
SYSTEM_FOLDERS = {"__MACOSX", ".ipynb_checkpoints", "__pycache__", ".git"}
SYSTEM_FILES = {".DS_Store", "Thumbs.db", "desktop.ini", ".localized"}

# DOTALL: a name may hold any character, a line break too, and must still be read from its start.
CANVAS = re.compile(r"(?P<name>[^_]+?)_(?P<late>LATE_)?(?P<user>\d+)_(?P<attachment>\d+)_(?P<rest>.+)", re.DOTALL)
MOODLE = re.compile(r"(?P<name>.+?)_(?P<participant>\d+)_assignsubmission_(?P<plugin>[a-z]+)(?:_(?P<rest>.*))?",
                    re.DOTALL)
ATTEMPT = re.compile(r"(?:.*?_)?(?P<id>[^_]+)_attempt_(?P<time>\d{4}-\d\d-\d\d(?:-\d\d){0,3})(?:_(?P<rest>.*))?",
                     re.DOTALL)
ATTEMPT_AFTER_ASSIGNMENT = re.compile(r"(?P<id>.+?)_attempt_(?P<time>\d{4}-\d\d-\d\d(?:-\d\d){0,3})"
                                      r"(?:_(?P<rest>.*))?", re.DOTALL)
PLAIN = re.compile(r"(?P<id>[^_]+)_(?:.*?_)?(?P<rest>\d\d_[^/]*\.ipynb)", re.IGNORECASE | re.DOTALL)
LMS_NAMES = {"moodle": MOODLE, "attempt": ATTEMPT, "canvas": CANVAS}  # in this order where counts tie: the
                                                                    # naming with a keyword is the less likely accident
CANVAS_RESUBMISSION = re.compile(r"(?P<stem>.+)-(?P<number>\d+)(?P<suffix>\.[A-Za-z0-9]+)")
LESSON_NOTEBOOK = re.compile(r"\d\d_[A-Za-z0-9_]+")


@dataclass
class Item:
    """One file of the download: where it was, whose it is, and what became of it."""

    parts: list                     # path from the download folder down, through each zip
    data: bytes = None
    modified: datetime = None       # the file's own time (file system or zip entry)
    student: str = None
    name: str = ""                  # the student's name as the LMS wrote it
    style: str = ""                 # canvas, moodle, attempt, plain
    file_name: str = ""             # the file's name without the LMS's prefix
    time: datetime = None           # submission time given by the LMS (in the name, or the roster)
    time_source: str = ""
    late: bool = False
    resubmission: int = 0
    moodle_participant: str = ""
    reason: str = ""                # why it is not collected ("" while it may be)
    system: bool = False            # a system file (__MACOSX, .DS_Store, a checkpoint): counted, not listed

    @property
    def where(self):
        return " > ".join(self.parts)


@dataclass
class Selection:
    """What a download holds for one lesson."""

    chosen: dict = field(default_factory=dict)       # {student: Item} the latest notebook of each student
    ignored: list = field(default_factory=list)      # Items left out, each with its reason
    unattributed: list = field(default_factory=list) # Items whose student could not be told
    without_notebook: dict = field(default_factory=dict)  # {student: [Item]} students who sent no notebook
    notes: list = field(default_factory=list)        # choices the instructor should know about


def readable(name):
    """A file name as text: bytes that are not UTF-8 (from the file system or an old zip) decoded as Windows-1252,
    so that a name is shown and compared the same way whatever wrote it."""
    raw = os.fsencode(name) if any("\udc80" <= ch <= "\udcff" for ch in name) else None
    if raw is not None:
        try:
            name = raw.decode("utf-8")
        except UnicodeDecodeError:
            name = raw.decode("cp1252", errors="replace")
    return unicodedata.normalize("NFC", name)


def _zip_entry_name(info):
    """The entry's name: zips without the UTF-8 flag hold the writer's own encoding, most often UTF-8 anyway."""
    if info.flag_bits & 0x800:
        return info.filename
    raw = info.filename.encode("cp437")
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError:
        return raw.decode("cp1252", errors="replace")


def _is_system(parts):
    return any(p in SYSTEM_FOLDERS for p in parts[:-1]) or parts[-1] in SYSTEM_FILES or parts[-1].startswith("._")


def _open_zip(parts, data, depth):
    """The entries of a zip held in memory, nested zips opened in turn."""
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
        infos = archive.infolist()
    except (zipfile.BadZipFile, OSError, ValueError) as error:
        yield Item(parts, reason=f"a zip that cannot be opened ({error})")
        return
    for info in infos:
        if info.is_dir():
            continue
        inner = [*parts, *[p for p in _zip_entry_name(info).split("/") if p]]
        try:
            modified = datetime(*info.date_time)
        except ValueError:  # some tools store no date at all (month 0)
            modified = None
        if _is_system(inner):
            yield Item(inner, modified=modified, reason="system file", system=True)
        elif info.file_size > MAX_FILE_BYTES:
            yield Item(inner, modified=modified, reason=f"larger than {MAX_FILE_BYTES // 1024 ** 2} MB")
        else:
            try:
                content = archive.read(info)
            except (zipfile.BadZipFile, OSError, ValueError, NotImplementedError, RuntimeError) as error:
                yield Item(inner, modified=modified, reason=f"cannot be read from its zip ({error})")
                continue
            yield from _expand(inner, content, modified, depth)


def _expand(parts, data, modified, depth):
    if parts[-1].lower().endswith(".zip"):
        if depth >= MAX_ZIP_DEPTH:
            yield Item(parts, modified=modified, reason=f"a zip nested more than {MAX_ZIP_DEPTH} deep")
        else:
            yield from _open_zip(parts, data, depth + 1)
    else:
        yield Item(parts, data=data, modified=modified)


def walk(folder):
    """Every file of a download folder as Items, zips opened; system files and unreadable ones carry a reason."""
    folder = Path(folder)
    for path in sorted(folder.rglob("*")):
        if not path.is_file() or path.is_symlink():
            continue
        parts = [readable(p) for p in path.relative_to(folder).parts]
        try:
            modified = datetime.fromtimestamp(path.stat().st_mtime, timezone.utc)
            if _is_system(parts):
                yield Item(parts, modified=modified, reason="system file", system=True)
            elif path.stat().st_size > MAX_FILE_BYTES:
                yield Item(parts, modified=modified, reason=f"larger than {MAX_FILE_BYTES // 1024 ** 2} MB")
            else:
                data = path.read_bytes()
                yield from _expand(parts, data, modified, 0)
        except OSError as error:
            yield Item(parts, reason=f"cannot be read ({error.strerror or error})")


def slug(text):
    """A full name as a student id: lower case, letters (of any script) and digits joined by '-'."""
    words = re.findall(r"[^\W_]+", unicodedata.normalize("NFC", text).lower())
    return "-".join(words)[:100]


def safe_id(text):
    """A student id usable as a folder name."""
    return re.sub(r"[^\w.@+-]+", "-", unicodedata.normalize("NFC", text)).strip("-.")[:100]


def _attempt_time(text):
    numbers = [int(n) for n in text.split("-")]
    return datetime(*numbers)


def _readings(part):
    """{style: match} of every LMS naming that reads one path component."""
    return {style: match for style, pattern in LMS_NAMES.items() if (match := pattern.fullmatch(part))}


def _prefix_end(match):
    """Where the LMS's part of a name ends and the student's file name begins."""
    return match.start("rest") if match["rest"] is not None else match.end()


def download_lms(items):
    """The naming of the LMS the download came from: the one that reads the outermost LMS-style name of the most
    files (one LMS names them all; a student's name that mimics another LMS is one file among many), or None."""
    counts = Counter()
    for item in items:
        readings = next(filter(None, (_readings(part) for part in item.parts)), {})
        counts.update(readings.keys())
    return max(LMS_NAMES, key=lambda style: counts[style]) if counts else None


def blackboard_assignment(items):
    """The assignment name Blackboard writes before every user name of a download ("Lesson 1_"): the longest start,
    ending in '_', that the names of all files named so share before "_attempt_"; "" when fewer than two files are
    named so or they share none. It lets a user name hold '_' ("Lesson 1_j_doe_attempt_..." is j_doe's, not doe's)."""
    users = []
    for item in items:
        match = next(filter(None, (ATTEMPT.fullmatch(part) for part in item.parts)), None)
        if match:
            users.append(match.string[:match.end("id")])  # the name before "_attempt_"
    if len(users) < 2:
        return ""
    common = os.path.commonprefix(users)
    return common[:common.rfind("_") + 1]


def parse_name(part, lms_only=False, lms=None, assignment=""):
    """(style, fields) for one path component in an LMS's naming, or None; `lms` is the download's naming, preferred
    when it reads the name, `assignment` blackboard_assignment() of the download. fields: id, name, rest, time,
    late, participant."""
    readings = _readings(part)
    if readings:
        style = lms if lms in readings else min(readings, key=lambda style: _prefix_end(readings[style]))
        match = readings[style]
        if style == "attempt" and assignment and part.startswith(assignment):
            match = ATTEMPT_AFTER_ASSIGNMENT.fullmatch(part, len(assignment)) or match
        if style == "moodle":
            return "moodle", {"name": match["name"], "id": slug(match["name"]), "rest": match["rest"] or "",
                              "participant": match["participant"], "plugin": match["plugin"]}
        if style == "attempt":
            try:
                time = _attempt_time(match["time"])
            except ValueError:
                time = None
            return "attempt", {"id": safe_id(match["id"]), "name": match["id"], "rest": match["rest"] or "",
                               "time": time}
        return "canvas", {"id": match["user"], "name": match["name"], "rest": match["rest"],
                          "late": bool(match["late"])}
    match = None if lms_only else PLAIN.fullmatch(part)
    if match:
        return "plain", {"id": safe_id(match["id"]), "name": match["id"], "rest": match["rest"]}
    return None


def attribute(item, lms=None, assignment=""):
    """Fill in item.student and what the LMS said about it (time, LATE, re-submission number); `lms` and
    `assignment` are download_lms() and blackboard_assignment() of the whole download."""
    found = None
    for index, part in enumerate(item.parts):  # outermost first: the LMS's own name wins
        parsed = parse_name(part, lms_only=True, lms=lms, assignment=assignment)
        if parsed:
            found = index, *parsed
            break
    if found is None:
        parsed = parse_name(item.parts[-1])
        if parsed:
            found = len(item.parts) - 1, *parsed
    if found is None or not found[2]["id"]:
        return item
    index, style, fields = found
    item.student, item.name, item.style = fields["id"], fields["name"], style
    item.time, item.late = fields.get("time"), fields.get("late", False)
    item.time_source = "name" if item.time else ""
    item.moodle_participant = fields.get("participant", "")
    item.file_name = fields["rest"] if index == len(item.parts) - 1 else item.parts[-1]
    if style == "moodle" and fields["plugin"] != "file":
        item.reason = f"Moodle's {fields['plugin']} text, not a file"
    if style == "canvas":
        # Canvas renames a re-submitted file "01_forward_pass-1.ipynb", "work-2.zip": the higher, the newer.
        match = CANVAS_RESUBMISSION.fullmatch(fields["rest"])
        item.resubmission = int(match["number"]) if match else 0
    return item


def _separate_namesakes(items):
    """Two Moodle students with one full name: each id gets the participant number."""
    numbers = {}
    for item in items:
        if item.style == "moodle":
            numbers.setdefault(item.student, set()).add(item.moodle_participant)
    for item in items:
        if item.style == "moodle" and len(numbers[item.student]) > 1:
            item.student = f"{item.student}-{item.moodle_participant}"


def _lesson_of(file_name):
    match = LESSON_NOTEBOOK.match(file_name)
    return match[0] if match else None


def _newness(item):
    oldest = datetime.min.replace(tzinfo=timezone.utc)
    return (as_utc(item.time) or oldest, item.resubmission, as_utc(item.modified) or oldest)


def as_utc(moment):
    """A time in UTC; a time without a zone (an LMS's name, a zip entry) is taken as UTC."""
    if moment is None:
        return None
    return moment.replace(tzinfo=timezone.utc) if moment.tzinfo is None else moment.astimezone(timezone.utc)


def select(items, lesson):
    """The latest notebook of the lesson for each student, and a reason for every other file."""
    selection = Selection()
    items = list(items)
    lms, assignment = download_lms(items), blackboard_assignment(items)
    items = [attribute(item, lms, assignment) if not item.reason else item for item in items]
    _separate_namesakes(items)
    candidates = {}
    for item in items:
        if item.reason:
            selection.ignored.append(item)
        elif item.student is None:
            item.reason = "no student named in its path"
            selection.unattributed.append(item)
        else:
            candidates.setdefault(item.student, []).append(item)
    for student, own in sorted(candidates.items()):
        notebooks = [i for i in own if i.file_name.lower().endswith(".ipynb")]
        for item in own:
            if item not in notebooks:
                item.reason = f"not a notebook ({item.file_name})"
        of_lesson = [i for i in notebooks if i.file_name.lower().startswith(lesson.lower())]
        others = [i for i in notebooks if i not in of_lesson and _lesson_of(i.file_name)]
        for item in others:
            item.reason = f"notebook of another lesson ({_lesson_of(item.file_name)})"
        pool = of_lesson or [i for i in notebooks if i not in others]
        if not pool:
            selection.without_notebook[student] = own
            selection.ignored += own
            continue
        pool.sort(key=lambda i: (_newness(i), i.where))
        latest = pool[-1]
        selection.chosen[student] = latest
        for item in pool[:-1]:
            item.reason = f"an older attempt (collected instead: {latest.parts[-1]})"
            if _newness(item) == _newness(latest):
                selection.notes.append(f"{student}: {item.where} and {latest.where} look equally new; took the "
                                       "latter (the last by name)")
        selection.ignored += [i for i in own if i is not latest]
    return selection


@dataclass
class Student:
    """One row of a roster."""

    name: str
    keys: set                      # every id the LMS may use for this student, lower case
    submitted: datetime = None     # Moodle's "Last modified (submission)"

    @property
    def display(self):
        return self.name or sorted(self.keys)[0]


MOODLE_TIME_FORMATS = ("%A, %d %B %Y, %I:%M %p", "%A, %d %B %Y, %H:%M", "%d %B %Y, %I:%M %p", "%Y-%m-%d %H:%M")


def _moodle_time(text):
    """A time of Moodle's worksheet: Moodle writes it in the instructor's time zone, taken as this computer's."""
    for fmt in MOODLE_TIME_FORMATS:
        try:
            return datetime.strptime(text.strip(), fmt).astimezone()
        except ValueError:
            continue
    return None


def _csv_rows(text):
    """The rows of a CSV as dicts; spreadsheets in many languages separate fields with ';' or a tab, not ','."""
    header = text.lstrip("\ufeff").partition("\n")[0]
    delimiter = max(",;\t", key=header.count)
    return csv.DictReader(io.StringIO(text), delimiter=delimiter)


def read_roster(path):
    """The students of a roster CSV as an LMS exports it: Canvas's gradebook export (Student, ID, SIS User ID,
    SIS Login ID), Moodle's grading worksheet (Identifier, Full name, Email address, Last modified (submission)) or
    its participants export (First name, Last name or Surname, Email address, Username, ID number), or any CSV with
    an id, username, email or name column."""
    raw = Path(path).read_bytes()
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        text = raw.decode("cp1252", errors="replace")
    students = []
    for row in _csv_rows(text):
        row = {(k or "").strip().lower(): (v or "").strip() for k, v in row.items() if isinstance(v, str)}
        name = row.get("student") or row.get("full name") or row.get("name") or " ".join(
            filter(None, [row.get("first name"), row.get("last name") or row.get("surname")]))
        if name in ("Points Possible", "Student, Test") or name.startswith("Points Possible"):
            continue  # Canvas's second row, and its built-in test student
        keys = {row[k] for k in ("id", "sis user id", "sis login id", "username", "login", "student id",
                                 "student_id", "id number", "email address", "email") if row.get(k)}
        keys |= {k.split("@")[0] for k in keys if "@" in k}
        if name:
            keys.add(slug(name))
            if "," in name:  # Canvas's "Doe, Jane" is "doejane" in its file names
                keys.add(re.sub(r"[\W_]+", "", name.lower()))
        participant = re.search(r"\d+", row.get("identifier", ""))
        if participant and name:
            keys.add(f"{slug(name)}-{participant[0]}")
        if not keys:
            continue
        submitted = _moodle_time(row.get("last modified (submission)", "") or "")
        students.append(Student(name, {k.lower() for k in keys}, submitted))
    return students


def match_roster(roster, students):
    """({student id: roster Student}, [roster Students with no submission], [ids not on the roster])."""
    found = {}
    for student in students:
        for entry in roster:
            if student.lower() in entry.keys:
                found[student] = entry
                break
    missing = [entry for entry in roster if entry not in found.values()]
    unknown = [student for student in students if student not in found]
    return found, missing, unknown
