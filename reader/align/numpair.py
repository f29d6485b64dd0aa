"""Pair the numbers of two aligned sentences and flag the ones whose values differ.

Owns the decision that two mentions speak of the same quantity. `numbers.py` extracts the
mentions; this module only pairs them, so a false alarm (two different quantities taken for
one changed number) is decided in one place. When in doubt it does not pair.
"""

from __future__ import annotations

import itertools
import math
import re
from collections.abc import Sequence

from reader.core.model import NumberDiff, NumberMention
from reader.ingest.numbers import (
    _ABOVE,
    _BELOW,
    _NEARLY,
    _NUMBERISH,
    _SENTENCE_END,
    _STOP,
    _WORD,
    figure,
)


def compare_numbers(
    left: Sequence[NumberMention],
    left_text: str,
    right: Sequence[NumberMention],
    right_text: str,
    *,
    vouched: bool = False,
) -> tuple[NumberDiff, ...]:
    """Pair the mentions of two aligned sentences that speak of the same quantity.

    Three passes, each mention used at most once: (1) equal values of the same sort;
    (2) unequal values whose counted nouns don't clash and whose context (counted noun,
    content words 3 words either side) overlaps; (3) per sort, the one exact mention left
    on each side when their units agree. Unequal hedged values whose ranges overlap
    ("almost three" vs "more than two") are consistent and never paired. Within a pass the
    best-scored pairs go first, ties to the pair closest in order, so the result is
    deterministic and mirrors when the sides are swapped. Vague quantities pair only with
    vague ones with clear shared context. When in doubt, no pair: a false alarm is worse
    than a miss.

    Args:
        left: Mentions on the left side (offsets into `left_text`).
        left_text: The text the left offsets index.
        right: Mentions on the right side (offsets into `right_text`).
        right_text: The text the right offsets index.
        vouched: The user linked the two sentences by hand: they say the same thing, so
            two unequal figures of the same counted noun are one quantity even without
            other shared context ("forced over 3,000 civilians to flee" and "half a
            million civilians have now been uprooted").

    Returns:
        The pairs sorted by left offset, equal ones included (`differs=False`).
    """
    ctx_l, ctx_r = [_context(left_text, m) for m in left], [_context(right_text, m) for m in right]
    span_l, span_r = [_bounds(left_text, m) for m in left], [_bounds(right_text, m) for m in right]
    used_l: set[int] = set()
    used_r: set[int] = set()
    pairs: list[tuple[int, int]] = []

    def take(cands: list[tuple[int, float, int, int, bool]]) -> None:
        # Most shared context first, then the closest sizes, then the closest in order.
        # Ties of this key are only (i, j) and (j, i), which share no mention: the greedy
        # choice is independent of side order. A consistent pair ("nearly $44 million" and
        # "$43 million") is used up without a flag, so neither is paired with another.
        key = lambda c: (-c[0], c[1], abs(c[2] - c[3]), c[2] + c[3])  # noqa: E731
        for _, _, i, j, consistent in sorted(cands, key=key):
            if i not in used_l and j not in used_r:
                used_l.add(i)
                used_r.add(j)
                if not consistent:
                    pairs.append((i, j))

    for equal in (True, False):
        if not equal:  # after the equal pairs, before the unequal ones
            _use_sums(left, right, used_l, used_r)
            _use_sums(right, left, used_r, used_l)
        cands = []
        for i, a in enumerate(left):
            for j, b in enumerate(right):
                if i in used_l or j in used_r or not _compatible(a, b) or _same(a, b) != equal:
                    continue
                shared = len(ctx_l[i] & ctx_r[j])
                if not equal and "age" in (_own(a), _own(b)):
                    # "a 19-year-old woman" and "the 36-year-old": the words of the form say
                    # both are ages, not that they are one person's.
                    shared = len(ctx_l[i] & ctx_r[j] - _AGE_FORM)
                if a.approximate and not _clear(a, b, shared):
                    continue
                # An age is never a count of years, even when equal; an equal bare number
                # may be an age or a span of time left unsaid ("12 months, and three").
                if _own(a) != _own(b) and (not equal or None not in (_own(a), _own(b))):
                    continue
                # Beyond the counted noun itself: "a one-day swing" and "12 days of
                # protests" share only "day".
                same_noun = _noun(a) is not None and _noun(a) == _noun(b)
                beyond = shared - (same_noun and not vouched)
                needed = max(_needed(a), _needed(b))
                # One shared word is thin evidence: then the sizes must be close too
                # ("60,000 emails" is not "two" because both sentences say "emails"),
                # unless the user linked the sentences by hand.
                thin = beyond < 2 and not vouched and not _plausible(a, b)
                if equal and "age" in (_own(a), _own(b)) and beyond < 1:
                    continue  # two people of one age ("his wife Sandra, 52" and "Frank, 52")
                if equal or (beyond >= needed and not thin and not _noun_clash(a, b)):
                    consistent = not equal and _meet(span_l[i], span_r[j])
                    cands.append((shared, _ratio(a, b), i, j, consistent))
        take(cands)

    # Last resort, per sort: the one exact mention left on each side, units agreeing; or
    # one left on one side and, among several on the other, the only one of its size.
    # Never for what one row often holds for two things (`_needed` > 1), nor for ages (two
    # people's) and years (two events'): only shared context pairs those.
    def rest(ms: Sequence[NumberMention], used: set[int], sort: str) -> list[int]:
        return [
            k for k, m in enumerate(ms)
            if k not in used and _sort(m) == sort and _needed(m) == 1 and _own(m) != "age"
            and m.kind != "year"
        ]  # fmt: skip

    for sort in {_sort(m) for m in left}:
        rest_l, rest_r = rest(left, used_l, sort), rest(right, used_r, sort)
        cand = _last_pair(rest_l, [left[i] for i in rest_l], rest_r, [right[j] for j in rest_r])
        if cand:
            i, j = cand
            a, b = left[i], right[j]
            agree = not a.approximate and _compatible(a, b) and _noun(a) == _noun(b)
            if agree and (_same(a, b) or not _meet(span_l[i], span_r[j])):
                take([(0, 0.0, i, j, False)])

    result = [_diff(left[i], right[j]) for i, j in pairs]
    return tuple(sorted(result, key=lambda d: (d.left.start, d.right.start)))


