"""The notes list: every note of the folder, filtered as you type; Enter goes to one.

Each entry shows the note, its tags, and per passage the article and the quote as saved,
with "not found in the current text" when the quote could not be placed (an orphan:
kept in the file, never attached elsewhere).
"""

from __future__ import annotations

from typing import ClassVar

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.content import Content, Span
from textual.screen import ModalScreen
from textual.widgets import Input, OptionList, Static
from textual.widgets.option_list import Option

from reader.ui.notemap import Entry, matches


def entry_content(entry: Entry) -> Content:
    """An entry as a few lines: note (bold), tags, then each article and quote."""
    lines = [entry.text]
    spans = [Span(0, len(entry.text), "bold")]
    at = len(entry.text) + 1
    if entry.tags:
        lines.append(f"  {entry.tags}")
        spans.append(Span(at + 2, at + 2 + len(entry.tags), "$text-accent"))
        at += len(lines[-1]) + 1
    for article, quote, status in entry.quotes:
        line = f"  {article}: \u201c{quote}\u201d"
        spans.append(Span(at + 2, at + 2 + len(article), "italic $text-secondary"))
        spans.append(Span(at + 4 + len(article), at + len(line), "$text-muted"))
        if status:
            line += f" \u2014 {status}"
            warn = "bold $text-error" if status.startswith("not found") else "$text-warning"
            spans.append(Span(at + len(line) - len(status), at + len(line), warn))
        lines.append(line)
        at += len(line) + 1
    return Content("\n".join(lines), spans=spans)


class NotesList(ModalScreen[str | None]):
    """Every note of the folder; dismisses with the id of the note to go to.

    | Key | Action |
    | :- | :- |
    | (type) | Filter: words in the note, quote or article; #tag for a tag |
    | down / up | Move through the list |
    | enter | Go to the note's pair and row |
    | escape | Close |
    """

    CSS_PATH = "dialogs.tcss"

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "dismiss(None)", "Close", id="notes-close"),
        Binding("down", "into_list", "List", show=False, id="notes-into-list"),
    ]

    def __init__(self, entries: tuple[Entry, ...], *, title: str, query: str = "") -> None:
        super().__init__()
        self.entries = entries
        """Every note, in listing order."""
        self.title_text = title
        """The heading."""
        self.query_text = query
        """The filter to start with."""

    @property
    def filter_box(self) -> Input:
        """The filter field."""
        return self.query_one("#notes-filter", Input)

    @property
    def option_list(self) -> OptionList:
        """The entries shown."""
        return self.query_one("#notes-list", OptionList)

    def compose(self) -> ComposeResult:
        with Vertical(id="notes", classes="dialog"):
            yield Static(Content(self.title_text), classes="dialog-title")
            yield Input(self.query_text, placeholder="Filter: words, or #tag", id="notes-filter")
            yield OptionList(id="notes-list")
            yield Static("", id="notes-count")
            yield Static(
                Content("enter: go to the note \u00b7 down: into the list \u00b7 escape: close"),
                id="notes-keys",
            )

    def on_mount(self) -> None:
        self._fill(self.query_text)
        self.filter_box.focus()

    def _fill(self, query: str) -> None:
        shown = [e for e in self.entries if matches(e, query)]
        options = self.option_list
        content: list[Option | None] = []
        for entry in shown:
            content += [None, Option(entry_content(entry), id=entry.note.id)]
        options.set_options(content[1:])
        if shown:
            options.highlighted = 0
        total = len(self.entries)
        count = f"{len(shown)} of {total}" if query.strip() else f"{total}"
        count += " note" if total == 1 else " notes"
        if not total:
            count = "No notes yet: press a on a row to write one."
        self.query_one("#notes-count", Static).update(Content(count))

    @on(Input.Changed, "#notes-filter")
    def _filter_changed(self, event: Input.Changed) -> None:
        self._fill(event.value)

    @on(Input.Submitted, "#notes-filter")
    def _filter_submitted(self) -> None:
        options = self.option_list
        if options.highlighted is not None:
            self.dismiss(options.get_option_at_index(options.highlighted).id)

    def action_into_list(self) -> None:
        self.option_list.focus()

    @on(OptionList.OptionSelected, "#notes-list")
    def _selected(self, event: OptionList.OptionSelected) -> None:
        self.dismiss(event.option.id)
