"""Start a grading kernel under a memory cap:  python -m autograder.kernel BYTES COMMAND...

The cap (RLIMIT_AS, inherited through exec) turns a memory bomb into a MemoryError or a dead kernel, which the
grader reports, instead of a machine that swaps. COMMAND is the kernel's, or the sandbox's (autograder.sandbox)
followed by the kernel's: the cap then holds inside the sandbox too. BLAS and OpenMP get one thread each: the
grader runs one kernel per worker, and on a machine with many cores their per-thread buffers would otherwise eat
the cap.
"""
import os
import resource
import sys

SINGLE_THREADED = {name: "1" for name in ("OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS", "MKL_NUM_THREADS")}


def main(argv):
    limit, command = int(argv[0]), argv[1:]
    if limit > 0:
        resource.setrlimit(resource.RLIMIT_AS, (limit, limit))
    os.environ.update(SINGLE_THREADED)
    # The kernel's own log lines (not the cells' output, which travels over ZeroMQ) would clutter the grader's.
    devnull = os.open(os.devnull, os.O_WRONLY)
    os.dup2(devnull, 2)
    os.execv(command[0], command)


if __name__ == "__main__":
    main(sys.argv[1:])
