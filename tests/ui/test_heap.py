"""The reader runs the garbage collector of its own process (`ReaderApp.manage_gc`):
collection paused from the start until the first text is painted, aligned pairs taken out
of its walks (`keep_long_lived`) afterwards. Only in a process that runs just the reader."""

from __future__ import annotations

import gc
from pathlib import Path

import pytest

from reader.ingest.load import DEFAULT_MAX_BYTES
from reader.ui.app import app_for
from reader.ui.launch import plan
from tests.ui.conftest import LEFT_DATA, RIGHT_DATA, settle


async def _after_loading(data_dir: Path, *, manage_gc: bool) -> tuple[int, bool]:
    """(objects frozen, collection enabled) once the pair is aligned, starting as
    `run_app` does (collection paused) when `manage_gc`."""
    launch = plan([data_dir], left=LEFT_DATA, right=RIGHT_DATA)
    app = app_for(launch, max_bytes=DEFAULT_MAX_BYTES, prefetch=None, manage_gc=manage_gc)
    app.animation_level = "none"
    gc.unfreeze()
    if manage_gc:
        gc.disable()
    try:
        async with app.run_test(size=(120, 36)) as pilot:
            await settle(app, pilot)
            assert app.screen.side_by_side.comparison is not None  # type: ignore[attr-defined]
            return gc.get_freeze_count(), gc.isenabled()
    finally:
        gc.unfreeze()  # this test process is a host: give its objects back
        gc.enable()


async def test_the_reader_collects_again_after_the_start_and_freezes_aligned_pairs(
    data_dir: Path,
) -> None:
    frozen, collecting = await _after_loading(data_dir, manage_gc=True)
    assert collecting
    assert frozen > 10_000


async def test_an_app_in_a_host_process_leaves_the_collector_alone(data_dir: Path) -> None:
    assert await _after_loading(data_dir, manage_gc=False) == (0, True)


def test_the_command_pauses_collection_and_asks_the_app_to_manage_it(
    data_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """`reader PATH...` (run_app) is a process of its own: it pauses collection for the
    start and has the app resume it and freeze the aligned pairs."""
    import reader.ui.app
    from reader.ui.launch import run_app

    asked: dict[str, object] = {}

    class Ran:
        return_code = 0

        def run(self) -> None:
            asked["collecting while starting"] = gc.isenabled()

    def app_for(launch: object, **options: object) -> Ran:
        asked.update(options)
        return Ran()

    monkeypatch.setattr(reader.ui.app, "app_for", app_for)
    try:
        assert run_app([data_dir]) == 0
    finally:
        gc.enable()
    assert asked["manage_gc"] is True
    assert asked["collecting while starting"] is False
