"""What the grader does with a submission before any of its code runs: find the notebook, read it, put back the
cells a student may not change, and look for attempts to fool the checks.

Everything here works on copies held in memory; a submitted file is only ever read.

find_notebook      the notebook of a lesson in a student's folder, also when it was renamed ("04_backprop (1).ipynb")
read_notebook      its JSON, or a message that says why it cannot be graded (empty, not JSON, not a notebook)
restore_cells      the release's locked and test cells back in place, in the release's order; the student's
                   answers and own extra cells kept; a report of what was deleted or edited. Answers pasted into a
                   fresh notebook (no nbgrader metadata) are found by what they define (the exercise's functions and
                   classes, the quiz variables) and the written answer by the question it follows; an answer cell
                   turned into Markdown or raw is reported and not run
find_tampering     code that rebinds what the checks rely on, or hides errors from the grader (read, never run)
"""
import ast
import copy
import json
import re
from pathlib import Path

# Modules whose attributes a submission must never assign: the checks compare with them or report through them.
PROTECTED_MODULES = ("numpy", "builtins", "nnlib", "sys", "IPython", "traceback", "warnings", "math", "autograder")
# Calls on the IPython shell that change how errors are shown or how cells run.
SHELL_HOOKS = ("set_custom_exc", "register", "run_cell", "run_cell_async", "run_code", "showtraceback",
               "set_hook", "register_magic_function")


class Unreadable(Exception):
    """A submitted file that cannot be graded; the message says why in an instructor's words."""


def find_notebook(folder, lesson):
    """(path or None, notes).  The exact name first; else one notebook whose name starts with the lesson's
    ("04_backprop (1).ipynb", "04_backprop-copy.ipynb"); else the only notebook there is."""
    folder = Path(folder)
    expected = folder / f"{lesson}.ipynb"
    notebooks = sorted(p for p in folder.glob("*.ipynb") if p.is_file()) if folder.is_dir() else []
    extras = sorted(p.name for p in folder.iterdir() if p.is_file() and p != expected
                    and p.name != "timestamp.txt") if folder.is_dir() else []
    notes = []
    if expected.is_file():
        path = expected
    else:
        candidates = [p for p in notebooks if p.stem.startswith(lesson)] or notebooks
        if len(candidates) != 1:
            found = ", ".join(p.name for p in notebooks) or "no notebook at all"
            return None, [f"no notebook {expected.name} in the submission (found: {found})"]
        path = candidates[0]
        notes.append(f"the notebook was renamed to {path.name!r}; graded it as {expected.name}")
    extras = [name for name in extras if name != path.name]
    if extras:
        notes.append(f"extra files ignored: {', '.join(extras[:10])}" + (" ..." if len(extras) > 10 else ""))
    return path, notes


def read_notebook(path):
    """The notebook's JSON as a dict; raises Unreadable with the reason."""
    data = Path(path).read_bytes()
    if not data.strip():
        raise Unreadable(f"{Path(path).name} is an empty file")
    try:
        notebook = json.loads(data.decode("utf-8"))
    except UnicodeDecodeError as error:
        raise Unreadable(f"{Path(path).name} is not text (byte {error.start} is not UTF-8)") from None
    except json.JSONDecodeError as error:
        raise Unreadable(f"{Path(path).name} is not valid notebook JSON: {error.msg} at line {error.lineno}, "
                         f"column {error.colno} (the file was probably cut short or edited by hand)") from None
    if not isinstance(notebook, dict) or not isinstance(notebook.get("cells"), list):
        raise Unreadable(f"{Path(path).name} is JSON but not a notebook (it has no list of cells)")
    if notebook.get("nbformat") != 4:
        raise Unreadable(f"{Path(path).name} is a notebook of format {notebook.get('nbformat')!r}; "
                         "only format 4 (Jupyter's for ten years) can be graded")
    return notebook


def nbgrader_meta(cell):
    meta = cell.get("metadata", {}) if isinstance(cell, dict) else {}
    nbgrader = meta.get("nbgrader", {}) if isinstance(meta, dict) else {}
    return nbgrader if isinstance(nbgrader, dict) else {}


def source_of(cell):
    """A cell's source as one string with \\n line ends (the JSON may hold a list of lines, an editor CRLF)."""
    source = cell.get("source", "")
    source = source if isinstance(source, str) else "".join(line for line in source if isinstance(line, str))
    return source.replace("\r\n", "\n").replace("\r", "\n")


def defined_names(source):
    """Names a cell defines at its top level: functions, classes and assigned variables."""
    try:
        tree = ast.parse(_code_lines(source))
    except SyntaxError:
        return set()
    names = set()
    for node in tree.body:
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
            names.add(node.name)
        elif isinstance(node, (ast.Assign, ast.AnnAssign)):
            for target in node.targets if isinstance(node, ast.Assign) else [node.target]:
                names |= {n.id for n in ast.walk(target) if isinstance(n, ast.Name)}
    return names


