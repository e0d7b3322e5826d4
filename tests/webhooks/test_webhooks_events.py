"""Parsing webhook bodies into typed events (hubspot_channels.webhooks.parse_event / unwrap)."""

from __future__ import annotations

import base64
import copy
import dataclasses
import hashlib
import hmac
import json
from datetime import UTC, datetime
from typing import Any

import pytest

from hubspot_channels._exceptions import HubSpotChannelsError
from hubspot_channels._models import DeliveryIdentifier, Message
from hubspot_channels.webhooks import (
    ChannelAccountCreated,
    ChannelAccountPurged,
    ChannelAccountUpdated,
    OutgoingMessageCreated,
    UnknownEvent,
    WebhookPayloadError,
    WebhookSignatureError,
    parse_event,
    unwrap,
)

OUTGOING: dict[str, Any] = {
    "type": "OUTGOING_CHANNEL_MESSAGE_CREATED",
    "portalId": 123,
    "channelId": 456,
    "eventTimestamp": 1767225600123,
    "eventId": 987654321,
    "channelIntegrationThreadIds": ["thread-1", 42],
    "message": {
        "id": "msg-1",
        "type": "MESSAGE",
        "channelId": "456",
        "channelAccountId": "789",
        "conversationsThreadId": "111",
        "createdAt": "2026-01-01T00:00:00Z",
        "createdBy": "A-1",
        "senders": [{"actorId": "A-1", "name": "Agent"}],
        "recipients": [
            {"deliveryIdentifier": {"type": "HS_PHONE_NUMBER", "value": "+15550100"}, "recipientField": "to"}
        ],
        "text": "hello",
        "richText": "<p>hello</p>",
        "direction": "OUTGOING",
        "inReplyToId": None,
        "truncationStatus": "NOT_TRUNCATED",
        "status": {"statusType": "SENT"},
        "attachments": [],
        # Not in HubSpot's documented webhook example, but required by the generated model the
        # adapter parses with; see test_documented_webhook_message_shape.
        "archived": False,
        "client": {"clientType": "HUBSPOT"},
    },
}


def account(kind: str, **extra: Any) -> dict[str, Any]:
    payload = {
        "type": kind,
        "portalId": 123,
        "channelId": "456",
        "eventTimestamp": 1767225600000,
        "channelAccountId": 789,
        "channelAccountDeliveryIdentifier": {"type": "CHANNEL_SPECIFIC_OPAQUE_ID", "value": "acct-x"},
    }
    payload.update(extra)
    return payload


def parse(payload: object) -> Any:
    return parse_event(json.dumps(payload).encode())


def payload_error(payload: object | bytes) -> WebhookPayloadError:
    body = payload if isinstance(payload, bytes) else json.dumps(payload).encode()
    with pytest.raises(WebhookPayloadError) as info:
        parse_event(body)
    return info.value


# --- known events -----------------------------------------------------------------------------


def test_outgoing_message_created() -> None:
    event = parse(OUTGOING)
    assert isinstance(event, OutgoingMessageCreated)
    assert event.type == "OUTGOING_CHANNEL_MESSAGE_CREATED"
    assert event.portal_id == 123
    assert event.channel_id == "456"
    assert event.event_id == "987654321"
    assert event.event_timestamp == datetime(2026, 1, 1, 0, 0, 0, 123000, tzinfo=UTC)
    assert event.channel_integration_thread_ids == ("thread-1", "42")
    assert isinstance(event.message, Message)
    assert event.message.id == "msg-1"
    assert event.message.text == "hello"
    assert event.raw == OUTGOING


def test_events_are_immutable_and_slotted() -> None:
    event = parse(OUTGOING)
    with pytest.raises(dataclasses.FrozenInstanceError):
        event.channel_id = "x"
    assert not hasattr(event, "__dict__")


def test_thread_ids_are_optional() -> None:
    payload = copy.deepcopy(OUTGOING)
    del payload["channelIntegrationThreadIds"]
    assert parse(payload).channel_integration_thread_ids == ()


@pytest.mark.parametrize(
    ("kind", "cls"),
    [
        ("CHANNEL_ACCOUNT_CREATED", ChannelAccountCreated),
        ("CHANNEL_ACCOUNT_UPDATED", ChannelAccountUpdated),
        ("CHANNEL_ACCOUNT_PURGED", ChannelAccountPurged),
    ],
)
def test_channel_account_events(
    kind: str, cls: type[ChannelAccountCreated | ChannelAccountUpdated | ChannelAccountPurged]
) -> None:
    event = parse(account(kind, eventId="e-1"))
    assert type(event) is cls
    assert event.type == kind
    assert (event.portal_id, event.channel_id, event.channel_account_id) == (123, "456", "789")
    assert event.event_timestamp == datetime(2026, 1, 1, tzinfo=UTC)
    assert event.channel_account_delivery_identifier == DeliveryIdentifier(
        "CHANNEL_SPECIFIC_OPAQUE_ID", "acct-x"
    )
    assert event.event_id == "e-1"


