"""The reading-order layout, without Textual: each pane in its own order, synced at links.

The comparisons here are made by hand (rows chosen by the test), so the tests hold
whatever the aligner links: they check the layout's promises, not today's links.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from reader.align.compare import compare
from reader.core.model import Article, Comparison, Row
from reader.ingest.article import load_article
from reader.ui.layout import Layout, NoteMarks, build_layout
from reader.ui.reading import build_reading, visible_paragraphs
from tests.ui.conftest import DATA, LEFT_DATA, RIGHT_DATA

LEFT = """\
---
title: Left
outlet: Left Daily
---
Alpha opening sentence about the harbour fire on Sunday.

Bravo sentence only the left article carries, about the mayor.

Charlie sentence only the left carries, about the insurance firms.

Delta sentence about the fire brigade arriving at dawn.

Echo sentence the right article tells much earlier, about 40 boats.
"""

RIGHT = """\
---
title: Right
outlet: Right Wire
---
Alpha opening sentence about the harbour fire on Sunday.

Echo sentence the right article tells much earlier, about 400 boats.

Xray sentence only the right article carries, about the weather.

Delta sentence about the fire brigade arriving at dawn.

Yankee sentence only the right carries, about the investigation.
"""


def _articles(tmp_path: Path) -> tuple[Article, Article]:
    (tmp_path / "l.txt").write_text(LEFT, encoding="utf-8")
    (tmp_path / "r.txt").write_text(RIGHT, encoding="utf-8")
    return load_article(tmp_path / "l.txt"), load_article(tmp_path / "r.txt")


@pytest.fixture
def made(tmp_path: Path) -> Comparison:
    """Links chosen by hand: Alpha and Delta in order, Echo moved (40 vs 400 boats)."""
    left, right = _articles(tmp_path)
    echo = compare(left, right)  # borrow the number pairing of a real comparison's row
    numbers = next((r.numbers for r in echo.rows if 4 in r.left and 1 in r.right), ())
    rows = (
        Row("same", (0,), (0,), 100.0),
        Row("left_only", (1,), ()),
        Row("moved", (4,), (1,), 90.0, (), numbers),
        Row("left_only", (2,), ()),
        Row("right_only", (), (2,)),
        Row("same", (3,), (3,), 100.0),
        Row("right_only", (), (4,)),
    )
    return Comparison(left, right, rows, missing_in_right=(2, 3), missing_in_left=(4, 6))


def _order(layout: Layout, comparison: Comparison, side: str) -> list[int]:
    """The sentence indices a pane shows, top to bottom."""
    out: list[int] = []
    for block in sorted(layout.blocks, key=lambda b: b.first):
        text = block.left if side == "left" else block.right
        if block.row is not None and text:
            row = comparison.rows[block.row]
            out.extend(row.left if side == "left" else row.right)
    return out


@pytest.mark.parametrize("width", [24, 60, 90])
def test_each_pane_keeps_its_articles_order(made: Comparison, width: int) -> None:
    """Every sentence shows once, in its article's order, on both sides, moved or not."""
    layout = build_reading(made, width)
    assert _order(layout, made, "left") == list(range(len(made.left.sentences)))
    assert _order(layout, made, "right") == list(range(len(made.right.sentences)))


def test_linked_sentences_start_level(made: Comparison) -> None:
    """A sync point (same/changed row) starts on one line in both panes."""
    layout = build_reading(made, 40)
    for index, row in enumerate(made.rows):
        if row.kind == "same":
            block = layout.blocks[layout.block_of_row(index)]
            line = layout.lines[block.first]
            assert line.block == line.right_of == layout.block_of_row(index)
            assert line.left.kind == line.right.kind == "same"


def test_unmatched_text_stands_side_by_side(made: Comparison) -> None:
    """Between two sync points the left's and the right's own sentences face each other
    (the aligned layout stacks them, one facing gaps)."""
    reading, aligned = build_reading(made, 60), build_layout(made, 60)
    bravo = reading.blocks[reading.block_of_row(1)]
    facing = {reading.lines[y].right.text for y in range(bravo.first, bravo.first + bravo.height)}
    assert any(text.startswith("Echo") for text in facing)
    assert len(reading.lines) < len(aligned.lines)


