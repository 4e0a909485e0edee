"""nbgrader configuration of the course, loaded by the repository root's nbgrader_config.py.

Every path is anchored at the repository root, so nbgrader commands and the formgrader behave the same
from any working directory and never create a stray gradebook elsewhere.
"""
from pathlib import Path

from nbconvert.preprocessors import CSSHTMLHeaderPreprocessor
from nbgrader.preprocessors import ClearHiddenTests, GetGrades

from autograder.feedback import HideTestTracebacks
from autograder.notes import DropInstructorNotes

ROOT = Path(__file__).resolve().parent.parent
AUTOGRADER = ROOT / "autograder"

c = get_config()  # noqa: F821 (provided by traitlets when it loads this file)

c.CourseDirectory.course_id = "nn-training"
c.CourseDirectory.root = str(ROOT)
c.CourseDirectory.source_directory = "solutions"
c.CourseDirectory.release_directory = "course"
c.CourseDirectory.submitted_directory = "autograder/submitted"
c.CourseDirectory.autograded_directory = "autograder/autograded"
c.CourseDirectory.feedback_directory = "autograder/feedback"
c.CourseDirectory.db_url = f"sqlite:///{AUTOGRADER / 'gradebook.db'}"

# Seconds per cell; every lesson runs top to bottom in under 10 s, so this only stops runaways.
c.Execute.timeout = 60
c.Execute.interrupt_on_timeout = True

c.CsvExportPlugin.to = str(AUTOGRADER / "grades.csv")

# The exchange (nbgrader's release/submit/collect by folder) must exist and be writable, or the formgrader shows
# "Unwritable directory ... exchange" on every page. By default it lives here, git-ignored, for one machine; on a
# shared server, point it at a folder every user can write (autograder/README.md, "The exchange route").
c.Exchange.root = str(AUTOGRADER / "exchange")
try:
    Path(c.Exchange.root).mkdir(exist_ok=True)
except OSError:  # a read-only checkout: nbgrader names the folder when the exchange is used
    pass

# Feedback shows each failure's message but neither hidden test source nor tracebacks quoting it, nor the notes the
# autograder left for the instructor in the graded copy (its flags, the rubrics).
c.GenerateFeedback.preprocessors = [GetGrades, DropInstructorNotes, HideTestTracebacks, ClearHiddenTests,
                                    CSSHTMLHeaderPreprocessor]
