"""Real-browser machinery: a JupyterLab server on a temporary course copy, Debian's headless Chromium driven by
Playwright, and the steps a student takes in JupyterLab (open a lesson, Run All, move a widget, press Validate).

Shared by the browser tests and by `make screenshots`. Every wait is a wait for a condition, with generous
timeouts: the machine may be busy, and a kernel can take a minute to start.
"""
import contextlib
import json
import os
import re
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

from playwright.sync_api import TimeoutError as PlaywrightTimeout
from playwright.sync_api import expect, sync_playwright

from tests.notebooks.lessons import LESSONS, copy_course, load, release_path, source_of, source_path

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                  "--disable-background-networking", "--disable-component-update", "--disable-sync"]
VIEWPORT = {"width": 1280, "height": 1000}

# Milliseconds, for Playwright.
KERNEL_START = 90_000  # a kernel's start and import of numpy and matplotlib, on a busy machine
LAB_LOAD = 90_000      # JupyterLab's first page load (its JavaScript is large)
RUN_ALL = 120_000      # a whole lesson; each runs in well under 10 s alone, but the machine is shared
REDRAW = 60_000        # one widget update: a round trip to the kernel and a new frame
VALIDATE = 180_000     # nbgrader's validate re-runs the whole notebook in a fresh kernel
UI = 30_000            # anything else: a menu, a dialog

SERVER_START_SECONDS = 120

WIDGET_GRADE_ID = "explore"

RELEASED = [lesson for lesson in LESSONS if release_path(lesson).exists()]
"""The lessons in course/: a lesson being written has a source in solutions/ before its release is generated."""


def nbgrader_id(cell):
    return cell.get("metadata", {}).get("nbgrader", {}).get("grade_id")


def widget_cell_index(notebook_path):
    """Position of the widget cell (grade_id `explore`) among the notebook's cells: JupyterLab shows no grade_id."""
    cells = load(notebook_path)["cells"]
    positions = [i for i, cell in enumerate(cells) if nbgrader_id(cell) == WIDGET_GRADE_ID]
    assert positions, f"{notebook_path} has no cell with grade_id {WIDGET_GRADE_ID!r}"
    return positions[0]


def answer_source(source):
    """What a student who solved the exercise would have typed: the solution without nbgrader's region markers
    and without the grading rubric of a written question."""
    kept, in_rubric = [], False
    for line in source.splitlines(keepends=True):
        if "=== BEGIN MARK SCHEME ===" in line:
            in_rubric = True
        elif "=== END MARK SCHEME ===" in line:
            in_rubric = False
        elif not in_rubric and "### BEGIN SOLUTION" not in line and "### END SOLUTION" not in line:
            kept.append(line)
    return "".join(kept)


def solve_release(lesson, course_root):
    """Fill the answer cells of the lesson's release under course_root with the solutions' answers (matched by
    grade_id), as a student who solved everything would hand it in.  -> the notebook's path."""
    answers = {nbgrader_id(cell): source_of(cell) for cell in load(source_path(lesson))["cells"]
               if cell.get("metadata", {}).get("nbgrader", {}).get("solution")}
    path = release_path(lesson, course_root)
    notebook = load(path)
    filled = set()
    for cell in notebook["cells"]:
        grade_id = nbgrader_id(cell)
        if grade_id in answers:
            cell["source"] = answer_source(answers[grade_id])
            filled.add(grade_id)
    missing = set(answers) - filled
    assert not missing, f"the release of {lesson} has no answer cell for {sorted(missing)}"
    path.write_text(json.dumps(notebook, indent=1, ensure_ascii=False) + "\n")
    return path


UNTOUCHED_SUFFIX = ".untouched.ipynb"


def untouched_path(lesson, course_root):
    """Where the course copy keeps the release as handed out, beside the solved one."""
    return release_path(lesson, course_root).with_name(lesson + UNTOUCHED_SUFFIX)


def prepare_course(destination, lessons=RELEASED):
    """A course copy in which every release notebook is solved, the untouched release kept beside it."""
    course = copy_course(destination)
    for lesson in lessons:
        shutil.copy2(release_path(lesson, course), untouched_path(lesson, course))
        solve_release(lesson, course)
    return course


