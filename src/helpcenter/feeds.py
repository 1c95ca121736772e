"""Machine-readable feeds: the alerts as JSON Feed and RSS, and the FAQ as JSON, per language.

Other channels (a feed reader, a chatbot, the IVR, the mobile app) must say the same thing as
the site, so these are built from the same content model and the same alert timeline. Pure
functions, no MkDocs: the plugin passes in the URLs, because only it knows where pages land.

Every document is built with a serializer (`json`, `xml.etree.ElementTree`), never by pasting
editors' text into markup. The JSON is also safe to inline in an HTML page: `<`, `>`, `&` and
the JavaScript line separators U+2028/U+2029 are written as `\\uXXXX` escapes.
"""

from __future__ import annotations

import datetime as dt
import html
import json
import posixpath
import re
import xml.etree.ElementTree as ET
from collections.abc import Callable, Iterable
from email.utils import format_datetime
from html.parser import HTMLParser
from typing import Any
from urllib.parse import urlsplit

import markdown
from markdown.extensions import Extension
from markdown.treeprocessors import Treeprocessor

from helpcenter import alerts as timeline
from helpcenter import safejson
from helpcenter.content import HelpCenter
from helpcenter.model import Alert

JSON_FEED_VERSION = "https://jsonfeed.org/version/1.1"
ATOM_NAMESPACE = "http://www.w3.org/2005/Atom"
EXTENSION_KEY = "_helpcenter"
ANSWER_EXTENSIONS = ["attr_list", "tables", "admonition"]

EntryUrl = Callable[[str], str | None]

# Characters XML 1.0 cannot carry at all, not even escaped (C0 controls but tab/LF/CR, U+FFFE/FFFF,
# lone surrogates). A YAML escape like "\x0b" could put one in an editor's text. Listed as
# themselves: the complement of the allowed ranges is the same class and takes 9 ms to compile.
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")


# -- alerts ----------------------------------------------------------------------------------------


def feed_alerts(alerts: Iterable[Alert], now: dt.datetime) -> list[Alert]:
    """The alerts a feed carries at `now`, most relevant first.

    Active ones by severity, then upcoming ones by start, then those ended within the last
    30 days, most recently ended first.
    """
    alerts = list(alerts)
    return (
        timeline.active(alerts, now) + timeline.upcoming(alerts, now) + timeline.recently_ended(alerts, now)
    )


def feed_item_id(alert: Alert) -> str:
    """Stable while the alert is unchanged; a new id (a new item for readers) when it is edited."""
    return f"{alert.id}@{timeline.version(alert)}"


def _alert_item(alert: Alert, language: str, now: dt.datetime, entry_url: EntryUrl) -> dict[str, Any]:
    text = alert.text[language]
    plain = timeline.plain_text(text)
    item: dict[str, Any] = {"id": feed_item_id(alert)}
    url = entry_url(alert.link) if alert.link else None
    if url:
        item["url"] = url
    item.update(
        {
            "title": plain,
            "content_text": plain,
            "content_html": timeline.inline_html(text),
            "date_published": timeline.utc_iso(alert.starts),
            EXTENSION_KEY: {
                "severity": alert.severity,
                "starts": timeline.utc_iso(alert.starts),
                "ends": timeline.utc_iso(alert.ends) or None,
                "state": timeline.state(alert, now),
            },
        }
    )
    return item


def alerts_json_feed(
    alerts: Iterable[Alert],
    *,
    language: str,
    now: dt.datetime,
    title: str,
    home_url: str,
    feed_url: str,
    entry_url: EntryUrl,
) -> str:
    """The alerts of one language as a JSON Feed 1.1 document (https://jsonfeed.org/version/1.1)."""
    document = {
        "version": JSON_FEED_VERSION,
        "title": title,
        "home_page_url": home_url,
        "feed_url": feed_url,
        "language": language,
        "items": [_alert_item(alert, language, now, entry_url) for alert in feed_alerts(alerts, now)],
    }
    return _dumps(document)


def alerts_rss(
    alerts: Iterable[Alert],
    *,
    language: str,
    now: dt.datetime,
    title: str,
    description: str,
    home_url: str,
    feed_url: str,
    entry_url: EntryUrl,
) -> str:
    """The alerts of one language as an RSS 2.0 document, the same items as the JSON Feed."""
    ET.register_namespace("atom", ATOM_NAMESPACE)
    rss = ET.Element("rss", {"version": "2.0"})
    channel = ET.SubElement(rss, "channel")
    _text(channel, "title", title)
    _text(channel, "link", home_url)
    _text(channel, "description", description)
    _text(channel, "language", language)
    _text(channel, "pubDate", rfc822(now))
    _text(channel, "lastBuildDate", rfc822(now))
    _text(channel, "generator", "helpcenter")
    ET.SubElement(
        channel,
        f"{{{ATOM_NAMESPACE}}}link",
        {"href": _xml_safe(feed_url), "rel": "self", "type": "application/rss+xml"},
    )
    for alert in feed_alerts(alerts, now):
        item = _alert_item(alert, language, now, entry_url)
        element = ET.SubElement(channel, "item")
        _text(element, "title", item["title"])
        if "url" in item:
            _text(element, "link", item["url"])
        _text(element, "description", item["content_html"])
        guid = _text(element, "guid", item["id"])
        guid.set("isPermaLink", "false")
        _text(element, "pubDate", rfc822(alert.starts))
        _text(element, "category", alert.severity)
    ET.indent(rss, space="  ")
    # The declaration is a constant; everything else is serialized (and escaped) by ElementTree.
    return '<?xml version="1.0" encoding="UTF-8"?>\n' + ET.tostring(rss, encoding="unicode") + "\n"


