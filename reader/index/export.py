"""`reader export`: the index's stories, pairs, aligned sentences and numbers as tables
for pandas, R or a spreadsheet: Parquet (with pyarrow) or CSV.

Owns the tables written, one file each in the output folder:

- `articles`: path, name, story, title, outlet, date, sentences;
- `pairs`: story, left_path, right_path, shared (share of sentences linked), rows,
  linked, moved, left_only, right_only, numbers_differ;
- `links`: story, left_path, right_path, row, kind, left_sentences, right_sentences
  (indices, ';'-separated), left_text, right_text, score;
- `numbers`: story, left_path, right_path, row, left_text, left_value, right_text,
  right_value, unit, differs, ratio.

The index stores a pair once per pair of contents; here it is written once per pair of
files (two copies of a text each get their rows). Rows are streamed in batches, so
memory does not grow with the corpus.
"""

from __future__ import annotations

import csv
import json
import sqlite3
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import Any

from reader.core.errors import ReaderError
from reader.index.schema import connect

BATCH = 20_000
"""Rows written at a time."""

COLUMNS: dict[str, tuple[tuple[str, str], ...]] = {
    "articles": (("path", "string"), ("name", "string"), ("story", "int64"),
                 ("title", "string"), ("outlet", "string"), ("date", "string"),
                 ("sentences", "int64")),
    "pairs": (("story", "int64"), ("left_path", "string"), ("right_path", "string"),
              ("shared", "float64"), ("rows", "int64"), ("linked", "int64"),
              ("moved", "int64"), ("left_only", "int64"), ("right_only", "int64"),
              ("numbers_differ", "int64")),
    "links": (("story", "int64"), ("left_path", "string"), ("right_path", "string"),
              ("row", "int64"), ("kind", "string"), ("left_sentences", "string"),
              ("right_sentences", "string"), ("left_text", "string"),
              ("right_text", "string"), ("score", "float64")),
    "numbers": (("story", "int64"), ("left_path", "string"), ("right_path", "string"),
                ("row", "int64"), ("left_text", "string"), ("left_value", "float64"),
                ("right_text", "string"), ("right_value", "float64"), ("unit", "string"),
                ("differs", "bool"), ("ratio", "float64")),
}  # fmt: skip


def export(index: Path, out: Path, fmt: str) -> list[Path]:
    """Write the tables of `index` into the folder `out` as `fmt` ('parquet' or 'csv').

    Returns:
        The files written.

    Raises:
        ReaderError: No index, pyarrow missing for Parquet, or the folder cannot be written.
    """
    if not index.is_file():
        raise ReaderError(f"{index}: no index there (build one with 'reader index')")
    if fmt == "parquet":
        try:
            import pyarrow  # noqa: F401
        except ImportError:
            raise ReaderError(
                "Parquet needs pyarrow: pip install 'newsreader-compare[parquet]' (or use --format csv)"
            ) from None
    try:
        out.mkdir(parents=True, exist_ok=True)
    except OSError as error:
        raise ReaderError(f"{out}: cannot make the folder ({error.strerror or error})") from None
    try:
        db = connect(index, write=False)
    except sqlite3.Error as error:
        raise ReaderError(f"{index}: not a readable index ({error})") from None
    written = []
    try:
        for table in COLUMNS:
            target = out / f"{table}.{fmt}"
            rows = _ROWS[table](db)
            try:
                if fmt == "parquet":
                    _write_parquet(target, table, rows)
                else:
                    _write_csv(target, table, rows)
            except OSError as error:
                raise ReaderError(f"{target}: cannot write ({error.strerror or error})") from None
            written.append(target)
    except sqlite3.Error as error:
        raise ReaderError(f"{index}: not a readable index ({error})") from None
    finally:
        db.close()
    return written


def _articles(db: sqlite3.Connection) -> Iterator[tuple[Any, ...]]:
    yield from db.execute(
        "SELECT f.path, f.name, s.story, a.title, a.outlet, a.date, a.sentences "
        "FROM files f LEFT JOIN articles a ON a.key = f.article "
        "LEFT JOIN story_files s ON s.path = f.path ORDER BY f.path"
    )


