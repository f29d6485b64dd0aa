"""What is derived from one article is kept with it (`reader.align.memo`): once per article,
gone with the article, bounded, invisible in the article itself."""

from __future__ import annotations

import gc
import pickle
import threading
import weakref
from pathlib import Path

from reader.align import memo
from reader.align.compare import compare
from reader.output.comparison import to_json
from reader.ingest.article import load_article

SEEDS = Path(__file__).parent.parent / "data" / "seeds"


class Thing:
    """Stands for an article: any object that can be referenced weakly."""


class Value:
    """A derived value that can be referenced weakly, to see when it is let go."""


def test_derived_once_per_article_and_name() -> None:
    """The second ask of the same name is the kept value; another article or name computes."""
    a, b = Thing(), Thing()
    calls: list[str] = []

    def derive(tag: str) -> str:
        calls.append(tag)
        return tag

    assert memo.per_article(a, "x", lambda: derive("ax")) == "ax"
    assert memo.per_article(a, "x", lambda: derive("again")) == "ax"
    assert memo.per_article(a, "y", lambda: derive("ay")) == "ay"
    assert memo.per_article(b, "x", lambda: derive("bx")) == "bx"
    assert calls == ["ax", "ay", "bx"]


def test_values_go_with_their_article() -> None:
    """Nothing keeps a derived value once its article is gone."""
    a = Thing()
    kept = weakref.ref(memo.per_article(a, "v", Value))
    assert kept() is not None
    del a
    gc.collect()
    assert kept() is None


def test_kept_for_the_most_recently_used_articles_only() -> None:
    """Past `SIZE` other articles, the first one's value is derived again."""
    first = Thing()
    memo.per_article(first, "v", lambda: 1)
    others = [Thing() for _ in range(memo.SIZE)]
    for other in others:
        memo.per_article(other, "v", lambda: 0)
    assert memo.per_article(first, "v", lambda: 2) == 2
    assert len(memo._entries) <= memo.SIZE


def test_objects_without_weak_references_are_computed_each_time() -> None:
    """Nothing is kept for what cannot be referenced weakly (its id could be reused)."""
    key = ("not", "weakly", "referenceable")
    assert memo.per_article(key, "v", lambda: 1) == 1
    assert memo.per_article(key, "v", lambda: 2) == 2


def test_threads_share_one_table() -> None:
    """Worker threads asking at once get each article's own value."""
    things = [Thing() for _ in range(50)]
    wrong: list[int] = []

    def work() -> None:
        for _ in range(20):
            for k, t in enumerate(things):
                if memo.per_article(t, "k", lambda k=k: k) != k:
                    wrong.append(k)

    threads = [threading.Thread(target=work) for _ in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert not wrong


def test_comparisons_are_the_same_with_or_without_kept_values() -> None:
    """A comparison from kept per-article values is the one computed from scratch, and
    comparing leaves the articles as they were: equal, pickled the same."""
    paths = sorted(SEEDS.glob("*.txt"))[:3]
    arts = [load_article(p) for p in paths]
    pickled = [pickle.dumps(a) for a in arts]
    memo.clear()
    cold = [to_json(compare(a, b)) for a in arts for b in arts if a is not b]
    warm = [to_json(compare(a, b)) for a in arts for b in arts if a is not b]
    assert warm == cold
    assert [pickle.dumps(a) for a in arts] == pickled
    assert arts == [load_article(p) for p in paths]
