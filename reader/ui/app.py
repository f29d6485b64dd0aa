"""The `reader` application: the compare screen over the planned article files.

`reader.ui.launch.run_app` (what `reader PATH...` calls) plans the launch (the files, the
index, the first pair) and starts the prefetch before importing this module; `make_app`
does the same for tests and benchmarks. Errors reading one file show as a notice while
the other files carry on; so does an index that is there but cannot be used.
"""

from __future__ import annotations

import asyncio
import os
import sys
import threading
from collections.abc import Callable, Sequence
from concurrent.futures import Future, ThreadPoolExecutor
from pathlib import Path
from typing import TYPE_CHECKING, ClassVar

from textual.app import App
from textual.binding import Binding, BindingType
from textual.dom import DOMNode
from textual.screen import Screen

from reader.ingest.load import DEFAULT_MAX_BYTES
from reader.ui.commands import ReaderCommands
from reader.ui.keymap import Keymap
from reader.ui.launch import Launch, plan, start_prefetch
from reader.ui.ranking import PairKey
from reader.ui.screens.compare import CompareScreen
from reader.ui.textmap import plain

if TYPE_CHECKING:
    from reader.index.read import IndexView
    from reader.ui.prefetch import Prefetch

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
        prefetch: Prefetch | None = None,
        manage_gc: bool = False,
        keymap: Keymap | None = None,
        opening: PairKey | None = None,
        index: IndexView | None = None,
        index_note: str | None = None,
    ) -> None:
        super().__init__()
        self.files = tuple(files)
        """The article files, in folder order (at least two)."""
        self.first = first
        """The pair to open first as given, (left, right), or None for `opening`."""
        self.opening = opening
        """The pair to open first when none is given (the index's most similar pair of its
        first story), None for the first two files."""
        self.index = index
        """The index fresh for the files (`reader.index.read`), None to read them."""
        self.index_note = index_note
        """Why an index there is not used, for a notice; None if none."""
        self.max_bytes = max_bytes
        """Largest article file read."""
        self.notices = tuple(notices)
        """Things to tell the user once the screen is up (files skipped)."""
        self.prefetch = prefetch
        """The child process reading the first pair, if one was started."""
        self.manage_gc = manage_gc
        """The reader runs the garbage collector of its own process (`reader PATH...`;
        not in a host process such as a test run, whose garbage it would keep): collection
        is paused from the start (`launch.run_app`) until the first pair's text is painted,
        and each aligned pair is then taken out of its walks (`gc.freeze`, see
        `keep_long_lived`)."""
        self.keymap = keymap or Keymap(None)
        """The user's keymap file and what it gave (`reader.ui.keymap`)."""
        self._clashes_told: set[tuple[str, str]] = set()

    def get_default_screen(self) -> Screen[None]:
        # The compare screen is the app's first screen (no empty default screen to
        # build, show and hide first). Its workers start when it mounts: the executor
        # they run on is set here, before.
        asyncio.get_running_loop().set_default_executor(_DaemonExecutor())
        screen = CompareScreen(self.files, first=self.first, opening=self.opening,
                               max_bytes=self.max_bytes, index=self.index)  # fmt: skip
        screen.prefetch = self.prefetch
        screen.manage_gc = self.manage_gc
        return screen

    def on_mount(self) -> None:
        if self.keymap.keys:
            self._apply_keymap()
        for problem in self.keymap.problems:
            self.notify(plain(problem), title="Keymap", severity="warning", markup=False,
                        timeout=10)  # fmt: skip
        for notice in self.notices:
            self.notify(plain(notice), severity="warning", markup=False)
        if self.index_note is not None:
            self.notify(plain(f"{self.index_note}; reading the files instead"), title="Index",
                        severity="warning", markup=False, timeout=12)  # fmt: skip

    def _apply_keymap(self) -> None:
        """Use the user's keys; say which action of the pair view has no key left: its keys
        went to other actions, or the keys the keymap gives it are answered first by another
        (Textual calls neither a clash)."""

        def bound() -> dict[str, str]:
            return {
                a.binding.id: a.binding.description or a.binding.action
                for a in self.screen.active_bindings.values()
                if a.binding.id
            }

        before = bound()
        self.set_keymap(dict(self.keymap.keys))
        after = bound()
        for binding_id, what in before.items():
            if binding_id not in after:
                mapped = self.keymap.keys.get(binding_id)
                why = (f"its keys in the keymap ({mapped}) are answered first by other actions"
                       if mapped else "the keymap gave its keys to other actions")  # fmt: skip
                message = f"\u201c{what}\u201d has no key left: {why}"
                self.notify(plain(message), title="Keymap", severity="warning", markup=False)

    def handle_bindings_clash(self, clashed_bindings: set[Binding], node: DOMNode) -> None:
        """Say (once) which action lost a key to the user's keymap."""
        for binding in clashed_bindings:
            told = (binding.id or binding.action, binding.key)
            if told not in self._clashes_told:
                self._clashes_told.add(told)
                what = binding.description or binding.action
                message = f"{binding.key}: taken from \u201c{what}\u201d by the keymap"
                self.notify(plain(message), title="Keymap", severity="warning", markup=False)

    def action_help(self) -> None:
        from reader.ui.screens.help import HelpScreen, binding_rows  # not needed to start

        if isinstance(self.screen, HelpScreen):
            return
        self.push_screen(HelpScreen(binding_rows(self.screen), keymap=self.keymap.path))


def make_app(
    paths: Sequence[Path],
    *,
    left: str | None = None,
    right: str | None = None,
    max_bytes: int = DEFAULT_MAX_BYTES,
    prefetch: bool = False,
    index: Path | None = None,
    use_index: bool = True,
) -> ReaderApp:
    """Build the application for the paths given on the command line.

    Args:
        paths: Folders and article files.
        left: Name of the article to open on the left first.
        right: Name of the article to open on the right first.
        max_bytes: Largest article file read.
        prefetch: Read and align the first pair in a child process while the interface
            starts (`reader.ui.prefetch`), as `reader PATH...` does.
        index: The index file (`--index`); default: the folder's, when there is one.
        use_index: False to ignore any index (`--no-index`).

    Returns:
        The application, not yet running.

    Raises:
        ReaderError: No article files, only one, or an unknown `left`/`right`.
    """
    launch = plan(paths, left=left, right=right, index=index, use_index=use_index)
    return app_for(launch, max_bytes=max_bytes, prefetch=start_prefetch(launch, max_bytes)
                   if prefetch else None)  # fmt: skip


def app_for(
    launch: Launch,
    *,
    max_bytes: int,
    prefetch: Prefetch | None,
    manage_gc: bool = False,
    keymap: Keymap | None = None,
) -> ReaderApp:
    """The application for a planned launch."""
    return ReaderApp(
        launch.files, first=launch.first, max_bytes=max_bytes, notices=launch.skipped,
        prefetch=prefetch, manage_gc=manage_gc, keymap=keymap, opening=launch.suggested,
        index=launch.index, index_note=launch.index_note,
    )  # fmt: skip
