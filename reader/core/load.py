"""Loading article files: finding them, decoding their bytes, reading their front matter.

This module owns everything between a path on disk and a `Source`: which files of a
folder are articles, how bytes become text (byte-order marks, UTF-16 without one, legacy
code pages, binary detection, line endings), and the YAML front matter at the top of
Markdown and text files. HTML main-text extraction lives in `reader.core.html`. Every
failure is a `LoadError` whose message is one line naming the file.
"""

from __future__ import annotations

import codecs
import functools
import os
import re
import stat
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path
from typing import Literal

import yaml
from charset_normalizer import from_bytes

from reader.core.errors import LoadError
from reader.core.html import extract_html

ARTICLE_SUFFIXES = (".txt", ".md", ".markdown", ".html", ".htm")
"""File name endings (compared in lower case) that mark an article in a folder."""

DEFAULT_MAX_BYTES = 4 * 1024 * 1024
"""Largest article read unless the user raises it with --max-size."""

_KINDS: dict[str, Literal["text", "markdown", "html"]] = {
    ".txt": "text", ".md": "markdown", ".markdown": "markdown", ".html": "html", ".htm": "html",
}  # fmt: skip
_MAGIC = (b"\x89PNG\r\n\x1a\n", b"%PDF-", b"PK\x03\x04", b"PK\x05\x06", b"GIF87a", b"GIF89a",
          b"\xff\xd8\xff")  # fmt: skip
# UTF-32 before UTF-16: the UTF-32-LE mark begins with the UTF-16-LE one.
_BOMS = ((codecs.BOM_UTF32_LE, "utf-32"), (codecs.BOM_UTF32_BE, "utf-32"),
         (codecs.BOM_UTF8, "utf-8-sig"), (codecs.BOM_UTF16_LE, "utf-16"),
         (codecs.BOM_UTF16_BE, "utf-16"))  # fmt: skip
_EXACT = frozenset({"utf-8", "utf-8-sig", "utf-16", "utf-32"})
"""Encodings known for sure (no notice); any other was guessed and is reported."""

# Control characters text does not contain. Tab, LF, VT, FF, CR and ESC (colours in saved
# terminal output) are let through; the display layer strips what remains, but a high
# share of them means binary data.
_CONTROL_CHARS = re.compile("[\x00-\x08\x0e-\x1a\x1c-\x1f\x7f-\x9f]")
_CONTROL_BYTES = re.compile(b"[\x00-\x08\x0e-\x1a\x1c-\x1f\x7f]")
_CONTROL_LIMIT = 0.05
_ASCII = bytes(range(128))
_FEW_NON_ASCII = 32
"""Below this many non-ASCII bytes charset-normalizer's guesses are unreliable."""

_NAME_UNSAFE = re.compile("[\x00-\x1f\x7f-\x9f\u2028\u2029\ud800-\udfff]")
_DIGITS = re.compile("([0-9]+)")
_FENCE_OPEN = re.compile(r"---[ \t]*\n")
_FENCE_CLOSE = re.compile(r"^(?:---|\.\.\.)[ \t]*$", re.MULTILINE)
_BAD_FRONT_MATTER = "front matter ignored: not valid YAML"


@dataclass(frozen=True)
class Discovered:
    """The article files found for the paths the user gave."""

    files: tuple[Path, ...]
    """Article files: a folder's sorted by name, files given one by one in their order."""
    skipped: tuple[str, ...]
    """One-line notices: 'notes.pdf: skipped (not an article file: .pdf)'."""


@dataclass(frozen=True)
class Source:
    """One article file, read and decoded but not yet segmented."""

    path: Path
    """Where it was read from."""
    text: str
    """Decoded text with '\\n' line endings; for HTML the extracted main text."""
    kind: Literal["text", "markdown", "html"]
    """What the file holds, from its suffix (sniffed for other suffixes)."""
    front_matter: dict[str, str]
    """Front matter keys in lower case, values as text (for HTML: the page metadata)."""
    front_matter_end: int
    """Offset in `text` where the body starts; `text[:front_matter_end]` is the block."""
    encoding: str
    """Codec that decodes the raw bytes: 'utf-8', 'utf-8-sig', 'utf-16', 'cp1252'..."""
    notices: tuple[str, ...]
    """Things worth telling the user: 'decoded as cp1252', 'HTML: main text extracted'."""


