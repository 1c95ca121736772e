"""Interface strings of the generated pages, per language.

Shipped catalogs live in `locales/<language>.yml`; a site overrides any string per language
in mkdocs.yml (`strings:` option of the plugin). A language with no catalog falls back to
English for the strings the site does not override, and the build says so.
"""

from __future__ import annotations

from functools import cache
from importlib import resources

from helpcenter.yamlsource import parse_yaml

FALLBACK_LANGUAGE = "en"


@cache
def shipped_catalog(language: str) -> dict[str, str]:
    """The catalog shipped with the package for `language`, or {} when there is none."""
    resource = resources.files("helpcenter") / "locales" / f"{language.split('_')[0]}.yml"
    if not resource.is_file():
        return {}
    # libyaml, with the content's rules ("No" stays a word): PyYAML's pure-Python safe_load
    # took 0.1 s of every build for four small catalogs.
    return parse_yaml(resource.read_text(encoding="utf-8")).data or {}


def strings_for(language: str, overrides: dict[str, dict[str, str]]) -> tuple[dict[str, str], list[str]]:
    """The strings for `language`, and the keys that had to fall back to English."""
    base = dict(shipped_catalog(FALLBACK_LANGUAGE))
    own = {**shipped_catalog(language), **(overrides.get(language) or {})}
    missing = sorted(key for key in base if key not in own)
    base.update(own)
    return base, missing
