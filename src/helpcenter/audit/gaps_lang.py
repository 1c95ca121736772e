"""The site's search pipeline per language, in Python, as the browser runs it.

The help center's search runs in the browser: Material's worker builds a lunr.js index
with the language's lunr-languages trimmer, stop word filter and stemmer, and the worker
shim `helpcenter-search.js` expands each typed word into the word, its accent-free form,
its stem and (Spanish) accented variants, each searched as a prefix (`word*`), plus the word
itself searched exactly through the stemmer with EXACT_BOOST (`word^100`). For the gap
audit's verdict to be what a customer gets, this module does the same, offline:

- trimmers with lunr-languages' word characters (lunr.js's own `\\W` is ASCII-only, so the
  English trimmer is too);
- the stop word lists the browser uses, shipped in `gaps_data/` (lunr.py's Russian and
  Spanish support would call `nltk.download` instead, which fails offline);
- stemmers that give the browser's stems: lunr.js's Porter stemmer, ported (lunr.py's
  differs: it stems "day" to "dai" and leaves "try"), and the Snowball Russian and Spanish
  stemmers from `snowballstemmer` 2.x. lunr-languages was generated from Snowball in 2010,
  whose Russian stemmer treats "ё" as a letter outside the alphabet; newer Snowball first
  turns "ё" into "е". A private-use stand-in for "ё" while stemming restores the old
  behaviour. (snowballstemmer 3 also stems unaccented Spanish "-acion", which lunr-languages
  does not, hence `<3`.) `tests/fixtures/gaps/stems-*.tsv` pin the browser's stems;
- an index of several lunr languages (`["ru", "en"]`, see `helpcenter.search`) as
  lunr.multiLanguage runs it: one trimmer keeping the letters of all, the stop words of all,
  the stemmers one after the other.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from functools import cache, lru_cache
from pathlib import Path

from helpcenter.search import fold

DATA_DIR = Path(__file__).parent / "gaps_data"

# lunr-languages' `lunr.<lang>.wordCharacters` (the trimmer keeps only these at a word's ends).
WORD_CHARACTERS = {
    "ru": "\u0400-\u0484\u0487-\u052f\u1d2b\u1d78\u2de0-\u2dff\ua640-\ua69f\ufe2e\ufe2f",
    "es": (
        "A-Za-z\u00aa\u00ba\u00c0-\u00d6\u00d8-\u00f6\u00f8-\u02b8\u02e0-\u02e4\u1d00-\u1d25"
        "\u1d2c-\u1d5c\u1d62-\u1d65\u1d6b-\u1d77\u1d79-\u1dbe\u1e00-\u1eff\u2071\u207f"
        "\u2090-\u209c\u212a\u212b\u2132\u214e\u2160-\u2188\u2c60-\u2c7f\ua722-\ua787"
        "\ua78b-\ua7ad\ua7b0-\ua7b7\ua7f7-\ua7ff\uab30-\uab5a\uab5c-\uab64\ufb00-\ufb06"
        "\uff21-\uff3a\uff41-\uff5a"
    ),
    # lunr.trimmer: /^\W+/ and /\W+$/ in JavaScript, where \w is [A-Za-z0-9_]
    "en": "A-Za-z0-9_",
}
SUPPORTED = tuple(WORD_CHARACTERS)
# The boost of a word's exact clause (helpcenter-search.js, EXACT_BOOST).
EXACT_BOOST = 100
# lunr syntax the worker shim leaves alone; a customer's question is read without it.
SEARCH_SYNTAX = re.compile(r"(?:^|(?<=\s))[+\-]+|[:~^*\"]")
# Stand-in for "ё" while stemming (see the module docstring).
_YO_STAND_IN = "\ue000"


class UnsupportedLanguage(ValueError):
    """The site's index uses a lunr language this audit has no pipeline for."""


def read_word_list(name: str) -> frozenset[str]:
    """A shipped word list: one word a line, `#` starts a comment."""
    text = (DATA_DIR / name).read_text(encoding="utf-8")
    return frozenset(line.strip() for line in text.splitlines() if line.strip() and not line.startswith("#"))


