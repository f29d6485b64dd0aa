"""Properties of the engine on arbitrary, hostile text (Hypothesis).

For any bytes or text: loading gives an article or a `LoadError`; segmenting gives offsets
inside the text that reproduce it; comparing puts every sentence of each side in exactly
one row, with spans, word differences and numbers inside their texts, or raises a
`ReaderError`; the text and Markdown renderings, and the notes export, carry no control
character. Nothing else may escape.

Each property runs twice: by default with the small `hostile` profile, and marked
`hypothesis_long` with the `hostile-long` profile (READER_HYPOTHESIS=long).
"""

from __future__ import annotations

import functools
import re
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from reader.core.errors import LoadError, ReaderError
from reader.core.model import Article
from tests.hostile.conftest import LONG

FRAGMENTS = [
    "The river rose", " by 3,000", " people", ".", "!", "?", "...", "\u2026", " ", "  ", "\n",
    "\n\n", "\r\n", "\r", "\t", "[", "]", "(", ")", "![", "](", "*", "**", "_", "~~", "`", "#",
    "<http://x.example>", "> ", "---\n", "title: x\n", '"', "\u201c", "\u201d", "'", "Mr.",
    "U.S.", "3.5%", "$4.2bn", "half a million", "1e999", "9" * 40, "\x1b[31m", "\x1b]52;c;eA==\x07",
    "\u009b1m", "\x00", "\x07", "\x08", "\x7f", "\u200b", "\u200d", "\ufeff", "\u202e", "\u0301",
    "\U0001f468\u200d\U0001f469", "\u05d0\u05d1", "\u0627\u0644", "\ud83d", "\u2028", "\u00a0",
    "(AFP) - ", "BEIRUT (Reuters) - ", "By Jane Doe", "Advertisement", "\u00a9 2024 X",
    "Published 19.07.2019", "Share on Facebook", "[Getty Images]", "<p>", "</p>", "<div>",
    "<script>", "&#x1b;", "&amp;", "\u0238", "\u222f",
]  # fmt: skip
"""Pieces of the text a scraped page or another tool's export might hold."""

hostile_text = st.lists(
    st.one_of(st.sampled_from(FRAGMENTS), st.text(max_size=6)), max_size=60
).map("".join)
hostile_bytes = st.one_of(
    st.binary(max_size=400),
    hostile_text.map(lambda t: t.encode("utf-8", "surrogatepass")),
    hostile_text.map(lambda t: t.encode("utf-16", "surrogatepass")),
    hostile_text.map(lambda t: t.encode("cp1252", "replace")),
)
SUFFIXES = st.sampled_from([".txt", ".md", ".html", ".htm", ".markdown", ".csv"])

SHORT = settings(settings.get_profile("hostile"))
LONG_RUN = settings(settings.get_profile("hostile-long"))
LONG_MARK = pytest.mark.hypothesis_long
_PLAIN = re.compile("[\x00-\x08\x0b-\x1f\x80-\x9f\ud800-\udfff]")


def both(
    body: Callable[..., None], **strategies: st.SearchStrategy[Any]
) -> tuple[Callable[..., None], Callable[..., None]]:
    """The property with the short budget, and a `hypothesis_long` copy with the long one."""

    def make(budget: settings) -> Callable[..., None]:
        @functools.wraps(body)
        def test(*args: Any, **kwargs: Any) -> None:
            body(*args, **kwargs)

        return budget(given(**strategies)(test))

    return make(SHORT), LONG_MARK(make(LONG_RUN))


def _article(tmp_path: Path, name: str, data: bytes) -> Article | None:
    from reader.ingest.article import load_article

    path = tmp_path / name
    path.write_bytes(data)
    try:
        return load_article(path)
    except LoadError as error:
        assert error.message and "\n" not in error.message
        return None


def check_article(article: Article) -> None:
    """Offsets index the text, reproduce it, and keep their order."""
    text = article.text
    last = 0
    for p in article.paragraphs:
        assert 0 <= p.start <= p.end <= len(text)
        assert p.start >= last
        last = p.end
    previous = 0
    for i, s in enumerate(article.sentences):
        assert s.index == i
        assert 0 <= s.start < s.end <= len(text) and s.start >= previous
        previous = s.end
        piece = text[s.start : s.end]
        assert piece == piece.strip() and piece
        p = article.paragraphs[s.paragraph]
        assert p.start <= s.start and s.end <= p.end and i in p.sentences
    for b in article.boilerplate:
        assert 0 <= b.start <= b.end <= len(text)


