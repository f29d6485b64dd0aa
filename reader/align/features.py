"""The evidence that two sentences say the same thing, as numbers the pair scorer weighs.

Owns the features, for every left/right sentence pair of two texts at once (matrices of
shape (left, right, features)). Two families:

- `text_features`: the two sentences alone. Surface similarity (rapidfuzz `ratio`,
  `token_set_ratio`, `token_sort_ratio` over number-free match keys; `ratio` over the
  content stems in order), IDF-weighted overlap of content stems (IDF from the sentences
  being compared, so a story's own topic words weigh less than the words that tell its
  sentences apart), how much of the smaller sentence's stems and names the other holds,
  shared names, shared and conflicting figures, overlap of quoted words, relative length.
- `context_features`: the pair in its two articles. The text score itself, the scores of the
  neighbouring pairs (a rewrite boxed in by matching neighbours is likely a rewrite; also
  allowing one sentence split or merged next to it), how far the pair beats the other
  candidates of its row and column, the difference of relative positions.

What the features derive from one text alone is a `TextIndex`, built once per article
(`compare` keeps it with the article): per pair, only the two texts' vocabularies are
joined.

The weights that turn them into probabilities are learned (`bench/train_scorer.py`) and live
in `scorer.py`'s data file.
"""

from __future__ import annotations

import itertools
import math
from collections.abc import Callable, Iterable, Sequence
from typing import overload

import numpy as np
from rapidfuzz import fuzz, process

from reader.align.order import heaviest_chain
from reader.align.terms import Terms

ANCHOR_PROBABILITY = 0.6
"""Text probability a mutual best pair needs to anchor the order of two texts."""

TEXT_FEATURES = (
    "ratio",
    "token_set",
    "token_sort",
    "stem_ratio",
    "idf_dice",
    "idf_containment",
    "shared_stems",
    "name_dice",
    "shared_names",
    "figures_shared",
    "figures_conflict",
    "quote_dice",
    "length_ratio",
    "word_dice",
    "bigram_dice",
    "stem_cover",
    "unshared_min",
    "unshared_max",
    "figure_mismatch",
    "length_gap",
    "claim_token_set",
    "claim_idf_dice",
    "stem_containment",
    "name_containment",
)
"""Names of the text features, in column order."""

PARALLEL_PAIRS = 40_000
"""Sentence pairs from which rapidfuzz's cdist runs on all cores."""

_TEXT_COLUMN = {name: k for k, name in enumerate(TEXT_FEATURES)}

CONTEXT_FEATURES = (
    "text_logit",
    "neighbour_logit",
    "margin_min",
    "margin_max",
    "position_gap",
    "mutual_best",
    "in_box",
    "box_size",
    "path_offset",
    "box_best",
    "box_narrow",
    "neighbour_wide",
)
"""Names of the context features, in column order."""


class _Bag:
    """One kind of item (stems, names, words...) over a text's sentences: the text's own
    vocabulary, in order of first use, and the distinct items of each sentence as
    (sentence, column) entries of it."""

    __slots__ = ("cols", "n", "rows", "sizes", "vocab")

    def __init__(self, groups: Sequence[Iterable[str]]) -> None:
        vocab: dict[str, int] = {}
        rows: list[int] = []
        cols: list[int] = []
        for i, items in enumerate(groups):
            distinct = {vocab.setdefault(t, len(vocab)) for t in items}
            rows += [i] * len(distinct)
            cols += distinct
        self.vocab = vocab
        self.n = len(groups)
        self.rows = np.array(rows, dtype=np.intp)
        self.cols = np.array(cols, dtype=np.intp)
        self.sizes = np.bincount(self.rows, minlength=self.n).astype(np.float32)
        """Distinct items of each sentence."""


