"""The index file: one SQLite database beside the corpus, its tables, and opening it.

SQLite (the standard library's `sqlite3`), in WAL mode: nothing to install, one file a
researcher can open with any SQLite client, pandas or R (`DBI`/`RSQLite`), or attach
from DuckDB; readers (the reader, `reader report`) read while `reader index` writes;
every batch is one transaction, so a crash or `kill -9` leaves the last committed state
and a re-run goes on from it. (DuckDB was the other candidate: faster for column scans,
but one process holds a database open for writing at a time, and it is a 20 MB wheel.)

Tables (one row per ...):

- `meta` (key, value): the schema version, the engine's fingerprint, the state of the
  last complete build;
- `files` (path, name, size, mtime_ns, article, error): each article file found; `path`
  is relative to the index's folder when inside it; `article` is the content key, NULL
  with `error` when the file could not be read;
- `articles` (key, title, outlet, date, byline, url, headline, sentences, body_chars,
  boilerplate_chars, notices, data): each distinct content (`key` = BLAKE2b of the file
  name's suffix and bytes); `data` is the whole parsed article (zlib-compressed JSON,
  `reader.index.codec`);
- `sentences` (article, idx, start, end, paragraph, text), `boilerplate` (article,
  start, end, kind), `numbers` (article, sentence, start, end, text, value, kind, unit,
  approximate): offsets index the article's decoded text;
- `evidence` (article, copy_key, filing, sentences, terms): what story grouping reads;
- `stories` (id, title, central, size) and `story_files` (story, path, position,
  partner, reason, similarity): the grouping of the files; `id` counts from 1 in the
  order of each story's first file;
- `pairs` (left, right, rows, linked, moved, left_only, right_only, numbers_differ,
  shared, error, data): each pair within a story, the likely original on the left
  (earlier date, else more sentences); `data` is the whole comparison;
- `links` (left, right, row, kind, left_sentences, right_sentences, score): the aligned
  rows of each pair, sentence indices as JSON lists;
- `number_diffs` (left, right, row, left_text, left_value, right_text, right_value,
  unit, differs, ratio): the figures compared in each pair's linked rows;
- `grouping` and `grouping_terms`: the last full story grouping's weights and vectors,
  which a re-run places added articles with (`reader.index.grouping`).
"""

from __future__ import annotations

import hashlib
import os
import sqlite3
from collections.abc import Sequence
from functools import cache
from pathlib import Path

from reader import __version__

SCHEMA_VERSION = 2
INDEX_NAME = ".reader-index.sqlite"
"""The index's file name in the corpus folder (hidden: the folder's discovery skips it)."""

DDL = """
CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS files (
    path TEXT PRIMARY KEY, name TEXT NOT NULL, size INTEGER NOT NULL,
    mtime_ns INTEGER NOT NULL, article TEXT, error TEXT
);
CREATE INDEX IF NOT EXISTS files_article ON files(article);
CREATE TABLE IF NOT EXISTS articles (
    key TEXT PRIMARY KEY, title TEXT, outlet TEXT, date TEXT, byline TEXT, url TEXT,
    headline TEXT,
    sentences INTEGER NOT NULL, body_chars INTEGER NOT NULL,
    boilerplate_chars INTEGER NOT NULL, notices TEXT NOT NULL, data BLOB NOT NULL
) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS sentences (
    article TEXT NOT NULL, idx INTEGER NOT NULL, start INTEGER NOT NULL,
    "end" INTEGER NOT NULL, paragraph INTEGER NOT NULL, text TEXT NOT NULL,
    PRIMARY KEY (article, idx)
) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS boilerplate (
    article TEXT NOT NULL, start INTEGER NOT NULL, "end" INTEGER NOT NULL, kind TEXT,
    PRIMARY KEY (article, start)
) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS numbers (
    article TEXT NOT NULL, sentence INTEGER NOT NULL, start INTEGER NOT NULL,
    "end" INTEGER NOT NULL, text TEXT NOT NULL, value REAL, kind TEXT NOT NULL,
    unit TEXT, approximate INTEGER NOT NULL,
    PRIMARY KEY (article, start)
) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS evidence (
    article TEXT PRIMARY KEY, copy_key TEXT NOT NULL, filing TEXT,
    sentences INTEGER NOT NULL, terms TEXT NOT NULL
) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS stories (
    id INTEGER PRIMARY KEY, title TEXT NOT NULL, central TEXT NOT NULL, size INTEGER NOT NULL
);
CREATE TABLE IF NOT EXISTS story_files (
    story INTEGER NOT NULL, path TEXT NOT NULL, position INTEGER NOT NULL,
    partner TEXT, reason TEXT, similarity REAL,
    PRIMARY KEY (story, position)
);
CREATE INDEX IF NOT EXISTS story_files_path ON story_files(path);
CREATE TABLE IF NOT EXISTS pairs (
    "left" TEXT NOT NULL, "right" TEXT NOT NULL, rows INTEGER, linked INTEGER,
    moved INTEGER, left_only INTEGER, right_only INTEGER, numbers_differ INTEGER,
    shared REAL, error TEXT, data BLOB,
    PRIMARY KEY ("left", "right")
) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS links (
    "left" TEXT NOT NULL, "right" TEXT NOT NULL, row INTEGER NOT NULL, kind TEXT NOT NULL,
    left_sentences TEXT NOT NULL, right_sentences TEXT NOT NULL, score REAL,
    PRIMARY KEY ("left", "right", row)
) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS grouping (
    key TEXT PRIMARY KEY, story INTEGER NOT NULL, centre INTEGER NOT NULL,
    partner TEXT, similarity REAL, terms BLOB NOT NULL, weights BLOB NOT NULL
);
CREATE TABLE IF NOT EXISTS grouping_terms (name TEXT PRIMARY KEY, value BLOB NOT NULL);
CREATE TABLE IF NOT EXISTS number_diffs (
    "left" TEXT NOT NULL, "right" TEXT NOT NULL, row INTEGER NOT NULL, n INTEGER NOT NULL,
    left_text TEXT NOT NULL, left_value REAL, right_text TEXT NOT NULL, right_value REAL,
    unit TEXT, differs INTEGER NOT NULL, ratio REAL,
    PRIMARY KEY ("left", "right", row, n)
) WITHOUT ROWID;
"""

