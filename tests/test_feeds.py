"""The machine-readable feeds: alerts as JSON Feed 1.1 and RSS 2.0, the FAQ as JSON."""

from __future__ import annotations

import datetime as dt
import json
import re
import xml.dom.minidom
import xml.etree.ElementTree as ET
from email.utils import parsedate_to_datetime
from html.parser import HTMLParser
from pathlib import Path

import jsonschema
import pytest
import yaml

from helpcenter import alerts as timeline
from helpcenter import feeds
from helpcenter.content import HelpCenter
from helpcenter.model import Alert

ROOT = Path(__file__).resolve().parent.parent
LANGUAGES = ["ru", "en", "es"]
NOW = dt.datetime(2026, 11, 23, 12, 0, tzinfo=dt.timezone.utc)
SITE = "https://help.example.com"
ATOM = "{http://www.w3.org/2005/Atom}"
HOSTILE = "</script><script>alert(1)</script>"

# JSON Feed 1.1's required members and the types of the members we write
# (https://jsonfeed.org/version/1.1): version, title and items are required; each item needs
# an id and content_html or content_text; extensions start with "_".
JSON_FEED_SCHEMA = {
    "$schema": "https://json-schema.org/draft/2020-12/schema",
    "type": "object",
    "required": ["version", "title", "items"],
    "properties": {
        "version": {"const": "https://jsonfeed.org/version/1.1"},
        "title": {"type": "string", "minLength": 1},
        "home_page_url": {"type": "string", "pattern": "^https?://"},
        "feed_url": {"type": "string", "pattern": "^https?://"},
        "language": {"type": "string", "minLength": 2},
        "items": {
            "type": "array",
            "items": {
                "type": "object",
                "required": ["id"],
                "anyOf": [{"required": ["content_html"]}, {"required": ["content_text"]}],
                "properties": {
                    "id": {"type": "string", "minLength": 1},
                    "url": {"type": "string", "pattern": "^https?://"},
                    "title": {"type": "string"},
                    "content_html": {"type": "string"},
                    "content_text": {"type": "string"},
                    "date_published": {"type": "string"},
                    "_helpcenter": {
                        "type": "object",
                        "required": ["severity", "starts", "ends", "state"],
                        "properties": {
                            "severity": {"enum": ["info", "warning", "critical"]},
                            "starts": {"type": "string"},
                            "ends": {"type": ["string", "null"]},
                            "state": {"enum": ["active", "upcoming", "ended"]},
                        },
                    },
                },
                "patternProperties": {"^_": {"type": "object"}},
                "additionalProperties": False,
            },
        },
    },
    "patternProperties": {"^_": {"type": "object"}},
    "additionalProperties": False,
}


def entry_url(link: str) -> str | None:
    return None if link == "no-page" else f"{SITE}/en/faq/x/#{link}"


def json_feed(alerts: list[Alert], now: dt.datetime = NOW, language: str = "en") -> str:
    return feeds.alerts_json_feed(
        alerts,
        language=language,
        now=now,
        title="Parcelia: service alerts",
        home_url=f"{SITE}/en/",
        feed_url=f"{SITE}/en/alerts.json",
        entry_url=entry_url,
    )


def rss(alerts: list[Alert], now: dt.datetime = NOW, language: str = "en") -> str:
    return feeds.alerts_rss(
        alerts,
        language=language,
        now=now,
        title="Parcelia: service alerts",
        description="What is happening with orders & deliveries",
        home_url=f"{SITE}/en/",
        feed_url=f"{SITE}/en/alerts.xml",
        entry_url=entry_url,
    )


def alert(text: str = "Pickup points are closed.", **changes: object) -> Alert:
    data: dict[str, object] = {
        "id": "test-alert",
        "severity": "warning",
        "text": {"ru": text, "en": text, "es": text},
        "link": "where-is-my-order",
        "starts": "2026-11-20T09:00:00+03:00",
        "ends": "2026-12-01T00:00:00+03:00",
        **changes,
    }
    return Alert.model_validate(data)


def rss_items(document: str) -> list[ET.Element]:
    return ET.fromstring(document.encode("utf-8")).findall("./channel/item")


# -- JSON Feed -------------------------------------------------------------------------------------


