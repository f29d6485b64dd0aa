"""Print a `Comparison` as JSON, plain/ANSI text or Markdown.

Owns the `reader compare` output formats. The JSON field names are a contract (the
evaluation scripts read them); text and Markdown are for people. Article text passes
through `safe()` before it reaches a terminal, so escape sequences in a file are shown,
not obeyed. Also owns what every command's output shares: `json_text` (JSON fit for a
terminal), `one_line` (a message on one line), `count` (a number with the wording that
agrees with it) and the row counts `stats` (the interface's status line shows them too).
"""

from __future__ import annotations

import math
import re
from typing import Any

from reader.core.model import Article, Comparison, NumberDiff, Row, Sentence, Span
from reader.ingest.text import display_text, safe

_JSON_UNSAFE = re.compile("[\x7f-\x9f\ud800-\udfff\u2028\u2029]")


def json_text(document: object) -> str:
    """JSON fit for a terminal or a file.

    UTF-8 stays readable (ensure_ascii=False), but DEL, C1 controls (a lone 0x9b is a CSI
    to some terminals), lone surrogates (undecodable file-name bytes) and line separators
    are written as \\u escapes, which every JSON reader decodes back. A float that is
    not finite (a number of more than 308 digits has the value inf) is written as null:
    Infinity and NaN are not JSON (RFC 8259), and strict readers refuse the document.
    """
    import json  # here: the interface imports this module for its status line, not JSON

    try:
        raw = json.dumps(document, ensure_ascii=False, indent=1, allow_nan=False)
    except ValueError:  # "Out of range float values are not JSON compliant"
        raw = json.dumps(_finite(document), ensure_ascii=False, indent=1, allow_nan=False)
    return _JSON_UNSAFE.sub(lambda m: f"\\u{ord(m.group(0)):04x}", raw)


