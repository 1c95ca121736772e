"""What the site audit reads besides the crawl: robots.txt, sitemaps, single URLs' status.

Plain `urllib` requests with a timeout, redirects never followed (a redirect is a finding, and
following it could leave the site), proxies not used for loopback. Only URLs of the audited site
are ever requested; the caller maps production URLs to the local server first.
"""

from __future__ import annotations

import gzip
import http.client
import socket
import ssl
import time
import urllib.error
import urllib.request
import xml.etree.ElementTree as ET
from collections.abc import Callable, Iterable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urljoin, urlsplit

from protego import Protego  # Scrapy's robots.txt parser: the audit reads robots.txt as the crawl obeys it

from helpcenter.audit.site_checks import Page, SitemapEntry, Sitemaps, SiteUrls, normalize_url

USER_AGENT = "helpcenter-site-audit (advertools)"
# robots.txt is checked for the crawlers that matter to a help center in ru/en/es
SEARCH_ENGINE_AGENTS = ("Googlebot", "Bingbot", "YandexBot")
MAX_BODY = 50 * 1024 * 1024
MAX_SITEMAPS = 50
SITEMAP_NS = "{http://www.sitemaps.org/schemas/sitemap/0.9}"
XHTML_NS = "{http://www.w3.org/1999/xhtml}"


@dataclass
class Response:
    url: str
    status: int | None
    headers: dict[str, str] = field(default_factory=dict)
    body: bytes = b""
    error: str = ""

    @property
    def location(self) -> str:
        value = self.headers.get("location", "")
        return urljoin(self.url, value) if value else ""


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args: object, **kwargs: object) -> None:
        return None  # urllib then raises HTTPError with the 3xx status: we report it, never follow


def is_loopback(url: str) -> bool:
    host = urlsplit(url).hostname or ""
    return host in ("localhost", "::1") or host.startswith("127.")


def _opener(url: str) -> urllib.request.OpenerDirector:
    handlers: list[urllib.request.BaseHandler] = [_NoRedirect()]
    if is_loopback(url):
        handlers.append(urllib.request.ProxyHandler({}))  # an http_proxy must not see loopback requests
    return urllib.request.build_opener(*handlers)


def describe_error(exc: BaseException) -> str:
    """One line for a failed request: 'connection refused', 'no answer within 5 s' ..."""
    reason = getattr(exc, "reason", exc)
    if isinstance(reason, (TimeoutError, socket.timeout)):
        return "no answer within the timeout"
    if isinstance(reason, ConnectionRefusedError):
        return "connection refused (nothing listens there)"
    if isinstance(reason, socket.gaierror):
        return "host name not found"
    if isinstance(reason, ssl.SSLError):
        return f"TLS error: {reason.reason or reason}"
    if isinstance(reason, (ConnectionError, http.client.HTTPException)):
        return f"connection failed: {type(reason).__name__} {reason}".strip()
    return str(reason) or type(reason).__name__


def fetch(url: str, timeout: float, *, read_body: bool = True) -> Response:
    """GET `url` without following redirects; never raises for HTTP or network failures."""
    request = urllib.request.Request(url, headers={"User-Agent": USER_AGENT, "Accept-Encoding": "identity"})
    try:
        with _opener(url).open(request, timeout=timeout) as answer:
            body = answer.read(MAX_BODY) if read_body else b""
            return Response(url, answer.status, {k.lower(): v for k, v in answer.headers.items()}, body)
    except urllib.error.HTTPError as exc:
        headers = {k.lower(): v for k, v in (exc.headers or {}).items()}
        try:
            body = exc.read(MAX_BODY) if read_body else b""
        except (OSError, http.client.HTTPException):
            body = b""
        return Response(url, exc.code, headers, body)
    except (urllib.error.URLError, OSError, http.client.HTTPException, ValueError) as exc:
        return Response(url, None, error=describe_error(exc))


def fetch_statuses(
    urls: Iterable[str],
    timeout: float,
    deadline: float,
    progress: Callable[[int], None] | None = None,
) -> dict[str, Page]:
    """The status of each URL (a status-only `Page`), eight requests at a time; URLs not started by
    `deadline` (time.monotonic()) are left out, so a server that hangs on every URL cannot hold the
    audit longer than that plus one timeout."""
    wanted = list(dict.fromkeys(urls))

    def status(url: str) -> Response | None:
        return fetch(url, timeout, read_body=False) if time.monotonic() < deadline else None

    pages: dict[str, Page] = {}
    with ThreadPoolExecutor(max_workers=8) as pool:
        for done, response in enumerate(pool.map(status, wanted), 1):
            if response is not None:
                pages[response.url] = Page(
                    url=response.url,
                    status=response.status,
                    error=response.error,
                    content_type=response.headers.get("content-type", ""),
                    location=response.location,
                )
            if progress is not None:
                progress(done)
    return pages


# -- robots.txt ---------------------------------------------------------------------------------


