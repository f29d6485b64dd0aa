"""`reader index`'s work: bring the index of a corpus up to date, incrementally.

Owns the order of the build and what a re-run redoes:

1. **Files.** The folder is listed (`reader.ingest.load.discover`); a file whose size and
   modification time match the index is not read again. A changed or new file is read
   once here to get its content key (BLAKE2b of its suffix and bytes): content the index
   already holds (a copy, a renamed or touched file) is not parsed again. Files gone from
   the folder leave the index.
2. **Articles.** New contents are read, segmented and described on the workers
   (`work.read_batch`), a batch of files per task; each batch's rows are written in one
   transaction, the files last, so an interrupted run never leaves a file pointing at
   content that is not there.
3. **Stories.** When its set of files changed, the corpus is grouped from the stored
   evidence (`reader.story.stories.group_evidence`; no article is read again), and the
   stories are replaced in one transaction. A corpus of `PLACE_FROM` articles or more,
   changed by less than `DRIFT` of it since its last full grouping, is not regrouped: the
   added articles are placed into its stories and the removed ones taken out, under the
   weights of that grouping (`reader.story.placement`, its model kept by
   `reader.index.grouping`); `--regroup` groups it whole.
4. **Pairs.** Each pair within a story is aligned (`work.align_batch`) unless the index
   holds it already: a pair is keyed by its two contents, so a pair survives regrouping
   and renaming, and only the pairs of new or changed articles are aligned. Pairs no
   story needs any more, and contents no file has, are removed.
5. **Done.** `meta.complete` records the state of the files built; readers trust the
   index only when it matches the folder (`reader.index.read`).

Every step commits as it goes, so a crash or `kill -9` at any point leaves a usable index
and a re-run finishes the job; two runs on one index wait for each other (a lock file).
"""

from __future__ import annotations

import hashlib
import json
import os
import sqlite3
import time
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from itertools import combinations
from pathlib import Path
from typing import TYPE_CHECKING

from reader.core.errors import LoadError, ReaderError
from reader.index.codec import unpack
from reader.index.progress import Progress
from reader.index.run import Runner
from reader.index.schema import (
    CONTENT_TABLES,
    INDEX_NAME,
    PAIR_TABLES,
    SCHEMA_VERSION,
    connect,
    engine_fingerprint,
    files_state,
    get_meta,
    set_meta,
    stored_path,
)
from reader.index.work import PairJob, PairResult, ReadJob, ReadResult, align_batch, read_batch
from reader.ingest.load import DEFAULT_MAX_BYTES, discover, read_bytes

if TYPE_CHECKING:
    from reader.story.stories import Grouped

READ_BATCH = 32
"""Files per reading task."""
PAIR_BATCH = 600
"""Most pairs per aligning task. A task holds the pairs of one story, or of several small
ones, story after story, so its articles are decoded, and what is derived from each
(`reader.align.memo`), once for all its pairs."""
PACKED = 200
"""Small stories' pairs go together into one task up to this many (METER: 49 tasks, not
249; a few hundred pairs each, so the last tasks to finish stay short)."""


@dataclass
class Built:
    """What a run did, for the closing lines."""

    index: Path
    files: int = 0
    read: int = 0
    reused: int = 0
    removed: int = 0
    unreadable: int = 0
    stories: int = 0
    pairs: int = 0
    aligned: int = 0
    seconds: float = 0.0
    skipped: list[str] = field(default_factory=list)
    where: str = "in this process"


def default_index(paths: Sequence[Path]) -> Path:
    """Where the index of these paths goes by default: inside the one folder given.

    Raises:
        ReaderError: Not exactly one folder was given (say where with --index).
    """
    if len(paths) == 1 and Path(paths[0]).is_dir():
        return Path(paths[0]) / INDEX_NAME
    raise ReaderError("give one folder, or say where the index goes with --index FILE")


def key_of(name: str, data: bytes) -> str:
    """The content key of a file: its suffix (it decides how the file is read) and bytes."""
    digest = hashlib.blake2b(Path(name).suffix.lower().encode() + b"\0", digest_size=20)
    digest.update(data)
    return digest.hexdigest()


