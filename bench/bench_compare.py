"""Benchmarks of the comparison engine (run: python bench/bench_compare.py).

1. One whole `reader compare` process on two long articles (>= 400 sentences each) against
   a plain script that only splits the same files into sentences and computes rapidfuzz's
   token_set_ratio matrix (bench/baseline_split_cdist.py). Target: <= 2x its time.
2. Loading and segmenting the whole data/ folder in one process.
Medians of several runs; prints a JSON line with the figures.
"""

from __future__ import annotations

import json
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).parent
ROOT = HERE.parent
sys.path.insert(0, str(HERE))

from make_long import build  # noqa: E402


def timed(argv: list[str], runs: int = 5) -> float:
    times = []
    for _ in range(runs):
        t = time.perf_counter()
        subprocess.run(argv, check=True, capture_output=True)
        times.append(time.perf_counter() - t)
    return statistics.median(times)


def main() -> int:
    with tempfile.TemporaryDirectory() as tmp:
        left, right = build(ROOT / "data", Path(tmp))
        from reader.ingest.article import load_article

        sizes = [len(load_article(p).sentences) for p in (left, right)]
        ours = timed([sys.executable, "-m", "reader", "compare", str(left), str(right),
                      "--format", "json"])
        base = timed([sys.executable, str(HERE / "baseline_split_cdist.py"), str(left), str(right)])
    t = time.perf_counter()
    from reader.ingest.article import load_article
    from reader.ingest.load import discover

    files = discover([ROOT / "data"]).files
    runs = []
    for _ in range(5):
        t = time.perf_counter()
        for f in files:
            load_article(f)
        runs.append(time.perf_counter() - t)
    result = {
        "sentences": sizes,
        "compare_seconds": round(ours, 3),
        "baseline_seconds": round(base, 3),
        "ratio": round(ours / base, 2),
        "target_ratio": 2.0,
        "load_segment_data_seconds": round(statistics.median(runs), 4),
        "articles": len(files),
    }
    print(json.dumps(result))
    return 0 if result["ratio"] <= 2.0 else 1


if __name__ == "__main__":
    sys.exit(main())
