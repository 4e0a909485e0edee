"""The grading helper of every test cell: checks that explain a failure in words a student can act on.

A test cell reads like a checklist:

    import numpy as np
    from nnlib.grading import check_function
    z = np.array([-2.0, 0.0, 3.0])
    check_function(sigmoid, z, expected=[0.11920292, 0.5, 0.95257413], name="sigmoid(z)")

Design rules, each answering a way a grade could go wrong:
- A correct answer never fails for a harmless side effect: the student's function runs with warnings and stderr
  silenced (nbgrader marks a test cell failed when it writes to stderr), on copies of its inputs.
- A failure says what is wrong (shape, transposed, a factor such as the batch size, sign, NaN from an overflow, ...)
  and is raised as GradingFailure, which IPython shows without a traceback, so hidden test source never reaches
  a student through an error message: when the student's code raises, the message quotes only the student's own
  lines, never a line of the test (a lambda a test passes in), and what the student's code prints while a hidden
  test calls it is dropped.
- The checks cannot be fooled by rebinding: every function they rely on (numpy's, the builtins, this module's own
  names, nnlib's reference implementations) is captured when this module is imported and verified on every check;
  a notebook that replaced one of them fails the check with a message naming what was replaced.
- A graded function must be the student's own work: calling nnlib's reference implementation of the course's
  numeric modules from inside it is detected and fails.
"""
import builtins
import contextlib
import copy
import io
import linecache
import sys
import textwrap
import traceback
import warnings
from pathlib import Path

import numpy as np
import numpy.testing

from nnlib import activations, autograd, gradcheck, init, layers, losses, optim, regularization, train
from nnlib.widgets import depth

__all__ = ["GradingFailure", "check", "check_function", "check_close", "check_choice", "check_answer",
           "check_expression"]

# Modules whose functions a graded answer must not call: they are the reference solutions (lesson 07's explorer
# measures per-layer gradient norms, which is one of that lesson's exercises).
REFERENCE_MODULES = (activations, autograd, gradcheck, init, layers, losses, optim, regularization, train, depth)

_NUMPY_WATCHED = ("allclose", "isclose", "array_equal", "array_equiv", "asarray", "array", "abs", "absolute",
                  "isfinite", "isnan", "all", "any", "max", "min", "sum", "mean", "median", "errstate", "exp",
                  "log", "where", "maximum", "minimum", "transpose", "argmax")
_TESTING_WATCHED = ("assert_allclose", "assert_array_equal", "assert_array_almost_equal", "assert_equal",
                    "assert_almost_equal", "assert_array_less")
_BUILTINS_WATCHED = ("abs", "all", "any", "callable", "float", "getattr", "hasattr", "int", "isinstance",
                     "issubclass", "len", "max", "min", "print", "range", "repr", "round", "sorted", "str", "sum",
                     "tuple", "list", "type", "zip", "bool", "dict", "set", "enumerate", "map", "filter")


class GradingFailure(AssertionError):
    """A failed check. IPython renders it as its message alone: no traceback, so no test source."""

    def _render_traceback_(self):
        """The message, wrapped: nbgrader's Validate dialog shows a traceback unwrapped and cuts long lines off."""
        first, *rest = str(self).split("\n")
        lines = []
        for line in ["GradingFailure: " + first, *rest]:
            indent = " " * (len(line) - len(line.lstrip()) + 2)
            lines += textwrap.wrap(line, RENDERED_WIDTH, subsequent_indent=indent, break_long_words=False,
                                   break_on_hyphens=False) or [""]
        lines[0] = lines[0].replace("GradingFailure", "\x1b[0;31mGradingFailure\x1b[0m", 1)
        return lines


# Columns of a rendered failure: what Validate's dialog shows without cutting a line off.
RENDERED_WIDTH = 88


def _watched_objects():
    """(description, current object) for everything outside this module that the checks rely on."""
    objects = [(f"numpy.{name}", getattr(np, name, None)) for name in _NUMPY_WATCHED]
    objects += [(f"numpy.testing.{name}", getattr(numpy.testing, name, None)) for name in _TESTING_WATCHED]
    objects += [(f"builtin {name}", getattr(builtins, name, None)) for name in _BUILTINS_WATCHED]
    for reference in REFERENCE_MODULES:
        objects += [(f"{reference.__name__}.{name}", getattr(reference, name, None))
                    for name in sorted(vars(reference)) if not name.startswith("_")]
    return objects


def _is_genuine(obj):
    """False when obj is a Python function written outside numpy, nnlib and the standard library (a notebook)."""
    code = getattr(obj, "__code__", None)
    return code is None or code.co_filename.startswith(_TRUSTED_DIRECTORIES)