def answer_names(source_notebook):
    """{grade_id: names its solution defines} for each code answer cell of the lesson's source notebook."""
    return {nbgrader_meta(c)["grade_id"]: defined_names(source_of(c)) for c in source_notebook["cells"]
            if c.get("cell_type") == "code" and nbgrader_meta(c).get("solution") and nbgrader_meta(c).get("grade_id")}


def _same_text(a, b):
    return " ".join(a.split()) == " ".join(b.split())


def _find_pasted(release, student_cells, claimed_ids, names_of):
    """{grade_id: student cell} for the release's answer cells that no student cell carries by id: a code answer by
    the names its solution defines (the last student cell defining one of them, as the kernel would keep), a written
    answer by the question it follows (the student's next Markdown cell that is not the release's own text)."""
    release_texts = {source_of(c).strip() for c in release["cells"]}
    found = {}
    for index, released in enumerate(release["cells"]):
        grade_id = nbgrader_meta(released).get("grade_id")
        if not _is_answer(released) or grade_id in claimed_ids:
            continue
        if released["cell_type"] == "code":
            wanted = names_of.get(grade_id, set())
            matches = [c for c in student_cells
                       if c.get("cell_type") == "code" and wanted & defined_names(source_of(c))]
            if matches:
                found[grade_id] = matches[-1]
        elif index > 0:
            question = source_of(release["cells"][index - 1])
            for position, cell in enumerate(student_cells):
                if question.strip() and _same_text(source_of(cell), question):
                    after = [c for c in student_cells[position + 1:] if c.get("cell_type") == "markdown"][:1]
                    if after and source_of(after[0]).strip() not in release_texts:
                        found[grade_id] = after[0]
                    break
    return found


def _is_answer(cell):
    meta = nbgrader_meta(cell)
    return bool(meta.get("solution")) or bool(meta.get("task"))


def _as_extra(cell):
    """A student's own cell: kept, but stripped of any nbgrader metadata (a copied cell must not count as a test)."""
    cell = copy.deepcopy(cell)
    if isinstance(cell.get("metadata"), dict):
        cell["metadata"].pop("nbgrader", None)
    return cell


def restore_cells(submitted, release, names_of=None):
    """(notebook to grade, problems, flags).  The release's cells in the release's order: answer cells with the
    student's source, every other cell exactly as released; the student's own extra cells stay after the cell they
    followed. names_of ({grade_id: names}, from answer_names) lets answers without nbgrader metadata be found."""
    release_ids = {nbgrader_meta(c).get("grade_id") for c in release["cells"]} - {None}
    student_by_id, extras_after, last, cells_in_order = {}, {}, None, []
    for cell in submitted["cells"]:
        if not isinstance(cell, dict) or cell.get("cell_type") not in ("code", "markdown", "raw"):
            continue
        cells_in_order.append(cell)
        grade_id = nbgrader_meta(cell).get("grade_id")
        if grade_id in release_ids and grade_id not in student_by_id:
            student_by_id[grade_id] = cell
            last = grade_id
        else:
            extras_after.setdefault(last, []).append(cell)

    unclaimed = [c for c in cells_in_order if not any(c is own for own in student_by_id.values())]
    pasted = _find_pasted(release, unclaimed, set(student_by_id), names_of or {})
    for grade_id, cell in pasted.items():
        for extras in extras_after.values():
            extras[:] = [c for c in extras if c is not cell]

    cells, deleted, edited, not_code = [_as_extra(c) for c in extras_after.get(None, [])], [], [], []
    for released in release["cells"]:
        grade_id = nbgrader_meta(released).get("grade_id")
        own = student_by_id.get(grade_id) or pasted.get(grade_id)
        cell = copy.deepcopy(released)
        kept_text = []
        if own is None:
            if grade_id and (nbgrader_meta(released).get("grade") or released["cell_type"] == "code"):
                deleted.append(grade_id)
        elif _is_answer(released) and released["cell_type"] == "code" and own.get("cell_type") != "code":
            not_code.append(f"{grade_id} ({own.get('cell_type')})")
            kept_text = [_as_extra(own)]  # shown to the instructor right below the unanswered cell
        elif _is_answer(released):
            cell["source"] = source_of(own)
        elif released["cell_type"] == "code" and source_of(own).strip() != source_of(released).strip():
            edited.append(grade_id)
        cells.append(cell)
        cells += kept_text + [_as_extra(c) for c in extras_after.get(grade_id, [])]

    graded = copy.deepcopy(release)
    graded["cells"] = cells
    problems, flags = [], []
    if deleted:
        shown = ", ".join(deleted[:8]) + (f" … ({len(deleted)} cells)" if len(deleted) > 8 else "")
        problems.append(f"cells deleted by the student and restored from the release: {shown}")
    if edited:
        problems.append(f"locked or test cells edited by the student and restored: {', '.join(edited)}")
    if not_code:
        problems.append(f"answer cells turned into Markdown or raw text by the student, so not run (their text is "
                        f"kept below them): {', '.join(not_code)}")
    if pasted:
        flags.append(f"answers without nbgrader's cell ids (pasted into a fresh notebook?) were found by what they "
                     f"define and graded: {', '.join(pasted)}; check that each went to the right exercise")
    return graded, problems, flags


