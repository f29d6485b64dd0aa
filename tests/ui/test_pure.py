"""The pure helpers of the interface and the news lexer it highlights with: lexer, display
text map, ranking, import hygiene."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
from pygments.token import Name, Number, String

from reader.ingest.article import load_article
from reader.align.compare import compare
from reader.output.lexer import NewsLexer, token_spans
from reader.ui.ranking import orient, rank, similarity
from reader.ui.status import Status
from reader.ui.textmap import plain, shown
from tests.ui.conftest import ALPHA, BETA, GAMMA

LEXER_CORPUS = [
    ("over 3,000 civilians", [("3,000", Number)]),
    ("a $4.2bn deal", [("$4.2bn", Number)]),
    ("up 12% on the year", [("12%", Number)]),
    ("a two-month assault", [("two-month", Number)]),
    ("hundreds of people", [("hundreds", Number)]),
    ("the minister said on Monday", [("said", Name.Attribute)]),
    ("According to the UN", [("According to", Name.Attribute)]),
    ("\u201cWe will win,\u201d he claimed.", [
        ("\u201c", String.Delimiter), ("We will win,", String), ("\u201d", String.Delimiter),
        ("claimed", Name.Attribute),
    ]),
    ('"Over 200 sorties," Mustafa said.', [
        ('"', String.Delimiter), ("Over ", String), ("200", Number), (" sorties,", String),
        ('"', String.Delimiter), ("said", Name.Attribute),
    ]),
    ("He said: ``It took 18 months.'' Then", [
        ("said", Name.Attribute), ("``", String.Delimiter), ("It took ", String),
        ("18", Number), (" months.", String), ("''", String.Delimiter),
    ]),
    # The second sentence of a quotation that runs over two: lexed from inside it, so the
    # attribution after the closing mark is not styled as quoted speech.
    ('We are winning now," said Capt. Mustafa.', [
        ("We are winning now,", String), ('"', String.Delimiter), ("said", Name.Attribute),
    ]),
    ("won.'' Mr Smith said", [
        ("won.", String), ("''", String.Delimiter), ("said", Name.Attribute),
    ]),
    ('It was "mad", he said.', [
        ('"', String.Delimiter), ("mad", String), ('"', String.Delimiter), ("said", Name.Attribute),
    ]),
    ("Plain words only.", []),
]  # fmt: skip


@pytest.mark.parametrize(("text", "expected"), LEXER_CORPUS)
def test_lexer_tokens(text: str, expected: list[tuple[str, object]]) -> None:
    """Numbers, quotations and attributions are tokens; plain words are left out."""
    assert [(text[s:e], token) for s, e, token in token_spans(text)] == expected


def test_lexer_is_a_pygments_lexer() -> None:
    """The lexer works with any Pygments formatter (the HTML report uses it)."""
    from pygments import highlight
    from pygments.formatters import HtmlFormatter

    html = highlight('"Yes," she said of the 300 homes.', NewsLexer(), HtmlFormatter())
    assert "300" in html and "said" in html


def test_shown_escapes_control_characters_and_keeps_markup_text() -> None:
    """ANSI escapes become visible \\x1b; console markup stays as written."""
    text = "red \x1b[31mtext [b]x[/b] [@click=app.quit]y[/]"
    result = shown(text, 0, len(text))
    assert result.text == "red \\x1b[31mtext [b]x[/b] [@click=app.quit]y[/]"
    assert result.locate(4, 5) == (4, 8)  # the one ESC character is four shown ones


def test_shown_drops_markdown_and_maps_offsets() -> None:
    """Emphasis markers and link targets go; the offsets still point at the words."""
    text = "See **the  report** by [Reuters](https://x.test) now"
    result = shown(text, 0, len(text))
    assert result.text == "See the report by Reuters now"
    start = text.index("Reuters")
    lo, hi = result.locate(start, start + len("Reuters")) or (0, 0)
    assert result.text[lo:hi] == "Reuters"


def test_shown_keeps_tex_quotes_of_wire_copy() -> None:
    """A doubled backtick opens a quotation in wire copy: it is shown, not taken for an
    empty Markdown code span; a real code span still loses its backticks."""
    text = "said tonight: ``It has taken me a year.'' Then `ls` ran"
    assert shown(text, 0, len(text)).text == "said tonight: ``It has taken me a year.'' Then ls ran"


def test_plain_folds_whitespace_and_escapes() -> None:
    """Labels are one line, control characters escaped."""
    assert plain("The\n Moscow\tTimes\x07") == "The Moscow Times\\x07"


@pytest.fixture
def storm_articles(tmp_path: Path) -> dict[str, object]:
    for name, text in (("alpha.txt", ALPHA), ("beta.txt", BETA), ("gamma.txt", GAMMA)):
        (tmp_path / name).write_text(text, encoding="utf-8")
    return {name: load_article(tmp_path / f"{name}.txt") for name in ("alpha", "beta", "gamma")}


def test_orient_puts_the_earlier_article_left(storm_articles: dict) -> None:
    """The earlier date goes left, whichever order the articles come in."""
    alpha, beta = storm_articles["alpha"], storm_articles["beta"]
    assert orient(beta, alpha) == (alpha, beta)
    assert orient(alpha, beta) == (alpha, beta)


def test_orient_puts_the_dated_article_left(tmp_path: Path) -> None:
    """Against an article of unknown date, the dated one goes left even when it is the
    shorter (the overview's guess of the original agrees: an undated article is not the
    earliest)."""
    (tmp_path / "wire.txt").write_text(
        "---\ndate: 2000-01-07\n---\nA man was jailed for five years today.\n\n"
        "He admitted the theft.\n", encoding="utf-8")  # fmt: skip
    (tmp_path / "paper.txt").write_text(
        "A man was jailed for five years yesterday.\n\nHe admitted the theft.\n\n"
        "His lawyer said he would appeal.\n\nThe judge called it a grave offence.\n",
        encoding="utf-8",
    )
    wire, paper = load_article(tmp_path / "wire.txt"), load_article(tmp_path / "paper.txt")
    assert len(paper.sentences) > len(wire.sentences) and paper.metadata.date is None
    assert orient(paper, wire) == (wire, paper)
    assert orient(wire, paper) == (wire, paper)


def test_similarity_and_rank(storm_articles: dict) -> None:
    """Similarity is the share of linked sentences; rank puts the highest first."""
    alpha, beta, gamma = (storm_articles[k] for k in ("alpha", "beta", "gamma"))
    assert similarity(compare(alpha, alpha)) == 1.0
    ab, ag = similarity(compare(alpha, beta)), similarity(compare(alpha, gamma))
    assert 0 < ab < 1 and 0 < ag < 1
    keys = [(alpha.path, beta.path), (alpha.path, gamma.path), (beta.path, gamma.path)]
    scores = {frozenset(keys[0]): ab, frozenset(keys[1]): ag}
    order = {alpha.path: 0, beta.path: 1, gamma.path: 2}
    ranked = rank(keys, scores, order)
    assert ranked[-1] == keys[2]  # not compared yet: last
    assert ranked[0] == (keys[0] if ab >= ag else keys[1])


def test_pure_modules_do_not_import_textual() -> None:
    """layout, textmap, ranking, search and status can be used without Textual (the lexer,
    in `reader.output`, is checked with that package in tests/core/test_cli.py)."""
    code = (
        "import sys, reader.ui.layout, reader.ui.textmap, reader.ui.ranking,"
        " reader.ui.search, reader.ui.status;"
        "assert 'textual' not in sys.modules, 'textual imported'"
    )
    subprocess.run([sys.executable, "-c", code], check=True)


def test_status_line_wording(storm_articles: dict) -> None:
    """The pair and its differing numbers, the modes in force, then the row counts,
    singular or plural as they fall."""
    comparison = compare(storm_articles["alpha"], storm_articles["beta"])
    text = Status(comparison, 2, 10, pinned="Daily Alpha", boilerplate=True, match=0, matches=3)
    assert text.text() == (
        "Daily Alpha \u27f7 Beta News \u00b7 pair 3 of 10 \u00b7 1 number differs \u00b7 "
        "pinned: Daily Alpha \u00b7 boilerplate shown \u00b7 match 1 of 3 \u00b7 1 same \u00b7 "
        "2 changed \u00b7 0 moved \u00b7 2 missing paragraphs"
    )
    assert Status(None, loaded=(1, 5), ranked=(0, 10)).text() == (
        "loading 1/5\u2026 \u00b7 ranking 0/10\u2026"
    )
    assert Status(None, matches=1).text() == "aligning\u2026 \u00b7 1 match"


def test_sentence_picker_highlights_the_scorers_best(tmp_path: Path) -> None:
    """The picker offers the sentence the pair scorer finds most likely to say the same
    thing, not the one with the most letters in common."""
    from reader.ui.screens.sentences import SentencePicker

    (tmp_path / "wire.txt").write_text(
        "Mr Hamilton, the former MP, said tonight: ``It has taken me a year and a half to "
        "reach the door of the court.''\n", encoding="utf-8")  # fmt: skip
    (tmp_path / "paper.txt").write_text(
        "The court heard from the former MP tonight.\n\n"  # many letters in common
        'Mr Hamilton said: "It has taken me 18 months to get here."\n',
        encoding="utf-8",
    )
    wire, paper = load_article(tmp_path / "wire.txt"), load_article(tmp_path / "paper.txt")
    assert SentencePicker(wire.sentences[0], wire, paper).best() == 1
    # A sentence linked to another one already comes after the free ones.
    assert SentencePicker(wire.sentences[0], wire, paper, frozenset({1})).best() == 0


def test_sentences_opening_inside_a_quotation(tmp_path: Path) -> None:
    """The middle and last sentences of a quotation of three start inside it, the first
    and the next paragraph's do not; the report's HTML styles the middle one as quoted."""
    from reader.output.lexer import opening_in_quote
    from reader.output.report import highlight

    (tmp_path / "a.txt").write_text(
        "The minister spoke at the port on Monday.\n\n"
        'She said: "We will rebuild the wall. We will pay for every boat. Nobody will be '
        'left behind," she told reporters.\n\n``We start today. Then we go on.\'\' He left.\n',
        encoding="utf-8",
    )
    a = load_article(tmp_path / "a.txt")
    assert [s.text for s in a.sentences][1:4] == [
        'She said: "We will rebuild the wall.', "We will pay for every boat.",
        'Nobody will be left behind," she told reporters.',
    ]  # fmt: skip
    assert sorted(opening_in_quote(a)) == [2, 3, 5]
    assert '<span class="s">We will pay for every boat.' in highlight(
        a.sentences[2].text, quoted=True
    )
    from reader.output.report import build_report, to_html

    (tmp_path / "b.txt").write_text("The minister spoke at the port on Monday.\n", "utf-8")
    html = to_html(build_report(str(tmp_path), [a, load_article(tmp_path / "b.txt")]))
    assert '<td><span class="hl"><span class="s">We will pay for every boat.' in html
