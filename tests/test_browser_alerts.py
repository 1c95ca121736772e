"""Banner alerts in a real Chromium: time, dismissal, severity, links, no JavaScript."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from playwright.sync_api import Browser, Page, expect

from helpcenter import alerts as timeline
from helpcenter.content import HelpCenter
from helpcenter.server import serving
from helpcenter.strings import strings_for
from tests.conftest import LANGUAGES, PINNED_NOW, copy_reference, run_mkdocs_build

pytestmark = pytest.mark.browser

PINNED = timeline.parse_now(PINNED_NOW)
DURING_MAINTENANCE = "2035-06-01T12:00:00+03:00"


def shown_alerts(page: Page) -> list[str]:
    return [el.get_attribute("data-hc-alert") or "" for el in page.locator("[data-hc-alert]:visible").all()]


def spaces(text: str) -> str:
    """Browsers give narrow and non-breaking spaces back as plain ones in inner_text."""
    return text.replace("\u202f", " ").replace("\u00a0", " ")


def at(page: Page, moment: dt.datetime) -> Page:
    page.clock.install(time=moment)
    return page


@pytest.fixture(scope="session")
def maintenance_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The reference site built while the critical alert is on."""
    site = tmp_path_factory.mktemp("maintenance") / "site"
    result = run_mkdocs_build(Path(__file__).resolve().parent.parent, site, now=DURING_MAINTENANCE)
    assert result.returncode == 0, result.stderr
    return site


@pytest.mark.parametrize("language", LANGUAGES)
def test_only_the_active_alert_shows_on_home_and_faq_pages(
    page: Page, base_url: str, help_center: HelpCenter, language: str
) -> None:
    active = [alert.id for alert in timeline.active(help_center.alerts, PINNED)]
    others = {alert.id for alert in help_center.alerts} - set(active)
    assert active and others, "the reference content needs active, expired and future alerts"
    at(page, PINNED)
    for path in ("", f"faq/{help_center.categories[1].category.id}/"):
        page.goto(base_url + LANGUAGES[language] + path)
        assert shown_alerts(page) == active
        banner = page.locator(f"#hc-alert-{active[0]}")
        expect(banner).to_contain_text(timeline.plain_text(help_center.alerts[0].text[language])[:20])
        for alert_id in others:
            expect(page.locator(f"#hc-alert-{alert_id}")).to_have_count(0)


@pytest.mark.parametrize("language", LANGUAGES)
def test_a_page_built_before_the_end_shows_no_banner_after_it(
    page: Page, base_url: str, help_center: HelpCenter, language: str
) -> None:
    last_end = max(alert.ends for alert in timeline.active(help_center.alerts, PINNED) if alert.ends)
    at(page, last_end + dt.timedelta(minutes=1))
    page.goto(base_url + LANGUAGES[language])
    assert shown_alerts(page) == []
    expect(page.locator(".md-banner")).to_be_hidden()


def test_an_alert_disappears_when_it_ends_on_a_page_left_open(
    page: Page, base_url: str, help_center: HelpCenter
) -> None:
    active = timeline.active(help_center.alerts, PINNED)[0]
    page.clock.install(time=active.ends - dt.timedelta(seconds=30))
    page.goto(base_url + "en/")
    assert shown_alerts(page) == [active.id]
    page.clock.run_for(90_000)  # the page re-checks every minute
    assert shown_alerts(page) == []


@pytest.mark.parametrize("language", LANGUAGES)
def test_dismissed_warning_stays_hidden_across_pages_and_reloads(
    page: Page, base_url: str, help_center: HelpCenter, language: str
) -> None:
    at(page, PINNED)
    page.goto(base_url + LANGUAGES[language])
    warning = timeline.active(help_center.alerts, PINNED)[0]
    strings, _ = strings_for(language, {})
    page.locator(f"#hc-alert-{warning.id}").get_by_role("button", name=strings["alert_dismiss"]).click()
    assert shown_alerts(page) == []
    expect(page.locator(".md-banner")).to_be_hidden()
    page.goto(base_url + LANGUAGES[language] + f"faq/{help_center.categories[0].category.id}/")
    assert shown_alerts(page) == []
    page.reload()
    assert shown_alerts(page) == []


