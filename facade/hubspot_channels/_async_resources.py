"""The resources of the client: ``client.channels``, ``.channel_accounts``, ``.staging_tokens`` and ``.messages``.
Ids are positional; everything else is keyword-only."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable, Mapping, Sequence
from typing import TYPE_CHECKING, Any

from ._async_paging import AsyncPager
from ._bulk_defaults import DEFAULT_CONCURRENCY
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

if TYPE_CHECKING:
    from ._async_client import AsyncCustomChannelsClient
    from ._bulk import StatusUpdate, StatusUpdateResult
    from ._engine import Call


class _Resource:
    def __init__(self, client: AsyncCustomChannelsClient) -> None:
        self._client = client


class AsyncChannels(_Resource):
    """Channel registration (developer API key and app id)."""

    def list(self, *, limit: int | None = None) -> AsyncPager[Channel]:
        """Every channel of the app, fetched a page at a time as the pager is iterated."""
        calls = self._client._calls
        first = calls.list_channels(after=None, limit=limit)  # validated now; reused for the first page

        async def fetch(after: str | None) -> Page[Channel]:
            return await self._client._run(
                first if after is None else calls.list_channels(after=after, limit=limit)
            )

        return AsyncPager(fetch)

    async def create(
        self,
        *,
        name: str,
        capabilities: Mapping[str, Any],
        webhook_url: str | None = None,
        description: str | None = None,
        logo_url: str | None = None,
        account_connection_redirect_url: str | None = None,
    ) -> Channel:
        """Create a channel (developer API key); returns it with its new id."""
        call = self._client._calls.create_channel(
            name=name,
            capabilities=capabilities,
            webhook_url=webhook_url,
            description=description,
            logo_url=logo_url,
            account_connection_redirect_url=account_connection_redirect_url,
        )
        return await self._client._run(call)

    async def get(self, channel_id: int | str) -> Channel:
        """One channel by id (developer API key)."""
        return await self._client._run(self._client._calls.get_channel(channel_id))

    async def update(
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
        return await self._client._run(self._client._calls.update_channel(channel_id, fields))

    async def archive(self, channel_id: int | str) -> None:
        """Archive a channel; HubSpot stops routing its messages (developer API key)."""
        await self._client._run(self._client._calls.archive_channel(channel_id))


class AsyncChannelAccounts(_Resource):
    """Accounts connected to a channel (OAuth access token)."""

    def list(
        self,
        channel_id: int | str,
        *,
        limit: int | None = None,
        archived: bool | None = None,
        delivery_identifier_types: Sequence[DeliveryIdentifierType | str] | None = None,
        delivery_identifier_values: Sequence[str] | None = None,
    ) -> AsyncPager[ChannelAccount]:
        """The channel's accounts, optionally filtered by delivery identifier, a page at a time."""

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

        async def fetch(after: str | None) -> Page[ChannelAccount]:
            return await self._client._run(first if after is None else make(after))

        return AsyncPager(fetch)

    async def create(
        self,
        channel_id: int | str,
        *,
        name: str,
        inbox_id: int | str,
        authorized: bool = True,
        delivery_identifier: DeliveryIdentifier | None = None,
    ) -> ChannelAccount:
        """Connect an account (an inbox's line) to the channel; returns it with its new id."""
        call = self._client._calls.create_channel_account(
            channel_id,
            name=name,
            inbox_id=inbox_id,
            authorized=authorized,
            delivery_identifier=delivery_identifier,
        )
        return await self._client._run(call)

    async def get(self, channel_id: int | str, account_id: int | str) -> ChannelAccount:
        """One channel account by id."""
        return await self._client._run(self._client._calls.get_channel_account(channel_id, account_id))

    async def update(
        self,
        channel_id: int | str,
        account_id: int | str,
        *,
        name: str | None = None,
        authorized: bool | None = None,
    ) -> ChannelAccount:
        """Change an account's name or its connection state; only the arguments given are sent."""
        call = self._client._calls.update_channel_account(
            channel_id, account_id, name=name, authorized=authorized
        )
        return await self._client._run(call)


class AsyncStagingTokens(_Resource):
    """Staging tokens of accounts being connected through a public app (OAuth access token)."""

    async def update(
        self,
        channel_id: int | str,
        account_token: str,
        *,
        account_name: str | None = None,
        delivery_identifier: DeliveryIdentifier | None = None,
    ) -> StagingToken:
        """Finish connecting an account that HubSpot's UI started, through its staging token."""
        call = self._client._calls.update_staging_token(
            channel_id, account_token, account_name=account_name, delivery_identifier=delivery_identifier
        )
        return await self._client._run(call)


class AsyncMessages(_Resource):
    """Publishing messages and reporting their delivery status (OAuth access token)."""

    async def publish(
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
            return await self._client._run(call)
        except APIError as error:  # the caller's own retry must reuse it, or it creates a duplicate
            error.idempotency_id = idempotency_id_of(call)
            raise

    async def get(self, channel_id: int | str, message_id: str) -> Message:
        """One published message by id."""
        return await self._client._run(self._client._calls.get_message(channel_id, message_id))

    async def update_status(
        self,
        channel_id: int | str,
        message_id: str,
        status: MessageStatus | str,
        *,
        error_message: str | None = None,
    ) -> Message:
        """Report a delivery status: SENT, FAILED (optionally with error_message) or READ."""
        call = self._client._calls.update_message_status(channel_id, message_id, status, error_message)
        return await self._client._run(call)

    async def mark_sent(self, channel_id: int | str, message_id: str) -> Message:
        """Report the message delivered to its recipient: ``update_status(..., SENT)``."""
        return await self.update_status(channel_id, message_id, MessageStatus.SENT)

    async def mark_failed(
        self, channel_id: int | str, message_id: str, *, error_message: str | None = None
    ) -> Message:
        """Report that the message could not be delivered, with the reason when known."""
        return await self.update_status(
            channel_id, message_id, MessageStatus.FAILED, error_message=error_message
        )

    async def mark_read(self, channel_id: int | str, message_id: str) -> Message:
        """Report that the recipient read the message: ``update_status(..., READ)``."""
        return await self.update_status(channel_id, message_id, MessageStatus.READ)

    async def update_statuses(
        self,
        updates: Iterable[StatusUpdate],
        *,
        concurrency: int = DEFAULT_CONCURRENCY,
        on_result: Callable[[StatusUpdateResult], object] | None = None,
    ) -> list[StatusUpdateResult]:
        """Report many statuses, ``concurrency`` at a time (threads in the sync client, tasks in the async one,
        sharing this client's connections, its rate limit and its retries). Returns one result per update, in
        input order; a failed update (even one that fails validation) is that update's result, never an
        exception for the batch. Updates of the same message are applied one after another, in input order.
        ``on_result(result)`` is called as each update completes (one call at a time). Stopping early keeps
        the results so far: Ctrl-C in the sync client raises BulkUpdateInterrupted (a KeyboardInterrupt)
        carrying them; cancelling the async call re-raises its CancelledError with them attached
        (``BulkUpdateInterrupted.of(error)``)."""
        from ._bulk import run_async  # the runner loads at the first bulk call, not with every client

        return await run_async(self._client._calls, self._client._run, updates, concurrency, on_result)
