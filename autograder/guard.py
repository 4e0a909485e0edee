"""nbgrader's Execute with the guards a class of real submissions needs.

- Every kernel starts under a memory cap (autograder.kernel), so a memory bomb ends as a MemoryError or a dead
  kernel, never as a machine that swaps.
- Every kernel runs in the sandbox (autograder.sandbox) when `sandbox_folder` is set and the sandbox works here:
  it can write only that folder and reach no network, so it talks to the grader over ZeroMQ's IPC transport
  (Unix sockets in a folder of its own) rather than TCP.
- A cell that kills the kernel (os._exit, a crash, the cap) or that is still running at the timeout stops the run
  and is recorded in LOST; the grader then runs the notebook again from the start with that cell skipped (`skip`),
  so that the cells after it are graded. Stock nbgrader fails the whole notebook instead.
- A skipped cell shows an error output that says why, so it scores 0 and the student's feedback explains it.
- The kernel's replies are polled in short slices (PatientChannel), so a missed wake-up costs half a second, not
  a cell timeout.

nbgrader's own Execute already fails a cell whose error was hidden from the notebook (a custom exception handler):
it compares the kernel's reply status with the outputs.
"""
import sys
import time
from pathlib import Path
from queue import Empty

from jupyter_client.asynchronous import AsyncKernelClient
from jupyter_client.channels import AsyncZMQSocketChannel
from jupyter_client.manager import AsyncKernelManager
from nbclient.exceptions import DeadKernelError
from nbformat.v4 import new_output
from nbgrader.preprocessors import Execute
from traitlets import DottedObjectName, Dict, Integer, Type, Unicode

from autograder import sandbox
from autograder.engine import DEFAULT_MEMORY_LIMIT

LOST = []
"""(cell index, what happened) of the cell that lost the kernel in the last run (one worker runs one at a time)."""


class KernelLost(Exception):
    """Stops a run whose kernel died or hung; the grader re-runs the notebook with the cell skipped."""


class PatientChannel(AsyncZMQSocketChannel):
    """A kernel channel that looks for a message at least twice a second.

    Waiting for a kernel's reply in one long poll sometimes missed the wake-up: the reply sat in the socket until the
    cell's whole timeout (60 s) ran out, then counted as received. Seen on about one notebook in twenty when two
    workers grade at once; short polls pick the message up at the next slice."""

    SLICE = 0.5

    async def get_msg(self, timeout=None):
        deadline = None if timeout is None else time.monotonic() + timeout
        while True:
            left = self.SLICE if deadline is None else max(0.0, min(self.SLICE, deadline - time.monotonic()))
            try:
                return await super().get_msg(timeout=left)
            except Empty:
                if deadline is not None and time.monotonic() >= deadline:
                    raise


class GradingKernelClient(AsyncKernelClient):
    shell_channel_class = Type(PatientChannel)
    iopub_channel_class = Type(PatientChannel)
    control_channel_class = Type(PatientChannel)


class CappedKernelManager(AsyncKernelManager):
    client_class = DottedObjectName("autograder.guard.GradingKernelClient")
    client_factory = Type(GradingKernelClient)
    memory_limit = Integer(DEFAULT_MEMORY_LIMIT, help="bytes of address space a grading kernel may use; 0: no cap"
                           ).tag(config=True)

    sandbox_folder = Unicode("", help="scratch folder of the kernel's sandbox ('': no sandbox)").tag(config=True)

    def __init__(self, **kwargs):
        super().__init__(**kwargs)
        if self.sandboxed:
            # Connection file and sockets in a folder the kernel shares with the grader: no TCP port is needed.
            sockets = Path(self.sandbox_folder) / "sockets"
            sockets.mkdir(parents=True, exist_ok=True)
            self.transport = "ipc"
            self.connection_file = str(sockets / "kernel.json")
            self.ip = str(sockets / "kernel")

    @property
    def sandboxed(self):
        return bool(self.sandbox_folder) and sandbox.status()[0]

    @property
    def kernel_spec(self):
        # A signal would reach the sandbox's launcher, not the kernel (its own session, PID namespace): interrupt a
        # sandboxed kernel by a message instead, which ipykernel turns into SIGINT for itself.
        spec = super().kernel_spec
        if spec is not None and self.sandboxed:
            spec.interrupt_mode = "message"
        return spec

    def format_kernel_cmd(self, extra_arguments=None):
        command = super().format_kernel_cmd(extra_arguments)
        if self.sandboxed:
            folder = Path(self.sandbox_folder)
            home = folder / "home"
            home.mkdir(parents=True, exist_ok=True)
            command = [*sandbox.command([folder / "sockets", home], home), *command]
        return [sys.executable, "-m", "autograder.kernel", str(self.memory_limit), *command]


class GuardedExecute(Execute):
    skip = Dict({}, help="{cell index (str): why the cell is not run}").tag(config=True)

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("kernel_manager_class", CappedKernelManager)
        super().__init__(*args, **kwargs)

    async def _async_check_alive(self):
        # nbclient asks the kernel's heartbeat every second, which kept answering for a whole cell timeout after
        # os._exit here; the kernel process itself tells at once (pinned nbclient; its private hook).
        if not await self.km.is_alive():
            raise DeadKernelError("Kernel died")
        await super()._async_check_alive()

    def preprocess_cell(self, cell, resources, index):
        if cell.cell_type == "code" and str(index) in self.skip:
            reason = self.skip[str(index)]
            cell.outputs = [new_output("error", ename="SkippedByGrader", evalue=reason,
                                       traceback=[f"SkippedByGrader: this cell {reason}, so the grader skipped it"])]
            return cell, resources
        try:
            cell, resources = super().preprocess_cell(cell, resources, index)
        except DeadKernelError:
            LOST.append((index, "stopped the kernel (os._exit, a crash, or more memory than the grader allows)"))
            raise KernelLost(LOST[-1][1]) from None
        if any(o.get("output_type") == "error" and o.get("ename") == "CellTimeoutError" for o in cell.get("outputs", [])):
            LOST.append((index, f"was still running after {self.timeout} s (an endless loop?)"))
            raise KernelLost(LOST[-1][1])
        return cell, resources
