"""HTML pages: the article's text and metadata, over small pages written for these tests.

Each page reproduces a shape on which a hand-written extractor went wrong on real news
pages: a teaser <article> beside the real <main>, a reader comment longer than the story,
a body written with <br><br> instead of <p>, image captions and an author's pop-up
profile inside the story, and pages with no article text at all.
"""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from reader.core.errors import LoadError
from reader.ingest.html import THIN_CHARS, PageError, extract_html
from reader.ingest.load import read_source

STORY = (
    "The old river bridge reopened to traffic on Monday after eight months of repairs, "
    "the county council said.",
    "Engineers replaced the deck and strengthened two of the piers, which had been "
    "damaged by flooding last winter.",
    "\u201cIt is good to have the town joined up again,\u201d said the council leader, "
    "who cut the ribbon at the east end.",
    "The work cost 4.2 million pounds, about half a million more than planned, because "
    "of the wet spring.",
    "Buses will return to their usual routes from next week, the operator said.",
)
"""Five paragraphs of an invented local story."""

STORY_TEXT = "\n\n".join(STORY)
_CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff]")
PARAGRAPHS = "".join(f"<p>{p}</p>\n" for p in STORY)


def page(body: str, head: str = "<title>Bridge reopens after repairs</title>") -> str:
    """A page with the usual furniture around `body`."""
    return (
        f"<!doctype html><html><head>{head}</head><body>\n"
        '<header><nav><a href="/">Home</a> <a href="/local">Local</a></nav></header>\n'
        f"{body}\n"
        "<footer><p>Copyright Town Herald. All rights reserved.</p></footer></body></html>"
    )


def write(tmp_path: Path, name: str, text: str) -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


# --- which text is the article ------------------------------------------------------------


def test_main_is_chosen_over_teaser_articles() -> None:
    """Teasers marked up as <article> beside a <main> without one are not the story."""
    markup = page(
        f'<main id="content"><h1>Bridge reopens after repairs</h1>'
        f'<div class="story-body">{PARAGRAPHS}</div></main>'
        '<aside class="more-stories">'
        '<article class="card"><h3><a href="/a">Library extends opening hours</a></h3>'
        "<p>The central library will open until eight in the evening from July, with extra "
        "reading sessions for children and a new study room upstairs.</p></article>"
        '<article class="card"><h3><a href="/b">School wins choir prize</a></h3>'
        "<p>Pupils from the primary school sang their way to first place.</p></article>"
        "</aside>"
    )
    text = extract_html(markup).text
    assert text.endswith(STORY_TEXT)
    assert "library" not in text and "choir" not in text


def test_reader_comment_is_not_the_story() -> None:
    """A comment longer than the story, in an <article> of its own, is left out."""
    comment = (
        "I have lived next to that site for thirty years and nobody believed this day "
        "would come. The council has promised a park four times before and every time the "
        "money went somewhere else. I will believe it when I see children on the swings. "
        "Well done to everyone who wrote letters and went to the meetings, because without "
        "them the plan would have been shelved again."
    )
    markup = page(
        f"<article class='story'><h1>Bridge reopens after repairs</h1>{PARAGRAPHS}</article>"
        '<section id="comments" class="comments-area"><h2>2 comments</h2>'
        '<article class="comment" id="comment-1">'
        '<footer class="comment-meta">Posted by parkfan at 9:14 pm</footer>'
        f'<div class="comment-content"><p>{comment}</p></div></article>'
        '<article class="comment" id="comment-2"><div class="comment-content">'
        "<p>Who is paying for the upkeep?</p></div></article></section>"
    )
    text = extract_html(markup).text
    assert text.endswith(STORY_TEXT)
    assert "thirty years" not in text and "upkeep" not in text and "parkfan" not in text


def test_body_written_with_line_breaks_keeps_its_paragraphs() -> None:
    """Text separated by <br><br> instead of <p>: every paragraph, each on its own."""
    markup = page(
        '<div id="page"><div class="content"><h1>Bridge reopens after repairs</h1>'
        f'<div class="text">{"<br><br>".join(STORY)}</div></div></div>'
    )
    text = extract_html(markup).text
    assert text.endswith(STORY_TEXT)


