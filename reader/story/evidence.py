"""Document-level evidence for story grouping: one weighted term vector per article.

Owns what an article *says about which event it reports*, reduced to terms:

* **words**: content-word stems (stopwords out), the kind of event and its setting;
* **names**: words written with a capital inside a sentence (people, places, teams,
  organisations), counted again as a name term, so a name weighs more than a common word;
* **figures**: years ("y:2008"), days of a month ("d:july 18") and other numbers
  ("n:6.1", "n:27"): what tells one earthquake, one victory or one verdict from its
  sibling of another year or place.

The terms are weighted against the folder (TF-IDF: sublinear term frequency times
log(n / document frequency)), so a word every story of the folder uses weighs little and
an event's own names and figures weigh most, however many articles carry them (an event
reported 20 times keeps its core names: their weight falls with the folder's share, not
with a fixed count). Vectors are L2-normalised, so the dot product is the cosine.
After a first grouping, `reweight_by_stories` weighs each term again by how many of the
groups carry it: wire furniture and the words of a kind of event are in many stories.

What is read: the title, the body sentences and, for an article whose body is thin (a
headline and one sentence, or wire copy whose paragraphs were all set aside), the whole
text: such an article must still be able to join its story.
"""

from __future__ import annotations

import hashlib
import math
import re
from collections import Counter
from array import array
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass

import numpy as np

from reader.align.terms import stem, stopwords
from reader.ingest.newsroom import slug_date, slug_words
from reader.core.model import Article

THIN_BODY = 40
_FURNITURE = frozenset({"rule", "slug", "note", "byline", "dateline"})
"""Boilerplate kinds that say nothing of a story (a body paragraph has kind None)."""
"""An article with fewer body words than this is read whole (title, furniture and all)."""
NAME_WEIGHT = 1.5
"""Weight of a name term (a capitalised word's second term, beside its word term)."""
FIGURE_WEIGHT = 1.5
"""Weight of a year, date or other figure term."""

STORY_POWER = 0.5
"""How strongly `reweight_by_stories` weighs a term's spread over the first groups."""
IDF_FLOOR = 1.0
"""Added to every IDF (as scikit-learn's smooth IDF does): in a folder of one story the
words every article shares still count, or its articles would look unrelated."""

_TOKEN = re.compile(r"[A-Za-z][A-Za-z'’\-]*[A-Za-z]|\d{1,2}/\d{1,2}/\d{2,4}\b|\d[\d,]*(?:\.\d+)?")
_SENTENCE_END = re.compile(r"[.!?:;\"“”]\s*$|^\s*$")
_MONTH_NAMES = (
    "january february march april may june july august september october november december"
)
_MONTHS = {m: i + 1 for i, m in enumerate(_MONTH_NAMES.split())}
_MONTH_ABBR = {m[:3]: i for m, i in _MONTHS.items()}


@dataclass(frozen=True)
class Vectors:
    """The folder's articles as sparse, L2-normalised TF-IDF vectors (CSR layout)."""

    indptr: np.ndarray
    """Row i's terms are `indices[indptr[i]:indptr[i + 1]]`."""
    indices: np.ndarray
    """Term ids, sorted within each row."""
    data: np.ndarray
    """Weights (float32), aligned with `indices`."""
    df: np.ndarray
    """Document frequency of each term id."""
    terms: tuple[str, ...]
    """The term of each id."""

    @property
    def rows(self) -> int:
        """How many articles."""
        return len(self.indptr) - 1

    def row(self, i: int) -> tuple[np.ndarray, np.ndarray]:
        """Term ids and weights of article `i`."""
        a, b = self.indptr[i], self.indptr[i + 1]
        return self.indices[a:b], self.data[a:b]

    def dot(self, i: int, j: int) -> float:
        """Cosine of articles `i` and `j`."""
        ti, wi = self.row(i)
        tj, wj = self.row(j)
        _, a, b = np.intersect1d(ti, tj, assume_unique=True, return_indices=True)
        return float(np.dot(wi[a], wj[b]))


def article_text(article: Article) -> str:
    """The text read for grouping: title, the catch-words of a wire slug line (the story
    the agency filed it under: 'SHOWBIZ McCartney'), and the body; when the body is thin,
    the page's other text too, but never its furniture (rule and slug lines, sign-offs),
    which every page of wire copy shares whatever its story."""
    body = " \n".join(s.text for s in article.sentences)
    title = article.metadata.title or ""
    slugs = [
        slug_words(article.text[p.start : p.end]) for p in article.paragraphs if p.boilerplate == "slug"
    ]
    head = "\n".join([title, *slugs])
    if len(body.split()) < THIN_BODY:
        extra = [
            article.text[p.start : p.end] for p in article.paragraphs
            if p.boilerplate and p.boilerplate not in _FURNITURE
            and len(article.text[p.start : p.end].split()) > 2
        ]  # fmt: skip
        return "\n".join([head, body, *extra])
    return f"{head}\n{body}"


