"""Input httpx could not send, or HubSpot could not parse, is a RequestValidationError naming the argument,
before anything is sent (every test asserts the MockTransport saw no request): lone surrogates in any string,
non-finite numbers, capabilities that are not a mapping, ids beyond the spec's int32/int64, flags that are
not bools, strings where lists belong. Plus: the id bounds follow the vendored specs."""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

import pytest

from hubspot_channels import API_VERSIONS, DeliveryIdentifier, Participant, RequestValidationError
from tests.support.facade_helpers import (
    MODES,
    Api,
    account_json,
    body_of,
    channel_json,
    message_json,
    ok,
    url_path,
)
from tests.support.paths import REPO

# Refusals happen before a version's request is built: both modes, default version. Tests whose request is
# sent run once per API version.
pytestmark = pytest.mark.anyio
PER_VERSION = pytest.mark.usefixtures("api_version")

PHONE = DeliveryIdentifier("HS_PHONE_NUMBER", "+15550001")
LONE = "sekrit\ud800"  # what a bad decode (surrogateescape, a cut UTF-16 pair) leaves in a str
INT32_MAX = 2**31 - 1
INT64_MAX = 2**63 - 1


async def refused(mode: str, run: Callable[[Any], Any]) -> str:
    api = Api(mode)  # no replies: any request fails the test
    with pytest.raises(RequestValidationError) as caught:
        await api.call(run)
    assert api.requests == []
    return str(caught.value)


def publish(c: Any, **overrides: Any) -> Any:
    kwargs: dict[str, Any] = {"channel_account_id": 555001, "text": "hi", "senders": [Participant(PHONE)]}
    kwargs["recipients"] = [Participant(PHONE)]
    kwargs.update(overrides)
    return c.messages.publish(1200, **kwargs)


SURROGATES: list[tuple[str, Callable[[Any], Any], str]] = [
    ("text", lambda c: publish(c, text=LONE), "text"),
    ("rich_text", lambda c: publish(c, rich_text=LONE), "rich_text"),
    ("in_reply_to_id", lambda c: publish(c, in_reply_to_id=LONE), "in_reply_to_id"),
    ("integration_thread_id", lambda c: publish(c, integration_thread_id=LONE), "integration_thread_id"),
    ("idempotency_id", lambda c: publish(c, idempotency_id=LONE), "idempotency_id"),
    ("sender-name", lambda c: publish(c, senders=[Participant(PHONE, name=LONE)]), "senders[0].name"),
    (
        "recipient-identifier",
        lambda c: publish(c, recipients=[Participant(DeliveryIdentifier("HS_PHONE_NUMBER", LONE))]),
        "recipients[0].delivery_identifier.value",
    ),
    (
        "attachment",
        lambda c: publish(c, attachments=[{"type": "FILE", "fileId": LONE}]),
        "attachments[0].fileId",
    ),
    ("error_message", lambda c: c.messages.mark_failed(1200, "msg-1", error_message=LONE), "error_message"),
    ("message_id", lambda c: c.messages.get(1200, LONE), "message_id"),
    ("channel-name", lambda c: c.channels.create(name=LONE, capabilities={}), "name"),
    ("description", lambda c: c.channels.create(name="A", capabilities={}, description=LONE), "description"),
    ("webhook_url", lambda c: c.channels.update(1200, webhook_url=LONE), "webhook_url"),
    (
        "capability-value",
        lambda c: c.channels.create(name="A", capabilities={"richText": [LONE]}),
        "capabilities",
    ),
    ("capability-key", lambda c: c.channels.update(1200, capabilities={LONE: True}), "capabilities key"),
    ("account-name", lambda c: c.channel_accounts.create(1200, name=LONE, inbox_id=8080), "name"),
    ("account-update", lambda c: c.channel_accounts.update(1200, 555001, name=LONE), "name"),
    (
        "staging-account-name",
        lambda c: c.staging_tokens.update(1200, "stg-1", account_name=LONE, delivery_identifier=PHONE),
        "account_name",
    ),
    (
        "account_token",
        lambda c: c.staging_tokens.update(1200, LONE, account_name="x", delivery_identifier=PHONE),
        "account_token",
    ),
    (
        "identifier-filter",
        lambda c: c.channel_accounts.list(1200, delivery_identifier_values=[LONE]),
        "delivery_identifier_values[0]",
    ),
]


