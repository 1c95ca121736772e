"""The site audit's checks: pure functions from crawled pages, the sitemap and robots.txt to findings.

Nothing here touches the network; `helpcenter.audit.site_crawl` fills the model. Every check has an
id, a severity and one sentence that says how to fix it; a finding names the URL to fix (for a broken
link: the page that holds the link) and what is wrong there.

URLs inside the model are "local": as the crawler requested them (the loopback server for a built
site). `SiteUrls` maps the production origin the site was built for (its `site_url`) onto them, so a
canonical `https://help.example/faq/` of a site served at `http://127.0.0.1:8123/` is internal, and
findings show production URLs, the same from one run to the next.
"""

from __future__ import annotations

import re
from collections import Counter, defaultdict, deque
from collections.abc import Iterable
from dataclasses import dataclass, field
from urllib.parse import urljoin, urlsplit, urlunsplit

from w3lib.url import safe_url_string  # Scrapy's own URL normalization, so our URLs match its requests

ERROR, WARNING, NOTICE = "error", "warning", "notice"
SEVERITIES = (ERROR, WARNING, NOTICE)


@dataclass(frozen=True)
class Check:
    id: str
    severity: str
    title: str
    fix: str


_CHECKS = [
    # Crawl
    Check(
        "crawl-error",
        ERROR,
        "no HTTP answer",
        "Make the URL answer within the page timeout (--page-timeout); check the server's log for it.",
    ),
    Check(
        "crawl-limit",
        WARNING,
        "crawl stopped at a limit",
        "Raise --max-pages or --timeout so the whole site is audited.",
    ),
    # Status codes and links
    Check(
        "status-5xx",
        ERROR,
        "server error",
        "Fix the server error at this URL: search engines drop pages that fail.",
    ),
    Check(
        "redirect",
        WARNING,
        "redirect",
        "Link to the final URL directly (and list that one in the sitemap) instead of the redirecting one.",
    ),
    Check(
        "broken-link",
        ERROR,
        "broken internal link",
        "Fix or remove the link, or restore the page it points to (or redirect its old address).",
    ),
    Check(
        "external-link",
        NOTICE,
        "link to another host",
        "Nothing to do if the link is meant; the audit reports links to other hosts and never requests them.",
    ),
    # Titles, descriptions, headings
    Check(
        "title-missing",
        ERROR,
        "title missing",
        "Give the page a <title>: in MkDocs, a '# Heading' at the top or 'title:' in the front matter.",
    ),
    Check(
        "title-duplicate",
        WARNING,
        "title duplicated",
        "Give each page its own title, so search results can be told apart.",
    ),
    Check(
        "title-too-long",
        WARNING,
        "title too long",
        "Shorten the page's title (without the site name the theme appends): search results cut it.",
    ),
    Check(
        "description-missing",
        WARNING,
        "meta description missing",
        "Add a meta description: 'description:' in the page's front matter, 50 to 160 characters.",
    ),
    Check(
        "description-duplicate",
        WARNING,
        "meta description duplicated",
        "Write a description for this page alone: 'description:' in its front matter.",
    ),
    Check(
        "description-too-long",
        WARNING,
        "meta description too long",
        "Shorten the description in the page's front matter: search results cut it.",
    ),
    Check(
        "h1-missing",
        WARNING,
        "no h1",
        "Start the page with one '# Heading' (its h1).",
    ),
    Check(
        "h1-multiple",
        WARNING,
        "several h1",
        "Keep one '# Heading' per page; make the others '## Heading'.",
    ),
    # Canonical and language
    Check(
        "canonical-missing",
        WARNING,
        "canonical missing",
        "Set site_url in mkdocs.yml: the theme then writes <link rel=canonical> on every page.",
    ),
    Check(
        "canonical-not-absolute",
        ERROR,
        "canonical not absolute",
        "Make the canonical an absolute URL (https://host/path/): set site_url in mkdocs.yml.",
    ),
    Check(
        "canonical-non-200",
        ERROR,
        "canonical target not 200",
        "Point the canonical at a page that answers 200 (usually the page itself).",
    ),
    Check(
        "lang-missing",
        ERROR,
        "html lang missing",
        "Set the page's language (<html lang>): theme.language, or the page's i18n language.",
    ),
    Check(
        "lang-mismatch",
        ERROR,
        "html lang does not match its section",
        "Build the page in its section's language: move it to docs/<language>/ or fix its <html lang>.",
    ),
    # hreflang
    Check(
        "hreflang-not-absolute",
        ERROR,
        "hreflang not absolute",
        "Use absolute URLs in hreflang links (search engines ignore relative ones): set site_url.",
    ),
    Check(
        "hreflang-not-reciprocal",
        ERROR,
        "hreflang not reciprocal",
        "List this page back among the alternate's hreflang links (build both languages from one config).",
    ),
    Check(
        "hreflang-no-self",
        ERROR,
        "hreflang without self-reference",
        "Add an hreflang link from the page to itself, in its own language.",
    ),
    Check(
        "hreflang-no-x-default",
        WARNING,
        "hreflang without x-default",
        "Add hreflang='x-default' pointing at the default language's version of the page.",
    ),
    Check(
        "hreflang-non-200",
        ERROR,
        "hreflang target not 200",
        "Point hreflang links at pages that answer 200, or drop the missing translation's link.",
    ),
    # Sitemap and robots.txt
    Check(
        "sitemap-missing",
        WARNING,
        "no sitemap",
        "Publish /sitemap.xml (MkDocs writes it when site_url is set) and name it in robots.txt.",
    ),
    Check(
        "sitemap-invalid",
        ERROR,
        "sitemap unreadable",
        "Serve the sitemap as valid sitemap XML (urlset or sitemapindex) with status 200.",
    ),
    Check(
        "sitemap-offsite",
        WARNING,
        "sitemap lists another host",
        "List only this site's URLs in its sitemap (check site_url in mkdocs.yml).",
    ),
    Check(
        "sitemap-non-200",
        ERROR,
        "sitemap URL not 200",
        "List only pages that answer 200 in the sitemap: drop or fix this URL.",
    ),
    Check(
        "sitemap-orphan",
        WARNING,
        "orphan page",
        "Link the page from the navigation or a related page, or drop it from the sitemap.",
    ),
    Check(
        "sitemap-alternates-mismatch",
        WARNING,
        "sitemap alternates differ from the page",
        "Make the sitemap's xhtml:link alternates the same as the page's hreflang links (rebuild both).",
    ),
    Check(
        "not-in-sitemap",
        WARNING,
        "page missing from the sitemap",
        "List the page in the sitemap, or mark it noindex / canonical to the page that is listed.",
    ),
    Check(
        "robots-blocks-sitemap-url",
        ERROR,
        "robots.txt blocks a sitemap URL",
        "Allow the URL in robots.txt, or drop it from the sitemap.",
    ),
    # Content
    Check(
        "jsonld-invalid",
        ERROR,
        "JSON-LD does not parse",
        "Fix the JSON in the page's <script type='application/ld+json'> (generate it with json.dumps).",
    ),
    Check(
        "img-no-alt",
        WARNING,
        "image without alt",
        "Give the image an alt text ('![what it shows](image.png)'), or alt='' if it is decoration.",
    ),
    Check(
        "thin-page",
        WARNING,
        "thin page",
        "Add the answer's substance (steps, conditions, where to go next), or merge the page into another.",
    ),
]
CHECKS: dict[str, Check] = {check.id: check for check in _CHECKS}


