"""What the prepared check does not model is left to openapi-core whole, and says so when prepared."""

from __future__ import annotations

from typing import Any

import pytest
from jsonschema_path import SchemaPath
from openapi_core.validation.request.validators import V31RequestValidator

from hubspot_channels.testing._prepared import Unsupported, prepare


def _document(parameter: dict[str, Any]) -> dict[str, Any]:
    operation = {
        "operationId": "probe",
        "parameters": [parameter],
        "responses": {"204": {"description": "ok"}},
    }
    return {
        "openapi": "3.1.0",
        "info": {"title": "probe", "version": "1"},
        "servers": [{"url": "https://api.example.com"}],
        "paths": {"/probe/{id}": {"get": operation}},
    }


def _prepared(parameter: dict[str, Any]) -> Any:
    spec = SchemaPath.from_dict(_document(parameter))
    return prepare(V31RequestValidator(spec), spec, "/probe/{id}", "get")


@pytest.mark.parametrize(
    "parameter",
    [
        {"name": "filter", "in": "query", "style": "deepObject", "schema": {"type": "object"}},
        {
            "name": "ids",
            "in": "query",
            "explode": False,
            "schema": {"type": "array", "items": {"type": "string"}},
        },
        {"name": "id", "in": "path", "required": True, "schema": {"oneOf": [{"type": "integer"}]}},
        {"name": "id", "in": "path", "required": True, "schema": {"type": ["integer", "null"]}},
        {"name": "q", "in": "query", "content": {"application/json": {"schema": {"type": "object"}}}},
        {"name": "old", "in": "query", "deprecated": True, "schema": {"type": "string"}},
        {"name": "empty", "in": "query", "allowEmptyValue": True, "schema": {"type": "string"}},
    ],
    ids=["deepObject", "unexploded-array", "oneOf", "type-list", "content", "deprecated", "allowEmptyValue"],
)
def test_a_construct_the_check_does_not_model_leaves_the_operation_to_openapi_core(
    parameter: dict[str, Any],
) -> None:
    with pytest.raises(Unsupported):
        _prepared(parameter)


def test_a_modelled_parameter_is_cast_as_openapi_core_casts_it() -> None:
    check = _prepared(
        {"name": "id", "in": "path", "required": True, "schema": {"type": "integer", "format": "int32"}}
    )
    assert check.accepts_request({"id": "12"}, [], b"", "")
    assert check.accepts_request({"id": " 12"}, [], b"", "")  # int() strips, as openapi-core's caster does
    assert not check.accepts_request({"id": "12.5"}, [], b"", "")
    assert not check.accepts_request({"id": str(2**31)}, [], b"", "")  # int32
    assert not check.accepts_request({}, [], b"", "")  # required
