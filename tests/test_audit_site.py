"""`helpcenter audit site`: real crawls (advertools, Scrapy) of sites served on 127.0.0.1, no mocks.

The fixture site (tests/fixtures/audit_site/) has one page per seeded defect and a few clean pages;
each check must find exactly its defect, on its page, and nothing on the clean pages.
"""

from __future__ import annotations

import contextlib
import csv
import http.server
import json
import shutil
import socket
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from helpcenter.audit.site_checks import CHECKS, SiteUrls, page_title_part
from helpcenter.cli import main

FIXTURE = Path(__file__).parent / "fixtures" / "audit_site"
SITE = "https://help.fixture.example/"

# check -> the URLs it must report on the fixture site, and no other
EXPECTED: dict[str, set[str]] = {
    "broken-link": {"broken-link/"},
    "redirect": {"clean"},  # /clean answers 301 to /clean/; /redirect-link/ links it
    "title-missing": {"no-title/"},
    "title-duplicate": {"dup-title-a/", "dup-title-b/"},
    "title-too-long": {"long-title/"},
    "description-missing": {"no-description/"},
    "description-duplicate": {"dup-description-a/", "dup-description-b/"},
    "description-too-long": {"long-description/"},
    "h1-missing": {"no-h1/"},
    "h1-multiple": {"two-h1/"},
    "canonical-missing": {"no-canonical/"},
    "canonical-not-absolute": {"relative-canonical/"},
    "canonical-non-200": {"canonical-404/"},
    "lang-missing": {"no-lang/"},
    "lang-mismatch": {"en/wrong-lang/"},
    "hreflang-not-absolute": {"relative-hreflang/"},
    "hreflang-not-reciprocal": {"one-way/"},
    "hreflang-no-self": {"no-self-hreflang/"},
    "hreflang-no-x-default": {"no-x-default/"},
    "hreflang-non-200": {"hreflang-404/"},
    "sitemap-non-200": {"deleted/"},
    "sitemap-orphan": {"orphan/"},
    "sitemap-offsite": {"https://elsewhere.example/listed/"},
    "sitemap-alternates-mismatch": {"sitemap-alternates/"},
    "not-in-sitemap": {"not-in-sitemap/"},
    "robots-blocks-sitemap-url": {"private/"},
    "jsonld-invalid": {"bad-jsonld/"},
    "img-no-alt": {"image-no-alt/"},
    "thin-page": {"thin/"},
    "external-link": {"https://www.other.example/help"},
}
CLEAN_PAGES = ["", "clean/", "en/", "en/clean/", "en/one-way-target/"]
# Checks a static folder cannot trigger: proven against the servers below.
PROVEN_ELSEWHERE = {"crawl-error", "status-5xx", "sitemap-invalid", "crawl-limit", "sitemap-missing"}


def absolute(url: str) -> str:
    return url if url.startswith("https://") else SITE + url


def audit(*args: str, env: dict[str, str] | None = None) -> Result:
    # Unset in CI unless a test sets it: the fixtures' audits must not land in the real job summary.
    return CliRunner().invoke(
        # -f: no mkdocs.yml, so the command's own defaults, not the reference site's thresholds
        main,
        ["audit", "-f", "no-such-mkdocs.yml", "site", *args],
        env={"GITHUB_STEP_SUMMARY": None, **(env or {})},
    )


def report(out_dir: Path) -> dict:
    return json.loads((out_dir / "site-audit.json").read_text(encoding="utf-8"))


def found(document: dict) -> set[tuple[str, str]]:
    return {(row["check"], row["url"]) for row in document["findings"]}


# -- the fixture site ---------------------------------------------------------------------------


@pytest.fixture(scope="module")
def fixture_audit(tmp_path_factory: pytest.TempPathFactory) -> tuple[Result, Path, Path]:
    out_dir = tmp_path_factory.mktemp("fixture-audit")
    step_summary = out_dir / "step-summary.md"
    result = audit(
        str(FIXTURE),
        "--out-dir",
        str(out_dir),
        "--min-words",
        "20",
        env={"GITHUB_STEP_SUMMARY": str(step_summary)},
    )
    return result, out_dir, step_summary


@pytest.mark.parametrize("check", sorted(EXPECTED))
def test_each_check_finds_exactly_its_seeded_defect(fixture_audit, check: str) -> None:
    result, out_dir, _ = fixture_audit
    assert result.exit_code == 1, result.output
    urls = {url for found_check, url in found(report(out_dir)) if found_check == check}
    assert urls == {absolute(url) for url in EXPECTED[check]}


def test_nothing_else_is_found_and_clean_pages_have_no_finding(fixture_audit) -> None:
    _, out_dir, _ = fixture_audit
    expected = {(check, absolute(url)) for check, urls in EXPECTED.items() for url in urls}
    assert found(report(out_dir)) == expected
    flagged = {url for _, url in found(report(out_dir))}
    assert not flagged & {SITE + page for page in CLEAN_PAGES}


