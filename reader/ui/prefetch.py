"""The first pair, read and aligned in a second process while the interface starts.

Opening the reader costs a few hundred milliseconds of imports (Textual, then the reader's
screens) before anything can be painted; reading the first pair (pysbd) and aligning it
(numpy, rapidfuzz) would come after, in the same interpreter. `Prefetch.start` runs that
work in a child process instead, on another core, while the parent imports the interface,
so the text is ready when the screen is.

The child (`python -P -m reader.ui.prefetch`: the same interpreter and packages, but not
the current folder on its path) writes two pickles to its standard output,
with one `Pickler` so that the comparison refers to the very `Article` objects sent first:

1. the two articles, each an `Article` or the one-line message of its `ReaderError`;
2. their `Comparison`, oriented as the loading worker orients a pair, or None when an
   article could not be read.

Between the two it waits for a go-ahead on its standard input, which the parent sends when
it asks for the comparison (`Prefetch.comparison`), that is once the articles' text is
painted. Aligning imports numpy and rapidfuzz and keeps a core busy; done while the parent
is still importing Textual, it slowed the parent's start by a sixth on two cores.

The parent reads them in the loading worker. Whatever goes wrong (the child cannot start,
dies, or sends something that does not unpickle) gives None, and the worker does the work
itself, as it does for every other pair. Pickle is safe here: the bytes come from a child
this process started, over a pipe no one else holds.
"""

from __future__ import annotations

import contextlib
import os
import pickle
import subprocess
import sys
from pathlib import Path
from typing import IO

from reader.core.model import Article, Comparison

Loaded = Article | str
"""An article, or the message saying why it could not be read."""

GO = b"g"
"""The parent's go-ahead to align, on the child's standard input."""


class Prefetch:
    """A child process reading and aligning one pair; the parent's handle on it."""

    def __init__(self, process: subprocess.Popen[bytes], pair: tuple[Path, Path]) -> None:
        self._process = process
        self.pair = pair
        """The two files, as (left, right) when the child was started."""
        self._unpickler: pickle.Unpickler | None = None
        self._failed = False

    @classmethod
    def start(cls, pair: tuple[Path, Path], *, max_bytes: int, as_given: bool) -> Prefetch | None:
        """Start reading and aligning `pair` in a child process; None if it cannot start.

        Args:
            pair: The two article files, as (left, right).
            max_bytes: Largest file read.
            as_given: Keep the pair the way round it is (else the likely original goes left).
        """
        argv = [sys.executable, "-P", "-m", "reader.ui.prefetch", str(max_bytes),
                "given" if as_given else "orient", *map(os.fsdecode, pair)]  # fmt: skip
        try:
            process = subprocess.Popen(
                argv, stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL,
            )  # fmt: skip
        except (OSError, ValueError):
            return None
        return cls(process, pair)

    def articles(self) -> dict[Path, Loaded] | None:
        """Block until the two articles arrive; None if the child failed."""
        got = self._receive()
        if not isinstance(got, list) or len(got) != 2:
            self._fail()
            return None
        if not all(isinstance(item, Article | str) for item in got):
            self._fail()
            return None
        return dict(zip(self.pair, got, strict=True))

    def comparison(self) -> Comparison | None:
        """Let the child align the pair and block until the comparison arrives (after
        `articles`); None if it does not."""
        stdin = self._process.stdin
        if not self._failed and stdin is not None:
            with contextlib.suppress(OSError):  # the child is gone: _receive finds nothing
                stdin.write(GO)
                stdin.close()
        got = self._receive()
        if not isinstance(got, Comparison):
            self._fail()
            return None
        self.close()
        return got

    def close(self) -> None:
        """Stop the child if it still runs, and let go of its pipe."""
        if self._process.poll() is None:
            self._process.kill()
        for pipe in (self._process.stdin, self._process.stdout):
            if pipe is not None:
                with contextlib.suppress(OSError):  # stdin: a last flush to a dead child
                    pipe.close()
        self._process.wait()

    def _receive(self) -> object:
        if self._failed or self._process.stdout is None:
            return None
        if self._unpickler is None:
            self._unpickler = pickle.Unpickler(self._process.stdout)
        try:
            return self._unpickler.load()
        except Exception:  # a dead child or a broken stream: do the work here
            return None

    def _fail(self) -> None:
        """Give up on the child (it failed): stop it; every later call gives None."""
        self._failed = True
        self.close()


def _child(argv: list[str], out: IO[bytes], go: IO[bytes]) -> int:
    """The child's work: read the pair, send it, wait for the go-ahead (`GO` on `go`),
    align it, send the comparison."""
    from reader.ingest.article import load_article
    from reader.core.errors import ReaderError

    max_bytes, how, *names = argv
    loaded: list[Loaded] = []
    for name in names:
        try:
            loaded.append(load_article(Path(name), max_bytes=int(max_bytes)))
        except ReaderError as error:
            loaded.append(error.message)
    pickler = pickle.Pickler(out, protocol=pickle.HIGHEST_PROTOCOL)
    pickler.dump(loaded)
    out.flush()
    left, right = loaded
    if not isinstance(left, Article) or not isinstance(right, Article):
        return 0
    if go.read(1) != GO:  # the parent has painted the text; or it has gone: stop
        return 0
    from reader.align.compare import compare  # numpy, rapidfuzz: after the articles are out
    from reader.ui.ranking import orient

    if how != "given":
        left, right = orient(left, right)
    pickler.dump(compare(left, right))
    out.flush()
    return 0


if __name__ == "__main__":
    try:
        sys.exit(_child(sys.argv[1:], sys.stdout.buffer, sys.stdin.buffer))
    except (BrokenPipeError, KeyboardInterrupt):  # the parent quit or gave up: nothing to do
        os._exit(1)
