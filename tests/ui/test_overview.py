"""The overview screen (`o`): coverage of facts by outlet, numbers across outlets, the
pair matrix; Enter on a cell opens the pair view at the right row. Pure helpers first,
then Pilot, then three snapshots.

Runs on the five seed articles (a copy of `data/`): IBTimes '3,000 civilians', The Moscow
Times and 003 '300,000', 004 'half a million'; Idlib's pre-war population in 001 only.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest
from textual.app import App
from textual.pilot import Pilot
from textual.widgets import Select

from reader.ingest.article import load_article
from reader.story.coverage import build_overview, compare_all, row_at
from reader.story.stories import Story
from reader.ui.commands import COMMANDS
from reader.ui.overview_model import (
    StoryView,
    around,
    clip,
    fact_jump,
    fact_order,
    fact_text,
    flagged,
    quantity_jump,
    shade,
    short_names,
    summary,
)
from reader.ui.ranking import PairBook
from reader.ui.screens.compare import CompareScreen
from reader.ui.screens.help import HelpScreen
from reader.ui.screens.overview import OverviewScreen
from tests.ui.conftest import ALPHA, BETA, GAMMA, build, press, screen_lines, settle

SIZE = (120, 36)
SEEDS = Path(__file__).resolve().parents[1] / "data" / "seeds"
IBT, N001, MT, N003, N004 = sorted(p.name for p in SEEDS.iterdir())
Snap = Callable[..., bool]


@pytest.fixture
def seeds_dir(tmp_path: Path) -> Path:
    """The five seed articles about Russian forces in Idlib."""
    folder = tmp_path / "seeds"
    shutil.copytree(SEEDS, folder)
    return folder


@pytest.fixture
def two_stories_dir(tmp_path: Path) -> Path:
    """Two stories: the storm (alpha, beta, gamma) and Idlib (IBTimes, The Moscow Times)."""
    folder = tmp_path / "mixed"
    folder.mkdir()
    for name, text in (("alpha.txt", ALPHA), ("beta.txt", BETA), ("gamma.txt", GAMMA)):
        (folder / name).write_text(text, encoding="utf-8")
    for name in (IBT, MT):
        shutil.copy(SEEDS / name, folder / name)
    return folder


@pytest.fixture(scope="module")
def seeds_view() -> StoryView:
    """The overview of the seeds, built by the core as the screen builds it."""
    articles = tuple(load_article(p) for p in sorted(SEEDS.iterdir()))
    return StoryView.of(Story(articles), build_overview(articles, compare_all(articles)))


def _fact(view: StoryView, words: str) -> int:
    return next(
        i for i, f in enumerate(view.overview.facts) if words in fact_text(f, view.articles)
    )


def _civilians(view: StoryView) -> int:
    return next(i for i, q in enumerate(view.overview.quantities) if q.quantity == "civilians")


# Pure


def test_civilians_flagged_off_the_majority(seeds_view: StoryView) -> None:
    """3,000 (IBTimes) is flagged against 300,000 (002, 003); half a million (004,
    published weeks later) is a later report, not flagged."""
    q = seeds_view.overview.quantities[_civilians(seeds_view)]
    assert q.differs
    assert q.values_by_article() == {
        IBT: "3,000", MT: "300,000", N003: "300,000", N004: "half a million"
    }  # fmt: skip
    assert flagged(q) == {IBT}
    assert q.later == (N004,)
    jump = quantity_jump(q, IBT)
    assert (jump.article, jump.other) == (IBT, MT)
    assert quantity_jump(q, None) == jump
    absent = quantity_jump(q, N001)
    assert (absent.article, absent.other) == (IBT, N001)


def test_fact_only_one_outlet_carries(seeds_view: StoryView) -> None:
    """Idlib's pre-war population is in 001 only; Enter pairs 001 with its closest article."""
    index = _fact(seeds_view, "prewar population of 1.5 million")
    fact = seeds_view.overview.facts[index]
    assert fact.carriers == (N001,)
    assert fact.cell(N001).kind == "only"
    jump = fact_jump(seeds_view.overview, index, N001)
    assert (
        jump is not None and jump.article == N001 and jump.sentence == fact.cell(N001).sentences[0]
    )
    assert jump.other == IBT  # the most in common of 001's pairs
    gap = fact_jump(seeds_view.overview, index, IBT)
    assert gap is not None and (gap.article, gap.other) == (N001, IBT)


