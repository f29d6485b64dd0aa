"""The note editor: what the note is about, its text, its tags.

A modal over the compare screen. It never touches the disk: `ctrl+s` dismisses it with a
`Draft`, which the compare screen saves in a worker; if saving fails, the screen opens
the editor again with the same draft and the reason, so nothing typed is lost.

Typing never changes a tag: a tag box takes Enter (or a click) only, and a character
typed while one has the focus goes to the note instead. What is chosen reads without
colour: the chosen subject and every ticked tag are marked ✓ in their label.
"""

from __future__ import annotations

from typing import ClassVar

from textual import events, on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.content import Content, Span
from textual.screen import ModalScreen
from textual.widgets import Checkbox, Input, RadioButton, RadioSet, Static, TextArea

from reader.store import TAGS, Target
from reader.ui.notemap import Choice, Draft
from reader.ui.textmap import plain

PREVIEW_CHARS = 160
"""Longest quote shown per target under the choice."""
CHOSEN, UNCHOSEN = "\u2713 ", "  "
"""Before the label of a chosen option or ticked tag, and of the others."""


def marked(label: str, chosen: bool) -> Content:
    """An option's label with its state in words: ✓ when chosen."""
    return Content((CHOSEN if chosen else UNCHOSEN) + label)


class TagBox(Checkbox):
    """A tag's checkbox that typing cannot toggle: Enter or a click does; a printable
    key pressed while it has the focus is typed into the note instead."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("enter", "toggle_button", "Toggle", show=False)
    ]

    def __init__(self, tag: str, value: bool) -> None:
        self.tag = tag
        """The tag it stands for (set first: the value's watcher reads it)."""
        super().__init__(marked(tag, value), value, id=f"tag-{tag}", compact=True)

    def watch_value(self) -> None:
        super().watch_value()
        self.label = marked(self.tag, self.value)

    def on_key(self, event: events.Key) -> None:
        if event.is_printable and event.character:
            event.stop()
            event.prevent_default()
            area = self.screen.query_one("#annotate-text", TextArea)
            area.focus()
            area.insert(event.character)


def _preview(targets: tuple[Target, ...], labels: dict[str, str]) -> Content:
    """The quoted passages, one line each: 'IBTimes: “…”'."""
    lines, spans, at = [], [], 0
    for target in targets:
        label = plain(labels.get(target.source, target.source))
        quote = plain(target.exact)
        if len(quote) > PREVIEW_CHARS:
            quote = quote[: PREVIEW_CHARS - 1] + "\u2026"
        line = f"{label}: \u201c{quote}\u201d"
        spans.append(Span(at, at + len(label) + 1, "bold"))
        lines.append(line)
        at += len(line) + 1
    return Content("\n".join(lines), spans=spans)


class AnnotateScreen(ModalScreen[Draft | None]):
    """Write or change a note; dismisses with the draft, or None when cancelled.

    | Key | Action |
    | :- | :- |
    | ctrl+s | Save the note |
    | escape | Cancel |
    | tab / shift+tab | Next / previous field |
    """

    CSS_PATH = "dialogs.tcss"

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("ctrl+s", "save", "Save", id="note-save", tooltip="Save the note", priority=True),
        Binding("escape", "cancel", "Cancel", id="note-cancel", tooltip="Close without saving"),
    ]

    def __init__(
        self,
        draft: Draft,
        *,
        title: str,
        options: tuple[Choice, ...] = (),
        selected: int = 0,
        labels: dict[str, str] | None = None,
        error: str = "",
    ) -> None:
        """Set up the editor.

        Args:
            draft: What to start from: text, tags, and the targets used when there are
                no `options` (editing keeps a note's targets).
            title: The heading ('New note on row 12').
            options: What a new note can be about; empty when editing.
            selected: The option preselected.
            labels: Article labels by file name, for the quote preview.
            error: Why the last save failed, shown in the editor.
        """
        super().__init__()
        self.draft = draft
        """The starting point."""
        self.title_text = title
        """The heading."""
        self.options = options
        """What the note can be about."""
        self.selected = selected
        """Index of the option chosen."""
        self.labels = labels or {}
        """Article labels by file name."""
        self.error = error
        """The error shown at first."""

    # Widgets

    @property
    def text_area(self) -> TextArea:
        """The note's text."""
        return self.query_one("#annotate-text", TextArea)

    @property
    def free_tags(self) -> Input:
        """Tags beyond the offered ones, comma-separated."""
        return self.query_one("#annotate-free", Input)

    @property
    def error_line(self) -> Static:
        """Why the note cannot be saved."""
        return self.query_one("#annotate-error", Static)

    @property
    def targets(self) -> tuple[Target, ...]:
        """What the note is about, as chosen."""
        return self.options[self.selected].targets if self.options else self.draft.targets

    def compose(self) -> ComposeResult:
        with Vertical(id="annotate", classes="dialog"):
            yield Static(Content(self.title_text), classes="dialog-title")
            if self.options:
                yield Static(Content("About"), classes="annotate-label")
                with RadioSet(id="annotate-about", compact=True):
                    for i, option in enumerate(self.options):
                        chosen = i == self.selected
                        yield RadioButton(marked(option.label, chosen), value=chosen)
            yield Static(_preview(self.targets, self.labels), id="annotate-quote")
            yield Static(Content("Note"), classes="annotate-label")
            yield TextArea(self.draft.text, id="annotate-text", soft_wrap=True)
            with Horizontal(id="annotate-tags"):
                yield Static(Content("Tags"), classes="annotate-label")
                for tag in TAGS:
                    yield TagBox(tag, tag in self.draft.tags)
                free = ", ".join(t for t in self.draft.tags if t not in TAGS)
                yield Input(
                    free,
                    placeholder="other tags, comma-separated",
                    id="annotate-free",
                    compact=True,
                )
            yield Static(Content(self.error), id="annotate-error")
            yield Static(
                Content("ctrl+s save \u00b7 escape cancel \u00b7 tab next field"),
                id="annotate-keys",
            )

    def on_mount(self) -> None:
        if self.options:
            # RadioSet highlights its first button, whichever is pressed; start the
            # highlight on the preselected one so up/down move from there.
            self.query_one(RadioSet)._selected = self.selected
        self.error_line.display = bool(self.error)
        self.text_area.move_cursor(self.text_area.document.end)
        self.text_area.focus()

    @on(RadioSet.Changed)
    def _about_changed(self, event: RadioSet.Changed) -> None:
        self.selected = event.index
        for i, button in enumerate(self.query(RadioButton)):
            button.label = marked(self.options[i].label, i == self.selected)
        self.query_one("#annotate-quote", Static).update(_preview(self.targets, self.labels))

    def tags(self) -> tuple[str, ...]:
        """The tags ticked, then the free ones."""
        ticked = [t for t in TAGS if self.query_one(f"#tag-{t}", Checkbox).value]
        return (*ticked, *(t.strip() for t in self.free_tags.value.split(",") if t.strip()))

    def action_save(self) -> None:
        text = self.text_area.text.strip()
        tags = self.tags()
        if not text and not tags:
            self.error_line.update(Content("Write a note or choose a tag."))
            self.error_line.display = True
            return
        self.dismiss(Draft(text, tags, self.targets, self.draft.note_id))

    def action_cancel(self) -> None:
        self.dismiss(None)
