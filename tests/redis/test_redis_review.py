"""Review 14's findings on the shared rate limit, against a real redis-server: a long Retry-After pauses every
process the longest pause (not a second), a stalled Redis never outlasts a call's deadline, a Redis that lost
its state (FLUSHALL, a restart without persistence) does not hand out a second full window, and a refused
password or ACL is named as such. Waits are the values the pacers return, never measured elapsed time."""

from __future__ import annotations

import logging
import uuid

import httpx
import pytest

from hubspot_channels import (
    AsyncCustomChannelsClient,
    CustomChannelsClient,
    DeadlineExceededError,
    RateLimit,
    RateLimitError,
    RateLimiterUnavailableError,
)
from hubspot_channels._engine import observation
from hubspot_channels._pacing import MAX_PAUSE
from hubspot_channels.redis import RedisRateLimit
from hubspot_channels.testing import FakeHubSpot
from tests.support.redis_server import RedisServer

pytestmark = pytest.mark.anyio
VISITOR = [{"deliveryIdentifier": {"type": "CHANNEL_SPECIFIC_OPAQUE_ID", "value": "visitor-1"}}]
WINDOW = 10.0 * 1.02 + 0.05  # a 10 s window with the pacer's margin and jitter


def a_message(fake: FakeHubSpot) -> tuple[str, str]:
    channel = fake.create_channel()["id"]
    account = fake.create_channel_account(channel)["id"]
    return channel, fake.agent_reply(channel, account, "hello", recipients=VISITOR, deliver=False)["id"]


def budget(url: str, limit: RateLimit | None = None) -> RedisRateLimit:
    account = f"review-{uuid.uuid4().hex[:8]}"
    return RedisRateLimit(url, app_id=1, account_id=account, limit=limit or RateLimit(100, 10.0))


@pytest.mark.parametrize("retry_after", [30, 120, 3600])
def test_a_longer_retry_after_never_pauses_the_other_processes_less(
    redis_server: RedisServer, retry_after: int
) -> None:
    fake = FakeHubSpot()
    message = a_message(fake)
    shared = budget(redis_server.url)
    fake.faults.rate_limit(retry_after=retry_after, times=1)
    with (
        fake.serve() as base_url,
        CustomChannelsClient(
            access_token=fake.access_token, base_url=base_url, rate_limit=shared, max_retries=0
        ) as first_process,
        pytest.raises(RateLimitError),  # above max_retry_after (60 s) this caller raises rather than waits
    ):
        first_process.messages.update_status(*message, "SENT")
    other_process = shared.sync_pacer()
    try:
        wait = other_process.reserve()
    finally:
        other_process.close()
    assert wait >= min(retry_after, MAX_PAUSE) - 1.5, (
        f"Retry-After {retry_after}: the others wait {wait:.1f} s"
    )


@pytest.mark.parametrize("header", ["120", "3600", "9" * 400])
def test_the_pacers_learn_a_long_retry_after_clamped_to_the_longest_pause(header: str) -> None:
    answer = httpx.Response(429, headers={"Retry-After": header})
    assert observation(answer)[2] == MAX_PAUSE


def stalled(server: RedisServer) -> None:
    server.client().execute_command("CLIENT", "PAUSE", "4000", "ALL")


def test_a_stalled_redis_does_not_outlast_the_call_deadline(
    own_redis_server: RedisServer, caplog: pytest.LogCaptureFixture
) -> None:
    """The socket timeout is 2 s, the deadline 0.5 s: the deadline wins (DeadlineExceededError, not the
    unavailable error that only a 2 s socket timeout raises), and Redis is not taken for down."""
    fake = FakeHubSpot()
    message = a_message(fake)
    with (
        fake.serve() as base_url,
        CustomChannelsClient(
            access_token=fake.access_token,
            base_url=base_url,
            rate_limit=budget(own_redis_server.url),
            deadline=0.5,
        ) as client,
        caplog.at_level(logging.WARNING, logger="hubspot_channels.redis"),
    ):
        client.messages.get(*message)  # connected, scripts loaded
        stalled(own_redis_server)
        try:
            with pytest.raises(DeadlineExceededError):
                client.messages.update_status(*message, "SENT")
        finally:
            own_redis_server.client().execute_command("CLIENT", "UNPAUSE")
    assert "Redis unreachable" not in caplog.text
    assert [r.method for r in fake.requests] == ["GET"]  # nothing sent for the stalled call