def test_a_fact_is_a_sentence_or_two_of_each_article(seeds_view: StoryView) -> None:
    """Links that each join a sentence or two (one-to-two merges in different pairs) do
    not chain a run of one article's sentences into one fact: a coverage row carrying a
    paragraph would hide which outlet dropped which of its sentences."""
    facts = seeds_view.overview.facts
    assert all(len(c.sentences) <= 2 for f in facts for c in f.cells)
    assert sum(1 for f in facts if len(f.carriers) > 1) >= 10


def test_fact_order_and_wording(seeds_view: StoryView) -> None:
    """Both orders list every fact once; the summary and clipped text read as shown."""
    ov = seeds_view.overview
    by_outlets = fact_order(ov, seeds_view.articles, "outlets")
    by_story = fact_order(ov, seeds_view.articles, "story")
    assert sorted(by_story) == list(by_outlets) and by_story != by_outlets
    assert summary(seeds_view, 0, 1).startswith(
        "5 articles \u00b7 32 facts, 17 in one outlet only \u00b7 5 shared figures, 1 differs"
    )
    assert clip("abcdef", 4) == "abc\u2026" and clip("abc", 4) == "abc"
    assert short_names(["000_9df7.txt", "001_ed29.txt"]) == {
        "000_9df7.txt": "000", "001_ed29.txt": "001"
    }  # fmt: skip
    # Files sharing a prefix take longer names; the others stay short, one word cut at
    # its end, near-twins told apart by the words that differ.
    assert short_names([
        "WIRE_fire1.txt", "WIRE_fire2.txt", "chronicle_fire12_chronicle.txt",
        "herald_fire13_herald.txt", "herald_fire14_herald.txt",
    ]) == {
        "WIRE_fire1.txt": "WIRE_fire1", "WIRE_fire2.txt": "WIRE_fire2",
        "chronicle_fire12_chronicle.txt": "chronicle", "herald_fire13_herald.txt": "heral…re13",
        "herald_fire14_herald.txt": "heral…re14",
    }  # fmt: skip
    assert short_names(["independently.txt", "x.txt"])["independently.txt"] == "independe\u2026"
    # A word of letters no other name has beats a first word that is an id.
    assert short_names(["fire589_guardian.txt", "fire581_times.txt", "fire1.txt"]) == {
        "fire589_guardian.txt": "guardian", "fire581_times.txt": "times", "fire1.txt": "fire1"
    }  # fmt: skip
    assert [shade(x) for x in (0.0, 0.1, 0.35, 0.6, 0.71)] == [0, 1, 2, 3, 4]
    v = ov.quantities[_civilians(seeds_view)].values[0]
    line = around(seeds_view.articles[v.article], v.sentence, v.start, v.end, 40)
    assert "3,000 civilians" in line and line.startswith("\u2026") and len(line) <= 40


def test_overview_model_does_not_import_textual() -> None:
    """The overview's view model is pure, like layout and ranking."""
    code = "import sys, reader.ui.overview_model; assert 'textual' not in sys.modules"
    subprocess.run([sys.executable, "-c", code], check=True)


# Pilot


async def _open(app: App[object], pilot: Pilot[object]) -> OverviewScreen:
    """Press o and wait until the overview is built."""
    await settle(app, pilot)
    await press(app, pilot, "o")
    screen = app.screen
    assert isinstance(screen, OverviewScreen)
    for _ in range(20):
        if screen.view is not None:
            return screen
        await settle(app, pilot)
    raise AssertionError("overview not built")


def _cell(screen: OverviewScreen, table: str, row: str, column: str) -> str:
    widget = {"coverage": screen.coverage, "numbers": screen.numbers}[table]
    return widget.get_cell(row, column).plain


