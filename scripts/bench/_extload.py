"""The ext load: CPU that other processes used while the benchmark ran, so that a run measured on a busy
machine says so instead of passing for a quiet one.

Busy jiffies of the whole machine (/proc/stat) minus the CPU of this process tree (this process, its reaped
children, and its live descendants such as the loopback server), over the wall time, in cores. A run whose
others used more than ``DISTURBED_ABOVE_CORES`` on average, in any phase, is DISTURBED.
"""

from __future__ import annotations

import contextlib
import os
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

# Others may use up to a tenth of one core on average before a run's figures stop counting as undisturbed.
DISTURBED_ABOVE_CORES = 0.10
_TICK = os.sysconf("SC_CLK_TCK")
# /proc/stat cpu line: user nice system idle iowait irq softirq steal (guest is counted inside user).
_BUSY_FIELDS = (0, 1, 2, 5, 6, 7)


def machine_busy_s() -> float | None:
    """CPU seconds every core spent busy since boot; None where /proc/stat is unavailable."""
    try:
        first = Path("/proc/stat").read_text().split("\n", 1)[0].split()
    except OSError:
        return None
    values = [int(v) for v in first[1:]]
    return sum(values[i] for i in _BUSY_FIELDS if i < len(values)) / _TICK


def _descendants_cpu_s(root: int) -> float:
    """CPU seconds of root's live descendants, each with its own reaped children."""
    parents: dict[int, int] = {}
    cpu: dict[int, float] = {}
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        with contextlib.suppress(OSError, ValueError, IndexError):
            # after the ")" of the command name: state ppid ... utime(12) stime cutime cstime
            fields = (entry / "stat").read_text().rsplit(")", 1)[1].split()
            parents[int(entry.name)] = int(fields[1])
            cpu[int(entry.name)] = sum(int(v) for v in fields[11:15]) / _TICK
    total, frontier = 0.0, [root]
    while frontier:
        parent = frontier.pop()
        children = [pid for pid, ppid in parents.items() if ppid == parent]
        total += sum(cpu[pid] for pid in children)
        frontier += children
    return total


def own_cpu_s() -> float:
    """CPU seconds of this process tree: itself, the children it waited for, and those still running."""
    times = os.times()
    reaped = times.children_user + times.children_system
    return times.user + times.system + reaped + _descendants_cpu_s(os.getpid())


@dataclass(frozen=True)
class Phase:
    name: str
    wall_s: float
    others_cpu_s: float | None  # None: the machine's busy time could not be read

    @property
    def cores(self) -> float | None:
        """Cores the other processes kept busy on average during the phase."""
        return None if self.others_cpu_s is None or self.wall_s <= 0 else self.others_cpu_s / self.wall_s

    @property
    def disturbed(self) -> bool:
        return self.cores is not None and self.cores > DISTURBED_ABOVE_CORES


@dataclass
class Meter:
    """Ext load per named phase of one run; ``whole()`` sums them."""

    phases: list[Phase] = field(default_factory=list)

    @contextlib.contextmanager
    def phase(self, name: str) -> Iterator[None]:
        busy0, own0, wall0 = machine_busy_s(), own_cpu_s(), time.perf_counter()
        try:
            yield
        finally:
            busy1, own1, wall1 = machine_busy_s(), own_cpu_s(), time.perf_counter()
            others = None if busy0 is None or busy1 is None else max(0.0, (busy1 - busy0) - (own1 - own0))
            self.phases.append(Phase(name, wall1 - wall0, others))

    def whole(self) -> Phase:
        known = [p.others_cpu_s for p in self.phases]
        others = None if not known or None in known else sum(p or 0.0 for p in known)
        return Phase("whole run", sum(p.wall_s for p in self.phases), others)

    @property
    def disturbed(self) -> bool:
        return any(p.disturbed for p in (*self.phases, self.whole()))

    def summary(self) -> str:
        """One line, e.g. ``undisturbed: others used 0.03 cores (1.5% of 2) ...``; the run line's ext_load."""
        whole, cores = self.whole(), os.cpu_count() or 1
        if whole.cores is None:
            return "unknown (no /proc/stat)"
        verdict = "DISTURBED" if self.disturbed else "undisturbed"
        return (
            f"{verdict}: others used {whole.cores:.2f} cores ({whole.cores / cores:.1%} of {cores}) over"
            f" {whole.wall_s:.0f} s; threshold {DISTURBED_ABOVE_CORES:g} cores in any phase"
        )

    def lines(self) -> list[str]:
        cores = os.cpu_count() or 1
        out = [f"ext load (CPU of other processes, share of the machine's {cores} cores):"]
        for phase in (*self.phases, self.whole()):
            used = (
                "unknown" if phase.cores is None else f"{phase.cores / cores:6.1%} ({phase.cores:.2f} cores)"
            )
            mark = "  DISTURBED" if phase.disturbed else ""
            out.append(f"  {phase.name:24} {used} over {phase.wall_s:6.1f} s{mark}")
        out.append(f"  => {self.summary()}")
        return out
