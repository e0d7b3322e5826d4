"""A Ctrl-C that lands while update_statuses is still starting its workers (inside the start of one, after its
thread began) must still wait for the update in flight and count it. It used to lose that worker, wait for
nothing, and report an update that HubSpot applied as pending."""

from __future__ import annotations

import threading
from collections.abc import Callable
from typing import Any

import httpx
import pytest

import hubspot_channels._bulk_workers as bulk_workers
from hubspot_channels import BulkUpdateInterrupted, CustomChannelsClient, StatusUpdate
from hubspot_channels.testing import FakeHubSpot

BASE = "https://api.hubapi.com"
VISITOR = [{"deliveryIdentifier": {"type": "CHANNEL_SPECIFIC_OPAQUE_ID", "value": "visitor-1"}}]


class Gate(httpx.BaseTransport):
    """Holds the first request until released, telling the test once it is in flight."""

    def __init__(self, inner: httpx.BaseTransport) -> None:
        self.inner = inner
        self.in_flight = threading.Event()
        self.release = threading.Event()

    def handle_request(self, request: httpx.Request) -> httpx.Response:
        if not self.in_flight.is_set():
            self.in_flight.set()
            assert self.release.wait(timeout=30)
        return self.inner.handle_request(request)


def test_ctrl_c_inside_the_first_submit_still_finishes_and_counts_the_update_in_flight(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    fake = FakeHubSpot()
    channel = fake.create_channel()
    account = fake.create_channel_account(channel["id"])
    ids = [
        fake.agent_reply(channel["id"], account["id"], f"reply {n}", recipients=VISITOR, deliver=False)["id"]
        for n in range(6)
    ]
    gate = Gate(fake.transport())
    client = CustomChannelsClient(
        access_token=fake.access_token, base_url=BASE, http_client=httpx.Client(transport=gate, base_url=BASE)
    )

    starting = bulk_workers.Workers.start

    def interrupted_start(self: Any, worker: Callable[[], None], name: str) -> None:
        """The first start begins its thread, then Ctrl-C arrives before start() returns."""
        starting(self, worker, name)
        assert gate.in_flight.wait(timeout=30)  # the worker's first update has reached the transport
        raise KeyboardInterrupt

    waiting = bulk_workers.Workers.finish_in_flight

    def answer_once_the_caller_waits(self: Any) -> None:  # after stop is set: no new update may start
        gate.release.set()
        waiting(self)

    monkeypatch.setattr(bulk_workers.Workers, "start", interrupted_start)
    monkeypatch.setattr(bulk_workers.Workers, "finish_in_flight", answer_once_the_caller_waits)
    updates = [StatusUpdate(channel["id"], message_id, "READ") for message_id in ids]
    with pytest.raises(BulkUpdateInterrupted) as caught:
        client.messages.update_statuses(updates, concurrency=3)

    applied = {m["id"] for m in fake.messages if m.get("status", {}).get("statusType") == "READ"}
    stopped = caught.value
    assert len(applied) == 1  # the update in flight was let finish; nothing new started
    assert [r.update.message_id for r in stopped.completed] == sorted(applied) and stopped.completed[0].ok
    assert len(stopped.pending) == 5 and not {u.message_id for u in stopped.pending} & applied
