"""Starting the reader: which files, which pair first, and the prefetch, before Textual.

`run_app` is what `reader PATH...` calls. It finds the article files and the first pair
(`plan`), starts reading and aligning that pair in a child process (`reader.ui.prefetch`),
and only then imports the interface, so the child works while Textual loads. Errors found
before the interface starts (no such path, no article file, a single article, an unknown
`--left`/`--right` name) print `reader: <message>` on stderr and give exit code 2.

No Textual import here: this module runs before it.
"""

from __future__ import annotations

import gc
import sys
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from reader.core.errors import ReaderError
from reader.ingest.load import DEFAULT_MAX_BYTES, discover
from reader.ui.keymap import keymap_path, load_keymap
from reader.ui.prefetch import Prefetch
from reader.ui.ranking import PairKey


@dataclass(frozen=True)
class Launch:
    """What to open: the files, the pair asked for, and what was skipped."""

    files: tuple[Path, ...]
    """The article files, in folder order (at least two)."""
    first: PairKey | None
    """The pair asked for with --left/--right, as (left, right); None for the default."""
    skipped: tuple[str, ...]
    """Notices about files left out."""

    @property
    def opening(self) -> PairKey:
        """The pair shown first: the one asked for, else the first two files."""
        return self.first or (self.files[0], self.files[1])


def plan(paths: Sequence[Path], *, left: str | None = None, right: str | None = None) -> Launch:
    """Find the article files and the pair to open first.

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
    return Launch(files, first, found.skipped)


def start_prefetch(launch: Launch, max_bytes: int) -> Prefetch | None:
    """Start reading and aligning the first pair in a child process (None if it cannot)."""
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
    # No garbage collection until the first pair's text is painted (the app resumes it,
    # see ReaderApp.manage_gc): the start allocates much and frees little, and the
    # collections it triggered took about 20 ms of a start of about 0.35 s.
    gc.disable()
    try:
        return _run(paths, left=left, right=right, max_bytes=max_bytes)
    finally:
        gc.enable()


def _run(paths: Sequence[Path], *, left: str | None, right: str | None, max_bytes: int) -> int:
    try:
        launch = plan(paths, left=left, right=right)
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
