"""The `reader report` document: every story of a folder, seen whole, as JSON, Markdown or HTML.

Owns what a report holds (per story: articles, likely original, coverage of facts, numbers
across outlets, pair similarity, the differing sentences of each pair, the user's notes),
building it from the articles (`build_report`: group the stories, apply the user's
corrections and links, compare each story's pairs; `reader report` and the reader's export
both call it) and the three renderings. Article text is data: the HTML escapes all of it
(Pygments' formatter and `html.escape`), the Markdown escapes its markup characters, and
neither carries a script. HTML is one self-contained file: inline CSS, no external assets, no
JavaScript, a print stylesheet. Reading the notes file is the command's job
(`reader.cli.report`, through `reader.store`); this module only lays the notes out.
"""

from __future__ import annotations

import html
import io
import itertools
import re
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import asdict, dataclass
from typing import TYPE_CHECKING, Any, Literal

from pygments.formatters import HtmlFormatter
from pygments.token import Text, Whitespace

from reader.core.errors import CompareError
from reader.story.coverage import LEGEND, MARKS, Cell, Fact, Overview, QuantityRow
from reader.ingest.names import short_names
from reader.core.model import Article, Comparison, Row
from reader.story.stories import Story
from reader.ingest.text import safe
from reader.store.anchor import anchor_note
from reader.store.codec import Note
from reader.output.lexer import NewsLexer, opening_in_quote

if TYPE_CHECKING:
    from reader.index.read import IndexView
    from reader.store.corrections import Correction

NotesStatus = Literal["ok", "none", "unreadable"]
_STYLE = "friendly"
_LEXER = NewsLexer(stripnl=False, ensurenl=False)
_KEPT = frozenset({"equal", "move"})
"""Word steps that are no change of wording (a move is the same words in another place)."""
_FORMATTER = HtmlFormatter(nowrap=True, style=_STYLE)


@dataclass(frozen=True)
class Notes:
    """What the notes sidecar gave."""

    status: NotesStatus
    """'ok', 'none' (no file) or 'unreadable' (the report goes on without it)."""
    items: tuple[Note, ...] = ()
    """The notes (the sidecar's own model, `reader.store.codec.Note`)."""
    message: str = ""
    """Why the file could not be read."""


@dataclass(frozen=True)
class StoryReport:
    """One story's findings."""

    story: Story
    """The articles grouped."""
    overview: Overview
    """Facts, numbers, pairs, likely original."""
    comparisons: Mapping[tuple[str, str], Comparison]
    """Every pair's comparison, keyed by (left name, right name) in story order."""


@dataclass(frozen=True)
class Report:
    """Everything `reader report` writes."""

    source: str
    """The folder or files reported on, as given."""
    stories: tuple[StoryReport, ...]
    """Stories, each with its findings."""
    notes: Notes
    """The notes sidecar."""
    skipped: tuple[str, ...] = ()
    """Files skipped or unreadable, one line each."""


