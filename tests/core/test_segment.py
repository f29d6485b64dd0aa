"""Segmentation over a named corpus of tricky inputs: sentences, paragraphs, boilerplate."""

from __future__ import annotations

import pytest

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
