"""The ext load: the benchmark's own process tree (itself, the children it reaped, the live ones such as the
loopback server) is never counted as "others"; a phase whose others kept more than the threshold busy marks
the run DISTURBED. No wall-clock bound: the accounting is checked against the kernel's own per-process CPU."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from scripts.bench import _extload
from scripts.bench._extload import DISTURBED_ABOVE_CORES, Meter, Phase

_BURN_THEN_WAIT = "sum(i * i for i in range(3_000_000)); print('burnt', flush=True); input()"


def _cpu_of(pid: int) -> float:
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return sum(int(v) for v in fields[11:15]) / os.sysconf("SC_CLK_TCK")


pytestmark = pytest.mark.skipif(not Path("/proc/stat").exists(), reason="needs Linux /proc")


@pytest.mark.subprocess
def test_a_live_child_counts_as_the_benchmark_own_cpu_not_as_others() -> None:
    before = _extload.own_cpu_s()
    child = subprocess.Popen(
        [sys.executable, "-c", _BURN_THEN_WAIT], stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True
    )
    try:
        assert child.stdout is not None and child.stdout.readline().strip() == "burnt"
        child_cpu = _cpu_of(child.pid)
        assert child_cpu > 0
        assert _extload.own_cpu_s() - before >= child_cpu - 1e-6  # jiffies summed as floats
    finally:
        child.communicate("\n")


@pytest.mark.subprocess
def test_a_reaped_child_still_counts_as_the_benchmark_own_cpu() -> None:
    before = _extload.own_cpu_s()
    times_before = os.times()
    subprocess.run(
        [sys.executable, "-c", _BURN_THEN_WAIT], input="\n", capture_output=True, text=True, check=True
    )
    times_after = os.times()
    reaped = (times_after.children_user + times_after.children_system) - (
        times_before.children_user + times_before.children_system
    )
    assert reaped > 0 and _extload.own_cpu_s() - before >= reaped - 1e-6


def test_the_machine_busy_time_only_grows_and_a_phase_is_recorded_by_name() -> None:
    first = _extload.machine_busy_s()
    meter = Meter()
    with meter.phase("sync"):
        sum(i * i for i in range(100_000))
    second = _extload.machine_busy_s()
    assert first is not None and second is not None and second >= first
    (phase,) = meter.phases
    assert phase.name == "sync" and phase.wall_s > 0
    assert phase.others_cpu_s is not None and phase.others_cpu_s >= 0


def test_others_above_the_threshold_in_any_phase_disturb_the_run() -> None:
    quiet = Phase("sync", wall_s=10.0, others_cpu_s=10.0 * DISTURBED_ABOVE_CORES / 2)
    busy = Phase("async", wall_s=10.0, others_cpu_s=10.0 * DISTURBED_ABOVE_CORES * 2)
    assert not quiet.disturbed and busy.disturbed
    assert not Meter([quiet, quiet]).disturbed
    meter = Meter([quiet, busy, quiet])
    assert meter.disturbed and meter.summary().startswith("DISTURBED: ")
    assert Meter([quiet]).summary().startswith("undisturbed: ")
    lines = meter.lines()
    assert any(line.strip().startswith("async") and line.endswith("DISTURBED") for line in lines)
    assert any(line.strip().startswith("whole run") for line in lines)


def test_the_whole_run_sums_the_phases_and_an_unreadable_machine_is_unknown_not_quiet() -> None:
    whole = Meter([Phase("a", 2.0, 0.1), Phase("b", 3.0, 0.4)]).whole()
    assert whole.wall_s == 5.0 and whole.others_cpu_s == pytest.approx(0.5)
    unknown = Meter([Phase("a", 2.0, None)])
    assert unknown.whole().cores is None and not unknown.disturbed
    assert unknown.summary().startswith("unknown")
