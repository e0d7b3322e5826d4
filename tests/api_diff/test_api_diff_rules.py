"""Every rule of the API diff on small synthetic documents, on the request and on the response side."""

import copy
import json
from collections.abc import Callable
from typing import Any

import pytest

from scripts.apidiff import RULES, Change, diff_specs, parse_spec
from scripts.apidiff._cases import expected, matrix

PATH = "/api/v1/things/{id}"
OP = ("paths", PATH, "post")
Doc = dict[str, Any]


def thing_schema() -> Doc:
    return {
        "type": "object",
        "required": ["id"],
        "properties": {
            "id": {"type": "string"},
            "kind": {"type": "string", "enum": ["A", "B"], "description": "what it is"},
            "count": {"type": "integer", "format": "int32", "maximum": 10},
            "tags": {"type": "array", "items": {"type": "string"}},
            "payload": {
                "oneOf": [{"$ref": "#/components/schemas/Text"}, {"$ref": "#/components/schemas/File"}]
            },
            "meta": {"anyOf": [{"$ref": "#/components/schemas/Text"}]},
            "ext": {"allOf": [{"$ref": "#/components/schemas/Text"}]},
            "extra": {"type": "object", "additionalProperties": {"type": "string"}},
            "parent": {"$ref": "#/components/schemas/Thing"},  # a cycle the comparison must survive
        },
    }


def base(side: str = "request") -> Doc:
    """One operation; the shared schema `Thing` sits in the request body or in the 200 response."""
    other = {"type": "object", "properties": {"note": {"type": "string"}}}
    request_schema = {"$ref": "#/components/schemas/Thing"} if side == "request" else other
    response_schema = {"$ref": "#/components/schemas/Thing"} if side == "response" else other
    return {
        "openapi": "3.0.3",
        "info": {"title": "t", "version": "v1"},
        "servers": [{"url": "https://api.example.com"}],
        "paths": {
            PATH: {
                "post": {
                    "operationId": "post-thing",
                    "tags": ["Things"],
                    "summary": "Post a thing",
                    "parameters": [
                        {
                            "name": "id",
                            "in": "path",
                            "required": True,
                            "schema": {"type": "integer", "format": "int32"},
                        },
                        {"name": "mode", "in": "query", "schema": {"type": "string", "enum": ["x", "y"]}},
                    ],
                    "requestBody": {
                        "required": True,
                        "content": {"application/json": {"schema": request_schema}},
                    },
                    "responses": {
                        "200": {
                            "description": "ok",
                            "content": {"application/json": {"schema": response_schema}},
                            "headers": {
                                "X-Rate": {"schema": {"type": "integer"}},
                                "X-Mode": {"$ref": "#/components/headers/Mode"},
                            },
                        },
                        "default": {"$ref": "#/components/responses/Error"},
                    },
                    "security": [{"oauth2": ["things.read"]}, {"key": []}],
                }
            }
        },
        "components": {
            "schemas": {
                "Thing": thing_schema(),
                "Text": {"type": "object", "properties": {"text": {"type": "string"}}},
                "File": {"type": "object", "properties": {"url": {"type": "string"}}},
                "Error": {"type": "object", "properties": {"message": {"type": "string"}}},
            },
            "headers": {"Mode": {"schema": {"type": "string", "enum": ["a"]}}},
            "responses": {
                "Error": {
                    "description": "error",
                    "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}},
                }
            },
            "securitySchemes": {
                "oauth2": {
                    "type": "oauth2",
                    "flows": {
                        "authorizationCode": {
                            "authorizationUrl": "https://a",
                            "tokenUrl": "https://t",
                            "scopes": {"things.read": ""},
                        }
                    },
                },
                "key": {"type": "apiKey", "in": "header", "name": "X-Key"},
            },
        },
    }


def diff(old: Doc, new: Doc) -> list[Change]:
    return diff_specs(
        parse_spec("old", json.dumps(old).encode()), parse_spec("new", json.dumps(new).encode())
    )


def at(doc: Doc, *keys: str) -> Any:
    for key in keys:
        doc = doc[key]
    return doc


def thing(doc: Doc) -> Doc:
    return doc["components"]["schemas"]["Thing"]


def op(doc: Doc) -> Doc:
    return at(doc, *OP)


Mutation = Callable[[Doc], None]

# Keyword-by-keyword schema rules are pinned by the mutation matrix (tests/test_api_diff_matrix.py).


def _strip_none(schema: Any) -> None:
    """Mutations set format=None to drop it; JSON documents do not carry None for absent keys."""
    if isinstance(schema, dict):
        for key in [k for k, v in schema.items() if v is None and k == "format"]:
            del schema[key]
        for value in schema.values():
            _strip_none(value)
    elif isinstance(schema, list):
        for value in schema:
            _strip_none(value)


