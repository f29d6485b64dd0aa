"""Command palette (ctrl+p): every action of the reader by name, "group: verb"."""

from __future__ import annotations

from collections.abc import Callable
from functools import partial
from typing import Literal

from textual.command import DiscoveryHit, Hit, Hits, Provider

Target = Literal["app", "screen", "view"]

COMMANDS: tuple[tuple[str, Target, str, str], ...] = (
    ("pair: next", "screen", "next_pair", "Show the next pair (n)"),
    ("pair: previous", "screen", "previous_pair", "Show the previous pair (p)"),
    ("pair: pick", "screen", "pick_pair", "Pick a pair from the list (P)"),
    ("pair: swap sides", "screen", "swap", "Swap the left and right articles (s)"),
    (
        "pair: pin article",
        "screen",
        "pin",
        "Keep the active pane's article, on the left; n/p cycle the other (l)",
    ),
    ("difference: next", "view", "next_difference", "Jump to the next difference (])"),
    ("difference: previous", "view", "previous_difference", "Jump to the previous difference ([)"),
    (
        "difference: next number",
        "screen",
        "next_number",
        "Next differing number, on into the story's pairs (d)",
    ),
    ("difference: previous number", "screen", "previous_number", "Previous differing number (D)"),
    ("difference: next missing", "view", "next_missing", "Next passage one side lacks (m)"),
    (
        "difference: previous missing",
        "view",
        "previous_missing",
        "Previous passage one side lacks (M)",
    ),
    ("difference: next moved", "view", "next_moved", "Next moved sentence (r)"),
    ("difference: previous moved", "view", "previous_moved", "Previous moved sentence (R)"),
    ("note: next noted row", "view", "next_noted", "Next row with a note (')"),
    ("note: previous noted row", "view", "previous_noted", 'Previous row with a note (")'),
    (
        "filter: only differing numbers",
        "screen",
        "set_filter('numbers')",
        "Show only rows whose numbers differ (f)",
    ),
    (
        "filter: only what the left alone has",
        "screen",
        "set_filter('left')",
        "Show only the left's own sentences (f)",
    ),
    (
        "filter: only what the right alone has",
        "screen",
        "set_filter('right')",
        "Show only the right's own sentences (f)",
    ),
    (
        "filter: only changed or moved",
        "screen",
        "set_filter('changed')",
        "Show only changed or moved rows (f)",
    ),
    ("filter: every row", "screen", "clear_filter", "Show every row again (F)"),
    ("row: first", "view", "first", "Go to the top (g)"),
    ("row: last", "view", "last", "Go to the bottom (G)"),
    ("row: next", "view", "cursor_down", "Move to the next row (j)"),
    ("row: previous", "view", "cursor_up", "Move to the previous row (k)"),
    ("page: down", "view", "page_down", "Scroll both panes one page down (PageDown)"),
    ("page: up", "view", "page_up", "Scroll both panes one page up (PageUp)"),
    ("pane: switch", "screen", "switch_side", "Make the other pane active (tab)"),
    ("view: toggle boilerplate", "screen", "toggle_boilerplate", "Show or hide boilerplate (b)"),
    ("search: find", "screen", "search", "Search both panes (/)"),
    ("note: add", "screen", "add_note", "Write a note on the current row (a)"),
    ("note: edit", "screen", "edit_note", "Edit the note of the current row (e)"),
    ("note: delete", "screen", "delete_note", "Delete a note of the current row (x)"),
    ("note: list", "screen", "list_notes", "List every note of the folder (A)"),
    ("story: overview", "screen", "overview", "Facts, numbers and pairs of the whole story (o)"),
    (
        "export: story report as HTML",
        "screen",
        "export('story', 'html')",
        "Write the report of the story shown (one self-contained page) to the current folder",
    ),
    (
        "export: story report as Markdown",
        "screen",
        "export('story', 'markdown')",
        "Write the report of the story shown to the current folder",
    ),
    (
        "export: story report as JSON",
        "screen",
        "export('story', 'json')",
        "Write the report of the story shown to the current folder",
    ),
    (
        "export: pair report as HTML",
        "screen",
        "export('pair', 'html')",
        "Write the report of the two articles shown to the current folder",
    ),
    (
        "export: pair report as Markdown",
        "screen",
        "export('pair', 'markdown')",
        "Write the report of the two articles shown to the current folder",
    ),
    (
        "export: pair report as JSON",
        "screen",
        "export('pair', 'json')",
        "Write the report of the two articles shown to the current folder",
    ),
    (
        "export: copy the current row",
        "screen",
        "copy_row",
        "Both sentences, their outlets and the differing numbers: clipboard and reader-row.txt",
    ),
    ("link: link the sentence to another", "screen", "link", "Pick its counterpart (c)"),
    ("link: remove the link", "screen", "unlink", "The two sentences are not the same (C)"),
    ("link: mark reviewed", "screen", "reviewed", "Mark the row's difference reviewed (!)"),
    ("link: undo", "screen", "undo", "Take back the last link, unlink or reviewed mark (u)"),
    ("view: switch layout", "screen", "toggle_layout", "Aligned rows / reading order (v)"),
    ("app: help", "app", "help", "Show every key (?)"),
    ("app: quit", "app", "quit", "Quit (q)"),
)
"""(name, where the action lives, action, help)."""


class ReaderCommands(Provider):
    """Offers every reader action when the compare screen is open."""

    def _runner(self, target: Target, action: str) -> Callable[[], object] | None:
        from reader.ui.screens.compare import CompareScreen

        screen = self.screen
        if not isinstance(screen, CompareScreen):
            return None
        if target == "app":
            return partial(self.app.run_action, action)
        node = screen if target == "screen" else screen.side_by_side
        return partial(node.run_action, action)

    async def discover(self) -> Hits:
        for name, target, action, help_text in COMMANDS:
            if (run := self._runner(target, action)) is not None:
                yield DiscoveryHit(name, run, help=help_text)

    async def search(self, query: str) -> Hits:
        matcher = self.matcher(query)
        for name, target, action, help_text in COMMANDS:
            score = matcher.match(name)
            if score > 0 and (run := self._runner(target, action)) is not None:
                yield Hit(score, matcher.highlight(name), run, help=help_text)
