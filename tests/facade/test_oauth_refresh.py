"""OAuthRefresh on the sync client, end to end against the served fake (real socket): refresh before expiry,
once on a 401 then one retry, single flight for 20 threads, rotation persisted, typed token-endpoint errors."""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterator
from concurrent.futures import ThreadPoolExecutor
from typing import Any

import pytest

from hubspot_channels import (
    AuthenticationError,
    ConfigurationError,
    CustomChannelsClient,
    OAuthRefreshError,
)
from tests.support.oauth_support import OAuthSetting, served_oauth_fake

CALLERS = 20


@pytest.fixture
def portal() -> Iterator[OAuthSetting]:
    with served_oauth_fake() as setting:
        yield setting


def together(count: int, work: Callable[[], Any]) -> list[Any]:
    """work() in count threads released at the same moment; their results (or exceptions)."""
    barrier = threading.Barrier(count)

    def one() -> Any:
        barrier.wait()
        try:
            return work()
        except Exception as exc:  # noqa: BLE001 - returned, the test inspects it
            return exc

    with ThreadPoolExecutor(count) as pool:
        return list(pool.map(lambda _: one(), range(count)))


def get_account(client: CustomChannelsClient, portal: OAuthSetting) -> Any:
    return client.channel_accounts.get(portal.channel_id, portal.account_id)


def test_first_call_refreshes_then_the_token_is_reused_until_it_is_due(portal: OAuthSetting) -> None:
    with CustomChannelsClient(**portal.client_kwargs(portal.refresh())) as client:
        assert get_account(client, portal).id == portal.account_id
        get_account(client, portal)
        portal.clock.advance(1800 - 300 - 1)  # just inside the 5-minute margin: still used
        get_account(client, portal)
        assert portal.exchanges() == 1
        portal.clock.advance(2)  # due: refreshed before HubSpot would refuse it
        get_account(client, portal)
    assert portal.exchanges() == 2
    assert [r.status for r in portal.fake.requests if r.operation] == [200] * 4  # never a 401
    request = portal.fake.oauth.token_requests[0]
    assert (request.path, request.grant_type, request.status) == (
        "/oauth/2026-03/token",
        "refresh_token",
        200,
    )


def test_the_refresh_sends_every_parameter_form_encoded_in_the_body(portal: OAuthSetting) -> None:
    with CustomChannelsClient(**portal.client_kwargs(portal.refresh())) as client:
        get_account(client, portal)
    (record,) = [r for r in portal.fake.requests if r.path == "/oauth/2026-03/token"]
    assert record.method == "POST" and record.query == {}
    assert record.headers["content-type"] == "application/x-www-form-urlencoded"
    body = dict(pair.split("=", 1) for pair in record.body.decode().split("&"))
    assert body == {
        "grant_type": "refresh_token",
        "client_id": "fake-client-id",
        "client_secret": portal.fake.client_secret,
        "refresh_token": portal.refresh_token,
    }


def test_twenty_threads_due_for_a_refresh_get_exactly_one(portal: OAuthSetting) -> None:
    with CustomChannelsClient(**portal.client_kwargs(portal.refresh())) as client:
        get_account(client, portal)
        portal.clock.advance(1800)  # expired on both clocks
        results = together(CALLERS, lambda: get_account(client, portal))
    assert [type(r).__name__ for r in results] == ["ChannelAccount"] * CALLERS
    assert portal.exchanges() == 2
    assert (
        len(portal.rotations) == 2 and portal.rotations[1].refresh_token != portal.rotations[0].refresh_token
    )


def test_a_401_mid_run_for_twenty_threads_refreshes_once_and_each_call_is_retried_once(
    portal: OAuthSetting,
) -> None:
    with CustomChannelsClient(**portal.client_kwargs(portal.refresh())) as client:
        get_account(client, portal)
        first_rotation = portal.rotations[0].refresh_token
        portal.fake.oauth.expire_all()  # HubSpot expired it early; the client's clock says it is fine
        portal.fake.clear_requests()
        results = together(CALLERS, lambda: get_account(client, portal))
    assert [type(r).__name__ for r in results] == ["ChannelAccount"] * CALLERS
    assert portal.exchanges() == 2  # the first token, then one refresh for all twenty
    statuses = [r.status for r in portal.fake.requests if r.operation]
    assert statuses.count(200) == CALLERS and statuses.count(401) <= CALLERS
    assert all(record.response_json["category"] == "EXPIRED_AUTHENTICATION"
               for record in portal.fake.requests if record.status == 401)  # fmt: skip
    # the rotation hook ran once for that refresh, with the refresh token the fake rotated to
    assert len(portal.rotations) == 2
    assert portal.rotations[1].refresh_token != first_rotation
    assert portal.fake.oauth.token_requests[-1].status == 200


def test_a_second_401_after_the_refresh_is_the_typed_authentication_error(portal: OAuthSetting) -> None:
    portal.fake.oauth.lifetime = 0  # every token the fake issues is expired when it is used
    with (
        CustomChannelsClient(**portal.client_kwargs(portal.refresh())) as client,
        pytest.raises(AuthenticationError) as caught,
    ):
        get_account(client, portal)
    assert caught.value.status_code == 401 and caught.value.category == "EXPIRED_AUTHENTICATION"
    sent = [r.status for r in portal.fake.requests if r.operation]
    assert sent == [401, 401]  # sent, refreshed once, retried once: no loop
    assert portal.exchanges() == 2


