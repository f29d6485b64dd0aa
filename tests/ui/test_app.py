"""The reader as a whole: loading, errors, scroll sync, hostile text, caching."""

from __future__ import annotations

import contextlib
import re
from pathlib import Path

import pytest
from textual import events
from textual.message import Message
from textual.scrollbar import ScrollTo
from textual.worker import WorkerFailed

from reader.ui.app import make_app
from reader.ui.launch import run_app
from reader.ui.messages import ArticleLoaded, PairAligned
from reader.ui.screens.compare import CompareScreen
from reader.ui.widgets.sidebyside import DIVIDER, SideBySide
from tests.ui.conftest import ALPHA, BETA, LEFT_DATA, RIGHT_DATA, build, press, screen_lines, settle

SIZE = (120, 36)
STATUS = re.compile(
    r"IBTimes \u27f7 themoscowtimes\.com \u00b7 pair 1 of 1 \u00b7 \d+ numbers? differs? \u00b7 "
    r"\d+ same \u00b7 \d+ changed \u00b7 \d+ moved \u00b7 \d+ missing paragraphs?"
)


def _view(app: object) -> SideBySide:
    screen = app.screen  # type: ignore[attr-defined]
    assert isinstance(screen, CompareScreen)
    return screen.side_by_side


def _assert_level(app: object, view: SideBySide) -> int:
    """Every block with two sides starts on one screen row in both panes; returns how many."""
    lines = screen_lines(app)
    left_width, _ = view.pane_widths
    top, scroll = view.region.y, round(view.scroll_y)
    checked = 0
    for block in view.view_model.blocks:
        y = block.first - scroll
        if not (block.left and block.right) or not 0 <= y < view.region.height:
            continue
        first = view.view_model.lines[block.first]
        row = lines[top + y]
        assert row[2 : 2 + len(first.left.text)] == first.left.text
        start = left_width + DIVIDER + 2
        assert row[start : start + len(first.right.text)] == first.right.text
        checked += 1
    return checked


async def test_pair_view_headers_and_status(data_dir: Path) -> None:
    """The first pair shows both headers and the status line with every count."""
    app = build(data_dir, left=LEFT_DATA, right=RIGHT_DATA)
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)
        lines = screen_lines(app)
        assert lines[0].startswith("\u25b6 IBTimes \u00b7 no date")
        assert "themoscowtimes.com \u00b7 2019-07-18 \u00b7 Reuters" in lines[0]
        assert "Russia Has Deployed Ground Forces" in lines[1]
        assert STATUS.search(lines[-2]), lines[-2]


async def test_missing_paragraphs_are_marked(data_dir: Path) -> None:
    """Paragraphs only The Moscow Times has are marked + and labelled on the IBTimes side."""
    app = build(data_dir, left=LEFT_DATA, right=RIGHT_DATA)
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)
        view = _view(app)
        width = view.pane_widths[0]
        row = next(line for line in screen_lines(app) if " not in IBTimes" in line)
        assert row.startswith(("\u2506 paragraph not in IBTimes", "\u2506 sentence not in IBTimes"))
        assert row[width + DIVIDER] == "+"


async def test_scroll_sync_keys_wheel_and_scrollbar(data_dir: Path) -> None:
    """Wheel, scrollbar and keys move both panes; aligned rows stay level everywhere."""
    app = build(data_dir, left=LEFT_DATA, right=RIGHT_DATA)
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)
        view = _view(app)
        assert _assert_level(app, view) > 0
        for _ in range(3):
            view.post_message(events.MouseScrollDown(view, 5, 5, 0, 1, 0, False, False, False))
        await settle(app, pilot)
        assert view.scroll_y > 0
        _assert_level(app, view)
        view.post_message(ScrollTo(y=17, animate=False))  # what dragging the scrollbar sends
        await settle(app, pilot)
        assert view.scroll_y == 17
        _assert_level(app, view)
        for key in ("pagedown", "j", "j", "G", "k", "pageup"):
            await press(app, pilot, key)
            _assert_level(app, view)


async def test_resize_rewraps_and_keeps_the_row(data_dir: Path) -> None:
    """A narrower terminal re-wraps both panes and keeps the current row."""
    app = build(data_dir, left=LEFT_DATA, right=RIGHT_DATA)
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)
        view = _view(app)
        await press(app, pilot, "]", "]", "]")
        row = view.current_block.row
        await pilot.resize_terminal(80, 30)
        await settle(app, pilot)
        assert view.view_model.width == view.pane_widths[0] < 58
        assert view.current_block.row == row
        _assert_level(app, view)


