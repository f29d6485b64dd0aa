"""Wire copy as agencies send it, over a named corpus of invented stories.

Each case reproduces a shape seen in real agency copy (paragraph marks, a ruled header
with a slug line, an editor's memo, a byline, a sign-off, TeX-style quotes, hard wraps at
about 75 columns, a continuation page without a headline); the texts are written here.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from reader.ingest.article import body_warnings, load_article
from reader.ingest.newsroom import has_paragraph_marks, marked_paragraphs, slug_date
from reader.ingest.segment import segment

RULE = "  " + "-" * 72
HEADER = f"{RULE}\n\n{RULE}\n\n            09:41 12/03/01: Page 1 (HHH) COURTS Ferry\n{RULE}\n"

WIRE = {
    "headline-byline-signoff": (
        HEADER + "FERRY SKIPPER CLEARED OF NEGLIGENCE<\n"
        "\x19By Jo Marsh, Wire News<\n"
        "\x19A ferry skipper was today cleared of negligence after his boat struck a\n"
        "harbour wall in thick fog, injuring three passengers.<\n"
        "\x19The jury at Exeter Crown Court took less than two hours to reach its\n"
        "verdict.<\n"
        "\x19end<\n\x19\n",
        {
            "title": "FERRY SKIPPER CLEARED OF NEGLIGENCE",
            "byline": "Jo Marsh, Wire News",
            "date": "2001-03-12",
            "sentences": [
                "A ferry skipper was today cleared of negligence after his boat struck a "
                "harbour wall in thick fog, injuring three passengers.",
                "The jury at Exeter Crown Court took less than two hours to reach its verdict.",
            ],
            "boilerplate": ["09:41 12/03/01", "FERRY SKIPPER", "By Jo Marsh", "end"],
        },
    ),
    "memo-above-the-story": (
        HEADER + "(Memo to editors: not for publication. Please note the spelling of Pellow,\n"
        "which was wrong in earlier copy).<\n"
        "\x19HARBOUR MASTER QUITS<\n"
        "\x19The harbour master, Ann Pellow, resigned today after a row over\n"
        "mooring fees.<\n"
        "\x19mfl<\n",
        {
            "title": "HARBOUR MASTER QUITS",
            "sentences": [
                "The harbour master, Ann Pellow, resigned today after a row over mooring fees."
            ],
            "kinds": {"(Memo to editors": "note", "mfl": "sign-off"},
        },
    ),
    "tex-quotes-and-a-quoted-paragraph": (
        HEADER + "\x19The skipper said: ``I could not see the bow. I slowed down at\n"
        "once.''<\n"
        "\x19``We are relieved it is over. We can go back to work now,'' his wife said\n"
        "outside court.<\n"
        "\x19end<\n",
        {
            "sentences": [
                "The skipper said: \u201cI could not see the bow.",
                "I slowed down at once.\u201d",
                "\u201cWe are relieved it is over.",
                "We can go back to work now,\u201d his wife said outside court.",
            ],
            "norms": ["i slowed down at once"],
        },
    ),
    "continuation-page-without-headline": (
        HEADER.replace("Page 1", "Page 2")
        + "The judge said the crew had followed every procedure that night and\n"
        "could not be blamed for the weather.<\n"
        "\x19The case was adjourned until tomorrow.<\n"
        "\x19ends<\n",
        {
            "title": None,
            "sentences": [
                "The judge said the crew had followed every procedure that night and could not "
                "be blamed for the weather.",
                "The case was adjourned until tomorrow.",
            ],
        },
    ),
}


def _article(tmp_path: Path, text: str) -> object:
    path = tmp_path / "wire.txt"
    path.write_bytes(text.encode("latin-1"))
    return load_article(path)


@pytest.mark.parametrize("text,expected", WIRE.values(), ids=WIRE.keys())
def test_wire_copy(tmp_path: Path, text: str, expected: dict) -> None:
    """Body sentences, metadata and boilerplate of each wire-copy shape."""
    article = _article(tmp_path, text)
    assert [s.text for s in article.sentences] == expected["sentences"]
    for s in article.sentences:  # offsets point into the file, marks excluded
        source = article.text[s.start : s.end]
        assert source == source.strip() and "\x19" not in source and not source.endswith("<")
    if "title" in expected:
        assert article.metadata.title == expected["title"]
    for field in ("byline", "date"):
        if field in expected:
            assert getattr(article.metadata, field) == expected[field]
    furniture = [article.text[b.start : b.end] for b in article.boilerplate]
    for piece in expected.get("boilerplate", []):
        assert any(piece in f for f in furniture), piece
    for start, kind in expected.get("kinds", {}).items():
        para = next(p for p in article.paragraphs if article.text[p.start :].startswith(start))
        assert para.boilerplate == kind
    norms = [s.norm for s in article.sentences]
    for norm in expected.get("norms", []):
        assert norm in norms
    assert not body_warnings(article)


def test_marks_decide_paragraphs_whatever_the_line_breaks() -> None:
    """A file with paragraph marks is cut at the marks, not at its hard line breaks."""
    text = "\x19First line of a paragraph that goes on\nover a second line.<\n\x19Second.<\n"
    assert has_paragraph_marks(text)
    spans = marked_paragraphs(text)
    assert [text[a:b] for a, b in spans] == [
        "First line of a paragraph that goes on\nover a second line.",
        "Second.",
    ]


def test_unmarked_text_is_not_taken_for_wire_copy() -> None:
    """One '<' in running text is not a paragraph mark."""
    assert not has_paragraph_marks("Prices were < 5% higher.\nNothing else changed.\n")


@pytest.mark.parametrize(
    "line,expected",
    [
        ("09:41 12/03/01: Page 1 (HHH) COURTS Ferry", "2001-03-12"),
        ("23:05 31/12/99: Page 4 (HHH) SHOWBIZ Band", "1999-12-31"),
        ("09:41 12/13/01: Page 1 (HHH) COURTS Ferry", None),
        ("The ferry left at 09:41 on 12/03/01 with forty people on board.", None),
    ],
)
def test_slug_date(line: str, expected: str | None) -> None:
    """The slug line's date, day first; a sentence with a time and a date is no slug."""
    assert slug_date(line) == expected


