"""Training-step time of the course library's MLP against PyTorch (CPU) and a hand-fused numpy step.

One step = forward, softmax cross-entropy, backward, SGD update, for a 1-hidden-layer ReLU MLP with
10 classes, in float32, with the same thread count for numpy's BLAS and for PyTorch (one thread, then
every core). The three implementations are timed interleaved (round-robin, in a shuffled order each
round) in one process so that machine noise hits all of them alike; the figure is the median over rounds.

    python bench/bench_mlp.py [--rounds R]
"""
import argparse
import os
import sys

parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
parser.add_argument("--rounds", type=int, default=15, help="interleaved timing rounds per size")
args = parser.parse_args()

import time  # noqa: E402

import numpy as np  # noqa: E402
import torch  # noqa: E402
from threadpoolctl import threadpool_info, threadpool_limits  # noqa: E402

from nnlib.layers import MLP  # noqa: E402
from nnlib.losses import softmax_cross_entropy  # noqa: E402
from nnlib.optim import SGD  # noqa: E402

THREADS = sorted({1, os.cpu_count()})
SIZES = [(64, 128, 128), (784, 256, 128), (784, 1024, 512)]  # (inputs, hidden, batch)
N_CLASSES = 10
LR = 0.05
DTYPE = np.float32


class LibStep:
    name = "nnlib"

    def __init__(self, weights, X, y):
        self.model = MLP([X.shape[1], weights["W1"].shape[1], N_CLASSES], activation="relu", dtype=DTYPE)
        for key, value in weights.items():
            self.model.params[key][...] = value
        self.optimizer = SGD(self.model.params, lr=LR)
        self.X, self.y = X, y

    def __call__(self):
        logits = self.model.forward(self.X)
        loss, dlogits = softmax_cross_entropy(logits, self.y)
        self.model.backward(dlogits)
        self.optimizer.step(self.model.grads)
        return loss


class FusedStep:
    """The practical limit in numpy: every buffer preallocated, every operation in place."""

    name = "fused numpy"

    def __init__(self, weights, X, y):
        self.p = {key: value.copy() for key, value in weights.items()}
        N, D = X.shape
        H = weights["W1"].shape[1]
        self.X, self.y, self.rows = X, y, np.arange(N)
        self.h = np.empty((N, H), DTYPE)
        self.logits = np.empty((N, N_CLASSES), DTYPE)
        self.dh = np.empty((N, H), DTYPE)
        self.dW1, self.dW2 = np.empty((D, H), DTYPE), np.empty((H, N_CLASSES), DTYPE)

    def __call__(self):
        p, X, h, z = self.p, self.X, self.h, self.logits
        np.matmul(X, p["W1"], out=h)
        h += p["b1"]
        np.maximum(h, 0, out=h)
        np.matmul(h, p["W2"], out=z)
        z += p["b2"]
        z -= z.max(axis=1, keepdims=True)
        np.exp(z, out=z)
        z /= z.sum(axis=1, keepdims=True)
        loss = -np.log(z[self.rows, self.y]).mean()
        z[self.rows, self.y] -= 1
        z /= len(X)
        np.matmul(h.T, z, out=self.dW2)
        db2 = z.sum(axis=0)
        np.matmul(z, p["W2"].T, out=self.dh)
        self.dh *= h > 0
        np.matmul(X.T, self.dh, out=self.dW1)
        db1 = self.dh.sum(axis=0)
        for key, grad in (("W1", self.dW1), ("b1", db1), ("W2", self.dW2), ("b2", db2)):
            grad *= LR
            p[key] -= grad
        return loss


