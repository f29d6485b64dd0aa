"""Notes in the interface: write, mark, edit, delete, list, jump, and a notes file gone bad.

Each test works on a copy of seed articles in tmp_path and asserts on the sidecar file
itself, so what the user typed is known to be on disk (or known not to be).
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from textual.widgets import Input, OptionList, RadioSet, TextArea

from reader.ingest.article import load_article
from reader.store import SIDECAR_NAME, NoteStore, SidecarWriteError, Target
from reader.ui.screens.annotate import AnnotateScreen
from reader.ui.screens.compare import CompareScreen
from reader.ui.screens.dialogs import Confirm, PickNote
from reader.ui.screens.help import binding_rows
from reader.ui.screens.notes import NotesList
from tests.conftest import SEEDS
from tests.ui.conftest import build, press, screen_lines, settle

SIZE = (120, 36)
IBT, MOSCOW, DAILY = (
    "000_9df743b66480a7ad.txt",
    "002_9f6a1060a2f4700f.txt",
    "001_ed291552c9638a97.txt",
)


@pytest.fixture
def notes_dir(tmp_path: Path) -> Path:
    """Three seed articles: IBTimes (3,000 civilians), The Moscow Times (300,000), another."""
    folder = tmp_path / "notes"
    folder.mkdir()
    for name in (IBT, MOSCOW, DAILY):
        shutil.copy(SEEDS / name, folder / name)
    return folder


def _sidecar(folder: Path) -> dict:  # type: ignore[type-arg]
    return json.loads((folder / SIDECAR_NAME).read_text(encoding="utf-8"))


def _screen(app: object) -> CompareScreen:
    screen = app.screen  # type: ignore[attr-defined]
    assert isinstance(screen, CompareScreen)
    return screen


def _go_to(screen: CompareScreen, text: str, side: str = "right") -> int:
    """Put the cursor on the first row whose `side` contains `text`; returns its row."""
    view = screen.side_by_side
    assert view.view_model is not None
    for i, block in enumerate(view.view_model.blocks):
        if block.row is not None and text in getattr(block, side):
            view.move_to(i, jump=True)
            return block.row
    raise AssertionError(f"{text!r} not shown")


def _note_on(folder: Path, name: str, needle: str, text: str, *tags: str) -> str:
    """Save a note on the sentence of article `name` holding `needle`; returns its id."""
    article = load_article(folder / name)
    sentence = next(s for s in article.sentences if needle in s.text)
    store = NoteStore.open(folder)
    return store.add(text, [Target.of(article, sentence.start, sentence.end)], tags=tags).id


async def test_a_writes_a_w3c_note_on_the_pair_and_marks_the_row(notes_dir: Path) -> None:
    """a, text, a tag, ctrl+s: the sidecar holds a W3C annotation quoting both sentences,
    and the row shows the marker on both sides and the note under it."""
    app = build(notes_dir, left=IBT, right=MOSCOW)
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)
        screen = _screen(app)
        row = _go_to(screen, "300,000")
        await press(app, pilot, "a")
        editor = app.screen
        assert isinstance(editor, AnnotateScreen)
        # The numbers differ: the differing number is the subject offered first.
        assert editor.options[editor.selected].key == "number"
        keys = [c.key for c in editor.options]
        await press(app, pilot, "shift+tab", *["up"] * keys.index("number"), "enter", "tab")
        assert editor.options[editor.selected].key == "pair"
        await pilot.press(*"IBTimes dropped two zeros")
        await press(app, pilot, "tab", "enter")  # TextArea -> the first tag: discrepancy
        await press(app, pilot, "ctrl+s")
        assert app.screen is screen
        doc = _sidecar(notes_dir)
        assert doc["type"] == "AnnotationCollection" and doc["total"] == 1
        (item,) = doc["items"]
        assert item["body"][0]["value"] == "IBTimes dropped two zeros"
        assert {"type": "TextualBody", "value": "discrepancy", "purpose": "tagging"} in item["body"]
        texts = {
            IBT: load_article(notes_dir / IBT).text,
            MOSCOW: load_article(notes_dir / MOSCOW).text,
        }
        assert [t["source"] for t in item["target"]] == [IBT, MOSCOW]
        for target in item["target"]:
            quote = next(s for s in target["selector"] if s["type"] == "TextQuoteSelector")
            where = next(s for s in target["selector"] if s["type"] == "TextPositionSelector")
            assert quote["exact"] == texts[target["source"]][where["start"] : where["end"]]
        assert "300,000" in item["target"][1]["selector"][0]["exact"]
        layout = screen.side_by_side.view_model
        block = layout.blocks[layout.block_of_row(row)]
        first = layout.lines[block.first]
        assert first.left.noted and first.right.noted
        text = "\n".join(screen_lines(app))
        assert "\u270e IBTimes dropped two zeros #discrepancy" in text
        assert "\u270e 1 note" in screen_lines(app)[-2]


async def test_typing_on_a_tag_goes_to_the_note_and_choices_read_without_colour(
    notes_dir: Path,
) -> None:
    """Tab onto a tag and type: the text lands in the note and no tag is ticked; the
    chosen subject and a ticked tag carry ✓ in their label."""
    app = build(notes_dir, left=IBT, right=MOSCOW)
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)
        _go_to(_screen(app), "300,000")
        await press(app, pilot, "a")
        editor = app.screen
        assert isinstance(editor, AnnotateScreen)
        await press(app, pilot, "tab", *"two zeros", "space", "x")
        assert editor.text_area.text == "two zeros x"
        assert editor.tags() == ()
        labels = [str(b.label) for b in editor.query("RadioButton")]
        chosen = [label for label in labels if label.startswith("\u2713 ")]
        assert len(chosen) == 1 and "number" in chosen[0]
        await press(app, pilot, "tab", "enter")
        assert editor.tags() == ("discrepancy",)
        assert str(editor.query_one("#tag-discrepancy").label) == "\u2713 discrepancy"


async def test_the_number_and_the_active_pane_are_target_choices(notes_dir: Path) -> None:
    """After tab the right sentence is preselected; 'the number 3,000 vs 300,000' targets
    the two numbers' spans."""
    app = build(notes_dir, left=IBT, right=MOSCOW)
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)
        screen = _screen(app)
        _go_to(screen, "300,000")
        await press(app, pilot, "tab", "a")
        editor = app.screen
        assert isinstance(editor, AnnotateScreen)
        assert editor.options[editor.selected].key == "right"
        labels = [o.label for o in editor.options]
        assert "the number 3,000 vs 300,000" in labels
        await press(app, pilot, "shift+tab")
        assert isinstance(app.focused, RadioSet)
        await press(
            app, pilot, *["down"] * (labels.index("the number 3,000 vs 300,000") - editor.selected)
        )
        await press(app, pilot, "enter")
        assert editor.options[editor.selected].key == "number"
        editor.query_one(TextArea).text = "Hundredfold"
        await press(app, pilot, "ctrl+s")
        (item,) = _sidecar(notes_dir)["items"]
        exact = [t["selector"][0]["exact"] for t in item["target"]]
        assert exact == ["3,000", "300,000"]


