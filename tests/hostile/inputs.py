"""Hostile inputs, made by code at test time: nothing here is a committed blob.

Each `Hostile` case builds, under a folder it is given, what a user might point the
reader at: a broken or odd file next to an ordinary article, an odd folder, or a
hand-edited notes sidecar. `Built` says which paths each entry point gets and what a
sensible outcome is: `reader compare LEFT RIGHT`, `reader notes FOLDER`, `reader report
FOLDER` and the interface on FOLDER. Every folder gets a sidecar with a note on each of
its two articles (unless the case is about the sidecar), so `reader notes` loads and
places quotes in the hostile file too.

The big inputs are written quickly: one chunk repeated for the 50 MB file, raw
`os.open`/`os.write` for the 10,000 files.
"""

from __future__ import annotations

import codecs
import json
import os
import random
import stat
import sys
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Literal

from reader.store.annotations import SIDECAR_NAME
from reader.store.codec import Collection, Note, Target, dump

Outcome = Literal["ok", "refused", "notice"]

ARTICLE = """\
Floods force thousands from homes in river valley

By Maria Lopez

Heavy rain pushed the Arno river over its banks on Tuesday, forcing about 3,000 people \
from their homes, officials said.

The regional civil protection agency said 12 towns were affected and that two bridges \
had been closed as a precaution.

"We have not seen water this high since 1966," the mayor of Pontedera told reporters \
outside the town hall. "Everyone must stay away from the embankments."

Rescue teams used boats to reach 45 residents trapped on upper floors overnight. Nobody \
was reported missing by Wednesday morning.

Forecasters expect the rain to ease on Thursday, but warned that the ground was already \
saturated after the wettest October in 20 years.

The government said it would release 5 million euros in emergency aid to the region.
"""
"""An ordinary article: the companion of most hostile files."""

REWRITE = """\
Thousands evacuated as Arno floods Tuscan towns

Heavy rain sent the Arno over its banks on Tuesday and forced some 30,000 people from \
their homes, officials said.

The civil protection agency said 12 towns were hit. Two bridges were closed as a precaution.

Rescue teams used boats to reach 45 residents stranded on upper floors overnight.

The government pledged 5 million euros in emergency aid. Critics said the sum was far too \
small for the damage.
"""
"""Another outlet's version of ARTICLE: a second ordinary article."""

COMPANION = "companion.txt"
"""The ordinary article written next to each hostile file."""


@dataclass(frozen=True)
class Built:
    """What one case made on disk, and what each entry point should do with it."""

    folder: Path
    """The folder given to `reader PATH`, `reader notes` and `reader report`."""
    left: Path
    """The left file of `reader compare`."""
    right: Path
    """The right file of `reader compare`."""
    compare: Outcome = "ok"
    """'ok': exit 0 with a result; 'refused': exit 2 with one `reader: ` line."""
    refusal: tuple[str, ...] = ()
    """When refused, the message holds one of these (lower case)."""
    ui: Outcome = "ok"
    """'ok': a pair on screen; 'notice': an error notice and a sensible screen;
    'refused': `make_app` raises `ReaderError` before the interface starts."""
    notes: Outcome = "ok"
    """`reader notes FOLDER`: 'ok' or 'refused' (an unreadable sidecar)."""
    unreadable: tuple[Path, ...] = ()
    """Files the system must refuse to read (root reads anything: the harness simulates)."""
    notes_path: Path | None = None
    """What `reader notes` gets when not `folder` (one article file)."""
    slow: bool = False
    """Large input: the harness allows it more time."""


@dataclass(frozen=True)
class Hostile:
    """One hostile input."""

    name: str
    """Short id, used in test ids and the table."""
    about: str
    """What it is, one line."""
    build: Callable[[Path], Built]
    """Write the input under the given (empty, existing) folder."""
    needs: str = ""
    """What the case needs of the system ('posix', 'linux', 'fifo' in `REQUIREMENTS`)."""
    tags: frozenset[str] = field(default_factory=frozenset)
    """'big' for the inputs that take a while to build or read."""


# --- helpers ----------------------------------------------------------------------------


def write(path: Path, data: bytes | str) -> Path:
    """Write bytes (or UTF-8 text) and return the path."""
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data.encode("utf-8") if isinstance(data, str) else data)
    return path


def note_on(source: str, text: str, quote: str, note: str = "check this") -> Note:
    """A note on the first occurrence of `quote` in `text` (or a dangling one)."""
    at = text.find(quote) if quote else -1
    if at >= 0:
        target = Target.from_text(source, text, at, at + len(quote))
    else:
        target = Target(source, quote or "missing passage", "", "", 0, len(quote or "x"))
    stamp = "2024-05-01T09:30:00.000000Z"
    return Note(f"urn:uuid:00000000-0000-4000-8000-{abs(hash((source, quote))) % 10**12:012d}",
                note, ("discrepancy",), (target,), stamp, stamp)  # fmt: skip


