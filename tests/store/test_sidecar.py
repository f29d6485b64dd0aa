"""The sidecar file: W3C shape, round trip, unknown fields, unreadable files, set-aside, merge."""

from __future__ import annotations

import json
import os
import re
import sys
from dataclasses import replace
from datetime import datetime
from pathlib import Path

import pytest
from filelock import FileLock

from reader.ingest.article import load_article
from reader.core.errors import AnnotationError
from reader.ingest.load import discover
from reader.core.model import Article
from reader.store import (
    LOCK_NAME,
    SIDECAR_NAME,
    NoteNotFound,
    NoteStore,
    SidecarBusy,
    SidecarUnreadable,
    SidecarWriteError,
    Target,
    read_notes,
    set_aside,
)
from reader.store.codec import Collection, Note, Tombstone, merge

IBT, MT = "000_9df743b66480a7ad.txt", "002_9f6a1060a2f4700f.txt"


@pytest.fixture
def articles(seeds_dir: Path) -> tuple[Article, Article]:
    """IBTimes (3,000 civilians) and The Moscow Times (300,000), from a writable folder."""
    return load_article(seeds_dir / IBT), load_article(seeds_dir / MT)


def sentence_with(article: Article, words: str) -> tuple[int, int]:
    """The offsets of the body sentence containing `words`."""
    return next((s.start, s.end) for s in article.sentences if words in s.text)


def fill(store: NoteStore, left: Article, right: Article) -> None:
    """Notes of every kind: a pair, one sentence, a differing number, a word range."""
    a, b = sentence_with(left, "3,000"), sentence_with(right, "300,000")
    store.add("IBTimes dropped two zeros:\n3,000 where Reuters has 300,000",
              [Target.of(left, *a), Target.of(right, *b)], tags=["discrepancy"])  # fmt: skip
    store.add("Check the UN figure", [Target.of(right, *b)], tags=["needs-source", "un"])
    at = right.text.index("300,000")
    store.add("", [Target.of(right, at, at + 7)], tags=["verified"])
    at = left.text.index("Tiger Forces")
    store.add("unit name", [Target.of(left, at, at + len("Tiger Forces"))])


def test_round_trip_writes_the_w3c_model(
    seeds_dir: Path, articles: tuple[Article, Article]
) -> None:
    """Saved notes read back equal, in W3C Web Annotation form, quotes matching the text."""
    store = NoteStore.open(seeds_dir)
    fill(store, *articles)
    raw = (seeds_dir / SIDECAR_NAME).read_text(encoding="utf-8")
    assert raw.startswith('{\n  "@context": "http://www.w3.org/ns/anno.jsonld",\n')
    doc = json.loads(raw)
    assert doc["type"] == "AnnotationCollection" and doc["reader_version"] == 1
    assert doc["generator"] == "reader" and doc["total"] == 4 and doc["deleted"] == []
    texts = {a.name: a.text for a in articles}
    for item in doc["items"]:
        assert re.fullmatch(r"urn:uuid:[0-9a-f-]{36}", item["id"])
        assert item["type"] == "Annotation"
        for stamp in (item["created"], item["modified"]):
            assert stamp.endswith("Z") and datetime.fromisoformat(stamp).utcoffset().seconds == 0
        comments = [b for b in item["body"] if b["purpose"] == "commenting"]
        tags = [b["value"] for b in item["body"] if b["purpose"] == "tagging"]
        assert item["motivation"] == ("commenting" if comments else "tagging")
        assert all(b["type"] == "TextualBody" and b["format"] == "text/plain" for b in comments)
        assert comments or tags
        for target in item["target"]:
            quote, position = target["selector"]
            assert quote["type"] == "TextQuoteSelector"
            assert position["type"] == "TextPositionSelector"
            text = texts[target["source"]]
            start, end = position["start"], position["end"]
            assert quote["exact"] == text[start:end]
            assert quote["prefix"] == text[max(0, start - 32) : start]
            assert quote["suffix"] == text[end : end + 32]
    assert [len(item["target"]) for item in doc["items"]] == [2, 1, 1, 1]
    again = read_notes(seeds_dir).notes
    assert again == store.notes
    assert again[0].text == "IBTimes dropped two zeros:\n3,000 where Reuters has 300,000"
    assert again[1].tags == ("needs-source", "un")
    assert discover([seeds_dir]).skipped == ()  # the loader does not see the sidecar


