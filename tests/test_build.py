"""Real `mkdocs build --strict` runs: the reference site, nothing lost, others' content."""

from __future__ import annotations

import re
from pathlib import Path

import markdown
import pytest
import yaml

from helpcenter.strings import strings_for
from tests.conftest import MINIMAL_CATEGORY, ROOT, run_mkdocs_build
from tests.htmltext import page_sections, visible_text

pytestmark = pytest.mark.build

SECTIONS = {"ru": "", "en": "en/", "es": "es/"}


def read_faq_files(faq_dir: Path) -> list[tuple[Path, dict]]:
    # Read with plain PyYAML, not the package's loader: a loader that dropped entries
    # must not be able to hide it from this test.
    return [
        (path, yaml.safe_load(path.read_text(encoding="utf-8"))) for path in sorted(faq_dir.glob("*.yml"))
    ]


def test_reference_site_has_every_language_and_its_own_404(reference_site: Path) -> None:
    for language, prefix in SECTIONS.items():
        assert (reference_site / prefix / "index.html").is_file()
        not_found = (reference_site / prefix / "404.html").read_text(encoding="utf-8")
        lang, _ = page_sections(not_found)
        assert lang == language
        strings, _ = strings_for(language, {})
        assert f"<h1>{strings['not_found_title']}</h1>" in not_found


def test_nothing_lost_every_entry_on_its_category_page_in_every_language(reference_site: Path) -> None:
    faq_files = read_faq_files(ROOT / "faq")
    total_in_yaml = sum(len(data["entries"]) for _, data in faq_files)
    assert total_in_yaml >= 12
    for language, prefix in SECTIONS.items():
        total_on_pages = 0
        for path, data in faq_files:
            page = reference_site / prefix / "faq" / data["category"]["id"] / "index.html"
            html_text = page.read_text(encoding="utf-8")
            lang, sections = page_sections(html_text)
            assert lang == language, page
            entry_sections = re.findall(r'<h2 class="hc-entry" id="([^"]+)"', html_text)
            assert entry_sections == [entry["id"] for entry in data["entries"]], f"{path} in {language}"
            total_on_pages += len(entry_sections)
            for entry in data["entries"]:
                heading, body = sections[entry["id"]]
                assert heading == " ".join(entry["question"][language].split()), (path, entry["id"])
                answer = visible_text(markdown.markdown(entry["answer"][language], extensions=["attr_list"]))
                assert answer in body, f"{path}: {entry['id']} answer missing or altered in {language}"
        assert total_on_pages == total_in_yaml, language


def test_related_entries_are_linked(reference_site: Path) -> None:
    for path, data in read_faq_files(ROOT / "faq"):
        for entry in data["entries"]:
            for prefix in SECTIONS.values():
                html_text = (
                    reference_site / prefix / "faq" / data["category"]["id"] / "index.html"
                ).read_text(encoding="utf-8")
                section = html_text.split(f'id="{entry["id"]}"', 1)[1].split("<h2", 1)[0]
                for related in entry.get("related", []):
                    assert re.search(rf'href="[^"]*#{related}"', section), (path, entry["id"], related)


def test_generated_markdown_is_never_written_to_docs(reference_site: Path) -> None:
    assert not list((ROOT / "docs").rglob("faq/*.md"))


def test_contact_page_shows_answers_before_the_phone_number(reference_site: Path) -> None:
    for prefix in SECTIONS.values():
        html_text = (reference_site / prefix / "contact" / "index.html").read_text(encoding="utf-8")
        first_answer = html_text.find("/#")  # a link to an FAQ entry section
        first_phone = html_text.find('href="tel:')
        assert 0 < first_answer < first_phone, prefix


def test_build_error_names_file_and_line_without_traceback(make_project, tmp_path: Path) -> None:
    broken = MINIMAL_CATEGORY.replace("    answer:\n", "    answr:\n")
    project = make_project(faq={"orders.yml": broken})
    result = run_mkdocs_build(project, tmp_path / "site")
    assert result.returncode != 0
    output = result.stdout + result.stderr
    assert "Traceback" not in output
    assert (
        "faq/orders.yml:8: entry 'where-is-my-order': unknown key 'answr' (did you mean 'answer'?)" in output
    )
    assert "faq/orders.yml:6: entry 'where-is-my-order': missing 'answer:' — add it" in output


