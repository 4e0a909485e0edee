"""Interactive explorers: ipywidgets controls that redraw a live matplotlib figure, and the explorers of the lessons.

An ``Explorer`` is made of plain parts, so tests can drive it without a browser:

controls   {name: ipywidgets control}; their current values are the keyword arguments of ``compute``
compute    compute(**values) -> data, a dict of arrays and numbers: everything the figure shows
describe   optional describe(data, previous) -> str, the finding for the title; previous is the data shown before
           (None the first time), so the title can say what the last change did
draw       draw(fig, data) draws data on an empty matplotlib Figure, and may return a ``refresh`` function (below)

The figure lives in an ipympl canvas, matplotlib's own widget backend, which sends each new frame to the browser. Drawing a whole figure costs 50-250 ms, nearly all of it text (tick labels, legends), so an explorer that
follows a dragged slider must not redraw everything. That is what ``refresh`` is for:

refresh    refresh(data) -> the artists it changed, or None.  It updates in place the artists that ``draw`` made
           (``set_data``, ``set_text``, ...) to show new data, and returns them; the explorer then draws only those
           over a picture of the rest, made once (blitting). It returns None when the new data needs more than that
           (other axis limits, another number of lines, a new legend): then the whole figure is drawn again.

Called right after ``draw`` with the same data, ``refresh`` names the artists that change from one update to the
next; they are left out of the saved picture of the rest. Those artists are drawn in the order of their axes and,
within one axes, of their zorder, after everything else: every artist drawn above a changing one must be returned
too (a legend over a curve), or the blitted picture would differ from a full drawing (a test compares the two).

The figure is one ``matplotlib.figure.Figure`` per explorer, outside pyplot's registry: none leaks, and the inline
backend never shows one a second time. The last ``data`` and the ``figure`` stay on the explorer for inspection;
``png`` renders the current figure as a PNG.

Each lesson's explorers live in a module of their own in this package (``neuron`` for lesson 01, ...) as functions
that build an ``Explorer``. They use the library's reference functions, never a student's, so they work before any
exercise is solved.
"""
import base64
import contextlib
import html
import io
import sys
import warnings

import ipywidgets as widgets
import numpy as np
import PIL.Image
from IPython.display import display

def _import_ipympl():
    """ipympl's canvas and figure manager, without ipympl's side effect: importing its package makes it matplotlib's
    backend, so that every figure of the lesson (plt.show) would become a widget too. The backend the notebook had
    (the inline one, in a kernel) is put back; only the explorers use ipympl."""
    import matplotlib
    previous = dict.__getitem__(matplotlib.rcParams, "backend")  # a name, or matplotlib's "not chosen yet" marker
    from ipympl.backend_nbagg import Canvas, FigureManager
    if dict.__getitem__(matplotlib.rcParams, "backend") != previous:
        if "matplotlib.pyplot" in sys.modules:
            sys.modules["matplotlib.pyplot"].switch_backend(previous)
        else:
            dict.__setitem__(matplotlib.rcParams, "backend", previous)
    return Canvas, FigureManager


Canvas, FigureManager = _import_ipympl()
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure
from matplotlib.text import Text


WIDE_FIGURE_PIXELS = 640
DPI = 100
"""Explorer figures are drawn at 100 dpi and shown pixel for pixel: 10-point text is 14 px tall, as large as the
notebook's body text."""


