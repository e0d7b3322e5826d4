from http import HTTPStatus
from typing import Any
from urllib.parse import quote

import httpx

from ...client import AuthenticatedClient, Client
from ...models.error import Error
from ...models.public_channel_account import PublicChannelAccount
from ...models.public_channel_account_update_request import (
    PublicChannelAccountUpdateRequest,
)
from ...types import Response


def _get_kwargs(
    channel_id: int,
    channel_account_id: int,
    *,
    body: PublicChannelAccountUpdateRequest,
) -> dict[str, Any]:
    headers: dict[str, Any] = {}

    _kwargs: dict[str, Any] = {
        "method": "patch",
        "url": "/conversations/custom-channels/2026-03/{channel_id}/channel-accounts/{channel_account_id}".format(
            channel_id=quote(str(channel_id), safe=""),
            channel_account_id=quote(str(channel_account_id), safe=""),
        ),
    }

    _kwargs["json"] = body.to_dict()

    headers["Content-Type"] = "application/json"

    _kwargs["headers"] = headers
    return _kwargs


def _parse_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> Error | PublicChannelAccount:
    if response.status_code == 200:
        response_200 = PublicChannelAccount.from_dict(response.json())

        return response_200

    response_default = Error.from_dict(response.json())

    return response_default


def _build_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> Response[Error | PublicChannelAccount]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    channel_id: int,
    channel_account_id: int,
    *,
    client: AuthenticatedClient,
    body: PublicChannelAccountUpdateRequest,
) -> Response[Error | PublicChannelAccount]:
    """Rename or (de)authorize a channel account

    Args:
        channel_id (int):
        channel_account_id (int):
        body (PublicChannelAccountUpdateRequest):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Error | PublicChannelAccount]
    """

    kwargs = _get_kwargs(
        channel_id=channel_id,
        channel_account_id=channel_account_id,
        body=body,
    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)


def sync(
    channel_id: int,
    channel_account_id: int,
    *,
    client: AuthenticatedClient,
    body: PublicChannelAccountUpdateRequest,
) -> Error | PublicChannelAccount | None:
    """Rename or (de)authorize a channel account

    Args:
        channel_id (int):
        channel_account_id (int):
        body (PublicChannelAccountUpdateRequest):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Error | PublicChannelAccount
    """

    return sync_detailed(
        channel_id=channel_id,
        channel_account_id=channel_account_id,
        client=client,
        body=body,
    ).parsed


async def asyncio_detailed(
    channel_id: int,
    channel_account_id: int,
    *,
    client: AuthenticatedClient,
    body: PublicChannelAccountUpdateRequest,
) -> Response[Error | PublicChannelAccount]:
    """Rename or (de)authorize a channel account

    Args:
        channel_id (int):
        channel_account_id (int):
        body (PublicChannelAccountUpdateRequest):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Error | PublicChannelAccount]
    """

    kwargs = _get_kwargs(
        channel_id=channel_id,
        channel_account_id=channel_account_id,
        body=body,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    channel_id: int,
    channel_account_id: int,
    *,
    client: AuthenticatedClient,
    body: PublicChannelAccountUpdateRequest,
) -> Error | PublicChannelAccount | None:
    """Rename or (de)authorize a channel account

    Args:
        channel_id (int):
        channel_account_id (int):
        body (PublicChannelAccountUpdateRequest):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Error | PublicChannelAccount
    """

    return (
        await asyncio_detailed(
            channel_id=channel_id,
            channel_account_id=channel_account_id,
            client=client,
            body=body,
        )
    ).parsed