async def test_hostile_text_is_shown_literally_and_never_obeyed(hostile_dir: Path) -> None:
    """Console markup and ANSI escapes in an article show as written; clicking does not quit."""
    app = build(hostile_dir, left="alpha.txt", right="hostile.txt")
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)
        text = "\n".join(screen_lines(app))
        assert "[b]x[/b] [@click=app.quit]y[/]" in text
        assert "\\x1b[31mred" in text
        assert "Evil [@click=app.quit]Wire[/]" in screen_lines(app)[0]
        assert "Hostile [b]markup[/b]" in screen_lines(app)[1]
        for y, line in enumerate(screen_lines(app)):
            if "[@click=app.quit]y" in line:
                await pilot.click(offset=(line.index("y[/]"), y))
        await pilot.click(offset=(70, 0))
        await settle(app, pilot)
        assert app.is_running and not app._exit


async def test_unreadable_file_is_reported_and_skipped(tmp_path: Path) -> None:
    """A file that cannot be read is an error notice; the pairs skip it."""
    (tmp_path / "alpha.txt").write_text(ALPHA, encoding="utf-8")
    (tmp_path / "beta.txt").write_text(BETA, encoding="utf-8")
    (tmp_path / "broken.txt").write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 4)
    app = build(tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)
        screen = app.screen
        assert isinstance(screen, CompareScreen)
        errors = [n for n in app._notifications if n.severity == "error"]
        assert len(errors) == 1 and "broken.txt" in errors[0].message
        assert [tuple(p.name for p in key) for key in screen.pairs()] == [("alpha.txt", "beta.txt")]
        assert screen.side_by_side.comparison is not None


async def test_first_pair_is_shown_before_the_rest_is_compared(articles_dir: Path) -> None:
    """The asked-for pair is aligned before the third file is even read."""
    seen: list[Message] = []
    app = build(articles_dir, left="gamma.txt", right="beta.txt")
    async with app.run_test(size=SIZE, message_hook=seen.append) as pilot:
        await settle(app, pilot)
    kinds = [
        (type(m).__name__, m.article.name if isinstance(m, ArticleLoaded) else None)
        for m in seen
        if isinstance(m, (ArticleLoaded, PairAligned))
    ]
    assert kinds.index(("PairAligned", None)) < kinds.index(("ArticleLoaded", "alpha.txt"))
    assert sum(k == ("PairAligned", None) for k in kinds) == 3


async def test_comparisons_are_cached(articles_dir: Path) -> None:
    """Going back to a pair reuses its comparison; swapping aligns the mirror once."""
    app = build(articles_dir)
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)
        screen = app.screen
        assert isinstance(screen, CompareScreen)
        first = screen.side_by_side.comparison
        assert len(screen.book.comparisons) == 3
        await press(app, pilot, "n", "p")
        assert screen.side_by_side.comparison is first
        await press(app, pilot, "s", "s", "s")
        assert len(screen.book.comparisons) == 4


async def test_light_theme_renders(articles_dir: Path) -> None:
    """Styles are theme variables: a light theme renders the same text."""
    app = build(articles_dir)
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)
        before = screen_lines(app)
        app.theme = "textual-light"
        await settle(app, pilot)
        assert screen_lines(app) == before


@pytest.mark.parametrize(
    ("files", "options", "message"),
    [
        ([], {}, "no article files"),
        (["alpha.txt"], {}, "need at least two articles"),
        (["alpha.txt", "beta.txt"], {"left": "nope.txt"}, "--left nope.txt: not among"),
        (["alpha.txt", "beta.txt"], {"left": "alpha.txt", "right": "alpha.txt"}, "same article"),
    ],
)
def test_run_app_errors_before_the_interface(
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    files: list[str],
    options: dict[str, str],
    message: str,
) -> None:
    """Nothing to compare: one line on stderr, exit code 2, no traceback, no interface."""
    for name in files:
        (tmp_path / name).write_text(ALPHA, encoding="utf-8")
    assert run_app([tmp_path], **options) == 2
    err = capsys.readouterr().err
    assert err.startswith("reader: ") and message in err and "Traceback" not in err


def test_run_app_missing_path(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """A path that does not exist is an error line, exit code 2."""
    assert run_app([tmp_path / "nowhere"]) == 2
    assert capsys.readouterr().err.startswith("reader: ")


async def test_click_makes_a_row_current(articles_dir: Path) -> None:
    """Clicking a line of either pane puts the cursor on its row."""
    app = build(articles_dir, left="alpha.txt", right="beta.txt")
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)
        view = _view(app)
        block = view.view_model.blocks[3]
        y = view.region.y + block.first - round(view.scroll_y)
        await pilot.click(offset=(view.pane_widths[0] + 10, y))
        await settle(app, pilot)
        assert view.cursor_row == 3


