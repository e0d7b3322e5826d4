"""schemathesis against the fake served over real HTTP, driven by each version's normalized document.

One served fake (one state) for every registered version. Per version and operation, three bounded and
reproducible runs (derandomized generation, deterministic coverage cases): valid requests, invalid requests
(each must be a 4xx) and schemathesis' coverage phase (boundary values, every missing required property,
missing parameters and undeclared methods, which must be a 405 with an Allow header). Every case is aimed
at resources that exist (fresh ids in the path and the body, unless that part is the invalid one), so an
invalid body gets past the 404 and must be refused by the body's own rules. Every answer: no 5xx, and status, content type,
headers and body as the document declares. No faults and no rate limit are configured, so no 429/5xx is
legitimate. FAKE_FUZZ_EXAMPLES=500 runs a deeper search locally. The fuzzed document is the normalized
one plus the `required` lists the fake enforces from the published one (2026-09's staging-token update).
The control API is fuzzed from its own OpenAPI description in test_schemathesis_control.py.
"""

from __future__ import annotations

import copy
import os
from collections.abc import Iterator
from typing import Any

import pytest
import schemathesis
from hypothesis import HealthCheck, given, settings
from schemathesis import Case, GenerationMode
from schemathesis.checks import not_a_server_error
from schemathesis.core.parameters import ParameterLocation
from schemathesis.generation.coverage import GenerationSession
from schemathesis.generation.meta import CoveragePhaseData, CoverageScenario
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    negative_data_rejection,
    response_headers_conformance,
    response_schema_conformance,
    status_code_conformance,
    unsupported_method,
)

from hubspot_channels.testing import VERSIONS, FakeHubSpot
from hubspot_channels.testing._spec import load_document, operations

pytestmark = [pytest.mark.slow]

EXAMPLES = int(os.environ.get("FAKE_FUZZ_EXAMPLES", "10"))
COVERAGE_CASES = int(os.environ.get("FAKE_FUZZ_COVERAGE_CASES", "25"))


def _fuzzed_document(version: str) -> dict[str, Any]:
    document = copy.deepcopy(load_document(version))
    for op in operations(version):
        if op.required_fields:
            body = document["paths"][op.path][op.method.lower()]["requestBody"]["content"]["application/json"]
            name = body["schema"]["$ref"].rsplit("/", 1)[-1]
            document["components"]["schemas"][name]["required"] = list(op.required_fields)
    return document


SCHEMAS = {version: schemathesis.openapi.from_dict(_fuzzed_document(version)) for version in VERSIONS}
OPERATIONS = {
    (version, op.definition.raw["operationId"]): op
    for version, schema in SCHEMAS.items()
    for op in (r.ok() for r in schema.get_all_operations())
}
CASES = [pytest.param(version, name, id=f"{version}-{name}") for version, name in OPERATIONS]
CONFORMANCE = [
    not_a_server_error,
    status_code_conformance,
    content_type_conformance,
    response_headers_conformance,
    response_schema_conformance,
]
SETTINGS = settings(
    max_examples=EXAMPLES,
    derandomize=True,  # the same cases on every run and machine
    database=None,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much, HealthCheck.data_too_large],
)
ALWAYS_COVERED = {
    CoverageScenario.UNSPECIFIED_HTTP_METHOD,
    CoverageScenario.OBJECT_MISSING_REQUIRED_PROPERTY,
}
VISITOR = [{"deliveryIdentifier": {"type": "CHANNEL_SPECIFIC_OPAQUE_ID", "value": "visitor-1"}}]


@pytest.fixture(scope="module")
def served() -> Iterator[tuple[FakeHubSpot, str]]:
    fake = FakeHubSpot()
    assert fake.faults.pending() == 0
    with fake.serve() as base_url:  # raises at exit if the fake produced an invalid response
        yield fake, base_url
    assert fake.bugs == []


def _call(fake: FakeHubSpot, base_url: str, case: Case, checks: list[Any]) -> int:
    _aim_at_existing(fake, case)
    # The fake's credentials, both kinds: 2026-03 and v3 declare no usable security. Where a document
    # declares the hapikey (2026-09's channel operations), schemathesis generates it, and a negative
    # case may leave it out: then the fake must refuse the request, so none is added.
    params = {"appId": str(fake.app_id), "hapikey": fake.developer_api_key}
    declared = any("developer_hapikey" in s for s in case.operation.definition.raw.get("security", []))
    if declared and "hapikey" not in (case.query or {}):
        del params["hapikey"]
    response = case.call(
        base_url=base_url,
        params=params,
        headers={"Authorization": f"Bearer {fake.access_token}"},
        timeout=30,
    )
    case.validate_response(response, checks=checks)
    return int(response.status_code)


