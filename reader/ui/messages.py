"""Messages the loading, aligning and notes workers post to the compare screen.

Workers run in threads; they never touch widgets. They call the core and post one of
these, and the screen's handlers own the state that results.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from textual.message import Message

from reader.core.model import Article, Comparison
from reader.ui.lines import Layout

if TYPE_CHECKING:  # the store is imported when notes are read, not with the interface
    from reader.index.read import IndexView
    from reader.story.stories import Story
    from reader.store import Anchored, Note, NoteStore
    from reader.ui.notemap import Draft

PlaceKey = tuple[str, str, int]
"""A note target's placement key: (note id, note modified time, target index)."""


@dataclass
class ArticleLoaded(Message, bubble=False):
    """An article file was read and segmented."""

    article: Article
    """The article."""


@dataclass
class ArticleFailed(Message, bubble=False):
    """An article file could not be read; the pair list skips it."""

    path: Path
    """The file."""
    message: str
    """One line saying why, fit for a notice."""


@dataclass
class ArticlesGrouped(Message, bubble=False):
    """Every file was read and the articles grouped into stories."""

    stories: tuple[Story, ...]
    """The stories, ordered by their first article."""


@dataclass
class PairAligned(Message, bubble=False):
    """Two articles were compared."""

    comparison: Comparison
    """The comparison, left and right as the worker oriented them."""
    layout: Layout | None = None
    """It laid out ahead at the screen's `layout_hint` (no user notes), if known."""
    boilerplate: bool = False
    """Whether that layout shows boilerplate."""
    reading: bool = False
    """Whether that layout is in reading order (else aligned rows)."""


@dataclass
class PairsScored(Message, bubble=False):
    """The similarities of pairs known without aligning them (the index's)."""

    scores: dict[frozenset[Path], float]
    """Share of sentences linked, by the pair's two files."""
    differing: dict[frozenset[Path], int]
    """How many figures differ, by the pair's two files."""


@dataclass
class IndexStale(Message, bubble=False):
    """The index, opened before its freshness was checked, is out of date for the files:
    the load goes on by reading them."""

    index: IndexView
    """The index (the screen stops using it)."""
    reason: str
    """Why, in one line (`reader.index.read.IndexView.check`)."""


@dataclass
class LoadFinished(Message, bubble=False):
    """Every file was read and every pair within a story compared."""


# Notes: the store's workers post these; `reader.ui.screens.noting` handles them.


@dataclass
class NotesOpened(Message, bubble=False):
    """The folder's notes were read (or a new, empty notes file is ready)."""

    store: NoteStore
    """The store, holding the notes."""
    aside: Path | None = None
    """Where an unreadable notes file was moved, when the user agreed to set it aside."""


@dataclass
class NotesUnreadable(Message, bubble=False):
    """The notes file exists but cannot be read; it was left untouched."""

    store: NoteStore
    """The store, holding no notes."""
    message: str
    """Why, fit for a notice."""
    ask: bool = True
    """Ask the user whether to set the file aside (False: setting it aside just failed)."""


@dataclass
class NotesSaved(Message, bubble=False):
    """A note was added, changed or deleted, and the file written."""

    notes: tuple[Note, ...]
    """Every live note now."""
    said: str
    """What to tell the user ('Note saved')."""


@dataclass
class NoteSaveFailed(Message, bubble=False):
    """A change could not be saved; the notes in memory are as before it."""

    message: str
    """Why, fit for a notice."""
    draft: Draft | None = None
    """The note being written, to give back to the editor (None for a deletion)."""


@dataclass
class NotesPlaced(Message, bubble=False):
    """Targets of notes were placed on the current text of their articles."""

    places: dict[PlaceKey, Anchored]
    """Placements by (note id, note modified time, target index)."""


def failure_message(error: BaseException | None) -> str:
    """One line for a worker that failed: a ReaderError's own message, else its type and text."""
    from reader.core.errors import ReaderError

    if isinstance(error, ReaderError):
        return error.message
    return f"{type(error).__name__}: {error}"
