"""Notes on the view, without an app: target choices, rows a note touches, the notes list
filter, and how the layout and renderer show markers and note lines."""

from __future__ import annotations

import subprocess
import sys

import pytest
from textual.style import Style

from reader.ingest.article import load_article
from reader.align.compare import compare
from reader.core.model import Comparison
from reader.store import Anchored, Note, Target, anchor_note
from reader.ui.layout import NOTE_LINES, NOTE_MARK, Cell, NoteMarks, build_layout
from reader.ui.notemap import (
    Places,
    choices,
    default_choice,
    entries,
    first_row,
    matches,
    note_marks,
    notes_at,
    one_line,
)
from reader.ui.render import Paint, cell_content
from reader.ui.status import Status
from tests.conftest import SEEDS

IBT, MOSCOW = "000_9df743b66480a7ad.txt", "002_9f6a1060a2f4700f.txt"


@pytest.fixture(scope="module")
def pair() -> Comparison:
    """IBTimes (3,000 civilians) against The Moscow Times (300,000)."""
    return compare(load_article(SEEDS / IBT), load_article(SEEDS / MOSCOW))


def _number_row(c: Comparison) -> int:
    return next(i for i, r in enumerate(c.rows) if any(n.differs for n in r.numbers))


def _note(note_id: str, *targets: Target, text: str = "a note", tags: tuple[str, ...] = ()) -> Note:
    return Note(note_id, text, tags, targets, "2024-05-01T09:00:00Z", "2024-05-01T09:00:00Z")


def _places(c: Comparison, *notes: Note) -> Places:
    texts = {c.left.name: c.left.text, c.right.name: c.right.text}
    return {n.id: anchor_note(n, texts) for n in notes}


def test_a_row_with_both_sides_and_a_differing_number_offers_four_targets(pair: Comparison) -> None:
    """The pair, each sentence, and the number, whose targets are the numbers' own spans."""
    options = choices(pair, _number_row(pair))
    assert [o.key for o in options] == ["pair", "left", "right", "number"]
    assert [len(o.targets) for o in options] == [2, 1, 1, 2]
    assert options[3].label == "the number 3,000 vs 300,000"
    assert [t.exact for t in options[3].targets] == ["3,000", "300,000"]
    assert [t.source for t in options[0].targets] == [IBT, MOSCOW]
    for target in options[0].targets:
        text = pair.left.text if target.source == IBT else pair.right.text
        assert text[target.start : target.end] == target.exact


def test_the_default_is_the_number_then_the_pair_unless_a_pane_was_chosen(
    pair: Comparison,
) -> None:
    """The differing number on a row whose numbers differ, else the pair; the active pane
    picks its side; a one-sided row takes its side."""
    options = choices(pair, _number_row(pair))
    assert options[default_choice(options)].key == "number"
    assert options[default_choice(options, "right")].key == "right"
    plain_row = next(
        i
        for i, r in enumerate(pair.rows)
        if r.left and r.right and not any(n.differs for n in r.numbers)
    )
    options = choices(pair, plain_row)
    assert options[default_choice(options)].key == "pair"
    one_sided = next(i for i, r in enumerate(pair.rows) if r.kind == "right_only")
    options = choices(pair, one_sided)
    assert [o.key for o in options] == ["right"]
    assert default_choice(options, "left") == 0


def test_a_note_marks_the_rows_and_sides_it_is_about(pair: Comparison) -> None:
    """A pair note marks both sides of its row and shows its line in both panes; a note on
    one article marks that side only, and shows on any pair holding that article."""
    row = _number_row(pair)
    both = _note("urn:1", *choices(pair, row)[0].targets, text="two zeros", tags=("discrepancy",))
    right = _note("urn:2", choices(pair, row)[2].targets[0], text="check")
    other = _note("urn:3", Target("elsewhere.txt", "text", start=0, end=4))
    places = _places(pair, both, right, other)
    marks = note_marks(pair, (both, right, other), places)
    assert list(marks) == [row]
    assert marks[row].sides == {"left", "right"}
    assert marks[row].lines == (
        (frozenset({"left", "right"}), "two zeros #discrepancy"),
        (frozenset({"right"}), "check"),
    )
    assert notes_at(pair, row, (both, right, other), places) == (both, right)
    assert first_row(pair, right, places) == row
    assert first_row(pair, other, places) is None
    swapped = compare(pair.right, pair.left)
    assert note_marks(swapped, (right,), places)[_number_row(swapped)].sides == {"left"}


def test_a_target_between_sentences_marks_the_nearest_row(pair: Comparison) -> None:
    """A passage outside every body sentence (a headline) still shows on a row."""
    first = pair.left.sentences[0]
    note = _note("urn:h", Target(IBT, "x", start=0, end=1))
    places: Places = {"urn:h": (Anchored("urn:h", IBT, 0, 1, "exact", 100.0, "x"),)}
    assert first.start > 1
    row = first_row(pair, note, places)
    assert row is not None and first.index in pair.rows[row].left


