"""Progress of long index work: a bar on a terminal, plain lines otherwise.

On a terminal (standard error is a TTY) each stage gets a Rich progress bar (Rich comes
with Textual) with its count, rate and time left. Otherwise a line at the start, one at
most every `EVERY` seconds, and one at the end of each stage, so a log shows where a long
run stands. `quiet` says nothing but the end.
"""

from __future__ import annotations

import sys
import time
from typing import IO, Any

EVERY = 5.0
"""Seconds between plain progress lines."""


class Progress:
    """The progress of one run, stage after stage."""

    def __init__(self, *, stream: IO[str] | None = None, bar: bool | None = None,
                 quiet: bool = False) -> None:  # fmt: skip
        self.stream = stream or sys.stderr
        self.bar = self.stream.isatty() if bar is None else bar
        self.quiet = quiet
        self._rich: Any = None
        self._task: Any = None
        self._stage = ""
        self._total = 0
        self._done = 0
        self._start = 0.0
        self._said = 0.0

    def say(self, text: str) -> None:
        """One line of news ('index: 1,718 files, 12 new')."""
        if self.quiet:
            return
        if self._rich is not None:
            self._rich.console.print(text, markup=False, highlight=False)
        else:
            print(text, file=self.stream, flush=True)

    def stage(self, name: str, total: int) -> None:
        """Start a stage of `total` steps ('aligning pairs', 10,000)."""
        self.end_stage()
        self._stage, self._total, self._done = name, total, 0
        self._start = self._said = time.monotonic()
        if self.quiet or total <= 0:
            return
        if self.bar:
            from rich.progress import (BarColumn, MofNCompleteColumn, Progress as Bar,
                                       TaskProgressColumn, TextColumn, TimeElapsedColumn,
                                       TimeRemainingColumn)  # fmt: skip

            self._rich = Bar(
                TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(),
                TaskProgressColumn(), TextColumn("{task.fields[rate]}"),
                TimeElapsedColumn(), TextColumn("elapsed,"), TimeRemainingColumn(),
                TextColumn("left"),
                console=_console(self.stream), transient=False,
            )  # fmt: skip
            self._rich.start()
            self._task = self._rich.add_task(name, total=total, rate="")
        else:
            self.say(f"{name}: 0/{total:,}")

    def advance(self, steps: int = 1) -> None:
        """`steps` more of the stage are done."""
        self._done += steps
        if self.quiet or self._total <= 0:
            return
        now = time.monotonic()
        rate = self._done / max(now - self._start, 1e-6)
        if self._rich is not None:
            self._rich.update(self._task, completed=self._done, rate=f"{rate:,.0f}/s")
        elif now - self._said >= EVERY:
            self._said = now
            left = (self._total - self._done) / rate if rate else 0.0
            self.say(f"{self._stage}: {self._done:,}/{self._total:,} "
                     f"({rate:,.0f}/s, about {left:,.0f} s left)")  # fmt: skip

    def end_stage(self) -> None:
        """Close the current stage's bar or say its last line."""
        if not self._stage:
            return
        seconds = time.monotonic() - self._start
        if self._rich is not None:
            self._rich.update(self._task, completed=self._done)
            self._rich.stop()
            self._rich = None
        elif not self.quiet and self._total > 0:
            self.say(f"{self._stage}: {self._done:,}/{self._total:,} in {seconds:,.1f} s")
        self._stage = ""


def _console(stream: IO[str]) -> Any:
    from rich.console import Console

    return Console(file=stream, stderr=stream is sys.stderr)
