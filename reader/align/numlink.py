"""Number evidence for links the aligner left out: a figure one side states in a sentence
next to a link, which answers a figure of the other side that the link leaves unanswered.

Owns one decision: whether a sentence the aligner left without counterpart belongs to a
neighbouring link because of the figure it carries. Outlets split one statement in two
("A conwoman who fleeced victims of more than £275,000 walked free." and "She was given a
suspended sentence."), and the sentence holding the figure often shares too few words with
the other outlet's single sentence to be merged on wording alone; yet that figure is what
a reader compares. The link's pairing rules (`numpair.py`) decide whether the figure pairs:
the sentence joins the link only when, with it, one of its mentions pairs with a mention of
the other side that the link left unpaired, and it shares a content word with the other
side. Pairing stays as strict as within one sentence, so no new kind of pair is made.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Callable, Sequence
from dataclasses import replace

from reader.align.align import Link
from reader.align.numpair import _own, _ratio, _same, _sort, compare_numbers
from reader.core.model import NumberMention
from reader.ingest.numbers import figure

Mentions = Callable[[int], Sequence[NumberMention]]
"""The number mentions of one side's sentence k."""

MAX_SIDE = 3
"""Sentences one side of a link may hold (as the aligner's merges: `align._grow`)."""


def absorb_by_numbers(
    links: Sequence[Link],
    left_text: str,
    right_text: str,
    left_mentions: Mentions,
    right_mentions: Mentions,
    left_stems: Sequence[Sequence[str]],
    right_stems: Sequence[Sequence[str]],
) -> list[Link]:
    """The links, each grown by a free neighbouring sentence whose figure it answers.

    A sentence is free when no link holds it. It joins the link it stands next to (just
    before its first sentence or just after its last, on its own side) when:

    - the link's own sentences leave a mention of the other side unpaired, and with the
      free sentence added that mention pairs with one of the free sentence's mentions,
      every pair the link had being kept (`numpair.compare_numbers`);
    - it shares a content-word stem with the other side of the link.

    A free sentence next to two links, or that two pairs would claim, joins neither: which
    one it belongs to would be a guess. Decided on the links as the aligner made them, so
    the order links and sides are looked at in does not matter (`compare(b, a)` mirrors
    `compare(a, b)`).

    Args:
        links: The aligner's links.
        left_text: The left article text (mention offsets index it).
        right_text: The right article text.
        left_mentions: The mentions of a left sentence.
        right_mentions: The mentions of a right sentence.
        left_stems: Content-word stems of each left sentence.
        right_stems: Content-word stems of each right sentence.

    Returns:
        The links, in the same order, some with one more sentence on a side.
    """
    taken_left = {i for link in links for i in link.left}
    taken_right = {j for link in links for j in link.right}
    n_left, n_right = len(left_stems), len(right_stems)
    claims: dict[tuple[str, int], list[int]] = {}  # (side, free sentence) -> links
    for n, link in enumerate(links):
        for k in _joining(
            link.left, link.right, taken_left, n_left, left_mentions, right_mentions,
            left_text, right_text, left_stems, right_stems,
        ):  # fmt: skip
            claims.setdefault(("left", k), []).append(n)
        for k in _joining(
            link.right, link.left, taken_right, n_right, right_mentions, left_mentions,
            right_text, left_text, right_stems, left_stems,
        ):  # fmt: skip
            claims.setdefault(("right", k), []).append(n)
    grown = list(links)
    for (side, k), owners in sorted(claims.items()):
        if len(owners) != 1:
            continue
        link = grown[owners[0]]
        own = link.left if side == "left" else link.right
        if len(own) >= MAX_SIDE:
            continue
        own = tuple(sorted((*own, k)))
        grown[owners[0]] = replace(link, left=own) if side == "left" else replace(link, right=own)
    return grown


