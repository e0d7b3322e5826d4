"""The targets of issue 16, stated once: the benchmark measures a ratio per key and prints PASS or FAIL."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass


@dataclass(frozen=True)
class Target:
    key: str
    label: str
    limit: float
    at_least: bool = False  # True: the figure must reach the limit; False: stay at or under it
    unit: str = "x"


TARGETS = (
    Target("sync_cpu", "sync CPU per status update, hubspot_channels vs raw httpx", 1.15),
    Target(
        "import",
        "import: from hubspot_channels import CustomChannelsClient vs import httpx (core dependencies only)",
        1.20,
    ),
    Target("peak_rss", "peak RSS, hubspot_channels vs httpx (core dependencies only)", 1.10),
    Target("async_httpx_c50", "async c=50, default httpx transport vs raw httpx.AsyncClient", 1.00, True),
    Target("async_aiohttp_c50", "async c=50, aiohttp transport vs hand-written aiohttp", 0.60, True),
    Target("fake_validation", "fake: validated vs unvalidated status-update round trip (CPU)", 3.0),
    Target("pacing_goodput", "pacing goodput, share of the limit (and 0 surfaced 429s)", 95.0, True, "%"),
)
BY_KEY = {target.key: target for target in TARGETS}


def check(target: Target, value: float | None, veto: str = "") -> str:
    """One line: PASS or FAIL against the limit (FAIL whatever the figure when ``veto`` names a failure);
    n/a when not measured (``veto`` then says why)."""
    if value is None:
        return f"  [ n/a] {target.label}: not measured" + (f"; {veto}" if veto else "")
    ok = passed(target, value) and not veto
    sign = ">=" if target.at_least else "<="
    figure = f"{value:.1f}%" if target.unit == "%" else f"{value:.2f}x"
    why = f"; {veto}" if veto else ""
    return f"  [{'PASS' if ok else 'FAIL'}] {target.label}: {figure} (target {sign} {target.limit:g}{target.unit}){why}"


def passed(target: Target, value: float) -> bool:
    return value >= target.limit if target.at_least else value <= target.limit


def report(
    measured: Mapping[str, float | None],
    *,
    only_measured: bool = False,
    keys: Iterable[str] | None = None,
    vetoes: Mapping[str, str] | None = None,
) -> list[str]:
    """The targets in the table's order (or those of ``keys``); ``only_measured`` leaves out the unmeasured."""
    chosen = [BY_KEY[key] for key in keys] if keys is not None else list(TARGETS)
    return [
        check(target, measured.get(target.key), (vetoes or {}).get(target.key, ""))
        for target in chosen
        if not only_measured or measured.get(target.key) is not None
    ]
