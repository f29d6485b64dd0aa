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

__all__ = ["ARTICLE_SUFFIXES", "DEFAULT_MAX_BYTES", "Discovered", "Source", "decode_bytes",
           "discover", "parse_front_matter", "read_source"]  # fmt: skip

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
_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32"), (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"), (codecs.BOM_UTF16_BE, "utf-16"),
)  # fmt: skip
_EXACT = frozenset({"utf-8", "utf-8-sig", "utf-16", "utf-32"})
"""Encodings known for sure (no notice); any other was guessed and is reported."""

# Control characters that do not occur in text. Tab, line feed, vertical tab, form feed,
# carriage return and ESC (terminal colours in saved logs) are tolerated; what is left
# is stripped for display later, but a high share of it means binary data.
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

    A folder gives its article files (not recursive; hidden files, the sidecar
    `.reader-notes.json` among them, are ignored silently; other entries are skipped
    with a notice). A file gives itself, whatever its suffix. Symbolic links are
    followed; in a folder a broken or looping one is skipped with a notice. The same
    file reached twice is kept once.

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
        info = _stat_given(given)
        found = _scan_folder(given, skipped) if stat.S_ISDIR(info.st_mode) else [(given, info)]
        for path, file_info in found:
            identity = (file_info.st_dev, file_info.st_ino)
            if identity in seen:
                skipped.append(f"{_shown(path.name)}: skipped (same file as {_shown(seen[identity].name)})")
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
    notices: list[str] = [] if encoding in _EXACT else [f"decoded as {encoding}"]
    kind = _KINDS.get(path.suffix.lower()) or _sniff(text)
    if kind == "html":
        text, metadata = extract_html(text)
        if not text:
            raise LoadError(f"{name}: no article text found in the HTML")
        notices.append("HTML: main text extracted")
        return Source(path, text, kind, metadata, 0, encoding, tuple(notices))
    front_matter, end, notice = parse_front_matter(text)
    if notice:
        notices.append(notice)
    return Source(path, text, kind, front_matter, end, encoding, tuple(notices))


def decode_bytes(data: bytes, *, name: str) -> tuple[str, str]:
    """Turn a file's bytes into text with '\\n' line endings.

    Byte-order marks decide first; then UTF-16 without a mark (NUL-byte pattern), strict
    UTF-8, and finally single-byte legacy code pages. Only line endings change: every
    other character is kept, so offsets index exactly the returned text.

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
    if "\x00" in text or _control_share(text) > _CONTROL_LIMIT:
        raise _binary(name)
    # Python's universal newlines: CRLF and lone CR become LF, nothing else changes.
    return text.replace("\r\n", "\n").replace("\r", "\n"), encoding


def parse_front_matter(text: str) -> tuple[dict[str, str], int, str | None]:
    """Split YAML front matter ('---' line, YAML, '---' or '...' line) off a text.

    Args:
        text: Decoded text with '\\n' line endings.

    Returns:
        The keys (lower case) and values (text; dates as YYYY-MM-DD), the offset where
        the body starts (0 without front matter), and a notice when a block was found
        but is not a YAML mapping.
    """
    opening = _FENCE_OPEN.match(text)
    closing = _FENCE_CLOSE.search(text, opening.end()) if opening else None
    if opening is None or closing is None:
        return {}, 0, None  # no block: a leading '---' alone is a Markdown rule
    block = text[opening.end() : closing.start()]
    end = closing.end() + 1 if text.startswith("\n", closing.end()) else closing.end()
    try:
        data = yaml.load(block, Loader=_FrontMatterLoader)  # noqa: S506 - a SafeLoader
    except (yaml.YAMLError, RecursionError):
        # RecursionError: PyYAML recurses once per nesting level ('[[[[...').
        return {}, 0, _BAD_FRONT_MATTER
    if data is None:
        return {}, end, None  # an empty block is still front matter
    if not isinstance(data, dict):
        return {}, 0, _BAD_FRONT_MATTER
    front_matter: dict[str, str] = {}
    for key, value in data.items():
        text_value = _yaml_text(value)
        if key is not None and text_value:
            front_matter[str(_yaml_text(key) or key).strip().lower()] = text_value
    return front_matter, end, None


class _FrontMatterLoader(yaml.SafeLoader):
    """`yaml.safe_load`'s loader, except that scalars keep the text as written.

    YAML 1.1 would turn 'title: No' into False and 'version: 1.10' into 1.1, and an
    impossible date ('2024-02-30') would fail the whole block; front matter values
    are text, so only real dates are converted (to a date, shown as YYYY-MM-DD).
    """


def _as_written(loader: yaml.SafeLoader, node: yaml.Node) -> str:
    """A scalar's text exactly as written."""
    return loader.construct_scalar(node)  # type: ignore[arg-type]


