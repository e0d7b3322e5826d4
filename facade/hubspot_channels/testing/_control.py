"""The control API under /_fake: drive a served fake from outside, through the FakeHubSpot methods.

Each endpoint is a thin wrapper: it validates the request strictly against the control document
(`_control_spec.py`, read by `_control_body.py`: bad JSON, a wrong type, a float where a whole number
belongs or an unknown field is a 400 that says why, a body past 1 MiB a 413) and calls the
same method a Python test calls (`agent_reply`, `faults.add`, `reset`, `request_log`, ...).
Control requests are not logged and never faulted.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING

from ._control_body import CONTROL_BODY_LIMIT, CONTROL_PREFIX, bad, no_input, read_body, too_large
from ._control_events import EVENT_HANDLERS, webhook_json
from ._control_spec import control_document
from ._http import ApiError, Incoming, Outgoing, json_response
from ._routes import PlainHandler, RouteTable
from ._spec import VERSIONS_SERVED, operations

if TYPE_CHECKING:
    from ._fake import FakeHubSpot

__all__ = ["CONTROL_BODY_LIMIT", "CONTROL_PREFIX", "add_control_routes", "too_large"]


def index(fake: FakeHubSpot, incoming: Incoming, _: Mapping[str, str]) -> Outgoing:
    no_input(incoming)
    versions = {v: sorted({op.path for op in operations(v)}) for v in VERSIONS_SERVED}
    control = {
        f"{op['operationId']}": f"{method.upper()} {path}"
        for path, item in control_document()["paths"].items()
        for method, op in item.items()
    }
    return json_response(200, {"versions": versions, "control": control})


def openapi(fake: FakeHubSpot, incoming: Incoming, _: Mapping[str, str]) -> Outgoing:
    no_input(incoming)
    return json_response(200, control_document())


def agent_reply(fake: FakeHubSpot, incoming: Incoming, _: Mapping[str, str]) -> Outgoing:
    body = read_body(incoming, "agent_reply")
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
    webhook = {k: v for k, v in webhook_json(delivery).items() if k not in {"event", "pending"}}
    return json_response(201, {"message": message, "webhook": webhook})


def staging_token(fake: FakeHubSpot, incoming: Incoming, _: Mapping[str, str]) -> Outgoing:
    body = read_body(incoming, "staging_token")
    token = fake.create_staging_token(
        body["channelId"], inbox_id=body.get("inboxId", 1001), user_id=body.get("userId", 501)
    )
    return json_response(201, {"accountToken": token})


def list_faults(fake: FakeHubSpot, incoming: Incoming, _: Mapping[str, str]) -> Outgoing:
    no_input(incoming)
    shown = [{**fault.to_json(), "remaining": remaining} for fault, remaining in fake.faults.scheduled()]
    return json_response(200, {"results": shown, "total": len(shown)})


def add_fault(fake: FakeHubSpot, incoming: Incoming, _: Mapping[str, str]) -> Outgoing:
    body = read_body(incoming, "fault")
    if (
        not {"status", "delay", "drop", "malformed", "body"} & set(body)
        or body.get("delay") == 0
        and len({"status", "drop", "malformed", "body"} & set(body)) == 0
    ):
        raise bad("a fault needs at least one of status, delay (above 0), drop, malformed or body")
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
        raise bad(str(exc)) from None
    return json_response(201, {**fault.to_json(), "remaining": body.get("times", 1)})


def clear_faults(fake: FakeHubSpot, incoming: Incoming, _: Mapping[str, str]) -> Outgoing:
    no_input(incoming)
    fake.faults.clear()
    return Outgoing(204)


def list_requests(fake: FakeHubSpot, incoming: Incoming, _: Mapping[str, str]) -> Outgoing:
    no_input(incoming)
    log = fake.request_log()
    return json_response(200, {"results": log, "total": len(log)})


def clear_requests(fake: FakeHubSpot, incoming: Incoming, _: Mapping[str, str]) -> Outgoing:
    no_input(incoming)
    fake.clear_requests()
    return Outgoing(204)


def reset(fake: FakeHubSpot, incoming: Incoming, _: Mapping[str, str]) -> Outgoing:
    no_input(incoming)
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
    **EVENT_HANDLERS,
}


def add_control_routes(table: RouteTable) -> None:
    for path, item in control_document()["paths"].items():
        for method, op in item.items():
            name = op["operationId"]
            table.add(method.upper(), path, _HANDLERS[name], name=f"_fake.{name}", control=True)
