"""Load `faq/*.yml` and `alerts.yml`, validate them and report every problem at once.

Every problem names the file, the line, the entry and the fix, because the people who
read them are content editors, not programmers. Nothing is dropped: an entry that cannot
be read is an error, so either every entry reaches the site or the build stops.
"""

from __future__ import annotations

import difflib
import gc
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ValidationError

from helpcenter.model import FIELD_KINDS, Alert, AlertsFile, Category, CategoryFile, Entry
from helpcenter.problems import ContentError, Problem, display_path
from helpcenter.safety import find_script_risks
from helpcenter.yamlsource import Path_, YamlDocument, YamlSyntaxError, parse_yaml

FALLBACK_HINT = " or set translation_fallback: true for the helpcenter plugin in mkdocs.yml"
LOCALIZED_FIELDS = {
    Category: ("title", "description"),
    Entry: ("question", "answer"),
    Alert: ("text",),
}


def language_name(code: str) -> str:
    """English name of a language code, for messages ("es" → "Spanish")."""
    # Imported here: babel's locale data costs a tenth of a second, and only messages need it.
    from babel import Locale, UnknownLocaleError

    try:
        return Locale.parse(code.replace("-", "_")).get_language_name("en") or code
    except (ValueError, UnknownLocaleError):
        return code


@dataclass(frozen=True)
class Source:
    """Where a piece of content came from, to point editors at the right line."""

    file: str
    document: YamlDocument
    prefix: Path_ = ()

    def line(self, *path: str | int) -> int | None:
        return self.document.line_of(self.prefix + tuple(path))


@dataclass
class LoadedCategory:
    category: Category
    entries: list[Entry]
    source: Source
    entry_sources: dict[str, Source]


@dataclass
class HelpCenter:
    """Validated content, with translations filled in where fallback is allowed."""

    languages: list[str]
    default_language: str
    categories: list[LoadedCategory]
    alerts: list[Alert]
    warnings: list[Problem] = field(default_factory=list)
    # (kind, id, field) -> languages whose text fell back to the default language
    fallbacks: dict[tuple[str, str, str], set[str]] = field(default_factory=dict)

    @property
    def entries(self) -> list[Entry]:
        return [entry for loaded in self.categories for entry in loaded.entries]

    def entry(self, entry_id: str) -> Entry:
        return self._entry_index[entry_id][0]

    def category_of(self, entry_id: str) -> Category:
        return self._entry_index[entry_id][1]

    @cached_property
    def _entry_index(self) -> dict[str, tuple[Entry, Category]]:
        return {e.id: (e, loaded.category) for loaded in self.categories for e in loaded.entries}


@dataclass(frozen=True)
class ContentSettings:
    """What the content is checked against; all of it comes from mkdocs.yml."""

    root: Path
    faq_dir: Path
    alerts_file: Path
    languages: list[str]
    default_language: str
    translation_fallback: bool = False
    docs_dir: Path | None = None


def load_help_center(settings: ContentSettings) -> HelpCenter:
    """Read and validate all content; raise ContentError listing every problem found."""
    loader = _Loader(settings)
    # Loading makes hundreds of thousands of objects and no garbage cycles: the cyclic garbage
    # collector, run every few hundred of them, would scan the growing content again and
    # again (a third of the load time on a 1,000-entry help center).
    collecting = gc.isenabled()
    gc.disable()
    try:
        return loader.load()
    finally:
        if collecting:
            gc.enable()


