from http import HTTPStatus
from typing import Any

import httpx

from ...client import AuthenticatedClient, Client
from ...models.error import Error
from ...models.public_channel_integration_channel import PublicChannelIntegrationChannel
from ...models.public_channel_integration_channel_create import (
    PublicChannelIntegrationChannelCreate,
)
from ...types import Response


def _get_kwargs(
    *,
    body: PublicChannelIntegrationChannelCreate,
) -> dict[str, Any]:
    headers: dict[str, Any] = {}

    _kwargs: dict[str, Any] = {
        "method": "post",
        "url": "/conversations/custom-channels/v3",
    }

    _kwargs["json"] = body.to_dict()

    headers["Content-Type"] = "application/json"

    _kwargs["headers"] = headers
    return _kwargs


def _parse_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> Error | PublicChannelIntegrationChannel:
    if response.status_code == 201:
        response_201 = PublicChannelIntegrationChannel.from_dict(response.json())

        return response_201

    response_default = Error.from_dict(response.json())

    return response_default


def _build_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> Response[Error | PublicChannelIntegrationChannel]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    *,
    client: AuthenticatedClient | Client,
    body: PublicChannelIntegrationChannelCreate,
) -> Response[Error | PublicChannelIntegrationChannel]:
    """Register a custom channel

    Args:
        body (PublicChannelIntegrationChannelCreate):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Error | PublicChannelIntegrationChannel]
    """

    kwargs = _get_kwargs(
        body=body,
    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)


def sync(
    *,
    client: AuthenticatedClient | Client,
    body: PublicChannelIntegrationChannelCreate,
) -> Error | PublicChannelIntegrationChannel | None:
    """Register a custom channel

    Args:
        body (PublicChannelIntegrationChannelCreate):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Error | PublicChannelIntegrationChannel
    """

    return sync_detailed(
        client=client,
        body=body,
    ).parsed


async def asyncio_detailed(
    *,
    client: AuthenticatedClient | Client,
    body: PublicChannelIntegrationChannelCreate,
) -> Response[Error | PublicChannelIntegrationChannel]:
    """Register a custom channel

    Args:
        body (PublicChannelIntegrationChannelCreate):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Error | PublicChannelIntegrationChannel]
    """

    kwargs = _get_kwargs(
        body=body,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    *,
    client: AuthenticatedClient | Client,
    body: PublicChannelIntegrationChannelCreate,
) -> Error | PublicChannelIntegrationChannel | None:
    """Register a custom channel

    Args:
        body (PublicChannelIntegrationChannelCreate):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Error | PublicChannelIntegrationChannel
    """

    return (
        await asyncio_detailed(
            client=client,
            body=body,
        )
    ).parsed
