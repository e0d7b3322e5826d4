"""Request and response validation against each version's normalized OpenAPI document, with openapi-core.

openapi-core objects are built once per process and version, on first use: building them parses and
checks the whole document (~0.1 s). A valid exchange is then accepted by each operation's prepared check
(_prepared.py, ~0.1 ms); openapi-core itself (~3 ms) judges and words only what that check does not accept.
"""

from __future__ import annotations

import copy
import functools
import json
from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from typing import Any, Protocol, runtime_checkable

from jsonschema_path import SchemaPath
from openapi_core.datatypes import RequestParameters
from openapi_core.templating.media_types.exceptions import MediaTypeNotFound
from openapi_core.validation.request.exceptions import ParameterValidationError
from openapi_core.validation.request.validators import V31RequestValidator
from openapi_core.validation.response.validators import V31ResponseValidator
from openapi_core.validation.schemas.datatypes import FormatValidatorsDict
from openapi_core.validation.schemas.exceptions import InvalidSchemaValue
from openapi_core.validation.schemas.factories import SchemaValidatorsFactory
from openapi_schema_validator import OAS31Validator
from openapi_spec_validator import OpenAPIV31SpecValidator
from werkzeug.datastructures import Headers, MultiDict

from .._registry import DEFAULT_API_VERSION
from ._prepared import PreparedOperation, Unsupported, judged_content_type, prepare
from ._quote import short_message
from ._spec import SPEC_PACKAGE, VERSIONS_SERVED, Operation, load_document, operation, operations

__all__ = [
    "SPEC_PACKAGE",
    "Operation",
    "ResponseValidationError",
    "Violation",
    "load_document",
    "message_violations",
    "openapi_core_request_violations",
    "openapi_core_response_violations",
    "operations",
    "prepared",
    "request_violations",
    "response_violations",
]

_JSON = "application/json"


class ResponseValidationError(AssertionError):
    """The fake produced a response its own OpenAPI document rejects: a bug in the fake.

    An AssertionError so that pytest reports it as a failure wherever it surfaces.
    """


@runtime_checkable
class _SchemaError(Protocol):
    """The parts of jsonschema.ValidationError used here (jsonschema has no type hints)."""

    message: str
    validator: str
    validator_value: Any
    instance: Any
    absolute_path: Sequence[str | int]
    relative_schema_path: Sequence[str | int]
    context: list[Any]


@dataclass(frozen=True, slots=True)
class Violation:
    """One reason a request is invalid, shaped like an item of HubSpot's `errors` list."""

    message: str
    location: str  # "body", "query", "path" or "header"; HubSpot's `in`
    code: str = "INVALID"
    field: str | None = None  # dotted path inside the body or the parameter name

    def to_json(self) -> dict[str, object]:
        item: dict[str, object] = {"message": self.message, "in": self.location, "code": self.code}
        if self.field is not None:
            item["context"] = {"field": [self.field]}
        return item


def _fixed_document(version: str) -> dict[str, Any]:
    """A copy of the version's document without `security`: it does not describe HubSpot's real auth (hapikey +
    appId for channels, Bearer for the rest), which the fake enforces itself."""
    doc = copy.deepcopy(load_document(version))
    doc.pop("security", None)
    for item in doc["paths"].values():
        for op in item.values():
            if isinstance(op, dict):
                op.pop("security", None)
    return doc


class _SharedFormatChecker(SchemaValidatorsFactory):
    """Reuses one FormatChecker: the stock factory deep-copies it per schema, ~20% of the cost."""

    def get_format_checker(
        self,
        format_validators: FormatValidatorsDict | None = None,
        extra_format_validators: FormatValidatorsDict | None = None,
    ) -> Any:  # jsonschema's FormatChecker (jsonschema ships no type hints)
        if format_validators is None and extra_format_validators is None:
            return self.format_checker
        return super().get_format_checker(format_validators, extra_format_validators)


def _json_loads(raw: bytes, /, **_parameters: str) -> Any:
    # openapi-core passes the media type's parameters (charset=utf-8) as keywords: none may collide.
    return json.loads(raw)


