"""Reading the index: whether it is fresh for the files at hand, and what it holds
(articles, stories, comparisons) as the core's own objects.

The commands and the reader call `open_index` with the files they found. The index is
used only when it matches them exactly (the same engine, the same files with the same
sizes and modification times as its last complete build); otherwise the caller is told
why (`Stale`) and reads the files itself. Nothing here writes.
"""

from __future__ import annotations

import os
import sqlite3
import threading
from collections.abc import Collection, Mapping, Sequence
from dataclasses import dataclass
from itertools import combinations
from pathlib import Path
from typing import TYPE_CHECKING

from reader.core.model import Article, Comparison
from reader.ingest.load import natural_key
from reader.index.codec import decode_article, decode_comparison, unpack
from reader.index.schema import (
    INDEX_NAME,
    connect,
    engine_fingerprint,
    files_state,
    get_meta,
    stored_path,
)

if TYPE_CHECKING:
    PairKey = tuple[Path, Path]


@dataclass(frozen=True)
class Stale:
    """An index that cannot be used for these files, and why (one line)."""

    index: Path
    reason: str


def index_for(paths: Sequence[Path], index: Path | None = None) -> Path | None:
    """The index file of these paths: `index` when given, else the one in the single
    folder given, when there is one; None otherwise."""
    if index is not None:
        return Path(index)
    if len(paths) == 1 and Path(paths[0]).is_dir():
        candidate = Path(paths[0]) / INDEX_NAME
        return candidate if candidate.is_file() else None
    return None


def open_index(
    files: Sequence[Path], index: Path, *, whole: bool = True, later: bool = False
) -> IndexView | Stale:
    """The index, if it is fresh for exactly these files.

    Args:
        files: The article files found (`reader.ingest.load.discover`).
        index: The index file.
        whole: The files are the whole corpus the index was built from (its stories are
            then theirs); False for a few of its files (`reader compare`): each must be
            indexed unchanged.
        later: Check now only that the index is a complete build of this engine; whether
            it holds exactly these files is checked by `IndexView.check`, which the
            caller must call (the reader: once its first pair is painted). Until then
            the view gives articles and comparisons only of files `vouch` found
            unchanged.

    Returns:
        A view of the index, or `Stale` saying why it cannot be used.
    """
    if not index.is_file():
        return Stale(index, f"{index}: no index there (build one with 'reader index')")
    try:
        db = connect(index, write=False)
    except sqlite3.Error as error:
        return Stale(index, f"{index}: not a readable index ({error})")
    try:
        why = _why_unusable(db, index) if later else _why_stale(db, index, files, whole)
        if why is None:
            return IndexView(db, index, files, checked=not later)
    except sqlite3.Error as error:  # a database, but not an index (or a damaged one)
        why = f"{index}: not a readable index ({error})"
    db.close()
    return Stale(index, why)


def _stored_paths(files: Sequence[Path], index: Path) -> dict[str, Path]:
    """Each file by its path as the index stores it (`stored_path`), at a string's cost
    for the files of the index's own folder (thousands, before the reader's first paint)."""
    base = str(index.parent)
    out = {}
    for path in files:
        text = str(path)
        if os.path.dirname(text) == base:  # normalised paths: `path.parent == index.parent`
            out[os.path.basename(text)] = path
        else:
            out[stored_path(path, index)] = path
    return out


def _why_unusable(db: sqlite3.Connection, index: Path) -> str | None:
    """Why the index cannot be used whatever the files (one line), None when it may be:
    another engine built it, or no build of it finished."""
    if get_meta(db, "engine") != engine_fingerprint():
        return f"{index}: built by another version of reader; run 'reader index' again"
    if get_meta(db, "complete") is None:
        return f"{index}: out of date (its last build did not finish); run 'reader index' to update it"
    return None


def _why_stale(db: sqlite3.Connection, index: Path, files: Sequence[Path], whole: bool) -> str | None:
    """Why the index cannot be used for these files (one line), None when it can."""
    if get_meta(db, "engine") != engine_fingerprint():
        return f"{index}: built by another version of reader; run 'reader index' again"
    complete = get_meta(db, "complete")
    state = []
    for path in files:
        try:
            info = path.stat()
        except OSError:
            continue
        state.append((stored_path(path, index), info.st_size, info.st_mtime_ns))
    if whole and complete is not None and complete == files_state(state):
        return None
    known = {p: (s, m) for p, s, m in db.execute("SELECT path, size, mtime_ns FROM files")}
    changed = sum(known.get(p) != (s, m) for p, s, m in state)
    gone = len(set(known) - {p for p, _, _ in state}) if whole else 0
    if not whole and complete is not None and not changed:
        return None  # a few of its files, each indexed unchanged
    if complete is None and not changed and not gone:
        why = "its last build did not finish"
    elif whole:
        why = f"{changed:,} file{'s' if changed != 1 else ''} new or changed, {gone:,} gone"
    else:
        why = f"{changed} of the files new or changed"
    return f"{index}: out of date ({why}); run 'reader index' to update it"


