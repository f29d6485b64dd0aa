"""The evidence that two sentences say the same thing, as numbers the pair scorer weighs.

Owns the features, for every left/right sentence pair of two texts at once (matrices of
shape (left, right, features)). Two families:

- `text_features`: the two sentences alone. Surface similarity (rapidfuzz `ratio`,
  `token_set_ratio`, `token_sort_ratio` over number-free match keys; `ratio` over the
  content stems in order), IDF-weighted overlap of content stems (IDF from the sentences
  being compared, so a story's own topic words weigh less than the words that tell its
  sentences apart), shared names, shared and conflicting figures, overlap of quoted words,
  relative length.
- `context_features`: the pair in its two articles. The text score itself, the scores of the
  neighbouring pairs (a rewrite boxed in by matching neighbours is likely a rewrite), how far
  the pair beats the other candidates of its row and column, the difference of relative
  positions.

The weights that turn them into probabilities are learned (`bench/train_scorer.py`) and live
in `scorer.py`'s data file.
"""

from __future__ import annotations

import math
from collections.abc import Sequence

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
)
"""Names of the context features, in column order."""


def _binary(sets: Sequence[frozenset[str] | tuple[str, ...]], vocab: dict[str, int]) -> np.ndarray:
    out = np.zeros((len(sets), max(1, len(vocab))), dtype=np.float32)
    for i, items in enumerate(sets):
        cols = [vocab[t] for t in set(items) if t in vocab]
        if cols:
            out[i, cols] = 1.0
    return out


def _vocab(*groups: Sequence[frozenset[str] | tuple[str, ...]]) -> dict[str, int]:
    vocab: dict[str, int] = {}
    for group in groups:
        for items in group:
            for t in items:
                vocab.setdefault(t, len(vocab))
    return vocab


def _dice(a: np.ndarray, b: np.ndarray, weights: np.ndarray | None = None) -> tuple[np.ndarray, ...]:
    """Weighted Dice overlap, containment in the smaller side, and shared weight."""
    wa = a if weights is None else a * weights
    shared = wa @ b.T
    size_a = wa.sum(axis=1)[:, None]
    size_b = (b if weights is None else b * weights).sum(axis=1)[None, :]
    total = size_a + size_b
    dice = np.divide(2 * shared, total, out=np.zeros_like(shared), where=total > 0)
    small = np.minimum(size_a, size_b)
    contain = np.divide(shared, small, out=np.zeros_like(shared), where=small > 0)
    return dice, contain, shared


def idf_weights(vocab: dict[str, int], docs: Sequence[tuple[str, ...]]) -> np.ndarray:
    """Smoothed inverse document frequency of each stem over the sentences given."""
    df = np.zeros(max(1, len(vocab)), dtype=np.float32)
    for items in docs:
        for t in set(items):
            df[vocab[t]] += 1
    n = len(docs) + 1
    return np.log((n + 1) / (df + 0.5)).astype(np.float32)


