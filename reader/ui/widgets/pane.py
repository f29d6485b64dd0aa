"""The header over each pane: outlet, date and title of its article, and whether it is active.

The active pane (switched with `tab`) is marked with `▶` and the `-active` class, so it
shows without colour too.
"""

from __future__ import annotations

from typing import Literal

from textual.content import Content, Span
from textual.reactive import reactive
from textual.widget import Widget

from reader.core.model import Article
from reader.ui.textmap import plain


class PaneHeader(Widget):
    """Outlet · date · byline on the first line, the title (or file name) on the second."""

    DEFAULT_CSS = """
    PaneHeader {
        height: 2;
        width: 1fr;
        background: $panel;
        color: $text-muted;
        text-wrap: nowrap;
        text-overflow: ellipsis;
    }
    PaneHeader.-active {
        background: $primary-muted;
        color: $text;
    }
    """

    active: reactive[bool] = reactive(False)
    """This pane is the one keys like annotate act on."""

    def __init__(self, side: Literal["left", "right"], *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.side = side
        """Which pane it heads."""
        self.article: Article | None = None
        """The article shown under it."""

    def set_article(self, article: Article | None) -> None:
        """Show the metadata of `article` (None: nothing loaded yet)."""
        self.article = article
        self.refresh()

    def watch_active(self, active: bool) -> None:
        self.set_class(active, "-active")

    def render(self) -> Content:
        marker = "\u25b6 " if self.active else "  "
        if self.article is None:
            return Content(f"{marker}loading\u2026")
        meta = self.article.metadata
        facts = [plain(self.article.label), meta.date or "no date"]
        if meta.byline:
            facts.append(plain(meta.byline))
        first = marker + " \u00b7 ".join(facts)
        title = "  " + plain(meta.title or self.article.name)
        outlet_end = len(marker) + len(facts[0])
        return Content(
            f"{first}\n{title}",
            spans=[
                Span(len(marker), outlet_end, "bold"),
                Span(len(first) + 1, len(first) + 1 + len(title), "italic"),
            ],
        )
