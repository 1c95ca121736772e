"""The gap audit's model: the site's searches, the questions asked, and what they cost.

`SiteSearch` opens a built site: one `LanguageIndex` per language from its search index
files, the content model (entries, their `call_reasons`, fallback translations), the brand
and the contact page's URLs. `Questions` aggregates input rows into one `Question` per
source, language and question (streamed: memory grows with distinct questions, not rows).
`analyze` gives each question its verdict and finds translation gaps, deflection
opportunities and groups of similar gaps.

Gaps are ranked by **contacts at risk**: customers who asked and did not get an answer from
the help center, so may contact support —
    calls (call reasons: they did contact us), searches (site search: each search for a
    question the site does not answer), impressions × (1 − CTR) (Search Console: people who
    saw the help center in Google's results for it and did not come in).
The gap share, which the exit status gates on, is the contacts at risk of `gap` questions
over those of all questions.
"""

from __future__ import annotations

import json
import re
import time
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

from helpcenter.audit import gaps_verdict
from helpcenter.audit.gaps_inputs import CALL_REASONS, PageRow, Row
from helpcenter.audit.gaps_lang import LanguageDetector, analyzer, normalize_question
from helpcenter.audit.gaps_search import LanguageIndex
from helpcenter.audit.gaps_verdict import Brand, Verdict
from helpcenter.content import HelpCenter
from helpcenter.search import fold, index_path

# A proper noun of the FAQ is part of the brand when it is capitalized mid-sentence, never
# written in lowercase, and in this share of the entries (at least 3).
PROPER_NOUN_SHARE = 0.1


class SiteError(Exception):
    """The built site cannot be audited (no search index, an unsupported language...)."""


@dataclass
class SitePaths:
    """Where things are in the built site (URLs relative to a language's root)."""

    faq_url: str = "faq"
    contact: str = "contact/"
    status: str = "status/"
    home: str = ""
    directory_urls: bool = True
    base_path: str = "/"  # the path of site_url

    def page_url(self, src: str) -> str:
        """The URL of a Markdown page as MkDocs makes it: `contact.md` → `contact/`."""
        stem = src[:-3] if src.endswith(".md") else src
        if stem == "index" or stem.endswith("/index"):
            return stem[: -len("index")] if self.directory_urls else f"{stem}.html"
        return f"{stem}/" if self.directory_urls else f"{stem}.html"