def rfc822(moment: dt.datetime) -> str:
    """A date as RSS writes it, in UTC: `Fri, 20 Nov 2026 06:00:00 GMT`."""
    return format_datetime(moment.astimezone(dt.timezone.utc), usegmt=True)


def _text(parent: ET.Element, tag: str, text: str) -> ET.Element:
    element = ET.SubElement(parent, tag)
    element.text = _xml_safe(text)
    return element


def _xml_safe(text: str) -> str:
    return _NOT_XML.sub("", text)


def _dumps(document: Any) -> str:
    return safejson.dumps(document, indent=2) + "\n"


# -- FAQ -------------------------------------------------------------------------------------------


def faq_json(
    help_center: HelpCenter,
    *,
    language: str,
    entry_url: Callable[[str], str],
    category_url: Callable[[str], str],
    page_url: Callable[[str], str],
    faq_url: str = "faq",
    answers: dict[str, str] | None = None,
) -> str:
    """Every FAQ entry of one language, for a chatbot, the IVR or the mobile app.

    `entry_url(entry_id)`, `category_url(category_id)` and `page_url(md_path)` return absolute
    URLs; `md_path` is relative to the language's root, like `faq/returns.md` or `contact.md`.
    `faq_url` is where category pages live in that tree (the plugin's `faq_url` option).
    Relative links in answers are rewritten to absolute URLs, since an API client has no page
    to resolve them against.
    """
    if answers is None:  # the plugin passes those it rendered for the pages' structured data
        answers = answers_html(help_center, language=language, page_url=page_url, faq_url=faq_url)
    categories = []
    entries = []
    for loaded in help_center.categories:
        category = loaded.category
        categories.append(
            {
                "id": category.id,
                "title": category.title[language],
                "description": category.description[language],
                "url": category_url(category.id),
            }
        )
        for entry in loaded.entries:
            entries.append(
                {
                    "id": entry.id,
                    "category": category.id,
                    "question": entry.question[language],
                    "answer_text": visible_text(answers[entry.id]),
                    "answer_html": answers[entry.id],
                    "keywords": list(entry.keywords.get(language, [])),
                    "call_reasons": list(entry.call_reasons),
                    "related": list(entry.related),
                    "url": entry_url(entry.id),
                    "reviewed": entry.reviewed.isoformat() if entry.reviewed else None,
                }
            )
    # One category and one entry per line: a reader can still find and `grep` an entry, and
    # the file is written by json's C encoder (indenting every field runs its Python one, at
    # twice the cost, for a file that a client parses anyway), and made inert once.
    encode = json.JSONEncoder(ensure_ascii=False, separators=(",", ":"), allow_nan=False).encode
    head = {"language": language, "generated_from": "faq/*.yml"}
    lines = [f"  {encode(key)}: {encode(value)}," for key, value in head.items()]
    for key, records in (("categories", categories), ("entries", entries)):
        items = ",\n".join(f"    {encode(record)}" for record in records)
        lines.append(f'  "{key}": [\n{items}\n  ],' if records else f'  "{key}": [],')
    lines[-1] = lines[-1].removesuffix(",")
    return safejson.inert("{\n" + "\n".join(lines) + "\n}\n")


def answers_html(
    help_center: HelpCenter, *, language: str, page_url: Callable[[str], str], faq_url: str = "faq"
) -> dict[str, str]:
    """Every entry's answer as HTML with absolute links, by entry id: for clients that have no
    page to resolve `returns.md#x` against (the API, structured data)."""
    rewriter = _LinkRewriter(page_url)
    renderer = markdown.Markdown(extensions=[*ANSWER_EXTENSIONS, _RewriteLinks(rewriter)])
    answers = {}
    for loaded in help_center.categories:
        rewriter.page = posixpath.join(faq_url, f"{loaded.category.id}.md")
        for entry in loaded.entries:
            renderer.reset()
            answers[entry.id] = renderer.convert(entry.answer[language].strip())
    return answers


