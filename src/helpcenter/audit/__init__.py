"""Audits of a built help center: `helpcenter audit site` (a crawl, like a search engine's)
and `helpcenter audit gaps` (customers' questions run through the site's own search).

Each writes its findings with `helpcenter.audit.report`: a Markdown summary, JSON, CSV and a
self-contained HTML report, and exits non-zero when a configured threshold is crossed.
"""

from __future__ import annotations

import click


@click.group()
def audit() -> None:
    """Audit a built help center: its pages as a crawler sees them, or what customers ask."""


def _register() -> None:
    # Each audit lives in its own module; importing them here keeps `helpcenter audit --help`
    # listing every one.
    from helpcenter.audit.gaps import gaps_command
    from helpcenter.audit.site import site_command

    audit.add_command(site_command, "site")
    audit.add_command(gaps_command, "gaps")


_register()
