"""Story grouping: the seeds apart from unrelated stories, partition properties, threshold."""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st

from reader.core.model import Article, Metadata
from reader.ingest.article import load_article
from reader.ingest.segment import segment
from reader.story.stories import Story, group_stories, headline

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


def test_follow_up_joins_its_story(seed_articles: tuple[Article, ...]) -> None:
    """004 (the August follow-up) copies no sentence of the July articles but names the same
    people and places: it is in their story, linked by similarity."""
    (story,) = group_stories(seed_articles)
    assert set(story.names) == SEED_NAMES
    assert story.central in SEED_NAMES
    assert all(link.reason == "similar" and link.similarity > 0 for link in story.links)
    assert len(story.links) == len(SEED_NAMES) - 1


def test_title_is_the_central_headline(seed_articles: tuple[Article, ...]) -> None:
    """The story's title is a headline of one of its articles, not a file name."""
    (story,) = group_stories(seed_articles)
    assert story.title == headline(next(a for a in seed_articles if a.name == story.central))
    assert story.title not in SEED_NAMES


def test_headline_skips_rules_and_file_names() -> None:
    """A line of dashes or the file name is never a headline; the first line of words is."""
    a = article(["-" * 40, "Court jails driver for six years", "The driver was jailed."], "x.txt")
    assert headline(a) == "Court jails driver for six years"
    bare = article(["-----", "2019"], "bare.txt")
    assert headline(bare) is None
    assert Story((bare,)).title == "bare.txt"


def test_a_real_headline_titles_the_story_before_an_opening_line() -> None:
    """A paper with no headline of its own (central, as it joins the wire's pages) does not
    title the story with its first sentence when the wire copy has a headline."""
    paper = article(["A skipper was cleared of negligence yesterday.", "He wept."], "paper.txt")
    wire = Article(Path("wire.txt"), paper.text, Metadata(title="SKIPPER CLEARED"),
                   paper.paragraphs, paper.sentences, paper.boilerplate)  # fmt: skip
    story = Story((paper, wire), central="paper.txt")
    assert story.title == "SKIPPER CLEARED"
    assert Story((paper,), central="paper.txt").title.startswith("A skipper was cleared")


def test_short_articles_still_group() -> None:
    """A headline and one sentence each: two reports of one event join, the other event
    of the same kind stays apart."""
    one = [
        "Gorfivo dam bursts near Lintavo, 14 dead",
        "The Gorfivo dam burst on Tuesday near Lintavo, killing 14 villagers.",
    ]
    two = [
        "Fourteen killed as Gorfivo dam fails at Lintavo",
        "Fourteen people died near Lintavo when the Gorfivo dam failed on Tuesday.",
    ]
    other = [
        "Marsek levee breaks in Tolbaru, 3 missing",
        "A levee on the Marsek river broke in Tolbaru, leaving three people missing.",
    ]
    articles = [article(one, "a.txt"), article(two, "b.txt"), article(other, "c.txt")]
    assert grouping(group_stories(articles)) == {frozenset({"a.txt", "b.txt"}),
                                                 frozenset({"c.txt"})}  # fmt: skip


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


def synthetic_bench():  # type: ignore[no-untyped-def]
    """The benchmark's generator of synthetic stories (`bench/synthetic_stories.py`)."""
    path = ROOT / "bench" / "synthetic_stories.py"
    spec = importlib.util.spec_from_file_location("synthetic_stories", path)
    assert spec and spec.loader
    bench = importlib.util.module_from_spec(spec)
    sys.modules["synthetic_stories"] = bench
    spec.loader.exec_module(bench)
    return bench


def test_synthetic_corpus_is_grouped_exactly() -> None:
    """The benchmark's generator, small: 20 stories x 3 paraphrased versions, shuffled."""
    bench = synthetic_bench()
    articles, truth = bench.build_corpus(20, 3, seed=11)
    index = {a.name: i for i, a in enumerate(articles)}
    found = [[index[n] for n in s.names] for s in group_stories(articles)]
    assert bench.scores(found, truth)["pair_f1"] == 1.0


@settings(max_examples=25, deadline=None)
@given(st.lists(body, min_size=2, max_size=6), st.randoms(use_true_random=False))
def test_file_order_does_not_change_the_grouping(bodies: list[list[str]], rng) -> None:
    """The same files given in another order make the same stories."""
    articles = [article(b, f"a{i}.txt") for i, b in enumerate(bodies)]
    shuffled = list(articles)
    rng.shuffle(shuffled)
    assert grouping(group_stories(articles)) == grouping(group_stories(shuffled))


def test_a_folder_of_one_story_stays_one(seed_articles: tuple[Article, ...]) -> None:
    """Reports of one event only (the four July versions, and each again with its first
    sentence cut: pairs of near-copies) make one story. The August follow-up is left out:
    with a near-copy of its own it is a later event's pair, and may stand apart."""
    july = [a for a in seed_articles if a.name != "004_84002df1388213bc.txt"]
    edited = [article([s.text for s in a.sentences][1:], f"edit_{a.name}") for a in july]
    (story,) = group_stories([*july, *edited])
    assert len(story.articles) == 2 * len(july)


def test_picker_line_names_the_count_and_outlets(seed_articles: tuple[Article, ...]) -> None:
    """The story picker's line: how many articles and their first three outlets."""
    from reader.ui.overview_model import story_outlets

    line = story_outlets(Story(seed_articles))
    assert line.startswith("5 articles: ") and line.endswith(", +2")
    assert story_outlets(Story(seed_articles[:1])).startswith("1 article: ")


def test_pages_of_one_wire_filing_stay_together(tmp_path) -> None:  # type: ignore[no-untyped-def]
    """Two pages an agency filed under one catch-line on one day are one story, however
    few words the continuation page shares with the first; another catch-line is not."""
    from reader.ingest.article import load_article
    from reader.story.stories import group_stories

    rule = "  " + "-" * 60
    page = "{rule}\n\n{rule}\n\n   {time} 14/07/99: Page {n} (HHH) {slug}\n{rule}\n{body}<\n\x19end<\n"
    first = ("The city council approved a new bridge over the river on Monday after a long "
             "debate.<\n\x19The bridge will cost four million pounds and open next year, "
             "the council said.<\n\x19Engineers said the steel span would be the longest "
             "in the county and carry two lanes of traffic.")  # fmt: skip
    files = {
        "a.txt": page.format(rule=rule, time="10:02", n=1, slug="NEWS BridgeVote", body=first),
        "b.txt": page.format(rule=rule, time="13:40", n=2, slug="NEWS BridgeVote Update",
                             body="Protesters gathered outside the town hall later."),
        # Another filing whose words the continuation page shares more than the first's.
        "c.txt": page.format(rule=rule, time="13:45", n=1, slug="NEWS TownHallProtest",
                             body="Protesters gathered outside the town hall later, "
                                  "the police said.<\n\x19The protesters marched on the "
                                  "town hall again later, chanting against the tax rise.<\n"
                                  "\x19Police said eight protesters outside the town hall "
                                  "were arrested later in the evening."),
    }  # fmt: skip
    for name, text in files.items():
        (tmp_path / name).write_text(text, encoding="utf-8")
    stories = group_stories([load_article(tmp_path / n) for n in files])
    together = {a.name: k for k, s in enumerate(stories) for a in s.articles}
    assert together["a.txt"] == together["b.txt"] != together["c.txt"]
