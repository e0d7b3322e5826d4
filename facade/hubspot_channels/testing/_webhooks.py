"""Webhook events HubSpot POSTs to a channel's webhookUrl, signed like HubSpot signs them."""

from __future__ import annotations

import hashlib
import json
import threading
import time
import uuid
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

import httpx

from .._webhook_signatures import (
    SIGNATURE_HEADER,
    SIGNATURE_V3_HEADER,
    TIMESTAMP_HEADER,
    VERSION_HEADER,
    sign_v3,
)

if TYPE_CHECKING:
    from ._fake import FakeHubSpot

JSONDict = dict[str, Any]


@dataclass(slots=True)
class WebhookDelivery:
    """One event and what became of its POST (`status_code` None: not sent or no answer)."""

    event: JSONDict
    url: str | None
    body: bytes
    headers: dict[str, str] = field(default_factory=dict)
    status_code: int | None = None
    response_body: bytes = b""
    error: str | None = None
    sent: bool = False


def _epoch_ms() -> int:
    return time.time_ns() // 1_000_000


# The message fields HubSpot's guide shows in OUTGOING_CHANNEL_MESSAGE_CREATED: fewer than GET
# returns (no archived, client or updatedAt); sending only these keeps receivers honest.
EVENT_MESSAGE_FIELDS = (
    "id",
    "type",
    "channelId",
    "channelAccountId",
    "conversationsThreadId",
    "createdAt",
    "createdBy",
    "senders",
    "recipients",
    "text",
    "richText",
    "direction",
    "inReplyToId",
    "truncationStatus",
    "status",
    "attachments",
)


def outgoing_message_event(
    portal_id: int, channel: JSONDict, message: JSONDict, integration_thread_ids: list[str]
) -> JSONDict:
    return {
        "type": "OUTGOING_CHANNEL_MESSAGE_CREATED",
        "portalId": portal_id,
        "channelId": int(channel["id"]),
        "eventTimestamp": _epoch_ms(),
        "eventId": str(uuid.uuid4()),
        "channelIntegrationThreadIds": list(integration_thread_ids),
        "message": {k: message[k] for k in EVENT_MESSAGE_FIELDS if k in message},
    }


def account_event(portal_id: int, channel: JSONDict, account: JSONDict, event_type: str) -> JSONDict:
    # HubSpot's guide lists no eventId for account events.
    return {
        "type": event_type,
        "portalId": portal_id,
        "channelId": int(channel["id"]),
        "eventTimestamp": _epoch_ms(),
        "channelAccountId": int(account["id"]),
        "channelAccountDeliveryIdentifier": account.get("deliveryIdentifier"),
    }


def signed_headers(
    body: bytes, url: str, client_secret: str, timestamp_ms: int | None = None
) -> dict[str, str]:
    """v3 (HMAC, timestamped) plus v1 headers, as HubSpot sends them."""
    timestamp = str(_epoch_ms() if timestamp_ms is None else timestamp_ms)
    return {
        "Content-Type": "application/json",
        SIGNATURE_V3_HEADER: sign_v3(
            body, method="POST", url=url, client_secret=client_secret, timestamp=timestamp
        ),
        TIMESTAMP_HEADER: timestamp,
        SIGNATURE_HEADER: hashlib.sha256(client_secret.encode() + body).hexdigest(),
        VERSION_HEADER: "v1",
        "User-Agent": "HubSpot Connect 2.0 (http://dev.hubspot.com/) (hubspot_channels.testing)",
    }


class WebhookSender:
    def __init__(self, fake: FakeHubSpot, *, transport: httpx.BaseTransport | None, timeout: float) -> None:
        self._fake = fake
        self._transport = transport
        self._timeout = timeout
        self._lock = threading.Lock()
        self._deliveries: list[WebhookDelivery] = []
        self._pending: list[WebhookDelivery] = []

    @property
    def deliveries(self) -> list[WebhookDelivery]:
        with self._lock:
            return list(self._deliveries)

    def clear(self) -> None:
        with self._lock:
            self._deliveries.clear()
            self._pending.clear()

    def emit(self, channel: JSONDict, event: JSONDict, *, deliver: bool) -> WebhookDelivery:
        body = json.dumps(event, separators=(",", ":")).encode()
        url = channel.get("webhookUrl")
        delivery = WebhookDelivery(event, url, body)
        with self._lock:
            self._deliveries.append(delivery)
            if not deliver:
                self._pending.append(delivery)
        if url is None:
            delivery.error = "the channel has no webhookUrl"
        elif deliver:
            self._post(delivery)
        return delivery

    def is_pending(self, delivery: WebhookDelivery) -> bool:
        """Queued with deliver=False and not delivered since."""
        with self._lock:
            return any(queued is delivery for queued in self._pending)

    def deliver_pending(self) -> list[WebhookDelivery]:
        with self._lock:
            batch, self._pending = self._pending, []
        for delivery in batch:
            if delivery.url is not None:
                self._post(delivery)
        return batch

    def _post(self, delivery: WebhookDelivery) -> None:
        assert delivery.url is not None
        # Signed at send time: the v3 timestamp must be fresh when the receiver checks it.
        delivery.headers = signed_headers(delivery.body, delivery.url, self._fake.client_secret)
        delivery.sent = True
        # No retries: HubSpot documents none for custom channels; a test can re-deliver itself.
        try:
            with httpx.Client(transport=self._transport, timeout=self._timeout) as client:
                response = client.post(delivery.url, content=delivery.body, headers=delivery.headers)
        except httpx.HTTPError as exc:
            delivery.error = f"{type(exc).__name__}: {exc}"
            return
        delivery.status_code = response.status_code
        delivery.response_body = response.content
