"""`helpcenter new`: a new help center that builds with `mkdocs build --strict` at once.

The sample texts come from `scaffold/<language>.yml`; a language without one gets the English
texts, to be translated, so that any language set builds.
"""

from __future__ import annotations

import datetime as dt
import json
import re
from functools import cache
from importlib import resources
from pathlib import Path

import yaml
from babel import Locale, UnknownLocaleError

from helpcenter.model import LANGUAGE_PATTERN
from helpcenter.schema import write_schemas

DEFAULT_LANGUAGES = ("ru", "en", "es")


class ScaffoldError(ValueError):
    pass


@cache
def sample_texts(language: str) -> dict[str, str]:
    resource = resources.files("helpcenter") / "scaffold" / f"{language}.yml"
    if not resource.is_file():
        resource = resources.files("helpcenter") / "scaffold" / "en.yml"
    return yaml.safe_load(resource.read_text(encoding="utf-8"))


def language_display_name(code: str) -> str:
    try:
        name = Locale.parse(code.replace("-", "_")).get_display_name(code.replace("-", "_")) or code
    except (ValueError, UnknownLocaleError):
        return code
    return name[:1].upper() + name[1:]


def _flow(texts: dict[str, str]) -> str:
    """`{en: "…", de: "…"}` with each text as a JSON-style quoted YAML string."""
    return (
        "{"
        + ", ".join(f"{lang}: {json.dumps(text, ensure_ascii=False)}" for lang, text in texts.items())
        + "}"
    )


def _block(texts: dict[str, str], indent: str) -> str:
    lines = []
    for language, text in texts.items():
        lines.append(f"{indent}{language}: |")
        lines += [f"{indent}  {line}" if line else "" for line in text.rstrip().splitlines()]
    return "\n".join(lines)


