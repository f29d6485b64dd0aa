"""Benchmark of `reader index`: build time, memory of every process, re-runs, equality.

Run:
    python bench/bench_index.py CORPORA [--sizes 5000,20000] [--repo DIR] [--workdir DIR]
                                [--skip-report-large] [--skip-report] [--keep-report]
                                [--skip-equality] [--report-only] [--repeat N]
                                [--json FILE]

CORPORA is the folder holding the extracted METER corpus (`CORPORA/meter`, or the METER
folder itself). In one run, on (a) METER flattened into one folder (its 1,718 files, named
by their relative path with `/` -> `_`) and (b) synthetic folders of `--sizes` articles
(make_synthetic.py; built into the workdir and reused while the source and generator do
not change):

* today's `reader report --format json -o /dev/null` (with `--no-index` once the report
  has that flag): wall time and peak memory, on METER and on the first synthetic size
  (unless `--skip-report-large`);
* `reader index DIR` from scratch: wall, peak RSS of every process (procmem.py: the
  command and every process it starts, sampled every 50 ms), throughput;
* a re-run with nothing changed, a re-run after adding 10 new files (from a synthetic
  copy that is in no folder), and a re-run after deleting them again, whose index must
  have the digest of the full build; on METER the incremental index (with the 10 files)
  must also have the digest of a from-scratch build of the same folder; on the synthetic
  corpora (5,000 articles and more, where added files are placed into the stories, not
  regrouped) its stories are compared with a `--regroup` run on a copy of the index
  (B-cubed F1 of one grouping against the other, identical stories);
* with `--repeat N` (default 3), N-1 more pairs of runs on METER, one after the other:
  the report, then a full index in a fresh folder; the target is judged on the median of the N
  same-run ratios (index wall / report wall), each ratio printed beside it (one pair of
  runs on this shared machine moves by several per cent);
* the growth exponent b of log(wall) ~ b log(n) over the sizes;
* equality on METER: builds with `--workers 1`, with `--scheduler` on a 2-worker
  `distributed.LocalCluster` the bench starts, and with the defaults: the three digests
  (`python -m reader.index.digest FILE`) must match;
* a Markdown table of the figures beside their targets.

The tool runs as `PYTHON -m reader ...` with PYTHONPATH=REPO. Each index run works in a
run folder of hard links to the cached corpus (so added files and the index file never
touch the cache). The figures also go to WORKDIR/bench_index-<time>.json (or `--json`).
Progress lines go to stderr; Ctrl-C stops every process the bench started. The machine
is shared: the load average is printed beside the figures.
"""

from __future__ import annotations

import argparse
import json
import math
import os
import random
import shutil
import sqlite3
import signal
import statistics
import subprocess
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import make_synthetic  # noqa: E402
import procmem  # noqa: E402

DEFAULT_PYTHON = sys.executable
DEFAULT_REPO = Path(__file__).resolve().parent.parent
INDEX_NAME = ".reader-index.sqlite"
EXTRA_COPY = 99
"""The synthetic copy the 10 added files come from: in no folder the bench builds."""
EXTRA_FILES = 10
TARGETS = {
    "meter_index_vs_report": 0.5,
    "meter_index_peak_mb": 400,
    "add10_rerun_s": 5.0,
    "largest_peak_mb": 1024,
}
MB = 2**20
"""Memory figures are in MB of 2**20 bytes (MiB)."""


def log(message: str) -> None:
    print(f"bench_index: {message}", file=sys.stderr, flush=True)


class Tool:
    """`reader` as the checkout under test runs it."""

    def __init__(self, python: str, repo: Path) -> None:
        self.python = python
        self.repo = repo  # the cwd too: `python -m` puts the cwd first on sys.path
        self.env = {**os.environ, "PYTHONPATH": str(repo)}

    def argv(self, *args: str) -> list[str]:
        return [self.python, "-m", "reader", *args]

    def help(self, *args: str) -> str:
        done = subprocess.run(
            self.argv(*args, "--help"), capture_output=True, text=True, env=self.env, cwd=self.repo,
            timeout=120, check=False,
        )  # fmt: skip
        return done.stdout + done.stderr

    def has_index(self) -> bool:
        """Whether the checkout has `reader index` and its digest module."""
        spec = subprocess.run(
            [self.python, "-c", "import importlib.util as u; "
             "raise SystemExit(u.find_spec('reader.index.digest') is None)"],
            env=self.env, cwd=self.repo, capture_output=True, check=False,
        )  # fmt: skip
        return spec.returncode == 0 and "--scheduler" in self.help("index")

    def run(self, *args: str, timeout: float | None = None) -> procmem.Result:
        return procmem.measure(self.argv(*args), env=self.env, cwd=self.repo, timeout=timeout)

    def digest(self, index: Path) -> str:
        done = subprocess.run(
            [self.python, "-m", "reader.index.digest", str(index)],
            capture_output=True, text=True, env=self.env, cwd=self.repo, check=False,
        )  # fmt: skip
        if done.returncode:
            raise RuntimeError(f"digest of {index} failed: {done.stderr.strip()[-400:]}")
        return done.stdout.strip()


