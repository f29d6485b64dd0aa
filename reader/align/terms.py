"""What a sentence is made of, for matching: computed once per sentence, never per pair.

Owns word normalisation for alignment: Snowball stems (PyStemmer, the Snowball project's
own C stemmer) of content words, with the Snowball English stop-word list
(`data/stopwords-en.txt`); the names a sentence mentions (capitalised words past its first);
its figures; the words it quotes. Numbers never enter the words a score is computed from:
a changed figure must not hide a match (3,000 vs 300,000 is one sentence with a corrupted
number); `numpair.py` compares them.

`article_terms` keeps the terms of an article with it (`memo.py`), so comparing one article
with fifty others stems its sentences once.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources

import Stemmer

from reader.align.memo import per_article
from reader.ingest.text import claim_key, fold, match_key

_DIGIT = re.compile(r"\d")
_CAPITALISED = re.compile(r"(?<![\w'’])([A-Z][\w'’.-]*\w|[A-Z])")
_QUOTED = re.compile(r'"([^"]{3,})"')


@lru_cache(maxsize=1)
def stopwords() -> frozenset[str]:
    """The Snowball English stop words, apostrophes dropped as match keys drop them."""
    text = resources.files("reader.align").joinpath("data/stopwords-en.txt").read_text("utf-8")
    words = (line.strip() for line in text.splitlines())
    return frozenset(w.replace("'", "") for w in words if w and not w.startswith("#"))


@lru_cache(maxsize=1)
def _stemmer() -> Stemmer.Stemmer:
    return Stemmer.Stemmer("english", 100_000)


def stem(word: str) -> str:
    """The Snowball stem of one lower-case word ('forces' -> 'forc')."""
    return _stemmer().stemWord(word)


def stems(key: str) -> tuple[str, ...]:
    """Stems of the content words of a match key, in order: stop words, numbers and
    one-letter words left out."""
    stop = stopwords()
    kept = [w for w in key.split() if len(w) > 1 and w not in stop and not _DIGIT.search(w)]
    return tuple(_stemmer().stemWords(kept))


@dataclass(frozen=True)
class Terms:
    """One sentence as the pair scorer sees it."""

    surface: str
    """Match key without numbers: lower case, no punctuation."""
    stems: tuple[str, ...]
    """Content-word stems in order."""
    names: frozenset[str]
    """Lower-cased capitalised words after the first word (names, places, titles)."""
    figures: frozenset[str]
    """Number tokens as written in the match key ('300000', '1.5')."""
    quoted: frozenset[str]
    """Stems of the words inside double quotation marks."""
    length: int
    """Number of words."""
    claim_surface: str = ""
    """What the sentence states (`text.claim_key`: the quoted words when a quotation makes
    up most of it), numbers left out."""
    claim_stems: tuple[str, ...] = ()
    """Content-word stems of the claim."""


def sentence_terms(text: str) -> Terms:
    """The terms of one sentence.

    Args:
        text: The sentence as displayed (markup gone, whitespace folded).

    Returns:
        Its terms.
    """
    key = match_key(text)
    claim = claim_key(text)
    words = key.split()
    folded = fold(text)
    stop = stopwords()
    names = {
        w.lower().replace("’", "'").rstrip(".").removesuffix("'s")
        for w in _CAPITALISED.findall(folded)[1:]
    }
    quoted = " ".join(m.group(1) for m in _QUOTED.finditer(folded.replace("''", '"')))
    return Terms(
        surface=" ".join(w for w in words if not _DIGIT.search(w)),
        stems=stems(key),
        names=frozenset(n for n in names if n and n.replace("'", "") not in stop),
        figures=frozenset(w for w in words if _DIGIT.search(w)),
        quoted=frozenset(stems(match_key(quoted))) if quoted else frozenset(),
        length=len(words),
        claim_surface=" ".join(w for w in claim.split() if not _DIGIT.search(w)),
        claim_stems=stems(claim),
    )


def terms_of(texts: Sequence[str]) -> tuple[Terms, ...]:
    """The terms of several sentences."""
    return tuple(sentence_terms(t) for t in texts)


def article_terms(article: object, texts: Sequence[str]) -> tuple[Terms, ...]:
    """The terms of an article's sentences, computed on first use and kept with it
    (`memo.per_article`).

    Args:
        article: The object the sentences belong to.
        texts: Its sentence texts.

    Returns:
        One `Terms` per sentence.
    """
    return per_article(article, "terms", lambda: terms_of(texts))
