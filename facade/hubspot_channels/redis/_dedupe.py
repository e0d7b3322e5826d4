"""``RedisDeduplicationStore``: the webhook handler's two-phase claims on Redis, shared by every instance.

One key per event (``{namespace}:webhook:<event key>``) holds the claim's token while the work runs (expiring
after the handler's ``claim_ttl``) and ``done`` once it succeeded (expiring after ``done_ttl``). Each step is
one script, so two instances receiving the same event at once cannot both claim it, and a stale instance whose
claim expired and was taken over cannot complete or release the newer claim.

Redis unreachable: ``claim`` answers "full" (the handler replies 503 with Retry-After, HubSpot redelivers
later: nothing is processed twice, nothing lost), logging a warning; a failed ``complete`` / ``release`` is
logged and the claim expires after its TTL, when a redelivery is processed again (at least once).
"""

from __future__ import annotations

import logging

import redis

from .. import _redact as redact
from .. import _webhook_args as args
from .._webhook_dedupe import DEFAULT_DONE_TTL, ClaimState, _token
from . import _scripts
from ._pacing import DEFAULT_NAMESPACE, STORE_ERRORS, key_part

logger = logging.getLogger("hubspot_channels.redis")
_STATES: dict[str, ClaimState] = {"new": "new", "done": "done", "in_progress": "in_progress"}


class RedisDeduplicationStore:
    """A ``DeduplicationStore`` over Redis for ``WebhookHandler(dedupe=...)``, shared across processes.

    ``connection``: a URL or a ``redis.Redis`` you own. Completed events are remembered ``done_ttl`` seconds.
    """

    def __init__(
        self,
        connection: str | redis.Redis,
        *,
        done_ttl: float = DEFAULT_DONE_TTL,
        namespace: str = DEFAULT_NAMESPACE,
    ) -> None:
        if isinstance(connection, str):
            self._client = redis.Redis.from_url(connection, socket_timeout=2.0, socket_connect_timeout=2.0)
            self._owned = True
        elif isinstance(connection, redis.Redis):
            self._client, self._owned = connection, False
        else:
            raise TypeError(f"connection must be a URL or a redis.Redis, got {type(connection).__name__}")
        self._done_ttl = args.positive_seconds("done_ttl", done_ttl)
        self.prefix = f"{key_part('namespace', namespace)}:webhook:"
        self._claim = self._client.register_script(_scripts.CLAIM)
        self._complete = self._client.register_script(_scripts.COMPLETE)
        self._release = self._client.register_script(_scripts.RELEASE)

    def __repr__(self) -> str:  # never the URL: it may carry a password
        return f"RedisDeduplicationStore(prefix={self.prefix!r}, done_ttl={self._done_ttl:g})"

    def claim(self, key: str, token: str, ttl: float) -> ClaimState:
        token = _token(token)
        ttl_ms = max(1, round(args.positive_seconds("ttl", ttl) * 1000))
        try:
            state = self._claim(keys=[self.prefix + key], args=[token, ttl_ms])
        except STORE_ERRORS as error:
            _log("cannot claim an event; answering retry-later", error)
            return "full"
        text = state.decode() if isinstance(state, bytes) else str(state)
        return _STATES.get(text, "in_progress")

    def complete(self, key: str, token: str) -> None:
        token = _token(token)
        try:
            self._complete(keys=[self.prefix + key], args=[token, max(1, round(self._done_ttl * 1000))])
        except STORE_ERRORS as error:
            _log("cannot mark an event done; a redelivery after its claim expires is processed again", error)

    def release(self, key: str, token: str) -> None:
        token = _token(token)
        try:
            self._release(keys=[self.prefix + key], args=[token])
        except STORE_ERRORS as error:
            _log("cannot release a failed event; its redelivery waits for the claim to expire", error)

    def close(self) -> None:
        if self._owned:
            self._client.close()


def _log(what: str, error: BaseException) -> None:
    logger.warning(
        "webhook dedupe over Redis: %s (%s)", what, redact.scrub(f"{type(error).__name__}: {error}")[:200]
    )