def test_line_break_inside_a_sentence_leaves_it_whole(tmp_path: Path) -> None:
    """A single <br> becomes a paragraph break in the text; the segmenter rejoins the
    sentence it cut, so the article still has it as one sentence."""
    from reader.ingest.article import load_article

    broken = "The council leader, speaking at the east end,<br>said the town was joined up."
    markup = page(f"<article>{PARAGRAPHS}<p>{broken}</p></article>")
    article = load_article(write(tmp_path, "br.html", markup))
    sentences = [" ".join(article.text[s.start : s.end].split()) for s in article.sentences]
    assert sentences[-1] == (
        "The council leader, speaking at the east end, said the town was joined up."
    )


def test_captions_and_profile_popup_are_left_out() -> None:
    """Figure captions and the author's pop-up biography are not article text."""
    markup = page(
        "<article><h1>Bridge reopens after repairs</h1>"
        '<div class="byline">By <a class="author" href="/sam">Sam Reed</a>'
        '<div class="author-popup"><p>Sam Reed is our transport correspondent. He has '
        "covered roads and railways for twenty years and lives by the sea.</p></div></div>"
        '<figure><img src="bridge.jpg" alt=""><figcaption>The bridge seen from the east '
        "bank on Monday. Photograph: Staff photographer</figcaption></figure>"
        f"{PARAGRAPHS}"
        '<figure><img src="ribbon.jpg" alt=""><figcaption>The council leader cuts the '
        "ribbon.</figcaption></figure></article>"
    )
    text = extract_html(markup).text
    assert text.endswith(STORY_TEXT)
    assert "correspondent" not in text and "Photograph" not in text and "cuts the" not in text


def test_headings_lists_and_quotes_become_paragraphs() -> None:
    """Headings keep their level as Markdown '#'s; list items and quotations are paragraphs;
    entities are decoded and whitespace folded."""
    markup = page(
        f"<article><h1>Bridge reopens</h1>{PARAGRAPHS}<h2>What &amp; when</h2>"
        "<ul><li>Buses   from Monday&nbsp;week.</li><li>Lorries from June.</li></ul>"
        "<blockquote><p>&ldquo;A fine day,&rdquo; she said.</p></blockquote></article>"
    )
    text = extract_html(markup).text
    assert text.endswith(
        "\n\n## What & when\n\nBuses from Monday week.\n\nLorries from June.\n\n"
        "\u201cA fine day,\u201d she said."
    )
    assert text.startswith(("# Bridge reopens\n\n", STORY[0]))


# --- metadata -----------------------------------------------------------------------------

HEAD = """<title>Bridge reopens after repairs | Town Herald</title>
<meta property="og:site_name" content="Town Herald">
<meta property="article:published_time" content="2024-03-05T22:10:00-05:00">
<meta name="author" content="Jane Doe">
<link rel="canonical" href="https://example.com/bridge">
<script>document.write("<p>injected</p>")</script>
<style>p { color: red }</style>"""


def test_html_file_is_read_with_its_metadata(tmp_path: Path) -> None:
    """Title without the site's name, outlet, date as YYYY-MM-DD, author, URL; the text is
    the extracted article and offsets index it (the front matter block is empty)."""
    markup = page(f"<article><h1>Bridge reopens after repairs</h1>{PARAGRAPHS}</article>", HEAD)
    source = read_source(write(tmp_path, "page.html", markup))
    assert source.kind == "html"
    assert source.text.endswith(STORY_TEXT)
    assert "injected" not in source.text and "Copyright" not in source.text
    assert source.front_matter == {
        "title": "Bridge reopens after repairs",
        "outlet": "Town Herald",
        "date": "2024-03-05",
        "byline": "Jane Doe",
        "url": "https://example.com/bridge",
    }
    assert source.front_matter_end == 0
    assert source.notices == ("HTML: main text extracted",)


def test_title_without_h1_drops_the_site_name() -> None:
    """'Headline - Site' in <title>, with the site named in og:site_name, gives the headline."""
    head = (
        "<title>Bridge reopens after repairs - Town Herald</title>"
        '<meta property="og:site_name" content="Town Herald">'
    )
    meta = extract_html(page(f"<article>{PARAGRAPHS}</article>", head)).metadata
    assert meta["title"] == "Bridge reopens after repairs"


