"""The tables of the overview screen: coverage, numbers, the pair matrix, the pairs
sharing most copied text. Enter on a cell posts `DataTable.CellSelected` (or
`RowSelected`), and the screen opens the pair it stands for.

`DataTable` draws Rich renderables and reads a plain `str` cell as markup, so every cell
here is a `rich.text.Text` built from a plain string (article text is data, never
markup). Styles are written in theme variables and resolved against the table's own
colours when the cell is made (`OverviewTable.styled`), so alpha backgrounds
(`on $primary 35%`) blend as they do in Textual `Content`; the screen fills the tables
again when the theme changes. Every mark is also told apart without colour: glyphs in the
coverage, `≠` and bold underlined figures in the numbers, percentages in the matrix.
"""

from __future__ import annotations

from typing import ClassVar, Literal

from rich.cells import cell_len
from rich.style import Style as RichStyle
from rich.text import Text
from textual.binding import Binding, BindingType
from textual.widgets import DataTable
from textual.widgets.data_table import RowDoesNotExist

from reader.story.coverage import MARKS, PairSummary
from reader.ui.overview_model import (
    Column,
    SortOrder,
    StoryView,
    around,
    clip,
    fact_order,
    fact_text,
    flagged,
    shade,
)
from reader.ui.textmap import plain

Justify = Literal["left", "center", "right"]

CELL_STYLES = {
    "same": "bold $text-success",
    "reworded": "$text-primary",
    "only": "bold $text-accent",
    "absent": "$foreground-disabled",
}
"""Coverage marks by cell kind."""
ALONE_STYLE = "$text-accent"
"""A fact only one outlet carries: its count and text stand out."""
SHADE_STYLES = (
    "$foreground-muted",
    "$text on $primary 15%",
    "$text on $primary 35%",
    "$text on $primary 55%",
    "bold $text on $primary 80%",
)
"""Pair matrix cells by shading level (`overview_model.shade`)."""
FLAG_STYLE = "bold underline $text-error"
"""A figure that disagrees (bold and underlined, so it shows without colour)."""
MUTED_STYLE = "$foreground-disabled"
"""Absent marks, figures an outlet does not give, the matrix diagonal."""


def head(column: Column, width: int) -> Text:
    """A two-line column head: the outlet and the short file name, else the short name."""
    second = clip(column.short, width) if column.outlet else ""
    return Text(f"{clip(column.label, width)}\n{second}", end="")


class OverviewTable(DataTable[Text]):
    """A table of the overview, cells made from plain strings in theme styles.

    | Key | Action |
    | :- | :- |
    | enter | Open the pair of the cell at its sentence |
    | arrows | Move between cells |
    """

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding(
            "enter",
            "select_cursor",
            "Open pair",
            id="overview-open",
            tooltip="Open the pair of this cell, on its sentence",
        ),
    ]

    def __init__(
        self,
        *,
        cursor_type: Literal["cell", "row"] = "cell",
        fixed_columns: int = 0,
        header_height: int = 2,
        id: str | None = None,
    ) -> None:
        super().__init__(
            cursor_type=cursor_type,
            fixed_columns=fixed_columns,
            header_height=header_height,
            cursor_background_priority="css",
            id=id,
        )
        self._styles: dict[str, RichStyle] = {}

    def styled(self, text: str, style: str = "", *, justify: Justify = "left") -> Text:
        """A cell of plain text in a theme style.

        Args:
            text: Shown as is (never parsed as markup).
            style: Textual style with theme variables, e.g. 'bold $text-error'.
            justify: Alignment in the column.

        Returns:
            Rich text with the style resolved to colours; the table's background is
            left out unless the style sets one, so the cursor and focus tint still show.
        """
        return Text(text, style=self._resolve(style), justify=justify, no_wrap=True, end="")

    def _resolve(self, style: str) -> RichStyle:
        if not style:
            return RichStyle.null()
        if (cached := self._styles.get(style)) is None:
            parsed = self.app.stylesheet.parse_style(style)
            combined = (self.visual_style + parsed).rich_style
            if parsed.background is None:
                combined = RichStyle(
                    color=combined.color,
                    bold=combined.bold,
                    italic=combined.italic,
                    underline=combined.underline,
                )
            cached = self._styles[style] = combined
        return cached

    def forget_styles(self) -> None:
        """Drop resolved styles (after a theme change)."""
        self._styles.clear()

    def reset(self) -> tuple[str | None, int]:
        """Empty the table; returns where the cursor was (row key, column) for `restore`."""
        key = None
        if self.row_count:
            key = self.coordinate_to_cell_key(self.cursor_coordinate).row_key.value
        column = self.cursor_column
        self.clear(columns=True)
        return key, column

    def restore(self, where: tuple[str | None, int]) -> None:
        """Put the cursor back on the row it was on (by key), else at the top."""
        key, column = where
        if key is None or not self.row_count:
            return
        try:
            row = self.get_row_index(key)
        except RowDoesNotExist:  # the row is gone: start at the top
            row = 0
        self.move_cursor(row=row, column=min(column, len(self.columns) - 1), animate=False)