def meter_dir(corpora: Path) -> Path:
    """The METER folder under CORPORA (or CORPORA itself)."""
    for candidate in (corpora / "meter", corpora):
        if candidate.is_dir() and any(candidate.rglob("*.txt")):
            return candidate
    raise FileNotFoundError(f"no METER corpus (.txt files) under {corpora}")


def flatten(meter: Path, out: Path) -> Path:
    """METER in one folder, names `a/b/c.txt` -> `a_b_c.txt` (reused when up to date)."""
    files = make_synthetic.corpus_files(meter)
    stamp = out / ".flat.json"
    want = {"source": make_synthetic.fingerprint(meter, files), "n": len(files)}
    try:
        if json.loads(stamp.read_text(encoding="utf-8")) == want:
            return out
    except (OSError, ValueError):
        pass
    tmp = out.with_name(out.name + ".tmp")
    shutil.rmtree(tmp, ignore_errors=True)
    tmp.mkdir(parents=True)
    for rel in files:
        shutil.copyfile(meter / rel, tmp / make_synthetic.flat_name(rel))
    (tmp / stamp.name).write_text(json.dumps(want), encoding="utf-8")
    shutil.rmtree(out, ignore_errors=True)
    tmp.rename(out)
    return out


def run_folder(corpus: Path, run: Path) -> Path:
    """A fresh folder of hard links to the corpus's articles (copies where links fail)."""
    shutil.rmtree(run, ignore_errors=True)
    run.mkdir(parents=True)
    for f in sorted(corpus.iterdir()):
        if f.name.startswith(".") or not f.is_file():
            continue
        try:
            os.link(f, run / f.name)
        except OSError:
            shutil.copyfile(f, run / f.name)
    return run


def drop_index(index: Path) -> None:
    for f in index.parent.glob(index.name + "*"):  # the file, its -wal, -shm, -journal
        f.unlink()


def extra_files(meter: Path) -> list[tuple[str, bytes]]:
    """The 10 files added for the incremental re-run (deterministic)."""
    files = make_synthetic.corpus_files(meter)
    pick = sorted(random.Random(make_synthetic.SEED).sample(files, EXTRA_FILES))
    return list(make_synthetic.copy_files(meter, EXTRA_COPY, pick))


def mb(n: int) -> float:
    return round(n / MB, 1)


def summary(result: procmem.Result) -> dict[str, object]:
    return {
        "wall_s": round(result.wall, 2),
        "cpu_s": round(result.cpu, 1),
        "exit": result.returncode,
        "peak_single_mb": mb(result.peak_single),
        "peak_sum_mb": mb(result.peak_sum),
        "processes": len(result.procs),
        "procs": [
            {"pid": p.pid, "command": p.command, "peak_mb": mb(p.peak_rss)} for p in result.procs
        ],
    }


def check(result: procmem.Result, what: str) -> None:
    if result.returncode != 0:
        tail = result.stderr.decode("utf-8", "replace").strip()[-800:]
        raise RuntimeError(f"{what} exited {result.returncode}: {tail}")


def report_baseline(
    tool: Tool, folder: Path, no_index: bool, keep: Path | None
) -> dict[str, object]:
    """`reader report` timed; with `keep`, its JSON is written there and its stories
    counted (else it goes to /dev/null)."""
    args = ["report", str(folder), "--format", "json", "-o", str(keep or os.devnull)]
    if no_index:
        args.append("--no-index")
    log(f"report on {folder.name} ({count(folder)} files) ...")
    result = tool.run(*args)
    check(result, "reader report")
    out = summary(result)
    if keep:
        out["stories"] = len(json.loads(keep.read_text(encoding="utf-8"))["stories"])
    log(f"report on {folder.name}: {result.wall:.1f} s, peak {mb(result.peak_single)} MB"
        + (f", {out['stories']} stories" if keep else ""))  # fmt: skip
    return out


