"""Receive HubSpot Custom Channels webhooks: verify the signature, parse, deduplicate.

    from hubspot_channels import webhooks

    event = webhooks.unwrap(body, request_headers, method="POST", url=full_url, client_secret=SECRET)
    if isinstance(event, webhooks.OutgoingMessageCreated):
        ...  # deliver event.message, then client.messages.mark_sent(event.channel_id, event.message.id)

`body` must be the raw request bytes, `url` the full URL HubSpot called (scheme, host, path and
query; behind a proxy, the public one). `verify_signature` checks a v3 signature (v1/v2 for older
apps) and raises `WebhookSignatureError`; `parse_event` raises `WebhookPayloadError`.
`WebhookHandler` does both plus `eventId` deduplication and returns a status code and body that
any web framework can send; see facade/examples/ for Starlette and Flask.
"""

from __future__ import annotations

import json
import threading
from collections import OrderedDict
from collections.abc import Callable
from dataclasses import dataclass
from typing import ClassVar

from . import _webhook_events, _webhook_signatures
from ._exceptions import HubSpotChannelsError
from ._webhook_events import (
    ChannelAccountCreated,
    ChannelAccountPurged,
    ChannelAccountUpdated,
    Event,
    OutgoingMessageCreated,
    UnknownEvent,
)
from ._webhook_signatures import DEFAULT_FUTURE_SKEW, DEFAULT_TOLERANCE, Headers

__all__ = [
    "DEFAULT_FUTURE_SKEW",
    "DEFAULT_TOLERANCE",
    "ChannelAccountCreated",
    "ChannelAccountPurged",
    "ChannelAccountUpdated",
    "Event",
    "EventDeduplicator",
    "Headers",
    "OutgoingMessageCreated",
    "UnknownEvent",
    "WebhookHandler",
    "WebhookPayloadError",
    "WebhookResponse",
    "WebhookSignatureError",
    "parse_event",
    "unwrap",
    "verify_signature",
]


class WebhookSignatureError(HubSpotChannelsError):
    """The request was not signed by HubSpot with your client secret, or is too old.

    `reason` is one of "missing_header", "malformed_timestamp", "stale_timestamp",
    "future_timestamp", "unsupported_version", "mismatch". The message never contains
    the secret or the expected signature.
    """

    def __init__(self, message: str, *, reason: str) -> None:
        super().__init__(message)
        self.reason = reason


class WebhookPayloadError(HubSpotChannelsError):
    """The body is not a webhook event this package can read; `field` names the culprit if one is."""

    def __init__(self, message: str, *, field: str | None = None) -> None:
        super().__init__(message)
        self.field = field


def verify_signature(
    body: bytes,
    headers: Headers,
    *,
    method: str,
    url: str,
    client_secret: str,
    tolerance: float = DEFAULT_TOLERANCE,
    future_skew: float = DEFAULT_FUTURE_SKEW,
    now: float | None = None,
) -> None:
    """Return if HubSpot signed this request, else raise `WebhookSignatureError`.

    Uses X-HubSpot-Signature-v3 when present (timestamp at most `tolerance` seconds old and
    at most `future_skew` seconds ahead of `now`, default: the clock), otherwise
    X-HubSpot-Signature as X-HubSpot-Signature-Version says (v1 or v2, which carry no timestamp).
    `headers` is any mapping or list of (name, value) pairs; names are matched case-insensitively.
    """
    failure = _webhook_signatures.check(
        body,
        headers,
        method=method,
        url=url,
        client_secret=client_secret,
        tolerance=tolerance,
        future_skew=future_skew,
        now=now,
    )
    if failure is not None:
        raise WebhookSignatureError(failure.message, reason=failure.reason)


def parse_event(body: bytes | str) -> Event:
    """Parse a webhook body (already verified) into a typed event; raises `WebhookPayloadError`.

    Types this package does not know become `UnknownEvent`, so new HubSpot events do not fail.
    """
    try:
        return _webhook_events.parse(body)
    except _webhook_events.PayloadProblem as problem:
        # Chain to the underlying cause (e.g. the adapter's KeyError), not the internal wrapper.
        raise WebhookPayloadError(str(problem), field=problem.field) from problem.__cause__


def unwrap(
    body: bytes,
    headers: Headers,
    *,
    method: str,
    url: str,
    client_secret: str,
    tolerance: float = DEFAULT_TOLERANCE,
    future_skew: float = DEFAULT_FUTURE_SKEW,
    now: float | None = None,
) -> Event:
    """`verify_signature`, then `parse_event`."""
    verify_signature(
        body,
        headers,
        method=method,
        url=url,
        client_secret=client_secret,
        tolerance=tolerance,
        future_skew=future_skew,
        now=now,
    )
    return parse_event(body)