class CoverageTable(OverviewTable):
    """Facts as rows, outlets as columns; row keys are fact indices, column keys file names."""

    def fill(self, view: StoryView, order: SortOrder, width: int) -> None:
        """Show the facts of a story.

        Args:
            view: The story's view.
            order: By outlets carrying a fact, or in story order.
            width: Cells the whole table may take (the fact column gets the rest).
        """
        where = self.reset()
        ov, widths = view.overview, view.widths()
        fact_width = max(24, width - sum(w + 2 for w in widths) - 4 - 4)
        self.add_column(Text("n\n", end=""), width=2, key="count")
        whose = "likely original's" if view.original else "first outlet's"
        self.add_column(Text(f"fact ({whose} words)\n", end=""), width=fact_width,
                        key="fact")  # fmt: skip
        for column, w in zip(view.heads, widths, strict=True):
            self.add_column(head(column, w), width=w, key=column.name)
        last = max((c.sentences[0] + 1 for f in ov.facts for c in f.cells if c.sentences),
                   default=1)  # fmt: skip
        digits = len(str(last))
        for i in fact_order(ov, view.articles, order):
            fact = ov.facts[i]
            alone = ALONE_STYLE if len(fact.carriers) == 1 else ""
            cells = [
                self.styled(str(len(fact.carriers)), f"bold {alone}" if alone else "",
                            justify="right"),
                self.styled(clip(fact_text(fact, view.articles, view.original), fact_width),
                            alone),
            ]  # fmt: skip
            for cell in fact.cells:
                number = str(cell.sentences[0] + 1) if cell.sentences else ""
                mark = f"{MARKS[cell.kind]} {number:>{digits}}"
                cells.append(self.styled(mark, CELL_STYLES[cell.kind], justify="center"))
            self.add_row(*cells, key=str(i))
        self.restore(where)