class TextIndex(Sequence[Terms]):
    """The terms of one text's sentences with what the features derive from the text alone
    (match keys joined for rapidfuzz, each kind of item as a `_Bag`).

    Built once per text and reused for every text it is compared with: `compare` keeps one
    with each article (`memo.per_article`); `text_features` indexes any other sequence of
    `Terms` on the fly. It is itself the sequence of its `Terms`.
    """

    def __init__(self, terms: Sequence[Terms]) -> None:
        self.terms = tuple(terms)
        self.surface = [t.surface for t in self.terms]
        # token_sort_ratio is ratio over the words in sorted order, token_set_ratio depends
        # on the set of words alone: both are sorted once per text, not once per pair.
        self.sorted_surface = [" ".join(sorted(t.surface.split())) for t in self.terms]
        self.word_set = [_word_set(t.surface) for t in self.terms]
        self.stem_text = [" ".join(t.stems) for t in self.terms]
        self.claim_set = [_word_set(t.claim_surface) for t in self.terms]
        self.own_claim = [i for i, t in enumerate(self.terms) if t.claim_surface != t.surface]
        """Sentences whose claim is not the sentence itself (a quotation making up most)."""
        self.length = np.array([t.length for t in self.terms], dtype=np.float32)
        words = [tuple(t.surface.split()) for t in self.terms]
        self.stems = _Bag([t.stems for t in self.terms])
        self.names = _Bag([t.names for t in self.terms])
        self.figures = _Bag([t.figures for t in self.terms])
        self.quoted = _Bag([t.quoted for t in self.terms])
        self.words = _Bag(words)
        self.bigrams = _Bag([[f"{x} {y}" for x, y in itertools.pairwise(w)] for w in words])
        self.claim_stems = _Bag([t.claim_stems for t in self.terms])

    def __len__(self) -> int:
        return len(self.terms)

    @overload
    def __getitem__(self, index: int) -> Terms: ...

    @overload
    def __getitem__(self, index: slice) -> tuple[Terms, ...]: ...

    def __getitem__(self, index: int | slice) -> Terms | tuple[Terms, ...]:
        return self.terms[index]


def _word_set(text: str) -> str:
    """Its distinct words in sorted order: what `token_set_ratio` reads of a text."""
    return " ".join(sorted(set(text.split())))


def _indexed(terms: Sequence[Terms]) -> TextIndex:
    return terms if isinstance(terms, TextIndex) else TextIndex(terms)


def _joint(*bags: _Bag) -> tuple[list[np.ndarray], dict[str, int]]:
    """The vocabulary of several texts together, in order of first use (the first text's
    own, then each next text's new items), and where each text's vocabulary lands in it."""
    vocab = dict(bags[0].vocab)
    columns = [np.arange(len(vocab), dtype=np.intp)]
    for bag in bags[1:]:
        at = [vocab.setdefault(t, len(vocab)) for t in bag.vocab]
        columns.append(np.array(at, dtype=np.intp))
    return columns, vocab


def _binary(bag: _Bag, columns: np.ndarray, width: int) -> np.ndarray:
    """0/1 matrix: a row per sentence of `bag`, its items at `columns` (the bag's
    vocabulary -> column; -1 leaves an item out), at least one column."""
    cols = columns[bag.cols]
    keep = cols >= 0
    out = np.zeros((bag.n, max(1, width)), dtype=np.float32)
    out[bag.rows[keep], cols[keep]] = 1.0
    return out


def _shared(a: _Bag, b: _Bag) -> np.ndarray:
    """How many distinct items each sentence of `a` shares with each sentence of `b`.

    Counted over the items the two texts have in common only: whole numbers, so the same
    as over their whole vocabulary, on a matrix small enough to stay on one thread.
    """
    common = a.vocab.keys() & b.vocab.keys()
    slot_a = np.full(len(a.vocab), -1, dtype=np.intp)
    slot_a[[a.vocab[t] for t in common]] = np.arange(len(common))
    slot_b = np.full(len(b.vocab), -1, dtype=np.intp)
    slot_b[[b.vocab[t] for t in common]] = np.arange(len(common))
    return _binary(a, slot_a, len(common)) @ _binary(b, slot_b, len(common)).T


def _ratios(
    shared: np.ndarray, size_a: np.ndarray, size_b: np.ndarray
) -> tuple[np.ndarray, np.ndarray]:
    """Dice overlap and containment in the smaller side, from the shared and own sizes."""
    total = size_a + size_b
    dice = np.divide(2 * shared, total, out=np.zeros_like(shared), where=total > 0)
    small = np.minimum(size_a, size_b)
    contain = np.divide(shared, small, out=np.zeros_like(shared), where=small > 0)
    return dice, contain


def _dice(a: _Bag, b: _Bag) -> tuple[np.ndarray, np.ndarray]:
    """Dice overlap of the items of every pair of sentences, and the items they share."""
    shared = _shared(a, b)
    return _ratios(shared, a.sizes[:, None], b.sizes[None, :])[0], shared


