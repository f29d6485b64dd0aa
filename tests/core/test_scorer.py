"""The learned pair scorer: terms, features, the shipped weights, the chain of links."""

from __future__ import annotations

import itertools
import subprocess
import sys

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st

from reader.align.align import align, link_matrix
from reader.align.features import CONTEXT_FEATURES, TEXT_FEATURES, text_features
from reader.align.order import heaviest_chain
from reader.align.scorer import Model, probabilities, shipped_model
from reader.align.terms import sentence_terms, stems, stopwords, terms_of

STORY = [
    "A police officer accused of attacking a colleague with a snooker cue was cleared by "
    "magistrates yesterday.",
    "The officer told the court she had endured years of abuse from the team she joined in 1989.",
    "She said she punched him once in self-defence after he insulted her.",
    "The magistrate said only three people knew what happened in the snooker room.",
]
REWRITE = [
    "Magistrates yesterday acquitted a policewoman who was accused of hitting a fellow "
    "officer with a snooker cue.",
    "The weather in the capital was unusually warm for the time of year.",
    "She told the court that she had suffered years of abuse from colleagues on the team.",
    "Only three people can say what happened in that snooker room, the magistrate said.",
]


def test_stems_and_stop_words_come_from_snowball() -> None:
    """Snowball stems meet inflections; the Snowball stop-word list is loaded from data."""
    assert {"the", "and", "wasnt", "ourselves"} <= stopwords()
    assert stems("officers attacked the attacking officer") == ("offic", "attack", "attack", "offic")


def test_terms_keep_names_figures_and_quotes_apart() -> None:
    """Names are capitalised words past the first; figures stay out of the words scored."""
    t = sentence_terms('Pc Joy Hendricks, 34, said: ``I was asked about my private life.\'\'')
    assert {"joy", "hendricks"} <= t.names
    assert t.figures == frozenset({"34"})
    assert "34" not in t.surface.split()
    assert "privat" in t.quoted  # TeX-style quotes read as quotes


def test_shipped_model_matches_the_features() -> None:
    """The data file names exactly the features this version computes, and reads back."""
    model = shipped_model()
    assert model.text.names == TEXT_FEATURES
    assert model.link.names == CONTEXT_FEATURES
    assert Model.from_dict(model.to_dict()).to_dict() == model.to_dict()
    assert 0 < model.link_threshold < 1


def test_probabilities_rank_the_rewrite_first() -> None:
    """Each sentence's most probable counterpart is its rewrite; the unrelated one has none."""
    p_text, p_link = probabilities(terms_of(STORY), terms_of(REWRITE))
    assert p_text.shape == p_link.shape == (4, 4)
    assert ((0 <= p_link) & (p_link <= 1)).all()
    assert list(p_link.argmax(axis=1)) == [0, 2, 2, 3]  # sentence 2 has no counterpart
    assert p_link[:, 1].max() < shipped_model().link_threshold  # the weather: never linked


def test_align_links_rewrites_and_leaves_the_rest() -> None:
    """The aligner links the three rewrites in order and nothing else."""
    links = align(STORY, REWRITE)
    assert [(x.left, x.right, x.in_order) for x in links if x.left != (2,)][:3] == [
        ((0,), (0,), True), ((1,), (2,), True), ((3,), (3,), True)]  # fmt: skip
    assert all(x.right != (1,) for x in links)


def test_identical_sentences_are_certain() -> None:
    """Two identical sentences link with probability 1 whatever the model says."""
    left = ["300,000 300,000.", "The bridge reopened on Monday."]
    p = link_matrix(left, left, terms_of(left), terms_of(left), shipped_model())
    assert p[0, 0] == 1.0 and p[1, 1] == 1.0


def test_features_are_symmetric_in_the_sides() -> None:
    """Text features of (a, b) are those of (b, a), transposed."""
    a, b = terms_of(STORY), terms_of(REWRITE)
    forward, backward = text_features(a, b), text_features(b, a)
    assert np.allclose(forward, backward.transpose(1, 0, 2), atol=1e-5)


def test_no_training_library_at_run_time() -> None:
    """Comparing two articles never imports scikit-learn: the weights are plain numbers."""
    code = (
        "import sys\n"
        "from reader.align.align import align\n"
        f"align({STORY!r}, {REWRITE!r})\n"
        "print('sklearn' in sys.modules)"
    )
    p = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60)
    assert p.stdout.strip() == "False", p.stderr


