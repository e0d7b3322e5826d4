"""Receive HubSpot Custom Channels webhooks in a Flask (WSGI) app.

verify (v3 only) -> parse -> claim the event (deduplication) -> answer 200 at once -> deliver
the message and report its status with the client -> mark the event done (or failed, so that a
redelivery is processed again) on a worker thread. WSGI has no "after the response" hook,
so the work goes to a small thread pool; threads die with the process, so in production hand
the event to a job queue (Celery, RQ, ...) instead.

Run (flask installed, from the repository root):

    HUBSPOT_CLIENT_SECRET=... HUBSPOT_ACCESS_TOKEN=... \\
        flask --app 'facade/examples/webhook_flask.py:app_from_env()' run

then set the channel's webhookUrl to https://<your public host>/hubspot/webhook.
"""

from __future__ import annotations

import logging
import os
from concurrent.futures import Executor, Future, ThreadPoolExecutor
from typing import TYPE_CHECKING

from flask import Flask, Request, Response, request

from hubspot_channels import webhooks

if TYPE_CHECKING:
    from hubspot_channels import CustomChannelsClient

log = logging.getLogger(__name__)


def create_app(client_secret: str, client: CustomChannelsClient, workers: Executor | None = None) -> Flask:
    app = Flask(__name__)
    handler = webhooks.WebhookHandler(client_secret)
    if workers is None:
        # Bounded: a burst of webhooks queues up instead of starting a thread each.
        workers = ThreadPoolExecutor(max_workers=4, thread_name_prefix="hubspot-webhooks")

    @app.post("/hubspot/webhook")
    def receive() -> Response:
        # get_data(): the raw bytes, which is what the signature covers.
        result = handler.handle(
            request.get_data(), request.headers, method=request.method, url=signed_url(request)
        )
        if result.error is not None:
            log.warning("refused a webhook: %s", result.error)
        if result.event is not None:
            workers.submit(process, client, result).add_done_callback(_log_failure)
        # headers: Retry-After on a 503 (the same event is being processed).
        return Response(
            result.body, result.status_code, headers=dict(result.headers), content_type=result.content_type
        )

    return app


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


def _log_failure(future: Future[None]) -> None:
    exc = future.exception()
    if exc is not None:
        log.error("processing a webhook failed", exc_info=exc)


def signed_url(req: Request) -> str:
    """The URL HubSpot signed.

    `request.url` is rebuilt from the decoded path (and may turn escapes into Unicode); servers
    that pass the raw request target (werkzeug, gunicorn: RAW_URI; uWSGI: REQUEST_URI) let us
    use it as sent. Behind a proxy, apply werkzeug's ProxyFix so scheme and host are public.
    """
    raw = req.environ.get("RAW_URI") or req.environ.get("REQUEST_URI")
    return f"{req.scheme}://{req.host}{raw}" if raw else req.url


def app_from_env() -> Flask:
    from hubspot_channels import CustomChannelsClient

    # The client reads HUBSPOT_ACCESS_TOKEN itself; the app's client secret signs the webhooks.
    return create_app(os.environ["HUBSPOT_CLIENT_SECRET"], CustomChannelsClient())
