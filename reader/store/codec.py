"""The notes model and its JSON form: W3C Web Annotations in an `AnnotationCollection`.

This module owns the shape of the sidecar file (pure: bytes in, bytes out, no disk) and
the merge of two versions of it. `reader.store.annotations` does the file handling.

Format (reader_version 1), indent 2, UTF-8::

    {"@context": "http://www.w3.org/ns/anno.jsonld", "type": "AnnotationCollection",
     "generator": "reader", "reader_version": 1, "total": 1,
     "items": [{"id": "urn:uuid:...", "type": "Annotation",
                "created": "2024-05-01T09:30:00.000000Z", "modified": "...",
                "motivation": "commenting",
                "body": [{"type": "TextualBody", "value": "IBTimes dropped two zeros",
                          "format": "text/plain", "purpose": "commenting"},
                         {"type": "TextualBody", "value": "discrepancy", "purpose": "tagging"}],
                "target": [{"source": "000_ibtimes.txt", "selector": [
                    {"type": "TextQuoteSelector", "exact": "...", "prefix": "...", "suffix": "..."},
                    {"type": "TextPositionSelector", "start": 1510, "end": 1698}]}]}],
     "deleted": [{"id": "urn:uuid:...", "deleted": "2024-05-01T09:31:00.000000Z"}]}

`target` is always written as a list, one entry per passage (two for a note on a pair of
sentences). `source` is the article's file name inside the folder; offsets index the
decoded text (`load_article(path).text`); prefix and suffix hold up to 32 characters.
`deleted` holds the tombstones (see `merge`).

A file name that is not UTF-8 (POSIX allows any bytes; Python holds the undecodable ones
as lone surrogates, `os.fsdecode`) cannot be a JSON string that other tools accept. Its
target gets a readable `source` with U+FFFD in their place, for people and other tools,
and the exact bytes percent-encoded in `reader_source_bytes` (`caf%E9.txt`), from which
reading restores the name the article is loaded under. Any other lone surrogate (in a
field of another tool's) is written as a `\\udcXX` escape, so the file stays UTF-8 and
reads back unchanged. Reading accepts what the W3C model allows
for a body or target (one object or a list) and the first TextQuote/TextPosition
selector of a target. Fields this module does not know, at any level, are kept in `raw`
and written back unchanged; a field it knows but finds of the wrong type makes the file
unreadable rather than silently dropped.
"""

from __future__ import annotations

import copy
import json
import os
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime
from pathlib import Path
from types import MappingProxyType
from typing import TYPE_CHECKING, Any
from urllib.parse import quote_from_bytes, unquote_to_bytes

from reader.core.errors import AnnotationError

if TYPE_CHECKING:
    from reader.core.model import Article

FORMAT_VERSION = 1
"""The `reader_version` written; files with a higher one are refused, never rewritten."""
W3C_CONTEXT = "http://www.w3.org/ns/anno.jsonld"
"""The JSON-LD context of the Web Annotation data model."""
CONTEXT_CHARS = 32
"""Characters of text kept before (prefix) and after (suffix) a quote."""
TAGS = ("discrepancy", "verified", "needs-source")
"""The tags offered first; any other non-empty tag is allowed too."""

Raw = Mapping[str, Any]
_EMPTY: Raw = MappingProxyType({})
_QUOTE, _POSITION = "TextQuoteSelector", "TextPositionSelector"
_OLDEST = datetime.min.replace(tzinfo=UTC)
_SOURCE_BYTES = "reader_source_bytes"
_SURROGATE = re.compile("[\ud800-\udfff]")


class SidecarUnreadable(AnnotationError):
    """The sidecar exists but cannot be read; it is left untouched."""

    def __init__(self, path: Path, reason: str) -> None:
        super().__init__(f"{path}: cannot read the notes file ({reason}); it was left untouched")
        self.path = path
        """The sidecar file."""
        self.reason = reason
        """What is wrong with it, in a few words."""


class _Bad(Exception):
    """A shape error found while parsing; becomes `SidecarUnreadable`."""


