"""Re-anchoring: where a stored note's quote is in an article's text now.

This module owns placing a target (quote, prefix, suffix, old offsets) on the current
text of its article after the file was corrected, reflowed or re-saved. It is pure: text
and selectors in, offsets out; nothing is written back (the sidecar keeps what the user
quoted). The approach follows Hypothesis' client (`src/annotator/anchoring/`): the
stored position first, then the quote, then an approximate match weighed by quote 50,
prefix 20, suffix 20 and position 2.

1. **exact**: the quote is at its stored position.
2. **moved**: the quote occurs elsewhere verbatim, or with only its whitespace changed.
   Several occurrences: the one whose surroundings best match prefix and suffix, then the
   nearest to the old position.
3. **fuzzy**: a stretch of text at least `min_score` (85) similar to the quote, its ends
   fitted character by character and snapped to whole words. Quotes under 20 characters
   are never placed fuzzily (one changed letter of a short quote is a different quote).
   The best candidate is REFUSED when its numbers (values from
   `reader.ingest.numbers.extract_numbers`, as a multiset) differ from the quote's: "30,000"
   is not "300,000" with a typo, and a note about a number must not slide onto another.
4. **orphan**: none of the above. The note stays in the file unchanged, listed with its
   quote, never attached elsewhere.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Literal

from rapidfuzz import fuzz

from reader.ingest.numbers import extract_numbers, figure
from reader.store.codec import Note, Target

Method = Literal["exact", "moved", "fuzzy", "orphan"]

MIN_SCORE = 85.0
"""Least similarity (0-100, `fuzz.ratio`) of a fuzzy placement to the quote."""
MIN_FUZZY_CHARS = 20
"""Shorter quotes are placed only verbatim."""
_SEEDS = 5
"""Fuzzy candidates fitted in detail, the best-scoring rough windows that do not overlap."""
_WORD_START = re.compile(r"(?<!\w)\w")


@dataclass(frozen=True)
class Placement:
    """Where a quote was found in the current text."""

    start: int
    """Offset of the first character."""
    end: int
    """Offset one past the last character."""
    method: Method
    """How it was found: "exact", "moved" or "fuzzy"."""
    score: float
    """Similarity 0-100 of text[start:end] to the quote."""


@dataclass(frozen=True)
class Anchored:
    """One target of a note, placed on the current text of its article (or not)."""

    annotation_id: str
    """The note's id."""
    source: str
    """The article file name."""
    start: int | None
    """Offset in the current article text, None for an orphan."""
    end: int | None
    """Offset one past the end, None for an orphan."""
    method: Method
    """"exact", "moved", "fuzzy", or "orphan" when it could not be placed."""
    score: float = 0.0
    """Similarity 0-100 of the placed text to the stored quote (0 for orphans)."""
    quote: str = ""
    """The stored quote, to list orphans with."""

    @property
    def placed(self) -> bool:
        """Whether the target has a place in the current text."""
        return self.method != "orphan"


def anchor(
    text: str | None, target: Target, *, annotation_id: str = "", min_score: float = MIN_SCORE
) -> Anchored:
    """Place one target on the current text of its article.

    Args:
        text: The article's current text (`load_article(path).text`), or None when the
            article is missing or unreadable.
        target: The stored selectors.
        annotation_id: The note's id, carried into the result.
        min_score: Least similarity of a fuzzy placement.

    Returns:
        The placement, method "orphan" with no offsets when none was found.
    """
    found = None
    if text is not None:
        found = locate(text, target.exact, prefix=target.prefix, suffix=target.suffix,
                       start=target.start, min_score=min_score)  # fmt: skip
    if found is None:
        return Anchored(annotation_id, target.source, None, None, "orphan", 0.0, target.exact)
    return Anchored(annotation_id, target.source, found.start, found.end, found.method,
                    found.score, target.exact)  # fmt: skip


def anchor_note(note: Note, texts: Mapping[str, str | None]) -> tuple[Anchored, ...]:
    """Place every target of a note.

    Args:
        note: The note.
        texts: Current article text by file name; a missing name makes an orphan.

    Returns:
        One result per target, in the note's order.
    """
    return tuple(anchor(texts.get(t.source), t, annotation_id=note.id) for t in note.targets)


def anchor_notes(notes: Iterable[Note], texts: Mapping[str, str | None]) -> tuple[Anchored, ...]:
    """Place every target of every note (see `anchor_note`)."""
    return tuple(a for note in notes for a in anchor_note(note, texts))


