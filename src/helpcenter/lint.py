"""`helpcenter check` beyond the schema: what makes content wrong for a customer although it loads.

Each check looks at the loaded content (one model, the same the site is built from) and at the
Markdown pages in `docs/<language>/`:

- translations: entries and pages missing, or falling back to the default language, per language;
- stale: entries whose `reviewed:` date is older than `stale_after_days`, pages not changed as long;
- consistency: the phone numbers, e-mail addresses, links, amounts, periods, dates and times of
  each language's version of an entry or page, compared with the default language's;
- links: relative links from answers and pages to pages, entries and headings that do not exist;
- duplicates: questions that are the same, or nearly, within one language;
- call-reasons: `call_reasons` codes that `call_reasons.yml` does not list;
- script: raw HTML or attribute lists in pages that could run script (the build refuses them;
  in entries the content check already does).

Every finding names a file and a line and says how to fix it. Pure code, no MkDocs: the CLI
gathers the settings from mkdocs.yml.
"""

from __future__ import annotations

import datetime as dt
import difflib
import functools
import os
import posixpath
import re
import subprocess
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field, replace
from functools import cached_property
from pathlib import Path
from typing import Any
from urllib.parse import unquote

import yaml

from helpcenter import facts as factlib
from helpcenter.call_reasons import load_call_reasons
from helpcenter.content import ContentSettings, HelpCenter, language_name
from helpcenter.model import Entry
from helpcenter.problems import Problem, Severity, display_path
from helpcenter.safety import script_risks
from helpcenter.yamlsource import YamlDocument, YamlSyntaxError, parse_yaml

# Check name -> the title of its findings (GitHub shows it above the annotation).
CHECKS: dict[str, str] = {
    "schema": "Content error",
    "translations": "Missing translation",
    "stale": "Stale content",
    "consistency": "Languages disagree",
    "links": "Broken link",
    "duplicates": "Duplicate question",
    "call-reasons": "Call reasons",
    "script": "Could run script",
}
LEVELS = ("error", "warning", "off")
TODAY_ENVIRONMENT_VARIABLE = "HELPCENTER_TODAY"


class LintConfigError(ValueError):
    """A setting of the checks (mkdocs.yml, --today) is not usable."""


@dataclass(frozen=True)
class Finding:
    """One thing to fix: where, what and how, with its severity and the check that found it."""

    file: str
    line: int | None
    message: str
    severity: Severity = "error"
    check: str = "schema"

    def __str__(self) -> str:
        return str(Problem(self.file, self.line, self.message, self.severity))

    @property
    def title(self) -> str:
        return CHECKS.get(self.check, "Content")

    @classmethod
    def from_problem(cls, problem: Problem, check: str = "schema") -> Finding:
        return cls(problem.file, problem.line, problem.message, problem.severity, check)


def sort_findings(findings: Iterable[Finding]) -> list[Finding]:
    return sorted(findings, key=lambda f: (f.file, f.line or 0, f.message))


@dataclass(frozen=True)
class LintSettings:
    """What the checks need, all of it from mkdocs.yml except `today`."""

    content: ContentSettings
    today: dt.date
    # language -> the folder of its Markdown pages (docs/<language>/ with mkdocs-static-i18n)
    page_dirs: Mapping[str, Path]
    faq_url: str = "faq"
    generated_pages: tuple[str, ...] = ("status.md",)
    # mkdocs-static-i18n's fallback_to_default: a missing page shows the default language's
    page_fallback: bool = False
    call_reasons_file: Path | None = None
    stale_after_days: int = 180
    duplicate_threshold: float = 0.8
    levels: Mapping[str, str] = field(default_factory=dict)
    markdown_extensions: tuple[Any, ...] = ("toc", "attr_list", "md_in_html")
    markdown_configs: Mapping[str, Any] = field(default_factory=dict)
    # said once in the report, like "pages are not checked because ..."
    notes: tuple[str, ...] = ()


@dataclass
class LanguageCoverage:
    language: str
    entries: int
    entries_total: int
    entries_fallback: int
    pages: int
    pages_total: int
    pages_fallback: int

    @staticmethod
    def percent(part: int, total: int) -> int:
        # Rounded down: 99.6% is not 100%, so a missing entry never hides behind the rounding.
        return 100 if total == 0 else part * 100 // total


@dataclass
class LintReport:
    findings: list[Finding]
    coverage: list[LanguageCoverage] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    # what was checked, for the summary line
    counts: dict[str, int] = field(default_factory=dict)
    languages: list[str] = field(default_factory=list)
    default_language: str = ""
    # codes of call_reasons.yml that no entry answers: gaps, not mistakes
    unanswered_reasons: list[str] = field(default_factory=list)
    loaded: bool = True

    @property
    def errors(self) -> list[Finding]:
        return [f for f in self.findings if f.severity == "error"]

    @property
    def warnings(self) -> list[Finding]:
        return [f for f in self.findings if f.severity == "warning"]

    def failed(self, strict: bool = False, max_warnings: int | None = None) -> bool:
        """Errors always fail; warnings fail with strict, or when more than max_warnings."""
        if self.errors:
            return True
        if strict:
            return bool(self.warnings)
        return max_warnings is not None and len(self.warnings) > max_warnings


