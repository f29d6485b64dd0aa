"""The compare screen: two articles side by side, the pair list, loading and aligning.

Owns the state of the session: which pair is shown, which way round, the pinned
article, boilerplate on or off, the active pane, the search. Loading and aligning run
in thread workers (`reader.ui.screens.loading`) that post messages
(`reader.ui.messages`); the handlers here store the results and update the widgets.
Comparisons are cached per (left, right) pair.

Pair order and orientation are those of `reader.ui.ranking`. The pair shown first is
the one asked for (`--left`/`--right`), else, with an index, the most similar pair of its
first story, else the first two files. A pair's text shows, unaligned (`reader.ui.draft`),
as soon as both its articles are read; its comparison replaces it once aligned, while
the other pairs are compared in the background. Its place in the ranked list ("pair 3
of 10") is known once every pair is compared, or, with an index, once its similarities
are read.

Once the articles are read and grouped into stories, n/p and the pair picker offer the
pairs of the current story only: the story of the pair shown (of its left article when
`--left`/`--right` asked for two articles of different stories: the status line then
says "different stories"). Opening a pair of another story (from the overview, or a
note) switches to that story.

The user's notes (reading, writing, markers, the notes list) are the job of the base
class, `reader.ui.screens.noting.NotingScreen`.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, ClassVar, Literal

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal
from textual.content import Content
from textual.reactive import reactive
from textual.widgets import Input, Static

from reader.ui.ranking import PairBook, PairKey, RankedPairs
from reader.ui.screens.loading import PairLoading
from reader.ui.status import Status
from reader.ui.stops import FILTER_NAMES, FILTERS, Filter, Stop
from reader.ui.textmap import plain
from reader.ui.widgets.footer import Footer
from reader.ui.widgets.minimap import MiniMap
from reader.ui.widgets.pane import PaneHeader
from reader.ui.widgets.sidebyside import SideBySide

if TYPE_CHECKING:
    from reader.index.read import IndexView

Side = Literal["left", "right"]

PICKER_ROWS = 2_000
"""Most pairs the pair picker lists (the best ranked): 10,000 files make 50 million."""
LOADING_DELAY = 0.25
"""Seconds before the loading indicator shows: a pair read faster never flashes it."""
SEARCH_PROMPT = "Search both panes: Enter for the next match, Escape to close"
"""The search field's placeholder."""


