"""Reading a request body as HubSpot's JSON reader would: strict UTF-8, finite numbers, bounded nesting.

Anything else is a `BodyError`, which the app answers with a 400 (never a 500, never a raw exception).
"""

from __future__ import annotations

import json
import math
import sys
from typing import Any

MAX_DEPTH = 100  # far above any real body; keeps the validators' recursion safe
_DOUBLE_MAX = sys.float_info.max
_TOO_DEEP = f"Invalid input JSON: the body is nested more than {MAX_DEPTH} levels deep"


class BodyError(ValueError):
    """The body cannot be read as JSON; `message` (HubSpot's wording) says why, without quoting the body."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


def parse_json(raw: bytes) -> Any:
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise BodyError(
            f"Invalid input JSON: the body is not UTF-8 (byte 0x{raw[exc.start]:02x} at offset {exc.start})"
        ) from None
    try:
        value = json.loads(
            text, parse_float=_finite_float, parse_int=_bounded_int, parse_constant=_no_constant
        )
    except json.JSONDecodeError as exc:
        raise BodyError(f"Invalid input JSON on line {exc.lineno}, column {exc.colno}: {exc.msg}") from None
    except RecursionError:
        raise BodyError(_TOO_DEEP) from None
    except ValueError as exc:  # our number checks, or an integer past Python's digit limit
        raise BodyError(f"Invalid input JSON: {str(exc).split(';')[0]}") from None
    if _deeper_than(value, MAX_DEPTH):
        raise BodyError(_TOO_DEEP)
    return value


def parse_json_or_none(raw: bytes) -> Any:
    """For the request log: the body's JSON, or None when there is none or it is unreadable."""
    if not raw:
        return None
    try:
        return parse_json(raw)
    except BodyError:
        return None


def _finite_float(text: str) -> float:
    value = float(text)
    if not math.isfinite(value):
        raise ValueError(f"number {text[:20]}... is out of range")
    return value


def _bounded_int(text: str) -> int:
    # A JSON number HubSpot reads is a Java long or double; past the double range it is garbage.
    if len(text) > 310:  # cheap first: int() of a huge digit string is quadratic
        raise ValueError(f"number {text[:20]}... is out of range")
    value = int(text)
    if abs(value) > _DOUBLE_MAX:
        raise ValueError(f"number {text[:20]}... is out of range")
    return value


def _no_constant(name: str) -> Any:
    raise ValueError(f"{name} is not a JSON value")


def _deeper_than(value: Any, limit: int) -> bool:
    stack: list[tuple[Any, int]] = [(value, 1)]
    while stack:
        item, depth = stack.pop()
        if isinstance(item, dict):
            children: Any = item.values()
        elif isinstance(item, list):
            children = item
        else:
            continue
        if depth > limit:
            return True
        stack.extend((child, depth + 1) for child in children if isinstance(child, (dict, list)))
    return False
