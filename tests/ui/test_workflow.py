"""The fact-checker's keys, pressed through Pilot: layouts, jumps, filters."""

from __future__ import annotations

import shutil
from pathlib import Path

from reader.ui.screens.compare import CompareScreen
from reader.ui.stops import FILTER_NAMES
from tests.ui.conftest import DATA, build, press, screen_lines, settle

SIZE = (120, 36)
PAIR = {"left": "000_9df743b66480a7ad.txt", "right": "002_9f6a1060a2f4700f.txt"}


def _screen(app: object) -> CompareScreen:
    screen = app.screen  # type: ignore[attr-defined]
    assert isinstance(screen, CompareScreen)
    return screen


async def test_v_switches_to_reading_order_and_back_on_the_same_row(data_dir: Path) -> None:
    """v lays the pair out in reading order (said in the status line), keeping the row;
    v again returns to aligned rows."""
    app = build(data_dir, **PAIR)
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)
        screen = _screen(app)
        view = screen.side_by_side
        await press(app, pilot, "]", "]", "]")
        row = view.current_block.row
        aligned = view.view_model
        await press(app, pilot, "v")
        assert view.reading and view.view_model is not aligned
        assert view.current_block.row == row
        assert "reading order" in screen_lines(app)[-2]
        left_order = [
            i
            for b in view.view_model.blocks
            if b.row is not None and b.left
            for i in view.comparison.rows[b.row].left
        ]
        assert left_order == sorted(left_order)
        await press(app, pilot, "v")
        assert not view.reading and view.view_model is aligned
        assert "reading order" not in screen_lines(app)[-2]


async def test_reading_order_keys_walk_both_panes(data_dir: Path) -> None:
    """In reading order j walks down the screen through both panes' blocks and ] stops
    only on differences."""
    app = build(data_dir, **PAIR)
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)
        view = _screen(app).side_by_side
        await press(app, pilot, "v")
        firsts = []
        for _ in range(8):
            await press(app, pilot, "j")
            firsts.append(view.current_block.first)
        assert firsts == sorted(firsts)
        await press(app, pilot, "g", "]")
        assert view.current_block.difference


async def test_d_jumps_from_differing_number_to_differing_number(data_dir: Path) -> None:
    """d lands only on rows whose numbers differ (3,000 vs 300,000 among them); past the
    last, it goes on (here: round to the pair's first, the only pair with one)."""
    app = build(data_dir, **PAIR)
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)
        view = _screen(app).side_by_side
        rows = []
        for _ in range(4):
            await press(app, pilot, "d")
            block = view.current_block
            row = view.comparison.rows[block.row]
            assert any(n.differs for n in row.numbers)
            rows.append(block.row)
        texts = [view.view_model.blocks[view.view_model.block_of_row(r)] for r in rows]
        assert any("300,000" in b.left + b.right and "3,000" in b.left + b.right for b in texts)
        assert len(set(rows)) < len(rows)  # came round again rather than stopping
        await press(app, pilot, "D")
        assert any(n.differs for n in view.comparison.rows[view.current_block.row].numbers)


async def test_d_goes_on_into_the_next_pair_with_a_differing_number(articles_dir: Path) -> None:
    """In a story of three storm articles, d past a pair's last differing number opens
    another pair that has one, on its first."""
    app = build(articles_dir)
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)
        screen = _screen(app)
        view = screen.side_by_side
        seen = set()
        for _ in range(6):
            await press(app, pilot, "d")
            block = view.current_block
            assert any(n.differs for n in view.comparison.rows[block.row].numbers)
            seen.add(frozenset(screen.view_key()))
        with_numbers = [
            k
            for k in screen.pairs()
            if any(
                n.differs
                for row in (
                    screen.book.comparisons.get(k) or screen.book.comparisons[(k[1], k[0])]
                ).rows
                for n in row.numbers
            )
        ]
        assert len(seen) == len(with_numbers) >= 2


