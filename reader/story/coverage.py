"""The whole story at a glance: which outlet carries which fact, and which numbers disagree.

Owns the N-way view built from the pairwise comparisons of one story's articles:

* **Facts** - groups of matching sentences across all articles. Every linked row (same,
  changed, moved) of every pair's `compare()` is an edge between the sentences it holds.
  Rows are merged strongest first (by score), union-find style; a row is skipped when the
  merge would put two sentences of one article that are not adjacent into one fact (an
  article's sentences in a fact must form one consecutive run: a merge or split of
  neighbours is fine, a sentence and its echo three paragraphs later are two facts).
  Sentences no row links stay facts of their own, carried by one outlet.
* **Cells** - per fact and article: 'same', shown as "copied" (word for word, or nearly:
  at least `VERBATIM_WORDS` of the words unchanged and no number changed, with another
  outlet in the fact), 'reworded',
  'only' (the one outlet that carries the fact) or 'absent'.
* **Quantities** - the `NumberDiff`s of the rows inside one fact, joined across pairs: a
  quantity is a connected group of number mentions, kept when two or more outlets give it;
  it differs when any pair of its mentions differs (numbers.py decides what differs).
* **Pairs** - for each pair the share of sentences linked and the share copied verbatim.
* **Likely original** - a guess: earliest date, most complete (carries the most facts
  other outlets carry), most copied from (most sentences of the others match it verbatim).
"""

from __future__ import annotations

import itertools
from collections import Counter
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Literal

from reader.align.compare import compare
from reader.align.pairs import orient
from reader.core.model import Article, Comparison, NumberKind, NumberMention, Row

CellKind = Literal["same", "reworded", "only", "absent"]

MARKS: dict[CellKind, str] = {"same": "\u25cf", "reworded": "\u25d0", "only": "\u2605",
                              "absent": "\u00b7"}  # fmt: skip
"""Coverage marks, told apart without colour, in the interface and the report alike:
● copied, ◐ reworded, ★ only this outlet, · absent."""
MEANINGS: dict[CellKind, str] = {"same": "copied", "reworded": "reworded",
                                 "only": "only this outlet", "absent": "absent"}  # fmt: skip
"""What each mark means, for legends and detail lines."""
LEGEND = "   ".join(f"{MARKS[k]} {MEANINGS[k]}" for k in MARKS)
"""Every mark with its meaning, on one line."""

VERBATIM_WORDS = 0.75
"""Share of words a linked row keeps unchanged (difflib ratio over words) to count as
copied (verbatim), provided its numbers agree."""

_LINKED = ("same", "changed", "moved")


@dataclass(frozen=True)
class Cell:
    """One article's part in a fact."""

    article: str
    """The article's file name."""
    sentences: tuple[int, ...]
    """Its body sentence indices in the fact (consecutive), empty when absent."""
    kind: CellKind
    """same / reworded / only / absent."""


@dataclass(frozen=True)
class Fact:
    """Sentences of several articles that say the same thing: one row of the coverage."""

    cells: tuple[Cell, ...]
    """One cell per article of the story, in the story's order (absent ones included)."""

    @property
    def carriers(self) -> tuple[str, ...]:
        """The articles that carry the fact."""
        return tuple(c.article for c in self.cells if c.kind != "absent")

    def stated_by(self, prefer: str | None = None) -> Cell:
        """The cell whose words state the fact: `prefer`'s (the likely original) when it
        carries the fact, else its first carrier's (story order): the wire's '300,000', not
        a rewrite's '3,000'."""
        carriers = [c for c in self.cells if c.sentences]
        return next((c for c in carriers if c.article == prefer), carriers[0])

    def cell(self, article: str) -> Cell:
        """The cell of one article (by file name); KeyError if not in the story."""
        for c in self.cells:
            if c.article == article:
                return c
        raise KeyError(article)


@dataclass(frozen=True)
class QuantityValue:
    """One outlet's figure for a quantity."""

    article: str
    """The article's file name."""
    sentence: int
    """Index of the body sentence holding it."""
    text: str
    """The number as written: '3,000', 'half a million'."""
    value: float
    """Its value."""
    start: int
    """Offset in the article text."""
    end: int
    """Offset one past its end."""


