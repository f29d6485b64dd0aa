"""Synthetic folders for story grouping (used by bench_stories.py scale and the tests).

Generates a deterministic folder's worth of synthetic articles: `stories` stories, each
with its own random vocabulary (people, places, topic words, numbers) plus two of 30
names every story may mention, told in 12-20 sentences of random words mixing function
words, a shared generic vocabulary (about 70%) and the story's own words; then `versions`
versions per story with paraphrase-like edits: sentences dropped, neighbours swapped,
synonyms, adjacent words swapped, some figures changed, and generic filler sentences
("The government did not respond to a request for comment.") that every story may carry.
`scores` gives purity, inverse purity and pairwise precision / recall / F1 against the
true stories.
"""

from __future__ import annotations

import random
import sys
from collections import Counter
from itertools import combinations
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from reader.core.model import Article, Metadata  # noqa: E402
from reader.ingest.segment import segment  # noqa: E402

SYLLABLES = "ka lo mi ra ten vo su ba del an or ix po ru sha ne fi gor lin mar tu ze hal bo".split()  # noqa: SIM905
FUNCTION = "the of in and to a on for that with was by as at from said has had is were it".split()  # noqa: SIM905
GENERIC = """government officials week report city police minister people country year talks
plan company market state leaders support group days statement spokesperson forces crisis
region office program council deal agency public local national security economy prices
health workers residents election party court law investigation budget meeting families
months official capital border members share increase decision response pressure
""".split()  # noqa: SIM905 - a word list reads better as text
FILLER = [
    "The situation remained tense on the ground, witnesses said.",
    "It was not immediately clear how many people were involved.",
    "The government did not respond to a request for comment.",
    "More details are expected in the coming days.",
    "The announcement was welcomed by several business groups.",
]
SYNONYMS = {"said": "stated", "people": "residents", "officials": "authorities",
            "week": "days", "plan": "proposal", "talks": "negotiations", "report": "study",
            "leaders": "chiefs", "support": "backing", "crisis": "emergency"}  # fmt: skip
FAMOUS = 30
"""Names in the news everywhere: any story may mention one or two of them."""


def _word(rng: random.Random, parts: int) -> str:
    return "".join(rng.choice(SYLLABLES) for _ in range(parts))


def _story(rng: random.Random, famous: list[str]) -> list[str]:
    """One story's sentences, from its own vocabulary and the shared one."""
    own = [f"{_word(rng, 2).title()} {_word(rng, 3).title()}" for _ in range(4)]
    own += [_word(rng, 3).title() for _ in range(3)]
    own += [_word(rng, 2) + rng.choice(["ation", "ment", "ity", "ance", "ure"]) for _ in range(10)]
    own += [f"{rng.randint(2, 950):,}" for _ in range(4)]
    own += rng.sample(famous, 2)
    sentences = []
    for _ in range(rng.randint(12, 20)):
        words = []
        for _ in range(rng.randint(10, 22)):
            r = rng.random()
            pool = FUNCTION if r < 0.35 else GENERIC if r < 0.72 else own
            words.append(rng.choice(pool))
        sentences.append(" ".join(words).capitalize() + ".")
    return sentences


def build_corpus(stories: int, versions: int, seed: int = 7) -> tuple[list[Article], list[int]]:
    """The synthetic articles and, for each, the index of its true story."""
    rng = random.Random(seed)
    famous = [f"{_word(rng, 2).title()} {_word(rng, 2).title()}" for _ in range(FAMOUS)]
    articles: list[Article] = []
    truth: list[int] = []
    for k in range(stories):
        base = _story(rng, famous)
        for v in range(versions):
            text = _version(rng, base)
            seg = segment(text)
            articles.append(Article(Path(f"s{k:03d}_v{v}.txt"), text, Metadata(),
                                    seg.paragraphs, seg.sentences, seg.boilerplate))  # fmt: skip
            truth.append(k)
    order = list(range(len(articles)))
    rng.shuffle(order)  # the folder's order says nothing about the stories
    return [articles[i] for i in order], [truth[i] for i in order]


def _version(rng: random.Random, base: list[str]) -> str:
    """A paraphrase-like version: sentences dropped and swapped, synonyms, word swaps,
    figures changed, generic filler sentences added."""
    sentences = [s for s in base if rng.random() > 0.2] or base[:3]
    for _ in range(2):
        i = rng.randrange(max(1, len(sentences) - 1))
        sentences[i : i + 2] = sentences[i : i + 2][::-1]
    out = []
    for s in sentences:
        words = s.split()
        for i, w in enumerate(words):
            if w in SYNONYMS and rng.random() < 0.5:
                words[i] = SYNONYMS[w]
        for _ in range(rng.choice((0, 0, 1, 2))):
            i = rng.randrange(1, len(words) - 2)
            words[i], words[i + 1] = words[i + 1], words[i]
        if rng.random() < 0.1:
            words = [str(rng.randint(2, 99)) if w.replace(",", "").isdigit() else w for w in words]
        out.append(" ".join(words))
    for _ in range(rng.randint(0, 2)):
        out.insert(rng.randrange(len(out) + 1), rng.choice(FILLER))
    return "Headline of the version\n\n" + "\n\n".join(out) + "\n"


def scores(found: list[list[int]], truth: list[int]) -> dict[str, float]:
    """Purity, inverse purity and pairwise precision / recall / F1 of a grouping."""
    n = len(truth)
    purity = sum(Counter(truth[i] for i in g).most_common(1)[0][1] for g in found) / n
    cluster_of = {i: c for c, g in enumerate(found) for i in g}
    by_truth: dict[int, list[int]] = {}
    for i, t in enumerate(truth):
        by_truth.setdefault(t, []).append(i)
    inverse = sum(Counter(cluster_of[i] for i in g).most_common(1)[0][1]
                  for g in by_truth.values()) / n  # fmt: skip
    predicted = {p for g in found for p in combinations(sorted(g), 2)}
    actual = {p for g in by_truth.values() for p in combinations(sorted(g), 2)}
    hit = len(predicted & actual)
    precision = hit / len(predicted) if predicted else 1.0
    recall = hit / len(actual) if actual else 1.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return {"purity": round(purity, 4), "inverse_purity": round(inverse, 4),
            "pair_precision": round(precision, 4), "pair_recall": round(recall, 4),
            "pair_f1": round(f1, 4)}  # fmt: skip