def build_report(
    source: str, articles: Sequence[Article], *, notes: Notes | None = None,
    skipped: Sequence[str] = (), corrections: Sequence[Correction] = (),
    index: IndexView | None = None,
) -> Report:  # fmt: skip
    """Group the articles into stories and compare each story's articles in full.

    Args:
        source: The folder or files reported on, as given.
        articles: The articles loaded.
        notes: The notes sidecar ('none' when not given).
        skipped: Lines about files skipped.
        corrections: The user's corrections of the grouping (sidecar), oldest first,
            applied to the stories found.
        index: A fresh index of these articles (`reader.index.read`): its stories and
            stored comparisons are used instead of grouping and aligning again (a pair
            with links made by hand is still aligned here).

    Returns:
        The report, ready to render. A story holding a pair too long to compare is left
        out, with a line in `skipped` saying why.

    Raises:
        CompareError: Every story holds such a pair: nothing could be compared.
    """
    from reader.store.links import compare_options
    from reader.story.coverage import build_overview, compare_all
    from reader.story.stories import group_stories

    items = notes.items if notes is not None else ()

    def hand_links(a: Article, b: Article) -> dict[str, object]:
        """The user's links and unlinks of a pair, kept in the sidecar."""
        return compare_options(items, a, b)

    from reader.story.corrections import apply_corrections

    stories, left_out = [], list(skipped)
    refusals: list[CompareError] = []
    grouped = index.stories({a.path: a for a in articles}) if index else group_stories(articles)
    if corrections:
        corrected = apply_corrections(articles, grouped, corrections)
        grouped = corrected.stories
        left_out.extend(corrected.skipped)
    for story in grouped:
        try:
            comparisons = compare_all(
                story.articles, corrections=hand_links, stored=index.comparison if index else None
            )
        except CompareError as error:  # a pair over the cap: the rest is still reported
            refusals.append(error)
            left_out.append(f"{error.message}; story of {len(story.articles)} articles left out")
            continue
        stories.append(StoryReport(story, build_overview(story.articles, comparisons), comparisons))
    if refusals and not stories:
        raise refusals[0]  # nothing could be compared: refuse, as reader compare would
    return Report(source, tuple(stories), notes or Notes("none"), tuple(left_out))


def _story_notes(report: Report, story: Story) -> list[Note]:
    return [n for n in report.notes.items if set(n.sources) & set(story.names)]


def _other_notes(report: Report) -> list[Note]:
    names = {name for s in report.stories for name in s.story.names}
    return [n for n in report.notes.items if not set(n.sources) & names]


# How a quote sits on its article now, worded as `reader notes` words it. An exact or
# moved placement needs no word; a note on an article outside the report is not placed.
_PLACED = {"fuzzy": "text changed", "orphan": "not found in the current text"}


def _texts(report: Report) -> dict[str, str]:
    return {a.name: a.text for s in report.stories for a in s.story.articles}


def _quotes(note: Note, texts: Mapping[str, str]) -> list[tuple[str, str]]:
    """(quote, status) for each quoted target: status '' when the quote is where it was
    (exact or moved), 'text changed' when re-anchored fuzzily, 'not found in the current
    text' for an orphan, '' when the article is not in the report."""
    placed = anchor_note(note, texts)
    return [(t.exact, _PLACED.get(a.method, "") if t.source in texts else "")
            for t, a in zip(note.targets, placed, strict=True) if t.exact]  # fmt: skip


@dataclass(frozen=True)
class Quote:
    """One passage of a note as the report shows it."""

    source: str
    """The article's file name."""
    sentence: str
    """The whole sentence(s) holding the passage now, or the quote as saved."""
    mark: tuple[int, int] | None
    """Where the noted passage stands in `sentence` (None: the whole of it)."""
    status: str
    """'', 'text changed' or 'not found in the current text' (see `_quotes`)."""


def note_quotes(note: Note, articles: Mapping[str, Article]) -> list[Quote]:
    """Each target of a note as its whole sentence, the noted part marked (a note on a
    figure shows the sentence it stands in, the figure marked)."""
    texts = {name: a.text for name, a in articles.items()}
    out = []
    for target, placed in zip(note.targets, anchor_note(note, texts), strict=True):
        if not target.exact:
            continue
        status = _PLACED.get(placed.method, "") if target.source in texts else ""
        article = articles.get(target.source)
        if article is None or placed.start is None or placed.end is None:
            out.append(Quote(target.source, " ".join(target.exact.split()), None, status))
            continue
        start, end = placed.start, placed.end
        held = [x for x in article.sentences if x.start < end and start < x.end]
        a = min([start, *(x.start for x in held)])
        b = max([end, *(x.end for x in held)])
        before = " ".join(article.text[a:start].split())
        part = " ".join(article.text[start:end].split())
        after = " ".join(article.text[end:b].split())
        lead = before + (" " if before and article.text[start - 1 : start].isspace() else "")
        tail = (" " if after and article.text[end : end + 1].isspace() else "") + after
        mark = None if not lead and not tail else (len(lead), len(lead) + len(part))
        out.append(Quote(target.source, lead + part + tail, mark, status))
    return out


