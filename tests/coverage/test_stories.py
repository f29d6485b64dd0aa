"""Story grouping: the seeds apart from unrelated stories, partition properties, threshold."""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st

from reader.ingest.article import load_article
from reader.core.model import Article, Metadata
from reader.ingest.segment import segment
from reader.story.stories import Story, expressions, group_stories

ROOT = Path(__file__).resolve().parents[2]
SEED_NAMES = {"000_9df743b66480a7ad.txt", "001_ed291552c9638a97.txt", "002_9f6a1060a2f4700f.txt",
              "003_2beb9938f0615c89.txt", "004_84002df1388213bc.txt"}  # fmt: skip


def article(sentences: list[str], name: str) -> Article:
    text = "\n\n".join(sentences) + "\n"
    seg = segment(text)
    return Article(Path(name), text, Metadata(), seg.paragraphs, seg.sentences, seg.boilerplate)


def grouping(stories: tuple[Story, ...]) -> set[frozenset[str]]:
    return {frozenset(s.names) for s in stories}


def test_mixed_folder_separates_the_stories(mixed_dir: Path) -> None:
    """The five seeds form one story; the rate decision, the transfer and the weather item
    are each elsewhere."""
    articles = [load_article(p) for p in sorted(mixed_dir.iterdir())]
    assert grouping(group_stories(articles)) == {
        frozenset(SEED_NAMES), frozenset({"bank_a.txt", "bank_b.txt"}),
        frozenset({"football_a.txt", "football_b.txt"}), frozenset({"weather.txt"}),
    }  # fmt: skip


def test_follow_up_joins_by_shared_expressions(seed_articles: tuple[Article, ...]) -> None:
    """004 (the August follow-up) copies no sentence of the July articles but shares 8-13
    independent expressions with each: the default threshold (6) puts it in the story,
    a stricter one (15) leaves it alone while the July articles stay together."""
    (story,) = group_stories(seed_articles)
    follow_up = [link for link in story.links if "004_84002df1388213bc.txt" in
                 (link.left, link.right)]  # fmt: skip
    assert follow_up and all(link.reason == "phrases" for link in follow_up)
    strict = grouping(group_stories(seed_articles, min_expressions=15))
    assert strict == {frozenset(SEED_NAMES - {"004_84002df1388213bc.txt"}),
                      frozenset({"004_84002df1388213bc.txt"})}  # fmt: skip


def test_copies_join_by_shared_sentences(seed_articles: tuple[Article, ...]) -> None:
    """With the phrase rule out of reach, 000 and 002 (one wire text) still join through the
    sentences they share word for word."""
    a, b = seed_articles[0], seed_articles[2]
    (story,) = group_stories([a, b], min_expressions=1000)
    assert story.links[0].reason == "sentences"
    assert story.links[0].shared_sentences >= 3


def test_expressions_count_a_shared_name_once() -> None:
    """Phrases that all contain one place name are one expression."""
    assert expressions({"gorfivo cost", "debate gorfivo", "gorfivo faced"}) == 1
    assert expressions({"jaish al", "al izza", "tiger forc", "little noth"}) == 3


def test_empty_input() -> None:
    """No articles, no stories."""
    assert group_stories([]) == ()


WORDS = ["army", "rebels", "seized", "town", "Moscow", "troops", "ministry", "denied",
         "civilians", "fled", "border", "Humaymat", "hilltops", "Mustafa", "sorties", "bombing",
         "Idlib", "offensive", "regime", "Reuters", "commanders", "spokesman"]  # fmt: skip
OTHER = ["penguins", "glacier", "krill", "colony", "Antarctic", "breeding", "chicks", "ice",
         "researchers", "plumage", "foraging", "nesting"]  # fmt: skip
sentence = st.lists(st.sampled_from(WORDS), min_size=4, max_size=12).map(
    lambda ws: " ".join(ws).capitalize() + "."
)
body = st.lists(sentence, min_size=1, max_size=6)


@settings(max_examples=25, deadline=None)
@given(st.lists(body, min_size=1, max_size=6))
def test_every_article_in_exactly_one_story(bodies: list[list[str]]) -> None:
    """The stories partition the articles, in order of their first article."""
    articles = [article(b, f"a{i}.txt") for i, b in enumerate(bodies)]
    stories = group_stories(articles)
    names = [n for s in stories for n in s.names]
    assert sorted(names) == sorted(a.name for a in articles)
    firsts = [[a.name for a in articles].index(s.names[0]) for s in stories]
    assert firsts == sorted(firsts)


@settings(max_examples=25, deadline=None)
@given(st.lists(body, min_size=1, max_size=5), st.data())
def test_identical_articles_are_together(bodies: list[list[str]], data: st.DataObject) -> None:
    """A copy of an article, under another name, is always in the article's story."""
    articles = [article(b, f"a{i}.txt") for i, b in enumerate(bodies)]
    k = data.draw(st.integers(0, len(articles) - 1))
    articles.append(article(bodies[k], "copy.txt"))
    by_name = {n: s for s in group_stories(articles) for n in s.names}
    assert by_name["copy.txt"] is by_name[f"a{k}.txt"]


@settings(max_examples=25, deadline=None)
@given(st.lists(body, min_size=1, max_size=5),
       st.lists(st.lists(st.sampled_from(OTHER), min_size=4, max_size=10), min_size=1,
                max_size=4))  # fmt: skip
def test_article_sharing_nothing_is_alone(bodies: list[list[str]], other: list[list[str]]) -> None:
    """An article whose words appear in no other article is a story of its own."""
    articles = [article(b, f"a{i}.txt") for i, b in enumerate(bodies)]
    articles.append(article([" ".join(ws).capitalize() + "." for ws in other], "other.txt"))
    stories = group_stories(articles)
    assert frozenset({"other.txt"}) in grouping(stories)


def test_synthetic_corpus_is_grouped_exactly() -> None:
    """The benchmark's generator, small: 20 stories x 3 paraphrased versions, shuffled."""
    path = ROOT / "bench" / "bench_stories.py"
    spec = importlib.util.spec_from_file_location("bench_stories", path)
    assert spec and spec.loader
    bench = importlib.util.module_from_spec(spec)
    sys.modules["bench_stories"] = bench
    spec.loader.exec_module(bench)
    articles, truth = bench.build_corpus(20, 3, seed=11)
    index = {a.name: i for i, a in enumerate(articles)}
    found = [[index[n] for n in s.names] for s in group_stories(articles)]
    assert bench.scores(found, truth)["pair_f1"] == 1.0
