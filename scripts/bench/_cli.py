"""python -m scripts bench [ARGS]: the status update through raw httpx, the generated client, hubspot_channels
(sync and async) and HubSpot's hubspot-sdk, side by side in one run, against a loopback server in another process.

    python -m scripts bench              # the full table (a few minutes on 2 cores); make bench
    python -m scripts bench --quick      # fewer rounds, for a smoke test
    python -m scripts bench --profile    # cProfile of N facade calls
    python -m scripts bench --pacing     # bulk updates against the fake's enforced rate limit
    python -m scripts bench --pacing --processes 4   # the same from 4 processes sharing one budget on Redis
    python -m scripts bench --fake       # the fake's validation cost: validated vs unvalidated round trip
    python -m scripts bench --outbox     # the status outbox on SQLite and Redis: enqueue and drain throughput
    python -m scripts bench --pacing --processes 4 --outbox --write-results
                                         # both, written to scripts/bench/RESULTS.md and the README's block
"""

from __future__ import annotations

import argparse
from collections.abc import Callable, Mapping
from typing import TYPE_CHECKING, Protocol

from . import _env, _report
from ._clients import ASYNC, SYNC, available

if TYPE_CHECKING:
    from ._runtime import Runtime
    from ._startup import Startup


class _Measured(Protocol):
    def median(self, name: str) -> float | None: ...


FLOOR, ASYNC_FLOOR, RIVAL, AIOHTTP = (
    "httpx (raw)",
    "httpx.AsyncClient (raw)",
    "AsyncHubSpot",
    "aiohttp (hand-written)",
)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m scripts bench",
        description=__doc__,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("--profile", action="store_true", help="profile the facade instead of comparing")
    parser.add_argument("--pacing", action="store_true", help="the rate-limit pacing benchmark")
    parser.add_argument("--fake", action="store_true", help="the fake's request/response validation cost")
    parser.add_argument(
        "--outbox", action="store_true", help="the status outbox's enqueue and drain throughput"
    )
    parser.add_argument("--quick", action="store_true", help="fewer rounds and samples")
    parser.add_argument(
        "--write-results",
        action="store_true",
        help="write the output of --pacing / --outbox to scripts/bench/RESULTS.md and the README's bench block",
    )
    parser.add_argument(
        "--processes", type=int, default=1, help="--pacing from N processes sharing a RedisRateLimit"
    )
    parser.add_argument("--calls", type=int, default=2000, help="calls to profile (--profile)")
    parser.add_argument("--no-install", action="store_true", help="do not pip-install missing competitors")
    args = parser.parse_args(argv)
    if args.write_results:
        return _write_results(args)
    if args.fake:
        from ._fake import main as fake

        return fake(quick=args.quick)
    if args.outbox:
        from ._outbox import main as outbox

        return outbox(quick=args.quick)
    if args.pacing and args.processes > 1:
        from ._pacing_shared import main as shared_pacing

        return shared_pacing(processes=args.processes, quick=args.quick)
    if args.pacing:
        from ._pacing import main as pacing

        return pacing(quick=args.quick)
    if args.profile:
        from ._profile import profile

        with _env.loopback_server() as base_url:
            print(profile(base_url, args.calls, top=30))
        return 0
    return _compare(quick=args.quick, install=not args.no_install)


def _write_results(args: argparse.Namespace) -> int:
    """Run --pacing (with --processes) and --outbox, as asked, and write their output as a generated block."""
    from . import _results
    from ._fake import _load

    runs: dict[str, Callable[[], int]] = {}
    if args.pacing and args.processes > 1:
        from ._pacing_shared import main as shared_pacing

        runs[f"--pacing --processes {args.processes}"] = lambda: shared_pacing(
            processes=args.processes, quick=args.quick
        )
    elif args.pacing:
        from ._pacing import main as pacing

        runs["--pacing"] = lambda: pacing(quick=args.quick)
    if args.outbox:
        from ._outbox import main as outbox

        runs["--outbox"] = lambda: outbox(quick=args.quick)
    if not runs:
        raise SystemExit("--write-results needs --pacing and/or --outbox")
    load = _load()
    worst, sections = 0, {}
    for mode, run in runs.items():
        code, output = _results.captured(run)
        worst = max(worst, code)
        sections[mode + (" --quick" if args.quick else "")] = output
    for path in _results.write(_results.Results(_results.run_facts(load), sections)):
        print(f"wrote {path}")
    return worst


