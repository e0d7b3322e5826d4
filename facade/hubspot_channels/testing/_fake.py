"""FakeHubSpot: the public object tests hold."""

from __future__ import annotations

import copy
import threading
from collections.abc import Callable, Iterator, Mapping
from contextlib import contextmanager
from datetime import datetime
from typing import Any

import httpx

from . import _validation
from ._app import App, RequestRecord
from ._fake_events import HubSpotEvents
from ._faults import FaultQueue
from ._handlers import HANDLERS
from ._oauth import FakeOAuth
from ._ratelimit import RateLimiter
from ._spec import VERSIONS_SERVED
from ._state import JSONDict, Store
from ._webhooks import WebhookSender

OPERATIONS: tuple[str, ...] = tuple(HANDLERS)
VERSIONS: tuple[str, ...] = VERSIONS_SERVED


class FakeHubSpot(HubSpotEvents):
    """An in-memory, thread-safe, stateful fake of the Custom Channels API, every registered version at once.

    Each version (`VERSIONS`: 2026-03, 2026-09, v3) is served at its own paths and validated against
    its own document, with its own rules (2026-09: no Location header, both staging-token fields
    required); all of them share one state, as HubSpot's versions are views of the same data: a
    channel created on 2026-03 is read, updated or archived on v3.

    Reach it in-process with `transport()` / `async_transport()`, or over HTTP with
    `serve()`; drive it from outside with the control API under `/_fake` (see `_control.py`).
    Credentials are plain attributes and are read on every request, so a test may
    change them (e.g. `fake.access_token = "rotated"`) to simulate revocation.

    Routing serves exactly the document's methods: methods are case-sensitive (`get` is a 405),
    HEAD and OPTIONS are not served even on GET paths (405; every 405 names the path's methods in
    `Allow`), and a path segment holding an encoded slash (`1%2F`) is a 404, not channel 1.

    `rate_limit=(requests, seconds)` enforces a fixed window (429 beyond it): a whole number of
    requests >= 1 per a finite number of seconds above 0 and at most a day, checked here (TypeError
    or ValueError). `None` only reports HubSpot's usual headers.
    """

    def __init__(
        self,
        *,
        access_token: str = "fake-access-token",
        developer_api_key: str = "fake-developer-key",
        app_id: int = 123456,
        client_secret: str = "fake-client-secret",
        portal_id: int = 62515,
        rate_limit: tuple[int, float] | None = None,
        validate_requests: bool = True,
        validate_responses: bool = True,
        webhook_transport: httpx.BaseTransport | None = None,
        webhook_timeout: float = 5.0,
        clock: Callable[[], datetime] | None = None,
    ) -> None:
        self.access_token = access_token
        self.developer_api_key = developer_api_key
        self.app_id = app_id
        self.client_secret = client_secret
        self.portal_id = portal_id
        self.validate_requests = validate_requests
        self.validate_responses = validate_responses
        # Read on each add: a route added later (an OAuth token endpoint) can be faulted too.
        self.faults = FaultQueue(lambda: self._app.routes.names())
        self._lock = threading.RLock()
        self._clock = clock
        self._store = Store(app_id=app_id, clock=clock)
        self._limiter = RateLimiter(rate_limit)
        self._requests: list[RequestRecord] = []
        self._secrets_seen: set[str] = set()  # kept by reset: a token from before it may still be sent
        self._bugs: list[_validation.ResponseValidationError] = []
        self._webhooks = WebhookSender(self, transport=webhook_transport, timeout=webhook_timeout)
        self._app = App(self)
        self.oauth = FakeOAuth(self)  # the token endpoint and its expiring tokens (testing/_oauth.py)

    def __repr__(self) -> str:
        return f"FakeHubSpot(app_id={self.app_id}, portal_id={self.portal_id}, channels={len(self._store.channels)})"

    # -- ways in -----------------------------------------------------------------------------

    def transport(self) -> httpx.BaseTransport:
        """An httpx transport answering from this fake in-process: `httpx.Client(transport=...)`."""
        from ._transport import FakeTransport

        return FakeTransport(self._app)

    def async_transport(self) -> httpx.AsyncBaseTransport:
        """The same for `httpx.AsyncClient(transport=...)`."""
        from ._transport import AsyncFakeTransport

        return AsyncFakeTransport(self._app)

    def asgi_app(self) -> Any:
        """This fake as an ASGI application (what `serve()` runs under uvicorn)."""
        from . import import_part

        return import_part("._server").AsgiApp(self._app)

    @contextmanager
    def serve(self, host: str = "127.0.0.1", port: int = 0) -> Iterator[str]:
        """Serve over real HTTP in a background thread; yields the base URL (http://host:port).

        Raises on exit if the fake produced a response its document rejects while serving.
        """
        from . import import_part

        serve = import_part("._server").serve  # MissingExtraError (one line) without uvicorn
        known = len(self._bugs)
        with serve(self, host=host, port=port) as base_url:
            yield base_url
        if len(self._bugs) > known:  # over HTTP the client only saw a 500; make it loud here
            raise self._bugs[known]

    # -- inspection ----------------------------------------------------------------------------

    @property
    def requests(self) -> list[RequestRecord]:
        """Every request received so far, oldest first (a copy of the log)."""
        with self._lock:
            return list(self._requests)

    def requests_for(self, operation: str) -> list[RequestRecord]:
        """The requests of one operation (any version) or other logged route, oldest first."""
        if operation not in self._app.routes.names():
            raise ValueError(f"unknown operation {operation!r}")
        return [r for r in self.requests if r.route == operation]

    def clear_requests(self) -> None:
        with self._lock:
            self._requests.clear()

    def request_log(self) -> list[dict[str, Any]]:
        """The log as GET /_fake/requests shows it: method, path, query, status, operation, version,
        credential kind, fault and note per request, every credential masked ("***"): the current ones,
        those in use when a request was logged, and every token the fake's OAuth side gave out."""
        from ._requestlog import summarize

        with self._lock:
            secrets = {*self._secrets_seen, self.access_token, self.developer_api_key, self.client_secret}
        return [summarize(record, secrets) for record in self.requests]

    def reset(self) -> None:
        """Forget everything a test did (POST /_fake/reset): channels, accounts, messages, staging tokens,
        scheduled faults, the requests log, webhook deliveries, the rate-limit window and the OAuth side's
        state (installed refresh tokens, issued access tokens, queued token failures, `token_requests`).
        Credentials, settings (also `oauth.client_id`, `lifetime`, `rotate`) and the bugs found so far stay."""
        with self._lock:
            self._store = Store(app_id=self.app_id, clock=self._clock)
            self._requests.clear()
            self.faults.clear()
            self._webhooks.clear()
            self._limiter.reset()
        self.oauth.reset()

    @property
    def channels(self) -> list[JSONDict]:
        """Live (unarchived) channels, as the API returns them."""
        with self._lock:
            return copy.deepcopy(list(self._store.channels.values()))

    @property
    def archived_channels(self) -> list[JSONDict]:
        with self._lock:
            return copy.deepcopy(list(self._store.archived_channels.values()))

    @property
    def channel_accounts(self) -> list[JSONDict]:
        with self._lock:
            return copy.deepcopy(list(self._store.accounts.values()))

    @property
    def messages(self) -> list[JSONDict]:
        """Every message (published or agent replies), oldest first."""
        with self._lock:
            return copy.deepcopy(list(self._store.messages.values()))

    @property
    def staging_tokens(self) -> list[JSONDict]:
        with self._lock:
            return copy.deepcopy(list(self._store.staging_tokens.values()))

    def get_channel(self, channel_id: int | str) -> JSONDict:
        return self._read(lambda s: s.channel(int(channel_id)))

    def get_channel_account(self, channel_id: int | str, channel_account_id: int | str) -> JSONDict:
        return self._read(lambda s: s.account(int(channel_id), int(channel_account_id), archived=True))

    def get_message(self, message_id: str, channel_id: int | str | None = None) -> JSONDict:
        """A message by id (any channel unless `channel_id` is given); KeyError if unknown."""
        with self._lock:
            message = self._store.messages.get(message_id)
            if message is None or (channel_id is not None and message["channelId"] != str(channel_id)):
                raise KeyError(message_id)
            return copy.deepcopy(message)

    def thread_messages(self, conversations_thread_id: str) -> list[JSONDict]:
        with self._lock:
            thread = self._store.threads[str(conversations_thread_id)]
            return [copy.deepcopy(self._store.messages[i]) for i in thread.message_ids]

    @property
    def bugs(self) -> list[_validation.ResponseValidationError]:
        """Responses the fake produced that its document rejects (each was also raised)."""
        return list(self._bugs)

    def raise_bugs(self) -> None:
        if self._bugs:
            raise self._bugs[0]

    # -- the HubSpot side ----------------------------------------------------------------------

    def create_channel(
        self, name: str = "Fake channel", *, webhook_url: str | None = None, **fields: Any
    ) -> JSONDict:
        """Register a channel directly (no request logged); `fields` are API field names."""
        body: dict[str, Any] = {"name": name, "capabilities": fields.pop("capabilities", {}), **fields}
        if webhook_url is not None:
            body["webhookUrl"] = webhook_url
        with self._lock:
            return self._store.create_channel(body)

    def create_channel_account(
        self,
        channel_id: int | str,
        name: str = "Fake account",
        *,
        inbox_id: str = "1001",
        authorized: bool = True,
        delivery_identifier: Mapping[str, str] | None = None,
    ) -> JSONDict:
        """Connect an account directly (no request logged, no webhook)."""
        body: dict[str, Any] = {"name": name, "inboxId": inbox_id, "authorized": authorized}
        if delivery_identifier is not None:
            body["deliveryIdentifier"] = dict(delivery_identifier)
        with self._lock:
            return self._store.create_account(int(channel_id), body)

    def create_staging_token(self, channel_id: int | str, *, inbox_id: int = 1001, user_id: int = 501) -> str:
        """What HubSpot does when a user starts connecting an account: a token for operation 6."""
        with self._lock:
            return self._store.create_staging_token(int(channel_id), inbox_id=inbox_id, user_id=user_id)

    def reset_rate_limit(self) -> None:
        self._limiter.reset()

    # -- internal ------------------------------------------------------------------------------

    def _log(self, record: RequestRecord) -> None:
        with self._lock:
            self._requests.append(record)
            # The credentials of that moment: a test may rotate them later and the log still masks these.
            self._secrets_seen.update((self.access_token, self.developer_api_key, self.client_secret))

    def _remember_secret(self, secret: str) -> None:
        with self._lock:
            self._secrets_seen.add(secret)

    def _read(self, get: Callable[[Store], JSONDict]) -> JSONDict:
        from ._http import ApiError

        with self._lock:
            try:
                return copy.deepcopy(get(self._store))
            except ApiError as exc:
                raise KeyError(exc.message) from None