class CompareScreen(PairLoading):
    """Two articles side by side, and every pair of the folder one key away.

    | Key | Action |
    | :- | :- |
    | n / p | Next / previous pair (of the story shown) |
    | P | Pick a pair of the story shown from the list |
    | o | Overview of the story: coverage, numbers, pairs |
    | tab | Switch the active pane |
    | s | Swap sides |
    | l | Pin the active pane's article (on the left): n/p cycle the other; again to unpin |
    | b | Show or hide boilerplate |
    | v | Switch layout: aligned rows / reading order |
    | d / D | Next / previous differing number, on into the story's other pairs |
    | f / F | Filter the rows: the next filter / show every row |
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
            "Pin",
            show=False,
            id="pair-pin",
            tooltip="Keep the active pane's article (on the left); n/p cycle the other",
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
            "d",
            "next_number",
            "Next ≠",
            id="number-next",
            tooltip="Jump to the next differing number (on into the story's next pairs)",
        ),
        Binding(
            "D",
            "previous_number",
            "Prev ≠",
            show=False,
            id="number-previous",
            tooltip="Jump to the previous differing number (back into earlier pairs)",
        ),
        Binding(
            "f",
            "next_filter",
            "Filter",
            id="filter-next",
            tooltip="Show only differing numbers, what one side alone has, or changed rows "
            "(each press the next; F, listed while a filter is on, shows every row again)",
        ),
        Binding(
            "F",
            "clear_filter",
            "All rows",
            id="filter-clear",
            tooltip="Show every row again (a filter is on)",
        ),
        Binding(
            "v",
            "toggle_layout",
            "Layout",
            id="layout-toggle",
            tooltip="Switch between aligned rows and reading order (each article in its own "
            "order, meeting at linked sentences)",
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
    reading: reactive[bool] = reactive(False)
    """Reading order (each pane in its article's order) instead of aligned rows."""
    filter: reactive[Filter] = reactive("all", bindings=True)
    """Which rows the panes show (`reader.ui.stops.FILTERS`)."""
    active_side: reactive[Side] = reactive("left")
    """The pane that side-specific keys act on."""

    def __init__(
        self,
        files: tuple[Path, ...],
        *,
        first: PairKey | None = None,
        opening: PairKey | None = None,
        max_bytes: int,
        index: IndexView | None = None,
    ) -> None:
        super().__init__()
        self.book = PairBook(files)
        """Articles, failures, comparisons and scores received so far."""
        self.max_bytes = max_bytes
        """Largest file read."""
        self.index = index
        """The index fresh for the files (`reader.index.read`), None to read and align."""
        self.current: PairKey = first or opening or (files[0], files[1])
        """The pair shown (or about to be), as ranked; `swapped` turns it round."""
        self.requested = first
        """The pair asked for on the command line, shown as given."""
        self.finished = False
        """Every file read and every pair compared."""
        self._status_due = False

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
    def search_box(self) -> Input | None:
        """The search field, once `/` has opened it (the first frame does without it)."""
        boxes = self.query("#search")
        return boxes.first(Input) if boxes else None

    def compose(self) -> ComposeResult:
        with Horizontal(id="headers"):
            yield PaneHeader("left", id="left-header")
            yield Static("", id="header-divider")
            yield PaneHeader("right", id="right-header")
            yield Static("", id="header-gutter")
        with Horizontal(id="body"):
            view = SideBySide(id="panes").data_bind(
                CompareScreen.show_boilerplate, CompareScreen.reading, CompareScreen.filter
            )
            yield view
            yield MiniMap(view, id="minimap")
        yield Static("", id="filter-bar")
        yield Static("", id="status")
        yield Footer(deferred=True)  # its ~10 key widgets after the pair's first frame

    def on_mount(self) -> None:
        self.headers[0].active = True
        self.set_timer(LOADING_DELAY, self._still_loading)
        self.side_by_side.focus()
        self._update_status()
        as_given = self.requested is not None
        shown = self.show_first_indexed(self.current, as_given=as_given)
        if shown:  # the rest waits for the first frame anyway: no thread started before it
            self.call_after_refresh(self.load, self.book.files, self.current,
                                    as_given=as_given, shown=shown)  # fmt: skip
        else:
            self.load(self.book.files, self.current, as_given=as_given)
        self.call_after_refresh(self.start_notes)  # read once the first pair is painted

    def _still_loading(self) -> None:
        """Show the loading indicator if the first pair's text is not up yet."""
        self.show_keys()
        self.collect_again()  # a slow first pair (10,000 files) is no start to keep short
        view = self.side_by_side
        if view.view_model is None and not self.finished:
            view.loading = True

    @on(SideBySide.PanesResized)
    def _panes_resized(self, message: SideBySide.PanesResized) -> None:
        self._update_status()  # the status line fits its items to the new width
        left, right = self.headers
        left.styles.width, right.styles.width = message.left, message.right
        self.layout_hint = self.side_by_side.layout_options

    # Pairs

    def story(self) -> int | None:
        """The current story (an index into `book.stories`), None before grouping."""
        if self.pinned is not None:
            return self.book.home(self.pinned)
        return self.book.home(*self.current)

    def crossed(self) -> bool:
        """The pair shown joins articles of two different stories."""
        a, b = (self.book.story_of.get(path) for path in self.current)
        return a is not None and b is not None and a != b

    def pairs(self) -> RankedPairs:
        """The pairs of readable articles of the current story, ranked (only those with the
        pinned one, if any); every pair before grouping. Kept by the book until a
        comparison, a failure or the stories change it: asking is cheap."""
        return self.book.pairs(pinned=self.pinned, story=self.story())

    def _listed(self) -> bool:
        """The pair shown is in the pair list (not across stories, nor an unreadable file)."""
        return self.current in self.pairs()

    def view_key(self) -> PairKey:
        """The (left, right) files as shown, after swapping."""
        if self.requested is not None and set(self.requested) == set(self.current):
            left, right = self.requested
        else:
            left, right = self.book.oriented(*self.current, pinned=self.pinned)
        return (right, left) if self.swapped else (left, right)

    def _sync_index(self) -> None:
        """Put `pair_index` on the shown pair after the ranking moved."""
        keys = self.pairs()
        if self.current in keys:
            self.set_reactive(CompareScreen.pair_index, keys.index(self.current))

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
                self._show_draft(key)
                self.align(self.book.articles[key[0]], self.book.articles[key[1]])
        else:
            self.side_by_side.loading = False
            notes = self.note_marks(comparison)
            self.side_by_side.show(comparison, keep_position=keep_position, notes=notes)
            self.first_pair_shown()
            self.finish_jump()
        self._update_status()

    def _update_status(self) -> None:
        """Have the status line rewritten once the messages queued now are handled: a
        flood of them (10,000 files read, each a message) rewrites it once, not each time."""
        if not self._status_due:
            self._status_due = True
            self.call_later(self._write_status)

    def _write_status(self) -> None:
        self._status_due = False
        view = self.side_by_side if self.is_mounted else None
        keys = self.pairs()
        book = self.book
        story = self.story()
        status = Status(
            view.comparison if view else None,
            self.pair_index,
            len(keys),
            story=(story, len(book.stories))
            if story is not None and book.stories is not None and len(book.stories) > 1
            else None,
            crossed=self.crossed(),
            loaded=(book.settled(), len(book.files)) if book.settled() < len(book.files) else None,
            ranked=None if self.finished or not keys else (keys.scored, len(keys)),
            pinned=book.label(self.pinned) if self.pinned else None,
            boilerplate=self.show_boilerplate,
            reading=self.reading,
            match=view.match_index if view else None,
            matches=len(view.matches) if view and view.search else None,
            # Links made or removed by hand are corrections, not notes: not counted.
            notes=sum(n.motivation != "linking" for n in self.notes_here()) if view else 0,
            notes_off=self.notes_state == "off",
        )
        width = self.status.content_region.width
        self.status.update(Content(status.fit(width) if width > 0 else status.text()))

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

    def _go(self, index: int) -> None:
        """Show the pair at `index` of the list, even when `pair_index` is that already
        (the pair shown may be outside the list: across stories)."""
        before = self.pair_index
        self.pair_index = index
        if self.pair_index == before and not self._listed():
            self.watch_pair_index(self.pair_index)

    def action_next_pair(self) -> None:
        self._go(self.pair_index + 1 if self._listed() else 0)

    def action_previous_pair(self) -> None:
        self._go(self.pair_index - 1 if self._listed() else -1)

    def action_pick_pair(self) -> None:
        def picked(index: int | None) -> None:
            if index is not None:
                self._go(index)

        from reader.ui.screens.pairs import PairPicker

        story, stories = self.story(), self.book.stories
        heading = None
        if story is not None and stories is not None and len(stories) > 1:
            heading = f"Pairs of story {story + 1} of {len(stories)}"
        keys = self.pairs()
        current = self.pair_index if self._listed() and self.pair_index < PICKER_ROWS else None
        if len(keys) > PICKER_ROWS:
            heading = f"{heading or 'Pairs'}: the first {PICKER_ROWS:,} of {len(keys):,}"
        picker = PairPicker(self.book.rows(keys[:PICKER_ROWS]), current, heading=heading)
        self.app.push_screen(picker, picked)

    def action_overview(self) -> None:
        from reader.ui.screens.overview import OverviewScreen  # numpy: when asked
        from reader.ui.screens.overview_loading import PairJump

        def chosen(jump: PairJump | None) -> None:
            if jump is not None:
                self.open_pair(*jump)

        story, stories = self.story(), self.book.stories
        current = self.view_key()[0]
        if story is not None and stories is not None:
            current = stories[story].articles[0].path
        screen = OverviewScreen(self.book, current=current, fetch=self.fetch_pairs)
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
        # The note's pair may be of another story: look in every pair, then switch to it.
        key = next(
            (key for keys in (self.pairs(), self.book.pairs(pinned=self.pinned))
             if (key := _holding(keys, want)) is not None),
            None,
        )  # fmt: skip
        if key is None:  # an article of the note could not be read
            self.finish_jump()
            return
        self.current, self.requested = key, None
        self.set_reactive(CompareScreen.swapped, False)
        self._sync_index()
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
            left, right = self.view_key()
            pinned = left if self.active_side == "left" else right
            self.active_side = "left"  # the pinned article is shown on the left
            self.pinned = pinned
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

    def watch_show_boilerplate(self, show: bool) -> None:
        if self.is_mounted:
            # The panes' own copy (data-bound) may not have changed yet: lay out ahead
            # with the new setting, or every pair laid out ahead is laid out again.
            self.layout_hint = self.side_by_side.layout_options[0], show, self.reading
            self._update_status()

    def action_next_number(self) -> None:
        self._jump_across("number", 1)

    def action_previous_number(self) -> None:
        self._jump_across("number", -1)

    def _jump_across(self, stop: Stop, step: int) -> None:
        """Jump to the next `stop` in the pair, else on into the next pairs of the story
        (in list order, wrapping round once) that have one."""
        view = self.side_by_side
        if view.jump(stop, step, quiet=True):
            return
        keys = self.pairs()
        start = self.pair_index if self._listed() else (-1 if step > 0 else 0)
        for k in range(1, len(keys) + 1):
            index = (start + k * step) % len(keys) if keys else 0
            key = keys[index]
            found = self.book.comparisons
            comparison = found.get(key) or found.get((key[1], key[0]))
            if comparison is None and self.book.differing.get(frozenset(key)):
                comparison = self.stored_now(*key)  # the index says it has one: fetch it
                if comparison is not None:
                    self.book.add(comparison)
            if comparison is None or not any(
                n.differs for row in comparison.rows for n in row.numbers
            ):
                continue
            if index == self.pair_index and self._listed() and k < len(keys):
                continue
            same = index == self.pair_index and self._listed()
            self._go(index)
            if view.first_stop(stop, last=step < 0):
                where = "the story's only pair with one" if same else f"pair {index + 1}"
                self.notify(f"Differing numbers: {where}", timeout=2)
                return
        self.notify("No differing numbers in this story's pairs", timeout=2)

    def action_next_filter(self) -> None:
        self.filter = FILTERS[(FILTERS.index(self.filter) + 1) % len(FILTERS)]

    def action_clear_filter(self) -> None:
        self.filter = "all"

    def action_set_filter(self, which: str) -> None:
        if which in FILTERS:
            self.filter = which  # type: ignore[assignment]

    def watch_filter(self, which: Filter) -> None:
        bar = self.query_one("#filter-bar", Static)
        bar.display = which != "all"
        if which != "all":
            bar.update(
                Content(f"Filter: {FILTER_NAMES[which]} · f next filter · F every row")
            )
        self._update_status()

    def action_toggle_layout(self) -> None:
        self.reading = not self.reading

    def watch_reading(self, reading: bool) -> None:
        if self.is_mounted:
            self.layout_hint = self.side_by_side.layout_options[0], self.show_boilerplate, reading
            self._update_status()

    def action_search(self) -> None:
        box = self.search_box
        if box is None:
            box = Input(placeholder=SEARCH_PROMPT, id="search")
            self.mount(box, before=self.status)
        box.display = True
        box.focus()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if not self.is_mounted:
            return True
        if action == "close_search":
            box = self.search_box
            return box is not None and box.display
        if action == "clear_filter":
            return self.filter != "all"
        if action in ("next_pair", "previous_pair"):
            keys = self.pairs()
            # None: shown, but disabled. Across stories, the one pair of the story is news.
            return True if len(keys) > 1 or (keys and not self._listed()) else None
        return True

    def action_close_search(self) -> None:
        box = self.search_box
        if box is not None:
            box.value = ""
            box.display = False
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


def _holding(keys: RankedPairs, want: set[Path]) -> PairKey | None:
    """The first pair of `keys` holding the files wanted (one or two)."""
    if len(want) == 2:
        return keys[keys.index(tuple(want))] if tuple(want) in keys else None
    if len(want) == 1:
        return keys.first_with(next(iter(want)))
    return keys[0] if keys else None
