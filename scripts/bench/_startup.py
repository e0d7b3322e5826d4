"""Fresh-process figures: import time, import-to-first-response, peak RSS. Each sample is a new interpreter;
samples alternate between clients; the figure is the median."""

from __future__ import annotations

import os
import statistics
import subprocess
import sys
import tempfile
from collections.abc import Mapping
from dataclasses import dataclass, field

from ._clients import PRELUDE, Spec

_IMPORT = """
import time
t0 = time.perf_counter()
{imports}
print((time.perf_counter() - t0) * 1000)
"""

_FIRST_RESPONSE = """
import time
t0 = time.perf_counter()
{imports}
{setup}
{call}
print((time.perf_counter() - t0) * 1000)
"""

# VmHWM, not getrusage's ru_maxrss: Linux carries ru_maxrss across exec, so a child forked from this large
# process would report the parent's size.
_PEAK = "print(int(next(l for l in open('/proc/self/status') if l.startswith('VmHWM')).split()[1]) / 1024)"
_RSS = (
    """
{imports}
{setup}
for _ in range({calls}):
    {call}
"""
    + _PEAK
)


@dataclass
class Startup:
    import_ms: list[float] = field(default_factory=list)
    first_response_ms: list[float] = field(default_factory=list)
    peak_rss_mb: list[float] = field(default_factory=list)

    def median(self, name: str) -> float | None:
        values: list[float] = getattr(self, name)
        return statistics.median(values) if values else None


# Fresh processes load compiled bytecode, as after any pip install: this environment may set
# PYTHONDONTWRITEBYTECODE, which would make only the editable packages recompile from source every time.
_ENV = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"} | {
    "PYTHONPYCACHEPREFIX": os.path.join(tempfile.gettempdir(), "hubspot-channels-bench-pycache")
}


def _run(code: str, python: str = sys.executable) -> float:
    done = subprocess.run([python, "-c", code], capture_output=True, text=True, check=False, env=_ENV)
    if done.returncode != 0:
        raise RuntimeError(f"benchmark subprocess failed:\n{done.stderr[-2000:]}")
    return float(done.stdout.strip().splitlines()[-1])


def _sync_code(template: str, spec: Spec, base_url: str, **extra: object) -> str:
    prelude = f"BASE = {base_url!r}; " + PRELUDE
    return prelude + template.format(imports=spec.imports, setup=spec.setup, call=spec.call, **extra)


def measure(
    specs: list[Spec],
    base_url: str,
    *,
    samples: int,
    rss_calls: int,
    pythons: Mapping[str, str] | None = None,
) -> dict[str, Startup]:
    """Sync specs only: their call is a plain expression, so the same snippet runs in a fresh process of the
    spec's interpreter in ``pythons`` (by name; the core-dependencies venv's, see _corevenv)."""
    python = {spec.name: (pythons or {}).get(spec.name, sys.executable) for spec in specs}
    results = {spec.name: Startup() for spec in specs}
    for spec in specs:  # compile and cache every module once, before any sample
        _run(_sync_code(_FIRST_RESPONSE, spec, base_url), python[spec.name])
    for sample in range(samples):
        order = specs if sample % 2 == 0 else specs[::-1]
        for spec in order:
            result, interpreter = results[spec.name], python[spec.name]
            result.import_ms.append(_run(_sync_code(_IMPORT, spec, base_url), interpreter))
            result.first_response_ms.append(_run(_sync_code(_FIRST_RESPONSE, spec, base_url), interpreter))
            if sample < 3:  # peak memory hardly varies
                rss = _run(_sync_code(_RSS, spec, base_url, calls=rss_calls), interpreter)
                result.peak_rss_mb.append(rss)
    return results


def bare_interpreter_rss(samples: int = 3) -> float:
    return statistics.median(_run(_PEAK) for _ in range(samples))
