"""Tell article text from boilerplate, one paragraph at a time.

Owns the rules that decide a paragraph is not part of the story: headlines and kickers above
the body, bylines, datelines, read-time lines, share buttons, "Related article" links, photo
captions, advertising, copyright and legal notices, comment sections. The rules look at the
*shape* and *vocabulary* of a line (no terminal punctuation, cue words, position relative to
the body), never at particular outlets, so they carry over to articles not seen before.

Boilerplate is kept in the model (a user can show it) and left out of alignment.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from reader.core.model import Span
from reader.ingest.newsroom import RULE, SLUG
from reader.ingest.text import fold, strip_markdown

# A paragraph that ends like a sentence: terminal punctuation, maybe closed by quotes/brackets.
_SENTENCE_END = re.compile(r"[.!?\u2026][\"'\u201d\u2019)\]]*\s*$")
_MD_HEADING = re.compile(r"^\s{0,3}#{1,6}\s")
_URL_ONLY = re.compile(r"^\s*<?(?:https?://|www\.)\S+>?\s*$")
_LINK_ONLY = re.compile(r"^\s*(?:[*_]*\[[^\]]*\]\([^)]*\)[*_]*\s*)+$")
_LABEL_COLON = re.compile(r"^[^.!?]{1,40}:\s*$")
_MONTHS = (
    r"(?:jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|"
    r"sept?(?:ember)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)\.?"
)
_DATE = (
    rf"(?:\d{{1,2}}[./-]\d{{1,2}}[./-]\d{{2,4}}|\d{{4}}-\d{{2}}-\d{{2}}"
    rf"|{_MONTHS}\s+\d{{1,2}}(?:st|nd|rd|th)?,?\s+\d{{4}}"
    rf"|\d{{1,2}}(?:st|nd|rd|th)?\s+{_MONTHS},?\s+\d{{4}})"
)
"""A calendar date as pages print it: numeric, ISO, month first or day first."""
_DATE_WORDS = r"(?:published|updated|last updated|posted|modified|first published|date|on)?:?\s*"
_DATE_LINE = re.compile(
    rf"^\s*{_DATE_WORDS}"
    rf"(?:(?:mon|tues|wednes|thurs|fri|satur|sun)day,?\s*)?{_DATE}"
    r"(?:[,\s]*(?:at\s*)?\d{1,2}[:.]\d{2}(?:\s*[ap]\.?m\.?)?(?:\s*[A-Z]{2,4})?)?"
    r"(?:\s*(?:\||-|/)\s*(?:updated|last updated)?:?.*)?\s*$",
    re.IGNORECASE,
)
_A_DATE = re.compile(rf"\b{_DATE}(?!\d)", re.IGNORECASE)
_DATE_FURNITURE = re.compile(
    r"\b\d{1,2}[:.]\d{2}(?:[:.]\d{2})?\s*(?:[ap]\.?m\b\.?)?|\b\d{1,2}\s*[ap]\.?m\b\.?"
    r"|\b(?:mon|tues?|wed(?:nes)?|thu(?:rs?)?|fri|sat(?:ur)?|sun)(?:day)?\b\.?"
    r"|\b(?:published|updated|last|posted|modified|first|on|at|hrs|date|time|gmt|utc)\b"
    r"|[+-]\d{1,2}(?::\s*\d{1,2})?\b",
    re.IGNORECASE,
)
_ZONE_OR_AGENCY = re.compile(r"\b[A-Z]{2,4}\b")
_DATE_LINE_OTHER_WORDS = 2
"""Words a date line may hold besides its date, time and their labels: an agency and a
place ('TNN Nov 12, 2011, 05.51AM IST MUMBAI:')."""


def date_line(plain: str) -> bool:
    """A line that is a date with its furniture, however the page words it ('Published on:
    Fri, 11 Nov 2011 at 09:56 IST', 'Sat Nov 12 2011, 01:19 hrs', '7:15 a.m. Dec. 7,
    2009', '11/30/09 05:40 PM ET'): a date, and besides it only times, weekdays, time
    zones, 'posted', 'updated'... and at most two other words. A sentence that happens to
    be short and dated ('On May 3, 2011 police arrived.') is not one."""
    found = _A_DATE.search(plain)
    if not found:
        return False
    rest = _DATE_FURNITURE.sub(" ", plain[: found.start()] + " " + plain[found.end() :])
    other = sum(any(c.isalnum() for c in w) for w in _ZONE_OR_AGENCY.sub(" ", rest).split())
    return other == 0 or (other <= _DATE_LINE_OTHER_WORDS and not ends_like_sentence(plain))


_BYLINE = re.compile(r"^\s*(?:by|written by|reporting by|words by)\s+\S", re.IGNORECASE)
_READ_TIME = re.compile(r"^\s*\d+\s*(?:-\s*)?min(?:ute)?s?\.?\s+read\b", re.IGNORECASE)
_COPYRIGHT = re.compile(
    r"©|\(c\)\s*(?:\d{4}|copyright)|^\W*copyright\b|\ball rights reserved\b", re.IGNORECASE
)
_RELATED = re.compile(
    r"^\W*(?:related(?: articles?| stories| content| coverage)?|read (?:more|also|next)|"
    r"see also|more (?:on|from|about)|recommended|you may also like|also read|most read|"
    r"trending|popular)\b",
    re.IGNORECASE,
)
_SHARE = re.compile(
    r"\b(?:share (?:on|this|via)|follow us|tweet this|email this|print this|"
    r"copy link|share article|share story)\b",
    re.IGNORECASE,
)
# A credit in brackets ends the line; the brackets' content never holds another bracket,
# so a line of 100,000 '[Getty ' is read once, not once per bracket.
_CAPTION = re.compile(
    r"(?:\[(?:getty|afp|reuters|ap|epa|anadolu|photo|file photo|image|credit|"
    r"[A-Z][\w./ -]{0,30}(?:images?|photo|press|agency))[^\[\]]*\]\s*$"
    r"|\((?:getty images|afp|reuters|ap|epa|photo|file photo|photo by|image)[^()]*\)\s*$"
    r"|^\s*(?:photo|image|picture|caption|credit)s?\s*:)",
    re.IGNORECASE,
)
_COMMENTS = re.compile(
    r"^\W*(?:(?:latest|recent|top|show|view|read|load)\s+)?comments?(?:\s*\(\d+\))?\W*$"
    r"|^\W*(?:leave a (?:comment|reply)|join the (?:conversation|discussion)|"
    r"\d+\s+comments?)\W*$",
    re.IGNORECASE,
)
# Advertising and promotion. Strong cues mark a paragraph on their own; weak ones also
# occur in news copy ("the deal could unlock aid", "advertising revenue fell"), so they
# mark only a short line that does not read as a sentence, or come in twos. `(?<!\d)`
# starts '% off' at the first digit of a run only: a line of 40,000 digits is read once.
_AD_STRONG = re.compile(
    r"\b(?:advertisement|sponsored content|remove ads|ad ?blocker|not an offer|"
    r"promo(?:tion(?:al)?)? code|free trial|buy now|shop now|limited(?:-time)? offer|"
    r"3rd party ad|paid (?:post|content|partnership)|subscribe (?:now|today|to our)|"
    r"sign up for our|our newsletter)\b|(?<!\d)\d+\s*%\s*off\b",
    re.IGNORECASE,
)
_AD_WEAK = re.compile(
    r"\b(?:advert(?:ising)?|sponsored|subscribe|sign up|newsletter|unlock|offer|deal|"
    r"discount|coupon)\b",
    re.IGNORECASE,
)
# Legal and disclaimer vocabulary. Strong terms rarely occur in news copy; weak ones do
# ("trading", "financial markets"), so a paragraph needs a strong term and one more hit,
# or three different weak ones.
_LEGAL_STRONG = re.compile(
    r"\b(?:risk disclosure|disclaimer|terms (?:of|and) (?:use|service|conditions)|"
    r"privacy (?:policy|notice)|liabilit(?:y|ies)|intellectual property|written permission|"
    r"all rights reserved|cookie (?:policy|settings))\b",
    re.IGNORECASE,
)
_LEGAL_WEAK = re.compile(
    r"\b(?:cookies?|not necessarily|prohibited|reproduc(?:e|tion)|this (?:website|site)|"
    r"investment objectives|financial (?:instruments?|risks?|markets)|professional advice|"
    r"advertisers?|affiliate|compensat(?:ed|ion)|indicative|trading|market makers|"
    r"data providers?|real-time)\b",
    re.IGNORECASE,
)


# Agency datelines that open a first paragraph: "BEIRUT (Reuters) - ", "WASHINGTON, May 3 (AP) — ".
DATELINE = re.compile(
    r"^\s*(?:[A-Z][A-Z.'\-]+(?:[ ,/]+[A-Z][A-Za-z.'\-]+)*,?\s*"
    r"(?:[A-Z][a-z]{2,8}\.?\s+\d{1,2}\s*)?)?"
    r"\((?:[A-Z][A-Za-z&.\- ]{1,30})\)\s*[-\u2013\u2014:]+\s*"
    r"|^\s*[A-Z]{3,}(?:[ ,][A-Z]{2,})*\s*[\u2013\u2014]\s+"
)


_MEMO = re.compile(r"^[(\[].*[)\]]\.?$", re.DOTALL)
"""A paragraph wholly in brackets."""
_BRACKETED = re.compile(r"^[(\[][^()\[\]]*[)\]]$")
_DESK_NOTE = re.compile(
    r"\bplease\s+(?:read|note|delete|insert|substitute|amend|replace|add|omit|use|ignore)\b"
    r"[^.]{0,80}?\b(?:par|pars|para|paragraph|paragraphs|graf|grafs|story|item|copy)\b",
    re.IGNORECASE,
)
"""An instruction to the desks, as wire services file corrections ('In 1 COURTS Ferry,
timed about 1331, please read in third par ...'): not article text."""
_TITLE_CHARS = 400
"""Longest headline or subheading: a 2 MB line of one 'word' is not a title."""


def ends_like_sentence(text: str) -> bool:
    """True when the text ends with terminal punctuation (quotes and brackets may follow)."""
    return bool(_SENTENCE_END.search(text))


def word_count(text: str) -> int:
    """Number of whitespace-separated words."""
    return len(text.split())


# The commonest English function words: prose is dense with them, furniture is not (the
# measure jusText uses to tell article text from boilerplate).
_FUNCTION_TEXT = (
    "a an the and or but if of to in on at by for from with as into about than that this "
    "these those it its he she they we you i his her their our your him them who which "
    "what when where there here is are was were be been being has have had do does did "
    "not no will would can could should may might must so also then just only very"
)
_FUNCTION_WORDS = frozenset(_FUNCTION_TEXT.split())
PROSE_WORDS = 15
"""Fewest words of a paragraph that may read as prose."""
PROSE_DENSITY = 0.3
"""Share of function words above which a paragraph reads as prose."""


def reads_as_prose(plain: str) -> bool:
    """Whether a paragraph reads as running text: long enough, ending like a sentence,
    and dense with function words (the jusText measure).

    Args:
        plain: The paragraph, markup removed.

    Returns:
        True for prose.
    """
    words = [w.strip(".,;:!?\"'()[]\u201c\u201d\u2018\u2019").lower() for w in plain.split()]
    if len(words) < PROSE_WORDS or not ends_like_sentence(plain):
        return False
    return sum(w in _FUNCTION_WORDS for w in words) >= PROSE_DENSITY * len(words)


def cue(text: str) -> str | None:
    """The boilerplate kind a paragraph's own content reveals, wherever it stands.

    Args:
        text: The paragraph as it stands in the file.

    Returns:
        A short reason ('copyright', 'ad', 'legal'...) or None when nothing marks it.
    """
    plain = fold(strip_markdown(text)).strip()
    words = word_count(plain)
    if RULE.match(plain):
        return "rule"
    if SLUG.match(plain):
        return "slug"
    if _URL_ONLY.match(text) or _LINK_ONLY.match(text):
        return "link"
    if words <= _LABEL_WORDS and _LABEL_COLON.match(plain):
        return "label"
    if _COMMENTS.match(plain):
        return "comments"
    if _READ_TIME.match(plain):
        return "read time"
    if words <= 12 and (_DATE_LINE.match(plain) or date_line(plain)):
        return "dateline"
    if words <= 8 and _BYLINE.match(plain) and not ends_like_sentence(plain):
        return "byline"
    if _COPYRIGHT.search(plain) and words <= 40:
        return "copyright"
    if (
        _RELATED.match(plain)
        and (":" in plain[:30] or _LINK_ONLY.search(text) or not ends_like_sentence(plain))
        and words <= 25
    ):
        return "related"
    if _SHARE.search(plain) and words <= 15 and not ends_like_sentence(plain):
        return "share"
    if _CAPTION.search(plain) and words <= 40:
        return "caption"
    # News prose mentions adverts, deals and liabilities; a paragraph that reads as prose
    # needs more evidence than one that reads as a widget.
    prose = reads_as_prose(plain)
    strong_ads = {m.group(0).lower() for m in _AD_STRONG.finditer(plain)}
    weak_ads = {m.group(0).lower() for m in _AD_WEAK.finditer(plain)}
    if prose:
        if len(strong_ads) >= 2:
            return "ad"
    elif (
        strong_ads
        or len(weak_ads) >= 2
        or (weak_ads and words <= 12 and not ends_like_sentence(plain))
    ):
        return "ad"
    strong = {m.group(0).lower() for m in _LEGAL_STRONG.finditer(plain)}
    weak = {m.group(0).lower() for m in _LEGAL_WEAK.finditer(plain)}
    if (strong and len(strong) + len(weak) >= 2 + prose) or len(weak) >= 3:
        return "legal"
    if _MD_HEADING.match(text):
        return "heading"
    # A dateline standing alone on its line ('WASHINGTON \u2014', 'BEIRUT (Reuters) -').
    line = text.strip()  # unfolded: the dateline pattern knows its dashes
    alone = DATELINE.match(line + " ")
    if alone and alone.end() >= len(line):
        return "dateline"
    return None


def classify(paragraphs: Sequence[str]) -> list[str | None]:
    """Decide, for each paragraph of one article, whether it is boilerplate and why.

    Position matters as well as content: lines above the first real paragraph are the
    headline block (title, kicker, dek without a full stop, a headline in title case or
    ending with '?' or '!'); a line without terminal punctuation amid the body is a
    subheading or a widget, unless it leads into a quotation ('He said in a statement:');
    everything after a comments header is the page's furniture; a word or two closing the
    file is a sign-off ('ends', an editor's initials).

    Args:
        paragraphs: Paragraph texts in order, already repaired (broken paragraphs joined).

    Returns:
        One reason or None (body) per paragraph.
    """
    kinds: list[str | None] = [cue(p) for p in paragraphs]
    body_started = False
    after_comments = False
    titles: set[str] = set()
    for i, para in enumerate(paragraphs):
        plain = fold(strip_markdown(para)).strip()
        if after_comments:
            kinds[i] = kinds[i] or "comments"
            continue
        if kinds[i] == "comments":
            after_comments = body_started
            continue
        if kinds[i] is not None:
            continue
        if plain in titles:
            kinds[i] = "title"
            continue
        words = word_count(plain)
        if _DESK_NOTE.search(plain) and words <= 80:
            kinds[i] = "note"  # a correction or instruction to editors, wherever it stands
            continue
        if not body_started and _MEMO.match(plain):
            kinds[i] = "note"  # an editor's memo above the story, however long: "(Advisory: ...)."
            continue
        if plain.endswith(":") and words >= _LEAD_IN_WORDS:
            body_started = True  # a sentence leading into a quotation or a list
            continue
        if not ends_like_sentence(plain) and words <= 40 and len(plain) <= _TITLE_CHARS:
            if not body_started and _BRACKETED.match(plain):
                kinds[i] = "note"  # an editor's memo above the story: "(Memo to desks: ...)"
            elif not body_started:
                kinds[i] = "title"
                titles.add(plain)
            elif words <= 15 and not (words >= _LEAD_IN_WORDS and LIST_ITEM.match(plain)):
                kinds[i] = "heading"  # a list item ('HIT a child until it cried') is body
            continue
        if not body_started and i + 1 < len(paragraphs) and headline_shaped(plain):
            kinds[i] = "title"
            titles.add(plain)
            continue
        if not body_started and words >= 5:
            body_started = True
    _sign_off(paragraphs, kinds)
    return kinds


_LABEL_WORDS = 4
"""Most words of a label ending with ':' ('Read more:', 'Share this article:'); a longer
one leads into a list ('Price is also alleged to have:')."""
LIST_ITEM = re.compile(r"[A-Z][A-Z'-]+ [a-z]")
"""A list item as papers print it, its first word in capitals ('HIT a child ...')."""
_LEAD_IN_WORDS = 5
"""Fewest words of a line ending with ':' that reads as a sentence, not a label."""
_SIGN_OFF_WORDS = 2


def _sign_off(paragraphs: Sequence[str], kinds: list[str | None]) -> None:
    """Relabel the short lines closing a file as its sign-off ('ends', 'mfl'). In a file
    with no body (an editor's advisory) they were read as headline lines, but a headline
    opens a file: after a headline or a memo, a closing word or two is its sign-off."""
    for i in range(len(paragraphs) - 1, -1, -1):
        plain = fold(strip_markdown(paragraphs[i])).strip()
        if kinds[i] is None:
            return
        if word_count(plain) > _SIGN_OFF_WORDS:
            continue
        if kinds[i] == "heading" or (
            kinds[i] == "title" and any(k in ("title", "note") for k in kinds[:i])
        ):
            kinds[i] = "sign-off"


_SMALL_TEXT = "a an the and or but nor of to in on at by for from with as is are was be vs via"
_SMALL_WORDS = frozenset(_SMALL_TEXT.split())
_HEADLINE_END = re.compile(r"[?!][\"'\u201d\u2019)\]]*$")
_HEADLINE_WORDS = 25
_TITLE_CASE_SHARE = 1.0


def headline_shaped(plain: str) -> bool:
    """Whether a line reads as a headline although it ends with punctuation.

    Headlines end with '?' or '!' where a lede does not, or capitalise every word
    ('Gay Marriages Get Recognition From the I.R.S.'); a lede capitalises names only.

    Args:
        plain: The paragraph, markup removed.

    Returns:
        True for a headline shape; only lines above the body are asked.
    """
    words = plain.split()
    if not 3 <= len(words) <= _HEADLINE_WORDS or "\n" in plain:
        return False
    if _HEADLINE_END.search(plain):
        return True
    lettered = [w.lstrip("\"'\u201c\u2018(") for w in words]
    major = [w for w in lettered if w[:1].isalpha() and w.lower() not in _SMALL_WORDS]
    capital = sum(w[0].isupper() for w in major)
    return len(major) >= 3 and capital >= _TITLE_CASE_SHARE * len(major)


def leading_dateline(text: str) -> int:
    """Length of an agency dateline opening a paragraph ('BEIRUT (Reuters) - '), else 0."""
    match = DATELINE.match(text)
    if match is None or match.end() >= len(text.rstrip()):
        return 0
    return match.end()


BODY_NOTICE = "article text:"
"""Prefix of the notice about a body that came out empty or thin (the CLI warns on it)."""
THIN_SHARE = 0.8
"""Boilerplate above this share of a file's letters and digits makes its body 'thin'."""


def _wordy(text: str) -> int:
    """Letters and digits: what a reader reads (rule lines and marks are not counted, so a
    one-sentence continuation page under a ruled header is not 'mostly boilerplate')."""
    return sum(map(str.isalnum, text))


def thin_body(text: str, sentences: int, boilerplate: Sequence[Span]) -> str | None:
    """A notice when a text's body came out empty or mostly boilerplate, else None.

    A comparison of such a file is of little use, and it should never look like a file
    that simply shares nothing: the reader shows the notice and the CLI warns with it.

    Args:
        text: The article text.
        sentences: How many body sentences it has.
        boilerplate: Its boilerplate spans.

    Returns:
        A one-line notice starting with `BODY_NOTICE`, or None for a normal body.
    """
    visible = _wordy(text)
    if visible == 0:
        return None  # an empty file is refused when loading, with its own message
    if not sentences:
        return f"{BODY_NOTICE} none found (everything reads as headline or page furniture)"
    furniture, reached = 0, 0
    for span in sorted(boilerplate, key=lambda s: s.start):
        start = max(span.start, reached)  # spans may touch or overlap: count once
        if span.end > start:
            furniture += _wordy(text[start : span.end])
            reached = span.end
    if furniture > THIN_SHARE * visible:
        return (
            f"{BODY_NOTICE} mostly boilerplate ({furniture / visible:.0%} of the text reads "
            "as headline or page furniture)"
        )
    return None
