"""The index's copy of the last full story grouping's model (`reader.story.placement`).

Owns how the model is stored, so that a re-run can place a few added articles into the
stories of a large corpus without regrouping it:

- `meta.grouping`: JSON {"rows", "groups", "since"}: the articles the full grouping
  weighed, the groups of its first pass, and the articles added, changed or removed
  since (a full grouping is due when they reach a share of the corpus);
- `grouping_terms` (name, value): the terms (`terms`, newline-separated UTF-8), their
  document frequencies (`df`, little-endian int64) and spread factors (`factor`,
  little-endian float64), by term id;
- `grouping` (key, story, centre, partner, similarity, terms, weights): each distinct
  article by its copy key: its story (a label, not the `stories.id`), whether it is the
  story's centre, its closest partner's copy key and their cosine, and its vector (term
  ids as little-endian int32, weights as little-endian float32).

Nothing a reader reads: the digest leaves these out, and a full grouping rewrites them.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterable, Mapping

import numpy as np

from reader.index.schema import set_meta
from reader.story.placement import Model, Placed, Vector


def save_model(db: sqlite3.Connection, model: Model, *, since: int) -> None:
    """Store a full grouping's model (inside the caller's transaction)."""
    drop_model(db)
    db.executemany(
        "INSERT INTO grouping_terms VALUES (?, ?)",
        [("terms", "\n".join(model.terms).encode("utf-8", "surrogatepass")),
         ("df", np.asarray(model.df, dtype="<i8").tobytes()),
         ("factor", np.asarray(model.factor, dtype="<f8").tobytes())],
    )  # fmt: skip
    db.executemany(
        "INSERT INTO grouping VALUES (?, ?, ?, ?, ?, ?, ?)",
        (_row(model, key, vector, model.story[key]) for key, vector in model.vectors.items()),
    )
    _shape(db, model.rows, model.groups, since)


def drop_model(db: sqlite3.Connection) -> None:
    """Forget the model (a corpus with no articles has none; inside a transaction)."""
    db.execute("DELETE FROM grouping")
    db.execute("DELETE FROM grouping_terms")
    db.execute("DELETE FROM meta WHERE key = 'grouping'")


def load_model(db: sqlite3.Connection, shape: Mapping[str, int]) -> Model:
    """The stored model (`shape`: the JSON of `meta.grouping`)."""
    blobs = dict(db.execute("SELECT name, value FROM grouping_terms"))
    text = bytes(blobs["terms"]).decode("utf-8", "surrogatepass")
    terms = text.split("\n") if text else []
    vectors: dict[str, Vector] = {}
    story: dict[str, int] = {}
    centre: dict[int, str] = {}
    partner: dict[str, tuple[str, float]] = {}
    for key, label, is_centre, other, sim, ids, weights in db.execute("SELECT * FROM grouping"):
        vectors[key] = (np.frombuffer(ids, dtype="<i4").astype(np.int64),
                        np.frombuffer(weights, dtype="<f4").astype(np.float64))  # fmt: skip
        story[key] = label
        if is_centre:
            centre[label] = key
        if other is not None:
            partner[key] = (other, sim)
    return Model(terms, np.frombuffer(blobs["df"], dtype="<i8"),
                 np.frombuffer(blobs["factor"], dtype="<f8"), shape["rows"], shape["groups"],
                 vectors, story, centre, partner)  # fmt: skip


def update_model(db: sqlite3.Connection, placed: Iterable[Placed], vectors: Mapping[str, Vector],
                 *, gone: Iterable[str], shape: Mapping[str, int]) -> None:  # fmt: skip
    """Record a placement (inside the caller's transaction): the new articles with their
    vectors, the changed stories' members, centres and links; the articles gone out; and
    `meta.grouping` as `shape` now says (its changes since the full grouping counted)."""
    db.executemany("DELETE FROM grouping WHERE key = ?", ((k,) for k in gone))
    (top,) = db.execute("SELECT coalesce(max(story), 0) FROM grouping").fetchone()
    for story in placed:
        if not story.changed:
            continue
        label = story.label
        if label is None:
            top += 1
            label = top
        for key in story.keys:
            other, sim = story.partner.get(key, (None, None))
            if key in vectors:
                ids, weights = vectors[key]
                db.execute("INSERT INTO grouping VALUES (?, ?, ?, ?, ?, ?, ?)",
                           (key, label, int(key == story.centre), other, sim,
                            ids.astype("<i4").tobytes(), weights.astype("<f4").tobytes()))  # fmt: skip
            else:
                db.execute("UPDATE grouping SET story = ?, centre = ?, partner = ?, "
                           "similarity = ? WHERE key = ?",
                           (label, int(key == story.centre), other, sim, key))  # fmt: skip
    _shape(db, shape["rows"], shape["groups"], shape["since"])


def _shape(db: sqlite3.Connection, rows: int, groups: int, since: int) -> None:
    set_meta(db, "grouping", json.dumps({"rows": rows, "groups": groups, "since": since}))


def _row(model: Model, key: str, vector: Vector, label: int) -> tuple[object, ...]:
    ids, weights = vector
    other, sim = model.partner.get(key, (None, None))
    return (key, label, int(model.centre[label] == key), other, sim,
            ids.astype("<i4").tobytes(), weights.astype("<f4").tobytes())  # fmt: skip
