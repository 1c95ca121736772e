"""One search index per language, with stemming, entry keywords and accent-free words.

Material writes a single `search/search_index.json` holding every language's pages (the
i18n plugin merges them), so a search on /es/ returned Russian pages too. After the last
language is built, the plugin splits it: `search/search_index.json` for the default language,
`<lang>/search/search_index.json` for the others, each with locations relative to its
language's root and its own lunr language, so the browser loads only the page's language.

Each index also turns on the language's stemmer (the browser side of this is the worker
shim `helpcenter-search.js`), adds the FAQ entries' `keywords` as a searchable field that is
never displayed, and a `folded` field with the words whose accents or "ё" an unaccented
query would otherwise miss. The gap audit builds its lunr.py index from these same files.

A language whose lunr trimmer keeps no Latin letters (Russian keeps Cyrillic only) is
indexed together with English (`lunr.multiLanguage`): otherwise "SMS", "Visa" or "iPhone"
on a Russian page would be cut out of the index and a customer typing them found nothing.
The most asked questions (`top_questions`) weigh TOP_QUESTION_BOOST times as much as other
entries, so that among answers a short question matches equally ("заказ"), the one customers
ask most comes first.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Mapping
from functools import cache, lru_cache
from pathlib import Path
from typing import Any

PIPELINE = ["stemmer", "stopWordFilter", "trimmer"]
FIELDS = {
    "title": {"boost": 1000.0},
    "text": {"boost": 1.0},
    "tags": {"boost": 1000000.0},
    # Customers' own words for an entry: worth nearly as much as its question.
    "keywords": {"boost": 500.0},
    "folded": {"boost": 1.0},
}
_TAG = re.compile(r"<[^>]+>")
# Letters that fold: "ё" and Latin letters with diacritics (Latin-1 to Latin Extended Additional).
_FOLDABLE = re.compile(r"[ёЁ\u00c0-\u024f\u1e00-\u1eff]")
# A foldable letter and the rest of its word (the letters are word characters).
_FOLDABLE_TO_WORD_END = re.compile(r"[ёЁ\u00c0-\u024f\u1e00-\u1eff]\w*")
TOP_QUESTION_BOOST = 2.0


_LATIN_ACCENTS = re.compile(r"([A-Za-z])[\u0300-\u036f]+")


def fold(text: str) -> str:
    """Accents on Latin letters and "ё" removed, as customers often type them:
    "devolución" → "devolucion", "ёлка" → "елка"; "й" stays a letter of its own.
    The worker shim folds queries with the same rule."""
    decomposed = unicodedata.normalize("NFKD", text.replace("ё", "е").replace("Ё", "Е"))
    return unicodedata.normalize("NFC", _LATIN_ACCENTS.sub(r"\1", decomposed))


def folded_words(*texts: str) -> str:
    """The words of `texts` whose folded form differs, folded; "" when there are none."""
    words: dict[str, None] = {}
    for text in texts:
        if not _FOLDABLE.search(text):
            continue  # most texts of an English or Russian site: nothing to fold
        for word in _foldable_words(_TAG.sub(" ", text)):
            plain = _folded_word(word)
            if plain:
                words.setdefault(plain)
    return " ".join(words)


def _foldable_words(text: str) -> list[str]:
    """The words of `text` that hold a foldable letter."""
    # `\w*[ё…]\w*` tries every position of the text, and a page's text is long: finding the
    # letter first and walking back to its word's start costs a third of that.
    words = []
    for match in _FOLDABLE_TO_WORD_END.finditer(text):
        start = match.start()
        while start and (text[start - 1].isalnum() or text[start - 1] == "_"):  # what `\w` is
            start -= 1
        words.append(text[start : match.end()])
    return words


@lru_cache(maxsize=100_000)
def _folded_word(word: str) -> str:
    plain = fold(word)
    return plain.lower() if plain != word else ""


def language_of(location: str, languages: list[str], default_language: str) -> tuple[str, str]:
    """("en", "faq/orders/#x") for "en/faq/orders/#x"; the default language has no prefix."""
    first, _, rest = location.partition("/")
    if first in languages and first != default_language:
        return first, rest
    return default_language, location


def split_index(
    index: Mapping[str, Any],
    languages: list[str],
    default_language: str,
    keywords: Mapping[str, str],
    lunr_languages: set[str],
    top_questions: frozenset[str] = frozenset(),  # full locations, like `keywords`
) -> dict[str, dict[str, Any]]:
    """Per-language indexes from Material's combined one.

    `keywords` maps a full location (`en/faq/orders/#where-is-my-order`) to its entry's
    keywords in that language; `lunr_languages` are those the browser has a stemmer for;
    `top_questions` the entries' locations `TOP_QUESTION_BOOST` applies to.
    """
    config = dict(index.get("config", {}))
    result: dict[str, dict[str, Any]] = {}
    for language in languages:
        result[language] = {
            "config": {
                "lang": lunr_language_list(language, lunr_languages),
                "separator": config.get("separator", r"[\s\-]+"),
                "pipeline": PIPELINE,
                "fields": FIELDS,
            },
            "docs": [],
        }
    page_titles = {
        doc["location"]: doc.get("title") for doc in index.get("docs", []) if "#" not in doc["location"]
    }
    for doc in index.get("docs", []):
        page, _, anchor = doc["location"].partition("#")
        if anchor and not doc.get("text") and doc.get("title") == page_titles.get(page):
            # A heading inside a block kept out of search (data-search-exclude) leaves an empty
            # section titled like its page: it would only repeat the page in the results.
            continue
        language, location = language_of(doc["location"], languages, default_language)
        entry = {**doc, "location": location}
        if doc["location"] in top_questions:
            entry["boost"] = TOP_QUESTION_BOOST
        words = keywords.get(doc["location"], "")
        if words:
            entry["keywords"] = words
        folded = folded_words(doc.get("title", ""), doc.get("text", ""), words)
        if folded:
            entry["folded"] = folded
        result[language]["docs"].append(entry)
    return result


def lunr_language_list(language: str, lunr_languages: set[str]) -> list[str]:
    """The index's `config.lang`: the language, with English where its trimmer drops Latin."""
    if language not in lunr_languages:
        return ["en"]
    return [language] if language == "en" or keeps_latin(language) else [language, "en"]


@cache
def keeps_latin(language: str) -> bool:
    """Whether the browser's lunr trimmer for `language` keeps Latin letters: its
    `wordCharacters` in the lunr-languages file Material bundles."""
    import material

    bundled = Path(material.__file__).parent / "templates/assets/javascripts/lunr/min"
    source = (bundled / f"lunr.{language}.min.js").read_text(encoding="utf-8")
    match = re.search(r'wordCharacters="([^"]*)"', source)
    if match is None:
        return True  # no trimmer of its own: lunr's, which keeps Latin
    try:
        return re.fullmatch(f"[{match.group(1).strip('[]')}]", "a") is not None
    except re.error:
        return True


def index_path(site_dir: Path, language: str, default_language: str) -> Path:
    prefix = "" if language == default_language else language
    return site_dir / prefix / "search" / "search_index.json"