def test_date_only_from_markup_not_from_prose() -> None:
    """A date the story mentions is not the page's date; one in a <time> element is."""
    story = f"<article><p>The bridge first opened on 3 March 1921.</p>{PARAGRAPHS}</article>"
    assert "date" not in extract_html(page(story)).metadata
    dated = story.replace("<article>", '<article><time datetime="2024-03-05">5 March</time>')
    assert extract_html(page(dated)).metadata["date"] == "2024-03-05"


# --- pages without an article ---------------------------------------------------------------


@pytest.mark.parametrize(
    "markup",
    [
        "<html><body><nav>Home</nav><script>x()</script></body></html>",
        # An application shell: the text arrives by JavaScript, the saved page has none.
        '<!doctype html><html><head><title>Example News</title><script src="app.js"></script>'
        '</head><body><div id="root"></div><nav><a href="/">Home</a> <a href="/world">World'
        "</a></nav><noscript>Please enable JavaScript to read this site.</noscript></body>"
        "</html>",
        "<html><body><div><a href='/'>Home</a> | <a href='/sport'>Sport</a></div></body></html>",
        "<html><head><title>Nothing</title></head><body> </body></html>",
    ],
    ids=["nav-only", "app-shell", "menu-only", "blank"],
)
def test_page_without_article_text_is_refused(tmp_path: Path, markup: str) -> None:
    """No sentence of prose: a one-line error naming the file, never an empty article."""
    assert extract_html(markup).text == ""
    with pytest.raises(LoadError) as caught:
        read_source(write(tmp_path, "blank.html", markup))
    assert caught.value.message == "blank.html: no article text found in the HTML"


@pytest.mark.parametrize(
    ("body", "expected"),
    [("<p>東京で地震があった。</p>",
      "東京で地震があった。"),
     ("<p>" + "river level " * 30 + "</p>", ("river level " * 30).strip())],
    ids=["cjk-full-stop", "long-without-punctuation"],
)  # fmt: skip
def test_prose_is_found_whatever_its_punctuation(body: str, expected: str) -> None:
    """A short paragraph ending with a CJK full stop, or a long one with no punctuation at
    all, is article text: only a few words without a sentence are not."""
    assert extract_html(page(f"<article>{body}</article>")).text == expected


def test_thin_extraction_is_reported(tmp_path: Path) -> None:
    """A page whose article text is a line or two (a teaser, a paywall) is read with a
    notice saying how little was found."""
    markup = page("<article><p>The bridge reopened on Monday, the council said.</p></article>")
    source = read_source(write(tmp_path, "thin.html", markup))
    assert source.text == "The bridge reopened on Monday, the council said."
    assert len(source.text) < THIN_CHARS
    assert source.notices[0] == "HTML: main text extracted"
    assert source.notices[1].startswith("article text: little found in the HTML (48 characters)")


def test_cookie_banner_page_is_warned_about_on_the_command_line(tmp_path: Path) -> None:
    """A page whose only sentence is a cookie banner is not compared in silence: the
    command line says on stderr how little article text it found."""
    banner = (
        "<!doctype html><html><head><title>Bridge reopens | Town Gazette</title>"
        '<meta property="og:site_name" content="Town Gazette"></head><body>'
        "<nav><a href='/'>Home</a> <a href='/news'>News</a></nav>"
        "<div class='cookie-banner'><p>We use cookies.</p><button>Accept</button></div>"
        "<footer><a href='/privacy'>Privacy</a> <a href='/contact'>Contact</a></footer>"
        "<script>load()</script></body></html>"
    )
    front, story = write(tmp_path, "front.html", banner), tmp_path / "story.txt"
    story.write_text("\n\n".join(STORY), encoding="utf-8")
    done = subprocess.run(
        [sys.executable, "-m", "reader", "compare", str(front), str(story)],
        capture_output=True, text=True, timeout=120,
    )  # fmt: skip
    assert done.returncode == 0
    assert f"reader: warning: {front}: article text: little found in the HTML (15 characters)" in (
        done.stderr
    )


