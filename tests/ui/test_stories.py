"""Pairs within a story: a folder of three unrelated stories (the seeds, a rate decision,
a football transfer); n/p/P stay within the story shown, the status line says which."""

from __future__ import annotations

import shutil
from itertools import combinations
from pathlib import Path

import pytest
from textual.app import App

from reader.ui.screens.compare import CompareScreen
from reader.ui.screens.overview import OverviewScreen
from reader.ui.screens.pairs import PairPicker
from tests.ui.conftest import build, press, screen_lines, settle

SIZE = (120, 36)
SEEDS = Path(__file__).resolve().parents[1] / "data" / "seeds"
SEED_NAMES = {p.name for p in SEEDS.glob("*.txt")}
BANK = {"bank_a.txt", "bank_b.txt"}
TRANSFER = {"transfer_a.txt", "transfer_b.txt"}
IBT = "000_9df743b66480a7ad.txt"

BANK_A = """\
---
title: Central bank raises rates to 4.5%
outlet: Finance Daily
date: 2024-05-02
---
The central bank raised its benchmark interest rate by a quarter point to 4.5% on Thursday.

Governor Elena Marsh said inflation remained too high at 3.8% and \
that further increases could not be ruled out.

Seven of the nine members of the monetary policy committee voted for the increase.

Two members preferred to hold rates steady, citing weak retail sales in the spring.

The currency rose 0.6% against the dollar after the announcement.

Mortgage lenders said monthly repayments would rise for about 1.2 million households.
"""

BANK_B = """\
---
title: Rates up again as inflation bites
outlet: Market Wire
date: 2024-05-03
---
The central bank raised its benchmark interest rate by a quarter point to 4.5% on Thursday.

Governor Elena Marsh said inflation remained stubborn at 3.9% and \
that further increases could not be ruled out.

Six of the nine members of the monetary policy committee voted for the increase.

Three members preferred to hold rates steady, citing weak retail sales in the spring.

Mortgage lenders said monthly repayments would rise for about 1.5 million households.

Economists expect one more increase before the end of the year.
"""

TRANSFER_A = """\
---
title: Riverside sign striker Tomas Vidal
outlet: Sports Desk
date: 2024-07-10
---
Riverside United have signed striker Tomas Vidal from Porto Azul for a club record \
fee of 48 million euros.

The 24-year-old forward scored 27 goals in all competitions last season.

Vidal signed a five-year contract and will wear the number nine shirt.

Manager Gareth Lowe said the forward was his first choice for the position all summer.

The deal includes add-ons that could take the fee past 55 million euros.

Vidal is expected to make his debut in the pre-season tour of Japan.
"""

TRANSFER_B = """\
---
title: Vidal completes record move to Riverside
outlet: Goal Line
date: 2024-07-11
---
Riverside United have signed striker Tomas Vidal from Porto Azul for a club record \
fee of 50 million euros.

The 24-year-old forward scored 29 goals in all competitions last season.

Vidal signed a five-year contract and will wear the number nine shirt.

Manager Gareth Lowe said the forward was his first choice for the position all summer.

Porto Azul will use part of the money to rebuild their training ground.

Vidal is expected to make his debut in the pre-season tour of Japan.
"""


@pytest.fixture
def stories_dir(tmp_path: Path) -> Path:
    """The five seed articles (one story), a rate decision and a transfer (two each)."""
    folder = tmp_path / "stories"
    folder.mkdir()
    for path in SEEDS.glob("*.txt"):
        shutil.copy(path, folder / path.name)
    for name, text in (
        ("bank_a.txt", BANK_A),
        ("bank_b.txt", BANK_B),
        ("transfer_a.txt", TRANSFER_A),
        ("transfer_b.txt", TRANSFER_B),
    ):
        (folder / name).write_text(text, encoding="utf-8")
    return folder


def _screen(app: App[object]) -> CompareScreen:
    screen = app.screen
    assert isinstance(screen, CompareScreen)
    return screen


def _names(key: tuple[Path, ...]) -> set[str]:
    return {p.name for p in key}


def _status(app: App[object]) -> str:
    return screen_lines(app)[-2]


async def test_n_and_p_stay_within_the_seed_story(stories_dir: Path) -> None:
    """The seed story's ten pairs are all offered, and only they; n and p cycle them."""
    app = build(stories_dir)
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)
        screen = _screen(app)
        assert screen.book.stories is not None and len(screen.book.stories) == 3
        pairs = screen.pairs()
        assert {frozenset(_names(k)) for k in pairs} == {
            frozenset(c) for c in combinations(SEED_NAMES, 2)
        }
        seen = set()
        for _ in range(len(pairs)):
            await press(app, pilot, "n")
            assert _names(screen.view_key()) <= SEED_NAMES
            assert f"story 1 of 3 \u00b7 pair {screen.pair_index + 1} of 10" in _status(app)
            seen.add(frozenset(screen.current))
        assert len(seen) == 10
        await press(app, pilot, "p")
        assert _names(screen.view_key()) <= SEED_NAMES


async def test_pairs_across_stories_are_not_compared(stories_dir: Path) -> None:
    """The background compares the pairs within each story only (10 + 1 + 1)."""
    app = build(stories_dir)
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)
        book = _screen(app).book
        assert _screen(app).finished
        assert len(book.comparisons) == 12
        for key in book.comparisons:
            assert book.story_of[key[0]] == book.story_of[key[1]]


