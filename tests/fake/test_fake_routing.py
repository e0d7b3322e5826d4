"""Requests no operation matches: 405 with an Allow header naming the path's methods, 404 elsewhere, both
with HubSpot's error body."""

from __future__ import annotations

from collections.abc import Iterator

import httpx
import pytest

from hubspot_channels.testing._validation import operations
from tests.support.fake_support import PREFIX, Api, api_for

pytest.importorskip("openapi_core")

METHODS = {"GET", "POST", "PUT", "PATCH", "DELETE"}
PATHS: dict[str, set[str]] = {}
for _op in operations():
    PATHS.setdefault(_op.path, set()).add(_op.method)


@pytest.fixture(scope="module", params=["inprocess", "http"])
def api(request: pytest.FixtureRequest) -> Iterator[Api]:
    with api_for(request.param) as api:
        yield api


def _concrete(template: str) -> str:
    return template.format(channelId="1", channelAccountId="2", messageId="m", accountToken="t")


def _assert_hubspot_error(response: httpx.Response, status: int, category: str) -> None:
    assert response.status_code == status
    body = response.json()
    assert body["status"] == "error" and body["category"] == category and body["message"]
    assert body["correlationId"] == response.headers["X-HubSpot-Correlation-Id"]


@pytest.mark.parametrize(
    ("template", "method"),
    [(path, method) for path, declared in sorted(PATHS.items()) for method in sorted(METHODS - declared)],
)
def test_an_undeclared_method_is_405_with_the_allowed_ones(api: Api, template: str, method: str) -> None:
    response = api.http.request(method, _concrete(template), params=api.key, headers=api.bearer)
    _assert_hubspot_error(response, 405, "VALIDATION_ERROR")
    allowed = {m.strip() for m in response.headers["Allow"].split(",")}
    assert allowed == PATHS[template]


def test_the_allow_header_also_answers_head_and_a_trailing_slash(api: Api) -> None:
    response = api.http.request("HEAD", f"{PREFIX}/1/messages/m/", headers=api.bearer)
    assert response.status_code == 405 and response.headers["Allow"] == "GET, PATCH"


@pytest.mark.parametrize(
    "path", ["/", "/conversations", f"{PREFIX}/1/nothing-here", f"{PREFIX}/1/messages/m/x"]
)
def test_an_unknown_path_is_404_without_an_allow_header(api: Api, path: str) -> None:
    response = api.http.get(path, headers=api.bearer)
    _assert_hubspot_error(response, 404, "OBJECT_NOT_FOUND")
    assert "Allow" not in response.headers
