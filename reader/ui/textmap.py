"""Display text for a stretch of an article, with a map back to source offsets.

Owns the translation between offsets into `Article.text` (what the core's spans index)
and offsets into the text shown on screen. The shown text drops inline Markdown markup
(link targets, emphasis markers, heading hashes, like `reader.ingest.text.display_text`),
folds whitespace runs to one space, drops invisible characters and writes control
characters as visible `\\xNN` escapes, so an ANSI sequence in a file is seen, never obeyed.

Pure: no Textual import.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import lru_cache

from rich.cells import cell_len

# The marks of the core's patterns (reader.ingest.text), in groups 1 and 2. As there, no
# pattern may scan past the next opening mark of its own kind: a paragraph can be a 2 MB
# line of '[' or '*a ', and a scan to the end from every opening is quadratic.
_MD_IMAGE = re.compile(r"(!\[)[^\[\]]*(\]\((?:[^()]|\([^()]*\))*\))")
_MD_LINK = re.compile(r"(\[)[^\[\]]+(\]\((?:[^()]|\([^()]*\))*\))")
_MD_AUTOLINK = re.compile(r"(<)(?:https?|ftp)://[^<>\s]+(>)")
_MD_EMPHASIS = re.compile(r"(\*\*|__|\*|_|~~)(?=\S)(?:(?!\1).)+?(?<=\S)(\1)")
_MD_HEADING = re.compile(r"^\s{0,3}#{1,6}\s+")
# One backtick each side of some code; a doubled backtick is a TeX-style opening quote
# (``like this'' in wire copy), not an empty code span.
_MD_CODE = re.compile(r"(?<!`)(`)(?!`)[^`\n]+(?<!`)(`)(?!`)")
_INVISIBLE = frozenset(
    "\u200b\u200c\u200d\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u2060\u2061\u2062\u2063"
    "\u2064\u2066\u2067\u2068\u2069\ufeff\u00ad"
)


_SPECIAL = re.compile(
    "[\x00-\x1f\x7f-\x9f*_`~\\[<#!\u200b-\u200f\u202a-\u202e\u2060-\u2064\u2066-\u2069\ufeff\u00ad]"
    "|\\s\\s|[^\\S ]"
)
"""Anything `shown` would change: control, markup, invisible characters, odd whitespace."""


def _is_control(char: str) -> bool:
    code = ord(char)
    return code < 0x20 or 0x7F <= code <= 0x9F


@dataclass(frozen=True, slots=True)
class Shown:
    """Text as displayed, with the source offset of every displayed character."""

    text: str
    """The display text: one line, no markup, control characters escaped."""
    source: Sequence[int]
    """`source[i]` is the offset in the article text that display character `i` comes from
    (a `range` when the text is shown as it stands: most sentences)."""

    def locate(self, start: int, end: int) -> tuple[int, int] | None:
        """Display offsets of a source span.

        Args:
            start: Source offset of the first character.
            end: Source offset one past the last character.

        Returns:
            The display span covering the shown characters of the source span, or None
            when none of them is shown.
        """
        lo = bisect.bisect_left(self.source, start)
        hi = bisect.bisect_left(self.source, end)
        return (lo, hi) if hi > lo else None

    @staticmethod
    def join(pieces: Iterable[Shown]) -> Shown:
        """Join stretches with one space between each two (a merged row, a paragraph).

        Linear in the total length. There is no `+`: joining a paragraph's sentences
        one by one copies the map once per sentence (quadratic: a 2 MB paragraph took
        minutes to show).

        Args:
            pieces: The stretches in order; empty ones are left out.

        Returns:
            The joined text; each joining space maps to just after the stretch before it.
        """
        texts: list[str] = []
        source: list[int] = []
        only: Shown | None = None
        for piece in pieces:
            if not piece.text:
                continue
            if texts:
                source.append(source[-1] + 1)
                only = None
            else:
                only = piece
            texts.append(piece.text)
            source.extend(piece.source)
        if only is not None:
            return only  # nothing joined: no copy
        return Shown(" ".join(texts), tuple(source))


def _markup(text: str) -> Iterable[tuple[int, int]]:
    """Spans of inline Markdown markup characters inside `text` (local offsets)."""
    heading = _MD_HEADING.match(text)
    if heading:
        yield heading.span()
    for pattern in (_MD_IMAGE, _MD_LINK, _MD_AUTOLINK, _MD_CODE, _MD_EMPHASIS):
        for match in pattern.finditer(text):
            yield match.span(1)
            yield match.span(2)


@lru_cache(maxsize=16384)
def shown(text: str, start: int, end: int, *, markdown: bool = True) -> Shown:
    """The display text of `text[start:end]`.

    Args:
        text: The whole article text.
        start: First source offset.
        end: One past the last source offset.
        markdown: Drop inline Markdown markup characters.

    Returns:
        The display text and its map to source offsets.
    """
    piece = text[start:end]
    if not _SPECIAL.search(piece) and piece == piece.strip():
        return Shown(piece, range(start, end))  # the common case: nothing to change
    dropped = bytearray(len(piece))
    if markdown:
        for lo, hi in _markup(piece):
            dropped[lo:hi] = b"\x01" * (hi - lo)
    chars: list[str] = []
    source: list[int] = []
    pending_space = -1
    for i, char in enumerate(piece):
        if dropped[i] or char in _INVISIBLE:
            continue
        if char.isspace():
            if pending_space < 0 and chars:
                pending_space = start + i
            continue
        if pending_space >= 0:
            chars.append(" ")
            source.append(pending_space)
            pending_space = -1
        if _is_control(char):
            escape = f"\\x{ord(char):02x}"
            chars.extend(escape)
            source.extend([start + i] * len(escape))
        else:
            chars.append(char)
            source.append(start + i)
    return Shown("".join(chars), tuple(source))


def plain(text: str) -> str:
    """A short string (label, title, file name) fit for one screen line."""
    return shown(text, 0, len(text), markdown=False).text


def wrap(text: str, width: int) -> list[tuple[int, int]]:
    """Word-wrap one line of text to `width` terminal cells.

    Linear in the length of the text, however long its words: a 2 MB line without a
    space is cut into pieces without measuring what is left of it after each cut.

    Args:
        text: Text without newlines.
        width: Cells available (at least 1).

    Returns:
        (start, end) of each visual line; the spaces where lines break are left out. Words
        longer than the width are cut. Empty text gives one empty line.
    """
    width = max(1, width)
    ascii_only = text.isascii()
    measure = len if ascii_only else cell_len  # ASCII: one cell a character
    lines: list[tuple[int, int]] = []
    line_start = line_end = -1
    used = 0
    pos = 0
    for word in text.split(" "):
        start, end = pos, pos + len(word)
        pos = end + 1
        if not word:
            continue
        size = measure(word)
        if line_start >= 0 and used + 1 + size <= width:
            line_end, used = end, used + 1 + size
            continue
        if line_start >= 0:
            lines.append((line_start, line_end))
        if size > width:  # cut a word wider than the pane
            if ascii_only:
                cut = end - (size - 1) % width - 1  # where its last piece starts
                lines.extend((at, at + width) for at in range(start, cut, width))
                start, size = cut, end - cut
            else:
                start, size = _cut(text, start, end, width, lines)
        line_start, line_end, used = start, end, size
    if line_start >= 0:
        lines.append((line_start, line_end))
    return lines or [(0, 0)]


def _cut(
    text: str, start: int, end: int, width: int, lines: list[tuple[int, int]]
) -> tuple[int, int]:
    """Cut `text[start:end]` (wider than `width`) into pieces of at most `width` cells,
    character by character; append all but the last to `lines`.

    Returns:
        The start of the last piece and its cells.
    """
    cells = 0
    for at in range(start, end):
        size = cell_len(text[at])
        if cells + size > width and at > start:
            lines.append((start, at))
            start, cells = at, 0
        cells += size
    return start, cells