def test_a_static_token_that_gets_a_401_is_not_retried(portal: OAuthSetting) -> None:
    with (
        CustomChannelsClient(**portal.client_kwargs("not-the-token")) as client,
        pytest.raises(AuthenticationError),
    ):
        get_account(client, portal)
    assert [r.status for r in portal.fake.requests] == [401]
    assert portal.exchanges() == 0


def test_invalid_grant_is_a_typed_error_naming_the_problem(portal: OAuthSetting) -> None:
    portal.fake.oauth.revoke(portal.refresh_token)
    with (
        CustomChannelsClient(**portal.client_kwargs(portal.refresh())) as client,
        pytest.raises(OAuthRefreshError) as caught,
    ):
        get_account(client, portal)
    error = caught.value
    assert (error.reason, error.status_code, error.error_code) == ("invalid_grant", 400, "BAD_REFRESH_TOKEN")
    assert "refused the refresh token" in str(error) and error.correlation_id
    assert [r.operation for r in portal.fake.requests] == [None]  # the API call was never sent
    assert portal.rotations == []


@pytest.mark.parametrize(
    ("status", "body", "reason"),
    [
        (503, "<html>Service Unavailable</html>", "server_error"),
        (200, "<html>not json</html>", "unreadable"),
        (200, '{"expires_in": 1800}', "unreadable"),
        (
            400,
            '{"status": "BAD_CLIENT_SECRET", "message": "missing or invalid client secret"}',
            "invalid_client",
        ),
    ],
)
def test_token_endpoint_failures_are_typed(portal: OAuthSetting, status: int, body: str, reason: str) -> None:
    portal.fake.oauth.fail_next(status, body)
    with CustomChannelsClient(**portal.client_kwargs(portal.refresh())) as client:
        with pytest.raises(OAuthRefreshError) as caught:
            get_account(client, portal)
        assert caught.value.reason == reason
        assert get_account(client, portal).id == portal.account_id  # the next call tries again
    assert portal.exchanges() == 2


def test_twenty_threads_waiting_on_a_failed_refresh_all_get_the_error_from_one_exchange(
    portal: OAuthSetting,
) -> None:
    portal.fake.oauth.revoke(portal.refresh_token)
    with CustomChannelsClient(**portal.client_kwargs(portal.refresh())) as client:
        results = together(CALLERS, lambda: get_account(client, portal))
    assert all(isinstance(r, OAuthRefreshError) and r.reason == "invalid_grant" for r in results)
    assert len({id(r) for r in results}) == CALLERS  # each caller raises its own copy
    assert portal.exchanges() <= CALLERS  # and each failure ends its flight: no caller hangs


def test_one_oauth_refresh_shared_by_several_clients_refreshes_once(portal: OAuthSetting) -> None:
    refresh = portal.refresh()
    clients = [CustomChannelsClient(**portal.client_kwargs(refresh)) for _ in range(4)]
    try:
        results = together(CALLERS, lambda: get_account(clients[threading.get_ident() % 4], portal))
        assert [type(r).__name__ for r in results] == ["ChannelAccount"] * CALLERS
        clone = clients[0].with_options(timeout=5)
        get_account(clone, portal)
    finally:
        for client in clients:
            client.close()
    assert portal.exchanges() == 1 and refresh.refreshes == 1


def test_a_token_provider_is_called_for_each_call(portal: OAuthSetting) -> None:
    calls: list[int] = []

    def provider() -> str:
        calls.append(1)
        return portal.fake.access_token

    with CustomChannelsClient(**portal.client_kwargs(provider)) as client:
        get_account(client, portal)
        get_account(client, portal)
    assert len(calls) == 2


def test_a_provider_that_gives_a_new_token_after_a_401_is_retried_once(portal: OAuthSetting) -> None:
    tokens = iter(["stale-token-1", portal.fake.access_token])
    with CustomChannelsClient(**portal.client_kwargs(lambda: next(tokens))) as client:
        assert get_account(client, portal).id == portal.account_id
    assert [r.status for r in portal.fake.requests] == [401, 200]


def test_the_sync_client_refuses_an_async_provider_and_bad_tokens(portal: OAuthSetting) -> None:
    async def provider() -> str:
        return "never"

    with (
        CustomChannelsClient(**portal.client_kwargs(provider)) as client,
        pytest.raises(ConfigurationError, match="sync token provider"),
    ):
        get_account(client, portal)
    with (
        CustomChannelsClient(**portal.client_kwargs(lambda: "two words")) as client,
        pytest.raises(ConfigurationError, match="space, control or non-ASCII"),
    ):
        get_account(client, portal)
    assert portal.fake.requests == []


def test_channel_operations_never_ask_for_a_token(portal: OAuthSetting) -> None:
    with CustomChannelsClient(**portal.client_kwargs(portal.refresh())) as client:
        assert [c.id for c in client.channels.list()] == [portal.channel_id]
    assert portal.exchanges() == 0


def test_the_deprecated_v1_endpoint_can_be_chosen(portal: OAuthSetting) -> None:
    with CustomChannelsClient(**portal.client_kwargs(portal.refresh(token_path="/oauth/v1/token"))) as client:
        get_account(client, portal)
    assert [r.path for r in portal.fake.oauth.token_requests] == ["/oauth/v1/token"]