def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def write_json(path, data):
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(data))


class LabServer:
    """`jupyter lab` serving course_root on 127.0.0.1, with its own HOME and Jupyter folders under work_dir."""

    def __init__(self, course_root, work_dir):
        self.course_root = Path(course_root)
        self.work_dir = Path(work_dir)
        self.port = free_port()
        self.token = secrets.token_hex(16)
        self.url = f"http://127.0.0.1:{self.port}"
        self.log_path = self.work_dir / "lab.log"
        self.process = None

    def environment(self):
        env = dict(os.environ)
        for var, sub in [("HOME", "home"), ("JUPYTER_CONFIG_DIR", "config"), ("JUPYTER_RUNTIME_DIR", "runtime"),
                         ("JUPYTER_DATA_DIR", "data"), ("IPYTHONDIR", "ipython"), ("MPLCONFIGDIR", "mpl")]:
            env[var] = str(self.work_dir / sub)
            (self.work_dir / sub).mkdir(parents=True, exist_ok=True)
        env["PATH"] = str(Path(sys.executable).parent) + os.pathsep + env.get("PATH", "")
        return env

    def configure(self):
        config = self.work_dir / "config"
        exchange = self.work_dir / "exchange"
        exchange.mkdir(parents=True, exist_ok=True)
        # The formgrader shows an error page without a course root and a writable exchange.
        (config / "nbgrader_config.py").write_text(
            "c = get_config()  # noqa: F821\n"
            f"c.CourseDirectory.root = {str(self.course_root)!r}\n"
            f"c.Exchange.root = {str(exchange)!r}\n")

    def start(self):
        self.work_dir.mkdir(parents=True, exist_ok=True)
        env = self.environment()
        self.configure()
        command = [sys.executable, "-m", "jupyterlab", "--no-browser", "--ServerApp.ip=127.0.0.1",
                   f"--ServerApp.port={self.port}", "--ServerApp.port_retries=0",
                   f"--IdentityProvider.token={self.token}", f"--ServerApp.root_dir={self.course_root}"]
        if os.geteuid() == 0:
            command.append("--allow-root")
        self.log = open(self.log_path, "wb")
        # The course root is the working directory, as for `make lab`: nbgrader reads nbgrader_config.py there.
        self.process = subprocess.Popen(command, cwd=self.course_root, env=env, stdout=self.log,
                                        stderr=subprocess.STDOUT, start_new_session=True)
        deadline = time.monotonic() + SERVER_START_SECONDS
        while time.monotonic() < deadline and self.process.poll() is None:
            try:
                self.api("GET", "/api/status")
                return self
            except OSError:
                time.sleep(0.5)
        log = self.log_tail()
        self.stop()
        raise RuntimeError(f"JupyterLab did not answer within {SERVER_START_SECONDS} s:\n{log}")

    def api(self, method, path, timeout=30):
        request = urllib.request.Request(self.url + path, method=method,
                                         headers={"Authorization": f"token {self.token}"})
        with urllib.request.urlopen(request, timeout=timeout) as response:
            body = response.read()
        return json.loads(body) if body else None

    def shutdown_kernels(self):
        """Stop every kernel the browser started, so that the next lesson runs on an unloaded machine."""
        for session in self.api("GET", "/api/sessions"):
            self.api("DELETE", f"/api/sessions/{session['id']}")
        for kernel in self.api("GET", "/api/kernels"):
            self.api("DELETE", f"/api/kernels/{kernel['id']}")

    def log_tail(self, chars=3000):
        return self.log_path.read_text(errors="replace")[-chars:] if self.log_path.exists() else ""

    def stop(self):
        if self.process is None:
            return
        try:
            if self.process.poll() is None:
                with contextlib.suppress(OSError):
                    self.api("POST", "/api/shutdown")
                try:
                    self.process.wait(timeout=60)
                except subprocess.TimeoutExpired:  # a server too busy to shut down: ask, then insist
                    os.killpg(self.process.pid, signal.SIGTERM)
                    try:
                        self.process.wait(timeout=30)
                    except subprocess.TimeoutExpired:
                        os.killpg(self.process.pid, signal.SIGKILL)
                        self.process.wait(timeout=30)
        finally:
            self.log.close()
            self.process = None

    def __enter__(self):
        return self.start()

    def __exit__(self, *exc):
        self.stop()