@dataclass(frozen=True)
class Target:
    """A passage of one article: a quote with its context, and where it was."""

    source: str
    """The article's file name, relative to the folder."""
    exact: str
    """The quoted text, as it was."""
    prefix: str = ""
    """Up to 32 characters before the quote."""
    suffix: str = ""
    """Up to 32 characters after the quote."""
    start: int | None = None
    """Offset of the quote in the article text when saved (None: no position selector)."""
    end: int | None = None
    """Offset one past the quote's end."""
    raw: Raw = field(default_factory=lambda: _EMPTY, compare=False, repr=False)
    """The target as read, unknown fields and selectors included; empty for new targets."""

    @classmethod
    def from_text(cls, source: str, text: str, start: int, end: int) -> Target:
        """A target for text[start:end] of the article file `source`.

        Raises:
            ValueError: The offsets do not delimit a non-empty span of `text`.
        """
        if not 0 <= start < end <= len(text):
            raise ValueError(f"bad span {start}:{end} for a text of {len(text)} characters")
        prefix = text[max(0, start - CONTEXT_CHARS) : start]
        return cls(source, text[start:end], prefix, text[end : end + CONTEXT_CHARS], start, end)

    @classmethod
    def of(cls, article: Article, start: int, end: int) -> Target:
        """A target for article.text[start:end] (a sentence, a number, a word range)."""
        return cls.from_text(article.name, article.text, start, end)


@dataclass(frozen=True)
class Note:
    """One annotation: a note and tags about one or more passages."""

    id: str
    """`urn:uuid:...`, unique and stable."""
    text: str
    """The note, any number of lines; may be empty for a tags-only note."""
    tags: tuple[str, ...]
    """Tags in the order given, without duplicates."""
    targets: tuple[Target, ...]
    """The passages it is about: one, or one per article for a pair."""
    created: str
    """ISO 8601 UTC creation time."""
    modified: str
    """ISO 8601 UTC time of the last change; the newer wins a merge."""
    motivation: str = "commenting"
    """W3C motivation: "commenting", "tagging" for a note with tags only, or "linking"
    for a link the user made or removed between two sentences (`reader.store.links`)."""
    raw: Raw = field(default_factory=lambda: _EMPTY, compare=False, repr=False)
    """The annotation as read, unknown fields included; empty for new notes."""

    @property
    def sources(self) -> tuple[str, ...]:
        """The article files it touches."""
        return tuple(dict.fromkeys(t.source for t in self.targets))


@dataclass(frozen=True)
class Tombstone:
    """A deleted note's id, kept so merges do not bring the note back."""

    id: str
    """The deleted note's id."""
    at: str
    """ISO 8601 UTC deletion time; beats any version modified before it."""


@dataclass(frozen=True)
class Collection:
    """The whole sidecar: live notes, tombstones and unknown top-level fields."""

    notes: tuple[Note, ...] = ()
    """Live notes, oldest first."""
    deleted: tuple[Tombstone, ...] = ()
    """Tombstones of deleted notes."""
    raw: Raw = field(default_factory=lambda: _EMPTY, compare=False, repr=False)
    """The top-level object as read, unknown fields included."""

    def get(self, note_id: str) -> Note | None:
        """The live note with this id, if any."""
        return next((n for n in self.notes if n.id == note_id), None)

    def with_note(self, note: Note) -> Collection:
        """This collection with `note` added or replacing the note of the same id."""
        return merge(self, Collection((note,)), prefer=note)

    def without(self, tombstone: Tombstone) -> Collection:
        """This collection with a note deleted."""
        return merge(self, Collection((), (tombstone,)))


def instant(stamp: str) -> datetime:
    """Parse an ISO 8601 time; unparsable or missing times count as the oldest."""
    try:
        moment = datetime.fromisoformat(stamp)
    except ValueError:
        return _OLDEST
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)


def clean_tags(tags: Sequence[str]) -> tuple[str, ...]:
    """Tags stripped, empty ones dropped, duplicates removed, order kept."""
    return tuple(dict.fromkeys(t.strip() for t in tags if t.strip()))


def merge(base: Collection, other: Collection, *, prefer: Note | None = None) -> Collection:
    """Combine two versions of the sidecar.

    Notes are matched by id and the newer `modified` wins (on a tie, `base`'s version;
    `prefer` wins outright).
    Tombstones are united, the later time kept; a note modified before its id's
    tombstone is dropped. Unknown top-level fields come from `base`, then `other`.

    Args:
        base: Usually the file as just read.
        other: Usually what this instance holds.
        prefer: A note that wins over any version of its id (a change being applied).

    Returns:
        The merged collection, notes sorted by creation time, then id.
    """
    graves: dict[str, Tombstone] = {}
    for grave in (*base.deleted, *other.deleted):
        buried = graves.get(grave.id)
        if buried is None or instant(grave.at) > instant(buried.at):
            graves[grave.id] = grave
    notes: dict[str, Note] = {}
    for note in (*base.notes, *other.notes):
        old = notes.get(note.id)
        if old is None or (old is not prefer and (note is prefer or _newer(note, old))):
            notes[note.id] = note
    live = [
        n for n in notes.values()
        if n.id not in graves or instant(n.modified) > instant(graves[n.id].at)
    ]  # fmt: skip
    live.sort(key=lambda n: (instant(n.created), n.id))
    raw = MappingProxyType({**other.raw, **base.raw})
    return Collection(tuple(live), tuple(sorted(graves.values(), key=lambda g: g.id)), raw)