def _correction(note: Note) -> str:
    """A link made or removed by hand, or a reviewed mark, in words ('' for a note)."""
    if note.motivation == "linking":
        return "not the same (link removed by hand)" if "not-linked" in note.tags else (
            "linked by hand"
        )
    return "reviewed" if note.tags == ("reviewed",) and not note.text.strip() else ""


def _text(article: Article, indices: Iterable[int]) -> str:
    return " ".join(article.sentences[i].text for i in indices)


def _first_carrier(story: Story, fact: Fact, prefer: str | None) -> tuple[Article, Cell]:
    """The article and cell whose words state a fact (`Fact.stated_by`), as the overview
    shows it."""
    cell = fact.stated_by(prefer)
    return next(a for a in story.articles if a.name == cell.article), cell


def _fact_text(story: Story, fact: Fact, prefer: str | None) -> tuple[str, str]:
    """(article name, text) of the words that state a fact (see `_first_carrier`)."""
    article, cell = _first_carrier(story, fact, prefer)
    return cell.article, _text(article, cell.sentences)


def differing_rows(c: Comparison) -> list[Row]:
    """The rows of a pair where words or numbers differ (changed and moved rows)."""
    return [
        r
        for r in c.rows
        if (r.kind in ("changed", "moved") and any(w.tag not in _KEPT for w in r.words))
        or any(d.differs for d in r.numbers)
    ]


def _marks(article: Article, index: int, row: Row, side: str) -> list[tuple[int, int]]:
    """The changed stretches of one sentence of a row, as offsets into the sentence: one
    per difflib opcode, split only where more than a space or two lies between words."""
    s, out = article.sentences[index], []
    for op in row.words:
        run: list[tuple[int, int]] = []
        for w in getattr(op, side) if op.tag not in _KEPT else ():
            start, end = w.start - s.start, w.end - s.start
            if not 0 <= start < s.end - s.start:
                continue
            if run and start - run[-1][1] > 3:
                out.append((run[0][0], run[-1][1]))
                run = []
            run.append((start, end))
        if run:
            out.append((run[0][0], run[-1][1]))
    return out


def _matrix(ov: Overview) -> list[list[str]]:
    """The pair matrix: 'linked% / verbatim%' for each pair of articles, blank diagonal."""
    share = {frozenset((p.left, p.right)): p for p in ov.pairs}
    cells = {k: f"{_pct(p.linked)} / {_pct(p.verbatim)}" for k, p in share.items()}
    return [[cells.get(frozenset((a, b)), "") for b in ov.articles] for a in ov.articles]


# --- JSON ---------------------------------------------------------------------------


