"""Starting the reader: which files, which pair first, the index, and the prefetch,
before Textual.

`run_app` is what `reader PATH...` calls. It finds the article files and the first pair
(`plan`), starts reading and aligning that pair in a child process (`reader.ui.prefetch`),
and only then imports the interface, so the child works while Textual loads. Errors found
before the interface starts (no such path, no article file, a single article, an unknown
`--left`/`--right` name) print `reader: <message>` on stderr and give exit code 2.

The index (`reader.index`, built by `reader index`): `plan` opens the folder's
`.reader-index.sqlite` (or `--index FILE`) when there is one and it is fresh for exactly
the files found. The interface then takes articles, stories, similarities and
comparisons from it instead of reading and aligning (`reader.ui.screens.loading`), and,
when no `--left`/`--right` is given, opens the first story's most similar pair. There is
no prefetch child then: the pair is in the index. An index that is there but cannot be
used (out of date, another version's, not an index) gives a notice in the interface
(`Launch.index_note`), which then reads the files as without one. Without an index file
the index modules are not even imported. Before the first paint only the engine and the
first pair's two files are checked against the index; the other files are checked once
the pair is painted, before anything else is taken from the index (out of date, the
interface says so and reads the files).

No Textual import here: this module runs before it.
"""

from __future__ import annotations

import gc
import os
import sys
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from reader.core.errors import ReaderError
from reader.ingest.load import DEFAULT_MAX_BYTES, discover
from reader.ui.keymap import keymap_path, load_keymap
from reader.ui.ranking import PairKey

if TYPE_CHECKING:
    from reader.index.read import IndexView
    from reader.ui.prefetch import Prefetch

INDEX_FILE = ".reader-index.sqlite"
"""The index's name in its folder (`reader.index.schema.INDEX_NAME`, which a test checks
this equals): looked for without importing the index modules, which cost the start
60-80 ms when there is no index to read."""


@dataclass(frozen=True)
class Launch:
    """What to open: the files, the pair asked for, and what was skipped."""

    files: tuple[Path, ...]
    """The article files, in folder order (at least two)."""
    first: PairKey | None
    """The pair asked for with --left/--right, as (left, right); None for the default."""
    skipped: tuple[str, ...]
    """Notices about files left out."""
    index: IndexView | None = None
    """The index, when one is there for these files (and not `--no-index`): fresh for the
    first pair's files; for the others when its `check` says so (`IndexView.checked`)."""
    index_note: str | None = None
    """Why an index that is there is not used (one line), for a notice; None if none."""
    suggested: PairKey | None = None
    """The index's opening pair: the first story's most similar pair (None: no index)."""

    @property
    def opening(self) -> PairKey:
        """The pair shown first: the one asked for, else the index's suggestion, else the
        first two files."""
        return self.first or self.suggested or (self.files[0], self.files[1])


def plan(
    paths: Sequence[Path],
    *,
    left: str | None = None,
    right: str | None = None,
    index: Path | None = None,
    use_index: bool = True,
) -> Launch:
    """Find the article files, the index, and the pair to open first.

    Args:
        paths: Folders and article files.
        left: Name of the article to open on the left first.
        right: Name of the article to open on the right first.
        index: The index file (`--index`); default: the one in the single folder given.
        use_index: False to read the files even when an index is fresh (`--no-index`).

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
    view, note = _open_index(paths, files, index) if use_index else (None, None)
    suggested = None if view is None or first is not None else view.opening()
    if view is not None and not view.vouch(first or suggested or files[:2]):
        note = view.check(files)  # the first pair's files changed: out of date, say why
        if note is not None:
            view.close()
            view, suggested = None, None
    return Launch(files, first, found.skipped, view, note, suggested)


def _open_index(
    paths: Sequence[Path], files: Sequence[Path], index: Path | None
) -> tuple[IndexView | None, str | None]:
    """The index there, or why it cannot be used.

    Whether it is fresh for exactly `files` (every file's size and modification time) is
    checked later, once the first pair is painted (`IndexView.check`, called by
    `reader.ui.screens.loading`): until then, only the first pair's files, found
    unchanged by `plan`, are taken from it. On a corpus of thousands of files, listing
    each one's state before the first paint was a third of the start.
    """
    if index is None:
        if len(paths) != 1 or not os.path.isfile(os.path.join(paths[0], INDEX_FILE)):
            return None, None  # no index: nothing of it imported
        index = Path(paths[0]) / INDEX_FILE
    from reader.index.read import IndexView, open_index

    # A damaged index is `Stale` too: read the files.
    got = open_index(files, Path(index), later=True)
    if isinstance(got, IndexView):
        return got, None
    return None, got.reason


def start_prefetch(launch: Launch, max_bytes: int) -> Prefetch | None:
    """Start reading and aligning the first pair in a child process (None if it cannot,
    or need not: the index holds it)."""
    if launch.index is not None:
        return None
    from reader.ui.prefetch import Prefetch  # pickle, subprocess: not for an indexed folder

    return Prefetch.start(launch.opening, max_bytes=max_bytes, as_given=launch.first is not None)


def _named(files: Sequence[Path], name: str, flag: str) -> Path:
    for path in files:
        if name in (path.name, str(path)) or Path(name).resolve() == path.resolve():
            return path
    raise ReaderError(f"{flag} {name}: not among the articles ({', '.join(p.name for p in files)})")


def run_app(
    paths: Sequence[Path],
    *,
    left: str | None = None,
    right: str | None = None,
    max_bytes: int = DEFAULT_MAX_BYTES,
    index: Path | None = None,
    use_index: bool = True,
) -> int:
    """Open the reader; return the exit code.

    Args:
        paths: Folders and article files.
        left: Name of the article to open on the left first.
        right: Name of the article to open on the right first.
        max_bytes: Largest article file read.
        index: The index file (`--index`); default: the folder's, when there is one.
        use_index: False to ignore any index (`--no-index`).

    Returns:
        0 after a normal quit, 2 when the paths give nothing to compare.
    """
    # No garbage collection until the first pair's text is painted (the app resumes it,
    # see ReaderApp.manage_gc): the start allocates much and frees little, and the
    # collections it triggered took about 20 ms of a start of about 0.35 s.
    gc.disable()
    try:
        return _run(paths, left=left, right=right, max_bytes=max_bytes, index=index,
                    use_index=use_index)  # fmt: skip
    finally:
        gc.enable()


def _run(paths: Sequence[Path], *, left: str | None, right: str | None, max_bytes: int,
         index: Path | None, use_index: bool) -> int:  # fmt: skip
    try:
        launch = plan(paths, left=left, right=right, index=index, use_index=use_index)
    except ReaderError as error:
        print(f"reader: {error.message}", file=sys.stderr)
        return 2
    prefetch = start_prefetch(launch, max_bytes)
    try:
        from reader.ui.app import app_for, leave  # Textual: imported while the child works

        keymap = load_keymap(keymap_path())
        app = app_for(launch, max_bytes=max_bytes, prefetch=prefetch, manage_gc=True,
                      keymap=keymap)  # fmt: skip
        app.run()
    finally:
        if prefetch is not None:
            prefetch.close()
    return leave(app.return_code or 0)
