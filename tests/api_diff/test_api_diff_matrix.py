"""The mutation matrix: every case of scripts/apidiff/_cases.py at every location, in both directions."""

import copy
import json
from typing import Any

import pytest

from scripts.apidiff import RULES, Change, diff_specs, parse_spec
from scripts.apidiff._cases import CASES, DIRECTIONS, LOCATIONS, Case, expected, matrix
from scripts.apidiff._rules import _SCHEMA_ASPECTS, _THINGS_BY_SIDE

PATH = "/things/{id}"
OPERATION = f"POST {PATH}"
Doc = dict[str, Any]


def document(location: str, schema: Any) -> Doc:
    """One operation with `schema` at `location`; everything else fixed."""
    body: Doc = {"$ref": "#/components/schemas/Body"}
    parameters: list[Doc] = [{"name": "id", "in": "path", "required": True, "schema": {"type": "string"}}]
    headers: Doc = {}
    components: Doc = {"Body": {"type": "object", "properties": {"note": {"type": "string"}}}}
    if location in ("request body", "response body"):
        components["Value"] = {"type": "object", "properties": {"value": copy.deepcopy(schema)}}
    if location == "path parameter":
        parameters[0]["schema"] = copy.deepcopy(schema)
    elif location in ("query parameter", "header parameter"):
        where, name = ("query", "q") if location == "query parameter" else ("header", "X-Q")
        parameters.append({"name": name, "in": where, "schema": copy.deepcopy(schema)})
    elif location == "response header":
        headers["X-R"] = {"schema": copy.deepcopy(schema)}
    request = {"$ref": "#/components/schemas/Value"} if location == "request body" else body
    response = {"$ref": "#/components/schemas/Value"} if location == "response body" else body
    return {
        "openapi": "3.1.0",
        "info": {"title": "matrix", "version": "1"},
        "paths": {
            PATH: {
                "post": {
                    "operationId": "post-thing",
                    "parameters": parameters,
                    "requestBody": {"required": True, "content": {"application/json": {"schema": request}}},
                    "responses": {
                        "200": {
                            "description": "ok",
                            "headers": headers,
                            "content": {"application/json": {"schema": response}},
                        }
                    },
                }
            }
        },
        "components": {"schemas": components},
    }


def diff(old: Doc, new: Doc) -> list[Change]:
    return diff_specs(
        parse_spec("old", json.dumps(old).encode()), parse_spec("new", json.dumps(new).encode())
    )


def _id(cell: tuple[Case, str, str]) -> str:
    case, location, direction = cell
    return f"{case.keyword}:{case.change}:{location}:{direction}"


@pytest.mark.parametrize("cell", matrix(), ids=[_id(cell) for cell in matrix()])
def test_mutation_matrix(cell: tuple[Case, str, str]) -> None:
    case, location, direction = cell
    before, after = document(location, case.before), document(location, case.after)
    old, new = (before, after) if direction == "forward" else (after, before)
    changes = diff(old, new)
    want = expected(case, location, direction)
    if want is None:
        assert [(c.rule, c.pointer) for c in changes if c.level.value != "cosmetic"] == []
        return
    assert [(c.rule, c.level) for c in changes] == [want]
    assert changes[0].operations == [OPERATION]
    # The reverse diff reports the same place, so acceptances by rule + pointer survive a revert.
    (back,) = diff(new, old)
    assert back.pointer == changes[0].pointer


def test_matrix_covers_every_keyword_location_and_direction() -> None:
    keywords = {case.keyword for case in CASES}
    assert keywords >= {
        "type",
        "format",
        "enum",
        "const",
        "minimum",
        "maximum",
        "exclusiveMinimum",
        "exclusiveMaximum",
        "minLength",
        "maxLength",
        "pattern",
        "minItems",
        "maxItems",
        "uniqueItems",
        "minProperties",
        "maxProperties",
        "required",
        "nullable",
        "readOnly",
        "writeOnly",
        "additionalProperties",
        "default",
        "oneOf",
        "anyOf",
        "allOf",
        "items",
        "multipleOf",
        "not",
    }
    assert len(matrix()) == len(CASES) * len(LOCATIONS) * len(DIRECTIONS)


def test_every_schema_rule_is_pinned_by_a_case_and_the_levels_agree() -> None:
    pinned: dict[str, str] = {}
    for case, location, direction in matrix():
        cell = expected(case, location, direction)
        if cell is not None:
            rule, level = cell
            assert RULES[rule].level is level, (rule, case.change)
            pinned[rule] = case.change
    schema_rules = {
        template.format(side=side, thing=thing)
        for template, *_rest, things in _SCHEMA_ASPECTS
        for side in ("request", "response")
        for thing in things
        if thing in _THINGS_BY_SIDE[side]
    }
    assert schema_rules - pinned.keys() == set()


@pytest.mark.parametrize(("side", "level"), [("request body", "non-breaking"), ("response body", "breaking")])
def test_issue_examples_int32_to_int64_and_becoming_a_one_of(side: str, level: str) -> None:
    widened = diff(
        document(side, {"type": "integer", "format": "int32"}),
        document(side, {"type": "integer", "format": "int64"}),
    )
    assert [c.level.value for c in widened] == [level]
    became_one_of = diff(
        document(side, {"type": "string"}),
        document(side, {"oneOf": [{"type": "string"}, {"type": "integer"}]}),
    )
    assert [c.level.value for c in became_one_of] == [level]
