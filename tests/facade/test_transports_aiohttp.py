"""hubspot_channels.transports.AiohttpTransport under the async client, against the fake served over HTTP."""

from __future__ import annotations

import asyncio

import httpx
import pytest

pytest.importorskip("aiohttp")

from hubspot_channels import APIConnectionError, AsyncCustomChannelsClient, NotFoundError, StatusUpdate
from hubspot_channels.testing import FakeHubSpot
from hubspot_channels.transports import AiohttpTransport

VISITOR = [{"deliveryIdentifier": {"type": "CHANNEL_SPECIFIC_OPAQUE_ID", "value": "visitor-1"}}]


def test_status_updates_errors_and_percent_encoding_through_aiohttp() -> None:
    fake = FakeHubSpot()
    channel = fake.create_channel()
    account = fake.create_channel_account(channel["id"])
    ids = [
        fake.agent_reply(channel["id"], account["id"], "hi", recipients=VISITOR, deliver=False)["id"]
        for _ in range(6)
    ]

    async def scenario(base_url: str) -> None:
        async with httpx.AsyncClient(transport=AiohttpTransport()) as http:
            client = AsyncCustomChannelsClient(
                access_token=fake.access_token, base_url=base_url, http_client=http
            )
            message = await client.messages.mark_failed(channel["id"], ids[0], error_message="blocked")
            assert message.error_message == "blocked"
            results = await client.messages.update_statuses(
                [StatusUpdate(channel["id"], m, "READ") for m in ids]
            )
            assert all(r.ok for r in results)
            with pytest.raises(NotFoundError):
                await client.messages.get(channel["id"], "a/b?c")  # must stay one encoded path segment
        get = [r for r in fake.requests if r.method == "GET"][-1]
        assert get.query == {}  # "?c" was sent encoded, inside the segment, not as a query string

    with fake.serve() as base_url:
        asyncio.run(scenario(base_url))


def test_connection_errors_become_api_connection_errors() -> None:
    async def scenario() -> None:
        async with httpx.AsyncClient(transport=AiohttpTransport()) as http:
            client = AsyncCustomChannelsClient(
                access_token="t", base_url="http://127.0.0.1:9", http_client=http, max_retries=0
            )
            with pytest.raises(APIConnectionError):
                await client.messages.mark_sent(1, "m")

    asyncio.run(scenario())
