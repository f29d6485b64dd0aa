"""Search over both panes of a laid-out comparison.

Owns where a query matches: in the full text of each block side (so a match can span a
line break) and which part of a match each wrapped cell shows. Pure: no Textual import.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass

from reader.ui.layout import Cell, Layout, Side


@dataclass(frozen=True)
class Match:
    """A search hit inside a block side."""

    block: int
    """Block index."""
    side: Side
    """Which pane."""
    start: int
    """Offset into the block side's text."""
    end: int
    """One past the last character."""


def find(layout: Layout, query: str) -> tuple[Match, ...]:
    """Every occurrence of `query` (case-insensitive) in both panes, top to bottom.

    Args:
        layout: The laid-out comparison.
        query: The words to look for.

    Returns:
        The matches in reading order, left pane first within a block.
    """
    if not query.strip():
        return ()
    pattern = re.compile(re.escape(query), re.IGNORECASE)
    out: list[Match] = []
    for index, block in enumerate(layout.blocks):
        sides: tuple[tuple[Side, str], ...] = (("left", block.left), ("right", block.right))
        for side, text in sides:
            out.extend(Match(index, side, m.start(), m.end()) for m in pattern.finditer(text))
    return tuple(out)


def cell_matches(cell: Cell, matches: Iterable[Match]) -> Iterator[tuple[int, int, Match]]:
    """The parts of `matches` (of this cell's block and side) that fall inside `cell`."""
    if cell.offset < 0:
        return
    end = cell.offset + len(cell.text)
    for m in matches:
        if m.start < end and m.end > cell.offset:
            yield max(m.start, cell.offset) - cell.offset, min(m.end, end) - cell.offset, m
