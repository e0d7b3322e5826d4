"""Fixtures of tests/cli: the fake HubSpot served over HTTP (one per module) and factories that make what a
command needs through the command line itself (a channel, an account, published messages)."""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator
from typing import Any

import pytest

from hubspot_channels.testing import FakeHubSpot
from tests.support.cli_support import APP_ID, CLIENT_SECRET, DEV_KEY, TOKEN, WEBHOOK_URL, run

Made = dict[str, Any]


@pytest.fixture(scope="module")
def fake() -> FakeHubSpot:
    return FakeHubSpot(
        access_token=TOKEN, developer_api_key=DEV_KEY, app_id=APP_ID, client_secret=CLIENT_SECRET
    )


@pytest.fixture(scope="module")
def base_url(fake: FakeHubSpot) -> Iterator[str]:
    with fake.serve() as url:
        yield url


def _made(*args: str, base_url: str) -> Made:
    result = run("--json", *args, base_url=base_url)
    assert result.code == 0, result.stderr
    made: Made = result.json()
    return made


@pytest.fixture
def make_channel(base_url: str) -> Callable[..., Made]:
    def make(name: str = "SMS") -> Made:
        caps = json.dumps({"deliveryIdentifierTypes": ["HS_PHONE_NUMBER"]})
        return _made(
            "channels", "create", "--name", name, "--webhook-url", WEBHOOK_URL, "--capabilities", caps,
            base_url=base_url,
        )  # fmt: skip

    return make


@pytest.fixture
def make_account(base_url: str) -> Callable[[str], Made]:
    def make(channel_id: str) -> Made:
        return _made(
            "accounts", "create", channel_id, "--name", "Support line", "--inbox-id", "1001",
            "--delivery-identifier", "HS_PHONE_NUMBER:+15550100", base_url=base_url,
        )  # fmt: skip

    return make


@pytest.fixture
def make_messages(
    base_url: str, make_channel: Callable[..., Made], make_account: Callable[[str], Made]
) -> Callable[[int], tuple[str, list[str]]]:
    """(channel id, ids of ``count`` messages published on a new channel and account)."""

    def make(count: int) -> tuple[str, list[str]]:
        channel_id = make_channel()["id"]
        account_id = make_account(channel_id)["id"]
        ids = [
            _made(
                "messages", "publish", channel_id, "--account", account_id, "--text", f"message {n}",
                "--sender", "HS_PHONE_NUMBER:+15550199", "--recipient", "HS_PHONE_NUMBER:+15550100",
                base_url=base_url,
            )["id"]
            for n in range(count)
        ]  # fmt: skip
        return channel_id, ids

    return make
