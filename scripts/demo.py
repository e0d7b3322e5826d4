"""The whole life of a custom-channel integration, end to end, with the facade.

By default against the embedded fake HubSpot on 127.0.0.1 (no credentials): register a channel, connect an
account, publish a visitor's message, receive an agent's reply on a local webhook and verify its
signature, report SENT then FAILED on it and READ on a second reply, read the message back, list channels.

    python -m scripts demo                   # make demo
    python -m scripts demo --live            # against HubSpot (or HUBSPOT_BASE_URL), HUBSPOT_* credentials
    python -m scripts demo --live --cleanup  # archive the live demo's channel

--live is idempotent, so it can run against a real portal as often as you like:

- Its channel is the app's live channel named "hubspot-channels demo" (the oldest one, should several
  exist), created only when there is none, and kept: the ids a run prints (channel, account, messages)
  still resolve in every later run. A HUBSPOT_WEBHOOK_URL different from the channel's is set on it.
- Its account is the channel's unarchived account named "Support line" on HUBSPOT_INBOX_ID with the demo's
  line (+15550100), created only when there is none.
- Each run publishes one incoming message (HubSpot cannot delete messages) and prints its id.
- A run that fails archives the channel it created itself (its account goes with it), so a failed run
  leaves nothing half made behind; what it found is never archived.
- --cleanup archives every live channel of that name, and nothing else: the next run starts afresh. It
  needs only HUBSPOT_DEVELOPER_API_KEY and HUBSPOT_APP_ID.

It prints the base URL and API version it really calls (HUBSPOT_BASE_URL, else api.hubapi.com).
"""

from __future__ import annotations

import argparse
import contextlib
import os
import queue
import sys
import threading
import time
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

from hubspot_channels import (
    Channel,
    ChannelAccount,
    CustomChannelsClient,
    DeliveryIdentifier,
    HubSpotChannelsError,
    Message,
    Participant,
)
from hubspot_channels.webhooks import OutgoingMessageCreated, WebhookHandler

CAPABILITIES = {
    "deliveryIdentifierTypes": ["HS_PHONE_NUMBER"],
    "richText": [],
    "threadingModel": "DELIVERY_IDENTIFIER",
    "allowInlineImages": False,
    "allowOutgoingMessages": True,
    "allowConversationStart": False,
    "maxFileAttachmentCount": 0,
    "maxFileAttachmentSizeBytes": 0,
    "maxTotalFileAttachmentSizeBytes": 0,
    "outgoingAttachmentTypes": [],
}
LINE = DeliveryIdentifier(type="HS_PHONE_NUMBER", value="+15550100")
VISITOR = DeliveryIdentifier(type="HS_PHONE_NUMBER", value="+15550199")


class Transcript:
    def __init__(self) -> None:
        self.step = 0
        self.started = time.perf_counter()

    def say(self, text: str) -> None:
        self.step += 1
        print(f"{self.step:>2}. {text}", flush=True)

    def done(self) -> None:
        print(f"done in {time.perf_counter() - self.started:.2f} s")


