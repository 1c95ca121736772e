#!/usr/bin/env python3
"""Print the Chromium the browser tests will use, installing Debian's package if needed (root)."""

import sys

from helpcenter.browser import ChromiumNotFound, ensure_chromium

try:
    print(f"Chromium for the browser tests: {ensure_chromium()}")
except ChromiumNotFound as exc:
    sys.exit(str(exc))
