"""The secret-leak sweep through the command line: the installed `hubspot-channels` console script (this
environment's own), credentials in the environment, --base-url at the raw server, -v (every request logged
to stderr), every error kind; no secret value (raw or URL-encoded, whole or a long piece) on stdout or
stderr. The commands carry each kind of credential: the bearer token, the developer key (query string),
the staging token (URL path), and a bulk run (many requests at once). Each command runs once and is judged once per secret: every run in this process (click's runner, with
warnings and any other library's log records added to its output, as a process would print them), and
the runs whose error output echoes the request also as the installed script in a subprocess."""

from __future__ import annotations

import concurrent.futures
import logging
import os
import shutil
import subprocess
import sysconfig
import tempfile
import traceback
import warnings
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from hubspot_channels.cli import cli
from tests.facade.test_secret_leaks import (
    APP_ID,
    DEV_KEY,
    SECRETS,
    STAGING,
    TOKEN,
    echo_gateway,
    leaks_in,
    masked,
    unused_port,
)
from tests.support.once_per_session import once_per_session
from tests.support.raw_server import RawServer, answer, json_answer, stall

pytestmark = [pytest.mark.subprocess, pytest.mark.slow]

# the command and what it carries: the bearer token, the developer key and app id (query string), the
# staging token (URL path); ROWS is replaced by a status file (valid rows, or one invalid row for INVALID)
ROWS = "{rows}"
COMMANDS = {
    "messages get": ["messages", "get", "1200", "msg-1"],
    "channels list": ["channels", "list"],
    "channels update": ["channels", "update", "1200", "--webhook-url", "https://e.example/h"],
    "staging-tokens update": ["staging-tokens", "update", "1200", STAGING, "--account-name", "Support"],
    "status bulk": ["status", "bulk", ROWS],
}
INVALID = {
    "messages get": ["messages", "get", "1200", "msg 1"],
    "channels list": ["channels", "get", "abc"],
    "channels update": ["channels", "update", "abc", "--name", "x"],
    "staging-tokens update": ["staging-tokens", "update", "abc", STAGING, "--account-name", "Support"],
    "status bulk": ["status", "bulk", ROWS],
}
STATUS_ROWS = {
    False: "channel,message,status\n1200,msg-1,sent\n1200,msg-2,read\n",
    True: "channel,message,status\nabc,msg-1,sent\n",
}
# status bulk reports every failed row and exits 1, whatever the failure (no response included)
BULK_CODES = {"connection refused": 1, "timeout": 1}

# kind: (script, or None for a port nobody listens on, or "invalid"; extra options; environment changes;
# expected exit code)
KINDS: dict[str, tuple[Any, list[str], dict[str, str], int]] = {
    "connection refused": (None, [], {}, 4),
    "timeout": ([stall(3.0, answer(200, "{}"))], ["--timeout", "0.3"], {}, 4),
    "401": ([json_answer({"status": "error", "message": "Authentication credentials not found."}, 401)], [], {}, 1),
    "503": ([json_answer({"message": "unavailable"}, 503)], [], {}, 1),
    "gateway 502 HTML echoing the request": (echo_gateway(502, "html"), [], {}, 1),
    "gateway 502 echoing the request, --json": (echo_gateway(502, "html"), ["--json"], {}, 1),
    "400 JSON echoing the request": (echo_gateway(400, "json"), [], {}, 1),
    "non-JSON 200 echoing the request": (echo_gateway(200, "html"), [], {}, 1),
    "validation before sending": ("invalid", [], {}, 2),
    "access token with a trailing newline": ([json_answer({})], [], {"HUBSPOT_ACCESS_TOKEN": TOKEN + "\n"}, 3),
    "developer key with a trailing CR LF": ([json_answer({})], [], {"HUBSPOT_DEVELOPER_API_KEY": DEV_KEY + "\r\n"}, 3),
}  # fmt: skip
NOT_APPLICABLE = {  # the credential the command does not use
    ("access token with a trailing newline", "channels list"),
    ("access token with a trailing newline", "channels update"),
    ("developer key with a trailing CR LF", "messages get"),
    ("developer key with a trailing CR LF", "staging-tokens update"),
    ("developer key with a trailing CR LF", "status bulk"),
}


def expected_code(kind: str, command: str) -> int:
    return BULK_CODES.get(kind, KINDS[kind][3]) if command == "status bulk" else KINDS[kind][3]


def console_script() -> str:
    """This interpreter's own console script (another environment's on PATH would test other code)."""
    exe = shutil.which("hubspot-channels", path=sysconfig.get_path("scripts"))
    assert exe, "the hubspot-channels console script is not installed (pip install -e .)"
    return exe