def test_every_check_is_proven_by_a_test() -> None:
    assert set(CHECKS) == set(EXPECTED) | PROVEN_ELSEWHERE


def test_findings_say_where_and_how_to_fix(fixture_audit) -> None:
    _, out_dir, _ = fixture_audit
    rows = {(row["check"], row["url"]): row for row in report(out_dir)["findings"]}
    broken = rows[("broken-link", SITE + "broken-link/")]
    assert broken["severity"] == "error"
    assert broken["detail"] == f"links to {SITE}missing-page/ (404)"
    assert broken["fix"] == CHECKS["broken-link"].fix
    redirect = rows[("redirect", SITE + "clean")]
    assert redirect["detail"] == f"301 to {SITE}clean/; linked from {SITE}redirect-link/"
    assert rows[("hreflang-not-reciprocal", SITE + "one-way/")]["detail"] == (
        f"hreflang='en' {SITE}en/one-way-target/ does not list this page back"
    )
    assert rows[("thin-page", SITE + "thin/")]["detail"].endswith("words of body text (under 20)")
    assert rows[("external-link", "https://www.other.example/help")]["severity"] == "notice"


def test_reports_in_every_format_and_the_ci_job_summary(fixture_audit) -> None:
    result, out_dir, step_summary = fixture_audit
    assert "Traceback" not in result.output
    markdown = (out_dir / "site-audit.md").read_text(encoding="utf-8")
    assert result.stdout == markdown
    assert markdown.startswith(f"## Site audit: {SITE}")
    assert "**FAIL: 13 error\\(s\\); the audit fails on error**" in markdown
    assert step_summary.read_text(encoding="utf-8") == markdown + "\n"
    document = report(out_dir)
    # every page of the folder but private/, which robots.txt keeps crawlers away from
    assert document["pages"] == len(list(FIXTURE.rglob("index.html"))) - 1
    assert document["summary"]["title-duplicate"] == 2
    assert document["headline"]["Site"] == SITE
    with (out_dir / "site-audit.csv").open(encoding="utf-8") as table:
        rows = list(csv.DictReader(table))
    assert list(rows[0]) == ["check", "severity", "url", "detail", "fix"]
    assert len(rows) == len(document["findings"])
    page = (out_dir / "site-audit.html").read_text(encoding="utf-8")
    assert "<script" not in page and "Findings by check" in page and "URLs by status" in page


def test_a_baseline_counts_only_new_findings_and_checks_can_be_ignored(fixture_audit, tmp_path: Path) -> None:
    _, out_dir, _ = fixture_audit
    result = audit(
        str(FIXTURE),
        "--out-dir",
        str(tmp_path),
        "--min-words",
        "20",
        "--baseline",
        str(out_dir / "site-audit.json"),
        "--ignore",
        "thin-page,img-no-alt",
    )
    assert result.exit_code == 0, result.output
    document = report(tmp_path)
    assert document["verdict"].startswith("PASS: 0 new errors, 0 new warnings")
    assert {row["check"] for row in document["findings"]}.isdisjoint({"thin-page", "img-no-alt"})
    assert all(row["new"] == "" for row in document["findings"])
    assert "Ignored: img-no-alt (1), thin-page (1)" in document["notes"]


def test_crawl_limits_and_a_missing_sitemap_are_reported(tmp_path: Path) -> None:
    site = tmp_path / "site"
    shutil.copytree(FIXTURE, site)
    (site / "sitemap.xml").unlink()
    (site / "robots.txt").unlink()
    result = audit(str(site), "--out-dir", str(tmp_path / "out"), "--max-pages", "3", "--fail-on", "never")
    assert result.exit_code == 0, result.output
    rows = report(tmp_path / "out")["findings"]
    assert ("crawl-limit", SITE) in {(row["check"], row["url"]) for row in rows}
    assert ("sitemap-missing", SITE + "sitemap.xml") in {(row["check"], row["url"]) for row in rows}


# -- the reference site -------------------------------------------------------------------------


def test_the_reference_site_audits_clean(reference_site: Path, tmp_path: Path) -> None:
    result = audit(str(reference_site), "--out-dir", str(tmp_path))
    assert result.exit_code == 0, result.output
    document = report(tmp_path)
    assert {row["severity"] for row in document["findings"]} <= {"notice"}, document["findings"]
    assert {row["check"] for row in document["findings"]} <= {"external-link"}
    assert document["pages"] == len(list(reference_site.rglob("index.html")))
    assert document["headline"]["Site"] == "https://help.parcelia.example/"
    assert document["verdict"].startswith("PASS: 0 errors, 0 warnings")


# -- live URLs: other hosts and failing servers -------------------------------------------------