def test_dateline_alone_on_its_line_is_boilerplate() -> None:
    """An agency dateline standing on its own line is furniture, not a sentence."""
    text = "WASHINGTON \u2014\n\nThe Senate passed the measure on a vote of 52 to 48 on Friday.\n"
    seg = segment(text)
    assert [s.text for s in seg.sentences] == [
        "The Senate passed the measure on a vote of 52 to 48 on Friday."
    ]
    assert seg.paragraphs[0].boilerplate == "dateline"


def test_headline_shapes_above_the_body() -> None:
    """A headline ending with '?' or '!', or in title case with a full stop, is a title."""
    for headline in (
        "Will the Ferry Ever Sail Again?",
        "Skipper to court: I could not see a thing!",
        "Harbour Board Backs Plan for New Pier in St. Ives.",
    ):
        seg = segment(f"{headline}\n\nThe harbour board met on Monday and backed the plan.\n")
        assert seg.paragraphs[0].boilerplate == "title", headline
        assert len(seg.sentences) == 1


def test_an_all_caps_headline_is_the_title(tmp_path: Path) -> None:
    """Plain text under an ALL-CAPS headline: the headline is the title, not a sentence."""
    text = (
        "PIER TO REOPEN AFTER REPAIRS\n\n"
        "The pier will reopen in May after repairs costing two million pounds, the\n"
        "council said last night.\n"
    )
    article = _article(tmp_path, text)
    assert article.metadata.title == "PIER TO REOPEN AFTER REPAIRS"
    assert [s.text for s in article.sentences] == [
        "The pier will reopen in May after repairs costing two million pounds, the council "
        "said last night."
    ]


def test_news_prose_mentioning_adverts_is_body() -> None:
    """Vocabulary alone does not make a paragraph of running prose an advert."""
    text = (
        "The campaign released a new advertisement on Tuesday that will run in three states, "
        "and aides said the deal with the network was worth more than the last one.\n\n"
        "Shop now, limited offer!\n"
    )
    seg = segment(text)
    assert seg.paragraphs[0].boilerplate is None
    assert seg.paragraphs[1].boilerplate == "ad"


THIN = (
    HEADER + "FERRY SKIPPER CLEARED<\n\x19By Jo Marsh, Wire News<\n"
    "\x19Copyright 2001 Wire News. All rights reserved.<\n\x19end<\n"
)


def test_a_file_without_body_says_so(tmp_path: Path) -> None:
    """No body sentence: the article carries a notice, never a silent empty body."""
    article = _article(tmp_path, THIN)
    assert article.sentences == ()
    assert body_warnings(article) and "none found" in body_warnings(article)[0]


def test_an_advisory_without_body_has_no_headline_of_its_sign_off(tmp_path: Path) -> None:
    """An editor's advisory (a memo and a sign-off, no story) reads as furniture and says
    so; its closing 'end' is a sign-off, not the headline the labels would show."""
    article = _article(tmp_path, HEADER + "(ATTENTION NEWS EDITORS: not for publication. No link\n"
                       "should be drawn between the two cases.)<\n\x19end<\n\x19\n")  # fmt: skip
    assert article.sentences == ()
    assert [p.boilerplate for p in article.paragraphs][-2:] == ["note", "sign-off"]
    assert article.metadata.title is None
    assert "none found" in body_warnings(article)[0]


def test_a_correction_to_the_desks_is_not_article_text(tmp_path: Path) -> None:
    """A wire correction ('In 1 COURTS Ferry, timed about 0941, please read in second par
    ...') instructs editors: furniture, and the file says it has no article text."""
    article = _article(tmp_path, HEADER.replace("Ferry", "Ferry Correction")
                       + "In 1 COURTS Ferry, timed about 0941, please read in second par ``...\n"
                       "cleared at 4.15pm on Monday...'' correcting time.<\n\x19end\n")  # fmt: skip
    assert article.sentences == ()
    assert "note" in [p.boilerplate for p in article.paragraphs]
    assert "none found" in body_warnings(article)[0]


