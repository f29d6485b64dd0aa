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
