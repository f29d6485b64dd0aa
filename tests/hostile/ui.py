"""Drive the interface on one hostile folder and report what the user would see.

`drive` builds the app as `reader FOLDER` does, runs it headless at 120x36 (Pilot), waits
for the workers, then shows boilerplate (`b`), swaps (`s`), opens the overview (`o`) and
the help (`?`), checking the screen after each: no exception, no raw control character
on screen or in a notice, and either a pair on screen or a notice saying why not.

In this process a SIGALRM watchdog stops a run that blocks the event loop (the alarm
raises inside whatever the loop was doing). `python -m tests.hostile.ui FOLDER` runs the
same in a process of its own and prints the result as one JSON line; the table script
and the tests of inputs that would hang use that.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import json
import re
import signal
import sys
import threading
import time
import traceback
from collections.abc import Iterator, Sequence
from dataclasses import asdict, dataclass, field
from pathlib import Path

from reader.core.errors import ReaderError

SIZE = (120, 36)
KEYS = ("b", "s", "o", "question_mark")
"""Pressed one after the other once loading settled (each screen is checked)."""


_EXCEPTION = re.compile(r"\b[A-Z]\w*(?:Error|Exception|Failed|Interrupt)\b:|Traceback")
"""A Python exception's name or traceback in text meant for the user."""


class Watchdog(Exception):
    """The run took longer than its deadline (raised by the alarm)."""


@dataclass
class UiResult:
    """What the interface did with one folder."""

    outcome: str = "ok"
    """'ok' (a pair shown), 'notice' (no pair, an error notice), 'refused' (the command
    line refused before the interface), 'crash', 'timeout'."""
    message: str = ""
    """The refusal, the first error notice, or what went wrong."""
    seconds: float = 0.0
    """Wall-clock time of the whole run."""
    first_pair: float | None = None
    """Seconds until a comparison was on screen."""
    notices: list[str] = field(default_factory=list)
    """Every notice shown ('severity: text')."""
    problems: list[str] = field(default_factory=list)
    """Everything wrong: raw control characters on screen, exceptions..."""
    screens: list[str] = field(default_factory=list)
    """The screen class after each key."""
    steps: list[tuple[str, float]] = field(default_factory=list)
    """Seconds each step took: 'load', then each key."""


def _forbidden(text: str) -> list[str]:
    from tests.hostile.harness import _FORBIDDEN

    return sorted({f"\\x{ord(c) & 0xFF:02x}" for c in _FORBIDDEN.findall(text)})


@contextlib.contextmanager
def watchdog(seconds: float) -> Iterator[None]:
    """Raise `Watchdog` in the main thread after `seconds` (no-op off the main thread)."""
    if threading.current_thread() is not threading.main_thread() or seconds <= 0:
        yield
        return

    def fire(_signum: int, _frame: object) -> None:
        raise Watchdog(f"no result after {seconds:g} s")

    previous = signal.signal(signal.SIGALRM, fire)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


async def drive(folder: Path, *, deadline: float = 30.0, keys: Sequence[str] = KEYS) -> UiResult:
    """Run the interface on `folder` and judge what is on screen.

    Args:
        folder: What `reader FOLDER` gets.
        deadline: Seconds for the whole run (the watchdog fires after it).
        keys: Keys pressed once the folder is loaded.

    Returns:
        The result; never raises for what the app does.
    """
    from reader.ui.app import make_app

    result = UiResult()
    start = time.perf_counter()
    try:
        # The timeout cancels a run waiting on slow workers; the alarm, later, stops one
        # whose event loop is stuck in a computation (and may leave the loop unusable).
        with watchdog(2 * deadline + 5):
            try:
                app = make_app([folder])
            except ReaderError as error:
                result.outcome, result.message = "refused", error.message
                result.problems += [f"raw {c} in the refusal" for c in _forbidden(error.message)]
                return result
            app.animation_level = "none"
            async with asyncio.timeout(deadline):
                await _run(app, result, start, keys)
    except (Watchdog, TimeoutError):
        result.outcome = "timeout"
        result.message = f"no result after {time.perf_counter() - start:.0f} s"
        result.problems.append(result.message)
    except Exception as error:  # what the app let escape: the point of this harness
        result.outcome = "crash"
        result.message = f"{type(error).__name__}: {error}"
        result.problems.append("exception: " + "".join(
            traceback.format_exception_only(type(error), error)).strip()[:300])  # fmt: skip
    finally:
        result.seconds = time.perf_counter() - start
    return result


