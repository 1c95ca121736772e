"""Serve a built site on loopback the way a CDN would: each language section gets its own 404,
and text is sent gzip-compressed to clients that accept it (so Lighthouse and the weight
tests see what customers download).

mkdocs-static-i18n leaves one `404.html` per language section (`/en/404.html`); a missing
`/en/...` URL must answer with the English page, not the default language's. The tests and
the audits use this server; production hosts configure the same rule (see README).
"""

from __future__ import annotations

import contextlib
import functools
import gzip
import http.server
import os
import threading
from collections.abc import Iterator
from pathlib import Path

COMPRESSIBLE = (".html", ".css", ".js", ".json", ".xml", ".svg", ".txt", ".map")


class SiteRequestHandler(http.server.SimpleHTTPRequestHandler):
    def do_GET(self) -> None:  # noqa: N802 - the stdlib's name
        if not self._send_compressed():
            super().do_GET()

    def _send_compressed(self) -> bool:
        """Send a text file gzip-compressed when the client accepts it; False to let the
        standard handler answer (directories without a slash, missing files, binaries)."""
        if "gzip" not in self.headers.get("Accept-Encoding", ""):
            return False
        path = self.translate_path(self.path)
        if os.path.isdir(path):
            if not self.path.split("?", 1)[0].endswith("/"):
                return False
            path = os.path.join(path, "index.html")
        if not path.endswith(COMPRESSIBLE) or not os.path.isfile(path):
            return False
        with open(path, "rb") as source:
            body = gzip.compress(source.read(), compresslevel=6)
        self.send_response(200)
        self.send_header("Content-Type", self.guess_type(path))
        self.send_header("Content-Encoding", "gzip")
        self.send_header("Content-Length", str(len(body)))
        self.send_header("Vary", "Accept-Encoding")
        self.end_headers()
        self.wfile.write(body)
        return True

    def end_headers(self) -> None:
        # Revalidate every time: a rebuilt site must show at once, as after a CDN purge.
        self.send_header("Cache-Control", "no-cache")
        super().end_headers()

    def send_error(self, code: int, message: str | None = None, explain: str | None = None) -> None:
        if code != 404:
            super().send_error(code, message, explain)
            return
        page = self._not_found_page()
        if page is None:
            super().send_error(code, message, explain)
            return
        body = page.read_bytes()
        self.send_response(404)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(body)

    def _not_found_page(self) -> Path | None:
        root = Path(self.directory)
        section = self.path.split("?", 1)[0].lstrip("/").split("/", 1)[0]
        candidates = [root / section / "404.html"] if section not in ("", ".", "..") else []
        candidates.append(root / "404.html")
        return next((page for page in candidates if page.is_file()), None)

    def log_message(self, format: str, *args: object) -> None:  # noqa: A002 - stdlib signature
        pass  # a test or an audit prints what matters; one line per request is noise


def make_server(site_dir: Path, host: str = "127.0.0.1", port: int = 0) -> http.server.ThreadingHTTPServer:
    """A server for `site_dir`; port 0 picks a free port (read it from `server.server_port`)."""
    if not (site_dir / "index.html").is_file():
        raise FileNotFoundError(f"{site_dir} is not a built site (no index.html) — run 'mkdocs build' first")
    handler = functools.partial(SiteRequestHandler, directory=str(site_dir))
    return http.server.ThreadingHTTPServer((host, port), handler)


@contextlib.contextmanager
def serving(site_dir: Path, host: str = "127.0.0.1", port: int = 0) -> Iterator[str]:
    """Serve `site_dir` in a background thread; yield its base URL; stop on exit."""
    server = make_server(site_dir, host, port)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://{host}:{server.server_port}/"
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=5)
