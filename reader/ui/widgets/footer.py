"""Textual's footer, recomposed once per screen refresh however many binding changes came.

The stock `Footer` schedules a full recompose (a widget per key) for every
`bindings_updated_signal`; opening the compare screen sends three in a row (screen
resumed, focus set, a deferred refresh), so the footer was built four times before the
first pair could paint. This one queues at most one recompose, which reads the bindings
as they are when it runs, so what it shows is the same.
"""

from __future__ import annotations

from textual.screen import Screen
from textual.widgets import Footer as TextualFooter


class Footer(TextualFooter):
    """The key bar at the bottom of the compare screen."""

    _recompose_queued = False

    def bindings_changed(self, screen: Screen) -> None:
        # Textual's `Footer.bindings_changed`, with the recompose coalesced.
        self._bindings_ready = True
        if not screen.app.app_focus:
            return
        if self.is_attached and screen is self.screen and not self._recompose_queued:
            self._recompose_queued = True
            self.call_after_refresh(self._recompose_once)

    async def _recompose_once(self) -> None:
        self._recompose_queued = False
        await self.recompose()
