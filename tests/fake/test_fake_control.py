"""The control API under /_fake on the served fake, each endpoint over a real socket, and its strictness:
every malformed control request is a 4xx that says what is wrong, never a 500 or a silent default."""

from __future__ import annotations

import json

import httpx
import pytest

from hubspot_channels import API_VERSIONS
from hubspot_channels.testing import FakeHubSpot
from tests.support.fake_support import v3_signature, webhook_receiver

VISITOR = [{"deliveryIdentifier": {"type": "HS_PHONE_NUMBER", "value": "+15550199"}, "name": "Ada"}]


def _channel_and_account(fake: FakeHubSpot, webhook_url: str | None = None) -> tuple[str, str]:
    channel = fake.create_channel("SMS", webhook_url=webhook_url)["id"]
    return channel, fake.create_channel_account(channel)["id"]


def test_the_index_lists_every_version_and_every_control_endpoint(control):
    index = control.get("/_fake")
    assert index.status_code == 200
    body = index.json()
    assert list(body["versions"]) == list(API_VERSIONS)
    assert "/conversations/v3/custom-channels/{channelId}" in body["versions"]["v3"]
    assert body["control"]["agent_reply"] == "POST /_fake/agent-replies"
    assert body["control"]["reset"] == "POST /_fake/reset"


def test_the_control_api_describes_itself_in_openapi(control):
    document = control.get("/_fake/openapi.json").json()
    assert document["openapi"].startswith("3.1")
    assert set(document["paths"]) >= {
        "/_fake/agent-replies",
        "/_fake/faults",
        "/_fake/requests",
        "/_fake/reset",
    }


def test_an_agent_reply_is_stored_and_delivered_signed_to_the_webhook(served_fake, control):
    fake, _ = served_fake
    with webhook_receiver() as receiver:
        channel, account = _channel_and_account(fake, receiver.url)
        answer = control.post(
            "/_fake/agent-replies",
            json={
                "channelId": channel,
                "channelAccountId": int(account),
                "text": "On its way",
                "recipients": VISITOR,
            },
        )
        assert answer.status_code == 201, answer.text
        reply = answer.json()
        assert reply["webhook"] == {"url": receiver.url, "sent": True, "statusCode": 200, "error": None}
        assert len(receiver.received) == 1
    message = reply["message"]
    assert message["direction"] == "OUTGOING" and message["text"] == "On its way"
    assert fake.get_message(message["id"]) == message  # the same store the Python API reads
    received = receiver.received[0]
    event = received.json
    assert event["type"] == "OUTGOING_CHANNEL_MESSAGE_CREATED" and event["message"]["id"] == message["id"]
    headers = {k.lower(): v for k, v in received.headers.items()}
    expected = v3_signature(
        fake.client_secret, "POST", receiver.url, received.body, headers["x-hubspot-request-timestamp"]
    )
    assert headers["x-hubspot-signature-v3"] == expected


def test_an_agent_reply_without_delivery_is_queued(served_fake, control):
    fake, _ = served_fake
    channel, account = _channel_and_account(fake, "http://127.0.0.1:9/never")
    answer = control.post(
        "/_fake/agent-replies",
        json={
            "channelId": channel,
            "channelAccountId": account,
            "text": "later",
            "recipients": VISITOR,
            "deliver": False,
        },
    )
    assert answer.status_code == 201 and answer.json()["webhook"]["sent"] is False
    assert [d.sent for d in fake.webhook_deliveries] == [False]


@pytest.mark.parametrize(
    ("body", "status", "words"),
    [
        (
            {"channelId": "999", "channelAccountId": "1", "text": "x", "recipients": VISITOR},
            404,
            "Channel 999",
        ),
        ({"text": "x", "channelAccountId": "1"}, 400, "'channelId' is a required property"),
        ({"channelId": "1", "channelAccountId": "1", "text": 5}, 400, "text: 5 is not of type 'string'"),
        ({"channelId": "1/2", "channelAccountId": "1", "text": "x"}, 400, "channelId"),
        (
            {"channelId": "1", "channelAccountId": "1", "text": "x", "sender": "me"},
            400,
            "'sender' was unexpected",
        ),
    ],
)
def test_a_bad_agent_reply_says_why(served_fake, control, body, status, words):
    answer = control.post("/_fake/agent-replies", json=body)
    assert answer.status_code == status, answer.text
    assert words in answer.json()["message"]
    assert answer.json()["category"] in {"VALIDATION_ERROR", "OBJECT_NOT_FOUND"}