def _compare(*, quick: bool, install: bool) -> int:
    from . import _fake, _runtime, _startup

    notes = _env.ensure_installed(install)
    sync = [s for s in SYNC if available(s)]
    async_ = [s for s in ASYNC if available(s)]
    missing = [s.name for s in (*SYNC, *ASYNC) if not available(s)]
    rounds, calls, burst, samples = (3, 200, 600, 3) if quick else (9, 300, 1500, 9)
    print(f"machine: {_env.machine()}\nversions: {_env.versions()}", flush=True)
    with _env.loopback_server() as base_url:
        print(f"sync: {rounds} interleaved rounds x {calls} calls ...", flush=True)
        sync_rt = _runtime.run_sync(sync, base_url, rounds=rounds, calls=calls)
        print(f"async: {rounds} rounds x ({calls} sequential + {burst} at concurrency 50) ...", flush=True)
        async_rt = _runtime.run_async(async_, base_url, rounds=max(3, rounds // 2), calls=calls, burst=burst)
        print(f"startup: {samples} fresh interpreters per client and figure ...", flush=True)
        startup = _startup.measure(sync, base_url, samples=samples, rss_calls=500)
    print()
    print("\n".join(_report.sync_table(sync_rt, startup, FLOOR)))
    print()
    print("\n".join(_report.async_table(async_rt, ASYNC_FLOOR, RIVAL)))
    print("\nratios: against raw httpx (sync rows) / raw httpx.AsyncClient (async rows); AHS = AsyncHubSpot")
    for note in notes + [f"unavailable: {name}" for name in missing]:
        print(f"note: {note}")
    _targets(sync_rt, async_rt, startup)
    print()
    print("\n".join(_fake.report(quick=quick)))
    return 0


def _targets(sync_rt: dict[str, Runtime], async_rt: dict[str, Runtime], startup: dict[str, Startup]) -> None:
    def ratio(table: Mapping[str, _Measured], name: str, base: str, figure: str) -> float | None:
        if name not in table or base not in table:
            return None
        a, b = table[name].median(figure), table[base].median(figure)
        return None if a is None or not b else a / b

    print("\ntargets:")
    print(
        _report.check(
            "facade sync CPU per call vs raw httpx", ratio(sync_rt, "hubspot_channels", FLOOR, "cpu_ms"), 1.25
        )
    )
    print(
        _report.check(
            "import hubspot_channels vs import httpx",
            ratio(startup, "hubspot_channels", FLOOR, "import_ms"),
            1.5,
        )
    )
    print(
        _report.check(
            "import-to-first-response vs httpx",
            ratio(startup, "hubspot_channels", FLOOR, "first_response_ms"),
            1.5,
        )
    )
    print(_report.check("peak RSS vs httpx", ratio(startup, "hubspot_channels", FLOOR, "peak_rss_mb"), 1.2))
    best = (
        "hubspot_channels async+aiohttp"
        if "hubspot_channels async+aiohttp" in async_rt
        else "hubspot_channels async"
    )
    print(
        _report.check(
            f"{best} at c50 vs AsyncHubSpot", ratio(async_rt, best, RIVAL, "c50_rate"), 3.0, at_least=True
        )
    )
    print(_report.check("hubspot_channels async (httpx transport) at c50 vs AsyncHubSpot",
                        ratio(async_rt, "hubspot_channels async", RIVAL, "c50_rate"), 3.0, at_least=True))  # fmt: skip
    aio = ratio(async_rt, best, AIOHTTP, "c50_rate")
    if aio is not None:
        print(f"  [info] {best} at c50 vs hand-written aiohttp: {aio:.2f}x")