def locate(
    text: str,
    exact: str,
    *,
    prefix: str = "",
    suffix: str = "",
    start: int | None = None,
    min_score: float = MIN_SCORE,
) -> Placement | None:
    """Find a quote in the current text (the steps are in the module docstring).

    Args:
        text: The current text.
        exact: The quote.
        prefix: Text that preceded the quote.
        suffix: Text that followed the quote.
        start: The quote's old offset, if known.
        min_score: Least similarity of a fuzzy placement.

    Returns:
        The placement, or None when the quote cannot be placed.
    """
    if not exact:
        return None
    if start is not None and text[start : start + len(exact)] == exact:
        return Placement(start, start + len(exact), "exact", 100.0)
    hits = []
    at = text.find(exact)
    while at != -1:
        hits.append((at, at + len(exact)))
        at = text.find(exact, at + 1)
    if not hits and exact.split():
        # Only whitespace changed (reflow, double spaces, a line break moved).
        pattern = r"\s+".join(map(re.escape, exact.split()))
        hits = [m.span() for m in re.finditer(pattern, text)]
    if hits:

        def rank(hit: tuple[int, int]) -> tuple[float, int]:
            # Best context first; among equals, the one nearest the saved offset.
            return _context(text, hit[0], hit[1], prefix, suffix), -_far(hit[0], start)

        a, b = max(hits, key=rank)
        return Placement(a, b, "moved", fuzz.ratio(exact, text[a:b]))
    return _fuzzy(text, exact, prefix, suffix, start, min_score)


def _fuzzy(
    text: str, exact: str, prefix: str, suffix: str, start: int | None, min_score: float
) -> Placement | None:
    if len(exact.strip()) < MIN_FUZZY_CHARS or not text:
        return None
    size = len(exact)
    seeds = {m.start() for m in _WORD_START.finditer(text)}
    if start is not None:
        seeds.add(min(start, len(text) - 1))
    rough = []
    for s in seeds:
        score = fuzz.ratio(exact, text[s : s + size], score_cutoff=min_score - 15)
        if score:
            rough.append((score, -_far(s, start), s))
    picked: list[int] = []
    for _, _, s in sorted(rough, reverse=True):
        if all(abs(s - p) > size // 2 for p in picked):
            picked.append(s)
            if len(picked) == _SEEDS:
                break
    best: tuple[float, float, int, int] | None = None
    for s in picked:
        a, b = _fit(text, exact, s, min(len(text), s + size))
        a, b = _snap(text, a, b, exact, prefix, suffix)
        score = fuzz.ratio(exact, text[a:b])
        if score < min_score:
            continue
        near = 1 - min(1.0, _far(a, start) / len(text)) if start is not None else 0.0
        weight = 50 * score / 100 + 20 * _context(text, a, b, prefix, suffix) / 200 + 2 * near
        if best is None or (weight, score) > best[:2]:
            best = (weight, score, a, b)
    if best is None:
        return None
    _, score, a, b = best
    if _values(text[a:b]) != _values(exact):
        return None  # refused: a number changed, so this is not the passage quoted
    return Placement(a, b, "fuzzy", score)


def _fit(text: str, exact: str, a: int, b: int) -> tuple[int, int]:
    """Move each end of text[a:b], nearest offsets first, to raise its similarity to `exact`."""
    reach = max(4, len(exact) // 8)
    best = fuzz.ratio(exact, text[a:b])
    for _ in range(2):
        for moving_start in (True, False):
            pivot = a if moving_start else b
            for step in sorted(range(-reach, reach + 1), key=abs):
                x = pivot + step
                lo, hi = (x, b) if moving_start else (a, x)
                if not 0 <= lo < hi <= len(text):
                    continue
                score = fuzz.ratio(exact, text[lo:hi])
                if score > best:
                    best, a, b = score, lo, hi
    return a, b


def _snap(text: str, a: int, b: int, exact: str, prefix: str, suffix: str) -> tuple[int, int]:
    """Widen a fitted span to whole words (and numbers) where the quote had whole words."""
    if not _joined(prefix[-2:] + exact[:2], len(prefix[-2:])):
        while _joined(text, a):
            a -= 1
        if not exact[:1].isspace():
            while a < b and text[a].isspace():
                a += 1
    if not _joined(exact[-2:] + suffix[:2], len(exact[-2:])):
        while _joined(text, b):
            b += 1
        if not exact[-1:].isspace():
            while b > a and text[b - 1].isspace():
                b -= 1
    return a, b


def _joined(text: str, i: int) -> bool:
    """Whether offset i falls inside a word or a number ("300,|000" included)."""
    if i <= 0 or i >= len(text):
        return False
    left, right = text[i - 1], text[i]
    if left.isalnum() and right.isalnum():
        return True
    if left in ",." and right.isdigit():
        return i >= 2 and text[i - 2].isdigit()
    return right in ",." and left.isdigit() and i + 1 < len(text) and text[i + 1].isdigit()


def _context(text: str, a: int, b: int, prefix: str, suffix: str) -> float:
    """Similarity 0-200 of the text around a span to the stored prefix plus suffix."""
    before = text[max(0, a - len(prefix)) : a]
    return fuzz.ratio(prefix, before) + fuzz.ratio(suffix, text[b : b + len(suffix)])


def _far(offset: int, start: int | None) -> int:
    return abs(offset - start) if start is not None else offset


def _values(text: str) -> Counter[float | str]:
    figures = (figure(m) for m in extract_numbers(text))
    return Counter(round(f, 6) if isinstance(f, float) else f for f in figures)
