"""Each of the 13 operations against the fake, in-process and over real HTTP."""

from __future__ import annotations

import uuid
from collections.abc import Iterator

import pytest

from tests.support.fake_support import PREFIX, Api, api_for, egg

pytest.importorskip("openapi_core")


@pytest.fixture(params=["inprocess", "http"])
def api(request: pytest.FixtureRequest) -> Iterator[Api]:
    with api_for(request.param) as api:
        yield api
    assert api.fake.bugs == []


def test_channel_lifecycle(api: Api) -> None:
    created = api.new_channel(webhookUrl="https://example.test/hook", channelDescription="d")
    assert created["id"].isdigit() and created["name"] == "Test channel" and "createdAt" in created

    got = api.channels("GET", f"/{created['id']}")
    assert got.status_code == 200 and got.json() == created

    patched = api.channels("PATCH", f"/{created['id']}", json={"name": "Renamed", "channelDescription": None})
    assert patched.status_code == 200
    body = patched.json()
    # Partial: untouched fields stay, null clears an optional field.
    assert body["name"] == "Renamed" and body["webhookUrl"] == "https://example.test/hook"
    assert "channelDescription" not in body

    assert api.channels("DELETE", f"/{created['id']}").status_code == 204
    gone = api.channels("GET", f"/{created['id']}")
    assert gone.status_code == 404 and gone.json()["category"] == "OBJECT_NOT_FOUND"
    assert api.channels("DELETE", f"/{created['id']}").status_code == 404
    assert api.channels("GET").json()["total"] == 0
    assert [c["id"] for c in api.fake.archived_channels] == [created["id"]]


def test_create_channel_answers_201_with_location(api: Api) -> None:
    r = api.channels("POST", json={"name": "n", "capabilities": {}})
    assert r.status_code == 201
    assert r.headers["Location"].endswith(f"{PREFIX}/{r.json()['id']}")


def test_channels_page_across_three_pages(api: Api) -> None:
    ids = [api.new_channel(name=f"c{i}")["id"] for i in range(7)]
    seen: list[str] = []
    pages = 0
    after: str | None = None
    while True:
        params = {"limit": 3, **({"after": after} if after else {})}
        body = api.channels("GET", params=params).json()
        pages += 1
        assert body["total"] == 7
        seen += [c["id"] for c in body["results"]]
        nxt = body.get("paging", {}).get("next")
        if nxt is None:
            break
        after = nxt["after"]
        assert f"after={after}" in nxt["link"] and "hapikey" not in nxt["link"]
    assert pages == 3 and seen == ids


def test_paging_cursor_survives_an_archive_between_pages(api: Api) -> None:
    ids = [api.new_channel(name=f"c{i}")["id"] for i in range(4)]
    first = api.channels("GET", params={"limit": 2}).json()
    api.channels("DELETE", f"/{ids[0]}")
    second = api.channels("GET", params={"limit": 2, "after": first["paging"]["next"]["after"]}).json()
    assert [c["id"] for c in second["results"]] == ids[2:]


def test_paging_descending_sort(api: Api) -> None:
    ids = [api.new_channel(name=f"c{i}")["id"] for i in range(3)]
    body = api.channels("GET", params={"sort": "-createdAt"}).json()
    assert [c["id"] for c in body["results"]] == ids[::-1]


def test_channel_accounts(api: Api) -> None:
    channel = api.new_channel()
    cid = channel["id"]
    phone = {"type": "HS_PHONE_NUMBER", "value": "+15550001"}
    a1 = api.new_account(cid, name="A", deliveryIdentifier=phone)
    a2 = api.new_account(
        cid, name="B", deliveryIdentifier={"type": "CHANNEL_SPECIFIC_OPAQUE_ID", "value": "x"}
    )
    assert a1["channelId"] == cid and a1["active"] is True and a1["archived"] is False

    r = api.oauth("GET", f"/{cid}/channel-accounts/{a1['id']}")
    assert r.status_code == 200 and r.json() == a1

    r = api.oauth("PATCH", f"/{cid}/channel-accounts/{a1['id']}", json={"authorized": False})
    assert r.status_code == 200 and r.json()["authorized"] is False and r.json()["name"] == "A"

    everything = api.oauth("GET", f"/{cid}/channel-accounts").json()
    assert everything["total"] == 2 and [a["id"] for a in everything["results"]] == [a1["id"], a2["id"]]
    by_type = api.oauth(
        "GET", f"/{cid}/channel-accounts", params={"deliveryIdentifierType": "HS_PHONE_NUMBER"}
    )
    assert [a["id"] for a in by_type.json()["results"]] == [a1["id"]]
    by_value = api.oauth("GET", f"/{cid}/channel-accounts", params={"deliveryIdentifierValue": ["x", "nope"]})
    assert [a["id"] for a in by_value.json()["results"]] == [a2["id"]]

    paged = api.oauth("GET", f"/{cid}/channel-accounts", params={"limit": 1}).json()
    assert len(paged["results"]) == 1 and paged["paging"]["next"]["after"] == a2["id"]

    # Accounts belong to their channel.
    other = api.new_channel(name="other")
    assert api.oauth("GET", f"/{other['id']}/channel-accounts/{a1['id']}").status_code == 404
    assert api.oauth("GET", f"/{other['id']}/channel-accounts").json()["total"] == 0