def test_account_event_without_identifier_or_event_id() -> None:
    payload = account("CHANNEL_ACCOUNT_PURGED")
    del payload["channelAccountDeliveryIdentifier"]
    event = parse(payload)
    assert event.channel_account_delivery_identifier is None
    assert event.event_id is None
    assert parse(account("CHANNEL_ACCOUNT_PURGED", channelAccountDeliveryIdentifier=None)).event_id is None


def test_unknown_type_is_kept_not_rejected() -> None:
    payload = {"type": "CONVERSATION_ASSIGNED", "portalId": 1, "whatever": [1, 2]}
    event = parse(payload)
    assert event == UnknownEvent("CONVERSATION_ASSIGNED", payload)


def test_str_body_is_accepted() -> None:
    assert isinstance(parse_event(json.dumps(OUTGOING)), OutgoingMessageCreated)


# --- bad bodies -------------------------------------------------------------------------------


@pytest.mark.parametrize("body", [b"", b"{", b"not json", b"\xff\xfe\x00", b"[" * 100_000])
def test_bad_json(body: bytes) -> None:
    err = payload_error(body)
    assert isinstance(err, HubSpotChannelsError)
    assert "JSON" in str(err)


@pytest.mark.parametrize("payload", [[OUTGOING], "text", 3, None])
def test_non_object_body(payload: object) -> None:
    assert "JSON object" in str(payload_error(payload))


@pytest.mark.parametrize("missing", ["type", "portalId", "channelId", "eventTimestamp", "eventId", "message"])
def test_outgoing_missing_field_is_named(missing: str) -> None:
    payload = copy.deepcopy(OUTGOING)
    del payload[missing]
    err = payload_error(payload)
    assert err.field == missing
    assert repr(missing) in str(err)


@pytest.mark.parametrize("missing", ["portalId", "channelId", "eventTimestamp", "channelAccountId"])
def test_account_missing_field_is_named(missing: str) -> None:
    payload = account("CHANNEL_ACCOUNT_UPDATED")
    del payload[missing]
    assert payload_error(payload).field == missing


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("portalId", "abc"),
        ("portalId", True),
        ("channelId", ""),
        ("channelId", 4.5),
        ("channelId", {"id": 1}),
        ("eventTimestamp", "2026-01-01"),
        ("eventTimestamp", 10**30),
        ("channelIntegrationThreadIds", "thread-1"),
        ("channelIntegrationThreadIds", [None]),
        ("message", "hello"),
    ],
)
def test_outgoing_wrong_types(field: str, value: object) -> None:
    payload = copy.deepcopy(OUTGOING)
    payload[field] = value
    assert payload_error(payload).field == field


def test_malformed_message_is_wrapped() -> None:
    payload = copy.deepcopy(OUTGOING)
    del payload["message"]["id"]
    err = payload_error(payload)
    assert err.field == "message"
    assert err.__cause__ is not None  # the adapter's own error stays reachable for debugging


def test_malformed_delivery_identifier_is_wrapped() -> None:
    err = payload_error(account("CHANNEL_ACCOUNT_CREATED", channelAccountDeliveryIdentifier={"type": "X"}))
    assert err.field == "channelAccountDeliveryIdentifier"
    err = payload_error(account("CHANNEL_ACCOUNT_CREATED", channelAccountDeliveryIdentifier="acct-x"))
    assert err.field == "channelAccountDeliveryIdentifier"


# --- unwrap -----------------------------------------------------------------------------------


def test_unwrap_verifies_then_parses() -> None:
    secret, url, ts = "unwrap-secret", "https://example.com/hook", "1767225600000"
    body = json.dumps(OUTGOING).encode()
    sig = base64.b64encode(
        hmac.new(secret.encode(), b"POST" + url.encode() + body + ts.encode(), hashlib.sha256).digest()
    )
    headers = {"X-HubSpot-Signature-v3": sig.decode(), "X-HubSpot-Request-Timestamp": ts}
    kw: dict[str, Any] = {"method": "POST", "url": url, "now": 1767225601.0}
    assert isinstance(unwrap(body, headers, client_secret=secret, **kw), OutgoingMessageCreated)
    with pytest.raises(WebhookSignatureError):
        unwrap(body, headers, client_secret="wrong", **kw)
    # A signed but unreadable body is a payload error, not a signature error.
    bad = b"[]"
    sig = base64.b64encode(
        hmac.new(secret.encode(), b"POST" + url.encode() + bad + ts.encode(), hashlib.sha256).digest()
    )
    with pytest.raises(WebhookPayloadError):
        unwrap(bad, {**headers, "X-HubSpot-Signature-v3": sig.decode()}, client_secret=secret, **kw)


def test_documented_webhook_message_shape() -> None:
    payload = copy.deepcopy(OUTGOING)
    del payload["message"]["archived"], payload["message"]["client"]
    event = parse(payload)
    assert isinstance(event, OutgoingMessageCreated)
    # absent from the webhook's message: unknown, not invented
    assert event.message.archived is None and event.message.client is None
    assert event.message.id == OUTGOING["message"]["id"]