class Explorer:
    """Controls that redraw a figure.  Show it by displaying the explorer itself or its ``widget``."""

    def __init__(self, controls, compute, draw, describe=None, header=None, figsize=(6.4, 4.8), dpi=DPI, alt=None):
        self.controls = dict(controls)
        self.compute = compute
        self.draw = draw
        self.describe = describe
        self.figsize = figsize
        self.dpi = dpi
        self.figure = Figure(figsize=figsize, dpi=dpi, layout="constrained")
        self.canvas = _quiet_canvas(self.figure)
        self.alt = alt
        # What the figure shows and what it says now, as text under it: the picture's alternative for a screen reader
        # (a canvas has none), and the explorer's state for anyone who prefers to read it.
        self.caption = widgets.HTML(layout=widgets.Layout(width=f"{figsize[0] * dpi:.0f}px"))
        self.caption.add_class("nn-explorer-caption")
        self.data = None
        self.full_redraws = 0  # how many updates drew the whole figure (the others blitted)
        self._refresh = None
        self._background = None  # (canvas size, saved pixels of everything that does not change)
        self._holding = False
        for control in self.controls.values():
            control.observe(self._on_change, names="value")
        self.widget = self._layout(header)
        self.update()

    def _layout(self, header):
        """A narrow figure sits beside the controls; a wide one (several panels) goes under them, so that it gets the
        notebook's whole width and its labels stay readable."""
        controls = list(self.controls.values())
        title = [widgets.HTML(header)] if header is not None else []
        figure = widgets.VBox([self.canvas, self.caption])
        if self.figsize[0] * self.dpi <= WIDE_FIGURE_PIXELS:
            return widgets.HBox([widgets.VBox(title + controls, layout=widgets.Layout(min_width="300px")), figure])
        row = widgets.HBox(controls, layout=widgets.Layout(flex_flow="row wrap"))
        return widgets.VBox([widgets.VBox(title + [row]), figure])

    @property
    def values(self):
        """The controls' current values, {name: value}."""
        return {name: control.value for name, control in self.controls.items()}

    @contextlib.contextmanager
    def holding(self):
        """Change controls inside the block without a redraw for each change (then call update(), or let the
        change that triggered the block redraw once)."""
        self._holding = True
        try:
            yield
        finally:
            self._holding = False

    def set(self, **values):
        """Set several controls at once and redraw once.  -> the new data."""
        unknown = set(values) - set(self.controls)
        if unknown:
            raise KeyError(f"no control named {sorted(unknown)}; the controls are {sorted(self.controls)}")
        with self.holding():
            for name, value in values.items():
                self.controls[name].value = value
        return self.update()

    def _on_change(self, change):
        if not self._holding:
            self.update()

    def update(self):
        """Recompute the data from the controls and redraw.  -> the new data."""
        data = self.compute(**self.values)
        if self.describe is not None:
            data["title"] = self.describe(data, self.data)
        self.data = data
        self.render()
        self.caption.value = caption_html(self.alt, data.get("title"))
        return data

    def render(self):
        """Show self.data: blit the artists that ``refresh`` changed, or draw the whole figure when it cannot."""
        changed = self._refresh(self.data) if self._refresh is not None else None
        if changed is None or self._background is None or self._background[0] != self._size():
            self.redraw()
        else:
            self._blit(changed)

    def redraw(self):
        """Draw the whole figure again from self.data (a new layout, a new picture of what does not change)."""
        self.full_redraws += 1
        self.figure.clear()
        drawn = self.draw(self.figure, self.data)
        self._refresh = drawn if callable(drawn) else None
        changing = self._refresh(self.data) if self._refresh is not None else []
        self.figure.draw_without_rendering()  # the layout, with every artist in place (a title takes its room)
        shown = [artist for artist in changing if artist.get_visible()]
        # an axes places its title above what it draws, and a hidden title counts as empty: keep where it is
        placed = {text: text.get_position() for text in shown if isinstance(text, Text)}
        for artist in shown:
            artist.set_visible(False)
        with _layout_kept(self.figure):
            FigureCanvasAgg.draw(self.canvas)  # the picture of everything that does not change
        self._background = (self._size(), self.canvas.copy_from_bbox(self.figure.bbox))
        for artist in shown:
            artist.set_visible(True)
        for text, position in placed.items():
            text.set_position(position)
        self._blit(changing)

    def _blit(self, artists):
        """Put the saved picture back, draw the changed artists over it and send the new pixels to the browser."""
        self.canvas.restore_region(self._background[1])
        axes_order = {ax: index for index, ax in enumerate(self.figure.axes)}
        for artist in sorted(artists, key=lambda a: (axes_order.get(a.axes, len(axes_order)), a.get_zorder())):
            self.figure.draw_artist(artist)
        self.canvas.blit()

    def _size(self):
        return self.canvas.get_width_height(physical=True)

    @property
    def png(self):
        """The figure as it is now, as PNG bytes."""
        buffer = io.BytesIO()
        self.figure.savefig(buffer, format="png")
        return buffer.getvalue()

    def _ipython_display_(self):
        display(self.widget)


