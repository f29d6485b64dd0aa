"""Place new articles into the stories of a large corpus without regrouping it.

Owns the incremental step of story grouping. A full grouping
(`reader.story.stories.group_evidence`) weighs every term against the whole corpus, so
one new article moves every weight a little, and regrouping 20,000 articles takes some
20 s. A re-run of the index that adds or removes a few articles of a large corpus keeps
instead what the last full grouping weighed with (its `Model`: the terms' document
frequencies and spread factors, every article's final vector, the stories) and:

1. gives each new article its vector under those weights (a term the model never saw
   weighs as a term of one article), and its cosine with every old article that shares
   a term (the postings of its own terms only) and with the other new articles;
2. continues average linkage (`cluster.average_linkage`) from the stories as they are:
   each story touched by a new article is one group, with its size and internal
   similarity, the new articles start alone, and groups merge by the same rule,
   threshold and cohesion as in a full grouping;
3. lets a small group of new articles join the larger story its nearest members are in
   (`cluster.attach_small`), and a new page of a wire filing the story of its filing's
   longest page;
4. takes removed articles out of their stories; a story whose centre went gets the
   member most similar to the rest as its centre, a member whose partner went its most
   similar other member.

What stays fixed: an old story never merges with another old story, never splits and
never loses a member that is still there, and its centre and links stay; so adding
articles and removing them again gives back the stories before. Those decisions belong
to a full grouping, which the index makes again when the changes since the last one
reach a share of the corpus (`reader.index.build`), or when asked.
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

import numpy as np

from reader.story.cluster import attach_small, average_linkage
from reader.story.evidence import IDF_FLOOR, STORY_POWER, class_weight
from reader.story.stories import ATTACH, CEILING, COHESION, THRESHOLD, Frozen, Grouped

MIN_SIMILARITY = 0.02
"""Cosines below this count as 0 (as `cluster.neighbours` keeps them)."""
MAX_DF = 0.5
"""Terms in more than this share of the articles link nothing (as `cluster.neighbours`)."""

Vector = tuple[np.ndarray, np.ndarray]
"""(term ids, weights) of one article, ids ascending."""


@dataclass(frozen=True)
class Model:
    """What the last full grouping weighed with, and what it found, by content."""

    terms: Sequence[str]
    """The terms of two articles or more, by id."""
    df: np.ndarray
    """Each term's document frequency."""
    factor: np.ndarray
    """Each term's spread factor (`evidence.spread_factor`)."""
    rows: int
    """How many articles were weighed (one per set of identical ones)."""
    groups: int
    """How many groups the first pass found."""
    vectors: Mapping[str, Vector]
    """Each article's final vector, by its copy key (`Evidence.copy_key`)."""
    story: Mapping[str, int]
    """Each article's story (a label), by copy key."""
    centre: Mapping[int, str]
    """Each story's central article."""
    partner: Mapping[str, tuple[str, float]]
    """Each article but a centre: its closest partner in its story, and their cosine."""


@dataclass(frozen=True)
class Head:
    """An article as placement sees it: one per set of identical articles."""

    key: str
    """Its copy key."""
    order: tuple[str, str]
    """(name, path) of its first file: stories list their members in this order."""
    copies: int
    """How many files hold it (a centre is weighed by them)."""
    filing: tuple[str, ...] | None
    """Its wire filing (`evidence.filing`)."""
    sentences: int
    """How many body sentences (the longest page of a filing is its story)."""


@dataclass(frozen=True)
class Placed:
    """One story after placement, by copy keys."""

    keys: tuple[str, ...]
    """Its articles, in `Head.order`."""
    centre: str
    """Its central article."""
    partner: Mapping[str, tuple[str, float]]
    """Each article but the centre: its closest partner, and their cosine."""
    label: int | None
    """The old story it continues (None for a story of new articles only)."""
    changed: bool
    """Whether its articles, centre or links changed."""


