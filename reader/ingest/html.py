"""HTML main-text extraction: from a saved web page to paragraphs and metadata.

This module owns turning markup into the text `reader` compares. Finding the article in a
page (which block is the story, what is navigation, teaser, caption, reader comment or
pop-up) is trafilatura's work, a library made and benchmarked for exactly this; this
module parses the page, hands it over, writes the blocks it keeps as paragraphs separated
by blank lines, and maps its metadata (title, site name, date, author, URL) onto the keys
the rest of `reader` uses. The markup is data: nothing in it is run or fetched.

Imported only when an HTML file is read (see `reader.ingest.load`): trafilatura and its
date and language helpers take about a tenth of a second to import.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

import trafilatura
from lxml import etree
from lxml.html import HTMLParser, document_fromstring
from trafilatura.settings import Document, set_date_params

from reader.ingest.boilerplate import BODY_NOTICE

__all__ = ["THIN_CHARS", "Extracted", "PageError", "extract_html"]

THIN_CHARS = trafilatura.settings.DEFAULT_CONFIG.getint("DEFAULT", "MIN_EXTRACTED_SIZE")
"""Below this many characters an extraction is thin: trafilatura's own threshold for
trying its fallbacks (250). The text is still used, with a notice."""


class PageError(ValueError):
    """The page cannot be read at all; the message is one line, without the file name."""


_PARSER_OPTIONS = {
    "huge_tree": True, "remove_comments": True, "remove_pis": True, "collect_ids": False,
    "default_doctype": False, "encoding": "utf-8",
}  # fmt: skip
"""lxml's HTML parser, as trafilatura configures it plus `huge_tree`: without it, libxml2
gives up on pages nested more than 256 elements deep and returns no text at all. A parser
is made per page: lxml parsers are not to be shared between threads."""

_MAX_DEPTH = 2048
"""libxml2's nesting limit with `huge_tree` (256 without)."""

_FLATTEN = re.compile(
    r"</?(?:b|i|u|s|em|strong|font|span|small|big|tt|strike|mark|sub|sup|cite|abbr|div"
    r"|section|center)\b[^>]*>",
    re.IGNORECASE,
)
"""Inline and container tags, removed from a page too deeply nested to parse: they hold no
paragraph break that <p>, <br> and headings do not also show."""

_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff\ud800-\udfff]")
"""Characters lxml refuses in a tree (control bytes, lone surrogates): written as spaces,
in the markup and again in the parsed text, where character references ('&#x1b;') put
them back; trafilatura, which rewrites the tree's text, would otherwise give up."""

_BLOCKS = frozenset(
    {
        # trafilatura's output vocabulary
        "p", "head", "list", "item", "quote", "table", "row", "cell", "code", "lb",
        # HTML, for a body handed back unconverted by one of its fallbacks
        "div", "section", "article", "h1", "h2", "h3", "h4", "h5", "h6", "ul", "ol", "li",
        "blockquote", "pre", "tr", "td", "th", "br", "hr", "figure", "dl", "dt", "dd",
    }
)  # fmt: skip
"""Elements whose start and end break a paragraph. A line break (<lb/>, trafilatura's
<br>) is one too: trafilatura writes a body made of text and <br><br> as one block with
line breaks, and a break inside a sentence is rejoined by the segmenter."""

_HEADING_LEVEL = re.compile(r"h([1-6])$")
_SENTENCE_END = re.compile(
    "\\w[.!?\u2026\u3002\uff01\uff1f\u061f\u0964][\"'\u2019\u201d\u300d)\\]]*(?:\\s|$)"
)
"""Where a sentence of prose ends: a word, then a full stop, question or exclamation mark or
ellipsis (Latin, CJK, Arabic, Devanagari), maybe inside closing quotes or brackets. Menus,
buttons and labels have none."""
_ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}$")


