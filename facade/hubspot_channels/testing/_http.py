"""Framework-neutral request/response values and HubSpot-shaped error bodies.

The transports (httpx in-process, ASGI over HTTP) translate to and from these, so the fake's
behaviour is defined once.
"""

from __future__ import annotations

import json
import uuid
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import parse_qsl

JSON_CONTENT_TYPE = "application/json;charset=utf-8"  # what HubSpot sends


@dataclass(frozen=True, slots=True)
class Incoming:
    """A request as the fake sees it; `headers` keys are lower case."""

    method: str  # as sent: methods are case-sensitive, so "get" is not GET
    path: str  # percent-decoded
    query: tuple[tuple[str, str], ...]
    headers: Mapping[str, str]
    body: bytes
    base_url: str  # scheme://host[:port] the client called, for Location and paging links
    # "%2F" inside a segment: decoding it would move a segment boundary ("1%2F" would route as channel 1).
    encoded_slash: bool = False

    @classmethod
    def build(
        cls,
        method: str,
        path: str,
        raw_query: str,
        headers: Mapping[str, str],
        body: bytes,
        base_url: str,
        *,
        raw_path: bytes = b"",
    ) -> Incoming:
        query = tuple(parse_qsl(raw_query, keep_blank_values=True))
        lowered = {k.lower(): v for k, v in headers.items()}
        return cls(method, path, query, lowered, body, base_url, b"%2f" in raw_path.lower())

    def first(self, name: str) -> str | None:
        return next((v for k, v in self.query if k == name), None)


@dataclass(slots=True)
class Outgoing:
    """The fake's answer. `drop` means: close the connection instead of answering."""

    status: int
    headers: list[tuple[str, str]] = field(default_factory=list)
    body: bytes = b""
    drop: str | None = None  # None, "protocol" (RemoteProtocolError) or "read" (ReadError)

    def header(self, name: str) -> str | None:
        name = name.lower()
        return next((v for k, v in self.headers if k.lower() == name), None)


def correlation_id() -> str:
    return str(uuid.uuid4())


def dumps(value: Any) -> bytes:
    return json.dumps(value, separators=(",", ":")).encode()


def json_response(status: int, payload: Any, headers: Sequence[tuple[str, str]] = ()) -> Outgoing:
    return Outgoing(status, [("Content-Type", JSON_CONTENT_TYPE), *headers], dumps(payload))


def error_body(
    category: str,
    message: str,
    *,
    errors: Sequence[Mapping[str, object]] | None = None,
    sub_category: str | None = None,
    context: Mapping[str, Sequence[str]] | None = None,
) -> dict[str, object]:
    """HubSpot's error body: {status, message, correlationId, category[, subCategory, errors, context]}."""
    body: dict[str, object] = {
        "status": "error",
        "message": message,
        "correlationId": correlation_id(),
        "category": category,
    }
    if sub_category is not None:
        body["subCategory"] = sub_category
    if errors:
        body["errors"] = [dict(e) for e in errors]
    if context:
        body["context"] = {k: list(v) for k, v in context.items()}
    return body


def error_response(status: int, category: str, message: str, **extra: Any) -> Outgoing:
    return json_response(status, error_body(category, message, **extra))


def rate_limit_body(policy: str = "SECONDLY") -> dict[str, object]:
    # HubSpot's 429 body has errorType and policyName and, unlike other errors, no category.
    return {
        "status": "error",
        "message": f"You have reached your {policy.lower()} limit.",
        "errorType": "RATE_LIMIT",
        "correlationId": correlation_id(),
        "policyName": policy,
    }


class ApiError(Exception):
    """Raised by state operations; becomes a HubSpot error response."""

    def __init__(self, status: int, category: str, message: str, **extra: Any) -> None:
        super().__init__(message)
        self.status = status
        self.category = category
        self.message = message
        self.extra = extra

    def response(self) -> Outgoing:
        return error_response(self.status, self.category, self.message, **self.extra)


def not_found(kind: str, ident: object) -> ApiError:
    return ApiError(404, "OBJECT_NOT_FOUND", f"{kind} {ident} not found")


def invalid(message: str, field_name: str | None = None) -> ApiError:
    item: dict[str, object] = {"message": message, "in": "body", "code": "INVALID"}
    if field_name is not None:
        item["context"] = {"field": [field_name]}
    return ApiError(400, "VALIDATION_ERROR", message, errors=[item])
