"""--fake: what the fake's OpenAPI validation costs, as the ratio of a validated to an unvalidated status
update round trip through its in-process transport (request and response both validated, or neither).

Reported, never asserted: the absolute figures follow the machine's speed and load, so the load average
is printed beside them. Rounds alternate the two modes so that noise hits both alike; each figure is the
median over rounds, wall clock and process CPU.
"""

from __future__ import annotations

import os
import statistics
import time
from collections.abc import Callable
from dataclasses import dataclass, field

import httpx

from hubspot_channels import _registry
from hubspot_channels.testing import FakeHubSpot

from ._report import check

PREFIX = (
    _registry.VERSIONS[_registry.DEFAULT_API_VERSION]
    .endpoints["get_channel"]
    .path.removesuffix("/{channelId}")
)
VISITOR = [{"deliveryIdentifier": {"type": "CHANNEL_SPECIFIC_OPAQUE_ID", "value": "visitor-1"}}]
TARGET_MS = 5.0  # the validated round trip the fake aims at on an idle machine
TARGET_RATIO = 3.0  # issue 16: a validated round trip costs at most 3x an unvalidated one (CPU)


@dataclass
class Mode:
    wall_ms: list[float] = field(default_factory=list)  # per round: mean per call
    cpu_ms: list[float] = field(default_factory=list)

    def median(self, name: str) -> float:
        return float(statistics.median(getattr(self, name)))


def _load() -> str:
    try:
        one, five, _ = os.getloadavg()
    except OSError:
        return "unavailable"
    return f"{one:.2f}/{five:.2f}"


def _round_trip(fake: FakeHubSpot, http: httpx.Client) -> Callable[[], object]:
    channel = fake.create_channel()["id"]
    account = fake.create_channel_account(channel)["id"]
    message = fake.agent_reply(channel, account, "hi", recipients=VISITOR, deliver=False)["id"]
    path = f"{PREFIX}/{channel}/messages/{message}"
    headers = {"Authorization": f"Bearer {fake.access_token}"}

    def call() -> object:
        response = http.patch(path, headers=headers, json={"statusType": "SENT"})
        assert response.status_code == 200, response.text
        return response

    return call


def _measure(call: Callable[[], object], calls: int, into: Mode) -> None:
    wall, cpu = time.perf_counter(), time.process_time()
    for _ in range(calls):
        call()
    into.wall_ms.append((time.perf_counter() - wall) / calls * 1000)
    into.cpu_ms.append((time.process_time() - cpu) / calls * 1000)


def measure(*, quick: bool = False) -> tuple[Mode, Mode]:
    """(validated, unvalidated) figures for one status update round trip."""
    from hubspot_channels.testing import _validation

    _validation.warm_up()
    rounds, calls = (3, 100) if quick else (9, 300)
    fake = FakeHubSpot()
    validated, unvalidated = Mode(), Mode()
    with httpx.Client(transport=fake.transport(), base_url="https://api.hubapi.com") as http:
        call = _round_trip(fake, http)
        for _ in range(20):
            call()
        for _ in range(rounds):
            fake.validate_requests = fake.validate_responses = True
            _measure(call, calls, validated)
            fake.validate_requests = fake.validate_responses = False
            _measure(call, calls, unvalidated)
    return validated, unvalidated


def report(*, quick: bool = False) -> list[str]:
    before = _load()
    validated, unvalidated = measure(quick=quick)
    load = f"load average 1/5 min: {before} at start, {_load()} at end; {os.cpu_count()} cores"
    lines = [f"fake: status update round trip through the in-process transport ({load})"]
    for name, mode in (("validated", validated), ("unvalidated", unvalidated)):
        lines.append(
            f"  {name:12} {mode.median('wall_ms'):7.3f} ms wall  {mode.median('cpu_ms'):7.3f} ms CPU"
        )
    wall = validated.median("wall_ms") / unvalidated.median("wall_ms")
    cpu = validated.median("cpu_ms") / unvalidated.median("cpu_ms")
    lines.append(f"  validation costs {wall:.2f}x wall, {cpu:.2f}x CPU of an unvalidated round trip")
    lines.append(check("validated vs unvalidated round trip, CPU", cpu, TARGET_RATIO))
    status = "within" if validated.median("wall_ms") <= TARGET_MS else "above"
    lines.append(
        f"  [info] validated round trip {status} the {TARGET_MS:g} ms aim (no bound: depends on the machine)"
    )
    return lines


def main(*, quick: bool = False) -> int:
    print("\n".join(report(quick=quick)))
    return 0
