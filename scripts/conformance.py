"""Conformance of a generated package: it must read and write realistic traffic, not merely generate.

For each operation of the normalized document, the payloads of conformance_synth (plus the seed page's
example, when ../shared has it) go through:
  responses: the generated `_parse_response` -> `to_dict()` (equal to the payload, times compared as
             instants), then the facade's parser into its models (no exception);
  requests:  the generated body model `from_dict` -> the operation's `_get_kwargs` JSON (equal, and valid
             against the schema), then the facade's call built from the payload's values (the body it sends
             is valid and carries those values).
  errors:    every error response (4xx, 5xx, default): the generated `_parse_response` -> `to_dict()`, and
             the facade's error reads message, category, correlation id (body, else header) and details.
Every payload is first validated against the schema it came from (the synthesizer's own check), except the
tolerant-reader ones (an unknown enum value, const or union `type`; an error body with only some fields):
those are what HubSpot may send later, so the client must read them although today's schema does not
allow them. Any failure names the operation, the schema pointer and the payload; `require` raises on any
(generate wires it).
"""

from __future__ import annotations

import importlib
import inspect
import json
import os
import re
import sys
import typing
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import quote

import httpx
from jsonschema import Draft202012Validator  # type: ignore[import-untyped]
from jsonschema.exceptions import best_match  # type: ignore[import-untyped]
from referencing import Registry, Resource
from referencing.jsonschema import DRAFT202012

from . import conformance_facade as facade
from ._spec_io import REPO
from .conformance_compare import canonical, first_difference, projected, schema_pointer, to_json
from .conformance_synth import EXTRA_PROPERTY, Payload, escape, synthesize
from .normalize import iter_operations, resolve, versionless_path

SHARED = Path(os.environ.get("HUBSPOT_SHARED_DIR", REPO.parent / "shared"))
SEED_DIR = SHARED / "seed"
SHOWN = 400  # characters of a payload in a failure message
CORRELATION_ID = "aaaaaaaa-0000-4000-8000-000000000000"  # the header an error response carries
_BASE = "urn:normalized-openapi"
DEFAULT_ERROR_STATUS = 429  # the status a `default` error response is checked with (its body is the thinnest)


class ConformanceError(RuntimeError):
    """A generated package cannot round-trip its synthesized payloads."""


@dataclass(frozen=True)
class Failure:
    operation: str
    stage: str
    pointer: str
    variant: str
    payload: Any
    error: str

    def __str__(self) -> str:
        shown = json.dumps(self.payload, sort_keys=True, default=str)
        shown = shown if len(shown) <= SHOWN else shown[:SHOWN] + "...(truncated)"
        return (
            f"{self.operation}: {self.stage}: {self.error}\n    schema pointer: {self.pointer}\n"
            f"    payload ({self.variant}): {shown}"
        )


@dataclass
class Report:
    version: str
    payloads: int = 0
    refused: list[str] = field(default_factory=list)  # payloads the facade's own checks refuse by design
    failures: list[Failure] = field(default_factory=list)

    def describe(self) -> str:
        head = f"{self.version}: {self.payloads} payloads, {len(self.failures)} conformance failure(s)"
        return "\n".join([head, *(f"  {failure}" for failure in self.failures)])


@dataclass(frozen=True)
class Seed:
    method: str
    path: str  # version-free
    request: Any
    response: Any


def read_seeds(folder: Path = SEED_DIR) -> list[Seed]:
    """The curl example and response body of each seed page (a request line, `--data '...'`, then JSON)."""
    seeds = []
    for page in sorted(folder.glob("*.txt")) if folder.is_dir() else []:
        text = page.read_text(encoding="utf-8", errors="replace")
        request = re.search(r"--request (\w+)\s*\\?\s*--url (\S+)", text)
        data = re.search(r"--data '(.*?)'", text, re.DOTALL)
        if not request:
            continue
        body = json.loads(data.group(1)) if data else None
        start = text.find("{", data.end() if data else request.end())
        response, _ = json.JSONDecoder().raw_decode(text[start:]) if start >= 0 else (None, 0)
        url_path = "/" + request.group(2).split("://", 1)[-1].split("/", 1)[-1]
        seeds.append(Seed(request.group(1).lower(), versionless_path(url_path), body, response))
    return seeds


def _snake(name: str) -> str:
    return re.sub(r"(?<=[a-z0-9])(?=[A-Z])", "_", name).replace("-", "_").lower()


def _fast_validator(document: dict[str, Any], pointer: str) -> Any:
    """A compiled validator of the schema at pointer (the Rust one schemathesis brings: pure-Python
    validation was two thirds of the cost), or None without it; errors are always explained by jsonschema."""
    try:
        import jsonschema_rs
    except ImportError:
        return None
    return jsonschema_rs.Draft202012Validator({**document, "$ref": quote(pointer, safe="/~#*")})


