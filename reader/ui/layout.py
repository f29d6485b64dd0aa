"""The side-by-side view model: a comparison laid out as visual lines at a given width.

Owns where every piece of text lands on screen. A *block* is one row of the comparison
(or one stretch of boilerplate); its two sides are wrapped to the pane width and the
shorter side is padded, so a sentence and its counterpart always start on the same
visual line. A side without counterpart faces a *gap* (labelled when a whole paragraph
is missing). Notes under a row name differing numbers ("3,000 vs 300,000 \u00d7100") and
where a moved sentence sits in the other article; the user's own notes (`NoteMarks`) add
a \u270e in the gutter of the side they are about and their text, dimmed, under the row.
A blank line separates paragraphs.

Each visual line holds one `Cell` per side: its text plus spans `(start, end, kind)`,
where `kind` is a string (see `SpanKind`) or a Pygments token type from
`reader.output.lexer`. `reader.ui.render` turns kinds into styles; nothing here knows colours.

Pure: no Textual import, so it is tested without an app.
"""

from __future__ import annotations

import re
import threading
import weakref
from collections import deque
from collections.abc import Callable, Iterable, Mapping
from dataclasses import replace
from functools import lru_cache
from typing import TypeVar

from rich.cells import cell_len

from reader.core.model import Article, Comparison, Row
from reader.output.comparison import body_paragraph_numbers
from reader.ui.lines import (
    CORRECTIONS,
    GUTTER,
    MARKS,
    NOTE_LINES,
    NOTE_MARK,
    Block,
    Cell,
    CellKind,
    Kind,
    Layout,
    Line,
    NoteMarks,
    Side,
    SpanKind,
    StyleSpan,
)
from reader.ui.textmap import Shown, plain, shown, wrap

T = TypeVar("T")

__all__ = [
    "GUTTER", "MARKS", "NOTE_LINES", "NOTE_MARK", "Block", "Cell", "CellKind", "Kind", "Layout",
    "Line", "NoteMarks", "Side", "SpanKind", "StyleSpan", "build_layout",
]  # fmt: skip
"""The view model's pieces live in `reader.ui.lines`; they are re-exported here."""


Highlighter = Callable[..., Iterable[StyleSpan]]
"""(text, inside=None) -> spans; `inside`: whether the text starts inside a quotation."""


def news_spans(text: str, inside: bool | None = None) -> Iterable[StyleSpan]:
    """The news lexer's spans of `text` (`reader.output.lexer.token_spans`). Pygments is
    imported at the first call: the first frame, a screenful of draft, does without."""
    from reader.output.lexer import token_spans

    return token_spans(text, inside)


def no_spans(text: str, inside: bool | None = None) -> Iterable[StyleSpan]:
    """No highlighting (for the first screenful of a draft)."""
    return ()


visible_paragraphs = body_paragraph_numbers
"""Paragraph index -> its number among the paragraphs with body text (from 1), the number
a reader counts on screen (`reader compare` counts them the same way)."""


_BREAK = Line(Cell(), Cell(), None)
"""The blank line between paragraphs (one object: a long article has 60,000 of them)."""
_SIDE_MARK = {"left": "-", "right": "+"}
_FRONT_MATTER = re.compile(r"---[ \t]*\n.*\n(?:---|\.\.\.)[ \t]*\n?\Z", re.DOTALL)


@lru_cache(maxsize=16384)
def _highlighted(
    highlight: Highlighter, text: str, inside: bool | None = None
) -> tuple[StyleSpan, ...]:
    """Lexer spans of a stretch of text, cached: relayouts (resize, toggles) lex nothing."""
    return tuple(highlight(text) if inside is None else highlight(text, inside))


def _opens_in_quote(article: Article, sentence: int) -> bool | None:
    """True when a sentence starts inside a quotation its paragraph opened before it (the
    middle sentence of a quotation of three has no quote mark of its own); else None (the
    lexer goes by the sentence's own marks)."""
    from reader.output.lexer import opening_in_quote

    return True if sentence in opening_in_quote(article) else None


