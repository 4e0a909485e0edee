"""Grader quality of lesson 03: the mistakes students really make must fail with the right hint, and other correct
answers (other equivalent symbolic forms, strings SymPy parses, loops, float32, code that warns) must pass.

Judgement calls, stated so that they can be argued with:
- Symbolic answers are graded by meaning: sp.diff's raw output, a hand-typed product, cosh/sech/exp forms and a
  string SymPy parses all pass. A derivative left with exp where the statement asks for σ is equivalent, so it passes.
- sigmoid_prime from the textbook σ(1 − σ) with the naive σ = 1 / (1 + exp(−z)) overflows only into σ = 0 or 1,
  which gives the right σ' = 0 in the tails: it warns but passes. The statement asks 1e-6 relative or 1e-15
  absolute, so σ' cut to 0 (or z clipped) where σ' is still above 1e-15 (|z| < 34.5) fails. The formula lambdified from SymPy,
  exp(−z) / (1 + exp(−z))², gives inf / inf = NaN at z = −1000 and fails.
- finite_difference that adds h and later subtracts it does not always restore x bit for bit; the test calls that a
  changed input, which the statement warns about.
- softmax_jacobian is symbolic, so its "float32 version" is the one with floating-point coefficients (1.0 * S): it
  passes, since answers are compared by value. A list of rows passes like a Matrix; a flat list of 3 or 9 does not.
- The kinds of correct answers that do not apply: the other four symbolic answers have no float32 version (SymPy
  computes exactly; softmax_jacobian's float coefficients are the nearest thing); composite_derivative and
  sigmoid_prime_expr are one expression each, so they have no loop version; finite_difference takes a float64 x (its
  statement) and calls f once per moved entry, so it has neither a float32 version nor a vectorized one.
"""
from tests.grading.quality import Exercise, Mistake

LESSON = "03_chain_rule_sympy"

