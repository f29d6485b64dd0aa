"""`reader notes PATH`: export a folder's notes with their quotes, articles and placement.

Owns the arguments and output formats of the `notes` subcommand. Each note is listed with
its text and tags, and each of its targets with the article's metadata (title, outlet,
date), the quote as saved, where it is now and how it was placed ("exact", "moved",
"fuzzy", or "orphan" when it could not be). Output goes to stdout. A folder without a
sidecar gives an empty export; an unreadable sidecar raises `SidecarUnreadable`, which
`reader.cli.main` prints as one line before exiting 2. The JSON field names are a
contract, like `reader compare`'s.
"""

from __future__ import annotations

import argparse
import csv
import re
import stat
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from reader.cli.args import add_max_size
from reader.core.errors import LoadError
from reader.core.model import Article
from reader.ingest.load import stat_given
from reader.ingest.text import safe
from reader.output.comparison import count, json_text
from reader.store.anchor import anchor_note
from reader.store.annotations import read_notes
from reader.store.codec import Note

FORMATS = ("markdown", "json", "csv")
"""Output formats; the first is the default."""
CSV_COLUMNS = ("note_id", "created", "modified", "tags", "note", "target", "source", "title",
               "outlet", "date", "status", "start", "end", "quote", "current")  # fmt: skip
"""One CSV row per target of a note; note fields repeat on each of its rows."""


def parser() -> argparse.ArgumentParser:
    """The parser of `reader notes`'s arguments (without the subcommand word)."""
    parser = argparse.ArgumentParser(
        prog="reader notes",
        description="Export the notes kept in a folder's .reader-notes.json with the quoted "
        "text, the articles' title, outlet and date, and whether each quote was found again "
        "(exact, moved, fuzzy) or not (orphan).",
    )
    parser.add_argument("path", type=Path, metavar="PATH",
                        help="an article folder, or one article file (its notes only)")  # fmt: skip
    parser.add_argument("--format", choices=FORMATS, default=FORMATS[0],
                        help=f"output format (default: {FORMATS[0]})")  # fmt: skip
    add_max_size(parser)
    return parser


def run(args: argparse.Namespace) -> int:
    """`reader notes`: read the sidecar, place every note, print the export.

    Args:
        args: `path`, `format` and `max_size` (bytes), parsed by `parser()`.

    Returns:
        0.

    Raises:
        LoadError: The path does not exist or cannot be reached.
        SidecarUnreadable: The sidecar cannot be read (it is left untouched).
    """
    path = Path(args.path)
    is_dir = stat.S_ISDIR(stat_given(path).st_mode)
    folder, only = (path, None) if is_dir else (path.parent, path.name)
    notes = [n for n in read_notes(folder).notes if only is None or only in n.sources]
    articles = _articles(folder, notes, args.max_size)
    doc = export(folder, notes, articles)
    if args.format == "json":
        sys.stdout.write(to_json(doc))
    elif args.format == "csv":
        _write_csv(doc)
    else:
        sys.stdout.write(to_markdown(doc))
    return 0


def _articles(folder: Path, notes: Sequence[Note], max_bytes: int) -> dict[str, Article | None]:
    """The articles the notes name, None for those missing or unreadable."""
    found: dict[str, Article | None] = {}
    for name in dict.fromkeys(s for n in notes for s in n.sources):
        found[name] = None
        # A sidecar is data: only plain file names inside the folder are opened.
        plain = name not in ("", ".", "..") and Path(name).name == name
        try:
            if plain and (folder / name).is_file():
                found[name] = load_article(folder / name, max_bytes=max_bytes)
        except LoadError:
            found[name] = None  # its notes are listed as orphans
        except (OSError, ValueError):
            found[name] = None  # a name the system refuses: too long, a NUL byte
    return found


def load_article(path: Path, *, max_bytes: int) -> Article:
    """`reader.ingest.article.load_article`, imported late: segmenting is only needed here."""
    from reader.ingest.article import load_article as load

    return load(path, max_bytes=max_bytes)


def export(
    folder: Path, notes: Sequence[Note], articles: dict[str, Article | None]
) -> dict[str, Any]:
    """The `reader notes --format json` document.

    Args:
        folder: The article folder.
        notes: The notes to list.
        articles: Articles by file name, None when missing or unreadable.

    Returns:
        `{"folder", "count", "orphans", "notes": [{"id", "created", "modified", "tags",
        "text", "motivation", "targets": [{"source", "title", "outlet", "date", "status",
        "start", "end", "score", "quote", "current", "sentence", "mark", "saved_start",
        "saved_end"}]}]}`; `status` is exact/moved/fuzzy/orphan, `start`/`end`/`current`
        are null for orphans. `sentence` is the whole sentence (or sentences) holding the
        passage now, whitespace folded, and `mark` the passage's [start, end) in it (a
        note on a figure quotes its sentence with the figure marked); null for orphans.
    """
    texts = {name: a.text if a else None for name, a in articles.items()}
    items, orphans = [], 0
    for note in notes:
        targets = []
        for target, placed in zip(note.targets, anchor_note(note, texts), strict=True):
            article = articles.get(target.source)
            meta = article.metadata if article else None
            text = texts.get(target.source)
            current = sentence = None
            mark: list[int] | None = None
            if text is not None and placed.start is not None and placed.end is not None:
                current = text[placed.start : placed.end]
                if article is not None:
                    sentence, mark = _sentence(article, placed.start, placed.end)
            orphans += not placed.placed
            targets.append({
                "source": target.source, "title": meta and meta.title,
                "outlet": meta and meta.outlet, "date": meta and meta.date,
                "status": placed.method, "start": placed.start, "end": placed.end,
                "score": round(placed.score, 1), "quote": target.exact,
                "current": current, "sentence": sentence, "mark": mark,
                "saved_start": target.start, "saved_end": target.end,
            })  # fmt: skip
        items.append({"id": note.id, "created": note.created, "modified": note.modified,
                      "tags": list(note.tags), "text": note.text,
                      "motivation": note.motivation, "targets": targets})  # fmt: skip
    return {"folder": str(folder), "count": len(items), "orphans": orphans, "notes": items}


