from http import HTTPStatus
from typing import Any
from urllib.parse import quote

import httpx

from ...client import AuthenticatedClient, Client
from ...models.collection_response_with_total_public_channel_account import (
    CollectionResponseWithTotalPublicChannelAccount,
)
from ...models.error import Error
from ...models.list_channel_accounts_delivery_identifier_type_item import (
    ListChannelAccountsDeliveryIdentifierTypeItem,
)
from ...types import UNSET, Response, Unset


def _get_kwargs(
    channel_id: int,
    *,
    after: str | Unset = UNSET,
    archived: bool | Unset = UNSET,
    default_page_length: int | Unset = UNSET,
    delivery_identifier_type: list[ListChannelAccountsDeliveryIdentifierTypeItem]
    | Unset = UNSET,
    delivery_identifier_value: list[str] | Unset = UNSET,
    limit: int | Unset = UNSET,
    sort: list[str] | Unset = UNSET,
) -> dict[str, Any]:

    params: dict[str, Any] = {}

    params["after"] = after

    params["archived"] = archived

    params["defaultPageLength"] = default_page_length

    json_delivery_identifier_type: list[str] | Unset = UNSET
    if not isinstance(delivery_identifier_type, Unset):
        json_delivery_identifier_type = []
        for delivery_identifier_type_item_data in delivery_identifier_type:
            delivery_identifier_type_item = delivery_identifier_type_item_data.value
            json_delivery_identifier_type.append(delivery_identifier_type_item)

    params["deliveryIdentifierType"] = json_delivery_identifier_type

    json_delivery_identifier_value: list[str] | Unset = UNSET
    if not isinstance(delivery_identifier_value, Unset):
        json_delivery_identifier_value = delivery_identifier_value

    params["deliveryIdentifierValue"] = json_delivery_identifier_value

    params["limit"] = limit

    json_sort: list[str] | Unset = UNSET
    if not isinstance(sort, Unset):
        json_sort = sort

    params["sort"] = json_sort

    params = {k: v for k, v in params.items() if v is not UNSET and v is not None}

    _kwargs: dict[str, Any] = {
        "method": "get",
        "url": "/conversations/custom-channels/2026-09/{channel_id}/channel-accounts".format(
            channel_id=quote(str(channel_id), safe=""),
        ),
        "params": params,
    }

    return _kwargs


def _parse_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> CollectionResponseWithTotalPublicChannelAccount | Error:
    if response.status_code == 200:
        response_200 = CollectionResponseWithTotalPublicChannelAccount.from_dict(
            response.json()
        )

        return response_200

    response_default = Error.from_dict(response.json())

    return response_default


def _build_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> Response[CollectionResponseWithTotalPublicChannelAccount | Error]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    channel_id: int,
    *,
    client: AuthenticatedClient,
    after: str | Unset = UNSET,
    archived: bool | Unset = UNSET,
    default_page_length: int | Unset = UNSET,
    delivery_identifier_type: list[ListChannelAccountsDeliveryIdentifierTypeItem]
    | Unset = UNSET,
    delivery_identifier_value: list[str] | Unset = UNSET,
    limit: int | Unset = UNSET,
    sort: list[str] | Unset = UNSET,
) -> Response[CollectionResponseWithTotalPublicChannelAccount | Error]:
    """List a channel's accounts

    Args:
        channel_id (int):
        after (str | Unset):
        archived (bool | Unset):
        default_page_length (int | Unset):
        delivery_identifier_type (list[ListChannelAccountsDeliveryIdentifierTypeItem] | Unset):
        delivery_identifier_value (list[str] | Unset):
        limit (int | Unset):
        sort (list[str] | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[CollectionResponseWithTotalPublicChannelAccount | Error]
    """

    kwargs = _get_kwargs(
        channel_id=channel_id,
        after=after,
        archived=archived,
        default_page_length=default_page_length,
        delivery_identifier_type=delivery_identifier_type,
        delivery_identifier_value=delivery_identifier_value,
        limit=limit,
        sort=sort,
    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)


