"""The fake's token endpoint over real HTTP: the exchange on both paths, rotation, HubSpot's error bodies, and
issued tokens that expire on the injected clock (HubSpot's 401 body on account and message operations)."""

from __future__ import annotations

from collections.abc import Iterator

import httpx
import pytest

from tests.support.oauth_support import CLIENT_ID, OAuthSetting, served_oauth_fake

FORM = {"Content-Type": "application/x-www-form-urlencoded"}


@pytest.fixture
def portal() -> Iterator[OAuthSetting]:
    with served_oauth_fake(rotate=False) as setting:
        yield setting


def exchange(portal: OAuthSetting, path: str = "/oauth/2026-03/token", **changes: str) -> httpx.Response:
    form = {"grant_type": "refresh_token", "client_id": CLIENT_ID, "client_secret": portal.fake.client_secret,
            "refresh_token": portal.refresh_token} | changes  # fmt: skip
    return httpx.post(portal.base_url + path, data=form)


def bearer_get(portal: OAuthSetting, token: str, what: str = "account") -> httpx.Response:
    path = f"/conversations/custom-channels/2026-03/{portal.channel_id}/channel-accounts/{portal.account_id}"
    if what == "message":
        path = f"/conversations/custom-channels/2026-03/{portal.channel_id}/messages/unknown-message"
    return httpx.get(portal.base_url + path, headers={"Authorization": f"Bearer {token}"})


@pytest.mark.parametrize("path", ["/oauth/2026-03/token", "/oauth/v1/token"])
def test_a_refresh_gives_a_token_in_the_legacy_spelling(portal: OAuthSetting, path: str) -> None:
    answer = exchange(portal, path)
    assert answer.status_code == 200 and answer.headers["cache-control"] == "no-store"
    body = answer.json()
    assert set(body) == {"token_type", "refresh_token", "access_token", "expires_in", "hub_id"}
    assert body["expires_in"] == 1800 and body["hub_id"] == portal.fake.portal_id
    assert body["refresh_token"] == portal.refresh_token  # not rotated unless asked
    assert bearer_get(portal, body["access_token"]).status_code == 200
    assert [r.path for r in portal.fake.oauth.token_requests] == [path]


def test_an_issued_token_expires_on_the_injected_clock_with_hubspots_401(portal: OAuthSetting) -> None:
    token = exchange(portal).json()["access_token"]
    portal.clock.advance(1799)
    assert bearer_get(portal, token).status_code == 200
    portal.clock.advance(61)
    for what in ("account", "message"):
        refused = bearer_get(portal, token, what)
        assert refused.status_code == 401
        body = refused.json()
        assert body["category"] == "EXPIRED_AUTHENTICATION" and body["status"] == "error"
        assert body["message"] == "The OAuth token used to make this call expired 60 second(s) ago."
        assert refused.headers["x-hubspot-correlation-id"] == body["correlationId"]
    assert bearer_get(portal, portal.fake.access_token).status_code == 200  # the static token still works


def test_rotation_retires_the_used_refresh_token(portal: OAuthSetting) -> None:
    portal.fake.oauth.rotate = True
    rotated = exchange(portal).json()["refresh_token"]
    assert rotated != portal.refresh_token
    reused = exchange(portal)
    assert reused.status_code == 400 and reused.json()["error"] == "invalid_grant"
    assert exchange(portal, refresh_token=rotated).status_code == 200


@pytest.mark.parametrize(
    ("changes", "status_code", "error"),
    [
        ({"refresh_token": "unknown"}, "BAD_REFRESH_TOKEN", "invalid_grant"),
        ({"client_id": "someone-else"}, "BAD_CLIENT_ID", "invalid_client"),
        ({"client_secret": "wrong"}, "BAD_CLIENT_SECRET", "invalid_client"),
        ({"grant_type": "authorization_code"}, "BAD_GRANT_TYPE", "unsupported_grant_type"),
    ],
)
def test_refusals_have_hubspots_body(
    portal: OAuthSetting, changes: dict[str, str], status_code: str, error: str
) -> None:
    answer = exchange(portal, **changes)
    assert answer.status_code == 400
    body = answer.json()
    assert (body["status"], body["error"]) == (status_code, error) and body["correlationId"]
    assert portal.fake.oauth.token_requests[-1].status == 400


def test_json_body_get_and_queued_failures(portal: OAuthSetting) -> None:
    as_json = httpx.post(portal.base_url + "/oauth/2026-03/token", json={"grant_type": "refresh_token"})
    assert as_json.status_code == 400 and as_json.json()["error"] == "invalid_request"
    got = httpx.get(portal.base_url + "/oauth/2026-03/token")
    assert got.status_code == 405 and got.headers["allow"] == "POST"
    portal.fake.oauth.fail_next(503, "<html>down</html>")
    assert exchange(portal).status_code == 503
    assert exchange(portal).status_code == 200


def test_issue_and_expire_all_for_tests_that_skip_the_exchange(portal: OAuthSetting) -> None:
    token = portal.fake.oauth.issue(lifetime=10)
    assert bearer_get(portal, token).status_code == 200
    portal.fake.oauth.expire_all()
    assert bearer_get(portal, token).status_code == 401
    assert portal.fake.oauth.token_requests == []


def test_the_fake_in_process_serves_the_endpoint_too() -> None:
    from hubspot_channels.testing import FakeHubSpot

    fake = FakeHubSpot()
    refresh = fake.oauth.install()
    form = {"grant_type": "refresh_token", "client_id": fake.oauth.client_id,
            "client_secret": fake.client_secret, "refresh_token": refresh}  # fmt: skip
    with httpx.Client(transport=fake.transport(), base_url="https://api.hubapi.com") as http:
        assert http.post("/oauth/2026-03/token", data=form).status_code == 200