_SPANS: dict[StyleSpan, StyleSpan] = {}
"""One copy of each span clipped to a line: offsets within a pane's width and a few dozen
kinds make few distinct spans, and a 4 MB article's layout holds 200,000 of them."""
_SPANS_KEPT = 200_000


def _clip(spans: Iterable[StyleSpan], start: int, end: int) -> tuple[StyleSpan, ...]:
    clipped = [
        (max(s, start) - start, min(e, end) - start, kind)
        for s, e, kind in spans
        if s < end and e > start
    ]
    if len(_SPANS) < _SPANS_KEPT:
        return tuple(_SPANS.setdefault(span, span) for span in clipped)
    return tuple(_SPANS.get(span, span) for span in clipped)


def _clip_lines(
    spans: list[StyleSpan], lines: list[tuple[int, int]]
) -> list[tuple[StyleSpan, ...]]:
    """`_clip` of every line (in order, not overlapping), in one sweep over the spans.

    Clipping each line against every span is quadratic in a long paragraph (a 2 MB line
    has 30,000 visual lines and 300,000 word spans). Each line keeps its spans in their
    given order: later ones are painted over earlier ones.
    """
    if not spans:
        return [()] * len(lines)
    if len(lines) * len(spans) <= 64:  # a sentence or two: sorting would cost more
        return [_clip(spans, start, end) for start, end in lines]
    order = sorted(range(len(spans)), key=lambda i: spans[i][0])
    out: list[tuple[StyleSpan, ...]] = []
    active: list[int] = []
    following = 0
    for start, end in lines:
        while following < len(order) and spans[order[following]][0] < end:
            active.append(order[following])
            following += 1
        active = [i for i in active if spans[i][1] > start]
        if len(active) > 1:
            active.sort()
        out.append(_clip((spans[i] for i in active), start, end))
    return out


def _cells(
    text: str,
    spans: list[StyleSpan],
    width: int,
    kind: CellKind,
    mark: str,
    *,
    mark_all: bool = False,
) -> list[Cell]:
    lines = wrap(text, width)
    return [
        Cell(text[s:e], clipped, mark if (i == 0 or mark_all) else " ", kind, s)
        for i, ((s, e), clipped) in enumerate(zip(lines, _clip_lines(spans, lines), strict=True))
    ]


def _note(
    text: str, width: int, kind: SpanKind, numbers: Iterable[tuple[int, int]] = ()
) -> list[Cell]:
    """Note lines; `numbers` are stretches of the note styled as differing numbers."""
    spans: list[StyleSpan] = [(0, len(text), kind), *((s, e, "number") for s, e in numbers)]
    return [Cell(text[s:e], _clip(spans, s, e), " ", "note") for s, e in wrap(text, width)]


def _note_cells(text: str, width: int) -> list[Cell]:
    """A user's note under its row: marker, dimmed text, at most `NOTE_LINES` lines. A link
    made or removed by hand (`CORRECTIONS`) says so without the note marker."""
    correction = text in CORRECTIONS
    text = text if correction else f"{NOTE_MARK} {text}"
    lines = wrap(text, width)
    if len(lines) > NOTE_LINES:
        start, end = lines[NOTE_LINES - 1]
        while end > start and cell_len(text[start:end]) > width - 1:
            end -= 1
        text = text[:end] + "\u2026"
        lines = [*lines[: NOTE_LINES - 1], (start, len(text))]
    spans: list[StyleSpan] = [(0, len(text), "note-text")]
    if not correction:
        spans.append((0, 1, "note-mark"))
    return [Cell(text[s:e], _clip(spans, s, e), " ", "note") for s, e in lines]


_GAP = Cell(mark=MARKS["gap"], kind="gap")


def _gap(label: str, width: int) -> list[Cell]:
    if not label:
        return [_GAP]
    return [
        Cell(label[s:e], ((0, e - s, "label"),), MARKS["gap"], "gap") for s, e in wrap(label, width)
    ]