EXERCISES = [
    Exercise(
        answer="composite_derivative",
        tests=["composite_derivative_visible", "composite_derivative_hidden"],
        mistakes=[
            Mistake("forgets the inner derivative w",
                    source="u = w * x + b\ncomposite_derivative = 2 * sp.tanh(u) * (1 - sp.tanh(u)**2)\n",
                    hint="forgot the inner derivative"),
            Mistake("sign slip in tanh': 1 + tanh²",
                    source="u = w * x + b\ncomposite_derivative = 2 * sp.tanh(u) * (1 + sp.tanh(u)**2) * w\n",
                    hint="sign slip"),
            Mistake("drops the derivative of tanh",
                    source="composite_derivative = 2 * sp.tanh(w * x + b) * w\n",
                    hint="differentiate tanh too"),
            Mistake("forgets the 2 of the square",
                    source="u = w * x + b\ncomposite_derivative = sp.tanh(u) * (1 - sp.tanh(u)**2) * w\n",
                    hint="factor 2 is missing"),
            Mistake("differentiates with respect to w",
                    source="composite_derivative = sp.diff(sp.tanh(w * x + b)**2, w)\n",
                    hint="with respect to x instead"),
            Mistake("a number: the derivative evaluated at a point",
                    source="composite_derivative = sp.diff(f_composite, x).subs({x: 1, w: 1, b: 0})\n",
                    hint="should be a SymPy expression"),
            Mistake("new symbols with assumptions, which are other symbols than the lesson's",
                    source="xr, wr, br = sp.symbols('x w b', real=True)\n"
                           "composite_derivative = sp.diff(sp.tanh(wr * xr + br)**2, xr)\n",
                    hint="not the given symbols of those names"),
        ],
        alternatives=[
            "composite_derivative = sp.diff(f_composite, x)\n",
            "composite_derivative = 2 * w * sp.tanh(w * x + b) / sp.cosh(w * x + b)**2\n",
            "composite_derivative = 2 * w * sp.tanh(w * x + b) * sp.sech(w * x + b)**2\n",
            "composite_derivative = '2*w*tanh(w*x + b)*(1 - tanh(w*x + b)**2)'\n",
            # the chain rule step by step with an intermediate symbol, substituted back
            "v = sp.Symbol('v')\n"
            "outer = sp.diff(v**2, v).subs(v, sp.tanh(w * x + b))\n"
            "composite_derivative = outer * sp.diff(sp.tanh(w * x + b), x)\n",
            # expanded
            "t = sp.tanh(w * x + b)\n"
            "composite_derivative = sp.expand(2 * w * t - 2 * w * t**3)\n",
        ],
    ),
    Exercise(
        answer="sigmoid_prime_expr",
        tests=["sigmoid_prime_expr_visible", "sigmoid_prime_expr_hidden"],
        mistakes=[
            Mistake("loses the minus sign of the inner derivative",
                    source="sigmoid_prime_expr = -sp.exp(-z) / (1 + sp.exp(-z))**2\n",
                    hint="wrong sign"),
            Mistake("uses tanh's pattern 1 − σ²",
                    source="sigmoid_prime_expr = 1 - sigma**2\n",
                    hint="pattern of tanh"),
            Mistake("forgets the square of the denominator",
                    source="sigmoid_prime_expr = sp.exp(-z) / (1 + sp.exp(-z))\n",
                    hint="the square is missing"),
            Mistake("forgets the inner derivative of 1 + e^(−z)",
                    source="sigmoid_prime_expr = -1 / (1 + sp.exp(-z))**2\n",
                    hint="forgot the inner derivative"),
            Mistake("a new symbol standing for σ instead of the expression sigma",
                    source="s = sp.Symbol('sigma')\nsigmoid_prime_expr = s * (1 - s)\n",
                    hint="not a new symbol"),
            Mistake("the number σ'(0) instead of the function",
                    source="sigmoid_prime_expr = sp.Rational(1, 4)\n",
                    hint="should be a SymPy expression"),
        ],
        alternatives=[
            "sigmoid_prime_expr = sp.diff(sigma, z)\n",
            "sigmoid_prime_expr = sp.simplify(sp.diff(sigma, z))\n",  # 1 / (4 cosh²(z/2))
            "sigmoid_prime_expr = sp.exp(z) / (1 + sp.exp(z))**2\n",
            "sigmoid_prime_expr = sigma - sigma**2\n",
            "sigmoid_prime_expr = (1 / (1 + sp.exp(-z))) * (1 / (1 + sp.exp(z)))\n",  # σ(z) σ(−z)
            "sigmoid_prime_expr = 'exp(-z)/(1 + exp(-z))**2'\n",
        ],
    ),
    Exercise(
        answer="sigmoid_prime",
        tests=["sigmoid_prime_visible", "sigmoid_prime_hidden"],
        mistakes=[
            Mistake("the formula lambdified from SymPy: inf / inf = NaN for z = −1000",
                    source="def sigmoid_prime(z):\n    return np.exp(-z) / (1 + np.exp(-z))**2\n",
                    hint="numerically stable"),
            Mistake("the mirrored form: NaN for z = +1000",
                    source="def sigmoid_prime(z):\n    return np.exp(z) / (1 + np.exp(z))**2\n",
                    hint="numerically stable"),
            Mistake("tanh's derivative pattern 1 − σ²",
                    source="def sigmoid_prime(z):\n"
                           "    s = 0.5 * (1 + np.tanh(z / 2))\n"
                           "    return 1 - s**2\n",
                    hint="pattern of tanh"),
            Mistake("returns σ instead of σ'",
                    source="def sigmoid_prime(z):\n"
                           "    e = np.exp(-np.abs(z))\n"
                           "    return np.where(z >= 0, 1 / (1 + e), e / (1 + e))\n",
                    hint="σ(z)(1 − σ(z))"),
            Mistake("a sign slip: −σ(1 − σ)",
                    source="def sigmoid_prime(z):\n"
                           "    e = np.exp(-np.abs(z))\n"
                           "    s = np.where(z >= 0, 1 / (1 + e), e / (1 + e))\n"
                           "    return s * (s - 1)\n",
                    hint="wrong sign"),
            Mistake("lambdifies the SymPy expression: exp overflows into NaN",
                    source="sigmoid_prime = sp.lambdify(z, sp.diff(sigma, z), 'numpy')\n",
                    hint="numerically stable"),
        ],
        alternatives=[
            # the naive σ overflows in the tails but still gives σ' = 0 there: warns, right numbers
            "def sigmoid_prime(z):\n"
            "    s = 1 / (1 + np.exp(-z))\n"
            "    return s * (1 - s)\n",
            "def sigmoid_prime(z):\n"
            "    e = np.exp(-np.abs(z))\n"
            "    return e / (1 + e)**2\n",
            "def sigmoid_prime(z):\n    return 0.25 / np.cosh(z / 2)**2\n",  # cosh overflows to inf: 0.25/inf = 0
            "def sigmoid_prime(z):\n"
            "    s = 0.5 * (1 + np.tanh(z / 2))\n"
            "    return s * (1 - s)\n",
            # a loop with the math module, float64 out
            "import math\n\n"
            "def sigmoid_prime(z):\n"
            "    z = np.asarray(z, dtype=np.float64)\n"
            "    out = np.empty(z.shape)\n"
            "    for i in np.ndindex(z.shape):\n"
            "        e = math.exp(-abs(z[i]))\n"
            "        out[i] = e / (1 + e)**2\n"
            "    return out\n",
        ],
    ),
    Exercise(
        answer="ce_gradient",
        tests=["ce_gradient_visible", "ce_gradient_hidden"],
        mistakes=[
            Mistake("y − p: the minus sign of the loss dropped",
                    source="S = sp.exp(z1) + sp.exp(z2) + sp.exp(z3)\n"
                           "ce_gradient = [sp.diff(sp.log(sp.exp(zk) / S), zk) if k == 0 else -sp.exp(zk) / S\n"
                           "               for k, zk in enumerate(logit_symbols)]\n",
                    hint="wrong sign"),
            Mistake("p without subtracting y",
                    source="S = sp.exp(z1) + sp.exp(z2) + sp.exp(z3)\n"
                           "ce_gradient = [sp.exp(zk) / S for zk in logit_symbols]\n",
                    hint="subtract the target"),
            Mistake("only the true logit gets a gradient",
                    source="S = sp.exp(z1) + sp.exp(z2) + sp.exp(z3)\n"
                           "ce_gradient = [sp.exp(z1) / S - 1, 0, 0]\n",
                    hint="normalizer"),
            Mistake("the 1 subtracted at the wrong class",
                    source="S = sp.exp(z1) + sp.exp(z2) + sp.exp(z3)\n"
                           "ce_gradient = [sp.exp(z1) / S, sp.exp(z2) / S - 1, sp.exp(z3) / S]\n",
                    hint="true class is the first one"),
            Mistake("differentiates p1 instead of the loss −log p1",
                    source="S = sp.exp(z1) + sp.exp(z2) + sp.exp(z3)\n"
                           "ce_gradient = [sp.diff(sp.exp(z1) / S, zk) for zk in logit_symbols]\n",
                    hint="differentiate the loss"),
            Mistake("the general p − y with symbols for y left in",
                    source="y1, y2, y3 = sp.symbols('y1 y2 y3')\n"
                           "S = sp.exp(z1) + sp.exp(z2) + sp.exp(z3)\n"
                           "ce_gradient = [sp.exp(zk) / S - yk for zk, yk in zip(logit_symbols, [y1, y2, y3])]\n",
                    hint="uses symbols"),
            Mistake("a single expression instead of a list",
                    source="S = sp.exp(z1) + sp.exp(z2) + sp.exp(z3)\n"
                           "ce_gradient = sp.exp(z1) / S - 1\n",
                    hint="list of 3 SymPy expressions"),
        ],
        alternatives=[
            # raw sp.diff output, not simplified
            "S = sp.exp(z1) + sp.exp(z2) + sp.exp(z3)\n"
            "ce_gradient = [sp.diff(-sp.log(sp.exp(z1) / S), zk) for zk in logit_symbols]\n",
            # through the log-sum-exp, as a Matrix
            "loss = sp.log(sp.exp(z1) + sp.exp(z2) + sp.exp(z3)) - z1\n"
            "ce_gradient = sp.Matrix([sp.diff(loss, zk) for zk in logit_symbols])\n",
            # the general one-hot loss with y = (1, 0, 0) substituted
            "ys = sp.symbols('y1 y2 y3')\n"
            "S = sp.exp(z1) + sp.exp(z2) + sp.exp(z3)\n"
            "loss = -sum(yk * sp.log(sp.exp(zk) / S) for yk, zk in zip(ys, logit_symbols))\n"
            "ce_gradient = [sp.diff(loss, zk).subs({ys[0]: 1, ys[1]: 0, ys[2]: 0}) for zk in logit_symbols]\n",
            # typed by hand, p1 − 1 written as −(e^z2 + e^z3)/S, as a tuple
            "S = sp.exp(z1) + sp.exp(z2) + sp.exp(z3)\n"
            "ce_gradient = (-(sp.exp(z2) + sp.exp(z3)) / S, sp.exp(z2) / S, sp.exp(z3) / S)\n",
        ],
    ),
    Exercise(
        answer="dL_dW",
        tests=["dL_dW_visible", "dL_dW_hidden"],
        mistakes=[
            Mistake("X G instead of Xᵀ G",
                    source="dL_dW = X_sym * G_sym\n",
                    hint="not X G"),
            Mistake("the transpose, Gᵀ X",
                    source="dL_dW = G_sym.T * X_sym\n",
                    hint="that is the transpose"),
            Mistake("forgets the upstream gradient: L = Σ Z",
                    source="Z = X_sym * W_sym + sp.Matrix(2, 2, lambda n, m: b_sym[m])\n"
                           "L = sum(Z)\n"
                           "dL_dW = sp.Matrix(2, 2, lambda d, m: sp.diff(L, W_sym[d, m]))\n",
                    hint="upstream weight"),
            Mistake("only the first sample",
                    source="Z = X_sym * W_sym + sp.Matrix(2, 2, lambda n, m: b_sym[m])\n"
                           "L = sum(G_sym[0, m] * Z[0, m] for m in range(2))\n"
                           "dL_dW = sp.Matrix(2, 2, lambda d, m: sp.diff(L, W_sym[d, m]))\n",
                    hint="every sample"),
            Mistake("differentiates with respect to X: G Wᵀ",
                    source="Z = X_sym * W_sym + sp.Matrix(2, 2, lambda n, m: b_sym[m])\n"
                           "L = sum(G_sym[n, m] * Z[n, m] for n in range(2) for m in range(2))\n"
                           "dL_dW = sp.Matrix(2, 2, lambda n, d: sp.diff(L, X_sym[n, d]))\n",
                    hint="that is dX"),
        ],
        alternatives=[
            # a flat list of the 4 derivatives in the order of the entries (row by row): the same expressions
            "Z = X_sym * W_sym + sp.Matrix(2, 2, lambda n, m: b_sym[m])\n"
            "L = sum(G_sym[n, m] * Z[n, m] for n in range(2) for m in range(2))\n"
            "dL_dW = [sp.diff(L, wk) for wk in W_sym]\n",
            "dL_dW = X_sym.T * G_sym\n",
            # nested lists, the bias added with ones
            "Z = X_sym * W_sym + sp.ones(2, 1) * b_sym\n"
            "L = sum(G_sym[n, m] * Z[n, m] for n in range(2) for m in range(2))\n"
            "dL_dW = [[sp.diff(L, W_sym[d, m]) for m in range(2)] for d in range(2)]\n",
            # written out by hand with explicit sums
            "dL_dW = sp.Matrix(2, 2, lambda d, m: sum(X_sym[n, d] * G_sym[n, m] for n in range(2)))\n",
            # through the trace: L = tr(Gᵀ Z)
            "L = ((G_sym.T) * (X_sym * W_sym + sp.ones(2, 1) * b_sym)).trace()\n"
            "dL_dW = sp.Matrix(2, 2, lambda d, m: sp.diff(L, W_sym[d, m]))\n",
        ],
    ),
    Exercise(
        answer="dense_gradients",
        tests=["dense_gradients_visible", "dense_gradients_hidden"],
        mistakes=[
            Mistake("dW = X G (the shapes do not even fit)",
                    source="def dense_gradients(X, W, dout):\n    return dout @ W.T, X @ dout, dout.sum(axis=0)\n",
                    hint="dW = X.T @ dout"),
            Mistake("dW transposed: Gᵀ X",
                    source="def dense_gradients(X, W, dout):\n    return dout @ W.T, dout.T @ X, dout.sum(axis=0)\n",
                    hint="transpose"),
            Mistake("db summed along the wrong axis",
                    source="def dense_gradients(X, W, dout):\n    return dout @ W.T, X.T @ dout, dout.sum(axis=1)\n",
                    hint="axis=0"),
            Mistake("averages over the batch although the loss is a sum",
                    source="def dense_gradients(X, W, dout):\n"
                           "    N = X.shape[0]\n"
                           "    return dout @ W.T / N, X.T @ dout / N, dout.mean(axis=0)\n",
                    hint="batch size"),
            Mistake("dX = G W instead of G Wᵀ",
                    source="def dense_gradients(X, W, dout):\n    return dout @ W, X.T @ dout, dout.sum(axis=0)\n",
                    hint="dX = dout @ W.T"),
            Mistake("forgets db",
                    source="def dense_gradients(X, W, dout):\n    return dout @ W.T, X.T @ dout\n",
                    hint="should return 3 values"),
        ],
        # written with the statement's parameter name dout; the cases added below keep G, and one names it
        # upstream: the tests pass the arguments by position, so any name passes
        alternatives=[
            "def dense_gradients(X, W, dout):\n"
            "    return np.dot(dout, W.T), np.dot(X.T, dout), np.sum(dout, axis=0)\n",
            "def dense_gradients(X, W, dout):\n"
            "    return (np.einsum('nm,dm->nd', dout, W), np.einsum('nd,nm->dm', X, dout), np.einsum('nm->m', dout))\n",
            # one sample at a time: outer products summed over the batch
            "def dense_gradients(X, W, dout):\n"
            "    dX = np.zeros(X.shape)\n"
            "    dW = np.zeros(W.shape)\n"
            "    db = np.zeros(W.shape[1])\n"
            "    for n in range(X.shape[0]):\n"
            "        dX[n] = W @ dout[n]\n"
            "        dW += np.outer(X[n], dout[n])\n"
            "        db += dout[n]\n"
            "    return dX, dW, db\n",
            # a list instead of a tuple, transposes written the other way round
            "def dense_gradients(X, W, dout):\n"
            "    return [(W @ dout.T).T, (dout.T @ X).T, dout.T.sum(axis=1)]\n",
            "def dense_gradients(inputs, weights, upstream):\n"
            "    return upstream @ weights.T, inputs.T @ upstream, upstream.sum(axis=0)\n",
        ],
    ),
    Exercise(
        answer="finite_difference",
        tests=["finite_difference_visible", "finite_difference_hidden"],
        mistakes=[
            Mistake("forward difference",
                    source="def finite_difference(f, x, h=1e-5):\n"
                           "    grad = np.zeros(x.shape)\n"
                           "    fx = f(x)\n"
                           "    for i in np.ndindex(x.shape):\n"
                           "        up = x.copy()\n"
                           "        up[i] += h\n"
                           "        grad[i] = (f(up) - fx) / h\n"
                           "    return grad\n",
                    hint="centered difference"),
            Mistake("divides by h instead of 2h",
                    source="def finite_difference(f, x, h=1e-5):\n"
                           "    grad = np.zeros(x.shape)\n"
                           "    for i in np.ndindex(x.shape):\n"
                           "        up, down = x.copy(), x.copy()\n"
                           "        up[i] += h\n"
                           "        down[i] -= h\n"
                           "        grad[i] = (f(up) - f(down)) / h\n"
                           "    return grad\n",
                    hint="constant factor of 2"),
            Mistake("perturbs x in place and never restores it",
                    source="def finite_difference(f, x, h=1e-5):\n"
                           "    grad = np.zeros(x.shape)\n"
                           "    for i in np.ndindex(x.shape):\n"
                           "        x[i] += h\n"
                           "        up = f(x)\n"
                           "        x[i] -= 2 * h\n"
                           "        grad[i] = (up - f(x)) / (2 * h)\n"
                           "    return grad\n",
                    hint="changed its input"),
            Mistake("restores x by adding h back, which rounds",
                    source="def finite_difference(f, x, h=1e-5):\n"
                           "    grad = np.zeros(x.shape)\n"
                           "    for i in np.ndindex(x.shape):\n"
                           "        x[i] += h\n"
                           "        up = f(x)\n"
                           "        x[i] -= 2 * h\n"
                           "        down = f(x)\n"
                           "        x[i] += h\n"
                           "        grad[i] = (up - down) / (2 * h)\n"
                           "    return grad\n",
                    hint="changed its input"),
            Mistake("an alias instead of a copy: the caller's x changes",
                    source="def finite_difference(f, x, h=1e-5):\n"
                           "    grad = np.zeros(x.shape)\n"
                           "    for i in np.ndindex(x.shape):\n"
                           "        up = x\n"
                           "        up[i] = up[i] + h\n"
                           "        f_up = f(up)\n"
                           "        up[i] = up[i] - 2 * h\n"
                           "        grad[i] = (f_up - f(up)) / (2 * h)\n"
                           "    return grad\n",
                    hint="changed its input"),
            Mistake("moves every entry at once: a directional derivative",
                    source="def finite_difference(f, x, h=1e-5):\n"
                           "    return (f(x + h) - f(x - h)) / (2 * h) * np.ones(x.shape)\n",
                    hint="one entry at a time"),
            Mistake("loops over len(x): only rows of a 2-D x",
                    source="def finite_difference(f, x, h=1e-5):\n"
                           "    grad = np.zeros(x.shape)\n"
                           "    for i in range(len(x)):\n"
                           "        up, down = x.copy(), x.copy()\n"
                           "        up[i] += h\n"
                           "        down[i] -= h\n"
                           "        grad[i] = (f(up) - f(down)) / (2 * h)\n"
                           "    return grad\n",
                    hint="whatever its shape"),
            Mistake("ignores the step h it is given",
                    source="def finite_difference(f, x, h=1e-5):\n"
                           "    grad = np.zeros(x.shape)\n"
                           "    for i in np.ndindex(x.shape):\n"
                           "        up, down = x.copy(), x.copy()\n"
                           "        up[i] += 1e-5\n"
                           "        down[i] -= 1e-5\n"
                           "        grad[i] = (f(up) - f(down)) / 2e-5\n"
                           "    return grad\n",
                    hint="use the step h you are given"),
        ],
        alternatives=[
            # in place, restoring the saved value exactly (as nnlib.gradcheck does)
            "def finite_difference(f, x, h=1e-5):\n"
            "    grad = np.zeros(x.shape)\n"
            "    for i in np.ndindex(x.shape):\n"
            "        old = x[i]\n"
            "        x[i] = old + h\n"
            "        up = f(x)\n"
            "        x[i] = old - h\n"
            "        down = f(x)\n"
            "        x[i] = old\n"
            "        grad[i] = (up - down) / (2 * h)\n"
            "    return grad\n",
            # flat indices and a unit array e_i
            "def finite_difference(f, x, h=1e-5):\n"
            "    grad = np.zeros(x.size)\n"
            "    for k in range(x.size):\n"
            "        e = np.zeros(x.size)\n"
            "        e[k] = h\n"
            "        e = e.reshape(x.shape)\n"
            "        grad[k] = (f(x + e) - f(x - e)) / (2 * h)\n"
            "    return grad.reshape(x.shape)\n",
            # np.nditer over the indices, a list comprehension
            "def finite_difference(f, x, h=1e-5):\n"
            "    def partial(i):\n"
            "        up, down = x.copy(), x.copy()\n"
            "        up[i] += h\n"
            "        down[i] -= h\n"
            "        return (f(up) - f(down)) / (2 * h)\n"
            "    return np.array([partial(i) for i in np.ndindex(x.shape)]).reshape(x.shape)\n",
            # x.flat on a copy
            "def finite_difference(f, x, h=1e-5):\n"
            "    work = np.array(x, dtype=np.float64)\n"
            "    grad = np.empty_like(work)\n"
            "    for k in range(work.size):\n"
            "        old = work.flat[k]\n"
            "        work.flat[k] = old + h\n"
            "        up = f(work)\n"
            "        work.flat[k] = old - h\n"
            "        down = f(work)\n"
            "        work.flat[k] = old\n"
            "        grad.flat[k] = (up - down) / (2 * h)\n"
            "    return grad\n",
        ],
    ),
    Exercise(
        answer="softmax_jacobian",
        tests=["softmax_jacobian_visible", "softmax_jacobian_hidden"],
        mistakes=[
            Mistake("softmax treated as elementwise: only the diagonal, e^z/S differentiated as if S were constant",
                    source="S = sp.exp(z1) + sp.exp(z2) + sp.exp(z3)\n"
                           "softmax_jacobian = sp.diag(*[sp.exp(zk) / S for zk in logit_symbols])\n",
                    hint="the off-diagonal entries are −p_i p_j, not 0"),
            Mistake("the right diagonal p(1 − p), zeros elsewhere",
                    source="S = sp.exp(z1) + sp.exp(z2) + sp.exp(z3)\n"
                           "p = [sp.exp(zk) / S for zk in logit_symbols]\n"
                           "softmax_jacobian = sp.diag(*[pk * (1 - pk) for pk in p])\n",
                    hint="also depends on the other logits"),
            Mistake("the whole sign flipped: p pᵀ − diag(p)",
                    source="S = sp.exp(z1) + sp.exp(z2) + sp.exp(z3)\n"
                           "p = sp.Matrix([sp.exp(zk) / S for zk in logit_symbols])\n"
                           "softmax_jacobian = p * p.T - sp.diag(*p)\n",
                    hint="positive on the diagonal"),
            Mistake("off-diagonal entries +p_i p_j",
                    source="S = sp.exp(z1) + sp.exp(z2) + sp.exp(z3)\n"
                           "p = [sp.exp(zk) / S for zk in logit_symbols]\n"
                           "softmax_jacobian = sp.Matrix(3, 3, lambda i, j: p[i] * (1 - p[i]) if i == j "
                           "else p[i] * p[j])\n",
                    hint="sign of the off-diagonal entries"),
            Mistake("the Jacobian of log p instead of p",
                    source="S = sp.exp(z1) + sp.exp(z2) + sp.exp(z3)\n"
                           "log_p = [zk - sp.log(S) for zk in logit_symbols]\n"
                           "softmax_jacobian = sp.Matrix(3, 3, lambda i, j: sp.diff(log_p[i], logit_symbols[j]))\n",
                    hint="Jacobian of log p"),
            Mistake("differentiates only the numerator e^{z_i}",
                    source="softmax_jacobian = sp.Matrix(3, 3, lambda i, j: sp.diff(sp.exp(logit_symbols[i]), "
                           "logit_symbols[j]))\n",
                    hint="differentiate the quotient"),
            Mistake("the cross-entropy gradient p − y instead of the Jacobian",
                    source="S = sp.exp(z1) + sp.exp(z2) + sp.exp(z3)\n"
                           "softmax_jacobian = [sp.exp(z1) / S - 1, sp.exp(z2) / S, sp.exp(z3) / S]\n",
                    hint="3 × 3 sp.Matrix"),
            Mistake("the Jacobian evaluated at z = 0: numbers, not expressions",
                    source="S = sp.exp(z1) + sp.exp(z2) + sp.exp(z3)\n"
                           "p = [sp.exp(zk) / S for zk in logit_symbols]\n"
                           "softmax_jacobian = sp.Matrix(3, 3, lambda i, j: sp.diff(p[i], logit_symbols[j]))"
                           ".subs({z1: 0, z2: 0, z3: 0})\n",
                    hint="SymPy expression"),
        ],
        alternatives=[
            # loops over the entries, a list of rows
            "S = sp.exp(z1) + sp.exp(z2) + sp.exp(z3)\n"
            "softmax_jacobian = []\n"
            "for zi in logit_symbols:\n"
            "    row = []\n"
            "    for zj in logit_symbols:\n"
            "        row.append(sp.diff(sp.exp(zi) / S, zj))\n"
            "    softmax_jacobian.append(row)\n",
            # another library function: SymPy's own Matrix.jacobian
            "S = sp.exp(z1) + sp.exp(z2) + sp.exp(z3)\n"
            "softmax_jacobian = sp.Matrix([sp.exp(zk) / S for zk in logit_symbols]).jacobian(logit_symbols)\n",
            # typed by hand from the formula diag(p) − p pᵀ, simplified
            "S = sp.exp(z1) + sp.exp(z2) + sp.exp(z3)\n"
            "p = sp.Matrix([sp.exp(zk) / S for zk in logit_symbols])\n"
            "softmax_jacobian = sp.simplify(sp.diag(*p) - p * p.T)\n",
            # through the log-softmax: ∂p_i = p_i ∂log p_i, an immutable matrix
            "S = sp.exp(z1) + sp.exp(z2) + sp.exp(z3)\n"
            "softmax_jacobian = sp.ImmutableMatrix(3, 3, lambda i, j: sp.exp(logit_symbols[i]) / S\n"
            "    * sp.diff(logit_symbols[i] - sp.log(S), logit_symbols[j]))\n",
            # floating-point coefficients, the symbolic counterpart of a float32 answer
            "S = 1.0 * (sp.exp(z1) + sp.exp(z2) + sp.exp(z3))\n"
            "softmax_jacobian = sp.Matrix(3, 3, lambda i, j: sp.diff(sp.exp(logit_symbols[i]) / S,\n"
            "                                                       logit_symbols[j]))\n",
        ],
    ),
]

