"""Fixtures of the fake's tests: the fake served over a real socket, and a client on any API version."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Any

import httpx
import pytest

from hubspot_channels import API_VERSIONS, CustomChannelsClient
from hubspot_channels.testing import FakeHubSpot


@pytest.fixture(params=API_VERSIONS)
def api_version(request: pytest.FixtureRequest) -> str:
    """Each registered version in turn: a test taking it runs once per version."""
    return str(request.param)


@pytest.fixture
def served_fake() -> Iterator[tuple[FakeHubSpot, str]]:
    """A fresh fake on 127.0.0.1 (free port) and its base URL; fails at exit on a response the fake's
    documents reject."""
    fake = FakeHubSpot()
    with fake.serve() as base_url:
        yield fake, base_url
    assert fake.bugs == []


@pytest.fixture
def control(served_fake: tuple[FakeHubSpot, str]) -> Iterator[httpx.Client]:
    """Raw HTTP to the served fake, for the control API under /_fake."""
    _, base_url = served_fake
    with httpx.Client(base_url=base_url, timeout=30) as http:
        yield http


ClientFactory = Callable[..., CustomChannelsClient]


@pytest.fixture
def client_on(served_fake: tuple[FakeHubSpot, str]) -> Iterator[ClientFactory]:
    """`client_on(version, **options)`: a public sync client on that version, over HTTP to `served_fake`
    (closed at the end of the test)."""
    fake, base_url = served_fake
    made: list[CustomChannelsClient] = []

    def make(version: str, **options: Any) -> CustomChannelsClient:
        options.setdefault("max_retries", 2)
        client = CustomChannelsClient(
            api_version=version,
            base_url=base_url,
            access_token=fake.access_token,
            developer_api_key=fake.developer_api_key,
            app_id=fake.app_id,
            **options,
        )
        made.append(client)
        return client

    yield make
    for client in made:
        client.close()