def article_terms(text: str) -> Counter[str]:
    """The weighted term counts of a text (see the module docstring).

    Args:
        text: What is read of one article.

    Returns:
        Term -> count: stems, 'name:' stems of capitalised words inside a sentence, and
        'y:', 'd:' and 'n:' figures.
    """
    counts: Counter[str] = Counter()
    for line in text.split("\n"):
        tokens = list(_TOKEN.finditer(line))
        for k, m in enumerate(tokens):
            tok = m.group()
            if tok[0].isdigit():
                _figure(tok, tokens[k - 1].group() if k else "", counts)
                continue
            low = tok.lower().replace("’", "'")
            if low.endswith("'s"):
                low = low[:-2]
            if len(low) < 2 or low.replace("'", "") in stopwords():
                continue
            s = stem(low)
            counts[s] += 1.0
            # A capital after a word (not after a sentence end) marks a name; a headline in
            # title case makes every word look like one, which the folder's IDF then weighs.
            if (
                tok[0].isupper()
                and k
                and not _SENTENCE_END.search(line[tokens[k - 1].end() : m.start()] or " ")
            ):
                counts["name:" + s] += 1.0
    return counts


def _figure(tok: str, before: str, counts: Counter[str]) -> None:
    if "/" in tok:  # 14/12/99: a day, as wire copy dates its pages
        day, month, _ = tok.split("/")
        if 1 <= int(month) <= 12 and 1 <= int(day) <= 31:
            counts[f"d:{int(month)}-{int(day)}"] += 1.0
        return
    value = tok.replace(",", "")
    month = _MONTHS.get(before.lower()) or _MONTH_ABBR.get(before.lower()[:3])
    if value.isdigit() and len(value) == 4 and 1800 <= int(value) <= 2100:
        counts["y:" + value] += 1.0
    elif month and value.isdigit() and 1 <= int(value) <= 31:
        counts[f"d:{month}-{int(value)}"] += 1.0
    elif value not in {"0", "1", "2", "3"}:  # small counts say nothing of the event
        counts["n:" + value] += 1.0


def class_weight(term: str) -> float:
    if term.startswith("name:"):
        return NAME_WEIGHT
    if term[1:2] == ":":
        return FIGURE_WEIGHT
    return 1.0


def vectorize(texts: Sequence[str]) -> Vectors:
    """TF-IDF vectors of the texts, weighted against one another.

    Args:
        texts: What is read of each article (`article_text`).

    Returns:
        The vectors (`vectorize_bags` of their `article_terms`).
    """
    return vectorize_bags([article_terms(t) for t in texts])


def vectorize_bags(
    bags: Sequence[Mapping[str, float]] | Callable[[], Iterable[Mapping[str, float]]],
) -> Vectors:
    """TF-IDF vectors of term counts (`article_terms`), weighted against one another.

    Args:
        bags: Each article's term counts, computed once per article (the index keeps
            them); or a function giving them afresh, read twice (the document
            frequencies, then the rows), so a corpus need not hold them all at once.

    Returns:
        The vectors. A term carried by one article only is dropped from them (it links
        nothing) after counting in the article's norm: an article of its own words has
        a small cosine with every other, not a large one with the few it shares.
    """
    each = bags if callable(bags) else lambda: bags
    df_count: Counter[str] = Counter()
    n = 0
    for bag in each():
        df_count.update(bag.keys())
        n += 1
    kept = sorted(t for t, c in df_count.items() if c >= 2)
    # Each kept term's id, IDF and class weight, worked out once, not at every occurrence.
    info = {
        t: (k, IDF_FLOOR + math.log((n + 1) / (df_count[t] + 1)), class_weight(t))
        for k, t in enumerate(kept)
    }
    own_idf = IDF_FLOOR + math.log((n + 1) / 2)
    log = math.log
    indptr = array("q", [0])
    indices = array("q")
    data = array("d")
    for bag in each():
        row, own = [], 0.0
        for t, c in bag.items():
            got = info.get(t)
            if got is None:
                own += ((1.0 + log(c)) * own_idf * class_weight(t)) ** 2
            else:
                k, idf, weight = got
                row.append((k, (1.0 + log(c)) * idf * weight))
        row.sort()
        norm = math.sqrt(sum(w * w for _, w in row) + own) or 1.0
        indices.extend(k for k, _ in row)
        data.extend(w / norm for _, w in row)
        indptr.append(len(indices))
    return Vectors(
        np.frombuffer(indptr, dtype=np.int64).copy(),
        np.frombuffer(indices, dtype=np.int64).copy(),
        np.frombuffer(data, dtype=np.float64).astype(np.float32),
        np.array([df_count[t] for t in kept], dtype=np.int64),
        tuple(kept),
    )


