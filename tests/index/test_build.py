"""The index: built once, updated incrementally, the same whoever builds it, read back
as the objects the engine makes."""

from __future__ import annotations

import itertools
import os
import shutil
import sqlite3
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from reader.align.compare import compare
from reader.align.pairs import orient
from reader.core.errors import ReaderError
from reader.index.build import build_index
from reader.index.digest import content_digest
from reader.index.progress import Progress
from reader.index.read import IndexView, Stale, open_index
from reader.index.schema import INDEX_NAME
from reader.ingest.article import load_article
from reader.ingest.load import discover
from reader.story.stories import group_stories

QUIET = Progress(quiet=True)

EXTRA = """Floods close the coast road

Heavy rain closed the coast road on Tuesday, and 40 homes were flooded in the town.

The council said 12 families had been moved to the school hall overnight.

Engineers expect the road to reopen on Friday if the rain stops.
"""

EXTRA_REWRITE = """Coast road shut by floods

The coast road was closed by heavy rain on Tuesday and 40 homes in the town were flooded.

Some 15 families spent the night in the school hall, the council said.

A spokesman for the police said drivers should keep away.
"""


def build(folder: Path, **options: object) -> tuple[object, str]:
    built = build_index([folder], progress=QUIET, **options)  # type: ignore[arg-type]
    return built, content_digest(folder / INDEX_NAME)


def test_a_build_holds_every_file_story_and_pair(seeds_dir: Path) -> None:
    built, _ = build(seeds_dir)
    assert (built.files, built.read, built.stories, built.pairs) == (5, 5, 1, 10)
    db = sqlite3.connect(seeds_dir / INDEX_NAME)
    assert db.execute("SELECT count(*) FROM files WHERE article IS NOT NULL").fetchone() == (5,)
    assert db.execute("SELECT count(*) FROM sentences").fetchone()[0] > 50
    assert db.execute("SELECT count(*) FROM links").fetchone()[0] > 10
    assert db.execute("SELECT count(*) FROM numbers").fetchone()[0] > 5


def test_a_rerun_reads_and_aligns_nothing(seeds_dir: Path) -> None:
    _, first = build(seeds_dir)
    again, second = build(seeds_dir)
    assert (again.read, again.aligned, again.reused) == (0, 0, 5)
    assert first == second


def test_an_update_equals_a_clean_build_of_the_same_folder(seeds_dir: Path, tmp_path: Path) -> None:
    build(seeds_dir)
    (seeds_dir / "extra.txt").write_text(EXTRA, encoding="utf-8")
    (seeds_dir / "extra2.txt").write_text(EXTRA_REWRITE, encoding="utf-8")
    files = sorted(seeds_dir.glob("*.txt"))
    files[0].unlink()
    changed = files[1]
    changed.write_text(changed.read_text(encoding="utf-8") + "\nOne more line was added.\n",
                       encoding="utf-8")  # fmt: skip
    updated, digest = build(seeds_dir)
    assert (updated.read, updated.removed, updated.files) == (3, 1, 6)
    assert 0 < updated.aligned < updated.pairs  # only the pairs of new contents
    clean = tmp_path / "clean"
    shutil.copytree(seeds_dir, clean, ignore=shutil.ignore_patterns(".reader-index*"))
    _, clean_digest = build(clean)
    assert digest == clean_digest


def test_stories_and_comparisons_read_back_equal_what_the_engine_makes(seeds_dir: Path) -> None:
    (seeds_dir / "extra.txt").write_text(EXTRA, encoding="utf-8")
    (seeds_dir / "extra2.txt").write_text(EXTRA_REWRITE, encoding="utf-8")
    build(seeds_dir)
    files = discover([seeds_dir]).files
    view = open_index(files, seeds_dir / INDEX_NAME)
    assert isinstance(view, IndexView)
    articles = view.articles(files)
    fresh = {p: load_article(p) for p in files}
    assert articles == fresh
    stories = view.stories(articles)
    assert [s.names for s in stories] == [s.names for s in group_stories(list(fresh.values()))]
    assert len(stories) == 2
    for story in stories:
        for a, b in itertools.combinations(story.articles, 2):
            left, right = orient(a, b)
            assert view.comparison(left, right) == compare(left, right)
    view.close()