def mutated(doc: Doc, mutation: Mutation) -> Doc:
    new = copy.deepcopy(doc)
    mutation(new)
    _strip_none(new)
    return new


def test_removed_property_points_into_the_old_document_and_added_into_the_new() -> None:
    old = base("request")
    new = mutated(old, lambda d: thing(d)["properties"].pop("count"))
    (removed,) = diff(old, new)
    (added,) = diff(new, old)
    assert (removed.document, removed.pointer) == ("old", "#/components/schemas/Thing/properties/count")
    assert (added.rule, added.document, added.pointer) == ("request-property-added", "new", removed.pointer)
    assert (removed.old, added.new) == ("integer/int32", "integer/int32")


def test_change_in_a_shared_schema_is_reported_once_with_every_operation() -> None:
    old = base("request")
    old["paths"]["/api/v1/other"] = {
        "put": {
            "operationId": "put-other",
            "tags": ["Things"],
            "responses": {"204": {"description": "done"}},
            "requestBody": copy.deepcopy(op(old)["requestBody"]),
        }
    }
    new = mutated(old, lambda d: thing(d)["properties"]["kind"]["enum"].remove("A"))
    (change,) = diff(old, new)
    assert change.rule == "request-property-enum-value-removed"
    assert change.operations == [f"POST {PATH}", "PUT /api/v1/other"]
    assert change.old == ["A"]


def test_schema_used_on_both_sides_is_reported_per_side() -> None:
    old = base("request")
    op(old)["responses"]["200"]["content"]["application/json"]["schema"] = {
        "$ref": "#/components/schemas/Thing"
    }
    new = mutated(old, lambda d: thing(d)["properties"]["kind"]["enum"].remove("A"))
    assert {(c.rule, c.level.value) for c in diff(old, new)} == {
        ("request-property-enum-value-removed", "breaking"),
        ("response-property-enum-value-removed", "non-breaking"),
    }


