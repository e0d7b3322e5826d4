"""Equivalent spellings normalize to one document, at any depth, and that document generates a client that
round-trips its payloads; a shape no rule can decide fails with its pointer."""

from __future__ import annotations

import copy
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from scripts import conformance
from scripts import normalize as rules
from scripts.generate import generate_package
from scripts.normalize_spellings import SpellingError

THING = {"$ref": "#/components/schemas/Thing"}
ALIAS = {"$ref": "#/components/schemas/ThingAlias"}
ANY_REF = {"$ref": "#/components/schemas/Anything"}
TYPES = ["object", "array", "string", "number", "integer", "boolean", "null"]

# meaning -> equivalent spellings (the first is the one the others must normalize like)
MEANINGS: dict[str, list[Any]] = {
    "any value": [
        {}, True, {"type": TYPES}, {"type": list(reversed(TYPES))}, {"anyOf": [{"type": t} for t in TYPES]},
        {"oneOf": [{"type": t} for t in reversed(TYPES)]}, {"anyOf": [{}]}, {"allOf": [], "oneOf": [True]},
        ANY_REF,
    ],
    "any object": [
        {"type": "object", "additionalProperties": {}}, {"type": "object"},
        {"type": "object", "additionalProperties": True},
        {"type": "object", "properties": {}, "additionalProperties": True}, {"allOf": [{"type": "object"}]},
    ],
    "nullable string": [
        {"type": ["string", "null"]}, {"type": "string", "nullable": True}, {"type": ["null", "string"]},
        {"anyOf": [{"type": "string"}, {"type": "null"}]}, {"oneOf": [{"type": "null"}, {"type": "string"}]},
        {"oneOf": [{"anyOf": [{"type": "null"}, {"type": "string", "nullable": False}]}]},
    ],
    "nullable enum": [
        {"type": ["string", "null"], "enum": ["A", "B", None]}, {"type": "string", "enum": ["A", "B"], "nullable": True},
        {"type": "string", "enum": ["A", "B", None]}, {"anyOf": [{"type": "string", "enum": ["A", "B"]}, {"type": "null"}]},
    ],
    "nullable reference": [
        {"anyOf": [THING, {"type": "null"}]}, {"oneOf": [{"type": "null"}, THING]}, {"allOf": [THING], "nullable": True},
        {"anyOf": [{"allOf": [THING]}, {"type": "null"}]}, {"anyOf": [ALIAS, {"type": "null"}]},
    ],
    "reference": [THING, {"allOf": [THING]}, {"oneOf": [THING]}, {"anyOf": [THING], "allOf": []}, ALIAS, {"oneOf": [ALIAS]}],
}  # fmt: skip


def place(schema: Any, position: str, depth: int) -> dict[str, Any]:
    """A response schema holding schema at position, itself nested depth objects deep."""
    if position == "property":
        holder: dict[str, Any] = {"type": "object", "properties": {"value": schema}}
    elif position == "items":
        holder = {"type": "object", "properties": {"value": {"type": "array", "items": schema}}}
    elif position == "map value":
        holder = {
            "type": "object",
            "properties": {"value": {"type": "object", "additionalProperties": schema}},
        }
    else:  # a composition branch
        holder = {"allOf": [{"type": "object", "properties": {"value": schema}}, {"type": "object"}]}
    for level in range(depth):
        holder = {"type": "object", "properties": {f"level{level}": holder}}
    return holder


def document(schema: Any, position: str, depth: int) -> dict[str, Any]:
    body = {"content": {"application/json": {"schema": {"$ref": "#/components/schemas/Holder"}}}}
    return {
        "openapi": "3.0.1",
        "info": {"title": "t", "version": "v1"},
        "paths": {
            "/widgets/{widgetId}": {
                "get": {
                    "parameters": [
                        {"name": "widgetId", "in": "path", "required": True, "schema": {"type": "string"}},
                        {"name": "filter", "in": "query", "schema": copy.deepcopy(schema)},
                    ],
                    "responses": {"200": {"description": "", **body}},
                },
            },
            "/widgets": {"post": {"requestBody": body, "responses": {"200": {"description": "", **body}}}},
        },
        "components": {
            "schemas": {
                "Holder": place(copy.deepcopy(schema), position, depth),
                "Thing": {"type": "object", "required": ["name"], "properties": {"name": {"type": "string"}}},
                "ThingAlias": THING,
                "Anything": True,
            }
        },
    }


POSITIONS = ["property", "items", "map value", "branch"]


@settings(max_examples=150, deadline=None, derandomize=True)
@given(
    meaning=st.sampled_from(sorted(MEANINGS)),
    data=st.data(),
    position=st.sampled_from(POSITIONS),
    depth=st.integers(0, 2),
)
def test_every_spelling_of_a_meaning_normalizes_to_the_same_document(meaning, data, position, depth):
    spellings = MEANINGS[meaning]
    spelling = data.draw(st.sampled_from(spellings[1:]))
    canonical = rules.normalize(document(spellings[0], position, depth))
    assert rules.normalize(document(spelling, position, depth)) == canonical


def test_the_canonical_spellings_generate_a_client_that_round_trips_them(tmp_path):
    holder: dict[str, Any] = {"type": "object", "properties": {}}
    for meaning, spellings in sorted(MEANINGS.items()):
        for position in POSITIONS:
            name = f"{meaning} {position}".replace(" ", "_")
            holder["properties"][name] = place(spellings[-1], position, 1)  # the least canonical spelling
    spec = document({}, "property", 0)
    spec["components"]["schemas"]["Holder"] = holder
    normalized = rules.normalize(spec)
    generate_package(normalized, "spellings_client", tmp_path)
    report = conformance.check_package("v1", tmp_path / "spellings_client", document=normalized, seeds=[])
    assert report.failures == [], report.describe()
    assert report.payloads > 100


@pytest.mark.parametrize(
    ("schema", "pointer"),
    [
        (False, "#/components/schemas/Holder/properties/value"),
        ({"type": []}, "#/components/schemas/Holder/properties/value"),
        ({"$ref": "#/components/schemas/Loop"}, "#/components/schemas/Holder/properties/value"),
    ],
    ids=["false", "no type", "reference cycle"],
)
def test_a_shape_no_rule_can_decide_fails_with_its_pointer(schema, pointer):
    spec = document(schema, "property", 0)
    spec["components"]["schemas"]["Loop"] = {"$ref": "#/components/schemas/Loop2"}
    spec["components"]["schemas"]["Loop2"] = {"$ref": "#/components/schemas/Loop"}
    spec["paths"]["/widgets/{widgetId}"]["get"]["parameters"].pop()  # the pointer named is the component's
    with pytest.raises(SpellingError, match=pointer.replace("$", r"\$")):
        rules.normalize(spec)
