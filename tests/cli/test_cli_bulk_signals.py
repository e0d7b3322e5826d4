"""`status bulk` as operators run it: Ctrl-C mid-run (a real SIGINT to the installed script, against a raw
socket server that answers the first update and holds the others) and the progress bar on a real TTY (a
pseudo-terminal as stderr); and the interrupted summary with --json (in process)."""

from __future__ import annotations

import json
import os
import pty
import re
import signal
import socket
import subprocess
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

import hubspot_channels as hs
from hubspot_channels._sync_resources import Messages
from hubspot_channels.testing import FakeHubSpot
from tests.support.cli_support import base_env, cli_command, run
from tests.support.raw_server import RawServer, Reply, Seen, close_before_answer, json_answer, stall

EXIT_INTERRUPTED = 130
ROWS = 6
MakeMessages = Callable[[int], tuple[str, list[str]]]


@pytest.fixture
def status_body(fake: FakeHubSpot, base_url: str, make_messages: MakeMessages) -> dict[str, Any]:
    """What HubSpot answers to a status update (the served fake's own answer, replayed by the raw server)."""
    channel, [message] = make_messages(1)
    assert run("status", "set", channel, message, "sent", base_url=base_url).code == 0
    body: dict[str, Any] = fake.requests_for("update_message_status")[-1].response_json
    return body


def _rows(tmp_path: Path, count: int, channel: str = "1001") -> str:
    path = tmp_path / "statuses.csv"
    path.write_text("channel,message,status\n" + "".join(f"{channel},m{n},sent\n" for n in range(count)))
    return str(path)


def _popen(args: list[str], base_url: str) -> subprocess.Popen[str]:
    return subprocess.Popen(
        [*cli_command(), "--base-url", base_url, "--max-retries", "0", *args],
        env=base_env(), stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
    )  # fmt: skip


@pytest.fixture
def process_cleanup() -> Iterator[list[subprocess.Popen[str]]]:
    started: list[subprocess.Popen[str]] = []
    yield started
    for process in started:
        if process.poll() is None:
            process.kill()
            process.wait()


@pytest.mark.subprocess
def test_ctrl_c_mid_run_exits_130_with_a_summary_of_what_was_done(
    tmp_path: Path, status_body: dict[str, Any], process_cleanup: list[subprocess.Popen[str]]
) -> None:
    answered: list[Seen] = []

    def script(seen: Seen) -> Reply:
        if not answered:
            answered.append(seen)
            return json_answer(status_body)
        return stall(10.0, close_before_answer())  # held until the test closes the server

    with RawServer(script) as server:
        process = _popen(["status", "bulk", _rows(tmp_path, ROWS), "--concurrency", "2"], server.base_url)
        process_cleanup.append(process)
        assert len(server.requests_once_settled(2)) >= 2  # one answered, one held: the run is mid-way
        process.send_signal(signal.SIGINT)
        assert process.stderr is not None
        notice = [process.stderr.readline() for _ in range(2)]  # a blank line closes the terminal's ^C
        assert "Stopping: no new update starts" in "".join(notice), notice
        # the held update now fails (connection closed) instead of waiting for the timeout
    stdout, stderr = process.communicate(timeout=60)
    assert process.returncode == EXIT_INTERRUPTED, stderr
    assert "Traceback" not in stderr and "interrupted (Ctrl-C)" in stderr
    sent, attempted, failed = map(
        int, re.match(r"Sent (\d+) of (\d+) status updates, (\d+) failed", stdout).groups()
    )  # type: ignore[union-attr]
    not_sent = re.search(r"Not sent \(interrupted\): (\d+)", stdout)
    assert (sent, attempted) == (1, ROWS) and failed >= 1
    assert sent + failed + (int(not_sent.group(1)) if not_sent else 0) == ROWS
    assert stdout.count("  line ") == failed  # each failure listed with its line