# Issue #14: at least 8 real mistakes and 4 other correct answers per exercise, among them SymPy's own containers
# (sp.derive_by_array), an answer that prints, and for the numpy exercises a loop, a float32 version and a progress bar.
_BY_ANSWER = {exercise.answer: exercise for exercise in EXERCISES}
_BY_ANSWER["composite_derivative"].mistakes += [
    Mistake("an unevaluated derivative: sp.Derivative without .doit()",
            source="composite_derivative = sp.Derivative(f_composite, x)\n",
            hint="unevaluated Derivative"),
]
_BY_ANSWER["composite_derivative"].alternatives += [
    "composite_derivative = sp.Derivative(f_composite, x).doit()\nprint(composite_derivative)\n",
]
_BY_ANSWER["sigmoid_prime_expr"].mistakes += [
    Mistake("an unevaluated derivative: sp.Derivative without .doit()",
            source="sigmoid_prime_expr = sp.Derivative(sigma, z)\n",
            hint="unevaluated Derivative"),
    Mistake("an undefined function σ(z) in place of the expression sigma",
            source="s = sp.Function('sigma')(z)\nsigmoid_prime_expr = s * (1 - s)\n",
            hint="undefined function sigma(z)"),
]
_BY_ANSWER["sigmoid_prime_expr"].alternatives += [
    "sigmoid_prime_expr = sp.diff(sigma, z).rewrite(sp.cosh)\nprint(sigmoid_prime_expr)\n",
]
_BY_ANSWER["sigmoid_prime"].mistakes += [
    Mistake("applies σ(1 − σ) to z itself: z (1 − z)",
            source="def sigmoid_prime(z):\n    return z * (1 - z)\n",
            hint="expected 0.104994, got -6"),
    Mistake("the derivative of tanh instead of σ",
            source="def sigmoid_prime(z):\n    return 1 - np.tanh(z) ** 2\n",
            hint="expected 0.104994, got 0.0706508"),
]
_BY_ANSWER["sigmoid_prime"].alternatives += [
    # float32 in, float32 out, as the statement allows
    "def sigmoid_prime(z):\n"
    "    e = np.exp(-np.abs(z))\n"
    "    s = np.where(z >= 0, 1 / (1 + e), e / (1 + e)).astype(np.result_type(z, np.float32))\n"
    "    return s * (1 - s)\n",
    "from tqdm import tqdm\n"
    "import math\n\n"
    "def sigmoid_prime(z):\n"
    "    z = np.asarray(z, dtype=np.float64)\n"
    "    out = np.empty(z.shape)\n"
    "    for i in tqdm(list(np.ndindex(z.shape))):\n"
    "        e = math.exp(-abs(z[i]))\n"
    "        out[i] = e / (1 + e) ** 2\n"
    "    return out\n",
]
_BY_ANSWER["ce_gradient"].mistakes += [
    Mistake("unevaluated derivatives: sp.Derivative without .doit()",
            source="S = sp.exp(z1) + sp.exp(z2) + sp.exp(z3)\n"
                   "ce_gradient = [sp.Derivative(-sp.log(sp.exp(z1) / S), zk) for zk in logit_symbols]\n",
            hint="unevaluated Derivative"),
]
_BY_ANSWER["ce_gradient"].alternatives += [
    # SymPy's gradient: an NDimArray (issue #14 saw it rejected by the visible test)
    "S = sp.exp(z1) + sp.exp(z2) + sp.exp(z3)\n"
    "ce_gradient = sp.derive_by_array(-sp.log(sp.exp(z1) / S), logit_symbols)\n"
    "print(ce_gradient)\n",
]
_BY_ANSWER["dL_dW"].mistakes += [
    Mistake("divides by the batch size N = 2, as if the loss were a mean",
            source="dL_dW = X_sym.T * G_sym / 2\n",
            hint="constant factor of 0.5"),
    Mistake("an unevaluated derivative in every entry",
            source="Z = X_sym * W_sym + sp.Matrix(2, 2, lambda n, m: b_sym[m])\n"
                   "L = sum(G_sym[n, m] * Z[n, m] for n in range(2) for m in range(2))\n"
                   "dL_dW = sp.Matrix(2, 2, lambda d, m: sp.Derivative(L, W_sym[d, m]))\n",
            hint="unevaluated Derivative"),
    Mistake("G Xᵀ: the factors swapped and transposed",
            source="dL_dW = G_sym * X_sym.T\n",
            hint="dL_dW[0, 0] is not equal"),
]
_BY_ANSWER["dL_dW"].alternatives += [
    "Z = X_sym * W_sym + sp.Matrix(2, 2, lambda n, m: b_sym[m])\n"
    "L = sum(G_sym[n, m] * Z[n, m] for n in range(2) for m in range(2))\n"
    "dL_dW = sp.derive_by_array(L, W_sym)\n"
    "print(dL_dW)\n",
]
_BY_ANSWER["dense_gradients"].mistakes += [
    Mistake("returns (dW, dX, db): the first two swapped",
            source="def dense_gradients(X, W, G):\n    return X.T @ G, G @ W.T, G.sum(axis=0)\n",
            hint="wrong places"),
    Mistake("db averaged over the batch",
            source="def dense_gradients(X, W, G):\n    return G @ W.T, X.T @ G, G.mean(axis=0)\n",
            hint="times too small"),
]
_BY_ANSWER["dense_gradients"].alternatives += [
    "from tqdm import tqdm\n\n"
    "def dense_gradients(X, W, G):\n"
    "    dW = np.zeros(W.shape, dtype=np.result_type(X, W, G))\n"
    "    for n in tqdm(range(X.shape[0])):\n"
    "        dW += np.outer(X[n], G[n])\n"
    "    print('dW', dW.shape)\n"
    "    return G @ W.T, dW, G.sum(axis=0)\n",
]
_BY_ANSWER["finite_difference"].alternatives += [
    "from tqdm import tqdm\n\n"
    "def finite_difference(f, x, h=1e-5):\n"
    "    grad = np.zeros(x.shape)\n"
    "    for i in tqdm(list(np.ndindex(x.shape))):\n"
    "        step = np.zeros(x.shape)\n"
    "        step[i] = h\n"
    "        grad[i] = (f(x + step) - f(x - step)) / (2 * h)\n"
    "    return grad\n",
]
_BY_ANSWER["softmax_jacobian"].alternatives += [
    # derive_by_array puts the logit first ([j, i]); the softmax Jacobian is symmetric, so it is the same matrix
    "S = sp.exp(z1) + sp.exp(z2) + sp.exp(z3)\n"
    "softmax_jacobian = sp.derive_by_array([sp.exp(zk) / S for zk in logit_symbols], logit_symbols)\n",
]

