"""The loopback server used by the tests and the audits: a CDN's behaviour, nothing more."""

from __future__ import annotations

import gzip
import http.client
from pathlib import Path
from urllib.parse import urlsplit

import pytest

from helpcenter.server import make_server, serving


@pytest.fixture
def site(tmp_path: Path) -> Path:
    (tmp_path / "en").mkdir()
    (tmp_path / "index.html").write_text("<p>home</p>" * 100, encoding="utf-8")
    (tmp_path / "404.html").write_text("default 404", encoding="utf-8")
    (tmp_path / "en" / "404.html").write_text("english 404", encoding="utf-8")
    (tmp_path / "logo.png").write_bytes(b"\x89PNG" + b"\x00" * 50)
    return tmp_path


def get(url: str, path: str, **headers: str) -> http.client.HTTPResponse:
    parts = urlsplit(url)
    connection = http.client.HTTPConnection(parts.hostname, parts.port, timeout=5)
    connection.request("GET", path, headers=headers)
    return connection.getresponse()


def test_text_is_compressed_for_clients_that_accept_it(site: Path) -> None:
    with serving(site) as url:
        plain = get(url, "/")
        assert (
            plain.getheader("Content-Encoding") is None and plain.read() == (site / "index.html").read_bytes()
        )
        compressed = get(url, "/", **{"Accept-Encoding": "gzip, br"})
        assert compressed.getheader("Content-Encoding") == "gzip"
        assert gzip.decompress(compressed.read()) == (site / "index.html").read_bytes()
        image = get(url, "/logo.png", **{"Accept-Encoding": "gzip"})
        assert image.getheader("Content-Encoding") is None


@pytest.mark.parametrize(
    ("path", "body"),
    [("/en/missing/", b"english 404"), ("/missing/", b"default 404"), ("/../../etc/passwd", b"default 404")],
)
def test_each_section_answers_with_its_own_404(site: Path, path: str, body: bytes) -> None:
    with serving(site) as url:
        response = get(url, path, **{"Accept-Encoding": "gzip"})
        assert response.status == 404 and response.read() == body


def test_a_folder_that_is_not_a_site_is_refused(tmp_path: Path) -> None:
    with pytest.raises(FileNotFoundError, match="is not a built site"):
        make_server(tmp_path)
