"""`helpcenter new-entry` and `new-alert`: a well-formed skeleton appended to the right file.

The file is edited as text, never re-dumped from YAML, so the editor's comments, blank lines,
quoting and key order stay as they were. The skeleton has every language of the site with empty
texts, so `helpcenter check` then lists exactly what there is to write, and nothing else.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from helpcenter.model import SLUG_PATTERN
from helpcenter.problems import display_path
from helpcenter.yamlsource import YamlDocument, YamlSyntaxError, parse_yaml


class SkeletonError(ValueError):
    """The skeleton cannot be added; the message says why and what to do."""


@dataclass(frozen=True)
class Added:
    path: Path
    line: int  # the line of `- id: …`


def _check_id(kind: str, new_id: str) -> None:
    if not re.match(SLUG_PATTERN, new_id) or len(new_id) > 80:
        raise SkeletonError(
            f"'{new_id}' is not a valid {kind} id — use lowercase letters, digits and hyphens, "
            "like 'where-is-my-order'"
        )


def _texts(languages: list[str], indent: str) -> list[str]:
    return [f'{indent}  {language}: ""' for language in languages]


def entry_skeleton(entry_id: str, languages: list[str], today: dt.date, indent: str = "  ") -> list[str]:
    """The lines of a new FAQ entry, its `- ` at `indent`."""
    inner = indent + "  "
    keywords = ", ".join(f"{language}: []" for language in languages)
    return [
        f"{indent}- id: {entry_id}",
        f"{inner}question:  # as a customer would ask it",
        *_texts(languages, inner),
        f"{inner}answer:  # Markdown; for several lines write `{languages[0]}: |`, the text indented below",
        *_texts(languages, inner),
        f"{inner}keywords: {{{keywords}}}  # other words customers use for it, for the search",
        f"{inner}call_reasons: []  # codes from call_reasons.yml that this answers, like [order-status]",
        f"{inner}related: []  # ids of other entries, like [where-is-my-order]",
        f"{inner}reviewed: {today.isoformat()}",
    ]


def alert_skeleton(
    alert_id: str,
    languages: list[str],
    severity: str,
    starts: dt.datetime,
    ends: dt.datetime | None,
    link: str | None,
    indent: str = "  ",
) -> list[str]:
    """The lines of a new alert, its `- ` at `indent`."""
    inner = indent + "  "
    lines = [
        f"{indent}- id: {alert_id}",
        f"{inner}severity: {severity}  # info, warning or critical",
        f"{inner}text:  # one line in each language; inline Markdown only",
        *_texts(languages, inner),
    ]
    if link:
        lines.append(f"{inner}link: {link}")
    else:
        lines.append(
            f"{inner}# link: where-is-my-order  # optional: an FAQ entry id or a page like contact.md"
        )
    lines.append(f"{inner}starts: {_moment(starts)}  # with the timezone, like +03:00 for Moscow")
    if ends is not None:
        lines.append(f"{inner}ends: {_moment(ends)}  # optional: without it the alert shows until removed")
    return lines


def _moment(value: dt.datetime) -> str:
    return value.replace(microsecond=0).isoformat()


def add_entry(
    faq_dir: Path, category_id: str, entry_id: str, languages: list[str], today: dt.date, root: Path
) -> Added:
    """Append a new entry to the file of `category_id` in `faq_dir`."""
    _check_id("entry", entry_id)
    files = sorted(faq_dir.glob("*.yml")) + sorted(faq_dir.glob("*.yaml"))
    target: Path | None = None
    categories: list[str] = []
    for path in files:
        document = _parse(path, root, quiet=True)
        data = document.data if document is not None else None
        category = data.get("category") if isinstance(data, dict) else None
        own_id = category.get("id") if isinstance(category, dict) else None
        categories.append(str(own_id or path.stem))
        if own_id == category_id or (target is None and own_id is None and path.stem == category_id):
            target = path
        entries = data.get("entries") if isinstance(data, dict) else None
        for index, raw in enumerate(entries if isinstance(entries, list) else []):
            if isinstance(raw, dict) and raw.get("id") == entry_id:
                assert document is not None
                line = document.line_of(("entries", index, "id"))
                raise SkeletonError(
                    f"entry id '{entry_id}' is already used at {display_path(path, root)}:{line} — "
                    "choose another id (ids are unique across all of faq/)"
                )
    if target is None:
        import difflib

        close = difflib.get_close_matches(category_id, categories, n=1)
        hint = f" (did you mean '{close[0]}'?)" if close else ""
        raise SkeletonError(
            f"no category '{category_id}' in {display_path(faq_dir, root)}/{hint} — the categories are "
            f"{', '.join(sorted(categories)) or 'none yet'}; for a new one, copy a file there and change "
            "its 'category:' part"
        )
    document = _parse(target, root)
    assert document is not None
    return _append(
        target, document, "entries", lambda indent: entry_skeleton(entry_id, languages, today, indent), root
    )


def add_alert(
    alerts_file: Path,
    alert_id: str,
    languages: list[str],
    severity: str,
    starts: dt.datetime,
    ends: dt.datetime | None,
    link: str | None,
    root: Path,
) -> Added:
    """Append a new alert to `alerts_file`, creating the file when there is none."""
    _check_id("alert", alert_id)
    if ends is not None and ends <= starts:
        raise SkeletonError(f"--ends ({_moment(ends)}) is not after --starts ({_moment(starts)})")

    def make(indent: str) -> list[str]:
        return alert_skeleton(alert_id, languages, severity, starts, ends, link, indent)

    if not alerts_file.exists():
        alerts_file.parent.mkdir(parents=True, exist_ok=True)
        schema = Path("schema/alerts.schema.json")
        header = [
            f"# yaml-language-server: $schema={schema.as_posix()}",
            "# Banner alerts: shown on every page between starts and ends (times need a timezone).",
            "alerts:",
        ]
        alerts_file.write_text("\n".join([*header, *make("  ")]) + "\n", encoding="utf-8")
        return Added(alerts_file, len(header) + 1)
    document = _parse(alerts_file, root)
    assert document is not None
    for index, raw in enumerate(_list(document.data, "alerts")):
        if isinstance(raw, dict) and raw.get("id") == alert_id:
            line = document.line_of(("alerts", index, "id"))
            raise SkeletonError(
                f"alert id '{alert_id}' is already used at {display_path(alerts_file, root)}:{line} — "
                "choose another id"
            )
    return _append(alerts_file, document, "alerts", make, root)


def _list(data: Any, key: str) -> list[Any]:
    value = data.get(key) if isinstance(data, dict) else None
    return value if isinstance(value, list) else []


def _parse(path: Path, root: Path, quiet: bool = False) -> YamlDocument | None:
    try:
        return parse_yaml(path.read_text(encoding="utf-8-sig"))
    except (YamlSyntaxError, OSError, UnicodeDecodeError) as exc:
        if quiet:
            return None
        line = getattr(exc, "line", None)
        where = f"{display_path(path, root)}:{line}" if line else display_path(path, root)
        raise SkeletonError(
            f"{where}: {getattr(exc, 'message', exc)} — fix the file first (helpcenter check shows "
            "every problem)"
        ) from None


def _append(path: Path, document: YamlDocument, key: str, make: Any, root: Path) -> Added:
    """Insert the lines `make(indent)` at the end of the list under top-level `key`."""
    raw = path.read_bytes()
    bom = raw.startswith(b"\xef\xbb\xbf")
    text = raw.decode("utf-8-sig")
    newline = "\r\n" if "\r\n" in text else "\n"
    lines = text.splitlines()
    data = document.data
    shown = display_path(path, root)
    if data is None:
        data = {}
    if not isinstance(data, dict):
        raise SkeletonError(f"{shown}: expected '{key}:' at the top of the file — fix the file first")
    key_line = document.lines.get((key,))
    items = _list(data, key)
    if key_line is None:
        lines.append(f"{key}:")
        key_line = len(lines)
    else:
        after_colon = lines[key_line - 1].split(":", 1)[1]
        value = re.sub(r"\s+#.*$", "", after_colon).strip()
        if value == "[]":
            lines[key_line - 1] = re.sub(r":\s*\[\]", ":", lines[key_line - 1], count=1).rstrip()
        elif value:
            raise SkeletonError(
                f"{shown}:{key_line}: '{key}' is written on one line — write each item on its own "
                "lines starting with '- ', then run this again"
            )
    item_lines = [
        document.lines[(key, index)] for index in range(len(items)) if (key, index) in document.lines
    ]
    indent = "  "
    if item_lines:
        match = re.match(r"^(\s*)-", lines[item_lines[0] - 1])
        indent = match.group(1) if match else indent
    # The list ends where the next top-level key begins; the blank lines and comments just
    # above that key belong to it. Without a next key it ends at the last line that is not blank.
    later_keys = [line for path_, line in document.lines.items() if len(path_) == 1 and line > key_line]
    if later_keys:
        end = min(later_keys) - 1
        while end > key_line and (not lines[end - 1].strip() or lines[end - 1].startswith("#")):
            end -= 1
    else:
        end = len(lines)
        while end > key_line and not lines[end - 1].strip():
            end -= 1
    # Items separated by blank lines get one before the new item too.
    spaced = any(
        not lines[n].strip()
        for first, last in zip(item_lines, item_lines[1:], strict=False)
        for n in range(first, last - 1)
    )
    before, after = lines[:end], lines[end:]
    block = ([""] if spaced else []) + make(indent)
    result = newline.join(before + block + after) + newline
    start = len(before) + (1 if spaced else 0) + 1
    # Never write a file that no longer reads as YAML, or lost its other items.
    try:
        check = parse_yaml(result)
    except YamlSyntaxError as exc:  # pragma: no cover - the skeleton is plain block YAML
        raise SkeletonError(
            f"{shown}: could not add the skeleton ({exc.message}); the file is unchanged"
        ) from None
    if len(_list(check.data, key)) != len(items) + 1:
        raise SkeletonError(
            f"{shown}: could not add the skeleton at the end of '{key}'; the file is unchanged"
        )
    path.write_bytes((b"\xef\xbb\xbf" if bom else b"") + result.encode("utf-8"))
    return Added(path, start)