def to_json(report: Report) -> dict[str, Any]:
    """The `reader report --format json` document."""

    texts = _texts(report)

    def note(n: Note) -> dict[str, Any]:
        quotes = _quotes(n, texts)
        return {
            "articles": list(n.sources),
            "text": n.text,
            "tags": list(n.tags),
            "quotes": [q for q, _ in quotes],
            "quote_status": [s or None for _, s in quotes],
        }

    stories = []
    for sr in report.stories:
        story, ov = sr.story, sr.overview
        by_name = {a.name: a for a in story.articles}
        facts = []
        for f in ov.facts:
            first, text = _fact_text(story, f, ov.original)
            facts.append({
                "outlets": len(f.carriers), "text": text, "first": first,
                "cells": {c.article: {"kind": c.kind, "sentences": list(c.sentences)}
                          for c in f.cells},
            })  # fmt: skip
        pairs = []
        for p in ov.pairs:
            c = sr.comparisons[(p.left, p.right)]
            pairs.append({
                "left": p.left, "right": p.right, "linked": round(p.linked, 3),
                "verbatim": round(p.verbatim, 3), "rows": dict(p.kinds),
                "numbers_differ": p.numbers_differ,
                "differences": [{
                    "kind": r.kind, "score": round(r.score, 1),
                    "left": list(r.left), "right": list(r.right),
                    "left_text": _text(c.left, r.left), "right_text": _text(c.right, r.right),
                    "numbers": [{"left": d.left.text, "right": d.right.text}
                                for d in r.numbers if d.differs],
                } for r in differing_rows(c)],
            })  # fmt: skip
        stories.append({
            "title": story.title, "central": story.central,
            "corrections": list(story.corrections),
            "articles": list(story.names),
            "metadata": {a.name: asdict(a.metadata) for a in story.articles},
            "links": [asdict(link) for link in story.links],
            "origin": None if ov.origin is None else {
                "article": ov.origin.article, "reasons": list(ov.origin.reasons), "guess": True},
            "facts": facts,
            "numbers": [{
                "quantity": q.quantity, "kind": q.kind, "values": q.values_by_article(),
                "differs": q.differs, "later": list(q.later), "fact": q.fact,
                "sentences": {v.article: v.sentence for v in q.values},
                "text": _text(by_name[q.values[0].article], (q.values[0].sentence,)),
            } for q in ov.quantities],
            "pairs": pairs,
            "most_verbatim": [[p.left, p.right, round(p.verbatim, 3)]
                              for p in ov.most_verbatim()],
            "notes": [note(n) for n in _story_notes(report, story)],
        })  # fmt: skip
    return {
        "source": report.source,
        "skipped": list(report.skipped),
        "stories": stories,
        "notes": {
            "status": report.notes.status,
            "message": report.notes.message,
            "other": [note(n) for n in _other_notes(report)],
        },
    }


# --- Markdown -----------------------------------------------------------------------

_MD_SPECIAL = str.maketrans({c: f"\\{c}" for c in "\\`*_[]<>|#~"})


def _md(text: str, *, strip: bool = True) -> str:
    folded = re.sub(r"\s+", " ", safe(text)).translate(_MD_SPECIAL)
    return folded.strip() if strip else folded


def _pct(x: float) -> str:
    return f"{100 * x:.0f}%"


def _notes_status(notes: Notes) -> str:
    if notes.status == "none":
        return "no notes"
    return f"notes file unreadable ({notes.message})" if notes.status == "unreadable" else ""


def to_markdown(report: Report) -> str:
    """A Markdown report: per story the coverage, numbers, pairs, differences and notes."""
    out = [
        f"# Report: {_md(report.source)}",
        "",
        f"{_counts(report)}. Coverage marks: {LEGEND} (copied: at least three words"
        " in four kept, numbers alike).",
        "",
    ]
    out += [f"- skipped: {_md(s)}" for s in report.skipped]
    articles = _articles(report)
    for k, sr in enumerate(report.stories, 1):
        story, ov = sr.story, sr.overview
        short = label = outlet_labels(story.articles)
        out += [
            "",
            f"## Story {k}: {_md(_title(story, ov))}",
            *(f"- corrected by you: {_md(c)}" for c in story.corrections),
            "",
            "| article | outlet | date | title |",
            "|---|---|---|---|",
        ]
        out += [
            f"| {_md(a.name)} | {_md(a.metadata.outlet or '')} | {a.metadata.date or ''} "
            f"| {_md(a.metadata.title or '')} |"
            for a in story.articles
        ]
        if ov.origin:
            out += [
                "",
                f"**Likely original (a guess):** {_md(ov.origin.article)}: "
                + "; ".join(_md(r) for r in ov.origin.reasons)
                + ".",
            ]
        if len(story.articles) < 2:  # nothing to set side by side: no empty tables
            out += ["", "One article: nothing to compare it with."]
            out += _md_notes(report, story, articles, label)
            continue
        out += [
            "",
            "### Coverage",
            "",
            "| fact | " + " | ".join(_md(short[n]) for n in story.names) + " |",
            "|---|" + "---|" * len(story.names),
        ]
        for f in ov.facts:
            _, text = _fact_text(story, f, ov.original)
            marks = [
                MARKS[c.kind] + (f" {c.sentences[0] + 1}" if c.sentences else "") for c in f.cells
            ]
            out.append(f"| {_md(text)} | " + " | ".join(marks) + " |")
        out += ["", "### Numbers", ""]
        if ov.quantities:
            out += [
                "| quantity | " + " | ".join(_md(short[n]) for n in story.names) + " | differs |",
                "|---|" + "---|" * (len(story.names) + 1),
            ]
            for q in ov.quantities:
                vals = q.values_by_article()
                out.append(
                    f"| {_md(q.quantity)} | "
                    + " | ".join(_md(vals.get(n, "")) for n in story.names)
                    + f" | {_differs(q, short, bold=True)} |"
                )
        else:
            out.append("No quantity is given by two or more outlets.")
        out += [
            "",
            "### Pairs",
            "",
            "Share of sentences linked / copied.",
            "",
            "| | " + " | ".join(_md(short[n]) for n in story.names) + " |",
            "|---|" + "---|" * len(story.names),
        ]
        out += [
            f"| {_md(short[a])} | " + " | ".join(row) + " |"
            for a, row in zip(story.names, _matrix(ov), strict=True)
        ]
        for p in ov.pairs:
            c = sr.comparisons[(p.left, p.right)]
            rows = differing_rows(c)
            heading = f"#### {_md(label[p.left])} \u27f7 {_md(label[p.right])}"
            out += ["", heading, ""] if rows else []
            for r in rows:
                out.append(f"- **{r.kind}** ({r.shown_score})")
                out.append(f"  - {_md(label[p.left])}: {_md_side(c.left, r, 'left', '~~')}")
                out.append(f"  - {_md(label[p.right])}: {_md_side(c.right, r, 'right', '**')}")
                out += [
                    f"  - **number differs:** {_md(d.left.text)} vs {_md(d.right.text)}"
                    for d in r.numbers
                    if d.differs
                ]
        out += _md_notes(report, story, articles, label)
    return "\n".join(out) + "\n"


