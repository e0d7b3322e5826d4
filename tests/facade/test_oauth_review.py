"""The OAuth review's findings (issue 15 part 1), fixed: one refresh per call even when the new token is already
due (F1), an exchange that survives the cancellation of the caller that started it (F2), a failing hook that
sees the rotation again (F3), the hook run before the token is used (F4), the held token used when an early
refresh fails (F5), the call's deadline bounding the refresh and the retry after a 401 (F6), a checked
``expires_in`` (F11). Against the served fake on a real socket (tests/support/oauth_support.py)."""

from __future__ import annotations

import asyncio
import signal
import threading
from collections.abc import Iterator
from typing import Any

import httpx
import pytest

from hubspot_channels import (
    AsyncCustomChannelsClient,
    ConfigurationError,
    CustomChannelsClient,
    DeadlineExceededError,
    OAuthRefresh,
    OAuthRefreshError,
    TokenSet,
)
from tests.support.oauth_support import OAuthSetting, served_oauth_fake

GUARD = 30.0  # s: an Event wait that should end at once; only a broken fix ever waits this long


@pytest.fixture
def portal() -> Iterator[OAuthSetting]:
    with served_oauth_fake() as setting:
        yield setting


def get_account(client: CustomChannelsClient, portal: OAuthSetting) -> Any:
    return client.channel_accounts.get(portal.channel_id, portal.account_id)


def api_statuses(portal: OAuthSetting) -> list[int | None]:
    return [r.status for r in portal.fake.requests if r.operation]


# -- F1 -----------------------------------------------------------------------------------------------------


def test_f1_a_token_already_due_when_its_refresh_returns_is_used_once_not_refreshed_again(
    portal: OAuthSetting,
) -> None:
    portal.fake.oauth.lifetime = 60  # usable for 30 s (the margin is capped at half the lifetime)
    hooks: list[TokenSet] = []

    def slow_store(tokens: TokenSet) -> None:
        hooks.append(tokens)
        portal.clock.advance(31)  # persisting took 31 s: the new token is due when the refresh returns
        if len(hooks) > 5:
            raise RuntimeError("refresh loop")

    refresh = portal.refresh(on_refresh=slow_store)
    with CustomChannelsClient(**portal.client_kwargs(refresh)) as client:
        assert get_account(client, portal).id == portal.account_id
        assert portal.exchanges() == 1 and len(hooks) == 1
        get_account(client, portal)  # due: this call refreshes, once
    assert portal.exchanges() == 2 and api_statuses(portal) == [200, 200]


# -- F2 -----------------------------------------------------------------------------------------------------


@pytest.mark.anyio
async def test_f2_a_timeout_after_hubspot_answered_keeps_the_rotated_refresh_token(
    portal: OAuthSetting,
) -> None:
    answered, release = asyncio.Event(), asyncio.Event()
    scope: list[asyncio.Timeout] = []

    async def hold_token_answer(response: httpx.Response) -> None:
        if response.request.url.path.startswith("/oauth/") and not answered.is_set():
            answered.set()  # HubSpot has rotated the refresh token by now
            scope[0].reschedule(asyncio.get_running_loop().time())  # the caller's timeout fires now
            await release.wait()

    http = httpx.AsyncClient(event_hooks={"response": [hold_token_answer]})
    refresh = portal.refresh()
    async with AsyncCustomChannelsClient(**portal.client_kwargs(refresh), http_client=http) as client:
        with pytest.raises(TimeoutError):
            async with asyncio.timeout(None) as timeout:
                scope.append(timeout)
                await client.channel_accounts.get(portal.channel_id, portal.account_id)
        assert answered.is_set() and portal.rotations == []  # cancelled after the answer, before the hook
        release.set()
        account = await client.channel_accounts.get(portal.channel_id, portal.account_id)
        assert account.id == portal.account_id
        assert portal.exchanges() == 1  # the cancelled caller's exchange was applied, not sent again
        portal.fake.oauth.expire_all()  # the next refresh sends the rotated refresh token: still accepted
        await client.channel_accounts.get(portal.channel_id, portal.account_id)
    await http.aclose()
    assert [r.status for r in portal.fake.oauth.token_requests] == [200, 200] and len(portal.rotations) == 2


