"""Laid-out comparisons kept for reuse, so going back to a pair lays nothing out again.

A layout depends on the comparison, the pane width, whether boilerplate is shown and the
user's notes on it. Layouts made ahead in a worker (no notes) are kept here too. The pair
view (`reader.ui.widgets.sidebyside`) owns one.
"""

from __future__ import annotations

from collections.abc import Mapping

from textual.cache import LRUCache

from reader.core.model import Comparison
from reader.ui.layout import Layout, NoteMarks, build_layout

KEPT = 16
"""Laid-out comparisons kept (each holds every line of both articles)."""

Key = tuple[int, int, bool, tuple[tuple[int, NoteMarks], ...]]
"""(id of the comparison, pane width, boilerplate shown, the user's notes by row)."""


def key(
    comparison: Comparison, width: int, boilerplate: bool, notes: Mapping[int, NoteMarks]
) -> Key:
    """What a layout depends on, as a cache key."""
    return id(comparison), width, boilerplate, tuple(sorted(notes.items()))


class Layouts:
    """The last `KEPT` layouts, by what they depend on."""

    def __init__(self, kept: int = KEPT) -> None:
        # The comparison is kept beside its layout: an id is only unique while it lives.
        self._cache: LRUCache[Key, tuple[Comparison, Layout]] = LRUCache(kept)

    def keep(self, comparison: Comparison, layout: Layout, boilerplate: bool) -> None:
        """Keep a layout made ahead (with no notes)."""
        self._cache[key(comparison, layout.width, boilerplate, {})] = (comparison, layout)

    def get(
        self,
        comparison: Comparison,
        width: int,
        boilerplate: bool,
        notes: Mapping[int, NoteMarks],
    ) -> Layout:
        """The comparison laid out: kept, else built now (and kept)."""
        k = key(comparison, width, boilerplate, notes)
        cached = self._cache.get(k)
        if cached is not None and cached[0] is comparison:
            return cached[1]
        layout = build_layout(comparison, width, boilerplate=boilerplate, notes=notes)
        self._cache[k] = (comparison, layout)
        return layout
