"""Every exception the package raises.

    HubSpotChannelsError
    ├── ConfigurationError            missing credential, unknown API version (no request sent)
    ├── RequestValidationError        a bad argument: status, empty or malformed id (no request sent)
    ├── UnsupportedOperationError     the selected API version cannot do this (no request sent)
    ├── WebhookSignatureError         a webhook request failed verification (also in hubspot_channels.webhooks)
    ├── WebhookPayloadError           a verified body is not a valid event (also in hubspot_channels.webhooks)
    ├── RateLimiterUnavailableError   a shared rate limit's store (Redis) cannot be reached (no request sent)
    │   └── RateLimitBacklogError     the budget is booked further ahead than MAX_WAIT (no request sent)
    └── APIError                      something went wrong talking to HubSpot
        ├── APIConnectionError        the request did not get a response
        │   └── APITimeoutError
        │       └── DeadlineExceededError  the call's overall ``deadline`` passed (never retried)
        ├── APIResponseValidationError  a success response whose body cannot be read
        ├── PagingError               a list's cursor repeated: its pages would loop forever
        ├── OAuthRefreshError         the token endpoint refused or failed a refresh (``reason``)
        └── APIStatusError            HubSpot answered with an error status
            ├── BadRequestError           400
            ├── AuthenticationError       401
            ├── PermissionDeniedError     403
            ├── NotFoundError             404
            ├── ConflictError             409
            ├── UnprocessableEntityError  422
            ├── RateLimitError            429 (``retry_after``)
            └── InternalServerError       5xx

    KeyboardInterrupt
    └── BulkUpdateInterrupted         (hubspot_channels) Ctrl-C stopped update_statuses; carries the results

Messages never contain a token or an API key.
"""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

import httpx


class HubSpotChannelsError(Exception):
    """Base of every error this package raises. Every one pickles with its fields (a process-pool worker can
    return it); a response it carries travels without its request's headers."""

    def __reduce__(self) -> tuple[Any, ...]:
        return reduce_error(self)


def reduce_error(error: BaseException) -> tuple[Any, ...]:
    """Pickle support for an exception whose ``__init__`` takes other arguments than its ``args``: rebuilt
    without calling ``__init__``, then given back its fields. A response's request keeps only its method and
    scrubbed URL: its headers hold the credential."""
    fields = {
        name: _portable(value) if isinstance(value, httpx.Response) else value
        for name, value in vars(error).items()
    }
    return (_rebuilt, (type(error), error.args), fields)


def _rebuilt(cls: type[BaseException], args: tuple[Any, ...]) -> BaseException:
    return cls.__new__(cls, *args)  # BaseException.__new__ sets args; __setstate__ then sets the fields


def _portable(response: httpx.Response) -> httpx.Response:
    from . import _redact  # only when pickling: keeps the import of the exceptions light

    try:
        request: httpx.Request | None = response.request
    except RuntimeError:  # a response built without a request
        request = None
    body_framing = {"content-length", "content-encoding", "transfer-encoding"}  # content is decoded already
    return httpx.Response(
        response.status_code,
        headers=[
            (name, value) for name, value in response.headers.items() if name.lower() not in body_framing
        ],
        content=response.content,
        request=httpx.Request(request.method, _redact.scrub(str(request.url))) if request else None,
    )


class ConfigurationError(HubSpotChannelsError):
    """The client is missing something it needs (a credential, a known API version)."""


class RequestValidationError(HubSpotChannelsError, ValueError):
    """An argument is invalid; raised before anything is sent."""


class UnsupportedOperationError(HubSpotChannelsError):
    """The selected API version cannot do what was asked."""


class WebhookSignatureError(HubSpotChannelsError):
    """The request was not signed by HubSpot with your client secret, or is too old.

    `reason` is one of "missing_header", "malformed_timestamp", "stale_timestamp",
    "future_timestamp", "unsupported_version" (also: a v1/v2-only request the app did not opt in
    to), "mismatch". The message never contains the secret or the expected signature.
    """

    def __init__(self, message: str, *, reason: str) -> None:
        super().__init__(message)
        self.reason = reason


class WebhookPayloadError(HubSpotChannelsError):
    """The body is not a webhook event this package can read; `field` names the culprit if one is."""

    def __init__(self, message: str, *, field: str | None = None) -> None:
        super().__init__(message)
        self.field = field


class RateLimiterUnavailableError(HubSpotChannelsError):
    """A shared rate limit (``hubspot_channels.redis.RedisRateLimit``) could not reach its store, so the call
    was refused before sending anything: sending unpaced could overshoot the budget every process shares.
    Transient: retry later (or configure the limit's ``fallback`` to pace locally meanwhile)."""


class RateLimitBacklogError(RateLimiterUnavailableError):
    """The rate limit (local or shared) is booked further ahead than ``MAX_WAIT`` (about two minutes): so many
    calls wait for it at once that this one could only be sent later, or sooner by overshooting the budget.
    Nothing was sent and no slot was claimed. Send fewer calls at once (``update_statuses`` bounds them)."""


class APIError(HubSpotChannelsError):
    """Talking to HubSpot failed."""

    idempotency_id: str | None = None  # publish's: pass it back as idempotency_id= to retry it, no duplicate


class APIConnectionError(APIError):
    """No response: connection refused or dropped, DNS, TLS, protocol error."""


