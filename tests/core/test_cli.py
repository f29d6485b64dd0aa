"""`reader compare` from the outside: formats, exit codes, one-line errors, no Textual."""

from __future__ import annotations

import ast
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

SEEDS = Path(__file__).parent.parent / "data" / "seeds"
IBT = SEEDS / "000_9df743b66480a7ad.txt"
MT = SEEDS / "002_9f6a1060a2f4700f.txt"
ROOT = Path(__file__).parent.parent.parent


def run(*args: str | Path, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "reader", *map(str, args)],
        capture_output=True,
        text=True,
        timeout=120,
        env={**os.environ, **(env or {})},
    )


def test_json_document_shape() -> None:
    """The JSON has the documented fields and offsets that reproduce the text."""
    p = run("compare", IBT, MT, "--format", "json")
    assert p.returncode == 0, p.stderr
    doc = json.loads(p.stdout)
    assert doc["left"]["outlet"] == "IBTimes"
    assert doc["right"]["date"] == "2019-07-18"
    assert doc["right"]["url"].startswith("https://www.themoscowtimes.com/2019/07/18/")
    left_text = IBT.read_text(encoding="utf-8")
    kinds = set()
    for row in doc["rows"]:
        kinds.add(row["kind"])
        for span in row["left"]:
            assert left_text[span["start"] : span["end"]] == span["text"]
    assert {"changed", "left_only", "right_only"} <= kinds
    flagged = [n for r in doc["rows"] for n in r["numbers"] if n["differs"]]
    assert [(n["left"], n["right"], n["ratio"]) for n in flagged] == [("3,000", "300,000", 100.0)]
    assert doc["missing_paragraphs"]["left"], "Moscow Times paragraphs IBTimes lacks"


def test_text_has_no_colour_off_a_terminal() -> None:
    """Piped text output carries no escape sequences; differences use [- -] and {+ +}."""
    p = run("compare", IBT, MT)
    assert p.returncode == 0
    assert "\x1b" not in p.stdout
    assert "[-3,000-]" in p.stdout and "{+300,000+}" in p.stdout
    assert "! number: 3,000 vs 300,000 (\u00d7100)" in p.stdout


def test_color_always_and_no_color() -> None:
    """--color always colours; NO_COLOR keeps auto mode plain."""
    assert "\x1b[" in run("compare", IBT, MT, "--color", "always").stdout
    assert "\x1b[" not in run("compare", IBT, MT, env={"NO_COLOR": "1"}).stdout


def test_markdown() -> None:
    """Markdown output strikes removed words and bolds added ones."""
    p = run("compare", IBT, MT, "--format", "markdown")
    assert p.returncode == 0
    assert "~~3,000~~" in p.stdout and "**300,000**" in p.stdout


def test_escape_sequences_in_articles_are_shown_not_obeyed(tmp_path: Path) -> None:
    """ANSI/OSC sequences inside a file reach the terminal as visible text."""
    a = tmp_path / "a.txt"
    a.write_text(
        "Rebels took the town \x1b[31mred\x1b[0m on Friday, officials said.\n"
        "\x1b]52;c;aGVsbG8=\x07The OSC line tries the clipboard today.\n"
    )
    b = tmp_path / "b.txt"
    b.write_text("Rebels took the town on Friday, officials said.\n")
    p = run("compare", a, b, "--color", "always")
    assert p.returncode == 0
    assert "\\x1b[" in p.stdout and "\\x1b]52" in p.stdout
    assert "\x1b]" not in p.stdout and "\x1b[31m" not in p.stdout


BAD = {
    "missing": (lambda d: d / "nope.txt", "no such file"),
    "empty": (lambda d: ((d / "e.txt").write_bytes(b"") and d / "e.txt") or d / "e.txt", "empty"),
    "binary": (
        lambda d: (
            (
                (d / "b.txt").write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 8)
                and d / "b.txt"
            )
            or d / "b.txt"
        ),
        "binary",
    ),
    "too-large": (
        lambda d: (
            ((d / "big.txt").write_bytes(b"word " * (1024 * 1024)) and d / "big.txt")
            or d / "big.txt"
        ),
        "limit",
    ),
    "folder": (lambda d: d, "folder"),
    "invalid-utf8-garbage": (
        lambda d: (
            ((d / "g.txt").write_bytes(bytes(range(128, 256)) * 40 + b"\x00") and d / "g.txt")
            or d / "g.txt"
        ),
        "binary",
    ),
}


@pytest.mark.parametrize("make,words", BAD.values(), ids=BAD.keys())
def test_bad_input_exits_2_with_one_line(tmp_path: Path, make, words: str) -> None:
    """Bad input: exit 2, one line on stderr naming the problem, no traceback."""
    p = run("compare", make(tmp_path), IBT)
    assert p.returncode == 2
    lines = p.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("reader: ")
    assert words in lines[0]
    assert "Traceback" not in p.stderr


ACCEPTED = {
    "utf8-bom": "\ufeffRebels took the town on Friday, officials said.\n".encode("utf-8"),
    "utf16": "Rebels took the town on Friday, officials said.\n".encode("utf-16"),
    "crlf": b"Rebels took the town on Friday,\r\nofficials said.\r\n\r\nMore came later.\r\n",
    "cp1252": "\u201cRebels took the town,\u201d officials said on Friday.\n".encode("cp1252"),
    "invalid-utf8-latin": "Rebels took the caf\u00e9 on Friday, officials said.\n".encode(
        "latin-1"
    ),
}


