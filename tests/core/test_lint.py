"""Lint-clean and formatted: `ruff check` and `ruff format --check` pass on reader and tests."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).parent.parent.parent


@pytest.mark.parametrize("args", [["check"], ["format", "--check"]], ids=["check", "format"])
def test_ruff_finds_nothing(args: list[str]) -> None:
    pytest.importorskip("ruff")
    p = subprocess.run(
        [sys.executable, "-m", "ruff", *args, "--no-cache", "reader", "tests"],
        cwd=ROOT, capture_output=True, text=True, timeout=300,
    )  # fmt: skip
    assert p.returncode == 0, p.stdout + p.stderr