# (case, mutation of the new document, expected rule ids). Each is also checked in reverse where
# `reverse` names the rule the swapped diff must give.
OPERATION_CASES: list[tuple[str, Mutation, set[str], set[str] | None]] = [
    (
        "operation added",
        lambda d: d["paths"].update({"/api/v1/more": {"get": {"responses": {"200": {"description": "ok"}}}}}),
        {"endpoint-added"},
        {"endpoint-removed"},
    ),
    (
        "operation deprecated",
        lambda d: op(d).update(deprecated=True),
        {"endpoint-deprecated"},
        {"endpoint-undeprecated"},
    ),
    (
        "operationId changed",
        lambda d: op(d).update(operationId="create-thing"),
        {"api-operation-id-changed"},
        None,
    ),
    ("tags changed", lambda d: op(d).update(tags=["Other"]), {"api-tags-changed"}, None),
    ("summary changed", lambda d: op(d).update(summary="Create a thing"), {"documentation-changed"}, None),
    (
        "extension added",
        lambda d: op(d).update({"x-hubspot-auth-scoping-type": "ALL"}),
        {"extension-changed"},
        {"extension-changed"},
    ),
    (
        "required parameter added",
        lambda d: op(d)["parameters"].append(
            {"name": "q", "in": "query", "required": True, "schema": {"type": "string"}}
        ),
        {"new-required-request-parameter"},
        {"request-parameter-removed"},
    ),
    (
        "optional parameter added",
        lambda d: op(d)["parameters"].append({"name": "q", "in": "query", "schema": {"type": "string"}}),
        {"new-optional-request-parameter"},
        {"request-parameter-removed"},
    ),
    (
        "parameter became required",
        lambda d: op(d)["parameters"][1].update(required=True),
        {"request-parameter-became-required"},
        {"request-parameter-became-optional"},
    ),
    (
        "parameter type changed",
        lambda d: op(d)["parameters"][0].update(schema={"type": "string"}),
        {"request-parameter-type-changed"},
        {"request-parameter-type-changed"},
    ),
    (
        "parameter format changed",
        lambda d: op(d)["parameters"][0]["schema"].update(format="int64"),
        {"request-parameter-format-widened"},
        {"request-parameter-format-narrowed"},
    ),
    (
        "parameter enum value added",
        lambda d: op(d)["parameters"][1]["schema"]["enum"].append("z"),
        {"request-parameter-enum-value-added"},
        {"request-parameter-enum-value-removed"},
    ),
    (
        "parameter nullable",
        lambda d: op(d)["parameters"][1]["schema"].update(nullable=True),
        {"request-parameter-nullable-added"},
        {"request-parameter-nullable-removed"},
    ),
    (
        "parameter maxLength",
        lambda d: op(d)["parameters"][1]["schema"].update(maxLength=3),
        {"request-parameter-max-length-narrowed"},
        {"request-parameter-max-length-widened"},
    ),
    (
        "parameter default",
        lambda d: op(d)["parameters"][1]["schema"].update(default="x"),
        {"request-parameter-default-changed"},
        {"request-parameter-default-changed"},
    ),
    (
        "path parameter renamed",
        lambda d: (
            d["paths"].update({"/api/v1/things/{thingId}": d["paths"].pop(PATH)}),
            op_at(d, "/api/v1/things/{thingId}")["parameters"][0].update(name="thingId"),
        ),
        {"api-path-parameter-renamed", "api-path-changed"},
        None,
    ),
    (
        "request body removed",
        lambda d: op(d).pop("requestBody"),
        {"request-body-removed"},
        {"request-body-added-required"},
    ),
    (
        "request body became optional",
        lambda d: op(d)["requestBody"].update(required=False),
        {"request-body-became-optional"},
        {"request-body-became-required"},
    ),
    (
        "request media type added",
        lambda d: op(d)["requestBody"]["content"].update({"text/plain": {}}),
        {"request-body-media-type-added"},
        {"request-body-media-type-removed"},
    ),
    (
        "success status added",
        lambda d: op(d)["responses"].update({"201": {"description": "made"}}),
        {"response-success-status-added"},
        {"response-success-status-removed"},
    ),
    (
        "error status added",
        lambda d: op(d)["responses"].update({"404": {"description": "none"}}),
        {"response-non-success-status-added"},
        {"response-non-success-status-removed"},
    ),
    (
        "response media type added",
        lambda d: op(d)["responses"]["200"]["content"].update({"text/csv": {}}),
        {"response-media-type-added"},
        {"response-media-type-removed"},
    ),
    (
        "response header added",
        lambda d: op(d)["responses"]["200"]["headers"].update({"Location": {"schema": {"type": "string"}}}),
        {"response-header-added"},
        {"response-header-removed"},
    ),
    (
        "response header became required",
        lambda d: op(d)["responses"]["200"]["headers"]["X-Rate"].update(required=True),
        {"response-header-became-required"},
        {"response-header-became-optional"},
    ),
    (
        "response header type changed",
        lambda d: op(d)["responses"]["200"]["headers"]["X-Rate"].update(schema={"type": "string"}),
        {"response-header-type-changed"},
        {"response-header-type-changed"},
    ),
    (
        "response header format",
        lambda d: op(d)["responses"]["200"]["headers"]["X-Rate"]["schema"].update(format="int64"),
        {"response-header-format-narrowed"},
        {"response-header-format-widened"},
    ),
    (
        "response header enum",
        lambda d: op(d)["responses"]["200"]["headers"]["X-Rate"]["schema"].update(enum=[1, 2]),
        {"response-header-enum-added"},
        {"response-header-enum-removed"},
    ),
    (
        "response header enum value added",
        lambda d: d["components"]["headers"]["Mode"]["schema"]["enum"].append("b"),
        {"response-header-enum-value-added"},
        {"response-header-enum-value-removed"},
    ),
    (
        "response header nullable",
        lambda d: op(d)["responses"]["200"]["headers"]["X-Rate"]["schema"].update(nullable=True),
        {"response-header-nullable-added"},
        {"response-header-nullable-removed"},
    ),
    (
        "response header default",
        lambda d: op(d)["responses"]["200"]["headers"]["X-Rate"]["schema"].update(default=1),
        {"response-header-default-changed"},
        {"response-header-default-changed"},
    ),
    (
        "error schema via components/responses",
        lambda d: d["components"]["schemas"]["Error"]["properties"].pop("message"),
        {"response-property-removed"},
        {"response-property-added"},
    ),
    (
        "security alternative removed",
        lambda d: op(d)["security"].pop(),
        {"api-security-removed"},
        {"api-security-added"},
    ),
    (
        "scope required",
        lambda d: op(d)["security"][0]["oauth2"].append("things.write"),
        {"api-security-scope-added"},
        {"api-security-scope-removed"},
    ),
    (
        "anonymous access",
        lambda d: op(d).update(security=[]),
        {"api-security-anonymous-access-added"},
        {"api-security-anonymous-access-removed"},
    ),
    (
        "security alternatives reordered",
        lambda d: op(d)["security"].reverse(),
        {"api-security-spelling-changed"},
        {"api-security-spelling-changed"},
    ),
    (
        "query parameter explode false",
        lambda d: op(d)["parameters"][1].update(explode=False),
        {"request-parameter-serialization-changed"},
        {"request-parameter-serialization-changed"},
    ),
    (
        "operation servers set (no rule classifies it)",
        lambda d: op(d).update(servers=[{"url": "https://other.example.com"}]),
        {"unclassified-change"},
        {"unclassified-change"},
    ),
    (
        "security scheme header renamed",
        lambda d: d["components"]["securitySchemes"]["key"].update(name="X-Api-Key"),
        {"security-scheme-changed"},
        {"security-scheme-changed"},
    ),
    (
        "security scheme declared",
        lambda d: d["components"]["securitySchemes"].update(other={"type": "http", "scheme": "bearer"}),
        {"security-scheme-added"},
        {"security-scheme-removed"},
    ),
    (
        "scope catalogue changed",
        lambda d: d["components"]["securitySchemes"]["oauth2"]["flows"]["authorizationCode"]["scopes"].update(
            {"x.read": ""}
        ),
        {"security-scheme-scopes-changed"},
        {"security-scheme-scopes-changed"},
    ),
    (
        "component schema added",
        lambda d: d["components"]["schemas"].update(Unused={"type": "string"}),
        {"component-schema-added"},
        {"component-schema-removed"},
    ),
    (
        "servers changed",
        lambda d: d.update(servers=[{"url": "https://eu.example.com"}]),
        {"servers-changed"},
        {"servers-changed"},
    ),
    ("info changed", lambda d: d["info"].update(description="about"), {"info-changed"}, {"info-changed"}),
    (
        "unknown key changed",
        lambda d: op(d).update(callbacks={"x": {}}),
        {"unclassified-change"},
        {"unclassified-change"},
    ),
]


