"""agent_reply / account_event POST signed events to the channel's webhookUrl (a real local server)."""

from __future__ import annotations

import time

import pytest

from hubspot_channels.testing import FakeHubSpot
from tests.support.fake_support import api_for, v3_signature, webhook_receiver


def test_agent_reply_delivers_a_signed_event() -> None:
    fake = FakeHubSpot(client_secret="s3cret")
    with webhook_receiver() as hook, api_for("inprocess", fake) as api:
        cid = api.new_channel(webhookUrl=hook.url)["id"]
        aid = api.new_account(cid, deliveryIdentifier={"type": "HS_EMAIL_ADDRESS", "value": "shop@x.test"})[
            "id"
        ]
        incoming = api.publish(cid, aid, integrationThreadId="th-9").json()

        reply = fake.agent_reply(cid, aid, "Hi, how can I help?")

        assert (
            reply["direction"] == "OUTGOING"
            and reply["conversationsThreadId"] == incoming["conversationsThreadId"]
        )
        assert reply["recipients"][0]["deliveryIdentifier"]["value"] == "visitor-1"
        assert reply["inReplyToId"] == incoming["id"]
        assert api.oauth("GET", f"/{cid}/messages/{reply['id']}").json() == reply

    (request,) = hook.received
    event = request.json
    assert event["type"] == "OUTGOING_CHANNEL_MESSAGE_CREATED"
    assert event["portalId"] == fake.portal_id and str(event["channelId"]) == cid
    assert event["channelIntegrationThreadIds"] == ["th-9"] and event["eventId"]
    assert abs(event["eventTimestamp"] - time.time() * 1000) < 60_000
    # The documented event shape: the message as GET returns it, minus archived/client/updatedAt.
    assert event["message"] == {
        k: v for k, v in reply.items() if k not in {"archived", "client", "updatedAt"}
    }

    # The signature, computed here from HubSpot's documented recipe, matches.
    timestamp = request.headers["X-HubSpot-Request-Timestamp"]
    expected = v3_signature("s3cret", "POST", hook.url, request.body, timestamp)
    assert request.headers["X-HubSpot-Signature-v3"] == expected
    assert abs(int(timestamp) - time.time() * 1000) < 60_000

    (delivery,) = fake.webhook_deliveries
    assert delivery.status_code == 200 and delivery.error is None and delivery.sent


def test_event_verifies_with_the_package_verifier() -> None:
    webhooks = pytest.importorskip("hubspot_channels.webhooks")
    fake = FakeHubSpot()
    with webhook_receiver() as hook:
        cid = fake.create_channel(webhook_url=hook.url)["id"]
        aid = fake.create_channel_account(cid)["id"]
        fake.agent_reply(
            cid,
            aid,
            "hello",
            recipients=[{"deliveryIdentifier": {"type": "HS_PHONE_NUMBER", "value": "+1555"}}],
        )
    (request,) = hook.received
    webhooks.verify_signature(
        request.body, request.headers, method="POST", url=hook.url, client_secret=fake.client_secret
    )


def test_reply_in_a_given_thread_and_follow_up_status() -> None:
    fake = FakeHubSpot()
    with api_for("inprocess", fake) as api:
        cid = api.new_channel()["id"]  # no webhookUrl: nothing to deliver to
        aid = api.new_account(cid)["id"]
        first = api.publish(cid, aid).json()
        api.publish(cid, aid, senders=[{"deliveryIdentifier": {"type": "HS_PHONE_NUMBER", "value": "+1"}}])
        reply = fake.agent_reply(cid, aid, "for the first visitor", thread_id=first["conversationsThreadId"])
        assert reply["conversationsThreadId"] == first["conversationsThreadId"]
        assert fake.webhook_deliveries[0].error == "the channel has no webhookUrl"
        assert "status" not in reply  # not reported yet
        r = api.oauth("PATCH", f"/{cid}/messages/{reply['id']}", json={"statusType": "SENT"})
        assert r.json()["status"] == {"statusType": "SENT"}
        assert [m["direction"] for m in fake.thread_messages(first["conversationsThreadId"])] == [
            "INCOMING",
            "OUTGOING",
        ]


