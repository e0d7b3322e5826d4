"""Receive HubSpot Custom Channels webhooks: verify the signature, parse, deduplicate.

    from hubspot_channels import webhooks

    event = webhooks.unwrap(body, request_headers, method="POST", url=full_url, client_secret=SECRET)
    if isinstance(event, webhooks.OutgoingMessageCreated):
        ...  # deliver event.message, then client.messages.mark_sent(event.channel_id, event.message.id)

`body` must be the raw request bytes, `url` the full URL HubSpot called (scheme, host, path and
query; behind a proxy, the public one). `verify_signature` accepts a v3 signature only, unless the
app opts in to the replayable v1/v2 with `signature_versions=`, and raises `WebhookSignatureError`;
`parse_event` raises `WebhookPayloadError`. `WebhookHandler` does both plus two-phase
deduplication and returns a status code and body that any web framework can send; see
facade/examples/ for Starlette and Flask.
"""

from __future__ import annotations

import json
import secrets
from collections.abc import Callable, Collection, Mapping
from dataclasses import dataclass, field
from typing import ClassVar

from . import _webhook_args as args
from . import _webhook_events, _webhook_signatures
from ._exceptions import HubSpotChannelsError, WebhookPayloadError, WebhookSignatureError
from ._webhook_args import DEFAULT_SIGNATURE_VERSIONS
from ._webhook_dedupe import (
    CLAIM_STATES,
    DEFAULT_CLAIM_TTL,
    DEFAULT_DONE_TTL,
    Claim,
    ClaimState,
    DeduplicationStore,
    EventDeduplicator,
    MemoryDeduplicationStore,
    event_key,
)
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
    "DEFAULT_CLAIM_TTL",
    "DEFAULT_DONE_TTL",
    "DEFAULT_FUTURE_SKEW",
    "DEFAULT_SIGNATURE_VERSIONS",
    "DEFAULT_TOLERANCE",
    "ChannelAccountCreated",
    "ChannelAccountPurged",
    "ChannelAccountUpdated",
    "ClaimState",
    "DeduplicationStore",
    "Event",
    "EventDeduplicator",
    "Headers",
    "MemoryDeduplicationStore",
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
    signature_versions: Collection[str] = DEFAULT_SIGNATURE_VERSIONS,
) -> None:
    """Return if HubSpot signed this request, else raise `WebhookSignatureError`.

    Checks X-HubSpot-Signature-v3: timestamp at most `tolerance` seconds old and at most
    `future_skew` seconds ahead of `now` (default: the clock). A request carrying a v3 header is
    judged by v3 alone. v1/v2 (X-HubSpot-Signature) have no timestamp, so a captured request can
    be replayed forever: they are accepted only when listed, e.g. ``signature_versions=("v3",
    "v1")``. `headers` is any mapping or list of (name, value) pairs; names match in any case.
    Wrong argument types raise `TypeError`; an empty or malformed secret `ConfigurationError`.
    """
    failure = _webhook_signatures.check(
        args.body(body),
        headers,
        method=args.text("method", method),
        url=args.text("url", url),
        client_secret=args.client_secret(client_secret),
        tolerance=args.seconds("tolerance", tolerance),
        future_skew=args.seconds("future_skew", future_skew),
        now=args.now(now),
        signature_versions=args.signature_versions(signature_versions),
    )
    if failure is not None:
        raise WebhookSignatureError(failure.message, reason=failure.reason)


def parse_event(body: bytes | str) -> Event:
    """Parse a webhook body (already verified) into a typed event; raises `WebhookPayloadError`.

    Types this package does not know become `UnknownEvent`, so new HubSpot events do not fail.
    Whatever the body (a huge number, deep nesting), the only error is `WebhookPayloadError`.
    """
    if not isinstance(body, (bytes, bytearray, memoryview, str)):
        raise TypeError(f"body must be bytes or str, got {type(body).__name__}")
    try:
        return _webhook_events.parse(bytes(body) if isinstance(body, memoryview) else body)
    except _webhook_events.PayloadProblem as problem:
        # Chain to the underlying cause (e.g. the adapter's KeyError), not the internal wrapper.
        raise WebhookPayloadError(str(problem), field=problem.field) from problem.__cause__
    except Exception as exc:  # the boundary: a signed but hostile body must not crash the receiver
        raise WebhookPayloadError(f"body is not a readable event ({type(exc).__name__})") from exc


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
    signature_versions: Collection[str] = DEFAULT_SIGNATURE_VERSIONS,
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
        signature_versions=signature_versions,
    )
    return parse_event(args.body(body))


def _json(**fields: str) -> bytes:
    return json.dumps(fields, separators=(",", ":")).encode()


_OK = _json(status="ok")
_DUPLICATE = _json(status="duplicate")
_IN_PROGRESS = _json(error="in_progress")
_STORE_FULL = _json(error="dedupe_store_full")
_BAD_PAYLOAD = _json(error="invalid_payload")
RETRY_AFTER_SECONDS = 60