@dataclass
class Robots:
    text: str = ""
    found: bool = False

    def __post_init__(self) -> None:
        self._parser = Protego.parse(self.text)

    def blocked_for(self, url: str) -> list[str]:
        """The search engines' crawlers robots.txt keeps away from `url`."""
        if not self.found:
            return []
        return [agent for agent in SEARCH_ENGINE_AGENTS if not self._parser.can_fetch(url, agent)]

    def sitemaps(self) -> list[str]:
        return list(self._parser.sitemaps) if self.found else []


def read_robots(urls: SiteUrls, timeout: float) -> Robots:
    response = fetch(urls.local_base + "robots.txt", timeout)
    if response.status != 200:
        return Robots()
    return Robots(response.body.decode("utf-8", errors="replace"), found=True)


# -- sitemaps -----------------------------------------------------------------------------------


def read_sitemaps(urls: SiteUrls, robots: Robots, timeout: float) -> Sitemaps:
    """Every URL the site's sitemaps list, with their xhtml:link alternates (which advertools'
    `sitemap_to_df` drops). Sitemaps named in robots.txt, else /sitemap.xml; sitemap indexes are
    followed on this site only; a sitemap on another host is reported, not requested."""
    result = Sitemaps()
    named = robots.sitemaps()
    queue = named or [urls.local_base + "sitemap.xml"]
    seen: set[str] = set()
    while queue and len(seen) < MAX_SITEMAPS:
        address = queue.pop(0)
        local = urls.to_local(address)
        if local is None:
            result.problems.append(
                ("sitemap-offsite", normalize_url(address), "a sitemap on another host (not requested)")
            )
            continue
        if local in seen:
            continue
        seen.add(local)
        response = fetch(local, timeout)
        shown = urls.display(local)
        if response.status != 200:
            if named or response.status is None or response.status >= 500:
                detail = f"answered {response.status}" if response.status else response.error
                result.problems.append(("sitemap-invalid", shown, detail))
            continue
        try:
            root = ET.fromstring(_maybe_gunzip(response.body))
        except (ET.ParseError, OSError, EOFError) as exc:
            result.problems.append(("sitemap-invalid", shown, f"not XML: {exc}"))
            continue
        if root.tag == SITEMAP_NS + "sitemapindex":
            result.found = True
            queue += [loc.strip() for loc in _texts(root, "sitemap", "loc")]
        elif root.tag == SITEMAP_NS + "urlset":
            result.found = True
            for url in root.findall(SITEMAP_NS + "url"):
                loc = (url.findtext(SITEMAP_NS + "loc") or "").strip()
                if not loc:
                    continue
                alternates = [
                    (link.get("hreflang", ""), link.get("href", "").strip())
                    for link in url.findall(XHTML_NS + "link")
                    if link.get("rel", "alternate") == "alternate" and link.get("hreflang")
                ]
                result.entries.append(SitemapEntry(loc, alternates, shown))
        else:
            result.problems.append(("sitemap-invalid", shown, f"root element is {root.tag}, not urlset"))
    return result


def _texts(root: ET.Element, element: str, child: str) -> list[str]:
    return [e.findtext(SITEMAP_NS + child) or "" for e in root.findall(SITEMAP_NS + element)]


def _maybe_gunzip(body: bytes) -> bytes:
    return gzip.decompress(body) if body[:2] == b"\x1f\x8b" else body


# -- the production origin of a built site ------------------------------------------------------


def built_site_url(site_dir: Path) -> str | None:
    """The `site_url` a built site was made for: its home page's canonical, else the sitemap's
    common URL prefix; None when it has neither (then URLs are shown as served)."""
    home = site_dir / "index.html"
    try:
        text = home.read_text(encoding="utf-8", errors="replace")
    except OSError:
        text = ""
    for tag in _link_tags(text):
        if "canonical" in tag.get("rel", "").lower().split():
            href = tag.get("href", "")
            if urlsplit(href).scheme in ("http", "https") and urlsplit(href).netloc:
                return normalize_url(href)
    sitemap = site_dir / "sitemap.xml"
    try:
        root = ET.fromstring(_maybe_gunzip(sitemap.read_bytes()))
    except (OSError, ET.ParseError, EOFError):
        return None
    locs = [normalize_url(loc.strip()) for loc in _texts(root, "url", "loc") if loc.strip()]
    locs = [loc for loc in locs if urlsplit(loc).scheme in ("http", "https")]
    if not locs:
        return None
    prefix = locs[0]
    for loc in locs[1:]:
        while not loc.startswith(prefix):
            prefix = prefix[:-1]
    prefix = prefix[: prefix.rfind("/") + 1]
    parts = urlsplit(prefix)
    return prefix if parts.netloc and prefix.count("/") >= 3 else None


def _link_tags(text: str) -> list[dict[str, str]]:
    from html.parser import HTMLParser

    tags: list[dict[str, str]] = []

    class Links(HTMLParser):
        def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
            if tag == "link":
                tags.append({k: v or "" for k, v in attrs})

    Links(convert_charrefs=True).feed(text)
    return tags
