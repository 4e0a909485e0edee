"""The scalar autograd engine: each operation's gradient matches its closed form and finite differences, values used
twice accumulate, and deep graphs need no recursion."""
import math
import sys

import numpy as np
import pytest
from hypothesis import assume, given
from hypothesis import strategies as st

from nnlib.autograd import Value

pytestmark = pytest.mark.filterwarnings("error")

H = 1e-6  # finite-difference step
moderate = st.floats(-3, 3)
positive = st.floats(0.1, 5)


def gradients(f, *xs):
    """Gradients of f(Value(x1), Value(x2), ...) by backward()."""
    leaves = [Value(x) for x in xs]
    f(*leaves).backward()
    return [leaf.grad for leaf in leaves]


def finite_differences(f, *xs):
    """Centered differences of the forward value of f, one input at a time."""
    result = []
    for i in range(len(xs)):
        plus = [Value(x + H if j == i else x) for j, x in enumerate(xs)]
        minus = [Value(x - H if j == i else x) for j, x in enumerate(xs)]
        result.append((f(*plus).data - f(*minus).data) / (2 * H))
    return result


def assert_gradient_close(analytic, numerical, scale):
    """Relative error (norm-based) below 1e-7, unless the gradient is buried in the rounding noise of the finite
    differences, about eps·scale/h (scale: the largest number in the graph); then within 10 times that noise."""
    analytic, numerical = np.array(analytic), np.array(numerical)
    distance = np.linalg.norm(analytic - numerical)
    error = distance / max(np.linalg.norm(analytic) + np.linalg.norm(numerical), 1e-12)
    noise = np.finfo(np.float64).eps * scale / H * np.sqrt(analytic.size)
    assert error < 1e-7 or distance < 10 * noise, f"relative error {error:.1e}: {analytic} vs {numerical}"


BINARY = {
    "add": (lambda a, b: a + b, lambda a, b: (1.0, 1.0)),
    "sub": (lambda a, b: a - b, lambda a, b: (1.0, -1.0)),
    "mul": (lambda a, b: a * b, lambda a, b: (b, a)),
    "div": (lambda a, b: a / b, lambda a, b: (1 / b, -a / b**2)),
}


@pytest.mark.parametrize("name", BINARY)
@given(a=moderate, b=moderate)
def test_binary_operations(name, a, b):
    f, closed_form = BINARY[name]
    if name == "div":
        b = math.copysign(0.5 + abs(b), b)  # keep away from division by zero
    assert f(Value(a), Value(b)).data == pytest.approx(f(a, b), rel=1e-15, abs=1e-300)
    np.testing.assert_allclose(gradients(f, a, b), closed_form(a, b), rtol=1e-14, atol=1e-300)
    assert_gradient_close(gradients(f, a, b), finite_differences(f, a, b), scale=1 + abs(a) + abs(b) + abs(f(a, b)))


REFLECTED = {
    "number + value": (lambda x: 2.5 + x, lambda x: 1.0),
    "value + number": (lambda x: x + 2.5, lambda x: 1.0),
    "number - value": (lambda x: 2.5 - x, lambda x: -1.0),
    "value - number": (lambda x: x - 2.5, lambda x: 1.0),
    "number * value": (lambda x: 2.5 * x, lambda x: 2.5),
    "value * number": (lambda x: x * 2.5, lambda x: 2.5),
    "number / value": (lambda x: 2.5 / x, lambda x: -2.5 / x**2),
    "value / number": (lambda x: x / 2.5, lambda x: 1 / 2.5),
    "-value": (lambda x: -x, lambda x: -1.0),
}


@pytest.mark.parametrize("name", REFLECTED)
@given(x=positive)
def test_operations_with_python_numbers(name, x):
    f, derivative = REFLECTED[name]
    out = f(Value(x))
    assert isinstance(out, Value)
    assert out.data == pytest.approx(f(x), rel=1e-15)
    (grad,) = gradients(f, x)
    assert grad == pytest.approx(derivative(x), rel=1e-14)


