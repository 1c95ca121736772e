"""The customer's side: accessible, usable from the keyboard and on a phone, readable without
JavaScript, light on a first visit, and talking to no other host."""

from __future__ import annotations

import gzip
import json
import re
from collections.abc import Iterator
from urllib.parse import urlsplit

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import Browser, BrowserContext, Page, expect

from helpcenter import alerts as timeline
from helpcenter.content import HelpCenter
from helpcenter.strings import strings_for
from tests.conftest import LANGUAGES, PINNED_NOW, run_mkdocs_build

pytestmark = pytest.mark.browser

PINNED = timeline.parse_now(PINNED_NOW)
PAGE_TYPES = {
    "home": "",
    "faq": "faq/orders/",
    "guide": "guides/track-a-delayed-parcel/",
    "contact": "contact/",
    "status": "status/",
    "404": "no/such/page/",
}
PHONE = {"width": 360, "height": 740}
# What a first visit to an FAQ page may download, uncompressed and gzip-compressed (as a CDN
# serves it). Material's CSS and JS are most of it; search loads only when it is used.
BUDGET_BYTES = 340_000
BUDGET_GZIP_BYTES = 100_000
BUDGET_HTML_BYTES = 60_000


@pytest.fixture
def phone(browser: Browser) -> Iterator[Page]:
    context = browser.new_context(viewport=PHONE, device_scale_factor=2, is_mobile=True, has_touch=True)
    page = context.new_page()
    page.clock.install(time=PINNED)
    yield page
    context.close()


def violations(page: Page) -> list[str]:
    result = Axe().run(page, options={"resultTypes": ["violations"]})
    return [
        f"{v['id']} ({v['impact']}): {[node['target'] for node in v['nodes'][:3]]}"
        for v in result.response["violations"]
    ]


@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize("page_type", PAGE_TYPES)
def test_no_axe_violation_on_any_page_type(page: Page, base_url: str, language: str, page_type: str) -> None:
    page.clock.install(time=PINNED)
    page.goto(base_url + LANGUAGES[language] + PAGE_TYPES[page_type])
    assert violations(page) == []


@pytest.mark.parametrize("language", LANGUAGES)
def test_no_axe_violation_with_search_results_open(page: Page, base_url: str, language: str) -> None:
    page.goto(base_url + LANGUAGES[language])
    box = page.locator(".md-search__input")
    box.click()
    box.fill({"ru": "заказ", "en": "order", "es": "pedido"}[language])
    box.press("End")
    page.wait_for_selector(".md-search-result__item")
    assert violations(page) == []


@pytest.mark.parametrize("page_type", ["home", "faq", "contact"])
def test_no_axe_violation_on_a_phone(phone: Page, base_url: str, page_type: str) -> None:
    phone.goto(base_url + "es/" + PAGE_TYPES[page_type])
    assert violations(phone) == []


def test_keyboard_only_search_and_open_a_result(page: Page, base_url: str, help_center: HelpCenter) -> None:
    page.goto(base_url + "en/")
    skip = page.locator("a.md-skip")
    page.keyboard.press("Tab")
    expect(skip).to_be_focused()  # the first Tab offers to skip to the content
    for _ in range(30):  # tab through the header until the search box has the focus
        if page.evaluate("document.activeElement.classList.contains('md-search__input')"):
            break
        page.keyboard.press("Tab")
    else:
        pytest.fail("the search box cannot be reached with Tab")
    page.keyboard.type("refund")
    page.wait_for_selector(".md-search-result__item")
    page.keyboard.press("ArrowDown")  # Material moves the focus into the results
    focused = page.evaluate("document.activeElement.getAttribute('href') || ''")
    assert "faq" in focused or "guides" in focused, focused
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert urlsplit(page.url).path != "/en/"


def test_keyboard_dismisses_an_alert_and_focus_stays_visible(page: Page, base_url: str) -> None:
    page.clock.install(time=PINNED)
    page.goto(base_url + "en/faq/delivery/")
    dismiss = page.locator(".hc-alert__dismiss").first
    for _ in range(10):
        page.keyboard.press("Tab")
        if dismiss.evaluate("el => el === document.activeElement"):
            break
    else:
        pytest.fail("the dismiss button cannot be reached with Tab")
    outline = dismiss.evaluate("el => getComputedStyle(el).outlineStyle")
    assert outline not in ("", "none"), "the focused button shows no focus ring"
    page.keyboard.press("Enter")
    expect(page.locator(".hc-alert").first).to_be_hidden()


@pytest.mark.parametrize("page_type", ["home", "faq", "guide", "contact", "status"])
@pytest.mark.parametrize("language", LANGUAGES)
def test_a_phone_screen_shows_everything_without_sideways_scrolling(
    phone: Page, base_url: str, language: str, page_type: str
) -> None:
    phone.goto(base_url + LANGUAGES[language] + PAGE_TYPES[page_type])
    assert phone.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    # text reads without zooming
    size = phone.locator("article p").first.evaluate("p => parseFloat(getComputedStyle(p).fontSize)")
    assert size >= 14
    # the banner sits above the content, never over it
    banner = phone.locator(".md-banner").bounding_box()
    heading = phone.locator("article h1").bounding_box()
    assert banner is not None and heading is not None and heading["y"] >= banner["y"] + banner["height"]
    # controls are big enough to tap (WCAG 2.2 target size, 24 × 24 CSS px); links inside
    # running text are exempt, as in WCAG
    small = phone.evaluate(
        """() => [...document.querySelectorAll(
                'button, input, select, label[for], .md-header a, .hc-alert a')]
            .filter(el => el.offsetParent !== null)
            .map(el => [el, el.getBoundingClientRect()])
            .filter(([el, r]) => r.width > 0 && (r.width < 24 || r.height < 24))
            .map(([el, r]) => el.outerHTML.slice(0, 80) + ` ${r.width}x${r.height}`)"""
    )
    assert small == []


