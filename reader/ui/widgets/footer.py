"""Textual's footer, recomposed only when the keys it shows change.

The stock `Footer` schedules a full recompose (a widget per key) for every
`bindings_updated_signal`; opening the compare screen sends several (screen resumed,
focus set, each article read, the pair shown), so the footer was built five times before
the first pair could paint, though the keys shown were the same each time. This one
queues at most one recompose per refresh, and skips it when the keys it would show (key,
label, action, enabled, tooltip) are those already shown.
"""

from __future__ import annotations

from collections.abc import Hashable

from textual.screen import Screen
from textual.widgets import Footer as TextualFooter


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

    def _keys(self) -> Hashable:
        """What `compose` would show: the visible keys and the footer's own settings."""
        keys = tuple(
            (binding.key, self.app.get_key_display(binding), binding.description,
             binding.action, binding.group, enabled, tooltip)
            for (_, binding, enabled, tooltip) in self.screen.active_bindings.values()
            if binding.show
        )  # fmt: skip
        return keys, self.compact, self.show_command_palette
