"""--profile: where the facade's time goes, for N sequential status updates against the loopback server."""

from __future__ import annotations

import cProfile
import io
import pstats

from ._clients import SYNC
from ._runtime import build_sync


def profile(base_url: str, calls: int, top: int) -> str:
    spec = next(s for s in SYNC if s.name == "hubspot_channels")
    call, _ = build_sync(spec, base_url)
    for _ in range(100):
        call()
    profiler = cProfile.Profile()
    profiler.enable()
    for _ in range(calls):
        call()
    profiler.disable()
    out = io.StringIO()
    stats = pstats.Stats(profiler, stream=out)
    stats.strip_dirs()
    out.write(f"=== {calls} facade status updates: top {top} by cumulative time ===\n")
    stats.sort_stats("cumulative").print_stats(top)
    out.write(f"=== top {top} by own time ===\n")
    stats.sort_stats("tottime").print_stats(top)
    return out.getvalue()