class RouteHandler(http.server.BaseHTTPRequestHandler):
    """Answers from a table: path -> (status, headers, body, seconds to wait first)."""

    routes: dict[str, tuple[int, dict[str, str], str, float]] = {}
    requests: list[str]
    release: threading.Event

    def do_GET(self) -> None:  # noqa: N802 - http.server's name
        self.requests.append(self.path)
        status, headers, body, wait = self.routes.get(self.path, (404, {}, "<h1>Not found</h1>", 0))
        if wait:
            self.release.wait(wait)
        data = body.encode("utf-8")
        try:
            self.send_response(status)
            for name, value in {"Content-Type": "text/html; charset=utf-8", **headers}.items():
                self.send_header(name, value)
            self.send_header("Content-Length", str(len(data)))
            self.end_headers()
            self.wfile.write(data)
        except OSError:
            pass  # the crawler gave up on a slow page and closed the connection

    def log_message(self, format: str, *args: object) -> None:  # noqa: A002 - stdlib signature
        pass


@contextlib.contextmanager
def route_server(routes: dict) -> Iterator[tuple[str, list[str]]]:
    """A loopback server answering from `routes`; yields its base URL and the paths requested."""
    release = threading.Event()
    requests: list[str] = []
    handler = type("Handler", (RouteHandler,), {"routes": routes, "requests": requests, "release": release})
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_port}/", requests
    finally:
        release.set()
        server.shutdown()
        server.server_close()


def html(title: str, body: str, head: str = "") -> str:
    text = " ".join(["Words about parcels, payments and pickup points for this test page."] * 12)
    return (
        f'<!doctype html><html lang="en"><head><title>{title}</title>'
        f'<meta name="description" content="The {title} page of a live site audited over its URL.">{head}'
        f"</head><body><h1>{title}</h1><p>{text}</p>{body}</body></html>"
    )


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def live_site_routes(site: str, other: str) -> dict:
    """A site at `site` whose links, redirect, hreflang and sitemaps also lead to `other`."""
    links = f'<a href="/about/">About</a> <a href="{other}page">Elsewhere</a> <a href="/go-away">Away</a>'
    alternates = (
        f'<link rel="canonical" href="{site}"><link rel="alternate" hreflang="en" href="{site}">'
        f'<link rel="alternate" hreflang="x-default" href="{site}">'
        f'<link rel="alternate" hreflang="es" href="{other}es/">'
    )
    sitemap = (
        '<?xml version="1.0"?><urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">'
        f"<url><loc>{site}</loc></url><url><loc>{site}about/</loc></url><url><loc>{other}listed</loc></url>"
        "</urlset>"
    )
    robots = f"User-agent: *\nAllow: /\nSitemap: {site}sitemap.xml\nSitemap: {other}other-sitemap.xml\n"
    return {
        "/": (200, {}, html("Home", links, alternates), 0),
        "/about/": (
            200,
            {},
            html("About", '<a href="/">Home</a>', f'<link rel="canonical" href="{site}about/">'),
            0,
        ),
        "/go-away": (302, {"Location": f"{other}moved"}, "", 0),
        "/robots.txt": (200, {"Content-Type": "text/plain"}, robots, 0),
        "/sitemap.xml": (200, {"Content-Type": "application/xml"}, sitemap, 0),
    }


def test_a_live_url_audit_reports_other_hosts_and_never_requests_them(tmp_path: Path) -> None:
    # The other "host" is a second loopback server: same host name, another port.
    with route_server({}) as (other, other_requests):
        routes: dict = {}  # filled once the site's own address is known
        with route_server(routes) as (site, site_requests):
            routes.update(live_site_routes(site, other))
            result = audit("--url", site, "--out-dir", str(tmp_path), "--fail-on", "never")
        assert result.exit_code == 0, result.output
        assert other_requests == [], "the audit requested another host"
    assert {"/", "/about/", "/go-away", "/robots.txt", "/sitemap.xml"} <= set(site_requests)
    rows = {(row["check"], row["url"]): row for row in report(tmp_path)["findings"]}
    assert ("external-link", f"{other}page") in rows
    assert ("sitemap-offsite", f"{other}listed") in rows
    assert ("sitemap-offsite", f"{other}other-sitemap.xml") in rows
    redirect = rows[("redirect", f"{site}go-away")]
    assert redirect["detail"].startswith(f"302 to {other}moved (another host: not followed)")


def test_a_folder_that_is_not_a_built_site_is_one_clear_line(tmp_path: Path) -> None:
    result = audit(str(tmp_path), "--out-dir", str(tmp_path / "out"))
    assert result.exit_code == 1
    assert "Traceback" not in result.output
    assert result.output.strip() == (
        f"Error: {tmp_path} is not a built site (no index.html) — run 'mkdocs build' first"
    )


