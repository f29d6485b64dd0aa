"""Number evidence for links the aligner left out (`reader/align/numlink.py`), as named cases
written for this project (no third-party text), and the invariants compare() keeps with it.

Three shapes of real rewrites: an outlet splits a lede in two and keeps the sum in the
sentence the aligner left alone; an outlet restates one sum of money differently in a
sentence reworded too far to be linked on its words; and outlets fold one exact figure (a
vote tally, a count) into sentences written independently.
"""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st

from reader.align.align import Link
from reader.align.compare import compare
from reader.align.numlink import absorb_by_numbers, link_by_figures, link_by_numbers
from reader.align.terms import sentence_terms
from reader.core.model import Article, Metadata, NumberMention
from reader.ingest.numbers import extract_numbers
from reader.ingest.segment import segment


class Side:
    """Sentences laid out one per paragraph, with their mentions and stems."""

    def __init__(self, sentences: list[str]) -> None:
        self.sentences = sentences
        self.text = "\n\n".join(sentences) + "\n"
        self.starts = []
        at = 0
        for s in sentences:
            self.starts.append(at)
            at += len(s) + 2
        self.stems = [sentence_terms(s).stems for s in sentences]

    def mentions(self, k: int) -> tuple[NumberMention, ...]:
        base = self.starts[k]
        found = extract_numbers(self.sentences[k])
        return tuple(replace(m, start=m.start + base, end=m.end + base) for m in found)


def absorb(left: list[str], right: list[str], links: list[Link]) -> list[tuple]:  # type: ignore[type-arg]
    """absorb_by_numbers on two sides, as (left, right) tuples, checked both ways round."""
    a, b = Side(left), Side(right)
    out = absorb_by_numbers(
        links, a.text, b.text, a.mentions, b.mentions, a.stems, b.stems
    )  # fmt: skip
    mirrored = [Link(x.right, x.left, x.score, x.in_order) for x in links]
    back = absorb_by_numbers(
        mirrored, b.text, a.text, b.mentions, a.mentions, b.stems, a.stems
    )  # fmt: skip
    assert [(x.right, x.left) for x in back] == [(x.left, x.right) for x in out]
    return [(x.left, x.right) for x in out]


def added(rule, left: list[str], right: list[str], links: list[Link]) -> list[tuple]:  # type: ignore[no-untyped-def, type-arg]
    """The links a `numlink` rule adds on two sides, (left, right, in order), checked both
    ways round: `rule(links, a, b)` runs it on `Side`s `a` and `b`."""
    a, b = Side(left), Side(right)
    out = rule(links, a, b)
    mirrored = [Link(x.right, x.left, x.score, x.in_order) for x in links]
    back = rule(mirrored, b, a)
    found = sorted(
        {(x.left, x.right, x.in_order) for x in out}
        - {(x.left, x.right, x.in_order) for x in links}
    )
    back_found = sorted(
        {(x.right, x.left, x.in_order) for x in back}
        - {(x.right, x.left, x.in_order) for x in mirrored}
    )
    assert found == back_found
    return found


def new_links(left: list[str], right: list[str], links: list[Link]) -> list[tuple]:  # type: ignore[type-arg]
    """link_by_numbers on two sides: the links it adds, checked both ways round."""
    rule = lambda ls, a, b: link_by_numbers(  # noqa: E731
        ls, len(a.sentences), len(b.sentences), a.text, b.text, a.mentions, b.mentions,
        lambda i, j: 0.0,
    )  # fmt: skip
    return [(x, y) for x, y, _ in added(rule, left, right, links)]


def figure_links(left: list[str], right: list[str], links: list[Link]) -> list[tuple]:  # type: ignore[type-arg]
    """link_by_figures on two sides: the links it adds, with whether each is in order,
    checked both ways round."""
    rule = lambda ls, a, b: link_by_figures(  # noqa: E731
        ls, len(a.sentences), len(b.sentences), a.text, b.text, a.mentions, b.mentions,
        a.stems, b.stems, lambda i, j: 0.0,
    )  # fmt: skip
    return added(rule, left, right, links)


LINK = Link((1,), (0,), 80.0, True)

