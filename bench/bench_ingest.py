"""How well ingestion finds the article body, on the development sets and on all of METER.

    python bench/bench_ingest.py CORPORA [--meter-list N]

CORPORA is the folder `shared/eval/corpora/fetch.sh` and `shared/eval/dev/make_dev.py`
fill. Prints

- per seed file (tests/data) and development file (`dev/*/gold.json` and its articles):
  the share of gold body characters (the gold unit texts, outside gold boilerplate) that
  our body sentences cover, and the boilerplate precision and recall (characters, blanks
  not counted) against the gold boilerplate, as `shared/eval/score_pairs.py` counts them;
- over the METER corpus (`meter/manifest.tsv`, every file): how many files come out with an
  empty or mostly-boilerplate body (the files `load_article` gives a notice), how many files
  fail to load, and the number of body sentences per file.

Target (issue 11): every wire file of the dev sets (`dev-meter-*/pa.txt`) covers >= 95% of its
gold body characters; boilerplate P and R >= 0.95.
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from reader.core.errors import ReaderError  # noqa: E402
from reader.ingest.article import load_article  # noqa: E402
from reader.ingest.boilerplate import thin_body  # noqa: E402

COVERAGE_TARGET = 0.95


def _mask(text: str, spans: list[tuple[int, int]]) -> bytearray:
    mask = bytearray(len(text))
    for a, b in spans:
        mask[a:b] = b"\x01" * (b - a)
    return mask


def _find_all(text: str, pieces: list[str]) -> list[tuple[int, int]]:
    out = []
    for piece in pieces:
        k = text.find(piece)
        if k >= 0:
            out.append((k, k + len(piece)))
    return out


def dev_file(path: Path, units: list[str], boiler: list[str]) -> dict:
    """Coverage and boilerplate figures of one development file."""
    article = load_article(path)
    text = article.text
    visible = [not c.isspace() for c in text]
    gold_bp = _mask(text, _find_all(text, boiler))
    gold_body = _mask(text, _find_all(text, units))
    ours_body = _mask(text, [(s.start, s.end) for s in article.sentences])
    ours_bp = _mask(text, [(b.start, b.end) for b in article.boilerplate])
    body = [i for i in range(len(text)) if gold_body[i] and not gold_bp[i] and visible[i]]
    covered = sum(1 for i in body if ours_body[i])
    bp_gold = sum(1 for i in range(len(text)) if gold_bp[i] and visible[i])
    bp_pred = sum(1 for i in range(len(text)) if ours_bp[i] and visible[i])
    bp_hit = sum(1 for i in range(len(text)) if gold_bp[i] and ours_bp[i] and visible[i])
    return {
        "body_chars": len(body),
        "covered": covered,
        "coverage": covered / len(body) if body else 1.0,
        "bp_gold": bp_gold,
        "bp_pred": bp_pred,
        "bp_hit": bp_hit,
        "sentences": len(article.sentences),
        "notices": list(article.notices),
    }


SEEDS = ROOT / "tests" / "data"


def dev_table(corpora: Path) -> bool:
    """Print the per-file table; True when every wire file meets the coverage target."""
    sets = sorted(p for p in (corpora / "dev").iterdir() if (p / "gold.json").exists())
    sets.insert(0, SEEDS)  # the seeds: gold beside their folder, not inside it
    print(f"{'file':40s} {'body':>6s} {'covered':>8s} {'bp P':>6s} {'bp R':>6s} {'sent':>5s}")
    ok = True
    tot = {"body_chars": 0, "covered": 0, "bp_gold": 0, "bp_pred": 0, "bp_hit": 0}
    for folder in sets:
        if folder == SEEDS:
            gold = json.loads((SEEDS / "seeds_gold.json").read_text("utf-8"))
            where = SEEDS / "seeds"
        else:
            gold = json.loads((folder / "gold.json").read_text("utf-8"))
            where = folder
        for aid, name in sorted(gold["articles"].items()):
            units = [u["texts"][aid] for u in gold["units"] if u["texts"].get(aid)]
            r = dev_file(where / name, units, gold["boilerplate"].get(aid, []))
            for k in tot:
                tot[k] += r[k]
            p = r["bp_hit"] / r["bp_pred"] if r["bp_pred"] else 1.0
            rec = r["bp_hit"] / r["bp_gold"] if r["bp_gold"] else 1.0
            wire = folder.name.startswith("dev-meter") and name == "pa.txt"
            flag = ""
            if wire and r["coverage"] < COVERAGE_TARGET:
                ok, flag = False, "  < target"
            label = f"{where.name}/{name}"[:40]
            print(f"{label:40s} {r['body_chars']:6d} {r['coverage']:8.3f} {p:6.3f} {rec:6.3f} "
                  f"{r['sentences']:5d}{flag}")  # fmt: skip
            for notice in r["notices"]:
                print(f"    notice: {notice}")
    coverage = tot["covered"] / max(1, tot["body_chars"])
    p, rec = tot["bp_hit"] / max(1, tot["bp_pred"]), tot["bp_hit"] / max(1, tot["bp_gold"])
    label = "all seed and dev files"
    print(f"{label:40s} {tot['body_chars']:6d} {coverage:8.3f} {p:6.3f} {rec:6.3f}")
    return ok


def meter_scan(corpora: Path, show: int) -> None:
    """Load every METER file; count thin bodies and failures."""
    meter = corpora / "meter"
    manifest = meter / "manifest.tsv"
    if not manifest.exists():
        print(f"\n{manifest}: missing; METER scan skipped")
        return
    rows = [line.split("\t") for line in manifest.read_text("utf-8").splitlines()[1:] if line]
    thin: list[tuple[str, str, str]] = []
    failed: list[tuple[str, str]] = []
    counts: dict[str, list[int]] = {}
    t = time.perf_counter()
    for row in rows:
        path, role = row[0], row[1]
        try:
            article = load_article(meter / path)
        except ReaderError as error:
            failed.append((path, error.message))
            continue
        counts.setdefault(role, []).append(len(article.sentences))
        reason = thin_body(article.text, len(article.sentences), article.boilerplate)
        if reason:
            thin.append((path, role, reason))
    elapsed = time.perf_counter() - t
    print(f"\nMETER: {len(rows)} files in {elapsed:.1f} s (timing disturbed by a shared machine)")
    for role, n in sorted(counts.items()):
        print(f"  {role:10s} {len(n):5d} files, body sentences per file: median "
              f"{statistics.median(n):.0f}, min {min(n)}, max {max(n)}")  # fmt: skip
    print(f"  empty or mostly-boilerplate body: {len(thin)} files; failed to load: {len(failed)}")
    for path, role, reason in thin[:show]:
        print(f"    {role:10s} {path}: {reason}")
    for path, message in failed[:show]:
        print(f"    failed {path}: {message}")


def main() -> int:
    ap = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    ap.add_argument("corpora", type=Path, help="folder holding dev/ and meter/")
    ap.add_argument("--meter-list", type=int, default=20, metavar="N",
                    help="list at most N thin or failed METER files (default 20)")  # fmt: skip
    a = ap.parse_args()
    if not (a.corpora / "dev").is_dir():
        print(f"{a.corpora / 'dev'}: no development sets (see shared/eval/corpora/README.md)")
        return 2
    ok = dev_table(a.corpora)
    meter_scan(a.corpora, a.meter_list)
    print(f"\nwire files at >= {COVERAGE_TARGET:.0%} body coverage: {'yes' if ok else 'NO'}")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