class _LinkRewriter:
    """Turns `returns.md#x`, `../contact.md` and `#x`, as written on `page`, into absolute URLs."""

    def __init__(self, page_url: Callable[[str], str]) -> None:
        self.page_url = page_url
        self.page = ""

    def __call__(self, href: str) -> str:
        parts = urlsplit(href)
        if parts.scheme or parts.netloc or parts.path.startswith("/") or parts.query:
            return href
        fragment = f"#{parts.fragment}" if parts.fragment else ""
        if not parts.path:
            return self.page_url(self.page) + fragment if fragment else href
        if not parts.path.endswith(".md"):
            return href
        target = posixpath.normpath(posixpath.join(posixpath.dirname(self.page), parts.path))
        if target.startswith("../") or target == "..":
            return href  # outside the site: nothing to resolve it to
        return self.page_url(target) + fragment


class _RewriteLinksProcessor(Treeprocessor):
    def __init__(self, md: markdown.Markdown, rewrite: Callable[[str], str]) -> None:
        super().__init__(md)
        self.rewrite = rewrite

    def run(self, root: ET.Element) -> None:
        for link in root.iter("a"):
            href = link.get("href")
            if href is not None:
                link.set("href", self.rewrite(href))


class _RewriteLinks(Extension):
    def __init__(self, rewrite: Callable[[str], str]) -> None:
        super().__init__()
        self.rewrite = rewrite

    def extendMarkdown(self, md: markdown.Markdown) -> None:
        # After "inline" (20), which creates the links, and before serialization.
        md.treeprocessors.register(_RewriteLinksProcessor(md, self.rewrite), "helpcenter-links", 5)


_BLOCK_TAGS = frozenset(
    {"address", "article", "aside", "blockquote", "br", "dd", "details", "div", "dl", "dt", "figcaption"}
    | {"figure", "footer", "h1", "h2", "h3", "h4", "h5", "h6", "header", "hr", "li", "main", "nav", "ol"}
    | {"p", "pre", "section", "summary", "table", "td", "th", "tr", "ul"}
)
_INVISIBLE_TAGS = frozenset({"script", "style", "template"})


class _TextExtractor(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self.hidden = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in _INVISIBLE_TAGS:
            self.hidden += 1
        elif tag in _BLOCK_TAGS:
            self.parts.append("\n")

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in _BLOCK_TAGS:
            self.parts.append("\n")

    def handle_endtag(self, tag: str) -> None:
        if tag in _INVISIBLE_TAGS:
            self.hidden = max(0, self.hidden - 1)
        elif tag in _BLOCK_TAGS:
            self.parts.append("\n")

    def handle_data(self, data: str) -> None:
        if not self.hidden:
            self.parts.append(data)


# A start, end or self-closing tag whose attribute values hold no `<` or `>`: Python-Markdown
# writes only such tags (it escapes both in attributes). A match runs from a `<` to the next `>`,
# so the matches of the expressions below never overlap and do not depend on one another.
_TAG_REST = r"""(?:\s+[^\s"'<>/=]+(?:\s*=\s*(?:"[^"<>]*"|'[^'<>]*'|[^\s"'<>=`/]+))?)*\s*/?>"""
_SIMPLE_TAG = re.compile(r"</?[a-zA-Z][a-zA-Z0-9]*" + _TAG_REST)
_SIMPLE_BLOCK_TAG = re.compile(
    r"</?(?i:" + "|".join(sorted(_BLOCK_TAGS, key=len, reverse=True)) + r")(?![a-zA-Z0-9])" + _TAG_REST
)
# Tags whose content HTMLParser reads differently (raw text) or that hide their content.
_NOT_SIMPLE_TAGS = _INVISIBLE_TAGS | {"textarea", "title", "xmp", "plaintext", "noscript", "iframe"}
_NOT_SIMPLE_TAG = re.compile(r"</?(?i:" + "|".join(sorted(_NOT_SIMPLE_TAGS)) + r")(?![a-zA-Z0-9])")
_INLINE_MARK = "\x00"  # where an inline tag was: an entity cannot run across it


def visible_text(html_text: str) -> str:
    """What a reader sees of an HTML fragment, on one line: tags gone, entities decoded."""
    # HTMLParser costs more than everything else of the FAQ API together; what the answers
    # hold (simple tags, text, entities) is read with regular expressions, the same way: a
    # block tag is a line break, an inline tag nothing, and the text on either side of a tag
    # is decoded apart.
    if _INLINE_MARK in html_text or _NOT_SIMPLE_TAG.search(html_text):
        return _parsed_visible_text(html_text)
    entities = "&" in html_text
    text = _SIMPLE_TAG.sub(_INLINE_MARK if entities else "", _SIMPLE_BLOCK_TAG.sub("\n", html_text))
    if "<" in text:  # a comment, a declaration or a `<` that is text
        return _parsed_visible_text(html_text)
    if entities:
        text = html.unescape(text).replace(_INLINE_MARK, "")
    return " ".join(text.split())


def _parsed_visible_text(html_text: str) -> str:
    extractor = _TextExtractor()
    extractor.feed(html_text)
    extractor.close()
    return " ".join("".join(extractor.parts).split())
