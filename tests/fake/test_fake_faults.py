"""Scripted faults and the optional rate limit."""

from __future__ import annotations

import asyncio
import json
import time
from collections.abc import Iterator

import httpx
import pytest

from hubspot_channels.testing import FakeHubSpot
from hubspot_channels.testing._ratelimit import RateLimiter
from tests.support.fake_support import PREFIX, Api, api_for, egg


@pytest.fixture(params=["inprocess", "http"])
def api(request: pytest.FixtureRequest) -> Iterator[Api]:
    with api_for(request.param) as api:
        yield api


def _message(api: Api) -> tuple[str, str]:
    cid = api.new_channel()["id"]
    aid = api.new_account(cid)["id"]
    return cid, api.publish(cid, aid).json()["id"]


def test_429_twice_then_200_changes_state_once(api: Api) -> None:
    cid, mid = _message(api)
    api.fake.faults.add("update_message_status", status=429, retry_after=0, times=2)
    path = f"/{cid}/messages/{mid}"
    answers = [api.oauth("PATCH", path, json={"statusType": "SENT"}) for _ in range(3)]
    assert [r.status_code for r in answers] == [429, 429, 200]
    limited = answers[0]
    assert limited.headers["Retry-After"] == "0"
    assert limited.headers["X-HubSpot-RateLimit-Remaining"] == "0"
    assert "X-HubSpot-RateLimit-Max" in limited.headers
    body = limited.json()
    assert body["errorType"] == "RATE_LIMIT" and body["policyName"] == "SECONDLY" and "category" not in body
    assert body["message"] == "You have reached your secondly limit."
    records = api.fake.requests_for("update_message_status")
    assert [r.status for r in records] == [429, 429, 200]
    assert records[0].fault is not None and records[2].fault is None
    assert api.fake.get_message(mid)["status"] == {"statusType": "SENT"}
    assert api.fake.faults.pending() == 0


def test_faulted_publish_does_not_create_a_message(api: Api) -> None:
    cid = api.new_channel()["id"]
    aid = api.new_account(cid)["id"]
    api.fake.faults.add("publish_message", status=503)
    assert api.publish(cid, aid).status_code == 503
    assert api.fake.messages == []
    assert api.publish(cid, aid).status_code == 201
    assert len(api.fake.messages) == 1


@pytest.mark.parametrize("status", [502, 503, 504])
def test_gateway_errors_are_html(api: Api, status: int) -> None:
    api.fake.faults.add("list_channels", status=status)
    r = api.channels("GET")
    assert r.status_code == status and r.headers["Content-Type"].startswith("text/html")
    assert f"<h1>{status}" in r.text


def test_500_is_json(api: Api) -> None:
    api.fake.faults.server_error("get_channel", status=500)
    r = api.channels("GET", "/1")
    assert r.status_code == 500 and r.json()["category"] == "INTERNAL_ERROR"


def test_any_operation_fault_and_order(api: Api) -> None:
    api.fake.faults.add(status=503, times=1)  # any operation
    api.fake.faults.add("list_channels", status=502)
    assert api.channels("GET").status_code == 502  # the operation's own queue first
    assert api.channels("POST", json={"name": "x", "capabilities": {}}).status_code == 503
    assert api.channels("GET").status_code == 200


def test_unlimited_fault_until_cleared(api: Api) -> None:
    api.fake.faults.add("list_channels", status=503, times=None)
    assert {api.channels("GET").status_code for _ in range(3)} == {503}
    api.fake.faults.clear("list_channels")
    assert api.channels("GET").status_code == 200


@pytest.mark.parametrize("kind", ["json", "html"])
def test_malformed_200(api: Api, kind: str) -> None:
    api.fake.faults.malformed_body("list_channels", kind=kind)  # type: ignore[arg-type]
    r = api.channels("GET")
    assert r.status_code == 200
    with pytest.raises(json.JSONDecodeError):
        r.json()


def test_dropped_connection(api: Api) -> None:
    cid, mid = _message(api)
    api.fake.faults.disconnect("update_message_status")
    with pytest.raises((httpx.RemoteProtocolError, httpx.ReadError)):
        api.oauth("PATCH", f"/{cid}/messages/{mid}", json={"statusType": "SENT"})
    assert api.fake.get_message(mid)["status"] == {"statusType": "RECEIVED"}
    (record,) = api.fake.requests_for("update_message_status")
    assert record.status is None and record.note is not None and "dropped" in record.note
    # The next request goes through (over HTTP: on a new connection).
    assert api.oauth("PATCH", f"/{cid}/messages/{mid}", json={"statusType": "SENT"}).status_code == 200


def test_in_process_drop_kinds() -> None:
    with api_for("inprocess") as api:
        api.fake.faults.disconnect("list_channels", kind="protocol")
        api.fake.faults.add("list_channels", drop="read")
        with pytest.raises(httpx.RemoteProtocolError):
            api.channels("GET")
        with pytest.raises(httpx.ReadError):
            api.channels("GET")


