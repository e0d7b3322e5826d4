"""Inputs where the fake's prepared validation check (testing/_prepared.py) and openapi-core (the reference)
once disagreed, found by review: Content-Type parameters that collide with openapi-core's own arguments
(F1/F2) and request header parameters (F3). The fake now ignores every Content-Type parameter but charset
on both paths alike (judged_content_type), and reads header parameters from the request's headers."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Any

import httpx
import pytest
from jsonschema_path import SchemaPath
from openapi_core.datatypes import RequestParameters
from openapi_core.validation.request.validators import V31RequestValidator
from werkzeug.datastructures import Headers, MultiDict

from hubspot_channels.testing import FakeHubSpot, _validation
from hubspot_channels.testing._prepared import judged_content_type, prepare

VERSION = "2026-03"
PARAMS = {"channelId": "12", "messageId": "m1"}


def _reference_accepts(reference: Callable[[], list[Any]]) -> bool:
    """openapi-core's verdict: accepted when it finds nothing; an exception is not an acceptance."""
    try:
        return not reference()
    except Exception:  # noqa: BLE001 - openapi-core crashing is a rejection, never an acceptance
        return False


def _status_update() -> tuple[_validation.Operation, str]:
    op = _validation.operation(VERSION, "update_message_status")
    return op, op.path.format(**PARAMS)


def test_a_media_type_parameter_named_value_gets_openapi_cores_verdict() -> None:
    """F1: openapi-core raised TypeError (deserialize() got multiple values for argument 'value')."""
    op, path = _status_update()
    body, content_type = b'{"statusType":"SENT"}', "application/json; value=1"
    reference = _reference_accepts(
        lambda: _validation.openapi_core_request_violations(op, path, PARAMS, [], body, content_type)
    )
    fast = _validation.request_violations(op, path, PARAMS, [], body, content_type) == []
    assert fast == reference


@pytest.mark.parametrize(
    ("content_type", "judged"),
    [
        ("application/json", "application/json"),
        ("application/json; charset=utf-8", "application/json; charset=utf-8"),
        ("application/json; value=1; CharSet=UTF-8", "application/json; CharSet=UTF-8"),
        ("application/json; mimetype=x; raw=1; schema=s; self=o", "application/json"),
        ("application/json;charset", "application/json"),  # malformed: openapi-core's parser raised
        ("application/json; a=b=c", "application/json"),
        ("text/plain ;value=1", "text/plain "),  # the media type itself is left to the finder
    ],
)
def test_every_content_type_parameter_but_a_charset_is_ignored(content_type: str, judged: str) -> None:
    assert judged_content_type(content_type) == judged


@pytest.mark.parametrize(
    "content_type",
    [
        "application/json; value=1",
        "application/json; mimetype=x",
        "application/json; schema=1",
        "application/json;charset",
        "application/json; a=b=c",
    ],
)
@pytest.mark.parametrize("body", [b'{"statusType":"SENT"}', b'{"statusType": 1}'])
def test_a_content_type_parameter_never_decides_nor_crashes(content_type: str, body: bytes) -> None:
    """Whatever the parameter, the verdict is the bare media type's, on both paths."""
    op, path = _status_update()
    expected = _validation.openapi_core_request_violations(op, path, PARAMS, [], body, "application/json")
    reference = _validation.openapi_core_request_violations(op, path, PARAMS, [], body, content_type)
    assert reference == expected
    assert _validation.request_violations(op, path, PARAMS, [], body, content_type) == expected


@pytest.fixture
def served() -> Iterator[tuple[FakeHubSpot, str]]:
    fake = FakeHubSpot()
    with fake.serve() as base_url:
        yield fake, base_url


def test_an_invalid_body_with_a_value_parameter_is_a_typed_400(served: tuple[FakeHubSpot, str]) -> None:
    """F1: the fast path did not accept the body, openapi-core crashed on it: an untyped 500."""
    fake, base_url = served
    _, path = _status_update()
    headers = {"Authorization": f"Bearer {fake.access_token}", "Content-Type": "application/json; value=1"}
    with httpx.Client(base_url=base_url, timeout=30) as http:
        response = http.patch(path, content=b'{"statusType": 1}', headers=headers)
    assert response.status_code == 400, response.text
    assert response.json()["category"] == "VALIDATION_ERROR"


def test_a_response_media_type_parameter_gets_openapi_cores_verdict() -> None:
    """F2: `raw=1` collided with the */* deserializer's argument: the fast path said valid, openapi-core not."""
    op, path = _status_update()
    body = b'{"status":"error","message":"no","correlationId":"0fb2390e-87f9-40d8-a783-207f99da3835","category":"OBJECT_NOT_FOUND"}'
    headers = [("Content-Type", "application/json; raw=1")]
    reference = _reference_accepts(
        lambda: _validation.openapi_core_response_violations(op, path, PARAMS, 404, headers, body)
    )
    fast = _validation.response_violations(op, path, PARAMS, 404, headers, body) == []
    assert fast == reference


def _header_parameter_document() -> dict[str, Any]:
    parameter = {"name": "X-Trace", "in": "header", "required": True, "schema": {"type": "string"}}
    operation = {
        "operationId": "probe",
        "parameters": [parameter],
        "responses": {"204": {"description": "ok"}},
    }
    return {
        "openapi": "3.1.0",
        "info": {"title": "probe", "version": "1"},
        "servers": [{"url": "https://api.example.com"}],
        "paths": {"/probe": {"get": operation}},
    }


class _Request:
    """openapi_core's Request protocol, fed as _validation feeds it."""

    def __init__(self, query: list[tuple[str, str]], headers: list[tuple[str, str]]) -> None:
        self.host_url = "https://api.example.com"
        self.path = self.path_pattern = "/probe"
        self.method = "get"
        self.parameters = RequestParameters(query=MultiDict(query), header=Headers(headers), path={})
        self.body = None
        self.content_type = ""


@pytest.mark.parametrize(
    ("query", "headers", "accepted"),
    [
        ([("X-Trace", "abc")], [], False),  # F3: the check read it from the query string
        ([], [("X-Trace", "abc")], True),
        ([], [("x-trace", "abc"), ("X-TRACE", "")], True),  # case-insensitive, the first one
        ([], [], False),  # required
    ],
)
def test_a_header_parameter_is_read_from_the_headers_only(
    query: list[tuple[str, str]], headers: list[tuple[str, str]], accepted: bool
) -> None:
    spec = SchemaPath.from_dict(_header_parameter_document())
    validator = V31RequestValidator(spec)
    assert (not list(validator.iter_errors(_Request(query, headers)))) is accepted
    check = prepare(validator, spec, "/probe", "get")
    assert check.accepts_request({}, query, b"", "", headers) is accepted
