"""Every hostile input through the interface (`reader FOLDER`), driven by Pilot.

For each input the app is built as the command line builds it, run at 120x36, and left to
load; then boilerplate is shown (`b`) and, for inputs full of escapes and markup, the
swap, overview, notes list and help screens are opened too. Each screen and notice must
be free of raw control characters, nothing may escape the app, and the user must see a
pair, or an error notice saying why not, or (before the interface) a one-line refusal.

Inputs on which the interface is known to hang run in a process of their own, killed
after a deadline (a stuck event loop cannot be interrupted here).
"""

from __future__ import annotations

import json
import sys
from collections.abc import Callable

import pytest

from tests.hostile.harness import refusing_reads, run_process
from tests.hostile.inputs import CASES, Built
from tests.hostile.known_bugs import BROKEN, BUGS, xfail_test_of
from tests.hostile.known_bugs import HANGS as HUNG
from tests.hostile.ui import UiResult, drive

FULL = frozenset({
    "rich-markup", "ansi-csi", "osc", "c1-controls", "name-escapes", "html-escapes",
    "yaml-hostile-values", "numbers-bomb", "sidecar-hostile-text", "escaped-folder-bad-sidecar",
})  # fmt: skip
"""Inputs checked on more screens (the others: the pair, then with boilerplate shown)."""
FULL_KEYS = ("b", "o", "escape", "A")
"""Boilerplate, the overview, back, the notes list (the help screen shows no file data)."""
SLOW = frozenset({
    "near-limit", "html-unclosed-100k", "boilerplate-bombs", "one-sentence-per-line",
    "files-10k", "markdown-bombs", "word-2mb", "line-2mb",
})  # fmt: skip
"""Inputs the interface takes 10 s to minutes over (the table runs them)."""
SAME_PATH = frozenset({
    "whitespace", "bom-only", "nul-bytes", "random-bytes", "gzip", "utf16-odd", "utf16-be-bom",
    "utf16-be", "utf32", "many-sentences",
})  # fmt: skip
"""Inputs that take the interface down the same path as another one run by default (a file
refused by the loader, a decoding that succeeds, a pair too large to compare): `slow`."""
HANGS = frozenset(case for (case, entry), bug in BROKEN.items() if entry == "ui" and bug in HUNG)
"""Inputs run in a process of their own, killed at the deadline."""
DEADLINE = 30.0


def _params() -> list[object]:
    params = []
    for hostile in CASES:
        marks = [pytest.mark.slow] if hostile.name in SLOW | HANGS | SAME_PATH else []
        bug = BROKEN.get((hostile.name, "ui"))
        if bug:
            reason = f"{BUGS[bug]} ({xfail_test_of(bug)})"
            marks.append(pytest.mark.xfail(strict=True, reason=reason))
        params.append(pytest.param(hostile.name, marks=marks, id=hostile.name))
    return params


def _in_a_process(built: Built) -> UiResult:
    run = run_process(
        [str(built.folder), "--deadline", str(DEADLINE)], entry="ui", timeout=DEADLINE + 15,
        unreadable=bool(built.unreadable), program=("-m", "tests.hostile.ui"),
    )  # fmt: skip
    if run.code is None:
        return UiResult("timeout", f"killed after {run.seconds:.0f} s", run.seconds,
                        problems=[f"killed after {run.seconds:.0f} s"])  # fmt: skip
    if run.code != 0:
        tail = run.stderr.decode("utf-8", "replace").strip().splitlines()[-1:]
        return UiResult("crash", str(tail), run.seconds, problems=[f"exit {run.code}: {tail}"])
    return UiResult(**json.loads(run.stdout))


@pytest.mark.parametrize("name", _params())
async def test_interface(name: str, build_case: Callable[[str], Built]) -> None:
    """The interface shows a pair or says why not, in bounded time, with no raw escapes."""
    built = build_case(name)
    if name in HANGS:
        result = _in_a_process(built)
    else:
        keys = FULL_KEYS if name in FULL else ("b",)
        with refusing_reads(built.unreadable):
            result = await drive(built.folder, deadline=DEADLINE, keys=keys)
    assert not result.problems, f"{name}: {result.problems} (notices: {result.notices})"
    assert result.outcome == built.ui, f"{name}: {result.outcome}: {result.message}"
    if built.ui == "ok":
        assert result.first_pair is not None


@pytest.mark.skipif(sys.platform == "win32", reason="POSIX terminal semantics")
async def test_hostile_article_is_shown_literally(build_case: Callable[[str], Built]) -> None:
    """Markup and escape sequences of a file appear on screen as text (`\\x1b`), so the
    user sees that the file holds them; they are neither obeyed nor silently dropped."""
    from reader.ui.app import make_app
    from reader.ui.screens.compare import CompareScreen
    from tests.ui.conftest import screen_lines, settle

    built = build_case("osc")
    app = make_app([built.folder], left=built.left.name, right=built.right.name)
    app.animation_level = "none"
    async with app.run_test(size=(120, 36)) as pilot:
        await settle(app, pilot)
        assert isinstance(app.screen, CompareScreen)
        text = "".join(screen_lines(app))
        assert "\\x1b]52;c;" in text and "\x1b" not in text
