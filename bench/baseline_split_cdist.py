"""Baseline for the compare benchmark: split two files into sentences, score all pairs.

Splits with the same sentence splitter the reader uses (pysbd) and computes rapidfuzz's
token_set_ratio matrix with process.cdist. Nothing else: no cleaning, no alignment.
"""

from __future__ import annotations

import sys
from pathlib import Path

import pysbd
from rapidfuzz import fuzz, process


def main() -> None:
    seg = pysbd.Segmenter(language="en", clean=False)
    sides = []
    for name in sys.argv[1:3]:
        text = Path(name).read_text(encoding="utf-8")
        sides.append([s for p in text.split("\n\n") for s in seg.segment(p) if s.strip()])
    matrix = process.cdist(sides[0], sides[1], scorer=fuzz.token_set_ratio)
    print(len(sides[0]), len(sides[1]), matrix.shape)


if __name__ == "__main__":
    main()
