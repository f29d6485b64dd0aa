"""Export from the reader: the report of the story or the pair shown, and the current row.

`CompareScreen` inherits this (through `PairLoading`). The report is `reader report`'s
(`reader.output.report.build_report`: the same tables, notes and hand-made links), written
in a worker to the current folder (`reader-story-N.html`, `reader-pair-LEFT-RIGHT.md`...,
never into the article folder, whose files the reader would read as articles). The row
goes to the clipboard through OSC 52 (Textual's `copy_to_clipboard`), which many
terminals honour and some ignore without a word, so it is also written to
`reader-row.txt` in the current folder and the notice names both.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import TYPE_CHECKING, Literal

from textual import work

from reader.core.errors import ReaderError
from reader.ui.screens.linking import LinkingScreen
from reader.ui.textmap import plain

if TYPE_CHECKING:
    from reader.core.model import Article, Comparison
    from reader.index.read import IndexView

Scope = Literal["story", "pair"]
Format = Literal["html", "markdown", "json"]
SUFFIX: dict[str, str] = {"html": ".html", "markdown": ".md", "json": ".json"}
"""File suffix of each report format."""
ROW_FILE = "reader-row.txt"
"""Where the current row is written as well as copied."""
_UNSAFE = re.compile(r"[^\w.-]+")


def row_text(comparison: Comparison, row: int) -> str:
    """The current row as plain text: each side's sentences after its outlet, then the
    numbers that differ ("3,000 vs 300,000, ×100")."""
    r = comparison.rows[row]
    lines = []
    for article, indices in ((comparison.left, r.left), (comparison.right, r.right)):
        said = " ".join(article.sentences[i].text for i in indices) or "(nothing here)"
        lines.append(f"{plain(article.label)}: {plain(said)}")
    for n in r.numbers:
        if n.differs:
            ratio = f", \u00d7{n.ratio:.3g}" if n.ratio else ""
            lines.append(f"Numbers differ: {plain(n.left.text)} vs {plain(n.right.text)}{ratio}")
    return "\n".join(lines) + "\n"


def report_name(scope: Scope, fmt: Format, articles: tuple[Article, ...], story: int) -> str:
    """The report's file name: by story number, or by the pair's file names."""
    if scope == "story":
        stem = f"reader-story-{story + 1}"
    else:
        stem = "reader-pair-" + "-".join(_UNSAFE.sub("_", a.path.stem)[:40] for a in articles)
    return stem + SUFFIX[fmt]


class ExportingScreen(LinkingScreen):
    """Palette actions that write reports and copy the current row (no keys of their own)."""

    index: IndexView | None = None
    """The index fresh for the files, whose stored comparisons the reports use (set by the
    compare screen; None: every pair is aligned for the report)."""

    def story(self) -> int | None:
        raise NotImplementedError

    def action_export(self, scope: str, fmt: str) -> None:
        """Write the report of the story (or the pair) shown, in `fmt`."""
        comparison = self.side_by_side.comparison
        if comparison is None:
            self.notify("Wait for the pair to be aligned first.", timeout=3)
            return
        story = self.story()
        articles: tuple[Article, ...] = (comparison.left, comparison.right)
        if scope == "story" and story is not None and self.book.stories is not None:
            articles = tuple(
                self.book.articles[a.path]
                for a in self.book.stories[story].articles
                if a.path in self.book.articles
            )
        name = report_name(scope, fmt, articles, story or 0)  # type: ignore[arg-type]
        self.notify(f"Writing {name}\u2026", timeout=2)
        self.write_report(articles, fmt, Path.cwd() / name)  # type: ignore[arg-type]

    @work(thread=True, group="export", exit_on_error=False)
    def write_report(self, articles: tuple[Article, ...], fmt: Format, path: Path) -> None:
        """Build and write a report (in a worker: it compares every pair of the story)."""
        from reader.output.comparison import json_text
        from reader.output.report import Notes, build_report, to_html, to_json, to_markdown

        notes = Notes("ok", self.notes) if self.notes else Notes("none")
        source = ", ".join(a.name for a in articles)
        try:
            report = build_report(source, articles, notes=notes, index=self.index)
            if fmt == "json":
                text = json_text(to_json(report)) + "\n"
            else:
                text = to_html(report) if fmt == "html" else to_markdown(report)
            path.write_text(text, encoding="utf-8")
        except ReaderError as error:
            self.app.call_from_thread(self.notify, plain(error.message), title="No report",
                                      severity="error", markup=False)  # fmt: skip
            return
        except OSError as error:
            reason = (error.strerror or type(error).__name__).lower()
            self.app.call_from_thread(self.notify, plain(f"{path}: cannot write ({reason})"),
                                      title="No report", severity="error", markup=False)  # fmt: skip
            return
        self.app.call_from_thread(self.notify, plain(f"Report written: {path}"), timeout=6,
                                  markup=False)  # fmt: skip

    def action_copy_row(self) -> None:
        """Copy the current row (both sentences, outlets, differing numbers)."""
        view = self.side_by_side
        block = view.current_block
        if view.comparison is None or block is None or block.row is None:
            self.notify("Move to a sentence first.", timeout=3)
            return
        text = row_text(view.comparison, block.row)
        self.app.copy_to_clipboard(text)
        path = Path.cwd() / ROW_FILE
        try:
            path.write_text(text, encoding="utf-8")
        except OSError as error:
            reason = (error.strerror or type(error).__name__).lower()
            self.notify(plain(f"Copied (OSC 52); {path}: cannot write ({reason})"), markup=False)
            return
        self.notify(plain(f"Copied the row (OSC 52) and wrote it to {path}"), markup=False,
                    timeout=4)  # fmt: skip
