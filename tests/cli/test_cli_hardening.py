"""Hostile input to the `hubspot-channels` command line (in process; Ctrl-C to the installed script): bad option
values, deep JSON, Ctrl-C.

Each must end in a documented exit code with one message, never a traceback, and send nothing."""

from __future__ import annotations

import json
import signal
import socket
import subprocess
from collections.abc import Iterator
from pathlib import Path

import pytest

from hubspot_channels.testing import signed_headers
from tests.support.cli_support import CLIENT_SECRET, WEBHOOK_URL, Result, base_env, cli_command, run

EXIT_USAGE, EXIT_WEBHOOK_INVALID, EXIT_INTERRUPTED = 2, 5, 130


@pytest.fixture
def silent_server() -> Iterator[socket.socket]:
    """A socket on 127.0.0.1 that takes connections and never answers (and counts what it was sent)."""
    with socket.create_server(("127.0.0.1", 0)) as server:
        server.settimeout(60)  # bounds a test whose client never connects
        yield server


def _url(server: socket.socket) -> str:
    return f"http://127.0.0.1:{server.getsockname()[1]}"


def _assert_invalid_value(result: Result, option: str) -> None:
    assert result.code == EXIT_USAGE, result.stderr
    assert "Invalid value for" in result.stderr and option in result.stderr, result.stderr
    _assert_no_traceback(result)


def _assert_no_traceback(result: Result) -> None:
    assert "Traceback" not in result.stderr and "Error" in result.stderr, result.stderr


# --- bad option values: exit 2 naming the option, before any connection -----------------------------------


@pytest.mark.parametrize(
    ("option", "value"),
    [
        ("--timeout", "nan"),
        ("--timeout", "inf"),
        ("--timeout", "-inf"),
        ("--timeout", "1e400"),
        ("--timeout", "1" + "0" * 400),
        ("--timeout", "0"),
        ("--timeout", "-1"),
        ("--timeout", "86401"),
        ("--timeout", "five"),
        ("--deadline", "nan"),
        ("--deadline", "inf"),
        ("--deadline", "0"),
        ("--deadline", "100000"),
        ("--max-retries", "99999999999999999999"),
        ("--max-retries", "101"),
        ("--max-retries", "-1"),
        ("--max-retries", "1.5"),
    ],
)
def test_a_bad_global_option_value_is_exit_2_naming_it_and_sends_nothing(
    silent_server: socket.socket, option: str, value: str
) -> None:
    silent_server.settimeout(0.0)
    result = run(option, value, "messages", "get", "1", "m1", base_url=_url(silent_server))
    _assert_invalid_value(result, option)
    with pytest.raises(BlockingIOError):  # nobody connected
        silent_server.accept()


@pytest.mark.parametrize(("option", "value"), [("--timeout", "86400"), ("--max-retries", "100")])
def test_the_largest_accepted_values_reach_the_server(
    silent_server: socket.socket, option: str, value: str
) -> None:
    # The bounds are the library's own: the CLI does not refuse what the library accepts.
    result = run(
        option, value, "--deadline", "0.5", "messages", "get", "1", "m1", base_url=_url(silent_server)
    )
    assert result.code == 4, result.stderr  # the deadline expires: a timeout, after connecting
    assert "Invalid value" not in result.stderr


@pytest.mark.parametrize("value", ["nan", "inf", "-1", "1e400", "soon"])
def test_a_bad_webhook_tolerance_is_exit_2(tmp_path: Path, value: str) -> None:
    body = b'{"type": "CHANNEL_ACCOUNT_CREATED"}'
    result = _verify(
        tmp_path, body, json.dumps(signed_headers(body, WEBHOOK_URL, CLIENT_SECRET)), "--tolerance", value
    )
    _assert_invalid_value(result, "--tolerance")


# --- deep JSON ------------------------------------------------------------------------------------------------


def _verify(tmp_path: Path, body: bytes, headers_json: str, *args: str) -> Result:
    (tmp_path / "body.json").write_bytes(body)
    (tmp_path / "headers.json").write_text(headers_json)
    files = ("--body-file", str(tmp_path / "body.json"), "--headers-file", str(tmp_path / "headers.json"))
    env = base_env() | {"HUBSPOT_CLIENT_SECRET": CLIENT_SECRET}
    return run("webhook", "verify", "--url", WEBHOOK_URL, *files, *args, base_url=None, env=env)


def _nested_event(depth: int) -> bytes:
    return b'{"type": "SOMETHING_NEW", "x": ' + b"[" * depth + b"]" * depth + b"}"


