"""Plain text without paragraph marks: which line breaks are wraps, which end a paragraph.

Owns the paragraph spans of a text that marks nothing but line breaks: blank-line
paragraphs, one paragraph per line, and prose a sender hard-wrapped at a fixed width
(agency copy without marks, mail, plain-text archives), with or without blank lines
between its paragraphs.

The evidence is the one a line-wrapper leaves: it breaks a line only when the next word
would not fit, so in wrapped prose every line, plus one space and the first word of the
next line, is wider than the wrap width (within a few columns: not every wrapper is
greedy to the column), and the width is the one that explains the most breaks so. A break
where the next word would have fit was put there by the writer: a paragraph ends. A file
counts as wrapped only when several full lines stop mid-sentence before a lower-case
word; a file of one sentence per line, or a list of headlines, does not.

Shapes end a paragraph whatever the widths: a rule line or a slug line on either side; an
ALL-CAPS line followed by a mixed-case one (a headline above its story); a full stop
before a block's last line that ends no sentence (a sign-off: 'ends', initials); a next
line indented more (a first-line indent opens a paragraph); a line wider than the wrap
width. A block between blank lines whose lines are all of a prose width, most of them
stopping mid-sentence, is one paragraph even when no width explains it.

Spans are trimmed of blanks and index the text unchanged; nothing is rewritten.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from itertools import pairwise

from reader.ingest.boilerplate import cue, ends_like_sentence
from reader.ingest.newsroom import RULE, SLUG

_LINE = re.compile(r"[^\n]*\n?")
MAX_WRAP = 100
"""The widest hard wrap taken for one; a longer line is a paragraph of its own."""
MIN_WRAP = 10
"""The narrowest wrap width believed: below it, short lines are lists or verse, not wraps."""
MIN_EVIDENCE = 1
"""Full lines stopping mid-sentence that a file needs before it counts as wrapped; a line
capitalised like a headline counts only before a lower-case word (a list of headlines of
like widths has none)."""
SLACK = 3
"""Columns a wrapper may leave unused or overrun: not every wrapper is greedy to the
column (some count a paragraph mark, some balance lines)."""
MIN_BLOCK_WIDTH = 30
"""Narrowest line of a block between blank lines that is joined without a greedy width."""
CANDIDATES = 16
"""Commonest line widths tried as the wrap width."""
_FIRST_WORD = re.compile(r"\S+")


def _lines(text: str, start: int) -> list[tuple[int, int, int] | None]:
    """Lines as (start, end, width): trimmed span and visible width (indent included,
    trailing blanks and a carriage return not); None stands for a blank line."""
    out: list[tuple[int, int, int] | None] = []
    for m in _LINE.finditer(text, start):
        if m.start() == m.end():
            break
        line = m.group(0)
        stripped = line.strip()
        if not stripped:
            out.append(None)
            continue
        lead = len(line) - len(line.lstrip())
        a = m.start() + lead
        out.append((a, a + len(stripped), len(line.rstrip())))
    return out


def _framing(line: str) -> bool:
    """A rule line, a slug line or a dateline ('Published 29/08/2019, 22:50'): header
    furniture, never part of a paragraph. (Other boilerplate cues are not asked here: on a
    fragment of a wrapped sentence they misfire, 'recording deal and ...' reads as
    advertising, 'the council said:' as a label; a whole line that is only a date does
    not.)"""
    return bool(RULE.match(line) or SLUG.match(line)) or cue(line) == "dateline"


def _is_headline(line: str) -> bool:
    """Every longer word capitalised, two at least: a headline or a title, which no wrap
    produces line after line."""
    long_words = [w for w in line.split() if len(w) >= 4 and w[:1].isalpha()]
    return len(long_words) >= 2 and all(w[:1].isupper() for w in long_words)


def _line(text: str, line: tuple[int, int, int] | None) -> str:
    return text[line[0] : line[1]] if line else ""


def _is_caps(line: str) -> bool:
    letters = [c for c in line if c.isalpha()]
    return len(letters) >= 2 and all(c.isupper() for c in letters)


def _indent(span: tuple[int, int, int]) -> int:
    return span[2] - (span[1] - span[0])


@dataclass(frozen=True)
class _Break:
    """One line break between two non-blank lines, as the width test needs it."""

    index: int
    """Index of the line before the break."""
    width: int
    """Visible width of that line."""
    reach: int
    """Its width, plus a space and the next line's first word."""
    next_width: int
    """Visible width of the next line."""
    vetoed: bool
    """A shape says a paragraph ends here, whatever the widths."""
    open_end: bool
    """The line stops mid-sentence."""
    continued: bool
    """The next line starts lower-case: a sentence runs on across the break."""


def _ends_paragraph(text: str, lines: Sequence[tuple[int, int, int] | None], i: int) -> bool:
    """Whether a shape says the break after line `i` (followed by a line) ends a paragraph."""
    cur, nxt = lines[i], lines[i + 1]
    assert cur is not None and nxt is not None
    line, following = text[cur[0] : cur[1]], text[nxt[0] : nxt[1]]
    return bool(
        _indent(nxt) > _indent(cur)  # a first-line indent opens a paragraph
        or (_is_caps(line) and not _is_caps(following))  # a headline above its story
        or _framing(line)
        or _framing(following)
        # a full stop, then a block's last line that is no sentence end: a sign-off
        # ('ends', initials), since a paragraph never ends mid-sentence
        or (
            ends_like_sentence(line)
            and (i + 2 >= len(lines) or lines[i + 2] is None)
            and not ends_like_sentence(following)
        )
    )


