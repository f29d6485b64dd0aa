"""Number extraction and cross-side pairing: a named corpus, the seed examples, properties."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from reader.align.numpair import compare_numbers
from reader.ingest.numbers import extract_numbers

# name, text, expected mentions as (text, value, kind)
CORPUS: list[tuple[str, str, list[tuple[str, float, str]]]] = [
    # digits, separators, decimals
    (
        "thousands_separator",
        "forced over 300,000 civilians to flee",
        [("300,000", 300000, "count")],
    ),
    ("plain_digits", "some 3000 people", [("3000", 3000, "count")]),
    ("decimal", "rose by 1.5 points", [("1.5", 1.5, "decimal")]),
    ("european_decimal", "a ratio of 4,56 was seen", [("4,56", 4.56, "decimal")]),
    ("comma_thousands_not_decimal", "4,560 votes", [("4,560", 4560, "count")]),
    ("european_thousands", "1.500.000 voters", [("1.500.000", 1500000, "count")]),
    ("signed_european_percent", "Biogen, up +4,56% after", [("+4,56%", 4.56, "percent")]),
    ("negative", "fell to -5 degrees", [("-5", -5, "count")]),
    ("range", "aged 10-15 years", [("10", 10, "count"), ("15", 15, "count")]),
    # scaled forms and money
    ("decimal_million", "1.5 million people", [("1.5 million", 1.5e6, "count")]),
    ("digit_million", "around 3 million with", [("3 million", 3e6, "count")]),
    ("half_a_million", "Over half a million civilians", [("half a million", 5e5, "count")]),
    ("dollar_bn", "a $4.2bn deal", [("$4.2bn", 4.2e9, "money")]),
    ("pound_m", "a £25m fine", [("£25m", 25e6, "money")]),
    ("euro_billion", "€3 billion in aid", [("€3 billion", 3e9, "money")]),
    ("currency_word", "4.2 billion dollars", [("4.2 billion dollars", 4.2e9, "money")]),
    ("us_dollar_trillion", "US$1.2 trillion", [("US$1.2 trillion", 1.2e12, "money")]),
    ("k_suffix", "10k runners", [("10k", 1e4, "count")]),
    ("digit_dozen", "2 dozen eggs", [("2 dozen", 24, "count")]),
    # number words
    ("word_twelve", "At least twelve civilians", [("twelve", 12, "count")]),
    ("word_twenty_four_space", "the last twenty four hours", [("twenty four", 24, "count")]),
    ("word_twenty_four_hyphen", "the last twenty-four hours", [("twenty-four", 24, "count")]),
    (
        "word_hundred_and_five",
        "one hundred and five children",
        [("one hundred and five", 105, "count")],
    ),
    ("word_five_children", "including five children were", [("five", 5, "count")]),
    ("word_nearly_ten_days", "nearly ten days ago", [("ten", 10, "count")]),
    ("word_two_month_hyphen", "more than two-month assault", [("two", 2, "count")]),
    ("word_two_month_space", "more than two month assault", [("two", 2, "count")]),
    ("word_a_dozen", "a dozen eggs", [("a dozen", 12, "count")]),
    ("word_a_hundred", "a hundred people", [("a hundred", 100, "count")]),
    ("word_a_million", "a million people", [("a million", 1e6, "count")]),
    (
        "word_big",
        "two million three hundred thousand",
        [("two million three hundred thousand", 2.3e6, "count")],
    ),
    ("word_capitalised", "Twelve people died", [("Twelve", 12, "count")]),
    ("one_before_noun", "one person died", [("one", 1, "count")]),
    ("one_hyphen_noun", "a one-month truce", [("one", 1, "count")]),
    ("one_of_is_noise", "one of dozens of villages", [("dozens", 12, "count")]),
    ("no_one_is_noise", "No one knows", []),
    ("one_in_five", "one in five", [("one in five", 0.2, "decimal")]),
    ("a_alone_is_noise", "a man and a woman", []),
    # vague quantities
    ("vague_dozens", "left dozens of villages", [("dozens", 12, "count")]),
    ("vague_hundreds", "killed hundreds of civilians", [("hundreds", 100, "count")]),
    ("vague_thousands", "displaced thousands of people", [("thousands", 1000, "count")]),
    ("vague_millions", "where millions of people", [("millions", 1e6, "count")]),
    (
        "vague_tens_of_thousands",
        "Tens of thousands of Syrians",
        [("Tens of thousands", 1e4, "count")],
    ),
    (
        "vague_hundreds_of_thousands",
        "hundreds of thousands fled",
        [("hundreds of thousands", 1e5, "count")],
    ),
    ("vague_several_hundred", "several hundred troops", [("several hundred", 100, "count")]),
    # percentages
    ("percent_sign", "Get 40% Off", [("40%", 40, "percent")]),
    ("percent_word", "grew 3.1 percent", [("3.1 percent", 3.1, "percent")]),
    ("per_cent", "grew 3.1 per cent", [("3.1 per cent", 3.1, "percent")]),
    ("percent_number_word", "ten percent of voters", [("ten percent", 10, "percent")]),
    # ordinals
    ("ordinal_first", "the first time", [("first", 1, "ordinal")]),
    ("ordinal_second", "a second attack", [("second", 2, "ordinal")]),
    ("ordinal_3rd", "3rd party", [("3rd", 3, "ordinal")]),
    ("ordinal_21st", "the 21st century", [("21st", 21, "ordinal")]),
    ("ordinal_words", "the twenty-first time", [("twenty-first", 21, "ordinal")]),
    ("ordinal_name", "Fourth Armoured Division", [("Fourth", 4, "ordinal")]),
    # years
    ("year_in", "intervened in 2015.", [("2015", 2015, "year")]),
    ("year_month", "in May 2017 to pave", [("2017", 2017, "year")]),
    ("year_since", "since 2015", [("2015", 2015, "year")]),
    ("year_copyright", "© Copyright IBTimes 2024. All", [("2024", 2024, "year")]),
    ("year_separator_is_count", "2,015 people", [("2,015", 2015, "count")]),
    ("year_range_is_count_before_people", "2015 people", [("2015", 2015, "count")]),
    ("year_after_hedge_is_count", "over 2000 soldiers", [("2000", 2000, "count")]),
    # dates
    ("date_month_day", "starting April 26 under", [("April 26", 426, "date")]),
    ("date_day_month", "on 26 April the", [("26 April", 426, "date")]),
    ("date_us_full", "July 18, 2019", [("July 18, 2019", 20190718, "date")]),
    (
        "date_uk_full",
        "2 min read 18 July, 2019",
        [("2", 2, "count"), ("18 July, 2019", 20190718, "date")],
    ),
    ("date_dotted", "Published 19.07.2019 00:07", [("19.07.2019", 20190719, "date")]),
    (
        "date_slashed",
        "Published 29/08/2019, 22:50",
        [("29/08/2019", 20190829, "date"), ("22:50", 1370, "date")],
    ),
    ("date_us_slashed", "on 08/29/2019", [("08/29/2019", 20190829, "date")]),
    ("date_iso", "on 2019-08-29", [("2019-08-29", 20190829, "date")]),
    ("date_two_digit_year", "the raid on 10 Nov 11.", [("10 Nov 11", 20111110, "date")]),
    (
        "count_after_a_date",
        "on 10 Nov 11 soldiers died",
        [("10 Nov", 1110, "date"), ("11", 11, "count")],
    ),
    ("may_verb_not_date", "they may 5 times", [("5", 5, "count")]),
    # identifiers, URLs, fractions; a time of day
    ("identifier_g7", "the G7 summit", []),
    ("identifier_covid", "COVID-19 cases", []),
    ("identifier_f16", "F-16 jets", []),
    ("identifier_spaced", "two AK 47 rifles on flight MH 17", [("two", 2, "count")]),
    ("country_before_a_count", "the US 10 largest banks", [("10", 10, "count")]),
    ("identifier_5g", "5G network", []),
    ("decade_glued", "the 1990s", [("1990s", 1990, "year")]),
    ("metres_glued", "the 100m sprint", []),
    ("url", "see https://example.com/2019/07/123 now", []),
    ("time", "at 10:30 am", [("10:30 am", 630, "date")]),
    ("fraction", "24/7 service", []),
]


@pytest.mark.parametrize(("text", "expected"), [pytest.param(t, e, id=n) for n, t, e in CORPUS])
def test_extract_corpus(text: str, expected: list[tuple[str, float, str]]) -> None:
    """Each form is found with the right text, value and kind, and offsets reproduce it."""
    found = extract_numbers(text)
    assert [(m.text, m.kind) for m in found] == [(t, k) for t, _, k in expected]
    assert [m.value for m in found] == [pytest.approx(v) for _, v, _ in expected]
    for m in found:
        assert text[m.start : m.end] == m.text


# name, text, mention text, approximate, unit
DETAILS = [
    ("noun_civilians", "forced over 300,000 civilians to flee", "300,000", False, "civilians"),
    ("noun_sorties", "more than 200 sorties", "200", False, "sorties"),
    ("noun_after_of", "left dozens of villages", "dozens", True, "villages"),
    ("noun_skips_adjective", "one of dozens of rural villages", "dozens", True, "villages"),
    ("noun_after_hyphen", "two-month assault", "two", False, "month"),
    ("noun_missing", "forced 300,000 from their home", "300,000", False, None),
    ("noun_not_verb", "3,000 fled", "3,000", False, None),
    ("unit_dollar", "$4.2bn", "$4.2bn", False, "$"),
    ("unit_pound", "£25m", "£25m", False, "£"),
    ("unit_percent", "40%", "40%", False, "%"),
    (
        "approx_tens_of_thousands",
        "tens of thousands of people",
        "tens of thousands",
        True,
        "people",
    ),
    ("hedge_not_approx", "nearly ten days", "ten", False, "days"),
]


@pytest.mark.parametrize(
    ("text", "mention", "approximate", "unit"), [pytest.param(*d[1:], id=d[0]) for d in DETAILS]
)
def test_extract_unit_and_approximate(
    text: str, mention: str, approximate: bool, unit: str | None
) -> None:
    """The counted noun or currency lands in `unit`; vague quantities are approximate."""
    (m,) = [m for m in extract_numbers(text) if m.text == mention]
    assert (m.approximate, m.unit) == (approximate, unit)


def pairs(left: str, right: str) -> list[tuple[str, str, bool, float | None]]:
    """Compare the numbers of two sentences; (left text, right text, differs, ratio)."""
    found = compare_numbers(extract_numbers(left), left, extract_numbers(right), right)
    return [(d.left.text, d.right.text, d.differs, d.ratio) for d in found]


IBTIMES = (
    "The conflict has not only left dozens of villages and towns in ruins but as per the "
    "United Nations, forced over 3,000 civilians to flee to the safety of areas closer to the "
    "Turkish border."
)
NEW_ARAB = (
    "The Russia-led regime offensive on Idlib has killed hundreds of civilians and forced "
    "300,000 from their home."
)


def test_flags_dropped_zeros() -> None:
    """The seed discrepancy: 3,000 vs 300,000 civilians."""
    left, right = "forced over 3,000 civilians to flee", "forced over 300,000 civilians to flee"
    assert pairs(left, right) == [("3,000", "300,000", True, 100.0)]


def test_flags_dropped_zeros_across_rewrites() -> None:
    """3,000 pairs with 300,000; dozens (villages) and hundreds (civilians) stay apart."""
    assert pairs(IBTIMES, NEW_ARAB) == [("3,000", "300,000", True, 100.0)]
    assert pairs(NEW_ARAB, IBTIMES) == [("300,000", "3,000", True, 100.0)]


@pytest.mark.parametrize(
    ("left", "right"),
    [
        pytest.param("3,000 people fled", "3000 people fled", id="separator"),
        pytest.param("At least twelve civilians", "At least 12 civilians", id="word_digits"),
        pytest.param("a two-month assault", "a two month assault", id="hyphen"),
        pytest.param("a $4.2bn deal", "a $4.2 billion deal", id="money_scale"),
        pytest.param("a $4.2bn deal", "a 4.2 billion dollars deal", id="money_word"),
        pytest.param("on 18 July, 2019", "on July 18, 2019", id="date_order"),
        pytest.param("on 18 July, 2019", "on 18.07.2019", id="date_numeric"),
        pytest.param("grew 3.1 percent", "grew 3.1%", id="percent"),
        pytest.param("half a million people", "500,000 people", id="half_a_million"),
        pytest.param("intervened in 2015", "intervened in September 2015", id="year"),
        pytest.param("left dozens of villages", "left dozens of villages", id="vague"),
    ],
)
def test_format_variants_pair_equal(left: str, right: str) -> None:
    """The same value written two ways pairs and is never flagged."""
    assert [p[2:] for p in pairs(left, right)] == [(False, None)]


@pytest.mark.parametrize(
    ("left", "right"),
    [
        pytest.param("hundreds of civilians died", "300 civilians died", id="vague_vs_exact"),
        pytest.param("left dozens of villages", "killed hundreds of civilians", id="vague_nouns"),
        pytest.param("killed 3,000 civilians and", "killed 300 soldiers and", id="nouns_differ"),
        pytest.param(
            "starting April 26 under", "starting April 26, 2019 under", id="date_precision"
        ),
        pytest.param("starting in April", "starting April 26", id="month_alone"),
        pytest.param("in 2015 the", "2,015 people", id="year_vs_count"),
        pytest.param("a $3 million fine", "a €3 million fine", id="currencies"),
        pytest.param("40% of voters", "40 of voters", id="percent_vs_count"),
        pytest.param(
            "almost three months have passed", "More than two months of", id="hedges_agree"
        ),
        pytest.param("No numbers here.", "None here either.", id="empty"),
        pytest.param(
            "swam the Channel in four-and-a-half hours",
            "swam the Channel in four hours and 50 minutes",
            id="measure_in_two_units",
        ),
        # Two people's ages: the "-year-old" form is not context they share.
        pytest.param(
            "jailed for raping a 19-year-old woman. A jury found Lee Ward, 36, guilty.",
            "Yesterday the 36-year-old was jailed for life.",
            id="two_peoples_ages",
        ),
    ],
)
def test_not_paired(left: str, right: str) -> None:
    """Different quantities, or ones that can't conflict, are left unpaired."""
    assert pairs(left, right) == []