def parse_today(value: str | None) -> dt.date:
    """The day stale content is measured from: YYYY-MM-DD (HELPCENTER_TODAY), else today."""
    if not value:
        return dt.date.today()
    text = value.strip()
    try:
        return (
            dt.date.fromisoformat(text[:10])
            if len(text) > 10 and text[10] in "T "
            else dt.date.fromisoformat(text)
        )
    except ValueError:
        raise LintConfigError(f"'{value}' is not a date — write it as YYYY-MM-DD, like 2026-11-23") from None


def validate_levels(levels: Mapping[str, Any]) -> dict[str, str]:
    checked: dict[str, str] = {}
    known = [name for name in CHECKS if name != "schema"]
    for name, level in levels.items():
        if name not in known:
            hint = difflib.get_close_matches(str(name), known, n=1)
            raise LintConfigError(
                f"check_levels: unknown check '{name}'"
                + (f" (did you mean '{hint[0]}'?)" if hint else "")
                + f" — the checks are {', '.join(known)}"
            )
        if level not in LEVELS:
            raise LintConfigError(
                f"check_levels: {name}: '{level}' is not a level — use error, warning or off"
            )
        checked[str(name)] = str(level)
    return checked


def schema_report(problems: Iterable[Problem], languages: list[str], default_language: str) -> LintReport:
    """The report when the content does not load: only the schema errors, the rest cannot run."""
    return LintReport(
        findings=sort_findings(Finding.from_problem(p) for p in problems),
        languages=languages,
        default_language=default_language,
        loaded=False,
    )


def lint(help_center: HelpCenter, settings: LintSettings) -> LintReport:
    """Run every check on loaded content; the loader's own warnings are included."""
    return _Linter(help_center, settings).run()


# -- texts and where they are ---------------------------------------------------------------------


@dataclass(frozen=True)
class _Text:
    """One language's version of a text, and how to find a character's line in its file."""

    file: str
    language: str
    owner: str  # "entry 'x'", "alert 'y'", or "" for a page
    field: str  # "question", "answer", "text", "page", ...
    text: str
    line: int | None  # line of the text's first character, or of its key
    block: bool  # each line of the text is a line of the file (Markdown files, `|` blocks)
    page: str | None = None  # the page it is rendered into, inside the language folder, for links
    category: str | None = None  # for entries: the category whose page holds it

    @property
    def who(self) -> str:
        """ "entry 'x': the Spanish answer", or "the Spanish page"."""
        what = f"the {language_name(self.language)} {self.field}"
        return f"{self.owner}: {what}" if self.owner else what

    @property
    def what(self) -> str:
        """ "the Spanish answer" """
        return f"the {language_name(self.language)} {self.field}"

    def line_at(self, offset: int) -> int | None:
        if self.line is None or not self.block:
            return self.line
        return self.line + self.text.count("\n", 0, offset)


_LITERAL_BLOCK = re.compile(r":\s*\|[-+]?[1-9]?[-+]?\s*(?:#.*)?$")
_FRONT_MATTER = re.compile(r"\A---[ \t]*\n(.*?\n)?---[ \t]*\n", re.DOTALL)


