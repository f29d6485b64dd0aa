"""Newsroom text formats: wire copy with paragraph marks, rule lines, slug lines.

Owns the shapes agency copy takes on the wire, recognised by shape, never by agency:

- paragraph marks: a control byte opening a paragraph (the ASCII separators that wire
  systems used, e.g. 0x19) and a `<` closing it, around lines hard-wrapped at about 75
  columns; a file that uses them says where every paragraph begins and ends, whatever
  its line breaks;
- rule lines (`------`), which frame a header block;
- slug lines: a transmission time and date, a page number, the desk and a catch-word
  (`14:47 14/07/99: Page 3 (HHH) COURTS Grobbelaar`).

Paragraph spans exclude the marks themselves, so a sentence never starts with a control
byte or ends with `<`; offsets still index the file's text unchanged.
"""

from __future__ import annotations

import re

_LINE = re.compile(r"[^\n]*\n?")
_OPEN_MARK = re.compile(r"[\x01-\x06\x0e-\x1a\x1c-\x1f][ \t]*")
"""A control byte opening a line (the separators wire systems used; never ESC, BEL or
backspace, which begin terminal sequences a file must show, not hide), and blanks after."""
_CLOSE_MARK = re.compile(r"[ \t]*<[ \t]*$")
RULE = re.compile(r"^\s*([-=_*~+#.])\1{4,}\s*$")
"""A line drawn with one repeated character."""
SLUG = re.compile(r"^\s*\d{1,2}[:.]\d{2}\s+\d{1,2}/\d{1,2}/\d{2,4}\b[^.!?]{0,80}$")
"""A transmission time and date opening a short header line."""
_SLUG_DATE = re.compile(r"\b(\d{1,2})/(\d{1,2})/(\d{2}|\d{4})\b")
MIN_MARKS = 2
"""Lines that must carry a mark before a file counts as marked."""


def has_paragraph_marks(text: str, start: int = 0) -> bool:
    """Whether the text marks its paragraphs with control bytes or closing `<`."""
    marks = 0
    for m in _LINE.finditer(text, start):
        if m.start() == m.end():
            break
        line = m.group(0).rstrip("\n")
        if _OPEN_MARK.match(line) or (_CLOSE_MARK.search(line) and line.strip() != "<"):
            marks += 1
            if marks >= MIN_MARKS:
                return True
    return False


def marked_paragraphs(text: str, start: int = 0) -> list[tuple[int, int]]:
    """Paragraph spans of a marked text, marks excluded.

    A paragraph ends at a line closed by `<`, before a line opened by a control byte, at
    a blank line, and around a rule line (which is a paragraph of its own, for the
    boilerplate rules to set aside).

    Args:
        text: The article text.
        start: Where the article begins.

    Returns:
        (start, end) spans, trimmed of blanks and marks.
    """
    spans: list[tuple[int, int]] = []
    current: list[int] | None = None

    def close() -> None:
        nonlocal current
        if current is not None and current[1] > current[0]:
            spans.append((current[0], current[1]))
        current = None

    for m in _LINE.finditer(text, start):
        if m.start() == m.end():
            break
        line = m.group(0).rstrip("\n")
        a = m.start()
        b = a + len(line)
        if not line.strip():
            close()
            continue
        if RULE.match(line):
            close()
            lead = len(line) - len(line.lstrip())
            spans.append((a + lead, a + len(line.rstrip())))
            continue
        opened = _OPEN_MARK.match(line)
        if opened:
            close()
            a += opened.end()
        closed = _CLOSE_MARK.search(line)
        end = (m.start() + closed.start()) if closed else b
        lead = len(text[a:end]) - len(text[a:end].lstrip())
        a += lead
        end = a + len(text[a:end].rstrip())
        if current is None:
            current = [a, end]
        elif end > a:
            current[1] = end
        if closed:
            close()
    close()
    return spans


_INNER_MARK = re.compile(r"[ \t]*<?\s*[\x01-\x06\x0e-\x1a\x1c-\x1f]+[ \t]*")
"""A paragraph mark inside a span: an optional closing `<`, line breaks, separator bytes
(as `_OPEN_MARK`: never ESC, BEL or backspace, which a file must show, not hide)."""


def cut_at_marks(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """A span cut where a paragraph mark sits inside it, marks excluded.

    A control byte is never part of a sentence: where paragraphs were joined across a mark
    (the first stopped mid-sentence: 'at the crimes<' then a new paragraph), the mark still
    ends one sentence and opens the next, and neither shows a `<` or the byte.

    Args:
        text: The article text.
        start: Where the span begins.
        end: Where it ends.

    Returns:
        (start, end) spans, trimmed, in order; the span itself when it holds no mark.
    """
    out: list[tuple[int, int]] = []
    a = start
    for m in _INNER_MARK.finditer(text, start, end):
        out.append((a, m.start()))
        a = m.end()
    out.append((a, end))
    trimmed = []
    for x, y in out:
        piece = text[x:y]
        lead = len(piece) - len(piece.lstrip())
        x, y = x + lead, x + len(piece.rstrip())
        if y > x:
            trimmed.append((x, y))
    return trimmed


_SLUG_FURNITURE = re.compile(
    r"^\s*\d{1,2}[:.]\d{2}\s+\d{1,2}/\d{1,2}/\d{2,4}:?\s*(?:page\s+\d+\s*)?(?:\([^)]*\)\s*)?",
    re.IGNORECASE,
)


_CAMEL = re.compile(r"(?<=[a-z])(?=[A-Z])")


def slug_words(line: str) -> str:
    """What a slug line says of its story: the desk and catch-words after the time, date,
    page and priority ('SHOWBIZ McCartney Internet'; a run-together word in its parts,
    'Star Wars' for 'StarWars');
    '' for a line that is no slug."""
    if not SLUG.match(line):
        return ""
    # Catch-words are often run together ('StarWars'): their capitals part them.
    out = []
    for word in _SLUG_FURNITURE.sub("", line).split():
        parts = _CAMEL.sub(" ", word).split()
        # Parts of three letters or more: 'Star Wars', never 'Mc Cartney'.
        out.append(word if len(parts) < 2 or min(map(len, parts)) < 3 else " ".join(parts))
    return " ".join(out)


def slug_date(line: str) -> str | None:
    """The date of a slug line as YYYY-MM-DD (day first; two-digit years 19xx from 50)."""
    m = _SLUG_DATE.search(line)
    if not m or not SLUG.match(line):
        return None
    day, month, year = int(m.group(1)), int(m.group(2)), int(m.group(3))
    if year < 100:
        year += 1900 if year >= 50 else 2000
    if not (1 <= month <= 12 and 1 <= day <= 31):
        return None
    return f"{year:04d}-{month:02d}-{day:02d}"
