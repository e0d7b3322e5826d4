"""Vendoring keeps every fact of HubSpot's document, drops its prose, and is byte-for-byte reproducible."""

from __future__ import annotations

import json
import shutil
from pathlib import Path
from typing import Any

import pytest

from scripts._spec_io import SourceError
from scripts.vendor_spec import vendor
from tests.support.paths import REPO, SPECS

VENDORED = REPO / "openapi" / "custom-channels-2026-03.json"
PROVENANCE = REPO / "openapi" / "custom-channels-2026-03.provenance.json"


def test_vendoring_the_published_document_again_reproduces_the_committed_files(tmp_path, monkeypatch):
    record = json.loads(PROVENANCE.read_text())
    shutil.copy(PROVENANCE, tmp_path / PROVENANCE.name)  # the recorded date is kept for the same bytes
    monkeypatch.chdir(REPO)  # the recorded source is relative to the repo, where `make` runs
    spec, provenance = vendor(record["source"], "2026-03", out_dir=tmp_path)
    assert spec.read_bytes() == VENDORED.read_bytes()
    assert provenance.read_bytes() == PROVENANCE.read_bytes()


def test_provenance_identifies_the_published_bytes():
    import hashlib

    record = json.loads(PROVENANCE.read_text())
    published = (REPO / record["source"]).read_bytes()
    assert record["published_sha256"] == hashlib.sha256(published).hexdigest()
    assert record["vendored_sha256"] == hashlib.sha256(VENDORED.read_bytes()).hexdigest()
    assert record["generator"] == "openapi-python-client 0.29.1"


def test_vendored_file_is_sorted_and_pretty_printed():
    text = VENDORED.read_text()
    assert text == json.dumps(json.loads(text), indent=2, sort_keys=True, ensure_ascii=False) + "\n"


def _keys_outside_name_maps(node: Any, found: set[str], parent: str = "") -> set[str]:
    if isinstance(node, dict):
        for key, value in node.items():
            if parent not in ("properties", "schemas", "paths", "responses", "content", "scopes"):
                found.add(key)
            _keys_outside_name_maps(value, found, key)
    elif isinstance(node, list):
        for item in node:
            _keys_outside_name_maps(item, found, parent)
    return found


def test_prose_is_gone_but_a_property_named_description_stays():
    vendored = json.loads(VENDORED.read_text())
    keys = _keys_outside_name_maps(vendored, set())
    assert not keys & {"summary", "example", "examples"}
    assert not [key for key in keys if key.startswith("x-hubspot")]
    descriptions = [
        d for d in _all_values(vendored, "description") if isinstance(d, str) and d
    ]  # only the empty response descriptions OpenAPI requires may remain
    assert descriptions == []
    assert "description" in vendored["components"]["schemas"]["SocialMetadata"]["properties"]


def _all_values(node: Any, wanted: str) -> list[Any]:
    if isinstance(node, dict):
        return [v for k, v in node.items() if k == wanted] + [
            x for v in node.values() for x in _all_values(v, wanted)
        ]
    if isinstance(node, list):
        return [x for item in node for x in _all_values(item, wanted)]
    return []


@pytest.fixture(scope="module")
def published() -> dict[str, Any]:
    return json.loads((SPECS / "2026-03.json").read_text())


def _schema_facts(schema: dict[str, Any]) -> dict[str, Any]:
    facts = {k: schema.get(k) for k in ("type", "format", "enum", "required", "$ref", "nullable")}
    facts["properties"] = {
        name: _schema_facts(prop) for name, prop in (schema.get("properties") or {}).items()
    }
    for key in ("items", "additionalProperties"):
        if isinstance(schema.get(key), dict):
            facts[key] = _schema_facts(schema[key])
    facts["oneOf"] = [_schema_facts(s) for s in schema.get("items", {}).get("oneOf", [])]
    return facts


def test_every_schema_fact_is_kept(published):
    vendored = json.loads(VENDORED.read_text())
    mine, theirs = vendored["components"]["schemas"], published["components"]["schemas"]
    assert mine.keys() == theirs.keys()
    for name in theirs:
        assert _schema_facts(mine[name]) == _schema_facts(theirs[name]), name


def test_every_operation_fact_is_kept(published):
    vendored = json.loads(VENDORED.read_text())
    assert vendored["paths"].keys() == published["paths"].keys()
    assert (
        vendored["components"]["securitySchemes"].keys() == published["components"]["securitySchemes"].keys()
    )
    for path, item in published["paths"].items():
        for method, operation in item.items():
            mine = vendored["paths"][path][method]
            assert mine["operationId"] == operation["operationId"]
            assert mine.get("security") == operation.get("security")
            assert mine["responses"].keys() == operation["responses"].keys()
            assert [
                (p["name"], p["in"], p.get("required"), _schema_facts(p["schema"]))
                for p in mine.get("parameters", [])
            ] == [
                (p["name"], p["in"], p.get("required"), _schema_facts(p["schema"]))
                for p in operation.get("parameters", [])
            ]
            assert (
                mine.get("requestBody", {}).get("content", {}).keys()
                == operation.get("requestBody", {}).get("content", {}).keys()
            )


def test_source_may_be_a_path_that_does_not_exist(tmp_path: Path):
    """A missing source is a SourceError naming it (one line for the command), and nothing is written."""
    with pytest.raises(SourceError, match="missing.json: no such file"):
        vendor(str(tmp_path / "missing.json"), "2026-03", out_dir=tmp_path)
    assert list(tmp_path.iterdir()) == []
