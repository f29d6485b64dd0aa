"""Run one entry point of `reader` on one hostile input and judge what it did.

Owns how each entry point is invoked (`command`), the two ways of running it (a real
process, timed and measured with `os.wait4`, or `reader.cli.main` in this process with
byte-exact stdout/stderr) and the judgement (`problems`): no traceback, no hang, exit 0
or a one-line `reader: ` message, the expected outcome, and no escape sequence from a
file on stdout or stderr. Used by the tests in this folder and by
`bench/hostile_table.py`.

Output streams are UTF-8 with errors='strict', as on a desktop with a UTF-8 locale
(C.UTF-8 would let Python write undecodable file-name bytes through instead).
"""

from __future__ import annotations

import contextlib
import errno
import io
import json
import os
import re
import shutil
import signal
import subprocess
import sys
import tempfile
import threading
import time
import traceback
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path

from tests.hostile.inputs import Built

ROOT = Path(__file__).resolve().parents[2]

COMPARE_FORMATS = ("text", "json", "markdown")
NOTES_FORMATS = ("json", "csv", "markdown")
REPORT_FORMATS = ("markdown", "json", "html")

# Characters that must never reach a terminal from a file: C0 controls but tab and
# newline (ESC, BEL, CR, backspace...), the C1 range (U+0080-U+009F: CSI, OSC, ST as
# single characters), and raw bytes 0x80-0x9f that are not UTF-8 (surrogate-escaped).
# DEL is let through: it starts nothing and terminals ignore it.
_FORBIDDEN = re.compile("[\x00-\x08\x0b-\x1f\x80-\x9f\udc80-\udc9f]")

TIME = "/usr/bin/time" if os.access("/usr/bin/time", os.X_OK) else None
"""GNU time, for the peak memory of one run (else the child's own rusage, an upper bound)."""

DEFAULT_TIMEOUT = 60.0
"""Seconds a single run may take before it counts as a hang."""


@dataclass(frozen=True)
class Run:
    """What one run of one entry point did."""

    entry: str
    """'compare json', 'notes csv', 'report html', 'ui'..."""
    argv: tuple[str, ...]
    """The arguments after `reader`."""
    code: int | None
    """Exit code; None when it was stopped for taking too long."""
    seconds: float
    """Wall-clock time."""
    peak_mb: float | None
    """Peak resident memory of the process (None when run in this process)."""
    stdout: bytes
    """Everything written to standard output."""
    stderr: bytes
    """Everything written to standard error."""

    @property
    def message(self) -> str:
        """The first line of stderr, or of stdout when stderr is empty."""
        for stream in (self.stderr, self.stdout):
            text = stream.decode("utf-8", "replace").strip()
            if text:
                return text.splitlines()[0]
        return ""


def entries(*, report: bool) -> list[str]:
    """The command-line entry points, `reader report` only once it exists."""
    out = [f"compare {f}" for f in COMPARE_FORMATS] + [f"notes {f}" for f in NOTES_FORMATS]
    return out + ([f"report {f}" for f in REPORT_FORMATS] if report else [])


def report_available() -> bool:
    """Whether `reader report --help` works yet (another engineer is writing it)."""
    code = (
        "import sys\nfrom reader.cli import main\n"
        "try:\n    code = main(['report', '--help'])\nexcept SystemExit as e:\n    code = e.code\n"
    )
    proc = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, timeout=60, cwd=ROOT
    )
    return proc.returncode == 0 and "usage: reader report" in proc.stdout


def command(entry: str, built: Built) -> tuple[str, ...]:
    """The `reader` arguments of an entry point for one built input."""
    verb, fmt = entry.split()
    if verb == "compare":
        return ("compare", str(built.left), str(built.right), "--format", fmt)
    if verb == "notes":
        return ("notes", str(built.notes_path or built.folder), "--format", fmt)
    if verb == "report":
        return ("report", str(built.folder), "--format", fmt)
    raise ValueError(entry)


def expected(entry: str, built: Built) -> str:
    """'ok', 'refused' or 'either' for an entry point on one input."""
    verb = entry.split()[0]
    if verb == "compare":
        return built.compare
    if verb == "notes":
        return built.notes
    return "either"  # report: skips what it cannot read, refuses only when nothing is left


# --- running in a process ------------------------------------------------------------


def _drop_read_permission() -> tuple[str, ...]:
    """A command prefix under which root is refused unreadable files, or () if not needed."""
    if os.geteuid() != 0:
        return ()
    setpriv = shutil.which("setpriv")
    if setpriv is None:
        return ("<unavailable>",)
    caps = "-dac_override,-dac_read_search"
    return (setpriv, f"--inh-caps={caps}", f"--bounding-set={caps}")


