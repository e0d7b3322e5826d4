"""Routing and the request pipeline: fault -> auth -> rate limit -> validation -> handler.

Every registered version is served at once (its own paths, document and rules, one shared state);
plain routes of the table (`_routes.py`: the control API under /_fake, ...) skip the pipeline.

Transports call `App.start` (route, log, pick a fault: cheap and never blocking), wait out the
fault's delay their own way (sync sleep, async sleep, or watching for an ASGI disconnect), then
call `App.finish` for the answer, or `App.abandon` when the client gave up meanwhile.
"""

from __future__ import annotations

import json
import time
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from . import _validation
from ._body import BodyError, parse_json, parse_json_or_none
from ._declared import declared_only
from ._faults import Fault
from ._handlers import DEVELOPER_KEY_OPERATIONS, HANDLERS, Call
from ._http import (
    ApiError,
    Incoming,
    Outgoing,
    correlation_id,
    error_response,
    json_response,
    rate_limit_body,
)
from ._routes import Match, RouteTable, normal_path
from ._spec import all_operations

if TYPE_CHECKING:
    from ._fake import FakeHubSpot


@dataclass(slots=True)
class RequestRecord:
    """One request the fake received and what it answered (`status` None: dropped or abandoned).

    `operation` names an API operation (None for anything else); `route` names whatever route took the
    request, API operation or plain route (e.g. "oauth_token"): the name faults and `requests_for` use.
    """

    method: str
    path: str
    query: dict[str, list[str]]
    headers: dict[str, str]
    body: bytes
    json: Any
    operation: str | None
    path_params: dict[str, str]
    time: float
    fault: Fault | None = None
    status: int | None = None
    response_headers: dict[str, str] = field(default_factory=dict)
    response_body: bytes = b""
    note: str | None = None  # e.g. "dropped", "client gave up during delay"
    version: str | None = None  # the API version the path belongs to (None: not an API operation)
    route: str | None = None

    @property
    def response_json(self) -> Any:
        return json.loads(self.response_body) if self.response_body else None


@dataclass(slots=True)
class Pending:
    """A routed request between `start` and `finish`."""

    incoming: Incoming
    record: RequestRecord
    operation: _validation.Operation | None
    params: dict[str, str]
    fault: Fault | None
    match: Match | None = None

    @property
    def delay(self) -> float:
        return self.fault.delay if self.fault is not None else 0.0


class Router:
    """Maps method + path to an operation of one version's document (or a plain route)."""

    def __init__(self) -> None:
        self.table = RouteTable(all_operations())

    def match(self, incoming: Incoming) -> tuple[_validation.Operation | None, dict[str, str], bool]:
        """(operation, path params, path known); the operation is None for 404/405 and plain routes."""
        found = self.table.match(incoming)
        op = found.route.operation if found.route is not None else None
        return op, found.params, found.path_known

    def allowed(self, path: str) -> list[str]:
        return self.table.allowed(path)