def _articles(report: Report) -> dict[str, Article]:
    return {a.name: a for s in report.stories for a in s.story.articles}


def _md_notes(
    report: Report, story: Story, articles: Mapping[str, Article], label: Mapping[str, str]
) -> list[str]:
    """The Notes section of a story: each note with its passages, each the whole sentence
    after its outlet, the noted part in bold."""
    out = ["", "### Notes", ""]
    notes = _story_notes(report, story)
    if not notes:
        return [*out, _md(_notes_status(report.notes) or "no notes")]
    for n in notes:
        text = _md(n.text) or _md(_correction(n)) or "(tags only)"
        line = f"- {text}" + "".join(f" #{_md(t)}" for t in n.tags if not _correction(n))
        for q in note_quotes(n, articles):
            who = _md(label.get(q.source, q.source))
            if q.mark is None:
                said = _md(q.sentence)
            else:
                a, b = q.mark
                said = (f"{_md(q.sentence[:a], strip=False)}**{_md(q.sentence[a:b])}**"
                        f"{_md(q.sentence[b:], strip=False)}").strip()  # fmt: skip
            line += f"\n  - {who}: \u201c{said}\u201d" + (f" ({_md(q.status)})" if q.status else "")
        out.append(line)
    return out


def _md_side(article: Article, row: Row, side: str, wrap: str) -> str:
    """A row's sentences on one side, Markdown-escaped, changed words wrapped in `wrap`."""
    parts = []
    for i in getattr(row, side):
        s = article.sentences[i]
        text, pos, pieces = article.text[s.start : s.end], 0, []
        for start, end in _marks(article, i, row, side):
            pieces += [_md(text[pos:start], strip=False), f"{wrap}{_md(text[start:end])}{wrap}"]
            pos = end
        parts.append("".join([*pieces, _md(text[pos:], strip=False)]).strip())
    return " ".join(parts)


