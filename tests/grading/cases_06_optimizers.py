"""Grader quality of lesson 06: the mistakes students really make in optimizer updates (signs, where eps goes, how
the step is counted, coupled weight decay, schedules off by one step, unfair races) must fail with the right hint,
and other correct implementations (expanded formulas, in-place work on copies, other loops) must pass.

Judgement calls, stated so that they can be argued with:
- The update functions follow torch.optim exactly, as the statements say. The "other" momentum convention
  (v <- mu v - lr g, w <- w + v) gives the same weights for a constant learning rate, but returns a velocity -lr times
  torch's, so it fails with a hint that names the convention; the statement fixes torch's.
- eps outside the square root is the torch convention (AdaGrad, RMSprop, Adam); the Keras convention (inside) fails,
  and the tests use gradients of size 1e-6 where the two differ by orders of magnitude.
- adam_step receives t, the number of the step being taken (1 at the first step). A student who counts from 0
  (1 - beta**(t - 1)) or one ahead (t + 1) fails with a hint naming the count. The Adam paper's "efficient" form
  (lr * sqrt(1 - beta2**t) / (1 - beta1**t) * m / (sqrt(v) + eps)) adds eps to the uncorrected root, so it differs
  from torch's where gradients are tiny; it fails with a hint naming the form. With eps rescaled by sqrt(1 - beta2**t)
  it equals torch's update and passes (one of the alternatives).
- AdamW's decay comes before Adam's step (torch's order). Decaying after the step differs by lr * weight_decay times
  the step, a second-order effect, but it is not torch's update; the tests use large lr * weight_decay so it shows.
- update functions return new arrays and must not change their inputs; a function that updates the state in place
  AND returns it fails with the "changed its input in place" message. The statement says so.
- adam_step's t may be a Python int or a NumPy integer (the hidden test passes both); the result's dtype is not
  checked, only its values (to the accuracy of the inputs' dtype): with float32 inputs, a NumPy integer t gives
  float64 arrays under NumPy 2, and that passes, as the statement says.
- momentum_rate of a number curvature is one number: a float, a NumPy float or a 0-d array; a list or an array of
  shape (1,) fails with a message that says so.
- warmup_cosine_lr accepts any number type the formula gives (Python float, numpy float, 0-d array), and steps may be
  numpy integers. warmup_steps = 0 (no warm-up) must work: the statement allows it.
- compare_optimizers is compared with nnlib.optim's optimizers on nnlib's MLP (loss before each step). Adam's step
  counter must advance once per step for all parameters.
- Kinds of correct answer that do not apply: warmup_cosine_lr has no loop version (one number for one step, nothing
  to loop over); compare_optimizers has no version without loops (each step needs the one before) and no float32
  version (the network is nnlib's float64 MLP, and float64 inputs need float64 accuracy, as the statements say).
"""
from tests.grading.quality import Exercise, Mistake

LESSON = "06_optimizers"

