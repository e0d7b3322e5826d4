"""Strict writer: arguments are checked before a request is built, with errors that name the fix."""

from __future__ import annotations

import datetime as dt
import math
import re
from collections.abc import Iterable, Mapping, Sequence
from enum import Enum
from typing import Any, TypeVar

from ._exceptions import RequestValidationError
from ._models import DeliveryIdentifier, DeliveryIdentifierType, MessageStatus, Participant

E = TypeVar("E", bound=Enum)
_DIGITS = re.compile(r"^[0-9]{1,19}$")
_SPACE_OR_CONTROL = re.compile(r"[\s\x00-\x1f]")  # one C-level scan per id: ids are checked on every call
REPORTABLE_STATUSES = (MessageStatus.SENT, MessageStatus.FAILED, MessageStatus.READ)
# The spec's integer formats (every vendored version): channelId is int32, channelAccountId int64.
INT32_MAX = 2**31 - 1
INT64_MAX = 2**63 - 1


def numeric_id(value: object, name: str, maximum: int = INT64_MAX) -> int:
    """An id the API path wants as a number: an int or a string of digits, at most ``maximum`` (the spec's
    int32 or int64: HubSpot could not parse a larger one)."""
    if isinstance(value, bool):
        raise RequestValidationError(f"{name} must be a numeric id, got a bool")
    if isinstance(value, int):
        if value <= 0:
            raise RequestValidationError(f"{name} must be a positive number, got {value}")
        if value > maximum:
            bits = "int32" if maximum == INT32_MAX else "int64"
            raise RequestValidationError(
                f"{name} must be at most {maximum} (an {bits} in the API), got {value}"
            )
        return value
    if isinstance(value, str) and _DIGITS.match(value.strip()):
        return numeric_id(int(value.strip()), name, maximum)
    if isinstance(value, str) and not value.strip():
        raise RequestValidationError(f"{name} is empty")
    raise RequestValidationError(f"{name} must be a number or a string of digits, got {value!r}")


MAX_ID_LENGTH = 2048  # HubSpot's ids and tokens are far shorter; a longer one would overflow the URL


def text_id(value: object, name: str) -> str:
    """A string id: non-empty, no whitespace or control characters (it becomes one URL path segment)."""
    if isinstance(value, int) and not isinstance(value, bool):
        value = str(value)
    if not isinstance(value, str):
        raise RequestValidationError(f"{name} must be a string, got {type(value).__name__}")
    if not value or not value.strip():
        raise RequestValidationError(f"{name} is empty")
    found = _SPACE_OR_CONTROL.search(value)
    if found:  # the value is not echoed: a staging token is a secret
        raise RequestValidationError(
            f"{name} must not contain whitespace or control characters (found {found.group()!r} at {found.start()})"
        )
    if len(value) > MAX_ID_LENGTH:  # the value is not echoed: a staging token is a secret
        raise RequestValidationError(
            f"{name} is {len(value)} characters long; ids are at most {MAX_ID_LENGTH}"
        )
    if value in (".", ".."):  # percent-encoding leaves dots alone; the URL would resolve them
        raise RequestValidationError(f"{name} cannot be {value!r}")
    return value


def unicode_text(value: str, name: str) -> str:
    """A str that can be sent: a lone surrogate (e.g. "\\ud800" from a bad decode) has no UTF-8 form."""
    if not value.isascii():
        try:
            value.encode("utf-8")
        except UnicodeEncodeError as exc:  # the value is not echoed: it may be a token
            raise RequestValidationError(
                f"{name} is not valid Unicode text: lone surrogate {value[exc.start]!r} at index {exc.start}"
            ) from None
    return value


MAX_JSON_DEPTH = 64  # HubSpot's own payloads nest a few levels; deeper is a mistake or a cycle
JSON_INT_LIMIT = 2**63  # beyond a signed 64-bit integer no JSON reader of HubSpot's keeps the value