class _Loader:
    def __init__(self, settings: ContentSettings):
        self.settings = settings
        self.problems: list[Problem] = []
        self.fallbacks: dict[tuple[str, str, str], set[str]] = {}
        # Set when a file could not be read: its ids are unknown, so "points nowhere" would mislead.
        self.incomplete = False
        self.unvalidated_ids: set[str] = set()
        # Valid entries of a file whose category is not: still checked, so one run reports everything.
        self.orphan_entries: list[tuple[list[Entry], dict[str, Source]]] = []

    # -- reporting -------------------------------------------------------------------------
    def error(self, file: str, line: int | None, message: str) -> None:
        self.problems.append(Problem(file, line, message))

    def warn(self, file: str, line: int | None, message: str) -> None:
        self.problems.append(Problem(file, line, message, "warning"))

    def shown(self, path: Path) -> str:
        return display_path(path, self.settings.root)

    # -- files -----------------------------------------------------------------------------
    def read(self, path: Path) -> YamlDocument | None:
        shown = self.shown(path)
        try:
            raw = path.read_bytes()
        except OSError as exc:
            self.incomplete = True
            self.error(shown, None, f"cannot read the file: {exc.strerror}")
            return None
        try:
            text = raw.decode("utf-8-sig")
        except UnicodeDecodeError as exc:
            self.incomplete = True
            line = raw[: exc.start].count(b"\n") + 1
            self.error(
                shown,
                line,
                "the file is not saved as UTF-8 (this line has a character in another encoding, "
                "such as Windows-1251) — save the file with the UTF-8 encoding",
            )
            return None
        try:
            document = parse_yaml(text)
        except YamlSyntaxError as exc:
            self.incomplete = True
            self.error(shown, exc.line, exc.message)
            return None
        for key_path, first, again in document.duplicate_keys:
            label, key = _owner_and_key(document.data, key_path)
            self.error(
                shown, again, f"{label}key '{key}' appears twice (also on line {first}) — keep one of them"
            )
        return document

    def load(self) -> HelpCenter:
        settings = self.settings
        categories: list[LoadedCategory] = []
        faq_files = sorted(settings.faq_dir.glob("*.yml")) + sorted(settings.faq_dir.glob("*.yaml"))
        if not faq_files:
            self.error(
                self.shown(settings.faq_dir),
                None,
                "no FAQ files found — add at least one faq/<category>.yml (see CONTRIBUTING.md)",
            )
        for path in faq_files:
            loaded = self.load_category_file(path)
            if loaded:
                categories.append(loaded)
        alerts, alert_sources = self.load_alerts()

        self.check_unique_ids(categories)
        entry_ids = {e.id for c in categories for e in c.entries} | self.unvalidated_ids
        for entries, entry_sources in self.orphan_entries:
            self.check_entries(entries, entry_sources, entry_ids)
        for loaded in categories:
            self.check_category(loaded, entry_ids)
            # After the checks, which report each fallback as a warning.
            loaded.category = self.fill_translations(
                loaded.category, loaded.source, "category", loaded.category.id
            )
            loaded.entries = [
                self.fill_translations(e, loaded.entry_sources[e.id], "entry", e.id) for e in loaded.entries
            ]
        for alert, source in zip(alerts, alert_sources, strict=True):
            self.check_alert(alert, source, entry_ids)
        alerts = [
            self.fill_translations(a, s, "alert", a.id) for a, s in zip(alerts, alert_sources, strict=True)
        ]

        errors = [p for p in self.problems if p.severity == "error"]
        if errors:
            raise ContentError(self.problems)
        categories.sort(key=lambda c: (c.category.order, c.category.id))
        return HelpCenter(
            languages=list(settings.languages),
            default_language=settings.default_language,
            categories=categories,
            alerts=alerts,
            warnings=sorted(self.problems),
            fallbacks=self.fallbacks,
        )

    def load_category_file(self, path: Path) -> LoadedCategory | None:
        shown = self.shown(path)
        document = self.read(path)
        if document is None:
            return None
        data = document.data
        if data is None:
            self.error(shown, None, "the file is empty — a category file needs 'category:' and 'entries:'")
            return None
        if not isinstance(data, dict):
            self.error(shown, 1, "expected 'category:' and 'entries:' at the top of the file")
            return None
        source = Source(shown, document)
        self.check_keys(data, CategoryFile, source, label="the file")
        category = self.validate(
            Category, data.get("category"), Source(shown, document, ("category",)), "category"
        )
        raw_entries = data.get("entries")
        entries: list[Entry] = []
        entry_sources: dict[str, Source] = {}
        if isinstance(raw_entries, list):
            if not raw_entries:
                self.error(shown, source.line("entries"), "'entries' is empty — add at least one entry")
            for index, raw in enumerate(raw_entries):
                entry_source = Source(shown, document, ("entries", index))
                label = _entry_label(raw, index)
                entry = self.validate(Entry, raw, entry_source, label)
                if entry is None and isinstance(raw, dict) and isinstance(raw.get("id"), str):
                    # Its own errors are reported; don't also call links to it broken.
                    self.unvalidated_ids.add(raw["id"])
                if entry is not None:
                    entries.append(entry)
                    entry_sources.setdefault(entry.id, entry_source)
        elif "entries" in data:
            self.error(shown, source.line("entries"), f"'entries' must be {FIELD_KINDS['entries']}")
        if category is None:
            self.unvalidated_ids.update(entry_sources)
            self.orphan_entries.append((entries, entry_sources))
            return None
        return LoadedCategory(category, entries, Source(shown, document, ("category",)), entry_sources)

    def load_alerts(self) -> tuple[list[Alert], list[Source]]:
        path = self.settings.alerts_file
        if not path.exists():
            return [], []
        shown = self.shown(path)
        document = self.read(path)
        if document is None or document.data is None:
            return [], []
        data = document.data
        if not isinstance(data, dict):
            self.error(shown, 1, "expected 'alerts:' at the top of the file")
            return [], []
        source = Source(shown, document)
        self.check_keys(data, AlertsFile, source, label="the file")
        raw_alerts = data.get("alerts") or []
        if not isinstance(raw_alerts, list):
            self.error(shown, source.line("alerts"), f"'alerts' must be {FIELD_KINDS['alerts']}")
            return [], []
        alerts, sources = [], []
        for index, raw in enumerate(raw_alerts):
            alert_source = Source(shown, document, ("alerts", index))
            alert = self.validate(Alert, raw, alert_source, _entry_label(raw, index, "alert"))
            if alert is not None:
                alerts.append(alert)
                sources.append(alert_source)
        return alerts, sources

    # -- schema validation -----------------------------------------------------------------
    def check_keys(self, data: dict[str, Any], model: type[BaseModel], source: Source, label: str) -> None:
        allowed = list(model.model_fields)
        for key in data:
            if key not in allowed:
                self.error(source.file, source.line(key), _unknown_key_message(label, str(key), allowed))
        for name, info in model.model_fields.items():
            if info.is_required() and name not in data:
                self.error(source.file, source.line(), f"{label}: missing '{name}:' — add it")

    def validate(self, model: type[BaseModel], raw: Any, source: Source, label: str) -> Any:
        if raw is None:
            self.error(source.file, source.line(), f"{label} is empty — fill it in or remove it")
            return None
        if not isinstance(raw, dict):
            keys = ", ".join(list(model.model_fields)[:3])
            self.error(
                source.file,
                source.line(),
                f"{label} must be a map with keys like {keys}, not {_describe(raw)} — check the indentation",
            )
            return None
        # `es:` with nothing after it is an empty translation, like `es: ""`, not a type error.
        for name in LOCALIZED_FIELDS.get(model, ()):
            texts = raw.get(name)
            if isinstance(texts, dict) and None in texts.values():
                raw = {**raw, name: {k: "" if v is None else v for k, v in texts.items()}}
        try:
            return model.model_validate(raw)
        except ValidationError as exc:
            for error in exc.errors():
                loc = tuple(part for part in error["loc"] if part != "[key]")
                self.error(source.file, source.line(*loc), _validation_message(label, model, error))
            return None

    # -- rules across fields and files ---------------------------------------------------------
    def check_unique_ids(self, categories: list[LoadedCategory]) -> None:
        seen_categories: dict[str, str] = {}
        seen_entries: dict[str, str] = {}
        for loaded in categories:
            where = f"{loaded.source.file}:{loaded.source.line('id')}"
            first = seen_categories.setdefault(loaded.category.id, where)
            if first != where:
                self.error(
                    loaded.source.file,
                    loaded.source.line("id"),
                    f"category id '{loaded.category.id}' is already used at {first} — "
                    "category ids must be unique across faq/; rename one",
                )
            for entry in loaded.entries:
                source = loaded.entry_sources[entry.id]
                where = f"{source.file}:{source.line('id')}"
                first = seen_entries.setdefault(entry.id, where)
                if first != where:
                    self.error(
                        source.file,
                        source.line("id"),
                        f"entry '{entry.id}': id '{entry.id}' is already used at {first} — "
                        "entry ids must be unique across all of faq/; rename one",
                    )
            # Two entries with one id in the same file share a source; report each repeat too.
            ids = [e.id for e in loaded.entries]
            document = loaded.source.document
            raw_entries = document.data.get("entries") or []
            for entry_id in sorted({i for i in ids if ids.count(i) > 1}):
                lines = [
                    document.line_of(("entries", index, "id"))
                    for index, raw in enumerate(raw_entries)
                    if isinstance(raw, dict) and raw.get("id") == entry_id
                ]
                for line in lines[1:]:
                    self.error(
                        loaded.source.file,
                        line,
                        f"entry '{entry_id}': id '{entry_id}' is already used at "
                        f"{loaded.source.file}:{lines[0]} — "
                        "entry ids must be unique across all of faq/; rename one",
                    )

    def check_category(self, loaded: LoadedCategory, entry_ids: set[str]) -> None:
        self.check_texts(loaded.category, loaded.source, f"category '{loaded.category.id}'")
        self.check_entries(loaded.entries, loaded.entry_sources, entry_ids)

    def check_entries(self, entries: list[Entry], sources: dict[str, Source], entry_ids: set[str]) -> None:
        for entry in entries:
            source = sources[entry.id]
            label = f"entry '{entry.id}'"
            self.check_texts(entry, source, label)
            for language in entry.keywords:
                self.check_language_known(language, source, ("keywords", language), label, "keywords")
            for index, target in enumerate(entry.related):
                if target == entry.id:
                    self.error(
                        source.file,
                        source.line("related", index),
                        f"{label}: related '{target}' is the entry itself — remove it",
                    )
                elif target not in entry_ids and not self.incomplete:
                    self.error(
                        source.file,
                        source.line("related", index),
                        f"{label}: related '{target}' points nowhere — no entry has this id"
                        f"{_did_you_mean(target, entry_ids)}",
                    )

    def check_alert(self, alert: Alert, source: Source, entry_ids: set[str]) -> None:
        label = f"alert '{alert.id}'"
        self.check_texts(alert, source, label)
        for language, text in alert.text.items():
            if "\n" in text.strip():
                self.error(
                    source.file,
                    source.line("text", language),
                    f"{label}: the {language_name(language)} text has several lines — "
                    "an alert is one line; move details to the linked FAQ entry",
                )
        if alert.ends is not None and alert.ends <= alert.starts:
            self.error(
                source.file,
                source.line("ends"),
                f"{label}: ends ({alert.ends.isoformat()}) is not after starts "
                f"({alert.starts.isoformat()}) — fix one of the dates",
            )
        if alert.link and not self.incomplete and not self.link_exists(alert.link, entry_ids):
            self.error(
                source.file,
                source.line("link"),
                f"{label}: link '{alert.link}' points nowhere — use an FAQ entry id"
                f"{_did_you_mean(alert.link, entry_ids)} or a page under docs/ like contact.md",
            )

    def link_exists(self, link: str, entry_ids: set[str]) -> bool:
        if link in entry_ids:
            return True
        page = link.split("#", 1)[0]
        docs = self.settings.docs_dir
        if not page.endswith(".md") or docs is None:
            return False
        candidates = [docs / self.settings.default_language / page, docs / page]
        return any(candidate.is_file() for candidate in candidates)

    def check_texts(self, item: BaseModel, source: Source, label: str) -> None:
        for name in LOCALIZED_FIELDS[type(item)]:
            texts: dict[str, str] = getattr(item, name)
            for language in texts:
                self.check_language_known(language, source, (name, language), label, name)
            for language in self.settings.languages:
                text = texts.get(language)
                if text is not None and text.strip():
                    continue
                state = "missing" if text is None else "empty"
                line = source.line(name, language) if text is not None else source.line(name)
                what = f"'{language}' {name} is {state}"
                if self.settings.translation_fallback and language != self.settings.default_language:
                    self.warn(
                        source.file,
                        line,
                        f"{label}: {what} — showing the {language_name(self.settings.default_language)}"
                        f" text instead; add the {language_name(language)} {name}",
                    )
                else:
                    self.error(
                        source.file,
                        line,
                        f"{label}: {what} — add the {language_name(language)} {name}"
                        + ("" if language == self.settings.default_language else FALLBACK_HINT),
                    )
        for name, language, text in _all_texts(item):
            for risk in find_script_risks(text):
                self.error(
                    source.file,
                    source.line(name, language),
                    f"{label}: the {language_name(language)} {name} "
                    f"{'contain' if name == 'keywords' else 'contains'} {risk}, which could run "
                    "script in a customer's browser — remove it and use Markdown instead of HTML",
                )

    def check_language_known(self, language: str, source: Source, path: Path_, label: str, name: str) -> None:
        if language not in self.settings.languages:
            known = ", ".join(self.settings.languages)
            self.error(
                source.file,
                source.line(*path),
                f"{label}: {name} has a '{language}' text but the site's languages are {known} — "
                f"remove it or add '{language}' to the i18n languages in mkdocs.yml"
                f"{_did_you_mean(language, self.settings.languages)}",
            )

    def fill_translations(self, item: Any, source: Source, kind: str, item_id: str) -> Any:
        """Copy the default language's text into missing ones, when fallback is allowed."""
        if not self.settings.translation_fallback:
            return item
        default = self.settings.default_language
        updates: dict[str, dict[str, str]] = {}
        for name in LOCALIZED_FIELDS[type(item)]:
            texts = dict(getattr(item, name))
            for language in self.settings.languages:
                if not (texts.get(language) or "").strip() and (texts.get(default) or "").strip():
                    texts[language] = texts[default]
                    self.fallbacks.setdefault((kind, item_id, name), set()).add(language)
            updates[name] = texts
        return item.model_copy(update=updates)


