"""Alignment invariants (hypothesis) and behaviour on small hand-made pairs."""

from __future__ import annotations

from pathlib import Path

from hypothesis import example, given, settings
from hypothesis import strategies as st

from reader.align.align import align
from reader.align.compare import compare
from reader.core.model import Article, Metadata
from reader.ingest.segment import segment

WORDS = [
    "army",
    "rebels",
    "town",
    "seized",
    "Friday",
    "said",
    "Moscow",
    "troops",
    "the",
    "ministry",
    "denied",
    "civilians",
    "fled",
    "border",
    "report",
    "300,000",
    "two",
    "new",
]

sentence = st.lists(st.sampled_from(WORDS), min_size=3, max_size=12).map(
    lambda ws: " ".join(ws).capitalize() + "."
)
sentences = st.lists(sentence, min_size=0, max_size=12)


def article(sentences_: list[str], name: str = "a.txt") -> Article:
    text = "\n".join(sentences_) + "\n"
    seg = segment(text)
    return Article(Path(name), text, Metadata(), seg.paragraphs, seg.sentences, seg.boilerplate)


def keys(a: Article) -> list[str]:
    return [s.text for s in a.sentences]


@settings(max_examples=60, deadline=None)
@given(sentences, sentences)
def test_every_sentence_in_exactly_one_row(left: list[str], right: list[str]) -> None:
    """Each body sentence of each side appears in one row, once."""
    a, b = article(left), article(right, "b.txt")
    rows = compare(a, b).rows
    assert sorted(i for r in rows for i in r.left) == list(range(len(a.sentences)))
    assert sorted(j for r in rows for j in r.right) == list(range(len(b.sentences)))


@settings(max_examples=60, deadline=None)
@given(sentences)
@example(["300,000 300,000 300,000."])  # nothing left to score once numbers are out
def test_self_alignment_is_all_same(text: list[str]) -> None:
    """An article compared with itself is one 'same' row per sentence, in order."""
    a = article(text)
    rows = compare(a, article(text, "b.txt")).rows
    assert all(r.kind == "same" for r in rows)
    assert [(r.left, r.right) for r in rows] == [((i,), (i,)) for i in range(len(a.sentences))]


@settings(max_examples=60, deadline=None)
@given(sentences, sentences)
def test_swapping_sides_mirrors(left: list[str], right: list[str]) -> None:
    """align(b, a) is exactly align(a, b) with the sides exchanged."""
    a, b = keys(article(left)), keys(article(right))
    forward = {(link.left, link.right, link.in_order) for link in align(a, b)}
    backward = {(link.right, link.left, link.in_order) for link in align(b, a)}
    assert forward == backward


@settings(max_examples=60, deadline=None)
@given(sentences, sentences)
def test_in_order_links_are_monotone(left: list[str], right: list[str]) -> None:
    """Links that are not moves never cross each other."""
    links = [x for x in align(keys(article(left)), keys(article(right))) if x.in_order]
    rights = [x.right[0] for x in sorted(links, key=lambda x: x.left[0])]
    assert rights == sorted(rights)


def test_reordered_paragraph_is_a_move() -> None:
    """A sentence that changed place is linked as moved, the rest in order."""
    s = [
        "The army seized the town of Khan Sheikhoun on Friday after weeks of fighting.",
        "Residents said jets had bombed the market and the hospital overnight.",
        "The ministry in Moscow denied that its troops took part in the assault.",
        "Aid groups said thousands of families fled towards the Turkish border.",
    ]
    c = compare(article(s), article([s[3], s[0], s[1], s[2]], "b.txt"))
    kinds = {(r.left, r.right): r.kind for r in c.rows}
    assert kinds[((0,), (1,))] == "same"
    assert kinds[((3,), (0,))] == "moved"


def test_merged_sentences_match_one() -> None:
    """Two adjacent sentences on one side can answer one sentence on the other."""
    left = [
        "The Russian military denied claims that its ground forces are active in Syria. "
        "There have been no Russian ground forces in Syria, the ministry said in a statement.",
        "Rebels fired anti-tank missiles at advancing columns near Hama.",
    ]
    right = [
        "The Russian military denied claims that its ground forces are active in Syria, "
        "saying in a statement there have been no Russian ground forces in Syria.",
        "Rebels fired anti-tank missiles at advancing columns near Hama.",
    ]
    c = compare(article(left), article(right, "b.txt"))
    assert any(len(r.left) == 2 and r.right == (0,) for r in c.rows)


