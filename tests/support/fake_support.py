"""Helpers shared by tests/test_fake_*.py: raw httpx access to a FakeHubSpot, both ways."""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

import httpx

from hubspot_channels.testing import FakeHubSpot

PREFIX = "/conversations/custom-channels/2026-03"


@dataclass
class Api:
    """Raw calls with the right credentials for each operation group."""

    fake: FakeHubSpot
    http: httpx.Client

    @property
    def key(self) -> dict[str, Any]:
        return {"hapikey": self.fake.developer_api_key, "appId": str(self.fake.app_id)}

    @property
    def bearer(self) -> dict[str, str]:
        return {"Authorization": f"Bearer {self.fake.access_token}"}

    def channels(self, method: str, path: str = "", **kw: Any) -> httpx.Response:
        params = {**self.key, **kw.pop("params", {})}
        return self.http.request(method, PREFIX + path, params=params, **kw)

    def oauth(self, method: str, path: str, **kw: Any) -> httpx.Response:
        headers = {**self.bearer, **kw.pop("headers", {})}
        return self.http.request(method, PREFIX + path, headers=headers, **kw)

    def new_channel(self, **fields: Any) -> dict[str, Any]:
        r = self.channels(
            "POST", json={"name": "Test channel", "capabilities": {"deliveryIdentifierTypes": []}, **fields}
        )
        assert r.status_code == 201, r.text
        return dict(r.json())

    def new_account(self, channel_id: str, **fields: Any) -> dict[str, Any]:
        body = {"name": "Support", "inboxId": "77", "authorized": True, **fields}
        r = self.oauth("POST", f"/{channel_id}/channel-accounts", json=body)
        assert r.status_code == 201, r.text
        return dict(r.json())

    def publish(self, channel_id: str, account_id: str, **fields: Any) -> httpx.Response:
        return self.oauth("POST", f"/{channel_id}/messages", json=egg(account_id, **fields))


def egg(account_id: str, **fields: Any) -> dict[str, Any]:
    """A valid ChannelIntegrationMessageEgg (an INCOMING message from a visitor)."""
    return {
        "text": "Hello from a visitor",
        "messageDirection": "INCOMING",
        "channelAccountId": account_id,
        "timestamp": "2026-03-30T12:00:00Z",
        "attachments": [],
        "senders": [
            {
                "name": "Visitor",
                "deliveryIdentifier": {"type": "CHANNEL_SPECIFIC_OPAQUE_ID", "value": "visitor-1"},
            }
        ],
        "recipients": [{"deliveryIdentifier": {"type": "CHANNEL_SPECIFIC_OPAQUE_ID", "value": "account-1"}}],
        **fields,
    }


@contextmanager
def api_for(mode: str, fake: FakeHubSpot | None = None) -> Iterator[Api]:
    fake = fake or FakeHubSpot()
    if mode == "inprocess":
        with httpx.Client(transport=fake.transport(), base_url="https://api.hubapi.com") as http:
            yield Api(fake, http)
    else:
        with fake.serve() as base_url, httpx.Client(base_url=base_url, timeout=10) as http:
            yield Api(fake, http)


def v3_signature(secret: str, method: str, uri: str, body: bytes, timestamp: str) -> str:
    """HubSpot's v3 signature, computed here independently of the package."""
    message = method.encode() + uri.encode() + body + timestamp.encode()
    return base64.b64encode(hmac.new(secret.encode(), message, hashlib.sha256).digest()).decode()


@dataclass
class Received:
    method: str
    path: str
    headers: dict[str, str]
    body: bytes

    @property
    def json(self) -> Any:
        return json.loads(self.body)


@dataclass
class WebhookReceiver:
    url: str
    received: list[Received] = field(default_factory=list)
    status: int = 200


@contextmanager
def webhook_receiver(path: str = "/hubspot/webhook") -> Iterator[WebhookReceiver]:
    """A real HTTP server on 127.0.0.1 recording POSTs (stdlib only, independent of the fake)."""
    receiver = WebhookReceiver(url="")

    class Handler(BaseHTTPRequestHandler):
        def do_POST(self) -> None:
            body = self.rfile.read(int(self.headers.get("Content-Length", "0")))
            receiver.received.append(Received("POST", self.path, dict(self.headers.items()), body))
            self.send_response(receiver.status)
            self.send_header("Content-Length", "2")
            self.end_headers()
            self.wfile.write(b"ok")

        def log_message(self, format: str, *args: Any) -> None:
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    receiver.url = f"http://127.0.0.1:{server.server_address[1]}{path}"
    thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True)
    thread.start()
    try:
        yield receiver
    finally:
        server.shutdown()
        server.server_close()
