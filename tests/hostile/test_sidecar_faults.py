"""The notes sidecar under faults: disk full, read-only folder, the file deleted, replaced or
hand-edited while a reader runs, odd things in its place, and several writers at once.

Through the store API (`reader.store`) only. The promise: a note is either saved or the
call raises an `AnnotationError` saying why (the user is told), a file that could not be
read is never written over, and no saved note is lost. Disk full and read-only use a real
64 KB tmpfs when this runs as root and mounting works; otherwise the system calls are made
to fail the same way (and the real-filesystem variants are skipped with the reason).
"""

from __future__ import annotations

import contextlib
import errno
import json
import os
import stat
import subprocess
import sys
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest

from reader.core.errors import AnnotationError
from reader.store import (
    LOCK_NAME,
    SIDECAR_NAME,
    NoteStore,
    SidecarUnreadable,
    SidecarWriteError,
    Target,
    read_notes,
)
from tests.hostile.inputs import ARTICLE, REWRITE, note_on, sidecar

WRITER = Path(__file__).parents[1] / "store" / "notes_writer.py"


def target(i: int = 0) -> Target:
    """A passage of ARTICLE."""
    return Target.from_text("article.txt", ARTICLE, 10 + i, 30 + i)


def texts(folder: Path) -> list[str]:
    """The note texts saved in the folder's sidecar."""
    return sorted(n.text for n in read_notes(folder).notes)


def leftovers(folder: Path) -> list[str]:
    """Temporary files a failed write left behind."""
    return [p.name for p in folder.iterdir() if p.name.endswith(".tmp")]


# --- a real tiny or read-only file system, when this can mount one --------------------


def _mount(point: Path, options: str) -> str:
    """Mount a tmpfs; '' on success, else why not."""
    if not sys.platform.startswith("linux") or os.geteuid() != 0:
        return "needs root on Linux to mount a tmpfs"
    proc = subprocess.run(["mount", "-t", "tmpfs", "-o", options, "tmpfs", str(point)],
                          capture_output=True, text=True, timeout=30)  # fmt: skip
    return "" if proc.returncode == 0 else f"mount failed: {proc.stderr.strip()[:100]}"


@contextlib.contextmanager
def tmpfs(tmp_path: Path, size: str = "64k") -> Iterator[Path]:
    """A tmpfs of `size` mounted in tmp_path (skips the test when it cannot be)."""
    point = tmp_path / "fs"
    point.mkdir()
    reason = _mount(point, f"size={size},mode=0755")
    if reason:
        pytest.skip(reason)
    try:
        yield point
    finally:
        subprocess.run(["umount", "-l", str(point)], capture_output=True, timeout=30)


def _fill(folder: Path) -> Path:
    """Fill the file system holding `folder`; returns the filler file."""
    filler = folder / "filler.bin"
    fd = os.open(filler, os.O_WRONLY | os.O_CREAT, 0o644)
    try:
        with contextlib.suppress(OSError):
            while True:
                os.write(fd, b"\0" * 4096)
    finally:
        os.close(fd)
    return filler


def test_disk_full_on_a_real_tiny_file_system(tmp_path: Path) -> None:
    """ENOSPC: the change is refused with the reason; the file keeps every saved note;
    once space is back the same store saves, losing nothing."""
    with tmpfs(tmp_path) as folder:
        store = NoteStore.open(folder)
        store.add("saved before", [target()])
        before = (folder / SIDECAR_NAME).read_bytes()
        filler = _fill(folder)
        with pytest.raises(SidecarWriteError) as caught:
            for i in range(50):  # a short note may still fit in the last free block
                store.add(f"too much {i} " + "x" * 2000, [target(i)])
        assert "space" in caught.value.message.lower()
        assert b"saved before" in (folder / SIDECAR_NAME).read_bytes()
        assert not leftovers(folder)
        assert (folder / SIDECAR_NAME).read_bytes().startswith(before[:40])
        filler.unlink()
        store.add("after space came back", [target(1)])
        saved = texts(folder)
        assert "saved before" in saved and "after space came back" in saved


def test_read_only_folder_on_a_real_file_system(tmp_path: Path) -> None:
    """EROFS: notes still read; a change says the folder cannot be written; nothing lost."""
    with tmpfs(tmp_path, "1m") as folder:
        sidecar(folder, note_on("article.txt", ARTICLE, "river"))
        subprocess.run(["mount", "-o", "remount,ro", str(folder)], check=True, timeout=30)
        store = NoteStore.open(folder)
        assert [n.text for n in store.notes] == ["check this"]
        with pytest.raises(SidecarWriteError) as caught:
            store.add("cannot be written", [target()])
        assert "read-only" in caught.value.message.lower()
        assert [n.text for n in store.notes] == ["check this"]
        assert texts(folder) == ["check this"]


