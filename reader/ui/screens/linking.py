"""Correcting the alignment by hand: link two sentences, remove a wrong link, mark a
difference reviewed, undo.

`CompareScreen` inherits this (through `PairLoading`). Corrections are annotations in the
notes sidecar (`reader.store.links`): saved at once, re-anchored like notes, and applied
to every comparison the reader makes (`compare_options`, used by the aligning workers),
as `reader compare` and `reader report` apply them. When the corrections of the pair
shown change (a link made here, the notes file read, another window's change), the
pair is aligned again and the cursor stays on the sentence the user linked.
A hand-made link shows a `⇄ linked by hand` line under its row (`reader.ui.notemap`);
a removed one `⇎ not the same`, a reviewed row `✓ reviewed`.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, ClassVar, Literal

from textual import work
from textual.binding import Binding, BindingType

from reader.core.errors import AnnotationError
from reader.core.model import Article
from reader.ui.messages import NoteSaveFailed, NotesSaved
from reader.ui.notemap import notes_at
from reader.ui.screens.noting import NotingScreen

if TYPE_CHECKING:
    from reader.store import NoteStore, Target
    from reader.store.links import Overrides

Side = Literal["left", "right"]
Undo = tuple[object, ...]
"""How to take a correction back: ("delete", annotation id) for one made, or ("add",
targets, tags, motivation) for one deleted."""
UNDO_KEPT = 100
"""Corrections `u` can take back, newest first."""


class LinkingScreen(NotingScreen):
    """Keys that correct the alignment of the pair shown.

    | Key | Action |
    | :- | :- |
    | c | Link the current sentence to a sentence of the other side (a list to pick from) |
    | C | Remove the current row's link (the two are not the same) |
    | ! | Mark the current row's difference reviewed (again: not reviewed) |
    | u | Undo the last correction |
    """

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding(
            "c", "link", "Link", show=False, id="link-add",
            tooltip="Link the current sentence to one of the other side you pick",
        ),
        Binding(
            "C", "unlink", "Unlink", show=False, id="link-remove",
            tooltip="Remove the current row's link: the two sentences are not the same",
        ),
        Binding(
            "exclamation_mark", "reviewed", "Reviewed", key_display="!", show=False,
            id="row-reviewed", tooltip="Mark the current row's difference reviewed (again: undo)",
        ),
        Binding(
            "u", "undo", "Undo", show=False, id="correction-undo",
            tooltip="Take back the last link, unlink or reviewed mark",
        ),
    ]  # fmt: skip

    def __init__(self) -> None:
        super().__init__()
        self.applied: dict[tuple[str, str], Overrides | None] = {}
        """The corrections each comparison made was given, by (left, right) file name."""
        self.undo_stack: list[Undo] = []
        """Corrections to take back with `u`, newest last."""
        self.focus_sentence: tuple[str, int] | None = None
        """(left file name, sentence) to put the cursor on once the pair is aligned again."""

    def align(self, left: Article, right: Article) -> None:
        raise NotImplementedError

    # Applying

    def corrections(self, left: Article, right: Article) -> Overrides | None:
        """The user's corrections of the pair; None when there are none. Safe in a worker:
        it reads the notes tuple as it stands."""
        notes = self.notes
        if not any(n.motivation == "linking" for n in notes):
            return None
        from reader.store.links import overrides

        return overrides(notes, left, right) or None

    def compare_options(self, left: Article, right: Article) -> dict[str, object]:
        """Keyword arguments of `compare` for the pair: the user's links and unlinks."""
        found = self.corrections(left, right)
        self.applied[left.name, right.name] = found
        if found is None:
            return {}
        return {"links": found.links, "unlinks": found.unlinks}

    def check_corrections(self) -> None:
        """Align the pair shown again if its corrections changed since it was aligned."""
        comparison = self.side_by_side.comparison
        if comparison is None:
            return
        left, right = comparison.left, comparison.right
        if self.corrections(left, right) != self.applied.get((left.name, right.name)):
            self.align(left, right)

    def refresh_notes(self) -> None:
        super().refresh_notes()
        if self.notes_state == "on":
            self.check_corrections()

    def corrected(self) -> None:
        """A re-aligned pair is shown: put the cursor back on the sentence linked."""
        view = self.side_by_side
        want, self.focus_sentence = self.focus_sentence, None
        if want is None or view.comparison is None or view.view_model is None:
            return
        name, sentence = want
        side = "left" if view.comparison.left.name == name else "right"
        for index, row in enumerate(view.comparison.rows):
            if sentence in (row.left if side == "left" else row.right):
                block = view.view_model.block_of_row(index)
                if block is not None:
                    view.move_to(block, jump=True)
                return

    # Keys

    def _here(self) -> tuple[Side, int] | None:
        """The current row's sentence on the active side (else the side it has)."""
        view = self.side_by_side
        block = view.current_block
        if view.comparison is None or block is None or block.row is None:
            self.notify("Move to a sentence first.", timeout=3)
            return None
        row = view.comparison.rows[block.row]
        # In reading order a block shows one side: that side is meant.
        sides: list[Side] = [self.active_side, "right" if self.active_side == "left" else "left"]
        if block.left and not block.right:
            sides = ["left"]
        elif block.right and not block.left:
            sides = ["right"]
        for side in sides:
            indices = row.left if side == "left" else row.right
            if indices:
                return side, indices[0]
        return None

    def action_link(self) -> None:
        if not self._ready():
            return
        here = self._here()
        comparison = self.side_by_side.comparison
        if here is None or comparison is None:
            return
        side, index = here
        from reader.ui.screens.sentences import SentencePicker

        mine = comparison.left if side == "left" else comparison.right
        other = comparison.right if side == "left" else comparison.left

        def picked(chosen: int | None) -> None:
            if chosen is None or self.store is None:
                return
            i, j = (index, chosen) if side == "left" else (chosen, index)
            from reader.store.links import LINKED, LINKING, sentence_targets

            targets = sentence_targets(comparison.left, i, comparison.right, j)
            self.focus_sentence = (comparison.left.name, i)
            self.save_correction(self.store, targets, (LINKED,), LINKING, "Linked by hand")

        linked = {k for row in comparison.rows if row.left and row.right
                  for k in (row.right if side == "left" else row.left)}  # fmt: skip
        picker = SentencePicker(mine.sentences[index], mine, other, frozenset(linked))
        self.app.push_screen(picker, picked)

    def action_unlink(self) -> None:
        if not self._ready() or self.store is None:
            return
        view = self.side_by_side
        block, comparison = view.current_block, view.comparison
        if comparison is None or block is None or block.row is None:
            self.notify("Move to a linked row first.", timeout=3)
            return
        row = comparison.rows[block.row]
        if not (row.left and row.right):
            self.notify("This row has no link to remove.", timeout=3)
            return
        mine = [n for n in notes_at(comparison, block.row, self.notes, self.placements())
                if n.motivation == "linking" and "not-linked" not in n.tags]  # fmt: skip
        self.focus_sentence = (comparison.left.name, row.left[0])
        if mine:  # a link made by hand: removing it is deleting it
            note = mine[0]
            self.remove_correction(self.store, note.id, note.targets, note.tags, "Link removed")
            return
        from reader.store.links import LINKING, NOT_LINKED, sentence_targets

        targets = sentence_targets(comparison.left, row.left[0], comparison.right, row.right[0])
        self.save_correction(self.store, targets, (NOT_LINKED,), LINKING, "Link removed")

    def action_reviewed(self) -> None:
        if not self._ready() or self.store is None:
            return
        view = self.side_by_side
        block, comparison = view.current_block, view.comparison
        if comparison is None or block is None or block.row is None:
            self.notify("Move to a sentence first.", timeout=3)
            return
        from reader.store.links import REVIEWED
        from reader.ui.notemap import choices

        here = notes_at(comparison, block.row, self.notes, self.placements())
        done = [n for n in here if n.tags == (REVIEWED,) and not n.text.strip()]
        if done:
            note = done[0]
            self.remove_correction(self.store, note.id, note.targets, note.tags, "Not reviewed")
            return
        options = choices(comparison, block.row)
        self.save_correction(self.store, options[0].targets, (REVIEWED,), None, "Reviewed")

    def action_undo(self) -> None:
        if not self._ready() or self.store is None:
            return
        if not self.undo_stack:
            self.notify("Nothing to undo.", timeout=2)
            return
        step = self.undo_stack.pop()
        if step[0] == "delete":
            self.remove_correction(self.store, str(step[1]), (), (), "Undone", undoable=False)
        else:
            _, targets, tags, motivation = step
            self.save_correction(self.store, targets, tags, motivation, "Undone",  # type: ignore[arg-type]
                                 undoable=False)  # fmt: skip

    # Saving (in workers, as notes are)

    @work(thread=True, group="notes-io", exit_on_error=False)
    def save_correction(
        self,
        store: NoteStore,
        targets: tuple[Target, ...],
        tags: tuple[str, ...],
        motivation: str | None,
        said: str,
        *,
        undoable: bool = True,
    ) -> None:
        """Add a link, an unlink or a reviewed mark to the sidecar."""
        try:
            note = store.add("", targets, tags=tags, motivation=motivation)
        except (AnnotationError, ValueError) as error:
            reason = error.message if isinstance(error, AnnotationError) else str(error)
            self.post_message(NoteSaveFailed(reason))
            return
        if undoable:
            self._remember(("delete", note.id))
        self.post_message(NotesSaved(store.notes, said))

    @work(thread=True, group="notes-io", exit_on_error=False)
    def remove_correction(
        self,
        store: NoteStore,
        note_id: str,
        targets: tuple[Target, ...],
        tags: tuple[str, ...],
        said: str,
        *,
        undoable: bool = True,
    ) -> None:
        """Delete a link, an unlink or a reviewed mark from the sidecar."""
        try:
            motivation = store.get(note_id).motivation
            store.delete(note_id)
        except AnnotationError as error:
            self.post_message(NoteSaveFailed(error.message))
            return
        if undoable:
            self._remember(("add", targets, tags, motivation))
        self.post_message(NotesSaved(store.notes, said))

    def _remember(self, step: Undo) -> None:
        # list.append is atomic; the stack is only read on the event loop.
        self.undo_stack.append(step)
        del self.undo_stack[:-UNDO_KEPT]
