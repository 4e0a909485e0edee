"""`make screenshots`: one small PNG per lesson of its explorer after a control was moved, and one of the training
playground after a few seconds of play, for the README.

    python -m tests.browser.screenshots [output folder, default docs/screenshots]

Uses the browser tests' machinery: a solved copy of the course in JupyterLab, Run All, then Page Up (or Down) on
the explorer's first slider, or its first dropdown's next option.
"""
import io
import sys
import tempfile
import time
from pathlib import Path

from PIL import Image

from tests.browser.lab import CHROMIUM, RELEASED, Lab, LabServer, chromium, prepare_course, widget_cell_index
from tests.notebooks.lessons import ROOT, release_path

WIDTH = 700  # pixels: sharp at the width of a README on GitHub
COLORS = 256  # a palette PNG is a fraction of the size of a true-colour one, and looks the same for plots


def shrink(png, width=WIDTH):
    """The PNG scaled down to `width` (never up) and reduced to a palette."""
    image = Image.open(io.BytesIO(png)).convert("RGB")
    if image.width > width:
        image = image.resize((width, round(image.height * width / image.width)), Image.Resampling.LANCZOS)
    image = image.quantize(colors=COLORS, method=Image.Quantize.MEDIANCUT, dither=Image.Dither.NONE)
    buffer = io.BytesIO()
    image.save(buffer, format="PNG", optimize=True)
    return buffer.getvalue()


def capture(lab, course, lesson):
    """The explorer of the lesson's solved notebook after one move of a control.  -> PNG bytes."""
    notebook = release_path(lesson, course)
    lab.open_notebook(notebook.relative_to(course).as_posix())
    lab.run_all()
    lab.wait_every_code_cell_ran()
    widget = lab.widget(widget_cell_index(notebook))
    figures = widget.figures()
    if widget.sliders().count():
        before, after = widget.move_slider(widget.sliders().first, big=True)
    else:
        before, after = widget.pick_next(widget.dropdowns().first)
    widget.wait_redrawn(figures, f"moving a control from {before!r} to {after!r}")
    lab.page.evaluate("document.activeElement && document.activeElement.blur()")  # no focus ring in the picture
    lab.page.mouse.move(0, 0)
    return widget.locator.screenshot(animations="disabled")


PLAYGROUND = "course/playground/playground.ipynb"
PLAYGROUND_CELL = 3  # its first code cell: `lab = playground()`
PLAY_SECONDS = 4


def capture_playground(lab):
    """The training playground after a few seconds of play on its starting setting.  -> PNG bytes."""
    lab.open_notebook(PLAYGROUND)
    lab.run_cell(PLAYGROUND_CELL)
    widget = lab.widget(PLAYGROUND_CELL)
    widget.play_button("play").click()
    lab.page.wait_for_timeout(PLAY_SECONDS * 1000)
    widget.play_button("pause").click()
    lab.page.wait_for_timeout(1500)  # the last tick's frame
    lab.page.evaluate("document.activeElement && document.activeElement.blur()")
    lab.page.mouse.move(0, 0)
    return widget.locator.screenshot(animations="disabled")


def main(output=ROOT / "docs" / "screenshots"):
    if not CHROMIUM.exists():
        sys.exit(f"{CHROMIUM} not found: install Debian's chromium (apt-get install chromium)")
    output = Path(output)
    output.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix="screenshots-") as tmp:
        tmp = Path(tmp)
        course = prepare_course(tmp / "course")
        with LabServer(course, tmp / "lab") as server, chromium(tmp / "profile") as context:
            shots = [(lesson, lambda lab, lesson=lesson: capture(lab, course, lesson)) for lesson in RELEASED]
            for name, take in shots + [("playground", capture_playground)]:
                start = time.monotonic()
                lab = Lab(context, server, workspace=f"screenshot-{name}")
                try:
                    with lab.screenshot_on_failure(Path(tempfile.gettempdir()) / f"screenshot-{name}-failure.png"):
                        png = shrink(take(lab))
                finally:
                    lab.close()
                    server.shutdown_kernels()
                path = output / f"{name}.png"
                path.write_bytes(png)
                width, height = Image.open(io.BytesIO(png)).size
                print(f"{path}: {width}×{height} px, {len(png) / 1024:.0f} KiB, {time.monotonic() - start:.0f} s")

if __name__ == "__main__":
    main(*sys.argv[1:])
