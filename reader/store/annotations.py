"""The annotation sidecar: notes on passages of articles, kept in `.reader-notes.json`.

This module owns that one file per folder: where it lives, reading it without ever
overwriting what could not be read, writing it atomically, and merging the changes of
several reader instances working on the same folder. Placing notes on changed text is
`reader.store.anchor`'s job; the JSON shape itself is `reader.store.codec`'s.

Writing: every change is saved at once, under the lock file `.reader-notes.json.lock`, as
read the file, merge with what this instance holds, apply the change, write. The lock file
exists only while a write is under way (`_PathLock`, filelock's own on Windows), so it does
not litter the user's folder: the holder deletes it before unlocking, and whoever then
locks a deleted file (it opened the path before the deletion) sees that the path no longer
names its file and starts again, so two writers never both believe they hold the lock. The
lock stays beside the sidecar, not in a cache folder, because only there do all users and
machines sharing the folder see the same lock. The write goes to a temporary file in the
same folder (flushed and fsynced), which `os.replace` puts in place before the folder
itself is fsynced: a crash at any moment leaves the old file or the new one. Temporary
files left by a killed writer are removed by the next writer, which holds the lock, so no
live write can be in progress.

Merging is by annotation id, the newer `modified` winning. Deletions are tombstones kept
in the file (`deleted`: id and time), so a window still holding an old copy of a note
cannot bring it back after another window deleted it: a tombstone beats every version
modified before it. Changes apply to the merged state, so an edit of a note another
window deleted raises `NoteNotFound`, and edits of different fields of one note by two
windows both survive. Tombstones are never pruned (about 80 bytes each).

A file that cannot be read (not JSON, not the expected shape, a newer format) raises
`SidecarUnreadable` and is never written over; `NoteStore.set_aside` renames it to
`.reader-notes.json.broken-YYYYmmdd-HHMMSS` once the user agrees, and starts a new file.
"""

from __future__ import annotations

import contextlib
import os
import stat
import sys
import tempfile
import threading
import uuid
from collections.abc import Callable, Iterator, Sequence
from dataclasses import replace
from datetime import UTC, datetime, timedelta
from pathlib import Path
from types import MappingProxyType

from filelock import FileLock, Timeout, UnixFileLock

from reader.core.errors import AnnotationError
from reader.store.codec import (
    Collection,
    Note,
    SidecarUnreadable,
    Target,
    Tombstone,
    clean_tags,
    dump,
    instant,
    merge,
    parse,
)

SIDECAR_NAME = ".reader-notes.json"
"""The sidecar's file name inside the article folder (hidden, so the loader skips it)."""
LOCK_NAME = SIDECAR_NAME + ".lock"
"""The lock file held around read-merge-write."""
_TMP_PREFIX = SIDECAR_NAME + "."
_TMP_SUFFIX = ".tmp"
_DEFAULT_MODE = 0o644


class SidecarBusy(AnnotationError):
    """Another reader held the notes lock for too long."""

    def __init__(self, path: Path, timeout: float) -> None:
        super().__init__(f"{path}: notes file locked by another reader for over {timeout:g} s")
        self.path = path
        """The sidecar file."""


class _PathLock(UnixFileLock):
    """filelock's POSIX flock lock, but the lock file is deleted when released.

    filelock leaves the file behind, because deleting a file others may be waiting on
    splits them across two files. The race is closed here the usual way: the holder
    deletes the file while it still holds the lock, and a waiter that then gets the lock
    checks that the path still names the very file it locked (same device and inode);
    if not (deleted, or a newer lock file in its place) it lets go, and filelock's retry
    loop opens the path again. (filelock 4.2 checks st_nlink likewise; 3.13 does not.)
    """

    def _acquire(self) -> None:
        super()._acquire()
        fd = self._context.lock_file_fd
        if fd is None:
            return  # held elsewhere: filelock waits and retries
        mine = os.fstat(fd)
        try:
            now = os.stat(self.lock_file)
        except FileNotFoundError:
            now = None
        if now is None or (now.st_dev, now.st_ino) != (mine.st_dev, mine.st_ino):
            super()._release()  # we locked a deleted file: unlock, close, try again

    def _release(self) -> None:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(self.lock_file)  # before unlocking: see the class docstring
        super()._release()


