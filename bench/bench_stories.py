"""Benchmark of story grouping: real folders with gold, a baseline, time and memory.

Run:
    python bench/bench_stories.py ecb DIR        # DIR: build_ecb.py's --out (topics 1-35 only)
    python bench/bench_stories.py mixed DIR      # DIR: mixed_stories.py's --out
    python bench/bench_stories.py scale [--stories 200 --versions 5]

`ecb` and `mixed` run `reader report --format json` on the folder (timed, end to end), score
its stories against the gold (event B-cubed precision / recall / F1, stories mixing two
events, events split; for `mixed`, wire files outside their story), and beside it the
baseline: TF-IDF (scikit-learn, sublinear tf) and average-linkage clustering on cosine
distance with a fixed threshold (`--baseline-threshold`); scikit-learn is a bench-only
dependency (the `bench` extra). ECB+ topics 36-45 are held out: never build them.

`scale` times `group_stories` alone on a synthetic folder (`--stories` x `--versions`
paraphrased versions) and prints how the time splits (evidence, candidates, clustering)
and the peak memory traced (tracemalloc) while grouping.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import time
import tracemalloc
from collections import defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

from synthetic_stories import build_corpus, scores  # noqa: E402


def bcubed(pred: dict[str, object], gold: dict[str, str]) -> dict[str, float]:
    """B-cubed precision, recall and F1 of `pred` against `gold` (missing items: alone)."""
    members: dict[object, list[str]] = defaultdict(list)
    truth: dict[str, list[str]] = defaultdict(list)
    for name in gold:
        members[pred.get(name, ("alone", name))].append(name)
        truth[gold[name]].append(name)
    p = r = 0.0
    for group in members.values():
        for name in group:
            same = sum(gold[m] == gold[name] for m in group)
            p += same / len(group)
            r += same / len(truth[gold[name]])
    p, r = p / len(gold), r / len(gold)
    return {"b3_p": round(p, 4), "b3_r": round(r, 4), "b3_f1": round(2 * p * r / (p + r), 4)}


def judge(groups: list[list[str]], docs: dict[str, dict[str, str]]) -> dict[str, object]:
    """The scores of a grouping (lists of file names) against the gold documents."""
    pred = {name: k for k, g in enumerate(groups) for name in g}
    gold = {name: d["subtopic"] for name, d in docs.items()}
    mixing = sum(1 for g in groups if len({gold[n] for n in g if n in gold}) > 1)
    spread: dict[str, set[object]] = defaultdict(set)
    for name, story in gold.items():
        spread[story].add(pred.get(name, name))
    result: dict[str, object] = {
        **bcubed(pred, gold),
        "stories": len(groups),
        "gold_stories": len(set(gold.values())),
        "stories_mixing_events": mixing,
        "events_split": sum(1 for s in spread.values() if len(s) > 1),
    }
    wires = [n for n, d in docs.items() if d.get("role") == "wire"]
    if wires:
        # A wire file is in its story when its group's largest gold story is its own and
        # the group holds at least one paper of it.
        home = {}
        for g in groups:
            counts: dict[str, int] = defaultdict(int)
            for n in g:
                counts[gold[n]] += 1
            top = max(counts, key=lambda s: counts[s])
            papers = {gold[n] for n in g if docs[n].get("role") == "paper"}
            for n in g:
                home[n] = gold[n] == top and gold[n] in papers
        result["wire_files"] = len(wires)
        result["wire_outside_story"] = sum(not home.get(n, False) for n in wires)
    return result


def baseline(folder: Path, names: list[str], threshold: float) -> list[list[str]]:
    """TF-IDF + average-linkage clustering (scikit-learn) over the files' raw text."""
    from sklearn.cluster import AgglomerativeClustering
    from sklearn.feature_extraction.text import TfidfVectorizer

    texts = [(folder / n).read_text(encoding="utf-8", errors="replace") for n in names]
    matrix = TfidfVectorizer(stop_words="english", sublinear_tf=True, min_df=1).fit_transform(texts)
    labels = AgglomerativeClustering(
        n_clusters=None, metric="cosine", linkage="average", distance_threshold=threshold
    ).fit_predict(matrix.toarray())
    groups: dict[int, list[str]] = defaultdict(list)
    for name, label in zip(names, labels, strict=True):
        groups[int(label)].append(name)
    return list(groups.values())