# -- lunr.js's Porter stemmer (lunr 2.3.9, lib/stemmer.js), line for line ----------------------
_STEP2 = {
    "ational": "ate",
    "tional": "tion",
    "enci": "ence",
    "anci": "ance",
    "izer": "ize",
    "bli": "ble",
    "alli": "al",
    "entli": "ent",
    "eli": "e",
    "ousli": "ous",
    "ization": "ize",
    "ation": "ate",
    "ator": "ate",
    "alism": "al",
    "iveness": "ive",
    "fulness": "ful",
    "ousness": "ous",
    "aliti": "al",
    "iviti": "ive",
    "biliti": "ble",
    "logi": "log",
}
_STEP3 = {"icate": "ic", "ative": "", "alize": "al", "iciti": "ic", "ical": "ic", "ful": "", "ness": ""}
_C = "[^aeiou][^aeiouy]*"
_V = "[aeiouy][aeiou]*"
_MGR0 = re.compile(f"^({_C})?{_V}{_C}")
_MEQ1 = re.compile(f"^({_C})?{_V}{_C}({_V})?$")
_MGR1 = re.compile(f"^({_C})?{_V}{_C}{_V}{_C}")
_S_V = re.compile(f"^({_C})?[aeiouy]")
_RE_1A = re.compile(r"^(.+?)(ss|i)es$")
_RE2_1A = re.compile(r"^(.+?)([^s])s$")
_RE_1B = re.compile(r"^(.+?)eed$")
_RE2_1B = re.compile(r"^(.+?)(ed|ing)$")
_RE2_1B_2 = re.compile(r"(at|bl|iz)$")
_RE3_1B_2 = re.compile(r"([^aeiouylsz])\1$")
_RE4_1B_2 = re.compile(f"^{_C}[aeiouy][^aeiouwxy]$")
_RE_1C = re.compile(r"^(.+?[^aeiou])y$")
_RE_2 = re.compile(
    r"^(.+?)(ational|tional|enci|anci|izer|bli|alli|entli|eli|ousli|ization|ation|ator|alism|iveness"
    r"|fulness|ousness|aliti|iviti|biliti|logi)$"
)
_RE_3 = re.compile(r"^(.+?)(icate|ative|alize|iciti|ical|ful|ness)$")
_RE_4 = re.compile(r"^(.+?)(al|ance|ence|er|ic|able|ible|ant|ement|ment|ent|ou|ism|ate|iti|ous|ive|ize)$")
_RE2_4 = re.compile(r"^(.+?)(s|t)(ion)$")
_RE_5 = re.compile(r"^(.+?)e$")
_RE_5_1 = re.compile(r"ll$")
_RE3_5 = re.compile(f"^{_C}[aeiouy][^aeiouwxy]$")


def porter_stem(w: str) -> str:
    """lunr.js's `lunr.stemmer` (a Porter stemmer) on one lowercase word."""
    if len(w) < 3:
        return w
    first = w[0]
    if first == "y":
        w = "Y" + w[1:]
    if (m := _RE_1A.match(w)) or (m := _RE2_1A.match(w)):
        w = m.group(1) + m.group(2)
    if m := _RE_1B.match(w):
        if _MGR0.search(m.group(1)):
            w = w[:-1]
    elif m := _RE2_1B.match(w):
        stem = m.group(1)
        if _S_V.search(stem):
            w = stem
            if _RE2_1B_2.search(w):
                w += "e"
            elif _RE3_1B_2.search(w):
                w = w[:-1]
            elif _RE4_1B_2.search(w):
                w += "e"
    if m := _RE_1C.match(w):
        w = m.group(1) + "i"
    if (m := _RE_2.match(w)) and _MGR0.search(m.group(1)):
        w = m.group(1) + _STEP2[m.group(2)]
    if (m := _RE_3.match(w)) and _MGR0.search(m.group(1)):
        w = m.group(1) + _STEP3[m.group(2)]
    if m := _RE_4.match(w):
        if _MGR1.search(m.group(1)):
            w = m.group(1)
    elif m := _RE2_4.match(w):
        stem = m.group(1) + m.group(2)
        if _MGR1.search(stem):
            w = stem
    if m := _RE_5.match(w):
        stem = m.group(1)
        if _MGR1.search(stem) or (_MEQ1.search(stem) and not _RE3_5.search(stem)):
            w = stem
    if _RE_5_1.search(w) and _MGR1.search(w):
        w = w[:-1]
    if first == "y":
        w = "y" + w[1:]
    return w


def _snowball(name: str) -> Callable[[str], str]:
    import snowballstemmer

    stemmer = snowballstemmer.stemmer(name)
    if name == "russian":

        def stem(word: str) -> str:
            if "ё" not in word:
                return stemmer.stemWord(word)
            return stemmer.stemWord(word.replace("ё", _YO_STAND_IN)).replace(_YO_STAND_IN, "ё")

        return stem
    return stemmer.stemWord