# Answers written without reading the tests (issue #14, section 4): each correct one must pass, each wrong one
# must fail with the hint its message gives.
_BY_ANSWER['composite_derivative'].alternatives.append(  # written without reading the tests: hand product of the three local derivatives
    'import sympy as sp\n\n# u = w x + b, v = tanh(u), f = v**2\n# df/dv = 2 v, dv/du = 1 - tanh(u)**2, du/dx = w\nu = w * x + b\ncomposite_derivative = 2 * sp.tanh(u) * (1 - sp.tanh(u)**2) * w\n')
_BY_ANSWER['composite_derivative'].alternatives.append(  # written without reading the tests: sp.diff of the given f_composite
    'import sympy as sp\n\ncomposite_derivative = sp.diff(f_composite, x)\nprint(sp.simplify(composite_derivative - 2 * w * sp.tanh(w * x + b) * (1 - sp.tanh(w * x + b)**2)))\n')
_BY_ANSWER['composite_derivative'].alternatives.append(  # written without reading the tests: written with sech^2 instead of 1 - tanh^2
    'import sympy as sp\n\ncomposite_derivative = 2 * w * sp.tanh(w * x + b) * sp.sech(w * x + b)**2\n')
_BY_ANSWER['composite_derivative'].mistakes.append(Mistake(  # written without reading the tests
    'forgets the inner derivative du/dx = w',
    source='import sympy as sp\n\nu = w * x + b\ncomposite_derivative = 2 * sp.tanh(u) * (1 - sp.tanh(u)**2)\n',
    hint="you forgot the inner derivative: the chain rule's last facto"))
