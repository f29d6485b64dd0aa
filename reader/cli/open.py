"""`reader PATH...`: open the reader on a folder of articles, or on several files.

Owns the arguments of the plain `reader` command (its help is the overview of every
command, `reader.cli.DESCRIPTION`). The interface, and with it Textual, is imported only
when it is about to run, so `reader --help` stays cheap.
"""

from __future__ import annotations

import argparse
from pathlib import Path

from reader import __version__
from reader.cli import DESCRIPTION, EPILOG
from reader.cli.args import add_index_options, add_max_size


def parser() -> argparse.ArgumentParser:
    """The parser of `reader PATH...` (the whole command line: there is no subcommand word)."""
    parser = argparse.ArgumentParser(
        prog="reader",
        description=DESCRIPTION,
        formatter_class=argparse.RawDescriptionHelpFormatter,
        epilog=EPILOG,
    )
    parser.add_argument(
        "paths",
        nargs="+",
        type=Path,
        metavar="PATH",
        help="a folder of articles, or two or more article files",
    )
    parser.add_argument("--left", metavar="NAME", help="open this article on the left first")
    parser.add_argument("--right", metavar="NAME", help="open this article on the right first")
    add_max_size(parser)
    add_index_options(parser)
    parser.add_argument("--version", action="version", version=f"reader {__version__}")
    return parser


def run(args: argparse.Namespace) -> int:
    """`reader PATH...`: open the interface."""
    from reader.ui.launch import run_app  # imports Textual once the first pair is under way

    return run_app(args.paths, left=args.left, right=args.right, max_bytes=args.max_size,
                   index=args.index, use_index=not args.no_index)  # fmt: skip