def test_update_and_delete_are_saved_at_once(
    seeds_dir: Path, articles: tuple[Article, Article]
) -> None:
    """Each change is on disk when the call returns; deletions leave a tombstone."""
    store = NoteStore.open(seeds_dir)
    fill(store, *articles)
    first, second = store.notes[:2]
    updated = store.update(first.id, tags=["discrepancy", "verified", " verified ", ""])
    assert updated.tags == ("discrepancy", "verified") and updated.text == first.text
    assert updated.modified > first.modified and updated.created == first.created
    store.delete(second.id)
    store.delete(second.id)  # already gone: not an error
    on_disk = read_notes(seeds_dir)
    assert [n.id for n in on_disk.notes] == [first.id, *(n.id for n in store.notes[1:])]
    assert on_disk.notes[0].tags == ("discrepancy", "verified")
    assert [g.id for g in on_disk.deleted] == [second.id]
    with pytest.raises(NoteNotFound):
        store.update(second.id, text="too late")
    with pytest.raises(ValueError):
        store.update(first.id, text="", tags=[])
    with pytest.raises(ValueError):
        store.add("no target", [])
    with pytest.raises(ValueError):
        Target.of(articles[0], 10, 10)


UNKNOWN = {
    "@context": "http://www.w3.org/ns/anno.jsonld", "type": "AnnotationCollection",
    "generator": "reader", "reader_version": 1, "x-other-tool": {"keep": [1, 2, 3]},
    "items": [{
        "id": "urn:uuid:00000000-0000-4000-8000-000000000001", "type": "Annotation",
        "created": "2024-05-01T09:30:00Z", "modified": "2024-05-01T09:30:00Z",
        "motivation": "commenting", "creator": {"type": "Person", "name": "A. Checker"},
        "body": [
            {"type": "TextualBody", "value": "old text", "format": "text/plain",
             "purpose": "commenting", "language": "en"},
            {"type": "TextualBody", "value": "discrepancy", "purpose": "tagging",
             "x-colour": "red"},
            {"type": "SpecificResource", "source": "https://example.org/un-report"},
        ],
        "target": [{
            "source": IBT, "state": {"type": "TimeState", "sourceDate": "2024-05-01"},
            "selector": [
                {"type": "TextQuoteSelector", "exact": "Tiger Forces", "prefix": "known as the ",
                 "suffix": " and allied", "x-note": "kept"},
                {"type": "TextPositionSelector", "start": 1475, "end": 1487},
                {"type": "CssSelector", "value": "p:nth-child(6)"},
            ],
        }],
    }],
}  # fmt: skip


def test_unknown_fields_survive_a_save(seeds_dir: Path, articles: tuple[Article, Article]) -> None:
    """Fields other tools wrote, at every level, are written back unchanged."""
    path = seeds_dir / SIDECAR_NAME
    path.write_text(json.dumps(UNKNOWN), encoding="utf-8")
    store = NoteStore.open(seeds_dir)
    (note,) = store.notes
    assert (note.text, note.tags) == ("old text", ("discrepancy",))
    store.update(note.id, text="new text", tags=["discrepancy", "verified"])
    fill(store, *articles)
    doc = json.loads(path.read_text(encoding="utf-8"))
    assert doc["x-other-tool"] == {"keep": [1, 2, 3]}
    item = doc["items"][0]
    assert item["creator"] == {"type": "Person", "name": "A. Checker"}
    comment, tag, tag2, resource = item["body"]
    assert comment == {"type": "TextualBody", "value": "new text", "format": "text/plain",
                       "purpose": "commenting", "language": "en"}  # fmt: skip
    assert tag["x-colour"] == "red" and tag2["value"] == "verified"
    assert resource == UNKNOWN["items"][0]["body"][2]
    target = item["target"][0]
    assert target["state"] == {"type": "TimeState", "sourceDate": "2024-05-01"}
    assert target["selector"] == UNKNOWN["items"][0]["target"][0]["selector"]
    assert len(doc["items"]) == 5


BROKEN = {
    "not JSON": b'{"type": "AnnotationCollection", "items": [',
    "empty": b"",
    "not UTF-8": b"\xff\xfe\x00garbage",
    "a list": b"[]",
    "no version": b'{"type": "AnnotationCollection", "items": []}',
    "newer version": b'{"type": "AnnotationCollection", "reader_version": 2, "items": []}',
    "version not a number": b'{"type": "AnnotationCollection", "reader_version": true}',
    "items not a list": b'{"type": "AnnotationCollection", "reader_version": 1, "items": {}}',
    "item without id": b'{"type": "AnnotationCollection", "reader_version": 1, "items": [{}]}',
    "target without source": b'{"type": "AnnotationCollection", "reader_version": 1, '
    b'"items": [{"id": "urn:x", "target": {"selector": []}}]}',
    "bad position": b'{"type": "AnnotationCollection", "reader_version": 1, "items": [{"id": '
    b'"urn:x", "target": {"source": "a.txt", "selector": {"type": "TextPositionSelector", '
    b'"start": "1", "end": 2}}}]}',
}


