"""Run every hostile input through every entry point of `reader` and print a Markdown table.

    python bench/hostile_table.py [--only NAME ...] [--no-ui] [--timeout S] [--output FILE]

Inputs are made by `tests/hostile/inputs.py` into a temporary folder. Each entry point
runs in a process of its own, as a user would run it: `reader compare LEFT RIGHT
--format text|json|markdown`, `reader notes FOLDER --format json|csv|markdown`, `reader
report FOLDER --format markdown|json|html` (a TODO row until `reader report --help` works)
and the interface (`python -m tests.hostile.ui FOLDER`: Pilot at 120x36, then b, s, o, ?).
Output streams are strict UTF-8, as on a desktop terminal.

Columns: the input; the entry point; the exit code (for the interface: 0 when it ran, 2
when `reader FOLDER` refused before starting, 'killed' past the deadline); wall-clock
seconds; peak resident memory in MB (GNU time's %M for the process, else its rusage);
the outcome: 'ok', the one-line refusal, 'KNOWN BUG <id>' for a run broken by a bug
listed in tests/hostile/known_bugs.py (with its xfail test), or 'PROBLEM: ...' for a
run that misbehaved and is not listed (there should be none).
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from reader.ingest.text import safe  # noqa: E402
from tests.hostile.harness import (  # noqa: E402
    TIME,
    Run,
    command,
    entries,
    expected,
    outcome,
    problems,
    report_available,
    run_process,
    unreadable_skip_reason,
)
from tests.hostile.inputs import CASES, Built, Hostile, unavailable  # noqa: E402
from tests.hostile.known_bugs import BROKEN, HANGS, xfail_test_of  # noqa: E402

Row = tuple[str, str, str, str, str, str]


def _cell(text: str, width: int = 110) -> str:
    """Text fit for one Markdown table cell."""
    text = safe(" ".join(text.split())).replace("|", "\\|")
    return text if len(text) <= width else text[: width - 1] + "\u2026"


def _row(name: str, entry: str, code: str, seconds: float | None, peak: float | None,
         what: str) -> Row:  # fmt: skip
    return (name, entry, code, "" if seconds is None else f"{seconds:.2f}",
            "" if peak is None else f"{peak:.0f}", _cell(what))  # fmt: skip


def _judge(name: str, entry: str, run: Run, found: list[str]) -> str:
    bug = BROKEN.get((name, entry))
    if bug and found:
        return f"KNOWN BUG {bug} ({xfail_test_of(bug).split('::')[1]}): {found[0]}"
    if bug:
        return f"FIXED? listed as {bug} but ran clean: {outcome(run, found)}"
    return outcome(run, found)


def cli_rows(hostile: Hostile, built: Built, *, report: bool, timeout: float) -> list[Row]:
    """One row per command-line entry point."""
    rows: list[Row] = []
    cannot = unreadable_skip_reason() if built.unreadable else ""
    for entry in entries(report=True):
        if cannot:
            rows.append(_row(hostile.name, entry, "", None, None, f"skipped: {cannot}"))
            continue
        if entry.startswith("report") and not report:
            rows.append(_row(hostile.name, entry, "", None, None,
                             "TODO: `reader report` not there yet"))  # fmt: skip
            continue
        hangs = BROKEN.get((hostile.name, entry)) in HANGS
        run = run_process(command(entry, built), entry=entry,
                          timeout=15 if hangs else (timeout * 3 if built.slow else timeout),
                          unreadable=bool(built.unreadable))  # fmt: skip
        refusal = built.refusal if entry.startswith("compare") else ()
        found = problems(run, expected(entry, built), refusal)
        code = "killed" if run.code is None else str(run.code)
        peak = None if run.code is None else run.peak_mb  # a killed run reports no peak
        rows.append(_row(hostile.name, entry, code, run.seconds, peak,
                         _judge(hostile.name, entry, run, found)))  # fmt: skip
    return rows


def ui_row(hostile: Hostile, built: Built, *, deadline: float) -> Row:
    """The interface on the input's folder, in a process of its own."""
    if built.unreadable and unreadable_skip_reason():
        return _row(hostile.name, "ui", "", None, None, f"skipped: {unreadable_skip_reason()}")
    if BROKEN.get((hostile.name, "ui")) in HANGS:
        deadline = min(deadline, 30.0)
    run = run_process([str(built.folder), "--deadline", str(deadline)], entry="ui",
                      timeout=deadline + 30, unreadable=bool(built.unreadable),
                      program=("-m", "tests.hostile.ui"))  # fmt: skip
    found: list[str] = []
    result: dict[str, object] = {}
    if run.code is None:
        found.append(f"killed after {run.seconds:.0f} s")
    elif run.code != 0:
        found.append(f"driver exit {run.code}: {run.message}")
    else:
        try:
            result = json.loads(run.stdout)
        except ValueError:  # the driver died before printing its one line
            found.append(f"driver printed no result: {run.message[:200]}")
        else:
            found += list(result["problems"])  # type: ignore[call-overload]
            if result["outcome"] != built.ui:
                found.append(f"{result['outcome']} (expected {built.ui}): {result['message']}")
    code = "killed" if run.code is None else ("2" if result.get("outcome") == "refused" else "0")
    bug = BROKEN.get((hostile.name, "ui"))
    if bug and found:
        what = f"KNOWN BUG {bug} ({xfail_test_of(bug).split('::')[1]}): {found[0]}"
    elif bug:
        what = f"FIXED? listed as {bug} but ran clean"
    elif found:
        what = "PROBLEM: " + "; ".join(found)
    elif result.get("outcome") == "ok":
        steps = result.get("steps") or []
        what = "ok: pair shown after " + ", ".join(f"{k} {s:.1f}s" for k, s in steps)  # type: ignore[union-attr]
    else:
        what = f"{result.get('outcome')}: {result.get('message')}"
    return _row(hostile.name, "ui", code, run.seconds,
                None if run.code is None else run.peak_mb, what)  # fmt: skip


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--only", nargs="+", metavar="NAME", help="only these inputs")
    parser.add_argument("--no-ui", action="store_true", help="skip the interface")
    parser.add_argument("--timeout", type=float, default=60.0, help="seconds per run (x3 for "
                        "the largest inputs) before it counts as hanging")  # fmt: skip
    parser.add_argument("--ui-deadline", type=float, default=60.0)
    parser.add_argument("--output", type=Path, help="also write the table to this file")
    args = parser.parse_args(argv)
    report = report_available()
    cases = [c for c in CASES if not args.only or c.name in args.only]
    rows: list[Row] = []
    start = time.perf_counter()
    with tempfile.TemporaryDirectory(prefix="reader-hostile-") as scratch:
        for number, hostile in enumerate(cases, 1):
            elapsed = (time.perf_counter() - start) / 60
            print(f"[{number}/{len(cases)}, {elapsed:.1f} min] {hostile.name} ...",
                  file=sys.stderr, flush=True)  # fmt: skip
            reason = unavailable(hostile)
            if reason:
                rows.append(_row(hostile.name, "*", "", None, None, f"skipped: needs {reason}"))
                continue
            root = Path(scratch) / hostile.name
            root.mkdir()
            try:
                built = hostile.build(root)
            except OSError as error:  # the system refused to make it: say so, go on
                rows.append(_row(hostile.name, "*", "", None, None,
                                 f"PROBLEM: input not built: {error}"))  # fmt: skip
                continue
            try:
                rows += cli_rows(hostile, built, report=report, timeout=args.timeout)
                if not args.no_ui:
                    rows.append(ui_row(hostile, built, deadline=args.ui_deadline))
            finally:
                for path in built.unreadable:
                    path.chmod(0o644)
    text = render(rows, cases, report=report, seconds=time.perf_counter() - start)
    sys.stdout.write(text)
    if args.output:
        args.output.write_text(text, encoding="utf-8")
    return 0


