"""Group the articles of a folder into stories: which articles report the same event.

Owns the story grouping. A folder may hold several unrelated stories; comparing every
sentence of every article with every other would not scale (500 articles make 125,000
pairs), so grouping runs in three cheap steps:

1. **Phrases and candidates.** Each article is reduced to its *phrases*: pairs of
   consecutive content-word stems inside a sentence ("tiger forc", "jaish al"), numbers and
   stopwords left out. An inverted index (phrase -> articles) gives, for each article in
   one `numpy.bincount`, how many phrases it shares with every other article. A phrase is
   *distinctive* when at most max(10, `common_share` of the articles) carry it.
2. **Confirmation.** Two articles belong to the same story when either

   * *shared phrases*: they share distinctive phrases making up at least
     `min_phrase_share` of the smaller article's phrases, among them at least
     `min_expressions` independent ones (no two sharing a word: one place name in eight
     phrases counts once) - the same names and events, even in other words; or
   * *shared sentences*: among the article's `candidates` best partners by shared
     phrases, at least `min_shared_sentences` sentences of each (half of them, for an
     article with fewer countable sentences) have a strong counterpart in the other:
     rapidfuzz `ratio` >= `sentence_cutoff` over the number-free match keys *and* an
     IDF-weighted overlap of their content stems >= 0.6, so formulaic sentences with other
     names ("Police in X said N people were detained") do not count. This catches copies of
     one wire story even where every phrase is common (a folder of one story).

   Seeds (the test data): the July articles share 14-43 expressions with one another; the
   follow-up six weeks later (004, the same Reuters reporter) shares 8-13 with each of
   them (5-11% of its phrases) and joins the story although none of its sentences is a
   copy; a rate decision and a football transfer share none with them.
3. **Components.** Articles with identical sentences are joined outright; confirmed pairs
   by union-find, phrase links first, then sentence checks strongest candidate first,
   skipping pairs already joined.

Articles that share no phrase are never compared, so an article about something else stays
a story of its own.
"""

from __future__ import annotations

import itertools
import math
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Literal

import numpy as np
from rapidfuzz import fuzz, process

from reader.core.model import Article
from reader.align.similarity import STOPWORDS, stem

LinkReason = Literal["duplicate", "sentences", "phrases"]

_MAX_POSTING = 2000
"""Phrases carried by more articles than this are not used even to find candidates."""
_MAX_COUNTERPARTS = 32
"""Strong counterparts checked per sentence in `shared_sentences`, best-scoring first."""


@dataclass(frozen=True)
class StoryLink:
    """Why two articles were put in the same story."""

    left: str
    """File name of one article."""
    right: str
    """File name of the other."""
    reason: LinkReason
    """'duplicate' (same sentences), 'sentences' (copied text) or 'phrases' (same names)."""
    shared_sentences: int
    """Sentences with a strong counterpart on both sides (0 when not measured)."""
    shared_phrases: int
    """Distinctive phrases both carry."""


@dataclass(frozen=True)
class Story:
    """Articles about one event."""

    articles: tuple[Article, ...]
    """The articles, in the order they were given."""
    links: tuple[StoryLink, ...] = ()
    """The confirmed pairs that joined them (a spanning set, not every related pair)."""

    @property
    def names(self) -> tuple[str, ...]:
        """The file names of the articles."""
        return tuple(a.name for a in self.articles)


class _UnionFind:
    """Disjoint sets over 0..n-1 (path halving, union by size)."""

    def __init__(self, n: int) -> None:
        self.parent = list(range(n))
        self.size = [1] * n

    def find(self, x: int) -> int:
        while self.parent[x] != x:
            self.parent[x] = self.parent[self.parent[x]]
            x = self.parent[x]
        return x

    def union(self, a: int, b: int) -> bool:
        ra, rb = self.find(a), self.find(b)
        if ra == rb:
            return False
        if self.size[ra] < self.size[rb]:
            ra, rb = rb, ra
        self.parent[rb] = ra
        self.size[ra] += self.size[rb]
        return True


@dataclass(frozen=True)
class _Profile:
    """What grouping needs of one article, from one pass over its sentences."""

    phrases: frozenset[str]
    """Consecutive content-word stems ('tiger forc')."""
    keys: tuple[str, ...]
    """Number-free match keys of the sentences of `min_words` words or more."""
    terms: tuple[frozenset[str], ...]
    """Content stems of each of those sentences."""
    vocabulary: frozenset[str]
    """Content stems of the whole article."""


