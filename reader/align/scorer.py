"""The learned pair scorer: the probability that two sentences say the same thing.

Owns turning features (`features.py`) into calibrated probabilities with the shipped
weights (`data/scorer.json`, plain numbers written by `bench/train_scorer.py`, which
reproduces them from public labelled data). Two models:

- *text*: the two sentences alone, an additive model of binned features (`Additive`:
  boosted one-split trees, summed per feature into step functions); trained on the MRPC
  paraphrase corpus (train split) and hand-annotated article sets. A step per feature
  lets a feature count differently in different ranges (a little word overlap says
  nothing, much says a lot; three shared names outweigh a low ratio) where one weight
  per feature could not;
- *link*: the text probability in context (neighbours, competing candidates, position),
  a logistic regression (`Logistic`); trained on the article sets.

numpy alone evaluates both (a sorted search and a table lookup per feature; a dot
product), so the training library is never imported at run time.
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


def _sigmoid(z: np.ndarray) -> np.ndarray:
    return 1.0 / (1.0 + np.exp(-np.clip(z, -30, 30)))


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
        return _sigmoid(self.log_odds(x))

    def log_odds(self, x: np.ndarray) -> np.ndarray:
        """The log-odds the probabilities are the sigmoid of."""
        # ((x - mean) / scale) @ coef + intercept, with the standardisation folded in.
        w = self.coef / self.scale
        return x @ w.astype(x.dtype) + (self.intercept - float(self.mean @ w))

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
class Additive:
    """A sum of step functions, one per feature, through a sigmoid.

    Feature `f` adds `values[f][k]`, where `k` counts the thresholds of `f` below the
    feature's value (`x <= thresholds[f][0]` gives `values[f][0]`): the form a boosted
    ensemble of one-split trees takes once the trees of each feature are summed.
    """

    names: tuple[str, ...]
    """Feature names, in column order."""
    thresholds: tuple[np.ndarray, ...]
    """Per feature, its split points in increasing order (possibly none)."""
    values: tuple[np.ndarray, ...]
    """Per feature, the log-odds it adds in each of its len(thresholds) + 1 ranges."""
    intercept: float
    """Log-odds before any feature."""

    def __call__(self, x: np.ndarray) -> np.ndarray:
        """Probabilities for feature rows `x` (any leading shape, last axis = features)."""
        return _sigmoid(self.log_odds(x))

    def log_odds(self, x: np.ndarray) -> np.ndarray:
        """The log-odds the probabilities are the sigmoid of."""
        z = np.full(x.shape[:-1], self.intercept, dtype=np.float64)
        for f, (cuts, steps) in enumerate(zip(self.thresholds, self.values, strict=True)):
            if len(cuts):
                z += steps[np.searchsorted(cuts, x[..., f], side="left")]
            else:
                z += steps[0]
        return z

    @classmethod
    def from_dict(cls, data: dict) -> Additive:
        """Read a model written by `to_dict`."""
        return cls(
            tuple(data["names"]),
            tuple(np.array(t, dtype=np.float64) for t in data["thresholds"]),
            tuple(np.array(v, dtype=np.float64) for v in data["values"]),
            float(data["intercept"]),
        )

    def to_dict(self) -> dict:
        """Plain numbers: the values rounded so the file is the same on every machine, the
        thresholds exact (they are feature values a pair can take; rounding one would move
        the pairs that sit on it to the other side)."""
        r = lambda v: [round(float(x), 6) for x in v]  # noqa: E731
        return {"kind": "additive", "names": list(self.names),
                "thresholds": [[float(x) for x in t] for t in self.thresholds],
                "values": [r(v) for v in self.values],
                "intercept": round(float(self.intercept), 6)}  # fmt: skip


@dataclass(frozen=True)
class Blend:
    """Several models of the same features, their log-odds averaged."""

    parts: tuple[Additive | Logistic, ...]
    """The models blended."""

    @property
    def names(self) -> tuple[str, ...]:
        """Feature names, in column order (those of every part)."""
        return self.parts[0].names

    def __call__(self, x: np.ndarray) -> np.ndarray:
        """Probabilities for feature rows `x` (any leading shape, last axis = features)."""
        return _sigmoid(self.log_odds(x))

    def log_odds(self, x: np.ndarray) -> np.ndarray:
        """The mean of the parts' log-odds (in float64 whatever the parts' type)."""
        return sum(np.asarray(part.log_odds(x), dtype=np.float64) for part in self.parts) / len(
            self.parts
        )

    @classmethod
    def from_dict(cls, data: dict) -> Blend:
        """Read a model written by `to_dict`."""
        return cls(tuple(_text_model(part) for part in data["parts"]))

    def to_dict(self) -> dict:
        """Plain numbers."""
        return {"kind": "blend", "parts": [part.to_dict() for part in self.parts]}


def _text_model(data: dict) -> Additive | Logistic | Blend:
    kind = data.get("kind")
    if kind == "blend":
        return Blend.from_dict(data)
    return Additive.from_dict(data) if kind == "additive" else Logistic.from_dict(data)


@dataclass(frozen=True)
class Model:
    """The two models and the decision settings learned with them."""

    text: Additive | Logistic | Blend
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
        text, link = _text_model(data["text"]), Logistic.from_dict(data["link"])
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