def sync(
    channel_id: int,
    *,
    client: AuthenticatedClient,
    after: str | Unset = UNSET,
    archived: bool | Unset = UNSET,
    default_page_length: int | Unset = UNSET,
    delivery_identifier_type: list[ListChannelAccountsDeliveryIdentifierTypeItem]
    | Unset = UNSET,
    delivery_identifier_value: list[str] | Unset = UNSET,
    limit: int | Unset = UNSET,
    sort: list[str] | Unset = UNSET,
) -> CollectionResponseWithTotalPublicChannelAccount | Error | None:
    """List a channel's accounts

    Args:
        channel_id (int):
        after (str | Unset):
        archived (bool | Unset):
        default_page_length (int | Unset):
        delivery_identifier_type (list[ListChannelAccountsDeliveryIdentifierTypeItem] | Unset):
        delivery_identifier_value (list[str] | Unset):
        limit (int | Unset):
        sort (list[str] | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        CollectionResponseWithTotalPublicChannelAccount | Error
    """

    return sync_detailed(
        channel_id=channel_id,
        client=client,
        after=after,
        archived=archived,
        default_page_length=default_page_length,
        delivery_identifier_type=delivery_identifier_type,
        delivery_identifier_value=delivery_identifier_value,
        limit=limit,
        sort=sort,
    ).parsed


async def asyncio_detailed(
    channel_id: int,
    *,
    client: AuthenticatedClient,
    after: str | Unset = UNSET,
    archived: bool | Unset = UNSET,
    default_page_length: int | Unset = UNSET,
    delivery_identifier_type: list[ListChannelAccountsDeliveryIdentifierTypeItem]
    | Unset = UNSET,
    delivery_identifier_value: list[str] | Unset = UNSET,
    limit: int | Unset = UNSET,
    sort: list[str] | Unset = UNSET,
) -> Response[CollectionResponseWithTotalPublicChannelAccount | Error]:
    """List a channel's accounts

    Args:
        channel_id (int):
        after (str | Unset):
        archived (bool | Unset):
        default_page_length (int | Unset):
        delivery_identifier_type (list[ListChannelAccountsDeliveryIdentifierTypeItem] | Unset):
        delivery_identifier_value (list[str] | Unset):
        limit (int | Unset):
        sort (list[str] | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[CollectionResponseWithTotalPublicChannelAccount | Error]
    """

    kwargs = _get_kwargs(
        channel_id=channel_id,
        after=after,
        archived=archived,
        default_page_length=default_page_length,
        delivery_identifier_type=delivery_identifier_type,
        delivery_identifier_value=delivery_identifier_value,
        limit=limit,
        sort=sort,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    channel_id: int,
    *,
    client: AuthenticatedClient,
    after: str | Unset = UNSET,
    archived: bool | Unset = UNSET,
    default_page_length: int | Unset = UNSET,
    delivery_identifier_type: list[ListChannelAccountsDeliveryIdentifierTypeItem]
    | Unset = UNSET,
    delivery_identifier_value: list[str] | Unset = UNSET,
    limit: int | Unset = UNSET,
    sort: list[str] | Unset = UNSET,
) -> CollectionResponseWithTotalPublicChannelAccount | Error | None:
    """List a channel's accounts

    Args:
        channel_id (int):
        after (str | Unset):
        archived (bool | Unset):
        default_page_length (int | Unset):
        delivery_identifier_type (list[ListChannelAccountsDeliveryIdentifierTypeItem] | Unset):
        delivery_identifier_value (list[str] | Unset):
        limit (int | Unset):
        sort (list[str] | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        CollectionResponseWithTotalPublicChannelAccount | Error
    """

    return (
        await asyncio_detailed(
            channel_id=channel_id,
            client=client,
            after=after,
            archived=archived,
            default_page_length=default_page_length,
            delivery_identifier_type=delivery_identifier_type,
            delivery_identifier_value=delivery_identifier_value,
            limit=limit,
            sort=sort,
        )
    ).parsed