async def test_m_r_and_apostrophe_jump_to_their_kind(data_dir: Path) -> None:
    """m/M stop on passages one side lacks, r/R on moved sentences, '/" on noted rows
    (none yet: a notice, the cursor stays)."""
    app = build(data_dir, **PAIR)
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)
        view = _screen(app).side_by_side
        await press(app, pilot, "m")
        assert view.current_block.kind in ("left_only", "right_only")
        await press(app, pilot, "m", "M")
        assert view.current_block.kind in ("left_only", "right_only")
        kinds = {b.kind for b in view.view_model.blocks}
        await press(app, pilot, "g", "r")
        if "moved" in kinds:  # whether the aligner finds a move here is its business
            assert view.current_block.kind == "moved"
            await press(app, pilot, "G", "R")
            assert view.current_block.kind == "moved"
        else:
            assert any("No more moved sentences" in n.message for n in app._notifications)
        before = view.cursor_row
        await press(app, pilot, "apostrophe")
        assert view.cursor_row == before
        assert any("No more noted rows" in n.message for n in app._notifications)
        await press(app, pilot, "quotation_mark")
        assert view.cursor_row == before
        assert any("No earlier noted rows" in n.message for n in app._notifications)


async def test_f_filters_rows_and_shows_the_filter_in_the_bars(data_dir: Path) -> None:
    """f steps through the filters: only differing numbers, only the left's, only the
    right's, only changed; the filter bar and the key bar (F) say one is on; F clears."""
    app = build(data_dir, **PAIR)
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)
        screen = _screen(app)
        view = screen.side_by_side
        rows = view.comparison.rows
        every = len(view.view_model.blocks)
        assert "F All rows" not in screen_lines(app)[-1]
        await press(app, pilot, "f")
        assert screen.filter == "numbers"
        assert view.view_model.blocks
        assert all(any(n.differs for n in rows[b.row].numbers) for b in view.view_model.blocks)
        lines = screen_lines(app)
        assert any("Filter: only differing numbers" in line for line in lines)
        assert "F All rows" in lines[-1]
        await press(app, pilot, "f")
        assert {b.kind for b in view.view_model.blocks} == {"left_only"}
        await press(app, pilot, "f")
        assert {b.kind for b in view.view_model.blocks} <= {"right_only"}
        await press(app, pilot, "f")
        assert {b.kind for b in view.view_model.blocks} <= {"changed", "moved"}
        await press(app, pilot, "v")  # the filter holds in reading order too
        assert {b.kind for b in view.view_model.blocks} <= {"changed", "moved"}
        await press(app, pilot, "F")
        assert screen.filter == "all" and len(view.view_model.blocks) >= every - 1
        assert not any("Filter:" in line for line in screen_lines(app))


async def test_a_notice_that_a_filter_leaves_nothing_goes_with_that_filter(tmp_path: Path) -> None:
    """'Nothing in this pair: ...' is shown while that filter is on, and not after f has
    moved on to a filter that shows rows (it would name the wrong filter)."""
    names = ("000_9df743b66480a7ad.txt", "001_ed291552c9638a97.txt")  # no differing number
    for name in names:
        shutil.copy(DATA / name, tmp_path / name)
    app = build(tmp_path, left=names[0], right=names[1])
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)
        screen = _screen(app)
        view = screen.side_by_side
        empty_seen = False
        for _ in range(4):
            await press(app, pilot, "f")
            notices = [n.message for n in app._notifications if "Nothing in this pair" in n.message]
            if view.view_model.blocks:
                assert not notices, (screen.filter, notices)
            else:
                empty_seen = True
                assert len(notices) == 1 and FILTER_NAMES[screen.filter] in notices[0]
        assert empty_seen


async def test_the_minimap_marks_the_differing_number(data_dir: Path) -> None:
    """The column beside the scrollbar shows ≠ where the pair's differing number is, and
    clicking it scrolls the panes there."""
    app = build(data_dir, **PAIR)
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)
        screen = _screen(app)
        minimap = screen.query_one("#minimap")
        marks = minimap.marks()
        assert "number" in marks
        y = marks.index("number")
        region = minimap.region
        assert screen_lines(app)[region.y + y][region.x] == "\u2260"
        await pilot.click("#minimap", offset=(0, y))
        await settle(app, pilot)
        view = screen.side_by_side
        top = round(view.scroll_y)
        shown = range(top, top + view.scrollable_content_region.height)
        numbered = [
            b
            for b in view.view_model.blocks
            if any(n.differs for n in view.comparison.rows[b.row].numbers)
        ]
        assert any(b.first in shown for b in numbered)


def _sidecar(folder: Path) -> list[dict]:
    import json

    path = folder / ".reader-notes.json"
    return json.loads(path.read_text("utf-8"))["items"] if path.exists() else []


def _row_of(view: object, side: str, sentence: int) -> object:
    comparison = view.comparison  # type: ignore[attr-defined]
    return next(r for r in comparison.rows if sentence in getattr(r, side))


