"""The data every stage passes on: frozen dataclasses holding tuples.

Offsets (`start`, `end`) always index `Article.text`, the decoded file text with `\n`
line endings (what Python's text-mode read returns). For HTML input, `Article.text` is
the extracted main text.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Literal

RowKind = Literal["same", "changed", "moved", "left_only", "right_only"]
NumberKind = Literal["count", "percent", "money", "year", "date", "ordinal", "decimal"]


@dataclass(frozen=True)
class Span:
    """A stretch of an article's text."""

    start: int
    """Offset of the first character."""
    end: int
    """Offset one past the last character."""


@dataclass(frozen=True)
class Metadata:
    """What is known about an article; unknown stays None."""

    title: str | None = None
    """Headline."""
    outlet: str | None = None
    """Publication name or domain."""
    date: str | None = None
    """Publication date as YYYY-MM-DD."""
    byline: str | None = None
    """Author or agency credited."""
    url: str | None = None
    """Address of the original page."""


@dataclass(frozen=True)
class Sentence:
    """One body sentence."""

    index: int
    """Position among the article's body sentences."""
    start: int
    """Offset of the first character in Article.text."""
    end: int
    """Offset one past the last character in Article.text."""
    text: str
    """Clean display text: Markdown markup removed, whitespace folded."""
    norm: str
    """Normalised form used for matching: lower case, straight quotes, no punctuation."""
    paragraph: int
    """Index of the paragraph holding it."""
    claim: str = ""
    """What the sentence states, normalised: the quoted words when a direct quotation
    makes up most of it (the attribution around it is set aside), else `norm`."""


@dataclass(frozen=True)
class Paragraph:
    """A paragraph: one or more lines of the source, repaired when broken mid-sentence."""

    index: int
    """Position among the article's paragraphs (body and boilerplate alike)."""
    start: int
    """Offset of the first character."""
    end: int
    """Offset one past the last character."""
    boilerplate: str | None
    """Why this paragraph is not article text ('ad', 'copyright', 'title'...), or None for body."""
    sentences: tuple[int, ...] = ()
    """Indices of the body sentences it holds."""


@dataclass(frozen=True)
class Article:
    """A loaded, segmented article."""

    path: Path
    """Where it was read from."""
    text: str
    """Decoded text, `\n` line endings; all offsets index it."""
    metadata: Metadata
    """Title, outlet, date, byline, URL."""
    paragraphs: tuple[Paragraph, ...]
    """All paragraphs in order."""
    sentences: tuple[Sentence, ...]
    """Body sentences in order (boilerplate excluded)."""
    boilerplate: tuple[Span, ...]
    """Spans that are not article text (ads, notices, headline, datelines)."""
    notices: tuple[str, ...] = ()
    """Things worth telling the user about this file (encoding guessed, HTML extracted)."""
    short: str | None = None
    """A short name unique within its folder ('000' for '000_9df7….txt',
    `reader.ingest.names`), set by whoever reads the whole folder; None when unknown."""

    @property
    def name(self) -> str:
        """The file name, which identifies the article within its folder."""
        return self.path.name

    @property
    def label(self) -> str:
        """A short human name: the outlet when known, else the file's short name within
        its folder, else the file name."""
        return self.metadata.outlet or self.short or self.path.name


@dataclass(frozen=True)
class NumberMention:
    """A number as written in a text, with its value."""

    start: int
    """Offset of the first character in the text it was extracted from."""
    end: int
    """Offset one past the last character."""
    text: str
    """The words as written: '300,000', 'half a million', 'two-month', '$4.2bn'."""
    value: float
    """Its value: 300000.0, 500000.0, 2.0, 4.2e9. Percent values are the number (3.1 for 3.1%)."""
    kind: NumberKind
    """What sort of number it is."""
    approximate: bool = False
    """Vague quantities: 'dozens', 'hundreds', 'thousands of'."""
    unit: str | None = None
    """Currency symbol or code, '%', or the counted noun when evident ('civilians')."""


@dataclass(frozen=True)
class NumberDiff:
    """Two mentions, one per side, that speak of the same quantity."""

    left: NumberMention
    """The left article's mention (offsets into the left text)."""
    right: NumberMention
    """The right article's mention (offsets into the right text)."""
    differs: bool
    """True when the values differ."""
    ratio: float | None = None
    """larger / smaller when they differ and both are non-zero (3,000 vs 300,000 -> 100.0)."""


@dataclass(frozen=True)
class WordOp:
    """One step of the word-level difference inside a changed row (difflib opcode style)."""

    tag: Literal["equal", "replace", "delete", "insert", "move"]
    """What happened to these words. "move": the same words in another place of the
    sentence (`left` where they were, `right` where they are; either may be empty when a
    word moved out of one step into another)."""
    left: tuple[Span, ...]
    """Affected left words, as spans into the left text."""
    right: tuple[Span, ...]
    """Affected right words, as spans into the right text."""


@dataclass(frozen=True)
class Row:
    """One line of the alignment: matching sentences, or a sentence without counterpart."""

    kind: RowKind
    """same / changed / moved / left_only / right_only."""
    left: tuple[int, ...]
    """Indices of left body sentences (two for a merge)."""
    right: tuple[int, ...]
    """Indices of right body sentences (two for a split)."""
    score: float = 0.0
    """Similarity 0-100 of the two sides."""
    words: tuple[WordOp, ...] = ()
    """Word-level differences (changed and moved rows)."""
    numbers: tuple[NumberDiff, ...] = ()
    """Numbers paired across the row, differing or not."""

    @property
    def shown_score(self) -> int:
        """The score as printed: whole, and under 100 when words differ, however little
        (99.6 is not shown as 100): a changed row, or a moved one with words changed."""
        score = round(self.score)
        differs = self.kind == "changed" or any(w.tag != "equal" for w in self.words)
        return min(score, 99) if differs else score


@dataclass(frozen=True)
class Comparison:
    """The whole comparison of two articles."""

    left: Article
    """The left article."""
    right: Article
    """The right article."""
    rows: tuple[Row, ...]
    """Every body sentence of each side lands in exactly one row."""
    missing_in_right: tuple[int, ...] = field(default=())
    """Left paragraphs none of whose sentences has a counterpart on the right."""
    missing_in_left: tuple[int, ...] = field(default=())
    """Right paragraphs none of whose sentences has a counterpart on the left."""
