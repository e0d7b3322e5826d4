"""Review 13's findings on normalization and the conformance check (F2, F3, F4, F6, F7; /work/r13-findings.md),
and the report's defects on PATCH fields and shared request/response components, on documents crafted from
the vendored 2026-03 document (documents HubSpot has not published)."""

from __future__ import annotations

import copy
import json
from pathlib import Path
from typing import Any

import pytest

from scripts import conformance
from scripts import normalize as rules
from scripts.conformance_facade import load_package
from scripts.generate import generate_package
from scripts.normalize import normalize
from scripts.normalize_spellings import SpellingError
from tests.support.paths import REPO

VENDORED = REPO / "openapi" / "custom-channels-2026-03.json"
BASE: dict[str, Any] = json.loads(VENDORED.read_text())
RESP = "PublicConversationsMessage"  # the message read by get_message / publish_message
PATCH = "PublicChannelIntegrationChannelPatch"


def base() -> dict[str, Any]:
    return copy.deepcopy(BASE)


def schemas(doc: dict[str, Any]) -> dict[str, Any]:
    return doc["components"]["schemas"]


def _minimal_message(**changes: Any) -> dict[str, Any]:
    message = {
        "archived": False, "attachments": [], "channelAccountId": "1", "channelId": "1",
        "client": {"clientType": "HUBSPOT"}, "conversationsThreadId": "1",
        "createdAt": "2026-03-19T05:31:56Z", "createdBy": "A-1", "direction": "INCOMING", "id": "1",
        "recipients": [], "senders": [], "text": "t", "truncationStatus": "NOT_TRUNCATED", "type": "MESSAGE",
    }  # fmt: skip
    return message | changes


def _models(document: dict[str, Any], tmp_path: Path) -> Any:
    generate_package(document, "v2026_03", tmp_path)
    return __import__(f"{load_package(tmp_path / 'v2026_03')}.models", fromlist=["models"])


# --- F2: a one-value response enum stays open ----------------------------------------------------------------


def test_f2_a_one_value_response_enum_reads_a_new_value(tmp_path):
    """normalize turned `type: enum [MESSAGE]` into a closed `const` that open_response_enums left closed: the
    generated message raised on `COMMENT`. The response side is open now (the value kept), the request side
    strict. (tests/facade/test_facade_models.py's `wrong-type` case, a message of type NOTE being
    unreadable, states the old behaviour and contradicts this finding: reported to the facade's owner.)"""
    document = normalize(base())
    assert schemas(document)[RESP]["properties"]["type"] == {"type": "string", "x-known-values": ["MESSAGE"]}
    models = _models(document, tmp_path)
    parsed = models.PublicConversationsMessage.from_dict(_minimal_message(type="COMMENT"))
    assert parsed.to_dict()["type"] == "COMMENT"
    request_status = schemas(document)["PublicChannelIntegrationMessageUpdateRequest"]["properties"]
    assert request_status["statusType"]["enum"] == ["FAILED", "READ", "SENT"]  # requests stay strict


def test_union_discriminators_stay_const_so_the_open_union_can_tell_members_apart():
    message = schemas(normalize(base()))[RESP]
    members = message["properties"]["attachments"]["items"]["anyOf"]
    kinds = [rules.resolve(normalize(base()), m)["properties"]["type"] for m in members[:-1]]
    assert kinds and all("const" in kind for kind in kinds)


# --- F3 / F4: one normalized schema for every spelling ---------------------------------------------------------


def _to_const(node: Any) -> Any:
    """The 3.1 spelling of every one-value enum: `const` (the `default` beside it kept, as 3.1 allows)."""
    if isinstance(node, dict):
        node = {k: _to_const(v) for k, v in node.items()}
        if isinstance(node.get("enum"), list) and len(node["enum"]) == 1:
            node["const"] = node.pop("enum")[0]
        return node
    if isinstance(node, list):
        return [_to_const(item) for item in node]
    return node


def test_f3_const_spelling_of_a_one_value_enum_normalizes_like_the_enum():
    doc = base()
    assert normalize(_to_const(doc)) == normalize(doc)  # the whole document: the same generated code


def test_f3_check_upstream_on_the_const_spelling_is_clean(tmp_path, capsys):
    from scripts import ci_api_diff
    from tests.support.paths import SPECS

    published = json.loads((SPECS / "2026-03.json").read_text())
    path = tmp_path / "published.json"
    path.write_text(json.dumps(_to_const(published)))
    code = ci_api_diff.main(["check-upstream", "--spec", str(VENDORED), "--published", str(path)])
    assert code == 0, capsys.readouterr().out[-1500:]


@pytest.mark.parametrize(
    "spelling",
    [
        {"type": ["object", "null"], "properties": {}},
        {"type": ["null", "object"], "properties": {}},
        {"anyOf": [{"type": "object", "properties": {}}, {"type": "null"}]},
    ],
    ids=["3.1-type-list", "3.1-type-list-null-first", "anyOf-null"],
)
def test_f4_nullable_publisher_any_value_normalizes_the_same_in_every_spelling(spelling):
    def with_value(schema: Any) -> Any:
        doc = base()
        schemas(doc)[RESP]["properties"]["v"] = schema
        return schemas(normalize(doc))[RESP]["properties"]["v"]

    reference = with_value({"type": "object", "properties": {}, "nullable": True})  # 3.0 spelling -> {}
    assert reference == {}
    assert with_value(spelling) == reference


