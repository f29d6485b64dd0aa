"""One measured run for bench_ui.py: start an app headless, return once a pair is painted.

`python bench/ui_first_paint.py bare` paints a static line; `python bench/ui_first_paint.py
reader PATH...` opens the reader and waits until the first pair's text is on screen (the
two articles side by side, shown unaligned while the alignment runs); `reader-aligned
PATH...` waits until the pair is on screen aligned (row kinds, differences). The caller
times from launching the process to the paint, which this script reports by printing
`time.time()` once it is done (interpreter start, imports, loading, aligning, first paint;
not the exit, which differs between the two apps).

`reader-loaded PATH...` waits instead until the reader's background load is over (every
file read and every pair within a story compared, or, with an index, its articles,
stories and similarities taken) and prints one JSON line: `time.time()` then, the
first paint's, and the peak resident memory of the process (`ru_maxrss`) in MB.

`--no-index` (anywhere after the mode) opens the reader as `reader --no-index` does: it
reads and aligns the files even when a fresh index is there.

"Painted" is the same test for both: the time the app hands the first frame holding the
text to its driver (`App._display`, called by the screen once the compositor has rendered
an update; headless, so nothing is written, for either app). For the bare app that is its
first frame; for the reader, the first frame after which the pair's panes hold laid-out
lines (and, for `reader-aligned`, a comparison). Frames are seen as they are made, not
polled: the reader lays out the pair the index holds while rendering its first frame, and
a poll followed by `wait_for_refresh` would wait for whatever refresh came next. Not
`pilot.pause()` either: that waits until the whole process is idle (at least 20 ms of
sleep), so the reader would be charged for aligning every other pair in the background.
"""

from __future__ import annotations

import asyncio
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from textual.app import App


def first_frame(app: App[object], ready: Callable[[], bool]) -> asyncio.Future[float]:
    """A future set to `time.time()` once the app hands its driver a frame after which
    `ready()` holds (checked after each frame, so the frame that made it true counts)."""
    painted: asyncio.Future[float] = asyncio.get_running_loop().create_future()
    display = app._display

    def displayed(screen: object, renderable: object) -> None:
        display(screen, renderable)  # type: ignore[arg-type]
        if renderable is not None and not painted.done() and ready():
            painted.set_result(time.time())

    app._display = displayed  # type: ignore[method-assign]
    return painted


async def bare() -> None:
    from textual.app import App, ComposeResult
    from textual.widgets import Static

    class Bare(App[None]):
        def compose(self) -> ComposeResult:
            yield Static("A static line.")

    app = Bare()
    painted = first_frame(app, lambda: bool(app.query(Static)))
    async with app.run_test(size=(120, 36)):
        print(await painted, flush=True)


async def reader(paths: list[str], *, aligned: bool, loaded: bool = False,
                 use_index: bool = True) -> None:  # fmt: skip
    # As `reader PATH...` (reader.ui.launch.run_app): plan and start the prefetch child
    # first, then import the interface while the child reads and aligns the first pair.
    import gc

    gc.disable()  # as run_app does: no collection until the first text is painted
    from reader.ingest.load import DEFAULT_MAX_BYTES
    from reader.ui.launch import plan, start_prefetch

    launch = plan([Path(p) for p in paths], use_index=use_index)
    prefetch = start_prefetch(launch, DEFAULT_MAX_BYTES)

    from reader.ui.app import app_for, leave
    from reader.ui.screens.compare import CompareScreen

    app = app_for(launch, max_bytes=DEFAULT_MAX_BYTES, prefetch=prefetch, manage_gc=True)

    def shown() -> bool:
        screen = app.screen
        if not isinstance(screen, CompareScreen):
            return False
        view = screen.side_by_side
        laid_out = view.view_model is not None and len(view.view_model.lines) > 0
        return laid_out and (view.comparison is not None or not aligned)

    frame = first_frame(app, shown)
    async with app.run_test(size=(120, 36)):
        painted = await frame
        if loaded:
            screen = app.screen
            assert isinstance(screen, CompareScreen)
            while not screen.finished:
                await asyncio.sleep(0.05)
            import json
            import resource

            peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
            print(json.dumps({"loaded": time.time(), "painted": painted, "peak_mb": peak,
                              "index": launch.index is not None}), flush=True)  # fmt: skip
        else:
            print(painted, flush=True)
    if prefetch is not None:
        prefetch.close()
    leave(0)  # as `reader` does on quit: do not wait for the pairs still being aligned


if __name__ == "__main__":
    mode, rest = sys.argv[1], sys.argv[2:]
    if mode == "bare":
        asyncio.run(bare())
    else:
        paths = [a for a in rest if a != "--no-index"]
        asyncio.run(reader(paths, aligned=mode == "reader-aligned", loaded=mode == "reader-loaded",
                           use_index="--no-index" not in rest))  # fmt: skip