# --- hostile markup -----------------------------------------------------------------------


def test_deeply_nested_page_is_read() -> None:
    """300 levels of <div> (over libxml2's default limit of 256) still give the text."""
    markup = page("<div>" * 300 + PARAGRAPHS + "</div>" * 300)
    assert extract_html(markup).text.endswith(STORY_TEXT)


@pytest.mark.parametrize(
    "markup",
    [page("<div>" * 3000 + PARAGRAPHS + "</div>" * 3000),
     page("<article><p>" + "<b><i>word " * 3000 + "</p>" + PARAGRAPHS + "</article>")],
    ids=["divs", "unclosed-inline"],
)  # fmt: skip
def test_page_past_the_depth_limit_is_read_flattened(tmp_path: Path, markup: str) -> None:
    """Past libxml2's limit of 2,048 levels, the page is read without its inline and <div>
    tags, with a notice."""
    source = read_source(write(tmp_path, "deep.html", markup))
    assert source.text.endswith(STORY_TEXT)
    assert source.notices[1] == (
        "HTML: nested more than 2,048 elements deep; read without its inline and <div> tags"
    )


def test_page_too_deep_even_flattened_is_refused(tmp_path: Path) -> None:
    """Nested block quotations past the limit: a one-line refusal saying why."""
    markup = page("<blockquote>" * 3000 + PARAGRAPHS + "</blockquote>" * 3000)
    with pytest.raises(PageError):
        extract_html(markup)
    with pytest.raises(LoadError) as caught:
        read_source(write(tmp_path, "deep.html", markup))
    assert caught.value.message == (
        "deep.html: nested too deeply to read (more than 2,048 elements)"
    )


def test_control_characters_from_entities_are_blanked() -> None:
    """&#x1b; and friends decode to characters no XML tree holds: spaces instead, and the
    rest of the paragraph is kept."""
    markup = page(f"<article>{PARAGRAPHS}<p>Entities &#x1b;[2J and &#x07;bell done.</p></article>")
    text = extract_html(markup).text
    assert text.endswith("Entities [2J and bell done.")
    assert "\x1b" not in text and "\x07" not in text


# --- start-up cost ------------------------------------------------------------------------


def test_trafilatura_is_imported_only_for_html(tmp_path: Path) -> None:
    """Reading text files never imports trafilatura (a tenth of a second); HTML does."""
    text = write(tmp_path, "a.txt", STORY_TEXT)
    html = write(tmp_path, "b.html", page(f"<article>{PARAGRAPHS}</article>"))
    code = (
        "import sys\n"
        "from reader.ingest.article import load_article\n"
        f"load_article(__import__('pathlib').Path(r'{text}'))\n"
        "print('trafilatura' in sys.modules)\n"
        f"load_article(__import__('pathlib').Path(r'{html}'))\n"
        "print('trafilatura' in sys.modules)\n"
    )
    p = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60)
    assert p.stdout.split() == ["False", "True"], p.stderr


MARKUP = st.lists(
    st.one_of(
        st.sampled_from([
            "<p>", "</p>", "<div>", "</div>", "<br>", "<h2>", "</h2>", "<article>", "<main>",
            "<li>", "<table><tr><td>", "<b><i>", "<!--", "-->", "<script>", "</script>",
            "&#x1b;", "&#0;", "&#x9d;", "&amp;", "&#xd800;", "\x00", "\x0c", "\ud83d",
            "The river rose by 3,000 people.", " said the mayor", "\u3002", "<meta name=",
            '"author" content="x">', "<title>", "</title>",
        ]),
        st.text(max_size=8),
    ),
    max_size=40,
).map("".join)  # fmt: skip


@settings(max_examples=60, deadline=None)
@given(markup=MARKUP)
def test_any_markup_gives_text_or_a_page_error(markup: str) -> None:
    """Whatever the markup: paragraphs of text free of characters no XML tree holds, or a
    PageError; nothing else escapes."""
    try:
        result = extract_html(markup)
    except PageError:
        return
    assert not _CONTROL.search(result.text)
    assert "\n\n\n" not in result.text and result.text == result.text.strip()
    assert all(isinstance(value, str) and value for value in result.metadata.values())
