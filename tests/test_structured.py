"""Structured data from the reference content: JSON-LD (FAQPage, BreadcrumbList, Organization), llms.txt."""

from __future__ import annotations

import dataclasses
import json
import re
from html.parser import HTMLParser
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import jsonschema
import pytest
import yaml

from helpcenter import feeds, pages, structured
from helpcenter.content import HelpCenter, LoadedCategory
from helpcenter.model import Entry
from helpcenter.strings import strings_for

ROOT = Path(__file__).resolve().parent.parent
LANGUAGES = ["ru", "en", "es"]
PREFIXES = {"ru": "", "en": "en/", "es": "es/"}  # where each language's pages live, as in mkdocs.yml
SITE = "https://help.parcelia.example/"
FAQ_URL = "faq"
HOSTILE = "</script><script>alert(1)</script>"

ORGANIZATION_CONFIG: dict[str, Any] = {
    "name": "Parcelia",
    "url": "https://parcelia.example",
    "logo": "https://parcelia.example/logo.png",
    "contact_points": [
        {
            "telephone": "+7-800-555-35-35",
            "contact_type": "customer support",
            "area_served": "RU",
            "available_language": ["ru", "en", "es"],
            "hours": "Mo-Su 08:00-22:00",
            "email": "help@parcelia.example",
        }
    ],
}

# -- JSON Schemas for the schema.org shapes we write -----------------------------------------------

ABSOLUTE_URL = {"type": "string", "pattern": "^https?://[^/\\s]+"}
TEXT = {"type": "string", "minLength": 1, "pattern": "^\\S(.*\\S)?$"}  # one trimmed line

FAQ_PAGE_SCHEMA = {
    "$schema": "https://json-schema.org/draft/2020-12/schema",
    "type": "object",
    "required": ["@context", "@type", "url", "inLanguage", "name", "mainEntity"],
    "properties": {
        "@context": {"const": "https://schema.org"},
        "@type": {"const": "FAQPage"},
        "url": ABSOLUTE_URL,
        "inLanguage": {"enum": LANGUAGES},
        "name": TEXT,
        "description": TEXT,
        "mainEntity": {
            "type": "array",
            "minItems": 1,
            "items": {
                "type": "object",
                "required": ["@type", "name", "url", "acceptedAnswer"],
                "additionalProperties": False,
                "properties": {
                    "@type": {"const": "Question"},
                    "name": TEXT,
                    "url": {"type": "string", "pattern": "^https?://[^#]+#[a-z0-9-]+$"},
                    "acceptedAnswer": {
                        "type": "object",
                        "required": ["@type", "text"],
                        "additionalProperties": False,
                        "properties": {
                            "@type": {"const": "Answer"},
                            "text": {"type": "string", "minLength": 1},
                        },
                    },
                },
            },
        },
    },
    "additionalProperties": False,
}

BREADCRUMB_SCHEMA = {
    "$schema": "https://json-schema.org/draft/2020-12/schema",
    "type": "object",
    "required": ["@context", "@type", "itemListElement"],
    "additionalProperties": False,
    "properties": {
        "@context": {"const": "https://schema.org"},
        "@type": {"const": "BreadcrumbList"},
        "itemListElement": {
            "type": "array",
            "minItems": 1,
            "items": {
                "type": "object",
                "required": ["@type", "position", "name", "item"],
                "additionalProperties": False,
                "properties": {
                    "@type": {"const": "ListItem"},
                    "position": {"type": "integer", "minimum": 1},
                    "name": TEXT,
                    "item": ABSOLUTE_URL,
                },
            },
        },
    },
}

