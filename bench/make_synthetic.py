"""A large synthetic folder of wire copy and rewrites, built from the METER files.

Run: python bench/make_synthetic.py METER_DIR N OUT [--force] [--check]

METER_DIR is the extracted corpus (`**/*.txt`, optionally `manifest.tsv`); OUT receives
exactly N files in one flat folder. Copy 0 is the corpus itself; copy k >= 1 is the corpus
with its words consistently rewritten, so that each copy's articles form stories of their
own with the sizes and shapes of the originals:

* every capitalised word and every other word of three letters or more that is not a
  function word (a fixed list: stop words, months and weekdays, honorifics, `Page` of a
  slug line, and a few furniture words) goes through the copy's substitution map: the
  word's lower-case form, hashed with k, gives a pronounceable pseudo-word of the same
  length (so hard-wrapped lines keep their widths), written in the original's case
  pattern (each capital stays where it was: 'McAbcd' -> 'FuKesa'); for words of two
  letters or more the map is one-to-one within a copy and never yields a word of the
  corpus (single letters, initials mostly, can only map onto letters);
* numbers are shifted consistently per copy: years (1800-2099) move by k, other figures
  by a per-copy offset that keeps their digit count, trailing zeros and thousands commas;
  a day next to a month name stays a day (10-28); single digits, times, dates, decimals and
  codes with a leading zero (`16:54`, `01/03/00`, `6.1`, `007`) are left as they are;
* nothing else changes: control bytes, `<` paragraph ends, line breaks (CRLF too), rule
  lines and slug lines keep their bytes (a slug line keeps its time, date, `Page N` and
  shape; its desk and catch-words are rewritten like every word, so each copy files its
  own wire stories).

The files are read and written as Latin-1 (a lossless byte mapping); only ASCII letters
and digits are rewritten. N = as many whole copies as fit, then a deterministic subset of
the next copy: its stories (manifest `story_id`, else the file's folder) in a seeded
order, whole stories first, the last one cut to fill N. Names are the relative path with
`/` -> `_`, prefixed by the copy number (`c03_...`). OUT also gets a hidden
`.synthetic.json` (parameters, source fingerprint, each file's copy and story) that
bench_index.py uses to reuse a folder already built. Nothing is written into the
repository.

`--check` runs `reader report --format json` on OUT afterwards and prints the number of
stories it found (compare 2 copies with 1: the count should double).
"""

from __future__ import annotations

import argparse
import csv
import hashlib
import json
import os
import random
import re
import shutil
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

SEED = 20240
VERSION = 2
"""Bumped whenever the output for the same arguments changes (bench caches by it)."""
STAMP = ".synthetic.json"

_STOP = """a about above after again against all am an and any are aren't as at be because
been before being below between both but by can cannot could couldn't did didn't do does
doesn't doing don't down during each few for from further had hadn't has hasn't have
haven't having he he'd he'll he's her here here's hers herself him himself his how how's
i i'd i'll i'm i've if in into is isn't it it's its itself let's me more most mustn't my
myself no nor not of off on once only or other ought our ours ourselves out over own same
shan't she she'd she'll she's should shouldn't so some such than that that's the their
theirs them themselves then there there's these they they'd they'll they're they've this
those through to too under until up very was wasn't we we'd we'll we're we've were weren't
what what's when when's where where's which while who who's whom why why's with won't
would wouldn't you you'd you'll you're you've your yours yourself yourselves
also said says say just will shall may might must one two three four five six seven eight
nine ten yet still even ever never now then today yesterday tomorrow last next told
"""
_CALENDAR = """january february march april may june july august september october november
december jan feb mar apr jun jul aug sep sept oct nov dec monday tuesday wednesday
thursday friday saturday sunday"""
_FURNITURE = """page mr mrs ms dr st sir lord lady rev prof gen col capt sgt pc no
published updated copyright related read photo image picture caption credit ends end
am pm th nd rd"""
KEEP = frozenset(
    w.replace("'", "") for w in " ".join((_STOP, _CALENDAR, _FURNITURE)).split()
) | frozenset(w.split("'")[0] for w in _STOP.split())
"""Lower-case words no copy rewrites (apostrophes split words: "didn't" is "didn" + "t")."""
_MONTHS = frozenset(_CALENDAR.split()[:24])
_CONSONANTS = "bdfgklmnprstvz"
_VOWELS = "aeiou"
_WORD = re.compile(r"[A-Za-z]+")
_NUMBER = re.compile(r"\d[\d,.:/]*\d|\d")
_MONTH_BEFORE = re.compile(r"([A-Za-z]+)\.?\s+$")
_MONTH_AFTER = re.compile(r"^(?:st|nd|rd|th)?\s+(?:of\s+)?([A-Za-z]+)")


