"""Structured data for search engines and AI crawlers: JSON-LD and llms.txt. Pure functions, no MkDocs.

- `script_json` serializes a JSON-LD object so it can sit inside `<script type="application/ld+json">`
  whatever editors wrote (`</script>`, `<!--`, U+2028 cannot end the element or break parsing).
- `faq_page`, `breadcrumbs` and `organization` build the schema.org objects (https://schema.org/FAQPage,
  /BreadcrumbList, /Organization) that Google's rich results read.
- `llms_txt` writes the site map for language models (https://llmstxt.org).

The plugin passes in every URL and the rendered answers, because only it knows where pages land.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Callable, Iterable, Mapping
from typing import Any
from urllib.parse import urlsplit

from helpcenter import safejson
from helpcenter.content import HelpCenter, LoadedCategory
from helpcenter.model import Entry

SCHEMA_CONTEXT = "https://schema.org"


def script_json(data: dict[str, Any]) -> str:
    """`data` as compact JSON that is safe inside `<script type="application/ld+json">`.

    No text in it can end the script element or open an HTML comment: `<`, `>`, `&`, U+2028 and
    U+2029 are written as `\\uXXXX` escapes, which every JSON parser reads back as the same text.
    """
    return safejson.dumps(data)


# -- FAQ pages and breadcrumbs -----------------------------------------------------------------------


def faq_page(
    help_center: HelpCenter,
    loaded_category: LoadedCategory,
    *,
    language: str,
    page_url: str,
    answer_html: Callable[[Entry], str],
) -> dict[str, Any]:
    """The schema.org FAQPage of one category page in one language.

    `page_url` is the page's absolute URL; each question links to its section, `page_url#entry-id`.
    `answer_html(entry)` returns the entry's answer in `language` as HTML with absolute links
    (Google shows the answer with its links, and a crawler has no page to resolve relative ones).
    Questions and the page name are plain text, as editors write them.
    """
    if language not in help_center.languages:
        raise ValueError(f"language '{language}' is not one of the site's languages {help_center.languages}")
    _require_absolute(page_url, "page_url")
    page_url = page_url.split("#", 1)[0]
    category = loaded_category.category
    return {
        "@context": SCHEMA_CONTEXT,
        "@type": "FAQPage",
        "url": page_url,
        "inLanguage": language,
        "name": _one_line(category.title[language]),
        "description": _one_line(category.description[language]),
        "mainEntity": [
            {
                "@type": "Question",
                "name": _one_line(entry.question[language]),
                "url": f"{page_url}#{entry.id}",
                "acceptedAnswer": {"@type": "Answer", "text": answer_html(entry)},
            }
            for entry in loaded_category.entries
        ],
    }


def breadcrumbs(items: list[tuple[str, str]]) -> dict[str, Any]:
    """A schema.org BreadcrumbList from `(name, absolute URL)` pairs, the home page first.

    For an FAQ category page: home → the questions-and-answers section → the category;
    for a guide: home → the guides section → the guide. Positions count from 1.
    """
    if not items:
        raise ValueError("breadcrumbs need at least one (name, url) item, the home page first")
    elements = []
    for position, (name, url) in enumerate(items, start=1):
        _require_absolute(url, f"breadcrumb {position} ({name!r})")
        elements.append({"@type": "ListItem", "position": position, "name": _one_line(name), "item": url})
    return {"@context": SCHEMA_CONTEXT, "@type": "BreadcrumbList", "itemListElement": elements}


# -- Organization --------------------------------------------------------------------------------------

ORGANIZATION_KEYS = ("name", "url", "logo", "contact_points")
CONTACT_POINT_KEYS = ("telephone", "contact_type", "area_served", "available_language", "hours", "email")

DAYS = ("Mo", "Tu", "We", "Th", "Fr", "Sa", "Su")
DAY_URLS = {
    "Mo": "https://schema.org/Monday",
    "Tu": "https://schema.org/Tuesday",
    "We": "https://schema.org/Wednesday",
    "Th": "https://schema.org/Thursday",
    "Fr": "https://schema.org/Friday",
    "Sa": "https://schema.org/Saturday",
    "Su": "https://schema.org/Sunday",
}
HOURS_FORM = "days and hours like 'Mo-Su 08:00-22:00', 'Mo-Fr 09:00-18:00' or 'Sa,Su 10:00-16:00'"

_DASHES = re.compile("\\s*[-\u2010-\u2015\u2212]\\s*")
_HOURS = re.compile(
    r"^(?P<days>[A-Za-z]{2}(?:\s*[-,]\s*[A-Za-z]{2})*)\s+(?P<opens>\d{1,2}:\d{2})-(?P<closes>\d{1,2}:\d{2})$"
)
_TELEPHONE = re.compile(r"^\+\d[\d\s().-]{5,}\d$")
_EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")


def parse_hours(value: str, key: str = "hours") -> list[dict[str, Any]]:
    """`Mo-Fr 09:00-18:00; Sa,Su 10:00-16:00` as schema.org OpeningHoursSpecification objects.

    Days are Mo Tu We Th Fr Sa Su, as ranges (`Mo-Fr`, `Fr-Mo` wraps the week) or lists (`Sa,Su`);
    several spans are separated by `;`. A closing time before the opening one runs past midnight;
    `24:00` closes at the end of the day. Raises ValueError naming `key` and showing the form.
    """
    if not isinstance(value, str) or not value.strip():
        raise ValueError(f"{key} is empty — write {HOURS_FORM}")
    specifications = []
    for part in [part for part in value.split(";") if part.strip()]:
        text = _DASHES.sub("-", " ".join(part.split()))
        match = _HOURS.match(text)
        if not match:
            raise ValueError(f"{key} '{part.strip()}' is not understood — write {HOURS_FORM}")
        days = _parse_days(match["days"], key, part.strip())
        opens = _parse_time(match["opens"], key, part.strip(), closing=False)
        closes = _parse_time(match["closes"], key, part.strip(), closing=True)
        if opens == closes:
            raise ValueError(
                f"{key} '{part.strip()}' opens and closes at the same time — for round-the-clock "
                "support write 00:00-24:00"
            )
        specifications.append(
            {
                "@type": "OpeningHoursSpecification",
                "dayOfWeek": [DAY_URLS[day] for day in days],
                "opens": opens,
                "closes": closes,
            }
        )
    return specifications


def _parse_days(text: str, key: str, shown: str) -> list[str]:
    days: list[str] = []
    for group in text.replace(" ", "").split(","):
        names = [name.capitalize() for name in group.split("-")]
        unknown = [name for name in names if name not in DAYS]
        if unknown:
            raise ValueError(
                f"{key} '{shown}': '{unknown[0]}' is not a day — use Mo, Tu, We, Th, Fr, Sa, Su "
                f"and write {HOURS_FORM}"
            )
        if len(names) == 2:
            start, end = DAYS.index(names[0]), DAYS.index(names[1])
            span = [DAYS[(start + step) % 7] for step in range((end - start) % 7 + 1)]
        elif len(names) == 1:
            span = names
        else:
            raise ValueError(f"{key} '{shown}' has a day range with more than two days — write {HOURS_FORM}")
        days += [day for day in span if day not in days]
    return sorted(days, key=DAYS.index)


def _parse_time(text: str, key: str, shown: str, *, closing: bool) -> str:
    hours, minutes = (int(part) for part in text.split(":"))
    if closing and (hours, minutes) == (24, 0):
        return "23:59"
    if hours > 23 or minutes > 59:
        raise ValueError(f"{key} '{shown}': {text} is not a time of day — write {HOURS_FORM}")
    return f"{hours:02d}:{minutes:02d}"


def validate_organization(config: Any, languages: Iterable[str] | None = None) -> list[str]:
    """What is wrong with the `organization` option of the helpcenter plugin, for editors.

    Returns one message per problem, each naming the key (`organization.contact_points[0].telephone`)
    and how to fix it; an empty list when the configuration is usable. `name` and `contact_type` may
    be one text or a map of language to text; with `languages`, such a map must have them all.
    """
    if not isinstance(config, Mapping):
        return [
            "organization must be a map with name, url and contact_points — see the helpcenter "
            "plugin's organization option in the README"
        ]
    languages = list(languages or [])
    problems = _unknown_keys(config, ORGANIZATION_KEYS, "organization")
    problems += _text_problems(
        config.get("name"),
        "organization.name",
        "add the company name as customers know it, like Parcelia",
        languages,
    )
    url = config.get("url")
    if url is not None and not _is_absolute(url):
        problems.append(
            f"organization.url '{url}' is not a full web address — write the company's main site "
            "starting with https://, like https://parcelia.example"
        )
    logo = config.get("logo")
    if logo is not None and not _is_absolute(logo):
        problems.append(
            f"organization.logo '{logo}' is not a full web address — write the logo's address "
            "starting with https://, like https://parcelia.example/logo.png"
        )
    points = config.get("contact_points")
    if points is None:
        return problems
    if not isinstance(points, list) or not points:
        problems.append(
            "organization.contact_points must be a list of phone lines, each starting with "
            "'- telephone: ...' — or remove it"
        )
        return problems
    for index, point in enumerate(points):
        problems += _contact_point_problems(point, f"organization.contact_points[{index}]", languages)
    return problems


def _contact_point_problems(point: Any, key: str, languages: list[str]) -> list[str]:
    if not isinstance(point, Mapping):
        return [f"{key} must be a map with telephone, contact_type and hours — check the indentation"]
    problems = _unknown_keys(point, CONTACT_POINT_KEYS, key)
    telephone = point.get("telephone")
    if telephone is None or (isinstance(telephone, str) and not telephone.strip()):
        problems.append(
            f"{key}.telephone is missing — add the phone number in international format, "
            "like +7 800 555-35-35"
        )
    elif not isinstance(telephone, str) or not _TELEPHONE.match(telephone.strip()):
        problems.append(
            f"{key}.telephone '{telephone}' is not in international format — start with + and the "
            "country code, like +7 800 555-35-35"
            + ("" if isinstance(telephone, str) else ", and put it in quotes")
        )
    problems += _text_problems(
        point.get("contact_type"),
        f"{key}.contact_type",
        "say what the line is for, like customer support",
        languages,
    )
    for name, example in (("area_served", "RU or [RU, KZ]"), ("available_language", "[ru, en, es]")):
        value = point.get(name)
        if value is None:
            continue
        values = value if isinstance(value, list) else [value]
        if not values or not all(isinstance(item, str) and item.strip() for item in values):
            problems.append(f"{key}.{name} must be a text or a list of texts, like {example}")
    hours = point.get("hours")
    if hours is not None:
        try:
            parse_hours(hours, f"{key}.hours")
        except ValueError as exc:
            problems.append(str(exc))
    email = point.get("email")
    if email is not None and not (isinstance(email, str) and _EMAIL.match(email.strip())):
        problems.append(
            f"{key}.email '{email}' is not an email address — write it like help@parcelia.example"
        )
    return problems


def _unknown_keys(mapping: Mapping[Any, Any], allowed: tuple[str, ...], key: str) -> list[str]:
    problems = []
    for name in mapping:
        if name not in allowed:
            close = difflib.get_close_matches(str(name), allowed, n=1, cutoff=0.6)
            hint = f" (did you mean '{close[0]}'?)" if close else ""
            problems.append(f"{key}.{name} is not a known key{hint} — allowed keys are {', '.join(allowed)}")
    return problems


def _text_problems(value: Any, key: str, fix: str, languages: list[str]) -> list[str]:
    if value is None or (isinstance(value, str) and not value.strip()):
        return [f"{key} is missing — {fix}"]
    if isinstance(value, str):
        return []
    if not isinstance(value, Mapping) or not value:
        return [f"{key} must be a text or a map of language to text, like {{ru: ..., en: ..., es: ...}}"]
    problems = [
        f"{key}.{language} is empty — {fix}"
        for language, text in value.items()
        if not isinstance(text, str) or not text.strip()
    ]
    problems += [f"{key}.{language} is missing — {fix}" for language in languages if language not in value]
    return problems


def organization(config: Mapping[str, Any], *, language: str, url: str) -> dict[str, Any]:
    """The schema.org Organization, with its phone lines, from the plugin's `organization` option.

    `url` is the absolute address of the help center's home page in `language`: the Organization's
    url when the configuration names none. `name` and `contact_type` may be localized maps, read
    in `language`. Raises ValueError listing every problem `validate_organization` finds.
    """
    problems = validate_organization(config)
    if problems:
        raise ValueError("\n".join(problems))
    _require_absolute(url, "url")
    result: dict[str, Any] = {
        "@context": SCHEMA_CONTEXT,
        "@type": "Organization",
        "name": _localized(config["name"], language, "organization.name"),
        "url": config.get("url") or url,
    }
    if config.get("logo"):
        result["logo"] = config["logo"]
    points = []
    for index, point in enumerate(config.get("contact_points") or []):
        key = f"organization.contact_points[{index}]"
        contact: dict[str, Any] = {
            "@type": "ContactPoint",
            "telephone": " ".join(point["telephone"].split()),
            "contactType": _localized(point["contact_type"], language, f"{key}.contact_type"),
        }
        for name, schema_name in (("area_served", "areaServed"), ("available_language", "availableLanguage")):
            if point.get(name) is not None:
                contact[schema_name] = point[name]
        if point.get("email"):
            contact["email"] = point["email"].strip()
        if point.get("hours") is not None:
            hours = parse_hours(point["hours"], f"{key}.hours")
            contact["hoursAvailable"] = hours[0] if len(hours) == 1 else hours
        points.append(contact)
    if points:
        result["contactPoint"] = points
    return result


def _localized(value: str | Mapping[str, str], language: str, key: str) -> str:
    if isinstance(value, str):
        return _one_line(value)
    if language not in value:
        raise ValueError(f"{key}.{language} is missing — add the text for '{language}'")
    return _one_line(value[language])


# -- llms.txt ------------------------------------------------------------------------------------------

_LINK_TITLE_SPECIALS = re.compile(r"([\\\[\]<])")
_TEXT_SPECIALS = re.compile(r"([\\<])")
_URL_UNSAFE = {" ": "%20", "(": "%28", ")": "%29", "<": "%3C", ">": "%3E"}


def llms_txt(sections: list[dict[str, Any]]) -> str:
    """The site as an llms.txt file (https://llmstxt.org): what it is, and its pages per language.

    `sections` holds one item per language, the default language first:
    `{"language": "ru", "name": "Русский", "site_name": ..., "summary": ..., "pages": [{"title", "url",
    "description"}]}`. The H1 and the blockquote come from the first section; each section becomes
    an H2 with its `name` and one `- [title](url): description` line per page. URLs must be absolute.
    """
    if not sections:
        raise ValueError("llms_txt needs at least one language section")
    first = sections[0]
    lines = [f"# {_markdown_text(first['site_name'])}", ""]
    summary = _markdown_text(first.get("summary") or "")
    if summary:
        lines += [f"> {summary}", ""]
    for section in sections:
        lines += [f"## {_markdown_text(section['name'])}", ""]
        for page in section["pages"]:
            _require_absolute(page["url"], f"the url of '{page['title']}' ({section['language']})")
            title = _LINK_TITLE_SPECIALS.sub(r"\\\1", _one_line(page["title"]))
            url = "".join(_URL_UNSAFE.get(char, char) for char in page["url"].strip())
            description = _markdown_text(page.get("description") or "")
            lines.append(f"- [{title}]({url})" + (f": {description}" if description else ""))
        lines.append("")
    return "\n".join(lines)


# -- helpers -------------------------------------------------------------------------------------------


def _one_line(text: str) -> str:
    return " ".join(text.split())


def _markdown_text(text: str) -> str:
    """Plain text on one line, with nothing a Markdown reader would take for HTML."""
    return _TEXT_SPECIALS.sub(r"\\\1", _one_line(text))


def _is_absolute(url: Any) -> bool:
    if not isinstance(url, str):
        return False
    parts = urlsplit(url.strip())
    return parts.scheme in ("http", "https") and bool(parts.netloc)


def _require_absolute(url: str, what: str) -> None:
    if not _is_absolute(url):
        raise ValueError(f"{what} must be an absolute http(s) URL, not {url!r}")