UNARY = {
    "exp": (lambda x: x.exp(), math.exp, math.exp, moderate),
    "log": (lambda x: x.log(), math.log, lambda x: 1 / x, positive),
    "tanh": (lambda x: x.tanh(), math.tanh, lambda x: 1 - math.tanh(x) ** 2, moderate),
    "sigmoid": (lambda x: x.sigmoid(), lambda x: 1 / (1 + math.exp(-x)),
                lambda x: math.exp(-x) / (1 + math.exp(-x)) ** 2, moderate),
    "relu": (lambda x: x.relu(), lambda x: max(x, 0.0), lambda x: float(x > 0),
             moderate.filter(lambda x: abs(x) > 1e-3)),
    "square": (lambda x: x**2, lambda x: x**2, lambda x: 2 * x, moderate),
    "cube": (lambda x: x**3, lambda x: x**3, lambda x: 3 * x**2, moderate),
    "sqrt": (lambda x: x**0.5, math.sqrt, lambda x: 0.5 / math.sqrt(x), positive),
    "reciprocal": (lambda x: x**-1, lambda x: 1 / x, lambda x: -1 / x**2, positive),
}


@pytest.mark.parametrize("name", UNARY)
@given(data=st.data())
def test_unary_operations(name, data):
    f, value, derivative, domain = UNARY[name]
    x = data.draw(domain)
    assert f(Value(x)).data == pytest.approx(value(x), rel=1e-14, abs=1e-300)
    (grad,) = gradients(f, x)
    assert grad == pytest.approx(derivative(x), rel=1e-12, abs=1e-300)
    assert_gradient_close([grad], finite_differences(f, x), scale=1 + abs(x) + abs(value(x)))


def test_operations_record_the_graph():
    a, b = Value(2.0, label="a"), Value(3.0, label="b")
    c = a * b
    assert c._op == "*" and c._prev == (a, b)
    assert (a ** 2)._op == "**2" and a.tanh()._prev == (a,)
    with pytest.raises(TypeError, match="number exponent"):
        a ** b


def test_sigmoid_and_relu_edges():
    for x, expected in [(-1000.0, 0.0), (1000.0, 1.0), (0.0, 0.5)]:
        s = Value(x).sigmoid()
        assert s.data == expected, "sigmoid must not overflow for large |x|"
    x = Value(0.0)
    x.relu().backward()
    assert x.grad == 0.0, "relu' at the kink is 0, as PyTorch"


@given(x=moderate)
def test_a_value_used_twice_accumulates(x):
    assert gradients(lambda a: a * a, x) == [pytest.approx(2 * x, rel=1e-15, abs=1e-300)]
    assert gradients(lambda a: a + a, x) == [2.0]
    assert gradients(lambda a: a * a * a - a, x) == [pytest.approx(3 * x**2 - 1, rel=1e-12, abs=1e-12)]


@given(a=moderate, b=moderate)
def test_shared_subexpression(a, b):
    def f(a, b):
        c = a * b  # c feeds two places
        return (c + a).tanh() * c

    c = a * b
    t = math.tanh(c + a)
    dt = 1 - t**2
    closed_form = [dt * (b + 1) * c + t * b, dt * a * c + t * a]  # product rule, chain rule through c
    np.testing.assert_allclose(gradients(f, a, b), closed_form, rtol=1e-12, atol=1e-12)


def test_neuron_by_hand():
    x1, x2, w1, w2 = Value(2.0), Value(0.0), Value(-3.0), Value(1.0)
    b = Value(6.881373587019543)  # makes the weighted sum log(1 + sqrt(2)), so tanh of it is 1/sqrt(2)
    out = (x1 * w1 + x2 * w2 + b).tanh()
    out.backward()
    assert out.data == pytest.approx(1 / math.sqrt(2), rel=1e-12)
    local = 1 - out.data**2  # = 1/2
    assert (x1.grad, w1.grad, x2.grad, w2.grad, b.grad) == pytest.approx(
        (local * -3.0, local * 2.0, local * 1.0, 0.0, local), rel=1e-12)