def _needed(m: NumberMention) -> float:
    """Shared context words an unequal pair needs. Two for ordinals and odds, which one row
    often holds for different things ("the first time" and "the second time", a "1 in 3"
    chance of losing and a "two-in-three" chance of holding); none will do for weekdays
    ("resigned Monday" and "apologised Saturday" share the person and the post, not the
    day): they pair only when equal. Else one."""
    if _sort(m) == "weekday":
        return math.inf
    return 2 if m.kind == "ordinal" or m.unit == "odds" else 1


def _use_sums(
    left: Sequence[NumberMention],
    right: Sequence[NumberMention],
    used_l: set[int],
    used_r: set[int],
) -> None:
    """A figure on one side that is the sum of two on the other is consistent with them:
    "£16,970 of allowance and £2,435 of support" against "£19,405 in benefits", "six charges
    ... and two" against "eight charges". The three are used up, unflagged; a mention in two
    such sums is left alone (which sum it is would be a guess, and which side is looked at
    first must not matter)."""
    found = [({k}, pq) for k, pq in _sums(left, right, used_l, used_r)]
    found += [(pq, {k}) for k, pq in _sums(right, left, used_r, used_l)]
    for n, (ls, rs) in enumerate(found):
        if not any(ls & x or rs & y for o, (x, y) in enumerate(found) if o != n):
            used_l.update(ls)
            used_r.update(rs)


def _sums(
    one: Sequence[NumberMention],
    other: Sequence[NumberMention],
    used_one: set[int],
    used_other: set[int],
) -> list[tuple[int, set[int]]]:
    """(k, {p, q}) for each unused exact quantity or sum of money one[k] = other[p] + other[q]."""
    out = []
    for k, m in enumerate(one):
        if k in used_one or m.approximate or _sort(m) not in ("quantity", "money"):
            continue
        parts = [
            q for q, x in enumerate(other)
            if q not in used_other and not x.approximate and _sort(x) == _sort(m)
            and (m.kind != "money" or x.unit == m.unit)
        ]  # fmt: skip
        for p, q in itertools.combinations(parts, 2):
            if math.isclose(other[p].value + other[q].value, m.value, rel_tol=1e-9):
                out.append((k, {p, q}))
    return out


def _last_pair(
    il: list[int], ml: list[NumberMention], ir: list[int], mr: list[NumberMention]
) -> tuple[int, int] | None:
    """The last-resort candidate among the unpaired mentions of one sort, if any."""
    if len(il) == 1 == len(ir):
        return (il[0], ir[0]) if _plausible(ml[0], mr[0]) else None
    if len(il) == 1 and (k := _alone_in_size(ml[0], mr)) is not None:
        return il[0], ir[k]
    if len(ir) == 1 and (k := _alone_in_size(mr[0], ml)) is not None:
        return il[k], ir[0]
    return None


