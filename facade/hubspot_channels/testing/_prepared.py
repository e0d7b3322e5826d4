"""A fast acceptance check per operation, built once from openapi-core's own objects.

openapi-core re-reads the document through jsonschema-path on every call (parameters, path finding,
response and media-type lookup, a new jsonschema validator per schema): ~3 ms per exchange. Here each
operation is prepared at first use: its parameters, body and responses are read once, and each schema gets
one jsonschema validator made by openapi-core's own factory (same validator class, format checker and
`$ref` resolver), so a schema accepts exactly what openapi-core's accepts.

The check only says "valid" or "not sure": whatever it does not accept, and every construct it does not
model (a parameter style, a media type, a cast), goes to openapi-core, which stays the reference and writes
every error message. tests/fake/test_fake_prepared_differential.py proves the two agree.

Both judge a Content-Type reduced to its media type and charset (judged_content_type): openapi-core would
pass any other parameter as a keyword to its own deserializers, where `value=1` or `mimetype=x` collides with
their arguments (a TypeError, so an untyped 500). JSON defines no parameters (RFC 8259), so the fake ignores
them as a tolerant reader does, on both paths alike.
"""

from __future__ import annotations

import fnmatch
import functools
import json
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any, Protocol

from jsonschema_path import SchemaPath
from openapi_core.validation.validators import BaseValidator

__all__ = ["PreparedOperation", "Unsupported", "judged_content_type", "prepare"]

_MISSING: Any = object()
# openapi-core's own parsers for these media types are json.loads (and ours for */*, the Error response).
_JSON_PARSED = frozenset({"application/json", "application/vnd.api+json", "*/*"})
_BOOLEANS = frozenset({"y", "yes", "t", "true", "on", "1", "n", "no", "f", "false", "off", "0"})
_TRUE = frozenset({"y", "yes", "t", "true", "on", "1"})


class Unsupported(Exception):
    """The document uses something this check does not model: openapi-core handles the operation alone."""


class _Validator(Protocol):
    """The part of a jsonschema validator used here (jsonschema ships no type hints)."""

    def is_valid(self, instance: Any) -> bool: ...


Cast = Callable[[Any], Any]


@dataclass(frozen=True, slots=True)
class _Parameter:
    """A parameter (or response header) in the simple scenario: a `schema`, a style openapi-core reads as
    `location[name]` (or getlist for an exploded form array), cast as openapi-core's casters do."""

    name: str
    location: str  # path, query, header (a request's or a response's)
    required: bool
    array: bool
    cast: Cast
    default: Any
    validator: _Validator

    def accepts(self, values: Mapping[str, str] | Sequence[tuple[str, str]]) -> bool:
        raw = _lookup(values, self.name, self.location, self.array)
        if raw is _MISSING:
            if self.default is not _MISSING:
                return self.validator.is_valid(self.default)
            return not self.required
        try:
            value = self.cast(raw)
        except (ValueError, TypeError, AttributeError):
            return False
        if self.location == "query" and value == "":
            return False  # openapi-core's EmptyQueryParameterValue
        return self.validator.is_valid(value)


def _lookup(
    values: Mapping[str, str] | Sequence[tuple[str, str]], name: str, location: str, array: bool
) -> Any:
    if isinstance(values, Mapping):  # path parameters, already split by the router
        return values.get(name, _MISSING)
    if location == "header":  # werkzeug's Headers: case-insensitive, the first one
        wanted = name.lower()
        return next((value for key, value in values if key.lower() == wanted), _MISSING)
    found = [value for key, value in values if key == name]
    if not found:
        return _MISSING
    return found if array else found[0]


@dataclass(frozen=True, slots=True)
class _Content:
    """A `content` map: media type key -> the validator of its schema (None: no schema)."""

    media: Mapping[str, _Validator | None]

    def accepts(self, raw: bytes, content_type: str) -> bool:
        found = self._find(judged_content_type(content_type))
        if found is None:
            return False
        _, validator = found
        try:
            value = json.loads(raw)
        except ValueError:
            return False
        return validator is None or validator.is_valid(value)

    def _find(self, content_type: str) -> tuple[str, _Validator | None] | None:
        # openapi-core's MediaTypeFinder: the whole header, the bare type, then the first range that fits.
        mime = content_type.split(";", 1)[0].lower().rstrip()
        for candidate in (content_type, mime):
            if candidate in self.media:
                return self._parsed(mime, self.media[candidate])
        if mime:
            for key, validator in self.media.items():
                if fnmatch.fnmatch(mime, key):
                    return self._parsed(key, validator)
        return None

    @staticmethod
    def _parsed(parser: str, validator: _Validator | None) -> tuple[str, _Validator | None] | None:
        return (parser, validator) if parser in _JSON_PARSED else None


@dataclass(frozen=True, slots=True)
class _Response:
    content: _Content | None  # None: the document declares no content, the body is not read
    headers: tuple[_Parameter, ...]


