"""Apply the user's corrections of the grouping to the stories found.

Owns turning a grouping and a list of corrections (moves, splits, merges, oldest first;
read from the sidecar by `reader.store.corrections`) into the stories the user sees. The
corrections name articles by file name, so they apply to any later grouping of the
folder: an article edited, another added, the grouping changed. A correction naming an
article that is no longer in the folder is skipped and said so, never an error.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Protocol

from reader.core.model import Article
from reader.story.stories import Story


class CorrectionLike(Protocol):
    """What is read of a correction (`reader.store.corrections.Correction`)."""

    @property
    def op(self) -> str: ...
    @property
    def articles(self) -> tuple[str, ...]: ...
    @property
    def to(self) -> str | None: ...
    def describe(self) -> str: ...


@dataclass(frozen=True)
class Corrected:
    """The stories after the corrections."""

    stories: tuple[Story, ...]
    """Each article in exactly one story, ordered by their first article."""
    skipped: tuple[str, ...] = ()
    """One line per correction that could not apply (an article no longer there)."""


def apply_corrections(
    articles: Sequence[Article], stories: Sequence[Story], corrections: Sequence[CorrectionLike]
) -> Corrected:
    """The stories with the corrections applied, oldest first.

    Args:
        articles: The articles, in the order given (it orders the stories).
        stories: The grouping found (`group_stories`).
        corrections: The active corrections, oldest first.

    Returns:
        The corrected stories; a story a correction touched lists it in `corrections`.
    """
    group_of: dict[str, int] = {}
    groups: list[list[str]] = []
    notes: list[list[str]] = []
    for story in stories:
        for name in story.names:
            group_of[name] = len(groups)
        groups.append(list(story.names))
        notes.append([])
    skipped = []
    for c in corrections:
        named = [*c.articles, *([c.to] if c.to else [])]
        missing = [n for n in named if n not in group_of]
        if missing:
            skipped.append(f"{c.describe()}: skipped ({', '.join(missing)} not in the folder)")
            continue
        if c.op == "merge":
            a, b = group_of[c.articles[0]], group_of[c.articles[1]]
            if a != b:
                for name in groups[b]:
                    group_of[name] = a
                groups[a].extend(groups[b])
                notes[a].extend(notes[b])
                groups[b] = []
            notes[a].append(c.describe())
            continue
        moving = [n for n in dict.fromkeys(c.articles) if n != c.to]
        for name in moving:
            source = group_of[name]
            groups[source].remove(name)
            if c.describe() not in notes[source]:
                notes[source].append(c.describe())
        if c.op == "move" and c.to:
            target = group_of[c.to]
        else:
            target = len(groups)
            groups.append([])
            notes.append([])
        for name in moving:
            group_of[name] = target
        groups[target].extend(moving)
        if c.describe() not in notes[target]:
            notes[target].append(c.describe())
    by_name = {a.name: a for a in articles}
    position = {a.name: k for k, a in enumerate(articles)}
    old = {name: s for s in stories for name in s.names}
    result = []
    for members, said in zip(groups, notes, strict=True):
        if not members:
            continue
        names = sorted(members, key=lambda n: position.get(n, len(position)))
        inside = set(names)
        if not said and set(old[names[0]].names) == inside:
            result.append(old[names[0]])  # untouched
            continue
        links = tuple(
            link
            for link in dict.fromkeys(lk for n in names for lk in old[n].links)
            if link.left in inside and link.right in inside
        )
        centrals = [old[n].central for n in names if old[n].central in inside]
        result.append(
            Story(
                tuple(by_name[n] for n in names if n in by_name),
                links,
                centrals[0] if centrals else None,
                tuple(said),
            )
        )
    result.sort(key=lambda s: position.get(s.names[0], len(position)))
    return Corrected(tuple(result), tuple(skipped))


def regroup(articles: Sequence[Article], corrections: Sequence[CorrectionLike] = ()) -> Corrected:
    """Group the articles (`group_stories`) and apply the corrections: what every front
    end shows.

    Args:
        articles: The articles, in the order given.
        corrections: The active corrections, oldest first.

    Returns:
        The stories and lines about corrections skipped.
    """
    from reader.story.stories import group_stories

    stories = group_stories(articles)
    if not corrections:
        return Corrected(stories)
    return apply_corrections(articles, stories, corrections)
