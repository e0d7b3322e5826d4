"""The fake's prepared validation check accepts exactly what openapi-core accepts, for every operation and
version: synthesized valid bodies (scripts/conformance_synth.py) and hypothesis mutations of them,
parameters, content types, status codes and headers. openapi-core is the reference throughout.

tests/fake/test_fake_prepared_review.py holds the inputs where the two once disagreed; the strategies here
draw their kind (Content-Type parameters, query keys in another case, words next to the booleans)."""

from __future__ import annotations

import json
import string
from collections.abc import Callable, Iterator
from typing import Any

import pytest
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st

from hubspot_channels.testing import _validation
from hubspot_channels.testing._spec import VERSIONS_SERVED, Operation, load_document, operations
from scripts.conformance_synth import synthesize

OPERATIONS = [op for version in VERSIONS_SERVED for op in operations(version)]
IDS = [f"{op.version}-{op.name}" for op in OPERATIONS]
JSON_TYPES = ["application/json", "application/json; charset=utf-8", "APPLICATION/JSON ", "application/*"]
CONTENT_TYPES = [*JSON_TYPES, "text/plain", "", "application/json;charset", "*/*", "application/jsonx"]
# Parameters named like openapi-core's own arguments (value, raw, mimetype...), malformed ones, any token.
PARAMETERISED = ["application/json; value=1", "application/json; raw=1; charset=utf-8", "text/plain; value=1"]
PARAMETERISED += ["application/json; mimetype=x", "application/json; schema=x; self=y"]
PARAMETERISED += ["application/json; a=b", "application/json; a=b=c"]
TOKEN = st.text(string.ascii_letters + "-_", min_size=1, max_size=8)
ANY_PARAMETER = st.builds("application/json; {}={}".format, TOKEN, TOKEN)
CONTENT_TYPE = st.sampled_from(JSON_TYPES * 2 + CONTENT_TYPES + PARAMETERISED) | ANY_PARAMETER
STATUSES = [200, 201, 204, 299, 400, 401, 404, 429, 500]
# Values that sit on a boundary of some schema: formats, int32/int64 ranges, empty and null.
EDGES: list[Any] = [None, "", "x", "2026-12-02T05:00:00Z", "2026-13-45T99:00:00Z", "not-a-date", 0, -1]
EDGES += [2**31, -(2**31) - 1, 2**63, 1.5, True, False, [], {}, "A_VALUE_NEW_TO_US", "SENT", "FAILED"]
PARAMETER_WORDS = ["1", "0", "-7", "+3", " 12", "1_0", "2147483648", "", "1e3", "\u0661\u0662", "true", "no"]
PARAMETER_WORDS += ["abc"]
PARAMETER_TEXT = st.sampled_from(PARAMETER_WORDS)
# openapi-core's boolean words in some case, and words next to them that are not booleans.
BOOLEAN_WORDS = ["true", "FALSE", "Yes", "n", "On", "0", "2", "-1", "10", "yess", "tru", "oui", " 1", ""]
# What an HTTP header value can hold (werkzeug's Headers refuses CR and LF before any validation).
HEADER_TEXT = st.characters(codec="latin-1", exclude_characters="\r\n\x00")
JSON_VALUES = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(max_size=8),
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=6), inner, max_size=3),
    max_leaves=6,
)


def _media_schema(op: Operation, content: dict[str, Any] | None) -> Any:
    return next(iter((content or {}).values()), {}).get("schema")


def _raw_operation(op: Operation) -> dict[str, Any]:
    return dict(load_document(op.version)["paths"][op.path][op.method.lower()])


def _seeds(op: Operation, schema: Any, tolerant: bool) -> list[Any]:
    if schema is None:
        return [{}]
    document = load_document(op.version)
    return [payload.value for payload in synthesize(document, schema, f"{op.name}", tolerant=tolerant)]


def _enum_values(value: Any) -> Iterator[Any]:
    if isinstance(value, dict):
        for key, inner in value.items():
            if key in {"enum", "x-known-values"} and isinstance(inner, list):
                yield from inner
            elif key == "const":
                yield inner
            else:
                yield from _enum_values(inner)
    elif isinstance(value, list):
        for inner in value:
            yield from _enum_values(inner)


