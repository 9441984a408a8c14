"""`assay run`: one long-running process that polls, enriches, stores, alerts, sends
digests and serves the web UI and API.

Each round (every `run_interval` seconds): poll the feeds that are due (enrich, store,
cluster, embed, then match alerts in the after-save hooks), send due alert
notifications, send due digests, and record what was done for /api/v1/health
(`Store.service_status`). uvicorn serves the app in a thread of the same process.

SIGTERM or SIGINT ends it cleanly: the round finishes the step in hand (a feed's batch
commits or rolls back as a whole; a digest is recorded sent, or stays due), no new step
starts, the server stops, and `run` returns. After a SIGKILL, a restart picks up where
the store says: feed entries already stored are skipped, sent digests are recorded, and
a digest caught mid-send is marked `unknown` rather than sent twice.
"""

from __future__ import annotations

import logging
import os
import signal
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from types import FrameType
from typing import TYPE_CHECKING, Any

from assay.deliver.alerts import AlertMatcher, dispatch_alerts
from assay.deliver.mail import Mailer
from assay.deliver.sending import due_digests, send_due_digests
from assay.errors import ConfigError
from assay.pipeline import default_hooks, poll_feeds
from assay.settings import Settings
from assay.store import Store

if TYPE_CHECKING:
    from assay.pipeline.executors import Executor

log = logging.getLogger("assay.run")
SERVER_START_TIMEOUT = 30.0


@dataclass
class Service:
    """The loop of `assay run`; `app` (an ASGI app) is served on host:port when given."""

    settings: Settings
    store: Store
    enricher: Executor | None = None
    app: Any = None
    host: str = "127.0.0.1"
    port: int = 8000
    stop: threading.Event = field(default_factory=threading.Event)
    rounds: int = 0
    address: tuple[str, int] | None = None  # where the server listens, once it does
    _server: Any = None
    _thread: threading.Thread | None = None

    def __post_init__(self) -> None:
        self.hooks = default_hooks(self.settings)
        self.hooks.add(AlertMatcher())

    def run(self, max_rounds: int | None = None) -> None:
        """Serve and loop until stopped (SIGTERM, SIGINT, `stop.set()`) or `max_rounds`."""
        restore = self._handle_signals()
        try:
            if self.app is not None:
                self._serve()
            log.info(
                "assay run started",
                extra={"pid": os.getpid(), "interval": self.settings.run_interval},
            )
            while not self.stop.is_set():
                self.round()
                if max_rounds is not None and self.rounds >= max_rounds:
                    break
                self.stop.wait(self.settings.run_interval)
        finally:
            self._shutdown()
            restore()
            log.info("assay run stopped", extra={"rounds": self.rounds})

    def round(self) -> None:
        """One pass: poll due feeds, send due alerts, send due digests, record it."""
        self.rounds += 1
        self.store.deliveries.set_state("heartbeat", {"pid": os.getpid(), "round": self.rounds})
        self._step("poll", self._poll)
        with Mailer(self.settings) as mailer:
            self._step("alerts", lambda: self._alerts(mailer))
        self._step("digests", self._digests)

    def _step(self, name: str, work: Callable[[], None]) -> None:
        if self.stop.is_set():
            return
        started = time.monotonic()
        try:
            work()
        except Exception:
            # The service keeps serving and retries next round; the traceback is logged.
            log.exception("%s failed", name, extra={"step": name})
        else:
            log.debug(
                "%s done", name, extra={"step": name, "s": round(time.monotonic() - started, 3)}
            )

    def _poll(self) -> None:
        report = poll_feeds(self.store, self.settings, self.enricher, hooks=self.hooks)
        if report.feeds:
            log.info(report.summary(), extra={"step": "poll", "report": report.ingest.to_dict()})
        for line in report.errors():
            log.warning("poll: %s", line, extra={"step": "poll"})

    def _alerts(self, mailer: Mailer) -> None:
        report = dispatch_alerts(self.store, self.settings, mailer, should_stop=self.stop.is_set)
        if report.notifications:
            log.info(report.summary(), extra={"step": "alerts", "report": report.to_dict()})

    def _digests(self) -> None:
        report = send_due_digests(self.store, self.settings, should_stop=self.stop.is_set)
        if report.due:
            log.info(report.summary(), extra={"step": "digests", "report": report.to_dict()})
        left = len(due_digests(self.store, datetime.now(UTC)))
        self.store.deliveries.set_state("digests_due", left)

    # ---------------------------------------------------------------- serving

    def _serve(self) -> None:
        import uvicorn

        config = uvicorn.Config(
            self.app,
            host=self.host,
            port=self.port,
            log_level="warning",
            log_config=None,  # our handlers (text or JSON lines) format uvicorn's records
            server_header=False,
            lifespan="on",
        )
        self._server = server = uvicorn.Server(config)
        self._thread = threading.Thread(target=server.run, name="assay-web", daemon=True)
        self._thread.start()
        deadline = time.monotonic() + SERVER_START_TIMEOUT
        while not server.started:
            if not self._thread.is_alive() or time.monotonic() > deadline:
                raise ConfigError(
                    f"Cannot serve on {self.host}:{self.port} (in use, or not an address of "
                    "this machine); choose another --port or --host."
                )
            time.sleep(0.02)
        sock = server.servers[0].sockets[0].getsockname()
        self.address = (str(sock[0]), int(sock[1]))
        log.info(
            f"serving on http://{self.address[0]}:{self.address[1]}",
            extra={"host": self.address[0], "port": self.address[1]},
        )

    def _shutdown(self) -> None:
        if self._server is not None:
            self._server.should_exit = True
        if self._thread is not None:
            self._thread.join(timeout=15)

    def _handle_signals(self) -> Callable[[], None]:
        """SIGTERM and SIGINT set `stop` (main thread only); returns the undo."""
        if threading.current_thread() is not threading.main_thread():
            return lambda: None

        def handle(signum: int, frame: FrameType | None) -> None:
            log.info("stopping: %s", signal.Signals(signum).name)
            self.stop.set()

        previous = {sig: signal.signal(sig, handle) for sig in (signal.SIGTERM, signal.SIGINT)}

        def restore() -> None:
            for sig, handler in previous.items():
                signal.signal(sig, handler)

        return restore
