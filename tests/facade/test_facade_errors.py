"""Error responses become the right exception class with every documented field; HTML and empty bodies too.
Retries are switched off here (max_retries=0) so each test sees exactly one response."""

from __future__ import annotations

import datetime as dt
import email.utils
from typing import Any

import httpx
import pytest

from hubspot_channels import (
    APIError,
    APIStatusError,
    AuthenticationError,
    BadRequestError,
    ConflictError,
    ErrorDetail,
    HubSpotChannelsError,
    InternalServerError,
    NotFoundError,
    PermissionDeniedError,
    RateLimitError,
    UnprocessableEntityError,
)
from tests.support.facade_helpers import MODES, Api, error

# Error answers are read from the raw httpx response (_exceptions.status_error, called by the engine), which no
# version's generated code takes part in: one version, both modes; one test per version checks that holds.
pytestmark = [pytest.mark.anyio]

FULL_BODY = {
    "status": "error",
    "message": "Property values were not valid",
    "correlationId": "3b1d2c3e-0000-4a8f-9d2c-1f2e3d4c5b6a",
    "category": "VALIDATION_ERROR",
    "subCategory": "ChannelIntegration.INVALID_STATUS",
    "errors": [
        {
            "message": "statusType must be one of SENT, FAILED, READ",
            "in": "statusType",
            "code": "INVALID_ENUM",
            "subCategory": "ChannelIntegration.INVALID_STATUS",
            "context": {"allowed": ["SENT", "FAILED", "READ"]},
        },
        {"message": "errorMessage is too long"},
    ],
    "context": {"messageId": ["msg-1"]},
    "links": {"docs": "https://developers.hubspot.com/docs"},
}
RATE_LIMIT_BODY = {
    "status": "error",
    "message": "You have reached your secondly limit.",
    "errorType": "RATE_LIMIT",
    "correlationId": "c0ffee00-1111-2222-3333-444455556666",
    "policyName": "SECONDLY",
}

STATUS_CLASSES = [
    (400, BadRequestError),
    (401, AuthenticationError),
    (403, PermissionDeniedError),
    (404, NotFoundError),
    (409, ConflictError),
    (422, UnprocessableEntityError),
    (429, RateLimitError),
    (500, InternalServerError),
    (502, InternalServerError),
    (503, InternalServerError),
    (504, InternalServerError),
]


async def raised(mode: str, response: httpx.Response) -> Any:
    api = Api(mode, response, max_retries=0)
    with pytest.raises(APIStatusError) as caught:
        await api.call(lambda c: c.messages.get(1200, "msg-1"))
    assert len(api.requests) == 1
    return caught.value


@pytest.mark.parametrize("mode", MODES)
@pytest.mark.parametrize(("status", "cls"), STATUS_CLASSES)
async def test_status_maps_to_class_with_all_fields(
    mode: str, status: int, cls: type[APIStatusError]
) -> None:
    exc = await raised(mode, error(status, FULL_BODY))

    assert type(exc) is cls
    assert isinstance(exc, APIError) and isinstance(exc, HubSpotChannelsError)
    assert exc.status_code == status
    assert exc.message == "Property values were not valid"
    assert exc.category == "VALIDATION_ERROR"
    assert exc.sub_category == "ChannelIntegration.INVALID_STATUS"
    assert exc.correlation_id == "3b1d2c3e-0000-4a8f-9d2c-1f2e3d4c5b6a"
    assert exc.body == FULL_BODY
    assert exc.errors == (
        ErrorDetail(
            message="statusType must be one of SENT, FAILED, READ",
            code="INVALID_ENUM",
            in_="statusType",
            sub_category="ChannelIntegration.INVALID_STATUS",
            context={"allowed": ["SENT", "FAILED", "READ"]},
        ),
        ErrorDetail(message="errorMessage is too long"),
    )
    assert all(isinstance(detail, ErrorDetail) for detail in exc.errors)
    assert exc.response.status_code == status
    text = str(exc)
    assert str(status) in text and "Property values were not valid" in text and exc.correlation_id in text


@pytest.mark.usefixtures("api_version")
@pytest.mark.parametrize("mode", MODES)
async def test_every_version_reads_an_error_answer_the_same_way(mode: str) -> None:
    exc = await raised(mode, error(422, FULL_BODY))

    assert type(exc) is UnprocessableEntityError
    assert exc.message == "Property values were not valid" and exc.category == "VALIDATION_ERROR"
    assert len(exc.errors) == 2 and exc.errors[0].in_ == "statusType"