@pytest.mark.anyio
async def test_f2_cancelling_a_wait_for_around_the_refreshing_call_does_not_cancel_the_exchange(
    portal: OAuthSetting,
) -> None:
    answered, release = asyncio.Event(), asyncio.Event()

    async def hold_token_answer(response: httpx.Response) -> None:
        if response.request.url.path.startswith("/oauth/"):
            answered.set()
            await release.wait()

    http = httpx.AsyncClient(event_hooks={"response": [hold_token_answer]})
    async with AsyncCustomChannelsClient(
        **portal.client_kwargs(portal.refresh()), http_client=http
    ) as client:
        call = client.channel_accounts.get(portal.channel_id, portal.account_id)
        caller = asyncio.ensure_future(asyncio.wait_for(call, timeout=3600))
        await answered.wait()
        caller.cancel()
        with pytest.raises(asyncio.CancelledError):
            await caller
        release.set()
        await client.channel_accounts.get(portal.channel_id, portal.account_id)
    await http.aclose()
    assert portal.exchanges() == 1 and len(portal.rotations) == 1
    assert api_statuses(portal) == [200]


@pytest.mark.skipif(
    threading.current_thread() is not threading.main_thread(), reason="SIGINT reaches the main thread only"
)
def test_f2_ctrl_c_while_a_sync_call_waits_for_its_refresh_keeps_the_rotated_refresh_token(
    portal: OAuthSetting,
) -> None:
    answered, release = threading.Event(), threading.Event()
    main = threading.main_thread().ident
    assert main is not None

    def hold_token_answer(response: httpx.Response) -> None:
        if response.request.url.path.startswith("/oauth/") and not answered.is_set():
            answered.set()
            signal.pthread_kill(main, signal.SIGINT)  # Ctrl-C, once HubSpot has answered
            release.wait(GUARD)

    http = httpx.Client(event_hooks={"response": [hold_token_answer]})
    with CustomChannelsClient(**portal.client_kwargs(portal.refresh()), http_client=http) as client:
        with pytest.raises(KeyboardInterrupt):
            get_account(client, portal)
        release.set()
        assert get_account(client, portal).id == portal.account_id
    http.close()
    assert portal.exchanges() == 1 and len(portal.rotations) == 1


# -- F3 -----------------------------------------------------------------------------------------------------


def test_f3_a_rotation_whose_hook_failed_is_offered_to_the_hook_again(portal: OAuthSetting) -> None:
    offered: list[str] = []

    def flaky_store(tokens: TokenSet) -> None:
        offered.append(tokens.refresh_token)
        if len(offered) == 1:
            raise OSError("database briefly unavailable")

    refresh = portal.refresh(on_refresh=flaky_store)
    with CustomChannelsClient(**portal.client_kwargs(refresh)) as client:
        with pytest.raises(OAuthRefreshError) as caught:
            get_account(client, portal)
        assert caught.value.reason == "hook_failed" and isinstance(caught.value.__cause__, OSError)
        assert api_statuses(portal) == []  # the token was not used before the hook stored it
        get_account(client, portal)
        assert offered == [offered[0]] * 2 and portal.exchanges() == 1  # the same rotation, no new exchange
        portal.fake.oauth.expire_all()  # the next refresh sends the rotated refresh token: accepted
        get_account(client, portal)
    assert [r.status for r in portal.fake.oauth.token_requests] == [200, 200] and len(offered) == 3


def test_f3_a_sync_client_refuses_an_async_hook_when_it_is_built(portal: OAuthSetting) -> None:
    async def store(tokens: TokenSet) -> None:
        return None

    refresh = portal.refresh(on_refresh=store)
    with pytest.raises(ConfigurationError, match="plain on_refresh function"):
        CustomChannelsClient(**portal.client_kwargs(refresh))
    with (
        CustomChannelsClient(**portal.client_kwargs("static-token")) as app,
        pytest.raises(ConfigurationError, match="plain on_refresh function"),
    ):
        app.for_portal(refresh)
    assert portal.exchanges() == 0


# -- F4 -----------------------------------------------------------------------------------------------------


def test_f4_a_caller_arriving_during_a_slow_hook_waits_for_it(portal: OAuthSetting) -> None:
    order: list[str] = []
    second_claimed = threading.Event()
    second: list[threading.Thread] = []

    def clock() -> float:
        if threading.current_thread() in second:
            second_claimed.set()  # the second caller is asking for a token (under the refresh's lock)
        return portal.clock()

    def slow_store(tokens: TokenSet) -> None:
        thread = threading.Thread(target=lambda: get_account(client, portal))
        second.append(thread)
        thread.start()
        assert second_claimed.wait(GUARD)
        order.append("hook done")

    def record(request: httpx.Request) -> None:
        if not request.url.path.startswith("/oauth/"):
            order.append("call sent")

    http = httpx.Client(event_hooks={"request": [record]})
    refresh = portal.refresh(on_refresh=slow_store, clock=clock)
    with CustomChannelsClient(**portal.client_kwargs(refresh), http_client=http) as client:
        get_account(client, portal)
        second[0].join(GUARD)
    http.close()
    assert order == ["hook done", "call sent", "call sent"]
    assert api_statuses(portal) == [200, 200] and portal.exchanges() == 1