def test_a_changed_file_makes_the_index_stale_until_rebuilt(seeds_dir: Path) -> None:
    build(seeds_dir)
    victim = sorted(seeds_dir.glob("*.txt"))[2]
    victim.write_text(victim.read_text(encoding="utf-8") + "\nA late correction.\n", encoding="utf-8")
    os.utime(victim, ns=(1, 1))
    files = discover([seeds_dir]).files
    stale = open_index(files, seeds_dir / INDEX_NAME)
    assert isinstance(stale, Stale)
    assert "1 file new or changed" in stale.reason
    build(seeds_dir)
    assert isinstance(open_index(files, seeds_dir / INDEX_NAME), IndexView)


def test_an_unreadable_file_is_kept_with_its_reason(seeds_dir: Path) -> None:
    (seeds_dir / "empty.txt").write_bytes(b"")
    built, _ = build(seeds_dir)
    assert built.unreadable == 1
    files = discover([seeds_dir]).files
    view = open_index(files, seeds_dir / INDEX_NAME)
    assert isinstance(view, IndexView)
    (message,) = view.errors().values()
    assert "empty.txt" in message
    view.close()


def test_a_file_that_is_not_an_index_is_refused_in_one_line(seeds_dir: Path, tmp_path: Path) -> None:
    bogus = tmp_path / "bogus.sqlite"
    bogus.write_text("not a database\n")
    with pytest.raises(ReaderError, match="cannot"):
        build_index([seeds_dir], bogus, progress=QUIET)
    files = discover([seeds_dir]).files
    assert isinstance(open_index(files, bogus), Stale)


def test_several_paths_need_an_index_named(seeds_dir: Path) -> None:
    files = sorted(seeds_dir.glob("*.txt"))[:2]
    with pytest.raises(ReaderError, match="--index"):
        build_index(files, progress=QUIET)


def test_a_real_dask_cluster_builds_the_same_index(seeds_dir: Path, tmp_path: Path) -> None:
    distributed = pytest.importorskip("distributed")
    (seeds_dir / "extra.txt").write_text(EXTRA, encoding="utf-8")
    (seeds_dir / "extra2.txt").write_text(EXTRA_REWRITE, encoding="utf-8")
    other = tmp_path / "other"
    shutil.copytree(seeds_dir, other)
    _, alone = build(seeds_dir, workers=1)
    with distributed.LocalCluster(n_workers=2, threads_per_worker=1, processes=True,
                                  dashboard_address=":0") as cluster:  # fmt: skip
        built, clustered = build(other, scheduler=cluster.scheduler_address)
    assert built.where.startswith("on the Dask cluster")
    assert alone == clustered


def test_the_written_out_row_encoder_agrees_with_the_generic_one(seeds_dir: Path) -> None:
    from reader.core.model import Row
    from reader.index.codec import decode_comparison, encode, encode_rows, encoder

    articles = [load_article(p) for p in sorted(seeds_dir.glob("*.txt"))]
    for a, b in itertools.combinations(articles, 2):
        comparison = compare(a, b)
        stored = encode_rows(comparison)
        assert stored[0] == encode(comparison.rows) == encoder(tuple[Row, ...])(comparison.rows)
        assert decode_comparison(stored, a, b) == comparison


@given(st.lists(st.integers(min_value=0, max_value=10**6), max_size=8))
def test_a_links_sentence_list_is_written_as_json_dumps_writes_it(values: list[int]) -> None:
    import json

    from reader.index.work import _json_ints

    assert _json_ints(tuple(values)) == json.dumps(values)


