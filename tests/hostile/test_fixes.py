"""The bugs the hostile inputs found in the loader, segmenter, text helpers and `reader
notes`, each pinned by a test of the fix (the input that found it is in inputs.py).
"""

from __future__ import annotations

import json
import os
import sys
import time
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from reader.ingest.boilerplate import classify, cue
from reader.core.errors import LoadError
from reader.ingest.load import stat_given
from reader.ingest.segment import _SPLITS, _segmenter, _split, segment
from reader.ingest.text import display_text, safe, strip_markdown
from reader.cli.notes import to_json, to_markdown
from tests.hostile.harness import forbidden_characters, problems, run_inprocess
from tests.hostile.inputs import ARTICLE, REWRITE, note_on, sidecar, write


def seconds(function: object, *args: object) -> float:
    """Wall-clock time of one call."""
    start = time.perf_counter()
    function(*args)  # type: ignore[operator]
    return time.perf_counter() - start


BOMBS = {
    "brackets": "[" * 100_000,
    "images": "![" * 50_000,
    "open links": "[x](" * 25_000,
    "emphasis": "*a " * 33_000,
    "underscores": "_a " * 33_000,
    "strikes": "~~a " * 25_000,
    "autolinks": "<http://" * 12_000,
    "image links": "![a](" * 20_000,
}


@pytest.mark.parametrize("text", BOMBS.values(), ids=list(BOMBS))
def test_markdown_stripping_is_linear(text: str) -> None:
    """reader/ingest/text.py: no Markdown pattern scans past the next opening mark of its
    kind, so 100 KB of unclosed marks take milliseconds (they took 3-60 s)."""
    assert seconds(strip_markdown, text) < 0.5
    assert seconds(display_text, text) < 0.5


@pytest.mark.parametrize(
    ("text", "plain"),
    [("**bold** and *it* and _u_ and ~~s~~", "bold and it and u and s"),
     ("[label](http://x.example/a_(b)) ![alt](i.png) <http://x.example>",
      "label alt http://x.example"),
     ("***both***", "both"), ("[[x](u)", "[x"), ("a * b * c", "a * b * c")],
)  # fmt: skip
def test_markdown_stripping_still_strips(text: str, plain: str) -> None:
    """The linear patterns remove the same markup as before."""
    assert display_text(text) == plain


@pytest.mark.parametrize(
    "text",
    [
        "[Getty " * 40_000,
        "(AFP " * 40_000,
        "12" * 40_000,
        "Published " * 20_000,
        "\u00a9 " * 40_000,
    ],
    ids=["captions", "credits", "digits", "datelines", "copyrights"],
)
def test_furniture_rules_are_linear(text: str) -> None:
    """reader/ingest/boilerplate.py: the caption and '% off' rules read a line once (a line
    of 80,000 digits took 20 s, 40,000 '[Getty ' several)."""
    assert seconds(cue, text) < 0.5


def test_a_huge_one_word_line_is_not_a_title() -> None:
    """reader/ingest/boilerplate.py classify: 2 MB without a space is text, not a headline
    (it became the article's 2 MB title)."""
    assert classify(["a" * 2_000_000, "The river rose by three metres overnight, they said."]) == [
        None, None]  # fmt: skip
    assert classify(["Floods force thousands from homes", "The river rose, they said."])[0] == (
        "title")  # fmt: skip


def test_repeated_sentences_segment_in_linear_time(monkeypatch: pytest.MonkeyPatch) -> None:
    """reader/ingest/segment.py: pysbd's own placing of sentences searches the text from
    the start for each one, quadratic in identical sentences (':!' x 20,000 took minutes);
    the segmenter places them itself and never calls it."""
    import pysbd

    def quadratic(*args: object) -> None:
        raise AssertionError("Segmenter.sentences_with_char_spans called")

    text = ":!" * 10_000
    assert seconds(segment, text) < 2
    monkeypatch.setattr(pysbd.Segmenter, "sentences_with_char_spans", quadratic)
    parts = segment("No! " * 500 + "Yes. " * 500)
    assert len(parts.sentences) == 1000


def test_run_on_line_is_not_handed_to_pysbd() -> None:
    """A 1 MB line without punctuation segments in about a second (it took 7 s)."""
    words = ("river water rain town bridge mayor boat rescue " * 25_000)[: 1024 * 1024]
    assert seconds(segment, words) < 4


@settings(max_examples=300, deadline=None, derandomize=True)
@given(st.text(alphabet=st.characters(blacklist_characters=".!?\u3002\uff0e\uff01\uff1f)\r\"'"
                                      "\u201c\u201d\n"), max_size=80))  # fmt: skip