_TRUSTED_DIRECTORIES = tuple(str(Path(module.__file__).resolve().parent) for module in (np, activations, contextlib))

# Captured once, so that later rebinding in the notebook cannot change what the checks compute with.
_asarray, _isfinite, _isnan, _errstate, _deepcopy = np.asarray, np.isfinite, np.isnan, np.errstate, copy.deepcopy
_isinstance, _len, _repr, _str, _abs, _min, _max = isinstance, len, repr, str, abs, min, max
_catch_warnings, _simplefilter, _redirect_stderr = warnings.catch_warnings, warnings.simplefilter, \
    contextlib.redirect_stderr
_redirect_stdout, _nullcontext, _getlines = contextlib.redirect_stdout, contextlib.nullcontext, linecache.getlines
_setprofile, _getprofile, _extract_tb, _getframe = sys.setprofile, sys.getprofile, traceback.extract_tb, sys._getframe


def _reference_code_objects():
    codes = {}
    for module in REFERENCE_MODULES:
        for name, obj in vars(module).items():
            if getattr(obj, "__module__", None) != module.__name__:
                continue
            members = vars(obj).items() if _isinstance(obj, type) else [(name, obj)]
            for member_name, member in members:
                function = getattr(member, "__func__", member)
                if hasattr(function, "__code__"):
                    codes[function.__code__] = f"{module.__name__}.{getattr(function, '__qualname__', member_name)}"
    return codes


_REFERENCE_CODES = _reference_code_objects()


def _fail(message, hint=None):
    if hint:
        message += f"\n  Hint: {hint}"
    raise GradingFailure(message)


def _verify_integrity():
    """Fail when the notebook replaced anything the checks rely on, this module's own names included."""
    replaced = [description for (description, original), (_, current) in zip(_TRUSTED, _watched_objects())
                if current is not original]
    own = vars(sys.modules[__name__])
    replaced += [f"nnlib.grading.{name}" for name, value in _OWN_NAMES.items() if own.get(name) is not value]
    replaced += _SUSPICIOUS_AT_IMPORT
    if replaced:
        _fail(f"the notebook replaced {', '.join(replaced[:5])}. The grader cannot trust its checks while a "
              "library or builtin function is redefined: remove the code that assigns to it and run the notebook "
              "again. This attempt is reported to the instructor.")


def check(condition, message, hint=None):
    """Fail with `message` (and a hint) when `condition` is false."""
    _verify_integrity()
    if not condition:
        _fail(message, hint)


def _checking_code():
    """(files of the code that called the check: the test cell and the kernel, whether that call is inside a
    hidden test region). The test's files are never quoted in a message."""
    frame = _getframe(1)
    while frame is not None and frame.f_code.co_filename == __file__:
        frame = frame.f_back
    caller = frame
    files = set()
    while frame is not None:
        files.add(frame.f_code.co_filename)
        frame = frame.f_back
    hidden = False
    if caller is not None:
        for line in _getlines(caller.f_code.co_filename)[:caller.f_lineno]:
            if "BEGIN HIDDEN TESTS" in line or "END HIDDEN TESTS" in line:
                hidden = "BEGIN HIDDEN TESTS" in line
    return files, hidden


def _describe_error(name, error, tb, test_files=frozenset()):
    if _isinstance(error, NotImplementedError):
        return (f"{name} raised NotImplementedError: you have not written this function yet (replace "
                "`raise NotImplementedError()` with your code).")
    # Frames after the call into the student's function are the student's code (and the libraries it calls), except
    # those of code the test itself passed in (a lambda written in the test cell), whose lines are the test's.
    frames = [frame for frame in _extract_tb(tb)[1:] if frame.line and "site-packages" not in frame.filename
              and frame.filename not in test_files and not _is_test_code(frame.filename)]
    where = f"\n  In {frames[-1].name}, line {frames[-1].lineno}: {frames[-1].line}" if frames else ""
    return f"{name} raised {type(error).__name__}: {error}{where}"


def _is_test_code(filename):
    """True for a test cell's code that is not on the calling stack: a function a visible test cell defined and a
    later (hidden) cell calls. Test cells import this module; a student's answer cell does not."""
    return any("nnlib.grading" in line for line in _getlines(filename))


