"""Align the body sentences of two articles: which sentence answers which.

Owns the decision, made on calibrated probabilities (`scorer.py`) rather than hand-set
score cutoffs. Rewrites of one story keep most of its order, drop and add paragraphs,
reorder a few, paraphrase some sentences heavily and copy others word for word, so:

1. every left/right pair gets the probability that the two say the same thing, in context
   (its neighbours, its competitors, its position);
2. a global one-to-one assignment takes the most probable pairs first, each sentence at
   most once, and only pairs more likely linked than not (`Model.link_threshold`): a
   sentence with no likely counterpart stays alone;
3. the assignment may cross itself: the heaviest chain of links in the order of both texts
   is the backbone (`in_order`), the other links are moves;
4. a free sentence next to a link joins it when it is itself likely a counterpart of the
   link's other side (`Model.merge_threshold`): one outlet merging two sentences, another
   splitting one.

The module is symmetric: `align(b, a)` is the mirror of `align(a, b)`, because the sides
are put in a canonical order before deciding and every tie is broken by position on both
sides at once.
"""

from __future__ import annotations

import heapq
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from reader.align.order import heaviest_chain
from reader.align.scorer import Model, probabilities, shipped_model
from reader.align.terms import Terms, terms_of


@dataclass(frozen=True)
class Link:
    """Sentences of the left and right side that say the same thing."""

    left: tuple[int, ...]
    """Left sentence indices (consecutive)."""
    right: tuple[int, ...]
    """Right sentence indices (consecutive)."""
    score: float
    """Probability, as 0-100, that the two sides say the same thing."""
    in_order: bool
    """False for a move: the link crosses the order of the other links."""
    by_hand: bool = False
    """Made by the user in the reader (saved in the sidecar), not by the aligner."""


def align(
    left: Sequence[str],
    right: Sequence[str],
    *,
    model: Model | None = None,
    left_terms: Sequence[Terms] | None = None,
    right_terms: Sequence[Terms] | None = None,
) -> list[Link]:
    """Match the sentences of two articles.

    Args:
        left: The left body sentences, as displayed, in order.
        right: The right body sentences.
        model: Scorer weights and thresholds (default: the shipped ones).
        left_terms: The left sentences' terms when already computed (`terms.article_terms`;
            a `features.TextIndex` of them is reused as it is).
        right_terms: The right sentences' terms.

    Returns:
        Links ordered by their first left sentence; sentences in no link have no
        counterpart.
    """
    if not left or not right:
        return []
    lt = left_terms if left_terms is not None else terms_of(left)
    rt = right_terms if right_terms is not None else terms_of(right)
    if tuple(left) <= tuple(right):
        return _align(left, right, lt, rt, model or shipped_model())
    mirrored = [
        Link(link.right, link.left, link.score, link.in_order)
        for link in _align(right, left, rt, lt, model or shipped_model())
    ]
    return sorted(mirrored, key=lambda link: (link.left[0], link.right[0]))


def link_matrix(
    left: Sequence[str], right: Sequence[str], lt: Sequence[Terms], rt: Sequence[Terms], model: Model
) -> np.ndarray:
    """Link probabilities of every pair; identical sentences are certain."""
    p_text, p = probabilities(lt, rt, model)
    return np.where(identical(left, right), 1.0, np.where(p_text >= model.text_floor, p, 0.0))


def identical(left: Sequence[str], right: Sequence[str]) -> np.ndarray:
    """Which sentence pairs are the same words (case and spacing aside), shape
    (len(left), len(right)): certain links whatever the scorer says."""
    out = np.zeros((len(left), len(right)), dtype=bool)
    where: dict[str, list[int]] = {}
    for j, text in enumerate(right):
        where.setdefault(_identity(text), []).append(j)
    for i, text in enumerate(left):
        key = _identity(text)
        if key and key in where:
            out[i, where[key]] = True
    return out


def _identity(text: str) -> str:
    return " ".join(text.lower().split())


def _align(
    left: Sequence[str],
    right: Sequence[str],
    lt: Sequence[Terms],
    rt: Sequence[Terms],
    model: Model,
) -> list[Link]:
    p = link_matrix(left, right, lt, rt, model)
    pairs = _assign(p, model.link_threshold)
    pairs = _fill(p, pairs, model.gap_threshold)
    backbone = set(heaviest_chain(pairs, p))
    links: list[Link] = []
    for (i, j), (lefts, rights) in zip(pairs, _grow(p, pairs, model.merge_threshold), strict=True):
        links.append(Link(tuple(lefts), tuple(rights), round(100 * float(p[i, j]), 1),
                          (i, j) in backbone))  # fmt: skip
    links.sort(key=lambda link: (link.left[0], link.right[0]))
    return links