class NumbersTable(OverviewTable):
    """Quantities as rows, each outlet's figure in its column, discrepancies flagged; row
    keys are quantity indices, column keys file names."""

    def fill(self, view: StoryView, width: int) -> None:
        """Show the figures two or more outlets give.

        Args:
            view: The story's view.
            width: Cells the whole table may take (the context column gets the rest).
        """
        where = self.reset()
        quantities = view.overview.quantities
        widths = [
            max(w, *(min(16, cell_len(plain(v.text)) + 2 * (v.article in q.later))
                     for q in quantities for v in q.values if v.article == c.name), 0)
            for c, w in zip(view.heads, view.widths(), strict=True)
        ]  # fmt: skip
        self.add_column(Text("\u2260\n", end=""), width=1, key="flag")
        self.add_column(Text("quantity\n", end=""), width=12, key="quantity")
        for column, w in zip(view.heads, widths, strict=True):
            self.add_column(head(column, w), width=w, key=column.name)
        context = max(20, width - sum(w + 2 for w in widths) - 17 - 4)
        self.add_column(Text("in the words of the first outlet\n", end=""), width=context,
                        key="context")  # fmt: skip
        for i, q in enumerate(quantities):
            odd = flagged(q)
            values = q.values_by_article()
            mark = "\u2260" if q.differs else ("\u21b7" if q.later else "=")
            cells = [
                self.styled(mark, FLAG_STYLE if q.differs else "$foreground-muted"),
                self.styled(clip(plain(q.quantity), 12), "bold" if q.differs else ""),
            ]  # fmt: skip
            for column, w in zip(view.heads, widths, strict=True):
                shown = values.get(column.name, MARKS["absent"])
                if column.name in q.later:
                    shown = f"{shown} \u21b7"  # a later report (the legend says so)
                value = clip(plain(shown), w)
                style = FLAG_STYLE if column.name in odd else (
                    "" if column.name in values else MUTED_STYLE)  # fmt: skip
                cells.append(self.styled(value, style, justify="center"))
            first = q.values[0]
            said = around(view.articles[first.article], first.sentence, first.start, first.end,
                          context)  # fmt: skip
            cells.append(self.styled(said))
            self.add_row(*cells, key=str(i))
        self.restore(where)


class PairMatrix(OverviewTable):
    """Share of linked sentences of every pair, shaded; row and column keys are file names."""

    def fill(self, view: StoryView) -> None:
        """Show the similarity of every pair of a story."""
        where = self.reset()
        share = {frozenset((p.left, p.right)): p.linked for p in view.overview.pairs}
        labels = {c.name: c.tag for c in view.heads}
        label_width = min(28, max(cell_len(t) for t in labels.values()))
        self.add_column(Text("\n", end=""), width=label_width, key="label")
        self.fixed_columns = 1  # the row's file stays in view when the matrix scrolls sideways
        widths = view.widths()
        for column, w in zip(view.heads, widths, strict=True):
            self.add_column(head(column, w), width=w, key=column.name)
        for row in view.heads:
            cells = [self.styled(clip(labels[row.name], label_width), "bold")]
            for column in view.heads:
                if column.name == row.name:
                    cells.append(self.styled("\u2014", MUTED_STYLE, justify="center"))
                    continue
                value = share.get(frozenset((row.name, column.name)), 0.0)
                cells.append(self.styled(f"{100 * value:.0f}%", SHADE_STYLES[shade(value)],
                                         justify="center"))  # fmt: skip
            self.add_row(*cells, key=row.name)
        if where[0] is None and len(view.heads) > 1:
            # First fill: on the first pair's cell, not on a label (Enter there opens
            # nothing), in the first column, so a matrix wider than the screen opens at its
            # left edge.
            where = (view.heads[1].name, 1)
        self.restore(where)


class VerbatimTable(OverviewTable):
    """The pairs sharing most copied text, one per row (row keys: indices of
    `pairs`)."""

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(cursor_type="row", header_height=1, id=id)
        self.pairs: tuple[PairSummary, ...] = ()
        """The pairs listed."""

    def fill(self, view: StoryView, count: int = 5) -> None:
        """List the `count` pairs of a story that share most copied text."""
        self.clear(columns=True)
        self.pairs = view.overview.most_verbatim(count)
        self.display = bool(self.pairs)
        labels = {c.name: c.tag for c in view.heads}
        for label, key in (("pair", "pair"), ("copied", "verbatim"),
                           ("linked", "linked"), ("figures differ", "numbers")):  # fmt: skip
            self.add_column(Text(label, end=""), key=key)
        for i, p in enumerate(self.pairs):
            self.add_row(
                self.styled(f"{labels[p.left]} \u27f7 {labels[p.right]}"),
                self.styled(f"{100 * p.verbatim:.0f}%", "bold", justify="right"),
                self.styled(f"{100 * p.linked:.0f}%", justify="right"),
                self.styled(str(p.numbers_differ), FLAG_STYLE if p.numbers_differ else "",
                            justify="right"),
                key=str(i),
            )  # fmt: skip