CONTENT_TABLES = ("sentences", "boilerplate", "numbers", "evidence")
"""Tables keyed by an article's content key (column `article`)."""
PAIR_TABLES = ("links", "number_diffs")
"""Tables keyed by a pair's content keys (columns `left`, `right`), beside `pairs`."""


_STORED_BY = frozenset({"codec.py", "schema.py", "work.py"})


@cache
def engine_fingerprint() -> str:
    """A digest of everything that decides what the index holds: the schema, the reader's
    version, the source of the stages (ingest, align, story, core, index) and their data
    (the scorer's weights, the stop words) and the index's own codec, schema and tasks.
    Any change makes an old index stale."""
    digest = hashlib.blake2b(f"{SCHEMA_VERSION}:{__version__}".encode(), digest_size=16)
    root = Path(__file__).resolve().parent.parent  # the `reader` package (importlib.resources:
    # some milliseconds of imports before the reader's first paint, for a folder on disk)
    for package in ("core", "ingest", "align", "story", "index"):
        folder = root / package
        for path in sorted(folder.rglob("*")):
            if package == "index" and path.name not in _STORED_BY:
                continue  # reading and running the index decide nothing stored
            if path.suffix in {".py", ".json", ".txt"} and path.is_file():
                digest.update(str(path.relative_to(folder.parent)).encode())
                digest.update(path.read_bytes())
    return digest.hexdigest()


def connect(path: Path, *, write: bool) -> sqlite3.Connection:
    """Open the index (creating its tables when writing).

    Args:
        path: The index file.
        write: Open for building (creates the file and tables) or read-only.

    Raises:
        sqlite3.Error: The file is not an SQLite database, or cannot be opened.
    """
    if write:
        db = sqlite3.connect(path, timeout=30.0, isolation_level=None)
        db.execute("PRAGMA journal_mode=WAL")
        db.execute("PRAGMA synchronous=NORMAL")
        db.executescript(DDL)
    else:
        # Read-only, and usable from the reader's worker threads (`IndexView` serialises).
        db = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True, timeout=30.0,
                             isolation_level=None, check_same_thread=False)  # fmt: skip
    return db


def get_meta(db: sqlite3.Connection, key: str) -> str | None:
    """A value of the `meta` table, None when unset."""
    row = db.execute("SELECT value FROM meta WHERE key = ?", (key,)).fetchone()
    return row[0] if row else None


def set_meta(db: sqlite3.Connection, key: str, value: str) -> None:
    """Set a value of the `meta` table (inside the caller's transaction)."""
    db.execute("INSERT OR REPLACE INTO meta (key, value) VALUES (?, ?)", (key, value))


def stored_path(path: Path, index: Path) -> str:
    """A file's path as the index stores it: relative to the index's folder when inside."""
    if path.parent == index.parent:  # the usual case, and what the rest gives it, at once
        return path.name
    absolute = os.path.abspath(path)
    base = os.path.abspath(index.parent)
    if os.path.commonpath([absolute, base]) == base:
        return os.path.relpath(absolute, base)
    return absolute


def files_state(rows: Sequence[tuple[str, int, int]]) -> str:
    """A digest of (path, size, mtime_ns) of every file: what `meta.complete` holds."""
    digest = hashlib.blake2b(engine_fingerprint().encode(), digest_size=16)
    for path, size, mtime in sorted(rows):
        digest.update(f"{path}\0{size}\0{mtime}\n".encode("utf-8", "surrogateescape"))
    return digest.hexdigest()
