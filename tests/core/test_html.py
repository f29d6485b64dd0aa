"""HTML main-text extraction over small pages written for these tests, one per fault the
hand-written extractor had on real news pages: a teaser <article> beside the real <main>,
reader comments in <article>s, a body written with <br> instead of <p>, image captions,
a pop-up author profile, and a page with no article text at all."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from reader.core.errors import LoadError
from reader.ingest.html import extract_html
from reader.ingest.load import read_source

STORY = (
    "The harbour bridge will close for repairs from Monday, the city council said on "
    "Thursday, after inspectors found cracks in two of its steel supports.",
    "Engineers expect the work to take eleven weeks and to cost about 4.2 million, paid "
    "from the council's road budget rather than from new borrowing.",
    "Ferries will run every fifteen minutes during the closure, and the council has asked "
    "employers to let staff start later where they can.",
)
BODY = "\n\n".join(STORY)
PARAGRAPHS = "".join(f"<p>{s}</p>" for s in STORY)
HEAD = """<head><title>Harbour bridge to close for repairs | Town Gazette</title>
<meta property="og:site_name" content="Town Gazette">
<meta name="author" content="Ann Lee">
<meta property="article:published_time" content="2024-03-05T22:10:00-05:00">
<link rel="canonical" href="https://gazette.example/bridge"></head>"""
NAV = "<nav><a href='/'>Home</a> <a href='/news'>News</a> <a href='/sport'>Sport</a></nav>"
COMMENT = (
    "I have crossed that bridge every day for thirty years and nobody ever told us it was "
    "unsafe, which is a scandal the council should answer for at its next meeting."
)


def page(body: str) -> str:
    return f"<!doctype html><html>{HEAD}<body>{NAV}{body}</body></html>"


def body_of(markup: str) -> str:
    """The extracted text without the headline (a heading line, when one is kept)."""
    text, _meta = extract_html(markup)
    return "\n\n".join(p for p in text.split("\n\n") if not p.startswith("#"))


def test_story_in_main_wins_over_a_teaser_article() -> None:
    teaser = (
        "<aside><h2>More stories</h2><article class='teaser'><h3><a href='/hall'>Market "
        "hall reopens after fire</a></h3><p>Traders returned on Saturday, two years after a "
        "fire gutted the building.</p></article></aside>"
    )
    markup = page(f"<main><h1>Harbour bridge to close for repairs</h1>{PARAGRAPHS}</main>{teaser}")
    assert body_of(markup) == BODY


def test_reader_comments_are_not_the_story() -> None:
    comments = "".join(
        f"<li><article id='comment-{i}' class='comment-body'><footer class='comment-meta'>"
        f"Reader {i}, 12 March</footer><div class='comment-content'><p>{COMMENT}</p>"
        f"<p>{COMMENT}</p></div></article></li>"
        for i in range(3)
    )  # more text in the comments than in the story, each in an <article>
    markup = page(
        f"<div class='entry-content'>{PARAGRAPHS}</div><section id='comments' "
        f"class='comments-area'><h2>3 comments</h2><ol class='comment-list'>{comments}</ol>"
        "</section>"
    )
    assert body_of(markup) == BODY


def test_body_written_with_line_breaks_keeps_its_paragraphs() -> None:
    markup = page(f"<div class='story-body'>{'<br><br>'.join(STORY)}</div>")
    assert body_of(markup) == BODY


def test_a_single_line_break_stays_a_line_break() -> None:
    lines = "The council said in a statement:<br>Works start on Monday at six in the morning."
    markup = page(f"<article>{PARAGRAPHS}<p>{lines}</p></article>")
    assert body_of(markup) == BODY + "\n\n" + lines.replace("<br>", "\n")


def test_figure_captions_are_left_out() -> None:
    figure = (
        "<figure><img src='bridge.jpg' alt=''><figcaption>The bridge seen from the east "
        "quay at dusk. Photo: Town Gazette</figcaption></figure>"
    )
    first, *rest = STORY
    markup = page(
        f"<article><p>{first}</p>{figure}" + "".join(f"<p>{s}</p>" for s in rest) + "</article>"
    )
    assert body_of(markup) == BODY


def test_popup_author_profile_is_left_out() -> None:
    profile = (
        "<div class='byline'>By <a href='/staff/ann'>Ann Lee</a><div class='author-popup' "
        "role='dialog'><p>Ann Lee has covered transport and city hall for the Gazette since "
        "2015. Before that she reported on the courts.</p><button>Follow</button></div></div>"
    )
    markup = page(
        f"<article><h1>Harbour bridge to close for repairs</h1>{profile}{PARAGRAPHS}</article>"
    )
    text, meta = extract_html(markup)
    assert body_of(markup) == BODY
    assert "since 2015" not in text
    assert meta["date"] == "2024-03-05"  # from the markup, not a year read out of the profile


def test_metadata_and_headline() -> None:
    markup = page(f"<article><h1>Harbour bridge to close for repairs</h1>{PARAGRAPHS}</article>")
    text, meta = extract_html(markup)
    assert text == "# Harbour bridge to close for repairs\n\n" + BODY
    assert meta == {
        "title": "Harbour bridge to close for repairs",
        "outlet": "Town Gazette",
        "date": "2024-03-05",
        "byline": "Ann Lee",
        "url": "https://gazette.example/bridge",
    }


def test_headings_lists_and_tables_are_paragraphs() -> None:
    markup = page(
        f"<article>{PARAGRAPHS}<h2>What changes</h2><ul><li>Buses take the ring road.</li>"
        "<li>Cyclists use the ferry for free.</li></ul><table><tr><td>Ferry</td><td>every "
        "15 minutes</td></tr></table></article>"
    )
    text, _meta = extract_html(markup)
    assert text == (
        BODY + "\n\n## What changes\n\nBuses take the ring road.\n\n"
        "Cyclists use the ferry for free.\n\nFerry | every 15 minutes"
    )


def test_markup_in_text_is_data() -> None:
    markup = page(
        f"<article>{PARAGRAPHS}<p>A sign read &lt;b&gt;closed&lt;/b&gt; &amp; shut.</p></article>"
    )
    assert extract_html(markup)[0].endswith("A sign read <b>closed</b> & shut.")


def test_deeply_nested_page_is_read() -> None:
    """lxml reads 256 levels by default; a page nested 1,000 deep still gives its text."""
    assert (
        body_of("<html><body>" + "<div>" * 1000 + PARAGRAPHS + "</div>" * 1000 + "</body></html>")
        == BODY
    )


NO_ARTICLE = page(
    "<div class='cookie-banner'><p>We use cookies.</p><button>Accept</button></div>"
    "<footer><a href='/privacy'>Privacy</a> <a href='/contact'>Contact</a></footer>"
    "<script>load()</script>"
)


def test_page_without_article_text_is_refused(tmp_path: Path) -> None:
    assert extract_html(NO_ARTICLE)[0] == ""
    path = tmp_path / "front.html"
    path.write_text(NO_ARTICLE, encoding="utf-8")
    with pytest.raises(LoadError) as caught:
        read_source(path)
    assert caught.value.message == "front.html: no article text found in the HTML"


def test_cli_says_so_and_exits_2(tmp_path: Path) -> None:
    """Never an empty comparison: one line on stderr, exit status 2."""
    empty, story = tmp_path / "front.html", tmp_path / "story.txt"
    empty.write_text(NO_ARTICLE, encoding="utf-8")
    story.write_text(BODY, encoding="utf-8")
    done = subprocess.run(
        [sys.executable, "-m", "reader", "compare", str(empty), str(story)],
        capture_output=True, text=True, timeout=120,
    )  # fmt: skip
    assert done.returncode == 2
    assert done.stdout == ""
    assert done.stderr == "reader: front.html: no article text found in the HTML\n"


def test_html_file_is_read_as_html(tmp_path: Path) -> None:
    path = tmp_path / "bridge.html"
    path.write_text(page(f"<article>{PARAGRAPHS}</article>"), encoding="utf-8")
    source = read_source(path)
    assert (source.kind, source.text, source.front_matter_end) == ("html", BODY, 0)
    assert source.front_matter["outlet"] == "Town Gazette"
    assert source.notices == ("HTML: main text extracted",)


def test_trafilatura_is_imported_only_for_html() -> None:
    """Start-up does not pay for the extractor: loading text files never imports it."""
    code = (
        "import sys, reader.cli, reader.ingest.load, reader.ingest.article\n"
        "print('trafilatura' in sys.modules, 'lxml' in sys.modules)"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60)
    assert done.stdout.strip() == "False False", done.stderr