def _dotted(node):
    """'np.testing.assert_allclose' for an attribute chain on a name, else None."""
    parts = []
    while isinstance(node, ast.Attribute):
        parts.append(node.attr)
        node = node.value
    if isinstance(node, ast.Name):
        return ".".join([node.id, *reversed(parts)])
    return None


def _module_aliases(tree):
    """{name bound in the notebook: module it stands for} from its import statements."""
    aliases = {"__builtins__": "builtins"}
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            for alias in node.names:
                aliases[alias.asname or alias.name.split(".")[0]] = alias.name if alias.asname else \
                    alias.name.split(".")[0]
        elif isinstance(node, ast.ImportFrom) and node.module:
            for alias in node.names:
                aliases[alias.asname or alias.name] = f"{node.module}.{alias.name}"
    return aliases


def _protected(dotted, aliases):
    """The full dotted name when it is an attribute of a protected module (through an alias), else None."""
    if not dotted or "." not in dotted and dotted != "__builtins__":
        return None
    head, _, rest = dotted.partition(".")
    module = aliases.get(head)
    if module and module.split(".")[0] in PROTECTED_MODULES:
        return f"{module}.{rest}" if rest else module
    return None


def _code_lines(source):
    """The cell's Python without IPython's magics and shell escapes, which ast cannot read."""
    return "\n".join("" if re.match(r"\s*[%!]", line) else line for line in source.splitlines())


def _parsed(cells):
    trees = []
    for cell in cells:
        try:
            trees.append(ast.parse(_code_lines(source_of(cell))))
        except SyntaxError:
            continue  # such a cell fails when it runs; there is nothing to hide in it
    return trees


def _shell_names(trees):
    """Names bound to the IPython shell (`ip = get_ipython()`), and get_ipython itself."""
    names = {"get_ipython()"}
    for tree in trees:
        for node in ast.walk(tree):
            if isinstance(node, ast.Assign) and ast.unparse(node.value) == "get_ipython()":
                names |= {ast.unparse(target) for target in node.targets}
    return names


def find_tampering(notebook):
    """Descriptions of code in the student's cells that rebinds what the checks rely on or hides errors."""
    code = [c for c in notebook["cells"] if c.get("cell_type") == "code"]
    student = _parsed([c for c in code if not nbgrader_meta(c).get("locked") and not nbgrader_meta(c).get("grade")])
    aliases = {}
    for tree in _parsed(code):  # the locked setup cell's `import numpy as np` serves the answers too
        aliases.update(_module_aliases(tree))
    shell = _shell_names(student)
    found = []
    for tree in student:
        for node in ast.walk(tree):
            targets = []
            if isinstance(node, (ast.Assign, ast.Delete)):
                targets = node.targets
            elif isinstance(node, (ast.AugAssign, ast.AnnAssign)):
                targets = [node.target]
            for target in targets:
                if isinstance(target, ast.Subscript) and _dotted(target.value) in ("sys.modules", "__builtins__"):
                    found.append(f"replaces an entry of {_dotted(target.value)}")
                name = _protected(_dotted(target), aliases)
                if name:
                    found.append(f"assigns {name}")
                if isinstance(target, ast.Attribute) and ast.unparse(target.value) in shell:
                    found.append(f"replaces the kernel's {target.attr}")
            if not isinstance(node, ast.Call):
                continue
            function = _dotted(node.func)
            if function in ("setattr", "delattr") and node.args:
                target = _dotted(node.args[0])
                module = aliases.get(target or "", "")
                name = _protected(target, aliases) or (module if module.split(".")[0] in PROTECTED_MODULES else None)
                if name:
                    found.append(f"calls {function} on {name}")
            if isinstance(node.func, ast.Attribute) and node.func.attr in SHELL_HOOKS \
                    and ast.unparse(node.func.value).split(".")[0] in shell | {"get_ipython()"}:
                found.append(f"changes how the kernel runs cells or shows errors ({ast.unparse(node.func)})")
    return sorted(set(found))