@pytest.mark.parametrize("language", LANGUAGES)
def test_json_feed_validates_and_has_the_required_members(help_center: HelpCenter, language: str) -> None:
    document = json.loads(json_feed(help_center.alerts, language=language))
    jsonschema.validate(document, JSON_FEED_SCHEMA)
    assert document["version"] == "https://jsonfeed.org/version/1.1"
    assert document["title"] == "Parcelia: service alerts"
    assert document["home_page_url"] == f"{SITE}/en/"
    assert document["feed_url"] == f"{SITE}/en/alerts.json"
    assert document["language"] == language
    for item in document["items"]:
        source = next(a for a in help_center.alerts if item["id"].startswith(f"{a.id}@"))
        assert item["id"] == f"{source.id}@{timeline.version(source)}"
        assert item["title"] == item["content_text"] == timeline.plain_text(source.text[language])
        assert item["content_html"] == timeline.inline_html(source.text[language])
        assert item["url"] == entry_url(source.link or "")
        published = dt.datetime.fromisoformat(item["date_published"].replace("Z", "+00:00"))
        assert published == source.starts
        assert item["_helpcenter"]["severity"] == source.severity


def test_json_feed_items_at_the_reference_now(help_center: HelpCenter) -> None:
    items = json.loads(json_feed(help_center.alerts))["items"]
    ids = [item["id"].split("@")[0] for item in items]
    # The long-running alert is active, the 2035 one upcoming, the 2020 one long gone.
    assert ids == ["carrier-delays", "payments-maintenance"]
    states = {item["id"].split("@")[0]: item["_helpcenter"] for item in items}
    assert states["carrier-delays"]["state"] == "active"
    assert states["payments-maintenance"]["state"] == "upcoming"
    assert states["payments-maintenance"]["starts"] == "2035-05-31T21:00:00Z"
    assert states["payments-maintenance"]["ends"] == "2035-06-02T03:00:00Z"


def test_expired_alert_is_in_the_feeds_only_within_30_days_of_its_end(help_center: HelpCenter) -> None:
    expired = next(a for a in help_center.alerts if a.id == "pickup-points-closed")
    assert expired.ends is not None and expired.ends.year == 2020

    def ids(now: dt.datetime) -> tuple[list[str], list[str]]:
        json_ids = [item["id"] for item in json.loads(json_feed(help_center.alerts, now))["items"]]
        rss_ids = [item.findtext("guid") or "" for item in rss_items(rss(help_center.alerts, now))]
        return json_ids, rss_ids

    wanted = feeds.feed_item_id(expired)
    for now in (NOW, expired.ends + dt.timedelta(days=31)):
        json_ids, rss_ids = ids(now)
        assert wanted not in json_ids and wanted not in rss_ids
    for now in (expired.ends, expired.ends + dt.timedelta(days=10), expired.ends + dt.timedelta(days=30)):
        json_ids, rss_ids = ids(now)
        assert wanted in json_ids and wanted in rss_ids
    items = json.loads(json_feed(help_center.alerts, expired.ends + dt.timedelta(days=10)))["items"]
    ended = next(item for item in items if item["id"] == wanted)
    assert ended["_helpcenter"]["state"] == "ended"
    assert ended["_helpcenter"]["ends"] == "2020-05-31T21:00:00Z"


def test_items_are_ordered_active_by_severity_then_upcoming_then_ended() -> None:
    alerts = [
        alert(id="ended-info", severity="info", starts="2026-11-01T00:00:00Z", ends="2026-11-10T00:00:00Z"),
        alert(id="upcoming-late", severity="critical", starts="2027-02-01T00:00:00Z", ends=None),
        alert(id="active-info", severity="info", starts="2026-11-01T00:00:00Z", ends=None),
        alert(id="upcoming-soon", severity="info", starts="2026-12-01T00:00:00Z", ends=None),
        alert(id="active-critical", severity="critical", starts="2026-11-02T00:00:00Z", ends=None),
        alert(
            id="ended-old", severity="critical", starts="2026-01-01T00:00:00Z", ends="2026-02-01T00:00:00Z"
        ),
    ]
    expected = ["active-critical", "active-info", "upcoming-soon", "upcoming-late", "ended-info"]
    assert [i["id"].split("@")[0] for i in json.loads(json_feed(alerts))["items"]] == expected
    assert [(i.findtext("guid") or "").split("@")[0] for i in rss_items(rss(alerts))] == expected