@dataclass(frozen=True)
class Extracted:
    """What an HTML page gives `reader`."""

    text: str
    """The main text, one paragraph per block separated by blank lines ('\\n\\n'), headings
    prefixed Markdown style ('## ' for a second-level heading); empty when the page holds
    no article text (a few words and not one sentence of prose)."""
    metadata: dict[str, str]
    """Any of the keys 'title', 'outlet', 'date' (YYYY-MM-DD), 'byline' and 'url'."""
    notices: tuple[str, ...] = ()
    """Things the reader should know about the extraction (little text found...)."""


def extract_html(markup: str) -> Extracted:
    """Extract the main text and the metadata of an HTML page.

    Args:
        markup: The decoded page.

    Returns:
        The text, metadata and notices.

    Raises:
        PageError: The page is nested too deeply for the HTML parser to read it.
    """
    notices: list[str] = []
    tree = _parse(markup)
    if tree is None:
        # Inline tags left open (<b><i>... thousands of times) or endless <div>s: libxml2
        # stops at its depth limit and keeps nothing. Without those tags the text is there.
        tree = _parse(_FLATTEN.sub(" ", markup))
        if tree is None:
            raise PageError(f"nested too deeply to read (more than {_MAX_DEPTH:,} elements)")
        notices.append(
            f"HTML: nested more than {_MAX_DEPTH:,} elements deep; "
            "read without its inline and <div> tags"
        )
    document = trafilatura.bare_extraction(
        tree,
        include_comments=False,  # reader comments are not the story
        include_images=False,  # nor are image captions and credits
        include_tables=True,
        with_metadata=True,
        # Removed before any of trafilatura's stages, its fallbacks included: a page with
        # no article would otherwise give its menu and its 'enable JavaScript' line.
        prune_xpath=["//nav", "//noscript"],
        # Only dates the page states as such (meta tags, <time>, structured data, the URL),
        # not the first date-like string found in its text.
        date_extraction_params=set_date_params(False),
    )
    if not isinstance(document, Document):  # None: nothing found
        return Extracted("", {}, tuple(notices))
    metadata = _metadata(document, _first_text(tree, "h1"))
    paragraphs = _paragraphs(document.body)
    text = "\n\n".join(paragraphs)
    # On a page without an article, trafilatura's last resort returns whatever text there
    # is ('Home', 'Loading'): a few words and not one sentence are no article text.
    prose = any(_SENTENCE_END.search(p) for p in paragraphs if not p.startswith("#"))
    if not prose and len(text) < THIN_CHARS:
        return Extracted("", metadata, tuple(notices))
    if len(text) < THIN_CHARS:
        # A teaser, a caption, a paywall's first lines or a cookie banner ("We use
        # cookies.") more often than a whole story. Worded as a body notice, so that
        # `reader compare` and `reader report` say it on stderr too, not only the reader.
        notices.append(
            f"{BODY_NOTICE} little found in the HTML ({len(text)} characters); the page may "
            "hold only part of the article or load it with JavaScript"
        )
    return Extracted(text, metadata, tuple(notices))


def _parse(markup: str) -> etree._Element | None:
    """The page as an lxml tree, or None when libxml2 hit its depth limit.

    An empty page gives an empty <html> element.
    """
    data = _NOT_XML.sub(" ", markup).encode("utf-8")
    parser = HTMLParser(**_PARSER_OPTIONS)
    try:
        tree = document_fromstring(data, parser=parser)
    except (etree.ParserError, ValueError):  # "Document is empty"
        return etree.Element("html")
    if any(error.type_name == "ERR_RESOURCE_LIMIT" for error in parser.error_log):
        return None
    for node in tree.iter():
        if node.text and _NOT_XML.search(node.text):
            node.text = _NOT_XML.sub(" ", node.text)
        if node.tail and _NOT_XML.search(node.tail):
            node.tail = _NOT_XML.sub(" ", node.tail)
        for key, value in node.attrib.items():
            if _NOT_XML.search(value):
                node.set(key, _NOT_XML.sub(" ", value))
    return tree