def _places(value: Any, at: tuple[Any, ...] = ()) -> Iterator[tuple[Any, ...]]:
    yield at
    children = (
        value.items() if isinstance(value, dict) else enumerate(value) if isinstance(value, list) else ()
    )
    for key, inner in children:
        yield from _places(inner, (*at, key))


@st.composite
def _mutated(draw: st.DrawFn, seeds: list[Any], replacements: list[Any]) -> Any:
    value = json.loads(json.dumps(draw(st.sampled_from(seeds))))
    for _ in range(draw(st.integers(0, 3))):
        place = draw(st.sampled_from(list(_places(value))))
        new = draw(st.sampled_from(replacements) | JSON_VALUES)
        if not place:
            value = new
            continue
        parent = value
        for key in place[:-1]:
            parent = parent[key]
        action = draw(st.sampled_from(["replace", "drop", "add"]))
        if action == "drop":
            del parent[place[-1]]
        elif action == "add" and isinstance(parent, dict):
            parent[draw(st.sampled_from(["extra", "type", "id", "text", "status"]))] = new
        else:
            parent[place[-1]] = new
    return value


def _same_request_verdict(
    op: Operation, params: dict[str, str], query: list[tuple[str, str]], body: bytes, content_type: str
) -> bool:
    quick, _ = _validation.prepared(op.version, op.path, op.method)
    assert quick is not None
    path = op.path.format(**params)
    reference = _verdict(
        lambda: _validation.openapi_core_request_violations(op, path, params, query, body, content_type)
    )
    assert quick.accepts_request(params, query, body, content_type) == reference
    return reference


def _same_response_verdict(
    op: Operation, params: dict[str, str], status: int, headers: list[tuple[str, str]], body: bytes
) -> bool:
    _, quick = _validation.prepared(op.version, op.path, op.method)
    assert quick is not None
    path = op.path.format(**params)
    reference = _verdict(
        lambda: _validation.openapi_core_response_violations(op, path, params, status, headers, body)
    )
    assert quick.accepts_response(status, headers, body) == reference
    return reference


def _verdict(reference: Callable[[], list[Any]]) -> bool:
    # Nothing is caught: openapi-core raising would be an untyped 500 from the served fake.
    return not reference()


def _path_params(op: Operation, draw: st.DrawFn) -> dict[str, str]:
    return {name: draw(PARAMETER_TEXT) for name in op.params}


@st.composite
def _query(draw: st.DrawFn, declared: list[dict[str, Any]]) -> list[tuple[str, str]]:
    """Each declared key none, once or twice, at times in another case (openapi-core matches keys
    exactly), with words next to its cast; then unknown keys, all in any order."""
    pairs = []
    for parameter in declared:
        name, schema = parameter["name"], parameter["schema"]
        keys = st.sampled_from([name, name, name.upper(), name.swapcase()])
        words = st.sampled_from(_words(schema)) | st.text(max_size=4)
        for _ in range(draw(st.sampled_from([0, 1, 1, 2]))):
            pairs.append((draw(keys), draw(words)))
    pairs += draw(st.lists(st.tuples(st.just("unknown"), PARAMETER_TEXT), max_size=1))
    return list(draw(st.permutations(pairs)))


def _words(schema: dict[str, Any]) -> list[str]:
    """Words next to a parameter's cast: around the booleans, the numbers, the enum values."""
    if schema.get("type") == "boolean":
        return BOOLEAN_WORDS
    return [*PARAMETER_WORDS, *map(str, _enum_values(schema))]


def _informative(parameter: dict[str, Any]) -> bool:
    # A plain string parameter accepts every word: nothing to compare.
    schema = parameter["schema"].get("items", parameter["schema"])
    return schema.get("type") != "string" or "enum" in schema


QUERY_PARAMETERS = [
    (op, parameter)
    for op in OPERATIONS
    for parameter in _raw_operation(op).get("parameters", [])
    if parameter["in"] == "query" and _informative(parameter)
]