def render(rows: list[Row], cases: list[Hostile], *, report: bool, seconds: float) -> str:
    """The table with a header saying how it was made and a summary."""
    kinds = {"ok": 0, "refused": 0, "known": 0, "problem": 0, "todo": 0, "fixed": 0}
    for row in rows:
        what = row[5]
        prefixes = (("KNOWN BUG", "known"), ("PROBLEM", "problem"), ("TODO", "todo"),
                    ("skipped", "todo"), ("FIXED?", "fixed"), ("ok", "ok"))  # fmt: skip
        kinds[next((k for p, k in prefixes if what.startswith(p)), "refused")] += 1
    memory = "GNU time %M" if TIME else "rusage of the child (an upper bound)"
    lines = [
        "# Hostile inputs through every entry point", "",
        f"`python bench/hostile_table.py`: {len(cases)} inputs, {len(rows)} runs in "
        f"{seconds / 60:.1f} min; Python {platform.python_version()}, {os.cpu_count()} CPUs; "
        f"peak memory from {memory}; output streams strict UTF-8.", "",
        f"- clean: {kinds['ok']} ok, {kinds['refused']} refused with a one-line message",
        f"- known bugs in code owned elsewhere (strict xfail tests): {kinds['known']}",
        f"- listed bugs that ran clean (fixed meanwhile?): {kinds['fixed']}",
        f"- unexplained problems: {kinds['problem']}",
        f"- TODO / skipped: {kinds['todo']}"
        + ("" if report else " (`reader report` not there yet: its rows are TODO)"),
        "", "| input | entry point | exit | seconds | peak MB | outcome |",
        "|---|---|---|---:|---:|---|",
    ]  # fmt: skip
    lines += [f"| {' | '.join(row)} |" for row in rows]
    return "\n".join(lines) + "\n"


if __name__ == "__main__":
    sys.exit(main())
