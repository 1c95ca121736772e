"""The `helpcenter` command: check content, add entries and alerts, generate schemas, serve a built site."""

from __future__ import annotations

import datetime as dt
import os
import sys
from pathlib import Path
from typing import TYPE_CHECKING

import click

from helpcenter.content import HelpCenter, load_help_center
from helpcenter.problems import ContentError, display_path
from helpcenter.project import Project, ProjectError, config_file_option, open_project, read_mkdocs_config
from helpcenter.schema import outdated_schemas, write_schemas

if TYPE_CHECKING:
    from helpcenter.lint import LintReport, LintSettings

CONFIG_OPTION = config_file_option()


@click.group()
@click.version_option(package_name="helpcenter")
def main() -> None:
    """helpcenter: a multilingual self-service help center built with MkDocs Material.

    Content lives in faq/*.yml, alerts.yml and docs/<language>/; the site is built with
    `mkdocs build`. These commands check the content and help run the site.
    """


def _open_project(config_file: str) -> Project:
    try:
        return open_project(Path(config_file))
    except ProjectError as exc:
        raise click.ClickException(str(exc)) from None


def _load(config_file: str) -> HelpCenter:
    return load_help_center(_open_project(config_file).settings)


TODAY_OPTION = click.option(
    "--today",
    metavar="DATE",
    envvar="HELPCENTER_TODAY",
    help="The day to measure the age of content from, YYYY-MM-DD (default: HELPCENTER_TODAY, else today).",
)


def _today(value: str | None) -> dt.date:
    from helpcenter.lint import LintConfigError, parse_today

    try:
        return parse_today(value)
    except LintConfigError as exc:
        raise click.ClickException(f"--today {exc}") from None


def _lint_settings(project: Project, today: dt.date) -> LintSettings:
    from helpcenter.lint import LintConfigError, LintSettings, validate_levels

    options, config, settings = project.options, project.config, project.settings
    try:
        levels = validate_levels(options.check_levels)
    except LintConfigError as exc:
        raise click.ClickException(f"{config.config_file_path}: helpcenter {exc}") from None
    i18n = config.plugins.get("i18n")
    docs = Path(config.docs_dir)
    notes: tuple[str, ...] = ()
    if i18n is None:
        page_dirs = {settings.default_language: docs}
        page_fallback = False
    elif getattr(i18n.config, "docs_structure", "folder") == "folder":
        # mkdocs-static-i18n's folder structure: docs/<language>/...
        page_dirs = {language: docs / language for language in settings.languages}
        page_fallback = bool(getattr(i18n.config, "fallback_to_default", False))
    else:
        page_dirs, page_fallback = {}, False
        notes = ("the pages in docs/ are checked with the i18n plugin's docs_structure: folder only",)
    root = settings.root
    return LintSettings(
        content=settings,
        today=today,
        page_dirs=page_dirs,
        faq_url=options.faq_url,
        generated_pages=(options.status_page,),
        page_fallback=page_fallback,
        call_reasons_file=root / options.call_reasons,
        stale_after_days=options.stale_after_days,
        duplicate_threshold=float(options.duplicate_threshold),
        levels=levels,
        markdown_extensions=tuple(config.markdown_extensions),
        markdown_configs=dict(config.mdx_configs),
        notes=notes,
    )


@main.command()
@CONFIG_OPTION
@click.option("--strict", is_flag=True, help="Fail on warnings too (errors always fail).")
@TODAY_OPTION
def check(config_file: str, strict: bool, today: str | None) -> None:
    """Check the content without building the site: every problem as `file:line: message`.

    Beyond what the build rejects (malformed YAML, missing translations, broken ids), it reports
    translation coverage per language, entries whose `reviewed` date and pages whose last change
    is older than `stale_after_days`, phone numbers, e-mail addresses, links, prices, periods,
    dates and times that differ between languages, links to pages, entries or headings that do
    not exist, questions that (nearly) repeat another, and call-reason codes missing from
    call_reasons.yml. CONTRIBUTING.md explains each finding and how to fix it.

    Exits with status 1 when there is an error, or a warning with --strict (or the plugin's
    check_strict / check_max_warnings options in mkdocs.yml). Under GitHub Actions each finding
    is also an annotation on the pull request, and a summary goes to the job summary.
    """
    from helpcenter import github
    from helpcenter.lint import lint, schema_report

    project = _open_project(config_file)
    settings = project.settings
    lint_settings = _lint_settings(project, _today(today))
    try:
        help_center = load_help_center(settings)
    except ContentError as exc:
        report = schema_report(exc.problems, settings.languages, settings.default_language)
    else:
        report = lint(help_center, lint_settings)
    options = project.options
    strict_by = "--strict" if strict else "check_strict in mkdocs.yml" if options.check_strict else ""
    failed = report.failed(bool(strict_by), options.check_max_warnings)

    for finding in report.findings:
        click.echo(str(finding), err=True)
    if github.running_in_actions():
        for line in github.annotations(report, settings.root, os.environ.get("GITHUB_WORKSPACE")):
            click.echo(line)
        github.append_summary(github.summary_markdown(report, failed))
    if not report.loaded:
        click.echo(
            "The other checks (translations, links, consistency, ...) run once these errors are fixed."
        )
    if report.coverage:
        click.echo(_coverage_text(report))
    if report.unanswered_reasons:
        click.echo(f"Call reasons no entry answers yet: {', '.join(report.unanswered_reasons)}")
    for note in report.notes:
        click.echo(f"Note: {note}")

    errors, warnings = len(report.errors), len(report.warnings)
    if failed:
        if errors:
            what = _plural(errors, "error") + (f" and {_plural(warnings, 'warning')}" if warnings else "")
        elif strict_by:
            what = f"{_plural(warnings, 'warning')}, and warnings fail ({strict_by})"
        else:
            what = (
                f"{_plural(warnings, 'warning')}, more than check_max_warnings ({options.check_max_warnings})"
            )
        raise click.ClickException(f"{what} — fix them and run again")
    counts = report.counts
    what = [
        _plural(counts["categories"], "category", "categories"),
        _plural(counts["entries"], "entry", "entries"),
        _plural(counts["alerts"], "alert"),
        _plural(counts["pages"], "page"),
    ]
    click.echo(
        f"OK: {', '.join(what)} in {', '.join(report.languages)}"
        + (f" — {_plural(warnings, 'warning')} to look at" if warnings else "")
    )