def test_moved_sentence_carries_a_shared_number_and_its_counterparts_place(
    made: Comparison,
) -> None:
    """Both parts of a moved link say ↕1 and where the other sits (visible ¶, sentence)."""
    layout = build_reading(made, 70)
    parts = [b for b in layout.blocks if b.row == 2]
    assert [bool(b.left) for b in parts] == [False, True] or [bool(b.left) for b in parts] == [
        True,
        False,
    ]
    notes = {
        side: " ".join(
            getattr(layout.lines[y], side).text
            for b in parts
            for y in range(b.first, b.first + b.height)
        )
        for side in ("left", "right")
    }
    assert "\u21951 moved: Right Wire has it at \u00b62, sentence 2" in notes["left"]
    assert "\u21951 moved: Left Daily has it at \u00b65, sentence 5" in notes["right"]


def test_blocks_run_down_the_screen_and_own_their_lines(made: Comparison) -> None:
    """Blocks are ordered by first line; every cell of a line belongs to the block the line
    names for that side, within the block's lines."""
    layout = build_reading(made, 50)
    firsts = [b.first for b in layout.blocks]
    assert firsts == sorted(firsts)
    for y, line in enumerate(layout.lines):
        for side in ("left", "right"):
            block = line.of(side)  # type: ignore[arg-type]
            if block is not None:
                b = layout.blocks[block]
                assert b.first <= y < b.first + b.height


def test_a_side_with_nothing_before_a_sync_point_faces_a_labelled_gap(tmp_path: Path) -> None:
    """Where only the left has text before the next link, the right says what it lacks."""
    left, right = _articles(tmp_path)
    rows = (
        Row("same", (0,), (0,), 100.0),
        Row("left_only", (1,), ()),
        Row("left_only", (2,), ()),
        Row("changed", (3,), (1,), 70.0),
        *(Row("left_only", (4,), ()),),
        *(Row("right_only", (), (j,)) for j in (2, 3, 4)),
    )
    layout = build_reading(Comparison(left, right, rows), 60)
    bravo = layout.blocks[layout.block_of_row(1)]
    assert layout.lines[bravo.first].right.text == "not in Right Wire"
    assert layout.lines[bravo.first].right.kind == "gap"
    assert layout.lines[bravo.first].right_of is None


def test_user_notes_show_under_their_pane(made: Comparison) -> None:
    """A note on a one-sided row marks its sentence and shows its text in that pane."""
    notes = {4: NoteMarks(frozenset({"right"}), ((frozenset({"right"}), "check the weather"),))}
    layout = build_reading(made, 60, notes=notes)
    block = layout.blocks[layout.block_of_row(4)]
    lines = layout.lines[block.first : block.first + block.height]
    assert lines[0].right.noted
    assert any("check the weather" in line.right.text for line in lines)


def test_visible_paragraph_numbers_skip_boilerplate() -> None:
    """The ¶ numbers a note gives count paragraphs of body text only."""
    article = load_article(DATA / RIGHT_DATA)
    numbers = visible_paragraphs(article)
    assert sorted(numbers.values()) == list(range(1, len(numbers) + 1))
    assert len(numbers) <= len(article.paragraphs)


@pytest.mark.parametrize("boilerplate", [False, True])
def test_a_real_pair_keeps_both_orders(boilerplate: bool) -> None:
    """On the sample pair, whatever the aligner links: both panes in order, complete."""
    comparison = compare(load_article(DATA / LEFT_DATA), load_article(DATA / RIGHT_DATA))
    layout = build_reading(comparison, 60, boilerplate=boilerplate)
    assert _order(layout, comparison, "left") == list(range(len(comparison.left.sentences)))
    assert _order(layout, comparison, "right") == list(range(len(comparison.right.sentences)))
    if boilerplate:
        assert any(b.kind == "boilerplate" for b in layout.blocks)
