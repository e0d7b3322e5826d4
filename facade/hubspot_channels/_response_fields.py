"""Strict reading of the response fields the facade relies on: a required field that is missing, null or of
the wrong type is a ``ResponseShapeError`` naming it (the engine turns it into APIResponseValidationError),
never the string 'None' or a dict repr. Pure functions over generated-model values; no generated import."""

from __future__ import annotations

import math
from typing import Any


class ResponseShapeError(ValueError):
    """A response field the facade relies on is missing, null or of the wrong type (strict about required
    fields: ``Message.id`` is never the string 'None')."""

    def __init__(self, field: str, problem: str) -> None:
        super().__init__(f"{field} {problem}")
        self.field = field


_DECODED = frozenset({str, int, float, bool, list, dict})  # JSON's own types: never the UNSET marker


def _opt(value: Any) -> Any:
    """None for the generated UNSET marker (and for None)."""
    if value is None or type(value) in _DECODED:
        return value
    return None if type(value).__name__ == "Unset" else value


def _kind(value: Any) -> str:
    if _opt(value) is None:
        return "null or nothing"
    if isinstance(value, bool):
        return "a boolean"
    if isinstance(value, (int, float)):
        return "a number"
    if isinstance(value, str):
        return "a string"
    if isinstance(value, list):
        return "an array"
    return "an object"


def _text(value: Any, field: str) -> str:
    """A required string."""
    if isinstance(value, str):
        return value
    raise ResponseShapeError(field, f"must be a string, got {_kind(value)}")


def _opt_text(value: Any, field: str) -> str | None:
    if type(value) is str:  # the common case first: the reading below gives the same
        return value
    value = _opt(value)
    return None if value is None else _text(value, field)


def _ident(value: Any, field: str) -> str:
    """A required id: a non-empty string, or a whole number (some HubSpot ids travel as numbers)."""
    if isinstance(value, str) and value:
        return value
    if isinstance(value, int) and not isinstance(value, bool):
        return str(value)
    raise ResponseShapeError(field, f"must be an id (a string or a whole number), got {_kind(value)}")


def _opt_ident(value: Any, field: str) -> str | None:
    if type(value) is str and value:
        return value
    value = _opt(value)
    return None if value is None else _ident(value, field)


def _flag(value: Any, field: str) -> bool:
    """A required boolean: "false" is not coerced to True."""
    if isinstance(value, bool):
        return value
    raise ResponseShapeError(field, f"must be true or false, got {_kind(value)}")


def _opt_flag(value: Any, field: str) -> bool | None:
    if type(value) is bool:
        return value
    value = _opt(value)
    return None if value is None else _flag(value, field)


def _opt_int(value: Any, field: str) -> int | None:
    value = _opt(value)
    if value is None:
        return None
    if isinstance(value, int) and not isinstance(value, bool):
        return value
    raise ResponseShapeError(field, f"must be a whole number, got {_kind(value)}")


def _raw(value: Any) -> Any:
    """An enum member's wire value (the generated code may hand either)."""
    return getattr(value, "value", value)


def _coordinate(value: Any, field: str) -> float:
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        try:
            number = float(value)
        except OverflowError:  # a JSON integer like 10**400
            raise ResponseShapeError(field, "is a number too large to be a coordinate") from None
        if math.isfinite(number):
            return number
    raise ResponseShapeError(field, f"must be a finite number, got {_kind(value)}")