def _sentence(article: Article, start: int, end: int) -> tuple[str | None, list[int] | None]:
    """The sentences holding text[start:end], whitespace folded, and where the passage
    stands in that string; (None, None) when the passage is outside every sentence."""
    held = [s for s in article.sentences if s.start < end and start < s.end]
    if not held:
        return None, None
    a, b = min(start, held[0].start), max(end, held[-1].end)
    before = " ".join(article.text[a:start].split())
    passage = " ".join(article.text[start:end].split())
    after = " ".join(article.text[end:b].split())
    lead = before + " " if before and article.text[start - 1 : start].isspace() else before
    tail = " " + after if after and article.text[end : end + 1].isspace() else after
    return lead + passage + tail, [len(lead), len(lead) + len(passage)]


# Characters JSON leaves raw with ensure_ascii=False that a terminal would obey (C1
# controls such as U+009B CSI, DEL) or cannot take at all (lone surrogates from
# undecodable file names), and the line separators some readers of JSON trip over.
_JSON_RAW = re.compile("[\x7f-\x9f\u2028\u2029\ud800-\udfff]")


def to_json(doc: dict[str, Any]) -> str:
    """The `reader notes --format json` text: UTF-8 JSON, escapes for what must not be raw."""
    text = json_text(doc)
    return _JSON_RAW.sub(lambda m: f"\\u{ord(m.group(0)):04x}", text) + "\n"


def _write_csv(doc: dict[str, Any]) -> None:
    writer = csv.writer(sys.stdout, lineterminator="\n")
    writer.writerow(CSV_COLUMNS)
    for note in doc["notes"]:
        for i, t in enumerate(note["targets"], 1):
            row = [note["id"], note["created"], note["modified"], "; ".join(note["tags"]),
                   note["text"], i, t["source"], t["title"], t["outlet"], t["date"],
                   t["status"], t["start"], t["end"], t["quote"], t["current"]]  # fmt: skip
            writer.writerow(["" if v is None else _cell(safe(str(v))) for v in row])


# A spreadsheet reads a cell starting with one of these as a formula (=HYPERLINK(...)
# runs on open). OWASP's advice on CSV injection: prefix the cell with a single quote,
# which the spreadsheet shows as text. Note text, tags and quotes from articles all
# come from outside, so every cell is checked; numbers (offsets) never start so.
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def _cell(value: str) -> str:
    """A CSV cell a spreadsheet will not run: a leading quote before a formula start."""
    return "'" + value if value.startswith(_FORMULA_START) else value


def to_markdown(doc: dict[str, Any]) -> str:
    """The `reader notes --format markdown` text: one section per note."""
    out = [f"# Notes: {safe(Path(doc['folder']).name or doc['folder'])}", ""]
    if not doc["notes"]:
        return "\n".join([*out, "No notes.", ""])
    notes, orphans = (
        count(doc["count"], "note", "notes"),
        count(doc["orphans"], "passage", "passages"),
    )
    out += [f"{notes}, {orphans} not found in the current text.", ""]
    for n, note in enumerate(doc["notes"], 1):
        tags = ", ".join(f"`{safe(t)}`" for t in note["tags"])
        when = safe(note["created"][:16].replace("T", " "))
        out += [f"## {n}. {when} UTC" + (f" {tags}" if tags else "")]
        out += ["", safe(note["text"]).strip() or _no_text(note), ""]
        for t in note["targets"]:
            # The outlet names the passage; the file, title and date say which article.
            about = " - ".join(safe(str(v)) for v in (t["source"], t["title"], t["date"]) if v)
            where = f"{t['start']}-{t['end']}" if t["start"] is not None else "not found now"
            name = safe(t["outlet"] or t["source"])
            out.append(f"- **{name}** ({about}): {t['status']}, {where}")
            if t.get("sentence") is not None and t.get("mark") is not None:
                a, b = t["mark"]
                whole = t["sentence"]
                marked = _md(whole)
                if (a, b) != (0, len(whole)):  # a part of it noted: mark that part
                    marked = f"{_md(whole[:a])}**{_md(whole[a:b])}**{_md(whole[b:])}"
                out.append(f"  > {marked}")
                saved = " ".join(t["quote"].split())
                if saved != " ".join((t.get("current") or "").split()):
                    out.append(f"  >\n  > as noted: {_md(saved)}")
            else:
                out.append(f"  > {_md(' '.join(t['quote'].split()))}")
        out.append("")
    return "\n".join(out)


def _no_text(note: dict[str, Any]) -> str:
    """What stands for the text of a note without any: a correction in words."""
    if note.get("motivation") == "linking":
        if "not-linked" in note["tags"]:
            return "*Not the same: link removed by hand.*"
        return "*Linked by hand.*"
    return "*(no text)*"


_MD_SPECIAL = re.compile(r"([\\`*_\[\]<>|])")


def _md(text: str) -> str:
    """Article text safe in Markdown: control characters shown, markup characters escaped
    (a quote holding `*` or `_` must not bold the rest of the line)."""
    return _MD_SPECIAL.sub(r"\\\1", safe(text))
