"""Crash test of `reader index`: SIGKILL it at random moments, then check it recovers.

Run: python bench/crash_index.py CORPUS [--runs 50] [--seed 7] [--repo DIR] [--keep]

CORPUS is a folder of articles (or a corpus tree such as METER, flattened here: `a/b.txt`
-> `a_b.txt`). The corpus is copied to a temporary folder; a clean build (`reader index
FOLDER --index clean/index.sqlite`) gives the reference digest (`python -m reader.index.digest`)
and its wall time T. Then, `--runs` times:

1. kill: `reader index` starts on a fresh copy of the index state the previous kill left
   (the index file and whatever lies beside it: -wal, -shm, -journal; nothing at first),
   so kills land on partial states and later runs resume from them; after a random delay
   in [0, T] (seeded) the command and every process it started (Dask workers) get SIGKILL;
2. recovery: on a fresh copy of that killed state, `reader index` runs to completion; it
   must exit 0 and its index must have the clean build's digest.

A kill run that finished before its kill left a complete index: the next run starts from
nothing again (said in its line), so kills keep landing on partial states. Each run prints
its delay, whether the kill landed, the recovery's exit, wall time and digest check; the
summary says "K/N equal". States of failed runs are kept (their folder is printed); with
`--keep` everything is. Progress on stderr; Ctrl-C stops every process started. Exit 0
when every run recovered to the clean digest, 1 otherwise, 2 on bad input.
"""

from __future__ import annotations

import argparse
import os
import random
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import procmem  # noqa: E402

DEFAULT_PYTHON = sys.executable
DEFAULT_REPO = Path(__file__).resolve().parent.parent
ARTICLE_SUFFIXES = (".txt", ".md", ".markdown", ".html", ".htm")
INDEX = "index.sqlite"


def log(message: str) -> None:
    print(f"crash_index: {message}", file=sys.stderr, flush=True)


def copy_corpus(corpus: Path, out: Path) -> int:
    """The corpus's articles in one folder (flattened when they lie in subfolders)."""
    out.mkdir(parents=True)
    top = [f for f in corpus.iterdir() if f.is_file() and f.suffix.lower() in ARTICLE_SUFFIXES
           and not f.name.startswith(".")]  # fmt: skip
    if top:
        files = [(f, f.name) for f in top]
    else:
        files = [
            (f, f.relative_to(corpus).as_posix().replace("/", "_"))
            for f in sorted(corpus.rglob("*"))
            if f.is_file() and f.suffix.lower() in ARTICLE_SUFFIXES
            and not any(p.startswith(".") for p in f.relative_to(corpus).parts)
        ]
    for src, name in files:
        shutil.copyfile(src, out / name)
    return len(files)


def copy_state(src: Path | None, dst: Path) -> None:
    """A fresh copy of an index state folder (empty when there is none yet)."""
    shutil.rmtree(dst, ignore_errors=True)
    if src is None:
        dst.mkdir(parents=True)
    else:
        shutil.copytree(src, dst)


