"""How alike two sentences are, 0-100, for every left/right pair at once.

Owns the scoring that alignment rests on. Two views of a sentence are combined:

- surface: rapidfuzz's `token_set_ratio` over the match keys, which forgives added or
  dropped attributions ("..., Mustafa said.") and word order;
- content: an IDF-weighted overlap of content-word stems, which survives paraphrase
  ("struggling to make gains" / "had failed to seize") as long as the names, places and
  rare words agree, and ignores the stopwords that inflate surface scores.

Numbers are left out of both: a changed figure must not hide a match (3,000 vs 300,000
is the same sentence with a corrupted number); `numbers.py` compares them separately.
"""

from __future__ import annotations

import functools
import math
import re
from collections.abc import Sequence
from typing import TypeVar

import numpy as np
from rapidfuzz import fuzz, process

Score = TypeVar("Score", float, np.ndarray)
"""A score, or a matrix of them."""

STOPWORDS = frozenset(
    [
        "a",
        "about",
        "above",
        "after",
        "again",
        "against",
        "all",
        "also",
        "although",
        "am",
        "an",
        "and",
        "any",
        "are",
        "as",
        "at",
        "be",
        "because",
        "been",
        "before",
        "being",
        "below",
        "between",
        "both",
        "but",
        "by",
        "can",
        "could",
        "did",
        "do",
        "does",
        "doing",
        "down",
        "during",
        "each",
        "either",
        "few",
        "for",
        "from",
        "further",
        "had",
        "has",
        "have",
        "having",
        "he",
        "her",
        "here",
        "hers",
        "herself",
        "him",
        "himself",
        "his",
        "how",
        "i",
        "if",
        "in",
        "into",
        "is",
        "it",
        "its",
        "itself",
        "just",
        "me",
        "more",
        "most",
        "my",
        "myself",
        "no",
        "nor",
        "not",
        "now",
        "of",
        "off",
        "on",
        "once",
        "only",
        "or",
        "other",
        "our",
        "ours",
        "ourselves",
        "out",
        "over",
        "own",
        "same",
        "she",
        "should",
        "so",
        "some",
        "such",
        "than",
        "that",
        "the",
        "their",
        "theirs",
        "them",
        "themselves",
        "then",
        "there",
        "these",
        "they",
        "this",
        "those",
        "through",
        "to",
        "too",
        "under",
        "until",
        "up",
        "very",
        "was",
        "we",
        "were",
        "what",
        "when",
        "where",
        "which",
        "while",
        "who",
        "whom",
        "why",
        "will",
        "with",
        "would",
        "you",
        "your",
        "yours",
        "yourself",
        "said",
        "says",
        "say",
        "told",
        "tell",
        "according",
        "added",
        "reported",
        "reportedly",
    ]
)
_DIGITS = re.compile(r"\d")


def stem(word: str) -> str:
    """A crude, fast stem: enough to meet 'forces'/'force', 'intervened'/'intervening'."""
    for suffix in ("ations", "ation", "ings", "ing", "ies", "ied", "ed", "es", "s", "ly"):
        if word.endswith(suffix) and len(word) - len(suffix) >= 4:
            word = word[: -len(suffix)]
            break
    return word[:7]


@functools.lru_cache(maxsize=1 << 16)
def content_terms(key: str) -> frozenset[str]:
    """Content-word stems of a match key: stopwords and numbers removed.

    Cached: a story's report compares each article with every other, so each sentence's
    terms were computed once per pair (a fifth of `reader report`'s time on 772 texts)."""
    return frozenset(
        stem(w) for w in key.split() if w not in STOPWORDS and not _DIGITS.search(w) and len(w) > 1
    )


def surface_key(key: str) -> str:
    """A match key without its numbers, for the surface scorer."""
    return " ".join(w for w in key.split() if not _DIGITS.search(w))


class Scorer:
    """Scores sentences of two texts against each other, with IDF from both texts.

    Args:
        left: Match keys of the left sentences.
        right: Match keys of the right sentences.
        surface_weight: Share of the surface score in the combined score (0-1).
    """

    def __init__(
        self, left: Sequence[str], right: Sequence[str], *, surface_weight: float = 0.5
    ) -> None:
        self.left_raw, self.right_raw = list(left), list(right)
        self.left_terms = [content_terms(k) for k in left]
        self.right_terms = [content_terms(k) for k in right]
        self.left_keys = [surface_key(k) for k in left]
        self.right_keys = [surface_key(k) for k in right]
        self.surface_weight = surface_weight
        docs = self.left_terms + self.right_terms
        df: dict[str, int] = {}
        for terms in docs:
            for t in terms:
                df[t] = df.get(t, 0) + 1
        n = len(docs) + 1
        # Smoothed IDF: a word in every sentence still weighs a little.
        self.idf = {t: math.log((n + 1) / (c + 0.5)) for t, c in df.items()}

    def weight(self, terms: frozenset[str]) -> float:
        """Total IDF weight of a set of stems."""
        return sum(self.idf.get(t, 1.0) for t in terms)

    def content(self, a: frozenset[str], b: frozenset[str]) -> float:
        """Weighted Dice overlap of two stem sets, 0-100."""
        total = self.weight(a) + self.weight(b)
        if total == 0:
            return 0.0
        return 200.0 * self.weight(a & b) / total

    def combine(self, surface: Score, content: Score) -> Score:
        """The combined score of a surface and a content score (or matrices of them)."""
        return self.surface_weight * surface + (1 - self.surface_weight) * content

    def matrix(self) -> np.ndarray:
        """Combined scores, shape (len(left), len(right))."""
        n, m = len(self.left_terms), len(self.right_terms)
        if n == 0 or m == 0:
            return np.zeros((n, m))
        surface = process.cdist(
            self.left_keys, self.right_keys, scorer=fuzz.token_set_ratio, dtype=np.float32
        ).astype(float)
        vocab = {t: k for k, t in enumerate(self.idf)}
        weights = np.array([self.idf[t] for t in vocab])
        a = np.zeros((n, len(vocab)))
        b = np.zeros((m, len(vocab)))
        for i, terms in enumerate(self.left_terms):
            a[i, [vocab[t] for t in terms]] = 1.0
        for j, terms in enumerate(self.right_terms):
            b[j, [vocab[t] for t in terms]] = 1.0
        shared = (a * weights) @ b.T
        totals = (a @ weights)[:, None] + (b @ weights)[None, :]
        content = np.divide(200.0 * shared, totals, out=np.zeros_like(shared), where=totals > 0)
        scores = self.combine(surface, content)
        # The same words are the same sentence, even with nothing left to score once
        # numbers and stopwords are out ('300,000 300,000.' against itself).
        where: dict[str, list[int]] = {}
        for j, key in enumerate(self.right_raw):
            where.setdefault(key, []).append(j)
        for i, key in enumerate(self.left_raw):
            if key.strip() and key in where:
                scores[i, where[key]] = 100.0
        return scores

    def pair(self, left_keys: Sequence[str], right_keys: Sequence[str]) -> float:
        """Score of several left sentences read as one against several right ones."""
        lk, rk = " ".join(left_keys), " ".join(right_keys)
        if lk.strip() and lk == rk:
            return 100.0
        surface = fuzz.token_set_ratio(surface_key(lk), surface_key(rk))
        return self.combine(surface, self.content(content_terms(lk), content_terms(rk)))

    def containment(self, part: str, whole: str) -> float:
        """Share (0-1) of `part`'s content weight found in `whole`."""
        a, b = content_terms(part), content_terms(whole)
        wa = self.weight(a)
        return self.weight(a & b) / wa if wa else 0.0
