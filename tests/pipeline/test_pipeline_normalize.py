"""Each normalization rule on a small document made for it, and the rules table in openapi/README.md."""

from __future__ import annotations

import copy
from typing import Any

import pytest

from scripts import normalize as rules
from tests.support.paths import REPO


def op(responses: dict[str, Any] | None = None, **extra: Any) -> dict[str, Any]:
    return {"responses": responses or {"200": {"description": ""}}, **extra}


def doc(paths: dict[str, Any], schemas: dict[str, Any] | None = None, **components: Any) -> dict[str, Any]:
    return {"openapi": "3.0.1", "paths": paths, "components": {"schemas": schemas or {}, **components}}


def ref(name: str) -> dict[str, str]:
    return {"$ref": f"#/components/schemas/{name}"}


def json_body(schema: dict[str, Any]) -> dict[str, Any]:
    return {"content": {"application/json": {"schema": schema}}}


def test_missing_oauth_scopes_are_added_and_present_ones_kept():
    schemes = {
        "a": {"type": "oauth2", "flows": {"authorizationCode": {"tokenUrl": "x", "authorizationUrl": "y"}}},
        "b": {"type": "oauth2", "flows": {"clientCredentials": {"tokenUrl": "x", "scopes": {"s": ""}}}},
    }
    document = doc({}, securitySchemes=schemes)
    rules.add_missing_oauth_scopes(document)
    flows = document["components"]["securitySchemes"]
    assert flows["a"]["flows"]["authorizationCode"]["scopes"] == {}
    assert flows["b"]["flows"]["clientCredentials"]["scopes"] == {"s": ""}


@pytest.mark.parametrize(
    "path",
    [
        "/conversations/custom-channels/2026-03/{channelId}/messages/{messageId}",
        "/conversations/custom-channels/2026-09/{channelId}/messages/{messageId}",
        "/conversations/v3/custom-channels/{channelId}/messages/{messageId}",
    ],
)
def test_operation_ids_ignore_the_version_segment(path):
    document = doc({path: {"patch": op(operationId=f"patch-{path}_junk")}})
    rules.stable_operation_ids(document)
    assert document["paths"][path]["patch"]["operationId"] == "update_message_status"


def test_an_unknown_operation_still_gets_a_stable_readable_id():
    path = "/conversations/custom-channels/2026-03/{channelId}/widgets/{widgetId}"
    document = doc({path: {"get": op(operationId="get-" + path)}})
    rules.stable_operation_ids(document)
    assert (
        document["paths"][path]["get"]["operationId"]
        == "get_conversations_custom_channels_channelId_widgets_widgetId"
    )


def test_summaries_are_ours_and_tags_follow_the_resource():
    paths = {
        "/conversations/custom-channels/v3": {"get": op(tags=["Basic"])},
        "/conversations/custom-channels/v3/{channelId}/channel-accounts/{channelAccountId}": {
            "get": op(tags=["Channels"])
        },
        "/conversations/custom-channels/v3/{channelId}/channel-account-staging-tokens/{accountToken}": {
            "patch": op()
        },
    }
    document = doc(paths)
    document["tags"] = [{"name": "Basic"}]
    rules.own_summaries(document)
    rules.resource_tags(document)
    listed = document["paths"]["/conversations/custom-channels/v3"]["get"]
    assert listed["summary"] == rules.OPERATIONS[("get", "/conversations/custom-channels")][1]
    assert listed["tags"] == ["channels"]
    assert document["paths"][list(paths)[1]]["get"]["tags"] == ["channel_accounts"]
    assert document["paths"][list(paths)[2]]["patch"]["tags"] == ["staging_tokens"]
    assert "tags" not in document


def test_schema_titles_are_dropped_but_a_property_named_title_is_not():
    schemas = {"A": {"title": "FILE", "type": "object", "properties": {"title": {"type": "string"}}}}
    document = doc({}, schemas)
    rules.drop_schema_titles(document)
    assert "title" not in document["components"]["schemas"]["A"]
    assert document["components"]["schemas"]["A"]["properties"]["title"] == {"type": "string"}