@pytest.mark.parametrize("language", LANGUAGES)
def test_without_javascript_answers_alerts_contacts_and_navigation_read(
    browser: Browser, base_url: str, help_center: HelpCenter, language: str
) -> None:
    context: BrowserContext = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    try:
        prefix = base_url + LANGUAGES[language]
        loaded = help_center.categories[0]
        page.goto(prefix + f"faq/{loaded.category.id}/")
        for entry in loaded.entries:
            expect(page.locator(f"h2#{entry.id}")).to_be_visible()
        first_answer = timeline.plain_text(loaded.entries[0].answer[language])[:40]
        expect(page.locator("article")).to_contain_text(first_answer)
        expect(page.locator(".hc-alert").first).to_be_visible()
        nav = page.locator(".md-nav--primary")
        strings, _ = strings_for(language, {})
        expect(nav.get_by_text(strings["faq_section"]).first).to_be_visible()
        page.goto(prefix + "contact/")
        expect(page.locator('article a[href^="tel:"]').first).to_be_visible()
    finally:
        context.close()


def test_a_first_visit_to_an_faq_page_stays_within_budget_and_on_this_host(page: Page, base_url: str) -> None:
    host = urlsplit(base_url).netloc
    transfers: dict[str, tuple[str, bytes]] = {}
    elsewhere: list[str] = []

    def finished(request) -> None:  # noqa: ANN001 - Playwright's Request
        response = request.response()
        transfers[request.url] = (request.resource_type, response.body() if response else b"")

    page.on("requestfinished", finished)
    page.on("request", lambda request: urlsplit(request.url).netloc != host and elsewhere.append(request.url))
    page.goto(base_url + "es/faq/orders/")
    page.wait_for_load_state("networkidle")

    total = sum(len(body) for _, body in transfers.values())
    compressed = sum(len(gzip.compress(body, 6)) for _, body in transfers.values())
    html = sum(len(body) for kind, body in transfers.values() if kind == "document")
    kinds = sorted({kind for kind, _ in transfers.values()})
    print(
        f"\nfirst visit to /es/faq/orders/: {len(transfers)} requests, {total} bytes, {compressed} gzip, "
        f"{html} HTML; kinds {kinds}"
    )
    assert elsewhere == [], "no request to another host"
    assert not [url for url in transfers if re.search(r"search_index\.json|/workers/", url)], (
        "the search index and the search workers load only when search is used"
    )
    assert "font" not in kinds
    assert total <= BUDGET_BYTES and compressed <= BUDGET_GZIP_BYTES and html <= BUDGET_HTML_BYTES

    # once the customer searches, only the page language's index comes, then the worker
    with (
        page.expect_response(lambda response: "search_index.json" in response.url) as index,
        page.expect_request(lambda request: "/workers/helpcenter-search.js" in request.url),
    ):
        page.locator(".md-search__input").click()
    assert urlsplit(index.value.url).path == "/es/search/search_index.json"
    page.wait_for_timeout(300)
    indexes = [urlsplit(url).path for url in transfers if url.endswith("search_index.json")]
    assert indexes == ["/es/search/search_index.json"]
    assert elsewhere == []


def test_an_faq_page_prints_without_navigation(page: Page, base_url: str) -> None:
    page.goto(base_url + "en/faq/orders/")
    page.emulate_media(media="print")
    for selector in (".md-header", ".md-sidebar--primary", ".md-footer", ".md-banner", ".md-search"):
        expect(page.locator(selector).first).to_be_hidden()
    expect(page.locator("article h2").first).to_be_visible()


@pytest.mark.parametrize("language", LANGUAGES)
def test_was_this_helpful_sends_the_answer_for_the_entry(
    page: Page, base_url: str, help_center: HelpCenter, language: str
) -> None:
    loaded = help_center.categories[0]
    entry = loaded.entries[1]
    page.goto(base_url + LANGUAGES[language] + f"faq/{loaded.category.id}/")
    widgets = page.locator(".hc-feedback")
    expect(widgets).to_have_count(len(loaded.entries))  # one per answer
    strings, _ = strings_for(language, {})
    widget = page.locator(f'.hc-feedback[data-hc-entry="{entry.id}"]')
    with page.expect_request(lambda request: request.url.endswith("/api/feedback")) as sent:
        widget.get_by_role("button", name=strings["feedback_no"], exact=True).click()
    body = json.loads(sent.value.post_data or "{}")
    assert body == {
        "page": f"/{LANGUAGES[language]}faq/{loaded.category.id}/",
        "entry": entry.id,
        "helpful": False,
        "language": language,
    }
    expect(widget).to_contain_text(strings["feedback_thanks"])
    expect(widget.get_by_role("button")).to_have_count(0)


def test_guides_have_one_feedback_control_and_other_pages_none(page: Page, base_url: str) -> None:
    page.goto(base_url + "en/guides/payment-failed/")
    expect(page.locator(".hc-feedback")).to_have_count(1)
    page.goto(base_url + "en/contact/")
    expect(page.locator(".hc-feedback")).to_have_count(0)


def test_no_feedback_control_where_nothing_would_receive_it(make_project, tmp_path) -> None:
    project = make_project()
    site = tmp_path / "site"
    assert run_mkdocs_build(project, site).returncode == 0
    assert "hc-feedback" not in (site / "en" / "faq" / "orders" / "index.html").read_text(encoding="utf-8")
