"""Review 14's outbox findings: storage failures are typed and say what happened (F7), `outbox dead retry|drop`
refuses an id it cannot find (F8), a 403 stops the drainer like a 401 (F9), FAILED needs no reason (F10)."""

from __future__ import annotations

import json
import resource
import sqlite3
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from click.testing import CliRunner

from hubspot_channels import PermissionDeniedError
from hubspot_channels.cli import cli
from hubspot_channels.outbox import Outbox, OutboxDrainer, OutboxStoreError
from hubspot_channels.outbox import _sqlite as sqlite_store
from hubspot_channels.testing import FakeHubSpot
from tests.support.outbox_support import TOKEN, final_status, new_fake, outgoing, sync_client


@pytest.fixture
def served() -> Iterator[tuple[FakeHubSpot, str]]:
    fake = new_fake()
    with fake.serve() as base_url:
        yield fake, base_url


@pytest.fixture
def db(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> Path:
    for name in ("HUBSPOT_BASE_URL", "HUBSPOT_DEVELOPER_API_KEY", "HUBSPOT_APP_ID", "HUBSPOT_OUTBOX_STORE"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("HUBSPOT_ACCESS_TOKEN", TOKEN)
    path = tmp_path / "outbox.sqlite3"
    monkeypatch.setenv("HUBSPOT_OUTBOX_DB", str(path))
    return path


def invoke(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(cli, list(args), prog_name="hubspot-channels")
    if result.exception is not None and not isinstance(result.exception, SystemExit):
        raise result.exception
    assert TOKEN not in result.stdout + result.stderr
    return result.exit_code, result.stdout, result.stderr


# F10 --------------------------------------------------------------------------------------------------------
def test_failed_without_a_reason_is_queued_and_sent(served, tmp_path):
    fake, base_url = served
    channel, (message,) = outgoing(fake, 1)
    with Outbox(tmp_path / "o.sqlite3") as box:
        assert box.enqueue(channel, message, "FAILED") is True
        with sync_client(fake, base_url, max_retries=0) as client:
            OutboxDrainer(box, client).run(until_empty=True)
        assert box.counts().done == 1
    assert final_status(fake, message) == "FAILED"


# F9 ---------------------------------------------------------------------------------------------------------
def test_a_403_stops_the_drainer_and_leaves_every_update_pending(served, tmp_path):
    fake, base_url = served
    channel, ids = outgoing(fake, 3)
    box = Outbox(tmp_path / "o.sqlite3")
    for message in ids:
        box.enqueue(channel, message, "SENT")
    fake.faults.add("update_message_status", status=403, times=10)
    with sync_client(fake, base_url, max_retries=0) as client, pytest.raises(PermissionDeniedError):
        OutboxDrainer(box, client, concurrency=1).run(until_empty=True)
    counts = box.counts()
    assert (counts.pending, counts.in_flight, counts.dead) == (3, 0, 0)


# F8 ---------------------------------------------------------------------------------------------------------
@pytest.mark.parametrize("command", ["retry", "drop"])
@pytest.mark.parametrize("bad_id", ["999", "not-an-id"])
def test_dead_retry_or_drop_of_a_bad_id_is_a_usage_error_naming_it(served, db, command, bad_id):
    fake, base_url = served
    channel, (message,) = outgoing(fake, 1)
    invoke("outbox", "enqueue", str(channel), message, "READ")
    fake.faults.add("update_message_status", status=400)
    assert invoke("--base-url", base_url, "outbox", "run", "--until-empty")[0] == 0
    (letter,) = json.loads(invoke("outbox", "dead", "list", "--json")[1])
    code, out, err = invoke("outbox", "dead", command, letter["id"], bad_id)
    assert code == 2 and bad_id in err and out == ""
    assert json.loads(invoke("outbox", "status", "--json")[1])["dead"] == 1  # nothing changed


# F7 ---------------------------------------------------------------------------------------------------------
_FULL_DISK = """
import sys
from hubspot_channels.outbox import Outbox, OutboxStoreError
box = Outbox(sys.argv[1])
try:
    for n in range(100_000):
        box.enqueue(1, f"m{n}-" + "x" * 200, "FAILED", "e" * 1500)
except OutboxStoreError as error:
    print("typed", error)
"""


@pytest.mark.subprocess
def test_a_full_disk_at_enqueue_is_an_outbox_store_error(tmp_path: Path):
    def small_files() -> None:  # a file-size limit fails the write as a full disk does
        resource.setrlimit(resource.RLIMIT_FSIZE, (200 * 1024, 200 * 1024))

    done = subprocess.run(
        [sys.executable, "-c", _FULL_DISK, str(tmp_path / "o.db")],
        check=False, capture_output=True, text=True, timeout=120, preexec_fn=small_files,
    )  # fmt: skip
    assert done.stdout.startswith("typed the outbox file"), done.stdout + done.stderr[-300:]
    assert "disk" in done.stdout


def _damaged(path: Path) -> Path:
    with Outbox(path) as box:
        for n in range(300):
            box.enqueue(1, f"m{n}-" + "x" * 200, "FAILED", "e" * 1000)
    with path.open("r+b") as f:  # a page in the middle, as a bad disk or a partial copy leaves it
        f.seek(4096 * 3)
        f.write(b"\xff" * 4096)
    return path


@pytest.mark.parametrize("command", [["status"], ["dead", "list"], ["enqueue", "1", "m-new", "SENT"]])
def test_a_damaged_outbox_file_is_one_line_and_exit_3(db, command):
    _damaged(db)
    code, _, err = invoke("outbox", *command)
    assert code == 3 and err.startswith("Error: the outbox file") and "is damaged" in err, err
    assert len(err.splitlines()) == 1


def test_a_locked_file_says_locked_and_waits_only_the_busy_timeout(tmp_path, monkeypatch):
    path = tmp_path / "o.sqlite3"
    Outbox(path).close()
    monkeypatch.setattr(sqlite_store, "BUSY_TIMEOUT", 0.05)  # the documented bound, shortened for the test
    holder = sqlite3.connect(path, isolation_level=None)
    holder.execute("BEGIN EXCLUSIVE")
    try:
        with pytest.raises(OutboxStoreError, match="locked by another process") as raised:
            Outbox(path).counts()
    finally:
        holder.execute("ROLLBACK")
        holder.close()
    assert "not damaged" in str(raised.value) and "not an outbox file" not in str(raised.value)
    with Outbox(path) as box:  # the file was fine all along
        assert box.counts().outstanding == 0