@contextlib.contextmanager
def chromium(profile_dir):
    """Debian's Chromium, headless, with a throw-away profile.  -> a Playwright BrowserContext."""
    expect.set_options(timeout=UI)
    with sync_playwright() as playwright:
        context = playwright.chromium.launch_persistent_context(
            str(profile_dir), executable_path=str(CHROMIUM), headless=True, args=CHROMIUM_FLAGS,
            viewport=VIEWPORT, device_scale_factor=1)
        context.set_default_timeout(UI)
        try:
            yield context
        finally:
            context.close()


@contextlib.contextmanager
def screenshot_on_failure(page, path, note=""):
    """Save a screenshot of the page when the block fails, and name it in the error."""
    try:
        yield
    except Exception as error:
        try:
            page.screenshot(path=str(path))
            where = f"screenshot of the page: {path}"
        except Exception as shot_error:  # the page itself may be gone
            where = f"no screenshot ({shot_error.__class__.__name__}: {shot_error})"
        raise AssertionError(f"{error}\n{where}\n{note}".rstrip()) from error


NOTEBOOK = ".jp-NotebookPanel"  # each tab opens one notebook in a workspace of its own
PROMPT_RAN = r"\s*\[\d+\]:\s*"
# textContent, not innerText: cells out of view are not rendered (CSS content-visibility) and have no innerText.
ALL_RAN_JS = f"""() => {{
    const prompts = [...document.querySelectorAll("{NOTEBOOK} .jp-CodeCell .jp-InputPrompt")];
    return prompts.length > 0 && prompts.every(p => /^{PROMPT_RAN}$/.test(p.textContent));
}}"""


