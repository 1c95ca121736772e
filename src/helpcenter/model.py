"""The content model: one definition of what editors write in `faq/*.yml` and `alerts.yml`.

The loader validates against these classes and the JSON Schemas shipped to editors' IDEs
are generated from them (`helpcenter schema`), so the two cannot drift apart.
Rules that depend on the site's configuration (which languages exist, whether a missing
translation may fall back) or on several files (unique ids, `related` targets) live in
`content.py`, because a static schema cannot know them.
"""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Literal

from pydantic import AwareDatetime, BaseModel, ConfigDict, Field, StringConstraints

SLUG_PATTERN = r"^[a-z0-9]+(?:-[a-z0-9]+)*$"
LANGUAGE_PATTERN = r"^[a-z]{2,3}(?:[_-][A-Za-z0-9]+)?$"

Slug = Annotated[
    str,
    StringConstraints(pattern=SLUG_PATTERN, max_length=80),
    Field(description="Lowercase letters, digits and hyphens, like `where-is-my-order`."),
]
LanguageCode = Annotated[str, StringConstraints(pattern=LANGUAGE_PATTERN)]

LocalizedText = Annotated[
    dict[LanguageCode, str],
    Field(description="One text per language code, like `{ru: ..., en: ..., es: ...}`."),
]
LocalizedMarkdown = Annotated[
    dict[LanguageCode, str],
    Field(description="Markdown per language code; block-level Markdown is allowed."),
]
LocalizedKeywords = Annotated[
    dict[LanguageCode, list[str]],
    Field(description="Extra words customers use, per language; searchable, not shown on the page."),
]


class _Strict(BaseModel):
    # Unknown keys are errors: a misspelt key would otherwise drop content silently.
    model_config = ConfigDict(extra="forbid", frozen=True)


class Category(_Strict):
    """A topic: one FAQ page per language."""

    id: Slug = Field(description="Unique across `faq/`; the page's file name in the site.")
    title: LocalizedText
    description: LocalizedText = Field(description="One sentence; the page's meta description.")
    order: int = Field(0, description="Position in the navigation, smallest first.")


class Entry(_Strict):
    """One question and its answer."""

    id: Slug = Field(description="Unique across all of `faq/`; the anchor `#id`, the same in every language.")
    question: LocalizedText
    answer: LocalizedMarkdown
    keywords: LocalizedKeywords = Field(default_factory=dict)
    call_reasons: list[Slug] = Field(
        default_factory=list, description="Contact-center reason codes this entry answers."
    )
    related: list[Slug] = Field(default_factory=list, description="Ids of other entries.")
    reviewed: dt.date | None = Field(None, description="When a person last checked it (YYYY-MM-DD).")


class CategoryFile(_Strict):
    """A `faq/<category>.yml` file."""

    model_config = ConfigDict(
        extra="forbid",
        frozen=True,
        title="helpcenter FAQ category",
        json_schema_extra={"$id": "https://helpcenter.example/schema/faq.schema.json"},
    )

    category: Category
    entries: list[Entry] = Field(min_length=1)


class Alert(_Strict):
    """A banner shown on every page between `starts` and `ends`."""

    id: Slug
    severity: Literal["info", "warning", "critical"]
    text: LocalizedText = Field(description="One line, inline Markdown only.")
    link: str | None = Field(None, description="An FAQ entry id or a docs page like `contact.md`.")
    starts: AwareDatetime = Field(description="With timezone, like 2026-11-20T09:00:00+03:00.")
    ends: AwareDatetime | None = None


class AlertsFile(_Strict):
    """The `alerts.yml` file."""

    model_config = ConfigDict(
        extra="forbid",
        frozen=True,
        title="helpcenter alerts",
        json_schema_extra={"$id": "https://helpcenter.example/schema/alerts.schema.json"},
    )

    alerts: list[Alert] = Field(default_factory=list)


# What a field holds, in words, for "wrong type" messages.
FIELD_KINDS: dict[str, str] = {
    "title": "a map of language to text, like {ru: ..., en: ..., es: ...}",
    "description": "a map of language to text, like {ru: ..., en: ..., es: ...}",
    "question": "a map of language to text, like {ru: ..., en: ..., es: ...}",
    "answer": "a map of language to Markdown text",
    "text": "a map of language to one line of text",
    "keywords": "a map of language to a list of words, like {en: [tracking number]}",
    "call_reasons": "a list of reason codes, like [order-status]",
    "related": "a list of entry ids, like [delivery-delays]",
    "entries": "a list of entries, each starting with '- id: ...'",
    "category": "a map with id, title, description",
    "alerts": "a list of alerts, each starting with '- id: ...'",
    "order": "a whole number, like 10",
    "link": "an entry id or a page like contact.md",
}
