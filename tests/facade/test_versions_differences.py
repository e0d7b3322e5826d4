"""What legitimately differs between API versions, with the same public calls (openapi/api-diff-*.md):

- 2026-09 participants have no senderActorId: publishing a Participant with actor_id raises
  UnsupportedOperationError before anything is sent; 2026-03 and v3 send it.
- 2026-09 requires both account_name and delivery_identifier on staging_tokens.update: RequestValidationError
  before anything is sent; 2026-03 and v3 accept either one alone.

Everything else is the same in every version: tests/test_facade_*.py run once per version.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from hubspot_channels import (
    API_VERSIONS,
    DeliveryIdentifier,
    DeliveryIdentifierType,
    Message,
    Participant,
    RequestValidationError,
    StagingToken,
    UnsupportedOperationError,
)
from hubspot_channels._adapter_profiles import profile
from tests.support.facade_helpers import (
    MODES,
    TEST_VERSIONS,
    TOKEN,
    Api,
    body_of,
    message_json,
    ok,
    staging_token_json,
    url_path,
)

pytestmark = pytest.mark.anyio

PHONE = DeliveryIdentifier(DeliveryIdentifierType.HS_PHONE_NUMBER, "+15550001")
VISITOR = DeliveryIdentifier(DeliveryIdentifierType.HS_PHONE_NUMBER, "+15550002")
PHONE_JSON = {"type": "HS_PHONE_NUMBER", "value": "+15550001"}
# Which version does what is each version's profile (from its document, through the registry); the
# versions under test are facade_helpers.TEST_VERSIONS (make bump selects the new one).
WITH_ACTOR_ID = [v for v in TEST_VERSIONS if profile(v).supports_actor_ids]
WITHOUT_ACTOR_ID = [v for v in TEST_VERSIONS if not profile(v).supports_actor_ids]
BOTH_STAGING_FIELDS = [v for v in TEST_VERSIONS if profile(v).required_arguments("update_staging_token")]
ONE_STAGING_FIELD = [v for v in TEST_VERSIONS if v not in BOTH_STAGING_FIELDS]


def test_the_profiles_state_the_known_differences() -> None:
    """What the committed versions' documents say (openapi/api-diff-*.md): 2026-09 alone differs."""
    assert [v for v in ("2026-03", "2026-09", "v3") if profile(v).supports_actor_ids] == ["2026-03", "v3"]
    assert [v for v in API_VERSIONS if profile(v).required_arguments("update_staging_token")][:1] == [
        "2026-09"
    ]
    assert profile("2026-09").required_arguments("update_staging_token") == (
        "account_name",
        "delivery_identifier",
    )
    for version in ("2026-03", "v3"):
        assert profile(version).required_arguments("update_staging_token") == ()
        assert (
            profile(version).required_arguments("update_channel") == ()
        )  # the override of openapi/registry.json


def publish(c: Any, senders: list[Participant], recipients: list[Participant]) -> Any:
    return c.messages.publish(
        1200,
        channel_account_id=555001,
        text="hi",
        senders=senders,
        recipients=recipients,
        timestamp=dt.datetime(2026, 4, 1, 10, 15, 30, tzinfo=dt.UTC),
        idempotency_id="publish-0001",
    )


# --- senderActorId ------------------------------------------------------------------------------------------


@pytest.mark.parametrize("mode", MODES)
@pytest.mark.parametrize("version", WITH_ACTOR_ID)
async def test_publish_sends_sender_actor_id(mode: str, version: str) -> None:
    api = Api(mode, ok(message_json()), api_version=version)

    message = await api.call(
        lambda c: publish(
            c,
            senders=[Participant(PHONE, name="Support line", actor_id="A-17")],
            recipients=[Participant(VISITOR, actor_id="V-991")],
        )
    )

    (request,) = api.requests
    assert (request.method, request.url.path) == ("POST", url_path("/1200/messages", version))
    assert request.headers["authorization"] == f"Bearer {TOKEN}"
    body = body_of(request)
    assert body["senders"] == [
        {"deliveryIdentifier": PHONE_JSON, "name": "Support line", "senderActorId": "A-17"}
    ]
    assert body["recipients"] == [
        {"deliveryIdentifier": {"type": "HS_PHONE_NUMBER", "value": "+15550002"}, "senderActorId": "V-991"}
    ]
    assert isinstance(message, Message) and message.senders[0].actor_id == "A-17"


@pytest.mark.parametrize("version", WITHOUT_ACTOR_ID)
@pytest.mark.parametrize("mode", MODES)
@pytest.mark.parametrize(
    ("senders", "recipients"),
    [
        ([Participant(PHONE, name="Support line", actor_id="A-17")], [Participant(VISITOR)]),
        ([Participant(PHONE)], [Participant(VISITOR, actor_id="V-991")]),
    ],
    ids=["sender", "recipient"],
)
async def test_no_actor_ids_refuses_actor_id_before_sending(
    version: str, mode: str, senders: list[Participant], recipients: list[Participant]
) -> None:
    api = Api(mode, api_version=version)  # no replies: any request fails the test

    with pytest.raises(UnsupportedOperationError) as caught:
        await api.call(lambda c: publish(c, senders=senders, recipients=recipients))

    assert api.requests == []
    assert version in str(caught.value) and "actor_id" in str(caught.value)


