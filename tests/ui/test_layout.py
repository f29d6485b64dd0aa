"""The side-by-side view model, without Textual: alignment, wrapping, padding, gaps, notes."""

from __future__ import annotations

from pathlib import Path

import pytest
from rich.cells import cell_len

from reader.ingest.article import load_article
from reader.align.compare import compare
from reader.core.model import Comparison
from reader.ui.layout import GUTTER, Layout, build_layout
from reader.ui.search import cell_matches, find
from reader.ui.textmap import wrap
from tests.ui.conftest import ALPHA, BETA, DATA, LEFT_DATA, RIGHT_DATA


@pytest.fixture
def storm(tmp_path: Path) -> Comparison:
    """Daily Alpha against Beta News: one number differs, a paragraph each side lacks."""
    (tmp_path / "alpha.txt").write_text(ALPHA, encoding="utf-8")
    (tmp_path / "beta.txt").write_text(BETA, encoding="utf-8")
    return compare(load_article(tmp_path / "alpha.txt"), load_article(tmp_path / "beta.txt"))


@pytest.fixture(scope="module")
def syria() -> Comparison:
    """IBTimes against The Moscow Times from the sample corpus."""
    return compare(load_article(DATA / LEFT_DATA), load_article(DATA / RIGHT_DATA))


def _side_text(layout: Layout, block: int, side: str) -> str:
    b = layout.blocks[block]
    return b.left if side == "left" else b.right


@pytest.mark.parametrize(
    ("text", "width", "expected"),
    [
        ("aaa bbb ccc", 7, [(0, 7), (8, 11)]),
        ("aaa bbb ccc", 11, [(0, 11)]),
        ("abcdefghij", 4, [(0, 4), (4, 8), (8, 10)]),
        ("", 10, [(0, 0)]),
        ("a  b", 10, [(0, 4)]),
    ],
)
def test_wrap(text: str, width: int, expected: list[tuple[int, int]]) -> None:
    """Lines break at spaces; a word wider than the pane is cut; empty text is one line."""
    assert wrap(text, width) == expected


def test_wrap_counts_cells_not_characters() -> None:
    """Wide characters (CJK) take two cells each, so fewer fit on a line."""
    lines = wrap("日本語の記事です", 6)
    assert all(cell_len("日本語の記事です"[s:e]) <= 6 for s, e in lines)
    assert len(lines) == 3


@pytest.mark.parametrize("width", [14, 30, 58, 90])
def test_aligned_rows_start_on_the_same_line(syria: Comparison, width: int) -> None:
    """A sentence and its counterpart begin on the block's first line, at any width."""
    layout = build_layout(syria, width)
    for index, block in enumerate(layout.blocks):
        first = layout.lines[block.first]
        assert first.block == index
        if block.left and block.right:
            assert first.left.offset == 0 and first.right.offset == 0
            assert block.left.startswith(first.left.text)
            assert block.right.startswith(first.right.text)


@pytest.mark.parametrize("width", [14, 30, 58, 90])
def test_lines_fit_the_pane(syria: Comparison, width: int) -> None:
    """No cell is wider than the pane's text area."""
    layout = build_layout(syria, width, boilerplate=True)
    for line in layout.lines:
        assert cell_len(line.left.text) <= width - GUTTER
        assert cell_len(line.right.text) <= width - GUTTER


def test_wrapped_text_is_complete_and_shorter_side_padded(syria: Comparison) -> None:
    """Wrapped lines rebuild the sentence; the shorter side is padded to the block height."""
    layout = build_layout(syria, 40)
    for index, block in enumerate(layout.blocks):
        lines = layout.lines[block.first : block.first + block.height]
        assert all(line.block == index for line in lines)
        for side in ("left", "right"):
            cells = [getattr(line, side) for line in lines if getattr(line, side).offset >= 0]
            text = _side_text(layout, index, side)
            assert " ".join(c.text for c in cells) == text
            padding = [getattr(line, side) for line in lines[len(cells) :]]
            assert all(c.offset < 0 for c in padding)


def test_paragraphs_are_separated_by_a_blank_line(storm: Comparison) -> None:
    """Blocks of different paragraphs have a blank line between them, owned by no block."""
    layout = build_layout(storm, 60)
    breaks = [line for line in layout.lines if line.block is None]
    assert breaks and all(not line.left.text and not line.right.text for line in breaks)
    # Rescue/Most and Forecasters/"We are" share a paragraph each: no break inside those.
    assert len(breaks) == len(layout.blocks) - 1 - 2


