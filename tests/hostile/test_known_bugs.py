"""Bugs found by the hostile inputs: one test each, a strict xfail while the bug is open.

Tests without the xfail mark reproduce bugs that were fixed and now guard the fix.

Each test is the smallest reproduction of one entry of `known_bugs.BUGS` (the test name
is the bug id). When a fix lands the test passes, strict xfail turns that into a failure,
and the entry (with the runs of the input matrix it marks in `known_bugs.BROKEN`) is to
be removed so the test then guards the fix.
"""

from __future__ import annotations

import json
import os
import sys
import time
from pathlib import Path

import pytest

from tests.hostile.harness import forbidden_characters, problems, run_inprocess, run_process
from tests.hostile.inputs import ARTICLE, REWRITE, write
from tests.hostile.known_bugs import BUGS, FIXED


def xfail(bug: str) -> pytest.MarkDecorator:
    """Strict xfail with the bug's description as the reason while the bug is open; once
    it is in `FIXED` the test is an ordinary one guarding the fix."""
    if bug in FIXED:
        return pytest.mark.hostile_fixed
    return pytest.mark.xfail(strict=True, reason=BUGS[bug])


@pytest.fixture
def pair(tmp_path: Path) -> tuple[Path, Path]:
    """Two ordinary articles; the left one says '3,000 people' in C1-laced text."""
    left = write(tmp_path / "left.txt", ARTICLE.replace("Heavy rain", "\u009b31mHeavy rain"))
    return left, write(tmp_path / "right.txt", REWRITE)


def test_c1_in_compare_json(pair: tuple[Path, Path]) -> None:
    """`reader compare --format json` writes U+009B (CSI) as \\u009b, never raw."""
    run = run_inprocess(["compare", str(pair[0]), str(pair[1]), "--format", "json"])
    assert run.code == 0 and not forbidden_characters(run.stdout)


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="byte file names")
def test_surrogates_in_compare_json(tmp_path: Path) -> None:
    """A file name that is not UTF-8 does not kill `reader compare --format json`."""
    left = write(tmp_path / os.fsdecode(b"caf\xe9.txt"), ARTICLE)
    right = write(tmp_path / "right.txt", REWRITE)
    run = run_inprocess(["compare", str(left), str(right), "--format", "json"])
    assert not problems(run, "ok")


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="PATH_MAX of Linux")
def test_compare_path_too_long(tmp_path: Path) -> None:
    """A path over PATH_MAX is a one-line refusal, not a traceback."""
    path = tmp_path.joinpath(*["d" * 250] * 20, "x.txt")
    run = run_inprocess(["compare", str(path), str(path)])
    assert not problems(run, "refused")


def test_compare_symlink_loop_says_missing(tmp_path: Path) -> None:
    """A symbolic-link loop is named as such, not as a missing file."""
    (tmp_path / "a.txt").symlink_to("b.txt")
    (tmp_path / "b.txt").symlink_to("a.txt")
    other = write(tmp_path / "c.txt", ARTICLE)
    run = run_inprocess(["compare", str(tmp_path / "a.txt"), str(other)])
    assert run.code == 2 and "symbolic link" in run.message.lower()


def test_compare_missing_path_raw(tmp_path: Path) -> None:
    """A missing file's name is printed with its escape sequences made visible."""
    gone = tmp_path / "\x1b]52;c;cHduZWQ=\x07gone.txt"
    run = run_inprocess(["compare", str(gone), str(gone)])
    assert run.code == 2 and not forbidden_characters(run.stderr)


def test_c1_in_report_json(pair: tuple[Path, Path]) -> None:
    """`reader report --format json` writes U+009B as \\u009b, never raw."""
    run = run_inprocess(["report", str(pair[0].parent), "--format", "json"])
    assert run.code == 0 and not forbidden_characters(run.stdout)


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="byte file names")
def test_surrogates_in_report_json(tmp_path: Path) -> None:
    """A file name that is not UTF-8 does not kill `reader report --format json`."""
    write(tmp_path / os.fsdecode(b"caf\xe9.txt"), ARTICLE)
    write(tmp_path / "right.txt", REWRITE)
    run = run_inprocess(["report", str(tmp_path), "--format", "json"])
    assert not problems(run, "ok")