class App:
    def __init__(self, fake: FakeHubSpot) -> None:
        from ._control import add_control_routes
        from ._oauth import add_token_routes

        self._fake = fake
        self._router = Router()
        # One more route is one line: self.routes.add(method, template, handler, name=...).
        self.routes = self._router.table
        add_control_routes(self.routes)
        add_token_routes(self.routes)

    def start(self, incoming: Incoming) -> Pending:
        found = self._router.table.match(incoming)
        route = found.route
        op, params = (route.operation if route else None), found.params
        query: dict[str, list[str]] = {}
        for key, value in incoming.query:
            query.setdefault(key, []).append(value)
        record = RequestRecord(
            method=incoming.method,
            path=incoming.path,
            query=query,
            headers=dict(incoming.headers),
            body=incoming.body,
            json=parse_json_or_none(incoming.body),
            operation=route.name if route is not None and route.operation is not None else None,
            path_params=dict(params),
            time=time.time(),
            version=route.version if route else None,
            route=route.name if route else None,
        )
        fault = None
        if route is not None and route.name is not None and not route.control:
            fault = self._fake.faults.take(route.name, path=normal_path(incoming.path), version=route.version)
        record.fault = fault
        if route is None or not route.control:
            self._fake._log(record)
        return Pending(incoming, record, op, params, fault, found)

    def abandon(self, pending: Pending, note: str) -> None:
        pending.record.note = note

    def finish(self, pending: Pending) -> Outgoing:
        out = self._answer(pending)
        record = pending.record
        if out.drop is not None:
            record.note = f"dropped ({out.drop})"
            return out
        out.headers.append(("X-HubSpot-Correlation-Id", _correlation(out)))
        record.status = out.status
        record.response_headers = {k: v for k, v in out.headers}
        record.response_body = out.body
        if pending.operation is not None and not (pending.fault and not pending.fault.processes_request):
            self._check_response(pending, out)
        return out

    def _answer(self, pending: Pending) -> Outgoing:
        fake, incoming, op = self._fake, pending.incoming, pending.operation
        route = pending.match.route if pending.match is not None else None
        if route is not None and route.handler is not None:
            if pending.fault is not None and not pending.fault.processes_request:
                return pending.fault.response([])
            try:
                return route.handler(fake, incoming, pending.params)
            except ApiError as exc:
                return exc.response()
        if op is None:
            _, _, path_known = self._router.match(incoming)
            if path_known:
                allowed = self._router.allowed(incoming.path)
                out = error_response(
                    405, "VALIDATION_ERROR", f"{incoming.method} is not allowed on {incoming.path}"
                )
                out.headers.append(("Allow", ", ".join(allowed)))
                return out
            return error_response(404, "OBJECT_NOT_FOUND", f"no API at {incoming.method} {incoming.path}")
        developer = op.name in DEVELOPER_KEY_OPERATIONS
        if pending.fault is not None and not pending.fault.processes_request:
            return pending.fault.response(fake._limiter.headers(daily=developer))
        denied = self._authenticate(op.name, incoming)
        if denied is not None:
            return denied
        verdict = fake._limiter.check(daily=developer)
        if not verdict.allowed:
            out = json_response(429, rate_limit_body(), [("Retry-After", verdict.retry_after_header)])
        else:
            out = self._validated(pending)
        out.headers.extend(verdict.headers)
        return out

    def _validated(self, pending: Pending) -> Outgoing:
        incoming, op = pending.incoming, pending.operation
        assert op is not None
        validate = self._fake.validate_requests
        # A body sent to an operation that declares none is ignored, as HubSpot's routing does.
        raw = incoming.body if op.has_body else b""
        content_type = incoming.headers.get("content-type", "application/json" if raw else "")
        body: Any = None
        if raw and (_is_json(content_type) or not validate):
            # Read before the validators see it: they would raise on bytes that are not JSON.
            try:
                body = parse_json(raw)
            except BodyError as exc:
                return _bad_json(exc)
        missing = _missing_required(op, body) if validate else None
        if missing is not None:
            return missing
        if validate:
            headers = tuple(incoming.headers.items())
            violations = _validation.request_violations(
                op, incoming.path, pending.params, incoming.query, raw, content_type, headers
            )
            if violations:
                status = 415 if any(v.code == "UNSUPPORTED_MEDIA_TYPE" for v in violations) else 400
                summary = "; ".join(v.message for v in violations)
                return error_response(
                    status,
                    "VALIDATION_ERROR",
                    f"Invalid input: {summary}",
                    errors=[v.to_json() for v in violations],
                )
        if isinstance(body, dict) and op.body_fields is not None:
            # Like HubSpot's reader, ignore undeclared fields at any depth: a body must not set `id`,
            # `channelId`..., nor a field this version removed (2026-09's senderActorId).
            body = declared_only(op, body)
        call = Call(incoming, pending.params, body, op)
        with self._fake._lock:
            try:
                return HANDLERS[op.name](self._fake._store, call)
            except ApiError as exc:
                return exc.response()
            except (KeyError, TypeError, ValueError, AttributeError) as exc:
                if validate:
                    raise  # the document let this request through: a bug in the fake, make it loud
                # Validation is off, so the handler met a body of the wrong shape: HubSpot says 400.
                return error_response(
                    400,
                    "VALIDATION_ERROR",
                    f"Invalid input: the request does not fit the operation ({exc!r})",
                )

    def _authenticate(self, operation: str, incoming: Incoming) -> Outgoing | None:
        fake = self._fake
        if operation in DEVELOPER_KEY_OPERATIONS:
            key, app_id = incoming.first("hapikey"), incoming.first("appId")
            if key is None:
                return _unauthorized("Any of the listed authentication credentials are missing: hapikey")
            if key != fake.developer_api_key:
                return _unauthorized(
                    "The API key provided is invalid. View or manage your API key in your developer account."
                )
            if app_id != str(fake.app_id):
                return _unauthorized(f"appId {app_id!r} does not belong to this developer API key")
            return None
        header = incoming.headers.get("authorization", "")
        scheme, _, token = header.partition(" ")
        if scheme.lower() != "bearer" or not token:
            return _unauthorized(
                "Authentication credentials not found. This API supports OAuth 2.0 authentication "
                "(Authorization: Bearer <access token>)."
            )
        if fake.oauth.issued(token.strip()):  # a token of the fake's token endpoint: valid until it expires
            return fake.oauth.refused(token.strip())
        if token.strip() != fake.access_token:
            return _unauthorized("The OAuth token used to make this call is invalid or expired.")
        return None

    def _check_response(self, pending: Pending, out: Outgoing) -> None:
        if not self._fake.validate_responses:
            return
        op = pending.operation
        assert op is not None
        problems = _validation.response_violations(
            op, pending.incoming.path, pending.params, out.status, out.headers, out.body
        )
        if problems:
            cause = (
                "a bug in hubspot_channels.testing"
                if self._fake.validate_requests
                else "validate_requests is off, so an invalid request may have been stored as sent"
            )
            error = _validation.ResponseValidationError(
                f"the fake answered {op.name} with {out.status}, which its OpenAPI document rejects "
                f"({cause}):\n" + "\n".join(problems) + f"\nbody: {out.body[:2000]!r}"
            )
            self._fake._bugs.append(error)
            raise error