@pytest.mark.parametrize("data", ACCEPTED.values(), ids=ACCEPTED.keys())
def test_other_encodings_are_read(tmp_path: Path, data: bytes) -> None:
    """BOMs, UTF-16, CRLF and cp1252 load; offsets index the decoded text."""
    path = tmp_path / "x.txt"
    path.write_bytes(data)
    p = run("compare", path, path, "--format", "json")
    assert p.returncode == 0, p.stderr
    doc = json.loads(p.stdout)
    assert doc["rows"] and all(r["kind"] == "same" for r in doc["rows"])
    assert doc["rows"][0]["left"][0]["text"].startswith(("Rebels", "\u201cRebels"))


def test_compare_does_not_import_textual() -> None:
    """The command-line comparer never loads the interface toolkit."""
    code = (
        "import sys; from reader.cli import main; "
        f"main(['compare', r'{IBT}', r'{MT}', '--format', 'json']); "
        "sys.stderr.write(str('textual' in sys.modules))"
    )
    p = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60)
    assert p.stderr.strip().endswith("False")


# What a module may import: the interface (reader.ui, Textual) and the command line
# (reader.cli) sit on top; the engine and the renderings of what commands write
# (reader.output) never reach up to them.
UPPER = (
    "[m for m in sys.modules if m.split('.')[0] == 'textual'"
    " or m.split('.')[:2] in (['reader', 'ui'], ['reader', 'cli'])]"
)
"""The Textual, reader.ui and reader.cli modules loaded (an expression run in a child)."""


def test_core_does_not_import_textual() -> None:
    """No module of the engine (reader.core, ingest, align, story, store) or of the
    renderings (reader.output) imports Textual, the interface or the command line."""
    code = (
        "import pkgutil, importlib, sys\n"
        "for pkg in ('reader.core', 'reader.ingest', 'reader.align', 'reader.story',"
        " 'reader.store', 'reader.output'):\n"
        "    p = importlib.import_module(pkg)\n"
        "    for m in pkgutil.iter_modules(p.__path__): importlib.import_module(pkg + '.' + m.name)\n"
        f"print(sorted({UPPER}))"
    )
    p = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60)
    assert p.stdout.strip() == "[]", p.stdout + p.stderr


def _imports(path: Path) -> set[str]:
    """Every module a file imports, at its top or inside a function."""
    names: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module:
            names.add(node.module)
            names.update(f"{node.module}.{alias.name}" for alias in node.names)
    return names


def _upper(module: str) -> bool:
    """Textual, reader.ui or reader.cli, or a module of one of them."""
    parts = module.split(".")
    return parts[0] == "textual" or parts[:2] in (["reader", "ui"], ["reader", "cli"])


def test_output_never_imports_the_interface_or_the_commands() -> None:
    """reader/output renders what the commands write: not one of its lines, at import time
    or in a function, imports Textual, reader.ui or reader.cli (ui -> output, never back)."""
    files = sorted((ROOT / "reader" / "output").glob("*.py"))
    assert files
    for path in files:
        found = {n for n in _imports(path) if _upper(n)}
        assert not found, f"reader/output/{path.name} imports {sorted(found)}"


def test_commands_load_textual_only_to_open_the_reader() -> None:
    """Importing reader.cli and its command modules (but open.py, `reader PATH...`, which
    runs the interface) imports neither Textual nor reader.ui, and no command's --help
    does either: the interface is imported only when it is about to run."""
    code = (
        "import contextlib, importlib, io, pkgutil, sys\n"
        "import reader.cli as cli\n"
        "for m in pkgutil.iter_modules(cli.__path__):\n"
        "    if m.name != 'open': importlib.import_module('reader.cli.' + m.name)\n"
        "for argv in (['--help'], *([word, '--help'] for word in cli.COMMANDS)):\n"
        "    with contextlib.redirect_stdout(io.StringIO()), contextlib.suppress(SystemExit):\n"
        "        cli.main(argv)\n"
        "print(sorted(m for m in sys.modules"
        " if m.split('.')[0] == 'textual' or m.split('.')[:2] == ['reader', 'ui']))"
    )
    p = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60)
    assert p.stdout.strip() == "[]", p.stdout + p.stderr


def test_every_command_is_a_module_with_parser_and_run() -> None:
    """The dispatch table's contract: each command's module has `parser()` (whose program
    name is the command) and `run(args)`, and the overview and epilog of `reader --help`
    name every command."""
    import importlib

    from reader.cli import COMMANDS, DESCRIPTION, EPILOG, OPEN

    for word, command in {"": OPEN, **COMMANDS}.items():
        module = importlib.import_module(f"reader.cli.{command.module}")
        assert callable(module.run)
        assert module.parser().prog == f"reader {word}".strip()
        assert f"  {command.usage} " in DESCRIPTION
        if word:
            assert f"'reader {word} --help'" in EPILOG


def test_help_lists_commands() -> None:
    """--help names both ways to run the tool."""
    p = run("--help")
    assert p.returncode == 0
    assert "reader compare LEFT RIGHT" in p.stdout


def test_json_text_writes_no_infinity() -> None:
    """A float that is not finite (a 400-digit number reads as inf) is written as null:
    the document stays strict JSON (RFC 8259) for every command's --format json."""
    from reader.output.comparison import json_text

    doc = {"a": [1.5, float("inf"), (float("-inf"), float("nan"))], "b": {"c": float("inf")}}
    text = json_text(doc)
    assert json.loads(text, parse_constant=lambda name: pytest.fail(name)) == {
        "a": [1.5, None, [None, None]], "b": {"c": None}}  # fmt: skip
