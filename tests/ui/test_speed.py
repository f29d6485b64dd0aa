"""What keeps the interface fast without changing what it shows.

The draft shown while a pair aligns, layouts made ahead and reused, and strips rendered
without `Content` giving exactly the segments `Content` would.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from pygments.token import Number
from textual.content import Content

from reader.ingest.article import load_article
from reader.align.compare import compare
from reader.core.model import Comparison
from reader.ui.draft import draft_layout
from reader.ui.layout import build_layout
from reader.ui.lines import Layout
from reader.ui.render import Paint, cell_spans, render_line
from reader.ui.screens.compare import CompareScreen
from reader.ui.search import find
from reader.ui.widgets.sidebyside import SideBySide
from tests.ui.conftest import ALPHA, BETA, DATA, LEFT_DATA, RIGHT_DATA, build, press, settle

SIZE = (120, 36)


@pytest.fixture
def storm(tmp_path: Path) -> Comparison:
    (tmp_path / "alpha.txt").write_text(ALPHA, encoding="utf-8")
    (tmp_path / "beta.txt").write_text(BETA, encoding="utf-8")
    return compare(load_article(tmp_path / "alpha.txt"), load_article(tmp_path / "beta.txt"))


def test_the_draft_shows_both_texts_unmarked(storm: Comparison) -> None:
    """Paragraph i faces paragraph i; no marker, gap or difference is claimed."""
    draft = draft_layout(storm.left, storm.right, 40)
    assert {c.mark for line in draft.lines for c in (line.left, line.right)} == {" "}
    assert all(b.row is None and not b.difference for b in draft.blocks)
    left = " ".join(b.left for b in draft.blocks if b.left)
    assert left == " ".join(s.text for s in storm.left.sentences)
    assert draft.blocks[0].right.startswith("A powerful storm hit the northern coast")
    for line in draft.lines:
        assert len(line.left.text) <= 38 and len(line.right.text) <= 38


async def test_strips_are_what_content_would_render(articles_dir: Path) -> None:
    """Segments built directly equal `Content.render_segments`, cursor and matches too."""
    comparison = compare(load_article(DATA / LEFT_DATA), load_article(DATA / RIGHT_DATA))
    layout = build_layout(comparison, 50, boilerplate=True)
    matches = find(layout, "the")
    app = build(articles_dir)  # any app: styles name theme variables
    async with app.run_test(size=SIZE):
        base = app.screen.visual_style
        cache: dict = {}
        checked = 0
        for line in layout.lines:
            block_matches = [m for m in matches if m.block == line.block]
            for paint in (
                Paint(),
                Paint(cursor=True),
                Paint(False, block_matches, block_matches[0] if block_matches else None),
            ):
                strip = render_line(line, (50, 50), paint, base, cache)
                left = Content(*cell_spans(line.left, "left", 50, paint))
                right = Content(*cell_spans(line.right, "right", 50, paint))
                divider = Content(" \u2503 " if paint.cursor else " \u2502 ").stylize(
                    "bold $text-primary" if paint.cursor else "$text-muted"
                )
                expected = [
                    *left.render_segments(base),
                    *divider.render_segments(base),
                    *right.render_segments(base),
                ]
                assert list(strip) == expected
                assert strip.cell_length == 103
                checked += 1
        assert checked > 100


async def test_a_pair_is_laid_out_once(articles_dir: Path) -> None:
    """The worker lays each pair out ahead; going back to a pair reuses its layout."""
    app = build(articles_dir)
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)
        screen = app.screen
        assert isinstance(screen, CompareScreen)
        view = screen.query_one(SideBySide)
        first = view.view_model
        await press(app, pilot, "n")
        assert view.view_model is not first
        await press(app, pilot, "p")
        assert view.view_model is first
        assert screen.layout_hint == view.layout_options  # (width, boilerplate, reading)


async def test_a_pair_is_laid_out_once_in_reading_order_too(articles_dir: Path) -> None:
    """In reading order, the worker's layouts ahead are in reading order: going to the
    next pair and back lays nothing out again."""
    app = build(articles_dir)
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)
        screen = app.screen
        assert isinstance(screen, CompareScreen)
        view = screen.query_one(SideBySide)
        await press(app, pilot, "v")
        assert screen.layout_hint == view.layout_options and view.reading
        first = view.view_model
        await press(app, pilot, "n")
        assert view.view_model is not first
        await press(app, pilot, "p")
        assert view.view_model is first


async def test_the_text_shows_before_the_alignment(
    articles_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """While the first pair aligns, its two texts are on screen, then the comparison."""
    import reader.align.compare as core

    shown: list[object] = []
    real = core.compare

    def slow(left: object, right: object) -> Comparison:
        shown.append(app.screen.query_one(SideBySide).draft)
        return real(left, right)  # type: ignore[arg-type]

    monkeypatch.setattr(core, "compare", slow)
    app = build(articles_dir)
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)
        view = app.screen.query_one(SideBySide)
        assert shown and shown[0] is not None  # the draft was up when aligning began
        assert view.draft is None and view.comparison is not None


async def test_the_draft_paints_a_screenful_first_then_the_whole_text(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The first frame lays out only what fills the screen; the whole draft follows."""
    import threading

    import reader.align.compare as core

    long = tmp_path / "long.txt"
    long.write_text("\n\n".join(f"Paragraph {i} says the storm hit town {i}." for i in range(400)),
                    encoding="utf-8")  # fmt: skip
    shutil.copy(DATA / LEFT_DATA, tmp_path / LEFT_DATA)
    release = threading.Event()
    real = core.compare

    def held(left: object, right: object) -> Comparison:
        release.wait(10)  # the draft stays on screen until the test has looked
        return real(left, right)  # type: ignore[arg-type]

    monkeypatch.setattr(core, "compare", held)
    drafts: list[Layout] = []
    real_draft = SideBySide._draft_layout

    def recorded(view: SideBySide) -> Layout:
        drafts.append(real_draft(view))
        return drafts[-1]

    monkeypatch.setattr(SideBySide, "_draft_layout", recorded)
    app = build(tmp_path, left="long.txt", right=LEFT_DATA)
    async with app.run_test(size=SIZE) as pilot:
        view = app.screen.query_one(SideBySide)
        for _ in range(1000):
            if len([d for d in drafts if d.lines]) >= 2:
                break
            await pilot.pause(0.01)
        release.set()
        await settle(app, pilot)
    assert view.comparison is not None  # aligned in the end
    sized = [d for d in drafts if d.lines]  # (before the panes have a size: nothing)
    first, whole = sized[0], sized[-1]
    assert len(first.lines) >= SIZE[1]  # the first frame is filled...
    assert len(first.blocks) < 100  # ...with a screenful, not 400 paragraphs
    assert len(whole.blocks) >= 400  # then the whole draft
    spans = [[s for line in d.lines for s in line.left.spans] for d in (first, whole)]
    assert spans[0] == []  # the first frame is not highlighted (no Pygments yet)...
    assert Number in {kind for _, _, kind in spans[1]}  # ...the whole draft is


