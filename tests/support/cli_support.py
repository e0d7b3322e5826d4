"""Running the installed `hubspot-channels` console script in a subprocess, for tests/test_cli_*.py."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sysconfig
from dataclasses import dataclass
from typing import Any

# Distinctive secrets, so that a leak into any output is easy to spot.
TOKEN = "pat-cli-TOKEN-5ecr3t-4d1e"
DEV_KEY = "devkey-cli-KEY-5ecr3t-77aa"
APP_ID = 777001
CLIENT_SECRET = "cli-client-SECRET-5ecr3t-0b9c"
WEBHOOK_URL = "https://integration.example.com/hubspot/webhook?source=hubspot"


def cli_command() -> list[str]:
    """The installed console script, from this interpreter's own scripts directory (a
    `hubspot-channels` of another environment on PATH would test the wrong code)."""
    exe = shutil.which("hubspot-channels", path=sysconfig.get_path("scripts"))
    assert exe, "the hubspot-channels console script is not installed (pip install -e .)"
    return [exe]


@dataclass
class Result:
    code: int
    stdout: str
    stderr: str

    def json(self) -> Any:
        return json.loads(self.stdout)


def base_env() -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("HUBSPOT_")}
    env.update(HUBSPOT_ACCESS_TOKEN=TOKEN, HUBSPOT_DEVELOPER_API_KEY=DEV_KEY, HUBSPOT_APP_ID=str(APP_ID))
    return env


def run(
    *args: str, base_url: str | None, env: dict[str, str] | None = None, stdin: str | None = None
) -> Result:
    argv = [*cli_command(), *(["--base-url", base_url] if base_url else []), *args]
    done = subprocess.run(
        argv,
        check=False,
        env=env if env is not None else base_env(),
        input=stdin,
        capture_output=True,
        text=True,
        timeout=60,
    )
    result = Result(done.returncode, done.stdout, done.stderr)
    for secret in (TOKEN, DEV_KEY, CLIENT_SECRET):  # on every run, success or not
        assert secret not in result.stdout + result.stderr
    return result