def test_slow_response_is_answered_late(api: Api) -> None:
    api.fake.faults.slow("list_channels", delay=0.2)
    start = time.perf_counter()
    assert api.channels("GET").status_code == 200
    # A lower bound only: a busy machine makes the answer later, never earlier.
    assert time.perf_counter() - start >= 0.2
    (record,) = api.fake.requests_for("list_channels")
    assert record.fault is not None and record.fault.delay == 0.2 and record.status == 200


def test_in_process_delay_sleeps_exactly_the_fault_delay(monkeypatch: pytest.MonkeyPatch) -> None:
    from hubspot_channels.testing import _transport

    slept: list[float] = []
    monkeypatch.setattr(_transport.time, "sleep", slept.append)
    with api_for("inprocess") as api:
        api.fake.faults.slow("list_channels", delay=0.2)
        assert api.channels("GET").status_code == 200
        api.fake.faults.slow("list_channels", delay=3.0)
        with pytest.raises(httpx.ReadTimeout):
            api.channels("GET", timeout=0.5)
    # Past the client's read timeout the transport waits out the timeout, not the delay.
    assert slept == [0.2, 0.5]


def test_slow_response_past_the_client_timeout_changes_nothing(api: Api) -> None:
    cid, mid = _message(api)
    # A delay far past the timeout, so that even a very busy machine notices the disconnect first.
    api.fake.faults.slow("update_message_status", delay=30.0)
    with pytest.raises(httpx.ReadTimeout):
        api.oauth("PATCH", f"/{cid}/messages/{mid}", json={"statusType": "SENT"}, timeout=0.2)
    (record,) = api.fake.requests_for("update_message_status")
    deadline = time.monotonic() + 20  # over HTTP the server sees the disconnect a moment later
    while record.note is None and time.monotonic() < deadline:
        time.sleep(0.01)
    assert record.note is not None and "during delay" in record.note and record.status is None
    assert api.fake.get_message(mid)["status"] == {"statusType": "RECEIVED"}


def test_async_transport_faults() -> None:
    fake = FakeHubSpot()
    cid = fake.create_channel()["id"]
    aid = fake.create_channel_account(cid)["id"]

    async def scenario() -> list[int]:
        async with httpx.AsyncClient(
            transport=fake.async_transport(), base_url="https://api.hubapi.com"
        ) as http:
            headers = {"Authorization": f"Bearer {fake.access_token}"}
            fake.faults.add("publish_message", status=429, retry_after=0, delay=0.05)
            first = await http.post(f"{PREFIX}/{cid}/messages", headers=headers, json=egg(aid))
            second = await http.post(f"{PREFIX}/{cid}/messages", headers=headers, json=egg(aid))
            fake.faults.disconnect("get_channel")
            with pytest.raises(httpx.RemoteProtocolError):
                await http.get(
                    f"{PREFIX}/{cid}", params={"hapikey": fake.developer_api_key, "appId": fake.app_id}
                )
            return [first.status_code, second.status_code]

    assert asyncio.run(scenario()) == [429, 201]
    assert len(fake.messages) == 1


def test_unknown_operation_name_is_refused() -> None:
    with pytest.raises(ValueError, match="unknown operation"):
        FakeHubSpot().faults.add("send_message", status=500)


def test_enforced_rate_limit() -> None:
    fake = FakeHubSpot(rate_limit=(3, 0.5))
    now = [0.0]
    fake._limiter = RateLimiter((3, 0.5), clock=lambda: now[0])  # an injected clock: no race with the window
    with api_for("inprocess", fake) as api:
        answers = [api.channels("GET") for _ in range(4)]
        assert [r.status_code for r in answers] == [200, 200, 200, 429]
        assert [r.headers["X-HubSpot-RateLimit-Remaining"] for r in answers[:3]] == ["2", "1", "0"]
        assert answers[0].headers["X-HubSpot-RateLimit-Max"] == "3"
        assert answers[0].headers["X-HubSpot-RateLimit-Interval-Milliseconds"] == "500"
        limited = answers[3]
        assert limited.headers["Retry-After"] == "0.5"  # the window's rest, in tenths of the window
        assert limited.json()["errorType"] == "RATE_LIMIT" and limited.json()["policyName"] == "SECONDLY"
        # A 429 does not consume the window; after it, requests pass again.
        now[0] = 0.49
        assert api.channels("GET").status_code == 429
        now[0] = 0.5
        assert api.channels("GET").status_code == 200


def test_rate_limited_request_changes_nothing() -> None:
    fake = FakeHubSpot(rate_limit=(1, 60))
    with api_for("inprocess", fake) as api:
        assert api.channels("POST", json={"name": "a", "capabilities": {}}).status_code == 201
        assert api.channels("POST", json={"name": "b", "capabilities": {}}).status_code == 429
    assert [c["name"] for c in fake.channels] == ["a"]