def test_a_batch_written_at_once_holds_every_row_the_tasks_made(seeds_dir: Path) -> None:
    """The index writes a table at a time for a whole batch: every row of every result
    reaches its table."""
    from reader.index.build import key_of
    from reader.index.work import PairJob, ReadJob, align_batch, read_batch

    build(seeds_dir)
    db = sqlite3.connect(seeds_dir / INDEX_NAME)
    files = sorted(discover([seeds_dir]).files)
    jobs = [ReadJob(key_of(p.name, p.read_bytes()), p.name, p.read_bytes()) for p in files]
    read = read_batch(jobs, 10**7)
    count = lambda table: db.execute(f"SELECT count(*) FROM {table}").fetchone()[0]  # noqa: E731
    assert count("sentences") == sum(len(r.sentences) for r in read) > 0
    assert count("numbers") == sum(len(r.numbers) for r in read) > 0
    pairs = tuple(db.execute('SELECT "left", "right" FROM pairs'))
    stored = {key: (name, data) for key, name, data in db.execute(
        "SELECT a.key, f.name, a.data FROM articles a JOIN files f ON f.article = a.key")}  # fmt: skip
    made = align_batch(PairJob(pairs, stored))
    assert count("links") == sum(len(r.links) for r in made) > 0
    assert count("number_diffs") == sum(len(r.number_diffs) for r in made)
    db.close()


def _write_corpus(folder: Path, articles: list[object]) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    for a in articles:
        (folder / a.name).write_text(a.text, encoding="utf-8")  # type: ignore[attr-defined]


def _stories(index: Path) -> set[frozenset[str]]:
    db = sqlite3.connect(index)
    out: dict[int, set[str]] = {}
    for story, path in db.execute("SELECT story, path FROM story_files"):
        out.setdefault(story, set()).add(path)
    db.close()
    return {frozenset(s) for s in out.values()}


def test_a_large_corpus_places_added_files_and_gives_them_back_when_removed(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Placement (as for 5,000 articles and more, here for 30): added files join their
    stories without a regrouping, removing them gives back the index before, and
    --regroup (or drift past the share) groups whole, as a clean build."""
    import io

    from reader.index import build as build_module
    from tests.coverage.test_stories import synthetic_bench

    monkeypatch.setattr(build_module, "PLACE_FROM", 0)
    monkeypatch.setattr(build_module, "DRIFT", 0.5)
    articles, truth = synthetic_bench().build_corpus(10, 3, seed=13)
    late = {max(i for i, t in enumerate(truth) if t == story) for story in (0, 4)}
    folder = tmp_path / "corpus"
    _write_corpus(folder, [a for i, a in enumerate(articles) if i not in late])
    _, before = build(folder)
    _write_corpus(folder, [articles[i] for i in sorted(late)])
    said = io.StringIO()
    built = build_index([folder], progress=Progress(stream=said, bar=False))
    assert "placing 2 new and 0 removed articles" in said.getvalue()
    expected = {frozenset(a.name for a, t in zip(articles, truth, strict=True) if t == story)
                for story in set(truth)}  # fmt: skip
    assert _stories(folder / INDEX_NAME) == expected
    assert built.aligned == 2 * 2  # each new version against its story's two others
    clean = tmp_path / "clean"
    shutil.copytree(folder, clean, ignore=shutil.ignore_patterns(".reader-index*"))
    _, clean_digest = build(clean)
    # The stories a full grouping finds (the links' cosines differ a little: the weights
    # are the last full grouping's, not the whole corpus's).
    assert _stories(clean / INDEX_NAME) == expected
    for i in late:
        (folder / articles[i].name).unlink()
    _, after = build(folder)
    assert after == before
    _write_corpus(folder, [articles[i] for i in sorted(late)])
    _, regrouped = build(folder, regroup=True)
    assert regrouped == clean_digest


def test_drift_past_the_share_groups_the_corpus_whole(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import io

    from reader.index import build as build_module
    from tests.coverage.test_stories import synthetic_bench

    monkeypatch.setattr(build_module, "PLACE_FROM", 0)
    monkeypatch.setattr(build_module, "DRIFT", 0.05)  # 1 of 24 articles may change, not 2
    articles, _ = synthetic_bench().build_corpus(8, 3, seed=17)
    folder = tmp_path / "corpus"
    _write_corpus(folder, articles[:-2])
    build(folder)
    _write_corpus(folder, articles[-2:])
    said = io.StringIO()
    build_index([folder], progress=Progress(stream=said, bar=False))
    assert "placing" not in said.getvalue() and "grouping 24 articles" in said.getvalue()