def _missing_required(op: _validation.Operation, body: Any) -> Outgoing | None:
    """A 400 for fields the published document requires (the normalized one drops PATCH `required`)."""
    missing = [name for name in op.required_fields if isinstance(body, dict) and name not in body]
    if not missing:
        return None
    errors = [
        {
            "message": f"{name} is required",
            "in": "body",
            "code": "REQUIRED_FIELD",
            "context": {"field": [name]},
        }
        for name in missing
    ]
    message = "Invalid input: " + "; ".join(f"{name}: is a required property" for name in missing)
    return error_response(400, "VALIDATION_ERROR", message, errors=errors)


def _is_json(content_type: str) -> bool:
    media = content_type.split(";", 1)[0].strip().lower()
    return media == "application/json" or media.endswith("+json")


def _bad_json(error: BodyError) -> Outgoing:
    item = {"message": error.message, "in": "body", "code": "INVALID"}
    return error_response(400, "VALIDATION_ERROR", error.message, errors=[item])


def _unauthorized(message: str) -> Outgoing:
    return error_response(401, "INVALID_AUTHENTICATION", message)


def _correlation(out: Outgoing) -> str:
    # Reuse the body's correlationId so that header and body agree, as on HubSpot.
    if out.body[:1] == b"{":
        try:
            value = json.loads(out.body).get("correlationId")
        except ValueError:
            value = None
        if isinstance(value, str):
            return value
    return correlation_id()
