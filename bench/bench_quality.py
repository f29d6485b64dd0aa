"""Alignment quality on the seed gold and the development sets, beside a greedy baseline.

    python bench/bench_quality.py CORPORA [--gold-only]

CORPORA is the folder `shared/eval/corpora/fetch.sh` and `shared/eval/dev/make_dev.py`
fill; its `dev/` holds the hand-annotated sets. Prints, per set and overall, the shared
scorer's figures (`tests/core/score_pairs.py`, a copy of `shared/eval/score_pairs.py`) for

- `reader compare` (run in process: the same code as the command, without start-up), and
- the greedy baseline: rapidfuzz `token_set_ratio` between every pair of our body
  sentences, pairs taken best first, one-to-one, above 50 (a twenty-line script's worth);

then the pair scorer's ROC AUC on the MRPC test split beside `token_sort_ratio` alone.
Targets (issue 11): link F1 >= 0.85 over the dev sets and >= 0.75 on each; seeds >= 0.92;
boilerplate P and R >= 0.95; missing-sentence precision >= 0.85; number recall >= 0.75
with no false alarm.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from rapidfuzz import fuzz, process  # noqa: E402

from reader.align.compare import compare  # noqa: E402
from reader.core.model import Article  # noqa: E402
from reader.output.comparison import to_json  # noqa: E402
from reader.ingest.article import load_article  # noqa: E402
from tests.core import score_pairs  # noqa: E402

SEEDS_GOLD = ROOT / "tests" / "data" / "seeds_gold.json"
SEEDS = ROOT / "tests" / "data" / "seeds"
COLUMNS = ("link_f1", "link_precision", "link_recall", "missing_precision", "missing_recall",
           "boilerplate_precision", "boilerplate_recall", "number_recall",
           "number_false_alarms")  # fmt: skip


def greedy(left: Article, right: Article) -> dict:
    """The baseline's comparison, in the shape `score_pairs` reads."""
    ls, rs = left.sentences, right.sentences
    pairs = []
    if ls and rs:
        m = process.cdist([s.norm for s in ls], [s.norm for s in rs], scorer=fuzz.token_set_ratio)
        cells = sorted(((float(m[i, j]), i, j) for i in range(len(ls)) for j in range(len(rs))
                        if m[i, j] > 50), reverse=True)  # fmt: skip
        used_l: set[int] = set()
        used_r: set[int] = set()
        for _, i, j in cells:
            if i not in used_l and j not in used_r:
                used_l.add(i)
                used_r.add(j)
                pairs.append((i, j))
    span = lambda a, s: {"start": s.start, "end": s.end, "text": a.text[s.start : s.end]}  # noqa: E731
    rows = [{"kind": "changed", "left": [span(left, ls[i])], "right": [span(right, rs[j])],
             "numbers": []} for i, j in pairs]  # fmt: skip
    linked_l, linked_r = {i for i, _ in pairs}, {j for _, j in pairs}
    rows += [{"kind": "left_only", "left": [span(left, s)], "right": []}
             for i, s in enumerate(ls) if i not in linked_l]  # fmt: skip
    rows += [{"kind": "right_only", "left": [], "right": [span(right, s)]}
             for j, s in enumerate(rs) if j not in linked_r]  # fmt: skip
    bp = lambda a: [{"start": b.start, "end": b.end, "text": a.text[b.start : b.end]}  # noqa: E731
                    for b in a.boilerplate]  # fmt: skip
    return {"rows": rows, "boilerplate": {"left": bp(left), "right": bp(right)}}


def score_set(gold_path: Path, folder: Path, comparer) -> dict:
    """The shared scorer's figures for one gold set, comparing in process."""
    cache: dict[str, Article] = {}

    def run(_cmd: str, left: Path, right: Path) -> tuple[dict, float]:
        t = time.perf_counter()
        a, b = (cache.setdefault(str(p), load_article(p)) for p in (left, right))
        return comparer(a, b), time.perf_counter() - t

    original = score_pairs.run_compare
    score_pairs.run_compare = run
    try:
        return score_pairs.score(json.loads(gold_path.read_text("utf-8")), folder, "in-process")
    finally:
        score_pairs.run_compare = original


def ours(left: Article, right: Article) -> dict:
    return to_json(compare(left, right))


def table(title: str, results: dict[str, dict]) -> None:
    print(f"\n{title}")
    print(f"  {'set':28s} " + " ".join(f"{c[:14]:>14s}" for c in COLUMNS))
    for name, r in results.items():
        cells = " ".join(f"{r[c]:>14}" for c in COLUMNS)
        print(f"  {name:28s} {cells}")


def pooled(results: list[dict]) -> dict:
    agg: dict = {}
    for r in results:
        for k, v in r["_tot"].items():
            agg[k] = agg.get(k, 0) + v
    return score_pairs.summarise(agg)


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("corpora", type=Path, help="folder holding dev/ (and msrp/ for the AUC)")
    a = ap.parse_args()
    sets = sorted(p for p in (a.corpora / "dev").iterdir() if (p / "gold.json").exists())
    if not sets:
        print(f"{a.corpora / 'dev'}: no development sets (see shared/eval/corpora/README.md)")
        return 2
    summary = {}
    for label, comparer in (("reader compare", ours), ("greedy token_set_ratio baseline", greedy)):
        t = time.perf_counter()
        seeds = score_set(SEEDS_GOLD, SEEDS, comparer)
        dev = {p.name: score_set(p / "gold.json", p, comparer) for p in sets}
        rows = {"seeds": seeds, **dev, "dev (all, pooled)": pooled(list(dev.values()))}
        table(f"{label} ({time.perf_counter() - t:.1f} s)", rows)
        summary[label] = {"seeds_f1": seeds["link_f1"], "dev_f1": rows["dev (all, pooled)"]["link_f1"],
                          "dev_min_set_f1": min(r["link_f1"] for r in dev.values())}  # fmt: skip
    msrp = a.corpora / "msrp" / "msr_paraphrase_test.txt"
    if msrp.exists():
        from train_scorer import mrpc_auc

        summary["mrpc_test_auc"] = mrpc_auc(msrp)
    print()
    print(json.dumps(summary))
    return 0


if __name__ == "__main__":
    sys.path.insert(0, str(Path(__file__).parent))
    sys.exit(main())