@pytest.mark.parametrize("content", BROKEN.values(), ids=BROKEN.keys())
def test_unreadable_sidecar_is_never_overwritten(
    seeds_dir: Path, articles: tuple[Article, Article], content: bytes
) -> None:
    """A file the reader cannot read raises a one-line error and keeps its bytes."""
    path = seeds_dir / SIDECAR_NAME
    path.write_bytes(content)
    store = NoteStore(seeds_dir)
    with pytest.raises(SidecarUnreadable) as caught:
        store.reload()
    assert caught.value.path == path and caught.value.reason
    assert isinstance(caught.value, AnnotationError) and "\n" not in caught.value.message
    assert str(path) in caught.value.message
    target = Target.of(articles[0], 0, 10)
    with pytest.raises(SidecarUnreadable):
        store.add("an attempt", [target])
    with pytest.raises(SidecarUnreadable):
        store.delete("urn:x")
    with pytest.raises(SidecarUnreadable):
        NoteStore.open(seeds_dir)
    assert path.read_bytes() == content
    assert sorted(p.name for p in seeds_dir.glob(".reader*")) == [SIDECAR_NAME]


def test_set_aside_renames_the_broken_file_and_starts_anew(
    seeds_dir: Path, articles: tuple[Article, Article]
) -> None:
    """set_aside keeps the broken bytes under a dated name; the new file works."""
    path = seeds_dir / SIDECAR_NAME
    path.write_bytes(b"{broken")
    aside = set_aside(seeds_dir)
    assert aside is not None and aside.parent == seeds_dir
    assert re.fullmatch(r"\.reader-notes\.json\.broken-\d{8}-\d{6}", aside.name)
    assert aside.read_bytes() == b"{broken"
    assert read_notes(seeds_dir).notes == ()
    assert set_aside(seeds_dir) is None  # readable now: left alone
    store = NoteStore.open(seeds_dir)
    store.add("after", [Target.of(articles[0], 0, 10)])
    path.write_bytes(b"{broken again")
    second = store.set_aside()  # the same second: a distinct name
    assert second is not None and second != aside and second.read_bytes() == b"{broken again"
    assert [n.text for n in read_notes(seeds_dir).notes] == ["after"]  # kept from memory
    assert aside.exists()


def test_failed_write_leaves_the_old_file(
    seeds_dir: Path, articles: tuple[Article, Article], monkeypatch: pytest.MonkeyPatch
) -> None:
    """When the final rename fails, the old file stays and no temporary file is left."""
    store = NoteStore.open(seeds_dir)
    store.add("kept", [Target.of(articles[0], 0, 10)])
    before = (seeds_dir / SIDECAR_NAME).read_bytes()

    def refuse(src: str, dst: str) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "replace", refuse)
    with pytest.raises(SidecarWriteError, match="No space left"):
        store.add("lost", [Target.of(articles[0], 0, 10)])
    assert (seeds_dir / SIDECAR_NAME).read_bytes() == before
    assert [n.text for n in store.notes] == ["kept"]
    assert not list(seeds_dir.glob("*.tmp"))


def test_busy_lock_times_out(seeds_dir: Path, articles: tuple[Article, Article]) -> None:
    """A lock held elsewhere for too long gives SidecarBusy, not a hang."""
    with FileLock(seeds_dir / LOCK_NAME), pytest.raises(SidecarBusy):
        NoteStore(seeds_dir, timeout=0.1).add("x", [Target.of(articles[0], 0, 10)])


def test_two_windows_merge_without_losing_changes(
    seeds_dir: Path, articles: tuple[Article, Article]
) -> None:
    """Two stores on one folder: additions merge, deletions stick, field edits combine."""
    left, right = articles
    one, two = NoteStore.open(seeds_dir), NoteStore.open(seeds_dir)
    a = one.add("from one", [Target.of(left, 0, 10)])
    b = two.add("from two", [Target.of(right, 0, 10)])  # two has not seen a
    assert {n.id for n in two.notes} == {a.id, b.id}
    one.reload()
    one.delete(b.id)
    two.update(a.id, tags=["verified"])  # two still holds b: it must not come back
    assert [n.id for n in read_notes(seeds_dir).notes] == [a.id]
    with pytest.raises(NoteNotFound):
        two.update(b.id, text="edit of a deleted note")
    one.update(a.id, text="text from one")  # one's copy of a has no tag yet
    assert read_notes(seeds_dir).notes[0].text == "text from one"
    assert read_notes(seeds_dir).notes[0].tags == ("verified",)
    two.reload()
    assert two.notes == read_notes(seeds_dir).notes