def text_features(
    left: Sequence[Terms], right: Sequence[Terms], *, idf_docs: Sequence[Terms] | None = None
) -> np.ndarray:
    """Features of every pair of sentences taken alone.

    Args:
        left: Terms of the left sentences.
        right: Terms of the right sentences.
        idf_docs: The sentences IDF is counted over (default: left and right together).

    Returns:
        Array of shape (len(left), len(right), len(TEXT_FEATURES)), values about 0-1.
    """
    n, m = len(left), len(right)
    out = np.zeros((n, m, len(TEXT_FEATURES)), dtype=np.float32)
    if n == 0 or m == 0:
        return out

    def put(name: str, values: np.ndarray) -> None:
        out[:, :, _TEXT_COLUMN[name]] = values

    # Threads pay off only on large matrices: on two news articles (a few hundred pairs)
    # starting them costs more than the scoring.
    workers = -1 if n * m >= PARALLEL_PAIRS else 1

    lk, rk = [t.surface for t in left], [t.surface for t in right]
    for name, scorer in (("ratio", fuzz.ratio), ("token_set", fuzz.token_set_ratio),
                         ("token_sort", fuzz.token_sort_ratio)):  # fmt: skip
        put(name, process.cdist(lk, rk, scorer=scorer, dtype=np.float32, workers=workers) / 100)
    ls, rs = [" ".join(t.stems) for t in left], [" ".join(t.stems) for t in right]
    stem_ratio = process.cdist(ls, rs, scorer=fuzz.ratio, dtype=np.float32, workers=workers)
    put("stem_ratio", stem_ratio / 100)

    docs = list(idf_docs) if idf_docs is not None else [*left, *right]
    vocab = _vocab([t.stems for t in docs], [t.stems for t in left], [t.stems for t in right])
    idf = idf_weights(vocab, [t.stems for t in docs])
    a, b = _binary([t.stems for t in left], vocab), _binary([t.stems for t in right], vocab)
    dice, contain, _ = _dice(a, b, idf)
    put("idf_dice", dice)
    put("idf_containment", contain)
    shared = a @ b.T
    put("shared_stems", np.log1p(shared) / math.log(16))
    size_a, size_b = a.sum(axis=1)[:, None], b.sum(axis=1)[None, :]
    bigger = np.maximum(size_a, size_b)
    put("stem_cover", np.divide(shared, bigger, out=np.zeros_like(shared), where=bigger > 0))
    only_a, only_b = size_a - shared, size_b - shared
    put("unshared_min", np.log1p(np.minimum(only_a, only_b)) / math.log(16))
    put("unshared_max", np.log1p(np.maximum(only_a, only_b)) / math.log(16))

    names = _vocab([t.names for t in left], [t.names for t in right])
    na, nb = _binary([t.names for t in left], names), _binary([t.names for t in right], names)
    ndice, _, nshared = _dice(na, nb)
    put("name_dice", ndice)
    put("shared_names", np.log1p(nshared) / math.log(8))

    figs = _vocab([t.figures for t in left], [t.figures for t in right])
    fa, fb = _binary([t.figures for t in left], figs), _binary([t.figures for t in right], figs)
    shared_figs = fa @ fb.T
    count_a, count_b = fa.sum(axis=1)[:, None], fb.sum(axis=1)[None, :]
    put("figures_shared", shared_figs > 0)
    put("figures_conflict", (count_a > 0) & (count_b > 0) & (shared_figs == 0))
    put("figure_mismatch", np.log1p(count_a + count_b - 2 * shared_figs))

    quotes = _vocab([t.quoted for t in left], [t.quoted for t in right])
    qa, qb = _binary([t.quoted for t in left], quotes), _binary([t.quoted for t in right], quotes)
    put("quote_dice", _dice(qa, qb)[0])

    words_l = [tuple(t.surface.split()) for t in left]
    words_r = [tuple(t.surface.split()) for t in right]
    wv = _vocab(words_l, words_r)
    put("word_dice", _dice(_binary(words_l, wv), _binary(words_r, wv))[0])
    bi_l = [tuple(f"{x} {y}" for x, y in zip(w, w[1:], strict=False)) for w in words_l]
    bi_r = [tuple(f"{x} {y}" for x, y in zip(w, w[1:], strict=False)) for w in words_r]
    bv = _vocab(bi_l, bi_r)
    put("bigram_dice", _dice(_binary(bi_l, bv), _binary(bi_r, bv))[0])

    la = np.array([t.length for t in left], dtype=np.float32)[:, None]
    lb = np.array([t.length for t in right], dtype=np.float32)[None, :]
    longer = np.maximum(la, lb)
    zero = np.zeros((n, m), np.float32)
    put("length_ratio", np.divide(np.minimum(la, lb), longer, out=zero.copy(), where=longer > 0))
    put("length_gap", np.divide(np.abs(la - lb), longer, out=zero.copy(), where=longer > 0))

    # What each sentence states: a quotation that makes up most of a sentence is compared
    # by its own words, not by the attribution around it.
    lc, rc = [t.claim_surface for t in left], [t.claim_surface for t in right]
    put("claim_token_set",
        process.cdist(lc, rc, scorer=fuzz.token_set_ratio, dtype=np.float32, workers=workers) / 100)  # fmt: skip
    cv = _vocab([t.claim_stems for t in left], [t.claim_stems for t in right])
    ca, cb = _binary([t.claim_stems for t in left], cv), _binary([t.claim_stems for t in right], cv)
    cidf = np.array([float(idf[vocab[t]]) if t in vocab else 1.0 for t in cv], dtype=np.float32)
    put("claim_idf_dice", _dice(ca, cb, cidf if len(cv) else None)[0])
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