def _all_texts(item: BaseModel) -> Iterable[tuple[str, str, str]]:
    for name in LOCALIZED_FIELDS[type(item)]:
        for language, text in getattr(item, name).items():
            yield name, language, text
    if isinstance(item, Entry):
        for language, words in item.keywords.items():
            for word in words:
                yield "keywords", language, word


def _entry_label(raw: Any, index: int, kind: str = "entry") -> str:
    if isinstance(raw, dict) and isinstance(raw.get("id"), str) and raw["id"]:
        return f"{kind} '{raw['id']}'"
    return f"{kind} #{index + 1} (no id)"


def _owner_and_key(data: Any, key_path: Path_) -> tuple[str, str]:
    """("entry 'x': ", "answer.es") for a key inside an entry or alert; ("category: ", ...) likewise."""
    rest = key_path
    label = ""
    if len(key_path) > 2 and key_path[0] in ("entries", "alerts") and isinstance(key_path[1], int):
        items = data.get(key_path[0]) if isinstance(data, dict) else None
        raw = items[key_path[1]] if isinstance(items, list) and key_path[1] < len(items) else None
        label = _entry_label(raw, key_path[1], "entry" if key_path[0] == "entries" else "alert") + ": "
        rest = key_path[2:]
    elif len(key_path) > 1 and key_path[0] == "category":
        label, rest = "category: ", key_path[1:]
    return label, ".".join(str(part) for part in rest)


