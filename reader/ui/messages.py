"""Messages the loading and aligning workers post to the compare screen.

Workers run in threads; they never touch widgets. They call the core and post one of
these, and the screen's handlers own the state that results.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from textual.message import Message

from reader.core.model import Article, Comparison


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
class PairAligned(Message, bubble=False):
    """Two articles were compared."""

    comparison: Comparison
    """The comparison, left and right as the worker oriented them."""


@dataclass
class LoadFinished(Message, bubble=False):
    """Every file was read and every pair compared."""
