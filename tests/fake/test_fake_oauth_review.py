"""Regression tests for the review of the fake's token endpoint (issue 15 part 1, review-oauth F9 and F10):
reset forgets the token endpoint's state, and the served fake's OAuth can be driven from outside."""

from __future__ import annotations

import httpx

from hubspot_channels.testing import FakeHubSpot


def test_f9_reset_forgets_the_token_endpoints_state() -> None:
    fake = FakeHubSpot()
    refresh_token = fake.oauth.install()
    with fake.serve() as base_url:
        httpx.post(f"{base_url}/oauth/2026-03/token", data={"grant_type": "refresh_token"})
        fake.oauth.fail_next(503)  # a test scheduled a failure it did not consume
        fake.reset()  # POST /_fake/reset: "forget everything a test did"
        assert fake.oauth.token_requests == []
        answer = httpx.post(
            f"{base_url}/oauth/2026-03/token",
            data={
                "grant_type": "refresh_token",
                "client_id": fake.oauth.client_id,
                "client_secret": fake.client_secret,
                "refresh_token": refresh_token,
            },
        )
    assert answer.status_code != 503


def test_f10_the_served_fake_lets_an_outside_client_get_a_refresh_token() -> None:
    fake = FakeHubSpot()
    with fake.serve() as base_url:
        index = httpx.get(f"{base_url}/_fake").text
        faultable = httpx.post(
            f"{base_url}/_fake/faults", json={"operation": "oauth_token", "status": 503}
        ).status_code
    assert "refresh" in index.lower() or "oauth" in index.lower()  # a control route to install a portal
    assert faultable < 400  # and the token endpoint can be faulted like any operation
