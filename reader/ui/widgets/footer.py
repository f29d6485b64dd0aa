"""Textual's footer, recomposed only when the keys it shows change.

The stock `Footer` schedules a full recompose (a widget per key) for every
`bindings_updated_signal`; opening the compare screen sends several (screen resumed,
focus set, each article read, the pair shown), so the footer was built five times before
the first pair could paint, though the keys shown were the same each time. This one
queues at most one recompose per refresh, and skips it when the keys it would show (key,
label, action, enabled, tooltip) are those already shown.

On a narrow terminal it drops whole keys, least important first (`PRIORITY`), instead of
letting the bar cut the last ones in half: at 80 columns the help, the next difference,
the next differing number and the next pair stay.
"""

from __future__ import annotations

from collections.abc import Hashable

from rich.cells import cell_len
from textual import events
from textual.app import ComposeResult
from textual.screen import Screen
from textual.widgets import Footer as TextualFooter
from textual.widgets._footer import FooterKey

PRIORITY = (
    "help", "next_difference", "next_number", "next_pair", "clear_filter", "quit",
    "next_filter", "toggle_layout", "search", "previous_difference", "pick_pair",
    "previous_pair", "swap",
)  # fmt: skip
"""Actions whose keys a narrow key bar keeps, most important first; others come after."""
PALETTE_CELLS = 13
"""Cells the command palette's key takes at the right end."""


class Footer(TextualFooter):
    """The key bar at the bottom of the compare screen."""

    _recompose_queued = False
    _shown: Hashable = None

    def __init__(self, *, deferred: bool = False, id: str | None = None) -> None:
        """`deferred`: show no keys until `show_keys` (the screen's content first)."""
        super().__init__(id=id)
        self._deferred = deferred

    def show_keys(self) -> None:
        """Show the keys now, if they were deferred."""
        if self._deferred:
            self._deferred = False
            if self.is_attached:  # in the footer's own context, as Textual's on_mount does
                self.call_next(self.bindings_changed, self.screen)

    def bindings_changed(self, screen: Screen) -> None:
        # Textual's `Footer.bindings_changed`, with the recompose coalesced.
        self._bindings_ready = True
        if not screen.app.app_focus or self._deferred:
            return
        if self.is_attached and screen is self.screen and not self._recompose_queued:
            self._recompose_queued = True
            self.call_after_refresh(self._recompose_once)

    async def _recompose_once(self) -> None:
        self._recompose_queued = False
        shown = self._keys()
        if shown != self._shown:
            self._shown = shown
            await self.recompose()

    def compose(self) -> ComposeResult:
        widgets = list(super().compose())
        keys = [w for w in widgets if isinstance(w, FooterKey) and "-command-palette" not in w.classes]
        width = self.size.width
        if not width or not keys:
            yield from widgets
            return
        room = width - PALETTE_CELLS
        rank = {action: i for i, action in enumerate(PRIORITY)}
        kept: set[int] = set()
        for key in sorted(keys, key=lambda k: rank.get(k.action, len(PRIORITY))):
            cells = cell_len(key.key_display) + cell_len(key.description) + 3
            if cells <= room:
                kept.add(id(key))
                room -= cells
        shown = [w for w in widgets if not isinstance(w, FooterKey) or id(w) in kept
                 or "-command-palette" in w.classes]  # fmt: skip
        self.styles.grid_size_columns = sum(
            1 for w in shown if isinstance(w, FooterKey) and "-command-palette" not in w.classes
        )
        yield from shown

    def on_resize(self, event: events.Resize) -> None:
        if self._bindings_ready and not self._deferred and not self._recompose_queued:
            self._recompose_queued = True
            self.call_after_refresh(self._recompose_once)

    def _keys(self) -> Hashable:
        """What `compose` would show: the visible keys and the footer's own settings."""
        keys = tuple(
            (binding.key, self.app.get_key_display(binding), binding.description,
             binding.action, binding.group, enabled, tooltip)
            for (_, binding, enabled, tooltip) in self.screen.active_bindings.values()
            if binding.show
        )  # fmt: skip
        return keys, self.compact, self.show_command_palette, self.size.width
