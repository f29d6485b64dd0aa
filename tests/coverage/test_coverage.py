"""The N-way overview of the seeds: facts, cells, numbers across outlets, pairs, origin."""

from __future__ import annotations

from collections import Counter
from pathlib import Path

import pytest

from reader.align.compare import compare
from reader.story.coverage import Overview, build_overview, compare_all, is_verbatim, row_at
from reader.core.model import Article, Comparison

IBT, SABAH, MT, NEWARAB, LATER = (
    "000_9df743b66480a7ad.txt", "001_ed291552c9638a97.txt", "002_9f6a1060a2f4700f.txt",
    "003_2beb9938f0615c89.txt", "004_84002df1388213bc.txt",
)  # fmt: skip


@pytest.fixture(scope="module")
def comparisons(seed_articles: tuple[Article, ...]) -> dict[tuple[str, str], Comparison]:
    return compare_all(seed_articles)


@pytest.fixture(scope="module")
def overview(
    seed_articles: tuple[Article, ...], comparisons: dict[tuple[str, str], Comparison]
) -> Overview:
    return build_overview(seed_articles, comparisons)


def sentence_with(articles: tuple[Article, ...], name: str, words: str) -> int:
    article = next(a for a in articles if a.name == name)
    return next(s.index for s in article.sentences if words in s.text)


def test_civilians_figure_differs_across_outlets(overview: Overview) -> None:
    """The civilians who fled: 3,000 (000) against 300,000 (002, 003) and half a million
    (004, later), one quantity row, flagged, listed first."""
    row = overview.quantities[0]
    assert row.quantity == "civilians"
    assert row.differs
    assert row.values_by_article() == {IBT: "3,000", MT: "300,000", NEWARAB: "300,000",
                                       LATER: "half a million"}  # fmt: skip
    assert row.later == (LATER,)  # the August follow-up updates the July figure


def test_agreeing_figures_are_not_flagged(overview: Overview) -> None:
    """'more than 200 sorties' in four outlets agrees."""
    sorties = next(q for q in overview.quantities if q.quantity == "sorties")
    assert not sorties.differs
    assert set(sorties.values_by_article()) == {IBT, SABAH, MT, NEWARAB}
    assert all(len(set(q.values_by_article())) >= 2 for q in overview.quantities)


def test_fact_only_one_outlet_carries(
    overview: Overview, seed_articles: tuple[Article, ...]
) -> None:
    """Idlib's pre-war population of 1.5 million is in 001 only: an 'only' cell there,
    absent everywhere else."""
    index = sentence_with(seed_articles, SABAH, "prewar population")
    fact = next(f for f in overview.facts if index in f.cell(SABAH).sentences)
    assert fact.carriers == (SABAH,)
    assert fact.cell(SABAH).kind == "only"
    assert {c.kind for c in fact.cells if c.article != SABAH} == {"absent"}


def test_facts_sorted_by_outlets_and_cover_every_sentence(
    overview: Overview, seed_articles: tuple[Article, ...]
) -> None:
    """Widely carried facts come first; every body sentence is in exactly one fact; an
    article's sentences in a fact are one consecutive run."""
    counts = [len(f.carriers) for f in overview.facts]
    assert counts == sorted(counts, reverse=True)
    assert counts[0] >= 4
    seen = Counter((c.article, s) for f in overview.facts for c in f.cells for s in c.sentences)
    assert set(seen.values()) == {1}
    assert len(seen) == sum(len(a.sentences) for a in seed_articles)
    for f in overview.facts:
        for c in f.cells:
            assert (
                list(c.sentences) == list(range(c.sentences[0], c.sentences[-1] + 1))
                if c.sentences
                else c.kind == "absent"
            )


def test_verbatim_cells(overview: Overview, seed_articles: tuple[Article, ...]) -> None:
    """The al-Saleh quote '... seize large areas' is copied (word for word) in 000 and 002."""
    index = sentence_with(seed_articles, MT, "In light of the size of artillery")
    fact = next(f for f in overview.facts if index in f.cell(MT).sentences)
    assert fact.cell(IBT).kind == fact.cell(MT).kind == "same"


def test_cell_points_to_the_pair_row(
    overview: Overview, comparisons: dict[tuple[str, str], Comparison]
) -> None:
    """From a cell (article, sentence) the pair view's row can be found."""
    row = overview.quantities[0]
    ibt = next(v for v in row.values if v.article == IBT)
    mt = next(v for v in row.values if v.article == MT)
    c = comparisons.get((IBT, MT)) or comparisons[(MT, IBT)]  # oriented: original left
    k = row_at(c, IBT, ibt.sentence)
    assert k is not None and k == row_at(c, MT, mt.sentence)
    assert any(d.differs for d in c.rows[k].numbers)
    assert row_at(c, LATER, 0) is None


def test_pairs_and_most_verbatim(overview: Overview) -> None:
    """Ten pairs with shares in [0, 1]; the pair copying most is two rewrites of the wire
    text The Moscow Times carries; the later report copies nothing."""
    assert len(overview.pairs) == 10
    assert all(0 <= p.verbatim <= p.linked <= 1 for p in overview.pairs)
    top = overview.most_verbatim(1)[0]
    assert MT in (top.left, top.right) and LATER not in (top.left, top.right)
    later = [p for p in overview.pairs if LATER in (p.left, p.right)]
    assert all(p.verbatim == 0 for p in later)


def test_origin_guess(overview: Overview) -> None:
    """002 (Reuters via The Moscow Times, 18 July, most complete, most copied) is the
    likely original, with its reasons."""
    assert overview.origin is not None
    assert overview.origin.article == MT
    text = " ".join(overview.origin.reasons)
    assert "2019-07-18" in text and "copy it" in text


