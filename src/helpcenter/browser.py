"""Find a Chromium for Playwright: the one `playwright install chromium` put in place, or the system's.

On a laptop `playwright install chromium` is the normal way. Where Playwright cannot download
browsers (CI machines behind a registry-only network), the system's Chromium works: Debian's
`chromium` package, installed with apt when we run as root and nothing else is found.
"""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

SYSTEM_NAMES = ("chromium", "chromium-browser", "google-chrome", "google-chrome-stable", "chrome")
NOT_FOUND = (
    "No Chromium found for the browser tests: run 'python -m playwright install chromium', "
    "or install your system's chromium package (Debian/Ubuntu: 'sudo apt-get install chromium'), "
    "or set HELPCENTER_CHROMIUM to a Chromium or Chrome executable."
)

# Flags for a headless Chromium on a machine with no network but loopback: without the
# background-networking ones Chromium keeps opening connections that the machine refuses.
LAUNCH_ARGS = [
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
]


class ChromiumNotFound(RuntimeError):
    pass


def playwright_chromium() -> str | None:
    """The executable `playwright install chromium` downloaded, if it is there."""
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        return None
    with sync_playwright() as playwright:
        path = playwright.chromium.executable_path
    return path if path and Path(path).is_file() else None


def system_chromium() -> str | None:
    for name in SYSTEM_NAMES:
        found = shutil.which(name)
        if found:
            return found
    return None


def find_chromium() -> str | None:
    """HELPCENTER_CHROMIUM, else Playwright's own Chromium, else the system's; None if none."""
    configured = os.environ.get("HELPCENTER_CHROMIUM")
    if configured:
        if not Path(configured).is_file():
            raise ChromiumNotFound(f"HELPCENTER_CHROMIUM={configured} does not exist — fix or unset it")
        return configured
    return playwright_chromium() or system_chromium()


def ensure_chromium(install: bool = True) -> str:
    """A Chromium executable, installing Debian's package with apt as a last resort (root only)."""
    found = find_chromium()
    if found:
        return found
    can_apt = install and shutil.which("apt-get") and hasattr(os, "geteuid") and os.geteuid() == 0
    if can_apt:
        env = {**os.environ, "DEBIAN_FRONTEND": "noninteractive"}
        subprocess.run(["apt-get", "update", "-qq"], check=True, env=env)
        subprocess.run(["apt-get", "install", "-y", "-qq", "chromium"], check=True, env=env)
        found = system_chromium()
        if found:
            return found
    raise ChromiumNotFound(NOT_FOUND)


def launch_options(executable: str) -> dict[str, object]:
    """Options for `playwright.chromium.launch()` with the executable found above."""
    return {"headless": True, "executable_path": executable, "args": LAUNCH_ARGS}
