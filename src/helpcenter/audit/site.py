"""`helpcenter audit site`: crawl a built help center like a search engine (issue 7).

The pieces: `site_sources` reads robots.txt, the sitemaps and single URLs' status;
`site_crawl` runs advertools' crawl, bounded and watched; `site_checks` turns what they found into
findings. This module serves the site, puts them together, writes the reports and decides the exit
status.
"""

from __future__ import annotations

import contextlib
import json
import os
import sys
import tempfile
import time
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urljoin, urlsplit

import click

from helpcenter.audit.report import Chart, Report, to_markdown, write_report
from helpcenter.audit.site_checks import (
    CHECKS,
    ERROR,
    NOTICE,
    SEVERITIES,
    WARNING,
    Finding,
    Page,
    SiteModel,
    SiteUrls,
    Thresholds,
    click_depths,
    normalize_url,
    run_checks,
    section_language,
    site_languages,
    status_counts,
)

REPORT_STEM = "site-audit"
COLUMNS = ["check", "severity", "url", "detail", "fix"]


class AuditError(Exception):
    """Bad input or a crawl that could not run: one line for the user, no traceback."""


@dataclass
class AuditOptions:
    site_dir: Path | None = None
    url: str | None = None
    site_url: str | None = None
    max_pages: int = 2000
    max_depth: int = 10
    timeout: float = 300.0
    page_timeout: float = 15.0
    thresholds: Thresholds = field(default_factory=Thresholds)
    ignore: tuple[str, ...] = ()


@dataclass
class AuditResult:
    model: SiteModel
    findings: list[Finding]
    seconds: float
    worker_seconds: float  # the crawl worker, start-up included
    crawl_seconds: float  # Scrapy's crawl itself
    finish_reason: str
    requested: int
    notes: list[str]


# -- the audit ----------------------------------------------------------------------------------


class _Progress:
    """Pages crawled so far, on stderr: one updating line on a terminal, else a line every 10 s."""

    def __init__(self) -> None:
        self.tty = sys.stderr.isatty()
        self.started = time.monotonic()
        self.last = 0.0
        self.shown = False

    def __call__(self, pages: int, what: str = "crawled") -> None:
        now = time.monotonic()
        if self.tty and now - self.last >= 0.5:
            click.echo(f"\r{what}: {pages} pages ({now - self.started:.0f} s)\033[K", err=True, nl=False)
            self.last, self.shown = now, True
        elif not self.tty and now - self.started >= 5 and now - self.last >= 10:
            click.echo(f"{what}: {pages} pages ({now - self.started:.0f} s)", err=True)
            self.last = now

    def done(self) -> None:
        if self.shown:
            click.echo("\r\033[K", err=True, nl=False)
            self.shown = False