class SiteSearch:
    """A built help center's search, per language, and what the audit knows of its content."""

    def __init__(
        self,
        site_dir: Path,
        help_center: HelpCenter,
        paths: SitePaths,
        brand_texts: dict[str, list[str]],
        extra_brand: Iterable[str] = (),
        reason_names: Mapping[str, Mapping[str, str]] | None = None,
    ):
        self.help_center = help_center
        self.languages = list(help_center.languages)
        self.default_language = help_center.default_language
        self.paths = paths
        self.entry_ids = {entry.id for entry in help_center.entries}
        self.indexes: dict[str, LanguageIndex] = {}
        for language in self.languages:
            path = index_path(site_dir, language, self.default_language)
            if not path.is_file():
                raise SiteError(
                    f"{path}: no search index for '{language}' — build the site first (mkdocs build) "
                    "or pass --site with the folder it was built into"
                )
            try:
                data = json.loads(path.read_text(encoding="utf-8"))
            except (OSError, ValueError) as exc:
                raise SiteError(
                    f"{path}: not a readable search index ({exc}) — build the site again"
                ) from None
            lunr_languages = data.get("config", {}).get("lang") or ["en"]
            try:
                language_analyzer = analyzer(*lunr_languages)
            except ValueError as exc:
                raise SiteError(f"{path}: {exc}") from None
            self.indexes[language] = LanguageIndex(language, data, language_analyzer, self.classify)
        self.brands: dict[str, Brand] = {}
        self.brand_words: dict[str, list[str]] = {}
        nouns = proper_nouns(
            help_center, {language: index.analyzer.stem for language, index in self.indexes.items()}
        )
        for language, index in self.indexes.items():
            brand = Brand()
            texts = [*brand_texts.get(language, []), *nouns.get(language, []), *extra_brand]
            brand.add(index.analyzer, texts)
            self.brands[language] = brand
            self.brand_words[language] = sorted(brand.words)
        self.detector = LanguageDetector(
            self.languages, {language: self._knows(index) for language, index in self.indexes.items()}
        )
        # reason code -> its name per language, from call_reasons.yml (None: no such file)
        self.reason_names = (
            None if reason_names is None else {code: dict(n) for code, n in reason_names.items()}
        )
        # reason code -> entry ids whose call_reasons list it
        self.call_reasons: dict[str, list[str]] = defaultdict(list)
        for entry in help_center.entries:
            for code in entry.call_reasons:
                self.call_reasons[code].append(entry.id)
        self.contact_paths = {
            language: self._absolute(language, paths.contact) for language in self.languages
        }

    @staticmethod
    def _knows(index: LanguageIndex) -> Callable[[str], bool]:
        language_analyzer = index.analyzer

        def knows(word: str) -> bool:
            token = language_analyzer.trim(word)
            if not token:
                return False
            if language_analyzer.is_stop_word(token):
                return True
            return any(index.word_terms(query_word) for query_word in language_analyzer.query_words(token))

        return knows

    def _absolute(self, language: str, url: str) -> str:
        prefix = "" if language == self.default_language else f"{language}/"
        return self.paths.base_path.rstrip("/") + "/" + prefix + url

    def classify(self, location: str) -> tuple[str, str | None]:
        """(kind, answer key) of a search location relative to its language's root."""
        page, _, anchor = location.partition("#")
        paths = self.paths
        if page == paths.home:
            return "home", None
        if page == paths.contact:
            return "contact", None
        if page == paths.status:
            return "status", None
        faq = paths.faq_url.strip("/") + "/"
        if page.startswith(faq):
            if anchor in self.entry_ids:
                return "entry", anchor
            return "category", None
        return "guide", page

    def entry_location(self, entry_id: str) -> str:
        category = self.help_center.category_of(entry_id)
        return f"{self.paths.page_url(f'{self.paths.faq_url}/{category.id}.md')}#{entry_id}"

    def page_language(self, url: str) -> str:
        """The language section a page URL (absolute or not) is in."""
        path = urlsplit(url).path or "/"
        base = self.paths.base_path.rstrip("/") + "/"
        if path.startswith(base):
            path = path[len(base) :]
        first = path.lstrip("/").split("/", 1)[0]
        return first if first in self.languages and first != self.default_language else self.default_language

    def is_contact_page(self, url: str) -> bool:
        path = urlsplit(url).path or "/"
        if not path.endswith("/") and not path.endswith(".html"):
            path += "/"
        return path in self.contact_paths.values()

    def fallback_languages(self, entry_id: str) -> set[str]:
        """Languages whose text of the entry is the default language's (translation_fallback)."""
        languages: set[str] = set()
        for name in ("question", "answer"):
            languages |= self.help_center.fallbacks.get(("entry", entry_id, name), set())
        return languages


def proper_nouns(help_center: HelpCenter, stemmers: dict[str, Callable[[str], str]]) -> dict[str, list[str]]:
    """The FAQ's frequent proper nouns per language ("Парселии", "Parcelia"): capitalized in
    the middle of a sentence, never in lowercase (compared by stem: "Парселии", "Парселию"),
    in PROPER_NOUN_SHARE of the entries."""
    entries = help_center.entries
    result: dict[str, list[str]] = {}
    for language in help_center.languages:
        stem = stemmers[language]
        capitalized: Counter[str] = Counter()
        lowercase: set[str] = set()
        forms: dict[str, str] = {}
        for entry in entries:
            text = " ".join(
                [entry.question.get(language, ""), entry.answer.get(language, "")]
                + entry.keywords.get(language, [])
            )
            text = _ADDRESSES.sub(" ", text)  # parcelia.example, help@parcelia.example: not words
            seen: set[str] = set()
            for match in re.finditer(r"(?<=[\w,;:»”)] )([^\W\d_][^\W\d_]+)", text):
                word = match.group(1)
                key = stem(fold(word.lower()))
                if word[0].isupper() and not word.isupper():
                    seen.add(key)
                    forms.setdefault(key, word)
            for word in re.findall(r"[^\W\d_]+", text):
                if word.islower():
                    lowercase.add(stem(fold(word)))
            capitalized.update(seen)
        needed = max(3, round(PROPER_NOUN_SHARE * len(entries)))
        result[language] = sorted(
            forms[key] for key, count in capitalized.items() if count >= needed and key not in lowercase
        )
    return result


