"""Where the index's tasks run: in this process, on local Dask worker processes, or on
an existing Dask cluster.

`Runner.map` runs a function over a stream of jobs and yields results as they finish,
with a bounded number of jobs in flight, so memory is bounded by the batch, never by the
corpus. The local cluster (`distributed.LocalCluster`: one single-threaded worker process
per core) starts only when there is enough work to pay for its start (about half a
second, and its workers' imports); a small update runs in this process. It starts in the
background: until it is up, the jobs run in this process, so no core waits for it. With
`scheduler` the work always goes to that cluster. What is computed never depends on
where: each task is a pure function of its job (`reader.index.work`), and the caller
writes results keyed by content.
"""

from __future__ import annotations

import logging
import os
import signal
import threading
from collections.abc import Callable, Iterable, Iterator
from typing import Any

from reader.core.errors import ReaderError

SMALL_WORK = 24
"""Jobs below which a local run stays in this process (a cluster's start costs more)."""
_QUIET_CLUSTER = {
    "distributed.worker.profile.enabled": False,
    "distributed.admin.tick.interval": "1s",
    "distributed.admin.system-monitor.interval": "5s",
    "distributed.worker.memory.monitor-interval": "1s",
}
"""The local cluster's housekeeping, cut to what a build needs. The workers do not sample
their own stacks every 10 ms (Dask's profiler, for a dashboard no one opens here: a few
per cent of their time). The scheduler, the nannies and the workers check that their
event loop is alive every second, not every 20 ms, measure their process every 5 s, not
every 0.5 s, and a worker's memory against its limit every second, not every 0.1 s:
idle, the cluster took 6% of a core, now 2% (most in this process, which hosts the
scheduler and the nannies)."""


class Runner:
    """Runs jobs in this process or on Dask; a context manager (closes what it started)."""

    def __init__(self, *, workers: int | None = None, scheduler: str | None = None) -> None:
        """
        Args:
            workers: Local worker processes (default: the machine's cores); 1 runs the
                work in this process.
            scheduler: Address of an existing Dask scheduler ('tcp://host:8786').
        """
        self.workers = workers or os.cpu_count() or 1
        self.scheduler = scheduler
        self._client: Any = None
        self._cluster: Any = None
        self._starting: threading.Thread | None = None
        self._start_error: BaseException | None = None
        self._sigint: Any = None  # the Ctrl-C handler to put back once the workers exist

    def __enter__(self) -> Runner:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    @property
    def where(self) -> str:
        """Where the work runs, for the progress lines."""
        if self.scheduler:
            return f"on the Dask cluster at {self.scheduler}"
        if self._cluster is not None:
            return f"on {self.workers} local worker process{'es' if self.workers > 1 else ''}"
        return "in this process"

    def _connect(self) -> Any:
        """The client of the cluster at `scheduler`."""
        if self._client is not None:
            return self._client
        from distributed import Client

        self._quiet()
        try:
            self._client = Client(self.scheduler, timeout="20s")
        except (OSError, TimeoutError, ValueError) as error:
            self.close()
            raise ReaderError(f"cannot start Dask on {self.scheduler} ({error})") from None
        return self._client

    @staticmethod
    def _quiet() -> None:
        for name in ("distributed", "tornado", "asyncio"):
            logging.getLogger(name).setLevel(logging.CRITICAL)

    def _start(self) -> None:
        """Start the local cluster in a background thread (from the main thread)."""
        if self._starting is not None or self._client is not None:
            return
        import dask
        from distributed import Client, LocalCluster

        self._quiet()

        def start() -> None:
            try:
                with dask.config.set(_QUIET_CLUSTER):
                    cluster = LocalCluster(
                        n_workers=self.workers, threads_per_worker=1, processes=True,
                        dashboard_address=":0", silence_logs=logging.CRITICAL,
                    )  # fmt: skip
                try:
                    self._client = Client(cluster)
                except BaseException:
                    cluster.close()
                    raise
                self._cluster = cluster
            except BaseException as error:  # noqa: BLE001 - handed to the main thread
                self._start_error = error

        # The workers start with Ctrl-C ignored (inherited): this process stops them when
        # the user interrupts, instead of each printing a traceback. Ignored here too
        # until they exist (`_started` puts the handler back, from the main thread).
        self._sigint = signal.signal(signal.SIGINT, signal.SIG_IGN)
        self._starting = threading.Thread(target=start, name="reader-dask-start", daemon=True)
        self._starting.start()

    def _started(self) -> bool:
        """Whether the background start is over (then Ctrl-C works again)."""
        if self._starting is None:
            return self._client is not None
        if self._starting.is_alive():
            return False
        self._starting = None
        if self._sigint is not None:
            signal.signal(signal.SIGINT, self._sigint)
            self._sigint = None
        return True

    def _wait(self) -> Any:
        """The client of the local cluster, once started.

        Raises:
            ReaderError: The cluster could not start.
        """
        if self._starting is not None:
            self._starting.join()
        self._started()
        error, self._start_error = self._start_error, None
        if error is not None:
            self.close()
            if isinstance(error, OSError | TimeoutError | ValueError):
                raise ReaderError(
                    f"cannot start Dask on local worker processes ({error})"
                ) from None
            raise error
        return self._client

    def map(
        self, fn: Callable[..., list[Any]], jobs: Iterable[Any], *args: Any, size: int
    ) -> Iterator[list[Any]]:
        """`fn(job, *args)` for every job, results in the order they finish.

        Args:
            fn: A pure, importable function.
            jobs: The jobs, produced lazily (at most a few are held at once).
            size: How many jobs there are (decides whether a local cluster is worth it).
        """
        pending = iter(jobs)
        if not self.scheduler and (self.workers <= 1 or size < SMALL_WORK):
            for job in pending:
                yield fn(job, *args)
            return
        if self.scheduler:
            client = self._connect()
        else:
            self._start()
            while not self._started():  # work here while the workers start
                job = next(pending, None)
                if job is None:
                    break
                yield fn(job, *args)
            client = self._wait()  # Ctrl-C works again, and a failed start is said
        from distributed import as_completed

        limit = 2 * max(self.workers, len(client.scheduler_info().get("workers", {})) or 1) + 2
        running = as_completed()
        count = 0
        for job in pending:
            running.add(client.submit(fn, job, *args, pure=False))
            count += 1
            if count >= limit:
                break
        for future in running:
            result = future.result()
            future.release()
            next_job = next(pending, None)
            if next_job is not None:
                running.add(client.submit(fn, next_job, *args, pure=False))
            yield result

    def close(self) -> None:
        """Stop the local cluster and the client, if started."""
        if self._starting is not None:
            self._starting.join()
            self._started()
        for thing in (self._client, self._cluster):
            if thing is not None:
                try:
                    thing.close()
                except Exception:  # noqa: BLE001 - shutting down: nothing more to do
                    pass
        self._client = self._cluster = None
