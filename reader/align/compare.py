"""Turn the alignment of two articles into rows: kinds, word differences, numbers, gaps.

Owns the shape of a `Comparison`: every body sentence of each side lands in exactly one
row; rows follow the left article with the right article's unmatched sentences slotted in
where they stand relative to the in-order matches; a moved row stands where its left
sentence stands. Word differences are difflib opcodes over word tokens, kept as spans into
the source texts so the interface can highlight them in place; a name or figure difflib
deletes on one side and inserts on the other unchanged is a "move", not a change.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import replace
from difflib import SequenceMatcher
from typing import TypeVar

from rapidfuzz import fuzz

from reader.align.align import Link, align
from reader.align.features import TextIndex
from reader.align.memo import per_article
from reader.align.numlink import absorb_by_numbers, link_by_figures, link_by_numbers
from reader.align.numpair import compare_numbers
from reader.align.scorer import Model
from reader.align.terms import article_terms, stopwords
from reader.core.errors import CompareError
from reader.core.model import (
    Article,
    Comparison,
    NumberDiff,
    NumberMention,
    Row,
    RowKind,
    Sentence,
    Span,
    WordOp,
)
from reader.ingest.numbers import extract_numbers, hash_is_pound
from reader.ingest.text import fold, safe

_WORD = re.compile(r"\w+(?:[.,'\u2019\-]\w+)*")
T = TypeVar("T")


def _tokens(text: str, spans: Sequence[tuple[int, int]]) -> list[tuple[str, Span]]:
    out: list[tuple[str, Span]] = []
    for start, end in spans:
        for m in _WORD.finditer(text, start, end):
            out.append((fold(m.group(0)).lower(), Span(m.start(), m.end())))
    return out


def _opcodes(a: Sequence[tuple[str, Span]], b: Sequence[tuple[str, Span]]) -> tuple[WordOp, ...]:
    words_a, words_b = [t for t, _ in a], [t for t, _ in b]
    if words_a == words_b:  # what SequenceMatcher finds, without building its index
        return (WordOp("equal", tuple(s for _, s in a), tuple(s for _, s in b)),) if a else ()
    codes = SequenceMatcher(None, words_a, words_b, autojunk=False).get_opcodes()
    moved_a, moved_b = _moved(words_a, words_b, codes)
    out: list[WordOp] = []
    for tag, i1, i2, j1, j2 in codes:
        if tag == "equal":
            same = WordOp("equal", tuple(s for _, s in a[i1:i2]), tuple(s for _, s in b[j1:j2]))
            out.append(same)
            continue
        left = tuple(a[k][1] for k in range(i1, i2) if k not in moved_a)
        right = tuple(b[k][1] for k in range(j1, j2) if k not in moved_b)
        if left or right:
            out.append(WordOp("replace" if left and right else "delete" if left else "insert",
                              left, right))  # fmt: skip
        gone = tuple(a[k][1] for k in range(i1, i2) if k in moved_a)
        came = tuple(b[k][1] for k in range(j1, j2) if k in moved_b)
        if gone or came:
            out.append(WordOp("move", gone, came))
    return tuple(out)


def _moved(
    words_a: Sequence[str], words_b: Sequence[str], codes: Sequence[tuple[str, int, int, int, int]]
) -> tuple[set[int], set[int]]:
    """The words difflib takes out of one side and puts into the other unchanged: a name or
    a figure that only changed place ("Winifred Mellor, 73, Bianka Pomfret, 49" against
    "Bianka Pomfret, 49, Winifred Mellor, 73"). Content words and figures only: a "the"
    dropped here and another added there is no move. Each word is matched once, in order.

    Returns:
        (positions in `words_a`, positions in `words_b`) of the moved words.
    """
    stop = stopwords()
    came: dict[str, list[int]] = {}
    for tag, _, _, j1, j2 in codes:
        if tag != "equal":
            for k in range(j1, j2):
                w = words_b[k]
                if w not in stop or any(c.isdigit() for c in w):
                    came.setdefault(w, []).append(k)
    moved_a: set[int] = set()
    moved_b: set[int] = set()
    for tag, i1, i2, _, _ in codes:
        if tag != "equal":
            for k in range(i1, i2):
                if places := came.get(words_a[k]):
                    moved_a.add(k)
                    moved_b.add(places.pop(0))
    return moved_a, moved_b


def word_ops(
    left_text: str,
    left: Sequence[tuple[int, int]],
    right_text: str,
    right: Sequence[tuple[int, int]],
) -> tuple[WordOp, ...]:
    """Word-level opcodes between two stretches of text.

    Args:
        left_text: The left article text.
        left: Spans of the left sentences.
        right_text: The right article text.
        right: Spans of the right sentences.

    Returns:
        difflib-style opcodes, each with the spans of the words it covers.
    """
    return _opcodes(_tokens(left_text, left), _tokens(right_text, right))


def _of_sentence(
    article: Article, name: str, k: int, derive: Callable[[Article, Sentence], T]
) -> T:
    """`derive` of sentence `k`, derived once per article and kept with it
    (`memo.per_article`): a sentence is compared in every pair its article is in."""
    slots: list[T | None] = per_article(article, name, lambda: [None] * len(article.sentences))
    found = slots[k]
    if found is None:
        found = slots[k] = derive(article, article.sentences[k])
    return found


def _sentence_tokens(article: Article, s: Sentence) -> tuple[tuple[str, Span], ...]:
    return tuple(_tokens(article.text, [(s.start, s.end)]))


def _sentence_numbers(article: Article, s: Sentence) -> tuple[NumberMention, ...]:
    """Number mentions of one sentence, offsets into the article text."""
    pound = hash_is_pound(article.text)  # decided by the whole file, cached per text
    return tuple(
        replace(m, start=m.start + s.start, end=m.end + s.start)
        for m in extract_numbers(article.text[s.start : s.end], hash_pound=pound)
    )


def sentence_numbers(article: Article, k: int) -> tuple[NumberMention, ...]:
    """The number mentions of sentence `k`, offsets into the article text (derived once
    per article, `_of_sentence`)."""
    return _of_sentence(article, "numbers", k, _sentence_numbers)


def keep_sentence_numbers(article: Article, numbers: Sequence[tuple[NumberMention, ...]]) -> None:
    """Keep with `article` the number mentions of each of its sentences, found before
    (the index reads an article in one task and compares it in another): `numbers[k]`
    is what `sentence_numbers(article, k)` would derive. Nothing changes when they are
    kept already."""
    if len(numbers) != len(article.sentences):
        raise ValueError("one tuple of mentions per sentence")
    per_article(article, "numbers", lambda: list(numbers))


def _numbers(
    left: Article, li: Sequence[int], right: Article, ri: Sequence[int], *, vouched: bool = False
) -> tuple[NumberDiff, ...]:
    def mentions(article: Article, idx: Sequence[int]) -> list[NumberMention]:
        return [m for k in idx for m in sentence_numbers(article, k)]

    return compare_numbers(
        mentions(left, li), left.text, mentions(right, ri), right.text, vouched=vouched
    )


def _row(left: Article, right: Article, link: Link) -> Row:
    same = " ".join(left.sentences[i].norm for i in link.left) == " ".join(
        right.sentences[j].norm for j in link.right
    )
    kind: RowKind = "moved" if not link.in_order else ("same" if same else "changed")
    score = 100.0 if same else link.score
    return Row(
        kind,
        link.left,
        link.right,
        score,
        _opcodes(
            [t for i in link.left for t in _of_sentence(left, "tokens", i, _sentence_tokens)],
            [t for j in link.right for t in _of_sentence(right, "tokens", j, _sentence_tokens)],
        ),
        _numbers(left, link.left, right, link.right, vouched=link.by_hand),
    )


def _order(links: Sequence[Link], n_left: int, n_right: int, rows: dict[Link, Row]) -> list[Row]:
    """Interleave linked rows with one-sided ones, following both articles' order."""
    linked_left = {i for link in links for i in link.left}
    linked_right = {j for link in links for j in link.right}
    moved_at = {link.left[0]: link for link in links if not link.in_order}
    out: list[Row] = []
    li = ri = 0

    def flush(until_left: int, until_right: int) -> None:
        nonlocal li, ri
        while ri < until_right:
            if ri not in linked_right:
                out.append(Row("right_only", (), (ri,)))
            ri += 1
        while li < until_left:
            if li in moved_at:
                out.append(rows[moved_at[li]])
            elif li not in linked_left:
                out.append(Row("left_only", (li,), ()))
            li += 1

    for link in (x for x in links if x.in_order):
        flush(link.left[0], link.right[0])
        out.append(rows[link])
        li, ri = max(li, link.left[-1] + 1), max(ri, link.right[-1] + 1)
    flush(n_left, n_right)
    return out