@pytest.mark.parametrize("op", OPERATIONS, ids=IDS)
def test_every_operation_is_prepared(op: Operation) -> None:
    request, response = _validation.prepared(op.version, op.path, op.method)
    assert request is not None and response is not None  # else openapi-core alone handles it: say so


@pytest.mark.parametrize("op", OPERATIONS, ids=IDS)
@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(data=st.data())
def test_a_request_is_accepted_exactly_when_openapi_core_accepts_it(
    op: Operation, data: st.DataObject
) -> None:
    raw = _raw_operation(op)
    schema = _media_schema(op, raw.get("requestBody", {}).get("content"))
    seeds = _seeds(op, schema, tolerant=False)
    body = data.draw(_mutated(seeds, [*EDGES, *_enum_values(load_document(op.version))]))
    encoded = data.draw(st.sampled_from([json.dumps(body).encode()] * 4 + [b"", b"{not json", b"\xff"]))
    content_type = data.draw(CONTENT_TYPE)
    query = data.draw(_query([p for p in raw.get("parameters", []) if p["in"] == "query"]))
    accepted = _same_request_verdict(op, _path_params(op, data.draw), query, encoded, content_type)
    event(f"openapi-core accepts: {accepted}")


@pytest.mark.parametrize("op", OPERATIONS, ids=IDS)
@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(data=st.data())
def test_a_response_is_accepted_exactly_when_openapi_core_accepts_it(
    op: Operation, data: st.DataObject
) -> None:
    responses = _raw_operation(op)["responses"]
    declared = [int(code) for code in responses if code.isdigit()]
    status = data.draw(st.sampled_from(sorted({*declared, *STATUSES})))
    answer = responses.get(str(status), responses.get("default", {}))
    if "$ref" in answer:
        answer = load_document(op.version)["components"]["responses"][answer["$ref"].rsplit("/", 1)[-1]]
    seeds = _seeds(op, _media_schema(op, answer.get("content")), tolerant=True)
    body = data.draw(_mutated(seeds, [*EDGES, *_enum_values(load_document(op.version))]))
    encoded = data.draw(st.sampled_from([json.dumps(body).encode()] * 4 + [b"", b"<html>"]))
    headers = [("Content-Type", data.draw(CONTENT_TYPE))]
    names = st.sampled_from(["Location", "location", "X-Other"])
    headers += data.draw(st.lists(st.tuples(names, st.text(HEADER_TEXT, max_size=4))))
    accepted = _same_response_verdict(op, _path_params(op, data.draw), status, headers, encoded)
    event(f"openapi-core accepts: {accepted}")


@pytest.mark.parametrize(
    ("op", "parameter"),
    QUERY_PARAMETERS,
    ids=[f"{op.version}-{op.name}-{parameter['name']}" for op, parameter in QUERY_PARAMETERS],
)
def test_every_word_next_to_a_query_parameters_cast_gets_the_same_verdict(
    op: Operation, parameter: dict[str, Any]
) -> None:
    """Each word alone, under the key and under the key in upper case (a word hypothesis may not draw)."""
    params = {name: "1" for name in op.params}
    for key in (parameter["name"], parameter["name"].upper()):
        for word in _words(parameter["schema"]):
            _same_request_verdict(op, params, [(key, word)], b"", "")


@pytest.mark.parametrize("op", OPERATIONS, ids=IDS)
def test_every_synthesized_body_gets_the_same_verdict(op: Operation) -> None:
    """Unmutated: every enumerated branch, enum value and type of each body (tolerant ones included)."""
    raw = _raw_operation(op)
    params = {name: "1" for name in op.params}
    for body in _seeds(op, _media_schema(op, raw.get("requestBody", {}).get("content")), tolerant=False):
        _same_request_verdict(op, params, [], json.dumps(body).encode(), "application/json")
    for code, answer in raw["responses"].items():
        if code.isdigit() and "content" in answer:
            for body in _seeds(op, _media_schema(op, answer["content"]), tolerant=True):
                headers = [("Content-Type", "application/json")]
                _same_response_verdict(op, params, int(code), headers, json.dumps(body).encode())