class _Builder:
    """Accumulates lines and blocks for `build_layout`."""

    def __init__(
        self,
        comparison: Comparison,
        width: int,
        highlight: Highlighter,
        marks: Mapping[int, NoteMarks],
    ) -> None:
        self.c = comparison
        self.marks = marks
        self.text_width = max(1, width - GUTTER)
        self.highlight = highlight
        self.lines: list[Line] = []
        self.blocks: list[Block] = []
        self.paragraphs: dict[Side, int | None] = {"left": None, "right": None}
        self.missing: dict[Side, frozenset[int]] = {
            "left": frozenset(comparison.missing_in_right),
            "right": frozenset(comparison.missing_in_left),
        }
        self.labelled: set[tuple[Side, int]] = set()
        self.gaps: dict[tuple[Side, str], list[Cell]] = {}
        self.pads: dict[tuple[str, CellKind], Cell] = {}
        self._visible: dict[Side, dict[int, int]] = {}

    def article(self, side: Side) -> Article:
        return self.c.left if side == "left" else self.c.right

    def visible(self, side: Side) -> dict[int, int]:
        """Visible paragraph numbers of one side (`visible_paragraphs`), made once."""
        if side not in self._visible:
            self._visible[side] = visible_paragraphs(self.article(side))
        return self._visible[side]

    def add(
        self,
        block: Block,
        left: list[Cell],
        right: list[Cell],
        notes: list[tuple[Cell, Cell]],
        paragraphs: dict[Side, int | None],
    ) -> None:
        new = [
            side for side, p in paragraphs.items() if p is not None and p != self.paragraphs[side]
        ]
        if self.blocks and (new or block.kind == "boilerplate"):
            self.lines.append(_BREAK)
        for side in new:
            self.paragraphs[side] = paragraphs[side]
        index, first = len(self.blocks), len(self.lines)
        height = max(len(left), len(right))
        for cells in (left, right):
            if len(cells) < height:
                last = cells[-1]
                key = (last.mark if last.kind == "gap" else " ", last.kind)
                if key not in self.pads:
                    self.pads[key] = Cell(mark=key[0], kind=key[1])
                cells += [self.pads[key]] * (height - len(cells))
        self.lines.extend(Line(lc, rc, index) for lc, rc in zip(left, right, strict=True))
        self.lines.extend(Line(lc, rc, index) for lc, rc in notes)
        self.blocks.append(replace(block, first=first, height=len(self.lines) - first))

    def side_text(self, side: Side, indices: tuple[int, ...]) -> Shown:
        article = self.article(side)
        sentences = (article.sentences[i] for i in indices)
        return Shown.join(shown(article.text, s.start, s.end) for s in sentences)

    def spans(self, row: Row, side: Side, text: Shown) -> list[StyleSpan]:
        """Lexer tokens, changed words and differing numbers of one side of a row."""
        indices = row.left if side == "left" else row.right
        # Not for a draft painted without highlighting: Pygments waits for the first lexing.
        lexed = indices and self.highlight is not no_spans
        inside = _opens_in_quote(self.article(side), indices[0]) if lexed else None
        spans: list[StyleSpan] = list(_highlighted(self.highlight, text.text, inside))
        if row.kind in ("changed", "moved"):
            for op in (op for op in row.words if op.tag != "equal"):
                kind: SpanKind = "moved-word" if op.tag == "move" else "word"
                spans += [
                    (*loc, kind) for w in getattr(op, side) if (loc := text.locate(w.start, w.end))
                ]
        for n in (n for n in row.numbers if n.differs):
            mention = getattr(n, side)
            if loc := text.locate(mention.start, mention.end):
                spans.append((*loc, "number"))
        return spans

    def sentence_cells(self, row: Row, side: Side) -> tuple[list[Cell], str, bool]:
        """One side of a row that has sentences there: cells, full text, first of a
        missing paragraph."""
        indices = row.left if side == "left" else row.right
        para = self.article(side).sentences[indices[0]].paragraph
        text = self.side_text(side, indices)
        kind: CellKind = "only"
        first_of_missing = False
        if row.kind in ("same", "changed", "moved"):
            kind = row.kind
        elif para in self.missing[side]:
            kind = "missing"
            first_of_missing = (side, para) not in self.labelled
        mark = _SIDE_MARK[side] if kind in ("only", "missing") else MARKS[kind]
        spans = self.spans(row, side, text)
        cells = _cells(text.text, spans, self.text_width, kind, mark, mark_all=kind == "missing")
        return cells, text.text, first_of_missing

    def gap_cells(self, side: Side, facing: Cell, para: int) -> list[Cell]:
        """The empty side facing a sentence: labelled once per missing paragraph."""
        other: Side = "right" if side == "left" else "left"
        label = ""
        if facing.kind == "only":
            label = "sentence"
        elif (other, para) not in self.labelled:
            self.labelled.add((other, para))
            label = "paragraph"
        # The same few labels on every one-sided row: their cells are made once each.
        key = (side, label)
        if key not in self.gaps:
            name = plain(self.article(side).label)
            self.gaps[key] = _gap(f"{label} not in {name}" if label else "", self.text_width)
        return list(self.gaps[key])

    def row(self, index: int, row: Row) -> None:
        cells: dict[Side, list[Cell]] = {}
        texts: dict[Side, str] = {"left": "", "right": ""}
        paragraphs: dict[Side, int | None] = {"left": None, "right": None}
        first_of_missing = False
        for side, indices in _by_side(row.left, row.right):
            if indices:
                cells[side], texts[side], first = self.sentence_cells(row, side)
                first_of_missing = first_of_missing or first
                if not (row.kind == "moved" and side == "right"):  # out of place on the right
                    paragraphs[side] = self.article(side).sentences[indices[0]].paragraph
        facing: tuple[tuple[Side, Side, tuple[int, ...]], ...] = (
            ("left", "right", row.right), ("right", "left", row.left)
        )  # fmt: skip
        for side, other, indices in facing:
            if side not in cells:
                para = self.article(other).sentences[indices[0]].paragraph
                cells[side] = self.gap_cells(side, cells[other][0], para)
        marks = self.marks.get(index, NoteMarks())
        for side in marks.sides:
            if cells[side][0].kind != "gap":
                cells[side][0] = replace(cells[side][0], noted=True)
        one_sided = "only" in (cells["left"][0].kind, cells["right"][0].kind)
        difference = (
            row.kind in ("changed", "moved")
            or first_of_missing
            or one_sided
            or any(n.differs for n in row.numbers)
        )
        block = Block(row.kind, 0, 0, index, index, texts["left"], texts["right"], difference)
        notes = self.notes(row) + self.user_notes(marks)
        self.add(block, cells["left"], cells["right"], notes, paragraphs)

    def later_report(self) -> str:
        """' · later report (name)' when the two articles were published on different
        days: a figure that changed between them may be an update, not a contradiction."""
        dates = {side: self.article(side).metadata.date for side in ("left", "right")}
        if not dates["left"] or not dates["right"] or dates["left"] == dates["right"]:
            return ""
        later = "left" if dates["left"] > dates["right"] else "right"
        return f" \u00b7 later report ({plain(self.article(later).label)})"

    def notes(self, row: Row) -> list[tuple[Cell, Cell]]:
        out: list[tuple[Cell, Cell]] = []
        for n in row.numbers:
            if n.differs:
                ratio = f" \u00d7{n.ratio:.3g}" if n.ratio else ""
                a, b = plain(n.left.text), plain(n.right.text)
                text = f"\u2260 {a} vs {b}{ratio}{self.later_report()}"
                values = ((2, 2 + len(a)), (6 + len(a), 6 + len(a) + len(b)))
                left = _note(text, self.text_width, "note-number", values)
                out.extend(zip(left, left, strict=True))
        if row.kind == "moved":
            # Paragraphs as the reader counts them: those with body text.
            where = {
                side: f"\u2195 moved: \u00b6"
                f"{self.visible(side)[self.article(side).sentences[idx[0]].paragraph]} "
                f"in {plain(self.article(side).label)}"
                for side, idx in _by_side(row.left, row.right)
            }
            # Each side says where its counterpart sits in the other article.
            left = _note(where["right"], self.text_width, "note-moved")
            right = _note(where["left"], self.text_width, "note-moved")
            height = max(len(left), len(right))
            left += [Cell(kind="note")] * (height - len(left))
            right += [Cell(kind="note")] * (height - len(right))
            out.extend(zip(left, right, strict=True))
        return out

    def user_notes(self, marks: NoteMarks) -> list[tuple[Cell, Cell]]:
        """The user's notes under a row, each in the pane(s) it is about."""
        return _user_notes(marks, self.text_width)

    def boilerplate(self, anchor: int, left: list[Shown], right: list[Shown]) -> None:
        for i in range(max(len(left), len(right))):
            cells: dict[Side, list[Cell]] = {}
            for side, items in _by_side(left, right):
                if i < len(items):
                    cells[side] = _cells(
                        items[i].text,
                        list(_highlighted(self.highlight, items[i].text)),
                        self.text_width,
                        "boilerplate",
                        MARKS["boilerplate"],
                    )
                else:
                    cells[side] = [Cell()]
            block = Block(
                "boilerplate",
                0,
                0,
                None,
                anchor,
                left[i].text if i < len(left) else "",
                right[i].text if i < len(right) else "",
            )
            self.add(block, cells["left"], cells["right"], [], {"left": None, "right": None})


