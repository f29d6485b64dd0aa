"""Candidate pairs and average-linkage clustering over article vectors.

Owns turning `evidence.Vectors` into groups, without comparing all pairs and without
chaining:

1. **Candidates** (`neighbours`): an inverted index (term -> articles) gives each article,
   in one `numpy.bincount` over the postings of its terms, its dot product with every
   article that shares a term. Terms carried by more than `max_df` of a large folder are
   left out of the index (they are in nearly every article and tell no story apart), so
   the work is the sum of the postings' lengths, never n x n comparisons; only each
   article's `k` best partners above `min_similarity` are kept.
2. **Average linkage** (`average_linkage`): every article starts alone; the two groups
   whose *average* similarity over all their cross pairs is highest are merged, until no
   two groups average `threshold` or more. A pair that is not a candidate counts as 0.
   One strong link between two large groups is not enough to merge them (single linkage
   chained two sibling events through one shared phrase); most members must agree. The
   number of stories is not given: it is where the averages fall below the threshold.
3. **Small groups** (`attach_small`): a group of one or two items joins the larger group
   whose closest members it is near on average.
"""

from __future__ import annotations

import heapq

import numpy as np

from reader.story.evidence import Vectors


def neighbours(
    vectors: Vectors, *, k: int = 60, min_similarity: float = 0.02, max_df: float = 0.5,
    min_rows_for_max_df: int = 200,
) -> dict[tuple[int, int], float]:  # fmt: skip
    """Each article's best partners by cosine, found through an inverted index.

    Args:
        vectors: The articles' vectors.
        k: Partners kept per article.
        min_similarity: Cosines below this are not kept.
        max_df: Terms carried by more than this share of the articles are not indexed...
        min_rows_for_max_df: ...when the folder has at least this many articles (a small
            folder of one story has its core words in every article).

    Returns:
        (i, j) with i < j -> cosine (over the indexed terms).
    """
    n = vectors.rows
    if n < 2:
        return {}
    indexed = vectors.df >= 2
    if n >= min_rows_for_max_df:
        indexed &= vectors.df <= max_df * n
    # Postings: for each indexed term, the articles carrying it and their weights.
    rows = np.repeat(np.arange(n), np.diff(vectors.indptr))
    keep = indexed[vectors.indices]
    term, doc, weight = vectors.indices[keep], rows[keep], vectors.data[keep]
    order = np.argsort(term, kind="stable")
    p_doc, p_weight = doc[order], weight[order]
    starts = np.searchsorted(term[order], np.arange(len(vectors.df) + 1))
    edges: dict[tuple[int, int], float] = {}
    for i in range(n):
        ids, ws = vectors.row(i)
        mask = indexed[ids]
        ids, ws = ids[mask], ws[mask]
        if not len(ids):
            continue
        first = starts[ids]
        lens = starts[ids + 1] - first
        # The postings of these terms, one run after another: the p-th entry of `take`,
        # in the run of term t, is first[t] + p - (where t's run begins in `take`).
        take = np.arange(lens.sum()) + np.repeat(first - (np.cumsum(lens) - lens), lens)
        hits = p_doc[take]
        sims = np.bincount(hits, weights=p_weight[take] * np.repeat(ws, lens), minlength=n)
        sims[i] = 0.0
        best = np.flatnonzero(sims >= min_similarity)
        if len(best) > k:
            best = best[np.argpartition(-sims[best], k)[:k]]
        for j, sim in zip(best.tolist(), sims[best].tolist(), strict=True):
            edges[(i, j) if i < j else (j, i)] = sim
    return edges