@pytest.mark.subprocess
def test_a_second_ctrl_c_stops_waiting_for_updates_in_flight(
    tmp_path: Path, process_cleanup: list[subprocess.Popen[str]]
) -> None:
    with socket.create_server(("127.0.0.1", 0)) as silent:  # takes connections, never answers
        silent.settimeout(60)
        url = f"http://127.0.0.1:{silent.getsockname()[1]}"
        process = _popen(
            ["--timeout", "600", "status", "bulk", _rows(tmp_path, 3), "--concurrency", "1"], url
        )
        process_cleanup.append(process)
        connection, _ = silent.accept()
        with connection:
            connection.settimeout(60)
            assert connection.recv(65536).startswith(b"PATCH ")
            process.send_signal(signal.SIGINT)
            assert process.stderr is not None
            assert "Stopping" in process.stderr.readline() + process.stderr.readline()
            process.send_signal(signal.SIGINT)
            stdout, stderr = process.communicate(timeout=60)
    assert process.returncode == EXIT_INTERRUPTED, stderr
    assert "Traceback" not in stderr
    assert (
        stdout.startswith("Sent 0 of 3 status updates, 0 failed.") and "Not sent (interrupted): 3" in stdout
    )


def _on_a_tty(args: list[str], base_url: str) -> tuple[int, str, str]:
    """Runs the installed script with stderr on a pseudo-terminal: (exit code, stdout, what the TTY showed)."""
    master, slave = pty.openpty()
    try:
        process = subprocess.Popen(
            [*cli_command(), "--base-url", base_url, *args],
            env=base_env(), stdout=subprocess.PIPE, stderr=slave, text=True,
        )  # fmt: skip
        os.close(slave)
        shown = b""
        while True:
            try:
                chunk = os.read(master, 65536)
            except OSError:  # EIO: the process closed the terminal
                break
            if not chunk:
                break
            shown += chunk
        stdout, _ = process.communicate(timeout=60)
    finally:
        os.close(master)
    return process.returncode, stdout, shown.decode(errors="replace")


@pytest.mark.subprocess
def test_a_progress_bar_on_a_tty_and_none_with_json(
    fake: FakeHubSpot, base_url: str, make_messages: MakeMessages, tmp_path: Path
) -> None:
    channel, ids = make_messages(3)
    path = tmp_path / "statuses.jsonl"
    path.write_text(
        "".join(json.dumps({"channel": channel, "message": i, "status": "read"}) + "\n" for i in ids)
    )
    code, stdout, tty = _on_a_tty(["status", "bulk", str(path)], base_url)
    assert code == 0, tty
    assert "Reporting statuses" in tty and "3/3" in tty
    assert stdout.startswith("Sent 3 of 3")
    code, stdout, tty = _on_a_tty(["status", "bulk", str(path), "--json"], base_url)
    assert code == 0 and tty == "" and json.loads(stdout)["sent"] == 3


def test_an_interrupted_run_with_json_reports_what_was_done(
    monkeypatch: pytest.MonkeyPatch, base_url: str, tmp_path: Path
) -> None:
    def interrupted(_self: object, updates: list[hs.StatusUpdate], **_kwargs: object) -> None:
        done = hs.StatusUpdateResult(updates[0], None, hs.APIConnectionError("connection reset"))
        raise hs.BulkUpdateInterrupted(updates, [done, None, None])

    monkeypatch.setattr(Messages, "update_statuses", interrupted)
    result = run("--json", "status", "bulk", _rows(tmp_path, 3), base_url=base_url)
    assert result.code == EXIT_INTERRUPTED
    summary = result.json()
    assert summary["interrupted"] is True and (summary["sent"], summary["failed"], summary["not_sent"]) == (
        0,
        1,
        2,
    )
    assert summary["not_sent_lines"] == [3, 4] and summary["failures"][0]["line"] == 2
    assert json.loads(result.stderr)["error"]["exit_code"] == EXIT_INTERRUPTED