def _call_quietly(fn, args, forbidden_codes, allowed_codes, hide_output=False):
    """Call fn(*args) with warnings and stderr silenced (and stdout with `hide_output`); returns (result, error,
    traceback, delegated names).

    A call into forbidden code counts as delegation unless it happens inside allowed code (an allowed class may
    use the library internally).
    """
    delegated = []
    allowed_depth = [0]

    def watch_calls(frame, event, arg):
        if frame.f_code in allowed_codes:
            allowed_depth[0] += {"call": 1, "return": -1}.get(event, 0)
        elif event == "call" and not allowed_depth[0] and frame.f_code in forbidden_codes:
            delegated.append(forbidden_codes[frame.f_code])

    previous_profile = _getprofile()
    quiet_stdout = _redirect_stdout(io.StringIO()) if hide_output else _nullcontext()
    with _catch_warnings(), _errstate(all="ignore"), _redirect_stderr(io.StringIO()), quiet_stdout:
        _simplefilter("ignore")
        _setprofile(watch_calls)
        try:
            return fn(*args), None, None, delegated
        except (Exception, SystemExit) as error:  # the student's bug becomes a message, never a traceback of the test
            return None, error, error.__traceback__, delegated
        finally:
            _setprofile(previous_profile)


def _same_inputs(original, used):
    """True when `used` (a copy handed to the student's function) still equals `original`."""
    if _isinstance(original, np.ndarray):
        return (_isinstance(used, np.ndarray) and original.shape == used.shape
                and bool(((original == used) | (original != original) & (used != used)).all()))
    if _isinstance(original, (list, tuple)):
        return _isinstance(used, (list, tuple)) and _len(original) == _len(used) and all(
            _same_inputs(a, b) for a, b in zip(original, used))
    if _isinstance(original, dict):
        return _isinstance(used, dict) and original.keys() == used.keys() and all(
            _same_inputs(original[key], used[key]) for key in original)
    return True


def check_function(fn, *args, expected, name=None, rtol=None, atol=None, hint=None, batch_size=None, allow=(),
                   changes_inputs=False, references=None):
    """Call the student's fn(*args) safely and compare its result with `expected`; returns the result.

    expected        an array or number, a tuple of them for a function returning several values, or a dict
                    {label: value} for several values with names used in messages (e.g. {"dx": ..., "dW": ...});
                    None skips the comparison (the test then checks the returned value or the changed inputs)
    name            how messages refer to the call, e.g. "sigmoid(z)"
    batch_size      N, to recognize a result off by exactly the batch size
    allow           nnlib functions or classes the answer may use (by default the reference modules are off limits)
    changes_inputs  True for a function whose job is to update its arguments (an optimizer step, a training
                    epoch): it then gets the caller's objects themselves, not copies, and may change them
    references      {name: object} put in place of the notebook's names of earlier exercises while fn runs (and
                    restored afterwards), so that a later exercise is graded with the earlier ones' reference
                    behaviour: one mistake costs its own exercise's points only
    """
    _verify_integrity()
    name = name or f"{getattr(fn, '__name__', 'your function')}(...)"
    if not callable(fn):
        _fail(f"{name}: expected a function, but the name refers to {type(fn).__name__} {_repr(fn)[:60]}.")
    allowed = set()
    for item in (*allow, *(references or {}).values()):  # the references stand in for the student's code
        members = vars(item).values() if _isinstance(item, type) else [item]
        allowed |= {getattr(getattr(m, "__func__", m), "__code__", None) for m in members}
    used = args if changes_inputs else _deepcopy(args)
    # In a hidden test the student's prints could carry what their code read from its caller: they are dropped.
    test_files, hidden = _checking_code()
    namespaces = _namespaces_of(fn) if references else []
    saved = [{key: namespace[key] for key in references if key in namespace} for namespace in namespaces]
    try:
        for namespace in namespaces:
            namespace.update(references)
        result, error, tb, delegated = _call_quietly(fn, used, _REFERENCE_CODES, allowed, hide_output=hidden)
    finally:
        for namespace, before in zip(namespaces, saved):
            for key in references:
                if key in before:
                    namespace[key] = before[key]
                else:
                    namespace.pop(key, None)
    if delegated:
        _fail(f"{name} calls the course library's reference implementation ({delegated[0]}). A graded function "
              "must be your own code; this scores zero. Write it with numpy operations.")
    if error is not None:
        _fail(_describe_error(name, error, tb, test_files), hint)
    changed = [f"argument {i + 1}" for i, (a, b) in enumerate(zip(args, used)) if not _same_inputs(a, b)]
    if changed:
        _fail(f"{name} changed its input ({', '.join(changed)}) in place. A function should leave the caller's "
              "arrays as they were: compute into a new array (or work on a .copy()) instead of assigning into "
              "the input.")
    if expected is not None:
        _compare(result, expected, name, rtol, atol, hint, batch_size)
    return result