def unreadable_skip_reason() -> str:
    """Why unreadable files cannot be simulated in a process here ('' when they can)."""
    if _drop_read_permission() == ("<unavailable>",):
        return "running as root without setpriv: root reads files with mode 000"
    return ""


def environment() -> dict[str, str]:
    """The environment of every run: strict UTF-8 output, no colour, no user config."""
    env = {k: v for k, v in os.environ.items() if not k.startswith(("PYTEST_", "COV_"))}
    env.update(PYTHONIOENCODING="utf-8:strict", PYTHONDONTWRITEBYTECODE="1", TERM="xterm-256color")
    env.pop("NO_COLOR", None)
    return env


def run_process(
    args: Sequence[str], *, entry: str = "", timeout: float = DEFAULT_TIMEOUT,
    unreadable: bool = False, program: Sequence[str] = ("-m", "reader"),
) -> Run:  # fmt: skip
    """Run `python -m reader ARGS` in its own process group and measure it.

    Args:
        args: Arguments after `reader`.
        entry: The entry point's name, for the record.
        timeout: Seconds before the process group is killed (code None).
        unreadable: The input holds files the system must refuse to read: as root,
            run without the capabilities that let root read them.
        program: What follows the interpreter (a module to run).

    Returns:
        The run, with peak RSS from the child's own rusage.
    """
    prefix = _drop_read_permission() if unreadable else ()
    if prefix == ("<unavailable>",):
        raise RuntimeError(unreadable_skip_reason())
    with tempfile.TemporaryDirectory(prefix="reader-run-") as scratch:
        # Linux charges a child the resident size of its parent at fork time (ru_maxrss
        # survives exec), so a large parent would inflate every figure: /usr/bin/time,
        # a small process, forks the run and reports its own child's peak.
        peak_file = Path(scratch) / "peak"
        timer = (TIME, "-q", "-f", "%M", "-o", str(peak_file)) if TIME else ()
        argv = [*timer, *prefix, sys.executable, *program, *args]
        with open(Path(scratch) / "out", "w+b") as out, open(Path(scratch) / "err", "w+b") as err:
            start = time.perf_counter()
            proc = subprocess.Popen(
                argv, stdin=subprocess.DEVNULL, stdout=out, stderr=err, env=environment(),
                cwd=ROOT, start_new_session=True,
            )  # fmt: skip
            status, usage, timed_out = _wait(proc.pid, start + timeout)
            proc.returncode = os.waitstatus_to_exitcode(status)  # reaped here, not by Popen
            seconds = time.perf_counter() - start
            out.seek(0)
            err.seek(0)
            stdout, stderr = out.read(), err.read()
        peak_kb = float(usage.ru_maxrss)
        with contextlib.suppress(OSError, ValueError, IndexError):
            peak_kb = float(peak_file.read_text().split()[-1])
    code = None if timed_out else proc.returncode
    return Run(entry, tuple(args), code, seconds, peak_kb / 1024, stdout, stderr)


def _wait(pid: int, deadline: float) -> tuple[int, os.struct_rusage, bool]:  # type: ignore[name-defined]
    delay = 0.002
    while True:
        done, status, usage = os.wait4(pid, os.WNOHANG)
        if done:
            return status, usage, False
        if time.perf_counter() > deadline:
            with contextlib.suppress(ProcessLookupError):
                os.killpg(pid, signal.SIGKILL)
            _, status, usage = os.wait4(pid, 0)
            return status, usage, True
        time.sleep(delay)
        delay = min(delay * 2, 0.05)


# --- running in this process ---------------------------------------------------------


@contextlib.contextmanager
def refusing_reads(paths: Sequence[Path]) -> Iterator[None]:
    """Make `os.open` fail with EACCES for these paths, as for a mode-000 file."""
    if not paths:
        yield
        return
    real_open = os.open
    refused = {os.path.abspath(p) for p in paths}

    def fake_open(path: object, flags: int, *args: object, **kwargs: object) -> int:
        if isinstance(path, (str, os.PathLike)) and os.path.abspath(path) in refused:
            raise PermissionError(errno.EACCES, os.strerror(errno.EACCES), str(path))
        return real_open(path, flags, *args, **kwargs)  # type: ignore[arg-type]

    os.open = fake_open  # type: ignore[assignment]
    try:
        yield
    finally:
        os.open = real_open


_STREAMS_LOCK = threading.Lock()


