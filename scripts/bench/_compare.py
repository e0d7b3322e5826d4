"""The main comparison (python -m scripts bench): the status update through raw httpx, the generated client,
hubspot_channels (sync and async) and hubspot-sdk, interleaved in one run against a loopback server in
another process; startup figures in the core-dependencies venv (see _corevenv)."""

from __future__ import annotations

import sys
from collections.abc import Mapping
from typing import TYPE_CHECKING, Protocol

from . import _corevenv, _env, _report, _runtime, _startup
from ._clients import ASYNC, SYNC, Spec, available

if TYPE_CHECKING:
    from ._extload import Meter

FLOOR, ASYNC_FLOOR, AIOHTTP = "httpx (raw)", "httpx.AsyncClient (raw)", "aiohttp (hand-written)"
FACADE, FACADE_ASYNC, FACADE_AIOHTTP = (
    "hubspot_channels",
    "hubspot_channels async",
    "hubspot_channels async+aiohttp",
)
RIVAL = "AsyncHubSpot"
RIVAL_DISTRIBUTIONS = {"hubspot_sdk": "hubspot-sdk"}  # a sync competitor's module -> its distribution


class _Measured(Protocol):
    def median(self, name: str) -> float | None: ...


def ratio(table: Mapping[str, _Measured], name: str, base: str, figure: str) -> float | None:
    if name not in table or base not in table:
        return None
    a, b = table[name].median(figure), table[base].median(figure)
    return None if a is None or not b else a / b


CORE_ONLY = ("import", "peak_rss")  # the targets measured "core dependencies only": never from the dev venv


def _startup_pythons(specs: list[Spec]) -> tuple[dict[str, str], list[str]]:
    """The interpreter per spec for the startup figures (none: the dev venv), and lines saying which venv
    each runs in."""
    try:
        core, pins = _corevenv.ensure()
    except (RuntimeError, OSError) as failed:
        return {}, [f"the dev venv {sys.prefix} (core venv unavailable: {failed}; click and rich count)"]
    names = ", ".join(pin.split("==")[0] for pin in pins)
    pythons = {spec.name: str(core) for spec in specs if not spec.needs}
    lines = [f"{_corevenv.VENV} (core dependencies only: {names})"]
    rivals = [spec for spec in specs if spec.needs]
    for spec in rivals:  # a competitor's own dependencies, beside the core ones, never in the core venv
        try:
            rival, _ = _corevenv.ensure(_corevenv.RIVAL_VENV, RIVAL_DISTRIBUTIONS[spec.needs])
        except (RuntimeError, OSError, KeyError) as failed:
            lines.append(f"no startup figures for {spec.name}: {failed}")
            continue
        pythons[spec.name] = str(rival)
        lines.append(f"{spec.name}: {_corevenv.RIVAL_VENV} (the core set plus its own dependencies)")
    return pythons, lines


def compare(
    meter: Meter,
    measured: dict[str, float | None],
    *,
    quick: bool,
    install: bool,
    reasons: dict[str, str] | None = None,
) -> int:
    """Prints the sync and async tables and the targets they measure; fills ``measured`` by target key, and
    ``reasons`` with why a target is not measured."""
    notes = _env.ensure_installed(install)
    sync = [s for s in SYNC if available(s)]
    async_ = [s for s in ASYNC if available(s)]
    missing = [s.name for s in (*SYNC, *ASYNC) if not available(s)]
    rounds, calls, burst, samples = (3, 200, 600, 3) if quick else (9, 300, 1500, 9)
    pythons, venv_lines = _startup_pythons(sync)
    startup_specs = [s for s in sync if s.name in pythons] or sync
    startup_venv = venv_lines[0]
    print(f"machine: {_env.machine()}\nversions: {_env.versions()}", flush=True)
    with _env.loopback_server() as base_url:
        print(f"sync: {rounds} interleaved rounds x {calls} calls ...", flush=True)
        with meter.phase("sync"):
            sync_rt = _runtime.run_sync(sync, base_url, rounds=rounds, calls=calls)
        print(f"async: {rounds} rounds x ({calls} sequential + {burst} at concurrency 50) ...", flush=True)
        with meter.phase("async"):
            async_rt = _runtime.run_async(
                async_, base_url, rounds=max(3, rounds // 2), calls=calls, burst=burst
            )
        print(
            f"startup: {samples} fresh interpreters per client and figure, in {startup_venv} ...", flush=True
        )
        with meter.phase("startup"):
            startup = _startup.measure(
                startup_specs, base_url, samples=samples, rss_calls=500, pythons=pythons
            )
    print()
    print("\n".join(_report.sync_table(sync_rt, startup, FLOOR)))
    print()
    print("\n".join(_report.async_table(async_rt, ASYNC_FLOOR, RIVAL)))
    print("\nratios: against raw httpx (sync rows) / raw httpx.AsyncClient (async rows); AHS = AsyncHubSpot")
    print("startup (import, import->1st, peak RSS) measured in " + "; ".join(venv_lines))
    for note in notes + [f"unavailable: {name}" for name in missing]:
        print(f"note: {note}")
    measured |= {
        "sync_cpu": ratio(sync_rt, FACADE, FLOOR, "cpu_ms"),
        "import": ratio(startup, FACADE, FLOOR, "import_ms"),
        "peak_rss": ratio(startup, FACADE, FLOOR, "peak_rss_mb"),
        "async_httpx_c50": ratio(async_rt, FACADE_ASYNC, ASYNC_FLOOR, "c50_rate"),
        "async_aiohttp_c50": ratio(async_rt, FACADE_AIOHTTP, AIOHTTP, "c50_rate"),
    }
    if not pythons:  # the dev venv: click and rich in every startup, not what a core install pays
        for key in CORE_ONLY:
            measured[key] = None
            if reasons is not None:
                reasons[key] = (
                    "the core venv could not be made, the dev venv's startup figures are not scored"
                )
    print("\nbeside the targets (printed at the end):")
    first = ratio(startup, FACADE, FLOOR, "first_response_ms")
    if first is not None:
        print(f"  [info] import-to-first-response, hubspot_channels vs httpx: {first:.2f}x")
    for name in (FACADE_ASYNC, FACADE_AIOHTTP):
        versus = ratio(async_rt, name, RIVAL, "c50_rate")
        if versus is not None:
            print(f"  [info] {name} at c50 vs AsyncHubSpot: {versus:.2f}x")
    return 0
