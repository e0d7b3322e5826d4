"""Strict writer: arguments are checked before a request is built, with errors that name the fix."""

from __future__ import annotations

import re
from collections.abc import Iterable
from enum import Enum
from typing import Any, TypeVar

from ._exceptions import RequestValidationError
from ._models import MessageStatus

E = TypeVar("E", bound=Enum)
_DIGITS = re.compile(r"^[0-9]{1,19}$")
_SPACE_OR_CONTROL = re.compile(r"[\s\x00-\x1f]")  # one C-level scan per id: ids are checked on every call
REPORTABLE_STATUSES = (MessageStatus.SENT, MessageStatus.FAILED, MessageStatus.READ)


def numeric_id(value: object, name: str) -> int:
    """An id the API path wants as a number: an int or a string of digits."""
    if isinstance(value, bool):
        raise RequestValidationError(f"{name} must be a numeric id, got a bool")
    if isinstance(value, int):
        if value <= 0:
            raise RequestValidationError(f"{name} must be a positive number, got {value}")
        return value
    if isinstance(value, str) and _DIGITS.match(value.strip()):
        return numeric_id(int(value.strip()), name)
    if isinstance(value, str) and not value.strip():
        raise RequestValidationError(f"{name} is empty")
    raise RequestValidationError(f"{name} must be a number or a string of digits, got {value!r}")


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
    if value in (".", ".."):  # percent-encoding leaves dots alone; the URL would resolve them
        raise RequestValidationError(f"{name} cannot be {value!r}")
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