@pytest.mark.parametrize("mode", MODES)
@pytest.mark.parametrize(
    ("run", "field"), [(run, field) for _, run, field in SURROGATES], ids=[s[0] for s in SURROGATES]
)
async def test_a_lone_surrogate_is_refused_naming_the_field(
    mode: str, run: Callable[[Any], Any], field: str
) -> None:
    message = await refused(mode, run)
    assert message.startswith(field) and "surrogate" in message
    assert "sekrit" not in message  # the value itself is not echoed (it may be a token)


@PER_VERSION
@pytest.mark.parametrize("mode", MODES)
async def test_a_lone_surrogate_in_a_bulk_update_is_that_updates_result(mode: str) -> None:
    from hubspot_channels import StatusUpdate

    api = Api(mode)
    results = await api.call(lambda c: c.messages.update_statuses([StatusUpdate(1200, "m", "FAILED", LONE)]))
    assert isinstance(results[0].error, RequestValidationError) and "error_message" in str(results[0].error)
    assert api.requests == []


@pytest.mark.parametrize("mode", MODES)
@pytest.mark.parametrize("capabilities", ["x", 5, ["richText"], ("a", "b")])
async def test_capabilities_must_be_a_mapping(mode: str, capabilities: Any) -> None:
    for run in (
        lambda c: c.channels.create(name="A", capabilities=capabilities),
        lambda c: c.channels.update(1200, capabilities=capabilities),
    ):
        assert "capabilities" in await refused(mode, run)


@pytest.mark.parametrize("mode", MODES)
@pytest.mark.parametrize("value", [float("nan"), float("inf"), -float("inf")])
async def test_non_finite_numbers_are_refused(mode: str, value: float) -> None:
    attachment = {"type": "LOCATION", "latitude": value, "longitude": 1.0}
    assert "attachments[0].latitude" in await refused(mode, lambda c: publish(c, attachments=[attachment]))
    assert "capabilities.maxFileAttachmentCount" in await refused(
        mode, lambda c: c.channels.create(name="A", capabilities={"maxFileAttachmentCount": value})
    )


@pytest.mark.parametrize("mode", MODES)
async def test_values_that_are_not_json_are_refused(mode: str) -> None:
    message = await refused(mode, lambda c: c.channels.create(name="A", capabilities={"richText": {1, 2}}))
    assert "capabilities.richText" in message and "set" in message


CHANNEL_ID_CALLS: list[Callable[[Any, Any], Any]] = [
    lambda c, i: c.channels.get(i),
    lambda c, i: c.channels.archive(i),
    lambda c, i: c.channel_accounts.get(i, 555001),
    lambda c, i: c.messages.mark_read(i, "msg-1"),
    lambda c, i: (
        publish(c)
        if i is None
        else c.messages.publish(i, channel_account_id=1, text="x", senders=[], recipients=[])
    ),
]


@pytest.mark.parametrize("mode", MODES)
@pytest.mark.parametrize("channel_id", [INT32_MAX + 1, str(INT32_MAX + 1), 2**63, "9" * 19])
@pytest.mark.parametrize("run", CHANNEL_ID_CALLS, ids=["get", "archive", "account", "status", "publish"])
async def test_a_channel_id_above_int32_is_refused(
    mode: str, channel_id: Any, run: Callable[[Any, Any], Any]
) -> None:
    message = await refused(mode, lambda c: run(c, channel_id))
    assert "channel_id" in message and "int32" in message