async def test_escape_cancels_and_empty_notes_are_refused(notes_dir: Path) -> None:
    """ctrl+s with neither text nor tag says so in the editor; escape leaves no file."""
    app = build(notes_dir, left=IBT, right=MOSCOW)
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)
        await press(app, pilot, "a", "ctrl+s")
        assert isinstance(app.screen, AnnotateScreen)
        assert "Write a note or choose a tag" in "\n".join(screen_lines(app))
        await press(app, pilot, "escape")
        assert isinstance(app.screen, CompareScreen)
        assert not (notes_dir / SIDECAR_NAME).exists()


async def test_notes_from_the_sidecar_are_marked_on_start(notes_dir: Path) -> None:
    """A note saved earlier shows on start: marker on its side, its text under the row, on
    every pair holding its article."""
    _note_on(notes_dir, MOSCOW, "300,000", "Check the UN figure", "needs-source")
    app = build(notes_dir, left=IBT, right=MOSCOW)
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)
        screen = _screen(app)
        marks = screen.side_by_side.notes
        assert len(marks) == 1
        (row, mark) = next(iter(marks.items()))
        assert mark.sides == {"right"}
        assert mark.lines == ((frozenset({"right"}), "Check the UN figure #needs-source"),)
        assert "300,000" in screen.side_by_side.comparison.right.text  # type: ignore[union-attr]
        layout = screen.side_by_side.view_model
        first = layout.lines[layout.blocks[layout.block_of_row(row)].first]
        assert first.right.noted and not first.left.noted
        await press(app, pilot, "s")  # swapped: the note follows its article to the left
        assert next(iter(screen.side_by_side.notes.values())).sides == {"left"}


