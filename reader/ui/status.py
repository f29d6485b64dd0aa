"""The status line under the panes, as plain text (no Textual, no markup).

Owns its wording: "IBTimes ⟷ The Moscow Times · pair 3 of 10 · 1 number differs · ✎ 2
notes · 11 same · 6 changed · 2 moved · 4 missing paragraphs" ("story 2 of 3 · pair 1 of
6" when the folder holds several stories). What matters most comes first, so a narrow
terminal cuts the least telling counts: the differing numbers right after the pair, then
the modes in force (pinned, boilerplate, search, notes), then the row counts. Where the
line is too narrow, whole items are dropped from the end (`fit`), never cut in half.
"""

from __future__ import annotations

from dataclasses import dataclass

from reader.core.model import Comparison
from reader.output.comparison import count, stats
from reader.ui.textmap import plain


@dataclass(frozen=True)
class Status:
    """Everything the status line reports."""

    comparison: Comparison | None
    """The pair shown, None while it is being aligned."""
    position: int = 0
    """Index of the pair in the ranked list."""
    pairs: int = 0
    """How many pairs there are."""
    story: tuple[int, int] | None = None
    """(Index of the current story, how many stories), when there are several."""
    crossed: bool = False
    """The pair joins articles of two different stories (it is in no story's list)."""
    loaded: tuple[int, int] | None = None
    """Files read so far and in all, while reading."""
    ranked: tuple[int, int] | None = None
    """Pairs compared so far and in all, while comparing."""
    pinned: str | None = None
    """Label of the pinned article."""
    boilerplate: bool = False
    """Boilerplate is shown."""
    reading: bool = False
    """The reading-order layout is shown (else aligned rows)."""
    match: int | None = None
    """Index of the search match stood on."""
    matches: int | None = None
    """How many matches the search has, None without a search."""
    notes: int = 0
    """How many of the user's notes touch the pair."""
    notes_off: bool = False
    """Notes are off for the session (their file could not be read)."""

    def fit(self, width: int) -> str:
        """The status line in at most `width` cells: the items that fit, most important
        first; the first item (the pair) is cut only if it alone is too wide."""
        from rich.cells import cell_len

        parts = self.parts()
        out = parts[0] if parts else ""
        for part in parts[1:]:
            joined = f"{out} \u00b7 {part}"
            if cell_len(joined) > width:
                break
            out = joined
        return out

    def text(self) -> str:
        """The status line."""
        return " \u00b7 ".join(self.parts())

    def parts(self) -> list[str]:
        """The status line's items, most important first."""
        c = self.comparison
        parts: list[str] = []
        counts: list[str] = []  # the row counts, last
        if c is not None:
            parts.append(f"{plain(c.left.label)} \u27f7 {plain(c.right.label)}")
            if self.crossed:
                parts.append("different stories")
            else:
                if self.story is not None:
                    parts.append(f"story {self.story[0] + 1} of {self.story[1]}")
                parts.append(f"pair {self.position + 1:,} of {self.pairs:,}")
            s = stats(c)
            parts.append(count(s["numbers_differ"], "number differs", "numbers differ"))
            counts = [
                f"{s['same']} same",
                f"{s['changed']} changed",
                f"{s['moved']} moved",
                count(s["missing_paragraphs"], "missing paragraph", "missing paragraphs"),
            ]
        elif self.loaded is not None:
            parts.append(f"loading {self.loaded[0]:,}/{self.loaded[1]:,}\u2026")
        else:
            parts.append("aligning\u2026")
        if self.ranked is not None:
            parts.append(f"ranking {self.ranked[0]:,}/{self.ranked[1]:,}\u2026")
        if self.pinned is not None:
            parts.append(f"pinned: {plain(self.pinned)}")
        if self.reading:
            parts.append("reading order")
        if self.boilerplate:
            parts.append("boilerplate shown")
        if self.matches is not None:
            if self.match is None:
                parts.append(count(self.matches, "match", "matches"))
            else:
                parts.append(f"match {self.match + 1} of {self.matches}")
        if self.notes_off:
            parts.append("notes off")
        elif self.notes:
            parts.append(f"\u270e {count(self.notes, 'note', 'notes')}")
        parts += counts
        return parts
