"""`python -m scripts demo --live` against the fake served on 127.0.0.1 (HUBSPOT_BASE_URL, fake credentials):
the idempotency contract of scripts/demo.py's docstring, run after run, and the target it prints."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from collections.abc import Iterator

import pytest

from hubspot_channels import CustomChannelsClient
from hubspot_channels.testing import FakeHubSpot
from scripts import demo
from tests.support.paths import REPO

INBOX_ID = "1001"


BASE_URLS: dict[int, str] = {}  # id(fake) -> where it is served


@pytest.fixture
def fake() -> Iterator[FakeHubSpot]:
    fake = FakeHubSpot()
    with fake.serve() as base_url:
        BASE_URLS[id(fake)] = base_url
        yield fake
    del BASE_URLS[id(fake)]


def live_env(fake: FakeHubSpot) -> dict[str, str]:
    return {
        "HUBSPOT_ACCESS_TOKEN": fake.access_token,
        "HUBSPOT_DEVELOPER_API_KEY": fake.developer_api_key,
        "HUBSPOT_APP_ID": str(fake.app_id),
        "HUBSPOT_INBOX_ID": INBOX_ID,
        "HUBSPOT_BASE_URL": BASE_URLS[id(fake)],
    }


def run_live(fake: FakeHubSpot, *args: str, **extra: str) -> str:
    """One run as a user starts it: a new process, configured by the environment only."""
    env = {name: value for name, value in os.environ.items() if not name.startswith("HUBSPOT_")}
    done = subprocess.run(
        [sys.executable, "-m", "scripts", "demo", "--live", *args],
        env=env | live_env(fake) | extra,
        cwd=REPO,
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 0, done.stdout + done.stderr
    assert done.stderr == ""
    return done.stdout


def printed_id(out: str, what: str) -> str:
    found = re.search(rf"{what} (\S+)", out)
    assert found, f"no {what!r} in:\n{out}"
    return found[1]


def demo_channels(fake: FakeHubSpot) -> list[dict[str, object]]:
    return [channel for channel in fake.channels if channel["name"] == demo.DEMO_CHANNEL_NAME]


@pytest.mark.subprocess
def test_a_second_run_reuses_the_channel_and_account_and_run_ones_ids_still_resolve(
    fake: FakeHubSpot,
) -> None:
    first = run_live(fake)
    assert first.splitlines()[0] == f"Custom Channels demo against {BASE_URLS[id(fake)]} (API 2026-03)"
    channel_id = printed_id(first, "registered channel")
    account_id = printed_id(first, "connected account")
    first_message = printed_id(first, "published incoming message")
    reply = fake.agent_reply(channel_id, account_id, "It ships today.")  # an agent answers in the inbox

    second = run_live(fake, HUBSPOT_DEMO_MESSAGE_ID=reply["id"])

    assert second.splitlines()[0] == first.splitlines()[0]
    assert printed_id(second, "reusing channel") == channel_id
    assert printed_id(second, "reusing account") == account_id
    assert "registered channel" not in second and "connected account" not in second
    assert f"second reply {reply['id']} was read -> status READ" in second
    assert printed_id(second, "published incoming message") != first_message
    assert len(demo_channels(fake)) == 1 and len(fake.channel_accounts) == 1
    with CustomChannelsClient(
        access_token=fake.access_token,
        developer_api_key=fake.developer_api_key,
        app_id=fake.app_id,
        base_url=BASE_URLS[id(fake)],
    ) as client:
        assert client.messages.get(channel_id, first_message).id == first_message
        assert client.channels.get(channel_id).name == demo.DEMO_CHANNEL_NAME


@pytest.fixture
def env(fake: FakeHubSpot, monkeypatch: pytest.MonkeyPatch) -> None:
    for name, value in live_env(fake).items():
        monkeypatch.setenv(name, value)


@pytest.mark.usefixtures("env")
def test_a_failed_run_archives_the_channel_it_created_and_the_next_run_starts_clean(
    fake: FakeHubSpot, capsys: pytest.CaptureFixture[str]
) -> None:
    fake.faults.add("create_channel_account", status=400)
    assert demo.main(["--live"]) == 1
    out = capsys.readouterr().out
    channel_id = printed_id(out, "registered channel")
    assert f"archived channel {channel_id}, created by this failed run" in out
    assert demo_channels(fake) == [] and [c["id"] for c in fake.archived_channels] == [channel_id]

    assert demo.main(["--live"]) == 0
    out = capsys.readouterr().out
    assert printed_id(out, "registered channel") != channel_id and len(demo_channels(fake)) == 1


@pytest.mark.usefixtures("env")
def test_a_failed_run_never_archives_a_channel_it_found(
    fake: FakeHubSpot, capsys: pytest.CaptureFixture[str]
) -> None:
    kept = fake.create_channel(demo.DEMO_CHANNEL_NAME)
    fake.faults.add("publish_message", status=400)
    assert demo.main(["--live"]) == 1
    assert printed_id(capsys.readouterr().out, "reusing channel") == kept["id"]
    assert [channel["id"] for channel in demo_channels(fake)] == [kept["id"]]


@pytest.mark.usefixtures("env")
def test_the_oldest_of_several_demo_channels_is_used_and_cleanup_archives_them_all(
    fake: FakeHubSpot, capsys: pytest.CaptureFixture[str]
) -> None:
    other = fake.create_channel("Someone else's channel")
    oldest, newer = fake.create_channel(demo.DEMO_CHANNEL_NAME), fake.create_channel(demo.DEMO_CHANNEL_NAME)
    assert demo.main(["--live"]) == 0
    assert (
        f"reusing channel {oldest['id']} 'hubspot-channels demo' (the oldest of 2)" in capsys.readouterr().out
    )

    assert demo.main(["--live", "--cleanup"]) == 0
    out = capsys.readouterr().out
    assert f"archived channel {oldest['id']}" in out and f"archived channel {newer['id']}" in out
    assert [channel["id"] for channel in fake.channels] == [other["id"]]


@pytest.mark.usefixtures("env")
def test_a_new_webhook_url_is_set_on_the_reused_channel(
    fake: FakeHubSpot, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    kept = fake.create_channel(demo.DEMO_CHANNEL_NAME, webhook_url="https://old.example/hook")
    monkeypatch.setenv("HUBSPOT_WEBHOOK_URL", "https://new.example/hook")
    assert demo.main(["--live"]) == 0
    assert "set its webhook to https://new.example/hook" in capsys.readouterr().out
    assert fake.get_channel(kept["id"])["webhookUrl"] == "https://new.example/hook"


def test_cleanup_needs_live(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exited:
        demo.main(["--cleanup"])
    assert exited.value.code == 2 and "--cleanup goes with --live" in capsys.readouterr().err