def build_index(
    paths: Sequence[Path],
    index: Path | None = None,
    *,
    workers: int | None = None,
    scheduler: str | None = None,
    max_bytes: int = DEFAULT_MAX_BYTES,
    progress: Progress | None = None,
    regroup: bool = False,
) -> Built:
    """Bring the index of the articles under `paths` up to date (see the module docstring).

    Args:
        paths: Folders and article files, as given.
        index: The index file (default: `default_index`).
        workers: Local worker processes (default: the cores; 1: this process).
        scheduler: Address of an existing Dask scheduler to run on instead.
        max_bytes: Largest article file read.
        progress: Where progress goes (default: standard error).
        regroup: Group the whole corpus again, even when its changes could be placed.

    Raises:
        ReaderError: Bad paths, an index that cannot be opened or written, Dask that
            cannot start.
    """
    from filelock import FileLock, Timeout  # not imported by readers of the index

    started = time.monotonic()
    progress = progress or Progress()
    found = discover(list(paths))
    index = Path(index) if index is not None else default_index(paths)
    built = Built(index, skipped=list(found.skipped))
    try:
        lock = FileLock(str(index) + ".lock", timeout=0.2)
        try:
            lock.acquire()
        except Timeout:
            progress.say(f"index: {index} is being built by another run; waiting for it")
            lock = FileLock(str(index) + ".lock")
            lock.acquire()
        try:
            db = connect(index, write=True)
        except sqlite3.Error as error:
            raise ReaderError(f"{index}: cannot open the index ({error})") from None
        try:
            with Runner(workers=workers, scheduler=scheduler) as runner:
                _build(db, index, found.files, runner, max_bytes, progress, built, regroup)
                built.where = runner.where
        finally:
            db.close()
            lock.release()
    except sqlite3.DatabaseError as error:
        raise ReaderError(f"{index}: the index cannot be written ({error})") from None
    except OSError as error:
        raise ReaderError(f"{index}: {error.strerror or error}") from None
    built.seconds = time.monotonic() - started
    return built


def _build(db: sqlite3.Connection, index: Path, files: Sequence[Path], runner: Runner,
           max_bytes: int, progress: Progress, built: Built, regroup: bool = False) -> None:  # fmt: skip
    engine = engine_fingerprint()
    if get_meta(db, "engine") != engine:
        with _transaction(db):
            for table in ("files", "articles", "stories", "story_files", "pairs", "grouping",
                          "grouping_terms", *CONTENT_TABLES, *PAIR_TABLES):  # fmt: skip
                db.execute(f"DELETE FROM {table}")
            db.execute("DELETE FROM meta")
            set_meta(db, "schema", str(SCHEMA_VERSION))
            set_meta(db, "engine", engine)
    state = _read_files(db, index, files, runner, max_bytes, progress, built)
    _group(db, progress, built, regroup)
    needed = _align(db, runner, progress, built)
    _prune(db, needed)
    with _transaction(db):
        set_meta(db, "complete", state)


class _transaction:
    """`with _transaction(db):` one write transaction, rolled back on error."""

    def __init__(self, db: sqlite3.Connection) -> None:
        self.db = db

    def __enter__(self) -> sqlite3.Connection:
        self.db.execute("BEGIN IMMEDIATE")
        return self.db

    def __exit__(self, kind: object, *exc: object) -> None:
        self.db.execute("COMMIT" if kind is None else "ROLLBACK")


def _read_files(db: sqlite3.Connection, index: Path, files: Sequence[Path], runner: Runner,
                max_bytes: int, progress: Progress, built: Built) -> str:  # fmt: skip
    known = {
        row[0]: row[1:]
        for row in db.execute("SELECT path, size, mtime_ns, article, error FROM files")
    }
    here: dict[str, tuple[Path, int, int]] = {}
    changed: list[str] = []
    for path in files:
        rel = stored_path(path, index)
        try:
            info = path.stat()
        except OSError:
            continue  # gone since the folder was listed: as if never there
        here[rel] = (path, info.st_size, info.st_mtime_ns)
        old = known.get(rel)
        if old is None or (old[0], old[1]) != (info.st_size, info.st_mtime_ns):
            changed.append(rel)
    gone = sorted(set(known) - set(here))
    if gone:
        with _transaction(db):
            db.executemany("DELETE FROM files WHERE path = ?", [(p,) for p in gone])
    built.files, built.removed = len(here), len(gone)
    built.reused = len(here) - len(changed)
    state = files_state([(rel, size, mtime) for rel, (_, size, mtime) in here.items()])
    if changed:
        progress.say(f"index: {len(here):,} files, {len(changed):,} new or changed, "
                     f"{len(gone):,} gone")  # fmt: skip
        _read_changed(db, sorted(changed), here, runner, max_bytes, progress, built)
    elif gone:
        progress.say(f"index: {len(here):,} files, {len(gone):,} gone")
    built.unreadable = db.execute("SELECT count(*) FROM files WHERE error IS NOT NULL").fetchone()[0]
    return state