def _boilerplate(article: Article) -> list[tuple[int, Shown]]:
    """Boilerplate stretches with the index of the body sentence each precedes.

    Front matter (a `---` block at the top) is left out: the pane header shows it.
    """
    out = []
    sentence = 0
    for span in sorted(article.boilerplate, key=lambda s: s.start):
        if span.start == 0 and _FRONT_MATTER.match(article.text[: span.end]):
            continue
        while sentence < len(article.sentences) and article.sentences[sentence].start < span.start:
            sentence += 1
        text = shown(article.text, span.start, span.end)
        if text.text:
            out.append((sentence, text))
    return out


def _take(pending: deque[tuple[int, Shown]], before: int | None) -> list[Shown]:
    """Pop the pending boilerplate that stands before sentence `before` (None: all)."""
    taken = []
    while pending and (before is None or pending[0][0] <= before):
        taken.append(pending.popleft()[1])
    return taken


_MADE_KEPT = 8
_Made = tuple["weakref.ref[Comparison]", "weakref.ref[Layout]", dict[int, NoteMarks]]
_made: dict[tuple[int, int, bool, Highlighter], _Made] = {}
"""The layouts made last, by (comparison, width, boilerplate, highlighter), with the notes
they show: the same comparison with other notes is made from one of them. Weak: a layout
no one keeps is not kept for this."""
_made_lock = threading.Lock()