def audit_site(options: AuditOptions, progress: _Progress | None = None) -> AuditResult:
    """Serve (or reach) the site, crawl it, read its sitemap and robots.txt, run every check."""
    from helpcenter.audit.site_crawl import CrawlError, CrawlLimits, pages_from_rows, run_crawl
    from helpcenter.audit.site_sources import (
        built_site_url,
        fetch,
        fetch_statuses,
        read_robots,
        read_sitemaps,
    )
    from helpcenter.server import serving

    started = time.monotonic()
    page_timeout = min(options.page_timeout, options.timeout)
    with contextlib.ExitStack() as stack:
        if options.site_dir is not None:
            try:
                served = stack.enter_context(serving(options.site_dir))
            except (FileNotFoundError, OSError) as exc:
                raise AuditError(str(exc)) from None
            local_base = served
            start = served
            public = options.site_url or built_site_url(options.site_dir) or served
        else:
            assert options.url is not None
            start = _reachable_start(normalize_url(options.url), page_timeout, fetch)
            origin = urlsplit(start)
            public = options.site_url or f"{origin.scheme}://{origin.netloc}/"
            local_base = _base_for(start, public)
        public_base = _directory(normalize_url(public))
        urls = SiteUrls(local_base=local_base, public_base=public_base)
        robots = read_robots(urls, page_timeout)
        sitemaps = read_sitemaps(urls, robots, page_timeout)

        listed = [urls.to_local(entry.loc) for entry in sitemaps.entries]
        start_urls = list(dict.fromkeys([start, *(u for u in listed if u and not robots.blocked_for(u))]))
        start_urls = start_urls[: max(1, options.max_pages)]
        limits = CrawlLimits(options.max_pages, options.max_depth, options.timeout, page_timeout)
        with tempfile.TemporaryDirectory(prefix="helpcenter-site-audit-") as work:
            try:
                crawl = run_crawl(start_urls, local_base, limits, Path(work), progress)
            except CrawlError as exc:
                raise AuditError(str(exc)) from None
            finally:
                if progress is not None:
                    progress.done()
        pages = pages_from_rows(crawl.rows)
        if not any(page.status is not None for page in pages.values()):
            first = next((page.error for page in pages.values() if page.error), "")
            reason = first or (crawl.errors[0] if crawl.errors else f"the crawl ended: {crawl.finish_reason}")
            raise AuditError(f"{urls.display(start)}: nothing could be crawled — {reason}")

        # Internal URLs the checks need (link targets, canonicals, hreflang, sitemap) that the crawl
        # did not request: beyond its limits, files it does not parse, absolute production links.
        notes: list[str] = []
        wanted = _referenced(pages, sitemaps, urls)
        robots_blocked = {url: agents for url in wanted if (agents := robots.blocked_for(url))}
        for url in robots_blocked:
            if url not in pages:
                pages[url] = Page(url=url, blocked=True)
        missing = [url for url in wanted if url not in pages]
        budget = max(0, options.max_pages - len(pages))
        if len(missing) > budget:
            notes.append(
                f"{len(missing) - budget} linked or listed URLs were not requested (over --max-pages "
                f"{options.max_pages}); checks that need their status skip them."
            )
        if missing[:budget]:
            # The crawl's time bound holds for this too (and leaves it one page timeout at least).
            deadline = max(started + options.timeout, time.monotonic() + page_timeout)
            checked = fetch_statuses(missing[:budget], page_timeout, deadline, _checking(progress))
            if progress is not None:
                progress.done()
            pages.update(checked)
            if len(checked) < len(missing[:budget]):
                notes.append(
                    f"{len(missing[:budget]) - len(checked)} linked or listed URLs were not requested "
                    f"(over --timeout {options.timeout:g} s); checks that need their status skip them."
                )

    limit = None
    if crawl.finish_reason == "closespider_pagecount":
        limit = ("stopped at --max-pages", f"{options.max_pages} pages; the rest of the site was not audited")
    elif crawl.finish_reason == "closespider_timeout":
        limit = ("stopped at --timeout", f"{options.timeout:g} s; the rest of the site was not audited")
    model = SiteModel(urls, start, pages, sitemaps, robots_blocked, limit)
    findings = run_checks(model, options.thresholds)
    ignored = Counter(f.check for f in findings if f.check in options.ignore)
    findings = [f for f in findings if f.check not in options.ignore]
    if ignored:
        notes.append(
            "Ignored: " + ", ".join(f"{check} ({count})" for check, count in sorted(ignored.items()))
        )
    for message in crawl.errors[:3]:
        notes.append(f"Crawler error: {message[:300]}")
    if len(crawl.errors) > 3:
        notes.append(f"… and {len(crawl.errors) - 3} more crawler errors (the crawl's log has them).")
    return AuditResult(
        model=model,
        findings=findings,
        seconds=time.monotonic() - started,
        worker_seconds=crawl.seconds,
        crawl_seconds=crawl.crawl_seconds,
        finish_reason=crawl.finish_reason,
        requested=sum(1 for page in pages.values() if page.status is not None or page.error),
        notes=notes,
    )


def _checking(progress: _Progress | None):
    return None if progress is None else (lambda done: progress(done, "checked the status of"))


def _directory(url: str) -> str:
    return url[: url.rfind("/") + 1] if urlsplit(url).path else url + "/"


def _base_for(start: str, public: str) -> str:
    """The served site's base for a live URL: its origin, plus the site_url's path if it is served there."""
    parts = urlsplit(start)
    path = urlsplit(normalize_url(public)).path
    path = path[: path.rfind("/") + 1] or "/"
    return f"{parts.scheme}://{parts.netloc}{path if parts.path.startswith(path) else '/'}"


def _reachable_start(start: str, timeout: float, fetch) -> str:
    """The start URL once it answers 2xx-5xx: redirects on the same host are followed (http → https,
    / → /ru/), a redirect to another host or no answer at all stops the audit with one clear line."""
    first = urlsplit(start)
    for _ in range(5):
        response = fetch(start, timeout, read_body=False)
        if response.status is None:
            raise AuditError(f"{start}: {response.error} — check the URL, or start the site's server")
        if not (300 <= response.status < 400 and response.location):
            return start
        target = normalize_url(response.location)
        moved = urlsplit(target)
        if moved.hostname != first.hostname or (moved.port != first.port and (moved.port or first.port)):
            raise AuditError(
                f"{start} redirects to {target}, another host — audit that address instead (--url {target})"
            )
        start = target
    raise AuditError(f"{start}: more than 5 redirects — audit the address they lead to")


