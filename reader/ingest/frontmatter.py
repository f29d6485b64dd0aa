"""YAML front matter at the top of Markdown and text files ('---' lines around YAML).

PyYAML is imported only when a file opens with a front matter fence.
"""

from __future__ import annotations

import functools
import re
from datetime import date, datetime
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    import yaml

_FENCE_OPEN = re.compile(r"---[ \t]*\n")
_FENCE_CLOSE = re.compile(r"^(?:---|\.\.\.)[ \t]*$", re.MULTILINE)
_BAD_FRONT_MATTER = "front matter ignored: not valid YAML"


def parse_front_matter(text: str) -> tuple[dict[str, str], int, str | None]:
    """Split YAML front matter ('---' line, YAML, '---' or '...' line) off a text.

    Args:
        text: Decoded text with '\\n' line endings.

    Returns:
        The keys (lower case) and values (text; dates as YYYY-MM-DD); the offset where
        the body starts (0 without front matter); a notice when a closed block is not a
        YAML mapping, in which case the file counts as having no front matter.
    """
    opening = _FENCE_OPEN.match(text)
    closing = _FENCE_CLOSE.search(text, opening.end()) if opening else None
    if opening is None or closing is None:
        return {}, 0, None  # a lone leading '---' is a Markdown rule, not a block
    end = closing.end() + 1 if text.startswith("\n", closing.end()) else closing.end()
    block = text[opening.end() : closing.start()]
    import yaml

    try:
        data = yaml.load(block, Loader=_loader())
    except (yaml.YAMLError, RecursionError):  # PyYAML recurses once per level of '[[[['
        return {}, 0, _BAD_FRONT_MATTER
    if data is None:
        return {}, end, None  # an empty block is still front matter
    if not isinstance(data, dict):
        return {}, 0, _BAD_FRONT_MATTER
    pairs = ((_yaml_text(key), _yaml_text(value)) for key, value in data.items())
    return {key.lower(): value for key, value in pairs if key and value}, end, None


@functools.cache
def _loader() -> type[yaml.SafeLoader]:
    """`yaml.safe_load`'s loader, except that scalars keep the text as written.

    YAML 1.1 would make 'title: No' False and 'version: 1.10' 1.1, and an impossible
    date ('2024-02-30') would fail the whole block. Values are text, so only real dates
    are converted (to dates, written YYYY-MM-DD). Built on first use: PyYAML is imported
    only when a file has front matter.
    """
    import yaml

    class FrontMatterLoader(yaml.SafeLoader):
        pass

    for tag in ("bool", "int", "float"):
        FrontMatterLoader.add_constructor(f"tag:yaml.org,2002:{tag}", _as_written)
    FrontMatterLoader.add_constructor("tag:yaml.org,2002:timestamp", _timestamp)
    return FrontMatterLoader


def _as_written(loader: yaml.SafeLoader, node: Any) -> str:
    """A scalar's text exactly as written."""
    return loader.construct_scalar(node)  # type: ignore[no-any-return]


def _timestamp(loader: yaml.SafeLoader, node: Any) -> date | str:
    """A YAML timestamp as a date; an impossible one stays text."""
    try:
        value = loader.construct_yaml_timestamp(node)
    except ValueError:
        return _as_written(loader, node)
    return value.date() if isinstance(value, datetime) else value


def _yaml_text(value: object) -> str | None:
    """A front matter key or value as one line of text, or None when it has none."""
    if isinstance(value, datetime):
        value = value.date()
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, (str, int, float)):
        return " ".join(str(value).split()) or None  # block scalars ('|') span lines
    if isinstance(value, list):
        # 'authors: [A, B]' -> 'A, B'; nested lists and mappings have no one-line form.
        parts = [_yaml_text(item) for item in value if not isinstance(item, (list, dict))]
        return ", ".join(part for part in parts if part) or None
    return None  # mappings, binary, sets
