"""Span kinds and lexer tokens become styles here, and only here.

Every style is written in theme variables (`$text-error`, `$warning-muted`...), so it
follows the app's theme, dark or light. Every difference is also told apart without
colour: changed words are underlined, differing numbers bold and underlined with a note
line under the row, gutter markers (`~ = ↕ - + ┆ #`) name each row's kind, and `✎` after
the marker says a user's note is about that side. Words that only changed place in a
sentence are tinted, not underlined: they are no difference of wording.

`render_line` turns one `layout.Line` into a `Strip`; article text only ever enters a
`Content` as plain text, so nothing in a file is read as markup.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache
from itertools import pairwise
from operator import itemgetter

from pygments.token import Name, Number, String, _TokenType
from rich.cells import cell_len
from rich.segment import Segment
from rich.style import Style as RichStyle
from textual.content import Content, Span
from textual.strip import Strip
from textual.style import Style

from reader.ui.layout import NOTE_MARK, Cell, Kind, Line, Side
from reader.ui.search import Match, cell_matches

TOKEN_STYLES: dict[_TokenType, str] = {
    Number: "$text-accent",
    String: "italic $text-success",
    String.Delimiter: "$text-success",
    Name.Attribute: "bold $text-primary",
}
"""Lexer tokens (see `reader.output.lexer`)."""

SPAN_STYLES: dict[str, str] = {
    "word": "underline on $warning-muted",
    "moved-word": "$text-secondary",
    "number": "bold underline $text on $error",
    "label": "italic $text-muted",
    "note-number": "bold $text-error",
    "note-moved": "italic $text-secondary",
    "note-text": "italic $text-muted",
    "note-mark": "bold not italic $text-accent",
}
"""Highlights inside a cell (`layout.SpanKind`)."""

CELL_STYLES: dict[tuple[str, Side | None], str] = {
    ("missing", "left"): "on $error-muted",
    ("missing", "right"): "on $success-muted",
    ("boilerplate", None): "$text-disabled",
    ("gap", None): "$text-muted",
}
"""Whole cells by kind (and side, where it matters)."""

MARK_STYLES: dict[tuple[str, Side | None], str] = {
    ("same", None): "$text-muted",
    ("changed", None): "bold $text-warning",
    ("moved", None): "bold $text-secondary",
    ("only", "left"): "bold $text-error",
    ("only", "right"): "bold $text-success",
    ("missing", "left"): "bold $text-error",
    ("missing", "right"): "bold $text-success",
    ("gap", None): "$text-muted",
    ("boilerplate", None): "$text-disabled",
}
"""Gutter markers by cell kind."""

NOTE_MARK_STYLE = "bold $text-accent"
"""The gutter's note marker."""
CURSOR_STYLE = "on $primary 22%"
"""The current row, both panes."""
DIVIDER_STYLE = "$text-muted"
CURSOR_DIVIDER_STYLE = "bold $text-primary"
MATCH_STYLE = "reverse"
CURRENT_MATCH_STYLE = "bold underline reverse $text-accent"


@cache
def kind_style(kind: Kind) -> str:
    """The style of a span kind or lexer token (a token falls back to its parents)."""
    if isinstance(kind, str):
        return SPAN_STYLES.get(kind, "")
    token: _TokenType | None = kind
    while token is not None:
        if token in TOKEN_STYLES:
            return TOKEN_STYLES[token]
        token = token.parent
    return ""


def _lookup(table: dict[tuple[str, Side | None], str], kind: str, side: Side) -> str:
    return table.get((kind, side)) or table.get((kind, None), "")


@dataclass(frozen=True)
class Paint:
    """What, beyond the line itself, decides how a line looks."""

    cursor: bool = False
    """The line belongs to the current row (its left cell, when `right_cursor` is set)."""
    matches: Sequence[Match] = ()
    """Search matches in this line's block."""
    current: Match | None = None
    """The match the search stands on."""
    right_cursor: bool | None = None
    """The right cell belongs to the current row, when its block is not the left
    cell's (reading order); None: as `cursor`."""

    def on(self, side: Side) -> bool:
        """The cell of `side` belongs to the current row."""
        if side == "right" and self.right_cursor is not None:
            return self.right_cursor
        return self.cursor


def cell_spans(cell: Cell, side: Side, width: int, paint: Paint) -> tuple[str, list[Span]]:
    """One pane's part of a line as plain text (gutter, text, padding) and style spans."""
    text, spans, _ = _cell_spans(cell, side, width, paint)
    return text, spans


