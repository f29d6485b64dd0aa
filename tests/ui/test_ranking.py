"""The ranked pair list: found by number, never listed, kept until it changes."""

from __future__ import annotations

import random
import time
from itertools import combinations
from pathlib import Path

import pytest

from reader.ui.ranking import PairBook, PairKey, RankedPairs


def _in_order(a: Path, b: Path) -> PairKey:
    return (a, b) if a.name <= b.name else (b, a)


@pytest.mark.parametrize("seed", range(20))
def test_ranked_pairs_index_and_iterate_alike(seed: int) -> None:
    """Indexing, iterating and `index` agree: the compared pairs first, in the order
    given, then every other pair once, in file order."""
    rng = random.Random(seed)
    files = [Path(f"f{i:02d}") for i in range(rng.randint(2, 12))]
    every = list(combinations(files, 2))
    compared = rng.sample(every, rng.randint(0, len(every)))
    entries = [(0.0, i, 0, key) for i, key in enumerate(compared)]
    ranked = RankedPairs(files, lambda a, b: (b, a), ranked=entries)
    listed = list(ranked)
    assert len(listed) == len(ranked) == len(every)
    assert listed == [ranked[i] for i in range(len(ranked))] == ranked[:]
    assert listed[: len(compared)] == compared
    rest = [(b, a) for a, b in every if (a, b) not in compared]
    assert listed[len(compared) :] == rest
    assert {frozenset(k) for k in listed} == {frozenset(k) for k in every}
    for i, key in enumerate(listed):
        assert ranked.index(key) == ranked.index(key[::-1]) == i
    assert ranked[-1] == listed[-1]
    assert (files[0], Path("elsewhere")) not in ranked
    with pytest.raises(IndexError):
        ranked[len(ranked)]


def test_ten_thousand_files_make_a_list_at_once() -> None:
    """50 million pairs: length, a pair and its place, without listing them."""
    files = [Path(f"a{i:05d}.txt") for i in range(10_000)]
    book = PairBook(files)
    start = time.perf_counter()
    pairs = book.pairs()
    assert len(pairs) == 10_000 * 9_999 // 2
    assert pairs[0] == (files[0], files[1]) and pairs[-1] == (files[-2], files[-1])
    assert pairs.index((files[9_999], files[5_000])) == pairs.index((files[5_000], files[9_999]))
    assert pairs[pairs.index((files[5_000], files[9_999]))] == (files[5_000], files[9_999])
    assert time.perf_counter() - start < 1.0


def test_book_keeps_its_list_until_it_changes(tmp_path: Path) -> None:
    """Asking again costs nothing; a comparison takes its place in the list; a failure
    makes a new list."""
    from reader.ingest.article import load_article
    from reader.align.compare import compare

    paths = []
    for i in range(4):
        path = tmp_path / f"a{i}.txt"
        path.write_text(f"Report {i}: the river rose by {i} cm overnight.\n", encoding="utf-8")
        paths.append(path)
    book = PairBook(paths)
    book.articles = {p: load_article(p) for p in paths}
    first = book.pairs()
    assert book.pairs() is first
    book.add(compare(book.articles[paths[2]], book.articles[paths[3]]))
    second = book.pairs()
    assert second is first and {*second[0]} == {paths[2], paths[3]}  # in place
    assert second.scored == 1 and len(second) == 6
    book.failed[paths[0]] = "unreadable"
    third = book.pairs()
    assert third is not second and len(third) == 3 and third.scored == 1
    assert all(paths[0] not in key for key in third)


def test_book_ranks_compared_pairs_as_rank_does(tmp_path: Path) -> None:
    """Compared pairs come most similar first, ties in file order, as `rank` orders them."""
    from reader.ingest.article import load_article
    from reader.align.compare import compare
    from reader.ui.ranking import rank

    lines = ["The river rose by 3 cm.", "The river rose by 3 cm overnight.", "Rates held."]
    paths = []
    for i, line in enumerate([*lines, lines[0]]):
        path = tmp_path / f"a{i}.txt"
        path.write_text(f"{line} Officials said so on Monday.\n", encoding="utf-8")
        paths.append(path)
    book = PairBook(paths)
    book.articles = {p: load_article(p) for p in paths}
    for a, b in reversed(list(combinations(paths, 2))):
        book.pairs()  # kept while the comparisons come
        book.add(compare(book.articles[b], book.articles[a]))
    keys = [book.oriented(a, b) for a, b in combinations(paths, 2)]
    assert list(book.pairs()) == rank(keys, book.scores, book.order)


def test_status_counts_pairs_with_thousands_separators() -> None:
    """10,000 files make 49,995,000 pairs: the status line groups the digits."""
    from reader.ui.status import Status

    text = Status(None, 0, 49_995_000, loaded=(1_200, 10_000), ranked=(3, 49_995_000)).text()
    assert "loading 1,200/10,000\u2026" in text and "ranking 3/49,995,000\u2026" in text
