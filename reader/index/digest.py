"""A digest of an index's content: equal for equal content, whatever built it.

`python -m reader.index.digest FILE` prints it. Left out: file modification times and
the `meta` table (they say when, not what), so two builds of copies of one corpus, or
builds with different numbers of workers, compare equal.
"""

from __future__ import annotations

import hashlib
import sys
from pathlib import Path

from reader.index.schema import connect

_TABLES = {
    "files": "path, name, size, article, error",
    "articles": "*",
    "sentences": "*",
    "boilerplate": "*",
    "numbers": "*",
    "evidence": "*",
    "stories": "*",
    "story_files": "*",
    "pairs": "*",
    "links": "*",
    "number_diffs": "*",
}


def content_digest(index: Path) -> str:
    """The hex digest of the index's content, table by table in key order."""
    db = connect(index, write=False)
    try:
        digest = hashlib.blake2b(digest_size=20)
        for table, columns in _TABLES.items():
            digest.update(f"\n#{table}\n".encode())
            for row in db.execute(f"SELECT {columns} FROM {table} ORDER BY 1, 2, 3"):
                digest.update(repr(row).encode("utf-8", "surrogateescape"))
        return digest.hexdigest()
    finally:
        db.close()


if __name__ == "__main__":
    if len(sys.argv) != 2:
        print("usage: python -m reader.index.digest INDEX_FILE", file=sys.stderr)
        sys.exit(2)
    print(content_digest(Path(sys.argv[1])))
