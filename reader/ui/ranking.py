"""Which pairs to show first, and which article goes on the left.

Kept simple on purpose, and pure (no Textual):

* **Similarity** of a pair is the share of sentences that found a counterpart: linked
  sentences on both sides over all sentences on both sides (0.0 to 1.0).
* **Order**: pairs by similarity, highest first (the most informative comparisons: the
  same story told twice, where every difference means something); ties and pairs not
  compared yet keep the order of the files.
* **Orientation**: the likely original goes on the left: the earlier publication date
  when both are known and differ, else the longer article (more body sentences), else
  the file that comes first.
* **Stories**: once the articles are grouped (`reader.core.stories`, in the loading
  worker), the pairs offered are those within one story; before that, every pair.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from itertools import combinations
from pathlib import Path
from typing import TYPE_CHECKING

from reader.core.model import Article, Comparison
from reader.ui.textmap import plain

if TYPE_CHECKING:  # grouping imports numpy: the worker imports it, not the interface
    from reader.core.stories import Story

PairKey = tuple[Path, Path]
"""A pair as (left file, right file)."""
PairRow = tuple[float | None, str, str, str, str]
"""(similarity or None when not compared yet, left label, right label, left file, right file)."""


def similarity(comparison: Comparison) -> float:
    """Share of sentences, both sides together, that have a counterpart."""
    total = len(comparison.left.sentences) + len(comparison.right.sentences)
    if not total:
        return 0.0
    linked = sum(len(r.left) + len(r.right) for r in comparison.rows if r.left and r.right)
    return linked / total


def orient(a: Article, b: Article) -> tuple[Article, Article]:
    """The two articles as (left, right): the likely original on the left."""
    if a.metadata.date and b.metadata.date and a.metadata.date != b.metadata.date:
        return (a, b) if a.metadata.date < b.metadata.date else (b, a)
    if len(a.sentences) != len(b.sentences):
        return (a, b) if len(a.sentences) > len(b.sentences) else (b, a)
    return a, b


def rank(
    keys: Iterable[PairKey], scores: Mapping[frozenset[Path], float], order: Mapping[Path, int]
) -> list[PairKey]:
    """Pairs by similarity, highest first; unknown scores last; ties in file order.

    Args:
        keys: The pairs, each already oriented.
        scores: Similarity of the pairs compared so far, keyed by the two files.
        order: Position of each file in the folder.

    Returns:
        The pairs in display order.
    """
    return sorted(
        keys,
        key=lambda k: (-scores.get(frozenset(k), -1.0), order.get(k[0], 0), order.get(k[1], 0)),
    )


class PairBook:
    """What is known about the folder so far: articles, failures, comparisons, scores.

    The compare screen fills it from worker messages and asks it for the ranked pairs.
    """

    def __init__(self, files: Sequence[Path]) -> None:
        self.files = tuple(files)
        """Every article file, in folder order."""
        self.articles: dict[Path, Article] = {}
        """Articles loaded so far."""
        self.failed: dict[Path, str] = {}
        """Files that could not be read, with why."""
        self.comparisons: dict[PairKey, Comparison] = {}
        """Every comparison made, by (left file, right file)."""
        self.scores: dict[frozenset[Path], float] = {}
        """Similarity of every pair compared, by its two files."""
        self.order = {path: i for i, path in enumerate(self.files)}
        """Position of each file in the folder."""
        self.stories: tuple[Story, ...] | None = None
        """The stories the read articles form, None until every file is read and grouped."""
        self.story_of: dict[Path, int] = {}
        """Index into `stories` of each grouped file."""

    def group(self, stories: tuple[Story, ...]) -> None:
        """Keep the stories the articles form: from now on, pairs are offered per story."""
        self.stories = stories
        self.story_of = {a.path: i for i, s in enumerate(stories) for a in s.articles}

    def home(self, *paths: Path) -> int | None:
        """The story to offer pairs from for these files (a pair shown, or a pinned file).

        The story of the first file that has a pair in its story, else the first story
        with a pair; None before grouping, or when no story has two readable articles
        (then every pair is offered, as before grouping).
        """
        if self.stories is None:
            return None
        sizes = [0] * len(self.stories)
        for path, index in self.story_of.items():
            if path not in self.failed:
                sizes[index] += 1
        for path in paths:
            index = self.story_of.get(path)
            if index is not None and sizes[index] >= 2:
                return index
        return next((i for i, size in enumerate(sizes) if size >= 2), None)

    def add(self, comparison: Comparison) -> PairKey:
        """Keep a comparison and its similarity; returns its (left, right) key."""
        key = (comparison.left.path, comparison.right.path)
        self.comparisons[key] = comparison
        self.scores[frozenset(key)] = similarity(comparison)
        return key

    def oriented(self, a: Path, b: Path, *, pinned: Path | None = None) -> PairKey:
        """The pair as (left, right): the pinned file left, else the likely original."""
        if pinned in (a, b):
            return (a, b) if a == pinned else (b, a)
        if a in self.articles and b in self.articles:
            left, right = orient(self.articles[a], self.articles[b])
            return left.path, right.path
        return (a, b) if self.order[a] <= self.order[b] else (b, a)

    def pairs(self, *, pinned: Path | None = None, story: int | None = None) -> list[PairKey]:
        """Every pair of readable files, ranked.

        Args:
            pinned: Only this file's pairs.
            story: Only pairs within this story (an index into `stories`), None for all.

        Returns:
            The pairs, each oriented, in display order.
        """
        live = [f for f in self.files if f not in self.failed]
        if story is not None:
            live = [f for f in live if self.story_of.get(f) == story or f == pinned]
        if pinned is not None:
            keys = [(pinned, other) for other in live if other != pinned]
        else:
            keys = [self.oriented(a, b) for a, b in combinations(live, 2)]
        return rank(keys, self.scores, self.order)

    def settled(self) -> int:
        """How many files are read or failed."""
        return len(self.articles) + len(self.failed)

    def label(self, path: Path) -> str:
        """The article's short name: outlet when known, else the file name."""
        article = self.articles.get(path)
        return plain(article.label) if article else plain(path.name)

    def rows(self, keys: Iterable[PairKey]) -> list[PairRow]:
        """What the pair picker lists for each pair."""
        return [
            (
                self.scores.get(frozenset(k)),
                self.label(k[0]),
                self.label(k[1]),
                k[0].name,
                k[1].name,
            )
            for k in keys
        ]
