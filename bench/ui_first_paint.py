"""One measured run for bench_ui.py: start an app headless, return once a pair is painted.

`python bench/ui_first_paint.py bare` paints a static line; `python bench/ui_first_paint.py
reader PATH...` opens the reader and waits until the first pair is on screen. The caller
times the whole process (interpreter start, imports, loading, aligning, first paint).
"""

from __future__ import annotations

import asyncio
import sys
from pathlib import Path


async def bare() -> None:
    from textual.app import App, ComposeResult
    from textual.widgets import Static

    class Bare(App[None]):
        def compose(self) -> ComposeResult:
            yield Static("A static line.")

    async with Bare().run_test(size=(120, 36)) as pilot:
        await pilot.pause()


async def reader(paths: list[str]) -> None:
    from reader.ui.app import make_app
    from reader.ui.screens.compare import CompareScreen

    app = make_app([Path(p) for p in paths])
    async with app.run_test(size=(120, 36)) as pilot:
        while True:
            screen = app.screen
            if isinstance(screen, CompareScreen) and screen.side_by_side.comparison is not None:
                break
            await asyncio.sleep(0.005)
        await pilot.pause()


if __name__ == "__main__":
    if sys.argv[1] == "bare":
        asyncio.run(bare())
    else:
        asyncio.run(reader(sys.argv[2:]))