def _finite(value: object) -> object:
    """`value` with every float that is not finite replaced by None, at any depth."""
    if isinstance(value, float):
        return value if math.isfinite(value) else None
    if isinstance(value, dict):
        return {k: _finite(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [_finite(v) for v in value]
    return value


def one_line(text: str) -> str:
    """`safe()` text on one line: line breaks and tabs written as escapes too."""
    return safe(text).replace("\n", "\\n").replace("\t", "\\t")


KIND_MARK = {"same": "=", "changed": "~", "moved": "\u2195", "left_only": "-", "right_only": "+"}


def _spans(article: Article, indices: tuple[int, ...]) -> list[dict[str, Any]]:
    return [
        {"start": s.start, "end": s.end, "text": article.text[s.start : s.end], "clean": s.text}
        for s in (article.sentences[i] for i in indices)
    ]


def _meta(article: Article) -> dict[str, Any]:
    m = article.metadata
    return {
        "path": str(article.path),
        "name": article.name,
        "title": m.title,
        "outlet": m.outlet,
        "date": m.date,
        "byline": m.byline,
        "url": m.url,
    }


def _gap(n: NumberDiff) -> str:
    """How far apart two differing numbers are: ' (2 years apart)' for years, whose ratio
    says nothing, else ' (×100)' when there is a ratio, else ''."""
    if n.left.kind == n.right.kind == "year":
        return f" ({count(round(abs(n.left.value - n.right.value)), 'year apart', 'years apart')})"
    return f" (\u00d7{n.ratio:g})" if n.ratio else ""


def _number(n: NumberDiff) -> dict[str, Any]:
    return {
        "left": n.left.text,
        "right": n.right.text,
        "left_value": n.left.value,
        "right_value": n.right.value,
        "differs": n.differs,
        "ratio": n.ratio,
        "kind": n.left.kind,
        "left_start": n.left.start,
        "left_end": n.left.end,
        "right_start": n.right.start,
        "right_end": n.right.end,
    }


def count(n: int, one: str, many: str) -> str:
    """'1 number differs', '2 numbers differ': the count with the wording that agrees with it."""
    return f"{n} {one if n == 1 else many}"


_STAT_WORDS = {
    "same": ("same", "same"), "changed": ("changed", "changed"), "moved": ("moved", "moved"),
    "left_only": ("left only", "left only"), "right_only": ("right only", "right only"),
    "missing_paragraphs": ("missing paragraph", "missing paragraphs"),
    "numbers_differ": ("number differs", "numbers differ"),
}  # fmt: skip


def stats_line(c: Comparison) -> str:
    """The counts of `stats` as one line: '3 same · 1 changed · … · 1 number differs'."""
    return " \u00b7 ".join(count(v, *_STAT_WORDS[k]) for k, v in stats(c).items())


def stats(c: Comparison) -> dict[str, int]:
    """Counts for a status line: rows by kind, missing paragraphs, differing numbers."""
    out = {k: 0 for k in KIND_MARK}
    for row in c.rows:
        out[row.kind] += 1
    out["missing_paragraphs"] = len(c.missing_in_left) + len(c.missing_in_right)
    out["numbers_differ"] = sum(n.differs for row in c.rows for n in row.numbers)
    return out


def to_json(c: Comparison) -> dict[str, Any]:
    """The `reader compare --format json` document."""

    def para(article: Article, index: int) -> dict[str, Any]:
        p = article.paragraphs[index]
        return {"start": p.start, "end": p.end, "text": article.text[p.start : p.end]}

    def bp(article: Article, s: Span) -> dict[str, Any]:
        return {"start": s.start, "end": s.end, "text": article.text[s.start : s.end]}

    return {
        "left": _meta(c.left),
        "right": _meta(c.right),
        "stats": stats(c),
        "rows": [
            {
                "kind": row.kind,
                "left": _spans(c.left, row.left),
                "right": _spans(c.right, row.right),
                "score": row.score,
                "numbers": [_number(n) for n in row.numbers],
                "words": [
                    {
                        "op": w.tag,
                        "left": [[s.start, s.end] for s in w.left],
                        "right": [[s.start, s.end] for s in w.right],
                    }
                    for w in row.words
                    if w.tag != "equal"
                ],
            }
            for row in c.rows
        ],
        "boilerplate": {
            "left": [bp(c.left, s) for s in c.left.boilerplate],
            "right": [bp(c.right, s) for s in c.right.boilerplate],
        },
        "missing_paragraphs": {
            "left": [para(c.right, i) for i in c.missing_in_left],
            "right": [para(c.left, i) for i in c.missing_in_right],
        },
    }


class _Style:
    def __init__(self, color: bool) -> None:
        self.color = color

    def wrap(self, text: str, code: str, plain: tuple[str, str] = ("", "")) -> str:
        if self.color:
            return f"\x1b[{code}m{text}\x1b[0m"
        return f"{plain[0]}{text}{plain[1]}"


def _marked(
    article: Article,
    indices: tuple[int, ...],
    changed: dict[int, int],
    style: _Style,
    code: str,
    plain: tuple[str, str],
) -> str:
    """Sentence text with the changed words (start -> end offsets) marked."""
    parts: list[str] = []
    for i in indices:
        s = article.sentences[i]
        pos, pieces = s.start, []
        for a, b in _own_parts(s, changed):
            pieces.append(safe(article.text[pos:a]))
            pieces.append(style.wrap(safe(article.text[a:b]), code, plain))
            pos = b
        pieces.append(safe(article.text[pos : s.end]))
        parts.append(" ".join("".join(pieces).split()))
    return " ".join(parts)


def _own_parts(sentence: Sentence, changed: dict[int, int]) -> list[tuple[int, int]]:
    """The changed stretches (start -> end) clipped to one sentence, in order: a stretch
    may run on into the next sentence of a merged row, and each sentence marks only its
    own part of it."""
    s = sentence
    starts = sorted(k for k, end in changed.items() if k < s.end and end > s.start)
    return [(max(k, s.start), min(changed[k], s.end)) for k in starts]


def _changed_words(row: Row, side: str) -> dict[int, int]:
    """Changed stretches of one side (first word start -> last word end, one per opcode)."""
    out: dict[int, int] = {}
    for w in row.words:
        spans = getattr(w, side)
        if w.tag in ("equal", "move") or not spans:
            continue
        # One mark per opcode, split only where the sentence changes.
        run = [spans[0]]
        for s in spans[1:]:
            if s.start - run[-1].end > 3:
                out[run[0].start] = run[-1].end
                run = []
            run.append(s)
        out[run[0].start] = run[-1].end
    return out


def to_text(c: Comparison, *, color: bool = False) -> str:
    """A readable report of the comparison; ANSI colour only when `color`."""
    st = _Style(color)
    out = [
        f"LEFT   {safe(c.left.label)} · {c.left.metadata.date or 'no date'} · "
        f"{safe(c.left.metadata.title or c.left.name)}",
        f"RIGHT  {safe(c.right.label)} · {c.right.metadata.date or 'no date'} · "
        f"{safe(c.right.metadata.title or c.right.name)}",
    ]
    out.append(stats_line(c))
    out.append("")
    for row in c.rows:
        mark = KIND_MARK[row.kind]
        head = f"{mark} {row.kind.replace('_', ' ')}"
        if row.kind in ("changed", "moved"):
            head += f" ({row.shown_score})"
        out.append(st.wrap(head, "1"))
        if row.left:
            ends = _changed_words(row, "left") if row.kind != "same" else {}
            out.append("  L: " + _marked(c.left, row.left, ends, st, "31;4", ("[-", "-]")))
        if row.right:
            ends = _changed_words(row, "right") if row.kind != "same" else {}
            out.append("  R: " + _marked(c.right, row.right, ends, st, "32;4", ("{+", "+}")))
        for n in row.numbers:
            if n.differs:
                ratio = _gap(n)
                out.append(
                    "  "
                    + st.wrap(
                        f"! number: {safe(n.left.text)} vs {safe(n.right.text)}{ratio}", "1;33"
                    )
                )
    for label, article, other, indices in (
        ("not in the right article", c.left, c.right, c.missing_in_right),
        ("not in the left article", c.right, c.left, c.missing_in_left),
    ):
        if indices:
            out.append("")
            out.append(st.wrap(f"Paragraphs {label} ({safe(other.label)}):", "1"))
            number = body_paragraph_numbers(article)
            for i in indices:
                p = article.paragraphs[i]
                out.append(f"  ¶{number[i]}: {safe(display_text(article.text[p.start : p.end]))}")
    return "\n".join(out) + "\n"


def body_paragraph_numbers(article: Article) -> dict[int, int]:
    """Paragraph index -> its number among the paragraphs with body text (from 1): the
    number a reader counts, headline blocks, slug lines and other boilerplate left out
    (the reader's panes number paragraphs the same way)."""
    numbers: dict[int, int] = {}
    for sentence in article.sentences:
        numbers.setdefault(sentence.paragraph, len(numbers) + 1)
    return numbers


_MD_SPECIAL = str.maketrans({c: f"\\{c}" for c in "\\`*_[]<>|#~"})


def _md(text: str) -> str:
    return safe(text).translate(_MD_SPECIAL)


def to_markdown(c: Comparison) -> str:
    """A Markdown report: metadata table, counts, then each row with changes marked.

    Removed words are struck through on the left, added words are bold on the right.
    """

    def marked(
        article: Article, indices: tuple[int, ...], changed: dict[int, int], wrap: str
    ) -> str:
        out = []
        for i in indices:
            s = article.sentences[i]
            pos, pieces = s.start, []
            for a, b in _own_parts(s, changed):
                pieces.append(_md(article.text[pos:a]))
                pieces.append(f"{wrap}{_md(article.text[a:b])}{wrap}")
                pos = b
            pieces.append(_md(article.text[pos : s.end]))
            out.append(" ".join("".join(pieces).split()))
        return " ".join(out)

    lines = [
        f"# {_md(c.left.label)} \u27f7 {_md(c.right.label)}",
        "",
        "| | left | right |",
        "|---|---|---|",
    ]
    for field in ("title", "outlet", "date", "byline", "url"):
        lv, rv = getattr(c.left.metadata, field), getattr(c.right.metadata, field)
        lines.append(f"| {field} | {_md(lv or '')} | {_md(rv or '')} |")
    lines.append(f"| file | {_md(c.left.name)} | {_md(c.right.name)} |")
    lines += ["", stats_line(c), ""]
    for n, row in enumerate(c.rows, 1):
        # CommonMark: an item's nested lines must reach its content column, the width of
        # the marker ('9. ' is 3, '10. ' is 4); fewer spaces end the list.
        indent = " " * len(f"{n}. ")
        head = f"{n}. **{row.kind.replace('_', ' ')}**"
        if row.kind in ("changed", "moved"):
            head += f" ({row.shown_score})"
        lines.append(head)
        changed = row.kind != "same"
        if row.left:
            ends = _changed_words(row, "left") if changed else {}
            lines.append(f"{indent}- L: {marked(c.left, row.left, ends, '~~')}")
        if row.right:
            ends = _changed_words(row, "right") if changed else {}
            lines.append(f"{indent}- R: {marked(c.right, row.right, ends, '**')}")
        for num in row.numbers:
            if num.differs:
                ratio = _gap(num)
                lines.append(
                    f"{indent}- **number differs:** {_md(num.left.text)} vs "
                    f"{_md(num.right.text)}{ratio}"
                )
    for label, article, indices in (
        ("Not in the right article", c.left, c.missing_in_right),
        ("Not in the left article", c.right, c.missing_in_left),
    ):
        if indices:
            lines += ["", f"## {label}", ""]
            number = body_paragraph_numbers(article)
            for i in indices:
                p = article.paragraphs[i]
                lines.append(f"- ¶{number[i]}: {_md(display_text(article.text[p.start : p.end]))}")
    return "\n".join(lines) + "\n"
