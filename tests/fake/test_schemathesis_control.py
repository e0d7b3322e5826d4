"""schemathesis against the served fake's control API (/_fake), driven by the control API's own OpenAPI
description (GET /_fake/openapi.json): valid requests must be answered as described, invalid ones with a
4xx, never a 5xx. Bounded and reproducible as test_schemathesis_fake.py (FAKE_FUZZ_EXAMPLES for more)."""

from __future__ import annotations

import copy
import os
from collections.abc import Iterator

import httpx
import pytest
import schemathesis
from hypothesis import HealthCheck, given, settings
from schemathesis import Case, GenerationMode
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    negative_data_rejection,
    response_schema_conformance,
    status_code_conformance,
)

from hubspot_channels.testing import FakeHubSpot
from hubspot_channels.testing._control_spec import control_document

pytestmark = [pytest.mark.slow]

EXAMPLES = int(os.environ.get("FAKE_FUZZ_EXAMPLES", "15"))
SCHEMA = schemathesis.openapi.from_dict(copy.deepcopy(control_document()))
OPERATIONS = {op.definition.raw["operationId"]: op for op in (r.ok() for r in SCHEMA.get_all_operations())}
CONFORMANCE = [
    not_a_server_error,
    status_code_conformance,
    content_type_conformance,
    response_schema_conformance,
]
SETTINGS = settings(
    max_examples=EXAMPLES,
    derandomize=True,
    database=None,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much, HealthCheck.data_too_large],
)
VISITOR = [{"deliveryIdentifier": {"type": "HS_PHONE_NUMBER", "value": "+15550199"}}]


@pytest.fixture(scope="module")
def served() -> Iterator[tuple[FakeHubSpot, str]]:
    fake = FakeHubSpot()
    with fake.serve() as base_url:
        yield fake, base_url
    assert fake.bugs == []


def test_the_served_description_is_the_one_fuzzed(served: tuple[FakeHubSpot, str]) -> None:
    _, base_url = served
    assert httpx.get(f"{base_url}/_fake/openapi.json").json() == control_document()


def _aim_at_existing(fake: FakeHubSpot, case: Case) -> None:
    # Half the valid agent replies, staging tokens and account events name a channel (and account) that
    # exists, so the work is done.
    if (
        isinstance(case.body, dict)
        and "channelId" in case.body
        and len(str(case.body.get("text", ""))) % 2 == 0
    ):
        channel = fake.create_channel()["id"]
        case.body = {**case.body, "channelId": channel}
        if "channelAccountId" in case.body:
            case.body["channelAccountId"] = fake.create_channel_account(channel)["id"]
        if "text" in case.body:  # an agent reply: to whom, in a new thread
            case.body["recipients"] = case.body.get("recipients", VISITOR)
            case.body.pop("threadId", None)


@pytest.mark.parametrize("operation", sorted(OPERATIONS))
def test_valid_control_requests(served: tuple[FakeHubSpot, str], operation: str) -> None:
    fake, base_url = served
    statuses: list[int] = []

    @SETTINGS
    @given(OPERATIONS[operation].as_strategy(generation_mode=GenerationMode.POSITIVE))
    def run(case: Case) -> None:
        _aim_at_existing(fake, case)
        response = case.call(base_url=base_url, timeout=30)
        case.validate_response(response, checks=CONFORMANCE)
        statuses.append(response.status_code)

    run()
    assert any(200 <= status < 300 for status in statuses), statuses
    fake.faults.clear()  # what add_fault scheduled must not reach another test's requests


@pytest.mark.parametrize("operation", sorted(OPERATIONS))
def test_invalid_control_requests_are_a_4xx(served: tuple[FakeHubSpot, str], operation: str) -> None:
    fake, base_url = served
    op = OPERATIONS[operation]
    if not op.definition.raw.get("requestBody"):
        pytest.skip("nothing to make invalid: the operation takes no input")

    @SETTINGS
    @given(op.as_strategy(generation_mode=GenerationMode.NEGATIVE))
    def run(case: Case) -> None:
        response = case.call(base_url=base_url, timeout=30)
        case.validate_response(response, checks=[*CONFORMANCE, negative_data_rejection])

    run()
    assert fake.faults.pending() == 0  # no invalid fault was scheduled