def _namespaces_of(fn):
    """The global namespaces fn and the notebook's functions and classes look names up in: one in a kernel, where
    every cell shares the notebook's namespace, several where cells ran in copies of it."""
    namespace = getattr(fn, "__globals__", None)
    if namespace is None:
        return []
    found = {id(namespace): namespace}
    for value in list(namespace.values()):
        members = vars(value).values() if _isinstance(value, type) else [value]
        for member in members:
            globals_of = getattr(getattr(member, "__func__", member), "__globals__", None)
            if _isinstance(globals_of, dict) and globals_of.get("__name__") == namespace.get("__name__"):
                found.setdefault(id(globals_of), globals_of)
    return list(found.values())


def check_close(actual, expected, name="the result", rtol=None, atol=None, hint=None, batch_size=None):
    """Compare a value you already have with `expected`, with the same diagnosis as check_function."""
    _verify_integrity()
    _compare(actual, expected, name, rtol, atol, hint, batch_size)


def check_choice(answer, choices="abcd", name="answer"):
    """A quiz answer is one of the letters in `choices` (case and spaces do not matter)."""
    _verify_integrity()
    options = ", ".join(f'"{c}"' for c in choices)
    if not _isinstance(answer, str) or answer.strip().lower() not in choices or _len(answer.strip()) != 1:
        _fail(f"{name} should be one letter among {options} as a string, e.g. {name} = \"{choices[0]}\"; "
              f"it is {_repr(answer)}.")


def check_expression(expression, expected, symbols, name="the expression", hint=None, domain=(-2.0, 2.0),
                     n_points=25, seed=0, mistakes=()):
    """A SymPy answer equals `expected`, in any equivalent form.

    The two are compared at random points of `domain` (every symbol in `symbols`): numbers are fast, never hang on
    an unusual but equivalent form (simplify can run for minutes), and locate a mistake, which is then diagnosed
    like a number (wrong sign, a constant factor, a constant offset). Where the expressions cannot be evaluated at
    most points (a domain of definition smaller than `domain`), the answer is right when the difference
    simplifies to 0.

    expected   one expression, or a container of them (a list, a list of rows, a sympy Matrix): the answer may then
               be any container holding as many expressions in the same order (list, tuple, Matrix, ImmutableMatrix,
               the NDimArray of sympy.derive_by_array, nested lists), whatever its shape
    mistakes   [(wrong answer, what went wrong)]: when the answer equals one of them, that explanation is the hint
    """
    import sympy

    _verify_integrity()
    sympy_directory = str(Path(sympy.__file__).resolve().parent)
    for name_in_sympy in ("simplify", "sympify", "lambdify"):
        if not getattr(sympy, name_in_sympy).__code__.co_filename.startswith(sympy_directory):
            _fail(f"the notebook replaced sympy.{name_in_sympy}; the grader cannot trust its checks while it is "
                  "redefined. This attempt is reported to the instructor.")
    labels, wanted = _expression_entries(expected, sympy)
    if labels is None:
        answers = [_as_expression(expression, name, symbols, expected, hint, sympy)]
    else:
        entries = _expression_entries(expression, sympy)[1] if _is_expression_container(expression, sympy) else None
        if entries is None or _len(entries) != _len(wanted):
            got = (f"it holds {_len(entries)} expressions" if entries is not None
                   else f"it is a {type(expression).__name__}: {_repr(expression)[:60]}")
            _fail(f"{name} should be {_container_words(expected, _len(wanted), sympy)}; {got}.", hint)
        # an entry may be a plain number (a derivative that is 0): it is compared like any other value
        answers = [_as_expression(entry, f"{name}{label}", symbols, None, hint, sympy)
                   for entry, label in zip(entries, labels)]
        if all(a.is_number for a in answers) and not all(sympy.sympify(w).is_number for w in wanted):
            _fail(f"{name} holds only numbers ({_repr(answers[:3])[:60]}...); it should hold SymPy expressions in "
                  f"{', '.join(map(str, symbols))}. Build them from the symbols (or with sympy.diff) rather than "
                  "from numbers.", hint)
    points = np.random.default_rng(seed).uniform(*domain, size=(n_points, _len(symbols)))
    answers_at = [_values_at(answer, symbols, points[:5], sympy) for answer in answers] if mistakes else []
    for wrong, why in mistakes:
        mistaken = _expression_entries(wrong, sympy)[1] or [sympy.sympify(wrong)]
        if _len(mistaken) == _len(answers) and all(
                _close(values, _values_at(sympy.sympify(m), symbols, points[:5], sympy), 1e-9, 1e-12)
                for values, m in zip(answers_at, mistaken)):
            hint = why
            break
    for answer, want, label in zip(answers, wanted or [expected], labels or [""]):
        _compare_expression(answer, want, symbols, f"{name}{label}", hint, points, sympy)


