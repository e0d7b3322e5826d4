"""The table: absolute figures and ratios against raw httpx, then the targets of the issue."""

from __future__ import annotations

from ._runtime import Runtime
from ._startup import Startup


def _fmt(value: float | None, digits: int = 2) -> str:
    return "-" if value is None else f"{value:.{digits}f}"


def _ratio(value: float | None, base: float | None) -> str:
    return "-" if value is None or not base else f"{value / base:.2f}x"


def sync_table(runtime: dict[str, Runtime], startup: dict[str, Startup], floor: str) -> list[str]:
    base_rt, base_st = runtime[floor], startup.get(floor)
    lines = [
        (
            f"{'sync client':28} {'CPU/call ms':>17} {'median ms':>9} {'p99 ms':>7} {'calls/s':>8}"
            f" {'import ms':>15} {'import->1st ms':>17} {'peak RSS MB':>15}"
        ),
    ]
    for name, rt in runtime.items():
        st = startup.get(name, Startup())
        cpu = rt.median("cpu_ms")
        imp, first, rss = st.median("import_ms"), st.median("first_response_ms"), st.median("peak_rss_mb")
        lines.append(
            f"{name:28} {_fmt(cpu, 3):>9} {_ratio(cpu, base_rt.median('cpu_ms')):>7}"
            f" {_fmt(statistics_median(rt.latencies_ms), 3):>9} {_fmt(rt.p99(), 3):>7} {_fmt(rt.median('seq_rate'), 0):>8}"
            f" {_fmt(imp, 1):>7} {_ratio(imp, base_st.median('import_ms') if base_st else None):>7}"
            f" {_fmt(first, 1):>9} {_ratio(first, base_st.median('first_response_ms') if base_st else None):>7}"
            f" {_fmt(rss, 1):>7} {_ratio(rss, base_st.median('peak_rss_mb') if base_st else None):>7}"
        )
    return lines


def async_table(runtime: dict[str, Runtime], floor: str, rival: str | None) -> list[str]:
    base = runtime[floor]
    lines = [
        (
            f"{'async client':32} {'CPU/call ms':>17} {'median ms':>9} {'p99 ms':>7} {'seq/s':>6}"
            f" {'c50 calls/s':>20} {'c50 CPU/call ms':>16}"
        )
    ]
    for name, rt in runtime.items():
        cpu, c50 = rt.median("cpu_ms"), rt.median("c50_rate")
        versus = f"{_ratio(c50, runtime[rival].median('c50_rate'))} AHS" if rival and rival in runtime else ""
        lines.append(
            f"{name:32} {_fmt(cpu, 3):>9} {_ratio(cpu, base.median('cpu_ms')):>7}"
            f" {_fmt(statistics_median(rt.latencies_ms), 3):>9} {_fmt(rt.p99(), 3):>7} {_fmt(rt.median('seq_rate'), 0):>6}"
            f" {_fmt(c50, 0):>7} {versus:>12} {_fmt(rt.median('c50_cpu_ms'), 3):>16}"
        )
    return lines


def statistics_median(values: list[float]) -> float | None:
    if not values:
        return None
    ordered = sorted(values)
    return ordered[len(ordered) // 2]


def check(label: str, value: float | None, limit: float, *, at_least: bool = False) -> str:
    if value is None:
        return f"  [ n/a ] {label}: not measured"
    ok = value >= limit if at_least else value <= limit
    sign = ">=" if at_least else "<="
    return f"  [{'PASS' if ok else 'FAIL'}] {label}: {value:.2f}x (target {sign} {limit}x)"