@dataclass(frozen=True)
class Thresholds:
    max_title_length: int = 60
    max_description_length: int = 160
    min_words: int = 50


@dataclass
class Finding:
    check: str
    url: str  # the URL to fix, as shown (production URL when known)
    detail: str
    source: str = ""  # where the URL was found (the linking page...), when it is not `url`

    @property
    def severity(self) -> str:
        return CHECKS[self.check].severity

    @property
    def fix(self) -> str:
        return CHECKS[self.check].fix


# -- URLs -------------------------------------------------------------------------------------


def normalize_url(url: str) -> str:
    """An absolute http(s) URL as Scrapy requests it: percent-encoded, no fragment, a path."""
    url = safe_url_string(url.strip())
    parts = urlsplit(url)
    return urlunsplit((parts.scheme.lower(), parts.netloc.lower(), parts.path or "/", parts.query, ""))


@dataclass(frozen=True)
class SiteUrls:
    """Where the site is served (`local_base`) and the address it was built for (`public_base`)."""

    local_base: str  # http://127.0.0.1:8123/  (ends with /)
    public_base: str  # https://help.example/  (ends with /; == local_base when not known)

    def to_local(self, url: str) -> str | None:
        """The local URL of an absolute URL of this site, None for another host or a non-http URL."""
        if urlsplit(url).scheme not in ("http", "https"):
            return None
        normal = normalize_url(url)
        if normal.startswith(self.local_base):
            return normal
        if normal.startswith(self.public_base):
            return self.local_base + normal[len(self.public_base) :]
        return None

    def display(self, url: str) -> str:
        """A local URL as shown in findings: on the production origin when it is known."""
        if url.startswith(self.local_base):
            return self.public_base + url[len(self.local_base) :]
        return url

    def path(self, local_url: str) -> str:
        """The site-relative path of a local URL: '' for the home page, 'en/faq/' ..."""
        return local_url[len(self.local_base) :] if local_url.startswith(self.local_base) else ""


