"""Fast in-process tests of the command line (click's CliRunner) and of its helpers."""

from __future__ import annotations

import datetime as dt
import json
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest
from click.testing import CliRunner

import hubspot_channels as hs
from hubspot_channels.cli import cli
from hubspot_channels.cli._errors import (
    EXIT_API_ERROR,
    EXIT_CONFIG,
    EXIT_CONNECTION,
    EXIT_USAGE,
    EXIT_WEBHOOK_INVALID,
    error_class_for,
    from_library_error,
)
from hubspot_channels.cli._output import to_jsonable
from hubspot_channels.testing import FakeHubSpot
from hubspot_channels.webhooks import WebhookPayloadError, WebhookSignatureError

TOKEN = "pat-inproc-TOKEN-5ecr3t-1f2e"
DEV_KEY = "devkey-inproc-5ecr3t-3c4d"
APP_ID = 880001


@pytest.fixture(autouse=True)
def hubspot_env(monkeypatch: pytest.MonkeyPatch) -> None:
    for name in (
        "HUBSPOT_ACCESS_TOKEN",
        "HUBSPOT_DEVELOPER_API_KEY",
        "HUBSPOT_APP_ID",
        "HUBSPOT_BASE_URL",
        "HUBSPOT_CLIENT_SECRET",
    ):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("HUBSPOT_ACCESS_TOKEN", TOKEN)
    monkeypatch.setenv("HUBSPOT_DEVELOPER_API_KEY", DEV_KEY)
    monkeypatch.setenv("HUBSPOT_APP_ID", str(APP_ID))


@pytest.fixture(scope="module")
def fake() -> FakeHubSpot:
    return FakeHubSpot(access_token=TOKEN, developer_api_key=DEV_KEY, app_id=APP_ID)


@pytest.fixture(scope="module")
def base_url(fake: FakeHubSpot) -> Iterator[str]:
    with fake.serve() as url:
        yield url


def invoke(*args: str, stdin: str | None = None) -> tuple[int, str, str]:
    result = CliRunner().invoke(cli, list(args), input=stdin, prog_name="hubspot-channels")
    if result.exception is not None and not isinstance(result.exception, SystemExit):
        raise result.exception
    return result.exit_code, result.stdout, result.stderr


# --- JSON conversion --------------------------------------------------------------------------------------


def test_to_jsonable_converts_models_enums_datetimes_and_extra() -> None:
    when = dt.datetime(2026, 3, 30, 12, 0, tzinfo=dt.UTC)
    message = hs.Message(
        id="m1",
        channel_id="1001",
        channel_account_id="42",
        conversations_thread_id=None,
        direction=hs.MessageDirection.OUTGOING,
        text="hi",
        senders=(
            hs.Participant(hs.DeliveryIdentifier(hs.DeliveryIdentifierType.HS_PHONE_NUMBER, "+1"), name="A"),
        ),
        attachments=(hs.UnknownAttachment(type="HOLOGRAM", raw={"x": 1}), hs.FileAttachment(file_id="f1")),
        status=hs.MessageStatus.FAILED,
        created_at=when,
        extra={"newField": {"nested": [1, 2]}},
    )
    data = to_jsonable(message)
    assert json.loads(json.dumps(data)) == data  # plain JSON all the way down
    assert data["direction"] == "OUTGOING" and data["status"] == "FAILED"
    assert data["created_at"] == "2026-03-30T12:00:00+00:00"
    assert data["senders"][0]["delivery_identifier"] == {"type": "HS_PHONE_NUMBER", "value": "+1"}
    assert data["attachments"][0] == {"type": "HOLOGRAM", "raw": {"x": 1}}
    assert data["attachments"][1]["type"] == "FILE"
    assert data["extra"] == {"newField": {"nested": [1, 2]}}


# --- exit codes ---------------------------------------------------------------------------------------------


def _response(status: int, body: object) -> httpx.Response:
    request = httpx.Request("GET", "https://api.hubapi.com/x")
    return httpx.Response(status, json=body, request=request)