def _plural(number: int, word: str, words: str | None = None) -> str:
    return f"{number} {word if number == 1 else words or word + 's'}"


def _coverage_text(report: LintReport) -> str:
    lines = ["Translation coverage:"]
    width = max(len(item.language) for item in report.coverage) + len(" (default)")
    for item in report.coverage:
        label = item.language + (" (default)" if item.language == report.default_language else "")
        entries = (
            f"entries {item.entries}/{item.entries_total} {item.percent(item.entries, item.entries_total)}%"
        )
        if item.entries_fallback:
            entries += f" ({item.entries_fallback} fall back)"
        pages = f"pages {item.pages}/{item.pages_total} {item.percent(item.pages, item.pages_total)}%"
        if item.pages_fallback:
            pages += f" ({item.pages_fallback} fall back)"
        lines.append(f"  {label:<{width}}  {entries:<22}  {pages}")
    return "\n".join(lines)


@main.command("new-entry")
@click.argument("category")
@click.argument("entry_id", metavar="ID")
@CONFIG_OPTION
@TODAY_OPTION
def new_entry(category: str, entry_id: str, config_file: str, today: str | None) -> None:
    """Add an empty FAQ entry ID at the end of CATEGORY's file in faq/.

    The entry has a question and an answer for every language of the site, left empty, and
    `reviewed:` set to today. The rest of the file is kept exactly as it was. Then write the
    texts; `helpcenter check` lists each one still empty.
    """
    from helpcenter.skeletons import SkeletonError, add_entry

    settings = _open_project(config_file).settings
    try:
        added = add_entry(
            settings.faq_dir, category, entry_id, settings.languages, _today(today), settings.root
        )
    except SkeletonError as exc:
        raise click.ClickException(str(exc)) from None
    shown = display_path(added.path, settings.root)
    click.echo(
        f"Added entry '{entry_id}' to {shown}:{added.line}. Write its question and answer in "
        f"{', '.join(settings.languages)}, then run: helpcenter check"
    )


@main.command("new-alert")
@click.argument("alert_id", metavar="ID")
@click.option(
    "--severity", type=click.Choice(["info", "warning", "critical"]), default="warning", show_default=True
)
@click.option(
    "--starts",
    metavar="TIME",
    help="When it appears, ISO 8601 with timezone, like 2026-11-23T09:00:00+03:00 (default: now).",
)
@click.option("--ends", metavar="TIME", help="When it disappears (default: 7 days after it starts).")
@click.option("--no-end", is_flag=True, help="No end: the alert shows until you remove it.")
@click.option("--link", metavar="TARGET", help="An FAQ entry id or a page like contact.md.")
@CONFIG_OPTION
def new_alert(
    alert_id: str,
    severity: str,
    starts: str | None,
    ends: str | None,
    no_end: bool,
    link: str | None,
    config_file: str,
) -> None:
    """Add an alert ID, with empty texts in every language, at the end of alerts.yml.

    The rest of the file is kept exactly as it was (the file is created when there is none).
    Then write the texts; `helpcenter check` lists each one still empty.
    """
    from helpcenter import alerts as timeline
    from helpcenter.skeletons import SkeletonError, add_alert

    settings = _open_project(config_file).settings
    try:
        start = timeline.parse_now(starts or os.environ.get(timeline.NOW_ENVIRONMENT_VARIABLE))
        if not starts:
            start = start.astimezone().replace(second=0, microsecond=0)
        end = None if no_end else (timeline.parse_now(ends) if ends else start + dt.timedelta(days=7))
    except timeline.BadNow as exc:
        raise click.ClickException(f"--starts/--ends {exc}") from None
    try:
        added = add_alert(
            settings.alerts_file, alert_id, settings.languages, severity, start, end, link, settings.root
        )
    except SkeletonError as exc:
        raise click.ClickException(str(exc)) from None
    shown = display_path(added.path, settings.root)
    click.echo(
        f"Added alert '{alert_id}' to {shown}:{added.line}. Write its text in "
        f"{', '.join(settings.languages)}, then run: helpcenter check"
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
    site = channels.site_from_config(read_mkdocs_config(Path(config_file)), help_center)
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
