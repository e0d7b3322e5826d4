"""Every place where the conformance check touches the facade or the generated packages' names.

The facade's adapter and the generated packages' layout are being reorganized; when they move, this file
is the only one of the conformance check that changes.
"""

from __future__ import annotations

import datetime as dt
import enum
import functools
import importlib.util
import inspect
import itertools
import json
import sys
import types
import typing
from collections.abc import Callable, Mapping, Sequence
from pathlib import Path
from typing import Any

from . import registry as reg
from . import registry_module, registry_shapes
from .normalize import resolve

__all__ = [
    "FacadeCallBroken",
    "FacadeRefused",
    "build_request",
    "error_fields",
    "load_package",
    "one_parse_difference",
    "package_dir",
    "parse_response",
]

_aliases = itertools.count()


class FacadeRefused(Exception):
    """The facade's own argument checks refuse a payload the schema allows (stricter by design)."""


def load_package(directory: Path) -> str:
    """Import a generated package from directory under a fresh name (the installed one of the same name
    may already be imported); returns the name to import it by. Generated code imports relatively."""
    alias = f"_conformance_{directory.name}_{next(_aliases)}"
    spec = importlib.util.spec_from_file_location(
        alias, directory / "__init__.py", submodule_search_locations=[str(directory)]
    )
    if spec is None or spec.loader is None:
        raise ImportError(f"{directory} is not a Python package")
    module = importlib.util.module_from_spec(spec)
    sys.modules[alias] = module
    spec.loader.exec_module(module)
    return alias


def package_dir(version: str, generated: Path) -> Path:
    """Where version's committed package lies under generated/ (the registry names it)."""
    return generated.joinpath(*reg.package_for(version).split("."))


_PROFILES: dict[tuple[str, str], tuple[dict[str, Any], Any]] = {}  # (version, package) -> (document, profile)


def _loaded_registry() -> reg.Registry:
    """openapi/registry.json, parsed again only when its content changed (a check asks for it per payload;
    reading a few KiB is cheap, parsing and checking it is not). Keyed by content, not mtime: an edit within
    the clock's resolution that keeps the size is still seen."""
    return _registry_of(reg.REGISTRY_PATH.read_bytes())


@functools.lru_cache(maxsize=4)
def _registry_of(content: bytes) -> reg.Registry:
    return reg.parse(json.loads(content))


_WIRE_KEYS: dict[str, tuple[dict[str, Any], dict[str, str]]] = {}


def _profile(version: str, package: str, document: dict[str, Any]) -> Any:
    """The facade's view of a version (built once per checked document: it reads the whole document)."""
    cached = _PROFILES.get((version, package))
    if cached is None or cached[0] is not document:
        _PROFILES.clear()  # one checked document at a time
        cached = _PROFILES[(version, package)] = (document, _build_profile(version, package, document))
    return cached[1]


def _build_profile(version: str, package: str, document: dict[str, Any]) -> Any:
    """The facade's view of a version, from the document the package was generated from (a publication
    not registered yet has no registry entry); a registered version keeps its PATCH required fields."""
    from hubspot_channels import _registry
    from hubspot_channels._adapter_profiles import VersionProfile
    from hubspot_channels._registry_types import Endpoint

    registry = _loaded_registry()
    endpoints, fields, success_refs = {}, {}, []
    for op in registry.operations:
        endpoints[op.name] = Endpoint(**registry_module.endpoint(document, op))
        success_refs += registry_module.success_refs_of(document, op)
        body = registry_module.request_body_schema(document, op)
        if body is not None:
            fields[op.name] = registry_module.field_tree(document, body)
    known = _registry.VERSIONS.get(version)
    return VersionProfile(
        version=version,
        package=package,
        endpoints=endpoints,
        request_fields=fields,
        required_fields=known.required_fields if known else {},
        response_shapes=registry_shapes.response_shapes(
            document, success_refs, registry_module.class_name, registry_module.python_name
        ),
    )


def _calls(version: str, package: str, document: dict[str, Any]) -> Any:
    from hubspot_channels._adapter import Adapter
    from hubspot_channels._calls import Calls
    from hubspot_channels._registry import DEFAULT_API_VERSION

    adapter = Adapter(DEFAULT_API_VERSION)
    adapter.version, adapter.package = version, package
    adapter.profile = _profile(version, package, document)
    return Calls(adapter)


def _facade_call(operation: str) -> Callable[..., Any]:
    from hubspot_channels._calls import Calls

    method: Callable[..., Any] = getattr(Calls, operation)
    return method


def facade_operations() -> frozenset[str]:
    """The registry's operations that ``Calls`` builds (all of them, once the facade has caught up)."""
    from hubspot_channels._calls import Calls

    return frozenset(
        op.name for op in _loaded_registry().operations if callable(getattr(Calls, op.name, None))
    )