def test_merge_rules() -> None:
    """Newer `modified` wins, ties keep the file's version, tombstones beat older versions."""
    target = Target.from_text("a.txt", "some article text", 0, 4)
    old = Note("urn:1", "old", (), (target,), "2024-01-01T00:00:00Z", "2024-01-01T00:00:00Z")
    new = replace(old, text="new", modified="2024-01-02T00:00:00Z")
    hand = replace(old, text="edited by hand")  # same `modified`
    assert merge(Collection((new,)), Collection((old,))).notes == (new,)
    assert merge(Collection((old,)), Collection((new,))).notes == (new,)
    assert merge(Collection((hand,)), Collection((old,))).notes == (hand,)
    grave = Tombstone("urn:1", "2024-01-01T12:00:00Z")
    assert merge(Collection((), (grave,)), Collection((old,))).notes == ()
    assert merge(Collection((old,)), Collection((), (grave,))).notes == ()
    assert merge(Collection((), (grave,)), Collection((new,))).notes == (new,)
    later = Tombstone("urn:1", "2024-01-03T00:00:00Z")
    assert merge(Collection((new,), (grave,)), Collection((), (later,))).deleted == (later,)


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="byte file names")
def test_note_on_a_file_name_that_is_not_utf8(tmp_path: Path) -> None:
    """A note on `caf\\xe9.txt` is saved as valid UTF-8 JSON (a readable `source`, the exact
    bytes in `reader_source_bytes`) and read back under the name the article loads as."""
    name = os.fsdecode(b"caf\xe9 100%.txt")
    text = "The river rose by 3 cm overnight."
    (tmp_path / name).write_text(text, encoding="utf-8")
    store = NoteStore.open(tmp_path)
    note = store.add("a note", [Target.from_text(name, text, 4, 9)])
    raw = (tmp_path / SIDECAR_NAME).read_bytes()
    (target,) = json.loads(raw.decode("utf-8"))["items"][0]["target"]
    assert target["source"] == "caf\ufffd 100%.txt"
    assert target["reader_source_bytes"] == "caf%E9%20100%25.txt"
    again = NoteStore.open(tmp_path)
    assert again.notes_for(load_article(tmp_path / name).name) == (note,)
    again.update(note.id, text="edited")
    assert NoteStore.open(tmp_path).notes[0].targets[0].source == name


def test_stale_source_bytes_give_way_to_an_edited_source(tmp_path: Path) -> None:
    """Another tool renaming `source` without knowing `reader_source_bytes` wins."""
    doc = {"type": "AnnotationCollection", "reader_version": 1, "items": [{"id": "urn:x",
           "target": {"source": "new.txt", "reader_source_bytes": "caf%E9.txt"}}]}  # fmt: skip
    (tmp_path / SIDECAR_NAME).write_text(json.dumps(doc), encoding="utf-8")
    assert read_notes(tmp_path).notes[0].sources == ("new.txt",)


def test_lone_surrogates_of_another_tool_survive_a_save(tmp_path: Path) -> None:
    """A `\\udce9` escape in a field this store does not know is written back as one."""
    doc = {"type": "AnnotationCollection", "reader_version": 1, "x-name": "caf\udce9",
           "items": [{"id": "urn:x", "body": {"type": "TextualBody", "value": "v"},
                      "target": {"source": "a.txt"}}]}  # fmt: skip
    (tmp_path / SIDECAR_NAME).write_text(json.dumps(doc), encoding="ascii")
    store = NoteStore.open(tmp_path)
    store.update("urn:x", text="w")
    saved = (tmp_path / SIDECAR_NAME).read_bytes().decode("utf-8")
    assert json.loads(saved)["x-name"] == "caf\udce9"


def test_no_lock_file_is_left_behind(seeds_dir: Path, articles: tuple[Article, Article]) -> None:
    """Writing a note leaves the sidecar only: the lock file goes once the write is done."""
    store = NoteStore.open(seeds_dir)
    note = store.add("x", [Target.of(articles[0], 0, 10)])
    store.update(note.id, tags=["t"])
    assert sorted(p.name for p in seeds_dir.glob(".reader*")) == [SIDECAR_NAME]


@pytest.mark.skipif(sys.platform == "win32", reason="POSIX flock lock")
def test_lock_deleted_under_a_waiter_still_excludes(tmp_path: Path) -> None:
    """A waiter that opened the lock file before its holder deleted it does not hold the
    lock beside a newcomer: it locks the path's new file, and the newcomer waits."""
    import threading

    from filelock import Timeout

    from reader.store.annotations import _PathLock

    path = tmp_path / LOCK_NAME
    first, second = (_PathLock(path, timeout=5, thread_local=False) for _ in range(2))
    first.acquire()
    got = threading.Event()
    waiter = threading.Thread(target=lambda: (second.acquire(), got.set()))
    waiter.start()
    try:
        assert not got.wait(0.2)  # second is waiting, holding the old file open
        first.release()
        assert got.wait(5)
        assert path.exists()  # second locked a file the path names
        with pytest.raises(Timeout):
            _PathLock(path, timeout=0.2).acquire()
    finally:
        waiter.join()
        second.release()
    assert not path.exists()
