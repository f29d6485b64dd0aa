"""Placing articles into the stories of a grouping kept from before (`reader.story.placement`)."""

from __future__ import annotations

from collections.abc import Sequence

from hypothesis import given, settings
from hypothesis import strategies as st

from reader.core.model import Article
from reader.story.evidence import Evidence, evidence_of
from reader.story.placement import Head, Model, Placed, model_of, place
from reader.story.stories import group_evidence, group_stories

from tests.coverage.test_stories import article, body, synthetic_bench


def heads_of(items: Sequence[Evidence]) -> dict[str, Head]:
    """One head per copy key, as the index makes them (first file in name order)."""
    heads: dict[str, Head] = {}
    copies: dict[str, int] = {}
    for e in sorted(items, key=lambda e: (e.name, e.path)):
        copies[e.copy_key] = copies.get(e.copy_key, 0) + 1
        if e.copy_key not in heads:
            heads[e.copy_key] = Head(e.copy_key, (e.name, e.path), 1, e.filing, e.sentences)
    return {k: Head(h.key, h.order, copies[k], h.filing, h.sentences) for k, h in heads.items()}


def full(articles: Sequence[Article]) -> Model:
    items = [evidence_of(a) for a in articles]
    found, frozen = group_evidence(items)
    assert frozen is not None
    return model_of(frozen, [e.copy_key for e in items], found)


def placed(model: Model, articles: Sequence[Article]) -> list[Placed]:
    items = [evidence_of(a) for a in articles]
    bags = {e.copy_key: dict(e.terms or {}) for e in items if e.copy_key not in model.vectors}
    stories, vectors = place(model, heads_of(items), bags)
    assert set(vectors) == set(bags)
    return stories


def names(stories: Sequence[Placed], articles: Sequence[Article]) -> set[frozenset[str]]:
    by_key: dict[str, list[str]] = {}
    for a in articles:
        by_key.setdefault(evidence_of(a).copy_key, []).append(a.name)
    return {frozenset(n for k in s.keys for n in by_key[k]) for s in stories}


def test_new_versions_join_their_stories_and_a_new_story_stands_alone() -> None:
    """20 stories told 3 ways: one version of five stories and every version of a
    sixth come later; placed, they make the true stories, as a full grouping does."""
    bench = synthetic_bench()
    articles, truth = bench.build_corpus(20, 3, seed=11)
    first, *others = sorted(set(truth))[:6]
    late = {i for i, t in enumerate(truth) if t == first}  # a story wholly new
    late |= {max(i for i, t in enumerate(truth) if t == story) for story in others}
    early = [a for i, a in enumerate(articles) if i not in late]
    model = full(early)
    stories = placed(model, articles)
    expected = {frozenset(a.name for a, t in zip(articles, truth, strict=True) if t == story)
                for story in set(truth)}  # fmt: skip
    assert names(stories, articles) == expected
    assert names(stories, articles) == {frozenset(s.names) for s in group_stories(articles)}
    unchanged = [s for s in stories if not s.changed]
    assert len(unchanged) == 20 - 6
    new = [s for s in stories if s.label is None]
    assert len(new) == 1 and len(new[0].keys) == 3


def test_removing_articles_takes_them_out_and_a_lost_centre_is_replaced() -> None:
    bench = synthetic_bench()
    articles, _ = bench.build_corpus(6, 4, seed=3)
    model = full(articles)
    label, centre = next(iter(model.centre.items()))
    gone = {a.name for a in articles if evidence_of(a).copy_key == centre}
    rest = [a for a in articles if a.name not in gone]
    stories = placed(model, rest)
    story = next(s for s in stories if s.label == label)
    assert story.changed and story.centre != centre and centre not in story.keys
    assert story.centre in story.keys and story.centre not in story.partner
    assert set(story.partner) == set(story.keys) - {story.centre}
    assert all(other in story.keys for other, _ in story.partner.values())
    assert sum(s.changed for s in stories) == 1


@settings(max_examples=25, deadline=None)
@given(st.lists(body, min_size=2, max_size=7), st.data())
def test_every_article_is_placed_exactly_once(bodies: list[list[str]], data: st.DataObject) -> None:
    """Whatever comes and goes, the stories partition the articles there now, in the
    order of their first article, and each centre and partner is a member."""
    articles = [article(b, f"a{i}.txt") for i, b in enumerate(bodies)]
    before = data.draw(st.lists(st.sampled_from(articles), min_size=1, unique_by=lambda a: a.name))
    now = data.draw(st.lists(st.sampled_from(articles), min_size=1, unique_by=lambda a: a.name))
    now = sorted(now, key=lambda a: a.name)
    stories = placed(full(before), now)
    keys = [k for s in stories for k in s.keys]
    assert sorted(keys) == sorted({evidence_of(a).copy_key for a in now})
    heads = heads_of([evidence_of(a) for a in now])
    firsts = [heads[s.keys[0]].order for s in stories]
    assert firsts == sorted(firsts)
    for s in stories:
        assert s.centre in s.keys
        assert set(s.partner) == set(s.keys) - {s.centre}
        assert all(other in s.keys for other, _ in s.partner.values())


@settings(max_examples=25, deadline=None)
@given(st.lists(body, min_size=1, max_size=6))
def test_nothing_changed_places_nothing(bodies: list[list[str]]) -> None:
    """With the same articles, every story is the full grouping's, unchanged."""
    articles = [article(b, f"a{i}.txt") for i, b in enumerate(bodies)]
    model = full(articles)
    stories = placed(model, articles)
    assert not any(s.changed for s in stories)
    assert names(stories, articles) == {frozenset(s.names) for s in group_stories(articles)}


def test_a_new_article_sharing_nothing_is_a_story_of_its_own() -> None:
    bench = synthetic_bench()
    articles, _ = bench.build_corpus(5, 3, seed=5)
    model = full(articles)
    other = article(["Penguins foraging near the glacier ice.", "Krill colony breeding."], "zz.txt")
    stories = placed(model, [*articles, other])
    assert frozenset({"zz.txt"}) in names(stories, [*articles, other])