def _timestamp(loader: yaml.SafeLoader, node: yaml.Node) -> date | str:
    """A YAML timestamp as a date; an impossible one stays text."""
    try:
        value = yaml.SafeLoader.construct_yaml_timestamp(loader, node)  # type: ignore[arg-type]
    except ValueError:
        return _as_written(loader, node)
    return value.date() if isinstance(value, datetime) else value


for _tag in ("bool", "int", "float"):
    _FrontMatterLoader.add_constructor(f"tag:yaml.org,2002:{_tag}", _as_written)
_FrontMatterLoader.add_constructor("tag:yaml.org,2002:timestamp", _timestamp)


def _yaml_text(value: object) -> str | None:
    """A front matter value as one line of text, or None when it has none."""
    if isinstance(value, (date, datetime)):
        return (value.date() if isinstance(value, datetime) else value).isoformat()
    if isinstance(value, (str, int, float)):
        return str(value).strip() or None
    if isinstance(value, list):
        # 'authors: [A, B]' -> 'A, B'; nested lists and mappings have no one-line form.
        parts = [_yaml_text(item) for item in value if not isinstance(item, (list, dict))]
        return ", ".join(part for part in parts if part) or None
    return None  # mappings, binary, sets


def _shown(path: Path | str) -> str:
    """A path made safe for a one-line message: control characters and undecodable
    bytes (surrogate escapes) are written as \\xNN."""
    return _NAME_UNSAFE.sub(lambda m: f"\\x{ord(m.group()) & 0xFF:02x}", str(path))


def _reason(error: OSError) -> str:
    """The system's one-line reason for an OSError, in lower case."""
    return (error.strerror or type(error).__name__).lower()


def _natural_key(name: str) -> tuple[list[str | int], str]:
    """Sort key putting 'part2' before 'part10', ignoring case; ties broken by the name."""
    parts: list[str | int] = [int(p) if i % 2 else p for i, p in enumerate(_DIGITS.split(name.casefold()))]
    return parts, name


def _stat_given(path: Path) -> os.stat_result:
    """Stat a path the user gave, following symbolic links."""
    try:
        return path.stat()
    except FileNotFoundError:
        if path.is_symlink():
            raise LoadError(f"{_shown(path)}: broken symbolic link (its target does not exist)") from None
        raise LoadError(f"{_shown(path)}: no such file or folder") from None
    except OSError as error:
        raise LoadError(f"{_shown(path)}: cannot open ({_reason(error)})") from error


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
        path = folder / name
        shown = _shown(name)
        try:
            info = path.stat()
        except FileNotFoundError:
            skipped.append(f"{shown}: skipped (broken symbolic link)")
            continue
        except OSError as error:  # a symbolic link loop, a permission problem
            skipped.append(f"{shown}: skipped ({_reason(error)})")
            continue
        suffix = path.suffix.lower()
        if stat.S_ISDIR(info.st_mode):
            skipped.append(f"{shown}: skipped (folder; folders are not searched)")
        elif suffix not in ARTICLE_SUFFIXES:
            skipped.append(f"{shown}: skipped (not an article file: {_shown(suffix) or 'no extension'})")
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
    if size is not None and shown_size == shown_limit:  # not '4.0 MB is over the 4.0 MB limit': be exact
        shown_size, shown_limit = f"{size:,} bytes", f"{limit:,} bytes"
    over = f"{shown_size} is over" if size is not None else "over"
    return LoadError(f"{name}: {over} the {shown_limit} limit for one article (raise it with --max-size)")


def _read_bytes(path: Path, name: str, max_bytes: int) -> bytes:
    """Read at most `max_bytes` + 1 bytes of a regular file."""
    try:
        info = os.stat(path)
    except FileNotFoundError:
        raise LoadError(f"{_shown(path)}: no such file") from None
    except OSError as error:
        raise LoadError(f"{name}: cannot read ({_reason(error)})") from error
    _check_regular(info.st_mode, name)
    if info.st_size > max_bytes:
        raise _too_large(name, info.st_size, max_bytes)
    # O_NONBLOCK: should the path have become a FIFO since stat(), opening it must not
    # wait for a writer; fstat() below then rejects it. Harmless for regular files.
    flags = os.O_RDONLY | getattr(os, "O_BINARY", 0) | getattr(os, "O_NONBLOCK", 0)
    chunks: list[bytes] = []
    try:
        descriptor = os.open(path, flags)
    except OSError as error:
        raise LoadError(f"{name}: cannot read ({_reason(error)})") from error
    try:
        _check_regular(os.fstat(descriptor).st_mode, name)
        remaining = max_bytes + 1
        while remaining > 0:
            chunk = os.read(descriptor, min(remaining, 1 << 20))
            if not chunk:
                break
            chunks.append(chunk)
            remaining -= len(chunk)
    except OSError as error:
        raise LoadError(f"{name}: cannot read ({_reason(error)})") from error
    finally:
        os.close(descriptor)
    data = b"".join(chunks)
    if len(data) > max_bytes:
        raise _too_large(name, None, max_bytes)
    return data


