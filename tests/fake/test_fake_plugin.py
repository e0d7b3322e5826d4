"""The pytest plugin's fixtures, the CLI, and keeping `import hubspot_channels` free of the fake."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time

import httpx
import pytest

from hubspot_channels.testing import FakeHubSpot, pytest_plugin
from tests.support.paths import REPO as ROOT

# Once the package is installed the plugin is loaded by its pytest11 entry point; binding the
# fixtures here makes this module work either way (module fixtures take precedence).
hubspot_fake = pytest_plugin.hubspot_fake
hubspot_fake_server = pytest_plugin.hubspot_fake_server
hubspot_client = pytest_plugin.hubspot_client
hubspot_async_client = pytest_plugin.hubspot_async_client
hubspot_api_version = pytest_plugin.hubspot_api_version

PREFIX = "/conversations/custom-channels/2026-03"
VISITOR = {"type": "CHANNEL_SPECIFIC_OPAQUE_ID", "value": "visitor-7"}


def test_hubspot_fake_is_fresh(hubspot_fake: FakeHubSpot) -> None:
    assert hubspot_fake.channels == [] and hubspot_fake.requests == []
    assert hubspot_fake.access_token == "fake-access-token" and hubspot_fake.app_id == 123456


def test_hubspot_fake_server_serves_the_same_fake(
    hubspot_fake: FakeHubSpot, hubspot_fake_server: str
) -> None:
    assert hubspot_fake_server.startswith("http://127.0.0.1:")
    channel = hubspot_fake.create_channel("served")
    params = {"hapikey": hubspot_fake.developer_api_key, "appId": hubspot_fake.app_id}
    r = httpx.get(f"{hubspot_fake_server}{PREFIX}/{channel['id']}", params=params)
    assert r.status_code == 200 and r.json()["name"] == "served"


def test_hubspot_client_round_trip(hubspot_client: object, hubspot_fake: FakeHubSpot) -> None:
    from hubspot_channels import CustomChannelsClient, DeliveryIdentifier, Participant

    assert isinstance(hubspot_client, CustomChannelsClient)
    client = hubspot_client
    channel = client.channels.create(name="via client", capabilities={})
    account = client.channel_accounts.create(channel.id, name="acc", inbox_id="5")
    participant = Participant(
        delivery_identifier=DeliveryIdentifier(type=VISITOR["type"], value=VISITOR["value"])
    )
    message = client.messages.publish(
        channel.id, channel_account_id=account.id, text="hi", senders=[participant], recipients=[participant]
    )
    hubspot_fake.faults.add("update_message_status", status=429, retry_after=0, times=2)
    client.messages.mark_sent(channel.id, message.id)
    assert hubspot_fake.get_message(message.id)["status"] == {"statusType": "SENT"}
    assert [r.status for r in hubspot_fake.requests_for("update_message_status")] == [429, 429, 200]
    assert hubspot_fake.bugs == []


@pytest.mark.anyio
async def test_hubspot_async_client_round_trip(
    hubspot_async_client: object, hubspot_fake: FakeHubSpot
) -> None:
    from hubspot_channels import AsyncCustomChannelsClient

    assert isinstance(hubspot_async_client, AsyncCustomChannelsClient)
    channel = await hubspot_async_client.channels.create(name="async", capabilities={})
    assert (await hubspot_async_client.channels.get(channel.id)).name == "async"
    assert [c["name"] for c in hubspot_fake.channels] == ["async"]


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _env() -> dict[str, str]:
    paths = [str(ROOT / "facade"), str(ROOT / "generated"), os.environ.get("PYTHONPATH", "")]
    return {**os.environ, "PYTHONPATH": os.pathsep.join(p for p in paths if p)}


@pytest.mark.subprocess
@pytest.mark.slow
def test_command_line_server() -> None:
    port = _free_port()
    command = [
        sys.executable,
        "-m",
        "hubspot_channels.testing",
        "serve",
        "--port",
        str(port),
        "--app-id",
        "42",
    ]
    process = subprocess.Popen(command, env=_env(), stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    try:
        url = f"http://127.0.0.1:{port}{PREFIX}"
        deadline = time.monotonic() + 60  # generous: a busy CI machine starts it slowly
        while True:
            try:
                r = httpx.get(url, params={"hapikey": "fake-developer-key", "appId": "42"})
                break
            except httpx.ConnectError:
                assert process.poll() is None, process.stderr.read() if process.stderr else ""
                assert time.monotonic() < deadline, "the CLI server did not come up"
                time.sleep(0.1)
        assert r.status_code == 200 and r.json() == {"results": [], "total": 0}
        assert httpx.get(url, params={"hapikey": "fake-developer-key", "appId": "1"}).status_code == 401
    finally:
        process.terminate()
        process.wait(timeout=10)
    assert process.stdout is not None and f"127.0.0.1:{port}" in process.stdout.read().decode()


@pytest.mark.subprocess
@pytest.mark.parametrize(
    ("modules", "forbidden"),
    [
        ("hubspot_channels, hubspot_channels.webhooks", "hubspot_channels.testing"),
        # pytest loads the plugin wherever the package is installed, even without the extra.
        ("hubspot_channels.testing.pytest_plugin", "hubspot_channels.testing._"),
    ],
)
def test_imports_do_not_load_the_fake(modules: str, forbidden: str) -> None:
    code = (
        f"import sys, {modules}\n"
        f"loaded = [m for m in sys.modules if m.startswith(({forbidden!r}, 'openapi_core', 'uvicorn'))]\n"
        "assert not loaded, loaded\n"
    )
    subprocess.run([sys.executable, "-c", code], env=_env(), check=True)
