"""The course README promises one set of names for every lesson (its table "The names every lesson uses"); each test
holds the lessons and the library to one row of it."""
import ast
import inspect

from nnlib import layers, losses
from tests.notebooks.lessons import LESSONS, ROOT, load, source_of, source_path

README = (ROOT / "course" / "README.md").read_text()


def code_of(lesson):
    """The lesson's code cells, IPython magics left out, as one parsed module."""
    cells = [source_of(c) for c in load(source_path(lesson))["cells"] if c["cell_type"] == "code"]
    lines = [line for cell in cells for line in cell.splitlines() if not line.lstrip().startswith(("%", "!"))]
    return ast.parse("\n".join(lines))


def markdown_of(lesson):
    return "\n".join(source_of(c) for c in load(source_path(lesson))["cells"] if c["cell_type"] == "markdown")


def functions(tree):
    return [node for node in ast.walk(tree) if isinstance(node, ast.FunctionDef)]


def test_every_backward_function_of_every_lesson_takes_the_upstream_gradient_first_as_dout():
    assert "`dout` (`dlogits` when the output is the logits)" in README
    found = {}
    for lesson in LESSONS:
        tree = code_of(lesson)
        names = {node.id for node in ast.walk(tree) if isinstance(node, ast.Name)}
        names |= {node.attr for node in ast.walk(tree) if isinstance(node, ast.Attribute)}
        names |= {function.name for function in functions(tree)}
        for function in functions(tree):   # the backward pass of a forward function the lesson also has
            forward = function.name.removesuffix("_backward") + "_forward"
            is_test_helper = function.name.startswith("check_")
            if function.name.endswith("_backward") and forward in names and not is_test_helper:
                found[f"{lesson}: {function.name}"] = function.args.args[0].arg
    assert found, "no lesson defines a backward function"
    wrong = {name: first for name, first in found.items() if first not in ("dout", "dlogits")}
    assert not wrong, f"backward functions whose first argument is not dout: {wrong}"


def test_the_upstream_gradient_is_written_G_in_the_maths_of_the_backprop_lessons():
    assert "$G = \\partial L / \\partial (\\text{its output})$" in README
    for lesson in ("03_chain_rule_sympy", "04_backprop"):
        text = markdown_of(lesson)
        assert "\\delta" not in text and "δ" not in text, f"{lesson} writes the upstream gradient as δ"
        assert "G" in text


def test_the_student_writes_dense_gradients_with_dout():
    signatures = {f.name: [a.arg for a in f.args.args] for f in functions(code_of("03_chain_rule_sympy"))}
    assert signatures["dense_gradients"] == ["X", "W", "dout"]


def test_a_network_is_a_params_dict_W1_b1_in_lesson_01_as_in_the_library():
    assert '`params = {"W1": ..., "b1": ..., "W2": ..., ...}`' in README
    signatures = {f.name: [a.arg for a in f.args.args] for f in functions(code_of("01_forward_pass"))}
    assert signatures["mlp_forward"] == ["X", "params", "activations"]
    model = layers.MLP([2, 5, 3])
    assert list(model.params) == ["W1", "b1", "W2", "b2"] and model.params["W1"].shape == (2, 5)
    assert list(model.grads) == list(model.params)


def test_the_library_functions_the_table_quotes_have_the_quoted_arguments():
    assert "`dX, dW, db = dense_backward(dout, cache)`" in README
    assert list(inspect.signature(layers.dense_backward).parameters) == ["dout", "cache"]
    assert list(inspect.signature(layers.dense_forward).parameters)[1:] == ["W", "b"]
    assert list(inspect.signature(losses.softmax_cross_entropy).parameters) == ["logits", "y"]