def test_unsplittable_window_matches_pysbd(window: str) -> None:
    """Without punctuation, quotes or list parentheses, pysbd returns the window whole:
    asking it or not gives the same sentences (pysbd placeholders aside: it drops text
    holding them, which `_split` keeps)."""
    if any(mark in window for mark in ("\u222f", "\u0238", "\u0239", "&")):
        return
    assert not _SPLITS.search(window)
    old = [piece.strip() for piece in _segmenter().segment(window) if piece.strip()]
    assert old == [piece.strip() for piece in _split(window) if piece.strip()]


def test_safe_escapes_lone_surrogates() -> None:
    """reader/ingest/text.py safe: undecodable file-name bytes become '\\xNN', so text and
    Markdown output can be written to a UTF-8 terminal (they raised UnicodeEncodeError)."""
    assert safe(os.fsdecode(b"caf\xe9-\xff.txt")) == "caf\\xe9-\\xff.txt"
    assert safe("\x1b[31m\u009b\tok\n") == "\\x1b[31m\\x9b\tok\n"


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="Linux path limits")
def test_stat_given_refuses_what_the_system_refuses(tmp_path: Path) -> None:
    """reader/ingest/load.py stat_given: a path over PATH_MAX, a NUL byte, a link loop:
    one-line LoadErrors naming the path printably."""
    with pytest.raises(LoadError, match="file name too long"):
        stat_given(tmp_path.joinpath(*["d" * 250] * 20))
    with pytest.raises(LoadError, match="not a valid path"):
        stat_given(tmp_path / "a\x00b")
    (tmp_path / "loop").symlink_to("loop")
    with pytest.raises(LoadError, match="symbolic links"):
        stat_given(tmp_path / "loop")


def _doc(text: str) -> dict[str, object]:
    target = {"source": text, "title": text, "outlet": None, "date": None, "status": "orphan",
              "start": None, "end": None, "score": 0.0, "quote": text, "current": None,
              "saved_start": 0, "saved_end": 1}  # fmt: skip
    return {"folder": text, "count": 1, "orphans": 1, "notes": [
        {"id": text, "created": text, "modified": text, "tags": [text], "text": text,
         "targets": [target]}]}  # fmt: skip


def test_notes_json_escapes_c1_and_surrogates() -> None:
    """reader/cli/notes.py to_json: C1 controls, DEL, lone surrogates and line separators
    are \\u escapes (valid JSON, same data); other text stays readable UTF-8."""
    evil = "\u009b31m \x7f \udce9 \u2028 caf\u00e9 \x1b"
    out = to_json(_doc(evil))
    assert json.loads(out) == _doc(evil)
    assert "caf\u00e9" in out and "\\u009b" in out and "\\udce9" in out and "\\u001b" in out
    assert not forbidden_characters(out.encode("utf-8"))


def test_notes_markdown_escapes_the_creation_time() -> None:
    """reader/cli/notes.py to_markdown: a hand-edited 'created' is data too."""
    out = to_markdown(_doc("\x1b]52;c;eA==\x07"))
    assert "\x1b" not in out and "\x07" not in out and "\\x1b]52" in out


def test_notes_on_a_path_the_system_refuses(tmp_path: Path) -> None:
    """reader notes PATH: a missing, looping or too-long path is a one-line refusal with
    the name made printable (a long path was a traceback)."""
    (tmp_path / "loop").symlink_to("loop")
    for path, words in (
        (tmp_path / "\x1b[2Jgone", "no such file"),
        (tmp_path / "loop", "symbolic links"),
        (tmp_path.joinpath(*["d" * 250] * 20), "too long"),
    ):
        run = run_inprocess(["notes", str(path)])
        assert not problems(run, "refused", (words,)), run


def test_notes_with_targets_the_system_refuses(tmp_path: Path) -> None:
    """A sidecar naming a file with a NUL byte or a 300-character name: those notes are
    orphans, the others are placed (is_file() raised ValueError/ENAMETOOLONG)."""
    write(tmp_path / "a.txt", ARTICLE)
    write(tmp_path / "b.txt", REWRITE)
    sidecar(tmp_path, note_on("a.txt", ARTICLE, "river"), note_on("x" * 300, "", "gone"),
            note_on("bad\x00name.txt", "", "gone"))  # fmt: skip
    run = run_inprocess(["notes", str(tmp_path), "--format", "json"])
    assert not problems(run, "ok")
    doc = json.loads(run.stdout)
    assert doc["count"] == 3 and doc["orphans"] == 2