def _did_you_mean(word: str, choices: Iterable[str]) -> str:
    close = difflib.get_close_matches(word, list(choices), n=1, cutoff=0.6)
    return f" (did you mean '{close[0]}'?)" if close else ""


def _unknown_key_message(label: str, key: str, allowed: list[str]) -> str:
    return (
        f"{label}: unknown key '{key}'{_did_you_mean(key, allowed)} — allowed keys are {', '.join(allowed)}"
    )


def _describe(value: Any) -> str:
    kinds = {
        str: "a text",
        int: "a number",
        float: "a decimal number",
        bool: "true/false",
        list: "a list",
        dict: "a map",
        type(None): "nothing",
    }
    return kinds.get(type(value), type(value).__name__)


def _validation_message(label: str, model: type[BaseModel], error: dict[str, Any]) -> str:
    loc = [part for part in error["loc"]]
    kind = error["type"]
    value = error.get("input")
    field_name = next((str(p) for p in loc if isinstance(p, str) and p != "[key]"), "")
    where = "'" + ".".join(str(p) for p in loc if p != "[key]") + "'"
    if kind == "extra_forbidden":
        parent: type[BaseModel] = model
        return _unknown_key_message(label, str(loc[-1]), list(parent.model_fields))
    if kind == "missing":
        return f"{label}: missing '{loc[-1]}:' — add it"
    if "[key]" in loc:
        return (
            f"{label}: '{value}' in {field_name} is not a language code — use codes like ru, en, es as keys"
        )
    if kind == "string_pattern_mismatch" and field_name in ("id", "related", "call_reasons"):
        what = {"id": "id", "related": "related id", "call_reasons": "call reason code"}[field_name]
        return (
            f"{label}: {what} '{value}' is not a valid id — use lowercase letters, digits and "
            "hyphens, like 'where-is-my-order'"
        )
    if kind == "string_too_long":
        return f"{label}: {where} is too long — keep it under {error['ctx']['max_length']} characters"
    if field_name == "reviewed":
        return f"{label}: reviewed '{value}' is not a date — write it as YYYY-MM-DD, like 2026-11-01"
    if kind == "timezone_aware" and isinstance(value, str) and not any(c in value for c in "Tt "):
        return (
            f"{label}: {field_name} '{value}' has no time and no timezone — add both, "
            f"like {value}T09:00:00+03:00 (Moscow) or {value}T06:00:00Z (UTC)"
        )
    if kind == "timezone_aware":
        return (
            f"{label}: {field_name} '{value}' has no timezone — add one, "
            f"like {value}+03:00 (Moscow) or {value}Z (UTC)"
        )
    if field_name in ("starts", "ends") and kind.startswith("datetime"):
        return (
            f"{label}: {field_name} '{value}' is not a date and time — "
            "write it like 2026-11-20T09:00:00+03:00"
        )
    if kind == "literal_error":
        return f"{label}: {field_name} '{value}' is not one of {error['ctx']['expected']}"
    if kind == "too_short" and field_name == "entries":
        return f"{label}: 'entries' is empty — add at least one entry"
    expected = FIELD_KINDS.get(field_name)
    if expected and (len(loc) == 1 or field_name in ("keywords",)):
        return f"{label}: {field_name} must be {expected}, not {_describe(value)}"
    if kind in ("string_type",):
        return f"{label}: {where} must be a text, not {_describe(value)} — put it in quotes if it is a number"
    if kind in ("int_type", "int_parsing", "int_from_float"):
        return f"{label}: {where} must be a whole number, not '{value}'"
    return f"{label}: {where}: {error['msg']}"