def caption_html(alt, title):
    """The text under an explorer's figure: what it shows (alt) and what its title says now, for screen readers
    (announced when it changes) and for reading."""
    parts = []
    if alt:
        parts.append(f"<b>Figure:</b> {html.escape(alt)}")
    if title:
        parts.append(f"<b>Now:</b> {html.escape(' '.join(title.split()))}")
    return f'<div role="status" aria-live="polite">{" ".join(parts)}</div>'


def drawn_inside(ax):
    """Every artist ax draws inside its frame, and its frame (spines): its data, texts, legend and inset axes. Not
    its background, its titles, nor its axes with their ticks and labels (the costly text). A refresh that changes an
    image or a filled area returns these, since everything inside is drawn above it."""
    outside = {ax.patch, ax.xaxis, ax.yaxis, ax.title, ax._left_title, ax._right_title}
    return [artist for artist in ax.get_children() if artist not in outside]


@contextlib.contextmanager
def _layout_kept(figure):
    """Draw figure without laying it out again: the layout of its last drawing stays."""
    engine = figure.get_layout_engine()
    figure.set_layout_engine("none")
    try:
        yield
    finally:
        figure.set_layout_engine(engine)


class _FastCanvas(Canvas):
    """ipympl's canvas, sending every frame whole, as a PNG compressed at level 1 (three times faster to make than
    level 6, a little larger; a frame crosses from the kernel to the browser on the same machine).

    matplotlib's web canvas sends the changed pixels only, to be drawn over the previous frame. But ipympl's browser
    side draws its last image again whenever the canvas is resized, and a difference drawn alone is a nearly empty
    picture: in the browser, an explorer went blank after a slider move followed by a new surface. A whole frame
    costs a few milliseconds more to encode and can never leave the figure half drawn."""

    def get_diff_image(self):
        if not self._png_is_old:
            return None
        self.set_image_mode("full")
        frame = np.asarray(self.get_renderer().buffer_rgba()).view(np.uint32).squeeze(2)
        self._last_buff = frame.copy()
        self._force_full = self._png_is_old = False
        return _png(frame)

    def send_binary(self, data):
        # Before a browser shows the canvas, ipympl keeps the whole picture for it as a data URL, but without the
        # "data:image/png;base64," its browser side needs: the first view then fails ("broken" image). Keep it whole.
        if self.syncing_data_url:
            self._data_url = "data:image/png;base64," + base64.b64encode(_png(self._last_buff)).decode("ascii")
        self.send({"data": '{"type": "binary"}'}, buffers=[data])


def _png(pixels):
    """PNG bytes of (H, W) uint32 RGBA pixels, compressed fast."""
    with io.BytesIO() as png:
        PIL.Image.fromarray(pixels.view(np.uint8).reshape(*pixels.shape, 4)).save(png, format="png", compress_level=1)
        return png.getvalue()


def _quiet_canvas(figure):
    """An ipympl canvas for figure, without what would distract or surprise a student: no "Figure 1" header, no
    footer, no toolbar (zooming would change what the explorer shows behind its back), no resize handle, and none of
    matplotlib's keyboard and mouse shortcuts (a stray "l" would put an axis on a log scale)."""
    canvas = _FastCanvas(figure)
    with warnings.catch_warnings():
        # ipympl's toolbar passes its arguments along in a way newer traitlets deprecate; harmless, and hidden
        warnings.filterwarnings("ignore", "Passing unrecognized arguments", DeprecationWarning)
        manager = FigureManager(canvas, 0)
    for handler in (manager.key_press_handler_id, manager.button_press_handler_id, manager.scroll_handler_id):
        if handler is not None:
            canvas.mpl_disconnect(handler)
    canvas.header_visible = canvas.footer_visible = canvas.resizable = False
    canvas.toolbar_visible = False
    return canvas


def _number(value):
    """1 decimal with a true minus sign, and no "−0.0"."""
    return f"{value + 0.0:.1f}".replace("-", "\N{MINUS SIGN}")
