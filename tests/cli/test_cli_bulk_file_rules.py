"""`status bulk`'s file rules beyond the review's reproductions: what csv/json write is read back whole with
its line numbers (property-tested), unreadable files stop the run even with --skip-invalid, long lists are
capped with a count, a refused token stops the run, file-level problems are JSON under --json, and the
readable staging-token view scrubs the token from every field."""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Callable
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import hubspot_channels as hs
from hubspot_channels.cli._bulk_file import MAX_PROBLEMS_LISTED, UnreadableFile, read_rows
from hubspot_channels.cli._commands_staging import SHOWN_INSTEAD, _rows
from hubspot_channels.testing import FakeHubSpot
from tests.support.cli_support import base_env, run

MakeMessages = Callable[[int], tuple[str, list[str]]]
CALLS = hs.CustomChannelsClient(access_token="pat-na1-unused")._calls  # builds requests, never sends
# Any text but NUL (csv refuses it) and lone surrogates (not UTF-8); newlines, U+2028, \x0c, \r included.
ERROR_TEXT = st.text(st.characters(exclude_categories=("Cs",), exclude_characters="\x00"), min_size=1).filter(
    str.strip
)
ROW = st.tuples(
    st.integers(1, 2**31 - 1),
    st.text("abcdef0123456789-", min_size=1, max_size=12),
    st.one_of(
        st.tuples(st.sampled_from(["sent", "READ"]), st.none()), st.tuples(st.just("failed"), ERROR_TEXT)
    ),
)


def _read(tmp_path: Path, name: str, data: bytes) -> list[tuple[int, object, str, object, str | None]]:
    path = tmp_path / name
    path.write_bytes(data)
    found = read_rows(str(path), name.rsplit(".", 1)[1], CALLS)
    assert found.invalid == 0, found.problems
    return [(u.line, u.channel_id, u.message_id, u.status, u.error_message) for u in found.updates]


# csv.writer quotes a field holding "\r" only when "\r" is in its lineterminator: with "\n", quote every field.
DIALECTS = st.sampled_from([("\r\n", csv.QUOTE_MINIMAL), ("\n", csv.QUOTE_ALL)])


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(rows=st.lists(ROW, min_size=1, max_size=6), dialect=DIALECTS)
def test_csv_written_by_the_csv_module_is_read_back_with_its_lines(
    tmp_path: Path, rows: list[tuple[int, str, tuple[str, str | None]]], dialect: tuple[str, int]
) -> None:
    out = io.StringIO(newline="")
    writer = csv.writer(out, lineterminator=dialect[0], quoting=dialect[1])
    writer.writerow(["channel", "message", "status", "error"])
    expected, line = [], 2
    for channel, message, (status, error) in rows:
        before = out.tell()
        writer.writerow([channel, message, status, error or ""])
        expected.append((line, str(channel), message, status, error))
        line += out.getvalue()[before:].count("\n")  # a quoted newline moves the next row down
    assert _read(tmp_path, "rows.csv", out.getvalue().encode()) == expected


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(rows=st.lists(ROW, min_size=1, max_size=6))
def test_jsonl_written_without_ascii_escapes_is_read_back(
    tmp_path: Path, rows: list[tuple[int, str, tuple[str, str | None]]]
) -> None:
    lines = [
        json.dumps({"channel": c, "message": m, "status": s, "error": e}, ensure_ascii=False)
        for c, m, (s, e) in rows
    ]
    expected = [(n, c, m, s, e) for n, (c, m, (s, e)) in enumerate(rows, start=1)]
    assert _read(tmp_path, "rows.jsonl", ("\n".join(lines) + "\n").encode()) == expected


@pytest.mark.parametrize(
    ("content", "needle"),
    [
        ('channel,message,status\n1001,m1,sent\n1001,"m2,sent\n1001,m3,read\n1001,m4,read\n', "lines 3-5"),
        ("channel,message,status,error\n1001,m1,failed," + "x" * 200_000 + "\n1001,m2,read,\n", "line 2"),
        ('channel,message,status\n1001,"m1"x,sent\n1001,m2,read\n', "line 2"),
        ("channel,message,status\n1001,m1,sent\r1001,m2,read\n", "line 2"),  # a bare CR is not a line end
    ],
)
def test_a_file_that_cannot_be_read_to_its_end_sends_nothing_even_with_skip_invalid(
    fake: FakeHubSpot, base_url: str, tmp_path: Path, content: str, needle: str
) -> None:
    path = tmp_path / "rows.csv"
    path.write_text(content, newline="")
    before = len(fake.requests)
    result = run("--json", "status", "bulk", str(path), "--skip-invalid", base_url=base_url)
    assert result.code == 2, result.stdout
    error = json.loads(result.stderr)["error"]
    assert needle in error["message"] and "nothing was sent" in error["message"], error
    assert len(fake.requests) == before