def outlet_labels(articles: Sequence[Article]) -> dict[str, str]:
    """A label per article (by file name) for headings, columns and line labels: its
    outlet when known, else its short file name (`short_names`); an outlet two articles
    share gets the short file name after it, so every label is unique."""
    short = short_names([a.name for a in articles])
    first = {a.name: a.metadata.outlet or short[a.name] for a in articles}
    seen = Counter(first.values())
    # Control characters shown as escapes: file names are data too.
    return {n: safe(f"{x} ({short[n]})" if seen[x] > 1 else x) for n, x in first.items()}


def _differs(q: QuantityRow, labels: dict[str, str], *, bold: bool = False) -> str:
    """The 'differs' cell: yes, no, or which later report gives another figure."""
    said = ("**yes**" if bold else "yes") if q.differs else "no"
    if q.later:
        later = "later report: " + ", ".join(labels.get(n, n) for n in q.later)
        return f"{said}; {later}" if q.differs else later
    return said


def _counts(report: Report) -> str:
    articles, stories = sum(len(s.story.articles) for s in report.stories), len(report.stories)
    return (
        f"{articles} article{'' if articles == 1 else 's'}, "
        f"{stories} {'story' if stories == 1 else 'stories'}"
    )


def _title(story: Story, ov: Overview) -> str:
    del ov  # the title is the story's own (headline of its most central article)
    return story.title


# --- HTML ---------------------------------------------------------------------------


def highlight(
    text: str, marks: Sequence[tuple[int, int]] = (), tag: str = "mark", *, quoted: bool = False
) -> str:
    """Escaped HTML of `text` highlighted with the news lexer.

    Args:
        text: Article text (control characters are shown as escapes).
        marks: Stretches (offsets into `text`) to wrap in `<tag>`.
        tag: 'mark', 'del' or 'ins'.
        quoted: The text starts inside a quotation its paragraph opened before it.

    Returns:
        HTML inside one `<span class="hl">`.
    """
    pieces: list[tuple[Any, str, bool]] = []
    stack = ("root", "quote") if quoted else None
    for index, token, value in _LEXER.get_tokens_unprocessed(text, stack):
        token = Text if token in Whitespace else token  # plain text needs no span
        cuts = sorted(
            {
                0,
                len(value),
                *(x - index for m in marks for x in m if index < x < index + len(value)),
            }
        )
        for a, b in itertools.pairwise(cuts):
            inside = any(s <= index + a < e for s, e in marks)
            pieces.append((token, safe(value[a:b]), inside))
    out, k = [], 0
    while k < len(pieces):
        inside, run = pieces[k][2], []
        while k < len(pieces) and pieces[k][2] == inside:
            run.append(pieces[k][:2])
            k += 1
        buf = io.StringIO()
        _FORMATTER.format(run, buf)
        out.append(f"<{tag}>{buf.getvalue()}</{tag}>" if inside else buf.getvalue())
    return '<span class="hl">' + "".join(out) + "</span>"


def _side_html(article: Article, row: Row, side: str, tag: str) -> str:
    """A row's sentences on one side, highlighted, changed words in `<tag>`."""
    quoted = opening_in_quote(article)
    return " ".join(
        highlight(
            article.text[article.sentences[i].start : article.sentences[i].end],
            _marks(article, i, row, side),
            tag,
            quoted=i in quoted,
        )
        for i in getattr(row, side)
    )


_CSS = """
body{font:15px/1.45 Georgia,serif;max-width:72rem;margin:2rem auto;padding:0 1rem;color:#222}
h1,h2,h3,h4{font-family:Helvetica,Arial,sans-serif}h2{border-bottom:2px solid #444;margin-top:3rem}
table{border-collapse:collapse;margin:.5rem 0 1rem;width:100%}
th,td{border:1px solid #ccc;padding:.25rem .4rem;vertical-align:top;text-align:left}
th{background:#f2f2f2;font-family:Helvetica,Arial,sans-serif;font-size:.85rem}
td.same{background:#d9ead3;text-align:center}td.reworded{background:#fff2cc;text-align:center}
td.only{background:#f4cccc;text-align:center;font-weight:bold}td.absent{color:#aaa;text-align:center}
tr.differs td{background:#fde2e2}tr.differs td:first-child{font-weight:bold}
.origin{border-left:4px solid #6a8;padding:.3rem .8rem;background:#f4faf6}
.muted{color:#777;font-size:.85rem}del{background:#f8d0d0}ins{background:#cfe9cf;text-decoration:none}
.row{margin:.4rem 0 .8rem}.row p{margin:.1rem 0}.flag{color:#b00;font-weight:bold}
.hl{background:none}
@media print{body{max-width:none;margin:0;font-size:10pt}h2{break-before:page}
tr,.row{break-inside:avoid}a{color:inherit;text-decoration:none}}
"""


