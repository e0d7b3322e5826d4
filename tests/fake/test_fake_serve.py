"""`python -m hubspot_channels.testing serve` in a subprocess: it serves every version and the control API,
stops quietly with exit 0 on Ctrl-C (SIGINT), and without the `testing` extra says in one line how to
install it (the extra's modules are refused by a meta path finder in the child)."""

from __future__ import annotations

import os
import re
import select
import signal
import subprocess
import sys

import httpx
import pytest

from hubspot_channels import API_VERSIONS
from hubspot_channels._registry import VERSIONS
from tests.support.paths import REPO as ROOT

pytestmark = [pytest.mark.subprocess]
HINT = "pip install 'hubspot-channels[testing]'"
KEY = {"hapikey": "fake-developer-key", "appId": "123456"}

# Run in the child before anything else: modules of the extra (and what is below them) cannot be found.
BLOCKER = """
import importlib.abc, runpy, sys
BLOCKED = set(sys.argv[1].split(","))
class Refuse(importlib.abc.MetaPathFinder):
    def find_spec(self, name, path=None, target=None):
        if name.split(".")[0] in BLOCKED:
            raise ModuleNotFoundError(f"No module named {name!r}", name=name)
        return None
sys.meta_path.insert(0, Refuse())
code = sys.argv[2]
sys.argv = ["hubspot_channels.testing", *sys.argv[3:]]
if code == "serve":
    runpy.run_module("hubspot_channels.testing", run_name="__main__", alter_sys=True)
else:
    exec(code)
"""


def _env() -> dict[str, str]:
    paths = [str(ROOT / "facade"), str(ROOT / "generated"), os.environ.get("PYTHONPATH", "")]
    return {**os.environ, "PYTHONPATH": os.pathsep.join(p for p in paths if p)}


def _serve(*args: str) -> subprocess.Popen[str]:
    command = [sys.executable, "-m", "hubspot_channels.testing", "serve", "--port", "0", *args]
    return subprocess.Popen(command, env=_env(), stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)


def _banner(process: subprocess.Popen[str]) -> list[str]:
    assert process.stdout is not None
    ready, _, _ = select.select([process.stdout], [], [], 60)  # bounds a server that never starts
    assert ready, "the fake server printed nothing"
    # The banner is one write: once it has begun, the rest is there (or the process ended: EOF).
    lines: list[str] = []
    while not lines or not lines[-1].startswith("Ctrl-C"):
        line = process.stdout.readline()
        assert line, f"the fake server exited after {lines}"
        lines.append(line.rstrip("\n"))
    return lines


def _stop(process: subprocess.Popen[str], sig: int = signal.SIGINT) -> str:
    process.send_signal(sig)
    try:
        _, stderr = process.communicate(timeout=60)
    finally:
        if process.poll() is None:
            process.kill()
            process.wait()
    return stderr


@pytest.mark.slow
def test_serve_prints_the_base_and_control_urls_serves_every_version_and_stops_on_ctrl_c():
    process = _serve()
    try:
        banner = _banner(process)
        found = re.search(r"http://127\.0\.0\.1:\d+", banner[0])
        assert found, banner
        base_url = found.group(0)
        assert any(line.strip().startswith(f"control API: {base_url}/_fake") for line in banner), banner
        for version in API_VERSIONS:
            assert f"  {version}: {base_url}{VERSIONS[version].endpoints['list_channels'].path}" in banner
            listed = httpx.get(base_url + VERSIONS[version].endpoints["list_channels"].path, params=KEY)
            assert listed.status_code == 200, (version, listed.text)
        # Driven from outside: a fault scheduled over HTTP, seen by the next API call.
        assert httpx.post(f"{base_url}/_fake/faults", json={"status": 503}).status_code == 201
        assert (
            httpx.get(base_url + VERSIONS["v3"].endpoints["list_channels"].path, params=KEY).status_code
            == 503
        )
        log = httpx.get(f"{base_url}/_fake/requests").json()["results"]
        assert [r["status"] for r in log] == [200, 200, 200, 503]
    finally:
        stderr = _stop(process)
    assert process.returncode == 0, stderr
    assert "Traceback" not in stderr and "KeyboardInterrupt" not in stderr


def test_sigterm_stops_the_server_quietly_too():
    process = _serve()
    try:
        base_url = re.search(r"http://127\.0\.0\.1:\d+", _banner(process)[0]).group(0)  # type: ignore[union-attr]
        assert httpx.get(f"{base_url}/_fake").status_code == 200  # serving: uvicorn holds the signals
    finally:
        stderr = _stop(process, signal.SIGTERM)
    assert process.returncode == 0, stderr
    assert "Traceback" not in stderr


def test_serve_shows_only_the_built_in_credentials():
    process = _serve("--access-token", "someones-real-token-1234")
    try:
        banner = "\n".join(_banner(process))
    finally:
        _stop(process)
    assert "someones-real-token-1234" not in banner
    assert "fake-developer-key" in banner  # the built-in made-up one, which clients must send


def _blocked(blocked: str, code: str, *args: str) -> subprocess.CompletedProcess[str]:
    command = [sys.executable, "-c", BLOCKER, blocked, code, *args]
    return subprocess.run(command, check=False, env=_env(), capture_output=True, text=True, timeout=120)


@pytest.mark.parametrize("blocked", ["jsonschema_path", "uvicorn", "openapi_core,uvicorn,jsonschema_path"])
def test_serve_without_the_extra_says_how_to_install_it_in_one_line(blocked):
    run = _blocked(blocked, "serve", "serve", "--port", "0")
    assert run.returncode == 1, run.stderr
    assert run.stdout == ""
    lines = run.stderr.splitlines()
    assert len(lines) == 1, run.stderr
    assert HINT in lines[0] and "testing" in lines[0]
    assert "Traceback" not in run.stderr and "No module named" not in run.stderr


def test_importing_the_fake_without_the_extra_raises_one_line_naming_the_pip_command():
    code = (
        "try:\n"
        "    from hubspot_channels.testing import FakeHubSpot\n"
        "except ImportError as exc:\n"
        "    print(type(exc).__name__, isinstance(exc, ModuleNotFoundError), exc, sep='|')\n"
        "import hubspot_channels.testing.pytest_plugin  # the plugin pytest loads everywhere still imports\n"
    )
    run = _blocked("jsonschema_path", code)
    assert run.returncode == 0, run.stderr
    name, is_module_error, message = run.stdout.strip().split("|")
    assert (name, is_module_error) == ("MissingExtraError", "True")
    assert HINT in message and "\n" not in message and "'jsonschema_path'" in message
