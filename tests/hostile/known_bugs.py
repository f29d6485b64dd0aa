"""Bugs the hostile inputs found in code this suite does not own.

Each open bug (`BUGS`) is reproduced on its own by a strict xfail test in
`test_known_bugs.py` named after it, and the runs of the input matrix it breaks are strict
xfails too (`BROKEN`), so a fix turns them into passes that must be acknowledged here by
moving the entry to `FIXED`. `bench/hostile_table.py` prints those runs as KNOWN BUG.
"""

from __future__ import annotations

BUGS: dict[str, str] = {}
"""Open bug id -> where it is and what it does."""

FIXED: dict[str, str] = {
    "report-story-grouping-quadratic": (
        "reader/story/stories.py shared_sentences (group_stories): every pair of sentences of "
        "two articles that scores over the cutoff is checked again in Python, with no cap: "
        "two versions of a 5,000-sentence article keep reader report busy 100 s and 475 MB "
        "before it refuses them (2,100 each: 15-20 s; reader compare refuses in 1-2 s); fixed: "
        "row by row, pairs of two matched sentences skipped, at most 32 counterparts a sentence"
    ),
    "ui-large-article": (
        "reader/ui and reader/core: a 3.9 MB article of 60,000 one-sentence paragraphs took "
        "over 60 s and ~890 MB to show: pysbd ran on every one-sentence paragraph, "
        "strip_markdown ran seven patterns over sentences without markup, each layout took "
        "~150 MB (objects with a __dict__, a tuple of ints per shown sentence, a label per "
        "one-sided row) and was made again for its notes, and pairs laid out ahead used a "
        "stale boilerplate setting"
    ),
    "ui-many-files": (
        "reader/ui/ranking.py PairBook.pairs built and sorted every pair, "
        "reader/ui/screens/compare.py asked for it several times per comparison received and "
        "the status line counted the compared ones, the loader tried every pair of files for "
        "being in one story, and the notes were matched against every article read at each "
        "one: 50 one-line files took 7.6 s to settle, 80 over 40 s, 10,000 never showed a pair"
    ),
    "ui-long-paragraph-quadratic": (
        "reader/ui/textmap.py Shown.__add__ copied the whole map on each join, so "
        "reader/ui/draft.py and layout.py were quadratic in a paragraph's sentences, and "
        "wrap/_clip in the length of its line: a 2 MB paragraph took 30 s to minutes to show"
    ),
    "ui-markup-regex-quadratic": (
        "reader/ui/textmap.py _MD_LINK/_MD_IMAGE/_MD_EMPHASIS/_MD_AUTOLINK scanned to the end "
        "of the text from every opening mark: showing boilerplate (b) of an ad line holding "
        "200,000 '[' took minutes"
    ),
    "infinity-in-compare-json": (
        "reader/ingest/numbers.py reads a 400-digit number (or '1e999') as float('inf') and "
        "reader/formats.py to_json passes it on: `reader compare --format json` writes "
        "Infinity, which is not JSON (RFC 8259; strict parsers refuse the document)"
    ),
    "store-undecodable-source": (
        "reader/store/annotations.py NoteStore._write (codec.dump): a note on a file whose "
        "name is not UTF-8 raises UnicodeEncodeError (not SidecarWriteError) and is not saved"
    ),
    "c1-in-compare-json": (
        "reader/cli.py run_compare: json.dump(ensure_ascii=False) wrote C1 controls "
        "(U+0080-U+009F, e.g. U+009B CSI) from an article or file name raw"
    ),
    "surrogates-in-compare-json": (
        "reader/cli.py run_compare: a file name that is not UTF-8 made --format json die "
        "with UnicodeEncodeError on a UTF-8 terminal"
    ),
    "compare-path-too-long": (
        "reader/cli.py run_compare: Path.exists() raised OSError (ENAMETOOLONG) for a path "
        "over PATH_MAX: a traceback"
    ),
    "compare-symlink-loop-says-missing": (
        "reader/cli.py run_compare: a symbolic-link loop was reported as 'no such file'"
    ),
    "compare-missing-path-raw": (
        "reader/cli.py: '{path}: no such file' and every other message printed names raw, "
        "escape sequences included"
    ),
    "c1-in-report-json": "reader/report_cli.py run_report: C1 controls written raw in JSON",
    "surrogates-in-report-json": (
        "reader/report_cli.py run_report: --format json died with UnicodeEncodeError on a "
        "file name that is not UTF-8"
    ),
    "sidecar-recursion": (
        "reader/store/codec.py parse: a sidecar nested 100,000 levels deep raised "
        "RecursionError: a traceback in reader notes and reader report, a raw "
        "'RecursionError' notice in the interface"
    ),
    "sidecar-message-raw-path": (
        "reader/store/codec.py SidecarUnreadable put the folder path in its message raw and "
        "reader/cli.py printed it: escape sequences in a folder name reached the terminal"
    ),
    "sidecar-fifo-hangs": (
        "reader/store/annotations.py NoteStore._read read a FIFO named .reader-notes.json "
        "with Path.read_bytes(), blocking until something wrote to it: reader notes and "
        "reader report hung, the interface's notes never finished reading"
    ),
}
"""Bugs the hostile inputs found that were fixed meanwhile (by their owners, in the working
tree): their tests in test_known_bugs.py now guard the fixes."""

BROKEN: dict[tuple[str, str], str] = {}
"""(input, entry point) -> the open bug that makes that run fail."""

HANGS: frozenset[str] = frozenset()
"""Bugs whose runs never end (or take minutes): run in a process killed at a deadline."""


def xfail_test_of(bug: str) -> str:
    """The xfail test reproducing a bug."""
    return f"tests/hostile/test_known_bugs.py::test_{bug.replace('-', '_')}"
