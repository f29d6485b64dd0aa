"""Text normalisation shared by segmentation and matching.

Owns the two derived forms of a sentence: the clean display text (Markdown markup gone,
whitespace folded, the words as written) and the matching key (lower case, straight quotes,
no punctuation). Neither changes offsets: both are computed from a slice of the source.
"""

from __future__ import annotations

import re
import unicodedata

# Markdown inline markup. Links and images keep their visible text; autolinks keep the URL.
# No pattern may scan past the next opening mark of its own kind: a paragraph can be a
# 2 MB line of '[' or '*a ', and a scan to the end from every opening is quadratic.
_MD_IMAGE = re.compile(r"!\[([^\[\]]*)\]\((?:[^()]|\([^()]*\))*\)")
_MD_LINK = re.compile(r"\[([^\[\]]+)\]\((?:[^()]|\([^()]*\))*\)")
_MD_AUTOLINK = re.compile(r"<((?:https?|ftp)://[^<>\s]+)>")
_MD_EMPHASIS = re.compile(r"(\*\*|__|\*|_|~~)(?=\S)((?:(?!\1).)+?)(?<=\S)\1")
_MD_HEADING = re.compile(r"^\s{0,3}#{1,6}\s+")
_MD_CODE = re.compile(r"`([^`]*)`")
_MARKS = re.compile(r"[\[<`*_~#]")
"""A character every pattern above needs (heading '#', link '[', autolink '<'...)."""

_QUOTES = str.maketrans(
    {
        "\u2018": "'",
        "\u2019": "'",
        "\u201a": "'",
        "\u201b": "'",
        "\u2032": "'",
        "\u201c": '"',
        "\u201d": '"',
        "\u201e": '"',
        "\u201f": '"',
        "\u2033": '"',
        "\u00ab": '"',
        "\u00bb": '"',
        "\u2039": "'",
        "\u203a": "'",
        "\u2013": "-",
        "\u2014": "-",
        "\u2212": "-",
        "\u00a0": " ",
        "\u2009": " ",
        "\u202f": " ",
        "\u2026": "...",
    }
)
# Characters that carry no visible content: zero-width spaces/joiners, BOM, bidi controls.
_INVISIBLE = re.compile("[\u200b-\u200f\u202a-\u202e\u2060-\u2064\u2066-\u2069\ufeff\u00ad]")
_SPACE = re.compile(r"\s+")
_CONTROL_BYTES = re.compile("[\x19\x1c-\x1f]")
"""The separator bytes wire systems mark paragraphs with (EM, FS, GS, RS, US): a space when
shown. Other control bytes (ESC, BEL...) stay, for `safe` to show as escapes: a terminal
sequence in a file must be seen, not hidden."""
_THOUSANDS = re.compile(r"(?<=\d)[,\u00a0\u202f'](?=\d{3}\b)")
_NON_WORD = re.compile(r"[^\w%$£€]+")


def strip_markdown(text: str) -> str:
    """Remove inline Markdown markup, keeping the visible words.

    Args:
        text: A slice of article text.

    Returns:
        The text with links reduced to their labels, emphasis markers and heading hashes gone.
    """
    if not _MARKS.search(text):  # most sentences: no pattern below can match
        return text
    text = _MD_HEADING.sub("", text)
    text = _MD_IMAGE.sub(r"\1", text)
    text = _MD_LINK.sub(r"\1", text)
    text = _MD_AUTOLINK.sub(r"\1", text)
    text = _MD_CODE.sub(r"\1", text)
    for _ in range(2):  # nested emphasis such as ***x***
        text = _MD_EMPHASIS.sub(r"\2", text)
    return text


def display_text(source: str) -> str:
    """Clean text for showing a sentence: markup removed, whitespace and paragraph-mark
    bytes folded to single spaces, quotes kept.

    Args:
        source: The sentence as it stands in the file.

    Returns:
        One line of readable text.
    """
    # TeX-style quotes of wire copy (``like this''), not Markdown code: shown as curly quotes.
    if "``" in source or "''" in source:
        source = source.replace("``", "\u201c").replace("''", "\u201d")
    text = _INVISIBLE.sub("", strip_markdown(source))
    return _SPACE.sub(" ", _CONTROL_BYTES.sub(" ", text)).strip()


def fold(text: str) -> str:
    """Fold typography: curly quotes to straight, dashes to '-', NBSP to space, NFKC."""
    if not text.isascii():  # ASCII has no invisible, curly or compatibility character
        text = _INVISIBLE.sub("", text).translate(_QUOTES)
    if "``" in text or "''" in text:  # TeX-style quotes of wire copy: ``like this''
        text = text.replace("``", '"').replace("''", '"')
    return text if text.isascii() else unicodedata.normalize("NFKC", text)


def match_key(source: str) -> str:
    """The normalised form used for matching.

    Lower case, typography folded, Markdown gone, punctuation dropped, thousands
    separators removed so '300,000' and '300000' are one token.

    Args:
        source: The sentence as it stands in the file.

    Returns:
        Space-separated lower-case tokens.
    """
    text = fold(strip_markdown(source)).lower()
    text = _THOUSANDS.sub("", text)
    text = text.replace("'s ", " ").replace("'", "")
    return _SPACE.sub(" ", _NON_WORD.sub(" ", text)).strip()


_QUOTED = re.compile(r'"([^"]{12,})"')


def claim_key(source: str) -> str:
    """The match key of what a sentence states.

    When direct quotation makes up at least 40% of the sentence, only the quoted words
    count: two sentences quoting the same speaker with different words are different
    statements, however alike their attributions ("..., said Jamil al-Saleh, the head of").

    Args:
        source: The sentence as it stands in the file.

    Returns:
        A match key.
    """
    folded = fold(strip_markdown(source))
    quoted = [m.group(1) for m in _QUOTED.finditer(folded)]
    if quoted and sum(map(len, quoted)) >= 0.4 * len(folded):
        return match_key(" ".join(quoted))
    return match_key(source)


def words(text: str) -> list[str]:
    """Tokens of a match key (or any text run through `match_key`)."""
    return match_key(text).split()


_CONTROL = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\ud800-\udfff]")


def safe(text: str) -> str:
    """Text fit for a terminal: control characters (ESC, BEL, C1...) shown as escapes.

    Article text is data. An ANSI or OSC sequence inside a file must be seen, never obeyed.
    Lone surrogates (the undecodable bytes of a file name, read with surrogateescape)
    cannot be written as UTF-8 at all, so they are escaped too, as the byte they stand for.

    Args:
        text: Any text from a file.

    Returns:
        The text with every control character except newline and tab written as `\\xNN`.
    """
    return _CONTROL.sub(lambda m: f"\\x{ord(m.group(0)) & 0xFF:02x}", text)
