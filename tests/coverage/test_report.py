"""`reader report`: JSON findings, a well-formed self-contained HTML page, Markdown, notes."""

from __future__ import annotations

import json
import re
from html.parser import HTMLParser
from pathlib import Path

import pytest

from reader.ingest.article import load_article
from reader.core.errors import ReaderError
from reader.cli.report import parser as report_parser
from reader.cli.report import run as run_report
from reader.store.annotations import SIDECAR_NAME, NoteStore
from reader.store.codec import Target

SABAH = "001_ed291552c9638a97.txt"
EVIL = """\
A headline

Officials said <script>alert("owned")</script> & <b>nothing</b> happened at the "plant".

The <img src=x onerror=alert(1)> spokesman added that 40% of staff were sent home.
"""
VOID = {"meta", "br", "hr", "img", "link", "input", "col", "wbr", "area", "base", "source"}


def report(folder: Path, fmt: str, tmp_path: Path) -> str:
    out = tmp_path / f"report.{fmt}"
    assert run_report(report_parser().parse_args([str(folder), "--format", fmt,
                                                  "--output", str(out)])) == 0  # fmt: skip
    return out.read_text(encoding="utf-8")


class Checker(HTMLParser):
    """Records tags and text, and whether every element is closed in order."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.stack: list[str] = []
        self.tags: list[tuple[str, dict[str, str | None]]] = []
        self.text: list[str] = []
        self.errors: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, dict(attrs)))
        if tag not in VOID:
            self.stack.append(tag)

    def handle_endtag(self, tag: str) -> None:
        if not self.stack or self.stack[-1] != tag:
            self.errors.append(f"</{tag}> closes {self.stack[-1:]}")
        else:
            self.stack.pop()

    def handle_data(self, data: str) -> None:
        self.text.append(data)


def parsed(html: str) -> Checker:
    checker = Checker()
    checker.feed(html)
    checker.close()
    assert checker.errors == [] and checker.stack == []
    return checker


def test_json_lists_the_civilians_discrepancy(seeds_dir: Path, tmp_path: Path) -> None:
    """One story; its numbers list 3,000 vs 300,000 (and half a million) flagged; the
    pre-war population fact is carried by 001 alone."""
    doc = json.loads(report(seeds_dir, "json", tmp_path))
    (story,) = doc["stories"]
    assert len(story["articles"]) == 5
    civilians = next(n for n in story["numbers"] if n["quantity"] == "civilians")
    assert civilians["differs"] is True
    assert {"3,000", "300,000"} <= set(civilians["values"].values())
    prewar = next(f for f in story["facts"] if "prewar population" in f["text"])
    assert prewar["outlets"] == 1 and prewar["cells"][SABAH]["kind"] == "only"
    assert story["origin"]["guess"] is True and story["origin"]["reasons"]
    assert len(story["pairs"]) == 10
    differing = [d for p in story["pairs"] for d in p["differences"] if d["numbers"]]
    assert any("3,000" in (n["left"], n["right"]) for d in differing for n in d["numbers"])
    assert doc["notes"]["status"] == "none" and story["notes"] == []


def test_a_fact_is_stated_in_the_likely_originals_words(seeds_dir: Path, tmp_path: Path) -> None:
    """The report words a fact as the overview does: as the likely original has it when
    it carries the fact (not as whichever outlet comes first in the story)."""
    doc = json.loads(report(seeds_dir, "json", tmp_path))
    (story,) = doc["stories"]
    origin = story["origin"]["article"]
    carried = [f for f in story["facts"] if f["cells"][origin]["sentences"]]
    assert carried and all(f["first"] == origin for f in carried)
    moved = [
        f for f in carried if next(n for n, c in f["cells"].items() if c["sentences"]) != origin
    ]
    assert moved  # facts whose first carrier in story order is another outlet
    markdown = re.sub(r"\\(.)", r"\1", report(seeds_dir, "markdown", tmp_path))  # unescaped
    assert all(f["text"][:40] in markdown for f in moved)


def test_json_on_a_mixed_folder(mixed_dir: Path, tmp_path: Path) -> None:
    """Four stories: the seeds, the rate decision, the transfer, the weather item."""
    doc = json.loads(report(mixed_dir, "json", tmp_path))
    groups = sorted(sorted(s["articles"]) for s in doc["stories"])
    assert len(groups) == 4
    assert ["bank_a.txt", "bank_b.txt"] in groups and ["weather.txt"] in groups
    seeds = next(s for s in doc["stories"] if SABAH in s["articles"])
    assert len(seeds["articles"]) == 5


def test_html_is_well_formed_self_contained_and_escaped(seeds_dir: Path, tmp_path: Path) -> None:
    """The page parses with every element closed, holds the coverage and numbers tables,
    loads nothing, runs nothing, and shows the article's markup as text."""
    # Two copies: a story of one article has no coverage table to show its text in.
    for name in ("evil.txt", "evil-copy.txt"):
        (seeds_dir / name).write_text(EVIL, encoding="utf-8")
    html = report(seeds_dir, "html", tmp_path)
    page = parsed(html)
    tags = [t for t, _ in page.tags]
    assert "script" not in tags and "img" not in tags
    assert ("table", {"class": "coverage"}) in page.tags
    assert ("table", {"class": "numbers"}) in page.tags
    assert all(not any(k == "src" or k.startswith("on") for k in attrs) for _, attrs in page.tags)
    assert all(not (attrs.get("href") or "#").startswith(("http", "//"))
               for _, attrs in page.tags)  # fmt: skip
    text = "".join(page.text)
    assert '<script>alert("owned")</script>' in text and "<img src=x" in text
    assert "@media print" in text and "<link" not in html
    assert 'class="hl"' in html  # highlighted with the news lexer
    assert "300,000" in text and "3,000" in text