def _plausible(a: NumberMention, b: NumberMention) -> bool:
    """Whether two quantities with little or nothing in common but their row may be one
    figure told twice: close in size (less than a factor 2: 34 vs 35, £850,000 vs
    £875,000), or the same digits with zeros dropped or added (3,000 vs 300,000, a copying
    slip). "£214 million" vs "£100 million" is more likely two sums. Zero and figures beyond
    float range have no size to judge; dates and years are compared by their place in time,
    not by size."""
    if _sort(a) not in ("quantity", "money", "percent"):
        return True
    r = _ratio(a, b)
    if r < 2 or not math.isfinite(r):  # zero, or beyond float range: size says nothing
        return True
    tens = math.log10(r)
    return math.isclose(tens, round(tens), abs_tol=1e-9)


def _alone_in_size(one: NumberMention, many: Sequence[NumberMention]) -> int | None:
    """The index of the only mention of `many` within a factor 2 of `one`, when every other
    is at least 10 times larger or smaller: "£300,000" against "£275,000" and "£1"."""
    near = [k for k, m in enumerate(many) if _ratio(one, m) < 2]
    if len(near) != 1:
        return None
    far = all(_ratio(one, m) >= 10 for k, m in enumerate(many) if k != near[0])
    return near[0] if far else None


def _ratio(a: NumberMention, b: NumberMention) -> float:
    """larger / smaller of two absolute values; inf when one is zero or beyond float range."""
    lo, hi = sorted((abs(a.value), abs(b.value)))
    return hi / lo if lo and math.isfinite(hi) else math.inf


_TIME_UNITS = frozenset(
    {"second", "minute", "hour", "day", "night", "week", "fortnight", "month", "year", "decade",
     "century"}
)  # fmt: skip


def _own(m: NumberMention) -> str | None:
    """What a quantity surely counts, when it pairs only with its own kind: an age, a
    multiplier or odds (units `numbers.py` gives whatever the wording), or a span of time
    ("four days" is never "two" of something unnamed)."""
    if _sort(m) != "quantity" or not m.unit:
        return None
    if m.unit in ("age", "times", "odds"):
        return m.unit
    noun = _noun(m)
    return noun if noun in _TIME_UNITS else None


def _sort(m: NumberMention) -> str:
    """What a mention can be compared with: counts and decimals are both plain quantities;
    a decade only with a decade, a weekday only with a weekday, a time of day only with a
    time of day."""
    if m.unit in ("decade", "weekday", "clock") and m.kind in ("year", "date"):
        return m.unit
    return "quantity" if m.kind in ("count", "decimal") else m.kind


def _noun(m: NumberMention) -> str | None:
    """The stemmed counted noun of a plain quantity ('%' and currencies are not nouns)."""
    ok = _sort(m) == "quantity" and m.unit and m.unit[0].isalpha()
    return _stem(m.unit) if ok and m.unit else None


def _compatible(a: NumberMention, b: NumberMention) -> bool:
    if _sort(a) != _sort(b) or a.approximate != b.approximate:
        return False
    if a.kind in ("money", "percent") and a.unit != b.unit:  # "$" vs "€", "%" vs points
        return False
    # A date with a year is never paired with one without: they differ in precision only.
    return a.kind != "date" or (a.value >= 10000) == (b.value >= 10000)


def _noun_clash(a: NumberMention, b: NumberMention) -> bool:
    """Both counted nouns known and different ('villages' vs 'civilians'); or one side an
    age or a multiplier, which pair only with their own kind ("Smith, 61," is never "8")."""
    if _own(a) != _own(b):
        return True
    x, y = _noun(a), _noun(b)
    return None not in (x, y) and x != y


def _clear(a: NumberMention, b: NumberMention, shared: int) -> bool:
    """Shared context strong enough to pair vague quantities: same noun, or two words."""
    same_noun = _noun(a) is not None and _noun(a) == _noun(b)
    return not _noun_clash(a, b) and (same_noun or shared >= 2)


def _bounds(text: str, m: NumberMention) -> tuple[float, float]:
    """The range a hedged number allows, from the precision it is written with.

    A bound ("more than 200", "under 300") is the figure rounded to its last non-zero
    digit, so it allows one step of that digit: "more than 200" 200-300 (240 fits),
    "more than 275,000" 275,000-276,000 (300,000 does not), "up to 300" 200-300.
    A measure followed by a smaller unit ("four hours and 50 minutes") is at least the
    figure and less than one more. "Almost"/"nearly" say the figure is close below:
    within 5% ("nearly 300,000" is 285,000-300,000, so 275,000 is a discrepancy) but at
    least to the step below for small numbers ("almost three" 2.85-3 meets "more than
    two" 2-3: consistent).
    """
    before, v = text[max(0, m.start - 20) : m.start], abs(m.value)
    if _COMPOUND.match(text, m.end):  # "four hours and 50 minutes": four to five hours
        return v, v + 1
    if _ABOVE.search(before):
        return v, v + _step(v)
    if _NEARLY.search(before):
        return v * 0.95, v
    if _BELOW.search(before):
        return v - _step(v), v
    if rounded := _ROUNDED.search(m.text):  # "$13.6 million" holds $13,625,777
        half = 0.5 * 10.0 ** -len(rounded[1] or "") * _SCALE[rounded[2].lower()]
        return v - half, v + half
    return v, v


