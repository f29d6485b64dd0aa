"""`reader compare LEFT RIGHT`: compare two article files and print the differences.

Owns the command's arguments, the checks on its two paths, colour on or off, and the
links made by hand that apply to the pair (read-only, from the folder's notes sidecar).
The output itself is `reader.output.comparison`'s. Never imports Textual; the pipeline
is imported when the command runs, so `parser()` stays cheap.
"""

from __future__ import annotations

import argparse
import os
import stat
import sys
from pathlib import Path
from typing import TYPE_CHECKING

from reader.cli.args import add_index_options, add_max_size, use_index, warn_thin_bodies
from reader.core.errors import AnnotationError, ReaderError

if TYPE_CHECKING:
    from reader.core.model import Article


def parser() -> argparse.ArgumentParser:
    """The parser of `reader compare`'s arguments (without the subcommand word)."""
    parser = argparse.ArgumentParser(
        prog="reader compare",
        description="Align two articles sentence by sentence and print the differences: "
        "changed words, moved sentences, sentences and paragraphs only one side has, "
        "and numbers whose values differ. Links made or removed by hand in the reader "
        "(kept in the folder's .reader-notes.json) are applied when both files share it. "
        "A file whose article text came out empty or mostly boilerplate is compared with a "
        "warning on stderr.",
    )
    parser.add_argument("left", type=Path, help="the left article file")
    parser.add_argument("right", type=Path, help="the right article file")
    parser.add_argument(
        "--format",
        choices=("text", "json", "markdown"),
        default="text",
        help="output format (default: text)",
    )
    parser.add_argument(
        "--color",
        choices=("auto", "always", "never"),
        default="auto",
        help="colour in text output (auto: only on a terminal, and not when NO_COLOR is set)",
    )
    add_max_size(parser)
    add_index_options(parser)
    return parser


def _use_color(choice: str) -> bool:
    if choice != "auto":
        return choice == "always"
    return sys.stdout.isatty() and not os.environ.get("NO_COLOR")


def run(args: argparse.Namespace) -> int:
    """`reader compare`: load both files, compare, print."""
    from reader.align.compare import compare
    from reader.ingest.article import load_article
    from reader.output.comparison import json_text, to_json, to_markdown, to_text

    for path in (args.left, args.right):
        try:
            is_dir = stat.S_ISDIR(path.stat().st_mode)
        except FileNotFoundError:
            raise ReaderError(f"{path}: no such file") from None
        except OSError as error:  # a link loop, a name too long, a folder we cannot enter
            raise ReaderError(f"{path}: {error.strerror or error}") from None
        if is_dir:
            raise ReaderError(f"{path}: is a folder; 'reader compare' takes two files")
    same_folder = args.left.parent == args.right.parent
    index = use_index(args, [args.left, args.right],
                      folders=[args.left.parent] if same_folder else [], whole=False)  # fmt: skip
    left = (index.article(args.left) if index else None) or load_article(
        args.left, max_bytes=args.max_size
    )
    right = (index.article(args.right) if index else None) or load_article(
        args.right, max_bytes=args.max_size
    )
    warn_thin_bodies((left, right))
    options = _corrections(left, right)
    stored = index.comparison(left, right) if index and not options else None
    result = stored or compare(left, right, **options)  # type: ignore[arg-type]
    if args.format == "json":
        sys.stdout.write(json_text(to_json(result)) + "\n")
    elif args.format == "markdown":
        sys.stdout.write(to_markdown(result))
    else:
        sys.stdout.write(to_text(result, color=_use_color(args.color)))
    return 0


def _corrections(left: Article, right: Article) -> dict[str, object]:
    """The links and unlinks the user made in the reader for this pair, when both files
    sit in one folder with a notes file; an unreadable notes file is said on stderr and
    left out."""
    folder = left.path.parent
    if right.path.parent != folder:
        return {}
    from reader.store.annotations import SIDECAR_NAME, read_notes
    from reader.store.links import compare_options

    if not (folder / SIDECAR_NAME).exists():
        return {}
    try:
        notes = read_notes(folder).notes
    except AnnotationError as error:
        from reader.ingest.text import safe  # the folder's name is data: escapes shown

        sys.stderr.write(f"reader: {safe(error.message)}; links made by hand not applied\n")
        return {}
    return compare_options(notes, left, right)