def discover(paths: Sequence[Path]) -> Discovered:
    """Find the article files among the paths given on the command line.

    A folder gives its article files, not recursively: hidden files (the sidecar
    `.reader-notes.json` among them) are ignored silently, other entries and broken or
    looping symbolic links are skipped with a notice. A file gives itself, whatever its
    suffix. Symbolic links are followed; a file reached twice is kept once.

    Args:
        paths: Files and folders, as given.

    Returns:
        The files found and the notices about entries skipped.

    Raises:
        LoadError: A path is missing or cannot be read, or no article file was found.
    """
    if not paths:
        raise LoadError("no files or folders given")
    files: list[Path] = []
    skipped: list[str] = []
    seen: dict[tuple[int, int], Path] = {}
    for given in map(Path, paths):
        info = stat_given(given)
        found = _scan_folder(given, skipped) if stat.S_ISDIR(info.st_mode) else [(given, info)]
        for path, file_info in found:
            identity = (file_info.st_dev, file_info.st_ino)
            if identity in seen:
                first = _shown(seen[identity].name)
                skipped.append(f"{_shown(path.name)}: skipped (same file as {first})")
                continue
            seen[identity] = path
            files.append(path)
    if not files:
        where = ", ".join(_shown(path) for path in paths)
        raise LoadError(f"{where}: no article files (.txt, .md, .html)")
    return Discovered(tuple(files), tuple(skipped))


def read_source(path: Path, *, max_bytes: int = DEFAULT_MAX_BYTES) -> Source:
    """Read one article file: decode it, then split off front matter or extract HTML.

    Args:
        path: The file.
        max_bytes: Largest size accepted.

    Returns:
        The decoded article.

    Raises:
        LoadError: The file is missing, unreadable, too large, empty or binary.
    """
    path = Path(path)
    name = _shown(path.name or path)
    text, encoding = decode_bytes(_read_bytes(path, name, max_bytes), name=name)
    notices = [] if encoding in _EXACT else [f"decoded as {encoding}"]
    kind = _KINDS.get(path.suffix.lower()) or _sniff(text)
    if kind == "html":
        text, metadata = extract_html(text)
        if not text:
            raise LoadError(f"{name}: no article text found in the HTML")
        notices.append("HTML: main text extracted")
        return Source(path, text, kind, metadata, 0, encoding, tuple(notices))
    front_matter, end, notice = parse_front_matter(text)
    notices.extend(filter(None, [notice]))
    return Source(path, text, kind, front_matter, end, encoding, tuple(notices))


def decode_bytes(data: bytes, *, name: str) -> tuple[str, str]:
    """Turn a file's bytes into text with '\\n' line endings.

    Byte-order marks decide first; then UTF-16 without a mark (NUL-byte pattern), strict
    UTF-8, and last single-byte legacy code pages. Only line endings change: every other
    character is kept, so offsets index exactly the returned text.

    Args:
        data: The raw bytes.
        name: The file name, for messages.

    Returns:
        The text and the codec that decodes `data` ('utf-8', 'utf-16', 'cp1252'...).

    Raises:
        LoadError: The data is empty, binary, or in an encoding that is not guessed.
    """
    if not data.strip():
        raise LoadError(f"{name}: empty file")
    if data.startswith(_MAGIC):
        raise _binary(name)
    text, encoding = _decode(data, name)
    if not text.strip():
        raise LoadError(f"{name}: empty file")
    # NUL never occurs in text: whatever decoded to it is binary, not something to clean.
    if "\x00" in text or _control_share(text) > _CONTROL_LIMIT:
        raise _binary(name)
    # Python's universal newlines: CRLF and lone CR become LF, nothing else changes.
    return text.replace("\r\n", "\n").replace("\r", "\n"), encoding


def parse_front_matter(text: str) -> tuple[dict[str, str], int, str | None]:
    """Split YAML front matter ('---' line, YAML, '---' or '...' line) off a text.

    Args:
        text: Decoded text with '\\n' line endings.

    Returns:
        The keys (lower case) and values (text; dates as YYYY-MM-DD); the offset where
        the body starts (0 without front matter); a notice when a closed block is not a
        YAML mapping, in which case the file counts as having no front matter.
    """
    opening = _FENCE_OPEN.match(text)
    closing = _FENCE_CLOSE.search(text, opening.end()) if opening else None
    if opening is None or closing is None:
        return {}, 0, None  # a lone leading '---' is a Markdown rule, not a block
    end = closing.end() + 1 if text.startswith("\n", closing.end()) else closing.end()
    block = text[opening.end() : closing.start()]
    try:
        data = yaml.load(block, Loader=_FrontMatterLoader)
    except (yaml.YAMLError, RecursionError):  # PyYAML recurses once per level of '[[[['
        return {}, 0, _BAD_FRONT_MATTER
    if data is None:
        return {}, end, None  # an empty block is still front matter
    if not isinstance(data, dict):
        return {}, 0, _BAD_FRONT_MATTER
    pairs = ((_yaml_text(key), _yaml_text(value)) for key, value in data.items())
    return {key.lower(): value for key, value in pairs if key and value}, end, None