def _referenced(pages: dict[str, Page], sitemaps, urls: SiteUrls) -> list[str]:
    wanted: list[str] = []
    for page in list(pages.values()):
        if not page.parsed:
            if page.location:
                wanted.append(page.location)
            continue
        wanted += page.links
        wanted += [urljoin(page.url, href) for href in page.canonicals]
        wanted += [urljoin(page.url, href) for _, href in page.hreflang]
        if page.location:
            wanted.append(page.location)
    for entry in sitemaps.entries:
        wanted.append(entry.loc)
        wanted += [href for _, href in entry.alternates]
    local = (urls.to_local(url) for url in wanted)
    return list(dict.fromkeys(url for url in local if url is not None))


# -- the report ---------------------------------------------------------------------------------


def build_report(
    result: AuditResult,
    options: AuditOptions,
    fail_on: str,
    max_warnings: int,
    baseline: set[tuple[str, str, str]] | None,
) -> tuple[Report, bool]:
    model, findings = result.model, result.findings
    languages = site_languages(model)
    rows = []
    for finding in findings:
        local = model.urls.to_local(finding.url)
        row = {
            "check": finding.check,
            "severity": finding.severity,
            "url": finding.url,
            "detail": finding.detail,
            "fix": finding.fix,
            "source": finding.source,
            "language": section_language(model, local, languages) if local else "",
        }
        if baseline is not None:
            row["new"] = "yes" if (finding.check, finding.url, finding.detail) not in baseline else ""
        rows.append(row)
    counted = [r for r in rows if baseline is None or r["new"]]
    severities = Counter(r["severity"] for r in counted)
    errors, warnings, notices = severities[ERROR], severities[WARNING], severities[NOTICE]
    failed = (fail_on in (ERROR, WARNING) and errors > 0) or (fail_on == WARNING and warnings > max_warnings)
    scope = " new" if baseline is not None else ""
    if failed:
        reason = (
            f"{errors}{scope} error(s)" if errors else f"{warnings}{scope} warning(s) (over {max_warnings})"
        )
        verdict = f"FAIL: {reason}; the audit fails on {fail_on}"
    else:
        verdict = f"PASS: {errors}{scope} errors, {warnings}{scope} warnings, {notices}{scope} notices"
        verdict += f" (fails on {fail_on})" if fail_on != "never" else " (--fail-on never)"

    html_pages = [page for page in model.pages.values() if page.is_html]
    by_check = Counter(r["check"] for r in rows)
    by_language = Counter(r["language"] or "(other)" for r in rows if r["severity"] != NOTICE)
    statuses = status_counts(model)
    depths = Counter(click_depths(model).values())
    charts = [
        Chart("Findings by check", *_bars(by_check)),
        Chart("Errors and warnings by language section", *_bars(by_language)),
        Chart("URLs by status", *_bars(statuses)),
        Chart(
            "Pages by clicks from the start page",
            [str(d) for d in sorted(depths)],
            [depths[d] for d in sorted(depths)],
        ),
    ]
    summary = [
        ("Site", model.urls.public_base),
        ("Served from", model.urls.local_base),
        ("HTML pages audited", str(len(html_pages))),
        ("URLs requested", str(result.requested)),
        ("Sitemap URLs", str(len(model.sitemaps.entries))),
        ("Errors", str(errors)),
        ("Warnings", str(warnings)),
        ("Notices", str(notices)),
        (
            "Crawl",
            f"{result.crawl_seconds:.1f} s ({result.seconds:.1f} s in all), ended: {result.finish_reason}",
        ),
        (
            "Limits",
            f"{options.max_pages} pages, depth {options.max_depth}, {options.timeout:g} s, "
            f"{min(options.page_timeout, options.timeout):g} s per page",
        ),
    ]
    if baseline is not None:
        summary.append(("Findings already in the baseline", str(len(rows) - len(counted))))
    notes = [
        *result.notes,
        "Links to other hosts are listed as external-link and were never requested.",
    ]
    report = Report(
        title=f"Site audit: {model.urls.public_base}",
        summary=summary,
        columns=COLUMNS + (["new"] if baseline is not None else []),
        rows=rows,
        charts=charts,
        verdict=verdict,
        notes=notes,
        extra={
            "pages": len(html_pages),
            "findings_by_check": dict(sorted(by_check.items())),
            "findings_by_severity": {s: severities[s] for s in SEVERITIES},
            "statuses": dict(statuses),
            "thresholds": {
                "fail_on": fail_on,
                "max_warnings": max_warnings,
                "min_words": options.thresholds.min_words,
                "max_title_length": options.thresholds.max_title_length,
                "max_description_length": options.thresholds.max_description_length,
                "ignore": list(options.ignore),
            },
            "crawl": {
                "finish_reason": result.finish_reason,
                "seconds": round(result.crawl_seconds, 2),
                "max_pages": options.max_pages,
                "max_depth": options.max_depth,
                "timeout": options.timeout,
                "page_timeout": min(options.page_timeout, options.timeout),
            },
        },
    )
    # site-audit.json as the issue documents it: {"pages", "findings", "summary": {check: count}}
    report.document = {
        "pages": report.extra["pages"],
        "findings": [{**row, "message": row.get("detail", "")} for row in rows],
        "summary": report.extra["findings_by_check"],
        "verdict": verdict,
        "headline": dict(summary),
        **{key: value for key, value in report.extra.items() if key not in ("pages", "findings_by_check")},
    }
    return report, failed