def test_future_alert_is_an_upcoming_item(help_center: HelpCenter) -> None:
    future = next(a for a in help_center.alerts if a.starts.year == 2035)
    items = json.loads(json_feed(help_center.alerts))["items"]
    item = next(item for item in items if item["id"] == feeds.feed_item_id(future))
    assert item["_helpcenter"]["state"] == "upcoming"
    assert feeds.feed_item_id(future) in [i.findtext("guid") for i in rss_items(rss(help_center.alerts))]


def test_the_item_id_changes_when_the_text_changes() -> None:
    before = json.loads(json_feed([alert("Pickup points are closed.")]))["items"][0]["id"]
    again = json.loads(json_feed([alert("Pickup points are closed.")]))["items"][0]["id"]
    after = json.loads(json_feed([alert("Pickup points are closed until Monday.")]))["items"][0]["id"]
    assert before == again
    assert after != before
    assert before.startswith("test-alert@") and after.startswith("test-alert@")
    guid = rss_items(rss([alert("Pickup points are closed until Monday.")]))[0].findtext("guid")
    assert guid == after


def test_an_alert_without_a_page_has_no_url() -> None:
    for linked in (alert(link=None), alert(link="no-page")):
        item = json.loads(json_feed([linked]))["items"][0]
        assert "url" not in item
        assert rss_items(rss([linked]))[0].find("link") is None


# -- RSS -------------------------------------------------------------------------------------------


@pytest.mark.parametrize("language", LANGUAGES)
def test_rss_parses_and_has_one_item_per_alert_in_the_window(help_center: HelpCenter, language: str) -> None:
    document = rss(help_center.alerts, language=language)
    assert document.startswith('<?xml version="1.0" encoding="UTF-8"?>')
    raw = document.encode("utf-8")
    dom = xml.dom.minidom.parseString(raw)
    assert dom.documentElement.tagName == "rss"
    assert dom.documentElement.getAttribute("version") == "2.0"
    assert dom.documentElement.getAttribute("xmlns:atom") == "http://www.w3.org/2005/Atom"

    root = ET.fromstring(raw)
    channel = root.find("channel")
    assert channel is not None
    assert channel.findtext("title") == "Parcelia: service alerts"
    assert channel.findtext("link") == f"{SITE}/en/"
    assert channel.findtext("description") == "What is happening with orders & deliveries"
    assert channel.findtext("language") == language
    for name in ("lastBuildDate", "pubDate"):
        assert parsedate_to_datetime(channel.findtext(name) or "") == NOW
    self_link = channel.find(f"{ATOM}link")
    assert self_link is not None
    assert self_link.attrib == {
        "href": f"{SITE}/en/alerts.xml",
        "rel": "self",
        "type": "application/rss+xml",
    }

    window = feeds.feed_alerts(help_center.alerts, NOW)
    items = channel.findall("item")
    assert len(items) == len(window) == 2
    json_items = json.loads(json_feed(help_center.alerts, language=language))["items"]
    for element, source, json_item in zip(items, window, json_items, strict=True):
        guid = element.find("guid")
        assert guid is not None and guid.get("isPermaLink") == "false"
        assert guid.text == json_item["id"] == f"{source.id}@{timeline.version(source)}"
        assert re.fullmatch(r"[a-z0-9-]+@[0-9a-f]{12}", guid.text or "")
        assert element.findtext("title") == timeline.plain_text(source.text[language])
        assert element.findtext("description") == timeline.inline_html(source.text[language])
        assert element.findtext("link") == json_item["url"]
        assert element.findtext("category") == source.severity
        pub_date = element.findtext("pubDate") or ""
        assert re.fullmatch(r"[A-Z][a-z]{2}, \d{2} [A-Z][a-z]{2} \d{4} \d{2}:\d{2}:\d{2} GMT", pub_date)
        assert parsedate_to_datetime(pub_date) == source.starts


# -- hostile text --------------------------------------------------------------------------------


def hostile_alert() -> Alert:
    # Raw <script> is refused at load time, but in a code span it is text, and text must stay text.
    text = f"Code `{HOSTILE}` then ]]> & <b>bold</b> and 1 < 2\u2028next"
    return alert(text, id="hostile")


