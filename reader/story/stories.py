"""Group the articles of a folder into stories: which articles report the same event.

Owns the story grouping and a story's title. The method, in three steps:

1. **Evidence** (`reader.story.evidence`): each article becomes a TF-IDF vector of its
   words, names and figures (years, dates, numbers), weighted against the folder, so an
   event's own names and figures weigh most and the words of its kind of event
   (earthquake, verdict) little.
2. **Candidates** (`reader.story.cluster.neighbours`): an inverted index gives each
   article its best partners by cosine; 10,000 articles never compare all pairs.
3. **Average linkage** (`reader.story.cluster.average_linkage`): groups merge while the
   average similarity of all their cross pairs reaches `threshold` and, for two groups of
   several articles each, `cohesion` of the lower of their own internal averages: one
   shared phrase never joins two stories, and two tight sibling events (two victories
   of one team, four years apart) stay apart. The number of stories is not given.
   Then a group of one or two articles (a one-sentence report, a page of wire copy) joins
   the larger story its three nearest members are in, when they are near enough on
   average (`cluster.attach_small`): short items meet few words of a long story.
4. **Again**, with each term weighed down by how many of these groups carry it
   (`evidence.reweight_by_stories`): words of wire furniture or of a kind of event are
   in many stories, an event's names in one.

Identical articles (the same sentences) are one item before clustering, so copies are
always together. The grouping does not depend on the order of the files: the work is done
in the order of the file names.

On ECB+ topics 1-35 (772 texts, 66 events in pairs of siblings) the event B-cubed F1 is
0.93 (`bench/bench_stories.py ecb`; a TF-IDF average-linkage baseline: 0.87).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Literal

import numpy as np

from reader.core.model import Article
from reader.story.cluster import attach_small, average_linkage, neighbours
from reader.story.evidence import (
    Evidence,
    Vectors,
    evidence_of,
    reweight_by_stories,
    spread_factor,
    vectorize_bags,
)

LinkReason = Literal["duplicate", "similar"]

THRESHOLD = 0.12
"""Average cosine two groups need to merge (chosen on ECB+ topics 1-35)."""
COHESION = 0.7
"""Share of the lower internal average two groups of several articles need (same)."""
CEILING = 0.4
"""Internal averages above this count as this in the cohesion test (same)."""
ATTACH = 0.15
"""Average over its three nearest members a group of one or two articles needs to join a
larger story (`cluster.attach_small`; chosen on ECB+ 1-35 and the mixed folder)."""


@dataclass(frozen=True)
class StoryLink:
    """Why an article is in its story: its closest partner there."""

    left: str
    """File name of one article."""
    right: str
    """File name of the other."""
    reason: LinkReason
    """'duplicate' (the same sentences) or 'similar' (the same names, figures and words)."""
    similarity: float
    """Cosine of the two articles' vectors (0-1; 1.0 for duplicates)."""


@dataclass(frozen=True)
class Story:
    """Articles about one event."""

    articles: tuple[Article, ...]
    """The articles, in the order they were given."""
    links: tuple[StoryLink, ...] = ()
    """For each article but the central one, its closest partner in the story."""
    central: str | None = None
    """File name of the most central article (highest average similarity to the others)."""
    corrections: tuple[str, ...] = ()
    """The user's corrections that shaped this story, one line each ('moved a.txt to the
    story of b.txt'); empty for a story as grouped."""

    @property
    def names(self) -> tuple[str, ...]:
        """The file names of the articles."""
        return tuple(a.name for a in self.articles)

    @property
    def title(self) -> str:
        """The headline of the most central article that has one (a title found above
        its body: a wire's headline, not a paper's opening line), else the first line that
        reads as words of the most central, else a file name."""
        first = self.central or (self.names[0] if self.articles else "")
        ordered = sorted(self.articles, key=lambda a: a.name != first)
        for titled_only in (True, False):
            for article in ordered:
                line = headline(article, titled_only=titled_only)
                if line:
                    return line
        return first


_LETTERS = re.compile(r"[^\W\d_]{2}")


def headline(article: Article, *, titled_only: bool = False) -> str | None:
    """An article's headline: its title, else its first line that reads as words.

    A line of dashes, a bare number or date, or the file name is never a headline.

    Args:
        article: A loaded article.
        titled_only: Only a title found above the body (no opening line instead).

    Returns:
        The headline, or None when the article has none.
    """
    candidates = [article.metadata.title or ""]
    if not titled_only:
        candidates += article.text.split("\n", 20)[:20]
    stem_name = article.path.stem
    for line in candidates:
        line = " ".join(line.split())
        if (
            len(_LETTERS.findall(line)) >= 2
            and line not in (article.name, stem_name)
            and len(line) <= 300
        ):
            return line
    return None


@dataclass(frozen=True)
class Grouped:
    """One story found by `group_evidence`, as positions in the list it was given."""

    members: tuple[int, ...]
    """The articles, ascending (the order they were given)."""
    links: tuple[tuple[int, int, LinkReason, float], ...]
    """(article, partner, reason, similarity): why each article but the centre is here."""
    central: int
    """The most central article."""


def group_stories(
    articles: Sequence[Article],
    *,
    threshold: float = THRESHOLD,
    cohesion: float = COHESION,
    candidates: int = 60,
) -> tuple[Story, ...]:
    """Group articles into stories (see the module docstring for the method).

    Args:
        articles: The articles of a folder.
        threshold: Average cosine two groups need to merge.
        cohesion: Share of the lower internal average two groups of several articles need.
        candidates: Partners per article kept from the inverted index.

    Returns:
        The stories, each article in exactly one, ordered by their first article.
    """
    found, _ = group_evidence(
        [evidence_of(a) for a in articles],
        threshold=threshold, cohesion=cohesion, candidates=candidates,
    )  # fmt: skip
    return tuple(story_of(articles, g) for g in found)