EXERCISES = [
    Exercise(
        answer="momentum_step",
        tests=["momentum_step_visible", "momentum_step_hidden"],
        mistakes=[
            Mistake("velocity sign flipped: v = momentum * v - grad, then param - lr * v",
                    source="def momentum_step(param, grad, velocity, lr, momentum=0.9, nesterov=False):\n"
                           "    v = momentum * velocity - grad\n"
                           "    step = -grad + momentum * v if nesterov else v\n"
                           "    return param - lr * step, v\n",
                    hint="wrong sign"),
            Mistake("the other convention: lr inside the velocity (v = mu v - lr g, w + v)",
                    source="def momentum_step(param, grad, velocity, lr, momentum=0.9, nesterov=False):\n"
                           "    v = momentum * velocity - lr * grad\n"
                           "    if nesterov:\n"
                           "        return param - lr * grad + momentum * v, v\n"
                           "    return param + v, v\n",
                    hint="keep the learning rate out of the velocity"),
            Mistake("dampening: an exponential average (1 - momentum) * grad",
                    source="def momentum_step(param, grad, velocity, lr, momentum=0.9, nesterov=False):\n"
                           "    v = momentum * velocity + (1 - momentum) * grad\n"
                           "    step = grad + momentum * v if nesterov else v\n"
                           "    return param - lr * step, v\n",
                    hint="no dampening"),
            Mistake("Nesterov look-ahead with the old velocity",
                    source="def momentum_step(param, grad, velocity, lr, momentum=0.9, nesterov=False):\n"
                           "    v = momentum * velocity + grad\n"
                           "    step = grad + momentum * velocity if nesterov else v\n"
                           "    return param - lr * step, v\n",
                    hint="with the NEW velocity"),
            Mistake("Nesterov look-ahead without the gradient",
                    source="def momentum_step(param, grad, velocity, lr, momentum=0.9, nesterov=False):\n"
                           "    v = momentum * velocity + grad\n"
                           "    step = momentum * v if nesterov else v\n"
                           "    return param - lr * step, v\n",
                    hint="missing the gradient itself"),
            Mistake("nesterov argument ignored",
                    source="def momentum_step(param, grad, velocity, lr, momentum=0.9, nesterov=False):\n"
                           "    v = momentum * velocity + grad\n"
                           "    return param - lr * v, v\n",
                    hint="nesterov was ignored"),
            Mistake("steps with the old velocity, then updates it",
                    source="def momentum_step(param, grad, velocity, lr, momentum=0.9, nesterov=False):\n"
                           "    new_param = param - lr * velocity\n"
                           "    return new_param, momentum * velocity + grad\n",
                    hint="step with the new velocity"),
            Mistake("updates the velocity in place (changes the caller's array)",
                    source="def momentum_step(param, grad, velocity, lr, momentum=0.9, nesterov=False):\n"
                           "    velocity *= momentum\n"
                           "    velocity += grad\n"
                           "    step = grad + momentum * velocity if nesterov else velocity\n"
                           "    return param - lr * step, velocity\n",
                    hint="in place"),
            Mistake("returns only the new parameter",
                    source="def momentum_step(param, grad, velocity, lr, momentum=0.9, nesterov=False):\n"
                           "    v = momentum * velocity + grad\n"
                           "    return param - lr * (grad + momentum * v if nesterov else v)\n",
                    hint="return new_param, new_velocity"),
            Mistake("delegates to the course library",
                    source="from nnlib.optim import SGD\n\n"
                           "def momentum_step(param, grad, velocity, lr, momentum=0.9, nesterov=False):\n"
                           "    params = {'p': np.array(param, dtype=float)}\n"
                           "    opt = SGD(params, lr=lr, momentum=momentum, nesterov=nesterov)\n"
                           "    opt.state['p']['momentum_buffer'][...] = velocity\n"
                           "    opt.t = 1\n"
                           "    opt.step({'p': grad})\n"
                           "    return params['p'], opt.state['p']['momentum_buffer'].copy()\n",
                    hint="scores zero"),
            Mistake("lr inside the velocity with a plus sign (v = mu v + lr g, w - v)",
                    source="def momentum_step(param, grad, velocity, lr, momentum=0.9, nesterov=False):\n"
                           "    v = momentum * velocity + lr * grad\n"
                           "    if nesterov:\n"
                           "        return param - (lr * grad + momentum * v), v\n"
                           "    return param - v, v\n",
                    hint="yours is momentum * velocity + lr * grad"),
        ],
        alternatives=[
            # Nesterov expanded: g + mu (mu v + g) = (1 + mu) g + mu^2 v
            "def momentum_step(param, grad, velocity, lr, momentum=0.9, nesterov=False):\n"
            "    new_velocity = momentum * velocity + grad\n"
            "    if nesterov:\n"
            "        return param - lr * ((1 + momentum) * grad + momentum**2 * velocity), new_velocity\n"
            "    return param - lr * new_velocity, new_velocity\n",
            # in place on copies, numpy ufuncs with out=
            "def momentum_step(param, grad, velocity, lr, momentum=0.9, nesterov=False):\n"
            "    v = velocity.copy()\n"
            "    v *= momentum\n"
            "    v += grad\n"
            "    new_param = np.array(param, copy=True)\n"
            "    if nesterov:\n"
            "        np.subtract(new_param, lr * (grad + momentum * v), out=new_param)\n"
            "    else:\n"
            "        np.subtract(new_param, lr * v, out=new_param)\n"
            "    return new_param, v\n",
            # the other convention inside, torch's velocity returned
            "def momentum_step(param, grad, velocity, lr, momentum=0.9, nesterov=False):\n"
            "    v = momentum * velocity + grad\n"
            "    look_ahead = v if not nesterov else grad + momentum * v\n"
            "    update = -lr * look_ahead\n"
            "    return param + update, v\n",
            # a loop over the entries
            "def momentum_step(param, grad, velocity, lr, momentum=0.9, nesterov=False):\n"
            "    new_param, new_velocity = np.empty_like(param), np.empty_like(velocity)\n"
            "    for i in np.ndindex(param.shape):\n"
            "        new_velocity[i] = momentum * velocity[i] + grad[i]\n"
            "        step = grad[i] + momentum * new_velocity[i] if nesterov else new_velocity[i]\n"
            "        new_param[i] = param[i] - lr * step\n"
            "    return new_param, new_velocity\n",
            # hyper-parameters in the dtype of param (float32 stays float32), and a print
            "def momentum_step(param, grad, velocity, lr, momentum=0.9, nesterov=False):\n"
            "    lr, momentum = param.dtype.type(lr), param.dtype.type(momentum)\n"
            "    print(f'momentum step, lr = {lr}, nesterov = {nesterov}')\n"
            "    new_velocity = momentum * velocity + grad\n"
            "    step = grad + momentum * new_velocity if nesterov else new_velocity\n"
            "    return param - lr * step, new_velocity\n",
        ],
    ),
    Exercise(
        answer="adagrad_step",
        tests=["adagrad_step_visible", "adagrad_step_hidden"],
        mistakes=[
            Mistake("accumulates the gradient instead of its square",
                    source="def adagrad_step(param, grad, sum_sq, lr=1e-2, eps=1e-10):\n"
                           "    s = sum_sq + grad\n"
                           "    return param - lr * grad / (np.sqrt(np.abs(s)) + eps), s\n",
                    hint="accumulate the SQUARED gradient"),
            Mistake("eps inside the square root",
                    source="def adagrad_step(param, grad, sum_sq, lr=1e-2, eps=1e-10):\n"
                           "    s = sum_sq + grad**2\n"
                           "    return param - lr * grad / np.sqrt(s + eps), s\n",
                    hint="eps goes outside the square root"),
            Mistake("no square root",
                    source="def adagrad_step(param, grad, sum_sq, lr=1e-2, eps=1e-10):\n"
                           "    s = sum_sq + grad**2\n"
                           "    return param - lr * grad / (s + eps), s\n",
                    hint="divide by the square root"),
            Mistake("divides by the old sum",
                    source="def adagrad_step(param, grad, sum_sq, lr=1e-2, eps=1e-10):\n"
                           "    new_param = param - lr * grad / (np.sqrt(sum_sq) + eps)\n"
                           "    return new_param, sum_sq + grad**2\n",
                    hint="add grad**2 to the sum first"),
            Mistake("a moving average instead of a sum (RMSprop)",
                    source="def adagrad_step(param, grad, sum_sq, lr=1e-2, eps=1e-10):\n"
                           "    s = 0.99 * sum_sq + 0.01 * grad**2\n"
                           "    return param - lr * grad / (np.sqrt(s) + eps), s\n",
                    hint="growing SUM"),
            Mistake("squares the sum instead of adding the square",
                    source="def adagrad_step(param, grad, sum_sq, lr=1e-2, eps=1e-10):\n"
                           "    s = (sum_sq + grad)**2\n"
                           "    return param - lr * grad / (np.sqrt(s) + eps), s\n",
                    hint="not the squared sum"),
            Mistake("no eps: 0/0 for a coordinate that never had a gradient",
                    source="def adagrad_step(param, grad, sum_sq, lr=1e-2, eps=1e-10):\n"
                           "    s = sum_sq + grad**2\n"
                           "    return param - lr * grad / np.sqrt(s), s\n",
                    hint="0/0 = nan"),
            Mistake("accumulates in place into the caller's sum",
                    source="def adagrad_step(param, grad, sum_sq, lr=1e-2, eps=1e-10):\n"
                           "    sum_sq += grad**2\n"
                           "    return param - lr * grad / (np.sqrt(sum_sq) + eps), sum_sq\n",
                    hint="in place"),
        ],
        alternatives=[
            "def adagrad_step(param, grad, sum_sq, lr=1e-2, eps=1e-10):\n"
            "    new_sum_sq = np.add(sum_sq, np.square(grad))\n"
            "    scale = lr / (new_sum_sq**0.5 + eps)\n"
            "    return param - scale * grad, new_sum_sq\n",
            "def adagrad_step(param, grad, sum_sq, lr=1e-2, eps=1e-10):\n"
            "    s = sum_sq.copy()\n"
            "    s += grad * grad\n"
            "    new_param = param.copy()\n"
            "    new_param -= lr * grad / (np.sqrt(s) + eps)\n"
            "    return new_param, s\n",
            # a loop over the entries with math.sqrt
            "import math\n\n"
            "def adagrad_step(param, grad, sum_sq, lr=1e-2, eps=1e-10):\n"
            "    new_param, new_sum_sq = np.empty_like(param), np.empty_like(sum_sq)\n"
            "    for i in np.ndindex(param.shape):\n"
            "        new_sum_sq[i] = sum_sq[i] + grad[i] ** 2\n"
            "        new_param[i] = param[i] - lr * grad[i] / (math.sqrt(new_sum_sq[i]) + eps)\n"
            "    return new_param, new_sum_sq\n",
            # in the dtype of param, with a print
            "def adagrad_step(param, grad, sum_sq, lr=1e-2, eps=1e-10):\n"
            "    lr, eps = param.dtype.type(lr), param.dtype.type(eps)\n"
            "    new_sum_sq = sum_sq + grad * grad\n"
            "    print('largest accumulated square:', new_sum_sq.max())\n"
            "    return param - lr * grad / (np.power(new_sum_sq, 0.5) + eps), new_sum_sq\n",
        ],
    ),
    Exercise(
        answer="rmsprop_step",
        tests=["rmsprop_step_visible", "rmsprop_step_hidden"],
        mistakes=[
            Mistake("eps inside the square root (Keras convention)",
                    source="def rmsprop_step(param, grad, square_avg, lr=1e-2, alpha=0.99, eps=1e-8):\n"
                           "    v = alpha * square_avg + (1 - alpha) * grad**2\n"
                           "    return param - lr * grad / np.sqrt(v + eps), v\n",
                    hint="eps goes outside the square root"),
            Mistake("alpha and 1 - alpha swapped",
                    source="def rmsprop_step(param, grad, square_avg, lr=1e-2, alpha=0.99, eps=1e-8):\n"
                           "    v = (1 - alpha) * square_avg + alpha * grad**2\n"
                           "    return param - lr * grad / (np.sqrt(v) + eps), v\n",
                    hint="alpha weighs the OLD average"),
            Mistake("averages the gradient, not its square",
                    source="def rmsprop_step(param, grad, square_avg, lr=1e-2, alpha=0.99, eps=1e-8):\n"
                           "    v = alpha * square_avg + (1 - alpha) * grad\n"
                           "    return param - lr * grad / (np.sqrt(np.abs(v)) + eps), v\n",
                    hint="average the SQUARED gradient"),
            Mistake("no square root",
                    source="def rmsprop_step(param, grad, square_avg, lr=1e-2, alpha=0.99, eps=1e-8):\n"
                           "    v = alpha * square_avg + (1 - alpha) * grad**2\n"
                           "    return param - lr * grad / (v + eps), v\n",
                    hint="divide by the square root"),
            Mistake("divides by the old average",
                    source="def rmsprop_step(param, grad, square_avg, lr=1e-2, alpha=0.99, eps=1e-8):\n"
                           "    new_param = param - lr * grad / (np.sqrt(square_avg) + eps)\n"
                           "    return new_param, alpha * square_avg + (1 - alpha) * grad**2\n",
                    hint="update the average first"),
            Mistake("returns the state first",
                    source="def rmsprop_step(param, grad, square_avg, lr=1e-2, alpha=0.99, eps=1e-8):\n"
                           "    v = alpha * square_avg + (1 - alpha) * grad**2\n"
                           "    return v, param - lr * grad / (np.sqrt(v) + eps)\n",
                    hint="wrong order"),
            Mistake("no eps: 0/0 for a coordinate whose average is 0",
                    source="def rmsprop_step(param, grad, square_avg, lr=1e-2, alpha=0.99, eps=1e-8):\n"
                           "    v = alpha * square_avg + (1 - alpha) * grad**2\n"
                           "    return param - lr * grad / np.sqrt(v), v\n",
                    hint="0/0 = nan"),
            Mistake("updates the caller's average in place",
                    source="def rmsprop_step(param, grad, square_avg, lr=1e-2, alpha=0.99, eps=1e-8):\n"
                           "    square_avg *= alpha\n"
                           "    square_avg += (1 - alpha) * grad**2\n"
                           "    return param - lr * grad / (np.sqrt(square_avg) + eps), square_avg\n",
                    hint="in place"),
        ],
        alternatives=[
            "def rmsprop_step(param, grad, square_avg, lr=1e-2, alpha=0.99, eps=1e-8):\n"
            "    v = square_avg + (1 - alpha) * (grad**2 - square_avg)\n"
            "    rms = np.sqrt(v)\n"
            "    return param - lr * grad / (rms + eps), v\n",
            "def rmsprop_step(param, grad, square_avg, lr=1e-2, alpha=0.99, eps=1e-8):\n"
            "    v = np.copy(square_avg)\n"
            "    v *= alpha\n"
            "    v += (1 - alpha) * np.square(grad)\n"
            "    denominator = np.sqrt(v)\n"
            "    denominator += eps\n"
            "    return param - lr * np.divide(grad, denominator), v\n",
            # a loop over the entries
            "import math\n\n"
            "def rmsprop_step(param, grad, square_avg, lr=1e-2, alpha=0.99, eps=1e-8):\n"
            "    new_param, new_avg = np.empty_like(param), np.empty_like(square_avg)\n"
            "    for i in np.ndindex(param.shape):\n"
            "        new_avg[i] = alpha * square_avg[i] + (1 - alpha) * grad[i] ** 2\n"
            "        new_param[i] = param[i] - lr * grad[i] / (math.sqrt(new_avg[i]) + eps)\n"
            "    return new_param, new_avg\n",
            # in the dtype of param, np.power for the root, with a print
            "def rmsprop_step(param, grad, square_avg, lr=1e-2, alpha=0.99, eps=1e-8):\n"
            "    lr, alpha, eps = (param.dtype.type(h) for h in (lr, alpha, eps))\n"
            "    new_avg = alpha * square_avg + (1 - alpha) * np.square(grad)\n"
            "    print(f'rmsprop step: lr = {lr}, alpha = {alpha}')\n"
            "    return param - lr * grad / (np.power(new_avg, 0.5) + eps), new_avg\n",
        ],
    ),
    Exercise(
        answer="adam_step",
        tests=["adam_step_visible", "adam_step_hidden"],
        mistakes=[
            Mistake("no bias correction",
                    source="def adam_step(param, grad, exp_avg, exp_avg_sq, t, lr=1e-3, betas=(0.9, 0.999), eps=1e-8):\n"
                           "    b1, b2 = betas\n"
                           "    m = b1 * exp_avg + (1 - b1) * grad\n"
                           "    v = b2 * exp_avg_sq + (1 - b2) * grad**2\n"
                           "    return param - lr * m / (np.sqrt(v) + eps), m, v\n",
                    hint="bias correction is missing"),
            Mistake("bias correction counts steps from 0 (t - 1)",
                    source="def adam_step(param, grad, exp_avg, exp_avg_sq, t, lr=1e-3, betas=(0.9, 0.999), eps=1e-8):\n"
                           "    b1, b2 = betas\n"
                           "    m = b1 * exp_avg + (1 - b1) * grad\n"
                           "    v = b2 * exp_avg_sq + (1 - b2) * grad**2\n"
                           "    step = t - 1\n"
                           "    m_hat, v_hat = m / (1 - b1**step), v / (1 - b2**step)\n"
                           "    return param - lr * m_hat / (np.sqrt(v_hat) + eps), m, v\n",
                    hint="counts steps from 0"),
            Mistake("bias correction one step ahead (t + 1)",
                    source="def adam_step(param, grad, exp_avg, exp_avg_sq, t, lr=1e-3, betas=(0.9, 0.999), eps=1e-8):\n"
                           "    b1, b2 = betas\n"
                           "    m = b1 * exp_avg + (1 - b1) * grad\n"
                           "    v = b2 * exp_avg_sq + (1 - b2) * grad**2\n"
                           "    m_hat, v_hat = m / (1 - b1**(t + 1)), v / (1 - b2**(t + 1))\n"
                           "    return param - lr * m_hat / (np.sqrt(v_hat) + eps), m, v\n",
                    hint="one step ahead"),
            Mistake("corrects only the first moment",
                    source="def adam_step(param, grad, exp_avg, exp_avg_sq, t, lr=1e-3, betas=(0.9, 0.999), eps=1e-8):\n"
                           "    b1, b2 = betas\n"
                           "    m = b1 * exp_avg + (1 - b1) * grad\n"
                           "    v = b2 * exp_avg_sq + (1 - b2) * grad**2\n"
                           "    return param - lr * m / (1 - b1**t) / (np.sqrt(v) + eps), m, v\n",
                    hint="correct both averages"),
            Mistake("eps inside the square root",
                    source="def adam_step(param, grad, exp_avg, exp_avg_sq, t, lr=1e-3, betas=(0.9, 0.999), eps=1e-8):\n"
                           "    b1, b2 = betas\n"
                           "    m = b1 * exp_avg + (1 - b1) * grad\n"
                           "    v = b2 * exp_avg_sq + (1 - b2) * grad**2\n"
                           "    m_hat, v_hat = m / (1 - b1**t), v / (1 - b2**t)\n"
                           "    return param - lr * m_hat / np.sqrt(v_hat + eps), m, v\n",
                    hint="eps goes outside the square root"),
            Mistake("the Adam paper's efficient form with its eps (added to the uncorrected sqrt(v))",
                    source="def adam_step(param, grad, exp_avg, exp_avg_sq, t, lr=1e-3, betas=(0.9, 0.999), eps=1e-8):\n"
                           "    b1, b2 = betas\n"
                           "    m = b1 * exp_avg + (1 - b1) * grad\n"
                           "    v = b2 * exp_avg_sq + (1 - b2) * grad**2\n"
                           "    step_size = lr * np.sqrt(1 - b2**t) / (1 - b1**t)\n"
                           "    return param - step_size * m / (np.sqrt(v) + eps), m, v\n",
                    hint="the Adam paper's 'efficient' form"),
            Mistake("divides the square root of v by (1 - beta2**t)",
                    source="def adam_step(param, grad, exp_avg, exp_avg_sq, t, lr=1e-3, betas=(0.9, 0.999), eps=1e-8):\n"
                           "    b1, b2 = betas\n"
                           "    m = b1 * exp_avg + (1 - b1) * grad\n"
                           "    v = b2 * exp_avg_sq + (1 - b2) * grad**2\n"
                           "    m_hat = m / (1 - b1**t)\n"
                           "    return param - lr * m_hat / (np.sqrt(v) / (1 - b2**t) + eps), m, v\n",
                    hint="not the square root by it"),
            Mistake("betas swapped",
                    source="def adam_step(param, grad, exp_avg, exp_avg_sq, t, lr=1e-3, betas=(0.9, 0.999), eps=1e-8):\n"
                           "    b2, b1 = betas\n"
                           "    m = b1 * exp_avg + (1 - b1) * grad\n"
                           "    v = b2 * exp_avg_sq + (1 - b2) * grad**2\n"
                           "    m_hat, v_hat = m / (1 - b1**t), v / (1 - b2**t)\n"
                           "    return param - lr * m_hat / (np.sqrt(v_hat) + eps), m, v\n",
                    hint="betas are swapped"),
            Mistake("returns the corrected averages as the state",
                    source="def adam_step(param, grad, exp_avg, exp_avg_sq, t, lr=1e-3, betas=(0.9, 0.999), eps=1e-8):\n"
                           "    b1, b2 = betas\n"
                           "    m = (b1 * exp_avg + (1 - b1) * grad) / (1 - b1**t)\n"
                           "    v = (b2 * exp_avg_sq + (1 - b2) * grad**2) / (1 - b2**t)\n"
                           "    return param - lr * m / (np.sqrt(v) + eps), m, v\n",
                    hint="uncorrected"),
        ],
        alternatives=[
            # the step size folded into one factor, as in the Adam paper's "efficient" form (eps rescaled to match)
            "def adam_step(param, grad, exp_avg, exp_avg_sq, t, lr=1e-3, betas=(0.9, 0.999), eps=1e-8):\n"
            "    beta1, beta2 = betas\n"
            "    m = beta1 * exp_avg + (1 - beta1) * grad\n"
            "    v = beta2 * exp_avg_sq + (1 - beta2) * grad * grad\n"
            "    correction2 = np.sqrt(1 - beta2**t)\n"
            "    step_size = lr * correction2 / (1 - beta1**t)\n"
            "    return param - step_size * m / (np.sqrt(v) + eps * correction2), m, v\n",
            # copies updated in place, np.power
            "def adam_step(param, grad, exp_avg, exp_avg_sq, t, lr=1e-3, betas=(0.9, 0.999), eps=1e-8):\n"
            "    m, v = exp_avg.copy(), exp_avg_sq.copy()\n"
            "    m *= betas[0]\n"
            "    m += (1 - betas[0]) * grad\n"
            "    v *= betas[1]\n"
            "    v += (1 - betas[1]) * np.power(grad, 2)\n"
            "    m_hat = m / (1 - np.power(betas[0], t))\n"
            "    v_hat = v / (1 - np.power(betas[1], t))\n"
            "    new_param = param - lr * m_hat / (np.sqrt(v_hat) + eps)\n"
            "    return new_param, m, v\n",
            # a loop over the entries with math
            "import math\n\n"
            "def adam_step(param, grad, exp_avg, exp_avg_sq, t, lr=1e-3, betas=(0.9, 0.999), eps=1e-8):\n"
            "    beta1, beta2 = betas\n"
            "    new_param, m, v = np.empty_like(param), np.empty_like(exp_avg), np.empty_like(exp_avg_sq)\n"
            "    for i in np.ndindex(param.shape):\n"
            "        m[i] = beta1 * exp_avg[i] + (1 - beta1) * grad[i]\n"
            "        v[i] = beta2 * exp_avg_sq[i] + (1 - beta2) * grad[i] ** 2\n"
            "        m_hat, v_hat = m[i] / (1 - beta1 ** t), v[i] / (1 - beta2 ** t)\n"
            "        new_param[i] = param[i] - lr * m_hat / (math.sqrt(v_hat) + eps)\n"
            "    return new_param, m, v\n",
            # in the dtype of param, with a print
            "def adam_step(param, grad, exp_avg, exp_avg_sq, t, lr=1e-3, betas=(0.9, 0.999), eps=1e-8):\n"
            "    f = param.dtype.type\n"
            "    beta1, beta2, lr, eps = f(betas[0]), f(betas[1]), f(lr), f(eps)\n"
            "    m = beta1 * exp_avg + (1 - beta1) * grad\n"
            "    v = beta2 * exp_avg_sq + (1 - beta2) * grad * grad\n"
            "    print(f'adam step {t}')\n"
            "    step = lr * (m / (1 - beta1 ** t)) / (np.sqrt(v / (1 - beta2 ** t)) + eps)\n"
            "    return param - step, m, v\n",
            # the other reading of the dtype: t as a NumPy integer, so float32 inputs give float64 results (NumPy 2)
            "def adam_step(param, grad, exp_avg, exp_avg_sq, t, lr=1e-3, betas=(0.9, 0.999), eps=1e-8):\n"
            "    t = np.int64(t)\n"
            "    m = betas[0] * exp_avg + (1 - betas[0]) * grad\n"
            "    v = betas[1] * exp_avg_sq + (1 - betas[1]) * grad**2\n"
            "    m_hat, v_hat = m / (1 - betas[0]**t), v / (1 - betas[1]**t)\n"
            "    return param - lr * m_hat / (np.sqrt(v_hat) + eps), m_hat * (1 - betas[0]**t), v_hat * (1 - betas[1]**t)\n",
        ],
    ),
    Exercise(
        answer="adamw_step",
        tests=["adamw_step_visible", "adamw_step_hidden"],
        mistakes=[
            Mistake("weight decay coupled: added to the gradient (L2 inside Adam)",
                    source="def adamw_step(param, grad, exp_avg, exp_avg_sq, t, lr=1e-3, betas=(0.9, 0.999), eps=1e-8,\n"
                           "               weight_decay=1e-2):\n"
                           "    return adam_step(param, grad + weight_decay * param, exp_avg, exp_avg_sq, t, lr, betas, eps)\n",
                    hint="the weight decay is coupled"),
            Mistake("decay without the learning rate",
                    source="def adamw_step(param, grad, exp_avg, exp_avg_sq, t, lr=1e-3, betas=(0.9, 0.999), eps=1e-8,\n"
                           "               weight_decay=1e-2):\n"
                           "    return adam_step(param * (1 - weight_decay), grad, exp_avg, exp_avg_sq, t, lr, betas, eps)\n",
                    hint="scaled by the learning rate"),
            Mistake("decay after the Adam step",
                    source="def adamw_step(param, grad, exp_avg, exp_avg_sq, t, lr=1e-3, betas=(0.9, 0.999), eps=1e-8,\n"
                           "               weight_decay=1e-2):\n"
                           "    new_param, m, v = adam_step(param, grad, exp_avg, exp_avg_sq, t, lr, betas, eps)\n"
                           "    return new_param * (1 - lr * weight_decay), m, v\n",
                    hint="decay before the Adam step"),
            Mistake("decay with the wrong sign",
                    source="def adamw_step(param, grad, exp_avg, exp_avg_sq, t, lr=1e-3, betas=(0.9, 0.999), eps=1e-8,\n"
                           "               weight_decay=1e-2):\n"
                           "    return adam_step(param * (1 + lr * weight_decay), grad, exp_avg, exp_avg_sq, t, lr, betas, eps)\n",
                    hint="with a minus"),
            Mistake("weight decay ignored",
                    source="def adamw_step(param, grad, exp_avg, exp_avg_sq, t, lr=1e-3, betas=(0.9, 0.999), eps=1e-8,\n"
                           "               weight_decay=1e-2):\n"
                           "    return adam_step(param, grad, exp_avg, exp_avg_sq, t, lr, betas, eps)\n",
                    hint="weight_decay argument is ignored"),
            Mistake("decay applied both ways (coupled and decoupled)",
                    source="def adamw_step(param, grad, exp_avg, exp_avg_sq, t, lr=1e-3, betas=(0.9, 0.999), eps=1e-8,\n"
                           "               weight_decay=1e-2):\n"
                           "    decayed = param * (1 - lr * weight_decay)\n"
                           "    return adam_step(decayed, grad + weight_decay * param, exp_avg, exp_avg_sq, t, lr, betas, eps)\n",
                    hint="then Adam's step (exercise 4) from decayed with grad itself"),
            Mistake("the decay applied to the gradient instead of the parameter",
                    source="def adamw_step(param, grad, exp_avg, exp_avg_sq, t, lr=1e-3, betas=(0.9, 0.999), eps=1e-8,\n"
                           "               weight_decay=1e-2):\n"
                           "    return adam_step(param, grad * (1 - lr * weight_decay), exp_avg, exp_avg_sq, t, lr, betas, eps)\n",
                    hint="the decay shrinks the gradient, not the parameter"),
            Mistake("weight_decay passed into adam_step's eps slot",
                    source="def adamw_step(param, grad, exp_avg, exp_avg_sq, t, lr=1e-3, betas=(0.9, 0.999), eps=1e-8,\n"
                           "               weight_decay=1e-2):\n"
                           "    decayed = param * (1 - lr * weight_decay)\n"
                           "    return adam_step(decayed, grad, exp_avg, exp_avg_sq, t, lr, betas, weight_decay)\n",
                    hint="decayed = param * (1 - lr * weight_decay)"),
        ],
        alternatives=[
            # written out in full, without calling adam_step
            "def adamw_step(param, grad, exp_avg, exp_avg_sq, t, lr=1e-3, betas=(0.9, 0.999), eps=1e-8,\n"
            "               weight_decay=1e-2):\n"
            "    b1, b2 = betas\n"
            "    m = b1 * exp_avg + (1 - b1) * grad\n"
            "    v = b2 * exp_avg_sq + (1 - b2) * grad**2\n"
            "    adam_update = (m / (1 - b1**t)) / (np.sqrt(v / (1 - b2**t)) + eps)\n"
            "    return param - lr * weight_decay * param - lr * adam_update, m, v\n",
            # the decay as a subtraction, then adam_step by keywords
            "def adamw_step(param, grad, exp_avg, exp_avg_sq, t, lr=1e-3, betas=(0.9, 0.999), eps=1e-8,\n"
            "               weight_decay=1e-2):\n"
            "    shrunk = param - lr * weight_decay * param\n"
            "    return adam_step(shrunk, grad, exp_avg, exp_avg_sq, t=t, lr=lr, betas=betas, eps=eps)\n",
            # written out in a loop over the entries
            "import math\n\n"
            "def adamw_step(param, grad, exp_avg, exp_avg_sq, t, lr=1e-3, betas=(0.9, 0.999), eps=1e-8,\n"
            "               weight_decay=1e-2):\n"
            "    beta1, beta2 = betas\n"
            "    new_param, m, v = np.empty_like(param), np.empty_like(exp_avg), np.empty_like(exp_avg_sq)\n"
            "    for i in np.ndindex(param.shape):\n"
            "        m[i] = beta1 * exp_avg[i] + (1 - beta1) * grad[i]\n"
            "        v[i] = beta2 * exp_avg_sq[i] + (1 - beta2) * grad[i] ** 2\n"
            "        step = lr * (m[i] / (1 - beta1 ** t)) / (math.sqrt(v[i] / (1 - beta2 ** t)) + eps)\n"
            "        new_param[i] = param[i] * (1 - lr * weight_decay) - step\n"
            "    return new_param, m, v\n",
            # in the dtype of param, with a print
            "def adamw_step(param, grad, exp_avg, exp_avg_sq, t, lr=1e-3, betas=(0.9, 0.999), eps=1e-8,\n"
            "               weight_decay=1e-2):\n"
            "    shrink = param.dtype.type(1 - lr * weight_decay)\n"
            "    print(f'AdamW: shrink by {shrink}')\n"
            "    return adam_step(param * shrink, grad, exp_avg, exp_avg_sq, t, lr=lr, betas=betas, eps=eps)\n",
            # numpy's functions for each operation: np.multiply for the decay, np.square, np.sqrt, np.divide
            "def adamw_step(param, grad, exp_avg, exp_avg_sq, t, lr=1e-3, betas=(0.9, 0.999), eps=1e-8,\n"
            "               weight_decay=1e-2):\n"
            "    beta1, beta2 = betas\n"
            "    decayed = np.multiply(param, 1 - lr * weight_decay)\n"
            "    m = beta1 * exp_avg + (1 - beta1) * grad\n"
            "    v = beta2 * exp_avg_sq + (1 - beta2) * np.square(grad)\n"
            "    denominator = np.sqrt(np.divide(v, 1 - beta2**t)) + eps\n"
            "    return decayed - lr * np.divide(np.divide(m, 1 - beta1**t), denominator), m, v\n",
        ],
    ),
    Exercise(
        answer="warmup_cosine_lr",
        tests=["warmup_cosine_lr_visible", "warmup_cosine_lr_hidden"],
        mistakes=[
            Mistake("warm-up one step ahead: (step + 1) / warmup_steps",
                    source="import math\n\n"
                           "def warmup_cosine_lr(step, lr_max, warmup_steps, total_steps, lr_min=0.0):\n"
                           "    if step < warmup_steps:\n"
                           "        return lr_max * (step + 1) / warmup_steps\n"
                           "    p = min(step - warmup_steps, total_steps - warmup_steps) / (total_steps - warmup_steps)\n"
                           "    return lr_min + (lr_max - lr_min) * (1 + math.cos(math.pi * p)) / 2\n",
                    hint="one step ahead"),
            Mistake("warm-up starts at lr_min instead of 0",
                    source="import math\n\n"
                           "def warmup_cosine_lr(step, lr_max, warmup_steps, total_steps, lr_min=0.0):\n"
                           "    if step < warmup_steps:\n"
                           "        return lr_min + (lr_max - lr_min) * step / warmup_steps\n"
                           "    p = min(step - warmup_steps, total_steps - warmup_steps) / (total_steps - warmup_steps)\n"
                           "    return lr_min + (lr_max - lr_min) * (1 + math.cos(math.pi * p)) / 2\n",
                    hint="the warm-up starts at 0"),
            Mistake("warm-up reaches lr_max one step early: step / (warmup_steps - 1)",
                    source="import math\n\n"
                           "def warmup_cosine_lr(step, lr_max, warmup_steps, total_steps, lr_min=0.0):\n"
                           "    if step < warmup_steps:\n"
                           "        return lr_max * step / (warmup_steps - 1)\n"
                           "    p = min(step - warmup_steps, total_steps - warmup_steps) / (total_steps - warmup_steps)\n"
                           "    return lr_min + (lr_max - lr_min) * (1 + math.cos(math.pi * p)) / 2\n",
                    hint="growing by lr_max / warmup_steps per step"),
            Mistake("no warm-up: constant lr_max before the cosine",
                    source="import math\n\n"
                           "def warmup_cosine_lr(step, lr_max, warmup_steps, total_steps, lr_min=0.0):\n"
                           "    if step < warmup_steps:\n"
                           "        return lr_max\n"
                           "    p = min(step - warmup_steps, total_steps - warmup_steps) / (total_steps - warmup_steps)\n"
                           "    return lr_min + (lr_max - lr_min) * (1 + math.cos(math.pi * p)) / 2\n",
                    hint="linear warm-up is missing"),
            Mistake("cosine progress over the whole schedule: step / total_steps",
                    source="import math\n\n"
                           "def warmup_cosine_lr(step, lr_max, warmup_steps, total_steps, lr_min=0.0):\n"
                           "    if step < warmup_steps:\n"
                           "        return lr_max * step / warmup_steps\n"
                           "    p = min(step, total_steps) / total_steps\n"
                           "    return lr_min + (lr_max - lr_min) * (1 + math.cos(math.pi * p)) / 2\n",
                    hint="cosine's progress runs from warm-up to the end"),
            Mistake("not clamped after total_steps: the cosine rises again",
                    source="import math\n\n"
                           "def warmup_cosine_lr(step, lr_max, warmup_steps, total_steps, lr_min=0.0):\n"
                           "    if step < warmup_steps:\n"
                           "        return lr_max * step / warmup_steps\n"
                           "    p = (step - warmup_steps) / (total_steps - warmup_steps)\n"
                           "    return lr_min + (lr_max - lr_min) * (1 + math.cos(math.pi * p)) / 2\n",
                    hint="after total_steps the rate stays at lr_min"),
            Mistake("lr_min added on top of the cosine of lr_max",
                    source="import math\n\n"
                           "def warmup_cosine_lr(step, lr_max, warmup_steps, total_steps, lr_min=0.0):\n"
                           "    if step < warmup_steps:\n"
                           "        return lr_max * step / warmup_steps\n"
                           "    p = min(step - warmup_steps, total_steps - warmup_steps) / (total_steps - warmup_steps)\n"
                           "    return lr_min + lr_max * (1 + math.cos(math.pi * p)) / 2\n",
                    hint="lr_min enters as"),
            Mistake("cos without pi",
                    source="import math\n\n"
                           "def warmup_cosine_lr(step, lr_max, warmup_steps, total_steps, lr_min=0.0):\n"
                           "    if step < warmup_steps:\n"
                           "        return lr_max * step / warmup_steps\n"
                           "    p = min(step - warmup_steps, total_steps - warmup_steps) / (total_steps - warmup_steps)\n"
                           "    return lr_min + (lr_max - lr_min) * (1 + math.cos(p)) / 2\n",
                    hint="cos(pi * progress)"),
            Mistake("divides by warmup_steps even when it is 0",
                    source="import math\n\n"
                           "def warmup_cosine_lr(step, lr_max, warmup_steps, total_steps, lr_min=0.0):\n"
                           "    warm = lr_max * min(step, warmup_steps) / warmup_steps\n"
                           "    if step < warmup_steps:\n"
                           "        return warm\n"
                           "    p = min(step - warmup_steps, total_steps - warmup_steps) / (total_steps - warmup_steps)\n"
                           "    return lr_min + (lr_max - lr_min) * (1 + math.cos(math.pi * p)) / 2\n",
                    hint="there is no warm-up"),
            Mistake("delegates to the course library's closed forms",
                    source="from nnlib.optim import cosine_lr, linear_warmup\n\n"
                           "def warmup_cosine_lr(step, lr_max, warmup_steps, total_steps, lr_min=0.0):\n"
                           "    if step < warmup_steps:\n"
                           "        return float(linear_warmup(step, lr_max, warmup_steps, start_factor=0.0))\n"
                           "    T = total_steps - warmup_steps\n"
                           "    return float(cosine_lr(min(step - warmup_steps, T), lr_max, T, eta_min=lr_min))\n",
                    hint="scores zero"),
        ],
        alternatives=[
            # np.clip and np.interp for the warm-up; returns a numpy float
            "def warmup_cosine_lr(step, lr_max, warmup_steps, total_steps, lr_min=0.0):\n"
            "    if warmup_steps > 0 and step < warmup_steps:\n"
            "        return np.interp(step, [0, warmup_steps], [0.0, lr_max])\n"
            "    progress = np.clip((step - warmup_steps) / (total_steps - warmup_steps), 0.0, 1.0)\n"
            "    return lr_min + 0.5 * (lr_max - lr_min) * (1 + np.cos(np.pi * progress))\n",
            # the cosine written with sin² ((1 + cos x) / 2 = cos²(x/2)), steps past the end handled first
            "import math\n\n"
            "def warmup_cosine_lr(step, lr_max, warmup_steps, total_steps, lr_min=0.0):\n"
            "    if step >= total_steps:\n"
            "        return lr_min\n"
            "    if step < warmup_steps:\n"
            "        return step * (lr_max / warmup_steps)\n"
            "    progress = (step - warmup_steps) / (total_steps - warmup_steps)\n"
            "    return lr_min + (lr_max - lr_min) * math.cos(math.pi * progress / 2) ** 2\n",
            # the math module, with a print
            "import math\n\n"
            "def warmup_cosine_lr(step, lr_max, warmup_steps, total_steps, lr_min=0.0):\n"
            "    print('step', step)\n"
            "    if step < warmup_steps:\n"
            "        return lr_max * step / warmup_steps\n"
            "    progress = min(step - warmup_steps, total_steps - warmup_steps) / (total_steps - warmup_steps)\n"
            "    return lr_min + (lr_max - lr_min) * (1 + math.cos(math.pi * progress)) / 2\n",
            # float32 arithmetic
            "def warmup_cosine_lr(step, lr_max, warmup_steps, total_steps, lr_min=0.0):\n"
            "    f = np.float32\n"
            "    if step < warmup_steps:\n"
            "        return f(lr_max) * f(step) / f(warmup_steps)\n"
            "    progress = f(min(step, total_steps) - warmup_steps) / f(total_steps - warmup_steps)\n"
            "    return f(lr_min) + (f(lr_max) - f(lr_min)) * (f(1) + np.cos(f(np.pi) * progress)) / f(2)\n",
        ],
    ),
    Exercise(
        answer="compare_optimizers",
        tests=["compare_optimizers_visible", "compare_optimizers_hidden"],
        mistakes=[
            Mistake("one network for all runners: later runners start from trained weights",
                    source=None, hint="same initial weights"),
            Mistake("records the loss after the step",
                    source=None, hint="record the loss before each step"),
            Mistake("Adam's step counter starts at 0",
                    source=None, hint="count Adam's steps from t = 1"),
            Mistake("the state is reset at every step: momentum becomes plain SGD",
                    source=None, hint="keep each parameter's state"),
            Mistake("Adam's step counter advances once per parameter, not once per step",
                    source=None, hint="once per step for all parameters"),
            Mistake("one state shared by all runners of the same kind",
                    source=None, hint="fresh zero states"),
            Mistake("ignores the seed: MLP(sizes) always uses seed 0",
                    source=None, hint="same initial weights"),
        ],
        alternatives=[],
    ),
]