def test_entries_list_quotes_status_and_filter_by_words_and_tags() -> None:
    """Orphans say 'not found in the current text'; '#tag' matches tags by prefix; every
    word must match, in any case."""
    found = _note("urn:a", Target(IBT, "over 3,000 civilians"), text="IBTimes\ndropped zeros",
                  tags=("discrepancy", "needs-source"))  # fmt: skip
    lost = _note("urn:b", Target(MOSCOW, "a vanished sentence"), text="", tags=("verified",))
    places: Places = {
        "urn:a": (Anchored("urn:a", IBT, 3, 23, "moved", 100.0, "over 3,000 civilians"),),
        "urn:b": (Anchored("urn:b", MOSCOW, None, None, "orphan", 0.0, "a vanished sentence"),),
    }
    listed = entries((found, lost), places, {IBT: "IBTimes"})
    assert listed[0].text == "IBTimes \u00b6 dropped zeros"
    assert listed[0].tags == "#discrepancy #needs-source"
    assert listed[0].quotes == ((f"IBTimes ({IBT})", "over 3,000 civilians", "moved"),)
    assert listed[1].text == "(tags only)"
    assert listed[1].quotes == ((MOSCOW, "a vanished sentence", "not found in the current text"),)
    assert [matches(e, "#need") for e in listed] == [True, False]
    assert [matches(e, "#verified") for e in listed] == [False, True]
    assert [matches(e, "ZEROS ibtimes") for e in listed] == [True, False]
    assert [matches(e, "zeros vanished") for e in listed] == [False, False]
    assert [matches(e, "not found") for e in listed] == [False, True]
    assert [matches(e, "") for e in listed] == [True, True]


def test_one_line_folds_lines_and_escapes_controls() -> None:
    """A note shown under a row is one line; control characters are shown, not obeyed."""
    note = _note("urn:c", Target(IBT, "x"), text="first\nsecond \x1b[31mred", tags=("a b",))
    assert one_line(note) == "first \u00b6 second \\x1b[31mred #a b"


def test_the_layout_marks_noted_sides_and_cuts_long_notes(pair: Comparison) -> None:
    """The noted side's first line carries the marker; a long note takes at most
    NOTE_LINES lines, cut with an ellipsis."""
    row = _number_row(pair)
    long = "word " * 200
    marks = {row: NoteMarks(frozenset({"right"}), ((frozenset({"right"}), long.strip()),))}
    layout = build_layout(pair, 50, notes=marks)
    block = layout.blocks[layout.block_of_row(row)]  # type: ignore[index]
    lines = layout.lines[block.first : block.first + block.height]
    assert lines[0].right.noted and not lines[0].left.noted
    assert not any(line.right.noted for line in lines[1:])
    noted = [line for line in lines if line.right.text.startswith(NOTE_MARK)]
    assert len(noted) == 1
    at = lines.index(noted[0])
    note_lines = lines[at : at + NOTE_LINES]
    assert all(line.right.kind == "note" and line.left.text == "" for line in note_lines)
    assert note_lines[-1].right.text.endswith("\u2026")
    assert len(lines) == at + NOTE_LINES
    plain_layout = build_layout(pair, 50)
    assert len(plain_layout.lines) == len(layout.lines) - NOTE_LINES


def test_note_text_is_never_markup() -> None:
    """Text holding markup is shown as typed; the marker sits after the gutter mark."""
    text = "[b]bold[/b] [@click=app.quit]x[/]"
    content = cell_content(Cell(text, (), "~", "changed", 0, noted=True), "left", 60, Paint())
    assert content.plain.startswith(f"~{NOTE_MARK}{text}")
    line = "".join(segment.text for segment in content.render_segments(Style()))
    assert text in line


def test_the_status_line_counts_the_pairs_notes(pair: Comparison) -> None:
    """'✎ 2 notes' after the modes; 'notes off' when the notes file could not be read."""
    assert "1 number differs \u00b7 \u270e 2 notes \u00b7 " in Status(pair, 0, 1, notes=2).text()
    assert "\u270e 1 note \u00b7 " in Status(pair, 0, 1, notes=1).text()
    assert "notes off" in Status(pair, 0, 1, notes=3, notes_off=True).text()
    assert "note" not in Status(pair, 0, 1).text()


def test_the_notes_view_model_does_not_import_textual() -> None:
    """notemap and lines stay pure, like layout."""
    code = (
        "import sys, reader.ui.notemap, reader.ui.lines;"
        "assert 'textual' not in sys.modules, 'textual imported'"
    )
    subprocess.run([sys.executable, "-c", code], check=True)
