"""The reading-order layout: each pane keeps its own article's order, like Meld's sync points.

Owns where text lands when the user reads both articles through rather than row by row.
The comparison's in-order links (same and changed rows) are *sync points*: both panes
start them on the same visual line. Between two sync points each pane shows, in its own
order, what it has before the next one (sentences the other side lacks, sentences whose
counterpart stands elsewhere, boilerplate when shown), so two articles that share few
sentences still stand side by side instead of one facing a column of gaps. A pane is
never reordered: a moved sentence stands where its article has it, and a note under it
says, on both sides with a shared number (`↕3`), where its counterpart sits (sentence and
visible paragraph number). A side with nothing before a sync point faces a labelled gap.

Blocks are the same units as in the aligned layout (one comparison row, one stretch of
boilerplate), but a moved row has two (one per pane) and a visual line may hold the
cells of two blocks (`Line.right_block`). Blocks are ordered by their first line, left
before right, so the cursor walks down the screen.

Pure: no Textual import.
"""

from __future__ import annotations

from bisect import bisect_left
from collections.abc import Mapping
from dataclasses import dataclass, replace

from reader.core.model import Article, Comparison, Row
from reader.ui.layout import (
    _BREAK,
    Block,
    Cell,
    Highlighter,
    Layout,
    Line,
    NoteMarks,
    Side,
    _boilerplate,
    _Builder,
    _cells,
    _gap,
    _highlighted,
    _note,
    _user_notes,
    news_spans,
    visible_paragraphs,
)
from reader.ui.lines import MARKS
from reader.ui.textmap import Shown, plain

__all__ = ["SYNC_KINDS", "build_reading", "visible_paragraphs"]

SYNC_KINDS = ("same", "changed")
"""Row kinds that pin both panes to one line."""


@dataclass(frozen=True)
class _Unit:
    """One thing a pane shows between two sync points, in its article's order."""

    at: float
    """Where it stands in the article: its first sentence's index (boilerplate: just
    before the sentence it precedes)."""
    row: int | None
    """Index into `Comparison.rows`; None for boilerplate."""
    text: Shown | None = None
    """Boilerplate text (None for a row)."""


def _sync_rows(rows: tuple[Row, ...]) -> list[int]:
    """Indices of the rows both panes meet at: linked in order on both sides.

    The aligner's in-order links already ascend on both sides; a row that would not (a
    future aligner's choice) is laid out as a moved one rather than reorder a pane.
    """
    out: list[int] = []
    last_left = last_right = -1
    for index, row in enumerate(rows):
        if row.kind in SYNC_KINDS and row.left and row.right:
            if row.left[0] > last_left and row.right[0] > last_right:
                out.append(index)
                last_left, last_right = row.left[-1], row.right[-1]
    return out


