"""A child process for the crash and concurrency tests: saves notes and acknowledges each.

Usage: python notes_writer.py FOLDER COUNT LABEL [edit]

Prints "ready", waits for a line on stdin, then adds COUNT notes (0: until killed). With
`edit`, about one change in three edits a note it added before. After each save returns
it prints "add ID" or "edit ID VERSION", flushed, so whatever the parent reads was saved.
"""

from __future__ import annotations

import random
import sys
from itertools import count
from pathlib import Path

from reader.store import NoteStore, Target

TEXT = "Over 300,000 civilians fled to the safety of areas closer to the Turkish border."


def main() -> None:
    """Run the loop described in the module docstring."""
    folder, total, label = Path(sys.argv[1]), int(sys.argv[2]), sys.argv[3]
    edit = sys.argv[4:] == ["edit"]
    store = NoteStore(folder, timeout=60)
    versions: dict[str, int] = {}
    print("ready", flush=True)
    sys.stdin.readline()
    for i in count(1):
        if total and i > total:
            break
        if edit and versions and random.random() < 0.35:
            note_id = random.choice(list(versions))
            versions[note_id] += 1
            store.update(note_id, text=f"{label} {versions[note_id]}")
            print(f"edit {note_id} {versions[note_id]}", flush=True)
        else:
            target = Target.from_text("a.txt", TEXT, 5, 12)
            note = store.add(f"{label} 0", [target], tags=["discrepancy", label])
            versions[note.id] = 0
            print(f"add {note.id}", flush=True)


if __name__ == "__main__":
    main()