def count(folder: Path) -> int:
    return sum(1 for f in folder.iterdir() if f.is_file() and not f.name.startswith("."))


def index_size(tool: Tool, meter: Path, corpus: Path, run: Path, label: str) -> dict[str, object]:
    """Full build, no-change re-run, +10 files, -10 files, on one corpus."""
    folder = run_folder(corpus, run)
    n = count(folder)
    index = folder / INDEX_NAME
    drop_index(index)
    out: dict[str, object] = {"articles": n}
    log(f"[{label}] full build of {n} files ...")
    full = tool.run("index", str(folder))
    check(full, f"reader index ({label}, full build)")
    if not index.exists():
        raise RuntimeError(f"reader index left no {index}")
    out["full"] = {**summary(full), "articles_per_s": round(n / full.wall, 1)}
    out["full_digest"] = tool.digest(index)
    log(f"[{label}] full build: {full.wall:.1f} s ({n / full.wall:.0f} articles/s), largest "
        f"process {mb(full.peak_single)} MB, sum {mb(full.peak_sum)} MB")  # fmt: skip

    again = tool.run("index", str(folder))
    check(again, f"reader index ({label}, re-run)")
    out["rerun_unchanged"] = summary(again)
    out["rerun_unchanged_digest_equal"] = tool.digest(index) == out["full_digest"]
    log(f"[{label}] re-run, nothing changed: {again.wall:.1f} s")

    added = extra_files(meter)
    for name, data in added:
        (folder / name).write_bytes(data)
    plus = tool.run("index", str(folder))
    check(plus, f"reader index ({label}, +{len(added)} files)")
    out["rerun_add10"] = summary(plus)
    plus_digest = tool.digest(index)
    log(f"[{label}] re-run after adding {len(added)} files: {plus.wall:.1f} s")
    if label == "meter":  # the incremental index against one built from scratch
        # In the folder, as the default index: the index stores paths relative to its
        # folder when the files are inside it, absolute otherwise (and they are digested).
        scratch = folder / ".bench-scratch.sqlite"
        drop_index(scratch)
        fresh = tool.run("index", str(folder), "--index", str(scratch))
        check(fresh, f"reader index ({label}, scratch build with the added files)")
        out["add10_equals_scratch"] = tool.digest(scratch) == plus_digest
        drop_index(scratch)
        log(f"[{label}] incremental index equals a scratch build: {out['add10_equals_scratch']}")
    else:  # placed, not regrouped: its stories against a whole regrouping of a copy
        copy = folder / ".bench-regroup.sqlite"
        drop_index(copy)
        shutil.copyfile(index, copy)
        whole = tool.run("index", str(folder), "--index", str(copy), "--regroup")
        check(whole, f"reader index ({label}, --regroup of a copy)")
        out["add10_regroup_wall_s"] = round(whole.wall, 2)
        out["add10_placed_vs_regrouped"] = same_stories(index, copy)
        drop_index(copy)
        log(f"[{label}] the placed stories against a whole regrouping ({whole.wall:.1f} s): "
            f"{out['add10_placed_vs_regrouped']}")  # fmt: skip

    for name, _ in added:
        (folder / name).unlink()
    minus = tool.run("index", str(folder))
    check(minus, f"reader index ({label}, -{len(added)} files)")
    out["rerun_delete10"] = summary(minus)
    out["delete10_equals_full"] = tool.digest(index) == out["full_digest"]
    log(f"[{label}] re-run after deleting them: {minus.wall:.1f} s, digest equals the full "
        f"build: {out['delete10_equals_full']}")  # fmt: skip
    shutil.rmtree(run, ignore_errors=True)
    return out


def same_stories(a: Path, b: Path) -> dict[str, object]:
    """How alike two indexes' stories are: B-cubed F1 of one against the other, and
    how many stories are identical."""
    def stories(index: Path) -> dict[str, frozenset[str]]:
        db = sqlite3.connect(index)
        members: dict[int, set[str]] = {}
        for story, path in db.execute("SELECT story, path FROM story_files"):
            members.setdefault(story, set()).add(path)
        db.close()
        return {p: frozenset(m) for m in members.values() for p in m}

    x, y = stories(a), stories(b)
    p = sum(len(x[f] & y[f]) / len(x[f]) for f in x) / len(x)
    r = sum(len(x[f] & y[f]) / len(y[f]) for f in y) / len(y)
    sx, sy = set(x.values()), set(y.values())
    return {"b3_f1": round(2 * p * r / (p + r), 5), "identical": len(sx & sy),
            "stories": [len(sx), len(sy)]}  # fmt: skip


