"""Correcting the grouping from the overview: c lists merges, moves and undo; the choice
is saved in the sidecar, the stories regroup, and a new reader sees the same. One
snapshot of the story picker with its titles."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

from textual.app import App
from textual.pilot import Pilot
from textual.widgets import OptionList

from reader.store import SIDECAR_NAME
from reader.store.corrections import FIELD
from reader.ui.screens.overview import OverviewScreen
from reader.ui.screens.regroup import RegroupPicker
from tests.ui.conftest import build, press, settle
from tests.ui.test_stories import BANK, SIZE, TRANSFER
from tests.ui.test_stories import stories_dir as stories_dir  # the fixture, shared

Snap = Callable[..., bool]


async def _overview(app: App[object], pilot: Pilot[object]) -> OverviewScreen:
    await settle(app, pilot)
    await press(app, pilot, "o")
    overview = app.screen
    assert isinstance(overview, OverviewScreen)
    for _ in range(20):
        await settle(app, pilot)
        if overview.stories is not None:
            break
    assert overview.stories is not None
    return overview


async def _choose(app: App[object], pilot: Pilot[object], label: str) -> None:
    """c, then Enter on the first choice whose label starts with `label`."""
    await press(app, pilot, "c")
    picker = app.screen
    assert isinstance(picker, RegroupPicker)
    index = next(k for k, (text, _) in enumerate(picker.choices) if text.startswith(label))
    picker.query_one(OptionList).highlighted = index
    await press(app, pilot, "enter")
    for _ in range(20):
        await settle(app, pilot)
        if isinstance(app.screen, OverviewScreen) and app.screen.stories is not None:
            break


def _groups(overview: OverviewScreen) -> set[frozenset[str]]:
    assert overview.stories is not None
    return {frozenset(s.names) for s in overview.stories}


async def test_merge_then_undo_from_the_overview(stories_dir: Path) -> None:
    """Merging the bank story with the transfer story is saved and shown; undo splits them
    again; the sidecar keeps both entries, the merge marked undone."""
    app = build(stories_dir)
    async with app.run_test(size=SIZE) as pilot:
        overview = await _overview(app, pilot)
        assert frozenset(BANK) in _groups(overview)
        overview.story_index = next(
            k for k, s in enumerate(overview.stories or ()) if set(s.names) == BANK
        )
        await settle(app, pilot)
        await _choose(app, pilot, "Merge with story")
        overview = app.screen
        assert isinstance(overview, OverviewScreen)
        merged = {g for g in _groups(overview) if BANK <= g}
        assert len(merged) == 1 and len(next(iter(merged))) > len(BANK)
        doc = json.loads((stories_dir / SIDECAR_NAME).read_text(encoding="utf-8"))
        assert [e["op"] for e in doc[FIELD]] == ["merge"]
        await _choose(app, pilot, "Undo: merged the stories of")
        overview = app.screen
        assert isinstance(overview, OverviewScreen)
        assert frozenset(BANK) in _groups(overview)
        doc = json.loads((stories_dir / SIDECAR_NAME).read_text(encoding="utf-8"))
        assert [e["undone"] for e in doc[FIELD]] == [True]


async def test_a_moved_article_stays_moved_after_a_restart(stories_dir: Path) -> None:
    """Move transfer_b.txt to a story of its own; a new reader on the folder shows it so."""
    app = build(stories_dir)
    async with app.run_test(size=SIZE) as pilot:
        overview = await _overview(app, pilot)
        overview.story_index = next(
            k for k, s in enumerate(overview.stories or ()) if set(s.names) == TRANSFER
        )
        await settle(app, pilot)
        await _choose(app, pilot, "Move transfer_b.txt to a story of its own")
        overview = app.screen
        assert isinstance(overview, OverviewScreen)
        assert frozenset({"transfer_b.txt"}) in _groups(overview)
    again = build(stories_dir)
    async with again.run_test(size=SIZE) as pilot:
        overview = await _overview(again, pilot)
        assert frozenset({"transfer_b.txt"}) in _groups(overview)
        (alone,) = [s for s in overview.stories or () if s.names == ("transfer_b.txt",)]
        assert alone.corrections == ("split transfer_b.txt off into a story",)


def test_story_picker_with_titles(snap_compare: Snap, stories_dir: Path) -> None:
    """t in the overview: the stories, largest first, each with its headline and outlets."""
    app = build(stories_dir)

    async def run_before(pilot: Pilot[object]) -> None:
        await _overview(pilot.app, pilot)
        await press(pilot.app, pilot, "t")

    assert snap_compare(app, terminal_size=SIZE, run_before=run_before)
