"""Article metadata: title, outlet, date, byline, URL.

Owns where each field comes from, in order of trust: YAML front matter (or HTML meta tags),
then the article's own furniture as segmentation classified it (the headline block, a
"Published ..." line, a "By ..." line, a copyright notice, an "Original url" link), then the
URL itself (dates in paths). Nothing is guessed beyond what the text says: an unknown field
stays None, and the interface falls back to the file name.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from datetime import date

from reader.core.model import Metadata, Paragraph
from reader.ingest.newsroom import slug_date
from reader.ingest.numbers import century
from reader.ingest.text import display_text

_MONTHS = {
    m: i + 1
    for i, names in enumerate(
        [
            "jan january",
            "feb february",
            "mar march",
            "apr april",
            "may",
            "jun june",
            "jul july",
            "aug august",
            "sep sept september",
            "oct october",
            "nov november",
            "dec december",
        ]
    )
    for m in names.split()
}
_MONTH = (
    r"(jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?"
    r"|sept?(?:ember)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)\.?"
)
_ISO = re.compile(r"\b(\d{4})-(\d{1,2})-(\d{1,2})\b")
_NUMERIC = re.compile(r"\b(\d{1,2})([./-])(\d{1,2})\2(\d{4}|\d{2})\b")
"""Numeric dates; a two-digit year is read in the window 1950-2049 ('11/30/09')."""
_MONTH_FIRST = re.compile(rf"\b{_MONTH}\s+(\d{{1,2}})(?:st|nd|rd|th)?,?\s+(\d{{4}})\b", re.I)
_DAY_FIRST = re.compile(rf"\b(\d{{1,2}})(?:st|nd|rd|th)?\s+{_MONTH},?\s+(\d{{4}})\b", re.I)
_URL = re.compile(r"(?:https?://|www\.)[^\s<>()\[\]\"']+", re.I)
_URL_DATE = re.compile(r"/((?:19|20)\d{2})/(\d{1,2})/(\d{1,2})(?:/|$)")
_COPYRIGHT_HOLDER = re.compile(
    r"(?:©|\(c\)|copyright)\s*(?:copyright\s*)?(?:\d{4}(?:\s*[-\u2013]\s*\d{4})?\s*[-,\u2013]?\s*)?"
    r"(?P<name>[A-Z][\w&.'\- ]*?[\w.])\s*(?:\d{4}\b|[.,]\s*all rights|\s*all rights|$)",
    re.I,
)
_BY = re.compile(r"^\s*(?:by|written by|reporting by|words by)\s+", re.I)
_FRONT_KEYS = {
    "title": ("title", "headline"),
    "outlet": ("outlet", "source", "publisher", "site_name", "site", "publication"),
    "date": ("date", "published", "published_at", "pubdate", "datepublished"),
    "byline": ("byline", "author", "authors", "by"),
    "url": ("url", "link", "canonical", "source_url"),
}


def _valid(y: int, m: int, d: int) -> str | None:
    try:
        return date(y, m, d).isoformat()
    except ValueError:
        return None


def parse_date(text: str) -> str | None:
    """The first unambiguous calendar date in `text`, as YYYY-MM-DD.

    Numeric dates are read day first ("19.07.2019", "29/08/2019") unless only month
    first fits ("07/19/2019", "11/30/09"); when both fit and differ ("05/06/2019") nothing
    is returned.

    Args:
        text: A line such as "Published 19.07.2019 00:07" or "July 18, 2019".

    Returns:
        The ISO date, or None.
    """
    if m := _ISO.search(text):
        return _valid(int(m.group(1)), int(m.group(2)), int(m.group(3)))
    if m := _MONTH_FIRST.search(text):
        return _valid(int(m.group(3)), _MONTHS[m.group(1).lower()], int(m.group(2)))
    if m := _DAY_FIRST.search(text):
        return _valid(int(m.group(3)), _MONTHS[m.group(2).lower()], int(m.group(1)))
    if m := _NUMERIC.search(text):
        a, b, y = int(m.group(1)), int(m.group(3)), int(m.group(4))
        if len(m.group(4)) == 2:
            y = century(y)
        day_first, month_first = _valid(y, b, a), _valid(y, a, b)
        if day_first and month_first and day_first != month_first:
            return None
        return day_first or month_first
    return None


def _front(front: Mapping[str, str], field: str) -> str | None:
    for key in _FRONT_KEYS[field]:
        value = front.get(key)
        if value and str(value).strip():
            return str(value).strip()
    return None


def infer_metadata(
    text: str, paragraphs: Sequence[Paragraph], front: Mapping[str, str]
) -> Metadata:
    """Metadata of one article.

    Args:
        text: The article text.
        paragraphs: Its paragraphs, boilerplate classified.
        front: Front matter or HTML meta fields (lower-case keys), possibly empty.

    Returns:
        The metadata; fields nothing speaks for are None.
    """
    furniture = [(p.boilerplate, text[p.start : p.end]) for p in paragraphs if p.boilerplate]
    above = next((k for k, p in enumerate(paragraphs) if not p.boilerplate), len(paragraphs))
    title = _front(front, "title") or _headline(
        [
            display_text(text[p.start : p.end])
            for p in paragraphs[:above]
            if p.boilerplate in ("title", "heading")
        ]
    )
    url = _front(front, "url") or next(
        (
            m.group(0).rstrip(".,;")
            for kind, t in furniture
            if kind in ("link", "label")
            for m in [_URL.search(t)]
            if m
        ),
        None,
    )
    day = (
        parse_date(_front(front, "date") or "")
        or next(
            (d for kind, t in furniture if kind == "dateline" for d in [parse_date(t)] if d), None
        )
        or next((d for kind, t in furniture if kind == "slug" for d in [slug_date(t)] if d), None)
    )
    if day is None and url and (m := _URL_DATE.search(url)):
        day = _valid(int(m.group(1)), int(m.group(2)), int(m.group(3)))
    byline = _front(front, "byline") or next(
        (_BY.sub("", display_text(t)) for kind, t in furniture if kind == "byline"), None
    )
    outlet = _front(front, "outlet") or next(
        (
            m.group("name").strip()
            for kind, t in furniture
            if kind == "copyright"
            for m in [_COPYRIGHT_HOLDER.search(display_text(t))]
            if m
        ),
        None,
    )
    if outlet is None and url:
        host = re.sub(r"^(?:https?://)?(?:www\.)?", "", url, flags=re.I).split("/")[0]
        outlet = host or None
    return Metadata(title=title, outlet=outlet, date=day, byline=byline, url=url)


_INNER_SENTENCE = re.compile(r"(?<!\b[A-Z])[.!?]\s+[A-Z\"\u201c]")
"""A sentence ending inside a line and another starting; not an initial ('Charles M. Schulz')."""
_DATE_WORD = re.compile(rf"{_MONTH}|\d+(?:st|nd|rd|th)?", re.I)


def _date_alone(line: str) -> bool:
    """A line of month names and numbers only: a dateline ('APR 28'), not a headline."""
    words = re.split(r"[\s,./-]+", line.strip(" \t,./-"))
    return all(_DATE_WORD.fullmatch(w) for w in words)


def _headline(candidates: Sequence[str]) -> str | None:
    """The headline among the short lines above the body (a crosshead inside it is none;
    nor is a date alone, 'APR 28').

    A page prints its headline twice (page title and article) more often than not, so a
    line seen twice wins; else the first line that is one sentence: a teaser above the
    story ('All eyes on X, up 4%. Our AI picked it. Which stocks will surge next?') is
    several, a headline one.
    """
    candidates = [t for t in candidates if not _date_alone(t)]
    seen: set[str] = set()
    for text in candidates:
        if text in seen:
            return text
        seen.add(text)
    single = (t for t in candidates if not _INNER_SENTENCE.search(t))
    return next(single, candidates[0] if candidates else None)
