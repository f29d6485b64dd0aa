"""Facts about a pair of articles as a whole: which goes left, how much they share.

Owns the orientation of a pair (the likely original on the left: the earlier date, else
the dated article, else the longer) and its similarity (the share of sentences with a counterpart).
The reader ranks pairs with them, and the index stores each pair the way round `orient`
puts it.
"""

from __future__ import annotations

from reader.core.model import Article, Comparison


def similarity(comparison: Comparison) -> float:
    """Share of sentences, both sides together, that have a counterpart."""
    total = len(comparison.left.sentences) + len(comparison.right.sentences)
    if not total:
        return 0.0
    linked = sum(len(r.left) + len(r.right) for r in comparison.rows if r.left and r.right)
    return linked / total


def goes_left(
    a_date: str | None, a_sentences: int, b_date: str | None, b_sentences: int
) -> bool | None:
    """Whether the first of two articles is the likely original (see `orient`); None
    when date and length do not tell."""
    if a_date and b_date and a_date != b_date:
        return a_date < b_date
    if bool(a_date) != bool(b_date):
        # As the story overview guesses the original: an article of unknown date is not the
        # earliest (wire copy carries its date; the paper that rewrote it often does not).
        return bool(a_date)
    if a_sentences != b_sentences:
        return a_sentences > b_sentences
    return None


def orient(a: Article, b: Article) -> tuple[Article, Article]:
    """The two articles as (left, right): the likely original on the left (the earlier
    date, else the one with a date, else the longer); when neither tells, the one whose
    text sorts first, so the answer never depends on the order the two came in."""
    left = goes_left(a.metadata.date, len(a.sentences), b.metadata.date, len(b.sentences))
    if left is None:
        left = a.text <= b.text
    return (a, b) if left else (b, a)
