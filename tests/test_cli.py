"""The `helpcenter` command as editors and CI run it."""

from __future__ import annotations

from pathlib import Path

from click.testing import CliRunner

from helpcenter.cli import main
from tests.conftest import MINIMAL_CATEGORY, ROOT


def test_check_passes_on_the_reference_content() -> None:
    result = CliRunner().invoke(main, ["check", "-f", str(ROOT / "mkdocs.yml")])
    assert result.exit_code == 0, result.output
    assert result.output.startswith("OK: ")
    assert "in ru, en, es" in result.output


def test_check_reports_every_problem_and_exits_1(make_project) -> None:
    broken = MINIMAL_CATEGORY.replace("id: where-is-my-order", "id: Where_Is").replace(
        "      es: Abre", "      de: Abre"
    )
    project = make_project(faq={"orders.yml": broken})
    result = CliRunner().invoke(main, ["check", "-f", str(project / "mkdocs.yml")])
    assert result.exit_code == 1
    assert "Traceback" not in result.output
    lines = result.output.splitlines()
    assert (
        "faq/orders.yml:6: entry 'Where_Is': id 'Where_Is' is not a valid id — use lowercase letters, digits "
        "and hyphens, like 'where-is-my-order'" in lines
    )
    assert "Error: 1 error — fix them and run again" in lines


def test_check_without_mkdocs_yml_says_what_to_do(tmp_path: Path, monkeypatch) -> None:
    monkeypatch.chdir(tmp_path)
    result = CliRunner().invoke(main, ["check"])
    assert result.exit_code == 1
    assert "mkdocs.yml: no such file — run this in the help center's folder or pass -f" in result.output


def test_schema_check_detects_drift(tmp_path: Path) -> None:
    runner = CliRunner()
    assert runner.invoke(main, ["schema", "--check", "--output-dir", str(ROOT / "schema")]).exit_code == 0
    result = runner.invoke(main, ["schema", "--check", "--output-dir", str(tmp_path)])
    assert result.exit_code == 1 and "run 'helpcenter schema' and commit the result" in result.output
    assert runner.invoke(main, ["schema", "--output-dir", str(tmp_path)]).exit_code == 0
    assert runner.invoke(main, ["schema", "--check", "--output-dir", str(tmp_path)]).exit_code == 0