class _Linter:
    def __init__(self, help_center: HelpCenter, settings: LintSettings):
        self.hc = help_center
        self.settings = settings
        self.content = settings.content
        self.languages = list(help_center.languages)
        self.default = help_center.default_language
        self.findings: list[Finding] = list(
            Finding.from_problem(p, "translations") for p in help_center.warnings
        )
        self.notes: list[str] = list(settings.notes)
        self._raw_lines: dict[str, list[str]] = {}
        self._page_ids: dict[Path, set[str]] = {}

    # -- helpers --------------------------------------------------------------------------------
    def add(self, check: str, file: str, line: int | None, message: str, severity: Severity) -> None:
        self.findings.append(Finding(file, line, message, severity, check))

    def shown(self, path: Path) -> str:
        return display_path(path, self.content.root)

    def raw_lines(self, file: str) -> list[str]:
        if file not in self._raw_lines:
            try:
                text = (self.content.root / file).read_text(encoding="utf-8-sig")
            except (OSError, UnicodeDecodeError):
                text = ""
            self._raw_lines[file] = text.splitlines()
        return self._raw_lines[file]

    def yaml_text(self, file: str, key_line: int | None, **kw: Any) -> _Text:
        """A text from a YAML file: a `|` block maps line to line, anything else to its key."""
        lines = self.raw_lines(file)
        block = bool(key_line and key_line <= len(lines) and _LITERAL_BLOCK.search(lines[key_line - 1]))
        return _Text(file=file, line=(key_line + 1) if block and key_line else key_line, block=block, **kw)

    def fell_back(self, kind: str, item_id: str, name: str, language: str) -> bool:
        return language in self.hc.fallbacks.get((kind, item_id, name), set())

    @cached_property
    def entry_texts(self) -> dict[str, dict[str, list[_Text]]]:
        """entry id -> language -> its question and answer as texts (own translations only)."""
        texts: dict[str, dict[str, list[_Text]]] = {}
        for loaded in self.hc.categories:
            page = posixpath.join(self.settings.faq_url, f"{loaded.category.id}.md")
            for entry in loaded.entries:
                source = loaded.entry_sources[entry.id]
                per_language: dict[str, list[_Text]] = {}
                for language in self.languages:
                    for name in ("question", "answer"):
                        if self.fell_back("entry", entry.id, name, language):
                            continue
                        per_language.setdefault(language, []).append(
                            self.yaml_text(
                                source.file,
                                source.line(name, language),
                                language=language,
                                owner=f"entry '{entry.id}'",
                                field=name,
                                text=getattr(entry, name).get(language, ""),
                                page=page if name == "answer" else None,
                                category=loaded.category.id,
                            )
                        )
                texts[entry.id] = per_language
        return texts

    @cached_property
    def pages(self) -> dict[str, dict[str, Path]]:
        """Page path inside a language folder (`guides/x.md`) -> language -> file."""
        found: dict[str, dict[str, Path]] = {}
        for language in self.languages:
            folder = self.settings.page_dirs.get(language)
            if folder is None or not folder.is_dir():
                continue
            for path in sorted(folder.rglob("*.md")):
                relative = path.relative_to(folder).as_posix()
                found.setdefault(relative, {})[language] = path
        return found

    def page_text(self, path: Path, language: str) -> _Text:
        try:
            text = _without_metadata(path.read_text(encoding="utf-8-sig"))
        except (OSError, UnicodeDecodeError):
            text = ""
        folder = self.settings.page_dirs[language]
        return _Text(
            file=self.shown(path),
            language=language,
            owner="",
            field="page",
            text=text,
            line=1,
            block=True,
            page=path.relative_to(folder).as_posix(),
        )

    # -- run ------------------------------------------------------------------------------------
    def run(self) -> LintReport:
        coverage = self.check_translations()
        self.check_stale()
        self.check_consistency()
        self.check_links()
        self.check_duplicates()
        self.check_scripts()
        unanswered = self.check_call_reasons()
        findings = self.apply_levels(self.findings)
        return LintReport(
            findings=sort_findings(findings),
            coverage=coverage,
            notes=self.notes,
            counts={
                "categories": len(self.hc.categories),
                "entries": len(self.hc.entries),
                "alerts": len(self.hc.alerts),
                "pages": len(self.pages),
            },
            languages=self.languages,
            default_language=self.default,
            unanswered_reasons=unanswered,
        )

    def apply_levels(self, findings: list[Finding]) -> list[Finding]:
        levels = self.settings.levels
        kept = []
        for finding in findings:
            level = levels.get(finding.check)
            if level == "off":
                continue
            if level in ("error", "warning"):
                finding = replace(finding, severity=level)  # type: ignore[arg-type]
            kept.append(finding)
        return kept

    # -- translations ---------------------------------------------------------------------------
    def check_translations(self) -> list[LanguageCoverage]:
        entries = self.hc.entries
        coverage = []
        for language in self.languages:
            fallback_entries = sum(
                1
                for entry in entries
                if any(self.fell_back("entry", entry.id, name, language) for name in ("question", "answer"))
            )
            present = sum(1 for versions in self.pages.values() if language in versions)
            missing = len(self.pages) - present
            coverage.append(
                LanguageCoverage(
                    language=language,
                    entries=len(entries) - fallback_entries,
                    entries_total=len(entries),
                    entries_fallback=fallback_entries,
                    pages=present,
                    pages_total=len(self.pages),
                    pages_fallback=missing if self.settings.page_fallback else 0,
                )
            )
        for relative, versions in sorted(self.pages.items()):
            if self.default not in versions:
                # Written in another language first: the default language's page is what is missing.
                folder = self.settings.page_dirs.get(self.default)
                missing = self.shown(folder / relative) if folder else relative
                self.add(
                    "translations",
                    self.shown(next(iter(versions.values()))),
                    1,
                    f"this page has no {language_name(self.default)} version ({missing} is missing) — "
                    "write it, or remove the page from every language",
                    "error",
                )
                continue
            source = self.shown(versions[self.default])
            for language in self.languages:
                if language in versions:
                    continue
                folder = self.settings.page_dirs.get(language)
                missing = self.shown(folder / relative) if folder else relative
                name = language_name(language)
                severity: Severity
                if self.settings.page_fallback:
                    message = (
                        f"this page has no {name} version: the {name} site shows the "
                        f"{language_name(self.default)} page instead — translate it into {missing}"
                    )
                    severity = "warning"
                else:
                    message = (
                        f"this page has no {name} version: {missing} is missing, so the {name} site "
                        f"has no such page — translate it into {missing}"
                    )
                    severity = "error"
                self.add("translations", source, 1, message, severity)
        return coverage

    # -- stale ----------------------------------------------------------------------------------
    def check_stale(self) -> None:
        limit = self.settings.stale_after_days
        today = self.settings.today
        for loaded in self.hc.categories:
            for entry in loaded.entries:
                source = loaded.entry_sources[entry.id]
                if entry.reviewed is None:
                    self.add(
                        "stale",
                        source.file,
                        source.line("id"),
                        f"entry '{entry.id}': no 'reviewed:' date — when a person has checked the answer "
                        f"in every language, add reviewed: {today.isoformat()}",
                        "warning",
                    )
                    continue
                age = (today - entry.reviewed).days
                if age > limit:
                    self.add(
                        "stale",
                        source.file,
                        source.line("reviewed"),
                        f"entry '{entry.id}': reviewed {entry.reviewed.isoformat()}, {age} days ago "
                        f"(more than {limit}) — check that the answer is still right in every language, "
                        f"then set reviewed: {today.isoformat()}",
                        "warning",
                    )
        paths = [path for versions in self.pages.values() for path in versions.values()]
        changed = last_changed(paths, self.notes)
        for path in paths:
            reviewed = _front_matter_date(path)
            when = (
                max(d for d in (changed.get(path), reviewed) if d is not None)
                if (changed.get(path) or reviewed)
                else None
            )
            if when is None:
                continue
            age = (today - when).days
            if age > limit:
                self.add(
                    "stale",
                    self.shown(path),
                    1,
                    f"this page has not changed for {age} days (since {when.isoformat()}; more than "
                    f"{limit}) — check that it is still right, then add reviewed: {today.isoformat()} to "
                    "its front matter (or update it)",
                    "warning",
                )

    # -- consistency ----------------------------------------------------------------------------
    def check_consistency(self) -> None:
        for per_language in self.entry_texts.values():
            self.compare(per_language)
        for loaded in self.hc.categories:
            category = loaded.category
            per_language = {}
            for language in self.languages:
                per_language[language] = [
                    self.yaml_text(
                        loaded.source.file,
                        loaded.source.line(name, language),
                        language=language,
                        owner=f"category '{category.id}'",
                        field=name,
                        text=getattr(category, name).get(language, ""),
                    )
                    for name in ("title", "description")
                    if not self.fell_back("category", category.id, name, language)
                ]
            self.compare(per_language)
        for alert in self.hc.alerts:
            source_file, line_of = self.alert_source(alert.id)
            if source_file is None:
                continue
            per_language = {
                language: [
                    self.yaml_text(
                        source_file,
                        line_of(language),
                        language=language,
                        owner=f"alert '{alert.id}'",
                        field="text",
                        text=alert.text.get(language, ""),
                    )
                ]
                for language in self.languages
                if not self.fell_back("alert", alert.id, "text", language)
            }
            self.compare(per_language)
        for versions in self.pages.values():
            self.compare({language: [self.page_text(path, language)] for language, path in versions.items()})

    @cached_property
    def alerts_document(self) -> YamlDocument | None:
        path = self.content.alerts_file
        try:
            return parse_yaml(path.read_text(encoding="utf-8-sig")) if path.is_file() else None
        except (YamlSyntaxError, OSError, UnicodeDecodeError):
            return None

    def alert_source(self, alert_id: str) -> tuple[str | None, Any]:
        """The alerts file as shown, and a function from a language to the line of its text."""
        document = self.alerts_document
        raw = document.data.get("alerts") if document and isinstance(document.data, dict) else None
        for index, item in enumerate(raw if isinstance(raw, list) else []):
            if isinstance(item, dict) and item.get("id") == alert_id:
                assert document is not None
                return self.shown(self.content.alerts_file), lambda language, i=index: document.line_of(
                    ("alerts", i, "text", language)
                )
        return None, None

    def compare(self, per_language: Mapping[str, list[_Text]]) -> None:
        reference = per_language.get(self.default)
        if not reference:
            return
        for language, texts in per_language.items():
            if language == self.default or not texts:
                continue
            # A field that falls back to the default language has nothing of its own to compare.
            fields = {text.field for text in texts}
            reference_facts = _facts_of([text for text in reference if text.field in fields])
            own = _facts_of(texts)
            for kind in factlib.KIND_NAMES:
                expected = [(f, t) for f, t in reference_facts if f.kind == kind]
                found = [(f, t) for f, t in own if f.kind == kind]
                missing = [(f, t) for f, t in expected if not any(f.matches(g) for g, _ in found)]
                extra = [(f, t) for f, t in found if not any(f.matches(g) for g, _ in expected)]
                for (theirs, their_text), (ours, our_text) in zip(extra, missing, strict=False):
                    self.add(
                        "consistency",
                        their_text.file,
                        their_text.line_at(theirs.offset),
                        f'{their_text.who} says "{theirs.text}" where {our_text.what} says '
                        f'"{ours.text}" ({our_text.file}:{our_text.line_at(ours.offset)}) — '
                        f"make the {factlib.KIND_NAMES[kind]} the same in every language",
                        "error",
                    )
                for theirs, their_text in extra[len(missing) :]:
                    counterpart = _same_field(reference, their_text)
                    self.add(
                        "consistency",
                        their_text.file,
                        their_text.line_at(theirs.offset),
                        f'{their_text.who} says "{theirs.text}", which {counterpart.what} does not '
                        f"({counterpart.file}:{counterpart.line}) — check the {factlib.KIND_NAMES[kind]} "
                        f"against the {language_name(self.default)} text",
                        "error",
                    )
                for ours, our_text in missing[len(extra) :]:
                    counterpart = _same_field(texts, our_text)
                    self.add(
                        "consistency",
                        counterpart.file,
                        counterpart.line,
                        f'{counterpart.who} does not say "{ours.text}" as {our_text.what} does '
                        f"({our_text.file}:{our_text.line_at(ours.offset)}) — add it, or check the "
                        f"{language_name(self.default)} text",
                        "error",
                    )

    # -- links ----------------------------------------------------------------------------------
    @cached_property
    def category_entries(self) -> dict[str, set[str]]:
        return {loaded.category.id: {e.id for e in loaded.entries} for loaded in self.hc.categories}

    @cached_property
    def entry_category(self) -> dict[str, str]:
        return {e: c for c, ids in self.category_entries.items() for e in ids}

    def check_links(self) -> None:
        for per_language in self.entry_texts.values():
            for texts in per_language.values():
                for text in texts:
                    if text.page is not None:
                        self.check_links_in(text)
        for versions in self.pages.values():
            for language, path in versions.items():
                self.check_links_in(self.page_text(path, language))

    def check_scripts(self) -> None:
        for versions in self.pages.values():
            for language, path in versions.items():
                text = self.page_text(path, language)
                for risk in script_risks(text.text):
                    self.add(
                        "script",
                        text.file,
                        risk.line,
                        f"{text.who} contains {risk.what}, which could run script in a customer's"
                        " browser — remove it and use Markdown instead of HTML",
                        "error",
                    )

    def check_links_in(self, text: _Text) -> None:
        assert text.page is not None
        for offset, target in _links(text.text):
            problem = self.link_problem(target, text)
            if problem:
                self.add(
                    "links",
                    text.file,
                    text.line_at(offset),
                    f"{_links_to(text)} '{target}', {problem}",
                    "error",
                )

    def link_problem(self, target: str, text: _Text) -> str | None:
        """Why `target` (as written in `text`) leads nowhere, with the fix; None when it works."""
        if not target or re.match(r"^[a-zA-Z][a-zA-Z0-9+.-]*:", target) or target.startswith(("/", "//")):
            return None  # web, mail and phone links, and absolute paths, are not checked here
        path_part, _, anchor = target.partition("#")
        path_part = unquote(path_part.split("?", 1)[0])
        assert text.page is not None
        page = (
            text.page
            if not path_part
            else posixpath.normpath(posixpath.join(posixpath.dirname(text.page), path_part))
        )
        language = text.language
        folder = self.settings.page_dirs.get(language)
        faq_prefix = self.settings.faq_url.strip("/") + "/"
        if page.startswith(faq_prefix) and page.endswith(".md") and "/" not in page[len(faq_prefix) :]:
            category = page[len(faq_prefix) : -3]
            if category in self.category_entries:
                return self.entry_anchor_problem(category, anchor, text)
            if folder is None or not (folder / page).is_file():
                known = ", ".join(f"{c}.md" for c in sorted(self.category_entries))
                return (
                    f"but there is no category '{category}' — the pages under {faq_prefix} are made from "
                    f"{self.shown(self.content.faq_dir)}/*.yml: {known}"
                )
        if page in self.settings.generated_pages:
            return None
        if page.startswith("../"):
            return (
                None
                if folder is not None and (folder / page).exists()
                else (
                    f"which does not exist ({self.shown(folder / page) if folder else page}) — fix the link"
                )
            )
        if folder is not None and (folder / page).is_file():
            if not anchor or not page.endswith(".md"):
                return None
            ids = self.page_ids(folder / page)
            if anchor in ids:
                return None
            return (
                f"but {self.shown(folder / page)} has no heading or anchor '{anchor}' — link to one of its "
                f"headings{_did_you_mean(anchor, ids, cutoff=0.5)}"
            )
        if any(
            (self.settings.page_dirs[other] / page).is_file()
            for other in self.languages
            if other != language and other in self.settings.page_dirs
        ):
            return None  # the page exists in another language: reported once as a missing translation
        candidates = [posixpath.relpath(p, posixpath.dirname(text.page) or ".") for p in self.pages] + [
            posixpath.relpath(f"{faq_prefix}{c}.md", posixpath.dirname(text.page) or ".")
            for c in self.category_entries
        ]
        missing = self.shown(folder / page) if folder else page
        return f"which does not exist (no {missing}) — fix the link{_did_you_mean(path_part, candidates)}"

    def entry_anchor_problem(self, category: str, anchor: str, text: _Text) -> str | None:
        ids = self.category_entries[category]
        if not anchor or anchor in ids:
            return None
        owner = self.entry_category.get(anchor)
        if owner is not None:
            right = posixpath.relpath(
                posixpath.join(self.settings.faq_url, f"{owner}.md"),
                posixpath.dirname(text.page or "") or ".",
            )
            right = (
                "" if owner == text.category and text.page and text.page.endswith(f"/{owner}.md") else right
            )
            return (
                f"but entry '{anchor}' is in the {owner} category, not {category} — link to {right}#{anchor}"
            )
        return (
            f"but no entry has the id '{anchor}' in the {category} category"
            f"{_did_you_mean(anchor, self.entry_category)} — use the id of an entry in faq/*.yml"
        )

    def page_ids(self, path: Path) -> set[str]:
        if path not in self._page_ids:
            self._page_ids[path] = _rendered_ids(path, self.settings)
        return self._page_ids[path]

    # -- duplicates -----------------------------------------------------------------------------
    def check_duplicates(self) -> None:
        threshold = self.settings.duplicate_threshold
        entries: list[tuple[Entry, Any]] = [
            (entry, loaded.entry_sources[entry.id])
            for loaded in self.hc.categories
            for entry in loaded.entries
        ]
        # Report each pair once, at the later entry, with every language where they are alike.
        pairs: dict[tuple[int, int], list[tuple[str, float]]] = {}
        for language in self.languages:
            questions = []
            for index, (entry, _) in enumerate(entries):
                if self.fell_back("entry", entry.id, "question", language):
                    continue
                normal = _normal(entry.question.get(language, ""))
                if normal:
                    questions.append((index, normal, _Question.of(normal)))
            for i, (a, normal_a, question_a) in enumerate(questions):
                for b, normal_b, question_b in questions[i + 1 :]:
                    if normal_a == normal_b:
                        pairs.setdefault((a, b), []).append((language, 1.0))
                        continue
                    # A cheap bound first, so that thousands of entries take seconds.
                    if not question_a.could_reach(question_b, threshold):
                        continue
                    score = min(_similarity(question_a, question_b), 0.99)
                    if score >= threshold:
                        pairs.setdefault((a, b), []).append((language, score))
        for (a, b), alike in sorted(pairs.items()):
            first, first_source = entries[a]
            second, second_source = entries[b]
            language = alike[0][0]
            where = f"{first_source.file}:{first_source.line('question', language)}"
            exact = all(score >= 1.0 for _, score in alike)
            languages = ", ".join(language_name(lang) for lang, _ in alike)
            how = (
                f"the same as entry '{first.id}' (\"{first.question[language]}\", {where}) in {languages}"
                if exact
                else f"almost the same as entry '{first.id}' (\"{first.question[language]}\", {where}): "
                f"{int(max(score for _, score in alike) * 100)}% alike in {languages}"
            )
            self.add(
                "duplicates",
                second_source.file,
                second_source.line("question", language),
                f"entry '{second.id}': the question \"{second.question[language]}\" is {how} — merge the "
                "two entries, or word the questions so that a customer can tell them apart",
                "error" if exact else "warning",
            )

    # -- call reasons ---------------------------------------------------------------------------
    def check_call_reasons(self) -> list[str]:
        path = self.settings.call_reasons_file
        if path is None:
            return []
        reasons = load_call_reasons(path, self.content.root, self.languages)
        used = {code for entry in self.hc.entries for code in entry.call_reasons}
        if reasons is None:
            if used:
                self.notes.append(
                    f"{self.shown(path)} not found, so the entries' call_reasons codes are not checked — "
                    "list every code there with its name in each language"
                )
            return []
        for problem in reasons.problems:
            self.findings.append(Finding.from_problem(problem, "call-reasons"))
        known = set(reasons.reasons)
        for loaded in self.hc.categories:
            for entry in loaded.entries:
                source = loaded.entry_sources[entry.id]
                for index, code in enumerate(entry.call_reasons):
                    if code not in known:
                        self.add(
                            "call-reasons",
                            source.file,
                            source.line("call_reasons", index),
                            f"entry '{entry.id}': call reason '{code}' is not in {reasons.file}"
                            f"{_did_you_mean(code, known)} — use a code from {reasons.file}, or add it "
                            "there with its name in every language",
                            "error",
                        )
        return sorted(known - used)