def test_sidecar_recursion(tmp_path: Path) -> None:
    """A sidecar nested 100,000 levels deep is unreadable (SidecarUnreadable), no more."""
    from reader.store import SidecarUnreadable, read_notes

    bomb = '{"type": "AnnotationCollection", "reader_version": 1, "items": ' + "[" * 100_000
    write(tmp_path / ".reader-notes.json", bomb + "]" * 100_000 + "}")
    with pytest.raises(SidecarUnreadable):
        read_notes(tmp_path)


@pytest.mark.skipif(os.name != "posix", reason="POSIX file names")
def test_sidecar_message_raw_path(tmp_path: Path) -> None:
    """An unreadable sidecar in a folder named with escapes is reported without them."""
    folder = tmp_path / "\x1b]0;pwned\x07news"
    folder.mkdir()
    write(folder / ".reader-notes.json", "{")
    run = run_inprocess(["notes", str(folder)])
    assert run.code == 2 and not forbidden_characters(run.stderr)


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="named pipes")
def test_sidecar_fifo_hangs(tmp_path: Path) -> None:
    """A named pipe in the sidecar's place is reported, not waited on (killed after 5 s)."""
    write(tmp_path / "a.txt", ARTICLE)
    os.mkfifo(tmp_path / ".reader-notes.json")
    run = run_process(["notes", str(tmp_path)], timeout=5)
    assert run.code is not None, "reader notes still waiting after 5 s"


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="byte file names")
def test_store_undecodable_source(tmp_path: Path) -> None:
    """A note on a file whose name is not UTF-8 is saved, or refused as AnnotationError."""
    from reader.core.errors import AnnotationError
    from reader.store import NoteStore, Target

    name = os.fsdecode(b"caf\xe9.txt")
    write(tmp_path / name, ARTICLE)
    store = NoteStore.open(tmp_path)
    try:
        store.add("a note", [Target.from_text(name, ARTICLE, 0, 10)])
    except AnnotationError:
        return
    assert [n.text for n in NoteStore.open(tmp_path).notes] == ["a note"]


def test_infinity_in_compare_json(tmp_path: Path) -> None:
    """Numbers too large for a float still make valid JSON (no Infinity, no NaN)."""
    left = write(tmp_path / "a.txt", ARTICLE.replace("3,000", "9" * 400))
    right = write(tmp_path / "b.txt", ARTICLE.replace("3,000", "1" + "0" * 399))
    run = run_inprocess(
        ["compare", str(left), str(right), "--format", "json"], entry="compare json"
    )
    assert not problems(run, "ok")


def test_ui_many_files(tmp_path: Path) -> None:
    """Keeping the pair list current costs less than comparing: the screen asks for the
    ranked list of every pair (`PairBook.pairs`) at least twice per comparison it receives,
    so for 60 one-line articles (1,770 pairs, 0.6 s of comparing) receiving them all must
    take under 3 s. It took about 10, rebuilding the list each time (50 files: 7.6 s to
    settle; 80: over 40 s; 10,000: no pair ever showed)."""
    from itertools import combinations

    from reader.ingest.article import load_article
    from reader.align.compare import compare
    from reader.ui.ranking import PairBook

    paths = [write(tmp_path / f"a{i:02d}.txt", f"Report {i}: the river rose by {i} cm.\n")
             for i in range(60)]  # fmt: skip
    book = PairBook(paths)
    book.articles = {p: load_article(p) for p in paths}
    made = [compare(book.articles[a], book.articles[b]) for a, b in combinations(paths, 2)]

    def receive() -> None:
        for comparison in made:  # as the screen does: keep it, find the pair, rank
            key = book.add(comparison)
            book.pairs().index(key)
            assert len(book.pairs()) == 1_770

    seconds = _seconds(receive)
    assert seconds < 3.0, f"{seconds:.1f} s of list rebuilds"
    assert book.pairs()[0] in {key for key in book.comparisons}