class EventDeduplicator:
    """Remembers the last `maxsize` event ids in memory, least recently seen dropped first.

    Thread-safe, but per process: with several workers or hosts, subclass it over a shared
    store (e.g. Redis SET NX with an expiry) keeping the two methods.
    """

    def __init__(self, maxsize: int = 10_000) -> None:
        if maxsize < 1:
            raise ValueError("maxsize must be at least 1")
        self._maxsize = maxsize
        self._seen: OrderedDict[str, None] = OrderedDict()
        self._lock = threading.Lock()

    def is_duplicate(self, event_id: str) -> bool:
        """Record `event_id`; return True if it was already recorded (a redelivery)."""
        with self._lock:  # check and record must be one step, or two racing deliveries both pass
            if event_id in self._seen:
                self._seen.move_to_end(event_id)
                return True
            self._seen[event_id] = None
            if len(self._seen) > self._maxsize:
                self._seen.popitem(last=False)
            return False

    def forget(self, event_id: str) -> None:
        """Drop `event_id`, so that a redelivery is processed again."""
        with self._lock:
            self._seen.pop(event_id, None)

    def __len__(self) -> int:
        return len(self._seen)


def _json(**fields: str) -> bytes:
    return json.dumps(fields, separators=(",", ":")).encode()


_OK = _json(status="ok")
_DUPLICATE = _json(status="duplicate")
_BAD_PAYLOAD = _json(error="invalid_payload")


@dataclass(frozen=True, slots=True)
class WebhookResponse:
    """What to answer HubSpot (`status_code`, JSON `body`), and what is left to do.

    `event` is set only for a new, verified event: do the slow work (delivering, reporting the
    status) after the answer has been sent. `error` says why a request was refused, for logs.
    """

    status_code: int
    body: bytes
    event: Event | None = None
    error: HubSpotChannelsError | None = None
    content_type: ClassVar[str] = "application/json"


class WebhookHandler:
    """Verify, parse and deduplicate one webhook request; framework-neutral.

    `on_event`, if given, is called with each new event before the answer is returned, so it
    must be quick (e.g. put it on a queue); if it raises, the event id is forgotten so that
    HubSpot's redelivery is processed, and the exception propagates. `dedupe` is True for an
    in-memory `EventDeduplicator`, False for none, or your own instance.
    """

    def __init__(
        self,
        client_secret: str,
        *,
        on_event: Callable[[Event], object] | None = None,
        dedupe: bool | EventDeduplicator = True,
        tolerance: float = DEFAULT_TOLERANCE,
        future_skew: float = DEFAULT_FUTURE_SKEW,
    ) -> None:
        self._client_secret = client_secret
        self._on_event = on_event
        # Explicit branches: an empty EventDeduplicator is falsy (it has __len__).
        self._dedupe: EventDeduplicator | None
        if isinstance(dedupe, EventDeduplicator):
            self._dedupe = dedupe
        else:
            self._dedupe = EventDeduplicator() if dedupe else None
        self._tolerance = tolerance
        self._future_skew = future_skew

    def __repr__(self) -> str:
        return f"{type(self).__name__}(client_secret=<redacted>, dedupe={self._dedupe is not None})"

    def handle(
        self, body: bytes, headers: Headers, *, method: str, url: str, now: float | None = None
    ) -> WebhookResponse:
        """Answer 401 for a bad signature, 400 for an unreadable body, else 200 (also for duplicates)."""
        try:
            event = unwrap(
                body,
                headers,
                method=method,
                url=url,
                client_secret=self._client_secret,
                tolerance=self._tolerance,
                future_skew=self._future_skew,
                now=now,
            )
        except WebhookSignatureError as exc:
            return WebhookResponse(401, _json(error="invalid_signature", reason=exc.reason), error=exc)
        except WebhookPayloadError as exc:
            # 400 although HubSpot signed it: retrying an unreadable body will not help.
            return WebhookResponse(400, _BAD_PAYLOAD, error=exc)
        event_id = _event_id(event)
        dedupe = self._dedupe
        if dedupe is not None and event_id is not None and dedupe.is_duplicate(event_id):
            return WebhookResponse(200, _DUPLICATE)
        if self._on_event is not None:
            try:
                self._on_event(event)
            except BaseException:
                if dedupe is not None and event_id is not None:
                    dedupe.forget(event_id)
                raise
        return WebhookResponse(200, _OK, event=event)


def _event_id(event: Event) -> str | None:
    if isinstance(event, UnknownEvent):
        value = event.raw.get("eventId")
        return None if value is None else str(value)
    return event.event_id
