"""--pacing: bulk status updates against FakeHubSpot enforcing a scaled-down limit (100 requests per second,
HubSpot's 100 per 10 s sped up tenfold). Passes with goodput >= 95 % of the limit, no update lost and no
rate-limit error surfaced to the caller; the server's 429s are reported.

How goodput is measured (changed 2026-12-02, it used to be updates / wall-clock time of the whole batch):
- The client and the fake are warmed up first (one update: the fake compiles its request validator on its
  first request, the client opens its connection and imports its models), then the fake's window and its
  log are reset. On a loaded machine the first request took 3-4 s, all of it counted as pacing before:
  that is start-up cost, not pacing, and a long-running sender pays it once.
- The figure comes from the fake's limiter, in its own windows: the times at which it counted each
  accepted request (``RateLimiter.accepted_at``, its clock) and its reset just before the clock starts,
  where its first window opens (the next one opens at the first request an interval or more after the
  previous one opened). Counted: the requests accepted from the reset to the last window's opening, over
  that time (``_pacing_shared.goodput_share``). Dividing all the accepted requests by first-to-last-accepted
  would flatter: the last window's requests would count without the rest of their window, and a burst at
  each window's start would score above 100 %. This one is at most 1.0 for what the limiter accepted and
  counts every idle gap as lost, the time before the first request included (until 2026-12-02 the windows
  opened at the first request, on the request records' clock: 200 % was possible).
The client-side elapsed time is printed too, for the record.
"""

from __future__ import annotations

import time

from hubspot_channels import CustomChannelsClient, RateLimit, StatusUpdate
from hubspot_channels.testing import FakeHubSpot

from ._pacing_shared import accepted_times, goodput_share

LIMIT, INTERVAL = 100, 1.0
STATUSES = ("SENT", "READ", "FAILED")
VISITOR = [{"deliveryIdentifier": {"type": "CHANNEL_SPECIFIC_OPAQUE_ID", "value": "visitor-1"}}]


def main(*, quick: bool = False) -> int:
    total = 600 if quick else 3000
    fake = FakeHubSpot(rate_limit=(LIMIT, INTERVAL), validate_responses=False)
    channel = fake.create_channel()
    account = fake.create_channel_account(channel["id"])
    messages = [
        fake.agent_reply(channel["id"], account["id"], f"reply {n}", recipients=VISITOR, deliver=False)["id"]
        for n in range(total + 1)
    ]
    warm_up, *messages = messages
    updates = [
        StatusUpdate(
            channel["id"], message_id, STATUSES[n % 3], "Recipient unreachable" if n % 3 == 2 else None
        )
        for n, message_id in enumerate(messages)
    ]
    with fake.serve() as base_url:
        client = CustomChannelsClient(
            access_token=fake.access_token,
            base_url=base_url,
            rate_limit=RateLimit.per_interval(LIMIT, INTERVAL),
        )
        with client:
            client.messages.update_status(channel["id"], warm_up, "SENT")
            time.sleep(INTERVAL * 1.1)  # the warm-up's slot leaves the client's window
            fake.reset_rate_limit()
            fake.clear_requests()
            started = time.perf_counter()
            results = client.messages.update_statuses(updates, concurrency=16)
            elapsed = time.perf_counter() - started
    ok = sum(result.ok for result in results)
    surfaced_429 = sum(
        1 for r in results if r.error is not None and getattr(r.error, "status_code", None) == 429
    )
    accepted, reset_at = accepted_times(fake)
    server_429 = sum(1 for r in fake.requests_for("update_message_status") if r.status == 429)
    stored = {m["id"]: m["status"]["statusType"] for m in fake.messages}
    lost = sum(1 for u in updates if stored.get(u.message_id) != u.status)
    in_order = all(r.update is u for r, u in zip(results, updates, strict=True))
    share = goodput_share(accepted, LIMIT, INTERVAL, start=reset_at)
    print(f"pacing: {total} status updates, fake limit {LIMIT} per {INTERVAL:g} s, concurrency 16")
    print(f"  goodput {share:.1%} of the limit (the fake's limiter, its windows from its reset); "
          f"elapsed {elapsed:.1f} s = {ok / elapsed:.1f} updates/s")  # fmt: skip
    print(f"  ok {ok}, lost {lost}, rate-limit errors surfaced {surfaced_429}, 429s answered by the server"
          f" {server_429}, results in input order: {in_order}")  # fmt: skip
    passed = share >= 0.95 and lost == 0 and surfaced_429 == 0 and ok == total and in_order
    print(f"  [{'PASS' if passed else 'FAIL'}] goodput >= 95 %, 0 lost, 0 rate-limit errors surfaced")
    return 0 if passed else 1