def _joining(
    own: tuple[int, ...],
    other: tuple[int, ...],
    taken: set[int],
    size: int,
    own_mentions: Mentions,
    other_mentions: Mentions,
    own_text: str,
    other_text: str,
    own_stems: Sequence[Sequence[str]],
    other_stems: Sequence[Sequence[str]],
) -> list[int]:
    """The free neighbours of `own` whose figures answer an unpaired mention of `other`."""
    if len(own) >= MAX_SIDE:
        return []
    theirs = [m for j in other for m in other_mentions(j)]
    if not theirs:
        return []
    mine = [m for i in own for m in own_mentions(i)]
    before = _paired(mine, own_text, theirs, other_text)
    if len(before) == len(theirs):
        return []  # every figure of the other side is answered already
    words = {w for j in other for w in other_stems[j]}
    by_start = {m.start: m for m in theirs}
    out = []
    for k in (own[0] - 1, own[-1] + 1):
        if not 0 <= k < size or k in taken or not words.intersection(own_stems[k]):
            continue
        extra = list(own_mentions(k))
        if not extra:
            continue
        merged = sorted([*mine, *extra], key=lambda m: m.start)
        after = _paired(merged, own_text, theirs, other_text)
        if not before.items() <= after.items():
            continue  # the free sentence would change what the link's figures pair with
        found = {m.start: m for m in extra}
        new = [(by_start[o], found.get(a)) for o, a in after.items() if o not in before]
        if new and all(m is not None and _draws(m, o) for o, m in new):
            out.append(k)
    return out


def _draws(mine: NumberMention, theirs: NumberMention) -> bool:
    """Whether a pair of figures is evidence enough to draw a sentence into a link: both
    telling (`_telling`), and equal, or amounts of money or shares. Two unequal counts or
    ages of one noun are often two things (two daughters' ages, two deadlines in hours),
    so they never draw a sentence in."""
    if not (_telling(mine) and _telling(theirs)):
        return False
    return _same(mine, theirs) or mine.kind in ("money", "percent")


_SORTS = frozenset({"count", "decimal", "money", "percent"})


def _telling(m: NumberMention) -> bool:
    """Whether a figure can tell which statement it belongs to: an exact amount, share or
    count of 10 or more. A small count ("six charges", "three weeks"), a date or a weekday
    recurs for different things in one story, so it never draws a sentence into a link."""
    return m.kind in _SORTS and not m.approximate and abs(m.value) >= 10


def _paired(
    mine: Sequence[NumberMention],
    own_text: str,
    theirs: Sequence[NumberMention],
    other_text: str,
) -> dict[int, int]:
    """Other-side mention start -> own-side mention start, for each pair made."""
    diffs = compare_numbers(mine, own_text, theirs, other_text)
    return {d.right.start: d.left.start for d in diffs}


CLOSE = 1.05
"""Largest ratio of two unequal amounts taken for one sum told differently (£850,000 and
£875,000 are 3% apart); two different sums of one story are seldom this close."""


