"""The pair features computed from per-text indexes (`features.TextIndex`) are exactly those
of the straightforward per-pair computation, bit for bit."""

from __future__ import annotations

import itertools
import math
from collections.abc import Sequence
from pathlib import Path

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st
from rapidfuzz import fuzz, process

from reader.align.features import TEXT_FEATURES, TextIndex, text_features
from reader.align.terms import Terms, terms_of
from reader.ingest.article import load_article

SEEDS = Path(__file__).parent.parent / "data" / "seeds"

WORDS = ["army", "rebels", "town", "seized", "Friday", "said", "Moscow", "troops", "the"]
WORDS += ["denied", "civilians", "fled", "border", "300,000", "two", "Reuters", '"we', 'left"']
sentence = st.lists(st.sampled_from(WORDS), min_size=0, max_size=14).map(
    lambda ws: " ".join(ws).capitalize() + "."
)
texts = st.lists(sentence, min_size=1, max_size=8)


def _vocab(*groups: Sequence[Sequence[str] | frozenset[str]]) -> dict[str, int]:
    vocab: dict[str, int] = {}
    for group in groups:
        for items in group:
            for t in items:
                vocab.setdefault(t, len(vocab))
    return vocab


def _binary(sets: Sequence[Sequence[str] | frozenset[str]], vocab: dict[str, int]) -> np.ndarray:
    out = np.zeros((len(sets), max(1, len(vocab))), dtype=np.float32)
    for i, items in enumerate(sets):
        cols = [vocab[t] for t in set(items) if t in vocab]
        if cols:
            out[i, cols] = 1.0
    return out


def _dice(
    a: np.ndarray, b: np.ndarray, weights: np.ndarray | None = None
) -> tuple[np.ndarray, ...]:
    wa = a if weights is None else a * weights
    shared = wa @ b.T
    size_a = wa.sum(axis=1)[:, None]
    size_b = (b if weights is None else b * weights).sum(axis=1)[None, :]
    total = size_a + size_b
    dice = np.divide(2 * shared, total, out=np.zeros_like(shared), where=total > 0)
    small = np.minimum(size_a, size_b)
    contain = np.divide(shared, small, out=np.zeros_like(shared), where=small > 0)
    return dice, contain, shared


def reference(
    left: Sequence[Terms], right: Sequence[Terms], idf_docs: Sequence[Terms] | None = None
) -> np.ndarray:
    """The features as computed pair by pair before the per-text index (commit d631745)."""
    n, m = len(left), len(right)
    out = np.zeros((n, m, len(TEXT_FEATURES)), dtype=np.float32)
    col = {name: k for k, name in enumerate(TEXT_FEATURES)}

    def put(name: str, values: np.ndarray) -> None:
        out[:, :, col[name]] = values

    def cdist(a: list[str], b: list[str], scorer: object) -> np.ndarray:
        return process.cdist(a, b, scorer=scorer, dtype=np.float32, workers=1) / 100

    lk, rk = [t.surface for t in left], [t.surface for t in right]
    put("ratio", cdist(lk, rk, fuzz.ratio))
    put("token_set", cdist(lk, rk, fuzz.token_set_ratio))
    put("token_sort", cdist(lk, rk, fuzz.token_sort_ratio))
    put("stem_ratio", cdist([" ".join(t.stems) for t in left], [" ".join(t.stems) for t in right],
                            fuzz.ratio))  # fmt: skip
    docs = list(idf_docs) if idf_docs is not None else [*left, *right]
    vocab = _vocab([t.stems for t in docs], [t.stems for t in left], [t.stems for t in right])
    df = np.zeros(max(1, len(vocab)), dtype=np.float32)
    for t in docs:
        for s in set(t.stems):
            df[vocab[s]] += 1
    idf = np.log((len(docs) + 2) / (df + 0.5)).astype(np.float32)
    a, b = _binary([t.stems for t in left], vocab), _binary([t.stems for t in right], vocab)
    dice, contain, _ = _dice(a, b, idf)
    put("idf_dice", dice)
    put("idf_containment", contain)
    shared = a @ b.T
    put("shared_stems", np.log1p(shared) / math.log(16))
    size_a, size_b = a.sum(axis=1)[:, None], b.sum(axis=1)[None, :]
    bigger = np.maximum(size_a, size_b)
    put("stem_cover", np.divide(shared, bigger, out=np.zeros_like(shared), where=bigger > 0))
    put("stem_containment", _dice(a, b)[1])
    only_a, only_b = size_a - shared, size_b - shared
    put("unshared_min", np.log1p(np.minimum(only_a, only_b)) / math.log(16))
    put("unshared_max", np.log1p(np.maximum(only_a, only_b)) / math.log(16))
    names = _vocab([t.names for t in left], [t.names for t in right])
    ndice, ncontain, nshared = _dice(_binary([t.names for t in left], names),
                              _binary([t.names for t in right], names))  # fmt: skip
    put("name_dice", ndice)
    put("shared_names", np.log1p(nshared) / math.log(8))
    put("name_containment", ncontain)
    figs = _vocab([t.figures for t in left], [t.figures for t in right])
    fa, fb = _binary([t.figures for t in left], figs), _binary([t.figures for t in right], figs)
    shared_figs = fa @ fb.T
    count_a, count_b = fa.sum(axis=1)[:, None], fb.sum(axis=1)[None, :]
    put("figures_shared", shared_figs > 0)
    put("figures_conflict", (count_a > 0) & (count_b > 0) & (shared_figs == 0))
    put("figure_mismatch", np.log1p(count_a + count_b - 2 * shared_figs))
    quotes = _vocab([t.quoted for t in left], [t.quoted for t in right])
    put("quote_dice", _dice(_binary([t.quoted for t in left], quotes),
                            _binary([t.quoted for t in right], quotes))[0])  # fmt: skip
    wl, wr = [tuple(t.surface.split()) for t in left], [tuple(t.surface.split()) for t in right]
    wv = _vocab(wl, wr)
    put("word_dice", _dice(_binary(wl, wv), _binary(wr, wv))[0])
    bl = [tuple(f"{x} {y}" for x, y in itertools.pairwise(w)) for w in wl]
    br = [tuple(f"{x} {y}" for x, y in itertools.pairwise(w)) for w in wr]
    bv = _vocab(bl, br)
    put("bigram_dice", _dice(_binary(bl, bv), _binary(br, bv))[0])
    la = np.array([t.length for t in left], dtype=np.float32)[:, None]
    lb = np.array([t.length for t in right], dtype=np.float32)[None, :]
    longer = np.maximum(la, lb)
    zero = np.zeros((n, m), np.float32)
    put("length_ratio", np.divide(np.minimum(la, lb), longer, out=zero.copy(), where=longer > 0))
    put("length_gap", np.divide(np.abs(la - lb), longer, out=zero.copy(), where=longer > 0))
    put("claim_token_set", cdist([t.claim_surface for t in left], [t.claim_surface for t in right],
                                 fuzz.token_set_ratio))  # fmt: skip
    cv = _vocab([t.claim_stems for t in left], [t.claim_stems for t in right])
    ca, cb = _binary([t.claim_stems for t in left], cv), _binary([t.claim_stems for t in right], cv)
    cidf = np.array([float(idf[vocab[t]]) if t in vocab else 1.0 for t in cv], dtype=np.float32)
    put("claim_idf_dice", _dice(ca, cb, cidf if len(cv) else None)[0])
    return out


