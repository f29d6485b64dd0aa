"""Corrections of the alignment: the compare hook and links kept as W3C annotations."""

from __future__ import annotations

from pathlib import Path

from reader.align.compare import compare
from reader.core.model import Article
from reader.ingest.article import load_article
from reader.store import NoteStore
from reader.store.links import (
    LINKED,
    LINKING,
    NOT_LINKED,
    compare_options,
    overrides,
    sentence_targets,
)
from tests.ui.conftest import DATA, LEFT_DATA, RIGHT_DATA


def _pair() -> tuple[Article, Article]:
    return load_article(DATA / LEFT_DATA), load_article(DATA / RIGHT_DATA)


def _linked(comparison: object, i: int) -> tuple[int, ...]:
    return next(r.right for r in comparison.rows if i in r.left)  # type: ignore[attr-defined]


def test_a_forced_link_makes_one_row_and_replaces_the_aligners_links() -> None:
    """links=[(i, j)]: i and j share a row of their own; every row still holds each
    sentence once; an unlinked left sentence becomes linked."""
    left, right = _pair()
    plain = compare(left, right)
    i = next(r.left[0] for r in plain.rows if r.kind == "left_only")
    j = next(r.right[0] for r in plain.rows if r.right and r.kind != "right_only")
    forced = compare(left, right, links=[(i, j)])
    assert _linked(forced, i) == (j,)
    assert sorted(k for r in forced.rows for k in r.left) == list(range(len(left.sentences)))
    assert sorted(k for r in forced.rows for k in r.right) == list(range(len(right.sentences)))


def test_an_unlink_leaves_both_sentences_alone() -> None:
    left, right = _pair()
    plain = compare(left, right)
    row = next(r for r in plain.rows if r.kind == "changed")
    i, j = row.left[0], row.right[0]
    undone = compare(left, right, unlinks=[(i, j)])
    assert _linked(undone, i) == ()
    assert any(r.kind == "right_only" and j in r.right for r in undone.rows)


def test_links_saved_in_the_sidecar_come_back_as_sentence_pairs(tmp_path: Path) -> None:
    """A link and an unlink saved by the store (motivation linking) become the keyword
    arguments of compare, whichever way round the pair is asked for."""
    left, right = _pair()
    store = NoteStore.open(tmp_path)
    store.add("", sentence_targets(left, 3, right, 5), tags=[LINKED], motivation=LINKING)
    store.add("", sentence_targets(left, 1, right, 1), tags=[NOT_LINKED], motivation=LINKING)
    notes = NoteStore.open(tmp_path).notes
    assert [n.motivation for n in notes] == ["linking", "linking"]
    found = overrides(notes, left, right)
    assert found.links == ((3, 5),) and found.unlinks == ((1, 1),)
    assert overrides(notes, right, left).links == ((5, 3),)
    assert compare_options(notes, left, right) == {"links": ((3, 5),), "unlinks": ((1, 1),)}
    assert compare_options((), left, right) == {}
