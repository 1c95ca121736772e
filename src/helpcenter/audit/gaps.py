"""`helpcenter audit gaps`: customers' questions through the site's own search (issue 8)."""

from __future__ import annotations

import click


@click.command()
def gaps_command() -> None:
    """Find what customers ask that the help center does not answer (not built yet)."""
    raise click.ClickException("the gap audit is not available yet")