def sidecar(folder: Path, *notes: Note) -> None:
    """Write a valid sidecar holding `notes` (through the store's own codec)."""
    write(folder / SIDECAR_NAME, dump(Collection(tuple(notes))))


def with_companion(
    root: Path, name: str, data: bytes | str, *, quote: str = "river", **expect: object
) -> Built:
    """The common shape: `root/in/` holds the hostile file and the companion article,
    a sidecar notes a passage of each; compare runs hostile file vs companion."""
    folder = root / "in"
    folder.mkdir()
    hostile = write(folder / name, data)
    companion = write(folder / COMPANION, ARTICLE)
    text = data.decode("utf-8", "replace") if isinstance(data, bytes) else data
    sidecar(folder, note_on(COMPANION, ARTICLE, "3,000 people"), note_on(name, text, quote))
    expect.setdefault("ui", "notice" if expect.get("compare") == "refused" else "ok")
    return Built(folder, hostile, companion, **expect)  # type: ignore[arg-type]


def refused(*words: str) -> dict[str, object]:
    """Expectations of a file every entry point must refuse with one line."""
    return {"compare": "refused", "refusal": words, "ui": "notice"}


def lines_of(text: str, count: int) -> str:
    """`count` numbered one-sentence paragraphs."""
    return "".join(f"Sentence number {i} says the river rose again today.\n" for i in range(count))


# --- the cases --------------------------------------------------------------------------

CASES: list[Hostile] = []


def case(name: str, about: str, *, needs: str = "", tags: str = "") -> Callable[
    [Callable[[Path], Built]], Callable[[Path], Built]
]:  # fmt: skip
    """Register a builder as a hostile case."""

    def register(build: Callable[[Path], Built]) -> Callable[[Path], Built]:
        CASES.append(Hostile(name, about, build, needs, frozenset(tags.split())))
        return build

    return register


@case("empty", "an empty file")
def _empty(root: Path) -> Built:
    return with_companion(root, "empty.txt", b"", **refused("empty"))


@case("whitespace", "spaces, tabs and blank lines only")
def _whitespace(root: Path) -> Built:
    return with_companion(root, "blank.txt", b" \t\n\n   \r\n\t \x0c\n", **refused("empty"))


@case("bom-only", "a UTF-8 byte-order mark and a newline")
def _bom_only(root: Path) -> Built:
    return with_companion(root, "bom.txt", codecs.BOM_UTF8 + b"\n", **refused("empty"))


@case("png", "a PNG image saved as .txt")
def _png(root: Path) -> Built:
    data = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + random.Random(1).randbytes(4000)
    return with_companion(root, "photo.txt", data, **refused("binary"))


@case("nul-bytes", "article text with NUL bytes sprinkled in")
def _nul_bytes(root: Path) -> Built:
    data = ARTICLE.encode().replace(b" the ", b" the\x00")
    return with_companion(root, "nul.txt", data, **refused("binary"))


@case("random-bytes", "64 KB of random bytes")
def _random_bytes(root: Path) -> Built:
    data = random.Random(2).randbytes(65536)
    return with_companion(root, "noise.md", data, **refused("binary", "not utf-8"))


@case("gzip", "a gzip stream named .txt")
def _gzip(root: Path) -> Built:
    import gzip

    data = gzip.compress(ARTICLE.encode() * 20, mtime=0)
    return with_companion(root, "article.txt", data, **refused("binary", "not utf-8"))


@case("invalid-utf8", "UTF-8 text with stray invalid bytes")
def _invalid_utf8(root: Path) -> Built:
    data = ARTICLE.encode().replace(b"Tuesday", b"Tu\xffesday").replace(b"mayor", b"ma\xc3yor")
    return with_companion(root, "bad-utf8.txt", data, quote="bridges")


@case("utf16-le-bom", "UTF-16 little-endian with a byte-order mark")
def _utf16_le_bom(root: Path) -> Built:
    return with_companion(root, "u16le.txt", codecs.BOM_UTF16_LE + REWRITE.encode("utf-16-le"))


@case("utf16-be-bom", "UTF-16 big-endian with a byte-order mark")
def _utf16_be_bom(root: Path) -> Built:
    return with_companion(root, "u16be.txt", codecs.BOM_UTF16_BE + REWRITE.encode("utf-16-be"))


@case("utf16-le", "UTF-16 little-endian without a byte-order mark")
def _utf16_le(root: Path) -> Built:
    return with_companion(root, "u16le-nobom.txt", REWRITE.encode("utf-16-le"))


@case("utf16-be", "UTF-16 big-endian without a byte-order mark")
def _utf16_be(root: Path) -> Built:
    return with_companion(root, "u16be-nobom.txt", REWRITE.encode("utf-16-be"))


