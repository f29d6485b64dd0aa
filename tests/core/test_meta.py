"""Metadata inferred from an article's furniture: the headline among the lines above it."""

from __future__ import annotations

from pathlib import Path

import pytest

from reader.ingest.article import load_article
from reader.ingest.meta import _headline


def test_a_line_printed_twice_is_the_headline() -> None:
    assert _headline(["Markets today", "Storm hits coast", "Storm hits coast"]) == (
        "Storm hits coast"
    )


def test_a_teaser_of_several_sentences_is_not_the_headline() -> None:
    teaser = "All eyes on Acme, up 4% after earnings. Our AI picked it. Which stocks next?"
    assert _headline([teaser, "Storm hits northern coast"]) == "Storm hits northern coast"


def test_the_first_line_when_nothing_tells_them_apart() -> None:
    assert _headline(["Storm hits coast", "Power cut in the north"]) == "Storm hits coast"
    assert _headline(["Up 4%. Then down."]) == "Up 4%. Then down."
    assert _headline([]) is None


def test_a_date_alone_or_an_initial_does_not_decide_the_headline() -> None:
    """'APR 28' above a headline is a dateline; 'M.' in a name ends no sentence."""
    assert _headline(["APR 28", "Agency restores the species rules"]) == (
        "Agency restores the species rules"
    )
    assert _headline(["Sept. 3, 2009"]) is None
    assert _headline(["CHARLES M. SCHULZ TO RETIRE", "Cartoonist steps down"]) == (
        "CHARLES M. SCHULZ TO RETIRE"
    )


def test_a_crosshead_inside_the_story_is_not_its_title(tmp_path: Path) -> None:
    """A tabloid's one-word crosshead between body paragraphs is a heading of the body;
    with no line above the story, the article has no title (labels use the file name)."""
    path = tmp_path / "paper.txt"
    path.write_text(
        "SOAP star Jo Marsh was treated in hospital for exhaustion, she revealed yesterday.\n\n"
        "The actress, 26, said she had worked seven days a week for a year.\n\n"
        "Brave\n\n"
        "She told viewers she was now well and back at work on the set.\n",
        encoding="utf-8",
    )
    article = load_article(path)
    assert [p.boilerplate for p in article.paragraphs] == [None, None, "heading", None]
    assert article.metadata.title is None


def test_an_ad_teaser_above_the_story_is_not_its_title(tmp_path: Path) -> None:
    path = tmp_path / "page.txt"
    path.write_text(
        "Get 40% Off\n"
        "All eyes on Acme, up +4,56% after posting earnings. Our AI picked it in March. "
        "Which stocks will surge next?Unlock AI-picked Stocks\n\n"
        "Storm cuts power to thousands on the coast\n\n"
        "By Jane Doe\n\n"
        "A powerful storm hit the northern coast on Monday night, officials said. "
        "About 3,000 homes lost power.\n",
        encoding="utf-8",
    )
    assert load_article(path).metadata.title == "Storm cuts power to thousands on the coast"


@pytest.mark.parametrize(
    ("head", "h1", "title"),
    [
        ("<title>Rebels say Russia sends troops | Example News</title>",
         "Rebels say Russia sends troops", "Rebels say Russia sends troops"),
        ("<title>Example News - Rebels say Russia sends troops</title>",
         "Rebels say Russia sends troops", "Rebels say Russia sends troops"),
        ('<meta property="og:title" content="Rebels say Russia sends troops \u2014 Example">',
         "Rebels say Russia sends troops", "Rebels say Russia sends troops"),
        ('<meta property="og:title" content="Rebels say Russia sends troops to Idlib">',
         "Rebels say Russia sends troops", "Rebels say Russia sends troops to Idlib"),
        ('<meta property="og:title" content="A different headline">',
         "Rebels say Russia sends troops", "A different headline"),
        # Without og:title, trafilatura takes the <h1> over a differing <title>.
        ("<title>A different headline | Example News</title>",
         "Rebels say Russia sends troops", "Rebels say Russia sends troops"),
        ("", "Rebels say Russia sends troops", "Rebels say Russia sends troops"),
    ],
)  # fmt: skip
def test_html_title_drops_the_site_name_around_the_h1(head: str, h1: str, title: str) -> None:
    """A title that is the <h1> plus a site name gives the <h1>; an og:title that differs
    otherwise is kept."""
    from reader.ingest.html import extract_html

    markup = (
        f"<html><head>{head}</head><body><h1>{h1}</h1>"
        "<p>Body text of the story here.</p></body></html>"
    )
    assert extract_html(markup).metadata["title"] == title


@pytest.mark.parametrize(
    "line,day",
    [
        ("Published on: Tue, 14 Mar 2017 at 10:05 CET", "2017-03-14"),
        ("Last updated on: March 14, 2017 18:20 CET", "2017-03-14"),
        ("Tue Mar 14 2017, 07:41 hrs", "2017-03-14"),
        ("AGN Mar 14, 2017, 06.12AM CET OSLO:", "2017-03-14"),
        ("Posted on March 14, 2017 6:07:15 PM GMT+01: 0", "2017-03-14"),
        ("03/14/17 05:40 PM ET", "2017-03-14"),
        ("7:15 a.m. Mar. 14, 2017", "2017-03-14"),
        ("14 March 2017 @ 09:29 pm", "2017-03-14"),
    ],
)
def test_a_date_line_however_worded_dates_the_article(tmp_path: Path, line: str, day: str) -> None:
    """A page's date line in any of the shapes pages print it is furniture that dates the
    article: not its headline, not a body sentence."""
    path = tmp_path / "page.txt"
    path.write_text(
        f"{line}\n\nHARBOUR WALL GIVES WAY IN STORM\n\n"
        "A section of the harbour wall collapsed during the storm on Monday night.\n",
        encoding="utf-8",
    )
    article = load_article(path)
    assert article.paragraphs[0].boilerplate == "dateline"
    assert article.metadata.date == day
    assert article.metadata.title == "HARBOUR WALL GIVES WAY IN STORM"
    assert len(article.sentences) == 1


def test_a_short_dated_sentence_is_not_a_date_line() -> None:
    from reader.ingest.boilerplate import date_line

    assert date_line("Tue Mar 14 2017, 07:41 hrs")
    assert not date_line("On March 14, 2017 police arrived.")
    assert not date_line("The vote was set for March 14, 2017 by the board")
