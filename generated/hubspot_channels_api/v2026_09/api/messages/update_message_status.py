from http import HTTPStatus
from typing import Any
from urllib.parse import quote

import httpx

from ...client import AuthenticatedClient, Client
from ...models.error import Error
from ...models.public_channel_integration_message_update_request import (
    PublicChannelIntegrationMessageUpdateRequest,
)
from ...models.public_conversations_message import PublicConversationsMessage
from ...types import Response


def _get_kwargs(
    channel_id: int,
    message_id: str,
    *,
    body: PublicChannelIntegrationMessageUpdateRequest,
) -> dict[str, Any]:
    headers: dict[str, Any] = {}

    _kwargs: dict[str, Any] = {
        "method": "patch",
        "url": "/conversations/custom-channels/2026-09/{channel_id}/messages/{message_id}".format(
            channel_id=quote(str(channel_id), safe=""),
            message_id=quote(str(message_id), safe=""),
        ),
    }

    _kwargs["json"] = body.to_dict()

    headers["Content-Type"] = "application/json"

    _kwargs["headers"] = headers
    return _kwargs


def _parse_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> Error | PublicConversationsMessage:
    if response.status_code == 200:
        response_200 = PublicConversationsMessage.from_dict(response.json())

        return response_200

    response_default = Error.from_dict(response.json())

    return response_default


def _build_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> Response[Error | PublicConversationsMessage]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    channel_id: int,
    message_id: str,
    *,
    client: AuthenticatedClient,
    body: PublicChannelIntegrationMessageUpdateRequest,
) -> Response[Error | PublicConversationsMessage]:
    """Report a message's delivery status: SENT, FAILED (with an error message) or READ

    Args:
        channel_id (int):
        message_id (str):
        body (PublicChannelIntegrationMessageUpdateRequest):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Error | PublicConversationsMessage]
    """

    kwargs = _get_kwargs(
        channel_id=channel_id,
        message_id=message_id,
        body=body,
    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)


def sync(
    channel_id: int,
    message_id: str,
    *,
    client: AuthenticatedClient,
    body: PublicChannelIntegrationMessageUpdateRequest,
) -> Error | PublicConversationsMessage | None:
    """Report a message's delivery status: SENT, FAILED (with an error message) or READ

    Args:
        channel_id (int):
        message_id (str):
        body (PublicChannelIntegrationMessageUpdateRequest):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Error | PublicConversationsMessage
    """

    return sync_detailed(
        channel_id=channel_id,
        message_id=message_id,
        client=client,
        body=body,
    ).parsed


async def asyncio_detailed(
    channel_id: int,
    message_id: str,
    *,
    client: AuthenticatedClient,
    body: PublicChannelIntegrationMessageUpdateRequest,
) -> Response[Error | PublicConversationsMessage]:
    """Report a message's delivery status: SENT, FAILED (with an error message) or READ

    Args:
        channel_id (int):
        message_id (str):
        body (PublicChannelIntegrationMessageUpdateRequest):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Error | PublicConversationsMessage]
    """

    kwargs = _get_kwargs(
        channel_id=channel_id,
        message_id=message_id,
        body=body,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    channel_id: int,
    message_id: str,
    *,
    client: AuthenticatedClient,
    body: PublicChannelIntegrationMessageUpdateRequest,
) -> Error | PublicConversationsMessage | None:
    """Report a message's delivery status: SENT, FAILED (with an error message) or READ

    Args:
        channel_id (int):
        message_id (str):
        body (PublicChannelIntegrationMessageUpdateRequest):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Error | PublicConversationsMessage
    """

    return (
        await asyncio_detailed(
            channel_id=channel_id,
            message_id=message_id,
            client=client,
            body=body,
        )
    ).parsed