def test_reply_without_thread_needs_recipients() -> None:
    fake = FakeHubSpot()
    cid = fake.create_channel()["id"]
    aid = fake.create_channel_account(cid)["id"]
    with pytest.raises(ValueError, match="recipients"):
        fake.agent_reply(cid, aid, "hello?")


def test_deferred_delivery_and_failed_delivery() -> None:
    fake = FakeHubSpot()
    with webhook_receiver() as hook:
        hook.status = 500
        cid = fake.create_channel(webhook_url=hook.url)["id"]
        aid = fake.create_channel_account(cid)["id"]
        fake.agent_reply(
            cid,
            aid,
            "x",
            recipients=[{"deliveryIdentifier": {"type": "HS_PHONE_NUMBER", "value": "+1"}}],
            deliver=False,
        )
        assert hook.received == [] and fake.webhook_deliveries[0].sent is False
        (delivery,) = fake.deliver_webhooks()
        assert delivery.status_code == 500 and len(hook.received) == 1
    unreachable = FakeHubSpot()
    cid = unreachable.create_channel(webhook_url="http://127.0.0.1:9/closed")["id"]
    aid = unreachable.create_channel_account(cid)["id"]
    unreachable.agent_reply(
        cid, aid, "x", recipients=[{"deliveryIdentifier": {"type": "HS_PHONE_NUMBER", "value": "+1"}}]
    )
    assert unreachable.webhook_deliveries[0].error is not None


@pytest.mark.parametrize(
    "kind", ["CHANNEL_ACCOUNT_CREATED", "CHANNEL_ACCOUNT_UPDATED", "CHANNEL_ACCOUNT_PURGED"]
)
def test_account_events(kind: str) -> None:
    fake = FakeHubSpot()
    with webhook_receiver() as hook:
        cid = fake.create_channel(webhook_url=hook.url)["id"]
        ident = {"type": "HS_EMAIL_ADDRESS", "value": "a@b.test"}
        aid = fake.create_channel_account(cid, delivery_identifier=ident)["id"]
        fake.account_event(cid, aid, kind)
    (request,) = hook.received
    assert request.json == {
        "type": kind,
        "portalId": fake.portal_id,
        "channelId": int(cid),
        "eventTimestamp": request.json["eventTimestamp"],
        "channelAccountId": int(aid),
        "channelAccountDeliveryIdentifier": ident,
    }
    timestamp = request.headers["X-HubSpot-Request-Timestamp"]
    assert request.headers["X-HubSpot-Signature-v3"] == v3_signature(
        fake.client_secret, "POST", hook.url, request.body, timestamp
    )
    assert fake.get_channel_account(cid, aid)["archived"] is (kind == "CHANNEL_ACCOUNT_PURGED")


def test_event_parses_with_the_package_parser() -> None:
    from hubspot_channels import webhooks

    fake = FakeHubSpot()
    with webhook_receiver() as hook:
        cid = fake.create_channel(webhook_url=hook.url)["id"]
        aid = fake.create_channel_account(cid)["id"]
        reply = fake.agent_reply(
            cid, aid, "hello", recipients=[{"deliveryIdentifier": {"type": "HS_PHONE_NUMBER", "value": "+1"}}]
        )
    (request,) = hook.received
    event = webhooks.unwrap(
        request.body, request.headers, method="POST", url=hook.url, client_secret=fake.client_secret
    )
    assert isinstance(event, webhooks.OutgoingMessageCreated) and event.message.id == reply["id"]
    # Fields the documented event lacks stay unknown rather than invented.
    assert event.message.archived is None and event.message.client is None
