"""Interactive explorers: ipywidgets controls that redraw a matplotlib figure, and the explorers of the lessons.

An ``Explorer`` is made of plain parts, so tests can drive it without a browser:

controls   {name: ipywidgets control}; their current values are the keyword arguments of ``compute``
compute    compute(**values) -> data, a dict of arrays and numbers: everything the figure shows
describe   optional describe(data, previous) -> str, the finding for the title; previous is the data shown before
           (None the first time), so the title can say what the last change did
draw       draw(fig, data) draws data on a fresh matplotlib Figure

``update()`` recomputes ``data``, draws it, renders the figure to PNG and replaces the picture in an ``Output``
widget (``clear_output(wait=True)``, so it does not flicker). The figures are ``matplotlib.figure.Figure`` objects
outside pyplot's registry: none leaks, and the inline backend never shows one a second time. The last ``data``,
``figure`` and ``png`` stay on the explorer for inspection.

Each lesson's explorers live in a module of their own in this package (``neuron`` for lesson 01, ...) as functions
that build an ``Explorer``. They use the library's reference functions, never a student's, so they work before any
exercise is solved.
"""
import contextlib
import io

import ipywidgets as widgets
from IPython.display import Image, display
from matplotlib.figure import Figure


WIDE_FIGURE_PIXELS = 640


class Explorer:
    """Controls that redraw a figure.  Show it by displaying the explorer itself or its ``widget``."""

    def __init__(self, controls, compute, draw, describe=None, header=None, figsize=(6.4, 4.8), dpi=80):
        self.controls = dict(controls)
        self.compute = compute
        self.draw = draw
        self.describe = describe
        self.figsize = figsize
        self.dpi = dpi
        self.output = widgets.Output()
        self.data = None
        self.figure = None
        self.png = None
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
        if self.figsize[0] * self.dpi <= WIDE_FIGURE_PIXELS:
            return widgets.HBox([widgets.VBox(title + controls, layout=widgets.Layout(min_width="300px")),
                                 self.output])
        row = widgets.HBox(controls, layout=widgets.Layout(flex_flow="row wrap"))
        return widgets.VBox([widgets.VBox(title + [row]), self.output])

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
        return data

    def render(self):
        """Draw self.data on a new figure and show it as PNG in the output widget."""
        fig = Figure(figsize=self.figsize, dpi=self.dpi, layout="constrained")
        self.draw(fig, self.data)
        buffer = io.BytesIO()
        fig.savefig(buffer, format="png")
        self.figure, self.png = fig, buffer.getvalue()
        self.output.clear_output(wait=True)
        with self.output:
            display(Image(data=self.png, format="png"))

    def _ipython_display_(self):
        display(self.widget)


def _number(value):
    """1 decimal with a true minus sign, and no "−0.0"."""
    return f"{value + 0.0:.1f}".replace("-", "\N{MINUS SIGN}")