_ADDRESSES = re.compile(r"\]\([^)]*\)|\S*[\w-][./@][\w-]\S*")


# -- questions ------------------------------------------------------------------------------
@dataclass
class Question:
    source: str
    language: str
    text: str
    reason_code: str = ""
    clicks: float = 0.0
    impressions: float = 0.0
    calls: float = 0.0
    searches: float = 0.0
    zero_result_searches: float = 0.0
    rows: int = 0
    language_from: str = ""  # "column", "page" or "text"
    pages: dict[str, list[float]] | None = None  # Search Console: page -> [clicks, impressions]
    # set by analyze()
    verdict: Verdict | None = None
    status: str = ""
    best_url: str = ""
    best_entry: str = ""
    reason: str = ""
    mapped: bool = False  # answered by its call reason code
    unlisted_code: bool = False  # its call reason code is not in call_reasons.yml
    translation_gap: str = ""
    deflection: str = ""  # the contact page URL customers land on from Google
    group: str = ""

    @property
    def navigational(self) -> bool:
        """Only the brand or question words ("parcelia"): a way to the site, not a question."""
        return self.verdict is not None and self.verdict.navigational

    @property
    def at_risk(self) -> float:
        """Contacts at risk if the help center does not answer it (see the module docstring);
        none for a navigational query."""
        if self.navigational:
            return 0.0
        return self.calls + self.searches + max(self.impressions - self.clicks, 0.0)

    @property
    def contacts(self) -> float:
        """What it costs now: its contacts at risk unless answered; for an answered question
        whose best organic landing page is the contact page, the clicks landing there."""
        if self.status in ("gap", "weak"):
            return self.at_risk
        if self.deflection and self.pages:
            return self.pages.get(self.deflection, [0.0, 0.0])[0]
        return 0.0

    @property
    def volume(self) -> float:
        return {"search-console": self.impressions, "call-reasons": self.calls}.get(
            self.source, self.searches
        )

    def landing_page(self) -> str | None:
        if not self.pages:
            return None
        return max(self.pages.items(), key=lambda item: (item[1][0], item[1][1]))[0]


@dataclass
class Questions:
    """Input rows aggregated into distinct questions, with what the summary counts."""

    site: SiteSearch
    by_key: dict[tuple[str, str, str], Question] = field(default_factory=dict)
    rows_by_language: Counter[str] = field(default_factory=Counter)
    language_from: Counter[tuple[str, str]] = field(default_factory=Counter)
    page_clicks: Counter[str] = field(default_factory=Counter)  # Pages.csv: clicks per language
    contact_clicks: Counter[str] = field(default_factory=Counter)
    # (text, page language) -> (language, how): exports repeat a query on every day and page
    _detected: dict[tuple[str, str | None], tuple[str | None, str]] = field(default_factory=dict)

    def add(self, row: Row) -> str | None:
        """Count a row into its question; the reason it cannot, if so."""
        site = self.site
        if row.language is not None:
            if row.language not in site.languages:
                return (
                    f"language '{row.language}' is not a language of this help center "
                    f"({', '.join(site.languages)})"
                )
            language, how = row.language, "column"
        else:
            hint = site.page_language(row.page) if row.page else None
            detected = self._detected.get((row.text, hint))
            if detected is None:
                language = site.detector.detect(row.text, hint)
                how = "page" if hint and language == hint and not _script_decides(row.text) else "text"
                detected = self._detected[(row.text, hint)] = (language, how)
            language, how = detected
            if language is None:
                return "its language is none of this help center's (" + ", ".join(site.languages) + ")"
        normalized = normalize_question(row.text)
        key_text = row.reason_code if row.source == CALL_REASONS and row.reason_code else normalized
        key = (row.source, language, key_text)
        question = self.by_key.get(key)
        if question is None:
            question = self.by_key[key] = Question(
                row.source, language, " ".join(row.text.split()), row.reason_code
            )
            question.language_from = how
        question.rows += 1
        question.clicks += row.clicks
        question.impressions += row.impressions
        question.calls += row.calls
        question.searches += row.searches
        question.zero_result_searches += row.zero_result_searches
        if row.page:
            if question.pages is None:
                question.pages = {}
            counts = question.pages.setdefault(row.page, [0.0, 0.0])
            counts[0] += row.clicks
            counts[1] += row.impressions
        self.rows_by_language[language] += 1
        self.language_from[(language, how)] += 1
        return None

    def add_page(self, row: PageRow) -> None:
        language = self.site.page_language(row.page)
        self.page_clicks[language] += row.clicks
        if self.site.is_contact_page(row.page):
            self.contact_clicks[language] += row.clicks

    def __len__(self) -> int:
        return len(self.by_key)