def test_one_value_enums_become_const_and_longer_enums_stay():
    schemas = {
        "A": {
            "type": "object",
            "properties": {
                "type": {"type": "string", "enum": ["FILE"], "default": "FILE"},
                "kind": {"type": "string", "enum": ["X", "Y"]},
            },
        }
    }
    document = doc({}, schemas)
    rules.single_value_enums_to_const(document)
    props = document["components"]["schemas"]["A"]["properties"]
    assert props["type"] == {"type": "string", "const": "FILE"}
    assert props["kind"]["enum"] == ["X", "Y"]


def test_empty_object_schemas_accept_any_value_but_open_maps_stay():
    schemas = {
        "A": {
            "type": "object",
            "properties": {
                "name": {"type": "object", "properties": {}},
                "caps": {"type": "object", "additionalProperties": {"type": "object", "properties": {}}},
                "free": {"type": "object", "properties": {}, "additionalProperties": {"type": "string"}},
            },
        }
    }
    document = doc({}, schemas)
    rules.empty_objects_accept_any_value(document)
    props = document["components"]["schemas"]["A"]["properties"]
    assert props["name"] == {}
    assert props["caps"] == {"type": "object", "additionalProperties": {}}
    assert props["free"]["additionalProperties"] == {"type": "string"}


def test_huge_enums_become_strings_keeping_their_values():
    values = [f"v{i}" for i in range(rules.HUGE_ENUM + 1)]
    schemas = {
        "A": {"type": "array", "items": {"type": "string", "enum": list(values)}},
        "B": {"type": "string", "enum": ["a", "b"]},
    }
    document = doc({}, schemas)
    rules.huge_enums_to_strings(document)
    assert document["components"]["schemas"]["A"]["items"] == {"type": "string", rules.KNOWN_VALUES: values}
    assert document["components"]["schemas"]["B"]["enum"] == ["a", "b"]


def test_enums_a_response_can_carry_are_opened_and_request_only_enums_stay_strict():
    schemas = {
        "Status": {
            "type": "object",
            "properties": {"statusType": {"type": "string", "enum": ["SENT", "READ"]}},
        },
        "Update": {
            "type": "object",
            "properties": {"statusType": {"type": "string", "enum": ["SENT", "READ"]}},
        },
    }
    paths = {
        "/x": {
            "patch": {
                "requestBody": json_body(ref("Update")),
                "responses": {"200": {"description": "", **json_body(ref("Status"))}},
            }
        }
    }
    document = doc(paths, schemas)
    rules.open_response_enums(document)
    status = document["components"]["schemas"]["Status"]["properties"]["statusType"]
    assert "enum" not in status and status[rules.KNOWN_VALUES] == ["SENT", "READ"]
    assert document["components"]["schemas"]["Update"]["properties"]["statusType"]["enum"] == ["SENT", "READ"]


def test_response_unions_get_an_open_last_member_once_and_request_unions_stay_closed():
    def kind(value: str) -> dict[str, Any]:
        return {"type": "object", "properties": {"type": {"type": "string", "const": value}}}

    def carrier(*names: str) -> dict[str, Any]:
        return {
            "type": "object",
            "properties": {"attachments": {"type": "array", "items": {"oneOf": [ref(n) for n in names]}}},
        }

    schemas = {
        "F": kind("FILE"),
        "L": kind("LOCATION"),
        "Msg": carrier("F", "L"),
        "Egg": carrier("F", "L"),
        "Other": {"oneOf": [{"type": "string"}, {"type": "integer"}]},
        "Out": {"type": "object", "properties": {"x": ref("Other")}},
    }
    paths = {
        "/m": {
            "post": {
                "requestBody": json_body(ref("Egg")),
                "responses": {
                    "200": {"description": "", **json_body(ref("Msg"))},
                    "201": {"description": "", **json_body(ref("Out"))},
                },
            }
        }
    }
    document = doc(paths, schemas)
    rules.open_unions(document)
    rules.open_unions(document)  # idempotent
    result = document["components"]["schemas"]
    assert result["Msg"]["properties"]["attachments"]["items"] == {
        "anyOf": [ref("F"), ref("L"), ref(rules.OPEN_UNION_MEMBER)]
    }
    assert result["Egg"]["properties"]["attachments"]["items"] == {"oneOf": [ref("F"), ref("L")]}
    assert result["Other"] == {"oneOf": [{"type": "string"}, {"type": "integer"}]}  # not discriminated
    assert result[rules.OPEN_UNION_MEMBER]["required"] == ["type"]


