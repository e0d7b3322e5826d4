"""Reading a control request (/_fake/...): its size, content type and JSON, validated strictly against the
control document's schema, every problem a short 400 (413 when too large) that says why."""

from __future__ import annotations

import functools
from typing import Any

from jsonschema import validators  # type: ignore[import-untyped]  # jsonschema ships no hints
from openapi_schema_validator import OAS31Validator

from ._body import BodyError, parse_json
from ._control_spec import FAULT_EFFECTS, SCHEMAS
from ._http import ApiError, Incoming, Outgoing, error_response
from ._quote import short, short_message

CONTROL_PREFIX = "/_fake"
# Far above the largest valid control body (a 65536-character fault body, JSON-escaped), far below harm.
CONTROL_BODY_LIMIT = 1024 * 1024

# JSON Schema's `integer` accepts 500.0; a control value used as an HTTP status or an id must be a JSON
# integer, so a float is refused here rather than crashing the server (or the client) later.
_ControlValidator = validators.extend(
    OAS31Validator,
    type_checker=OAS31Validator.TYPE_CHECKER.redefine(
        "integer", lambda _checker, value: isinstance(value, int) and not isinstance(value, bool)
    ),
)


def bad(message: str, location: str = "body") -> ApiError:
    return ApiError(
        400, "VALIDATION_ERROR", message, errors=[{"message": message, "in": location, "code": "INVALID"}]
    )


def too_large(limit: int = CONTROL_BODY_LIMIT) -> Outgoing:
    return error_response(413, "VALIDATION_ERROR", f"a control request body is at most {limit} bytes")


@functools.cache
def _validator(schema: str) -> Any:
    return _ControlValidator(SCHEMAS[schema])


def read_body(incoming: Incoming, schema: str, *, optional: bool = False) -> dict[str, Any]:
    """The request's JSON object, valid against the named schema; an ApiError (400/413/415) otherwise."""
    if incoming.query:
        raise bad(f"unknown query parameter {short(incoming.query[0][0])}", "query")
    if len(incoming.body) > CONTROL_BODY_LIMIT:  # the ASGI app stops reading earlier; in-process too
        raise ApiError(
            413, "VALIDATION_ERROR", f"a control request body is at most {CONTROL_BODY_LIMIT} bytes"
        )
    if not incoming.body.strip():
        if optional:
            return {}
        raise bad("a JSON object body is required")
    media = incoming.headers.get("content-type", "application/json").split(";", 1)[0].strip().lower()
    if media != "application/json":
        raise ApiError(415, "VALIDATION_ERROR", "Content-Type must be application/json")
    try:
        value = parse_json(incoming.body)
    except BodyError as exc:
        raise bad(exc.message) from None
    # The shallowest error first, and "needs one of" last: a misspelt field is the better explanation.
    errors = sorted(
        _validator(schema).iter_errors(value),
        key=lambda e: (len(e.absolute_path), e.validator == "anyOf", list(map(str, e.absolute_path))),
    )
    if errors:
        first = errors[0]
        if schema == "fault" and first.validator == "anyOf" and not first.absolute_path:
            raise bad(f"a fault needs at least one of {', '.join(FAULT_EFFECTS)}")
        where = ".".join(map(str, first.absolute_path))
        raise bad(f"Invalid input: {where + ': ' if where else ''}{_message(first)}")
    assert isinstance(value, dict)
    return value


def no_input(incoming: Incoming) -> None:
    read_body(incoming, "nothing", optional=True)


def _message(error: Any) -> str:
    return short_message(str(error.message), error.instance)