def test_the_first_frame_needs_no_pygments_lexer(data_dir: Path) -> None:
    """The interface and its first screenful of draft import no Pygments lexer (about
    10 ms of a start of about 0.4 s); it comes with the whole draft, after the first frame."""
    import subprocess
    import sys

    code = (
        "import sys\n"
        "import reader.ui.app, reader.ui.screens.compare\n"
        "from reader.ingest.article import load_article\n"
        "from reader.ui.draft import screenful_draft\n"
        f"a = load_article(__import__('pathlib').Path({str(data_dir / LEFT_DATA)!r}))\n"
        "screenful_draft(a, a, 60, 40)\n"
        "lexers = ('pygments.lexer', 'reader.output.lexer')\n"
        "print(sorted(m for m in sys.modules if m.startswith(lexers)))\n"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert done.stdout.strip() == "[]"


def test_the_draft_head_keeps_the_first_sentences_only(storm: Comparison) -> None:
    from reader.ui.draft import head as _head

    article = storm.left
    assert _head(article, 10**9) is article
    head = _head(article, 1)
    assert head.sentences == article.sentences[:1]
    assert head.text == article.text


async def test_the_loading_indicator_shows_only_when_reading_takes_a_while(
    articles_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Read at once, the pair's text is up with no spinner flashing first; read slowly,
    the panes show the loading indicator until the text comes."""
    import threading

    import reader.ingest.article as article

    import reader.ui.screens.compare as screen

    calls: list[bool] = []
    real_set = SideBySide.set_loading
    monkeypatch.setattr(SideBySide, "set_loading",
                        lambda view, on: (calls.append(on), real_set(view, on))[1])  # fmt: skip
    # Here the pair is read in the app's own worker (no prefetch child, as `reader` has),
    # on a machine that may be busy: the rule is tested, not the machine's speed, so the
    # pair has 2 s to count as read at once.
    delay = screen.LOADING_DELAY
    monkeypatch.setattr(screen, "LOADING_DELAY", 2.0)
    app = build(articles_dir)
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)
        await pilot.pause(0.3)
    assert True not in calls  # never shown
    monkeypatch.setattr(screen, "LOADING_DELAY", delay)

    release = threading.Event()
    real_load = article.load_article

    def slow(*args: object, **kwargs: object) -> object:
        release.wait(5)
        return real_load(*args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(article, "load_article", slow)
    app = build(articles_dir)
    async with app.run_test(size=SIZE) as pilot:
        view = app.screen.query_one(SideBySide)
        await pilot.pause(0.5)
        assert view.loading and view.view_model is None
        release.set()
        await settle(app, pilot)
        assert not view.loading and view.comparison is not None
