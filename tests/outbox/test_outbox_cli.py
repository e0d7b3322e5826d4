"""`hubspot-channels outbox ...` through click's runner against the served fake: enqueue, status, run (progress
on stderr, a summary on stdout, --json), dead list|retry|drop, usage errors; the token is never printed."""

from __future__ import annotations

import json
import os
from collections.abc import Iterator
from pathlib import Path

import pytest
from click.testing import CliRunner

from hubspot_channels.cli import cli
from hubspot_channels.testing import FakeHubSpot
from tests.support.outbox_support import TOKEN, final_status, new_fake, outgoing


@pytest.fixture
def served() -> Iterator[tuple[FakeHubSpot, str]]:
    fake = new_fake()
    with fake.serve() as base_url:
        yield fake, base_url


@pytest.fixture(autouse=True)
def env(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    for name in ("HUBSPOT_BASE_URL", "HUBSPOT_DEVELOPER_API_KEY", "HUBSPOT_APP_ID"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("HUBSPOT_ACCESS_TOKEN", TOKEN)
    monkeypatch.setenv("HUBSPOT_OUTBOX_DB", str(tmp_path / "outbox.sqlite3"))


def invoke(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(cli, list(args), prog_name="hubspot-channels")
    if result.exception is not None and not isinstance(result.exception, SystemExit):
        raise result.exception
    assert TOKEN not in result.stdout + result.stderr
    return result.exit_code, result.stdout, result.stderr


def test_enqueue_status_run_and_the_order_rule(served):
    fake, base_url = served
    channel, (a, b) = outgoing(fake, 2)
    assert invoke("outbox", "enqueue", str(channel), a, "sent")[1] == "queued\n"
    assert invoke("outbox", "enqueue", str(channel), a, "READ")[1] == "queued\n"
    assert "not queued" in invoke("outbox", "enqueue", str(channel), a, "SENT")[1]
    assert invoke("outbox", "enqueue", str(channel), b, "FAILED", "--error", "blocked", "--json")[1] == (
        '{\n  "queued": true\n}\n'
    )
    code, out, _ = invoke("outbox", "status")
    assert code == 0 and "pending         2" in out
    code, out, err = invoke("--base-url", base_url, "outbox", "run", "--until-empty", "--rate-limit", "none")
    assert code == 0, err
    assert out == "sent 2, retried 0, dead 0; pending 0\n"
    assert err.startswith("outbox: sent 2, retried 0, dead 0; pending 0")  # the last progress line
    assert (final_status(fake, a), final_status(fake, b)) == ("READ", "FAILED")
    db = Path(os.environ["HUBSPOT_OUTBOX_DB"])
    for written in (db, db.with_name(db.name + "-wal")):  # the drainer had the token; its file does not
        assert not written.exists() or TOKEN.encode() not in written.read_bytes()
    code, out, _ = invoke("outbox", "status", "--json")
    assert json.loads(out) == {
        "pending": 0,
        "in_flight": 0,
        "expired_leases": 0,
        "dead": 0,
        "done": 2,
        "dropped": 0,
    }


def test_run_json_prints_progress_lines_on_stderr_and_the_summary_on_stdout(served):
    fake, base_url = served
    channel, ids = outgoing(fake, 5)
    for message in ids:
        invoke("outbox", "enqueue", str(channel), message, "READ")
    code, out, err = invoke(
        "--base-url", base_url, "--json", "outbox", "run", "--until-empty", "--progress-every", "0.001"
    )
    assert code == 0, err
    assert json.loads(out)["sent"] == 5 and json.loads(out)["done"] == 5
    lines = [json.loads(line) for line in err.splitlines()]
    assert lines and all(set(line) == {"progress", "outbox"} for line in lines)
    assert lines[-1]["progress"]["sent"] == 5


def test_dead_letters_list_retry_and_drop(served):
    fake, base_url = served
    channel, (message,) = outgoing(fake, 1)
    invoke("outbox", "enqueue", str(channel), message, "READ")  # first in the queue: it gets the 400
    invoke("outbox", "enqueue", str(channel), "unknown-1", "SENT")
    invoke("outbox", "enqueue", str(channel), "unknown-2", "READ")
    fake.faults.add("update_message_status", status=400)
    code, _, err = invoke("--base-url", base_url, "outbox", "run", "--until-empty", "--concurrency", "1")
    assert code == 0, err
    code, out, _ = invoke("outbox", "dead", "list")
    assert out.splitlines()[0].split() == ["ID", "CHANNEL", "MESSAGE", "STATUS", "HTTP", "ATTEMPTS", "ERROR"]
    assert "unknown-1" in out and "unknown-2" in out and "BadRequestError" in out
    letters = json.loads(invoke("outbox", "dead", "list", "--json")[1])
    assert {d["update"]["message_id"]: d["status_code"] for d in letters} == {
        "unknown-1": 404,
        "unknown-2": 404,
        message: 400,
    }
    assert invoke("outbox", "dead", "list", "--limit", "1", "--json")[1].count('"id"') == 1
    retry_id = next(d["id"] for d in letters if d["update"]["message_id"] == message)
    assert invoke("outbox", "dead", "retry", retry_id)[1] == "queued 1 again\n"
    assert invoke("--base-url", base_url, "outbox", "run", "--until-empty")[0] == 0
    assert final_status(fake, message) == "READ"
    assert invoke("outbox", "dead", "drop", "--all", "--json")[1] == '{\n  "dropped": 2\n}\n'
    assert invoke("outbox", "dead", "list")[1] == "no dead letters\n"


def test_usage_errors_exit_2_and_send_nothing(tmp_path, monkeypatch):
    assert invoke("outbox", "enqueue", "1001", "m-1", "SENT", "--error", "oops")[0] == 2  # FAILED only
    assert invoke("outbox", "enqueue", "1001", "", "SENT")[0] == 2
    assert invoke("outbox", "enqueue", "1001", "m-1", "DELIVERED")[0] == 2
    assert invoke("outbox", "dead", "retry")[0] == 2  # ids or --all
    assert invoke("outbox", "dead", "drop", "7", "--all")[0] == 2
    assert invoke("outbox", "run", "--lease", "0")[0] == 2
    assert json.loads(invoke("outbox", "status", "--json")[1])["pending"] == 0
    not_a_db = tmp_path / "notes.txt"
    not_a_db.write_text("plain text, not an outbox " * 10)
    monkeypatch.setenv("HUBSPOT_OUTBOX_DB", str(not_a_db))
    code, _, err = invoke("outbox", "status")
    assert code == 3 and "is not an outbox file" in err
    monkeypatch.delenv("HUBSPOT_OUTBOX_DB")
    code, _, err = invoke("outbox", "status")
    assert code == 2 and "--db" in err


def test_run_without_a_token_is_a_configuration_error_and_keeps_the_updates(served, monkeypatch):
    fake, base_url = served
    channel, (message,) = outgoing(fake, 1)
    invoke("outbox", "enqueue", str(channel), message, "SENT")
    monkeypatch.delenv("HUBSPOT_ACCESS_TOKEN")
    code, _, err = invoke("--base-url", base_url, "outbox", "run", "--until-empty")
    assert code == 3, err
    assert json.loads(invoke("outbox", "status", "--json")[1])["pending"] == 1