class APITimeoutError(APIConnectionError):
    """The request timed out."""


class DeadlineExceededError(APITimeoutError):
    """The whole call, retries and a slowly trickled answer included, took longer than its ``deadline``."""


class APIResponseValidationError(APIError):
    """A success status whose body is not what the API documents (not JSON, too deeply nested, a required
    field missing, null or of the wrong type: ``field`` names it when known). ``body`` is the raw text."""

    def __init__(self, message: str, *, response: httpx.Response, field: str | None = None) -> None:
        super().__init__(message)
        self.response = response
        self.status_code = response.status_code
        self.body = response.text
        self.field = field


class PagingError(APIError):
    """A list answered with a cursor it had already given (A -> B -> A): following it would never end."""

    def __init__(self, message: str, *, cursor: str) -> None:
        super().__init__(message)
        self.cursor = cursor


@dataclass(frozen=True, slots=True)
class ErrorDetail:
    """One entry of an error body's ``errors`` list."""

    message: str | None
    code: str | None = None
    in_: str | None = None
    sub_category: str | None = None
    context: Mapping[str, Any] | None = None


class APIStatusError(APIError):
    """HubSpot answered with an error status. Every body field is optional: gateways answer with HTML or nothing."""

    status_code: int
    message: str | None
    category: str | None
    sub_category: str | None
    correlation_id: str | None
    errors: Sequence[ErrorDetail]
    body: Any  # the decoded JSON, or the raw text when the body is not JSON
    response: httpx.Response

    def __init__(self, response: httpx.Response) -> None:
        self.response = response
        self.status_code = response.status_code
        self.body = _decode(response)
        fields: Mapping[str, Any] = self.body if isinstance(self.body, Mapping) else {}
        self.message = _text(fields.get("message"))
        self.category = _text(fields.get("category")) or _text(fields.get("errorType"))
        self.sub_category = _text(fields.get("subCategory"))
        self.correlation_id = _text(fields.get("correlationId")) or response.headers.get(
            "x-hubspot-correlation-id"
        )
        listed = fields.get("errors")
        items = listed if isinstance(listed, list) else ()  # tolerant: a gateway may put anything here
        self.errors = tuple(_detail(item) for item in items if isinstance(item, Mapping))
        super().__init__(self._summary())

    def _summary(self) -> str:
        parts = [f"HTTP {self.status_code}"]
        if self.category:
            parts.append(self.category)
        summary = " ".join(parts) + f": {self.message or _snippet(self.body) or 'no error message'}"
        if self.correlation_id:
            summary += f" (correlation id {self.correlation_id})"
        return summary


class BadRequestError(APIStatusError):
    """400: HubSpot refused the request as malformed; ``errors`` usually names the field."""


class AuthenticationError(APIStatusError):
    """401: the access token or developer API key is missing, wrong or expired."""


class PermissionDeniedError(APIStatusError):
    """403: the credential is valid but lacks the scope or the access this call needs."""


class NotFoundError(APIStatusError):
    """404: no such channel, account, message or token (or not one this credential can see)."""


class ConflictError(APIStatusError):
    """409: the request conflicts with the resource's current state."""


class UnprocessableEntityError(APIStatusError):
    """422: well-formed, but HubSpot cannot act on these values."""


class RateLimitError(APIStatusError):
    """429. ``retry_after`` is the wait HubSpot asked for in seconds, when it said one."""

    retry_after: float | None
    policy_name: str | None

    def __init__(self, response: httpx.Response, *, retry_after: float | None = None) -> None:
        super().__init__(response)
        self.retry_after = retry_after
        fields = self.body if isinstance(self.body, Mapping) else {}
        self.policy_name = _text(fields.get("policyName"))


class InternalServerError(APIStatusError):
    """5xx: HubSpot failed on its side; ``max_retries`` bounds the retries before this is raised."""


_BY_STATUS: dict[int, type[APIStatusError]] = {
    400: BadRequestError,
    401: AuthenticationError,
    403: PermissionDeniedError,
    404: NotFoundError,
    409: ConflictError,
    422: UnprocessableEntityError,
}


def status_error(response: httpx.Response, *, retry_after: float | None = None) -> APIStatusError:
    """The exception for an error response."""
    if response.status_code == 429:
        return RateLimitError(response, retry_after=retry_after)
    if response.status_code >= 500:
        return InternalServerError(response)
    return _BY_STATUS.get(response.status_code, APIStatusError)(response)


def _decode(response: httpx.Response) -> Any:
    try:
        return json.loads(response.content) if response.content else None
    except (ValueError, RecursionError):  # not JSON, or nested too deep to decode: keep the raw text
        return response.text


def _text(value: Any) -> str | None:
    return value if isinstance(value, str) and value else None


def _snippet(body: Any, limit: int = 200) -> str:
    if body is None:
        return ""
    try:
        text = body if isinstance(body, str) else json.dumps(body)
    except (ValueError, RecursionError):
        return ""
    text = " ".join(text.split())
    return text[:limit] + ("..." if len(text) > limit else "")


def _detail(item: Mapping[str, Any]) -> ErrorDetail:
    context = item.get("context")
    return ErrorDetail(
        message=_text(item.get("message")),
        code=_text(item.get("code")),
        in_=_text(item.get("in")),
        sub_category=_text(item.get("subCategory")),
        context=context if isinstance(context, Mapping) else None,
    )