def test_a_reader_error_names_the_span_of_an_unclosed_quote(tmp_path: Path) -> None:
    path = tmp_path / "rows.csv"
    path.write_text('channel,message,status\n1001,"m1,sent\n1001,m2,read\n')
    with pytest.raises(UnreadableFile, match=r"lines 2-3: .*quote opened on line 2"):
        read_rows(str(path), "csv", CALLS)


def test_invalid_rows_are_capped_in_json_with_the_count_of_the_others(base_url: str, tmp_path: Path) -> None:
    path = tmp_path / "rows.csv"
    path.write_text("channel,message,status\n" + "1001,m,bogus\n" * 1000)
    result = run("--json", "status", "bulk", str(path), base_url=base_url)
    assert result.code == 2
    error = json.loads(result.stderr)["error"]
    assert len(error["invalid_rows"]) == MAX_PROBLEMS_LISTED
    assert error["invalid_rows_not_listed"] == 1000 - MAX_PROBLEMS_LISTED and "errors" not in error
    assert error["message"].startswith("1000 of 1000 rows are invalid")
    text = run("status", "bulk", str(path), base_url=base_url)
    assert f"... and {1000 - MAX_PROBLEMS_LISTED} more invalid row(s)" in text.stderr


def test_failures_are_capped_with_the_count_of_the_others(
    base_url: str, make_messages: MakeMessages, tmp_path: Path
) -> None:
    channel, _ids = make_messages(1)
    path = tmp_path / "rows.csv"
    path.write_text("channel,message,status\n" + "".join(f"{channel},gone-{n},read\n" for n in range(60)))
    result = run("--json", "status", "bulk", str(path), "--concurrency", "4", base_url=base_url)
    assert result.code == 1
    summary = result.json()
    assert (summary["failed"], len(summary["failures"]), summary["failures_not_listed"]) == (60, 50, 10)
    text = run("status", "bulk", str(path), base_url=base_url)
    assert "... and 10 more failure(s), not listed" in text.stdout
    assert text.stdout.count("  line ") == MAX_PROBLEMS_LISTED


def test_a_refused_token_is_reported_once_and_the_rest_as_not_sent(
    fake: FakeHubSpot, base_url: str, make_messages: MakeMessages, tmp_path: Path
) -> None:
    channel, ids = make_messages(1)
    path = tmp_path / "rows.csv"
    path.write_text("channel,message,status\n" + f"{channel},{ids[0]},read\n" * 20)
    env = {**base_env(), "HUBSPOT_ACCESS_TOKEN": "pat-expired-0000"}
    result = run("--json", "status", "bulk", str(path), "--concurrency", "1", base_url=base_url, env=env)
    assert result.code == 1
    summary = result.json()
    assert (summary["failed"], summary["not_sent"], summary["token_refused"]) == (1, 19, True)
    assert summary["failures"][0]["error"]["status"] == 401
    assert summary["not_sent_lines"] == list(range(3, 22))
    assert "refused the access token" in json.loads(result.stderr)["error"]["message"]
    text = run("status", "bulk", str(path), "--concurrency", "1", base_url=base_url, env=env)
    assert "Not sent (stopped: the access token was refused): 19" in text.stdout


@pytest.mark.parametrize(
    ("name", "content", "needle"),
    [
        ("rows.txt", b"channel,message,status\n", "--format"),
        ("rows.csv", b"channel,message\n", "line 1 must name the columns"),
        ("rows.csv", b"channel,message,status\n1001,caf\xe9,sent\n", "not UTF-8 text (line 2)"),
        ("missing.csv", None, "cannot read"),
        ("folder.csv", "dir", "cannot read"),
    ],
)
def test_file_level_problems_are_json_with_json(
    base_url: str, tmp_path: Path, name: str, content: bytes | str | None, needle: str
) -> None:
    path = tmp_path / name
    if content == "dir":
        path.mkdir()
    elif isinstance(content, bytes):
        path.write_bytes(content)
    result = run("--json", "status", "bulk", str(path), base_url=base_url)
    assert result.code == 2
    error = json.loads(result.stderr)["error"]
    assert error["exit_code"] == 2 and needle in error["message"], error


def test_the_readable_staging_token_view_scrubs_the_token_from_every_field() -> None:
    token = "stg-echoed-in-fields-42"
    staged = hs.StagingToken(
        account_token=token,
        channel_id="1001",
        account_name=f"name {token}",
        delivery_identifier=hs.DeliveryIdentifier(
            hs.DeliveryIdentifierType.CHANNEL_SPECIFIC_OPAQUE_ID, token
        ),
    )
    rows = _rows(staged, token)
    assert token not in repr(rows)
    assert ("account token", SHOWN_INSTEAD) in rows and ("channel id", "1001") in rows