def _same(a: np.ndarray, b: np.ndarray) -> bool:
    return a.dtype == b.dtype and a.shape == b.shape and a.tobytes() == b.tobytes()


@settings(max_examples=80, deadline=None)
@given(texts, texts, st.booleans())
def test_indexed_features_are_the_per_pair_ones(
    left: list[str], right: list[str], idf: bool
) -> None:
    """Same bits from plain terms, from kept indexes, and from the per-pair reference;
    with IDF counted over the two texts or over other sentences."""
    lt, rt = terms_of(left), terms_of(right)
    docs = terms_of([*right, *left, "The army seized the town."]) if idf else None
    expected = reference(lt, rt, docs)
    li, ri = TextIndex(lt), TextIndex(rt)
    assert _same(text_features(lt, rt, idf_docs=docs), expected)
    assert _same(text_features(li, ri, idf_docs=docs), expected)
    assert _same(text_features(li, ri, idf_docs=docs), expected)  # an index is reusable


def test_indexed_features_on_the_seed_articles() -> None:
    """Every pair of the seed articles, both ways round."""
    arts = [load_article(p) for p in sorted(SEEDS.iterdir())]
    terms = [terms_of([s.text for s in a.sentences]) for a in arts]
    index = [TextIndex(t) for t in terms]
    for i in range(len(arts)):
        for j in range(len(arts)):
            if i != j:
                assert _same(text_features(index[i], index[j]), reference(terms[i], terms[j]))


words = st.lists(st.sampled_from(["a", "b", "ab", "ba", "bb", "c", "the", "b\u00e9"]), max_size=9)


@settings(max_examples=300, deadline=None)
@given(words, words)
def test_rapidfuzz_token_scores_read_sorted_words(a: list[str], b: list[str]) -> None:
    """token_sort_ratio is ratio over the words sorted, token_set_ratio depends on the set
    of words alone: what lets `TextIndex` sort each sentence's words once."""
    x, y = " ".join(a), " ".join(b)
    assert fuzz.token_sort_ratio(x, y) == fuzz.ratio(" ".join(sorted(a)), " ".join(sorted(b)))
    sx, sy = " ".join(sorted(set(a))), " ".join(sorted(set(b)))
    assert fuzz.token_set_ratio(x, y) == fuzz.token_set_ratio(sx, sy)