def link_by_numbers(
    links: Sequence[Link],
    n_left: int,
    n_right: int,
    left_text: str,
    right_text: str,
    left_mentions: Mentions,
    right_mentions: Mentions,
    score: Callable[[int, int], float],
) -> list[Link]:
    """The links, with a link added between two free sentences that state one sum of money
    differently: the discrepancy a reader of two outlets most wants shown, in sentences
    often reworded too far for the aligner ("The swindle netted £850,000" and "investors
    put in a total of £875,000").

    A free left sentence and a free right sentence are linked when they hold amounts `a`
    and `b` that:

    - are exact amounts of 10 or more of one currency, within `CLOSE` of each other and
      unequal even allowing for their hedges (`numpair`: "more than £200m" holds £240m);
    - are each the only amount of the other's size in its article: no other amount of that
      currency on either side within a factor 2 of either, stated anywhere (two sums of a
      size would make the choice a guess);
    - are the only unequal pair the two sentences' figures make (`numpair.compare_numbers`).

    A sentence in two such candidate pairs is linked in neither. The new link is in order
    unless it crosses a link in order (then it is a move).

    Args:
        links: The links so far.
        n_left: Number of left sentences.
        n_right: Number of right sentences.
        left_text: The left article text (mention offsets index it).
        right_text: The right article text.
        left_mentions: The mentions of a left sentence.
        right_mentions: The mentions of a right sentence.
        score: The score, 0-100, to give a new link of left sentence i and right j.

    Returns:
        The links and the new ones, ordered by their first left sentence.
    """
    amounts_l = [(i, m) for i in range(n_left) for m in left_mentions(i) if _amount(m)]
    amounts_r = [(j, m) for j in range(n_right) for m in right_mentions(j) if _amount(m)]
    if not amounts_l or not amounts_r:
        return list(links)
    taken_l = {i for link in links for i in link.left}
    taken_r = {j for link in links for j in link.right}
    sizes_l, sizes_r = _sizes(amounts_l), _sizes(amounts_r)
    by_size_r = sorted(amounts_r, key=lambda x: (str(x[1].unit), abs(x[1].value), x[0]))
    found: list[tuple[int, int]] = []
    for i, a in amounts_l:
        if i in taken_l or _near(a, sizes_l) != 1:
            continue
        if _near(a, sizes_r) != 1:
            continue
        j, b = _nearest(a, by_size_r)
        if j in taken_r or _same(a, b) or not _ratio(a, b) < CLOSE or _near(b, sizes_r) != 1:
            continue
        if _near(b, sizes_l) != 1:
            continue
        diffs = compare_numbers(left_mentions(i), left_text, right_mentions(j), right_text)
        if [(d.left, d.right) for d in diffs if d.differs] == [(a, b)]:
            found.append((i, j))
    return _with_pairs(links, found, score)


def link_by_figures(
    links: Sequence[Link],
    n_left: int,
    n_right: int,
    left_text: str,
    right_text: str,
    left_mentions: Mentions,
    right_mentions: Mentions,
    left_stems: Sequence[Sequence[str]],
    right_stems: Sequence[Sequence[str]],
    score: Callable[[int, int], float],
) -> list[Link]:
    """The links, with a link added between two free sentences that alone in their
    articles state one exact figure: a vote tally ("councillors approved the plan 31-12"
    and "the plan, which passed 31-12 after a long debate, had been the mayor's first
    promise"), a sum, a count, told in sentences reworded too far, or too long on one
    side, for the aligner's wording scores.

    A free left sentence and a free right sentence are linked when:

    - they hold a telling figure (`_telling`: an exact amount, share or count of 10 or
      more) of the same value, sort, currency and span of time (`_stated`), that is not
      an age (a person's age recurs with every fact told about them) nor a label ("Court
      13", "Gate 40": a number naming a place or thing recurs with every fact told there);
    - on each side that value is stated in that sentence and in no other: a figure
      stated twice could belong to either statement;
    - they share a content-word stem;
    - neither sentence has another such partner (then which one would be a guess).

    The new link is in order unless it crosses a link in order (then it is a move).

    Args:
        links: The links so far.
        n_left: Number of left sentences.
        n_right: Number of right sentences.
        left_text: The left article text (mention offsets index it).
        right_text: The right article text.
        left_mentions: The mentions of a left sentence.
        right_mentions: The mentions of a right sentence.
        left_stems: Content-word stems of each left sentence.
        right_stems: Content-word stems of each right sentence.
        score: The score, 0-100, to give a new link of left sentence i and right j.

    Returns:
        The links and the new ones, ordered by their first left sentence.
    """
    where_l = _stated(n_left, left_mentions, left_text)
    where_r = _stated(n_right, right_mentions, right_text)
    taken_l = {i for link in links for i in link.left}
    taken_r = {j for link in links for j in link.right}
    found: set[tuple[int, int]] = set()
    for value in where_l.keys() & where_r.keys():
        if len(where_l[value]) == 1 and len(where_r[value]) == 1:
            (i,), (j,) = where_l[value], where_r[value]
            if i not in taken_l and j not in taken_r and set(left_stems[i]) & set(right_stems[j]):
                found.add((i, j))
    return _with_pairs(links, sorted(found), score)