# The pairs of files within a story, each with the content pair the index stores
# (the same orientation: the likely original on the left).
_FILE_PAIRS = """
WITH members AS (
    SELECT s.story, s.position, s.path, f.article FROM story_files s
    JOIN files f ON f.path = s.path WHERE f.article IS NOT NULL
)
SELECT a.story, a.path AS left_path, b.path AS right_path, p.*
FROM members a JOIN members b ON a.story = b.story AND a.path != b.path
JOIN pairs p ON p."left" = a.article AND p."right" = b.article
WHERE a.article != b.article OR a.position < b.position
"""


def _pairs(db: sqlite3.Connection) -> Iterator[tuple[Any, ...]]:
    yield from db.execute(
        f"SELECT story, left_path, right_path, shared, rows, linked, moved, left_only, "
        f"right_only, numbers_differ FROM ({_FILE_PAIRS}) WHERE error IS NULL "
        f"ORDER BY story, left_path, right_path"
    )


def _links(db: sqlite3.Connection) -> Iterator[tuple[Any, ...]]:
    for row in db.execute(
        f"SELECT fp.story, fp.left_path, fp.right_path, l.row, l.kind, l.left_sentences, "
        f"l.right_sentences, l.score, fp.\"left\", fp.\"right\" FROM ({_FILE_PAIRS}) fp "
        f"JOIN links l ON l.\"left\" = fp.\"left\" AND l.\"right\" = fp.\"right\" "
        f"ORDER BY fp.story, fp.left_path, fp.right_path, l.row"
    ):
        story, lp, rp, number, kind, ls, rs, score, lk, rk = row
        left, right = _ids(ls), _ids(rs)
        yield (story, lp, rp, number, kind, ";".join(map(str, left)), ";".join(map(str, right)),
               _text(db, lk, left), _text(db, rk, right), score)  # fmt: skip


def _ids(value: str) -> list[int]:
    return [int(i) for i in json.loads(value)]


def _text(db: sqlite3.Connection, article: str, ids: Sequence[int]) -> str:
    marks = ", ".join("?" * len(ids))
    got = db.execute(
        f"SELECT text FROM sentences WHERE article = ? AND idx IN ({marks}) ORDER BY idx",
        (article, *ids),
    )
    return " ".join(t for (t,) in got)


def _numbers(db: sqlite3.Connection) -> Iterator[tuple[Any, ...]]:
    for row in db.execute(
        f"SELECT fp.story, fp.left_path, fp.right_path, n.row, n.left_text, n.left_value, "
        f"n.right_text, n.right_value, n.unit, n.differs, n.ratio FROM ({_FILE_PAIRS}) fp "
        f"JOIN number_diffs n ON n.\"left\" = fp.\"left\" AND n.\"right\" = fp.\"right\" "
        f"ORDER BY fp.story, fp.left_path, fp.right_path, n.row, n.n"
    ):
        yield (*row[:9], bool(row[9]), row[10])


_ROWS = {"articles": _articles, "pairs": _pairs, "links": _links, "numbers": _numbers}


def _batches(rows: Iterator[tuple[Any, ...]]) -> Iterator[list[tuple[Any, ...]]]:
    batch = []
    for row in rows:
        batch.append(row)
        if len(batch) >= BATCH:
            yield batch
            batch = []
    if batch:
        yield batch


def _write_csv(target: Path, table: str, rows: Iterator[tuple[Any, ...]]) -> None:
    with target.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow([name for name, _ in COLUMNS[table]])
        for batch in _batches(rows):
            writer.writerows(batch)


def _write_parquet(target: Path, table: str, rows: Iterator[tuple[Any, ...]]) -> None:
    import pyarrow as pa
    import pyarrow.parquet as pq

    types = {"string": pa.string(), "int64": pa.int64(), "float64": pa.float64(),
             "bool": pa.bool_()}  # fmt: skip
    schema = pa.schema([(name, types[kind]) for name, kind in COLUMNS[table]])
    with pq.ParquetWriter(target, schema) as writer:
        for batch in _batches(rows):
            columns = list(zip(*batch, strict=True))
            writer.write_table(pa.Table.from_arrays(
                [pa.array(col, type=field.type) for col, field in zip(columns, schema, strict=True)],
                schema=schema,
            ))  # fmt: skip
