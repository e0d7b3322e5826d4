"""The fake serves every registered version at once, over a real socket, through the public clients: the
whole life of an integration on each version, one state shared by all, and each version's own rules."""

from __future__ import annotations

from typing import Any

import httpx
import pytest

from hubspot_channels import (
    API_VERSIONS,
    AsyncCustomChannelsClient,
    DeliveryIdentifier,
    MessageStatus,
    NotFoundError,
    Participant,
)
from hubspot_channels._registry import VERSIONS
from hubspot_channels.testing import OPERATIONS, FakeHubSpot
from hubspot_channels.testing import VERSIONS as SERVED
from hubspot_channels.testing._spec import operation

PHONE = DeliveryIdentifier(type="HS_PHONE_NUMBER", value="+15550100")
VISITOR = DeliveryIdentifier(type="HS_PHONE_NUMBER", value="+15550199")
pytestmark = pytest.mark.anyio
CAPABILITIES = {"deliveryIdentifierTypes": ["HS_PHONE_NUMBER"], "allowOutgoingMessages": True}


def publish_args(account_id: str) -> dict[str, Any]:
    return {
        "channel_account_id": account_id,
        "text": "Where is my order?",
        "senders": [Participant(delivery_identifier=VISITOR, name="Ada")],
        "recipients": [Participant(delivery_identifier=PHONE)],
    }


def path_of(version: str, operation: str, **ids: str) -> str:
    return VERSIONS[version].endpoints[operation].path.format(**ids)


def test_every_registered_version_is_served() -> None:
    assert SERVED == API_VERSIONS


def test_the_whole_life_on_each_version(served_fake, client_on, api_version):
    fake, _ = served_fake
    client = client_on(api_version)
    channel = client.channels.create(
        name="SMS", capabilities=CAPABILITIES, webhook_url="http://127.0.0.1:9/h"
    )
    assert client.channels.get(channel.id) == channel
    assert client.channels.update(channel.id, name="SMS (EU)").name == "SMS (EU)"
    account = client.channel_accounts.create(
        channel.id, name="Line 1", inbox_id=1001, delivery_identifier=PHONE
    )
    assert [a.id for a in client.channel_accounts.list(channel.id)] == [account.id]
    assert client.channel_accounts.get(channel.id, account.id).delivery_identifier == PHONE
    assert [c.id for c in client.channels.list()] == [channel.id]
    assert client.channel_accounts.update(channel.id, account.id, authorized=False).authorized is False
    token = fake.create_staging_token(channel.id)
    staged = client.staging_tokens.update(channel.id, token, account_name="Line 2", delivery_identifier=PHONE)
    assert staged.account_name == "Line 2"
    published = client.messages.publish(channel.id, **publish_args(account.id))
    assert client.messages.get(channel.id, published.id).text == "Where is my order?"
    reply = fake.agent_reply(channel.id, account.id, "It ships today", deliver=False)
    assert client.messages.mark_sent(channel.id, reply["id"]).status is MessageStatus.SENT
    client.channels.archive(channel.id)
    with pytest.raises(NotFoundError):
        client.channels.get(channel.id)
    # Every request went to this version's paths, and the log says which version it was.
    assert {r.version for r in fake.requests} == {api_version}
    assert {r.operation for r in fake.requests} == set(OPERATIONS)


async def test_the_async_client_on_each_version(served_fake, api_version):
    fake, base_url = served_fake
    async with AsyncCustomChannelsClient(
        api_version=api_version,
        base_url=base_url,
        access_token=fake.access_token,
        developer_api_key=fake.developer_api_key,
        app_id=fake.app_id,
    ) as client:
        channel = await client.channels.create(name="SMS", capabilities=CAPABILITIES)
        account = await client.channel_accounts.create(channel.id, name="Line 1", inbox_id=1001)
        published = await client.messages.publish(channel.id, **publish_args(account.id))
        assert (await client.messages.get(channel.id, published.id)).text == "Where is my order?"
        assert [c.id async for c in client.channels.list()] == [channel.id]
    assert {r.version for r in fake.requests} == {api_version}


def test_state_is_shared_across_versions(served_fake, client_on):
    old, new, v3 = (client_on(version) for version in ("2026-03", "2026-09", "v3"))
    channel = old.channels.create(name="made on 2026-03", capabilities=CAPABILITIES)
    assert new.channels.get(channel.id).name == "made on 2026-03"
    account = new.channel_accounts.create(channel.id, name="made on 2026-09", inbox_id=1001)
    message = v3.messages.publish(channel.id, **publish_args(account.id))
    assert old.messages.get(channel.id, message.id).channel_account_id == account.id
    assert [c.id for c in v3.channels.list()] == [channel.id]
    v3.channels.archive(channel.id)
    for client in (old, new, v3):
        with pytest.raises(NotFoundError):
            client.channels.get(channel.id)