def _profile(article: Article, min_words: int, stems: dict[str, str]) -> _Profile:
    phrases: set[str] = set()
    keys, terms = [], []
    vocabulary: set[str] = set()
    for s in article.sentences:
        words = [w for w in s.norm.split() if not any(c.isdigit() for c in w)]
        content = []
        for w in words:
            if len(w) > 1 and w not in STOPWORDS:
                if w not in stems:
                    stems[w] = stem(w)
                content.append(stems[w])
        phrases.update(f"{a} {b}" for a, b in itertools.pairwise(content))
        vocabulary.update(content)
        if len(words) >= min_words:
            keys.append(" ".join(words))
            terms.append(frozenset(content))
    return _Profile(frozenset(phrases), tuple(keys), tuple(terms), frozenset(vocabulary))


def article_phrases(article: Article) -> frozenset[str]:
    """The phrases of an article: consecutive content-word stems within each sentence.

    Args:
        article: A segmented article.

    Returns:
        Phrases such as 'naji mustafa' or 'tiger forc' (stems, numbers left out).
    """
    return _profile(article, 0, {}).phrases


def shared_sentences(
    left: _Profile, right: _Profile, idf: Mapping[str, float], *, cutoff: float = 80.0,
    min_overlap: float = 0.6,
) -> int:  # fmt: skip
    """How many sentences of each side have a strong counterpart on the other (the fewer).

    A strong counterpart scores `cutoff` or more with rapidfuzz `ratio` over the match
    keys and has the same rare words: the IDF-weighted Dice overlap of their content stems
    is `min_overlap` or more. The second test keeps formulaic sentences of different
    stories apart ("Police in X said N people were detained", names changed).

    Args:
        left: One article's sentences.
        right: The other's.
        idf: Weight of each stem (missing stems weigh 1).
        cutoff: rapidfuzz `ratio` a counterpart needs.
        min_overlap: Weighted overlap (0-1) a counterpart needs.

    Returns:
        min(left sentences matched, right sentences matched).
    """
    if not left.keys or not right.keys:
        return 0
    scores = process.cdist(left.keys, right.keys, scorer=fuzz.ratio, score_cutoff=cutoff,
                           dtype=np.uint8, workers=-1)  # fmt: skip
    weight_left = [sum(idf.get(t, 1.0) for t in a) for a in left.terms]
    weight_right = [sum(idf.get(t, 1.0) for t in b) for b in right.terms]
    matched_left = np.zeros(len(left.keys), dtype=bool)
    matched_right = np.zeros(len(right.keys), dtype=bool)
    # Row by row, so the work is bounded: a pair whose two sentences are both matched
    # already can add nothing and is not checked, and a sentence is checked against at
    # most `_MAX_COUNTERPARTS` counterparts, its best-scoring ones. Two long versions of
    # one article (thousands of alike sentences) used to check every pair in Python.
    for i in range(len(left.keys)):
        row = scores[i]
        js = np.flatnonzero(row)
        if len(js) > _MAX_COUNTERPARTS:
            js = js[np.argsort(-row[js], kind="stable")[:_MAX_COUNTERPARTS]]
        a = left.terms[i]
        for j in js.tolist():
            if matched_left[i] and matched_right[j]:
                continue
            total = weight_left[i] + weight_right[j]
            if (
                total
                and 2 * sum(idf.get(t, 1.0) for t in a & right.terms[j]) >= min_overlap * total
            ):
                matched_left[i] = matched_right[j] = True
    return int(min(matched_left.sum(), matched_right.sum()))


def expressions(phrases: Iterable[str]) -> int:
    """How many independent expressions a set of phrases holds: the phrases that share no
    word with one another, taken greedily in sorted order. 'jaish al', 'al izza' and
    'bashar al' count once; eight phrases all naming one place ('gorfivo cost',
    'debate gorfivo'...) count once, so one shared name is never enough."""
    used: set[str] = set()
    count = 0
    for phrase in sorted(phrases):
        words = phrase.split(" ")
        if used.isdisjoint(words):
            used.update(words)
            count += 1
    return count


