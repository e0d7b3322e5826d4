"""python -m scripts bench [ARGS]: the status update through raw httpx, the generated client, hubspot_channels
(sync and async) and HubSpot's hubspot-sdk, side by side in one run, against a loopback server in another process.

    python -m scripts bench              # the comparison (a few minutes on 2 cores); make bench
    python -m scripts bench --quick      # fewer rounds, for a smoke test
    python -m scripts bench --profile    # where the facade's time goes (cProfile of N calls)
    python -m scripts bench --pacing     # bulk updates against the fake's enforced rate limit
    python -m scripts bench --pacing --processes 4   # the same from 4 processes sharing one budget on Redis
    python -m scripts bench --fake       # the fake's validation cost: validated vs unvalidated round trip
    python -m scripts bench --outbox     # the status outbox on SQLite and Redis: enqueue and drain throughput
    python -m scripts bench --all        # every one of them, then every target of issue 16 as PASS/FAIL
    python -m scripts bench --all --write-results    # make bench-results: the figures to
                                         # scripts/bench/RESULTS.md and the README's block

Every run reports the ext load (CPU other processes used meanwhile); a run above the threshold is DISTURBED,
and --write-results refuses to write its figures unless --allow-disturbed (then the block says DISTURBED).
"""

from __future__ import annotations

import argparse

from . import _suite

DISTURBED_EXIT = 3


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="python -m scripts bench",
        description=__doc__,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("--all", action="store_true", help="every benchmark below, then every target")
    parser.add_argument("--compare", action="store_true", help="the comparison (the default when alone)")
    parser.add_argument("--profile", action="store_true", help="where the facade's time goes")
    parser.add_argument("--pacing", action="store_true", help="the rate-limit pacing benchmark")
    parser.add_argument("--fake", action="store_true", help="the fake's request/response validation cost")
    parser.add_argument(
        "--outbox", action="store_true", help="the status outbox's enqueue and drain throughput"
    )
    parser.add_argument("--quick", action="store_true", help="fewer rounds and samples")
    parser.add_argument(
        "--write-results",
        action="store_true",
        help="write the output to scripts/bench/RESULTS.md and the README's bench block",
    )
    parser.add_argument(
        "--allow-disturbed",
        action="store_true",
        help="with --write-results: write a disturbed run's figures too, marked DISTURBED",
    )
    parser.add_argument(
        "--processes", type=int, default=1, help="--pacing from N processes sharing a RedisRateLimit"
    )
    parser.add_argument("--calls", type=int, default=2000, help="calls to profile (--profile)")
    parser.add_argument("--no-install", action="store_true", help="do not pip-install missing competitors")
    return parser


def main(argv: list[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    if args.profile and not (args.all or args.write_results):
        return _full_profile(args.calls)
    run = _suite.Run(
        quick=args.quick,
        install=not args.no_install,
        processes=args.processes if args.processes > 1 else 4,
        profile_calls=args.calls,
    )
    some = args.fake or args.profile or args.pacing or args.outbox
    chosen = _suite.sections(
        run,
        compared=args.all or args.compare or not some,
        faked=args.all or args.fake,
        profiled=args.all or args.profile,
        paced=args.all or (args.pacing and args.processes <= 1),
        shared=args.all or (args.pacing and args.processes > 1),
        outboxed=args.all or args.outbox,
    )
    from ._fake import _load

    load_at_start = _load()
    code, outputs = _suite.execute(run, chosen, every_target=args.all)
    if not args.write_results:
        return code
    return _write(run, outputs, load_at_start, allow_disturbed=args.allow_disturbed) or code


def _full_profile(calls: int) -> int:
    from . import _env
    from ._profile import profile

    with _env.loopback_server() as base_url:
        print(profile(base_url, calls, top=30))
    return 0


def _write(run: _suite.Run, outputs: dict[str, str], load_at_start: str, *, allow_disturbed: bool) -> int:
    from . import _results

    unknown = run.meter.whole().cores is None  # not shown to be undisturbed: the same rule
    if (run.meter.disturbed or unknown) and not allow_disturbed:
        print(f"\nnot written: {run.meter.summary()}; --allow-disturbed writes it, marked DISTURBED")
        return DISTURBED_EXIT
    facts = _results.run_facts(load_at_start, ext_load=run.meter.summary())
    results = _results.Results(facts, outputs)
    for path in _results.write(results, results_file=_results.RESULTS, readme=_results.README):
        print(f"wrote {path}")
    return 0