_BY_ANSWER['composite_derivative'].mistakes.append(Mistake(  # written without reading the tests
    "sign slip: tanh' = 1 + tanh^2",
    source='import sympy as sp\n\nu = w * x + b\ncomposite_derivative = 2 * sp.tanh(u) * (1 + sp.tanh(u)**2) * w\n',
    hint="sign slip: tanh'(u) = 1 − tanh²(u), not 1 + tanh²(u)"))
_BY_ANSWER['composite_derivative'].mistakes.append(Mistake(  # written without reading the tests
    'differentiates with respect to w (inner factor x)',
    source='import sympy as sp\n\nu = w * x + b\ncomposite_derivative = 2 * sp.tanh(u) * (1 - sp.tanh(u)**2) * x\n',
    hint='that is ∂f/∂w (its inner derivative is x); differentiate wit'))
_BY_ANSWER['composite_derivative'].mistakes.append(Mistake(  # written without reading the tests
    "makes its own symbols with real=True (other symbols than the test's)",
    source='import sympy as sp\n\nx, w, b = sp.symbols("x w b", real=True)\nu = w * x + b\ncomposite_derivative = 2 * sp.tanh(u) * (1 - sp.tanh(u)**2) * w\n',
    hint='not the given symbols of those names'))
_BY_ANSWER['sigmoid_prime_expr'].alternatives.append(  # written without reading the tests: sigma * (1 - sigma) after checking simplify gives 0
    'import sympy as sp\n\nd = sp.diff(sigma, z)\nprint(sp.simplify(d - sigma * (1 - sigma)))   # 0\nsigmoid_prime_expr = sigma * (1 - sigma)\n')
_BY_ANSWER['sigmoid_prime_expr'].alternatives.append(  # written without reading the tests: raw sp.diff output
    'import sympy as sp\n\nsigmoid_prime_expr = sp.diff(sigma, z)\n')
_BY_ANSWER['sigmoid_prime_expr'].alternatives.append(  # written without reading the tests: typed by hand: exp(-z) / (1 + exp(-z))**2
    'import sympy as sp\n\nsigmoid_prime_expr = sp.exp(-z) / (1 + sp.exp(-z))**2\n')
_BY_ANSWER['sigmoid_prime_expr'].mistakes.append(Mistake(  # written without reading the tests
    'tanh pattern 1 - sigma**2',
    source='import sympy as sp\n\nsigmoid_prime_expr = 1 - sigma**2\n',
    hint='1 − σ² is the pattern of tanh; for the sigmoid it is σ(1 − σ'))
