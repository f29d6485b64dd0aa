"""Segmentation over a named corpus of tricky inputs: sentences, paragraphs, boilerplate."""

from __future__ import annotations

import textwrap

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from reader.ingest.boilerplate import classify
from reader.ingest.segment import segment

# name -> (text, expected sentence display texts)
SENTENCES = {
    "abbreviation-capt": (
        "Capt. Naji Mustafa spoke first. He left.",
        ["Capt. Naji Mustafa spoke first.", "He left."],
    ),
    "abbreviation-us-jan": (
        "The U.S. Army left in Jan. 2019 after talks. Troops stayed.",
        ["The U.S. Army left in Jan. 2019 after talks.", "Troops stayed."],
    ),
    "decimal": (
        "Prices rose 1.5 percent in May. They fell later.",
        ["Prices rose 1.5 percent in May.", "They fell later."],
    ),
    "ellipsis-inside": (
        '"Russia then intervened directly... after bombing the area," he said. Then more.',
        ['"Russia then intervened directly... after bombing the area," he said.', "Then more."],
    ),
    "quote-two-sentences": (
        '"These forces are here. The Russians are intervening," said Capt. Mustafa. Next.',
        ['"These forces are here.', 'The Russians are intervening," said Capt. Mustafa.', "Next."],
    ),
    "curly-quotes": (
        "\u201cRussia did not only fail,\u201d Mustafa claimed. Later he left.",
        ["\u201cRussia did not only fail,\u201d Mustafa claimed.", "Later he left."],
    ),
    "glued-full-stop": (
        "They took the town last week.Jets flew over the city. Nobody knew.",
        ["They took the town last week.", "Jets flew over the city.", "Nobody knew."],
    ),
    "markdown-link-and-emphasis": (
        "Rebels said **supplies** came via [Turkey](https://x.test/t). They held.",
        ["Rebels said supplies came via Turkey.", "They held."],
    ),
    "broken-paragraph": (
        "Intro sentence here is complete.\n\n"
        "Russian forces entered the battle to seize the strategic\n\n"
        "Humaymat hilltops in northern Hama last week.\n",
        [
            "Intro sentence here is complete.",
            "Russian forces entered the battle to seize the strategic Humaymat hilltops "
            "in northern Hama last week.",
        ],
    ),
    "paragraph-ending-on-a-name-without-full-stop": (
        "Five senators asked him to quit the race on Tuesday.\n\n"
        '"Step aside," they said. The statement came from Sen. Roy Blunt and former Sens. '
        "Kit Bond and Jim Talent\n\n"
        'The governor released a statement late Tuesday saying: "He should go."\n',
        [
            "Five senators asked him to quit the race on Tuesday.",
            '"Step aside," they said.',
            "The statement came from Sen. Roy Blunt and former Sens. Kit Bond and Jim Talent",
            'The governor released a statement late Tuesday saying: "He should go."',
        ],
    ),
    "party-state-tag-comma": (
        "The bill came from Rep. Dana Holt, R-Va., and passed on a voice vote. It stalled.",
        ["The bill came from Rep. Dana Holt, R-Va., and passed on a voice vote.", "It stalled."],
    ),
    "party-state-tag-brackets": (
        "Sen. Lee Moran (D-Calif.) said the vote was close. Others agreed.",
        ["Sen. Lee Moran (D-Calif.) said the vote was close.", "Others agreed."],
    ),
    "state-before-lower-case": (
        "Pat Wren, D-Ariz. said nothing. Voters in Mass. went to the polls.",
        ["Pat Wren, D-Ariz. said nothing.", "Voters in Mass. went to the polls."],
    ),
    "ranks-before-names": (
        "Det. Insp. Ray Hall and Pte. Sam Cole gave evidence. Lt. Gov. Ann Ruiz and Sgt Kim left.",
        [
            "Det. Insp. Ray Hall and Pte. Sam Cole gave evidence.",
            "Lt. Gov. Ann Ruiz and Sgt Kim left.",
        ],
    ),
    "quotation-after-colon": (
        'She asked: "Where were the inspectors? Who signed the papers?" The room fell silent.',
        [
            'She asked: "Where were the inspectors?',
            'Who signed the papers?"',
            "The room fell silent.",
        ],
    ),
    "quotation-paragraph": (
        '"You have been arguing about a fence. You have passed motions. '
        'That is not mending the roof."',
        [
            '"You have been arguing about a fence.',
            "You have passed motions.",
            'That is not mending the roof."',
        ],
    ),
    "attribution-stays-with-its-quote": (
        '"What have you all been doing, Sam? Have you been counting votes?" Morgan said.',
        [
            '"What have you all been doing, Sam?',
            'Have you been counting votes?" Morgan said.',
        ],
    ),
    "sentence-after-quote-is-not-a-tail": (
        '"We are finished." The mayor said he would appeal against the ruling next week.',
        ['"We are finished."', "The mayor said he would appeal against the ruling next week."],
    ),
    "short-quote-stays-whole": (
        '"No. Never," the clerk said. The queue grew.',
        ['"No. Never," the clerk said.', "The queue grew."],
    ),
    "chant-stays-whole": (
        'Students chanting "Shame! Resign!" clapped each time a minister left the hall.',
        ['Students chanting "Shame! Resign!" clapped each time a minister left the hall.'],
    ),
    "one-word-answer-before-a-sentence": (
        'The clerk replied: "No. After the vote the papers were sent back."',
        ['The clerk replied: "No.', 'After the vote the papers were sent back."'],
    ),
    "closing-mark-after-a-stop-stays-with-its-sentence": (
        "The shop will stay shut.\n\n"
        'We cannot open until the spring." she said.\n\n"It starts again." said the owner.\n\n'
        'The council will meet on Friday."\n',
        [
            "The shop will stay shut.",
            'We cannot open until the spring." she said.',
            '"It starts again." said the owner.',
            'The council will meet on Friday."',
        ],
    ),
    "month-abbreviation-before-a-day": (
        "The rules date from the post-Sept. 11 law that the council passed in haste.",
        ["The rules date from the post-Sept. 11 law that the council passed in haste."],
    ),
    "a-shout-closes-its-quotation": (
        "The officers gave the warning: 'Armed police! Stop!'. Then they fired twice.",
        ["The officers gave the warning: 'Armed police! Stop!'.", "Then they fired twice."],
    ),
    "two-quotations-two-sentences": (
        'He called the staff "true professionals." "In the abstract, you can complain," he said.',
        [
            'He called the staff "true professionals."',
            '"In the abstract, you can complain," he said.',
        ],
    ),
    "a-closing-single-quote-ends-its-sentence": (
        "She said: 'It was hard on the staff, particularly women. ' After the verdict she left.",
        [
            "She said: 'It was hard on the staff, particularly women. '",
            "After the verdict she left.",
        ],
    ),
    "initials-before-a-possessive": (
        "There is concern about leaving the U.S.' allies alone. The talks go on.",
        ["There is concern about leaving the U.S.' allies alone.", "The talks go on."],
    ),
    "a-quotation-after-an-attribution": (
        'It was hard "at short notice," the mayor said. "So we must act now," she added.',
        ['It was hard "at short notice," the mayor said.', '"So we must act now," she added.'],
    ),
    "list-items-after-a-lead-in": (
        "The owner is also alleged to have:\n\n"
        "HIT a child on the head with a hardback book until it cried\n\n"
        "LEFT a toddler alone in a high chair for an hour.\n",
        [
            "The owner is also alleged to have:",
            "HIT a child on the head with a hardback book until it cried",
            "LEFT a toddler alone in a high chair for an hour.",
        ],
    ),
    "single-quotes": (
        "The recorder asked: 'Could she have seen him? Was the lamp lit?' The jury retired.",
        [
            "The recorder asked: 'Could she have seen him?",
            "Was the lamp lit?'",
            "The jury retired.",
        ],
    ),
    "apostrophes-are-not-quotes": (
        "The boys' bikes were found. He said: 'We don't know who took them. We never will.'",
        [
            "The boys' bikes were found.",
            "He said: 'We don't know who took them.",
            "We never will.'",
        ],
    ),
    "tex-quotes": (
        "He said: ``The yard was empty. The gate was open.'' The jury retired.",
        ["He said: \u201cThe yard was empty.", "The gate was open.\u201d", "The jury retired."],
    ),
    "hard-wrapped": (
        "Opening line of the story, complete in itself.\n\n"
        "The committee met on Tuesday to discuss the budget and\n"
        "agreed to postpone the vote until the new figures\n"
        "arrive from the ministry next week.\n",
        [
            "Opening line of the story, complete in itself.",
            "The committee met on Tuesday to discuss the budget and agreed to postpone the vote "
            "until the new figures arrive from the ministry next week.",
        ],
    ),
    "first-paragraph-broken-across-a-blank-line": (
        "THE ferry that ran aground off the headland was refloated last night and towed to\n\n"
        "harbour by two tugs.\n\nNobody was hurt, the coastguard said.\n",
        [
            "THE ferry that ran aground off the headland was refloated last night and towed to "
            "harbour by two tugs.",
            "Nobody was hurt, the coastguard said.",
        ],
    ),
}