@case("utf16-odd", "UTF-16 without a mark, one byte cut off")
def _utf16_odd(root: Path) -> Built:
    return with_companion(root, "u16-cut.txt", REWRITE.encode("utf-16-le")[:-1],
                          **refused("binary"))  # fmt: skip


@case("utf32", "UTF-32 with a byte-order mark")
def _utf32(root: Path) -> Built:
    return with_companion(root, "u32.txt", REWRITE.encode("utf-32"))


@case("cp1252", "Windows-1252: curly quotes, dashes, accents")
def _cp1252(root: Path) -> Built:
    text = REWRITE.replace('"', "\u201c").replace("Tuscan", "Tusc\u00e1n \u2014 caf\u00e9")
    return with_companion(root, "cp1252.txt", text.encode("cp1252"))


@case("shift-jis", "Japanese in Shift JIS (a multi-byte legacy code page)")
def _shift_jis(root: Path) -> Built:
    text = (
        "\u6cb3\u5ddd\u304c\u6c3e\u6feb\u3057\u3001\u4f4f\u6c11\u304c\u907f"
        "\u96e3\u3057\u305f\u3002\n"
    ) * 40
    return with_companion(root, "sjis.txt", text.encode("shift_jis"),
                          **refused("not utf-8", "binary"))  # fmt: skip


@case("mixed-newlines", "CRLF, lone CR and LF mixed, form feeds, vertical tabs")
def _mixed_newlines(root: Path) -> Built:
    text = REWRITE.replace("\n\n", "\r\n\r\n", 2).replace(". ", ".\r", 2) + "\x0cPage two.\vEnd.\r"
    return with_companion(root, "newlines.txt", text.encode())


