"""The `hubspot-channels` command line against the fake HubSpot served over HTTP: in this process (click's
runner, tests.support.cli_support.run); the tests marked ``subprocess`` run the installed console script
end to end (exit codes 0, 1, 3, 4 and the help, as a shell sees them)."""

from __future__ import annotations

import json
import socket
import time
from pathlib import Path
from typing import Any

import pytest

from hubspot_channels.testing import FakeHubSpot, signed_headers
from tests.support.cli_support import (
    CLIENT_SECRET,
    WEBHOOK_URL,
    Result,
    base_env,
    run,
    run_installed,
)

END_TO_END = pytest.mark.subprocess


def new_channel(base_url: str, name: str = "SMS") -> dict[str, Any]:
    caps = json.dumps({"deliveryIdentifierTypes": ["HS_PHONE_NUMBER"]})
    result = run(
        "--json",
        "channels",
        "create",
        "--name",
        name,
        "--webhook-url",
        WEBHOOK_URL,
        "--capabilities",
        caps,
        base_url=base_url,
    )
    assert result.code == 0, result.stderr
    created: dict[str, Any] = result.json()
    return created


def new_account(base_url: str, channel_id: str) -> dict[str, Any]:
    result = run(
        "accounts",
        "create",
        channel_id,
        "--name",
        "Support line",
        "--inbox-id",
        "1001",
        "--delivery-identifier",
        "HS_PHONE_NUMBER:+15550100",
        "--json",
        base_url=base_url,
    )
    assert result.code == 0, result.stderr
    created: dict[str, Any] = result.json()
    return created


def publish(base_url: str, channel_id: str, account_id: str, text: str = "hello") -> dict[str, Any]:
    result = run(
        "--json",
        "messages",
        "publish",
        channel_id,
        "--account",
        account_id,
        "--text",
        text,
        "--sender",
        "HS_PHONE_NUMBER:+15550199",
        "--sender-name",
        "Visitor Vera",
        "--recipient",
        "HS_PHONE_NUMBER:+15550100",
        base_url=base_url,
    )
    assert result.code == 0, result.stderr
    created: dict[str, Any] = result.json()
    return created


# --- channels -----------------------------------------------------------------------------------------------


@END_TO_END
def test_channel_lifecycle_create_list_get_archive(fake: FakeHubSpot, base_url: str) -> None:
    channel = new_channel(base_url, "Lifecycle")
    assert channel["name"] == "Lifecycle" and channel["webhook_url"] == WEBHOOK_URL
    assert fake.get_channel(channel["id"])["capabilities"] == {"deliveryIdentifierTypes": ["HS_PHONE_NUMBER"]}

    listed = run_installed("channels", "list", base_url=base_url)
    assert listed.code == 0
    assert any(line.split()[:2] == [channel["id"], "Lifecycle"] for line in listed.stdout.splitlines())
    assert listed.stdout.splitlines()[0].split()[:2] == ["ID", "NAME"]

    shown = run_installed("channels", "get", channel["id"], base_url=base_url)
    assert shown.code == 0 and "Lifecycle" in shown.stdout and WEBHOOK_URL in shown.stdout

    archived = run_installed("channels", "archive", channel["id"], base_url=base_url)
    assert archived.code == 0 and f"Archived channel {channel['id']}" in archived.stdout
    assert channel["id"] in {c["id"] for c in fake.archived_channels}

    gone = run_installed("channels", "get", channel["id"], base_url=base_url)
    assert gone.code == 1
    assert gone.stdout == ""
    record = fake.requests_for("get_channel")[-1]
    assert record.status == 404
    body = record.response_json
    assert body["message"] in gone.stderr and body["correlationId"] in gone.stderr


def test_channels_create_from_file_and_json_list(base_url: str, tmp_path: Path) -> None:
    body = tmp_path / "channel.json"
    body.write_text(
        json.dumps(
            {
                "name": "From file",
                "capabilities": {},
                "webhookUrl": WEBHOOK_URL,
                "channelDescription": "made by a test",
            }
        )
    )
    created = run("channels", "create", "--file", str(body), "--json", base_url=base_url)
    assert created.code == 0, created.stderr
    assert created.json()["description"] == "made by a test"
    listed = run("channels", "list", "--json", base_url=base_url)
    assert created.json()["id"] in {c["id"] for c in listed.json()}
    assert run("channels", "list", "--limit", "1", "--json", base_url=base_url).json().__len__() == 1


def test_base_url_from_environment(base_url: str) -> None:
    result = run("--json", "channels", "list", base_url=None, env=base_env() | {"HUBSPOT_BASE_URL": base_url})
    assert result.code == 0, result.stderr
    assert isinstance(result.json(), list)


# --- accounts -----------------------------------------------------------------------------------------------


