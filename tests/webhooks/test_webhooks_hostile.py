"""Signed but hostile bodies: a number beyond float, deep nesting, non-JSON constants, a parser that fails
in an unexpected way. handle() answers 400, parse_event raises WebhookPayloadError, nothing else escapes."""

from __future__ import annotations

import copy
import json
from collections.abc import Iterator
from typing import Any

import pytest

from hubspot_channels import _adapter
from hubspot_channels.testing import signed_headers
from hubspot_channels.webhooks import UnknownEvent, WebhookHandler, WebhookPayloadError, parse_event
from tests.webhooks.test_webhooks_events import OUTGOING, account

SECRET = "hostile-secret-0b7c"
URL = "https://example.com/hubspot/webhook"
NOW = 1767225600.0
HUGE = 10**400  # a valid JSON integer, beyond float's range


def handle(body: bytes) -> Any:
    headers = signed_headers(body, URL, SECRET, int(NOW * 1000))
    return WebhookHandler(SECRET).handle(body, headers, method="POST", url=URL, now=NOW)


def assert_refused(body: bytes) -> WebhookPayloadError:
    with pytest.raises(WebhookPayloadError) as info:
        parse_event(body)
    result = handle(body)
    assert result.status_code == 400 and json.loads(result.body) == {"error": "invalid_payload"}
    assert isinstance(result.error, WebhookPayloadError) and result.event is None
    return info.value


def outgoing(**message_changes: object) -> dict[str, Any]:
    event = copy.deepcopy(OUTGOING)
    event["message"].update(message_changes)
    return event


def test_huge_latitude_in_a_location_attachment_is_400() -> None:
    event = outgoing(attachments=[{"type": "LOCATION", "latitude": HUGE, "longitude": 13.4}])
    error = assert_refused(json.dumps(event).encode())
    assert error.field == "message"


def test_huge_integer_literal_in_the_raw_body_is_400() -> None:
    # Written by hand, as an attacker would, not through json.dumps.
    body = json.dumps(outgoing(attachments=[{"type": "LOCATION", "latitude": 0, "longitude": 0}]))
    body = body.replace('"latitude": 0', '"latitude": 1' + "0" * 400)
    assert_refused(body.encode())


def envelope_numbers() -> Iterator[tuple[str, dict[str, Any]]]:
    for key in ("portalId", "channelId", "eventTimestamp", "eventId"):
        yield f"outgoing.{key}", copy.deepcopy(OUTGOING) | {key: HUGE}
    for key in ("portalId", "channelId", "eventTimestamp", "channelAccountId", "eventId"):
        yield f"account.{key}", account("CHANNEL_ACCOUNT_UPDATED", **{key: HUGE})
    for key in (
        "id",
        "channelId",
        "channelAccountId",
        "conversationsThreadId",
        "createdAt",
        "text",
        "senders",
    ):
        yield f"message.{key}", outgoing(**{key: HUGE})
    yield "message.status", outgoing(status={"statusType": HUGE})
    yield "thread ids", copy.deepcopy(OUTGOING) | {"channelIntegrationThreadIds": [HUGE]}
    yield (
        "delivery identifier",
        account(
            "CHANNEL_ACCOUNT_CREATED",
            channelAccountDeliveryIdentifier={"type": "HS_EMAIL_ADDRESS", "value": HUGE},
        ),
    )


@pytest.mark.parametrize(("where", "event"), list(envelope_numbers()), ids=[w for w, _ in envelope_numbers()])
def test_a_huge_integer_anywhere_is_200_or_400_never_a_crash(where: str, event: dict[str, Any]) -> None:
    body = json.dumps(event).encode()
    result = handle(body)  # must not raise
    assert result.status_code in (200, 400), where
    if result.status_code == 400:
        with pytest.raises(WebhookPayloadError):
            parse_event(body)
    else:
        parse_event(body)


def test_an_integer_past_the_digit_limit_is_400() -> None:
    assert_refused(b'{"type":"X","n":' + b"9" * 5000 + b"}")


def test_a_portal_id_string_past_the_digit_limit_is_400() -> None:
    event = account("CHANNEL_ACCOUNT_CREATED", portalId="9" * 5000)
    assert assert_refused(json.dumps(event).encode()).field == "portalId"


@pytest.mark.parametrize("depth", [5000, 100_000])
def test_deep_nesting_is_400(depth: int) -> None:
    assert_refused(b"[" * depth + b"]" * depth)
    assert_refused(b'{"type":"X","a":' + b"[" * depth + b"]" * depth + b"}")


def test_deep_nesting_inside_the_message_is_400() -> None:
    body = json.dumps(outgoing(attachments=[{"type": "FILE", "fileId": "1"}]))
    deep = "[" * 5000 + "]" * 5000
    assert_refused(body.replace('"fileId": "1"', '"fileId": "1", "extra": ' + deep).encode())


def test_nesting_the_parser_accepts_is_answered_without_a_crash() -> None:
    # Under the recursion limit json accepts it; whatever the adapter then makes of it, no crash.
    deep = "[" * 900 + "]" * 900
    message = json.dumps(outgoing(attachments=[{"type": "FILE", "fileId": "1"}]))
    assert handle(message.replace('"fileId": "1"', '"fileId": ' + deep).encode()).status_code in (200, 400)
    unknown = handle(('{"type":"SOMETHING_NEW","a":' + deep + "}").encode())
    assert isinstance(unknown.event, UnknownEvent) and unknown.dedupe_key.startswith("body:")


@pytest.mark.parametrize("constant", ["NaN", "Infinity", "-Infinity"])
def test_non_json_constants_are_400(constant: str) -> None:
    body = json.dumps(outgoing(attachments=[{"type": "LOCATION", "latitude": 1, "longitude": 2}]))
    assert_refused(body.replace('"latitude": 1', f'"latitude": {constant}').encode())


class Odd(Exception):
    pass


@pytest.mark.parametrize(
    "raised", [Odd("odd"), RecursionError(), OverflowError(), ZeroDivisionError(), MemoryError()]
)
def test_whatever_the_message_parser_raises_is_a_payload_error(
    monkeypatch: pytest.MonkeyPatch, raised: Exception
) -> None:
    # The adapter is another module: the webhook boundary must hold whatever it raises.
    def broken(*args: object, **kwargs: object) -> None:
        raise raised

    monkeypatch.setattr(_adapter, "message_from_json", broken)
    monkeypatch.setattr(_adapter, "delivery_identifier_from_json", broken)
    error = assert_refused(json.dumps(OUTGOING).encode())
    assert error.__cause__ is raised
    assert_refused(json.dumps(account("CHANNEL_ACCOUNT_CREATED")).encode())


def test_an_interrupt_inside_the_parser_is_not_swallowed(monkeypatch: pytest.MonkeyPatch) -> None:
    def interrupted(*args: object, **kwargs: object) -> None:
        raise KeyboardInterrupt

    monkeypatch.setattr(_adapter, "message_from_json", interrupted)
    with pytest.raises(KeyboardInterrupt):
        handle(json.dumps(OUTGOING).encode())


def test_the_error_message_stays_short_whatever_the_body() -> None:
    event = outgoing(attachments=[{"type": "LOCATION", "latitude": HUGE, "longitude": 0}])
    assert len(str(assert_refused(json.dumps(event).encode()))) < 400
