"""The user's keymap file: other keys for the reader's actions.

A TOML file of `binding id = "keys"` lines, e.g.

    pair-next = "right"
    pair-previous = "left"
    difference-next = "ctrl+n,]"

read from `$READER_KEYMAP` when set, else `$XDG_CONFIG_HOME/reader/keymap.toml`
(`~/.config/reader/keymap.toml`). The keys are Textual key names, several separated by
commas; the ids are those of `BINDING_IDS`. The app hands the result to Textual's
`App.set_keymap`, so the key bar, the help screen (`?`) and the command palette show the
keys as mapped.

A file that is missing is no keymap. Anything wrong in it (not TOML, an unknown id, a value
that is not a string of keys) is reported as a problem and left out; the rest applies and
the reader starts regardless.

Pure: no Textual import.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path

BINDING_IDS: tuple[str, ...] = (
    # the pair view (reader/ui/app.py, screens/compare.py, screens/noting.py, widgets/sidebyside.py)
    "help", "quit", "pair-next", "pair-previous", "pair-pick", "pair-swap", "pair-pin",
    "pane-switch", "boilerplate-toggle", "layout-toggle", "search", "search-close",
    "story-overview",
    "note-add", "note-edit", "note-delete", "note-list", "difference-next",
    "difference-previous", "row-first", "row-last", "row-next", "row-previous", "page-down",
    "page-up", "number-next", "number-previous", "missing-next", "missing-previous",
    "moved-next", "moved-previous", "noted-next", "noted-previous", "filter-next",
    "filter-clear", "link-add", "link-remove", "row-reviewed", "correction-undo",
    # the other screens
    "help-close", "picker-close", "overview-close", "overview-open", "overview-sort",
    "overview-coverage", "overview-numbers", "overview-pairs", "overview-story",
    "notes-close", "notes-into-list", "note-save", "note-cancel", "pick-note-close",
    "sentence-picker-close",
    "confirm-yes", "confirm-no",
)  # fmt: skip
"""Every binding id a keymap may name (a test checks it against the code's bindings)."""


@dataclass(frozen=True)
class Keymap:
    """What a keymap file gave."""

    path: Path | None
    """The file read; None when there is none."""
    keys: Mapping[str, str] = field(default_factory=dict)
    """Binding id -> keys, for `App.set_keymap`."""
    problems: tuple[str, ...] = ()
    """One line per thing left out, naming the file."""


def keymap_path(environ: Mapping[str, str] = os.environ) -> Path:
    """Where the keymap file is looked for (it need not exist)."""
    if chosen := environ.get("READER_KEYMAP"):
        return Path(chosen).expanduser()
    config = environ.get("XDG_CONFIG_HOME") or str(Path("~/.config").expanduser())
    return Path(config) / "reader" / "keymap.toml"


def load_keymap(path: Path) -> Keymap:
    """Read the keymap at `path`: no keymap if there is no file there."""
    import tomllib  # only when there is a file: most starts have none

    name = str(path)
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        return Keymap(None)
    except IsADirectoryError:
        return Keymap(path, problems=(f"{name}: a folder, not a keymap file",))
    except (OSError, UnicodeDecodeError) as error:
        reason = getattr(error, "strerror", None) or "not UTF-8 text"
        return Keymap(path, problems=(f"{name}: cannot read the keymap ({reason})",))
    except tomllib.TOMLDecodeError as error:
        return Keymap(path, problems=(f"{name}: not a valid keymap ({error}); default keys used",))
    keys: dict[str, str] = {}
    problems: list[str] = []
    for binding_id, value in data.items():
        if binding_id not in BINDING_IDS:
            problems.append(f"{name}: no action has the id {binding_id!r}; see the README")
        elif not isinstance(value, str) or not [k for k in value.split(",") if k.strip()]:
            problems.append(f'{name}: {binding_id} needs keys as a string, e.g. "ctrl+n"')
        else:
            keys[binding_id] = ",".join(k.strip() for k in value.split(",") if k.strip())
    return Keymap(path, keys, tuple(problems))