async def test_P_lists_the_pairs_of_the_story_shown(stories_dir: Path) -> None:
    """P lists the seed story's pairs under a header naming the story."""
    app = build(stories_dir)
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)
        await press(app, pilot, "P")
        picker = app.screen
        assert isinstance(picker, PairPicker) and len(picker.rows) == 10
        text = "\n".join(screen_lines(app))
        assert "Pairs of story 1 of 3" in text
        assert "bank_" not in text and "transfer_" not in text


async def test_opening_a_pair_of_another_story_switches_to_it(stories_dir: Path) -> None:
    """A pair of the rate story opened (as the overview does): n/p and P keep to it."""
    app = build(stories_dir)
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)
        screen = _screen(app)
        screen.open_pair(stories_dir / "bank_a.txt", stories_dir / "bank_b.txt")
        await settle(app, pilot)
        assert "story 2 of 3 \u00b7 pair 1 of 1" in _status(app)
        await press(app, pilot, "n")
        assert _names(screen.view_key()) == BANK
        await press(app, pilot, "P")
        picker = app.screen
        assert isinstance(picker, PairPicker) and len(picker.rows) == 1
        assert picker.current == 0


async def test_choosing_a_story_in_the_overview_switches_to_it(stories_dir: Path) -> None:
    """o, choose the transfer story, Enter on a matrix cell: its pair and its story."""
    app = build(stories_dir)
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)
        await press(app, pilot, "o")
        overview = app.screen
        assert isinstance(overview, OverviewScreen)
        await settle(app, pilot)
        overview.story_index = 2
        for _ in range(20):
            await settle(app, pilot)
            if overview.view is not None:
                break
        assert overview.view is not None and set(overview.view.articles) == TRANSFER
        await press(app, pilot, "3")
        matrix = overview.matrix
        matrix.move_cursor(
            row=matrix.get_row_index("transfer_a.txt"),
            column=matrix.get_column_index("transfer_b.txt"),
        )
        await press(app, pilot, "enter")
        screen = _screen(app)
        assert _names(screen.view_key()) == TRANSFER
        assert "story 3 of 3 \u00b7 pair 1 of 1" in _status(app)


async def test_left_and_right_of_different_stories_open_that_pair(stories_dir: Path) -> None:
    """--left/--right across stories: shown as asked, 'different stories'; n then enters
    the left article's story."""
    app = build(stories_dir, left="bank_a.txt", right="transfer_a.txt")
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)
        screen = _screen(app)
        assert _names(screen.view_key()) == {"bank_a.txt", "transfer_a.txt"}
        assert screen.view_key()[0].name == "bank_a.txt"
        assert "different stories" in _status(app) and "pair " not in _status(app)
        await press(app, pilot, "n")
        assert _names(screen.view_key()) == BANK
        assert "story 2 of 3 \u00b7 pair 1 of 1" in _status(app)
        assert "different stories" not in _status(app)


async def test_one_story_keeps_the_status_line_as_it_was(articles_dir: Path) -> None:
    """A folder of one story: no story in the status line."""
    app = build(articles_dir)
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)
        screen = _screen(app)
        assert screen.book.stories is not None and len(screen.book.stories) == 1
        assert "Daily Alpha \u27f7 Beta News \u00b7 pair " in _status(app)
        assert "stor" not in _status(app)


# Pure: the book and the status line


def test_book_offers_pairs_per_story_once_grouped(stories_dir: Path) -> None:
    """Before grouping every pair; then the pairs of one story; a lone article's home is
    the first story with a pair."""
    from reader.ingest.article import load_article
    from reader.story.stories import group_stories
    from reader.ui.ranking import PairBook

    names = ("bank_a.txt", "transfer_a.txt", "bank_b.txt", "transfer_b.txt", IBT)
    files = [stories_dir / name for name in names]
    book = PairBook(files)
    assert len(book.pairs()) == 10 and book.home(files[0]) is None
    articles = [load_article(f) for f in files]
    book.articles.update({a.path: a for a in articles})
    book.group(group_stories(articles))
    bank_a, transfer_a, bank_b, transfer_b, ibt = files
    assert book.stories is not None and len(book.stories) == 3
    assert [set(k) for k in book.pairs(story=book.story_of[bank_a])] == [{bank_a, bank_b}]
    assert book.home(ibt, transfer_a) == book.story_of[transfer_a] == 1
    assert book.home(ibt) == 0
    assert list(book.pairs(pinned=transfer_b, story=1)) == [(transfer_b, transfer_a)]


def test_status_names_the_story_or_says_different_stories() -> None:
    """'story 2 of 3 · pair 1 of 6'; across stories, no pair number."""
    from reader.ingest.article import load_article
    from reader.align.compare import compare
    from reader.ui.status import Status

    one, two = sorted(SEEDS.glob("*.txt"))[:2]
    comparison = compare(load_article(one), load_article(two))
    assert (
        " \u00b7 story 2 of 3 \u00b7 pair 1 of 6 \u00b7 "
        in Status(comparison, 0, 6, story=(1, 3)).text()
    )
    crossed = Status(comparison, 0, 6, story=(1, 3), crossed=True).text()
    assert " \u00b7 different stories \u00b7 " in crossed and "pair" not in crossed
    assert "story" not in Status(comparison, 0, 6).text()