class _Reading:
    """Accumulates the lines and blocks of a reading-order layout."""

    def __init__(
        self,
        comparison: Comparison,
        width: int,
        highlight: Highlighter,
        marks: Mapping[int, NoteMarks],
    ) -> None:
        self.c = comparison
        self.width = width
        self.b = _Builder(comparison, width, highlight, marks)
        self.marks = marks
        self.paras = {"left": visible_paragraphs(comparison.left)}
        self.paras["right"] = visible_paragraphs(comparison.right)
        self.moved_number: dict[int, int] = {}
        """Moved rows' shared numbers, given in the left article's order."""
        self.text_width = self.b.text_width

    def moved_label(self, index: int) -> int:
        """The shared number of a moved link, counted in the left article's order."""
        return self.moved_number.setdefault(index, len(self.moved_number) + 1)

    def unit_cells(self, unit: _Unit, side: Side) -> tuple[list[Cell], Block]:
        """A unit's cells in its pane and its block (first/height filled in later)."""
        b = self.b
        if unit.row is None:
            assert unit.text is not None
            text = unit.text.text
            spans = list(_highlighted(b.highlight, text))
            cells = _cells(text, spans, self.text_width, "boilerplate", MARKS["boilerplate"])
            texts = {"left": "", "right": ""}
            texts[side] = text
            anchor = int(unit.at)  # fixed by the caller
            return cells, Block("boilerplate", 0, 0, None, anchor, texts["left"], texts["right"])
        row = self.c.rows[unit.row]
        cells, text, first_of_missing = b.sentence_cells(row, side)
        para = b.article(side).sentences[(row.left if side == "left" else row.right)[0]].paragraph
        if first_of_missing:
            b.labelled.add((side, para))
        marks = self.marks.get(unit.row, NoteMarks())
        if side in marks.sides:
            cells[0] = replace(cells[0], noted=True)
        if row.kind == "moved":
            cells += self.moved_note(unit.row, row, side)
        cells += self.own_notes(marks, side, row)
        texts = {"left": "", "right": ""}
        texts[side] = text
        difference = row.kind == "moved" or first_of_missing or cells[0].kind == "only"
        block = Block(row.kind, 0, 0, unit.row, unit.row, texts["left"], texts["right"], difference)
        return cells, block

    def paragraph(self, unit: _Unit, side: Side) -> int | None:
        """The paragraph of a unit's first sentence; None for boilerplate."""
        if unit.row is None:
            return None
        row = self.c.rows[unit.row]
        return self.b.article(side).sentences[(row.left if side == "left" else row.right)[0]].paragraph

    def moved_note(self, index: int, row: Row, side: Side) -> list[Cell]:
        """Under a moved sentence: its link number and where the counterpart sits."""
        other: Side = "right" if side == "left" else "left"
        article = self.b.article(other)
        sentence = article.sentences[(row.left if other == "left" else row.right)[0]]
        number = self.moved_label(index)
        text = (
            f"\u2195{number} moved: {plain(article.label)} has it at "
            f"\u00b6{self.paras[other].get(sentence.paragraph, 0)}, "
            f"sentence {sentence.index + 1}"
        )
        return _note(text, self.text_width, "note-moved")

    def own_notes(self, marks: NoteMarks, side: Side, row: Row) -> list[Cell]:
        """The user's notes under one pane's part of a row (a moved row's notes about both
        sides, or the left, go under its left part)."""
        if not marks.lines:
            return []
        keep = []
        for sides, text in marks.lines:
            if row.kind != "moved" or (side == "left") == ("left" in sides):
                keep.append((frozenset({side}), text))
        pairs = _user_notes(NoteMarks(lines=tuple(keep)), self.text_width)
        return [left if side == "left" else right for left, right in pairs]

    def segment(self, units: dict[Side, list[_Unit]], anchor: int) -> None:
        """What each pane has before the next sync point, side by side."""
        if not units["left"] and not units["right"]:
            return
        b = self.b
        if b.blocks and any(
            self.paragraph(units[side][0], side) != b.paragraphs[side]
            for side in ("left", "right")
            if units[side]
        ):
            b.lines.append(_BREAK)
        start = len(b.lines)
        columns: dict[Side, list[tuple[Cell, int | None]]] = {"left": [], "right": []}
        placed: list[tuple[int, int, Block]] = []  # (first line in column, side order, block)
        for order, side in enumerate(("left", "right")):
            column = columns[side]  # type: ignore[index]
            for unit in units[side]:  # type: ignore[index]
                cells, block = self.unit_cells(
                    unit if unit.row is not None else replace(unit, at=anchor), side
                )
                para = self.paragraph(unit, side)
                if column and (unit.row is None or para != b.paragraphs[side]):
                    column.append((Cell(), None))
                if para is not None:
                    b.paragraphs[side] = para
                placed.append((len(column), order, block))
                column.extend((cell, len(placed) - 1) for cell in cells)
        for side, other in (("left", "right"), ("right", "left")):
            if not columns[side] and columns[other]:  # type: ignore[index]
                label = f"not in {plain(b.article(side).label)}"  # type: ignore[arg-type]
                gap = _gap(label, self.text_width)
                rest = len(columns[other]) - len(gap)  # type: ignore[index]
                filler = Cell(mark=MARKS["gap"], kind="gap")
                columns[side] = [(c, None) for c in gap] + [(filler, None)] * max(0, rest)  # type: ignore[index]
        height = max(len(columns["left"]), len(columns["right"]))
        # Blocks top to bottom (left first on a tie): the cursor walks down the screen.
        order = sorted(range(len(placed)), key=lambda i: (placed[i][0], placed[i][1]))
        number = {k: len(b.blocks) + n for n, k in enumerate(order)}
        heights = {k: 0 for k in range(len(placed))}
        for side in ("left", "right"):
            for _, k in columns[side]:  # type: ignore[index]
                if k is not None:
                    heights[k] += 1
        for k in order:
            first, _, block = placed[k]
            b.blocks.append(replace(block, first=start + first, height=heights[k]))
        blank = (Cell(), None)
        for y in range(height):
            lc, lk = columns["left"][y] if y < len(columns["left"]) else blank
            rc, rk = columns["right"][y] if y < len(columns["right"]) else blank
            left = number[lk] if lk is not None else None
            right = number[rk] if rk is not None else None
            b.lines.append(Line(lc, rc, left, right if right != left else -1))

    def build(self, boilerplate: bool) -> Layout:
        rows = self.c.rows
        sync = _sync_rows(rows)
        sync_set = set(sync)
        units: dict[Side, list[_Unit]] = {"left": [], "right": []}
        for index, row in enumerate(rows):
            if index in sync_set:
                continue
            if row.left:
                units["left"].append(_Unit(row.left[0], index))
            if row.right:
                units["right"].append(_Unit(row.right[0], index))
        if boilerplate:
            for side, article in (("left", self.c.left), ("right", self.c.right)):
                units[side] += [_Unit(at - 0.5, None, text) for at, text in _boilerplate(article)]  # type: ignore[index]
        for side in ("left", "right"):
            units[side].sort(key=lambda u: u.at)  # type: ignore[index]
        at: dict[Side, list[float]] = {s: [u.at for u in units[s]] for s in ("left", "right")}  # type: ignore[misc]
        taken = {"left": 0, "right": 0}
        for index in sync:
            row = rows[index]
            chunk: dict[Side, list[_Unit]] = {}
            for side, first in (("left", row.left[0]), ("right", row.right[0])):
                until = bisect_left(at[side], first)  # type: ignore[index]
                chunk[side] = units[side][taken[side] : until]  # type: ignore[index]
                taken[side] = max(taken[side], until)
            self.segment(chunk, index)
            self.b.row(index, row)
        self.segment(
            {"left": units["left"][taken["left"] :], "right": units["right"][taken["right"] :]},
            len(rows),
        )
        return Layout(tuple(self.b.lines), tuple(self.b.blocks), self.width)


def build_reading(
    comparison: Comparison,
    width: int,
    *,
    boilerplate: bool = False,
    highlight: Highlighter = news_spans,
    notes: Mapping[int, NoteMarks] | None = None,
) -> Layout:
    """Lay out a comparison in reading order for two panes of `width` cells each.

    Args:
        comparison: The comparison to show.
        width: Cells of one pane, gutter included.
        boilerplate: Show boilerplate (dimmed, in place) instead of leaving it out.
        highlight: Gives the lexer spans of a stretch of text.
        notes: The user's notes by comparison row (see `reader.ui.notemap`).

    Returns:
        The lines and blocks.
    """
    marks = {row: m for row, m in (notes or {}).items() if m != NoteMarks()}
    return _Reading(comparison, width, highlight, marks).build(boilerplate)