def test_one_persons_age_told_differently_is_flagged() -> None:
    """The same person's age, told two ways, is still one quantity: shared context beyond
    the form of the age ("babysitter", a name) pairs it."""
    assert pairs(
        "A 13-year-old babysitter appeared in court today.",
        "The toddler was killed by her 12-year-old babysitter, a court heard.",
    ) == [("13", "12", True, 13 / 12)]
    assert pairs("Pc Joy Hendricks, 34, is accused.", "WPC Joy Hendricks, 35, was cleared.") == [
        ("34", "35", True, 35 / 34)
    ]


def test_measure_in_two_units_still_differs_beyond_its_range() -> None:
    """"four hours and 50 minutes" is four to five hours: six hours is a difference."""
    assert pairs("swam it in six hours", "swam it in four hours and 50 minutes") == [
        ("six", "four", True, 1.5)
    ]


def test_dates_differ_without_a_ratio() -> None:
    """September 8 vs September 7 differ by a day, not by x1."""
    assert pairs("attacked on September 8 last year", "attacked on September 7 last year") == [
        ("September 8", "September 7", True, None)
    ]


def test_vague_pair_on_same_noun() -> None:
    """Vague quantities of the same counted noun may differ."""
    assert pairs("hundreds of civilians died", "thousands of civilians died") == [
        ("hundreds", "thousands", True, 10.0)
    ]


