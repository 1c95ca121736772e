"""What search engines read, over every page of the built reference site."""

from __future__ import annotations

import json
import re
import xml.etree.ElementTree as ET
from collections import Counter, defaultdict
from html.parser import HTMLParser
from pathlib import Path

import pytest

from helpcenter.content import HelpCenter
from tests.conftest import LANGUAGES

pytestmark = pytest.mark.build

SITE_URL = "https://help.parcelia.example/"
DESCRIPTION_MAX = 160


class Head(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.lang = ""
        self.title = ""
        self.description: str | None = None
        self.canonical: str | None = None
        self.hreflang: list[tuple[str, str]] = []
        self.jsonld: list[str] = []
        self._in: str | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = {k: v or "" for k, v in attrs}
        if tag == "html":
            self.lang = a.get("lang", "")
        elif tag == "title":
            self._in = "title"
        elif tag == "meta" and a.get("name") == "description":
            self.description = a.get("content")
        elif tag == "link" and a.get("rel") == "canonical":
            self.canonical = a.get("href")
        elif tag == "link" and a.get("rel") == "alternate" and "hreflang" in a:
            self.hreflang.append((a["hreflang"], a["href"]))
        elif tag == "script" and a.get("type") == "application/ld+json":
            self._in = "jsonld"
            self.jsonld.append("")

    def handle_endtag(self, tag: str) -> None:
        self._in = None

    def handle_data(self, data: str) -> None:
        if self._in == "title":
            self.title += data
        elif self._in == "jsonld":
            self.jsonld[-1] += data


def pages(site: Path) -> dict[str, Head]:
    """Every HTML page but the 404s, by its URL."""
    result = {}
    for path in sorted(site.rglob("index.html")):
        relative = path.parent.relative_to(site).as_posix()
        url = SITE_URL + ("" if relative == "." else relative + "/")
        head = Head()
        head.feed(path.read_text(encoding="utf-8"))
        result[url] = head
    return result


@pytest.fixture(scope="module")
def heads(reference_site: Path) -> dict[str, Head]:
    return pages(reference_site)


def test_titles_are_unique_per_language_and_never_repeat_the_site_name(heads: dict[str, Head]) -> None:
    by_language: dict[str, list[str]] = defaultdict(list)
    for url, head in heads.items():
        by_language[head.lang].append(head.title.strip())
        assert head.title.strip(), url
        parts = [part.strip() for part in head.title.split(" - ")]
        assert len(parts) == len(set(parts)), f"{url}: {head.title}"
    for language, titles in by_language.items():
        duplicates = [t for t, n in Counter(titles).items() if n > 1]
        assert not duplicates, (language, duplicates)
    assert set(by_language) == set(LANGUAGES)


def test_every_page_has_a_description_within_search_engine_length(heads: dict[str, Head]) -> None:
    for url, head in heads.items():
        assert head.description, url
        assert 50 <= len(head.description) <= DESCRIPTION_MAX, (url, len(head.description), head.description)


def test_canonical_is_the_page_itself(heads: dict[str, Head]) -> None:
    for url, head in heads.items():
        assert head.canonical == url


def test_hreflang_is_absolute_reciprocal_self_including_with_x_default(heads: dict[str, Head]) -> None:
    for url, head in heads.items():
        alternates = dict(head.hreflang)
        assert set(alternates) == {*LANGUAGES, "x-default"}, url
        assert alternates[head.lang] == url, "the page lists itself"
        assert alternates["x-default"] == alternates["ru"], "x-default is the default language's page"
        for href in alternates.values():
            assert href.startswith(SITE_URL), href
            other = heads[href]
            assert dict(other.hreflang) == alternates, f"{href} does not link back to {url} the same way"


def test_sitemap_lists_every_page_once_with_the_pages_own_alternates(
    reference_site: Path, heads: dict[str, Head]
) -> None:
    ns = {"s": "http://www.sitemaps.org/schemas/sitemap/0.9", "x": "http://www.w3.org/1999/xhtml"}
    root = ET.parse(reference_site / "sitemap.xml").getroot()
    locs = [url.findtext("s:loc", namespaces=ns) for url in root.findall("s:url", ns)]
    assert len(locs) == len(set(locs))
    assert set(locs) == set(heads), "the sitemap lists exactly the pages (and no 404 or search page)"
    for url in root.findall("s:url", ns):
        loc = url.findtext("s:loc", namespaces=ns)
        alternates = {link.get("hreflang"): link.get("href") for link in url.findall("x:link", ns)}
        assert alternates == dict(heads[loc].hreflang), loc
    robots = (reference_site / "robots.txt").read_text(encoding="utf-8")
    assert f"Sitemap: {SITE_URL}sitemap.xml" in robots.splitlines()
    assert not re.search(r"^Disallow: /\s*$", robots, re.MULTILINE)


def test_structured_data_parses_and_has_the_right_types(
    heads: dict[str, Head], help_center: HelpCenter
) -> None:
    found: dict[str, set[str]] = defaultdict(set)
    for url, head in heads.items():
        for block in head.jsonld:
            assert "</" not in block and "<!--" not in block
            data = json.loads(block)
            assert data["@context"] == "https://schema.org"
            found[url].add(data["@type"])
            if data["@type"] == "FAQPage":
                category_id = url.rstrip("/").rsplit("/", 1)[1]
                loaded = next(c for c in help_center.categories if c.category.id == category_id)
                assert [q["name"] for q in data["mainEntity"]] == [
                    e.question[head.lang] for e in loaded.entries
                ]
            if data["@type"] == "BreadcrumbList":
                items = data["itemListElement"]
                assert [i["position"] for i in items] == list(range(1, len(items) + 1))
                assert items[-1]["item"] == url
    for url, types in found.items():
        path = url.removeprefix(SITE_URL)
        path = path.split("/", 1)[1] if path.split("/", 1)[0] in LANGUAGES else path
        if path.startswith("faq/"):
            assert types == {"FAQPage", "BreadcrumbList"}, url
        elif path.startswith("guides/"):
            assert types == {"BreadcrumbList"}, url
        elif path.startswith("contact/"):
            assert "Organization" in types, url
    assert sum(1 for url in heads if "/faq/" in url) == 3 * len(help_center.categories)
    assert all(url in found for url in heads if "/faq/" in url or "/guides/" in url or "contact/" in url)


def test_llms_txt_lists_every_page_of_every_language(reference_site: Path, heads: dict[str, Head]) -> None:
    text = (reference_site / "llms.txt").read_text(encoding="utf-8")
    assert text.startswith("# ")
    assert len(re.findall(r"^## ", text, re.MULTILINE)) == len(LANGUAGES)
    listed = set(re.findall(r"^- \[[^\]]+\]\((https://[^)]+)\)", text, re.MULTILINE))
    assert listed == set(heads)