@pytest.mark.slow
def test_ui_large_article(tmp_path: Path) -> None:
    """A 3.9 MB article (just under the 4 MB limit) is on screen within 60 s and 600 MB."""
    from tests.hostile.inputs import by_name

    built = by_name("near-limit").build(tmp_path)
    run = run_process([str(built.folder), "--deadline", "60"], entry="ui", timeout=90,
                      program=("-m", "tests.hostile.ui"))  # fmt: skip
    assert run.code == 0 and json.loads(run.stdout)["outcome"] == "ok"
    assert run.peak_mb is not None and run.peak_mb < 600, f"{run.peak_mb:.0f} MB"


def test_report_story_grouping_quadratic(tmp_path: Path) -> None:
    """`reader report` refuses two articles too long to compare about as fast as `reader
    compare` does: 2,100 like sentences each (4.4 M pairs, over the 4 M cap) take
    `compare` 1-2 s, and grouping the folder into stories must not take ten times that."""
    from tests.hostile.inputs import lines_of

    write(tmp_path / "left.txt", lines_of("", 2100))
    write(tmp_path / "right.txt", lines_of("", 2100).replace("river", "stream"))
    compare = run_process(["compare", str(tmp_path / "left.txt"), str(tmp_path / "right.txt")])
    assert compare.code == 2, compare.message
    budget = 4 * compare.seconds + 2
    report = run_process(["report", str(tmp_path)], timeout=budget)
    assert report.code == 2, f"still at it after {budget:.0f} s (compare: {compare.seconds:.1f} s)"


def _seconds(function: object, *args: object) -> float:
    start = time.perf_counter()
    function(*args)  # type: ignore[operator]
    return time.perf_counter() - start


def test_ui_markup_regex_quadratic() -> None:
    """Showing a line of '[' takes linear time: 4x the text, at most ~6x the time."""
    from reader.ui.textmap import shown

    small, large = "[" * 4_000, "[" * 16_000
    shown(small, 0, 10)  # warm up
    ratio = _seconds(shown, large, 0, len(large)) / max(_seconds(shown, small, 0, len(small)),
                                                        1e-3)  # fmt: skip
    assert ratio < 8, f"16,000 chars took {ratio:.0f}x as long as 4,000 (quadratic: 16x)"


def test_ui_long_paragraph_quadratic(tmp_path: Path) -> None:
    """Joining a paragraph's sentences for display (the draft shown while aligning) is
    linear in their number: 4x the sentences, at most ~6x the time (quadratic: 16x)."""
    from reader.ingest.article import load_article
    from reader.core.model import Article
    from reader.ui.draft import _body_paragraphs
    from reader.ui.textmap import shown

    def article(count: int) -> Article:
        return load_article(write(tmp_path / f"p{count}.txt", ("word " * 100 + "end. ") * count))

    def join(paragraph: Article) -> None:
        shown.cache_clear()  # each sentence's display text is cached: measure it made
        _body_paragraphs(paragraph)

    small, large = article(200), article(800)
    join(article(50))  # warm up
    ratio = _seconds(join, large) / max(_seconds(join, small), 1e-3)
    assert ratio < 8, f"4x the sentences took {ratio:.0f}x as long (quadratic: 16x)"


def test_every_bug_has_its_test() -> None:
    """Each bug of known_bugs (open or fixed) is reproduced by a test of this module."""
    here = globals()
    missing = [bug for bug in (*BUGS, *FIXED) if f"test_{bug.replace('-', '_')}" not in here]
    assert not missing
    assert not set(BUGS) & set(FIXED)
    assert json.dumps([BUGS, FIXED])  # descriptions are plain text
