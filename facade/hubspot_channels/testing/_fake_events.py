"""What HubSpot does on its own and tells the channel about: agent replies and account events, sent as signed
webhooks (a part of FakeHubSpot, kept apart to keep files small)."""

from __future__ import annotations

import copy
import threading
from collections.abc import Mapping, Sequence
from typing import Any

from . import _validation
from ._state import JSONDict, Store
from ._webhooks import WebhookDelivery, WebhookSender, account_event, outgoing_message_event


class HubSpotEvents:
    """FakeHubSpot's agent replies, account events and webhook queue (the attributes below are its own)."""

    portal_id: int
    validate_responses: bool
    _lock: threading.RLock
    _store: Store
    _webhooks: WebhookSender
    _bugs: list[_validation.ResponseValidationError]

    def agent_reply(
        self,
        channel_id: int | str,
        channel_account_id: int | str,
        text: str,
        *,
        thread_id: str | None = None,
        recipients: Sequence[Mapping[str, Any]] | None = None,
        rich_text: str | None = None,
        attachments: Sequence[Mapping[str, Any]] = (),
        agent_user_id: int = 501,
        agent_name: str = "Fake Agent",
        deliver: bool = True,
    ) -> JSONDict:
        """A HubSpot user replies: store an OUTGOING message and POST the signed
        OUTGOING_CHANNEL_MESSAGE_CREATED event to the channel's webhookUrl (POST /_fake/agent-replies).

        Replies in `thread_id` (a conversationsThreadId) or the account's latest thread, to
        `recipients` (ChannelIntegrationParticipant dicts) or the last visitor who wrote there.
        With deliver=False the event is only queued in `webhook_events` (e.g. when the
        receiver runs on the caller's own event loop). Returns the message.
        """
        reply: dict[str, Any] = {"thread_id": thread_id, "recipients": recipients, "rich_text": rich_text}
        reply.update(attachments=attachments, agent_user_id=agent_user_id, agent_name=agent_name)
        return self._agent_reply(channel_id, channel_account_id, text, reply, deliver=deliver)[0]

    def _agent_reply(
        self,
        channel_id: int | str,
        account_id: int | str,
        text: str,
        reply: Mapping[str, Any],
        *,
        deliver: bool,
    ) -> tuple[JSONDict, WebhookDelivery]:
        """agent_reply's work, shared with POST /_fake/agent-replies (which also reports the delivery)."""
        with self._lock:
            message, thread = self._store.agent_message(int(channel_id), int(account_id), text, **reply)
            channel = copy.deepcopy(self._store.channel(int(channel_id)))
            event = outgoing_message_event(self.portal_id, channel, message, thread.integration_thread_ids)
        if self.validate_responses:
            # The webhook carries the message as GET returns it; a bad one is a bug in the fake.
            problems = _validation.message_violations(message)
            if problems:
                error = _validation.ResponseValidationError(
                    "agent_reply built an invalid message:\n" + "\n".join(problems)
                )
                self._bugs.append(error)
                raise error
        delivery = self._webhooks.emit(channel, event, deliver=deliver)
        return message, delivery

    def account_event(
        self,
        channel_id: int | str,
        channel_account_id: int | str,
        event_type: str = "CHANNEL_ACCOUNT_CREATED",
        *,
        deliver: bool = True,
    ) -> JSONDict:
        """Send CHANNEL_ACCOUNT_CREATED / _UPDATED / _PURGED for an account (PURGED archives it)
        (POST /_fake/account-events)."""
        return self._account_event(channel_id, channel_account_id, event_type, deliver=deliver).event

    def _account_event(
        self, channel_id: int | str, channel_account_id: int | str, event_type: str, *, deliver: bool
    ) -> WebhookDelivery:
        if event_type not in {"CHANNEL_ACCOUNT_CREATED", "CHANNEL_ACCOUNT_UPDATED", "CHANNEL_ACCOUNT_PURGED"}:
            raise ValueError(f"unknown account event type {event_type!r}")
        with self._lock:
            if event_type == "CHANNEL_ACCOUNT_PURGED":
                account = self._store.purge_account(int(channel_id), int(channel_account_id))
            else:
                account = copy.deepcopy(self._store.account(int(channel_id), int(channel_account_id)))
            channel = copy.deepcopy(self._store.channel(int(channel_id)))
            event = account_event(self.portal_id, channel, account, event_type)
        return self._webhooks.emit(channel, event, deliver=deliver)

    @property
    def webhook_deliveries(self) -> list[WebhookDelivery]:
        """Every webhook event produced, delivered or not, oldest first."""
        return self._webhooks.deliveries

    def deliver_webhooks(self) -> list[WebhookDelivery]:
        """POST the events queued with deliver=False; returns them."""
        return self._webhooks.deliver_pending()
