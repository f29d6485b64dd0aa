"""`reader index PATH...`: build or update the persistent index of a corpus.

Owns the command's arguments, its closing lines, and what it says of files it could not
use (one line each on stderr, never silently). The work is `reader.index.build`; Dask is
imported only when a run has enough work for worker processes, so `--help` stays cheap.
"""

from __future__ import annotations

import argparse
import json
import sqlite3
import sys
from pathlib import Path

from reader.cli.args import add_max_size
from reader.core.errors import ReaderError


def _workers(value: str) -> int:
    try:
        n = int(value)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a number of workers: {value!r}") from None
    if n < 1:
        raise argparse.ArgumentTypeError("at least 1 worker")
    return n


def parser() -> argparse.ArgumentParser:
    """The parser of `reader index`'s arguments (without the subcommand word)."""
    parser = argparse.ArgumentParser(
        prog="reader index",
        description="Read, group and align a corpus once, and keep the result in one "
        "SQLite file beside it (.reader-index.sqlite in the folder), so that `reader PATH`, "
        "`reader report` and `reader compare` open it at once. Run it again after files "
        "are added, changed or removed: only those are read again, and only the pairs of "
        "new or changed articles aligned. An interrupted run (Ctrl-C, a crash) keeps what "
        "it finished; running it again completes the job. The work runs on Dask: local "
        "worker processes by default, or an existing cluster with --scheduler.",
        epilog="The tables are described in the README ('Large corpora'); `reader export` "
        "writes them as Parquet or CSV.",
    )
    parser.add_argument(
        "paths", nargs="+", type=Path, metavar="PATH", help="a folder of articles, or article files"
    )
    parser.add_argument(
        "--index",
        type=Path,
        metavar="FILE",
        help="where the index goes (default: .reader-index.sqlite in the one folder given)",
    )
    parser.add_argument(
        "--workers",
        type=_workers,
        metavar="N",
        help="local worker processes (default: one per core; 1 runs in this process)",
    )
    parser.add_argument(
        "--scheduler",
        metavar="ADDRESS",
        help="run on an existing Dask cluster, e.g. tcp://10.0.0.5:8786 (its workers need "
        "this package installed; they need not see the files)",
    )
    parser.add_argument(
        "--regroup",
        action="store_true",
        help="group the whole corpus into stories again (a corpus of 5,000 articles or "
        "more otherwise places a few added ones into its stories, and regroups whole once "
        "5%% of it changed)",
    )
    parser.add_argument(
        "--quiet", "-q", action="store_true", help="no progress, only the closing line"
    )
    add_max_size(parser)
    return parser


def run(args: argparse.Namespace) -> int:
    """`reader index`: bring the index up to date, then say what it holds.

    Raises:
        ReaderError: Bad paths, an index that cannot be written, Dask that cannot start.
    """
    from reader.index.build import build_index
    from reader.index.progress import Progress
    from reader.output.comparison import one_line

    progress = Progress(quiet=args.quiet)
    try:
        built = build_index(
            args.paths, args.index, workers=args.workers, scheduler=args.scheduler,
            max_bytes=args.max_size, progress=progress, regroup=args.regroup,
        )  # fmt: skip
    except KeyboardInterrupt:
        progress.end_stage()
        print("reader: index: stopped; what was finished is kept, run the same command "
              "again to complete it", file=sys.stderr)  # fmt: skip
        raise
    for line in built.skipped:
        print(f"reader: {one_line(line)}", file=sys.stderr)
    for line in _problems(built.index):
        print(f"reader: {one_line(line)}", file=sys.stderr)
    print(
        f"{built.index}: {built.files:,} files ({built.read:,} read, {built.reused:,} "
        f"unchanged, {built.removed:,} gone, {built.unreadable:,} unreadable), "
        f"{_count(built.stories, 'story', 'stories')}, {_count(built.pairs, 'pair', 'pairs')} "
        f"({built.aligned:,} aligned now) in {built.seconds:,.1f} s {built.where}"
    )
    return 0


def _count(n: int, one: str, many: str) -> str:
    return f"{n:,} {one if n == 1 else many}"


def _problems(index: Path) -> list[str]:
    """One line per file the index could not use: unreadable, or its text not found."""
    from reader.index.schema import connect
    from reader.ingest.boilerplate import BODY_NOTICE

    try:
        db = connect(index, write=False)
    except sqlite3.Error as error:
        raise ReaderError(f"{index}: cannot read the index back ({error})") from None
    try:
        lines = [f"{path}: {error}" for path, error in db.execute(
            "SELECT path, error FROM files WHERE error IS NOT NULL ORDER BY path")]  # fmt: skip
        for path, notices in db.execute(
            "SELECT f.path, a.notices FROM files f JOIN articles a ON a.key = f.article "
            "WHERE a.notices LIKE ? ORDER BY f.path", (f"%{BODY_NOTICE}%",)
        ):  # fmt: skip
            lines.extend(f"warning: {path}: {n}" for n in json.loads(notices)
                         if n.startswith(BODY_NOTICE))  # fmt: skip
        return lines
    finally:
        db.close()
