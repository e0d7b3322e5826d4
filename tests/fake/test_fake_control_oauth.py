"""The served fake's OAuth side driven from outside (/_fake/oauth...), the token endpoint as a faultable,
logged route, and reset forgetting the OAuth state: all over a real socket, with the public client."""

from __future__ import annotations

import httpx

from hubspot_channels import CustomChannelsClient, OAuthRefresh
from hubspot_channels.testing import FakeHubSpot

TOKEN_PATH = "/oauth/2026-03/token"


def _exchange(control: httpx.Client, refresh_token: str, client_id: str = "fake-client-id") -> httpx.Response:
    form = {
        "grant_type": "refresh_token",
        "client_id": client_id,
        "client_secret": "fake-client-secret",
        "refresh_token": refresh_token,
    }
    return control.post(TOKEN_PATH, data=form)


def _install(control: httpx.Client, **body: object) -> str:
    answer = control.post("/_fake/oauth/install", json=body) if body else control.post("/_fake/oauth/install")
    assert answer.status_code == 201, answer.text
    shown = answer.json()
    assert (shown["clientId"], shown["tokenPath"]) == ("fake-client-id", TOKEN_PATH)
    return str(shown["refreshToken"])


def test_an_outside_client_refreshes_end_to_end_and_once_more_after_an_expiry(served_fake, control):
    fake, base_url = served_fake
    channel = fake.create_channel()["id"]
    account = fake.create_channel_account(channel)["id"]
    refresh = OAuthRefresh(
        client_id="fake-client-id", client_secret="fake-client-secret", refresh_token=_install(control)
    )
    with CustomChannelsClient(
        access_token=refresh,
        base_url=base_url,
        developer_api_key=fake.developer_api_key,
        app_id=fake.app_id,
        max_retries=0,
    ) as client:
        assert client.channel_accounts.get(channel, account).id == account
        assert control.post("/_fake/oauth/expire").status_code == 204  # HubSpot expired it early
        assert client.channel_accounts.get(channel, account).id == account  # a 401, one refresh, a retry
    exchanges = control.get("/_fake/oauth").json()["tokenRequests"]
    assert [(e["path"], e["grantType"], e["status"]) for e in exchanges] == [
        (TOKEN_PATH, "refresh_token", 200)
    ] * 2
    statuses = [(r["operation"], r["status"]) for r in control.get("/_fake/requests").json()["results"]]
    assert statuses == [
        ("oauth_token", 200),
        ("get_channel_account", 200),
        ("get_channel_account", 401),
        ("oauth_token", 200),
        ("get_channel_account", 200),
    ]


def test_a_revoked_refresh_token_is_invalid_grant(control):
    token = _install(control, portalId=777)
    assert _exchange(control, token).json()["hub_id"] == 777
    assert control.post("/_fake/oauth/revoke", json={"refreshToken": token}).status_code == 204
    refused = _exchange(control, token)
    assert (refused.status_code, refused.json()["error"]) == (400, "invalid_grant")


def test_the_settings_change_the_client_id_the_lifetime_and_the_rotation(control):
    changed = control.patch("/_fake/oauth", json={"clientId": "my-app", "lifetime": 0, "rotate": True})
    assert changed.status_code == 200
    assert {k: changed.json()[k] for k in ("clientId", "lifetime", "rotate")} == {
        "clientId": "my-app",
        "lifetime": 0,
        "rotate": True,
    }
    token = control.post("/_fake/oauth/install").json()["refreshToken"]
    assert _exchange(control, token).json()["error"] == "invalid_client"  # the old client id
    answer = _exchange(control, token, client_id="my-app").json()
    assert answer["refresh_token"] != token  # rotated
    assert _exchange(control, token, client_id="my-app").json()["error"] == "invalid_grant"
    expired = control.get(
        "/conversations/custom-channels/2026-03/1/channel-accounts/2",
        headers={"Authorization": f"Bearer {answer['access_token']}"},
    )
    assert (expired.status_code, expired.json()["category"]) == (401, "EXPIRED_AUTHENTICATION")
    assert control.get("/_fake/oauth").json()["liveAccessTokens"] == 0


def test_faults_reach_the_token_endpoint_by_name_and_through_any(control):
    token = _install(control)
    added = control.post("/_fake/faults", json={"operation": "oauth_token", "status": 502, "times": 1})
    assert added.status_code == 201, added.text
    assert _exchange(control, token).status_code == 502
    assert control.post("/_fake/faults", json={"drop": "protocol"}).status_code == 201
    try:
        _exchange(control, token)
        raise AssertionError("the dropped exchange got an answer")
    except httpx.RemoteProtocolError:
        pass
    assert _exchange(control, token).status_code == 200
    log = control.get("/_fake/requests").json()["results"]
    assert [(r["operation"], r["status"]) for r in log] == [
        ("oauth_token", 502),
        ("oauth_token", None),
        ("oauth_token", 200),
    ]


def test_the_token_endpoint_takes_only_post(control):
    answer = control.get(TOKEN_PATH)
    assert (answer.status_code, answer.headers["allow"]) == (405, "POST")


def test_reset_forgets_the_oauth_state_but_keeps_the_settings(served_fake, control):
    fake, _ = served_fake
    control.patch("/_fake/oauth", json={"lifetime": 60})
    token = _install(control)
    access = _exchange(control, token).json()["access_token"]
    fake.oauth.fail_next(503)
    assert control.post("/_fake/reset").status_code == 204
    shown = control.get("/_fake/oauth").json()
    assert (shown["refreshTokens"], shown["liveAccessTokens"], shown["tokenRequests"]) == (0, 0, [])
    assert (shown["clientId"], shown["lifetime"]) == ("fake-client-id", 60)
    assert _exchange(control, token).json()["error"] == "invalid_grant"  # not the queued 503
    # a token given out before the reset is still masked in requests logged after it
    assert control.get(f"/nowhere/{access}").status_code == 404
    assert access not in control.get("/_fake/requests").text


def test_the_log_masks_credentials_rotated_since_and_query_names() -> None:
    fake = FakeHubSpot()
    with fake.serve() as base_url:
        old = fake.access_token
        httpx.get(f"{base_url}/nowhere/{old}", params={old: "1"})
        fake.access_token = "rotated-access-token"
        log = httpx.get(f"{base_url}/_fake/requests").text
    assert old not in log
    assert '"/nowhere/***"' in log and '"***"' in log
