"""GitHub-native output of `helpcenter check`: workflow-command annotations and the job summary.

The exact format is GitHub's (`::error file=…,line=…,title=…::message`), with the runner's escaping:
`%`, `\\r`, `\\n` in the message; those and `:` and `,` in a property.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from helpcenter.cli import main
from helpcenter.github import (
    annotation,
    annotations,
    escape_data,
    escape_property,
    running_in_actions,
    summary_markdown,
    workflow_path,
)
from helpcenter.lint import Finding, LanguageCoverage, LintReport
from tests.test_lint import edit, write_project


@pytest.mark.parametrize(
    ("text", "data", "prop"),
    [
        ("plain", "plain", "plain"),
        ("50% off", "50%25 off", "50%25 off"),
        ("two\nlines\r", "two%0Alines%0D", "two%0Alines%0D"),
        ("a: b, c", "a: b, c", "a%3A b%2C c"),
        ("%0A is not a newline", "%250A is not a newline", "%250A is not a newline"),
    ],
)
def test_escaping_follows_the_runner(text: str, data: str, prop: str) -> None:
    assert escape_data(text) == data
    assert escape_property(text) == prop


def test_annotation_format() -> None:
    error = Finding("faq/orders.yml", 12, "entry 'x': a: b, 100% sure\nnext", "error", "links")
    assert annotation(error) == (
        "::error file=faq/orders.yml,line=12,title=Broken link::entry 'x': a: b, 100%25 sure%0Anext"
    )
    warning = Finding("docs/a,b:c.md", None, "old", "warning", "stale")
    assert annotation(warning) == "::warning file=docs/a%2Cb%3Ac.md,title=Stale content::old"
    schema = Finding("alerts.yml", 3, "bad", "error")
    assert (
        annotation(schema, "help/alerts.yml")
        == "::error file=help/alerts.yml,line=3,title=Content error::bad"
    )


def test_only_github_actions_true_turns_it_on() -> None:
    assert running_in_actions({"GITHUB_ACTIONS": "true"})
    assert not running_in_actions({"GITHUB_ACTIONS": "false"})
    assert not running_in_actions({})


def test_paths_are_relative_to_the_repository(tmp_path: Path) -> None:
    root = tmp_path / "site-sources"
    assert workflow_path("faq/orders.yml", root, str(tmp_path)) == "site-sources/faq/orders.yml"
    assert workflow_path("faq/orders.yml", root, str(root)) == "faq/orders.yml"
    assert workflow_path("faq/orders.yml", root, None) == "faq/orders.yml"
    assert workflow_path("faq/orders.yml", root, str(tmp_path / "elsewhere")) == "faq/orders.yml"


def test_check_under_github_actions_annotates_and_writes_the_job_summary(tmp_path: Path) -> None:
    project = write_project(tmp_path / "help")
    edit(project / "faq/orders.yml", "gratis a partir de 3000 ₽", "gratis a partir de 3500 ₽")
    edit(project / "faq/orders.yml", "reviewed: 2026-10-15", "reviewed: 2026-05-01")
    summary = tmp_path / "summary.md"
    summary.write_text("earlier step\n", encoding="utf-8")
    env = {
        "GITHUB_ACTIONS": "true",
        "GITHUB_STEP_SUMMARY": str(summary),
        "GITHUB_WORKSPACE": str(tmp_path),
    }
    result = CliRunner().invoke(
        main, ["check", "-f", str(project / "mkdocs.yml"), "--today", "2026-11-23"], env=env
    )
    assert result.exit_code == 1
    lines = result.output.splitlines()
    price = (
        "entry 'where-is-my-order': the Spanish answer says \"3500 ₽\" where the Russian answer says "
        '"3 000 ₽" (faq/orders.yml:11) — make the amount the same in every language'
    )
    stale = (
        "entry 'cancel-order': reviewed 2026-05-01, 206 days ago (more than 180) — check that the answer is "
        "still right in every language, then set reviewed: 2026-11-23"
    )
    # The usual lines, and each finding once more as a workflow command.
    assert f"faq/orders.yml:17: {price}" in lines
    assert f"faq/orders.yml:36: warning: {stale}" in lines
    assert [line for line in lines if line.startswith("::")] == [
        f"::error file=help/faq/orders.yml,line=17,title=Languages disagree::{price}",
        f"::warning file=help/faq/orders.yml,line=36,title=Stale content::{stale}",
    ]
    written = summary.read_text(encoding="utf-8")
    assert written.startswith(
        "earlier step\n## Help center content check\n\n❌ Failed: 1 error, 1 warning.\n"
    )
    assert "| Russian `ru` (default) | 3/3 (100%) | 2/2 (100%) |" in written
    assert f"| ❌ | `faq/orders.yml:17` | Languages disagree | {price} |" in written
    assert f"| ⚠️ | `faq/orders.yml:36` | Stale content | {stale} |" in written


def test_check_outside_github_actions_prints_no_workflow_commands(tmp_path: Path) -> None:
    project = write_project(tmp_path / "help")
    edit(project / "faq/orders.yml", "gratis a partir de 3000 ₽", "gratis a partir de 3500 ₽")
    summary = tmp_path / "summary.md"
    result = CliRunner().invoke(
        main,
        ["check", "-f", str(project / "mkdocs.yml"), "--today", "2026-11-23"],
        env={"GITHUB_ACTIONS": "", "GITHUB_STEP_SUMMARY": str(summary)},
    )
    assert result.exit_code == 1
    assert not [line for line in result.output.splitlines() if line.startswith("::")]
    assert not summary.exists()


def test_summary_markdown() -> None:
    report = LintReport(
        findings=[
            Finding("faq/a.yml", 3, "a | b", "error", "links"),
            Finding("docs/ru/x.md", 1, "old", "warning", "stale"),
        ],
        coverage=[
            LanguageCoverage("ru", 2, 2, 0, 3, 3, 0),
            LanguageCoverage("es", 1, 2, 1, 2, 3, 1),
        ],
        notes=["the git history is shallow"],
        languages=["ru", "es"],
        default_language="ru",
    )
    assert summary_markdown(report, failed=True) == (
        "## Help center content check\n"
        "\n"
        "❌ Failed: 1 error, 1 warning.\n"
        "\n"
        "### Translation coverage\n"
        "\n"
        "| Language | Entries | Pages |\n"
        "|---|---|---|\n"
        "| Russian `ru` (default) | 2/2 (100%) | 3/3 (100%) |\n"
        "| Spanish `es` | 1/2 (50%), 1 fall back | 2/3 (66%), 1 fall back |\n"
        "\n"
        "### Findings\n"
        "\n"
        "| | Where | Check | What to fix |\n"
        "|---|---|---|---|\n"
        "| ❌ | `faq/a.yml:3` | Broken link | a \\| b |\n"
        "| ⚠️ | `docs/ru/x.md:1` | Stale content | old |\n"
        "\n"
        "> the git history is shallow\n"
        "\n"
        "Each finding says what to change; CONTRIBUTING.md explains every check. Run `helpcenter check` on "
        "your computer to see the same list.\n"
    )
    clean = LintReport(findings=[], languages=["ru"], default_language="ru")
    assert summary_markdown(clean, failed=False).splitlines()[2] == "✅ No problems found."


def test_errors_are_annotated_first(tmp_path: Path) -> None:
    # GitHub shows only the first annotations of each kind per step: errors must not be crowded out.
    report = LintReport(
        findings=[
            Finding("docs/a.md", 1, "old", "warning", "stale"),
            Finding("faq/z.yml", 9, "wrong", "error", "links"),
        ]
    )
    assert annotations(report, tmp_path) == [
        "::error file=faq/z.yml,line=9,title=Broken link::wrong",
        "::warning file=docs/a.md,line=1,title=Stale content::old",
    ]
