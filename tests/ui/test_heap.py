"""Aligned pairs are taken out of the garbage collector's walks (`keep_long_lived`) only
in a process that runs just the reader."""

from __future__ import annotations

import gc
from pathlib import Path

import pytest

from reader.core.load import DEFAULT_MAX_BYTES
from reader.ui.app import app_for
from reader.ui.launch import plan
from tests.ui.conftest import LEFT_DATA, RIGHT_DATA, settle


async def _frozen_after_loading(data_dir: Path, *, freeze_heap: bool) -> int:
    launch = plan([data_dir], left=LEFT_DATA, right=RIGHT_DATA)
    app = app_for(launch, max_bytes=DEFAULT_MAX_BYTES, prefetch=None, freeze_heap=freeze_heap)
    app.animation_level = "none"
    gc.unfreeze()
    try:
        async with app.run_test(size=(120, 36)) as pilot:
            await settle(app, pilot)
            assert app.screen.side_by_side.comparison is not None  # type: ignore[attr-defined]
            return gc.get_freeze_count()
    finally:
        gc.unfreeze()  # this test process is a host: give its objects back


async def test_the_reader_freezes_the_aligned_pairs(data_dir: Path) -> None:
    assert await _frozen_after_loading(data_dir, freeze_heap=True) > 10_000


async def test_an_app_in_a_host_process_leaves_the_collector_alone(data_dir: Path) -> None:
    assert await _frozen_after_loading(data_dir, freeze_heap=False) == 0


def test_the_command_freezes_the_heap(data_dir: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """`reader PATH...` (run_app) is a process of its own: it asks for the freezing."""
    import reader.ui.app
    from reader.ui.launch import run_app

    asked: dict[str, object] = {}

    class Ran:
        return_code = 0

        def run(self) -> None:
            pass

    def app_for(launch: object, **options: object) -> Ran:
        asked.update(options)
        return Ran()

    monkeypatch.setattr(reader.ui.app, "app_for", app_for)
    assert run_app([data_dir]) == 0
    assert asked["freeze_heap"] is True