# -- the model ----------------------------------------------------------------------------------


@dataclass
class Page:
    """One URL the audit requested: a full page from the crawl, or only its status."""

    url: str  # local, normalized
    status: int | None = None  # None: no HTTP answer (see error) or not requested
    error: str = ""
    content_type: str = ""
    location: str = ""  # a redirect's target, absolute
    parsed: bool = False  # the crawler read the page (False: status only)
    depth: int | None = None
    title: str | None = None
    description: str | None = None
    h1_count: int = 0
    canonicals: list[str] = field(default_factory=list)  # as written
    lang: str | None = None
    hreflang: list[tuple[str, str]] = field(default_factory=list)  # (code, href as written)
    links: list[str] = field(default_factory=list)  # absolute, as the crawler resolved them
    images_without_alt: list[str] = field(default_factory=list)
    jsonld_error: str = ""
    words: int = 0
    robots_meta: str = ""
    blocked: bool = False  # robots.txt disallows it: not requested

    @property
    def is_html(self) -> bool:
        kind = self.content_type.split(";", 1)[0].strip().lower()
        return self.parsed and self.status == 200 and kind in ("text/html", "application/xhtml+xml", "")

    @property
    def noindex(self) -> bool:
        return "noindex" in self.robots_meta.lower()


@dataclass
class SitemapEntry:
    loc: str  # as written
    alternates: list[tuple[str, str]] = field(default_factory=list)  # xhtml:link (hreflang, href)
    sitemap: str = ""  # the sitemap file that lists it


@dataclass
class Sitemaps:
    found: bool = False
    entries: list[SitemapEntry] = field(default_factory=list)
    # (check id, URL, detail): a sitemap that is invalid or lives on another host
    problems: list[tuple[str, str, str]] = field(default_factory=list)


@dataclass
class SiteModel:
    urls: SiteUrls
    start: str  # local URL where the crawl started
    pages: dict[str, Page]  # by local URL
    sitemaps: Sitemaps
    robots_blocked: dict[str, list[str]] = field(default_factory=dict)  # local URL -> user agents
    # (reason, detail) when the crawl stopped at a limit
    limit_reached: tuple[str, str] | None = None


# -- helpers ------------------------------------------------------------------------------------


def primary_language(code: str | None) -> str:
    return (code or "").strip().split("-", 1)[0].split("_", 1)[0].lower()


def site_languages(model: SiteModel) -> set[str]:
    codes = set()
    for page in model.pages.values():
        if page.lang:
            codes.add(primary_language(page.lang))
        codes.update(primary_language(code) for code, _ in page.hreflang if code.lower() != "x-default")
    codes.discard("")
    return codes


def section_language(model: SiteModel, local_url: str, languages: set[str]) -> str:
    """The language a URL's section is in: its first path segment when that is a language code
    (`/en/...`), else the home page's language (the default language lives at the root)."""
    first = model.urls.path(local_url).split("/", 1)[0].lower()
    if first in languages:
        return first
    home = model.pages.get(model.urls.local_base)
    return primary_language(home.lang) if home else ""