def to_html(report: Report) -> str:
    """One self-contained HTML page (inline CSS, no scripts), printable."""
    e = html.escape
    css = _FORMATTER.get_style_defs(".hl")
    out = [
        '<!DOCTYPE html>\n<html lang="en">\n<head>\n<meta charset="utf-8">',
        f"<title>Report: {e(safe(report.source))}</title>",
        f"<style>{css}{_CSS}</style>",
        "</head>\n<body>",
        f"<h1>Report: {e(safe(report.source))}</h1>",
        f'<p class="muted">{_counts(report)}. Coverage: {LEGEND} (copied: at least three'
        " words in four kept, numbers alike); numbers are sentence positions.</p>",
    ]
    out += [f'<p class="muted">skipped: {e(safe(s))}</p>' for s in report.skipped]
    out.append(
        "<ol>"
        + "".join(
            f'<li><a href="#story-{k}">{e(safe(_title(s.story, s.overview)))}'
            f"</a> ({len(s.story.articles)})</li>"
            for k, s in enumerate(report.stories, 1)
        )
        + "</ol>"
    )
    articles = _articles(report)  # once: per story it was quadratic in the articles
    for k, sr in enumerate(report.stories, 1):
        out.append(_story_html(report, sr, k, articles))
    others = _other_notes(report)
    if others:
        out.append("<h2>Other notes</h2>" + _notes_html(others, report.notes, articles))
    out.append("</body>\n</html>\n")
    return "\n".join(out)


def _tr(cells: Iterable[str], tag: str = "td", cls: str = "") -> str:
    """A table row of ready-made HTML cells."""
    attr = f' class="{cls}"' if cls else ""
    return f"<tr{attr}>" + "".join(f"<{tag}>{c}</{tag}>" for c in cells) + "</tr>"