def _is_expression_container(value, sympy):
    return _isinstance(value, (list, tuple, sympy.MatrixBase, sympy.NDimArray))


def _expression_entries(value, sympy):
    """(labels such as "[0, 1]", entries in order) of a container of expressions; (None, None) for one expression."""
    if not _is_expression_container(value, sympy):
        return None, None
    if _isinstance(value, (sympy.MatrixBase, sympy.NDimArray)):
        shape = tuple(value.shape)
        entries = list(value) if _isinstance(value, sympy.MatrixBase) else list(sympy.flatten(value.tolist()))
    else:
        shape, entries = (_len(value),), []
        nested = [_isinstance(item, (list, tuple, sympy.MatrixBase, sympy.NDimArray)) for item in value]
        if value and all(nested):
            rows = [_expression_entries(item, sympy)[1] for item in value]
            if _len({_len(row) for row in rows}) == 1:
                shape = (_len(rows), _len(rows[0]))
            entries = [entry for row in rows for entry in row]
        else:
            entries = list(value)
    labels = [f"[{', '.join(map(str, index))}]" for index in np.ndindex(*shape)]
    if _len(labels) != _len(entries):
        labels = [f"[{i}]" for i in range(_len(entries))]
    return labels, entries


def _container_words(expected, count, sympy):
    shape = tuple(getattr(expected, "shape", ()))
    if _len(shape) == 2 and _min(shape) > 1:
        return (f"a {shape[0]} × {shape[1]} sp.Matrix of SymPy expressions (or a list of {shape[0]} rows of "
                f"{shape[1]})")
    if _isinstance(expected, (list, tuple)) and expected and _isinstance(expected[0], (list, tuple)):
        return f"a {_len(expected)} × {_len(expected[0])} sp.Matrix of SymPy expressions (or a list of rows)"
    return f"a list of {count} SymPy expressions, in order (a tuple, sp.Matrix or sympy array works too)"


def _as_expression(value, name, symbols, expected, hint, sympy):
    """The answer as a SymPy expression in `symbols`, or a failure that says why it is not one. `expected` None: a
    number is accepted (one entry of several)."""
    from sympy.core.function import AppliedUndef

    try:
        answer = sympy.sympify(value)
    except (sympy.SympifyError, TypeError, ValueError) as error:
        _fail(f"{name} is not a SymPy expression ({type(value).__name__}: {_repr(value)[:60]}): {error}", hint)
    if not _isinstance(answer, sympy.Basic) or (answer.is_number and expected is not None
                                                and not sympy.sympify(expected).is_number):
        _fail(f"{name} should be a SymPy expression in {', '.join(map(str, symbols))}; got {_repr(answer)[:80]}. Build "
              "it from the symbols (or with sympy.diff) rather than from numbers.", hint)
    unevaluated = [kind.__name__ for kind in (sympy.Derivative, sympy.Integral) if answer.has(kind)]
    if unevaluated:
        _fail(f"{name} contains an unevaluated {unevaluated[0]} ({_repr(answer)[:60]}): call .doit() on it to get "
              "the expression itself.", hint)
    undefined = sorted(map(str, answer.atoms(AppliedUndef)))
    if undefined:
        _fail(f"{name} contains an undefined function {undefined[0]}: build the expression from the symbols "
              f"{', '.join(map(str, symbols))} and SymPy's own functions (sp.exp, sp.tanh, ...).", hint)
    unknown = answer.free_symbols - set(symbols)
    look_alikes = sorted(str(symbol) for symbol in unknown if str(symbol) in set(map(str, symbols)))
    if look_alikes:
        _fail(f"{name} uses symbols named {', '.join(look_alikes)} that are not the given symbols of those names (made "
              "anew, or with assumptions such as real=True, they are other symbols to SymPy): build the expression "
              "from the symbols defined above.", hint)
    if unknown:
        _fail(f"{name} uses symbols {sorted(map(str, unknown))} that the answer does not depend on; use only "
              f"{', '.join(map(str, symbols))}.", hint)
    return answer