def _few(urls: Iterable[str], limit: int = 3) -> str:
    items = sorted(set(urls))  # sorted: the same detail from one run to the next (--baseline)
    shown = ", ".join(items[:limit])
    return shown + (f" and {len(items) - limit} more" if len(items) > limit else "")


def _status_text(page: Page | None) -> str:
    if page is None:
        return "not requested"
    if page.blocked:
        return "blocked by robots.txt"
    if page.status is None:
        return page.error or "no answer"
    if 300 <= page.status < 400 and page.location:
        return f"{page.status}, redirects to {page.location}"
    return str(page.status)


def _text_key(text: str | None) -> str:
    return " ".join((text or "").split()).casefold()


_SEPARATORS = (" - ", " | ", " — ", " – ", " · ", " :: ")


def page_title_part(title: str, site_name: str) -> str:
    """The page's own title, without the site name the theme appends ('Page - Site')."""
    if site_name and title != site_name:
        for separator in _SEPARATORS:
            if title.endswith(separator + site_name):
                return title[: -len(separator + site_name)]
    return title


# -- the checks ---------------------------------------------------------------------------------


def run_checks(model: SiteModel, thresholds: Thresholds) -> list[Finding]:
    urls = model.urls
    show = urls.display
    pages = model.pages
    findings: list[Finding] = []

    def add(check: str, local_or_external: str, detail: str, source: str = "") -> None:
        findings.append(Finding(check, show(local_or_external), detail, show(source) if source else ""))

    html_pages = [page for page in pages.values() if page.is_html]
    indexable = [page for page in html_pages if not page.noindex and _canonical_is_self(page, urls)]
    indexable_urls = {page.url for page in indexable}

    # Inbound internal links (self-links do not count: the theme's nav links every page to itself).
    inbound: dict[str, list[str]] = defaultdict(list)
    external: dict[str, list[str]] = defaultdict(list)
    for page in pages.values():
        if not page.parsed:
            continue
        for link in dict.fromkeys(page.links):
            target = urls.to_local(link)
            if target is None:
                if urlsplit(link).scheme in ("http", "https"):
                    external[normalize_url(link)].append(page.url)
            elif target != page.url:
                inbound[target].append(page.url)

    # Crawl problems and status codes
    if model.limit_reached:
        reason, detail = model.limit_reached
        add("crawl-limit", model.start, f"{reason}: {detail}")
    for page in pages.values():
        referrers = inbound.get(page.url, [])
        found_on = f"; linked from {_few(map(show, referrers))}" if referrers else ""
        if page.status is None and page.error and not page.blocked:
            add("crawl-error", page.url, page.error + found_on)
        elif page.status is not None and page.status >= 500:
            add("status-5xx", page.url, f"answered {page.status}{found_on}")
        elif page.status is not None and 300 <= page.status < 400:
            where = page.location or "no Location header"
            offsite = page.location and urls.to_local(page.location) is None
            note = " (another host: not followed)" if offsite else ""
            add("redirect", page.url, f"{page.status} to {show(where)}{note}{found_on}")
    for target, referrers in inbound.items():
        page = pages.get(target)
        if page is not None and page.status is not None and 400 <= page.status < 500:
            for referrer in dict.fromkeys(referrers):
                add("broken-link", referrer, f"links to {show(target)} ({page.status})", source=referrer)
    for link, referrers in sorted(external.items()):
        add("external-link", link, f"linked from {len(referrers)} page(s): {_few(map(show, referrers))}")

    # Titles and descriptions: missing, duplicate, too long (on pages meant to be indexed)
    site_names = _site_names(model)
    languages = site_languages(model)
    by_title: dict[str, list[Page]] = defaultdict(list)
    by_description: dict[str, list[Page]] = defaultdict(list)
    for page in html_pages:
        title = " ".join((page.title or "").split())
        if not title:
            add("title-missing", page.url, "no <title> or an empty one")
        elif page.url in indexable_urls:
            by_title[_text_key(title)].append(page)
            own = page_title_part(title, site_names.get(section_language(model, page.url, languages), ""))
            if len(own) > thresholds.max_title_length:
                add(
                    "title-too-long",
                    page.url,
                    f"{len(own)} characters (over {thresholds.max_title_length}): {own}",
                )
        description = " ".join((page.description or "").split())
        if not description:
            add("description-missing", page.url, "no <meta name='description'> or an empty one")
        elif page.url in indexable_urls:
            by_description[_text_key(description)].append(page)
            if len(description) > thresholds.max_description_length:
                add(
                    "description-too-long",
                    page.url,
                    f"{len(description)} characters (over {thresholds.max_description_length})",
                )
        if page.h1_count == 0:
            add("h1-missing", page.url, "no <h1>")
        elif page.h1_count > 1:
            add("h1-multiple", page.url, f"{page.h1_count} <h1> elements")
    for check, groups in (("title-duplicate", by_title), ("description-duplicate", by_description)):
        for group in groups.values():
            if len(group) < 2:
                continue
            for page in group:
                others = [show(other.url) for other in group if other is not page]
                add(check, page.url, f"same as {_few(others)}")

    # Canonical
    for page in html_pages:
        if not page.canonicals:
            add("canonical-missing", page.url, "no <link rel='canonical'>")
            continue
        if len(set(page.canonicals)) > 1:
            detail = f"{len(page.canonicals)} different canonicals, search engines ignore them all"
            add("canonical-missing", page.url, f"{detail}: {_few(page.canonicals)}")
            continue
        href = page.canonicals[0].strip()
        if not _is_absolute(href):
            add("canonical-not-absolute", page.url, f"canonical is '{href}'")
        target = urls.to_local(urljoin(page.url, href))
        if target is not None and target != page.url:
            status = pages.get(target)
            if status is None or status.status != 200:
                add("canonical-non-200", page.url, f"canonical {show(target)}: {_status_text(status)}")

    # Language
    for page in html_pages:
        if not (page.lang or "").strip():
            add("lang-missing", page.url, "no lang attribute on <html>")
            continue
        expected = section_language(model, page.url, languages)
        if expected and primary_language(page.lang) != expected:
            add("lang-mismatch", page.url, f"<html lang='{page.lang}'> in the '{expected}' section")

    # hreflang
    for page in html_pages:
        if not page.hreflang:
            continue
        resolved: list[tuple[str, str | None]] = []
        for code, href in page.hreflang:
            if not _is_absolute(href):
                add("hreflang-not-absolute", page.url, f"hreflang='{code}' href='{href}'")
            resolved.append((code, urls.to_local(urljoin(page.url, href))))
        if not any(code.lower() != "x-default" and target == page.url for code, target in resolved):
            add("hreflang-no-self", page.url, "no hreflang link to the page itself")
        if not any(code.lower() == "x-default" for code, _ in resolved):
            add("hreflang-no-x-default", page.url, "no hreflang='x-default'")
        for code, target in resolved:
            if target is None or target == page.url:
                continue
            other = pages.get(target)
            if other is None or other.status != 200:
                add("hreflang-non-200", page.url, f"hreflang='{code}' {show(target)}: {_status_text(other)}")
            elif other.parsed:
                back = {urls.to_local(urljoin(other.url, href)) for _, href in other.hreflang}
                if page.url not in back:
                    add(
                        "hreflang-not-reciprocal",
                        page.url,
                        f"hreflang='{code}' {show(target)} does not list this page back",
                    )

    # Sitemap and robots.txt
    findings += _sitemap_findings(model, inbound, indexable, show)

    # Content
    for page in html_pages:
        if page.jsonld_error:
            add("jsonld-invalid", page.url, page.jsonld_error)
        if page.images_without_alt:
            count = len(page.images_without_alt)
            add("img-no-alt", page.url, f"{count} image(s) without alt: {_few(page.images_without_alt)}")
    for page in indexable:
        if page.words < thresholds.min_words:
            add("thin-page", page.url, f"{page.words} words of body text (under {thresholds.min_words})")

    return sorted(findings, key=lambda f: (SEVERITIES.index(f.severity), f.check, f.url, f.detail))