@functools.cache
def _validators(version: str) -> tuple[V31RequestValidator, V31ResponseValidator, str]:
    doc = _fixed_document(version)
    spec = SchemaPath.from_dict(doc)
    OpenAPIV31SpecValidator(spec).validate()  # once: the normalized document is valid 3.1
    # The Error response is declared as */*; HubSpot sends JSON, so decode it as JSON.
    media: dict[str, Callable[[bytes], Any]] = {"*/*": _json_loads}
    request = V31RequestValidator(
        spec,
        schema_validators_factory=_SharedFormatChecker(OAS31Validator),
        extra_media_type_deserializers=media,
    )
    response = V31ResponseValidator(
        spec,
        schema_validators_factory=_SharedFormatChecker(OAS31Validator),
        extra_media_type_deserializers=media,
    )
    return request, response, str(doc["servers"][0]["url"])


@functools.cache
def prepared(
    version: str, path: str, method: str
) -> tuple[PreparedOperation | None, PreparedOperation | None]:
    """(request side, response side) fast checks of one operation; None where openapi-core does it all."""
    request, response, _ = _validators(version)
    sides: list[PreparedOperation | None] = []
    for validator in (request, response):
        try:
            sides.append(prepare(validator, validator.spec, path, method.lower()))
        except Unsupported:
            sides.append(None)
    return sides[0], sides[1]


def warm_up(versions: Sequence[str] = VERSIONS_SERVED) -> None:
    """Build the validators and every operation's fast check now (e.g. before timing anything)."""
    for version in versions:
        _validators(version)
        for op in operations(version):
            prepared(version, op.path, op.method)


@dataclass(slots=True)
class _Request:
    """openapi_core.protocols.Request (and SupportsPathPattern) for an already routed request."""

    host_url: str
    path: str
    path_pattern: str
    method: str
    parameters: RequestParameters
    body: bytes | None
    content_type: str


@dataclass(frozen=True, slots=True)
class _Response:
    """openapi_core.protocols.Response."""

    status_code: int
    content_type: str
    headers: Headers
    data: bytes | None


def _request(
    op: Operation,
    path: str,
    path_params: Mapping[str, str],
    query: Sequence[tuple[str, str]],
    body: bytes,
    content_type: str,
    headers: Sequence[tuple[str, str]] = (),
) -> _Request:
    _, _, server = _validators(op.version)
    # Path variables come from the fake's router; the host is the document's server, since the
    # fake may be reached as 127.0.0.1:PORT or anything a test picked.
    params = RequestParameters(
        query=MultiDict(list(query)), header=Headers(list(headers)), path=dict(path_params)
    )
    return _Request(
        host_url=server,
        path=path,
        path_pattern=op.path,
        method=op.method.lower(),
        parameters=params,
        body=body or None,
        content_type=judged_content_type(content_type),
    )


def request_violations(
    op: Operation,
    path: str,
    path_params: Mapping[str, str],
    query: Sequence[tuple[str, str]],
    body: bytes,
    content_type: str,
    headers: Sequence[tuple[str, str]] = (),
) -> list[Violation]:
    """Everything the document says is wrong with this request (empty when it is valid).

    Content-Type parameters other than charset are ignored (judged_content_type)."""
    quick, _ = prepared(op.version, op.path, op.method)
    if quick is not None and quick.accepts_request(path_params, query, body, content_type, headers):
        return []
    # Invalid (or not modelled): openapi-core decides and words every violation.
    return openapi_core_request_violations(op, path, path_params, query, body, content_type, headers)


def openapi_core_request_violations(
    op: Operation,
    path: str,
    path_params: Mapping[str, str],
    query: Sequence[tuple[str, str]],
    body: bytes,
    content_type: str,
    headers: Sequence[tuple[str, str]] = (),
) -> list[Violation]:
    """request_violations by openapi-core alone, without the prepared check (the reference)."""
    validator, _, _ = _validators(op.version)
    found: list[Violation] = []
    request = _request(op, path, path_params, query, body, content_type, headers)
    for error in validator.iter_errors(request):
        found.extend(_violations(error))
    return found


def response_violations(
    op: Operation,
    path: str,
    path_params: Mapping[str, str],
    status: int,
    headers: Sequence[tuple[str, str]],
    body: bytes,
) -> list[str]:
    """Why the document rejects this response, as text (empty when it is valid)."""
    _, quick = prepared(op.version, op.path, op.method)
    if quick is not None and quick.accepts_response(status, headers, body):
        return []
    return openapi_core_response_violations(op, path, path_params, status, headers, body)


