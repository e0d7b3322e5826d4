"""The facade against the fake HubSpot over real HTTP on 127.0.0.1, sync and async: the whole life of an
integration, and what retries do (and do not do) when the server misbehaves."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest

from hubspot_channels import (
    APIConnectionError,
    APIResponseValidationError,
    AsyncCustomChannelsClient,
    AuthenticationError,
    CustomChannelsClient,
    DeliveryIdentifier,
    InternalServerError,
    MessageStatus,
    NotFoundError,
    Participant,
    RateLimitError,
)
from hubspot_channels.testing import FakeHubSpot

PHONE = DeliveryIdentifier(type="HS_PHONE_NUMBER", value="+15550100")
VISITOR = DeliveryIdentifier(type="HS_PHONE_NUMBER", value="+15550199")
CAPABILITIES = {"deliveryIdentifierTypes": ["HS_PHONE_NUMBER"], "allowOutgoingMessages": True, "richText": []}
pytestmark = pytest.mark.anyio


@pytest.fixture
def served() -> Iterator[tuple[FakeHubSpot, str]]:
    fake = FakeHubSpot()
    with fake.serve() as base_url:
        yield fake, base_url


def credentials(fake: FakeHubSpot) -> dict[str, Any]:
    return {
        "access_token": fake.access_token,
        "developer_api_key": fake.developer_api_key,
        "app_id": fake.app_id,
    }


def sync_client(fake: FakeHubSpot, base_url: str, **options: Any) -> CustomChannelsClient:
    options.setdefault("max_retries", 2)
    return CustomChannelsClient(base_url=base_url, **credentials(fake), **options)


def publish_args(account_id: str) -> dict[str, Any]:
    return {
        "channel_account_id": account_id,
        "text": "Where is my order?",
        "senders": [Participant(delivery_identifier=VISITOR, name="Ada")],
        "recipients": [Participant(delivery_identifier=PHONE)],
    }


def test_the_whole_life_over_http_sync(served):
    fake, base_url = served
    with sync_client(fake, base_url) as client:
        channel = client.channels.create(
            name="SMS", capabilities=CAPABILITIES, webhook_url="http://127.0.0.1:9/h"
        )
        assert client.channels.get(channel.id) == channel
        renamed = client.channels.update(channel.id, name="SMS (EU)")
        assert renamed.name == "SMS (EU)" and renamed.capabilities == channel.capabilities

        account = client.channel_accounts.create(
            channel.id, name="Line 1", inbox_id=1001, delivery_identifier=PHONE
        )
        assert client.channel_accounts.get(channel.id, account.id).delivery_identifier == PHONE
        assert client.channel_accounts.update(channel.id, account.id, authorized=False).authorized is False
        assert [a.id for a in client.channel_accounts.list(channel.id)] == [account.id]

        token = fake.create_staging_token(channel.id)
        staged = client.staging_tokens.update(
            channel.id, token, account_name="Line 2", delivery_identifier=PHONE
        )
        assert staged.account_token == token and staged.account_name == "Line 2"

        published = client.messages.publish(channel.id, **publish_args(account.id))
        assert published.status == MessageStatus.RECEIVED and published.conversations_thread_id
        reply = fake.agent_reply(channel.id, account.id, "It ships today", deliver=False)
        assert client.messages.mark_sent(channel.id, reply["id"]).status is MessageStatus.SENT
        failed = client.messages.mark_failed(channel.id, reply["id"], error_message="Blocked")
        assert (failed.status, failed.error_message) == (MessageStatus.FAILED, "Blocked")
        assert client.messages.get(channel.id, reply["id"]).error_message == "Blocked"

        client.channels.archive(channel.id)
        with pytest.raises(NotFoundError) as missing:
            client.channels.get(channel.id)
        assert missing.value.correlation_id and missing.value.category == "OBJECT_NOT_FOUND"
    assert fake.bugs == []


async def test_the_whole_life_over_http_async(served):
    fake, base_url = served
    async with AsyncCustomChannelsClient(base_url=base_url, **credentials(fake)) as client:
        channel = await client.channels.create(name="SMS", capabilities=CAPABILITIES)
        account = await client.channel_accounts.create(channel.id, name="Line 1", inbox_id=1001)
        published = await client.messages.publish(channel.id, **publish_args(account.id))
        assert (await client.messages.get(channel.id, published.id)).text == "Where is my order?"
        reply = fake.agent_reply(channel.id, account.id, "Thanks", deliver=False)
        assert (await client.messages.mark_read(channel.id, reply["id"])).status is MessageStatus.READ
        assert [c.id async for c in client.channels.list()] == [channel.id]
    assert fake.get_message(reply["id"])["status"]["statusType"] == "READ"


def test_paging_follows_the_real_cursor(served):
    fake, base_url = served
    for number in range(5):
        fake.create_channel(name=f"channel {number}")
    with sync_client(fake, base_url) as client:
        pages = list(client.channels.list(limit=2).pages())
    assert [len(page.items) for page in pages] == [2, 2, 1]
    assert len({c.id for page in pages for c in page.items}) == 5


def _reply(client: CustomChannelsClient, fake: FakeHubSpot) -> tuple[str, str]:
    channel = client.channels.create(name="SMS", capabilities=CAPABILITIES)
    account = client.channel_accounts.create(channel.id, name="Line", inbox_id=1001)
    client.messages.publish(channel.id, **publish_args(account.id))
    return channel.id, fake.agent_reply(channel.id, account.id, "Hi", deliver=False)["id"]


def test_429_twice_then_200_records_one_status_update(served):
    fake, base_url = served
    with sync_client(fake, base_url) as client:
        channel_id, message_id = _reply(client, fake)
        fake.faults.add("update_message_status", status=429, retry_after=0, times=2)
        assert client.messages.mark_sent(channel_id, message_id).status is MessageStatus.SENT
    statuses = [r.status for r in fake.requests_for("update_message_status")]
    assert statuses == [429, 429, 200]
    assert fake.get_message(message_id)["status"] == {"statusType": "SENT"}


async def test_429_twice_then_200_async(served):
    fake, base_url = served
    with sync_client(fake, base_url) as setup:
        channel_id, message_id = _reply(setup, fake)
    fake.faults.add("update_message_status", status=429, retry_after=0, times=2)
    async with AsyncCustomChannelsClient(base_url=base_url, **credentials(fake)) as client:
        assert (await client.messages.mark_read(channel_id, message_id)).status is MessageStatus.READ
    assert [r.status for r in fake.requests_for("update_message_status")] == [429, 429, 200]


def test_rate_limit_beyond_the_retries_surfaces_with_retry_after(served):
    fake, base_url = served
    with sync_client(fake, base_url, max_retries=1) as client:
        channel_id, message_id = _reply(client, fake)
        fake.faults.add("update_message_status", status=429, retry_after=0, times=None)
        with pytest.raises(RateLimitError) as limited:
            client.messages.mark_sent(channel_id, message_id)
    assert limited.value.retry_after == 0 and limited.value.category == "RATE_LIMIT"
    assert len(fake.requests_for("update_message_status")) == 2


def test_gateway_html_errors_are_retried_then_raised_as_server_errors(served):
    fake, base_url = served
    with sync_client(fake, base_url, max_retries=1) as client:
        channel_id, message_id = _reply(client, fake)
        fake.faults.add("get_message", status=503, times=None)
        with pytest.raises(InternalServerError) as failed:
            client.messages.get(channel_id, message_id)
    assert failed.value.status_code == 503 and isinstance(failed.value.body, str)
    assert len(fake.requests_for("get_message")) == 2


def test_a_dropped_publish_is_retried_with_the_same_idempotency_id_and_creates_one_message(served):
    fake, base_url = served
    with sync_client(fake, base_url) as client:
        channel = client.channels.create(name="SMS", capabilities=CAPABILITIES)
        account = client.channel_accounts.create(channel.id, name="Line", inbox_id=1001)
        fake.faults.add("publish_message", drop=True)
        message = client.messages.publish(channel.id, **publish_args(account.id))
    sent = [r.json["integrationIdempotencyId"] for r in fake.requests_for("publish_message")]
    assert len(sent) == 2 and sent[0] == sent[1]
    assert [m["id"] for m in fake.messages] == [message.id]


def test_a_publish_without_idempotency_is_not_retried(served):
    fake, base_url = served
    with sync_client(fake, base_url) as client:
        channel = client.channels.create(name="SMS", capabilities=CAPABILITIES)
        account = client.channel_accounts.create(channel.id, name="Line", inbox_id=1001)
        fake.faults.add("publish_message", drop=True)
        with pytest.raises(APIConnectionError):
            client.messages.publish(channel.id, idempotent=False, **publish_args(account.id))
    assert len(fake.requests_for("publish_message")) == 1 and fake.messages == []


def test_a_malformed_success_body_is_a_response_validation_error(served):
    fake, base_url = served
    with sync_client(fake, base_url) as client:
        channel_id, message_id = _reply(client, fake)
        fake.faults.add("get_message", malformed="html")
        with pytest.raises(APIResponseValidationError):
            client.messages.get(channel_id, message_id)


def test_a_wrong_token_is_an_authentication_error_that_does_not_show_the_token(served):
    _fake, base_url = served
    client = CustomChannelsClient(base_url=base_url, access_token="not-the-token-123")
    with client, pytest.raises(AuthenticationError) as denied:
        client.messages.get(1, "m")
    assert "not-the-token-123" not in str(denied.value) + repr(denied.value)
