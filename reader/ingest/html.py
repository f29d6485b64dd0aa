"""HTML main-text extraction: from a saved web page to paragraphs and metadata.

This module owns turning a page's markup into the text `reader` compares. Finding the
article is trafilatura's work (the page chrome, teasers, reader comments, image captions
and pop-ups left out; a fallback to readability and jusText when its own pass finds too
little), and so is reading the title, outlet, date, author and URL. What is kept here is
how its result becomes `reader` text: one paragraph per block, separated by blank lines
so segmentation sees paragraphs, headings written Markdown style. The markup is data:
nothing in it is run or fetched.

trafilatura takes about 0.15 s to import, so `reader.ingest.load` imports this module
only when an HTML file is read.
"""

from __future__ import annotations

import re

import trafilatura
from lxml.etree import LxmlError, _Element
from lxml.html import HtmlElement, HTMLParser, fromstring

__all__ = ["extract_html"]

_BLOCKS = frozenset({"p", "head", "item", "quote", "code", "row", "list", "table", "div", "ab"})
"""Elements of trafilatura's output tree that start and end a paragraph; the others (hi,
ref, del, cell...) are inline. A table row is one paragraph, its cells joined by ' | '."""

_METADATA = {"title": "title", "sitename": "outlet", "date": "date", "author": "byline",
             "url": "url"}  # fmt: skip
"""trafilatura's metadata fields and the keys `reader` knows them by (see reader.ingest.meta)."""

_HEADING_LEVEL = re.compile(r"h([1-6])")

_MIN_WORDS = 15
"""Fewer words than this is not an article: what trafilatura falls back to on a page with
no article is a cookie banner or a button label ("We use cookies.")."""

_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")
"""Characters an XML tree cannot hold (C0 controls but tab and line breaks)."""

_PARSER = HTMLParser(
    encoding="utf-8",  # the bytes given are the decoded page: a <meta charset> must not count
    huge_tree=True,
    remove_comments=True,
    remove_pis=True,
    collect_ids=False,
    default_doctype=False,
)
"""trafilatura's own settings, but reading up to 2,048 levels deep (huge_tree) instead of 256."""


def extract_html(markup: str) -> tuple[str, dict[str, str]]:
    """Extract the main text and the metadata of an HTML page.

    Args:
        markup: The decoded page.

    Returns:
        The main text, one paragraph per block separated by blank lines ('\\n\\n'),
        headings prefixed Markdown style ('## ' for <h2>), a single <br> kept as a line
        break and two in a row as a paragraph break; and the metadata found, with any of
        the keys 'title', 'outlet', 'date' (YYYY-MM-DD), 'byline' and 'url'. The text is
        empty when the page holds no article text (fewer than 15 words found).
    """
    tree = _parse(markup)
    document = None if tree is None else _extract(tree)
    if document is None:  # nothing readable: no body, or less text than trafilatura keeps
        return "", {}
    metadata = {
        key: value.strip()
        for field, key in _METADATA.items()
        if isinstance(value := getattr(document, field, None), str) and value.strip()
    }
    text = "" if document.body is None else "\n\n".join(_paragraphs(document.body))
    return (text if len(text.split()) >= _MIN_WORDS else ""), metadata


def _parse(markup: str) -> HtmlElement | None:
    """The page as an lxml tree, characters XML does not allow taken out of its text.

    Parsed here rather than by trafilatura for two reasons: a page nested more than 256
    deep is read to 2,048 levels instead of stopping at 256, and a control character in
    the text (an ESC or BEL written as '&#x1b;') made trafilatura drop the whole page.
    """
    try:
        tree = fromstring(markup.encode("utf-8", "replace"), parser=_PARSER)
    except (LxmlError, ValueError):  # no element at all: an empty or blank page
        return None
    for element in tree.iter():
        if element.text and _NOT_XML.search(element.text):
            element.text = _NOT_XML.sub("", element.text)
        if element.tail and _NOT_XML.search(element.tail):
            element.tail = _NOT_XML.sub("", element.tail)
        for name, value in element.attrib.items():
            if _NOT_XML.search(value):
                element.set(name, _NOT_XML.sub("", value))
    return tree


def _extract(tree: HtmlElement) -> trafilatura.settings.Document | None:
    """trafilatura's article text and metadata of a parsed page."""
    return trafilatura.bare_extraction(
        tree,
        include_comments=False,  # readers' comments are not the story
        include_tables=True,  # figures in a table are part of the story
        include_images=False,  # image captions and credits are not the story
        with_metadata=True,
        # A date from the page's markup and metadata only: the extensive search also reads
        # years out of prose ("covering courts since 2015" gave 2015-01-01), and on 40 saved
        # news pages it found no date the markup did not give.
        date_extraction_params={"extensive_search": False, "original_date": True},
    )


class _Writer:
    """Gathers the text of trafilatura's output tree into paragraphs of lines."""

    def __init__(self) -> None:
        self.paragraphs: list[str] = []
        self.lines: list[list[str]] = [[]]  # the open paragraph: lines of text pieces
        self.prefixes: list[str] = []  # '## ' for each open heading, innermost last

    def text(self, text: str | None) -> None:
        """Add text; its line breaks are the markup's, mere whitespace."""
        if text:
            self.lines[-1].append(text)

    def line_break(self) -> None:
        """A <br>: a new line, or a paragraph break when the current line is still empty.

        Bodies written with <br><br> between paragraphs are common; one <br> alone breaks
        a line inside a paragraph (an address, a verse) and segmentation decides what it is.
        """
        if "".join(self.lines[-1]).strip():
            self.lines.append([])
        else:
            self.flush()

    def flush(self) -> None:
        """Close the open paragraph (nothing is written when it holds no text)."""
        lines = (" ".join("".join(line).split()) for line in self.lines)
        paragraph = "\n".join(line for line in lines if line)
        self.lines = [[]]
        if paragraph:
            self.paragraphs.append((self.prefixes[-1] if self.prefixes else "") + paragraph)


def _paragraphs(root: _Element) -> list[str]:
    """Write each block of trafilatura's output tree as one paragraph.

    Walks the tree with an explicit stack (a page may nest thousands of elements), so the
    text of an element, its children and then its tail come out in document order.
    """
    writer = _Writer()
    # Items: an element to enter, ("leave", element) once its children are done, or a str
    # (a tail) to add.
    stack: list[_Element | tuple[str, _Element] | str] = [root]
    while stack:
        item = stack.pop()
        if isinstance(item, str):
            writer.text(item)
            continue
        if isinstance(item, tuple):
            element = item[1]
            if element.tag in _BLOCKS:
                writer.flush()
            if element.tag == "head":
                writer.prefixes.pop()
            continue
        element = item
        tag = element.tag
        if tag == "lb":
            writer.line_break()
        elif tag == "cell" and element.getprevious() is not None:
            writer.text(" | ")
        elif tag in _BLOCKS:
            writer.flush()
            if tag == "head":
                level = _HEADING_LEVEL.fullmatch(element.get("rend") or "")
                writer.prefixes.append("#" * (int(level.group(1)) if level else 2) + " ")
        writer.text(element.text)
        stack.append(element.tail or "")
        stack.append(("leave", element))
        stack.extend(reversed(element))
    writer.flush()
    return writer.paragraphs