def run_inprocess(
    args: Sequence[str], *, entry: str = "", timeout: float = DEFAULT_TIMEOUT,
    unreadable: Sequence[Path] = (),
) -> Run:  # fmt: skip
    """Run `reader.cli.main(ARGS)` here, with stdout and stderr as strict UTF-8 bytes.

    An exception escaping `main` is recorded as Python would print it (a traceback on
    stderr, exit code 1). A run still going after `timeout` is abandoned (code None).
    """
    from reader.cli import main

    out, err = io.BytesIO(), io.BytesIO()
    stdout = io.TextIOWrapper(out, encoding="utf-8", errors="strict", write_through=True)
    stderr = io.TextIOWrapper(err, encoding="utf-8", errors="backslashreplace",
                              write_through=True)  # fmt: skip
    result: list[int] = []

    def target() -> None:
        try:
            code = main(list(args))
        except SystemExit as exit_:  # argparse
            code = exit_.code if isinstance(exit_.code, int) else 2
        except BaseException:  # what the interpreter would print and exit 1 for
            stderr.write(traceback.format_exc())
            code = 1
        with contextlib.suppress(ValueError):
            stdout.flush()
        result.append(code)

    with _STREAMS_LOCK, refusing_reads(unreadable):
        saved = sys.stdout, sys.stderr
        sys.stdout, sys.stderr = stdout, stderr
        start = time.perf_counter()
        try:
            worker = threading.Thread(target=target, name=f"hostile {entry}", daemon=True)
            worker.start()
            worker.join(timeout)
        finally:
            sys.stdout, sys.stderr = saved
        seconds = time.perf_counter() - start
    code = result[0] if result else None
    return Run(entry, tuple(args), code, seconds, None, out.getvalue(), err.getvalue())


# --- judging ---------------------------------------------------------------------------


def forbidden_characters(data: bytes) -> list[str]:
    """Control characters in output that a terminal would obey, as escapes ('\\x1b')."""
    text = data.decode("utf-8", "surrogateescape")
    return sorted({f"\\x{ord(c) & 0xFF:02x}" for c in _FORBIDDEN.findall(text)})


def problems(run: Run, want: str, refusal: Sequence[str] = ()) -> list[str]:
    """Everything wrong with a run, empty when it behaved.

    Args:
        run: The run.
        want: 'ok' (exit 0), 'refused' (exit 2 and one line) or 'either'.
        refusal: When refused, the message contains one of these (lower case).

    Returns:
        One line per problem.
    """
    found: list[str] = []
    stderr = run.stderr.decode("utf-8", "replace")
    if run.code is None:
        return [f"still running after {run.seconds:.0f} s"]
    if "Traceback" in stderr:
        found.append("traceback: " + stderr.strip().splitlines()[-1][:200])
    if run.code not in (0, 2):
        found.append(f"exit code {run.code}")
    if run.code == 2:
        lines = stderr.strip().splitlines()
        if len(lines) != 1 or not lines[0].startswith("reader: "):
            found.append(f"refusal is not one 'reader: ' line: {stderr[:200]!r}")
        elif refusal and not any(word in lines[0].lower() for word in refusal):
            found.append(f"refusal does not say {' or '.join(refusal)!r}: {lines[0][:200]}")
    if run.code == 0 and not run.stdout.strip():
        found.append("exit 0 but nothing printed")
    elif run.code == 0 and run.entry.endswith("json"):
        found += _json_problems(run.stdout)
    if want == "ok" and run.code == 2:
        found.append(f"refused, expected a result: {run.message[:200]}")
    if want == "refused" and run.code == 0:
        found.append("accepted, expected a refusal")
    for name, stream in (("stdout", run.stdout), ("stderr", run.stderr)):
        bad = forbidden_characters(stream)
        if bad:
            found.append(f"raw control characters on {name}: {' '.join(bad)}")
    return found


def _json_problems(data: bytes) -> list[str]:
    """Why `data` is not strict JSON (RFC 8259: no NaN or Infinity), if it is not."""

    def constant(name: str) -> object:
        raise ValueError(f"{name} is not JSON")

    try:
        json.loads(data.decode("utf-8"), parse_constant=constant)
    except ValueError as error:  # JSONDecodeError and UnicodeDecodeError are ValueErrors
        return [f"invalid JSON: {str(error)[:100]}"]
    return []


def outcome(run: Run, found: Sequence[str]) -> str:
    """The table's summary of a run: 'ok', the refusal line, or what went wrong."""
    if found:
        return "PROBLEM: " + "; ".join(found)
    if run.code == 0:
        return "ok"
    return run.message