def test_unrelated_sentences_stay_apart() -> None:
    """Different stories produce no links and report every paragraph missing."""
    left = [
        "The central bank raised interest rates by half a point on Tuesday.",
        "Analysts had expected a smaller increase given slowing growth.",
    ]
    right = [
        "The football club signed a new striker from a Portuguese rival.",
        "The transfer fee was not disclosed by either side.",
    ]
    c = compare(article(left), article(right, "b.txt"))
    assert {r.kind for r in c.rows} == {"left_only", "right_only"}
    assert len(c.missing_in_right) == 2 and len(c.missing_in_left) == 2


def test_changed_number_keeps_the_link_and_is_flagged() -> None:
    """3,000 vs 300,000 in the same sentence: linked, changed, flagged x100."""
    base = (
        "The assault has forced over {} civilians to flee to the safety of areas "
        "closer to the Turkish border, the UN said."
    )
    c = compare(article([base.format("3,000")]), article([base.format("300,000")], "b.txt"))
    (row,) = c.rows
    assert row.kind == "changed"
    (diff,) = [n for n in row.numbers if n.differs]
    assert (diff.left.text, diff.right.text, diff.ratio) == ("3,000", "300,000", 100.0)


def test_reordered_names_are_moves_not_changes() -> None:
    """A list of names and ages in another order: the names and ages that only changed
    place are moves; the one age that changed is the only replaced word."""
    left = "Victims included Winifred Mellor, 73, Bianka Pomfret, 49, and Marie West, 81."
    right = "Victims included Bianka Pomfret, 49, Winifred Mellor, 73, and Marie West, 80."
    c = compare(article([left]), article([right], "b.txt"))
    (row,) = c.rows
    text = lambda article_, spans: [article_.text[s.start : s.end] for s in spans]  # noqa: E731
    moved_left = sorted(w for op in row.words if op.tag == "move" for w in text(c.left, op.left))
    moved_right = sorted(w for op in row.words if op.tag == "move" for w in text(c.right, op.right))
    assert moved_left == moved_right == ["49", "Bianka", "Pomfret"]
    changed = [(text(c.left, op.left), text(c.right, op.right)) for op in row.words
               if op.tag in ("replace", "delete", "insert")]  # fmt: skip
    assert changed == [(["81"], ["80"])]


@settings(max_examples=80, deadline=None)
@given(sentence, sentence)
def test_word_steps_cover_each_word_once_and_moves_pair_up(left: str, right: str) -> None:
    """Every word of a linked row is in exactly one step, and the words moved out of the
    left are the words moved into the right."""
    c = compare(article([left]), article([right], "b.txt"))
    for row in (r for r in c.rows if r.left and r.right):
        for side, art, idx in (("left", c.left, row.left), ("right", c.right, row.right)):
            spans = {s for op in row.words for s in getattr(op, side)}
            alone = [art.sentences[i].text for i in idx]
            (same,) = compare(article(alone), article(alone, "b.txt")).rows
            (every,) = same.words  # the sentence against itself: one equal step, every word
            assert len(spans) == sum(len(op.left) for op in row.words if side == "left") + sum(
                len(op.right) for op in row.words if side == "right"
            )
            assert len(spans) == len(every.left)
        out = sorted(c.left.text[s.start : s.end].lower() for op in row.words if op.tag == "move"
                     for s in op.left)  # fmt: skip
        came = sorted(c.right.text[s.start : s.end].lower() for op in row.words if op.tag == "move"
                      for s in op.right)  # fmt: skip
        assert out == came


def test_a_split_sentence_joins_the_link_it_belongs_to() -> None:
    """A free sentence between two links joins the one it is likelier part of, not the one
    that comes first (a lede above must not take the first half of a split sentence)."""
    import numpy as np

    from reader.align.align import _grow

    # Right 1 and 2 are the two halves of left 1; right 1 also shares a little with left 0.
    p = np.array([[0.99, 0.13, 0.00, 0.0], [0.05, 0.75, 0.97, 0.0], [0.0, 0.0, 0.0, 1.0]])
    assert _grow(p, [(0, 0), (1, 2), (2, 3)], 0.1) == [([0], [0]), ([1], [1, 2]), ([2], [3])]
    # At most three sentences to a side; between equals, the earlier sentence first.
    q = np.full((1, 6), 0.5)
    q[0, 2] = 0.9
    assert _grow(q, [(0, 2)], 0.1) == [([0], [0, 1, 2])]
    q[0, 3] = 0.6
    assert _grow(q, [(0, 2)], 0.1) == [([0], [1, 2, 3])]