def test_accounts_create_list_get_update(fake: FakeHubSpot, base_url: str) -> None:
    channel_id = new_channel(base_url)["id"]
    account = new_account(base_url, channel_id)
    assert account["delivery_identifier"] == {"type": "HS_PHONE_NUMBER", "value": "+15550100"}
    assert account["authorized"] is True

    listed = run("accounts", "list", channel_id, base_url=base_url)
    assert listed.code == 0 and account["id"] in listed.stdout and "Support line" in listed.stdout
    listed_json = run("accounts", "list", channel_id, "--json", base_url=base_url).json()
    assert [a["id"] for a in listed_json] == [account["id"]]

    shown = run("accounts", "get", channel_id, account["id"], base_url=base_url)
    assert shown.code == 0 and "HS_PHONE_NUMBER:+15550100" in shown.stdout

    updated = run(
        "accounts",
        "update",
        channel_id,
        account["id"],
        "--name",
        "Renamed",
        "--unauthorized",
        "--json",
        base_url=base_url,
    )
    assert updated.code == 0, updated.stderr
    assert updated.json()["name"] == "Renamed" and updated.json()["authorized"] is False
    stored = fake.get_channel_account(channel_id, account["id"])
    assert stored["name"] == "Renamed" and stored["authorized"] is False


# --- messages and status ------------------------------------------------------------------------------------


def test_publish_then_get(fake: FakeHubSpot, base_url: str) -> None:
    channel_id = new_channel(base_url)["id"]
    account_id = new_account(base_url, channel_id)["id"]
    message = publish(base_url, channel_id, account_id, "Where is my order?")
    assert message["direction"] == "INCOMING" and message["text"] == "Where is my order?"
    assert message["senders"][0]["name"] == "Visitor Vera"
    assert fake.get_message(message["id"])["text"] == "Where is my order?"

    shown = run("messages", "get", channel_id, message["id"], base_url=base_url)
    assert shown.code == 0
    assert "Where is my order?" in shown.stdout and "HS_PHONE_NUMBER:+15550199 (Visitor Vera)" in shown.stdout
    as_json = run("messages", "get", channel_id, message["id"], "--json", base_url=base_url).json()
    assert as_json["id"] == message["id"] and as_json["status"] == "RECEIVED"
    assert "T" in as_json["created_at"]  # ISO 8601


def test_publish_from_file_is_idempotent(fake: FakeHubSpot, base_url: str, tmp_path: Path) -> None:
    channel_id = new_channel(base_url)["id"]
    account_id = new_account(base_url, channel_id)["id"]
    body = {
        "channelAccountId": account_id,
        "text": "from a file",
        "messageDirection": "INCOMING",
        "senders": [{"deliveryIdentifier": {"type": "HS_PHONE_NUMBER", "value": "+15550199"}, "name": "V"}],
        "recipients": [{"deliveryIdentifier": {"type": "HS_PHONE_NUMBER", "value": "+15550100"}}],
        "integrationIdempotencyId": "cli-test-idem-1",
    }
    path = tmp_path / "body.json"
    path.write_text(json.dumps(body))
    first = run("--json", "messages", "publish", channel_id, "--file", str(path), base_url=base_url)
    assert first.code == 0, first.stderr
    again = run(
        "--json", "messages", "publish", channel_id, "--file", "-", base_url=base_url, stdin=json.dumps(body)
    )
    assert again.code == 0, again.stderr
    assert first.json()["id"] == again.json()["id"]  # same idempotency id: no duplicate
    assert [m["text"] for m in fake.messages if m["channelId"] == channel_id] == ["from a file"]


@pytest.mark.parametrize(
    ("args", "expected"),
    [
        (["sent"], {"statusType": "SENT"}),
        (
            ["FAILED", "--error", "Recipient blocked the number"],
            {"statusType": "FAILED", "failureDetails": {"errorMessage": "Recipient blocked the number"}},
        ),
        (["read"], {"statusType": "READ"}),
    ],
)
def test_status_set(fake: FakeHubSpot, base_url: str, args: list[str], expected: dict[str, Any]) -> None:
    channel_id = new_channel(base_url)["id"]
    account_id = new_account(base_url, channel_id)["id"]
    message_id = publish(base_url, channel_id, account_id)["id"]
    result = run("status", "set", channel_id, message_id, *args, "--json", base_url=base_url)
    assert result.code == 0, result.stderr
    assert result.json()["status"] == expected["statusType"]
    stored = fake.get_message(message_id)["status"]
    assert stored["statusType"] == expected["statusType"]
    if "failureDetails" in expected:
        assert stored["failureDetails"]["errorMessage"] == expected["failureDetails"]["errorMessage"]
        assert result.json()["error_message"] == "Recipient blocked the number"
    sent = fake.requests_for("update_message_status")[-1].json
    assert sent == {
        "statusType": expected["statusType"],
        **({"errorMessage": "Recipient blocked the number"} if "failureDetails" in expected else {}),
    }