def json_data(value: object, name: str, depth: int = 0) -> None:
    """Everything in a request body must encode as JSON: text in UTF-8, finite numbers, str keys, plain
    dicts and lists (json cannot encode a MappingProxyType or a UserDict), bounded depth (no cycles)."""
    if depth > MAX_JSON_DEPTH:
        raise RequestValidationError(
            f"{name} is nested more than {MAX_JSON_DEPTH} levels deep (or is a cycle)"
        )
    if isinstance(value, str):
        unicode_text(value, name)
    elif value is None or isinstance(value, bool):
        return
    elif isinstance(value, int):
        if not -JSON_INT_LIMIT <= value < JSON_INT_LIMIT:
            raise RequestValidationError(f"{name} is an integer outside the signed 64-bit range")
    elif isinstance(value, float):
        if not math.isfinite(value):
            raise RequestValidationError(f"{name} must be a finite number, got {value!r}")
    elif isinstance(value, dict):
        for key, item in value.items():
            if not isinstance(key, str):
                raise RequestValidationError(f"{name} keys must be strings, got {type(key).__name__}")
            unicode_text(key, f"{name} key")
            json_data(item, f"{name}.{key}", depth + 1)
    elif isinstance(value, (list, tuple)):
        for index, item in enumerate(value):
            json_data(item, f"{name}[{index}]", depth + 1)
    else:
        raise RequestValidationError(
            f"{name} must be JSON data (str, number, bool, None, list or dict), got {type(value).__name__}"
        )


def plain_json(value: Any, name: str, depth: int = 0) -> Any:
    """value with every Mapping as a dict and every tuple as a list, so that json can encode a caller's
    MappingProxyType or UserDict; json_data then checks the values."""
    if depth > MAX_JSON_DEPTH:
        raise RequestValidationError(
            f"{name} is nested more than {MAX_JSON_DEPTH} levels deep (or is a cycle)"
        )
    if isinstance(value, Mapping):
        return {key: plain_json(item, name, depth + 1) for key, item in value.items()}
    if isinstance(value, (list, tuple)):
        return [plain_json(item, name, depth + 1) for item in value]
    return value


def optional_text(value: object, name: str) -> str | None:
    if value is not None and not isinstance(value, str):
        raise RequestValidationError(f"{name} must be a string, got {type(value).__name__}")
    return value


def optional_flag(value: object, name: str) -> bool | None:
    """True/False exactly: bool("false") is True, so nothing else is coerced."""
    if value is not None and not isinstance(value, bool):
        raise RequestValidationError(f"{name} must be True or False, got {value!r}")
    return value


def non_empty(value: object, name: str) -> str:
    if not isinstance(value, str) or not value.strip():
        raise RequestValidationError(f"{name} must be a non-empty string, got {value!r}")
    return value


def choice(value: object, enum: type[E], name: str, allowed: Iterable[E] | None = None) -> E:
    """An enum member from a member or a case-insensitive string; the error lists the valid values."""
    valid = tuple(allowed if allowed is not None else enum)
    member: Any = value
    if isinstance(value, str) and not isinstance(value, Enum):
        member = next((m for m in valid if m.value == value.strip().upper()), None)
    if member not in valid:
        names = ", ".join(m.value for m in valid)
        raise RequestValidationError(f"{name} must be one of {names}; got {value!r}")
    result: E = member
    return result


def message_status(value: object) -> MessageStatus:
    return choice(value, MessageStatus, "status", REPORTABLE_STATUSES)


def status_update(status: object, error_message: str | None) -> tuple[MessageStatus, str | None]:
    checked = message_status(status)
    if error_message is not None:
        if checked is not MessageStatus.FAILED:
            raise RequestValidationError(
                f"error_message is only sent with status FAILED (status is {checked.value})"
            )
        if not isinstance(error_message, str) or not error_message.strip():
            raise RequestValidationError("error_message must be a non-empty string when given")
    return checked, error_message


def page_limit(limit: object) -> int | None:
    if limit is None:
        return None
    if isinstance(limit, bool) or not isinstance(limit, int) or not 1 <= limit <= 1000:
        raise RequestValidationError(f"limit must be a whole number from 1 to 1000, got {limit!r}")
    return limit


# --- request bodies -----------------------------------------------------------------------------------


def compact(fields: Mapping[str, Any]) -> dict[str, Any]:
    return {key: value for key, value in fields.items() if value is not None}


def sendable(path: Mapping[str, Any], body: Mapping[str, Any] | None, query: Mapping[str, Any]) -> None:
    """Every string encodes as UTF-8 and every body value as JSON, so httpx never fails half-way through a
    send (UnicodeEncodeError, ValueError on NaN). Checked on the facade's values before any encoding, so
    errors name the caller's arguments (``senders[0].actor_id``), whatever a version calls them on the wire."""
    for name, value in path.items():
        if isinstance(value, str):
            unicode_text(value, name)
    for name, value in query.items():  # values are str, int, bool, or lists of str
        items = value if isinstance(value, list) else [value]
        for index, item in enumerate(items):
            if isinstance(item, str):
                unicode_text(item, f"{name}[{index}]" if isinstance(value, list) else name)
    for name, value in (body or {}).items():
        _sendable_value(value, name)