@dataclass(frozen=True, slots=True)
class WebhookResponse:
    """What to answer HubSpot (`status_code`, JSON `body`, extra `headers`), and what is left to do.

    `event` is set only for a new, verified event. Without `on_event`, do the work after the
    answer has been sent, then call `complete()` when it succeeded or `fail()` when it did not
    (a redelivery is then processed again); an event never settled counts as failed once the
    handler's `claim_ttl` has passed. `dedupe_key` and `claim_token` identify the claim in the
    store, for settling it from another process (``store.complete(dedupe_key, claim_token)``).
    `error` says why a request was refused, for logs.
    """

    status_code: int
    body: bytes
    event: Event | None = None
    error: HubSpotChannelsError | None = None
    headers: Mapping[str, str] = field(default_factory=dict)
    dedupe_key: str | None = None
    claim_token: str | None = field(default=None, repr=False)
    claim: Claim | None = field(default=None, repr=False, compare=False)
    content_type: ClassVar[str] = "application/json"

    def complete(self) -> None:
        """The work for `event` succeeded: redeliveries are answered "duplicate" from now on."""
        if self.claim is not None:
            self.claim.complete()

    def fail(self) -> None:
        """The work for `event` failed: a redelivery of it is processed again."""
        if self.claim is not None:
            self.claim.fail()


class WebhookHandler:
    """Verify, parse and deduplicate one webhook request; framework-neutral.

    Deduplication is two-phase: an event is claimed on arrival and counts as processed only once
    its work succeeded. With `on_event`, the handler calls it before answering, completes the
    event when it returns and releases it when it raises (the exception propagates, so your
    framework answers 5xx and HubSpot's redelivery is processed). Without it, settle the answer
    with `complete()` / `fail()`. A redelivery while the first is still being processed gets 503
    with Retry-After, not 200: if that first attempt then fails, a 200 would have lost the event;
    so does a request the store has no room to claim (full of in-progress claims).

    `dedupe`: True for a `MemoryDeduplicationStore`, False for none, or your `DeduplicationStore`.
    `claim_ttl`: seconds an unsettled claim holds before a redelivery is processed again.
    `signature_versions`: see `verify_signature`; v3 only unless you opt in to v1/v2.
    """

    def __init__(
        self,
        client_secret: str,
        *,
        on_event: Callable[[Event], object] | None = None,
        dedupe: bool | DeduplicationStore = True,
        tolerance: float = DEFAULT_TOLERANCE,
        future_skew: float = DEFAULT_FUTURE_SKEW,
        signature_versions: Collection[str] = DEFAULT_SIGNATURE_VERSIONS,
        claim_ttl: float = DEFAULT_CLAIM_TTL,
    ) -> None:
        self._client_secret = args.client_secret(client_secret)
        if on_event is not None and not callable(on_event):
            raise TypeError(f"on_event must be callable, got {type(on_event).__name__}")
        self._on_event = on_event
        # Explicit branches: an empty store is falsy (it has __len__).
        self._dedupe: DeduplicationStore | None
        if isinstance(dedupe, bool):
            self._dedupe = MemoryDeduplicationStore() if dedupe else None
        elif isinstance(dedupe, DeduplicationStore):
            self._dedupe = dedupe
        else:
            raise TypeError(f"dedupe must be a bool or a DeduplicationStore, got {type(dedupe).__name__}")
        self._tolerance = args.seconds("tolerance", tolerance)
        self._future_skew = args.seconds("future_skew", future_skew)
        self._signature_versions = args.signature_versions(signature_versions)
        self._claim_ttl = args.positive_seconds("claim_ttl", claim_ttl)

    def __repr__(self) -> str:
        return f"{type(self).__name__}(client_secret=<redacted>, dedupe={self._dedupe is not None})"

    def handle(
        self, body: bytes, headers: Headers, *, method: str, url: str, now: float | None = None
    ) -> WebhookResponse:
        """401 for a bad signature, 400 for an unreadable body, 503 while the same event is being
        processed or the store is full of claims in progress, else 200 (also for an event already processed, body {"status": "duplicate"})."""
        body = args.body(body)
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
                signature_versions=self._signature_versions,
            )
        except WebhookSignatureError as exc:
            return WebhookResponse(401, _json(error="invalid_signature", reason=exc.reason), error=exc)
        except WebhookPayloadError as exc:
            # 400 although HubSpot signed it: retrying an unreadable body will not help.
            return WebhookResponse(400, _BAD_PAYLOAD, error=exc)
        store = self._dedupe
        if store is None:
            if self._on_event is not None:
                self._on_event(event)
            return WebhookResponse(200, _OK, event=event)
        key = event_key(event, body)
        token = secrets.token_hex(16)  # this claim's own: a stale claim cannot settle a newer one
        state = store.claim(key, token, self._claim_ttl)
        if state not in CLAIM_STATES:
            raise ValueError(
                f"{type(store).__name__}.claim returned {state!r}, not one of {sorted(CLAIM_STATES)}"
            )
        if state == "done":
            return WebhookResponse(200, _DUPLICATE, dedupe_key=key)
        if state != "new":  # in progress elsewhere, or no room for a claim: HubSpot retries later
            return WebhookResponse(
                503,
                _IN_PROGRESS if state == "in_progress" else _STORE_FULL,
                headers={"Retry-After": str(RETRY_AFTER_SECONDS)},
                dedupe_key=key,
            )
        claim = Claim(store, key, token)
        if self._on_event is None:
            return WebhookResponse(200, _OK, event=event, dedupe_key=key, claim_token=token, claim=claim)
        try:
            self._on_event(event)
        except BaseException:
            claim.fail()
            raise
        claim.complete()
        return WebhookResponse(200, _OK, event=event, dedupe_key=key)