def test_hostile_text_is_escaped_in_the_json_feed() -> None:
    hostile = hostile_alert()
    raw = json_feed([hostile])
    assert "<script" not in raw.lower()
    assert "<" not in raw and ">" not in raw and "\u2028" not in raw
    item = json.loads(raw)["items"][0]
    text = hostile.text["en"]
    assert item["title"] == item["content_text"] == timeline.plain_text(text)
    assert f"Code {HOSTILE} then ]]> & bold and 1 < 2 next" == item["title"]
    assert item["content_html"] == timeline.inline_html(text)
    assert "&lt;script&gt;" in item["content_html"] and "<b>bold</b>" in item["content_html"]
    assert "\u2028" in item["content_html"]


def test_hostile_text_is_escaped_in_rss() -> None:
    hostile = hostile_alert()
    raw = rss([hostile])
    assert "<script" not in raw.lower()
    assert "]]>" not in raw
    assert "<b>" not in raw
    item = rss_items(raw)[0]
    text = hostile.text["en"]
    assert item.findtext("title") == timeline.plain_text(text)
    assert HOSTILE in (item.findtext("title") or "")
    assert item.findtext("description") == timeline.inline_html(text)
    dom = xml.dom.minidom.parseString(raw.encode("utf-8"))
    title = dom.getElementsByTagName("item")[0].getElementsByTagName("title")[0]
    assert title.firstChild.data == timeline.plain_text(text)


def test_characters_xml_cannot_carry_are_dropped_not_breaking_the_feed() -> None:
    tricky = alert("Vertical\x0btab and \x01 control")
    raw = rss([tricky])
    xml.dom.minidom.parseString(raw.encode("utf-8"))
    # plain_text turns the vertical tab into a space; the XML writer drops the other control character.
    assert rss_items(raw)[0].findtext("title") == "Vertical tab and  control"
    assert json.loads(json_feed([tricky]))["items"][0]["title"] == timeline.plain_text(tricky.text["en"])


def test_hostile_feed_metadata_is_escaped() -> None:
    raw = feeds.alerts_rss(
        [],
        language="en",
        now=NOW,
        title=HOSTILE,
        description="]]> & <b>",
        home_url=f"{SITE}/?a=1&b=2",
        feed_url=f'{SITE}/alerts.xml?"x"',
        entry_url=entry_url,
    )
    assert "<script" not in raw
    channel = ET.fromstring(raw.encode("utf-8")).find("channel")
    assert channel is not None
    assert channel.findtext("title") == HOSTILE
    assert channel.findtext("description") == "]]> & <b>"
    assert channel.findtext("link") == f"{SITE}/?a=1&b=2"
    assert channel.findall("item") == []
    raw_json = feeds.alerts_json_feed(
        [], language="en", now=NOW, title=HOSTILE, home_url=SITE, feed_url=SITE, entry_url=entry_url
    )
    assert "<script" not in raw_json
    assert json.loads(raw_json)["title"] == HOSTILE


# -- FAQ JSON --------------------------------------------------------------------------------------


def page_url(language: str):
    prefix = "" if language == "ru" else f"{language}/"

    def url(md_path: str) -> str:
        assert md_path.endswith(".md") and not md_path.startswith(("/", "../")), md_path
        return f"{SITE}/{prefix}{md_path[: -len('.md')]}/"

    return url


def faq(help_center: HelpCenter, language: str, **options: str) -> str:
    prefix = "" if language == "ru" else f"{language}/"
    return feeds.faq_json(
        help_center,
        language=language,
        entry_url=lambda entry_id: f"{SITE}/{prefix}faq/{help_center.category_of(entry_id).id}/#{entry_id}",
        category_url=lambda category_id: f"{SITE}/{prefix}faq/{category_id}/",
        page_url=page_url(language),
        **options,
    )