def test_missing_paragraph_marked_and_labelled(storm: Comparison) -> None:
    """The side that has a missing paragraph is marked on every line; the other is labelled."""
    layout = build_layout(storm, 60)
    rescue = [b for b in layout.blocks if b.left.startswith(("Rescue", "Most of them"))]
    assert len(rescue) == 2
    first = layout.lines[rescue[0].first]
    assert first.left.kind == "missing" and first.left.mark == "-"
    assert first.right.kind == "gap" and first.right.text == "paragraph not in Beta News"
    second = layout.lines[rescue[1].first]
    assert second.right.text == ""  # labelled once per paragraph
    assert rescue[0].difference and not rescue[1].difference
    forecast = next(b for b in layout.blocks if b.right.startswith("Forecasters"))
    line = layout.lines[forecast.first]
    assert line.right.mark == "+" and line.left.text == "paragraph not in Daily Alpha"


def test_differing_number_highlighted_with_a_note(storm: Comparison) -> None:
    """Both values are spans of kind 'number'; a note under the row gives both and the ratio."""
    layout = build_layout(storm, 60)
    block = next(b for b in layout.blocks if "homes" in b.left)
    lines = layout.lines[block.first : block.first + block.height]
    numbers = [
        (getattr(line, side).text[s:e], side)
        for line in lines
        for side in ("left", "right")
        for s, e, kind in getattr(line, side).spans
        if kind == "number"
    ]
    # In the text, then both values on the note line of each side.
    text_values = [("3,000", "left"), ("30,000", "right")]
    note_values = [("3,000", "left"), ("30,000", "left"), ("3,000", "right"), ("30,000", "right")]
    assert numbers == [*text_values, *note_values]
    # The two test articles were published on different days: the later one is named.
    later = "\u2260 3,000 vs 30,000 \u00d710 \u00b7 later report (Beta News)"
    assert lines[-1].left.text == later == lines[-1].right.text
    assert block.difference


def test_changed_words_are_spans(storm: Comparison) -> None:
    """Words of a changed row that differ carry the 'word' kind."""
    layout = build_layout(storm, 40)
    block = next(b for b in layout.blocks if b.right.endswith("Wednesday."))
    changed = [
        line.right.text[s:e]
        for line in layout.lines[block.first : block.first + block.height]
        for s, e, kind in line.right.spans
        if kind == "word"
    ]
    assert changed == ["and", "Wednesday"]


def test_moved_rows_say_where_the_counterpart_sits(syria: Comparison) -> None:
    """A moved row has a note on each side naming the paragraph in the other article."""
    layout = build_layout(syria, 60)
    moved = [b for b in layout.blocks if b.kind == "moved"]
    assert moved
    note = layout.lines[moved[0].first + moved[0].height - 1]
    assert (
        note.left.text.startswith("\u2195 moved: \u00b6") and "themoscowtimes.com" in note.left.text
    )
    assert note.right.text.startswith("\u2195 moved: \u00b6") and "IBTimes" in note.right.text


def test_boilerplate_hidden_by_default_shown_on_request(storm: Comparison) -> None:
    """Boilerplate appears only with boilerplate=True, as one-sided dimmed blocks."""
    hidden = build_layout(storm, 60)
    assert all(b.kind != "boilerplate" for b in hidden.blocks)
    shown = build_layout(storm, 60, boilerplate=True)
    ad = next(b for b in shown.blocks if b.left.startswith("Advertisement"))
    assert ad.kind == "boilerplate" and not ad.difference
    assert shown.lines[ad.first].left.kind == "boilerplate"
    assert len(shown.blocks) > len(hidden.blocks)
    assert [b.row for b in shown.blocks if b.row is not None] == [b.row for b in hidden.blocks]


def test_both_headline_blocks_stand_at_the_top(tmp_path: Path) -> None:
    """With boilerplate shown, each side's headline and date line open the layout level
    with the other's, even when the first row is one side's paragraph alone."""
    (tmp_path / "a.txt").write_text(
        "Escape renews calls for a prison shake-up\n\nMarch 3, 2017\n\n"
        "Officials faced new questions about how phones were smuggled into the prisons.\n\n"
        "A convicted robber escaped from a van on the way to a hospital on Monday.\n",
        encoding="utf-8",
    )
    (tmp_path / "b.txt").write_text(
        "Convicted robber on the run in the north\n\nMar. 3, 2017\n\n"
        "A convicted robber escaped from a van on the way to a hospital on Monday.\n",
        encoding="utf-8",
    )
    c = compare(load_article(tmp_path / "a.txt"), load_article(tmp_path / "b.txt"))
    assert c.rows[0].kind == "left_only"
    shown = build_layout(c, 60, boilerplate=True)
    heads = [b for b in shown.blocks if b.kind == "boilerplate"]
    first_row = next(b for b in shown.blocks if b.row is not None)
    assert [b.left for b in heads][:2] == [
        "Escape renews calls for a prison shake-up", "March 3, 2017"
    ]
    assert [b.right for b in heads][:2] == ["Convicted robber on the run in the north", "Mar. 3, 2017"]
    assert all(b.first < first_row.first for b in heads[:2])