class Tool:
    def __init__(self, python: str, repo: Path, extra: list[str]) -> None:
        self.python = python
        self.repo = repo  # the cwd too: `python -m` puts the cwd first on sys.path
        self.env = {**os.environ, "PYTHONPATH": str(repo)}
        self.extra = extra

    def index_argv(self, folder: Path, state: Path) -> list[str]:
        return [self.python, "-m", "reader", "index", str(folder), "--index",
                str(state / INDEX), *self.extra]  # fmt: skip

    def build(self, folder: Path, state: Path, timeout: float | None) -> procmem.Result:
        return procmem.measure(
            self.index_argv(folder, state), env=self.env, cwd=self.repo, timeout=timeout
        )

    def digest(self, state: Path) -> str | None:
        done = subprocess.run(
            [self.python, "-m", "reader.index.digest", str(state / INDEX)],
            capture_output=True, text=True, env=self.env, cwd=self.repo, check=False,
        )  # fmt: skip
        return done.stdout.strip() if done.returncode == 0 else None

    def kill_after(self, folder: Path, state: Path, delay: float) -> tuple[bool, float]:
        """Start an index run, SIGKILL its whole tree after `delay` s. Returns whether the
        kill landed (the run was still going) and how long it had run."""
        t0 = time.monotonic()
        proc = procmem.start(self.index_argv(folder, state), env=self.env, cwd=self.repo,
                             stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)  # fmt: skip
        deadline = t0 + delay
        while time.monotonic() < deadline:
            procmem.descendants(proc)  # remember the workers as they appear
            if proc.poll() is not None:
                break
            time.sleep(min(0.02, max(0.0, deadline - time.monotonic())))
        landed = proc.poll() is None
        ran = time.monotonic() - t0
        procmem.kill_tree(proc, signal.SIGKILL)
        return landed, ran


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description=__doc__.split("\n")[0],
        formatter_class=argparse.RawDescriptionHelpFormatter,
        epilog=__doc__.split("\n\n", 2)[2],
    )
    add = parser.add_argument
    add("corpus", type=Path, metavar="CORPUS", help="a folder of articles (or a corpus tree)")
    add("--runs", type=int, default=50, help="kill-and-recover runs (default 50)")
    add("--seed", type=int, default=7, help="seed of the kill delays (default 7)")
    add("--repo", type=Path, default=DEFAULT_REPO,
        help=f"checkout under test (PYTHONPATH; default {DEFAULT_REPO})")  # fmt: skip
    add("--python", default=DEFAULT_PYTHON, help=f"interpreter (default {DEFAULT_PYTHON})")
    add("--workers", type=int, help="pass --workers N to every `reader index`")
    add("--scheduler", help="pass --scheduler ADDRESS to every `reader index`")
    add("--tmp", type=Path, help="parent of the temporary folder (default: the system's)")
    add("--keep", action="store_true", help="keep the temporary folder")
    args = parser.parse_args(argv)
    if args.runs < 1:
        parser.error("--runs must be at least 1")
    if not args.corpus.is_dir():
        print(f"crash_index: corpus folder not found: {args.corpus}", file=sys.stderr)
        return 2
    if not (args.repo / "reader").is_dir():
        print(f"crash_index: no reader package in --repo {args.repo}", file=sys.stderr)
        return 2
    extra = ([f"--workers={args.workers}"] if args.workers else []) + (
        [f"--scheduler={args.scheduler}"] if args.scheduler else []
    )
    tool = Tool(args.python, args.repo.resolve(), extra)
    procmem.interrupts_stop_children()
    tmp = Path(tempfile.mkdtemp(prefix="crash_index-", dir=args.tmp)).resolve()
    failures = 0
    try:
        folder = tmp / "corpus"
        n = copy_corpus(args.corpus, folder)
        if not n:
            print(f"crash_index: no article files in {args.corpus}", file=sys.stderr)
            return 2
        log(f"{n} files copied to {folder}; clean build ...")
        clean = tmp / "clean"
        copy_state(None, clean)
        result = tool.build(folder, clean, timeout=None)
        if result.returncode != 0:
            tail = result.stderr.decode("utf-8", "replace").strip()[-600:]
            print(f"crash_index: the clean build exited {result.returncode}: {tail}",
                  file=sys.stderr)  # fmt: skip
            return 2
        reference = tool.digest(clean)
        if reference is None:
            print("crash_index: no digest of the clean build", file=sys.stderr)
            return 2
        t_clean = result.wall
        print(f"clean build: {n} files, {t_clean:.2f} s, digest {reference}", flush=True)
        rng = random.Random(args.seed)
        previous: Path | None = None  # the state the previous kill left
        equal = 0
        kept: set[Path] = set()
        for run in range(1, args.runs + 1):
            delay = rng.uniform(0, t_clean)
            killed = tmp / f"killed-{run:03d}"
            copy_state(previous, killed)
            started_from = "nothing" if previous is None else "previous kill's state"
            landed, ran = tool.kill_after(folder, killed, delay)
            recovered = tmp / f"recovered-{run:03d}"
            copy_state(killed, recovered)
            result = tool.build(folder, recovered, timeout=10 * t_clean + 120)
            digest = tool.digest(recovered) if result.returncode == 0 else None
            ok = result.returncode == 0 and digest == reference
            equal += ok
            print(
                f"run {run:>3}/{args.runs}: from {started_from}, delay {delay:6.2f} s, "
                + (f"killed at {ran:.2f} s" if landed else f"done before its kill ({ran:.2f} s)")
                + f"; recovery exit {result.returncode} in {result.wall:.2f} s, "
                + ("digest equal" if ok else f"digest {digest or 'none'}: NOT EQUAL"),
                flush=True,
            )
            if not ok:
                failures += 1
                kept.update({killed, recovered})
                tail = result.stderr.decode("utf-8", "replace").strip()[-400:]
                if tail and result.returncode:
                    print(f"    recovery stderr: {tail}", flush=True)
                print(f"    states kept: {killed} (killed), {recovered} (recovered)", flush=True)
            # The next run resumes from this kill's state, unless this run finished first.
            old, previous = previous, (killed if landed else None)
            done_with = [recovered, old] + ([] if landed else [killed])
            for state in done_with:
                if state is not None and not args.keep and state not in kept:
                    shutil.rmtree(state, ignore_errors=True)
            if not landed:
                log(f"run {run}: finished before its kill; the next run starts from nothing")
        print(f"{equal}/{args.runs} equal")
    except KeyboardInterrupt:
        procmem.kill_all(signal.SIGKILL)
        log("interrupted; every process started was stopped")
        return 130
    finally:
        if not args.keep and failures == 0:
            shutil.rmtree(tmp, ignore_errors=True)
        else:
            log(f"states kept in {tmp}")
    return 0 if failures == 0 else 1


if __name__ == "__main__":
    raise SystemExit(main())
