"""The user's keymap file (`reader.ui.keymap`): read, checked, applied by the app."""

from __future__ import annotations

import importlib
import inspect
import pkgutil
from pathlib import Path

from textual.binding import Binding
from textual.widgets import Static

import reader.ui
import reader.ui.screens
import reader.ui.widgets

from reader.ingest.load import DEFAULT_MAX_BYTES
from reader.ui.app import ReaderApp, app_for
from reader.ui.keymap import BINDING_IDS, Keymap, keymap_path, load_keymap
from reader.ui.launch import plan
from reader.ui.screens.compare import CompareScreen
from reader.ui.screens.help import HelpScreen
from tests.ui.conftest import DATA, LEFT_DATA, RIGHT_DATA, screen_lines, settle

SIZE = (120, 36)


def test_the_ids_a_keymap_may_name_are_the_bindings_ids() -> None:
    found = set()
    for package in (reader.ui, reader.ui.screens, reader.ui.widgets):
        for info in pkgutil.iter_modules(package.__path__):
            module = importlib.import_module(f"{package.__name__}.{info.name}")
            for _, cls in inspect.getmembers(module, inspect.isclass):
                if cls.__module__ == module.__name__:
                    bindings = getattr(cls, "BINDINGS", None) or []
                    found |= {b.id for b in bindings if isinstance(b, Binding) and b.id}
    assert found == set(BINDING_IDS)


def test_where_the_keymap_is_looked_for(tmp_path: Path) -> None:
    home = Path("~").expanduser()
    assert keymap_path({}) == home / ".config" / "reader" / "keymap.toml"
    assert keymap_path({"XDG_CONFIG_HOME": str(tmp_path)}) == tmp_path / "reader/keymap.toml"
    chosen = {"READER_KEYMAP": str(tmp_path / "k.toml"), "XDG_CONFIG_HOME": "/elsewhere"}
    assert keymap_path(chosen) == tmp_path / "k.toml"


def test_no_file_is_no_keymap(tmp_path: Path) -> None:
    assert load_keymap(tmp_path / "keymap.toml") == Keymap(None)


def test_a_keymap_is_read(tmp_path: Path) -> None:
    path = tmp_path / "keymap.toml"
    path.write_text('pair-next = "right"\ndifference-next = " ctrl+n , ] "\n', encoding="utf-8")
    keymap = load_keymap(path)
    assert keymap == Keymap(path, {"pair-next": "right", "difference-next": "ctrl+n,]"})


def test_what_is_wrong_is_left_out_and_said(tmp_path: Path) -> None:
    path = tmp_path / "keymap.toml"
    path.write_text(
        'pair-next = "right"\nnext-pair = "x"\npair-swap = 3\npair-pin = " , "\n', encoding="utf-8"
    )
    keymap = load_keymap(path)
    assert keymap.keys == {"pair-next": "right"}
    assert len(keymap.problems) == 3
    assert "no action has the id 'next-pair'" in keymap.problems[0]
    assert all(p.startswith(str(path)) for p in keymap.problems)


def test_a_broken_or_unreadable_file_gives_one_problem(tmp_path: Path) -> None:
    broken = tmp_path / "broken.toml"
    broken.write_text("pair-next = \n", encoding="utf-8")
    binary = tmp_path / "binary.toml"
    binary.write_bytes(b"\xff\xfe\x00")
    folder = tmp_path / "folder.toml"
    folder.mkdir()
    for path, words in ((broken, "not a valid keymap"), (binary, "cannot read"),
                        (folder, "a folder")):  # fmt: skip
        keymap = load_keymap(path)
        assert keymap.keys == {}
        assert len(keymap.problems) == 1 and words in keymap.problems[0], keymap.problems


def _reader(path: Path, keymap: str) -> ReaderApp:
    """The reader on data/ (the story of four articles: six pairs), with `keymap` written
    to `path` and read as `reader PATH...` reads the user's file."""
    path.write_text(keymap, encoding="utf-8")
    launch = plan([DATA], left=LEFT_DATA, right=RIGHT_DATA)
    app = app_for(launch, max_bytes=DEFAULT_MAX_BYTES, prefetch=None, keymap=load_keymap(path))
    app.animation_level = "none"
    return app


async def test_the_reader_uses_the_keymap(tmp_path: Path) -> None:
    """A remapped key does the action, the old one no longer does, and `?` shows the keys
    as mapped, with the file named; a key taken from another action is said."""
    path = tmp_path / "keymap.toml"
    app = _reader(path, 'pair-next = "right,x"\npair-swap = "p"\n')
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)
        screen = app.screen
        assert isinstance(screen, CompareScreen)
        start = screen.pair_index  # where the opened pair ranks (by the scorer's links)
        await pilot.press("n")  # no longer next pair
        await settle(app, pilot)
        assert screen.pair_index == start
        await pilot.press("right")
        await settle(app, pilot)
        assert screen.pair_index == start + 1
        await pilot.press("x")
        await settle(app, pilot)
        assert screen.pair_index == start + 2
        shown = screen.side_by_side.comparison
        await pilot.press("p")  # now swap, taken from "previous pair"
        await settle(app, pilot)
        assert screen.pair_index == start + 2 and screen.swapped
        assert shown is not None
        notices = [n.message for n in app._notifications]
        lost = "\u201cPrev pair\u201d has no key left: the keymap gave its keys to other actions"
        assert lost in notices, notices
        await pilot.press("question_mark")
        await settle(app, pilot)
        assert isinstance(app.screen, HelpScreen)
        text = "\n".join(screen_lines(app))
        assert f"as mapped in {path}" in text
        # The whole help text (longer than the screen): right shows as an arrow.
        help_text = str(app.screen.query_one("#help-text", Static).content)
        assert "\u2192, x  Next pair" in help_text, help_text


async def test_a_bad_keymap_is_a_notice_and_the_default_keys_work(tmp_path: Path) -> None:
    path = tmp_path / "keymap.toml"
    app = _reader(path, "pair-next = [\n")
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)
        notices = [n.message for n in app._notifications]
        assert any("not a valid keymap" in n and str(path) in n for n in notices), notices
        start = app.screen.pair_index  # type: ignore[attr-defined]
        await pilot.press("n")
        await settle(app, pilot)
        assert app.screen.pair_index == start + 1  # type: ignore[attr-defined]


def test_the_readme_lists_every_id() -> None:
    readme = (Path(__file__).parent.parent.parent / "README.md").read_text(encoding="utf-8")
    assert [i for i in BINDING_IDS if f"`{i}`" not in readme] == []


async def test_keys_the_keymap_cannot_give_are_said(tmp_path: Path) -> None:
    """A key answered first by another action (the palette's ctrl+p, at the app) leaves
    the action without a key; a key taken from one of Textual's own bindings (ctrl+q)
    is a clash. Both are notices naming the action."""
    path = tmp_path / "keymap.toml"
    app = _reader(path, 'pair-next = "ctrl+p"\nhelp = "ctrl+q"\n')
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)
        for key in ("j", "j", "k"):  # bindings are worked out again on every key
            await pilot.press(key)
        await settle(app, pilot)
        notices = [n.message for n in app._notifications]
        shadowed = (
            "\u201cNext pair\u201d has no key left: its keys in the keymap (ctrl+p) are "
            "answered first by other actions"
        )
        assert shadowed in notices, notices
        assert "ctrl+q: taken from \u201cQuit\u201d by the keymap" in notices, notices
        assert sum("ctrl+q" in n for n in notices) == 1  # said once, not on every key