def _newer(note: Note, old: Note) -> bool:
    """Whether `note` beats `old`, an earlier-seen version of the same id.

    On a tie the earlier seen wins: `base`, i.e. the file, so a note edited by hand
    without touching `modified` is not undone by a window holding the old version.
    """
    return instant(note.modified) > instant(old.modified)


# --- reading ----------------------------------------------------------------------------


def parse(data: bytes, path: Path) -> Collection:
    """Read a sidecar's bytes.

    Args:
        data: The file's content.
        path: The file, for messages.

    Returns:
        The collection.

    Raises:
        SidecarUnreadable: Not UTF-8 JSON, not the expected shape, or a newer format.
    """
    try:
        doc = json.loads(data.decode("utf-8"))
        return _parse_doc(doc)
    except UnicodeDecodeError:
        reason = "not UTF-8 text"
    except json.JSONDecodeError as error:
        reason = f"not valid JSON: {error.msg}, line {error.lineno}"
        reason = reason if data.strip() else "empty file"
    except _Bad as error:
        reason = str(error)
    except RecursionError:
        reason = "nested too deeply"
    raise SidecarUnreadable(path, reason)


def _parse_doc(doc: Any) -> Collection:
    if not isinstance(doc, dict) or doc.get("type") != "AnnotationCollection":
        raise _Bad("not an AnnotationCollection")
    version = doc.get("reader_version")
    if type(version) is not int or version < 1:
        raise _Bad("no valid reader_version: not a reader notes file")
    if version > FORMAT_VERSION:
        raise _Bad(f"format version {version} is newer than this reader's {FORMAT_VERSION}")
    items = _list(doc, "items", "the collection", many_ok=False)
    notes = tuple(_parse_note(item, f"item {i + 1}") for i, item in enumerate(items))
    graves = []
    for i, grave in enumerate(_list(doc, "deleted", "the collection", many_ok=False)):
        where = f"deleted entry {i + 1}"
        if not isinstance(grave, dict) or not isinstance(grave.get("id"), str):
            raise _Bad(f"{where} has no id")
        graves.append(Tombstone(grave["id"], _str(grave, "deleted", where)))
    merged = merge(Collection(), Collection(notes, tuple(graves)))
    return replace(merged, raw=MappingProxyType(doc))


def _parse_note(item: Any, where: str) -> Note:
    if not isinstance(item, dict) or not isinstance(item.get("id"), str) or not item["id"]:
        raise _Bad(f"{where} is not an annotation with an id")
    text, tags = "", []
    seen_comment = False
    for body in _list(item, "body", where):
        if not isinstance(body, dict) or body.get("type") != "TextualBody":
            continue  # another kind of body: kept in raw, written back as it was
        purpose = body.get("purpose", "commenting")
        if purpose == "tagging":
            tags.append(_str(body, "value", where))
        elif purpose == "commenting" and not seen_comment:
            text, seen_comment = _str(body, "value", where), True
    targets = tuple(_parse_target(t, where) for t in _list(item, "target", where))
    created = _str(item, "created", where)
    modified = _str(item, "modified", where) or created
    motivation = _str(item, "motivation", where) or "commenting"
    return Note(item["id"], text, clean_tags(tags), targets, created, modified, motivation,
                MappingProxyType(item))  # fmt: skip


def _parse_target(target: Any, where: str) -> Target:
    if not isinstance(target, dict) or not isinstance(target.get("source"), str):
        raise _Bad(f"{where}: a target has no source file name")
    quote: dict[str, Any] = {}
    position: dict[str, Any] | None = None
    for selector in _list(target, "selector", where):
        kind = selector.get("type") if isinstance(selector, dict) else None
        if kind == _QUOTE and not quote:
            quote = selector
        elif kind == _POSITION and position is None:
            position = selector
    start = end = None
    if position is not None:
        start, end = position.get("start"), position.get("end")
        if type(start) is not int or type(end) is not int or not 0 <= start <= end:
            raise _Bad(f"{where}: a TextPositionSelector has bad start/end")
    return Target(_source(target, where), _str(quote, "exact", where),
                  _str(quote, "prefix", where), _str(quote, "suffix", where), start, end,
                  MappingProxyType(target))  # fmt: skip


def _source(target: dict[str, Any], where: str) -> str:
    """The target's file name: from `reader_source_bytes` when that still matches `source`.

    A `source` changed by another tool (and no longer matching the bytes) wins: the
    bytes field is then stale.
    """
    source: str = target["source"]
    if _SOURCE_BYTES not in target:
        return source
    encoded = target[_SOURCE_BYTES]
    if not isinstance(encoded, str) or not encoded.isascii():
        raise _Bad(f"{where}: '{_SOURCE_BYTES}' is not percent-encoded text")
    name = os.fsdecode(unquote_to_bytes(encoded))
    return name if _readable(name) == source else source


