"""A minimal HTTP/1.1 keep-alive server answering every request with one fixed ~1.4 KB message.

Deliberately not the FakeHubSpot: its validation and routing would cost more than the clients under test.
Runs in its own process (started by path from ``_env.loopback_server``) and prints its port on the first line.
"""

from __future__ import annotations

import asyncio
import json
import sys

CHANNEL_ID = 1001
MESSAGE_ID = "239a3dac7cdc48689811f019ea92cbbf"
TOKEN = "bench-token"

_TEXT = (
    "Hi, thanks for reaching out! Your order #48213 shipped this morning and should arrive by Thursday. "
    "The tracking link is in your account; reply here if anything looks off."
)
MESSAGE = {
    "id": MESSAGE_ID,
    "type": "MESSAGE",
    "channelId": str(CHANNEL_ID),
    "channelAccountId": "10000001",
    "conversationsThreadId": "7000000002",
    "createdAt": "2026-03-30T12:00:00.197Z",
    "updatedAt": "2026-03-30T12:00:01.564Z",
    "createdBy": "A-501",
    "client": {"clientType": "HUBSPOT"},
    "senders": [
        {"actorId": "A-501", "name": "Support Agent",
         "deliveryIdentifier": {"type": "HS_PHONE_NUMBER", "value": "+15550100"}},
    ],
    "recipients": [
        {"deliveryIdentifier": {"type": "HS_PHONE_NUMBER", "value": "+15550123"}, "name": "Visitor",
         "recipientField": "to"},
    ],
    "text": _TEXT,
    "richText": f"<div><p>{_TEXT}</p></div>",
    "direction": "OUTGOING",
    "truncationStatus": "NOT_TRUNCATED",
    "archived": False,
    "attachments": [
        {"type": "FILE", "fileId": "93811", "fileUsageType": "IMAGE", "name": "receipt-48213.png",
         "url": "https://f.hubspotusercontent.net/hubfs/62515/receipt-48213.png"},
    ],
    "status": {"statusType": "SENT"},
}  # fmt: skip
BODY = json.dumps(MESSAGE, separators=(",", ":")).encode()
RESPONSE = (
    b"HTTP/1.1 200 OK\r\n"
    b"Content-Type: application/json;charset=utf-8\r\n"
    b"X-HubSpot-RateLimit-Max: 190\r\n"
    b"X-HubSpot-RateLimit-Remaining: 189\r\n"
    b"X-HubSpot-RateLimit-Interval-Milliseconds: 10000\r\n"
    b"X-HubSpot-Correlation-Id: 5a1b3c2d-0000-4000-8000-000000000000\r\n"
    b"Content-Length: " + str(len(BODY)).encode() + b"\r\n\r\n" + BODY
)


class _Connection(asyncio.Protocol):
    """Parses just enough HTTP: the end of the head and Content-Length; answers each request in order."""

    def __init__(self) -> None:
        self.buffer = b""
        self.transport: asyncio.Transport | None = None

    def connection_made(self, transport: asyncio.BaseTransport) -> None:
        assert isinstance(transport, asyncio.Transport)
        self.transport = transport

    def data_received(self, data: bytes) -> None:
        self.buffer += data
        while True:
            end = self.buffer.find(b"\r\n\r\n")
            if end < 0:
                return
            head = self.buffer[:end].lower()
            start = head.find(b"content-length:")
            length = (
                int(head[start + 15 : head.find(b"\r\n", start) if head.find(b"\r\n", start) > 0 else None])
                if start >= 0
                else 0
            )
            total = end + 4 + length
            if len(self.buffer) < total:
                return
            self.buffer = self.buffer[total:]
            assert self.transport is not None
            self.transport.write(RESPONSE)


async def _serve() -> None:
    loop = asyncio.get_running_loop()
    server = await loop.create_server(_Connection, "127.0.0.1", 0, backlog=1024)
    port = server.sockets[0].getsockname()[1]
    print(port, flush=True)
    async with server:
        await loop.run_in_executor(None, sys.stdin.read)  # stop when the parent closes our stdin


if __name__ == "__main__":
    asyncio.run(_serve())
