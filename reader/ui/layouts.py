"""Laid-out comparisons kept for reuse, so going back to a pair lays nothing out again.

A layout depends on the comparison, the pane width, whether boilerplate is shown, the
user's notes on it and the layout chosen (aligned rows or reading order). Layouts made ahead in a worker (no notes) are kept here too. The pair
view (`reader.ui.widgets.sidebyside`) owns one.
"""

from __future__ import annotations

from collections.abc import Mapping

from textual.cache import LRUCache

from reader.core.model import Comparison
from reader.ui.layout import Layout, NoteMarks, build_layout
from reader.ui.reading import build_reading

KEPT = 16
"""Laid-out comparisons kept (each holds every line of both articles)."""

Key = tuple[int, int, bool, tuple[tuple[int, NoteMarks], ...], bool]
"""(id of the comparison, pane width, boilerplate shown, the user's notes by row,
reading order)."""


def key(
    comparison: Comparison,
    width: int,
    boilerplate: bool,
    notes: Mapping[int, NoteMarks],
    reading: bool = False,
) -> Key:
    """What a layout depends on, as a cache key."""
    return id(comparison), width, boilerplate, tuple(sorted(notes.items())), reading


def lay_out(
    comparison: Comparison,
    width: int,
    *,
    boilerplate: bool,
    notes: Mapping[int, NoteMarks] | None = None,
    reading: bool = False,
) -> Layout:
    """The comparison laid out as aligned rows, or in reading order (`reader.ui.reading`)."""
    build = build_reading if reading else build_layout
    return build(comparison, width, boilerplate=boilerplate, notes=notes)


class Layouts:
    """The last `KEPT` layouts, by what they depend on."""

    def __init__(self, kept: int = KEPT) -> None:
        # The comparison is kept beside its layout: an id is only unique while it lives.
        self._cache: LRUCache[Key, tuple[Comparison, Layout]] = LRUCache(kept)

    def keep(
        self, comparison: Comparison, layout: Layout, boilerplate: bool, reading: bool = False
    ) -> None:
        """Keep a layout made ahead (with no notes)."""
        k = key(comparison, layout.width, boilerplate, {}, reading)
        self._cache[k] = (comparison, layout)

    def get(
        self,
        comparison: Comparison,
        width: int,
        boilerplate: bool,
        notes: Mapping[int, NoteMarks],
        reading: bool = False,
    ) -> Layout:
        """The comparison laid out: kept, else built now (and kept)."""
        k = key(comparison, width, boilerplate, notes, reading)
        cached = self._cache.get(k)
        if cached is not None and cached[0] is comparison:
            return cached[1]
        layout = lay_out(comparison, width, boilerplate=boilerplate, notes=notes, reading=reading)
        self._cache[k] = (comparison, layout)
        return layout
