"""Hard-wrapped plain text read as paragraphs: named shapes and a reflow property.

Every text here is written for the test, in the shapes plain-text news takes: wrapped at a
fixed width with or without blank lines, one paragraph per line, an agency header block,
a sign-off, first-line indents.
"""

from __future__ import annotations

import textwrap

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from reader.ingest.reflow import paragraph_spans
from reader.ingest.segment import segment

PARAGRAPHS = [
    "The council said on Tuesday that the new footbridge would open in May, two years "
    "later than planned and at twice the cost.",
    "Its leader, Ann Hale, told a public meeting that the delays had been caused by a "
    "shortage of steel and by flooding on the site.",
    "Residents have waited long enough, said one shopkeeper, whose trade has fallen by "
    "a third since the old bridge was closed.",
]


def _wrapped(paragraphs: list[str], width: int, sep: str) -> str:
    return sep.join(textwrap.fill(p, width, break_on_hyphens=False) for p in paragraphs) + "\n"


def _sentences(text: str) -> list[str]:
    return [s.text for s in segment(text).sentences]


def _paragraphs(text: str) -> list[str]:
    return [" ".join(text[a:b].split()) for a, b in paragraph_spans(text)]


@pytest.mark.parametrize("width", [24, 40, 62, 75, 90])
def test_wrapped_paragraphs_are_reflowed(width: int) -> None:
    """Wrapped at any width between blank lines, the paragraphs come back whole."""
    assert _paragraphs(_wrapped(PARAGRAPHS, width, "\n\n")) == PARAGRAPHS


@pytest.mark.parametrize("width", [24, 40, 62, 75, 90])
def test_wrapped_without_blank_lines_never_splits_a_paragraph(width: int) -> None:
    """Without blank lines, a paragraph whose last line was full cannot be told from a
    wrap (a wrapper would have broken there too), so two may run into one; none is cut."""
    got = _paragraphs(_wrapped(PARAGRAPHS, width, "\n"))
    assert " ".join(got) == " ".join(PARAGRAPHS)
    ends = {sum(len(p) + 1 for p in PARAGRAPHS[: i + 1]) for i in range(len(PARAGRAPHS))}
    assert {sum(len(p) + 1 for p in got[: i + 1]) for i in range(len(got))} <= ends


def test_one_paragraph_per_line_is_not_joined() -> None:
    """Lines of like width that each end a sentence are paragraphs, not a wrapped one."""
    text = "".join(
        line + "\n"
        for line in [
            "The mayor opened the new library on Saturday morning.",
            "More than two hundred people queued outside the doors.",
            "Children were given free books and a tour of the shelves.",
        ]
    )
    assert len(paragraph_spans(text)) == 3


def test_list_of_headlines_is_not_joined() -> None:
    """Short title-case lines without full stops are a list, whatever their widths."""
    text = "Council Backs New Footbridge Plan\nResidents Protest Over Parking Charges\n"
    text += "Library Opens After Two Year Delay\nSchool Wins National Chess Title\n"
    assert len(paragraph_spans(text)) == 4


def test_caps_headline_stays_above_a_wrapped_story() -> None:
    """An ALL-CAPS headline is not run into the wrapped paragraph under it."""
    text = "FOOTBRIDGE OPENING\n" + _wrapped(PARAGRAPHS, 30, "\n")
    got = segment(text)
    assert got.paragraphs[0].boilerplate == "title"
    assert text[got.paragraphs[0].start : got.paragraphs[0].end] == "FOOTBRIDGE OPENING"
    assert _sentences(text)[0].startswith("The council said")


def test_first_line_indent_opens_a_paragraph() -> None:
    """An indented line starts a paragraph even where the previous line was full."""
    first = textwrap.fill(PARAGRAPHS[0], 50)
    second = textwrap.fill(PARAGRAPHS[1], 50, initial_indent="    ")
    assert _paragraphs(first + "\n" + second + "\n") == PARAGRAPHS[:2]


# Agency copy as a wire service sends it: a header block of rule lines and a slug line, an
# ALL-CAPS headline, a byline, wrapped paragraphs, TeX-style quotes, a sign-off.
RULE = "-" * 72
WIRE_BODY = [
    "A man who stole garden gnomes from more than forty homes was today ordered to do "
    "200 hours of community service.",
    "Magistrates heard that he kept the gnomes in a shed at his home near the harbour, "
    "where police found them last spring.",
    "His solicitor said: ``He is deeply sorry. He will return every one of them.''",
]


def _wire(marks: bool) -> str:
    opening, closing = ("\x19", "<") if marks else ("", "")
    head = f"  {RULE}\n\n  {RULE}\n\n        10:15 03/05/01: Page 1 (HHH) COURTS Gnomes\n  {RULE}\n"
    lines = [f"GARDEN GNOME THIEF ORDERED TO DO COMMUNITY SERVICE{closing}"]
    lines.append(f"{opening}By Jo Bloggs, Courts Correspondent{closing}")
    for para in WIRE_BODY:
        wrapped = textwrap.fill(para, 76, break_on_hyphens=False).split("\n")
        wrapped[0] = opening + wrapped[0]
        wrapped[-1] += closing
        lines.extend(wrapped)
    lines.append(f"{opening}ends{closing}")
    return head + "\n".join(lines) + "\n"