class TorchStep:
    name = "pytorch"

    def __init__(self, weights, X, y):
        D, H = weights["W1"].shape
        self.model = torch.nn.Sequential(torch.nn.Linear(D, H), torch.nn.ReLU(), torch.nn.Linear(H, N_CLASSES))
        with torch.no_grad():  # torch stores W as (out, in)
            self.model[0].weight.copy_(torch.from_numpy(weights["W1"].T.copy()))
            self.model[0].bias.copy_(torch.from_numpy(weights["b1"]))
            self.model[2].weight.copy_(torch.from_numpy(weights["W2"].T.copy()))
            self.model[2].bias.copy_(torch.from_numpy(weights["b2"]))
        self.optimizer = torch.optim.SGD(self.model.parameters(), lr=LR)
        self.X, self.y = torch.from_numpy(X), torch.from_numpy(y.astype(np.int64))

    def __call__(self):
        self.optimizer.zero_grad(set_to_none=True)
        loss = torch.nn.functional.cross_entropy(self.model(self.X), self.y)
        loss.backward()
        self.optimizer.step()
        return loss.item()


def time_steps(step, n_steps):
    start = time.perf_counter()
    for _ in range(n_steps):
        step()
    return (time.perf_counter() - start) / n_steps


def bench_size(D, H, N, rng):
    X = rng.standard_normal((N, D)).astype(DTYPE)
    y = rng.integers(0, N_CLASSES, N)
    weights = {
        "W1": (rng.standard_normal((D, H)) * np.sqrt(2 / D)).astype(DTYPE), "b1": np.zeros(H, DTYPE),
        "W2": (rng.standard_normal((H, N_CLASSES)) * np.sqrt(2 / H)).astype(DTYPE), "b2": np.zeros(N_CLASSES, DTYPE),
    }
    steps = [LibStep(weights, X, y), FusedStep(weights, X, y), TorchStep(weights, X, y)]
    # The three must train the same network: compare the losses of the first five steps.
    losses = np.array([[step() for _ in range(5)] for step in steps])
    if not np.allclose(losses, losses[0], rtol=1e-3):
        sys.exit(f"the implementations disagree on size {(D, H, N)}: losses {losses}")
    flops = 6 * N * (D * H + H * N_CLASSES)  # forward 2, backward 4 multiply-adds per weight and sample
    n_steps = max(3, int(2e9 / flops))  # about a tenth of a second per timing
    times = {step.name: [] for step in steps}
    for _ in range(args.rounds):
        for index in rng.permutation(len(steps)):
            times[steps[index].name].append(time_steps(steps[index], n_steps))
    return {name: float(np.median(values)) for name, values in times.items()}


def blas_description():
    infos = [f"{i['internal_api']} {i.get('version')} ({i.get('architecture')} kernel)"
             for i in threadpool_info() if i["user_api"] == "blas"]
    return "; ".join(infos) or "unknown BLAS"


def main():
    rng = np.random.default_rng(0)
    print(f"MLP training step, float32; numpy {np.__version__} with {blas_description()}; torch {torch.__version__}; "
          f"median of {args.rounds} interleaved rounds")
    header = f"{'threads':>7} {'inputs':>6} {'hidden':>6} {'batch':>5} | {'nnlib':>9} {'fused':>9} {'pytorch':>9} | "
    print(header + f"{'nnlib/pytorch':>13} {'nnlib/fused':>11}")
    for threads in THREADS:
        torch.set_num_threads(threads)
        with threadpool_limits(limits=threads, user_api="blas"):
            for D, H, N in SIZES:
                t = bench_size(D, H, N, rng)
                ms = {name: 1e3 * value for name, value in t.items()}
                print(f"{threads:>7} {D:>6} {H:>6} {N:>5} | {ms['nnlib']:>7.3f}ms {ms['fused numpy']:>7.3f}ms "
                      f"{ms['pytorch']:>7.3f}ms | {t['nnlib'] / t['pytorch']:>13.2f} {t['nnlib'] / t['fused numpy']:>11.2f}")
    print("goal: nnlib/pytorch <= 1.00 and nnlib/fused <= 1.30 at every size")


if __name__ == "__main__":
    main()