def _existing(fake: FakeHubSpot) -> dict[str, str]:
    channel = fake.create_channel()["id"]
    account = fake.create_channel_account(channel)["id"]
    message = fake.agent_reply(channel, account, "hi", recipients=VISITOR, deliver=False)["id"]
    token = fake.create_staging_token(channel)
    return {"channelId": channel, "channelAccountId": account, "messageId": message, "accountToken": token}


def _aim_at_existing(fake: FakeHubSpot, case: Case) -> None:
    """Fresh existing ids in the path and the body's channelAccountId, where those parts are valid ones:
    a random id would make every request a 404, and a 404 would hide a body rule the fake forgot."""
    meta = case.meta
    existing = _existing(fake)
    if case.path_parameters and (meta is None or not meta.is_negative_at(ParameterLocation.PATH)):
        case.path_parameters = {name: existing.get(name, v) for name, v in case.path_parameters.items()}
    body_negative = meta is not None and meta.is_negative_at(ParameterLocation.BODY)
    account = case.body.get("channelAccountId") if isinstance(case.body, dict) else None
    # In an invalid body only a string (the declared type: any string is valid) is replaced, so the
    # replacement never turns the invalid body into a valid one.
    if account is not None and (not body_negative or isinstance(account, str)):
        case.body = {**case.body, "channelAccountId": existing["channelAccountId"]}


@pytest.mark.parametrize(("version", "operation"), CASES)
def test_valid_requests_on_existing_resources(
    served: tuple[FakeHubSpot, str], version: str, operation: str
) -> None:
    fake, base_url = served
    statuses: list[int] = []

    @SETTINGS
    @given(OPERATIONS[version, operation].as_strategy(generation_mode=GenerationMode.POSITIVE))
    def run(case: Case) -> None:
        statuses.append(_call(fake, base_url, case, CONFORMANCE))

    run()
    # The generated requests reached the handler, not only validation and the 404 path.
    assert any(200 <= status < 300 for status in statuses), statuses


@pytest.mark.parametrize(("version", "operation"), CASES)
def test_invalid_requests_are_rejected_with_a_4xx(
    served: tuple[FakeHubSpot, str], version: str, operation: str
) -> None:
    fake, base_url = served

    @SETTINGS
    @given(OPERATIONS[version, operation].as_strategy(generation_mode=GenerationMode.NEGATIVE))
    def run(case: Case) -> None:
        _call(fake, base_url, case, [*CONFORMANCE, negative_data_rejection])

    run()


def _coverage_cases(version: str, operation: str) -> list[Case]:
    op, schema = OPERATIONS[version, operation], SCHEMAS[version]
    cases = schema.iter_coverage_cases(
        op,
        generation_modes=[GenerationMode.POSITIVE, GenerationMode.NEGATIVE],
        generation_config=schema.config.generation_for(operation=op, phase="coverage"),
        session=GenerationSession(),  # fresh: a shared one probes each path's methods for its first operation only
    )
    always: list[Case] = []
    valid: list[Case] = []
    invalid: list[Case] = []
    for case in cases:
        data = case.meta.phase.data if case.meta is not None else None
        scenario = data.scenario if isinstance(data, CoveragePhaseData) else None
        negative = case.meta is not None and case.meta.generation.mode.is_negative
        (always if scenario in ALWAYS_COVERED else invalid if negative else valid).append(case)
    # Every undeclared method and missing required property, then the first valid and the first invalid
    # cases (the enumeration order is fixed; it lists the valid ones first, which would crowd out the
    # invalid ones that test the body's rules).
    share = COVERAGE_CASES * 2 // 5
    return always + valid[:share] + invalid[: COVERAGE_CASES - share]


@pytest.mark.parametrize(("version", "operation"), CASES)
def test_coverage_cases(served: tuple[FakeHubSpot, str], version: str, operation: str) -> None:
    fake, base_url = served
    cases = _coverage_cases(version, operation)
    assert cases
    statuses = [
        _call(fake, base_url, case, [*CONFORMANCE, negative_data_rejection, unsupported_method])
        for case in cases
    ]
    assert 405 in statuses  # the undeclared methods were tried
