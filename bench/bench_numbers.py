"""Number discrepancies found when the alignment is right: extraction and pairing alone.

    python bench/bench_numbers.py CORPORA [-v]

CORPORA is the folder `shared/eval/corpora/fetch.sh` and `shared/eval/dev/make_dev.py`
fill; its `dev/` holds the hand-annotated sets (`*/gold.json`). The seed gold
(`tests/data/seeds_gold.json` over `tests/data/seeds/`) is measured too.

The end-to-end figure (`score_pairs.py`) also needs the aligner to link the right sentences;
this bench takes alignment out of the measure. For every pair of articles (i < j, as the
scorer orders them) and every gold unit both carry with relation verbatim|rewrite, the two
gold unit texts are compared as one aligned row: `extract_numbers` on each (the '#'-for-£
reading decided from the whole article file, as `compare` decides it) and
`compare_numbers` between them. Counted as the shared scorer counts (`value_of`):

- recall: gold discrepancies (differs=true, the two values differ by `value_of`) for which
  a differing pair with those two values comes out;
- false alarms: differing pairs whose two values are equal by `value_of`;
- stray flags (stricter): differing pairs that match no gold discrepancy of that unit and
  pair, e.g. two different quantities paired, or a consistent pair ("more than 200" vs 240)
  flagged;
- gold discrepancies the scorer cannot value (weekday names) are listed apart.
"""

from __future__ import annotations

import argparse
import itertools
import json
import sys
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from reader.align.numpair import compare_numbers  # noqa: E402
from reader.core.model import NumberDiff  # noqa: E402
from reader.ingest.article import load_article  # noqa: E402
from reader.ingest.numbers import extract_numbers, hash_is_pound  # noqa: E402
from tests.core.score_pairs import value_of  # noqa: E402

SEEDS_GOLD = ROOT / "tests" / "data" / "seeds_gold.json"
SEEDS = ROOT / "tests" / "data" / "seeds"
LINKED = ("verbatim", "rewrite")


@dataclass
class Tally:
    """Counts for one set (or all)."""

    gold: int = 0
    found: int = 0
    flags: int = 0
    false: int = 0
    stray: int = 0
    unscored_gold: int = 0
    unscored_found: int = 0
    lines: list[str] = field(default_factory=list)

    def add(self, other: Tally) -> None:
        for k in ("gold", "found", "flags", "false", "stray", "unscored_gold", "unscored_found"):
            setattr(self, k, getattr(self, k) + getattr(other, k))

    def row(self, name: str) -> str:
        recall = self.found / self.gold if self.gold else float("nan")
        return (
            f"{name:<28} {self.gold:>4} {self.found:>5} {recall:>6.3f} {self.flags:>5} "
            f"{self.false:>6} {self.stray:>5}   {self.unscored_found}/{self.unscored_gold}"
        )


def _squash(s: str) -> str:
    return " ".join(s.lower().split())


def _matches(d: NumberDiff, va: str, vb: str) -> bool:
    """A flagged pair is this gold discrepancy: equal values, or (no value) the same words."""
    x, y = value_of(va), value_of(vb)
    if x is not None and y is not None:
        return value_of(d.left.text) == x and value_of(d.right.text) == y
    return _squash(d.left.text) in _squash(va) and _squash(d.right.text) in _squash(vb)


def _differ(va: str, vb: str) -> bool:
    """Two gold values differ: by `value_of`, or (neither valued) by their words."""
    x, y = value_of(va), value_of(vb)
    if x is None and y is None:
        return _squash(va) != _squash(vb)
    return x != y


def score_set(gold: dict, folder: Path, verbose: bool) -> Tally:
    """Compare every gold unit two articles share, as one aligned row."""
    t = Tally()
    ids = list(gold["articles"])
    pound = {a: hash_is_pound(load_article(folder / gold["articles"][a]).text) for a in ids}
    relation = {
        (u["id"], k): r for u in gold["units"] for k, r in (u.get("relation") or {}).items()
    }
    for a, b in itertools.combinations(ids, 2):
        key = f"{a}-{b}"
        for u in gold["units"]:
            ta, tb = u["texts"].get(a), u["texts"].get(b)
            if not (ta and tb and relation.get((u["id"], key)) in LINKED):
                continue
            left = extract_numbers(ta, hash_pound=pound[a])
            right = extract_numbers(tb, hash_pound=pound[b])
            flagged = [d for d in compare_numbers(left, ta, right, tb) if d.differs]
            wanted = [
                (n["values"][a], n["values"][b])
                for n in gold["numbers"]
                if n["unit"] == u["id"] and n.get("differs") and n["values"].get(a)
                and n["values"].get(b)
            ]  # fmt: skip
            # A quantity that differs among the outlets may still agree between these two.
            wanted = [(va, vb) for va, vb in wanted if _differ(va, vb)]
            for va, vb in wanted:
                scored = value_of(va) != value_of(vb)
                hit = any(_matches(d, va, vb) for d in flagged)
                if scored:
                    t.gold, t.found = t.gold + 1, t.found + hit
                else:
                    t.unscored_gold, t.unscored_found = t.unscored_gold + 1, t.unscored_found + hit
                if not hit:
                    t.lines.append(f"  MISSED {key} {u['id']}: {va!r} vs {vb!r}")
            for d in flagged:
                t.flags += 1
                x = value_of(d.left.text)
                if x is not None and x == value_of(d.right.text):
                    t.false += 1
                    t.lines.append(f"  FALSE {key} {u['id']}: {d.left.text!r} vs {d.right.text!r}")
                if not any(_matches(d, va, vb) for va, vb in wanted):
                    t.stray += 1
                    t.lines.append(f"  STRAY {key} {u['id']}: {d.left.text!r} vs {d.right.text!r}")
    if verbose:
        print("\n".join(t.lines))
    return t


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("corpora", type=Path, help="folder holding dev/*/gold.json")
    ap.add_argument("-v", "--verbose", action="store_true", help="list misses and flags")
    args = ap.parse_args()
    sets = sorted(p for p in (args.corpora / "dev").iterdir() if (p / "gold.json").is_file())
    if not sets:
        print(f"no dev/*/gold.json under {args.corpora}", file=sys.stderr)
        return 2
    print(f"{'set':<28} gold found recall flags false stray   unscored found/gold")
    seeds = score_set(json.loads(SEEDS_GOLD.read_text("utf-8")), SEEDS, args.verbose)
    print(seeds.row("seeds"))
    total = Tally()
    for folder in sets:
        t = score_set(json.loads((folder / "gold.json").read_text("utf-8")), folder, args.verbose)
        print(t.row(folder.name))
        total.add(t)
    print(total.row("dev overall"))
    total.add(seeds)
    print(total.row("all"))
    return 0


if __name__ == "__main__":
    sys.exit(main())
