"""Screenshots of the note editor and the notes list (see tests/ui/test_snapshots.py for
how to update them)."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from textual.pilot import Pilot
from textual.widgets import Input, TextArea

from reader.store import NoteStore, Target
from reader.ui.screens.compare import CompareScreen
from tests.ui.conftest import build, press, settle
from tests.ui.test_notes import DAILY, IBT, MOSCOW, _go_to, _note_on
from tests.ui.test_notes import notes_dir as notes_dir  # the fixture, shared

SIZE = (120, 36)
Snap = Callable[..., bool]


def _no_blink(pilot: Pilot[object]) -> None:
    for widget in pilot.app.screen.query("TextArea, Input"):
        assert isinstance(widget, TextArea | Input)
        widget.cursor_blink = False


def test_annotate_modal(snap_compare: Snap, notes_dir: Path) -> None:
    """a on the 3,000 vs 300,000 row: the differing number preselected, a note typed and
    a tag ticked (Enter on it)."""
    app = build(notes_dir, left=IBT, right=MOSCOW)

    async def run_before(pilot: Pilot[object]) -> None:
        await settle(pilot.app, pilot)
        screen = pilot.app.screen
        assert isinstance(screen, CompareScreen)
        _go_to(screen, "300,000")
        await press(pilot.app, pilot, "a")
        _no_blink(pilot)
        await pilot.press(*"IBTimes dropped two zeros: 3,000 where the UN says 300,000")
        await press(pilot.app, pilot, "tab", "enter", "shift+tab")

    assert snap_compare(app, terminal_size=SIZE, run_before=run_before)


def test_annotate_modal_without_colour(
    snap_compare: Snap, notes_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The same editor under NO_COLOR: the chosen subject and the ticked tag read ✓."""
    monkeypatch.setenv("NO_COLOR", "1")
    app = build(notes_dir, left=IBT, right=MOSCOW)

    async def run_before(pilot: Pilot[object]) -> None:
        await settle(pilot.app, pilot)
        screen = pilot.app.screen
        assert isinstance(screen, CompareScreen)
        _go_to(screen, "300,000")
        await press(pilot.app, pilot, "a")
        _no_blink(pilot)
        await pilot.press(*"IBTimes dropped two zeros")
        await press(pilot.app, pilot, "tab", "enter", "shift+tab")

    assert snap_compare(app, terminal_size=SIZE, run_before=run_before)


def test_notes_list(snap_compare: Snap, notes_dir: Path) -> None:
    """A: three notes, one on a pair of sentences, one tagged verified, one whose quote is
    no longer in the text."""
    _note_on(notes_dir, MOSCOW, "300,000", "UN figure is 300,000; IBTimes says 3,000",
             "discrepancy", "needs-source")  # fmt: skip
    _note_on(notes_dir, DAILY, "Humaymat", "Hilltops retaken: confirmed by two outlets", "verified")
    NoteStore.open(notes_dir).add(
        "Quote changed since",
        [Target(IBT, "a sentence the article no longer has", start=5, end=41)],
    )
    app = build(notes_dir, left=IBT, right=MOSCOW)

    async def run_before(pilot: Pilot[object]) -> None:
        await settle(pilot.app, pilot)
        await press(pilot.app, pilot, "A")
        _no_blink(pilot)

    assert snap_compare(app, terminal_size=SIZE, run_before=run_before)