def _hash(*parts: object) -> int:
    key = "\x1f".join(str(p) for p in parts).encode()
    return int.from_bytes(hashlib.blake2b(key, digest_size=8).digest(), "big")


def _pseudo(word: str, copy: int, attempt: int) -> str:
    """A pronounceable pseudo-word of the same length (lower case)."""
    h = _hash(SEED, copy, word, attempt)
    rng = random.Random(h)
    if attempt >= 20 and len(word) <= 3:  # the small space of short shapes is full
        return "".join(rng.choice("abcdefghijklmnopqrstuvwxyz") for _ in word)
    vowel = rng.random() < 0.3
    out = []
    for _ in word:
        out.append(rng.choice(_VOWELS if vowel else _CONSONANTS))
        vowel = not vowel
    return "".join(out)


def _cased(pattern: str, word: str) -> str:
    return "".join(c.upper() if p.isupper() else c for p, c in zip(pattern, word, strict=True))


def rewritten(lower: str, cased: bool) -> bool:
    """Whether a word (lower-case form; `cased`: written with a capital) is rewritten."""
    return lower not in KEEP and (len(lower) >= 3 or cased)


def corpus_files(meter: Path) -> list[Path]:
    """The corpus's article files, relative, in a fixed order."""
    if not meter.is_dir():
        raise FileNotFoundError(f"corpus folder not found: {meter}")
    files = sorted(
        p.relative_to(meter)
        for p in meter.rglob("*.txt")
        if not any(part.startswith(".") for part in p.relative_to(meter).parts)
    )
    if not files:
        raise FileNotFoundError(f"no .txt files under {meter}")
    return files


def flat_name(rel: Path) -> str:
    return rel.as_posix().replace("/", "_")


def stories_of(meter: Path, files: list[Path]) -> dict[Path, str]:
    """Each file's story: the manifest's story_id when there is one, else its folder."""
    story = {rel: rel.parent.as_posix() for rel in files}
    manifest = meter / "manifest.tsv"
    if manifest.exists():
        with manifest.open(encoding="utf-8", newline="") as f:
            for row in csv.DictReader(f, delimiter="\t"):
                rel = Path(row.get("path") or "")
                if rel in story and row.get("story_id"):
                    story[rel] = row["story_id"]
    return story


def fingerprint(meter: Path, files: list[Path]) -> str:
    """A digest of the corpus's file names and sizes (cheap; tells a changed source)."""
    h = hashlib.blake2b(digest_size=12)
    for rel in files:
        h.update(f"{rel.as_posix()}\0{(meter / rel).stat().st_size}\n".encode())
    return h.hexdigest()


