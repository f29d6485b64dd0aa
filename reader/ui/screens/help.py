"""The help screen: every key of the screen beneath it, as currently mapped."""

from __future__ import annotations

from pathlib import Path
from typing import ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import VerticalScroll
from textual.content import Content, Span
from textual.screen import ModalScreen, Screen
from textual.widgets import Static

from reader.ui.textmap import plain

_KEPT = frozenset({"quit", "command_palette"})

HelpRow = tuple[str, str, str]
"""(keys as displayed, description, tooltip)."""

LEGEND = (
    "Gutter: = same \u00b7 ~ changed \u00b7 \u2195 moved \u00b7 - / + one side only \u00b7 "
    "\u2506 gap \u00b7 # boilerplate",
    "\u270e after the gutter mark: a note is about that side; the note itself shows dimmed "
    "under the row. e edits it, x deletes it, A lists every note.",
    "In a changed row: underlined words differ; tinted ones only changed place.",
    "Under a row: \u2260 numbers that differ \u00b7 \u2195N moved, with where the counterpart "
    "sits (N: the same on both sides) \u00b7 \u21c4 linked by hand \u00b7 \u21ce link removed "
    "by hand \u00b7 \u2713 reviewed.",
    "Mini-map (right edge): \u2260 differing number \u00b7 - / + only left / right \u00b7 "
    "\u2195 moved \u00b7 \u270e noted; the shaded part is on screen.",
)
"""What the marks in the panes mean, shown under the keys."""


def binding_rows(screen: Screen[object]) -> list[HelpRow]:
    """The keys active on `screen`, one row per action, keymap applied.

    Args:
        screen: The screen whose focused widget, itself and the app give the bindings.

    Returns:
        Rows in the order the bindings are declared, innermost widget first.
    """
    keys: dict[tuple[int, str], list[str]] = {}
    info: dict[tuple[int, str], tuple[str, str]] = {}
    for active in screen.active_bindings.values():
        binding = active.binding
        # Ours all carry an id (remappable); of Textual's own keys, quit and palette matter.
        if (
            binding.system
            or not binding.description
            or (binding.id is None and binding.action not in _KEPT)
        ):
            continue
        where = (id(active.node), binding.action)
        display = screen.app.get_key_display(binding)
        keys.setdefault(where, [])
        if display not in keys[where]:
            keys[where].append(display)
        info[where] = (binding.description, binding.tooltip)
    return [(", ".join(keys[k]), *info[k]) for k in keys]


class HelpScreen(ModalScreen[None]):
    """Lists every key; any of escape, ? or q closes it.

    | Key | Action |
    | :- | :- |
    | escape, ?, q | Close |
    """

    CSS_PATH = "dialogs.tcss"

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape,question_mark,q", "dismiss(None)", "Close", id="help-close"),
    ]

    def __init__(self, rows: list[HelpRow], *, keymap: Path | None = None) -> None:
        super().__init__()
        self.rows = rows
        """What to list."""
        self.keymap = keymap
        """The user's keymap file, if one was read (named under the title)."""

    def compose(self) -> ComposeResult:
        width = max((len(k) for k, _, _ in self.rows), default=4) + 2
        lines: list[str] = ["Keys  (ctrl+p: every action by name)", ""]
        spans: list[Span] = [Span(0, 4, "bold $text-primary")]
        if self.keymap is not None:
            lines.insert(1, f"as mapped in {plain(str(self.keymap))}")
            spans.append(Span(len(lines[0]) + 1, len(lines[0]) + 1 + len(lines[1]), "$text-muted"))
        offset = sum(len(line) + 1 for line in lines)
        for key, description, tooltip in self.rows:
            line = f"{key:>{width}}  {description}"
            if tooltip:
                line += f" \u2014 {tooltip}"
            spans.append(Span(offset, offset + width, "bold $text-accent"))
            lines.append(line)
            offset += len(line) + 1
        lines.append("")
        offset += 1
        for line in LEGEND:
            spans.append(Span(offset, offset + len(line), "$text-muted"))
            lines.append(line)
            offset += len(line) + 1
        with VerticalScroll(id="help"):
            yield Static(Content("\n".join(lines), spans=spans), id="help-text")
