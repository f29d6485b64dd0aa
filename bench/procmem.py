"""Wall time and peak memory of a command and every process it starts.

Run: python bench/procmem.py [--interval 0.05] [--json] -- COMMAND [ARG...]

Starts COMMAND in a session of its own and, every `--interval` seconds (50 ms), reads with
psutil the resident set size (RSS) of the process and of all its descendants (Dask's
nannies and worker processes among them; a process seen once is remembered after it
exits). The descendants are listed again every `TREE_EVERY` seconds (0.25 s), not at every
sample: listing them scans every process of the machine (about 1 ms), and at every sample
the sampler took 3-4% of a core, which a command that keeps every core busy (the index's
workers) loses and a one-process command (a report, with a core to spare) does not.
Reports the wall time, the exit code, the peak RSS of each process (by pid, with its
command line shortened), the peak of the largest single process and the peak of the
sum over the tree at one sample. RSS counts shared pages (libraries, copy-on-write after a
fork) in every process that maps them, so the sum overstates what the tree takes from
the machine; the largest single process is exact. A process that lives less than
`TREE_EVERY` may be missed, and a new one's first quarter-second.

Ctrl-C (or SIGTERM) stops the command and every descendant seen (SIGTERM, then SIGKILL
after 3 s) before exiting. Used as a module by bench_index.py and crash_index.py
(`measure`, `start`, `kill_tree`).
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import signal
import subprocess
import sys
import threading
import time
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

import psutil

MB = 2**20
TREE_EVERY = 0.25
"""Seconds between two listings of a command's descendants (their RSS is read at every
sample)."""
_LIVE: dict[int, subprocess.Popen[bytes]] = {}
"""Commands started here and not yet reaped: what an interrupt must stop."""
_SEEN: dict[int, set[psutil.Process]] = {}
"""Every descendant seen of each live command."""


@dataclass
class Proc:
    pid: int
    command: str
    peak_rss: int = 0
    first: float = 0.0
    last: float = 0.0


@dataclass
class Result:
    command: list[str]
    returncode: int
    wall: float
    procs: list[Proc] = field(default_factory=list)
    peak_sum: int = 0
    samples: int = 0
    cpu: float = 0.0
    """User + system CPU seconds of the command and the descendants it reaped (steadier
    than wall time on a shared machine)."""
    stdout: bytes = b""
    stderr: bytes = b""

    @property
    def peak_single(self) -> int:
        return max((p.peak_rss for p in self.procs), default=0)

    @property
    def largest(self) -> Proc | None:
        return max(self.procs, key=lambda p: p.peak_rss, default=None)

    def as_dict(self) -> dict[str, object]:
        return {
            "command": short_command(self.command, 120),
            "returncode": self.returncode,
            "wall_s": round(self.wall, 3),
            "cpu_s": round(self.cpu, 2),
            "peak_single_mb": round(self.peak_single / MB, 1),
            "peak_sum_mb": round(self.peak_sum / MB, 1),
            "samples": self.samples,
            "procs": [
                {"pid": p.pid, "command": p.command, "peak_mb": round(p.peak_rss / MB, 1),
                 "lived_s": round(p.last - p.first, 2)}  # fmt: skip
                for p in self.procs
            ],
        }

    def lines(self) -> list[str]:
        out = [
            f"wall {self.wall:.2f} s, cpu {self.cpu:.2f} s, exit {self.returncode}, "
            f"{self.samples} samples, "
            f"{len(self.procs)} processes",
            f"peak of the largest process {self.peak_single / MB:.1f} MB, "
            f"peak of the sum {self.peak_sum / MB:.1f} MB",
        ]
        for p in sorted(self.procs, key=lambda p: -p.peak_rss):
            out.append(f"  pid {p.pid:>7}  {p.peak_rss / MB:8.1f} MB  {p.command}")
        return out


def short_command(argv: Sequence[str], width: int = 70) -> str:
    """A command line shortened: paths to their last part, the whole cut to `width`."""
    parts = []
    for i, arg in enumerate(argv):
        if "/" in arg and not arg.startswith("-") and " " not in arg:
            arg = Path(arg).name or arg
        if i == 0:
            arg = Path(arg).name
        parts.append(arg)
    text = " ".join(parts).replace("\n", " ")
    return text if len(text) <= width else text[: width - 1] + "…"


_KNOWN = (
    ("multiprocessing.spawn", "[spawned child]"),
    ("multiprocessing.forkserver", "[forkserver]"),
    ("multiprocessing.resource_tracker", "[resource tracker]"),
)


def _cmdline(p: psutil.Process) -> str:
    try:
        argv = p.cmdline() or [p.name()]
    except (psutil.Error, OSError):
        return "?"
    text = " ".join(argv)
    for needle, label in _KNOWN:  # Python's own helper processes (Dask starts its workers so)
        if needle in text:
            return f"{Path(argv[0]).name} {label}"
    return short_command(argv)


def start(command: Sequence[str], **popen: object) -> subprocess.Popen[bytes]:
    """Start a command in a session of its own, registered for `kill_all`."""
    proc = subprocess.Popen(  # type: ignore[call-overload]
        list(command), start_new_session=True, **popen
    )
    _LIVE[proc.pid] = proc
    _SEEN[proc.pid] = set()
    return proc


def descendants(proc: subprocess.Popen[bytes]) -> list[psutil.Process]:
    """The live descendants of a started command (remembered for `kill_tree`)."""
    try:
        found = psutil.Process(proc.pid).children(recursive=True)
    except psutil.Error:
        found = []
    _SEEN.setdefault(proc.pid, set()).update(found)
    return found


def kill_tree(proc: subprocess.Popen[bytes], sig: int = signal.SIGKILL, grace: float = 3.0) -> None:
    """Stop a started command and every descendant seen: `sig` to all at once (the command
    first), then SIGKILL to any left after `grace` seconds. Only processes this module
    started, and their descendants, are signalled (by pid, and the command's own session)."""
    descendants(proc)
    tree = [p for p in _SEEN.get(proc.pid, set())]
    targets: list[int] = [proc.pid] + [p.pid for p in tree]
    for pid in targets:
        try:
            if pid == proc.pid:
                if proc.poll() is None:
                    os.kill(pid, sig)
            else:
                p = next(q for q in tree if q.pid == pid)
                if p.is_running():  # psutil checks the pid was not reused
                    p.send_signal(sig)
        except (ProcessLookupError, psutil.Error, StopIteration):
            pass
    try:  # the session's process group: children that slipped between samples
        if proc.poll() is None or sig == signal.SIGKILL:
            os.killpg(proc.pid, sig)
    except (ProcessLookupError, PermissionError):
        pass
    deadline = time.monotonic() + grace
    while time.monotonic() < deadline:
        if proc.poll() is not None and not any(p.is_running() for p in tree):
            break
        time.sleep(0.05)
    else:
        for p in tree:
            try:
                if p.is_running():
                    p.kill()
            except psutil.Error:
                pass
        try:
            proc.kill()
        except ProcessLookupError:
            pass
    try:
        proc.wait(timeout=grace)
    except subprocess.TimeoutExpired:
        pass
    for p in tree:  # reap what we can; orphans are reaped by init
        try:
            p.wait(timeout=0)
        except (psutil.Error, subprocess.TimeoutExpired):
            pass
    _LIVE.pop(proc.pid, None)
    _SEEN.pop(proc.pid, None)


def kill_all(sig: int = signal.SIGTERM) -> None:
    """Stop every command started here that still runs (on an interrupt)."""
    for proc in list(_LIVE.values()):
        kill_tree(proc, sig)


def forget(proc: subprocess.Popen[bytes]) -> None:
    _LIVE.pop(proc.pid, None)
    _SEEN.pop(proc.pid, None)


def measure(
    command: Sequence[str],
    *,
    interval: float = 0.05,
    env: dict[str, str] | None = None,
    cwd: Path | None = None,
    capture: bool = True,
    timeout: float | None = None,
    stdout: object = None,
) -> Result:
    """Run a command to its end, sampling the RSS of its process tree.

    Args:
        command: argv.
        interval: seconds between samples.
        env, cwd: for the command.
        capture: keep its stderr (and stdout unless `stdout` is given) in the result;
            else they go to ours.
        timeout: seconds after which the tree is killed (returncode -9).
        stdout: where its stdout goes (a file object or subprocess.DEVNULL).
    """
    out = stdout if stdout is not None else (subprocess.PIPE if capture else None)
    err = subprocess.PIPE if capture else None
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    t0 = time.monotonic()
    proc = start(command, env=env, cwd=cwd, stdout=out, stderr=err)
    procs: dict[tuple[int, float], Proc] = {}
    chunks: dict[str, list[bytes]] = {"out": [], "err": []}
    readers = []
    for name, stream in (("out", proc.stdout), ("err", proc.stderr)):
        if stream is not None:
            t = threading.Thread(
                target=lambda s=stream, n=name: chunks[n].append(s.read()), daemon=True
            )
            t.start()
            readers.append(t)
    peak_sum = samples = 0
    try:
        root = psutil.Process(proc.pid)
    except psutil.Error:
        root = None
    tree: list[psutil.Process] = []
    listed = -TREE_EVERY
    try:
        while True:
            now = time.monotonic() - t0
            if now - listed >= TREE_EVERY:
                tree = ([root] if root else []) + descendants(proc)
                listed = now
            total = 0
            for p in tree:
                try:
                    rss = p.memory_info().rss
                    key = (p.pid, p.create_time())
                except (psutil.Error, OSError):
                    continue
                rec = procs.get(key)
                if rec is None:
                    rec = procs[key] = Proc(p.pid, _cmdline(p), first=now)
                rec.peak_rss = max(rec.peak_rss, rss)
                rec.last = now
                total += rss
            peak_sum = max(peak_sum, total)
            samples += 1
            if proc.poll() is not None:
                break
            if timeout is not None and now > timeout:
                kill_tree(proc, signal.SIGKILL)
                break
            time.sleep(interval)
        proc.wait()
        wall = time.monotonic() - t0
        after = resource.getrusage(resource.RUSAGE_CHILDREN)
        cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
        # Descendants still alive after the command ended (should not happen): stop them.
        left = [p for p in _SEEN.get(proc.pid, set()) if p.is_running()]
        if left:
            kill_tree(proc, signal.SIGTERM)
    except BaseException:
        kill_tree(proc, signal.SIGTERM)
        raise
    finally:
        forget(proc)
    for t in readers:
        t.join()
    return Result(
        command=list(command),
        returncode=proc.returncode,
        wall=wall,
        # A process read only as a zombie (RSS 0) held no memory: not listed.
        procs=sorted((p for p in procs.values() if p.peak_rss), key=lambda p: p.first),
        peak_sum=peak_sum,
        samples=samples,
        cpu=cpu,
        stdout=b"".join(chunks["out"]),
        stderr=b"".join(chunks["err"]),
    )


def interrupts_stop_children() -> None:
    """SIGTERM raises KeyboardInterrupt, so one handler stops the children on both."""

    def handler(signum: int, frame: object) -> None:
        raise KeyboardInterrupt

    signal.signal(signal.SIGTERM, handler)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description=__doc__.split("\n")[0],
        usage="%(prog)s [--interval S] [--json] -- COMMAND [ARG...]",
    )
    parser.add_argument("--interval", type=float, default=0.05, help="seconds between samples")
    parser.add_argument("--json", action="store_true", help="print the figures as JSON")
    parser.add_argument("command", nargs=argparse.REMAINDER, help="the command to run")
    args = parser.parse_args(argv)
    command = args.command[1:] if args.command[:1] == ["--"] else args.command
    if not command:
        parser.error("no command given")
    interrupts_stop_children()
    try:
        result = measure(command, interval=args.interval, capture=False)
    except FileNotFoundError as e:
        print(f"procmem: {e}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        kill_all()
        print("procmem: interrupted", file=sys.stderr)
        return 130
    if args.json:
        print(json.dumps(result.as_dict()))
    else:
        print("\n".join(result.lines()), file=sys.stderr)
    return result.returncode


if __name__ == "__main__":
    raise SystemExit(main())
