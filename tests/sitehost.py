"""A tiny real web site for pipeline tests: static files from a directory, request counts, /slow."""

from __future__ import annotations

import threading
import time
from collections import Counter
from functools import partial
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any


class _Handler(SimpleHTTPRequestHandler):
    server: SiteServer

    def log_message(self, format: str, *args: Any) -> None:
        pass

    def do_GET(self) -> None:
        self.server.hits[self.path] += 1
        if self.path.startswith("/slow"):
            time.sleep(30)  # longer than any test waits; the client is killed first
        super().do_GET()


class SiteServer(ThreadingHTTPServer):
    daemon_threads = True

    def __init__(self, root: Path) -> None:
        super().__init__(("127.0.0.1", 0), partial(_Handler, directory=str(root)))
        self.hits: Counter[str] = Counter()
        self.base = f"http://127.0.0.1:{self.server_address[1]}"


def serve(root: Path) -> SiteServer:
    """Serve `root` (SimpleHTTPRequestHandler: Last-Modified + If-Modified-Since -> 304)."""
    server = SiteServer(root)
    threading.Thread(target=server.serve_forever, args=(0.05,), daemon=True).start()
    return server