@pytest.mark.parametrize("mode", MODES)
@pytest.mark.parametrize(("status", "cls"), STATUS_CLASSES)
@pytest.mark.parametrize(
    "body",
    [
        "<html><head><title>502 Bad Gateway</title></head><body><h1>Bad Gateway</h1></body></html>",
        None,
        "",
        b"\xff\xfe not utf-8",
        "[1, 2]",
    ],
    ids=["html", "empty", "empty-string", "binary", "json-list"],
)
async def test_odd_bodies_still_give_the_class(
    mode: str, status: int, cls: type[APIStatusError], body: str | None
) -> None:
    exc = await raised(mode, error(status, body))

    assert type(exc) is cls
    assert exc.status_code == status
    assert exc.message is None and exc.category is None and exc.sub_category is None
    assert exc.errors == ()
    assert str(status) in str(exc)


@pytest.mark.parametrize("mode", MODES)
async def test_html_body_is_kept_as_text(mode: str) -> None:
    html = "<html><body><h1>504 Gateway Time-out</h1></body></html>"
    exc = await raised(mode, error(504, html, headers={"content-type": "text/html"}))
    assert exc.body == html
    assert "Gateway Time-out" in str(exc)


@pytest.mark.parametrize("mode", MODES)
async def test_correlation_id_from_header_when_body_has_none(mode: str) -> None:
    exc = await raised(mode, error(404, None, headers={"X-HubSpot-Correlation-Id": "hdr-corr-77"}))
    assert isinstance(exc, NotFoundError)
    assert exc.correlation_id == "hdr-corr-77"


@pytest.mark.parametrize("mode", MODES)
async def test_other_4xx_is_a_plain_status_error(mode: str) -> None:
    exc = await raised(mode, error(405, {"message": "Method not allowed"}))
    assert type(exc) is APIStatusError
    assert exc.status_code == 405 and exc.message == "Method not allowed"


@pytest.mark.parametrize("mode", MODES)
async def test_hubspot_rate_limit_body(mode: str) -> None:
    exc = await raised(mode, error(429, RATE_LIMIT_BODY, headers={"Retry-After": "3"}))

    assert isinstance(exc, RateLimitError)
    assert exc.retry_after == 3.0
    assert exc.message == "You have reached your secondly limit."
    assert exc.category == "RATE_LIMIT"  # no `category` in the body: errorType stands in
    assert exc.sub_category is None
    assert exc.correlation_id == "c0ffee00-1111-2222-3333-444455556666"
    assert exc.policy_name == "SECONDLY"
    assert exc.errors == ()
    assert exc.body == RATE_LIMIT_BODY
    assert "secondly limit" in str(exc)


@pytest.mark.parametrize("mode", MODES)
@pytest.mark.parametrize(("header", "expected"), [("0", 0.0), ("2.5", 2.5), ("120", 120.0), ("soon", None)])
async def test_retry_after_seconds(mode: str, header: str, expected: float | None) -> None:
    exc = await raised(mode, error(429, RATE_LIMIT_BODY, headers={"Retry-After": header}))
    assert exc.retry_after == expected


@pytest.mark.parametrize("mode", MODES)
async def test_retry_after_http_date(mode: str) -> None:
    when = dt.datetime.now(dt.UTC) + dt.timedelta(seconds=90)
    exc = await raised(
        mode,
        error(429, RATE_LIMIT_BODY, headers={"Retry-After": email.utils.format_datetime(when, usegmt=True)}),
    )
    assert exc.retry_after is not None
    assert 85 <= exc.retry_after <= 90  # the header has whole seconds; the clock moved a little


@pytest.mark.parametrize("mode", MODES)
async def test_retry_after_http_date_in_the_past_is_zero(mode: str) -> None:
    exc = await raised(
        mode, error(429, RATE_LIMIT_BODY, headers={"Retry-After": "Wed, 21 Oct 2015 07:28:00 GMT"})
    )
    assert exc.retry_after == 0.0


@pytest.mark.parametrize("mode", MODES)
async def test_rate_limit_without_retry_after(mode: str) -> None:
    exc = await raised(mode, error(429, RATE_LIMIT_BODY))
    assert exc.retry_after is None
