"""A handful of screenshots: the pair view, a differing number, a missing paragraph,
the pair picker, the help screen, boilerplate shown.

Deterministic: fixed terminal size, tiny fixtures, animations off, every worker done
before the screenshot. Update with `pytest tests/ui --snapshot-update` after reading
`snapshot_report.html`.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from textual.pilot import Pilot

from reader.ui.screens.compare import CompareScreen
from tests.ui.conftest import LEFT_DATA, RIGHT_DATA, build, keys_then_settle, press, settle

SIZE = (120, 36)
Snap = Callable[..., bool]


def _until(predicate: Callable[[CompareScreen], bool]) -> Callable[[Pilot[object]], object]:
    """A run_before pressing ] until the current row satisfies `predicate`."""

    async def run_before(pilot: Pilot[object]) -> None:
        app = pilot.app
        await settle(app, pilot)
        screen = app.screen
        assert isinstance(screen, CompareScreen)
        for _ in range(40):
            if predicate(screen):
                return
            await press(app, pilot, "]")
        raise AssertionError("difference not reached")

    return run_before


def test_pair_view(snap_compare: Snap, articles_dir: Path) -> None:
    """Two storm reports: changed words, a differing number, a paragraph each side lacks."""
    app = build(articles_dir, left="alpha.txt", right="beta.txt")
    assert snap_compare(app, terminal_size=SIZE, run_before=keys_then_settle())


def test_number_discrepancy(snap_compare: Snap, data_dir: Path) -> None:
    """IBTimes '3,000' against The Moscow Times '300,000' displaced civilians, a hundredfold."""
    app = build(data_dir, left=LEFT_DATA, right=RIGHT_DATA)

    def on_number(screen: CompareScreen) -> bool:
        block = screen.side_by_side.current_block
        return block is not None and "300,000" in block.right

    assert snap_compare(app, terminal_size=SIZE, run_before=_until(on_number))


def test_missing_paragraph(snap_compare: Snap, data_dir: Path) -> None:
    """A Moscow Times paragraph IBTimes lacks: marked on the right, labelled on the left."""
    app = build(data_dir, left=LEFT_DATA, right=RIGHT_DATA)

    def on_missing(screen: CompareScreen) -> bool:
        view = screen.side_by_side
        block = view.current_block
        return (
            block is not None
            and block.kind == "right_only"
            and (view.view_model.lines[block.first].left.text.startswith("paragraph not in"))
        )

    assert snap_compare(app, terminal_size=SIZE, run_before=_until(on_missing))


def test_pair_picker(snap_compare: Snap, articles_dir: Path) -> None:
    """P lists every pair with its similarity, most similar first."""
    app = build(articles_dir, left="alpha.txt", right="beta.txt")
    assert snap_compare(app, terminal_size=SIZE, run_before=keys_then_settle("P"))


def test_help_screen(snap_compare: Snap, articles_dir: Path) -> None:
    """? lists every key."""
    app = build(articles_dir, left="alpha.txt", right="beta.txt")
    assert snap_compare(app, terminal_size=SIZE, run_before=keys_then_settle("question_mark"))


def test_boilerplate_shown(snap_compare: Snap, articles_dir: Path) -> None:
    """b shows boilerplate dimmed in place (front matter at the top, the advert at the end)."""
    app = build(articles_dir, left="alpha.txt", right="beta.txt")
    assert snap_compare(app, terminal_size=SIZE, run_before=keys_then_settle("b", "G"))


def test_reading_order(snap_compare: Snap, data_dir: Path) -> None:
    """The sample pair in reading order: each pane in its article's order, the passages
    one side alone has standing side by side, a moved sentence numbered on both sides."""
    app = build(data_dir, left=LEFT_DATA, right=RIGHT_DATA)
    assert snap_compare(app, terminal_size=SIZE, run_before=keys_then_settle("v"))


def test_filter_bar(snap_compare: Snap, data_dir: Path) -> None:
    """Only what the right alone has: the filter bar names it, the key bar offers F."""
    app = build(data_dir, left=LEFT_DATA, right=RIGHT_DATA)
    assert snap_compare(app, terminal_size=SIZE, run_before=keys_then_settle("f", "f"))
