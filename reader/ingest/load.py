"""Loading article files: finding them and reading each into a `Source`.

This module owns everything between a path on disk and a `Source`: which files of a
folder are articles, checking and reading the bytes (size limit, regular files only), and
handing them on: `reader.ingest.decode` turns bytes into text, `reader.ingest.frontmatter`
splits off YAML front matter, `reader.ingest.html` extracts an HTML page's main text. The
last two are imported only for files that need them, so the interface starts without
PyYAML or trafilatura. Every failure is a `LoadError` whose message is one line naming the
file.
"""

from __future__ import annotations

import os
import re
import stat
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

from reader.core.errors import LoadError
from reader.ingest.decode import decode_bytes

ARTICLE_SUFFIXES = (".txt", ".md", ".markdown", ".html", ".htm")
"""File name endings (compared in lower case) that mark an article in a folder."""

DEFAULT_MAX_BYTES = 4 * 1024 * 1024
"""Largest article read unless the user raises it with --max-size."""

_KINDS: dict[str, Literal["text", "markdown", "html"]] = {
    ".txt": "text", ".md": "markdown", ".markdown": "markdown", ".html": "html", ".htm": "html",
}  # fmt: skip
_EXACT = frozenset({"utf-8", "utf-8-sig", "utf-16", "utf-32"})
"""Encodings known for sure (no notice); any other was guessed and is reported."""

_EXPORT = re.compile(r"reader-(?:story-\d+|pair-.+|row)\.(?:html|md|json|txt)$")
"""What the reader's export writes to the current folder (`reader.ui.screens.exporting`):
when that folder is the article folder, the next read must not take them for articles."""
_NAME_UNSAFE = re.compile("[\x00-\x1f\x7f-\x9f\u2028\u2029\ud800-\udfff]")
_DIGITS = re.compile("([0-9]+)")


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
        found = (
            _scan_folder(given, info.st_dev, skipped)
            if stat.S_ISDIR(info.st_mode)
            else [(given, (info.st_dev, info.st_ino))]
        )
        for path, identity in found:
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


def read_source(
    path: Path, *, max_bytes: int = DEFAULT_MAX_BYTES, data: bytes | None = None
) -> Source:
    """Read one article file: decode it, then split off front matter or extract HTML.

    Args:
        path: The file.
        max_bytes: Largest size accepted.
        data: The file's bytes, already read (`read_bytes`; the index reads a file once
            to know whether it changed, and its workers may not see the file system).

    Returns:
        The decoded article.

    Raises:
        LoadError: The file is missing, unreadable, too large, empty or binary, or an
            HTML page in which no article text is found.
    """
    path = Path(path)
    name = _shown(path.name or path)
    if data is None:
        data = _read_bytes(path, name, max_bytes)
    elif len(data) > max_bytes:
        raise _too_large(name, len(data), max_bytes)
    text, encoding = decode_bytes(data, name=name)
    notices = [] if encoding in _EXACT else [f"decoded as {encoding}"]
    kind = _KINDS.get(path.suffix.lower()) or _sniff(text)
    if kind == "html":
        # trafilatura (about 0.1 s to import): only for HTML
        from reader.ingest.html import PageError, extract_html

        try:
            page = extract_html(text)
        except PageError as error:
            raise LoadError(f"{name}: {error}") from None
        if not page.text:
            raise LoadError(f"{name}: no article text found in the HTML")
        notices.append("HTML: main text extracted")
        notices.extend(page.notices)
        return Source(path, page.text, kind, page.metadata, 0, encoding, tuple(notices))
    if not text.startswith("---"):
        return Source(path, text, kind, {}, 0, encoding, tuple(notices))
    from reader.ingest.frontmatter import parse_front_matter  # PyYAML: only for front matter

    front_matter, end, notice = parse_front_matter(text)
    notices.extend(filter(None, [notice]))
    return Source(path, text, kind, front_matter, end, encoding, tuple(notices))


def _shown(path: Path | str) -> str:
    """A path fit for a one-line message: control characters, line separators and
    undecodable bytes (surrogate escapes) are written as \\xNN."""
    return _NAME_UNSAFE.sub(lambda m: f"\\x{ord(m.group()) & 0xFF:02x}", str(path))


def _reason(error: OSError) -> str:
    """The system's one-line reason for an OSError, in lower case."""
    return (error.strerror or type(error).__name__).lower()


def natural_key(name: str) -> tuple[list[str | int], str]:
    """Sort key putting 'part2' before 'part10', ignoring case; ties broken by the name."""
    parts: list[str | int] = list(_DIGITS.split(name.casefold()))  # digits at odd positions
    parts[1::2] = map(int, parts[1::2])
    return parts, name


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


def _scan_folder(
    folder: Path, device: int, skipped: list[str]
) -> list[tuple[Path, tuple[int, int]]]:
    """The article files directly in a folder, sorted by name, each with its identity
    (device, inode); notices go to `skipped`.

    A regular file's type and inode come with the folder's listing (no `stat` of each of
    thousands of files); a symbolic link is followed."""
    try:
        with os.scandir(folder) as listing:
            entries = list(listing)
    except OSError as error:
        raise LoadError(f"{_shown(folder)}: cannot read folder ({_reason(error)})") from error
    entries.sort(key=lambda entry: natural_key(entry.name))
    # `folder / name` parses the name as a path; pathlib's own listing (`iterdir`) makes
    # its children without that, a third of this loop for thousands of files.
    child = getattr(folder, "_make_child_relpath", folder.joinpath)
    found: list[tuple[Path, tuple[int, int]]] = []
    for entry in entries:
        name = entry.name
        if name.startswith("."):
            continue  # hidden files, the .reader-notes.json sidecar among them
        if _EXPORT.match(name):
            skipped.append(f"{_shown(name)}: skipped (written by reader's export, not an article)")
            continue
        dot = name.rfind(".")  # `Path(name).suffix`, without making a Path of each name
        suffix = name[dot:].lower() if 0 < dot < len(name) - 1 else ""
        try:
            if entry.is_symlink():
                info = os.stat(entry.path)
                mode, identity = info.st_mode, (info.st_dev, info.st_ino)
            elif entry.is_file(follow_symlinks=False):
                mode, identity = stat.S_IFREG, (device, entry.inode())
            else:
                mode, identity = entry.stat(follow_symlinks=False).st_mode, (0, 0)
        except FileNotFoundError:
            skipped.append(f"{_shown(name)}: skipped (broken symbolic link)")
            continue
        except OSError as error:  # a symbolic link loop, a permission problem
            skipped.append(f"{_shown(name)}: skipped ({_reason(error)})")
            continue
        if stat.S_ISDIR(mode):
            skipped.append(f"{_shown(name)}: skipped (a folder; folders are not searched)")
        elif suffix not in ARTICLE_SUFFIXES:
            what = _shown(suffix) or "no extension"
            skipped.append(f"{_shown(name)}: skipped (not an article file: {what})")
        elif not stat.S_ISREG(mode):
            skipped.append(f"{_shown(name)}: skipped (not a regular file)")
        else:
            found.append((child(name), identity))
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


def read_bytes(path: Path, *, max_bytes: int = DEFAULT_MAX_BYTES) -> bytes:
    """The bytes of an article file, with `read_source`'s checks (a regular file, not
    over `max_bytes`).

    Raises:
        LoadError: The file is missing, unreadable or too large.
    """
    path = Path(path)
    return _read_bytes(path, _shown(path.name or path), max_bytes)


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
