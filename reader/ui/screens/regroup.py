"""The story-corrections picker: merge the story shown with another, move one of its
articles to another story or to a story of its own, or undo the last correction.

Lists the choices; the overview screen saves the chosen one in the sidecar
(`reader.store.corrections`) and regroups. Nothing here touches the disk.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import ClassVar

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import OptionList, Static
from textual.widgets.option_list import Option

from reader.story.stories import Story
from reader.ui.overview_model import clip, story_title
from reader.ui.textmap import plain

MAX_CHOICES = 2000
"""Choices listed at most (a story of 100 articles in a folder of 50 stories makes 5,000)."""


@dataclass(frozen=True)
class Regroup:
    """A correction chosen: what the overview saves."""

    op: str
    """'merge', 'move', 'split' or 'undo'."""
    articles: tuple[str, ...] = ()
    """The articles it names (file names)."""
    to: str | None = None
    """For 'move': an article of the story they go to."""


class RegroupPicker(ModalScreen[Regroup | None]):
    """Corrections of the grouping offered for one story; dismisses with the chosen one.

    | Key | Action |
    | :- | :- |
    | enter | Apply the highlighted correction |
    | escape | Close |
    """

    CSS_PATH = "dialogs.tcss"

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape,q", "dismiss(None)", "Close", id="regroup-close"),
    ]

    def __init__(self, stories: tuple[Story, ...], index: int, *, undo: str | None) -> None:
        super().__init__()
        self.choices = choices(stories, index, undo=undo)
        """(label, correction) in display order."""
        self.heading = f"Correct story {index + 1}: {clip(story_title(stories[index]), 70)}"
        """The title line."""

    def compose(self) -> ComposeResult:
        with Vertical(id="picker"):
            yield Static(Content(self.heading), id="picker-title")
            yield OptionList(*(Option(Content(label)) for label, _ in self.choices), id="pair-list")

    def on_mount(self) -> None:
        self.query_one(OptionList).focus()

    @on(OptionList.OptionSelected)
    def _selected(self, event: OptionList.OptionSelected) -> None:
        self.dismiss(self.choices[event.option_index][1])


def choices(
    stories: tuple[Story, ...], index: int, *, undo: str | None
) -> list[tuple[str, Regroup]]:
    """The corrections offered for story `index`, as (label, correction).

    Args:
        stories: The stories shown.
        index: The story being corrected.
        undo: The newest correction's description, None when there is none to undo.

    Returns:
        Undo first (when there is one), then merges, then moves of each article.
    """
    story = stories[index]
    others = [(k, s) for k, s in enumerate(stories) if k != index]
    out: list[tuple[str, Regroup]] = []
    if undo:
        out.append((f"Undo: {plain(undo)}", Regroup("undo")))
    for k, other in others:
        label = f"Merge with story {k + 1}: {clip(story_title(other), 60)}"
        out.append((label, Regroup("merge", (story.names[0], other.names[0]))))
    for article in story.articles:
        name = article.name
        if len(story.articles) > 1:
            out.append((f"Move {plain(name)} to a story of its own", Regroup("split", (name,))))
        for k, other in others:
            label = f"Move {plain(name)} to story {k + 1}: {clip(story_title(other), 50)}"
            out.append((label, Regroup("move", (name,), other.names[0])))
            if len(out) >= MAX_CHOICES:
                return out
    return out
