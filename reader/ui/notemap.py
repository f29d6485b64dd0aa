"""The user's notes on the side-by-side view: what a note can be about, where notes show.

Owns the translation between notes (targets: a file name and offsets into its
`Article.text`, placed on the current text by `reader.store.anchor`) and the rows of a
comparison: which rows a note touches and on which side (`note_marks`), which notes a
row carries (`notes_at`), where to jump to (`first_row`), what the editor offers a new
note to be about (`choices`) and what the notes list shows and filters (`entries`).

A target touches every row whose sentences on its article's side overlap it; a target
between sentences (boilerplate) touches the next row, so every placed note shows
somewhere. A note shows on every pair holding one of its articles, on that side only.

Pure: no Textual import; article text enters only through `plain`, as text.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from reader.core.model import Article, Comparison, Row
from reader.ui.lines import LINKED_BY_HAND, UNLINKED_BY_HAND, NoteMarks, Side
from reader.ui.textmap import plain

if TYPE_CHECKING:  # the store is imported when notes are used, not with the interface
    from reader.store import Anchored, Note, Target

Places = Mapping[str, "tuple[Anchored | None, ...]"]
"""Each note's targets placed on the current text, by note id, in target order; None while
the target's article is not read yet."""

STATUS: dict[str | None, str] = {
    "exact": "",
    "moved": "moved",
    "fuzzy": "approximate match",
    "orphan": "not found in the current text",
    None: "article not read yet",
}
"""How the notes list words a target's placement (`Anchored.method`)."""
QUOTE_CHARS = 160
"""Longest quote shown in the notes list."""


@dataclass(frozen=True)
class Choice:
    """Something a new note on a row can be about."""

    key: str
    """"pair", "left", "right" or "number"."""
    label: str
    """What the editor shows, plain text."""
    targets: tuple[Target, ...]
    """The passages: one per article."""


@dataclass(frozen=True)
class Draft:
    """A note as the editor hands it over, before it is saved."""

    text: str
    """The note, any number of lines."""
    tags: tuple[str, ...]
    """Tags, offered ones first."""
    targets: tuple[Target, ...]
    """What it is about."""
    note_id: str | None = None
    """The note edited, or None for a new note."""


@dataclass(frozen=True)
class Entry:
    """One note as the notes list shows it."""

    note: Note
    """The note."""
    text: str
    """The note on one line (or its tags, for a tags-only note)."""
    tags: str
    """'#discrepancy #verified'."""
    quotes: tuple[tuple[str, str, str], ...]
    """Per target: (article, quote, placement status; empty when found as saved)."""
    haystack: str
    """Everything the filter searches, case-folded."""


def _side_span(article: Article, indices: tuple[int, ...]) -> tuple[int, int] | None:
    if not indices:
        return None
    sentences = [article.sentences[i] for i in indices]
    return min(s.start for s in sentences), max(s.end for s in sentences)


def choices(comparison: Comparison, row: int) -> tuple[Choice, ...]:
    """What a note on row `row` can be about: the pair, each side, each differing number.

    Args:
        comparison: The comparison shown.
        row: Index into `comparison.rows`.

    Returns:
        The choices, pair first when the row has both sides.
    """
    from reader.store import Target

    r: Row = comparison.rows[row]
    left, right = comparison.left, comparison.right
    names = plain(left.label), plain(right.label)
    spans = _side_span(left, r.left), _side_span(right, r.right)
    out: list[Choice] = []
    if spans[0] and spans[1]:
        targets = (Target.of(left, *spans[0]), Target.of(right, *spans[1]))
        out.append(Choice("pair", f"the pair: both sentences ({names[0]} \u27f7 {names[1]})",
                          targets))  # fmt: skip
    if spans[0]:
        out.append(Choice("left", f"the left sentence ({names[0]})", (Target.of(left, *spans[0]),)))
    if spans[1]:
        out.append(
            Choice("right", f"the right sentence ({names[1]})", (Target.of(right, *spans[1]),))
        )
    for n in r.numbers:
        if n.differs:
            targets = (
                Target.of(left, n.left.start, n.left.end),
                Target.of(right, n.right.start, n.right.end),
            )
            label = f"the number {plain(n.left.text)} vs {plain(n.right.text)}"
            out.append(Choice("number", label, targets))
    return tuple(out)


def default_choice(options: Sequence[Choice], side: Side | None = None) -> int:
    """The choice preselected: the side the user made active, else the differing number
    (a row whose numbers differ is noted for them), else the pair, else the first.

    Args:
        options: The row's choices.
        side: The pane the user chose with tab, or None when they have not.
    """
    keys = [c.key for c in options]
    for key in (side, "number", "pair"):
        if key in keys:
            return keys.index(key)
    return 0


def _side(comparison: Comparison, source: str) -> Side | None:
    if source == comparison.left.name:
        return "left"
    if source == comparison.right.name:
        return "right"
    return None


