"""Regression tests for the review of issue 15 part 2 (the fake for every version, driveable from outside),
F1-F12 of review-fake: each was a strict xfail reproducing a finding and now holds. Real sockets throughout.
"""

from __future__ import annotations

import json
import socket
import subprocess
import sys
import textwrap
import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import httpx
import pytest

from hubspot_channels.testing import FakeHubSpot

BEARER = {"Authorization": "Bearer fake-access-token"}
VISITOR = [{"deliveryIdentifier": {"type": "HS_PHONE_NUMBER", "value": "+15550199"}}]


@pytest.fixture
def served() -> Iterator[tuple[FakeHubSpot, str]]:
    fake = FakeHubSpot(webhook_timeout=1.0)
    with fake.serve() as base_url:
        yield fake, base_url


# F1 -------------------------------------------------------------------------------------------------


def test_a_receiver_may_call_the_fake_back_while_handling_an_agent_reply(
    served: tuple[FakeHubSpot, str],
) -> None:
    fake, base_url = served
    callback: dict[str, Any] = {}

    class Receiver(BaseHTTPRequestHandler):
        def do_POST(self) -> None:  # the usual flow: deliver, then mark the message SENT
            event = json.loads(self.rfile.read(int(self.headers["Content-Length"])))
            message = event["message"]
            try:
                answer = httpx.patch(
                    f"{base_url}/conversations/custom-channels/2026-03/{message['channelId']}"
                    f"/messages/{message['id']}",
                    json={"statusType": "SENT"},
                    headers=BEARER,
                    timeout=10,
                )
                callback["status"] = answer.status_code
            except httpx.HTTPError as exc:
                callback["status"] = repr(exc)
            self.send_response(200)
            self.end_headers()

        def log_message(self, *args: Any) -> None:
            pass

    receiver = ThreadingHTTPServer(("127.0.0.1", 0), Receiver)
    thread = threading.Thread(target=receiver.serve_forever, daemon=True)
    thread.start()
    try:
        hook = f"http://127.0.0.1:{receiver.server_address[1]}/hook"
        channel = fake.create_channel(webhook_url=hook)
        account = fake.create_channel_account(channel["id"])
        reply = httpx.post(
            f"{base_url}/_fake/agent-replies",
            json={
                "channelId": channel["id"],
                "channelAccountId": account["id"],
                "text": "hi",
                "recipients": VISITOR,
            },
            timeout=30,
        )
        assert reply.status_code == 201
        webhook = reply.json()["webhook"]
        assert (webhook["statusCode"], webhook["error"]) == (200, None)
        assert callback["status"] == 200
    finally:
        receiver.shutdown()
        receiver.server_close()


# F2 -------------------------------------------------------------------------------------------------


def test_a_fault_status_written_as_a_float_is_refused_or_answered(served: tuple[FakeHubSpot, str]) -> None:
    fake, base_url = served
    added = httpx.post(f"{base_url}/_fake/faults", json={"status": 500.0})
    if added.status_code == 400:
        return
    try:
        answer = httpx.get(
            f"{base_url}/conversations/custom-channels/2026-03",
            params={"hapikey": fake.developer_api_key, "appId": str(fake.app_id)},
        )
    except httpx.HTTPError as exc:
        pytest.fail(f"the faulted request got no answer: {exc!r}")
    assert answer.status_code == 500


def test_a_staging_token_made_with_float_ids_reads_back_as_whole_numbers(
    served: tuple[FakeHubSpot, str],
) -> None:
    fake, base_url = served
    channel = fake.create_channel()
    made = httpx.post(
        f"{base_url}/_fake/staging-tokens", json={"channelId": channel["id"], "inboxId": 1001.0}
    )
    if made.status_code == 400:
        return
    token = made.json()["accountToken"]
    answer = httpx.patch(
        f"{base_url}/conversations/custom-channels/2026-03/{channel['id']}"
        f"/channel-account-staging-tokens/{token}",
        json={"accountName": "x"},
        headers=BEARER,
    )
    assert answer.status_code == 200
    assert b'"inboxId":1001,' in answer.content or b'"inboxId":1001}' in answer.content


