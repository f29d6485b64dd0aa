"""Numbers in article text: finding every number mention with its value.

This module owns number extraction (digits, number words, scaled and vague quantities,
percentages, money, ordinals, years, dates). Pairing the mentions of two aligned sentences
is `numpair.py`'s job. It knows nothing of alignment or display.

Rules chosen for the ambiguous cases:

* "one" alone is a number only before a counted word ("one person", "one-month"); as a
  pronoun ("one of", "no one", "the one who", "one in five") it is skipped. "a" is a number
  only in "a dozen", "a hundred", "a thousand", "a million"... and "half a million".
* Vague plurals are `approximate` and take the unit they count in, i.e. their lower bound:
  dozens 12, scores (of) 20, hundreds 100, thousands 1000, millions 1e6, tens of thousands
  1e4, hundreds of thousands 1e5, "several/a few hundred" 100. Hedges ("over", "nearly")
  do not make a number approximate.
* A bare 4-digit 1900-2099 is a year, except after a hedge ("over 2000") or, with no year
  cue before it ("in", "since", a month...), before a plural noun ("2015 people"). With a
  separator ("2,015") it is always a count.
* Identifiers are skipped: digits glued to letters ("G7", "5G", "100m", "1990s") or after a
  letter and hyphen ("COVID-19", "F-16") or after two capitals and a space, as a model or
  flight is named ("AK 47", "MH 17"; not after "US", "UK", "EU", "UN"); so are URLs and
  fractions ("3/4").
* Times of day ("7.14pm", "9:25 am", "19:14") are kind "date", unit "clock", valued in
  minutes after midnight; one on the hour ("1pm") is approximate (it may be rounded).
* "4,56" is a European decimal only when one or two digits follow the comma; "1.500.000"
  and "1.500,5" are European thousands; a lone "1.500" is 1.5.
* Numeric dates are day first ("29/08/2019") unless the second field cannot be a month.
  Dates are valued YYYYMMDD, or MMDD without a year; a month alone is not a mention.
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable, Iterator
from dataclasses import replace
from functools import lru_cache

from reader.core.model import NumberKind, NumberMention

__all__ = ["extract_numbers", "figure", "hash_is_pound"]

# --- vocabulary -------------------------------------------------------------------------

_SCALES = {"thousand": 1e3, "million": 1e6, "billion": 1e9, "trillion": 1e12}
_UNITS = ("zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine")
_TEENS = ("ten", "eleven", "twelve", "thirteen", "fourteen", "fifteen", "sixteen", "seventeen",
          "eighteen", "nineteen")  # fmt: skip
_TENS = ("twenty", "thirty", "forty", "fifty", "sixty", "seventy", "eighty", "ninety")
_ORDINALS = ("first", "second", "third", "fourth", "fifth", "sixth", "seventh", "eighth", "ninth")
_ORD_TEENS = ["tenth", "eleventh", "twelfth", *(w + "th" for w in _TEENS[3:])]
# word -> (grammatical class, value, is ordinal); the class drives the phrase grammar below.
_WORDS: dict[str, tuple[str, float, bool]] = {
    "hundred": ("hundred", 100, False), "hundredth": ("hundred", 100, True),
    "dozen": ("dozen", 12, False),
}  # fmt: skip
for _i, _w in enumerate(_UNITS):
    _WORDS[_w] = ("unit", _i, False)
for _i, _w in enumerate(_ORDINALS):
    _WORDS[_w] = ("unit", _i + 1, True)
for _i, (_w, _o) in enumerate(zip(_TEENS, _ORD_TEENS, strict=True)):
    _WORDS[_w], _WORDS[_o] = ("teen", _i + 10, False), ("teen", _i + 10, True)
for _i, _w in enumerate(_TENS):
    _WORDS[_w] = ("tens", _i * 10 + 20, False)
    _WORDS[_w[:-1] + "ieth"] = ("tens", _i * 10 + 20, True)
for _w, _v in _SCALES.items():
    _WORDS[_w], _WORDS[_w + "th"] = ("scale", _v, False), ("scale", _v, True)
# Which classes may precede each class inside one phrase ("and" only after hundred/scale).
_AFTER: dict[str, set[str | None]] = {
    "unit": {None, "tens", "hundred", "scale", "and"},
    "teen": {None, "hundred", "scale", "and"},
    "tens": {None, "hundred", "scale", "and"},
    "hundred": {"unit", "teen"},
    "scale": {"unit", "teen", "tens", "hundred"},
    "dozen": {"unit", "teen", "tens"},
}
_A_SCALES = {"dozen": 12, "hundred": 100, **_SCALES}  # "a dozen", "half a million"
_VAGUE_VALUE = {"tens": 10, "dozens": 12, "scores": 20, "hundreds": 100, "thousands": 1e3,
                "millions": 1e6, "billions": 1e9, **_A_SCALES}  # fmt: skip
_SUFFIX_SCALE = {"k": 1e3, "m": 1e6, "mn": 1e6, "b": 1e9, "bn": 1e9, "tn": 1e12, **_A_SCALES}

_MONTH_NAMES = ("January", "February", "March", "April", "May", "June", "July", "August",
                "September", "October", "November", "December")  # fmt: skip
_MONTHS = {m.lower(): i + 1 for i, m in enumerate(_MONTH_NAMES)}
_MONTHS.update({m[:3]: i for m, i in list(_MONTHS.items())}, sept=9)

_STOP = frozenset(
    """a an the and or but nor so yet of in on at to for from by with without into onto over
    under about above below after before between through during since until than then as per
    via up down out off against among around across along near nearly almost some any all each
    every no not only just more most less least few many much several other another such same
    own this that these those there here it its they them their he him his she her we us our
    you your i me my who whom whose which what when where why how is are was were be been being
    am have has had do does did will would shall should can could may might must also still
    even very too again once both either neither whether if while because though although
    however according said says say told like thus including approximately roughly estimated
    """.split()  # noqa: SIM905 - a word list reads better as text
)
# Number vocabulary is never context nor a counted noun.
_NUMBERISH = frozenset(_WORDS) | set(_VAGUE_VALUE) | {"half", "percent", "cent", "percentage"}
# Words that follow a number without being what it counts ("16 and 13 respectively").
_ADVERBS = frozenset({"respectively", "apiece", "altogether", "together", "overall", "instead",
                      "ago", "later", "earlier", "each", "alone", "combined", "total"})  # fmt: skip
_PLURALS = frozenset(
    {"people", "children", "men", "women", "police", "staff", "personnel", "cattle", "sheep"}
)
_HEDGES = frozenset({"over", "about", "around", "nearly", "almost", "some", "than", "least",
                     "approximately", "roughly"})  # fmt: skip
_YEAR_CUES = frozenset(_MONTHS) | {"in", "since", "until", "till", "during", "before", "after",
    "through", "throughout", "early", "late", "mid", "circa", "spring", "summer", "autumn",
    "fall", "winter", "year"}  # fmt: skip
_DETERMINERS = frozenset({"no", "any", "every", "each", "some", "the", "this", "that", "which",
                          "what"})  # fmt: skip
_CURRENCY = {
    "$": "$", "US$": "$", "USD": "$", "€": "€", "EUR": "€", "£": "£", "GBP": "£", "¥": "¥",
    "₹": "₹", "A$": "A$", "C$": "C$", "HK$": "HK$", "NZ$": "NZ$", "dollars": "$", "euros": "€",
    "pounds": "£", "yen": "¥", "yuan": "yuan", "rupees": "₹", "roubles": "₽", "rubles": "₽",
}  # fmt: skip

# --- patterns ---------------------------------------------------------------------------

# A written number with optional sign, currency and scale. The lookbehinds keep us out of
# words and identifiers; the lookaheads reject partial numbers ("19.07.2019", "10:30", "3/4").
_DIGITS = re.compile(
    r"""(?<![\w.,#@/$£€¥:])(?<![A-Za-z]-)(?<!\b(?!US|UK|EU|UN)[A-Z]{2}[ ])
    (?P<sign>[-+\u2212](?=[$£€¥₹\d]))?
    (?P<cur>(?:US|A|C|HK|NZ)\$|[$£€¥₹]|(?:USD|EUR|GBP)[ ]?)?
    (?P<num>\d{1,3}(?:\.\d{3}){2,}(?:,\d+)?|\d{1,3}(?:\.\d{3})+,\d+
        |\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+,\d{1,2}(?!\d)|\d+(?:\.\d+)?)
    (?![.,]?\d|[:/]\d)
    (?P<frac>[ ]?[½¼¾⅓⅔]|[ ]+[1-3]/[2-4](?![\d/]))?
    (?:(?P<ord>st|nd|rd|th)|[ ]?(?P<sc>bn|mn|tn)|(?P<sca>[kmb])
        |(?:\s+|(?<=\d)(?=[mbt]))(?P<scw>thousand|million|billion|trillion|dozen))?
    (?!\w)""",
    re.X,
)
_EURO_THOUSANDS = re.compile(r"\d{1,3}(?:\.\d{3})+,\d+|\d{1,3}(?:\.\d{3}){2,}")
_PCT_TAIL = re.compile(r"[ \t]*(?:(?P<pp>percentage points?)|%|per[ \t]?cent\b)", re.I)
_MONEY_TAIL = re.compile(r"[ \t]+(dollars|euros|pounds|yen|yuan|rupees|roubles|rubles)\b", re.I)
_VAGUE = re.compile(
    r"\b(?:(?P<mult>tens|hundreds)\s+of\s+)?(?P<base>dozens|hundreds|thousands|millions|billions)\b"
    r"|\b(?:several|a\s+few|a\s+couple\s+of|few)\s+(?P<few>dozen|hundred|thousand|million|billion)"
    r"\b|\bscores(?=\s+of\b)",
    re.I,
)
# Months match case-sensitively, so the verb "may" is never a date.
_M = r"(" + "|".join([*_MONTH_NAMES, *(m[:3] for m in _MONTH_NAMES)]) + r"|Sept)\.?"
_YR = r"(?:,?\s+((?:19|20)\d\d)(?!\w))?"
_DATE_MD = re.compile(rf"\b{_M}\s+(\d{{1,2}})(?:st|nd|rd|th)?(?!\w|[.,]\d){_YR}")
_DATE_DM = re.compile(
    rf"(?<![\w.,])(\d{{1,2}})(?:st|nd|rd|th)?(?=\s)[ \t]*\n?[ \t]*(?:of\s+)?{_M}(?!\w)"
    r"(?:,?\s+((?:19|20)\d\d)(?!\w)|[ ]'?(\d\d)(?=[.,;:)](?!\d)|\s*$))?"
)
"""Day-first dates; a two-digit year only where the date ends a clause ('on 10 Nov 11.')."""
_DATE_NUM = re.compile(r"(?<![\w.,/-])(\d{1,2})([./-])(\d{1,2})\2((?:19|20)\d\d)(?!\w|[./-]\d)")
_DATE_ISO = re.compile(r"(?<![\w.,/-])((?:19|20)\d\d)-(\d{1,2})-(\d{1,2})(?!\w|[./-]\d)")
# A decade: "1960s", "1960's", "mid-1990s" (the prefix is not part of the mention).
_DECADE = re.compile(r"(?<![\w.,#@/$£€¥:'’])(1\d|20)(\d)0(?:['’]?s)\b")
_WEEKDAY_NAMES = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
# Capitalised and singular only: "Mondays" is a habit, not a day.
_WEEKDAY = re.compile(r"\b(" + "|".join(_WEEKDAY_NAMES) + r")\b(?!['’]s\b)")
# '#' standing for '£' (7-bit wire copy): a '#' before a figure, not inside a word or entity.
_HASH_FIGURE = re.compile(r"(?<![\w&#])#(?=\d)")
_HASH_MONEY = re.compile(
    r"(?<![\w&#])#\d+(?:(?:[,.]\d+)+|\s*(?:thousand|million|billion|bn|m|k)\b|\d\d(?![\d,.]))"
)
_HASHTAG = re.compile(r"(?<![\w&#])#[A-Za-z_]")
# Ages: "35-year-old", "35 years old"; "aged 35", "at the age of 35"; "Smith, 35," or "(35)".
_AGE_AFTER = re.compile(r"(?:-|[ \t]+)years?(?:-|[ \t]+)old\b", re.I)
_AGE_BEFORE = re.compile(r"\b(?:aged|age|ages)[ \t]+(?:of[ \t]+)?\Z", re.I)
_APPOSITIVE = re.compile(r"(?:[A-Z][\w'’.-]*,|[A-Z][\w'’.-]*[ \t]+\()[ \t]*\Z")
_APPOSITIVE_END = re.compile(r"[ \t]*[,)]")
# A multiplier written with "-fold": "20-fold", "a twentyfold rise" is too rare to chase.
_FOLD = re.compile(r"-?fold\b", re.I)
# Loose counts, approximate: "two or three", "5 or 6" (either side of the "or"), and
# "a year or two", "the next day or two" (a noun, then "or two").
_OR_AFTER = re.compile(r"[ \t]+or[ \t]+(?:two|three|four|five|six|seven|eight|nine|ten|\d+)\b",
                       re.I)  # fmt: skip
_OR_BEFORE = re.compile(r"\b(?:one|two|three|four|five|six|seven|eight|nine|\d+)[ \t]+or[ \t]+\Z",
                        re.I)  # fmt: skip
_OR_TWO = re.compile(r"\b[a-z]+[ \t]+or[ \t]+\Z")
# A list item's number: "9. May 3, 1989: ...", "15.Torturing", "2) The" at a line's start.
_LIST_MARK = re.compile(r"(?:^|(?<=\n))[ \t]*\d{1,3}(?:\.(?=[ \t]|[A-Z])|\)(?=[ \t]))")
# A number naming a place in a series, after a singular noun: "day three", "page 5", "No 2".
_LABEL_BEFORE = re.compile(
    r"\b(?:day|week|month|page|chapter|round|game|match|stage|phase|level|number|no|section"
    r"|clause|article|question|item|part|act|scene|platform|gate|room|flight|row|seat|grade"
    r"|lap|exhibit|channel|track|verse|line|step|tier|zone|category|class|count|term)\.?[ \t]+\Z",
    re.I,
)
_RANGE_GAP = re.compile(r"[ \t]*(?:-|\u2013|\u2014|to|and|or)[ \t]*")
# Not the tail of a longer figure: "£850,000 in five months" is no "000 in five".
_ODDS_HEAD = re.compile(
    r"(?<![\d.,])\b(\d{1,3}|one|a|two|three|four|five|six|seven|eight|nine)(?:[ \t]+|-)in"
    r"(?:[ \t]+|-)\Z",
    re.I,
)
_AND_HALF = re.compile(r"(?:[ \t]+|-)and(?:[ \t]+|-)a(?:[ \t]+|-)half\b", re.I)
_WRAP = re.compile(r"(?<![\n\r])\r?\n(?![\r\n])")
_URL = re.compile(r"(?:https?://|www\.)\S+|\S+@\S+\.\w+")
_WORD = re.compile(r"[A-Za-z]+")
_NOUN_AFTER = re.compile(r"(?:[ \t]+|-)(?:of[ \t]+)?([A-Za-z]+)\b(?:[ \t]+([A-Za-z]+)\b)?")
# A hyphenated modifier before the counted noun: "16 House-passed measures", "3 long-term loans".
_COMPOUND_AFTER = re.compile(r"[ \t]+[A-Za-z]+-([A-Za-z]+)(?:[ \t]+([A-Za-z]+)\b)?")
_PREV_WORD = re.compile(r"([A-Za-z]+)[\s,(]*\Z")
_SENTENCE_END = re.compile(r"[.!?](?=\s)")
_ABOVE = re.compile(r"\b(?:more than|over|above|at least|upwards of|in excess of)\s+\Z", re.I)
_BELOW = re.compile(r"\b(?:under|below|less than|fewer than|up to)\s+\Z", re.I)
_NEARLY = re.compile(r"\b(?:almost|nearly|close to|just under|approaching)\s+\Z", re.I)

_Token = tuple[int, int, str]  # start, end, lower-cased word

# --- extraction -------------------------------------------------------------------------


def extract_numbers(text: str, *, hash_pound: bool = False) -> tuple[NumberMention, ...]:
    """Every number mention in `text`, in order, offsets into `text`, non-overlapping.

    Args:
        text: Any text; the mentions' offsets index it.
        hash_pound: Read '#' before a figure as '£' ("#300,000"), as wire copy written in a
            7-bit character set does. Decide it for a whole file with `hash_is_pound`: a
            sentence alone cannot tell "#1" (number one) from "#1" (one pound).

    Returns:
        The mentions sorted by offset. Where candidates overlap, the one starting first
        wins, then the longest ("July 18, 2019" over "18" and "2019"). A mention's `text`
        is always as written ("#300,000"); its unit says what it counts ("£").
    """
    # What is matched is `text` with one character swapped for another, so the mentions
    # found in it index the original; only their `text` is taken from the original again.
    # '#' -> '£' where the file writes it so; a hard line wrap inside a paragraph -> space
    # (wire copy wraps at 75 columns: "five\nindecent assaults" counts assaults).
    read = _WRAP.sub(lambda m: " " * len(m[0]), text) if "\n" in text else text
    if hash_pound and "#" in text:
        read = _HASH_FIGURE.sub("£", read)
    candidates = [
        *_dates(read),
        *_weekdays(read),
        *_clock_times(read),
        *_decades(read),
        *_digit_numbers(read),
        *_word_numbers(read),
        *_vague(read),
    ]
    candidates.sort(key=lambda c: (c.start, c.start - c.end))
    urls = [m.span() for m in _URL.finditer(text)]
    urls += [m.span() for m in _LIST_MARK.finditer(text)]  # skipped like URLs
    chosen: list[NumberMention] = []
    for c in candidates:
        in_url = any(s < c.end and c.start < e for s, e in urls)
        if not in_url and (not chosen or c.start >= chosen[-1].end):
            chosen.append(c)
    chosen = _odds(read, _ranges(read, chosen))
    if read is not text:
        chosen = [replace(c, text=text[c.start : c.end]) for c in chosen]
    return tuple(chosen)


def _ranges(text: str, found: list[NumberMention]) -> list[NumberMention]:
    """Both ends of a range count the same thing: "between 12 and 16 years old" makes 12 an
    age, "10 to 15 years" makes 10 years, "aged 16 and 13" makes 13 an age."""
    out = list(found)
    for k in range(len(out) - 1):
        a, b = out[k], out[k + 1]
        plain = a.kind == b.kind == "count" and not (a.approximate or b.approximate)
        if not plain or not _RANGE_GAP.fullmatch(text, a.end, b.start):
            continue
        if a.unit is None and b.unit is not None:
            out[k] = replace(a, unit=b.unit)
        elif a.unit == "age" and (b.unit is None or b.unit.lower() in ("year", "years")):
            out[k + 1] = replace(b, unit="age")  # "aged 10-15 years"
    return out


def _odds(text: str, found: list[NumberMention]) -> list[NumberMention]:
    """ "1 in 3", "one in five", "a two-in-three chance": one figure, the share (unit "odds")."""
    out: list[NumberMention] = []
    for m in found:
        head = _ODDS_HEAD.search(text, max(0, m.start - 20), m.start)
        if m.kind != "count" or not head or not m.value.is_integer() or m.value < 2:
            out.append(m)
            continue
        top = float(head[1]) if head[1].isdigit() else float(_WORDS[head[1].lower()][1])
        if out and out[-1].start >= head.start():
            out.pop()  # the "1" or "two" of "1 in 3", found alone
        out.append(_mention(text, head.start(), m.end, top / m.value, "decimal", unit="odds"))
    return out


@lru_cache(maxsize=64)
def hash_is_pound(text: str) -> bool:
    """Whether a whole article writes '#' for '£' (British wire copy in a 7-bit set).

    Yes only when the file has no '£' at all, no hashtag ('#' before a letter), and at
    least one '#' figure shaped like money: a separator or decimal ("#300,000", "#1.5"), a
    scale ("#240 million", "#2m") or three digits or more ("#500"). "#1" alone (number one,
    US style) is not evidence. Cached: `compare` asks once per row with the same text.

    Args:
        text: The article's whole text.
    """
    if "#" not in text or "£" in text or _HASHTAG.search(text):
        return False
    return _HASH_MONEY.search(text) is not None


def figure(m: NumberMention) -> float | str:
    """What makes two mentions the same number: the value, or for a number beyond the
    range of a float the figure as written.

    A number of more than 308 digits ("9" * 400) reads as a value of inf (-inf when
    negative), so every such number would equal every other; its written form, without
    spaces and commas and in lower case, tells them apart.
    """
    if math.isfinite(m.value):
        return m.value
    return "".join(m.text.replace(",", "").split()).lower()


def _mention(text: str, start: int, end: int, value: float, kind: NumberKind,
             approximate: bool = False, unit: str | None = None) -> NumberMention:  # fmt: skip
    return NumberMention(start, end, text[start:end], float(value), kind, approximate, unit)


def _is_noun(word: str) -> bool:
    w = word.lower()  # past-tense verbs ("3,000 fled") are not counted nouns
    return not (w in _STOP or w in _NUMBERISH or w in _ADVERBS or (len(w) > 3 and w.endswith("ed")))


def _plural(word: str) -> bool:
    w = word.lower()
    regular = w.endswith("s") and not w.endswith(("ss", "us", "is"))
    return w in _PLURALS or (regular and w not in _STOP)


def _noun_after(text: str, end: int) -> str | None:
    """The counted noun right after a number ("300,000 civilians", "dozens of villages").

    One adjective before a plural is skipped ("dozens of rural villages" -> "villages").
    """
    if c := _COMPOUND_AFTER.match(text, end):
        if c[2] and _is_noun(c[2]):
            return c[2]
        return c[1] if _is_noun(c[1]) else None
    m = _NOUN_AFTER.match(text, end)
    if m and m[2] and m[1].islower() and m[1].endswith(("ed", "ing")) and m[2].islower():
        # "one attempted murder", "five wounded soldiers": a participle, then the noun
        return m[2] if _is_noun(m[2]) and not m[2].endswith("ed") else None
    if not m or not _is_noun(m[1]):
        return None
    if not m[0].startswith("-") and not _plural(m[1]) and m[2] and _plural(m[2]):
        return m[2] if _is_noun(m[2]) else None
    return m[1]


def _tail(text: str, end: int, scaled: bool) -> tuple[int, NumberKind, str] | None:
    """A percent sign or currency word after a number: (new end, kind, unit), or None."""
    if m := _PCT_TAIL.match(text, end):
        return m.end(), "percent", "percentage points" if m["pp"] else "%"
    m = _MONEY_TAIL.match(text, end)
    # "300 pounds" is as likely a weight; only "25 million pounds" is surely money.
    if m and (scaled or m[1].lower() != "pounds"):
        return m.end(), "money", _CURRENCY[m[1].lower()]
    return None


_VULGAR = {"½": 0.5, "¼": 0.25, "¾": 0.75, "⅓": 1 / 3, "⅔": 2 / 3}


def _fraction(frac: str | None) -> float:
    """The fraction of a mixed number: " 1/2" or "½" -> 0.5; none -> 0."""
    if not frac:
        return 0.0
    frac = frac.strip()
    if frac in _VULGAR:
        return _VULGAR[frac]
    top, bottom = frac.split("/")
    return int(top) / int(bottom)


def _parse_digits(raw: str) -> float:
    if _EURO_THOUSANDS.fullmatch(raw):
        return float(raw.replace(".", "").replace(",", "."))
    if re.fullmatch(r"\d+,\d{1,2}", raw):  # a comma group of 1-2 digits can't be thousands
        return float(raw.replace(",", "."))
    return float(raw.replace(",", ""))


def _reads_as_year(text: str, start: int, end: int) -> bool:
    prev = _PREV_WORD.search(text, max(0, start - 40), start)
    prev_word = prev[1].lower() if prev else ""
    if prev_word in _HEDGES:  # "over 2000"
        return False
    if prev_word in _YEAR_CUES:  # "in 2015", "May 2017"
        return True
    m = _WORD.match(text, end + 1) if text[end : end + 1] == " " else None
    return not (m and m[0].islower() and _plural(m[0]))  # "2015 people" is a count


def _digit_numbers(text: str) -> Iterator[NumberMention]:
    for m in _DIGITS.finditer(text):
        raw, cur, sign = m["num"], m["cur"], m["sign"] or ""
        start = m.start("cur") if cur else m.start("num")
        if m["ord"]:
            if not cur and raw.isdigit():
                # float(), not int(): int() refuses strings over 4,300 digits (ValueError)
                yield _mention(text, start, m.end(), float(raw), "ordinal")
            continue
        if m["sca"] in ("m", "b") and not cur:
            continue  # "100m", "5b": metres, model names; only "£25m" is surely millions
        suffix = m["sc"] or m["sca"] or m["scw"]
        value = _parse_digits(raw) + _fraction(m["frac"])  # "4 1/2", "4½"
        value *= _SUFFIX_SCALE[suffix] if suffix else 1
        end, unit = m.end(), None
        kind: NumberKind = "count"
        if cur:
            kind, unit = "money", _CURRENCY[cur.strip()]
        elif tail := _tail(text, end, bool(suffix)):
            end, kind, unit = tail
        elif (not suffix and not sign and len(raw) == 4 and raw.isdigit()
              and 1900 <= int(raw) <= 2099 and _reads_as_year(text, start, end)):  # fmt: skip
            kind = "year"
        elif math.isfinite(value) and not value.is_integer():  # inf: too many digits
            kind = "decimal"
        if sign and kind != "year":
            start, value = m.start(), -value if sign in "-\u2212" else value
        if kind in ("count", "decimal"):
            yield _quantity(text, start, end, value, kind)
        else:
            yield _mention(text, start, end, value, kind, unit=unit)


def _quantity(text: str, start: int, end: int, value: float, kind: NumberKind) -> NumberMention:
    """A plain count or decimal with what it counts: an age, a multiplier, a counted noun.

    An age is always the unit "age", however it is written ("35-year-old", "aged 35",
    "Smith, 35,"), so one person's age reads the same in every outlet and never pairs with
    a count of years. "20 times" and "20-fold" are the multiplier "times". "a year or two"
    and "two or three" are loose counts (approximate). "five and a half" is 5.5. After a
    noun naming a series ("day three", "page 5", "No 2") it is an ordinal: a place, not a
    count.
    """
    before = text[max(0, start - 40) : start]
    if value.is_integer() and (half := _AND_HALF.match(text, end)):  # "five and a half months"
        end, value = half.end(), value + 0.5
    loose = text[start:end].lower() == "two" and _OR_TWO.search(before)
    approximate = bool(_OR_AFTER.match(text, end) or _OR_BEFORE.search(before) or loose)
    if _LABEL_BEFORE.search(before) and value.is_integer():  # "day three", "No 2": a place
        return _mention(text, start, end, value, "ordinal")
    if _is_age(text, start, end, value, before):
        return _mention(text, start, end, value, kind, approximate, "age")
    if fold := _FOLD.match(text, end):
        return _mention(text, start, fold.end(), value, kind, approximate, "times")
    return _mention(text, start, end, value, kind, approximate, _noun_after(text, end))


def _is_age(text: str, start: int, end: int, value: float, before: str) -> bool:
    if not (value.is_integer() and 0 < value < 130):
        return False
    if _AGE_AFTER.match(text, end) or _AGE_BEFORE.search(before):
        return True
    # "Pc Smith, 34, is accused": a bare number set off by commas right after a name.
    return bool(_APPOSITIVE.search(before) and _APPOSITIVE_END.match(text, end))


def _word_numbers(text: str) -> Iterator[NumberMention]:
    toks = [(m.start(), m.end(), m[0].lower()) for m in _WORD.finditer(text)]

    def joined(j: int) -> bool:
        """Whether token j continues the phrase of token j-1 (only a space or hyphen between)."""
        gap = text[toks[j - 1][1] : toks[j][0]] if 0 < j < len(toks) else ""
        return bool(re.fullmatch(r"\s+|-", gap))

    i = 0
    while i < len(toks):
        parsed = _parse_phrase(toks, i, joined)
        if parsed is None:
            i += 1
            continue
        first, (i, value, ordinal) = i, parsed
        if i - first == 1 and toks[first][2] == "one" and not _one_counts(toks, first, joined):
            continue
        start, end = toks[first][0], toks[i - 1][1]
        if ordinal:
            yield _mention(text, start, end, value, "ordinal")
        elif tail := _tail(text, end, value >= 1000):
            yield _mention(text, start, tail[0], value, tail[1], unit=tail[2])
        else:
            yield _quantity(text, start, end, value, "count")


def _one_counts(toks: list[_Token], i: int, joined: Callable[[int], bool]) -> bool:
    """Lone "one" is a number only when a counted word follows and no determiner precedes."""
    if joined(i) and toks[i - 1][2] in _DETERMINERS:  # "no one", "the one who"
        return False
    return joined(i + 1) and toks[i + 1][2] not in _STOP and toks[i + 1][2] not in _NUMBERISH


def _parse_phrase(
    toks: list[_Token], i: int, joined: Callable[[int], bool]
) -> tuple[int, float, bool] | None:
    """The longest number-word phrase at token i: (token after it, value, is ordinal)."""

    def word(k: int) -> str | None:
        return toks[k][2] if joined(k) else None

    if toks[i][2] == "half" and word(i + 1) == "a" and word(i + 2) in _A_SCALES:
        return i + 3, _A_SCALES[toks[i + 2][2]] / 2, False
    total = current = 0.0
    last: str | None = None
    top, best, j = math.inf, None, i  # scales must shrink: "two million three hundred thousand"
    if toks[i][2] == "a":  # "a dozen", "a hundred", "a million": never "a" alone
        if word(i + 1) not in _A_SCALES:
            return None
        current, last, j = 1.0, "unit", i + 1
    while j < len(toks) and (j == i or joined(j)):
        w = toks[j][2]
        if w == "and" and last in ("hundred", "scale"):  # "one hundred and five"
            last, j = "and", j + 1
            continue
        cls, v, ordinal = _WORDS.get(w, ("", 0, False))
        if not cls or last not in _AFTER[cls] or (cls == "unit" and last == "tens" and v == 0):
            break
        if cls == "scale":
            if v >= top:
                break
            total, current, top = total + current * v, 0.0, v
        elif cls in ("hundred", "dozen"):
            current *= v
        else:
            current += v
        last, j = cls, j + 1
        best = (j, total + current, ordinal)
        if ordinal or cls == "dozen":
            break
    return best


def _vague(text: str) -> Iterator[NumberMention]:
    for m in _VAGUE.finditer(text):
        if m["base"]:
            value = _VAGUE_VALUE[m["base"].lower()] * _VAGUE_VALUE.get(str(m["mult"]).lower(), 1)
        else:
            value = _VAGUE_VALUE[(m["few"] or "scores").lower()]
        yield _mention(text, m.start(), m.end(), value, "count", True, _noun_after(text, m.end()))


_CLOCK = re.compile(
    r"(?<![\w.,:/])(?:(1[0-2]|0?[1-9])(?:[.:]([0-5]\d))?[ ]?([ap])(?:\.m\b\.?|m\b)"
    r"|(1[3-9]|2[0-3]):([0-5]\d)(?![\d:]))",
    re.IGNORECASE,
)
"""Times of day: '7.14pm', '9:25 am', '8 p.m.', or a 24-hour '19:14'; a 24-hour time before
1pm ('9:25') says neither morning nor evening and is left out."""


def _clock_times(text: str) -> Iterator[NumberMention]:
    """Times of day: kind "date", unit "clock", valued in minutes after midnight."""
    for m in _CLOCK.finditer(text):
        if m[4]:
            value = int(m[4]) * 60 + int(m[5])
        else:
            hour = int(m[1]) % 12 + (12 if m[3].lower() == "p" else 0)
            value = hour * 60 + int(m[2] or 0)
        # A time on the hour ('1pm') may be rounded: it is compared with other round
        # times, not with '1.17pm'.
        on_the_hour = not m[4] and not m[2]
        yield _mention(text, m.start(), m.end(), value, "date", on_the_hour, unit="clock")


def _weekdays(text: str) -> Iterator[NumberMention]:
    """Weekday names as dates: kind "date", unit "weekday", valued 1 (Monday) to 7."""
    for m in _WEEKDAY.finditer(text):
        value = _WEEKDAY_NAMES.index(m[1]) + 1
        yield _mention(text, m.start(), m.end(), value, "date", unit="weekday")


def _decades(text: str) -> Iterator[NumberMention]:
    """Decades ("1960s", "1960's"): kind "year", unit "decade", valued by the first year."""
    for m in _DECADE.finditer(text):
        value = int(m[1]) * 100 + int(m[2]) * 10
        yield _mention(text, m.start(), m.end(), value, "year", unit="decade")


def century(yy: int) -> int:
    """A two-digit year in the window 1950-2049 ('09' -> 2009, '99' -> 1999)."""
    return yy + (2000 if yy < 50 else 1900)


def _dates(text: str) -> Iterator[NumberMention]:
    found = [(m, _MONTHS[m[1].lower()], int(m[2]), m[3]) for m in _DATE_MD.finditer(text)]
    found += [
        (m, _MONTHS[m[2].lower()], int(m[1]), m[3] or (m[4] and str(century(int(m[4])))))
        for m in _DATE_DM.finditer(text)
    ]
    found += [(m, int(m[2]), int(m[3]), m[1]) for m in _DATE_ISO.finditer(text)]
    for m in _DATE_NUM.finditer(text):
        a, b = int(m[1]), int(m[3])  # day first unless the second field can't be a month
        found.append((m, a, b, m[4]) if b > 12 else (m, b, a, m[4]))
    for m, month, day, year in found:
        if 1 <= month <= 12 and 1 <= day <= 31:
            value = (int(year) * 10000 if year else 0) + month * 100 + day
            yield _mention(text, m.start(), m.end(), value, "date")
