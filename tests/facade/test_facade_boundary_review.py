"""Review 12 findings on the version boundary (F4, F6, F8), adapted from the reviewer's tests: query values are
checked against each version's document, a removed version is visible, and wire names live only in
generated code."""

from __future__ import annotations

import dataclasses
import importlib
from collections.abc import Iterator

import httpx
import pytest

import hubspot_channels
from hubspot_channels import CustomChannelsClient, RequestValidationError
from hubspot_channels import _registry as registry
from hubspot_channels._adapter import Adapter
from hubspot_channels._adapter_profiles import profile
from hubspot_channels._calls import Calls
from tests.facade.test_facade_public_api import versions_no_longer_served, wire_names_in_hand_written_modules
from tests.support.paths import REPO

NARROW = (("delivery_identifier_type", ("HS_EMAIL_ADDRESS",)),)


@pytest.fixture
def narrowed_2026_03(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """2026-03 as if its document listed only HS_EMAIL_ADDRESS for the deliveryIdentifierType filter (what a
    bump of such a document records in the registry)."""
    facts = registry.VERSIONS["2026-03"]
    endpoint = dataclasses.replace(facts.endpoints["list_channel_accounts"], query_choices=NARROW)
    endpoints = {**facts.endpoints, "list_channel_accounts": endpoint}
    monkeypatch.setitem(registry.VERSIONS, "2026-03", dataclasses.replace(facts, endpoints=endpoints))
    profile.cache_clear()
    yield
    profile.cache_clear()


def test_f4_a_query_enum_value_the_version_does_not_have_is_refused(narrowed_2026_03: None) -> None:
    """Adapted: the reviewer narrowed the generated enum class; the facts now live in the registry (read from
    the document at generation), so the registry is what is narrowed here. The error names the valid values."""
    calls = Calls(Adapter("2026-03"))
    with pytest.raises(
        RequestValidationError, match=r"delivery_identifier_types must be one of HS_EMAIL_ADDRESS"
    ):
        calls.list_channel_accounts(
            1,
            after=None,
            limit=None,
            archived=None,
            delivery_identifier_types=["HS_PHONE_NUMBER"],
            delivery_identifier_values=None,
        )
    call = calls.list_channel_accounts(
        1, after=None, limit=None, archived=None, delivery_identifier_types=["HS_EMAIL_ADDRESS"],
        delivery_identifier_values=None,
    )  # fmt: skip
    assert call.request.params == {"deliveryIdentifierType": ["HS_EMAIL_ADDRESS"]}


def test_f4_nothing_is_sent_for_a_refused_query_value(narrowed_2026_03: None) -> None:
    sent: list[httpx.Request] = []
    transport = httpx.MockTransport(lambda request: sent.append(request) or httpx.Response(200, json={}))
    client = CustomChannelsClient(access_token="pat-na1-test", http_client=httpx.Client(transport=transport))
    with pytest.raises(RequestValidationError):
        client.channel_accounts.list(1, delivery_identifier_types=["HS_PHONE_NUMBER"])
    assert sent == []


@pytest.mark.parametrize("version", registry.API_VERSIONS)
def test_f4_the_registry_records_the_documents_query_enum(version: str) -> None:
    """The recorded values are the generated enum's: both come from the same normalized document."""
    models = importlib.import_module(f"{registry.PACKAGES[version]}.models")
    generated = [member.value for member in models.ListChannelAccountsDeliveryIdentifierTypeItem]
    choices = dict(registry.VERSIONS[version].endpoints["list_channel_accounts"].query_choices)
    assert sorted(choices["delivery_identifier_type"]) == sorted(generated)


def test_f6_the_guard_notices_a_removed_version(monkeypatch: pytest.MonkeyPatch) -> None:
    """Adapted: the snapshot still renders the versions by reference (a bump must not change it); what sees
    a removal is the released-versions guard of tests/facade/test_facade_public_api.py."""
    remaining = tuple(v for v in hubspot_channels.API_VERSIONS if v != "v3")
    assert versions_no_longer_served(hubspot_channels.API_VERSIONS) == []
    assert versions_no_longer_served(remaining) == ["v3"]


def test_f8_no_request_wire_names_in_hand_written_request_modules() -> None:
    package = REPO / "facade" / "hubspot_channels"
    wire = (
        "senderActorId",
        "integrationIdempotencyId",
        "channelDescription",
        "statusType",
        "deliveryIdentifier",
    )
    found = {
        name: [w for w in wire if w in (package / name).read_text()] for name in ("_calls.py", "_validate.py")
    }
    assert found == {"_calls.py": [], "_validate.py": []}
    assert wire_names_in_hand_written_modules() == {}


def test_f8_errors_name_the_callers_arguments() -> None:
    """Validation runs on facade values: a bad participant field is named as the caller wrote it."""
    from hubspot_channels import DeliveryIdentifier, DeliveryIdentifierType, Participant

    phone = DeliveryIdentifier(DeliveryIdentifierType.HS_PHONE_NUMBER, "+15550001")
    calls = Calls(Adapter("2026-03"))
    with pytest.raises(RequestValidationError, match=r"senders\[0\]\.actor_id is not valid Unicode"):
        calls.publish_message(
            1, channel_account_id=2, text="hi", senders=[Participant(phone, actor_id="\ud800")], recipients=[],
            direction="OUTGOING", timestamp=None, rich_text=None, in_reply_to_id=None,
            integration_thread_id=None, attachments=[], idempotency_id=None, idempotent=False,
        )  # fmt: skip