def _is_absolute(href: str) -> bool:
    parts = urlsplit(href.strip())
    return parts.scheme in ("http", "https") and bool(parts.netloc)


def _canonical_is_self(page: Page, urls: SiteUrls) -> bool:
    if len(set(page.canonicals)) != 1:
        return True
    return urls.to_local(urljoin(page.url, page.canonicals[0])) in (page.url, None)


def _site_names(model: SiteModel) -> dict[str, str]:
    """Each language's site name: the title of its home page (`/`, `/en/` ...)."""
    names = {}
    languages = site_languages(model)
    for language in [*languages, ""]:
        home = model.urls.local_base + (f"{language}/" if language else "")
        page = model.pages.get(home)
        if page is not None and page.is_html and page.title:
            key = section_language(model, home, languages)
            names.setdefault(key, " ".join(page.title.split()))
    return names


def _sitemap_findings(
    model: SiteModel, inbound: dict[str, list[str]], indexable: list[Page], show
) -> list[Finding]:
    urls, pages = model.urls, model.pages
    findings = [Finding(check, url, detail) for check, url, detail in model.sitemaps.problems]
    if not model.sitemaps.found:
        if not any(check == "sitemap-invalid" for check, _, _ in model.sitemaps.problems):
            findings.append(Finding("sitemap-missing", show(urls.local_base + "sitemap.xml"), "no sitemap"))
        return findings
    listed: dict[str, SitemapEntry] = {}
    for entry in model.sitemaps.entries:
        local = urls.to_local(entry.loc)
        if local is None:
            findings.append(
                Finding("sitemap-offsite", normalize_url(entry.loc), "listed in the sitemap (not requested)")
            )
            continue
        listed.setdefault(local, entry)
    for local, entry in listed.items():
        page = pages.get(local)
        agents = model.robots_blocked.get(local)
        if agents:
            findings.append(
                Finding(
                    "robots-blocks-sitemap-url",
                    show(local),
                    f"robots.txt disallows it for {', '.join(agents)}",
                )
            )
            continue
        if page is None or page.status != 200:
            findings.append(Finding("sitemap-non-200", show(local), _status_text(page)))
            continue
        if page.parsed and not inbound.get(local) and local != model.start:
            findings.append(Finding("sitemap-orphan", show(local), "in the sitemap, linked from no page"))
        if entry.alternates and page.parsed and page.hreflang:
            in_sitemap = {(code.lower(), urls.to_local(href) or href) for code, href in entry.alternates}
            on_page = {
                (code.lower(), urls.to_local(urljoin(page.url, href)) or href) for code, href in page.hreflang
            }
            if in_sitemap != on_page:
                only_sitemap = sorted(code for code, _ in in_sitemap - on_page)
                only_page = sorted(code for code, _ in on_page - in_sitemap)
                findings.append(
                    Finding(
                        "sitemap-alternates-mismatch",
                        show(local),
                        f"sitemap only: {', '.join(only_sitemap) or '-'}; "
                        f"page only: {', '.join(only_page) or '-'}",
                    )
                )
        for code, href in entry.alternates:
            target = urls.to_local(href)
            if target is not None and target not in listed:
                other = pages.get(target)
                if other is None or other.status != 200:
                    findings.append(
                        Finding(
                            "sitemap-non-200",
                            show(target),
                            f"hreflang='{code}' alternate of {show(local)}: {_status_text(other)}",
                        )
                    )
    for page in indexable:
        if page.url not in listed:
            findings.append(Finding("not-in-sitemap", show(page.url), "a page that answers 200, not listed"))
    return findings


# -- figures for the report ---------------------------------------------------------------------


def click_depths(model: SiteModel) -> dict[str, int]:
    """Clicks from the start page to each crawled page, following internal links."""
    depths = {model.start: 0}
    queue = deque([model.start])
    while queue:
        url = queue.popleft()
        page = model.pages.get(url)
        if page is None or not page.parsed:
            continue
        for link in page.links:
            target = model.urls.to_local(link)
            if target is not None and target not in depths and target in model.pages:
                depths[target] = depths[url] + 1
                queue.append(target)
    return depths


def status_counts(model: SiteModel) -> Counter[str]:
    counts: Counter[str] = Counter()
    for page in model.pages.values():
        if page.blocked:
            counts["blocked by robots.txt"] += 1
        elif page.status is None:
            counts["no answer" if page.error else "not requested"] += 1
        else:
            counts[str(page.status)] += 1
    return counts


WORD = re.compile(r"\w+")


def count_words(text: str) -> int:
    return len(WORD.findall(text))