def test_bad_status_is_a_usage_error_and_sends_nothing(fake: FakeHubSpot, base_url: str) -> None:
    before = len(fake.requests)
    result = run("status", "set", "1001", "abc123", "delivered", base_url=base_url)
    assert result.code == 2
    for value in ("sent", "failed", "read"):
        assert value in result.stderr
    assert len(fake.requests) == before


def test_error_text_with_a_status_other_than_failed_sends_nothing(fake: FakeHubSpot, base_url: str) -> None:
    before = len(fake.requests)
    result = run("status", "set", "1001", "abc123", "sent", "--error", "why", base_url=base_url)
    assert result.code == 2 and "--error" in result.stderr
    assert len(fake.requests) == before


def test_invalid_id_is_exit_2_without_a_request(fake: FakeHubSpot, base_url: str) -> None:
    before = len(fake.requests)
    result = run("channels", "get", "not-a-number", base_url=base_url)
    assert result.code == 2 and "channel_id" in result.stderr
    assert len(fake.requests) == before


# --- configuration, connection and API errors -----------------------------------------------------------------


@END_TO_END
def test_missing_token_is_exit_3(fake: FakeHubSpot, base_url: str) -> None:
    before = len(fake.requests)
    env = {k: v for k, v in base_env().items() if k != "HUBSPOT_ACCESS_TOKEN"}
    result = run_installed("messages", "get", "1001", "abc123", base_url=base_url, env=env)
    assert result.code == 3
    assert "HUBSPOT_ACCESS_TOKEN" in result.stderr
    assert len(fake.requests) == before


def test_missing_developer_key_is_exit_3(base_url: str) -> None:
    env = {k: v for k, v in base_env().items() if k != "HUBSPOT_DEVELOPER_API_KEY"}
    result = run("channels", "list", base_url=base_url, env=env)
    assert result.code == 3 and "HUBSPOT_DEVELOPER_API_KEY" in result.stderr


def unused_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
    return port


@END_TO_END
def test_connection_refused_is_exit_4() -> None:
    # run_installed() bounds the subprocess itself (a hang fails there), so no wall-clock assertion here
    result = run_installed(
        "--max-retries", "0", "channels", "list", base_url=f"http://127.0.0.1:{unused_port()}"
    )
    assert result.code == 4, result.stderr
    assert "Connection" in result.stderr


def test_wrong_token_shows_hubspot_message_and_correlation_id_not_the_token(
    fake: FakeHubSpot, base_url: str
) -> None:
    wrong = "pat-cli-WRONG-5ecr3t-aa11"
    result = run(
        "accounts", "get", "1001", "1", base_url=base_url, env=base_env() | {"HUBSPOT_ACCESS_TOKEN": wrong}
    )
    assert result.code == 1
    body = fake.requests_for("get_channel_account")[-1].response_json
    assert body["message"] in result.stderr and body["correlationId"] in result.stderr
    assert wrong not in result.stderr + result.stdout


def test_json_errors_on_stderr(fake: FakeHubSpot, base_url: str) -> None:
    result = run("--json", "messages", "get", "1001", "no-such-message", base_url=base_url)
    assert result.code == 1 and result.stdout == ""
    error = json.loads(result.stderr)["error"]
    body = fake.requests_for("get_message")[-1].response_json
    assert error["status"] == 404 and error["exit_code"] == 1
    assert error["correlation_id"] == body["correlationId"] and error["hubspot_message"] == body["message"]


def test_server_error_is_exit_1(fake: FakeHubSpot, base_url: str) -> None:
    fake.faults.server_error("list_channels", status=503, times=1)
    result = run("--max-retries", "0", "channels", "list", base_url=base_url)
    assert result.code == 1 and "503" in result.stderr


# --- webhook verify -----------------------------------------------------------------------------------------


def _captured_webhook(tmp_path: Path, *, timestamp_ms: int | None = None) -> tuple[Path, Path, bytes]:
    body = json.dumps(
        {
            "type": "CHANNEL_ACCOUNT_CREATED",
            "portalId": 62515,
            "channelId": 1001,
            "eventTimestamp": 1767225600000,
            "channelAccountId": 10000001,
            "channelAccountDeliveryIdentifier": {"type": "HS_PHONE_NUMBER", "value": "+15550100"},
        }
    ).encode()
    body_file = tmp_path / "body.json"
    body_file.write_bytes(body)
    headers_file = tmp_path / "headers.json"
    headers_file.write_text(json.dumps(signed_headers(body, WEBHOOK_URL, CLIENT_SECRET, timestamp_ms)))
    return body_file, headers_file, body


