"""Fixtures for the story, coverage and report tests: the seeds, and unrelated articles."""

# ruff: noqa: E501 - the articles keep one paragraph a line, as real files do

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from reader.ingest.article import load_article
from reader.core.model import Article
from tests.conftest import SEEDS

BANK_A = """\
Central bank raises rates to 4.5% as inflation lingers

The Bank of Eldoria raised its benchmark interest rate by a quarter of a percentage point to 4.5% on Wednesday, its third increase this year.

Governor Maria Castellan said core inflation, which stood at 3.8% in March, was proving more stubborn than the bank had expected.

"We will do what is necessary to bring prices back to target," Castellan told reporters at a news conference in the capital.

Seven of the nine members of the monetary policy committee voted for the increase, while two preferred to hold rates steady.

Mortgage lenders are expected to pass the rise on to borrowers within weeks, adding pressure on households already squeezed by higher energy bills.

The eldor rose 0.6% against the dollar after the announcement.
"""

BANK_B = """\
Eldoria's central bank lifts key rate again

The Bank of Eldoria on Wednesday raised its benchmark interest rate by 25 basis points to 4.5%, the third hike of the year.

Core inflation, at 3.8% in March, has been more stubborn than the bank expected, Governor Maria Castellan said.

"We will do what is necessary to bring prices back to target," Castellan told a news conference.

Two of the nine members of the monetary policy committee voted to keep rates on hold.

Analysts at Northbridge Capital said they expected one more increase before the summer.

The eldor gained 0.6% against the dollar following the decision.
"""

FOOTBALL_A = """\
Rovers sign striker Tomas Brandt in record deal

Harbour Rovers have signed striker Tomas Brandt from Lakeside Athletic for a club-record fee of 38 million euros, the club announced on Monday.

The 24-year-old forward scored 27 goals in all competitions last season and has agreed a five-year contract.

"Tomas is exactly the kind of player we have been looking for," Rovers manager Ines Okafor said.

Brandt passed his medical on Sunday and is expected to make his debut against Millbrook City on Saturday.

Lakeside Athletic will receive a further five million euros in add-ons if Rovers qualify for European competition.
"""

FOOTBALL_B = """\
Brandt joins Harbour Rovers for record fee

Harbour Rovers completed the signing of striker Tomas Brandt from Lakeside Athletic on Monday for a club-record 38 million euros.

Brandt, 24, scored 27 goals in all competitions last season and signed a five-year contract.

"Tomas is exactly the kind of player we have been looking for," manager Ines Okafor said.

Supporters gathered outside the stadium to welcome the forward after he passed his medical on Sunday.

He could make his debut against Millbrook City on Saturday.
"""

WEATHER = """\
Heavy snow closes mountain passes

Heavy snow closed three mountain passes in the northern highlands overnight, stranding dozens of lorries.

Road crews expect to reopen the Kestrel Gap by Thursday afternoon if the weather clears.

Forecasters warned of further snowfall and strong winds over the weekend.
"""

UNRELATED = {
    "bank_a.txt": BANK_A,
    "bank_b.txt": BANK_B,
    "football_a.txt": FOOTBALL_A,
    "football_b.txt": FOOTBALL_B,
    "weather.txt": WEATHER,
}


@pytest.fixture
def mixed_dir(tmp_path: Path) -> Path:
    """The five seed articles plus unrelated stories: a rate decision and a transfer
    (two versions each) and a lone weather item."""
    target = tmp_path / "mixed"
    shutil.copytree(SEEDS, target)
    for name, text in UNRELATED.items():
        (target / name).write_text(text, encoding="utf-8")
    return target


@pytest.fixture(scope="session")
def seed_articles() -> tuple[Article, ...]:
    """The five seed articles, loaded once (read-only)."""
    return tuple(load_article(p) for p in sorted(SEEDS.glob("*.txt")))
