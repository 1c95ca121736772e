"""`helpcenter new`: another support team's help center builds with --strict at once."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from helpcenter.cli import main
from tests.conftest import run_mkdocs_build
from tests.htmltext import page_sections


@pytest.mark.build
@pytest.mark.parametrize(
    ("languages", "sections"),
    [
        (None, {"ru": "", "en": "en/", "es": "es/"}),
        ("en,de", {"en": "", "de": "de/"}),
        ("fr", {"fr": ""}),  # no sample texts or interface strings shipped for French: English ones
    ],
)
def test_new_help_center_builds_strict(
    tmp_path: Path, languages: str | None, sections: dict[str, str]
) -> None:
    project = tmp_path / "new-help"
    args = ["new", str(project)] + (["--languages", languages] if languages else [])
    result = CliRunner().invoke(main, args)
    assert result.exit_code == 0, result.output
    for name in (
        "mkdocs.yml",
        "faq/orders.yml",
        "alerts.yml",
        "call_reasons.yml",
        "README.md",
        "schema/faq.schema.json",
    ):
        assert (project / name).is_file(), name
    check = CliRunner().invoke(main, ["check", "-f", str(project / "mkdocs.yml")])
    assert check.exit_code == 0, check.output
    assert "Note:" not in check.output and "warning" not in check.output, check.output

    build = run_mkdocs_build(project, project / "site")
    assert build.returncode == 0, build.stderr
    for language, prefix in sections.items():
        lang, entries = page_sections(
            (project / "site" / prefix / "faq/orders/index.html").read_text("utf-8")
        )
        assert lang == language
        assert "where-is-my-order" in entries and "change-or-cancel-order" in entries
        assert (project / "site" / prefix / "404.html").is_file()


def test_new_refuses_a_folder_with_files(tmp_path: Path) -> None:
    (tmp_path / "keep.txt").write_text("mine", encoding="utf-8")
    result = CliRunner().invoke(main, ["new", str(tmp_path)])
    assert result.exit_code == 1
    assert f"Error: {tmp_path} is not empty — choose a new folder" in result.output
    assert (tmp_path / "keep.txt").read_text(encoding="utf-8") == "mine"


@pytest.mark.parametrize(
    ("languages", "message"),
    [
        ("en,English", "'English' is not a language code — use codes like en, de, pt_BR"),
        ("en,en", "a language is listed twice in --languages"),
        (",", "give at least one language, like --languages en"),
    ],
)
def test_new_rejects_bad_language_lists(tmp_path: Path, languages: str, message: str) -> None:
    result = CliRunner().invoke(main, ["new", str(tmp_path / "x"), "--languages", languages])
    assert result.exit_code == 1
    assert f"Error: {message}" in result.output
