"""The `reader` application: finds the article files, then opens the compare screen.

`run_app` is what `reader PATH...` calls. Errors found before the interface starts (no
such path, no article file, a single article, an unknown `--left`/`--right` name) print
`reader: <message>` on stderr and give exit code 2; errors reading one file later show
as a notice while the other files carry on.
"""

from __future__ import annotations

import asyncio
import os
import sys
import threading
from collections.abc import Callable, Sequence
from concurrent.futures import Future, ThreadPoolExecutor
from pathlib import Path
from typing import ClassVar

from textual.app import App
from textual.binding import Binding, BindingType
from textual.screen import Screen

from reader.core.errors import ReaderError
from reader.core.load import DEFAULT_MAX_BYTES, discover
from reader.ui.commands import ReaderCommands
from reader.ui.ranking import PairKey
from reader.ui.screens.compare import CompareScreen
from reader.ui.textmap import plain

WORKER_THREAD = "reader-worker"
"""Name of the daemon threads that run the workers."""


def leave(code: int) -> int:
    """Return `code`, or exit the process with it at once if a worker thread still runs.

    A daemon thread abandoned inside the aligner's C++ code (rapidfuzz) aborts the
    interpreter's shutdown ("FATAL: exception not rethrown", exit 134) when it wakes up to
    a finalizing interpreter. The interface is closed and the terminal restored by now;
    daemon threads would be stopped at shutdown anyway (the notes file is replaced
    atomically, so a save cut short leaves the old file), so there is nothing left to
    finalize: flush and go.
    """
    if any(t.name == WORKER_THREAD and t.is_alive() for t in threading.enumerate()):
        sys.stdout.flush()
        sys.stderr.flush()
        os._exit(code)
    return code


class _DaemonExecutor(ThreadPoolExecutor):
    """Runs each thread worker in a daemon thread, and never waits for them on exit.

    Aligning two long articles can take seconds and cannot be interrupted. With the
    default executor, quitting would wait for it; with this one, `q` returns at once
    and the abandoned alignment dies with the process (workers write nothing). A
    `ThreadPoolExecutor` subclass only because asyncio accepts nothing else.
    """

    def submit(self, fn: Callable[..., object], /, *args: object, **kwargs: object) -> Future:
        future: Future[object] = Future()

        def run() -> None:
            if not future.set_running_or_notify_cancel():
                return
            try:
                future.set_result(fn(*args, **kwargs))
            except BaseException as error:  # handed to the awaiting worker, as the pool does
                future.set_exception(error)

        threading.Thread(target=run, name=WORKER_THREAD, daemon=True).start()
        return future

    def shutdown(self, wait: bool = True, *, cancel_futures: bool = False) -> None:
        """Nothing to wait for: the threads are daemons."""


class ReaderApp(App[int]):
    """Read news articles about the same event side by side.

    | Key | Action |
    | :- | :- |
    | ? | Every key |
    | ctrl+p | Every action by name |
    | q | Quit |
    """

    CSS_PATH = "reader.tcss"
    TITLE = "reader"
    COMMANDS: ClassVar = App.COMMANDS | {ReaderCommands}
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding(
            "question_mark", "help", "Help", key_display="?", id="help", tooltip="Show every key"
        ),
        Binding("q", "quit", "Quit", id="quit", tooltip="Quit the reader"),
    ]

    def __init__(
        self,
        files: Sequence[Path],
        *,
        first: PairKey | None = None,
        max_bytes: int = DEFAULT_MAX_BYTES,
        notices: Sequence[str] = (),
    ) -> None:
        super().__init__()
        self.files = tuple(files)
        """The article files, in folder order (at least two)."""
        self.first = first
        """The pair to open first, as (left, right), or None for the first two files."""
        self.max_bytes = max_bytes
        """Largest article file read."""
        self.notices = tuple(notices)
        """Things to tell the user once the screen is up (files skipped)."""

    def get_default_screen(self) -> Screen[None]:
        # The compare screen is the app's first screen (no empty default screen to
        # build, show and hide first). Its workers start when it mounts: the executor
        # they run on is set here, before.
        asyncio.get_running_loop().set_default_executor(_DaemonExecutor())
        return CompareScreen(self.files, first=self.first, max_bytes=self.max_bytes)

    def on_mount(self) -> None:
        for notice in self.notices:
            self.notify(plain(notice), severity="warning", markup=False)

    def action_help(self) -> None:
        from reader.ui.screens.help import HelpScreen, binding_rows  # not needed to start

        if isinstance(self.screen, HelpScreen):
            return
        self.push_screen(HelpScreen(binding_rows(self.screen)))


def _named(files: Sequence[Path], name: str, flag: str) -> Path:
    for path in files:
        if name in (path.name, str(path)) or Path(name).resolve() == path.resolve():
            return path
    raise ReaderError(f"{flag} {name}: not among the articles ({', '.join(p.name for p in files)})")


def make_app(
    paths: Sequence[Path],
    *,
    left: str | None = None,
    right: str | None = None,
    max_bytes: int = DEFAULT_MAX_BYTES,
) -> ReaderApp:
    """Build the application for the paths given on the command line.

    Args:
        paths: Folders and article files.
        left: Name of the article to open on the left first.
        right: Name of the article to open on the right first.
        max_bytes: Largest article file read.

    Returns:
        The application, not yet running.

    Raises:
        ReaderError: No article files, only one, or an unknown `left`/`right`.
    """
    found = discover(list(paths))
    files = found.files
    if len(files) < 2:
        names = ", ".join(p.name for p in files)
        raise ReaderError(f"need at least two articles to compare; found {len(files)} ({names})")
    first: PairKey | None = None
    if left or right:
        a = _named(files, left, "--left") if left else None
        b = _named(files, right, "--right") if right else None
        if a is not None and a == b:
            raise ReaderError("--left and --right name the same article")
        a = a or next(p for p in files if p != b)
        b = b or next(p for p in files if p != a)
        first = (a, b)
    return ReaderApp(files, first=first, max_bytes=max_bytes, notices=found.skipped)


def run_app(
    paths: Sequence[Path],
    *,
    left: str | None = None,
    right: str | None = None,
    max_bytes: int = DEFAULT_MAX_BYTES,
) -> int:
    """Open the reader; return the exit code.

    Args:
        paths: Folders and article files.
        left: Name of the article to open on the left first.
        right: Name of the article to open on the right first.
        max_bytes: Largest article file read.

    Returns:
        0 after a normal quit, 2 when the paths give nothing to compare.
    """
    try:
        app = make_app(paths, left=left, right=right, max_bytes=max_bytes)
    except ReaderError as error:
        print(f"reader: {error.message}", file=sys.stderr)
        return 2
    app.run()
    return leave(app.return_code or 0)