class _Links(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.hrefs: list[str] = []
        self.tags: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append(tag)
        self.hrefs += [value or "" for name, value in attrs if name == "href"]


def links_of(html_text: str) -> list[str]:
    parser = _Links()
    parser.feed(html_text)
    return parser.hrefs


@pytest.mark.parametrize("language", LANGUAGES)
def test_faq_json_has_every_entry_in_site_order(help_center: HelpCenter, language: str) -> None:
    raw = faq(help_center, language)
    document = json.loads(raw)
    assert "<" not in raw  # safe to inline in a page, like the alert feeds
    yaml_files = [yaml.safe_load(path.read_text(encoding="utf-8")) for path in sorted(ROOT.glob("faq/*.yml"))]
    assert len(document["entries"]) == sum(len(data["entries"]) for data in yaml_files)
    assert len(document["categories"]) == len(yaml_files)

    assert document["language"] == language
    assert document["generated_from"] == "faq/*.yml"
    assert [c["id"] for c in document["categories"]] == [c.category.id for c in help_center.categories]
    assert [e["id"] for e in document["entries"]] == [e.id for e in help_center.entries]
    prefix = "" if language == "ru" else f"{language}/"
    for category, loaded in zip(document["categories"], help_center.categories, strict=True):
        assert category == {
            "id": loaded.category.id,
            "title": loaded.category.title[language],
            "description": loaded.category.description[language],
            "url": f"{SITE}/{prefix}faq/{loaded.category.id}/",
        }
    for item in document["entries"]:
        entry = help_center.entry(item["id"])
        assert set(item) == {
            "id",
            "category",
            "question",
            "answer_text",
            "answer_html",
            "keywords",
            "call_reasons",
            "related",
            "url",
            "reviewed",
        }
        assert item["category"] == help_center.category_of(entry.id).id
        assert item["question"] == entry.question[language]
        assert item["keywords"] == entry.keywords.get(language, [])
        assert item["call_reasons"] == entry.call_reasons
        assert item["related"] == entry.related
        assert item["url"] == f"{SITE}/{prefix}faq/{item['category']}/#{entry.id}"
        assert item["reviewed"] == (entry.reviewed.isoformat() if entry.reviewed else None)
        assert item["answer_html"].startswith("<")
        assert item["answer_text"] and "<" not in item["answer_text"].replace("< ", "")
        assert "  " not in item["answer_text"] and "\n" not in item["answer_text"]


@pytest.mark.parametrize("language", LANGUAGES)
def test_faq_answer_links_become_absolute_urls(help_center: HelpCenter, language: str) -> None:
    document = json.loads(faq(help_center, language))
    hrefs = [href for item in document["entries"] for href in links_of(item["answer_html"])]
    assert hrefs
    for href in hrefs:
        assert href.startswith(("https://", "mailto:")), href
        assert ".md" not in href
    prefix = "" if language == "ru" else f"{language}/"
    by_id = {item["id"]: item for item in document["entries"]}
    # `returns.md#refund-time` from faq/delivery.md, `../contact.md`, `#app-not-working` on faq/app.md.
    assert f"{SITE}/{prefix}faq/returns/#refund-time" in links_of(by_id["delivery-delays"]["answer_html"])
    assert f"{SITE}/{prefix}contact/" in links_of(by_id["delivery-delays"]["answer_html"])
    assert f"{SITE}/{prefix}faq/app/#app-not-working" in links_of(by_id["app-update"]["answer_html"])
    sign_in = by_id["login-code-not-received"]["answer_html"]
    assert f"{SITE}/{prefix}guides/cannot-sign-in/" in links_of(sign_in)


def test_faq_answer_text_is_the_visible_text(help_center: HelpCenter) -> None:
    item = next(i for i in json.loads(faq(help_center, "en"))["entries"] if i["id"] == "delivery-delays")
    assert item["answer_text"].startswith("Carriers are overloaded, so orders may now arrive")
    assert "see how refunds work." in item["answer_text"]
    assert "refund-time" not in item["answer_text"]
    assert feeds.visible_text("<p>A&amp;B</p><ul>\n<li>one</li><li>two</li></ul><p>x<br>y</p>") == (
        "A&B one two x y"
    )
    assert feeds.visible_text("<p>a</p><script>hidden()</script><style>p{}</style>b") == "a b"


def test_faq_links_follow_the_configured_faq_url(help_center: HelpCenter) -> None:
    document = json.loads(faq(help_center, "en", faq_url="help/topics"))
    by_id = {item["id"]: item for item in document["entries"]}
    hrefs = links_of(by_id["delivery-delays"]["answer_html"])
    assert f"{SITE}/en/help/topics/returns/#refund-time" in hrefs
    assert f"{SITE}/en/help/contact/" in hrefs