async def _link_first_one_sided(app: object, pilot: object) -> tuple[int, int]:
    """Press m to a sentence one side lacks, c, and Enter on the best match; returns the
    (left, right) sentences linked."""
    from reader.ui.screens.sentences import SentencePicker

    screen = _screen(app)
    view = screen.side_by_side
    await press(app, pilot, "m")
    block = view.current_block
    row = view.comparison.rows[block.row]
    side = "left" if row.left else "right"
    if side == "right":
        await press(app, pilot, "tab")
    mine = (row.left or row.right)[0]
    await press(app, pilot, "c")
    picker = app.screen  # type: ignore[attr-defined]
    assert isinstance(picker, SentencePicker)
    other = picker.query_one("#sentence-list").highlighted
    await press(app, pilot, "enter")
    await settle(app, pilot)
    return (mine, other) if side == "left" else (other, mine)


async def test_a_link_made_by_hand_round_trips_through_the_sidecar(data_dir: Path) -> None:
    """c links a sentence the aligner left alone: the sidecar holds a linking annotation
    with two targets, the pair is aligned again with the two on one row (marked as linked
    by hand); a new reader on the folder applies it again; C removes it, u undoes that."""
    app = build(data_dir, **PAIR)
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)
        view = _screen(app).side_by_side
        i, j = await _link_first_one_sided(app, pilot)
        items = _sidecar(data_dir)
        assert [a["motivation"] for a in items] == ["linking"]
        assert len(items[0]["target"]) == 2
        row = _row_of(view, "left", i)
        assert j in row.right and row.kind in ("same", "changed", "moved")
        assert "\u21c4 linked by hand" in view.current_block_text()
        # A correction is said under the row, not marked as a note: no marker after the
        # gutter, none before the line, and the next-note key does not stop there.
        block = view.current_block
        first = view.view_model.lines[block.first]
        assert not first.left.noted and not first.right.noted
        assert "\u270e" not in view.current_block_text()
        assert not any(marks.noted for marks in view.notes.values())
    app = build(data_dir, **PAIR)
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)
        view = _screen(app).side_by_side
        assert j in _row_of(view, "left", i).right  # applied on load
        await press(app, pilot, "g")
        while view.current_block.row is None or i not in view.comparison.rows[
            view.current_block.row
        ].left:
            await press(app, pilot, "j")
        await press(app, pilot, "C")  # a hand-made link: C deletes it
        await settle(app, pilot)
        assert _sidecar(data_dir) == []
        assert j not in _row_of(view, "left", i).right
        await press(app, pilot, "G")
        row = view.comparison.rows[view.current_block.row]
        here = ("left", row.left[0]) if row.left else ("right", row.right[0])
        await press(app, pilot, "u")  # and u brings it back
        await settle(app, pilot)
        assert [a["motivation"] for a in _sidecar(data_dir)] == ["linking"]
        assert j in _row_of(view, "left", i).right
        # The cursor stays on the sentence it was on.
        row = view.comparison.rows[view.current_block.row]
        assert here[1] in (row.left if here[0] == "left" else row.right)


async def test_a_link_survives_an_edited_article_and_applies_in_reader_compare(
    data_dir: Path,
) -> None:
    """After the left article gains a paragraph at the top, the link is found again (the
    sentence indices shift); `reader compare` applies it too."""
    import contextlib
    import io
    import json

    from reader.cli import main

    app = build(data_dir, **PAIR)
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)
        i, j = await _link_first_one_sided(app, pilot)
    left = data_dir / PAIR["left"]
    text = left.read_text("utf-8")
    body = text.index("\n\n") + 2 if text.startswith("---") else 0
    left.write_text(text[:body] + "A new first paragraph, written after the link.\n\n" + text[body:])
    app = build(data_dir, **PAIR)
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)
        view = _screen(app).side_by_side
        moved = [s.index for s in view.comparison.left.sentences if s.text.startswith("A new")]
        shift = 1 if moved and moved[0] <= i else 0
        assert j in _row_of(view, "left", i + shift).right
        left_text = view.comparison.left.sentences[i + shift].text
        right_text = view.comparison.right.sentences[j].text
    out = io.StringIO()
    with contextlib.redirect_stdout(out):
        code = main(["compare", str(left), str(data_dir / PAIR["right"]), "--format", "json"])
    assert code == 0
    rows = json.loads(out.getvalue())["rows"]
    assert any(
        [s["clean"] for s in r["left"]] == [left_text]
        and [s["clean"] for s in r["right"]] == [right_text]
        for r in rows
    )


