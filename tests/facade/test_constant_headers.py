"""The constant request headers (User-Agent, Accept) are set once on the httpx client the facade makes and
sent per request on a client the caller passes: on the wire, both look the same."""

from __future__ import annotations

from collections.abc import Iterator

import httpx
import pytest

from hubspot_channels import CustomChannelsClient
from tests.support.facade_helpers import APP_ID, DEV_KEY, TOKEN, message_json
from tests.support.raw_server import RawServer, json_answer


@pytest.fixture(scope="module")
def server() -> Iterator[RawServer]:
    with RawServer() as raw:
        yield raw


def test_the_facade_client_and_a_callers_client_send_the_same_headers(server: RawServer) -> None:
    seen = {}
    for whose in ("facade", "caller"):
        given = httpx.Client() if whose == "caller" else None
        server.play([json_answer(message_json())])
        with CustomChannelsClient(
            access_token=TOKEN, developer_api_key=DEV_KEY, app_id=APP_ID, base_url=server.base_url,
            http_client=given, timeout=5.0,
        ) as client:  # fmt: skip
            client.messages.get(1200, "m1")
        if given is not None:
            assert "hubspot-channels" not in given.headers.get("user-agent", "")  # the caller's stays theirs
            given.close()
        (seen[whose],) = server.requests_once_settled(1)
    for request in seen.values():
        assert request.headers["user-agent"].startswith("hubspot-channels-python/")
        assert request.headers["accept"] == "application/json"
        assert request.headers["authorization"] == f"Bearer {TOKEN}"
    assert seen["facade"].headers == seen["caller"].headers