class _FullFile:
    """What `os.fdopen` gives on a full disk: every write fails with ENOSPC."""

    def __init__(self, fd: int, *args: object, **kwargs: object) -> None:
        self.fd = fd

    def __enter__(self) -> _FullFile:
        return self

    def __exit__(self, *exc: object) -> None:
        os.close(self.fd)

    def write(self, data: bytes) -> int:
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))

    def flush(self) -> None:
        """Nothing buffered."""

    def fileno(self) -> int:
        return self.fd


@pytest.mark.parametrize("call", ["write", "fsync", "replace"])
def test_disk_full_at_each_step_of_a_write(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, call: str
) -> None:
    """ENOSPC from write, fsync or the rename: SidecarWriteError, the old file intact,
    no temporary file left, the store's notes unchanged; the next save works."""
    store = NoteStore.open(tmp_path)
    store.add("saved before", [target()])
    before = (tmp_path / SIDECAR_NAME).read_bytes()

    def full(*args: object, **kwargs: object) -> object:
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))

    if call == "write":  # the store writes through a file object: make its writes fail
        monkeypatch.setattr(os, "fdopen", _FullFile)
    else:
        monkeypatch.setattr(os, call, full)
    with pytest.raises(SidecarWriteError) as caught:
        store.add("lost for now", [target(1)])
    monkeypatch.undo()
    assert "no space" in caught.value.message.lower()
    assert (tmp_path / SIDECAR_NAME).read_bytes() == before
    assert not leftovers(tmp_path)
    assert [n.text for n in store.notes] == ["saved before"]
    store.add("saved after", [target(2)])
    assert texts(tmp_path) == ["saved after", "saved before"]


@pytest.mark.parametrize("where", ["lock", "temporary file"])
def test_read_only_folder_simulated(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, where: str
) -> None:
    """A folder that refuses new files (the lock, or the temporary file): one clear
    SidecarWriteError, the notes as they were (root ignores chmod, so this is simulated)."""
    sidecar(tmp_path, note_on("article.txt", ARTICLE, "river"))
    store = NoteStore.open(tmp_path)

    def refuse(*args: object, **kwargs: object) -> object:
        raise OSError(errno.EROFS, os.strerror(errno.EROFS))

    if where == "lock":
        monkeypatch.setattr("filelock.UnixFileLock._acquire", refuse)
    else:
        monkeypatch.setattr("tempfile.mkstemp", refuse)
    with pytest.raises(SidecarWriteError) as caught:
        store.add("cannot be written", [target()])
    monkeypatch.undo()
    assert "read-only" in caught.value.message.lower()
    assert texts(tmp_path) == ["check this"]


def test_sidecar_deleted_while_running(tmp_path: Path) -> None:
    """The file vanishes under a running reader: its next save writes every note it holds."""
    store = NoteStore.open(tmp_path)
    store.add("first", [target()])
    store.add("second", [target(1)])
    (tmp_path / SIDECAR_NAME).unlink()
    store.add("third", [target(2)])
    assert texts(tmp_path) == ["first", "second", "third"]


def test_sidecar_replaced_by_another_valid_file(tmp_path: Path) -> None:
    """Another tool writes a different sidecar in its place: both sets of notes survive."""
    store = NoteStore.open(tmp_path)
    store.add("mine", [target()])
    other = tmp_path / "elsewhere"
    other.mkdir()
    NoteStore.open(other).add("theirs", [target(1)])
    os.replace(other / SIDECAR_NAME, tmp_path / SIDECAR_NAME)
    store.add("mine again", [target(2)])
    assert texts(tmp_path) == ["mine", "mine again", "theirs"]


@pytest.mark.parametrize(
    "junk",
    [
        b"",
        b"{",
        b"\xff\xfe\x00",
        b"[]",
        b'{"type": "x"}',
        b'{"type": "AnnotationCollection", "reader_version": 99}',
    ],
)
def test_sidecar_replaced_by_junk_is_never_overwritten(tmp_path: Path, junk: bytes) -> None:
    """An unreadable file in its place: the change is refused, the file left byte for byte,
    the reader's notes kept in memory (the user is asked before anything is set aside)."""
    store = NoteStore.open(tmp_path)
    store.add("mine", [target()])
    (tmp_path / SIDECAR_NAME).write_bytes(junk)
    with pytest.raises(SidecarUnreadable) as caught:
        store.add("refused", [target(1)])
    assert "left untouched" in caught.value.message
    assert (tmp_path / SIDECAR_NAME).read_bytes() == junk
    assert [n.text for n in store.notes] == ["mine"]


