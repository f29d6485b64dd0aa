"""Benchmarks of the interface (run: python bench/bench_ui.py).

1. Start to first paint: the reader on data/ until its first pair is painted, against a
   bare Textual app painting a static line, both as whole processes in the same run
   (medians of 7). Target: <= 1.5x.
2. Pair switch and one-page scroll on three articles of 1,000+ sentences each (built from
   data/): medians over repeated presses of `n` and `pagedown`, once every pair has been
   aligned. Targets: <= 50 ms and <= 16 ms.
Prints one JSON line.
"""

from __future__ import annotations

import asyncio
import json
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).parent
ROOT = HERE.parent
sys.path.insert(0, str(HERE))

from make_long import build  # noqa: E402


def process_seconds(argv: list[str], runs: int = 7) -> float:
    times = []
    for _ in range(runs):
        t = time.perf_counter()
        subprocess.run(argv, check=True, capture_output=True)
        times.append(time.perf_counter() - t)
    return statistics.median(times)


async def interaction(folder: Path) -> dict[str, float]:
    from reader.ui.app import make_app

    app = make_app([folder])
    async with app.run_test(size=(160, 45)) as pilot:
        screen = app.screen
        total = 3  # three articles -> three pairs
        while len(screen.book.comparisons) < total:
            await asyncio.sleep(0.05)
        await pilot.pause()
        switch, scroll = [], []
        for _ in range(9):
            t = time.perf_counter()
            await pilot.press("n")
            await pilot.pause()
            switch.append(time.perf_counter() - t)
        for _ in range(30):
            t = time.perf_counter()
            await pilot.press("pagedown")
            await pilot.pause()
            scroll.append(time.perf_counter() - t)
        sentences = [len(a.sentences) for a in (screen.side_by_side.comparison.left,
                                                 screen.side_by_side.comparison.right)]
    return {
        "pair_switch_ms": round(statistics.median(switch) * 1000, 1),
        "page_scroll_ms": round(statistics.median(scroll) * 1000, 1),
        "sentences": sentences,
    }


def main() -> int:
    bare = process_seconds([sys.executable, str(HERE / "ui_first_paint.py"), "bare"])
    ours = process_seconds(
        [sys.executable, str(HERE / "ui_first_paint.py"), "reader", str(ROOT / "data")]
    )
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp) / "long"
        left, right = build(ROOT / "data", folder, copies=8)
        third = folder / "long_third.txt"
        third.write_text(left.read_text(encoding="utf-8").replace("Part", "Section"),
                         encoding="utf-8")
        figures = asyncio.run(interaction(folder))
    result = {
        "first_paint_seconds": round(ours, 3),
        "bare_app_seconds": round(bare, 3),
        "first_paint_ratio": round(ours / bare, 2),
        **figures,
        "targets": {"first_paint_ratio": 1.5, "pair_switch_ms": 50, "page_scroll_ms": 16},
    }
    print(json.dumps(result))
    ok = (result["first_paint_ratio"] <= 1.5 and figures["pair_switch_ms"] <= 50
          and figures["page_scroll_ms"] <= 16)
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
