"""Build two long articles (>= 400 sentences each) from the seed articles in data/.

The left one strings the seed bodies together several times; the right one takes the same
material in another order with every third paragraph dropped and some figures changed, so
the comparison has real work to do (links, moves, gaps, numbers).
"""

from __future__ import annotations

import re
import sys
from pathlib import Path


def build(data: Path, out: Path, *, copies: int = 6) -> tuple[Path, Path]:
    """Write long_left.txt and long_right.txt into `out` and return their paths."""
    paragraphs: list[str] = []
    for f in sorted(data.glob("*.txt")):
        paragraphs += [p.strip() for p in f.read_text(encoding="utf-8").split("\n") if len(p) > 80]
    left, right = [], []
    for k in range(copies):
        block = [f"{p} (Part {k + 1}.)" for p in paragraphs]
        left += block
        kept = [p for i, p in enumerate(reversed(block)) if i % 3]
        right += [re.sub(r"\b(\d{2,3})\b", lambda m: str(int(m.group(1)) + k), p) for p in kept]
    out.mkdir(parents=True, exist_ok=True)
    a, b = out / "long_left.txt", out / "long_right.txt"
    a.write_text("Long left article\n\n" + "\n\n".join(left) + "\n", encoding="utf-8")
    b.write_text("Long right article\n\n" + "\n\n".join(right) + "\n", encoding="utf-8")
    return a, b


if __name__ == "__main__":
    print(*build(Path(sys.argv[1]), Path(sys.argv[2])))
