"""`reader compare` text and Markdown wording: counts agree with their number, lists nest."""

from __future__ import annotations

import re
from pathlib import Path

from reader.ingest.article import load_article
from reader.align.compare import compare
from reader.output.comparison import count, to_json, to_markdown, to_text


def _pair(tmp_path: Path, left: str, right: str):  # type: ignore[no-untyped-def]
    (tmp_path / "a.txt").write_text(left, encoding="utf-8")
    (tmp_path / "b.txt").write_text(right, encoding="utf-8")
    return compare(load_article(tmp_path / "a.txt"), load_article(tmp_path / "b.txt"))


ONE = (
    "Officials said {} people were hurt in the town on Monday.\n\n"
    "The mayor said the road will reopen next week.\n"
)


def test_count_wording() -> None:
    assert count(1, "number differs", "numbers differ") == "1 number differs"
    assert count(0, "number differs", "numbers differ") == "0 numbers differ"
    assert count(2, "number differs", "numbers differ") == "2 numbers differ"


def test_one_number_is_singular(tmp_path: Path) -> None:
    c = _pair(tmp_path, ONE.format(300), ONE.format(400))
    for out in (to_text(c), to_markdown(c)):
        assert "1 number differs" in out
        assert "numbers differ" not in out
        assert "0 missing paragraphs" in out


def test_markdown_nested_lines_reach_the_item_content(tmp_path: Path) -> None:
    """CommonMark: a list item's nested blocks start at its content column ('10. ' is 4 wide)."""
    words = ("one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten",
             "eleven", "twelve")  # fmt: skip
    paras = [f"Sentence number {w} says something about the weather in town {w}." for w in words]
    c = _pair(tmp_path, "\n\n".join(paras) + "\n", "\n\n".join(paras) + "\n")
    lines = to_markdown(c).splitlines()
    assert any(line.startswith("12. ") for line in lines)
    width = 0
    for line in lines:
        m = re.match(r"(\d+\. )", line)
        if m:
            width = len(m.group(1))
        elif line.lstrip().startswith("- L:") or line.lstrip().startswith("- R:"):
            assert len(line) - len(line.lstrip()) == width, line


def test_years_are_years_apart_not_a_ratio(tmp_path: Path) -> None:
    """2019 vs 2017: '2 years apart' in text and Markdown, no ratio (null in JSON)."""
    year = (
        "The war began in {} when rebels took the city.\n\nThe mayor said the road will reopen.\n"
    )
    c = _pair(tmp_path, year.format(2019), year.format(2017))
    assert "! number: 2019 vs 2017 (2 years apart)" in to_text(c)
    assert "**number differs:** 2019 vs 2017 (2 years apart)" in to_markdown(c)
    (number,) = [n for row in to_json(c)["rows"] for n in row["numbers"]]
    assert number["kind"] == "year" and number["ratio"] is None
    c = _pair(tmp_path, year.format(2019), year.format(2018))
    assert "(1 year apart)" in to_text(c)
    c = _pair(tmp_path, ONE.format(300), ONE.format(400))
    assert "(\u00d71.33333)" in to_text(c)  # other numbers keep their ratio


def test_merged_row_prints_each_sentence_once(tmp_path: Path) -> None:
    """A changed stretch running from one sentence of a merged row into the next is marked
    in both, and no sentence's text is printed twice (it was, after the first's marks)."""
    from dataclasses import replace

    from reader.core.model import Row, Span, WordOp

    c = _pair(tmp_path, "The mayor opened the bridge on Monday.\n",
              "The mayor opened it. Crowds cheered the new bridge.\n")  # fmt: skip
    right = c.right
    first, second = right.sentences
    # One insertion covering the end of the first sentence and all of the second.
    words = (WordOp("insert", (), (Span(first.end - 3, first.end - 1), Span(second.start, second.end - 1))),)
    row = Row("changed", (0,), (0, 1), 50.0, words)
    merged = replace(c, rows=(row,), missing_in_right=(), missing_in_left=())
    for out in (to_text(merged), to_markdown(merged)):
        assert out.count("Crowds cheered") == 1, out
        assert out.count("The mayor opened") == 2, out  # once per side


def test_missing_paragraphs_are_numbered_among_body_paragraphs(tmp_path: Path) -> None:
    """A wire file's header lines are no paragraphs a reader counts: the missing paragraph
    is numbered as the panes number it."""
    wire = (
        "WIRE NEWS 0412 07/01/00\n\nSHIPPING RULING\n\n"
        "The court ruled on Friday that the ship must stay in port.\n\n"
        "Lawyers for the owners said they would appeal against the ruling.\n\n"
        "The harbour master declined to comment on the case last night.\n"
    )
    paper = "The court ruled on Friday that the ship must stay in port.\n"
    c = _pair(tmp_path, wire, paper)
    body = [p for p in c.left.paragraphs if any(s.paragraph == c.left.paragraphs.index(p)
            for s in c.left.sentences)]  # fmt: skip
    assert len(body) == 3 and len(c.left.paragraphs) > 3
    text = to_text(c)
    assert "¶2: Lawyers for the owners" in text and "¶3: The harbour master" in text
    assert "- ¶2: Lawyers for the owners" in to_markdown(c)


def test_a_changed_row_never_shows_a_score_of_100() -> None:
    """Its words differ, however little: 99.6 is shown as 99; an equal moved row as 100,
    a moved row with a word changed under it."""
    from reader.core.model import Row, Span, WordOp

    assert Row("changed", (0,), (0,), 99.6).shown_score == 99
    assert Row("changed", (0,), (0,), 87.4).shown_score == 87
    assert Row("moved", (0,), (3,), 100.0).shown_score == 100
    said = WordOp("replace", (Span(0, 2),), (Span(0, 2),))
    assert Row("moved", (0,), (3,), 99.7, (said,)).shown_score == 99
