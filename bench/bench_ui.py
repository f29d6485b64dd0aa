"""Benchmarks of the interface (run: python bench/bench_ui.py).

1. Start to first paint: the reader on data/ until its first pair is painted, against a
   bare Textual app painting a static line, both as whole processes in the same run,
   taking turns (medians of 9; see ui_first_paint.py for what "painted" means). Target: <= 1.5x, on
   the pair's text (shown unaligned while aligning); `aligned_paint_*` is the same until
   the pair is shown aligned. The reader starts as `reader PATH...` does: the first pair
   is read and aligned in a child process while the interface is imported
   (`reader.ui.prefetch`), so on two or more cores that work runs beside Textual's start.
2. Pair switch and one-page scroll on three articles of 1,000+ sentences each (built from
   data/): medians over repeated presses of `n` and `pagedown`, once every pair has been
   aligned. Targets: <= 50 ms and <= 16 ms, on the work figure below.

   Three figures per key, because Pilot's own waits dwarf the work for a fast key:
   `pilot.press` sleeps in `wait_for_idle(0)` twice (at least 20 ms each, Textual's
   sleep granularity) and `pilot.pause` once more, so a Pilot round trip is >= ~60 ms
   even when the app does nothing.

   * `*_ms` (the target figure): the work the app does for the key, timed wall-clock
     in the app's own loop: the key goes through the real binding chain
     (`App._check_bindings`: focused widget, screen, app; the action runs with its
     watchers), every message left pending is handled and the screen repaints at once
     as it would on the next idle (`repaint_now`: layout if needed, compositor render
     of the dirty region, write to the headless driver). No sleep is in it.
   * `*_cpu_ms`: CPU time of the whole process over `pilot.press` + `pilot.pause`
     (everything the app did for the key, plus a little of Pilot's polling).
   * `*_pilot_ms`: wall clock of `pilot.press` + `pilot.pause`, sleeps included.
   * `*_worst_ms`: the slowest of the timed works (a full garbage collection, say).

   Presses alternate between the two ways (work / Pilot), `count` of each. The pairs are
   aligned and laid out (in the background) before the first press, as they are a
   moment after start; a switch to a pair not laid out yet (another width) also pays
   its layout. Wall-clock figures move with the machine's load: run it on a quiet one.
3. With `--load` (one run): the seconds from launching the reader to the end of its
   background load (every file read and every pair within a story aligned; with a fresh
   index, its articles, stories and similarities taken) and the process's peak resident
   memory, on FOLDER.

Prints one JSON line. `FOLDER` (default data/): the folder the first paint and `--load`
open (an indexed one, `reader index FOLDER`, is opened from its index as `reader FOLDER`
does; `--no-index` reads it as `reader --no-index`). `--runs N`: first-paint runs of each
app (default 9). `--keys`: the key figures only (no first-paint runs); `--no-keys`: no key
figures. `--reading`: the key figures in the reading-order layout (`v` pressed first).
"""

from __future__ import annotations

import argparse
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
from textual.app import App  # noqa: E402
from textual.pilot import Pilot  # noqa: E402


def process_seconds(argvs: dict[str, list[str]], runs: int) -> dict[str, float]:
    """Median seconds from launching each process to its first paint (exit not counted).

    The runs take turns (bare, reader, aligned reader, bare, ...), so a change in the
    machine's load during the benchmark weighs on every app alike, not on one block of runs.
    The child prints `time.time()` when the paint is done; the launch time is taken just
    before spawning. Both apps are timed the same way, and neither is charged for its
    shutdown (the reader quits without waiting for background work; the bare app does not).
    """
    times: dict[str, list[float]] = {name: [] for name in argvs}
    for _ in range(runs):
        for name, argv in argvs.items():
            launched = time.time()
            done = subprocess.run(argv, check=True, capture_output=True, text=True)
            times[name].append(float(done.stdout.strip().splitlines()[-1]) - launched)
    return {name: statistics.median(seconds) for name, seconds in times.items()}


async def interaction(folder: Path, *, reading: bool = False) -> dict[str, object]:
    from reader.ingest.load import DEFAULT_MAX_BYTES
    from reader.ui.app import app_for
    from reader.ui.launch import plan

    # As `reader PATH...` runs it (reader.ui.launch.run_app), heap freezing included.
    app = app_for(plan([folder]), max_bytes=DEFAULT_MAX_BYTES, prefetch=None, manage_gc=True)
    async with app.run_test(size=(160, 45)) as pilot:
        screen = app.screen
        total = 3  # three articles -> three pairs
        while len(screen.book.comparisons) < total:
            await asyncio.sleep(0.05)
        await pilot.pause()
        if reading:  # the reading-order layout: v, then the keys as before
            await pilot.press("v")
            await pilot.pause()
        figures: dict[str, object] = {"reading": reading}
        for name, key, count in (("pair_switch", "n", 9), ("page_scroll", "pagedown", 30)):
            work, cpu, wall = [], [], []
            for i in range(2 * count):
                if i % 2:  # the work: real binding chain, then the repaint, timed in-loop
                    await drain(app)  # idle first: nothing left of the last key
                    t = time.perf_counter()
                    handled = await app._check_bindings(key)
                    await repaint_now(app, pilot)
                    work.append(time.perf_counter() - t)
                    assert handled, key
                    await pilot.pause()
                else:  # end to end through Pilot
                    t, c = time.perf_counter(), time.process_time()
                    await pilot.press(key)
                    await pilot.pause()
                    wall.append(time.perf_counter() - t)
                    cpu.append(time.process_time() - c)
            figures[f"{name}_ms"] = ms(work)
            figures[f"{name}_worst_ms"] = round(max(work) * 1000, 1)
            figures[f"{name}_cpu_ms"] = ms(cpu)
            figures[f"{name}_pilot_ms"] = ms(wall)
        figures["sentences"] = [
            len(a.sentences)
            for a in (screen.side_by_side.comparison.left, screen.side_by_side.comparison.right)
        ]
    return figures