def test_years_pair_with_years() -> None:
    """A lone year on each side is compared."""
    assert pairs("the war since 2015.", "the war since 2016.")[0][:3] == ("2015", "2016", True)


def test_last_counts_left_are_paired() -> None:
    """One unpaired exact count on each side, no counted nouns: compared."""
    assert pairs("The toll rose to 5.", "The number stood at 7.") == [("5", "7", True, 1.4)]


def test_ratio_none_with_zero() -> None:
    """ratio is None when either value is zero."""
    assert pairs("0 deaths were reported", "3 deaths were reported") == [("0", "3", True, None)]


def test_each_mention_used_once() -> None:
    """Two equal mentions on the left, one on the right: one pair."""
    assert pairs("5 people and 5 people", "5 people") == [("5", "5", False, None)]


def test_equal_values_pair_before_unequal() -> None:
    """12 pairs with twelve, leaving 30 to pair with 40."""
    got = pairs("12 soldiers and 30 civilians died", "40 civilians and twelve soldiers died")
    assert sorted(got) == [("12", "twelve", False, None), ("30", "40", True, pytest.approx(4 / 3))]


# --- properties ---------------------------------------------------------------------------

_ONES = ["zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten",
         "eleven", "twelve", "thirteen", "fourteen", "fifteen", "sixteen", "seventeen",
         "eighteen", "nineteen"]  # fmt: skip