def test_a_changed_alert_shows_again(browser: Browser, reference_site: Path, tmp_path: Path) -> None:
    project = copy_reference(tmp_path / "changed")
    alerts_file = project / "alerts.yml"
    text = alerts_file.read_text(encoding="utf-8")
    changed = text.replace("3 days", "5 days", 1)
    assert changed != text
    alerts_file.write_text(changed, encoding="utf-8")
    assert run_mkdocs_build(project, project / "site").returncode == 0

    context = browser.new_context()
    page = context.new_page()
    try:
        at(page, PINNED)
        with serving(reference_site) as url:
            port = int(url.rsplit(":", 1)[1].strip("/"))
            page.goto(url + "en/")
            page.locator(".hc-alert__dismiss").first.click()
            assert shown_alerts(page) == []
            page.reload()
            assert shown_alerts(page) == []
        # the same origin (host and port) now serves the site with the edited alert
        with serving(project / "site", port=port) as url:
            page.goto(url + "en/")
            assert len(shown_alerts(page)) == 1
            expect(page.locator(".hc-alert").first).to_contain_text("5 days")
    finally:
        context.close()


@pytest.mark.parametrize("language", LANGUAGES)
def test_critical_alert_is_announced_first_and_cannot_be_dismissed(
    browser: Browser, maintenance_site: Path, help_center: HelpCenter, language: str
) -> None:
    moment = timeline.parse_now(DURING_MAINTENANCE)
    expected = [alert.id for alert in timeline.active(help_center.alerts, moment)]
    critical = next(alert for alert in help_center.alerts if alert.severity == "critical")
    assert expected[0] == critical.id and len(expected) > 1
    context = browser.new_context()
    page = context.new_page()
    try:
        at(page, moment)
        with serving(maintenance_site) as url:
            page.goto(url + LANGUAGES[language])
            assert shown_alerts(page) == expected
            banner = page.locator(f"#hc-alert-{critical.id}")
            expect(banner).to_have_attribute("role", "alert")
            expect(banner.get_by_role("button")).to_have_count(0)
            for other in expected[1:]:
                expect(page.locator(f"#hc-alert-{other}")).not_to_have_attribute("role", "alert")
                expect(page.locator(f"#hc-alert-{other}").get_by_role("button")).to_have_count(1)
    finally:
        context.close()


@pytest.mark.parametrize("language", LANGUAGES)
def test_banner_link_opens_the_faq_entry(
    page: Page, base_url: str, help_center: HelpCenter, language: str
) -> None:
    alert = timeline.active(help_center.alerts, PINNED)[0]
    assert alert.link
    at(page, PINNED)
    page.goto(base_url + LANGUAGES[language] + "contact/")
    page.locator(f"#hc-alert-{alert.id} .hc-alert__link").click()
    page.wait_for_url(f"**/faq/{help_center.category_of(alert.link).id}/#{alert.link}")
    expect(page.locator(f"h2#{alert.link}")).to_contain_text(help_center.entry(alert.link).question[language])


def test_alerts_read_without_javascript(browser: Browser, base_url: str, help_center: HelpCenter) -> None:
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    try:
        page.goto(base_url + "es/")
        active = timeline.active(help_center.alerts, PINNED)
        assert shown_alerts(page) == [alert.id for alert in active]
        expect(page.locator(".hc-alert").first).to_contain_text(timeline.plain_text(active[0].text["es"]))
    finally:
        context.close()


@pytest.mark.parametrize("language", LANGUAGES)
def test_status_page_lists_current_and_planned_alerts(
    page: Page, base_url: str, help_center: HelpCenter, language: str
) -> None:
    page.goto(base_url + LANGUAGES[language] + "status/")
    strings, _ = strings_for(language, {})
    article = page.locator("article")
    expect(article.locator("h1")).to_contain_text(strings["status_title"])
    text = spaces(article.inner_text())
    now_part, planned_part = text.split(strings["status_upcoming"], 1)
    for alert in timeline.active(help_center.alerts, PINNED):
        assert timeline.plain_text(alert.text[language]) in now_part
    for alert in timeline.upcoming(help_center.alerts, PINNED):
        assert timeline.plain_text(alert.text[language]) in planned_part
        assert spaces(timeline.format_moment(alert.starts, language)) in planned_part
    for alert in help_center.alerts:
        if timeline.state(alert, PINNED) == "ended" and alert not in timeline.recently_ended(
            help_center.alerts, PINNED
        ):
            assert timeline.plain_text(alert.text[language]) not in text
