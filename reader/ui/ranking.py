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
* **Stories**: once the articles are grouped (`reader.story.stories`, in the loading
  worker), the pairs offered are those within one story; before that, every pair.
* **Scores known ahead**: an index holds every pair's similarity; the book takes them
  all at once (`PairBook.score`) and ranks those pairs as if compared, while their
  comparisons are fetched only when shown.
"""

from __future__ import annotations

import bisect
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, overload

from reader.align.pairs import orient, similarity
from reader.core.model import Article, Comparison
from reader.ui.textmap import plain

if TYPE_CHECKING:  # grouping imports numpy: the worker imports it, not the interface
    from reader.story.stories import Story

PairKey = tuple[Path, Path]
"""A pair as (left file, right file)."""
PairRow = tuple[float | None, str, str, str, str]
"""(similarity or None when not compared yet, left label, right label, left file, right file)."""


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


Entry = tuple[float, int, int, PairKey]
"""A compared pair as it sorts: (-similarity, left's order, right's order, (left, right))."""


class RankedPairs(Sequence[PairKey]):
    """The pairs of some files, ranked, without listing them: compared pairs first, by
    similarity (as `rank`), then the pairs not compared yet in file order.

    10,000 files make 50 million pairs: the pairs not compared yet are found by their
    number (the combinations of the files, in order, less the compared ones), so length,
    indexing and `index` cost a logarithm, and a comparison received is put in its place
    (`add`) instead of ranking the list anew.
    """

    def __init__(
        self,
        files: Sequence[Path],
        orient: Callable[[Path, Path], PairKey],
        *,
        ranked: Iterable[Entry] = (),
        scored: int | None = None,
    ) -> None:
        """
        Args:
            files: The files paired, in folder order.
            orient: Gives a pair not compared yet as (left, right).
            ranked: The head of the list, sorted: the compared pairs of `files` (or, with
                `files` empty, a whole list ranked already).
            scored: How many pairs of the list are compared (all of `ranked` if None).
        """
        self.files = tuple(files)
        self._orient = orient
        self._position = {path: i for i, path in enumerate(self.files)}
        self._head: list[Entry] = list(ranked)
        self._entry = {frozenset(entry[3]): entry for entry in self._head}
        self._skipped = sorted(self._number(*entry[3]) for entry in self._head if self.files)
        self._scored = scored

    @property
    def scored(self) -> int:
        """How many pairs of the list are compared."""
        return len(self._head) if self._scored is None else self._scored

    def add(self, entry: Entry) -> None:
        """Put a pair just compared in its place, if it is a pair of `files` (the book's job)."""
        pair = frozenset(entry[3])
        if pair in self._entry or not self.files or not pair <= self._position.keys():
            return
        self._entry[pair] = entry
        bisect.insort(self._head, entry)
        bisect.insort(self._skipped, self._number(*entry[3]))

    def _number(self, a: Path, b: Path) -> int:
        """The pair's position among all pairs of `files` in order (i < j)."""
        i, j = sorted((self._position[a], self._position[b]))
        return i * len(self.files) - i * (i + 1) // 2 + (j - i - 1)

    def _pair(self, number: int) -> tuple[Path, Path]:
        n = len(self.files)
        lo, hi = 0, n - 2  # the largest i whose first pair's number is <= number
        while lo < hi:
            mid = (lo + hi + 1) // 2
            if mid * n - mid * (mid + 1) // 2 <= number:
                lo = mid
            else:
                hi = mid - 1
        i = lo
        j = number - (i * n - i * (i + 1) // 2) + i + 1
        return self.files[i], self.files[j]

    def __len__(self) -> int:
        n = len(self.files)
        return len(self._head) + n * (n - 1) // 2 - len(self._skipped)

    @overload
    def __getitem__(self, index: int) -> PairKey: ...

    @overload
    def __getitem__(self, index: slice) -> list[PairKey]: ...

    def __getitem__(self, index: int | slice) -> PairKey | list[PairKey]:
        if isinstance(index, slice):
            return [self[i] for i in range(*index.indices(len(self)))]
        if index < 0:
            index += len(self)
        if not 0 <= index < len(self):
            raise IndexError(index)
        if index < len(self._head):
            return self._head[index][3]
        k = index - len(self._head)
        number = k  # the k-th number not skipped: the least fixed point of this step
        while (step := k + bisect.bisect_right(self._skipped, number)) != number:
            number = step
        return self._orient(*self._pair(number))

    def index(self, key: object, start: int = 0, stop: int | None = None) -> int:
        """Position of a pair, either way round.

        Raises:
            ValueError: It is not a pair of these files.
        """
        pair = frozenset(key) if isinstance(key, tuple) else frozenset()
        entry = self._entry.get(pair)
        if entry is not None:
            return bisect.bisect_left(self._head, entry)
        if len(pair) != 2 or not pair <= self._position.keys():
            raise ValueError(f"{key!r} is not listed")
        number = self._number(*pair)
        return len(self._head) + number - bisect.bisect_left(self._skipped, number)

    def first_with(self, path: Path) -> PairKey | None:
        """The first pair of the list holding `path`, None if there is none."""
        found = next((entry[3] for entry in self._head if path in entry[3]), None)
        if found is not None or path not in self._position:
            return found
        places = (self.index((path, other)) for other in self.files if other != path)
        best = min(places, default=None)
        return None if best is None else self[best]

    def __contains__(self, key: object) -> bool:
        try:
            self.index(key)
        except ValueError:
            return False
        return True

    def __iter__(self) -> Iterator[PairKey]:
        yield from (entry[3] for entry in self._head)
        skipped = set(self._skipped)
        n = len(self.files)
        number = 0
        for i in range(n):
            for j in range(i + 1, n):
                if number not in skipped:
                    yield self._orient(self.files[i], self.files[j])
                number += 1


class PairBook:
    """What is known about the folder so far: articles, failures, comparisons, scores.

    The compare screen fills it from worker messages and asks it for the ranked pairs.
    The ranked pairs are kept: a comparison received takes its place in them, and only a
    failure or the stories make them anew, so the status line and the keys can ask for
    them freely.
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
        """Similarity of every pair compared (or scored ahead), by its two files."""
        self.differing: dict[frozenset[Path], int] = {}
        """How many figures differ in each pair scored ahead (`score`), by its two files."""
        self.order = {path: i for i, path in enumerate(self.files)}
        """Position of each file in the folder."""
        self.stories: tuple[Story, ...] | None = None
        """The stories the read articles form, None until every file is read and grouped."""
        self.story_of: dict[Path, int] = {}
        """Index into `stories` of each grouped file."""
        self._members: list[list[Path]] = []
        self._ranked: list[Entry] = []
        """Every compared pair, sorted."""
        self._views: dict[tuple[Path | None, int | None], RankedPairs] = {}
        self._sizes: list[int] | None = None
        self._failures = 0

    def _fresh(self) -> None:
        """Forget the ranked lists when a file failed since they were made."""
        if len(self.failed) != self._failures:
            self._failures = len(self.failed)
            self._views.clear()
            self._sizes = None

    def group(self, stories: tuple[Story, ...]) -> None:
        """Keep the stories the articles form: from now on, pairs are offered per story."""
        self.stories = stories
        self.story_of = {a.path: i for i, s in enumerate(stories) for a in s.articles}
        self._members = [[] for _ in stories]
        for path in self.files:
            if path in self.story_of:
                self._members[self.story_of[path]].append(path)
        self._views.clear()
        self._sizes = None

    def home(self, *paths: Path) -> int | None:
        """The story to offer pairs from for these files (a pair shown, or a pinned file).

        The story of the first file that has a pair in its story, else the first story
        with a pair; None before grouping, or when no story has two readable articles
        (then every pair is offered, as before grouping).
        """
        if self.stories is None:
            return None
        self._fresh()
        if self._sizes is None:
            self._sizes = [sum(p not in self.failed for p in m) for m in self._members]
        sizes = self._sizes
        for path in paths:
            index = self.story_of.get(path)
            if index is not None and sizes[index] >= 2:
                return index
        return next((i for i, size in enumerate(sizes) if size >= 2), None)

    def add(self, comparison: Comparison) -> PairKey:
        """Keep a comparison and its similarity; returns its (left, right) key."""
        key = (comparison.left.path, comparison.right.path)
        self.comparisons[key] = comparison
        pair = frozenset(key)
        if pair in self.scores:
            return key
        # Ties go the way of the folder's order, as for the pairs not compared yet.
        first, second = sorted(
            (comparison.left, comparison.right), key=lambda a: self.order.get(a.path, 0)
        )
        left, right = orient(first, second)
        score = similarity(comparison)
        order = self.order.get(left.path, 0), self.order.get(right.path, 0)
        entry = (-score, *order, (left.path, right.path))
        bisect.insort(self._ranked, entry)
        self.scores[pair] = score
        for (pinned, story), view in list(self._views.items()):
            if pinned is not None:  # ranked in full: made anew when asked
                del self._views[pinned, story]
            else:
                view.add(entry)
        return key

    def score(
        self, scores: Mapping[frozenset[Path], float], differing: Mapping[frozenset[Path], int]
    ) -> None:
        """Rank pairs by similarities known ahead (the index's), before any is compared;
        a pair compared already keeps its own. Orients by the articles read so far."""
        entries = []
        for pair, score in scores.items():
            if pair in self.scores or len(pair) != 2 or not pair <= self.order.keys():
                continue
            first, second = sorted(pair, key=self.order.__getitem__)
            left, right = self.oriented(first, second)
            entries.append((-score, self.order[left], self.order[right], (left, right)))
            self.scores[pair] = score
        self.differing.update(differing)
        self._ranked = sorted([*self._ranked, *entries])
        self._views.clear()

    def oriented(self, a: Path, b: Path, *, pinned: Path | None = None) -> PairKey:
        """The pair as (left, right): the pinned file left, else the likely original."""
        if pinned in (a, b):
            return (a, b) if a == pinned else (b, a)
        if a in self.articles and b in self.articles:
            left, right = orient(self.articles[a], self.articles[b])
            return left.path, right.path
        return (a, b) if self.order[a] <= self.order[b] else (b, a)

    def pairs(self, *, pinned: Path | None = None, story: int | None = None) -> RankedPairs:
        """Every pair of readable files, ranked (kept, and kept in order as comparisons
        come: asking again costs nothing).

        Args:
            pinned: Only this file's pairs.
            story: Only pairs within this story (an index into `stories`), None for all.

        Returns:
            The pairs, each oriented, in display order.
        """
        self._fresh()
        view = self._views.get((pinned, story))
        if view is None:
            view = self._views[pinned, story] = self._view(pinned, story)
        return view

    def _view(self, pinned: Path | None, story: int | None) -> RankedPairs:
        if story is not None and story < len(self._members):
            live = [f for f in self._members[story] if f not in self.failed]
        else:
            live = [f for f in self.files if f not in self.failed]
        if pinned is not None:
            keys = rank(
                [(pinned, other) for other in live if other != pinned], self.scores, self.order
            )
            whole = [(0.0, i, 0, key) for i, key in enumerate(keys)]  # ranked already
            scored = sum(frozenset(key) in self.scores for key in keys)
            return RankedPairs((), self.oriented, ranked=whole, scored=scored)
        chosen = set(live)
        ranked = (entry for entry in self._ranked if {*entry[3]} <= chosen)
        return RankedPairs(live, self.oriented, ranked=ranked)

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
