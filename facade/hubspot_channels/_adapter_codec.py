"""Facade values in, a request out; decoded JSON in, a generated model out.

Request bodies are built through the generated models' constructors (each field's type read from the
model's annotations) and serialized with their ``to_dict()``, so wire names live only in generated code;
the path and query come from the version's endpoint in the registry. Generated modules load on first use
(import time matters for workers and serverless functions).
"""

from __future__ import annotations

import enum
import importlib
import re
import sys
import types
import typing
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from functools import cache, lru_cache
from typing import Any
from urllib.parse import quote

from ._adapter_profiles import BODY_FIELDS, PARTICIPANT_FIELDS, QUERY_ARGUMENTS, VersionProfile
from ._call import PreparedRequest
from ._exceptions import RequestValidationError
from ._models import DeliveryIdentifier, Participant
from ._registry import OPERATIONS

_PARSE_ERRORS = (TypeError, ValueError, AttributeError, KeyError)
# Generated field -> facade argument, for errors that name what the caller wrote, not the generated model.
_FACADE_NAMES: dict[str, str] = {
    "type_": "type",
    **{field: attribute for attribute, field in PARTICIPANT_FIELDS.items()},
    **{field: argument for names in BODY_FIELDS.values() for argument, field in names.items()},
}
_FACADE_QUERY_NAMES = {generated: facade for facade, generated in QUERY_ARGUMENTS.items()}


@dataclass(frozen=True, slots=True)
class RawJson:
    """A value the caller gives as HubSpot's JSON (capabilities, attachments): parsed by the generated model."""

    data: Any


@cache
def _module(name: str) -> types.ModuleType:
    return importlib.import_module(name)


@cache
def model_class(package: str, name: str) -> Any:
    return getattr(_module(f"{package}.models"), name)


class _ModelNames(dict[str, Any]):
    """The models package's names for resolving annotations; it loads its models lazily, on first access."""

    def __init__(self, models: types.ModuleType) -> None:
        super().__init__()
        self._models = models

    def __missing__(self, name: str) -> Any:
        try:
            return getattr(self._models, name)
        except AttributeError:
            raise KeyError(name) from None


@cache
def _field_types(cls: type) -> dict[str, Any]:
    """A generated model's constructor fields and their types (its annotations, resolved)."""
    models = _module(cls.__module__.rsplit(".", 1)[0])
    module_names = vars(sys.modules[cls.__module__])
    hints = typing.get_type_hints(cls, globalns=module_names, localns=_ModelNames(models))
    hints.pop("additional_properties", None)
    return hints


def _members(hint: Any) -> list[Any]:
    """The types a field accepts, without Unset and None."""
    options = typing.get_args(hint) if typing.get_origin(hint) in (typing.Union, types.UnionType) else [hint]
    return [t for t in options if t is not type(None) and getattr(t, "__name__", "") != "Unset"]


def _is_model(kind: Any) -> bool:
    return isinstance(kind, type) and hasattr(kind, "from_dict") and hasattr(kind, "to_dict")


def _value(hint: Any, value: Any, where: str) -> Any:
    """value (facade data: text, numbers, datetimes, mappings of generated field names, lists, RawJson) as
    the generated type of hint."""
    members = _members(hint)
    if isinstance(value, RawJson):
        return _from_json(members, value.data, where)
    if isinstance(value, enum.Enum):
        value = value.value
    for kind in members:
        origin = typing.get_origin(kind)
        if origin is list and isinstance(value, Sequence) and not isinstance(value, str):
            (item,) = typing.get_args(kind)
            return [_value(item, element, f"{where}[{index}]") for index, element in enumerate(value)]
        if _is_model(kind) and isinstance(value, Mapping):
            return build(kind, value, where)
        if isinstance(kind, type) and issubclass(kind, enum.Enum):
            return kind(value)
    return value


def _from_json(members: list[Any], data: Any, where: str) -> Any:
    for kind in members:
        if typing.get_origin(kind) is list and isinstance(data, list):
            (item,) = typing.get_args(kind)
            return [_from_json(_members(item), element, f"{where}[{i}]") for i, element in enumerate(data)]
    for kind in members:
        if _is_model(kind):
            try:
                return kind.from_dict(data)
            except _PARSE_ERRORS:
                continue
    if any(kind in (dict, Any) or typing.get_origin(kind) is dict for kind in members):
        return data
    shapes = sorted({"an object" if _is_model(k) else getattr(k, "__name__", str(k)) for k in members})
    raise ValueError(f"{where}: not a valid value (this API version expects {' or '.join(shapes)} here)")


def build(cls: type, fields: Mapping[str, Any], where: str) -> Any:
    """A generated model from its constructor; a field it does not have is a TypeError (a version gap)."""
    known = _field_types(cls)
    unknown = sorted(set(fields) - set(known))
    if unknown:
        names = ", ".join(_FACADE_NAMES.get(name, name) for name in unknown)
        raise TypeError(f"{where}: this API version has no {names}")
    return cls(**{name: _value(known[name], value, f"{where}.{name}") for name, value in fields.items()})


