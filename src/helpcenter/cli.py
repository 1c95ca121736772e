"""The `helpcenter` command: check content, generate schemas, serve a built site."""

from __future__ import annotations

import logging
import os
import sys
from pathlib import Path

import click
from mkdocs.config import load_config
from mkdocs.exceptions import ConfigurationError

from helpcenter.content import HelpCenter, load_help_center
from helpcenter.problems import ContentError
from helpcenter.schema import outdated_schemas, write_schemas

CONFIG_OPTION = click.option(
    "-f",
    "--config-file",
    "config_file",
    type=click.Path(dir_okay=False),
    default="mkdocs.yml",
    show_default=True,
    help="The help center's mkdocs.yml.",
)


@click.group()
@click.version_option(package_name="helpcenter")
def main() -> None:
    """helpcenter: a multilingual self-service help center built with MkDocs Material.

    Content lives in faq/*.yml, alerts.yml and docs/<language>/; the site is built with
    `mkdocs build`. These commands check the content and help run the site.
    """


def _load(config_file: str) -> HelpCenter:
    from helpcenter.plugin import HelpCenterPlugin, content_settings, site_languages

    path = Path(config_file)
    if not path.is_file():
        raise click.ClickException(
            f"{config_file}: no such file — run this in the help center's folder or pass -f"
        )
    os.environ.setdefault("NO_MKDOCS_2_WARNING", "1")
    logging.getLogger("mkdocs").setLevel(logging.ERROR)
    try:
        config = load_config(str(path))
    except ConfigurationError as exc:
        raise click.ClickException(f"{config_file}: {exc}") from None
    plugin = config.plugins.get("helpcenter")
    if not isinstance(plugin, HelpCenterPlugin):
        raise click.ClickException(f"{config_file}: the helpcenter plugin is not listed under 'plugins:'")
    languages, default, _ = site_languages(config)
    return load_help_center(content_settings(config, plugin.config, languages, default))


@main.command()
@CONFIG_OPTION
def check(config_file: str) -> None:
    """Validate faq/*.yml and alerts.yml without building the site.

    Prints every problem as `file:line: message` and exits with status 1 when there is an
    error, so CI and pre-commit can stop a pull request with broken content.
    """
    try:
        help_center = _load(config_file)
    except ContentError as exc:
        for problem in exc.problems:
            click.echo(str(problem), err=True)
        errors = sum(1 for p in exc.problems if p.severity == "error")
        raise click.ClickException(
            f"{errors} error{'s' if errors != 1 else ''} — fix them and run again"
        ) from None
    for warning in help_center.warnings:
        click.echo(str(warning), err=True)
    entries = len(help_center.entries)
    click.echo(
        f"OK: {len(help_center.categories)} categories, {entries} entries, {len(help_center.alerts)} alerts "
        f"in {', '.join(help_center.languages)}"
    )


@main.command()
@click.option("--output-dir", type=click.Path(file_okay=False), default="schema", show_default=True)
@click.option("--check", "check_only", is_flag=True, help="Exit 1 if the files differ from the model.")
def schema(output_dir: str, check_only: bool) -> None:
    """Write the JSON Schemas of faq/*.yml and alerts.yml for editors' IDEs."""
    directory = Path(output_dir)
    if check_only:
        stale = outdated_schemas(directory)
        if stale:
            raise click.ClickException(
                f"out of date: {', '.join(str(p) for p in stale)} — "
                "run 'helpcenter schema' and commit the result"
            )
        click.echo("schemas are up to date")
        return
    for path in write_schemas(directory):
        click.echo(f"wrote {path}")