# -- helpers ------------------------------------------------------------------------------------


def _facts_of(texts: list[_Text]) -> list[tuple[factlib.Fact, _Text]]:
    """The facts of one language's texts, each key once (its first mention)."""
    seen: dict[tuple[str, str], tuple[factlib.Fact, _Text]] = {}
    for text in texts:
        for fact in _extract(text.text, text.language):
            seen.setdefault((fact.kind, fact.key), (fact, text))
    return list(seen.values())


@functools.lru_cache(maxsize=4096)
def _extract(text: str, language: str) -> tuple[factlib.Fact, ...]:
    # The default language's texts are compared with each other language: read them once.
    return tuple(factlib.extract(text, language))


def _same_field(texts: list[_Text], like: _Text) -> _Text:
    """The text of `texts` that is the same field as `like` (the answer for an answer)."""
    return next((t for t in texts if t.field == like.field), texts[0])


def _links_to(text: _Text) -> str:
    return f"{text.who} links to" if text.owner else "link to"


_CODE = re.compile(r"```.*?```|~~~.*?~~~|`[^`\n]*`|<!--.*?-->", re.DOTALL)
_INLINE_LINK = re.compile(
    r"!?\[(?:[^\[\]\n]|\[[^\]\n]*\])*\]\(\s*<?([^)\s>]*)>?(?:\s+[\"'(][^)\n]*[\"')])?\s*\)"
)
_REFERENCE_LINK = re.compile(r"^[ ]{0,3}\[[^\]\n]+\]:[ \t]*<?([^\s>]+)>?", re.MULTILINE)