async def test_o_opens_the_coverage(seeds_dir: Path) -> None:
    """o shows facts by outlet; a fact one outlet carries is starred in its column only."""
    app = build(seeds_dir)
    async with app.run_test(size=SIZE) as pilot:
        screen = await _open(app, pilot)
        assert screen.tabs.active == "coverage"
        assert screen.view is not None
        index = str(_fact(screen.view, "prewar population of 1.5 million"))
        assert _cell(screen, "coverage", index, N001).startswith("\u2605")
        assert _cell(screen, "coverage", index, IBT).strip() == "\u00b7"
        assert _cell(screen, "coverage", index, "count").strip() == "1"
        text = "\n".join(screen_lines(app))
        assert "IBTimes" in text and "\u25cf copied" in text
        await press(app, pilot, "s")
        assert screen.facts_by == "story" and "sorted by story order" in "\n".join(
            screen_lines(app)
        )


async def test_numbers_tab_flags_the_civilians(seeds_dir: Path) -> None:
    """2 shows the figures: 3,000 vs 300,000 vs half a million, flagged as differing."""
    app = build(seeds_dir)
    async with app.run_test(size=SIZE) as pilot:
        screen = await _open(app, pilot)
        await press(app, pilot, "2")
        assert screen.tabs.active == "numbers"
        assert screen.view is not None
        row = str(_civilians(screen.view))
        assert _cell(screen, "numbers", row, "flag") == "\u2260"
        assert _cell(screen, "numbers", row, IBT).strip() == "3,000"
        assert _cell(screen, "numbers", row, MT).strip() == "300,000"
        line = next(t for t in screen_lines(app) if "civilians" in t)
        assert "3,000" in line and "300,000" in line and "half a million" in line
        await press(app, pilot, "3")
        assert screen.tabs.active == "pairs"
        assert "Likely original (a guess)" in "\n".join(screen_lines(app))


async def test_enter_on_a_coverage_cell_opens_the_pair_at_its_row(seeds_dir: Path) -> None:
    """Enter on 001's starred cell shows 001 with its closest article, on that sentence."""
    app = build(seeds_dir)
    async with app.run_test(size=SIZE) as pilot:
        screen = await _open(app, pilot)
        assert screen.view is not None
        table = screen.coverage
        row = table.get_row_index(str(_fact(screen.view, "prewar population of 1.5 million")))
        table.move_cursor(row=row, column=table.get_column_index(N001))
        await press(app, pilot, "enter")
        compare = app.screen
        assert isinstance(compare, CompareScreen)
        assert {p.name for p in compare.view_key()} == {N001, IBT}  # 001's closest
        block = compare.side_by_side.current_block
        assert block is not None and "prewar population of 1.5 million" in block.left + block.right
        assert compare.pairs()[compare.pair_index] in (compare.view_key(), compare.view_key()[::-1])


async def test_enter_on_a_number_opens_the_differing_pair(seeds_dir: Path) -> None:
    """Enter on IBTimes' 3,000 shows IBTimes and The Moscow Times on the civilians row."""
    app = build(seeds_dir)
    async with app.run_test(size=SIZE) as pilot:
        screen = await _open(app, pilot)
        await press(app, pilot, "2")
        assert screen.view is not None
        table = screen.numbers
        table.move_cursor(
            row=table.get_row_index(str(_civilians(screen.view))),
            column=table.get_column_index(IBT),
        )
        await press(app, pilot, "enter")
        compare = app.screen
        assert isinstance(compare, CompareScreen)
        assert {p.name for p in compare.view_key()} == {IBT, MT}
        block = compare.side_by_side.current_block
        assert block is not None and "3,000 civilians" in block.left + block.right
        assert "300,000" in block.left + block.right
        comparison = compare.side_by_side.comparison
        assert comparison is not None and block.row == row_at(
            comparison,
            IBT,
            screen.view.overview.quantities[_civilians(screen.view)].values[0].sentence,
        )