def _overridden(
    links: Sequence[Link],
    left: Article,
    right: Article,
    forced: Sequence[tuple[int, int]],
    forbidden: Sequence[tuple[int, int]],
) -> list[Link]:
    """The aligner's links with the user's corrections applied (see `compare`)."""
    n, m = len(left.sentences), len(right.sentences)
    forced = [(i, j) for i, j in forced if 0 <= i < n and 0 <= j < m]
    banned = set(forbidden)
    taken_left, taken_right = {i for i, _ in forced}, {j for _, j in forced}
    kept = [
        link
        for link in links
        if not any((i, j) in banned for i in link.left for j in link.right)
        and not taken_left.intersection(link.left)
        and not taken_right.intersection(link.right)
    ]
    ordered = [link for link in kept if link.in_order]
    for i, j in dict.fromkeys(forced):
        # In order unless it crosses a link the aligner kept in order (then it is a move).
        crosses = any((k.left[0] < i) != (k.right[0] < j) for k in ordered)
        score = fuzz.token_set_ratio(left.sentences[i].claim, right.sentences[j].claim)
        kept.append(Link((i,), (j,), score, not crosses, by_hand=True))
        if not crosses:
            ordered.append(kept[-1])
    return sorted(kept, key=lambda link: link.left[0])


def _indexed(article: Article, texts: Sequence[str]) -> TextIndex:
    """The article's sentence terms, indexed for the pair features once per article."""
    return per_article(article, "index", lambda: TextIndex(article_terms(article, texts)))


