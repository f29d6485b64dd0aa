"""`reader notes PATH`: the export in JSON, CSV and Markdown, empty and broken sidecars."""

from __future__ import annotations

import csv
import io
import json
import subprocess
import sys
from pathlib import Path

import pytest

from reader.cli import main as reader_main
from reader.cli.notes import CSV_COLUMNS
from reader.cli.notes import parser as notes_parser
from reader.cli.notes import run as run_notes
from reader.ingest.article import load_article
from reader.store import SIDECAR_NAME, NoteStore, Target

IBT, MT = "000_9df743b66480a7ad.txt", "002_9f6a1060a2f4700f.txt"


@pytest.fixture
def noted(seeds_dir: Path) -> Path:
    """The seed folder with a pair note, a number note, and one note on an edited article."""
    ibt, mt = load_article(seeds_dir / IBT), load_article(seeds_dir / MT)
    a, b = ibt.text.index("forced over 3,000"), mt.text.index("forced over 300,000")
    store = NoteStore.open(seeds_dir)
    store.add("IBTimes dropped two zeros", [Target.of(ibt, a, a + 17), Target.of(mt, b, b + 19)],
              tags=["discrepancy"])  # fmt: skip
    store.add("", [Target.of(mt, b + 12, b + 19)], tags=["verified"])
    first = ibt.sentences[0]
    store.add("lede\nsecond line", [Target.of(ibt, first.start, first.end)])
    path = seeds_dir / IBT
    path.chmod(0o644)
    path.write_text(ibt.text.replace("the last opposition", "the final opposition"), "utf-8")
    return seeds_dir


def export(path: Path, fmt: str, capsys: pytest.CaptureFixture[str]) -> str:
    """What `reader notes PATH --format FMT` prints."""
    assert run_notes(notes_parser().parse_args([str(path), "--format", fmt])) == 0
    return capsys.readouterr().out


