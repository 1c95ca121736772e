"""The site audit's crawl: advertools' `crawl` (Scrapy), bounded, watched, its failures surfaced.

advertools builds a Scrapy command line from its arguments and runs it with
`subprocess.run(command)`: it ignores the exit status, needs a `scrapy` executable on PATH, and
has no time limit of its own. So `crawl` runs in a worker process of ours (`WORKER`), where a
stand-in for the `subprocess` module inside `advertools.spider` runs that command line in the same
process (`scrapy.cmdline.execute`: one import of advertools, pandas and Scrapy instead of two) and
records its exit status. This process starts the worker, reads Scrapy's log as it grows (progress,
errors), kills the worker at a hard deadline if the crawl outlives its bounds, and checks the exit
statuses.

Staying on the site under test: advertools' default `allowed_domains` is the start URL's netloc,
port included, while Scrapy's offsite filter compares host names only, so on `127.0.0.1:8123` it
filters out every request and the crawl is silently empty. We pass the bare host name, and since
the host name alone does not tell two loopback servers apart (nor a subdomain from its parent),
links are followed only when they match `include_url_regex`: the site's own origin and base path.
Redirects are not followed at all (REDIRECT_ENABLED=False): each is reported with its target.
"""

from __future__ import annotations

import json
import math
import re
import subprocess
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urljoin, urlsplit

from helpcenter.audit.site_checks import Page, count_words, normalize_url
from helpcenter.audit.site_sources import is_loopback

# Extra columns the audit needs; names of their own, as advertools forbids its default names.
# Each is a list joined by "@@": hreflang codes and hrefs come from the same <link> elements, in
# order (advertools' own alt_href/alt_hreflang mix in feeds' alternates without hreflang).
XPATHS = {
    "hc_lang": "/html/@lang",
    "hc_title": "/html/head/title/text()",
    "hc_h1_count": "count(//h1)",
    "hc_canonical": "//link[@rel='canonical']/@href",
    "hc_hreflang": "//link[@rel='alternate'][@hreflang]/@hreflang",
    "hc_hreflang_href": "//link[@rel='alternate'][@hreflang]/@href",
    "hc_img_no_alt": "//img[not(@alt)]/@src",
    "hc_robots": "//meta[@name='robots']/@content",
}
# Not followed: files the spider cannot parse as pages. Links to them still get their status checked.
NOT_PAGES = (
    r"\.(?:json|xml|txt|gz|zip|pdf|png|jpe?g|gif|webp|svg|ico|css|js|mjs|map|woff2?|ttf|mp4|webm|mp3)$"
)
# advertools runs Scrapy once per 100,000 characters of start URLs, and Scrapy's reactor runs once
# per process: the start URLs stay under that.
MAX_START_CHARS = 90_000
_CRAWLED = re.compile(r"Crawled (\d+) pages")
_CLOSED = re.compile(r"Spider closed \((\w+)\)")
_ELAPSED = re.compile(r"'elapsed_time_seconds': ([\d.]+)")
_ERROR = re.compile(r"^\S+ \S+ \[([^\]]+)\] ERROR: (.*)$")
_FAILURE = re.compile(r"Failure (?:instance: )?(?:Traceback[^:]*: )?<?([\w.]+)[:>]\s*(.*?)>?$", re.S)

# The worker: `python -c WORKER job.json`, run in the crawl's temporary folder (so that nothing
# in the user's folder shadows a module, and Scrapy finds no scrapy.cfg project there).
WORKER = """
import json, sys

import advertools
import advertools.spider
from scrapy.cmdline import execute

job = json.load(open(sys.argv[1], encoding="utf-8"))
statuses = []


class InProcess:
    # Stands in for `subprocess` in advertools.spider: runs the `scrapy ...` command it builds here.
    @staticmethod
    def run(command, *args, **kwargs):
        try:
            execute(["scrapy", *command[1:]])
            status = 0
        except SystemExit as stop:
            status = stop.code if isinstance(stop.code, int) else (0 if stop.code is None else 1)
        statuses.append(status)
        with open(job["statuses"], "w", encoding="utf-8") as out:
            json.dump(statuses, out)


advertools.spider.subprocess = InProcess
job["custom_settings"]["USER_AGENT"] = job["user_agent"] + f" (advertools/{advertools.__version__})"
advertools.crawl(
    job["start_urls"],
    job["output"],
    follow_links=True,
    allowed_domains=job["allowed_domains"],
    include_url_regex=job["include_url_regex"],
    exclude_url_regex=job["exclude_url_regex"],
    xpath_selectors=job["xpath_selectors"],
    custom_settings=job["custom_settings"],
)
"""


class CrawlError(Exception):
    """The crawl could not run, or ended without auditing anything: one line for the user."""


@dataclass
class CrawlLimits:
    max_pages: int
    max_depth: int
    timeout: float  # the whole crawl, seconds
    page_timeout: float  # one request