class Rewriter:
    """The rewriting of one copy: its word map and number shifts."""

    def __init__(self, vocabulary: list[str], copy: int) -> None:
        self.copy = copy
        forbidden = set(vocabulary) | KEEP
        used: set[str] = set()
        self.words: dict[str, str] = {}
        for word in vocabulary:  # sorted: the map does not depend on which files are written
            for attempt in range(60):
                pseudo = _pseudo(word, copy, attempt)
                if pseudo not in forbidden and pseudo not in used:
                    break
            used.add(pseudo)
            self.words[word] = pseudo
        self.numbers: dict[str, str] = {}

    def _word(self, m: re.Match[str]) -> str:
        word = m.group(0)
        lower = word.lower()
        pseudo = self.words.get(lower)
        if pseudo is None or not rewritten(lower, word != lower):
            return word
        return _cased(word, pseudo)

    def _offset(self, kind: object, span: int) -> int:
        return 1 + _hash(SEED, self.copy, "number", kind) % (span - 1)

    def _figure(self, digits: str) -> str:
        """A figure of the copy: same digit count, trailing zeros and leading digit kind."""
        value = int(digits)
        if len(digits) == 4 and 1800 <= value <= 2099:
            return str(value + self.copy)
        head = digits.rstrip("0")
        zeros = len(digits) - len(head)
        lo, hi = 10 ** (len(head) - 1), 10 ** len(head)
        if len(head) == 1:
            lo = 1
        shifted = lo + (int(head) - lo + self._offset(len(head), hi - lo)) % (hi - lo)
        return str(shifted) + "0" * zeros

    def _number(self, m: re.Match[str], text: str) -> str:
        token = m.group(0)
        if len(token) == 1 or any(c in token for c in ".:/") or token.startswith("0"):
            return token
        if "," in token and not re.fullmatch(r"\d{1,3}(?:,\d{3})+", token):
            return token
        digits = token.replace(",", "")
        if len(digits) <= 2 and self._by_month(m, text):
            day = int(digits)  # two digits: 10-28 stay a day of two digits
            if not 10 <= day <= 28:
                return token
            return str(10 + (day - 10 + self._offset("day", 19)) % 19)
        shifted = self._figure(digits)
        # Same digit count, so thousands commas fall where they were.
        return f"{int(shifted):,}" if "," in token else shifted

    @staticmethod
    def _by_month(m: re.Match[str], text: str) -> bool:
        before = _MONTH_BEFORE.search(text[max(0, m.start() - 12) : m.start()])
        after = _MONTH_AFTER.match(text[m.end() : m.end() + 16])
        return bool(
            (before and before.group(1).lower() in _MONTHS)
            or (after and after.group(1).lower() in _MONTHS)
        )

    def text(self, text: str) -> str:
        if self.copy == 0:
            return text
        text = _WORD.sub(self._word, text)
        return _NUMBER.sub(lambda m: self._number(m, text), text)


def vocabulary(meter: Path, files: list[Path]) -> list[str]:
    """Every rewritable word form of the corpus (lower case), sorted."""
    words: set[str] = set()
    for rel in files:
        for m in _WORD.finditer((meter / rel).read_bytes().decode("latin-1")):
            word = m.group(0)
            if rewritten(word.lower(), word != word.lower()):
                words.add(word.lower())
    return sorted(words)


def plan(meter: Path, n: int) -> list[tuple[int, Path]]:
    """The (copy, file) pairs of an N-article folder, in writing order."""
    files = corpus_files(meter)
    whole, rest = divmod(n, len(files))
    chosen = [(k, rel) for k in range(whole) for rel in files]
    if rest:
        story = stories_of(meter, files)
        by_story: dict[str, list[Path]] = {}
        for rel in files:
            by_story.setdefault(story[rel], []).append(rel)
        order = sorted(by_story)
        random.Random(SEED + whole).shuffle(order)
        for s in order:
            take = by_story[s][: rest - (len(chosen) - whole * len(files))]
            chosen.extend((whole, rel) for rel in take)
            if len(chosen) == n:
                break
    return chosen


def copy_files(
    meter: Path, copy: int, files: list[Path] | None = None, words: list[str] | None = None
) -> Iterator[tuple[str, bytes]]:
    """The files of copy `copy` (all, or the given relative paths): (name, bytes)."""
    every = corpus_files(meter)
    words = words if words is not None else vocabulary(meter, every)
    rewriter = Rewriter(words, copy)
    for rel in files if files is not None else every:
        text = (meter / rel).read_bytes().decode("latin-1")
        yield f"c{copy:02d}_{flat_name(rel)}", rewriter.text(text).encode("latin-1")


def build(meter: Path, n: int, out: Path, *, progress: bool = True) -> dict[str, object]:
    """Write the N-article folder into `out` (which must not hold articles yet)."""
    files = corpus_files(meter)
    chosen = plan(meter, n)
    words = vocabulary(meter, files)
    story = stories_of(meter, files)
    out.mkdir(parents=True, exist_ok=True)
    index: dict[str, dict[str, object]] = {}
    t = time.monotonic()
    copies = sorted({k for k, _ in chosen})
    for k in copies:
        mine = [rel for c, rel in chosen if c == k]
        for rel, (name, data) in zip(mine, copy_files(meter, k, mine, words), strict=True):
            (out / name).write_bytes(data)
            index[name] = {"copy": k, "story": f"{k}:{story[rel]}"}
        if progress:
            print(
                f"make_synthetic: copy {k}: {len(mine)} files "
                f"({len(index)}/{n}, {time.monotonic() - t:.1f} s)",
                file=sys.stderr,
                flush=True,
            )
    stamp = {
        "version": VERSION,
        "seed": SEED,
        "n": n,
        "source": fingerprint(meter, files),
        "copies": len(copies),
        "stories": len({v["story"] for v in index.values()}),
        "files": index,
    }
    (out / STAMP).write_text(json.dumps(stamp, indent=0, sort_keys=True) + "\n", encoding="utf-8")
    return stamp