@pytest.mark.parametrize("kind", ["directory", "fifo", "dangling symlink"])
def test_something_else_in_the_sidecars_place(tmp_path: Path, kind: str) -> None:
    """A folder, a FIFO or a broken link named .reader-notes.json: reading says so at once
    (the FIFO is not waited on), saving never replaces a folder or a FIFO."""
    path = tmp_path / SIDECAR_NAME
    if kind == "directory":
        path.mkdir()
    elif kind == "fifo":
        if not hasattr(os, "mkfifo"):
            pytest.skip("named pipes")
        os.mkfifo(path)
    else:
        path.symlink_to(tmp_path / "nowhere" / "gone.json")
    store = NoteStore(tmp_path, timeout=2)
    outcome: list[BaseException | None] = []

    def use() -> None:
        try:
            with contextlib.suppress(SidecarUnreadable):
                store.reload()
            store.add("note", [target()])
            outcome.append(None)
        except BaseException as error:  # judged below
            outcome.append(error)

    worker = threading.Thread(target=use, daemon=True)
    worker.start()
    worker.join(10)
    if worker.is_alive() and kind == "fifo":  # free the blocked reader before failing
        fd = os.open(path, os.O_WRONLY | os.O_NONBLOCK)
        os.close(fd)
    assert not worker.is_alive(), "the store is still waiting on the sidecar"
    error = outcome[0]
    if kind == "dangling symlink":
        assert error is None or isinstance(error, AnnotationError)
    else:
        assert isinstance(error, AnnotationError) and "\n" not in error.message
        assert path.is_dir() if kind == "directory" else stat.S_ISFIFO(os.lstat(path).st_mode)


def test_hand_edited_unknown_fields_survive_every_change(tmp_path: Path) -> None:
    """Fields the reader does not know, at every level and of every JSON type, are written
    back as they were after an add, an edit and a delete."""
    store = NoteStore.open(tmp_path)
    kept = store.add("kept", [target()])
    gone = store.add("to delete", [target(1)])
    doc = json.loads((tmp_path / SIDECAR_NAME).read_text(encoding="utf-8"))
    extra = {"x-list": [1, [2, {"three": None}]], "x-text": "\u202e\x1b[31m", "x-num": 1e308}
    doc.update(extra)
    doc["items"][0].update(extra)
    doc["items"][0]["target"][0].update(extra)
    doc["items"][0]["target"][0]["selector"].append({"type": "CssSelector", "value": "#p3"})
    doc["items"][0]["body"].append({"type": "Image", "id": "http://x.example/1.png"})
    (tmp_path / SIDECAR_NAME).write_text(json.dumps(doc), encoding="utf-8")
    store.update(kept.id, text="kept, edited")
    store.delete(gone.id)
    store.add("new", [target(2)])
    after = json.loads((tmp_path / SIDECAR_NAME).read_text(encoding="utf-8"))
    item = next(i for i in after["items"] if i["id"] == kept.id)
    for obj in (after, item, item["target"][0]):
        assert {k: obj[k] for k in extra} == extra
    assert {"type": "CssSelector", "value": "#p3"} in item["target"][0]["selector"]
    assert {"type": "Image", "id": "http://x.example/1.png"} in item["body"]
    assert texts(tmp_path) == ["kept, edited", "new"]


def test_lock_file_that_is_a_folder(tmp_path: Path) -> None:
    """A folder where the lock file goes: a clear error within the timeout, not a hang."""
    (tmp_path / LOCK_NAME).mkdir()
    store = NoteStore(tmp_path, timeout=1)
    with pytest.raises(AnnotationError) as caught:
        store.add("note", [target()])
    assert "\n" not in caught.value.message


def test_threads_and_processes_writing_at_once_lose_nothing(tmp_path: Path) -> None:
    """Two processes and four threads (two stores) add notes at once: every one is saved."""
    procs = [
        subprocess.Popen([sys.executable, str(WRITER), str(tmp_path), "15", f"proc{i}"],
                         stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)
        for i in range(2)
    ]  # fmt: skip
    for proc in procs:
        assert proc.stdout is not None and proc.stdout.readline() == "ready\n"
    stores = [NoteStore(tmp_path, timeout=60), NoteStore(tmp_path, timeout=60)]
    added: list[str] = []
    errors: list[BaseException] = []

    def write(store: NoteStore, label: str) -> None:
        try:
            for i in range(15):
                added.append(store.add(f"{label} {i}", [target(i)]).id)
        except BaseException as error:  # reported below
            errors.append(error)

    threads = [threading.Thread(target=write, args=(stores[i % 2], f"thread{i}"))
               for i in range(4)]  # fmt: skip
    for proc in procs:
        assert proc.stdin is not None
        proc.stdin.write("go\n")
        proc.stdin.flush()
    for thread in threads:
        thread.start()
    outs = [proc.communicate(timeout=120)[0] for proc in procs]
    for thread in threads:
        thread.join(timeout=120)
    assert not errors
    acknowledged = {line.split()[1] for out in outs for line in out.splitlines()}
    saved = {n.id for n in read_notes(tmp_path).notes}
    assert len(acknowledged) == 30 and len(added) == 60
    assert acknowledged | set(added) <= saved
    assert REWRITE  # the articles themselves are never written
