"""The machine, the optional competitors (installed at bench time), and the loopback server process."""

from __future__ import annotations

import contextlib
import importlib.util
import os
import platform
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

SDK_REQUIREMENT = "hubspot-sdk==0.1.0a9"
# Competitors and the optional transport: installed into this venv for the benchmark only, never a
# dependency of the package (aiohttp is the package's optional extra).
BENCH_ONLY = {"hubspot_sdk": SDK_REQUIREMENT, "aiohttp": "aiohttp>=3.9", "httpx_aiohttp": "httpx-aiohttp"}


def machine() -> str:
    cpu = platform.processor() or "unknown cpu"
    with contextlib.suppress(OSError):
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    return f"{cpu}, {os.cpu_count()} cores, Python {platform.python_version()} ({sys.platform})"


def ensure_installed(install: bool) -> list[str]:
    """Install missing competitors; returns notes on what stays unavailable and why (the run goes on without).

    pip's own last line is kept: a note that only said "could not be installed" hid whether the registry was
    unreachable, a resolver conflict, or --no-install.
    """
    notes = []
    for module, requirement in BENCH_ONLY.items():
        if importlib.util.find_spec(module) is not None:
            continue
        if not install:
            notes.append(
                f"{requirement} is not installed (--no-install): its rows are reported as unavailable"
            )
            continue
        command = [
            sys.executable,
            "-m",
            "pip",
            "install",
            "--quiet",
            "--disable-pip-version-check",
            requirement,
        ]
        done = subprocess.run(command, check=False, capture_output=True, text=True)
        importlib.invalidate_caches()
        if importlib.util.find_spec(module) is None:
            said = [line for line in done.stderr.splitlines() if line.strip() and "WARNING" not in line]
            why = said[-1].strip() if said else f"pip exit status {done.returncode}"
            notes.append(
                f"{requirement} could not be installed ({why}): its rows are reported as unavailable"
            )
    return notes


def versions() -> str:
    from importlib.metadata import PackageNotFoundError, version

    parts = []
    for dist in ("httpx", "hubspot-sdk", "aiohttp", "httpx-aiohttp"):
        try:
            parts.append(f"{dist} {version(dist)}")
        except PackageNotFoundError:
            parts.append(f"{dist} (not installed)")
    return ", ".join(parts)


@contextlib.contextmanager
def loopback_server() -> Iterator[str]:
    """The minimal server in its own process, so its CPU is not counted as the client's."""
    server = Path(__file__).with_name("_server.py")
    process = subprocess.Popen(
        [sys.executable, str(server)], stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True
    )
    try:
        assert process.stdout is not None
        port = int(process.stdout.readline())
        yield f"http://127.0.0.1:{port}"
    finally:
        assert process.stdin is not None
        process.stdin.close()
        try:
            process.wait(timeout=5)
        except subprocess.TimeoutExpired:
            process.kill()