class _FrontMatterLoader(yaml.SafeLoader):
    """`yaml.safe_load`'s loader, except that scalars keep the text as written.

    YAML 1.1 would make 'title: No' False and 'version: 1.10' 1.1, and an impossible
    date ('2024-02-30') would fail the whole block. Values are text, so only real dates
    are converted (to dates, written YYYY-MM-DD).
    """


def _as_written(loader: yaml.SafeLoader, node: yaml.ScalarNode) -> str:
    """A scalar's text exactly as written."""
    return loader.construct_scalar(node)


def _timestamp(loader: yaml.SafeLoader, node: yaml.ScalarNode) -> date | str:
    """A YAML timestamp as a date; an impossible one stays text."""
    try:
        value = loader.construct_yaml_timestamp(node)
    except ValueError:
        return _as_written(loader, node)
    return value.date() if isinstance(value, datetime) else value


for _tag in ("bool", "int", "float"):
    _FrontMatterLoader.add_constructor(f"tag:yaml.org,2002:{_tag}", _as_written)
_FrontMatterLoader.add_constructor("tag:yaml.org,2002:timestamp", _timestamp)


def _yaml_text(value: object) -> str | None:
    """A front matter key or value as one line of text, or None when it has none."""
    if isinstance(value, datetime):
        value = value.date()
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, (str, int, float)):
        return " ".join(str(value).split()) or None  # block scalars ('|') span lines
    if isinstance(value, list):
        # 'authors: [A, B]' -> 'A, B'; nested lists and mappings have no one-line form.
        parts = [_yaml_text(item) for item in value if not isinstance(item, (list, dict))]
        return ", ".join(part for part in parts if part) or None
    return None  # mappings, binary, sets


def _shown(path: Path | str) -> str:
    """A path fit for a one-line message: control characters, line separators and
    undecodable bytes (surrogate escapes) are written as \\xNN."""
    return _NAME_UNSAFE.sub(lambda m: f"\\x{ord(m.group()) & 0xFF:02x}", str(path))


def _reason(error: OSError) -> str:
    """The system's one-line reason for an OSError, in lower case."""
    return (error.strerror or type(error).__name__).lower()


def _binary(name: str) -> LoadError:
    """The error for binary data."""
    return LoadError(f"{name}: not a text file (binary data)")


def _natural_key(name: str) -> tuple[list[str | int], str]:
    """Sort key putting 'part2' before 'part10', ignoring case; ties broken by the name."""
    parts = _DIGITS.split(name.casefold())  # text at even positions, digits at odd ones
    return [int(part) if i % 2 else part for i, part in enumerate(parts)], name


def stat_given(path: Path) -> os.stat_result:
    """Stat a path the user gave, following symbolic links.

    Args:
        path: A file or folder named on the command line.

    Returns:
        Its status.

    Raises:
        LoadError: It is missing, a broken or looping link, too long a path, or not
            reachable; the message is one line with the path made printable.
    """
    try:
        return path.stat()
    except FileNotFoundError:
        what = "broken symbolic link" if path.is_symlink() else "no such file or folder"
        raise LoadError(f"{_shown(path)}: {what}") from None
    except (OSError, ValueError) as error:  # a link loop, permissions, a NUL in the path
        reason = _reason(error) if isinstance(error, OSError) else "not a valid path"
        raise LoadError(f"{_shown(path)}: cannot open ({reason})") from error


def _scan_folder(folder: Path, skipped: list[str]) -> list[tuple[Path, os.stat_result]]:
    """The article files directly in a folder, sorted by name; notices go to `skipped`."""
    try:
        with os.scandir(folder) as entries:
            names = [entry.name for entry in entries]
    except OSError as error:
        raise LoadError(f"{_shown(folder)}: cannot read folder ({_reason(error)})") from error
    found: list[tuple[Path, os.stat_result]] = []
    for name in sorted(names, key=_natural_key):
        if name.startswith("."):
            continue  # hidden files, the .reader-notes.json sidecar among them
        path, shown, suffix = folder / name, _shown(name), Path(name).suffix.lower()
        try:
            info = path.stat()
        except FileNotFoundError:
            skipped.append(f"{shown}: skipped (broken symbolic link)")
            continue
        except OSError as error:  # a symbolic link loop, a permission problem
            skipped.append(f"{shown}: skipped ({_reason(error)})")
            continue
        if stat.S_ISDIR(info.st_mode):
            skipped.append(f"{shown}: skipped (a folder; folders are not searched)")
        elif suffix not in ARTICLE_SUFFIXES:
            what = _shown(suffix) or "no extension"
            skipped.append(f"{shown}: skipped (not an article file: {what})")
        elif not stat.S_ISREG(info.st_mode):
            skipped.append(f"{shown}: skipped (not a regular file)")
        else:
            found.append((path, info))
    return found


