"""The mini-map: one column beside the scrollbar with the pair's differences, scaled.

The whole pair is squeezed into the column's height; each cell shows the most telling
mark of the lines it stands for (`reader.ui.stops.minimap`): `≠` a differing number,
`-`/`+` text only the left/right has, `↕` moved, `✎` noted. Marks are glyphs,
so they read without colour; the stretch in view is shaded. A click scrolls the panes
there. Marks are worked out once per layout and height; scrolling only moves the shade.
"""

from __future__ import annotations

from rich.segment import Segment
from textual import events
from textual.strip import Strip
from textual.style import Style
from textual.widget import Widget

from reader.ui.stops import MINIMAP_MARKS, minimap
from reader.ui.widgets.sidebyside import SideBySide

STYLES: dict[str | None, str] = {
    "number": "bold $text-error",
    "left": "bold $text-error",
    "right": "bold $text-success",
    "moved": "bold $text-secondary",
    "noted": "bold $text-accent",
    None: "$text-muted",
}
"""Each mark's style (`reader.ui.stops.MINIMAP_MARKS` names them)."""
IN_VIEW = "on $primary 35%"
"""The stretch of the pair on screen."""


class MiniMap(Widget):
    """Difference marks of the whole pair, beside the panes' scrollbar."""

    DEFAULT_CSS = """
    MiniMap {
        width: 1;
        height: 1fr;
        background: $panel;
    }
    """

    def __init__(self, view: SideBySide, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.view = view
        """The panes it maps."""
        self._marks: tuple[object, int, list[str | None]] | None = None
        self._glyphs = dict(MINIMAP_MARKS)

    def on_mount(self) -> None:
        self.watch(self.view, "scroll_y", lambda _y: self.refresh(), init=False)
        self.view.laid_out_signal.subscribe(self, lambda _layout: self.refresh())

    def marks(self) -> list[str | None]:
        """The mark of each cell, worked out once per layout and height."""
        view, height = self.view, self.size.height
        layout = view.view_model
        if layout is None or view.comparison is None:
            return [None] * height
        key = (layout, height)
        if self._marks is None or self._marks[:2] != key:
            noted = view.noted_rows()
            self._marks = (layout, height, minimap(layout, view.comparison, noted, height))
        return self._marks[2]

    def _in_view(self) -> tuple[int, int]:
        """The cells standing for the lines on screen."""
        view, height = self.view, max(1, self.size.height)
        total = len(view.view_model.lines) if view.view_model else 0
        if not total:
            return 0, -1
        top = round(view.scroll_y)
        bottom = top + view.scrollable_content_region.height - 1
        return top * height // total, min(height - 1, bottom * height // total)

    def render_line(self, y: int) -> Strip:
        marks = self.marks()
        mark = marks[y] if 0 <= y < len(marks) else None
        top, bottom = self._in_view()
        style = STYLES[mark] + (f" {IN_VIEW}" if top <= y <= bottom else "")
        text = self._glyphs.get(mark, " ") if mark else " "
        rich = (self.visual_style + Style.parse(style)).rich_style
        return Strip([Segment(text, rich)], 1)

    def on_click(self, event: events.Click) -> None:
        layout = self.view.view_model
        if layout is None or not self.size.height:
            return
        line = event.y * len(layout.lines) // self.size.height
        half = self.view.scrollable_content_region.height // 2
        self.view.scroll_to(y=max(0, line - half), animate=False, immediate=True)