# --- a split lede: the sum in the sentence next to the link --------------------------------

SPLIT_LEDE = [
    "A trader who cheated buyers of more than £41,000 through a bogus llama farm walked free.",
    "She was given a two-year suspended jail sentence at the crown court.",
]
ONE_LEDE = [
    "A trader was given a two-year suspended jail sentence for taking nearly £45,000 from "
    "buyers of her llama farm."
]


def test_split_lede_sum_joins_the_link() -> None:
    """The free sentence before the link holds the sum the other side's lede states: it
    joins the link, so the row shows "£41,000 vs £45,000"."""
    assert absorb(SPLIT_LEDE, ONE_LEDE, [LINK]) == [((0, 1), (0,))]


def test_equal_age_joins_the_link() -> None:
    """An equal figure of 10 or more draws the sentence in as well (a split sentence)."""
    left = ["Tom Hale was found guilty of 46 charges of trapping badgers.",
            "Hale, 32, of Low Farm, ran the estate's game."]  # fmt: skip
    right = ["Tom Hale, 32, had been found guilty of 46 charges of trapping badgers on the estate."]
    assert absorb(left, right, [Link((0,), (0,), 80.0, True)]) == [((0, 1), (0,))]


def test_no_shared_word_no_join() -> None:
    """Without a content word in common with the other side, the figure alone does not
    draw the sentence in."""
    left = ["Profits of more than £41,000 were made.", SPLIT_LEDE[1]]
    assert absorb(left, ONE_LEDE, [LINK]) == [((1,), (0,))]


def test_two_ages_of_two_people_never_join() -> None:
    """Unequal ages (two daughters) never draw a sentence in, nor do unequal small counts."""
    left = ["Police handcuffed the mother at the door.",
            "Her other daughter Ann, 15, tackled a police inspector."]  # fmt: skip
    right = ["Police were met at the door by her 20-year-old daughter."]
    assert absorb(left, right, [Link((0,), (0,), 80.0, True)]) == [((0,), (0,))]
    left = ["He ran the charity for four years before the raid.",
            "He was jailed for seven years at the crown court."]  # fmt: skip
    right = ["He ran the charity for six years and was jailed at the crown court."]
    assert absorb(left, right, [Link((1,), (0,), 80.0, True)]) == [((1,), (0,))]


def test_dates_never_join() -> None:
    """A date recurs for different events: it never draws a sentence in."""
    left = ["The singer died in hospital on October 1.",
            "The hospital said the singer had surgery."]  # fmt: skip
    right = ["The hospital said the singer had surgery on September 7."]
    assert absorb(left, right, [Link((1,), (0,), 80.0, True)]) == [((1,), (0,))]


def test_sentence_between_two_links_joins_neither() -> None:
    """A free sentence that would answer two links is a guess: it joins neither."""
    left = ["The farm took money from buyers.", "Buyers of the farm lost £41,000 in all.",
            "The farm closed owing buyers money."]  # fmt: skip
    right = ["The farm took £43,000 from buyers.", "The farm closed owing buyers £40,000."]
    links = [Link((0,), (0,), 80.0, True), Link((2,), (1,), 80.0, True)]
    assert absorb(left, right, links) == [((0,), (0,)), ((2,), (1,))]


def test_answered_link_takes_nothing() -> None:
    """A link whose other side has every figure answered takes no neighbour."""
    left = ["Buyers of the llama farm lost £41,000.",
            "She got a two-year suspended jail sentence."]  # fmt: skip
    right = ["She got a two-year suspended jail sentence for the llama farm."]
    assert absorb(left, right, [LINK]) == [((1,), (0,))]


# --- one sum told differently, in two sentences the aligner left alone ----------------------

PAPER = ["The couple ran a llama farm near the coast.",
         "The scheme raked in £620,000 in six months before it folded."]  # fmt: skip
WIRE = [
    "The llama farm was set up on the coast in 1995.",
    "In all 70 people handed over a total of £640,000 before the company went bust.",
]
LINKED = [Link((0,), (0,), 80.0, True)]