def _size(n: int) -> str:
    """A size for people: '5.0 MB', '12.5 KB', '300 bytes'."""
    for unit, scale in (("MB", 1 << 20), ("KB", 1 << 10)):
        if n >= scale:
            return f"{n / scale:.1f} {unit}"
    return f"{n} bytes"


def _too_large(name: str, size: int | None, limit: int) -> LoadError:
    """The error for a file over the size limit (size None: it grew while being read)."""
    shown_size, shown_limit = _size(size or 0), _size(limit)
    if size is not None and shown_size == shown_limit:  # not '4.0 MB is over 4.0 MB'
        shown_size, shown_limit = f"{size:,} bytes", f"{limit:,} bytes"
    over = "over" if size is None else f"{shown_size} is over"
    return LoadError(
        f"{name}: {over} the {shown_limit} limit for one article (raise it with --max-size)"
    )


def _check_regular(mode: int, name: str) -> None:
    """Reject folders, FIFOs, devices and sockets before anything waits on them."""
    if stat.S_ISDIR(mode):
        raise LoadError(f"{name}: is a folder, not a file")
    if not stat.S_ISREG(mode):
        kinds = ((stat.S_ISFIFO, "a FIFO"), (stat.S_ISSOCK, "a socket"))
        what = next((label for test, label in kinds if test(mode)), "a device")
        raise LoadError(f"{name}: not a regular file ({what})")


def _read_bytes(path: Path, name: str, max_bytes: int) -> bytes:
    """Read a regular file of at most `max_bytes`, never reading more than one byte over."""
    try:
        info = os.stat(path)
    except FileNotFoundError:
        raise LoadError(f"{_shown(path)}: no such file") from None
    except OSError as error:
        raise LoadError(f"{name}: cannot read ({_reason(error)})") from error
    _check_regular(info.st_mode, name)
    if info.st_size > max_bytes:
        raise _too_large(name, info.st_size, max_bytes)
    # O_NONBLOCK: had the path become a FIFO since stat(), opening it must not wait for a
    # writer; fstat() then rejects it. It changes nothing for regular files.
    flags = os.O_RDONLY | getattr(os, "O_BINARY", 0) | getattr(os, "O_NONBLOCK", 0)
    chunks: list[bytes] = []
    try:
        descriptor = os.open(path, flags)
        try:
            _check_regular(os.fstat(descriptor).st_mode, name)
            remaining = max_bytes + 1
            while remaining > 0 and (chunk := os.read(descriptor, min(remaining, 1 << 20))):
                chunks.append(chunk)
                remaining -= len(chunk)
        finally:
            os.close(descriptor)
    except OSError as error:
        raise LoadError(f"{name}: cannot read ({_reason(error)})") from error
    data = b"".join(chunks)
    if len(data) > max_bytes:
        raise _too_large(name, None, max_bytes)
    return data


def _sniff(text: str) -> Literal["text", "html"]:
    """Kind of a file whose suffix says nothing: HTML when it opens like a page."""
    head = text.lstrip("\ufeff \t\n").lower()
    return "html" if head.startswith(("<!doctype html", "<html")) else "text"


def _control_share(text: str) -> float:
    """Share of characters that are control characters text does not contain."""
    return len(_CONTROL_CHARS.findall(text)) / len(text) if text else 0.0


def _decode(data: bytes, name: str) -> tuple[str, str]:
    """Decode non-empty bytes; see `decode_bytes` for the order of attempts."""
    for bom, codec in _BOMS:
        if data.startswith(bom):
            try:
                return data.decode(codec), codec
            except UnicodeDecodeError:
                label = codec.removesuffix("-sig").upper()
                raise LoadError(f"{name}: not valid {label} after its byte-order mark") from None
    if b"\x00" in data:
        codec = _utf16_without_bom(data)
        if codec is None:
            raise _binary(name)
        try:
            return data.decode(codec), codec
        except UnicodeDecodeError:
            raise _binary(name) from None
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        pass  # not UTF-8: a legacy code page, or binary
    if len(_CONTROL_BYTES.findall(data)) > _CONTROL_LIMIT * len(data):
        raise _binary(name)
    return _decode_legacy(data, name)


