"""End-to-end: the built reference site over HTTP on 127.0.0.1, in a real Chromium."""

from __future__ import annotations

import pytest
from playwright.sync_api import Page, expect

from helpcenter.content import HelpCenter
from helpcenter.strings import strings_for
from tests.conftest import LANGUAGES

pytestmark = pytest.mark.browser


@pytest.mark.parametrize("language", LANGUAGES)
def test_home_page_has_language_title_and_categories(
    page: Page, base_url: str, help_center: HelpCenter, language: str
) -> None:
    response = page.goto(base_url + LANGUAGES[language])
    assert response is not None and response.status == 200
    assert page.locator("html").get_attribute("lang") == language
    home_title = page.locator("article h1").inner_text().rstrip("¶").strip()
    assert home_title, "the home page has no h1"
    assert home_title in page.title()
    assert page.title().count(home_title) == 1, f"title repeats itself: {page.title()!r}"
    article = page.locator("article")
    for loaded in help_center.categories:
        link = article.get_by_role("link", name=loaded.category.title[language], exact=True)
        expect(link).to_have_count(1)
    # the most asked questions link to entries in the page's own language
    first_question = help_center.categories[0].entries[0].question[language]
    expect(article.get_by_role("link", name=first_question, exact=True)).to_be_visible()


@pytest.mark.parametrize(("source", "target"), [("ru", "en"), ("en", "es"), ("es", "ru")])
def test_language_switcher_keeps_the_faq_page(
    page: Page, base_url: str, help_center: HelpCenter, source: str, target: str
) -> None:
    category = help_center.categories[-1].category
    page.goto(f"{base_url}{LANGUAGES[source]}faq/{category.id}/")
    page.locator(".md-header__option .md-select").hover()
    page.locator(f'.md-select__link[hreflang="{target}"]').click()
    page.wait_for_url(f"{base_url}{LANGUAGES[target]}faq/{category.id}/")
    assert page.locator("html").get_attribute("lang") == target
    expect(page.locator("article h1")).to_contain_text(category.title[target])


@pytest.mark.parametrize("language", LANGUAGES)
def test_faq_anchor_opens_the_entry(
    page: Page, base_url: str, help_center: HelpCenter, language: str
) -> None:
    loaded = help_center.categories[0]
    entry = loaded.entries[-1]
    page.goto(f"{base_url}{LANGUAGES[language]}faq/{loaded.category.id}/#{entry.id}")
    heading = page.locator(f"h2#{entry.id}")
    expect(heading).to_contain_text(entry.question[language])
    expect(heading).to_be_in_viewport()
    # the same id opens the same entry in every language
    assert page.evaluate("location.hash") == f"#{entry.id}"


def test_top_question_link_on_home_opens_its_entry(
    page: Page, base_url: str, help_center: HelpCenter
) -> None:
    entry = help_center.categories[0].entries[0]
    page.goto(base_url + "en/")
    page.locator("article").get_by_role("link", name=entry.question["en"], exact=True).click()
    expect(page.locator(f"h2#{entry.id}")).to_be_in_viewport()
    assert page.url.endswith(f"#{entry.id}")


@pytest.mark.parametrize("language", LANGUAGES)
def test_missing_url_shows_404_in_the_section_language(page: Page, base_url: str, language: str) -> None:
    response = page.goto(f"{base_url}{LANGUAGES[language]}no/such/page/")
    assert response is not None and response.status == 404
    assert page.locator("html").get_attribute("lang") == language
    strings, _ = strings_for(language, {})
    expect(page.locator("article h1")).to_have_text(strings["not_found_title"])
    # the 404 page works at any depth: its stylesheet loads from an absolute URL
    assert page.evaluate("getComputedStyle(document.body).fontFamily") != ""
    expect(page.get_by_role("link", name=strings["not_found_home"])).to_have_attribute(
        "href", "/" + LANGUAGES[language]
    )


@pytest.mark.parametrize("language", LANGUAGES)
def test_navigation_puts_answers_first_and_contact_last(page: Page, base_url: str, language: str) -> None:
    page.goto(base_url + LANGUAGES[language] + "contact/")
    items = page.locator(".md-nav--primary > .md-nav__list > .md-nav__item")
    labels = [text.strip().splitlines()[0].strip() for text in items.all_text_contents() if text.strip()]
    strings, _ = strings_for(language, {})
    contact_title = page.locator("article h1").inner_text().rstrip("¶").strip()
    assert labels[1] == strings["faq_section"], labels
    assert labels[-1] == contact_title, labels
