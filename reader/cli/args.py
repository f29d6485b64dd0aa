"""What the `reader` commands share: the `--max-size` option and the thin-body warning.

Owns the options more than one command takes and the stderr line `reader compare` and
`reader report` write for an article whose text was not found. Cheap to import: the
pipeline is imported when a warning is due.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from reader.ingest.load import DEFAULT_MAX_BYTES

if TYPE_CHECKING:
    from reader.index.read import IndexView
    from reader.core.model import Article


def megabytes(value: str) -> int:
    """argparse type: a size in megabytes, returned in bytes."""
    try:
        size = float(value)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a number of megabytes: {value!r}") from None
    if size <= 0:
        raise argparse.ArgumentTypeError("the size limit must be above 0")
    return int(size * 1024 * 1024)


def add_max_size(parser: argparse.ArgumentParser) -> None:
    """Add `--max-size MB`, the largest article file a command reads."""
    parser.add_argument(
        "--max-size",
        type=megabytes,
        default=DEFAULT_MAX_BYTES,
        metavar="MB",
        help=f"largest article file to read, in MB (default {DEFAULT_MAX_BYTES / 2**20:g})",
    )


def warn_thin_bodies(articles: Sequence[Article]) -> None:
    """One line on stderr per article whose body came out empty or mostly boilerplate.

    The comparison still runs (the user may know better), but never silently on a file
    whose text was not found.
    """
    from reader.ingest.article import body_warnings
    from reader.output.comparison import one_line

    for article in articles:
        for warning in body_warnings(article):
            print(f"reader: warning: {one_line(f'{article.path}: {warning}')}", file=sys.stderr)


def add_index_options(parser: argparse.ArgumentParser) -> None:
    """Add `--index FILE` and `--no-index`: which index to use, or none (`reader index`)."""
    parser.add_argument(
        "--index",
        type=Path,
        metavar="FILE",
        help="the index to use (default: .reader-index.sqlite in the folder given, when "
        "there is one); it is used only when it matches the files exactly",
    )
    parser.add_argument(
        "--no-index",
        action="store_true",
        help="read, group and align the files afresh even when a fresh index is there",
    )


def use_index(
    args: argparse.Namespace,
    files: Sequence[Path],
    *,
    folders: Sequence[Path] | None = None,
    whole: bool = True,
) -> IndexView | None:
    """The index to read instead of the files, when `--index` (else the index of the one
    folder given) is fresh for `files` and `--no-index` is not given. An index that is
    there but cannot be used is said on stderr in one line (the command then reads the
    files).

    Args:
        args: Parsed with `add_index_options`.
        files: The files the command reads.
        folders: Where a default index may sit (default: the command's `paths`).
        whole: `files` are the whole corpus (False: a few of its files, `reader compare`).
    """
    if args.no_index:
        return None
    from reader.index.read import IndexView, index_for, open_index

    where = index_for(args.paths if folders is None else folders, args.index)
    if where is None:
        return None
    got = open_index(files, where, whole=whole)
    if isinstance(got, IndexView):
        return got
    from reader.output.comparison import one_line

    print(f"reader: note: {one_line(got.reason)}; reading the files", file=sys.stderr)
    return None