@dataclass(frozen=True)
class QuantityRow:
    """A quantity two or more outlets give, with each one's value."""

    fact: int
    """Index of the fact (in `Overview.facts`) the figures stand in."""
    quantity: str
    """What is counted: the counted noun when known ('civilians'), else the number kind."""
    kind: NumberKind
    """The kind of the first mention."""
    values: tuple[QuantityValue, ...]
    """The figures, in story order (an article may give two when its mentions chain)."""
    differs: bool
    """True when two outlets' figures disagree (reports of the same time: a figure from an
    article published later is an update, see `later`)."""
    later: tuple[str, ...] = ()
    """Articles published later than another giving the quantity, whose figure differs
    from the earlier reports': a later report (a toll that rose), not a contradiction."""

    def values_by_article(self) -> dict[str, str]:
        """File name -> the figure as written (several joined with ' / ')."""
        out: dict[str, list[str]] = {}
        for v in self.values:
            out.setdefault(v.article, []).append(v.text)
        return {name: " / ".join(texts) for name, texts in out.items()}


@dataclass(frozen=True)
class PairSummary:
    """How much two articles share."""

    left: str
    """File name of the first article (story order)."""
    right: str
    """File name of the second."""
    linked: float
    """Share (0-1) of both articles' sentences in linked rows."""
    verbatim: float
    """Share (0-1) of both articles' sentences in verbatim rows."""
    kinds: tuple[tuple[str, int], ...]
    """Rows by kind: (('same', 3), ('changed', 7), ...)."""
    numbers_differ: int
    """Number pairs whose values differ."""


@dataclass(frozen=True)
class OriginGuess:
    """Which article the others seem to derive from. A guess, never proof of copying."""

    article: str
    """The likely original's file name."""
    reasons: tuple[str, ...]
    """Why, one line each ('earliest date: 2019-07-18')."""
    points: tuple[tuple[str, int], ...]
    """Criteria met by each article, for transparency."""


@dataclass(frozen=True)
class Overview:
    """One story seen whole."""

    articles: tuple[str, ...]
    """The articles' file names, the columns of the coverage."""
    facts: tuple[Fact, ...]
    """Facts, most widely carried first, then in reading order."""
    quantities: tuple[QuantityRow, ...]
    """Quantities given by two or more outlets, differing ones first."""
    pairs: tuple[PairSummary, ...]
    """Every pair, in story order."""
    origin: OriginGuess | None
    """The likely original, None for a story of one article."""

    @property
    def original(self) -> str | None:
        """File name of the likely original (the guess), if any."""
        return self.origin.article if self.origin else None

    def most_verbatim(self, n: int = 3) -> tuple[PairSummary, ...]:
        """The `n` pairs sharing the most copied text."""
        ranked = sorted(self.pairs, key=lambda p: (-p.verbatim, -p.linked))
        return tuple(p for p in ranked[:n] if p.verbatim > 0)


def is_verbatim(row: Row) -> bool:
    """Whether a linked row is a copy: identical, or `VERBATIM_WORDS` of its words kept and
    no number changed (3,000 for 300,000 is never a copy, however many words agree)."""
    if row.kind == "same":
        return True
    if row.kind not in _LINKED or not row.words or any(n.differs for n in row.numbers):
        return False
    kept = sum(len(w.left) + len(w.right) for w in row.words if w.tag == "equal")
    total = sum(len(w.left) + len(w.right) for w in row.words)
    return total > 0 and kept / total >= VERBATIM_WORDS


def compare_all(
    articles: Sequence[Article],
    *,
    corrections: Callable[[Article, Article], Mapping[str, object]] | None = None,
    stored: Callable[[Article, Article], Comparison | None] | None = None,
) -> dict[tuple[str, str], Comparison]:
    """Compare every pair of articles, each the way round `reader.align.pairs.orient`
    puts it (the likely original on the left, as the index stores it), keyed by (left
    name, right name), pairs in the order of the articles.

    Args:
        articles: The articles.
        corrections: Gives the keyword arguments of `compare` for a pair: the user's
            links and unlinks (`reader.store.links.compare_options`); None for none.
        stored: Gives a pair's comparison when it is already known (the index), None
            when not; a pair with corrections is always compared again.
    """
    out = {}
    for a, b in itertools.combinations(articles, 2):
        left, right = orient(a, b)
        options = corrections(left, right) if corrections else {}
        known = stored(left, right) if stored is not None and not options else None
        out[left.name, right.name] = known or compare(left, right, **options)  # type: ignore[arg-type]
    return out


