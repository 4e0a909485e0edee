"""Grader quality of lesson 03: the mistakes students really make must fail with the right hint, and other correct
answers (other equivalent symbolic forms, strings SymPy parses, loops, float32, code that warns) must pass.

Judgement calls, stated so that they can be argued with:
- Symbolic answers are graded by meaning: sp.diff's raw output, a hand-typed product, cosh/sech/exp forms and a
  string SymPy parses all pass. A derivative left with exp where the statement asks for σ is equivalent, so it passes.
- sigmoid_prime from the textbook σ(1 − σ) with the naive σ = 1 / (1 + exp(−z)) overflows only into σ = 0 or 1,
  which gives the right σ' = 0 in the tails: it warns but passes. The formula lambdified from SymPy,
  exp(−z) / (1 + exp(−z))², gives inf / inf = NaN at z = −1000 and fails.
- finite_difference that adds h and later subtracts it does not always restore x bit for bit; the test calls that a
  changed input, which the statement warns about.
- softmax_jacobian is symbolic, so its "float32 version" is the one with floating-point coefficients (1.0 * S): it
  passes, since answers are compared by value. A list of rows passes like a Matrix; a flat list of 3 or 9 does not.
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
                    hint="uses symbols"),
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
            Mistake("a flat list of 4 derivatives instead of a 2 × 2 matrix",
                    source="Z = X_sym * W_sym + sp.Matrix(2, 2, lambda n, m: b_sym[m])\n"
                           "L = sum(G_sym[n, m] * Z[n, m] for n in range(2) for m in range(2))\n"
                           "dL_dW = [sp.diff(L, wk) for wk in W_sym]\n",
                    hint="2 × 2 sp.Matrix"),
        ],
        alternatives=[
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
                    source="def dense_gradients(X, W, G):\n    return G @ W.T, X @ G, G.sum(axis=0)\n",
                    hint="dW = Xᵀ G"),
            Mistake("dW transposed: Gᵀ X",
                    source="def dense_gradients(X, W, G):\n    return G @ W.T, G.T @ X, G.sum(axis=0)\n",
                    hint="transpose"),
            Mistake("db summed along the wrong axis",
                    source="def dense_gradients(X, W, G):\n    return G @ W.T, X.T @ G, G.sum(axis=1)\n",
                    hint="axis=0"),
            Mistake("averages over the batch although the loss is a sum",
                    source="def dense_gradients(X, W, G):\n"
                           "    N = X.shape[0]\n"
                           "    return G @ W.T / N, X.T @ G / N, G.mean(axis=0)\n",
                    hint="batch size"),
            Mistake("dX = G W instead of G Wᵀ",
                    source="def dense_gradients(X, W, G):\n    return G @ W, X.T @ G, G.sum(axis=0)\n",
                    hint="dX = G Wᵀ"),
            Mistake("forgets db",
                    source="def dense_gradients(X, W, G):\n    return G @ W.T, X.T @ G\n",
                    hint="should return 3 values"),
        ],
        alternatives=[
            "def dense_gradients(X, W, G):\n"
            "    return np.dot(G, W.T), np.dot(X.T, G), np.sum(G, axis=0)\n",
            "def dense_gradients(X, W, G):\n"
            "    return (np.einsum('nm,dm->nd', G, W), np.einsum('nd,nm->dm', X, G), np.einsum('nm->m', G))\n",
            # one sample at a time: outer products summed over the batch
            "def dense_gradients(X, W, G):\n"
            "    dX = np.zeros(X.shape)\n"
            "    dW = np.zeros(W.shape)\n"
            "    db = np.zeros(W.shape[1])\n"
            "    for n in range(X.shape[0]):\n"
            "        dX[n] = W @ G[n]\n"
            "        dW += np.outer(X[n], G[n])\n"
            "        db += G[n]\n"
            "    return dX, dW, db\n",
            # a list instead of a tuple, transposes written the other way round
            "def dense_gradients(X, W, G):\n"
            "    return [(W @ G.T).T, (G.T @ X).T, G.T.sum(axis=1)]\n",
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