def _links(text: str) -> list[tuple[int, str]]:
    """(offset, target) of every Markdown link and image, outside code."""
    work = _CODE.sub(lambda m: re.sub(r"[^\n]", " ", m.group()), text)
    found = [(m.start(), m.group(1)) for m in _INLINE_LINK.finditer(work)]
    found += [(m.start(), m.group(1)) for m in _REFERENCE_LINK.finditer(work)]
    return sorted(found)


def _did_you_mean(word: str, choices: Iterable[str], cutoff: float = 0.6) -> str:
    close = difflib.get_close_matches(word, list(choices), n=1, cutoff=cutoff)
    return f" (did you mean '{close[0]}'?)" if close else ""


# Words that make a question a question rather than say what it is about: two questions that
# differ only in these ask the same thing. Negations ("не", "not", "no") are kept: they matter.
_QUESTION_WORDS_TEXT = """
    как что где когда почему зачем куда откуда сколько какой какая какое какие каким какую ли можно
    нужно надо мне мой моя моё мое мои моего моей мою моим я меня вы вас вам ваш ваша у в во на с со к
    по о об от до из за для и или а но это то же бы если есть ещё еще сейчас уже делать сделать быть
    там тут так чтобы при после пожалуйста
    how what where when why who which can could do does did i my me mine a an the is are was were be
    been to of in on at for from with by it its and or if should will would get there this that you
    your s about any am much many now still please
    cómo como qué que dónde donde cuándo cuando por porqué cuál cual cuáles quién puedo puede se me mi
    mis el la los las un una unos unas de del al a en con es son está están y o si lo le les hay hago
    hacer tu su sus para ahora todavía ya mucho muchos favor
"""
_QUESTION_WORDS = frozenset(_QUESTION_WORDS_TEXT.split())