def test_markdown_has_the_tables(seeds_dir: Path, tmp_path: Path) -> None:
    """Coverage, numbers and pair tables; article markup escaped."""
    # Two copies: a story of one article has no coverage table to show its text in.
    for name in ("evil.txt", "evil-copy.txt"):
        (seeds_dir / name).write_text(EVIL, encoding="utf-8")
    md = report(seeds_dir, "markdown", tmp_path)
    assert "### Coverage" in md and "### Numbers" in md and "| civilians |" in md
    assert "<script>" not in md and "\\<script\\>" in md
    assert "no notes" in md


def test_notes_are_listed(seeds_dir: Path, tmp_path: Path) -> None:
    """A note from the sidecar appears with its text, tags and quote."""
    article = load_article(seeds_dir / SABAH)
    s = article.sentences[0]
    NoteStore.open(seeds_dir).add("Check the <b>source</b>", [Target.of(article, s.start, s.end)],
                                  tags=["needs-source"])  # fmt: skip
    doc = json.loads(report(seeds_dir, "json", tmp_path))
    (note,) = doc["stories"][0]["notes"]
    assert note["text"] == "Check the <b>source</b>" and note["tags"] == ["needs-source"]
    assert note["quotes"] == [article.text[s.start : s.end]]
    html = report(seeds_dir, "html", tmp_path)
    assert "Check the &lt;b&gt;source&lt;/b&gt;" in html and "#needs-source" in html


def test_unreadable_notes_do_not_fail_the_report(seeds_dir: Path, tmp_path: Path) -> None:
    """A corrupt sidecar: the report is written and says the notes file is unreadable."""
    (seeds_dir / SIDECAR_NAME).write_text("{not json", encoding="utf-8")
    md = report(seeds_dir, "markdown", tmp_path)
    assert "notes file unreadable" in md
    doc = json.loads(report(seeds_dir, "json", tmp_path))
    assert doc["notes"]["status"] == "unreadable" and doc["notes"]["message"]
    assert (seeds_dir / SIDECAR_NAME).read_text(encoding="utf-8") == "{not json"


