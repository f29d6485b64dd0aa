"""Fixtures for the interface tests: tiny articles written into tmp_path, app helpers."""

from __future__ import annotations

import shutil
from collections.abc import Awaitable, Callable
from pathlib import Path

import pytest
from textual.app import App
from textual.pilot import Pilot

from reader.ui.app import ReaderApp, make_app

DATA = Path(__file__).resolve().parents[2] / "data"
LEFT_DATA = "000_9df743b66480a7ad.txt"
"""IBTimes: '3,000 civilians', no date."""
RIGHT_DATA = "002_9f6a1060a2f4700f.txt"
"""The Moscow Times: '300,000 civilians', paragraphs IBTimes lacks."""

ALPHA = """\
---
title: Storm hits northern coast
outlet: Daily Alpha
date: 2024-03-01
---
A powerful storm hit the northern coast on Monday night, officials said.

About 3,000 homes lost power during the night, according to the regional utility.

Rescue teams evacuated 120 people from low-lying villages near the river. Most of them \
spent the night in a school gym.

The mayor said all schools in the district would stay closed on Tuesday.

Advertisement: subscribe to Daily Alpha for just $1 a week.
"""

BETA = """\
---
title: Coastal storm leaves thousands without power
outlet: Beta News
date: 2024-03-02
---
A powerful storm hit the northern coast on Monday night, officials said.

About 30,000 homes lost power during the night, according to the regional utility.

The mayor said all schools in the district would stay closed on Tuesday and Wednesday.

Forecasters warned that a second storm could reach the coast by Friday. "We are not out \
of the woods yet," a forecaster told reporters.
"""

GAMMA = """\
---
title: Power cuts after the storm
outlet: Gamma Wire
date: 2024-03-03
---
A powerful storm hit the northern coast on Monday night, officials said.

Power cuts hit about 3,000 homes, the utility said in a statement.

The mayor said all schools in the district would stay closed on Tuesday.
"""

HOSTILE = """\
---
title: Hostile [b]markup[/b]
outlet: Evil [@click=app.quit]Wire[/]
date: 2024-03-04
---
A powerful storm hit the northern coast on Monday night, officials said [b]x[/b] \
[@click=app.quit]y[/] and more.

Officials printed a terminal escape here: \x1b[31mred text\x1b[0m back to normal.
"""


@pytest.fixture
def articles_dir(tmp_path: Path) -> Path:
    """A folder of three small articles about one storm (alpha, beta, gamma)."""
    folder = tmp_path / "articles"
    folder.mkdir()
    for name, text in (("alpha.txt", ALPHA), ("beta.txt", BETA), ("gamma.txt", GAMMA)):
        (folder / name).write_text(text, encoding="utf-8")
    return folder


@pytest.fixture
def data_dir(tmp_path: Path) -> Path:
    """Two articles of the sample corpus: IBTimes and The Moscow Times."""
    folder = tmp_path / "data"
    folder.mkdir()
    for name in (LEFT_DATA, RIGHT_DATA):
        shutil.copy(DATA / name, folder / name)
    return folder


@pytest.fixture
def hostile_dir(tmp_path: Path) -> Path:
    """An article full of markup and escape sequences, and an ordinary one."""
    folder = tmp_path / "hostile"
    folder.mkdir()
    (folder / "alpha.txt").write_text(ALPHA, encoding="utf-8")
    (folder / "hostile.txt").write_text(HOSTILE, encoding="utf-8")
    return folder


def build(folder: Path, **options: str) -> ReaderApp:
    """The app as `reader FOLDER` builds it, made deterministic for tests."""
    app = make_app([folder], **options)
    app.animation_level = "none"
    return app


async def settle(app: App[object], pilot: Pilot[object]) -> None:
    """Wait until every worker is done and every message handled."""
    await app.workers.wait_for_complete()
    await pilot.pause()
    await app.workers.wait_for_complete()
    await pilot.pause()


async def press(app: App[object], pilot: Pilot[object], *keys: str) -> None:
    """Press keys, then settle."""
    await pilot.press(*keys)
    await settle(app, pilot)


def screen_lines(app: App[object]) -> list[str]:
    """The text of every screen line, as the terminal would show it."""
    return [strip.text for strip in app.screen._compositor.render_strips()]


RunBefore = Callable[[Pilot[object]], Awaitable[None]]


def keys_then_settle(*keys: str) -> RunBefore:
    """A snapshot `run_before` that waits for loading, presses keys and waits again."""

    async def run_before(pilot: Pilot[object]) -> None:
        await settle(pilot.app, pilot)
        if keys:
            await press(pilot.app, pilot, *keys)

    return run_before
