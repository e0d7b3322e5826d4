"""In-process figures: client CPU per call, latency, throughput. Rounds alternate between clients so that
machine noise and drift hit every client alike; each figure is the median over rounds."""

from __future__ import annotations

import asyncio
import statistics
import time
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from typing import Any, cast

from ._clients import Spec, namespace


@dataclass
class Runtime:
    cpu_ms: list[float] = field(default_factory=list)  # per round: client CPU per call
    latencies_ms: list[float] = field(default_factory=list)
    seq_rate: list[float] = field(default_factory=list)  # calls/s, one at a time
    c50_rate: list[float] = field(default_factory=list)  # calls/s, 50 in flight
    c50_cpu_ms: list[float] = field(default_factory=list)

    def median(self, name: str) -> float | None:
        values: list[float] = getattr(self, name)
        return statistics.median(values) if values else None

    def p99(self) -> float | None:
        if not self.latencies_ms:
            return None
        ordered = sorted(self.latencies_ms)
        return ordered[min(len(ordered) - 1, int(len(ordered) * 0.99))]


def build_sync(spec: Spec, base_url: str) -> tuple[Callable[[], Any], dict[str, Any]]:
    ns = namespace(base_url)
    exec(spec.imports + "\n" + spec.setup, ns)  # noqa: S102 - benchmark snippets
    call: Callable[[], Any] = eval("lambda: " + spec.call, ns)
    return call, ns


def run_sync(specs: list[Spec], base_url: str, *, rounds: int, calls: int) -> dict[str, Runtime]:
    built = {spec.name: build_sync(spec, base_url) for spec in specs}
    results = {spec.name: Runtime() for spec in specs}
    for call, _ in built.values():  # warm up: connections, lazy imports, caches
        for _ in range(50):
            call()
    for round_number in range(rounds):
        order = specs if round_number % 2 == 0 else specs[::-1]
        for spec in order:
            call, _ = built[spec.name]
            result = results[spec.name]
            latencies = result.latencies_ms
            perf = time.perf_counter
            cpu0, wall0 = time.process_time(), perf()
            for _ in range(calls):
                t0 = perf()
                call()
                latencies.append((perf() - t0) * 1000)
            cpu1, wall1 = time.process_time(), perf()
            result.cpu_ms.append((cpu1 - cpu0) * 1000 / calls)
            result.seq_rate.append(calls / (wall1 - wall0))
    for spec in specs:
        if spec.close:
            exec(spec.close, built[spec.name][1])  # noqa: S102 - benchmark snippets
    return results


async def _build_async(spec: Spec, base_url: str) -> tuple[Callable[[], Awaitable[Any]], dict[str, Any]]:
    ns = namespace(base_url)
    exec(spec.imports + "\n" + spec.setup, ns)  # noqa: S102 - benchmark snippets
    exec(f"async def _bench_call():\n    return {spec.call}\n", ns)  # noqa: S102 - benchmark snippets
    call = cast("Callable[[], Awaitable[Any]]", ns["_bench_call"])  # what the exec above defined
    return call, ns


async def _concurrent(call: Callable[[], Awaitable[Any]], total: int, concurrency: int) -> None:
    remaining = total

    async def worker() -> None:
        nonlocal remaining
        while remaining > 0:
            remaining -= 1
            await call()

    await asyncio.gather(*(worker() for _ in range(concurrency)))


async def _run_async(
    specs: list[Spec], base_url: str, rounds: int, calls: int, burst: int
) -> dict[str, Runtime]:
    built = {spec.name: await _build_async(spec, base_url) for spec in specs}
    results = {spec.name: Runtime() for spec in specs}
    for call, _ in built.values():
        await _concurrent(call, 100, 50)  # warm up, and open the pool's connections
    for round_number in range(rounds):
        order = specs if round_number % 2 == 0 else specs[::-1]
        for spec in order:
            call, _ = built[spec.name]
            result = results[spec.name]
            perf = time.perf_counter
            cpu0, wall0 = time.process_time(), perf()
            for _ in range(calls):
                t0 = perf()
                await call()
                result.latencies_ms.append((perf() - t0) * 1000)
            cpu1, wall1 = time.process_time(), perf()
            result.cpu_ms.append((cpu1 - cpu0) * 1000 / calls)
            result.seq_rate.append(calls / (wall1 - wall0))
            cpu0, wall0 = time.process_time(), perf()
            await _concurrent(call, burst, 50)
            cpu1, wall1 = time.process_time(), perf()
            result.c50_rate.append(burst / (wall1 - wall0))
            result.c50_cpu_ms.append((cpu1 - cpu0) * 1000 / burst)
    for spec in specs:
        if spec.close:
            exec(f"async def _bench_close():\n    {spec.close}\n", built[spec.name][1])  # noqa: S102 - benchmark snippets
            await built[spec.name][1]["_bench_close"]()
    return results


def run_async(specs: list[Spec], base_url: str, *, rounds: int, calls: int, burst: int) -> dict[str, Runtime]:
    return asyncio.run(_run_async(specs, base_url, rounds, calls, burst))
