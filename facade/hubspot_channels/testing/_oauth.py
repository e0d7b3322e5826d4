"""The fake's OAuth: HubSpot's token endpoint and the access tokens it issues, expiring on an injectable clock.

    fake = FakeHubSpot()
    refresh_token = fake.oauth.install()               # a portal installs the app
    fake.oauth.clock = lambda: now                     # monotonic seconds; time.monotonic by default
    fake.oauth.token_requests                          # every exchange the fake answered (count refreshes)

``POST /oauth/2026-03/token`` (and the deprecated ``/oauth/v1/token``, answered the same way) takes the form
``grant_type=refresh_token&client_id=...&client_secret=...&refresh_token=...`` and answers the legacy
spelling (``access_token``, ``refresh_token``, ``expires_in``, ``token_type``, ``hub_id``). Tokens it issued
are accepted until ``lifetime`` seconds have passed, then refused with HubSpot's 401
(``EXPIRED_AUTHENTICATION``); the fake's static ``access_token`` keeps working as before. Both paths are
plain routes named ``oauth_token``: logged, and faults (``"*"`` or ``"oauth_token"``) reach them. Driven
from outside through the control API's /_fake/oauth endpoints.
"""

from __future__ import annotations

import secrets
import threading
import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING
from urllib.parse import parse_qsl

from ._http import Incoming, Outgoing, correlation_id, error_response, json_response

if TYPE_CHECKING:
    from ._fake import FakeHubSpot
    from ._routes import RouteTable

TOKEN_PATHS = ("/oauth/2026-03/token", "/oauth/v1/token")
TOKEN_ROUTE = "oauth_token"  # the name faults and the requests log use
DEFAULT_LIFETIME = 1800.0


@dataclass(slots=True)
class TokenRequest:
    """One exchange at the token endpoint: which path, the grant, and the status answered."""

    path: str
    grant_type: str | None
    status: int
    time: float


@dataclass(slots=True)
class _Failure:
    status: int
    body: bytes
    content_type: str