def _best_chain_weight(pairs: list[tuple[int, int]], p: np.ndarray) -> float:
    best = 0.0
    for r in range(1, len(pairs) + 1):
        for combo in itertools.combinations(pairs, r):
            if all(a[0] < b[0] and a[1] < b[1] for a, b in itertools.pairwise(combo)):
                best = max(best, sum(float(p[x]) for x in combo))
    return best


@settings(max_examples=80, deadline=None)
@given(st.permutations(range(7)), st.lists(st.floats(0.01, 1.0), min_size=7, max_size=7))
def test_heaviest_chain_is_the_heaviest(order: list[int], weights: list[float]) -> None:
    """The chain is increasing on both sides and as heavy as the best found by brute force."""
    pairs = [(i, j) for i, j in enumerate(order)]
    p = np.zeros((7, 7))
    for (i, j), w in zip(pairs, weights, strict=True):
        p[i, j] = w
    chain = heaviest_chain(pairs, p)
    assert all(a[0] < b[0] and a[1] < b[1] for a, b in itertools.pairwise(chain))
    assert abs(sum(float(p[x]) for x in chain) - _best_chain_weight(pairs, p)) < 1e-9


def test_additive_model_is_a_step_function_per_feature() -> None:
    """A value at a threshold takes the lower step; the steps of the features add up."""
    from reader.align.scorer import Additive

    model = Additive(("a", "b"), (np.array([0.25, 0.5]), np.array([])),
                     (np.array([-1.0, 0.0, 2.0]), np.array([0.5])), -0.5)  # fmt: skip
    x = np.array([[0.1, 9.0], [0.25, 0.0], [0.3, 0.0], [0.5, 0.0], [0.51, 0.0]], dtype=np.float32)
    z = np.log(model(x) / (1 - model(x)))
    assert np.allclose(z, [-1.0, -1.0, 0.0, 0.0, 2.0])
    assert Additive.from_dict(model.to_dict()).to_dict() == model.to_dict()


def test_blend_averages_log_odds() -> None:
    """The blend's log-odds are the mean of its parts' log-odds."""
    from reader.align.scorer import Additive, Blend

    one = Additive(("a",), (np.array([0.5]),), (np.array([-2.0, 2.0]),), 0.0)
    two = Additive(("a",), (np.array([]),), (np.array([0.0]),), 1.0)
    p = Blend((one, two))(np.array([[0.0], [1.0]]))
    assert np.allclose(np.log(p / (1 - p)), [-0.5, 1.5])
    assert Blend.from_dict(Blend((one, two)).to_dict()).to_dict() == Blend((one, two)).to_dict()


def test_shipped_text_model_is_a_blend_of_plain_numbers() -> None:
    """The shipped text model reads back from its own plain data."""
    from reader.align.scorer import Blend

    text = shipped_model().text
    assert isinstance(text, Blend) and len(text.parts) == 2


def test_training_writes_what_scikit_learn_predicts() -> None:
    """The additive model the training script writes gives scikit-learn's probabilities
    (the bench extra; skipped without scikit-learn)."""
    import importlib.util
    from pathlib import Path

    import pytest

    if importlib.util.find_spec("sklearn") is None:
        pytest.skip("scikit-learn not installed (pip install -e '.[bench]')")
    from sklearn.ensemble import HistGradientBoostingClassifier

    path = Path(__file__).parent.parent.parent / "bench" / "train_scorer.py"
    spec = importlib.util.spec_from_file_location("train_scorer", path)
    assert spec and spec.loader
    train_scorer = importlib.util.module_from_spec(spec)
    sys.modules["train_scorer"] = train_scorer  # its dataclasses look their module up
    spec.loader.exec_module(train_scorer)

    rng = np.random.default_rng(0)
    x = rng.random((2000, 3)).astype(np.float32)
    y = (x[:, 0] + x[:, 1] ** 2 + rng.normal(0, 0.2, 2000) > 0.9).astype(int)
    model = train_scorer.fit_additive(x, y, ("a", "b", "c"))
    reference = HistGradientBoostingClassifier(**train_scorer.BOOST).fit(x, y)
    assert np.abs(model(x) - reference.predict_proba(x)[:, 1]).max() < 1e-4


def test_blend_of_certain_parts_stays_finite() -> None:
    """Parts certain in float32 (a probability of exactly 1 or 0) blend to finite
    probabilities, with no warning: the blend averages log-odds, not probabilities."""
    import warnings

    from reader.align.scorer import Blend, Logistic

    sure = Logistic(("a",), np.zeros(1), np.ones(1), np.array([100.0]), 0.0)
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        p = Blend((sure, sure))(np.array([[1.0], [-1.0]], dtype=np.float32))
    assert np.isfinite(p).all() and p[0] > 0.99 and p[1] < 0.01