def _script_decides(text: str) -> bool:
    return bool(re.search(r"[\u0400-\u04ff]|[ñ¿¡áéíóúü]", text, re.IGNORECASE))


# -- analysis -------------------------------------------------------------------------------
@dataclass
class Group:
    key: str
    language: str
    status: str
    label: str
    questions: list[Question] = field(default_factory=list)

    @property
    def contacts(self) -> float:
        return sum(question.contacts for question in self.questions)


@dataclass
class Analysis:
    questions: list[Question]
    groups: list[Group]
    translation_gaps: list[Question]
    deflections: list[Question]
    buried: list[Question]
    seconds: dict[str, float] = field(default_factory=dict)  # time spent judging, per language

    @property
    def gap_share(self) -> float:
        at_risk = sum(question.at_risk for question in self.questions)
        gaps = sum(question.at_risk for question in self.questions if question.status == "gap")
        return gaps / at_risk if at_risk else 0.0


def analyze(
    site: SiteSearch,
    questions: Questions,
    min_score: float = gaps_verdict.MIN_SCORE,
    weak_score: float = gaps_verdict.WEAK_SCORE,
    shown_score: float = gaps_verdict.SHOWN_SCORE,
    progress: Callable[[int], None] | None = None,
) -> Analysis:
    """Every question's verdict, then translation gaps, deflection opportunities and groups."""
    cache: dict[tuple[str, str], Verdict] = {}
    items = sorted(questions.by_key.values(), key=lambda q: site.languages.index(q.language))
    timings: dict[str, float] = defaultdict(float)
    for number, question in enumerate(items, 1):
        if progress and number % 5000 == 0:
            progress(number)
        started = time.perf_counter()
        index = site.indexes[question.language]
        code_entries = site.call_reasons.get(question.reason_code, []) if question.reason_code else []
        if code_entries:
            entry_id = code_entries[0]
            question.mapped = True
            question.status = "answered"
            question.best_entry = entry_id
            question.best_url = site.entry_location(entry_id)
            question.reason = f"call reason '{question.reason_code}' is listed by entry '{entry_id}'"
            if len(code_entries) > 1:
                question.reason += f" (and {', '.join(code_entries[1:])})"
        else:
            text = question.text
            names = (site.reason_names or {}).get(question.reason_code, {})
            if question.reason_code and text == question.reason_code and names.get(question.language):
                # An export with codes only: the contact center's name for the code is the question.
                text = names[question.language]
            key = (question.language, normalize_question(text))
            verdict = cache.get(key)
            if verdict is None:
                verdict = cache[key] = gaps_verdict.judge(
                    index, text, site.brands[question.language], min_score, weak_score, shown_score
                )
            question.verdict = verdict
            question.status = verdict.status
            question.reason = verdict.reason
            if text != question.text:
                question.reason = f"searched as its name in call_reasons.yml, {text!r}; " + question.reason
            if question.reason_code and site.reason_names is not None and not names:
                question.unlisted_code = True
            if verdict.best is not None:
                question.best_url = verdict.best.location
                question.best_entry = verdict.best.answer or ""
        if question.status == "answered" and question.best_entry in site.entry_ids:
            fallback = site.fallback_languages(question.best_entry)
            if question.language in fallback:
                question.status = "weak"
                question.translation_gap = (
                    f"entry '{question.best_entry}' shows the {site.default_language} text "
                    f"in {question.language}"
                )
                question.reason = question.translation_gap + " (translation_fallback)"
        landing = question.landing_page()
        if landing and site.is_contact_page(landing):
            question.deflection = landing
        timings[question.language] += time.perf_counter() - started

    translation_gaps = _translation_gaps(items)
    groups = _groups(site, items)
    deflections = sorted((q for q in items if q.deflection), key=lambda q: -q.contacts)
    buried = sorted(
        (q for q in items if q.verdict is not None and q.verdict.buried), key=lambda q: -q.at_risk
    )
    return Analysis(items, groups, translation_gaps, deflections, buried, dict(timings))


