"""Extract and enrich on a Dask cluster; the client keeps saving, in input order.

`--scheduler tcp://HOST:8786` joins a running scheduler; `--scheduler local:N` starts a
LocalCluster of N single-threaded worker processes. Each worker process builds its
`Enricher` once, from the picklable `EnricherFactory`, and keeps it for every later task.

Pages are sent in chunks of `BATCH`; at most `window` chunks are in flight, so memory
stays flat however large the input. Results are taken back oldest first (not in
completion order): saving in input order makes the stored records, story clusters
included, identical to an in-process run.
"""

from __future__ import annotations

import hashlib
import pickle
import threading
from collections import deque
from collections.abc import Callable, Collection, Iterable, Iterator
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from assay.errors import AssayError, ClusterUnavailable, ExtractionError, UsageError
from assay.models import Article, Page
from assay.pipeline.compute import extract_page
from assay.pipeline.executors import EnricherFactory
from assay.pipeline.ingest import BATCH, Ingestor
from assay.pipeline.report import IngestReport
from assay.settings import Settings
from assay.sources.targets import iter_target_pages

if TYPE_CHECKING:
    from assay.enrich import Enricher
    from assay.pipeline.hooks import Hooks
    from assay.store import Store

# Chunks in flight per worker thread: enough to keep workers busy while the client saves.
IN_FLIGHT_PER_WORKER = 2


@dataclass(frozen=True)
class Scheduler:
    """A parsed `--scheduler`: an address to join, or the size of a local cluster."""

    address: str | None = None
    local_workers: int = 0

    @classmethod
    def parse(cls, value: str) -> Scheduler:
        if value.startswith(("tcp://", "tls://", "inproc://")):
            return cls(address=value)
        if value.startswith("local:"):
            count = value.removeprefix("local:")
            if count.isdigit() and int(count) > 0:
                return cls(local_workers=int(count))
        raise UsageError(
            f"--scheduler is '{value}'; expected tcp://HOST:8786 or local:N (N workers)."
        )


class DaskCluster:
    """A connected Dask client (and the LocalCluster it started, if any)."""

    def __init__(self, scheduler: Scheduler) -> None:
        try:
            from distributed import Client, LocalCluster
        except ImportError:
            raise UsageError(
                "--scheduler needs Dask. Install it with: pip install 'assay[dask]'."
            ) from None
        self._cluster: Any = None
        try:
            if scheduler.address is not None:
                self.client: Any = Client(scheduler.address, timeout="20s")  # type: ignore[no-untyped-call]
            else:
                self._cluster = LocalCluster(  # type: ignore[no-untyped-call]
                    n_workers=scheduler.local_workers,
                    threads_per_worker=1,
                    processes=True,
                    dashboard_address=":0",
                )
                self.client = Client(self._cluster)  # type: ignore[no-untyped-call]
        except OSError as exc:
            where = scheduler.address or "a local cluster"
            raise ClusterUnavailable(
                f"Could not reach the Dask scheduler at {where} ({exc}). "
                "Start it with `dask scheduler`, or use --scheduler local:N."
            ) from None

    @property
    def dashboard(self) -> str | None:
        link = self.client.dashboard_link
        return str(link) if link else None

    def threads(self) -> int:
        return max(1, int(sum(self.client.nthreads().values())))

    def close(self) -> None:
        self.client.close()
        if self._cluster is not None:
            self._cluster.close()


class DaskExecutor:
    """An `Executor` whose batches are enriched on Dask workers, in order."""

    def __init__(self, factory: EnricherFactory, cluster: DaskCluster) -> None:
        self.factory = factory
        self.registry = factory.registry
        self.cluster = cluster

    def enrich(
        self, articles: list[Article], only: Collection[str] | None = None
    ) -> Iterator[Article]:
        size = -(-len(articles) // self.cluster.threads()) or 1
        chunks = [articles[i : i + size] for i in range(0, len(articles), size)]
        names = None if only is None else tuple(only)
        futures = self.cluster.client.map(
            _enrich_on_worker, chunks, factory=self.factory, only=names, pure=False
        )
        for future in futures:
            yield from future.result()

    def close(self) -> None:
        self.cluster.close()


def ingest_on_cluster(
    targets: Iterable[str],
    store: Store,
    settings: Settings,
    executor: DaskExecutor,
    on_article: Callable[[], None] | None = None,
    hooks: Hooks | None = None,
    window: int | None = None,
) -> IngestReport:
    """`ingest`, with extraction and enrichment on the cluster and saving here."""
    ing = Ingestor(store, settings, None, on_article, hooks)
    client = executor.cluster.client
    window = window or executor.cluster.threads() * IN_FLIGHT_PER_WORKER
    stamp = executor.registry.stamp()
    pending: deque[Any] = deque()

    def collect_oldest() -> None:
        # Re-batched exactly as `Ingestor.add_page` does, so batches (and the clusters
        # formed batch by batch) match an in-process run.
        per_page, failures = pending.popleft().result()
        for target, stage, reason in failures:
            ing.fail(target, stage, ExtractionError(reason))
        for articles in per_page:
            ing._batch.extend(articles)
            if len(ing._batch) >= BATCH:
                _commit(ing, stamp)

    chunk: list[Page] = []
    for page in iter_target_pages(targets, settings, ing.fail):
        ing.report.pages += 1
        chunk.append(page)
        if len(chunk) >= BATCH:
            pending.append(client.submit(_process_on_worker, chunk, executor.factory, pure=False))
            chunk = []
            while len(pending) >= window:
                collect_oldest()
    if chunk:
        pending.append(client.submit(_process_on_worker, chunk, executor.factory, pure=False))
    while pending:
        collect_oldest()
    _commit(ing, stamp)
    return ing.report


def _commit(ing: Ingestor, stamp: str) -> None:
    batch, ing._batch = ing._batch, []
    if batch:
        ing.commit(batch, stamp)


# The Enricher of this worker process, per factory, built on first use.
_ENRICHERS: dict[bytes, Enricher] = {}
_LOCK = threading.Lock()


def _worker_enricher(factory: EnricherFactory) -> Enricher:
    key = hashlib.sha256(pickle.dumps(factory)).digest()
    with _LOCK:
        if key not in _ENRICHERS:
            _ENRICHERS[key] = factory()
        return _ENRICHERS[key]


def _enrich_on_worker(
    articles: list[Article], factory: EnricherFactory, only: tuple[str, ...] | None
) -> list[Article]:
    enricher = _worker_enricher(factory)
    with _LOCK:  # one Enricher per process: its models are not thread-safe
        return list(enricher.enrich(articles, only))


def _process_on_worker(
    pages: list[Page], factory: EnricherFactory
) -> tuple[list[list[Article]], list[tuple[str, str, str]]]:
    """Extract and enrich a chunk of pages: the articles of each page, and
    (target, stage, reason) for each page that failed."""
    settings = factory.settings
    per_page: list[list[Article]] = []
    failures: list[tuple[str, str, str]] = []
    for page in pages:
        try:
            per_page.append(extract_page(page, settings))
        except AssayError as exc:
            failures.append((page.source, "extract", str(exc) or exc.__class__.__name__))
    enriched = iter(_enrich_on_worker([a for arts in per_page for a in arts], factory, None))
    return [[next(enriched) for _ in arts] for arts in per_page], failures
