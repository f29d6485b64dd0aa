"""The compare screen's workers: read the articles, align the pairs, lay them out ahead.

`PairLoading` is a base of `CompareScreen`. Its thread workers call the core and post
`reader.ui.messages`; they never touch widgets. Its handlers keep what the messages bring
in the screen's `PairBook` and show the pair when it arrives. The core (file reading, sentence
splitting, alignment: numpy, rapidfuzz, pysbd...) is imported inside the workers, not
with the interface, so the screen is up while the first pair is still being read.

The first pair comes first. When the app started a prefetch (`reader.ui.prefetch`), a
child process has been reading and aligning it since before Textual was imported: the
worker takes the articles and the comparison from it, and does the work itself only if
the child fails. Its text is painted (unaligned) before aligning it starts
(`draft_shown`); once it is aligned, the workers wait (`first_shown`, at most
`FIRST_WAIT` seconds) until it is painted before reading the other files, aligning the
other pairs or reading the notes, so none of that competes with the first paint for the
interpreter.

Once every file is read, the worker groups the articles into stories
(`reader.story.stories`) and compares only the pairs within a story: pairs across stories
are compared only when the user opens one.

Each comparison is laid out in the worker right after it is aligned (layout is pure), at
the pane width and boilerplate setting the screen last published in `layout_hint`, so
showing a pair, or switching to it, swaps in a ready model instead of laying out
thousands of sentences in the event loop.

With an index fresh for the files (`reader.index.read`, opened by `reader.ui.launch`),
`load` reads nothing and aligns almost nothing: the articles, the stories (the user's
corrections applied as above) and every stored pair's similarity come from the index
(`PairsScored`: the pair picker ranks every pair at once), and a pair's comparison is
taken from the index when it is shown (`_comparison`), or when the overview asks for a
whole story (`fetch_pairs`). A pair the user linked or unlinked sentences of, a pair
the other way round from the stored one (`s`), and a pair the index does not hold (a
story the corrections made) are aligned here, as without an index.
"""

from __future__ import annotations

import gc
import threading
from dataclasses import replace
from itertools import combinations
from pathlib import Path
from typing import TYPE_CHECKING

from textual import on, work
from textual.worker import Worker, WorkerState, get_current_worker

from reader.core.errors import CompareError, ReaderError
from reader.ingest.names import short_names
from reader.core.model import Article, Comparison
from reader.ui.lines import Layout
from reader.ui.messages import (
    ArticleFailed,
    ArticleLoaded,
    ArticlesGrouped,
    IndexStale,
    LoadFinished,
    PairAligned,
    PairsScored,
    failure_message,
)
from reader.ui.ranking import PairKey, RankedPairs, orient
from reader.ui.screens.exporting import ExportingScreen
from reader.ui.textmap import plain
from reader.ui.widgets.footer import Footer
from reader.ui.widgets.pane import PaneHeader

if TYPE_CHECKING:
    from reader.index.read import IndexView  # the attribute `index` is ExportingScreen's
    from reader.ui.prefetch import Prefetch

FIRST_WAIT = 2.0
"""Most seconds the background work waits for the first pair to be painted."""
NOTICES_EACH = 3
"""Notices about articles ("decoded as cp1252", a thin body) shown one by one; the rest
are counted by kind and said in one notice once every file is read. A corpus of
thousands (hundreds of them in cp1252) stacked hundreds of notices in a second, burying
the pair and any other notice (an index out of date)."""


def keep_long_lived() -> None:
    """Take what the app holds now out of the cyclic garbage collector's walks (`gc.freeze`).

    A pair's comparison and layouts are some hundred thousand small objects that stay as long
    as the app. Every full collection walked them all: with three pairs of 1,000-sentence
    articles one took 100-130 ms, a visible stall while scrolling every few dozen keys
    (after this, about 1 ms). Frozen objects are still freed by reference counting when
    dropped; only a reference cycle among them would stay, so the young garbage is
    collected first.
    """
    gc.collect(1)
    gc.freeze()