# --- defect (a): PATCH fields published as empty objects -------------------------------------------------------


@pytest.mark.parametrize(
    "version", ["2026-03", "v3"]
)  # v3 creates at .../custom-channels/v3, patches at v3/...
def test_patch_fields_published_as_empty_objects_take_the_create_body_type(version):
    published = json.loads((REPO / "openapi" / f"custom-channels-{version}.json").read_text())
    assert schemas(published)[PATCH]["properties"]["name"] == {"type": "object", "properties": {}}
    document = normalize(published)
    patch = schemas(document)[PATCH]["properties"]
    create = rules.resolve(document, _create_channel_body(document))["properties"]
    for name in ("name", "webhookUrl", "channelDescription", "channelLogoUrl"):
        assert create[name] == {"type": "string"}, name
        assert patch[name] == {"type": ["string", "null"]}, name  # what create takes, or null: clear it
    assert patch["capabilities"] == create["capabilities"]  # a map of any values, as in the create body


def _create_channel_body(document: dict[str, Any]) -> Any:
    operation = next(
        op for m, _p, op in rules.iter_operations(document) if op["operationId"] == "create_channel"
    )
    return operation["requestBody"]["content"]["application/json"]["schema"]


def test_a_patch_field_without_a_create_counterpart_stays_any_value():
    doc = base()
    schemas(doc)[PATCH]["properties"]["newField"] = {"type": "object", "properties": {}}
    assert schemas(normalize(doc))[PATCH]["properties"]["newField"] == {}


# --- defect (b): a component shared by requests and responses --------------------------------------------------


def test_a_shared_component_is_strict_in_requests_and_open_in_responses(tmp_path):
    document = normalize(base())
    shared = schemas(document)["PublicDeliveryIdentifier"]  # responses (and webhooks) read this one
    strict = schemas(document)["PublicDeliveryIdentifierRequest"]  # requests send this one
    assert "x-known-values" in shared["properties"]["type"] and "enum" not in shared["properties"]["type"]
    assert strict["properties"]["type"]["enum"] == shared["properties"]["type"]["x-known-values"]
    token = schemas(document)["PublicChannelAccountStagingTokenUpdateRequest"]["properties"]
    assert token["deliveryIdentifier"] == {"$ref": "#/components/schemas/PublicDeliveryIdentifierRequest"}
    models = _models(document, tmp_path)
    assert (
        models.PublicDeliveryIdentifier.from_dict({"type": "A_NEW_KIND", "value": "v"}).type_ == "A_NEW_KIND"
    )
    with pytest.raises(ValueError):
        models.PublicDeliveryIdentifierRequest.from_dict({"type": "A_NEW_KIND", "value": "v"})


# --- F6: the conformance check tests the tolerant reader -------------------------------------------------------


@pytest.mark.parametrize("dropped", ["open_response_enums", "open_unions", "optional_error_fields"])
def test_f6_generation_fails_when_a_tolerant_reader_rule_is_dropped(monkeypatch, tmp_path, dropped):
    monkeypatch.setattr(rules, "RULES", tuple(r for r in rules.RULES if r.__name__ != dropped))
    document = rules.normalize(base())
    generate_package(document, "v2026_03", tmp_path)
    report = conformance.check_package("2026-03", tmp_path / "v2026_03", document=document)
    assert report.failures, f"{report.payloads} payloads, no failure without {dropped}"
    assert all("tolerant reader" in failure.variant for failure in report.failures), report.describe()


def test_tolerant_reader_payloads_are_exempt_from_the_schema_self_check_and_pass_today():
    report = conformance.check_package("2026-03", REPO / "generated" / "hubspot_channels_api" / "v2026_03")
    assert report.failures == [], report.describe()


# --- F7: shapes no value satisfies fail loudly ----------------------------------------------------------------


@pytest.mark.parametrize(
    "schema",
    [
        {"allOf": [{"type": "string"}, {"type": "integer"}]},
        {"type": "string", "enum": [1, 2]},
        {"type": "string", "const": 3},
        {"not": {}},
        {"type": "string", "minLength": 5, "maxLength": 2},
        {"type": "integer", "minimum": 5, "maximum": 2},
        {"type": "array", "minItems": 3, "maxItems": 1},
        {
            "type": "object",
            "properties": {"a": {"type": "string"}},
            "additionalProperties": False,
            "required": ["b"],
        },
        {"oneOf": [{"type": "string", "maxLength": 3}, {"type": "string", "maxLength": 3}]},
    ],
)
def test_f7_an_unsatisfiable_schema_fails_normalization_with_its_pointer(schema):
    doc = base()
    schemas(doc)[RESP]["properties"]["v"] = schema
    with pytest.raises(SpellingError, match=f"#/components/schemas/{RESP}/properties/v"):
        normalize(doc)


@pytest.mark.parametrize(
    "schema",
    [
        {"allOf": [{"type": "number"}, {"type": "integer"}]},
        {"type": ["string", "null"], "enum": ["a", None]},
        {"type": "string", "minLength": 2, "maxLength": 2},
        {"type": "object", "properties": {"a": {}}, "additionalProperties": False, "required": ["a"]},
    ],
)
def test_satisfiable_neighbours_of_those_shapes_still_normalize(schema):
    doc = base()
    schemas(doc)[RESP]["properties"]["v"] = schema
    normalize(doc)