@pytest.mark.parametrize("text,expected", SENTENCES.values(), ids=SENTENCES.keys())
def test_sentences(text: str, expected: list[str]) -> None:
    """Sentence boundaries and clean display text for each tricky input."""
    got = segment(text).sentences
    assert [s.text for s in got] == expected


@pytest.mark.parametrize("text", [t for t, _ in SENTENCES.values()], ids=SENTENCES.keys())
def test_offsets_index_the_source(text: str) -> None:
    """Every sentence's offsets point at its own words in the source."""
    for s in segment(text).sentences:
        source = text[s.start : s.end]
        assert source == source.strip() and source
        assert s.text.split()[0].strip('"\u201c*[') in source


BOILERPLATE = {
    "copyright": ("\u00a9 Copyright Example News 2024. All rights reserved.", "copyright"),
    "all-rights": ("Copyright 2021 Daily Planet. All Rights Reserved.", "copyright"),
    "share": ("Share on Facebook Share on Twitter", "share"),
    "related": ("**Related article:** [Something happened](#)", "related"),
    "read-time": ("2 min read", "read time"),
    "published": ("Published 19.07.2019 00:07", "dateline"),
    "date-only": ("18 July, 2019", "dateline"),
    "byline": ("By Jane Doe", "byline"),
    "caption": ("Soldiers stand guard near the border [Getty]", "caption"),
    "ad-percent": ("Get 40% Off", "ad"),
    "ad-disclosure": ("3rd party Ad. Not an offer or recommendation by Example.com.", "ad"),
    "newsletter": ("Sign up for our newsletter to get the news first.", "ad"),
    "url": ("<https://example.com/2019/07/18/story>", "link"),
    "label": ("Original url:", "label"),
    "legal": (
        "The data on this website is not necessarily accurate and we accept no liability.",
        "legal",
    ),
}


