"""Cursor paging (``paging.next.after``): lazily fetched, items or whole pages, sync and async."""

from __future__ import annotations

import itertools
from typing import Any

import httpx
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from hubspot_channels import APIError, AsyncPager, Channel, ChannelAccount, Page, PagingError, SyncPager
from tests.support.facade_helpers import (
    APP_ID,
    DEV_KEY,
    MODES,
    TOKEN,
    Api,
    account_json,
    channel_json,
    ok,
    page_json,
    query_of,
    url_path,
)

pytestmark = [pytest.mark.anyio, pytest.mark.usefixtures("api_version")]


def channel_pages() -> list[httpx.Response]:
    return [
        ok(page_json([channel_json(id="1"), channel_json(id="2")], after="c-2", total=5)),
        ok(page_json([channel_json(id="3"), channel_json(id="4")], after="c-3", total=5)),
        ok(page_json([channel_json(id="5")], total=5)),  # no paging: the last page
    ]


def account_pages() -> list[httpx.Response]:
    return [
        ok(page_json([account_json(id="11")], after="a-2")),
        ok(page_json([account_json(id="12")], after="a-3")),
        ok(page_json([account_json(id="13")])),
    ]


@pytest.mark.parametrize("mode", MODES)
async def test_channel_items_across_three_pages(mode: str) -> None:
    api = Api(mode, *channel_pages())
    pager = api.client.channels.list(limit=2)
    assert isinstance(pager, SyncPager if mode == "sync" else AsyncPager)
    assert api.requests == []  # lazy: nothing sent until iteration

    channels = await api.items(pager)

    assert [c.id for c in channels] == ["1", "2", "3", "4", "5"]
    assert all(isinstance(c, Channel) for c in channels)
    assert [query_of(r).get("after") for r in api.requests] == [None, ["c-2"], ["c-3"]]
    for request in api.requests:
        assert request.url.path == url_path()
        assert query_of(request)["limit"] == ["2"]
        assert query_of(request)["hapikey"] == [DEV_KEY] and query_of(request)["appId"] == [APP_ID]


@pytest.mark.parametrize("mode", MODES)
async def test_channel_pages(mode: str) -> None:
    api = Api(mode, *channel_pages())
    pages = await api.pages(api.client.channels.list())

    assert [type(p) for p in pages] == [Page, Page, Page]
    assert [[c.id for c in p.items] for p in pages] == [["1", "2"], ["3", "4"], ["5"]]
    assert [p.next_after for p in pages] == ["c-2", "c-3", None]
    assert [p.total for p in pages] == [5, 5, 5]
    assert "limit" not in query_of(api.requests[0])  # not sent unless given


@pytest.mark.parametrize("mode", MODES)
async def test_account_pages_carry_filters_on_every_request(mode: str) -> None:
    api = Api(mode, *account_pages())
    pager = api.client.channel_accounts.list(
        1200, limit=1, archived=True, delivery_identifier_types=["HS_EMAIL_ADDRESS", "HS_PHONE_NUMBER"]
    )
    assert api.requests == []

    accounts = await api.items(pager)

    assert [a.id for a in accounts] == ["11", "12", "13"]
    assert all(isinstance(a, ChannelAccount) for a in accounts)
    for request, after in zip(api.requests, [None, ["a-2"], ["a-3"]], strict=True):
        query = query_of(request)
        assert request.url.path == url_path("/1200/channel-accounts")
        assert request.headers["authorization"] == f"Bearer {TOKEN}"
        assert query.get("after") == after
        assert query["limit"] == ["1"] and query["archived"] == ["true"]
        assert query["deliveryIdentifierType"] == ["HS_EMAIL_ADDRESS", "HS_PHONE_NUMBER"]


@pytest.mark.parametrize("mode", MODES)
async def test_pages_are_fetched_only_when_needed(mode: str) -> None:
    api = Api(mode, *channel_pages())
    pager = api.client.channels.list()
    if mode == "sync":
        first_two = list(itertools.islice(iter(pager), 2))
    else:
        first_two = []
        async for channel in pager:
            first_two.append(channel)
            if len(first_two) == 2:
                break
    assert [c.id for c in first_two] == ["1", "2"]
    assert len(api.requests) == 1


@pytest.mark.parametrize("mode", MODES)
async def test_first_page(mode: str) -> None:
    api = Api(mode, *channel_pages())
    page = await api.call(lambda c: c.channels.list(limit=2).first_page())
    assert [c.id for c in page.items] == ["1", "2"] and page.next_after == "c-2"
    assert len(api.requests) == 1


@pytest.mark.parametrize("mode", MODES)
@pytest.mark.parametrize(
    ("cursors", "repeated"),
    [
        (["A", "A"], "A"),  # the page answers with the cursor that fetched it
        (["A", "B", "A"], "A"),
        (["A", "B", "C", "B"], "B"),
    ],
    ids=["A-A", "A-B-A", "A-B-C-B"],
)
async def test_a_repeated_cursor_raises_after_yielding_every_distinct_page(
    mode: str, cursors: list[str], repeated: str
) -> None:
    replies = [ok(page_json([channel_json(id=str(n))], after=c)) for n, c in enumerate(cursors, 1)]
    api = Api(mode, *replies, ok(page_json([channel_json(id="never")])))  # the loop would go on here
    seen: list[str] = []
    with pytest.raises(PagingError) as caught:
        if mode == "sync":
            for channel in api.client.channels.list():
                seen.append(channel.id)
        else:
            async for channel in api.client.channels.list():
                seen.append(channel.id)
    assert seen == [str(n) for n in range(1, len(cursors) + 1)]
    assert caught.value.cursor == repeated and repr(repeated) in str(caught.value)
    assert isinstance(caught.value, APIError)
    assert [query_of(r).get("after") for r in api.requests] == [None, *([c] for c in cursors[:-1])]


@pytest.mark.parametrize("mode", MODES)
async def test_a_repeated_cursor_is_refused_when_listing_accounts_too(mode: str) -> None:
    api = Api(mode, ok(page_json([account_json()], after="x")), ok(page_json([account_json()], after="x")))
    with pytest.raises(PagingError):
        await api.pages(api.client.channel_accounts.list(1200))
    assert len(api.requests) == 2


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.lists(st.one_of(st.none(), st.sampled_from("abcde")), min_size=1, max_size=12))
def test_any_cursor_sequence_ends_or_raises_without_refetching(cursors: list[str | None]) -> None:
    """Whatever cursors a server returns, the pager never asks for one cursor twice."""
    answers = iter(cursors)
    asked: list[str | None] = []

    def fetch(after: str | None) -> Page[int]:
        asked.append(after)
        return Page(items=(len(asked),), total=None, next_after=next(answers, None))

    try:
        list(SyncPager(fetch))
    except PagingError as error:
        assert error.cursor in asked
    followed = [a for a in asked if a is not None]
    assert len(followed) == len(set(followed))


@pytest.mark.parametrize("mode", MODES)
async def test_empty_list(mode: str) -> None:
    api = Api(mode, ok({"results": [], "total": 0}))
    assert await api.items(api.client.channels.list()) == []
    assert len(api.requests) == 1


@pytest.mark.parametrize("mode", MODES)
async def test_pager_can_be_iterated_again(mode: str) -> None:
    api = Api(mode, *channel_pages(), *channel_pages())
    pager: Any = api.client.channels.list()
    first = [c.id for c in await api.items(pager)]
    second = [c.id for c in await api.items(pager)]
    assert first == second == ["1", "2", "3", "4", "5"]
    assert len(api.requests) == 6
