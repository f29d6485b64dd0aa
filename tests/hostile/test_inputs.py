"""The generator of hostile inputs: enough of them, the ones the issue names, all made by
code (no data files in this folder), and the big ones quick to make."""

from __future__ import annotations

import time
from collections.abc import Callable
from pathlib import Path

from tests.hostile.inputs import CASES, Built

REQUIRED = (
    "empty", "whitespace", "png", "nul-bytes", "invalid-utf8", "utf16-le-bom", "utf16-be-bom",
    "utf16-le", "utf16-be", "cp1252", "mixed-newlines", "huge-50mb", "line-2mb", "files-10k",
    "deep-folders", "symlink-loop", "dangling-symlink", "unreadable", "name-spaces",
    "name-newline", "name-escapes", "rich-markup", "ansi-csi", "osc", "rtl", "combining-emoji",
    "zero-width", "identical", "prefix", "single-article", "no-articles", "html-nested-10k",
    "html-script-3mb", "yaml-laughs", "fifo", "name-255", "sidecar-directory",
)  # fmt: skip
"""The inputs the issue asks for by name (its list, then its suggestions)."""


def test_at_least_forty_inputs_including_the_named_ones() -> None:
    """Over forty hostile inputs, each with a unique name and a description."""
    assert len(CASES) >= 40
    assert len({c.name for c in CASES}) == len(CASES)
    assert all(c.about for c in CASES)
    assert set(REQUIRED) <= {c.name for c in CASES}


def test_inputs_are_made_by_code_not_committed() -> None:
    """The folder holds Python source only: every input is generated into tmp_path."""
    here = Path(__file__).parent
    files = [p for p in here.rglob("*") if p.is_file() and "__pycache__" not in p.parts]
    assert {p.suffix for p in files} == {".py"}


def test_big_inputs_are_quick_to_make(build_case: Callable[[str], Built]) -> None:
    """The 50 MB file and the 10,000 files take seconds, not minutes, to write."""
    for name in ("huge-50mb", "files-10k"):
        start = time.perf_counter()
        built = build_case(name)
        assert time.perf_counter() - start < 15
        assert built.folder.is_dir()
    assert build_case("huge-50mb").left.stat().st_size == 50 * 1024 * 1024
    assert sum(1 for _ in build_case("files-10k").folder.glob("*.txt")) == 10_000
