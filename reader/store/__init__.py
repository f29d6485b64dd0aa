"""Notes on articles, kept beside them: the sidecar file and placing notes on changed text.

Only this package and `reader.ingest.load` touch the disk. `annotations` reads and writes
the sidecar (atomic, locked, merged), `codec` owns its W3C Web Annotation JSON form,
`anchor` finds each note's passage in the current text. Nothing here imports Textual.
"""

from __future__ import annotations

from reader.store.anchor import Anchored, Placement, anchor, anchor_note, anchor_notes, locate
from reader.store.annotations import (
    LOCK_NAME,
    SIDECAR_NAME,
    NoteNotFound,
    NoteStore,
    SidecarBusy,
    SidecarWriteError,
    read_notes,
    set_aside,
)
from reader.store.codec import (
    TAGS,
    Collection,
    Note,
    SidecarUnreadable,
    Target,
    Tombstone,
)

__all__ = [
    "LOCK_NAME",
    "SIDECAR_NAME",
    "TAGS",
    "Anchored",
    "Collection",
    "Note",
    "NoteNotFound",
    "NoteStore",
    "Placement",
    "SidecarBusy",
    "SidecarUnreadable",
    "SidecarWriteError",
    "Target",
    "Tombstone",
    "anchor",
    "anchor_note",
    "anchor_notes",
    "locate",
    "read_notes",
    "set_aside",
]