DAY_URL = {"enum": list(structured.DAY_URLS.values())}
HOURS_SPEC = {
    "type": "object",
    "required": ["@type", "dayOfWeek", "opens", "closes"],
    "additionalProperties": False,
    "properties": {
        "@type": {"const": "OpeningHoursSpecification"},
        "dayOfWeek": {"type": "array", "minItems": 1, "items": DAY_URL, "uniqueItems": True},
        "opens": {"type": "string", "pattern": "^([01][0-9]|2[0-3]):[0-5][0-9]$"},
        "closes": {"type": "string", "pattern": "^([01][0-9]|2[0-3]):[0-5][0-9]$"},
    },
}
TEXTS = {"anyOf": [TEXT, {"type": "array", "minItems": 1, "items": TEXT}]}
ORGANIZATION_SCHEMA = {
    "$schema": "https://json-schema.org/draft/2020-12/schema",
    "type": "object",
    "required": ["@context", "@type", "name", "url"],
    "additionalProperties": False,
    "properties": {
        "@context": {"const": "https://schema.org"},
        "@type": {"const": "Organization"},
        "name": TEXT,
        "url": ABSOLUTE_URL,
        "logo": ABSOLUTE_URL,
        "contactPoint": {
            "type": "array",
            "minItems": 1,
            "items": {
                "type": "object",
                "required": ["@type", "telephone", "contactType"],
                "additionalProperties": False,
                "properties": {
                    "@type": {"const": "ContactPoint"},
                    "telephone": {"type": "string", "pattern": "^\\+[0-9][0-9 ().-]+[0-9]$"},
                    "contactType": TEXT,
                    "areaServed": TEXTS,
                    "availableLanguage": TEXTS,
                    "email": {"type": "string", "pattern": "^[^@\\s]+@[^@\\s]+$"},
                    "hoursAvailable": {"anyOf": [HOURS_SPEC, {"type": "array", "items": HOURS_SPEC}]},
                },
            },
        },
    },
}


def check(schema: dict[str, Any], document: dict[str, Any]) -> None:
    jsonschema.Draft202012Validator.check_schema(schema)
    jsonschema.validate(document, schema, cls=jsonschema.Draft202012Validator)


# -- the reference content and its URLs ------------------------------------------------------------


def page_url(language: str, md_path: str) -> str:
    """The absolute URL of a page of one language's tree, with directory URLs as MkDocs makes them."""
    path = md_path.removesuffix(".md")
    path = "" if path == "index" else path.removesuffix("/index") + "/"
    return f"{SITE}{PREFIXES[language]}{path}"


def category_url(language: str, category_id: str) -> str:
    return page_url(language, pages.category_page_uri(FAQ_URL, category_id))


@pytest.fixture(scope="module")
def answers(help_center: HelpCenter) -> dict[str, dict[str, str]]:
    """language -> entry id -> answer HTML with absolute links, rendered by the FAQ feed's renderer."""
    result = {}
    for language in LANGUAGES:
        document = json.loads(
            feeds.faq_json(
                help_center,
                language=language,
                entry_url=lambda entry_id, language=language: (
                    category_url(language, help_center.category_of(entry_id).id) + f"#{entry_id}"
                ),
                category_url=lambda category_id, language=language: category_url(language, category_id),
                page_url=lambda md_path, language=language: page_url(language, md_path),
                faq_url=FAQ_URL,
            )
        )
        result[language] = {entry["id"]: entry["answer_html"] for entry in document["entries"]}
    return result


def front_matter(path: Path) -> dict[str, Any]:
    text = path.read_text(encoding="utf-8")
    return yaml.safe_load(text.split("---", 2)[1])


def guide_paths(language: str) -> list[Path]:
    return sorted((ROOT / "docs" / language / "guides").glob("*.md"))