MAX_SENTENCE_PAIRS = 4_000_000
"""Largest left x right sentence count one comparison scores (2,000 x 2,000): the score
matrix is dense, so memory and time grow with the product."""


def compare(
    left: Article,
    right: Article,
    *,
    max_pairs: int = MAX_SENTENCE_PAIRS,
    model: Model | None = None,
    links: Sequence[tuple[int, int]] = (),
    unlinks: Sequence[tuple[int, int]] = (),
) -> Comparison:
    """Compare two articles sentence by sentence.

    Args:
        left: The left article.
        right: The right article.
        max_pairs: Refuse when len(left) x len(right) sentences exceeds this.
        model: Scorer weights and thresholds (default: the shipped ones).
        links: The user's links, (left sentence, right sentence): each becomes a row of
            its own, replacing whatever the aligner linked either sentence to; in order
            unless it crosses the aligner's in-order links (then moved).
        unlinks: Pairs the user says are not the same: a link of the aligner joining
            them is dropped (its sentences are left without counterpart).

    Returns:
        The comparison: rows, and the paragraphs each side is missing.

    Raises:
        CompareError: The articles are too long to compare.
    """
    n, m = len(left.sentences), len(right.sentences)
    if n * m > max_pairs:
        raise CompareError(
            f"{safe(left.name)} and {safe(right.name)}: {n:,} x {m:,} sentences are too many "
            f"to compare (at most {max_pairs:,} sentence pairs)"
        )
    lt, rt = ([s.text for s in a.sentences] for a in (left, right))
    found = align(
        lt, rt, model=model, left_terms=_indexed(left, lt), right_terms=_indexed(right, rt)
    )
    # Figures mend what the wording missed (`numlink.py`).
    left_numbers = lambda k: sentence_numbers(left, k)  # noqa: E731
    right_numbers = lambda k: sentence_numbers(right, k)  # noqa: E731
    left_stems = [t.stems for t in article_terms(left, lt)]
    right_stems = [t.stems for t in article_terms(right, rt)]

    def claims(i: int, j: int) -> float:
        return round(fuzz.token_set_ratio(left.sentences[i].claim, right.sentences[j].claim), 1)

    found = absorb_by_numbers(
        found, left.text, right.text, left_numbers, right_numbers, left_stems, right_stems
    )
    found = link_by_numbers(
        found, n, m, left.text, right.text, left_numbers, right_numbers, claims
    )  # fmt: skip
    found = link_by_figures(
        found, n, m, left.text, right.text, left_numbers, right_numbers, left_stems,
        right_stems, claims,
    )  # fmt: skip
    if links or unlinks:  # the user's corrections, applied to the aligner's result
        found = _overridden(found, left, right, links, unlinks)
    rows = {link: _row(left, right, link) for link in found}
    ordered = _order(found, len(left.sentences), len(right.sentences), rows)
    linked_left = {i for link in found for i in link.left}
    linked_right = {j for link in found for j in link.right}
    return Comparison(
        left,
        right,
        tuple(ordered),
        missing_in_right=tuple(
            p.index
            for p in left.paragraphs
            if p.sentences and not linked_left.intersection(p.sentences)
        ),
        missing_in_left=tuple(
            p.index
            for p in right.paragraphs
            if p.sentences and not linked_right.intersection(p.sentences)
        ),
    )