def place(
    model: Model,
    heads: Mapping[str, Head],
    bags: Mapping[str, Mapping[str, float]],
    *,
    threshold: float = THRESHOLD,
    cohesion: float = COHESION,
) -> tuple[list[Placed], dict[str, Vector]]:
    """The stories of the corpus after its articles changed (see the module docstring).

    Args:
        model: What the last full grouping weighed with and found.
        heads: Every article of the corpus now, by copy key.
        bags: The term counts of the articles the model does not hold (the new ones).

    Returns:
        The stories, ordered by their first article; and the new articles' vectors (the
        model's, for the next run).
    """
    new = sorted((k for k in heads if k not in model.vectors), key=lambda k: heads[k].order)
    vectors = _new_vectors(model, [bags[k] for k in new])
    new_vec = dict(zip(new, vectors, strict=True))
    old_vec = {k: v for k, v in model.vectors.items() if k in heads}
    sims = _against_old(model, old_vec, [new_vec[k] for k in new])
    members: dict[int, list[str]] = {}
    for key in old_vec:
        members.setdefault(model.story[key], []).append(key)
    gone = {model.story[k] for k in model.vectors if k not in heads}
    # The stories a new article meets: one group each, the new articles alone.
    touched = sorted({model.story[k] for row in sims for k in row})
    nodes: list[list[str]] = [members[label] for label in touched] + [[k] for k in new]
    node_of = {label: i for i, label in enumerate(touched)}
    edges: dict[tuple[int, int], float] = {}
    for x, row in enumerate(sims):
        nx = len(touched) + x
        for key, s in row.items():
            pair = (node_of[model.story[key]], nx)
            edges[pair] = edges.get(pair, 0.0) + s
    for x in range(len(new)):
        for y in range(x + 1, len(new)):
            s = _dot(new_vec[new[x]], new_vec[new[y]])
            if s >= MIN_SIMILARITY:
                edges[(len(touched) + x, len(touched) + y)] = s
    sizes = [len(g) for g in nodes]
    inside = [_inside([old_vec[k] for k in g]) for g in nodes[: len(touched)]]
    inside += [0.0] * len(new)
    apart = [True] * len(touched) + [False] * len(new)
    groups = average_linkage(len(nodes), edges, threshold=threshold, cohesion=cohesion,
                             ceiling=CEILING, sizes=sizes, inside=inside, apart=apart)  # fmt: skip
    # Small groups of new articles join the story their nearest members are in.
    items = [k for g in nodes for k in g]
    item_of = {k: i for i, k in enumerate(items)}
    start = np.cumsum([0] + sizes)
    item_groups = [
        sorted(i for node in g for i in range(start[node], start[node + 1])) for g in groups
    ]
    item_edges: dict[tuple[int, int], float] = {}
    for x, row in enumerate(sims):
        for key, s in row.items():
            i, j = item_of[key], item_of[new[x]]
            item_edges[(i, j) if i < j else (j, i)] = s
    for (a, b), s in edges.items():
        if a >= len(touched):  # between two new articles
            item_edges[(item_of[new[a - len(touched)]], item_of[new[b - len(touched)]])] = s
    old_items = frozenset(range(int(start[len(touched)])))  # the touched stories' members
    item_groups = attach_small(item_groups, item_edges, threshold=ATTACH, fixed=old_items)
    found = [[items[i] for i in g] for g in item_groups]
    found = _join_filings(found, new, model, heads)
    # The stories, old and new.
    placed_of: dict[int, list[str]] = {}
    fresh: list[list[str]] = []
    for group in found:
        labels = {model.story[k] for k in group if k in old_vec}
        if labels:
            placed_of.setdefault(labels.pop(), []).extend(k for k in group if k not in old_vec)
        else:
            fresh.append(group)
    all_vec = {**old_vec, **new_vec}
    stories: list[Placed] = []
    for label, keys in members.items():
        added = placed_of.get(label, [])
        if not added and label not in gone:
            stories.append(Placed(_ordered(keys, heads), model.centre[label],
                                  {k: model.partner[k] for k in keys if k in model.partner},
                                  label, False))  # fmt: skip
            continue
        stories.append(_continued(model, label, keys + added, all_vec, heads))
    for group in fresh:
        stories.append(_made(group, all_vec, heads))
    stories.sort(key=lambda p: heads[p.keys[0]].order)
    return stories, new_vec