@contextlib.contextmanager
def webhook_receiver(client_secret: str) -> Iterator[tuple[str, queue.Queue[OutgoingMessageCreated]]]:
    """A local endpoint that verifies HubSpot's signature and queues outgoing messages."""
    events: queue.Queue[OutgoingMessageCreated] = queue.Queue()
    handler = WebhookHandler(client_secret)

    class Endpoint(BaseHTTPRequestHandler):
        def do_POST(self) -> None:
            body = self.rfile.read(int(self.headers.get("Content-Length") or 0))
            url = f"http://{self.headers['Host']}{self.path}"
            answer = handler.handle(body, dict(self.headers.items()), method="POST", url=url)
            self.send_response(answer.status_code)
            self.send_header("Content-Type", answer.content_type)
            self.send_header("Content-Length", str(len(answer.body)))
            self.end_headers()
            self.wfile.write(answer.body)
            if isinstance(answer.event, OutgoingMessageCreated):  # after answering: HubSpot wants 2xx fast
                events.put(answer.event)
                answer.complete()  # handed to the demo's worker; a failed hand-off would call answer.fail()

        def log_message(self, format: str, *args: object) -> None:  # keep the transcript readable
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Endpoint)
    thread = threading.Thread(target=server.serve_forever, name="webhook-receiver", daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/webhook", events
    finally:
        server.shutdown()
        server.server_close()


def set_up(
    client: CustomChannelsClient, say: Transcript, webhook_url: str | None
) -> tuple[Channel, ChannelAccount]:
    channel = client.channels.create(name="Demo SMS", capabilities=CAPABILITIES, webhook_url=webhook_url)
    say.say(f"registered channel {channel.id} {channel.name!r} (webhook {channel.webhook_url})")
    inbox_id = os.environ.get("HUBSPOT_INBOX_ID", "1001")
    account = client.channel_accounts.create(
        channel.id, name="Support line", inbox_id=inbox_id, delivery_identifier=LINE
    )
    say.say(f"connected account {account.id} {account.name!r} ({LINE.value}) to inbox {account.inbox_id}")
    incoming = client.messages.publish(
        channel.id,
        channel_account_id=account.id,
        text="Hi! Where is my order #1042?",
        senders=[Participant(delivery_identifier=VISITOR, name="Ada Visitor")],
        recipients=[Participant(delivery_identifier=LINE)],
        integration_thread_id="order-1042",
    )
    say.say(f"published incoming message {incoming.id} in thread {incoming.conversations_thread_id}")
    return channel, account


def report_statuses(client: CustomChannelsClient, say: Transcript, first: Message, second: Message) -> None:
    sent = client.messages.mark_sent(first.channel_id, first.id)
    say.say(f"delivered reply {sent.id} on our platform -> status {sent.status}")
    failed = client.messages.mark_failed(
        first.channel_id, first.id, error_message="Recipient blocked the number"
    )
    say.say(f"the carrier bounced it afterwards -> status {failed.status}: {failed.error_message!r}")
    read = client.messages.mark_read(second.channel_id, second.id)
    say.say(f"second reply {read.id} was read -> status {read.status}")
    again = client.messages.get(first.channel_id, first.id)
    say.say(f"fetched {again.id}: status {again.status}, error {again.error_message!r}")


def run_fake() -> int:
    from hubspot_channels.testing import FakeHubSpot

    say = Transcript()
    fake = FakeHubSpot()
    with fake.serve() as base_url, webhook_receiver(fake.client_secret) as (webhook_url, events):
        print(f"Custom Channels demo against the embedded fake HubSpot at {base_url} (API 2026-03)")
        client = CustomChannelsClient(
            access_token=fake.access_token,
            developer_api_key=fake.developer_api_key,
            app_id=fake.app_id,
            base_url=base_url,
        )
        with client:
            channel, account = set_up(client, say, webhook_url)
            replies = []
            for text in ("It ships today, tracking follows.", "Here is your tracking number: 1Z999."):
                fake.agent_reply(channel.id, account.id, text)  # an agent answers in HubSpot's inbox
                event = events.get(timeout=10)
                replies.append(event.message)
                say.say(
                    f"webhook: {event.type} for message {event.message.id}, signature verified, "
                    f"text {event.message.text!r}"
                )
            report_statuses(client, say, replies[0], replies[1])
            names = [c.name for c in client.channels.list()]
            say.say(f"channels of the app: {len(names)} ({', '.join(names)})")
    say.done()
    return 0


DEMO_CHANNEL_NAME = "hubspot-channels demo"
DEMO_ACCOUNT_NAME = "Support line"
LIVE_VARIABLES = ("HUBSPOT_ACCESS_TOKEN", "HUBSPOT_DEVELOPER_API_KEY", "HUBSPOT_APP_ID", "HUBSPOT_INBOX_ID")
CLEANUP_VARIABLES = ("HUBSPOT_DEVELOPER_API_KEY", "HUBSPOT_APP_ID")  # it only lists and archives channels


def demo_channels(client: CustomChannelsClient) -> list[Channel]:
    """The app's live channels named DEMO_CHANNEL_NAME, oldest (lowest id) first."""
    found = [channel for channel in client.channels.list() if channel.name == DEMO_CHANNEL_NAME]
    return sorted(found, key=lambda channel: (len(channel.id), channel.id))


def live_channel(
    client: CustomChannelsClient, say: Transcript, webhook_url: str | None, created: list[Channel]
) -> Channel:
    found = demo_channels(client)
    if not found:
        channel = client.channels.create(
            name=DEMO_CHANNEL_NAME, capabilities=CAPABILITIES, webhook_url=webhook_url
        )
        created.append(channel)
        say.say(f"registered channel {channel.id} {channel.name!r} (webhook {channel.webhook_url})")
        return channel
    channel = found[0]
    others = f" (the oldest of {len(found)})" if len(found) > 1 else ""
    say.say(f"reusing channel {channel.id} {channel.name!r}{others}")
    if webhook_url and webhook_url != channel.webhook_url:
        channel = client.channels.update(channel.id, webhook_url=webhook_url)
        say.say(f"set its webhook to {channel.webhook_url}")
    return channel


def live_account(client: CustomChannelsClient, say: Transcript, channel: Channel) -> ChannelAccount:
    inbox_id = os.environ["HUBSPOT_INBOX_ID"]
    for account in client.channel_accounts.list(channel.id, archived=False):
        identifier = account.delivery_identifier
        if account.name == DEMO_ACCOUNT_NAME and account.inbox_id == inbox_id and identifier == LINE:
            say.say(f"reusing account {account.id} {account.name!r} ({LINE.value}) of inbox {inbox_id}")
            return account
    account = client.channel_accounts.create(
        channel.id, name=DEMO_ACCOUNT_NAME, inbox_id=inbox_id, delivery_identifier=LINE
    )
    say.say(f"connected account {account.id} {account.name!r} ({LINE.value}) to inbox {account.inbox_id}")
    return account


def archive_created(client: CustomChannelsClient, say: Transcript, created: list[Channel]) -> None:
    """After a failed run: archive the channels this run created (an archive that fails is only reported)."""
    for channel in created:
        try:
            client.channels.archive(channel.id)
        except HubSpotChannelsError as error:
            print(f"could not archive channel {channel.id} created by this run: {error}", file=sys.stderr)
        else:
            say.say(f"archived channel {channel.id}, created by this failed run")


def live_target(client: CustomChannelsClient) -> str:
    return f"{client.base_url} (API {client.api_version})"


def run_live(cleanup: bool = False) -> int:
    """The same calls against HubSpot, idempotently (the module's docstring says how). HubSpot cannot reach
    this machine's webhook, so the statuses are reported on the message given in HUBSPOT_DEMO_MESSAGE_ID (an
    outgoing message of the demo's channel: an agent's reply in HubSpot's inbox)."""
    needed = CLEANUP_VARIABLES if cleanup else LIVE_VARIABLES
    missing = [name for name in needed if not os.environ.get(name)]
    if missing:
        print(f"--live needs these environment variables: {', '.join(missing)}", file=sys.stderr)
        return 3
    say = Transcript()
    with CustomChannelsClient() as client:
        print(f"Custom Channels demo against {live_target(client)}")
        if cleanup:
            for channel in demo_channels(client):
                client.channels.archive(channel.id)
                say.say(f"archived channel {channel.id} {channel.name!r}")
            say.done()
            return 0
        created: list[Channel] = []
        try:
            live_steps(client, say, created)
        except BaseException:
            archive_created(client, say, created)
            raise
    say.done()
    return 0


def live_steps(client: CustomChannelsClient, say: Transcript, created: list[Channel]) -> None:
    channel = live_channel(client, say, os.environ.get("HUBSPOT_WEBHOOK_URL"), created)
    account = live_account(client, say, channel)
    incoming = client.messages.publish(
        channel.id,
        channel_account_id=account.id,
        text="Hi! Where is my order #1042?",
        senders=[Participant(delivery_identifier=VISITOR, name="Ada Visitor")],
        recipients=[Participant(delivery_identifier=LINE)],
        integration_thread_id="order-1042",
    )
    say.say(f"published incoming message {incoming.id} in thread {incoming.conversations_thread_id}")
    message_id = os.environ.get("HUBSPOT_DEMO_MESSAGE_ID")
    if message_id:
        target = client.messages.get(channel.id, message_id)
        report_statuses(client, say, target, target)
    else:
        say.say(
            "no HUBSPOT_DEMO_MESSAGE_ID: status reporting skipped (reply to the visitor in HubSpot first)"
        )
    say.say(f"channels of the app: {sum(1 for _ in client.channels.list())}")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m scripts demo",
        description=__doc__,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument(
        "--live", action="store_true", help="call HubSpot (or HUBSPOT_BASE_URL) with HUBSPOT_* credentials"
    )
    parser.add_argument("--cleanup", action="store_true", help="with --live: archive the demo's channel")
    args = parser.parse_args(argv)
    if args.cleanup and not args.live:
        parser.error("--cleanup goes with --live")
    try:
        return run_live(cleanup=args.cleanup) if args.live else run_fake()
    except HubSpotChannelsError as error:
        print(f"demo failed: {type(error).__name__}: {error}", file=sys.stderr)
        return 1
