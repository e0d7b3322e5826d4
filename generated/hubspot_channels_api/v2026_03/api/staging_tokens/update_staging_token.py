from http import HTTPStatus
from typing import Any
from urllib.parse import quote

import httpx

from ...client import AuthenticatedClient, Client
from ...models.error import Error
from ...models.public_channel_account_staging_token import (
    PublicChannelAccountStagingToken,
)
from ...models.public_channel_account_staging_token_update_request import (
    PublicChannelAccountStagingTokenUpdateRequest,
)
from ...types import Response


def _get_kwargs(
    channel_id: int,
    account_token: str,
    *,
    body: PublicChannelAccountStagingTokenUpdateRequest,
) -> dict[str, Any]:
    headers: dict[str, Any] = {}

    _kwargs: dict[str, Any] = {
        "method": "patch",
        "url": "/conversations/custom-channels/2026-03/{channel_id}/channel-account-staging-tokens/{account_token}".format(
            channel_id=quote(str(channel_id), safe=""),
            account_token=quote(str(account_token), safe=""),
        ),
    }

    _kwargs["json"] = body.to_dict()

    headers["Content-Type"] = "application/json"

    _kwargs["headers"] = headers
    return _kwargs


def _parse_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> Error | PublicChannelAccountStagingToken:
    if response.status_code == 200:
        response_200 = PublicChannelAccountStagingToken.from_dict(response.json())

        return response_200

    response_default = Error.from_dict(response.json())

    return response_default


def _build_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> Response[Error | PublicChannelAccountStagingToken]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    channel_id: int,
    account_token: str,
    *,
    client: AuthenticatedClient,
    body: PublicChannelAccountStagingTokenUpdateRequest,
) -> Response[Error | PublicChannelAccountStagingToken]:
    """Name a staging token's account and set its delivery identifier

    Args:
        channel_id (int):
        account_token (str):
        body (PublicChannelAccountStagingTokenUpdateRequest):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Error | PublicChannelAccountStagingToken]
    """

    kwargs = _get_kwargs(
        channel_id=channel_id,
        account_token=account_token,
        body=body,
    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)


def sync(
    channel_id: int,
    account_token: str,
    *,
    client: AuthenticatedClient,
    body: PublicChannelAccountStagingTokenUpdateRequest,
) -> Error | PublicChannelAccountStagingToken | None:
    """Name a staging token's account and set its delivery identifier

    Args:
        channel_id (int):
        account_token (str):
        body (PublicChannelAccountStagingTokenUpdateRequest):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Error | PublicChannelAccountStagingToken
    """

    return sync_detailed(
        channel_id=channel_id,
        account_token=account_token,
        client=client,
        body=body,
    ).parsed


async def asyncio_detailed(
    channel_id: int,
    account_token: str,
    *,
    client: AuthenticatedClient,
    body: PublicChannelAccountStagingTokenUpdateRequest,
) -> Response[Error | PublicChannelAccountStagingToken]:
    """Name a staging token's account and set its delivery identifier

    Args:
        channel_id (int):
        account_token (str):
        body (PublicChannelAccountStagingTokenUpdateRequest):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Error | PublicChannelAccountStagingToken]
    """

    kwargs = _get_kwargs(
        channel_id=channel_id,
        account_token=account_token,
        body=body,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    channel_id: int,
    account_token: str,
    *,
    client: AuthenticatedClient,
    body: PublicChannelAccountStagingTokenUpdateRequest,
) -> Error | PublicChannelAccountStagingToken | None:
    """Name a staging token's account and set its delivery identifier

    Args:
        channel_id (int):
        account_token (str):
        body (PublicChannelAccountStagingTokenUpdateRequest):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Error | PublicChannelAccountStagingToken
    """

    return (
        await asyncio_detailed(
            channel_id=channel_id,
            account_token=account_token,
            client=client,
            body=body,
        )
    ).parsed