def _values_at(expression, symbols, points, sympy):
    """Complex values of `expression` at each row of `points`: numpy through lambdify (fast), and SymPy's own evalf
    wherever numpy gives no finite number (an overflow in one form of an expression that evalf computes exactly)."""
    with _catch_warnings(), _errstate(all="ignore"):
        _simplefilter("ignore")
        try:
            function = sympy.lambdify(symbols, expression, "numpy")
            values = np.broadcast_to(np.asarray(function(*points.T.astype(complex)), dtype=complex),
                                     (_len(points),)).copy()
        except Exception:  # a function numpy cannot evaluate: SymPy evaluates every point
            values = np.full(_len(points), np.nan, dtype=complex)
        for i in np.flatnonzero(~_isfinite(values)):
            try:
                values[i] = complex(expression.evalf(subs=dict(zip(symbols, points[i]))))
            except (TypeError, ValueError):
                values[i] = np.nan
    return values


def _compare_expression(answer, expected, symbols, name, hint, points, sympy):
    n_points = _len(points)
    got, want = _values_at(answer, symbols, points, sympy), _values_at(sympy.sympify(expected), symbols, points, sympy)
    defined = _isfinite(got) & _isfinite(want)
    if defined.sum() < n_points // 2:
        if sympy.simplify(answer - expected) == 0:
            return
        _fail(f"{name} is not equal to the right answer (their difference does not simplify to 0).", hint)
    if _close(got[defined], want[defined], 1e-9, 1e-12):
        undefined = _isfinite(want) & ~_isfinite(got)
        if not undefined.any():
            return
        at = ", ".join(f"{symbol} = {value:.3g}" for symbol, value in zip(symbols, points[np.argmax(undefined)]))
        _fail(f"{name} is undefined (NaN or infinite) at {at}, where the right answer is finite.", hint)
    got, want, points = got[defined], want[defined], points[defined]
    wrong = int(np.argmax(np.abs(got - want)))
    at = ", ".join(f"{symbol} = {value:.3g}" for symbol, value in zip(symbols, points[wrong]))
    shown_got, shown_want = _distinct_numbers(got[wrong].real, want[wrong].real)
    message = (f"{name} is not equal to the right answer: at {at} it gives {shown_got}, the right answer "
               f"is {shown_want}.")
    diagnosis = _diagnose(got.real, want.real, 1e-9, 1e-12, None)
    _fail(message + (f" {diagnosis}" if diagnosis else ""), hint)


def check_answer(answer, correct, name="answer", hint=None):
    """A quiz answer equals the correct letter."""
    check_choice(answer, name=name, choices="abcdefgh")
    if answer.strip().lower() != correct:
        _fail(f"{name} = {_repr(answer.strip())} is not the right answer.", hint)


def _compare(actual, expected, name, rtol, atol, hint, batch_size):
    if _isinstance(expected, dict):
        labels, values = list(expected.keys()), list(expected.values())
    elif _isinstance(expected, tuple):
        labels, values = [f"output {i + 1}" for i in range(_len(expected))], list(expected)
    else:
        _compare_one(actual, expected, name, rtol, atol, hint, batch_size)
        return
    if not _isinstance(actual, (tuple, list)) or _len(actual) != _len(values):
        got = f"{_len(actual)} values" if _isinstance(actual, (tuple, list)) else f"a {type(actual).__name__}"
        _fail(f"{name} should return {_len(values)} values ({', '.join(labels)}), in that order; it returned {got}.",
              hint)
    order = _matching_order(actual, values, rtol, atol)
    if order is not None and order != list(range(_len(values))):
        moved = ", ".join(f"{labels[i]} holds the expected {labels[j]}" for i, j in enumerate(order) if i != j)
        _fail(f"{name} gives the right values in the wrong places: {moved}. They belong in the order "
              f"({', '.join(labels)}): check the order they are returned in, and which value each one is.", hint)
    for label, got, want in zip(labels, actual, values):
        _compare_one(got, want, f"{label} of {name}", rtol, atol, hint, batch_size)


def _matching_order(actual, values, rtol, atol):
    """The order in which the returned values equal the expected ones (a permutation), or None if they do not."""
    order = []
    for got in actual:
        matches = [i for i, want in enumerate(values) if i not in order and _same_value(got, want, rtol, atol)]
        if not matches:
            return None
        order.append(matches[0])
    return order


def _same_value(got, want, rtol, atol):
    try:
        got, want = _asarray(got, dtype=np.float64), _asarray(want, dtype=np.float64)
    except Exception:
        return False
    return got.shape == want.shape and _close(got, want, *_tolerances(want, rtol, atol))