@pytest.mark.parametrize("as_json", [False, True])
@pytest.mark.parametrize("depth", [600, 900])
def test_a_deeply_nested_signed_event_is_shown_without_a_traceback(
    tmp_path: Path, depth: int, as_json: bool
) -> None:
    body = _nested_event(depth)
    headers = json.dumps(signed_headers(body, WEBHOOK_URL, CLIENT_SECRET))
    result = _verify(tmp_path, body, headers, *(["--json"] if as_json else []))
    assert result.code == 0, result.stderr[-500:]
    assert "Traceback" not in result.stderr
    if as_json:
        shown = result.json()
        assert shown["ok"] is True and shown["event"]["raw"]["type"] == "SOMETHING_NEW"
        assert "nested deeper than" in result.stdout
    else:
        assert result.stdout.startswith("OK") and "nested deeper than" in result.stdout


def test_a_body_too_deep_to_parse_is_exit_5(tmp_path: Path) -> None:
    body = _nested_event(200_000)
    headers = json.dumps(signed_headers(body, WEBHOOK_URL, CLIENT_SECRET))
    result = _verify(tmp_path, body, headers)
    assert result.code == EXIT_WEBHOOK_INVALID, result.stderr[-500:]
    _assert_no_traceback(result)


@pytest.mark.parametrize("headers_json", ["[" * 100_000, '{"a": ' * 100_000])
def test_a_deeply_nested_headers_file_is_exit_2(tmp_path: Path, headers_json: str) -> None:
    result = _verify(tmp_path, b"{}", headers_json)
    _assert_invalid_value(result, "--headers-file")


@pytest.mark.parametrize(
    "caps",
    [
        '{"x": ' * 150 + "1" + "}" * 150,  # parses, but deeper than a request body may be
        '{"x": ' + "[" * 50_000 + "]" * 50_000 + "}",  # too deep for json itself, short enough for argv
    ],
    ids=["150-levels", "50000-levels"],
)
def test_deeply_nested_capabilities_are_exit_2_and_send_nothing(
    silent_server: socket.socket, caps: str
) -> None:
    silent_server.settimeout(0.0)
    args = (
        "channels",
        "create",
        "--name",
        "n",
        "--webhook-url",
        "https://example.com/h",
        "--capabilities",
        caps,
    )
    result = run(*args, base_url=_url(silent_server))
    _assert_invalid_value(result, "--capabilities")
    with pytest.raises(BlockingIOError):
        silent_server.accept()


@pytest.mark.parametrize("depth", [150, 100_000])
def test_a_deeply_nested_request_file_is_exit_2(tmp_path: Path, depth: int) -> None:
    request = tmp_path / "channel.json"
    request.write_text('{"name": "n", "capabilities": ' + '{"x": ' * depth + "1" + "}" * depth + "}")
    result = run("channels", "create", "--file", str(request), base_url="http://127.0.0.1:9")
    _assert_invalid_value(result, "--file")


# --- Ctrl-C ---------------------------------------------------------------------------------------------------


WAITING_COMMANDS = {  # a command of each kind of request: GET and PATCH, bearer token and developer key
    "messages get": (["messages", "get", "1", "m1"], b"GET "),
    "channels update": (["channels", "update", "1", "--webhook-url", "https://e.example/h"], b"PATCH "),
    "staging-tokens update": (["staging-tokens", "update", "1", "tok", "--account-name", "A"], b"PATCH "),
    "status set": (["status", "set", "1", "m1", "read"], b"PATCH "),
}


@pytest.mark.subprocess  # a real SIGINT to a real process
@pytest.mark.parametrize("as_json", [False, True])
@pytest.mark.parametrize("command", list(WAITING_COMMANDS))
def test_ctrl_c_while_waiting_for_hubspot_exits_130_quietly(
    silent_server: socket.socket, as_json: bool, command: str
) -> None:
    args, request_start = WAITING_COMMANDS[command]
    argv = [*cli_command(), "--base-url", _url(silent_server), *(["--json"] if as_json else [])]
    process = subprocess.Popen(
        [*argv, "--timeout", "600", *args],
        env=base_env(),
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        connection, _ = silent_server.accept()
        with connection:
            connection.settimeout(60)
            assert connection.recv(65536).startswith(request_start)  # the request is out: the CLI now waits
            process.send_signal(signal.SIGINT)
            stdout, stderr = process.communicate(timeout=60)
    finally:
        if process.poll() is None:
            process.kill()
            process.wait()
    assert process.returncode == EXIT_INTERRUPTED, stderr
    assert stdout == "" and "Traceback" not in stderr
    assert len(stderr.strip().splitlines()) == 1 and "interrupted" in stderr.lower()
    if as_json:
        assert json.loads(stderr)["error"]["exit_code"] == EXIT_INTERRUPTED


def test_help_lists_the_interrupted_exit_code() -> None:
    result = run("--help", base_url=None)
    assert result.code == 0 and "  130  " in result.stdout
