"""The `reader` command line: which module runs which command, exit codes, one-line errors.

Owns the overview (`reader --help`), the dispatch (`COMMANDS`: the subcommand word to its
module here; without one, `reader PATH...` opens the reader), the exit codes and the
one-line error messages. Bad input exits 2 with `reader: <message>` on stderr, never a
traceback; an interrupt exits 130; a reader of the output that went away (`| head`) is
not an error (0).

Each command is one module of this package with the same two functions, `parser() ->
argparse.ArgumentParser` and `run(args) -> int`, imported only when its command runs:
`reader --help` stays cheap and `reader compare` never imports Textual (only `open`
imports the interface, when it is about to run). A new command is one module here and
one entry of `COMMANDS`; the overview and the help epilog list it from there.
"""

from __future__ import annotations

import importlib
import os
import sys
from collections.abc import Sequence
from typing import NamedTuple

from reader.core.errors import ReaderError


# One BLAS thread, set before numpy is first imported: a matrix product split over threads
# sums in another order, and the last bits of a pair's features would depend on the
# machine's load; with one thread every process computes the same (Dask's workers run
# with one too), so the index equals what the reader computes. Small matrices gain
# nothing from more threads here.
for _name in ("OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS", "MKL_NUM_THREADS"):
    os.environ.setdefault(_name, "1")


class Command(NamedTuple):
    """A command: the module that runs it and its line in the overview."""

    module: str
    """The module of `reader.cli` holding its `parser()` and `run(args)`."""
    usage: str
    """How it is called, as the overview shows it."""
    summary: str
    """What it does, in a few words."""


OPEN = Command("open", "reader PATH...",
               "open the reader on a folder of articles (or several files)")  # fmt: skip
"""`reader PATH...`: what runs when the first argument is not a subcommand word."""

COMMANDS: dict[str, Command] = {
    "compare": Command("compare", "reader compare LEFT RIGHT",
                       "print how two articles differ (text, json or markdown)"),
    "notes": Command("notes", "reader notes PATH",
                     "export the notes kept beside the articles (json, csv, markdown)"),
    "report": Command("report", "reader report PATH",
                      "write the findings for a folder (html, markdown, json)"),
    "index": Command("index", "reader index PATH",
                     "read, group and align a corpus once, kept beside it (Dask)"),
    "export": Command("export", "reader export PATH -o DIR",
                      "write an index's pairs, links and numbers (parquet, csv)"),
}  # fmt: skip
"""The subcommands by their word, in the order the overview lists them."""


def _overview() -> str:
    return "\n".join(f"  {c.usage:<30} {c.summary}" for c in (OPEN, *COMMANDS.values()))


def _each_help() -> str:
    helps = [f"'reader {word} --help'" for word in COMMANDS]
    return ", ".join(helps[:-1]) + " or " + helps[-1] if len(helps) > 1 else "".join(helps)


DESCRIPTION = f"""\
Read news articles about the same event side by side.

{_overview()}

Article files: .txt, .md/.markdown, .html/.htm. Other files in a folder are skipped.
"""
"""The top of `reader --help`: every command, one line each."""

EPILOG = (
    f"Run {_each_help()} for their options. "
    "Inside the reader, press ? for every key; other keys can be set in "
    "~/.config/reader/keymap.toml (see the README)."
)
"""The foot of `reader --help`."""


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point of the `reader` command.

    Args:
        argv: Arguments without the program name (default: sys.argv[1:]).

    Returns:
        The exit code: 0 on success, 2 on bad input, 130 on interrupt.
    """
    argv = list(sys.argv[1:] if argv is None else argv)
    try:
        if argv and argv[0] in COMMANDS:
            command, rest = COMMANDS[argv[0]], argv[1:]
        else:
            command, rest = OPEN, argv
        module = importlib.import_module(f"{__name__}.{command.module}")
        code: int = module.run(module.parser().parse_args(rest))
        return code
    except ReaderError as error:
        # Messages name files and folders: their names are data too (escape sequences,
        # newlines), so they are written escaped, on one line.
        from reader.output.comparison import one_line

        print(f"reader: {one_line(error.message)}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:
        # The reader of our output went away (e.g. `| head`); not an error of ours.
        sys.stderr.close()
        return 0