def meter_repeats(tool: Tool, meter_flat: Path, work: Path, n: int, no_index: bool,
                  first: tuple[float, float]) -> dict[str, object]:  # fmt: skip
    """The report and a full index on METER, `n` times in all (the first pair given):
    each run's walls, each same-run ratio, and their medians."""
    reports, indexes = [first[0]], [first[1]]
    for k in range(2, n + 1):
        log(f"[meter] pair {k} of {n}: the report, then a full index ...")
        reports.append(float(report_baseline(tool, meter_flat, no_index, None)["wall_s"]))
        folder = run_folder(meter_flat, work / "run-meter-repeat")
        drop_index(folder / INDEX_NAME)
        full = tool.run("index", str(folder))
        check(full, "reader index (METER, repeated full build)")
        indexes.append(round(full.wall, 3))
        log(f"[meter] pair {k}: index {full.wall:.1f} s / report {reports[-1]:.1f} s = "
            f"{full.wall / reports[-1]:.2f}x")  # fmt: skip
        shutil.rmtree(folder, ignore_errors=True)
    ratios = [round(i / r, 3) for i, r in zip(indexes, reports, strict=True)]
    return {"report_wall_s": reports, "index_wall_s": indexes, "ratios": ratios,
            "median_ratio": statistics.median(ratios),
            "median_report_s": statistics.median(reports),
            "median_index_s": statistics.median(indexes)}  # fmt: skip


_CLUSTER = """
import sys, time
from distributed import LocalCluster
cluster = LocalCluster(n_workers=2, threads_per_worker=1, processes=True,
                       dashboard_address=None)
print(cluster.scheduler_address, flush=True)
try:
    sys.stdin.read()  # until the bench closes our stdin (or dies)
finally:
    cluster.close()
"""


def equality(tool: Tool, meter_flat: Path, work: Path) -> dict[str, object]:
    """METER indexed with one worker, on a 2-worker cluster, and with the defaults."""
    folder = run_folder(meter_flat, work / "run-equality")
    digests: dict[str, str] = {}
    walls: dict[str, float] = {}
    index = {k: work / f"equality-{k}.sqlite" for k in ("workers1", "cluster2", "default")}
    for f in index.values():
        drop_index(f)
    log("[equality] build with --workers 1 ...")
    r = tool.run("index", str(folder), "--index", str(index["workers1"]), "--workers", "1")
    check(r, "reader index --workers 1")
    walls["workers1"] = r.wall
    digests["workers1"] = tool.digest(index["workers1"])

    log("[equality] starting a 2-worker LocalCluster ...")
    cluster = procmem.start(
        [tool.python, "-c", _CLUSTER], env=tool.env, cwd=tool.repo, stdin=subprocess.PIPE,
        stdout=subprocess.PIPE, stderr=subprocess.DEVNULL,
    )  # fmt: skip
    try:
        assert cluster.stdout is not None
        address = cluster.stdout.readline().decode().strip()
        if not address:
            raise RuntimeError("the LocalCluster did not start")
        log(f"[equality] build with --scheduler {address} ...")
        r = tool.run("index", str(folder), "--index", str(index["cluster2"]),
                     "--scheduler", address)  # fmt: skip
        check(r, "reader index --scheduler")
        walls["cluster2"] = r.wall
        digests["cluster2"] = tool.digest(index["cluster2"])
    finally:
        procmem.kill_tree(cluster, signal.SIGTERM, grace=10)

    log("[equality] build with the defaults ...")
    r = tool.run("index", str(folder), "--index", str(index["default"]))
    check(r, "reader index (defaults)")
    walls["default"] = r.wall
    digests["default"] = tool.digest(index["default"])
    for f in index.values():
        drop_index(f)
    shutil.rmtree(folder, ignore_errors=True)
    equal = len(set(digests.values())) == 1
    log(f"[equality] digests {digests}: {'equal' if equal else 'DIFFER'}")
    return {"digests": digests, "walls_s": {k: round(v, 2) for k, v in walls.items()},
            "equal": equal}  # fmt: skip