def reweight_by_stories(
    vectors: Vectors, groups: Sequence[Sequence[int]], *, power: float = STORY_POWER,
    factor: np.ndarray | None = None,
) -> Vectors:  # fmt: skip
    """The vectors with each term weighed again by how many of the first groups carry it.

    The folder's IDF counts articles; a word of wire furniture or of a kind of event
    ("SHOWBIZ", "earthquake") may be in few articles yet in many stories. A first grouping
    tells: a term carried by the articles of many groups is weighed down by
    (1 + log((groups + 1) / (groups carrying it + 1))) ** power, a story's own names keep
    their weight. Each article's vector keeps its norm share against its own terms.

    Args:
        vectors: The vectors of the first grouping.
        groups: The first grouping (lists of row indices).
        power: How strongly the spread over groups weighs (0: not at all).
        factor: The terms' factors when computed already (`spread_factor`).

    Returns:
        The reweighted vectors.
    """
    if factor is None:
        factor = spread_factor(vectors, groups, power=power)
    data = vectors.data * factor[vectors.indices].astype(np.float32)
    for i in range(vectors.rows):
        a, b = vectors.indptr[i], vectors.indptr[i + 1]
        before = float(np.sqrt(np.square(vectors.data[a:b]).sum()))
        after = float(np.sqrt(np.square(data[a:b]).sum()))
        if after:
            data[a:b] *= before / after
    return Vectors(vectors.indptr, vectors.indices, data, vectors.df, vectors.terms)


def spread_factor(
    vectors: Vectors, groups: Sequence[Sequence[int]], *, power: float = STORY_POWER
) -> np.ndarray:
    """Each term's factor in `reweight_by_stories`: (1 + log((groups + 1) / (groups
    carrying it + 1))) ** power, by term id."""
    carrying = np.zeros(len(vectors.df))
    for group in groups:
        terms = np.unique(np.concatenate([vectors.row(i)[0] for i in group]))
        carrying[terms] += 1
    return (1.0 + np.log((len(groups) + 1) / (carrying + 1))) ** power


@dataclass(frozen=True)
class Evidence:
    """What story grouping reads of one article, computed once per article
    (`evidence_of`); the index keeps it, so a corpus is regrouped without reading it."""

    name: str
    """The file name (the grouping works in name order)."""
    path: str
    """The file's path, as given (ties between equal names)."""
    copy_key: str
    """A digest of the body sentences (of the text when it has none): equal for copies."""
    terms: Mapping[str, float] | None
    """Term counts of `article_text` (`article_terms`); None when the caller gives them
    to `group_evidence` as a stream (the index, for a corpus of any size)."""
    filing: tuple[str, ...] | None
    """The wire filing of a page (`filing`), None without a slug line."""
    sentences: int
    """How many body sentences."""


def evidence_of(article: Article) -> Evidence:
    """What story grouping reads of an article."""
    parts = [s.norm for s in article.sentences] or ["\x00" + article.text.strip()]
    digest = hashlib.blake2b("\x1e".join(parts).encode("utf-8", "surrogatepass"), digest_size=16)
    return Evidence(
        article.name,
        str(article.path),
        digest.hexdigest(),
        article_terms(article_text(article)),
        filing(article),
        len(article.sentences),
    )


def filing(article: Article) -> tuple[str, ...] | None:
    """The wire filing a page belongs to, from its slug line: the date, the desk and the
    first catch-word ('14/07/99', 'showbiz', 'premiere'); None without a slug line.

    An agency files every page and update of one story under one catch-line, so pages
    that share it on one day are one story, however few words a continuation page has.
    """
    for p in article.paragraphs:
        if p.boilerplate != "slug":
            continue
        line = article.text[p.start : p.end]
        words = slug_words(line).lower().split()
        day = slug_date(line)
        if day and len(words) >= 2:
            return (day, words[0], words[1])
    return None
