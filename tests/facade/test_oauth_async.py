"""OAuthRefresh and token providers on the async client, against the served fake: 20 tasks get one refresh
(due, or after a 401 mid-run), an async hook, an async provider, and one OAuthRefresh shared by a sync client's
threads and an async client's tasks at once."""

from __future__ import annotations

import asyncio
import threading
from collections.abc import Iterator
from typing import Any

import httpx
import pytest

from hubspot_channels import (
    AsyncCustomChannelsClient,
    AuthenticationError,
    CustomChannelsClient,
    OAuthRefreshError,
    TokenSet,
)
from tests.support.oauth_support import OAuthSetting, served_oauth_fake

pytestmark = pytest.mark.anyio
CALLERS = 20


@pytest.fixture
def portal() -> Iterator[OAuthSetting]:
    with served_oauth_fake() as setting:
        yield setting


def http_for(sender: str) -> httpx.AsyncClient:
    """The client's default httpx exchange, or the native aiohttp sender (its token requests go through
    the same aiohttp session, under httpx)."""
    if sender == "aiohttp-native":
        from hubspot_channels.transports import AiohttpClient

        return AiohttpClient()
    return httpx.AsyncClient()


SENDERS = pytest.mark.parametrize("sender", ["httpx", pytest.param("aiohttp-native", marks=pytest.mark.skipif(
    __import__("importlib").util.find_spec("aiohttp") is None, reason="aiohttp is not installed"))])  # fmt: skip


async def get_account(client: AsyncCustomChannelsClient, portal: OAuthSetting) -> Any:
    return await client.channel_accounts.get(portal.channel_id, portal.account_id)


@SENDERS
async def test_twenty_tasks_due_for_a_refresh_get_exactly_one(portal: OAuthSetting, sender: str) -> None:
    async with (
        http_for(sender) as http,
        AsyncCustomChannelsClient(**portal.client_kwargs(portal.refresh()), http_client=http) as client,
    ):
        results = await asyncio.gather(*(get_account(client, portal) for _ in range(CALLERS)))
        assert portal.exchanges() == 1
        portal.clock.advance(1800)
        results += await asyncio.gather(*(get_account(client, portal) for _ in range(CALLERS)))
    assert len(results) == 2 * CALLERS
    assert portal.exchanges() == 2 and len(portal.rotations) == 2


@SENDERS
async def test_a_401_mid_run_for_twenty_tasks_refreshes_once_and_retries_each_once(
    portal: OAuthSetting, sender: str
) -> None:
    async with (
        http_for(sender) as http,
        AsyncCustomChannelsClient(**portal.client_kwargs(portal.refresh()), http_client=http) as client,
    ):
        await get_account(client, portal)
        portal.fake.oauth.expire_all()
        portal.fake.clear_requests()
        results = await asyncio.gather(*(get_account(client, portal) for _ in range(CALLERS)))
    assert [r.id for r in results] == [portal.account_id] * CALLERS
    assert portal.exchanges() == 2
    statuses = [r.status for r in portal.fake.requests if r.operation]
    assert statuses.count(401) == CALLERS and statuses.count(200) == CALLERS  # all sent before the refresh
    assert (
        len(portal.rotations) == 2 and portal.rotations[1].refresh_token != portal.rotations[0].refresh_token
    )


async def test_an_async_hook_is_awaited_once_per_refresh(portal: OAuthSetting) -> None:
    stored: list[TokenSet] = []

    async def persist(tokens: TokenSet) -> None:
        await asyncio.sleep(0)
        stored.append(tokens)

    refresh = portal.refresh(on_refresh=persist)
    async with AsyncCustomChannelsClient(**portal.client_kwargs(refresh)) as client:
        await asyncio.gather(*(get_account(client, portal) for _ in range(CALLERS)))
    assert len(stored) == 1 and stored[0].hub_id == portal.fake.portal_id


async def test_second_401_and_invalid_grant_are_typed(portal: OAuthSetting) -> None:
    portal.fake.oauth.lifetime = 0
    async with AsyncCustomChannelsClient(**portal.client_kwargs(portal.refresh())) as client:
        with pytest.raises(AuthenticationError):
            await get_account(client, portal)
    assert portal.exchanges() == 2
    portal.fake.oauth.revoke(portal.refresh_token)
    async with AsyncCustomChannelsClient(**portal.client_kwargs(portal.refresh())) as client:
        with pytest.raises(OAuthRefreshError) as caught:
            await get_account(client, portal)
    assert caught.value.reason == "invalid_grant"


async def test_an_async_or_sync_provider_is_accepted(portal: OAuthSetting) -> None:
    async def provider() -> str:
        return portal.fake.access_token

    async with AsyncCustomChannelsClient(**portal.client_kwargs(provider)) as client:
        await get_account(client, portal)
    async with AsyncCustomChannelsClient(**portal.client_kwargs(lambda: portal.fake.access_token)) as client:
        await get_account(client, portal)
    assert [r.status for r in portal.fake.requests] == [200, 200]


async def test_a_cancelled_waiter_does_not_cancel_the_refresh(portal: OAuthSetting) -> None:
    async with AsyncCustomChannelsClient(**portal.client_kwargs(portal.refresh())) as client:
        tasks = [asyncio.create_task(get_account(client, portal)) for _ in range(5)]
        await asyncio.sleep(0)  # every task is inside the refresh (the first exchanging, the others waiting)
        tasks[1].cancel()
        done = await asyncio.gather(*tasks, return_exceptions=True)
    assert isinstance(done[1], asyncio.CancelledError)
    assert [r.id for i, r in enumerate(done) if i != 1] == [portal.account_id] * 4
    assert portal.exchanges() == 1


def test_one_refresh_shared_by_sync_threads_and_async_tasks_refreshes_once(portal: OAuthSetting) -> None:
    refresh = portal.refresh()
    start = threading.Barrier(CALLERS // 2 + 1)
    errors: list[BaseException] = []

    def sync_caller(client: CustomChannelsClient) -> None:
        start.wait()
        try:
            client.channel_accounts.get(portal.channel_id, portal.account_id)
        except BaseException as exc:  # noqa: BLE001
            errors.append(exc)

    async def async_side() -> None:
        async with AsyncCustomChannelsClient(**portal.client_kwargs(refresh)) as client:
            start.wait()
            await asyncio.gather(*(get_account(client, portal) for _ in range(CALLERS // 2)))

    with CustomChannelsClient(**portal.client_kwargs(refresh)) as sync_client:
        threads = [threading.Thread(target=sync_caller, args=(sync_client,)) for _ in range(CALLERS // 2)]
        for thread in threads:
            thread.start()
        asyncio.run(async_side())
        for thread in threads:
            thread.join()
    assert errors == []
    assert portal.exchanges() == 1 and refresh.refreshes == 1
