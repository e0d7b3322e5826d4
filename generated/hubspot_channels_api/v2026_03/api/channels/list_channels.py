from http import HTTPStatus
from typing import Any

import httpx

from ...client import AuthenticatedClient, Client
from ...models.collection_response_with_total_public_channel_integration_channel import (
    CollectionResponseWithTotalPublicChannelIntegrationChannel,
)
from ...models.error import Error
from ...types import UNSET, Response, Unset


def _get_kwargs(
    *,
    after: str | Unset = UNSET,
    default_page_length: int | Unset = UNSET,
    limit: int | Unset = UNSET,
    sort: list[str] | Unset = UNSET,
) -> dict[str, Any]:

    params: dict[str, Any] = {}

    params["after"] = after

    params["defaultPageLength"] = default_page_length

    params["limit"] = limit

    json_sort: list[str] | Unset = UNSET
    if not isinstance(sort, Unset):
        json_sort = sort

    params["sort"] = json_sort

    params = {k: v for k, v in params.items() if v is not UNSET and v is not None}

    _kwargs: dict[str, Any] = {
        "method": "get",
        "url": "/conversations/custom-channels/2026-03",
        "params": params,
    }

    return _kwargs


def _parse_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> CollectionResponseWithTotalPublicChannelIntegrationChannel | Error:
    if response.status_code == 200:
        response_200 = (
            CollectionResponseWithTotalPublicChannelIntegrationChannel.from_dict(
                response.json()
            )
        )

        return response_200

    response_default = Error.from_dict(response.json())

    return response_default


def _build_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> Response[CollectionResponseWithTotalPublicChannelIntegrationChannel | Error]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    *,
    client: AuthenticatedClient | Client,
    after: str | Unset = UNSET,
    default_page_length: int | Unset = UNSET,
    limit: int | Unset = UNSET,
    sort: list[str] | Unset = UNSET,
) -> Response[CollectionResponseWithTotalPublicChannelIntegrationChannel | Error]:
    """List the app's custom channels

    Args:
        after (str | Unset):
        default_page_length (int | Unset):
        limit (int | Unset):
        sort (list[str] | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[CollectionResponseWithTotalPublicChannelIntegrationChannel | Error]
    """

    kwargs = _get_kwargs(
        after=after,
        default_page_length=default_page_length,
        limit=limit,
        sort=sort,
    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)


def sync(
    *,
    client: AuthenticatedClient | Client,
    after: str | Unset = UNSET,
    default_page_length: int | Unset = UNSET,
    limit: int | Unset = UNSET,
    sort: list[str] | Unset = UNSET,
) -> CollectionResponseWithTotalPublicChannelIntegrationChannel | Error | None:
    """List the app's custom channels

    Args:
        after (str | Unset):
        default_page_length (int | Unset):
        limit (int | Unset):
        sort (list[str] | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        CollectionResponseWithTotalPublicChannelIntegrationChannel | Error
    """

    return sync_detailed(
        client=client,
        after=after,
        default_page_length=default_page_length,
        limit=limit,
        sort=sort,
    ).parsed


async def asyncio_detailed(
    *,
    client: AuthenticatedClient | Client,
    after: str | Unset = UNSET,
    default_page_length: int | Unset = UNSET,
    limit: int | Unset = UNSET,
    sort: list[str] | Unset = UNSET,
) -> Response[CollectionResponseWithTotalPublicChannelIntegrationChannel | Error]:
    """List the app's custom channels

    Args:
        after (str | Unset):
        default_page_length (int | Unset):
        limit (int | Unset):
        sort (list[str] | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[CollectionResponseWithTotalPublicChannelIntegrationChannel | Error]
    """

    kwargs = _get_kwargs(
        after=after,
        default_page_length=default_page_length,
        limit=limit,
        sort=sort,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    *,
    client: AuthenticatedClient | Client,
    after: str | Unset = UNSET,
    default_page_length: int | Unset = UNSET,
    limit: int | Unset = UNSET,
    sort: list[str] | Unset = UNSET,
) -> CollectionResponseWithTotalPublicChannelIntegrationChannel | Error | None:
    """List the app's custom channels

    Args:
        after (str | Unset):
        default_page_length (int | Unset):
        limit (int | Unset):
        sort (list[str] | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        CollectionResponseWithTotalPublicChannelIntegrationChannel | Error
    """

    return (
        await asyncio_detailed(
            client=client,
            after=after,
            default_page_length=default_page_length,
            limit=limit,
            sort=sort,
        )
    ).parsed