_CONTRACTIONS = [
    (re.compile(r"n't\b"), " not"),
    (re.compile(r"'s\b"), " is"),
    (re.compile(r"'re\b"), " are"),
    (re.compile(r"'m\b"), " am"),
    (re.compile(r"'ll\b"), " will"),
    (re.compile(r"'ve\b"), " have"),
    (re.compile(r"'d\b"), " would"),
]
QUESTION_WORD_WEIGHT = 0.1


def _normal(question: str) -> str:
    """A question as compared: lower case, ё as е, "where's" as "where is", no punctuation."""
    text = question.lower().replace("ё", "е").replace("’", "'")
    for pattern, replacement in _CONTRACTIONS:
        text = pattern.sub(replacement, text)
    text = re.sub(r"[^\w\s]", " ", text)
    return " ".join(text.split())


@dataclass(frozen=True)
class _Question:
    """A question's words, each with its weight: question words count for little."""

    words: tuple[tuple[str, float], ...]
    weight: float  # the sum of the weights
    # first letters of the words that count fully, and of the question words: for a quick bound
    keys: frozenset[str]
    minor_keys: frozenset[str]

    @classmethod
    def of(cls, normal: str) -> _Question:
        words = tuple(
            (word, QUESTION_WORD_WEIGHT if word in _QUESTION_WORDS else 1.0) for word in normal.split()
        )
        return cls(
            words,
            sum(weight for _, weight in words),
            frozenset(word[:4] for word, weight in words if weight == 1.0),
            frozenset(word[:4] for word, weight in words if weight < 1.0),
        )

    def could_reach(self, other: _Question, threshold: float) -> bool:
        """False when the two cannot be `threshold` alike, whatever the words match (cheap)."""
        if min(self.weight, other.weight) < threshold * max(self.weight, other.weight):
            return False
        shared = len(self.keys & other.keys) + QUESTION_WORD_WEIGHT * len(self.minor_keys & other.minor_keys)
        # + 1: a word with a typo in its first letters still matches
        return shared + 1 >= threshold * (self.weight + other.weight) / (1 + threshold)