def test_a_url_where_nothing_listens_is_one_clear_line(tmp_path: Path) -> None:
    url = f"http://127.0.0.1:{free_port()}/"
    result = audit("--url", url, "--out-dir", str(tmp_path))
    assert result.exit_code == 1
    assert result.output.strip() == (
        f"Error: {url}: connection refused (nothing listens there) — "
        "check the URL, or start the site's server"
    )


def test_usage_errors() -> None:
    assert "give a SITE_DIR to serve, or --url" in audit().output
    assert audit("--url", "ftp://example.com/").exit_code == 2
    result = audit(str(FIXTURE), "--ignore", "no-such-check")
    assert result.exit_code == 2 and "unknown check no-such-check" in result.output


def test_server_errors_and_hanging_pages_are_findings_within_the_time_bound(tmp_path: Path) -> None:
    waits = [f"/wait/{n}/" for n in range(40)]  # each answers after a second: more than --timeout allows
    links = "".join(f'<a href="{path}">Wait</a>' for path in ["/fine/", *waits, "/broken/", "/slow/"])
    routes = {
        "/": (200, {}, html("Home", links), 0),
        "/fine/": (200, {}, html("Fine", '<a href="/">Home</a>'), 0),
        "/broken/": (500, {}, "<h1>Internal Server Error</h1>", 0),
        "/slow/": (200, {}, html("Slow", ""), 60),  # hangs for a minute
        "/sitemap.xml": (200, {"Content-Type": "application/xml"}, "this is not XML <", 0),
        **{path: (200, {}, html("Wait", ""), 1) for path in waits},
    }
    with route_server(routes) as (site, _):
        started = time.monotonic()
        result = audit("--url", site, "--out-dir", str(tmp_path), "--page-timeout", "2", "--timeout", "4")
        elapsed = time.monotonic() - started
    assert result.exit_code == 1, result.output
    assert "Traceback" not in result.output
    assert elapsed < 20, f"the audit took {elapsed:.0f} s"
    rows = {(row["check"], row["url"]): row for row in report(tmp_path)["findings"]}
    assert rows[("status-5xx", f"{site}broken/")]["detail"] == f"answered 500; linked from {site}"
    assert rows[("crawl-error", f"{site}slow/")]["detail"].startswith("no answer within")
    assert rows[("sitemap-invalid", f"{site}sitemap.xml")]["detail"].startswith("not XML")
    assert rows[("crawl-limit", site)]["detail"].startswith("stopped at --timeout: 4 s")


def test_a_start_url_that_redirects_to_another_host_is_not_followed(tmp_path: Path) -> None:
    with route_server({}) as (other, other_requests):
        with route_server({"/": (302, {"Location": f"{other}welcome"}, "", 0)}) as (site, _):
            result = audit("--url", site, "--out-dir", str(tmp_path))
        assert other_requests == []
    assert result.exit_code == 1
    assert result.output.strip() == (
        f"Error: {site} redirects to {other}welcome, another host — audit that address instead "
        f"(--url {other}welcome)"
    )


def test_the_wrapper_script_is_the_command() -> None:
    script = Path(__file__).parent.parent / "scripts" / "audit_site.py"
    result = subprocess.run(
        [sys.executable, str(script), "--help"], capture_output=True, text=True, timeout=60
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith("Usage: audit_site.py [OPTIONS] [SITE_DIR]")


# -- pure functions -----------------------------------------------------------------------------


def test_production_urls_map_to_the_local_server_and_back() -> None:
    urls = SiteUrls(local_base="http://127.0.0.1:8123/", public_base="https://help.example/")
    assert urls.to_local("https://help.example/en/faq/#where") == "http://127.0.0.1:8123/en/faq/"
    assert urls.to_local("https://help.example") == "http://127.0.0.1:8123/"
    assert urls.to_local("https://HELP.example/Где/") == "http://127.0.0.1:8123/%D0%93%D0%B4%D0%B5/"
    assert urls.to_local("http://127.0.0.1:8123/es/") == "http://127.0.0.1:8123/es/"
    assert urls.to_local("http://127.0.0.1:9999/") is None  # another server on the same host
    assert urls.to_local("https://help.example.org/") is None
    assert urls.to_local("mailto:help@help.example") is None
    assert urls.display("http://127.0.0.1:8123/en/") == "https://help.example/en/"


@pytest.mark.parametrize(
    ("title", "site_name", "own"),
    [
        ("Где мой заказ? - Справочный центр", "Справочный центр", "Где мой заказ?"),
        ("Where is my order? | Help", "Help", "Where is my order?"),
        ("Справочный центр", "Справочный центр", "Справочный центр"),
        ("A page - Other site", "Help", "A page - Other site"),
    ],
)
def test_title_length_counts_the_page_title_without_the_site_name(
    title: str, site_name: str, own: str
) -> None:
    assert page_title_part(title, site_name) == own