def _compare_source(model_line="        model = MLP(sizes, rng=seed)\n", state_outside=False, record_after=False,
                    t_start=1, reset_state=False, t_per_parameter=False):
    """A compare_optimizers written as a student would, with switches for the mistakes above."""
    state_init = "        state = {name: [np.zeros_like(p), np.zeros_like(p)] for name, p in model.params.items()}\n"
    lines = ["def compare_optimizers(configs, X, y, sizes, n_steps, seed=0):\n",
             "    histories = {}\n"]
    if model_line.startswith("    model"):
        lines.append(model_line)
    if state_outside:
        lines.append("    state = None\n")
    lines.append("    for label, (optimizer, hyper) in configs.items():\n")
    if not model_line.startswith("    model"):
        lines.append(model_line)
    if state_outside:
        lines.append("        if state is None or set(state) != set(model.params):\n    " + state_init)
    else:
        lines.append(state_init)
    lines += ["        losses = []\n",
              f"        t = {t_start - 1}\n",
              "        for _ in range(n_steps):\n"]
    if not t_per_parameter:
        lines.append("            t += 1\n")
    lines.append("            loss, dlogits = softmax_cross_entropy(model.forward(X), y)\n")
    if not record_after:
        lines.append("            losses.append(loss)\n")
    lines.append("            model.backward(dlogits)\n")
    if reset_state:
        lines.append("    " + state_init)
    lines += ["            for name in model.params:\n"]
    if t_per_parameter:
        lines.append("                t += 1\n")
    lines += ["                p, g, s = model.params[name], model.grads[name], state[name]\n",
              "                if optimizer == 'sgd':\n",
              "                    model.params[name] = p - hyper['lr'] * g\n",
              "                elif optimizer == 'momentum':\n",
              "                    model.params[name], s[0] = momentum_step(p, g, s[0], **hyper)\n",
              "                elif optimizer == 'rmsprop':\n",
              "                    model.params[name], s[0] = rmsprop_step(p, g, s[0], **hyper)\n",
              "                else:\n",
              "                    model.params[name], s[0], s[1] = adam_step(p, g, s[0], s[1], t, **hyper)\n"]
    if record_after:
        lines.append("            losses.append(softmax_cross_entropy(model.forward(X), y)[0])\n")
    lines += ["        histories[label] = np.array(losses)\n",
              "    return histories\n"]
    return "".join(lines)


