"""What is derived from one article alone, kept with the article: computed once, not once per pair.

Owns the per-article cache the comparison code shares (`per_article`): a sentence's terms,
the text's feature index, its word tokens and number mentions are the same whichever
article it is compared with, so comparing one article with fifty others derives them once.

An entry lives while its article does (a weak reference drops it when the article goes)
and while it is among the `SIZE` articles used last (a folder of thousands of articles
keeps only the stories being compared). Entries are keyed by `id(article)` and checked
against the article itself, so an id reused by a later object never finds a stale entry.
Nothing is stored on the `Article`: its pickling and equality are untouched.

Safe for the interface's worker threads: the entry table changes under a lock; two threads
deriving the same value at once both compute it and keep either (values are pure
functions of the article).
"""

from __future__ import annotations

import threading
import weakref
from collections.abc import Callable
from functools import partial
from typing import Any, TypeVar

T = TypeVar("T")

SIZE = 256
"""Articles whose derived values are kept (the most recently used): more than a story of a
large folder holds, as comparing every pair of a story reuses each of its articles."""

_entries: dict[int, tuple[weakref.ref, dict[str, Any]]] = {}
_lock = threading.Lock()


def _forget(key: int, ref: weakref.ref) -> None:
    # Called when the article dies; takes no lock (a weak-reference callback can run in
    # the middle of any code, including code holding the lock). dict.get/pop are atomic.
    entry = _entries.get(key)
    if entry is not None and entry[0] is ref:
        _entries.pop(key, None)


def _values(article: object) -> dict[str, Any] | None:
    """The derived values kept for `article` (made empty on first use), or None when it
    cannot be referenced weakly (then nothing is kept)."""
    key = id(article)
    with _lock:
        entry = _entries.pop(key, None)  # re-inserted last: most recently used
        if entry is None or entry[0]() is not article:
            try:
                ref = weakref.ref(article, partial(_forget, key))
            except TypeError:
                return None
            entry = (ref, {})
        _entries[key] = entry
        excess = len(_entries) - SIZE
        if excess > 0:
            for old in list(_entries)[:excess]:
                _entries.pop(old, None)
    return entry[1]


def per_article(article: object, name: str, compute: Callable[[], T]) -> T:
    """The value `name` derived from `article`, computed on first use and kept with it.

    Args:
        article: The object the value is derived from (an `Article`).
        name: What the value is ('terms', 'tokens'...): one article keeps several.
        compute: Derives the value from the article alone.

    Returns:
        The kept value, or a freshly computed one.
    """
    values = _values(article)
    if values is None:
        return compute()
    try:
        return values[name]
    except KeyError:
        value = values[name] = compute()
        return value


def clear() -> None:
    """Forget every kept value (for tests and benchmarks)."""
    with _lock:
        _entries.clear()
