"""Both articles in one line-API widget: left pane, divider, right pane.

Why one widget and not two synced panes: a single `ScrollView` paints both columns from
one `layout.Layout`, so there is one scroll offset. Keys, mouse wheel and scrollbar move
both panes by construction, and aligned rows can never drift apart, whatever the
scroll position. Only the visible lines are rendered (`render_line`), so articles of
thousands of sentences scroll as fast as short ones: each line is one `Strip`, built
straight from segments (`render.render_line`) and kept until the view changes (cursor,
search, theme, width), so a scroll renders only the lines it brings into view.
Layouts are kept per (comparison, width, boilerplate, notes) in `reader.ui.layouts`, and
the compare screen's worker lays each pair out ahead (`prepared`), so switching pairs lays
nothing out.
While a pair is being aligned, its two texts are shown unaligned (`show_draft`).
The active pane (which side `tab` selects) is shown in the pane headers, not here.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import ClassVar

from textual import events, on, work
from textual.binding import Binding, BindingType
from textual.cache import LRUCache
from textual.geometry import Region, Size
from textual.message import Message
from textual.reactive import reactive
from textual.scroll_view import ScrollView
from textual.signal import Signal
from textual.strip import Strip
from textual.style import Style

from reader.core.model import Article, Comparison
from reader.ui.draft import draft_layout, screenful_draft
from reader.ui.layout import Block, Layout, NoteMarks, build_layout, no_spans
from reader.ui.layouts import Layouts
from reader.ui.render import Paint, StyleCache, render_line
from reader.ui.search import Match, find
from reader.ui.stops import FILTER_NAMES, STOP_NAMES, Filter, Stop, filtered, is_stop, keeps

DIVIDER = 3
"""Cells between the panes: space, rule, space."""


class SideBySide(ScrollView, can_focus=True, inherit_bindings=False):
    """Two articles, aligned row by row, scrolled as one.

    | Key | Action |
    | :- | :- |
    | j, down | Next row |
    | k, up | Previous row |
    | pagedown / pageup | Scroll one page |
    | g, home / G, end | First / last row |
    | ] / [ | Next / previous difference |
    | m / M | Next / previous passage one side lacks |
    | r / R | Next / previous moved sentence |
    | ' / " | Next / previous noted row |
    """

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding(
            "j,down",
            "cursor_down",
            "Next row",
            show=False,
            id="row-next",
            tooltip="Move to the next row",
        ),
        Binding(
            "k,up",
            "cursor_up",
            "Previous row",
            show=False,
            id="row-previous",
            tooltip="Move to the previous row",
        ),
        Binding(
            "pagedown",
            "page_down",
            "Page down",
            show=False,
            id="page-down",
            tooltip="Scroll both panes one page down",
        ),
        Binding(
            "pageup",
            "page_up",
            "Page up",
            show=False,
            id="page-up",
            tooltip="Scroll both panes one page up",
        ),
        Binding(
            "g,home", "first", "Top", show=False, id="row-first", tooltip="Go to the first row"
        ),
        Binding("G,end", "last", "Bottom", show=False, id="row-last", tooltip="Go to the last row"),
        Binding(
            "right_square_bracket",
            "next_difference",
            "Next diff",
            key_display="]",
            id="difference-next",
            tooltip="Jump to the next difference",
        ),
        Binding(
            "left_square_bracket",
            "previous_difference",
            "Prev diff",
            key_display="[",
            id="difference-previous",
            tooltip="Jump to the previous difference",
        ),
        Binding(
            "m",
            "next_missing",
            "Next missing",
            show=False,
            id="missing-next",
            tooltip="Jump to the next passage one side lacks",
        ),
        Binding(
            "M",
            "previous_missing",
            "Prev missing",
            show=False,
            id="missing-previous",
            tooltip="Jump to the previous passage one side lacks",
        ),
        Binding(
            "r",
            "next_moved",
            "Next moved",
            show=False,
            id="moved-next",
            tooltip="Jump to the next moved sentence",
        ),
        Binding(
            "R",
            "previous_moved",
            "Prev moved",
            show=False,
            id="moved-previous",
            tooltip="Jump to the previous moved sentence",
        ),
        Binding(
            "apostrophe",
            "next_noted",
            "Next noted",
            key_display="'",
            show=False,
            id="noted-next",
            tooltip="Jump to the next row with a note",
        ),
        Binding(
            "quotation_mark",
            "previous_noted",
            "Prev noted",
            key_display='"',
            show=False,
            id="noted-previous",
            tooltip="Jump to the previous row with a note",
        ),
    ]

    DEFAULT_CSS = """
    SideBySide {
        scrollbar-gutter: stable;
        overflow-x: hidden;
        height: 1fr;
    }
    """

    cursor_row: reactive[int] = reactive(0, always_update=True)
    """Index of the current block (row of the comparison, or boilerplate)."""
    show_boilerplate: reactive[bool] = reactive(False)
    """Show boilerplate dimmed in place instead of leaving it out."""
    search: reactive[str] = reactive("")
    """Words to highlight in both panes."""
    reading: reactive[bool] = reactive(False)
    """Reading order: each pane in its article's order, meeting at linked sentences
    (`reader.ui.reading`); else aligned rows."""
    filter: reactive[Filter] = reactive("all")
    """Which rows are shown (`reader.ui.stops.FILTERS`): all, or only one kind."""

    class PanesResized(Message):
        """The panes changed width (headers above follow)."""

        def __init__(self, left: int, right: int) -> None:
            super().__init__()
            self.left = left
            """Cells of the left pane."""
            self.right = right
            """Cells of the right pane."""

    class DraftLaidOut(Message):
        """A worker laid out the whole draft of two articles at one width."""

        def __init__(self, left: Article, right: Article, layout: Layout) -> None:
            super().__init__()
            self.left, self.right, self.layout = left, right, layout

    def __init__(
        self, *, name: str | None = None, id: str | None = None, classes: str | None = None
    ) -> None:
        super().__init__(name=name, id=id, classes=classes)
        self.comparison: Comparison | None = None
        """What is shown; None while nothing is (or only a draft)."""
        self.draft: tuple[Article, Article] | None = None
        """Two articles shown side by side unaligned while their comparison is made."""
        self._whole_draft: Layout | None = None
        """The draft's whole text laid out (by a worker), once it is."""
        self._empty_notice = False
        """A notice that the filter in force leaves nothing is (or may still be) shown."""
        self.view_model: Layout | None = None
        """The comparison laid out at the current width."""
        self.matches: tuple[Match, ...] = ()
        """Search matches, in reading order."""
        self.match_index: int | None = None
        """The match the search stands on."""
        self.notes: Mapping[int, NoteMarks] = {}
        """The user's notes by comparison row: markers and text under the row."""
        self._strips: LRUCache[tuple[int, bool, bool | None, int], Strip] = LRUCache(1024)
        self._generation = 0
        self._styles: StyleCache = {}
        self._styles_base: Style | None = None
        self._frame: tuple[int, int] | None = None
        self._layouts = Layouts()
        self._filtered: tuple[Layout, Filter, Layout] | None = None
        self.laid_out_signal: Signal[Layout | None] = Signal(self, "laid-out")
        """Published with the new view model each time the panes are laid out."""

    def on_mount(self) -> None:
        self.app.theme_changed_signal.subscribe(self, lambda _theme: self._invalidate())

    # Layout

    @property
    def pane_widths(self) -> tuple[int, int]:
        """Cells of the left and right panes at the current size."""
        total = max(2 * 8 + DIVIDER, self.scrollable_content_region.width)
        left = (total - DIVIDER) // 2
        return left, total - DIVIDER - left

    def show(
        self,
        comparison: Comparison | None,
        *,
        keep_position: bool = False,
        notes: Mapping[int, NoteMarks] | None = None,
    ) -> None:
        """Show a comparison (or nothing).

        Args:
            comparison: The comparison.
            keep_position: Stay on the same row (after a swap or a toggle), else go to the top.
            notes: The user's notes on it by row (see `reader.ui.notemap.note_marks`).
        """
        self.comparison = comparison
        self.draft = None
        self.notes = notes or {}
        self._relayout(keep_position=keep_position)

    def show_draft(self, left: Article, right: Article) -> None:
        """Show two articles' text side by side, unaligned, until `show` gives their comparison.

        What fills the screen is laid out at once; the whole text is laid out in a worker
        (seconds for a 4 MB article) and replaces it when ready, unless the alignment has
        come first.
        """
        self.comparison, self.draft, self.notes = None, (left, right), {}
        self._whole_draft = None
        self._relayout(keep_position=False)

    def _draft_layout(self) -> Layout:
        """The draft at the pane width: the whole text once a worker has laid it out,
        else the first screenful (and the worker is started)."""
        assert self.draft is not None
        width = self.pane_widths[0]
        if self._whole_draft is not None and self._whole_draft.width == width:
            return self._whole_draft
        left, right = self.draft
        if self.size.width:  # the rest once this frame is painted (not competing with it)
            self.call_after_refresh(self._lay_out_draft, left, right, width)
        return screenful_draft(left, right, width, self.size.height)

    @work(thread=True, exclusive=True, group="draft", exit_on_error=False)
    def _lay_out_draft(self, left: Article, right: Article, width: int) -> None:
        self.post_message(self.DraftLaidOut(left, right, draft_layout(left, right, width)))

    @on(DraftLaidOut)
    def _draft_laid_out(self, message: DraftLaidOut) -> None:
        draft = self.draft
        if draft is None or draft[0] is not message.left or draft[1] is not message.right:
            return  # the comparison, or another pair, is shown by now
        if message.layout.width == self.pane_widths[0]:
            self._whole_draft = message.layout
            self._relayout()

    def set_notes(self, notes: Mapping[int, NoteMarks]) -> None:
        """Show other notes on the same comparison, staying on the current row."""
        if notes != self.notes:
            self.notes = notes
            self._relayout()

    @property
    def layout_options(self) -> tuple[int, bool, bool]:
        """(pane width, boilerplate shown, reading order): what a layout prepared ahead
        should use."""
        return self.pane_widths[0], self.show_boilerplate, self.reading

    def prepared(
        self, comparison: Comparison, layout: Layout, boilerplate: bool, reading: bool = False
    ) -> None:
        """Keep a layout made ahead (in a worker) with no notes, for when it is shown."""
        self._layouts.keep(comparison, layout, boilerplate, reading)

    def _relayout(self, *, keep_position: bool = True, plain: bool = False) -> None:
        old = self.current_block if keep_position else None
        offset = (old.first - round(self.scroll_y)) if old else 0
        if self.comparison is not None and not self.size.width:
            # Not laid out on screen yet (a pair shown while mounting): the first resize
            # lays it out at its real width; a layout at the minimum width wraps every
            # sentence into a column of words, for nothing.
            self.view_model = None
        elif self.comparison is not None and plain and not self.reading:
            # The first frame of a pair shown at once (the index's): not highlighted, as
            # the first frame of a draft is (Pygments is loaded after it); the highlighted
            # layout replaces it once that frame is painted.
            width, boilerplate, _ = self.layout_options
            self.view_model = self._filter(
                build_layout(self.comparison, width, boilerplate=boilerplate,
                             highlight=no_spans, notes=self.notes)  # fmt: skip
            )
            self.call_after_refresh(self._relayout)
        elif self.comparison is not None:
            width, boilerplate, reading = self.layout_options
            self.view_model = self._filter(
                self._layouts.get(self.comparison, width, boilerplate, self.notes, reading)
            )
        elif self.draft is not None:
            self.view_model = self._draft_layout()
        else:
            self.view_model = None
        height = len(self.view_model.lines) if self.view_model else 0
        self.virtual_size = Size(sum(self.pane_widths) + DIVIDER, height)
        self.matches = find(self.view_model, self.search) if self.view_model else ()
        self.match_index = None
        self._invalidate()
        self.laid_out_signal.publish(self.view_model)
        if self.view_model and self.view_model.blocks and old:
            row = self.view_model.block_near(old.anchor, old.kind)
            self.set_reactive(SideBySide.cursor_row, row)
            # At the top, stay at the top (boilerplate shown above the first row stays in
            # view); elsewhere keep the current row where it was on screen.
            top = round(self.scroll_y) == 0
            first = self.view_model.blocks[row].first
            y = 0 if top else max(0, first - offset)
            height = self.scrollable_content_region.height
            if height and not y <= first < y + height:  # a smaller window: keep it in view
                y = first
            self.scroll_to(y=y, animate=False, immediate=True)
        else:
            self.set_reactive(SideBySide.cursor_row, 0)
            self.scroll_to(y=0, animate=False, immediate=True)

    def _filter(self, layout: Layout) -> Layout:
        """`layout` with only the rows the filter in force keeps (made once per layout)."""
        which, comparison = self.filter, self.comparison
        if which == "all" or comparison is None:
            return layout
        if self._filtered is not None and self._filtered[:2] == (layout, which):
            return self._filtered[2]
        shown = filtered(layout, lambda block: keeps(block, which, comparison))
        self._filtered = (layout, which, shown)
        return shown

    def watch_filter(self, which: Filter) -> None:
        self._relayout()
        if self._empty_notice:
            # The notice spoke of the filter before this one: it would now be untrue.
            self.app.clear_notifications()
            self._empty_notice = False
        if which != "all" and self.view_model is not None and not self.view_model.blocks:
            self.notify(f"Nothing in this pair: {FILTER_NAMES[which]}", timeout=3)
            self._empty_notice = True

    def _invalidate(self) -> None:
        self._strips.clear()
        self._styles.clear()
        self._generation += 1
        self.refresh()

    def on_resize(self, event: events.Resize) -> None:
        self._resized()

    def _resized(self) -> None:
        self.post_message(self.PanesResized(*self.pane_widths))
        if self.view_model is None or self.view_model.width != self.pane_widths[0]:
            self._relayout()

    def watch_show_boilerplate(self) -> None:
        self._relayout()

    def watch_reading(self) -> None:
        self._relayout()

    def watch_search(self, query: str) -> None:
        self.matches = find(self.view_model, query) if self.view_model else ()
        self.match_index = None
        self._invalidate()

    # Rendering

    def render_lines(self, crop: Region) -> list[Strip]:
        # Widths and the base style are the same for every line of one frame: find them
        # once (the widget's region is looked up in the compositor for each call).
        base = self.visual_style
        if base is not self._styles_base:
            self._styles.clear()
            self._styles_base = base
        if self.view_model is None and self.comparison is not None:
            # A pair shown before the panes had a size (the first one, at mount): lay it
            # out now, so that the first frame has its text rather than a blank one
            # followed by a Resize and a second frame.
            self._relayout(keep_position=False, plain=True)
        self._frame = self.pane_widths
        if self.view_model is not None and self.view_model.width != self._frame[0]:
            # Laid out before the panes had their size, and no Resize came since (it can
            # be missed while the loading indicator covers the widget): lay out again.
            self.call_next(self._resized)
        try:
            return super().render_lines(crop)
        finally:
            self._frame = None

    def render_line(self, y: int) -> Strip:
        index = y + round(self.scroll_y)
        layout = self.view_model
        left, right = self._frame or self.pane_widths
        width = left + DIVIDER + right
        if layout is None or index >= len(layout.lines):
            return Strip.blank(width, self.rich_style)
        line = layout.lines[index]
        cursor = line.block is not None and line.block == self.cursor_row
        other = line.right_of
        right_cursor = None if other == line.block else other == self.cursor_row
        key = (index, cursor, right_cursor, self._generation)
        if (strip := self._strips.get(key)) is None:
            matches = [m for m in self.matches if m.block in (line.block, other)]
            current = self.matches[self.match_index] if self.match_index is not None else None
            paint = Paint(cursor, matches, current, right_cursor)
            base = self.visual_style
            if base is not self._styles_base:
                self._styles.clear()
                self._styles_base = base
            strip = render_line(line, (left, right), paint, base, self._styles)
            self._strips[key] = strip
        return strip

    # Cursor

    @property
    def current_block(self) -> Block | None:
        """The block under the cursor."""
        if self.view_model is None or not self.view_model.blocks:
            return None
        return self.view_model.blocks[min(self.cursor_row, len(self.view_model.blocks) - 1)]

    def current_block_text(self) -> str:
        """Every line of the current block as shown, both panes (notes included)."""
        block = self.current_block
        if block is None or self.view_model is None:
            return ""
        lines = self.view_model.lines[block.first : block.first + block.height]
        return "\n".join(f"{line.left.text} | {line.right.text}" for line in lines)

    def validate_cursor_row(self, row: int) -> int:
        count = len(self.view_model.blocks) if self.view_model else 0
        return max(0, min(row, count - 1))

    def watch_cursor_row(self, old: int, new: int) -> None:
        if self.view_model is None:
            return
        for row in {old, new}:
            if 0 <= row < len(self.view_model.blocks):
                block = self.view_model.blocks[row]
                self.refresh_lines(block.first, block.height)

    def _visible_blocks(self) -> tuple[int, int]:
        """First and last block with a line on screen."""
        assert self.view_model is not None
        top = round(self.scroll_y)
        bottom = min(len(self.view_model.lines), top + self.scrollable_content_region.height) - 1
        blocks = [
            b
            for line in (self.view_model.lines[y] for y in range(top, bottom + 1))
            for b in (line.block, line.right_of)
            if b is not None
        ]
        return (min(blocks), max(blocks)) if blocks else (self.cursor_row, self.cursor_row)

    def move_to(self, row: int, *, jump: bool = False) -> None:
        """Put the cursor on block `row` and bring it into view.

        Args:
            row: Block index (clamped).
            jump: Show the block near the top of the view (for jumps), instead of
                scrolling just enough.
        """
        if self.view_model is None or not self.view_model.blocks:
            return
        self.cursor_row = row
        block = self.view_model.blocks[self.cursor_row]
        height = self.scrollable_content_region.height
        if jump:
            self.scroll_to(
                y=max(0, block.first - max(1, height // 4)), animate=False, immediate=True
            )
        else:
            region = Region(0, block.first, 1, min(block.height, height))
            self.scroll_to_region(region, animate=False, immediate=True, force=True)

    def _step(self, delta: int) -> None:
        if self.view_model is None:
            return
        first, last = self._visible_blocks()
        if not first <= self.cursor_row <= last:  # the view was scrolled away: start on screen
            self.move_to(first if delta > 0 else last)
            return
        self.move_to(self.cursor_row + delta)

    def action_cursor_down(self) -> None:
        self._step(1)

    def action_cursor_up(self) -> None:
        self._step(-1)

    def action_first(self) -> None:
        self.move_to(0)
        self.scroll_to(y=0, animate=False, immediate=True)

    def action_last(self) -> None:
        if self.view_model:
            self.move_to(len(self.view_model.blocks) - 1)
            self.scroll_to(y=self.max_scroll_y, animate=False, immediate=True)

    def action_page_down(self) -> None:
        self.scroll_to(
            y=self.scroll_y + self.scrollable_content_region.height, animate=False, immediate=True
        )
        if self.view_model:
            self.cursor_row = self._visible_blocks()[0]

    def action_page_up(self) -> None:
        self.scroll_to(
            y=self.scroll_y - self.scrollable_content_region.height, animate=False, immediate=True
        )
        if self.view_model:
            self.cursor_row = self._visible_blocks()[0]

    def _difference(self, step: int) -> None:
        if self.view_model is None:
            return
        blocks = self.view_model.blocks
        row = self.cursor_row + step
        while 0 <= row < len(blocks):
            if blocks[row].difference:
                self.move_to(row, jump=True)
                return
            row += step
        self.notify("No more differences" if step > 0 else "No earlier differences", timeout=2)

    def action_next_difference(self) -> None:
        self._difference(1)

    def jump(self, stop: Stop, step: int, *, quiet: bool = False) -> bool:
        """Move to the next (`step` 1) or previous (-1) block that `stop` looks for.

        Args:
            stop: What to look for: a differing number, a missing passage, a moved
                sentence, a noted row, any difference.
            step: 1 forward, -1 back.
            quiet: Say nothing when there is none (the caller looks further).

        Returns:
            Whether there was one to move to.
        """
        if self.view_model is None or self.comparison is None:
            return False
        blocks, comparison = self.view_model.blocks, self.comparison
        noted = self.noted_rows()
        row = self.cursor_row + step
        while 0 <= row < len(blocks):
            if is_stop(blocks[row], stop, comparison, noted):
                self.move_to(row, jump=True)
                return True
            row += step
        if not quiet:
            plural = STOP_NAMES[stop][1]
            self.notify(f"No more {plural}" if step > 0 else f"No earlier {plural}", timeout=2)
        return False

    def first_stop(self, stop: Stop, *, last: bool = False) -> bool:
        """Move to the first (or last) block `stop` looks for; False when there is none."""
        if self.view_model is None:
            return False
        was = self.cursor_row
        self.set_reactive(SideBySide.cursor_row, len(self.view_model.blocks) if last else -1)
        if self.jump(stop, -1 if last else 1, quiet=True):
            return True
        self.set_reactive(SideBySide.cursor_row, was)
        return False

    def action_next_missing(self) -> None:
        self.jump("missing", 1)

    def action_previous_missing(self) -> None:
        self.jump("missing", -1)

    def action_next_moved(self) -> None:
        self.jump("moved", 1)

    def action_previous_moved(self) -> None:
        self.jump("moved", -1)

    def noted_rows(self) -> set[int]:
        """The rows a note touches (`NoteMarks.noted`: not those only linked or unlinked by
        hand), where ' and " and the mini-map's \u270e stop."""
        return {row for row, marks in self.notes.items() if marks.noted}

    def action_next_noted(self) -> None:
        self.jump("noted", 1)

    def action_previous_noted(self) -> None:
        self.jump("noted", -1)

    def action_previous_difference(self) -> None:
        self._difference(-1)

    def next_match(self, step: int = 1) -> Match | None:
        """Move to the next search match after the cursor (or the previous, `step=-1`).

        Returns:
            The match moved to, or None when there is none.
        """
        if not self.matches:
            return None
        if self.match_index is None:
            after = [i for i, m in enumerate(self.matches) if m.block >= self.cursor_row]
            index = after[0] if after and step > 0 else (0 if step > 0 else len(self.matches) - 1)
        else:
            index = (self.match_index + step) % len(self.matches)
        self.match_index = index
        self._invalidate()
        self.move_to(self.matches[index].block, jump=True)
        return self.matches[index]

    def on_click(self, event: events.Click) -> None:
        if self.view_model is None:
            return
        index = event.y + round(self.scroll_y)
        if 0 <= index < len(self.view_model.lines):
            line = self.view_model.lines[index]
            block = line.right_of if event.x >= self.pane_widths[0] + DIVIDER else line.block
            if block is not None:
                self.cursor_row = block
