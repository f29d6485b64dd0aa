"""Fixtures of the hostile-input tests: inputs built once per session, markers, profiles.

Markers (registered here, since pyproject.toml belongs to others):

* `slow`: already registered by the project; here it marks the runs of the largest
  inputs (a 3.9 MB article takes ~30 s to segment) and the interface on inputs the
  command line already covers quickly.
* `hypothesis_long`: the property tests with a large example budget. They run only with
  `READER_HYPOTHESIS=long`, e.g. `READER_HYPOTHESIS=long pytest tests/hostile -m hypothesis_long`.
* `hostile_fixed`: a test of `test_known_bugs.py` whose bug has been fixed (it guards it).

Hypothesis profiles: `hostile` (default, small and deterministic) and `hostile-long`
(chosen by `READER_HYPOTHESIS=long`).
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from hypothesis import HealthCheck, settings

from tests.hostile.inputs import Built, by_name, unavailable

LONG = os.environ.get("READER_HYPOTHESIS") == "long"
"""The large-budget property run was asked for."""

settings.register_profile(
    "hostile", max_examples=60, deadline=None, derandomize=True,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)  # fmt: skip
settings.register_profile(
    "hostile-long", max_examples=2000, deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)  # fmt: skip
PROFILE = "hostile-long" if LONG else "hostile"
"""The profile the property tests of this folder use (`settings(parent=...)`)."""


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line(
        "markers",
        "hypothesis_long: property tests with a large example budget; "
        "they run only when READER_HYPOTHESIS=long",
    )
    config.addinivalue_line(
        "markers", "hostile_fixed: reproduces a bug found by hostile inputs, since fixed"
    )


HERE = Path(__file__).parent


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    """In this folder, `slow` runs only when asked for (`-m slow`, or READER_HOSTILE_SLOW=1),
    and `hypothesis_long` only with READER_HYPOTHESIS=long."""
    want_slow = "slow" in (config.getoption("markexpr") or "") or bool(
        os.environ.get("READER_HOSTILE_SLOW")
    )
    skip_long = pytest.mark.skip(reason="large Hypothesis budget: set READER_HYPOTHESIS=long")
    skip_slow = pytest.mark.skip(reason="slow: run with -m slow or READER_HOSTILE_SLOW=1")
    for item in items:
        if HERE not in Path(item.fspath).parents:
            continue
        if "hypothesis_long" in item.keywords and not LONG:
            item.add_marker(skip_long)
        elif "slow" in item.keywords and not want_slow:
            item.add_marker(skip_slow)


@pytest.fixture(scope="session")
def build_case(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Callable[[str], Built]]:
    """Build a hostile input once per session (every test only reads it).

    The folders are made readable again at the end so pytest can delete them.
    """
    built: dict[str, Built] = {}

    def build(name: str) -> Built:
        if name not in built:
            hostile = by_name(name)
            reason = unavailable(hostile)
            if reason:
                pytest.skip(f"{name}: needs {reason}")
            root = tmp_path_factory.mktemp(name.replace("-", "_"))
            built[name] = hostile.build(root)
        return built[name]

    yield build
    for item in built.values():
        for path in item.unreadable:
            path.chmod(0o644)
