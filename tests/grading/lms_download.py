"""Download folders built the way Canvas and Moodle deliver them, for real: zips written with zipfile, the LMS's own
file names, system files, nested zips and names that are not ASCII (or not even UTF-8).

Canvas (Assignments > Download Submissions: submissions.zip):
    <sortable name, lower case, no spaces or punctuation>_[LATE_]<user id>_<attachment id>_<file name as uploaded>
    and a re-submitted file named "<stem>-1.ipynb", "<stem>-2.ipynb" (the higher, the newer).
Moodle (View all submissions > Download all submissions: "<course>-<assignment>-<cmid>.zip"):
    <full name, '_' as ' '>_<participant number>_assignsubmission_file_<file name>           (flat)
    <full name, '_' as ' '>_<participant number>_assignsubmission_file_/<file name>          ("in folders")
    and the student's online text as ..._assignsubmission_onlinetext_onlinetext.html.
Rosters: Canvas's gradebook export (Student, ID, SIS User ID, SIS Login ID, Section; a "Points Possible" row and its
"Student, Test" student) and Moodle's grading worksheet (Identifier "Participant N", Full name, Email address, ...,
Last modified (submission) as Moodle prints it).
"""
import copy
import io
import json
import os
import zipfile
from datetime import datetime

from tests.notebooks.lessons import load, nbgrader_meta, release_path, source_of, source_path, without_mark_scheme


def release_notebook(lesson, course):
    """The untouched student release: its autograded tests score 0."""
    return json.dumps(load(release_path(lesson, course)), indent=1).encode()


def solved_notebook(lesson, course):
    """The release with every answer cell holding the solution (without the rubric): every autograded point."""
    answers = {nbgrader_meta(c)["grade_id"]: without_mark_scheme(source_of(c))
               for c in load(source_path(lesson))["cells"] if nbgrader_meta(c).get("solution")}
    notebook = copy.deepcopy(load(release_path(lesson, course)))
    for cell in notebook["cells"]:
        if nbgrader_meta(cell).get("grade_id") in answers:
            cell["source"] = answers[nbgrader_meta(cell)["grade_id"]]
    return json.dumps(notebook, indent=1).encode()


def canvas_name(sortable_name, user_id, attachment_id, file_name, late=False):
    return f"{sortable_name}_{'LATE_' if late else ''}{user_id}_{attachment_id}_{file_name}"


def moodle_name(full_name, participant, file_name, folders=False, plugin="file"):
    prefix = f"{full_name.replace('_', ' ')}_{participant}_assignsubmission_{plugin}_"
    return f"{prefix}/{file_name}" if folders else prefix + file_name


def write_zip(path_or_buffer, entries):
    """entries: [(name, bytes, (Y, M, D, h, m, s) or None)]. Names given as bytes are stored exactly so, without
    the UTF-8 flag (as old Windows tools write them)."""
    raw_names = {}
    if not isinstance(path_or_buffer, io.BytesIO):
        path_or_buffer.parent.mkdir(parents=True, exist_ok=True)
    with zipfile.ZipFile(path_or_buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for index, (name, data, when) in enumerate(entries):
            if isinstance(name, bytes):  # a same-length ASCII stand-in, patched below (offsets stay valid)
                stand_in = f"~{index:0{len(name) - 1}d}".encode()[:len(name)]
                stand_in = stand_in + b"~" * (len(name) - len(stand_in))
                raw_names[stand_in] = name
                name = stand_in.decode()
            info = zipfile.ZipInfo(name, date_time=when or (2026, 11, 20, 12, 0, 0))
            info.compress_type = zipfile.ZIP_DEFLATED
            archive.writestr(info, data)
    if raw_names:
        data = path_or_buffer.getvalue() if isinstance(path_or_buffer, io.BytesIO) else path_or_buffer.read_bytes()
        for stand_in, raw in raw_names.items():
            assert data.count(stand_in) == 2, "the stand-in name must appear once per header"
            data = data.replace(stand_in, raw)
        if isinstance(path_or_buffer, io.BytesIO):
            path_or_buffer.seek(0)
            path_or_buffer.truncate()
            path_or_buffer.write(data)
        else:
            path_or_buffer.write_bytes(data)


def zip_bytes(entries):
    buffer = io.BytesIO()
    write_zip(buffer, entries)
    return buffer.getvalue()


def write_file(folder, name, data, when=None):
    """A file of the download folder; a name given as bytes is written exactly so (not UTF-8, say)."""
    path = os.path.join(os.fsencode(folder), name if isinstance(name, bytes) else name.encode())
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, "wb") as handle:
        handle.write(data)
    if when:
        stamp = datetime(*when).timestamp()
        os.utime(path, (stamp, stamp))


def canvas_roster(rows):
    """Canvas's gradebook export: rows of (sortable 'Last, First', user id, SIS login id)."""
    lines = ["Student,ID,SIS User ID,SIS Login ID,Section,01 Forward pass (1234)",
             "    Points Possible,,,,,19.00"]
    lines += [f'"{name}",{user_id},S{user_id},{login},NN101 Section 1,' for name, user_id, login in rows]
    lines.append('"Student, Test",9999,,,NN101 Section 1,')
    return ("\n".join(lines) + "\n").encode("utf-8-sig")


def moodle_worksheet(rows):
    """Moodle's grading worksheet: rows of (participant number, full name, email, submitted as Moodle prints it)."""
    lines = ['Identifier,"Full name","Email address",Status,Grade,"Maximum Grade","Grade can be changed",'
             '"Last modified (submission)","Last modified (grade)","Feedback comments"']
    for participant, name, email, submitted in rows:
        status = "Submitted for grading" if submitted != "-" else "No submission"
        lines.append(f'"Participant {participant}","{name}",{email},"{status}",,19.00,Yes,"{submitted}",-,')
    return ("\n".join(lines) + "\n").encode("utf-8-sig")
