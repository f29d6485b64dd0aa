"""Align the body sentences of two articles: which sentence answers which.

Owns the matching strategy. Rewrites of one wire story keep most of its order, drop and add
paragraphs, reorder a few, paraphrase some sentences heavily and copy others word for word.
The alignment therefore works like a careful diff, in three passes over one score matrix
(`similarity.Scorer`):

1. anchors: the best monotone chain of confident matches (a Needleman-Wunsch style dynamic
   programme maximising the sum of `score - anchor_cutoff`);
2. gaps: between two consecutive anchors (and before the first / after the last) the
   unmatched sentences of both sides face each other; the same programme runs again there
   with a lower cutoff, because a sentence boxed in by matching neighbours on both sides is
   likely a rewrite of its counterpart (ledes, paraphrased quotes);
3. moves: what is still unmatched is paired out of order when the two sentences are each
   other's best remaining match and score above `move_cutoff`.

Then adjacent unmatched sentences join a row when they are part of the same statement on
the other side (one outlet merging two sentences, another splitting one). The result is a
list of pairs; `compare.py` turns it into rows. The whole module is symmetric: swapping the
sides mirrors the result, because every tie is broken by position on both sides at once.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from itertools import pairwise

import numpy as np

from reader.align.similarity import Scorer


@dataclass(frozen=True)
class Link:
    """Sentences of the left and right side that say the same thing."""

    left: tuple[int, ...]
    """Left sentence indices (consecutive)."""
    right: tuple[int, ...]
    """Right sentence indices (consecutive)."""
    score: float
    """Similarity 0-100 of the two sides read as wholes."""
    in_order: bool
    """False for a move: the link crosses the order of the other links."""


def _chain(
    scores: np.ndarray, rows: Sequence[int], cols: Sequence[int], cutoff: float
) -> list[tuple[int, int]]:
    """The monotone set of (row, col) pairs maximising sum(score - cutoff), gains > 0 only.

    Args:
        scores: The full score matrix.
        rows: Candidate left indices, increasing.
        cols: Candidate right indices, increasing.
        cutoff: Pairs scoring at or below it never join the chain.

    Returns:
        The chosen pairs in increasing order on both sides.
    """
    n, m = len(rows), len(cols)
    if n == 0 or m == 0:
        return []
    gain = scores[np.ix_(rows, cols)] - cutoff
    best = np.zeros((n + 1, m + 1))
    for i in range(1, n + 1):
        # best[i, j] = max(best[i-1, j], best[i, j-1], best[i-1, j-1] + gain): the first and
        # third terms are elementwise, the second is a running maximum along the row.
        row_gain = gain[i - 1]
        take = np.where(row_gain > 0, best[i - 1, :-1] + row_gain, -1.0)
        best[i, 1:] = np.maximum.accumulate(np.maximum(best[i - 1, 1:], take))
    pairs: list[tuple[int, int]] = []
    i, j = n, m
    while i > 0 and j > 0:
        g = gain[i - 1, j - 1]
        if g > 0 and best[i, j] == best[i - 1, j - 1] + g:
            pairs.append((rows[i - 1], cols[j - 1]))
            i, j = i - 1, j - 1
        elif best[i - 1, j] >= best[i, j - 1]:
            i -= 1
        else:
            j -= 1
    pairs.reverse()
    return pairs


def _fill_gaps(
    scores: np.ndarray, anchors: list[tuple[int, int]], cutoff: float, max_gap: int
) -> list[tuple[int, int]]:
    """Match inside the small gaps between consecutive anchors, with a lower cutoff.

    Only a gap that is narrow on at least one side is filled, and only with pairs that are
    each other's best match inside it and sit next to a match on both sides (`_boxed`):
    there, order alone makes a modest score credible. A wide gap on both sides is
    unrelated material (another story, a long insertion).
    """
    n, m = scores.shape
    bounds = [(-1, -1), *anchors, (n, m)]
    found: list[tuple[int, int]] = []
    for (i0, j0), (i1, j1) in pairwise(bounds):
        rows, cols = range(i0 + 1, i1), range(j0 + 1, j1)
        if not rows or not cols or min(len(rows), len(cols)) > max_gap:
            continue
        if (i0, j0) == (-1, -1) and (i1, j1) == (n, m):
            continue  # no anchor at all: nothing vouches for these two texts being related
        sub = scores[np.ix_(rows, cols)]
        chain = [
            (i, j)
            for i, j in _chain(scores, rows, cols, cutoff)
            if sub[i - rows.start, j - cols.start] >= sub[i - rows.start].max()
            and sub[i - rows.start, j - cols.start] >= sub[:, j - cols.start].max()
        ]
        found.extend(_boxed(chain, (i0, j0), (i1, j1)))
    return sorted(anchors + found)


def _boxed(
    chain: list[tuple[int, int]], low: tuple[int, int], high: tuple[int, int]
) -> list[tuple[int, int]]:
    """The pairs of a gap's chain that sit next to a match on both sides.

    A pair is kept when, on both sides at once, at most one sentence separates it from
    the match before it or from the match after it (anchors, the article's ends, or pairs
    kept already). A weak pair floating in the middle of a gap has nothing boxing it in.
    """
    kept: list[tuple[int, int]] = []
    pending = list(chain)
    changed = True
    while changed and pending:
        changed = False
        for pair in list(pending):
            bounds = sorted([low, high, *kept])
            before = max(b for b in bounds if b[0] < pair[0])
            after = min(b for b in bounds if b[0] > pair[0])
            near_before = pair[0] - before[0] <= 2 and pair[1] - before[1] <= 2
            near_after = after[0] - pair[0] <= 2 and after[1] - pair[1] <= 2
            if near_before or near_after:
                kept.append(pair)
                pending.remove(pair)
                changed = True
    return kept


def _fits(pairs: list[tuple[int, int]], i: int, j: int) -> bool:
    """Whether (i, j) keeps the order of the in-order pairs (sorted on both sides)."""
    before = [q for p, q in pairs if p < i]
    after = [q for p, q in pairs if p > i]
    return (not before or max(before) < j) and (not after or min(after) > j)


def _residual(
    scores: np.ndarray,
    ordered: list[tuple[int, int]],
    *,
    gap_cutoff: float,
    move_cutoff: float,
    margin: float,
) -> tuple[list[tuple[int, int]], list[tuple[int, int]]]:
    """Match what the anchors left over: distinct mutual best pairs.

    A leftover pair is taken when each sentence is the other's best remaining match and
    beats its runner-up (in its row and its column) by `margin`: a distinct match, not
    the noise of a shared topic. In order with the anchors it needs `gap_cutoff` (order
    vouches for it); out of order, a move, it needs the higher `move_cutoff`.

    Returns:
        (in-order pairs including the anchors, moved pairs).
    """
    ordered = sorted(ordered)
    moved: list[tuple[int, int]] = []
    used_left, used_right = {p for p, _ in ordered}, {q for _, q in ordered}
    free_left = np.array([i for i in range(scores.shape[0]) if i not in used_left], dtype=int)
    free_right = np.array([j for j in range(scores.shape[1]) if j not in used_right], dtype=int)
    while len(free_left) and len(free_right):
        sub = scores[np.ix_(free_left, free_right)]
        rows = np.arange(len(free_left))
        best_col = sub.argmax(axis=1)
        mutual = sub.argmax(axis=0)[best_col] == rows
        value = sub[rows, best_col]
        # Runner-up: the second best in the row and in the column (ties leave no margin).
        row2 = np.partition(sub, -2, axis=1)[:, -2] if sub.shape[1] > 1 else np.zeros(len(rows))
        col2 = np.partition(sub, -2, axis=0)[-2] if sub.shape[0] > 1 else np.zeros(sub.shape[1])
        distinct = value - np.maximum(row2, col2[best_col]) >= margin
        candidates = [
            (float(value[a]), int(free_left[a]), int(free_right[best_col[a]]))
            for a in np.flatnonzero(mutual & distinct & (value >= min(gap_cutoff, move_cutoff)))
        ]
        taken: list[tuple[int, int]] = []
        for v, i, j in sorted(candidates, key=lambda t: (-t[0], t[1] + t[2], abs(t[1] - t[2]))):
            if _fits(ordered, i, j):
                if v >= gap_cutoff:
                    ordered = sorted([*ordered, (i, j)])
                    taken.append((i, j))
            elif v >= move_cutoff:
                moved.append((i, j))
                taken.append((i, j))
        if not taken:
            break
        free_left = np.setdiff1d(free_left, [i for i, _ in taken])
        free_right = np.setdiff1d(free_right, [j for _, j in taken])
    return ordered, moved


def _extend(
    link: tuple[list[int], list[int]],
    free: tuple[set[int], set[int]],
    scorer: Scorer,
    scores: np.ndarray,
    keys: tuple[Sequence[str], Sequence[str]],
    *,
    cutoff: float,
    containment: float,
) -> None:
    """Grow a link by adjacent unmatched sentences that belong to the same statement.

    A free neighbour joins when most of its content stands in the other side of the link,
    it scores at least `cutoff` against that side on its own, and joining it does not make
    the two sides less alike read as wholes.
    """
    for side in (0, 1):
        other = 1 - side
        for neighbour in (link[side][0] - 1, link[side][-1] + 1):
            if neighbour not in free[side]:
                continue
            own = max(
                scores[neighbour, k] if side == 0 else scores[k, neighbour] for k in link[other]
            )
            whole = " ".join(keys[other][k] for k in link[other])
            if own < cutoff or scorer.containment(keys[side][neighbour], whole) < containment:
                continue
            grown = sorted([*link[side], neighbour])
            before = _pair_score(scorer, keys, link[0], link[1])
            after = _pair_score(
                scorer, keys, *((grown, link[1]) if side == 0 else (link[0], grown))
            )
            if after >= before - 5.0:
                link[side][:] = grown
                free[side].discard(neighbour)


def _pair_score(
    scorer: Scorer,
    keys: tuple[Sequence[str], Sequence[str]],
    left: Sequence[int],
    right: Sequence[int],
) -> float:
    return scorer.pair([keys[0][i] for i in left], [keys[1][j] for j in right])


def align(
    left: Sequence[str],
    right: Sequence[str],
    **tuning: float,
) -> list[Link]:
    """Match the sentences of two articles; see `_align` for the tuning options.

    The sides are put in a canonical order before matching and the result mirrored back,
    so `align(b, a)` is exactly the mirror of `align(a, b)` whatever ties the passes meet.

    Args:
        left: Match keys of the left body sentences, in order.
        right: Match keys of the right body sentences, in order.
        **tuning: Keyword options passed to `_align`.

    Returns:
        Links ordered by their first left sentence.
    """
    if tuple(left) <= tuple(right):
        return _align(left, right, **tuning)
    mirrored = [
        Link(link.right, link.left, link.score, link.in_order)
        for link in _align(right, left, **tuning)
    ]
    return sorted(mirrored, key=lambda link: (link.left[0], link.right[0]))


def _align(
    left: Sequence[str],
    right: Sequence[str],
    *,
    anchor_cutoff: float = 45.0,
    gap_cutoff: float = 30.0,
    move_cutoff: float = 38.0,
    merge_containment: float = 0.6,
    margin: float = 6.0,
    max_gap: float = 5,
    residual_cutoff: float = 36.0,
    min_anchors: float = 3,
) -> list[Link]:
    """Match the sentences of two articles.

    Args:
        left: Match keys of the left body sentences, in order.
        right: Match keys of the right body sentences, in order.
        anchor_cutoff: Score a pair needs to anchor the alignment.
        gap_cutoff: Score a pair needs between two anchors.
        move_cutoff: Score an out-of-order pair needs.
        merge_containment: Share of a joining sentence's content the other side must hold.
        margin: How far a leftover pair must beat its runner-up to be matched.
        max_gap: A gap between anchors is filled only when one side has at most this many
            sentences.
        residual_cutoff: Score an in-order leftover pair outside a small gap needs.
        min_anchors: Fewer anchors than this (texts that share little) and only pairs
            scoring `anchor_cutoff` are matched.

    Returns:
        Links ordered by their first left sentence; sentences not in any link have no
        counterpart.
    """
    if not left or not right:
        return []
    scorer = Scorer(left, right)
    scores = scorer.matrix()
    anchors = _chain(scores, range(len(left)), range(len(right)), anchor_cutoff)
    if len(anchors) >= min(min_anchors, len(left), len(right)):
        # Enough confident matches to call the texts versions of one story: order can
        # vouch for weaker matches between them.
        ordered, moved = _residual(
            scores,
            _fill_gaps(scores, anchors, gap_cutoff, int(max_gap)),
            gap_cutoff=residual_cutoff,
            move_cutoff=move_cutoff,
            margin=margin,
        )
    else:
        ordered, moved = _residual(
            scores, anchors, gap_cutoff=anchor_cutoff, move_cutoff=anchor_cutoff, margin=margin
        )
    used_left = {i for i, _ in ordered} | {i for i, _ in moved}
    used_right = {j for _, j in ordered} | {j for _, j in moved}
    free_left = set(range(len(left))) - used_left
    free_right = set(range(len(right))) - used_right
    keys = (left, right)
    links: list[Link] = []
    for pairs, in_order in ((ordered, True), (moved, False)):
        for i, j in pairs:
            grown: tuple[list[int], list[int]] = ([i], [j])
            _extend(
                grown,
                (free_left, free_right),
                scorer,
                scores,
                keys,
                cutoff=gap_cutoff,
                containment=merge_containment,
            )
            links.append(
                Link(
                    tuple(grown[0]),
                    tuple(grown[1]),
                    round(_pair_score(scorer, keys, *grown), 1),
                    in_order,
                )
            )
    links.sort(key=lambda link: (link.left[0], link.right[0]))
    return links
