"""Deduplication keys of webhook events, for ``hubspot_channels._webhook_dedupe``.

Each kind of key has its own prefix, so no key of one kind can equal a key of another, whatever
HubSpot (or an attacker with a signed body) puts in `eventId`:

- ``id:<eventId>``: HubSpot's event id, when the event has one;
- ``event:[type, portal, channel, account, timestamp(, message id), content hash]``: an event without
  one (account events, as HubSpot's guide shows them);
- ``body:<content hash>``: an event type this package does not know, without an event id.

The content hash is the SHA-256 of the canonical JSON body (keys sorted, compact, the top-level ids
normalised): two events of the same identity but a different content (two updates of an account in
the same millisecond) are two events, while a redelivery with other spacing or key order is the same.
Ids are normalised one way everywhere: a number is its decimal digits (HubSpot sends some ids as
numbers, some as strings), a string is itself, so 123 and "123" are one id and "0123" another.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Mapping

from ._webhook_events import Event, OutgoingMessageCreated, UnknownEvent

ID_PREFIX = "id:"
EVENT_PREFIX = "event:"
BODY_PREFIX = "body:"
_TOP_LEVEL_IDS = ("portalId", "channelId", "channelAccountId", "eventId")


def event_key(event: Event, body: bytes) -> str:
    """The event's deduplication key; `body` is the raw request body (a fallback for hashing)."""
    if isinstance(event, UnknownEvent):
        event_id = _id_text(event.raw.get("eventId"))
        if event_id is not None:
            return ID_PREFIX + event_id
        # Nothing is known about its fields: the same content is the same event.
        return BODY_PREFIX + content_hash(event.raw, body)
    if event.event_id is not None:
        return ID_PREFIX + event.event_id
    if isinstance(event, OutgoingMessageCreated):
        account, message_id = event.message.channel_account_id, event.message.id
    else:
        account, message_id = event.channel_account_id, None
    portal = _id_text(event.raw.get("portalId"))
    identity: list[object] = [
        event.type,
        str(event.portal_id) if portal is None else portal,
        event.channel_id,
        account,
        event.raw.get("eventTimestamp"),  # the parser checked it is an int
    ]
    if message_id is not None:
        identity.append(message_id)
    identity.append(content_hash(event.raw, body))
    # JSON, not a joined string: no separator inside a value can make two identities equal.
    return EVENT_PREFIX + json.dumps(identity, separators=(",", ":"))


def content_hash(data: Mapping[str, object], body: bytes) -> str:
    """SHA-256 (hex) of `data` as canonical JSON, its top-level ids normalised."""
    normalised = dict(data)
    for name in _TOP_LEVEL_IDS:
        text = _id_text(normalised.get(name))
        if text is not None:
            normalised[name] = text
    try:
        canonical = json.dumps(normalised, sort_keys=True, separators=(",", ":")).encode("ascii")
    except (
        ValueError,
        TypeError,
        RecursionError,
    ):  # not expected for parsed JSON; the raw bytes still identify it
        canonical = body
    return hashlib.sha256(canonical).hexdigest()


def _id_text(value: object) -> str | None:
    # The parser's rule (_webhook_events._id_value): a non-empty string, or an int but not a bool.
    if isinstance(value, str) and value:
        return value
    if isinstance(value, int) and not isinstance(value, bool):
        return str(value)
    return None
