"""JSON Schemas for editors' IDEs, generated from the content model.

The files under `schema/` are checked in so that the `yaml-language-server` line at the top
of each content file finds them; a test fails when they drift from the model.
"""

from __future__ import annotations

import json
from pathlib import Path

from pydantic import BaseModel

from helpcenter.call_reasons import CallReasonsFile
from helpcenter.model import AlertsFile, CategoryFile

SCHEMAS: dict[str, type[BaseModel]] = {
    "faq.schema.json": CategoryFile,
    "alerts.schema.json": AlertsFile,
    "call_reasons.schema.json": CallReasonsFile,
}


def schema_text(model: type[BaseModel]) -> str:
    schema = {"$schema": "https://json-schema.org/draft/2020-12/schema", **model.model_json_schema()}
    return json.dumps(schema, indent=2, ensure_ascii=False) + "\n"


def write_schemas(directory: Path) -> list[Path]:
    directory.mkdir(parents=True, exist_ok=True)
    written = []
    for name, model in SCHEMAS.items():
        path = directory / name
        path.write_text(schema_text(model), encoding="utf-8")
        written.append(path)
    return written


def outdated_schemas(directory: Path) -> list[Path]:
    """The schema files that are missing or differ from what the model generates."""
    stale = []
    for name, model in SCHEMAS.items():
        path = directory / name
        if not path.exists() or path.read_text(encoding="utf-8") != schema_text(model):
            stale.append(path)
    return stale