@functools.cache
def _parameters(operation: str) -> list[tuple[inspect.Parameter, tuple[Any, ...]]]:
    """The Calls method's parameters (self left out), each with the members of its resolved annotation."""
    method = _facade_call(operation)
    hints = typing.get_type_hints(method)
    return [
        (parameter, _members(hints[name]))
        for name, parameter in inspect.signature(method).parameters.items()
        if name != "self"
    ]


def _members(hint: Any) -> tuple[Any, ...]:
    """A union's members (``int | str``: int, str), or the hint alone."""
    is_union = isinstance(hint, types.UnionType) or typing.get_origin(hint) is typing.Union
    return typing.get_args(hint) if is_union else (hint,)


def _plain(operation: str, members: tuple[Any, ...], *, full: bool) -> Any:
    """A valid plain value of a parameter by its type: None when optional (unless full), else the
    simplest value of its first type (an id, a short text, an enum's first member, an empty list...)."""
    from hubspot_channels import DeliveryIdentifier, DeliveryIdentifierType
    from hubspot_channels._adapter_profiles import BODY_FIELDS

    kinds = [kind for kind in members if kind is not type(None)]
    if len(kinds) < len(members) and not full:
        return None
    kind = kinds[0]
    origin = typing.get_origin(kind) or kind
    if isinstance(kind, type) and issubclass(kind, enum.Enum):
        return next(iter(kind)).value
    if kind is DeliveryIdentifier:
        return DeliveryIdentifier(next(iter(DeliveryIdentifierType)), "n")
    if origin is Mapping:  # capabilities, or update_channel's fields: then one field to change
        return {next(iter(BODY_FIELDS[operation])): "n"} if full and operation in BODY_FIELDS else {}
    if origin is Sequence:
        return []
    if kind is dt.datetime:
        return dt.datetime(2026, 1, 1, tzinfo=dt.UTC)
    plain: dict[Any, Any] = {bool: full, int: 1, str: "n"}
    return plain[kind]


def _plain_call(operation: str, calls: Any) -> Any:
    """operation's Call from plain, valid arguments: optional ones left out, or (when the facade needs
    at least one of them) all given."""
    from hubspot_channels import RequestValidationError

    def arguments(full: bool) -> dict[str, Any]:
        return {p.name: _plain(operation, members, full=full) for p, members in _parameters(operation)}

    try:
        return getattr(calls, operation)(**arguments(full=False))
    except RequestValidationError:  # update_channel_account needs name or authorized...
        return getattr(calls, operation)(**arguments(full=True))


class FacadeCallBroken(Exception):
    """The facade cannot even build the operation's call from plain, valid arguments."""


def parse_response(version: str, package: str, document: dict[str, Any], operation: str, data: Any) -> Any:
    """The facade model the facade makes of operation's success body (the call made from plain arguments
    only to reach its parser)."""
    try:
        call = _plain_call(operation, _calls(version, package, document))
    except Exception as exc:
        raise FacadeCallBroken(f"the facade cannot build {operation} from plain arguments: {exc!r}") from exc
    return call.parse(data)


# (version, operation) -> [payloads read in one parse, payloads the reader declined]
ONE_PARSE_COUNTS: dict[tuple[str, str], list[int]] = {}


def one_parse_difference(
    version: str, package: str, document: dict[str, Any], operation: str, data: Any
) -> str | None:
    """How the facade's one-parse reading of a success body differs from the two-parse one (the generated
    from_dict, then the converter), None when both give equal models or the same error. The two-parse
    error itself is raised (a valid payload the facade cannot read is a finding of its own)."""
    from dataclasses import replace

    from hubspot_channels import _adapter_read

    calls, generated = _calls(version, package, document), _calls(version, package, document)
    profile = calls.adapter.profile
    generated.adapter.profile = replace(profile, response_shapes={})  # declines every payload
    one_parse, two_parse = _plain_call(operation, calls).parse, _plain_call(operation, generated).parse
    counts = ONE_PARSE_COUNTS.setdefault((version, operation), [0, 0])
    try:
        _adapter_read.read(profile.response_shapes, profile.endpoints[operation].success_model, data)
        counts[0] += 1
    except Exception:  # noqa: BLE001 - any refusal is a decline
        counts[1] += 1
    try:
        two = two_parse(data)
    except Exception as exc:  # noqa: BLE001 - compared below, then raised
        try:
            one_parse(data)
        except Exception as same:
            if (type(same), str(same)) == (type(exc), str(exc)):
                raise
            return f"one parse raised {type(same).__name__}: {same}; two parses {type(exc).__name__}: {exc}"
        return f"one parse read what two parses refuse ({type(exc).__name__}: {exc})"
    one = one_parse(data)
    return None if one == two else f"one parse gave {one!r}, two parses {two!r}"[:500]


def _identifier(data: Any) -> Any:
    from hubspot_channels import DeliveryIdentifier

    return None if data is None else DeliveryIdentifier(type=data.get("type"), value=data.get("value"))