@dataclass(frozen=True, slots=True)
class PreparedOperation:
    parameters: tuple[_Parameter, ...]
    body: _Content | None  # None: no requestBody
    body_required: bool
    responses: Mapping[str, _Response]

    def accepts_request(
        self,
        path_params: Mapping[str, str],
        query: Sequence[tuple[str, str]],
        body: bytes,
        content_type: str,
        headers: Sequence[tuple[str, str]] = (),
    ) -> bool:
        for parameter in self.parameters:
            location = parameter.location
            where = path_params if location == "path" else query if location == "query" else headers
            if not parameter.accepts(where):
                return False
        if self.body is None:
            return True
        if not body:
            return not self.body_required
        return self.body.accepts(body, content_type)

    def accepts_response(self, status: int, headers: Sequence[tuple[str, str]], body: bytes) -> bool:
        code = str(status)
        response = (
            self.responses.get(code) or self.responses.get(f"{code[0]}XX") or self.responses.get("default")
        )
        if response is None:
            return False
        if response.content is not None:
            content_type = next((v for k, v in headers if k.lower() == "content-type"), "")
            if not body or not response.content.accepts(body, content_type):
                return False
        return all(header.accepts(headers) for header in response.headers)


def judged_content_type(content_type: str) -> str:
    """The Content-Type as both checks judge it: the media type and a well-formed charset, nothing else."""
    if ";" not in content_type:
        return content_type
    media, *parameters = content_type.split(";")
    kept = [p for p in parameters if p.count("=") == 1 and p.split("=")[0].lower().lstrip() == "charset"]
    return ";".join([media, *kept])


def prepare(validator: BaseValidator, spec: SchemaPath, path: str, method: str) -> PreparedOperation:
    """Read one operation once; raises Unsupported for what openapi-core must keep handling."""
    path_item = spec / "paths" / path
    operation = path_item / method
    parameters, seen = [], set()
    for param in [*operation.get("parameters", []), *path_item.get("parameters", [])]:
        key = ((param / "name").read_str(), (param / "in").read_str())
        if key not in seen:  # an operation's parameter overrides the path item's
            seen.add(key)
            parameters.append(_parameter(validator, spec, param, key[0], key[1]))
    body, body_required = None, False
    if "requestBody" in operation:
        request_body = operation / "requestBody"
        body = _content(validator, spec, request_body / "content")
        body_required = (request_body / "required").read_bool(default=False)
    responses = {}
    for code, response in (operation / "responses").str_items():
        content = _content(validator, spec, response / "content") if "content" in response else None
        headers = tuple(
            _parameter(validator, spec, header, name, "header")
            for name, header in (response.get("headers") or {}).items()
            if name.lower() != "content-type"
        )
        responses[code] = _Response(content, headers)
    return PreparedOperation(tuple(parameters), body, body_required, responses)


def _content(validator: BaseValidator, spec: SchemaPath, content: SchemaPath) -> _Content:
    media = {
        key: _schema_validator(validator, spec, media / "schema") if "schema" in media else None
        for key, media in content.str_items()
    }
    return _Content(media)


def _parameter(
    validator: BaseValidator, spec: SchemaPath, param: SchemaPath, name: str, location: str
) -> _Parameter:
    plain = _plain(param)
    if "content" in plain or "schema" not in plain or plain.get("deprecated") or "allowEmptyValue" in plain:
        raise Unsupported(f"parameter {name!r}: a construct the simple check does not model")
    style = plain.get("style", "form" if location == "query" else "simple")
    explode = plain.get("explode", style == "form")
    schema = _plain(param / "schema")
    array = schema.get("type") == "array"
    expected = {("path", "simple", False), ("header", "simple", False), ("query", "form", True)}
    if (location, style, explode) not in expected or (array and location != "query"):
        raise Unsupported(f"parameter {name!r}: style {style!r}, explode {explode}")
    cast = _caster(schema.get("items", {})) if array else _caster(schema)
    if array:
        cast = functools.partial(_cast_items, cast)
    return _Parameter(
        name,
        location,
        bool(plain.get("required", False)),
        array,
        cast,
        schema.get("default", _MISSING),
        _schema_validator(validator, spec, param / "schema"),
    )


def _caster(schema: Mapping[str, Any]) -> Cast:
    # openapi-core's oas31 casters by `type`: str for string, int(), float(), forcebool.
    if any(key in schema for key in ("$ref", "allOf", "oneOf", "anyOf", "nullable")):
        raise Unsupported("a composed parameter schema")
    casters: dict[str, Cast] = {"string": _same, "integer": int, "number": float, "boolean": _boolean}
    kind = schema.get("type")
    if not isinstance(kind, str) or kind not in casters:
        raise Unsupported(f"a parameter of type {kind!r}")
    return casters[kind]


def _same(value: Any) -> Any:
    return value


def _boolean(value: str) -> bool:
    if value.lower() not in _BOOLEANS:
        raise ValueError("not a boolean")
    return value.lower() in _TRUE


def _cast_items(cast: Cast, values: list[str]) -> list[Any]:
    return [cast(value) for value in values]


def _plain(node: SchemaPath) -> dict[str, Any]:
    with node.resolve() as resolved:
        contents = resolved.contents
    if not isinstance(contents, dict):
        raise Unsupported("a non-object node")
    return contents


def _schema_validator(validator: BaseValidator, spec: SchemaPath, schema: SchemaPath) -> _Validator:
    # The very validator openapi-core makes for this schema on each call, made once.
    made = validator.schema_validators_factory.create(
        spec,
        schema,
        format_validators=validator.format_validators,
        extra_format_validators=validator.extra_format_validators,
        forbid_unspecified_additional_properties=validator.forbid_unspecified_additional_properties,
        enforce_properties_required=validator.enforce_properties_required,
    )
    jsonschema_validator: _Validator = made.validator
    return jsonschema_validator
