"""Every public exception survives a pickle round trip with its type and fields (review 'lazybench', F4): a
multiprocessing or concurrent.futures worker can return it, and what travels holds no credential."""

from __future__ import annotations

import concurrent.futures
import inspect
import json
import multiprocessing
import pickle
import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

import httpx
import pytest

import hubspot_channels
from hubspot_channels import outbox, testing, webhooks

_TOKEN = "pat-na1-pickle-secret-0123456789"
_BODY = {"status": "error", "message": "nope", "correlationId": "c-1", "category": "OBJECT_NOT_FOUND"}


class _NotFound(BaseHTTPRequestHandler):
    def do_GET(self) -> None:
        body = json.dumps(_BODY).encode()
        self.send_response(404)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *_args: object) -> None:
        pass


@pytest.fixture
def not_found_server() -> Iterator[str]:
    server = ThreadingHTTPServer(("127.0.0.1", 0), _NotFound)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()


def test_a_status_error_from_a_real_call_round_trips_through_pickle(not_found_server: str) -> None:
    client = hubspot_channels.CustomChannelsClient(
        developer_api_key="k", app_id=1, base_url=not_found_server, max_retries=0
    )
    with client, pytest.raises(hubspot_channels.NotFoundError) as raised:
        client.channels.get(1)
    copy = pickle.loads(pickle.dumps(raised.value))
    assert type(copy) is hubspot_channels.NotFoundError
    assert copy.status_code == 404 and str(copy) == str(raised.value)
    assert (copy.message, copy.category, copy.correlation_id) == ("nope", "OBJECT_NOT_FOUND", "c-1")
    assert copy.body == _BODY and copy.response.status_code == 404 and copy.response.json() == _BODY


def test_a_pickled_status_error_carries_neither_the_token_nor_the_api_key(not_found_server: str) -> None:
    # The access token is in the request's Authorization header, which the exception's response still has.
    client = hubspot_channels.CustomChannelsClient(
        access_token=_TOKEN, base_url=not_found_server, max_retries=0
    )
    with client, pytest.raises(hubspot_channels.NotFoundError) as raised:
        client.messages.get(1, "m-1")
    assert _TOKEN in raised.value.response.request.headers["authorization"]  # the control: it is there
    data = pickle.dumps(raised.value)
    assert _TOKEN.encode() not in data
    copy = pickle.loads(data)
    assert "authorization" not in copy.response.request.headers
    assert copy.response.request.url == raised.value.response.request.url  # nothing secret in this URL

    keyed = hubspot_channels.CustomChannelsClient(
        developer_api_key="dev-key-pickle-9876", app_id=1, base_url=not_found_server, max_retries=0
    )
    with keyed, pytest.raises(hubspot_channels.NotFoundError) as raised_keyed:
        keyed.channels.get(1)
    assert b"dev-key-pickle-9876" not in pickle.dumps(raised_keyed.value)


def _response(status: int, body: object = _BODY) -> httpx.Response:
    request = httpx.Request("GET", "http://127.0.0.1:9/conversations/custom-channels/2026-03/channels/1")
    return httpx.Response(status, json=body, headers={"x-hubspot-correlation-id": "c-2"}, request=request)


def _instance(cls: type[BaseException]) -> BaseException:
    """One instance of each public exception class, built the way the package builds it."""
    if issubclass(cls, hubspot_channels.BulkUpdateInterrupted):
        update = hubspot_channels.StatusUpdate(1, "m-1", "SENT")
        failed = hubspot_channels.StatusUpdateResult(
            update, error=hubspot_channels.NotFoundError(_response(404))
        )
        return cls([update, hubspot_channels.StatusUpdate(1, "m-2", "READ")], [failed, None])
    if issubclass(cls, hubspot_channels.RateLimitError):
        return cls(_response(429, {"policyName": "TEN_SECONDLY_ROLLING"}), retry_after=2.5)
    if issubclass(cls, hubspot_channels.APIStatusError):
        return cls(_response(500 if cls is hubspot_channels.InternalServerError else 404))
    if issubclass(cls, hubspot_channels.APIResponseValidationError):
        return cls("not JSON", response=_response(200, "<html>"), field="results")
    if issubclass(cls, testing.MissingExtraError):
        return cls("needs the 'testing' extra", name="openapi_core")
    try:
        parameters = list(inspect.signature(cls).parameters.values())
    except ValueError:  # no __init__ of its own: Exception's, which takes only the message
        parameters = []
    keywords = {
        parameter.name: 404 if parameter.name == "status_code" else f"{parameter.name}-value"
        for parameter in parameters
        if parameter.kind is parameter.KEYWORD_ONLY
    }
    return cls(f"{cls.__name__} happened", **keywords)


