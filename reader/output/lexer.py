"""A Pygments lexer for news prose: numbers, quotations and attributions.

Owns what counts as a number, a quotation and an attribution when the text is
highlighted. The token types are standard Pygments ones, so any formatter (the terminal
interface through `reader.ui.render`, the HTML report through `reader.output.report`) can
style them:

| Token            | What                                                    |
| :-               | :-                                                      |
| `Number`         | 3,000 · 4.2bn · 12% · $5m · two-month · hundreds        |
| `String`         | a quotation, inside straight, curly or TeX-style (``…'') double quotes |
| `String.Delimiter` | the quote marks themselves                             |
| `Name.Attribute` | said, told, according to, claimed, denied...            |
| `Text`           | everything else                                         |

A stretch that starts inside a quotation (the second sentence of a quotation that runs
over several, `now," said X.`) is lexed from inside it: told by the paragraph before it
(`quote_open_at_end`) when the caller has it, else by its own first quote mark.

Pure: no Textual import, nothing of `reader.ui`.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence

from pygments.lexer import RegexLexer, bygroups, include, words
from pygments.token import Name, Number, String, Text, Whitespace, _TokenType

from reader.align.memo import per_article
from reader.core.model import Article

__all__ = ["NewsLexer", "opening_in_quote", "quote_open_at_end", "token_spans"]

_NUMBER_WORDS = (
    "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten",
    "eleven", "twelve", "thirteen", "fourteen", "fifteen", "sixteen", "seventeen",
    "eighteen", "nineteen", "twenty", "thirty", "forty", "fifty", "sixty", "seventy",
    "eighty", "ninety", "hundred", "hundreds", "thousand", "thousands", "million",
    "millions", "billion", "billions", "dozen", "dozens", "half", "quarter",
)  # fmt: skip
_ATTRIBUTIONS = (
    "according to", "said", "says", "say", "told", "tells", "claimed", "claims", "added",
    "adds", "explained", "stated", "reported", "reports", "announced", "denied", "denies",
    "confirmed", "confirms", "insisted", "warned", "wrote", "tweeted", "alleged",
    "acknowledged", "admitted", "noted", "argued", "echoed", "quoted", "quoting",
)  # fmt: skip

_DIGITS = (
    r"[$£€]?\d+(?:[.,\u00a0]\d+)*"  # 3,000 · 4.2 · $5
    r"(?:\s?(?:%|per\s?cent|percent|bn|billion|m\b|mn|million|k\b|thousand))?"
    r"(?:-\w+)?"  # 12-year, two-month
)


_OPEN = r"``|[\"\u201c\u201e\u00ab]"
_CLOSE = r"''|[\"\u201d\u00bb]"
_MARK = re.compile(r"``|''|[\"\u201c\u201d\u201e\u00ab\u00bb]")
_CLOSING_STRAIGHT = re.compile(r"(?<=[^\s(\[])\"(?=[\s,.;:!?)\]]|$)")


def quote_open_at_end(text: str, start: int = 0, end: int | None = None, *,
                      inside: bool = False) -> bool:  # fmt: skip
    """Whether `end` (default: the end of `text`) lies inside a quotation when `start` does
    or not (`inside`): the marks between opened one and have not closed it. A straight
    quote opens after a space or at the start and before a word, else closes. Scanning a
    paragraph sentence by sentence passes each result on as the next `inside`."""
    for m in _MARK.finditer(text, start, len(text) if end is None else end):
        mark = m.group(0)
        if mark in ("``", "\u201c", "\u201e", "\u00ab"):
            inside = True
        elif mark in ("''", "\u201d", "\u00bb"):
            inside = False
        else:
            before = text[m.start() - 1] if m.start() > start else " "
            after = text[m.end()] if m.end() < len(text) else " "
            opening = before.isspace() or before in "(["
            inside = opening and not after.isspace()
    return inside


def opening_in_quote(article: Article) -> frozenset[int]:
    """The sentences of an article that start inside a quotation their paragraph opened
    before them (one pass over each paragraph, kept with the article)."""

    def scan() -> frozenset[int]:
        out: set[int] = set()
        paragraph, at, inside = -1, 0, False
        for s in article.sentences:
            if s.paragraph != paragraph:
                paragraph, at, inside = s.paragraph, article.paragraphs[s.paragraph].start, False
            inside = quote_open_at_end(article.text, at, s.start, inside=inside)
            if inside:
                out.add(s.index)
            at = s.start
        return frozenset(out)

    return per_article(article, "opening-in-quote", scan)


def opens_inside_quote(text: str) -> bool:
    """Whether `text` starts inside a quotation: its first quote mark is a closing one (a
    right curly quote, TeX-style '', or a straight quote after a word and before a space or
    punctuation)."""
    first = _MARK.search(text)
    if first is None:
        return False
    mark = first.group(0)
    if mark in ("''", "\u201d", "\u00bb"):
        return True
    return mark == '"' and _CLOSING_STRAIGHT.match(text, first.start()) is not None


class NewsLexer(RegexLexer):
    """Highlights numbers, quotations and attributions in news prose."""

    name = "News prose"
    aliases = ["news"]  # noqa: RUF012 - Pygments reads these class attributes as lists
    filenames: list[str] = []  # noqa: RUF012
    flags = 0

    tokens = {  # noqa: RUF012
        "numbers": [
            (_DIGITS, Number),
            (words(_NUMBER_WORDS, prefix=r"(?i)\b", suffix=r"(?:-\w+)?\b"), Number),
        ],
        "attributions": [
            (words(_ATTRIBUTIONS, prefix=r"(?i)\b", suffix=r"\b"), Name.Attribute),
        ],
        "root": [
            (r"\s+", Whitespace),
            (_OPEN, String.Delimiter, "quote"),
            include("numbers"),
            include("attributions"),
            (r"\w+", Text),
            (r".", Text),
        ],
        "quote": [
            (_CLOSE, String.Delimiter, "#pop"),
            include("numbers"),
            (r"(\s+)", bygroups(String)),
            (r"(?:[^\"\u201d\u00bb\s\d$£€']|'(?!'))+", String),
            (r".", String),
        ],
    }

    def get_tokens_unprocessed(  # type: ignore[override]
        self, text: str, stack: Sequence[str] | None = None
    ) -> Iterator[tuple[int, _TokenType, str]]:
        """Pygments' tokens, from inside a quotation when `text` opens inside one (unless a
        `stack` is given)."""
        if stack is None:
            stack = ("root", "quote") if opens_inside_quote(text) else ("root",)
        return super().get_tokens_unprocessed(text, stack)


_LEXER = NewsLexer(stripnl=False, ensurenl=False)


def token_spans(text: str, inside: bool | None = None) -> Iterator[tuple[int, int, _TokenType]]:
    """Highlighted stretches of `text`, plain text and whitespace left out.

    Args:
        text: One stretch of prose (a sentence or a paragraph).
        inside: Whether it starts inside a quotation (`quote_open_at_end` of the paragraph
            before it); None: as its own first quote mark says (`opens_inside_quote`).

    Returns:
        (start, end, token type) for every number, quotation part and attribution.
    """
    start = end = 0
    current: _TokenType | None = None
    stack = None if inside is None else ("root", "quote") if inside else ("root",)
    for index, token, value in _LEXER.get_tokens_unprocessed(text, stack):
        kind = None if token in Text or token in Whitespace else token
        if kind is current and index == end:
            end = index + len(value)
            continue
        if current is not None:
            yield start, end, current
        start, end, current = index, index + len(value), kind
    if current is not None:
        yield start, end, current