class Lab:
    """One browser tab on the server, with the steps of a student."""

    def __init__(self, context, server, workspace):
        self.page = context.new_page()
        self.server = server
        self.workspace = workspace

    def url(self, path=""):
        # A workspace of its own per tab, so that JupyterLab does not reopen what an earlier tab left open.
        return f"{self.server.url}/lab/workspaces/{self.workspace}{path}?token={self.server.token}"

    def open_lab(self):
        self.page.goto(self.url(), timeout=LAB_LOAD)
        expect(self.page.locator("#jp-main-dock-panel")).to_be_visible(timeout=LAB_LOAD)

    def open_notebook(self, path):
        """Open a notebook (path relative to the server root) and wait until its kernel is idle."""
        self.page.goto(self.url("/tree/" + path), timeout=LAB_LOAD)
        expect(self.page.locator(NOTEBOOK + " .jp-Cell").first).to_be_visible(timeout=LAB_LOAD)
        self.wait_kernel_idle()

    def wait_kernel_idle(self, timeout=KERNEL_START):
        """The status bar's kernel item reads "<kernel> | Idle" (the toolbar indicator says idle too early)."""
        status = self.page.locator("#jp-main-statusbar").get_by_text(re.compile(r"\|\s*Idle\s*$"))
        expect(status).to_be_visible(timeout=timeout)

    def run_command(self, menu, command):
        """Click a menu of the menu bar, then its item that runs the given JupyterLab command."""
        self.page.locator("#jp-menu-panel .lm-MenuBar-itemLabel", has_text=re.compile(f"^{menu}$")).click()
        self.page.locator(f'.lm-Menu-item[data-command="{command}"]').click()

    def run_all(self):
        self.run_command("Run", "runmenu:run-all")

    def wait_every_code_cell_ran(self, timeout=RUN_ALL):
        """Wait until every code cell shows an execution count; fail naming the cells that did not run and quoting
        the first error output (Run All stops at an exception)."""
        try:
            self.page.wait_for_function(ALL_RAN_JS, timeout=timeout)
        except PlaywrightTimeout:
            prompts = self.page.locator(NOTEBOOK + " .jp-CodeCell .jp-InputPrompt").all_text_contents()
            not_run = [(i, p.strip()) for i, p in enumerate(prompts) if not re.fullmatch(PROMPT_RAN, p)]
            errors = self.errors()
            first_error = "(no error output)"
            if errors.count():
                errors.first.scroll_into_view_if_needed()  # for the screenshot
                first_error = errors.first.text_content()[-1500:]
            raise AssertionError(f"Run All: after {timeout / 1000:.0f} s these code cells (position among code "
                                 f"cells, prompt) have not run: {not_run[:8]}; first error output:\n{first_error}"
                                 ) from None

    def errors(self):
        """Error outputs (tracebacks) and anything else written to stderr."""
        return self.page.locator(NOTEBOOK + ' .jp-OutputArea-output[data-mime-type="application/vnd.jupyter.stderr"]')

    def cell(self, index):
        return self.page.locator(NOTEBOOK + " .jp-Notebook .jp-Cell").nth(index)

    def run_cell(self, index):
        """Select the cell at index with a click on its prompt, then Run > Run Selected Cell."""
        self.cell(index).locator(".jp-InputPrompt").click()
        self.run_command("Run", "runmenu:run")

    def widget(self, cell_index, timeout=REDRAW):
        """The widget that the cell at cell_index shows, once its figures are drawn."""
        widget = Widget(self.page, self.cell(cell_index).locator(".jp-OutputArea-output > .jupyter-widgets").first)
        expect(widget.locator).to_be_visible(timeout=timeout)
        widget.locator.scroll_into_view_if_needed()
        try:
            self.page.wait_for_function(f"root => ({FIGURES_JS})(root) !== ''", arg=widget.locator.element_handle(),
                                        timeout=timeout)
        except PlaywrightTimeout:
            raise AssertionError(f"the widget of cell {cell_index} drew no figure within {timeout / 1000:.0f} s") \
                from None
        return widget

    def validate(self):
        """Press nbgrader's Validate button in the notebook toolbar.  -> the message of the results dialog."""
        self.page.locator(NOTEBOOK + " .jp-Toolbar").get_by_role("button", name="Validate").click()
        dialog = self.page.locator(".jp-Dialog")
        expect(dialog.get_by_text("Validation Results")).to_be_visible(timeout=VALIDATE)
        return dialog.locator("#validation-message")

    def open_formgrader(self):
        """Nbgrader > Formgrader, from the menu bar.  -> the formgrader's frame."""
        self.run_command("Nbgrader", "nbgrader:open-formgrader")
        return self.page.frame_locator("#formgrader-iframe iframe")

    def screenshot_on_failure(self, path):
        return screenshot_on_failure(self.page, path, note=f"JupyterLab's log: {self.server.log_path}")

    def close(self):
        self.page.close()


# The figures of a widget as one string, which changes whenever a picture is redrawn; empty while one is not drawn
# yet. An explorer's figure is an ipympl canvas (the first canvas of its canvas div: the second only shows the
# zoom rectangle): a hash of its pixels stands for it. A static picture is an img.
FIGURES_JS = """root => {
    const hash = canvas => {
        if (!canvas.width || !canvas.height) return "";
        const words = new Uint32Array(canvas.getContext("2d").getImageData(0, 0, canvas.width, canvas.height)
                                      .data.buffer);
        let h = 2166136261, drawn = false;
        for (let i = 0; i < words.length; i++) { h = Math.imul(h ^ words[i], 16777619); drawn ||= words[i] !== 0; }
        return drawn ? `${canvas.width}x${canvas.height}:${h >>> 0}` : "";
    };
    const canvases = [...root.querySelectorAll(".jupyter-matplotlib-canvas-div > canvas:first-child")];
    const images = [...root.querySelectorAll("img")];
    const parts = canvases.map(hash).concat(images.map(i => i.complete && i.naturalWidth > 0 ? i.src : ""));
    return parts.length && parts.every(p => p) ? parts.join("\\n") : "";
}"""
FIGURES_CHANGED_JS = f"([root, before]) => {{ const now = ({FIGURES_JS})(root); return now !== '' && now !== before; }}"

