"""The audits' thresholds come from mkdocs.yml; the command line wins."""

from __future__ import annotations

from pathlib import Path

import click
import pytest
from click.testing import CliRunner

from helpcenter.audit import _configured_defaults
from helpcenter.cli import main
from tests.conftest import MINIMAL_MKDOCS_YML, ROOT


def project_with(tmp_path: Path, audit_yaml: str) -> Path:
    config = MINIMAL_MKDOCS_YML.replace("  - helpcenter\n", f"  - helpcenter:\n      audit: {audit_yaml}\n")
    (tmp_path / "docs" / "ru").mkdir(parents=True)
    (tmp_path / "faq").mkdir()
    (tmp_path / "mkdocs.yml").write_text(config, encoding="utf-8")
    return tmp_path / "mkdocs.yml"


def test_reference_site_gates_on_site_warnings() -> None:
    assert _configured_defaults(ROOT / "mkdocs.yml")["site"] == {"fail_on": "warning"}


def test_no_mkdocs_yml_means_the_commands_own_defaults(tmp_path: Path) -> None:
    assert _configured_defaults(tmp_path / "mkdocs.yml") == {}


@pytest.mark.parametrize(
    ("audit_yaml", "message"),
    [
        ("{sites: {fail_on: warning}}", "helpcenter audit: 'sites' is not an audit — use site, gaps"),
        ("{site: {fail_at: warning}}", "helpcenter audit.site: unknown option 'fail_at' — use one of "),
    ],
)
def test_a_mistake_in_the_audit_settings_is_named(tmp_path: Path, audit_yaml: str, message: str) -> None:
    with pytest.raises(click.ClickException) as info:
        _configured_defaults(project_with(tmp_path, audit_yaml))
    assert message in info.value.message


@pytest.mark.build
def test_configured_limit_applies_and_the_command_line_wins(tmp_path: Path, reference_site: Path) -> None:
    config = project_with(tmp_path, "{site: {min_words: 100000, fail_on: warning}}")
    runner = CliRunner()
    out = tmp_path / "out"
    result = runner.invoke(
        main, ["audit", "-f", str(config), "site", str(reference_site), "--out-dir", str(out)]
    )
    assert result.exit_code == 1, result.output  # every page is "thin" under 100,000 words
    assert "thin-page" in (out / "site-audit.csv").read_text(encoding="utf-8")
    result = runner.invoke(
        main,
        ["audit", "-f", str(config), "site", str(reference_site), "--out-dir", str(out), "--min-words", "10"],
    )
    assert result.exit_code == 0, result.output
