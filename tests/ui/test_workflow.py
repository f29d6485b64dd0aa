"""The fact-checker's keys, pressed through Pilot: layouts, jumps, filters."""

from __future__ import annotations

from pathlib import Path

from reader.ui.screens.compare import CompareScreen
from tests.ui.conftest import build, press, screen_lines, settle

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