@dataclass(slots=True)
class FakeOAuth:
    """The token side of a FakeHubSpot (``fake.oauth``); every attribute may be changed by a test."""

    fake: FakeHubSpot
    client_id: str = "fake-client-id"
    lifetime: float = DEFAULT_LIFETIME  # expires_in of the tokens issued
    rotate: bool = False  # give a new refresh token on each exchange (the old one stops working)
    clock: Callable[[], float] = time.monotonic
    token_requests: list[TokenRequest] = field(default_factory=list)
    _refresh_tokens: dict[str, int] = field(default_factory=dict)  # refresh token -> portal id
    _access_tokens: dict[str, float] = field(default_factory=dict)  # access token -> expiry on clock
    _failures: list[_Failure] = field(default_factory=list)
    _lock: threading.Lock = field(default_factory=threading.Lock)

    def install(self, portal_id: int | None = None) -> str:
        """A refresh token for a portal that installed the app (the fake's portal by default)."""
        token = self._new(f"fake-refresh-{secrets.token_hex(8)}")
        with self._lock:
            self._refresh_tokens[token] = portal_id if portal_id is not None else self.fake.portal_id
        return token

    def issue(self, lifetime: float | None = None) -> str:
        """An access token valid for ``lifetime`` seconds (the default lifetime) from now, as a refresh gives."""
        token = self._new(f"fake-oauth-{secrets.token_hex(12)}")
        with self._lock:
            self._access_tokens[token] = self.clock() + (self.lifetime if lifetime is None else lifetime)
        return token

    def revoke(self, refresh_token: str) -> None:
        """The portal uninstalled the app: the refresh token gets ``invalid_grant`` from now on."""
        with self._lock:
            self._refresh_tokens.pop(refresh_token, None)

    def expire_all(self) -> None:
        """Every access token issued so far is expired from now (HubSpot's 401 on the next call)."""
        with self._lock:
            now = self.clock()
            for token in self._access_tokens:
                self._access_tokens[token] = min(self._access_tokens[token], now)

    def fail_next(self, status: int, body: bytes | str = b"", content_type: str = "text/html") -> None:
        """Answer the next exchange with this status and body instead (a 5xx, a gateway page...)."""
        raw = body.encode() if isinstance(body, str) else body
        with self._lock:
            self._failures.append(_Failure(status, raw, content_type))

    # -- hooked into the fake's pipeline ----------------------------------------------------------------------

    def reset(self) -> None:
        """Forget what tests did (part of FakeHubSpot.reset): installed refresh tokens, issued access tokens,
        queued failures and the token_requests log. Settings (client_id, lifetime, rotate, clock) stay."""
        with self._lock:
            self._refresh_tokens.clear()
            self._access_tokens.clear()
            self._failures.clear()
            self.token_requests.clear()

    def settings(self) -> dict[str, object]:
        """What GET /_fake/oauth shows: settings, how many tokens are live, and the exchanges so far."""
        with self._lock:
            now = self.clock()
            requests = [
                {"path": r.path, "grantType": r.grant_type, "status": r.status, "time": r.time}
                for r in self.token_requests
            ]
            return {
                "clientId": self.client_id,
                "lifetime": self.lifetime,
                "rotate": self.rotate,
                "refreshTokens": len(self._refresh_tokens),
                "liveAccessTokens": sum(1 for expiry in self._access_tokens.values() if now < expiry),
                "tokenRequests": requests,
            }

    # -- the token endpoint: a plain route of the fake (so logged and faultable as "oauth_token") ----------

    def answer(self, incoming: Incoming) -> Outgoing:
        """The token endpoint's answer to a POST."""
        form = dict(parse_qsl(incoming.body.decode("utf-8", "replace"), keep_blank_values=True))
        with self._lock:
            out = self._exchange(incoming, form)
            path = incoming.path.rstrip("/")
            self.token_requests.append(TokenRequest(path, form.get("grant_type"), out.status, time.time()))
        return out

    def refused(self, token: str) -> Outgoing | None:
        """For a bearer token this endpoint issued: None while valid, HubSpot's 401 once expired. Tokens it
        never issued are not its business (None too): the fake's static token check decides."""
        with self._lock:
            expiry = self._access_tokens.get(token)
            now = self.clock()
        if expiry is None or now < expiry:
            return None
        ago = max(1, int(now - expiry))
        return error_response(
            401,
            "EXPIRED_AUTHENTICATION",
            f"The OAuth token used to make this call expired {ago} second(s) ago.",
        )

    def _new(self, token: str) -> str:
        self.fake._remember_secret(token)  # masked in the requests log from now on, even once revoked
        return token

    def issued(self, token: str) -> bool:
        with self._lock:
            return token in self._access_tokens

    def _exchange(self, incoming: Incoming, form: dict[str, str]) -> Outgoing:
        if self._failures:
            failure = self._failures.pop(0)
            return Outgoing(failure.status, [("Content-Type", failure.content_type)], failure.body)
        media = incoming.headers.get("content-type", "").split(";", 1)[0].strip().lower()
        if media != "application/x-www-form-urlencoded":
            return _oauth_error(400, "BAD_REQUEST", "invalid_request", "the body must be form-encoded")
        if form.get("grant_type") != "refresh_token":
            return _oauth_error(
                400, "BAD_GRANT_TYPE", "unsupported_grant_type", "grant_type must be refresh_token"
            )
        if form.get("client_id") != self.client_id:
            return _oauth_error(400, "BAD_CLIENT_ID", "invalid_client", "missing or unknown client id")
        if form.get("client_secret") != self.fake.client_secret:
            return _oauth_error(
                400, "BAD_CLIENT_SECRET", "invalid_client", "missing or invalid client secret"
            )
        refresh = form.get("refresh_token", "")
        portal = self._refresh_tokens.get(refresh)
        if portal is None:
            return _oauth_error(400, "BAD_REFRESH_TOKEN", "invalid_grant", "missing or invalid refresh token")
        if self.rotate:
            del self._refresh_tokens[refresh]
            refresh = self._new(f"fake-refresh-{secrets.token_hex(8)}")
            self._refresh_tokens[refresh] = portal
        access = self._new(f"fake-oauth-{secrets.token_hex(12)}")
        self._access_tokens[access] = self.clock() + self.lifetime
        body = {
            "token_type": "bearer",
            "refresh_token": refresh,
            "access_token": access,
            "expires_in": int(self.lifetime) if float(self.lifetime).is_integer() else self.lifetime,
            "hub_id": portal,
        }
        return json_response(200, body, [("Cache-Control", "no-store")])


def _oauth_error(status: int, hubspot_status: str, error: str, message: str) -> Outgoing:
    # HubSpot's token errors carry its own `status` code and, on the newer endpoints, the RFC 6749 `error`
    body = {"status": hubspot_status, "error": error, "message": message, "correlationId": correlation_id()}
    return json_response(status, body, [("Cache-Control", "no-store")])


def token_endpoint(fake: FakeHubSpot, incoming: Incoming, _: Mapping[str, str]) -> Outgoing:
    return fake.oauth.answer(incoming)


def add_token_routes(table: RouteTable) -> None:
    """POST only: another method is the table's 405 naming POST in Allow."""
    for path in TOKEN_PATHS:
        table.add("POST", path, token_endpoint, name=TOKEN_ROUTE)
