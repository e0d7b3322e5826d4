"""One function per operation: a validated request in, the HubSpot-shaped answer out."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlencode

from .. import _registry as registry
from ._http import Incoming, Outgoing, json_response
from ._spec import Operation
from ._spec import operation as operation_of
from ._state import Page, Store

PREFIX = "/conversations/custom-channels/2026-03"  # the default version's; each version has its own paths


@dataclass(frozen=True, slots=True)
class Call:
    """A request that passed auth and validation."""

    incoming: Incoming
    params: Mapping[str, str]
    body: Any
    operation: Operation | None = None  # which version's operation (None: the default version's)

    def int_param(self, name: str) -> int:
        return int(self.params[name])  # validated digits (int32/int64) by the document

    def query(self, name: str) -> str | None:
        return self.incoming.first(name)

    def query_list(self, name: str) -> list[str]:
        # Accepts repeated keys (explode=true, what the document declares) and comma lists.
        return [part for k, v in self.incoming.query if k == name for part in v.split(",") if part]

    def limit(self) -> int | None:
        value = self.query("limit") or self.query("defaultPageLength")
        return None if value is None else int(value)

    def flag(self, name: str) -> bool:
        return (self.query(name) or "false").lower() == "true"


Handler = Callable[[Store, Call], Outgoing]


def _paged(call: Call, page: Page) -> Outgoing:
    payload: dict[str, Any] = {"results": page.results, "total": page.total}
    if page.next_after is not None:
        # The link repeats the request minus the secret hapikey, with the next cursor.
        query = [(k, v) for k, v in call.incoming.query if k not in {"after", "hapikey"}]
        query.append(("after", page.next_after))
        link = f"{call.incoming.base_url}{call.incoming.path}?{urlencode(query)}"
        payload["paging"] = {"next": {"after": page.next_after, "link": link}}
    return json_response(200, payload)


def _created(call: Call, payload: dict[str, Any], reader: str, **ids: str) -> Outgoing:
    """A 201 with the Location of the new resource: the path of its `reader` operation in the same
    version (v3 reads a channel at /conversations/v3/custom-channels/{id}), where the document declares one."""
    op = call.operation or operation_of(registry.DEFAULT_API_VERSION, "create_channel")
    if not op.location_header:
        return json_response(201, payload)
    path = operation_of(op.version, reader).path.format(**ids)
    return json_response(201, payload, [("Location", f"{call.incoming.base_url}{path}")])


def list_channels(store: Store, call: Call) -> Outgoing:
    return _paged(call, store.list_channels(call.query("after"), call.limit(), call.query_list("sort")))


def create_channel(store: Store, call: Call) -> Outgoing:
    channel = store.create_channel(call.body)
    return _created(call, channel, "get_channel", channelId=channel["id"])


def get_channel(store: Store, call: Call) -> Outgoing:
    return json_response(200, dict(store.channel(call.int_param("channelId"))))


def update_channel(store: Store, call: Call) -> Outgoing:
    return json_response(200, store.update_channel(call.int_param("channelId"), call.body))


def archive_channel(store: Store, call: Call) -> Outgoing:
    store.archive_channel(call.int_param("channelId"))
    return Outgoing(204)


def update_staging_token(store: Store, call: Call) -> Outgoing:
    token = store.update_staging_token(call.int_param("channelId"), call.params["accountToken"], call.body)
    return json_response(200, token)


def list_channel_accounts(store: Store, call: Call) -> Outgoing:
    page = store.list_accounts(
        call.int_param("channelId"),
        call.query("after"),
        call.limit(),
        call.query_list("sort"),
        archived=call.flag("archived"),
        types=call.query_list("deliveryIdentifierType"),
        values=call.query_list("deliveryIdentifierValue"),
    )
    return _paged(call, page)


def create_channel_account(store: Store, call: Call) -> Outgoing:
    channel_id = call.int_param("channelId")
    account = store.create_account(channel_id, call.body)
    return _created(
        call, account, "get_channel_account", channelId=str(channel_id), channelAccountId=account["id"]
    )


def get_channel_account(store: Store, call: Call) -> Outgoing:
    account = store.account(
        call.int_param("channelId"), call.int_param("channelAccountId"), archived=call.flag("archived")
    )
    return json_response(200, dict(account))


def update_channel_account(store: Store, call: Call) -> Outgoing:
    account = store.update_account(call.int_param("channelId"), call.int_param("channelAccountId"), call.body)
    return json_response(200, account)


def publish_message(store: Store, call: Call) -> Outgoing:
    channel_id = call.int_param("channelId")
    # A replay with a known integrationIdempotencyId answers like the first call did.
    message, _ = store.publish(channel_id, call.body)
    return _created(call, message, "get_message", channelId=str(channel_id), messageId=message["id"])


def get_message(store: Store, call: Call) -> Outgoing:
    return json_response(200, dict(store.message(call.int_param("channelId"), call.params["messageId"])))


def update_message_status(store: Store, call: Call) -> Outgoing:
    message = store.update_status(call.int_param("channelId"), call.params["messageId"], call.body)
    return json_response(200, message)


HANDLERS: Mapping[str, Handler] = {
    f.__name__: f
    for f in (
        list_channels,
        create_channel,
        get_channel,
        update_channel,
        archive_channel,
        update_staging_token,
        list_channel_accounts,
        create_channel_account,
        get_channel_account,
        update_channel_account,
        publish_message,
        get_message,
        update_message_status,
    )
}

# The registry's: operations authenticating with the developer API key (hapikey + appId query parameters).
DEVELOPER_KEY_OPERATIONS = registry.DEVELOPER_KEY_OPERATIONS
if set(HANDLERS) != set(registry.OPERATIONS):  # a registered operation without a handler is a fake's bug
    raise ImportError(
        f"fake handlers differ from the registry: {sorted(set(HANDLERS) ^ set(registry.OPERATIONS))}"
    )