def _metadata(document: Document, h1: str) -> dict[str, str]:
    """The keys `reader` uses, from what trafilatura found; empty values left out.

    Args:
        document: trafilatura's result.
        h1: The page's first <h1>, folded ('' when there is none).
    """
    outlet = _fold(document.sitename)
    found = {
        "title": _without_site(_site_free(_fold(document.title), h1), outlet),
        "outlet": outlet,
        "date": _valid_date(document.date),
        "byline": document.author,
        "url": document.url,
    }
    return {key: _fold(value) for key, value in found.items() if value and _fold(value)}


def _first_text(tree: etree._Element, tag: str) -> str:
    """The folded text of the first element `tag` in the page, or ''."""
    node = next(tree.iter(tag), None)
    return _fold(node.text_content()) if node is not None else ""


# What a site puts between a headline and its own name in <title>: "Headline | Site",
# "Site - Headline", "Headline :: Site".
_TITLE_SEPARATORS = frozenset("|-\u2013\u2014:\u00b7\u2022/\u00bb\u00ab~")


def _site_free(title: str, h1: str) -> str:
    """The page's title without the site's name around it.

    When the title is the <h1> plus a site name joined by a separator ("Rebels say Russia
    sends troops | Example News"), the <h1> is the headline. A title that merely differs
    from the <h1> is kept: it may be the better headline.
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


def _without_site(title: str, site: str) -> str:
    """The title without the site's name written before or after it with a separator
    ("Forex motion defeated - Example Newsday"), when the page has no <h1> to tell."""
    if not site or len(title) <= len(site):
        return title
    low, name = title.casefold(), site.casefold()
    if low.endswith(name):
        rest = title[: -len(site)].rstrip()
        if rest[-1:] in _TITLE_SEPARATORS and rest[:-1].strip():
            return rest[:-1].strip()
    if low.startswith(name):
        rest = title[len(site) :].lstrip()
        if rest[:1] in _TITLE_SEPARATORS and rest[1:].strip():
            return rest[1:].strip()
    return title


def _valid_date(value: str | None) -> str | None:
    """A YYYY-MM-DD date that exists in the calendar, else None."""
    if not value or not _ISO_DATE.match(value):
        return None
    try:
        return date.fromisoformat(value).isoformat()
    except ValueError:
        return None


def _fold(text: str | None) -> str:
    """Collapse every run of whitespace (non-breaking spaces included) to one space."""
    return " ".join(text.split()) if text else ""


def _paragraphs(body: etree._Element | None) -> list[str]:
    """Write each block of trafilatura's output as one whitespace-folded paragraph.

    Headings come out as '# Title' ('##' for a second-level one...). Text between blocks
    forms a paragraph of its own.
    """
    if body is None:
        return []
    paragraphs: list[str] = []
    pieces: list[str] = []
    levels: list[int] = []  # heading levels of the open heading elements

    def flush() -> None:
        text = _fold("".join(pieces))
        pieces.clear()
        if text:
            prefix = "#" * levels[-1] + " " if levels else ""
            paragraphs.append(prefix + text)

    # Explicit stack of (node, leaving); a tail is written after its element is left.
    stack: list[tuple[etree._Element, bool]] = [(body, False)]
    while stack:
        node, leaving = stack.pop()
        tag = node.tag if isinstance(node.tag, str) else ""
        level = _heading_level(node, tag)
        if leaving:
            if tag in _BLOCKS or level:
                flush()
                if level:
                    levels.pop()
            if node.tail and node is not body:
                pieces.append(node.tail)
            continue
        if tag in _BLOCKS or level:
            flush()
            if level:
                levels.append(level)
        if tag and node.text:
            pieces.append(node.text)
        stack.append((node, True))
        stack.extend((child, False) for child in reversed(node))
    flush()
    return paragraphs


def _heading_level(node: etree._Element, tag: str) -> int:
    """1-6 for a heading (trafilatura's <head rend="h2">, or HTML's <h2>), else 0."""
    if tag == "head":
        match = _HEADING_LEVEL.match(node.get("rend") or "")
        return int(match.group(1)) if match else 2
    match = _HEADING_LEVEL.match(tag)
    return int(match.group(1)) if match else 0