def build_layout(
    comparison: Comparison,
    width: int,
    *,
    boilerplate: bool = False,
    highlight: Highlighter = news_spans,
    notes: Mapping[int, NoteMarks] | None = None,
) -> Layout:
    """Lay out a comparison for two panes of `width` cells each.

    Notes change only the rows they touch: when the same comparison was laid out lately
    at this width with other notes (the worker lays each pair out ahead without notes),
    its layout is reused and only those rows are redone (`_renoted`), which takes a
    fraction of the time for an article of 60,000 rows.

    Args:
        comparison: The comparison to show.
        width: Cells of one pane, gutter included.
        boilerplate: Show boilerplate (dimmed, in place) instead of leaving it out.
        highlight: Gives the lexer spans of a stretch of text.
        notes: The user's notes by comparison row (see `reader.ui.notemap`).

    Returns:
        The lines and blocks.
    """
    marks = {row: m for row, m in (notes or {}).items() if m != NoteMarks()}
    key = (id(comparison), width, boilerplate, highlight)
    with _made_lock:
        made = _made.get(key)
    base = made[1]() if made is not None and made[0]() is comparison else None
    if made is not None and base is not None:
        layout = _renoted(base, made[2], marks, max(1, width - GUTTER))
    else:
        layout = _build(comparison, width, boilerplate, highlight, marks)
    with _made_lock:
        _made.pop(key, None)
        _made[key] = (weakref.ref(comparison), weakref.ref(layout), marks)
        while len(_made) > _MADE_KEPT:
            del _made[next(iter(_made))]
    return layout


