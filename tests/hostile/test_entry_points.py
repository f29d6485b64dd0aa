"""Every hostile input through `reader compare`, `reader notes` and `reader report`.

Each run goes through `reader.cli.main` as the command would (in this process, stdout and
stderr captured as strict UTF-8 bytes) and must: end within its time, exit 0 with a
result or 2 with one `reader: ` line, do what the input calls for (`Built.compare`,
`Built.notes`), and put no control character from a file on either stream.

Runs broken by a bug in code this suite does not own are strict xfails naming the bug
(`known_bugs.py`). Reading each article is memoised within a test module (the tests of
one input read the same files nine times); everything else runs every time.
"""

from __future__ import annotations

import contextlib
import io
import os
import re
from collections.abc import Callable, Iterator, Sequence
from pathlib import Path

import pytest

from reader.core.model import Article
from tests.hostile.harness import (
    COMPARE_FORMATS,
    NOTES_FORMATS,
    REPORT_FORMATS,
    command,
    expected,
    forbidden_characters,
    problems,
    run_inprocess,
    run_process,
)
from tests.hostile.inputs import CASES, Built
from tests.hostile.known_bugs import BROKEN, BUGS, HANGS, xfail_test_of

SLOW = {"near-limit"}
"""Inputs whose runs take half a minute each: `slow` (bench/hostile_table.py runs them)."""
SLOW_REPORT = {"many-sentences", "files-10k"}
"""Inputs whose report takes 7-12 s per format: `slow` (the table runs them)."""


def _report_ready() -> bool:
    """Whether `reader report --help` works yet (another engineer is writing it)."""
    from reader.cli import main

    out = io.StringIO()
    try:
        with contextlib.redirect_stdout(out), contextlib.redirect_stderr(io.StringIO()):
            code = main(["report", "--help"])
    except SystemExit as exit_:
        code = exit_.code
    return code == 0 and "usage: reader report" in out.getvalue()


REPORT_READY = _report_ready()


def _params() -> Iterator[object]:
    entries = [f"compare {f}" for f in COMPARE_FORMATS] + [f"notes {f}" for f in NOTES_FORMATS]
    entries += [f"report {f}" for f in REPORT_FORMATS]
    for hostile in CASES:
        for entry in entries:
            marks = []
            if hostile.name in SLOW or (hostile.name in SLOW_REPORT and "report" in entry):
                marks.append(pytest.mark.slow)
            bug = BROKEN.get((hostile.name, entry))
            if bug in HANGS:
                marks.append(pytest.mark.slow)
            if bug:
                reason = f"{BUGS[bug]} ({xfail_test_of(bug)})"
                marks.append(pytest.mark.xfail(strict=True, reason=reason))
            if entry.startswith("report") and not REPORT_READY:
                marks.append(pytest.mark.skip(reason="TODO: `reader report` not there yet"))
            yield pytest.param(hostile.name, entry, marks=marks, id=f"{hostile.name}-{entry}")


_CACHE: dict[tuple[object, ...], Article] = {}
"""Articles of the input under test (cleared when the next input starts)."""
_CURRENT = [""]


@pytest.fixture(scope="module", autouse=True)
def _read_once() -> Iterator[None]:
    """Memoise `load_article` by path, size limit and file identity."""
    import reader.ingest.article as article

    real = article.load_article
    cache = _CACHE

    def load_article(path: Path, *, max_bytes: int = article.DEFAULT_MAX_BYTES) -> Article:
        try:
            info = os.stat(path)
            key: tuple[object, ...] = (os.path.abspath(path), max_bytes, info.st_ino,
                                       info.st_size, info.st_mtime_ns)  # fmt: skip
        except (OSError, ValueError):
            return real(path, max_bytes=max_bytes)  # let the loader say what is wrong
        if key not in cache:
            cache[key] = real(path, max_bytes=max_bytes)
        return cache[key]

    article.load_article = load_article  # type: ignore[assignment]
    try:
        yield
    finally:
        article.load_article = real


