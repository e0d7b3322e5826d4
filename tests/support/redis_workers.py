"""What the child processes of the Redis tests run (spawned, so importable by name)."""

from __future__ import annotations

import multiprocessing
from typing import Any

CONTEXT = multiprocessing.get_context("spawn")  # no fork of a process holding threads and sockets
START_TIMEOUT = 120.0  # seconds for spawned interpreters to get ready on a busy machine


def reserve_many(
    url: str, account: str, limit: tuple[int, float], count: int, within: float | None, start: Any, out: Any
) -> None:
    """Reserve ``count`` slots of the shared budget back to back once every process is ready; put the waits."""
    from hubspot_channels import RateLimit
    from hubspot_channels.redis import RedisRateLimit

    pacer = RedisRateLimit(url, app_id=1, account_id=account, limit=RateLimit(*limit)).sync_pacer()
    start.wait(START_TIMEOUT)
    out.put([pacer.reserve(within) for _ in range(count)])
    pacer.close()


def in_processes(processes: int, target: Any, *args: Any) -> list[Any]:
    """Run ``target(*args, start, out)`` in that many spawned processes released together; what each put."""
    start, out = CONTEXT.Barrier(processes), CONTEXT.Queue()
    children = [CONTEXT.Process(target=target, args=(*args, start, out)) for _ in range(processes)]
    for child in children:
        child.start()
    try:
        return [out.get(timeout=START_TIMEOUT * 2) for _ in children]
    finally:
        for child in children:
            child.join(timeout=30)
            if child.exitcode is None:
                child.kill()