async def test_e_edits_the_note_of_the_row(notes_dir: Path) -> None:
    """e opens the row's note with its text and tags; ctrl+s changes it in place."""
    note_id = _note_on(notes_dir, MOSCOW, "300,000", "Check the figure", "needs-source")
    app = build(notes_dir, left=IBT, right=MOSCOW)
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)
        screen = _screen(app)
        _go_to(screen, "300,000")
        await press(app, pilot, "e")
        editor = app.screen
        assert isinstance(editor, AnnotateScreen)
        area = editor.query_one(TextArea)
        assert area.text == "Check the figure"
        await pilot.press(*" against UNHCR")
        await press(app, pilot, "ctrl+s")
        (item,) = _sidecar(notes_dir)["items"]
        assert item["id"] == note_id
        assert item["body"][0]["value"] == "Check the figure against UNHCR"
        assert item["body"][1]["value"] == "needs-source"
        assert item["modified"] > item["created"]


async def test_x_deletes_only_after_confirmation(notes_dir: Path) -> None:
    """x asks first: n keeps the note, y deletes it (a tombstone stays in the file)."""
    _note_on(notes_dir, MOSCOW, "300,000", "first")
    second = _note_on(notes_dir, MOSCOW, "300,000", "second")
    app = build(notes_dir, left=IBT, right=MOSCOW)
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)
        screen = _screen(app)
        _go_to(screen, "300,000")
        await press(app, pilot, "x")
        assert isinstance(app.screen, PickNote)  # two notes on the row: which one?
        await press(app, pilot, "down", "enter")
        assert isinstance(app.screen, Confirm)
        await press(app, pilot, "n")
        assert len(_sidecar(notes_dir)["items"]) == 2
        await press(app, pilot, "x", "down", "enter", "y")
        doc = _sidecar(notes_dir)
        assert [i["body"][0]["value"] for i in doc["items"]] == ["first"]
        assert [g["id"] for g in doc["deleted"]] == [second]
        assert len(screen.side_by_side.notes) == 1
        await press(app, pilot, "k", "x")  # no note on that row: a notice, no dialog
        assert isinstance(app.screen, CompareScreen)


async def test_A_lists_filters_and_jumps_to_a_note(notes_dir: Path) -> None:
    """A lists every note with quote, article, tags, status (orphans: not found); the
    filter narrows by text or #tag; Enter shows the note's pair and row."""
    _note_on(notes_dir, MOSCOW, "300,000", "Hundredfold", "discrepancy")
    target = _note_on(notes_dir, DAILY, "Humaymat", "Hilltops retaken?", "verified")
    store = NoteStore.open(notes_dir)
    store.add("Gone", [Target(IBT, "a sentence no longer in the article", "", "", 5, 40)])
    app = build(notes_dir, left=IBT, right=MOSCOW)
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)
        screen = _screen(app)
        await press(app, pilot, "A")
        listing = app.screen
        assert isinstance(listing, NotesList)
        text = "\n".join(screen_lines(app))
        assert "Hundredfold" in text and "#discrepancy" in text and "themoscowtimes.com" in text
        assert "\u201ca sentence no longer in the article\u201d \u2014 not found in the" in text
        assert listing.option_list.option_count == 3
        await press(app, pilot, *"#ver")
        assert listing.query_one(Input).value == "#ver"
        assert [listing.option_list.get_option_at_index(0).id] == [target]
        assert listing.option_list.option_count == 1
        await press(app, pilot, "enter")
        assert app.screen is screen
        assert DAILY in {p.name for p in screen.view_key()}
        block = screen.side_by_side.current_block
        assert block is not None and "Humaymat" in (block.left + block.right)
        await press(app, pilot, "A", *"zeros")
        assert isinstance(app.screen, NotesList)
        assert app.screen.option_list.option_count == 0
        await press(app, pilot, "escape")
        assert app.screen is screen