def test_a_mostly_boilerplate_file_says_so(tmp_path: Path) -> None:
    """A body of a few words under a long block of furniture is reported."""
    furniture = "\n\n".join(f"Share on Facebook Share on Twitter {i}" for i in range(12))
    article = _article(tmp_path, f"{furniture}\n\nThe pier reopened today.\n")
    assert len(article.sentences) == 1
    assert body_warnings(article) and "mostly boilerplate" in body_warnings(article)[0]


def test_compare_and_report_warn_on_stderr(tmp_path: Path) -> None:
    """`reader compare` and `reader report` print one warning line per thin file."""
    (tmp_path / "thin.txt").write_text(THIN, encoding="latin-1")
    (tmp_path / "full.txt").write_text(WIRE["headline-byline-signoff"][0], encoding="latin-1")
    compare = subprocess.run(
        [sys.executable, "-m", "reader", "compare", "thin.txt", "full.txt", "--format", "json"],
        cwd=tmp_path, capture_output=True, text=True, timeout=120,
    )  # fmt: skip
    assert compare.returncode == 0
    lines = compare.stderr.splitlines()
    assert len(lines) == 1 and "thin.txt" in lines[0] and "warning" in lines[0]
    report = subprocess.run(
        [sys.executable, "-m", "reader", "report", ".", "--format", "json"],
        cwd=tmp_path, capture_output=True, text=True, timeout=120,
    )  # fmt: skip
    assert report.returncode == 0
    assert [line for line in report.stderr.splitlines() if "thin.txt" in line]


def test_terminal_escapes_are_text_not_paragraph_marks() -> None:
    """ESC, BEL and backspace begin terminal sequences a file must show: they never open
    or cut a paragraph, so the sentence keeps them (the interface shows them as escapes)."""
    from reader.ingest.segment import segment

    text = "Officials printed an escape here: \x1b[31mred\x1b[0m and a bell \x07 too.\n" * 2
    sentences = [s.text for s in segment(text).sentences]
    assert sentences == ["Officials printed an escape here: \x1b[31mred\x1b[0m and a bell \x07 too."] * 2


def test_slug_words_keep_the_story_and_drop_the_furniture() -> None:
    """A slug line gives the desk and catch-words its story was filed under, run-together
    catch-words parted at their capitals (never into pieces under three letters)."""
    from reader.ingest.newsroom import slug_words

    assert slug_words("  23:36 14/07/99: Page 1 (HHH) SHOWBIZ RoyalGala") == "SHOWBIZ Royal Gala"
    assert slug_words("21:44 14/12/99: Page 2 (HHH) SHOWBIZ McKenzie Internet") == (
        "SHOWBIZ McKenzie Internet")  # fmt: skip
    assert slug_words("The council met on Monday.") == ""


def test_a_wire_continuation_page_is_grouped_by_its_slug_not_its_furniture() -> None:
    """Short pages of wire copy share rule lines, slugs and sign-offs whatever their story;
    grouping reads their catch-words and body, never that furniture."""
    from pathlib import Path

    from reader.core.model import Article, Metadata
    from reader.ingest.segment import segment
    from reader.story.evidence import article_text

    rule = "  " + "-" * 60
    text = (f"{rule}\n\n{rule}\n\n   21:44 14/12/99: Page 2 (HHH) SHOWBIZ RoyalGala\n{rule}\n"
            "The guests left the hall after midnight.<\n\x19mfl<\n")  # fmt: skip
    seg = segment(text)
    page = Article(Path("p.txt"), text, Metadata(), seg.paragraphs, seg.sentences, seg.boilerplate)
    read = article_text(page)
    assert "Royal Gala" in read and "guests left the hall" in read
    assert "----" not in read and "21:44" not in read and "mfl" not in read


def test_hash_for_pound_matches_the_pound_sign(tmp_path: Path) -> None:
    """Wire copy that writes '#' for '£' matches a paper's '£' sentence as the same words:
    the row is 'same', not 'changed' with nothing to show."""
    from reader.align.compare import compare

    (tmp_path / "wire.txt").write_text(
        "The owner has spent getting on for #750,000 trying to stop the case.\n\n"
        "The hearing is set for next month.\n", encoding="utf-8")  # fmt: skip
    (tmp_path / "paper.txt").write_text(
        "The owner has spent getting on for £750,000 trying to stop the case.\n", "utf-8"
    )
    wire = load_article(tmp_path / "wire.txt")
    assert "£750000" in wire.sentences[0].norm
    c = compare(wire, load_article(tmp_path / "paper.txt"))
    assert [r.kind for r in c.rows if r.left and r.right] == ["same"]
    # A file that also has '£' keeps its '#' as written.
    mixed = segment("Tickets cost £5 and #2 was the winner.\n")
    assert "£" not in mixed.sentences[0].norm.replace("£5", "")