def verify(*args: str, env: dict[str, str] | None = None) -> Result:
    env = env if env is not None else base_env() | {"HUBSPOT_CLIENT_SECRET": CLIENT_SECRET}
    return run("webhook", "verify", "--url", WEBHOOK_URL, *args, base_url=None, env=env)


def test_webhook_verify_ok(tmp_path: Path) -> None:
    body_file, headers_file, _ = _captured_webhook(tmp_path)
    result = verify("--body-file", str(body_file), "--headers-file", str(headers_file))
    assert result.code == 0, result.stderr
    assert result.stdout.startswith("OK") and "CHANNEL_ACCOUNT_CREATED" in result.stdout
    as_json = verify("--body-file", str(body_file), "--headers-file", str(headers_file), "--json").json()
    assert as_json["ok"] is True and as_json["signature_version"] == "v3"
    assert as_json["event"]["channel_account_id"] == "10000001"


def test_webhook_verify_with_header_options(tmp_path: Path) -> None:
    body_file, headers_file, _ = _captured_webhook(tmp_path)
    headers = json.loads(headers_file.read_text())
    args = [arg for name, value in headers.items() for arg in ("--header", f"{name}: {value}")]
    result = verify("--body-file", str(body_file), *args)
    assert result.code == 0, result.stderr


def test_webhook_verify_tampered_body_is_exit_5(tmp_path: Path) -> None:
    body_file, headers_file, body = _captured_webhook(tmp_path)
    body_file.write_bytes(body.replace(b"+15550100", b"+15550666"))
    result = verify("--body-file", str(body_file), "--headers-file", str(headers_file))
    assert result.code == 5
    assert "signature" in result.stderr.lower() and result.stdout == ""


def test_webhook_verify_stale_capture(tmp_path: Path) -> None:
    an_hour_ago = int((time.time() - 3600) * 1000)
    body_file, headers_file, _ = _captured_webhook(tmp_path, timestamp_ms=an_hour_ago)
    result = verify("--body-file", str(body_file), "--headers-file", str(headers_file), "--json")
    assert result.code == 5 and json.loads(result.stderr)["error"]["reason"] == "stale_timestamp"
    relaxed = verify(
        "--body-file", str(body_file), "--headers-file", str(headers_file), "--tolerance", "7200"
    )
    assert relaxed.code == 0, relaxed.stderr


def test_webhook_verify_without_secret_is_exit_3(tmp_path: Path) -> None:
    body_file, headers_file, _ = _captured_webhook(tmp_path)
    result = verify("--body-file", str(body_file), "--headers-file", str(headers_file), env=base_env())
    assert result.code == 3 and "HUBSPOT_CLIENT_SECRET" in result.stderr


def _v1_only_capture(tmp_path: Path) -> tuple[Path, Path]:
    """A capture replayed with its v3 headers stripped: only the timestamp-less v1 signature is left."""
    body_file, headers_file, _ = _captured_webhook(tmp_path)
    headers = json.loads(headers_file.read_text())
    for name in ("X-HubSpot-Signature-v3", "X-HubSpot-Request-Timestamp"):
        del headers[name]
    headers_file.write_text(json.dumps(headers))
    return body_file, headers_file


def test_webhook_verify_refuses_a_v1_only_request_by_default(tmp_path: Path) -> None:
    body_file, headers_file = _v1_only_capture(tmp_path)
    result = verify("--body-file", str(body_file), "--headers-file", str(headers_file), "--json")
    assert result.code == 5 and json.loads(result.stderr)["error"]["reason"] == "unsupported_version"
    assert "signature_versions" in result.stderr


def test_webhook_verify_accepts_v1_when_asked(tmp_path: Path) -> None:
    body_file, headers_file = _v1_only_capture(tmp_path)
    args = ("--body-file", str(body_file), "--headers-file", str(headers_file), "--json")
    result = verify(*args, "--signature-version", "v1")
    assert result.code == 0, result.stderr
    assert result.json()["signature_version"] == "v1"
    assert verify(*args, "--signature-version", "v2").code == 5  # v2 does not admit v1


@pytest.mark.parametrize("secret", [CLIENT_SECRET + "\n", " " + CLIENT_SECRET, "   "])
def test_webhook_verify_with_a_malformed_secret_is_exit_3_without_echoing_it(
    tmp_path: Path, secret: str
) -> None:
    body_file, headers_file, _ = _captured_webhook(tmp_path)
    env = base_env() | {"HUBSPOT_CLIENT_SECRET": secret}
    result = verify("--body-file", str(body_file), "--headers-file", str(headers_file), env=env)
    assert result.code == 3 and "client_secret" in result.stderr
    assert CLIENT_SECRET not in result.stderr + result.stdout


@END_TO_END
def test_help_documents_exit_codes() -> None:
    result = run_installed("--help", base_url=None)
    assert result.code == 0
    assert "Exit codes" in result.stdout
    for code in "012345":
        assert f"  {code}  " in result.stdout