async def test_an_unreadable_sidecar_is_left_untouched(notes_dir: Path) -> None:
    """A notes file that cannot be read: the user is asked; 'keep notes off' leaves the
    bytes as they were and a/e/x/A only say why."""
    broken = b'{"type": "AnnotationCollection", "items": [ oops'
    (notes_dir / SIDECAR_NAME).write_bytes(broken)
    app = build(notes_dir, left=IBT, right=MOSCOW)
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)
        assert isinstance(app.screen, Confirm)
        assert "cannot read the notes file" in "\n".join(screen_lines(app))
        await press(app, pilot, "n")
        screen = _screen(app)
        assert screen.notes_state == "off"
        for key in ("a", "e", "x", "A"):
            await press(app, pilot, key)
            assert app.screen is screen
        assert any("Notes are off" in n.message for n in app._notifications)
        assert "notes off" in screen_lines(app)[-2]
    assert (notes_dir / SIDECAR_NAME).read_bytes() == broken
    assert sorted(p.name for p in notes_dir.iterdir() if p.name.startswith(".")) == [SIDECAR_NAME]


async def test_an_unreadable_sidecar_is_set_aside_when_the_user_agrees(notes_dir: Path) -> None:
    """y renames the unreadable file (bytes kept) and notes work again."""
    broken = b"\xff\xfe not a notes file"
    (notes_dir / SIDECAR_NAME).write_bytes(broken)
    app = build(notes_dir, left=IBT, right=MOSCOW)
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)
        await press(app, pilot, "y")
        screen = _screen(app)
        assert screen.notes_state == "on"
        (aside,) = notes_dir.glob(SIDECAR_NAME + ".broken-*")
        assert aside.read_bytes() == broken
        await press(app, pilot, "a", *"fresh start", "ctrl+s")
        assert _sidecar(notes_dir)["items"][0]["body"][0]["value"] == "fresh start"


async def test_a_failed_save_keeps_the_note_in_the_editor(
    notes_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Disk full: an error notice, the editor back with the text typed; saving again
    once the disk has room writes it."""

    def full(self: NoteStore, state: object) -> None:
        raise SidecarWriteError(self.path, "No space left on device")

    app = build(notes_dir, left=IBT, right=MOSCOW)
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)
        screen = _screen(app)
        with monkeypatch.context() as patch:
            patch.setattr(NoteStore, "_write", full)
            await press(app, pilot, "a", *"precious words", "ctrl+s")
            await settle(app, pilot)
            editor = app.screen
            assert isinstance(editor, AnnotateScreen)
            assert editor.query_one(TextArea).text == "precious words"
            assert "No space left on device" in "\n".join(screen_lines(app))
            assert screen.notes == ()
            assert any(n.severity == "error" for n in app._notifications)
        await press(app, pilot, "ctrl+s")
        assert app.screen is screen
        assert _sidecar(notes_dir)["items"][0]["body"][0]["value"] == "precious words"


async def test_note_keys_are_remappable_and_listed(notes_dir: Path) -> None:
    """The note bindings carry ids (a keymap moves them), show in ? help and the palette."""
    app = build(notes_dir, left=IBT, right=MOSCOW)
    app.set_keymap({"note-add": "ctrl+n"})
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)
        screen = _screen(app)
        rows = {description: keys for keys, description, _ in binding_rows(screen)}
        assert rows["Note"] == "^n"
        assert {rows["Edit note"], rows["Delete note"], rows["Notes"]} == {"e", "x", "A"}
        await press(app, pilot, "ctrl+n")
        assert isinstance(app.screen, AnnotateScreen)
        await press(app, pilot, "escape")
        await press(app, pilot, "ctrl+p")
        await pilot.press(*"note:")
        await settle(app, pilot)
        found = app.screen.query_one(OptionList)
        names = {str(found.get_option_at_index(i).prompt) for i in range(found.option_count)}
        assert {"note: add", "note: edit", "note: delete", "note: list"} <= {
            n.split("\n")[0] for n in names
        }


async def test_markup_in_articles_and_notes_is_shown_as_typed(hostile_dir: Path) -> None:
    """An outlet named with markup and a note typed with markup show literally, in the
    editor, under the row and in the list; nothing is run."""
    app = build(hostile_dir)
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)
        screen = _screen(app)
        await press(app, pilot, "a")
        assert "Evil [@click=app.quit]Wire[/]" in "\n".join(screen_lines(app))
        await pilot.press(*"[b]not bold[/b] [@click=app.quit]x[/]")
        await press(app, pilot, "ctrl+s")
        assert app.is_running and app.screen is screen
        assert "\u270e [b]not bold[/b] [@click=app.quit]x[/]" in "\n".join(screen_lines(app))
        await press(app, pilot, "A")
        assert "[b]not bold[/b] [@click=app.quit]x[/]" in "\n".join(screen_lines(app))