@pytest.mark.parametrize(
    ("error", "code"),
    [
        (hs.NotFoundError(_response(404, {"message": "gone"})), EXIT_API_ERROR),
        (hs.InternalServerError(_response(503, {})), EXIT_API_ERROR),
        (hs.RequestValidationError("bad id"), EXIT_USAGE),
        (hs.UnsupportedOperationError("not in this version"), EXIT_USAGE),
        (hs.ConfigurationError("no token"), EXIT_CONFIG),
        (hs.APIConnectionError("refused"), EXIT_CONNECTION),
        (hs.APITimeoutError("slow"), EXIT_CONNECTION),
        (WebhookSignatureError("mismatch", reason="mismatch"), EXIT_WEBHOOK_INVALID),
        (WebhookPayloadError("not an event"), EXIT_WEBHOOK_INVALID),
    ],
)
def test_exit_code_per_exception(error: hs.HubSpotChannelsError, code: int) -> None:
    assert error_class_for(error).exit_code == code


def test_secrets_in_an_error_body_are_redacted(capsys: pytest.CaptureFixture[str]) -> None:
    # A gateway page echoing the request URL, with the API key in its query string.
    response = httpx.Response(
        502,
        text=f"<html>Bad gateway for /channels?hapikey={DEV_KEY} Bearer {TOKEN}</html>",
        request=httpx.Request("GET", "https://api.hubapi.com/x"),
    )
    for as_json in (False, True):
        from_library_error(hs.InternalServerError(response), as_json=as_json).show()
        err = capsys.readouterr().err
        assert "502" in err and "<redacted>" in err
        assert DEV_KEY not in err and TOKEN not in err


# --- usage errors: nothing is sent, so no server is needed ------------------------------------------------


@pytest.mark.parametrize(
    ("args", "needle"),
    [
        (["status", "set", "1", "m1", "delivered"], "'sent', 'failed', 'read'"),
        (["status", "set", "1", "m1", "read", "--error", "x"], "--error"),
        (["messages", "publish", "1", "--text", "hi"], "--account"),
        (
            [
                "messages",
                "publish",
                "1",
                "--account",
                "2",
                "--text",
                "x",
                "--sender",
                "PHONE",
                "--recipient",
                "HS_PHONE_NUMBER:+1",
            ],
            "TYPE:VALUE",
        ),
        (
            [
                "messages",
                "publish",
                "1",
                "--account",
                "2",
                "--text",
                "x",
                "--sender",
                "NOPE:+1",
                "--recipient",
                "HS_PHONE_NUMBER:+1",
            ],
            "HS_PHONE_NUMBER",
        ),
        (["channels", "create", "--webhook-url", "https://x"], "name"),
        (["channels", "create", "--name", "x", "--capabilities", "[1]"], "JSON object"),
        (["channels", "create", "--name", "x", "--capabilities", "{nope"], "not valid JSON"),
        (["accounts", "update", "1", "2"], "nothing to change"),
        (
            ["accounts", "create", "1", "--name", "n", "--inbox-id", "1", "--delivery-identifier", "x"],
            "TYPE:VALUE",
        ),
        (["--api-version", "2019-01", "channels", "list"], "2026-03"),
        (
            ["webhook", "verify", "--url", "https://x", "--body-file", "-", "--header", "no colon"],
            "Name: value",
        ),
    ],
)
def test_usage_errors_exit_2(args: list[str], needle: str) -> None:
    code, out, err = invoke(*args, stdin="{}")
    assert code == EXIT_USAGE, err
    assert needle in err
    assert out == ""


def test_publish_file_and_options_are_exclusive(tmp_path: Path) -> None:
    body = tmp_path / "b.json"
    body.write_text("{}")
    code, _, err = invoke("messages", "publish", "1", "--file", str(body), "--text", "hi")
    assert code == EXIT_USAGE and "either --file" in err


def test_publish_file_rejects_unknown_fields() -> None:
    code, _, err = invoke("messages", "publish", "1", "--file", "-", stdin=json.dumps({"txet": "typo"}))
    assert code == EXIT_USAGE and "txet" in err and "channelAccountId" in err


# --- against the served fake, in-process ------------------------------------------------------------------


