"""Several processes on one sidecar: kill -9 at random moments, and concurrent writers."""

from __future__ import annotations

import random
import subprocess
import sys
import time
from pathlib import Path

from reader.store import SIDECAR_NAME, read_notes

WRITER = Path(__file__).with_name("notes_writer.py")


def spawn(folder: Path, count: int, label: str, *extra: str) -> subprocess.Popen[str]:
    """A writer process; it will wait for a line on stdin before it begins."""
    return subprocess.Popen(
        [sys.executable, str(WRITER), str(folder), str(count), label, *extra],
        stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True,
    )  # fmt: skip


def ready(proc: subprocess.Popen[str]) -> subprocess.Popen[str]:
    """Wait until a writer has started up."""
    assert proc.stdout is not None
    assert proc.stdout.readline() == "ready\n"
    return proc


def start(folder: Path, count: int, label: str, *extra: str) -> subprocess.Popen[str]:
    """A writer process, started and ready."""
    return ready(spawn(folder, count, label, *extra))


def acknowledged(out: str) -> tuple[set[str], dict[str, int]]:
    """Ids of notes whose save returned, and the last acknowledged version of each edit."""
    added: set[str] = set()
    edited: dict[str, int] = {}
    for line in out.splitlines():
        match line.split():
            case ["add", note_id]:
                added.add(note_id)
            case ["edit", note_id, version]:
                edited[note_id] = max(edited.get(note_id, 0), int(version))
    return added, edited


def test_kill_9_at_random_moments_never_loses_an_acknowledged_note(tmp_path: Path) -> None:
    """200 SIGKILLs mid-loop: the file always parses and holds every acknowledged note."""
    rng = random.Random(20240501)
    folders = [tmp_path / f"folder{i}" for i in range(10)]
    for folder in folders:
        folder.mkdir()
    added: dict[Path, set[str]] = {f: set() for f in folders}
    versions: dict[Path, dict[str, int]] = {f: {} for f in folders}
    mid_write = 0
    began = time.monotonic()
    # The next writer starts up (on the next folder) while this one runs, to save time.
    following = spawn(folders[0], 0, "w0", "edit")
    for kill in range(200):
        folder = folders[kill % len(folders)]
        proc = ready(following)
        if kill < 199:
            following = spawn(folders[(kill + 1) % len(folders)], 0, f"w{kill + 1}", "edit")
        assert proc.stdin is not None
        proc.stdin.write("go\n")
        proc.stdin.flush()
        time.sleep(rng.uniform(0.005, 0.045))
        proc.kill()
        out, _ = proc.communicate()
        new, edits = acknowledged(out)
        added[folder] |= new
        versions[folder].update(edits)
        mid_write += any(folder.glob(f"{SIDECAR_NAME}.*.tmp"))
        notes = {n.id: n for n in read_notes(folder).notes}  # parses, or raises
        assert added[folder] <= notes.keys()
        for note_id, version in versions[folder].items():
            assert int(notes[note_id].text.split()[-1]) >= version
        assert len(list(folder.glob(f"{SIDECAR_NAME}.*.tmp"))) <= 1
    total = sum(map(len, added.values()))
    print(f"\n200 kills in {time.monotonic() - began:.1f} s, {total} notes acknowledged, "
          f"{mid_write} kills left a temporary file (killed mid-write)")  # fmt: skip
    assert total > 200
    assert mid_write > 0


def test_two_processes_adding_at_once_lose_nothing(tmp_path: Path) -> None:
    """Two writers adding 50 notes each to the same folder at the same time: all 100 kept."""
    procs = [start(tmp_path, 50, label) for label in ("left", "right")]
    for proc in procs:
        assert proc.stdin is not None
        proc.stdin.write("go\n")
        proc.stdin.flush()
    ids: set[str] = set()
    for proc in procs:
        out, _ = proc.communicate(timeout=120)
        assert proc.returncode == 0
        ids |= acknowledged(out)[0]
    notes = read_notes(tmp_path).notes
    assert len(ids) == 100
    assert {n.id for n in notes} == ids
    assert sorted(n.tags[1] for n in notes).count("left") == 50