async def _run(app: object, result: UiResult, start: float, keys: Sequence[str]) -> None:
    from textual.app import App

    from reader.ui.screens.compare import CompareScreen
    from tests.ui.conftest import screen_lines

    assert isinstance(app, App)
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)
        result.steps.append(("load", round(time.perf_counter() - start, 2)))
        if not isinstance(app.screen, CompareScreen):  # a dialog: notes file unreadable...
            result.screens.append(type(app.screen).__name__)
            _look(app, result, screen_lines(app))
            await pilot.press("escape")
            await settle(app, pilot)
        compare = next((s for s in app.screen_stack if isinstance(s, CompareScreen)), None)
        shown = compare is not None and compare.side_by_side.comparison is not None
        if shown:
            result.first_pair = time.perf_counter() - start
        _look(app, result, screen_lines(app))
        for key in keys if shown else ():
            began = time.perf_counter()
            await pilot.press(key)
            await settle(app, pilot)
            result.steps.append((key, round(time.perf_counter() - began, 2)))
            result.screens.append(type(app.screen).__name__)
            _look(app, result, screen_lines(app))
        errors = [n for n in app._notifications if n.severity == "error"]
        if not shown:
            result.outcome = "notice" if errors else "blank"
            if not errors:
                result.problems.append("no pair on screen and no error notice")
        if errors and not result.message:
            result.message = errors[0].message
    if app._exception is not None:  # run_test re-raises most, not all
        raise app._exception


async def settle(app: object, pilot: object) -> None:
    """Wait until every worker is done and every message handled; a failed worker is
    the app's to report (tests/ui/conftest.py's `settle` raises `WorkerFailed`)."""
    for _ in range(20):  # workers start workers (load, then place notes...)
        workers = [w for w in app.workers if not w.is_finished]  # type: ignore[attr-defined]
        await asyncio.gather(*(w.wait() for w in workers), return_exceptions=True)
        await pilot.pause()  # type: ignore[attr-defined]
        if not workers and not any(not w.is_finished for w in app.workers):  # type: ignore[attr-defined]
            return


def _look(app: object, result: UiResult, lines: list[str]) -> None:
    """Record notices and control characters on the screen now."""
    for note in app._notifications:  # type: ignore[attr-defined]
        text = f"{note.severity}: {note.title + ': ' if note.title else ''}{note.message}"
        if text not in result.notices:
            result.notices.append(text)
            result.problems += [f"raw {c} in a notice" for c in _forbidden(text)]
            if _EXCEPTION.search(text):  # a ReaderError's message never names a class
                result.problems.append(f"an exception in a notice: {text[:160]}")
    for c in _forbidden("".join(lines)):
        problem = f"raw {c} on screen ({type(app.screen).__name__})"  # type: ignore[attr-defined]
        if problem not in result.problems:
            result.problems.append(problem)


def main(argv: Sequence[str] | None = None) -> int:
    """`python -m tests.hostile.ui FOLDER [--deadline S]`: one JSON line on stdout."""
    parser = argparse.ArgumentParser(prog="python -m tests.hostile.ui")
    parser.add_argument("folder", type=Path)
    parser.add_argument("--deadline", type=float, default=60.0)
    args = parser.parse_args(argv)
    result = asyncio.run(drive(args.folder, deadline=args.deadline))
    sys.stdout.write(json.dumps(asdict(result), ensure_ascii=True) + "\n")
    sys.stdout.flush()
    return 0


if __name__ == "__main__":
    sys.exit(main())