def _new_vectors(model: Model, bags: Sequence[Mapping[str, float]]) -> list[Vector]:
    """The new articles' vectors under the model's weights (`evidence.vectorize_bags`,
    then `evidence.reweight_by_stories`); a term the model lacks gets an id past its
    terms, shared by the new articles that carry it."""
    ids = {t: i for i, t in enumerate(model.terms)}
    df_new: Counter[str] = Counter()
    for bag in bags:
        df_new.update(bag.keys())
    extra: dict[str, int] = {}
    n = model.rows
    unseen = (1.0 + math.log((model.groups + 1) / 2)) ** STORY_POWER
    out = []
    for bag in bags:
        entries, total = [], 0.0
        for t, c in bag.items():
            known = ids.get(t)
            df = (int(model.df[known]) if known is not None else 0) + df_new[t]
            w = (1.0 + math.log(c)) * (IDF_FLOOR + math.log((n + 1) / (df + 1))) * class_weight(t)
            total += w * w
            if df < 2:
                continue  # links nothing (but counts in the norm)
            if known is None:
                known = extra.setdefault(t, len(model.terms) + len(extra))
                factor = unseen
            else:
                factor = float(model.factor[known])
            entries.append((known, w, factor, not (n >= 200 and df > MAX_DF * n)))
        norm = math.sqrt(total) or 1.0
        first = math.sqrt(sum(w * w for _, w, _, _ in entries))
        after = math.sqrt(sum((w * f) ** 2 for _, w, f, _ in entries))
        scale = first / after / norm if after else 0.0
        entries = sorted(e for e in entries if e[3])  # a term in most articles links nothing
        out.append((np.array([k for k, _, _, _ in entries], dtype=np.int64),
                    np.array([w * f * scale for _, w, f, _ in entries])))  # fmt: skip
    return out


def _against_old(model: Model, old: Mapping[str, Vector], new: Sequence[Vector]) -> list[dict[str, float]]:
    """Each new article's cosine with every old article it shares a term with (at least
    `MIN_SIMILARITY`), through the postings of its own terms only."""
    if not new or not old:
        return [{} for _ in new]
    wanted = np.unique(np.concatenate([ids for ids, _ in new]))
    wanted = wanted[wanted < len(model.terms)]
    keys = list(old)
    ids = np.concatenate([old[k][0] for k in keys])
    weights = np.concatenate([old[k][1] for k in keys])
    rows = np.repeat(np.arange(len(keys)), [len(old[k][0]) for k in keys])
    keep = np.isin(ids, wanted)
    ids, weights, rows = ids[keep], weights[keep], rows[keep]
    dense = np.zeros(len(model.terms))
    out = []
    for new_ids, new_weights in new:
        known = new_ids < len(model.terms)
        dense[new_ids[known]] = new_weights[known]
        scores = np.bincount(rows, weights=weights * dense[ids], minlength=len(keys))
        dense[new_ids[known]] = 0.0
        hit = np.flatnonzero(scores >= MIN_SIMILARITY)
        out.append({keys[i]: float(scores[i]) for i in hit.tolist()})
    return out


def _dot(a: Vector, b: Vector) -> float:
    _, x, y = np.intersect1d(a[0], b[0], assume_unique=True, return_indices=True)
    return float(np.dot(a[1][x], b[1][y]))


def _pairwise(vectors: Sequence[Vector]) -> np.ndarray:
    """Cosines between these articles (those below `MIN_SIMILARITY` as 0, 0 on the
    diagonal), as a full grouping's candidate pairs count them."""
    if not vectors:
        return np.zeros((0, 0))
    terms = np.unique(np.concatenate([ids for ids, _ in vectors]))
    dense = np.zeros((len(vectors), len(terms)))
    for r, (ids, weights) in enumerate(vectors):
        dense[r, np.searchsorted(terms, ids)] = weights
    sims = dense @ dense.T
    np.fill_diagonal(sims, 0.0)
    sims[sims < MIN_SIMILARITY] = 0.0
    return sims


def _inside(vectors: Sequence[Vector]) -> float:
    """The sum of the cosines within a story."""
    return float(np.triu(_pairwise(vectors)).sum())


def _ordered(keys: Sequence[str], heads: Mapping[str, Head]) -> tuple[str, ...]:
    return tuple(sorted(keys, key=lambda k: heads[k].order))


def _centre(keys: Sequence[str], sims: np.ndarray, heads: Mapping[str, Head]) -> int:
    """The member with the highest similarity to the others, each weighed by its copies."""
    weight = np.array([heads[k].copies for k in keys], dtype=float)
    return int(np.argmax(sims @ weight)) if len(keys) > 1 else 0


