"""Receive HubSpot Custom Channels webhooks in a Starlette (ASGI) app.

verify -> parse -> deduplicate on eventId -> answer 200 at once -> deliver the message and
report its status with the client, after the answer has gone out (a background task).

Run (starlette and uvicorn installed, from the repository root):

    HUBSPOT_CLIENT_SECRET=... HUBSPOT_ACCESS_TOKEN=... \\
        uvicorn --app-dir facade/examples webhook_starlette:app_from_env --factory --proxy-headers

then set the channel's webhookUrl to https://<your public host>/hubspot/webhook.
"""

from __future__ import annotations

import logging
import os
from typing import TYPE_CHECKING

from starlette.applications import Starlette
from starlette.background import BackgroundTask
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

from hubspot_channels import webhooks

if TYPE_CHECKING:
    from hubspot_channels import CustomChannelsClient

log = logging.getLogger(__name__)


def create_app(client_secret: str, client: CustomChannelsClient) -> Starlette:
    handler = webhooks.WebhookHandler(client_secret)

    async def receive(request: Request) -> Response:
        # The raw bytes: the signature covers the body exactly as sent.
        body = await request.body()
        result = handler.handle(body, request.headers, method=request.method, url=signed_url(request))
        if result.error is not None:
            log.warning("refused a webhook: %s", result.error)
        # A background task runs after the response is sent, so HubSpot gets its 2xx at once.
        task = BackgroundTask(process, client, result.event) if result.event is not None else None
        return Response(result.body, result.status_code, media_type=result.content_type, background=task)

    return Starlette(routes=[Route("/hubspot/webhook", receive, methods=["POST"])])


def process(client: CustomChannelsClient, event: webhooks.Event) -> None:
    """A plain function: Starlette runs it in a worker thread, so the blocking client is fine here."""
    if isinstance(event, webhooks.OutgoingMessageCreated):
        try:
            deliver(event)
        except Exception:
            log.exception("delivering message %s failed", event.message.id)
            # error_message is shown to the HubSpot user next to the message.
            client.messages.mark_failed(event.channel_id, event.message.id, error_message="Could not deliver")
            return
        client.messages.mark_sent(event.channel_id, event.message.id)
    else:
        log.info("webhook %s for portal %s", event.type, event.raw.get("portalId"))


def deliver(event: webhooks.OutgoingMessageCreated) -> None:
    """Send the message on your own platform (placeholder)."""
    log.info("delivering %s to thread(s) %s", event.message.id, event.channel_integration_thread_ids)


def signed_url(request: Request) -> str:
    """The URL HubSpot signed.

    `request.url` is rebuilt from the percent-*decoded* path, which would turn e.g. %20 into a
    space; the ASGI raw_path keeps the path as sent. Behind a proxy, run uvicorn with
    --proxy-headers so that scheme and host are the public ones.
    """
    raw_path: bytes | None = request.scope.get("raw_path")
    if not raw_path:
        return str(request.url)
    query = request.scope.get("query_string", b"")
    path = raw_path.decode("latin-1") + (f"?{query.decode('latin-1')}" if query else "")
    return f"{request.url.scheme}://{request.url.netloc}{path}"


def app_from_env() -> Starlette:
    from hubspot_channels import CustomChannelsClient

    # The client reads HUBSPOT_ACCESS_TOKEN itself; the app's client secret signs the webhooks.
    return create_app(os.environ["HUBSPOT_CLIENT_SECRET"], CustomChannelsClient())
