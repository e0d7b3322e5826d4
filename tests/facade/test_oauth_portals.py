"""Many portals, one pool: for_portal() shares the connection pool and settings, gives each portal its own
token and rate-limit budget, creates no httpx client or transport, and closing it leaves the pool open."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import httpx
import pytest

from hubspot_channels import (
    AsyncCustomChannelsClient,
    ConfigurationError,
    CustomChannelsClient,
    RateLimit,
)
from tests.support.oauth_support import OAuthSetting, served_oauth_fake

pytestmark = pytest.mark.anyio


@pytest.fixture
def portal() -> Iterator[OAuthSetting]:
    with served_oauth_fake() as setting:
        yield setting


@pytest.fixture
def no_new_http(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """Records every httpx client or transport built from now on."""
    built: list[str] = []
    for cls in (httpx.Client, httpx.AsyncClient, httpx.HTTPTransport, httpx.AsyncHTTPTransport):
        original = cls.__init__

        def init(
            self: Any, *args: Any, _original: Any = original, _name: str = cls.__name__, **kw: Any
        ) -> None:
            built.append(_name)
            _original(self, *args, **kw)

        monkeypatch.setattr(cls, "__init__", init)
    return built


def test_a_portal_client_shares_pool_and_settings_and_has_its_own_token_and_budget(
    portal: OAuthSetting, no_new_http: list[str]
) -> None:
    parent = CustomChannelsClient(
        **portal.client_kwargs("parent-token"), rate_limit=RateLimit(100, 10), timeout=7
    )
    no_new_http.clear()
    portals = [parent.for_portal(portal.refresh()) for _ in range(50)]
    assert no_new_http == []
    child = portals[0]
    assert child._http is parent._http
    assert child._settings.timeout is parent._settings.timeout
    assert child._settings.retry is parent._settings.retry
    assert (child.base_url, child.api_version) == (parent.base_url, parent.api_version)
    assert child._settings.credentials.developer_api_key == parent._settings.credentials.developer_api_key
    assert child.rate_limit == parent.rate_limit and child._pacer is not parent._pacer
    assert len({id(p._pacer) for p in portals}) == 50  # HubSpot counts per account: one budget each
    assert child.channel_accounts.get(portal.channel_id, portal.account_id).id == portal.account_id
    child.close()
    assert not parent._http.is_closed  # a portal client never closes the shared pool
    assert [c.id for c in parent.channels.list()] == [portal.channel_id]
    parent.close()
    assert parent._http.is_closed


async def test_async_portal_clients_share_the_pool(portal: OAuthSetting, no_new_http: list[str]) -> None:
    async with AsyncCustomChannelsClient(**portal.client_kwargs("parent-token")) as parent:
        no_new_http.clear()
        async with parent.for_portal(lambda: portal.fake.access_token) as child:
            assert child._http is parent._http and child._pacer is None
            assert (
                await child.channel_accounts.get(portal.channel_id, portal.account_id)
            ).id == portal.account_id
        assert not parent._http.is_closed
        assert no_new_http == []


def test_portal_budget_and_token_are_checked(portal: OAuthSetting) -> None:
    with CustomChannelsClient(**portal.client_kwargs("parent-token")) as parent:
        assert parent.for_portal("t0k", rate_limit=RateLimit(10, 1)).rate_limit == RateLimit(10, 1)
        with pytest.raises(ConfigurationError, match="access_token"):
            parent.for_portal("")
        with pytest.raises(ConfigurationError, match="newline"):
            parent.for_portal("token\n")


def test_a_shared_budget_needs_the_portals_own(portal: OAuthSetting) -> None:
    with CustomChannelsClient(**portal.client_kwargs("parent-token")) as parent:
        parent._shared = object()  # type: ignore[assignment]  # as if built from a SharedRateLimit
        with pytest.raises(ConfigurationError, match="account_id"):
            parent.for_portal("t0k")
        parent._shared = None