def _raw_create(base_url: str, fake: FakeHubSpot, version: str) -> httpx.Response:
    params = {"hapikey": fake.developer_api_key, "appId": str(fake.app_id)}
    return httpx.post(
        base_url + path_of(version, "create_channel"), params=params, json={"name": "x", "capabilities": {}}
    )


@pytest.mark.parametrize(
    ("version", "location"),
    [
        ("2026-03", "/conversations/custom-channels/2026-03/{id}"),
        ("2026-09", None),  # the 2026-09 document removed the Location header
        ("v3", "/conversations/v3/custom-channels/{id}"),  # where v3 reads a channel
    ],
)
def test_location_follows_each_versions_document(served_fake, version, location):
    fake, base_url = served_fake
    created = _raw_create(base_url, fake, version)
    assert created.status_code == 201
    expected = None if location is None else base_url + location.format(id=created.json()["id"])
    assert created.headers.get("Location") == expected
    if expected is not None:
        params = {"hapikey": fake.developer_api_key, "appId": str(fake.app_id)}
        assert httpx.get(expected, params=params).json()["id"] == created.json()["id"]


@pytest.mark.parametrize("version", API_VERSIONS)
def test_a_partial_staging_token_update_is_refused_only_where_the_document_requires_both(
    served_fake, version
):
    fake, base_url = served_fake
    channel = fake.create_channel()["id"]
    token = fake.create_staging_token(channel)
    answer = httpx.patch(
        base_url + path_of(version, "update_staging_token", channelId=channel, accountToken=token),
        headers={"Authorization": f"Bearer {fake.access_token}"},
        json={"accountName": "only the name"},
    )
    if version == "2026-09":  # its published document requires accountName and deliveryIdentifier
        assert answer.status_code == 400, answer.text
        assert (
            answer.json()["category"] == "VALIDATION_ERROR"
            and "deliveryIdentifier" in answer.json()["message"]
        )
        assert [e["code"] for e in answer.json()["errors"]] == ["REQUIRED_FIELD"]
    else:
        assert answer.status_code == 200 and answer.json()["accountName"] == "only the name"


def test_one_versions_path_is_not_another_versions(served_fake):
    fake, base_url = served_fake
    # v3 reads a channel under /conversations/v3/...; the 2026-03 layout with a v3 segment is no API.
    channel = fake.create_channel()["id"]
    params = {"hapikey": fake.developer_api_key, "appId": str(fake.app_id)}
    assert (
        httpx.get(f"{base_url}/conversations/custom-channels/v3/{channel}", params=params).status_code == 404
    )
    assert httpx.get(f"{base_url}/conversations/custom-channels/2027-01", params=params).status_code == 404


@pytest.mark.parametrize("hubspot_api_version", API_VERSIONS)
def test_the_plugin_client_fixture_takes_a_version(hubspot_client, hubspot_fake, hubspot_api_version):
    assert hubspot_client.api_version == hubspot_api_version
    channel = hubspot_client.channels.create(name="via fixture", capabilities={})
    assert [c["id"] for c in hubspot_fake.channels] == [channel.id]
    assert {r.version for r in hubspot_fake.requests} == {hubspot_api_version}


def test_the_plugin_client_fixture_defaults_to_the_default_version(hubspot_client):
    from hubspot_channels import DEFAULT_API_VERSION

    assert hubspot_client.api_version == DEFAULT_API_VERSION


@pytest.mark.parametrize("version", ["2026-03", "v3"])
def test_senderactorid_is_honoured_where_the_document_declares_it(version: str) -> None:
    fake = FakeHubSpot()
    channel = fake.create_channel()["id"]
    account = fake.create_channel_account(channel)["id"]
    sender = {
        "deliveryIdentifier": {"type": "HS_PHONE_NUMBER", "value": "+15550100"},
        "senderActorId": "A-77",
    }
    body = {
        "text": "hi",
        "messageDirection": "INCOMING",
        "channelAccountId": account,
        "attachments": [],
        "timestamp": "2026-03-01T00:00:00Z",
        "integrationThreadId": "t1",
        "senders": [sender],
        "recipients": [{"deliveryIdentifier": {"type": "CHANNEL_SPECIFIC_OPAQUE_ID", "value": "x"}}],
    }
    path = operation(version, "publish_message").path.replace("{channelId}", channel)
    with httpx.Client(transport=fake.transport(), base_url="https://api.hubapi.com") as http:
        answer = http.post(path, json=body, headers={"Authorization": f"Bearer {fake.access_token}"})
    assert answer.status_code == 201, answer.text
    assert answer.json()["senders"][0]["actorId"] == "A-77"