def _sendable_value(value: Any, name: str) -> None:
    """A facade value of a body (a model, an enum, a datetime, or plain JSON data) checked by json_data."""
    if isinstance(value, Participant):
        for attribute in ("name", "actor_id"):
            if getattr(value, attribute) is not None:
                json_data(getattr(value, attribute), f"{name}.{attribute}")
        _sendable_value(value.delivery_identifier, f"{name}.delivery_identifier")
    elif isinstance(value, DeliveryIdentifier):
        json_data(value.value, f"{name}.value")
    elif isinstance(value, (list, tuple)) and any(
        isinstance(i, (Participant, DeliveryIdentifier)) for i in value
    ):
        for index, item in enumerate(value):
            _sendable_value(item, f"{name}[{index}]")
    elif value is not None and not isinstance(value, (Enum, dt.datetime)):
        json_data(value, name)


def sequence(value: object, name: str) -> Sequence[Any]:
    """A list or tuple of items; a str or bytes would be iterated character by character."""
    if isinstance(value, (str, bytes)) or not isinstance(value, Sequence):
        raise RequestValidationError(f"{name} must be a list, got {type(value).__name__}")
    return value


def strings(value: object, name: str) -> list[str]:
    """A list of non-empty strings (query filters): None, True or 5 would be sent as '', 'true', '5'."""
    items = sequence(value, name)
    for index, item in enumerate(items):
        if not isinstance(item, str) or not item.strip():
            raise RequestValidationError(f"{name}[{index}] must be a non-empty string, got {item!r}")
        unicode_text(item, f"{name}[{index}]")
    return list(items)


def flag(value: object, name: str) -> bool:
    if not isinstance(value, bool):
        raise RequestValidationError(f"{name} must be True or False, got {value!r}")
    return value


def aware_datetime(value: object, name: str) -> dt.datetime | None:
    """None, or a timezone-aware datetime (a str or a date would fail later, deep in the request)."""
    if value is None:
        return None
    if not isinstance(value, dt.datetime):
        raise RequestValidationError(f"{name} must be a datetime, got {type(value).__name__}")
    if value.tzinfo is None or value.utcoffset() is None:
        raise RequestValidationError(f"{name} must be timezone-aware (e.g. datetime.now(UTC))")
    return value


def delivery_identifier_json(value: DeliveryIdentifier | None, name: str) -> dict[str, str] | None:
    if value is None:
        return None
    if not isinstance(value, DeliveryIdentifier):
        raise RequestValidationError(f"{name} must be a DeliveryIdentifier, got {type(value).__name__}")
    kind = choice(value.type, DeliveryIdentifierType, f"{name}.type")
    return {"type": kind.value, "value": non_empty(value.value, f"{name}.value")}


def attachment_json(attachment: object, index: int) -> dict[str, Any]:
    """An attachment as HubSpot's JSON ({"type": "FILE", "fileId": ...}); the generated model checks the rest."""
    if not isinstance(attachment, Mapping):
        raise RequestValidationError(
            f"attachments[{index}] must be a mapping, got {type(attachment).__name__}"
        )
    if not isinstance(attachment.get("type"), str) or not attachment["type"]:
        raise RequestValidationError(f"attachments[{index}] needs a 'type' (FILE, LOCATION, CONTACT, ...)")
    plain: dict[str, Any] = plain_json(attachment, f"attachments[{index}]")
    return plain


def participant(value: object, name: str) -> Participant:
    """A Participant with a delivery identifier of a known type and text fields, as the facade model."""
    if not isinstance(value, Participant):
        raise RequestValidationError(f"{name} must be Participant objects, got {type(value).__name__}")
    if value.delivery_identifier is None:
        raise RequestValidationError(f"every one of {name} needs a delivery_identifier")
    checked = delivery_identifier_json(value.delivery_identifier, f"{name} delivery_identifier")
    assert checked is not None
    identifier = DeliveryIdentifier(DeliveryIdentifierType(checked["type"]), checked["value"])
    return Participant(
        identifier,
        name=optional_text(value.name, f"{name} name"),
        actor_id=optional_text(value.actor_id, f"{name} actor_id"),
    )
