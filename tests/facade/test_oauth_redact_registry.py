"""The masking registry under many portals' refreshes (OAuth review F7, F8): long-lived secrets are pinned and
never forgotten, registering a refreshed token compiles nothing, and the scrub still masks every secret it
holds (longest first, percent-encoded forms too) once it holds more than a handful."""

from __future__ import annotations

import re
import urllib.parse
from collections.abc import Iterator
from typing import Any

import httpx
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from hubspot_channels import CustomChannelsClient, OAuthRefresh, OAuthRefreshError
from hubspot_channels import _redact as redact

SECRET = "cs-review-app-secret-7b1f0e55"
DEV_KEY = "dk-review-developer-key-93c1"


@pytest.fixture
def registry_restored() -> Iterator[None]:
    with redact._lock:
        pinned, recent = set(redact._pinned), redact._recent.copy()
    try:
        yield
    finally:
        with redact._lock:
            redact._pinned.clear()
            redact._pinned.update(pinned)
            redact._recent.clear()
            redact._recent.update(recent)
            redact._snapshot = None


def many_refreshes(label: str, count: int = 2100) -> list[str]:
    """What count refreshes of many portals register: an access token and a rotated refresh token each."""
    return [f"at-{label}-{n:06d}-x" for n in range(count)] + [f"rt-{label}-{n:06d}-x" for n in range(count)]


def test_f7_the_client_secret_stays_masked_after_many_refreshes(registry_restored: None) -> None:
    OAuthRefresh(client_id="cid", client_secret=SECRET, refresh_token="rt-review-initial")
    redact.register(many_refreshes("one"))

    def echo(request: httpx.Request) -> httpx.Response:
        return httpx.Response(401, json={"status": "BAD_CLIENT_SECRET", "message": f"bad secret {SECRET}"})

    refresh = OAuthRefresh(client_id="cid", client_secret=SECRET, refresh_token="rt-review-initial")
    redact.register(many_refreshes("two"))
    http = httpx.Client(transport=httpx.MockTransport(echo))
    with (
        CustomChannelsClient(
            access_token=refresh, base_url="https://api.example.test", http_client=http, max_retries=0
        ) as client,
        pytest.raises(OAuthRefreshError) as caught,
    ):
        client.channel_accounts.get("1", "2")
    assert SECRET not in str(caught.value) and "***" in str(caught.value)


def test_f7_a_developer_key_and_a_refresh_token_in_use_are_never_forgotten(registry_restored: None) -> None:
    CustomChannelsClient(developer_api_key=DEV_KEY, app_id=1).close()
    OAuthRefresh(client_id="cid", client_secret=SECRET, refresh_token="rt-review-in-use")
    redact.register(["at-review-oldest-x"])
    redact.register(many_refreshes("three", count=redact.MAX_REGISTERED))
    assert redact.scrub(f"{DEV_KEY} {SECRET} rt-review-in-use") == "*** *** ***"
    assert redact.scrub("at-review-oldest-x") == "at-review-oldest-x"  # an old access token: forgotten


def test_f7_a_rotated_out_refresh_token_is_unpinned_but_still_masked(registry_restored: None) -> None:
    redact.register(["rt-review-old-one"], pinned=True)
    redact.unpin(["rt-review-old-one"])
    assert redact.scrub("rt-review-old-one") == "***"
    redact.register(many_refreshes("four", count=redact.MAX_REGISTERED))
    assert redact.scrub("rt-review-old-one") == "rt-review-old-one"  # forgettable like any expired token


def test_f8_registering_one_refreshed_token_does_not_recompile_the_whole_registry(
    registry_restored: None, monkeypatch: pytest.MonkeyPatch
) -> None:
    redact.register([f"at-review3-{n:06d}-x" for n in range(4000)])  # many portals, a day of refreshes
    compiled: list[int] = []
    real_compile = re.compile

    def counting(pattern: str, *args: Any) -> re.Pattern[str]:
        compiled.append(pattern.count("|") + 1)
        return real_compile(pattern, *args)

    monkeypatch.setattr("hubspot_channels._redact.re.compile", counting)
    redact.register(["at-review3-one-more-token", "rt-review3-one-more-token"])  # one refresh
    assert redact.scrub("401: at-review3-one-more-token, at-review3-000123-x") == "401: ***, ***"
    assert compiled == []


def test_f8_with_thousands_registered_a_secret_containing_another_is_masked_whole(
    registry_restored: None,
) -> None:
    redact.register([f"pat-na1-{n:06d}" for n in range(500)])  # one shared prefix: one index bucket
    redact.register(["pat-na1-000001-and-more"])
    assert redact.scrub("x pat-na1-000001-and-more y") == "x *** y"
    assert redact.scrub("pat-na1-000001pat-na1-000002") == "******"


@settings(max_examples=60, deadline=None)
@given(
    secrets=st.lists(
        st.text(
            alphabet=st.characters(min_codepoint=33, max_codepoint=126, blacklist_characters="*"),
            min_size=4,
            max_size=24,
        ),
        min_size=1,
        max_size=5,
    ),
    before=st.text(max_size=30),
    after=st.text(max_size=30),
)
def test_f8_every_registered_secret_is_masked_in_any_text(
    secrets: list[str], before: str, after: str
) -> None:
    with redact._lock:
        pinned, recent = set(redact._pinned), redact._recent.copy()
    try:
        redact.register([f"filler-{n:04d}-secret" for n in range(200)])  # past the few-secrets shortcut
        redact.register(secrets)
        for secret in secrets:
            for spelled in (secret, urllib.parse.quote(secret, safe="")):
                assert secret not in redact.scrub(before + spelled + after)
    finally:
        with redact._lock:
            redact._pinned.clear()
            redact._pinned.update(pinned)
            redact._recent.clear()
            redact._recent.update(recent)
            redact._snapshot = None
