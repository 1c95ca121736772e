"""`mkdocs serve`: editing a FAQ file rebuilds the site, and the build does not loop."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest

pytestmark = pytest.mark.build


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def fetch(url: str) -> str | None:
    try:
        with urllib.request.urlopen(url, timeout=5) as response:
            return response.read().decode("utf-8")
    except (urllib.error.URLError, ConnectionError, TimeoutError):
        return None


def wait_for(url: str, condition, timeout: float, server: subprocess.Popen) -> str:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        assert server.poll() is None, "mkdocs serve exited"
        body = fetch(url)
        if body is not None and condition(body):
            return body
        time.sleep(0.5)
    raise AssertionError(f"{url} did not show the change within {timeout} s")


def test_editing_yaml_rebuilds_the_page_under_mkdocs_serve(make_project, tmp_path: Path) -> None:
    project = make_project()
    port = free_port()
    log = tmp_path / "serve.log"
    with log.open("w") as output:
        server = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "mkdocs",
                "serve",
                "-a",
                f"127.0.0.1:{port}",
                "-f",
                str(project / "mkdocs.yml"),
            ],
            stdout=output,
            stderr=subprocess.STDOUT,
            env={**os.environ, "NO_MKDOCS_2_WARNING": "1"},
        )
    try:
        url = f"http://127.0.0.1:{port}/en/faq/orders/"
        wait_for(url, lambda body: "Where is my order?" in body, 90, server)
        faq = project / "faq" / "orders.yml"
        faq.write_text(
            faq.read_text("utf-8").replace("Where is my order?", "Where is my parcel now?"), "utf-8"
        )
        wait_for(url, lambda body: "Where is my parcel now?" in body, 60, server)
        # A build that wrote into docs_dir would trigger itself again and again.
        time.sleep(3)
        builds = log.read_text("utf-8").count("Documentation built in")
        assert builds == 2, log.read_text("utf-8")
    finally:
        server.terminate()
        try:
            server.wait(timeout=10)
        except subprocess.TimeoutExpired:
            server.kill()