_COMPARE = EXERCISES[-1]
_COMPARE.mistakes[0].source = _compare_source(model_line="    model = MLP(sizes, rng=seed)\n")
_COMPARE.mistakes[1].source = _compare_source(record_after=True)
_COMPARE.mistakes[2].source = _compare_source(t_start=0)
_COMPARE.mistakes[3].source = _compare_source(reset_state=True)
_COMPARE.mistakes[4].source = _compare_source(t_per_parameter=True)
_COMPARE.mistakes[5].source = _compare_source(state_outside=True)
_COMPARE.mistakes[6].source = _compare_source(model_line="        model = MLP(sizes)\n")
_COMPARE.mistakes.append(Mistake(
    "passes only lr and momentum to momentum_step: nesterov is lost",
    source=_compare_source().replace("momentum_step(p, g, s[0], **hyper)",
                                     "momentum_step(p, g, s[0], hyper['lr'], hyper.get('momentum', 0.9))"),
    hint="each update gets **hyper"))
_COMPARE.alternatives = [
    _compare_source(),
    # a progress bar over the configurations
    "from tqdm import tqdm\n\n" + _compare_source().replace("    for label, (optimizer, hyper) in configs.items():",
                                                           "    for label, (optimizer, hyper) in tqdm(configs.items()):"),
    # a dispatch table of small update functions, states as dicts, a list of floats returned
    "def compare_optimizers(configs, X, y, sizes, n_steps, seed=0):\n"
    "    def sgd(p, g, state, t, hyper):\n"
    "        return p - hyper['lr'] * g\n"
    "    def heavy(p, g, state, t, hyper):\n"
    "        new_p, state['v'] = momentum_step(p, g, state.get('v', np.zeros_like(p)), **hyper)\n"
    "        return new_p\n"
    "    def rms(p, g, state, t, hyper):\n"
    "        new_p, state['v'] = rmsprop_step(p, g, state.get('v', np.zeros_like(p)), **hyper)\n"
    "        return new_p\n"
    "    def adam(p, g, state, t, hyper):\n"
    "        m, v = state.get('m', np.zeros_like(p)), state.get('v', np.zeros_like(p))\n"
    "        new_p, state['m'], state['v'] = adam_step(p, g, m, v, t, **hyper)\n"
    "        return new_p\n"
    "    updates = {'sgd': sgd, 'momentum': heavy, 'rmsprop': rms, 'adam': adam}\n"
    "    result = {}\n"
    "    for label in configs:\n"
    "        kind, hyper = configs[label]\n"
    "        net = MLP(sizes, rng=seed)\n"
    "        states = {name: {} for name in net.params}\n"
    "        history = []\n"
    "        for t in range(1, n_steps + 1):\n"
    "            logits = net.forward(X)\n"
    "            loss, dlogits = softmax_cross_entropy(logits, y)\n"
    "            history.append(float(loss))\n"
    "            net.backward(dlogits)\n"
    "            for name in list(net.params):\n"
    "                net.params[name] = updates[kind](net.params[name], net.grads[name], states[name], t, hyper)\n"
    "        result[label] = history\n"
    "    return result\n",
    # parameters updated in place with [...] = (the arrays the MLP holds stay the same objects)
    "def compare_optimizers(configs, X, y, sizes, n_steps, seed=0):\n"
    "    out = {}\n"
    "    for label, (optimizer, hyper) in configs.items():\n"
    "        model = MLP(sizes, rng=seed)\n"
    "        first = {k: np.zeros_like(v) for k, v in model.params.items()}\n"
    "        second = {k: np.zeros_like(v) for k, v in model.params.items()}\n"
    "        losses = np.zeros(n_steps)\n"
    "        for step in range(n_steps):\n"
    "            losses[step], dlogits = softmax_cross_entropy(model.forward(X), y)\n"
    "            model.backward(dlogits)\n"
    "            for k in model.params:\n"
    "                p, g = model.params[k], model.grads[k]\n"
    "                if optimizer == 'sgd':\n"
    "                    p[...] = p - hyper['lr'] * g\n"
    "                elif optimizer == 'momentum':\n"
    "                    new, first[k] = momentum_step(p, g, first[k], **hyper)\n"
    "                    p[...] = new\n"
    "                elif optimizer == 'rmsprop':\n"
    "                    new, first[k] = rmsprop_step(p, g, first[k], **hyper)\n"
    "                    p[...] = new\n"
    "                elif optimizer == 'adam':\n"
    "                    new, first[k], second[k] = adam_step(p, g, first[k], second[k], step + 1, **hyper)\n"
    "                    p[...] = new\n"
    "        out[label] = losses\n"
    "    return out\n",
    # numpy's functions for the bookkeeping: np.subtract for plain SGD, np.zeros with the parameter's dtype, the
    # losses written into an np.empty array
    "def compare_optimizers(configs, X, y, sizes, n_steps, seed=0):\n"
    "    histories = {}\n"
    "    for label, (optimizer, hyper) in configs.items():\n"
    "        model = MLP(sizes, rng=seed)\n"
    "        first = {name: np.zeros(p.shape, dtype=p.dtype) for name, p in model.params.items()}\n"
    "        second = {name: np.zeros(p.shape, dtype=p.dtype) for name, p in model.params.items()}\n"
    "        losses = np.empty(n_steps)\n"
    "        for t in range(1, n_steps + 1):\n"
    "            losses[t - 1], dlogits = softmax_cross_entropy(model.forward(X), y)\n"
    "            model.backward(dlogits)\n"
    "            for name in model.params:\n"
    "                p, g = model.params[name], model.grads[name]\n"
    "                if optimizer == 'sgd':\n"
    "                    model.params[name] = np.subtract(p, np.multiply(hyper['lr'], g))\n"
    "                elif optimizer == 'momentum':\n"
    "                    model.params[name], first[name] = momentum_step(p, g, first[name], **hyper)\n"
    "                elif optimizer == 'rmsprop':\n"
    "                    model.params[name], first[name] = rmsprop_step(p, g, first[name], **hyper)\n"
    "                else:\n"
    "                    model.params[name], first[name], second[name] = adam_step(p, g, first[name], second[name],\n"
    "                                                                              t, **hyper)\n"
    "        histories[label] = losses\n"
    "    return histories\n",
]


def _rate_mistake(description, body, hint):
    """A wrong momentum_rate: body computes `rate` from the array c of curvatures (and lr, momentum)."""
    source = ("def momentum_rate(lr, curvature, momentum):\n"
              "    c = np.asarray(curvature, dtype=np.float64)\n"
              + "".join(f"    {line}\n" for line in body.splitlines())
              + "    return float(rate) if np.ndim(rate) == 0 else rate\n")
    return Mistake(description, source=source, hint=hint)


# momentum_rate (section 2.2): the larger |r| of r² − (1 + μ − ηλ) r + μ. Judgement call: the accuracy is 1e-3
# absolute, because float32 loses about sqrt(float32 eps) near critical damping, where the discriminant is ~0.
EXERCISES.append(Exercise(
    answer="momentum_rate",
    tests=["momentum_rate_visible", "momentum_rate_hidden"],
    mistakes=[
        _rate_mistake("the smaller root",
                      "rate = np.array([np.abs(np.roots([1, -(1 + momentum - lr * x), momentum])).min()\n"
                      "                 for x in c.ravel()]).reshape(c.shape)",
                      hint="SMALLER |r|"),
        _rate_mistake("plain GD's factor, momentum ignored", "rate = np.abs(1 - lr * c)", hint="plain GD's factor"),
        _rate_mistake("the sign of ηλ in the middle coefficient flipped",
                      "b = 1 + momentum + lr * c\n"
                      "d = b**2 - 4 * momentum\n"
                      "rate = np.where(d < 0, np.sqrt(momentum), (np.abs(b) + np.sqrt(np.maximum(d, 0))) / 2)",
                      hint="middle coefficient"),
        _rate_mistake("the constant-gradient picture, an effective rate η/(1 − μ)",
                      "rate = np.abs(1 - lr * c / (1 - momentum))", hint="constant-gradient picture"),
        _rate_mistake("always √μ, the over-damped case forgotten",
                      "rate = np.full(c.shape, np.sqrt(momentum))", hint="only for complex roots"),
        _rate_mistake("the real part of the complex roots",
                      "b = 1 + momentum - lr * c\n"
                      "d = b**2 - 4 * momentum\n"
                      "rate = np.where(d < 0, b / 2, (b + np.sqrt(np.maximum(d, 0))) / 2)",
                      hint="real part"),
        _rate_mistake("negative real roots taken with their sign",
                      "b = 1 + momentum - lr * c\n"
                      "d = b**2 - 4 * momentum\n"
                      "rate = np.where(d < 0, np.sqrt(momentum), (b + np.sqrt(np.maximum(d, 0))) / 2)",
                      hint="negative real root"),
        _rate_mistake("np.sqrt of a negative discriminant (nan for complex roots)",
                      "b = 1 + momentum - lr * c\n"
                      "with np.errstate(invalid='ignore'):\n"
                      "    rate = (np.abs(b) + np.sqrt(b**2 - 4 * momentum)) / 2",
                      hint="discriminant"),
        Mistake("an array of one rate for a number curvature",
                source="def momentum_rate(lr, curvature, momentum):\n"
                       "    c = np.atleast_1d(np.asarray(curvature, dtype=np.float64))\n"
                       "    b = 1 + momentum - lr * c\n"
                       "    d = b**2 - 4 * momentum\n"
                       "    return np.where(d < 0, np.sqrt(momentum), (np.abs(b) + np.sqrt(np.maximum(d, 0))) / 2)\n",
                hint="one number"),
        Mistake("a list holding the one rate for a number curvature",
                source="def momentum_rate(lr, curvature, momentum):\n"
                       "    c = np.ravel(np.asarray(curvature, dtype=np.float64))\n"
                       "    b = 1 + momentum - lr * c\n"
                       "    d = b**2 - 4 * momentum\n"
                       "    rates = np.where(d < 0, np.sqrt(momentum), (np.abs(b) + np.sqrt(np.maximum(d, 0))) / 2)\n"
                       "    return list(rates) if np.ndim(curvature) == 0 else rates.reshape(np.shape(curvature))\n",
                hint="a list or an array of one element is not one number"),
    ],
    alternatives=[
        # a loop over the curvatures with numpy's polynomial roots
        "def momentum_rate(lr, curvature, momentum):\n"
        "    c = np.asarray(curvature, dtype=float)\n"
        "    rates = [max(abs(r) for r in np.roots([1.0, -(1 + momentum - lr * x), momentum])) for x in c.ravel()]\n"
        "    return rates[0] if c.ndim == 0 else np.array(rates).reshape(c.shape)\n",
        # float32 throughout
        "def momentum_rate(lr, curvature, momentum):\n"
        "    b = np.float32(1 + momentum) - np.float32(lr) * np.asarray(curvature, dtype=np.float32)\n"
        "    d = b * b - np.float32(4 * momentum)\n"
        "    rate = np.where(d < 0, np.float32(np.sqrt(momentum)), (np.abs(b) + np.sqrt(np.maximum(d, 0))) / 2)\n"
        "    return rate.astype(np.float32) if rate.ndim else np.float32(rate)\n",
        # complex square root from numpy.emath: no case analysis
        "def momentum_rate(lr, curvature, momentum):\n"
        "    b = 1 + momentum - lr * np.asarray(curvature, dtype=float)\n"
        "    root = np.emath.sqrt(b**2 - 4 * momentum)\n"
        "    rate = np.maximum(np.abs((b + root) / 2), np.abs((b - root) / 2))\n"
        "    return rate if rate.ndim else float(rate)\n",
        # a 0-d array for a number curvature: one number too, as the statement says
        "def momentum_rate(lr, curvature, momentum):\n"
        "    b = 1 + momentum - lr * np.asarray(curvature, dtype=np.float64)\n"
        "    d = b**2 - 4 * momentum\n"
        "    return np.where(d < 0, np.sqrt(momentum), (np.abs(b) + np.sqrt(np.maximum(d, 0))) / 2)\n",
        # plain Python with cmath, one curvature at a time
        "import cmath\n\n"
        "def momentum_rate(lr, curvature, momentum):\n"
        "    def one(x):\n"
        "        b = 1 + momentum - lr * float(x)\n"
        "        root = cmath.sqrt(b * b - 4 * momentum)\n"
        "        return max(abs((b + root) / 2), abs((b - root) / 2))\n"
        "    if np.ndim(curvature) == 0:\n"
        "        return one(curvature)\n"
        "    return np.vectorize(one)(curvature)\n",
        # prints how many curvatures are under-damped; the modulus of complex roots from np.hypot
        "def momentum_rate(lr, curvature, momentum):\n"
        "    b = 1 + momentum - lr * np.asarray(curvature, dtype=np.float64)\n"
        "    d = b * b - 4 * momentum\n"
        "    print('under-damped (complex roots):', np.count_nonzero(d < 0), 'of', d.size)\n"
        "    half_root = np.sqrt(np.abs(d)) / 2\n"
        "    rate = np.where(d < 0, np.hypot(b / 2, half_root), np.abs(b) / 2 + half_root)\n"
        "    return rate[()] if rate.ndim == 0 else rate\n",
    ],
))


