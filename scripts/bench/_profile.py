"""--profile: where the facade's time goes, for N sequential status updates against the loopback server:
the own time grouped by package (httpx/httpcore/h11, hubspot_channels, generated, stdlib), the top entries by
own time, then cProfile's cumulative and own-time listings."""

from __future__ import annotations

import cProfile
import io
import pstats
import sysconfig
from collections import defaultdict
from pathlib import Path

from ._clients import GENERATED, SYNC
from ._runtime import build_sync

GROUPS = ("httpx/httpcore/h11", "hubspot_channels", "generated", "stdlib", "other")
_HTTP = ("httpx", "httpcore", "h11", "anyio", "idna", "certifi", "sniffio")
_STDLIB = str(Path(sysconfig.get_paths()["stdlib"]).resolve())


def group_of(filename: str) -> str:
    """The package a profiled function belongs to, from its file (``~`` is a C built-in: stdlib)."""
    if filename == "~" or filename.startswith("<frozen"):
        return "stdlib"
    parts = Path(filename).parts
    if GENERATED.split(".")[0] in parts:
        return "generated"
    if "hubspot_channels" in parts:
        return "hubspot_channels"
    if any(name in parts for name in _HTTP):
        return "httpx/httpcore/h11"
    if "site-packages" not in parts and str(Path(filename).resolve()).startswith(_STDLIB):
        return "stdlib"
    return "other"


def _profiled(base_url: str, calls: int) -> pstats.Stats:
    spec = next(s for s in SYNC if s.name == "hubspot_channels")
    call, _ = build_sync(spec, base_url)
    for _ in range(100):
        call()
    profiler = cProfile.Profile()
    profiler.enable()
    for _ in range(calls):
        call()
    profiler.disable()
    return pstats.Stats(profiler)


def summary_lines(stats: pstats.Stats, calls: int, top: int) -> list[str]:
    """Own time per package and the ``top`` functions by own time, in microseconds per status update."""
    entries = stats.stats  # type: ignore[attr-defined]  # (file, line, name) -> (cc, nc, tottime, cumtime, ...)
    per_group: dict[str, float] = defaultdict(float)
    rows = []
    for (filename, line, name), (_, ncalls, own, _cum, _callers) in entries.items():
        group = group_of(filename)
        per_group[group] += own
        rows.append((own, ncalls, group, f"{Path(filename).name}:{line}({name})"))
    total = sum(per_group.values()) or 1.0
    out = [f"where the time goes: {calls} facade status updates, own time per call (cProfile, so inflated)"]
    for group in GROUPS:
        out.append(f"  {group:20} {per_group[group] / calls * 1e6:8.1f} us  {per_group[group] / total:6.1%}")
    out.append(f"top {top} by own time:")
    for own, ncalls, group, where in sorted(rows, reverse=True)[:top]:
        out.append(f"  {own / calls * 1e6:7.1f} us  {ncalls / calls:5.1f} calls  {group:18} {where}")
    return out


def summary(base_url: str, calls: int, top: int = 15) -> str:
    return "\n".join(summary_lines(_profiled(base_url, calls), calls, top))


def profile(base_url: str, calls: int, top: int) -> str:
    stats = _profiled(base_url, calls)
    out = io.StringIO()
    out.write("\n".join(summary_lines(stats, calls, top)) + "\n\n")
    stats.stream = out  # type: ignore[attr-defined]
    stats.strip_dirs()
    out.write(f"=== {calls} facade status updates: top {top} by cumulative time ===\n")
    stats.sort_stats("cumulative").print_stats(top)
    out.write(f"=== top {top} by own time ===\n")
    stats.sort_stats("tottime").print_stats(top)
    return out.getvalue()
