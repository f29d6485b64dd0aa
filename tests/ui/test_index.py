"""The reader on an indexed folder: articles, stories, scores and comparisons come from the
index (nothing aligned to open it), a stale or missing index is said and the files are
read, `--no-index` reads them whatever the index."""

from __future__ import annotations

import os
import shutil
from itertools import combinations
from pathlib import Path

import pytest
from textual.app import App
from textual.pilot import Pilot

import reader.align.compare
from reader.cli import open as open_command
from reader.index.build import build_index
from reader.index.progress import Progress
from reader.index.read import IndexView, Stale, open_index
from reader.index.schema import INDEX_NAME
from reader.ingest.load import discover
from reader.store.corrections import add_correction
from reader.ui.launch import INDEX_FILE, plan
from reader.ui.screens.compare import CompareScreen
from reader.ui.screens.overview import OverviewScreen
from tests.conftest import SEEDS
from tests.ui.conftest import ALPHA, build, press, screen_lines, settle

SIZE = (120, 36)
PAIRS = 10
"""Pairs of the five seed articles, one story."""


@pytest.fixture(scope="module")
def indexed_seeds(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The seed articles and a storm article (a story of its own), indexed once."""
    folder = tmp_path_factory.mktemp("indexed") / "articles"
    shutil.copytree(SEEDS, folder)
    (folder / "storm.txt").write_text(ALPHA, encoding="utf-8")
    build_index([folder], progress=Progress(quiet=True), workers=1)
    return folder


@pytest.fixture
def indexed(indexed_seeds: Path, tmp_path: Path) -> Path:
    """A copy of the indexed folder (times kept: the index is fresh for it)."""
    folder = tmp_path / "indexed"
    shutil.copytree(indexed_seeds, folder)
    return folder


@pytest.fixture
def no_aligning(monkeypatch: pytest.MonkeyPatch) -> None:
    """Aligning a pair fails the test: everything must come from the index."""

    def refuse(*args: object, **kwargs: object) -> object:
        raise AssertionError("a pair was aligned, not taken from the index")

    monkeypatch.setattr(reader.align.compare, "compare", refuse)


def _screen(app: App[object]) -> CompareScreen:
    screen = app.screen
    assert isinstance(screen, CompareScreen)
    return screen


def _view(folder: Path) -> IndexView:
    got = open_index(discover([folder]).files, folder / INDEX_NAME)
    assert isinstance(got, IndexView)
    return got


def test_the_launch_looks_for_the_index_by_its_name() -> None:
    assert INDEX_FILE == INDEX_NAME


def test_the_opening_pair_is_the_first_storys_most_similar(indexed: Path) -> None:
    launch = plan([indexed])
    assert launch.index is not None and launch.index_note is None
    scores = _view(indexed).similarities()
    seeds = {p for p in launch.files if p.name != "storm.txt"}
    best = max(s for pair, s in scores.items() if pair <= seeds)
    assert launch.suggested is not None and scores[frozenset(launch.suggested)] == best
    assert launch.opening == launch.suggested
    asked = plan([indexed], left="001_ed291552c9638a97.txt", right="004_84002df1388213bc.txt")
    assert asked.suggested is None and asked.opening == asked.first  # --left/--right win


def test_the_opening_pair_read_cheaply_is_the_one_the_stories_give(indexed: Path) -> None:
    """`IndexView.opening` reads only the story files and one story's pairs: it gives the
    pair the whole stories and similarities give (first story of two or more by its first
    file, its most similar pair, ties in folder order)."""
    view = _view(indexed)
    expected = None
    for members, _central in view.story_members():
        if len(members) >= 2:
            scores = view.similarities(among=members)
            expected = max(combinations(members, 2), key=lambda p: scores.get(frozenset(p), -1.0))
            break
    assert expected is not None and view.opening() == expected


@pytest.mark.usefixtures("no_aligning")
async def test_an_indexed_folder_opens_without_aligning(indexed: Path) -> None:
    """The pair shows aligned, the picker has every pair scored, the overview builds, and
    `d` goes on into the next pair with a differing number: nothing aligned."""
    app = build(indexed)
    assert app.index is not None
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)
        screen = _screen(app)
        assert screen.finished and screen.side_by_side.comparison is not None
        shown = screen.side_by_side.comparison
        assert {shown.left.path, shown.right.path} == set(app.opening or ())
        assert f"pair 1 of {PAIRS}" in screen_lines(app)[-2]
        rows = screen.book.rows(screen.pairs())
        assert len(rows) == PAIRS and all(score is not None for score, *_ in rows)
        assert len(screen.book.comparisons) == 1  # only the pair shown was fetched
        scores = [score for score, *_ in rows]
        assert scores == sorted(scores, reverse=True)
        await press(app, pilot, "P")
        assert "%" in "\n".join(screen_lines(app))
        await press(app, pilot, "escape")
        for _ in range(4):  # past the first pair's differing number, into other pairs
            await press(app, pilot, "d")
        assert len(screen.book.comparisons) > 1
        await press(app, pilot, "n")
        assert screen.side_by_side.comparison is not shown
        await press(app, pilot, "o")
        overview = app.screen
        assert isinstance(overview, OverviewScreen)
        for _ in range(20):
            if overview.view is not None:
                break
            await settle(app, pilot)
        assert overview.view is not None and len(screen.book.comparisons) == PAIRS


def _touch(path: Path) -> None:
    os.utime(path, ns=(path.stat().st_atime_ns, path.stat().st_mtime_ns + 10**9))


async def test_a_stale_index_is_said_and_the_files_are_read(indexed: Path) -> None:
    """A file of the opening pair changed: found before the first paint."""
    opening = plan([indexed]).suggested
    assert opening is not None
    _touch(opening[0])
    app = build(indexed)
    assert app.index is None
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await settle(app, pilot)
        said = [n.message for n in app._notifications if n.title == "Index"]
        assert said and "out of date (1 file new or changed, 0 gone)" in said[0]
        assert "reading the files instead" in said[0]
        assert "out of date" in " ".join(screen_lines(app))  # shown, not only kept
        screen = _screen(app)
        assert screen.finished and screen.side_by_side.comparison is not None
        assert set(screen.current) == set(screen.book.files[:2])  # as without an index


async def test_an_index_stale_for_another_file_is_said_after_the_first_paint(
    indexed: Path,
) -> None:
    """Only the opening pair's files are checked before the first paint: the pair comes
    from the index, then the other files are checked, the index is found out of date and
    dropped with a notice, and every other article is read from its file (the changed
    one as it is now, not as indexed)."""
    launch = plan([indexed])
    assert launch.suggested is not None
    storm = indexed / "storm.txt"
    assert storm not in launch.suggested
    storm.write_text(ALPHA + "\n\nA sentence added after the index was built.\n", encoding="utf-8")
    app = build(indexed)
    assert app.index is not None and not app.index.checked  # checked once painted
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await settle(app, pilot)
        said = [n.message for n in app._notifications if n.title == "Index"]
        assert said and "out of date (1 file new or changed, 0 gone)" in said[0]
        assert "reading the files instead" in said[0]
        screen = _screen(app)
        assert screen.index is None and screen.finished
        assert set(screen.current) == set(launch.suggested)  # the pair shown stays
        assert "added after the index was built" in screen.book.articles[storm].text
        assert screen.book.stories is not None


def test_before_its_check_an_index_gives_only_files_vouched_for(indexed: Path) -> None:
    files = discover([indexed]).files
    view = open_index(files, indexed / INDEX_NAME, later=True)
    assert isinstance(view, IndexView) and not view.checked
    one, two, changed = files[0], files[1], files[2]
    _touch(changed)
    assert view.article(one) is None  # not vouched for yet
    assert view.vouch([one, two]) and not view.vouch([changed])
    left, right = view.article(one), view.article(two)
    assert left is not None and right is not None and view.article(changed) is None
    assert view.comparison(left, right) or view.comparison(right, left)
    assert "out of date (1 file new or changed" in (view.check(files) or "")
    assert not view.checked and view.article(changed) is None
    fresh = open_index(discover([indexed]).files, indexed / INDEX_NAME)
    assert isinstance(fresh, Stale)  # what the commands, which check at once, say


async def test_no_index_reads_the_files(indexed: Path) -> None:
    app = build(indexed, use_index=False)  # type: ignore[arg-type]
    assert app.index is None and app.index_note is None and app.opening is None
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)
        assert not [n for n in app._notifications if n.title == "Index"]
        assert _screen(app).side_by_side.comparison is not None


def test_an_index_file_that_is_missing_or_not_an_index_is_said(
    indexed: Path, tmp_path: Path
) -> None:
    launch = plan([indexed], index=tmp_path / "none.sqlite")
    assert launch.index is None and launch.index_note is not None
    assert "no index there" in launch.index_note
    junk = tmp_path / "junk.sqlite"
    junk.write_bytes(b"not a database at all, " * 100)
    launch = plan([indexed], index=junk)
    assert launch.index is None and "not a readable index" in (launch.index_note or "")
    other = plan([indexed], index=indexed / INDEX_NAME)  # given by name: used
    assert other.index is not None


def test_a_folder_without_an_index_says_nothing(seeds_dir: Path) -> None:
    launch = plan([seeds_dir])
    assert (launch.index, launch.index_note, launch.suggested) == (None, None, None)


def test_the_command_line_passes_the_index_options(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    seen: dict[str, object] = {}

    def run_app(paths: list[Path], **options: object) -> int:
        seen.update(options)
        return 0

    monkeypatch.setattr("reader.ui.launch.run_app", run_app)
    args = open_command.parser().parse_args([str(tmp_path), "--index", "x.sqlite", "--no-index"])
    assert open_command.run(args) == 0
    assert seen["index"] == Path("x.sqlite") and seen["use_index"] is False
    open_command.run(open_command.parser().parse_args([str(tmp_path)]))
    assert seen["index"] is None and seen["use_index"] is True


async def _grouped(app: App[object], pilot: Pilot[object]) -> CompareScreen:
    await settle(app, pilot)
    screen = _screen(app)
    assert screen.finished and screen.book.stories is not None
    return screen


async def test_story_corrections_apply_to_the_indexs_stories(indexed: Path) -> None:
    """A merge the user made: the index's two stories are one, and its pairs the index
    does not hold are aligned in the background, so every pair is scored."""
    add_correction(indexed, "merge", ["storm.txt", "000_9df743b66480a7ad.txt"])
    app = build(indexed)
    assert app.index is not None
    async with app.run_test(size=SIZE) as pilot:
        screen = await _grouped(app, pilot)
        assert len(screen.book.stories or ()) == 1
        rows = screen.book.rows(screen.pairs())
        assert len(rows) == 15 and all(score is not None for score, *_ in rows)
