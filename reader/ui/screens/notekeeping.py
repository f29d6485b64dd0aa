"""The notes state of the compare screen: the notes file, and where notes are in the text.

`NoteKeeping` is the base of the compare screen's notes (`NotingScreen` adds the keys).
It owns the folder's `NoteStore`, whether notes are on, and where each note's passages
are in the current text of its articles. Disk work (read, save, delete, set aside) and
placing notes (`reader.store.anchor`) run in thread workers that post
`reader.ui.messages`; the handlers here keep the results and redraw the markers.

Notes are off for the session when the notes file cannot be read and the user does not
agree to set it aside (the file is never written over), and when the articles come from
more than one folder (a note's targets name files inside one folder). A failed change
leaves the notes in memory as they were (the store updates them only once written).
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import TYPE_CHECKING, Literal

from textual import on, work
from textual.content import Content
from textual.screen import Screen
from textual.worker import get_current_worker

from reader.core.errors import AnnotationError
from reader.core.model import Comparison
from reader.ui.layout import NoteMarks, Side
from reader.ui.messages import (
    ArticleFailed,
    ArticleLoaded,
    NoteSaveFailed,
    NotesOpened,
    NotesPlaced,
    NotesSaved,
    NotesUnreadable,
    PlaceKey,
)
from reader.ui.notemap import Draft, Places, note_marks
from reader.ui.ranking import PairBook
from reader.ui.textmap import plain
from reader.ui.widgets.sidebyside import SideBySide

if TYPE_CHECKING:  # the store is imported by the workers that use it (rapidfuzz, filelock)
    from reader.store import Anchored, Note, NoteStore, Target

NotesState = Literal["reading", "on", "off"]
Job = tuple[PlaceKey, "Target", str | None]


class NoteKeeping(Screen[None]):
    """The notes of the folder, read, placed on the text, saved (no keys of its own)."""

    book: PairBook
    """Articles and comparisons (set by the subclass)."""
    active_side: Side
    """The active pane (a reactive of the subclass)."""

    def __init__(self) -> None:
        super().__init__()
        self.store: NoteStore | None = None
        """The folder's notes; None until read (and when notes are off for lack of a folder)."""
        self.notes_state: NotesState = "reading"
        """Whether notes can be used: being read, on, or off for the session."""
        self.notes_off_reason = ""
        """Why notes are off."""
        self.notes: tuple[Note, ...] = ()
        """Every live note of the folder."""
        self.places: dict[PlaceKey, Anchored] = {}
        """Note targets placed on the current text so far."""
        self.placing: set[PlaceKey] = set()
        """Note targets a worker is placing now."""
        self._by_name: dict[str, Path] | None = None

    @property
    def side_by_side(self) -> SideBySide:
        """The two panes (the subclass's widget)."""
        raise NotImplementedError

    def notes_changed(self) -> None:
        """The notes or their places changed: the subclass updates its status line."""

    def wait_first_shown(self) -> None:
        """In a worker: wait until the first pair is on screen (the subclass's job)."""

    # Reading

    def start_notes(self) -> None:
        """Read the notes of the articles' folder (called once the screen is up)."""
        # As `path.parent` (the paths are normalised), at a string's cost: thousands of
        # files, on the event loop.
        folders = {os.path.dirname(str(path)) or "." for path in self.book.files}
        if len(folders) != 1:
            self.notes_state = "off"
            self.notes_off_reason = "notes need every article in one folder"
            return
        self.open_notes(Path(folders.pop()))

    @work(thread=True, group="notes-io", exit_on_error=False)
    def open_notes(self, folder: Path) -> None:
        """Read the folder's notes file (none is fine: no notes yet), after the first pair."""
        self.wait_first_shown()
        from reader.store import NoteStore, SidecarUnreadable

        store = NoteStore(folder)
        try:
            store.reload()
        except SidecarUnreadable as error:
            self.post_message(NotesUnreadable(store, error.message))
            return
        self.post_message(NotesOpened(store))

    @work(thread=True, group="notes-io", exit_on_error=False)
    def set_aside(self, store: NoteStore) -> None:
        """Rename the unreadable notes file, as the user agreed, and start a new one."""
        try:
            aside = store.set_aside()
        except AnnotationError as error:
            self.post_message(NotesUnreadable(store, error.message, ask=False))
            return
        self.post_message(NotesOpened(store, aside))

    @on(NotesOpened)
    def _notes_opened(self, message: NotesOpened) -> None:
        self.store, self.notes_state = message.store, "on"
        self.notes = message.store.notes
        if message.aside is not None:
            self.notify(
                plain(f"The unreadable notes file was kept as {message.aside.name}; "
                      "new notes go to a new file."),
                title="Notes", markup=False, timeout=8,
            )  # fmt: skip
        self._place_missing()

    @on(NotesUnreadable)
    def _notes_unreadable(self, message: NotesUnreadable) -> None:
        self.store, self.notes_state = message.store, "off"
        self.notes_off_reason = plain(message.message)
        self.notes_changed()
        if not message.ask:
            self.notify(self.notes_off_reason, title="Notes off", severity="error", markup=False)
            return
        question = Content(
            f"{self.notes_off_reason}.\n\nSet it aside? It is renamed (.reader-notes.json."
            "broken-DATE) and kept, and a new notes file starts. Otherwise notes stay off "
            "until the reader is restarted, and the file is not touched."
        )

        def answered(yes: bool | None) -> None:
            if yes:
                self.set_aside(message.store)
            else:
                self.notify("Notes are off for this session; the notes file was not touched.",
                            title="Notes off", severity="warning", timeout=6)  # fmt: skip

        from reader.ui.screens.dialogs import Confirm

        dialog = Confirm("Notes file unreadable", question, yes="Set it aside", no="Keep notes off")
        self.app.push_screen(dialog, answered)

    # Placing notes on the current text

    def _texts(self) -> dict[str, str | None]:
        """Article text by file name for the files the notes name that are settled (None:
        could not be read, or gone from the folder once every file is settled). Only
        those: asked once per file read, every file's would be quadratic (10,000 files)."""
        book = self.book
        if self._by_name is None:
            self._by_name = {p.name: p for p in book.files}
        by_name = self._by_name
        everything = book.settled() == len(book.files)
        texts: dict[str, str | None] = {}
        for name in {s for n in self.notes for s in n.sources}:
            path = by_name.get(name)
            if path is not None and path in book.articles:
                texts[name] = book.articles[path].text
            elif (path is not None and path in book.failed) or everything:
                texts[name] = None
        return texts

    def placements(self) -> Places:
        """Each note's targets as placed so far (None: article not read yet)."""
        return {
            n.id: tuple(self.places.get((n.id, n.modified, i)) for i in range(len(n.targets)))
            for n in self.notes
        }

    def _place_missing(self) -> None:
        """Place the targets whose article is read, not placed yet nor being placed."""
        texts = self._texts()
        jobs: list[Job] = [
            (key, t, texts[t.source])
            for n in self.notes
            for i, t in enumerate(n.targets)
            if (key := (n.id, n.modified, i)) not in self.places
            and key not in self.placing
            and t.source in texts
        ]
        if jobs:
            self.placing.update(key for key, _, _ in jobs)
            self.place_notes(tuple(jobs))
        self.refresh_notes()

    # Not exclusive: each worker places its own targets (`placing` keeps them apart), so
    # articles read one after another never cancel placements under way.
    @work(thread=True, group="notes-place", exit_on_error=False)
    def place_notes(self, jobs: tuple[Job, ...]) -> None:
        """Find each target's passage in the current text (a cancelled run posts what it did)."""
        from reader.store import anchor

        worker = get_current_worker()
        done: dict[PlaceKey, Anchored] = {}
        for key, target, text in jobs:
            if worker.is_cancelled:
                break
            done[key] = anchor(text, target, annotation_id=key[0])
        self.post_message(NotesPlaced(done))

    @on(NotesPlaced)
    def _notes_placed(self, message: NotesPlaced) -> None:
        self.places.update(message.places)
        self.placing.difference_update(message.places)
        self.refresh_notes()

    # Loading articles changes what can be placed: CompareScreen's own handlers run too.

    @on(ArticleLoaded)
    @on(ArticleFailed)
    def _article_settled(self) -> None:
        if self.notes_state == "on":
            self._place_missing()

    def note_marks(self, comparison: Comparison) -> dict[int, NoteMarks]:
        """The markers and note lines of a comparison, by row."""
        return note_marks(comparison, self.notes, self.placements())

    def refresh_notes(self) -> None:
        """Redraw the markers of the pair shown."""
        view = self.side_by_side
        if view.comparison is not None:
            view.set_notes(self.note_marks(view.comparison))
        self.notes_changed()

    def notes_here(self) -> tuple[Note, ...]:
        """The notes of the pair shown."""
        comparison = self.side_by_side.comparison
        if comparison is None:
            return ()
        names = {comparison.left.name, comparison.right.name}
        return tuple(n for n in self.notes if names & set(n.sources))

    # Saving

    @work(thread=True, group="notes-io", exit_on_error=False)
    def save_note(self, store: NoteStore, draft: Draft) -> None:
        """Add or change a note in the file."""
        from reader.store import NoteNotFound

        try:
            if draft.note_id is None:
                store.add(draft.text, draft.targets, tags=draft.tags)
            else:
                store.update(draft.note_id, text=draft.text, tags=draft.tags)
        except NoteNotFound:
            self.post_message(NoteSaveFailed(
                "This note was deleted in another window; ctrl+s saves it as a new note.",
                Draft(draft.text, draft.tags, draft.targets),
            ))  # fmt: skip
        except (AnnotationError, ValueError) as error:
            reason = error.message if isinstance(error, AnnotationError) else str(error)
            self.post_message(NoteSaveFailed(reason, draft))
        else:
            said = "Note saved" if draft.note_id is None else "Note updated"
            self.post_message(NotesSaved(store.notes, said))

    @work(thread=True, group="notes-io", exit_on_error=False)
    def remove_note(self, store: NoteStore, note_id: str) -> None:
        """Delete a note from the file."""
        try:
            store.delete(note_id)
        except AnnotationError as error:
            self.post_message(NoteSaveFailed(error.message))
        else:
            self.post_message(NotesSaved(store.notes, "Note deleted"))

    @on(NotesSaved)
    def _notes_saved(self, message: NotesSaved) -> None:
        self.notes = message.notes
        live = {(n.id, n.modified) for n in self.notes}
        self.places = {k: v for k, v in self.places.items() if k[:2] in live}
        self.notify(message.said, timeout=2)
        self._place_missing()
