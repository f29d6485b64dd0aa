"""The draft of a pair: both articles' text side by side, before the alignment is known.

Shown while a pair is being aligned, so its text is on screen at once; the comparison's
layout (`reader.ui.layout.build_layout`) replaces it when the alignment arrives. Pure:
no Textual import.
"""

from __future__ import annotations

from dataclasses import replace
from itertools import takewhile

from reader.core.model import Article
from reader.ui.layout import _BREAK, Highlighter, _cells, _highlighted, news_spans, no_spans
from reader.ui.lines import GUTTER, Block, Cell, Layout, Line
from reader.ui.textmap import Shown, shown


def _body_paragraphs(article: Article) -> list[Shown]:
    """Display text of each paragraph's body sentences, in order."""
    paragraphs: list[list[Shown]] = []
    current: int | None = None
    for s in article.sentences:
        piece = shown(article.text, s.start, s.end)
        if s.paragraph == current and paragraphs:
            paragraphs[-1].append(piece)
        else:
            paragraphs.append([piece])
            current = s.paragraph
    return [Shown.join(pieces) for pieces in paragraphs]  # once: pairwise is quadratic


def draft_layout(
    left: Article, right: Article, width: int, *, highlight: Highlighter = news_spans
) -> Layout:
    """The two articles' body text side by side, not aligned yet (shown while aligning).

    Paragraph `i` of each side faces paragraph `i` of the other, unmarked: no row kinds,
    gaps or differences are claimed before the alignment says so. One block per
    paragraph pair, with no comparison row (`Block.row` None), so nothing can be noted.
    """
    text_width = max(1, width - GUTTER)
    sides = _body_paragraphs(left), _body_paragraphs(right)
    lines: list[Line] = []
    blocks: list[Block] = []
    for i in range(max(len(sides[0]), len(sides[1]))):
        texts = [side[i].text if i < len(side) else "" for side in sides]
        cells = [
            _cells(t, list(_highlighted(highlight, t)), text_width, "blank", " ") if t else []
            for t in texts
        ]
        height = max(len(cells[0]), len(cells[1]))
        for side in cells:
            side += [Cell()] * (height - len(side))
        if blocks:
            lines.append(_BREAK)
        first = len(lines)
        lines.extend(Line(lc, rc, len(blocks)) for lc, rc in zip(*cells, strict=True))
        blocks.append(Block("draft", first, height, None, i, texts[0], texts[1]))
    return Layout(tuple(lines), tuple(blocks), width)


def screenful_draft(left: Article, right: Article, width: int, height: int) -> Layout:
    """The draft of what fills a screen of `height` lines: each article's sentences that
    start in its first two screenfuls of text (nothing for a height of 0), not highlighted:
    it is the reader's first frame, painted before Pygments is loaded; the whole draft
    (`draft_layout`), highlighted, replaces it a moment later."""
    chars = 2 * height * width
    return draft_layout(head(left, chars), head(right, chars), width, highlight=no_spans)


def head(article: Article, chars: int) -> Article:
    """The article with only the body sentences that start within its first `chars`."""
    if not article.sentences:
        return article
    start = article.sentences[0].start
    kept = tuple(takewhile(lambda s: s.start - start < chars, article.sentences))
    return replace(article, sentences=kept) if len(kept) < len(article.sentences) else article
