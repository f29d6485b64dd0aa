"""The first pair read and aligned in a child process (`reader.ui.prefetch`)."""

from __future__ import annotations

import shutil
from pathlib import Path

from reader.ingest.article import load_article
from reader.align.compare import compare
from reader.ingest.load import DEFAULT_MAX_BYTES
from reader.core.model import Article, Comparison
from reader.ui.app import make_app
from reader.ui.launch import plan, start_prefetch
from reader.ui.prefetch import Prefetch
from reader.ui.ranking import orient
from reader.ui.screens.compare import CompareScreen
from tests.ui.conftest import DATA, LEFT_DATA, RIGHT_DATA, screen_lines, settle

SIZE = (120, 36)
THIRD = "003_2beb9938f0615c89.txt"


def _rows(comparison: Comparison) -> list[tuple[str, tuple[int, ...], tuple[int, ...]]]:
    return [(r.kind, tuple(r.left), tuple(r.right)) for r in comparison.rows]


def test_the_child_sends_the_articles_then_their_comparison(data_dir: Path) -> None:
    pair = (data_dir / RIGHT_DATA, data_dir / LEFT_DATA)
    prefetch = Prefetch.start(pair, max_bytes=DEFAULT_MAX_BYTES, as_given=False)
    assert prefetch is not None
    got = prefetch.articles()
    assert got is not None and set(got) == set(pair)
    for path in pair:
        article = got[path]
        assert isinstance(article, Article)
        assert article == load_article(path)
    comparison = prefetch.comparison()
    assert comparison is not None
    left, right = orient(got[pair[0]], got[pair[1]])  # type: ignore[arg-type]
    assert comparison.left is left and comparison.right is right  # the same objects
    assert _rows(comparison) == _rows(compare(left, right))


def test_a_pair_taken_as_given_is_not_turned_round(data_dir: Path) -> None:
    pair = (data_dir / RIGHT_DATA, data_dir / LEFT_DATA)
    prefetch = Prefetch.start(pair, max_bytes=DEFAULT_MAX_BYTES, as_given=True)
    assert prefetch is not None and prefetch.articles() is not None
    comparison = prefetch.comparison()
    assert comparison is not None
    assert (comparison.left.path, comparison.right.path) == pair


def test_an_unreadable_article_comes_back_as_its_message(tmp_path: Path, data_dir: Path) -> None:
    broken = tmp_path / "broken.txt"
    broken.write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(range(256)))
    prefetch = Prefetch.start((data_dir / LEFT_DATA, broken), max_bytes=DEFAULT_MAX_BYTES,
                              as_given=False)  # fmt: skip
    assert prefetch is not None
    got = prefetch.articles()
    assert got is not None
    assert isinstance(got[data_dir / LEFT_DATA], Article)
    assert got[broken] == "broken.txt: not a text file (binary data)"
    assert prefetch.comparison() is None  # nothing to compare: the child stops


def test_a_child_that_dies_gives_nothing_and_the_reader_does_the_work(data_dir: Path) -> None:
    pair = (data_dir / LEFT_DATA, data_dir / RIGHT_DATA)
    prefetch = Prefetch.start(pair, max_bytes=DEFAULT_MAX_BYTES, as_given=False)
    assert prefetch is not None
    prefetch._process.kill()
    assert prefetch.articles() is None
    assert prefetch.comparison() is None


def test_the_size_limit_reaches_the_child(data_dir: Path) -> None:
    pair = (data_dir / LEFT_DATA, data_dir / RIGHT_DATA)
    prefetch = Prefetch.start(pair, max_bytes=100, as_given=False)
    assert prefetch is not None
    got = prefetch.articles()
    assert got is not None
    assert all(isinstance(v, str) and "limit" in v for v in got.values())


