"""Running the `hubspot-channels` command line for tests/cli: ``run`` in this process (click's runner, the same
``main`` the console script calls, with its own environment, stdin and exit code), ``run_installed`` as the
installed console script in a subprocess. A Python process costs ~0.5 s of CPU to start and import: only
the end-to-end tests (the script is installed and wired, process exit codes, signals) pay for one."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sysconfig
import traceback
from dataclasses import dataclass
from typing import Any

from click.testing import CliRunner

from hubspot_channels.cli import cli

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
    """The command line in this process. The HUBSPOT_* environment is exactly ``env``'s (base_env() by
    default), as in a subprocess; an exception escaping the command (a traceback a user would see) fails."""
    argv = [*(["--base-url", base_url] if base_url else []), *args]
    wanted = env if env is not None else base_env()
    hubspot = {name: value for name, value in wanted.items() if name.startswith("HUBSPOT_")}
    unset: dict[str, str | None] = {name: None for name in os.environ if name.startswith("HUBSPOT_")}
    done = CliRunner().invoke(
        cli, argv, input=stdin, env={**unset, **hubspot}, prog_name="hubspot-channels", catch_exceptions=True
    )
    if done.exception is not None and not isinstance(done.exception, SystemExit):
        detail = "".join(traceback.format_exception(done.exception))
        raise AssertionError(f"the command raised instead of exiting with a code:\n{detail}")
    return _checked(Result(done.exit_code, done.stdout, done.stderr))


def run_installed(
    *args: str, base_url: str | None, env: dict[str, str] | None = None, stdin: str | None = None
) -> Result:
    """The installed console script in a subprocess (end to end)."""
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
    return _checked(Result(done.returncode, done.stdout, done.stderr))


def _checked(result: Result) -> Result:
    for secret in (TOKEN, DEV_KEY, CLIENT_SECRET):  # on every run, success or not
        assert secret not in result.stdout + result.stderr
    return result