def group_stories(
    articles: Sequence[Article],
    *,
    candidates: int = 10,
    min_shared_sentences: int = 3,
    sentence_cutoff: float = 80.0,
    min_words: int = 4,
    min_expressions: int = 6,
    min_phrase_share: float = 0.04,
    common_share: float = 0.02,
) -> tuple[Story, ...]:
    """Group articles into stories (see the module docstring for the method).

    Args:
        articles: The articles of a folder.
        candidates: Partners per article checked for shared sentences.
        min_shared_sentences: Strongly matching sentences that make two articles one
            story (an article with fewer countable sentences needs half of them).
        sentence_cutoff: rapidfuzz `ratio` (0-100) of a strong sentence match.
        min_words: Shorter sentences are not counted as shared.
        min_expressions: Independent distinctive expressions that make two articles one
            story.
        min_phrase_share: Share of the smaller article's phrases the shared distinctive
            phrases must make up as well.
        common_share: Phrases carried by more than max(10, this share of the articles)
            are not distinctive.

    Returns:
        The stories, each article in exactly one, ordered by their first article.
    """
    n = len(articles)
    uf = _UnionFind(n)
    links: list[tuple[int, StoryLink]] = []

    def join(i: int, j: int, reason: LinkReason, sentences: int, shared: int) -> None:
        if uf.union(i, j):
            link = StoryLink(articles[i].name, articles[j].name, reason, sentences, shared)
            links.append((i, link))

    first_of: dict[tuple[str, ...], int] = {}
    for i, a in enumerate(articles):
        key = tuple(s.norm for s in a.sentences) or (a.text.strip(),)
        if key in first_of:
            join(first_of[key], i, "duplicate", len(a.sentences), 0)
        else:
            first_of[key] = i

    stems: dict[str, str] = {}
    profiles = [_profile(a, min_words, stems) for a in articles]
    phrase_sets = [p.phrases for p in profiles]
    vocab: dict[str, int] = {}
    doc_ids = [
        np.array(sorted(vocab.setdefault(p, len(vocab)) for p in ps), dtype=np.int64)
        for ps in phrase_sets
    ]
    sizes = np.array([len(ps) for ps in phrase_sets], dtype=np.int64)
    all_ids = np.concatenate([*doc_ids, np.zeros(0, np.int64)])
    postings = np.repeat(np.arange(n), sizes)[np.argsort(all_ids, kind="stable")]
    df = np.bincount(all_ids, minlength=len(vocab))
    starts = np.concatenate([[0], np.cumsum(df)])
    rare = max(10, int(common_share * n))
    distinctive = [{p for p in ps if df[vocab[p]] <= rare} for ps in phrase_sets]

    checks: list[tuple[int, int, int]] = []  # (-phrases shared, i, j)
    for i in range(n):
        ids = doc_ids[i]
        ids = ids[(df[ids] >= 2) & (df[ids] <= _MAX_POSTING)]
        shared = _count(postings, starts, ids, n)
        distinct = _count(postings, starts, ids[df[ids] <= rare], n)
        shared[i] = distinct[i] = 0
        enough = np.minimum(sizes, sizes[i]) * min_phrase_share
        for j in np.flatnonzero((distinct >= min_expressions) & (distinct >= enough)):
            if j > i and expressions(distinctive[i] & distinctive[j]) >= min_expressions:
                join(i, int(j), "phrases", 0, int(distinct[j]))
        top = np.argsort(-shared, kind="stable")[:candidates]
        checks.extend(
            (-int(shared[j]), min(i, int(j)), max(i, int(j))) for j in top if shared[j] >= 2
        )
    term_df = Counter(t for p in profiles for t in p.vocabulary)
    idf = {t: 1.0 + math.log((n + 1) / (c + 0.5)) for t, c in term_df.items()}
    for _, one, other in sorted(set(checks)):
        if uf.find(one) == uf.find(other):
            continue
        count = shared_sentences(profiles[one], profiles[other], idf, cutoff=sentence_cutoff)
        fewest = min(len(profiles[one].keys), len(profiles[other].keys))
        if count and count >= min(min_shared_sentences, (fewest + 1) // 2):
            join(one, other, "sentences", count, len(distinctive[one] & distinctive[other]))

    members: dict[int, list[int]] = {}
    for i in range(n):
        members.setdefault(uf.find(i), []).append(i)
    return tuple(
        Story(
            tuple(articles[i] for i in idx), tuple(link for k, link in links if uf.find(k) == root)
        )
        for root, idx in sorted(members.items(), key=lambda kv: kv[1][0])
    )


def _count(postings: np.ndarray, starts: np.ndarray, ids: np.ndarray, n: int) -> np.ndarray:
    """For each article, how many of the phrases `ids` it carries."""
    if not len(ids):
        return np.zeros(n, dtype=np.int64)
    hits = np.concatenate([postings[starts[p] : starts[p + 1]] for p in ids])
    return np.bincount(hits, minlength=n)
