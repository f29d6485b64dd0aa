"""The overview screen: one story seen whole. Which outlet carries which fact, which
numbers disagree across outlets, how much every pair shares, and the likely original.

Owns what the overview shows and what Enter on a cell opens; waiting for the compare
screen's `PairBook` and building the overview in workers is its base's
(`reader.ui.screens.overview_loading`). Enter on a cell dismisses the screen with the pair
to open, the way round it is cached, and the comparison row to stand on; the compare
screen shows it.

The styles live in `overview.tcss` beside this module, not in `reader.tcss`: only this
screen uses them.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, ClassVar

from textual import events, on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.content import Content, Span
from textual.reactive import reactive
from textual.widgets import DataTable, Footer, Select, Static, TabbedContent, TabPane

from reader.story.coverage import MARKS, MEANINGS, CellKind, row_at
from reader.ui.messages import ArticlesGrouped
from reader.ui.overview_model import (
    Jump,
    SortOrder,
    StoryView,
    clip,
    coverage_detail,
    fact_jump,
    number_detail,
    origin_lines,
    quantity_jump,
    story_outlets,
    story_title,
    summary,
)

if TYPE_CHECKING:
    from reader.ui.screens.regroup import Regroup
from reader.ui.screens.overview_loading import (
    POLL,
    OverviewBuilt,
    OverviewLoading,
    _named_once,
)
from reader.ui.widgets.overview_table import (
    CELL_STYLES,
    CoverageTable,
    NumbersTable,
    OverviewTable,
    PairMatrix,
    VerbatimTable,
)

_KINDS: tuple[CellKind, ...] = ("same", "reworded", "only", "absent")


class OverviewScreen(OverviewLoading):
    """Coverage, numbers and pairs of one story; Enter on a cell opens its pair.

    | Key | Action |
    | :- | :- |
    | 1 / 2 / 3 | Coverage / Numbers / Pairs |
    | enter | Open the pair of the cell, on its sentence |
    | s | Sort facts by outlets carrying them, or in story order |
    | t | Choose the story (several stories only) |
    | c | Correct the grouping: merge, move an article, split one off, undo |
    | escape, o | Back to the pair view |
    """

    CSS_PATH = "overview.tcss"
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape,o", "close", "Back", id="overview-close", tooltip="Back to the pair view"),
        Binding(
            "1",
            "show_tab('coverage')",
            "Coverage",
            show=False,
            id="overview-coverage",
            tooltip="Which outlet carries which fact",
        ),
        Binding(
            "2",
            "show_tab('numbers')",
            "Numbers",
            show=False,
            id="overview-numbers",
            tooltip="Figures two or more outlets give, discrepancies flagged",
        ),
        Binding(
            "3",
            "show_tab('pairs')",
            "Pairs",
            show=False,
            id="overview-pairs",
            tooltip="Similarity of every pair, and the likely original",
        ),
        Binding(
            "s",
            "toggle_sort",
            "Sort",
            id="overview-sort",
            tooltip="Sort facts by how many outlets carry them, or in story order",
        ),
        Binding("t", "pick_story", "Story", id="overview-story", tooltip="Choose another story"),
        Binding(
            "c",
            "correct_stories",
            "Correct",
            id="overview-correct",
            tooltip="Correct the grouping: merge stories, move an article, undo",
        ),
    ]

    story_index: reactive[int] = reactive(0, init=False)
    """The story shown, an index into `stories`."""
    facts_by: reactive[SortOrder] = reactive("outlets", init=False)
    """Coverage rows by outlets carrying the fact, or in story order."""

    # Widgets

    @property
    def tabs(self) -> TabbedContent:
        """The three tabs."""
        return self.query_one(TabbedContent)

    @property
    def coverage(self) -> CoverageTable:
        """Facts by outlet."""
        return self.query_one(CoverageTable)

    @property
    def numbers(self) -> NumbersTable:
        """Figures by outlet."""
        return self.query_one(NumbersTable)

    @property
    def matrix(self) -> PairMatrix:
        """Similarity of every pair."""
        return self.query_one(PairMatrix)

    @property
    def verbatim(self) -> VerbatimTable:
        """The pairs sharing most text copied."""
        return self.query_one(VerbatimTable)

    @property
    def tables(self) -> tuple[OverviewTable, ...]:
        """Every table."""
        return self.coverage, self.numbers, self.matrix, self.verbatim

    @property
    def story_select(self) -> Select[int]:
        """The story chooser (only when there are several stories)."""
        return self.query_one("#story-select", Select)

    @property
    def status(self) -> Static:
        """Progress, then what the story holds."""
        return self.query_one("#overview-status", Static)

    def compose(self) -> ComposeResult:
        with TabbedContent(id="overview-tabs", initial="coverage"):
            with TabPane("1 Coverage", id="coverage"):
                yield CoverageTable(fixed_columns=2, id="coverage-table")
                yield Static("", id="coverage-detail", classes="overview-detail")
                yield Static("", id="coverage-legend", classes="overview-legend")
            with TabPane("2 Numbers", id="numbers"):
                yield NumbersTable(fixed_columns=2, id="numbers-table")
                yield Static("", id="numbers-detail", classes="overview-detail")
                yield Static(
                    "\u2260 the outlets' figures disagree   \u21b7 a later report: published "
                    "after the others, an update rather than a contradiction",
                    classes="overview-legend",
                )
            with TabPane("3 Pairs", id="pairs"):
                yield Static(
                    Content("Share of sentences with a counterpart (darker: more in common)"),
                    id="matrix-title",
                    classes="overview-title",
                )
                yield PairMatrix(id="matrix")
                yield Static(Content("Most text copied"), classes="overview-title")
                yield VerbatimTable(id="verbatim")
                yield Static("", id="origin")
        yield Static("", id="overview-status")
        yield Footer()

    def on_mount(self) -> None:
        self._legend()
        self.coverage.focus()
        self.app.theme_changed_signal.subscribe(self, lambda _theme: self._refill())
        self._timer = self.set_interval(POLL, self._poll)
        self._poll()

    # Results

    @on(ArticlesGrouped)
    async def _stories_grouped(self, message: ArticlesGrouped) -> None:
        self.stories = message.stories
        if getattr(self, "_regrouped", False):  # after a correction: the pair view's n/p too
            self.book.group(message.stories)
        start = next(
            (i for i, s in enumerate(self.stories) if self.current in {a.path for a in s.articles}),
            0,
        )
        if start != self.story_index:
            self.story_index = start
        else:
            self._poll()
        await self.query("#story-select").remove()  # grouped again after a correction
        if len(self.stories) > 1:
            # Largest stories first, each with its title and outlets.
            by_size = sorted(enumerate(self.stories), key=lambda p: (-len(p[1].articles), p[0]))
            options = [
                (Content(f"Story {i + 1}: {clip(story_title(s), 60)} ({story_outlets(s)})"), i)
                for i, s in by_size
            ]
            select = Select[int](options, allow_blank=False, value=start, id="story-select")
            self.mount(select, before=self.tabs)
        self.refresh_bindings()

    @on(OverviewBuilt)
    def _overview_built(self, message: OverviewBuilt) -> None:
        if self.stories is None or message.story != self.story_index:
            return  # the user chose another story meanwhile
        self._building = None
        self.view = StoryView.of(self.stories[message.story], message.overview)
        if self._timer is not None:
            self._timer.pause()
        self._refill()

    def watch_story_index(self) -> None:
        self.view = None
        self._building = None
        self._fetched = None
        for table in self.tables:
            table.clear(columns=True)
        if self._timer is not None:
            self._timer.resume()
        self._poll()

    def watch_facts_by(self) -> None:
        self._legend()
        if self.view is not None:
            self.coverage.fill(self.view, self.facts_by, self.size.width)

    def on_resize(self, event: events.Resize) -> None:
        if self.view is not None:
            self.coverage.fill(self.view, self.facts_by, event.size.width)
            self.numbers.fill(self.view, event.size.width)

    # Showing

    def _progress(self, text: str) -> None:
        self.status.update(Content(text))

    def _refill(self) -> None:
        for table in self.tables:
            table.forget_styles()
        self._legend()
        if self.view is None or self.stories is None:
            return
        view, width = self.view, self.size.width
        self.coverage.fill(view, self.facts_by, width)
        self.numbers.fill(view, width)
        if not view.overview.quantities:
            self._detail("#numbers-detail", "", "No figure is given by two or more outlets.")
        self.matrix.fill(view)
        self.verbatim.fill(view)
        self._origin()
        self._progress(summary(view, self.story_index, len(self.stories)))

    def _origin(self) -> None:
        assert self.view is not None
        lines = origin_lines(self.view)
        text = "\n".join(lines)
        spans = []
        if self.view.overview.origin is not None:
            cut = lines[0].index(":") + 1
            spans = [
                Span(0, cut, "bold $text-primary"),
                Span(cut, len(lines[0]), "bold"),
                Span(len(text) - len(lines[-1]), len(text), "italic $foreground-muted"),
            ]
        self.query_one("#origin", Static).update(Content(text, spans=spans))

    def _legend(self) -> None:
        order = "outlets carrying it" if self.facts_by == "outlets" else "story order"
        parts = [f"{MARKS[k]} {MEANINGS[k]}" for k in _KINDS]
        text = "   ".join(parts) + f"   \u00b7  facts sorted by {order} (s)"
        spans, at = [], 0
        for kind, part in zip(_KINDS, parts, strict=True):
            spans.append(Span(at, at + 1, CELL_STYLES[kind]))
            at += len(part) + 3
        self.query_one("#coverage-legend", Static).update(Content(text, spans=spans))

    def _detail(self, selector: str, head: str, text: str) -> None:
        content = Content(head + text, spans=[Span(0, len(head), "bold")])
        self.query_one(selector, Static).update(content)

    @on(DataTable.CellHighlighted, "#coverage-table")
    def _coverage_highlighted(self, event: DataTable.CellHighlighted) -> None:
        row, name = event.cell_key.row_key.value, event.cell_key.column_key.value
        if self.view is not None and row is not None:
            self._detail("#coverage-detail", *coverage_detail(self.view, int(row), name))

    @on(DataTable.CellHighlighted, "#numbers-table")
    def _numbers_highlighted(self, event: DataTable.CellHighlighted) -> None:
        row, name = event.cell_key.row_key.value, event.cell_key.column_key.value
        if self.view is not None and row is not None:
            self._detail("#numbers-detail", *number_detail(self.view, int(row), name))

    # Opening a pair

    def _open(self, jump: Jump | None) -> None:
        articles = self.view.articles if self.view else {}
        if jump is None or jump.article not in articles or jump.other not in articles:
            self.notify("No pair to open here", timeout=2)
            return
        a, b = articles[jump.article].path, articles[jump.other].path
        key = (a, b) if (a, b) in self.book.comparisons else (b, a)
        comparison = self.book.comparisons.get(key)
        row = None
        if comparison is not None and jump.sentence is not None:
            row = row_at(comparison, jump.article, jump.sentence)
        self.dismiss((key[0], key[1], row))

    @on(DataTable.CellSelected, "#coverage-table")
    def _coverage_selected(self, event: DataTable.CellSelected) -> None:
        row, name = event.cell_key.row_key.value, event.cell_key.column_key.value
        if self.view is not None and row is not None:
            article = name if name in self.view.articles else None
            self._open(fact_jump(self.view.overview, int(row), article))

    @on(DataTable.CellSelected, "#numbers-table")
    def _numbers_selected(self, event: DataTable.CellSelected) -> None:
        row, name = event.cell_key.row_key.value, event.cell_key.column_key.value
        if self.view is not None and row is not None:
            article = name if name in self.view.articles else None
            self._open(quantity_jump(self.view.overview.quantities[int(row)], article))

    @on(DataTable.CellSelected, "#matrix")
    def _matrix_selected(self, event: DataTable.CellSelected) -> None:
        row, column = event.cell_key.row_key.value, event.cell_key.column_key.value
        articles = self.view.articles if self.view else {}
        if row in articles and column in articles and row != column:
            self._open(Jump(str(row), str(column)))
        else:
            self.notify("Choose a cell of two different articles", timeout=2)

    @on(DataTable.RowSelected, "#verbatim")
    def _verbatim_selected(self, event: DataTable.RowSelected) -> None:
        if event.row_key.value is not None:
            pair = self.verbatim.pairs[int(event.row_key.value)]
            self._open(Jump(pair.left, pair.right))

    # Actions

    def action_close(self) -> None:
        self.dismiss(None)

    def action_show_tab(self, tab: str) -> None:
        self.tabs.active = tab
        # Focus now, not after a refresh (`focus()`): keys typed right after go to this table.
        self.set_focus(
            {"coverage": self.coverage, "numbers": self.numbers, "pairs": self.matrix}[tab]
        )

    @on(TabbedContent.TabActivated)
    def _tab_activated(self) -> None:
        self.refresh_bindings()

    def action_toggle_sort(self) -> None:
        self.facts_by = "story" if self.facts_by == "outlets" else "outlets"

    def action_pick_story(self) -> None:
        self.story_select.focus()
        self.story_select.action_show_overlay()

    def action_correct_stories(self) -> None:
        if self.stories is None:
            return
        from reader.store.corrections import corrections_for
        from reader.ui.screens.regroup import RegroupPicker

        active, _ = corrections_for([a.path for s in self.stories for a in s.articles])
        undo = active[-1].describe() if active else None
        picker = RegroupPicker(self.stories, self.story_index, undo=undo)
        self.app.push_screen(picker, self._corrected)

    def _corrected(self, choice: Regroup | None) -> None:
        """Save the chosen correction in the sidecar, then group again."""
        if choice is None or self.stories is None:
            return
        from reader.core.errors import AnnotationError
        from reader.store.corrections import add_correction, undo_last
        from reader.ui.textmap import plain

        folder = (
            next(
                a.path.parent for s in self.stories for a in s.articles if a.name in choice.articles
            )
            if choice.articles
            else self.stories[self.story_index].articles[0].path.parent
        )
        try:
            if choice.op == "undo":
                undo_last(folder)
            else:
                add_correction(folder, choice.op, choice.articles, to=choice.to)  # type: ignore[arg-type]
        except (AnnotationError, ValueError) as error:
            message = getattr(error, "message", str(error))
            self.notify(plain(message), title="Stories", severity="error", markup=False)
            return
        self.current = next(
            (a.path for s in self.stories for a in s.articles if a.name in choice.articles),
            self.current,
        )
        self.stories = None
        self.view = None
        self._building = None
        self._fetched = None
        self._regrouped = True
        book = self.book
        articles, _ = _named_once([book.articles[p] for p in book.files if p in book.articles])
        self.group(articles)

    @on(Select.Changed, "#story-select")
    def _story_chosen(self, event: Select.Changed) -> None:
        if isinstance(event.value, int):
            self.story_index = event.value
            self.coverage.focus()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if not self.is_mounted:
            return True
        if action == "toggle_sort":
            return self.tabs.active == "coverage"
        if action == "pick_story":
            return self.stories is not None and len(self.stories) > 1
        return True
