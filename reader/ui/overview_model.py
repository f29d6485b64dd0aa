"""What the overview screen shows, as plain text: column heads, fact order, cell marks,
flagged figures, shading levels, and where Enter on a cell leads.

Owns the overview's wording and the choice of pair a cell opens; `reader.story.coverage`
owns the facts and figures themselves. A *jump* names a pair and a sentence of one of its
articles; the screen turns it into the cached comparison and its row.

Pure: no Textual import, so it is tested without an app.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Literal

from rich.cells import cell_len

from reader.story.coverage import MEANINGS, Fact, Overview, QuantityRow
from reader.ingest.names import short_names
from reader.core.model import Article
from reader.story.stories import Story
from reader.output.comparison import count
from reader.ui.textmap import plain, shown

SortOrder = Literal["outlets", "story"]
"""Coverage rows by how many outlets carry a fact, or in reading order."""

SHADES = (0.1, 0.3, 0.5, 0.7)
"""Similarity thresholds of the matrix shading levels 1-4 (level 0 below the first)."""


@dataclass(frozen=True)
class Column:
    """How an article heads its column."""

    name: str
    """The file name (the key of the column)."""
    outlet: str
    """The outlet, fit for one line; empty when unknown."""
    short: str
    """A short form of the file name ('000' for '000_9df7.txt')."""

    @property
    def label(self) -> str:
        """The column's first head line: the outlet, else the short file name."""
        return self.outlet or self.short

    @property
    def title(self) -> str:
        """The outlet and the short file name ('IBTimes (000)'), else the file name."""
        return f"{self.outlet} ({self.short})" if self.outlet else plain(self.name)

    @property
    def tag(self) -> str:
        """A short name for lists and the matrix: 'IBTimes (000)', else '001'."""
        return f"{self.outlet} ({self.short})" if self.outlet else self.short


@dataclass(frozen=True)
class Jump:
    """A pair to open from the overview, and the sentence to put the cursor on."""

    article: str
    """File name of the article whose sentence the cursor goes to."""
    other: str
    """File name of the other article of the pair."""
    sentence: int | None = None
    """Body sentence of `article` to show, None for the top of the pair."""


@dataclass(frozen=True)
class StoryView:
    """A built overview and what showing it takes."""

    story: Story
    """The story."""
    overview: Overview
    """Its overview."""
    articles: Mapping[str, Article]
    """Its articles by file name."""
    heads: tuple[Column, ...]
    """Its column heads, in story order."""

    @classmethod
    def of(cls, story: Story, overview: Overview) -> StoryView:
        """The view of a story's overview."""
        return cls(story, overview, {a.name: a for a in story.articles}, columns(story.articles))

    @property
    def original(self) -> str | None:
        """File name of the likely original (the overview's guess), if any."""
        return self.overview.original

    def head(self, name: str) -> Column:
        """The column head of an article."""
        return next(c for c in self.heads if c.name == name)

    def widths(self) -> list[int]:
        """Cells of each article's column: its head, within reason."""
        return [max(5, cell_len(c.short), min(11, cell_len(c.label))) for c in self.heads]


def columns(articles: Sequence[Article]) -> tuple[Column, ...]:
    """The column heads of a story's articles, in story order."""
    short = short_names([a.name for a in articles])
    return tuple(Column(a.name, plain(a.metadata.outlet or ""), short[a.name]) for a in articles)


def clip(text: str, width: int) -> str:
    """`text` cut to `width` terminal cells, with an ellipsis when cut."""
    if cell_len(text) <= width:
        return text
    out = ""
    for char in text:
        if cell_len(out + char) > width - 1:
            break
        out += char
    return out.rstrip() + "\u2026"


def sentence_text(article: Article, indices: Sequence[int]) -> str:
    """Display text of some body sentences of an article, as one line."""
    return plain(" ".join(article.sentences[i].text for i in indices))