def _generated_fields(value: Any) -> Any:
    """Facade models (DeliveryIdentifier, Participant) as mappings of generated field names."""
    if isinstance(value, DeliveryIdentifier):
        return {"type_": value.type, "value": value.value}
    if isinstance(value, Participant):
        given = {field: getattr(value, attribute) for attribute, field in PARTICIPANT_FIELDS.items()}
        return {field: _generated_fields(item) for field, item in given.items() if item is not None}
    if isinstance(value, (list, tuple)):
        return [_generated_fields(item) for item in value]
    return value


def body_json(profile: VersionProfile, operation: str, body: Mapping[str, Any]) -> Any:
    """operation's request body from facade arguments (None values left out), as JSON."""
    endpoint = profile.endpoints[operation]
    if endpoint.body_model is None:
        raise TypeError(f"{operation} takes no body in API version {profile.version}")
    names = BODY_FIELDS[operation]
    fields = {names[arg]: _generated_fields(value) for arg, value in body.items() if value is not None}
    if all(type(value) is bool or isinstance(value, enum.Enum) for value in fields.values()):
        # A body of closed choices only (a status update without an error message) is the same JSON for
        # the same values: built once, copied after. Caller text or numbers are never kept by the cache.
        key = tuple((name, type(value), value) for name, value in fields.items())
        return dict(_flat_body_json(profile.package, endpoint.body_model, operation, key))
    model = build(model_class(profile.package, endpoint.body_model), fields, operation)
    return model.to_dict()


# Keyed on enum members and bools only: a few entries, each small, whatever the caller sends.
@lru_cache(maxsize=64)
def _flat_body_json(
    package: str, body_model: str, operation: str, fields: tuple[tuple[str, type, Any], ...]
) -> dict[str, Any]:
    """The JSON of a body of enum and bool fields; the key has each value's type (True and an IntEnum 1
    are distinct)."""
    given = {name: value for name, _, value in fields}
    json: dict[str, Any] = build(model_class(package, body_model), given, operation).to_dict()
    return json


def prepare(
    profile: VersionProfile,
    operation: str,
    path: Mapping[str, Any],
    body: Mapping[str, Any] | None,
    query: Mapping[str, Any],
) -> PreparedRequest:
    """The request of operation in profile's version; path arguments by their generated names, query
    arguments by the facade's. A query value the version's document does not allow is refused."""
    endpoint = profile.endpoints[operation]
    wire_body = body_json(profile, operation, body or {}) if endpoint.body_model is not None else None
    given = dict(endpoint.query_defaults) | {
        QUERY_ARGUMENTS.get(name, name): value for name, value in query.items() if value is not None
    }
    if endpoint.query_choices:
        _check_choices(profile, endpoint.query_choices, given)
    query_names, path_names = _parameter_names(endpoint.query_params, endpoint.path_params)
    if not (given.keys() <= query_names.keys() and path.keys() <= path_names):
        unknown = sorted(set(given) - set(query_names)) + sorted(set(path) - path_names)
        raise TypeError(f"{operation} has no parameter {', '.join(unknown)} in API version {profile.version}")
    url = endpoint.path
    for argument, wire in endpoint.path_params:
        url = url.replace("{" + wire + "}", _segment(path[argument]))
    params = {query_names[name]: value for name, value in given.items()}
    return PreparedRequest(
        operation=operation,
        auth=OPERATIONS[operation].auth,
        method=endpoint.method,
        path=url,
        params=params or None,
        json=wire_body,
    )


@lru_cache(maxsize=1024)
def _parameter_names(
    query_params: tuple[tuple[str, str], ...], path_params: tuple[tuple[str, str], ...]
) -> tuple[dict[str, str], frozenset[str]]:
    """An endpoint's query names (generated -> wire) and path argument names, worked out once per
    endpoint as the profile in hand states it (a document being checked is not the registry's)."""
    return dict(query_params), frozenset(argument for argument, _ in path_params)


_UNRESERVED = re.compile(r"[A-Za-z0-9_.~-]+")  # RFC 3986 unreserved: what quote() leaves as it is


def _segment(value: Any) -> str:
    """value as one percent-encoded path segment (ids are mostly plain: no quote() call for them)."""
    text = str(value)
    return text if _UNRESERVED.fullmatch(text) else quote(text, safe="")


def _check_choices(
    profile: VersionProfile, choices: Sequence[tuple[str, tuple[str, ...]]], given: Mapping[str, Any]
) -> None:
    """Each enumerated query value is one the version's document lists (a strict writer: nothing is sent)."""
    for name, allowed in choices:
        value = given.get(name)
        for item in value if isinstance(value, (list, tuple)) else [] if value is None else [value]:
            raw = item.value if isinstance(item, enum.Enum) else item
            if str(raw) not in allowed:
                raise RequestValidationError(
                    f"{_FACADE_QUERY_NAMES.get(name, name)} must be one of {', '.join(allowed)} in API "
                    f"version {profile.version}; got {raw!r}"
                )


def parse_model(profile: VersionProfile, operation: str, data: Any) -> Any:
    """The generated success model of operation, from decoded JSON."""
    name = profile.endpoints[operation].success_model
    if name is None:
        raise TypeError(f"{operation} has no response body")
    return model_class(profile.package, name).from_dict(data)
