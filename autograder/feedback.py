"""Feedback for students shows what failed, never how it was tested."""
from nbgrader import utils
from nbgrader.preprocessors import NbGraderPreprocessor


class HideTestTracebacks(NbGraderPreprocessor):
    """Reduce every error in a test cell to its one-line message.

    An IPython traceback quotes the lines of the cell that raised, which for a hidden test would show its source.
    The course's checks already raise GradingFailure with a message written for the student; other errors (a
    NameError when a function is missing) keep their type and message, which is what a student can act on.
    """

    def preprocess_cell(self, cell, resources, cell_index):
        if cell.cell_type == "code" and utils.is_grade(cell):
            for output in cell.get("outputs", []):
                if output.output_type == "error":
                    output.traceback = [f"{output.ename}: {output.evalue}"]
        return cell, resources
