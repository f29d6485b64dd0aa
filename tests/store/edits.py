"""Edited copies of the seed articles, with where each original sentence went.

Each scenario takes a seed article, puts a note on every body sentence, edits the text
the way a corrected or re-saved file changes, and says where each note should land now
(or None: it must become an orphan). `test_anchor.py` runs them and reports the shares.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

from reader.ingest.article import load_article
from reader.ingest.numbers import extract_numbers
from reader.store import Target

SEEDS = Path(__file__).parent.parent / "data" / "seeds"
NUMBER_WORDS = {"two": "three", "three": "four", "four": "five", "five": "six", "ten": "eleven",
                "twelve": "fifteen", "twenty": "thirty"}  # fmt: skip
Edit = tuple[int, int, str]
"""Replace text[start:end] by the string."""


@dataclass(frozen=True)
class Case:
    """One edited article and the notes placed on its original."""

    name: str
    """Scenario and article, for messages."""
    text: str
    """The edited text."""
    targets: tuple[Target, ...]
    """One target per body sentence of the original."""
    expected: tuple[tuple[int, int] | None, ...]
    """Where each target belongs in the edited text; None: nowhere (an orphan)."""


def apply(text: str, edits: list[Edit]) -> tuple[str, Callable[[int, int], tuple[int, int]]]:
    """Apply non-overlapping edits; also return the map of an old span to its new offsets."""
    edits = sorted(edits)
    out, at = [], 0
    for start, end, new in edits:
        out += [text[at:start], new]
        at = end
    out.append(text[at:])

    def moved(a: int, b: int) -> tuple[int, int]:
        def delta(keep: Callable[[Edit], bool]) -> int:
            return sum(len(new) - (e - s) for s, e, new in edits if keep((s, e, new)))

        return a + delta(lambda x: x[1] <= a), b + delta(lambda x: x[0] < b)

    return "".join(out), moved


def _case(name: str, text: str, spans: list[tuple[int, int]], edits: list[Edit],
          orphans: set[int] = frozenset()) -> Case:  # type: ignore[assignment]  # fmt: skip
    new, moved = apply(text, edits)
    targets = tuple(Target.from_text("a.txt", text, a, b) for a, b in spans)
    expected = tuple(None if i in orphans else moved(a, b) for i, (a, b) in enumerate(spans))
    return Case(name, new, targets, expected)


def _middle_space(text: str, a: int, b: int) -> int:
    return text.index(" ", (a + b) // 2, b)


def _typo(text: str, a: int, b: int) -> Edit:
    """One letter changed in the word of five letters or more nearest the sentence's middle."""
    words = [m for m in re.finditer(r"[A-Za-z]{5,}", text[a:b])]
    m = min(words, key=lambda m: abs(m.start() - (b - a) // 2))
    at = a + m.start() + 2
    return at, at + 1, "q" if text[at] != "q" else "z"


def _number_change(sentence: str) -> Edit | None:
    """Change one number of a sentence: 300,000 -> 30,000, 2015 -> 2016, two -> three."""
    for m in extract_numbers(sentence):
        if m.kind == "count" and re.fullmatch(r"\d{1,3}(,\d{3})*|\d+", m.text) and m.value >= 10:
            return m.start, m.end, f"{int(m.value) // 10:,}"
        if m.kind == "year":
            return m.start, m.end, str(int(m.value) + 1)
        if m.text.lower() in NUMBER_WORDS:
            return m.start, m.end, NUMBER_WORDS[m.text.lower()]
    return None


def cases() -> Iterator[tuple[str, Case]]:
    """(scenario, case) for every scenario over every seed article."""
    for path in sorted(SEEDS.glob("*.txt")):
        article = load_article(path)
        text = article.text
        spans = [(s.start, s.end) for s in article.sentences]
        first = spans[0][0]
        name = path.name[:3]
        # Whitespace: a blank line at the top, then a double space or a line break
        # inside every sentence (re-wrapped or re-saved text).
        ws = [(0, 0, "\n")] + [
            (at, at + 1, "  " if i % 2 else "\n")
            for i, (a, b) in enumerate(spans) if (at := _middle_space(text, a, b))
        ]  # fmt: skip
        yield "whitespace", _case(f"whitespace {name}", text, spans, ws)
        yield "typo", _case(f"typo {name}", text, spans, [_typo(text, a, b) for a, b in spans])
        note = "Editor's note: an earlier version of this story misstated a figure.\n\n"
        yield "paragraph", _case(f"paragraph {name}", text, spans, [(first, first, note)])
        for i, (a, b) in enumerate(spans):
            end = b + 1 if text[b : b + 1].isspace() else b
            yield "deleted", _case(f"deleted {name}#{i}", text, spans, [(a, end, "")], {i})
        for i, (a, b) in enumerate(spans):
            change = _number_change(text[a:b])
            if change:
                s, e, new = change
                yield "number", _case(f"number {name}#{i}", text, spans, [(a + s, a + e, new)], {i})