_BY_ANSWER['sigmoid_prime_expr'].mistakes.append(Mistake(  # written without reading the tests
    'sign error: -exp(-z) / (1 + exp(-z))**2',
    source='import sympy as sp\n\nsigmoid_prime_expr = -sp.exp(-z) / (1 + sp.exp(-z))**2\n',
    hint='wrong sign'))
_BY_ANSWER['sigmoid_prime_expr'].mistakes.append(Mistake(  # written without reading the tests
    'uses a new symbol s for sigma: s*(1 - s)',
    source='import sympy as sp\n\ns = sp.Symbol("sigma")\nsigmoid_prime_expr = s * (1 - s)\n',
    hint="write σ' in terms of the expression sigma = 1 / (1 + sp.exp("))
_BY_ANSWER['sigmoid_prime_expr'].mistakes.append(Mistake(  # written without reading the tests
    'square missing in the denominator: exp(-z)/(1 + exp(-z))',
    source='import sympy as sp\n\nsigmoid_prime_expr = sp.exp(-z) / (1 + sp.exp(-z))\n',
    hint="the square is missing: (u⁻¹)' = −u⁻² puts (1 + e^(−z))² in t"))
_BY_ANSWER['sigmoid_prime'].alternatives.append(  # written without reading the tests: stable sigmoid (exp of -|z|), then s*(1-s)
    'import numpy as np\n\ndef sigmoid_prime(z):\n    z = np.asarray(z)\n    e = np.exp(-np.abs(z))\n    s = np.where(z >= 0, 1 / (1 + e), e / (1 + e))\n    return s * (1 - s)\n')
_BY_ANSWER['sigmoid_prime'].alternatives.append(  # written without reading the tests: uses symmetry: sigma'(z) = e^{-|z|} / (1 + e^{-|z|})^2
    "import numpy as np\n\ndef sigmoid_prime(z):\n    # sigma' is even, so use -|z|: only exponentiates numbers <= 0\n    e = np.exp(-np.abs(z))\n    return e / (1 + e) ** 2\n")
_BY_ANSWER['sigmoid_prime'].alternatives.append(  # written without reading the tests: sigma(z) * sigma(-z) with a mask-based stable sigmoid helper
    'import numpy as np\n\ndef _stable_sigmoid(v):\n    v = np.asarray(v)\n    out = np.empty_like(v)\n    pos = v >= 0\n    out[pos] = 1 / (1 + np.exp(-v[pos]))\n    ev = np.exp(v[~pos])\n    out[~pos] = ev / (1 + ev)\n    return out\n\ndef sigmoid_prime(z):\n    # 1 - sigma(z) = sigma(-z)\n    return _stable_sigmoid(z) * _stable_sigmoid(-np.asarray(z))\n')
_BY_ANSWER['sigmoid_prime'].mistakes.append(Mistake(  # written without reading the tests
    'the lambdified form exp(-z)/(1+exp(-z))**2: inf/inf = NaN at z = -1000',
    source='import numpy as np\n\ndef sigmoid_prime(z):\n    return np.exp(-z) / (1 + np.exp(-z)) ** 2\n',
    hint='not numerically stable'))
_BY_ANSWER['sigmoid_prime'].mistakes.append(Mistake(  # written without reading the tests
    'tanh pattern: 1 - sigma**2',
    source='import numpy as np\n\ndef sigmoid_prime(z):\n    e = np.exp(-np.abs(z))\n    s = np.where(z >= 0, 1 / (1 + e), e / (1 + e))\n    return 1 - s ** 2\n',
    hint='1 − σ² would be the pattern of tanh'))
_BY_ANSWER['sigmoid_prime'].mistakes.append(Mistake(  # written without reading the tests
    'overwrites z with sigma(z) in place before computing s(1-s)',
    source='import numpy as np\n\ndef sigmoid_prime(z):\n    e = np.exp(-np.abs(z))\n    pos = z >= 0\n    z[pos] = 1 / (1 + e[pos])\n    z[~pos] = e[~pos] / (1 + e[~pos])\n    return z * (1 - z)\n',
    hint='in place'))
_BY_ANSWER['sigmoid_prime'].mistakes.append(Mistake(  # written without reading the tests
    'tanh identity without the inner factor: 0.25*(1 - tanh(z)**2) instead of tanh(z/2)',
    source="import numpy as np\n\ndef sigmoid_prime(z):\n    # sigma = (1 + tanh)/2, so sigma' = (1 - tanh^2)/4\n    return 0.25 * (1 - np.tanh(z) ** 2)\n",
    hint='expected 0.104994, got 0.0176627'))
_BY_ANSWER['ce_gradient'].alternatives.append(  # written without reading the tests: sp.diff of -log p1 for each logit
    'import sympy as sp\n\ntotal = sp.exp(z1) + sp.exp(z2) + sp.exp(z3)\np = [sp.exp(zk) / total for zk in logit_symbols]\nL = -sp.log(p[0])\nce_gradient = [sp.diff(L, zk) for zk in logit_symbols]\n')
_BY_ANSWER['ce_gradient'].alternatives.append(  # written without reading the tests: typed p - y with y = (1, 0, 0)
    'import sympy as sp\n\nS = sp.exp(z1) + sp.exp(z2) + sp.exp(z3)\np1, p2, p3 = sp.exp(z1) / S, sp.exp(z2) / S, sp.exp(z3) / S\nce_gradient = [p1 - 1, p2, p3]\n')
_BY_ANSWER['ce_gradient'].alternatives.append(  # written without reading the tests: loss written as log-sum-exp minus z1, then diff, simplified
    'import sympy as sp\n\nL = sp.log(sp.exp(z1) + sp.exp(z2) + sp.exp(z3)) - z1\nce_gradient = [sp.simplify(sp.diff(L, v)) for v in (z1, z2, z3)]\n')
_BY_ANSWER['ce_gradient'].mistakes.append(Mistake(  # written without reading the tests
    'sign flipped: y - p',
    source='import sympy as sp\n\nS = sp.exp(z1) + sp.exp(z2) + sp.exp(z3)\nce_gradient = [1 - sp.exp(z1) / S, -sp.exp(z2) / S, -sp.exp(z3) / S]\n',
    hint='wrong sign'))
_BY_ANSWER['ce_gradient'].mistakes.append(Mistake(  # written without reading the tests
    'forgets to subtract the target: [p1, p2, p3]',
    source='import sympy as sp\n\nS = sp.exp(z1) + sp.exp(z2) + sp.exp(z3)\nce_gradient = [sp.exp(z1) / S, sp.exp(z2) / S, sp.exp(z3) / S]\n',
    hint='subtract the target: the gradient is p − y with y = (1, 0, 0'))
_BY_ANSWER['ce_gradient'].mistakes.append(Mistake(  # written without reading the tests
    'takes the true class as the second one (label 1)',
    source='import sympy as sp\n\nS = sp.exp(z1) + sp.exp(z2) + sp.exp(z3)\np = [sp.exp(v) / S for v in logit_symbols]\nL = -sp.log(p[1])\nce_gradient = [sp.diff(L, v) for v in logit_symbols]\n',
    hint='the true class is the first one (label 0): y = (1, 0, 0), so'))
_BY_ANSWER['ce_gradient'].mistakes.append(Mistake(  # written without reading the tests
    'thinks only the true logit matters: [p1 - 1, 0, 0]',
    source='import sympy as sp\n\nS = sp.exp(z1) + sp.exp(z2) + sp.exp(z3)\nce_gradient = [sp.exp(z1) / S - 1, 0, 0]\n',
    hint='the normalizer e^z1 + e^z2 + e^z3 contains every logit: ∂L/∂'))
_BY_ANSWER['dL_dW'].alternatives.append(  # written without reading the tests: build Z and L, diff by each W entry
    'import sympy as sp\n\nZ = X_sym * W_sym + sp.ones(2, 1) * b_sym\nL = sum(G_sym[n, m] * Z[n, m] for n in range(2) for m in range(2))\ndL_dW = sp.Matrix(2, 2, lambda d, m: sp.diff(L, W_sym[d, m]))\nprint(dL_dW[0, 1])\n')