async def test_enter_on_a_matrix_cell_opens_that_pair_and_escape_returns(seeds_dir: Path) -> None:
    """Enter on the IBTimes/003 cell of the matrix shows that pair from the top; o then
    escape leaves the pair as it was."""
    app = build(seeds_dir)
    async with app.run_test(size=SIZE) as pilot:
        screen = await _open(app, pilot)
        await press(app, pilot, "3")
        matrix = screen.matrix
        matrix.move_cursor(row=matrix.get_row_index(IBT), column=matrix.get_column_index(N003))
        await press(app, pilot, "enter")
        compare = app.screen
        assert isinstance(compare, CompareScreen)
        assert {p.name for p in compare.view_key()} == {IBT, N003}
        assert compare.side_by_side.cursor_row == 0
        shown = compare.view_key()
        await press(app, pilot, "o")
        assert isinstance(app.screen, OverviewScreen)
        await press(app, pilot, "escape")
        assert app.screen is compare and compare.view_key() == shown


async def test_progress_until_every_pair_is_compared(seeds_dir: Path) -> None:
    """While a pair is still being compared the overview says so, then fills in."""
    app = build(seeds_dir)
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)
        compare = app.screen
        assert isinstance(compare, CompareScreen)
        book = PairBook(compare.book.files)
        book.articles.update(compare.book.articles)
        held = list(compare.book.comparisons.values())
        for comparison in held[:-1]:
            book.add(comparison)
        screen = OverviewScreen(book)
        await app.push_screen(screen)
        await settle(app, pilot)
        assert screen.view is None
        assert "Comparing pairs 9/10" in screen_lines(app)[-2]
        book.add(held[-1])
        for _ in range(20):
            await pilot.pause(0.05)
            await settle(app, pilot)
            if screen.view is not None:
                break
        assert screen.view is not None and screen.coverage.row_count == 32


async def test_story_selector_when_the_folder_holds_two_stories(two_stories_dir: Path) -> None:
    """Two stories: the one of the pair shown comes first; choosing the other shows it."""
    app = build(two_stories_dir, left="alpha.txt", right="beta.txt")
    async with app.run_test(size=SIZE) as pilot:
        screen = await _open(app, pilot)
        assert screen.stories is not None and len(screen.stories) == 2
        select = screen.query_one("#story-select", Select)
        assert screen.view is not None and set(screen.view.articles) == {
            "alpha.txt", "beta.txt", "gamma.txt"
        }  # fmt: skip
        other = 1 - screen.story_index
        select.value = other
        for _ in range(20):
            await settle(app, pilot)
            if screen.view is not None and screen.story_index == other:
                break
        assert screen.view is not None and set(screen.view.articles) == {IBT, MT}
        assert IBT in [str(c.key.value) for c in screen.coverage.columns.values()]


async def test_overview_in_help_and_palette(seeds_dir: Path) -> None:
    """o has an id, shows in ? help, and the palette offers 'story: overview'."""
    assert ("story: overview", "screen", "overview") in [c[:3] for c in COMMANDS]
    app = build(seeds_dir)
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)
        await press(app, pilot, "question_mark")
        assert isinstance(app.screen, HelpScreen)
        assert "Overview" in "\n".join(screen_lines(app))
        await press(app, pilot, "escape", "ctrl+p", *"story", "space", *"overview")
        assert "story: overview" in "\n".join(screen_lines(app))
        await press(app, pilot, "enter")
        assert isinstance(app.screen, OverviewScreen)
        await settle(app, pilot)
        await press(app, pilot, "question_mark")
        text = "\n".join(screen_lines(app))
        assert "Open pair" in text and "Sort" in text and "Coverage" in text


async def test_markup_in_articles_is_shown_as_text(hostile_dir: Path) -> None:
    """Outlet names and sentences full of markup and escapes are shown, never obeyed."""
    app = build(hostile_dir)
    async with app.run_test(size=SIZE) as pilot:
        screen = await _open(app, pilot)
        text = "\n".join(screen_lines(app))
        assert "Evil [@cli" in text and "\\x1b[31mred text" in text
        await press(app, pilot, "3")
        assert "Evil [@click=app.quit]Wire[/] (hostile)" in "\n".join(screen_lines(app))
        assert app.is_running and app.screen is screen


# Snapshots