async def repaint_now(app: App[object], pilot: Pilot[object]) -> None:
    """Handle what a key left pending and repaint, as Textual does when idle, minus sleeps.

    Every pending message is handled (`drain`); each widget then reports what it needs
    (`_check_refresh`, as on its Idle event: Update, UpdateScroll, Layout messages to the
    screen), the screen takes them, and its update timer's callback runs now instead of
    at the next tick.
    """
    await drain(app)
    for widget in app.screen.walk_children(with_self=False):
        widget._check_refresh()
    await drain(app)
    app.screen._on_timer_update()


async def drain(app: App[object]) -> None:
    """Yield to the event loop until no message pump of the screen (nor the app) has a
    message or a callback waiting, three times in a row.

    Not `Pilot._wait_for_screen`: it posts a callback to each of the screen's ~20 widgets
    and waits for them all, 1.8 ms each time even when nothing is pending, which is the
    harness's cost, not the app's (it was about a quarter of the page-scroll figure).
    """
    pumps = [app, *app.screen.walk_children(with_self=True)]
    quiet = 0
    for _ in range(10_000):
        await asyncio.sleep(0)
        busy = any(p._message_queue.qsize() or p._next_callbacks for p in pumps)
        quiet = 0 if busy else quiet + 1
        if quiet == 3:
            return


def ms(seconds: list[float]) -> float:
    return round(statistics.median(seconds) * 1000, 1)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "folder",
        nargs="?",
        type=Path,
        default=ROOT / "data",
        help="the folder the first paint and --load open (default data/)",
    )
    parser.add_argument("--runs", type=int, default=9, help="first-paint runs of each app")
    parser.add_argument("--keys", action="store_true", help="the key figures only")
    parser.add_argument("--no-keys", action="store_true", help="no key figures")
    parser.add_argument("--reading", action="store_true", help="keys in reading order")
    parser.add_argument(
        "--load",
        action="store_true",
        help="also time the background load and its peak memory (one run)",
    )
    parser.add_argument(
        "--no-index",
        action="store_true",
        help="open FOLDER as reader --no-index (read and align the files)",
    )
    args = parser.parse_args()
    extra = ["--no-index"] if args.no_index else []
    paint: dict[str, object] = {} if args.keys else first_paint(args.runs, args.folder, extra)
    if args.load:
        paint.update(load(args.folder, extra))
    figures: dict[str, object] = {}
    if not args.no_keys:
        with tempfile.TemporaryDirectory() as tmp:
            folder = Path(tmp) / "long"
            left, _right = build(ROOT / "data", folder, copies=8)
            third = folder / "long_third.txt"
            third.write_text(
                left.read_text(encoding="utf-8").replace("Part", "Section"), encoding="utf-8"
            )
            figures = asyncio.run(interaction(folder, reading=args.reading))
    targets = {"first_paint_ratio": 1.5, "pair_switch_ms": 50, "page_scroll_ms": 16}
    result = {"folder": str(args.folder), "index": not args.no_index, **paint, **figures,
              "targets": targets}  # fmt: skip
    print(json.dumps(result))
    ok = all(
        result[name] <= target  # type: ignore[operator]
        for name, target in targets.items()
        if name in result
    )
    return 0 if ok else 1


def load(folder: Path, extra: list[str]) -> dict[str, object]:
    """Seconds from launching the reader on `folder` to the end of its background load,
    and its peak resident memory (one run)."""
    argv = [sys.executable, str(HERE / "ui_first_paint.py"), "reader-loaded", *extra, str(folder)]
    launched = time.time()
    done = subprocess.run(argv, check=True, capture_output=True, text=True)
    got = json.loads(done.stdout.strip().splitlines()[-1])
    return {
        "load_seconds": round(got["loaded"] - launched, 2),
        "load_paint_seconds": round(got["painted"] - launched, 3),
        "load_peak_mb": round(got["peak_mb"]),
        "load_from_index": got["index"],
    }


def first_paint(runs: int, folder: Path, extra: list[str]) -> dict[str, object]:
    """Start to first paint, the reader's on `folder` against the bare app's, `runs` each
    (medians)."""
    # Bytecode for the reader's own modules, as a user has after the first run (or a
    # non-editable install): Textual's was compiled by pip. Without it (an editable
    # install with PYTHONDONTWRITEBYTECODE set, as on CI) every start compiles ~40
    # modules from source, which no user pays twice.
    subprocess.run([sys.executable, "-m", "compileall", "-q", str(ROOT / "reader")], check=True)
    script = [sys.executable, str(HERE / "ui_first_paint.py")]
    medians = process_seconds(
        {
            "bare": [*script, "bare"],
            "ours": [*script, "reader", *extra, str(folder)],
            "aligned": [*script, "reader-aligned", *extra, str(folder)],
        },
        runs,
    )
    bare, ours, aligned = medians["bare"], medians["ours"], medians["aligned"]
    return {
        "first_paint_seconds": round(ours, 3),
        "bare_app_seconds": round(bare, 3),
        "first_paint_ratio": round(ours / bare, 2),
        "aligned_paint_seconds": round(aligned, 3),
        "aligned_paint_ratio": round(aligned / bare, 2),
    }


if __name__ == "__main__":
    sys.exit(main())