def _load(tmp_path_factory: pytest.TempPathFactory, data: bytes, suffix: str) -> None:
    article = _article(tmp_path_factory.mktemp("p"), "x" + suffix, data)
    if article is not None:
        check_article(article)


def _prop_load(tmp_path_factory: pytest.TempPathFactory, data: bytes, suffix: str) -> None:
    _load(tmp_path_factory, data, suffix)


test_any_file_loads_or_is_refused, test_any_file_loads_or_is_refused_long = both(
    _prop_load, data=hostile_bytes, suffix=SUFFIXES
)


def _prop_segment(text: str) -> None:
    from reader.ingest.segment import segment

    parts = segment(text)
    check_article(Article(Path("x.txt"), text, _meta(), parts.paragraphs, parts.sentences,
                          parts.boilerplate))  # fmt: skip


test_segment_offsets, test_segment_offsets_long = both(_prop_segment, text=hostile_text)


def _meta() -> Any:
    from reader.core.model import Metadata

    return Metadata()


def check_comparison(left: Article, right: Article) -> None:
    """Every sentence in exactly one row; every span inside its text; renderings clean."""
    from reader.align.compare import compare
    from reader.output.comparison import to_json, to_markdown, to_text

    try:
        c = compare(left, right)
    except ReaderError:
        return
    seen_left = [i for row in c.rows for i in row.left]
    seen_right = [j for row in c.rows for j in row.right]
    assert sorted(seen_left) == list(range(len(left.sentences)))
    assert sorted(seen_right) == list(range(len(right.sentences)))
    for row in c.rows:
        for op in row.words:
            assert all(0 <= s.start <= s.end <= len(left.text) for s in op.left)
            assert all(0 <= s.start <= s.end <= len(right.text) for s in op.right)
        for n in row.numbers:
            assert left.text[n.left.start : n.left.end] == n.left.text
            assert right.text[n.right.start : n.right.end] == n.right.text
    for i in c.missing_in_right:
        assert left.paragraphs[i].sentences
    for rendering in (to_text(c), to_markdown(c)):
        assert not _PLAIN.search(rendering), sorted(set(_PLAIN.findall(rendering)))
    doc = to_json(c)
    for row in doc["rows"]:
        for span in row["left"]:
            assert left.text[span["start"] : span["end"]] == span["text"]


def _prop_compare(tmp_path_factory: pytest.TempPathFactory, left: str, right: str,
                  same: bool) -> None:  # fmt: skip
    folder = tmp_path_factory.mktemp("c")
    a = _article(folder, "a.txt", left.encode("utf-8", "surrogatepass"))
    b = a if same else _article(folder, "b.md", (left[: len(left) // 2] + right).encode(
        "utf-8", "surrogatepass"))  # fmt: skip
    if a is not None and b is not None:
        check_comparison(a, b)
        check_comparison(b, a)


test_compare_rows, test_compare_rows_long = both(
    _prop_compare, left=hostile_text, right=hostile_text, same=st.booleans()
)


def _prop_notes(text: str, quote: str, tags: list[str], stamp: str, name: str) -> None:
    import json

    from reader.cli.notes import to_json, to_markdown

    target = {"source": name, "title": text, "outlet": name, "date": stamp, "status": "orphan",
              "start": None, "end": None, "score": 0.0, "quote": quote, "current": None,
              "saved_start": 0, "saved_end": 1}  # fmt: skip
    doc = {"folder": name, "count": 1, "orphans": 1, "notes": [
        {"id": text, "created": stamp, "modified": stamp, "tags": tags, "text": text,
         "targets": [target]}]}  # fmt: skip
    out = to_json(doc)
    assert not _PLAIN.search(out.replace("\n", ""))
    assert json.loads(out) == json.loads(json.dumps(doc))
    markdown = to_markdown(doc)
    assert not _PLAIN.search(markdown), sorted(set(_PLAIN.findall(markdown)))
    markdown.encode("utf-8")


test_notes_export_is_clean, test_notes_export_is_clean_long = both(
    _prop_notes,
    text=hostile_text,
    quote=hostile_text,
    tags=st.lists(hostile_text, max_size=3),
    stamp=hostile_text,
    name=hostile_text,
)


def test_profiles_are_registered() -> None:
    """The default run is small; READER_HYPOTHESIS=long picks the large budget."""
    assert settings.get_profile("hostile").max_examples < 100
    assert settings.get_profile("hostile-long").max_examples >= 1000
    assert HealthCheck.too_slow in settings.get_profile("hostile").suppress_health_check
    assert LONG is (__import__("os").environ.get("READER_HYPOTHESIS") == "long")