class PairLoading(ExportingScreen):
    """Reads and aligns in the background (no keys, no widgets of its own)."""

    max_bytes: int
    """Largest file read (set by the subclass)."""
    current: PairKey
    """The pair shown, as ranked (the subclass's state)."""
    requested: PairKey | None
    """The pair asked for on the command line (the subclass's state)."""
    finished: bool
    """Every file read and every pair compared (the subclass's state)."""
    prefetch: Prefetch | None = None
    """The child process reading and aligning the first pair (`reader.ui.prefetch`), set
    by the app before the screen mounts; None to do all the work in the workers."""
    manage_gc = False
    """Resume garbage collection once the first text is painted (`collect_again`) and call
    `keep_long_lived` after each aligned pair (set by the app; see `ReaderApp.manage_gc`)."""

    # The subclass's: the pane headers, the ranked pairs, showing a pair, the status line.

    @property
    def headers(self) -> tuple[PaneHeader, PaneHeader]:
        raise NotImplementedError

    def pairs(self) -> RankedPairs:
        raise NotImplementedError

    def view_key(self) -> PairKey:
        raise NotImplementedError

    def _sync_index(self) -> None:
        raise NotImplementedError

    def _display(self, *, keep_position: bool = False) -> None:
        raise NotImplementedError

    def _update_status(self) -> None:
        raise NotImplementedError

    def __init__(self) -> None:
        super().__init__()
        self.layout_hint: tuple[int, bool, bool] | None = None
        """(pane width, boilerplate shown, reading order) for layouts made ahead; None
        before the first size is known. Written on the event loop, read by the workers."""
        self.first_shown = threading.Event()
        """Set once the first pair is painted (or cannot be): background work may start."""
        self.draft_shown = threading.Event()
        """Set once the first pair's text is painted, unaligned: aligning it may start."""
        self._short_names: dict[str, str] | None = None
        self._notices_shown = 0
        self._notices_held: dict[str, list[str]] = {}
        """Article notices past `NOTICES_EACH`: the files, by the notice's kind."""

    @property
    def short_names(self) -> dict[str, str]:
        """Each file's short name by its name (`reader.ingest.names.short_names`), made
        once: for thousands of files it is a few milliseconds of the start."""
        if self._short_names is None:
            self._short_names = short_names([p.name for p in self.book.files])
        return self._short_names

    def draft_painted(self) -> None:
        """A pair's text is on screen: let the first alignment go, show the keys."""
        if not self.draft_shown.is_set():
            self.call_after_refresh(self.draft_shown.set)
            self.call_after_refresh(self.show_keys)
            self.call_after_refresh(self.collect_again)

    def collect_again(self) -> None:
        """Resume garbage collection, paused for the start (see `ReaderApp.manage_gc`)."""
        if self.manage_gc:
            gc.enable()

    def show_keys(self) -> None:
        """Fill the key bar (left empty until the first pair's text is painted)."""
        for footer in self.query(Footer):
            footer.show_keys()

    def first_pair_shown(self) -> None:
        """The first pair is on screen (or will not be): let the background work go."""
        self.draft_painted()
        if not self.first_shown.is_set():
            self.call_after_refresh(self.first_shown.set)

    def wait_first_shown(self) -> None:
        """In a worker: wait until the first pair is painted (or `FIRST_WAIT` passed)."""
        self.first_shown.wait(FIRST_WAIT)

    def _prefetched(self, first: PairKey) -> dict[Path, Article | str]:
        """The first pair's articles from the prefetch child, if it read that pair."""
        if self.prefetch is None:
            return {}
        if set(self.prefetch.pair) != set(first):
            self.prefetch.close()
            self.prefetch = None
            return {}
        got = self.prefetch.articles()  # blocks in this worker, not in the interface
        if got is None:
            self.prefetch = None
        return got or {}

    def _read(self, path: Path) -> Article | str:
        """Read one article here: the article, or the message saying why not."""
        from reader.ingest.article import load_article  # heavy: pysbd

        try:
            return load_article(path, max_bytes=self.max_bytes)
        except ReaderError as error:
            return error.message

    def _aligned(self, left: Article, right: Article) -> PairAligned:
        """Compare two articles (as given) and lay the result out ahead."""
        comparison = self._comparison(left, right)
        return PairAligned(comparison, *self._lay_out(comparison))

    def _comparison(self, left: Article, right: Article) -> Comparison:
        """The comparison of two articles, as given: the index's when it holds the pair
        that way round and the user has not corrected it, else aligned here."""
        options = self.compare_options(left, right)
        if not options:
            stored = self._stored(left, right)
            if stored is not None:
                return stored
        from reader.align.compare import compare  # heavy: numpy, rapidfuzz

        return compare(left, right, **options)  # type: ignore[arg-type]

    def _stored(self, left: Article, right: Article) -> Comparison | None:
        """The index's comparison of the pair, that way round; None without one."""
        if self.index is None:
            return None
        try:
            return self.index.comparison(left, right)
        except Exception:  # a damaged row (bad blob, sqlite error): align it instead
            return None

    def _lay_out(self, comparison: Comparison) -> tuple[Layout | None, bool, bool]:
        hint = self.layout_hint
        if hint is None:
            return None, False, False
        from reader.ui.layouts import lay_out

        width, boilerplate, reading = hint
        layout = lay_out(comparison, width, boilerplate=boilerplate, reading=reading)
        return layout, boilerplate, reading

    def show_first_indexed(self, first: PairKey, *, as_given: bool) -> dict[Path, Article]:
        """Show the first pair straight from the index, on the event loop, before the
        first frame: its two articles and their stored comparison take about 2 ms to
        decode, less than handing them over from a worker thread (which waits for the
        interface's thread to let go of the interpreter). Returns the articles shown, for
        `load` not to take again; empty when the index does not hold the pair that way
        (not vouched for, unreadable, a correction to apply): `load` does it all then."""
        index = self.index
        if index is None:
            return {}
        short = self.short_names
        shown: dict[Path, Article] = {}
        for path in first:
            try:  # None for a file not vouched for, or that could not be read
                article = index.article(path)
            except Exception:  # a damaged row: the worker reads the file instead
                return {}
            if article is None:
                return {}
            shown[path] = replace(article, short=short.get(path.name))
        left, right = (shown[p] for p in first)
        if not as_given:
            left, right = orient(left, right)
        if self.compare_options(left, right):
            return {}  # the user's corrections to this pair: aligned in the worker
        comparison = self._stored(left, right)
        if comparison is None:
            return {}
        for article in shown.values():
            self.book.articles[article.path] = article
        self._pair_aligned(PairAligned(comparison))
        for article in shown.values():
            self._article_loaded(ArticleLoaded(article))  # notices, status
        return shown

    @work(thread=True, exclusive=True, group="load", exit_on_error=False)
    def load(
        self,
        files: tuple[Path, ...],
        first: PairKey,
        *,
        as_given: bool,
        shown: dict[Path, Article] | None = None,
    ) -> None:
        """Read every file, align the first pair, group the articles into stories, then
        align every other pair within a story.

        Args:
            files: Every article file.
            first: The pair to read and align first.
            as_given: Keep `first` the way round it is (else the likely original goes left).
            shown: The first pair's articles, shown already from the index
                (`show_first_indexed`).
        """
        loaded: dict[Path, Article] = {}
        if self.index is not None:
            stale = self._load_indexed(self.index, files, first, as_given=as_given,
                                       shown=shown or {})  # fmt: skip
            if stale is None:
                return
            loaded = stale  # the first pair, shown from the index: the rest is read
        worker = get_current_worker()
        prefetched = self._prefetched(first)
        short = self.short_names
        for path in sorted(files, key=lambda p: p not in first):
            if worker.is_cancelled:
                return
            if path in loaded:
                continue
            got = prefetched[path] if path in prefetched else self._read(path)
            if isinstance(got, str):
                self.post_message(ArticleFailed(path, got))
                continue
            # One name everywhere for an article without an outlet: its short file name.
            got = replace(got, short=short.get(path.name))
            loaded[path] = got
            self.post_message(ArticleLoaded(got))
            if path in first and all(p in loaded for p in first):
                left, right = (loaded[p] for p in first)
                if not as_given:
                    left, right = orient(left, right)
                self.draft_shown.wait(FIRST_WAIT)  # paint the text first, then import numpy
                comparison = self.prefetch.comparison() if self.prefetch and prefetched else None
                if comparison is not None:  # the child's articles, named as read here
                    comparison = replace(
                        comparison,
                        left=replace(comparison.left, short=short.get(comparison.left.name)),
                        right=replace(comparison.right, short=short.get(comparison.right.name)),
                    )
                if comparison is not None and (comparison.left, comparison.right) == (left, right):
                    self.post_message(PairAligned(comparison, *self._lay_out(comparison)))
                else:  # no prefetch, or it failed: align here
                    self.post_message(self._aligned(left, right))
                self.wait_first_shown()
        if worker.is_cancelled:
            return
        from reader.store.corrections import corrections_for
        from reader.story.corrections import regroup  # heavy: numpy

        corrections, _problems = corrections_for(files)  # the overview reports problems
        stories = regroup([loaded[p] for p in files if p in loaded], corrections).stories
        self.post_message(ArticlesGrouped(stories))
        order = {path: i for i, path in enumerate(files)}
        for story in stories:  # each story's pairs, not every pair: 10,000 files make 50M
            paths = sorted((article.path for article in story.articles), key=order.__getitem__)
            for a, b in combinations(paths, 2):
                if worker.is_cancelled:
                    return
                if {a, b} != set(first):
                    self.post_message(self._aligned(*orient(loaded[a], loaded[b])))
        self.post_message(LoadFinished())

    def _load_indexed(
        self,
        index: IndexView,
        files: tuple[Path, ...],
        first: PairKey,
        *,
        as_given: bool,
        shown: dict[Path, Article],
    ) -> dict[Path, Article] | None:
        """`load` from the index: the first pair's articles and comparison, then every
        article, every stored pair's similarity and the stories; only pairs the index does
        not hold (a story the user's corrections made) are aligned.

        An index opened before its freshness was checked (`reader.ui.launch.plan`: only
        the engine and the first pair's two files were) is checked once the first pair
        is painted, before anything else is taken from it. Out of date, it is dropped with
        a notice (`IndexStale`) and this returns the articles taken so far (the first
        pair's, whose files are unchanged), for `load` to read the others; None when the
        load is done."""
        worker = get_current_worker()
        short = self.short_names
        failed = index.errors()
        loaded: dict[Path, Article] = {}

        def take(path: Path) -> None:
            got: Article | str | None = failed.get(path) or index.article(path)
            if got is None:  # not held (cannot happen in a fresh index): read it
                got = self._read(path)
            if isinstance(got, str):
                self.post_message(ArticleFailed(path, got))
                return
            loaded[path] = replace(got, short=short.get(path.name))
            self.post_message(ArticleLoaded(loaded[path]))

        if shown:
            loaded.update(shown)
        else:
            for path in first:
                take(path)
            if all(path in loaded for path in first):
                left, right = (loaded[p] for p in first)
                if not as_given:
                    left, right = orient(left, right)
                self.post_message(self._aligned(left, right))
        self.wait_first_shown()
        if not index.checked:
            why = index.check(files)
            if why is not None:
                self.post_message(IndexStale(index, why))
                return loaded
        for path in files:
            if worker.is_cancelled:
                return None
            if path not in first:
                take(path)
        scores = index.similarities()
        self.post_message(PairsScored(scores, index.differing()))
        from reader.store.corrections import corrections_for

        corrections, _problems = corrections_for(files)  # the overview reports problems
        articles = [loaded[p] for p in files if p in loaded]
        stories = index.stories(loaded)
        if corrections:
            from reader.story.corrections import apply_corrections

            stories = apply_corrections(articles, stories, corrections).stories  # type: ignore[arg-type]
        self.post_message(ArticlesGrouped(stories))  # type: ignore[arg-type]
        order = {path: i for i, path in enumerate(files)}
        for story in stories:  # pairs the index does not hold: a story corrected by hand
            paths = sorted((a.path for a in story.articles), key=order.__getitem__)  # type: ignore[attr-defined]
            for a, b in combinations(paths, 2):
                if worker.is_cancelled:
                    return None
                if frozenset((a, b)) in scores or {a, b} == set(first):
                    continue
                try:
                    self.post_message(self._aligned(*orient(loaded[a], loaded[b])))
                except CompareError:  # too long to compare (the index gave up on it too)
                    continue
        self.post_message(LoadFinished())
        return None

    def fetch_pairs(self, pairs: list[PairKey]) -> bool:
        """Have the comparisons of these pairs made, for the overview of a story: from the
        index, or aligned, in a worker. False when the background load will make them
        anyway (no index, still loading): nothing started."""
        if self.index is None and not self.finished:
            return False
        articles = self.book.articles
        wanted = [(articles[a], articles[b]) for a, b in pairs if a in articles and b in articles]
        self.make_comparisons(wanted)
        return True

    @work(thread=True, exclusive=True, group="story-pairs", exit_on_error=False)
    def make_comparisons(self, pairs: list[tuple[Article, Article]]) -> None:
        """Post the comparison of each pair (oriented; not laid out: for the overview)."""
        worker = get_current_worker()
        for a, b in pairs:
            if worker.is_cancelled:
                return
            self.post_message(PairAligned(self._comparison(*orient(a, b))))

    def stored_now(self, left: Path, right: Path) -> Comparison | None:
        """On the event loop: the index's comparison of a pair of articles read, that way
        round, when the user has not corrected it (a few milliseconds); else None."""
        articles = self.book.articles
        if left not in articles or right not in articles:
            return None
        a, b = articles[left], articles[right]
        return None if self.compare_options(a, b) else self._stored(a, b)

    @work(thread=True, exclusive=True, group="align", exit_on_error=False)
    def align(self, left: Article, right: Article) -> None:
        """Align one pair the user asked for before the background got to it."""
        self.post_message(self._aligned(left, right))

    # Results: the subclass owns the state they update.

    @on(IndexStale)
    def _index_stale(self, message: IndexStale) -> None:
        """The index opened before its check is out of date: say so, and stop using it
        (the worker reads the files; the pair shown, of files unchanged, stays)."""
        if self.index is message.index:
            self.index = None
            message.index.close()
        self.notify(plain(f"{message.reason}; reading the files instead"), title="Index",
                    severity="warning", markup=False, timeout=12)  # fmt: skip

    @on(Worker.StateChanged)
    def _worker_failed(self, event: Worker.StateChanged) -> None:
        if event.state == WorkerState.ERROR:
            message = failure_message(event.worker.error)
            self.notify(plain(message), title="Failed", severity="error", markup=False)
            self.side_by_side.loading = False
            self.first_pair_shown()

    @on(ArticleLoaded)
    def _article_loaded(self, message: ArticleLoaded) -> None:
        self.book.articles[message.article.path] = message.article
        for notice in message.article.notices:
            if self._notices_shown < NOTICES_EACH:
                self._notices_shown += 1
                self.notify(plain(f"{message.article.name}: {notice}"), markup=False, timeout=4)
            else:
                kind = notice.split(":", 1)[0]
                self._notices_held.setdefault(kind, []).append(message.article.name)
        self._tell_held_notices()
        key = self.view_key()
        if key not in self.book.comparisons and self.side_by_side.comparison is None:
            self._show_draft(key)
        self._update_status()

    def _show_draft(self, key: PairKey) -> None:
        """Show the pair's text unaligned, once both articles are read (aligning follows)."""
        if all(p in self.book.articles for p in key):
            left, right = (self.book.articles[p] for p in key)
            draft = self.side_by_side.draft
            if draft is not None and draft[0] is left and draft[1] is right:
                return  # shown already: keep the reader's place in it
            self.side_by_side.loading = False
            self.side_by_side.show_draft(left, right)
            left_header, right_header = self.headers
            left_header.set_article(left)
            right_header.set_article(right)
            self.draft_painted()

    @on(ArticleFailed)
    def _article_failed(self, message: ArticleFailed) -> None:
        self.book.failed[message.path] = message.message
        self.notify(plain(message.message), title="Cannot load", severity="error", markup=False)
        if message.path in self.current:
            keys = self.pairs()
            if keys:
                self.current, self.requested = keys[0], None
        self._tell_held_notices()
        self._update_status()

    def _tell_held_notices(self) -> None:
        """Once every file is read: one notice for the article notices held back."""
        held = self._notices_held
        if not held or self.book.settled() < len(self.book.files):
            return
        lines = []
        for kind, names in held.items():
            more = "s" if len(names) > 1 else ""
            some = ", ".join(names[:3]) + (", \u2026" if len(names) > 3 else "")
            lines.append(plain(f"{kind}: {len(names):,} file{more} ({some})"))
        total = sum(map(len, held.values()))
        self.notify("\n".join(lines), title=f"{total:,} more notices about articles",
                    markup=False, timeout=10)  # fmt: skip
        held.clear()

    @on(PairsScored)
    def _pairs_scored(self, message: PairsScored) -> None:
        self.book.score(message.scores, message.differing)
        self._sync_index()
        self.refresh_bindings()
        self._update_status()

    @on(ArticlesGrouped)
    def _articles_grouped(self, message: ArticlesGrouped) -> None:
        self.book.group(message.stories)
        self._sync_index()
        self.refresh_bindings()
        self._align_if_left_out()
        self._update_status()

    def _align_if_left_out(self) -> None:
        """Align the pair shown if the background will not: it compares only pairs
        within one story, so a pair the user opened before the grouping split it (or
        after the background finished) would wait for ever."""
        key = self.view_key()
        if key in self.book.comparisons or not all(p in self.book.articles for p in key):
            return
        story_of = self.book.story_of
        if self.finished or story_of.get(key[0]) != story_of.get(key[1]):
            self.align(self.book.articles[key[0]], self.book.articles[key[1]])

    @on(PairAligned)
    def _pair_aligned(self, message: PairAligned) -> None:
        comparison = message.comparison
        if message.layout is not None:
            self.side_by_side.prepared(
                comparison, message.layout, message.boilerplate, message.reading
            )
        key = self.book.add(comparison)
        self._sync_index()
        if self.view_key() == key and self.side_by_side.comparison is not comparison:
            shown = self.side_by_side.comparison
            again = shown is not None and (shown.left.path, shown.right.path) == key
            self._display(keep_position=again)  # aligned again after a correction: stay
            if again:
                self.corrected()
        self._update_status()
        if self.manage_gc:  # once the pair is painted: the collection is no part of its start
            self.call_after_refresh(keep_long_lived)

    @on(LoadFinished)
    def _load_finished(self) -> None:
        self.finished = True
        self.first_pair_shown()
        self.refresh_bindings()
        if len(self.book.articles) < 2:
            self.side_by_side.loading = False
            self.notify(
                "fewer than two articles could be read",
                title="Nothing to compare",
                severity="error",
            )
        elif any(path in self.book.failed for path in self.current):
            self.current, self.requested = self.pairs()[0], None
            self._display()
        else:
            self._align_if_left_out()
        self._sync_index()
        self._update_status()
