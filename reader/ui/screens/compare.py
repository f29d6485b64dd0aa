"""The compare screen: two articles side by side, the pair list, loading and aligning.

Owns the state of the session: which pair is shown, which way round, the pinned
article, boilerplate on or off, the active pane, the search. Loading and aligning run
in thread workers that post messages (`reader.ui.messages`); the handlers here store the
results and update the widgets. Comparisons are cached per (left, right) pair.

Pair order and orientation are those of `reader.ui.ranking`. The pair shown first is
the one asked for (`--left`/`--right`), else the first two files; it appears as soon as
it is aligned, while the other pairs are compared in the background. Its place in the
ranked list ("pair 3 of 10") is known once every pair is compared.

The user's notes (reading, writing, markers, the notes list) are the job of the base
class, `reader.ui.screens.noting.NotingScreen`.
"""

from __future__ import annotations

from itertools import combinations
from pathlib import Path
from typing import ClassVar, Literal

from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal
from textual.content import Content
from textual.reactive import reactive
from textual.widgets import Footer, Input, Static
from textual.worker import Worker, WorkerState, get_current_worker

from reader.core.article import load_article
from reader.core.compare import compare
from reader.core.errors import ReaderError
from reader.core.model import Article
from reader.ui.messages import ArticleFailed, ArticleLoaded, LoadFinished, PairAligned
from reader.ui.ranking import PairBook, PairKey, orient
from reader.ui.screens.noting import NotingScreen
from reader.ui.screens.overview import OverviewScreen, PairJump
from reader.ui.screens.pairs import PairPicker
from reader.ui.status import Status
from reader.ui.textmap import plain
from reader.ui.widgets.pane import PaneHeader
from reader.ui.widgets.sidebyside import SideBySide

Side = Literal["left", "right"]