@pytest.mark.parametrize(("name", "entry"), _params())
def test_entry_point(name: str, entry: str, build_case: Callable[[str], Built]) -> None:
    """The input gets a result or a one-line refusal, in bounded time, with no escapes."""
    if _CACHE and name != _CURRENT[0]:
        _CACHE.clear()
    _CURRENT[0] = name
    built = build_case(name)
    if BROKEN.get((name, entry)) in HANGS:  # a stuck thread here could not be stopped
        run = run_process(command(entry, built), entry=entry, timeout=15.0,
                          unreadable=bool(built.unreadable))  # fmt: skip
    else:
        run = run_inprocess(
            command(entry, built),
            entry=entry,
            timeout=120.0 if built.slow else 30.0,
            unreadable=built.unreadable,
        )
    refusal = built.refusal if entry.startswith("compare") else ()
    found = problems(run, expected(entry, built), refusal)
    assert not found, f"{name} / {entry}: " + "; ".join(found)


_OUR_COLOURS = re.compile(r"\x1b\[[0-9;]*m")
"""The only escape sequences `--color always` may write: SGR colours."""


@pytest.mark.parametrize("name", ["ansi-csi", "osc", "c1-controls", "bel-backspace", "rtl"])
def test_color_always_writes_only_our_colours(
    name: str, build_case: Callable[[str], Built]
) -> None:
    """With --color always the text output holds our SGR colour codes and nothing else
    a terminal obeys: the file's own sequences are shown as \\x1b..."""
    built = build_case(name)
    args = ["compare", str(built.left), str(built.right), "--color", "always"]
    run = run_inprocess(args, entry="compare text")
    assert run.code == 0, run.message
    assert _OUR_COLOURS.search(run.stdout.decode())
    rest = _OUR_COLOURS.sub("", run.stdout.decode("utf-8"))
    assert not forbidden_characters(rest.encode()), forbidden_characters(rest.encode())


@pytest.mark.parametrize(
    ("name", "entry", "limit_mb"),
    [
        ("huge-50mb", "compare json", 100),
        ("word-2mb", "compare json", 300),
        pytest.param("line-2mb", "report html", 400, marks=pytest.mark.slow),
        pytest.param("html-unclosed-100k", "compare json", 400, marks=pytest.mark.slow),
        pytest.param("files-10k", "report markdown", 800, marks=pytest.mark.slow),
        pytest.param("near-limit", "compare json", 800, marks=pytest.mark.slow),
    ],
)
def test_big_inputs_stay_within_memory(
    name: str, entry: str, limit_mb: int, build_case: Callable[[str], Built]
) -> None:
    """As a real process the largest inputs stay within a bounded peak memory (the 50 MB
    file is refused from its size, without being read)."""
    built = build_case(name)
    run = run_process(command(entry, built), entry=entry, timeout=180)
    assert not problems(run, expected(entry, built), ())
    assert run.peak_mb is not None and run.peak_mb < limit_mb, f"{run.peak_mb:.0f} MB"


def test_report_leaves_out_a_story_too_long_to_compare(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A story holding a pair over the sentence-pair cap is left out of `reader report`
    with a line saying why, and the folder's other stories are still reported; when no
    story is left, the report is refused as `reader compare` would refuse the pair."""
    import json

    from reader.story import coverage
    from reader.core.errors import CompareError
    from tests.hostile.inputs import ARTICLE, REWRITE, write

    real = coverage.compare_all

    def compare_all(articles: Sequence[Article], **options: object) -> object:
        if any(a.name.startswith("huge") for a in articles):
            raise CompareError("huge-1.txt and huge-2.txt: too many to compare")
        return real(articles, **options)  # type: ignore[arg-type]

    monkeypatch.setattr(coverage, "compare_all", compare_all)
    budget = "The city council approved a budget of $4 million on Monday, the mayor said.\n"
    write(tmp_path / "huge-1.txt", budget)
    write(tmp_path / "huge-2.txt", budget.replace("Monday", "Tuesday"))
    write(tmp_path / "a.txt", ARTICLE)
    write(tmp_path / "b.txt", REWRITE)
    run = run_inprocess(["report", str(tmp_path), "--format", "json"], entry="report json")
    assert not problems(run, "ok"), run.message
    doc = json.loads(run.stdout)
    assert [sorted(s["articles"]) for s in doc["stories"]] == [["a.txt", "b.txt"]]
    assert any("too many to compare" in line for line in doc["skipped"])
    for name in ("a.txt", "b.txt"):
        (tmp_path / name).unlink()
    run = run_inprocess(["report", str(tmp_path), "--format", "json"], entry="report json")
    assert run.code == 2 and "too many to compare" in run.message
