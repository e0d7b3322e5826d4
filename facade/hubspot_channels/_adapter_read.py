"""Decoded JSON in, a view of the generated model out, without the generated code: one parse per response.

The facade's converters (_adapter_convert) read generated models by attribute; a view has the same
attributes (and class name), read with the registry's response shapes (wire name, attribute, kind:
generated data, so no wire name is written here). The reader only takes what it reads exactly as the
generated ``from_dict`` would; anything else is declined, and the caller parses with the generated model
instead, so errors and odd payloads are the generated path's, unchanged. The conformance check compares
both paths on every synthesized payload.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Mapping
from functools import cache
from typing import Any, TypeVar

from ._registry_types import ShapeField

T = TypeVar("T")
Shapes = Mapping[str, "tuple[ShapeField, ...] | None"]
_from_iso = dt.datetime.fromisoformat  # what the generated from_dict parses date-times with
_FLAT_KINDS = frozenset({"value", "const"})  # fields that to_dict writes back as they came
# What the generated code's dict(value) / iteration refuses for certain (a string or a list it may take).
_NEVER_OBJECT = (type(None), bool, int, float)


class Declined(Exception):
    """The reader cannot tell what the generated code makes of the payload: parse it the generated way."""


class Refused(Declined):
    """The generated from_dict refuses this object for certain (a missing required field, a wrong const,
    a value it cannot convert): the next variant of a union is tried, as the generated code does."""


class View:
    """A generated model's attributes (missing optional ones are None, the converters' 'unset')."""

    additional_properties: dict[str, Any]
    _json: dict[str, Any] | None  # the object as it came, when to_dict gives it back unchanged

    def to_dict(self) -> dict[str, Any]:
        if self._json is None:
            raise Declined("to_dict of an object with converted fields")
        return dict(self._json)


@cache
def _view_class(key: str) -> type[View]:
    """A View subclass named as the generated class (a converter tells an UnrecognizedVariant by name)."""
    return type(key, (View,), {"__slots__": ()}) if key else View


def _object(data: Any) -> dict[str, Any]:
    if type(data) is dict:
        return data
    raise Refused("not an object") if isinstance(data, _NEVER_OBJECT) else Declined("not a dict")


def _array(data: Any) -> list[Any]:
    if type(data) is list:
        return data
    raise Refused("not an array") if isinstance(data, _NEVER_OBJECT) else Declined("not a list")


def read(shapes: Shapes, key: str, data: Any) -> View:
    """The view of data as the object of shape key; Declined when the reader cannot take it exactly."""
    fields = shapes.get(key)
    if fields is None:
        raise Declined(key)
    source = _object(data)
    extra = dict(source)
    attributes: dict[str, Any] = {}
    flat = True
    for wire, attribute, kind, nested, required in fields:
        flat = flat and kind in _FLAT_KINDS
        if wire not in extra:
            if required:
                raise Refused(wire)
            attributes[attribute] = None
            continue
        value = extra.pop(wire)
        if kind == "value":
            pass
        elif kind == "datetime":
            if type(value) is not str:
                raise Refused(wire)
            try:
                value = _from_iso(value)
            except ValueError:
                raise Refused(wire) from None
        elif kind == "const":
            if value != nested:
                raise Refused(wire)
        elif kind == "model":
            value = read(shapes, nested or "", value)
        elif kind == "models":
            value = [read(shapes, nested or "", item) for item in _array(value)]
        elif kind == "unions":
            value = [_variant(shapes, (nested or "").split("|"), item) for item in _array(value)]
        elif not (kind == "others" and _array(value) == []):
            raise Declined(wire)
        attributes[attribute] = value
    attributes["additional_properties"] = extra
    attributes["_json"] = source if flat else None
    view = _view_class(key).__new__(_view_class(key))
    view.__dict__ = attributes
    return view


def _variant(shapes: Shapes, keys: list[str], data: Any) -> View:
    """The first variant that takes data, in the generated order; an object none takes is refused."""
    _object(data)
    for key in keys[:-1]:
        try:
            return read(shapes, key, data)
        except Refused:
            continue
    return read(shapes, keys[-1], data)


def read_or_parse(
    shapes: Shapes, key: str | None, data: Any, build: Callable[[Any], T], parse: Callable[[Any], Any]
) -> T:
    """build of the view of data, or of the generated model (parse) when the reader declines it or build
    refuses the view (then the generated path gives the result or the error it always gave)."""
    if key is None:
        return build(parse(data))
    try:
        return build(read(shapes, key, data))
    except Exception:  # noqa: BLE001 - any refusal: the generated path decides, error included
        return build(parse(data))