def _overview_then(*keys: str) -> Callable[[Pilot[object]], object]:
    async def run_before(pilot: Pilot[object]) -> None:
        await _open(pilot.app, pilot)
        if keys:
            await press(pilot.app, pilot, *keys)

    return run_before


def test_snapshot_coverage(snap_compare: Snap, seeds_dir: Path) -> None:
    """Coverage of the seeds: glyphs and colours per outlet, most widely carried first."""
    app = build(seeds_dir)
    assert snap_compare(app, terminal_size=SIZE, run_before=_overview_then())


def test_snapshot_numbers(snap_compare: Snap, seeds_dir: Path) -> None:
    """Numbers of the seeds: civilians 3,000 / 300,000 / half a million, flagged."""
    app = build(seeds_dir)
    assert snap_compare(app, terminal_size=SIZE, run_before=_overview_then("2"))


def test_snapshot_pairs(snap_compare: Snap, seeds_dir: Path) -> None:
    """Pairs of the seeds: the shaded matrix, most verbatim pairs, the likely original."""
    app = build(seeds_dir)
    assert snap_compare(app, terminal_size=SIZE, run_before=_overview_then("3"))


async def test_two_files_of_one_name_leave_the_second_out_with_a_notice(tmp_path: Path) -> None:
    """Files named alike in two folders: the overview keeps the first (as the report does)
    and says so, instead of failing to build."""
    for folder, name, source in (("a", IBT, IBT), ("b", IBT, MT), ("b", N003, N003)):
        (tmp_path / folder).mkdir(exist_ok=True)
        shutil.copy(SEEDS / source, tmp_path / folder / name)
    from reader.ui.app import make_app

    app = make_app([tmp_path / "a" / IBT, tmp_path / "b" / IBT, tmp_path / "b" / N003])
    app.animation_level = "none"
    async with app.run_test(size=SIZE) as pilot:
        screen = await _open(app, pilot)
        assert screen.view is not None
        assert [c.name for c in screen.view.heads] == [IBT, N003]
        notices = [n.message for n in app._notifications if n.title == "Overview"]
        assert notices == [f"{tmp_path / 'b' / IBT}: left out of the overview "
                           f"(another article is named {IBT})"]  # fmt: skip


async def test_the_matrix_cursor_starts_on_a_pair(seeds_dir: Path) -> None:
    """3 then Enter opens a pair at once: the cursor starts on the first pair's cell, not on
    a row label."""
    app = build(seeds_dir)
    async with app.run_test(size=SIZE) as pilot:
        await _open(app, pilot)
        await press(app, pilot, "3", "enter")
        compare = app.screen
        assert isinstance(compare, CompareScreen)
        assert {p.name for p in compare.view_key()} == {IBT, N001}


async def test_a_wide_matrix_opens_at_its_left_edge_with_its_row_labels(seeds_dir: Path) -> None:
    """On a screen narrower than the matrix, the Pairs tab opens scrolled to the left, and
    the files' labels stay in view when it scrolls right."""
    app = build(seeds_dir)
    async with app.run_test(size=(60, 30)) as pilot:
        await _open(app, pilot)
        await press(app, pilot, "3")
        matrix = app.screen.matrix
        assert matrix.virtual_size.width > matrix.size.width
        assert matrix.scroll_x == 0 and matrix.fixed_columns == 1
        await press(app, pilot, *["right"] * 5)
        assert matrix.scroll_x > 0
        assert any(line.lstrip().startswith("IBTimes") for line in screen_lines(app))


def test_a_fact_reads_in_the_likely_originals_words(seeds_view: StoryView) -> None:
    """The displaced-civilians fact quotes The Moscow Times (the likely original) with its
    300,000, not IBTimes' mistaken 3,000, though IBTimes comes first."""
    assert seeds_view.original == MT
    fact = next(f for f in seeds_view.overview.facts
                if "civilians" in fact_text(f, seeds_view.articles))  # fmt: skip
    assert "300,000" in fact_text(fact, seeds_view.articles, seeds_view.original)
    assert "3,000 civilians" in fact_text(fact, seeds_view.articles)