# F3 -------------------------------------------------------------------------------------------------

_AT_BANNER = textwrap.dedent(
    """
    import re, signal, socket, sys
    import hubspot_channels.testing.__main__ as cli

    def at_banner(text, **_):
        port = int(re.search(r":(\\d+) ", text.splitlines()[0]).group(1))
        try:
            socket.create_connection(("127.0.0.1", port), timeout=2).close()
            accepts = True
        except OSError:
            accepts = False
        handled = signal.getsignal(signal.SIGTERM) not in (signal.SIG_DFL, None)
        print(f"accepts={accepts} sigterm_handled={handled}", file=sys.stderr)
        raise SystemExit(0)

    cli.print = at_banner
    cli.main(["serve", "--port", "0"])
    """
)


def test_when_serve_prints_its_first_line_it_accepts_connections_and_handles_sigterm() -> None:
    done = subprocess.run(
        [sys.executable, "-c", _AT_BANNER], capture_output=True, text=True, timeout=60, check=False
    )
    assert "accepts=True sigterm_handled=True" in done.stderr, done.stderr


# F4 -------------------------------------------------------------------------------------------------


def _serve(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "hubspot_channels.testing", "serve", *args],
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )


def test_serve_on_a_port_in_use_says_so_in_one_line() -> None:
    with socket.socket() as busy:
        busy.bind(("127.0.0.1", 0))
        busy.listen()
        done = _serve("--port", str(busy.getsockname()[1]))
    assert done.returncode != 0
    assert "Traceback" not in done.stderr
    assert len(done.stderr.strip().splitlines()) == 1, done.stderr


def test_serve_with_an_impossible_port_is_a_usage_error() -> None:
    done = _serve("--port", "70000")
    assert done.returncode == 2
    assert "Traceback" not in done.stderr


# F5 -------------------------------------------------------------------------------------------------

_BLOCKER = textwrap.dedent(
    """
    import importlib.abc, sys

    class _Blocker(importlib.abc.MetaPathFinder):
        def find_spec(self, name, path, target=None):
            if name.split(".")[0] in {BLOCKED}:
                raise ModuleNotFoundError(f"No module named {{name!r}}", name=name)
            return None

    sys.meta_path.insert(0, _Blocker())
    """
)


def test_the_fixture_without_the_extra_names_the_pip_command(tmp_path: Path) -> None:
    (tmp_path / "conftest.py").write_text(_BLOCKER.format(BLOCKED="{'jsonschema_path'}"))
    (tmp_path / "test_uses_fake.py").write_text("def test_it(hubspot_fake):\n    pass\n")
    done = subprocess.run(
        [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", str(tmp_path)],
        capture_output=True,
        text=True,
        timeout=120,
        cwd=tmp_path,
        check=False,
    )
    assert "pip install 'hubspot-channels[testing]'" in done.stdout, done.stdout[-2000:]


def test_serve_without_uvicorn_names_the_pip_command() -> None:
    script = _BLOCKER.format(BLOCKED="{'uvicorn'}") + textwrap.dedent(
        """
        from hubspot_channels.testing import FakeHubSpot
        with FakeHubSpot().serve():
            pass
        """
    )
    done = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, timeout=60, check=False
    )
    assert "pip install 'hubspot-channels[testing]'" in done.stderr, done.stderr[-1500:]


# F6 -------------------------------------------------------------------------------------------------


def test_senderactorid_means_nothing_on_2026_09(served: tuple[FakeHubSpot, str]) -> None:
    fake, base_url = served
    channel = fake.create_channel()
    account = fake.create_channel_account(channel["id"])
    body = {
        "text": "hi",
        "messageDirection": "INCOMING",
        "channelAccountId": account["id"],
        "attachments": [],
        "timestamp": "2026-03-01T00:00:00Z",
        "integrationThreadId": "t1",
        "senders": [
            {"deliveryIdentifier": {"type": "HS_PHONE_NUMBER", "value": "+15550100"}, "senderActorId": "A-77"}
        ],
        "recipients": [{"deliveryIdentifier": {"type": "CHANNEL_SPECIFIC_OPAQUE_ID", "value": "x"}}],
    }
    answer = httpx.post(
        f"{base_url}/conversations/custom-channels/2026-09/{channel['id']}/messages",
        json=body,
        headers=BEARER,
    )
    if answer.status_code == 400:
        return
    assert answer.status_code == 201
    assert all(sender.get("actorId") != "A-77" for sender in answer.json()["senders"])