def _tolerances(expected, rtol, atol):
    """Default tolerances follow the precision of what the test expects (float32 or float64), never the precision of
    the answer: an answer that computes in float32 must not buy itself a looser check."""
    single = expected.dtype in (np.float32, np.float16)
    scale = float(np.max(np.abs(expected))) if expected.size and np.isfinite(expected).all() else 1.0
    default_rtol, default_atol = (2e-4, 2e-6) if single else (1e-6, 1e-9)
    rtol = default_rtol if rtol is None else rtol
    atol = default_atol * _max(1.0, scale) if atol is None else atol
    return rtol, atol


def _matches(a, b, rtol, atol):
    """Entry by entry: a is within the tolerances of b, or holds the same NaN or infinity where b holds one."""
    with _errstate(all="ignore"):
        near = _isfinite(b) & (np.abs(a - b) <= atol + rtol * np.abs(b))   # rtol·|b| would let +inf equal −inf
        return near | (a == b) | (_isnan(a) & _isnan(b))


def _close(a, b, rtol, atol):
    return bool(_matches(a, b, rtol, atol).all())


def _compare_one(actual, expected, name, rtol, atol, hint, batch_size):
    if actual is None:
        _fail(f"{name} returned None: did you forget the `return` statement?", hint)
    expected = _asarray(expected, dtype=np.float64) if not _isinstance(expected, np.ndarray) else expected
    try:
        got = _asarray(actual)
    except Exception as error:
        _fail(f"{name} returned {type(actual).__name__}, which is not an array of numbers ({error}).", hint)
    if got.dtype == bool and expected.dtype != bool:
        _fail(f"{name} returned True/False values instead of numbers: convert with .astype(float) or use "
              "arithmetic (e.g. np.maximum) rather than a comparison.", hint)
    if got.dtype.kind not in "biuf":
        _fail(f"{name} returned an array of {got.dtype} (e.g. {_repr(got.flat[0])[:40]}), not numbers.", hint)
    if expected.size == 1 and got.size == 1:
        got, expected = got.reshape(()), expected.reshape(())
    if got.shape != expected.shape:
        _fail(_shape_message(name, got, expected, rtol, atol), hint)
    got64, want64 = got.astype(np.float64), expected.astype(np.float64)
    rtol, atol = _tolerances(expected, rtol, atol)
    finite = _isfinite(want64)
    broken = finite & ~_isfinite(got64)
    if broken.any():
        index = tuple(int(i) for i in np.argwhere(broken)[0])
        where = f" at index {list(index)}" if index else ""
        _fail(f"{name} is not numerically stable: it gives {got64[index]}{where} where the answer is "
              f"the finite number {want64[index]:.6g} ({int(broken.sum())} of {got.size} entries are NaN or inf). "
              "Some step overflows, divides by 0 or takes the log of 0 for these inputs.", hint)
    if _close(got64, want64, rtol, atol) and bool((_isfinite(got64) == finite).all()):
        if expected.dtype.kind == "f" and got.dtype.kind in "iu" and not _close(got64, want64, 0, 0):
            _fail(f"{name} returned integers instead of floating-point numbers.", hint)
        return
    if expected.dtype.kind == "f" and got.dtype.kind in "iu" and any(
            _close(got64, rounded(want64), 0, 0) for rounded in (np.floor, np.ceil, np.round, np.trunc)):
        _fail(f"{name} returned integers ({got.dtype}) where the answer has fractions: integer arithmetic or an "
              "integer array dropped them (start from floats, e.g. np.zeros(shape) or x.astype(float)).", hint)
    if expected.dtype == np.float64 and _only_float32_precision(got, got64, want64):
        _fail(_value_message(name, got64, want64, rtol, atol, None, diagnose=False)
              + f" The result has only float32 precision ({_float32_evidence(got, got64)}), but this check expects "
              "float64 accuracy: compute in float64 (no .astype(np.float32), np.float32(...) or "
              "dtype=np.float32).", hint)
    _fail(_value_message(name, got64, want64, rtol, atol, batch_size), hint)


def _only_float32_precision(got, got64, want64):
    """True when the answer is wrong only by float32 rounding: float32 values, and right at float32's tolerance."""
    in_float32 = got.dtype in (np.float32, np.float16) or bool(
        (got64 == got64.astype(np.float32).astype(np.float64)).all())
    return in_float32 and _close(got64, want64, 2e-4, 2e-6 * _max(1.0, float(np.max(np.abs(want64)))))


def _float32_evidence(got, got64):
    if got.dtype in (np.float32, np.float16):
        return f"it is a {got.dtype} array"
    return "every value it holds is a float32 number"