def growth(points: list[tuple[int, float]]) -> float | None:
    """b of the least-squares fit log(wall) = a + b log(n)."""
    if len(points) < 2:
        return None
    xs = [math.log(n) for n, _ in points]
    ys = [math.log(w) for _, w in points]
    mx, my = sum(xs) / len(xs), sum(ys) / len(ys)
    sxx = sum((x - mx) ** 2 for x in xs)
    return sum((x - mx) * (y - my) for x, y in zip(xs, ys, strict=True)) / sxx if sxx else None


def verdict(ok: bool | None) -> str:
    return "n/a" if ok is None else ("yes" if ok else "**no**")


def _mem(r: dict[str, object]) -> str:
    return f"{r['peak_single_mb']} / {r['peak_sum_mb']} MB"


def table(results: dict[str, object]) -> str:
    """The Markdown table: figures beside their targets (memory: the largest single
    process / the sum over the process tree, peak RSS)."""
    rows = ["| Figure | Measured | Target | Met |", "|---|---|---|---|"]

    def row(figure: str, measured: object, target: str = "", met: str = "") -> None:
        rows.append(f"| {figure} | {measured} | {target} | {met} |")

    reports = results.get("report", {})
    sizes = results.get("index", {})
    for label, r in reports.items():
        stories = f", {r['stories']} stories" if "stories" in r else ""
        row(f"`reader report` on {label} ({r['articles']} files): wall (cpu), "
            "peak largest / sum",
            f"{r['wall_s']} s ({r['cpu_s']} s), {_mem(r)}{stories}", "baseline")  # fmt: skip
    meter_report, meter_index = reports.get("meter"), sizes.get("meter")
    if meter_index:
        full = meter_index["full"]
        repeats = results.get("meter_repeats")
        if meter_report:
            ratio = full["wall_s"] / meter_report["wall_s"]
            row("Full index of METER / report wall" + (", first pair" if repeats else ""),
                f"{full['wall_s']} s / {meter_report['wall_s']} s = {ratio:.2f}×", "≤ 0.5×",
                "" if repeats else verdict(ratio <= TARGETS["meter_index_vs_report"]))  # fmt: skip
        if repeats:
            each = ", ".join(f"{r:.2f}" for r in repeats["ratios"])
            row(f"Full index of METER / report wall, median of {len(repeats['ratios'])} "
                "same-run pairs",
                f"{repeats['median_ratio']:.2f}× (each: {each}; median walls "
                f"{repeats['median_index_s']:.1f} s / {repeats['median_report_s']:.1f} s)",
                "≤ 0.5×", verdict(repeats["median_ratio"] <= TARGETS["meter_index_vs_report"]))  # fmt: skip
        row("Full index of METER: peak of any process (sum)",
            f"{full['peak_single_mb']} MB ({full['peak_sum_mb']} MB)", "≤ 400 MB",
            verdict(full["peak_single_mb"] <= TARGETS["meter_index_peak_mb"]))  # fmt: skip
    for label, r in sizes.items():
        full = r["full"]
        row(f"Full index, {label} ({r['articles']} files): wall (cpu), throughput, "
            "peak largest / sum, processes",
            f"{full['wall_s']} s ({full['cpu_s']} s), {full['articles_per_s']} articles/s, "
            f"{_mem(full)}, "
            f"{full['processes']}")  # fmt: skip
        row(f"Re-run, nothing changed, {label}", f"{r['rerun_unchanged']['wall_s']} s")
        add = r["rerun_add10"]["wall_s"]
        row(f"Re-run after adding 10 files, {label}", f"{add} s", "≤ 5 s",
            verdict(add <= TARGETS["add10_rerun_s"]))  # fmt: skip
        row(f"Re-run after deleting them, {label}: wall; digest = full build's",
            f"{r['rerun_delete10']['wall_s']} s; {r['delete10_equals_full']}", "equal",
            verdict(r["delete10_equals_full"]))  # fmt: skip
        if "add10_equals_scratch" in r:
            row(f"Incremental index (+10 files) = a scratch build's, {label}",
                r["add10_equals_scratch"], "equal", verdict(r["add10_equals_scratch"]))  # fmt: skip
        if "add10_placed_vs_regrouped" in r:
            alike = r["add10_placed_vs_regrouped"]
            row(f"Placed stories (+10 files) against a --regroup of them, {label}: B-cubed F1, "
                "identical stories",
                f"{alike['b3_f1']}, {alike['identical']} of {alike['stories'][1]} "
                f"(--regroup: {r['add10_regroup_wall_s']} s)")  # fmt: skip
    synthetic = [k for k in sizes if k != "meter"]
    if synthetic:
        big = max(synthetic, key=lambda k: sizes[k]["articles"])
        steps = ("full", "rerun_unchanged", "rerun_add10", "rerun_delete10")
        peak = max(sizes[big][step]["peak_single_mb"] for step in steps)
        margin = 1 - peak / TARGETS["largest_peak_mb"]
        row(f"{sizes[big]['articles']} indexed: peak of any process, every run",
            f"{peak} MB ({margin:+.1%} margin)", "< 1 GiB = 1024 MB",
            verdict(peak < TARGETS["largest_peak_mb"]))  # fmt: skip
    if results.get("growth_b") is not None:
        row("Growth exponent b (log wall ~ b log n, full builds)", f"{results['growth_b']:.2f}",
            "≈ 1 (linear)")  # fmt: skip
    eq = results.get("equality")
    if eq:
        d = {k: f"`{v[:12]}`" for k, v in eq["digests"].items()}
        row("METER digests: --workers 1 / 2-worker cluster / default",
            " / ".join(d.get(k, "?") for k in ("workers1", "cluster2", "default")), "equal",
            verdict(eq["equal"]))  # fmt: skip
    for failure in results.get("failures", []):
        row(f"FAILED: {failure['step']}", failure["error"][:160].replace("|", "/"), "", "**no**")
    return "\n".join(rows)