def test_json_flag_before_or_after_the_command(fake: FakeHubSpot, base_url: str) -> None:
    channel = fake.create_channel("Inproc")
    for args in (
        ["--base-url", base_url, "--json", "channels", "get", channel["id"]],
        ["--base-url", base_url, "channels", "get", channel["id"], "--json"],
    ):
        code, out, err = invoke(*args)
        assert code == 0, err
        assert json.loads(out)["name"] == "Inproc"


def test_readable_view_is_key_value(fake: FakeHubSpot, base_url: str) -> None:
    channel = fake.create_channel("Readable", webhook_url="https://example.com/h")
    code, out, _ = invoke("--base-url", base_url, "channels", "get", channel["id"])
    assert code == 0
    rows = dict(
        line.split(None, 1)
        for line in out.splitlines()
        if not line.startswith(("webhook", "created", "logo", "redirect"))
    )
    assert rows["id"].strip() == channel["id"] and rows["name"].strip() == "Readable"


def test_verbose_logs_paths_but_never_the_key(fake: FakeHubSpot, base_url: str) -> None:
    code, _, err = invoke("--base-url", base_url, "-v", "channels", "list")
    assert code == 0
    assert "GET /conversations/custom-channels/2026-03" in err
    assert DEV_KEY not in err and "hapikey" not in err


def test_version() -> None:
    code, out, _ = invoke("--version")
    assert code == 0 and hs.__version__ in out


@pytest.mark.subprocess
def test_importing_the_package_does_not_import_the_cli() -> None:
    code = "import sys, hubspot_channels; sys.exit('hubspot_channels.cli' in sys.modules)"
    assert subprocess.run([sys.executable, "-c", code], check=False, timeout=60).returncode == 0


def test_package_docstring_documents_exit_codes() -> None:
    import hubspot_channels.cli as package

    doc = package.__doc__ or ""
    for line in (
        "0  success",
        "1  HubSpot answered",
        "2  usage error",
        "3  configuration error",
        "4  connection error",
        "5  webhook signature",
        "130  interrupted (Ctrl-C)",
    ):
        assert line in doc


def test_unreadable_success_body_is_exit_1(fake: FakeHubSpot, base_url: str) -> None:
    channel = fake.create_channel("Garbled")
    fake.faults.malformed_body("get_channel", kind="json")
    code, out, err = invoke("--base-url", base_url, "channels", "get", channel["id"])
    assert code == EXIT_API_ERROR and out == ""
    assert "not JSON" in err


def test_timeout_is_exit_4(fake: FakeHubSpot, base_url: str) -> None:
    fake.faults.slow("list_channels", delay=2.0)
    code, _, err = invoke(
        "--base-url", base_url, "--timeout", "0.2", "--max-retries", "0", "channels", "list"
    )
    assert code == EXIT_CONNECTION
    assert "timed out" in err


def test_webhook_signed_but_not_an_event_is_exit_5(tmp_path: Path) -> None:
    from hubspot_channels.testing import signed_headers

    url, secret, body = "https://example.com/hook", "inproc-secret-5ecr3t", b"[1, 2, 3]"
    args = [
        a
        for name, value in signed_headers(body, url, secret).items()
        for a in ("--header", f"{name}: {value}")
    ]
    code, out, err = invoke(
        "webhook", "verify", "--url", url, "--body-file", "-", "--secret", secret, *args, stdin=body.decode()
    )
    assert code == EXIT_WEBHOOK_INVALID and out == ""
    assert "JSON object" in err and secret not in err


def test_to_jsonable_replaces_what_nests_deeper_than_the_limit() -> None:
    from hubspot_channels.cli._output import MAX_DEPTH, TRUNCATED

    deep: list[object] = []
    for _ in range(5000):
        deep = [deep]
    data = to_jsonable({"x": deep})
    json.dumps(data, indent=2)  # json's own recursion stays within the stack too
    level, depth = data, 0
    while isinstance(level, (dict, list)):
        level = level["x"] if isinstance(level, dict) else level[0]
        depth += 1
    assert level == TRUNCATED and depth == MAX_DEPTH