@pytest.mark.parametrize("marks", [True, False], ids=["paragraph-marks", "no-marks"])
def test_wire_copy_shapes(marks: bool) -> None:
    """Header block, headline, byline and sign-off set aside; the body read sentence by
    sentence, the same whether or not the copy marks its paragraphs."""
    text = _wire(marks)
    got = segment(text)
    kinds = [p.boilerplate for p in got.paragraphs]
    assert kinds[:4] == ["rule", "rule", "slug", "rule"]
    assert kinds[4:6] == ["title", "byline"]
    assert kinds[-1] is not None  # 'ends'
    assert [text[p.start : p.end].split()[0] for p in got.paragraphs if p.boilerplate is None] == [
        "A",
        "Magistrates",
        "His",
    ]
    sentences = [s.text for s in got.sentences]
    assert sentences[0] == " ".join(WIRE_BODY[0].split())
    assert sentences[-1] == "He will return every one of them.\u201d"
    for s in got.sentences:
        assert text[s.start : s.end].strip() == text[s.start : s.end]
        assert not any(ord(c) < 32 for c in s.text)


def test_wire_copy_without_marks_reads_as_with_them() -> None:
    """Dropping the paragraph marks changes no sentence."""
    assert _sentences(_wire(False)) == _sentences(_wire(True))


# Sentences for the property: a capitalised opening, lower-case words and numbers, a full
# stop; paragraphs of one to four of them. No names: a text whose every wrapped line is
# capitalised like a headline and followed by a capital (two lines, 'The Old Town Hall' /
# 'Closed.') reads as a headline above a line, and rightly so; that shape is tested above.
_VOCABULARY = (
    "the council said on tuesday that new bridge would open in may two years later than planned "
    "residents waited long enough for work and cost rose sharply after flooding near river "
    "steel shortage delayed contractor blamed weather"
)
_WORDS = st.sampled_from(_VOCABULARY.split(" "))
_NUMBERS = st.sampled_from(["1999", "400", "12.5", "3,000"])
_SENTENCE = st.builds(
    lambda first, rest: " ".join([first, *rest]) + ".",
    st.sampled_from(["The", "Its", "Work", "Residents", "A", "Officials"]),
    st.lists(st.one_of(*[_WORDS] * 6, _NUMBERS), min_size=5, max_size=24),
)
_PARAGRAPH = st.lists(_SENTENCE, min_size=1, max_size=4).map(" ".join)


@settings(max_examples=60, deadline=None, derandomize=True)
@given(
    paragraphs=st.lists(_PARAGRAPH, min_size=1, max_size=5),
    width=st.integers(min_value=20, max_value=100),
    sep=st.sampled_from(["\n", "\n\n"]),
    title=st.booleans(),
)
def test_reflowing_does_not_change_sentences(
    paragraphs: list[str], width: int, sep: str, title: bool
) -> None:
    """The same text hard-wrapped at any width, with or without blank lines between its
    paragraphs, gives the same sentences as with one paragraph per line."""
    head = "COUNCIL APPROVES BRIDGE\n" if title else ""
    flat = head + "\n\n".join(paragraphs) + "\n"
    wrapped = head + _wrapped(paragraphs, width, sep)
    assert _sentences(wrapped) == _sentences(flat)


def test_paragraph_mark_inside_a_joined_paragraph_ends_a_sentence() -> None:
    """A paragraph that stops mid-sentence before a marked one ('...at the verdict<') is
    joined to it, but the mark still ends one sentence, and no sentence shows the mark."""
    text = (
        "\x19A company director was jailed for four years today for fraud.<\n"
        "\x19The judge told the court of his dismay at the scale of the\nfraud<\n"
        "\x19``It was planned with great care,'' he said.<\n"
        "\x19The trial continues.<\n"
    )
    got = segment(text).sentences
    assert [s.text for s in got][1:3] == [
        "The judge told the court of his dismay at the scale of the fraud",
        "\u201cIt was planned with great care,\u201d he said.",
    ]
    assert all(text[s.start : s.end] == text[s.start : s.end].strip() for s in got)


def test_display_text_drops_paragraph_mark_bytes_but_not_escapes() -> None:
    """A wire paragraph mark reads as a space; a terminal escape stays, to be shown."""
    from reader.ingest.text import display_text

    assert display_text("one\x19two \x1etree") == "one two tree"
    assert display_text("red \x1b[31m") == "red \x1b[31m"


def test_terminal_escapes_are_not_paragraph_marks() -> None:
    """ESC and BEL inside a sentence stay in it (shown as escapes later), never cut it."""
    text = "A plain opening sentence of the story is here.\n\nThe \x1b[31mred\x07 word stayed.\n"
    assert [s.text for s in segment(text).sentences][1] == "The \x1b[31mred\x07 word stayed."