# Milliseconds from a key pressed on a slider's handle to the widget's figure showing a new picture, measured in the
# page (the key event is dispatched there, then every animation frame looks at the figure).
TIME_TO_NEW_FRAME_JS = f"""async ([root, handle, key, timeout]) => {{
    const figures = {FIGURES_JS};
    const before = figures(root);
    const start = performance.now();
    handle.dispatchEvent(new KeyboardEvent("keydown", {{key, bubbles: true}}));
    while (performance.now() - start < timeout) {{
        await new Promise(resolve => requestAnimationFrame(resolve));
        const now = figures(root);
        if (now !== "" && now !== before) return performance.now() - start;
    }}
    return null;
}}"""


class Widget:
    """An ipywidgets explorer in a notebook: its controls, its figures and the text its output widgets show."""

    def __init__(self, page, locator):
        self.page = page
        self.locator = locator

    def figures(self):
        return self.locator.evaluate(FIGURES_JS)

    def text_outputs(self):
        """The text that output widgets and the figure's caption show (printed text, HTML), without the controls'
        labels and readouts."""
        return "\n".join(self.locator.locator(".widget-output, .nn-explorer-caption").all_inner_texts()).strip()

    def sliders(self):
        return self.locator.locator(".widget-slider")

    def play_button(self, icon):
        """The Play control's button with the given Font Awesome icon ("play", "pause", "stop")."""
        return self.locator.locator(f".widget-play button:has(i.fa-{icon})").first

    def dropdowns(self):
        return self.locator.locator(".widget-dropdown select")

    def wait_redrawn(self, before, what, timeout=REDRAW):
        """Wait until the figures differ from `before` and are loaded.  -> the new figures."""
        try:
            self.page.wait_for_function(FIGURES_CHANGED_JS, arg=[self.locator.element_handle(), before],
                                        timeout=timeout)
        except PlaywrightTimeout:
            raise AssertionError(f"the figure did not change within {timeout / 1000:.0f} s after {what}") from None
        return self.figures()

    def move_slider(self, slider, big=False):
        """Press a key on the slider's handle, as a keyboard user would: an arrow (one step) or, when big, Page Up
        or Down (five steps); towards the farther end.  -> (readout before, readout after)."""
        handle, readout = slider.locator(".noUi-handle").first, slider.locator(".widget-readout")
        before = readout.inner_text()
        low, now, high = (float(handle.get_attribute(f"aria-value{end}")) for end in ("min", "now", "max"))
        up = now < (low + high) / 2
        key = ("PageUp" if up else "PageDown") if big else ("ArrowRight" if up else "ArrowLeft")
        handle.press(key)
        expect(readout).not_to_have_text(before, timeout=UI)
        return before, readout.inner_text()

    def time_to_new_frame(self, slider, timeout=REDRAW):
        """Press Page Up or Down on the slider's handle (towards the farther end) and measure, in the page, the
        milliseconds until the figure shows a new picture.  -> milliseconds."""
        handle = slider.locator(".noUi-handle").first
        low, now, high = (float(handle.get_attribute(f"aria-value{end}")) for end in ("min", "now", "max"))
        # Page Up or Down (five steps): one step of a fine slider (a learning rate's 1/100 of a decade) may leave
        # every drawn pixel as it was
        key = "PageUp" if now < (low + high) / 2 else "PageDown"
        elapsed = self.page.evaluate(TIME_TO_NEW_FRAME_JS,
                                     [self.locator.element_handle(), handle.element_handle(), key, timeout])
        if elapsed is None:
            raise AssertionError(f"the figure did not change within {timeout / 1000:.0f} s after {key} on a slider")
        return elapsed

    def pick_next(self, dropdown):
        """Choose the option after the current one (the first after the last).  -> (label before, label after)."""
        options = dropdown.locator("option").all_inner_texts()
        current = dropdown.evaluate("select => select.selectedIndex")
        target = (current + 1) % len(options)
        dropdown.select_option(index=target)
        return options[current], options[target]