_BY_ANSWER['dL_dW'].alternatives.append(  # written without reading the tests: loops building Z entry by entry, then nested list of diffs
    'import sympy as sp\n\nZ = sp.zeros(2, 2)\nfor n in range(2):\n    for m in range(2):\n        Z[n, m] = sum(X_sym[n, d] * W_sym[d, m] for d in range(2)) + b_sym[m]\nL = 0\nfor n in range(2):\n    for m in range(2):\n        L += G_sym[n, m] * Z[n, m]\nrows = []\nfor d in range(2):\n    rows.append([sp.diff(L, W_sym[d, m]) for m in range(2)])\ndL_dW = sp.Matrix(rows)\n')
_BY_ANSWER['dL_dW'].alternatives.append(  # written without reading the tests: recognised matrix form X^T G, compared with elementwise prod
    'import sympy as sp\n\nZ = X_sym * W_sym + sp.Matrix.vstack(b_sym, b_sym)\nL = sum(G_sym.multiply_elementwise(Z))\ncheck_matrix = sp.Matrix(2, 2, lambda d, m: sp.diff(L, W_sym[d, m]))\ndL_dW = X_sym.T * G_sym\nprint(sp.simplify(dL_dW - check_matrix))\n')
_BY_ANSWER['dL_dW'].mistakes.append(Mistake(  # written without reading the tests
    'X G without the transpose',
    source='import sympy as sp\n\ndL_dW = X_sym * G_sym\n',
    hint='the sum runs over the samples n, the first index of both X a'))
_BY_ANSWER['dL_dW'].mistakes.append(Mistake(  # written without reading the tests
    'transposed result G^T X (entry [d, m] holds [m, d])',
    source='import sympy as sp\n\nZ = X_sym * W_sym + sp.ones(2, 1) * b_sym\nL = sum(G_sym[n, m] * Z[n, m] for n in range(2) for m in range(2))\ndL_dW = sp.Matrix(2, 2, lambda d, m: sp.diff(L, W_sym[m, d]))\n',
    hint='that is the transpose: entry [d, m] must be Σ_n x_nd g_nm (d'))
_BY_ANSWER['dL_dW'].mistakes.append(Mistake(  # written without reading the tests
    'uses only the first sample (n = 0) in L',
    source='import sympy as sp\n\nZ = X_sym * W_sym + sp.ones(2, 1) * b_sym\nL = sum(G_sym[0, m] * Z[0, m] for m in range(2))\ndL_dW = sp.Matrix(2, 2, lambda d, m: sp.diff(L, W_sym[d, m]))\n',
    hint='sum over every sample n = 0, 1, not only the first'))
_BY_ANSWER['dL_dW'].mistakes.append(Mistake(  # written without reading the tests
    'differentiates with respect to X (gets G W^T)',
    source='import sympy as sp\n\nZ = X_sym * W_sym + sp.ones(2, 1) * b_sym\nL = sum(G_sym[n, m] * Z[n, m] for n in range(2) for m in range(2))\ndL_dW = sp.Matrix(2, 2, lambda i, j: sp.diff(L, X_sym[i, j]))\n',
    hint='that is dX = G Wᵀ, the gradient with respect to X; different'))
_BY_ANSWER['dense_gradients'].alternatives.append(  # written without reading the tests: three matrix expressions
    'import numpy as np\n\ndef dense_gradients(X, W, G):\n    dX = G @ W.T\n    dW = X.T @ G\n    db = G.sum(axis=0)\n    return dX, dW, db\n')
_BY_ANSWER['dense_gradients'].alternatives.append(  # written without reading the tests: np.einsum for all three
    'import numpy as np\n\ndef dense_gradients(X, W, G):\n    dX = np.einsum("nm,dm->nd", G, W)\n    dW = np.einsum("nd,nm->dm", X, G)\n    db = np.einsum("nm->m", G)\n    return (dX, dW, db)\n')
_BY_ANSWER['dense_gradients'].alternatives.append(  # written without reading the tests: loop over samples accumulating outer products
    'import numpy as np\n\ndef dense_gradients(X, W, G):\n    N, D = X.shape\n    M = W.shape[1]\n    dtype = np.result_type(X, W, G)\n    dX = np.zeros((N, D), dtype=dtype)\n    dW = np.zeros((D, M), dtype=dtype)\n    db = np.zeros(M, dtype=dtype)\n    for n in range(N):\n        dW += np.outer(X[n], G[n])\n        db += G[n]\n        dX[n] = W @ G[n]\n    return dX, dW, db\n')
_BY_ANSWER['dense_gradients'].mistakes.append(Mistake(  # written without reading the tests
    'divides by N (treats the loss as a mean)',
    source='import numpy as np\n\ndef dense_gradients(X, W, G):\n    N = X.shape[0]\n    return G @ W.T / N, X.T @ G / N, G.mean(axis=0)\n',
    hint='batch size'))
_BY_ANSWER['dense_gradients'].mistakes.append(Mistake(  # written without reading the tests
    'dW = G^T X: shape (M, D), transposed',
    source='import numpy as np\n\ndef dense_gradients(X, W, G):\n    return G @ W.T, G.T @ X, G.sum(axis=0)\n',
    hint='wrong shape'))
_BY_ANSWER['dense_gradients'].mistakes.append(Mistake(  # written without reading the tests
    'db with keepdims: shape (1, M) instead of (M,)',
    source='import numpy as np\n\ndef dense_gradients(X, W, G):\n    dX = G @ W.T\n    dW = X.T @ G\n    db = np.sum(G, axis=0, keepdims=True)\n    return dX, dW, db\n',
    hint='wrong shape'))
_BY_ANSWER['dense_gradients'].mistakes.append(Mistake(  # written without reading the tests
    'returns the tuple in the order (dW, db, dX)',
    source='import numpy as np\n\ndef dense_gradients(X, W, G):\n    dW = X.T @ G\n    db = G.sum(axis=0)\n    dX = G @ W.T\n    return dW, db, dX\n',
    hint='wrong places'))
_BY_ANSWER['finite_difference'].alternatives.append(  # written without reading the tests: perturbs copies, np.ndindex over any shape
    'import numpy as np\n\ndef finite_difference(f, x, h=1e-5):\n    grad = np.zeros(x.shape, dtype=np.float64)\n    for idx in np.ndindex(x.shape):\n        x_plus = x.copy()\n        x_minus = x.copy()\n        x_plus[idx] += h\n        x_minus[idx] -= h\n        grad[idx] = (f(x_plus) - f(x_minus)) / (2 * h)\n    return grad\n')
_BY_ANSWER['finite_difference'].alternatives.append(  # written without reading the tests: perturbs x itself and restores the saved value
    'import numpy as np\n\ndef finite_difference(f, x, h=1e-5):\n    grad = np.zeros_like(x, dtype=float)\n    for idx in np.ndindex(x.shape):\n        old = x[idx]\n        x[idx] = old + h\n        f_plus = f(x)\n        x[idx] = old - h\n        f_minus = f(x)\n        x[idx] = old\n        grad[idx] = (f_plus - f_minus) / (2 * h)\n    return grad\n')
_BY_ANSWER['finite_difference'].alternatives.append(  # written without reading the tests: flat index loop with a basis array e_i reshaped to x's shape
    'import numpy as np\nfrom tqdm.auto import tqdm\n\ndef finite_difference(f, x, h=1e-5):\n    grad = np.empty(x.size)\n    for i in tqdm(range(x.size), desc="finite differences", leave=False):\n        e = np.zeros(x.size)\n        e[i] = h\n        e = e.reshape(x.shape)\n        grad[i] = (f(x + e) - f(x - e)) / (2 * h)\n    return grad.reshape(x.shape)\n')
_BY_ANSWER['finite_difference'].mistakes.append(Mistake(  # written without reading the tests
    'forward difference (f(x + h e_i) - f(x)) / h',
    source='import numpy as np\n\ndef finite_difference(f, x, h=1e-5):\n    grad = np.zeros_like(x, dtype=float)\n    f0 = f(x)\n    for idx in np.ndindex(x.shape):\n        xp = x.copy()\n        xp[idx] += h\n        grad[idx] = (f(xp) - f0) / h\n    return grad\n',
    hint='expected 3, got 3.00003'))
