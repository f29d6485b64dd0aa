"""The `reader` command line: open the reader, or compare two files on stdout.

Owns argument parsing, exit codes and the one-line error messages. Bad input exits 2 with
`reader: <message>` on stderr, never a traceback. `reader compare` never imports Textual:
the interface is imported only when it is about to run.
"""

from __future__ import annotations

import argparse
import os
import stat
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from reader import __version__
from reader.args import add_max_size
from reader.core.errors import AnnotationError, ReaderError

if TYPE_CHECKING:
    from reader.core.model import Article

if TYPE_CHECKING:
    from reader.core.model import Article

DESCRIPTION = """\
Read news articles about the same event side by side.

  reader PATH...                 open the reader on a folder of articles (or several files)
  reader compare LEFT RIGHT      print how two articles differ (text, json or markdown)
  reader notes PATH              export the notes kept beside the articles (json, csv, markdown)
  reader report PATH             write the findings for a folder (html, markdown, json)

Article files: .txt, .md/.markdown, .html/.htm. Other files in a folder are skipped.
"""

SUBCOMMANDS = ("compare", "notes", "report")


def _open_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="reader",
        description=DESCRIPTION,
        formatter_class=argparse.RawDescriptionHelpFormatter,
        epilog="Run 'reader compare --help', 'reader notes --help' or 'reader report --help' "
        "for their options. "
        "Inside the reader, press ? for every key; other keys can be set in "
        "~/.config/reader/keymap.toml (see the README).",
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
    parser.add_argument("--version", action="version", version=f"reader {__version__}")
    return parser


def _compare_parser() -> argparse.ArgumentParser:
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
    return parser


def _use_color(choice: str) -> bool:
    if choice != "auto":
        return choice == "always"
    return sys.stdout.isatty() and not os.environ.get("NO_COLOR")


def run_compare(args: argparse.Namespace) -> int:
    """`reader compare`: load both files, compare, print."""
    from reader.align.compare import compare
    from reader.output.comparison import json_text, to_json, to_markdown, to_text
    from reader.ingest.article import load_article

    for path in (args.left, args.right):
        try:
            is_dir = stat.S_ISDIR(path.stat().st_mode)
        except FileNotFoundError:
            raise ReaderError(f"{path}: no such file") from None
        except OSError as error:  # a link loop, a name too long, a folder we cannot enter
            raise ReaderError(f"{path}: {error.strerror or error}") from None
        if is_dir:
            raise ReaderError(f"{path}: is a folder; 'reader compare' takes two files")
    left = load_article(args.left, max_bytes=args.max_size)
    right = load_article(args.right, max_bytes=args.max_size)
    warn_thin_bodies((left, right))
    result = compare(left, right, **_corrections(left, right))  # type: ignore[arg-type]
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


def warn_thin_bodies(articles: Sequence[Article]) -> None:
    """One line on stderr per article whose body came out empty or mostly boilerplate.

    The comparison still runs (the user may know better), but never silently on a file
    whose text was not found.
    """
    from reader.output.comparison import one_line
    from reader.ingest.article import body_warnings

    for article in articles:
        for warning in body_warnings(article):
            print(f"reader: warning: {one_line(f'{article.path}: {warning}')}", file=sys.stderr)


def run_open(args: argparse.Namespace) -> int:
    """`reader PATH...`: open the interface."""
    from reader.ui.launch import run_app  # imports Textual once the first pair is under way

    return run_app(args.paths, left=args.left, right=args.right, max_bytes=args.max_size)


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point of the `reader` command.

    Args:
        argv: Arguments without the program name (default: sys.argv[1:]).

    Returns:
        The exit code: 0 on success, 2 on bad input, 130 on interrupt.
    """
    argv = list(sys.argv[1:] if argv is None else argv)
    try:
        if argv and argv[0] == "compare":
            return run_compare(_compare_parser().parse_args(argv[1:]))
        if argv and argv[0] == "notes":
            from reader.notes_cli import notes_parser, run_notes

            parser = notes_parser()
            add_max_size(parser)
            return run_notes(parser.parse_args(argv[1:]))
        if argv and argv[0] == "report":
            from reader.report_cli import report_parser, run_report

            return run_report(report_parser().parse_args(argv[1:]))
        return run_open(_open_parser().parse_args(argv))
    except ReaderError as error:
        # Messages name files and folders: their names are data too (escape sequences,
        # newlines), so they are written escaped, on one line.
        from reader.output.comparison import one_line

        print(f"reader: {one_line(error.message)}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:
        # The reader of our output went away (e.g. `| head`); not an error of ours.
        sys.stderr.close()
        return 0