def _utf16_without_bom(data: bytes) -> str | None:
    """'utf-16-le' or 'utf-16-be' when the NUL bytes fall as in ASCII-heavy UTF-16."""
    sample = data[:8192]
    if len(data) % 2:
        return None
    pairs = len(sample) // 2
    even_zero, odd_zero = sample[0::2].count(0) / pairs, sample[1::2].count(0) / pairs
    # ASCII in UTF-16-LE is 'x\0': the odd bytes are zero. Non-Latin text has fewer
    # zeros, hence 'most'; zeros on both sides (UTF-32, binary) rule UTF-16 out.
    if odd_zero >= 0.5 and even_zero <= 0.1:
        return "utf-16-le"
    if even_zero >= 0.5 and odd_zero <= 0.1:
        return "utf-16-be"
    return None


@functools.lru_cache(maxsize=64)
def _is_single_byte(encoding: str) -> bool:
    """True for code pages mapping each byte to one character (cp1252, koi8-r...)."""
    try:
        canonical = codecs.lookup(encoding).name
    except LookupError:
        return False
    # Multi-byte codecs (shift_jis, gb18030, big5...) pair up some of these 256 bytes.
    every_byte = bytes(range(256)).decode(canonical, errors="replace")
    return not canonical.startswith("utf") and len(every_byte) == 256


def _looks_western(text: str) -> bool:
    """True when text read as cp1252 looks like a Western European language.

    Cyrillic or Greek read so is nearly all accented letters ('Ïðåçèäåíò'); Central
    European text shows symbols glued inside words ('Za¿ó³æ' for 'Zażółć').
    """
    letters = sum(1 for c in text if c.isalpha())
    foreign = sum(1 for c in text if c.isalpha() and not c.isascii())
    glued = sum(
        1
        for before, c, after in zip(text, text[1:], text[2:])
        if not c.isascii() and not c.isalpha() and c not in "’‘´·"
        and before.isalpha() and after.isalpha()
    )  # fmt: skip
    return 3 * foreign <= letters and 200 * glued <= letters


def _decode_legacy(data: bytes, name: str) -> tuple[str, str]:
    """Decode bytes that are not UTF-8 as a single-byte code page, or fail.

    cp1252 wins when it fits and the text looks Western: it is by far the commonest
    legacy encoding; charset-normalizer often ranks it level with cp1250 and then picks
    cp1250 ('grève' reads 'grčve'), and on short texts it guesses wildly (cp775 for
    '“hello”'). Otherwise charset-normalizer's best guess is taken when it is a
    single-byte code page; multi-byte legacy encodings are not guessed.
    """
    try:
        cp1252: str | None = data.decode("cp1252")
    except UnicodeDecodeError:  # 0x81, 0x8d, 0x8f, 0x90, 0x9d are unassigned in cp1252
        cp1252 = None
    western = cp1252 is not None and _looks_western(cp1252)
    if cp1252 is not None and western and len(data.translate(None, _ASCII)) < _FEW_NON_ASCII:
        return cp1252, "cp1252"
    matches = from_bytes(data)
    best = matches.best()
    if best is None:
        # No guess at all: a Western-looking cp1252 (or latin-1) reading, else binary.
        for text, codec in ((cp1252, "cp1252"), (data.decode("latin-1"), "latin-1")):
            if text and _looks_western(text) and _control_share(text) <= _CONTROL_LIMIT:
                return text, codec
        raise _binary(name)
    level = [m for m in matches if (m.chaos, m.coherence) == (best.chaos, best.coherence)]
    if cp1252 is not None and (
        best.encoding in ("cp1252", "latin_1", "iso8859_1")
        or any("cp1252" in match.could_be_from_charset for match in level)
    ):
        return cp1252, "cp1252"
    single_byte = _is_single_byte(best.encoding)
    if single_byte:
        text = data.decode(best.encoding, errors="replace")  # it decoded for charset-normalizer
        if "\ufffd" not in text and _control_share(text) <= _CONTROL_LIMIT:
            return text, best.encoding.replace("_", "-")
    if cp1252 is not None and western:  # the guess is multi-byte or not text: keep cp1252
        return cp1252, "cp1252"
    if single_byte:
        raise _binary(name)
    raise LoadError(
        f"{name}: not UTF-8; it looks like {best.encoding}, which is not guessed (save it as UTF-8)"
    )