def test_an_agent_reply_with_nobody_to_reply_to_is_a_409(served_fake, control):
    fake, _ = served_fake
    channel, account = _channel_and_account(fake)
    answer = control.post(
        "/_fake/agent-replies", json={"channelId": channel, "channelAccountId": account, "text": "x"}
    )
    assert answer.status_code == 409 and "recipients" in answer.json()["message"]


@pytest.mark.parametrize(
    ("content", "headers", "status", "words"),
    [
        (b'{"channelId": ', {"Content-Type": "application/json"}, 400, "Invalid input JSON on line 1"),
        (b"\xff\xfe", {"Content-Type": "application/json"}, 400, "not UTF-8"),
        (b"[1, 2]", {"Content-Type": "application/json"}, 400, "is not of type 'object'"),
        (b"", {}, 400, "a JSON object body is required"),
        (b"channelId=1", {"Content-Type": "application/x-www-form-urlencoded"}, 415, "application/json"),
    ],
)
def test_bad_json_is_a_400_with_a_message(control, content, headers, status, words):
    answer = control.post("/_fake/agent-replies", content=content, headers=headers)
    assert answer.status_code == status, answer.text
    assert words in answer.json()["message"]


def test_a_staging_token_is_made_on_the_hubspot_side(served_fake, control):
    fake, _ = served_fake
    channel = fake.create_channel()["id"]
    answer = control.post("/_fake/staging-tokens", json={"channelId": channel, "inboxId": 77})
    assert answer.status_code == 201
    token = answer.json()["accountToken"]
    assert [t["inboxId"] for t in fake.staging_tokens if t["accountToken"] == token] == [77]
    assert control.post("/_fake/staging-tokens", json={"channelId": "424242"}).status_code == 404


def test_faults_are_added_listed_and_cleared(served_fake, control):
    fake, _ = served_fake
    added = control.post(
        "/_fake/faults", json={"operation": "get_channel", "status": 503, "times": 2, "version": "2026-09"}
    )
    assert added.status_code == 201, added.text
    assert added.json() == {"operation": "get_channel", "status": 503, "version": "2026-09", "remaining": 2}
    control.post("/_fake/faults", json={"path": "*/messages/*", "delay": 0.5, "times": None})
    listed = control.get("/_fake/faults").json()
    assert listed["total"] == 2
    assert listed["results"][1] == {"operation": "*", "path": "*/messages/*", "delay": 0.5, "remaining": None}
    assert fake.faults.pending() == 3  # the Python API sees what HTTP scheduled
    assert control.delete("/_fake/faults").status_code == 204
    assert fake.faults.pending() == 0 and control.get("/_fake/faults").json() == {"results": [], "total": 0}


@pytest.mark.parametrize(
    ("body", "words"),
    [
        ({"operation": "no_such_operation", "status": 500}, "unknown operation 'no_such_operation'"),
        ({"status": 200}, "status: 200 is less than the minimum of 400"),
        ({"status": "503"}, "status: '503' is not of type 'integer'"),
        ({"drop": "yes"}, "drop: 'yes' is not one of ['protocol', 'read']"),
        ({"version": "2025-01", "status": 500}, "version: '2025-01' is not one of"),
        ({"times": 0, "status": 500}, "times: 0"),
        ({"delay": 0}, "delay: 0 is less than or equal to the minimum of 0"),
        ({"status": 500, "retryAfter": -1}, "retryAfter: -1 is less than the minimum of 0"),
        ({"stauts": 503}, "'stauts' was unexpected"),
        ({}, "a fault needs at least one of status"),
        ({"operation": "get_channel", "times": 3}, "a fault needs at least one of status"),
    ],
)
def test_a_bad_fault_is_a_400_that_says_why(served_fake, control, body, words):
    fake, _ = served_fake
    answer = control.post("/_fake/faults", json=body)
    assert answer.status_code == 400, answer.text
    assert words in answer.json()["message"]
    assert fake.faults.pending() == 0


