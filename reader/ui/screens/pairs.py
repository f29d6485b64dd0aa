"""The pair picker: every pair offered (those of the current story, once the articles are
grouped) with its similarity; Enter opens one."""

from __future__ import annotations

from typing import ClassVar

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.content import Content, Span
from textual.screen import ModalScreen
from textual.widgets import OptionList, Static
from textual.widgets.option_list import Option

from reader.ui.ranking import PairRow


class PairPicker(ModalScreen[int | None]):
    """A list of pairs, most similar first; dismisses with the chosen index.

    | Key | Action |
    | :- | :- |
    | enter | Open the highlighted pair |
    | escape | Close |
    """

    CSS_PATH = "dialogs.tcss"

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape,P,q", "dismiss(None)", "Close", id="picker-close"),
    ]

    def __init__(
        self, rows: list[PairRow], current: int | None, *, heading: str | None = None
    ) -> None:
        super().__init__()
        self.rows = rows
        """The pairs, in display order."""
        self.current = current
        """Index of the pair shown now, None when it is not in the list."""
        self.heading = heading
        """What the pairs are ('Pairs of story 2 of 3'), None for 'Pairs'."""

    def compose(self) -> ComposeResult:
        with Vertical(id="picker"):
            title = f"{self.heading or 'Pairs'}, most similar first (share of linked sentences)"
            yield Static(Content(title), id="picker-title")
            yield OptionList(
                *(self._option(i, row) for i, row in enumerate(self.rows)), id="pair-list"
            )

    def _option(self, index: int, row: PairRow) -> Option:
        score, left, right, left_file, right_file = row
        shown = f"{score:4.0%}" if score is not None else "   \u2026"
        mark = "\u25b6" if index == self.current else " "
        head = f"{mark} {index + 1:>3}. {shown}  {left} \u27f7 {right}   "
        files = f"({left_file} \u00b7 {right_file})"
        text = head + files
        files_at = len(head)
        return Option(Content(text, spans=[Span(files_at, len(text), "$text-muted")]))

    def on_mount(self) -> None:
        options = self.query_one(OptionList)
        options.highlighted = self.current or 0
        options.focus()

    @on(OptionList.OptionSelected)
    def _selected(self, event: OptionList.OptionSelected) -> None:
        self.dismiss(event.option_index)