def _weighted_dice(
    a: np.ndarray, b: np.ndarray, weights: np.ndarray
) -> tuple[np.ndarray, np.ndarray]:
    """Weighted Dice overlap and containment of 0/1 rows over one vocabulary.

    Unlike whole-number counts, these float32 sums round differently with the order BLAS
    adds them in, which depends on the product's shape and threads: the operands span the
    two texts' whole joint vocabulary in order of first use, as they always have, so the
    features stay bit for bit those the weights were learned and checked with.
    """
    wa = a * weights
    return _ratios(wa @ b.T, wa.sum(axis=1)[:, None], (b * weights).sum(axis=1)[None, :])


def _idf(df: np.ndarray, docs: int) -> np.ndarray:
    """Smoothed inverse document frequency from document frequencies over `docs` sentences."""
    n = docs + 1
    return np.log((n + 1) / (df.astype(np.float32) + 0.5)).astype(np.float32)


def text_features(
    left: Sequence[Terms], right: Sequence[Terms], *, idf_docs: Sequence[Terms] | None = None
) -> np.ndarray:
    """Features of every pair of sentences taken alone.

    Args:
        left: Terms of the left sentences (a `TextIndex` when kept from an earlier call).
        right: Terms of the right sentences.
        idf_docs: The sentences IDF is counted over (default: left and right together).

    Returns:
        Array of shape (len(left), len(right), len(TEXT_FEATURES)), values about 0-1.
    """
    n, m = len(left), len(right)
    out = np.zeros((n, m, len(TEXT_FEATURES)), dtype=np.float32)
    if n == 0 or m == 0:
        return out
    lx, rx = _indexed(left), _indexed(right)

    def put(name: str, values: np.ndarray) -> None:
        out[:, :, _TEXT_COLUMN[name]] = values

    # Threads pay off only on large matrices: on two news articles (a few hundred pairs)
    # starting them costs more than the scoring.
    workers = -1 if n * m >= PARALLEL_PAIRS else 1

    def cdist(a: Sequence[str], b: Sequence[str], scorer: Callable[..., float]) -> np.ndarray:
        return process.cdist(a, b, scorer=scorer, dtype=np.float32, workers=workers) / 100

    put("ratio", cdist(lx.surface, rx.surface, fuzz.ratio))
    token_set = cdist(lx.word_set, rx.word_set, fuzz.token_set_ratio)
    put("token_set", token_set)
    put("token_sort", cdist(lx.sorted_surface, rx.sorted_surface, fuzz.ratio))
    put("stem_ratio", cdist(lx.stem_text, rx.stem_text, fuzz.ratio))

    if idf_docs is None:
        (lcol, rcol), vocab = _joint(lx.stems, rx.stems)
        counted = [lcol[lx.stems.cols], rcol[rx.stems.cols]]
        docs = n + m
    else:
        doc_bag = _Bag([t.stems for t in idf_docs])
        (dcol, lcol, rcol), vocab = _joint(doc_bag, lx.stems, rx.stems)
        counted = [dcol[doc_bag.cols]]
        docs = doc_bag.n
    idf = _idf(np.bincount(np.concatenate(counted), minlength=max(1, len(vocab))), docs)
    a, b = _binary(lx.stems, lcol, len(vocab)), _binary(rx.stems, rcol, len(vocab))
    dice, contain = _weighted_dice(a, b, idf)
    put("idf_dice", dice)
    put("idf_containment", contain)
    shared = _shared(lx.stems, rx.stems)
    put("shared_stems", np.log1p(shared) / math.log(16))
    size_a, size_b = lx.stems.sizes[:, None], rx.stems.sizes[None, :]
    bigger = np.maximum(size_a, size_b)
    put("stem_cover", np.divide(shared, bigger, out=np.zeros_like(shared), where=bigger > 0))
    # Containment in the smaller sentence: a short rewrite that summarises a longer one
    # (a vote, a verdict) shares few of the longer one's stems but most of its own.
    put("stem_containment", _ratios(shared, size_a, size_b)[1])
    only_a, only_b = size_a - shared, size_b - shared
    put("unshared_min", np.log1p(np.minimum(only_a, only_b)) / math.log(16))
    put("unshared_max", np.log1p(np.maximum(only_a, only_b)) / math.log(16))

    ndice, nshared = _dice(lx.names, rx.names)
    put("name_dice", ndice)
    put("shared_names", np.log1p(nshared) / math.log(8))
    put("name_containment", _ratios(nshared, lx.names.sizes[:, None], rx.names.sizes[None, :])[1])

    shared_figs = _shared(lx.figures, rx.figures)
    count_a, count_b = lx.figures.sizes[:, None], rx.figures.sizes[None, :]
    put("figures_shared", shared_figs > 0)
    put("figures_conflict", (count_a > 0) & (count_b > 0) & (shared_figs == 0))
    put("figure_mismatch", np.log1p(count_a + count_b - 2 * shared_figs))

    put("quote_dice", _dice(lx.quoted, rx.quoted)[0])
    put("word_dice", _dice(lx.words, rx.words)[0])
    put("bigram_dice", _dice(lx.bigrams, rx.bigrams)[0])

    la, lb = lx.length[:, None], rx.length[None, :]
    longer = np.maximum(la, lb)
    zero = np.zeros((n, m), np.float32)
    put("length_ratio", np.divide(np.minimum(la, lb), longer, out=zero.copy(), where=longer > 0))
    put("length_gap", np.divide(np.abs(la - lb), longer, out=zero.copy(), where=longer > 0))

    # What each sentence states: a quotation that makes up most of a sentence is compared
    # by its own words, not by the attribution around it. Where both claims are their
    # sentences, the score is token_set's: only the other rows and columns are scored.
    claim = token_set.copy()
    if lx.own_claim:
        rows = [lx.claim_set[i] for i in lx.own_claim]
        claim[lx.own_claim, :] = cdist(rows, rx.claim_set, fuzz.token_set_ratio)
    if rx.own_claim:
        cols = [rx.claim_set[j] for j in rx.own_claim]
        claim[:, rx.own_claim] = cdist(lx.claim_set, cols, fuzz.token_set_ratio)
    put("claim_token_set", claim)
    (ccol_l, ccol_r), claim_vocab = _joint(lx.claim_stems, rx.claim_stems)
    if claim_vocab:  # else no claim has a content word: the overlap stays 0
        at = np.array([vocab.get(t, -1) for t in claim_vocab], dtype=np.intp)
        cidf = np.where(at >= 0, idf[at], np.float32(1.0)).astype(np.float32)
        ca = _binary(lx.claim_stems, ccol_l, len(claim_vocab))
        cb = _binary(rx.claim_stems, ccol_r, len(claim_vocab))
        put("claim_idf_dice", _weighted_dice(ca, cb, cidf)[0])
    return out