# F7 -------------------------------------------------------------------------------------------------


def _exchange(base_url: str, refresh_token: str) -> httpx.Response:
    return httpx.post(
        f"{base_url}/oauth/2026-03/token",
        data={
            "grant_type": "refresh_token",
            "client_id": "fake-client-id",
            "client_secret": "fake-client-secret",
            "refresh_token": refresh_token,
        },
    )


def test_reset_forgets_scheduled_token_failures_and_the_token_log(served: tuple[FakeHubSpot, str]) -> None:
    fake, base_url = served
    refresh = fake.oauth.install()
    assert _exchange(base_url, refresh).status_code == 200
    fake.oauth.fail_next(503, "<html>down</html>")
    assert httpx.post(f"{base_url}/_fake/reset").status_code == 204
    assert fake.oauth.token_requests == []
    assert _exchange(base_url, refresh).status_code != 503


# F8 -------------------------------------------------------------------------------------------------


def test_a_fault_for_any_operation_reaches_the_token_endpoint(served: tuple[FakeHubSpot, str]) -> None:
    fake, base_url = served
    refresh = fake.oauth.install()
    assert httpx.post(f"{base_url}/_fake/faults", json={"status": 503}).status_code == 201
    assert _exchange(base_url, refresh).status_code == 503
    assert httpx.get(f"{base_url}/_fake/faults").json()["total"] == 0


def test_the_control_api_can_install_the_app_for_a_refresh_token(served: tuple[FakeHubSpot, str]) -> None:
    _, base_url = served
    control = httpx.get(f"{base_url}/_fake").json()["control"]
    assert any("oauth" in name or "install" in name or "refresh" in name for name in control), control


# F9 -------------------------------------------------------------------------------------------------


def test_the_requests_log_masks_the_tokens_the_fake_issued(served: tuple[FakeHubSpot, str]) -> None:
    fake, base_url = served
    refresh = fake.oauth.install()
    access = _exchange(base_url, refresh).json()["access_token"]
    httpx.get(f"{base_url}/nowhere/{refresh}/{access}")
    log = httpx.get(f"{base_url}/_fake/requests").text
    assert refresh not in log
    assert access not in log


# F10 ------------------------------------------------------------------------------------------------


def test_a_too_long_fault_body_is_not_echoed_back_whole(served: tuple[FakeHubSpot, str]) -> None:
    _, base_url = served
    answer = httpx.post(f"{base_url}/_fake/faults", json={"status": 500, "body": "a" * 1_000_000}, timeout=60)
    assert answer.status_code == 400
    assert len(answer.content) < 100_000


# F11 ------------------------------------------------------------------------------------------------


@pytest.mark.slow
def test_the_fuzz_notices_when_2026_09_stops_requiring_both_staging_token_fields(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from schemathesis.core.failures import Failure, FailureGroup
    from schemathesis.specs.openapi.checks import negative_data_rejection

    from hubspot_channels.testing import _app

    from . import test_schemathesis_fake as fuzz

    monkeypatch.setattr(_app, "_missing_required", lambda op, body: None)  # the deliberate break
    fake = FakeHubSpot()
    detected = False
    with fake.serve() as base_url:
        checks = [*fuzz.CONFORMANCE, negative_data_rejection]
        for case in fuzz._coverage_cases("2026-09", "update_staging_token"):
            try:
                fuzz._call(fake, base_url, case, checks)
            except (Failure, FailureGroup, AssertionError):  # a failed check: the fuzz saw the break
                detected = True
    assert detected


# F12 ------------------------------------------------------------------------------------------------


def test_a_queued_agent_reply_webhook_can_be_delivered_from_outside(served: tuple[FakeHubSpot, str]) -> None:
    _, base_url = served
    control = httpx.get(f"{base_url}/_fake").json()["control"]
    assert any("webhook" in name for name in control), control