def _read_changed(db: sqlite3.Connection, changed: list[str],
                  here: dict[str, tuple[Path, int, int]], runner: Runner, max_bytes: int,
                  progress: Progress, built: Built) -> None:  # fmt: skip
    held = {row[0] for row in db.execute("SELECT key FROM articles")}
    waiting: dict[str, list[tuple[str, int, int]]] = {}  # content key -> files reading it
    done_rows: list[tuple[object, ...]] = []  # files rows ready to write

    def jobs() -> Iterator[list[ReadJob]]:
        batch: list[ReadJob] = []
        for rel in changed:
            path, size, mtime = here[rel]
            try:
                data = read_bytes(path, max_bytes=max_bytes)
            except LoadError as error:
                done_rows.append((rel, path.name, size, mtime, None, error.message))
                continue
            key = key_of(path.name, data)
            if key in held:
                done_rows.append((rel, path.name, size, mtime, key, None))
                continue
            if key in waiting:
                waiting[key].append((rel, size, mtime))
                continue
            waiting[key] = [(rel, size, mtime)]
            batch.append(ReadJob(key, path.name, data))
            if len(batch) >= READ_BATCH:
                yield batch
                batch = []
        if batch:
            yield batch

    progress.stage("reading articles", len(changed))
    total_jobs = -(-len(changed) // READ_BATCH)
    for results in runner.map(read_batch, jobs(), max_bytes, size=total_jobs):
        _write_read(db, results, waiting, done_rows, here, held)
        for r in results:
            waiting.pop(r.key, None)
        built.read += len(results)
        progress.advance(len(done_rows))
        done_rows.clear()
    if done_rows:  # files whose content was held already, after the last batch
        with _transaction(db):
            _write_files(db, done_rows)
        progress.advance(len(done_rows))
        done_rows.clear()
    progress.end_stage()


def _write_files(db: sqlite3.Connection, rows: list[tuple[object, ...]]) -> None:
    db.executemany(
        "INSERT OR REPLACE INTO files (path, name, size, mtime_ns, article, error) "
        "VALUES (?, ?, ?, ?, ?, ?)",
        rows,
    )


def _write_read(db: sqlite3.Connection, results: list[ReadResult],
                waiting: dict[str, list[tuple[str, int, int]]],
                done_rows: list[tuple[object, ...]], here: dict[str, tuple[Path, int, int]],
                held: set[str]) -> None:  # fmt: skip
    read = [r for r in results if r.error is None]
    keys = [(r.key,) for r in read]
    with _transaction(db):
        # A table at a time, for the whole batch: a few calls into SQLite, not a few per
        # article (the rows are the same).
        for table in CONTENT_TABLES:
            db.executemany(f"DELETE FROM {table} WHERE article = ?", keys)
        _insert(db, "articles", 12, [r.article for r in read], replace=True)
        _insert(db, "sentences", 6, [row for r in read for row in r.sentences])
        _insert(db, "boilerplate", 4, [row for r in read for row in r.boilerplate])
        _insert(db, "numbers", 9, [row for r in read for row in r.numbers])
        _insert(db, "evidence", 5, [r.evidence for r in read])
        held.update(r.key for r in read)
        for r in results:
            for rel, size, mtime in waiting.get(r.key, []):
                done_rows.append((rel, here[rel][0].name, size, mtime,
                                  None if r.error is not None else r.key, r.error))  # fmt: skip
        _write_files(db, done_rows)


def _marks(n: int) -> str:
    return ", ".join("?" * n)


def _insert(db: sqlite3.Connection, table: str, width: int, rows: Sequence[object], *,
            replace: bool = False) -> None:  # fmt: skip
    """Rows of `width` columns into `table`, in one call."""
    verb = "INSERT OR REPLACE" if replace else "INSERT"
    db.executemany(f"{verb} INTO {table} VALUES ({_marks(width)})", rows)


PLACE_FROM = 5_000
"""A corpus of at least this many distinct articles places added ones into its stories
(`reader.story.placement`) instead of regrouping whole: there a full grouping takes 5 s
and more (20,000 articles: 23 s), below it a second or two."""
DRIFT = 0.05
"""...until the articles added, changed or removed since the last full grouping reach
this share of it: then the corpus is grouped whole again, with weights of its own."""


def _group(db: sqlite3.Connection, progress: Progress, built: Built, regroup: bool = False) -> None:
    """Group the corpus into stories from the stored evidence when its files changed:
    whole, or, for a large corpus changed a little, by placing the changes."""
    from reader.index.grouping import drop_model, save_model
    from reader.story.evidence import Evidence
    from reader.story.placement import model_of
    from reader.story.stories import group_evidence

    rows = db.execute(
        "SELECT f.path, f.name, f.article, e.copy_key, e.filing, e.sentences "
        "FROM files f JOIN evidence e ON e.article = f.article ORDER BY f.path"
    ).fetchall()
    digest = hashlib.blake2b(digest_size=16)
    for path, _, key, *_ in rows:
        digest.update(f"{path}\0{key}\n".encode("utf-8", "surrogateescape"))
    grouped_as = digest.hexdigest()
    if get_meta(db, "grouped") == grouped_as and not regroup:
        built.stories = db.execute("SELECT count(*) FROM stories").fetchone()[0]
        return
    if not regroup and _place(db, rows, grouped_as, progress, built):
        return
    progress.say(f"index: grouping {len(rows):,} articles into stories")
    items = [
        Evidence(name, path, copy_key, None,
                 tuple(json.loads(filing)) if filing else None, sentences)
        for path, name, _, copy_key, filing, sentences in rows
    ]  # fmt: skip

    def bags(positions: Sequence[int]) -> Iterator[dict[str, float]]:
        """The term counts of these files, read from the index one at a time."""
        for i in positions:
            (terms,) = db.execute(
                "SELECT terms FROM evidence WHERE article = ?", (rows[i][2],)
            ).fetchone()
            yield json.loads(terms)

    found, frozen = group_evidence(items, bags=bags)
    del items
    titles = _titles(db, rows, found)
    with _transaction(db):
        _write_stories(db, rows, found, titles)
        if frozen is None:
            drop_model(db)
        else:
            save_model(db, model_of(frozen, [r[3] for r in rows], found), since=0)
        set_meta(db, "grouped", grouped_as)
    built.stories = len(found)


def _write_stories(db: sqlite3.Connection, rows: list[tuple[object, ...]],
                   found: Sequence[Grouped], titles: Sequence[str]) -> None:  # fmt: skip
    """Replace the stories and their files (inside the caller's transaction)."""
    db.execute("DELETE FROM stories")
    db.execute("DELETE FROM story_files")
    stories, members = [], []
    for number, story in enumerate(found, start=1):
        partner = {i: (j, reason, sim) for i, j, reason, sim in story.links}
        stories.append((number, titles[number - 1], rows[story.central][0], len(story.members)))
        for position, i in enumerate(story.members):
            j, reason, sim = partner.get(i, (None, None, None))
            members.append((number, rows[i][0], position,
                            rows[j][0] if j is not None else None, reason, sim))  # fmt: skip
    _insert(db, "stories", 4, stories)
    _insert(db, "story_files", 6, members)


def _place(db: sqlite3.Connection, rows: list[tuple[object, ...]], grouped_as: str,
           progress: Progress, built: Built) -> bool:  # fmt: skip
    """Place the articles added since the last full grouping into its stories, and take
    out those gone (`reader.story.placement`), when the corpus is large and changed
    little since; False when it must be grouped whole."""
    from reader.index.grouping import load_model, update_model
    from reader.story.placement import Head, place
    from reader.story.stories import Grouped

    shape = get_meta(db, "grouping")
    if shape is None:
        return False
    shape_of = json.loads(shape)
    order: dict[str, list[int]] = {}  # copy key -> its files, in (name, path) order
    for i in sorted(range(len(rows)), key=lambda i: (rows[i][1], rows[i][0])):
        order.setdefault(str(rows[i][3]), []).append(i)
    known = {k for (k,) in db.execute("SELECT key FROM grouping")}
    new, gone = order.keys() - known, known - order.keys()
    changes = len(new) + len(gone)
    if shape_of["rows"] < PLACE_FROM or shape_of["since"] + changes > DRIFT * shape_of["rows"]:
        return False
    progress.say(f"index: placing {len(new):,} new and {len(gone):,} removed articles "
                 "into the stories")  # fmt: skip
    model = load_model(db, shape_of)
    heads = {
        key: Head(key, (str(rows[f[0]][1]), str(rows[f[0]][0])), len(f),
                  tuple(json.loads(rows[f[0]][4])) if rows[f[0]][4] else None, int(rows[f[0]][5]))
        for key, f in order.items()
    }  # fmt: skip
    bags = {}
    for key in new:
        (terms,) = db.execute(
            "SELECT terms FROM evidence WHERE article = ?", (rows[order[key][0]][2],)
        ).fetchone()
        bags[key] = json.loads(terms)
    placed, vectors = place(model, heads, bags)
    found = []
    for story in placed:
        links: list[tuple[int, int, str, float]] = []
        for key in story.keys:
            head, *copies = order[key]
            links += [(head, copy, "duplicate", 1.0) for copy in copies]
            if key in story.partner:
                other, sim = story.partner[key]
                links.append((head, order[other][0], "similar", sim))
        members = tuple(sorted(i for key in story.keys for i in order[key]))
        found.append(Grouped(members, tuple(links), order[story.centre][0]))  # type: ignore[arg-type]
    by_first = sorted(range(len(found)), key=lambda s: found[s].members[0])
    found = [found[s] for s in by_first]
    placed = [placed[s] for s in by_first]
    titled = dict(db.execute("SELECT central, title FROM stories"))
    redo = [s for s, story in enumerate(found)
            if placed[s].changed or rows[story.central][0] not in titled]  # fmt: skip
    fresh, again = iter(_titles(db, rows, [found[s] for s in redo])), set(redo)
    titles = [next(fresh) if s in again else titled[rows[story.central][0]]
              for s, story in enumerate(found)]  # fmt: skip
    with _transaction(db):
        _write_stories(db, rows, found, titles)
        update_model(db, placed, vectors, gone=gone,
                     shape={**shape_of, "since": shape_of["since"] + changes})
        set_meta(db, "grouped", grouped_as)
    built.stories = len(found)
    return True


def _titles(db: sqlite3.Connection, rows: list[tuple[object, ...]], found: Sequence[Grouped]) -> list[str]:
    """Each story's title: the headline of its central article, else of the first of its
    others that has one, else the central file's name (as `Story.title`)."""
    titles = []
    for story in found:
        members = sorted(story.members, key=lambda i: i != story.central)
        title = str(rows[story.central][1])
        for i in members:
            got = db.execute("SELECT headline FROM articles WHERE key = ?", (rows[i][2],)).fetchone()
            if got and got[0]:
                title = got[0]
                break
        titles.append(title)
    return titles


def story_pairs(db: sqlite3.Connection, held: set[tuple[str, str]] | None = None
                ) -> list[list[tuple[str, str]]]:  # fmt: skip
    """Every story's pairs of contents, each oriented (likely original left), in story
    order, without repeats; pairs of a file with a copy of itself included. A pair the
    index holds (`held`) keeps its orientation (the same, found without the texts)."""
    held = held or set()
    facts = {
        key: (date, n)
        for key, date, n in db.execute("SELECT key, date, sentences FROM articles")
    }
    members: dict[int, list[str]] = {}
    for story, key in db.execute(
        "SELECT s.story, f.article FROM story_files s JOIN files f ON f.path = s.path "
        "WHERE f.article IS NOT NULL ORDER BY s.story, s.position"
    ):
        members.setdefault(story, []).append(key)
    from reader.align.pairs import goes_left

    texts: dict[str, str] = {}

    def text(key: str) -> str:  # only when date and length tie (`orient`)
        if key not in texts:
            (data,) = db.execute("SELECT data FROM articles WHERE key = ?", (key,)).fetchone()
            texts[key] = unpack(data)[0]
        return texts[key]

    seen: set[tuple[str, str]] = set()
    out = []
    for story in sorted(members):
        pairs = []
        for a, b in combinations(members[story], 2):
            if (a, b) in held or (b, a) in held:
                pair = (a, b) if (a, b) in held else (b, a)
            else:
                left = goes_left(*facts[a], *facts[b])
                if left is None:
                    left = text(a) <= text(b)
                pair = (a, b) if left else (b, a)
            if pair not in seen:
                seen.add(pair)
                pairs.append(pair)
        out.append(pairs)
    return out


def _align(
    db: sqlite3.Connection, runner: Runner, progress: Progress, built: Built
) -> set[tuple[str, str]]:
    """Align every pair within a story that the index does not hold yet.

    Returns:
        Every pair the stories need (`_prune` removes the others).
    """
    held = set(db.execute('SELECT "left", "right" FROM pairs'))
    every = story_pairs(db, held)
    needed = {pair for pairs in every for pair in pairs}
    built.pairs = len(needed)
    todo = [[p for p in pairs if p not in held] for pairs in every]
    chunks = _pack([chunk for story in todo for chunk in _split(story, PAIR_BATCH)], PACKED)
    if not chunks:
        return needed
    # The costliest tasks first, so that the last ones to finish are short and no worker
    # waits long for another at the end (the rows are keyed by pair: order changes nothing).
    sentences = dict(db.execute("SELECT key, sentences FROM articles"))
    chunks.sort(key=lambda chunk: -_cost(chunk, sentences))

    def jobs() -> Iterator[PairJob]:
        for chunk in chunks:
            keys = sorted({k for pair in chunk for k in pair})
            articles, numbers = {}, {}
            for key in keys:
                name, data = db.execute(
                    "SELECT f.name, a.data FROM articles a JOIN files f ON f.article = a.key "
                    "WHERE a.key = ? ORDER BY f.path LIMIT 1", (key,)
                ).fetchone()  # fmt: skip
                articles[key] = (name, data)
                numbers[key] = tuple(db.execute(
                    'SELECT sentence, start, "end", text, value, kind, unit, approximate '
                    "FROM numbers WHERE article = ? ORDER BY start", (key,)
                ))  # fmt: skip
            yield PairJob(tuple(chunk), articles, numbers)

    total = sum(map(len, chunks))
    progress.stage("aligning pairs", total)
    for results in runner.map(align_batch, jobs(), size=len(chunks)):
        _write_pairs(db, results)
        built.aligned += len(results)
        progress.advance(len(results))
    progress.end_stage()
    return needed


def _cost(pairs: list[tuple[str, str]], sentences: dict[str, int]) -> int:
    """The relative time aligning these pairs takes: for each, a fixed part, a part per
    sentence and a part per pair of sentences (fitted on METER: about 1 ms, 0.04 ms
    and 0.01 ms)."""
    total = 0
    for left, right in pairs:
        n, m = sentences.get(left, 0), sentences.get(right, 0)
        total += 100 + 4 * (n + m) + n * m
    return total


def _pack(chunks: list[list[tuple[str, str]]], most: int) -> list[list[tuple[str, str]]]:
    """Consecutive chunks joined while they hold at most `most` pairs together: the pairs
    of small stories travel in one task, not a task each (each task costs the scheduler,
    the workers and the index a round of its own)."""
    out: list[list[tuple[str, str]]] = []
    for chunk in chunks:
        if out and len(out[-1]) + len(chunk) <= most:
            out[-1] = out[-1] + chunk
        else:
            out.append(list(chunk))
    return out


def _split(pairs: list[tuple[str, str]], most: int) -> list[list[tuple[str, str]]]:
    """The pairs in even chunks of at most `most`, in order."""
    if not pairs:
        return []
    n = -(-len(pairs) // most)
    size = -(-len(pairs) // n)
    return [pairs[i : i + size] for i in range(0, len(pairs), size)]


def _write_pairs(db: sqlite3.Connection, results: list[PairResult]) -> None:
    keys = [r.pair[:2] for r in results]
    with _transaction(db):
        for table in PAIR_TABLES:
            db.executemany(f'DELETE FROM {table} WHERE "left" = ? AND "right" = ?', keys)
        _insert(db, "pairs", 11, [r.pair for r in results], replace=True)
        _insert(db, "links", 7, [row for r in results for row in r.links])
        _insert(db, "number_diffs", 11, [row for r in results for row in r.number_diffs])


def _prune(db: sqlite3.Connection, needed: set[tuple[str, str]]) -> None:
    """Remove pairs no story needs and contents no file has."""
    extra = [p for p in db.execute('SELECT "left", "right" FROM pairs') if p not in needed]
    orphans = [
        row for row in db.execute(
            "SELECT key FROM articles WHERE key NOT IN "
            "(SELECT article FROM files WHERE article IS NOT NULL)"
        )
    ]  # fmt: skip
    if not extra and not orphans:
        return
    with _transaction(db):
        for table in ("pairs", *PAIR_TABLES):
            db.executemany(f'DELETE FROM {table} WHERE "left" = ? AND "right" = ?', extra)
        for table in CONTENT_TABLES:
            db.executemany(f"DELETE FROM {table} WHERE article = ?", orphans)
        db.executemany("DELETE FROM articles WHERE key = ?", orphans)