def test_comparisons_either_way_round(
    seed_articles: tuple[Article, ...], overview: Overview
) -> None:
    """Comparisons keyed (right, left) give the same overview."""
    a, b, c = seed_articles[:3]
    swapped = {(b.name, a.name): compare(b, a), (c.name, a.name): compare(c, a),
               (c.name, b.name): compare(c, b)}  # fmt: skip
    straight = compare_all((a, b, c))
    one, two = build_overview((a, b, c), swapped), build_overview((a, b, c), straight)
    assert one.facts == two.facts
    assert [q.values_by_article() for q in one.quantities] == [
        q.values_by_article() for q in two.quantities
    ]


def test_single_article_and_missing_pairs(seed_articles: tuple[Article, ...]) -> None:
    """One article: every fact is 'only', no pairs, no origin. No comparisons at all:
    nothing is linked."""
    alone = build_overview(seed_articles[:1], {})
    assert alone.origin is None and alone.pairs == () and alone.quantities == ()
    assert {f.cells[0].kind for f in alone.facts} == {"only"}
    apart = build_overview(seed_articles[:2], {})
    assert all(len(f.carriers) == 1 for f in apart.facts)


def test_is_verbatim_needs_most_words_kept(comparisons: dict[tuple[str, str], Comparison]) -> None:
    """Rows of 000-004 (no shared text) are never verbatim; 000-002 has several."""
    pair = comparisons.get((IBT, LATER)) or comparisons[(LATER, IBT)]
    assert not any(is_verbatim(r) for r in pair.rows)
    pair = comparisons.get((IBT, MT)) or comparisons[(MT, IBT)]
    assert sum(is_verbatim(r) for r in pair.rows) >= 4


def test_a_changed_number_is_never_copied(
    overview: Overview, seed_articles: tuple[Article, ...]
) -> None:
    """IBTimes' '3,000 civilians' keeps most of The Moscow Times' words, but its number
    differs: neither is marked copied for that fact (no one else copies it either)."""
    index = sentence_with(seed_articles, IBT, "forced over 3,000 civilians")
    fact = next(f for f in overview.facts if index in f.cell(IBT).sentences)
    assert fact.cell(IBT).kind == fact.cell(MT).kind == "reworded"


def test_a_later_article_s_figure_is_a_later_report(tmp_path) -> None:  # type: ignore[no-untyped-def]
    """Two reports of one day disagreeing is a contradiction; a figure from an article
    published later (a toll that rose) is a later report, not a contradiction."""
    from reader.ingest.article import load_article

    body = (
        "---\ndate: {date}\n---\nThe flood forced {n} people from their homes in the valley, "
        "officials said on Monday.\n\nRescue teams were still searching the river banks.\n"
    )
    files = {"a.txt": ("2021-03-01", "3,000"), "b.txt": ("2021-03-01", "3,000"),
             "c.txt": ("2021-03-09", "12,000")}  # fmt: skip
    for name, (date, n) in files.items():
        (tmp_path / name).write_text(body.format(date=date, n=n), encoding="utf-8")
    articles = tuple(load_article(tmp_path / name) for name in files)
    (row,) = [q for q in build_overview(articles, compare_all(articles)).quantities
              if q.values_by_article().get("c.txt") == "12,000"]  # fmt: skip
    assert (row.differs, row.later) == (False, ("c.txt",))
    (tmp_path / "b.txt").write_text(body.format(date="2021-03-01", n="30,000"), encoding="utf-8")
    articles = tuple(load_article(tmp_path / name) for name in files)
    (row,) = [q for q in build_overview(articles, compare_all(articles)).quantities
              if q.values_by_article().get("b.txt") == "30,000"]  # fmt: skip
    assert row.differs and row.later == ("c.txt",)


def test_dated_wire_pages_are_the_original_of_the_undated_paper_that_joined_them(
    tmp_path: Path,
) -> None:
    """Wire copy filed in two dated pages, and an undated paper that rewrote both: the
    paper carries more of the story and is copied more, but the earliest date weighs as
    much as both, and a dated article goes first on a tie. No reason counts zero."""
    from reader.ingest.article import load_article

    page1 = (
        "Date: 2001-03-12\n\n"
        "A ferry skipper was cleared of negligence today after his boat struck a harbour "
        "wall in thick fog, injuring three passengers.\n\n"
        "The jury at Exeter Crown Court took less than two hours to reach its verdict.\n"
    )
    page2 = (
        "Date: 2001-03-12\n\n"
        "Outside court the skipper said he had slowed down as soon as the fog came in.\n\n"
        "His lawyer said the harbour lights had failed that night.\n"
    )
    paper = (
        "A ferry skipper was cleared of negligence yesterday after his boat struck a harbour "
        "wall in thick fog, injuring three passengers.\n\n"
        "The jury at Exeter Crown Court took less than two hours to reach its verdict.\n\n"
        "Outside court the skipper said he had slowed down as soon as the fog came in.\n\n"
        "His lawyer said the harbour lights had failed that night.\n"
    )
    for name, text in (("wire1.txt", page1), ("wire2.txt", page2), ("paper.txt", paper)):
        (tmp_path / name).write_text(text, encoding="utf-8")
    articles = tuple(load_article(tmp_path / n) for n in ("paper.txt", "wire1.txt", "wire2.txt"))
    assert articles[1].metadata.date == "2001-03-12" and articles[0].metadata.date is None
    origin = build_overview(articles, compare_all(articles)).origin
    assert origin is not None and origin.article in ("wire1.txt", "wire2.txt")
    assert "earliest date: 2001-03-12" in origin.reasons[0]
    assert not any(r.startswith("0 ") for r in origin.reasons)
