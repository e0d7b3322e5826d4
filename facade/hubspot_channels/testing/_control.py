"""The control API under /_fake: drive a served fake from outside, through the FakeHubSpot methods.

Each endpoint is a thin wrapper: it validates the request strictly against the control document
(`_control_spec.py`; bad JSON, a wrong type or an unknown field is a 400 that says why) and calls the
same method a Python test calls (`agent_reply`, `faults.add`, `reset`, `request_log`, ...).
Control requests are not logged and never faulted.
"""

from __future__ import annotations

import functools
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

from openapi_schema_validator import OAS31Validator

from ._body import BodyError, parse_json
from ._control_spec import AGENT_REPLY, FAULT, FAULT_EFFECTS, STAGING_TOKEN, control_document
from ._http import ApiError, Incoming, Outgoing, json_response
from ._routes import PlainHandler, RouteTable
from ._spec import VERSIONS_SERVED, operations

if TYPE_CHECKING:
    from ._fake import FakeHubSpot

CONTROL_PREFIX = "/_fake"
_EMPTY: dict[str, Any] = {"type": "object", "properties": {}, "additionalProperties": False}


def _bad(message: str, location: str = "body") -> ApiError:
    return ApiError(
        400, "VALIDATION_ERROR", message, errors=[{"message": message, "in": location, "code": "INVALID"}]
    )


_SCHEMAS: Mapping[str, Mapping[str, Any]] = {
    "agent_reply": AGENT_REPLY,
    "fault": FAULT,
    "staging_token": STAGING_TOKEN,
    "nothing": _EMPTY,
}


@functools.cache
def _validator(schema: str) -> OAS31Validator:
    return OAS31Validator(_SCHEMAS[schema])


def _body(incoming: Incoming, schema: str, *, optional: bool = False) -> dict[str, Any]:
    """The request's JSON object, valid against the named schema; an ApiError (400/415) otherwise."""
    if incoming.query:
        raise _bad(f"unknown query parameter {incoming.query[0][0]!r}", "query")
    if not incoming.body.strip():
        if optional:
            return {}
        raise _bad("a JSON object body is required")
    media = incoming.headers.get("content-type", "application/json").split(";", 1)[0].strip().lower()
    if media != "application/json":
        raise ApiError(415, "VALIDATION_ERROR", "Content-Type must be application/json")
    try:
        value = parse_json(incoming.body)
    except BodyError as exc:
        raise _bad(exc.message) from None
    # The shallowest error first, and "needs one of" last: a misspelt field is the better explanation.
    errors = sorted(
        _validator(schema).iter_errors(value),
        key=lambda e: (len(e.absolute_path), e.validator == "anyOf", list(map(str, e.absolute_path))),
    )
    if errors:
        first = errors[0]
        if schema == "fault" and first.validator == "anyOf" and not first.absolute_path:
            raise _bad(f"a fault needs at least one of {', '.join(FAULT_EFFECTS)}")
        where = ".".join(map(str, first.absolute_path))
        raise _bad(f"Invalid input: {where + ': ' if where else ''}{first.message}")
    assert isinstance(value, dict)
    return value


def _no_input(incoming: Incoming) -> None:
    _body(incoming, "nothing", optional=True)


def index(fake: FakeHubSpot, incoming: Incoming, _: Mapping[str, str]) -> Outgoing:
    _no_input(incoming)
    versions = {v: sorted({op.path for op in operations(v)}) for v in VERSIONS_SERVED}
    control = {
        f"{op['operationId']}": f"{method.upper()} {path}"
        for path, item in control_document()["paths"].items()
        for method, op in item.items()
    }
    return json_response(200, {"versions": versions, "control": control})


def openapi(fake: FakeHubSpot, incoming: Incoming, _: Mapping[str, str]) -> Outgoing:
    _no_input(incoming)
    return json_response(200, control_document())