def _public_exception_classes() -> list[type[BaseException]]:
    found: dict[str, type[BaseException]] = {}
    for module in (hubspot_channels, webhooks, outbox, testing):
        for name in module.__all__:
            value = getattr(module, name)
            if isinstance(value, type) and issubclass(value, BaseException):
                found[f"{module.__name__}.{name}"] = value
    return list(found.values())


def _fields(error: BaseException) -> dict[str, Any]:
    """What an exception holds, with a response compared by what it says (httpx has no ==)."""
    held = {}
    for name, value in vars(error).items():
        if isinstance(value, httpx.Response):
            value = (value.status_code, value.content, value.headers.get("content-type"))
        held[name] = value
    return held


def _same(copy: BaseException, original: BaseException) -> None:
    assert type(copy) is type(original)
    assert str(copy) == str(original) and copy.args == original.args
    if isinstance(original, hubspot_channels.BulkUpdateInterrupted):
        assert isinstance(copy, hubspot_channels.BulkUpdateInterrupted)
        assert copy.updates == original.updates and copy.pending == original.pending
        [done], [done_original] = copy.completed, original.completed
        assert done.update == done_original.update and done.error is not None and done_original.error
        _same(done.error, done_original.error)
        return
    assert _fields(copy) == _fields(original)


@pytest.mark.parametrize("cls", _public_exception_classes(), ids=lambda cls: cls.__name__)
def test_every_public_exception_round_trips_through_pickle(cls: type[BaseException]) -> None:
    error = _instance(cls)
    _same(pickle.loads(pickle.dumps(error)), error)


def test_the_list_covers_the_errors_the_review_found_broken() -> None:
    names = {cls.__name__ for cls in _public_exception_classes()}
    assert {"NotFoundError", "PagingError", "OAuthRefreshError", "BulkUpdateInterrupted"} <= names
    assert len(names) >= 25


@pytest.mark.parametrize("name", ["PagingError", "OAuthRefreshError", "BulkUpdateInterrupted"])
def test_the_other_typed_errors_round_trip_through_pickle(name: str) -> None:
    cls = getattr(hubspot_channels, name)
    kwargs = {
        p.name: ([] if p.name == "results" else "x")
        for p in inspect.signature(cls).parameters.values()
        if p.default is inspect.Parameter.empty
        and p.kind is not p.VAR_POSITIONAL
        and p.kind is not p.VAR_KEYWORD
    }
    error = cls(**kwargs)
    copy = pickle.loads(pickle.dumps(error))
    assert type(copy) is cls and str(copy) == str(error)


def _raise_in_worker(status: int) -> None:
    raise hubspot_channels.RateLimitError(_response(status), retry_after=1.5)


def test_a_process_pool_worker_returns_a_typed_error() -> None:
    context = multiprocessing.get_context("spawn")  # a fresh interpreter: nothing shared but the pickle
    with concurrent.futures.ProcessPoolExecutor(max_workers=1, mp_context=context) as pool:
        future = pool.submit(_raise_in_worker, 429)
        with pytest.raises(hubspot_channels.RateLimitError) as raised:
            future.result()
    assert raised.value.status_code == 429 and raised.value.retry_after == 1.5
    assert raised.value.correlation_id == "c-1"