async def test_the_reader_shows_the_prefetched_pair(data_dir: Path) -> None:
    """With the prefetch (as `reader PATH...` runs), the first pair is the child's work and
    is shown exactly as without it."""
    shown = {}
    for prefetch in (True, False):
        app = make_app([data_dir], left=LEFT_DATA, right=RIGHT_DATA, prefetch=prefetch)
        app.animation_level = "none"
        child = app.prefetch
        async with app.run_test(size=SIZE) as pilot:
            await settle(app, pilot)
            screen = app.screen
            assert isinstance(screen, CompareScreen)
            comparison = screen.side_by_side.comparison
            assert comparison is not None
            shown[prefetch] = (_rows(comparison), screen_lines(app))
        if prefetch:
            assert child is not None and child._process.poll() is not None  # done, reaped
            assert screen.prefetch is child  # used, not dropped for a mismatch
    assert shown[True] == shown[False]


async def test_a_prefetch_of_another_pair_is_dropped(tmp_path: Path) -> None:
    for name in (LEFT_DATA, RIGHT_DATA, THIRD):
        shutil.copy(DATA / name, tmp_path / name)
    launch = plan([tmp_path])
    other = Prefetch.start((tmp_path / LEFT_DATA, tmp_path / THIRD),
                           max_bytes=DEFAULT_MAX_BYTES, as_given=False)  # fmt: skip
    assert launch.opening == (tmp_path / LEFT_DATA, tmp_path / RIGHT_DATA)
    from reader.ui.app import app_for

    app = app_for(launch, max_bytes=DEFAULT_MAX_BYTES, prefetch=other)
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)
        screen = app.screen
        assert isinstance(screen, CompareScreen)
        assert screen.prefetch is None
        comparison = screen.side_by_side.comparison
        assert comparison is not None
        assert {comparison.left.path.name, comparison.right.path.name} == {LEFT_DATA, RIGHT_DATA}


def test_start_prefetch_takes_the_opening_pair(data_dir: Path) -> None:
    launch = plan([data_dir], left=RIGHT_DATA)
    prefetch = start_prefetch(launch, DEFAULT_MAX_BYTES)
    assert prefetch is not None
    try:
        assert prefetch.pair == launch.opening == launch.first
    finally:
        prefetch.close()


def test_the_child_never_imports_textual(data_dir: Path) -> None:
    """The child exists to work while the parent imports Textual: it must not import it."""
    import subprocess
    import sys

    code = (
        "import io, sys\n"
        "from reader.ui.prefetch import _child\n"
        f"_child(['{DEFAULT_MAX_BYTES}', 'orient', {str(data_dir / LEFT_DATA)!r}, "
        f"{str(data_dir / RIGHT_DATA)!r}], io.BytesIO(), io.BytesIO(b'g'))\n"
        "print([m for m in sys.modules if m.split('.')[0] == 'textual' or m == 'reader.ui.app'])\n"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert done.stdout.strip() == "[]"


def test_the_child_aligns_only_after_the_go_ahead(data_dir: Path) -> None:
    """The child sends the articles, then waits: aligning (numpy, rapidfuzz, a busy core)
    must not compete with the parent's start. Without the go-ahead it stops."""
    import io
    import pickle

    from reader.ui.prefetch import GO, _child

    argv = [str(DEFAULT_MAX_BYTES), "given", str(data_dir / LEFT_DATA), str(data_dir / RIGHT_DATA)]
    for go, sent in ((b"", 1), (GO, 2)):
        out = io.BytesIO()
        assert _child(argv, out, io.BytesIO(go)) == 0
        out.seek(0)
        unpickler = pickle.Unpickler(out)
        got = []
        while out.tell() < len(out.getvalue()):
            got.append(unpickler.load())
        assert len(got) == sent
        assert all(isinstance(a, Article) for a in got[0])
        if sent == 2:
            assert isinstance(got[1], Comparison)


def test_a_child_whose_parent_goes_stops_without_aligning(data_dir: Path) -> None:
    pair = (data_dir / LEFT_DATA, data_dir / RIGHT_DATA)
    prefetch = Prefetch.start(pair, max_bytes=DEFAULT_MAX_BYTES, as_given=True)
    assert prefetch is not None and prefetch.articles() is not None
    process = prefetch._process
    assert process.stdin is not None
    process.stdin.close()  # as when the parent dies: end of input, no go-ahead
    assert process.wait(timeout=10) == 0
    assert process.stdout is not None and process.stdout.read() == b""  # no comparison sent
    prefetch.close()