class CompareScreen(NotingScreen):
    """Two articles side by side, and every pair of the folder one key away.

    | Key | Action |
    | :- | :- |
    | n / p | Next / previous pair |
    | P | Pick a pair from the list |
    | o | Overview of the story: coverage, numbers, pairs |
    | tab | Switch the active pane |
    | s | Swap sides |
    | l | Pin the left article: n/p cycle the right one |
    | b | Show or hide boilerplate |
    | / | Search both panes (Enter: next match, Escape: close) |
    """

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("n", "next_pair", "Next pair", id="pair-next", tooltip="Show the next pair"),
        Binding(
            "p", "previous_pair", "Prev pair", id="pair-previous", tooltip="Show the previous pair"
        ),
        Binding("P", "pick_pair", "Pairs", id="pair-pick", tooltip="Pick a pair from the list"),
        Binding(
            "o",
            "overview",
            "Overview",
            id="story-overview",
            show=False,
            tooltip="The whole story: facts by outlet, numbers across outlets, every pair",
        ),
        Binding(
            "tab",
            "switch_side",
            "Pane",
            show=False,
            id="pane-switch",
            tooltip="Make the other pane active",
        ),
        Binding("s", "swap", "Swap", id="pair-swap", tooltip="Swap the left and right articles"),
        Binding(
            "l",
            "pin",
            "Pin left",
            show=False,
            id="pair-pin",
            tooltip="Keep the left article; n/p cycle the right one",
        ),
        Binding(
            "b",
            "toggle_boilerplate",
            "Boilerplate",
            show=False,
            id="boilerplate-toggle",
            tooltip="Show or hide boilerplate (ads, notices, headlines)",
        ),
        Binding(
            "slash", "search", "Search", key_display="/", id="search", tooltip="Search both panes"
        ),
        Binding("escape", "close_search", "Close search", show=False, id="search-close"),
    ]

    pair_index: reactive[int] = reactive(0, init=False)
    """Position of the shown pair in the ranked pair list."""
    swapped: reactive[bool] = reactive(False, init=False)
    """Show the shown pair the other way round from its ranking orientation."""
    pinned: reactive[Path | None] = reactive(None, init=False)
    """The article kept on the left while n/p cycle the right one."""
    show_boilerplate: reactive[bool] = reactive(False)
    """Boilerplate shown dimmed in place (else left out)."""
    active_side: reactive[Side] = reactive("left")
    """The pane that side-specific keys act on."""

    def __init__(
        self, files: tuple[Path, ...], *, first: PairKey | None = None, max_bytes: int
    ) -> None:
        super().__init__()
        self.book = PairBook(files)
        """Articles, failures, comparisons and scores received so far."""
        self.max_bytes = max_bytes
        """Largest file read."""
        self.current: PairKey = first or (files[0], files[1])
        """The pair shown (or about to be), as ranked; `swapped` turns it round."""
        self.requested = first
        """The pair asked for on the command line, shown as given."""
        self.finished = False
        """Every file read and every pair compared."""

    # Widgets

    @property
    def side_by_side(self) -> SideBySide:
        """The two panes."""
        return self.query_one(SideBySide)

    @property
    def headers(self) -> tuple[PaneHeader, PaneHeader]:
        """The left and right pane headers."""
        return self.query_one("#left-header", PaneHeader), self.query_one(
            "#right-header", PaneHeader
        )

    @property
    def status(self) -> Static:
        """The status line of the pair."""
        return self.query_one("#status", Static)

    @property
    def search_box(self) -> Input:
        """The search field."""
        return self.query_one("#search", Input)

    def compose(self) -> ComposeResult:
        with Horizontal(id="headers"):
            yield PaneHeader("left", id="left-header")
            yield Static("", id="header-divider")
            yield PaneHeader("right", id="right-header")
            yield Static("", id="header-gutter")
        yield SideBySide(id="panes").data_bind(CompareScreen.show_boilerplate)
        yield Input(
            placeholder="Search both panes: Enter for the next match, Escape to close", id="search"
        )
        yield Static("", id="status")
        yield Footer()

    def on_mount(self) -> None:
        self.headers[0].active = True
        self.side_by_side.loading = True
        self.side_by_side.focus()
        self._update_status()
        self.load(self.book.files, self.current, as_given=self.requested is not None)
        self.start_notes()

    @on(SideBySide.PanesResized)
    def _panes_resized(self, message: SideBySide.PanesResized) -> None:
        left, right = self.headers
        left.styles.width, right.styles.width = message.left, message.right

    # Workers: call the core, post messages, never touch widgets.

    @work(thread=True, exclusive=True, group="load", exit_on_error=False)
    def load(self, files: tuple[Path, ...], first: PairKey, *, as_given: bool) -> None:
        """Read every file, align the first pair, then every other pair.

        Args:
            files: Every article file.
            first: The pair to read and align first.
            as_given: Keep `first` the way round it is (else the likely original goes left).
        """
        worker = get_current_worker()
        loaded: dict[Path, Article] = {}
        for path in sorted(files, key=lambda p: p not in first):
            if worker.is_cancelled:
                return
            try:
                loaded[path] = load_article(path, max_bytes=self.max_bytes)
            except ReaderError as error:
                self.post_message(ArticleFailed(path, error.message))
                continue
            self.post_message(ArticleLoaded(loaded[path]))
            if path in first and all(p in loaded for p in first):
                left, right = (loaded[p] for p in first)
                if not as_given:
                    left, right = orient(left, right)
                self.post_message(PairAligned(compare(left, right)))
        for a, b in combinations([p for p in files if p in loaded], 2):
            if worker.is_cancelled:
                return
            if {a, b} != set(first):
                self.post_message(PairAligned(compare(*orient(loaded[a], loaded[b]))))
        self.post_message(LoadFinished())

    @work(thread=True, exclusive=True, group="align", exit_on_error=False)
    def align(self, left: Article, right: Article) -> None:
        """Align one pair the user asked for before the background got to it."""
        self.post_message(PairAligned(compare(left, right)))

    @on(Worker.StateChanged)
    def _worker_failed(self, event: Worker.StateChanged) -> None:
        if event.state == WorkerState.ERROR:
            error = event.worker.error
            message = (
                error.message
                if isinstance(error, ReaderError)
                else f"{type(error).__name__}: {error}"
            )
            self.notify(plain(message), title="Failed", severity="error", markup=False)
            self.side_by_side.loading = False

    # Results

    @on(ArticleLoaded)
    def _article_loaded(self, message: ArticleLoaded) -> None:
        self.book.articles[message.article.path] = message.article
        for notice in message.article.notices:
            self.notify(plain(f"{message.article.name}: {notice}"), markup=False, timeout=4)
        self._update_status()

    @on(ArticleFailed)
    def _article_failed(self, message: ArticleFailed) -> None:
        self.book.failed[message.path] = message.message
        self.notify(plain(message.message), title="Cannot load", severity="error", markup=False)
        if message.path in self.current:
            keys = self.pairs()
            if keys:
                self.current, self.requested = keys[0], None
        self._update_status()

    @on(PairAligned)
    def _pair_aligned(self, message: PairAligned) -> None:
        comparison = message.comparison
        key = self.book.add(comparison)
        self._sync_index()
        if self.view_key() == key and self.side_by_side.comparison is not comparison:
            self._display()
        self._update_status()

    @on(LoadFinished)
    def _load_finished(self) -> None:
        self.finished = True
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
        self._sync_index()
        self._update_status()

    # Pairs

    def pairs(self) -> list[PairKey]:
        """Every pair of readable articles, ranked (only those with the pinned one, if any)."""
        return self.book.pairs(pinned=self.pinned)

    def view_key(self) -> PairKey:
        """The (left, right) files as shown, after swapping."""
        if self.requested is not None and set(self.requested) == set(self.current):
            left, right = self.requested
        else:
            left, right = self.book.oriented(*self.current, pinned=self.pinned)
        return (right, left) if self.swapped else (left, right)

    def _sync_index(self) -> None:
        """Put `pair_index` on the shown pair after the ranking moved."""
        for i, key in enumerate(self.pairs()):
            if set(key) == set(self.current):
                self.set_reactive(CompareScreen.pair_index, i)
                return

    def _display(self, *, keep_position: bool = False) -> None:
        key = self.view_key()
        comparison = self.book.comparisons.get(key)
        left_header, right_header = self.headers
        left_header.set_article(self.book.articles.get(key[0]))
        right_header.set_article(self.book.articles.get(key[1]))
        if comparison is None:
            self.side_by_side.loading = True
            self.side_by_side.show(None)
            if all(p in self.book.articles for p in key):
                self.align(self.book.articles[key[0]], self.book.articles[key[1]])
        else:
            self.side_by_side.loading = False
            notes = self.note_marks(comparison)
            self.side_by_side.show(comparison, keep_position=keep_position, notes=notes)
            self.finish_jump()
        self._update_status()

    def _update_status(self) -> None:
        view = self.side_by_side if self.is_mounted else None
        keys = self.pairs()
        book = self.book
        status = Status(
            view.comparison if view else None,
            self.pair_index,
            len(keys),
            loaded=(book.settled(), len(book.files)) if book.settled() < len(book.files) else None,
            ranked=None
            if self.finished or not keys
            else (sum(frozenset(k) in book.scores for k in keys), len(keys)),
            pinned=book.label(self.pinned) if self.pinned else None,
            boilerplate=self.show_boilerplate,
            match=view.match_index if view else None,
            matches=len(view.matches) if view and view.search else None,
            notes=len(self.notes_here()) if view else 0,
            notes_off=self.notes_state == "off",
        )
        self.status.update(Content(status.text()))

    # Actions

    def validate_pair_index(self, index: int) -> int:
        count = len(self.pairs())
        return index % count if count else 0

    def watch_pair_index(self, index: int) -> None:
        keys = self.pairs()
        if keys:
            self.current, self.requested = keys[index], None
            self.set_reactive(CompareScreen.swapped, False)
            self._display()

    def action_next_pair(self) -> None:
        self.pair_index += 1

    def action_previous_pair(self) -> None:
        self.pair_index -= 1

    def action_pick_pair(self) -> None:
        def picked(index: int | None) -> None:
            if index is not None:
                self.pair_index = index

        self.app.push_screen(PairPicker(self.book.rows(self.pairs()), self.pair_index), picked)

    def action_overview(self) -> None:
        def chosen(jump: PairJump | None) -> None:
            if jump is not None:
                self.open_pair(*jump)

        screen = OverviewScreen(self.book, current=self.view_key()[0])
        self.app.push_screen(screen, chosen)

    def open_pair(self, left: Path, right: Path, row: int | None = None) -> None:
        """Show a pair the way round given, the cursor on a row of its comparison.

        Args:
            left: The file shown on the left (a pinned file not in the pair is unpinned).
            right: The file shown on the right.
            row: Index into the comparison's rows, None for the top.
        """
        if self.pinned is not None and self.pinned not in (left, right):
            self.set_reactive(CompareScreen.pinned, None)
        self.current = self.requested = (left, right)
        self.set_reactive(CompareScreen.swapped, False)
        self._sync_index()
        self._display()
        view = self.side_by_side
        block = view.view_model.block_of_row(row) if view.view_model and row is not None else None
        if block is not None:
            view.move_to(block, jump=True)

    def show_pair_of(self, paths: tuple[Path, ...]) -> None:
        want = set(paths[:2])
        if want <= set(self.view_key()):
            self.finish_jump()
            return
        if self.pinned is not None and self.pinned not in want:
            self.set_reactive(CompareScreen.pinned, None)
        index = next((i for i, key in enumerate(self.pairs()) if want <= set(key)), None)
        if index is None:  # an article of the note could not be read
            self.finish_jump()
            return
        self.current, self.requested = self.pairs()[index], None
        self.set_reactive(CompareScreen.swapped, False)
        self.set_reactive(CompareScreen.pair_index, index)
        self._display()

    def notes_changed(self) -> None:
        if self.is_mounted:
            self._update_status()

    def action_switch_side(self) -> None:
        self.pane_chosen = True
        self.active_side = "right" if self.active_side == "left" else "left"

    def watch_active_side(self, side: Side) -> None:
        left, right = self.headers
        left.active, right.active = side == "left", side == "right"

    def action_swap(self) -> None:
        self.swapped = not self.swapped

    def watch_swapped(self) -> None:
        self._display(keep_position=True)

    def action_pin(self) -> None:
        if self.pinned is None:
            self.pinned = self.view_key()[0]
        else:
            self.pinned = None

    def watch_pinned(self, pinned: Path | None) -> None:
        if pinned is not None:
            self.current, self.requested = self.view_key(), None
            self.set_reactive(CompareScreen.swapped, False)
        self._sync_index()
        self._display(keep_position=True)
        self.notify(
            f"Pinned {plain(self.book.articles[pinned].label)}: n/p change the right article"
            if pinned is not None
            else "Unpinned",
            markup=False,
            timeout=3,
        )

    def action_toggle_boilerplate(self) -> None:
        self.show_boilerplate = not self.show_boilerplate

    def watch_show_boilerplate(self) -> None:
        if self.is_mounted:
            self._update_status()

    def action_search(self) -> None:
        self.search_box.display = True
        self.search_box.focus()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if not self.is_mounted:
            return True
        if action == "close_search":
            return self.search_box.display
        if action in ("next_pair", "previous_pair"):
            return True if len(self.pairs()) > 1 else None  # None: shown, but disabled
        return True

    def action_close_search(self) -> None:
        self.search_box.value = ""
        self.search_box.display = False
        self.side_by_side.focus()

    @on(Input.Changed, "#search")
    def _search_changed(self, event: Input.Changed) -> None:
        self.side_by_side.search = event.value
        self._update_status()

    @on(Input.Submitted, "#search")
    def _search_submitted(self) -> None:
        if self.side_by_side.next_match() is None and self.side_by_side.search:
            self.notify("No match", timeout=2)
        self._update_status()