@dataclass(frozen=True)
class Root:
    """One schema payloads are made from: an operation's success body or its request body."""

    operation: str
    code: str | None  # the response status, None for the request body
    pointer: str
    schema: Any

    @property
    def error(self) -> bool:
        return self.code is not None and not self.code.startswith("2")

    @property
    def status(self) -> int:
        if self.code is None or not self.code[:3].isdigit():
            return DEFAULT_ERROR_STATUS
        return int(self.code[:3])


class _Checker:
    def __init__(self, version: str, document: dict[str, Any], package: str) -> None:
        self.version, self.document, self.package = version, document, package
        self.registry: Registry[Any] = Registry().with_resource(
            _BASE, Resource.from_contents(document, default_specification=DRAFT202012)
        )
        self.report = Report(version)
        self.fast: dict[str, Any] = {}
        self.client = importlib.import_module(f"{package}.client").Client(
            base_url="https://api.hubapi.com", raise_on_unexpected_status=True
        )

    def fail(self, root: Root, stage: str, payload: Payload, error: str, pointer: str | None = None) -> None:
        self.report.failures.append(
            Failure(root.operation, stage, pointer or payload.pointer, payload.variant, payload.value, error)
        )

    def invalid(self, pointer: str, value: Any) -> tuple[str, str] | None:
        """(error, schema pointer) of value against the schema at pointer, or None when valid."""
        if pointer not in self.fast:
            self.fast[pointer] = _fast_validator(self.document, pointer)
        if self.fast[pointer] is not None and self.fast[pointer].is_valid(value):
            return None
        validator = Draft202012Validator({"$ref": _BASE + pointer}, registry=self.registry)
        error = best_match(validator.iter_errors(value))
        if error is None:
            return None
        at = "/" + "/".join(str(part) for part in error.absolute_schema_path)
        return f"{error.message[:200]} at instance {error.json_path}", at

    def check(self, root: Root, payload: Payload, module: Any) -> None:
        self.report.payloads += 1
        problem = None if payload.tolerant else self.invalid(root.pointer, payload.value)
        if problem is not None:
            self.fail(root, "payload is not valid against the normalized schema", payload, *problem)
            return
        try:
            if root.code is not None:
                self.response(root, payload, module)
            else:
                self.request(root, payload, module)
        except Exception as exc:  # noqa: BLE001 - any exception is the finding: it names what broke
            stage = "response" if root.code is not None else "request"
            self.fail(root, f"{stage} raised", payload, f"{type(exc).__name__}: {exc}"[:500])

    def response(self, root: Root, payload: Payload, module: Any) -> None:
        headers = {facade.CORRELATION_HEADER: CORRELATION_ID} if root.error else {}
        response = httpx.Response(root.status, json=payload.value, headers=headers)
        parsed = module._parse_response(client=self.client, response=response)
        self.same(root, payload, "generated from_dict -> to_dict round trip", to_json(parsed))
        if root.error:
            self.error_read(root, payload, headers)
        elif root.operation in facade.facade_operations():
            args = (self.version, self.package, self.document, root.operation, payload.value)
            if (difference := facade.one_parse_difference(*args)) is not None:
                self.fail(root, "facade one-parse model differs from the two-parse one", payload, difference)

    def error_read(self, root: Root, payload: Payload, headers: dict[str, str]) -> None:
        body = payload.value if isinstance(payload.value, dict) else {}
        details = body.get("errors")
        expected = {
            "message": body.get("message") or None,
            "category": body.get("category") or body.get("errorType") or None,
            "correlationId": body.get("correlationId") or headers.get(facade.CORRELATION_HEADER),
            "errors": sum(isinstance(d, dict) for d in details) if isinstance(details, list) else 0,
        }
        read = facade.error_fields(root.status, payload.value, headers)
        for key, value in expected.items():
            if read[key] != value:
                self.fail(root, "facade error does not read the body", payload, f"{key}: read {read[key]!r}")

    def request(self, root: Root, payload: Payload, module: Any) -> None:
        kwargs = self.path_arguments(root, module)
        hints = typing.get_type_hints(module._get_kwargs)
        body_class = next(
            c for c in typing.get_args(hints["body"]) or (hints["body"],) if hasattr(c, "from_dict")
        )
        emitted = module._get_kwargs(**kwargs, body=body_class.from_dict(payload.value)).get("json")
        if self.same(root, payload, "generated body from_dict -> emitted JSON", emitted):
            self.valid_emitted(root, payload, "generated body emits invalid JSON", emitted)
        if root.operation not in facade.request_operations():
            return
        try:
            sent, keys = facade.build_request(
                self.version, self.package, self.document, root.operation, payload.value
            )
        except facade.FacadeRefused as refused:
            self.report.refused.append(f"{root.operation} ({payload.variant}): {refused}")
            return
        if not self.valid_emitted(root, payload, "facade request body is invalid", sent):
            return
        given = canonical(payload.value, drop_extra=True)
        for key in keys:
            if key in given and not projected(canonical(sent, drop_extra=True).get(key), given[key]):
                shown = json.dumps(sent.get(key), default=str)[:200]
                at = schema_pointer(payload, f"/{escape(key)}")
                self.fail(
                    root,
                    "facade request body does not carry the given value",
                    payload,
                    f"{key}: sent {shown}",
                    at,
                )

    def same(self, root: Root, payload: Payload, stage: str, result: Any) -> bool:
        where = first_difference(canonical(payload.value), canonical(result))
        if where is None:
            return True
        self.fail(root, stage, payload, f"differs at instance {where or '/'}", schema_pointer(payload, where))
        return False

    def valid_emitted(self, root: Root, payload: Payload, stage: str, emitted: Any) -> bool:
        problem = self.invalid(root.pointer, emitted)
        if problem is not None:
            self.fail(root, stage, payload, *problem)
        return problem is None

    def path_arguments(self, root: Root, module: Any) -> dict[str, Any]:
        """Values for the operation's required parameters (path ones: an int or a token)."""
        values: dict[str, Any] = {}
        for name, parameter in inspect.signature(module._get_kwargs).parameters.items():
            if name != "body" and parameter.default is inspect.Parameter.empty:
                values[name] = 12345 if "int" in str(parameter.annotation) else "token-1"
        return values