class SidecarWriteError(AnnotationError):
    """The notes could not be saved (folder read-only, disk full...)."""

    def __init__(self, path: Path, reason: str) -> None:
        super().__init__(f"{path}: cannot save notes ({reason})")
        self.path = path
        """The sidecar file."""
        self.reason = reason
        """What the system said."""


class NoteNotFound(AnnotationError):
    """No note has this id (any more: another reader may have deleted it)."""

    def __init__(self, note_id: str) -> None:
        super().__init__(f"note {note_id} not found (deleted in another window?)")
        self.note_id = note_id
        """The id asked for."""


def now() -> str:
    """The current time as the sidecar writes it: ISO 8601 UTC with microseconds."""
    return datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%S.%fZ")


def _after(previous: str) -> str:
    """Now, or a microsecond after `previous` if the clock has not moved past it."""
    stamp, before = now(), instant(previous)
    if instant(stamp) > before:
        return stamp
    return (before + timedelta(microseconds=1)).strftime("%Y-%m-%dT%H:%M:%S.%fZ")


def _motivation(text: str) -> str:
    return "commenting" if text.strip() else "tagging"


class NoteStore:
    """The notes of one article folder, kept in step with its sidecar file.

    Create it, then call `reload()` (or use `NoteStore.open`). Every change is saved
    before the method returns. Safe to use from several threads and processes.

    Example:
        store = NoteStore.open(folder)
        note = store.add("IBTimes dropped two zeros", [Target.of(ibt, 1510, 1698)],
                         tags=["discrepancy"])
        store.update(note.id, tags=["discrepancy", "verified"])
    """

    def __init__(self, folder: Path, *, timeout: float = 10.0) -> None:
        """Set up the store without reading anything.

        Args:
            folder: The article folder holding (or to hold) the sidecar.
            timeout: Seconds to wait for another reader's lock before `SidecarBusy`.
        """
        self.folder = Path(folder)
        """The article folder."""
        self.path = self.folder / SIDECAR_NAME
        """The sidecar file."""
        self.timeout = timeout
        """Seconds to wait for the lock."""
        lock = self.folder / LOCK_NAME
        # Windows deletes a lock file it may (it cannot delete one held open) through filelock.
        self._lock: FileLock | _PathLock = (
            FileLock(lock, timeout=timeout)
            if sys.platform == "win32"
            else _PathLock(lock, timeout=timeout)
        )
        self._mutex = threading.RLock()
        self._state = Collection()

    @classmethod
    def open(cls, folder: Path, *, timeout: float = 10.0) -> NoteStore:
        """A store with the folder's notes read.

        Args:
            folder: The article folder.
            timeout: Seconds to wait for another reader's lock.

        Returns:
            The store.

        Raises:
            SidecarUnreadable: The sidecar exists but cannot be read.
        """
        store = cls(folder, timeout=timeout)
        store.reload()
        return store

    # --- reading -----------------------------------------------------------------------

    @property
    def notes(self) -> tuple[Note, ...]:
        """The live notes, oldest first."""
        return self._state.notes

    @property
    def collection(self) -> Collection:
        """Everything this instance holds: notes, tombstones, unknown top-level fields."""
        return self._state

    def get(self, note_id: str) -> Note:
        """The note with this id.

        Raises:
            NoteNotFound: No live note has it.
        """
        for note in self._state.notes:
            if note.id == note_id:
                return note
        raise NoteNotFound(note_id)

    def notes_for(self, source: str) -> tuple[Note, ...]:
        """The notes with a target in the article file named `source`."""
        return tuple(n for n in self._state.notes if source in n.sources)

    def reload(self) -> tuple[Note, ...]:
        """Read the sidecar again and merge in what other readers saved.

        No lock is needed: writers replace the file atomically.

        Returns:
            The live notes.

        Raises:
            SidecarUnreadable: The sidecar exists but cannot be read.
        """
        with self._mutex:
            self._state = merge(self._read(), self._state)
            return self._state.notes

    # --- changing ----------------------------------------------------------------------

    def add(
        self,
        text: str,
        targets: Sequence[Target],
        *,
        tags: Sequence[str] = (),
        motivation: str | None = None,
    ) -> Note:
        """Create a note and save it.

        Args:
            text: The note, any number of lines (may be empty when tags are given).
            targets: The passages it is about: one, or one per article for a pair.
            tags: Tags such as "discrepancy", "verified", "needs-source", or free ones.
            motivation: The W3C motivation; None: "commenting", or "tagging" for a note
                with tags only. A link of two sentences is "linking" (`reader.store.links`).

        Returns:
            The note as saved.

        Raises:
            ValueError: No target, or neither text nor tags.
            SidecarUnreadable: The sidecar cannot be read; nothing was written.
            SidecarBusy: The lock could not be had in time.
            SidecarWriteError: The file could not be written.
        """
        clean = clean_tags(tags)
        if not targets:
            raise ValueError("a note needs at least one target")
        if not text.strip() and not clean:
            raise ValueError("a note needs text or a tag")
        stamp = now()
        note = Note(f"urn:uuid:{uuid.uuid4()}", text, clean, tuple(targets), stamp, stamp,
                    motivation or _motivation(text))  # fmt: skip
        self._commit(lambda state: state.with_note(note))
        return note

    def update(
        self,
        note_id: str,
        *,
        text: str | None = None,
        tags: Sequence[str] | None = None,
        targets: Sequence[Target] | None = None,
    ) -> Note:
        """Change some fields of a note and save it; fields not given are left as they are.

        The change applies to the newest saved version, so another window's edit of
        other fields survives.

        Args:
            note_id: The note's id.
            text: New text.
            tags: New tags (replacing the old ones).
            targets: New targets.

        Returns:
            The note as saved.

        Raises:
            NoteNotFound: No such note (perhaps deleted in another window).
            ValueError: The change leaves no target, or neither text nor tags.
            SidecarUnreadable, SidecarBusy, SidecarWriteError: As for `add`.
        """
        result: list[Note] = []

        def change(state: Collection) -> Collection:
            base = state.get(note_id)
            if base is None:
                raise NoteNotFound(note_id)
            new_text = base.text if text is None else text
            note = replace(
                base, text=new_text, modified=_after(base.modified),
                tags=base.tags if tags is None else clean_tags(tags),
                targets=base.targets if targets is None else tuple(targets),
                motivation=base.motivation
                if text is None or base.motivation == "linking"
                else _motivation(new_text),
            )  # fmt: skip
            if not note.targets or not (note.text.strip() or note.tags):
                raise ValueError("a note needs a target and text or a tag")
            result.append(note)
            return state.with_note(note)

        self._commit(change)
        return result[0]

    def delete(self, note_id: str) -> None:
        """Delete a note and save; deleting a note already gone is not an error.

        Raises:
            SidecarUnreadable, SidecarBusy, SidecarWriteError: As for `add`.
        """

        def change(state: Collection) -> Collection:
            base = state.get(note_id)
            if base is None:
                return state
            return state.without(Tombstone(note_id, _after(base.modified)))

        self._commit(change)

    def set_aside(self) -> Path | None:
        """Rename an unreadable sidecar and start a new one; call only once the user agrees.

        The old file becomes `.reader-notes.json.broken-YYYYmmdd-HHMMSS` (with `-2`, `-3`...
        when that name is taken). The new file holds the notes this instance still has
        in memory (none if it never read the old file). If the sidecar has become
        readable meanwhile (another window set it aside), nothing is renamed.

        Returns:
            Where the old file went, or None when nothing was set aside.

        Raises:
            SidecarBusy, SidecarWriteError: The lock, rename or write failed.
        """
        with self._locked():
            try:
                disk: Collection | None = self._read()
            except SidecarUnreadable:
                disk = None  # still unreadable, the expected case: move it away below
            if disk is not None:
                self._state = merge(disk, self._state)
                return None
            stamp = datetime.now().strftime("%Y%m%d-%H%M%S")
            aside = self.path.with_name(f"{SIDECAR_NAME}.broken-{stamp}")
            n = 1
            while aside.exists() or aside.is_symlink():
                n += 1
                aside = self.path.with_name(f"{SIDECAR_NAME}.broken-{stamp}-{n}")
            try:
                os.rename(self.path, aside)
            except OSError as error:
                raise SidecarWriteError(self.path, error.strerror or str(error)) from error
            self._write(self._state)
            return aside

    def update_field(self, name: str, change: Callable[[object], object]) -> object:
        """Change one top-level field of the sidecar other than the notes, saved at once.

        Read, merge, apply and write under the lock like a note change, so the notes and
        every other field are kept (reader.store.corrections keeps story corrections
        here, beside the notes).

        Args:
            name: The field (not one the notes format owns).
            change: Takes the field's current value (None when absent), returns the new.

        Returns:
            The new value.

        Raises:
            SidecarUnreadable: The file cannot be read (it is not written over).
        """
        result: list[object] = []

        def apply(state: Collection) -> Collection:
            value = change(state.raw.get(name))
            result.append(value)
            return replace(state, raw=MappingProxyType({**state.raw, name: value}))

        self._commit(apply)
        return result[0]

    # --- disk --------------------------------------------------------------------------

    def _commit(self, change: Callable[[Collection], Collection]) -> None:
        """Read, merge, apply `change`, write: all under the lock."""
        with self._locked():
            state = change(merge(self._read(), self._state))
            self._write(state)
            self._state = state

    @contextlib.contextmanager
    def _locked(self) -> Iterator[None]:
        with self._mutex:
            try:
                self._lock.acquire()
            except Timeout as error:
                raise SidecarBusy(self.path, self.timeout) from error
            except OSError as error:
                raise SidecarWriteError(self.path, f"cannot lock: {error.strerror}") from error
            try:
                self._remove_stale_temporaries()
                yield
            finally:
                self._lock.release()

    def _read(self) -> Collection:
        try:
            # Never open anything but a regular file: reading a named pipe blocks forever.
            if not stat.S_ISREG(os.stat(self.path).st_mode):
                raise SidecarUnreadable(self.path, "not a regular file")
            data = self.path.read_bytes()
        except FileNotFoundError:
            return Collection()  # no file, no notes
        except OSError as error:
            raise SidecarUnreadable(self.path, error.strerror or str(error)) from error
        return parse(data, self.path)

    def _write(self, state: Collection) -> None:
        data = dump(state).encode("utf-8")
        try:
            mode = stat.S_IMODE(os.stat(self.path).st_mode)
        except OSError:
            mode = _DEFAULT_MODE
        try:
            fd, tmp = tempfile.mkstemp(prefix=_TMP_PREFIX, suffix=_TMP_SUFFIX, dir=self.folder)
        except OSError as error:
            raise SidecarWriteError(self.path, error.strerror or str(error)) from error
        try:
            with os.fdopen(fd, "wb") as out:
                out.write(data)
                out.flush()
                os.fsync(out.fileno())
            os.chmod(tmp, mode)
            os.replace(tmp, self.path)
        except OSError as error:
            with contextlib.suppress(FileNotFoundError):
                os.unlink(tmp)
            raise SidecarWriteError(self.path, error.strerror or str(error)) from error
        _fsync_folder(self.folder)

    def _remove_stale_temporaries(self) -> None:
        """Delete temporary files of writers killed mid-write (we hold the lock)."""
        for tmp in self.folder.glob(f"{_TMP_PREFIX}*{_TMP_SUFFIX}"):
            with contextlib.suppress(FileNotFoundError):
                tmp.unlink()


def _fsync_folder(folder: Path) -> None:
    """Make the rename durable. Only POSIX can open a folder for fsync."""
    if os.name != "posix":
        return
    # The file is in place already; some file systems refuse fsync on a folder (EINVAL),
    # and failing the save for that would report a note as lost that was written.
    with contextlib.suppress(OSError):
        fd = os.open(folder, os.O_RDONLY)
        try:
            os.fsync(fd)
        finally:
            os.close(fd)


def set_aside(folder: Path) -> Path | None:
    """Rename the folder's unreadable sidecar and start an empty one (see `NoteStore.set_aside`).

    Args:
        folder: The article folder.

    Returns:
        Where the old file went, or None when it was readable and left alone.
    """
    return NoteStore(folder).set_aside()


def read_notes(folder: Path) -> Collection:
    """The folder's notes as saved, read once (a missing sidecar gives an empty collection).

    Raises:
        SidecarUnreadable: The sidecar exists but cannot be read.
    """
    return NoteStore.open(folder).collection