async def test_unlink_and_reviewed(data_dir: Path) -> None:
    """C on a row the aligner linked saves a not-linked pair and leaves both sentences
    alone; u brings the link back; ! marks a row reviewed and ! again unmarks it."""
    app = build(data_dir, **PAIR)
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)
        view = _screen(app).side_by_side
        await press(app, pilot, "g")
        while not (view.current_block.left and view.current_block.right):
            await press(app, pilot, "j")
        row = view.comparison.rows[view.current_block.row]
        i, j = row.left[0], row.right[0]
        await press(app, pilot, "C")
        await settle(app, pilot)
        assert [a["body"][0]["value"] for a in _sidecar(data_dir)] == ["not-linked"]
        assert not _row_of(view, "left", i).right
        await press(app, pilot, "u")
        await settle(app, pilot)
        assert j in _row_of(view, "left", i).right
        await press(app, pilot, "exclamation_mark")
        await settle(app, pilot)
        assert [a["body"][0]["value"] for a in _sidecar(data_dir)] == ["reviewed"]
        assert "\u2713 reviewed" in view.current_block_text()
        await press(app, pilot, "exclamation_mark")
        await settle(app, pilot)
        assert _sidecar(data_dir) == []


async def test_export_writes_the_story_report_with_links_and_notes(
    data_dir: Path, tmp_path: Path, monkeypatch: object
) -> None:
    """The palette's export writes the story's report (here HTML) to the current folder,
    with the link made by hand; copy puts the row (outlets, both sentences, the numbers)
    in reader-row.txt and on the clipboard."""
    out = tmp_path / "out"
    out.mkdir()
    monkeypatch.chdir(out)  # type: ignore[attr-defined]
    app = build(data_dir, **PAIR)
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)
        screen = _screen(app)
        await _link_first_one_sided(app, pilot)
        await press(app, pilot, "g", "d")
        screen.action_copy_row()
        await settle(app, pilot)
        row = (out / "reader-row.txt").read_text("utf-8")
        assert "IBTimes: " in row and "themoscowtimes.com: " in row
        assert "Numbers differ: 3,000 vs 300,000" in row
        assert app.clipboard == row
        screen.action_export("story", "html")
        await settle(app, pilot)
    (page,) = out.glob("reader-story-*.html")
    html = page.read_text("utf-8")
    assert "linked by hand" in html
    assert "IBTimes" in html and "themoscowtimes.com" in html


async def test_the_palette_offers_the_new_actions(data_dir: Path) -> None:
    """ctrl+p lists export, filter, layout, link and jump commands by name."""
    from reader.ui.commands import COMMANDS

    names = {name for name, *_ in COMMANDS}
    for name in (
        "export: story report as HTML",
        "export: pair report as JSON",
        "export: copy the current row",
        "filter: only differing numbers",
        "view: switch layout",
        "link: link the sentence to another",
        "difference: next number",
    ):
        assert name in names
    app = build(data_dir, **PAIR)
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)
        await press(app, pilot, "ctrl+p")
        await pilot.press(*"only differing")
        await settle(app, pilot)
        await press(app, pilot, "enter")
        assert _screen(app).filter == "numbers"


async def test_noted_rows_are_jump_stops(data_dir: Path) -> None:
    """With a note on a row, ' lands on it from the top and " back from the bottom."""
    app = build(data_dir, **PAIR)
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)
        screen = _screen(app)
        view = screen.side_by_side
        await press(app, pilot, "d", "exclamation_mark")  # a reviewed mark is a note too
        await settle(app, pilot)
        noted = view.current_block.row
        await press(app, pilot, "g", "apostrophe")
        assert view.current_block.row == noted
        await press(app, pilot, "G", "quotation_mark")
        assert view.current_block.row == noted


async def test_linking_works_in_reading_order(data_dir: Path) -> None:
    """In reading order, c on a sentence one side alone has links it as in aligned rows;
    the view stays in reading order."""
    app = build(data_dir, **PAIR)
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)
        view = _screen(app).side_by_side
        await press(app, pilot, "v")
        i, j = await _link_first_one_sided(app, pilot)
        assert view.reading
        assert j in _row_of(view, "left", i).right
        assert [a["motivation"] for a in _sidecar(data_dir)] == ["linking"]
