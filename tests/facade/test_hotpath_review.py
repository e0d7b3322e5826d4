"""Adversarial review of the hot-path change (flat body cache, one-parse reader, constant headers), fixed:
the token exchange sends the facade's User-Agent on any client (F1), the flat-body cache keeps no caller
text (F2), an unknown attachment's raw has one key order on both read paths (F3).

Real socket servers on 127.0.0.1 (tests.support.raw_server); no wall-clock bounds."""

from __future__ import annotations

import asyncio
import gc
import json
import tracemalloc
from collections.abc import Iterator

import httpx
import pytest

from hubspot_channels import AsyncCustomChannelsClient, CustomChannelsClient, MessageStatus, OAuthRefresh
from hubspot_channels import _adapter_codec as codec
from hubspot_channels import _adapter_convert as convert
from hubspot_channels._adapter import Adapter
from tests.support.facade_helpers import message_json
from tests.support.raw_server import RawServer, json_answer

TOKEN_ANSWER = {
    "access_token": "at-review-123456789",
    "refresh_token": "rt-review-abcdefghij",
    "expires_in": 1800,
    "token_type": "bearer",
}


@pytest.fixture()
def server() -> Iterator[RawServer]:
    with RawServer() as raw:
        yield raw


def _token_request_user_agent(server: RawServer, given: httpx.Client | None) -> str:
    server.play([json_answer(TOKEN_ANSWER), json_answer(message_json())])
    before = len(server.requests)
    refresh = OAuthRefresh(
        client_id="cid-review-1234567",
        client_secret="sec-review-1234567890",
        refresh_token="rt-review-abcdefghij",
    )
    with CustomChannelsClient(
        access_token=refresh, base_url=server.base_url, http_client=given, timeout=5.0
    ) as c:
        c.messages.get(1200, "m1")
    token_request, api_request = server.requests_once_settled(before + 2)[before : before + 2]
    assert token_request.path.endswith("/token") and api_request.path.endswith("/messages/m1")
    return token_request.headers.get("user-agent", "")


def test_token_exchange_sends_the_same_user_agent_on_the_facade_client_and_a_callers(
    server: RawServer,
) -> None:
    own = _token_request_user_agent(server, None)
    with httpx.Client() as given:
        callers = _token_request_user_agent(server, given)
    assert own == callers, (own, callers)
    assert own.startswith("hubspot-channels-python/")


def test_async_token_exchange_sends_the_facade_user_agent_on_a_callers_client(server: RawServer) -> None:
    server.play([json_answer(TOKEN_ANSWER), json_answer(message_json())])
    refresh = OAuthRefresh(
        client_id="cid-review-1234567",
        client_secret="sec-review-1234567890",
        refresh_token="rt-review-abcdefghij",
    )

    async def body() -> None:
        async with httpx.AsyncClient() as given:
            client = AsyncCustomChannelsClient(
                access_token=refresh, base_url=server.base_url, http_client=given, timeout=5.0
            )
            await client.messages.get(1200, "m1")

    asyncio.run(asyncio.wait_for(body(), 20))  # a hang detector, not a performance bound
    token_request, api_request = server.requests_once_settled(2)[:2]
    assert token_request.path.endswith("/token")
    assert token_request.headers["user-agent"] == api_request.headers["user-agent"]
    assert token_request.headers["user-agent"].startswith("hubspot-channels-python/")


def test_distinct_status_bodies_are_not_retained_after_the_client_is_closed() -> None:
    gc.collect()
    tracemalloc.start()
    try:
        baseline, _ = tracemalloc.get_traced_memory()
        client = CustomChannelsClient(access_token="tok-review-abcdef", base_url="http://127.0.0.1:9")
        for i in range(600):
            call = client._calls.update_message_status(  # type: ignore[attr-defined]
                1001, "m-1", MessageStatus.FAILED, f"{i:06d} " + "x" * 100_000
            )
            assert call.request.json["errorMessage"].startswith(f"{i:06d} ")
        del call
        client.close()
        del client
        gc.collect()
        retained, _ = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    # 600 bodies of 100 kB were built; none is in use any more
    assert retained - baseline < 5_000_000, f"{(retained - baseline) / 1e6:.1f} MB still held"


def test_unknown_attachment_raw_serializes_the_same_on_both_paths() -> None:
    adapter = Adapter("2026-09")
    data = dict(message_json(), attachments=[{"type": "VOICE_NOTE", "durationMs": 1200, "fileId": "f-1"}])
    fast = adapter.read("get_message", json.loads(json.dumps(data)), convert.message)
    slow = convert.message(adapter.parse_model("get_message", json.loads(json.dumps(data))))
    assert fast == slow  # equal models ...
    # ... but what a caller stores or forwards of the attachment differs by which path read it
    assert json.dumps(fast.attachments[0].raw) == json.dumps(slow.attachments[0].raw)


def test_status_bodies_without_text_are_still_built_once() -> None:
    calls = CustomChannelsClient(access_token="tok-review-abcdef", base_url="http://127.0.0.1:9")._calls
    calls.update_message_status(1001, "m-1", MessageStatus.SENT, None)  # type: ignore[attr-defined]
    before = codec._flat_body_json.cache_info()
    sent = calls.update_message_status(1001, "m-2", MessageStatus.SENT, None)  # type: ignore[attr-defined]
    failed = calls.update_message_status(1001, "m-2", MessageStatus.FAILED, "no route")  # type: ignore[attr-defined]
    after = codec._flat_body_json.cache_info()
    assert sent.request.json == {"statusType": "SENT"}
    assert failed.request.json == {"statusType": "FAILED", "errorMessage": "no route"}
    assert after.hits == before.hits + 1 and after.currsize == before.currsize  # the text never went in


def test_unknown_attachment_raw_puts_type_first_on_both_paths_wherever_the_wire_had_it() -> None:
    adapter = Adapter("2026-09")
    data = dict(message_json(), attachments=[{"durationMs": 1200, "type": "VOICE_NOTE", "fileId": "f-1"}])
    fast = adapter.read("get_message", json.loads(json.dumps(data)), convert.message)
    slow = convert.message(adapter.parse_model("get_message", json.loads(json.dumps(data))))
    for read in (fast, slow):
        assert list(read.attachments[0].raw) == ["type", "durationMs", "fileId"], read.attachments[0].raw
