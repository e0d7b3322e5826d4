"""The control API's webhook and account-event endpoints, its whole-number rule and its size bounds, over a
real socket."""

from __future__ import annotations

import json

import httpx
import pytest

from tests.support.fake_support import webhook_receiver

VISITOR = [{"deliveryIdentifier": {"type": "HS_PHONE_NUMBER", "value": "+15550199"}}]


def test_a_queued_agent_reply_is_listed_then_delivered_from_outside(served_fake, control):
    fake, _ = served_fake
    with webhook_receiver() as receiver:
        channel = fake.create_channel(webhook_url=receiver.url)["id"]
        account = fake.create_channel_account(channel)["id"]
        reply = control.post(
            "/_fake/agent-replies",
            json={
                "channelId": channel,
                "channelAccountId": account,
                "text": "later",
                "recipients": VISITOR,
                "deliver": False,
            },
        )
        assert reply.json()["webhook"]["sent"] is False
        (queued,) = control.get("/_fake/webhooks").json()["results"]
        assert (queued["pending"], queued["sent"], queued["event"]["type"]) == (
            True,
            False,
            "OUTGOING_CHANNEL_MESSAGE_CREATED",
        )
        assert receiver.received == []
        delivered = control.post("/_fake/webhooks/deliver").json()
        assert [(d["statusCode"], d["pending"]) for d in delivered["results"]] == [(200, False)]
        assert control.post("/_fake/webhooks/deliver").json()["total"] == 0  # nothing queued any more
        (received,) = receiver.received
    assert json.loads(received.body)["message"]["text"] == "later"
    assert control.get("/_fake/webhooks").json()["results"][0]["pending"] is False


def test_account_events_are_sent_signed_and_purged_archives_the_account(served_fake, control):
    fake, _ = served_fake
    with webhook_receiver() as receiver:
        channel = fake.create_channel(webhook_url=receiver.url)["id"]
        account = fake.create_channel_account(channel)["id"]
        for kind in ("CHANNEL_ACCOUNT_UPDATED", "CHANNEL_ACCOUNT_PURGED"):
            sent = control.post(
                "/_fake/account-events",
                json={"channelId": channel, "channelAccountId": account, "type": kind},
            )
            assert sent.status_code == 201, sent.text
            assert (sent.json()["statusCode"], sent.json()["event"]["type"]) == (200, kind)
        events = [json.loads(r.body) for r in receiver.received]
    assert [(e["type"], str(e["channelAccountId"])) for e in events] == [
        ("CHANNEL_ACCOUNT_UPDATED", account),
        ("CHANNEL_ACCOUNT_PURGED", account),
    ]
    assert all("X-HubSpot-Signature-v3" in r.headers for r in receiver.received)
    assert fake.get_channel_account(channel, account)["archived"] is True
    missing = control.post("/_fake/account-events", json={"channelId": channel, "channelAccountId": "999"})
    assert missing.status_code == 404


@pytest.mark.parametrize(
    ("path", "body"),
    [
        ("/_fake/faults", {"status": 500.0}),
        ("/_fake/faults", {"status": 503, "times": 1.0}),
        ("/_fake/staging-tokens", {"channelId": "1", "inboxId": 1001.0}),
        (
            "/_fake/agent-replies",
            {"channelId": "1", "channelAccountId": "2", "text": "x", "agentUserId": 5.0},
        ),
        ("/_fake/agent-replies", {"channelId": 1.0, "channelAccountId": "2", "text": "x"}),
        ("/_fake/oauth/install", {"portalId": 62515.0}),
    ],
)
def test_a_whole_number_written_as_a_float_is_a_400(served_fake, control, path, body):
    fake, _ = served_fake
    answer = control.post(path, json=body)
    assert answer.status_code == 400, answer.text
    assert (
        fake.faults.pending() == 0
        and fake.staging_tokens == []
        and fake.oauth.settings()["refreshTokens"] == 0
    )


def test_a_long_value_is_quoted_short_and_a_huge_body_is_a_413(served_fake, control):
    fake, _ = served_fake
    refused = control.post("/_fake/faults", json={"status": 500, "body": "a" * 100_000})
    assert refused.status_code == 400
    assert len(refused.content) < 2_000 and "body: " in refused.json()["message"]
    assert "is too long" in refused.json()["message"]
    huge = control.post("/_fake/faults", content=b'{"status": 500, "body": "' + b"a" * 2_000_000 + b'"}')
    assert huge.status_code == 413
    too_much = httpx.Request("POST", "http://fake/_fake/faults", content=b" " * (1024 * 1024 + 1))
    in_process = fake.transport().handle_request(too_much)
    assert in_process.status_code == 413
