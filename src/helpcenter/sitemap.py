"""sitemap.xml with every language's alternates and x-default, and robots.txt naming it.

mkdocs-static-i18n's sitemap has the alternates but no x-default; the plugin writes this one
from the pages it saw in every language build, so what is in the sitemap is exactly what
the pages' own hreflang links say.
"""

from __future__ import annotations

import xml.etree.ElementTree as ET
from dataclasses import dataclass, field

SITEMAP_NS = "http://www.sitemaps.org/schemas/sitemap/0.9"
XHTML_NS = "http://www.w3.org/1999/xhtml"


@dataclass(frozen=True)
class SitemapPage:
    loc: str
    alternates: list[tuple[str, str]] = field(default_factory=list)  # (hreflang, absolute URL)


def sitemap_xml(pages: list[SitemapPage]) -> str:
    ET.register_namespace("", SITEMAP_NS)
    ET.register_namespace("xhtml", XHTML_NS)
    urlset = ET.Element(f"{{{SITEMAP_NS}}}urlset")
    for page in sorted(pages, key=lambda p: p.loc):
        url = ET.SubElement(urlset, f"{{{SITEMAP_NS}}}url")
        ET.SubElement(url, f"{{{SITEMAP_NS}}}loc").text = page.loc
        for hreflang, href in page.alternates:
            ET.SubElement(
                url, f"{{{XHTML_NS}}}link", {"rel": "alternate", "hreflang": hreflang, "href": href}
            )
    ET.indent(urlset)
    return '<?xml version="1.0" encoding="UTF-8"?>\n' + ET.tostring(urlset, encoding="unicode") + "\n"


def robots_txt(site_url: str | None) -> str:
    """Everything may be crawled; the sitemap is named when the site knows its address."""
    lines = ["User-agent: *", "Allow: /"]
    if site_url:
        lines += ["", f"Sitemap: {site_url.rstrip('/')}/sitemap.xml"]
    return "\n".join(lines) + "\n"