def logit(p: np.ndarray) -> np.ndarray:
    """log(p / (1 - p)), clipped away from 0 and 1."""
    q = np.clip(p, 1e-4, 1 - 1e-4)
    return np.log(q / (1 - q))


def context_features(p_text: np.ndarray) -> np.ndarray:
    """Features of every pair in the context of its two articles.

    Args:
        p_text: Text-only probabilities, shape (left, right).

    Returns:
        Array of shape (left, right, len(CONTEXT_FEATURES)).
    """
    n, m = p_text.shape
    out = np.zeros((n, m, len(CONTEXT_FEATURES)), dtype=np.float32)
    if n == 0 or m == 0:
        return out
    lg = logit(p_text)
    out[:, :, 0] = lg
    low = float(logit(np.array(1e-4)))
    padded = np.full((n + 2, m + 2), low, dtype=np.float32)
    padded[1:-1, 1:-1] = lg
    before, after = padded[:-2, :-2], padded[2:, 2:]
    out[:, :, 1] = np.maximum(before, after)
    # The same allowing one sentence split or merged on either side: the best neighbour
    # pair one or two sentences before (after) on each side, not both two.
    wide = np.full((n + 4, m + 4), low, dtype=np.float32)
    wide[2:-2, 2:-2] = lg
    near = [(1, 1), (1, 2), (2, 1)]
    out[:, :, 11] = np.maximum.reduce(
        [wide[2 - a : 2 - a + n, 2 - b : 2 - b + m] for a, b in near]
        + [wide[2 + a : 2 + a + n, 2 + b : 2 + b + m] for a, b in near]
    )
    row_best = _second_best(p_text, axis=1)
    col_best = _second_best(p_text, axis=0)
    # The smaller and the larger of the row and column margins: the same whichever
    # article is on the left.
    out[:, :, 2] = p_text - np.maximum(row_best, col_best)
    out[:, :, 3] = p_text - np.minimum(row_best, col_best)
    pos_l = (np.arange(n, dtype=np.float32) + 0.5) / n
    pos_r = (np.arange(m, dtype=np.float32) + 0.5) / m
    out[:, :, 4] = np.abs(pos_l[:, None] - pos_r[None, :])
    best_in_row = p_text >= p_text.max(axis=1, keepdims=True)
    best_in_col = p_text >= p_text.max(axis=0, keepdims=True)
    mutual = best_in_row & best_in_col
    out[:, :, 5] = mutual
    rows, cols = np.nonzero(mutual & (p_text >= ANCHOR_PROBABILITY))
    anchors = heaviest_chain(sorted(zip(rows.tolist(), cols.tolist(), strict=True)), p_text)
    if anchors:  # with no anchor at all, nothing vouches for the two texts being related
        out[:, :, 6:9] = _anchor_features(anchors, n, m)
        out[:, :, 9:11] = _box_features(anchors, p_text)
    return out


