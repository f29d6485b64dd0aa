"""Short names for the files of one folder: '000' for '000_9df743b66480a7ad.txt'.

Owns the label an article goes by when nothing better is known (no outlet): short, stable
(the same files give the same names) and unique within the folder. The report's columns,
the overview and the reader's panes all use it, so an article has one name everywhere.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence

from reader.ingest.text import safe

_SEPARATORS = re.compile(r"[_.\s-]+")


def short_names(names: Sequence[str], *, width: int = 10) -> dict[str, str]:
    """Short column names that still tell the files apart.

    Tries, in turn: the first word of the name ('000_9df7.txt' -> '000'), the first and
    last words ('000_9df7_2.txt' -> '000_2'), the name without its suffix. A name longer
    than `width` is cut in the middle ('storm-rep…ta'), as long as that stays unique.
    """

    words: dict[str, list[str]] = {}  # split when first needed

    def split(name: str) -> list[str]:
        if name not in words:
            stem = name.rsplit(".", 1)[0]
            words[name] = [w for w in _SEPARATORS.split(stem) if w] or [name]
        return words[name]

    def first(name: str) -> str:
        return split(name)[0]

    def first_and_last(name: str) -> str:
        got = split(name)
        return f"{got[0]}_{got[-1]}" if len(got) > 1 else got[0]

    def stem(name: str) -> str:
        return name.rsplit(".", 1)[0] or name

    for cut in (first, first_and_last, stem):
        raw = _distinct(names, cut)
        if raw is None:
            continue  # equal cuts stay equal made safe
        short = {n: safe(r) for n, r in raw.items()}
        if len(set(short.values())) == len(names):
            break
    else:
        short = {n: safe(n) for n in names}
    narrow = {n: _middle(s, width) for n, s in short.items()}
    return narrow if len(set(narrow.values())) == len(names) else short


def _distinct(names: Sequence[str], cut: Callable[[str], str]) -> dict[str, str] | None:
    """Each name's cut, or None as soon as two names cut alike (often within the first
    few of thousands: then the rest is not cut at all)."""
    out: dict[str, str] = {}
    seen: set[str] = set()
    for name in names:
        got = cut(name)
        if got in seen:
            return None
        seen.add(got)
        out[name] = got
    return out


def _middle(text: str, width: int) -> str:
    """`text` cut to `width` characters by dropping its middle."""
    if len(text) <= width:
        return text
    head = (width - 1) // 2 + (width - 1) % 2
    return text[:head] + "\u2026" + text[len(text) - (width - 1 - head) :]