def _readable(name: str) -> str:
    """A file name as valid Unicode: undecodable bytes become U+FFFD."""
    if not _SURROGATE.search(name):
        return name
    return os.fsencode(name).decode("utf-8", "replace")


def _list(obj: dict[str, Any], key: str, where: str, *, many_ok: bool = True) -> list[Any]:
    """A field that may be absent, one object (when `many_ok`) or a list."""
    value = obj.get(key, [])
    if isinstance(value, list):
        return value
    if many_ok and isinstance(value, dict):
        return [value]
    raise _Bad(f"{where}: '{key}' is not a list")


def _str(obj: Mapping[str, Any], key: str, where: str) -> str:
    value = obj.get(key, "")
    if not isinstance(value, str):
        raise _Bad(f"{where}: '{key}' is not text")
    return value


# --- writing ----------------------------------------------------------------------------


def dump(collection: Collection) -> str:
    """The sidecar text for a collection: JSON, indent 2, known fields first."""
    known = {"@context", "type", "generator", "reader_version", "total", "items", "deleted"}
    doc: dict[str, Any] = {
        "@context": W3C_CONTEXT, "type": "AnnotationCollection", "generator": "reader",
        "reader_version": FORMAT_VERSION, "total": len(collection.notes),
    }  # fmt: skip
    doc.update((k, copy.deepcopy(v)) for k, v in collection.raw.items() if k not in known)
    doc["items"] = [_note_json(n) for n in collection.notes]
    doc["deleted"] = [{"id": g.id, "deleted": g.at} for g in collection.deleted]
    text = json.dumps(doc, ensure_ascii=False, indent=2) + "\n"
    return _SURROGATE.sub(lambda m: f"\\u{ord(m.group(0)):04x}", text)


def _note_json(note: Note) -> dict[str, Any]:
    known = {"id", "type", "created", "modified", "motivation", "body", "target"}
    out: dict[str, Any] = {"id": note.id, "type": "Annotation", "created": note.created,
                           "modified": note.modified, "motivation": note.motivation}  # fmt: skip
    out.update((k, copy.deepcopy(v)) for k, v in note.raw.items() if k not in known)
    raw_body = note.raw.get("body", [])
    bodies = copy.deepcopy(raw_body if isinstance(raw_body, list) else [raw_body])

    def textual(purpose: str) -> list[dict[str, Any]]:
        return [b for b in bodies if isinstance(b, dict) and b.get("type") == "TextualBody"
                and b.get("purpose", "commenting") == purpose]  # fmt: skip

    comments, tag_bodies = textual("commenting"), textual("tagging")
    others = [b for b in bodies if not any(b is c for c in (*comments, *tag_bodies))]
    body: list[Any] = []
    if note.text:
        fresh = {"type": "TextualBody", "value": "", "format": "text/plain", "purpose": ""}
        comment = comments[0] if comments else fresh
        comment.update(type="TextualBody", value=note.text, purpose="commenting")
        body.append(comment)
    body.extend(comments[1:])  # further comments of another tool, kept as they were
    by_value = {b.get("value"): b for b in reversed(tag_bodies)}
    for tag in note.tags:
        new = {"type": "TextualBody", "value": tag, "purpose": "tagging"}
        body.append(by_value.get(tag) or new)
    out["body"] = body + others
    out["target"] = [_target_json(t) for t in note.targets]
    return out


def _target_json(target: Target) -> dict[str, Any]:
    readable = _readable(target.source)
    out: dict[str, Any] = {"source": readable}
    if readable != target.source:
        out[_SOURCE_BYTES] = quote_from_bytes(os.fsencode(target.source), safe="")
    out.update((k, copy.deepcopy(v)) for k, v in target.raw.items()
               if k not in ("source", _SOURCE_BYTES))  # fmt: skip
    raw_selectors = target.raw.get("selector", [])
    selectors = copy.deepcopy(raw_selectors if isinstance(raw_selectors, list) else [raw_selectors])

    def slot(kind: str) -> dict[str, Any]:
        found = next((s for s in selectors if isinstance(s, dict) and s.get("type") == kind), None)
        if found is None:
            found = {"type": kind}
            selectors.append(found)
        return found

    slot(_QUOTE).update(exact=target.exact, prefix=target.prefix, suffix=target.suffix)
    if target.start is not None and target.end is not None:
        slot(_POSITION).update(start=target.start, end=target.end)
    out["selector"] = selectors
    return out