def processes(results: dict[str, object]) -> str:
    """Every process of each full build and report, by its peak RSS."""
    out = []
    runs = [(f"`reader report` on {k}", r) for k, r in results.get("report", {}).items()]
    runs += [(f"full index of {k}", r["full"]) for k, r in results.get("index", {}).items()]
    for title, r in runs:
        out.append(f"\nProcesses of the {title} (peak RSS):")
        for p in sorted(r["procs"], key=lambda p: -p["peak_mb"]):
            out.append(f"    pid {p['pid']:>7}  {p['peak_mb']:8.1f} MB  {p['command']}")
    return "\n".join(out)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description=__doc__.split("\n")[0],
        formatter_class=argparse.RawDescriptionHelpFormatter,
        epilog=__doc__.split("\n\n", 2)[2],
    )
    add = parser.add_argument
    add("corpora", type=Path, metavar="CORPORA",
        help="folder holding meter/ (or the METER folder itself)")  # fmt: skip
    add("--sizes", default="5000,20000",
        help="synthetic folder sizes, comma-separated (default 5000,20000)")  # fmt: skip
    add("--repo", type=Path, default=DEFAULT_REPO,
        help=f"checkout under test (PYTHONPATH; default {DEFAULT_REPO})")  # fmt: skip
    add("--python", default=DEFAULT_PYTHON,
        help=f"interpreter with the reader's dependencies (default {DEFAULT_PYTHON})")  # fmt: skip
    add("--workdir", type=Path, default=Path.home() / ".cache" / "reader-bench" / "index",
        help="where corpora are built and cached (~/.cache/reader-bench/index)")  # fmt: skip
    add("--skip-report-large", action="store_true",
        help="time `reader report` on METER only, not on the first synthetic size")  # fmt: skip
    add("--skip-report", action="store_true", help="no `reader report` baseline")
    add("--keep-report", action="store_true",
        help="write the report JSON to the workdir, not /dev/null; count stories")  # fmt: skip
    add("--skip-equality", action="store_true", help="no equality builds")
    add("--report-only", action="store_true",
        help="only the `reader report` baseline (before `reader index` exists)")  # fmt: skip
    add("--repeat", type=int, default=3, metavar="N",
        help="pairs of METER runs (report, full index) the ratio is the median of "
             "(default 3; 1: the first pair alone)")  # fmt: skip
    add("--json", type=Path, help="write the figures here too")
    args = parser.parse_args(argv)
    try:
        sizes = sorted({int(s) for s in args.sizes.split(",") if s.strip()})
    except ValueError:
        parser.error(f"--sizes takes whole numbers: {args.sizes!r}")
    if any(s < 1 for s in sizes):
        parser.error("--sizes must be positive")
    if args.repeat < 1:
        parser.error("--repeat must be at least 1")
    try:
        meter = meter_dir(args.corpora)
    except FileNotFoundError as e:
        print(f"bench_index: {e}", file=sys.stderr)
        return 2
    if not (args.repo / "reader").is_dir():
        print(f"bench_index: no reader package in --repo {args.repo}", file=sys.stderr)
        return 2
    if not Path(args.python).exists() and not shutil.which(args.python):
        print(f"bench_index: no interpreter {args.python}", file=sys.stderr)
        return 2
    tool = Tool(args.python, args.repo.resolve())
    if not args.report_only and not tool.has_index():
        print(f"bench_index: {args.repo} has no `reader index` (with --scheduler) and "
              "`reader.index.digest`; use --report-only for the report baseline",
              file=sys.stderr)  # fmt: skip
        return 2
    procmem.interrupts_stop_children()
    work = args.workdir.resolve()
    work.mkdir(parents=True, exist_ok=True)
    results: dict[str, object] = {
        "repo": str(tool.repo),
        "commit": subprocess.run(
            ["git", "-C", str(tool.repo), "rev-parse", "--short", "HEAD"],
            capture_output=True, text=True, check=False,
        ).stdout.strip(),  # fmt: skip
        "cpus": os.cpu_count(),
        "loadavg_start": [round(x, 2) for x in os.getloadavg()],
        "report": {}, "index": {}, "failures": [],
    }  # fmt: skip
    try:
        log(f"corpora in {work} ...")
        meter_flat = flatten(meter, work / "meter-flat")
        corpora = {"meter": meter_flat}
        for n in sizes:
            corpora[f"synthetic {n}"] = make_synthetic.ensure(meter, n, work / f"synthetic-{n}")
        no_index = "--no-index" in tool.help("report")
        results["report_no_index_flag"] = no_index
        if not args.skip_report:
            report_on = ["meter"] + ([] if args.skip_report_large or not sizes else
                                     [f"synthetic {sizes[0]}"])  # fmt: skip
            for label in report_on:
                try:
                    keep = work / f"report-{label.replace(' ', '-')}.json"
                    r = report_baseline(tool, corpora[label], no_index,
                                        keep if args.keep_report else None)  # fmt: skip
                    results["report"][label] = {"articles": count(corpora[label]), **r}
                except RuntimeError as e:
                    results["failures"].append({"step": f"report {label}", "error": str(e)})
                    log(f"FAILED: {e}")
        if not args.report_only:
            for label, corpus in corpora.items():
                try:
                    results["index"][label] = index_size(
                        tool, meter, corpus, work / f"run-{label.replace(' ', '-')}", label
                    )
                except RuntimeError as e:
                    results["failures"].append({"step": f"index {label}", "error": str(e)})
                    log(f"FAILED: {e}")
            meter_report = results["report"].get("meter")
            meter_index = results["index"].get("meter")
            if args.repeat > 1 and meter_report and meter_index:
                try:
                    results["meter_repeats"] = meter_repeats(
                        tool, meter_flat, work, args.repeat, no_index,
                        (meter_report["wall_s"], meter_index["full"]["wall_s"]),
                    )  # fmt: skip
                except RuntimeError as e:
                    results["failures"].append({"step": "meter repeats", "error": str(e)})
                    log(f"FAILED: {e}")
            points = [(r["articles"], r["full"]["wall_s"]) for r in results["index"].values()]
            results["growth_b"] = growth(points)
            if results["growth_b"] is not None:
                log(f"growth exponent b = {results['growth_b']:.2f} over {points}")
            if not args.skip_equality:
                try:
                    results["equality"] = equality(tool, meter_flat, work)
                except RuntimeError as e:
                    results["failures"].append({"step": "equality", "error": str(e)})
                    log(f"FAILED: {e}")
    except KeyboardInterrupt:
        procmem.kill_all()
        log("interrupted; every process started was stopped")
        return 130
    results["loadavg_end"] = [round(x, 2) for x in os.getloadavg()]
    out = args.json or work / f"bench_index-{time.strftime('%Y%m%d-%H%M%S')}.json"
    out.write_text(json.dumps(results, indent=1) + "\n", encoding="utf-8")
    print(table(results))
    print(processes(results))
    print(f"\n{os.cpu_count()} cores; load average {results['loadavg_start']} at the start, "
          f"{results['loadavg_end']} at the end. Figures: {out}")  # fmt: skip
    return 1 if results["failures"] else 0


if __name__ == "__main__":
    raise SystemExit(main())
