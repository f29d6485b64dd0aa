"""`reader report PATH...`: read a folder, group its stories, write the report.

Owns the command's flow (load, build the report, render), its arguments, where the report
goes (a file or stdout), and reading the notes sidecar for it (through `reader.store`,
read-only: the report never writes). The document, its building (`build_report`: group
into stories, compare each story's pairs, build the overview) and its renderings are
`reader.output.report`'s. Heavy modules are imported when the command runs, so `parser()`
stays cheap. A file that cannot be loaded, and a story holding a pair too long to compare,
are skipped with a line in the report; bad arguments, no readable article, nothing that
could be compared and an output that cannot be written raise `ReaderError` (exit 2).
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from reader.cli.args import add_index_options, add_max_size, use_index, warn_thin_bodies
from reader.core.errors import AnnotationError, LoadError, ReaderError
from reader.output.comparison import json_text

if TYPE_CHECKING:
    from reader.output.report import Notes
    from reader.store.codec import Note
    from reader.store.corrections import Correction

FORMATS = ("html", "markdown", "json")
_BY_SUFFIX = {".html": "html", ".htm": "html", ".md": "markdown", ".markdown": "markdown",
              ".json": "json"}  # fmt: skip


def parser() -> argparse.ArgumentParser:
    """The parser of `reader report`'s arguments (without the subcommand word)."""
    parser = argparse.ArgumentParser(
        prog="reader report",
        description="Write the whole picture of a folder of articles: the stories it holds, "
        "which outlet carries which fact, numbers that disagree across outlets, how much "
        "each pair shares, a guess at the original, and your notes. Links made or removed by "
        "hand in the reader are applied.",
    )
    parser.add_argument(
        "paths", nargs="+", type=Path, metavar="PATH", help="a folder of articles, or article files"
    )
    parser.add_argument(
        "--format",
        choices=FORMATS,
        default=None,
        help="html (one self-contained page), markdown or json (default: from "
        "the --output suffix, else markdown)",
    )
    parser.add_argument(
        "--output",
        "-o",
        type=Path,
        metavar="FILE",
        help="write the report here instead of to standard output",
    )
    add_max_size(parser)
    add_index_options(parser)
    return parser


def run(args: argparse.Namespace) -> int:
    """`reader report`: load, group, compare, render, write.

    Args:
        args: Parsed by `parser()`.

    Returns:
        0 when the report was written.

    Raises:
        ReaderError: No article could be read, or the output cannot be written.
    """
    from reader.ingest.article import load_article
    from reader.ingest.load import discover
    from reader.output.report import build_report, to_html, to_json, to_markdown

    found = discover(args.paths)
    skipped = list(found.skipped)
    index = use_index(args, found.files)
    failed = index.errors() if index else {}
    articles, names = [], set()
    for path in found.files:
        if path.name in names:  # articles are known by file name in the report and notes
            skipped.append(f"{path}: skipped (another article is named {path.name})")
            continue
        if path in failed:
            skipped.append(failed[path])
            continue
        try:
            stored = index.article(path) if index else None
            articles.append(stored or load_article(path, max_bytes=args.max_size))
            names.add(path.name)
        except LoadError as error:
            skipped.append(error.message)
    if not articles:
        raise ReaderError("no article could be read: " + "; ".join(skipped))
    warn_thin_bodies(articles)
    source = ", ".join(str(p) for p in args.paths)
    folders = list(dict.fromkeys(p if p.is_dir() else p.parent for p in args.paths))
    corrections = read_story_corrections(folders, skipped)
    report = build_report(
        source, articles, notes=read_notes(folders), skipped=skipped, corrections=corrections,
        index=index,
    )  # fmt: skip
    fmt = args.format or _BY_SUFFIX.get(
        args.output.suffix.lower() if args.output else "", "markdown"
    )
    if fmt == "json":
        text = json_text(to_json(report)) + "\n"
    else:
        text = to_html(report) if fmt == "html" else to_markdown(report)
    if args.output is None:
        sys.stdout.write(text)
        return 0
    try:
        args.output.write_text(text, encoding="utf-8")
    except OSError as error:
        reason = (error.strerror or type(error).__name__).lower()
        raise ReaderError(f"{args.output}: cannot write the report ({reason})") from error
    return 0


def read_story_corrections(folders: Sequence[Path], problems: list[str]) -> list[Correction]:
    """The active story corrections of the folders' sidecars, oldest first per folder.

    Args:
        folders: The folders holding the articles.
        problems: Lines about entries or sidecars that cannot be read are appended here
            (the report says so; the notes are read on their own and never lost).

    Returns:
        The corrections to apply.
    """
    from reader.store.annotations import SIDECAR_NAME
    from reader.store.corrections import read_corrections

    found: list[Correction] = []
    for folder in folders:
        if not (folder / SIDECAR_NAME).exists():
            continue
        try:
            read = read_corrections(folder)
        except AnnotationError:
            continue  # read_notes reports an unreadable sidecar
        found.extend(read.active)
        problems.extend(f"{folder / SIDECAR_NAME}: {p}" for p in read.problems)
    return found


def read_notes(folders: Sequence[Path]) -> Notes:
    """The notes of the folders' sidecars; an unreadable one makes the report say so.

    Args:
        folders: The folders holding the articles.

    Returns:
        'none' when no folder has notes, 'unreadable' (with the
        reason) when a sidecar cannot be read, else 'ok' with every note.
    """
    from reader.output.report import Notes
    from reader.store.annotations import SIDECAR_NAME
    from reader.store.annotations import read_notes as read_sidecar

    items: list[Note] = []
    problems = []
    for folder in folders:
        if not (folder / SIDECAR_NAME).exists():
            continue
        try:
            items.extend(read_sidecar(folder).notes)
        except AnnotationError as error:
            problems.append(getattr(error, "reason", error.message))
    if problems:
        return Notes("unreadable", tuple(items), "; ".join(problems))
    return Notes("ok", tuple(items)) if items else Notes("none")