def _box_features(anchors: list[tuple[int, int]], basis: np.ndarray) -> np.ndarray:
    """Per pair inside a gap between anchors: whether it is the best pair of its row and
    column within the gap, and whether the gap holds one sentence on a side."""
    n, m = basis.shape
    out = np.zeros((n, m, 2), dtype=np.float32)
    bounds = [(-1, -1), *anchors, (n, m)]
    for (i0, j0), (i1, j1) in zip(bounds, bounds[1:], strict=False):
        if i1 - i0 < 2 or j1 - j0 < 2:
            continue
        sub = basis[i0 + 1 : i1, j0 + 1 : j1]
        best = (sub >= sub.max(axis=1, keepdims=True)) & (sub >= sub.max(axis=0, keepdims=True))
        out[i0 + 1 : i1, j0 + 1 : j1, 0] = best
        out[i0 + 1 : i1, j0 + 1 : j1, 1] = min(i1 - i0, j1 - j0) == 2
    return out


def _anchor_features(anchors: list[tuple[int, int]], n: int, m: int) -> np.ndarray:
    """Where each pair stands relative to the confident, in-order matches (anchors).

    in_box: the pair lies strictly inside the gap between two consecutive anchors (or an
    anchor and an end of the texts) on both sides at once; box_size: how many sentences
    that gap holds on its narrower side (log); path_offset: how far, in sentences, the
    pair lies off the straight line joining the anchors around it.
    """
    out = np.zeros((n, m, 3), dtype=np.float32)
    bounds = [(-1, -1), *anchors, (n, m)]
    i_idx = np.arange(n)
    j_idx = np.arange(m)
    for (i0, j0), (i1, j1) in zip(bounds, bounds[1:], strict=False):
        rows = (i_idx > i0) & (i_idx < i1)
        cols = (j_idx > j0) & (j_idx < j1)
        narrow = min(i1 - i0 - 1, j1 - j0 - 1)
        out[np.ix_(rows, cols)] = (1.0, math.log1p(max(narrow, 0)), 0.0)
        # Offset from the line joining the two bounds, for every pair whose left
        # sentence lies between them (and the anchors' own rows).
        span_rows = (i_idx > i0) & (i_idx <= min(i1, n - 1)) if i1 < n else (i_idx > i0)
        if not span_rows.any():
            continue
        slope = (j1 - j0) / max(1, i1 - i0)
        expected = j0 + slope * (i_idx[span_rows] - i0)
        offset = np.abs(j_idx[None, :] - expected[:, None])
        out[span_rows, :, 2] = np.log1p(offset)
    return out


def _second_best(p: np.ndarray, *, axis: int) -> np.ndarray:
    """For each cell, the best value of its row (axis=1) or column (axis=0) excluding itself."""
    size = p.shape[axis]
    if size < 2:
        return np.zeros_like(p)
    top2 = -np.partition(-p, 1, axis=axis)
    first = np.take(top2, 0, axis=axis)
    second = np.take(top2, 1, axis=axis)
    first, second = np.expand_dims(first, axis), np.expand_dims(second, axis)
    return np.where(p >= first, second, first)
