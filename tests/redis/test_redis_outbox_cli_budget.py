"""`outbox run --redis-rate-limit URL --app-id --account-id`: the CLI drainer spends the budget it shares with
every other process over Redis (review 14, F2), through click's runner against the served fake and a real
redis-server; its options are checked before anything is sent."""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest
from click.testing import CliRunner

from hubspot_channels.cli import cli
from hubspot_channels.redis import RedisRateLimit
from hubspot_channels.testing import FakeHubSpot
from tests.support.outbox_support import TOKEN, final_status, new_fake, outgoing
from tests.support.redis_server import RedisServer


@pytest.fixture
def served() -> Iterator[tuple[FakeHubSpot, str]]:
    fake = new_fake()
    with fake.serve() as base_url:
        yield fake, base_url


@pytest.fixture(autouse=True)
def env(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    for name in (
        "HUBSPOT_BASE_URL",
        "HUBSPOT_DEVELOPER_API_KEY",
        "HUBSPOT_APP_ID",
        "HUBSPOT_ACCOUNT_ID",
        "HUBSPOT_REDIS_RATE_LIMIT",
        "HUBSPOT_OUTBOX_STORE",
    ):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("HUBSPOT_ACCESS_TOKEN", TOKEN)
    monkeypatch.setenv("HUBSPOT_OUTBOX_DB", str(tmp_path / "outbox.sqlite3"))


def invoke(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(cli, list(args), prog_name="hubspot-channels")
    if result.exception is not None and not isinstance(result.exception, SystemExit):
        raise result.exception
    assert TOKEN not in result.stdout + result.stderr
    return result.exit_code, result.stdout, result.stderr


def test_the_cli_drainer_reserves_every_send_in_the_shared_redis_budget(served, redis_server: RedisServer):
    fake, base_url = served
    channel, ids = outgoing(fake, 3)
    for message in ids:
        invoke("outbox", "enqueue", str(channel), message, "READ")
    account = f"cli-{uuid.uuid4().hex[:8]}"
    log_key, _ = RedisRateLimit(redis_server.url, app_id=7, account_id=account).keys
    code, out, err = invoke(
        "--base-url", base_url, "outbox", "run", "--until-empty", "--rate-limit", "professional",
        "--redis-rate-limit", redis_server.url, "--app-id", "7", "--account-id", account,
    )  # fmt: skip
    assert code == 0, err
    assert out.startswith("sent 3,") and all(final_status(fake, m) == "READ" for m in ids)
    assert redis_server.client().zcard(log_key) >= 3  # each send took its slot in the shared log


_SHARED = ["--redis-rate-limit", "redis://127.0.0.1:1/0", "--app-id", "7", "--account-id", "9"]


@pytest.mark.parametrize(
    ("options", "says"),
    [
        (_SHARED[:4], "--account-id"),
        ([*_SHARED, "--rate-limit", "none"], "not none"),
        (["--redis-fallback", "40/10"], "--redis-rate-limit only"),
        ([*_SHARED, "--redis-fallback", "forty"], "MAX/SECONDS"),
    ],
)
def test_redis_budget_options_are_checked_before_anything_is_sent(served, options, says):
    fake, base_url = served
    channel, (message,) = outgoing(fake, 1)
    invoke("outbox", "enqueue", str(channel), message, "SENT")
    code, _, err = invoke("--base-url", base_url, "outbox", "run", "--until-empty", *options)
    assert code == 2 and says in err, err
    assert final_status(fake, message) != "SENT"


def test_run_help_names_the_redis_budget():
    assert "--redis-rate-limit URL" in invoke("outbox", "run", "--help")[1]