def average_linkage(
    n: int,
    edges: dict[tuple[int, int], float],
    *,
    threshold: float,
    cohesion: float = 0.0,
    ceiling: float = 1.0,
    sizes: list[int] | None = None,
    inside: list[float] | None = None,
    apart: list[bool] | None = None,
) -> list[list[int]]:
    """Agglomerative clustering by average linkage over a sparse similarity graph.

    Args:
        n: How many items.
        edges: (i, j) -> similarity; pairs not given count as 0.
        threshold: Two groups merge while their average similarity is at least this.
        cohesion: ...and, when both hold two or more items, at least this share of the
            lower of their own average internal similarities (two tight groups of sibling
            events stay apart though they share the words of their kind of event).
        ceiling: Internal averages above this count as this: a group of near-copies
            (a wire story and its reprints, 0.9 alike) must not refuse the rest of its
            story for being less alike than copies.
        sizes: How many articles each item already stands for (default 1 each): an item
            may be a group found before (`reader.story.placement` continues a grouping).
        inside: ...and the sum of the similarities within it (default 0).
        apart: Items that stay apart: two groups that each hold one never merge (the
            stories an incremental run keeps).

    Returns:
        The groups, each sorted, ordered by their first item.
    """
    size = list(sizes) if sizes is not None else [1] * n
    apart = list(apart) if apart is not None else None
    alive = [True] * n
    # sums[a][b]: the sum of similarities between the members of groups a and b.
    sums: list[dict[int, float]] = [{} for _ in range(n)]
    for (i, j), s in edges.items():
        sums[i][j] = sums[j][i] = s
    members: list[list[int]] = [[i] for i in range(n)]
    # Max-heap of (-average, a, b); entries go stale when a or b merges (checked on pop).
    version = [0] * n
    inside = list(inside) if inside is not None else [0.0] * n  # within each group
    stamped = [
        (-s / (size[i] * size[j]), i, j, 0, 0)
        for (i, j), s in edges.items()
        if s >= threshold * size[i] * size[j]
    ]
    heapq.heapify(stamped)
    while stamped:
        neg, a, b, va, vb = heapq.heappop(stamped)
        if not (alive[a] and alive[b]) or version[a] != va or version[b] != vb:
            continue
        if apart is not None and apart[a] and apart[b]:
            continue
        if size[a] > 1 and size[b] > 1:
            own = min(inside[a] / _pairs(size[a]), inside[b] / _pairs(size[b]), ceiling)
            if -neg < cohesion * own:
                continue
        # Merge b into a (the larger keeps its id, so fewer dict entries move).
        if size[a] < size[b]:
            a, b = b, a
        alive[b] = False
        if apart is not None:
            apart[a] = apart[a] or apart[b]
        inside[a] += inside[b] + sums[a].get(b, 0.0)
        members[a].extend(members[b])
        members[b] = []
        for c, s in sums[b].items():
            if c == a:
                continue
            sums[a][c] = sums[a].get(c, 0.0) + s
            del sums[c][b]
            sums[c][a] = sums[a][c]
        sums[a].pop(b, None)
        sums[b] = {}
        size[a] += size[b]
        version[a] += 1
        for c, s in sums[a].items():
            average = s / (size[a] * size[c])
            if average >= threshold:
                heapq.heappush(stamped, (-average, a, c, version[a], version[c]))
    groups = [sorted(m) for i, m in enumerate(members) if alive[i]]
    return sorted(groups, key=lambda g: g[0])


def _pairs(k: int) -> int:
    return k * (k - 1) // 2


def attach_small(
    groups: list[list[int]], edges: dict[tuple[int, int], float], *, most: int = 2,
    nearest: int = 3, threshold: float = 0.2, fixed: frozenset[int] = frozenset(),
) -> list[list[int]]:  # fmt: skip
    """Let a small group join the larger group its members are nearest to.

    Average linkage weighs a short item (a headline and one sentence, one page of wire
    copy) against every member of a large story, where its few words meet few of theirs;
    it stays out although its nearest members leave no doubt. Here a group of at most
    `most` items joins the group of more items whose `nearest` closest members it is
    most similar to on average (each of its items over each of theirs), when that
    average reaches `threshold`: a link confirmed by several members, never by one.

    Args:
        groups: The groups from `average_linkage`.
        edges: (i, j) -> similarity; pairs not given count as 0.
        most: Groups of at most this many items may join another.
        nearest: How many of the other group's closest members are averaged.
        threshold: The average those closest members need.
        fixed: Items whose group never moves (the stories kept by an incremental run).

    Returns:
        The groups after the moves, each sorted, ordered by their first item.
    """
    group_of = {i: k for k, g in enumerate(groups) for i in g}
    partners: dict[int, list[tuple[int, float]]] = {}
    for (i, j), s in edges.items():
        partners.setdefault(i, []).append((j, s))
        partners.setdefault(j, []).append((i, s))
    target: dict[int, int] = {}
    for k, g in enumerate(groups):
        if len(g) > most or not fixed.isdisjoint(g):
            continue
        per_group: dict[int, list[float]] = {}
        for i in g:
            for j, s in partners.get(i, ()):
                other = group_of[j]
                if other != k and len(groups[other]) > most:
                    per_group.setdefault(other, []).append(s)
        best, best_score = None, threshold
        for other, sims in sorted(per_group.items()):
            top = sorted(sims, reverse=True)[: nearest * len(g)]
            score = sum(top) / (nearest * len(g))  # missing partners count as 0
            if score >= best_score:
                best, best_score = other, score
        if best is not None:
            target[k] = best
    merged: dict[int, list[int]] = {k: list(g) for k, g in enumerate(groups) if k not in target}
    for k, other in target.items():
        merged[other].extend(groups[k])
    return sorted((sorted(g) for g in merged.values()), key=lambda g: g[0])