def test_json_lists_notes_quotes_metadata_and_status(
    noted: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """JSON: every note with its targets, article metadata and how each was placed."""
    doc = json.loads(export(noted, "json", capsys))
    assert doc["count"] == 3 and doc["orphans"] == 0
    pair, number, lede = doc["notes"]
    assert pair["text"] == "IBTimes dropped two zeros" and pair["tags"] == ["discrepancy"]
    left, right = pair["targets"]
    assert (left["source"], left["outlet"], left["quote"]) == (IBT, "IBTimes", "forced over 3,000")
    assert left["title"].startswith("Russian Special Forces")
    assert (right["outlet"], right["date"]) == ("themoscowtimes.com", "2019-07-18")
    assert right["status"] == "exact" and right["current"] == "forced over 300,000"
    assert number["targets"][0]["quote"] == "300,000" and number["tags"] == ["verified"]
    (target,) = lede["targets"]
    assert target["status"] == "fuzzy" and "final opposition" in target["current"]
    assert target["quote"] != target["current"]
    assert left["status"] == "moved"  # "last" -> "final" shifted it by one character
    assert left["start"] == left["saved_start"] + 1


def test_csv_has_one_row_per_target(noted: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """CSV: a header, then a row per passage; multi-line notes stay one field."""
    rows = list(csv.DictReader(io.StringIO(export(noted, "csv", capsys))))
    assert len(rows) == 4 and tuple(rows[0]) == CSV_COLUMNS
    assert [r["target"] for r in rows] == ["1", "2", "1", "1"]
    assert rows[3]["note"] == "lede\nsecond line" and rows[3]["status"] == "fuzzy"
    assert rows[2]["tags"] == "verified" and rows[2]["date"] == "2019-07-18"


def test_markdown_is_readable(noted: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """Markdown: a section per note with tags, the outlet, the whole sentence with the
    noted passage marked, the article and the status."""
    out = export(noted, "markdown", capsys)
    assert out.startswith("# Notes: articles\n\n3 notes, 0 passages not found")
    assert "`discrepancy`" in out
    assert "has forced over **300,000** civilians to flee" in out  # the sentence, figure marked
    assert f"- **IBTimes** ({IBT} - Russian Special Forces" in out and ": fuzzy, " in out
    assert "> Kremlin has deployed special forces" in out and "as noted: " in out


def test_orphans_are_listed_with_their_quote(
    noted: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """A changed number orphans the note; the export still lists it with the quote."""
    path = noted / MT
    path.chmod(0o644)
    path.write_text(path.read_text("utf-8").replace("300,000", "30,000"), "utf-8")
    doc = json.loads(export(noted, "json", capsys))
    assert doc["orphans"] == 2
    orphan = doc["notes"][1]["targets"][0]
    assert orphan["status"] == "orphan" and orphan["quote"] == "300,000"
    assert orphan["start"] is None and orphan["current"] is None
    assert (
        f"- **themoscowtimes.com** ({MT} - Russia Has Deployed Ground Forces in Idlib, "
        "Syrian Rebels Say - 2019-07-18): orphan, not found now\n  > 300,000\n"
        in export(noted, "markdown", capsys)
    )


def test_one_article_file_exports_its_notes_only(
    noted: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """PATH may be an article file: only notes touching it are listed."""
    doc = json.loads(export(noted / MT, "json", capsys))
    assert doc["count"] == 2


@pytest.mark.parametrize("fmt", ["json", "csv", "markdown"])
def test_folder_without_sidecar_gives_an_empty_export(
    seeds_dir: Path, capsys: pytest.CaptureFixture[str], fmt: str
) -> None:
    """No sidecar, no notes: an empty export and exit 0."""
    out = export(seeds_dir, fmt, capsys)
    expected = {"json": '"notes": []', "csv": ",".join(CSV_COLUMNS) + "\n", "markdown": "No notes."}
    assert expected[fmt] in out
    assert not (seeds_dir / SIDECAR_NAME).exists()


def test_unreadable_sidecar_is_one_line_and_exit_2(
    seeds_dir: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """A broken sidecar: `reader: ...` on stderr, nothing on stdout, exit 2, file kept."""
    (seeds_dir / SIDECAR_NAME).write_bytes(b"{oops")
    assert reader_main(["notes", str(seeds_dir), "--format", "json"]) == 2
    out, err = capsys.readouterr()
    assert out == "" and err.startswith("reader: ") and err.count("\n") == 1
    assert "not valid JSON" in err and (seeds_dir / SIDECAR_NAME).read_bytes() == b"{oops"
    assert reader_main(["notes", str(seeds_dir / "missing")]) == 2


def test_export_runs_without_textual(noted: Path) -> None:
    """The export and the store never import Textual (a separate process to be sure)."""
    code = (
        "import sys; from reader.cli import main;"
        "code = main(['notes', sys.argv[1], '--format', 'csv']);"
        "assert 'textual' not in sys.modules, 'textual imported'; sys.exit(code)"
    )
    p = subprocess.run([sys.executable, "-c", code, str(noted)], capture_output=True, text=True,
                       timeout=60)  # fmt: skip
    assert p.returncode == 0, p.stderr
    assert p.stdout.startswith("note_id,created,")


def test_one_orphan_is_singular(noted: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """Markdown: '1 passage not found', not '1 passages'."""
    path = noted / IBT
    path.write_text(
        path.read_text("utf-8").replace("forced over 3,000", "forced over 4,000"), "utf-8"
    )
    out = export(noted, "markdown", capsys)
    assert "3 notes, 1 passage not found in the current text." in out


@pytest.mark.parametrize("lead", ["=", "+", "-", "@"])
def test_csv_cells_are_never_formulas(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], lead: str
) -> None:
    """CSV (OWASP CSV injection): a text cell starting with = + - @ gets a leading
    quote, so a spreadsheet shows it as text; the note, tags and quotes alike."""
    (tmp_path / "a.txt").write_text(
        f"{lead}1+2 is what the minister wrote. Nothing else.\n", "utf-8"
    )
    article = load_article(tmp_path / "a.txt")
    end = article.text.index(" is")
    NoteStore.open(tmp_path).add(f'{lead}HYPERLINK("http://x","y")', [Target.of(article, 0, end)],
                                 tags=[f"{lead}tag"])  # fmt: skip
    (row,) = list(csv.DictReader(io.StringIO(export(tmp_path, "csv", capsys))))
    assert row["note"] == f'\'{lead}HYPERLINK("http://x","y")'
    assert row["tags"] == f"'{lead}tag"
    assert row["quote"] == f"'{lead}1+2" and row["current"] == f"'{lead}1+2"
    for value in row.values():
        assert not value or value[0] not in "=+-@"
