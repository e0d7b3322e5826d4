"""`status bulk FILE` against the fake HubSpot served over HTTP (in process): CSV and JSON Lines, every row
checked before anything is sent, the summary of failures (line, channel, message, HubSpot's message and
correlation id), exit 1 when one failed, the JSON summary, no progress bar without a TTY."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from hubspot_channels.testing import FakeHubSpot
from tests.support.cli_support import base_env, run

Messages = Callable[[int], tuple[str, list[str]]]


def _csv(tmp_path: Path, lines: list[str], name: str = "statuses.csv") -> str:
    path = tmp_path / name
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return str(path)


def _jsonl(tmp_path: Path, rows: list[Any], name: str = "statuses.jsonl") -> str:
    path = tmp_path / name
    path.write_text("\n".join(r if isinstance(r, str) else json.dumps(r) for r in rows) + "\n")
    return str(path)


def _status(fake: FakeHubSpot, message_id: str) -> dict[str, Any]:
    stored: dict[str, Any] = fake.get_message(message_id)["status"]
    return stored


def test_csv_rows_are_all_sent(
    fake: FakeHubSpot, base_url: str, make_messages: Messages, tmp_path: Path
) -> None:
    channel, ids = make_messages(3)
    path = _csv(
        tmp_path,
        [
            "channel,message,status,error",
            f"{channel},{ids[0]},sent,",
            f'{channel},{ids[1]},FAILED,"Recipient blocked, the number"',
            f"{channel},{ids[2]},read,",
        ],
    )
    result = run("status", "bulk", path, base_url=base_url)
    assert result.code == 0, result.stderr
    assert result.stdout.startswith("Sent 3 of 3 status updates, 0 failed.")
    assert result.stderr == ""  # no progress bar: not a TTY
    assert [_status(fake, i)["statusType"] for i in ids] == ["SENT", "FAILED", "READ"]
    assert _status(fake, ids[1])["failureDetails"]["errorMessage"] == "Recipient blocked, the number"


def test_jsonl_with_the_same_message_twice_ends_in_file_order(
    fake: FakeHubSpot, base_url: str, make_messages: Messages, tmp_path: Path
) -> None:
    channel, ids = make_messages(2)
    rows: list[Any] = [
        {"channel": channel, "message": ids[0], "status": "sent"},
        "",  # blank lines are skipped
        {"channel": int(channel), "message": ids[0], "status": "read"},
        {"channel": channel, "message": ids[1], "status": "failed", "error": "no route"},
    ]
    result = run("status", "bulk", _jsonl(tmp_path, rows), "--concurrency", "4", "--json", base_url=base_url)
    assert result.code == 0, result.stderr
    summary = result.json()
    assert (summary["sent"], summary["failed"], summary["not_sent"], summary["interrupted"]) == (
        3,
        0,
        0,
        False,
    )
    assert _status(fake, ids[0])["statusType"] == "READ"
    assert _status(fake, ids[1])["failureDetails"]["errorMessage"] == "no route"


@pytest.mark.parametrize("format_option", [["--format", "jsonl"], ["--format", "JSONL"]])
def test_format_option_overrides_the_extension_and_stdin_works(
    fake: FakeHubSpot, base_url: str, make_messages: Messages, tmp_path: Path, format_option: list[str]
) -> None:
    channel, ids = make_messages(1)
    row = json.dumps({"channel": channel, "message": ids[0], "status": "sent"})
    path = tmp_path / "export.txt"
    path.write_text(row + "\n")
    assert run("status", "bulk", str(path), *format_option, base_url=base_url).code == 0
    from_stdin = run("status", "bulk", "-", *format_option, base_url=base_url, stdin=row)
    assert from_stdin.code == 0, from_stdin.stderr
    assert _status(fake, ids[0])["statusType"] == "SENT"


def test_one_invalid_row_sends_nothing_and_names_every_bad_line(
    fake: FakeHubSpot, base_url: str, make_messages: Messages, tmp_path: Path
) -> None:
    channel, ids = make_messages(1)
    path = _csv(
        tmp_path,
        [
            "channel,message,status,error",
            f"{channel},{ids[0]},sent,",  # line 2: valid
            f"abc,{ids[0]},sent,",  # line 3
            f"{channel},{ids[0]},delivered,",  # line 4
            f'{channel},"multi',  # lines 5-6: one quoted value over two lines, then too few values
            'line",sent',
            f"{channel},{ids[0]},sent,why",  # line 7: error text without FAILED
            f"{channel},,sent,",  # line 8
        ],
    )
    before = len(fake.requests)
    result = run("status", "bulk", path, base_url=base_url)
    assert result.code == 2, result.stderr
    assert len(fake.requests) == before
    assert "5 of 6 rows are invalid, nothing was sent" in result.stderr
    for where, needle in [("line 3", "channel"), ("line 4", "SENT, FAILED, READ"), ("lines 5-6", "3 values for 4 columns"), ("line 7", "FAILED"), ("line 8", "missing message")]:  # fmt: skip
        assert any(f"{where}: " in text and needle in text for text in result.stderr.splitlines()), (
            where,
            result.stderr,
        )
    as_json = run("--json", "status", "bulk", path, base_url=base_url)
    invalid_rows = json.loads(as_json.stderr)["error"]["invalid_rows"]
    assert [r["line"] for r in invalid_rows] == [3, 4, 5, 7, 8]
    assert invalid_rows[2]["last_line"] == 6 and "last_line" not in invalid_rows[0]


def test_skip_invalid_sends_the_valid_rows_and_lists_the_others(
    fake: FakeHubSpot, base_url: str, make_messages: Messages, tmp_path: Path
) -> None:
    channel, ids = make_messages(1)
    path = _jsonl(tmp_path, [{"channel": channel, "message": ids[0], "status": "read"}, "[1]", "{not json"])
    result = run("status", "bulk", path, "--skip-invalid", base_url=base_url)
    assert result.code == 0, result.stderr
    assert "Sent 1 of 1" in result.stdout and "Skipped 2 invalid row(s)" in result.stdout
    assert "line 2: must be a JSON object" in result.stdout and "line 3: not a JSON object" in result.stdout
    assert _status(fake, ids[0])["statusType"] == "READ"


def test_failures_are_listed_with_line_hubspots_message_and_correlation_id_and_exit_1(
    fake: FakeHubSpot, base_url: str, make_messages: Messages, tmp_path: Path
) -> None:
    channel, ids = make_messages(1)
    path = _csv(
        tmp_path, ["channel,message,status", f"{channel},{ids[0]},sent", f"{channel},no-such-message,read"]
    )
    result = run("status", "bulk", path, base_url=base_url)
    assert result.code == 1
    body = next(r for r in fake.requests_for("update_message_status") if r.status == 404).response_json
    failure = next(line for line in result.stdout.splitlines() if line.startswith("  line 3:"))
    assert f"channel {channel}, message no-such-message" in failure
    assert body["message"] in failure and body["correlationId"] in failure
    assert "Sent 1 of 2 status updates, 1 failed." in result.stdout
    assert "1 of 2 status updates failed" in result.stderr

    as_json = run("status", "bulk", path, "--json", base_url=base_url)
    assert as_json.code == 1
    summary = as_json.json()
    assert (summary["sent"], summary["failed"]) == (1, 1)
    [entry] = summary["failures"]
    assert (entry["line"], entry["channel"], entry["message"]) == (3, channel, "no-such-message")
    last = next(r for r in reversed(fake.requests_for("update_message_status")) if r.status == 404)
    assert entry["error"]["status"] == 404
    assert entry["error"]["correlation_id"] == last.response_json["correlationId"]
    assert entry["error"]["hubspot_message"] == last.response_json["message"]
    assert json.loads(as_json.stderr)["error"]["exit_code"] == 1


def test_a_missing_access_token_is_exit_3_once_not_a_failure_per_row(
    fake: FakeHubSpot, base_url: str, tmp_path: Path
) -> None:
    path = _csv(tmp_path, ["channel,message,status", *[f"1001,m{n},sent" for n in range(5)]])
    before = len(fake.requests)
    env = {k: v for k, v in base_env().items() if k != "HUBSPOT_ACCESS_TOKEN"}
    result = run("status", "bulk", path, base_url=base_url, env=env)
    assert result.code == 3 and "HUBSPOT_ACCESS_TOKEN" in result.stderr
    assert result.stderr.count("HUBSPOT_ACCESS_TOKEN") == 1
    assert len(fake.requests) == before


@pytest.mark.parametrize(
    ("name", "content", "needle"),
    [
        ("rows.txt", "channel,message,status\n", "--format"),
        ("rows.csv", "", "the file is empty"),
        ("rows.csv", "channel,message\n1,m\n", "line 1 must name the columns"),
        ("rows.csv", "channel,message,status,colour\n", "line 1 must name the columns"),
        (
            "rows.jsonl",
            '{"channel": 1, "message": "m", "status": "sent", "colour": 1}\n',
            "unknown key(s) colour",
        ),
    ],
)
def test_unusable_files_are_exit_2(
    fake: FakeHubSpot, base_url: str, tmp_path: Path, name: str, content: str, needle: str
) -> None:
    path = tmp_path / name
    path.write_text(content)
    before = len(fake.requests)
    result = run("status", "bulk", str(path), base_url=base_url)
    assert result.code == 2 and needle in result.stderr, result.stderr
    assert len(fake.requests) == before


def test_a_file_that_is_not_utf8_names_its_line(base_url: str, tmp_path: Path) -> None:
    path = tmp_path / "latin1.csv"
    path.write_bytes(b"channel,message,status\n1001,caf\xe9,sent\n")
    result = run("status", "bulk", str(path), base_url=base_url)
    assert result.code == 2 and "not UTF-8 text (line 2)" in result.stderr


def test_a_spreadsheet_byte_order_mark_is_accepted(
    fake: FakeHubSpot, base_url: str, make_messages: Messages, tmp_path: Path
) -> None:
    channel, ids = make_messages(1)
    path = tmp_path / "excel.csv"
    path.write_bytes(f"\ufeffChannel,Message,Status\r\n{channel},{ids[0]},read\r\n".encode())
    result = run("status", "bulk", str(path), base_url=base_url)
    assert result.code == 0, result.stderr
    assert _status(fake, ids[0])["statusType"] == "READ"
