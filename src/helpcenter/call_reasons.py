"""The contact center's call-reason codes (`call_reasons.yml`), each with a name per language.

FAQ entries name the reasons they answer (`call_reasons: [order-status]`); `helpcenter check`
reports a code that is not in this file, so a typo cannot hide an entry from the gap audit,
which counts the contacts per code.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ConfigDict, Field, ValidationError

from helpcenter.model import SLUG_PATTERN, LocalizedText, Slug
from helpcenter.problems import Problem, display_path
from helpcenter.yamlsource import YamlSyntaxError, parse_yaml


class CallReason(BaseModel):
    """One reason customers contact support."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    code: Slug = Field(description="The code as the contact center exports it, like `order-status`.")
    name: LocalizedText = Field(description="What the code means, in every language of the site.")


class CallReasonsFile(BaseModel):
    """The `call_reasons.yml` file."""

    model_config = ConfigDict(
        extra="forbid",
        frozen=True,
        title="helpcenter call reasons",
        json_schema_extra={"$id": "https://helpcenter.example/schema/call_reasons.schema.json"},
    )

    reasons: list[CallReason] = Field(default_factory=list)


@dataclass
class CallReasons:
    """The codes read from the file, the line of each, and what is wrong with the file."""

    file: str
    reasons: dict[str, CallReason] = field(default_factory=dict)
    lines: dict[str, int] = field(default_factory=dict)
    problems: list[Problem] = field(default_factory=list)


def load_call_reasons(path: Path, root: Path, languages: list[str]) -> CallReasons | None:
    """Read `path`; None when it does not exist. Problems are collected, never raised."""
    if not path.is_file():
        return None
    shown = display_path(path, root)
    result = CallReasons(shown)

    def error(line: int | None, message: str) -> None:
        result.problems.append(Problem(shown, line, message))

    try:
        document = parse_yaml(path.read_text(encoding="utf-8-sig"))
    except YamlSyntaxError as exc:
        error(exc.line, exc.message)
        return result
    except (OSError, UnicodeDecodeError) as exc:
        error(None, f"cannot read the file: {exc} — save it as UTF-8")
        return result
    data = document.data
    if data is None:
        return result
    if not isinstance(data, dict):
        error(1, "expected 'reasons:' at the top of the file")
        return result
    for key in data:
        if key != "reasons":
            error(document.line_of((key,)), f"unknown key '{key}' — the file has one key, 'reasons:'")
    raw_reasons = data.get("reasons") or []
    if not isinstance(raw_reasons, list):
        error(
            document.line_of(("reasons",)), "'reasons' must be a list, each item starting with '- code: ...'"
        )
        return result
    for index, raw in enumerate(raw_reasons):
        line = document.line_of(("reasons", index))
        label = (
            f"reason '{raw['code']}'"
            if isinstance(raw, dict) and isinstance(raw.get("code"), str)
            else f"reason #{index + 1}"
        )
        if not isinstance(raw, dict):
            error(line, f"{label} must be a map with 'code:' and 'name:' — check the indentation")
            continue
        try:
            reason = CallReason.model_validate(raw)
        except ValidationError as exc:
            for problem in exc.errors():
                loc = tuple(part for part in problem["loc"] if part != "[key]")
                error(document.line_of(("reasons", index, *loc)), _message(label, problem))
            code = raw.get("code")
            if isinstance(code, str) and re.match(SLUG_PATTERN, code) and code not in result.lines:
                # Its own problems are reported; entries that use the code are not wrong as well.
                name = raw.get("name") if isinstance(raw.get("name"), dict) else {}
                result.reasons[code] = CallReason.model_construct(code=code, name=name)
                result.lines[code] = document.line_of(("reasons", index, "code")) or line or 1
            continue
        first = result.lines.get(reason.code)
        if first is not None:
            error(
                document.line_of(("reasons", index, "code")),
                f"{label} is listed twice (also on line {first}) — keep one of them",
            )
            continue
        result.reasons[reason.code] = reason
        result.lines[reason.code] = document.line_of(("reasons", index, "code")) or line or 1
        for language in languages:
            if not (reason.name.get(language) or "").strip():
                error(
                    document.line_of(("reasons", index, "name")),
                    f"{label}: the '{language}' name is missing — add it, like "
                    f"name: {{{', '.join(f'{lang}: ...' for lang in languages)}}}",
                )
        for language in reason.name:
            if language not in languages:
                error(
                    document.line_of(("reasons", index, "name", language)),
                    f"{label}: name has a '{language}' text but the site's languages are "
                    f"{', '.join(languages)} — remove it",
                )
    return result


def _message(label: str, problem: dict[str, Any]) -> str:
    loc = [str(part) for part in problem["loc"] if part != "[key]"]
    kind = problem["type"]
    name = loc[0] if loc else ""
    if kind == "extra_forbidden":
        return f"{label}: unknown key '{loc[-1]}' — allowed keys are code, name"
    if kind == "missing":
        return f"{label}: missing '{loc[-1]}:' — add it"
    if name == "code":
        return (
            f"{label}: code '{problem.get('input')}' is not a valid code — use lowercase letters, digits "
            "and hyphens, like 'order-status'"
        )
    return f"{label}: name must be a map of language to text, like {{ru: ..., en: ..., es: ...}}"
