"""Sentence boundaries pysbd gets wrong in news copy, corrected by shape.

Owns three corrections applied to pysbd's sentences of one paragraph (as spans of it):

- an abbreviation pysbd does not know is not a sentence end: a party-state tag or a state
  ('R-Va., and', 'D-Calif. said'), a rank or title before a name ('Det. Insp. Smith',
  'Pte. Brown'); a piece that starts with a lower-case word, a comma or a closing bracket
  never begins a sentence, and a title never ends one;
- an attribution cut from its quotation ('"...?" Obama said.') goes back to it;
- a quotation of several sentences is one sentence per quoted sentence
  (`asked: "Why now? Why here?"`): pysbd keeps everything between quote marks whole.

Quote marks are curly, straight, or TeX-style (`` and ''), as wire copy writes them. Only
offsets are computed here; `segment` maps them into the article text.
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from collections.abc import Callable

Spans = list[tuple[int, int]]

_INITIALS_POSSESSIVE = re.compile("(?:\\b[A-Z]\\.){2,}['\u2019]$")
"""An abbreviation of initials and an apostrophe ('the U.S.' allies'): a possessive."""
_QUOTE_AFTER_END = re.compile('(?<=[a-z][.!?])\\s+(?=["\u201c][A-Z])')
"""A sentence ended by an attribution and a quotation opening the next ('... the
43-year-old said. "So to restore ...'): pysbd, pairing the marks wrongly, keeps both."""
_MONTH_END = re.compile(r"\b(?:Jan|Feb|Mar|Apr|Aug|Sept?|Oct|Nov|Dec)\.$")
"""A month abbreviated before a day ('post-Sept. 11 law', 'on Jan. 5'): no sentence end."""
_SHOUT_CLOSED = re.compile(
    "[^\\w\"\u201c'\u2018`]*\\w+[.!?,\u2026]*(?:[\"\u201d'\u2019]|'')[.,;)\\]]*\\Z"
)
"""One word and the closing quote mark of a quotation opened before it ('Armed police!
Stop!'): the end of that quotation, not a sentence of its own."""
_BETWEEN_QUOTES = re.compile(
    "(?<=[.!?\u2026][\"\u201d])\\s+(?=[\"\u201c][A-Z])|(?<=[.!?\u2026]'')\\s+(?=``[A-Z])"
)
"""Where one quotation ends a sentence and the next opens another: '"... professionals."
"In the abstract ..."' (pysbd keeps the two as one)."""
# Ranks and titles that stand before a name and never end a sentence (pysbd knows some:
# "Rep.", "Sen.", "Gov.", "Lt.", "Sgt."; not "Insp.", "Pte.", "Pc."). Abbreviations that
# may end a sentence ("Jr.", "Co.", "Inc.", states) are not here.
_TITLE_END = re.compile(
    r"(?:^|[\s(\[\"\u201c`'-])(?:Rep|Reps|Sen|Sens|Gov|Lt|Sgt|Gen|Col|Capt|Cpl|Pte|Pc|Pcs|Insp"
    r"|Det|Con|Supt|Ch|Dr|Mr|Mrs|Ms|Messrs|Prof|Rev|Revd|Hon|Adm|Cmdr|Maj|Brig|Atty|Sec|Pres"
    r"|Rt|St|Mt|Ft|Fr|Sr|Dep|Asst|Cllr|Lord|Sir)\.$"
)
_NOT_A_START = re.compile(r"[a-z,;:)\]\u2019]")
"""First characters no sentence starts with."""
_CLOSING_QUOTE = re.compile(r"[.!?,;:\u2026-]\s*(?:[\"\u201d'\u2019]|'')[)\]]?$")
_LEADING_CLOSE = re.compile("(''|\u201d|[\"'\u2019](?=\\s|$))\\s*")
"""A closing quote mark at the start of a piece: curly or TeX, or a straight (or single
curly) one followed by a blank (an opening one stands against its first word)."""
_SINGLE = re.compile(
    r"(?P<open>(?:(?<=^)|(?<=[\s(\[\u2014-]))['\u2018](?=[A-Za-z]))"
    r"|(?P<close>(?<=[A-Za-z.,!?;:])['\u2019](?=[\s.,;:!?)\]\u2014-]|$))"
)
_QUOTE_CHARS = re.compile("[\"\u201c\u201d]|``|''")
_REPORTING = frozenset([
    "said", "says", "asked", "asks", "added", "adds", "told", "tells", "replied", "replies",
    "explained", "insisted", "wrote", "writes", "declared", "continued", "noted", "argued",
    "warned", "claimed", "tweeted", "shouted", "joked", "quipped", "answered", "recalled",
    "admitted", "stated", "concluded", "conceded", "responded", "remarked", "pleaded",
    "urged", "cried", "demanded",
])  # fmt: skip
_TAIL_WORDS = 6
"""Longest attribution ('The prime minister said on Tuesday.') put back to its quote."""
_AFTER_VERB = 2
"""Words allowed after the reporting verb of a tail ('told reporters', 'said Tuesday')."""
_SENTENCE_END_INSIDE = re.compile(r"[.!?\u2026]['\u2019)\]]*\s+[\"'\u201c`(A-Z0-9]")
_LOOK = 40
"""Characters of a piece's end that the rules look at."""
MAX_QUOTE_CHARS = 4000
"""Longest quotation split into its sentences (pysbd's time grows with its square)."""
_MIN_WORDS = 2
"""Fewest words each side of a split inside a quotation ('"No. Never,"' stays whole)."""


def _is_tail(piece: str) -> bool:
    """Whether a piece is only an attribution: 'Obama said.', 'The judge told him.'."""
    if _QUOTE_CHARS.search(piece) or piece[-1:] not in ".!?":
        return False
    words = [w.strip(".,!?;:").lower() for w in piece.split()]
    if len(words) > _TAIL_WORDS:
        return False
    verbs = [i for i, w in enumerate(words) if w in _REPORTING]
    return bool(verbs) and len(words) - verbs[0] - 1 <= _AFTER_VERB


def merge(text: str, pieces: Spans) -> Spans:
    """Join pieces pysbd cut after an abbreviation, and attributions cut from their quote.

    Args:
        text: The paragraph.
        pieces: pysbd's sentences as trimmed (start, end) spans of `text`, in order.

    Returns:
        The pieces, neighbours joined where the cut was not a sentence boundary.
    """
    out: Spans = []
    for a, b in pieces:
        if out and _INITIALS_POSSESSIVE.search(text, max(0, out[-1][1] - _LOOK), out[-1][1]):
            out[-1] = (out[-1][0], b)  # "the U.S.' Kurdish allies": a possessive, no end
            continue
        if out and (close := _LEADING_CLOSE.match(text, a, b)):
            # A closing quote cut from the sentence it closes ("start.'' He left."): give
            # it back; the rest is a sentence of its own.
            out[-1] = (out[-1][0], a + len(close.group(1)))
            a = close.end()
            if a >= b:
                continue
        if out:
            # Only the end of the previous piece matters: a bounded look keeps a paragraph
            # of 60,000 pieces linear, however many of them are joined.
            pa, pb = out[-1]
            lo = max(pa, pb - _LOOK)
            if (
                _NOT_A_START.match(text, a)
                or _TITLE_END.search(text, lo, pb)
                or (_MONTH_END.search(text, lo, pb) and text[a : a + 1].isdigit())
                or (b - a <= _LOOK and _SHOUT_CLOSED.match(text[a:b]))
                or (
                    b - a <= _LOOK * 2
                    and _CLOSING_QUOTE.search(text, lo, pb)
                    and _is_tail(text[a:b])
                )
            ):
                out[-1] = (pa, b)
                continue
        out.append((a, b))
    return out


def quotations(text: str) -> Spans:
    """The insides of the quotations of a paragraph, as spans.

    Double quotes (straight, curly, TeX) and single ones, as British papers quote; a
    single quote opens after a blank and before a letter, and closes after a letter or
    punctuation and before a blank or punctuation, so apostrophes ("don't", "the boys'")
    inside words are not taken for quote marks. A quotation still open at the end of
    the paragraph runs to its end: a quotation of several paragraphs opens each of them
    and closes only the last.
    """
    out: Spans = []
    start: int | None = None
    for m in _QUOTE_CHARS.finditer(text):
        mark = m.group(0)
        opens = mark in ("\u201c", "``") or (
            mark == '"'
            and start is None
            and (m.start() == 0 or not text[m.start() - 1].isalnum())
            and not text[m.end() : m.end() + 1].isspace()  # '."  she said': a close
        )
        if opens:
            start = m.end()
        elif start is not None:
            out.append((start, m.start()))
            start = None
    if start is not None:
        out.append((start, len(text.rstrip())))
    start = None
    for m in _SINGLE.finditer(text):
        if m.group("open") is not None and start is None:
            start = m.end()
        elif m.group("close") is not None and start is not None:
            out.append((start, m.start()))
            start = None
    if start is not None:
        out.append((start, len(text.rstrip())))
    return out


def split_quotations(text: str, pieces: Spans, splitter: Callable[[str], list[str]]) -> Spans:
    """Cut pieces at the sentence ends inside their quotations.

    Args:
        text: The paragraph.
        pieces: Sentence spans of `text`, in order.
        splitter: The sentence splitter (pysbd), run on each quotation's inside, so its
            abbreviation rules hold inside quotations too.

    Returns:
        The pieces, one per quoted sentence; an attribution stays with its quotation.
    """
    cuts: list[int] = []
    for qa, qb in quotations(text):
        inner = text[qa:qb]
        if qb - qa > MAX_QUOTE_CHARS or not _SENTENCE_END_INSIDE.search(inner):
            continue
        cursor = 0
        words = 0  # of the quoted sentence so far: two short ones side by side are one
        for raw in splitter(inner):  # exclamation ('"Pigs! Murderers!"', '"No. Never,"')
            piece = raw.strip()
            k = inner.find(piece, cursor) if piece else -1
            if k < 0:
                continue
            own = _words(piece)
            if k > 0 and max(words, own) >= _MIN_WORDS and _cut_allowed(text, qa + k):
                cuts.append(qa + k)
                words = 0
            words += own
            cursor = k + len(piece)
    cuts += [m.end() for m in _BETWEEN_QUOTES.finditer(text)]
    cuts += [m.end() for m in _QUOTE_AFTER_END.finditer(text) if _cut_allowed(text, m.end())]
    if not cuts:
        return pieces
    # A cut before a closing mark ("women. ' After ..."): the mark ends the sentence before.
    cuts = [m.end() if (m := _LEADING_CLOSE.match(text, c)) else c for c in cuts]
    out: Spans = []
    cuts.sort()
    for a, b in pieces:
        # The cuts inside this piece, found by bisection: pieces and cuts can both number
        # in the tens of thousands in one paragraph. Both sides' words are counted within
        # a bounded stretch, so a huge piece with many cuts stays linear.
        for c in cuts[bisect_right(cuts, a) : bisect_left(cuts, b)]:
            left, right = text[max(a, c - _LOOK * 5) : c], text[c : min(b, c + _LOOK * 5)]
            if _words(left) >= _MIN_WORDS and _words(right) >= _MIN_WORDS:
                end = c
                while end > a and text[end - 1].isspace():
                    end -= 1
                out.append((a, end))
                a = c
        out.append((a, b))
    return out


def _cut_allowed(text: str, at: int) -> bool:
    """Whether a sentence may start at `at`: after a sentence end, not after a title."""
    end = at
    while end > 0 and text[end - 1].isspace():
        end -= 1
    return (
        text[end - 1 : end] in (".", "!", "?", "\u2026")
        and not _TITLE_END.search(text, max(0, end - _LOOK), end)
        and not _NOT_A_START.match(text, at)
    )


def _words(text: str) -> int:
    return sum(any(c.isalnum() for c in w) for w in text.split())