def openapi_core_response_violations(
    op: Operation,
    path: str,
    path_params: Mapping[str, str],
    status: int,
    headers: Sequence[tuple[str, str]],
    body: bytes,
) -> list[str]:
    """response_violations by openapi-core alone, without the prepared check (the reference)."""
    _, validator, _ = _validators(op.version)
    request = _request(op, path, path_params, (), b"", _JSON)
    header_map = Headers(list(headers))
    content_type = judged_content_type(header_map.get("content-type", ""))
    response = _Response(status, content_type, header_map, body or None)
    return [_describe(error) for error in validator.iter_errors(request, response)]


def message_violations(message: Mapping[str, Any], version: str = DEFAULT_API_VERSION) -> list[str]:
    """Why `message` is not a valid PublicConversationsMessage (as get_message would return it)."""
    op = operation(version, "get_message")
    params = {"channelId": str(message.get("channelId", "1")), "messageId": str(message.get("id", "x"))}
    path = op.path.format(**params)
    body = json.dumps(message).encode()
    return response_violations(op, path, params, 200, [("Content-Type", _JSON)], body)


def _violations(error: Exception) -> Iterator[Violation]:
    cause = error.__cause__
    if isinstance(error, ParameterValidationError):
        schema_errors = cause.schema_errors if isinstance(cause, InvalidSchemaValue) else ()
        detail = "; ".join(
            short_message(e.message, e.instance) for e in schema_errors if isinstance(e, _SchemaError)
        )
        message = f"{error.location} parameter {error.name!r} is invalid" + (f": {detail}" if detail else "")
        if cause is not None and not detail:
            message += f": {cause}"
        yield Violation(message, error.location, _code(schema_errors), error.name)
    elif isinstance(cause, InvalidSchemaValue):
        for schema_error in cause.schema_errors:
            if isinstance(schema_error, _SchemaError):
                yield from _schema_violations(schema_error)
    elif isinstance(cause, MediaTypeNotFound) or isinstance(error, MediaTypeNotFound):
        yield Violation("Content-Type must be application/json", "header", "UNSUPPORTED_MEDIA_TYPE")
    else:
        yield Violation(_text(error), "body", "INVALID")


def _text(error: Exception) -> str:
    # openapi-core's __str__ may itself fail (it decodes the body as UTF-8 to quote it).
    try:
        return str(error) + (f": {error.__cause__}" if error.__cause__ is not None else "")
    except (UnicodeError, ValueError, TypeError):
        return f"the request body is invalid ({type(error).__name__})"


def _schema_violations(error: _SchemaError) -> Iterator[Violation]:
    # A failed oneOf says little by itself; report the errors of the variant the value was
    # meant to be: one whose `type` discriminator matched, with the fewest errors.
    if error.context and error.validator in {"oneOf", "anyOf"}:
        branches: dict[object, list[_SchemaError]] = {}
        for sub in error.context:
            if isinstance(sub, _SchemaError):
                branches.setdefault(sub.relative_schema_path[0], []).append(sub)
        fitting = [b for b in branches.values() if not any(list(e.absolute_path)[-1:] == ["type"] for e in b)]
        if fitting:
            for sub in min(fitting, key=len):
                yield from _schema_violations(sub)
            return
    parts = [str(part) for part in error.absolute_path]
    if error.validator == "required" and isinstance(error.instance, dict):
        # Name the missing property itself, not only the object that lacks it.
        parts += [p for p in error.validator_value if p not in error.instance and repr(p) in error.message][
            :1
        ]
    dotted = ".".join(parts) or None
    text = short_message(error.message, error.instance)  # never the whole value back
    message = f"{dotted}: {text}" if dotted else text
    yield Violation(message, "body", _code([error]), dotted)


_CODES = {
    "required": "REQUIRED_FIELD",
    "type": "INVALID_TYPE",
    "enum": "INVALID_ENUM",
    "format": "INVALID_FORMAT",
}


def _code(errors: object) -> str:
    for error in errors if isinstance(errors, (list, tuple)) else ():
        if isinstance(error, _SchemaError):
            return _CODES.get(str(error.validator), "INVALID")
    return "INVALID"


def _describe(error: Exception) -> str:
    cause = error.__cause__
    parts = [f"{type(error).__name__}: {error}"]
    if isinstance(cause, InvalidSchemaValue):
        parts.extend(
            f"  at {'/'.join(map(str, e.absolute_path)) or '<root>'}: {e.message}"
            for e in cause.schema_errors
            if isinstance(e, _SchemaError)
        )
    elif cause is not None:
        parts.append(f"  caused by {type(cause).__name__}: {cause}")
    return "\n".join(parts)