_BY_ANSWER['finite_difference'].mistakes.append(Mistake(  # written without reading the tests
    'restores x by adding and subtracting h (x may not come back bit-exact)',
    source='import numpy as np\n\ndef finite_difference(f, x, h=1e-5):\n    grad = np.zeros_like(x, dtype=float)\n    for idx in np.ndindex(x.shape):\n        x[idx] += h\n        f_plus = f(x)\n        x[idx] -= 2 * h\n        f_minus = f(x)\n        x[idx] += h\n        grad[idx] = (f_plus - f_minus) / (2 * h)\n    return grad\n',
    hint='in place'))
_BY_ANSWER['finite_difference'].mistakes.append(Mistake(  # written without reading the tests
    "calls f on the flattened 1-D array (breaks f that needs x's shape)",
    source='import numpy as np\n\ndef finite_difference(f, x, h=1e-5):\n    flat = x.ravel().astype(float)\n    grad = np.zeros_like(flat)\n    for i in range(flat.size):\n        xp = flat.copy(); xp[i] += h\n        xm = flat.copy(); xm[i] -= h\n        grad[i] = (f(xp) - f(xm)) / (2 * h)\n    return grad.reshape(x.shape)\n',
    hint='call f on an array of the shape of x'))
_BY_ANSWER['finite_difference'].mistakes.append(Mistake(  # written without reading the tests
    'moves every entry at once instead of one at a time',
    source='import numpy as np\n\ndef finite_difference(f, x, h=1e-5):\n    slope = (f(x + h) - f(x - h)) / (2 * h)\n    return np.full(x.shape, slope)\n',
    hint='expected 3, got 15.75'))
_BY_ANSWER['softmax_jacobian'].alternatives.append(  # written without reading the tests: p.jacobian(logit_symbols)
    'import sympy as sp\n\nS = sp.exp(z1) + sp.exp(z2) + sp.exp(z3)\np = sp.Matrix([sp.exp(v) / S for v in logit_symbols])\nsoftmax_jacobian = p.jacobian(logit_symbols)\n')
_BY_ANSWER['softmax_jacobian'].alternatives.append(  # written without reading the tests: list of 3 rows of sp.diff, row i = p_i, column j = z_j
    'import sympy as sp\n\nS = sp.exp(z1) + sp.exp(z2) + sp.exp(z3)\np = [sp.exp(v) / S for v in logit_symbols]\nsoftmax_jacobian = [[sp.diff(p[i], logit_symbols[j]) for j in range(3)] for i in range(3)]\n')
_BY_ANSWER['softmax_jacobian'].alternatives.append(  # written without reading the tests: typed diag(p) - p p^T
    'import sympy as sp\n\nS = sp.exp(z1) + sp.exp(z2) + sp.exp(z3)\np = sp.Matrix([sp.exp(z1) / S, sp.exp(z2) / S, sp.exp(z3) / S])\nsoftmax_jacobian = sp.diag(*p) - p * p.T\n')
_BY_ANSWER['softmax_jacobian'].mistakes.append(Mistake(  # written without reading the tests
    'only the diagonal p_i(1 - p_i), off-diagonal left 0',
    source='import sympy as sp\n\nS = sp.exp(z1) + sp.exp(z2) + sp.exp(z3)\np = [sp.exp(v) / S for v in logit_symbols]\nsoftmax_jacobian = sp.diag(*[pk * (1 - pk) for pk in p])\n',
    hint='the diagonal p_i(1 − p_i) is right, but every p_i also depen'))
_BY_ANSWER['softmax_jacobian'].mistakes.append(Mistake(  # written without reading the tests
    'off-diagonal sign wrong: +p_i p_j',
    source='import sympy as sp\n\nS = sp.exp(z1) + sp.exp(z2) + sp.exp(z3)\np = [sp.exp(v) / S for v in logit_symbols]\nsoftmax_jacobian = sp.Matrix(3, 3, lambda i, j: p[i] * (1 - p[i]) if i == j else p[i] * p[j])\n',
    hint='wrong sign'))
_BY_ANSWER['softmax_jacobian'].mistakes.append(Mistake(  # written without reading the tests
    'Jacobian of log p instead of p: [i = j] - p_j',
    source='import sympy as sp\n\nS = sp.exp(z1) + sp.exp(z2) + sp.exp(z3)\nlogp = [sp.log(sp.exp(v) / S) for v in logit_symbols]\nsoftmax_jacobian = sp.Matrix(3, 3, lambda i, j: sp.diff(logp[i], logit_symbols[j]))\n',
    hint='that is the Jacobian of log p (entries [i = j] − p_j); diffe'))
_BY_ANSWER['softmax_jacobian'].mistakes.append(Mistake(  # written without reading the tests
    'differentiates only the numerators e^{z_i} (forgets the normalizer depends on z)',
    source='import sympy as sp\n\nS = sp.exp(z1) + sp.exp(z2) + sp.exp(z3)\nsoftmax_jacobian = sp.Matrix(3, 3, lambda i, j: sp.diff(sp.exp(logit_symbols[i]), logit_symbols[j]) / S)\n',
    hint='every p_i depends on every logit through the normalizer: the'))
_BY_ANSWER["softmax_jacobian"].alternatives.append(
    # entry by entry in a loop, printed as it goes
    "S = sp.exp(z1) + sp.exp(z2) + sp.exp(z3)\n"
    "softmax_jacobian = sp.zeros(3, 3)\n"
    "for i, zi in enumerate(logit_symbols):\n"
    "    for j, zj in enumerate(logit_symbols):\n"
    "        softmax_jacobian[i, j] = sp.diff(sp.exp(zi) / S, zj)\n"
    "        print(i, j, softmax_jacobian[i, j])\n")

# Statements that two careful students could read two ways: a case for each reading.
# sigmoid_prime's tails: 1e-6 relative or 1e-15 absolute of the true σ', so 0 is right only where σ' < 1e-15
# (|z| > 34.5); a textbook σ, whose exp overflows only into σ = 0 or 1, passes (only the values are graded here).
_BY_ANSWER["sigmoid_prime"].mistakes += [
    Mistake("cuts σ' to 0 beyond |z| > 20, where it is 'zero anyway' (σ'(25) ≈ 1.4e-11)",
            source="def sigmoid_prime(z):\n"
                   "    e = np.exp(-np.abs(z))\n"
                   "    s = np.where(z >= 0, 1 / (1 + e), e / (1 + e))\n"
                   "    return np.where(np.abs(z) > 20, 0.0, s * (1 - s))\n",
            hint="must not be cut to 0"),
    Mistake("clips z to ±30 against overflow: σ'(40) comes out as σ'(30) ≈ 9e-14",
            source="def sigmoid_prime(z):\n"
                   "    s = 1 / (1 + np.exp(-np.clip(z, -30, 30)))\n"
                   "    return s * (1 - s)\n",
            hint="or z clipped"),
]
_BY_ANSWER["sigmoid_prime"].alternatives += [
    # the textbook σ of lesson 01's story as a helper: it overflows below z ≈ −709, into σ' = 0 (warnings only)
    "def naive_sigmoid(z):\n"
    "    return 1 / (1 + np.exp(-z))\n\n"
    "def sigmoid_prime(z):\n"
    "    s = naive_sigmoid(z)\n"
    "    return s * (1 - s)\n",
    # 0 beyond |z| > 40, where σ' < 1e-17 is within the 1e-15 absolute the statement allows
    "def sigmoid_prime(z):\n"
    "    e = np.exp(-np.abs(z))\n"
    "    return np.where(np.abs(z) > 40, 0.0, e / (1 + e) ** 2)\n",
]

# The kinds of correct answers every exercise holds (a loop, float32 work, prints or a progress bar, another library
# function): the ones no case above showed.
_BY_ANSWER["finite_difference"].alternatives += [
    # numpy's nditer walks over every index of x
    "def finite_difference(f, x, h=1e-5):\n"
    "    grad = np.zeros(x.shape)\n"
    "    entries = np.nditer(x, flags=['multi_index'])\n"
    "    for _ in entries:\n"
    "        i = entries.multi_index\n"
    "        up, down = x.copy(), x.copy()\n"
    "        up[i] += h\n"
    "        down[i] -= h\n"
    "        grad[i] = (f(up) - f(down)) / (2 * h)\n"
    "    return grad\n",
]
