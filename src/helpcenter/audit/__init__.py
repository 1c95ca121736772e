"""Audits of a built help center: `helpcenter audit site` (a crawl, like a search engine's)
and `helpcenter audit gaps` (customers' questions run through the site's own search).

Each writes its findings with `helpcenter.audit.report`: a Markdown summary, JSON, CSV and a
self-contained HTML report, and exits non-zero when a configured threshold is crossed.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import click

from helpcenter.project import ProjectError, config_file_option, read_mkdocs_config


@click.group()
@config_file_option("The help center's mkdocs.yml: its helpcenter `audit:` option sets the defaults.")
@click.pass_context
def audit(ctx: click.Context, config_file: str) -> None:
    """Audit a built help center: its pages as a crawler sees them, or what customers ask.

    Thresholds live in mkdocs.yml, under the helpcenter plugin, with the options' names:
    `audit: {site: {fail_on: warning, max_pages: 500}, gaps: {fail_on_gap_share: 0.2}}`;
    an option given on the command line wins.
    """
    ctx.default_map = _configured_defaults(Path(config_file))


def _configured_defaults(config_file: Path) -> dict[str, dict[str, Any]]:
    if not config_file.is_file():
        return {}
    try:
        config = read_mkdocs_config(config_file)
    except ProjectError as exc:
        raise click.ClickException(str(exc)) from None
    plugin = config.plugins.get("helpcenter")
    settings = dict(getattr(plugin, "config", {}).get("audit") or {}) if plugin else {}
    commands = {"site": site_command, "gaps": gaps_command}
    for name, values in settings.items():
        command = commands.get(name)
        if command is None or not isinstance(values, dict):
            raise click.ClickException(
                f"{config_file}: helpcenter audit: '{name}' is not an audit — use {', '.join(commands)}, "
                "each a map of option names to values"
            )
        known = {param.name for param in command.params if isinstance(param, click.Option)}
        for key in values:
            if key not in known:
                raise click.ClickException(
                    f"{config_file}: helpcenter audit.{name}: unknown option '{key}' — "
                    f"use one of {', '.join(sorted(str(k) for k in known))}"
                )
    return settings


from helpcenter.audit.gaps import gaps_command  # noqa: E402 - each audit in its own module
from helpcenter.audit.site import site_command  # noqa: E402

audit.add_command(site_command, "site")
audit.add_command(gaps_command, "gaps")
