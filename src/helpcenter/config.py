"""Options of the `helpcenter` MkDocs plugin, set under `plugins:` in mkdocs.yml."""

from __future__ import annotations

from mkdocs.config import config_options as c
from mkdocs.config.base import Config


class HelpCenterConfig(Config):
    enabled = c.Type(bool, default=True)
    """Turn the plugin off without removing it (the site then has no FAQ pages)."""

    # Where the content lives, relative to mkdocs.yml
    faq_dir = c.Type(str, default="faq")
    """Folder of `<category>.yml` files."""
    alerts_file = c.Type(str, default="alerts.yml")
    """The banner alerts file; optional."""

    # Where generated pages go inside each language's tree
    faq_url = c.Type(str, default="faq")
    """Category pages are `<faq_url>/<category-id>/` in each language."""
    home_page = c.Type(str, default="index.md")
    """The page (in each language's folder) that lists categories and most asked questions."""
    contact_page = c.Type(str, default="contact.md")
    """The page whose topics list self-service answers before the phone number."""

    status_page = c.Type(str, default="status.md")
    """The generated service-status page in each language (current, planned, recent alerts)."""
    feeds_dir = c.Type(str, default="feeds")
    """Where each language's alert feeds go: `<feeds_dir>/alerts.json` (JSON Feed), `alerts.xml` (RSS)."""

    # Alerts
    now = c.Optional(c.Type(str))
    """The moment the build takes as "now" (ISO 8601 with timezone), to preview scheduled
    alerts; the HELPCENTER_NOW environment variable overrides it. Unset: the real time."""
    alerts_lookahead_days = c.Type(int, default=7)
    """Alerts starting within this many days are built into pages hidden, and appear in the
    browser when they start, so a page built before an alert starts still shows it."""

    # "Was this helpful?"
    feedback_endpoint = c.Optional(c.Type(str))
    """A URL that receives each answer as a JSON POST (fetch with keepalive): {page, entry,
    helpful, language}. With Material's extra.analytics provider set, answers also go there
    as events. With neither, no feedback control is shown."""

    # Structured data
    organization = c.Optional(c.Type(dict))
    """Organization JSON-LD on the contact page: name, url, logo, contact_points (telephone,
    contact_type, area_served, available_language, hours like "Mo-Su 08:00-22:00", email)."""

    # Home page
    top_questions = c.ListOfItems(c.Type(str), default=[])
    """Entry ids for "most asked questions"; empty: the first entries of each category."""
    top_questions_count = c.Type(int, default=6)
    """How many entries to show when `top_questions` is empty."""

    # Translations
    translation_fallback = c.Type(bool, default=False)
    """Allow a missing translation to show the default language's text (reported in the log)."""
    strings = c.Type(dict, default={})
    """Interface strings per language, overriding the shipped ones: `{es: {related: ...}}`."""

    # Audits: the defaults of `helpcenter audit site|gaps`, by option name
    audit = c.Type(dict, default={})
    """Thresholds and limits of the audits, like `{site: {fail_on: warning, max_pages: 500},
    gaps: {fail_on_gap_share: 0.2, min_score: 0.55}}`; command-line options win."""

    # Content checks: `helpcenter check` (the build itself does not run them)
    call_reasons = c.Type(str, default="call_reasons.yml")
    """The contact center's reason codes with their names; entries' `call_reasons` must be listed."""
    stale_after_days = c.Type(int, default=180)
    """An entry whose `reviewed` date, or a page whose last change, is older than this is stale."""
    duplicate_threshold = c.Type((int, float), default=0.8)
    """Two questions in one language this similar are reported (0–1: the share of their words in
    common, forms of a word and typos matched with difflib, question words like how/как/cómo left out)."""
    check_levels = c.Type(dict, default={})
    """Severity per check, overriding the default: `{consistency: warning, stale: off}`. Checks:
    translations, stale, consistency, links, duplicates, call-reasons, script; levels: error, warning,
    off."""
    check_strict = c.Type(bool, default=False)
    """Warnings fail `helpcenter check` too, as with `--strict`."""
    check_max_warnings = c.Optional(c.Type(int))
    """Fail `helpcenter check` when there are more warnings than this (errors always fail)."""
