"""HTML main-text extraction: from a saved web page to paragraphs and metadata.

This module owns turning markup into the text `reader` compares. It drops page chrome
(scripts, navigation, ads, share bars, cookie banners), picks the element that holds the
article, and writes each block as one paragraph; it also reads title, outlet, date,
byline and URL from meta tags. The markup is data: nothing in it is run or fetched.
"""

from __future__ import annotations

import email.utils
import re
from datetime import date

from selectolax.lexbor import LexborHTMLParser, LexborNode

__all__ = ["extract_html", "normalize_date"]

_ALWAYS_DROP = frozenset({"script", "style", "noscript", "template", "svg", "iframe"})
"""Elements that never hold article text: removed wherever they are."""

_CHROME_TAGS = frozenset({"nav", "header", "footer", "aside", "form", "button"})
"""Page furniture, removed unless it wraps the article itself (see `_holds_article`)."""

_CHROME_WORDS = frozenset(
    {
        "ad", "ads", "advert", "adverts", "advertisement", "advertisements", "advertising",
        "promo", "promos", "promotion", "promoted", "sponsored", "share", "sharing",
        "social", "cookie", "cookies", "consent", "newsletter", "newsletters", "related",
        "comment", "comments",
    }
)  # fmt: skip
"""Words in a class or id that mark an element as chrome ('ad-slot', 'shareBar')."""

_HEADINGS = {"h1": 1, "h2": 2, "h3": 3, "h4": 4, "h5": 5, "h6": 6}
"""Heading tags and their level (the number of '#' written before them)."""

_BLOCKS = frozenset(
    {
        "p", "li", "blockquote", "pre", "figcaption", "td", "th", "caption", "dt", "dd",
        "div", "section", "article", "main", "body", "ul", "ol", "dl", "table", "thead",
        "tbody", "tfoot", "tr", "figure", "address", "details", "summary", "hr", "center",
        *_HEADINGS,
    }
)  # fmt: skip
"""Elements whose start and end break a paragraph. Beyond the blocks the article text
is written from (p, li, h1-h6...) this includes containers, so text sitting directly in
a <div> becomes a paragraph of its own instead of being glued to its neighbours."""

_WORD_SPLIT = re.compile(r"[^a-z0-9]+")
_CAMEL = re.compile(r"([a-z0-9])([A-Z])")
_YMD = re.compile(r"(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})(?!\d)")
_COMPACT_YMD = re.compile(r"(\d{4})(\d{2})(\d{2})(?!\d)")


def extract_html(markup: str) -> tuple[str, dict[str, str]]:
    """Extract the main text and the metadata of an HTML page.

    Args:
        markup: The decoded page.

    Returns:
        The main text, one paragraph per block separated by blank lines ('\\n\\n'),
        headings prefixed Markdown style ('## ' for <h2>); and the metadata found, with
        any of the keys 'title', 'outlet', 'date' (YYYY-MM-DD), 'byline' and 'url'.
        The text is empty when the page holds none.
    """
    tree = LexborHTMLParser(markup)
    # Metadata first: the headline and byline often sit in the <header> removed below.
    metadata = _metadata(tree)
    body = tree.body
    if body is None:
        return "", metadata
    _drop_chrome(body)
    return "\n\n".join(_paragraphs(_pick_root(body))), metadata


def normalize_date(value: str) -> str | None:
    """Read a date written in a page ('2024-03-05T10:00:00Z', '20240305', RFC 2822).

    Args:
        value: The attribute or meta content.

    Returns:
        The date as YYYY-MM-DD (the calendar day as written, time zone ignored), or None
        when it is not a valid date.
    """
    value = value.strip()
    match = _YMD.match(value) or _COMPACT_YMD.match(value)
    if match:
        try:
            return date(*(int(part) for part in match.groups())).isoformat()
        except ValueError:
            return None
    try:
        return email.utils.parsedate_to_datetime(value).date().isoformat()
    except (TypeError, ValueError, IndexError):
        return None


def _fold(text: str | None) -> str:
    """Collapse every run of whitespace (non-breaking spaces included) to one space."""
    return " ".join(text.split()) if text else ""


def _metadata(tree: LexborHTMLParser) -> dict[str, str]:
    """Title, outlet, date, byline and URL from meta tags and a few well-known elements."""
    meta: dict[str, str] = {}
    for node in tree.css("meta"):
        attrs = node.attributes
        key = attrs.get("property") or attrs.get("name") or attrs.get("itemprop")
        content = _fold(attrs.get("content"))
        if key and content:
            meta.setdefault(key.strip().lower(), content)

    def first_text(selector: str) -> str:
        node = tree.css_first(selector)
        return _fold(node.text()) if node is not None else ""

    def first_attr(selector: str, attr: str) -> str:
        node = tree.css_first(selector)
        return _fold(node.attributes.get(attr)) if node is not None else ""

    found = {
        "title": _site_free(meta.get("og:title") or first_text("title"), first_text("h1")),
        "outlet": meta.get("og:site_name") or meta.get("application-name"),
        "byline": meta.get("author") or first_text('a[rel~="author" i]') or first_text(".byline"),
        "url": first_attr('link[rel~="canonical" i]', "href") or meta.get("og:url"),
    }
    dates = [
        meta.get("article:published_time"),
        first_attr("time[pubdate][datetime]", "datetime"),
        first_attr("time[datetime]", "datetime"),
        meta.get("date"),
        meta.get("pubdate"),
        meta.get("datepublished"),
        meta.get("dc.date"),
    ]
    # A candidate that is not a readable date gives way to the next one.
    found["date"] = next((d for d in map(normalize_date, filter(None, dates)) if d), None)
    return {key: value for key, value in found.items() if value}


