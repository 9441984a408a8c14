"""Where enrichment runs: in this process, or in a pool of spawned worker processes.

An executor holds one `Enricher` per process it uses and takes whole batches; the
pipeline never knows which kind it has. Workers are built from an `EnricherFactory`, a
picklable recipe (settings + registry), so another executor (a Dask cluster, say) can
build them wherever its workers run: call the factory once per worker and map
`Enricher.enrich` over chunks of a batch, in order.
"""

from __future__ import annotations

import functools
import multiprocessing
import os
import time
from collections.abc import Collection, Iterator
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass
from typing import Protocol

from assay.enrich import Enricher, Registry, default_registry
from assay.models import Article
from assay.settings import Settings

# Below this many articles a batch is enriched in-process: shipping it to the worker
# pool costs more than it saves.
POOL_MIN_BATCH = 32
# A batch goes to the workers in chunks of about this many articles (at least one chunk
# per worker), so that a worker slowed by a busy core does not hold up the others.
POOL_CHUNK = 100
# How long `ProcessPool.start` waits for every worker to load its models.
START_TIMEOUT_S = 300.0


class Executor(Protocol):
    """Enriches batches somewhere; `registry` says which enrichers at which versions."""

    registry: Registry

    def enrich(
        self, articles: list[Article], only: Collection[str] | None = None
    ) -> Iterator[Article]: ...

    def close(self) -> None: ...


@dataclass(frozen=True)
class EnricherFactory:
    """Builds the Enricher of one process (models load there)."""

    settings: Settings
    registry: Registry

    def __call__(self) -> Enricher:
        return Enricher(self.settings, self.registry)


class InProcess:
    """Enrich in this process (spaCy holds the GIL, so threads would not help)."""

    def __init__(self, factory: EnricherFactory) -> None:
        self.registry = factory.registry
        self.enricher = factory()

    def enrich(
        self, articles: list[Article], only: Collection[str] | None = None
    ) -> Iterator[Article]:
        return self.enricher.enrich(articles, only)

    def close(self) -> None:
        self.enricher.close()


class ProcessPool:
    """Split large batches across `workers` spawned processes; enrich small ones here.

    spawn, not fork: callers may run threads (HTTP clients, servers in tests).
    """

    def __init__(
        self,
        factory: EnricherFactory,
        workers: int,
        min_batch: int = POOL_MIN_BATCH,
        chunk: int = POOL_CHUNK,
    ) -> None:
        self.factory = factory
        self.registry = factory.registry
        self.workers = workers
        self.min_batch = min_batch
        self.chunk = chunk
        self.local = InProcess(factory)
        self._pool: ProcessPoolExecutor | None = None

    def enrich(
        self, articles: list[Article], only: Collection[str] | None = None
    ) -> Iterator[Article]:
        if len(articles) < self.min_batch:
            yield from self.local.enrich(articles, only)
            return
        pool = self._ensure_pool()
        size = min(-(-len(articles) // self.workers), self.chunk)
        chunks = [articles[i : i + size] for i in range(0, len(articles), size)]
        names = None if only is None else tuple(only)
        for done in pool.map(functools.partial(_enrich_chunk, only=names), chunks):
            yield from done

    def start(self) -> None:
        """Start the workers and wait until each has loaded its models (~5 s of CPU each).

        Otherwise the first large batch pays for it; a long-running pipeline or a benchmark
        calls this up front.
        """
        pool = self._ensure_pool()
        ready: set[int] = set()
        deadline = time.monotonic() + START_TIMEOUT_S
        # A task runs only in a worker whose initializer is done; ask until all have answered.
        while len(ready) < self.workers and time.monotonic() < deadline:
            ready.update(pool.map(_worker_pid, [0.05] * self.workers))

    def _ensure_pool(self) -> ProcessPoolExecutor:
        if self._pool is None:
            self._pool = ProcessPoolExecutor(
                self.workers,
                mp_context=multiprocessing.get_context("spawn"),
                initializer=_start_worker,
                initargs=(self.factory,),
            )
        return self._pool

    def close(self) -> None:
        """Stop the worker processes, if any were started."""
        if self._pool is not None:
            self._pool.shutdown(cancel_futures=True)
            self._pool = None
        self.local.close()


def make_executor(settings: Settings, registry: Registry | None = None) -> Executor:
    """A process pool of `settings.enrich_workers` (0: one per core), or in-process for one."""
    factory = EnricherFactory(settings, registry or default_registry())
    workers = settings.enrich_workers or os.cpu_count() or 1
    if workers > 1:
        return ProcessPool(factory, workers)
    return InProcess(factory)


# The Enricher of a pool worker process, built once by the pool's initializer.
_WORKER: list[Enricher] = []


def _start_worker(factory: EnricherFactory) -> None:
    _WORKER.append(factory())


def _worker_pid(pause: float) -> int:
    time.sleep(pause)  # long enough that an idle worker takes the next task
    return os.getpid()


def _enrich_chunk(articles: list[Article], only: tuple[str, ...] | None) -> list[Article]:
    return list(_WORKER[0].enrich(articles, only))
