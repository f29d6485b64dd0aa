"""The pieces of the side-by-side view model: cells, lines, blocks and a whole layout.

Owns the shapes `reader.ui.layout` builds and `reader.ui.render` paints: what one side of
a visual line holds (text, highlight spans, gutter marker) and how lines group into the
blocks the cursor moves over. Pure: no Textual import.

The classes have slots: a layout of a 4 MB article holds some 200,000 lines, each of
two cells, and an object with a `__dict__` is four times the size.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal, TypeAlias

from pygments.token import _TokenType

Side = Literal["left", "right"]
CellKind = Literal[
    "same", "changed", "moved", "only", "missing", "gap", "boilerplate", "note", "blank"
]
"""What a whole cell is: a kind of sentence, a gap facing one, boilerplate, a note line."""
SpanKind = Literal[
    "word", "moved-word", "number", "label", "note-number", "note-moved", "note-mark", "note-text"
]
"""Highlights inside a cell: a changed word, a differing number, a gap label, note text."""
Kind: TypeAlias = SpanKind | _TokenType
StyleSpan = tuple[int, int, Kind]

GUTTER = 2
"""Cells of each pane taken by the marker column (marker and a space)."""
MARKS: dict[str, str] = {
    "same": "=", "changed": "~", "moved": "\u2195", "only": "\u00b7", "missing": "\u00b7",
    "gap": "\u2506", "boilerplate": "#", "note": " ", "blank": " ",
}  # fmt: skip
"""Marker shown in the gutter, so kinds are told apart without colour."""
NOTE_MARK = "\u270e"
"""Shown in the gutter of a side a user's note is about, and before each note line."""
NOTE_LINES = 3
"""Most visual lines a note's text takes under its row (the rest is cut with \u2026)."""


@dataclass(frozen=True, slots=True)
class Cell:
    """One side of one visual line."""

    text: str = ""
    """What is shown after the gutter; fits the pane's text width."""
    spans: tuple[StyleSpan, ...] = ()
    """Highlights as (start, end, kind), offsets into `text`."""
    mark: str = " "
    """The gutter marker."""
    kind: CellKind = "blank"
    """What the cell shows."""
    offset: int = -1
    """Where `text` starts in the block side's text; -1 for labels and notes."""
    noted: bool = False
    """A user's note is about this side of the row (first line of the side only)."""


@dataclass(frozen=True, slots=True)
class NoteMarks:
    """The user's notes touching one row, as the layout shows them."""

    sides: frozenset[Side] = frozenset()
    """The panes whose sentence a note is about: they get the note marker."""
    lines: tuple[tuple[frozenset[Side], str], ...] = ()
    """Each note to show under the row: the panes it goes in, and its one-line text (a
    link made or removed by hand says `LINKED_BY_HAND` or `UNLINKED_BY_HAND`)."""

    @property
    def noted(self) -> bool:
        """Whether a note, not only a link made or removed by hand, touches the row (the
        rows ' and the mini-map's \u270e stop at)."""
        return bool(self.sides) or any(text not in CORRECTIONS for _, text in self.lines)


LINKED_BY_HAND = "\u21c4 linked by hand"
"""What a link the user made says under its row (and in the notes list)."""
UNLINKED_BY_HAND = "\u21ce not the same: link removed by hand"
"""What a link the user removed says."""
CORRECTIONS = frozenset({LINKED_BY_HAND, UNLINKED_BY_HAND})
"""Lines under a row that are corrections of the alignment, not notes: shown without the
note marker."""


@dataclass(frozen=True, slots=True)
class Line:
    """One visual line: both sides, level."""

    left: Cell
    """The left pane's cell."""
    right: Cell
    """The right pane's cell."""
    block: int | None
    """Index of the block it belongs to (its left cell's, when `right_block` names
    another); None for paragraph breaks and blank cells."""
    right_block: int | None = -1
    """The right cell's block when it is not `block` (the reading-order layout puts
    unrelated passages side by side); -1: the same as `block`."""

    @property
    def right_of(self) -> int | None:
        """The block of the right cell."""
        return self.block if self.right_block == -1 else self.right_block

    def of(self, side: Side) -> int | None:
        """The block of one side's cell."""
        return self.block if side == "left" else self.right_of


@dataclass(frozen=True, slots=True)
class Block:
    """A row of the comparison (or a stretch of boilerplate) as laid out."""

    kind: str
    """A `RowKind`, or 'boilerplate'."""
    first: int
    """Its first visual line."""
    height: int
    """How many visual lines it takes (notes included)."""
    row: int | None
    """Index into `Comparison.rows`; None for boilerplate."""
    anchor: int
    """The comparison row it stands at: its own, or the one boilerplate precedes."""
    left: str = ""
    """Full text of the left side (search runs over it)."""
    right: str = ""
    """Full text of the right side."""
    difference: bool = False
    """A stop for next/previous difference: changed or moved row, sentence or paragraph
    only one side has (a paragraph counts once, at its first row), differing number."""


@dataclass(frozen=True, slots=True, weakref_slot=True)
class Layout:
    """A comparison laid out at one pane width."""

    lines: tuple[Line, ...]
    """Every visual line, top to bottom."""
    blocks: tuple[Block, ...]
    """Every block, top to bottom."""
    width: int
    """Width of one pane, gutter included."""
    _by_row: dict[int, int] = field(default_factory=dict, repr=False, compare=False)

    def block_of_row(self, row: int) -> int | None:
        """The block showing comparison row `row`."""
        if not self._by_row:
            self._by_row.update({b.row: i for i, b in enumerate(self.blocks) if b.row is not None})
        return self._by_row.get(row)

    def block_near(self, anchor: int, kind: str) -> int:
        """The block standing for `anchor`/`kind` after a relayout, else the nearest row."""
        for i, block in enumerate(self.blocks):
            if block.anchor == anchor and block.kind == kind:
                return i
        for i, block in enumerate(self.blocks):
            if block.anchor >= anchor and block.row is not None:
                return i
        return max(0, len(self.blocks) - 1)