def test_accounts_of_an_archived_or_unknown_channel_are_404(api: Api) -> None:
    cid = api.new_channel()["id"]
    api.channels("DELETE", f"/{cid}")
    for method, path in [("GET", f"/{cid}/channel-accounts"), ("GET", "/999/channel-accounts/1")]:
        r = api.oauth(method, path)
        assert r.status_code == 404 and r.json()["category"] == "OBJECT_NOT_FOUND"


def test_purged_account_is_hidden_unless_archived_requested(api: Api) -> None:
    cid = api.new_channel()["id"]
    aid = api.new_account(cid)["id"]
    api.fake.account_event(cid, aid, "CHANNEL_ACCOUNT_PURGED", deliver=False)
    assert api.oauth("GET", f"/{cid}/channel-accounts/{aid}").status_code == 404
    r = api.oauth("GET", f"/{cid}/channel-accounts/{aid}", params={"archived": "true"})
    assert r.status_code == 200 and r.json()["archived"] is True
    assert api.oauth("GET", f"/{cid}/channel-accounts", params={"archived": "true"}).json()["total"] == 1


def test_staging_token(api: Api) -> None:
    cid = api.new_channel()["id"]
    token = api.fake.create_staging_token(cid)
    body = {"accountName": "Shop", "deliveryIdentifier": {"type": "HS_EMAIL_ADDRESS", "value": "a@b.test"}}
    r = api.oauth("PATCH", f"/{cid}/channel-account-staging-tokens/{token}", json=body)
    assert r.status_code == 200
    assert r.json()["accountToken"] == token and r.json()["accountName"] == "Shop"
    assert r.json()["genericChannelId"] == int(cid)
    assert api.oauth("PATCH", f"/{cid}/channel-account-staging-tokens/unknown", json=body).status_code == 404


def test_publish_get_and_status_updates(api: Api) -> None:
    cid = api.new_channel()["id"]
    aid = api.new_account(cid)["id"]
    r = api.publish(cid, aid, integrationThreadId="thread-1")
    assert r.status_code == 201
    message = r.json()
    assert r.headers["Location"].endswith(f"/{cid}/messages/{message['id']}")
    assert message["client"] == {"clientType": "INTEGRATION", "integrationAppId": api.fake.app_id}
    assert message["status"] == {"statusType": "RECEIVED"}
    assert message["direction"] == "INCOMING" and message["text"] == "Hello from a visitor"
    assert message["senders"][0]["deliveryIdentifier"]["value"] == "visitor-1"
    assert message["createdAt"] and message["updatedAt"] and message["conversationsThreadId"]

    # Same integrationThreadId: same conversation thread; another: a new one.
    same = api.publish(cid, aid, integrationThreadId="thread-1").json()
    other = api.publish(cid, aid, integrationThreadId="thread-2").json()
    assert same["conversationsThreadId"] == message["conversationsThreadId"] != other["conversationsThreadId"]

    assert api.oauth("GET", f"/{cid}/messages/{message['id']}").json() == message

    path = f"/{cid}/messages/{message['id']}"
    sent = api.oauth("PATCH", path, json={"statusType": "SENT"})
    assert sent.status_code == 200 and sent.json()["status"] == {"statusType": "SENT"}
    read = api.oauth("PATCH", path, json={"statusType": "READ"}).json()
    assert read["status"] == {"statusType": "READ"}
    failed = api.oauth("PATCH", path, json={"statusType": "FAILED", "errorMessage": "blocked"}).json()
    assert failed["status"] == {
        "statusType": "FAILED",
        "failureDetails": {"errorMessage": "blocked", "errorMessageTokens": {}},
    }
    assert api.fake.get_message(message["id"])["status"]["statusType"] == "FAILED"


def test_publish_is_idempotent_per_channel(api: Api) -> None:
    cid = api.new_channel()["id"]
    aid = api.new_account(cid)["id"]
    key = str(uuid.uuid4())
    first = api.publish(cid, aid, integrationIdempotencyId=key)
    again = api.publish(cid, aid, integrationIdempotencyId=key, text="changed")
    assert first.status_code == again.status_code == 201
    assert again.json() == first.json()
    assert len(api.fake.messages) == 1
    # The key is scoped to the channel.
    cid2 = api.new_channel(name="two")["id"]
    aid2 = api.new_account(cid2)["id"]
    assert api.publish(cid2, aid2, integrationIdempotencyId=key).json()["id"] != first.json()["id"]


