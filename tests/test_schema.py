"""The JSON Schemas shipped to editors match the model, and the content matches them."""

from __future__ import annotations

import json
from pathlib import Path

import jsonschema
import pytest

from helpcenter.schema import SCHEMAS, outdated_schemas, schema_text
from helpcenter.yamlsource import parse_yaml
from tests.conftest import ROOT

CONTENT_FILES = sorted((ROOT / "faq").glob("*.yml")) + [ROOT / "alerts.yml"]


def test_checked_in_schemas_are_current() -> None:
    stale = outdated_schemas(ROOT / "schema")
    assert not stale, f"run 'helpcenter schema' and commit: {stale}"


def test_outdated_schema_is_detected(tmp_path: Path) -> None:
    (tmp_path / "faq.schema.json").write_text("{}", encoding="utf-8")
    for name in SCHEMAS.keys() - {"faq.schema.json"}:
        (tmp_path / name).write_text(schema_text(SCHEMAS[name]), encoding="utf-8")
    assert outdated_schemas(tmp_path) == [tmp_path / "faq.schema.json"]


@pytest.mark.parametrize("path", CONTENT_FILES, ids=lambda p: p.name)
def test_content_files_point_editors_at_their_schema_and_match_it(path: Path) -> None:
    text = path.read_text(encoding="utf-8")
    first_line = text.splitlines()[0]
    assert first_line.startswith("# yaml-language-server: $schema=")
    schema_path = (path.parent / first_line.split("$schema=", 1)[1]).resolve()
    schema = json.loads(schema_path.read_text(encoding="utf-8"))
    jsonschema.validate(parse_yaml(text).data, schema)


def test_schema_rejects_what_the_loader_rejects() -> None:
    schema = json.loads((ROOT / "schema" / "faq.schema.json").read_text(encoding="utf-8"))
    bad = {
        "category": {"id": "Bad Id", "title": {}, "description": {}},
        "entries": [{"id": "x", "questoin": {}}],
    }
    errors = list(jsonschema.Draft202012Validator(schema).iter_errors(bad))
    messages = " ".join(error.message for error in errors)
    assert "'questoin' was unexpected" in messages
    assert "does not match" in messages
