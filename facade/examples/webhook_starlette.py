"""Receive HubSpot Custom Channels webhooks in a Starlette (ASGI) app.

verify (v3 only) -> parse -> claim the event (deduplication) -> answer 200 at once -> deliver
the message and report its status with the client -> mark the event done (or failed, so that a
redelivery is processed again), after the answer has gone out (a background task).

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
        # A background task runs after the response is sent, so HubSpot gets its 2xx at once; a
        # plain function, so Starlette runs it in a worker thread and the blocking client is fine.
        task = BackgroundTask(process, client, result) if result.event is not None else None
        return Response(
            result.body,
            result.status_code,
            headers=dict(result.headers),  # Retry-After on a 503 (the same event is being processed)
            media_type=result.content_type,
            background=task,
        )

    return Starlette(routes=[Route("/hubspot/webhook", receive, methods=["POST"])])


def process(client: CustomChannelsClient, answer: webhooks.WebhookResponse) -> None:
    """Do the work, then settle the claim: done only once the status report went through."""
    try:
        handle_event(client, answer.event)
    except BaseException:
        answer.fail()  # e.g. mark_sent got 503 three times: a redelivery is processed again
        raise
    answer.complete()


def handle_event(client: CustomChannelsClient, event: webhooks.Event | None) -> None:
    if isinstance(event, webhooks.OutgoingMessageCreated):
        try:
            deliver(event)
        except Exception:
            log.exception("delivering message %s failed", event.message.id)
            # error_message is shown to the HubSpot user next to the message.
            client.messages.mark_failed(event.channel_id, event.message.id, error_message="Could not deliver")
            return
        client.messages.mark_sent(event.channel_id, event.message.id)
    elif event is not None:
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