@pytest.mark.parametrize("version", WITHOUT_ACTOR_ID)
@pytest.mark.parametrize("mode", MODES)
async def test_no_actor_ids_never_sends_sender_actor_id_even_empty(version: str, mode: str) -> None:
    """An empty actor_id is still an actor_id: refused (UnsupportedOperationError, nothing sent) or left out."""
    api = Api(mode, ok(message_json()), api_version=version)
    try:
        await api.call(lambda c: publish(c, senders=[Participant(PHONE, actor_id="")], recipients=[]))
    except UnsupportedOperationError:
        assert api.requests == []
        return
    (request,) = api.requests
    assert "senderActorId" not in request.content.decode()


@pytest.mark.parametrize("version", WITHOUT_ACTOR_ID)
@pytest.mark.parametrize("mode", MODES)
async def test_no_actor_ids_publishes_without_actor_id(version: str, mode: str) -> None:
    api = Api(mode, ok(message_json()), api_version=version)
    await api.call(lambda c: publish(c, senders=[Participant(PHONE, name="Support line")], recipients=[]))
    (request,) = api.requests
    assert request.url.path == url_path("/1200/messages", version)
    assert body_of(request)["senders"] == [{"deliveryIdentifier": PHONE_JSON, "name": "Support line"}]
    assert "senderActorId" not in request.content.decode()


@pytest.mark.parametrize("version", WITHOUT_ACTOR_ID)
async def test_no_actor_ids_still_reads_actor_ids_in_responses(version: str) -> None:
    """Only the request participant lost senderActorId; a message read back keeps its participants' actorId."""
    api = Api("sync", ok(message_json()), api_version=version)
    message = await api.call(lambda c: c.messages.get(1200, "msg-3f2a9c"))
    assert (message.senders[0].actor_id, message.recipients[0].actor_id) == ("A-17", "V-991")


# --- staging-token fields -----------------------------------------------------------------------------------

SINGLE_FIELDS = [
    ({"account_name": "Support line"}, {"accountName": "Support line"}, "delivery_identifier"),
    ({"delivery_identifier": PHONE}, {"deliveryIdentifier": PHONE_JSON}, "account_name"),
]
SINGLE_IDS = ["account_name-only", "delivery_identifier-only"]


@pytest.mark.parametrize("mode", MODES)
@pytest.mark.parametrize("version", ONE_STAGING_FIELD)
@pytest.mark.parametrize(("kwargs", "body", "missing"), SINGLE_FIELDS, ids=SINGLE_IDS)
async def test_one_staging_token_field_is_enough(
    mode: str, version: str, kwargs: dict[str, Any], body: dict[str, Any], missing: str
) -> None:
    api = Api(mode, ok(staging_token_json()), api_version=version)

    token = await api.call(lambda c: c.staging_tokens.update(1200, "stg-7d1e", **kwargs))

    (request,) = api.requests
    assert request.method == "PATCH"
    assert request.url.path == url_path("/1200/channel-account-staging-tokens/stg-7d1e", version)
    assert body_of(request) == body
    assert isinstance(token, StagingToken) and token.account_token == "stg-7d1e"


@pytest.mark.parametrize("version", BOTH_STAGING_FIELDS)
@pytest.mark.parametrize("mode", MODES)
@pytest.mark.parametrize(("kwargs", "body", "missing"), SINGLE_FIELDS, ids=SINGLE_IDS)
async def test_both_staging_fields_required_where_the_document_says(
    version: str, mode: str, kwargs: dict[str, Any], body: dict[str, Any], missing: str
) -> None:
    api = Api(mode, api_version=version)  # no replies: any request fails the test

    with pytest.raises(RequestValidationError) as caught:
        await api.call(lambda c: c.staging_tokens.update(1200, "stg-7d1e", **kwargs))

    assert api.requests == []
    assert version in str(caught.value) and missing in str(caught.value)


@pytest.mark.parametrize("mode", MODES)
@pytest.mark.parametrize("version", TEST_VERSIONS)
async def test_both_staging_token_fields_work_everywhere(mode: str, version: str) -> None:
    api = Api(mode, ok(staging_token_json()), api_version=version)
    await api.call(
        lambda c: c.staging_tokens.update(
            1200, "stg-7d1e", account_name="Support line", delivery_identifier=PHONE
        )
    )
    (request,) = api.requests
    assert request.url.path == url_path("/1200/channel-account-staging-tokens/stg-7d1e", version)
    assert body_of(request) == {"accountName": "Support line", "deliveryIdentifier": PHONE_JSON}
