"""A build killed at any moment (SIGKILL: no clean-up runs) leaves an index that a
re-run completes into exactly what a clean build gives."""

from __future__ import annotations

import json
import os
import random
import shutil
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest

from reader.index.digest import content_digest
from reader.index.read import IndexView, open_index
from reader.index.schema import INDEX_NAME
from reader.ingest.load import discover

PLACES = ["Harbour Town", "Millbrook", "Eastfield", "Castle Hill", "Northgate", "Riverside"]
EVENTS = ["a fire at the paper mill", "a flood in the high street", "a strike at the bus depot",
          "a power cut across the valley", "a fall of rock on the coast road",
          "a burst water main under the square"]  # fmt: skip


def corpus(folder: Path, stories: int = 6, versions: int = 5) -> None:
    """Small stories told several times, each telling dropping and rewording a little:
    enough files and pairs for a build that takes a few seconds."""
    folder.mkdir()
    rng = random.Random(7)
    for s in range(stories):
        place, event = PLACES[s], EVENTS[s]
        facts = [
            f"Emergency crews were called to {event} in {place} on Monday morning.",
            f"About {40 + s * 7} people were moved from their homes, the council said.",
            f"A spokesman for the county said {3 + s} roads would stay shut until Friday.",
            f"Residents of {place} described hearing a loud noise shortly before 6am.",
            f"The damage is estimated at £{2 + s}.{s}m, according to early reports.",
            f"Police in {place} asked drivers to avoid the area for the rest of the day.",
            f"Local MP Jane Doe{s} said the response had been quick and well organised.",
            f"A full inquiry into {event} will begin next month.",
        ]
        for v in range(versions):
            kept = [f for f in facts if rng.random() > 0.2] or facts[:2]
            if v % 2:
                kept = [f.replace("said", "told reporters") for f in kept]
            body = "\n\n".join(kept)
            (folder / f"s{s}_v{v}.txt").write_text(f"{event.capitalize()} in {place}\n\n{body}\n")


def index(folder: Path) -> subprocess.Popen[bytes]:
    return subprocess.Popen(
        [sys.executable, "-m", "reader", "index", str(folder), "-q", "--workers", "1"],
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )  # fmt: skip


@pytest.mark.skipif(not hasattr(signal, "SIGKILL"), reason="needs SIGKILL")
def test_killed_builds_complete_into_a_clean_build(tmp_path: Path) -> None:
    clean = tmp_path / "clean"
    corpus(clean)
    started = time.monotonic()
    assert index(clean).wait(timeout=120) == 0
    took = time.monotonic() - started
    expected = content_digest(clean / INDEX_NAME)
    work = tmp_path / "work"
    shutil.copytree(clean, work, ignore=shutil.ignore_patterns(".reader-index*"))
    rng = random.Random(11)
    for _ in range(6):
        run = index(work)
        time.sleep(rng.uniform(0.3, took))
        run.send_signal(signal.SIGKILL)
        run.wait(timeout=30)
        if (work / INDEX_NAME).exists():
            _touch_one(work, rng)
    assert index(work).wait(timeout=120) == 0
    assert content_digest(work / INDEX_NAME) == expected
    view = open_index(discover([work]).files, work / INDEX_NAME)
    assert isinstance(view, IndexView)
    view.close()


def _touch_one(folder: Path, rng: random.Random) -> None:
    """Between kills, one file's time changes (its content does not): the next run must
    look at it again and still end with the same index."""
    victim = rng.choice(sorted(folder.glob("*.txt")))
    os.utime(victim, ns=(time.time_ns(), time.time_ns()))


_PLACING = (
    "import sys; from reader.index import build; build.PLACE_FROM = 0; build.DRIFT = 1.0; "
    "from reader.cli import main; sys.exit(main(['index', sys.argv[1], '-q', '--workers', '1']))"
)


def placing(folder: Path) -> subprocess.Popen[bytes]:
    """`reader index` as on a large corpus: added files are placed, not regrouped."""
    return subprocess.Popen([sys.executable, "-c", _PLACING, str(folder)],
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)  # fmt: skip


@pytest.mark.skipif(not hasattr(signal, "SIGKILL"), reason="needs SIGKILL")
def test_killed_placements_complete_into_the_same_placement(tmp_path: Path) -> None:
    """A re-run that places added files, killed at any moment, completes into the index
    an uninterrupted placement gives."""
    base = tmp_path / "base"
    corpus(base, stories=5, versions=4)
    late = sorted(base.glob("*.txt"))[3::4]  # one version of each story comes later
    held = {f.name: f.read_bytes() for f in late}
    for f in late:
        f.unlink()
    assert placing(base).wait(timeout=120) == 0
    for name, data in held.items():
        (base / name).write_bytes(data)
    reference = tmp_path / "reference"
    shutil.copytree(base, reference)
    started = time.monotonic()
    assert placing(reference).wait(timeout=120) == 0
    took = time.monotonic() - started
    expected = content_digest(reference / INDEX_NAME)
    db = sqlite3.connect(reference / INDEX_NAME)
    (shape,) = db.execute("SELECT value FROM meta WHERE key = 'grouping'").fetchone()
    db.close()
    assert json.loads(shape)["since"] == len(held)  # placed, not regrouped
    rng = random.Random(5)
    for k in range(5):
        work = tmp_path / f"work{k}"
        shutil.copytree(base, work)
        run = placing(work)
        time.sleep(rng.uniform(0.2, took))
        run.send_signal(signal.SIGKILL)
        run.wait(timeout=30)
        assert placing(work).wait(timeout=120) == 0
        assert content_digest(work / INDEX_NAME) == expected