def around(article: Article, sentence: int, start: int, end: int, width: int) -> str:
    """A sentence cut to `width` cells around a stretch of it (a figure), so the figure
    stays in view: '…forced over 3,000 civilians to flee…'.

    Args:
        article: The article.
        sentence: Index of its body sentence.
        start: Source offset of the stretch.
        end: Source offset one past it.
        width: Cells available.

    Returns:
        One line of display text.
    """
    s = article.sentences[sentence]
    text = shown(article.text, s.start, s.end)
    if cell_len(text.text) <= width:
        return text.text
    at = text.locate(start, end) or (0, 0)
    left = max(0, min(at[0] - width // 3, len(text.text) - width + 1))
    if left:  # start at a word
        space = text.text.find(" ", left, at[0])
        left = space + 1 if space >= 0 else left
    head = "…" if left else ""
    return clip(head + text.text[left:].lstrip(), width)


def fact_text(fact: Fact, articles: Mapping[str, Article], prefer: str | None = None) -> str:
    """The fact in the words of `prefer` (the likely original), see `Fact.stated_by`."""
    cell = fact.stated_by(prefer)
    return sentence_text(articles[cell.article], cell.sentences)


def fact_order(
    overview: Overview, articles: Mapping[str, Article], order: SortOrder
) -> tuple[int, ...]:
    """Indices of `overview.facts` in display order.

    Args:
        overview: The story's overview (facts already by outlets, then reading order).
        articles: The story's articles by file name.
        order: 'outlets' keeps the overview's order; 'story' sorts by where the fact stands
            in its articles (mean relative position), as a reader meets it.

    Returns:
        Fact indices.
    """
    if order == "outlets":
        return tuple(range(len(overview.facts)))

    def position(index: int) -> float:
        spots = [
            c.sentences[0] / max(1, len(articles[c.article].sentences))
            for c in overview.facts[index].cells
            if c.sentences
        ]
        return sum(spots) / len(spots)

    return tuple(sorted(range(len(overview.facts)), key=lambda i: (position(i), i)))


def closest(overview: Overview, article: str) -> str | None:
    """The article sharing the most with `article` (story order breaks ties)."""
    best: tuple[float, int, str] | None = None
    for k, p in enumerate(overview.pairs):
        if article in (p.left, p.right):
            other = p.right if p.left == article else p.left
            if best is None or (-p.linked, k) < best[:2]:
                best = (-p.linked, k, other)
    return best[2] if best else None


def fact_jump(overview: Overview, fact: int, article: str | None) -> Jump | None:
    """Where Enter on a coverage cell leads.

    Args:
        overview: The story's overview.
        fact: Index into `overview.facts`.
        article: The column's article, None for the fact's text.

    Returns:
        A carrier: the pair (it, the fact's first other carrier, or the article closest to
        it when it alone carries the fact), at its sentence. An article leaving the fact
        out: the pair (first carrier, it) at the carrier's sentence, facing the gap.
        None when the story has one article.
    """
    cells = overview.facts[fact].cells
    carriers = [c for c in cells if c.sentences]
    here = next((c for c in cells if c.article == article), carriers[0])
    if not here.sentences:
        return Jump(carriers[0].article, here.article, carriers[0].sentences[0])
    others = [c.article for c in carriers if c.article != here.article]
    other = others[0] if others else closest(overview, here.article)
    return Jump(here.article, other, here.sentences[0]) if other else None


def flagged(quantity: QuantityRow) -> frozenset[str]:
    """The articles whose figure disagrees: those off the majority figure when one figure
    is given by most outlets, else every outlet (nothing when the figures agree); a later
    report is never among them."""
    if not quantity.differs:
        return frozenset()
    # A later report's figure is an update, not one side of the disagreement.
    by_article = {v.article: v.value for v in quantity.values if v.article not in quantity.later}
    counts = Counter(by_article.values()).most_common()
    if len(counts) > 1 and counts[0][1] > counts[1][1]:
        return frozenset(a for a, v in by_article.items() if v != counts[0][0])
    return frozenset(by_article)


def quantity_jump(quantity: QuantityRow, article: str | None) -> Jump:
    """Where Enter on a figure leads.

    Args:
        quantity: The row of the numbers table.
        article: The column's article, None for the quantity's name.

    Returns:
        An outlet giving the figure: the pair (it, the first outlet giving a different
        figure, else the first other outlet giving it), at its sentence. An outlet not
        giving it: the pair (first outlet giving it, that outlet) at the figure.
    """
    values = quantity.values
    if article is None:
        article = values[0].article
    here = next((v for v in values if v.article == article), None)
    if here is None:
        return Jump(values[0].article, article, values[0].sentence)
    others = [v for v in values if v.article != here.article]
    differing = [v for v in others if v.value != here.value]
    return Jump(here.article, (differing or others)[0].article, here.sentence)


def shade(share: float) -> int:
    """The shading level (0-4) of a similarity in the pair matrix."""
    return sum(share >= t for t in SHADES)


def story_title(story: Story, overview: Overview | None = None) -> str:
    """A story's name: the headline of its most central article (`Story.title`), the same
    in the picker, the overview and the report. `overview` is accepted for callers that
    pass it; the title no longer depends on the likely-original guess."""
    del overview
    return plain(story.title)


def story_outlets(story: Story, shown_at_most: int = 3) -> str:
    """'3 articles: IBTimes, Reuters, +1': the count and the first outlets, for the picker."""
    labels = list(dict.fromkeys(plain(a.label) for a in story.articles))
    more = len(labels) - shown_at_most
    names = ", ".join(labels[:shown_at_most]) + (f", +{more}" if more > 0 else "")
    return f"{count(len(story.articles), 'article', 'articles')}: {names}"


def coverage_detail(view: StoryView, fact: int, name: str | None) -> tuple[str, str]:
    """What the line under the coverage says of a cell: (head, text).

    Args:
        view: The story's view.
        fact: Index into `overview.facts`.
        name: The column's article, None for the count and text columns.

    Returns:
        'IBTimes (000), sentence 10, copied: ' and the sentence; for an article
        leaving the fact out, who carries it instead.
    """
    f = view.overview.facts[fact]
    carried = f"{len(f.carriers)} of {len(f.cells)} outlets"
    cell = next((c for c in f.cells if c.article == name), None)
    if cell is None:
        return f"{carried}: ", fact_text(f, view.articles, view.original)
    title = view.head(cell.article).title
    if not cell.sentences:
        words = fact_text(f, view.articles, view.original)
        return f"{title} leaves this out. ", f"{carried} carry it: {words}"
    head = f"{title}, sentence {cell.sentences[0] + 1}, {MEANINGS[cell.kind]}: "
    return head, sentence_text(view.articles[cell.article], cell.sentences)


def number_detail(view: StoryView, quantity: int, name: str | None) -> tuple[str, str]:
    """What the line under the numbers says of a cell: (head, the sentence with the figure)."""
    q = view.overview.quantities[quantity]
    value = next((v for v in q.values if v.article == name), q.values[0])
    agree = "differ" if q.differs else "agree"
    if q.later and not q.differs:
        agree = "agree, but a later report gives another figure"
    head = f"{plain(q.quantity)}: the outlets {agree}. {view.head(value.article).title}: "
    if value.article in q.later:
        head = f"{plain(q.quantity)}: a later report. {view.head(value.article).title}: "
    return head, sentence_text(view.articles[value.article], (value.sentence,))


def summary(view: StoryView, index: int, stories: int) -> str:
    """The status line of a built overview."""
    ov = view.overview
    alone = sum(1 for f in ov.facts if len(f.carriers) == 1)
    differ = sum(q.differs for q in ov.quantities)
    parts = [
        count(len(view.story.articles), "article", "articles"),
        f"{count(len(ov.facts), 'fact', 'facts')}, {alone} in one outlet only",
        f"{count(len(ov.quantities), 'shared figure', 'shared figures')}, "
        f"{count(differ, 'differs', 'differ')}",
        count(len(ov.pairs), "pair", "pairs"),
        story_title(view.story, ov),
    ]
    if stories > 1:
        parts.insert(0, f"Story {index + 1} of {stories}")
    return " \u00b7 ".join(parts)


def origin_lines(view: StoryView) -> list[str]:
    """The likely-original guess: a head line naming it, its reasons, a caveat."""
    origin = view.overview.origin
    if origin is None:
        return ["A story of one article: no original to guess."]
    return [
        f"Likely original (a guess): {view.head(origin.article).title}",
        *(f"  \u00b7 {plain(r)}" for r in origin.reasons),
        "A guess from dates and shared text, not proof of copying.",
    ]