def _story_html(
    report: Report, sr: StoryReport, k: int, articles: Mapping[str, Article]
) -> str:
    e, story, ov = html.escape, sr.story, sr.overview
    by_name = {a.name: a for a in story.articles}
    short = label = outlet_labels(story.articles)
    head = "".join(f'<th title="{e(safe(n))}">{e(safe(short[n]))}</th>' for n in story.names)
    out = [
        f'<section id="story-{k}"><h2>Story {k}: {e(safe(_title(story, ov)))}</h2><table>',
        _tr(("article", "outlet", "date", "title"), "th"),
    ]
    out += [
        _tr(
            e(safe(x or "")) for x in (a.name, a.metadata.outlet, a.metadata.date, a.metadata.title)
        )
        for a in story.articles
    ]
    out.append("</table>")
    if ov.origin:
        out.append(
            f'<div class="origin"><b>Likely original (a guess):</b> '
            f"{e(safe(ov.origin.article))}<ul>"
            + "".join(f"<li>{e(safe(r))}</li>" for r in ov.origin.reasons)
            + "</ul></div>"
        )
    if len(story.articles) < 2:  # nothing to set side by side: no empty tables
        out.append("<p>One article: nothing to compare it with.</p>")
        notes = _story_notes(report, story)
        out.append("<h3>Notes</h3>" + _notes_html(notes, report.notes, articles, label))
        return "\n".join([*out, "</section>"])
    out.append(f'<h3>Coverage</h3><table class="coverage"><tr><th>fact</th>{head}</tr>')
    for f in ov.facts:
        cells = "".join(
            f'<td class="{c.kind}" title="{e(safe(_text(by_name[c.article], c.sentences)))}">'
            f"{MARKS[c.kind]}{' ' + str(c.sentences[0] + 1) if c.sentences else ''}</td>"
            for c in f.cells)  # fmt: skip
        article, first = _first_carrier(story, f, ov.original)
        text = highlight(_text(article, first.sentences),
                         quoted=first.sentences[0] in opening_in_quote(article))  # fmt: skip
        out.append(f"<tr><td>{text}</td>{cells}</tr>")
    out.append("</table><h3>Numbers</h3>")
    if ov.quantities:
        out.append(f'<table class="numbers"><tr><th>quantity</th>{head}<th>differs</th></tr>')
        out += [
            _tr(
                [
                    e(safe(q.quantity)),
                    *(e(safe(q.values_by_article().get(n, ""))) for n in story.names),
                    e(_differs(q, short)),
                ],
                cls="differs" if q.differs else "agrees",
            )
            for q in ov.quantities
        ]
        out.append("</table>")
    else:
        out.append("<p>No quantity is given by two or more outlets.</p>")
    out.append(
        f'<h3>Pairs</h3><p class="muted">share of sentences linked / copied word for '
        f'word</p><table class="pairs"><tr><th></th>{head}</tr>'
    )
    out += [
        f'<tr><th title="{e(safe(a))}">{e(safe(short[a]))}</th>'
        + "".join(f"<td>{cell}</td>" for cell in row)
        + "</tr>"
        for a, row in zip(story.names, _matrix(ov), strict=True)
    ]
    out.append("</table>")
    if top := ov.most_verbatim():
        out.append(
            "<p>Most text copied: "
            + "; ".join(
                f"{e(safe(p.left))} \u2013 {e(safe(p.right))} ({_pct(p.verbatim)})" for p in top
            )
            + "</p>"
        )
    for p in ov.pairs:
        c = sr.comparisons[(p.left, p.right)]
        rows = differing_rows(c)
        names = e(label[p.left]), e(label[p.right])
        files = f'<span class="muted">{e(safe(p.left))} \u00b7 {e(safe(p.right))}</span>'
        out += [f"<h4>{names[0]} \u27f7 {names[1]} {files}</h4>"] if rows else []
        out += [
            f'<div class="row"><p class="muted">{r.kind} ({r.shown_score})</p>'
            f"<p><b>{names[0]}:</b> {_side_html(c.left, r, 'left', 'del')}</p>"
            f"<p><b>{names[1]}:</b> {_side_html(c.right, r, 'right', 'ins')}</p>"
            + "".join(
                f'<p class="flag">number differs: {e(safe(d.left.text))} vs '
                f"{e(safe(d.right.text))}</p>"
                for d in r.numbers
                if d.differs
            )
            + "</div>"
            for r in rows
        ]
    notes = _story_notes(report, story)
    out.append("<h3>Notes</h3>" + _notes_html(notes, report.notes, articles, label))
    return "\n".join([*out, "</section>"])


def _notes_html(
    notes: Sequence[Note],
    status: Notes,
    articles: Mapping[str, Article],
    label: Mapping[str, str] | None = None,
) -> str:
    """Notes, each passage its whole sentence after its outlet, the noted part marked."""
    e = html.escape
    if not notes:
        return f"<p>{e(_notes_status(status) or 'no notes')}</p>"
    names = label or {}
    items = []
    for n in notes:
        quotes = "".join(
            f"<blockquote><b>{e(safe(names.get(q.source, q.source)))}:</b> "
            + highlight(q.sentence, [q.mark] if q.mark else [])
            + (f' <span class="flag">({e(q.status)})</span>' if q.status else "")
            + "</blockquote>"
            for q in note_quotes(n, articles)
        )
        said = _correction(n)
        tags = "" if said else " ".join(f"<code>#{e(safe(t))}</code>" for t in n.tags)
        text = e(safe(n.text)) or f"<i>{e(said)}</i>"
        items.append(f"<li>{text} {tags}{quotes}</li>")
    return "<ul>" + "".join(items) + "</ul>"
