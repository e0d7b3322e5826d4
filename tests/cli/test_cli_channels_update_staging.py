"""`channels update` and `staging-tokens update` against the fake HubSpot served over HTTP (in process)."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from hubspot_channels.testing import FakeHubSpot
from tests.support.cli_support import base_env, run

# --- channels update ----------------------------------------------------------------------------------------


def test_update_changes_only_the_webhook_url(
    fake: FakeHubSpot, base_url: str, make_channel: Callable[..., dict[str, Any]]
) -> None:
    channel = make_channel("Before")
    new_url = "https://integration.example.com/hubspot/v2"
    result = run("channels", "update", channel["id"], "--webhook-url", new_url, "--json", base_url=base_url)
    assert result.code == 0, result.stderr
    assert result.json()["webhook_url"] == new_url and result.json()["name"] == "Before"
    assert fake.requests_for("update_channel")[-1].json == {"webhookUrl": new_url}
    stored = fake.get_channel(channel["id"])
    assert stored["webhookUrl"] == new_url and stored["name"] == "Before"


def test_update_every_option_and_the_readable_view(
    fake: FakeHubSpot, base_url: str, make_channel: Callable[..., dict[str, Any]]
) -> None:
    channel_id = make_channel()["id"]
    caps = {"deliveryIdentifierTypes": ["HS_EMAIL_ADDRESS"], "richText": ["HYPERLINK"]}
    result = run(
        "channels", "update", channel_id, "--name", "Renamed", "--capabilities", json.dumps(caps),
        "--description", "d", "--logo-url", "https://example.com/logo.png",
        "--redirect-url", "https://example.com/connect", base_url=base_url,
    )  # fmt: skip
    assert result.code == 0, result.stderr
    assert "Renamed" in result.stdout and "https://example.com/connect" in result.stdout
    assert fake.requests_for("update_channel")[-1].json == {
        "name": "Renamed",
        "capabilities": caps,
        "channelDescription": "d",
        "channelLogoUrl": "https://example.com/logo.png",
        "channelAccountConnectionRedirectUrl": "https://example.com/connect",
    }


def test_update_from_a_file_with_an_option_overriding_it(
    fake: FakeHubSpot, base_url: str, make_channel: Callable[..., dict[str, Any]], tmp_path: Path
) -> None:
    channel_id = make_channel()["id"]
    body = tmp_path / "patch.json"
    body.write_text(json.dumps({"name": "From file", "channelDescription": "from file"}))
    result = run(
        "channels", "update", channel_id, "--file", str(body), "--name", "From option", base_url=base_url
    )
    assert result.code == 0, result.stderr
    assert fake.requests_for("update_channel")[-1].json == {
        "name": "From option",
        "channelDescription": "from file",
    }


@pytest.mark.parametrize(
    ("args", "needle"),
    [
        ([], "nothing to change"),
        (["--capabilities", "[1]"], "--capabilities"),
        (["--name", "  "], "name"),
    ],
)
def test_update_that_cannot_be_sent_is_exit_2_and_sends_nothing(
    fake: FakeHubSpot, base_url: str, args: list[str], needle: str
) -> None:
    before = len(fake.requests)
    result = run("channels", "update", "1001", *args, base_url=base_url)
    assert result.code == 2 and needle in result.stderr, result.stderr
    assert len(fake.requests) == before


def test_update_of_an_unknown_channel_shows_hubspots_message(fake: FakeHubSpot, base_url: str) -> None:
    result = run("channels", "update", "987654", "--name", "x", base_url=base_url)
    assert result.code == 1
    body = fake.requests_for("update_channel")[-1].response_json
    assert body["message"] in result.stderr and body["correlationId"] in result.stderr


# --- staging-tokens update ----------------------------------------------------------------------------------


def _staged(fake: FakeHubSpot, make_channel: Callable[..., dict[str, Any]]) -> tuple[str, str]:
    channel_id = make_channel()["id"]
    return channel_id, fake.create_staging_token(channel_id)


@pytest.mark.parametrize("given_by", ["argument", "stdin", "environment"])
def test_staging_token_update_never_prints_the_token(
    fake: FakeHubSpot, base_url: str, make_channel: Callable[..., dict[str, Any]], given_by: str
) -> None:
    channel_id, token = _staged(fake, make_channel)
    where = {"argument": [token], "stdin": ["-"], "environment": []}[given_by]
    env = base_env() | ({"HUBSPOT_STAGING_TOKEN": token} if given_by == "environment" else {})
    options = ["--account-name", "Support line", "--delivery-identifier", "HS_PHONE_NUMBER:+15550100"]
    for view in ([], ["--json"]):
        result = run(
            "staging-tokens", "update", channel_id, *where, *options, *view,
            base_url=base_url, env=env, stdin=f"{token}\n",
        )  # fmt: skip
        assert result.code == 0, result.stderr
        assert token not in result.stdout + result.stderr
        assert "Support line" in result.stdout and "not shown" in result.stdout
    assert fake.requests_for("update_staging_token")[-1].json == {
        "accountName": "Support line",
        "deliveryIdentifier": {"type": "HS_PHONE_NUMBER", "value": "+15550100"},
    }
    stored = next(t for t in fake.staging_tokens if t["accountToken"] == token)
    assert stored["accountName"] == "Support line"
    shown = run(
        "--json", "staging-tokens", "update", channel_id, token, "--account-name", "x", base_url=base_url
    )
    assert shown.json()["channel_id"] == channel_id and shown.json()["inbox_id"] == "1001"


def test_an_unknown_staging_token_is_exit_1_without_echoing_it(
    fake: FakeHubSpot, base_url: str, make_channel: Callable[..., dict[str, Any]]
) -> None:
    channel_id = make_channel()["id"]
    unknown = "stg-UNKNOWN-5ecr3t-token-9911"
    result = run("staging-tokens", "update", channel_id, unknown, "--account-name", "x", base_url=base_url)
    assert result.code == 1, result.stderr
    assert fake.requests_for("update_staging_token")[-1].status == 404
    assert "404" in result.stderr and unknown not in result.stdout + result.stderr


@pytest.mark.parametrize(
    ("args", "needle"),
    [
        (["tok"], "nothing to send"),
        (["--account-name", "x"], "HUBSPOT_STAGING_TOKEN"),
        (["-", "--account-name", "x"], "HUBSPOT_STAGING_TOKEN"),  # stdin is empty
        (["tok", "--delivery-identifier", "NOCOLON"], "--delivery-identifier"),
        (["tok en", "--account-name", "x"], "account_token"),
    ],
)
def test_staging_token_update_that_cannot_be_sent_is_exit_2(
    fake: FakeHubSpot, base_url: str, args: list[str], needle: str
) -> None:
    before = len(fake.requests)
    result = run("staging-tokens", "update", "1001", *args, base_url=base_url, stdin="")
    assert result.code == 2 and needle in result.stderr, result.stderr
    assert len(fake.requests) == before