# A measure in two units, the larger first: "four hours and 50 minutes", "6ft and 2in".
_COMPOUND = re.compile(
    r"[ \t]*(?:years?|months?|weeks?|days?|hours?|hrs?|minutes?|mins?|stone|st|feet|foot|ft"
    r"|pounds?|lbs?|metres?|meters?|m)\b[ \t]+and[ \t]+\S+[ \t]+(?:months?|weeks?|days?|hours?"
    r"|hrs?|minutes?|mins?|seconds?|secs?|pounds?|lbs?|ounces?|oz|inch(?:es)?|centimetres?"
    r"|cm)\b",
    re.I,
)

# A figure written with a scale ("13.6 million", "$4.2bn", "£25m") is rounded to its last
# written digit. Groups: its decimals, the scale.
_ROUNDED = re.compile(
    r"\d(?:\.(\d+))?\s*(thousand|million|billion|trillion|bn|mn|tn|[kmb])\b", re.I
)
_SCALE = {"thousand": 1e3, "k": 1e3, "million": 1e6, "mn": 1e6, "m": 1e6, "billion": 1e9,
          "bn": 1e9, "b": 1e9, "trillion": 1e12, "tn": 1e12}  # fmt: skip


def _step(v: float) -> float:
    """The place value of the last non-zero digit: 275,000 -> 1,000; 300 -> 100; 1.5 -> 0.1."""
    if not math.isfinite(v) or v == 0:
        return 1.0
    step = 10.0 ** math.floor(math.log10(v))
    while step > 1e-9 and not math.isclose(v / step, round(v / step), rel_tol=0, abs_tol=1e-6):
        step /= 10
    return step


def _meet(a: tuple[float, float], b: tuple[float, float]) -> bool:
    if math.isinf(a[0]) and math.isinf(b[0]):
        return False  # both beyond float range: their ranges say nothing (see _same)
    return a[0] <= b[1] and b[0] <= a[1]


def _same(a: NumberMention, b: NumberMention) -> bool:
    x, y = figure(a), figure(b)
    if isinstance(x, float) and isinstance(y, float):
        return math.isclose(x, y, rel_tol=1e-9, abs_tol=1e-12)
    return x == y  # a number beyond float range equals only the same figure


def _diff(a: NumberMention, b: NumberMention) -> NumberDiff:
    if _same(a, b):
        return NumberDiff(a, b, differs=False)
    if a.kind == b.kind and a.kind in ("year", "date"):
        # 2019 vs 2017 is 2 years apart, not x1.00099; September 8 vs 7 is not x1.
        return NumberDiff(a, b, differs=True)
    lo, hi = sorted((abs(a.value), abs(b.value)))
    ratio = hi / lo if lo else None
    # No ratio when it overflows or a side is beyond float range (inf / inf is nan).
    return NumberDiff(a, b, differs=True, ratio=ratio if ratio and math.isfinite(ratio) else None)


def _stem(word: str) -> str:
    """A crude singular: 'civilians' -> 'civilian', 'casualties' -> 'casualty'."""
    w = word.lower().removesuffix("'s")
    if len(w) > 4 and w.endswith("ies"):
        return w[:-3] + "y"
    if len(w) > 3 and w.endswith("s") and not w.endswith(("ss", "us", "is")):
        return w[:-1]
    return w


_SET_OFF = re.compile(r"[ \t]*[,)]")
_AGE_FORM = frozenset({"year", "old", "aged"})


def _context(text: str, m: NumberMention, width: int = 3) -> frozenset[str]:
    """Stemmed content words within `width` words of a mention, inside its sentence."""
    before = text[max(0, m.start - 100) : m.start]
    before = before[max((e.end() for e in _SENTENCE_END.finditer(before)), default=0) :]
    after = text[m.end : m.end + 100]
    after = after[: (s.start() if (s := _SENTENCE_END.search(after)) else len(after))]
    words = _WORD.findall(before)[-width:] + _WORD.findall(after)[:width]
    if m.unit == "age" and _SET_OFF.match(text, m.end):
        # "Jean Lee, 59, Ann Ray, 61": a set-off age belongs to the name before it only.
        words = _WORD.findall(before)[-width:]
    found = {_stem(w) for w in words if len(w) > 1 and w.lower() not in _STOP | _NUMBERISH}
    if noun := _noun(m):
        found.add(noun)
    return frozenset(found)