@pytest.mark.parametrize("line,kind", BOILERPLATE.values(), ids=BOILERPLATE.keys())
def test_boilerplate_lines(line: str, kind: str) -> None:
    """A boilerplate line amid body text is recognised for what it is."""
    body = "The army advanced on the town on Friday, residents said."
    kinds = classify([body, line, body + " More followed."])
    assert kinds[0] is None and kinds[2] is None
    assert kinds[1] == kind


def test_everything_after_a_comments_header_is_furniture() -> None:
    """Once the comment section starts, the page's remaining text is not the article."""
    body = "The army advanced on the town on Friday, residents said."
    kinds = classify([body, "Latest comments", "Great article, thanks for sharing it."])
    assert kinds == [None, "comments", "comments"]


def test_headline_block_is_not_body() -> None:
    """Title and kicker lines above the first real paragraph are furniture."""
    kinds = classify(
        [
            "Russia deploying special forces in Idlib, opposition says",
            "A second headline without a full stop",
            "The first paragraph of the story tells what happened yesterday.",
            "Short subhead",
            "Another body paragraph follows here with a full stop.",
        ]
    )
    assert kinds == ["title", "title", None, "heading", None]


def test_news_body_sentences_are_never_boilerplate() -> None:
    """Ordinary sentences that mention money, sites or comments stay body text."""
    body = [
        "The minister said the website of the ministry had been hacked on Monday.",
        "Shares in the company rose 4% after it posted earnings.",
        "He declined to comment on the report, his office said.",
        "Trading on the financial markets was halted on Friday after the announcement.",
        "The agreement could unlock billions in aid for the region, officials said.",
        "Advertising revenue at the newspaper group fell by a fifth last year.",
        "Few investors subscribe to that view, analysts at the bank said.",
        "Popular anger grew after the copyright dispute reached the courts in May.",
        "Related measures were announced by the ministry on Tuesday.",
        "Investors share this concern, analysts said.",
    ]
    assert classify(body) == [None] * len(body)


