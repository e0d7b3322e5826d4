"""Client lifecycle: context managers close only what the client owns; with_options shares connections;
capture_responses exposes the raw httpx responses."""

from __future__ import annotations

import httpx
import pytest

from hubspot_channels import (
    AsyncCustomChannelsClient,
    CustomChannelsClient,
    NotFoundError,
    capture_responses,
)
from tests.support.facade_helpers import (
    MODES,
    TOKEN,
    Api,
    Recorder,
    channel_json,
    error,
    message_json,
    ok,
    record_sleeps,
)

pytestmark = [pytest.mark.anyio, pytest.mark.usefixtures("api_version")]


def test_sync_context_manager_closes_its_own_http_client() -> None:
    with CustomChannelsClient(access_token=TOKEN) as client:
        http = client._http
        assert not http.is_closed
    assert http.is_closed


def test_sync_context_manager_leaves_an_injected_http_client_open() -> None:
    recorder = Recorder([ok(message_json())])
    http = httpx.Client(transport=recorder.transport())
    with CustomChannelsClient(access_token=TOKEN, http_client=http) as client:
        client.messages.get(1200, "msg-1")
    assert not http.is_closed
    http.get("https://api.hubapi.com/still-usable")  # the caller's client keeps working
    assert len(recorder.requests) == 2
    http.close()


def test_close_without_context_manager() -> None:
    client = CustomChannelsClient(access_token=TOKEN)
    client.close()
    assert client._http.is_closed


async def test_async_context_manager_closes_its_own_http_client() -> None:
    async with AsyncCustomChannelsClient(access_token=TOKEN) as client:
        http = client._http
        assert not http.is_closed
    assert http.is_closed


async def test_async_context_manager_leaves_an_injected_http_client_open() -> None:
    recorder = Recorder([ok(message_json())])
    http = httpx.AsyncClient(transport=recorder.transport())
    async with AsyncCustomChannelsClient(access_token=TOKEN, http_client=http) as client:
        await client.messages.get(1200, "msg-1")
    assert not http.is_closed
    await http.get("https://api.hubapi.com/still-usable")
    assert len(recorder.requests) == 2
    await http.aclose()


async def test_async_aclose() -> None:
    client = AsyncCustomChannelsClient(access_token=TOKEN)
    await client.aclose()
    assert client._http.is_closed


@pytest.mark.parametrize("mode", MODES)
async def test_closing_a_with_options_clone_keeps_the_parent_open(mode: str) -> None:
    kwargs = {"access_token": TOKEN}
    client = CustomChannelsClient(**kwargs) if mode == "sync" else AsyncCustomChannelsClient(**kwargs)
    clone = client.with_options(max_retries=0, timeout=3.0)
    assert clone._http is client._http  # the same connection pool
    if mode == "sync":
        clone.close()  # type: ignore[union-attr]
        assert not client._http.is_closed
        client.close()  # type: ignore[union-attr]
    else:
        await clone.aclose()  # type: ignore[union-attr]
        assert not client._http.is_closed
        await client.aclose()  # type: ignore[union-attr]
    assert client._http.is_closed


@pytest.mark.parametrize("mode", MODES)
async def test_with_options_timeout_is_sent(mode: str) -> None:
    seen: list[dict[str, float | None]] = []

    def reply(request: httpx.Request) -> httpx.Response:
        seen.append(request.extensions["timeout"])
        return ok(message_json())

    api = Api(mode, reply, timeout=12.0)
    await api.call(lambda c: c.messages.get(1200, "msg-1"))
    await api.call(
        lambda c: c.with_options(timeout=httpx.Timeout(2.0, connect=1.0)).messages.get(1200, "msg-1")
    )
    assert seen[0] == {"connect": 12.0, "read": 12.0, "write": 12.0, "pool": 12.0}
    assert seen[1] == {"connect": 1.0, "read": 2.0, "write": 2.0, "pool": 2.0}


@pytest.mark.parametrize("mode", MODES)
async def test_capture_responses(mode: str, monkeypatch: pytest.MonkeyPatch) -> None:
    record_sleeps(monkeypatch)
    api = Api(
        mode,
        ok(channel_json(), headers={"X-HubSpot-RateLimit-Remaining": "99"}),
        error(503),
        ok(message_json()),
        error(404, {"message": "no such message"}),
    )
    await api.call(lambda c: c.channels.get(1200))  # outside the block: not captured

    with capture_responses() as responses:
        await api.call(lambda c: c.messages.get(1200, "msg-1"))  # 503, retried, 200
        with pytest.raises(NotFoundError):
            await api.call(lambda c: c.messages.get(1200, "msg-2"))

    assert [r.status_code for r in responses] == [503, 200, 404]
    assert all(isinstance(r, httpx.Response) for r in responses)
    assert responses[1].json()["id"] == "msg-3f2a9c"
    assert responses[2].request.url.path.endswith("/messages/msg-2")

    api.recorder.replies = [ok(message_json())]
    await api.call(lambda c: c.messages.get(1200, "msg-1"))
    assert len(responses) == 3  # the block is over


@pytest.mark.parametrize("mode", MODES)
async def test_capture_responses_gives_rate_limit_headers(mode: str) -> None:
    api = Api(mode, ok(channel_json(), headers={"X-HubSpot-RateLimit-Remaining": "99"}))
    with capture_responses() as responses:
        await api.call(lambda c: c.channels.get(1200))
    (response,) = responses
    assert response.headers["X-HubSpot-RateLimit-Remaining"] == "99"


def test_client_properties() -> None:
    client = CustomChannelsClient(access_token=TOKEN, base_url="https://eu1.api.hubapi.com/")
    assert client.base_url == "https://eu1.api.hubapi.com"
    assert client.api_version == "2026-03"
    assert client.with_options(max_retries=1).base_url == client.base_url
