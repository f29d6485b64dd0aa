"""The index's units of work, run on Dask workers: read a batch of files, align a batch
of pairs. Pure functions of their arguments, returning rows for the index's tables.

Everything a task needs travels with it (a file's bytes, a pair's two stored articles),
so a worker needs neither the corpus folder nor the index file: the same tasks run on
this machine's processes or on a cluster's. Results are plain tuples (pickled by Dask
between processes of one job, never stored as pickles).

A task runs with Python's cycle collector paused (`_collector_paused`).
"""

from __future__ import annotations

import functools
import gc
import json
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, ParamSpec, TypeVar

from reader.core.errors import CompareError, LoadError
from reader.core.model import Article, Comparison, NumberMention
from reader.index.codec import decode_article, encode_article, encode_rows, pack, unpack


P = ParamSpec("P")
R = TypeVar("R")


def _collector_paused(task: Callable[P, R]) -> Callable[P, R]:
    """`task` run with the cycle collector paused, and resumed after if it was running.

    A task makes hundreds of thousands of objects that live until it returns (decoded
    articles, what is derived from them, the rows) and that reference counting frees,
    none in a cycle: the collector only traversed them, again and again, and a full
    collection the whole worker's heap besides (on METER, a twentieth of an aligning
    worker's time). The few cycles a task leaves are collected once it has returned.
    Resumed by whichever task paused it, so tasks sharing a process end with it running.
    """

    @functools.wraps(task)
    def run(*args: P.args, **kwargs: P.kwargs) -> R:
        running = gc.isenabled()
        gc.disable()
        try:
            return task(*args, **kwargs)
        finally:
            if running:
                gc.enable()

    return run


@dataclass(frozen=True)
class ReadJob:
    """One distinct content to read: its key, a file name it has, its bytes."""

    key: str
    name: str
    data: bytes


@dataclass(frozen=True)
class ReadResult:
    """What reading one content gave: an error, or the rows of every content table."""

    key: str
    error: str | None = None
    article: tuple[Any, ...] | None = None
    sentences: tuple[tuple[Any, ...], ...] = ()
    boilerplate: tuple[tuple[Any, ...], ...] = ()
    numbers: tuple[tuple[Any, ...], ...] = ()
    evidence: tuple[Any, ...] | None = None


@_collector_paused
def read_batch(jobs: Sequence[ReadJob], max_bytes: int) -> list[ReadResult]:
    """Read, segment and describe each content (`reader.ingest.article.load_article`)."""
    from reader.ingest.article import load_article

    out = []
    for job in jobs:
        try:
            article = load_article(Path(job.name), max_bytes=max_bytes, data=job.data)
        except LoadError as error:
            out.append(ReadResult(job.key, error=error.message))
            continue
        out.append(describe(job.key, article))
    return out


def describe(key: str, article: Article) -> ReadResult:
    """The table rows of one article."""
    from reader.align.compare import sentence_numbers
    from reader.story.evidence import evidence_of
    from reader.story.stories import headline

    meta = article.metadata
    boilerplate_chars = sum(span.end - span.start for span in article.boilerplate)
    body_chars = sum(s.end - s.start for s in article.sentences)
    evidence = evidence_of(article)
    terms = json.dumps(dict(sorted(evidence.terms.items())), ensure_ascii=False)
    return ReadResult(
        key,
        article=(key, meta.title, meta.outlet, meta.date, meta.byline, meta.url,
                 headline(article), len(article.sentences), body_chars, boilerplate_chars,
                 json.dumps(list(article.notices), ensure_ascii=False),
                 pack(encode_article(article))),  # fmt: skip
        sentences=tuple(
            (key, s.index, s.start, s.end, s.paragraph, s.text) for s in article.sentences
        ),
        boilerplate=tuple(
            (key, p.start, p.end, p.boilerplate)
            for p in article.paragraphs if p.boilerplate is not None
        ),  # fmt: skip
        numbers=tuple(
            (key, k, m.start, m.end, m.text, m.value, m.kind, m.unit, int(m.approximate))
            for k in range(len(article.sentences)) for m in sentence_numbers(article, k)
        ),
        evidence=(key, evidence.copy_key,
                  json.dumps(evidence.filing) if evidence.filing else None,
                  evidence.sentences, terms),  # fmt: skip
    )


