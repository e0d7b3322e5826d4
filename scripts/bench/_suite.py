"""The benchmark's sections, run in one process with the ext load metered per phase, then the targets.

Each section prints its own output and fills ``measured`` (target key -> figure). The sections of other
modules (--fake, --pacing) are read from what they print, so that their own report stays theirs.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field

from . import _results, _targets
from ._extload import Meter

_FAKE_RATIO = re.compile(r"validation costs [\d.]+x wall, (?P<cpu>[\d.]+)x CPU")
_PACING_SHARE = re.compile(r"goodput (?P<share>[\d.]+)% of the limit")
_PACING_SURFACED = re.compile(r"rate-limit errors surfaced (?P<surfaced>\d+)")


@dataclass
class Run:
    quick: bool = False
    install: bool = True
    processes: int = 4  # --pacing --processes N, in --all
    profile_calls: int = 2000
    meter: Meter = field(default_factory=Meter)
    measured: dict[str, float | None] = field(default_factory=dict)
    vetoes: dict[str, str] = field(default_factory=dict)


def compare(run: Run) -> int:
    from ._compare import compare

    return compare(run.meter, run.measured, quick=run.quick, install=run.install)


def profile(run: Run) -> int:
    from . import _env, _profile

    with run.meter.phase("profile"), _env.loopback_server() as base_url:
        print(_profile.summary(base_url, run.profile_calls))
    return 0


def fake(run: Run) -> int:
    from ._fake import main

    with run.meter.phase("fake"):
        code, output = _results.captured(lambda: main(quick=run.quick))
    found = _FAKE_RATIO.search(output)
    run.measured["fake_validation"] = float(found["cpu"]) if found else None
    return code


def pacing(run: Run) -> int:
    from ._pacing import main

    with run.meter.phase("pacing"):
        code, output = _results.captured(lambda: main(quick=run.quick))
    share, surfaced = _PACING_SHARE.search(output), _PACING_SURFACED.search(output)
    run.measured["pacing_goodput"] = float(share["share"]) if share else None
    if surfaced and int(surfaced["surfaced"]):
        run.vetoes["pacing_goodput"] = f"{surfaced['surfaced']} rate-limit errors surfaced"
    elif code and share and _targets.passed(_targets.BY_KEY["pacing_goodput"], float(share["share"])):
        run.vetoes["pacing_goodput"] = "the run failed otherwise: an update lost, failed or out of order"
    return code


def shared_pacing(run: Run) -> int:
    from ._pacing_shared import main

    with run.meter.phase(f"pacing x{run.processes}"):
        return main(processes=run.processes, quick=run.quick)


def outbox(run: Run) -> int:
    from ._outbox import main

    with run.meter.phase("outbox"):
        return main(quick=run.quick)


def sections(
    run: Run, *, compared: bool, faked: bool, profiled: bool, paced: bool, shared: bool, outboxed: bool
) -> dict[str, Callable[[Run], int]]:
    """Mode heading -> section, in the order they run."""
    chosen: dict[str, Callable[[Run], int]] = {}
    for wanted, mode, section in (
        (compared, "--compare", compare),
        (faked, "--fake", fake),
        (profiled, "--profile", profile),
        (paced, "--pacing", pacing),
        (shared, f"--pacing --processes {run.processes}", shared_pacing),
        (outboxed, "--outbox", outbox),
    ):
        if wanted:
            chosen[mode + (" --quick" if run.quick else "")] = section
    return chosen


def summary(run: Run, *, every_target: bool) -> list[str]:
    """The targets (all of the table's with ``every_target``, else those measured) and the ext load."""
    lines = ["targets (issue 16):"]
    lines += _targets.report(run.measured, only_measured=not every_target, vetoes=run.vetoes)
    return [*lines, "", *run.meter.lines()]


def execute(
    run: Run, chosen: dict[str, Callable[[Run], int]], *, every_target: bool
) -> tuple[int, dict[str, str]]:
    """Run the sections, printing as they go; the worst exit code and each section's output by mode."""
    worst, outputs = 0, {}
    for mode, section in chosen.items():
        print(f"\n== {mode} ==", flush=True)
        code, output = _results.captured(lambda section=section: section(run))  # type: ignore[misc]
        worst, outputs[mode] = max(worst, code), output
    print()
    text = "\n".join(summary(run, every_target=every_target))
    print(text)
    outputs["targets and ext load"] = text
    return worst, outputs