def _rows_touching(comparison: Comparison, side: Side, start: int, end: int) -> list[int]:
    """Rows whose sentences on `side` overlap [start, end); else the row of the nearest one."""
    article = comparison.left if side == "left" else comparison.right
    overlapping: list[int] = []
    nearest: tuple[int, int] | None = None  # (distance, row)
    for index, row in enumerate(comparison.rows):
        for i in row.left if side == "left" else row.right:
            s = article.sentences[i]
            if s.start < end and start < s.end:
                overlapping.append(index)
                break
            distance = s.start - end if s.start >= end else start - s.end
            if nearest is None or distance < nearest[0]:
                nearest = (distance, index)
    if overlapping:
        return overlapping
    return [nearest[1]] if nearest else []


def _note_rows(comparison: Comparison, note: Note, places: Places) -> dict[int, set[Side]]:
    rows: dict[int, set[Side]] = {}
    for placed in places.get(note.id, ()):
        if placed is None or placed.start is None or placed.end is None:
            continue
        side = _side(comparison, placed.source)
        if side is not None:
            for row in _rows_touching(comparison, side, placed.start, placed.end):
                rows.setdefault(row, set()).add(side)
    return rows


REVIEWED_MARK = "\u2713 reviewed"
"""What a tags-only note tagged reviewed says."""


def correction(note: Note) -> str | None:
    """How a correction of the alignment reads (`reader.store.links`), None for a note."""
    if note.motivation == "linking":
        return UNLINKED_BY_HAND if "not-linked" in note.tags else LINKED_BY_HAND
    if note.tags == ("reviewed",) and not note.text.strip():
        return REVIEWED_MARK
    return None


def one_line(note: Note) -> str:
    """The note as one plain line: its lines joined by \u00b6, then its tags ('#discrepancy');
    a correction of the alignment in words (`correction`)."""
    if (said := correction(note)) is not None:
        return said
    tags = " ".join(f"#{plain(t)}" for t in note.tags)
    text = _text(note)
    return f"{text} {tags}" if text and tags else text or tags


def _text(note: Note) -> str:
    return " \u00b6 ".join(plain(line) for line in note.text.splitlines() if line.strip())


def note_marks(
    comparison: Comparison, notes: Iterable[Note], places: Places
) -> dict[int, NoteMarks]:
    """How the notes show on a comparison, by row: markers, and each note's text under the
    first row it touches, in the panes it is about there. A link made or removed by hand
    says so under its row ("⇄ linked by hand") but sets no ✎ marker: the marker
    says a note is about that side, and a correction is no note."""
    sides: dict[int, set[Side]] = {}
    lines: dict[int, list[tuple[frozenset[Side], str]]] = {}
    for note in notes:
        rows = _note_rows(comparison, note, places)
        for row, on in rows.items():
            mark = sides.setdefault(row, set())
            if note.motivation != "linking":
                mark.update(on)
        if rows:
            first = min(rows)
            lines.setdefault(first, []).append((frozenset(rows[first]), one_line(note)))
    return {
        row: NoteMarks(frozenset(on), tuple(lines.get(row, ())))
        for row, on in sorted(sides.items())
    }


def notes_at(
    comparison: Comparison, row: int, notes: Iterable[Note], places: Places
) -> tuple[Note, ...]:
    """The notes touching row `row` of the comparison."""
    return tuple(n for n in notes if row in _note_rows(comparison, n, places))


def first_row(comparison: Comparison, note: Note, places: Places) -> int | None:
    """The first row of the comparison a note touches, None when it touches none."""
    rows = _note_rows(comparison, note, places)
    return min(rows) if rows else None


def _quote(text: str) -> str:
    quote = plain(text)
    return quote if len(quote) <= QUOTE_CHARS else quote[: QUOTE_CHARS - 1] + "\u2026"


def entries(notes: Iterable[Note], places: Places, labels: Mapping[str, str]) -> tuple[Entry, ...]:
    """The notes list: each note with its quotes, articles and whether each was found.

    Args:
        notes: The notes, in the order to list them.
        places: Their targets placed on the current text.
        labels: Article label (outlet) by file name, for the articles read.

    Returns:
        One entry per note.
    """
    out = []
    for note in notes:
        placed = places.get(note.id, ())
        quotes = []
        for i, target in enumerate(note.targets):
            where = placed[i] if i < len(placed) else None
            label = plain(labels.get(target.source, target.source))
            article = label if label == target.source else f"{label} ({plain(target.source)})"
            quotes.append((article, _quote(target.exact), STATUS[where.method if where else None]))
        text = correction(note) or _text(note) or "(tags only)"
        tags = " ".join(f"#{plain(t)}" for t in note.tags)
        hay = " ".join([note.text, tags, *(" ".join(q) for q in quotes)]).casefold()
        out.append(Entry(note, text, tags, tuple(quotes), hay))
    return tuple(out)


def matches(entry: Entry, query: str) -> bool:
    """Whether an entry passes the filter: every word must occur; '#word' must begin a tag."""
    for word in query.casefold().split():
        if word.startswith("#") and len(word) > 1:
            if not any(t.casefold().startswith(word[1:]) for t in entry.note.tags):
                return False
        elif word not in entry.haystack:
            return False
    return True