def run_cli(kind: str, command: str, installed: bool) -> tuple[int, str]:
    """One run against its own raw server, in this process or as the installed console script: (exit code,
    everything it printed)."""
    script, options, env_changes, _code = KINDS[kind]
    with (
        RawServer([] if script in (None, "invalid") else script) as server,
        tempfile.TemporaryDirectory() as tmp,
    ):
        base_url = f"http://127.0.0.1:{unused_port()}" if script is None else server.base_url
        env = {"HUBSPOT_ACCESS_TOKEN": TOKEN, "HUBSPOT_DEVELOPER_API_KEY": DEV_KEY, "HUBSPOT_APP_ID": APP_ID}
        env |= env_changes
        args = INVALID[command] if script == "invalid" else COMMANDS[command]
        rows = Path(tmp, "rows.csv")
        rows.write_text(STATUS_ROWS[script == "invalid"])
        args = [str(rows) if arg == ROWS else arg for arg in args]
        argv = ["-v", "--base-url", base_url, "--max-retries", "0", *options, *args]
        if installed:
            env |= {k: v for k, v in os.environ.items() if not k.startswith("HUBSPOT_")}
            done = subprocess.run(
                [console_script(), *argv], env=env, capture_output=True, text=True, timeout=60, check=False
            )
            return done.returncode, f"stdout:\n{done.stdout}\nstderr:\n{done.stderr}"
        return _run_in_process(argv, env)


class _Lines(logging.Handler):
    def __init__(self) -> None:
        super().__init__(logging.WARNING)  # what Python's last-resort handler prints in a process
        self.lines: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.lines.append(self.format(record))


def _run_in_process(argv: list[str], env: dict[str, str]) -> tuple[int, str]:
    unset: dict[str, str | None] = {name: None for name in os.environ if name.startswith("HUBSPOT_")}
    root, records = logging.getLogger(), _Lines()
    root.addHandler(records)
    try:
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always")
            done = CliRunner().invoke(cli, argv, env={**unset, **env}, prog_name="hubspot-channels")
    finally:
        root.removeHandler(records)
    shown = [*records.lines, *(str(w.message) for w in caught)]
    if done.exception is not None and not isinstance(done.exception, SystemExit):
        shown.append("".join(traceback.format_exception(done.exception)))  # a process would print it
    return done.exit_code, f"stdout:\n{done.stdout}\nstderr:\n{done.stderr}\nelse:\n" + "\n".join(shown)


RUNS = [(kind, command) for kind in KINDS for command in COMMANDS if (kind, command) not in NOT_APPLICABLE]
# Also end to end: the kinds whose error output quotes the request (its line, headers, query string).
INSTALLED = [(kind, command) for kind, command in RUNS if "echoing" in kind or kind == "timeout"]


@pytest.fixture(scope="module")
def cli_runs(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
) -> dict[tuple[str, str, bool], tuple[int, str]]:
    """Every run once per session, whichever xdist worker needs them first, then judged per secret."""
    return once_per_session(request, tmp_path_factory, lambda _folder: every_run())


def every_run() -> dict[tuple[str, str, bool], tuple[int, str]]:
    """Every run (the subprocesses a few at a time: each is a Python start-up)."""
    outputs = {(kind, command, False): run_cli(kind, command, False) for kind, command in RUNS}
    with concurrent.futures.ThreadPoolExecutor(max_workers=2) as pool:
        installed = pool.map(lambda run: run_cli(*run, True), INSTALLED)
        outputs |= {(kind, command, True): output for (kind, command), output in zip(INSTALLED, installed)}
    return outputs


CASES = [
    pytest.param(kind, command, installed, secret, id=f"{kind}-{command}-{where}-{secret}")
    for runs, installed, where in ((RUNS, False, "in process"), (INSTALLED, True, "installed"))
    for kind, command in runs
    for secret in SECRETS
]


@pytest.mark.parametrize(("kind", "command", "installed", "secret"), CASES)
def test_the_cli_never_prints_a_secret(
    kind: str,
    command: str,
    installed: bool,
    secret: str,
    cli_runs: dict[tuple[str, str, bool], tuple[int, str]],
) -> None:
    code, output = cli_runs[(kind, command, installed)]

    leaked = [line for line in output.splitlines() if secret in leaks_in(line)]
    assert not leaked, (
        f"{secret} printed by the CLI in {len(leaked)} line(s), e.g. {masked(leaked[0])[:200]!r}"
    )
    assert code == expected_code(kind, command), masked(output[-2000:])
