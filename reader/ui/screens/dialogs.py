"""Small modal questions: yes or no (`Confirm`), and which note of a row (`PickNote`)."""

from __future__ import annotations

from typing import ClassVar

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import Button, OptionList, Static
from textual.widgets.option_list import Option

from reader.store import Note
from reader.ui.notemap import one_line


class Confirm(ModalScreen[bool]):
    """A question with two buttons; dismisses with True for yes.

    | Key | Action |
    | :- | :- |
    | y | Yes |
    | n, escape | No |
    """

    CSS_PATH = "dialogs.tcss"

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("y", "answer(True)", "Yes", id="confirm-yes"),
        Binding("n,escape", "answer(False)", "No", id="confirm-no"),
    ]

    def __init__(self, title: str, question: Content, *, yes: str, no: str) -> None:
        """Set up the question.

        Args:
            title: A few words on top.
            question: The question; build it from plain text (`Content(...)`).
            yes: The label of the yes button (its key, y, is added).
            no: The label of the no button (its key, n, is added).
        """
        super().__init__()
        self.title_text = title
        """The heading."""
        self.question = question
        """The question."""
        self.labels = (yes, no)
        """Button labels."""

    def compose(self) -> ComposeResult:
        with Vertical(id="confirm", classes="dialog"):
            yield Static(Content(self.title_text), classes="dialog-title")
            yield Static(self.question, id="confirm-question")
            with Horizontal(id="confirm-buttons"):
                yield Button(Content(f"{self.labels[0]} (y)"), variant="error", id="confirm-yes")
                yield Button(Content(f"{self.labels[1]} (n)"), id="confirm-no")

    def on_mount(self) -> None:
        self.query_one("#confirm-no", Button).focus()

    def action_answer(self, yes: bool) -> None:
        self.dismiss(yes)

    @on(Button.Pressed)
    def _pressed(self, event: Button.Pressed) -> None:
        self.dismiss(event.button.id == "confirm-yes")


class PickNote(ModalScreen[str | None]):
    """The notes of one row; dismisses with the id of the one picked.

    | Key | Action |
    | :- | :- |
    | enter | Pick the highlighted note |
    | escape | Close |
    """

    CSS_PATH = "dialogs.tcss"

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "dismiss(None)", "Close", id="pick-note-close"),
    ]

    def __init__(self, title: str, notes: tuple[Note, ...]) -> None:
        super().__init__()
        self.title_text = title
        """What the pick is for ('Edit which note?')."""
        self.notes = notes
        """The notes to pick from."""

    def compose(self) -> ComposeResult:
        with Vertical(id="pick-note", classes="dialog"):
            yield Static(Content(self.title_text), classes="dialog-title")
            yield OptionList(
                *(Option(Content(one_line(n)), id=n.id) for n in self.notes), id="pick-note-list"
            )

    def on_mount(self) -> None:
        options = self.query_one(OptionList)
        options.highlighted = 0
        options.focus()

    @on(OptionList.OptionSelected)
    def _selected(self, event: OptionList.OptionSelected) -> None:
        self.dismiss(event.option.id)
