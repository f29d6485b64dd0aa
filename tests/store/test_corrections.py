"""Story corrections in the sidecar: move, split, merge, undo; kept beside the notes,
applied to every later grouping, honoured by `reader report`."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

from reader.cli import main
from reader.ingest.article import load_article
from reader.store import SIDECAR_NAME, NoteStore, Target, read_notes
from reader.store.corrections import FIELD, add_correction, read_corrections, undo_last
from reader.story.corrections import apply_corrections
from reader.story.stories import group_stories

DATA = Path(__file__).resolve().parents[1] / "data" / "seeds"
BANK_A = """Central bank raises rates to 4.5%

The central bank raised its benchmark interest rate by a quarter point to 4.5% on Thursday.

Governor Elena Marsh said inflation remained too high at 3.8% and further rises were possible.

Seven of the nine members of the monetary policy committee voted for the increase.
"""
BANK_B = """Rates up again as inflation bites

The central bank raised its benchmark interest rate by a quarter point to 4.5% on Thursday.

Governor Elena Marsh said inflation remained stubborn at 3.9% and more rises were possible.

Six of the nine members of the monetary policy committee voted for the increase.
"""
SEED = "000_9df743b66480a7ad.txt"


def _folder(tmp_path: Path) -> Path:
    folder = tmp_path / "news"
    folder.mkdir()
    for name in (SEED, "002_9f6a1060a2f4700f.txt"):
        shutil.copy(DATA / name, folder / name)
    (folder / "bank_a.txt").write_text(BANK_A, encoding="utf-8")
    (folder / "bank_b.txt").write_text(BANK_B, encoding="utf-8")
    return folder


def _grouping(folder: Path) -> set[frozenset[str]]:
    """The stories as every later load sees them: grouped afresh, corrections applied."""
    articles = [load_article(p) for p in sorted(folder.glob("*.txt"))]
    stories = group_stories(articles)
    corrected = apply_corrections(articles, stories, read_corrections(folder).active)
    return {frozenset(s.names) for s in corrected.stories}


def test_found_grouping(tmp_path: Path) -> None:
    """Without corrections: the two seed versions together, the two bank reports together."""
    folder = _folder(tmp_path)
    assert _grouping(folder) == {
        frozenset({SEED, "002_9f6a1060a2f4700f.txt"}),
        frozenset({"bank_a.txt", "bank_b.txt"}),
    }


def test_move_split_merge_and_undo_round_trip(tmp_path: Path) -> None:
    """Each correction is saved at once and read back by a fresh load (a restart); undo
    takes back the newest, one at a time, and stays in the file as history."""
    folder = _folder(tmp_path)
    add_correction(folder, "move", ["bank_b.txt"], to=SEED)
    assert frozenset({SEED, "002_9f6a1060a2f4700f.txt", "bank_b.txt"}) in _grouping(folder)
    add_correction(folder, "split", ["bank_b.txt"])
    assert frozenset({"bank_b.txt"}) in _grouping(folder)
    add_correction(folder, "merge", ["bank_a.txt", SEED])
    assert _grouping(folder) == {
        frozenset({SEED, "002_9f6a1060a2f4700f.txt", "bank_a.txt"}),
        frozenset({"bank_b.txt"}),
    }
    assert undo_last(folder) is not None  # the merge
    assert undo_last(folder) is not None  # the split
    assert frozenset({SEED, "002_9f6a1060a2f4700f.txt", "bank_b.txt"}) in _grouping(folder)
    assert undo_last(folder) is not None  # the move
    assert undo_last(folder) is None
    saved = read_corrections(folder)
    assert [c.op for c in saved.items] == ["move", "split", "merge"]
    assert all(c.undone for c in saved.items) and not saved.active
    assert _grouping(folder) == {
        frozenset({SEED, "002_9f6a1060a2f4700f.txt"}),
        frozenset({"bank_a.txt", "bank_b.txt"}),
    }


def test_corrected_story_says_so(tmp_path: Path) -> None:
    """A story a correction shaped lists it; the others are the stories as found."""
    folder = _folder(tmp_path)
    add_correction(folder, "move", ["bank_b.txt"], to=None)
    articles = [load_article(p) for p in sorted(folder.glob("*.txt"))]
    corrected = apply_corrections(
        articles, group_stories(articles), read_corrections(folder).active
    )
    by_name = {n: s for s in corrected.stories for n in s.names}
    assert by_name["bank_b.txt"].corrections == ("moved bank_b.txt to a story of its own",)
    assert by_name["bank_a.txt"].corrections == ("moved bank_b.txt to a story of its own",)
    assert by_name[SEED].corrections == ()


def test_corrections_survive_an_article_edit(tmp_path: Path) -> None:
    """Articles are named by file: an edited article keeps its correction."""
    folder = _folder(tmp_path)
    add_correction(folder, "move", ["bank_a.txt"], to=SEED)
    edited = BANK_A.replace("Thursday", "Thursday afternoon") + "\nMarkets barely moved.\n"
    (folder / "bank_a.txt").write_text(edited, encoding="utf-8")
    assert frozenset({SEED, "002_9f6a1060a2f4700f.txt", "bank_a.txt"}) in _grouping(folder)


def test_a_correction_of_a_removed_article_is_skipped(tmp_path: Path) -> None:
    """An article no longer in the folder: the correction is skipped with a line, no error."""
    folder = _folder(tmp_path)
    add_correction(folder, "move", ["bank_a.txt"], to=SEED)
    (folder / "bank_a.txt").unlink()
    articles = [load_article(p) for p in sorted(folder.glob("*.txt"))]
    corrected = apply_corrections(
        articles, group_stories(articles), read_corrections(folder).active
    )
    assert len(corrected.skipped) == 1 and "bank_a.txt not in the folder" in corrected.skipped[0]


def test_corrections_sit_beside_notes_and_unknown_fields(tmp_path: Path) -> None:
    """Notes written before and after a correction are all kept, and so is a field this
    version does not know."""
    folder = _folder(tmp_path)
    seed = load_article(folder / SEED)
    store = NoteStore.open(folder)
    store.add("first", [Target.of(seed, 0, 20)])
    doc = json.loads((folder / SIDECAR_NAME).read_text(encoding="utf-8"))
    doc["x_other_tool"] = {"keep": True}
    (folder / SIDECAR_NAME).write_text(json.dumps(doc), encoding="utf-8")
    add_correction(folder, "split", ["bank_a.txt"])
    NoteStore.open(folder).add("second", [Target.of(seed, 30, 50)])
    doc = json.loads((folder / SIDECAR_NAME).read_text(encoding="utf-8"))
    assert doc["x_other_tool"] == {"keep": True}
    assert len(doc[FIELD]) == 1
    assert [n.text for n in read_notes(folder).notes] == ["first", "second"]


def test_corrupt_correction_never_loses_notes(tmp_path: Path) -> None:
    """A correction entry that cannot be read is reported and left as it is; the notes read
    and write as before, and new corrections are added after it."""
    folder = _folder(tmp_path)
    seed = load_article(folder / SEED)
    NoteStore.open(folder).add("kept", [Target.of(seed, 0, 20)])
    doc = json.loads((folder / SIDECAR_NAME).read_text(encoding="utf-8"))
    doc[FIELD] = [{"op": "teleport", "articles": 7}, "junk"]
    (folder / SIDECAR_NAME).write_text(json.dumps(doc), encoding="utf-8")
    read = read_corrections(folder)
    assert read.items == () and len(read.problems) == 2
    assert [n.text for n in read_notes(folder).notes] == ["kept"]
    add_correction(folder, "split", ["bank_a.txt"])
    doc = json.loads((folder / SIDECAR_NAME).read_text(encoding="utf-8"))
    assert doc[FIELD][:2] == [{"op": "teleport", "articles": 7}, "junk"]
    assert [n.text for n in read_notes(folder).notes] == ["kept"]
    assert frozenset({"bank_a.txt"}) in _grouping(folder)


def test_report_honours_corrections(tmp_path: Path, capsys) -> None:
    """`reader report` groups as corrected (the two stories merged: all four articles) and
    shows the correction."""
    folder = _folder(tmp_path)
    add_correction(folder, "merge", ["bank_a.txt", SEED])
    assert main(["report", str(folder), "--format", "json"]) == 0
    report = json.loads(capsys.readouterr().out)
    (merged,) = [s for s in report["stories"] if "bank_a.txt" in s["articles"]]
    assert set(merged["articles"]) == {SEED, "002_9f6a1060a2f4700f.txt", "bank_a.txt", "bank_b.txt"}
    assert merged["corrections"] == [f"merged the stories of bank_a.txt, {SEED}"]