def test_one_sum_told_differently_is_linked() -> None:
    """Two free sentences with the only amounts of their size, 3% apart: linked, in order."""
    assert new_links(PAPER, WIRE, LINKED) == [((1,), (1,))]


def test_sums_far_apart_are_not_linked() -> None:
    """£500,000 and £600,000 (20% apart) are as likely two sums: no link."""
    paper = [PAPER[0], "He spent £500,000 on a new barn."]
    wire = [WIRE[0], "The couple moved into a £600,000 house by the sea."]
    assert new_links(paper, wire, LINKED) == []


def test_a_third_sum_of_the_size_blocks_the_link() -> None:
    """Another amount of that size anywhere in either article makes the choice a guess."""
    wire = [WIRE[0] + " Its rent was £600,000 a year.", WIRE[1]]
    assert new_links(PAPER, wire, LINKED) == []


def test_consistent_or_equal_sums_are_not_linked_here() -> None:
    """Sums that agree ("more than £600,000" holds £620,000) or are equal are left to the
    aligner: this rule links only a discrepancy."""
    wire = [WIRE[0], "In all 70 people handed over more than £600,000 before it went bust."]
    assert new_links(PAPER, wire, LINKED) == []
    wire = [WIRE[0], "In all 70 people handed over £620,000 before the company went bust."]
    assert new_links(PAPER, wire, LINKED) == []


def test_other_currencies_and_linked_sentences_are_left() -> None:
    """Dollars against pounds, or a sentence a link holds already, make no new link."""
    wire = [WIRE[0], WIRE[1].replace("£", "$")]
    assert new_links(PAPER, wire, LINKED) == []
    assert new_links(PAPER, WIRE, [*LINKED, Link((1,), (0,), 50.0, False)]) == []


# --- one exact figure, stated once on each side -----------------------------------------------

TALLY_SHORT = ["The council met on Monday to debate the harbour plan.",
               "Councillors approved the plan 31-12.",
               "Work starts in the spring."]  # fmt: skip
TALLY_LONG = ["Councillors backed the harbour plan on Monday.",
              "The harbour plan, which passed 31-12 after a debate lasting most of the day, "
              "had been the mayor's first promise on taking office.",
              "Opponents said the cost had been hidden."]  # fmt: skip
MET = [Link((0,), (0,), 80.0, True)]


def test_one_tally_stated_once_each_side_is_linked() -> None:
    """A vote tally in a short sentence and in a long one reworded around it: linked, in
    order after the lede."""
    assert figure_links(TALLY_SHORT, TALLY_LONG, MET) == [((1,), (1,), True)]


def test_a_crossing_figure_link_is_a_move() -> None:
    """The figure link crossing a link in order is a move."""
    long = [TALLY_LONG[1], TALLY_LONG[0], TALLY_LONG[2]]
    assert figure_links(TALLY_SHORT, long, [Link((0,), (1,), 80.0, True)]) == [((1,), (0,), False)]


def test_a_figure_stated_twice_is_no_evidence() -> None:
    """The tally in a second sentence of one side: either could be the counterpart."""
    long = [*TALLY_LONG[:2], "The 31-12 vote was the closest this year."]
    assert figure_links(TALLY_SHORT, long, MET) == []


def test_ages_small_counts_and_unshared_words_link_nothing() -> None:
    """A person's age recurs with every fact about them; a count under 10 recurs for
    different things; a figure in sentences with no content word in common is chance."""
    assert figure_links(["Smith, 47, left the court."],
                        ["Neighbours said Smith, 47, had lived alone."], []) == []  # fmt: skip
    assert figure_links(["The jury was out for six hours."],
                        ["Six jurors went home after six hours."], []) == []  # fmt: skip
    assert figure_links(["Councillors approved the plan 31-12."],
                        ["Rain stopped play at 31-12."], []) == []  # fmt: skip


def test_one_value_of_another_kind_links_nothing() -> None:
    """The same value as a span of time and as a count, or in two currencies, is two
    figures."""
    assert figure_links(["Ten minutes later the guards left the harbour gate."],
                        ["Ten guards stood at the harbour gate."], []) == []  # fmt: skip
    assert figure_links(["The harbour plan will cost $40 million."],
                        ["The harbour plan has a £40 million budget."], []) == []  # fmt: skip
    same = figure_links(["The harbour plan will cost $40 million."],
                        ["The harbour plan has a $40 million budget."], [])  # fmt: skip
    assert same == [((0,), (0,), True)]