# What a site puts between a headline and its own name in <title>: "Headline | Site",
# "Site - Headline", "Headline :: Site".
_TITLE_SEPARATORS = frozenset("|-\u2013\u2014:\u00b7\u2022/\u00bb\u00ab~")


def _site_free(title: str, h1: str) -> str:
    """The page's title without the site's name around it.

    When the <title> (or og:title) is the <h1> plus a site name joined by a separator
    ("Rebels say Russia sends troops | Example News"), the <h1> is the headline. A title
    that merely differs from the <h1> is kept: it may be the better headline.
    """
    if not h1 or title == h1 or not title:
        return title or h1
    if title.startswith(h1):
        rest = title[len(h1) :]
    elif title.endswith(h1):
        rest = title[: -len(h1)]
    else:
        return title
    rest = rest.strip()
    return h1 if rest[:1] in _TITLE_SEPARATORS or rest[-1:] in _TITLE_SEPARATORS else title


def _is_chrome_name(node: LexborNode) -> bool:
    """True when the class or id names the element as an ad, share bar, cookie banner..."""
    attrs = node.attributes
    names = f"{attrs.get('class') or ''} {attrs.get('id') or ''}"
    words = _WORD_SPLIT.split(_CAMEL.sub(r"\1 \2", names).lower())
    return not _CHROME_WORDS.isdisjoint(words)


def _paragraph_chars(node: LexborNode) -> int:
    """How much <p> text an element holds."""
    return sum(len(_fold(p.text())) for p in node.css("p"))


def _holds_article(node: LexborNode, page_chars: int) -> bool:
    """True when removing the element would take the article with it.

    Class names are a loose signal ('has-social-bar' on a wrapper, 'ad-free' on the body
    text), so an element that contains <article> or <main>, or most of the page's
    paragraph text, is kept whatever it is called.
    """
    if node.css_first("article, main") is not None:
        return True
    return page_chars > 0 and 2 * _paragraph_chars(node) > page_chars


def _drop_chrome(body: LexborNode) -> None:
    """Remove everything that is not article text from the tree, in place."""
    page_chars = _paragraph_chars(body)
    doomed: list[LexborNode] = []
    # Depth-first, explicit stack (deeply nested pages must not hit the recursion limit);
    # a doomed element's children are not visited, so no removed node is touched again.
    stack: list[tuple[LexborNode, bool]] = [(child, False) for child in body.iter()]
    while stack:
        node, in_article = stack.pop()
        tag = node.tag
        attrs = node.attributes
        hidden = "hidden" in attrs or (attrs.get("aria-hidden") or "").lower() == "true"
        if tag in _ALWAYS_DROP or hidden:
            doomed.append(node)
            continue
        # An article's own <header> holds its headline and standfirst: keep it.
        chrome = (tag in _CHROME_TAGS and not (tag == "header" and in_article)) or (
            tag not in ("article", "main") and _is_chrome_name(node)
        )
        if chrome and not _holds_article(node, page_chars):
            doomed.append(node)
            continue
        inside = in_article or tag == "article"
        stack.extend((child, inside) for child in node.iter())
    for node in doomed:
        node.decompose()


def _pick_root(body: LexborNode) -> LexborNode:
    """The element holding the article: <article>, else <main>, else the densest text."""
    articles = [node for node in body.css("article") if _fold(node.text())]
    if articles:
        # Pages list teasers as <article> too; the story is the one with the most text.
        return max(articles, key=lambda node: len(_fold(node.text())))
    main = body.css_first('main, [role="main"]')
    if main is not None and _fold(main.text()):
        return main
    # Score each paragraph's parent with its text and the grandparent with half of it, so
    # paragraphs wrapped one by one in <div>s still add up to their common container.
    scores: dict[int, tuple[LexborNode, float]] = {}
    for p in body.css("p"):
        chars = len(_fold(p.text()))
        parent = p.parent
        for weight in (1.0, 0.5):
            if parent is None:
                break
            _node, score = scores.get(parent.mem_id, (parent, 0.0))
            scores[parent.mem_id] = (parent, score + weight * chars)
            parent = parent.parent
    if scores:
        node, score = max(scores.values(), key=lambda pair: pair[1])
        if score > 0:
            return node
    return body


def _paragraphs(root: LexborNode) -> list[str]:
    """Write each block under `root` as one whitespace-folded paragraph.

    Headings come out as '# Title' ('##' for <h2>...). Text between blocks (directly in
    a <div>, say) forms a paragraph of its own; <br> counts as a space.
    """
    paragraphs: list[str] = []
    pieces: list[str] = []
    levels: list[int] = []  # heading levels of the open heading elements

    def flush() -> None:
        text = _fold("".join(pieces))
        pieces.clear()
        if text:
            prefix = "#" * levels[-1] + " " if levels else ""
            paragraphs.append(prefix + text)

    # Explicit stack of (node, leaving): a block is flushed when entered and when left.
    stack: list[tuple[LexborNode, bool]] = [(root, False)]
    while stack:
        node, leaving = stack.pop()
        if node.is_text_node:
            pieces.append(node.text_content or "")
            continue
        if not node.is_element_node:
            continue  # comments, doctype
        tag = node.tag
        if leaving:
            flush()
            if tag in _HEADINGS:
                levels.pop()
            continue
        if tag == "br":
            pieces.append(" ")
            continue
        if tag in _BLOCKS:
            flush()
            if tag in _HEADINGS:
                levels.append(_HEADINGS[tag])
            stack.append((node, True))
        stack.extend((child, False) for child in reversed(list(node.iter(include_text=True))))
    flush()
    return paragraphs