def _partner(x: int, keys: Sequence[str], sims: np.ndarray) -> tuple[str, float]:
    y = int(np.argmax(np.where(np.arange(len(keys)) == x, -1.0, sims[x])))
    return keys[y], round(float(sims[x, y]), 4)


def _continued(model: Model, label: int, keys: list[str], vec: Mapping[str, Vector],
               heads: Mapping[str, Head]) -> Placed:  # fmt: skip
    """An old story with articles added or gone: its centre and links stay where they
    still can; the new articles (and those whose partner went) get their closest."""
    keys = list(_ordered(keys, heads))
    sims = _pairwise([vec[k] for k in keys])
    centre = model.centre[label]
    if centre not in keys:
        centre = keys[_centre(keys, sims, heads)]
    where = {k: i for i, k in enumerate(keys)}
    partner = {}
    for i, k in enumerate(keys):
        if k == centre or len(keys) < 2:
            continue
        old = model.partner.get(k)
        partner[k] = old if old and old[0] in where and k in model.story else _partner(i, keys, sims)
    return Placed(tuple(keys), centre, partner, label, True)


def _made(keys: list[str], vec: Mapping[str, Vector], heads: Mapping[str, Head]) -> Placed:
    """A story of new articles only."""
    keys = list(_ordered(keys, heads))
    sims = _pairwise([vec[k] for k in keys])
    c = _centre(keys, sims, heads)
    partner = {k: _partner(i, keys, sims) for i, k in enumerate(keys) if i != c}
    return Placed(tuple(keys), keys[c], partner, None, True)


def _join_filings(groups: list[list[str]], new: Sequence[str], model: Model,
                  heads: Mapping[str, Head]) -> list[list[str]]:  # fmt: skip
    """New pages of a wire filing moved to the group of its longest page: an old one's
    when the filing has old pages (they stay where they are), else the longest new one's.
    Groups without a new page are left as they are."""
    filed = {heads[k].filing for k in new if heads[k].filing is not None}
    if not filed:
        return groups
    group_of = {k: g for g, keys in enumerate(groups) for k in keys}
    home: dict[tuple[str, ...], tuple[tuple[int, tuple[str, str]], str]] = {}
    for key, head in heads.items():
        if head.filing not in filed or (key not in group_of and key not in model.story):
            continue
        rank = (0 if key in model.story else 1, -head.sentences, head.order)
        best = home.get(head.filing)
        if best is None or rank < best[0]:
            home[head.filing] = (rank, key)
    moved = [list(g) for g in groups]
    extra: dict[str, list[str]] = {}  # pages joining an old story outside these groups
    for key in new:
        filing = heads[key].filing
        if filing is None:
            continue
        target = home[filing][1]
        if target == key or group_of.get(target) == group_of[key]:
            continue
        moved[group_of[key]].remove(key)
        if target in group_of:
            moved[group_of[target]].append(key)
        else:
            extra.setdefault(target, []).append(key)
    for target, keys in extra.items():
        moved.append([target, *keys])
    return [g for g in moved if g]


def model_of(frozen: Frozen, keys: Sequence[str], found: Sequence[Grouped]) -> Model:
    """The model of a full grouping (`stories.group_evidence`).

    Args:
        frozen: What the grouping weighed with.
        keys: Each item's copy key, by position.
        found: The stories it found; their labels count from 1 in this order.
    """
    vectors = frozen.vectors
    n = vectors.rows
    linking = vectors.df <= MAX_DF * n if n >= 200 else np.ones(len(vectors.df), dtype=bool)
    kept: dict[str, Vector] = {}
    for row, i in enumerate(frozen.heads):
        ids, weights = vectors.row(row)
        mask = linking[ids]
        kept[keys[i]] = (ids[mask].astype(np.int64), weights[mask].astype(np.float64))
    story: dict[str, int] = {}
    centre: dict[int, str] = {}
    partner: dict[str, tuple[str, float]] = {}
    for label, grouped in enumerate(found, start=1):
        centre[label] = keys[grouped.central]
        for i in grouped.members:
            if keys[i] in kept:
                story[keys[i]] = label
        for i, j, reason, sim in grouped.links:
            if reason == "similar":
                partner[keys[i]] = (keys[j], sim)
    return Model(vectors.terms, vectors.df, frozen.factor, n, frozen.groups, kept, story,
                 centre, partner)  # fmt: skip