def _build(
    comparison: Comparison,
    width: int,
    boilerplate: bool,
    highlight: Highlighter,
    notes: Mapping[int, NoteMarks],
) -> Layout:
    builder = _Builder(comparison, width, highlight, notes)
    pending = {
        "left": deque(_boilerplate(comparison.left) if boilerplate else []),
        "right": deque(_boilerplate(comparison.right) if boilerplate else []),
    }
    # Each side's headline block stands at the top, level with the other's, even when
    # the first row is the other side's alone.
    head_left, head_right = _take(pending["left"], 0), _take(pending["right"], 0)
    if head_left or head_right:
        builder.boilerplate(0, head_left, head_right)
    for index, row in enumerate(comparison.rows):
        left_at = row.left[0] if row.left else None
        right_at = row.right[0] if row.right and row.kind != "moved" else None
        left = _take(pending["left"], left_at) if left_at is not None else []
        right = _take(pending["right"], right_at) if right_at is not None else []
        if left or right:
            builder.boilerplate(index, left, right)
        builder.row(index, row)
    tail_left, tail_right = _take(pending["left"], None), _take(pending["right"], None)
    if tail_left or tail_right:
        builder.boilerplate(len(comparison.rows), tail_left, tail_right)
    return Layout(tuple(builder.lines), tuple(builder.blocks), width)


def _renoted(
    base: Layout, was: Mapping[int, NoteMarks], marks: Mapping[int, NoteMarks], text_width: int
) -> Layout:
    """`base` (laid out with the notes `was`) with the notes `marks` instead: what
    `_build` would make, redoing only the rows whose notes differ.

    A row's notes are the marker on the first line of each side they are about and
    their lines at the end of the row's block; everything else is the same.
    """
    if was == marks:
        return base
    changed = {row for row in was.keys() | marks.keys() if was.get(row) != marks.get(row)}
    lines: list[Line] = []
    blocks: list[Block] = []
    done = 0  # base lines copied so far
    for block in base.blocks:
        if block.row not in changed:
            lines.extend(base.lines[done : block.first + block.height])
            shift = len(lines) - (block.first + block.height)
            blocks.append(block if not shift else replace(block, first=block.first + shift))
            done = block.first + block.height
            continue
        lines.extend(base.lines[done : block.first])  # the paragraph break before it
        first = len(lines)
        old, new = was.get(block.row, NoteMarks()), marks.get(block.row, NoteMarks())
        own = base.lines[block.first : block.first + block.height - _noted_lines(old, text_width)]
        top = own[0]
        cells = {"left": top.left, "right": top.right}
        for side, cell in cells.items():
            noted = side in new.sides and cell.kind != "gap"
            if cell.noted != noted:
                cells[side] = replace(cell, noted=noted)
        lines.append(Line(cells["left"], cells["right"], top.block))
        lines.extend(own[1:])
        lines.extend(Line(lc, rc, top.block) for lc, rc in _user_notes(new, text_width))
        blocks.append(replace(block, first=first, height=len(lines) - first))
        done = block.first + block.height
    lines.extend(base.lines[done:])
    return Layout(tuple(lines), tuple(blocks), base.width)


def _user_notes(marks: NoteMarks, text_width: int) -> list[tuple[Cell, Cell]]:
    """The user's notes under a row, each in the pane(s) it is about."""
    out: list[tuple[Cell, Cell]] = []
    for sides, text in marks.lines:
        cells = _note_cells(text, text_width)
        blank = [Cell(kind="note")] * len(cells)
        left = cells if "left" in sides else blank
        out.extend(zip(left, cells if "right" in sides else blank, strict=True))
    return out


def _noted_lines(marks: NoteMarks, text_width: int) -> int:
    """How many lines the user's notes take under a row."""
    return sum(len(_note_cells(text, text_width)) for _, text in marks.lines)


def _by_side(left: T, right: T) -> tuple[tuple[Side, T], tuple[Side, T]]:
    """(("left", left), ("right", right)), typed for loops over both sides."""
    return ("left", left), ("right", right)