def test_the_requests_log_shows_calls_and_can_be_cleared(served_fake, control):
    fake, base_url = served_fake
    channel = fake.create_channel()["id"]
    params = {"hapikey": fake.developer_api_key, "appId": str(fake.app_id)}
    httpx.get(f"{base_url}/conversations/custom-channels/2026-09/{channel}", params=params)
    httpx.get(f"{base_url}/conversations/v3/custom-channels/424242", params=params)
    log = control.get("/_fake/requests").json()
    assert [(r["method"], r["path"], r["status"], r["version"]) for r in log["results"]] == [
        ("GET", f"/conversations/custom-channels/2026-09/{channel}", 200, "2026-09"),
        ("GET", "/conversations/v3/custom-channels/424242", 404, "v3"),
    ]
    assert log["total"] == 2 and all(r["operation"] == "get_channel" for r in log["results"])
    assert control.delete("/_fake/requests").status_code == 204
    assert control.get("/_fake/requests").json()["total"] == 0  # control calls are not logged


def test_the_requests_log_masks_every_credential(served_fake, control):
    fake, base_url = served_fake
    channel = fake.create_channel()["id"]
    token = fake.create_staging_token(channel)
    params = {"hapikey": fake.developer_api_key, "appId": str(fake.app_id)}
    httpx.get(f"{base_url}/conversations/custom-channels/2026-03", params=params)
    httpx.patch(
        f"{base_url}/conversations/custom-channels/2026-03/{channel}/channel-account-staging-tokens/{token}",
        headers={"Authorization": f"Bearer {fake.access_token}"},
        json={"accountName": "x"},
    )
    # A wrong token is masked too, and so is the fake's own secret wherever a client put it.
    httpx.get(
        f"{base_url}/conversations/custom-channels/2026-03/{channel}/messages/{fake.client_secret}",
        headers={"Authorization": "Bearer wrong-token-123456"},
    )
    text = control.get("/_fake/requests").text
    for secret in (
        fake.developer_api_key,
        fake.access_token,
        token,
        fake.client_secret,
        "wrong-token-123456",
    ):
        assert secret not in text
    log = json.loads(text)["results"]
    assert log[0]["query"] == {"hapikey": ["***"], "appId": [str(fake.app_id)]}
    assert log[0]["credential"] == "hapikey ***"
    assert (
        log[1]["path"].endswith("/channel-account-staging-tokens/***")
        and log[1]["credential"] == "Bearer ***"
    )
    assert log[1]["status"] == 200 and log[2]["path"].endswith("/messages/***")
    assert fake.request_log() == log  # the Python API answers the same


def test_reset_forgets_state_faults_log_and_webhooks(served_fake, control):
    fake, base_url = served_fake
    channel, account = _channel_and_account(fake, "http://127.0.0.1:9/never")
    fake.agent_reply(channel, account, "x", recipients=VISITOR, deliver=False)
    fake.faults.add("get_channel", status=500, times=None)
    httpx.get(f"{base_url}/conversations/custom-channels/2026-03")
    assert control.post("/_fake/reset").status_code == 204
    assert (fake.channels, fake.messages, fake.requests, fake.webhook_deliveries) == ([], [], [], [])
    assert fake.faults.pending() == 0
    assert fake.create_channel()["id"] == channel  # ids start over, as in a fresh fake
    assert control.post("/_fake/reset", json={}).status_code == 204
    assert control.post("/_fake/reset", json={"everything": True}).status_code == 400


@pytest.mark.parametrize(
    ("method", "path", "status"),
    [
        ("GET", "/_fake/nothing-here", 404),
        ("PUT", "/_fake/faults", 405),
        ("GET", "/_fake/reset", 405),
        ("GET", "/_fake/requests?limit=3", 400),  # strict: no undeclared query parameter
        ("DELETE", "/_fake/faults?operation=get_channel", 400),
    ],
)
def test_undeclared_control_requests_are_refused(control, method, path, status):
    answer = control.request(method, path)
    assert answer.status_code == status, answer.text
    assert answer.json()["status"] == "error"
    if status == 405:
        assert answer.headers["Allow"]


def test_the_python_api_uses_the_same_control_in_process():
    fake = FakeHubSpot()
    with httpx.Client(transport=fake.transport(), base_url="https://api.hubapi.com") as http:
        answer = http.post("/_fake/faults", json={"operation": "list_channels", "status": 502})
        assert answer.status_code == 201
        assert fake.faults.pending("list_channels") == 1
        assert http.post("/_fake/reset").status_code == 204
    assert fake.faults.pending() == 0 and fake.requests == []
