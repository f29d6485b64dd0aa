"""Articles and comparisons as plain JSON values, and back: what the index stores.

Owns the encoding of the core's frozen dataclasses (`reader.core.model`) for the index:
a dataclass becomes the list of its field values in field order, a tuple a list, a
`Path` a string; decoding rebuilds the objects from the field types, one compiled
decoder per class. Plain data only: an index file found beside a corpus is never
executed (no pickle), and a value of the wrong shape raises `ValueError`.

An article is stored without its path (`encode_article` / `decode_article(value, path)`):
the same text under two names is stored once, and the index can move with its folder.
A comparison is stored without its two articles (`encode_rows` / `decode_comparison`).
"""

from __future__ import annotations

import dataclasses
import json
import types
import typing
import zlib
from collections.abc import Callable
from functools import cache
from pathlib import Path
from typing import Any

from reader.core.model import Article, Comparison, Row

Decoder = Callable[[Any], Any]


def encode(value: Any) -> Any:
    """A core value as JSON data: dataclasses as lists of their fields, tuples as lists."""
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return [encode(getattr(value, f.name)) for f in _fields(type(value))]
    if isinstance(value, tuple | list):
        return [encode(v) for v in value]
    if isinstance(value, Path):
        return str(value)
    return value


@cache
def encoder(tp: Any) -> Callable[[Any], Any]:
    """The function doing `encode` for values of type `tp`, compiled once per type (the
    index encodes some hundred thousand rows per corpus: the generic walk was a sixth of
    a build)."""
    origin = typing.get_origin(tp)
    if dataclasses.is_dataclass(tp):
        hints = typing.get_type_hints(tp)
        parts = [(f.name, encoder(hints[f.name])) for f in _fields(tp)]
        if all(part is _plain for _, part in parts):
            names = [name for name, _ in parts]
            return lambda value: [getattr(value, name) for name in names]
        return lambda value: [part(getattr(value, name)) for name, part in parts]
    if origin is tuple:
        args = typing.get_args(tp)
        if len(args) == 2 and args[1] is Ellipsis:
            item = encoder(args[0])
            if item is _plain:
                return list
            return lambda value: [item(v) for v in value]
        items = [encoder(a) for a in args]
        return lambda value: [e(v) for e, v in zip(items, value, strict=True)]
    if origin in (typing.Union, types.UnionType):
        options = [a for a in typing.get_args(tp) if a is not type(None)]
        if len(options) == 1:
            inner = encoder(options[0])
            if inner is _plain:
                return _plain
            return lambda value: None if value is None else inner(value)
        return encode
    if tp is Path:
        return str
    return _plain


@cache
def _fields(cls: type) -> tuple[dataclasses.Field[Any], ...]:
    return tuple(dataclasses.fields(cls))


@cache
def decoder(tp: Any) -> Decoder:
    """The function rebuilding a value of type `tp` from `encode`'s output."""
    origin = typing.get_origin(tp)
    if dataclasses.is_dataclass(tp):
        hints = typing.get_type_hints(tp)
        parts = [decoder(hints[f.name]) for f in _fields(tp)]
        cls = tp

        def build(value: Any) -> Any:
            if not isinstance(value, list) or len(value) != len(parts):
                raise ValueError(f"not a stored {cls.__name__}")
            return cls(*[part(v) for part, v in zip(parts, value, strict=True)])

        return build
    if origin is tuple:
        args = typing.get_args(tp)
        if len(args) == 2 and args[1] is Ellipsis:
            item = decoder(args[0])
            if item is _plain:
                return lambda value: tuple(value)
            return lambda value: tuple(item(v) for v in value)
        items = [decoder(a) for a in args]
        return lambda value: tuple(d(v) for d, v in zip(items, value, strict=True))
    if origin in (typing.Union, types.UnionType):
        options = [a for a in typing.get_args(tp) if a is not type(None)]
        if len(options) == 1:
            inner = decoder(options[0])
            return lambda value: None if value is None else inner(value)
        return _plain
    if tp is Path:
        return Path
    return _plain


def _plain(value: Any) -> Any:
    return value


_ARTICLE_FIELDS = [f.name for f in dataclasses.fields(Article) if f.name != "path"]


@cache
def _article_parts() -> tuple[list[tuple[str, Callable[[Any], Any]]], list[tuple[str, Decoder]]]:
    """Each stored field of an article with its encoder and its decoder (the type hints
    are resolved once, not once per article)."""
    hints = typing.get_type_hints(Article)
    return ([(name, encoder(hints[name])) for name in _ARTICLE_FIELDS],
            [(name, decoder(hints[name])) for name in _ARTICLE_FIELDS])  # fmt: skip


def encode_article(article: Article) -> list[Any]:
    """An article as JSON data, without its path (and without its short name, which the
    folder gives)."""
    return [part(getattr(article, name)) if name != "short" else None
            for name, part in _article_parts()[0]]  # fmt: skip


def decode_article(value: Any, path: Path) -> Article:
    """The article `encode_article` stored, read from `path`."""
    parts = _article_parts()[1]
    if not isinstance(value, list) or len(value) != len(parts):
        raise ValueError("not a stored article")
    fields = {name: part(v) for (name, part), v in zip(parts, value, strict=True)}
    return Article(path=path, **fields)


def _mention(m: Any) -> list[Any]:
    return [m.start, m.end, m.text, m.value, m.kind, m.approximate, m.unit]


def _row(r: Row) -> list[Any]:
    """A row as `encoder(Row)` gives it, written out: a corpus has hundreds of
    thousands (tests check the two agree)."""
    return [
        r.kind, list(r.left), list(r.right), r.score,
        [[w.tag, [[s.start, s.end] for s in w.left], [[s.start, s.end] for s in w.right]]
         for w in r.words],
        [[_mention(n.left), _mention(n.right), n.differs, n.ratio] for n in r.numbers],
    ]  # fmt: skip


def encode_rows(comparison: Comparison) -> list[Any]:
    """A comparison as JSON data, without its articles: rows and missing paragraphs."""
    return [[_row(r) for r in comparison.rows], list(comparison.missing_in_right),
            list(comparison.missing_in_left)]  # fmt: skip


def decode_comparison(value: Any, left: Article, right: Article) -> Comparison:
    """The comparison `encode_rows` stored, between these two articles."""
    if not isinstance(value, list) or len(value) != 3:
        raise ValueError("not a stored comparison")
    rows = decoder(tuple[Row, ...])(value[0])
    return Comparison(left, right, rows, tuple(value[1]), tuple(value[2]))


def pack(value: Any) -> bytes:
    """JSON data as a compressed blob (compact JSON, zlib)."""
    text = json.dumps(value, ensure_ascii=False, separators=(",", ":"))
    return zlib.compress(text.encode("utf-8", "surrogatepass"), 1)


def unpack(blob: bytes) -> Any:
    """The JSON data of a `pack`ed blob."""
    return json.loads(zlib.decompress(blob).decode("utf-8", "surrogatepass"))
