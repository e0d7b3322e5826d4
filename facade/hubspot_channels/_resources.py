"""The resources of the sync client. Ids are positional; everything else is keyword-only."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable, Mapping, Sequence
from typing import TYPE_CHECKING, Any

from ._bulk import DEFAULT_CONCURRENCY, StatusUpdate, StatusUpdateResult, run_sync
from ._calls import idempotency_id_of
from ._exceptions import APIError
from ._models import (
    Channel,
    ChannelAccount,
    DeliveryIdentifier,
    DeliveryIdentifierType,
    Message,
    MessageDirection,
    MessageStatus,
    Page,
    Participant,
    StagingToken,
)
from ._paging import SyncPager

if TYPE_CHECKING:
    from ._client import CustomChannelsClient
    from ._engine import Call


class _Resource:
    def __init__(self, client: CustomChannelsClient) -> None:
        self._client = client


class Channels(_Resource):
    """Channel registration (developer API key and app id)."""

    def list(self, *, limit: int | None = None) -> SyncPager[Channel]:
        calls = self._client._calls
        first = calls.list_channels(after=None, limit=limit)  # validated now; reused for the first page

        def fetch(after: str | None) -> Page[Channel]:
            return self._client._run(
                first if after is None else calls.list_channels(after=after, limit=limit)
            )

        return SyncPager(fetch)

    def create(
        self,
        *,
        name: str,
        capabilities: Mapping[str, Any],
        webhook_url: str | None = None,
        description: str | None = None,
        logo_url: str | None = None,
        account_connection_redirect_url: str | None = None,
    ) -> Channel:
        call = self._client._calls.create_channel(
            name=name,
            capabilities=capabilities,
            webhook_url=webhook_url,
            description=description,
            logo_url=logo_url,
            account_connection_redirect_url=account_connection_redirect_url,
        )
        return self._client._run(call)

    def get(self, channel_id: int | str) -> Channel:
        return self._client._run(self._client._calls.get_channel(channel_id))

    def update(
        self,
        channel_id: int | str,
        *,
        name: str | None = None,
        capabilities: Mapping[str, Any] | None = None,
        webhook_url: str | None = None,
        description: str | None = None,
        logo_url: str | None = None,
        account_connection_redirect_url: str | None = None,
    ) -> Channel:
        """Change only the fields given."""
        fields = {
            "name": name,
            "capabilities": capabilities,
            "webhook_url": webhook_url,
            "description": description,
            "logo_url": logo_url,
            "account_connection_redirect_url": account_connection_redirect_url,
        }
        return self._client._run(self._client._calls.update_channel(channel_id, fields))

    def archive(self, channel_id: int | str) -> None:
        self._client._run(self._client._calls.archive_channel(channel_id))


class ChannelAccounts(_Resource):
    """Accounts connected to a channel (OAuth access token)."""

    def list(
        self,
        channel_id: int | str,
        *,
        limit: int | None = None,
        archived: bool | None = None,
        delivery_identifier_types: Sequence[DeliveryIdentifierType | str] | None = None,
        delivery_identifier_values: Sequence[str] | None = None,
    ) -> SyncPager[ChannelAccount]:
        def make(after: str | None) -> Call[Page[ChannelAccount]]:
            return self._client._calls.list_channel_accounts(
                channel_id,
                after=after,
                limit=limit,
                archived=archived,
                delivery_identifier_types=delivery_identifier_types,
                delivery_identifier_values=delivery_identifier_values,
            )

        first = make(None)  # validated now, not at the first iteration; reused for the first page

        def fetch(after: str | None) -> Page[ChannelAccount]:
            return self._client._run(first if after is None else make(after))

        return SyncPager(fetch)

    def create(
        self,
        channel_id: int | str,
        *,
        name: str,
        inbox_id: int | str,
        authorized: bool = True,
        delivery_identifier: DeliveryIdentifier | None = None,
    ) -> ChannelAccount:
        call = self._client._calls.create_channel_account(
            channel_id,
            name=name,
            inbox_id=inbox_id,
            authorized=authorized,
            delivery_identifier=delivery_identifier,
        )
        return self._client._run(call)

    def get(self, channel_id: int | str, account_id: int | str) -> ChannelAccount:
        return self._client._run(self._client._calls.get_channel_account(channel_id, account_id))

    def update(
        self,
        channel_id: int | str,
        account_id: int | str,
        *,
        name: str | None = None,
        authorized: bool | None = None,
    ) -> ChannelAccount:
        call = self._client._calls.update_channel_account(
            channel_id, account_id, name=name, authorized=authorized
        )
        return self._client._run(call)


class StagingTokens(_Resource):
    """Staging tokens of accounts being connected through a public app (OAuth access token)."""

    def update(
        self,
        channel_id: int | str,
        account_token: str,
        *,
        account_name: str | None = None,
        delivery_identifier: DeliveryIdentifier | None = None,
    ) -> StagingToken:
        call = self._client._calls.update_staging_token(
            channel_id, account_token, account_name=account_name, delivery_identifier=delivery_identifier
        )
        return self._client._run(call)


class Messages(_Resource):
    """Publishing messages and reporting their delivery status (OAuth access token)."""

    def publish(
        self,
        channel_id: int | str,
        *,
        channel_account_id: int | str,
        text: str,
        senders: Sequence[Participant],
        recipients: Sequence[Participant],
        direction: MessageDirection | str = MessageDirection.INCOMING,
        timestamp: dt.datetime | None = None,
        rich_text: str | None = None,
        in_reply_to_id: str | None = None,
        integration_thread_id: str | None = None,
        attachments: Sequence[Mapping[str, Any]] = (),
        idempotency_id: str | None = None,
        idempotent: bool = True,
    ) -> Message:
        """Publish a message. An idempotency id is generated unless given, and reused by every retry, so a
        retried publish never creates a duplicate; ``idempotent=False`` sends none and never retries.
        When it fails anyway (an APIError after the retries), ``error.idempotency_id`` is the id it sent:
        publish again with ``idempotency_id=error.idempotency_id`` and HubSpot keeps one message."""
        call = self._client._calls.publish_message(
            channel_id,
            channel_account_id=channel_account_id,
            text=text,
            senders=senders,
            recipients=recipients,
            direction=direction,
            timestamp=timestamp,
            rich_text=rich_text,
            in_reply_to_id=in_reply_to_id,
            integration_thread_id=integration_thread_id,
            attachments=attachments,
            idempotency_id=idempotency_id,
            idempotent=idempotent,
        )
        try:
            return self._client._run(call)
        except APIError as error:  # the caller's own retry must reuse it, or it creates a duplicate
            error.idempotency_id = idempotency_id_of(call)
            raise

    def get(self, channel_id: int | str, message_id: str) -> Message:
        return self._client._run(self._client._calls.get_message(channel_id, message_id))

    def update_status(
        self,
        channel_id: int | str,
        message_id: str,
        status: MessageStatus | str,
        *,
        error_message: str | None = None,
    ) -> Message:
        """Report a delivery status: SENT, FAILED (optionally with error_message) or READ."""
        call = self._client._calls.update_message_status(channel_id, message_id, status, error_message)
        return self._client._run(call)

    def mark_sent(self, channel_id: int | str, message_id: str) -> Message:
        return self.update_status(channel_id, message_id, MessageStatus.SENT)

    def mark_failed(
        self, channel_id: int | str, message_id: str, *, error_message: str | None = None
    ) -> Message:
        return self.update_status(channel_id, message_id, MessageStatus.FAILED, error_message=error_message)

    def mark_read(self, channel_id: int | str, message_id: str) -> Message:
        return self.update_status(channel_id, message_id, MessageStatus.READ)

    def update_statuses(
        self,
        updates: Iterable[StatusUpdate],
        *,
        concurrency: int = DEFAULT_CONCURRENCY,
        on_result: Callable[[StatusUpdateResult], object] | None = None,
    ) -> list[StatusUpdateResult]:
        """Report many statuses, ``concurrency`` at a time (threads sharing this client's connections, its
        rate limit and its retries). Returns one result per update, in input order; a failed update (even
        one that fails validation) is that update's result, never an exception for the batch. Updates of the
        same message are applied one after another, in input order. ``on_result(result)`` is called as each
        update completes (one call at a time); Ctrl-C raises BulkUpdateInterrupted (a KeyboardInterrupt) carrying
        the results so far."""
        return run_sync(self._client._calls, self._client._run, updates, concurrency, on_result)