def _shape_message(name, got, expected, rtol, atol):
    message = f"{name} has the wrong shape: expected {tuple(expected.shape)}, got {tuple(got.shape)}."
    tolerances = _tolerances(expected, rtol, atol)
    if expected.ndim == 0:
        return message + (" The answer is one number: a reduction (mean or sum) over every entry is missing, or was "
                          "done along one axis only.")
    if got.ndim == 2 and expected.ndim == 2 and got.shape == expected.shape[::-1] and _min(got.shape) > 1:
        if _close(got.T.astype(np.float64), expected.astype(np.float64), *tolerances):
            return message + " Your result is the transpose of the right answer: check the order of the matrix product."
        return message + " That is the transposed shape: check the order of the factors or an axis."
    if got.size == expected.size:
        if _close(got.reshape(expected.shape).astype(np.float64), expected.astype(np.float64), *tolerances):
            return message + " The numbers are right; only the shape differs (a missing or extra axis: keepdims, reshape)."
        return message + " The number of entries agrees, so an axis is probably missing or extra."
    if got.ndim == expected.ndim + 1 or (expected.ndim >= 1 and got.ndim == 2 and got.shape[0] == got.shape[1]):
        return message + (" An extra dimension usually comes from broadcasting a (N,) array against (N, 1): "
                          "check keepdims=True in reductions and the shapes you combine.")
    if got.size < expected.size:
        return message + " Some axis was summed or reduced that should not be (check the axis argument)."
    return message


def _distinct_numbers(got, want):
    """got and want as strings with just enough significant digits (6 to 17) to show that they differ."""
    for digits in range(6, 18):
        shown_got, shown_want = f"{got:.{digits}g}", f"{want:.{digits}g}"
        if shown_got != shown_want:
            break
    return shown_got, shown_want


def _value_message(name, got, want, rtol, atol, batch_size, diagnose=True):
    wrong = ~_matches(got, want, rtol, atol)
    index = tuple(int(i) for i in np.argwhere(wrong)[0]) if got.ndim else ()
    where = f" at index {list(index)}" if index else ""
    shown_got, shown_want = _distinct_numbers(got[index], want[index])
    message = (f"{name} has wrong values: {int(wrong.sum())} of {got.size} entries differ; e.g.{where} expected "
               f"{shown_want}, got {shown_got}.")
    diagnosis = _diagnose(got, want, rtol, atol, batch_size) if diagnose else ""
    return message + (f" {diagnosis}" if diagnosis else "")


def _diagnose(got, want, rtol, atol, batch_size):
    """Name a systematic error: sign, transposition, a constant factor (the batch size?), a constant offset.

    A factor or an offset is named only when it holds across several distinct values (with one value any ratio and
    any offset "fit"), except the batch size, an exact prediction that one value can confirm."""
    if np.abs(want).max(initial=0) > atol and _close(got, -want, rtol, atol):
        return "It has the wrong sign everywhere."
    if (got.ndim == 2 and got.shape[0] == got.shape[1] > 1 and not _close(want, want.T, rtol, atol)
            and _close(got, want.T, rtol, atol)):
        return "Your result is the transpose of the right answer."
    several = np.unique(want[_isfinite(want)]).size >= 3
    nonzero = np.abs(want) > 1e-12 * _max(1.0, float(np.max(np.abs(want))))
    if nonzero.any():
        ratios = got[nonzero] / want[nonzero]
        ratio = float(np.median(ratios))
        if ratio != 0 and _isfinite(ratio) and _close(got, ratio * want, rtol, atol):
            if batch_size and abs(ratio - batch_size) < 1e-6 * batch_size:
                return (f"It is exactly {batch_size} (the batch size N) times too large: divide by N "
                        "(average over the batch rather than sum).")
            if batch_size and abs(ratio * batch_size - 1) < 1e-6:
                return (f"It is exactly {batch_size} (the batch size N) times too small: you divided by N "
                        "where a sum over the batch is needed (or divided twice).")
            if several and abs(ratio - 1) >= 0.01:
                return f"It is off by a constant factor of {ratio:.4g}."
    offset = float(np.median(got - want))
    if several and abs(offset) > atol + rtol * float(np.max(np.abs(want))) and _close(got, want + offset, rtol, atol):
        return f"It is off by a constant {offset:.4g} everywhere."
    return ""


# Snapshots taken last, once everything above exists: what the checks compare against on every call.
_TRUSTED = _watched_objects()
_SUSPICIOUS_AT_IMPORT = [description for description, obj in _TRUSTED if not _is_genuine(obj)]
_OWN_NAMES = dict(vars(sys.modules[__name__]))