@functools.lru_cache(maxsize=65536)
def _same_word(a: str, b: str) -> bool:
    """One word in two forms ("заказ", "заказы"; "cancel", "cancelled") or with a typo."""
    if a == b:
        return True
    prefix = len(os.path.commonprefix([a, b]))
    if prefix >= 4 and prefix >= 0.7 * min(len(a), len(b)):
        return True
    return min(len(a), len(b)) >= 5 and difflib.SequenceMatcher(None, a, b).ratio() >= 0.85


def _similarity(a: _Question, b: _Question) -> float:
    """Weighted token-set similarity (shared / all), words matched by form.

    Question words ("how", "как", "cómo", "my", …) weigh a tenth of a word, so "Где мой заказ?"
    and "Где сейчас мой заказ?" are alike, and "Как отменить заказ?" and "Как изменить заказ?" are not.
    """
    unmatched = list(b.words)
    shared = 0.0
    for word, weight in a.words:
        for index, (other, other_weight) in enumerate(unmatched):
            if _same_word(word, other):
                del unmatched[index]
                shared += min(weight, other_weight)
                break
    total = a.weight + b.weight - shared
    return shared / total if total else 1.0


def _without_metadata(text: str) -> str:
    """The page with its front matter blanked, but for the title and description customers read.

    Lines are kept (as blank ones), so that line numbers stay right.
    """
    match = _FRONT_MATTER.match(text)
    if not match:
        return text
    kept = [
        line if re.match(r"(title|description)\s*:", line) or line.strip() == "---" else ""
        for line in match.group().split("\n")
    ]
    return "\n".join(kept) + text[match.end() :]