def _breaks(text: str, lines: Sequence[tuple[int, int, int] | None]) -> list[_Break]:
    """The breaks between two non-blank lines that could be wraps (both lines no wider
    than `MAX_WRAP`); the others end a paragraph whatever else holds."""
    out: list[_Break] = []
    for i, (cur, nxt) in enumerate(pairwise(lines)):
        if cur is None or nxt is None or cur[2] > MAX_WRAP or nxt[2] > MAX_WRAP:
            continue
        line, following = text[cur[0] : cur[1]], text[nxt[0] : nxt[1]]
        word = _FIRST_WORD.match(following)
        vetoed = _ends_paragraph(text, lines, i)
        reach = cur[2] + 1 + (len(word.group(0)) if word else 0)
        open_end = not ends_like_sentence(line)
        out.append(_Break(i, cur[2], reach, nxt[2], vetoed, open_end, following[:1].islower()))
    return out


def _wraps(breaks: Sequence[_Break], width: int) -> list[_Break]:
    """The breaks a wrapper at `width` would have made: full lines.

    Within `SLACK` columns where a sentence runs on across the break; exactly where a
    sentence ends at the break and the next line opens with a capital, which is also how
    a paragraph ends (a paragraph boundary taken for a wrap would run two into one).
    """
    wide = width + SLACK
    return [
        b
        for b in breaks
        if not b.vetoed
        and b.width <= wide
        and b.next_width <= wide
        and b.reach > (width - SLACK if b.open_end or b.continued else width)
    ]


def _wrap_width(breaks: Sequence[_Break]) -> int | None:
    """The wrap width that best explains the breaks as wraps, or None.

    Wrapped lines end near the wrap width, so the candidates are the commonest widths of
    lines on either side of a break. A width too wide leaves lines that were full looking short;
    one too narrow leaves the widest lines, followed by more text, too wide to have been
    wrapped at it. The width scoring the most wraps less such contradictions wins; ties go
    to the wider width.
    """
    open_breaks = [b for b in breaks if not b.vetoed]
    counts = Counter(w for b in open_breaks for w in (b.width, b.next_width) if w >= MIN_WRAP)
    best, best_score = None, 0
    for width, _ in counts.most_common(CANDIDATES):
        too_wide = sum(b.width > width + SLACK for b in open_breaks)
        score = len(_wraps(open_breaks, width)) - too_wide
        if score > best_score or (score == best_score and best is not None and width > best):
            best, best_score = width, score
    return best


def _block_wrapped(text: str, block: Sequence[tuple[int, int, int]]) -> bool:
    """Whether a block between blank lines reads as one wrapped paragraph though no
    greedy width explains it (wrapped by hand, or by a wrapper that balances lines): all
    its lines but the last of a prose width, and most of them stopping mid-sentence."""
    heads = block[:-1]
    if not heads or not all(MIN_BLOCK_WIDTH <= w <= MAX_WRAP for _, _, w in heads):
        return False
    lines = [text[a:b] for a, b, _ in block]
    if any(cue(line) for line in lines) or all(_is_headline(line) for line in lines):
        return False
    return sum(not ends_like_sentence(line) for line in lines[:-1]) * 2 >= len(heads)


def paragraph_spans(text: str, start: int = 0) -> list[tuple[int, int]]:
    """Paragraph spans of a text whose only marks are line breaks.

    Blank lines always end a paragraph. Inside a block of consecutive lines, a break is a
    wrap when the file is wrapped (see the module docstring) and the line was full;
    otherwise each line is a paragraph, as in files with one paragraph per line.

    Args:
        text: The article text.
        start: Where the article begins.

    Returns:
        (start, end) spans, trimmed, in order.
    """
    lines = _lines(text, start)
    breaks = _breaks(text, lines)
    width = _wrap_width(breaks)
    wraps = _wraps(breaks, width) if width is not None else []
    evidence = sum(
        b.open_end and (b.continued or not _is_headline(_line(text, lines[b.index]))) for b in wraps
    )
    soft = {b.index for b in wraps} if evidence >= MIN_EVIDENCE else set()
    first = 0  # first line of the current block
    for i, line in enumerate([*lines, None]):
        if line is not None:
            continue
        block = [x for x in lines[first:i] if x is not None]
        if len(block) > 1 and _block_wrapped(text, block):
            soft.update(j for j in range(first, i - 1) if not _ends_paragraph(text, lines, j))
        first = i + 1
    spans: list[tuple[int, int]] = []
    joined = False
    for i, line in enumerate(lines):
        if line is None:
            joined = False
            continue
        if joined:
            spans[-1] = (spans[-1][0], line[1])
        else:
            spans.append((line[0], line[1]))
        joined = i in soft
    return spans
