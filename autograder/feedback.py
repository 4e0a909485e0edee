"""Feedback for students shows what failed, never how it was tested."""
import re

from nbgrader import utils
from nbgrader.preprocessors import NbGraderPreprocessor

BEGIN, END = "BEGIN HIDDEN TESTS", "END HIDDEN TESTS"
REMOVED = "[a line of the hidden tests was removed here]"
# Shorter lines of a hidden test (")", "x = 1") are removed only when an output line is exactly one of them.
SHORTEST_QUOTED = 8
# Output formats whose text could quote code; images and widgets cannot.
TEXT_FORMATS = ("text/plain", "text/html", "text/markdown", "text/latex", "application/javascript")


def hidden_test_lines(notebook):
    """The stripped lines inside the hidden test regions of the notebook's test cells."""
    lines = set()
    for cell in notebook.cells:
        if cell.cell_type != "code" or not utils.is_grade(cell):
            continue
        inside = False
        for line in cell.source.splitlines():
            if BEGIN in line:
                inside = True
            elif END in line:
                inside = False
            elif inside and line.strip():
                lines.add(line.strip())
    return lines


def _quotes(line, hidden, long_hidden):
    stripped = re.sub(r"\x1b\[[0-9;]*m", "", line).strip()
    return bool(stripped) and (stripped in hidden or BEGIN in stripped or END in stripped
                               or any(text in stripped for text in long_hidden))


class HideTestTracebacks(NbGraderPreprocessor):
    """Reduce every test cell's error to its one-line message; show nothing else of a hidden test cell; and remove
    hidden test lines from every output, wherever the student's code printed them.

    An IPython traceback quotes the lines of the cell that raised, which for a hidden test would show its source.
    The course's checks already raise GradingFailure with a message written for the student; other errors (a
    NameError when a function is missing) keep their type and message, which is what a student can act on.
    A hidden test calls the student's code, which can read its caller's frame or the kernel's input history and
    print what it finds: so a hidden test cell keeps only its error, and any output line (of any cell) that quotes a
    line of a hidden test is replaced by a note. Runs before ClearHiddenTests, while the regions are still there.
    """

    def preprocess(self, nb, resources):
        self._hidden = hidden_test_lines(nb)
        self._long_hidden = {line for line in self._hidden if len(line) >= SHORTEST_QUOTED}
        return super().preprocess(nb, resources)

    def _clean(self, text):
        if isinstance(text, list):
            text = "".join(text)
        lines = text.splitlines(keepends=True)
        return "".join(REMOVED + ("\n" if line.endswith("\n") else "")
                       if _quotes(line, self._hidden, self._long_hidden) else line for line in lines)

    def preprocess_cell(self, cell, resources, cell_index):
        if cell.cell_type != "code":
            return cell, resources
        if utils.is_grade(cell):
            if BEGIN in cell.source:
                cell.outputs = [output for output in cell.get("outputs", []) if output.output_type == "error"]
            for output in cell.get("outputs", []):
                if output.output_type == "error":
                    output.traceback = [f"{output.ename}: {output.evalue}"]
        for output in cell.get("outputs", []):
            if output.output_type == "stream":
                output.text = self._clean(output.text)
            elif output.output_type == "error":
                output.evalue = self._clean(output.evalue)
                output.traceback = [self._clean(line) for line in output.traceback]
            elif "data" in output:
                for kind in TEXT_FORMATS:
                    if kind in output.data:
                        output.data[kind] = self._clean(output.data[kind])
        return cell, resources
