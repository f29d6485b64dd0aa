"""How `reader` reads saved web pages: a table over a folder of .html files.

Usage:
    python bench/bench_html.py PAGES [--gold GOLD.json]

For each page: refused (no article text) or the characters and paragraphs extracted, the
notices (thin text, flattened page), the image captions of the page that leaked into the
text, and the seconds taken. With --gold (the format of trafilatura's tests/evaldata.json:
{url: {"file": name, "with": [snippets], "without": [snippets]}}), also how many snippets
that must be in the article text are found and how many that must not are leaked. Pages
are third-party text: keep them outside the repository.
"""

from __future__ import annotations

import argparse
import json
import time
from pathlib import Path

from lxml.html import HTMLParser, document_fromstring

from reader.core.errors import LoadError
from reader.ingest.load import read_source


def _fold(text: str) -> str:
    return " ".join(text.split())


def _captions(markup: bytes) -> list[str]:
    """The page's <figcaption> texts longer than 25 characters (shorter ones are credits
    or words that may well occur in the article)."""
    try:
        tree = document_fromstring(markup, parser=HTMLParser(huge_tree=True, encoding="utf-8"))
    except (ValueError, SyntaxError):
        return []
    found = (_fold(node.text_content()) for node in tree.iter("figcaption"))
    return [caption for caption in found if len(caption) > 25]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("pages", type=Path)
    parser.add_argument("--gold", type=Path)
    args = parser.parse_args()
    gold = {}
    if args.gold:
        gold = {entry["file"]: entry for entry in json.loads(args.gold.read_text()).values()}
    totals = {"pages": 0, "refused": 0, "thin": 0, "with": 0, "with_of": 0, "leaked": 0,
              "leaked_of": 0, "captions": 0, "seconds": 0.0}  # fmt: skip
    print(f"{'page':40} {'chars':>6} {'paras':>5} {'with':>5} {'w/out':>5} {'capt':>4} {'s':>5}")
    for path in sorted(args.pages.glob("*.htm*")):
        start = time.perf_counter()
        try:
            source = read_source(path)
            text, notices = _fold(source.text), source.notices
            paragraphs = source.text.count("\n\n") + 1
        except LoadError as error:
            text, notices, paragraphs = "", (error.message,), 0
        seconds = time.perf_counter() - start
        entry = gold.get(path.name, {"with": [], "without": []})
        found = sum(_fold(s) in text for s in entry["with"])
        leaked = sum(_fold(s) in text for s in entry["without"])
        captions = sum(c[:60] in text for c in _captions(path.read_bytes()))
        totals["pages"] += 1
        totals["refused"] += not text
        totals["thin"] += any("little found in the HTML" in n for n in notices)
        totals["with"] += found
        totals["with_of"] += len(entry["with"])
        totals["leaked"] += leaked
        totals["leaked_of"] += len(entry["without"])
        totals["captions"] += captions
        totals["seconds"] += seconds
        said = "; ".join(n for n in notices if n != "HTML: main text extracted")
        print(f"{path.name[:40]:40} {len(text):6} {paragraphs:5} "
              f"{found:>2}/{len(entry['with']):<2} {leaked:>2}/{len(entry['without']):<2} "
              f"{captions:4} {seconds:5.2f}  {said[:70]}")  # fmt: skip
    print(
        f"\n{totals['pages']} pages: {totals['refused']} refused (no article text), "
        f"{totals['thin']} thin; snippets found {totals['with']}/{totals['with_of']}, "
        f"leaked {totals['leaked']}/{totals['leaked_of']}; captions leaked "
        f"{totals['captions']}; {totals['seconds']:.1f} s"
    )


if __name__ == "__main__":
    main()
