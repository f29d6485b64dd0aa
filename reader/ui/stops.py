"""What the fact-checker looks for: jump targets, filters and the mini-map's marks.

Owns the questions asked of a laid-out comparison: is this block a differing number, a
passage one side lacks, a moved sentence, a noted row (the jump keys), does it pass the
filter in force (`filtered` keeps only those blocks, in either layout), and which mark
each stretch of the pair gets in the mini-map beside the scrollbar. Pure: no Textual.
"""

from __future__ import annotations

from collections.abc import Callable, Collection
from dataclasses import replace
from typing import Literal

from reader.core.model import Comparison
from reader.ui.lines import Block, Cell, Layout, Line

Stop = Literal["difference", "number", "missing", "moved", "noted"]
"""What a jump key looks for."""
Filter = Literal["all", "numbers", "left", "right", "changed"]
"""Which blocks a filtered view keeps."""

FILTERS: tuple[Filter, ...] = ("all", "numbers", "left", "right", "changed")
"""The filters in the order `f` steps through them."""
FILTER_NAMES: dict[Filter, str] = {
    "all": "everything",
    "numbers": "only differing numbers",
    "left": "only what the left alone has",
    "right": "only what the right alone has",
    "changed": "only changed or moved",
}
"""How the filter bar, the palette and the help name each filter."""
STOP_NAMES: dict[Stop, tuple[str, str]] = {
    "difference": ("difference", "differences"),
    "number": ("differing number", "differing numbers"),
    "missing": ("missing passage", "missing passages"),
    "moved": ("moved sentence", "moved sentences"),
    "noted": ("noted row", "noted rows"),
}
"""Singular and plural of what a jump looks for, for its notices."""


def numbers_differ(block: Block, comparison: Comparison) -> bool:
    """The block's row pairs a number whose values differ."""
    if block.row is None or block.row >= len(comparison.rows):
        return False
    return any(n.differs for n in comparison.rows[block.row].numbers)


def is_stop(block: Block, stop: Stop, comparison: Comparison, noted: Collection[int]) -> bool:
    """Whether a jump looking for `stop` stops on `block`.

    Args:
        block: The laid-out block.
        stop: What the jump looks for.
        comparison: The comparison laid out.
        noted: Comparison rows the user's notes touch.

    Returns:
        True for a block the jump should land on; a missing passage counts once, at its
        first sentence (or a lone sentence the other side lacks).
    """
    if stop == "difference":
        return block.difference
    if stop == "number":
        return numbers_differ(block, comparison)
    if stop == "missing":
        return block.kind in ("left_only", "right_only") and block.difference
    if stop == "moved":
        return block.kind == "moved"
    return block.row is not None and block.row in noted


def keeps(block: Block, which: Filter, comparison: Comparison) -> bool:
    """Whether the filter `which` keeps `block` in view."""
    if which == "all":
        return True
    if which == "numbers":
        return numbers_differ(block, comparison)
    if which == "left":
        return block.kind == "left_only"
    if which == "right":
        return block.kind == "right_only"
    return block.kind in ("changed", "moved")


_BLANK = Cell()
_BREAK = Line(_BLANK, _BLANK, None)


def filtered(layout: Layout, keep: Callable[[Block], bool]) -> Layout:
    """The layout with only the blocks `keep` accepts, in order, a blank line wherever
    something was left out. A line holding two blocks (reading order) keeps the cell of
    the one kept and blanks the other.

    Args:
        layout: A layout from `reader.ui.layout` or `reader.ui.reading`.
        keep: Which blocks stay.

    Returns:
        A layout of the same width whose blocks are the kept ones, renumbered.
    """
    kept = [i for i, block in enumerate(layout.blocks) if keep(block)]
    number = {old: new for new, old in enumerate(kept)}
    lines: list[Line] = []
    firsts: dict[int, int] = {}
    heights: dict[int, int] = {}
    last = -2
    for y, line in enumerate(layout.lines):
        left = number.get(line.block) if line.block is not None else None
        other = line.right_of
        right = number.get(other) if other is not None else None
        if left is None and right is None:
            continue
        if lines and y != last + 1:
            lines.append(_BREAK)
        last = y
        for block in {left, right} - {None}:
            firsts.setdefault(block, len(lines))  # type: ignore[arg-type]
            heights[block] = heights.get(block, 0) + 1  # type: ignore[index]
        lines.append(
            Line(
                line.left if left is not None else _BLANK,
                line.right if right is not None else _BLANK,
                left,
                -1 if right == left else right,
            )
        )
    blocks = tuple(
        replace(layout.blocks[old], first=firsts[new], height=heights[new])
        for new, old in enumerate(kept)
    )
    return Layout(tuple(lines), blocks, layout.width)


MINIMAP_MARKS: tuple[tuple[str, str], ...] = (
    ("number", "\u2260"),
    ("left", "-"),
    ("right", "+"),
    ("moved", "\u2195"),
    ("noted", "\u270e"),
)
"""Mini-map marks, most telling first: one cell shows the first that applies. Changed
rows are left out: nearly every row of two outlets' articles is changed."""


def block_mark(block: Block, comparison: Comparison, noted: Collection[int]) -> str | None:
    """What the mini-map shows for one block (see `MINIMAP_MARKS`), None for nothing."""
    if numbers_differ(block, comparison):
        return "number"
    if block.kind == "left_only" or block.kind == "right_only":
        return "left" if block.kind == "left_only" else "right"
    if block.kind == "moved":
        return "moved"
    if block.row is not None and block.row in noted:
        return "noted"
    return None


def minimap(
    layout: Layout, comparison: Comparison, noted: Collection[int], height: int
) -> list[str | None]:
    """The mini-map: for each of `height` cells, the most telling mark of the lines it
    stands for (the whole pair scaled to the height), or None.

    Args:
        layout: The layout shown.
        comparison: Its comparison.
        noted: Comparison rows the user's notes touch.
        height: Cells of the mini-map.

    Returns:
        One mark name (a key of `MINIMAP_MARKS`) or None per cell.
    """
    total = len(layout.lines)
    out: list[str | None] = [None] * max(0, height)
    if not total or height <= 0:
        return out
    rank = {name: i for i, (name, _) in enumerate(MINIMAP_MARKS)}
    for block in layout.blocks:
        mark = block_mark(block, comparison, noted)
        if mark is None:
            continue
        top = block.first * height // total
        bottom = max(top, (block.first + block.height - 1) * height // total)
        for cell in range(top, min(bottom, height - 1) + 1):
            if out[cell] is None or rank[mark] < rank[out[cell]]:  # type: ignore[index]
                out[cell] = mark
    return out