OPERATIONS = [
    lambda x, y: x + y,
    lambda x, y: x - y,
    lambda x, y: x * y,
    lambda x, y: x / (1 + y * y),
    lambda x, y: x.tanh(),
    lambda x, y: x.sigmoid() * 3,
    lambda x, y: x.tanh().exp(),
    lambda x, y: (x * x + 1).log(),
    lambda x, y: (x * x + 1) ** 1.5,
    lambda x, y: 2.0 - x,
    lambda x, y: 1.0 / (1 + x * x),
    lambda x, y: -x,
]


def random_program(steps):
    """A function of three Values that applies the given (operation, operand, operand) steps, reusing results."""
    def f(a, b, c):
        nodes = [a, b, c]
        for op, i, j in steps:
            nodes.append(OPERATIONS[op](nodes[i % len(nodes)], nodes[j % len(nodes)]))
        return nodes[-1] + nodes[-2] * 0.5
    return f


programs = st.lists(st.tuples(st.integers(0, len(OPERATIONS) - 1), st.integers(0, 50), st.integers(0, 50)),
                    min_size=1, max_size=10)


@given(steps=programs, a=moderate, b=moderate, c=moderate)
def test_random_graphs_match_finite_differences(steps, a, b, c):
    f = random_program(steps)
    out = f(Value(a), Value(b), Value(c))
    largest = max(abs(node.data) for node in out.topological_order())
    assume(largest < 1e8)  # repeated squaring can leave the range where finite differences mean anything
    assert_gradient_close(gradients(f, a, b, c), finite_differences(f, a, b, c), scale=1 + largest)


def test_deep_chain_needs_no_recursion():
    depth = 5000
    assert depth > sys.getrecursionlimit() // 2
    x = Value(0.5, label="x")
    y = x
    for _ in range(depth):
        y = y * 1.0001 + x  # x is used at every step
    y.backward()
    # y_k = 1.0001 y_{k-1} + x, so dy/dx = 1.0001^depth + Σ_{k<depth} 1.0001^k
    expected = 1.0001**depth + (1.0001**depth - 1) / 0.0001
    assert x.grad == pytest.approx(expected, rel=1e-9)
    assert len(y.topological_order()) == 3 * depth + 1  # x, and per step: the constant, the product, the sum


def test_topological_order_puts_inputs_first():
    a, b = Value(1.0, label="a"), Value(2.0, label="b")
    c = a * b
    d = c + a
    e = d * c
    order = e.topological_order()
    nodes = {a, b, c, d, e} | {child for node in order for child in node._prev}
    assert len(order) == len(set(order)) == len(nodes), "every node exactly once"
    position = {node: i for i, node in enumerate(order)}
    for node in order:
        assert all(position[child] < position[node] for child in node._prev), f"{node} comes before an input"
    assert order[-1] is e


def test_backward_accumulates_and_zero_grad_resets():
    a, b = Value(2.0), Value(-3.0)
    out = (a * b).tanh() + a
    out.backward()
    first = (a.grad, b.grad)
    inner = [node.grad for node in out.topological_order()]
    out.backward()
    assert (a.grad, b.grad) == pytest.approx((2 * first[0], 2 * first[1])), "leaf gradients accumulate, as in PyTorch"
    inner_again = [node.grad for node in out.topological_order() if node._prev]
    assert inner_again == pytest.approx([g for g, node in zip(inner, out.topological_order()) if node._prev])
    out.zero_grad()
    assert all(node.grad == 0.0 for node in out.topological_order())
    out.backward()
    assert (a.grad, b.grad) == pytest.approx(first)


def test_repr_is_helpful():
    a = Value(2.0, label="a")
    a.grad = 0.5
    text = repr(a)
    assert "label='a'" in text and "data=2" in text and "grad=0.5" in text
    assert "op='+'" in repr(a + 1)