async def test_files_given_one_by_one_and_left_only(articles_dir: Path) -> None:
    """Files may be named directly; --left alone pairs it with the first other file."""
    files = [articles_dir / "gamma.txt", articles_dir / "alpha.txt"]
    app = make_app(files, left="alpha.txt")
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)
        screen = app.screen
        assert isinstance(screen, CompareScreen)
        assert [p.name for p in screen.view_key()] == ["alpha.txt", "gamma.txt"]
        assert screen_lines(app)[0].startswith("\u25b6 Daily Alpha")


async def test_a_failing_alignment_is_a_notice_not_a_crash(
    articles_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """An unexpected error in a worker shows as an error notice; the app keeps running."""

    def broken(*_args: object, **_kwargs: object) -> None:
        raise RuntimeError("aligner exploded")

    monkeypatch.setattr("reader.align.compare.compare", broken)
    app = build(articles_dir)
    async with app.run_test(size=SIZE) as pilot:
        with contextlib.suppress(WorkerFailed):  # the worker may still run: it aligns after
            await app.workers.wait_for_complete()  # the first pair's text is painted
        await settle(app, pilot)
        errors = [n for n in app._notifications if n.severity == "error"]
        assert errors and "aligner exploded" in errors[0].message
        assert app.is_running


FARM = """\
Dairy farmers in the valley reported a record milk yield this spring, the cooperative said.

Grass grew early after a mild winter, and the herd stayed outdoors for most of March.

The cooperative plans to open a second cheese plant next year near the old railway depot.
"""


async def test_a_pair_opened_while_loading_is_aligned_even_across_stories(
    articles_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """n pressed while a file is still being read lands on a pair that grouping then puts
    in two stories (the background compares only pairs within a story): it is aligned
    all the same, not left 'aligning…' for ever."""
    import threading

    import reader.ingest.article as article

    (articles_dir / "gamma.txt").unlink()
    (articles_dir / "farm.txt").write_text(FARM, encoding="utf-8")
    release = threading.Event()
    real = article.load_article

    def slow_farm(path: Path, **kwargs: object) -> object:
        if path.name == "farm.txt":
            release.wait(10)
        return real(path, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(article, "load_article", slow_farm)
    app = build(articles_dir)
    async with app.run_test(size=SIZE) as pilot:
        screen = app.screen
        assert isinstance(screen, CompareScreen)
        for _ in range(500):
            if screen.side_by_side.comparison is not None:
                break
            await pilot.pause(0.01)
        await pilot.press("n")  # to a pair with farm.txt, not read yet
        await pilot.pause()
        assert "farm.txt" in {p.name for p in screen.view_key()}
        release.set()
        await settle(app, pilot)
        await settle(app, pilot)
        comparison = screen.side_by_side.comparison
        assert comparison is not None
        assert {comparison.left.name, comparison.right.name} == {p.name for p in screen.view_key()}
        assert "farm.txt" in {comparison.left.name, comparison.right.name}


async def test_a_smaller_window_keeps_the_current_row_in_view(data_dir: Path) -> None:
    """Shrinking the terminal with the current row low on screen scrolls it back into view
    (it stayed below the bottom edge until the next key)."""
    app = build(data_dir, left=LEFT_DATA, right=RIGHT_DATA)
    async with app.run_test(size=(160, 45)) as pilot:
        await settle(app, pilot)
        view = _view(app)
        for _ in range(9):
            await press(app, pilot, "j")
        block = view.current_block
        assert block is not None and block.first - round(view.scroll_y) > 20  # low on screen
        await pilot.resize_terminal(80, 24)
        await settle(app, pilot)
        block = view.current_block
        assert block is not None
        top, height = round(view.scroll_y), view.scrollable_content_region.height
        assert top <= block.first < top + height


async def test_many_article_notices_are_summed_up_once_every_file_is_read(
    tmp_path: Path,
) -> None:
    """The first few notices about articles show one by one; the rest come as one notice
    once every file is read (a corpus of thousands would stack hundreds)."""
    from reader.ui.screens.loading import NOTICES_EACH

    folder = tmp_path / "cp1252"
    folder.mkdir()
    count = NOTICES_EACH + 3
    for i in range(count):
        text = ALPHA.replace("officials said", f"officials said \u201cnumber {i}\u201d")
        (folder / f"{i:02d}.txt").write_bytes(text.encode("cp1252"))
    app = make_app([folder])
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)
        said = [(n.title, n.message) for n in app._notifications]
        single = [m for t, m in said if "decoded as cp1252" in m and not t]
        assert len(single) == NOTICES_EACH
        summed = [(t, m) for t, m in said if t.startswith("3 more notices")]
        assert len(summed) == 1 and summed[0][1].startswith("decoded as cp1252: 3 files (")