_TENS = ["_", "_", "twenty", "thirty", "forty", "fifty", "sixty", "seventy", "eighty", "ninety"]


def words(n: int, sep: str = "-", use_and: bool = True) -> str:
    """English words for 0 <= n < 10**12."""
    if n < 20:
        return _ONES[n]
    if n < 100:
        return _TENS[n // 10] + (sep + _ONES[n % 10] if n % 10 else "")
    if n < 1000:
        rest = n % 100
        tail = (" and " if use_and else " ") + words(rest, sep, use_and) if rest else ""
        return _ONES[n // 100] + " hundred" + tail
    for scale, name in ((10**9, "billion"), (10**6, "million"), (10**3, "thousand")):
        if n >= scale:
            rest = n % scale
            tail = " " + words(rest, sep, use_and) if rest else ""
            return words(n // scale, sep, use_and) + " " + name + tail
    raise AssertionError(n)


@given(st.integers())
def test_comma_formatted_ints(n: int) -> None:
    """Any int written with thousands separators reads back as itself."""
    (m,) = extract_numbers(f"{n:,} people")
    assert (m.value, m.kind, m.unit) == (float(n), "count", "people")


@given(st.integers())
def test_plain_ints(n: int) -> None:
    """Any int written as bare digits reads back as itself."""
    (m,) = extract_numbers(f"{n} people")
    assert (m.value, m.kind, m.unit) == (float(n), "count", "people")


@given(st.integers(0, 10**12 - 1), st.sampled_from(["-", " "]), st.booleans())
def test_word_ints(n: int, sep: str, use_and: bool) -> None:
    """Any int up to a trillion written in words reads back as itself."""
    (m,) = extract_numbers(f"Officials said {words(n, sep, use_and)} people fled.")
    assert (m.value, m.kind) == (float(n), "count")


FORMATS: list[Callable[[int], str]] = [
    lambda n: f"{n:,}",
    lambda n: f"{n}",
    lambda n: words(n),
    lambda n: words(n, " ", use_and=False),
    lambda n: f"{n / 10**6:g} million" if n % 10**5 == 0 and n >= 10**6 else f"{n:,}",
]


@given(st.integers(0, 10**10), st.sampled_from(FORMATS), st.sampled_from(FORMATS))
def test_format_variants_never_differ(
    n: int, fmt_left: Callable[[int], str], fmt_right: Callable[[int], str]
) -> None:
    """The same value written two ways is paired and never flagged."""
    left = f"The UN said {fmt_left(n)} people fled the fighting."
    right = f"The UN said {fmt_right(n)} people fled the fighting."
    assert [p[2] for p in pairs(left, right)] == [False]


TOKENS = [
    "3,000", "300,000", "3000", "twelve", "12", "5", "7", "one", "two-month", "two month",
    "dozens of", "hundreds of", "thousands", "civilians", "villages", "people", "fled", "killed",
    "over", "nearly", "almost", "more than", "in 2015", "2016", "April 26", "July 18, 2019",
    "40%", "3.1 percent", "$4.2bn", "€3 billion", "first", "and", "the", "of", "were", ".",
    "£275,000", "£300,000", "£25,000", "Tuesday", "Monday", "1960s", "20 times", "aged", "35",
    "34-year-old", "Reed,", "or two", "and a half", "$13.6 million", "$13,625,777", "1 in 3",
    "days", "years", "second",
]  # fmt: skip
sentences = st.lists(st.sampled_from(TOKENS), max_size=14).map(" ".join)


@settings(max_examples=300)
@given(sentences, sentences)
def test_compare_is_mirror_symmetric(left: str, right: str) -> None:
    """Swapping sides swaps every pair and changes nothing else; each mention is used once."""
    lm, rm = extract_numbers(left), extract_numbers(right)
    forward = compare_numbers(lm, left, rm, right)
    backward = compare_numbers(rm, right, lm, left)
    assert {(d.left, d.right, d.differs, d.ratio) for d in forward} == {
        (d.right, d.left, d.differs, d.ratio) for d in backward
    }
    assert len({d.left for d in forward}) == len(forward) == len({d.right for d in forward})
    for d in forward:
        assert d.differs == (d.left.value != d.right.value)
        assert d.left in lm and d.right in rm
    assert compare_numbers(lm, left, rm, right) == forward  # deterministic


HUGE, OTHER = "9" * 400, "1" + "0" * 399


def _pair(left: str, right: str) -> tuple:  # type: ignore[type-arg]
    return compare_numbers(extract_numbers(left), left, extract_numbers(right), right)


def test_numbers_beyond_float_range() -> None:
    """A 400-digit number is a count with value inf, told apart from another by its figure:
    different ones differ (no ratio), the same one is the same, a finite one differs."""
    (m,) = extract_numbers(f"About {HUGE} people fled.")
    assert (m.value, m.kind, m.unit) == (float("inf"), "count", "people")
    (d,) = _pair(f"About {HUGE} people fled.", f"About {OTHER} people fled.")
    assert d.differs and d.ratio is None
    (d,) = _pair(f"About {HUGE} people fled.", f"About {HUGE} people fled.")
    assert not d.differs
    (d,) = _pair(f"About {HUGE} people fled.", "About 3,000 people fled.")
    assert d.differs and d.ratio is None
    (d,) = _pair(f"About 1{'0' * 307} people fled.", "About 0.001 people fled.")
    assert d.differs and d.ratio is None  # 1e310 overflows: no ratio rather than inf


def test_ordinal_with_thousands_of_digits() -> None:
    """int() refuses over 4,300 digits; an absurd ordinal is read, not a ValueError."""
    (m,) = extract_numbers(f"for the {'9' * 5000}th time")
    assert (m.kind, m.value) == ("ordinal", float("inf"))


def test_a_link_made_by_hand_vouches_for_the_counted_noun() -> None:
    """Two figures of one counted noun with no other shared word are not paired by the
    machine, but are when the user linked the sentences by hand."""
    from reader.align.numpair import compare_numbers
    from reader.ingest.numbers import extract_numbers

    a = "The storm forced over 3,000 villagers to flee to the hills."
    b = "Over half a million villagers have now been uprooted, the agency said."
    ma, mb = extract_numbers(a), extract_numbers(b)
    assert not [d for d in compare_numbers(ma, a, mb, b) if d.differs]
    (diff,) = [d for d in compare_numbers(ma, a, mb, b, vouched=True) if d.differs]
    assert (diff.left.text, diff.right.text) == ("3,000", "half a million")


@pytest.mark.parametrize(
    "text,value",
    [
        ("shot at 7.14pm.", 1154),
        ("at 9:25 am", 565),
        ("by 3 p.m. on", 900),
        ("at 12:30 a.m. he", 30),
        ("at 19:14 local time", 1154),
    ],
)
def test_times_of_day_in_minutes_after_midnight(text: str, value: int) -> None:
    (m,) = extract_numbers(text)
    assert (m.kind, m.unit, m.value) == ("date", "clock", value) and not m.text.endswith(".m..")


def test_a_time_of_day_differs_from_another_but_not_from_its_round_hour() -> None:
    """'7.14pm' vs '7.44pm' is the discrepancy a wire correction fixes; '1pm' may round
    '1.17pm', and a time of day is never a count ('9:25' alone is not a time: am or pm?)."""
    assert pairs("He was shot at 7.14pm.", "He was shot at 7.44pm.") == [
        ("7.14pm", "7.44pm", True, None)
    ]
    assert pairs("The show began at 1pm.", "The show began at 1.17 pm.") == []
    assert extract_numbers("at about 9:25 that morning") == ()
