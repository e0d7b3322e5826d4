"""Hostile request bodies: every one of the 13 operations answers 400 with HubSpot's error body, never a 500
and never a raw exception out of the in-process transport."""

from __future__ import annotations

import json
import math
from collections.abc import Iterator
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from hubspot_channels.testing import FakeHubSpot
from hubspot_channels.testing._body import MAX_DEPTH, BodyError, parse_json
from hubspot_channels.testing._validation import operations
from tests.support.fake_support import PREFIX, Api, api_for

pytest.importorskip("openapi_core")

NESTED = b'{"a":' * 5000 + b"1" + b"}" * 5000
HOSTILE_BODIES: dict[str, bytes] = {
    "latin-1": '{"name": "café"}'.encode("latin-1"),
    "invalid UTF-8": b'{"name": "\xff\xfe"}',
    "UTF-16": '{"name": "x", "capabilities": {}}'.encode("utf-16"),
    "not JSON": b"{not json",
    "truncated": b'{"name": "x", "capab',
    "a list": b"[1, 2]",
    "a string": b'"statusType"',
    "null": b"null",
    "a number": b"5",
    "huge integer": b'{"name": "x", "capabilities": {}, "inboxId": 1' + b"0" * 400 + b"}",
    "integer past the digit limit": b"1" * 5000,
    "float overflow": b'{"name": "x", "capabilities": {}, "inboxId": 1e400}',
    "NaN": b'{"name": "x", "capabilities": {}, "inboxId": NaN}',
    "5000 levels of arrays": b"[" * 5000 + b"]" * 5000,
    "5000 levels of objects": NESTED,
    "just past the depth limit": b'{"a":' * (MAX_DEPTH + 1) + b"1" + b"}" * (MAX_DEPTH + 1),
}
OPERATIONS = {op.name: op for op in operations()}
WITH_BODY = sorted(name for name, op in OPERATIONS.items() if op.has_body)
VISITOR = [{"deliveryIdentifier": {"type": "CHANNEL_SPECIFIC_OPAQUE_ID", "value": "visitor-1"}}]


@pytest.fixture(scope="module", params=["inprocess", "http"])
def api(request: pytest.FixtureRequest) -> Iterator[Api]:
    with api_for(request.param) as api:
        yield api
    assert api.fake.bugs == []


def _targets(fake: FakeHubSpot) -> dict[str, str]:
    """Fresh, existing resources for every path parameter, so a 400 is about the body alone."""
    channel = fake.create_channel()["id"]
    account = fake.create_channel_account(channel)["id"]
    message = fake.agent_reply(channel, account, "hi", recipients=VISITOR, deliver=False)["id"]
    token = fake.create_staging_token(channel)
    return {"channelId": channel, "channelAccountId": account, "messageId": message, "accountToken": token}


def _state(fake: FakeHubSpot, targets: dict[str, str]) -> tuple[object, ...]:
    """What any of the operations could change: the counts, and the targeted resources."""
    channel, account = targets["channelId"], targets["channelAccountId"]
    token = next(t for t in fake.staging_tokens if t["accountToken"] == targets["accountToken"])
    counts = len(fake.channels), len(fake.channel_accounts), len(fake.messages)
    message = fake.get_message(targets["messageId"])
    return counts, fake.get_channel(channel), fake.get_channel_account(channel, account), token, message


def _send(api: Api, operation: str, body: bytes, **headers: str) -> tuple[Any, bool]:
    """The response, and whether the fake's data stayed as it was."""
    op = OPERATIONS[operation]
    targets = _targets(api.fake)
    before = _state(api.fake, targets)
    response = api.http.request(
        op.method,
        op.path.format(**targets),
        params=api.key,
        headers={**api.bearer, "Content-Type": "application/json", **headers},
        content=body,
    )
    return response, response.status_code >= 400 and _state(api.fake, targets) == before


def _assert_hubspot_400(response: Any) -> None:
    assert response.status_code == 400, response.text[:300]
    assert response.headers["Content-Type"].startswith("application/json")
    body = response.json()
    assert body["status"] == "error" and body["category"] == "VALIDATION_ERROR"
    assert body["message"] and body["correlationId"] == response.headers["X-HubSpot-Correlation-Id"]
    assert all(item["in"] == "body" and item["message"] for item in body.get("errors", []))


@pytest.mark.parametrize("kind", sorted(HOSTILE_BODIES))
@pytest.mark.parametrize("operation", WITH_BODY)
def test_a_hostile_body_is_a_400_and_changes_nothing(api: Api, operation: str, kind: str) -> None:
    response, unchanged = _send(api, operation, HOSTILE_BODIES[kind])
    _assert_hubspot_400(response)
    assert unchanged
    # The log keeps the raw bytes, never a half-parsed value.
    record = api.fake.requests[-1]
    assert record.status == 400 and record.body == HOSTILE_BODIES[kind]


@pytest.mark.parametrize("kind", ["invalid UTF-8", "5000 levels of objects", "a list", "float overflow"])
@pytest.mark.parametrize("operation", WITH_BODY)
def test_a_hostile_body_is_a_400_with_request_validation_off(operation: str, kind: str) -> None:
    with api_for("inprocess", FakeHubSpot(validate_requests=False)) as api:
        response, unchanged = _send(api, operation, HOSTILE_BODIES[kind])
    _assert_hubspot_400(response)
    assert unchanged