@main.command()
@click.argument("directory", type=click.Path(file_okay=False))
@click.option(
    "--languages",
    default="ru,en,es",
    show_default=True,
    help="Comma-separated language codes; the first is the default language, served at /.",
)
def new(directory: str, languages: str) -> None:
    """Create a new help center in DIRECTORY that builds with `mkdocs build --strict` at once.

    It holds mkdocs.yml, one FAQ category with two entries, alerts.yml, a home and a contact
    page per language, the JSON Schemas for editors' IDEs and a README for editors.
    """
    from helpcenter.scaffold import ScaffoldError, create_help_center

    codes = [code.strip() for code in languages.split(",") if code.strip()]
    try:
        written = create_help_center(Path(directory), codes)
    except ScaffoldError as exc:
        raise click.ClickException(str(exc)) from None
    click.echo(f"Created {len(written)} files in {directory}. Next: cd {directory} && mkdocs serve")


@main.command("serve-site")
@click.argument("site_dir", type=click.Path(file_okay=False), default="site")
@click.option("--port", type=int, default=8000, show_default=True)
@click.option("--host", default="127.0.0.1", show_default=True)
def serve_site(site_dir: str, port: int, host: str) -> None:
    """Serve a built site with each language's own 404 page (as production should)."""
    from helpcenter.server import make_server

    try:
        server = make_server(Path(site_dir), host, port)
    except (FileNotFoundError, OSError) as exc:
        raise click.ClickException(str(exc)) from None
    click.echo(f"Serving {site_dir} at http://{host}:{server.server_port}/ (Ctrl+C to stop)")
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        pass
    finally:
        server.server_close()


@main.command("alerts")
@click.option(
    "--channel",
    type=click.Choice(["sms", "ivr", "email"]),
    required=True,
    help="sms: one text message per alert, with its segments; ivr: what the voice menu says; "
    "email: a subject and a plain-text body.",
)
@click.option("--lang", "language", required=True, help="One of the site's languages, like ru.")
@click.option(
    "--at",
    "at",
    metavar="TIME",
    envvar="HELPCENTER_NOW",
    help="The moment to show, ISO 8601 with timezone, like 2026-11-23T12:00:00+03:00 "
    "(default: HELPCENTER_NOW, else now).",
)
@CONFIG_OPTION
@click.option("--json", "as_json", is_flag=True, help="Print JSON for other systems: one object per message.")
def alerts_command(channel: str, language: str, at: str | None, config_file: str, as_json: bool) -> None:
    """Print the alerts active at TIME for another channel, in one language.

    The same alerts as the site's banner (alerts.yml), most severe first, in the form the
    channel can carry: SMS text with its GSM-7/UCS-2 segment count, a voice script without
    symbols or links, or an email with absolute links to the answers.
    """
    import json

    from helpcenter import alerts as timeline
    from helpcenter import channels

    try:
        now = timeline.parse_now(at)
    except timeline.BadNow as exc:
        raise click.ClickException(f"--at {exc}") from None
    try:
        help_center = _load(config_file)
    except ContentError as exc:
        for problem in exc.problems:
            click.echo(str(problem), err=True)
        errors = sum(1 for p in exc.problems if p.severity == "error")
        raise click.ClickException(
            f"{errors} error{'s' if errors != 1 else ''} in the content — fix them and run again"
        ) from None
    if language not in help_center.languages:
        raise click.ClickException(
            f"--lang '{language}' is not a language of this help center — use one of "
            f"{', '.join(help_center.languages)} (the i18n languages in {config_file})"
        )
    # Loaded a second time for the site's names and URL; _load has already checked that it loads.
    site = channels.site_from_config(load_config(str(Path(config_file))), help_center)
    current = timeline.active(help_center.alerts, now)
    if not current:
        click.echo("[]" if as_json else f"No alert is active at {now.isoformat(timespec='seconds')}.")
        return
    text, records = channels.render(channel, current, language, site, help_center)
    click.echo(json.dumps(records, ensure_ascii=False, indent=2) if as_json else text.rstrip("\n"))


def _add_audits() -> None:
    from helpcenter.audit import audit

    main.add_command(audit)


_add_audits()


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
