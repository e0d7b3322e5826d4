"""The Starlette and Flask examples in facade/examples: a signed request is processed, a bad one refused."""

from __future__ import annotations

import base64
import hashlib
import hmac
import importlib.util
import json
import threading
import time
import warnings
from collections.abc import Callable
from concurrent.futures import Future, ThreadPoolExecutor, wait
from types import ModuleType
from typing import Any

import pytest

from tests.support.paths import REPO

SECRET = "example-secret-0d4e"
EXAMPLES = REPO / "facade" / "examples"
OUTGOING = {
    "type": "OUTGOING_CHANNEL_MESSAGE_CREATED",
    "portalId": 123,
    "channelId": 456,
    "eventTimestamp": 1767225600000,
    "eventId": "evt-1",
    "channelIntegrationThreadIds": ["thread-9"],
    "message": {
        "id": "msg-1",
        "type": "MESSAGE",
        "channelId": "456",
        "channelAccountId": "789",
        "conversationsThreadId": "111",
        "createdAt": "2026-01-01T00:00:00Z",
        "createdBy": "A-1",
        "senders": [],
        "recipients": [],
        "text": "hello",
        "direction": "OUTGOING",
        "truncationStatus": "NOT_TRUNCATED",
        "attachments": [],
        # Not in HubSpot's documented webhook example, but required by the generated model the
        # adapter parses with; see test_documented_webhook_message_shape.
        "archived": False,
        "client": {"clientType": "HUBSPOT"},
    },
}


