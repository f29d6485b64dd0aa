"""The runner of the index's tasks: where they run changes nothing of what they give."""

from __future__ import annotations

import signal
import time
from collections.abc import Iterator

import pytest

from reader.index.run import SMALL_WORK, Runner


def test_jobs_run_in_this_process_while_the_local_cluster_starts_and_none_is_lost() -> None:
    pytest.importorskip("distributed")
    jobs = list(range(-SMALL_WORK * 2, SMALL_WORK * 2))

    def slowly() -> Iterator[int]:  # some jobs run here, the others on the workers
        for job in jobs:
            time.sleep(0.02)
            yield job

    before = signal.getsignal(signal.SIGINT)
    with Runner(workers=2) as runner:
        got = sorted(runner.map(abs, slowly(), size=len(jobs)))
        assert got == sorted(abs(j) for j in jobs)
        assert runner.where == "on 2 local worker processes"
        assert signal.getsignal(signal.SIGINT) is before  # Ctrl-C works again
        again = sorted(runner.map(abs, iter(jobs), size=len(jobs)))  # the same cluster
        assert again == got
    assert signal.getsignal(signal.SIGINT) is before


def test_a_small_run_stays_in_this_process() -> None:
    with Runner(workers=2) as runner:
        assert list(runner.map(abs, [-1, -2], size=2)) == [1, 2]
        assert runner.where == "in this process"