def test_dateline_prefix_is_boilerplate() -> None:
    """'BEIRUT (Reuters) - ' is cut from the first sentence and marked boilerplate."""
    text = "BEIRUT (Reuters) - Russia stepped up raids on Friday. More came."
    seg = segment(text)
    assert seg.sentences[0].text == "Russia stepped up raids on Friday."
    assert any(text[b.start : b.end] == "BEIRUT (Reuters) - " for b in seg.boilerplate)


def test_front_matter_is_boilerplate() -> None:
    """Text before body_start is one boilerplate span and yields no sentences."""
    text = "---\ntitle: X\n---\nThe body sentence is here.\n"
    seg = segment(text, body_start=17)
    assert [s.text for s in seg.sentences] == ["The body sentence is here."]
    assert seg.boilerplate[0].start == 0 and seg.boilerplate[0].end == 17


# Reflowing: the same paragraphs laid out as a newsroom or a mail client would.
_WORDS = (
    "council river bridge officials said the new plan would cost money residents week again "
    "closed road after storm and was engineers repairs ferry harbour evening police station"
)
_VOCABULARY = _WORDS.split()
_sentence = st.lists(
    st.tuples(st.sampled_from(_VOCABULARY), st.booleans()), min_size=4, max_size=16
).map(
    lambda words: (
        " ".join(
            (w.capitalize() if i == 0 else w) + ("," if comma and 0 < i < len(words) - 1 else "")
            for i, (w, comma) in enumerate(words)
        )
        + "."
    )
)
_paragraphs = st.lists(
    st.lists(_sentence, min_size=1, max_size=4).map(" ".join), min_size=2, max_size=6
)
_HEADER = (
    "  " + "-" * 72 + "\n\n      10:15 03/02/01: Page 1 (HHH) NEWS River\n  " + "-" * 72 + "\n"
)


def _layouts(paragraphs: list[str]) -> dict[str, str]:
    """One text per layout: blank-line paragraphs, hard-wrapped at several widths with and
    without blank lines between paragraphs, and wire copy (a control byte opening each
    paragraph, '<' closing it, a ruled header with a slug line)."""
    out = {"one per line": "\n".join(paragraphs) + "\n"}
    for width in (40, 60, 72, 80):
        wrapped = [textwrap.fill(p, width) for p in paragraphs]
        out[f"wrapped at {width}, blank lines"] = "\n\n".join(wrapped) + "\n"
        out[f"wrapped at {width}, no blank lines"] = "\n".join(wrapped) + "\n"
        out[f"wire copy at {width}"] = (
            _HEADER + "".join(f"\x19{w}<\n" for w in wrapped) + "\x19end<\n"
        )
    return out


@settings(max_examples=40, deadline=None)
@given(_paragraphs)
def test_reflowing_a_hard_wrapped_text_keeps_its_sentences(paragraphs: list[str]) -> None:
    """However the paragraphs are wrapped or marked, the body sentences are the same."""
    expected = [s.text for s in segment("\n\n".join(paragraphs)).sentences]
    assert len(expected) >= len(paragraphs)
    for layout, text in _layouts(paragraphs).items():
        got = [s.text for s in segment(text).sentences]
        assert got == expected, layout


def test_wrapped_paragraphs_without_blank_lines_are_found() -> None:
    """A paragraph ends where the next line's first word would have fitted on its last line."""
    paragraphs = [
        "The council voted on Tuesday to close the old library on the high street, a decision "
        "that campaigners said would leave children without a place to study.",
        "Officials said the building needed repairs costing more than two million pounds.",
        "A petition against the closure gathered four thousand signatures in a week.",
    ]
    text = "\n".join(textwrap.fill(p, 60) for p in paragraphs)
    seg = segment(text)
    assert [text[p.start : p.end].replace("\n", " ") for p in seg.paragraphs] == paragraphs


def test_one_paragraph_per_line_is_not_reflowed() -> None:
    """Long lines of any length, one paragraph each, stay one paragraph each."""
    lines = [
        "The council voted on Tuesday to close the old library on the high street, a decision "
        "that campaigners said would leave thousands of children without a place to study.",
        "Officials said the building needed repairs.",
        "A petition against the closure gathered four thousand signatures in a single week.",
    ]
    seg = segment("\n".join(lines))
    assert len(seg.paragraphs) == 3