@dataclass(frozen=True)
class QueryWord:
    """A word of a question as the site's search reads it."""

    word: str  # trimmed, lowercase, as typed
    folded: str  # accents off, "ё" → "е"; also searched exactly, its stem with EXACT_BOOST
    terms: tuple[str, ...]  # what the browser searches for it, each as a prefix


@dataclass(eq=False)
class Analyzer:
    """One index's lunr pipeline: trimmer, stop word filter, stemmer."""

    language: str  # the (first) lunr language (ru, es, en)
    word_characters: str
    stop_words: frozenset[str]
    fillers: frozenset[str]
    _stem: Callable[[str], str] = field(repr=False)

    def __post_init__(self) -> None:
        wc = self.word_characters
        self._trim_start = re.compile(f"^[^{wc}]+")
        self._trim_end = re.compile(f"[^{wc}]+$")
        self.stem = lru_cache(maxsize=200_000)(self._stem)
        self.folded_fillers = frozenset(fold(word) for word in self.fillers)

    def trim(self, token: str) -> str:
        return self._trim_end.sub("", self._trim_start.sub("", token))

    def is_stop_word(self, token: str) -> bool:
        return token in self.stop_words

    def is_filler(self, word: QueryWord) -> bool:
        return word.word in self.fillers or word.folded in self.folded_fillers

    # lunr pipeline functions (token, i, tokens) for lunr.py's Builder -----------------------
    def pipeline_functions(self) -> list[Callable[..., object]]:
        def trimmer(token, i=None, tokens=None):  # type: ignore[no-untyped-def]
            return token.update(lambda s, metadata=None: self.trim(s))

        def stop_word_filter(token, i=None, tokens=None):  # type: ignore[no-untyped-def]
            return None if str(token) in self.stop_words else token

        def stemmer(token, i=None, tokens=None):  # type: ignore[no-untyped-def]
            return token.update(lambda s, metadata=None: self.stem(s))

        return [trimmer, stop_word_filter, stemmer]

    # the worker shim (helpcenter-search.js, expand()) -------------------------------------
    def accent_variants(self, word: str) -> list[str]:
        if self.language != "es":
            return []
        variants = []
        for index in range(len(word) - 1, -1, -1):
            accented = _ACCENTS.get(word[index])
            if accented:
                variants.append(word[:index] + accented + word[index + 1 :])
                if len(variants) == 3:
                    break
        return variants

    def query_words(self, query: str) -> list[QueryWord]:
        """The words the worker shim keeps (stop words dropped), with the terms it searches."""
        return list(_query_words(self, query))


_ACCENTS = {"a": "á", "e": "é", "i": "í", "o": "ó", "u": "ú"}
_SEPARATOR = re.compile(r"[\s\-\ufeff]+")


@lru_cache(maxsize=200_000)
def _query_words(analyzer: Analyzer, query: str) -> tuple[QueryWord, ...]:
    words: list[QueryWord] = []
    for raw in _SEPARATOR.split(query.lower()):
        if not raw:
            continue
        token = analyzer.trim(raw)
        if not token or analyzer.is_stop_word(token):
            continue
        folded = fold(token)
        if analyzer.is_stop_word(folded):  # "cómo" typed is "como", a stop word
            continue
        terms = [token, folded, analyzer.stem(folded)]
        for variant in analyzer.accent_variants(folded):
            stem = analyzer.stem(variant)
            if len(stem) >= 4:
                terms.append(stem)
        unique = tuple(dict.fromkeys(term for term in terms if term))
        words.append(QueryWord(token, folded, unique))
    return tuple(words)


def without_search_syntax(query: str) -> str:
    """A question as text: lunr operators (`+`, `-`, `:`, `~`, `^`, `*`, quotes) become spaces.

    The worker shim passes a query holding them to Material unexpanded; customers' questions in
    exports hold them by accident (`"parcelia" refund`), and the audit reads the question."""
    return " ".join(SEARCH_SYNTAX.sub(" ", query).split())


def browser_terms(words: Iterable[QueryWord]) -> list[str]:
    """The prefix clauses Material's worker gets from the shim: every term once."""
    return list(dict.fromkeys(term for word in words for term in word.terms))


