"""Cut an article's text into paragraphs and sentences with exact source offsets.

Owns paragraph detection (blank lines, one-paragraph-per-line files, hard-wrapped blocks),
the repair of paragraphs broken mid-sentence, and sentence boundaries. Boundaries come from
pysbd (rule-based: abbreviations such as "Capt." and "U.S.", decimals, ellipses), corrected
by `boundaries` (abbreviations pysbd does not know, attributions, one sentence per quoted
sentence); this module maps them back to offsets, so every `Sentence.start/end` indexes
`Article.text` exactly.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from itertools import pairwise

import pysbd

from reader.core.model import Paragraph, Sentence, Span
from reader.ingest.boilerplate import (
    LIST_ITEM,
    classify,
    cue,
    ends_like_sentence,
    leading_dateline,
    word_count,
)
from reader.ingest.boundaries import merge, split_quotations
from reader.ingest.newsroom import cut_at_marks, has_paragraph_marks, marked_paragraphs
from reader.ingest.numbers import hash_is_pound
from reader.ingest.reflow import paragraph_spans
from reader.ingest.text import claim_key, display_text, match_key

# "last week.Jets flying": a full stop glued to the next sentence's capital.
_GLUED = re.compile(r"(?<=[a-z]{2}[.!?])(?=[A-Z][a-z])")
WINDOW_CHARS = 4000
"""Longest stretch handed to the sentence splitter at once."""
_BOUNDARY = re.compile(r"[.!?][\"'\u201d\u2019)\]]*\s+(?=[\"\u201c'A-Z])")
MAX_SENTENCE_CHARS = 1000
"""A 'sentence' longer than this (a line with no punctuation) is cut at spaces."""
_CONNECTIVE = frozenset(
    [
        "a",
        "an",
        "the",
        "of",
        "to",
        "in",
        "on",
        "at",
        "by",
        "for",
        "from",
        "with",
        "and",
        "or",
        "but",
        "nor",
        "that",
        "which",
        "who",
        "whom",
        "whose",
        "as",
        "than",
        "into",
        "onto",
        "over",
        "under",
        "about",
        "after",
        "before",
        "between",
        "against",
        "during",
        "without",
    ]
)


@dataclass(frozen=True)
class Segmented:
    """Paragraphs, body sentences and boilerplate spans of one text."""

    paragraphs: tuple[Paragraph, ...]
    """Every paragraph, body and boilerplate."""
    sentences: tuple[Sentence, ...]
    """Body sentences in order."""
    boilerplate: tuple[Span, ...]
    """Spans that are not article text."""


@lru_cache(maxsize=1)
def _segmenter() -> pysbd.Segmenter:
    return pysbd.Segmenter(language="en", clean=False)


# pysbd splits only at these: terminal punctuation, list items ('a)'), quotations.
_SPLITS = re.compile("[.!?\u3002\uff0e\uff01\uff1f)\r\"'\u201c\u201d]")


def _split(window: str) -> list[str]:
    """pysbd's sentences of a window, as `Segmenter.segment` finds them but unplaced.

    `segment` also places each sentence with a regex search from the start of the text
    for every sentence, which is quadratic in the number of identical sentences (a
    window of 2,000 '!' takes seconds); `_sentence_spans` places them itself. A window
    pysbd could not split is one sentence without asking it (a 2 MB run-on line), and
    so is one whose only mark is a full stop, '!' or '?' at its end: one sentence, as
    pysbd finds it, at a fraction of the cost (an article of 60,000 one-sentence
    paragraphs spent half a minute in pysbd).
    """
    last = len(window.rstrip()) - 1  # its last visible character
    if last < 0:
        return [window]
    if not _SPLITS.search(window, 0, last) and (
        window[last] in ".!?" or not _SPLITS.match(window, last)
    ):
        return [window]
    return _segmenter().processor(window).process()


def _continues(prev: str, cur: str) -> bool:
    """Whether paragraph `cur` continues the sentence left open at the end of `prev`."""
    if ends_like_sentence(prev) or cue(prev) or cue(cur):
        return False
    if LIST_ITEM.match(prev) and LIST_ITEM.match(cur):
        return False  # list items ('HIT a child ... cried', 'LEFT a toddler ...') stand apart
    prev_words = prev.split()
    last = prev_words[-1].lower().strip("\"'\u201c\u201d")
    open_end = prev.endswith((",", ";", "-", "\u2013")) or last in _CONNECTIVE
    starts_lower = cur[:1].islower()
    # A line stopping on a lower-case word, not on punctuation ("seize the strategic") and
    # not on a name ("... and Jim Talent": a paragraph that lost its full stop).
    stops_mid_sentence = prev[-1:].islower() and prev_words[-1][:1].islower()
    # A long line stopping so, followed by a line that finishes a sentence.
    return (
        len(prev_words) >= 8
        and (starts_lower or open_end or stops_mid_sentence)
        and ends_like_sentence(cur)
    )


def _paragraph_spans(text: str, start: int) -> list[tuple[int, int]]:
    """Paragraph spans: where the file marks its paragraphs (wire copy), the marks; else
    blank lines, and line breaks that are not wraps (`reflow`)."""
    if has_paragraph_marks(text, start):
        return marked_paragraphs(text, start)
    return paragraph_spans(text, start)


def _repair(text: str, spans: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """Join paragraphs broken mid-sentence across a blank line.

    Within the body, on the evidence of `_continues`; above it, where a headline block may
    stand, only when the break is plain: the next line starts in lower case, or the first
    already holds a sentence end inside it (prose, not a headline).
    """
    body_start = next(
        (
            i
            for i, s in enumerate(spans)
            if ends_like_sentence(text[s[0] : s[1]])
            and word_count(text[s[0] : s[1]]) >= 5
            and cue(text[s[0] : s[1]]) is None
        ),
        len(spans),
    )
    out = spans[:1]
    for i, span in enumerate(spans[1:], start=1):
        prev, cur = text[out[-1][0] : out[-1][1]], text[span[0] : span[1]]
        plain = i > body_start or (
            (cur[:1].islower() or _INNER_END.search(prev)) and word_count(prev) >= _HEAD_BREAK
        )
        if plain and _continues(prev, cur):
            out[-1] = (out[-1][0], span[1])
        else:
            out.append(span)
    return out


_HASH_FIGURE = re.compile(r"#(?=\d)")
"""A '#' written for '£' before a figure."""
_INNER_END = re.compile(r"\b[a-z]{2,}[.!?] +[A-Z]")  # "switched. Divorced", not "Ariz. Gov."
_HEAD_BREAK = 15
"""Fewest words of a paragraph above the body that a broken sentence may continue."""


def _sentence_spans(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """Sentence spans inside text[start:end], trimmed, mapped back to offsets."""
    # Line breaks inside a paragraph are spaces to the splitter (same length: offsets hold).
    chunk = text[start:end].replace("\n", " ")
    pieces: list[tuple[int, int]] = []
    for w0, w1 in _windows(chunk):
        window = chunk[w0:w1]
        cursor = 0
        for raw in _split(window):
            piece = raw.strip()
            if not piece:
                continue
            k = window.find(piece, cursor)
            if k < 0:  # pysbd altered the text; fall back to the running position
                k = cursor + (len(raw) - len(raw.lstrip()))
                piece = window[k : k + len(piece)]
            pieces.append((w0 + k, w0 + k + len(piece)))
            cursor = k + len(piece)
    cursor = pieces[-1][1] if pieces else 0
    if pieces:  # whatever pysbd dropped at the end stays with the last sentence
        tail = chunk[cursor:].rstrip()
        if tail:
            pieces[-1] = (pieces[-1][0], len(tail))
    pieces = split_quotations(chunk, merge(chunk, pieces), _split)
    out: list[tuple[int, int]] = []
    for a, b in pieces:
        cuts = [a] + [a + m.start() for m in _GLUED.finditer(chunk[a:b])] + [b]
        for x, y in pairwise(cuts):
            out.extend((start + p, start + q) for p, q in _bounded(chunk, x, y) if q > p)
    return out


def _windows(chunk: str) -> list[tuple[int, int]]:
    """Cut a long paragraph into windows of at most WINDOW_CHARS for the splitter.

    pysbd's time grows with the square of its input; windows end at a likely sentence
    boundary (terminal punctuation, space, capital) or else at a space, so cutting there
    changes no boundary pysbd would have found.
    """
    out: list[tuple[int, int]] = []
    start = 0
    while len(chunk) - start > WINDOW_CHARS:
        lo, hi = start + WINDOW_CHARS // 2, start + WINDOW_CHARS
        ends = list(_BOUNDARY.finditer(chunk, lo, hi))
        cut = ends[-1].end() if ends else chunk.rfind(" ", lo, hi) + 1
        cut = cut if cut > start else hi
        out.append((start, cut))
        start = cut
    out.append((start, len(chunk)))
    return out


def _bounded(chunk: str, start: int, end: int) -> list[tuple[int, int]]:
    """Cut a run-on 'sentence' (text without punctuation) into pieces of at most
    MAX_SENTENCE_CHARS at spaces, so one huge line cannot become one huge row."""
    out: list[tuple[int, int]] = []
    while end - start > MAX_SENTENCE_CHARS:
        cut = chunk.rfind(" ", start + MAX_SENTENCE_CHARS // 2, start + MAX_SENTENCE_CHARS)
        cut = cut if cut > start else start + MAX_SENTENCE_CHARS
        out.append((start, cut))
        start = cut + 1 if chunk[cut : cut + 1] == " " else cut
    out.append((start, end))
    return out


def segment(text: str, *, body_start: int = 0) -> Segmented:
    """Paragraphs, body sentences and boilerplate of an article text.

    Args:
        text: The decoded article text.
        body_start: Offset where the article begins (after front matter).

    Returns:
        The segmented article; text before `body_start` is boilerplate.
    """
    spans = _repair(text, _paragraph_spans(text, body_start))
    kinds = classify([text[a:b] for a, b in spans])
    # Where the file writes '#' for '£' (wire copy), its sentences match as '£' would.
    pound = hash_is_pound(text)
    boiler: list[Span] = [Span(0, body_start)] if body_start else []
    paragraphs: list[Paragraph] = []
    sentences: list[Sentence] = []
    for p_index, ((a, b), kind) in enumerate(zip(spans, kinds, strict=True)):
        if kind is not None:
            boiler.append(Span(a, b))
            paragraphs.append(Paragraph(p_index, a, b, kind))
            continue
        skip = leading_dateline(text[a:b])
        if skip:
            boiler.append(Span(a, a + skip))
        first = len(sentences)
        for s, e in (
            cut for span in _sentence_spans(text, a + skip, b) for cut in cut_at_marks(text, *span)
        ):
            source = _HASH_FIGURE.sub("£", text[s:e]) if pound else text[s:e]
            key = match_key(source)
            if not key:
                continue
            sentences.append(
                Sentence(
                    len(sentences),
                    s,
                    e,
                    display_text(text[s:e]),
                    key,
                    p_index,
                    claim_key(source),
                )
            )
        paragraphs.append(Paragraph(p_index, a, b, None, tuple(range(first, len(sentences)))))
    return Segmented(tuple(paragraphs), tuple(sentences), tuple(boiler))