def _assign(p: np.ndarray, threshold: float) -> list[tuple[int, int]]:
    """One-to-one pairs above `threshold`, most probable first (greedy global assignment).

    Ties go to the pair earliest on both sides at once, then the one nearest the diagonal.
    """
    rows, cols = np.nonzero(p >= threshold)
    # Most probable first; ties to the pair earliest on both sides, then nearest the diagonal.
    order = np.lexsort((np.abs(rows - cols), rows + cols, -p[rows, cols]))
    used_left: set[int] = set()
    used_right: set[int] = set()
    pairs: list[tuple[int, int]] = []
    for i, j in zip(rows[order].tolist(), cols[order].tolist(), strict=True):
        if i not in used_left and j not in used_right:
            used_left.add(i)
            used_right.add(j)
            pairs.append((i, j))
    return sorted(pairs)


def _fill(p: np.ndarray, pairs: list[tuple[int, int]], threshold: float) -> list[tuple[int, int]]:
    """Add pairs that order vouches for: mutual best among the free sentences, above
    `threshold`, and in order with the chain of links around them."""
    pairs = sorted(pairs)
    while True:
        chain = heaviest_chain(pairs, p)
        free_l = np.array(sorted(set(range(p.shape[0])) - {i for i, _ in pairs}), dtype=int)
        free_r = np.array(sorted(set(range(p.shape[1])) - {j for _, j in pairs}), dtype=int)
        if not len(free_l) or not len(free_r):
            return pairs
        sub = p[np.ix_(free_l, free_r)]
        best_col = sub.argmax(axis=1)
        rows = np.arange(len(free_l))
        mutual = sub.argmax(axis=0)[best_col] == rows
        found = [
            (float(sub[a, best_col[a]]), int(free_l[a]), int(free_r[best_col[a]]))
            for a in np.flatnonzero(mutual & (sub[rows, best_col] >= threshold))
        ]
        taken = False
        for _, i, j in sorted(found, key=lambda t: (-t[0], t[1] + t[2])):
            before = [q for pi, q in chain if pi < i]
            after = [q for pi, q in chain if pi > i]
            if (not before or before[-1] < j) and (not after or after[0] > j):
                pairs = sorted([*pairs, (i, j)])
                chain = heaviest_chain(pairs, p)
                taken = True
        if not taken:
            return pairs


def _grow(
    p: np.ndarray, pairs: Sequence[tuple[int, int]], threshold: float
) -> list[tuple[list[int], list[int]]]:
    """Each pair's sentences once free neighbours likely to belong to the same statement
    have joined it (a sentence one side split in two, at most three to a side).

    A free sentence between two linked ones goes to the link it is likelier part of, not
    to the one that comes first: "Five law lords dismissed the appeal" goes with the
    sentence saying so, not with the lede above it. Most probable joins first.

    Returns:
        (left sentences, right sentences) of each pair, in the order of `pairs`.
    """
    n, m = p.shape
    members = [([i], [j]) for i, j in pairs]
    free = ({*range(n)} - {i for i, _ in pairs}, {*range(m)} - {j for _, j in pairs})
    heap: list[tuple[float, int, int, int]] = []  # (-probability, link, side, sentence)

    def offer(link: int, side: int) -> None:
        i, j = pairs[link]
        own = members[link][side]
        if len(own) >= 3:
            return
        for k in (own[0] - 1, own[-1] + 1):
            if k in free[side]:
                prob = float(p[k, j] if side == 0 else p[i, k])
                if prob >= threshold:
                    heapq.heappush(heap, (-prob, link, side, k))

    for link in range(len(pairs)):
        offer(link, 0)
        offer(link, 1)
    while heap:
        _, link, side, k = heapq.heappop(heap)
        own = members[link][side]
        if k not in free[side] or len(own) >= 3 or k not in (own[0] - 1, own[-1] + 1):
            continue
        own.insert(0, k) if k < own[0] else own.append(k)
        free[side].discard(k)
        offer(link, side)
    return members