@dataclass
class CrawlResult:
    rows: list[dict]
    finish_reason: str
    errors: list[str]  # ERROR lines of Scrapy's log that are not failed requests
    seconds: float  # the worker's, start-up (imports) included
    crawl_seconds: float  # Scrapy's own, from opening the spider to closing it
    log_path: Path


class _LogWatcher:
    """Reads Scrapy's log as it grows and reports the pages crawled so far."""

    def __init__(self, path: Path, progress: Callable[[int], None] | None):
        self.path = path
        self.progress = progress
        self.offset = 0
        self.pages = 0

    def poll(self) -> None:
        if self.progress is None:
            return
        try:
            with self.path.open("rb") as log:
                log.seek(self.offset)
                chunk = log.read()
        except OSError:
            return
        end = chunk.rfind(b"\n") + 1
        self.offset += end
        for match in _CRAWLED.finditer(chunk[:end].decode("utf-8", errors="replace")):
            self.pages = int(match.group(1))
        self.progress(self.pages)


def start_urls_within_limit(urls: list[str]) -> list[str]:
    kept, total = [], 0
    for url in urls:
        total += len(url) + 1
        if total > MAX_START_CHARS:
            break
        kept.append(url)
    return kept


def run_crawl(
    start_urls: list[str],
    base: str,
    limits: CrawlLimits,
    work_dir: Path,
    progress: Callable[[int], None] | None = None,
    user_agent: str = "helpcenter-site-audit",
) -> CrawlResult:
    """Crawl from `start_urls`, following links under `base` only; the rows advertools wrote."""
    output = work_dir / "crawl.jl"
    log_path = work_dir / "scrapy.log"
    statuses_path = work_dir / "statuses.json"
    page_timeout = min(limits.page_timeout, limits.timeout)
    settings: dict[str, object] = {
        "CLOSESPIDER_PAGECOUNT": limits.max_pages,
        "DEPTH_LIMIT": limits.max_depth,
        "CLOSESPIDER_TIMEOUT": limits.timeout,
        # A page that hangs fails after this, instead of holding the crawl until CLOSESPIDER_TIMEOUT.
        "DOWNLOAD_TIMEOUT": page_timeout,
        "DNS_TIMEOUT": page_timeout,
        "RETRY_ENABLED": False,  # one request per URL, as reported; retries would stretch the bounds
        "REDIRECT_ENABLED": False,  # a redirect is a finding; following it could leave the site
        "METAREFRESH_ENABLED": False,
        "TELNETCONSOLE_ENABLED": False,  # neither opens a port on the machine
        "REMOTE_CONTROL_ENABLED": False,
        "LOG_LEVEL": "INFO",
        "LOGSTATS_INTERVAL": 1.0,  # "Crawled N pages": the progress display reads it
        "FEED_EXPORT_ENCODING": "utf-8",
    }
    if is_loopback(base):
        settings["HTTPPROXY_ENABLED"] = False
    job = {
        # advertools passes the start URLs as one comma-separated argument: a comma would split a URL.
        "start_urls": [url.replace(",", "%2C") for url in start_urls_within_limit(start_urls)],
        "output": str(output),
        "statuses": str(statuses_path),
        "allowed_domains": [urlsplit(base).hostname or ""],
        "include_url_regex": "^" + re.escape(base),
        "exclude_url_regex": NOT_PAGES,
        "xpath_selectors": XPATHS,
        "custom_settings": settings,
        "user_agent": user_agent,
    }
    job_path = work_dir / "job.json"
    job_path.write_text(json.dumps(job), encoding="utf-8")
    # Scrapy stops at CLOSESPIDER_TIMEOUT, then waits for requests in flight (each bounded by
    # DOWNLOAD_TIMEOUT), and needs some seconds to start: past that, the worker is killed.
    allowed = limits.timeout + page_timeout + 60
    started = time.monotonic()
    watcher = _LogWatcher(log_path, progress)
    with log_path.open("wb") as log:
        worker = subprocess.Popen(
            [sys.executable, "-c", WORKER, str(job_path)],
            cwd=work_dir,
            stdout=log,
            stderr=subprocess.STDOUT,
            stdin=subprocess.DEVNULL,
        )
        try:
            while True:
                try:
                    status = worker.wait(timeout=0.5)
                    break
                except subprocess.TimeoutExpired:
                    watcher.poll()
                    if time.monotonic() - started > allowed:
                        worker.kill()
                        worker.wait()
                        raise CrawlError(
                            f"the crawler did not stop within {allowed:g} s and was stopped"
                        ) from None
        except BaseException:
            if worker.poll() is None:
                worker.kill()
                worker.wait()
            raise
    watcher.poll()
    seconds = time.monotonic() - started
    log_text = log_path.read_text(encoding="utf-8", errors="replace")
    try:
        scrapy_statuses = json.loads(statuses_path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        scrapy_statuses = []
    failed = [code for code in [status, *scrapy_statuses] if code != 0]
    if failed or not scrapy_statuses:
        raise CrawlError(
            f"the crawler (advertools/Scrapy) failed with exit status {failed[0] if failed else status}: "
            f"{_last_error(log_text) or 'no output'}"
        )
    closed = _CLOSED.findall(log_text)
    elapsed = _ELAPSED.findall(log_text)
    return CrawlResult(
        rows=_read_rows(output),
        finish_reason=closed[-1] if closed else "unknown",
        errors=_log_errors(log_text),
        seconds=seconds,
        crawl_seconds=float(elapsed[-1]) if elapsed else seconds,
        log_path=log_path,
    )


def _read_rows(path: Path) -> list[dict]:
    rows: list[dict] = []
    if not path.exists():
        return rows
    with path.open(encoding="utf-8") as lines:
        for line in lines:
            line = line.strip()
            if line:
                try:
                    rows.append(json.loads(line))
                except json.JSONDecodeError:
                    continue  # a line cut short when the crawl was stopped
    return rows


def _error_lines(log: str) -> list[tuple[str, str]]:
    return [(m.group(1), m.group(2)) for m in map(_ERROR.match, log.splitlines()) if m]


# advertools logs a page's JSON-LD that does not parse as "<error> <status> <url>" (and puts it in
# the row's jsonld_errors): a finding about the page, not a failure of the crawl.
_JSONLD_ERROR = re.compile(r" \d{3} https?://\S+$")


def _log_errors(log: str) -> list[str]:
    """ERROR lines about the crawl itself: not a failed request nor a page's JSON-LD (both are rows)."""
    return [
        message
        for logger, message in _error_lines(log)
        if "Failure" not in message and not (logger == "seo_spider" and _JSONLD_ERROR.search(message))
    ]


def _last_error(log: str) -> str:
    errors = _error_lines(log)
    if errors:
        return errors[-1][1]
    lines = [line for line in log.strip().splitlines() if line.strip()]
    return lines[-1].strip()[:300] if lines else ""


# -- rows to pages ------------------------------------------------------------------------------


def _split(value: object) -> list[str]:
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return []
    return str(value).split("@@")


def _count(value: object) -> int:
    try:
        return int(float(str(value)))
    except ValueError:
        return 0


def failure_text(errors: str) -> str:
    """advertools' repr of a Twisted failure, as one short line."""
    match = _FAILURE.search(errors.strip())
    if not match:
        return errors.strip()[:200]
    kind = match.group(1).rsplit(".", 1)[-1]
    message = " ".join(match.group(2).split()).rstrip(".>")
    if "took longer than" in message:  # TimeoutError, or DownloadTimeoutError in newer Scrapy
        seconds = re.search(r"took longer than ([\d.]+) seconds", message)
        return f"no answer within {seconds.group(1) if seconds else 'the timeout'} s (the page timeout)"
    if "ConnectionRefused" in kind:
        return "connection refused"
    return f"{kind}: {message}"[:200]


def page_from_row(row: dict) -> Page:
    url = normalize_url(str(row["url"]))
    if row.get("errors") and not row.get("status"):
        return Page(url=url, error=failure_text(str(row["errors"])))
    headers = {key.lower(): value for key, value in row.items() if key.startswith("resp_headers_")}
    location = str(headers.get("resp_headers_location") or "")
    hreflang_codes = _split(row.get("hc_hreflang"))
    hreflang_hrefs = _split(row.get("hc_hreflang_href"))
    titles = _split(row.get("hc_title"))
    descriptions = [d for d in _split(row.get("meta_desc")) if d.strip()]
    status = int(row["status"]) if row.get("status") else None
    return Page(
        url=url,
        status=status,
        content_type=str(headers.get("resp_headers_content-type") or ""),
        location=normalize_url(urljoin(url, location)) if location else "",
        parsed=True,
        depth=int(row["depth"]) if isinstance(row.get("depth"), (int, float)) else None,
        title=titles[0] if titles else None,
        description=descriptions[0] if descriptions else None,
        h1_count=_count(row.get("hc_h1_count")),
        canonicals=[c.strip() for c in _split(row.get("hc_canonical"))],
        lang=(_split(row.get("hc_lang")) or [None])[0],
        hreflang=list(zip(hreflang_codes, hreflang_hrefs, strict=False)),
        links=[link for link in _split(row.get("links_url")) if link],
        images_without_alt=_split(row.get("hc_img_no_alt")),
        jsonld_error=str(row.get("jsonld_errors") or ""),
        words=count_words(str(row.get("body_text") or "")),
        robots_meta=" ".join(_split(row.get("hc_robots"))),
    )


def pages_from_rows(rows: list[dict]) -> dict[str, Page]:
    pages: dict[str, Page] = {}
    for row in rows:
        if not row.get("url"):
            continue
        page = page_from_row(row)
        known = pages.get(page.url)
        if known is None or (not known.parsed and page.parsed):
            pages[page.url] = page
    return pages
