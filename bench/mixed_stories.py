"""Build a mixed folder for story grouping from the development corpora, with its gold.

Run: python bench/mixed_stories.py --corpora ~/.cache/reader-corpora --ecb DIR --out DIR

Picks, deterministically (seeded), `--meter` METER stories that have wire copy and at least
two papers (every file of the story: wire versions and papers; gold story = story_id),
`--basil` BASIL events (the three outlets' articles, title and paragraphs as text; gold =
the triplet), and `--ecb` ECB+ events from the *development* folder built by
build_ecb.py (topics 1-35 only; gold = sub-topic): both events of each topic picked, so
siblings are in the folder together. Writes OUT/mixed/NNNN.txt under neutral names and
OUT/mixed-gold.json ({"docs": {name: {"subtopic": story, "role": "wire"|"paper"|...}}}),
the shape score_stories.py reads. Nothing is copied into the repository.
"""

from __future__ import annotations

import argparse
import ast
import csv
import json
import random
import shutil
from collections import defaultdict
from pathlib import Path

SEED = 12


def _meter(corpora: Path, stories: int, rng: random.Random) -> list[tuple[str, str, str]]:
    rows = list(csv.DictReader((corpora / "meter" / "manifest.tsv").open(), delimiter="\t"))
    by_story: dict[str, list[dict[str, str]]] = defaultdict(list)
    for row in rows:
        by_story[row["story_id"]].append(row)
    eligible = sorted(
        s
        for s, rs in by_story.items()
        if any(r["role"] == "PA" for r in rs) and sum(r["role"] != "PA" for r in rs) >= 2
    )
    out = []
    for s in rng.sample(eligible, min(stories, len(eligible))):
        for r in by_story[s]:
            text = (corpora / "meter" / r["path"]).read_bytes().decode("latin-1")
            out.append((text, "meter:" + s, "wire" if r["role"] == "PA" else "paper"))
    return out


def _basil(corpora: Path, events: int, rng: random.Random) -> list[tuple[str, str, str]]:
    files = sorted((corpora / "basil" / "articles").glob("*/*.json"))
    by_event: dict[str, list[Path]] = defaultdict(list)
    for f in files:
        by_event[f.stem.rsplit("_", 1)[0]].append(f)
    out = []
    for event in rng.sample(sorted(by_event), min(events, len(by_event))):
        for f in by_event[event]:
            doc = json.loads(f.read_text(encoding="utf-8"))
            paragraphs = doc.get("body-paragraphs") or "[]"
            if isinstance(paragraphs, str):
                paragraphs = ast.literal_eval(paragraphs)
            body = "\n\n".join(" ".join(p) if isinstance(p, list) else str(p) for p in paragraphs)
            out.append((f"{doc.get('title', '')}\n\n{body}\n", "basil:" + event, "paper"))
    return out


def _ecb(ecb: Path, topics: int, rng: random.Random) -> list[tuple[str, str, str]]:
    gold = json.loads((ecb / "ecb-dev-gold.json").read_text(encoding="utf-8"))["docs"]
    chosen = rng.sample(sorted({d["topic"] for d in gold.values()}), topics)
    return [
        ((ecb / "ecb-dev" / name).read_text(encoding="utf-8"), "ecb:" + d["subtopic"], "paper")
        for name, d in sorted(gold.items())
        if d["topic"] in chosen
    ]


def build(corpora: Path, ecb: Path, out: Path, meter: int, basil: int, topics: int) -> dict:
    """Write the mixed folder and its gold; return the gold."""
    rng = random.Random(SEED)
    docs = _meter(corpora, meter, rng) + _basil(corpora, basil, rng) + _ecb(ecb, topics, rng)
    rng.shuffle(docs)
    folder = out / "mixed"
    shutil.rmtree(folder, ignore_errors=True)
    folder.mkdir(parents=True)
    gold = {}
    for k, (text, story, role) in enumerate(docs, 1):
        name = f"{k:04d}.txt"
        (folder / name).write_text(text, encoding="utf-8")
        gold[name] = {"subtopic": story, "topic": story.split(":")[0], "role": role}
    result = {"about": "mixed dev folder: METER (wire + papers), BASIL, ECB+ 1-35", "docs": gold}
    (out / "mixed-gold.json").write_text(json.dumps(result, indent=1), encoding="utf-8")
    return result


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--corpora", type=Path, required=True)
    parser.add_argument("--ecb", type=Path, required=True, help="build_ecb.py's --out folder")
    parser.add_argument("--out", type=Path, required=True)
    parser.add_argument("--meter", type=int, default=12, help="METER stories")
    parser.add_argument("--basil", type=int, default=12, help="BASIL events")
    parser.add_argument("--topics", type=int, default=4, help="ECB+ topics (two events each)")
    args = parser.parse_args(argv)
    gold = build(args.corpora, args.ecb, args.out, args.meter, args.basil, args.topics)
    stories = {d["subtopic"] for d in gold["docs"].values()}
    print(f"{len(gold['docs'])} articles, {len(stories)} stories in {args.out / 'mixed'}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
