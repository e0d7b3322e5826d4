"""Helpers shared by tests/test_outbox_*.py: messages on a FakeHubSpot, what it was sent, a manual clock."""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sysconfig
import time
from collections import defaultdict
from collections.abc import Callable
from typing import Any

from hubspot_channels import AsyncCustomChannelsClient, CustomChannelsClient
from hubspot_channels.testing import FakeHubSpot

VISITOR = [{"deliveryIdentifier": {"type": "CHANNEL_SPECIFIC_OPAQUE_ID", "value": "visitor-1"}}]
# Distinctive, so that a leak into a file or an output is easy to spot.
TOKEN = "pat-outbox-TOKEN-5ecr3t-9a8b"


def new_fake(**options: Any) -> FakeHubSpot:
    return FakeHubSpot(access_token=TOKEN, **options)


def outgoing(fake: FakeHubSpot, count: int) -> tuple[int, list[str]]:
    """A channel and ``count`` OUTGOING messages (agent replies) whose status the integration reports."""
    channel = fake.create_channel()
    account = fake.create_channel_account(channel["id"])
    ids = [
        fake.agent_reply(channel["id"], account["id"], f"reply {n}", recipients=VISITOR, deliver=False)["id"]
        for n in range(count)
    ]
    return int(channel["id"]), ids


def sent_statuses(fake: FakeHubSpot) -> dict[str, list[str]]:
    """Per message id, every status HubSpot (the fake) accepted, in the order it applied them."""
    history: dict[str, list[str]] = defaultdict(list)
    for record in fake.requests_for("update_message_status"):
        if record.status == 200:
            history[record.path_params["messageId"]].append(record.json["statusType"])
    return dict(history)


def final_status(fake: FakeHubSpot, message_id: str) -> str | None:
    status = fake.get_message(message_id).get("status")
    return None if status is None else str(status["statusType"])


def sync_client(fake: FakeHubSpot, base_url: str, **options: Any) -> CustomChannelsClient:
    options.setdefault("access_token", fake.access_token)
    return CustomChannelsClient(base_url=base_url, **options)


def async_client(fake: FakeHubSpot, base_url: str, **options: Any) -> AsyncCustomChannelsClient:
    return AsyncCustomChannelsClient(base_url=base_url, access_token=fake.access_token, **options)


class ManualClock:
    """The store's clock, moved by the test: lease expiry and back-off without sleeping."""

    def __init__(self, now: float = 1_000_000.0) -> None:
        self.now = now

    def __call__(self) -> float:
        return self.now

    def advance(self, seconds: float) -> None:
        self.now += seconds


def cli_command() -> list[str]:
    """The installed console script of this interpreter's environment."""
    exe = shutil.which("hubspot-channels", path=sysconfig.get_path("scripts"))
    assert exe, "the hubspot-channels console script is not installed (pip install -e .)"
    return [exe]


def drainer_env(base_url: str, db: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("HUBSPOT_")}
    env.update(HUBSPOT_ACCESS_TOKEN=TOKEN, HUBSPOT_BASE_URL=base_url, HUBSPOT_OUTBOX_DB=db)
    return env


def start_drainer(base_url: str, db: str, *options: str) -> subprocess.Popen[str]:
    """`hubspot-channels outbox run` in a process of its own (no pacing: the fake enforces no limit)."""
    argv = [*cli_command(), "outbox", "run", "--rate-limit", "none", "--progress-every", "1", *options]
    return subprocess.Popen(
        argv,
        env=drainer_env(base_url, db),
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )


def stop_drainer(process: subprocess.Popen[str]) -> tuple[str, str]:
    """SIGTERM (the drainer finishes its batch), then its output; the token must not be in it."""
    process.send_signal(signal.SIGTERM)
    out, err = process.communicate(timeout=600)
    assert TOKEN not in out + err
    return out, err


def wait_until(condition: Callable[[], bool], what: str, *, every: float = 0.05) -> None:
    """Polls ``every`` seconds, for up to about 10 minutes: a busy machine is slow, never wrong."""
    for _ in range(int(600 / every)):
        if condition():
            return
        time.sleep(every)
    raise AssertionError(f"not reached: {what}")


def collapse(history: list[str]) -> list[str]:
    """A message's sent statuses without immediate repeats (at least once: a resend is allowed)."""
    return [status for index, status in enumerate(history) if index == 0 or history[index - 1] != status]


def is_subsequence(part: list[str], whole: list[str]) -> bool:
    remaining = iter(whole)
    return all(item in remaining for item in part)
