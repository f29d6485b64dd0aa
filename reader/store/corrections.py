"""The user's corrections of the story grouping, kept in the folder's notes sidecar.

Owns the `reader_story_corrections` field of `.reader-notes.json`: a list of entries,
oldest first, each one correction:

* `{"op": "move", "articles": [A], "to": B}`: article A goes to the story holding B
  (`"to": null`: A becomes a story of its own);
* `{"op": "split", "articles": [A, C, ...]}`: these articles leave their stories and form
  one story together;
* `{"op": "merge", "articles": [A, B]}`: the stories holding A and B become one;

with an `id`, a `created` time and `undone` (true once undone: kept, so the history shows
it). Articles are named by file name, as notes name them, so a correction survives edits
of the articles' text and any regrouping. Writes go through `NoteStore.update_field`:
atomic, under the notes' lock, the notes and unknown fields kept. An entry this version
cannot read is reported and left in the file as it is; it never costs a note.
Applying the corrections to a grouping is `reader.story.corrections`' job.
"""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Literal

from reader.core.errors import AnnotationError
from reader.store.annotations import SIDECAR_NAME, NoteStore, now
from reader.store.codec import SidecarUnreadable

FIELD = "reader_story_corrections"
"""The sidecar's top-level field holding the corrections."""

Op = Literal["move", "split", "merge"]
_OPS = ("move", "split", "merge")


@dataclass(frozen=True)
class Correction:
    """One correction of the grouping."""

    id: str
    """Unique id."""
    op: Op
    """'move', 'split' or 'merge'."""
    articles: tuple[str, ...]
    """The articles moved, split off, or (two) whose stories merge."""
    to: str | None = None
    """For 'move': an article of the story they go to (None: a story of their own)."""
    created: str = ""
    """ISO 8601 UTC time."""
    undone: bool = False
    """Undone by the user: kept for the history, no longer applied."""

    def describe(self) -> str:
        """A one-line account: 'moved a.txt to the story of b.txt'."""
        names = ", ".join(self.articles)
        if self.op == "move":
            return f"moved {names} " + (
                f"to the story of {self.to}" if self.to else "to a story of its own"
            )
        if self.op == "split":
            return f"split {names} off into a story"
        return f"merged the stories of {names}"


@dataclass(frozen=True)
class Corrections:
    """The corrections of a folder as read."""

    items: tuple[Correction, ...] = ()
    """Readable entries, oldest first, undone ones included."""
    problems: tuple[str, ...] = ()
    """One line per entry that could not be read (left in the file as it is)."""

    @property
    def active(self) -> tuple[Correction, ...]:
        """The entries to apply: not undone, oldest first."""
        return tuple(c for c in self.items if not c.undone)


def parse_corrections(value: object) -> Corrections:
    """Read the field's value (anything: the file may have been edited by hand).

    Args:
        value: The field as found in the sidecar (None when absent).

    Returns:
        The readable corrections and a line per entry that is not.
    """
    if value is None:
        return Corrections()
    if not isinstance(value, list):
        return Corrections((), (f"{FIELD} is not a list: corrections ignored",))
    items, problems = [], []
    for k, entry in enumerate(value):
        item = _entry(entry)
        if item is None:
            problems.append(f"story correction {k + 1} cannot be read: ignored")
        else:
            items.append(item)
    return Corrections(tuple(items), tuple(problems))


def _entry(entry: Any) -> Correction | None:
    if not isinstance(entry, dict):
        return None
    op, articles, to = entry.get("op"), entry.get("articles"), entry.get("to")
    if op not in _OPS or not isinstance(articles, list) or not articles:
        return None
    if not all(isinstance(a, str) and a for a in articles) or not isinstance(entry.get("id"), str):
        return None
    if to is not None and not isinstance(to, str):
        return None
    if op == "merge" and len(articles) != 2:
        return None
    return Correction(
        entry["id"],
        op,
        tuple(articles),
        to,
        str(entry.get("created", "")),
        entry.get("undone") is True,
    )


def read_corrections(folder: Path) -> Corrections:
    """The folder's corrections as saved (none when there is no sidecar).

    Raises:
        SidecarUnreadable: The sidecar exists but cannot be read.
    """
    return parse_corrections(NoteStore.open(folder).collection.raw.get(FIELD))


def add_correction(
    folder: Path, op: Op, articles: Sequence[str], *, to: str | None = None
) -> Correction:
    """Save a new correction at the end of the folder's list.

    Args:
        folder: The article folder.
        op: 'move', 'split' or 'merge'.
        articles: The articles (two for 'merge').
        to: For 'move': an article of the target story, or None.

    Returns:
        The saved correction.

    Raises:
        SidecarUnreadable: The sidecar, or its corrections field, cannot be read; nothing
            is written.
        ValueError: The correction is not well formed.
    """
    item = Correction(uuid.uuid4().hex, op, tuple(articles), to, now())
    if _entry(_json(item)) is None:
        raise ValueError(f"not a valid story correction: {item.describe()}")
    store = NoteStore(folder)

    def append(value: object) -> object:
        return [*_writable(store, value), _json(item)]

    store.update_field(FIELD, append)
    return item


def undo_last(folder: Path) -> Correction | None:
    """Mark the newest active correction undone (kept in the file for the history).

    Returns:
        The correction undone, or None when there was none.

    Raises:
        SidecarUnreadable: The sidecar, or its corrections field, cannot be read.
    """
    store = NoteStore(folder)
    undone: list[Correction] = []

    def mark(value: object) -> object:
        entries = [dict(e) if isinstance(e, dict) else e for e in _writable(store, value)]
        for entry in reversed(entries):
            item = _entry(entry)
            if item is not None and not item.undone:
                entry["undone"] = True
                undone.append(item)
                break
        return entries

    store.update_field(FIELD, mark)
    return undone[0] if undone else None


def _writable(store: NoteStore, value: object) -> list[Any]:
    """The list to extend; a field that is not a list is never written over."""
    if value is None:
        return []
    if not isinstance(value, list):
        raise SidecarUnreadable(store.path, f"{FIELD} is not a list")
    return list(value)


def _json(item: Correction) -> dict[str, Any]:
    return {
        "id": item.id,
        "op": item.op,
        "articles": list(item.articles),
        "to": item.to,
        "created": item.created,
        "undone": item.undone,
    }


def corrections_for(paths: Sequence[Path]) -> tuple[list[Correction], list[str]]:
    """The active corrections of the folders holding `paths`, and lines about problems.

    A sidecar that cannot be read gives no corrections and one line (its notes are
    reported by whoever reads them); an unreadable entry gives a line and is skipped.

    Args:
        paths: Article files.

    Returns:
        (corrections oldest first per folder, problem lines).
    """
    found: list[Correction] = []
    problems: list[str] = []
    for folder in dict.fromkeys(Path(p).parent for p in paths):
        if not (folder / SIDECAR_NAME).exists():
            continue
        try:
            read = read_corrections(folder)
        except AnnotationError as error:
            problems.append(f"story corrections not applied: {error.message}")
            continue
        found.extend(read.active)
        problems.extend(read.problems)
    return found, problems
