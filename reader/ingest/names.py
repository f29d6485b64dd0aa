"""Short names for the files of one folder: '000' for '000_9df743b66480a7ad.txt'.

Owns the label an article goes by when nothing better is known (no outlet): short, stable
(the same files give the same names) and unique within the folder. The report's columns,
the overview and the reader's panes all use it, so an article has one name everywhere.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Sequence

from reader.ingest.text import safe

_SEPARATORS = re.compile(r"[_.\s-]+")


def short_names(names: Sequence[str], *, width: int = 10) -> dict[str, str]:
    """Short column names that still tell the files apart.

    Each name takes the first of these that no other file's name shares: its first word
    of letters that no other name has ('fire589_guardian.txt' -> 'guardian'), the first
    word of the name ('000_9df7.txt' -> '000', 'times_rape482_times.txt' -> 'times'), the first
    and last words ('PA_rape1_nl.txt' -> 'PA_nl'; the one before the last when the last
    repeats the first), the name without its suffix; else the whole name. So a folder
    where some files share a prefix ('PA_rape1.txt', 'PA_rape2.txt') shortens the others
    all the same. A name longer than `width` is cut: one word at its end ('independent' ->
    'independe…'), several in the middle ('storm-rep…ta'), where that stays unique.
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
        if len(got) > 2 and got[-1].lower() == got[0].lower():  # 'times_rape482_times'
            return f"{got[0]}_{got[-2]}"
        return f"{got[0]}_{got[-1]}" if len(got) > 1 else got[0]

    def stem(name: str) -> str:
        return name.rsplit(".", 1)[0] or name

    # In how many names each word stands (the first cut splits every name anyway).
    everywhere = Counter(w for n in set(names) for w in {x.lower() for x in split(n)})

    def own_word(name: str) -> str:
        """The first word of letters only that no other name has ('guardian' in
        'paper_guardian_fire589.txt', where every name starts 'paper'); '' if none."""
        return next(
            (w for w in split(name) if len(w) >= 3 and w.isalpha() and everywhere[w.lower()] == 1),
            "",
        )

    short: dict[str, str] = {}
    pending = list(dict.fromkeys(names))
    for cut in (own_word, first, first_and_last, stem):
        got = {n: safe(cut(n)) for n in pending}
        counts = Counter(got.values())
        taken = set(short.values())
        for n in pending:
            if got[n] and counts[got[n]] == 1 and got[n] not in taken:
                short[n] = got[n]
        pending = [n for n in pending if n not in short]
        if not pending:
            break
    short.update((n, safe(n)) for n in pending)
    if len(set(short.values())) < len(short):  # a whole name equal to another's cut
        short = {n: safe(n) for n in short}
    narrow = {n: _shorter(s, width) for n, s in short.items()}
    shared = Counter(narrow.values())
    out = {n: narrow[n] if shared[narrow[n]] == 1 else short[n] for n in names}
    return out if len(set(out.values())) == len(out) else {n: short[n] for n in names}


def _shorter(text: str, width: int) -> str:
    """`text` cut to `width` characters: one word at its end, several in the middle."""
    if len(text) <= width:
        return text
    if not _SEPARATORS.search(text):
        return text[: width - 1] + "\u2026"
    return _middle(text, width)


def _middle(text: str, width: int) -> str:
    """`text` cut to `width` characters by dropping its middle."""
    if len(text) <= width:
        return text
    head = (width - 1) // 2 + (width - 1) % 2
    return text[:head] + "\u2026" + text[len(text) - (width - 1 - head) :]