@case("huge-50mb", "a 50 MB article (over the 4 MB limit)", tags="big")
def _huge(root: Path) -> Built:
    folder = root / "in"
    folder.mkdir()
    chunk = (ARTICLE * (2 + (1 << 20) // len(ARTICLE))).encode()[: 1 << 20]
    path = folder / "huge.txt"
    with path.open("wb") as out:
        for _ in range(50):
            out.write(chunk)
    companion = write(folder / COMPANION, ARTICLE)
    sidecar(folder, note_on(COMPANION, ARTICLE, "3,000 people"),
            note_on("huge.txt", ARTICLE, "river"))  # fmt: skip
    return Built(folder, path, companion, **refused("limit"), slow=True)  # type: ignore[arg-type]


@case("near-limit", "a 3.9 MB article of short paragraphs (just under the limit)", tags="big")
def _near_limit(root: Path) -> Built:
    paragraph = "Officials said the water rose by 3 cm in the hour before dawn.\n\n"
    text = paragraph * (3_900_000 // len(paragraph))
    return replace(with_companion(root, "long.txt", text, quote="water rose"), slow=True)


@case("line-2mb", "a 2 MB line of words without punctuation", tags="big")
def _line_2mb(root: Path) -> Built:
    rng = random.Random(3)
    vocab = ["river", "water", "rain", "town", "bridge", "mayor", "boat", "rescue", "flood",
             "valley", "night", "day"]  # fmt: skip
    words = " ".join(rng.choice(vocab) for _ in range(2 * 1024 * 1024 // 6))
    return replace(with_companion(root, "runon.txt", words[: 2 * 1024 * 1024]), slow=True)


@case("word-2mb", "a 2 MB 'word': no space, no punctuation", tags="big")
def _word_2mb(root: Path) -> Built:
    return replace(with_companion(root, "aaaa.txt", "a" * (2 * 1024 * 1024)), slow=True)


def _too_many(root: Path, sentences: int, noted: str, quote: str) -> Built:
    """Two like articles of `sentences` sentences each, too many pairs to compare, with a
    note on the `noted` one quoting `quote`."""
    folder = root / "in"
    folder.mkdir()
    left = write(folder / "left.txt", lines_of("", sentences))
    right = write(folder / "right.txt", lines_of("", sentences).replace("river", "stream"))
    sidecar(folder, note_on(noted, (folder / noted).read_text(), quote))
    return Built(folder, left, right, compare="refused", refusal=("too many",), ui="notice",
                 slow=True)  # fmt: skip


@case("many-sentences", "two articles of 2,100 sentences each (over 4,000,000 pairs)", tags="big")
def _many_sentences(root: Path) -> Built:
    return _too_many(root, 2100, "left.txt", "number 7 says")


@case("long-twins", "two versions of a long article: 5,000 like sentences each", tags="big")
def _long_twins(root: Path) -> Built:
    return _too_many(root, 5000, "right.txt", "number 70 says")


@case("files-10k", "10,000 one-line files in one folder", tags="big")
def _files_10k(root: Path) -> Built:
    folder = root / "in"
    folder.mkdir()
    fd = os.open(folder, os.O_RDONLY)
    try:
        for i in range(10_000):
            out = os.open(f"a{i:05d}.txt", os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o644, dir_fd=fd)
            line = f"Report {i}: the river rose by {i} cm overnight, officials said.\n"
            os.write(out, line.encode())
            os.close(out)
    finally:
        os.close(fd)
    first, second = folder / "a00000.txt", folder / "a00001.txt"
    sidecar(folder, note_on(first.name, first.read_text(), "river rose"))
    return Built(folder, first, second, slow=True)


@case("deep-folders", "an article 100 folders deep")
def _deep(root: Path) -> Built:
    deep = root / "in"
    for i in range(100):
        deep = deep / f"level{i:03d}"
    deep.mkdir(parents=True)
    left = write(deep / "deep.txt", REWRITE)
    right = write(deep / COMPANION, ARTICLE)
    sidecar(deep, note_on("deep.txt", REWRITE, "Arno"))
    return Built(deep, left, right)


@case(
    "path-too-long",
    "an article whose path is longer than PATH_MAX (4096)",
    needs="linux",
)
def _path_too_long(root: Path) -> Built:
    top = root / "in"
    top.mkdir()
    fd = os.open(top, os.O_RDONLY)
    parts = [f"{'d' * 200}{i:02d}" for i in range(22)]  # 22 x 203 bytes: over 4096
    try:
        for part in parts:
            os.mkdir(part, dir_fd=fd)
            inner = os.open(part, os.O_RDONLY, dir_fd=fd)
            os.close(fd)
            fd = inner
        for name, text in (("long.txt", REWRITE), (COMPANION, ARTICLE)):
            out = os.open(name, os.O_WRONLY | os.O_CREAT, 0o644, dir_fd=fd)
            os.write(out, text.encode())
            os.close(out)
    finally:
        os.close(fd)
    deep = top.joinpath(*parts)
    return Built(deep, deep / "long.txt", deep / COMPANION, compare="refused",
                 refusal=("too long",), ui="refused", notes="refused")  # fmt: skip


@case("symlink-loop", "two symbolic links pointing at each other", needs="posix")
def _symlink_loop(root: Path) -> Built:
    built = with_companion(root, "rewrite.txt", REWRITE)
    (built.folder / "loop-a.txt").symlink_to("loop-b.txt")
    (built.folder / "loop-b.txt").symlink_to("loop-a.txt")
    return Built(built.folder, built.folder / "loop-a.txt", built.right, compare="refused",
                 refusal=("symbolic links", "cannot"))  # fmt: skip


@case("dangling-symlink", "a symbolic link to a file that does not exist", needs="posix")
def _dangling(root: Path) -> Built:
    built = with_companion(root, "rewrite.txt", REWRITE)
    (built.folder / "gone.txt").symlink_to(root / "nowhere" / "gone.txt")
    return Built(built.folder, built.folder / "gone.txt", built.right, compare="refused",
                 refusal=("no such file", "broken"))  # fmt: skip


@case("symlink-self", "a folder holding a symbolic link to itself and a hard link", needs="posix")
def _symlink_self(root: Path) -> Built:
    built = with_companion(root, "rewrite.txt", REWRITE)
    (built.folder / "again").symlink_to(".")
    os.link(built.left, built.folder / "hardlink.txt")
    return built


@case("unreadable", "a file the system refuses to read (permission denied)", needs="posix")
def _unreadable(root: Path) -> Built:
    built = with_companion(root, "secret.txt", REWRITE, **refused("permission denied"))
    built.left.chmod(0)
    return replace(built, unreadable=(built.left,))


@case(
    "fifo",
    "a named pipe called .txt (reading it would block)",
    needs="fifo",
)
def _fifo(root: Path) -> Built:
    built = with_companion(root, "rewrite.txt", REWRITE)
    os.mkfifo(built.folder / "pipe.txt")
    return Built(built.folder, built.folder / "pipe.txt", built.right, compare="refused",
                 refusal=("fifo",))  # fmt: skip


@case("name-spaces", "a file name with spaces, brackets and quotes")
def _name_spaces(root: Path) -> Built:
    return with_companion(root, "  my 'final' [draft] (v2) .txt", REWRITE, quote="Arno")


@case(
    "name-newline",
    "a file name with a newline and a tab",
    needs="posix",
)
def _name_newline(root: Path) -> Built:
    return with_companion(root, "first line\nsecond\tline.txt", REWRITE, quote="Arno")


@case(
    "name-escapes",
    "a file name holding ANSI, OSC 52 and C1 escape sequences",
    needs="posix",
)
def _name_escapes(root: Path) -> Built:
    name = "\x1b]52;c;cHduZWQ=\x07\x1b[2J\x1b[31mred\u009b1m.txt"
    return with_companion(root, name, REWRITE, quote="Arno")


@case(
    "name-not-utf8",
    "a file name that is not valid UTF-8 (bytes 0xff 0xe9)",
    needs="linux",
)
def _name_not_utf8(root: Path) -> Built:
    folder = root / "in"
    folder.mkdir()
    name = os.fsdecode(b"caf\xe9-\xff.txt")
    hostile = write(folder / name, REWRITE)
    companion = write(folder / COMPANION, ARTICLE)
    sidecar(folder, note_on(COMPANION, ARTICLE, "river"), note_on(name, REWRITE, "Arno"))
    return Built(folder, hostile, companion)


@case("name-255", "a 255-byte file name")
def _name_255(root: Path) -> Built:
    return with_companion(root, "n" * 251 + ".txt", REWRITE, quote="Arno")


@case("rich-markup", "Rich/Textual markup: [b], [@click=app.quit], [link=...]")
def _rich_markup(root: Path) -> Built:
    text = ARTICLE.replace(
        "Heavy rain", "[b]Heavy[/b] [@click=app.quit]rain[/] [link=https://evil.example]x[/link]"
    ).replace("Floods", "[reverse]Floods[/reverse] [@click=app.exit]\\[/]")
    return with_companion(root, "markup.txt", text, quote="[@click=app.quit]rain[/]")


@case("ansi-csi", "ANSI CSI sequences: colours, clear screen, cursor moves, alt screen")
def _ansi(root: Path) -> Built:
    text = ARTICLE.replace(
        "Heavy rain", "\x1b[2J\x1b[H\x1b[31mHeavy rain\x1b[0m\x1b[?1049h"
    ).replace("officials", "\x1b[8mofficials\x1b[28m\x1b[1A\x1b[K")
    return with_companion(root, "ansi.txt", text, quote="\x1b[31mHeavy")


@case("osc", "OSC 52 (clipboard), OSC 8 (hyperlink) and OSC 0 (title) sequences")
def _osc(root: Path) -> Built:
    text = (
        ARTICLE.replace("Heavy rain", "\x1b]52;c;cm0gLXJmIH4=\x07Heavy rain")
        .replace("the mayor", "\x1b]8;;https://evil.example\x1b\\the mayor\x1b]8;;\x1b\\")
        .replace("Forecasters", "\x1b]0;pwned\x07Forecasters")
    )
    return with_companion(root, "osc.txt", text, quote="\x1b]52;c;")


@case("c1-controls", "C1 controls as characters: U+009B CSI, U+009D OSC, U+0085 NEL")
def _c1(root: Path) -> Built:
    text = ARTICLE.replace("Heavy rain", "\u009b31mHeavy rain\u009b0m").replace(
        "the mayor", "\u009d0;pwned\u009cthe mayor\u0085"
    )
    return with_companion(root, "c1.txt", text, quote="\u009b31m")


@case("bel-backspace", "BEL, backspace, DEL and carriage-return overprinting")
def _bel(root: Path) -> Built:
    text = ARTICLE.replace("Heavy", "\x07\x07Heavy").replace(
        "3,000", "3,000\x08\x08\x08\x08\x0830,000")  # fmt: skip
    return with_companion(root, "bel.txt", text.replace("officials", "officials\x7f"), quote="\x07")


@case("rtl", "right-to-left text and bidi overrides (U+202E)")
def _rtl(root: Path) -> Built:
    text = ARTICLE + (
        "\n\u0642\u0627\u0644 \u0627\u0644\u0645\u0633\u0624\u0648\u0644\u0648\u0646 \u0625\u0646 "
        "\u0627\u0644\u0646\u0647\u0631 \u0641\u0627\u0636.\n\n\u05d4\u05e0\u05d4\u05e8 "
        "\u05e2\u05dc\u05d4 \u05e2\u05dc \u05d2\u05d3\u05d5\u05ea\u05d9\u05d5.\n\n"
        "The \u202egnol\u202c bridge was closed \u2067\u05d0\u05d1\u2069 by 3,000 people.\n"
    )
    return with_companion(root, "rtl.txt", text, quote="\u202egnol")


@case("combining-emoji", "combining marks (zalgo, 500 on one letter), ZWJ emoji, flags")
def _combining(root: Path) -> Built:
    zalgo = "Z" + "\u0301\u0316\u0334\u035c" * 125
    emoji = (
        "\U0001f468\u200d\U0001f469\u200d\U0001f467\u200d\U0001f466 \U0001f1ee\U0001f1f9 "
        "\U0001f44d\U0001f3fd \U0001f30a\ufe0f"
    )
    text = ARTICLE.replace("Heavy rain", f"{zalgo} {emoji} Heavy rain").replace(
        "mayor", "ma\u0301yo\u0308r\u20dd")  # fmt: skip
    return with_companion(root, "emoji.txt", text, quote=emoji)


@case("zero-width", "zero-width spaces, joiners, BOMs and soft hyphens inside words")
def _zero_width(root: Path) -> Built:
    text = ARTICLE.replace("river", "ri\u200bv\u200ce\u200dr").replace(
        "officials", "off\u00adi\ufeffcials\u2060").replace("3,000", "3\u200b,000")  # fmt: skip
    return with_companion(root, "zw.txt", text, quote="ri\u200bv")


@case("identical", "two identical articles")
def _identical(root: Path) -> Built:
    return with_companion(root, "copy.txt", ARTICLE)


@case("prefix", "one article the first half of the other")
def _prefix(root: Path) -> Built:
    return with_companion(root, "half.txt", ARTICLE[: len(ARTICLE) // 2])


@case("single-article", "a folder with one article")
def _single(root: Path) -> Built:
    folder = root / "in"
    folder.mkdir()
    only = write(folder / "only.txt", ARTICLE)
    sidecar(folder, note_on("only.txt", ARTICLE, "river"))
    return Built(folder, only, only, ui="refused")


@case("no-articles", "a folder of a PDF, a JPEG and a file without a suffix")
def _no_articles(root: Path) -> Built:
    folder = root / "in"
    folder.mkdir()
    pdf = write(folder / "scan.pdf", b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n" + bytes(200))
    write(folder / "photo.jpg", b"\xff\xd8\xff\xe0\x00\x10JFIF" + bytes(100))
    write(folder / "README", "not an article")
    return Built(folder, pdf, folder / "README", compare="refused", refusal=("binary",),
                 ui="refused")  # fmt: skip


@case("only-boilerplate", "an article that is all furniture: ads, share links, copyright")
def _only_boilerplate(root: Path) -> Built:
    text = ("Share on Facebook\nAdvertisement\nSubscribe to our newsletter\n"
            "\u00a9 2024 Example News. All rights reserved.\nRead more\n")  # fmt: skip
    return with_companion(root, "furniture.txt", text, quote="Advertisement")


@case("html-nested-10k", "HTML with 10,000 nested <div>s around the article")
def _html_nested(root: Path) -> Built:
    body = "".join(f"<p>{p}</p>" for p in REWRITE.split("\n\n"))
    page = f"<html><body>{'<div>' * 10_000}{body}{'</div>' * 10_000}</body></html>"
    return with_companion(root, "nested.html", page, quote="Arno")


@case("html-unclosed-100k", "HTML with 100,000 unclosed <b><i> tags", tags="big")
def _html_unclosed(root: Path) -> Built:
    page = "<html><body><p>" + "<b><i>word " * 100_000 + "</p></body></html>"
    return with_companion(root, "unclosed.html", page, quote="word")


@case("html-script-3mb", "HTML with a 3 MB <script> block and a short article", tags="big")
def _html_script(root: Path) -> Built:
    script = "var x = '" + "A" * (3 * 1024 * 1024) + "';"
    page = (
        f"<html><head><script>{script}</script></head><body><article>"
        + "".join(f"<p>{p}</p>" for p in REWRITE.split("\n\n"))
        + "</article></body></html>"
    )
    return with_companion(root, "script.html", page, quote="Arno")


@case("html-no-text", "an HTML page with only scripts, styles and navigation")
def _html_no_text(root: Path) -> Built:
    page = ("<html><head><style>p{}</style></head><body><nav>Home</nav>"
            "<script>x()</script></body></html>")  # fmt: skip
    return with_companion(root, "empty.html", page, **refused("no article text"))


@case(
    "html-escapes",
    "HTML whose entities decode to ESC, BEL and C1 (&#x1b; &#x9b;) in its text and meta tags",
)
def _html_escapes(root: Path) -> Built:
    page = ('<html><head><title>&#x1b;]0;pwned&#x07;Title [b]x[/b]</title>'
            '<meta property="og:site_name" content="&#x1b;[31mEvil&#x9b;1m">'
            '<meta name="author" content="[@click=app.quit]me[/]"></head><body><article>'
            + "".join(f"<p>{p}</p>" for p in REWRITE.split("\n\n"))
            + "<p>Entities: &#x1b;[2J &#x1b;]52;c;eA==&#x07; &#0; &#x9d;x done here.</p>"
            "</article></body></html>")  # fmt: skip
    return with_companion(root, "entities.html", page, quote="Arno")


@case("yaml-laughs", "front matter with a 'billion laughs' YAML alias bomb")
def _yaml_laughs(root: Path) -> Built:
    lines = ['a0: &a0 ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]']
    for i in range(1, 10):
        lines.append(f"a{i}: &a{i} [" + ",".join([f"*a{i - 1}"] * 9) + "]")
    front = "---\n" + "\n".join(lines) + "\ntitle: *a9\nauthor: *a9\n---\n"
    return with_companion(root, "laughs.md", front + REWRITE, quote="Arno")


@case("yaml-nesting", "front matter nested 50,000 levels deep")
def _yaml_nesting(root: Path) -> Built:
    front = "---\ntitle: " + "[" * 50_000 + "]" * 50_000 + "\n---\n"
    return with_companion(root, "deep-yaml.md", front + REWRITE, quote="Arno")


@case("yaml-hostile-values", "front matter: Python tags, ESC in a title, impossible dates")
def _yaml_values(root: Path) -> Built:
    front = ('---\ntitle: "\\e]52;c;eA==\\a\\e[31mTitle\\x9b1m"\noutlet: !!python/object:os.system '
             '"echo pwned"\n---\n')  # fmt: skip
    front2 = (
        '---\ntitle: "\\e]0;pwned\\a[b]Evil[/b]"\ndate: 0000-00-00\nauthor: {a: 1}\n'
        "url: javascript:alert(1)\n---\n"
    )
    built = with_companion(root, "python-tag.md", front + REWRITE, quote="Arno")
    write(built.folder / "escaped-title.md", front2 + REWRITE)
    return replace(built, right=built.folder / "escaped-title.md")


@case(
    "markdown-bombs",
    "Markdown that backtracks: 100k '[', '*a ' and '_a ' runs on one line, one of them an ad",
    tags="big",
)
def _markdown_bombs(root: Path) -> Built:
    text = (ARTICLE + "\n" + "[" * 100_000 + "\n\n" + "*a " * 50_000 + "\n\n"
            + "_a " * 50_000 + "\n\n" + "[x](" * 30_000 + "\n\n" + "`" * 50_000 + "\n\n"
            + "Advertisement " + "[" * 200_000 + "\n")  # fmt: skip
    return replace(with_companion(root, "bombs.md", text), slow=True)


@case("boilerplate-bombs", "one-line paragraphs that backtrack in the furniture rules", tags="big")
def _boilerplate_bombs(root: Path) -> Built:
    text = (ARTICLE + "\n" + "[Getty " * 40_000 + "\n\n" + "(AFP " * 40_000 + "\n\n"
            + "BEIRUT " * 40_000 + "\n\n" + "\u00a9 " * 40_000 + "\n\n" + "Published " * 40_000
            + "\n")  # fmt: skip
    return replace(with_companion(root, "furniture-bombs.txt", text), slow=True)


@case("numbers-bomb", "numbers with 900 digits, 1e999, trillions of billions, 0 vs 0, "
      "a 5,000-digit ordinal")  # fmt: skip
def _numbers(root: Path) -> Built:
    left = (
        ARTICLE.replace("3,000", "9" * 900)
        .replace("on Tuesday", f"on Tuesday for the {'9' * 5000}th time")  # int() refuses it
        .replace("12 towns", "1e999 towns")
        .replace("5 million", "$999,999,999,999,999,999,999 trillion billion")
    )
    right = (
        REWRITE.replace("30,000", "1" + "0" * 899)
        .replace("12 towns", "0 towns")
        .replace("5 million", "0.000000000000000000000000001 million")
    )
    built = with_companion(root, "big-numbers.txt", left, quote="9999")
    write(built.right, right)
    return built


@case("one-sentence-per-line", "10,000 one-word lines", tags="big")
def _one_word_lines(root: Path) -> Built:
    text = "".join(f"Word{i}.\n" for i in range(10_000))
    return replace(with_companion(root, "words.txt", text, quote="Word7."), slow=True)


@case("sidecar-directory", "the notes sidecar is a directory")
def _sidecar_dir(root: Path) -> Built:
    built = with_companion(root, "rewrite.txt", REWRITE)
    (built.folder / SIDECAR_NAME).unlink()
    (built.folder / SIDECAR_NAME).mkdir()
    return replace(built, notes="refused")


@case("sidecar-corrupt", "a truncated notes sidecar")
def _sidecar_corrupt(root: Path) -> Built:
    built = with_companion(root, "rewrite.txt", REWRITE)
    path = built.folder / SIDECAR_NAME
    path.write_bytes(path.read_bytes()[:100])
    return replace(built, notes="refused")


@case("sidecar-json-nesting", "a notes sidecar nested 100,000 levels deep")
def _sidecar_nesting(root: Path) -> Built:
    built = with_companion(root, "rewrite.txt", REWRITE)
    bomb = ('{"type": "AnnotationCollection", "reader_version": 1, "items": '
            + "[" * 100_000 + "]" * 100_000 + "}")  # fmt: skip
    write(built.folder / SIDECAR_NAME, bomb)
    return replace(built, notes="refused")


@case("sidecar-unknown-fields", "a hand-edited sidecar with unknown fields, a newer body type")
def _sidecar_unknown(root: Path) -> Built:
    built = with_companion(root, "rewrite.txt", REWRITE)
    path = built.folder / SIDECAR_NAME
    doc = json.loads(path.read_text(encoding="utf-8"))
    doc["x-tool"] = {"exported": True, "by": "someone else"}
    doc["items"][0]["x-colour"] = "yellow"
    doc["items"][0]["body"].append({"type": "SpecificResource", "source": "http://x.example"})
    doc["items"][0]["target"][0]["x-page"] = 3
    path.write_text(json.dumps(doc, indent=2), encoding="utf-8")
    return built


@case("sidecar-hostile-text", "notes whose text, tags, times and quotes hold escapes and markup")
def _sidecar_hostile(root: Path) -> Built:
    built = with_companion(root, "rewrite.txt", REWRITE)
    evil = "\x1b]52;c;cm0gLXJm\x07\x1b[2J[@click=app.quit]x[/]\u009b31m\u202e"
    path = built.folder / SIDECAR_NAME
    doc = json.loads(path.read_text(encoding="utf-8"))
    item = doc["items"][0]
    item["created"] = evil + "2024"
    item["modified"] = evil
    item["body"] = [{"type": "TextualBody", "value": evil + " note", "purpose": "commenting"},
                    {"type": "TextualBody", "value": evil, "purpose": "tagging"}]  # fmt: skip
    item["target"][0]["selector"][0]["exact"] = evil
    item["target"][0]["source"] = evil + ".txt"
    doc["items"].append(json.loads(json.dumps(doc["items"][1])))
    doc["items"][-1]["id"] = "urn:x:" + evil
    path.write_text(json.dumps(doc, indent=2), encoding="utf-8")
    return built


@case("sidecar-bad-targets", "notes naming ../../etc/passwd, absolute paths, huge offsets")
def _sidecar_targets(root: Path) -> Built:
    built = with_companion(root, "rewrite.txt", REWRITE)
    stamp = "2024-05-01T09:30:00.000000Z"
    notes = [
        Note(f"urn:uuid:{i}", "odd target", (), (Target(source, "root", "", "", start, end),),
             stamp, stamp)
        for i, (source, start, end) in enumerate([
            ("../../../../etc/passwd", 0, 4), ("/etc/passwd", 0, 4), ("", 0, 1), (".", 0, 1),
            (COMPANION, 10**15, 10**15 + 4), (COMPANION, 5, 5), ("rewrite.txt", 2**62, 2**63),
        ])
    ]  # fmt: skip
    sidecar(built.folder, *notes)
    return built


@case(
    "missing-escaped-name",
    "a file named on the command line that does not exist, its name holding escape sequences",
    needs="posix",
)
def _missing_escaped(root: Path) -> Built:
    built = with_companion(root, "rewrite.txt", REWRITE)
    gone = built.folder / "\x1b]52;c;cHduZWQ=\x07\x1b[2Jgone.txt"
    return replace(built, left=gone, compare="refused", refusal=("no such file",),
                   notes_path=gone, notes="refused")  # fmt: skip


@case(
    "escaped-folder-bad-sidecar",
    "a folder named with escape sequences holding a corrupt sidecar",
    needs="posix",
)
def _escaped_folder(root: Path) -> Built:
    folder = root / "\x1b]0;pwned\x07\x1b[31mnews\u009b0m"
    folder.mkdir()
    left = write(folder / "rewrite.txt", REWRITE)
    right = write(folder / COMPANION, ARTICLE)
    write(folder / SIDECAR_NAME, b'{"type": "AnnotationCollection", "items": [')
    return Built(folder, left, right, notes="refused")


@case(
    "sidecar-fifo",
    "the notes sidecar is a named pipe (reading it would block)",
    needs="fifo",
)
def _sidecar_fifo(root: Path) -> Built:
    built = with_companion(root, "rewrite.txt", REWRITE)
    (built.folder / SIDECAR_NAME).unlink()
    os.mkfifo(built.folder / SIDECAR_NAME)
    return replace(built, notes="refused")


CASE_NAMES = [c.name for c in CASES]
assert len(set(CASE_NAMES)) == len(CASE_NAMES), "case names must be unique"


def by_name(name: str) -> Hostile:
    """The case called `name`."""
    return next(c for c in CASES if c.name == name)


REQUIREMENTS = {
    "posix": (os.name == "posix", "POSIX file names (any byte but / and NUL)"),
    "linux": (sys.platform.startswith("linux"), "Linux (byte file names, PATH_MAX 4096)"),
    "fifo": (hasattr(os, "mkfifo"), "named pipes"),
}
"""Requirement -> (met here, what it is)."""


def unavailable(hostile: Hostile) -> str:
    """Why a case cannot be built on this system ('' when it can)."""
    if not hostile.needs:
        return ""
    met, what = REQUIREMENTS[hostile.needs]
    return "" if met else what


def mode_of(path: Path) -> int:
    """Permission bits of a path (without following links)."""
    return stat.S_IMODE(os.lstat(path).st_mode)