def _translation_gaps(items: list[Question]) -> list[Question]:
    """Questions answered in one language and not in another: the same call reason code, or
    the same text, in several languages; and answers shown in a fallback language."""
    found: list[Question] = []
    by_subject: dict[tuple[str, str], list[Question]] = defaultdict(list)
    for question in items:
        if question.source == CALL_REASONS and question.reason_code:
            by_subject[("code", question.reason_code)].append(question)
        elif question.language_from == "column":
            by_subject[("text", normalize_question(question.text))].append(question)
    for subject, group in by_subject.items():
        answered = {q.language: q for q in group if q.status == "answered"}
        if not answered:
            continue
        for question in group:
            if (
                question.status != "answered"
                and question.language not in answered
                and not question.translation_gap
            ):
                other = next(iter(answered.values()))
                what = "call reason" if subject[0] == "code" else "question"
                question.translation_gap = (
                    f"the same {what} is answered in {other.language}"
                    + (f" by '{other.best_entry}'" if other.best_entry else "")
                    + f", not in {question.language}"
                )
    for question in items:
        if question.translation_gap:
            found.append(question)
    return sorted(found, key=lambda q: -q.at_risk)


def _groups(site: SiteSearch, items: list[Question]) -> list[Group]:
    """Similar unanswered questions together: gaps by their most telling missing word, weak
    answers by the answer they get."""
    groups: dict[str, Group] = {}
    spellings: dict[str, Counter[str]] = defaultdict(Counter)
    for question in items:
        if question.status not in ("gap", "weak"):
            continue
        verdict = question.verdict
        index = site.indexes[question.language]
        if question.status == "gap":
            words = (
                verdict.missing if verdict and verdict.missing else (verdict.topic_words if verdict else [])
            )
            if words:
                by_word = {word.word: word for word in index.analyzer.query_words(" ".join(words))}
                telling = max(words, key=lambda w: index.weight(by_word[w]) if w in by_word else 0.0)
                stem = index.analyzer.stem(fold(telling))
                key = f"{question.language}:gap:{stem}"
                spellings[key][telling] += 1
            else:
                key = f"{question.language}:gap:" + normalize_question(question.text)
                spellings[key][question.text] += 1
        else:
            target = question.best_url or question.reason
            key = f"{question.language}:weak:{target}"
            spellings[key][
                ("answered weakly by /" + question.best_url) if question.best_url else question.reason
            ] += 1
        group = groups.get(key)
        if group is None:
            group = groups[key] = Group(key, question.language, question.status, "")
        group.questions.append(question)
        question.group = key
    for key, group in groups.items():
        group.label = spellings[key].most_common(1)[0][0]
        group.questions.sort(key=lambda q: -q.contacts)
    return sorted(groups.values(), key=lambda group: (-group.contacts, group.key))
