"""`reader export PATH`: the index's stories, pairs, aligned sentences and numbers as
Parquet or CSV tables, for pandas, R or a spreadsheet.

Owns the command's arguments; the tables are `reader.index.export`'s.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from reader.core.errors import ReaderError


def parser() -> argparse.ArgumentParser:
    """The parser of `reader export`'s arguments (without the subcommand word)."""
    parser = argparse.ArgumentParser(
        prog="reader export",
        description="Write what the index of a corpus holds (`reader index`) as four "
        "tables: articles, pairs, links (aligned sentences) and numbers (figures compared "
        "across pairs), one file each in the output folder.",
    )
    parser.add_argument(
        "path", type=Path, metavar="PATH",
        help="the indexed folder, or the index file itself",
    )  # fmt: skip
    parser.add_argument(
        "--format", choices=("parquet", "csv"), default="parquet",
        help="parquet (needs pyarrow: pip install 'newsreader-compare[parquet]') or csv "
        "(default: parquet)",
    )  # fmt: skip
    parser.add_argument(
        "--output", "-o", type=Path, metavar="DIR", required=True,
        help="the folder to write the tables into (made if missing; files there of the "
        "same names are replaced)",
    )  # fmt: skip
    return parser


def run(args: argparse.Namespace) -> int:
    """`reader export`: find the index, check it against its folder, write the tables."""
    from reader.index.export import export
    from reader.index.schema import INDEX_NAME

    index = args.path / INDEX_NAME if args.path.is_dir() else args.path
    if not index.is_file():
        raise ReaderError(f"{args.path}: no index there (build one with 'reader index')")
    if args.path.is_dir():
        _warn_if_stale(args.path, index)
    for path in export(index, args.output, args.format):
        print(path)
    return 0


def _warn_if_stale(folder: Path, index: Path) -> None:
    from reader.index.read import IndexView, open_index
    from reader.ingest.load import discover
    from reader.output.comparison import one_line

    got = open_index(discover([folder]).files, index)
    if isinstance(got, IndexView):
        got.close()
    else:
        print(f"reader: warning: {one_line(got.reason)}; exporting what it holds",
              file=sys.stderr)  # fmt: skip