def _front_matter_date(path: Path) -> dt.date | None:
    """`reviewed: YYYY-MM-DD` from a page's front matter: an editor checked it without changing it."""
    try:
        text = path.read_text(encoding="utf-8-sig")
    except (OSError, UnicodeDecodeError):
        return None
    match = _FRONT_MATTER.match(text)
    if not match or not match.group(1):
        return None
    try:
        meta = yaml.safe_load(match.group(1))
    except yaml.YAMLError:
        return None
    value = meta.get("reviewed") if isinstance(meta, dict) else None
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    if isinstance(value, str):
        try:
            return dt.date.fromisoformat(value.strip())
        except ValueError:
            return None
    return None


def _rendered_ids(path: Path, settings: LintSettings) -> set[str]:
    """The ids a page's HTML will have (headings, `{ #id }`), rendered as MkDocs renders it."""
    import markdown

    try:
        text = path.read_text(encoding="utf-8-sig")
    except (OSError, UnicodeDecodeError):
        return set()
    text = _FRONT_MATTER.sub("", text, count=1)
    extensions = list(settings.markdown_extensions)
    for needed in ("toc", "attr_list", "md_in_html"):
        if needed not in extensions:
            extensions.append(needed)
    try:
        html = markdown.Markdown(
            extensions=extensions, extension_configs=dict(settings.markdown_configs)
        ).convert(text)
    except Exception:  # an extension that needs MkDocs itself: the standard ones still give the ids
        html = markdown.Markdown(extensions=["toc", "attr_list", "md_in_html"]).convert(text)
    return set(re.findall(r"\sid=\"([^\"]+)\"", html))


def last_changed(paths: list[Path], notes: list[str] | None = None) -> dict[Path, dt.date]:
    """When each file last changed: its last commit in git, else (or when edited since) its mtime."""
    result: dict[Path, dt.date] = {}
    if not paths:
        return result
    committed = _git_dates(paths, notes)
    for path in paths:
        try:
            modified = dt.datetime.fromtimestamp(path.stat().st_mtime).date()
        except OSError:
            continue
        if path in committed:
            date, dirty = committed[path]
            result[path] = max(date, modified) if dirty else date
        else:
            result[path] = modified
    return result


def _git(cwd: Path, *args: str) -> str | None:
    try:
        done = subprocess.run(
            ["git", "-c", "core.quotepath=off", *args],
            cwd=cwd,
            capture_output=True,
            text=True,
            encoding="utf-8",
            timeout=60,
            env={**os.environ, "GIT_OPTIONAL_LOCKS": "0"},
        )
    except (OSError, subprocess.SubprocessError):
        return None
    return done.stdout if done.returncode == 0 else None


def _git_dates(paths: list[Path], notes: list[str] | None) -> dict[Path, tuple[dt.date, bool]]:
    """path -> (date of its last commit, whether it has changed since); {} outside a git work tree.

    One `git log` for all files (the same answer as `git log -1 --format=%cI -- <file>` for each).
    """
    folder = Path(os.path.commonpath([str(p.parent) for p in paths]))
    top = _git(folder, "rev-parse", "--show-toplevel")
    if not top:
        return {}
    root = Path(top.strip()).resolve()
    try:
        relative = {p.resolve().relative_to(root).as_posix(): p for p in paths}
    except ValueError:
        return {}
    scope = folder.resolve().relative_to(root).as_posix() or "."
    log = _git(root, "log", "--format=%x00%cI", "--name-only", "--no-renames", "--", scope)
    if log is None:
        return {}
    dates: dict[Path, tuple[dt.date, bool]] = {}
    current: dt.date | None = None
    for line in log.splitlines():
        if line.startswith("\x00"):
            current = dt.datetime.fromisoformat(line[1:].strip()).date()
        elif line and current is not None and line in relative and relative[line] not in dates:
            dates[relative[line]] = (current, False)
    status = _git(root, "status", "--porcelain", "--untracked-files=all", "--", scope) or ""
    for line in status.splitlines():
        name = line[3:].split(" -> ")[-1].strip('"')
        path = relative.get(name)
        if path is not None and path in dates:
            dates[path] = (dates[path][0], True)
    if (_git(root, "rev-parse", "--is-shallow-repository") or "").strip() == "true" and notes is not None:
        notes.append(
            "the git history is shallow, so pages seem changed when the oldest fetched commit was made — "
            "fetch the whole history (actions/checkout with fetch-depth: 0) to check the age of pages"
        )
    return dates
