"""Redis going away in the middle: by default the shared limit fails closed with RateLimiterUnavailableError
before sending anything, logging once per outage; with ``fallback`` the process paces itself at that share;
either way an answer already received is never turned into an error, and Redis coming back is noticed."""

from __future__ import annotations

import logging
import uuid

import pytest

import hubspot_channels.redis._pacing as redis_pacing
from hubspot_channels import (
    AsyncCustomChannelsClient,
    CustomChannelsClient,
    DeadlineExceededError,
    HubSpotChannelsError,
    RateLimit,
    RateLimiterUnavailableError,
    StatusUpdate,
)
from hubspot_channels.redis import RedisRateLimit
from hubspot_channels.testing import FakeHubSpot
from tests.support.redis_server import RedisServer

pytestmark = pytest.mark.anyio
VISITOR = [{"deliveryIdentifier": {"type": "CHANNEL_SPECIFIC_OPAQUE_ID", "value": "visitor-1"}}]


@pytest.fixture(autouse=True)
def probe_at_once(monkeypatch: pytest.MonkeyPatch) -> None:
    """Probe Redis on every call after a failure (PROBE_INTERVAL is on the real clock)."""
    monkeypatch.setattr(redis_pacing, "PROBE_INTERVAL", 0.0)


def messages(fake: FakeHubSpot, count: int) -> list[tuple[str, str]]:
    channel = fake.create_channel()["id"]
    account = fake.create_channel_account(channel)["id"]
    made = [
        fake.agent_reply(channel, account, f"m{n}", recipients=VISITOR, deliver=False) for n in range(count)
    ]
    return [(channel, message["id"]) for message in made]


def limit_on(server: RedisServer, **options: object) -> RedisRateLimit:
    """A one-second window: a restarted Redis has lost its log, so the first call after it waits one whole
    window (_scripts: "assume a full window from now") -- a second, not ten, of the test's time."""
    account = f"acct-{uuid.uuid4().hex[:8]}"
    return RedisRateLimit(server.url, app_id=1, account_id=account, limit=RateLimit(50, 1.0), **options)  # type: ignore[arg-type]


def test_redis_down_refuses_calls_unsent_and_typed_then_recovers(
    own_redis_server: RedisServer,
    caplog: pytest.LogCaptureFixture,
) -> None:
    fake = FakeHubSpot()
    (message,) = messages(fake, 1)
    with fake.serve() as base_url, caplog.at_level(logging.INFO, logger="hubspot_channels.redis"):
        limit = limit_on(own_redis_server)
        with CustomChannelsClient(
            access_token=fake.access_token, base_url=base_url, rate_limit=limit
        ) as client:
            client.messages.mark_sent(*message)
            own_redis_server.stop()
            for _ in range(3):
                with pytest.raises(RateLimiterUnavailableError) as refused:
                    client.messages.mark_read(*message)
            assert isinstance(refused.value, HubSpotChannelsError) and "nothing was sent" in str(
                refused.value
            )
            assert len(fake.requests) == 1
            assert caplog.text.count("Redis unreachable") == 1  # one line per outage, not per call
            own_redis_server.start()
            client.messages.mark_read(*message)
    assert "Redis reachable again" in caplog.text
    assert [r.json["statusType"] for r in fake.requests] == ["SENT", "READ"]


def test_a_bulk_update_with_redis_down_reports_each_update_unsent(own_redis_server: RedisServer) -> None:
    fake = FakeHubSpot()
    made = messages(fake, 5)
    with fake.serve() as base_url:
        limit = limit_on(own_redis_server)
        with CustomChannelsClient(
            access_token=fake.access_token, base_url=base_url, rate_limit=limit
        ) as client:
            own_redis_server.stop()
            results = client.messages.update_statuses([StatusUpdate(c, m, "SENT") for c, m in made])
    assert all(isinstance(result.error, RateLimiterUnavailableError) for result in results)
    assert fake.requests == []


async def test_the_async_client_fails_closed_too(own_redis_server: RedisServer) -> None:
    fake = FakeHubSpot()
    (message,) = messages(fake, 1)
    with fake.serve() as base_url:
        client = AsyncCustomChannelsClient(
            access_token=fake.access_token, base_url=base_url, rate_limit=limit_on(own_redis_server)
        )
        await client.messages.mark_sent(*message)
        own_redis_server.stop()
        with pytest.raises(RateLimiterUnavailableError):
            await client.messages.mark_read(*message)
        own_redis_server.start()
        await client.messages.mark_read(*message)
        await client.aclose()
    assert len(fake.requests) == 2


def test_with_a_fallback_the_process_paces_itself_at_its_share(
    own_redis_server: RedisServer,
    caplog: pytest.LogCaptureFixture,
) -> None:
    fake = FakeHubSpot()
    (message,) = messages(fake, 1)
    limit = limit_on(own_redis_server, fallback=RateLimit(2, 60.0))
    with (
        fake.serve() as base_url,
        caplog.at_level(logging.WARNING, logger="hubspot_channels.redis"),
        CustomChannelsClient(
            access_token=fake.access_token, base_url=base_url, rate_limit=limit, deadline=2.0
        ) as client,
    ):
        own_redis_server.stop()
        client.messages.mark_sent(*message)
        client.messages.mark_read(*message)
        with pytest.raises(DeadlineExceededError):  # the share's third slot is a minute away
            client.messages.mark_read(*message)
    assert "pacing locally at RateLimit(max_requests=2" in caplog.text
    assert len(fake.requests) == 2


def test_an_answer_is_never_lost_to_redis_going_away(own_redis_server: RedisServer) -> None:
    pacer = limit_on(own_redis_server).sync_pacer()
    assert pacer.reserve() == 0.0
    own_redis_server.stop()
    pacer.observe(429, {"x-hubspot-ratelimit-remaining": "0"}, retry_after=1.0)  # logged, not raised
    with pytest.raises(RateLimiterUnavailableError):
        pacer.reserve()
    pacer.close()