def test_the_error_names_what_is_wrong_without_quoting_the_body(api: Api) -> None:
    response, _ = _send(api, "update_message_status", b'{"statusType": "SENT\xff"}')
    assert response.json()["message"] == "Invalid input JSON: the body is not UTF-8 (byte 0xff at offset 20)"
    response, _ = _send(api, "update_message_status", b'{"statusType": SENT}')
    assert response.json()["message"].startswith("Invalid input JSON on line 1, column 16: Expecting value")
    response, _ = _send(api, "update_message_status", NESTED)
    assert f"nested more than {MAX_DEPTH} levels" in response.json()["message"]


@pytest.mark.parametrize("operation", sorted(set(OPERATIONS) - set(WITH_BODY)))
def test_a_body_sent_to_an_operation_without_one_is_ignored(api: Api, operation: str) -> None:
    response, _ = _send(api, operation, b"\xff" + b"[" * 5000)
    assert response.status_code in {200, 204}, response.text[:300]


def test_a_wrong_content_type_is_still_a_415(api: Api) -> None:
    response, _ = _send(api, "update_message_status", b"\xff\xfe", **{"Content-Type": "text/plain"})
    assert response.status_code == 415 and response.json()["category"] == "VALIDATION_ERROR"


def test_an_unreadable_body_is_logged_as_raw_bytes_only() -> None:
    with api_for("inprocess") as api:
        cid = api.fake.create_channel()["id"]
        api.http.patch(
            f"{PREFIX}/{cid}", params=api.key, content=b"\xff", headers={"Content-Type": "application/json"}
        )
    (record,) = api.fake.requests
    assert record.body == b"\xff" and record.json is None and record.status == 400


# -- the parser itself ----------------------------------------------------------------------------------

JSON_VALUES = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False, allow_infinity=False) | st.text(),
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=8), inner, max_size=4),
    max_leaves=20,
)


@settings(max_examples=300, deadline=None)
@given(st.binary(max_size=200))
def test_any_bytes_parse_or_raise_body_error(raw: bytes) -> None:
    try:
        parse_json(raw)
    except BodyError as exc:
        assert exc.message.startswith("Invalid input JSON")


@pytest.mark.slow
@settings(max_examples=200, deadline=None)
@given(JSON_VALUES)
def test_any_json_value_round_trips(value: Any) -> None:
    assert parse_json(json.dumps(value).encode()) == value


@pytest.mark.parametrize(
    "raw",
    [b"1e400", b"-1e400", b"Infinity", b"-Infinity", b"NaN", b"1" + b"0" * 400, b"\xef\xbb\xbf{}"],
)
def test_numbers_outside_the_double_range_and_constants_are_refused(raw: bytes) -> None:
    with pytest.raises(BodyError):
        parse_json(raw)


def test_the_largest_double_is_still_accepted() -> None:
    assert parse_json(b"1.7976931348623157e308") == 1.7976931348623157e308
    assert parse_json(str(10**308).encode()) == 10**308
    assert math.isfinite(parse_json(b"[1e-400]")[0])
    assert parse_json(b"[" * MAX_DEPTH + b"]" * MAX_DEPTH) is not None


def test_undeclared_fields_cannot_overwrite_what_the_server_sets(api: Api) -> None:
    """Found by schemathesis: a body field named like a response field (`channelId`, `id`) replaced it."""
    created = api.channels("POST", json={"name": "n", "capabilities": {}, "id": "42", "createdAt": 5})
    assert created.status_code == 201 and created.json()["id"] != "42"
    assert isinstance(created.json()["createdAt"], str)
    cid = created.json()["id"]
    body = {
        "name": "a",
        "inboxId": "1",
        "authorized": True,
        "channelId": {"": {}},
        "archived": True,
        "zz": [1],
    }
    account = api.oauth("POST", f"/{cid}/channel-accounts", json=body)
    assert account.status_code == 201
    assert (
        account.json()["channelId"] == cid
        and account.json()["archived"] is False
        and "zz" not in account.json()
    )
    aid = account.json()["id"]
    patched = api.oauth(
        "PATCH", f"/{cid}/channel-accounts/{aid}", json={"name": "b", "id": "1", "active": "no"}
    )
    assert patched.status_code == 200 and patched.json()["id"] == aid and patched.json()["active"] is True
    token = api.fake.create_staging_token(cid)
    staged = api.oauth(
        "PATCH",
        f"/{cid}/channel-account-staging-tokens/{token}",
        json={"accountName": "c", "genericChannelId": "x"},
    )
    assert staged.status_code == 200 and staged.json()["genericChannelId"] == int(cid)
    assert api.fake.requests[-1].json["genericChannelId"] == "x"  # the log keeps what was sent


def test_a_cursor_or_account_id_of_thousands_of_digits_is_a_400(api: Api) -> None:
    """Found by probing: int() of 5000 digits raised ValueError out of the handler (a 500 over HTTP)."""
    digits = "1" * 5000
    assert api.channels("GET", params={"after": digits}).status_code == 400
    targets = _targets(api.fake)
    cid = targets["channelId"]
    listed = api.oauth("GET", f"/{cid}/channel-accounts", params={"after": digits})
    assert listed.status_code == 400 and listed.json()["message"] == "after is out of range"
    published = api.publish(cid, digits)
    assert published.status_code == 400 and published.json()["category"] == "VALIDATION_ERROR"
