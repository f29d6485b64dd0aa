"""The notes keys of the compare screen: write, edit, delete, list and go to notes.

`CompareScreen` inherits from `NotingScreen`, which adds to the notes state of
`reader.ui.screens.notekeeping` the keys and dialogs: the editor (`AnnotateScreen`),
the notes list (`NotesList`), the pick of a note when a row has several, and the
confirmation before a deletion. Keys that change notes say why when notes are off. A
failed save loses nothing: the editor opens again with what was typed and the reason.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, ClassVar

from textual import on
from textual.binding import Binding, BindingType
from textual.content import Content

from reader.ui.messages import NoteSaveFailed
from reader.ui.notemap import (
    Choice,
    Draft,
    choices,
    default_choice,
    entries,
    first_row,
    notes_at,
    one_line,
)
from reader.ui.screens.notekeeping import NoteKeeping
from reader.ui.textmap import plain

if TYPE_CHECKING:
    from reader.store import Note

# The editor, the dialogs and the notes list are imported when first opened: none is
# needed to show a pair.


class NotingScreen(NoteKeeping):
    """Notes on the rows of the pair shown, and every note of the folder one key away.

    | Key | Action |
    | :- | :- |
    | a | Write a note on the current row |
    | e | Edit the note of the current row (pick one if several) |
    | x | Delete a note of the current row (asks first) |
    | A | List every note of the folder; Enter goes to one |
    """

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding(
            "a", "add_note", "Note", show=False, id="note-add",
            tooltip="Write a note on the current row",
        ),
        Binding(
            "e", "edit_note", "Edit note", show=False, id="note-edit",
            tooltip="Edit the note of the current row",
        ),
        Binding(
            "x", "delete_note", "Delete note", show=False, id="note-delete",
            tooltip="Delete a note of the current row (asks first)",
        ),
        Binding(
            "A", "list_notes", "Notes", show=False, id="note-list",
            tooltip="List every note of the folder (filter, Enter to go there)",
        ),
    ]  # fmt: skip

    def __init__(self) -> None:
        super().__init__()
        self.pane_chosen = False
        """The user picked a pane with tab: new notes default to that side."""
        self.pending_jump: str | None = None
        """A note to move the cursor to once its pair is shown."""

    def show_pair_of(self, paths: tuple[Path, ...]) -> None:
        """Show a pair holding these articles, then call `finish_jump` (the subclass's job)."""
        raise NotImplementedError

    # Writing

    def _ready(self) -> bool:
        """Whether notes can be changed now; says why not."""
        if self.notes_state == "on" and self.store is not None:
            return True
        if self.notes_state == "reading":
            self.notify("Notes are still being read.", timeout=3)
        else:
            self.notify(f"Notes are off for this session: {self.notes_off_reason}",
                        title="Notes off", severity="warning", markup=False)  # fmt: skip
        return False

    def _labels(self) -> dict[str, str]:
        return {path.name: self.book.label(path) for path in self.book.files}

    def _open_editor(
        self,
        draft: Draft,
        title: str,
        *,
        options: tuple[Choice, ...] = (),
        selected: int = 0,
        error: str = "",
    ) -> None:
        def done(result: Draft | None) -> None:
            if result is not None and self.store is not None:
                self.save_note(self.store, result)

        from reader.ui.screens.annotate import AnnotateScreen

        editor = AnnotateScreen(draft, title=title, options=options, selected=selected,
                                labels=self._labels(), error=error)  # fmt: skip
        self.app.push_screen(editor, done)

    def action_add_note(self) -> None:
        if not self._ready():
            return
        view = self.side_by_side
        block = view.current_block
        if view.comparison is None or block is None or block.row is None:
            self.notify("Move to a sentence first: notes are about sentences.", timeout=3)
            return
        c = view.comparison
        options = choices(c, block.row)
        selected = default_choice(options, self.active_side if self.pane_chosen else None)
        pair = f"{plain(c.left.label)} \u27f7 {plain(c.right.label)}"
        title = f"New note \u00b7 row {block.row + 1} \u00b7 {pair}"
        draft = Draft("", (), options[selected].targets)
        self._open_editor(draft, title, options=options, selected=selected)

    def _pick(self, verb: str, then: Callable[[Note], None]) -> None:
        """Act on the note of the current row, asking which when there are several."""
        view = self.side_by_side
        block = view.current_block
        here: tuple[Note, ...] = ()
        if view.comparison is not None and block is not None and block.row is not None:
            here = notes_at(view.comparison, block.row, self.notes, self.placements())
        if not here:
            self.notify("No note on this row (A lists every note).", timeout=3)
        elif len(here) == 1:
            then(here[0])
        else:

            def picked(note_id: str | None) -> None:
                for note in here:
                    if note.id == note_id:
                        then(note)

            from reader.ui.screens.dialogs import PickNote

            self.app.push_screen(PickNote(f"{verb} which note?", here), picked)

    def action_edit_note(self) -> None:
        if self._ready():
            self._pick("Edit", lambda n: self._open_editor(
                Draft(n.text, n.tags, n.targets, n.id), "Edit note"))  # fmt: skip

    def action_delete_note(self) -> None:
        if self._ready():
            self._pick("Delete", self._confirm_delete)

    def _confirm_delete(self, note: Note) -> None:
        def answered(yes: bool | None) -> None:
            if yes and self.store is not None:
                self.remove_note(self.store, note.id)

        from reader.ui.screens.dialogs import Confirm

        question = Content(f"Delete this note?\n\n{one_line(note)}")
        self.app.push_screen(Confirm("Delete note", question, yes="Delete", no="Keep"), answered)

    @on(NoteSaveFailed)
    def _save_failed(self, message: NoteSaveFailed) -> None:
        reason = plain(message.message)
        self.notify(reason, title="Not saved", severity="error", markup=False, timeout=10)
        if message.draft is not None:
            self._open_editor(message.draft, "Note not saved yet", error=f"Not saved: {reason}")

    # Finding

    def action_list_notes(self) -> None:
        if self.notes_state != "on":
            self._ready()
            return

        def picked(note_id: str | None) -> None:
            if note_id:
                self.go_to_note(note_id)

        from reader.ui.screens.notes import NotesList

        listed = entries(self.notes, self.placements(), self._labels())
        folder = self.store.folder.name if self.store else ""
        self.app.push_screen(NotesList(listed, title=f"Notes in {plain(folder)}/"), picked)

    def go_to_note(self, note_id: str) -> None:
        """Show a pair with the note's articles and move to its row."""
        note = next((n for n in self.notes if n.id == note_id), None)
        if note is None:
            return
        by_name = {path.name: path for path in self.book.articles}
        paths = tuple(by_name[s] for s in note.sources if s in by_name)
        if not paths:
            self.notify(plain(f"Not open: {', '.join(note.sources)}"), severity="warning",
                        markup=False)  # fmt: skip
            return
        self.pending_jump = note_id
        self.show_pair_of(paths)

    def finish_jump(self) -> None:
        """Move to the row of the note asked for, once its pair is on screen."""
        view = self.side_by_side
        note = next((n for n in self.notes if n.id == self.pending_jump), None)
        c = view.comparison
        if note is None or c is None or view.view_model is None:
            return
        self.pending_jump = None  # shown now, or the user went to another pair meanwhile
        if not {c.left.name, c.right.name} & set(note.sources):
            return
        row = first_row(c, note, self.placements())
        block = view.view_model.block_of_row(row) if row is not None else None
        if block is None:
            self.notify("This note's passage was not found in the current text.",
                        severity="warning", timeout=4)  # fmt: skip
            return
        view.move_to(block, jump=True)