def test_block_near_keeps_the_row_across_relayouts(storm: Comparison) -> None:
    """Toggling boilerplate or resizing finds the same comparison row again."""
    narrow = build_layout(storm, 30)
    wide = build_layout(storm, 90, boilerplate=True)
    for block in narrow.blocks:
        again = wide.blocks[wide.block_near(block.anchor, block.kind)]
        assert again.row == block.row


def test_find_matches_both_panes(storm: Comparison) -> None:
    """Search is case-insensitive, covers both sides and maps onto the wrapped cells."""
    layout = build_layout(storm, 30)
    matches = find(layout, "POWER")
    assert {m.side for m in matches} == {"left", "right"}
    for m in matches:
        text = _side_text(layout, m.block, m.side)
        assert text[m.start : m.end].lower() == "power"
        block = layout.blocks[m.block]
        pieces = [
            getattr(line, m.side).text[s:e]
            for line in layout.lines[block.first : block.first + block.height]
            for s, e, _ in cell_matches(getattr(line, m.side), [m])
        ]
        assert "".join(pieces).lower() == "power"
    assert find(layout, "") == ()


@pytest.mark.parametrize("boilerplate", [False, True])
def test_other_notes_redo_only_their_rows_and_match_a_fresh_layout(
    syria: Comparison, boilerplate: bool
) -> None:
    """A layout made from the last one with other notes (`_renoted`) is the layout made
    afresh with those notes, whichever notes came before."""
    import random

    from reader.ui.layout import NoteMarks, _build

    rng = random.Random(7)
    rows = len(syria.rows)

    def some_notes() -> dict[int, NoteMarks]:
        marks = {}
        for row in rng.sample(range(rows), 6):
            sides = frozenset(rng.sample(["left", "right"], rng.randint(1, 2)))
            text = " ".join(["note"] * rng.randint(1, 40))
            lines = tuple((sides, text) for _ in range(rng.randint(0, 2)))
            marks[row] = NoteMarks(sides, lines)  # type: ignore[arg-type]
        return marks

    for width in (40, 71):
        previous = build_layout(syria, width, boilerplate=boilerplate)
        for _ in range(4):
            notes = some_notes()
            fresh = _build(syria, width, boilerplate, build_layout.__kwdefaults__["highlight"],
                           notes)  # fmt: skip
            made = build_layout(syria, width, boilerplate=boilerplate, notes=notes)
            assert made == fresh and made is not previous
            previous = made
        assert build_layout(syria, width, boilerplate=boilerplate) == _build(
            syria, width, boilerplate, build_layout.__kwdefaults__["highlight"], {}
        )


def test_every_sentence_of_a_long_quotation_is_styled_as_one(tmp_path: Path) -> None:
    """A quotation of three sentences: the middle one, which has no quote mark of its own,
    is styled as quoted speech, and the attribution after the closing mark is not."""
    from pygments.token import String

    text = (
        "The minister spoke at the port on Monday.\n\n"
        'She said: "We will rebuild the harbour wall. We will pay for every boat lost. '
        'Nobody will be left behind," the minister told reporters.\n'
    )
    (tmp_path / "a.txt").write_text(text, encoding="utf-8")
    (tmp_path / "b.txt").write_text("The minister spoke at the port on Monday.\n", "utf-8")
    c = compare(load_article(tmp_path / "a.txt"), load_article(tmp_path / "b.txt"))
    layout = build_layout(c, 120)

    def quoted(ending: str) -> list[str]:
        block = next(b for b in layout.blocks if b.left.endswith(ending))
        lines = layout.lines[block.first : block.first + block.height]
        return [line.left.text[s:e] for line in lines for s, e, kind in line.left.spans
                if kind is String]  # fmt: skip

    assert quoted("every boat lost.") == ["We will pay for every boat lost."]
    assert quoted("told reporters.") == ["Nobody will be left behind,"]