class IndexView:
    """A fresh index, read through the paths the caller found. Its methods may be called
    from several threads (the reader's workers): one at a time uses the connection."""

    def __init__(self, db: sqlite3.Connection, index: Path, files: Sequence[Path], *,
                 checked: bool = True) -> None:  # fmt: skip
        self.db = db
        self._lock = threading.RLock()
        self.index = index
        self._files = files
        self._paths_made: dict[str, Path] | None = None
        self._keys_read: dict[str, tuple[str | None, str | None]] | None = None
        self.checked = checked
        """Whether the index is known fresh for the caller's files (`open_index(later=True)`
        leaves it False until `check`)."""
        self._vouched: set[str] = set()
        """Stored paths found unchanged one by one (`vouch`), usable before `check`."""

    # Made when first asked (the reader asks for neither before its first pair is painted:
    # for thousands of files each is a few milliseconds of its start).

    @property
    def _paths(self) -> dict[str, Path]:
        """Stored path -> the caller's path of that file."""
        with self._lock:
            if self._paths_made is None:
                self._paths_made = _stored_paths(self._files, self.index)
            return self._paths_made

    @property
    def _keys(self) -> dict[str, tuple[str | None, str | None]]:
        """Stored path -> (content key, why unreadable) of every indexed file."""
        with self._lock:
            if self._keys_read is None:
                rows = self.db.execute("SELECT path, article, error FROM files")
                self._keys_read = {p: (k, e) for p, k, e in rows}
            return self._keys_read

    def vouch(self, paths: Collection[Path]) -> bool:
        """Whether these files are indexed as they are now (size and modification time);
        if so, their articles and comparisons may be used before `check`."""
        stored = {stored_path(p, self.index): p for p in paths}
        marks = ", ".join("?" * len(stored))
        known = {p: (s, m) for p, s, m in self._query(
            f"SELECT path, size, mtime_ns FROM files WHERE path IN ({marks})", tuple(stored)
        )}  # fmt: skip
        for rel, path in stored.items():
            try:
                info = path.stat()
            except OSError:
                return False
            if known.get(rel) != (info.st_size, info.st_mtime_ns):
                return False
        self._vouched.update(stored)
        return True

    def check(self, files: Sequence[Path]) -> str | None:
        """Check that the index is fresh for exactly `files` (as `open_index` does);
        None when it is (then every article and comparison may be used), else why not
        (then drop the view and read the files)."""
        try:
            with self._lock:
                why = _why_stale(self.db, self.index, files, True)
        except sqlite3.Error as error:
            why = f"{self.index}: not a readable index ({error})"
        self.checked = why is None
        return why

    def _usable(self, path: Path) -> bool:
        return self.checked or stored_path(path, self.index) in self._vouched

    def _query(self, sql: str, args: tuple[object, ...] = ()) -> list[tuple[object, ...]]:
        with self._lock:
            return self.db.execute(sql, args).fetchall()

    def close(self) -> None:
        with self._lock:
            self.db.close()

    def errors(self) -> dict[Path, str]:
        """The files that could not be read as articles, with the reason."""
        return {self._paths[p]: e for p, (k, e) in self._keys.items() if k is None and p in self._paths}

    def key(self, path: Path) -> str | None:
        """The content key of a file (None: unreadable or not indexed)."""
        stored = stored_path(path, self.index)
        if self._keys_read is None:  # one file (the first pair's): one row
            rows = self._query("SELECT article FROM files WHERE path = ?", (stored,))
            return rows[0][0] if rows else None  # type: ignore[return-value]
        got = self._keys_read.get(stored)
        return got[0] if got else None

    def opening(self) -> PairKey | None:
        """The most similar pair of the first story (by its first file in the caller's
        order) of two or more articles; ties: the pair first in the caller's order. None
        when no story has a pair. What `story_members` and `similarities` would give, but
        reading only the story files and the first story's pairs, not a row per file."""
        story_of: dict[str, int] = {}
        size: dict[int, int] = {}
        for story, stored in self._query("SELECT story, path FROM story_files"):
            story_of[stored] = story  # type: ignore[index]
            size[story] = size.get(story, 0) + 1  # type: ignore[index,call-overload]
        for position, path in enumerate(self._files):
            story = story_of.get(stored_path(path, self.index))
            if story is None or size[story] < 2:
                continue
            members = self._members_of(story_of, story, position)
            if len(members) < 2:
                continue
            scores = self.similarities(among=members)
            return max(combinations(members, 2), key=lambda p: scores.get(frozenset(p), -1.0))
        return None

    def _members_of(self, story_of: Mapping[str, int], story: int, position: int) -> list[Path]:
        """The files of `story` in the caller's order, its first being `_files[position]`.

        Files of the index's folder are stored by name: theirs are made from the names and
        put in folder order (`natural_key`, as `discover` lists a folder); other files are
        looked for among the caller's."""
        named = [stored for stored, s in story_of.items() if s == story]
        first = self._files[position]
        folder = self.index.parent
        if first.parent == folder and all(os.sep not in n and "/" not in n for n in named):
            return [folder / n for n in sorted(named, key=natural_key)]
        wanted = set(named)
        return [p for p in self._files[position:] if stored_path(p, self.index) in wanted]

    def _pair_keys(self, paths: Collection[Path]) -> dict[str, list[Path]]:
        """The caller's paths among `paths` by content key."""
        by_key: dict[str, list[Path]] = {}
        for path in paths:
            key = self.key(path)
            if key is not None:
                by_key.setdefault(key, []).append(path)
        return by_key

    def article(self, path: Path) -> Article | None:
        """The article read from `path`, as the index holds it (None before `check` for
        a file not vouched for)."""
        key = self.key(path)
        if key is None or not self._usable(path):
            return None
        rows = self._query("SELECT data FROM articles WHERE key = ?", (key,))
        return decode_article(unpack(rows[0][0]), path) if rows else None

    def articles(self, files: Sequence[Path]) -> dict[Path, Article]:
        """Every readable article among `files`, by path."""
        out = {}
        for path in files:
            article = self.article(path)
            if article is not None:
                out[path] = article
        return out

    def story_members(self) -> list[tuple[list[Path], Path]]:
        """Each story as (its files, its central file): files in the caller's order,
        stories by their first file (as `group_stories` orders them)."""
        return [(files, central) for _, files, central in self._members()]

    def _members(self) -> list[tuple[int, list[Path], Path]]:
        """`story_members`, each with the story's id in the index."""
        central = dict(self._query("SELECT id, central FROM stories"))
        members: dict[int, list[Path]] = {}
        for story, path in self._query(
            "SELECT story, path FROM story_files ORDER BY story, position"
        ):
            if path in self._paths:
                members.setdefault(story, []).append(self._paths[path])
        order = {path: i for i, path in enumerate(self._paths.values())}
        found = [(s, sorted(members[s], key=order.__getitem__), self._paths[central[s]])
                 for s in members if central[s] in self._paths]  # fmt: skip
        return sorted(found, key=lambda story: order[story[1][0]])

    def stories(self, articles: Mapping[Path, Article]) -> tuple[object, ...]:
        """The stories of the index over these articles (`reader.story.stories.Story`)."""
        from reader.story.stories import Story, StoryLink

        links: dict[int, list[StoryLink]] = {}
        for story, path, partner, reason, sim in self._query(
            "SELECT story, path, partner, reason, similarity FROM story_files "
            "WHERE partner IS NOT NULL ORDER BY story, position"
        ):
            a, b = self._paths.get(path), self._paths.get(partner)
            if a in articles and b in articles:
                links.setdefault(story, []).append(StoryLink(a.name, b.name, reason, sim))
        out = []
        for number, files, central in self._members():
            members = tuple(articles[p] for p in files if p in articles)
            if members:
                out.append(Story(members, tuple(links.get(number, ())), central.name))
        return tuple(out)

    def comparison(self, left: Article, right: Article) -> Comparison | None:
        """The stored comparison of `left` with `right`, that way round; None when the
        index does not hold the pair so (another orientation, another story), or before
        `check` when a file of it was not vouched for."""
        a, b = self.key(left.path), self.key(right.path)
        if a is None or b is None or not (self._usable(left.path) and self._usable(right.path)):
            return None
        rows = self._query('SELECT data FROM pairs WHERE "left" = ? AND "right" = ?', (a, b))
        if not rows or rows[0][0] is None:
            return None
        return decode_comparison(unpack(rows[0][0]), left, right)

    def similarities(self, among: Collection[Path] | None = None) -> dict[frozenset[Path], float]:
        """The share of sentences linked, of every stored pair (of the files `among`,
        when given), by its two files."""
        return self._by_files("shared", among)  # type: ignore[return-value]

    def differing(self) -> dict[frozenset[Path], int]:
        """How many figures differ, in every stored pair, by its two files."""
        return self._by_files("numbers_differ")  # type: ignore[return-value]

    def _by_files(
        self, column: str, among: Collection[Path] | None = None
    ) -> dict[frozenset[Path], object]:
        """A column of `pairs` (one of its own names) for every stored pair, by its files."""
        wanted = None if among is None else set(among)
        sql = f'SELECT "left", "right", {column} FROM pairs WHERE {column} IS NOT NULL'
        args: tuple[object, ...] = ()
        if wanted is not None and len(wanted) <= 400:  # a few: only their keys and pairs
            by_key = self._pair_keys(wanted)
            keys = sorted(by_key)
            marks = ", ".join("?" * len(keys))
            sql += f' AND "left" IN ({marks}) AND "right" IN ({marks})'
            args = (*keys, *keys)
        else:
            by_key = {}
            for stored, (key, _) in self._keys.items():
                if key is not None and stored in self._paths:
                    by_key.setdefault(key, []).append(self._paths[stored])
        out: dict[frozenset[Path], object] = {}
        for a, b, value in self._query(sql, args):
            for pa in by_key.get(a, ()):
                for pb in by_key.get(b, ()):
                    if pa != pb and (wanted is None or (pa in wanted and pb in wanted)):
                        out[frozenset((pa, pb))] = value
        return out
