"""The conformance check: every generated package reads and writes realistic traffic, every publication in
../shared included, and a broken normalization rule fails generation naming operation, pointer and payload."""

from __future__ import annotations

import json
from typing import Any

import pytest

from scripts import conformance, conformance_facade, generate
from scripts import normalize as rules
from scripts.conformance_synth import synthesize
from tests.support.generated_cache import normalized_publication
from tests.support.paths import PUBLISHED, REPO

VENDORED = sorted(
    p.name.removeprefix("custom-channels-").removesuffix(".json")
    for p in (REPO / "openapi").glob("custom-channels-*.json")
    if not p.name.endswith(".provenance.json")
)
MESSAGE = "#/components/schemas/PublicConversationsMessage"


def normalized(version: str) -> dict[str, Any]:
    return json.loads(
        (conformance_facade.package_dir(version, REPO / "generated") / "openapi.json").read_text()
    )


@pytest.mark.parametrize("version", VENDORED)
def test_each_committed_package_round_trips_its_synthesized_payloads(version):
    report = conformance.check_package(version, conformance_facade.package_dir(version, REPO / "generated"))
    assert report.failures == [], report.describe()
    assert report.payloads > 300  # every operation, both baselines, every option: not a token sample


def test_payloads_cover_every_attachment_kind_enum_value_and_free_form_type():
    document = normalized("2026-03")
    message = document["components"]["schemas"]["PublicConversationsMessage"]
    payloads = list(synthesize(document, {"$ref": MESSAGE}, MESSAGE))
    kinds = {a.get("type") for p in payloads for a in p.value.get("attachments", [])}
    members = message["properties"]["attachments"]["items"]["anyOf"]
    consts = {rules.resolve(document, m)["properties"]["type"].get("const") for m in members}
    assert consts - {None} <= kinds and len(kinds) == len(members)  # the open member has a kind of its own
    statuses = {p.value.get("status", {}).get("statusType") for p in payloads}
    known = rules.resolve(document, message["properties"]["status"])["properties"]["statusType"]
    assert set(known["x-known-values"]) | {"A_VALUE_NEW_TO_US"} <= statuses
    channel = "#/components/schemas/PublicChannelIntegrationChannel"
    values = [
        p.value["capabilities"].get("first", "absent")
        for p in synthesize(document, {"$ref": channel}, channel)
    ]
    assert {type(v) for v in values} == {dict, list, str, int, float, bool, type(None)}
    assert any(isinstance(v, dict) and isinstance(v.get("object"), dict) for v in values)  # nested, too
    required_only = next(p.value for p in payloads if p.variant == "required fields only")
    assert set(required_only) == set(message["required"])
    assert payloads == list(synthesize(document, {"$ref": MESSAGE}, MESSAGE))  # deterministic


def test_the_seed_page_example_is_checked():
    seeds = conformance.read_seeds()
    if not seeds:
        pytest.skip("no seed page in ../shared")
    assert {(s.method, s.path) for s in seeds} >= {
        ("patch", "/conversations/custom-channels/{channelId}/messages/{messageId}")
    }
    report = conformance.check_package(
        "2026-03", conformance_facade.package_dir("2026-03", REPO / "generated"), seeds=seeds
    )
    assert report.failures == []


# Each distinct normalized document is generated and checked once per session, whichever worker meets it
# first (the cache, shared with the generation test and across workers): the history repeats itself (43
# publications, 28 distinct documents today).
@pytest.mark.parametrize("published", PUBLISHED, ids=lambda p: p.stem)
def test_every_publication_in_shared_generates_a_conforming_client(published, generated_cache):
    document = normalized_publication(published)
    version = document["info"]["version"]
    report = generated_cache.derived(
        document,
        "client",
        "conformance",
        lambda package: conformance.check_package(version, package, document),
    )
    assert report.failures == [], report.describe()


def _every_response_field_optional(document: dict[str, Any]) -> None:
    """optional_error_fields with its status filter lost: success bodies lose their required fields."""
    for _method, _path, operation in rules.iter_operations(document):
        for response in operation.get("responses", {}).values():
            for media in rules.resolve(document, response).get("content", {}).values():
                rules.resolve(document, media.get("schema", {})).pop("required", None)


def test_a_broken_normalization_rule_fails_generation_naming_operation_pointer_and_payload(
    monkeypatch, tmp_path, capsys
):
    broken = tuple(
        _every_response_field_optional if r is rules.optional_error_fields else r for r in rules.RULES
    )
    monkeypatch.setattr(rules, "RULES", broken)
    assert generate.main(["--check", "--version", "2026-03", "--generated-dir", str(tmp_path)]) == 1
    message = capsys.readouterr().err
    assert "Traceback" not in message
    assert "get_message: response raised: ResponseShapeError: Message.id must be an id" in message
    assert (
        "schema pointer: #/paths/~1conversations~1custom-channels~12026-03~1{channelId}~1messages~1{messageId}/get/responses/200"
        in message
    )
    assert "payload (required fields only): {" in message


def test_generate_writes_nothing_when_the_package_does_not_conform(monkeypatch, tmp_path):
    broken = tuple(
        _every_response_field_optional if r is rules.optional_error_fields else r for r in rules.RULES
    )
    monkeypatch.setattr(rules, "RULES", broken)
    assert generate.main(["--version", "2026-03", "--generated-dir", str(tmp_path)]) == 1
    assert not (conformance_facade.package_dir("2026-03", tmp_path)).exists()