def _check_regular(mode: int, name: str) -> None:
    """Reject folders, FIFOs, devices and sockets before anything waits on them."""
    if stat.S_ISDIR(mode):
        raise LoadError(f"{name}: is a folder, not a file")
    if not stat.S_ISREG(mode):
        what = "a FIFO" if stat.S_ISFIFO(mode) else "a socket" if stat.S_ISSOCK(mode) else "a device"
        raise LoadError(f"{name}: not a regular file ({what})")


def _sniff(text: str) -> Literal["text", "html"]:
    """Kind of a file whose suffix says nothing: HTML when it opens like a page."""
    head = text.lstrip("\ufeff \t\n").lower()
    return "html" if head.startswith(("<!doctype html", "<html")) else "text"


def _binary(name: str) -> LoadError:
    """The error for binary data."""
    return LoadError(f"{name}: not a text file (binary data)")


def _control_share(text: str) -> float:
    """Share of characters that are control characters not found in text."""
    return len(_CONTROL_CHARS.findall(text)) / len(text) if text else 0.0


def _decode(data: bytes, name: str) -> tuple[str, str]:
    """Decode non-empty bytes; see `decode_bytes` for the order of attempts."""
    for bom, codec in _BOMS:
        if data.startswith(bom):
            try:
                return data.decode(codec), codec
            except UnicodeDecodeError:
                raise LoadError(f"{name}: not valid {codec.upper()} despite its byte-order mark") from None
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
    if len(data) % 2:
        return None
    sample = data[:8192]
    pairs = len(sample) // 2
    even_zero = sample[0::2].count(0) / pairs
    odd_zero = sample[1::2].count(0) / pairs
    # ASCII in UTF-16-LE is 'x\0': the odd bytes are zero. Non-Latin text makes fewer
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
        if canonical.startswith("utf"):
            return False
        # Multi-byte codecs (shift_jis, gb18030, big5...) pair up some of these bytes.
        return len(bytes(range(256)).decode(canonical, errors="replace")) == 256
    except LookupError:
        return False


def _looks_western(text: str) -> bool:
    """True when text decoded as cp1252 looks like a Western European language.

    Cyrillic or Greek read as cp1252 is nearly all accented letters ('Ïðåçèäåíò');
    Central European text shows symbols glued inside words ('Za¿ó³æ' for 'Zażółć').
    """
    letters = sum(1 for c in text if c.isalpha())
    foreign = sum(1 for c in text if c.isalpha() and not c.isascii())
    glued = sum(
        1
        for i in range(1, len(text) - 1)
        if not text[i].isascii()
        and not text[i].isalpha()
        and text[i] not in "’‘´·"
        and text[i - 1].isalpha()
        and text[i + 1].isalpha()
    )
    return 3 * foreign <= letters and 200 * glued <= letters


def _decode_legacy(data: bytes, name: str) -> tuple[str, str]:
    """Decode bytes that are not UTF-8 as a single-byte code page, or fail.

    cp1252 wins when it fits and the text looks Western: it is by far the commonest
    legacy encoding, charset-normalizer often ranks it level with cp1250 (and then picks
    cp1250: 'grève' would read 'grčve'), and on a short text it guesses wildly (cp775 for
    '“hello”'). Otherwise charset-normalizer's best guess is used when it is a
    single-byte code page; multi-byte legacy encodings are not guessed.
    """
    try:
        cp1252: str | None = data.decode("cp1252")
    except UnicodeDecodeError:
        cp1252 = None
    western = cp1252 is not None and _looks_western(cp1252)
    if western and len(data.translate(None, _ASCII)) < _FEW_NON_ASCII:
        return cp1252, "cp1252"  # type: ignore[return-value]
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
        or any("cp1252" in m.could_be_from_charset for m in level)
    ):
        return cp1252, "cp1252"
    if _is_single_byte(best.encoding):
        text = data.decode(best.encoding, errors="replace")  # it decoded for charset-normalizer
        if "\ufffd" not in text and _control_share(text) <= _CONTROL_LIMIT:
            return text, best.encoding.replace("_", "-")
    if western:
        return cp1252, "cp1252"  # type: ignore[return-value]
    if not _is_single_byte(best.encoding):
        raise LoadError(
            f"{name}: not UTF-8; it looks like {best.encoding}, which is not guessed (save it as UTF-8)"
        )
    raise _binary(name)