def agent_reply(fake: FakeHubSpot, incoming: Incoming, _: Mapping[str, str]) -> Outgoing:
    body = _body(incoming, "agent_reply")
    try:
        reply = {
            "thread_id": body.get("threadId"),
            "recipients": body.get("recipients"),
            "rich_text": body.get("richText"),
            "attachments": (),
            "agent_user_id": body.get("agentUserId", 501),
            "agent_name": body.get("agentName", "Fake Agent"),
        }
        message, delivery = fake._agent_reply(
            body["channelId"],
            body["channelAccountId"],
            body["text"],
            reply,
            deliver=body.get("deliver", True),
        )
    except KeyError as exc:  # an unknown thread
        raise ApiError(404, "OBJECT_NOT_FOUND", str(exc.args[0]) if exc.args else "not found") from None
    except ValueError as exc:  # nothing to reply to: the caller must name the recipients
        raise ApiError(409, "CONFLICT", str(exc)) from None
    webhook = {
        "url": delivery.url,
        "sent": delivery.sent,
        "statusCode": delivery.status_code,
        "error": delivery.error,
    }
    return json_response(201, {"message": message, "webhook": webhook})


def staging_token(fake: FakeHubSpot, incoming: Incoming, _: Mapping[str, str]) -> Outgoing:
    body = _body(incoming, "staging_token")
    token = fake.create_staging_token(
        body["channelId"], inbox_id=body.get("inboxId", 1001), user_id=body.get("userId", 501)
    )
    return json_response(201, {"accountToken": token})


def list_faults(fake: FakeHubSpot, incoming: Incoming, _: Mapping[str, str]) -> Outgoing:
    _no_input(incoming)
    shown = [{**fault.to_json(), "remaining": remaining} for fault, remaining in fake.faults.scheduled()]
    return json_response(200, {"results": shown, "total": len(shown)})


def add_fault(fake: FakeHubSpot, incoming: Incoming, _: Mapping[str, str]) -> Outgoing:
    body = _body(incoming, "fault")
    if (
        not {"status", "delay", "drop", "malformed", "body"} & set(body)
        or body.get("delay") == 0
        and len({"status", "drop", "malformed", "body"} & set(body)) == 0
    ):
        raise _bad("a fault needs at least one of status, delay (above 0), drop, malformed or body")
    try:
        fault = fake.faults.add(
            body.get("operation", "*"),
            status=body.get("status"),
            retry_after=body.get("retryAfter"),
            delay=float(body.get("delay", 0.0)),
            drop=body.get("drop"),
            malformed=body.get("malformed"),
            body=body.get("body"),
            content_type=body.get("contentType"),
            times=body.get("times", 1),
            path=body.get("path"),
            version=body.get("version"),
        )
    except (TypeError, ValueError) as exc:  # an unknown operation
        raise _bad(str(exc)) from None
    return json_response(201, {**fault.to_json(), "remaining": body.get("times", 1)})


def clear_faults(fake: FakeHubSpot, incoming: Incoming, _: Mapping[str, str]) -> Outgoing:
    _no_input(incoming)
    fake.faults.clear()
    return Outgoing(204)


def list_requests(fake: FakeHubSpot, incoming: Incoming, _: Mapping[str, str]) -> Outgoing:
    _no_input(incoming)
    log = fake.request_log()
    return json_response(200, {"results": log, "total": len(log)})


def clear_requests(fake: FakeHubSpot, incoming: Incoming, _: Mapping[str, str]) -> Outgoing:
    _no_input(incoming)
    fake.clear_requests()
    return Outgoing(204)


def reset(fake: FakeHubSpot, incoming: Incoming, _: Mapping[str, str]) -> Outgoing:
    _no_input(incoming)
    fake.reset()
    return Outgoing(204)


_HANDLERS: Mapping[str, PlainHandler] = {
    "control_index": index,
    "control_openapi": openapi,
    "agent_reply": agent_reply,
    "create_staging_token": staging_token,
    "list_faults": list_faults,
    "add_fault": add_fault,
    "clear_faults": clear_faults,
    "list_requests": list_requests,
    "clear_requests": clear_requests,
    "reset": reset,
}


def add_control_routes(table: RouteTable) -> None:
    for path, item in control_document()["paths"].items():
        for method, op in item.items():
            name = op["operationId"]
            table.add(method.upper(), path, _HANDLERS[name], name=f"_fake.{name}", control=True)