def test_publish_with_attachments(api: Api) -> None:
    cid = api.new_channel()["id"]
    aid = api.new_account(cid)["id"]
    attachments = [
        {"type": "FILE", "fileId": "123", "fileUsageType": "IMAGE"},
        {"type": "LOCATION", "latitude": 52.5, "longitude": 13.4},
        {"type": "QUICK_REPLIES", "quickReplies": [{"value": "yes", "valueType": "TEXT"}]},
    ]
    r = api.publish(cid, aid, attachments=attachments)
    assert r.status_code == 201, r.text
    assert [a["type"] for a in r.json()["attachments"]] == ["FILE", "LOCATION", "QUICK_REPLIES"]


def test_publish_outgoing_is_sent(api: Api) -> None:
    cid = api.new_channel()["id"]
    aid = api.new_account(cid)["id"]
    r = api.publish(cid, aid, messageDirection="OUTGOING")
    assert r.status_code == 201 and r.json()["status"] == {"statusType": "SENT"}


def test_publish_to_a_foreign_account_is_rejected(api: Api) -> None:
    cid = api.new_channel()["id"]
    r = api.publish(cid, "424242")
    assert r.status_code == 400 and r.json()["category"] == "VALIDATION_ERROR"
    assert api.fake.messages == []


@pytest.mark.parametrize(
    ("method", "path", "body"),
    [
        ("GET", "/{cid}/messages/nope", None),
        ("PATCH", "/{cid}/messages/nope", {"statusType": "SENT"}),
        ("GET", "/{cid}/channel-accounts/123", None),
        ("PATCH", "/{cid}/channel-accounts/123", {"name": "x"}),
        ("GET", "/99999/messages/nope", None),
    ],
)
def test_unknown_ids_are_404_with_hubspot_error_body(api: Api, method: str, path: str, body: object) -> None:
    cid = api.new_channel()["id"]
    r = api.oauth(method, path.format(cid=cid), json=body)
    assert r.status_code == 404
    error = r.json()
    assert error["status"] == "error" and error["category"] == "OBJECT_NOT_FOUND" and error["message"]
    assert uuid.UUID(error["correlationId"]).version == 4


def test_message_of_another_channel_is_404(api: Api) -> None:
    cid = api.new_channel()["id"]
    aid = api.new_account(cid)["id"]
    mid = api.publish(cid, aid).json()["id"]
    other = api.new_channel(name="other")["id"]
    assert api.oauth("GET", f"/{other}/messages/{mid}").status_code == 404


def test_unknown_route_and_method(api: Api) -> None:
    assert api.oauth("GET", "/1/nothing-here").status_code == 404
    assert api.channels("PUT", "/1").status_code == 405


def test_rate_limit_headers_on_every_response(api: Api) -> None:
    ok = api.channels("GET")
    missing = api.oauth("GET", "/1/messages/x")
    for r in (ok, missing):
        assert r.headers["X-HubSpot-RateLimit-Max"] == "190"
        assert r.headers["X-HubSpot-RateLimit-Interval-Milliseconds"] == "10000"
        assert int(r.headers["X-HubSpot-RateLimit-Remaining"]) < 190
    # Daily headers only on developer-key calls, as HubSpot omits them for OAuth.
    assert "X-HubSpot-RateLimit-Daily" in ok.headers and "X-HubSpot-RateLimit-Daily" not in missing.headers


def test_request_log(api: Api) -> None:
    cid = api.new_channel()["id"]
    aid = api.new_account(cid)["id"]
    api.publish(cid, aid)
    (record,) = api.fake.requests_for("publish_message")
    assert record.method == "POST" and record.path == f"{PREFIX}/{cid}/messages"
    assert record.json["channelAccountId"] == aid and record.status == 201
    assert record.headers["authorization"] == "Bearer fake-access-token"
    assert record.path_params == {"channelId": cid}
    assert record.response_json["id"] == api.fake.messages[0]["id"]
    assert [r.operation for r in api.fake.requests] == [
        "create_channel",
        "create_channel_account",
        "publish_message",
    ]


def test_egg_helper_is_valid() -> None:
    assert egg("1")["channelAccountId"] == "1"


def test_concurrent_clients_are_safe() -> None:
    """Threads publishing at once: every message stored once, shared idempotency ids honoured."""
    import threading

    with api_for("inprocess") as api:
        cid = api.new_channel()["id"]
        aid = api.new_account(cid)["id"]
        ids: list[str] = []
        errors: list[Exception] = []

        def worker(n: int) -> None:
            try:
                for i in range(15):
                    key = f"shared-{i}" if i % 3 == 0 else f"own-{n}-{i}"
                    r = api.publish(cid, aid, integrationIdempotencyId=key)
                    assert r.status_code == 201
                    ids.append(r.json()["id"])
            except Exception as exc:  # noqa: BLE001 (surfaced below; a thread's assert is otherwise lost)
                errors.append(exc)

        threads = [threading.Thread(target=worker, args=(n,)) for n in range(6)]
        for t in threads:
            t.start()
        for t in threads:
            t.join()
        assert errors == []
        assert len(ids) == 90
        assert len(api.fake.messages) == len(set(ids)) == 5 + 6 * 10