def test_patch_bodies_that_require_everything_become_partial_but_a_real_requirement_stays():
    schemas = {
        "AllRequired": {"type": "object", "required": ["a", "b"], "properties": {"a": {}, "b": {}}},
        "StatusUpdate": {
            "type": "object",
            "required": ["statusType"],
            "properties": {"statusType": {}, "errorMessage": {}},
        },
        "Create": {"type": "object", "required": ["a", "b"], "properties": {"a": {}, "b": {}}},
    }
    paths = {
        "/a": {
            "patch": op(requestBody=json_body(ref("AllRequired"))),
            "post": op(requestBody=json_body(ref("Create"))),
        },
        "/b": {"patch": op(requestBody=json_body(ref("StatusUpdate")))},
    }
    document = doc(paths, schemas)
    rules.partial_patch_bodies(document)
    result = document["components"]["schemas"]
    assert "required" not in result["AllRequired"]
    assert result["StatusUpdate"]["required"] == ["statusType"]
    assert result["Create"]["required"] == ["a", "b"]


def test_error_bodies_have_no_required_fields():
    schemas = {
        "Error": {
            "type": "object",
            "required": ["category", "message"],
            "properties": {"category": {}, "message": {}},
        },
        "Ok": {"type": "object", "required": ["id"], "properties": {"id": {}}},
    }
    responses = {"Error": {"description": "", **json_body(ref("Error"))}}
    paths = {
        "/a": {
            "get": op(
                {
                    "200": {"description": "", **json_body(ref("Ok"))},
                    "default": {"$ref": "#/components/responses/Error"},
                }
            )
        }
    }
    document = doc(paths, schemas, responses=responses)
    rules.optional_error_fields(document)
    assert "required" not in document["components"]["schemas"]["Error"]
    assert document["components"]["schemas"]["Ok"]["required"] == ["id"]


def test_normalize_leaves_its_input_alone_and_is_idempotent():
    import json

    vendored = json.loads((REPO / "openapi" / "custom-channels-2026-03.json").read_text())
    before = copy.deepcopy(vendored)
    once = rules.normalize(vendored)
    assert vendored == before
    assert rules.normalize(once) == once


def test_every_rule_is_in_the_rules_table():
    table = (REPO / "openapi" / "README.md").read_text()
    for rule in rules.RULES:
        assert f"`{rule.__name__}`" in table, rule.__name__


def test_the_normalized_document_declares_openapi_3_1_where_const_exists():
    document = doc({})
    rules.declare_openapi_3_1(document)
    assert document["openapi"] == "3.1.0"


def test_an_empty_content_map_is_removed_and_real_content_kept():
    ok = {"description": "", **json_body({"type": "string"})}
    paths = {"/a": {"delete": op({"204": {"description": "", "content": {}}, "200": ok})}}
    document = doc(paths)
    rules.empty_content_means_no_body(document)
    responses = document["paths"]["/a"]["delete"]["responses"]
    assert responses["204"] == {"description": ""}
    assert responses["200"] == ok


def test_the_normalized_document_is_valid_openapi_3_1():
    import json

    from jsonschema_path import SchemaPath
    from openapi_spec_validator import OpenAPIV31SpecValidator

    for version in ("2026-03", "2026-09", "v3"):
        vendored = json.loads((REPO / "openapi" / f"custom-channels-{version}.json").read_text())
        OpenAPIV31SpecValidator(SchemaPath.from_dict(rules.normalize(vendored))).validate()
