"""A real threaded HTTP server for source tests: files from tests/pages/ plus programmable routes.

Routes (all GET):
  /pages/<name>         a file from tests/pages/; *.xml files get {base} replaced by the base URL.
                        Every 200 carries an ETag and Last-Modified and honours conditional GETs.
  /redirect/<n>         n redirects, then /pages/article.html
  /loop/a, /loop/b      a redirect loop
  /status/<code>        that status with a short body
  /slow?s=<seconds>     sleeps, then an article
  /big?n=<bytes>&cl=0   an HTML body of n bytes; cl=0 omits Content-Length (read until close)
  /gzip                 a small gzip-encoded article
  /bomb                 ~50 KB of gzip that inflates to 50 MB
  /binary.pdf           application/pdf bytes
  /latin1               text/html; charset=iso-8859-1 body
  /meta-charset         cp1252 HTML declared only in a <meta> tag
  /robots.txt           disallows /private/
  /private/<name>       same as /pages/<name>, but disallowed by robots.txt
  /to-private           redirects to http://localhost:<port>/pages/article.html
  /to-file              redirects to file:///etc/passwd
  /to-data              redirects to a data: URL
  /hostile/<name>       a file from tests/hostile/ ({base} replaced, like /pages/)
  /drip?n=<chunks>&every=<s>  an HTML body sent 55 bytes at a time, every <s> seconds
  /retry?code=<c>&wait=<s>&key=<k>  first hit per key: status c with Retry-After: s; then 200
  /big-feed?n=<items>   an RSS feed of n items
It also answers proxy-style requests (absolute URLs), so a client using it as a proxy can
"fetch" a public IP address that in fact lands here.
"""

from __future__ import annotations

import contextlib
import gzip
import hashlib
import threading
import time
import zlib
from collections import Counter
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

PAGES = Path(__file__).parent / "pages"
HOSTILE = Path(__file__).parent / "hostile"
LAST_MODIFIED = "Wed, 01 May 2024 10:00:00 GMT"
ROBOTS = b"User-agent: *\nDisallow: /private/\n"
TYPES = {
    ".html": "text/html; charset=utf-8",
    ".htm": "text/html; charset=utf-8",
    ".txt": "text/plain; charset=utf-8",
    ".md": "text/markdown; charset=utf-8",
    ".xml": "application/xml",
    ".rss": "application/rss+xml",
    ".atom": "application/atom+xml",
}
ARTICLE = (
    b"<html><head><title>Gallium curbs</title></head><body><article><p>China tightened "
    b"export controls on gallium and germanium on Monday.</p></article></body></html>"
)


