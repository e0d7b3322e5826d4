"""How the conformance check compares a payload with what the generated code or the facade made of it."""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

from .conformance_synth import EXTRA_PROPERTY, Payload, escape

_TIME = re.compile(r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}")


def canonical(value: Any, drop_extra: bool = False) -> Any:
    """Value as compared: date-times as instants (`Z` and `+00:00` are the same time)."""
    if isinstance(value, dict):
        return {
            k: canonical(v, drop_extra) for k, v in value.items() if not (drop_extra and k == EXTRA_PROPERTY)
        }
    if isinstance(value, list):
        return [canonical(v, drop_extra) for v in value]
    if isinstance(value, str) and _TIME.match(value):
        try:
            return dt.datetime.fromisoformat(value)
        except ValueError:
            return value
    return value


def first_difference(left: Any, right: Any, where: str = "") -> str | None:
    """The instance path of the first place where left and right differ."""
    if isinstance(left, dict) and isinstance(right, dict):
        for key in sorted({*left, *right}):
            if key not in left or key not in right:
                return f"{where}/{escape(key)}"
            found = first_difference(left[key], right[key], f"{where}/{escape(key)}")
            if found is not None:
                return found
        return None
    if isinstance(left, list) and isinstance(right, list):
        if len(left) != len(right):
            return where
        for index, (a, b) in enumerate(zip(left, right, strict=True)):
            found = first_difference(a, b, f"{where}/{index}")
            if found is not None:
                return found
        return None
    same = left == right and isinstance(left, bool) == isinstance(right, bool)  # 1 == 1.0, True != 1
    return None if same else where


def projected(sent: Any, given: Any) -> bool:
    """Whether every value the facade sent is the one given (it may leave out what it cannot express)."""
    if isinstance(sent, dict) and isinstance(given, dict):
        return all(key in given and projected(value, given[key]) for key, value in sent.items())
    if isinstance(sent, list) and isinstance(given, list):
        return len(sent) == len(given) and all(projected(a, b) for a, b in zip(sent, given, strict=True))
    return bool(sent == given)


def schema_pointer(payload: Payload, instance_path: str) -> str:
    """The schema behind the instance path (its longest known prefix)."""
    while instance_path and instance_path not in payload.schema_at:
        instance_path = instance_path.rsplit("/", 1)[0]
    return payload.schema_at.get(instance_path, payload.pointer)


def to_json(parsed: Any) -> Any:
    if isinstance(parsed, list):
        return [to_json(item) for item in parsed]
    return parsed.to_dict() if hasattr(parsed, "to_dict") else parsed