def exact_words(words: Iterable[QueryWord]) -> list[str]:
    """The words the shim also searches exactly (`word^EXACT_BOOST`): every one once."""
    return list(dict.fromkeys(word.folded for word in words))


def browser_query(words: Iterable[QueryWord]) -> str:
    """The query the shim hands to Material's worker."""
    words = list(words)
    return " ".join(browser_terms(words) + [f"{word}^{EXACT_BOOST}" for word in exact_words(words)])


@cache
def analyzer(*languages: str) -> Analyzer:
    """The pipeline of the lunr language(s) the site's index names (`config.lang`)."""
    unsupported = [language for language in languages if language not in SUPPORTED]
    if unsupported or not languages:
        raise UnsupportedLanguage(
            f"the site's search uses lunr language '{', '.join(unsupported or languages)}'; the gap "
            f"audit has the browser's pipeline for {', '.join(SUPPORTED)} only"
        )
    stems = [_stemmer(language) for language in languages]

    def stem(word: str) -> str:
        for one in stems:
            word = one(word)
        return word

    return Analyzer(
        languages[0],
        "".join(WORD_CHARACTERS[language] for language in languages),
        frozenset().union(*(read_word_list(f"stopwords-{language}.txt") for language in languages)),
        frozenset().union(*(read_word_list(f"fillers-{language}.txt") for language in languages)),
        stems[0] if len(stems) == 1 else stem,
    )


def _stemmer(language: str) -> Callable[[str], str]:
    return porter_stem if language == "en" else _snowball({"ru": "russian", "es": "spanish"}[language])


# -- Material's tokenizer (integrations/search/internal: extract, split, tokenize) ------------
def markup_free_sections(text: str) -> list[str]:
    """The text sections of an index field, as Material's `extract` cuts HTML tags out."""
    sections: list[str] = []
    start = 0
    end = 0
    length = len(text)
    while end < length:
        char = text[end]
        if char == "<" and end > start:
            sections.append(text[start:end])
            start = end
        elif char == ">":
            start = end + 1
        end += 1
    if end > start:
        sections.append(text[start:end])
    return sections


def material_tokens(value: object, separator: re.Pattern[str]) -> list[str]:
    """Lowercase tokens of a field value (a string, or a list of strings like `tags`)."""
    if value is None:
        return []
    values = value if isinstance(value, list) else [value]
    tokens: list[str] = []
    for item in values:
        for section in markup_free_sections(str(item)):
            tokens.extend(piece.lower() for piece in separator.split(section) if piece)
    return tokens


# -- language of a question without one ------------------------------------------------------
_CYRILLIC = re.compile(r"[\u0400-\u04ff]")
_SPANISH_LETTERS = re.compile(r"[ñ¿¡áéíóúü]", re.IGNORECASE)
_LATIN_WORD = re.compile(r"[a-zñáéíóúü]+", re.IGNORECASE)


@dataclass
class LanguageDetector:
    """The language of a question that comes without one: Cyrillic → Russian; Spanish letters
    (ñ, ¿, ¡, accents) → Spanish; else whichever of Spanish and English knows more of its
    words that the other does not (`knows`: a stop word of the language, or a word the site's
    search in that language has a term for, "bloqueadas" → "bloqu"); on a tie the hint (the
    language of the page the question landed on), else English."""

    languages: list[str]
    knows: dict[str, Callable[[str], bool]] = field(default_factory=dict)

    def detect(self, text: str, hint: str | None = None) -> str | None:
        """The language, or None when the site has none that fits."""
        if _CYRILLIC.search(text):
            guess = "ru"
        elif _SPANISH_LETTERS.search(text):
            guess = "es"
        else:
            score = {"es": 0, "en": 0}
            spanish, english = self.knows.get("es"), self.knows.get("en")
            for word in _LATIN_WORD.findall(text.lower()):
                in_spanish = bool(spanish and spanish(word))
                in_english = bool(english and english(word))
                if in_spanish != in_english:
                    score["es" if in_spanish else "en"] += 1
            if score["es"] != score["en"]:
                guess = "es" if score["es"] > score["en"] else "en"
            else:
                guess = hint if hint in self.languages else "en"
        if guess in self.languages:
            return guess
        if guess != "ru" and "en" in self.languages:
            return "en"  # Latin script on a site without that language: its English
        return None


def normalize_question(text: str) -> str:
    """The key a question is counted under: NFC, lowercase, single spaces."""
    return " ".join(unicodedata.normalize("NFC", text).lower().split())