async def test_a_stalled_redis_does_not_outlast_the_async_call_deadline(
    own_redis_server: RedisServer, caplog: pytest.LogCaptureFixture
) -> None:
    fake = FakeHubSpot()
    message = a_message(fake)
    with fake.serve() as base_url, caplog.at_level(logging.WARNING, logger="hubspot_channels.redis"):
        async with AsyncCustomChannelsClient(
            access_token=fake.access_token,
            base_url=base_url,
            rate_limit=budget(own_redis_server.url),
            deadline=0.5,
        ) as client:
            await client.messages.get(*message)
            stalled(own_redis_server)
            try:
                with pytest.raises(DeadlineExceededError):
                    await client.messages.update_status(*message, "SENT")
            finally:
                own_redis_server.client().execute_command("CLIENT", "UNPAUSE")
    assert "Redis unreachable" not in caplog.text
    assert [r.method for r in fake.requests] == ["GET"]


def test_a_flushall_does_not_hand_out_a_second_full_window(own_redis_server: RedisServer) -> None:
    shared = budget(own_redis_server.url, RateLimit(10, 10.0))
    one, other = shared.sync_pacer(), shared.sync_pacer()
    try:
        assert [one.reserve() for _ in range(5)] + [other.reserve() for _ in range(5)] == [0.0] * 10
        own_redis_server.client().flushall()
        first = one.reserve()  # the state vanished: assume a full window from now
        assert WINDOW - 1.0 < first <= WINDOW
        # Told once per lost state: the other pacer that knew it does not push the window further.
        assert first - 0.5 < other.reserve() <= WINDOW
    finally:
        one.close()
        other.close()


def test_a_restart_without_persistence_does_not_hand_out_a_second_full_window(
    own_redis_server: RedisServer,
) -> None:
    shared = budget(own_redis_server.url, RateLimit(10, 10.0))
    pacer = shared.sync_pacer()
    try:
        assert [pacer.reserve() for _ in range(10)] == [0.0] * 10
        own_redis_server.stop()
        own_redis_server.start()
        assert WINDOW - 1.0 < pacer.reserve() <= WINDOW
    finally:
        pacer.close()


def test_a_new_budget_or_a_new_process_starts_at_once(own_redis_server: RedisServer) -> None:
    """Only a pacer that saw the state lately takes its absence as a loss: a fresh start does not wait."""
    shared = budget(own_redis_server.url, RateLimit(10, 10.0))
    pacer = shared.sync_pacer()
    try:
        assert pacer.reserve() == 0.0
    finally:
        pacer.close()
    own_redis_server.client().flushall()
    newcomer = shared.sync_pacer()
    try:
        assert newcomer.reserve() == 0.0
    finally:
        newcomer.close()


def refused_by(url: str, secret: str) -> str:
    pacer = RedisRateLimit(url, app_id=1, account_id="refused").sync_pacer()
    try:
        with pytest.raises(RateLimiterUnavailableError) as refused:
            pacer.reserve()
    finally:
        pacer.close()
    text = str(refused.value)
    assert "refused" in text and "cannot reach" not in text and secret not in text
    return text


def test_a_wrong_password_is_named_a_refusal_and_never_printed(
    own_redis_server: RedisServer, caplog: pytest.LogCaptureFixture
) -> None:
    own_redis_server.client().config_set("requirepass", "right-pass-1")
    url = own_redis_server.url.replace("redis://", "redis://:wrong-pass-2@")
    with caplog.at_level(logging.WARNING, logger="hubspot_channels.redis"):
        assert "password" in refused_by(url, "wrong-pass-2")
    assert "Redis refused access" in caplog.text and "wrong-pass-2" not in caplog.text


def test_an_acl_refusal_is_named_a_refusal(own_redis_server: RedisServer) -> None:
    admin = own_redis_server.client()
    admin.acl_setuser(
        "limited",
        enabled=True,
        passwords=["+limited-pass-3"],
        keys=["*"],
        commands=["+@all", "-evalsha", "-eval"],
    )
    url = own_redis_server.url.replace("redis://", "redis://limited:limited-pass-3@")
    assert "ACL" in refused_by(url, "limited-pass-3")