def op_at(doc: Doc, path: str) -> Doc:
    return doc["paths"][path]["post"]


@pytest.mark.parametrize(
    ("case", "mutation", "expected", "reverse"), OPERATION_CASES, ids=[case[0] for case in OPERATION_CASES]
)
def test_operation_rule(case: str, mutation: Mutation, expected: set[str], reverse: set[str] | None) -> None:
    old = base("request")
    new = mutated(old, mutation)
    assert {change.rule for change in diff(old, new)} == expected, case
    if reverse is not None:
        assert {change.rule for change in diff(new, old)} == reverse, case


def test_scope_catalogue_missing_scopes_key_is_read_as_empty() -> None:
    old = base()
    new = mutated(
        old,
        lambda d: d["components"]["securitySchemes"]["oauth2"]["flows"]["authorizationCode"].pop("scopes"),
    )
    (change,) = diff(old, new)
    assert (change.rule, change.old, change.new) == ("security-scheme-scopes-changed", ["things.read"], None)


def test_formatting_only_difference_is_cosmetic() -> None:
    doc = base()
    old = parse_spec("old", json.dumps(doc).encode())
    new = parse_spec("new", json.dumps(doc, indent=2, sort_keys=True).encode())
    assert [(c.rule, c.level.value) for c in diff_specs(old, new)] == [("formatting-changed", "cosmetic")]
    assert diff_specs(old, old) == []


def test_optional_request_body_added() -> None:
    old = mutated(base(), lambda d: op(d).pop("requestBody"))
    new = mutated(base(), lambda d: op(d)["requestBody"].update(required=False))
    assert [(c.rule, c.level.value) for c in diff(old, new)] == [
        ("request-body-added-optional", "non-breaking")
    ]


def test_null_example_equals_absent_example() -> None:
    old = base()
    new = mutated(old, lambda d: thing(d)["properties"]["id"].update(example=None))
    assert [c.rule for c in diff(old, new)] == ["formatting-changed"]


def test_version_bump_is_one_path_change_listing_operations() -> None:
    old = base()
    old["paths"]["/api/v1/things"] = {"get": {"responses": {"200": {"description": "ok"}}}}
    new = copy.deepcopy(old)
    new["paths"] = {path.replace("/v1/", "/v2/"): item for path, item in old["paths"].items()}
    (change,) = diff(old, new)
    assert (change.rule, change.pointer, change.old, change.new) == (
        "api-path-changed",
        "#/paths",
        "v1",
        "v2",
    )
    assert change.operations == ["GET /api/v2/things", "POST /api/v2/things/{id}"]


def test_every_rule_in_the_registry_has_a_synthetic_case() -> None:
    covered = {
        rule
        for case, location, direction in matrix()
        if (cell := expected(case, location, direction))
        for rule in [cell[0]]
    }
    covered |= {
        "formatting-changed",
        "request-body-added-optional",
        "schema-spelling-changed",
        "codegen-symbol-removed",  # tests/api_diff/test_api_diff_codegen.py
        "request-parameter-name-case-changed",  # tests/api_diff/test_api_diff_review.py
    }
    for _, _, expected_rules, reverse in OPERATION_CASES:
        covered |= expected_rules | (reverse or set())
    missing = set(RULES) - covered
    assert missing == set(), sorted(missing)
