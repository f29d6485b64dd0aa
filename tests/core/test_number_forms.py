"""Number forms of real news, as named cases written for this project (no third-party text).

The shapes come from wire copy and the papers that rewrote it, and from US political
reporting: scales glued to the figure, '#' standing for '£' in 7-bit wire copy, decades,
weekday names, ages however written, multipliers, loose and hedged counts, sums, rounding,
list numbers. Each case says what must be read, and what must (not) be paired.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from reader.align.compare import compare
from reader.align.numpair import compare_numbers
from reader.ingest.article import load_article
from reader.ingest.numbers import extract_numbers, hash_is_pound

# name, text, expected mentions as (text, value, kind, unit)
FORMS: list[tuple[str, str, list[tuple[str, float, str, str | None]]]] = [
    ("glued_million_money", "a £1.5million grant", [("£1.5million", 1.5e6, "money", "£")]),
    ("glued_million_round", "a £200million loss", [("£200million", 2e8, "money", "£")]),
    ("glued_billion_count", "reached 3billion viewers", [("3billion", 3e9, "count", "viewers")]),
    ("decade", "popular since the 1960s", [("1960s", 1960, "year", "decade")]),
    ("decade_apostrophe", "a hit of the 1980's", [("1980's", 1980, "year", "decade")]),
    ("decade_prefixed", "built in the mid-1970s", [("1970s", 1970, "year", "decade")]),
    ("weekday", "the vote on Tuesday", [("Tuesday", 2, "date", "weekday")]),
    ("weekday_plural_is_habit", "the market opens on Sundays", []),
    ("age_hyphenated", "a 35-year-old driver", [("35", 35, "count", "age")]),
    ("age_years_old", "she is 35 years old", [("35", 35, "count", "age")]),
    ("age_aged", "a driver aged 35 was", [("35", 35, "count", "age")]),
    ("age_appositive", "Ms Reed, 35, denied it", [("35", 35, "count", "age")]),
    ("age_bracketed", "Ms Reed (35) denied it", [("35", 35, "count", "age")]),
    (
        "age_range",
        "pupils between 12 and 16 years old",
        [("12", 12, "count", "age"), ("16", 16, "count", "age")],
    ),
    (
        "age_listed",
        "the twins, aged 16 and 13 respectively",
        [("16", 16, "count", "age"), ("13", 13, "count", "age")],
    ),
    ("times", "a dose 20 times stronger", [("20", 20, "count", "times")]),
    ("times_fold", "a 20-fold rise", [("20-fold", 20, "count", "times")]),
    ("hedged_some", "some 16 new bills", [("16", 16, "count", "bills")]),
    ("modifier_skipped", "some 16 House-passed measures", [("16", 16, "count", "measures")]),
    ("participle_skipped", "one attempted robbery", [("one", 1, "count", "robbery")]),
    ("and_a_half", "for five and a half months", [("five and a half", 5.5, "count", "months")]),
    (
        "and_a_half_hyphens",
        "for seven-and-a-half years",
        [("seven-and-a-half", 7.5, "count", "years")],
    ),
    ("mixed_fraction", "for 4 1/2 years", [("4 1/2", 4.5, "decimal", "years")]),
    ("vulgar_fraction", "for 4½ years", [("4½", 4.5, "decimal", "years")]),
    ("odds", "a 1 in 3 chance", [("1 in 3", 1 / 3, "decimal", "odds")]),
    ("odds_words", "a two-in-three chance", [("two-in-three", 2 / 3, "decimal", "odds")]),
    (
        "figure_then_in_is_no_odds",
        "raised £640,000 in four months",
        [("£640,000", 640000, "money", "£"), ("four", 4, "count", "months")],
    ),
    (
        "decimal_then_in_is_no_odds",
        "grew 2.5 in six weeks",
        [("2.5", 2.5, "decimal", None), ("six", 6, "count", "weeks")],
    ),
    ("label_is_ordinal", "on day three of the trial", [("three", 3, "ordinal", None)]),
    ("list_number_skipped", "9. May 3, 1999: a hearing", [("May 3, 1999", 19990503, "date", None)]),
    ("wrapped_line", "guilty of five\nburglaries", [("five", 5, "count", "burglaries")]),
]


@pytest.mark.parametrize(("text", "expected"), [pytest.param(t, e, id=n) for n, t, e in FORMS])
def test_forms(text: str, expected: list[tuple[str, float, str, str | None]]) -> None:
    """Each form is read with its text, value, kind and unit; offsets reproduce the text."""
    found = extract_numbers(text)
    assert [(m.text, m.kind, m.unit) for m in found] == [(t, k, u) for t, _, k, u in expected]
    assert [m.value for m in found] == [pytest.approx(v) for _, v, _, _ in expected]
    for m in found:
        assert text[m.start : m.end] == m.text


def test_loose_counts_are_approximate() -> None:
    """ "a year or two", "two or three": loose counts, paired only as vague ones are."""
    assert [m.approximate for m in extract_numbers("in a year or two")] == [True]
    assert [m.approximate for m in extract_numbers("two or three weeks")] == [True, True]
    assert [m.approximate for m in extract_numbers("two weeks")] == [False]


# --- '#' for '£' ----------------------------------------------------------------------------

WIRE = "A builder was fined nearly #3,000 today.\n\nHe had kept #450 of the takings.\n"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        pytest.param(WIRE, True, id="wire_copy"),
        pytest.param("The fee was #2.5 million.", True, id="scaled"),
        pytest.param(WIRE + "The pound (£) fell.", False, id="has_pound_sign"),
        pytest.param(WIRE + "Fans posted #FreeTheBuilder.", False, id="has_hashtag"),
        pytest.param("The #1 single of the week.", False, id="number_one"),
        pytest.param("Curly quotes &#8217;300 as an entity.", False, id="entity"),
        pytest.param("No hash at all: 3,000.", False, id="no_hash"),
    ],
)
def test_hash_is_pound(text: str, expected: bool) -> None:
    """'#' is '£' only in a file that never writes '£' nor a hashtag, and has a '#' figure
    shaped like money."""
    assert hash_is_pound(text) is expected


def test_hash_read_as_pound_only_when_told() -> None:
    """With the flag, "#3,000" is £3,000 as written; without it, it is not a number."""
    (m,) = extract_numbers("fined nearly #3,000 today", hash_pound=True)
    assert (m.text, m.value, m.kind, m.unit) == ("#3,000", 3000, "money", "£")
    assert extract_numbers("fined nearly #3,000 today") == ()


def _write(folder: Path, name: str, text: str) -> Path:
    path = folder / name
    path.write_text(text, encoding="utf-8")
    return path


def _flags(left: Path, right: Path) -> list[tuple[str, str]]:
    c = compare(load_article(left), load_article(right))
    return [(d.left.text, d.right.text) for row in c.rows for d in row.numbers if d.differs]


PAPER = (
    "A builder who kept takings from a village hall was fined £2,750 yesterday.\n\n"
    "The court heard he had kept £450 of the money.\n"
)
WIRE_STORY = (
    "A builder who kept takings from a village hall was fined nearly #3,000 today.\n\n"
    "The court heard he had kept #450 of the money.\n"
)


def test_wire_hash_against_paper_pound(tmp_path: Path) -> None:
    """compare() decides '#' per file: the wire's "nearly #3,000" differs from the paper's
    £2,750 (nearly means within 5%), and its "#450" agrees with £450."""
    wire, paper = _write(tmp_path, "wire.txt", WIRE_STORY), _write(tmp_path, "paper.txt", PAPER)
    assert _flags(wire, paper) == [("#3,000", "£2,750")]
    c = compare(load_article(wire), load_article(paper))
    same = [(d.left.text, d.right.text) for r in c.rows for d in r.numbers if not d.differs]
    assert same == [("#450", "£450")]


def test_hash_not_pound_in_a_file_with_pound(tmp_path: Path) -> None:
    """A file that writes '£' somewhere keeps '#' as it is: no money is read from it."""
    text = WIRE_STORY + "\nThe hall's roof cost £9,000.\n"
    wire, paper = _write(tmp_path, "wire.txt", text), _write(tmp_path, "paper.txt", PAPER)
    assert _flags(wire, paper) == []


def test_hash_not_pound_in_a_file_with_hashtags(tmp_path: Path) -> None:
    """A file with hashtags uses '#' as a hashtag sign, never as '£'."""
    text = WIRE_STORY + "\nVillagers posted #SaveOurHall.\n"
    wire, paper = _write(tmp_path, "wire.txt", text), _write(tmp_path, "paper.txt", PAPER)
    assert _flags(wire, paper) == []


# --- pairing --------------------------------------------------------------------------------


def pairs(left: str, right: str) -> list[tuple[str, str, bool]]:
    """The pairs of two sentences, (left text, right text, differs), both ways round."""
    found = compare_numbers(extract_numbers(left), left, extract_numbers(right), right)
    back = compare_numbers(extract_numbers(right), right, extract_numbers(left), left)
    assert sorted((d.right.text, d.left.text, d.differs) for d in back) == sorted(
        (d.left.text, d.right.text, d.differs) for d in found
    )
    return [(d.left.text, d.right.text, d.differs) for d in found]


@pytest.mark.parametrize(
    ("left", "right", "expected"),
    [
        pytest.param(
            "Pc Reed, 34, is accused of hitting a colleague.",
            "Constable Ann Reed, 35, hit a colleague.",
            [("34", "35", True)],
            id="age_differs",
        ),
        pytest.param(
            "A 13-year-old pupil was charged.",
            "The 12-year-old pupil was charged.",
            [("13", "12", True)],
            id="age_hyphenated_differs",
        ),
        pytest.param(
            "a £1.5million grant for the hall",
            "a £1.5 million grant for the hall",
            [("£1.5million", "£1.5 million", False)],
            id="glued_scale_equal",
        ),
        pytest.param(
            "the band was popular in the 1960s",
            "the band was popular in the 1970s",
            [("1960s", "1970s", True)],
            id="decades_differ",
        ),
        pytest.param(
            "made the dose 20 times stronger than needed",
            "gave a dose twenty times stronger than needed",
            [("20", "twenty", False)],
            id="times_one_quantity",
        ),
        pytest.param(
            "a 20-fold overdose of the drug",
            "a dose 20 times too strong of the drug",
            [("20-fold", "20", False)],
            id="fold_is_times",
        ),
        pytest.param(
            "She stole more than £275,000 from investors.",
            "She stole more than £300,000 from investors.",
            [("£275,000", "£300,000", True)],
            id="two_lower_bounds_differ",
        ),
        pytest.param(
            "She stole nearly £300,000 from investors.",
            "She stole £275,000 from investors.",
            [("£300,000", "£275,000", True)],
            id="nearly_is_close",
        ),
        pytest.param(
            "The House passed the bill on Tuesday.",
            "The House passed the bill on Tuesday.",
            [("Tuesday", "Tuesday", False)],
            id="weekday_equal",
        ),
        pytest.param(
            "The victims were Ann Ray, 65, Joan Lee, 61, and Mary Fox, 70.",
            "The victims were Joan Lee, 81, Ann Ray, 64, and Mary Fox, 70.",
            [("65", "64", True), ("61", "81", True), ("70", "70", False)],
            id="ages_follow_names_in_a_list",
        ),
        pytest.param(
            "Tom Hale, 51, and his wife Jane, 52, left the village.",
            "Jane Hale, 53, and her husband Tom, 52, left the village.",
            [("51", "52", True), ("52", "53", True)],
            id="equal_ages_of_two_people",
        ),
        pytest.param(
            "1. Smith was held on May 3, 1999.",
            "2. Smith was held on May 3, 1999.",
            [("May 3, 1999", "May 3, 1999", False)],
            id="list_numbers_skipped",
        ),
    ],
)
def test_paired(left: str, right: str, expected: list[tuple[str, str, bool]]) -> None:
    """The same quantity told two ways is paired; flagged only when the values conflict."""
    assert pairs(left, right) == expected


@pytest.mark.parametrize(
    ("left", "right"),
    [
        pytest.param(
            "Reed, 36, joined the force in the city.",
            "Reed joined the force in the city 12 years ago.",
            id="age_vs_years",
        ),
        pytest.param(
            "Reed, 36, has served the force.",
            "Reed has served the force for 36 years.",
            id="age_vs_equal_years",
        ),
        pytest.param(
            "Takings have risen 20 times since the hall reopened.",
            "Takings reached 25 since the hall reopened.",
            id="times_vs_count",
        ),
        pytest.param(
            "Ticket sales topped £240m in the US.",
            "Ticket sales topped more than £200million in the US.",
            id="lower_bound_holds_figure",
        ),
        pytest.param(
            "They paid $13,625,777 in state taxes.",
            "They paid $13.6 million in state taxes.",
            id="rounded_holds_figure",
        ),
        pytest.param(
            "He claimed £16,970 of one allowance and £2,435 of another.",
            "He claimed £19,405 in benefits.",
            id="sum_of_two",
        ),
        pytest.param(
            "They earned $141 million and paid nearly $44 million in taxes.",
            "They paid $43 million in taxes.",
            id="consistent_pair_used_up",
        ),
        pytest.param(
            "The aide apologised Saturday for her post about the visit.",
            "The aide resigned Monday after her post about the visit.",
            id="weekdays_of_two_events",
        ),
        pytest.param(
            "It was the second meeting of the leaders this week.",
            "It was the first meeting of the leaders in weeks.",
            id="ordinals_of_two_things",
        ),
        pytest.param(
            "The minister made a one-day visit to the town.",
            "The minister came to the town after 12 days of protests.",
            id="shared_noun_alone",
        ),
        pytest.param(
            "The hall was opened in 1996.",
            "In 1997 the council sold the land.",
            id="years_of_two_events",
        ),
        pytest.param(
            "The lottery gave £78 million and the total cost is £214 million.",
            "The lottery gave £78 million and an appeal raised £100 million.",
            id="last_resort_needs_close_sizes",
        ),
        pytest.param(
            "She said she sent roughly 60,000 emails from the account.",
            "She said one device for her emails was easier than two.",
            id="thin_context_needs_close_sizes",
        ),
        pytest.param(
            "the band was popular in the 1960s",
            "the band was popular in 1965",
            id="decade_vs_year",
        ),
    ],
)
def test_not_flagged(left: str, right: str) -> None:
    """Different quantities, or figures that agree, are never flagged."""
    assert [p for p in pairs(left, right) if p[2]] == []