def test_someone_elses_help_center_builds(make_project, tmp_path: Path) -> None:
    """Other categories, ids, languages and default language: nothing in code names ours."""
    mkdocs_yml = """\
site_name: Acme Support
theme: {name: material, language: en}
plugins:
  - search
  - helpcenter: {faq_url: questions}
  - i18n:
      docs_structure: folder
      languages:
        - {locale: en, name: English, default: true}
        - {locale: de, name: Deutsch}
"""
    category = """\
category:
  id: billing
  title: {en: Billing, de: Abrechnung}
  description: {en: Invoices and payments., de: Rechnungen und Zahlungen.}
entries:
  - id: invoice-copy
    question: {en: "How do I get a copy of my invoice?", de: "Wie erhalte ich eine Rechnungskopie?"}
    answer: {en: "Open **Account → Invoices**.", de: "Öffnen Sie **Konto → Rechnungen**."}
  - id: vat-number
    question: {en: "Can I add a VAT number?", de: "Kann ich eine USt-IdNr. angeben?"}
    answer: {en: "Yes, under **Account → Company**.", de: "Ja, unter **Konto → Firma**."}
    related: [invoice-copy]
"""
    project = make_project(faq={"billing.yml": category}, mkdocs_yml=mkdocs_yml, languages=("en", "de"))
    site = tmp_path / "site"
    result = run_mkdocs_build(project, site)
    assert result.returncode == 0, result.stderr
    lang, sections = page_sections((site / "de" / "questions" / "billing" / "index.html").read_text("utf-8"))
    assert lang == "de"
    assert sections["vat-number"][0] == "Kann ich eine USt-IdNr. angeben?"
    assert (site / "questions" / "billing" / "index.html").is_file()
    assert "Seite nicht gefunden" in (site / "de" / "404.html").read_text(encoding="utf-8")
    assert "Page not found" in (site / "404.html").read_text(encoding="utf-8")


def test_a_real_page_where_a_generated_one_goes_is_refused(make_project, tmp_path: Path) -> None:
    project = make_project()
    clash = project / "docs" / "en" / "faq" / "orders.md"
    clash.parent.mkdir(parents=True)
    clash.write_text("# Orders\n", encoding="utf-8")
    result = run_mkdocs_build(project, tmp_path / "site")
    assert result.returncode != 0
    assert "this page is generated from faq/orders.yml — delete the Markdown file and edit the YAML" in (
        result.stdout + result.stderr
    )


def test_reference_content_is_a_full_help_center_in_every_language(reference_site: Path) -> None:
    faq_files = read_faq_files(ROOT / "faq")
    assert len(faq_files) >= 8
    assert sum(len(data["entries"]) for _, data in faq_files) >= 48
    guides = {
        language: sorted(p.name for p in (ROOT / "docs" / language / "guides").glob("*.md"))
        for language in SECTIONS
    }
    assert len(guides["ru"]) >= 8
    assert guides["ru"] == guides["en"] == guides["es"], "every guide exists in every language"
    for language, prefix in SECTIONS.items():
        for name in guides[language]:
            page = reference_site / prefix / "guides" / name.removesuffix(".md") / "index.html"
            lang, _ = page_sections(page.read_text(encoding="utf-8"))
            assert lang == language, page


def test_feeds_and_faq_api_exist_per_language_and_are_linked(reference_site: Path) -> None:
    import json
    import xml.etree.ElementTree as ET

    faq_total = sum(len(data["entries"]) for _, data in read_faq_files(ROOT / "faq"))
    for language, prefix in SECTIONS.items():
        feed = json.loads((reference_site / prefix / "feeds" / "alerts.json").read_text(encoding="utf-8"))
        assert feed["version"] == "https://jsonfeed.org/version/1.1" and feed["language"] == language
        assert feed["feed_url"] == f"https://help.parcelia.example/{prefix}feeds/alerts.json"
        rss = ET.parse(reference_site / prefix / "feeds" / "alerts.xml").getroot()
        assert rss.findtext("channel/language") == language
        assert [item.findtext("guid") for item in rss.iter("item")] == [item["id"] for item in feed["items"]]
        api = json.loads((reference_site / "api" / f"faq.{language}.json").read_text(encoding="utf-8"))
        assert len(api["entries"]) == faq_total
        # every page advertises its language's feeds, and the links resolve
        home = (reference_site / prefix / "index.html").read_text(encoding="utf-8")
        for kind in ("feed+json", "rss+xml"):
            href = re.search(rf'type="application/{re.escape(kind)}"[^>]*href="([^"]+)"', home).group(1)
            assert (reference_site / prefix / href).is_file(), href