def cached(meter: Path, n: int, out: Path) -> bool:
    """Whether `out` already holds this build (same parameters, same source)."""
    try:
        stamp = json.loads((out / STAMP).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return False
    files = corpus_files(meter)
    return (
        stamp.get("version") == VERSION
        and stamp.get("seed") == SEED
        and stamp.get("n") == n
        and stamp.get("source") == fingerprint(meter, files)
        and all((out / name).is_file() for name in stamp.get("files", {}))
    )


def ensure(meter: Path, n: int, out: Path, *, progress: bool = True) -> Path:
    """`out` holding the N-article folder: reused when cached, else built afresh (built
    beside it and moved in, so an interrupted build never looks finished)."""
    if cached(meter, n, out):
        if progress:
            print(f"make_synthetic: {out} reused ({n} files)", file=sys.stderr, flush=True)
        return out
    tmp = out.with_name(out.name + f".tmp{os.getpid()}")
    shutil.rmtree(tmp, ignore_errors=True)
    try:
        build(meter, n, tmp, progress=progress)
        shutil.rmtree(out, ignore_errors=True)
        tmp.rename(out)
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    return out


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description=__doc__.split("\n")[0],
        epilog="Copy 0 is the corpus; copy k rewrites its words and figures consistently.",
    )
    parser.add_argument("meter", type=Path, metavar="METER_DIR", help="the extracted corpus")
    parser.add_argument("n", type=int, metavar="N", help="number of articles to write")
    parser.add_argument("out", type=Path, metavar="OUT", help="the folder to write")
    parser.add_argument("--force", action="store_true", help="rebuild even when OUT is cached")
    parser.add_argument(
        "--check", action="store_true",
        help="run `reader report --format json` on OUT and print its stories",
    )  # fmt: skip
    parser.add_argument("--repo", type=Path, default=Path(__file__).resolve().parent.parent,
                        help="checkout whose reader --check runs (default: this one)")  # fmt: skip
    parser.add_argument("--python", default=sys.executable,
                        help="interpreter that runs the reader (default: this one)")  # fmt: skip
    args = parser.parse_args(argv)
    if args.n < 1:
        parser.error("N must be at least 1")
    try:
        corpus_files(args.meter)
    except FileNotFoundError as e:
        print(f"make_synthetic: {e}", file=sys.stderr)
        return 2
    if args.out.exists() and any(
        p.suffix == ".txt" for p in args.out.iterdir()
    ) and not (args.out / STAMP).exists():
        print(f"make_synthetic: {args.out} holds other files; choose an empty folder",
              file=sys.stderr)  # fmt: skip
        return 2
    try:
        if args.force:
            (args.out / STAMP).unlink(missing_ok=True)
        ensure(args.meter, args.n, args.out)
        stamp = json.loads((args.out / STAMP).read_text(encoding="utf-8"))
        print(
            f"{args.out}: {stamp['n']} files, {stamp['copies']} copies, "
            f"{stamp['stories']} source stories"
        )
        if args.check:
            env = {**os.environ, "PYTHONPATH": str(args.repo)}
            t = time.monotonic()
            done = subprocess.run(
                [args.python, "-m", "reader", "report", str(args.out.resolve()), "--format",
                 "json"],
                capture_output=True, text=True, env=env, cwd=args.repo, check=False,
            )  # fmt: skip
            if done.returncode:
                print(f"make_synthetic: reader report failed: {done.stderr.strip()[-500:]}",
                      file=sys.stderr)  # fmt: skip
                return 1
            report = json.loads(done.stdout)
            print(
                f"reader report: {len(report['stories'])} stories "
                f"({time.monotonic() - t:.0f} s)"
            )
    except KeyboardInterrupt:
        print("make_synthetic: interrupted", file=sys.stderr)
        return 130
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