def row_at(comparison: Comparison, article: str, sentence: int) -> int | None:
    """Index of the row of `comparison` holding a sentence of `article`, for jumping from a
    coverage cell to the pair view; None when the article is on neither side."""
    for i, row in enumerate(comparison.rows):
        if (comparison.left.name == article and sentence in row.left) or (
            comparison.right.name == article and sentence in row.right
        ):
            return i
    return None


def _oriented(
    articles: Sequence[Article], comparisons: Mapping[tuple[str, str], Comparison]
) -> Iterable[tuple[int, int, Comparison, bool]]:
    """(i, j, comparison, swapped) for every pair i < j that has a comparison."""
    for i, j in itertools.combinations(range(len(articles)), 2):
        a, b = articles[i].name, articles[j].name
        if (a, b) in comparisons:
            yield i, j, comparisons[(a, b)], False
        elif (b, a) in comparisons:
            yield i, j, comparisons[(b, a)], True


def _sides(row: Row, swapped: bool) -> tuple[tuple[int, ...], tuple[int, ...]]:
    return (row.right, row.left) if swapped else (row.left, row.right)


def build_overview(
    articles: Sequence[Article], comparisons: Mapping[tuple[str, str], Comparison]
) -> Overview:
    """The N-way view of one story.

    Args:
        articles: The story's articles, in the order of the columns.
        comparisons: Comparisons keyed by (left name, right name), either way round; a pair
            without one is treated as sharing nothing.

    Returns:
        Facts, quantities, pair summaries and the likely-original guess.
    """
    names = tuple(a.name for a in articles)
    pairs = list(_oriented(articles, comparisons))
    facts, fact_of = _facts(articles, pairs)
    quantities = _quantities(articles, pairs, fact_of, facts)
    summaries = tuple(_summary(c.left.name, c.right.name, c) for _, _, c, _ in pairs)
    return Overview(names, facts, quantities, summaries, _origin(articles, pairs, facts))


_FACT_SENTENCES = 2
"""Most sentences of one article in one fact: what one link joins (a one-to-two merge)."""


def _facts(
    articles: Sequence[Article], pairs: list[tuple[int, int, Comparison, bool]]
) -> tuple[tuple[Fact, ...], dict[tuple[int, int], int]]:
    """Facts in display order, and (article, sentence) -> fact index."""
    members: dict[tuple[int, int], dict[int, set[int]]] = {}  # root -> article -> sentences
    parent: dict[tuple[int, int], tuple[int, int]] = {}

    def find(x: tuple[int, int]) -> tuple[int, int]:
        while parent.get(x, x) != x:
            x = parent[x]
        return x

    edges = []
    for p, (i, j, c, swapped) in enumerate(pairs):
        for r, row in enumerate(c.rows):
            if row.kind in _LINKED:
                li, rj = _sides(row, swapped)
                nodes = [(i, s) for s in li] + [(j, s) for s in rj]
                edges.append((-row.score, p, r, nodes))
    verbatim_links: set[tuple[tuple[int, int], tuple[int, int]]] = set()
    for _, p, r, nodes in sorted(edges, key=lambda e: e[:3]):
        roots = {find(x) for x in nodes}
        merged: dict[int, set[int]] = {}
        for root in roots:
            for art, sents in members.get(root, {root[0]: {root[1]}}).items():
                merged.setdefault(art, set()).update(sents)
        if any(max(s) - min(s) + 1 != len(s) or len(s) > _FACT_SENTENCES for s in merged.values()):
            continue  # would join non-adjacent sentences of one article, or chain a run of
            # them (a one-to-two link here, another there) into one fact carrying a paragraph
        top = min(roots)
        for root in roots:
            members.pop(root, None)
            parent[root] = top
        parent[top] = top
        members[top] = merged
        if is_verbatim(pairs[p][2].rows[r]):
            verbatim_links.add((nodes[0], nodes[-1]))
    for k, a in enumerate(articles):
        for s in range(len(a.sentences)):
            members.setdefault(find((k, s)), {k: {s}})

    def position(group: dict[int, set[int]]) -> float:
        """Where the fact stands in reading order: mean relative position in its articles."""
        spots = [min(s) / max(1, len(articles[k].sentences)) for k, s in group.items()]
        return sum(spots) / len(spots)

    ordered = sorted(members.values(), key=lambda g: (-len(g), position(g), min(g)))
    copies: dict[tuple[int, int], set[int]] = {find(a): set() for a, _ in verbatim_links}
    for x, y in verbatim_links:
        copies[find(x)].update({x[0], y[0]})
    facts: list[Fact] = []
    fact_of: dict[tuple[int, int], int] = {}
    for f, group in enumerate(ordered):
        root = find(next((k, min(s)) for k, s in group.items()))
        cells = []
        for k, a in enumerate(articles):
            picked = tuple(sorted(group.get(k, ())))
            for s in picked:
                fact_of[(k, s)] = f
            kind: CellKind = (
                "absent"
                if not picked
                else "only"
                if len(group) == 1
                else "same"
                if k in copies.get(root, ())
                else "reworded"
            )
            cells.append(Cell(a.name, picked, kind))
        facts.append(Fact(tuple(cells)))
    return tuple(facts), fact_of