@PER_VERSION
@pytest.mark.parametrize("mode", MODES)
async def test_the_largest_int32_channel_id_is_sent(mode: str) -> None:
    api = Api(mode, ok(channel_json(id=str(INT32_MAX))))
    await api.call(lambda c: c.channels.get(str(INT32_MAX)))
    assert api.requests[0].url.path == url_path(f"/{INT32_MAX}")


@pytest.mark.parametrize("mode", MODES)
@pytest.mark.parametrize(
    ("run", "name"),
    [
        (lambda c, i: c.channel_accounts.get(1200, i), "account_id"),
        (lambda c, i: c.channel_accounts.update(1200, i, name="x"), "account_id"),
        (lambda c, i: c.channel_accounts.create(1200, name="x", inbox_id=i), "inbox_id"),
        (lambda c, i: publish(c, channel_account_id=i), "channel_account_id"),
    ],
    ids=["get-account", "update-account", "inbox", "publish-account"],
)
async def test_int64_ids_are_bounded(mode: str, run: Callable[[Any, Any], Any], name: str) -> None:
    message = await refused(mode, lambda c: run(c, INT64_MAX + 1))
    assert name in message and "int64" in message


@PER_VERSION
@pytest.mark.parametrize("mode", MODES)
async def test_the_largest_int64_account_id_is_sent(mode: str) -> None:
    api = Api(mode, ok(account_json(id=str(INT64_MAX))))
    await api.call(lambda c: c.channel_accounts.get(1200, INT64_MAX))
    assert api.requests[0].url.path == url_path(f"/1200/channel-accounts/{INT64_MAX}")


@pytest.mark.parametrize("mode", MODES)
@pytest.mark.parametrize(
    ("run", "name"),
    [
        (lambda c: c.channel_accounts.create(1200, name="x", inbox_id=1, authorized="false"), "authorized"),
        (lambda c: c.channel_accounts.update(1200, 555001, authorized=0), "authorized"),
        (lambda c: c.channel_accounts.list(1200, archived="yes"), "archived"),
        (lambda c: c.channel_accounts.list(1200, delivery_identifier_values="+1555"), "delivery_identifier_values"),
        (lambda c: c.channel_accounts.list(1200, delivery_identifier_types="HS_EMAIL_ADDRESS"), "delivery_identifier_types"),
        (lambda c: publish(c, senders=Participant(PHONE)), "senders"),
        (lambda c: publish(c, attachments={"type": "FILE"}), "attachments"),
        (lambda c: publish(c, rich_text=5), "rich_text"),
        (lambda c: c.channels.update(1200, name=""), "name"),
        (lambda c: c.channels.update(1200, logo_url=["x"]), "logo_url"),
    ],
    ids=[
        "authorized-str", "authorized-int", "archived-str", "values-str", "types-str", "senders-one",
        "attachments-mapping", "rich-text-int", "update-empty-name", "logo-list",
    ],
)  # fmt: skip
async def test_wrong_types_are_refused_not_coerced(mode: str, run: Callable[[Any], Any], name: str) -> None:
    assert name in await refused(mode, run)


@PER_VERSION
@pytest.mark.parametrize("mode", MODES)
async def test_valid_unicode_beyond_ascii_is_sent_as_is(mode: str) -> None:
    api = Api(mode, ok(message_json()))
    await api.call(lambda c: publish(c, text="héllo 👋 日本"))
    assert body_of(api.requests[0])["text"] == "héllo 👋 日本"


@pytest.mark.parametrize("version", API_VERSIONS)
def test_the_id_bounds_are_the_specs_formats(version: str) -> None:
    """channelId is int32 and channelAccountId int64 in every vendored spec; the bounds above follow them."""
    spec = json.loads((REPO / "openapi" / f"custom-channels-{version}.json").read_text())
    formats = {
        parameter["name"]: parameter["schema"].get("format")
        for item in spec["paths"].values()
        for operation in item.values()
        if isinstance(operation, dict)
        for parameter in operation.get("parameters", [])
        if parameter["in"] == "path" and parameter["schema"].get("type") == "integer"
    }
    assert formats == {"channelId": "int32", "channelAccountId": "int64"}