def _bomb(size: int = 50_000_000) -> bytes:
    # Built in 1 MB steps so the 50 MB of plain text never sits in memory at once.
    compressor = zlib.compressobj(9, zlib.DEFLATED, zlib.MAX_WBITS | 16)
    block = b" " * 1_000_000
    parts = [compressor.compress(block) for _ in range(size // len(block))]
    parts.append(compressor.flush())
    return b"".join(parts)


class LocalServer(ThreadingHTTPServer):
    """The server plus what tests inspect: `base` URL and per-path `hits`."""

    daemon_threads = True

    def __init__(self) -> None:
        super().__init__(("127.0.0.1", 0), Handler)
        self.port = self.server_address[1]
        self.base = f"http://127.0.0.1:{self.port}"
        self.hits: Counter[str] = Counter()
        self.lock = threading.Lock()
        self._bomb: bytes | None = None

    def url(self, path: str) -> str:
        return self.base + path

    def bomb(self) -> bytes:
        with self.lock:
            if self._bomb is None:
                self._bomb = _bomb()
            return self._bomb


class Handler(BaseHTTPRequestHandler):
    server: LocalServer

    def log_message(self, format: str, *args: object) -> None:
        pass  # keep test output clean

    def do_GET(self) -> None:
        parts = urlsplit(self.path)
        path, query = parts.path, parse_qs(parts.query)
        with self.server.lock:
            self.server.hits[path] += 1
        if path.startswith(("/pages/", "/private/")):
            self._file(path.split("/", 2)[2])
        elif path.startswith("/hostile/"):
            self._file(path.split("/", 2)[2], HOSTILE)
        elif path == "/to-data":
            self._redirect("data:text/html,<p>Copper</p>")
        elif path == "/drip":
            self._drip(int(query.get("n", ["100"])[0]), float(query.get("every", ["0.2"])[0]))
        elif path == "/retry":
            key = query.get("key", ["x"])[0]
            with self.server.lock:
                first = self.server.hits[f"retry:{key}"] == 0
                self.server.hits[f"retry:{key}"] += 1
            if first:
                headers = {"Retry-After": query.get("wait", ["1"])[0]}
                code = int(query.get("code", ["429"])[0])
                self._send(code, b"slow down", "text/plain", headers=headers)
            else:
                self._send(200, ARTICLE, "text/html")
        elif path == "/big-feed":
            self._send(200, _big_feed(int(query.get("n", ["100000"])[0])), "application/rss+xml")
        elif path.startswith("/redirect/"):
            n = int(path.rsplit("/", 1)[1])
            target = f"/redirect/{n - 1}" if n > 0 else "/pages/article.html"
            self._redirect(target)
        elif path == "/loop/a":
            self._redirect("/loop/b")
        elif path == "/loop/b":
            self._redirect("/loop/a")
        elif path == "/to-private":
            self._redirect(f"http://localhost:{self.server.port}/pages/article.html")
        elif path == "/to-file":
            self._redirect("file:///etc/passwd")
        elif path.startswith("/status/"):
            code = int(path.rsplit("/", 1)[1])
            self._send(code, b"status page", "text/plain")
        elif path == "/slow":
            time.sleep(float(query.get("s", ["2"])[0]))
            self._send(200, ARTICLE, "text/html")
        elif path == "/big":
            n = int(query.get("n", ["200000"])[0])
            body = b"<html><body><p>" + b"x" * n + b"</p></body></html>"
            self._send(200, body, "text/html", length=query.get("cl", ["1"])[0] == "1")
        elif path == "/gzip":
            self._send(
                200, gzip.compress(ARTICLE), "text/html", headers={"Content-Encoding": "gzip"}
            )
        elif path == "/bomb":
            headers = {"Content-Encoding": "gzip"}
            self._send(200, self.server.bomb(), "text/html", headers=headers)
        elif path == "/binary.pdf":
            self._send(200, b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n1 0 obj\n", "application/pdf")
        elif path == "/latin1":
            body = "<html><body><p>Société Générale financed the Nickel plant.</p></body></html>"
            self._send(200, body.encode("latin-1"), "text/html; charset=iso-8859-1")
        elif path == "/meta-charset":
            body = (
                '<html><head><meta charset="windows-1252"></head>'
                "<body><p>The \u201cCritical Raw Materials Act\u201d passed.</p></body></html>"
            )
            self._send(200, body.encode("cp1252"), "text/html")
        elif path == "/robots.txt":
            self._send(200, ROBOTS, "text/plain")
        else:
            self._send(404, b"not found", "text/plain")

    def _drip(self, chunks: int, every: float) -> None:
        self.send_response(200)
        self.send_header("Content-Type", "text/html")
        self.end_headers()
        with contextlib.suppress(BrokenPipeError, ConnectionResetError):
            for _ in range(chunks):
                self.wfile.write(b"<p>" + b"x" * 48 + b"</p>")
                self.wfile.flush()
                time.sleep(every)

    def _file(self, name: str, folder: Path = PAGES) -> None:
        file = (folder / name).resolve()
        if folder.resolve() not in file.parents or not file.is_file():
            self._send(404, b"not found", "text/plain")
            return
        body = file.read_bytes()
        if file.suffix in (".xml", ".rss", ".atom"):
            body = body.replace(b"{base}", self.server.base.encode())
        etag = '"' + hashlib.sha1(body).hexdigest()[:16] + '"'
        if (
            self.headers.get("If-None-Match") == etag
            or self.headers.get("If-Modified-Since") == LAST_MODIFIED
        ):
            self.send_response(304)
            self.send_header("ETag", etag)
            self.send_header("Last-Modified", LAST_MODIFIED)
            self.end_headers()
            return
        ctype = TYPES.get(file.suffix, "application/octet-stream")
        self._send(200, body, ctype, headers={"ETag": etag, "Last-Modified": LAST_MODIFIED})

    def _redirect(self, location: str) -> None:
        self.send_response(302)
        self.send_header("Location", location)
        self.send_header("Content-Length", "0")
        self.end_headers()

    def _send(
        self,
        status: int,
        body: bytes,
        ctype: str,
        *,
        headers: dict[str, str] | None = None,
        length: bool = True,
    ) -> None:
        self.send_response(status)
        self.send_header("Content-Type", ctype)
        for key, value in (headers or {}).items():
            self.send_header(key, value)
        if length:
            self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        # The client may hang up on purpose (size cap, timeout).
        with contextlib.suppress(BrokenPipeError, ConnectionResetError):
            self.wfile.write(body)


def _big_feed(items: int) -> bytes:
    entries = b"".join(
        b"<item><title>Item %d</title><link>http://feed.example/%d</link><guid>g%d</guid></item>"
        % (i, i, i)
        for i in range(items)
    )
    return (
        b'<?xml version="1.0"?><rss version="2.0"><channel><title>Big</title>%s</channel></rss>'
        % entries
    )


def start_server() -> LocalServer:
    """Start the server in a daemon thread; call `shutdown()` then `server_close()` to stop."""
    server = LocalServer()
    threading.Thread(
        target=server.serve_forever, args=(0.05,), name="test-http", daemon=True
    ).start()
    return server
