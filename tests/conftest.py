"""Shared fixtures: the seed articles live in tests/data so tests never touch data/."""

from __future__ import annotations

import os

# As `reader.cli` does for every command: one BLAS thread, so the tests compute what the
# commands and the index's workers compute, to the last bit.
for _name in ("OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS", "MKL_NUM_THREADS"):
    os.environ.setdefault(_name, "1")

import shutil  # noqa: E402
from pathlib import Path  # noqa: E402

import pytest  # noqa: E402

TESTS = Path(__file__).parent
SEEDS = TESTS / "data" / "seeds"


@pytest.fixture
def seeds_dir(tmp_path: Path) -> Path:
    """A writable copy of the five seed articles."""
    target = tmp_path / "articles"
    shutil.copytree(SEEDS, target)
    return target


@pytest.fixture(autouse=True)
def _isolated_config(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Keep user config and data dirs inside the test's tmp_path."""
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "config"))
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "share"))
    monkeypatch.delenv("NO_COLOR", raising=False)