def _quantities(
    articles: Sequence[Article],
    pairs: list[tuple[int, int, Comparison, bool]],
    fact_of: dict[tuple[int, int], int],
    facts: Sequence[Fact],
) -> tuple[QuantityRow, ...]:
    """Quantities given by two or more outlets, joined across pairs within each fact."""
    parent: dict[tuple[int, int], tuple[int, int]] = {}
    mention: dict[tuple[int, int], tuple[NumberMention, int]] = {}
    differs: set[tuple[tuple[int, int], tuple[int, int]]] = set()

    def find(x: tuple[int, int]) -> tuple[int, int]:
        while parent.setdefault(x, x) != x:
            x = parent[x]
        return x

    for i, j, c, swapped in pairs:
        for row in c.rows:
            li, rj = _sides(row, swapped)
            facts_here = {fact_of.get((i, s)) for s in li} | {fact_of.get((j, s)) for s in rj}
            if row.kind not in _LINKED or len(facts_here) != 1:
                continue
            for d in row.numbers:
                mi, mj = (d.right, d.left) if swapped else (d.left, d.right)
                a, b = (i, mi.start), (j, mj.start)
                mention[a] = (mi, _sentence_at(articles[i], li, mi.start))
                mention[b] = (mj, _sentence_at(articles[j], rj, mj.start))
                ra, rb = find(a), find(b)
                parent[max(ra, rb)] = min(ra, rb)
                if d.differs:
                    differs.add((a, b))
    groups: dict[tuple[int, int], list[tuple[int, int]]] = {}
    for x in sorted(mention):
        groups.setdefault(find(x), []).append(x)
    rows = []
    for group in groups.values():
        if len({k for k, _ in group}) < 2:
            continue
        found = [mention[x] for x in group]
        units = Counter((m.unit or "").lower() for m, _ in found if m.unit and m.unit[0].isalpha())
        first = found[0][0]
        label = units.most_common(1)[0][0] if units else first.kind
        values = tuple(
            QuantityValue(articles[k].name, s, m.text, m.value, m.start, m.end)
            for (k, _), (m, s) in zip(group, found, strict=True)
        )
        fact = fact_of[(group[0][0], found[0][1])]
        rows.append(_quantity(articles, group, differs, fact, label, first.kind, values))
    return tuple(sorted(rows, key=lambda q: (not q.differs, q.fact, q.values[0].start)))