def test_stdout_format_from_suffix_and_errors(
    seeds_dir: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """Markdown on stdout by default; the format follows --output's suffix; an unwritable
    output, or a folder without readable articles, is a one-line ReaderError."""
    assert run_report(report_parser().parse_args([str(seeds_dir)])) == 0
    assert capsys.readouterr().out.startswith("# Report:")
    out = tmp_path / "r.html"
    run_report(report_parser().parse_args([str(seeds_dir), "-o", str(out)]))
    assert out.read_text(encoding="utf-8").startswith("<!DOCTYPE html>")
    with pytest.raises(ReaderError, match="cannot write the report"):
        run_report(report_parser().parse_args([str(seeds_dir), "-o", str(tmp_path / "no" / "x")]))
    empty = tmp_path / "empty"
    empty.mkdir()
    (empty / "blank.txt").write_text("   \n", encoding="utf-8")
    with pytest.raises(ReaderError, match="no article could be read"):
        run_report(report_parser().parse_args([str(empty)]))


def test_unreadable_file_is_skipped_with_a_line(seeds_dir: Path, tmp_path: Path) -> None:
    """A binary file among the articles is listed as skipped; the rest is reported."""
    (seeds_dir / "broken.txt").write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00")
    doc = json.loads(report(seeds_dir, "json", tmp_path))
    assert any("broken.txt" in line for line in doc["skipped"])
    assert len(doc["stories"][0]["articles"]) == 5


def test_same_file_name_twice_is_skipped(seeds_dir: Path, tmp_path: Path) -> None:
    """Two files with one name (from two folders): the second is skipped with a line,
    since the report knows articles by file name."""
    other = tmp_path / "other"
    other.mkdir()
    (other / SABAH).write_text("Something else entirely.\n", encoding="utf-8")
    out = tmp_path / "r.json"
    run_report(report_parser().parse_args([str(seeds_dir / SABAH), str(other / SABAH),
                                           "-o", str(out)]))  # fmt: skip
    doc = json.loads(out.read_text(encoding="utf-8"))
    assert [s["articles"] for s in doc["stories"]] == [[SABAH]]
    assert any("another article is named" in line for line in doc["skipped"])


def test_core_modules_never_import_textual() -> None:
    """Stories, coverage and the report renderers run without Textual."""
    import subprocess
    import sys

    code = (
        "import sys, reader.story.stories, reader.story.coverage, reader.output.report, "
        "reader.cli.report; assert 'textual' not in sys.modules"
    )
    subprocess.run([sys.executable, "-c", code], check=True)


def test_notes_show_how_their_quote_sits_now(seeds_dir: Path, tmp_path: Path) -> None:
    """A note whose passage is gone says 'not found in the current text', one whose passage
    was re-anchored fuzzily says 'text changed', in every format (as `reader notes` does)."""
    article = load_article(seeds_dir / SABAH)
    first, second = article.sentences[0], article.sentences[1]
    store = NoteStore.open(seeds_dir)
    store.add("gone", [Target.of(article, first.start, first.end)])
    store.add("edited", [Target.of(article, second.start, second.end)])
    text = article.text
    words = text[second.start : second.end].split()
    edited = " ".join([*words[:-2], "changed", *words[-1:]])
    path = seeds_dir / SABAH
    path.chmod(0o644)
    path.write_text(
        text[: first.start] + text[first.end : second.start] + edited + text[second.end :], "utf-8"
    )
    doc = json.loads(report(seeds_dir, "json", tmp_path))
    status = {n["text"]: n["quote_status"] for n in doc["stories"][0]["notes"]}
    assert status == {"gone": ["not found in the current text"], "edited": ["text changed"]}
    md = report(seeds_dir, "markdown", tmp_path)
    assert "(not found in the current text)" in md and "(text changed)" in md
    html = report(seeds_dir, "html", tmp_path)
    assert "(not found in the current text)" in html and "(text changed)" in html


@pytest.mark.parametrize("fmt", ["html", "markdown"])
def test_article_texts_are_gathered_once_per_report(
    mixed_dir: Path, tmp_path: Path, fmt: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The texts that notes are placed against are gathered once, not once per story (or
    per note): 10,000 one-line files took two minutes to write as HTML."""
    import reader.output.report as report_module

    calls: list[int] = []
    real = report_module._articles
    monkeypatch.setattr(report_module, "_articles", lambda r: (calls.append(1), real(r))[1])
    report(mixed_dir, fmt, tmp_path)
    assert len(calls) == 1
