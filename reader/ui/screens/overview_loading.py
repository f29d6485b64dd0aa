"""The overview screen's waiting and workers: until the compare screen's book holds every
article and every comparison of a story, a timer looks at it and reports progress; then
thread workers group the articles into stories and build the story's overview
(`reader.story.stories`, `reader.story.coverage`) and post the results.

The comparisons come from the compare screen's background load, which aligns every pair
within a story; when it will not (an index: pairs are fetched when needed; or the load
is over and a correction made a story with pairs never compared), the screen asks the
compare screen for the story's missing pairs (`fetch`), once per story shown.

`OverviewLoading` is the base of `OverviewScreen` (as `PairLoading` is of the compare
screen): it owns no widgets; the subclass shows progress (`_progress`) and handles the
messages. Its grouping is reported with the compare screen's `ArticlesGrouped`; the
other worker messages live here, not in `reader.ui.messages`: only the overview uses them.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from itertools import combinations
from pathlib import Path

from textual import on, work
from textual.message import Message
from textual.screen import Screen
from textual.timer import Timer
from textual.worker import Worker, WorkerState

from reader.core.model import Article, Comparison
from reader.story.corrections import regroup
from reader.story.coverage import Overview, build_overview
from reader.story.stories import Story
from reader.ui.messages import ArticlesGrouped, failure_message
from reader.ui.overview_model import StoryView
from reader.ui.ranking import PairBook
from reader.ui.textmap import plain

PairJump = tuple[Path, Path, int | None]
"""What the screen dismisses with: (left file, right file, comparison row or None)."""
POLL = 0.2
"""Seconds between looks at the book while waiting for articles and comparisons."""


@dataclass
class OverviewBuilt(Message, bubble=False):
    """The overview of one story was built."""

    story: int
    """Index of the story."""
    overview: Overview
    """Its overview."""


class OverviewLoading(Screen[PairJump | None]):
    """Waits for the book, then groups and builds in workers (no widgets of its own)."""

    story_index: int
    """The story shown (the subclass's reactive)."""

    def __init__(
        self,
        book: PairBook,
        *,
        current: Path | None = None,
        fetch: Callable[[list[tuple[Path, Path]]], bool] | None = None,
    ) -> None:
        super().__init__()
        self.book = book
        """The compare screen's articles and comparisons (filled as workers report)."""
        self.current = current
        """An article of the pair shown: its story is shown first."""
        self.fetch = fetch
        """Asks the compare screen to make the comparisons of these pairs (into the book);
        False when its background load will (`PairLoading.fetch_pairs`)."""
        self._fetched: int | None = None
        """The story whose missing pairs were asked for."""
        self.stories: tuple[Story, ...] | None = None
        """The stories, once grouped."""
        self.view: StoryView | None = None
        """The shown story's overview, once built."""
        self._grouping = False
        self._building: int | None = None
        self._timer: Timer | None = None

    def _progress(self, text: str) -> None:
        raise NotImplementedError

    def _comparisons(self, story: Story) -> dict[tuple[str, str], Comparison]:
        """The cached comparisons of the story's pairs, one per pair, keyed by names."""
        paths = {a.path for a in story.articles}
        found: dict[tuple[str, str], Comparison] = {}
        for (left, right), comparison in self.book.comparisons.items():
            key = (comparison.left.name, comparison.right.name)
            if left in paths and right in paths and key[::-1] not in found:
                found[key] = comparison
        return found

    def _poll(self) -> None:
        book = self.book
        if self.stories is None:
            if book.settled() < len(book.files):
                self._progress(f"Reading articles {book.settled()}/{len(book.files)}\u2026")
            elif not self._grouping:
                self._grouping = True
                articles, left_out = _named_once(
                    [book.articles[p] for p in book.files if p in book.articles]
                )
                for note in left_out:
                    self.notify(plain(note), title="Overview", severity="warning", markup=False)
                if book.stories is not None and not left_out:  # the loader grouped them
                    self.post_message(ArticlesGrouped(book.stories))
                    return
                self._progress("Grouping the articles into stories\u2026")
                self.group(articles)
            return
        if self.view is not None or self._building == self.story_index:
            return
        story = self.stories[self.story_index]
        comparisons = self._comparisons(story)
        total = len(story.articles) * (len(story.articles) - 1) // 2
        if len(comparisons) < total:
            if self.fetch is not None and self._fetched != self.story_index:
                missing = [(a.path, b.path) for a, b in combinations(story.articles, 2)
                           if (a.name, b.name) not in comparisons
                           and (b.name, a.name) not in comparisons]  # fmt: skip
                if self.fetch(missing):
                    self._fetched = self.story_index
            self._progress(f"Comparing pairs {len(comparisons)}/{total}\u2026")
            return
        self._building = self.story_index
        self._progress("Building the overview\u2026")
        self.build(self.story_index, story, comparisons)

    @work(thread=True, exclusive=True, group="overview-stories", exit_on_error=False)
    def group(self, articles: tuple[Article, ...]) -> None:
        """Group the articles into stories, the user's corrections applied."""
        from reader.store.corrections import corrections_for

        corrections, problems = corrections_for([a.path for a in articles])
        corrected = regroup(articles, corrections)
        for line in [*problems, *corrected.skipped]:
            self.app.call_from_thread(
                self.notify, plain(line), title="Stories", severity="warning", markup=False
            )
        self.post_message(ArticlesGrouped(corrected.stories))

    @work(thread=True, exclusive=True, group="overview-build", exit_on_error=False)
    def build(
        self, index: int, story: Story, comparisons: dict[tuple[str, str], Comparison]
    ) -> None:
        """Build the overview of one story from its cached comparisons."""
        self.post_message(OverviewBuilt(index, build_overview(story.articles, comparisons)))

    @on(Worker.StateChanged)
    def _worker_failed(self, event: Worker.StateChanged) -> None:
        if event.state == WorkerState.ERROR:
            message = failure_message(event.worker.error)
            self.notify(plain(message), title="Overview failed", severity="error", markup=False)
            self._progress("The overview could not be built.")


def _named_once(articles: list[Article]) -> tuple[tuple[Article, ...], list[str]]:
    """The articles whose file name no earlier one has, and a notice for each left out.

    The overview (like `reader report`) tells articles apart by file name: two files
    called the same in different folders would be one column.
    """
    kept: dict[str, Article] = {}
    left_out = []
    for article in articles:
        first = kept.setdefault(article.name, article)
        if first is not article:
            left_out.append(f"{article.path}: left out of the overview "
                            f"(another article is named {article.name})")  # fmt: skip
    return tuple(kept.values()), left_out