def _quantity(
    articles: Sequence[Article],
    group: list[tuple[int, int]],
    differs: set[tuple[tuple[int, int], tuple[int, int]]],
    fact: int,
    label: str,
    kind: NumberKind,
    values: tuple[QuantityValue, ...],
) -> QuantityRow:
    """A quantity's row: a differing pair of figures is a contradiction when both reports
    are of one time, a later report when one article was published after the other."""
    members = set(group)
    dates = {k: articles[k].metadata.date for k, _ in group}
    contradiction = False
    later: set[str] = set()
    for a, b in differs:
        if a not in members or b not in members:
            continue
        da, db = dates[a[0]], dates[b[0]]
        if da and db and da != db:
            later.add(articles[a[0] if da > db else b[0]].name)
        else:
            contradiction = True
    return QuantityRow(fact, label, kind, values, contradiction, tuple(sorted(later)))


def _sentence_at(article: Article, indices: Sequence[int], offset: int) -> int:
    for s in indices:
        if article.sentences[s].start <= offset < article.sentences[s].end:
            return s
    return indices[0]


def _summary(left: str, right: str, c: Comparison) -> PairSummary:
    kinds = Counter(row.kind for row in c.rows)
    total = len(c.left.sentences) + len(c.right.sentences)
    linked = sum(len(r.left) + len(r.right) for r in c.rows if r.kind in _LINKED)
    verbatim = sum(len(r.left) + len(r.right) for r in c.rows if is_verbatim(r))
    return PairSummary(
        left,
        right,
        linked / total if total else 0.0,
        verbatim / total if total else 0.0,
        tuple((k, kinds[k]) for k in ("same", "changed", "moved", "left_only", "right_only")),
        sum(d.differs for r in c.rows for d in r.numbers),
    )


_DATE_POINTS = 2
"""What the earliest date weighs in the guess at the original (the facts carried and the
sentences copied weigh one each)."""


def _origin(
    articles: Sequence[Article],
    pairs: list[tuple[int, int, Comparison, bool]],
    facts: Sequence[Fact],
) -> OriginGuess | None:
    if len(articles) < 2:
        return None
    names = [a.name for a in articles]
    shared = {n: sum(1 for f in facts if len(f.carriers) > 1 and n in f.carriers) for n in names}
    copied = dict.fromkeys(names, 0)  # sentences of the others matching it verbatim
    for i, j, c, swapped in pairs:
        for row in c.rows:
            if is_verbatim(row):
                li, rj = _sides(row, swapped)
                copied[names[i]] += len(rj)
                copied[names[j]] += len(li)
    dates = {a.name: a.metadata.date for a in articles if a.metadata.date}
    earliest = min(dates.values(), default=None)
    # Being first in time is what makes an original; carrying the most facts and being
    # copied the most only point to it. So the earliest date weighs as much as both, and
    # on a tie a dated article goes before an undated one: wire copy filed in pages
    # (each carrying part of the story) is still the original of the paper that joined
    # them, which carries more of it and is undated.
    points = {
        n: _DATE_POINTS * (dates.get(n) == earliest and earliest is not None)
        + (shared[n] == max(shared.values()) > 0)
        + (copied[n] == max(copied.values()) > 0)
        for n in names
    }
    best = max(names, key=lambda n: (points[n], n in dates, copied[n], shared[n], -names.index(n)))
    reasons = []
    if earliest is not None and dates.get(best) == earliest:
        others = sorted(n for n, d in dates.items() if d == earliest and n != best)
        shared_with = f" (shared with {', '.join(others)})" if others else ""
        reasons.append(f"earliest date: {earliest}{shared_with}")
    elif best not in dates and dates:
        reasons.append("no date known: the dated articles may be earlier")
    total_shared = sum(1 for f in facts if len(f.carriers) > 1)
    if shared[best]:
        reasons.append(
            f"carries {shared[best]} of the {total_shared} facts other outlets also "
            "carry" + (" (the most)" if shared[best] == max(shared.values()) else "")
        )
    if copied[best]:
        reasons.append(
            f"{copied[best]} sentence{'s' if copied[best] != 1 else ''} of the other "
            f"articles cop{'y' if copied[best] != 1 else 'ies'} it"
            + (" (the most)" if copied[best] == max(copied.values()) else "")
        )
    return OriginGuess(best, tuple(reasons), tuple((n, points[n]) for n in names))
