"""The user's corrections of the alignment, kept in the sidecar beside the notes.

Owns what a link is in the W3C model and how it comes back as sentence indices. A link
the user makes is an annotation with the motivation `linking` and two targets, the left
and the right sentence, tagged `linked`; a link the user removes is the same with the tag
`not-linked`. Both are re-anchored like notes (`reader.store.anchor`), so they survive an
edited article, and become the `links`/`unlinks` that `reader.align.compare.compare`
applies on top of the aligner. A difference marked reviewed is an ordinary tags-only
note tagged `reviewed` (`REVIEWED`). Pure: no disk, no Textual.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from reader.core.model import Article
from reader.store.anchor import anchor
from reader.store.codec import Note, Target

LINKING = "linking"
"""The W3C motivation of a link (and of a removed link)."""
LINKED = "linked"
"""Tag of a link the user made."""
NOT_LINKED = "not-linked"
"""Tag of a link the user removed: the two sentences are not the same."""
REVIEWED = "reviewed"
"""Tag of a note saying the user has looked at a difference."""


@dataclass(frozen=True)
class Overrides:
    """The user's corrections of one pair, as sentence indices."""

    links: tuple[tuple[int, int], ...] = ()
    """(left sentence, right sentence) pairs to link."""
    unlinks: tuple[tuple[int, int], ...] = ()
    """(left sentence, right sentence) pairs never to link."""

    def __bool__(self) -> bool:
        return bool(self.links or self.unlinks)


def is_link(note: Note) -> bool:
    """Whether an annotation is a link (or a removed link) rather than a note."""
    return note.motivation == LINKING


def sentence_targets(left: Article, i: int, right: Article, j: int) -> tuple[Target, Target]:
    """The two targets of a link between left sentence `i` and right sentence `j`."""
    a, b = left.sentences[i], right.sentences[j]
    return Target.of(left, a.start, a.end), Target.of(right, b.start, b.end)


def sentence_at(article: Article, start: int, end: int) -> int | None:
    """The body sentence overlapping [start, end) the most, None when none does."""
    best: tuple[int, int] | None = None
    for s in article.sentences:
        overlap = min(end, s.end) - max(start, s.start)
        if overlap > 0 and (best is None or overlap > best[0]):
            best = (overlap, s.index)
    return best[1] if best else None


def overrides(notes: Iterable[Note], left: Article, right: Article) -> Overrides:
    """The links and removed links of the pair (left, right), placed on their current text.

    A link whose passage cannot be found any more (an orphan) is left out, never moved
    elsewhere; it stays in the sidecar. A link saved with the articles the other way
    round applies too.

    Args:
        notes: Every annotation of the folder (notes are skipped).
        left: The left article.
        right: The right article.

    Returns:
        The pairs to link and not to link, in the order the user made them.
    """
    links: list[tuple[int, int]] = []
    unlinks: list[tuple[int, int]] = []
    names = {left.name: left, right.name: right}
    for note in notes:
        if not is_link(note) or len(note.targets) != 2:
            continue
        by_source = {t.source: t for t in note.targets}
        if set(by_source) != set(names) or left.name == right.name:
            continue
        found: list[int] = []
        for article in (left, right):
            placed = anchor(article.text, by_source[article.name])
            if placed.start is None or placed.end is None:
                break
            index = sentence_at(article, placed.start, placed.end)
            if index is None:
                break
            found.append(index)
        if len(found) == 2:
            (unlinks if NOT_LINKED in note.tags else links).append((found[0], found[1]))
    return Overrides(tuple(links), tuple(unlinks))


def compare_options(notes: Iterable[Note], left: Article, right: Article) -> dict[str, object]:
    """The keyword arguments of `reader.align.compare.compare` that apply the user's
    corrections of the pair: `links` and `unlinks` (none: an empty dict)."""
    if not any(is_link(n) for n in notes):
        return {}
    found = overrides(notes, left, right)
    return {"links": found.links, "unlinks": found.unlinks} if found else {}
