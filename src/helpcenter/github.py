"""Findings as GitHub shows them: annotations on the pull request's lines and a job summary.

Under GitHub Actions (`GITHUB_ACTIONS=true`) each finding is also printed as a workflow command,
`::error file=faq/orders.yml,line=12,title=Broken link::entry 'x': ...`, which GitHub turns into
an annotation on that line of the pull request's diff; and a Markdown summary is appended to the
file named by `GITHUB_STEP_SUMMARY`, shown on the run's page.

Escaping follows the runner (actions/toolkit, `core/src/command.ts`): in the message, `%`, `\\r`
and `\\n` become `%25`, `%0D` and `%0A`; in a property value, also `:` and `,` become `%3A` and
`%2C`.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from pathlib import Path

from helpcenter.content import language_name
from helpcenter.lint import CHECKS, Finding, LintReport

SUMMARY_ROW_LIMIT = 300  # a job summary holds at most 1 MiB; past this many rows, a count


def running_in_actions(environ: Mapping[str, str] | None = None) -> bool:
    return (os.environ if environ is None else environ).get("GITHUB_ACTIONS") == "true"


def escape_data(text: str) -> str:
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def escape_property(text: str) -> str:
    return escape_data(text).replace(":", "%3A").replace(",", "%2C")


def workflow_path(file: str, root: Path, workspace: str | None) -> str:
    """The finding's file relative to the repository (GITHUB_WORKSPACE), as annotations need it.

    Findings name files relative to the folder of mkdocs.yml; when that folder is not the
    repository's root, GitHub would not find them on the pull request.
    """
    if not workspace:
        return file
    try:
        return (root / file).resolve().relative_to(Path(workspace).resolve()).as_posix()
    except (ValueError, OSError):
        return file


def annotation(finding: Finding, file: str | None = None) -> str:
    """`::error file=…,line=…,title=…::message` for one finding."""
    properties = [f"file={escape_property(file or finding.file)}"]
    if finding.line:
        properties.append(f"line={finding.line}")
    properties.append(f"title={escape_property(finding.title)}")
    return f"::{finding.severity} {','.join(properties)}::{escape_data(finding.message)}"


def annotations(report: LintReport, root: Path, workspace: str | None = None) -> list[str]:
    """One workflow command per finding, errors first: GitHub shows only the first few of each
    kind per step on the pull request (the job summary lists them all)."""
    ordered = sorted(report.findings, key=lambda f: f.severity != "error")
    return [annotation(f, workflow_path(f.file, root, workspace)) for f in ordered]


def _cell(text: str) -> str:
    return text.replace("\\", "\\\\").replace("|", "\\|").replace("\r", " ").replace("\n", " ")


def summary_markdown(report: LintReport, failed: bool) -> str:
    """The job summary: the verdict, coverage per language and a table of findings."""
    errors, warnings = len(report.errors), len(report.warnings)
    lines = ["## Help center content check", ""]
    if not report.findings:
        lines.append("✅ No problems found.")
    else:
        verdict = "❌ Failed" if failed else "⚠️ Passed with warnings"
        lines.append(f"{verdict}: {_count(errors, 'error')}, {_count(warnings, 'warning')}.")
    if not report.loaded:
        lines += ["", "The content does not load, so the other checks did not run: fix these errors first."]
    if report.coverage:
        lines += ["", "### Translation coverage", "", "| Language | Entries | Pages |", "|---|---|---|"]
        for item in report.coverage:
            entries = (
                f"{item.entries}/{item.entries_total} ({item.percent(item.entries, item.entries_total)}%)"
            )
            if item.entries_fallback:
                entries += f", {item.entries_fallback} fall back"
            pages = f"{item.pages}/{item.pages_total} ({item.percent(item.pages, item.pages_total)}%)"
            if item.pages_fallback:
                pages += f", {item.pages_fallback} fall back"
            default = " (default)" if item.language == report.default_language else ""
            lines.append(
                f"| {language_name(item.language)} `{item.language}`{default} | {entries} | {pages} |"
            )
    if report.findings:
        lines += ["", "### Findings", "", "| | Where | Check | What to fix |", "|---|---|---|---|"]
        for finding in report.findings[:SUMMARY_ROW_LIMIT]:
            icon = "❌" if finding.severity == "error" else "⚠️"
            where = f"{finding.file}:{finding.line}" if finding.line else finding.file
            title = CHECKS.get(finding.check, finding.check)
            lines.append(f"| {icon} | `{_cell(where)}` | {_cell(title)} | {_cell(finding.message)} |")
        if len(report.findings) > SUMMARY_ROW_LIMIT:
            lines.append("")
            lines.append(f"… and {len(report.findings) - SUMMARY_ROW_LIMIT} more: see the job's log.")
    if report.notes:
        lines += ["", *[f"> {note}" for note in report.notes]]
    lines += [
        "",
        "Each finding says what to change; CONTRIBUTING.md explains every check. "
        "Run `helpcenter check` on your computer to see the same list.",
    ]
    return "\n".join(lines) + "\n"


def append_summary(text: str, environ: Mapping[str, str] | None = None) -> Path | None:
    """Append to $GITHUB_STEP_SUMMARY, if set; the file it wrote, else None."""
    target = (os.environ if environ is None else environ).get("GITHUB_STEP_SUMMARY")
    if not target:
        return None
    path = Path(target)
    with path.open("a", encoding="utf-8") as handle:
        handle.write(text)
    return path


def _count(number: int, word: str) -> str:
    return f"{number} {word}{'' if number == 1 else 's'}"