class ScriptContents(HTMLParser):
    """The text of every `<script>` element, as a browser's HTML parser delimits it."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.scripts: list[str] = []
        self.inside = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "script":
            self.inside = True
            self.scripts.append("")

    def handle_endtag(self, tag: str) -> None:
        if tag == "script":
            self.inside = False

    def handle_data(self, data: str) -> None:
        if self.inside:
            self.scripts[-1] += data


def embedded(payload: str) -> list[str]:
    parser = ScriptContents()
    parser.feed(f'<head><script type="application/ld+json">{payload}</script><title>x</title></head>')
    parser.close()
    return parser.scripts


def assert_script_safe(text: str) -> None:
    assert "</" not in text
    assert "<!--" not in text
    assert "<" not in text and ">" not in text and "&" not in text
    assert "\u2028" not in text and "\u2029" not in text
    text.encode("utf-8")  # no lone surrogates


# -- script_json -----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        HOSTILE,
        "<!-- <script> -->",
        "line\u2028separator\u2029paragraph",
        "Tom & Jerry > 5 < 7 &amp; &lt;/script&gt;",
        "</SCRIPT >",
        "<\\/script>",
        "Где мой заказ? ¿Dónde está mi pedido?",
        "lone \ud800 surrogate",
    ],
)
def test_script_json_cannot_end_the_script_and_round_trips(text: str) -> None:
    data = {"@type": "Question", "name": text, "nested": [{"text": text}], "n": 1}
    out = structured.script_json(data)
    assert_script_safe(out)
    assert json.loads(out) == data
    # A browser's parser sees one script element holding all of it.
    assert embedded(out) == [out]


def test_script_json_is_compact_and_keeps_non_ascii_text() -> None:
    data = {"name": "Заказы и доставка", "list": [1, 2], "pedido": "¿Dónde?"}
    out = structured.script_json(data)
    assert out == '{"name":"Заказы и доставка","list":[1,2],"pedido":"¿Dónde?"}'


# -- FAQPage ---------------------------------------------------------------------------------------


@pytest.mark.parametrize("language", LANGUAGES)
def test_faq_page_has_one_question_per_entry(
    help_center: HelpCenter, answers: dict[str, dict[str, str]], language: str
) -> None:
    for loaded in help_center.categories:
        url = category_url(language, loaded.category.id)
        document = structured.faq_page(
            help_center,
            loaded,
            language=language,
            page_url=url,
            answer_html=lambda entry: answers[language][entry.id],
        )
        text = structured.script_json(document)
        assert_script_safe(text)
        parsed = json.loads(text)
        assert parsed == document
        check(FAQ_PAGE_SCHEMA, parsed)
        assert parsed["url"] == url
        assert parsed["inLanguage"] == language
        assert parsed["name"] == loaded.category.title[language]
        questions = parsed["mainEntity"]
        assert [q["name"] for q in questions] == [
            " ".join(e.question[language].split()) for e in loaded.entries
        ]
        assert [q["url"] for q in questions] == [f"{url}#{e.id}" for e in loaded.entries]
        assert [q["acceptedAnswer"]["text"] for q in questions] == [
            answers[language][e.id] for e in loaded.entries
        ]


def test_faq_page_answers_keep_their_links_absolute(
    help_center: HelpCenter, answers: dict[str, dict[str, str]]
) -> None:
    hrefs = []
    for language in LANGUAGES:
        for loaded in help_center.categories:
            document = structured.faq_page(
                help_center,
                loaded,
                language=language,
                page_url=category_url(language, loaded.category.id),
                answer_html=lambda entry, language=language: answers[language][entry.id],
            )
            for question in document["mainEntity"]:
                hrefs += re.findall(r'href="([^"]*)"', question["acceptedAnswer"]["text"])
    assert hrefs, "the reference answers have links"
    internal = [href for href in hrefs if not href.startswith(("mailto:", "tel:"))]
    assert all(urlsplit(href).scheme in ("http", "https") for href in internal), internal
    assert any(href.startswith(SITE + "en/") for href in internal)


def test_faq_page_with_a_hostile_question_stays_inert(
    help_center: HelpCenter, answers: dict[str, dict[str, str]]
) -> None:
    # The loader refuses such text; the serializer must not rely on it.
    loaded = help_center.categories[0]
    hostile_text = f"{HOSTILE} <!-- x \u2028 y"
    first = loaded.entries[0].model_copy(
        update={"question": {language: hostile_text for language in LANGUAGES}}
    )
    hostile = dataclasses.replace(loaded, entries=[first, *loaded.entries[1:]])
    document = structured.faq_page(
        help_center,
        hostile,
        language="en",
        page_url=category_url("en", loaded.category.id),
        answer_html=lambda entry: f"<p>{HOSTILE}</p>" if entry is first else answers["en"][entry.id],
    )
    text = structured.script_json(document)
    assert_script_safe(text)
    parsed = json.loads(text)
    assert parsed["mainEntity"][0]["name"] == " ".join(hostile_text.split())
    assert parsed["mainEntity"][0]["acceptedAnswer"]["text"] == f"<p>{HOSTILE}</p>"
    assert embedded(text) == [text]


def test_faq_page_rejects_a_relative_url_and_an_unknown_language(help_center: HelpCenter) -> None:
    loaded: LoadedCategory = help_center.categories[0]

    def answer(entry: Entry) -> str:
        return "<p>x</p>"

    with pytest.raises(ValueError, match="absolute"):
        structured.faq_page(help_center, loaded, language="en", page_url="/en/faq/x/", answer_html=answer)
    with pytest.raises(ValueError, match="'de'"):
        structured.faq_page(help_center, loaded, language="de", page_url=SITE, answer_html=answer)


# -- BreadcrumbList --------------------------------------------------------------------------------


def site_name(language: str) -> str:
    config = yaml.safe_load((ROOT / "mkdocs.yml").read_text(encoding="utf-8"))
    if language == "ru":
        return config["site_name"]
    i18n = next(p["i18n"] for p in config["plugins"] if isinstance(p, dict) and "i18n" in p)
    return next(item["site_name"] for item in i18n["languages"] if item["locale"] == language)


def site_summary(language: str) -> str:
    config = yaml.safe_load((ROOT / "mkdocs.yml").read_text(encoding="utf-8"))
    if language == "ru":
        return config["site_description"]
    i18n = next(p["i18n"] for p in config["plugins"] if isinstance(p, dict) and "i18n" in p)
    return next(item["site_description"] for item in i18n["languages"] if item["locale"] == language)


def assert_breadcrumbs(document: dict[str, Any], items: list[tuple[str, str]]) -> None:
    parsed = json.loads(structured.script_json(document))
    check(BREADCRUMB_SCHEMA, parsed)
    elements = parsed["itemListElement"]
    assert [e["position"] for e in elements] == list(range(1, len(items) + 1))
    assert [(e["name"], e["item"]) for e in elements] == items


@pytest.mark.parametrize("language", LANGUAGES)
def test_breadcrumbs_of_category_and_guide_pages(help_center: HelpCenter, language: str) -> None:
    strings, _ = strings_for(language, {})
    home = (site_name(language), page_url(language, "index.md"))
    for loaded in help_center.categories:
        items = [
            home,
            (strings["faq_section"], page_url(language, f"{FAQ_URL}/index.md")),
            (loaded.category.title[language], category_url(language, loaded.category.id)),
        ]
        assert_breadcrumbs(structured.breadcrumbs(items), items)
    for path in guide_paths(language):
        items = [
            home,
            ("Guides", page_url(language, "guides/index.md")),
            (front_matter(path)["title"], page_url(language, f"guides/{path.name}")),
        ]
        assert_breadcrumbs(structured.breadcrumbs(items), items)


def test_breadcrumbs_refuse_relative_urls_and_nothing() -> None:
    with pytest.raises(ValueError, match="absolute"):
        structured.breadcrumbs([("Home", SITE), ("Orders", "faq/orders/")])
    with pytest.raises(ValueError, match="at least one"):
        structured.breadcrumbs([])


# -- Organization ----------------------------------------------------------------------------------

EVERY_DAY = list(structured.DAY_URLS.values())


def days(*names: str) -> list[str]:
    return [f"https://schema.org/{name}" for name in names]


@pytest.mark.parametrize(
    ("hours", "expected"),
    [
        ("Mo-Su 08:00-22:00", [(EVERY_DAY, "08:00", "22:00")]),
        (
            "Mo-Fr 09:00-18:00",
            [(days("Monday", "Tuesday", "Wednesday", "Thursday", "Friday"), "09:00", "18:00")],
        ),
        ("Sa,Su 10:00-16:00", [(days("Saturday", "Sunday"), "10:00", "16:00")]),
        ("Sa, Su 10:00 - 16:00", [(days("Saturday", "Sunday"), "10:00", "16:00")]),
        ("mo-fr 9:00-18:00", [(EVERY_DAY[:5], "09:00", "18:00")]),
        ("Mo–Fr 09:00–18:00", [(EVERY_DAY[:5], "09:00", "18:00")]),  # en dashes, as word processors write
        ("Mo-We,Fr 09:00-18:00", [(days("Monday", "Tuesday", "Wednesday", "Friday"), "09:00", "18:00")]),
        ("Fr-Mo 10:00-20:00", [(days("Monday", "Friday", "Saturday", "Sunday"), "10:00", "20:00")]),
        ("Su 12:00-14:00", [(days("Sunday"), "12:00", "14:00")]),
        ("Mo-Su 00:00-24:00", [(EVERY_DAY, "00:00", "23:59")]),
        ("Mo-Su 22:00-06:00", [(EVERY_DAY, "22:00", "06:00")]),  # past midnight
        (
            "Mo-Fr 09:00-18:00; Sa,Su 10:00-16:00",
            [(EVERY_DAY[:5], "09:00", "18:00"), (EVERY_DAY[5:], "10:00", "16:00")],
        ),
    ],
)
def test_hours_parsing(hours: str, expected: list[tuple[list[str], str, str]]) -> None:
    parsed = structured.parse_hours(hours, "organization.contact_points[0].hours")
    assert [(s["dayOfWeek"], s["opens"], s["closes"]) for s in parsed] == expected
    for specification in parsed:
        check({"$schema": "https://json-schema.org/draft/2020-12/schema", **HOURS_SPEC}, specification)


@pytest.mark.parametrize(
    ("hours", "message"),
    [
        ("", "is empty"),
        ("8-22", "'8-22' is not understood"),
        ("Mon-Sun 08:00-22:00", "is not understood"),
        ("Mo-Su", "is not understood"),
        ("08:00-22:00", "is not understood"),
        ("Mo-Xx 08:00-22:00", "'Xx' is not a day"),
        ("Mo-Fr 25:00-26:00", "25:00 is not a time of day"),
        ("Mo-Fr 09:60-18:00", "09:60 is not a time of day"),
        ("Mo-Fr 24:00-18:00", "24:00 is not a time of day"),
        ("Mo-We-Fr 09:00-18:00", "more than two days"),
        ("Mo-Fr 09:00-09:00", "opens and closes at the same time"),
    ],
)
def test_hours_errors_name_the_key_and_show_the_form(hours: str, message: str) -> None:
    key = "organization.contact_points[0].hours"
    with pytest.raises(ValueError) as caught:
        structured.parse_hours(hours, key)
    text = str(caught.value)
    assert text.startswith(key)
    assert message in text
    if "same time" not in message:
        assert "'Mo-Su 08:00-22:00'" in text and "'Sa,Su 10:00-16:00'" in text


@pytest.mark.parametrize("language", LANGUAGES)
def test_organization_from_the_documented_configuration(language: str) -> None:
    assert structured.validate_organization(ORGANIZATION_CONFIG, LANGUAGES) == []
    document = structured.organization(
        ORGANIZATION_CONFIG, language=language, url=page_url(language, "index.md")
    )
    parsed = json.loads(structured.script_json(document))
    check(ORGANIZATION_SCHEMA, parsed)
    assert parsed == {
        "@context": "https://schema.org",
        "@type": "Organization",
        "name": "Parcelia",
        "url": "https://parcelia.example",
        "logo": "https://parcelia.example/logo.png",
        "contactPoint": [
            {
                "@type": "ContactPoint",
                "telephone": "+7-800-555-35-35",
                "contactType": "customer support",
                "areaServed": "RU",
                "availableLanguage": ["ru", "en", "es"],
                "email": "help@parcelia.example",
                "hoursAvailable": {
                    "@type": "OpeningHoursSpecification",
                    "dayOfWeek": EVERY_DAY,
                    "opens": "08:00",
                    "closes": "22:00",
                },
            }
        ],
    }


def test_organization_localized_name_and_defaults() -> None:
    config = {
        "name": {"ru": "Парселия", "en": "Parcelia", "es": "Parcelia"},
        "contact_points": [
            {
                "telephone": "+7 800 555-35-35",
                "contact_type": {
                    "ru": "служба поддержки",
                    "en": "customer support",
                    "es": "atención al cliente",
                },
                "hours": "Mo-Fr 09:00-18:00; Sa,Su 10:00-16:00",
            }
        ],
    }
    assert structured.validate_organization(config, LANGUAGES) == []
    home = page_url("ru", "index.md")
    document = structured.organization(config, language="ru", url=home)
    check(ORGANIZATION_SCHEMA, document)
    assert document["name"] == "Парселия"
    assert document["url"] == home  # no company site configured: the help center's home
    assert "logo" not in document
    point = document["contactPoint"][0]
    assert point["contactType"] == "служба поддержки"
    assert [spec["opens"] for spec in point["hoursAvailable"]] == ["09:00", "10:00"]
    assert structured.organization(config, language="es", url=SITE)["contactPoint"][0]["contactType"] == (
        "atención al cliente"
    )
    without_points = structured.organization({"name": "Parcelia"}, language="en", url=SITE)
    check(ORGANIZATION_SCHEMA, without_points)
    assert "contactPoint" not in without_points


def with_point(**changes: Any) -> dict[str, Any]:
    point = {**ORGANIZATION_CONFIG["contact_points"][0], **changes}
    return {**ORGANIZATION_CONFIG, "contact_points": [point]}


def without(mapping: dict[str, Any], key: str) -> dict[str, Any]:
    return {name: value for name, value in mapping.items() if name != key}


@pytest.mark.parametrize(
    ("config", "message"),
    [
        (
            {
                **ORGANIZATION_CONFIG,
                "contact_points": [without(ORGANIZATION_CONFIG["contact_points"][0], "telephone")],
            },
            "organization.contact_points[0].telephone is missing — add the phone number in international "
            "format, like +7 800 555-35-35",
        ),
        (
            with_point(telephone="8 800 555-35-35"),
            "organization.contact_points[0].telephone '8 800 555-35-35' is not in international format — "
            "start with + and the country code, like +7 800 555-35-35",
        ),
        (
            with_point(telephone=78005553535),
            "organization.contact_points[0].telephone '78005553535' is not in international format — "
            "start with + and the country code, like +7 800 555-35-35, and put it in quotes",
        ),
        (
            {
                **ORGANIZATION_CONFIG,
                "contact_points": [without(ORGANIZATION_CONFIG["contact_points"][0], "contact_type")],
            },
            "organization.contact_points[0].contact_type is missing — say what the line is for, "
            "like customer support",
        ),
        (
            with_point(hours="Mon-Sun 8-22"),
            "organization.contact_points[0].hours 'Mon-Sun 8-22' is not understood — write days and hours "
            "like 'Mo-Su 08:00-22:00', 'Mo-Fr 09:00-18:00' or 'Sa,Su 10:00-16:00'",
        ),
        (
            with_point(email="help at parcelia"),
            "organization.contact_points[0].email 'help at parcelia' is not an email address",
        ),
        (
            with_point(available_language=["ru", ""]),
            "organization.contact_points[0].available_language must be a text or a list of texts",
        ),
        (
            with_point(phone="+7 800 555-35-35"),
            "organization.contact_points[0].phone is not a known key (did you mean 'telephone'?)",
        ),
        (
            without(ORGANIZATION_CONFIG, "name"),
            "organization.name is missing — add the company name as customers know it, like Parcelia",
        ),
        ({**ORGANIZATION_CONFIG, "nmae": "x"}, "organization.nmae is not a known key (did you mean 'name'?)"),
        (
            {**ORGANIZATION_CONFIG, "logo": "logo.png"},
            "organization.logo 'logo.png' is not a full web address",
        ),
        (
            {**ORGANIZATION_CONFIG, "url": "parcelia.example"},
            "organization.url 'parcelia.example' is not a full",
        ),
        ({**ORGANIZATION_CONFIG, "contact_points": []}, "organization.contact_points must be a list"),
        (
            {**ORGANIZATION_CONFIG, "contact_points": ["+7 800"]},
            "organization.contact_points[0] must be a map",
        ),
        (
            {**ORGANIZATION_CONFIG, "name": {"ru": "Парселия", "en": "Parcelia"}},
            "organization.name.es is missing",
        ),
        ("Parcelia", "organization must be a map with name, url and contact_points"),
    ],
)
def test_organization_problems_are_messages_for_editors(config: Any, message: str) -> None:
    problems = structured.validate_organization(config, LANGUAGES)
    assert any(problem.startswith(message) for problem in problems), problems
    assert len(problems) == 1, problems
    if isinstance(config, dict) and "name.es" not in message:
        with pytest.raises(ValueError, match=re.escape(message)):
            structured.organization(config, language="en", url=SITE)


def test_validate_organization_reports_every_problem_at_once() -> None:
    config = {
        "name": "",
        "contact_points": [{"telephone": "800"}, {"contact_type": "sales", "hours": "24/7"}],
    }
    problems = structured.validate_organization(config)
    assert [problem.split(" ", 1)[0] for problem in problems] == [
        "organization.name",
        "organization.contact_points[0].telephone",
        "organization.contact_points[0].contact_type",
        "organization.contact_points[1].telephone",
        "organization.contact_points[1].hours",
    ]


# -- llms.txt --------------------------------------------------------------------------------------

LANGUAGE_NAMES = {"ru": "Русский", "en": "English", "es": "Español"}
H1 = re.compile(r"^# (?P<name>\S.*)$")
H2 = re.compile(r"^## (?P<name>\S.*)$")
LINK_LINE = re.compile(
    r"^- \[(?P<title>(?:[^\[\]\\]|\\.)+)\]\((?P<url>[^()\s]+)\)(?:: (?P<description>\S.*))?$"
)


def llms_sections(help_center: HelpCenter) -> list[dict[str, Any]]:
    sections = []
    for language in LANGUAGES:
        strings, _ = strings_for(language, {})
        docs = ROOT / "docs" / language
        listed = [(docs / "index.md", "index.md")]
        pages_list = [
            {
                "title": front_matter(path)["title"],
                "url": page_url(language, md),
                "description": front_matter(path)["description"],
            }
            for path, md in listed
        ]
        pages_list += [
            {
                "title": loaded.category.title[language],
                "url": category_url(language, loaded.category.id),
                "description": loaded.category.description[language],
            }
            for loaded in help_center.categories
        ]
        pages_list += [
            {
                "title": front_matter(path)["title"],
                "url": page_url(language, f"guides/{path.name}"),
                "description": front_matter(path)["description"],
            }
            for path in guide_paths(language)
        ]
        contact = front_matter(docs / "contact.md")
        pages_list.append(
            {
                "title": contact["title"],
                "url": page_url(language, "contact.md"),
                "description": contact["description"],
            }
        )
        pages_list.append(
            {
                "title": strings["status_title"],
                "url": page_url(language, "status.md"),
                "description": strings["status_description"],
            }
        )
        sections.append(
            {
                "language": language,
                "name": LANGUAGE_NAMES[language],
                "site_name": site_name(language),
                "summary": site_summary(language),
                "pages": pages_list,
            }
        )
    return sections


def test_llms_txt_structure(help_center: HelpCenter) -> None:
    sections = llms_sections(help_center)
    text = structured.llms_txt(sections)
    lines = text.split("\n")
    assert text.endswith("\n")
    assert H1.match(lines[0])["name"] == site_name("ru")  # type: ignore[index]
    assert sum(bool(H1.match(line)) for line in lines) == 1
    assert lines[2] == f"> {' '.join(site_summary('ru').split())}"
    assert "<" not in text.replace("\\<", "")  # plain text, no HTML

    headings = [(index, H2.match(line)["name"]) for index, line in enumerate(lines) if H2.match(line)]  # type: ignore[index]
    assert [name for _, name in headings] == ["Русский", "English", "Español"]
    bounds = [index for index, _ in headings] + [len(lines)]
    for (start, _), end, section in zip(headings, bounds[1:], sections, strict=True):
        body = [line for line in lines[start + 1 : end] if line]
        matches = [LINK_LINE.match(line) for line in body]
        assert all(matches), [line for line, m in zip(body, matches, strict=True) if not m]
        expected = len(help_center.categories) + len(guide_paths(section["language"])) + 3
        assert len(matches) == expected == len(section["pages"])
        for match, page in zip(matches, section["pages"], strict=True):
            assert match is not None
            url = urlsplit(match["url"])
            assert url.scheme == "https" and url.netloc == "help.parcelia.example"
            assert match["url"] == page["url"]
            assert match["title"] == page["title"]
            assert match["description"] == " ".join(page["description"].split())
        assert all(m["url"].startswith(SITE + PREFIXES[section["language"]]) for m in matches if m)
    ru_urls = [LINK_LINE.match(line)["url"] for line in lines if LINK_LINE.match(line)]  # type: ignore[index]
    assert len(set(ru_urls)) == len(ru_urls)  # every page listed once


def test_llms_txt_escapes_titles_and_refuses_relative_urls() -> None:
    section = {
        "language": "en",
        "name": "English",
        "site_name": "Parcelia <Help>",
        "summary": "Answers\nin two lines",
        "pages": [
            {"title": "Refunds [new] \\ returns <b>", "url": "https://x.example/a b(1)/", "description": ""},
        ],
    }
    text = structured.llms_txt([section])
    assert text.split("\n")[:3] == ["# Parcelia \\<Help>", "", "> Answers in two lines"]
    line = next(line for line in text.split("\n") if line.startswith("- "))
    assert line == "- [Refunds \\[new\\] \\\\ returns \\<b>](https://x.example/a%20b%281%29/)"
    match = LINK_LINE.match(line)
    assert match is not None
    with pytest.raises(ValueError, match="absolute"):
        structured.llms_txt([{**section, "pages": [{"title": "Home", "url": "/en/", "description": ""}]}])
