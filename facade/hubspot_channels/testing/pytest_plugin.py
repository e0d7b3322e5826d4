"""pytest fixtures for the fake HubSpot (registered as the `pytest11` entry point).

    def test_status(hubspot_client, hubspot_fake): ...

`hubspot_fake` is a fresh FakeHubSpot per test (it serves every API version); the client fixtures talk
to it in-process on `hubspot_api_version` (the default version unless a test parametrizes it:
`@pytest.mark.parametrize("hubspot_api_version", ["2026-03", "2026-09", "v3"])`, or overrides the
fixture in a conftest), `hubspot_fake_server` serves that same fake over HTTP and gives its base URL.
Nothing heavy is imported until a fixture is used.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING

import anyio
import httpx
import pytest

if TYPE_CHECKING:
    from hubspot_channels import ApiVersion, AsyncCustomChannelsClient, CustomChannelsClient

    from ._fake import FakeHubSpot

BASE_URL = "https://api.hubapi.com"  # the in-process transports answer whatever the host


@pytest.fixture
def hubspot_fake() -> FakeHubSpot:
    """A fresh fake with the default credentials (see FakeHubSpot's attributes)."""
    # Imported here, not at module level: pytest loads this plugin in every run of an environment
    # where the package is installed, also when the `testing` extra (openapi-core...) is not.
    from . import import_part

    fake: FakeHubSpot = import_part("._fake").FakeHubSpot()  # MissingExtraError: one line, the pip command
    return fake


@pytest.fixture
def hubspot_api_version() -> ApiVersion:
    """The API version the client fixtures use; parametrize it to run a test on other versions."""
    from hubspot_channels._registry import DEFAULT_API_VERSION

    return DEFAULT_API_VERSION


@pytest.fixture
def hubspot_client(
    hubspot_fake: FakeHubSpot, hubspot_api_version: ApiVersion
) -> Iterator[CustomChannelsClient]:
    """A CustomChannelsClient on `hubspot_api_version`, wired to `hubspot_fake` in-process."""
    from hubspot_channels import CustomChannelsClient  # lazy: only these fixtures need the client

    http = httpx.Client(transport=hubspot_fake.transport())
    client = CustomChannelsClient(
        api_version=hubspot_api_version,
        access_token=hubspot_fake.access_token,
        developer_api_key=hubspot_fake.developer_api_key,
        app_id=hubspot_fake.app_id,
        base_url=BASE_URL,
        http_client=http,
    )
    try:
        yield client
    finally:
        http.close()


@pytest.fixture
def hubspot_async_client(
    hubspot_fake: FakeHubSpot, hubspot_api_version: ApiVersion
) -> Iterator[AsyncCustomChannelsClient]:
    """An AsyncCustomChannelsClient on `hubspot_api_version`, wired to `hubspot_fake` in-process."""
    from hubspot_channels import AsyncCustomChannelsClient

    http = httpx.AsyncClient(transport=hubspot_fake.async_transport())
    client = AsyncCustomChannelsClient(
        api_version=hubspot_api_version,
        access_token=hubspot_fake.access_token,
        developer_api_key=hubspot_fake.developer_api_key,
        app_id=hubspot_fake.app_id,
        base_url=BASE_URL,
        http_client=http,
    )
    try:
        yield client
    finally:
        # A sync fixture so it works without pytest-asyncio/anyio; the in-process transport holds
        # no sockets, so closing on a fresh loop is only tidiness.
        try:
            anyio.run(http.aclose)
        except RuntimeError:  # an event loop is still running in this thread
            pass


@pytest.fixture
def hubspot_fake_server(hubspot_fake: FakeHubSpot) -> Iterator[str]:
    """`hubspot_fake` served over HTTP on 127.0.0.1 (free port); yields the base URL."""
    with hubspot_fake.serve() as base_url:
        yield base_url