def gold_run(folder: Path, gold_file: Path, threshold: float) -> dict[str, object]:
    """`reader report` on the folder, timed and scored, and the baseline beside it."""
    docs = json.loads(gold_file.read_text(encoding="utf-8"))["docs"]
    reader = ROOT / ".venv" / "bin" / "reader"
    command = [str(reader) if reader.exists() else "reader", "report", str(folder)]
    t = time.perf_counter()
    done = subprocess.run(
        [*command, "--format", "json"], capture_output=True, text=True, check=False
    )
    seconds = time.perf_counter() - t
    if done.returncode:
        raise SystemExit(f"reader report failed: {done.stderr.strip()}")
    report = json.loads(done.stdout)
    groups = [
        [
            Path(a if isinstance(a, str) else a.get("name") or a.get("path")).name
            for a in s["articles"]
        ]
        for s in report["stories"]
    ]
    names = sorted(docs)
    return {
        "articles": len(docs),
        "reader": {**judge(groups, docs), "report_seconds": round(seconds, 1)},
        "baseline_tfidf_average_linkage": judge(baseline(folder, names, threshold), docs),
    }


def scale(stories: int, versions: int) -> dict[str, object]:
    """Time and peak memory of grouping alone on a synthetic folder."""
    from reader.story import cluster, evidence
    from reader.story.stories import group_stories

    articles, truth = build_corpus(stories, versions)
    t = time.perf_counter()
    texts = [evidence.article_text(a) for a in articles]
    vectors = evidence.vectorize(texts)
    t_evidence = time.perf_counter() - t
    t = time.perf_counter()
    edges = cluster.neighbours(vectors)
    t_candidates = time.perf_counter() - t
    t = time.perf_counter()
    cluster.average_linkage(len(articles), edges, threshold=0.12, cohesion=0.7, ceiling=0.4)
    t_cluster = time.perf_counter() - t
    t = time.perf_counter()
    found_stories = group_stories(articles)
    seconds = time.perf_counter() - t
    tracemalloc.start()  # a second run, traced: tracing slows it several times
    group_stories(articles)
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    index = {a.name: i for i, a in enumerate(articles)}
    found = [[index[n] for n in s.names] for s in found_stories]
    return {
        "articles": len(articles),
        "true_stories": stories,
        "stories_found": len(found_stories),
        "group_seconds": round(seconds, 2),
        "split_seconds": {
            "evidence": round(t_evidence, 2),
            "candidates": round(t_candidates, 2),
            "clustering": round(t_cluster, 2),
        },
        "candidate_pairs": len(edges),
        "all_pairs": len(articles) * (len(articles) - 1) // 2,
        "peak_traced_mb": round(peak / 2**20, 1),
        **scores(found, truth),
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("mode", choices=("ecb", "mixed", "scale"))
    parser.add_argument("dir", type=Path, nargs="?", help="build_ecb.py / mixed_stories.py --out")
    parser.add_argument("--baseline-threshold", type=float, default=0.85,
                        help="cosine distance at which the baseline stops merging")  # fmt: skip
    parser.add_argument("--stories", type=int, default=200)
    parser.add_argument("--versions", type=int, default=5)
    args = parser.parse_args(argv)
    if args.mode == "scale":
        print(json.dumps(scale(args.stories, args.versions)))
        return 0
    if args.dir is None:
        parser.error(f"{args.mode} needs the folder its builder wrote")
    folder, gold = (
        (args.dir / "ecb-dev", args.dir / "ecb-dev-gold.json")
        if args.mode == "ecb"
        else (args.dir / "mixed", args.dir / "mixed-gold.json")
    )
    print(json.dumps(gold_run(folder, gold, args.baseline_threshold)))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