def test_a_number_naming_a_place_links_nothing() -> None:
    """"Court 13" names a room where many things are said: no evidence of one fact."""
    assert figure_links(["The jury in Court 13 laughed at the harbour plan."],
                        ["By noon court 13 was full for the harbour case."], []) == []  # fmt: skip


def test_taken_sentences_are_left() -> None:
    """A sentence a link holds already takes no figure link."""
    assert figure_links(TALLY_SHORT, TALLY_LONG, [*MET, Link((1,), (2,), 50.0, True)]) == []


def test_compare_links_the_tally_end_to_end(tmp_path: Path) -> None:
    """Through compare(): whichever rows the aligner makes, the two tally sentences end up
    in one row."""
    left, right = tmp_path / "short.txt", tmp_path / "long.txt"
    left.write_text("\n\n".join(TALLY_SHORT) + "\n", encoding="utf-8")
    right.write_text("\n\n".join(TALLY_LONG) + "\n", encoding="utf-8")
    c = compare(_load(left), _load(right))
    assert any(1 in r.left and 1 in r.right for r in c.rows)


def test_compare_flags_the_sum_end_to_end(tmp_path: Path) -> None:
    """Through compare(): whichever rows the aligner makes, £620,000 and £640,000 end up
    in one row, flagged."""
    left, right = tmp_path / "paper.txt", tmp_path / "wire.txt"
    left.write_text("\n\n".join(PAPER) + "\n", encoding="utf-8")
    right.write_text("\n\n".join(WIRE) + "\n", encoding="utf-8")
    c = compare(_load(left), _load(right))
    flags = [(d.left.text, d.right.text) for r in c.rows for d in r.numbers if d.differs]
    assert flags == [("£620,000", "£640,000")]


def _load(path: Path) -> Article:
    text = path.read_text(encoding="utf-8")
    seg = segment(text)
    return Article(path, text, Metadata(), seg.paragraphs, seg.sentences, seg.boilerplate)


# --- invariants -------------------------------------------------------------------------------

WORDS = ["the", "farm", "buyers", "lost", "took", "llama", "she", "court", "jailed", "said",
         "£41,000", "£45,000", "£44,000", "£620,000", "£640,000", "32", "aged", "46", "charges",
         "two-year", "sentence", "more than", "nearly", "31-12", "approved", "plan",
         "passed", "370", "cinemas"]  # fmt: skip
sentence = st.lists(st.sampled_from(WORDS), min_size=3, max_size=10).map(
    lambda ws: " ".join(ws).capitalize() + "."
)
sentences = st.lists(sentence, min_size=0, max_size=8)


def _article(sents: list[str], name: str) -> Article:
    text = "\n\n".join(sents) + "\n"
    seg = segment(text)
    return Article(Path(name), text, Metadata(), seg.paragraphs, seg.sentences, seg.boilerplate)


@settings(max_examples=60, deadline=None)
@given(sentences, sentences)
def test_compare_mirrors_and_keeps_every_sentence_once(left: list[str], right: list[str]) -> None:
    """With number evidence, compare(b, a) is still compare(a, b) with the sides exchanged,
    and every body sentence lands in exactly one row."""
    a, b = _article(left, "a.txt"), _article(right, "b.txt")
    forward, backward = compare(a, b), compare(b, a)
    linked = lambda c: {(r.left, r.right) for r in c.rows if r.left and r.right}  # noqa: E731
    assert linked(forward) == {(y, x) for x, y in linked(backward)}
    flags = lambda c: {(d.left.text, d.right.text) for r in c.rows for d in r.numbers}  # noqa: E731
    assert flags(forward) == {(y, x) for x, y in flags(backward)}
    assert sorted(i for r in forward.rows for i in r.left) == list(range(len(a.sentences)))
    assert sorted(j for r in forward.rows for j in r.right) == list(range(len(b.sentences)))