def _bars(counts: Counter) -> tuple[list[str], list[float]]:
    ordered = counts.most_common()
    return [str(label) for label, _ in ordered], [float(value) for _, value in ordered]


def read_baseline(path: Path) -> set[tuple[str, str, str]]:
    try:
        document = json.loads(path.read_text(encoding="utf-8"))
        return {(row["check"], row["url"], row["detail"]) for row in document["findings"]}
    except (OSError, ValueError, KeyError, TypeError) as exc:
        raise click.ClickException(
            f"--baseline {path}: not a site-audit.json from an earlier run ({type(exc).__name__}: {exc})"
        ) from None


# -- the command --------------------------------------------------------------------------------


def _check_ids(ctx: click.Context, param: click.Parameter, values: tuple[str, ...]) -> tuple[str, ...]:
    ids = tuple(part.strip() for value in values for part in value.split(",") if part.strip())
    unknown = [check for check in ids if check not in CHECKS]
    if unknown:
        raise click.BadParameter(f"unknown check {', '.join(unknown)} — one of: {', '.join(CHECKS)}")
    return ids


@click.command(epilog="Check ids (for --ignore): " + ", ".join(CHECKS) + ".")
@click.argument("site_dir", required=False, type=click.Path(exists=True, file_okay=False, path_type=Path))
@click.option("--url", metavar="URL", help="Audit a site already served at URL instead of a SITE_DIR.")
@click.option(
    "--site-url",
    metavar="URL",
    help="The address the site is built for, if not the one it is served at: links, canonicals, "
    "hreflang and sitemap URLs there count as the site's own. Default for SITE_DIR: the home page's "
    "canonical, else the sitemap's URLs.",
)
@click.option(
    "--max-pages",
    type=click.IntRange(1),
    default=2000,
    show_default=True,
    metavar="N",
    help="Stop the crawl after N pages (and check the status of N URLs at most besides).",
)
@click.option(
    "--max-depth",
    type=click.IntRange(0),
    default=10,
    show_default=True,
    metavar="N",
    help="Follow links N clicks deep from the home page and the sitemap's URLs.",
)
@click.option(
    "--timeout",
    type=click.FloatRange(1),
    default=300,
    show_default=True,
    metavar="S",
    help="Stop the crawl after S seconds.",
)
@click.option(
    "--page-timeout",
    type=click.FloatRange(0.5),
    default=15,
    show_default=True,
    metavar="S",
    help="A URL that does not answer within S seconds is a crawl-error finding.",
)
@click.option(
    "--out-dir",
    "--out",
    "out_dir",
    type=click.Path(file_okay=False, path_type=Path),
    default="site-audit",
    show_default=True,
    metavar="DIR",
    help="Where to write site-audit.md, .json, .csv and .html.",
)
@click.option(
    "--fail-on",
    type=click.Choice(["error", "warning", "never"]),
    default="error",
    show_default=True,
    help="Exit 1 on any error finding; on errors or more warnings than --max-warnings; or never.",
)
@click.option(
    "--max-warnings",
    type=click.IntRange(0),
    default=0,
    show_default=True,
    metavar="N",
    help="With --fail-on warning: warnings allowed.",
)
@click.option(
    "--min-words",
    type=click.IntRange(0),
    default=50,
    show_default=True,
    metavar="N",
    help="A page with fewer words of body text (navigation, header and footer left out) is thin.",
)
@click.option(
    "--max-title-length",
    type=click.IntRange(1),
    default=60,
    show_default=True,
    metavar="N",
    help="Characters of a title, without the site name the theme appends.",
)
@click.option(
    "--max-description-length",
    type=click.IntRange(1),
    default=160,
    show_default=True,
    metavar="N",
    help="Characters of a meta description.",
)
@click.option(
    "--ignore",
    multiple=True,
    callback=_check_ids,
    metavar="CHECK",
    help="Leave a check out (repeat the option, or separate ids with commas).",
)
@click.option(
    "--baseline",
    type=click.Path(exists=True, dir_okay=False, path_type=Path),
    metavar="FILE",
    help="site-audit.json of an earlier build: only findings new since then count for --fail-on.",
)
def site_command(
    site_dir: Path | None,
    url: str | None,
    site_url: str | None,
    max_pages: int,
    max_depth: int,
    timeout: float,
    page_timeout: float,
    out_dir: Path,
    fail_on: str,
    max_warnings: int,
    min_words: int,
    max_title_length: int,
    max_description_length: int,
    ignore: tuple[str, ...],
    baseline: Path | None,
) -> None:
    """Crawl a built help center like a search engine and report what it would hold against it.

    SITE_DIR (a `mkdocs build` output) is served on 127.0.0.1 with each language's 404 page;
    --url audits a site already running instead. The crawl (advertools, Scrapy) follows the site's
    own links only, within --max-pages, --max-depth and --timeout, and starts from the home page and
    every sitemap URL. Links to other hosts are reported, never requested.

    Checks: status codes and redirects, broken links, titles and meta descriptions (missing,
    duplicate, too long), one h1, canonical, html lang per language section, hreflang (absolute,
    reciprocal, self, x-default, target 200), sitemap against the crawl (missing pages, non-200
    URLs, orphans), robots.txt against the sitemap, JSON-LD that parses, images without alt, thin
    pages. Each finding says how to fix it.

    Writes site-audit.md/.json/.csv/.html to --out-dir, prints the Markdown summary (and appends it
    to $GITHUB_STEP_SUMMARY in GitHub Actions) and exits 1 when --fail-on is crossed.
    """
    if (site_dir is None) == (url is None):
        raise click.UsageError("give a SITE_DIR to serve, or --url of a running site (one of them)")
    for name, value in (("--url", url), ("--site-url", site_url)):
        if value is not None and (
            urlsplit(value).scheme not in ("http", "https") or not urlsplit(value).netloc
        ):
            raise click.BadParameter(
                f"'{value}' is not an http(s) URL, like https://help.example.com/", param_hint=name
            )
    previous = read_baseline(baseline) if baseline is not None else None
    options = AuditOptions(
        site_dir=site_dir,
        url=url,
        site_url=site_url,
        max_pages=max_pages,
        max_depth=max_depth,
        timeout=timeout,
        page_timeout=page_timeout,
        thresholds=Thresholds(max_title_length, max_description_length, min_words),
        ignore=ignore,
    )
    try:
        result = audit_site(options, _Progress())
    except AuditError as exc:
        raise click.ClickException(str(exc)) from None
    report, failed = build_report(result, options, fail_on, max_warnings, previous)
    markdown = to_markdown(report)
    try:
        paths = write_report(report, out_dir, REPORT_STEM)
    except OSError as exc:
        raise click.ClickException(
            f"--out-dir {out_dir}: cannot write the reports ({exc.strerror or exc})"
        ) from None
    click.echo(markdown, nl=False)
    summary_file = os.environ.get("GITHUB_STEP_SUMMARY")
    if summary_file:
        try:
            with open(summary_file, "a", encoding="utf-8") as summary:
                summary.write(markdown + "\n")
        except OSError as exc:
            click.echo(f"Warning: GITHUB_STEP_SUMMARY {summary_file}: {exc.strerror or exc}", err=True)
    click.echo(f"Reports: {', '.join(str(path) for path in paths.values())}", err=True)
    if failed:
        click.get_current_context().exit(1)