@dataclass(frozen=True)
class PairJob:
    """Pairs to align, the stored articles they need (content key -> (name, data)), and
    the number mentions the reading found in them (content key -> rows of the `numbers`
    table without the key: sentence, start, end, text, value, kind, unit, approximate;
    in order of `start`). An article missing there has its numbers found again."""

    pairs: tuple[tuple[str, str], ...]
    articles: dict[str, tuple[str, bytes]]
    numbers: dict[str, tuple[tuple[Any, ...], ...]] = field(default_factory=dict)


@dataclass(frozen=True)
class PairResult:
    """The rows of `pairs`, `links` and `number_diffs` for one aligned pair."""

    pair: tuple[Any, ...]
    links: tuple[tuple[Any, ...], ...] = ()
    number_diffs: tuple[tuple[Any, ...], ...] = ()


@_collector_paused
def align_batch(job: PairJob) -> list[PairResult]:
    """Compare each pair (`reader.align.compare.compare`), as (left, right) given."""
    from reader.align.compare import compare, keep_sentence_numbers

    cache: dict[str, Article] = {}

    def article(key: str) -> Article:
        if key not in cache:
            name, data = job.articles[key]
            cache[key] = decode_article(unpack(data), Path(name))
            numbers = _mentions(cache[key], job.numbers.get(key))
            if numbers is not None:  # found once, by the reading: not found again
                keep_sentence_numbers(cache[key], numbers)
        return cache[key]

    out = []
    for left_key, right_key in job.pairs:
        try:
            comparison = compare(article(left_key), article(right_key))
        except CompareError as error:
            out.append(PairResult((left_key, right_key, None, None, None, None, None, None,
                                   None, error.message, None)))  # fmt: skip
            continue
        out.append(pair_rows(left_key, right_key, comparison))
    return out


def _mentions(
    article: Article, rows: Sequence[tuple[Any, ...]] | None
) -> list[tuple[NumberMention, ...]] | None:
    """Each sentence's number mentions from the `numbers` rows `describe` wrote for the
    article; None without rows, or when they cannot be what `describe` found (a value
    SQLite could not hold, a sentence the article lacks): then they are found again."""
    if rows is None:
        return None
    out: list[list[NumberMention]] = [[] for _ in article.sentences]
    for k, start, end, text, value, kind, unit, approximate in rows:
        if value is None or not 0 <= k < len(out):
            return None
        out[k].append(NumberMention(start, end, text, value, kind, bool(approximate), unit))
    return [tuple(mentions) for mentions in out]


def _json_ints(values: Sequence[int]) -> str:
    """A list of sentence indices as JSON, as `json.dumps` writes it ('[3, 4]'), made
    without the encoder's machinery (a corpus has hundreds of thousands)."""
    return f"[{', '.join(map(str, values))}]"


def pair_rows(left: str, right: str, comparison: Comparison) -> PairResult:
    """The table rows of one comparison."""
    from reader.align.pairs import similarity

    kinds = [row.kind for row in comparison.rows]
    differ = sum(n.differs for row in comparison.rows for n in row.numbers)
    pair = (left, right, len(kinds), sum(k in ("same", "changed", "moved") for k in kinds),
            kinds.count("moved"), kinds.count("left_only"), kinds.count("right_only"), differ,
            round(similarity(comparison), 6), None, pack(encode_rows(comparison)))  # fmt: skip
    links = tuple(
        (left, right, i, row.kind, _json_ints(row.left), _json_ints(row.right), row.score)
        for i, row in enumerate(comparison.rows) if row.left and row.right
    )  # fmt: skip
    diffs = tuple(
        (left, right, i, n, d.left.text, d.left.value, d.right.text, d.right.value,
         d.left.unit or d.right.unit, int(d.differs), d.ratio)
        for i, row in enumerate(comparison.rows) for n, d in enumerate(row.numbers)
    )  # fmt: skip
    return PairResult(pair, links, diffs)
