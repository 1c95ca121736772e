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