def load(name: str) -> ModuleType:
    # The examples are scripts, not a package: load them by path.
    spec = importlib.util.spec_from_file_location(f"_example_{name}", EXAMPLES / f"{name}.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


class ServiceUnavailable(Exception):
    """Stands in for the client's error after mark_sent got 503 on every attempt."""


class FakeMessages:
    def __init__(self, failures: int = 0) -> None:
        self.sent: list[tuple[str, str]] = []
        self.attempts = 0
        self.failures = failures  # how many mark_sent calls fail before one goes through

    def mark_sent(self, channel_id: str, message_id: str) -> None:
        self.attempts += 1
        if self.attempts <= self.failures:
            raise ServiceUnavailable("503 Service Unavailable")
        self.sent.append((channel_id, message_id))


class RecordingExecutor(ThreadPoolExecutor):
    """One worker, remembering its jobs so that a test can wait for the work it submitted."""

    def __init__(self) -> None:
        super().__init__(max_workers=1)
        self.jobs: list[Future[Any]] = []

    def submit(self, fn: Callable[..., Any], /, *args: Any, **kwargs: Any) -> Future[Any]:
        job = super().submit(fn, *args, **kwargs)
        self.jobs.append(job)
        return job

    def settle(self) -> None:
        wait(self.jobs)


class FakeClient:
    def __init__(self, failures: int = 0) -> None:
        self.messages = FakeMessages(failures)


def signed(url: str, payload: object = OUTGOING, *, secret: str = SECRET) -> tuple[bytes, dict[str, str]]:
    body = json.dumps(payload).encode()
    ts = str(int(time.time() * 1000))
    digest = hmac.new(secret.encode(), b"POST" + url.encode() + body + ts.encode(), hashlib.sha256).digest()
    headers = {
        "Content-Type": "application/json",
        "X-HubSpot-Signature-v3": base64.b64encode(digest).decode(),
        "X-HubSpot-Request-Timestamp": ts,
    }
    return body, headers


# A path with %20 (kept as sent) and a query with %3A (decoded before signing), as HubSpot would call it.
PATH = "/hubspot/webhook?tag=a%3Ab%20c"
SIGNED_URL = "http://testserver/hubspot/webhook?tag=a:b%20c"


def starlette_test_client() -> type[Any]:
    pytest.importorskip("starlette")
    with warnings.catch_warnings():
        # Newer Starlette prefers the httpx2 package for its TestClient; httpx (pinned here) still works.
        warnings.simplefilter("ignore")
        from starlette.testclient import TestClient
    return TestClient


def test_starlette_example() -> None:
    TestClient = starlette_test_client()
    client = FakeClient()
    app = load("webhook_starlette").create_app(SECRET, client)
    with TestClient(app) as http:
        body, headers = signed(SIGNED_URL)
        ok = http.post(PATH, content=body, headers=headers)
        assert (ok.status_code, ok.json()) == (200, {"status": "ok"})
        # TestClient runs background tasks before returning, so the report is already made.
        assert client.messages.sent == [("456", "msg-1")]

        again = http.post(PATH, content=body, headers=headers)
        assert again.json() == {"status": "duplicate"}

        bad_body, bad_headers = signed(SIGNED_URL, secret="not-the-secret")
        bad = http.post(PATH, content=bad_body, headers=bad_headers)
        assert bad.status_code == 401
        assert client.messages.sent == [("456", "msg-1")]


def test_starlette_example_processes_a_redelivery_after_a_failed_status_report() -> None:
    # The lost status report: the first mark_sent fails for good, so the event must not
    # count as processed; HubSpot's redelivery is processed and the status reported.
    TestClient = starlette_test_client()
    client = FakeClient(failures=1)
    app = load("webhook_starlette").create_app(SECRET, client)
    with TestClient(app, raise_server_exceptions=False) as http:
        body, headers = signed(SIGNED_URL)
        assert http.post(PATH, content=body, headers=headers).json() == {"status": "ok"}
        assert client.messages.sent == []
        again = http.post(PATH, content=body, headers=headers)
        assert again.json() == {"status": "ok"}
        assert client.messages.sent == [("456", "msg-1")] and client.messages.attempts == 2
        assert http.post(PATH, content=body, headers=headers).json() == {"status": "duplicate"}


def test_flask_example() -> None:
    pytest.importorskip("flask")

    client = FakeClient()
    workers = RecordingExecutor()
    app = load("webhook_flask").create_app(SECRET, client, workers)
    http = app.test_client()
    body, headers = signed(SIGNED_URL.replace("testserver", "localhost"))
    ok = http.post(PATH, data=body, headers=headers)
    assert (ok.status_code, ok.get_json()) == (200, {"status": "ok"})
    workers.settle()  # the work, and with it the completion, has run
    assert client.messages.sent == [("456", "msg-1")]

    assert http.post(PATH, data=body, headers=headers).get_json() == {"status": "duplicate"}

    tampered = http.post(PATH, data=body + b" ", headers=headers)
    assert tampered.status_code == 401
    assert tampered.get_json() == {"error": "invalid_signature", "reason": "mismatch"}


def test_flask_example_answers_503_while_the_event_is_processed_then_processes_it_again() -> None:
    pytest.importorskip("flask")

    client = FakeClient(failures=1)
    gate = threading.Event()
    workers = RecordingExecutor()
    workers.submit(gate.wait)  # holds the single worker: the first event stays in progress
    app = load("webhook_flask").create_app(SECRET, client, workers)
    http = app.test_client()
    body, headers = signed(SIGNED_URL.replace("testserver", "localhost"))
    assert http.post(PATH, data=body, headers=headers).get_json() == {"status": "ok"}

    busy = http.post(PATH, data=body, headers=headers)
    assert (busy.status_code, busy.get_json()) == (503, {"error": "in_progress"})
    assert busy.headers["Retry-After"] == "60"

    gate.set()
    workers.settle()
    assert client.messages.attempts == 1 and client.messages.sent == []  # it failed: released
    again = http.post(PATH, data=body, headers=headers)
    assert again.get_json() == {"status": "ok"}
    workers.settle()
    assert client.messages.sent == [("456", "msg-1")]
    assert http.post(PATH, data=body, headers=headers).get_json() == {"status": "duplicate"}