def _cell_spans(cell: Cell, side: Side, width: int, paint: Paint) -> tuple[str, list[Span], bool]:
    """`cell_spans`, and whether the text fits `width` (it always should)."""
    text = f"{cell.mark}{NOTE_MARK if cell.noted else ' '}{cell.text}"
    size = len(text) if text.isascii() else cell_len(text)
    pad = max(0, width - size)
    spans: list[Span] = []
    if style := _lookup(CELL_STYLES, cell.kind, side):
        spans.append(Span(0, len(text) + pad, style))
    if paint.on(side):
        spans.append(Span(0, len(text) + pad, CURSOR_STYLE))
    if style := _lookup(MARK_STYLES, cell.kind, side):
        spans.append(Span(0, 1, style))
    if cell.noted:
        spans.append(Span(1, 2, NOTE_MARK_STYLE))
    spans.extend(
        Span(s + 2, e + 2, style) for s, e, kind in cell.spans if (style := kind_style(kind))
    )
    matches = [m for m in paint.matches if m.side == side]
    for s, e, match in cell_matches(cell, matches):
        style = CURRENT_MATCH_STYLE if match == paint.current else MATCH_STYLE
        spans.append(Span(s + 2, e + 2, style))
    return text + " " * pad, spans, size <= width


def cell_content(cell: Cell, side: Side, width: int, paint: Paint) -> Content:
    """One pane's part of a line: gutter marker, text, padding to `width` cells."""
    return Content(*cell_spans(cell, side, width, paint))


StyleCache = dict[tuple[str | Style, ...], RichStyle | None]
"""Combined styles by span styles in order, for one base style and one theme."""


def _style(name: str | Style) -> Style:
    if isinstance(name, Style):
        return name
    try:
        return Style.parse(name)
    except Exception:  # as Content.render does: an unknown style is no style
        return Style.null()


def segments(text: str, spans: Sequence[Span], base: Style, cache: StyleCache) -> list[Segment]:
    """What `Content(text, spans).render_segments(base)` gives, with combined styles cached
    in `cache` (which must hold styles combined over this `base` only).

    Same algorithm as `Content.render` (spans stack in their order over the base; a span
    ends before the next one starts at the same offset), without building a `Content`
    and re-combining the same few styles on every line.
    """
    if not spans:
        return [Segment(text, base.rich_style if base else None)]
    events = [
        (0, False, 0),
        *((span.start, False, i) for i, span in enumerate(spans, 1)),
        *((span.end, True, i) for i, span in enumerate(spans, 1)),
        (len(text), True, 0),
    ]
    events.sort(key=itemgetter(0, 1))
    stack: list[int] = []
    out: list[Segment] = []
    for (offset, leaving, index), (next_offset, _, _) in pairwise(events):
        if leaving:
            stack.remove(index)
        else:
            stack.append(index)
        if next_offset > offset:
            names = tuple(spans[i - 1].style for i in sorted(stack) if i)
            if names in cache:
                rich = cache[names]
            else:
                combined = Style.combine([base, *(_style(n) for n in names)])
                rich = cache[names] = combined.rich_style if combined else None
            out.append(Segment(text[offset:next_offset], rich))
    return out


_DIVIDERS = {
    cursor: (
        " \u2503 " if cursor else " \u2502 ",
        [Span(0, 3, CURSOR_DIVIDER_STYLE if cursor else DIVIDER_STYLE)],
    )
    for cursor in (False, True)
}


def render_line(
    line: Line,
    widths: tuple[int, int],
    paint: Paint,
    base: Style,
    cache: StyleCache | None = None,
) -> Strip:
    """A visual line as a strip: left pane, divider, right pane.

    Args:
        line: The laid-out line.
        widths: Cells of the left and right panes.
        paint: Cursor and search state.
        base: The widget's style, under everything.
        cache: Combined styles kept between calls, for this `base` only (the caller
            empties it when the base or the theme changes); None for none.

    Returns:
        A strip exactly `widths[0] + 3 + widths[1]` cells wide.
    """
    styles: StyleCache = {} if cache is None else cache
    left, left_spans, left_fits = _cell_spans(line.left, "left", widths[0], paint)
    right, right_spans, right_fits = _cell_spans(line.right, "right", widths[1], paint)
    out = segments(left, left_spans, base, styles)
    out += segments(*_DIVIDERS[paint.cursor or bool(paint.right_cursor)], base, styles)
    out += segments(right, right_spans, base, styles)
    total = widths[0] + 3 + widths[1]
    if left_fits and right_fits:  # padded to the exact width: no need to measure again
        return Strip(out, total)
    return Strip(out).adjust_cell_length(total, base.rich_style)
