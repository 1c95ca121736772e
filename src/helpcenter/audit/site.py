"""`helpcenter audit site`: crawl a built help center like a search engine (issue 7)."""

from __future__ import annotations

import click


@click.command()
def site_command() -> None:
    """Crawl the built site on 127.0.0.1 and report what a search engine would (not built yet)."""
    raise click.ClickException("the site audit is not available yet")