def story_of(articles: Sequence[Article], grouped: Grouped) -> Story:
    """The `Story` of one group found by `group_evidence` over these articles."""
    name = [a.name for a in articles]
    links = tuple(StoryLink(name[i], name[j], reason, sim) for i, j, reason, sim in grouped.links)
    return Story(tuple(articles[i] for i in grouped.members), links, name[grouped.central])


@dataclass(frozen=True)
class Frozen:
    """What a grouping weighed its articles with, kept so that articles added later can
    be placed under the same weights (`reader.story.placement`)."""

    heads: tuple[int, ...]
    """One article per set of identical ones (positions in the items), as `vectors` rows."""
    vectors: Vectors
    """The heads' vectors of the final pass (its terms, document frequencies and rows)."""
    factor: np.ndarray
    """Each term's spread factor of the final pass (`evidence.spread_factor`)."""
    groups: int
    """How many groups the first pass found (the spread of a term never seen)."""


def group_evidence(
    items: Sequence[Evidence],
    *,
    bags: Callable[[Sequence[int]], Iterable[Mapping[str, float]]] | None = None,
    threshold: float = THRESHOLD,
    cohesion: float = COHESION,
    candidates: int = 60,
) -> tuple[tuple[Grouped, ...], Frozen | None]:
    """Group articles, given as their evidence (computed once per article), into stories.

    What `group_stories` does, on what it reads of each article: the index keeps the
    evidence, so regrouping a corpus never reads an article again.

    Args:
        items: Each article's evidence.
        bags: Gives the term counts of the items at these positions, in that order, when
            the items do not hold them (read twice: a large corpus is streamed, not held).

    Returns:
        The stories as positions in `items`, each in exactly one, ordered by their first;
        and what the grouping weighed with (None for no items), which the index keeps to
        place articles added later (`reader.story.placement`).
    """
    n = len(items)
    if not n:
        return (), None
    # Work in the order of the names, so the order the files came in changes nothing.
    order = sorted(range(n), key=lambda i: (items[i].name, items[i].path))
    first_of: dict[str, int] = {}
    copy_of: dict[int, int] = {}
    heads: list[int] = []  # one article per set of identical ones
    for i in order:
        key = items[i].copy_key
        if key in first_of:
            copy_of[i] = first_of[key]
        else:
            first_of[key] = i
            heads.append(i)
    if bags is None:
        vectors = vectorize_bags([items[i].terms or {} for i in heads])
    else:
        vectors = vectorize_bags(lambda: bags(heads))
    groups: list[list[int]] = []
    factor = np.ones(len(vectors.df))
    first = 0
    for _ in range(2):  # a first grouping, then again with terms weighed by their spread
        if groups:
            first = len(groups)
            factor = spread_factor(vectors, groups)
            vectors = reweight_by_stories(vectors, groups, factor=factor)
        edges = neighbours(vectors, k=candidates)
        groups = average_linkage(
            len(heads), edges, threshold=threshold, cohesion=cohesion, ceiling=CEILING
        )
        groups = attach_small(groups, edges, threshold=ATTACH)
    groups = _join_filings(
        groups, [items[i].filing for i in heads], [items[i].sentences for i in heads]
    )
    members_of = {i: [i] for i in heads}
    for i, original in copy_of.items():
        members_of[original].append(i)
    found = [_grouped([heads[g] for g in group], group, edges, members_of) for group in groups]
    frozen = Frozen(tuple(heads), vectors, factor, first)
    return tuple(sorted(found, key=lambda g: g.members[0])), frozen


def _join_filings(
    groups: list[list[int]], filings: Sequence[tuple[str, ...] | None], sizes: Sequence[int]
) -> list[list[int]]:
    """Pages of one wire filing brought into one group: the group of its longest page
    (the story itself; a continuation page has a few sentences). Only the pages move,
    never the rest of their groups."""
    group_of = {i: k for k, g in enumerate(groups) for i in g}
    pages: dict[tuple[str, ...], list[int]] = {}
    for i in sorted(group_of):
        if filings[i] is not None:
            pages.setdefault(filings[i], []).append(i)
    moved = [list(g) for g in groups]
    for items in pages.values():
        home = group_of[max(items, key=lambda i: (sizes[i], -i))]
        for i in items:
            if group_of[i] != home:
                moved[group_of[i]].remove(i)
                moved[home].append(i)
    return sorted((sorted(g) for g in moved if g), key=lambda g: g[0])


def _grouped(
    heads: list[int],
    group: list[int],
    edges: dict[tuple[int, int], float],
    members_of: dict[int, list[int]],
) -> Grouped:
    """A story from one cluster: its members, their links, its centre."""
    k = len(group)
    sims = np.zeros((k, k))
    for x in range(k):
        for y in range(x + 1, k):
            sims[x, y] = sims[y, x] = edges.get((group[x], group[y]), 0.0)
    # The central article: highest average similarity to the others, weighted by how
    # many identical copies each stands for; ties go to the first name.
    weight = np.array([len(members_of[h]) for h in heads], dtype=float)
    score = sims @ weight
    centre = int(np.argmax(score)) if k > 1 else 0
    links: list[tuple[int, int, LinkReason, float]] = []
    for x, h in enumerate(heads):
        for copy in members_of[h][1:]:
            links.append((h, copy, "duplicate", 1.0))
        if x != centre and k > 1:
            y = int(np.argmax(np.where(np.arange(k) == x, -1.0, sims[x])))
            links.append((h, heads[y], "similar", round(float(sims[x, y]), 4)))
    every = tuple(sorted(i for h in heads for i in members_of[h]))
    return Grouped(every, tuple(links), heads[centre])