# Answers written without reading the tests (an independent author's, as students would hand them in),
# each run through the harness: correct ones must pass, wrong ones fail with the hint their message gives.
INDEPENDENT = [
    # written without reading the tests: direct formulas, new arrays
    ('momentum_step', ("import numpy as np\n"
                       "\n"
                       "\n"
                       "def momentum_step(param, grad, velocity, lr, momentum=0.9, nesterov=False):\n"
                       '    """v_new = μ v + g;  w_new = w − lr · v_new (or w − lr · (g + μ v_new) with Nesterov).  -> (new_param, new_velocity)."""\n'
                       "    new_velocity = momentum * velocity + grad\n"
                       "    if nesterov:\n"
                       "        new_param = param - lr * (grad + momentum * new_velocity)\n"
                       "    else:\n"
                       "        new_param = param - lr * new_velocity\n"
                       "    return new_param, new_velocity\n")),
    # written without reading the tests: works on copies with in-place operators
    ('momentum_step', ("import numpy as np\n"
                       "\n"
                       "\n"
                       "def momentum_step(param, grad, velocity, lr, momentum=0.9, nesterov=False):\n"
                       '    """v_new = μ v + g;  w_new = w − lr · v_new (or w − lr · (g + μ v_new) with Nesterov).  -> (new_param, new_velocity)."""\n'
                       "    v = np.array(velocity, copy=True)\n"
                       "    v *= momentum\n"
                       "    v += grad\n"
                       "    step = grad + momentum * v if nesterov else v\n"
                       "    w = np.array(param, copy=True)\n"
                       "    w -= lr * step\n"
                       "    return w, v\n")),
    # written without reading the tests: np.add / np.subtract, look-ahead direction named
    ('momentum_step', ("import numpy as np\n"
                       "\n"
                       "\n"
                       "def momentum_step(param, grad, velocity, lr, momentum=0.9, nesterov=False):\n"
                       '    """v_new = μ v + g;  w_new = w − lr · v_new (or w − lr · (g + μ v_new) with Nesterov).  -> (new_param, new_velocity)."""\n'
                       "    velocity_new = np.add(np.multiply(momentum, velocity), grad)\n"
                       "    direction = np.add(grad, np.multiply(momentum, velocity_new)) if nesterov else velocity_new\n"
                       "    return np.subtract(param, np.multiply(lr, direction)), velocity_new\n")),
    # written without reading the tests
    ('momentum_step', Mistake('puts the learning rate inside the velocity (v = mu v + lr g)',
                 source=("import numpy as np\n"
                         "\n"
                         "\n"
                         "def momentum_step(param, grad, velocity, lr, momentum=0.9, nesterov=False):\n"
                         '    """v_new = μ v + g;  w_new = w − lr · v_new (or w − lr · (g + μ v_new) with Nesterov).  -> (new_param, new_velocity)."""\n'
                         "    new_velocity = momentum * velocity + lr * grad\n"
                         "    if nesterov:\n"
                         "        new_param = param - (lr * grad + momentum * new_velocity)\n"
                         "    else:\n"
                         "        new_param = param - new_velocity\n"
                         "    return new_param, new_velocity\n"),
                 hint='keep the learning rate out of the velocity.')),
    # written without reading the tests
    ('momentum_step', Mistake('updates the velocity passed in, in place',
                 source=("import numpy as np\n"
                         "\n"
                         "\n"
                         "def momentum_step(param, grad, velocity, lr, momentum=0.9, nesterov=False):\n"
                         '    """v_new = μ v + g;  w_new = w − lr · v_new (or w − lr · (g + μ v_new) with Nesterov).  -> (new_param, new_velocity)."""\n'
                         "    velocity *= momentum\n"
                         "    velocity += grad\n"
                         "    if nesterov:\n"
                         "        return param - lr * (grad + momentum * velocity), velocity\n"
                         "    return param - lr * velocity, velocity\n"),
                 hint="A function should leave the caller's arrays as they were: co")),
    # written without reading the tests
    ('momentum_step', Mistake('Nesterov look-ahead with the old velocity',
                 source=("import numpy as np\n"
                         "\n"
                         "\n"
                         "def momentum_step(param, grad, velocity, lr, momentum=0.9, nesterov=False):\n"
                         '    """v_new = μ v + g;  w_new = w − lr · v_new (or w − lr · (g + μ v_new) with Nesterov).  -> (new_param, new_velocity)."""\n'
                         "    new_velocity = momentum * velocity + grad\n"
                         "    if nesterov:\n"
                         "        new_param = param - lr * (grad + momentum * velocity)\n"
                         "    else:\n"
                         "        new_param = param - lr * new_velocity\n"
                         "    return new_param, new_velocity\n"),
                 hint='with nesterov=True the step is lr * (grad + momentum * v_new')),
    # written without reading the tests
    ('momentum_step', Mistake('damped velocity: v = mu v + (1 - mu) g',
                 source=("import numpy as np\n"
                         "\n"
                         "\n"
                         "def momentum_step(param, grad, velocity, lr, momentum=0.9, nesterov=False):\n"
                         '    """v_new = μ v + g;  w_new = w − lr · v_new (or w − lr · (g + μ v_new) with Nesterov).  -> (new_param, new_velocity)."""\n'
                         "    new_velocity = momentum * velocity + (1 - momentum) * grad\n"
                         "    if nesterov:\n"
                         "        new_param = param - lr * (grad + momentum * new_velocity)\n"
                         "    else:\n"
                         "        new_param = param - lr * new_velocity\n"
                         "    return new_param, new_velocity\n"),
                 hint='no dampening: torch adds the whole gradient, v_new = momentu')),
    # written without reading the tests: direct formulas
    ('adagrad_step', ("import numpy as np\n"
                      "\n"
                      "\n"
                      "def adagrad_step(param, grad, sum_sq, lr=1e-2, eps=1e-10):\n"
                      '    """s_new = s + g²;  w_new = w − lr · g / (sqrt(s_new) + eps).  -> (new_param, new_sum_sq)."""\n'
                      "    new_sum_sq = sum_sq + grad ** 2\n"
                      "    new_param = param - lr * grad / (np.sqrt(new_sum_sq) + eps)\n"
                      "    return new_param, new_sum_sq\n")),
    # written without reading the tests: np.square, np.divide, adaptive step named
    ('adagrad_step', ("import numpy as np\n"
                      "\n"
                      "\n"
                      "def adagrad_step(param, grad, sum_sq, lr=1e-2, eps=1e-10):\n"
                      '    """s_new = s + g²;  w_new = w − lr · g / (sqrt(s_new) + eps).  -> (new_param, new_sum_sq)."""\n'
                      "    s = np.add(sum_sq, np.square(grad))\n"
                      "    step = np.divide(grad, np.sqrt(s) + eps)\n"
                      "    return param - lr * step, s\n")),
    # written without reading the tests: element loop over the flattened arrays (any shape)
    ('adagrad_step', ("import math\n"
                      "\n"
                      "import numpy as np\n"
                      "\n"
                      "\n"
                      "def adagrad_step(param, grad, sum_sq, lr=1e-2, eps=1e-10):\n"
                      '    """s_new = s + g²;  w_new = w − lr · g / (sqrt(s_new) + eps).  -> (new_param, new_sum_sq)."""\n'
                      "    w = np.array(param, copy=True)\n"
                      "    s = np.array(sum_sq, copy=True)\n"
                      "    g = np.asarray(grad)\n"
                      "    w_flat, s_flat, g_flat = w.reshape(-1), s.reshape(-1), g.reshape(-1)\n"
                      "    for i in range(g_flat.size):\n"
                      "        s_flat[i] = s_flat[i] + g_flat[i] * g_flat[i]\n"
                      "        w_flat[i] = w_flat[i] - lr * g_flat[i] / (math.sqrt(s_flat[i]) + eps)\n"
                      "    return w, s\n")),
    # written without reading the tests
    ('adagrad_step', Mistake('eps inside the square root',
                 source=("import numpy as np\n"
                         "\n"
                         "\n"
                         "def adagrad_step(param, grad, sum_sq, lr=1e-2, eps=1e-10):\n"
                         '    """s_new = s + g²;  w_new = w − lr · g / (sqrt(s_new) + eps).  -> (new_param, new_sum_sq)."""\n'
                         "    new_sum_sq = sum_sq + grad ** 2\n"
                         "    return param - lr * grad / np.sqrt(new_sum_sq + eps), new_sum_sq\n"),
                 hint='eps goes outside the square root.')),
    # written without reading the tests
    ('adagrad_step', Mistake('divides by the old sum (before adding g^2): nan/inf at the first step',
                 source=("import numpy as np\n"
                         "\n"
                         "\n"
                         "def adagrad_step(param, grad, sum_sq, lr=1e-2, eps=1e-10):\n"
                         '    """s_new = s + g²;  w_new = w − lr · g / (sqrt(s_new) + eps).  -> (new_param, new_sum_sq)."""\n'
                         "    new_param = param - lr * grad / (np.sqrt(sum_sq) + eps)\n"
                         "    new_sum_sq = sum_sq + grad ** 2\n"
                         "    return new_param, new_sum_sq\n"),
                 hint='add grad**2 to the sum first, then divide by the square root')),
    # written without reading the tests
    ('adagrad_step', Mistake('accumulates into sum_sq in place',
                 source=("import numpy as np\n"
                         "\n"
                         "\n"
                         "def adagrad_step(param, grad, sum_sq, lr=1e-2, eps=1e-10):\n"
                         '    """s_new = s + g²;  w_new = w − lr · g / (sqrt(s_new) + eps).  -> (new_param, new_sum_sq)."""\n'
                         "    sum_sq += grad ** 2\n"
                         "    return param - lr * grad / (np.sqrt(sum_sq) + eps), sum_sq\n"),
                 hint="A function should leave the caller's arrays as they were: co")),
    # written without reading the tests
    ('adagrad_step', Mistake('forgets the square root (divides by the sum of squares)',
                 source=("import numpy as np\n"
                         "\n"
                         "\n"
                         "def adagrad_step(param, grad, sum_sq, lr=1e-2, eps=1e-10):\n"
                         '    """s_new = s + g²;  w_new = w − lr · g / (sqrt(s_new) + eps).  -> (new_param, new_sum_sq)."""\n'
                         "    new_sum_sq = sum_sq + grad * grad\n"
                         "    return param - lr * grad / (new_sum_sq + eps), new_sum_sq\n"),
                 hint='divide by the square root of the sum.')),
    # written without reading the tests: direct formulas
    ('rmsprop_step', ("import numpy as np\n"
                      "\n"
                      "\n"
                      "def rmsprop_step(param, grad, square_avg, lr=1e-2, alpha=0.99, eps=1e-8):\n"
                      '    """v_new = α v + (1 − α) g²;  w_new = w − lr · g / (sqrt(v_new) + eps).  -> (new_param, new_square_avg)."""\n'
                      "    new_square_avg = alpha * square_avg + (1 - alpha) * grad ** 2\n"
                      "    new_param = param - lr * grad / (np.sqrt(new_square_avg) + eps)\n"
                      "    return new_param, new_square_avg\n")),
    # written without reading the tests: moving average written as v + (1 - alpha)(g^2 - v), on copies
    ('rmsprop_step', ("import numpy as np\n"
                      "\n"
                      "\n"
                      "def rmsprop_step(param, grad, square_avg, lr=1e-2, alpha=0.99, eps=1e-8):\n"
                      '    """v_new = α v + (1 − α) g²;  w_new = w − lr · g / (sqrt(v_new) + eps).  -> (new_param, new_square_avg)."""\n'
                      "    v = np.array(square_avg, copy=True)\n"
                      "    v += (1 - alpha) * (grad * grad - v)\n"
                      "    w = np.array(param, copy=True)\n"
                      "    w -= lr * grad / (np.sqrt(v) + eps)\n"
                      "    return w, v\n")),
    # written without reading the tests: np.hypot-free RMS via np.power, separate denominator
    ('rmsprop_step', ("import numpy as np\n"
                      "\n"
                      "\n"
                      "def rmsprop_step(param, grad, square_avg, lr=1e-2, alpha=0.99, eps=1e-8):\n"
                      '    """v_new = α v + (1 − α) g²;  w_new = w − lr · g / (sqrt(v_new) + eps).  -> (new_param, new_square_avg)."""\n'
                      "    avg = np.multiply(alpha, square_avg) + np.multiply(1.0 - alpha, np.power(grad, 2))\n"
                      "    denominator = np.power(avg, 0.5) + eps\n"
                      "    return np.subtract(param, lr * np.divide(grad, denominator)), avg\n")),
    # written without reading the tests
    ('rmsprop_step', Mistake('eps inside the square root (Keras style)',
                 source=("import numpy as np\n"
                         "\n"
                         "\n"
                         "def rmsprop_step(param, grad, square_avg, lr=1e-2, alpha=0.99, eps=1e-8):\n"
                         '    """v_new = α v + (1 − α) g²;  w_new = w − lr · g / (sqrt(v_new) + eps).  -> (new_param, new_square_avg)."""\n'
                         "    new_square_avg = alpha * square_avg + (1 - alpha) * grad ** 2\n"
                         "    return param - lr * grad / np.sqrt(new_square_avg + eps), new_square_avg\n"),
                 hint="eps goes outside the square root (torch's convention).")),
    # written without reading the tests
    ('rmsprop_step', Mistake('alpha and 1 - alpha swapped',
                 source=("import numpy as np\n"
                         "\n"
                         "\n"
                         "def rmsprop_step(param, grad, square_avg, lr=1e-2, alpha=0.99, eps=1e-8):\n"
                         '    """v_new = α v + (1 − α) g²;  w_new = w − lr · g / (sqrt(v_new) + eps).  -> (new_param, new_square_avg)."""\n'
                         "    new_square_avg = (1 - alpha) * square_avg + alpha * grad ** 2\n"
                         "    return param - lr * grad / (np.sqrt(new_square_avg) + eps), new_square_avg\n"),
                 hint='alpha weighs the OLD average.')),
    # written without reading the tests
    ('rmsprop_step', Mistake('updates square_avg in place',
                 source=("import numpy as np\n"
                         "\n"
                         "\n"
                         "def rmsprop_step(param, grad, square_avg, lr=1e-2, alpha=0.99, eps=1e-8):\n"
                         '    """v_new = α v + (1 − α) g²;  w_new = w − lr · g / (sqrt(v_new) + eps).  -> (new_param, new_square_avg)."""\n'
                         "    square_avg *= alpha\n"
                         "    square_avg += (1 - alpha) * grad ** 2\n"
                         "    return param - lr * grad / (np.sqrt(square_avg) + eps), square_avg\n"),
                 hint="A function should leave the caller's arrays as they were: co")),
    # written without reading the tests
    ('rmsprop_step', Mistake('step uses the old average (before the update)',
                 source=("import numpy as np\n"
                         "\n"
                         "\n"
                         "def rmsprop_step(param, grad, square_avg, lr=1e-2, alpha=0.99, eps=1e-8):\n"
                         '    """v_new = α v + (1 − α) g²;  w_new = w − lr · g / (sqrt(v_new) + eps).  -> (new_param, new_square_avg)."""\n'
                         "    new_param = param - lr * grad / (np.sqrt(square_avg) + eps)\n"
                         "    new_square_avg = alpha * square_avg + (1 - alpha) * grad ** 2\n"
                         "    return new_param, new_square_avg\n"),
                 hint='update the average first, then divide by the square root of')),
    # written without reading the tests: the statement's equations one by one
    ('adam_step', ("import numpy as np\n"
                   "\n"
                   "\n"
                   "def adam_step(param, grad, exp_avg, exp_avg_sq, t, lr=1e-3, betas=(0.9, 0.999), eps=1e-8):\n"
                   '    """Adam with bias correction; t = 1 at the first step.  -> (new_param, new_exp_avg, new_exp_avg_sq)."""\n'
                   "    beta1, beta2 = betas\n"
                   "    m = beta1 * exp_avg + (1 - beta1) * grad\n"
                   "    v = beta2 * exp_avg_sq + (1 - beta2) * grad ** 2\n"
                   "    m_hat = m / (1 - beta1 ** t)\n"
                   "    v_hat = v / (1 - beta2 ** t)\n"
                   "    new_param = param - lr * m_hat / (np.sqrt(v_hat) + eps)\n"
                   "    return new_param, m, v\n")),
    # written without reading the tests: torch's implementation form: step size lr / bc1, denominator sqrt(v) / sqrt(bc2) + eps
    ('adam_step', ("import math\n"
                   "\n"
                   "import numpy as np\n"
                   "\n"
                   "\n"
                   "def adam_step(param, grad, exp_avg, exp_avg_sq, t, lr=1e-3, betas=(0.9, 0.999), eps=1e-8):\n"
                   '    """Adam with bias correction; t = 1 at the first step.  -> (new_param, new_exp_avg, new_exp_avg_sq)."""\n'
                   "    beta1, beta2 = betas\n"
                   "    exp_avg = exp_avg * beta1 + grad * (1 - beta1)\n"
                   "    exp_avg_sq = exp_avg_sq * beta2 + grad * grad * (1 - beta2)\n"
                   "    bias_correction1 = 1 - beta1 ** t\n"
                   "    bias_correction2 = 1 - beta2 ** t\n"
                   "    step_size = lr / bias_correction1\n"
                   "    denom = np.sqrt(exp_avg_sq) / math.sqrt(bias_correction2) + eps\n"
                   "    return param - step_size * exp_avg / denom, exp_avg, exp_avg_sq\n")),
    # written without reading the tests: in-place updates on copies of the state, Python-float corrections
    ('adam_step', ("import numpy as np\n"
                   "\n"
                   "\n"
                   "def adam_step(param, grad, exp_avg, exp_avg_sq, t, lr=1e-3, betas=(0.9, 0.999), eps=1e-8):\n"
                   '    """Adam with bias correction; t = 1 at the first step.  -> (new_param, new_exp_avg, new_exp_avg_sq)."""\n'
                   "    b1, b2 = float(betas[0]), float(betas[1])\n"
                   "    m = np.array(exp_avg, copy=True)\n"
                   "    v = np.array(exp_avg_sq, copy=True)\n"
                   "    m *= b1\n"
                   "    m += (1.0 - b1) * grad\n"
                   "    v *= b2\n"
                   "    v += (1.0 - b2) * np.square(grad)\n"
                   "    m_hat = m / (1.0 - b1 ** int(t))\n"
                   "    v_hat = v / (1.0 - b2 ** int(t))\n"
                   "    return param - lr * m_hat / (np.sqrt(v_hat) + eps), m, v\n")),
    # written without reading the tests
    ('adam_step', Mistake('no bias correction',
                 source=("import numpy as np\n"
                         "\n"
                         "\n"
                         "def adam_step(param, grad, exp_avg, exp_avg_sq, t, lr=1e-3, betas=(0.9, 0.999), eps=1e-8):\n"
                         '    """Adam with bias correction; t = 1 at the first step.  -> (new_param, new_exp_avg, new_exp_avg_sq)."""\n'
                         "    beta1, beta2 = betas\n"
                         "    m = beta1 * exp_avg + (1 - beta1) * grad\n"
                         "    v = beta2 * exp_avg_sq + (1 - beta2) * grad ** 2\n"
                         "    return param - lr * m / (np.sqrt(v) + eps), m, v\n"),
                 hint='bias correction is missing.')),
    # written without reading the tests
    ('adam_step', Mistake('returns the bias-corrected averages as the new state',
                 source=("import numpy as np\n"
                         "\n"
                         "\n"
                         "def adam_step(param, grad, exp_avg, exp_avg_sq, t, lr=1e-3, betas=(0.9, 0.999), eps=1e-8):\n"
                         '    """Adam with bias correction; t = 1 at the first step.  -> (new_param, new_exp_avg, new_exp_avg_sq)."""\n'
                         "    beta1, beta2 = betas\n"
                         "    m = beta1 * exp_avg + (1 - beta1) * grad\n"
                         "    v = beta2 * exp_avg_sq + (1 - beta2) * grad ** 2\n"
                         "    m = m / (1 - beta1 ** t)\n"
                         "    v = v / (1 - beta2 ** t)\n"
                         "    return param - lr * m / (np.sqrt(v) + eps), m, v\n"),
                 hint='return the moving averages themselves, uncorrected.')),
    # written without reading the tests
    ('adam_step', Mistake("Kingma's epsilon-hat form: lr * sqrt(bc2) / bc1 with eps on the uncorrected sqrt(v)",
                 source=("import numpy as np\n"
                         "\n"
                         "\n"
                         "def adam_step(param, grad, exp_avg, exp_avg_sq, t, lr=1e-3, betas=(0.9, 0.999), eps=1e-8):\n"
                         '    """Adam with bias correction; t = 1 at the first step.  -> (new_param, new_exp_avg, new_exp_avg_sq)."""\n'
                         "    beta1, beta2 = betas\n"
                         "    m = beta1 * exp_avg + (1 - beta1) * grad\n"
                         "    v = beta2 * exp_avg_sq + (1 - beta2) * grad ** 2\n"
                         "    lr_t = lr * np.sqrt(1 - beta2 ** t) / (1 - beta1 ** t)      # the paper's efficient version\n"
                         "    return param - lr_t * m / (np.sqrt(v) + eps), m, v\n"),
                 hint="that is the Adam paper's 'efficient' form, whose eps is adde")),
    # written without reading the tests
    ('adam_step', Mistake('off by one in the correction (beta ** (t + 1))',
                 source=("import numpy as np\n"
                         "\n"
                         "\n"
                         "def adam_step(param, grad, exp_avg, exp_avg_sq, t, lr=1e-3, betas=(0.9, 0.999), eps=1e-8):\n"
                         '    """Adam with bias correction; t = 1 at the first step.  -> (new_param, new_exp_avg, new_exp_avg_sq)."""\n'
                         "    beta1, beta2 = betas\n"
                         "    m = beta1 * exp_avg + (1 - beta1) * grad\n"
                         "    v = beta2 * exp_avg_sq + (1 - beta2) * grad ** 2\n"
                         "    m_hat = m / (1 - beta1 ** (t + 1))\n"
                         "    v_hat = v / (1 - beta2 ** (t + 1))\n"
                         "    return param - lr * m_hat / (np.sqrt(v_hat) + eps), m, v\n"),
                 hint='the bias correction is one step ahead.')),
    # written without reading the tests: decay, then calls adam_step
    ('adamw_step', ("import numpy as np\n"
                    "\n"
                    "\n"
                    "def adamw_step(param, grad, exp_avg, exp_avg_sq, t, lr=1e-3, betas=(0.9, 0.999), eps=1e-8, weight_decay=1e-2):\n"
                    '    """w\' = (1 − lr · weight_decay) · w, then Adam\'s step on grad.  -> (new_param, new_exp_avg, new_exp_avg_sq)."""\n'
                    "    decayed = (1 - lr * weight_decay) * param\n"
                    "    return adam_step(decayed, grad, exp_avg, exp_avg_sq, t, lr=lr, betas=betas, eps=eps)\n")),
    # written without reading the tests: self-contained: decay and Adam written out
    ('adamw_step', ("import numpy as np\n"
                    "\n"
                    "\n"
                    "def adamw_step(param, grad, exp_avg, exp_avg_sq, t, lr=1e-3, betas=(0.9, 0.999), eps=1e-8, weight_decay=1e-2):\n"
                    '    """w\' = (1 − lr · weight_decay) · w, then Adam\'s step on grad.  -> (new_param, new_exp_avg, new_exp_avg_sq)."""\n'
                    "    beta1, beta2 = betas\n"
                    "    w = param * (1 - lr * weight_decay)\n"
                    "    m = beta1 * exp_avg + (1 - beta1) * grad\n"
                    "    v = beta2 * exp_avg_sq + (1 - beta2) * grad * grad\n"
                    "    m_hat = m / (1 - beta1 ** t)\n"
                    "    v_hat = v / (1 - beta2 ** t)\n"
                    "    w = w - lr * m_hat / (np.sqrt(v_hat) + eps)\n"
                    "    return w, m, v\n")),
    # written without reading the tests: decay as a subtraction lr * wd * w on a copy, torch's step-size form
    ('adamw_step', ("import math\n"
                    "\n"
                    "import numpy as np\n"
                    "\n"
                    "\n"
                    "def adamw_step(param, grad, exp_avg, exp_avg_sq, t, lr=1e-3, betas=(0.9, 0.999), eps=1e-8, weight_decay=1e-2):\n"
                    '    """w\' = (1 − lr · weight_decay) · w, then Adam\'s step on grad.  -> (new_param, new_exp_avg, new_exp_avg_sq)."""\n'
                    "    b1, b2 = betas\n"
                    "    w = np.array(param, copy=True)\n"
                    "    w -= lr * weight_decay * w\n"
                    "    m = exp_avg * b1 + (1 - b1) * grad\n"
                    "    v = exp_avg_sq * b2 + (1 - b2) * grad ** 2\n"
                    "    denom = np.sqrt(v) / math.sqrt(1 - b2 ** t) + eps\n"
                    "    w -= (lr / (1 - b1 ** t)) * m / denom\n"
                    "    return w, m, v\n")),
    # written without reading the tests
    ('adamw_step', Mistake('decay applied after the Adam step',
                 source=("import numpy as np\n"
                         "\n"
                         "\n"
                         "def adamw_step(param, grad, exp_avg, exp_avg_sq, t, lr=1e-3, betas=(0.9, 0.999), eps=1e-8, weight_decay=1e-2):\n"
                         '    """w\' = (1 − lr · weight_decay) · w, then Adam\'s step on grad.  -> (new_param, new_exp_avg, new_exp_avg_sq)."""\n'
                         "    beta1, beta2 = betas\n"
                         "    m = beta1 * exp_avg + (1 - beta1) * grad\n"
                         "    v = beta2 * exp_avg_sq + (1 - beta2) * grad ** 2\n"
                         "    w = param - lr * (m / (1 - beta1 ** t)) / (np.sqrt(v / (1 - beta2 ** t)) + eps)\n"
                         "    return (1 - lr * weight_decay) * w, m, v\n"),
                 hint='decay before the Adam step.')),
    # written without reading the tests
    ('adamw_step', Mistake('decay factor without the learning rate (1 - weight_decay)',
                 source=("import numpy as np\n"
                         "\n"
                         "\n"
                         "def adamw_step(param, grad, exp_avg, exp_avg_sq, t, lr=1e-3, betas=(0.9, 0.999), eps=1e-8, weight_decay=1e-2):\n"
                         '    """w\' = (1 − lr · weight_decay) · w, then Adam\'s step on grad.  -> (new_param, new_exp_avg, new_exp_avg_sq)."""\n'
                         "    beta1, beta2 = betas\n"
                         "    w = (1 - weight_decay) * param\n"
                         "    m = beta1 * exp_avg + (1 - beta1) * grad\n"
                         "    v = beta2 * exp_avg_sq + (1 - beta2) * grad ** 2\n"
                         "    w = w - lr * (m / (1 - beta1 ** t)) / (np.sqrt(v / (1 - beta2 ** t)) + eps)\n"
                         "    return w, m, v\n"),
                 hint='the decay is scaled by the learning rate.')),
    # written without reading the tests
    ('adamw_step', Mistake('L2 inside the gradient (Adam with weight_decay), not decoupled',
                 source=("import numpy as np\n"
                         "\n"
                         "\n"
                         "def adamw_step(param, grad, exp_avg, exp_avg_sq, t, lr=1e-3, betas=(0.9, 0.999), eps=1e-8, weight_decay=1e-2):\n"
                         '    """w\' = (1 − lr · weight_decay) · w, then Adam\'s step on grad.  -> (new_param, new_exp_avg, new_exp_avg_sq)."""\n'
                         "    beta1, beta2 = betas\n"
                         "    g = grad + weight_decay * param\n"
                         "    m = beta1 * exp_avg + (1 - beta1) * g\n"
                         "    v = beta2 * exp_avg_sq + (1 - beta2) * g ** 2\n"
                         "    w = param - lr * (m / (1 - beta1 ** t)) / (np.sqrt(v / (1 - beta2 ** t)) + eps)\n"
                         "    return w, m, v\n"),
                 hint='the weight decay is coupled.')),
    # written without reading the tests
    ('adamw_step', Mistake('ignores weight_decay (plain Adam)',
                 source=("import numpy as np\n"
                         "\n"
                         "\n"
                         "def adamw_step(param, grad, exp_avg, exp_avg_sq, t, lr=1e-3, betas=(0.9, 0.999), eps=1e-8, weight_decay=1e-2):\n"
                         '    """w\' = (1 − lr · weight_decay) · w, then Adam\'s step on grad.  -> (new_param, new_exp_avg, new_exp_avg_sq)."""\n'
                         "    beta1, beta2 = betas\n"
                         "    m = beta1 * exp_avg + (1 - beta1) * grad\n"
                         "    v = beta2 * exp_avg_sq + (1 - beta2) * grad ** 2\n"
                         "    w = param - lr * (m / (1 - beta1 ** t)) / (np.sqrt(v / (1 - beta2 ** t)) + eps)\n"
                         "    return w, m, v\n"),
                 hint='the weight_decay argument is ignored.')),
    # written without reading the tests: three branches with math.cos
    ('warmup_cosine_lr', ("import math\n"
                          "\n"
                          "\n"
                          "def warmup_cosine_lr(step, lr_max, warmup_steps, total_steps, lr_min=0.0):\n"
                          '    """Linear warm-up from 0 over warmup_steps, then cosine from lr_max down to lr_min at total_steps.  -> float."""\n'
                          "    if step < warmup_steps:\n"
                          "        return float(lr_max * step / warmup_steps)\n"
                          "    if step > total_steps:\n"
                          "        return float(lr_min)\n"
                          "    p = (step - warmup_steps) / (total_steps - warmup_steps)\n"
                          "    return float(lr_min + (lr_max - lr_min) * (1 + math.cos(math.pi * p)) / 2)\n")),
    # written without reading the tests: progress clipped to [0, 1] with numpy, no separate after-T branch
    ('warmup_cosine_lr', ("import numpy as np\n"
                          "\n"
                          "\n"
                          "def warmup_cosine_lr(step, lr_max, warmup_steps, total_steps, lr_min=0.0):\n"
                          '    """Linear warm-up from 0 over warmup_steps, then cosine from lr_max down to lr_min at total_steps.  -> float."""\n'
                          "    s = int(step)\n"
                          "    if warmup_steps > 0 and s < warmup_steps:\n"
                          "        return float(lr_max) * s / warmup_steps\n"
                          "    progress = np.clip((s - warmup_steps) / (total_steps - warmup_steps), 0.0, 1.0)\n"
                          "    return float(lr_min + 0.5 * (lr_max - lr_min) * (1.0 + np.cos(np.pi * progress)))\n")),
    # written without reading the tests: cosine written as lr_max - (lr_max - lr_min) sin^2(pi p / 2), min() for the tail
    ('warmup_cosine_lr', ("import math\n"
                          "\n"
                          "\n"
                          "def warmup_cosine_lr(step, lr_max, warmup_steps, total_steps, lr_min=0.0):\n"
                          '    """Linear warm-up from 0 over warmup_steps, then cosine from lr_max down to lr_min at total_steps.  -> float."""\n'
                          "    step = int(step)\n"
                          "    if step < warmup_steps:\n"
                          "        return lr_max * (step / warmup_steps)\n"
                          "    p = min(step - warmup_steps, total_steps - warmup_steps) / (total_steps - warmup_steps)\n"
                          "    return float(lr_max - (lr_max - lr_min) * math.sin(math.pi * p / 2) ** 2)\n")),
    # written without reading the tests
    ('warmup_cosine_lr', Mistake('warm-up starts at lr_min instead of 0',
                 source=("import math\n"
                         "\n"
                         "\n"
                         "def warmup_cosine_lr(step, lr_max, warmup_steps, total_steps, lr_min=0.0):\n"
                         '    """Linear warm-up from 0 over warmup_steps, then cosine from lr_max down to lr_min at total_steps.  -> float."""\n'
                         "    if step < warmup_steps:\n"
                         "        return lr_min + (lr_max - lr_min) * step / warmup_steps\n"
                         "    if step > total_steps:\n"
                         "        return lr_min\n"
                         "    p = (step - warmup_steps) / (total_steps - warmup_steps)\n"
                         "    return lr_min + (lr_max - lr_min) * (1 + math.cos(math.pi * p)) / 2\n"),
                 hint='the warm-up starts at 0, not at lr_min: lr_max * step / warm')),
    # written without reading the tests
    ('warmup_cosine_lr', Mistake('cosine progress measured from step 0 (p = step / total_steps)',
                 source=("import math\n"
                         "\n"
                         "\n"
                         "def warmup_cosine_lr(step, lr_max, warmup_steps, total_steps, lr_min=0.0):\n"
                         '    """Linear warm-up from 0 over warmup_steps, then cosine from lr_max down to lr_min at total_steps.  -> float."""\n'
                         "    if step < warmup_steps:\n"
                         "        return lr_max * step / warmup_steps\n"
                         "    if step > total_steps:\n"
                         "        return lr_min\n"
                         "    return lr_min + (lr_max - lr_min) * (1 + math.cos(math.pi * step / total_steps)) / 2\n"),
                 hint="the cosine's progress runs from warm-up to the end: (step -")),
    # written without reading the tests
    ('warmup_cosine_lr', Mistake('warm-up off by one: (step + 1) / warmup_steps',
                 source=("import math\n"
                         "\n"
                         "\n"
                         "def warmup_cosine_lr(step, lr_max, warmup_steps, total_steps, lr_min=0.0):\n"
                         '    """Linear warm-up from 0 over warmup_steps, then cosine from lr_max down to lr_min at total_steps.  -> float."""\n'
                         "    if step < warmup_steps:\n"
                         "        return lr_max * (step + 1) / warmup_steps\n"
                         "    if step > total_steps:\n"
                         "        return lr_min\n"
                         "    p = (step - warmup_steps) / (total_steps - warmup_steps)\n"
                         "    return lr_min + (lr_max - lr_min) * (1 + math.cos(math.pi * p)) / 2\n"),
                 hint='the warm-up is one step ahead: at step s it is lr_max * s /')),
    # written without reading the tests
    ('warmup_cosine_lr', Mistake('no clamp after total_steps: the cosine climbs back up',
                 source=("import math\n"
                         "\n"
                         "\n"
                         "def warmup_cosine_lr(step, lr_max, warmup_steps, total_steps, lr_min=0.0):\n"
                         '    """Linear warm-up from 0 over warmup_steps, then cosine from lr_max down to lr_min at total_steps.  -> float."""\n'
                         "    if step < warmup_steps:\n"
                         "        return lr_max * step / warmup_steps\n"
                         "    p = (step - warmup_steps) / (total_steps - warmup_steps)\n"
                         "    return lr_min + (lr_max - lr_min) * (1 + math.cos(math.pi * p)) / 2\n"),
                 hint='after total_steps the rate stays at lr_min (clip the progres')),
    # written without reading the tests: calls the student's update functions, state dict per parameter
    ('compare_optimizers', ("import numpy as np\n"
                            "from nnlib.layers import MLP\n"
                            "from nnlib.losses import softmax_cross_entropy\n"
                            "\n"
                            "\n"
                            "def compare_optimizers(configs, X, y, sizes, n_steps, seed=0):\n"
                            '    """Full-batch training of MLP(sizes, rng=seed) with each configuration.  -> {label: losses (n_steps,)}."""\n'
                            "    results = {}\n"
                            "    for label, (optimizer, hyper) in configs.items():\n"
                            "        model = MLP(sizes, rng=seed)\n"
                            "        state = {}\n"
                            "        for name, p in model.params.items():\n"
                            '            if optimizer == "adam":\n'
                            "                state[name] = (np.zeros_like(p), np.zeros_like(p))\n"
                            "            else:\n"
                            "                state[name] = np.zeros_like(p)\n"
                            "        losses = []\n"
                            "        for t in range(1, n_steps + 1):\n"
                            "            loss, dlogits = softmax_cross_entropy(model.forward(X), y)\n"
                            "            losses.append(loss)\n"
                            "            model.backward(dlogits)\n"
                            "            for name in model.params:\n"
                            "                p, g = model.params[name], model.grads[name]\n"
                            '                if optimizer == "sgd":\n'
                            '                    model.params[name] = p - hyper["lr"] * g\n'
                            '                elif optimizer == "momentum":\n'
                            "                    model.params[name], state[name] = momentum_step(p, g, state[name], **hyper)\n"
                            '                elif optimizer == "rmsprop":\n'
                            "                    model.params[name], state[name] = rmsprop_step(p, g, state[name], **hyper)\n"
                            '                elif optimizer == "adam":\n'
                            "                    m, v = state[name]\n"
                            "                    new_p, m, v = adam_step(p, g, m, v, t, **hyper)\n"
                            "                    model.params[name] = new_p\n"
                            "                    state[name] = (m, v)\n"
                            "                else:\n"
                            '                    raise ValueError(f"unknown optimizer {optimizer!r}")\n'
                            "        results[label] = np.array(losses)\n"
                            "    return results\n")),
    # written without reading the tests: self-contained: its own update helpers, one state list per parameter
    ('compare_optimizers', ("import numpy as np\n"
                            "from nnlib.layers import MLP\n"
                            "from nnlib.losses import softmax_cross_entropy\n"
                            "\n"
                            "\n"
                            "def _update(kind, p, g, state, t, hyper):\n"
                            '    lr = hyper["lr"]\n'
                            '    if kind == "sgd":\n'
                            "        return p - lr * g, state\n"
                            '    if kind == "momentum":\n'
                            '        mu, nesterov = hyper.get("momentum", 0.9), hyper.get("nesterov", False)\n'
                            "        v = mu * state[0] + g\n"
                            "        return p - lr * ((g + mu * v) if nesterov else v), [v]\n"
                            '    if kind == "rmsprop":\n'
                            '        alpha, eps = hyper.get("alpha", 0.99), hyper.get("eps", 1e-8)\n'
                            "        s = alpha * state[0] + (1 - alpha) * g * g\n"
                            "        return p - lr * g / (np.sqrt(s) + eps), [s]\n"
                            '    if kind == "adam":\n'
                            '        (b1, b2), eps = hyper.get("betas", (0.9, 0.999)), hyper.get("eps", 1e-8)\n'
                            "        m = b1 * state[0] + (1 - b1) * g\n"
                            "        v = b2 * state[1] + (1 - b2) * g * g\n"
                            "        m_hat, v_hat = m / (1 - b1 ** t), v / (1 - b2 ** t)\n"
                            "        return p - lr * m_hat / (np.sqrt(v_hat) + eps), [m, v]\n"
                            "    raise ValueError(kind)\n"
                            "\n"
                            "\n"
                            "def compare_optimizers(configs, X, y, sizes, n_steps, seed=0):\n"
                            '    """Full-batch training of MLP(sizes, rng=seed) with each configuration.  -> {label: losses (n_steps,)}."""\n'
                            "    out = {}\n"
                            "    for label, (kind, hyper) in configs.items():\n"
                            "        model = MLP(sizes, rng=seed)\n"
                            "        states = {name: [np.zeros_like(p), np.zeros_like(p)] for name, p in model.params.items()}\n"
                            "        losses = np.zeros(n_steps)\n"
                            "        for t in range(1, n_steps + 1):\n"
                            "            logits = model.forward(X)\n"
                            "            loss, dlogits = softmax_cross_entropy(logits, y)\n"
                            "            losses[t - 1] = loss\n"
                            "            model.backward(dlogits)\n"
                            "            for name in list(model.params):\n"
                            "                model.params[name], states[name] = _update(kind, model.params[name], model.grads[name],\n"
                            "                                                           states[name], t, hyper)\n"
                            "    \n"
                            "        out[label] = losses\n"
                            "    return out\n")),
    # written without reading the tests: dispatch table of the student's functions, tqdm over the configurations
    ('compare_optimizers', ("import numpy as np\n"
                            "from tqdm.auto import tqdm\n"
                            "from nnlib.layers import MLP\n"
                            "from nnlib.losses import softmax_cross_entropy\n"
                            "\n"
                            "\n"
                            "def compare_optimizers(configs, X, y, sizes, n_steps, seed=0):\n"
                            '    """Full-batch training of MLP(sizes, rng=seed) with each configuration.  -> {label: losses (n_steps,)}."""\n'
                            '    n_state = {"sgd": 0, "momentum": 1, "rmsprop": 1, "adam": 2}\n'
                            "    history = {}\n"
                            '    for label, (opt, hyper) in tqdm(list(configs.items()), desc="race", leave=False):\n'
                            "        net = MLP(sizes, rng=seed)\n"
                            "        state = {k: [np.zeros_like(w) for _ in range(n_state[opt])] for k, w in net.params.items()}\n"
                            "        curve = []\n"
                            "        step = 0\n"
                            "        while step < n_steps:\n"
                            "            step += 1\n"
                            "            loss, dlogits = softmax_cross_entropy(net.forward(X), y)\n"
                            "            curve.append(float(loss))\n"
                            "            net.backward(dlogits)\n"
                            "            for k in net.params:\n"
                            "                w, g = net.params[k], net.grads[k]\n"
                            '                if opt == "sgd":\n'
                            '                    net.params[k] = w - hyper["lr"] * g\n'
                            '                elif opt == "momentum":\n'
                            "                    net.params[k], state[k][0] = momentum_step(w, g, state[k][0], **hyper)\n"
                            '                elif opt == "rmsprop":\n'
                            "                    net.params[k], state[k][0] = rmsprop_step(w, g, state[k][0], **hyper)\n"
                            "                else:\n"
                            "                    net.params[k], state[k][0], state[k][1] = adam_step(w, g, state[k][0], state[k][1], step, **hyper)\n"
                            "        history[label] = np.asarray(curve)\n"
                            "    return history\n")),
    # written without reading the tests
    ('compare_optimizers', Mistake("builds the network once: later entries start from the previous entry's trained weights",
                 source=("import numpy as np\n"
                         "from nnlib.layers import MLP\n"
                         "from nnlib.losses import softmax_cross_entropy\n"
                         "\n"
                         "\n"
                         "def compare_optimizers(configs, X, y, sizes, n_steps, seed=0):\n"
                         '    """Full-batch training of MLP(sizes, rng=seed) with each configuration.  -> {label: losses (n_steps,)}."""\n'
                         "    model = MLP(sizes, rng=seed)\n"
                         "    results = {}\n"
                         "    for label, (optimizer, hyper) in configs.items():\n"
                         "        state = {name: (np.zeros_like(p), np.zeros_like(p)) for name, p in model.params.items()}\n"
                         "        losses = []\n"
                         "        for t in range(1, n_steps + 1):\n"
                         "            loss, dlogits = softmax_cross_entropy(model.forward(X), y)\n"
                         "            losses.append(loss)\n"
                         "            model.backward(dlogits)\n"
                         "            for name in model.params:\n"
                         "                p, g = model.params[name], model.grads[name]\n"
                         '                if optimizer == "sgd":\n'
                         '                    model.params[name] = p - hyper["lr"] * g\n'
                         '                elif optimizer == "momentum":\n'
                         "                    new_p, v = momentum_step(p, g, state[name][0], **hyper)\n"
                         "                    model.params[name], state[name] = new_p, (v, None)\n"
                         '                elif optimizer == "rmsprop":\n'
                         "                    new_p, s = rmsprop_step(p, g, state[name][0], **hyper)\n"
                         "                    model.params[name], state[name] = new_p, (s, None)\n"
                         "                else:\n"
                         "                    new_p, m, v = adam_step(p, g, state[name][0], state[name][1], t, **hyper)\n"
                         "                    model.params[name], state[name] = new_p, (m, v)\n"
                         "        results[label] = np.array(losses)\n"
                         "    return results\n"),
                 hint='the runner did not start from the same initial weights')),
    # written without reading the tests
    ('compare_optimizers', Mistake('optimizer state created once and shared across the entries',
                 source=("import numpy as np\n"
                         "from nnlib.layers import MLP\n"
                         "from nnlib.losses import softmax_cross_entropy\n"
                         "\n"
                         "\n"
                         "def compare_optimizers(configs, X, y, sizes, n_steps, seed=0):\n"
                         '    """Full-batch training of MLP(sizes, rng=seed) with each configuration.  -> {label: losses (n_steps,)}."""\n'
                         "    template = MLP(sizes, rng=seed)\n"
                         "    state = {name: [np.zeros_like(p), np.zeros_like(p)] for name, p in template.params.items()}\n"
                         "    results = {}\n"
                         "    for label, (optimizer, hyper) in configs.items():\n"
                         "        model = MLP(sizes, rng=seed)\n"
                         "        losses = []\n"
                         "        for t in range(1, n_steps + 1):\n"
                         "            loss, dlogits = softmax_cross_entropy(model.forward(X), y)\n"
                         "            losses.append(loss)\n"
                         "            model.backward(dlogits)\n"
                         "            for name in model.params:\n"
                         "                p, g = model.params[name], model.grads[name]\n"
                         '                if optimizer == "sgd":\n'
                         '                    model.params[name] = p - hyper["lr"] * g\n'
                         '                elif optimizer == "momentum":\n'
                         "                    model.params[name], state[name][0] = momentum_step(p, g, state[name][0], **hyper)\n"
                         '                elif optimizer == "rmsprop":\n'
                         "                    model.params[name], state[name][0] = rmsprop_step(p, g, state[name][0], **hyper)\n"
                         "                else:\n"
                         "                    model.params[name], state[name][0], state[name][1] = adam_step(\n"
                         "                        p, g, state[name][0], state[name][1], t, **hyper)\n"
                         "        results[label] = np.array(losses)\n"
                         "    return results\n"),
                 hint='for each configuration: a fresh MLP(sizes, rng=seed) and fre')),
    # written without reading the tests
    ('compare_optimizers', Mistake("Adam's step counter starts at 0 (range(n_steps))",
                 source=("import numpy as np\n"
                         "from nnlib.layers import MLP\n"
                         "from nnlib.losses import softmax_cross_entropy\n"
                         "\n"
                         "\n"
                         "def compare_optimizers(configs, X, y, sizes, n_steps, seed=0):\n"
                         '    """Full-batch training of MLP(sizes, rng=seed) with each configuration.  -> {label: losses (n_steps,)}."""\n'
                         "    results = {}\n"
                         "    for label, (optimizer, hyper) in configs.items():\n"
                         "        model = MLP(sizes, rng=seed)\n"
                         "        state = {name: [np.zeros_like(p), np.zeros_like(p)] for name, p in model.params.items()}\n"
                         "        losses = []\n"
                         "        for t in range(n_steps):\n"
                         "            loss, dlogits = softmax_cross_entropy(model.forward(X), y)\n"
                         "            losses.append(loss)\n"
                         "            model.backward(dlogits)\n"
                         "            for name in model.params:\n"
                         "                p, g = model.params[name], model.grads[name]\n"
                         '                if optimizer == "sgd":\n'
                         '                    model.params[name] = p - hyper["lr"] * g\n'
                         '                elif optimizer == "momentum":\n'
                         "                    model.params[name], state[name][0] = momentum_step(p, g, state[name][0], **hyper)\n"
                         '                elif optimizer == "rmsprop":\n'
                         "                    model.params[name], state[name][0] = rmsprop_step(p, g, state[name][0], **hyper)\n"
                         "                else:\n"
                         "                    model.params[name], state[name][0], state[name][1] = adam_step(\n"
                         "                        p, g, state[name][0], state[name][1], t, **hyper)\n"
                         "        results[label] = np.array(losses)\n"
                         "    return results\n"),
                 hint="count Adam's steps from t = 1: with t = 0 the bias correctio")),
    # written without reading the tests
    ('compare_optimizers', Mistake('records the loss after the step instead of before',
                 source=("import numpy as np\n"
                         "from nnlib.layers import MLP\n"
                         "from nnlib.losses import softmax_cross_entropy\n"
                         "\n"
                         "\n"
                         "def compare_optimizers(configs, X, y, sizes, n_steps, seed=0):\n"
                         '    """Full-batch training of MLP(sizes, rng=seed) with each configuration.  -> {label: losses (n_steps,)}."""\n'
                         "    results = {}\n"
                         "    for label, (optimizer, hyper) in configs.items():\n"
                         "        model = MLP(sizes, rng=seed)\n"
                         "        state = {name: [np.zeros_like(p), np.zeros_like(p)] for name, p in model.params.items()}\n"
                         "        losses = []\n"
                         "        for t in range(1, n_steps + 1):\n"
                         "            _, dlogits = softmax_cross_entropy(model.forward(X), y)\n"
                         "            model.backward(dlogits)\n"
                         "            for name in model.params:\n"
                         "                p, g = model.params[name], model.grads[name]\n"
                         '                if optimizer == "sgd":\n'
                         '                    model.params[name] = p - hyper["lr"] * g\n'
                         '                elif optimizer == "momentum":\n'
                         "                    model.params[name], state[name][0] = momentum_step(p, g, state[name][0], **hyper)\n"
                         '                elif optimizer == "rmsprop":\n'
                         "                    model.params[name], state[name][0] = rmsprop_step(p, g, state[name][0], **hyper)\n"
                         "                else:\n"
                         "                    model.params[name], state[name][0], state[name][1] = adam_step(\n"
                         "                        p, g, state[name][0], state[name][1], t, **hyper)\n"
                         "            loss, _ = softmax_cross_entropy(model.forward(X), y)\n"
                         "            losses.append(loss)\n"
                         "        results[label] = np.array(losses)\n"
                         "    return results\n"),
                 hint='record the loss before each step (the loss of the forward pa')),
    # written without reading the tests: closed form: sqrt(mu) when complex, (|b| + sqrt(disc)) / 2 when real
    ('momentum_rate', ("import numpy as np\n"
                       "\n"
                       "\n"
                       "def momentum_rate(lr, curvature, momentum):\n"
                       '    """The larger |r| of r² − (1 + μ − ηλ) r + μ = 0: heavy ball\'s factor per step on curvature λ.  -> like curvature."""\n'
                       "    lam = np.asarray(curvature, dtype=np.float64)\n"
                       "    b = 1 + momentum - lr * lam\n"
                       "    disc = b * b - 4 * momentum\n"
                       "    real_rate = (np.abs(b) + np.sqrt(np.maximum(disc, 0.0))) / 2\n"
                       "    rate = np.where(disc < 0, np.sqrt(momentum), real_rate)\n"
                       "    if np.ndim(curvature) == 0:\n"
                       "        return float(rate)\n"
                       "    return rate\n")),
    # written without reading the tests: complex square root (complex128 np.sqrt), modulus of both roots
    ('momentum_rate', ("import numpy as np\n"
                       "\n"
                       "\n"
                       "def momentum_rate(lr, curvature, momentum):\n"
                       '    """The larger |r| of r² − (1 + μ − ηλ) r + μ = 0: heavy ball\'s factor per step on curvature λ.  -> like curvature."""\n'
                       "    lam = np.asarray(curvature, dtype=np.float64)\n"
                       "    b = (1 + momentum - lr * lam).astype(np.complex128)\n"
                       "    root = np.sqrt(b * b - 4 * momentum)                 # complex sqrt: no nan, no warning\n"
                       "    r1, r2 = (b + root) / 2, (b - root) / 2\n"
                       "    rate = np.maximum(np.abs(r1), np.abs(r2))\n"
                       "    return float(rate) if rate.ndim == 0 else rate\n")),
    # written without reading the tests: np.roots of the polynomial, curvature by curvature
    ('momentum_rate', ("import numpy as np\n"
                       "\n"
                       "\n"
                       "def momentum_rate(lr, curvature, momentum):\n"
                       '    """The larger |r| of r² − (1 + μ − ηλ) r + μ = 0: heavy ball\'s factor per step on curvature λ.  -> like curvature."""\n'
                       "    lam = np.asarray(curvature, dtype=np.float64)\n"
                       "    out = np.empty(lam.shape)\n"
                       "    for index in np.ndindex(lam.shape):\n"
                       "        coefficients = [1.0, -(1.0 + momentum - lr * lam[index]), momentum]\n"
                       "        out[index] = np.max(np.abs(np.roots(coefficients)))\n"
                       "    if lam.ndim == 0:\n"
                       "        return float(out[()])\n"
                       "    return out\n")),
    # written without reading the tests
    ('momentum_rate', Mistake('under-damped case taken as |b| / 2 (the real part) instead of sqrt(mu)',
                 source=("import numpy as np\n"
                         "\n"
                         "\n"
                         "def momentum_rate(lr, curvature, momentum):\n"
                         '    """The larger |r| of r² − (1 + μ − ηλ) r + μ = 0: heavy ball\'s factor per step on curvature λ.  -> like curvature."""\n'
                         "    lam = np.asarray(curvature, dtype=float)\n"
                         "    b = 1 + momentum - lr * lam\n"
                         "    disc = np.maximum(b ** 2 - 4 * momentum, 0.0)\n"
                         "    rate = (np.abs(b) + np.sqrt(disc)) / 2\n"
                         "    return float(rate) if rate.ndim == 0 else rate\n"),
                 hint='the real part of a complex root is not its size: |r| = sqrt(')),
    # written without reading the tests
    ('momentum_rate', Mistake('takes the larger root, not the larger modulus (negative roots)',
                 source=("import numpy as np\n"
                         "\n"
                         "\n"
                         "def momentum_rate(lr, curvature, momentum):\n"
                         '    """The larger |r| of r² − (1 + μ − ηλ) r + μ = 0: heavy ball\'s factor per step on curvature λ.  -> like curvature."""\n'
                         "    lam = np.asarray(curvature, dtype=float)\n"
                         "    b = 1 + momentum - lr * lam\n"
                         "    disc = b ** 2 - 4 * momentum\n"
                         "    r_big = (b + np.sqrt(np.maximum(disc, 0.0))) / 2\n"
                         "    rate = np.where(disc < 0, np.sqrt(momentum), r_big)\n"
                         "    return float(rate) if rate.ndim == 0 else rate\n"),
                 hint='the real part of a complex root is not its size: |r| = sqrt(')),
    # written without reading the tests
    ('momentum_rate', Mistake('real np.sqrt of a negative discriminant: nan and a warning for complex roots',
                 source=("import numpy as np\n"
                         "\n"
                         "\n"
                         "def momentum_rate(lr, curvature, momentum):\n"
                         '    """The larger |r| of r² − (1 + μ − ηλ) r + μ = 0: heavy ball\'s factor per step on curvature λ.  -> like curvature."""\n'
                         "    b = 1 + momentum - lr * np.asarray(curvature, dtype=float)\n"
                         "    sq = np.sqrt(b ** 2 - 4 * momentum)\n"
                         "    rate = np.maximum(np.abs((b + sq) / 2), np.abs((b - sq) / 2))\n"
                         "    return float(rate) if np.ndim(rate) == 0 else rate\n"),
                 hint='the discriminant (1 + μ − ηλ)² − 4μ can be negative: then th')),
    # written without reading the tests
    ('momentum_rate', Mistake('arrays handled with a flat list comprehension: shape lost for 2-D input',
                 source=("import cmath\n"
                         "\n"
                         "import numpy as np\n"
                         "\n"
                         "\n"
                         "def momentum_rate(lr, curvature, momentum):\n"
                         '    """The larger |r| of r² − (1 + μ − ηλ) r + μ = 0: heavy ball\'s factor per step on curvature λ.  -> like curvature."""\n'
                         "    def one(lam):\n"
                         "        b = 1 + momentum - lr * lam\n"
                         "        root = cmath.sqrt(b * b - 4 * momentum)\n"
                         "        return max(abs((b + root) / 2), abs((b - root) / 2))\n"
                         "    if np.ndim(curvature) == 0:\n"
                         "        return one(float(curvature))\n"
                         "    return np.array([one(float(lam)) for lam in np.ravel(curvature)])\n"),
                 hint='one rate per curvature: the shape of curvature (one number f')),
]
for _answer, _case in INDEPENDENT:
    _exercise = next(exercise for exercise in EXERCISES if exercise.answer == _answer)
    (_exercise.alternatives if isinstance(_case, str) else _exercise.mistakes).append(_case)
