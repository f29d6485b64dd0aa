"""The report as a fact-checker reads it: whole facts, outlets as labels, notes quoting
their sentence, links made by hand applied, no empty tables, no control characters."""

from __future__ import annotations

import shutil
from pathlib import Path

from reader.align.compare import compare
from reader.ingest.article import load_article
from reader.store.annotations import NoteStore
from reader.store.codec import Target
from reader.store.links import LINKED, LINKING, sentence_targets
from tests.coverage.test_report import parsed, report
from tests.ui.conftest import DATA, LEFT_DATA, RIGHT_DATA


def _folder(tmp_path: Path) -> Path:
    folder = tmp_path / "articles"
    folder.mkdir()
    for name in (LEFT_DATA, RIGHT_DATA):
        shutil.copy(DATA / name, folder / name)
    return folder


def test_facts_whole_outlets_as_labels_notes_with_their_sentence(tmp_path: Path) -> None:
    folder = _folder(tmp_path)
    ibt, mt = load_article(folder / LEFT_DATA), load_article(folder / RIGHT_DATA)
    i, j = ibt.text.index("3,000 civilians"), mt.text.index("300,000 civilians")
    NoteStore.open(folder).add(
        "IBTimes dropped two zeros",
        [Target.of(ibt, i, i + 5), Target.of(mt, j, j + 7)],
        tags=["discrepancy"],
    )
    md = report(folder, "markdown", tmp_path)
    assert "\u2026" not in md.split("### Coverage")[1].split("### Numbers")[0]  # never cut
    assert "  - L: " not in md and "  - IBTimes: " in md and "  - themoscowtimes.com: " in md
    assert "#### IBTimes \u27f7 themoscowtimes.com" in md or (
        "#### themoscowtimes.com \u27f7 IBTimes" in md
    )
    assert "has forced over **300,000** civilians to flee" in md
    assert "  - IBTimes: \u201cAccording to Qantara.de" in md
    page = report(folder, "html", tmp_path)
    text = "".join(parsed(page).text)
    assert "L: " not in text and "IBTimes:" in text
    assert "<mark>" in page  # the figure marked in the note's sentence
    assert not any(ord(c) < 32 and c not in "\n\t" for c in page)


def test_a_link_made_by_hand_is_applied_and_listed(tmp_path: Path) -> None:
    folder = _folder(tmp_path)
    ibt, mt = load_article(folder / LEFT_DATA), load_article(folder / RIGHT_DATA)
    plain = compare(ibt, mt)
    i = next(r.left[0] for r in plain.rows if r.kind == "left_only")
    j = next(r.right[0] for r in plain.rows if r.kind == "right_only")
    targets = sentence_targets(ibt, i, mt, j)
    NoteStore.open(folder).add("", targets, tags=[LINKED], motivation=LINKING)
    md = report(folder, "markdown", tmp_path)
    assert "linked by hand" in md
    html = report(folder, "html", tmp_path)
    assert "linked by hand" in html
    # The linked pair is a row of the pair's differences: both sentences on one row.
    left_words = " ".join(ibt.sentences[i].text.split()[:4])
    right_words = " ".join(mt.sentences[j].text.split()[:4])
    row_texts = [block for block in md.split("- **") if left_words in block]
    assert any(right_words in block for block in row_texts)


def test_a_story_of_one_article_has_no_empty_tables(tmp_path: Path) -> None:
    folder = tmp_path / "one"
    folder.mkdir()
    shutil.copy(DATA / LEFT_DATA, folder / LEFT_DATA)
    md = report(folder, "markdown", tmp_path)
    assert "### Coverage" not in md and "One article: nothing to compare it with." in md
    html = report(folder, "html", tmp_path)
    assert 'class="coverage"' not in html