def _participants(data: Any) -> list[Any]:
    from hubspot_channels import Participant

    return [
        Participant(
            delivery_identifier=_identifier(p.get("deliveryIdentifier")),
            name=p.get("name"),
            actor_id=p.get("senderActorId"),
        )
        for p in data or []
    ]


def _when(text: Any) -> dt.datetime | None:
    return None if text is None else dt.datetime.fromisoformat(text)


def _from_wire(members: tuple[Any, ...], value: Any) -> Any:
    """The facade value of a body value by the parameter's type (identifiers, participants, times)."""
    from hubspot_channels import DeliveryIdentifier, Participant

    kinds = [kind for kind in members if kind is not type(None)]
    if DeliveryIdentifier in kinds:
        return _identifier(value)
    if dt.datetime in kinds:
        return _when(value)
    if typing.get_origin(kinds[0]) is Sequence:
        if typing.get_args(kinds[0]) == (Participant,):
            return _participants(value)
        return (value or []) if len(kinds) == len(members) else value  # a required list: empty
    return value


# A flag argument that says whether the body carries another argument: set from the body's key.
_FLAG_OF = {"idempotent": "idempotency_id"}


def _operation(name: str) -> reg.Operation:
    return next(op for op in _loaded_registry().operations if op.name == name)


def _wire_keys(document: dict[str, Any], operation: str) -> dict[str, str]:
    """Facade body argument -> the key the version's document names it by (the facade's BODY_FIELDS
    name the generated fields; the document's properties give their wire spelling). Once per checked
    document and operation, like the profile."""
    cached = _WIRE_KEYS.get(operation)
    if cached is None or cached[0] is not document:
        if cached is not None:
            _WIRE_KEYS.clear()  # one checked document at a time
        cached = _WIRE_KEYS[operation] = (document, _read_wire_keys(document, operation))
    return dict(cached[1])


def _read_wire_keys(document: dict[str, Any], operation: str) -> dict[str, str]:
    from hubspot_channels._adapter_profiles import BODY_FIELDS

    schema = registry_module.request_body_schema(document, _operation(operation)) or {}
    properties = resolve(document, schema).get("properties", {})
    wire = {registry_module.python_name(key): key for key in properties}
    return {argument: wire[field] for argument, field in BODY_FIELDS[operation].items() if field in wire}


def _call_from_body(operation: str, calls: Any, keys: Mapping[str, str], body: Mapping[str, Any]) -> Any:
    """operation's Call with body's values for its body arguments, plain values for the rest."""
    arguments: dict[str, Any] = {}
    for parameter, members in _parameters(operation):
        name = parameter.name
        if name in keys:
            arguments[name] = _from_wire(members, body.get(keys[name]))
        elif name in _FLAG_OF:
            arguments[name] = keys.get(_FLAG_OF[name]) in body
        elif typing.get_origin(members[0]) is Mapping and parameter.kind is not parameter.KEYWORD_ONLY:
            arguments[name] = {argument: body.get(key) for argument, key in keys.items()}  # fields to change
        else:
            arguments[name] = _plain(operation, members, full=False)
    return getattr(calls, operation)(**arguments)


def build_request(
    version: str, package: str, document: dict[str, Any], operation: str, body: Mapping[str, Any]
) -> tuple[Any, tuple[str, ...]]:
    """The JSON body the facade sends for a call made with body's values, and the keys it maps.

    FacadeRefused when the facade's own checks refuse the values (it is stricter than the schema: an
    error message only with FAILED, participants need a delivery identifier); anything the generated code
    raises propagates (the facade wraps it in RequestValidationError: unwrapped here)."""
    from hubspot_channels import RequestValidationError, UnsupportedOperationError

    keys = _wire_keys(document, operation)
    try:
        made = _call_from_body(operation, _calls(version, package, document), keys, body)
    except RequestValidationError as exc:
        if exc.__cause__ is not None:  # the generated model refused what the facade built
            raise exc.__cause__ from exc
        raise FacadeRefused(str(exc)) from exc
    except UnsupportedOperationError as exc:
        raise FacadeRefused(str(exc)) from exc
    return made.request.json, tuple(keys.values())


def request_operations() -> frozenset[str]:
    """The operations whose request body the facade builds from its arguments."""
    from hubspot_channels._adapter_profiles import BODY_FIELDS

    return facade_operations() & frozenset(BODY_FIELDS)


CORRELATION_HEADER = "x-hubspot-correlation-id"


def error_fields(status: int, data: Any, headers: Mapping[str, str]) -> dict[str, Any]:
    """What the facade's error (the exception an error status raises) reads from an error body: message,
    category, correlation id (the body's, else the response header's) and the number of error details."""
    import httpx

    from hubspot_channels._exceptions import status_error

    error = status_error(httpx.Response(status, json=data, headers=dict(headers)))
    return {
        "message": error.message,
        "category": error.category,
        "correlationId": error.correlation_id,
        "errors": len(error.errors),
    }