# -- F5 -----------------------------------------------------------------------------------------------------


def test_f5_a_failed_refresh_inside_the_margin_falls_back_to_the_still_valid_token(
    portal: OAuthSetting,
) -> None:
    with CustomChannelsClient(**portal.client_kwargs(portal.refresh())) as client:
        get_account(client, portal)
        portal.clock.advance(1800 - 300 + 1)  # due for the early refresh; valid for 299 s more
        portal.fake.oauth.fail_next(503, "<html>Service Unavailable</html>")
        assert get_account(client, portal).id == portal.account_id
        get_account(client, portal)  # within the retry delay: the held token, no exchange
        assert portal.exchanges() == 2
        portal.clock.advance(11)  # the refresh is tried again
        get_account(client, portal)
    assert [r.status for r in portal.fake.oauth.token_requests] == [200, 503, 200]
    assert api_statuses(portal) == [200] * 4


def test_f5_a_refused_refresh_token_still_fails_inside_the_margin(portal: OAuthSetting) -> None:
    with CustomChannelsClient(**portal.client_kwargs(portal.refresh())) as client:
        get_account(client, portal)
        portal.clock.advance(1800 - 300 + 1)
        portal.fake.oauth.revoke(portal.rotations[0].refresh_token)  # the one in use
        with pytest.raises(OAuthRefreshError) as caught:
            get_account(client, portal)
    assert caught.value.reason == "invalid_grant"


def test_f5_a_failed_refresh_after_expiry_is_raised(portal: OAuthSetting) -> None:
    with CustomChannelsClient(**portal.client_kwargs(portal.refresh())) as client:
        get_account(client, portal)
        portal.clock.advance(1800)  # expired: nothing to fall back on
        portal.fake.oauth.fail_next(503, "<html>Service Unavailable</html>")
        with pytest.raises(OAuthRefreshError) as caught:
            get_account(client, portal)
    assert caught.value.reason == "server_error"


# -- F6 -----------------------------------------------------------------------------------------------------


def held_token_answers(release: threading.Event) -> httpx.Client:
    def hold(response: httpx.Response) -> None:
        if response.request.url.path.startswith("/oauth/"):
            release.wait(GUARD)  # the exchange takes longer than the whole call may

    return httpx.Client(event_hooks={"response": [hold]})


def test_f6_the_deadline_bounds_the_refresh_too(portal: OAuthSetting) -> None:
    release = threading.Event()
    http = held_token_answers(release)
    # The deadline must cover the first call (and its token exchange) on a loaded machine; the held refresh
    # then hangs until the deadline ends the second call.
    kwargs = portal.client_kwargs(portal.refresh()) | {"deadline": 3.0, "http_client": http}
    with CustomChannelsClient(**kwargs) as client:
        with pytest.raises(DeadlineExceededError):
            get_account(client, portal)
        assert api_statuses(portal) == []  # never sent
        release.set()
        get_account(client, portal)  # the exchange finished meanwhile: its token, no second exchange
    http.close()
    assert portal.exchanges() == 1


def test_f6_the_retry_after_a_401_runs_under_the_same_deadline(portal: OAuthSetting) -> None:
    release = threading.Event()
    release.set()
    http = held_token_answers(release)
    # The deadline must cover the first call (and its token exchange) on a loaded machine; the held refresh
    # then hangs until the deadline ends the second call.
    kwargs = portal.client_kwargs(portal.refresh()) | {"deadline": 3.0, "http_client": http}
    with CustomChannelsClient(**kwargs) as client:
        get_account(client, portal)
        portal.fake.oauth.expire_all()
        release.clear()  # the refresh for the 401 hangs past the call's deadline
        with pytest.raises(DeadlineExceededError):
            get_account(client, portal)
        release.set()
    http.close()
    assert api_statuses(portal) == [200, 401]  # the retry was never sent under a fresh deadline


# -- F11 ----------------------------------------------------------------------------------------------------


@pytest.mark.parametrize("odd", ["soon", float("nan"), float("inf"), 0, -5, True, 10**400])
def test_f11_an_odd_expires_in_is_a_configuration_error(odd: object) -> None:
    with pytest.raises(ConfigurationError, match="expires_in"):
        OAuthRefresh(
            client_id="cid",
            client_secret="cs-review-app-secret",
            refresh_token="rt-review-initial",
            access_token="at-review-held",
            expires_in=odd,  # type: ignore[arg-type]
        )