def roots(document: dict[str, Any]) -> Iterator[tuple[str, str, dict[str, Any], Root]]:
    """(method, path, operation, root) for each success JSON body and each JSON request body."""
    for method, path, operation in iter_operations(document):
        base = f"#/paths/{escape(path)}/{method}"
        name = operation["operationId"]
        body = resolve(document, operation.get("requestBody", {}))
        media = body.get("content", {}).get("application/json")
        if media and "schema" in media:
            yield (
                method,
                path,
                operation,
                Root(name, None, f"{base}/requestBody/content/application~1json/schema", media["schema"]),
            )
        for code, response in operation.get("responses", {}).items():
            content = resolve(document, response).get("content", {})
            error = str(code) == "default" or str(code).startswith(("4", "5"))
            kinds = ["application/json", *(["*/*"] if error else [])]
            kind = next((k for k in kinds if "schema" in content.get(k, {})), None)
            if kind is not None and (error or str(code).startswith("2")):
                at = response.get("$ref") or f"{base}/responses/{code}"
                pointer = f"{at}/content/{escape(kind)}/schema"
                yield method, path, operation, Root(name, str(code), pointer, content[kind]["schema"])


def partial_error_bodies(payload: Payload) -> Iterator[Payload]:
    """An error body with no field, then with each field alone (gateways and rate limits send thin ones)."""
    if not isinstance(payload.value, dict):
        return
    yield Payload(payload.pointer, "tolerant reader: error body without fields", {}, tolerant=True)
    for key, value in payload.value.items():
        if key != EXTRA_PROPERTY:
            variant = f"tolerant reader: error body with only {key!r}"
            yield Payload(payload.pointer, variant, {key: value}, payload.schema_at, tolerant=True)


def check_package(
    version: str, package_dir: Path, document: dict[str, Any] | None = None, seeds: list[Seed] | None = None
) -> Report:
    """Every payload of the normalized document (default: package_dir/openapi.json) through the package."""
    document = document or json.loads((package_dir / "openapi.json").read_text())
    seeds = read_seeds() if seeds is None else seeds
    writes, sys.dont_write_bytecode = sys.dont_write_bytecode, True  # the package folder stays as generated
    try:
        checker = _Checker(version, document, facade.load_package(package_dir))
        for method, path, operation, root in roots(document):
            tag = operation["tags"][0]
            module = importlib.import_module(f"{checker.package}.api.{_snake(tag)}.{_snake(root.operation)}")
            payloads = list(synthesize(document, root.schema, root.pointer, tolerant=root.code is not None))
            if root.error:
                payloads += list(partial_error_bodies(payloads[0]))
            for payload in payloads:
                checker.check(root, payload, module)
            for seed in [] if root.error else seeds:  # a seed page shows a success
                if (seed.method, seed.path) == (method, versionless_path(path)):
                    value = seed.response if root.code is not None else seed.request
                    if value is not None:
                        checker.check(root, Payload(root.pointer, "seed page example", value), module)
    finally:
        sys.dont_write_bytecode = writes
    return checker.report


def require(version: str, package_dir: Path) -> Report:
    """check_package, raising ConformanceError naming every failure (generation then stops)."""
    report = check_package(version, package_dir)
    if report.failures:
        raise ConformanceError(report.describe())
    return report
