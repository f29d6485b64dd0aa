"""The learned pair scorer: the probability that two sentences say the same thing.

Owns turning features (`features.py`) into calibrated probabilities with the shipped
weights (`data/scorer.json`, plain numbers written by `bench/train_scorer.py`, which
reproduces them from public labelled data). Two logistic models:

- *text*: the two sentences alone; trained on the MRPC paraphrase corpus (train split)
  and hand-annotated article sets;
- *link*: the text probability in context (neighbours, competing candidates, position);
  trained on the article sets.

Each is `sigmoid(((x - mean) / scale) @ coef + intercept)`; numpy alone evaluates them,
so the training library is never imported at run time.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources

import numpy as np

from reader.align.features import (
    CONTEXT_FEATURES,
    TEXT_FEATURES,
    context_features,
    text_features,
)
from reader.align.terms import Terms


@dataclass(frozen=True)
class Logistic:
    """A logistic regression over standardised features."""

    names: tuple[str, ...]
    """Feature names, in column order."""
    mean: np.ndarray
    """Per-feature mean subtracted before weighing."""
    scale: np.ndarray
    """Per-feature scale divided by before weighing."""
    coef: np.ndarray
    """Weights."""
    intercept: float
    """Bias."""

    def __call__(self, x: np.ndarray) -> np.ndarray:
        """Probabilities for feature rows `x` (any leading shape, last axis = features)."""
        # ((x - mean) / scale) @ coef + intercept, with the standardisation folded in.
        w = self.coef / self.scale
        z = x @ w.astype(x.dtype) + (self.intercept - float(self.mean @ w))
        return 1.0 / (1.0 + np.exp(-np.clip(z, -30, 30)))

    @classmethod
    def from_dict(cls, data: dict) -> Logistic:
        """Read a model written by `to_dict`."""
        return cls(
            tuple(data["names"]),
            np.array(data["mean"], dtype=np.float64),
            np.array(data["scale"], dtype=np.float64),
            np.array(data["coef"], dtype=np.float64),
            float(data["intercept"]),
        )

    def to_dict(self) -> dict:
        """Plain numbers, rounded so the file is the same on every machine."""
        r = lambda v: [round(float(x), 6) for x in v]  # noqa: E731
        return {"names": list(self.names), "mean": r(self.mean), "scale": r(self.scale),
                "coef": r(self.coef), "intercept": round(float(self.intercept), 6)}  # fmt: skip


@dataclass(frozen=True)
class Model:
    """The two models and the decision settings learned with them."""

    text: Logistic
    """Probability from the two sentences alone."""
    link: Logistic
    """Probability in context."""
    link_threshold: float
    """Probability a pair needs to be linked."""
    merge_threshold: float
    """Probability a neighbouring sentence needs to join a link (one-to-two)."""
    text_floor: float = 0.0
    """Text probability a pair needs whatever its context: neighbours and the lack of
    competitors never make two unrelated sentences one."""
    gap_threshold: float = 1.0
    """Probability enough for a pair that is the best left for both its sentences and sits
    in order between two links: order vouches for it (a rewritten lede, a paraphrased
    quote boxed in by matching neighbours)."""

    @classmethod
    def from_dict(cls, data: dict) -> Model:
        """Read the shipped data file's contents."""
        text, link = Logistic.from_dict(data["text"]), Logistic.from_dict(data["link"])
        if text.names != TEXT_FEATURES or link.names != CONTEXT_FEATURES:
            raise ValueError("scorer weights do not match the features of this version")
        return cls(text, link, float(data["link_threshold"]), float(data["merge_threshold"]),
                   float(data.get("text_floor", 0.0)), float(data.get("gap_threshold", 1.0)))  # fmt: skip

    def to_dict(self) -> dict:
        """Plain numbers for the data file."""
        return {"text": self.text.to_dict(), "link": self.link.to_dict(),
                "link_threshold": self.link_threshold, "merge_threshold": self.merge_threshold,
                "text_floor": self.text_floor, "gap_threshold": self.gap_threshold}  # fmt: skip


@lru_cache(maxsize=1)
def shipped_model() -> Model:
    """The model shipped with the package (`reader/align/data/scorer.json`)."""
    raw = resources.files("reader.align").joinpath("data/scorer.json").read_text("utf-8")
    return Model.from_dict(json.loads(raw))


def probabilities(
    left: Sequence[Terms], right: Sequence[Terms], model: Model | None = None
) -> tuple[np.ndarray, np.ndarray]:
    """Text and link probabilities of every sentence pair of two texts.

    Args:
        left: Terms of the left sentences.
        right: Terms of the right sentences.
        model: The weights (default: the shipped ones).

    Returns:
        (text probabilities, link probabilities), each of shape (len(left), len(right)).
    """
    model = model or shipped_model()
    p_text = model.text(text_features(left, right))
    return p_text, model.link(context_features(p_text))