def render_files(languages: list[str], today: dt.date) -> dict[str, str]:
    """Every file of a new help center, by path."""
    default = languages[0]
    texts = {language: sample_texts(language) for language in languages}

    def each(key: str) -> dict[str, str]:
        return {language: texts[language][key].strip() for language in languages}

    language_entries = []
    for language in languages:
        entry = [f"        - locale: {language}", f"          name: {language_display_name(language)}"]
        if language == default:
            entry.append("          default: true")
        else:
            entry += [
                f"          site_name: {_quoted(texts[language]['site_name'])}",
                f"          site_description: {_quoted(texts[language]['site_description'])}",
            ]
        entry += ["          nav_translations:", f"            Guides: {_quoted(texts[language]['guides'])}"]
        language_entries.append("\n".join(entry))

    files: dict[str, str] = {}
    files["mkdocs.yml"] = f"""\
# A help center built with helpcenter: FAQ in faq/*.yml, alerts in alerts.yml, pages in docs/<language>/.
site_name: {_quoted(texts[default]["site_name"])}
site_description: {_quoted(texts[default]["site_description"])}
site_url: https://help.example.com/   # change to where the site will be published
strict: true

theme:
  name: material
  language: {default}
  custom_dir: overrides
  font: false          # system fonts: no request to Google Fonts
  features:
    - navigation.sections
    - navigation.top

markdown_extensions:
  - toc:
      permalink: true
  - attr_list
  - admonition

validation:
  unrecognized_links: warn
  anchors: warn

plugins:
  - search
  - helpcenter:
      faq_dir: faq
      alerts_file: alerts.yml
      contact_page: contact.md
      translation_fallback: false
  - i18n:
      docs_structure: folder
      languages:
{chr(10).join(language_entries)}
"""
    files["faq/orders.yml"] = f"""\
# yaml-language-server: $schema=../schema/faq.schema.json
category:
  id: orders
  title: {_flow(each("category_title"))}
  description: {_flow(each("category_description"))}
  order: 10
entries:
  - id: where-is-my-order
    question: {_flow(each("question_1"))}
    answer:
{_block(each("answer_1"), "      ")}
    call_reasons: [order-status]
    related: [change-or-cancel-order]
    reviewed: {today.isoformat()}

  - id: change-or-cancel-order
    question: {_flow(each("question_2"))}
    answer:
{_block(each("answer_2"), "      ")}
    call_reasons: [order-change]
    related: [where-is-my-order]
    reviewed: {today.isoformat()}
"""
    starts = dt.datetime.combine(today, dt.time(0, 0), tzinfo=dt.timezone.utc)
    files["alerts.yml"] = f"""\
# yaml-language-server: $schema=schema/alerts.schema.json
# Banner alerts: shown on every page between starts and ends (times need a timezone).
alerts:
  - id: example-alert
    severity: info
    text: {_flow(each("alert_text"))}
    link: where-is-my-order
    starts: {starts.isoformat()}
    ends: {(starts + dt.timedelta(days=30)).isoformat()}
"""
    for language in languages:
        own = texts[language]
        files[f"docs/{language}/index.md"] = f"""\
# {own["site_name"]}

{own["home_intro"].strip()}

<!-- helpcenter:categories -->

<!-- helpcenter:top-questions -->
"""
        files[f"docs/{language}/contact.md"] = f"""\
# {own["contact_title"]}

{own["contact_intro"].strip()}

<!-- helpcenter:contact-topics -->

## {own["contact_heading"]}

{own["contact_body"].strip()}
"""
    files["call_reasons.yml"] = f"""\
# yaml-language-server: $schema=schema/call_reasons.schema.json
# The contact center's call-reason codes; an FAQ entry lists those it answers (call_reasons:).
reasons:
  - code: order-status
    name: {_flow(each("reason_order_status"))}
  - code: order-change
    name: {_flow(each("reason_order_change"))}
"""
    files["overrides/main.html"] = """\
{#- Your own theme customisation. Extend helpcenter-base.html (not Material's base.html)
    to keep what the helpcenter plugin adds to every page. -#}
{% extends "helpcenter-base.html" %}
"""
    files[".gitignore"] = "/site/\n"
    files["README.md"] = f"""\
# {texts[default]["site_name"]}

A help center built with [helpcenter](https://pypi.org/project/helpcenter/) and MkDocs Material.

## Editing

- **A question**: add an entry to a file in `faq/` — `id`, then `question` and `answer` in every
  language ({", ".join(languages)}). Your editor checks the file as you type (JSON Schema in `schema/`).
- **A new topic**: copy `faq/orders.yml` to `faq/<topic>.yml` and change the `category:` part.
- **An alert** on every page: `alerts.yml`, with `starts` (and optionally `ends`) including a timezone.
- **A page**: Markdown in `docs/<language>/`, the same file name in every language.

## Checking and previewing

```sh
pip install helpcenter
helpcenter check        # every problem as file:line: what is wrong and how to fix it
mkdocs serve            # preview on http://127.0.0.1:8000/, reloads as you edit
mkdocs build --strict   # the site in site/
```
"""
    return files


def _quoted(text: str) -> str:
    return json.dumps(text.strip(), ensure_ascii=False)


def create_help_center(directory: Path, languages: list[str], today: dt.date | None = None) -> list[Path]:
    """Write a new help center into `directory` (which must be empty or absent)."""
    if not languages:
        raise ScaffoldError("give at least one language, like --languages en")
    for language in languages:
        if not re.match(LANGUAGE_PATTERN, language):
            raise ScaffoldError(f"'{language}' is not a language code — use codes like en, de, pt_BR")
    if len(set(languages)) != len(languages):
        raise ScaffoldError("a language is listed twice in --languages")
    if directory.exists() and any(directory.iterdir()):
        raise ScaffoldError(f"{directory} is not empty — choose a new folder")
    written = []
    for relative, text in render_files(languages, today or dt.date.today()).items():
        path = directory / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
        written.append(path)
    written += write_schemas(directory / "schema")
    return written
