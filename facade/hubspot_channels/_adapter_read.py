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
    return _reader(shapes, key)(data)


_compiled: dict[int, tuple[Shapes, dict[str, Callable[[Any], View]]]] = {}


def _reader(shapes: Shapes, key: str) -> Callable[[Any], View]:
    """key's reader; every shape's is compiled once per shapes (straight-line code, like the generated
    from_dict: a loop over the fields costs more than the parse it replaces)."""
    found = _compiled.get(id(shapes))
    if found is None or found[0] is not shapes:
        if len(_compiled) >= 16:  # the registry's versions, or documents a check reads one after another
            _compiled.clear()
        found = _compiled[id(shapes)] = (shapes, _compile_all(shapes))
    return found[1].get(key) or _declining(key)


def _compile_all(shapes: Shapes) -> dict[str, Callable[[Any], View]]:
    readers, links = {}, []
    for key in shapes:
        names: dict[str, Any] = {}
        readers[key] = _compile(shapes, key, names)
        links.append(names)
    for names in links:  # nested readers, now that all exist
        for name, nested in list(names.items()):
            if name.startswith("read_"):
                names[name] = readers.get(nested) or _declining(nested)
            elif name.startswith("variants_"):
                names[name] = [readers.get(k) or _declining(k) for k in nested]
    return readers


def _compile(shapes: Shapes, key: str, names: dict[str, Any]) -> Callable[[Any], View]:
    fields = shapes.get(key)
    if fields is None:
        return _declining(key)
    flat = all(kind in _FLAT_KINDS for _, _, kind, _, _ in fields)
    lines = ["def read(data):", "    if type(data) is not dict: _object(data)", "    extra = dict(data)"]
    lines.append("    missing = _MISSING")
    names |= {"_object": _object, "_array": _array, "Refused": Refused, "Declined": Declined}
    names |= {"_MISSING": _MISSING, "_from_iso": _from_iso, "_variant": _variant, "cls": _view_class(key)}
    attributes = []
    for index, (wire, attribute, kind, nested, required) in enumerate(fields):
        v = f"v{index}"
        attributes.append(f"{attribute!r}: {v}")
        lines.append(f"    {v} = extra.pop({wire!r}, missing)")
        lines.append(f"    if {v} is missing:")
        lines.append(f"        {'raise Refused(' + repr(wire) + ')' if required else v + ' = None'}")
        converted = _conversion(kind, nested, v, wire, names)
        if converted:
            lines += ["    else:", *("        " + line for line in converted)]
    json = "data" if flat else "None"
    lines.append("    view = cls.__new__(cls)")
    body = ", ".join([*attributes, "'additional_properties': extra", f"'_json': {json}"])
    lines.append(f"    view.__dict__ = {{{body}}}")
    lines.append("    return view")
    exec("\n".join(lines), names)  # noqa: S102 - source built from the generated registry's names, repr'd
    reader: Callable[[Any], View] = names.pop("read")
    return reader


def _conversion(kind: str, nested: str | None, v: str, wire: str, names: dict[str, Any]) -> list[str]:
    """The lines that turn a present value v of kind into what the generated code makes of it."""
    if kind == "value":
        return []
    if kind == "datetime":
        return [
            f"if type({v}) is not str: raise Refused({wire!r})",
            f"try: {v} = _from_iso({v})",
            f"except ValueError: raise Refused({wire!r}) from None",
        ]
    if kind == "const":
        return [f"if {v} != {nested!r}: raise Refused({wire!r})"]
    if kind in ("model", "models"):
        nested_reader = f"read_{v}"
        names[nested_reader] = nested or ""  # linked by _compile_all
        if kind == "model":
            return [f"{v} = {nested_reader}({v})"]
        return [f"{v} = [{nested_reader}(item) for item in _array({v})]"]
    if kind == "unions":
        variants = f"variants_{v}"
        names[variants] = (nested or "").split("|")  # linked by _compile_all
        return [f"{v} = [_variant({variants}, item) for item in _array({v})]"]
    if kind == "others":
        return [f"if _array({v}) != []: raise Declined({wire!r})"]
    return [f"raise Declined({wire!r})"]


def _declining(key: str) -> Callable[[Any], View]:
    def decline(data: Any) -> View:
        raise Declined(key)

    return decline


_MISSING: Any = object()


def _variant(readers: list[Callable[[Any], View]], data: Any) -> View:
    """The first variant that takes data, in the generated order; an object none takes is refused."""
    _object(data)
    for reader in readers[:-1]:
        try:
            return reader(data)
        except Refused:
            continue
    return readers[-1](data)


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