def _with_pairs(
    links: Sequence[Link], found: Sequence[tuple[int, int]], score: Callable[[int, int], float]
) -> list[Link]:
    """The links and a one-to-one link for each pair found, in the order found: a sentence
    in two pairs is linked in neither; a new link is in order unless it crosses a link in
    order (then it is a move). Ordered by first left sentence."""
    lefts = [i for i, _ in found]
    rights = [j for _, j in found]
    out = list(links)
    ordered = [link for link in links if link.in_order]
    for i, j in found:
        if lefts.count(i) > 1 or rights.count(j) > 1:
            continue
        crosses = any((k.left[0] < i) != (k.right[0] < j) for k in ordered)
        out.append(Link((i,), (j,), score(i, j), not crosses))
        if not crosses:
            ordered.append(out[-1])
    return sorted(out, key=lambda link: (link.left[0], link.right[0]))


Stated = tuple[float | str, str, str | None, str | None]
"""A figure and what it is: its value, its sort (a quantity, a sum of money, a share...),
its currency or sign for money and shares, and the span of time it counts if any."""


_LABEL = re.compile(r"(?<=[a-z,;:] )[A-Z][\w'’.-]*[ \t]+$")
"""A capitalised word inside a sentence just before a number: the number names something
("in Court 13", "aboard Flight 93")."""


def _stated(n: int, mentions: Mentions, text: str) -> dict[Stated, set[int]]:
    """Each telling figure that is not an age or a label -> the sentences stating it. The
    same value as another sort, currency or span is another figure: "ten minutes later"
    is not "ten militias", "30 seconds" not "30 tries"."""
    out: dict[Stated, set[int]] = {}
    for k in range(n):
        for m in mentions(k):
            if not _telling(m) or m.unit == "age":
                continue
            if m.kind == "count" and _LABEL.search(text, max(0, m.start - 40), m.start):
                continue
            sign = m.unit if m.kind in ("money", "percent") else None
            out.setdefault((figure(m), _sort(m), sign, _own(m)), set()).add(k)
    return out


def _amount(m: NumberMention) -> bool:
    return m.kind == "money" and _telling(m)


def _sizes(amounts: Sequence[tuple[int, NumberMention]]) -> dict[str | None, list[float]]:
    """The sizes of the amounts, per currency, sorted."""
    out: dict[str | None, list[float]] = {}
    for _, m in amounts:
        out.setdefault(m.unit, []).append(abs(m.value))
    return {unit: sorted(sizes) for unit, sizes in out.items()}


def _near(m: NumberMention, sizes: dict[str | None, list[float]]) -> int:
    """How many amounts of `m`'s currency are within a factor 2 of it (`_ratio` < 2)."""
    found, v = sizes.get(m.unit, []), abs(m.value)
    return bisect.bisect_left(found, 2 * v) - bisect.bisect_right(found, v / 2)


def _nearest(
    m: NumberMention, by_size: Sequence[tuple[int, NumberMention]]
) -> tuple[int, NumberMention]:
    """The amount of `m`'s currency closest above or at `m`'s size, else closest below, in
    `by_size` (sorted by currency, then size); there is at least one of its currency."""
    key = (str(m.unit), abs(m.value))
    k = bisect.bisect_left(by_size, key, key=lambda x: (str(x[1].unit), abs(x[1].value)))
    options = [x for x in by_size[max(0, k - 1) : k + 1] if x[1].unit == m.unit]
    return min(options, key=lambda x: _ratio(m, x[1]))
