"""The fake validates requests (400 with the violations) and its own responses (a bug: raise)."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from hubspot_channels.testing import FakeHubSpot, ResponseValidationError, _handlers
from hubspot_channels.testing._http import json_response
from tests.support.fake_support import Api, api_for, egg


@pytest.fixture
def api() -> Iterator[Api]:
    with api_for("inprocess") as api:
        yield api


def test_bad_body_is_400_with_every_violation(api: Api) -> None:
    cid = api.new_channel()["id"]
    aid = api.new_account(cid)["id"]
    bad = egg(aid, messageDirection="SIDEWAYS", senders=[{"name": "no identifier"}])
    del bad["text"]
    r = api.oauth("POST", f"/{cid}/messages", json=bad)
    assert r.status_code == 400
    body = r.json()
    assert body["status"] == "error" and body["category"] == "VALIDATION_ERROR" and body["correlationId"]
    fields = {e["context"]["field"][0]: e for e in body["errors"]}
    assert set(fields) == {"text", "messageDirection", "senders.0.deliveryIdentifier"}
    assert all(e["in"] == "body" and e["message"] for e in body["errors"])
    assert fields["text"]["code"] == "REQUIRED_FIELD" and fields["messageDirection"]["code"] == "INVALID_ENUM"
    assert api.fake.messages == []


def test_bad_attachment_names_the_variant_problem(api: Api) -> None:
    cid = api.new_channel()["id"]
    aid = api.new_account(cid)["id"]
    r = api.publish(cid, aid, attachments=[{"type": "LOCATION", "latitude": "north"}])
    assert r.status_code == 400
    fields = sorted(e["context"]["field"][0] for e in r.json()["errors"])
    assert fields == ["attachments.0.latitude", "attachments.0.longitude"]


def test_unknown_attachment_type_is_rejected(api: Api) -> None:
    cid = api.new_channel()["id"]
    aid = api.new_account(cid)["id"]
    r = api.publish(cid, aid, attachments=[{"type": "HOLOGRAM"}])
    assert r.status_code == 400 and "HOLOGRAM" in r.json()["message"]


def test_bad_parameters_are_400(api: Api) -> None:
    r = api.oauth("GET", "/not-a-number/messages/x")
    assert r.status_code == 400
    assert r.json()["errors"][0]["in"] == "path" and r.json()["errors"][0]["context"] == {
        "field": ["channelId"]
    }
    r = api.channels("GET", params={"limit": "many"})
    assert r.status_code == 400 and r.json()["errors"][0]["in"] == "query"


def test_status_update_body_is_validated(api: Api) -> None:
    cid = api.new_channel()["id"]
    aid = api.new_account(cid)["id"]
    mid = api.publish(cid, aid).json()["id"]
    r = api.oauth("PATCH", f"/{cid}/messages/{mid}", json={"statusType": "DELIVERED"})
    assert r.status_code == 400 and r.json()["errors"][0]["context"] == {"field": ["statusType"]}
    r = api.oauth("PATCH", f"/{cid}/messages/{mid}", json={})
    assert r.status_code == 400 and r.json()["errors"][0]["code"] == "REQUIRED_FIELD"
    assert api.fake.get_message(mid)["status"] == {"statusType": "RECEIVED"}


def test_missing_body_and_wrong_content_type(api: Api) -> None:
    r = api.channels("POST")
    assert r.status_code == 400 and r.json()["category"] == "VALIDATION_ERROR"
    r = api.channels("POST", content=b"name=x", headers={"Content-Type": "application/x-www-form-urlencoded"})
    assert r.status_code == 415


def test_request_validation_can_be_switched_off() -> None:
    fake = FakeHubSpot(validate_requests=False)
    with api_for("inprocess", fake) as api:
        cid = api.new_channel()["id"]
        aid = api.new_account(cid)["id"]
        mid = api.publish(cid, aid).json()["id"]
        r = api.oauth("PATCH", f"/{cid}/messages/{mid}", json={"statusType": "DELIVERED"})
    # The document's enum is not enforced any more; responses are still checked.
    assert r.status_code == 200 and r.json()["status"] == {"statusType": "DELIVERED"}


def test_a_whole_scenario_produces_only_valid_responses() -> None:
    """Every response of a realistic session is validated against the document (no bug raised)."""
    fake = FakeHubSpot()
    assert fake.validate_responses
    with api_for("inprocess", fake) as api:
        channel = api.new_channel(webhookUrl="http://127.0.0.1:9/unused")
        cid = channel["id"]
        api.channels("GET")
        api.channels("PATCH", f"/{cid}", json={"capabilities": {"richText": ["BOLD"]}})
        token = fake.create_staging_token(cid)
        api.oauth("PATCH", f"/{cid}/channel-account-staging-tokens/{token}", json={"accountName": "x"})
        aid = api.new_account(cid, deliveryIdentifier={"type": "HS_EMAIL_ADDRESS", "value": "a@b.test"})["id"]
        api.oauth("GET", f"/{cid}/channel-accounts", params={"limit": 1})
        api.oauth("GET", f"/{cid}/channel-accounts/{aid}")
        api.oauth("PATCH", f"/{cid}/channel-accounts/{aid}", json={"name": "y"})
        mid = api.publish(cid, aid, attachments=[{"type": "FILE", "fileId": "1"}]).json()["id"]
        api.oauth("GET", f"/{cid}/messages/{mid}")
        for status in ("SENT", "READ", "FAILED"):
            api.oauth("PATCH", f"/{cid}/messages/{mid}", json={"statusType": status, "errorMessage": "e"})
        reply = fake.agent_reply(cid, aid, "agent text", deliver=False)
        api.oauth("GET", f"/{cid}/messages/{reply['id']}")
        # Error answers are validated too (against the `default` Error response).
        api.oauth("GET", f"/{cid}/messages/unknown")
        api.oauth("GET", f"/{cid}/messages/unknown", headers={"Authorization": "Bearer wrong"})
        api.publish(cid, aid, text=5)
        api.channels("DELETE", f"/{cid}")
    statuses = [r.status for r in fake.requests]
    assert None not in statuses and {200, 201, 204, 400, 401, 404} <= set(statuses)
    assert fake.bugs == []


def test_an_invalid_response_from_the_fake_raises(api: Api, monkeypatch: pytest.MonkeyPatch) -> None:
    def broken(store: object, call: object) -> object:
        return json_response(200, {"results": "not a list", "total": "seven"})

    monkeypatch.setitem(_handlers.HANDLERS, "list_channels", broken)  # type: ignore[arg-type]
    with pytest.raises(ResponseValidationError, match="list_channels"):
        api.channels("GET")
    assert len(api.fake.bugs) == 1


def test_an_invalid_response_over_http_is_500_and_raised_at_exit(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(
        _handlers.HANDLERS, "list_channels", lambda store, call: json_response(200, {"total": 1})
    )
    fake = FakeHubSpot()
    with pytest.raises(ResponseValidationError), api_for("http", fake) as api:
        r = api.channels("GET")
        assert r.status_code == 500 and "bug" in r.json()["message"]


def test_a_huge_invalid_value_is_quoted_short_in_the_400(api: Api) -> None:
    cid = api.new_channel()["id"]
    aid = api.new_account(cid)["id"]
    r = api.publish(cid, aid, messageDirection="S" * 100_000)
    assert r.status_code == 400
    assert len(r.content) < 5_000  # named, with its length, not echoed back (twice) whole
    assert "(100002 characters) is not one of" in r.json()["message"]
